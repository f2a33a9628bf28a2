"""A portfolio's service levels: every contract's report from one set of input records.

`evaluate_portfolio_slas` takes the portfolio and its `ServiceRecords` — the ticket file, the
downtime record and the delivery record, each shared out by contract — and returns one
`PortfolioServiceLevels`: every contract's `ServiceReport`, where each downtime row went per
availability SLA, the invalid rows of each record per contract, the rows of each record that
belong to no known contract, and the rows given for a contract that has nothing to measure them
with. The command line, the report and the notebook read this result; none of them computes.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Collection, Iterator

import attrs

from outsourcing.exceptions import UnknownResultError
from outsourcing.model.contract import Contract
from outsourcing.model.metric import Measure, metric_definition
from outsourcing.model.portfolio import Portfolio
from outsourcing.sla.assessment import evaluate_slas
from outsourcing.sla.downtime_accounts import downtime_accounts
from outsourcing.sla.kpis import KPIReport, evaluate_kpis
from outsourcing.sla.late_delivery import DeliveryRecord, contract_deliveries
from outsourcing.sla.records.contract_deliveries import ContractDeliveries
from outsourcing.sla.records.contract_downtime import ContractDowntime
from outsourcing.sla.records.contract_records import ContractRecords
from outsourcing.sla.records.contract_tickets import ContractTickets
from outsourcing.sla.records.rows import InvalidRow
from outsourcing.sla.records.ticket_log import TicketLog
from outsourcing.sla.results import ServiceReport, SLAAccount
from outsourcing.sla.unknown_statuses import UnknownStatus

__all__ = [
    "CHUNK_ROWS",
    "ContractServiceLevels",
    "PortfolioServiceLevels",
    "RecordAccount",
    "ServiceRecords",
    "end_of_day",
    "evaluate_portfolio_slas",
]

#: Rows per chunk when a contract's tickets are evaluated chunk by chunk.
CHUNK_ROWS = 50_000


@attrs.frozen
class ServiceRecords:
    """The input records of a portfolio's service levels, each shared out by contract.

    Attributes:
        tickets: The ticket file (None: none given).
        downtime: The downtime record, for availability SLAs (None: none given).
        deliveries: The delivery record, for late-delivery penalties (None: none given).
    """

    tickets: ContractTickets | None = None
    downtime: ContractDowntime | None = None
    deliveries: ContractDeliveries | None = None

    def given(self) -> tuple[tuple[str, ContractRecords], ...]:
        """The records given, each with its kind (``tickets``, ``downtime``, ``deliveries``)."""
        records: tuple[tuple[str, ContractRecords | None], ...] = (
            ("tickets", self.tickets),
            ("downtime", self.downtime),
            ("deliveries", self.deliveries),
        )
        return tuple((kind, record) for kind, record in records if record is not None)

    def last_instant(self) -> dt.datetime | None:
        """The latest instant of the ticket file and the downtime record (None: no such data)."""
        instants = [r.last_instant() for r in (self.tickets, self.downtime) if r is not None]
        known = [instant for instant in instants if instant is not None]
        return max(known) if known else None


@attrs.frozen
class RecordAccount:
    """Where the rows of one input record went, as a whole.

    Attributes:
        kind: ``tickets``, ``downtime`` or ``deliveries``.
        rows_in: Rows read (header excluded).
        unassigned: Rows that belong to no known contract, with the reason.
    """

    kind: str
    rows_in: int
    unassigned: tuple[InvalidRow, ...]


@attrs.frozen
class ContractServiceLevels:
    """One contract's service levels, and what became of its rows in each record.

    Attributes:
        contract: The contract.
        report: Its service report (None: no record has data for it).
        downtime_accounts: Where its downtime rows went, per availability SLA.
        invalid: Its unusable rows per record kind (``downtime``, ``deliveries``; the ticket
            rows are in ``report.invalid_rows``).
        unused: Rows given for it that nothing measures, per record kind: downtime without an
            availability SLA, deliveries without a late-delivery clause.
        kpis: Its key performance indicators, measured on its tickets (None: the contract
            tracks no KPI, or the ticket file has no row for it).
    """

    contract: Contract
    report: ServiceReport | None
    downtime_accounts: tuple[SLAAccount, ...] = ()
    invalid: tuple[tuple[str, tuple[InvalidRow, ...]], ...] = ()
    unused: tuple[tuple[str, int], ...] = ()
    kpis: KPIReport | None = None

    @property
    def contract_id(self) -> str:
        """The contract's id."""
        return self.contract.id

    def invalid_rows(self, kind: str) -> tuple[InvalidRow, ...]:
        """The contract's unusable rows of one record kind."""
        return dict(self.invalid).get(kind, ())


