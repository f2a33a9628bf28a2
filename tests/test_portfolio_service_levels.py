"""One result for a portfolio's service levels, read by the report, the notebook and the CLI."""

import datetime as dt
import inspect

import pytest

from outsourcing import (
    ContractDeliveries,
    ContractDowntime,
    ContractTickets,
    ServiceRecords,
    UnknownResultError,
    evaluate_portfolio_slas,
)
from outsourcing.notebook import result_report
from outsourcing.presentation.report import build_report
from outsourcing.samples import (
    SAMPLE_AS_OF,
    sample_deliveries,
    sample_downtime,
    sample_portfolio,
    sample_tickets,
)

RECORDS = ServiceRecords(sample_tickets(), sample_downtime(), sample_deliveries())


def test_every_row_of_every_record_is_accounted_for() -> None:
    """Per record: rows read = rows of each contract + rows of no known contract."""
    levels = evaluate_portfolio_slas(sample_portfolio(), RECORDS, as_of=SAMPLE_AS_OF)
    contracts = sample_portfolio().contracts
    for kind, record in RECORDS.given():
        account = next(a for a in levels.records if a.kind == kind)
        assert account.rows_in == record.rows_in
        owned = sum(record.rows(c.id) for c in contracts)
        assert owned + len(account.unassigned) == account.rows_in


def test_the_sample_figures_of_the_result() -> None:
    """The sample, by hand: three contracts evaluated, 4,437 ticket rows, 37 downtime rows.

    Rows not used: tickets 2 of no known contract + 1 + 3 + 1 invalid (atlas-finance,
    tana-care, rhone-it) = 7; downtime 2 of no known contract + 3 invalid (rhone-it) = 5; the
    3 delivery rows are all used.
    """
    levels = evaluate_portfolio_slas(sample_portfolio(), RECORDS, as_of=SAMPLE_AS_OF)
    assert [c.contract_id for c in levels.contracts] == ["atlas-finance", "tana-care", "rhone-it"]
    assert [(a.kind, a.rows_in) for a in levels.records] == [
        ("tickets", 4437),
        ("downtime", 37),
        ("deliveries", 3),
    ]
    assert levels.rows_not_used() == (("tickets", 7, 4437), ("downtime", 5, 37))
    it = levels.contract("rhone-it")
    (availability,) = it.downtime_accounts
    assert (availability.evaluated, availability.invalid) == (16, 3)
    assert len(it.invalid_rows("downtime")) == 3


def test_unknown_contract_is_an_unknown_result() -> None:
    """Asking for a contract that was not evaluated names it and those that were."""
    levels = evaluate_portfolio_slas(sample_portfolio(), RECORDS, as_of=SAMPLE_AS_OF)
    with pytest.raises(UnknownResultError, match="acme"):
        levels.contract("acme")


def test_the_notebook_shows_the_report_section_itself() -> None:
    """The notebook view of the result is the report's service-levels section, block for block."""
    portfolio = sample_portfolio()
    levels = evaluate_portfolio_slas(portfolio, RECORDS, as_of=SAMPLE_AS_OF)
    in_report = build_report(
        portfolio, as_of=SAMPLE_AS_OF, service_levels=levels, sections=["service_levels"]
    ).section("service_levels")
    in_notebook = result_report(levels).section("service_levels")
    assert in_notebook == in_report
    assert "<table" in levels._repr_html_()


def test_the_report_evaluates_records_the_same_way() -> None:
    """Records given to the report are evaluated into the same section as a result given."""
    portfolio = sample_portfolio()
    levels = evaluate_portfolio_slas(portfolio, RECORDS, as_of=SAMPLE_AS_OF)
    from_levels = build_report(portfolio, as_of=SAMPLE_AS_OF, service_levels=levels)
    from_records = build_report(portfolio, as_of=SAMPLE_AS_OF, records=RECORDS)
    assert from_levels.section("service_levels") == from_records.section("service_levels")


@pytest.mark.parametrize("method", ["from_csv", "from_records"])
def test_the_three_readers_share_one_signature(method: str) -> None:
    """Tickets, downtime and deliveries are read with the same arguments."""
    readers = [ContractTickets, ContractDowntime, ContractDeliveries]
    if method == "from_records":
        readers.remove(ContractTickets)  # tickets from records go through TicketLog
    shapes = set()
    for reader in readers:
        parameters = list(inspect.signature(getattr(reader, method)).parameters.values())
        shapes.add(tuple((p.name, p.kind) for p in parameters[:3]))
    assert len(shapes) == 1
    (shape,) = shapes
    assert [name for name, _ in shape][1:] == ["contracts", "contract"]


def test_a_one_contract_portfolio_needs_no_contract_column() -> None:
    """With one contract, rows without a contract column are that contract's, in all readers."""
    portfolio = sample_portfolio()
    it = [portfolio.contract("rhone-it")]
    tickets = ContractTickets.from_csv("ticket,opened,priority\nT1,2025-03-03T09:10:00Z,P1\n", it)
    downtime = ContractDowntime.from_csv("start,end\n2025-03-03T09:00:00Z,\n", it)
    assert list(tickets.logs) == list(downtime.logs) == ["rhone-it"]
    levels = evaluate_portfolio_slas(
        portfolio, ServiceRecords(tickets, downtime), as_of=dt.date(2025, 3, 31)
    )
    assert levels.rows_not_used() == ()
