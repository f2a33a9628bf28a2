"""One downtime record for several contracts: sharing rows out and accounting for each."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import InvalidValueError, evaluate_slas
from outsourcing.samples import SAMPLE_AS_OF, sample_downtime, sample_portfolio, sample_text
from outsourcing.sla.downtime_accounts import downtime_accounts
from outsourcing.sla.portfolio import end_of_day
from outsourcing.sla.records.contract_downtime import ContractDowntime, empty_downtime
from record_helpers import contracts_named

ROOT = Path(__file__).parents[1]
IDS = ("alpha", "beta")
CONTRACTS = contracts_named(*IDS)
HOUR = 3600


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "make_downtime", ROOT / "examples/make_downtime.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sample_downtime_is_what_the_generator_writes() -> None:
    """``examples/downtime.csv`` and the packaged copy are the generator's deterministic output."""
    text = _generator().downtime()
    assert text == (ROOT / "examples" / "downtime.csv").read_text(encoding="utf-8")
    assert text == sample_text("downtime.csv")


def test_sample_downtime_rows_are_all_accounted_for() -> None:
    """Each sample row is in the IT contract's log, among its invalid rows, or unassigned."""
    downtime = sample_downtime()
    rows = sample_text("downtime.csv").count("\n") - 1
    assert downtime.rows_in == rows
    (log,) = downtime.logs.values()
    assert log.rows_in + len(downtime.unassigned) == rows
    assert len(log.start) + len(log.invalid) == log.rows_in
    assert [bad.reason for bad in log.invalid] == [
        "start: naive timestamp (no UTC offset)",
        "downtime ends before it starts",
        "unknown exclusion reason",
    ]
    assert [bad.value for bad in downtime.unassigned] == ["acme-legal", ""]


def test_sample_availability_breaches_january_and_march_2025() -> None:
    """Five hours down in January and nine in March breach 99.5 % (5 % and 10 % tiers)."""
    contract = sample_portfolio().contract("rhone-it")
    as_of = end_of_day(SAMPLE_AS_OF, contract.zone)
    down = sample_downtime().for_contract(contract)
    report = evaluate_slas(contract, [], as_of=as_of, downtime=down)
    breached = {r.period.label: r for r in report.for_sla("availability") if r.breached}
    assert sorted(breached) == ["2025-01", "2025-03"]
    january, march = breached["2025-01"], breached["2025-03"]
    scheduled = (31 * 24 - 4) * HOUR  # the monthly four-hour maintenance window is left out
    assert (january.total, january.total - january.good) == (scheduled, 5 * HOUR)
    # The contract's months are cut at midnight in Europe/Paris (the client's zone): March 2025
    # loses the hour of the change to summer time on the 30th.
    assert (march.total, march.total - march.good) == (scheduled - HOUR, 9 * HOUR)
    assert (january.credit.value, march.credit.value) == (Decimal(5), Decimal(10))
    november = report.result("availability", "2024-11")  # the power cut is force majeure
    assert november.good == november.total == (30 * 24 - 4 - 6) * HOUR


def test_contract_without_rows_was_never_down_if_it_has_an_availability_sla() -> None:
    """A record with no row for a contract says its availability was 100 %."""
    portfolio = sample_portfolio()
    downtime = ContractDowntime.from_csv("contract,start,end\n", portfolio.contracts)
    it = downtime.for_contract(portfolio.contract("rhone-it"))
    assert it is not None
    assert it.rows_in == 0
    assert len(it.start) == 0
    assert downtime.for_contract(portfolio.contract("tana-care")) is None


def _csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    columns = ("contract", "start", "end", "exclusion")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


_ROW = st.fixed_dictionaries(
    {
        "contract": st.sampled_from(["alpha", "beta", "gamma", ""]),
        "start": st.sampled_from(
            ["2024-01-05T10:00:00Z", "2024-01-05T10:00:00", "2023-12-01T00:00:00Z", "soon"]
        ),
        "end": st.sampled_from(["2024-01-05T12:00:00Z", "", "2024-01-05T09:00:00Z"]),
        "exclusion": st.sampled_from(["", "planned_maintenance", "force_majeure", "holiday"]),
    }
)


@given(st.lists(_ROW, max_size=25))
def test_every_row_lands_exactly_once(rows: list[dict[str, str]]) -> None:
    """Rows partition into contract logs (kept or invalid) and unassigned rows, numbered as read."""
    shared = ContractDowntime.from_csv(_csv(rows), CONTRACTS)
    assert shared.rows_in == len(rows)
    assert sum(log.rows_in for log in shared.logs.values()) + len(shared.unassigned) == len(rows)
    for contract, log in shared.logs.items():
        assert len(log.start) + len(log.invalid) == log.rows_in
        assert log.rows_in == sum(1 for row in rows if row["contract"] == contract)
        assert all(rows[bad.row]["contract"] == contract for bad in log.invalid)
    assert all(rows[bad.row]["contract"] not in IDS for bad in shared.unassigned)


_IT_ROW = st.fixed_dictionaries(
    {
        "start": st.sampled_from(
            ["2024-08-05T10:00:00Z", "2024-06-01T00:00:00Z", "2024-08-05T10:00:00", "soon"]
        ),
        "end": st.sampled_from(
            ["2024-08-05T12:00:00Z", "", "2024-06-02T00:00:00Z", "2024-08-04T00:00:00Z"]
        ),
        "exclusion": st.sampled_from(["", "planned_maintenance", "customer_caused", "holiday"]),
    }
)


