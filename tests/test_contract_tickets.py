"""One ticket file for several contracts: sharing rows out, accounting for each, chunking."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import InvalidValueError, evaluate_slas
from outsourcing.samples import SAMPLE_AS_OF, sample_portfolio, sample_text, sample_tickets
from outsourcing.sla.portfolio import end_of_day
from outsourcing.sla.records.contract_tickets import ContractTickets
from record_helpers import contracts_named

ROOT = Path(__file__).parents[1]
IDS = ("alpha", "beta")
CONTRACTS = contracts_named(*IDS)


def _csv(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _shared_out(rows: list[dict[str, str]]) -> ContractTickets:
    """Number the tickets, write the rows as CSV and share them out."""
    for i, row in enumerate(rows):
        row["ticket"] = f"T{i}"
    return ContractTickets.from_csv(
        _csv(rows, ("contract", "ticket", "opened", "priority")), CONTRACTS
    )


row_strategy = st.fixed_dictionaries(
    {
        "contract": st.sampled_from([*IDS, "gamma", ""]),
        "opened": st.sampled_from(
            ["2025-03-03T10:00:00+01:00", "2025-03-03T10:00:00", "not a date", ""]
        ),
        "priority": st.sampled_from(["P1", "P2", ""]),
    }
)


@given(st.lists(row_strategy, max_size=40))
def test_every_row_is_in_exactly_one_place(rows: list[dict[str, str]]) -> None:
    """Each input row is in one contract's log, among its invalid rows, or unassigned: once."""
    tickets = _shared_out(rows)
    seen: list[int] = [bad.row for bad in tickets.unassigned]
    for contract, log in tickets.logs.items():
        assert contract in IDS
        owned = [int(r) for r in log.row] + [bad.row for bad in log.invalid]
        assert all(rows[r]["contract"] == contract for r in owned)
        assert log.rows_in == len(owned)
        seen += owned
    assert sorted(seen) == list(range(len(rows)))
    assert tickets.rows_in == len(rows)
    assert {bad.row for bad in tickets.unassigned} == {
        i for i, row in enumerate(rows) if row["contract"] not in IDS
    }


@given(st.lists(row_strategy, max_size=30))
def test_a_contracts_log_is_the_log_of_its_rows_alone(rows: list[dict[str, str]]) -> None:
    """Sharing out agrees with building each contract's log from its own rows (reference)."""
    tickets = _shared_out(rows)
    for contract in IDS:
        mine = [r for r in rows if r["contract"] == contract]
        if not mine:
            assert tickets.log(contract) is None
            continue
        reference = ContractTickets.from_csv(
            _csv(mine, ("ticket", "opened", "priority")), CONTRACTS, contract=contract
        ).logs[contract]
        log = tickets.logs[contract]
        assert list(log.ticket) == list(reference.ticket)
        assert list(log.opened) == list(reference.opened)
        assert [b.reason for b in log.invalid] == [b.reason for b in reference.invalid]


def test_without_a_contract_column_the_caller_names_the_contract() -> None:
    """A file without a contract column needs one contract; an unknown one is refused."""
    text = "ticket,opened,priority\nT1,2025-03-03T10:00:00Z,P1\n"
    with pytest.raises(InvalidValueError, match="contract"):
        ContractTickets.from_csv(text, CONTRACTS)
    with pytest.raises(InvalidValueError, match="not in the portfolio"):
        ContractTickets.from_csv(text, CONTRACTS, contract="gamma")
    tickets = ContractTickets.from_csv(text, CONTRACTS, contract="beta")
    assert list(tickets.logs) == ["beta"]
    assert len(tickets.logs["beta"]) == 1


def test_a_file_without_required_columns_is_refused() -> None:
    """A header without ``opened`` is an error naming the column, not a silent empty log."""
    with pytest.raises(InvalidValueError, match="'opened'"):
        ContractTickets.from_csv("contract,ticket,priority\nalpha,T1,P1\n", CONTRACTS)
    with pytest.raises(InvalidValueError, match="no header"):
        ContractTickets.from_csv("", CONTRACTS)


@pytest.mark.parametrize("size", [1, 7, 500, 100_000])
def test_chunks_evaluate_to_the_same_report(size: int) -> None:
    """Evaluating a contract's tickets chunk by chunk gives the report of the whole log."""
    portfolio = sample_portfolio()
    tickets = sample_tickets()
    contract = portfolio.contract("tana-care")
    as_of = end_of_day(SAMPLE_AS_OF, contract.zone)
    chunks = list(tickets.chunks(contract.id, size))
    assert sum(chunk.rows_in for chunk in chunks) == tickets.logs[contract.id].rows_in
    whole = evaluate_slas(contract, tickets.logs[contract.id], as_of=as_of)
    parts = evaluate_slas(contract, chunks, as_of=as_of)
    assert parts.results == whole.results
    assert parts.monthly_credits == whole.monthly_credits
    assert parts.accounts == whole.accounts


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("make_tickets", ROOT / "examples/make_tickets.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sample_tickets_are_what_the_generator_writes() -> None:
    """``examples/tickets.csv`` and the packaged copy are the generator's deterministic output."""
    text = _generator().tickets()
    assert text == (ROOT / "examples" / "tickets.csv").read_text(encoding="utf-8")
    assert text == sample_text("tickets.csv")


def test_sample_tickets_have_their_bad_rows_accounted_for() -> None:
    """The sample's seven bad rows are invalid or unassigned, each with a reason."""
    tickets = sample_tickets()
    invalid = [bad for log in tickets.logs.values() for bad in log.invalid]
    assert len(invalid) + len(tickets.unassigned) == 7
    assert all(bad.reason for bad in (*invalid, *tickets.unassigned))
    rows = sample_text("tickets.csv").count("\n") - 1
    assert tickets.rows_in == rows
    evaluated = sum(len(log) for log in tickets.logs.values())
    assert evaluated + len(invalid) + len(tickets.unassigned) == rows


def test_as_of_a_date_is_the_end_of_that_day_locally() -> None:
    """Figures as of a date include the whole day in the contract's time zone."""
    instant = end_of_day(dt.date(2025, 3, 29), "Europe/Paris")  # clocks go forward next day
    assert instant.isoformat() == "2025-03-30T00:00:00+01:00"
    assert end_of_day(dt.date(2025, 3, 30), "Europe/Paris").isoformat() == (
        "2025-03-31T00:00:00+02:00"
    )
    assert np.int64(instant.timestamp()) % 3600 == 0