@attrs.frozen
class PortfolioServiceLevels:
    """Every contract's service levels from one set of input records.

    Attributes:
        as_of: The date of the figures (each contract judged at the end of that day in its own
            time zone).
        records: Where the rows of each record given went, as a whole.
        contracts: Each contract evaluated, in portfolio order.
    """

    as_of: dt.date
    records: tuple[RecordAccount, ...]
    contracts: tuple[ContractServiceLevels, ...]

    def contract(self, contract_id: str) -> ContractServiceLevels:
        """The service levels of one contract.

        Raises:
            UnknownResultError: If the contract was not evaluated.
        """
        for levels in self.contracts:
            if levels.contract_id == contract_id:
                return levels
        raise UnknownResultError("contract", contract_id, [c.contract_id for c in self.contracts])

    def reports(self) -> list[tuple[Contract, ServiceReport | None]]:
        """Each contract evaluated with its service report (None: no data for it)."""
        return [(levels.contract, levels.report) for levels in self.contracts]

    def rows_not_used(self) -> tuple[tuple[str, int, int], ...]:
        """Per record kind with rows not used: the kind, those rows and the rows read.

        A row is not used when it is invalid or names no known contract. Only the contracts
        evaluated count (rows of other contracts are neither used nor counted here).
        """
        found = []
        for record in self.records:
            bad = len(record.unassigned)
            for levels in self.contracts:
                if record.kind == "tickets":
                    bad += len(levels.report.invalid_rows) if levels.report is not None else 0
                else:
                    bad += len(levels.invalid_rows(record.kind))
            if bad:
                found.append((record.kind, bad, record.rows_in))
        return tuple(found)

    def unknown_statuses(self) -> tuple[tuple[str, UnknownStatus], ...]:
        """Per contract evaluated (by id), the statuses of its events no clock of it names."""
        return tuple(
            (levels.contract_id, status)
            for levels in self.contracts
            if levels.report is not None
            for status in levels.report.unknown_statuses
        )

    def unused_rows(self, kind: str) -> tuple[tuple[str | None, InvalidRow], ...]:
        """The rows of one record kind not used, each with its contract (None: unknown), by row.

        The rows `rows_not_used` counts: the invalid rows of each contract evaluated and the
        rows that name no known contract.
        """
        found: list[tuple[str | None, InvalidRow]] = []
        for record in self.records:
            if record.kind == kind:
                found.extend((None, bad) for bad in record.unassigned)
        for levels in self.contracts:
            if kind == "tickets":
                bad_rows = levels.report.invalid_rows if levels.report is not None else ()
            else:
                bad_rows = levels.invalid_rows(kind)
            found.extend((levels.contract_id, bad) for bad in bad_rows)
        return tuple(sorted(found, key=lambda item: item[1].row))

    def _repr_html_(self) -> str:
        from outsourcing.notebook import result_html  # noqa: PLC0415 - on use

        return result_html(self)


def end_of_day(day: dt.date, timezone: str) -> dt.datetime:
    """The instant ``day`` ends in ``timezone``: midnight at the start of the next day.

    Figures "as of a date" include that whole day, so a month ending that day is complete.
    """
    after = day + dt.timedelta(days=1)
    return dt.datetime(after.year, after.month, after.day, tzinfo=zoneinfo.ZoneInfo(timezone))