def _reference_account(
    rows: list[dict[str, str]], as_of: dt.datetime
) -> tuple[int, dict[str, int], int]:
    """Evaluated, excluded by reason and invalid rows, row by row with the standard library."""
    term_start = dt.datetime(2024, 7, 1, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    accepted = {"planned_maintenance", "force_majeure"}  # the IT contract's availability SLA
    evaluated, invalid, excluded = 0, 0, dict[str, int]()
    for row in rows:
        try:
            start = dt.datetime.fromisoformat(row["start"])
        except ValueError:
            invalid += 1
            continue
        end = dt.datetime.fromisoformat(row["end"]) if row["end"] else as_of
        if start.tzinfo is None or end < start or row["exclusion"] == "holiday":
            invalid += 1
            continue
        if not (start < as_of and min(end, as_of) > term_start):
            reason = "outside the reporting periods"
        elif row["exclusion"] in accepted:
            reason = row["exclusion"]
        else:
            evaluated += 1
            continue
        excluded[reason] = excluded.get(reason, 0) + 1
    return evaluated, excluded, invalid


@given(st.lists(_IT_ROW, max_size=20))
def test_downtime_accounts_agree_with_a_row_by_row_reference(rows: list[dict[str, str]]) -> None:
    """Each downtime row is evaluated, excluded or invalid as a row-by-row reference says."""
    contract = sample_portfolio().contract("rhone-it")
    log = ContractDowntime.from_records(rows, [contract], contract=contract.id).for_contract(
        contract
    )
    assert log is not None
    as_of = dt.datetime(2025, 2, 1, tzinfo=dt.UTC)
    (account,) = downtime_accounts(contract, log, as_of=as_of)
    assert account.balanced
    assert (account.evaluated, dict(account.excluded), account.invalid) == _reference_account(
        rows, as_of
    )


def test_downtime_accounts_by_reason() -> None:
    """Accepted reasons are excluded by reason, others count, rows before the term are outside."""
    contract = sample_portfolio().contract("rhone-it")  # accepts maintenance and force majeure
    records = [
        {"start": "2025-01-05T01:00:00+01:00", "end": "2025-01-05T05:00:00+01:00",
         "exclusion": "planned_maintenance"},
        {"start": "2025-01-21T09:00:00+01:00", "end": "2025-01-21T10:00:00+01:00",
         "exclusion": "customer_caused"},
        {"start": "2025-01-22T09:00:00+01:00", "end": "2025-01-22T10:00:00+01:00"},
        {"start": "2024-01-22T09:00:00+01:00", "end": "2024-01-22T10:00:00+01:00"},
        {"start": "2025-01-23T09:00:00", "end": "2025-01-23T10:00:00+01:00"},
    ]  # fmt: skip
    log = ContractDowntime.from_records(records, [contract], contract=contract.id).logs[contract.id]
    as_of = dt.datetime(2025, 2, 1, tzinfo=dt.UTC)
    (account,) = downtime_accounts(contract, log, as_of=as_of)
    assert account.evaluated == 2  # customer-caused is not an exclusion this SLA accepts
    assert account.excluded == (
        ("outside the reporting periods", 1),
        ("planned_maintenance", 1),
    )
    assert account.invalid == 1
    assert account.balanced
    january = evaluate_slas(contract, [], as_of=as_of, downtime=log).result(
        "availability", "2025-01"
    )
    assert january.total - january.good == 2 * HOUR
    assert january.measured == Decimal(january.good) * 100 / january.total


def test_empty_downtime_counts_nothing() -> None:
    """The empty record has no row and leaves every period fully available."""
    contract = sample_portfolio().contract("rhone-it")
    as_of = dt.datetime(2025, 2, 1, tzinfo=dt.UTC)
    report = evaluate_slas(contract, [], as_of=as_of, downtime=empty_downtime())
    january = report.result("availability", "2025-01")
    assert january.good == january.total == 31 * 24 * HOUR


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "has no header row"),
        ("contract,end\nalpha,2024-01-05T10:00:00Z\n", "missing column 'start'"),
        ("start,end\n2024-01-05T10:00:00Z,\n", "has no 'contract' column"),
    ],
)
def test_records_that_cannot_be_shared_out_are_refused(text: str, expected: str) -> None:
    """No header, no start column, or no contract column with several contracts: one error."""
    with pytest.raises(InvalidValueError, match=expected):
        ContractDowntime.from_csv(text, CONTRACTS)


def test_without_a_contract_column_every_row_goes_to_the_named_contract() -> None:
    """A record of one contract needs no contract column when the caller names the contract."""
    shared = ContractDowntime.from_csv(
        "start,end\n2024-01-05T10:00:00Z,2024-01-05T11:00:00Z\n", CONTRACTS, contract="beta"
    )
    assert list(shared.logs) == ["beta"]
    assert shared.logs["beta"].rows_in == 1
    with pytest.raises(InvalidValueError, match="is not in the portfolio"):
        ContractDowntime.from_csv("start\n", CONTRACTS, contract="gamma")


def test_last_instant_is_the_latest_start_or_end() -> None:
    """The record's last instant is its latest valid start or end, in UTC."""
    last = sample_downtime().last_instant()
    assert last == dt.datetime(2025, 9, 10, 13, 10, tzinfo=dt.UTC)  # 15:10 in Paris
