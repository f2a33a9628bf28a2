"""A delivery record for several contracts: sharing rows out, accounting for each, penalties."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import InvalidReason, Money, evaluate_slas
from outsourcing.exceptions import InvalidValueError
from outsourcing.samples import SAMPLE_AS_OF, sample_deliveries, sample_portfolio, sample_text
from outsourcing.sla.late_delivery import DeliveryRecord
from outsourcing.sla.portfolio import end_of_day
from outsourcing.sla.records.contract_deliveries import ContractDeliveries

ROOT = Path(__file__).parents[1]
CONTRACTS = sample_portfolio().contracts
IT = next(c for c in CONTRACTS if c.id == "rhone-it")
ITEMS = (
    "Migration vers Microsoft 365",
    "Pilote de 20 utilisateurs",
    "Tous les utilisateurs migrés",
)


def test_sample_deliveries_are_the_example_file() -> None:
    """``examples/deliveries.csv`` and the packaged copy the demo uses are the same file."""
    example = (ROOT / "examples" / "deliveries.csv").read_text(encoding="utf-8")
    assert example == sample_text("deliveries.csv")


def test_sample_deliveries_give_the_it_contract_a_capped_penalty_and_a_right() -> None:
    """The sample's last milestone is capped at 5 % and, 100 days late, opens a right."""
    deliveries = sample_deliveries()
    assert deliveries.rows_in == deliveries.rows("rhone-it") == len(deliveries.for_contract(IT.id))
    as_of = end_of_day(SAMPLE_AS_OF, IT.zone)
    report = evaluate_slas(IT, [], as_of=as_of, deliveries=deliveries.for_contract(IT.id))
    late = {item.name: item for item in report.late_deliveries}
    assert set(late) == set(ITEMS)
    last = late["Tous les utilisateurs migrés"]
    assert (last.delay_days, last.excused_days, last.capped) == (105, 5, True)
    assert last.penalty == Money("450", "EUR")  # 5 % of 9 000
    assert report.delivery_termination_rights == (last,)
    assert late["Migration vers Microsoft 365"].penalty == Money("105", "EUR")  # 7 weeks × 0.5 %


def test_rows_are_read_with_their_dates_and_days() -> None:
    """A row gives the item's delivery date and force majeure days; empty cells mean none."""
    text = (
        "contract,name,delivered,force_majeure_days,comment\n"
        "rhone-it,Pilote de 20 utilisateurs,2025-02-12,3,late pilot\n"
        "rhone-it,Tous les utilisateurs migrés,,\n"
    )
    deliveries = ContractDeliveries.from_csv(text, CONTRACTS)
    assert deliveries.for_contract("rhone-it") == (
        DeliveryRecord("Pilote de 20 utilisateurs", "2025-02-12", 3),
        DeliveryRecord("Tous les utilisateurs migrés"),
    )
    assert deliveries.for_contract("atlas-finance") == ()


@pytest.mark.parametrize(
    ("row", "field", "code"),
    [
        ({"name": ""}, "name", InvalidReason.MISSING_VALUE),
        ({"name": "Go-live party"}, "name", InvalidReason.UNKNOWN_ITEM),
        ({"name": "Pilote de 20 utilisateurs", "delivered": "12/02/2025"}, "delivered",
         InvalidReason.UNPARSEABLE_DATE),
        ({"name": "Pilote de 20 utilisateurs", "force_majeure_days": "1.5"}, "force_majeure_days",
         InvalidReason.NOT_WHOLE_NUMBER),
        ({"name": "Pilote de 20 utilisateurs", "force_majeure_days": "-1"}, "force_majeure_days",
         InvalidReason.NEGATIVE_DAYS),
        ({"name": "Tous les utilisateurs migrés"}, "name", InvalidReason.DUPLICATE_ITEM),
    ],
)  # fmt: skip
def test_bad_rows_have_a_field_a_code_and_a_reason(
    row: dict[str, Any], field: str, code: InvalidReason
) -> None:
    """Each kind of bad row is kept aside with its row number, column, code and reason."""
    rows = [{"name": "Tous les utilisateurs migrés", "delivered": "2025-05-01"}, row]
    deliveries = ContractDeliveries.from_records(rows, CONTRACTS, contract="rhone-it")
    (bad,) = deliveries.invalid_rows("rhone-it")
    assert (bad.row, bad.field, bad.code) == (1, field, code)
    assert bad.reason
    if code is InvalidReason.UNKNOWN_ITEM:
        assert set(bad.known) == set(ITEMS)
    if code is InvalidReason.DUPLICATE_ITEM:
        assert bad.other_row == 0


def test_rows_of_unknown_contracts_are_unassigned() -> None:
    """A row naming no contract, or one the portfolio lacks, is unassigned with its code."""
    text = (
        "contract,name,delivered\n"
        "acme,Pilote de 20 utilisateurs,2025-02-12\n"
        ",Pilote de 20 utilisateurs,\n"
    )
    deliveries = ContractDeliveries.from_csv(text, CONTRACTS)
    codes = [bad.code for bad in deliveries.unassigned]
    assert codes == [InvalidReason.UNKNOWN_CONTRACT, InvalidReason.MISSING_CONTRACT]
    assert deliveries.records == {}


def test_records_without_contracts_need_one() -> None:
    """Rows without a contract column need the contract named; an unknown one is refused."""
    with pytest.raises(InvalidValueError, match="has no 'contract' column"):
        ContractDeliveries.from_records([{"name": "x"}], CONTRACTS)
    with pytest.raises(InvalidValueError, match="not in the portfolio"):
        ContractDeliveries.from_records([{"name": "x"}], CONTRACTS, contract="acme")
    with pytest.raises(InvalidValueError, match="missing column 'name'"):
        ContractDeliveries.from_csv("contract,delivered\n", CONTRACTS)


_CELLS = st.sampled_from(["", "rhone-it", "atlas-finance", "acme"])
_NAMES = st.sampled_from(["", *ITEMS, "Go-live party"])
_DATES = st.sampled_from(["", "2025-03-01", "2025-13-01", "soon"])
_DAYS = st.sampled_from(["", "0", "4", "-1", "x"])


@given(st.lists(st.tuples(_CELLS, _NAMES, _DATES, _DAYS), max_size=12))
def test_every_row_is_accounted_for_once(rows: list[tuple[str, str, str, str]]) -> None:
    """Usable, invalid and unassigned rows add up to the rows read, each row once."""
    records = [
        {"contract": c, "name": n, "delivered": d, "force_majeure_days": f} for c, n, d, f in rows
    ]
    deliveries = ContractDeliveries.from_records(records, CONTRACTS)
    usable = sum(len(found) for found in deliveries.records.values())
    invalid = [bad.row for bad in deliveries.unassigned] + [
        bad.row for found in deliveries.invalid.values() for bad in found
    ]
    assert usable + len(invalid) == deliveries.rows_in == len(rows)
    assert len(set(invalid)) == len(invalid)
    for found in deliveries.records.values():
        names = [record.name for record in found]
        assert len(set(names)) == len(names)  # an item is reported once per contract