def evaluate_portfolio_slas(
    portfolio: Portfolio,
    records: ServiceRecords,
    *,
    as_of: dt.date,
    contracts: Collection[str] | None = None,
    chunk_rows: int = CHUNK_ROWS,
    on_chunk: Callable[[TicketLog], None] | None = None,
) -> PortfolioServiceLevels:
    """Evaluate the SLAs of every contract (or of ``contracts``) on its share of the records.

    Args:
        portfolio: The portfolio.
        records: The ticket, downtime and delivery records, each shared out by contract. A
            contract with an availability SLA but no row in a downtime record given had no
            downtime; a contract with no row in a delivery record given has delivered nothing
            yet (its dated deliverables and milestones are late from their due dates).
        as_of: The date of the figures: each contract is judged at the end of that day in its
            own time zone.
        contracts: The contract ids to evaluate (None: every contract with SLAs).
        chunk_rows: Rows per chunk (chunks are measured apart and merged: same result).
        on_chunk: Called with each chunk before it is measured (to show progress).

    Returns:
        The service levels of each contract with SLAs, and where every row went.
    """
    evaluated = [
        _contract_levels(contract, records, as_of, chunk_rows, on_chunk)
        for contract in portfolio.contracts
        if (contract.slas or contract.kpis) and (contracts is None or contract.id in contracts)
    ]
    accounts = tuple(
        RecordAccount(kind, record.rows_in, record.unassigned) for kind, record in records.given()
    )
    return PortfolioServiceLevels(as_of, accounts, tuple(evaluated))


def _contract_levels(
    contract: Contract,
    records: ServiceRecords,
    as_of: dt.date,
    chunk_rows: int,
    on_chunk: Callable[[TicketLog], None] | None,
) -> ContractServiceLevels:
    tickets, downtime, deliveries = records.tickets, records.downtime, records.deliveries
    log = tickets.log(contract.id) if tickets is not None else None
    down = downtime.for_contract(contract) if downtime is not None else None
    delivered = _deliveries(contract, deliveries)
    invalid = tuple(
        (kind, record.invalid_rows(contract.id))
        for kind, record in records.given()
        if kind != "tickets" and record.invalid_rows(contract.id)
    )
    unused = _unused(contract, records)
    if log is None and down is None and delivered is None:
        return ContractServiceLevels(contract, None, (), invalid, unused)

    def chunks() -> Iterator[TicketLog]:
        for chunk in tickets.chunks(contract.id, chunk_rows) if tickets is not None else ():
            if on_chunk is not None:
                on_chunk(chunk)
            yield chunk

    instant = end_of_day(as_of, contract.zone)
    report = evaluate_slas(contract, chunks(), as_of=instant, downtime=down, deliveries=delivered)
    accounts = () if down is None else downtime_accounts(contract, down, as_of=report.as_of)
    kpis = None
    if contract.kpis and tickets is not None and log is not None:
        kpis = evaluate_kpis(contract, tickets.chunks(contract.id, chunk_rows), as_of=instant)
    return ContractServiceLevels(contract, report, accounts, invalid, unused, kpis)


def _unused(contract: Contract, records: ServiceRecords) -> tuple[tuple[str, int], ...]:
    """Rows given for a contract that nothing of it measures, per record kind."""
    unused = []
    availability = any(
        metric_definition(sla.metric).measure is Measure.DOWNTIME for sla in contract.slas
    )
    if records.downtime is not None and not availability:
        rows = records.downtime.rows(contract.id)
        if rows:
            unused.append(("downtime", rows))
    if records.deliveries is not None and contract.late_delivery is None:
        rows = records.deliveries.rows(contract.id)
        if rows:
            unused.append(("deliveries", rows))
    return tuple(unused)


def _deliveries(
    contract: Contract, deliveries: ContractDeliveries | None
) -> tuple[DeliveryRecord, ...] | None:
    """A contract's delivery records, or None when late delivery is not assessed for it.

    It is assessed when the record has rows for the contract, or when the contract has a
    late-delivery clause and dated deliverables or milestones (none delivered yet).
    """
    if deliveries is None:
        return None
    if deliveries.rows(contract.id) or (
        contract.late_delivery is not None and contract_deliveries(contract)
    ):
        return deliveries.for_contract(contract.id)
    return None
