"""The portfolio report: every question answered for one portfolio, in English or French.

`build_report` calls the pure functions (classification, costs, service levels, contract
review, reversibility) and lays their results out as a neutral `Report`, which
`outsourcing.presentation.render` writes as text, Markdown, HTML or JSON. It reads no file and
no clock: the tickets and the date of the figures are parameters.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Collection, Iterator, Sequence

import pendulum

from outsourcing.classification.classify import Classification, classify
from outsourcing.costs.business_case import BusinessCase, NoBusinessCase, business_case
from outsourcing.exceptions import UnknownReferenceError
from outsourcing.model.contract import Contract
from outsourcing.model.portfolio import Portfolio
from outsourcing.model.process import Process
from outsourcing.presentation.document import (
    KeyFigure,
    KeyFigures,
    Notice,
    Report,
    Section,
    Severity,
    Table,
)
from outsourcing.presentation.formatting import Formatter
from outsourcing.presentation.locale import Language, to_language
from outsourcing.presentation.messages import label, message
from outsourcing.presentation.sections.classification import classification_section
from outsourcing.presentation.sections.costs import costs_section
from outsourcing.presentation.sections.reversibility import reversibility_section
from outsourcing.presentation.sections.review import review_section
from outsourcing.presentation.sections.service_levels import service_levels_section
from outsourcing.review.context import ReviewContext
from outsourcing.review.contract_review import review_contract
from outsourcing.review.reversibility import assess_reversibility
from outsourcing.sla.assessment import evaluate_slas
from outsourcing.sla.late_delivery import DeliveryRecord, contract_deliveries
from outsourcing.sla.records.contract_deliveries import ContractDeliveries
from outsourcing.sla.records.contract_downtime import ContractDowntime
from outsourcing.sla.records.contract_tickets import ContractTickets
from outsourcing.sla.records.ticket_log import TicketLog
from outsourcing.sla.results import ServiceReport

__all__ = [
    "CHUNK_ROWS",
    "SECTIONS",
    "BusinessCases",
    "ServiceReports",
    "build_report",
    "classify_portfolio",
    "end_of_day",
    "evaluate_portfolio_slas",
    "overview_section",
]

#: The report's sections, by key, in the order they appear.
SECTIONS: tuple[str, ...] = (
    "overview",
    "classification",
    "costs",
    "service_levels",
    "review",
    "reversibility",
)

#: Each contract and its business case (or why it has none).
BusinessCases = list[tuple[Contract, BusinessCase | NoBusinessCase]]

#: Rows per chunk when a contract's tickets are evaluated chunk by chunk.
CHUNK_ROWS = 50_000

#: Each contract with SLAs, and its service report (None: the ticket file has no row for it).
ServiceReports = list[tuple[Contract, ServiceReport | None]]


def end_of_day(day: dt.date, timezone: str) -> dt.datetime:
    """The instant ``day`` ends in ``timezone``: midnight at the start of the next day.

    Figures "as of a date" include that whole day, so a month ending that day is complete.
    """
    after = day + dt.timedelta(days=1)
    return dt.datetime(after.year, after.month, after.day, tzinfo=zoneinfo.ZoneInfo(timezone))


def evaluate_portfolio_slas(
    portfolio: Portfolio,
    tickets: ContractTickets | None,
    *,
    as_of: dt.date,
    contracts: Collection[str] | None = None,
    chunk_rows: int = CHUNK_ROWS,
    on_chunk: Callable[[TicketLog], None] | None = None,
    downtime: ContractDowntime | None = None,
    deliveries: ContractDeliveries | None = None,
) -> ServiceReports:
    """Evaluate the SLAs of every contract (or of ``contracts``) on its share of the tickets.

    Args:
        portfolio: The portfolio.
        tickets: The ticket file, shared out by contract (None: no ticket file).
        as_of: The date of the figures: each contract is judged at the end of that day in its
            own time zone.
        contracts: The contract ids to evaluate (None: every contract with SLAs).
        chunk_rows: Rows per chunk (chunks are measured apart and merged: same result).
        on_chunk: Called with each chunk before it is measured (to show progress).
        downtime: The downtime record, shared out by contract, for availability SLAs (None:
            none given). A contract with an availability SLA but no row in the record had no
            downtime.
        deliveries: The delivery record, shared out by contract, for late-delivery penalties
            (None: none given). A contract with no row in it has delivered nothing yet: its
            dated deliverables and milestones are late from their due dates.

    Returns:
        Each contract with SLAs and its report (None when no file has data for it).
    """
    reports: ServiceReports = []
    for contract in portfolio.contracts:
        if not contract.slas or (contracts is not None and contract.id not in contracts):
            continue
        log = tickets.log(contract.id) if tickets is not None else None
        down = downtime.for_contract(contract) if downtime is not None else None
        delivered = _deliveries(contract, deliveries)
        if log is None and down is None and delivered is None:
            reports.append((contract, None))
            continue

        def chunks(contract_id: str = contract.id) -> Iterator[TicketLog]:
            for chunk in tickets.chunks(contract_id, chunk_rows) if tickets else ():
                if on_chunk is not None:
                    on_chunk(chunk)
                yield chunk

        instant = end_of_day(as_of, contract.timezone)
        report = evaluate_slas(
            contract, chunks(), as_of=instant, downtime=down, deliveries=delivered
        )
        reports.append((contract, report))
    return reports


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


def overview_section(portfolio: Portfolio, formatter: Formatter) -> Section:
    """The client, its processes and its contracts at a glance."""
    lang = formatter.language
    client = portfolio.client
    figures = KeyFigures(
        [
            KeyFigure(message(lang, "overview.client"), client.name),
            KeyFigure(message(lang, "overview.country"), formatter.country(client.country)),
            KeyFigure(message(lang, "overview.phase"), label(lang, client.phase)),
            KeyFigure(message(lang, "overview.currency"), client.currency),
            KeyFigure(message(lang, "overview.processes"), len(portfolio.processes)),
            KeyFigure(message(lang, "overview.providers"), len(portfolio.providers)),
            KeyFigure(message(lang, "overview.contracts"), len(portfolio.contracts)),
        ]
    )
    blocks: list[KeyFigures | Table | Notice] = [figures]
    if portfolio.processes:
        blocks.append(
            Table(
                columns=[
                    message(lang, "column.process"),
                    message(lang, "column.function"),
                    message(lang, "column.importance"),
                    message(lang, "column.confidentiality"),
                    message(lang, "column.monthly_volume"),
                ],
                rows=[
                    (
                        p.name,
                        label(lang, p.function),
                        label(lang, p.importance),
                        label(lang, p.confidentiality),
                        p.monthly_volume,
                    )
                    for p in portfolio.processes
                ],
                caption=message(lang, "overview.processes.caption"),
            )
        )
    if portfolio.contracts:
        blocks.append(
            Table(
                columns=[
                    message(lang, "column.contract"),
                    message(lang, "column.provider"),
                    message(lang, "column.country"),
                    message(lang, "column.start"),
                    message(lang, "column.end"),
                    message(lang, "column.slas"),
                ],
                rows=[
                    (
                        c.title,
                        portfolio.provider(c.provider_id).name,
                        formatter.country(portfolio.provider(c.provider_id).country),
                        c.term.start,
                        c.term.end or message(lang, "term.open_ended"),
                        len(c.slas),
                    )
                    for c in portfolio.contracts
                ],
                caption=message(lang, "overview.contracts.caption"),
            )
        )
    else:
        blocks.append(Notice(Severity.INFO, message(lang, "overview.no_contracts")))
    return Section("overview", message(lang, "overview.title"), blocks)


def classify_portfolio(portfolio: Portfolio) -> list[tuple[Process, Classification]]:
    """Classify every process, with the first contract covering it and that contract's provider."""
    classified = []
    for process in portfolio.processes:
        contracts = portfolio.contracts_for(process.id)
        contract = contracts[0] if contracts else None
        provider = portfolio.provider(contract.provider_id) if contract else None
        verdict = classify(process, client=portfolio.client, provider=provider, contract=contract)
        classified.append((process, verdict))
    return classified


def build_report(
    portfolio: Portfolio,
    *,
    as_of: dt.date,
    language: Language | str = Language.EN,
    locale: str | None = None,
    tickets: ContractTickets | None = None,
    service_reports: ServiceReports | None = None,
    contracts: Collection[str] | None = None,
    sections: Collection[str] = SECTIONS,
    business_cases: BusinessCases | None = None,
    downtime: ContractDowntime | None = None,
    deliveries: ContractDeliveries | None = None,
) -> Report:
    """The report on a portfolio.

    Args:
        portfolio: The client's set-up.
        as_of: The date the figures are given at: reviews and exit readiness are judged on it,
            service levels at the end of that day.
        language: The language of the text (``en`` or ``fr``).
        locale: The locale for numbers and dates (default: the language's usual one).
        tickets: The ticket file shared out by contract (None: no service-level figures).
        service_reports: The service reports already evaluated from ``tickets`` (None:
            evaluated here with `evaluate_portfolio_slas`).
        contracts: The contracts reported on (None: all of them).
        sections: The sections wanted, by key, among `SECTIONS` (kept in that order).
        business_cases: The business cases already computed (None: computed here with
            `business_case` and its defaults).
        downtime: The downtime record shared out by contract, for availability SLAs (None: no
            availability figures).
        deliveries: The delivery record shared out by contract, for late-delivery penalties
            (None: no late-delivery figures).

    Returns:
        The report, ready to render.

    Raises:
        UnknownReferenceError: If a contract or a section is unknown.
    """
    lang = to_language(language)
    formatter = Formatter(lang) if locale is None else Formatter(lang, locale)
    _check_known("sections", sections, SECTIONS)
    _check_known("contracts", contracts or (), [c.id for c in portfolio.contracts])
    chosen = [c for c in portfolio.contracts if contracts is None or c.id in contracts]
    day = pendulum.Date(as_of.year, as_of.month, as_of.day)
    subtitle = message(
        lang, "report.subtitle", client=portfolio.client.name, as_of=formatter.date(day)
    )
    built: list[Section] = []
    if "overview" in sections:
        built.append(overview_section(portfolio, formatter))
    if "classification" in sections and portfolio.processes:
        built.append(classification_section(classify_portfolio(portfolio), formatter))
    if "costs" in sections and chosen:
        cases = business_cases or [(c, business_case(portfolio, c)) for c in chosen]
        built.append(costs_section(cases, formatter))
    if "service_levels" in sections and any(c.slas for c in chosen):
        given = (tickets, downtime, deliveries)
        if any(source is not None for source in given) and service_reports is None:
            service_reports = evaluate_portfolio_slas(
                portfolio,
                tickets,
                as_of=day,
                contracts=[c.id for c in chosen],
                downtime=downtime,
                deliveries=deliveries,
            )
        built.append(
            service_levels_section(
                tickets,
                service_reports or [],
                formatter,
                downtime=downtime,
                deliveries=deliveries,
            )
        )
    if "review" in sections and chosen:
        reviews = [
            (c, review_contract(c, context=ReviewContext.from_portfolio(portfolio, c, as_of=day)))
            for c in chosen
        ]
        built.append(review_section(reviews, formatter))
    if "reversibility" in sections and chosen:
        levels = {c.id: r for c, r in service_reports or []}
        exits = [
            (
                c,
                assess_reversibility(
                    c.reversibility, c, as_of=day, service_report=levels.get(c.id)
                ),
            )
            for c in chosen
        ]
        built.append(reversibility_section(exits, formatter))
    return Report(
        title=message(lang, "report.title"),
        language=lang,
        locale=formatter.locale,
        subtitle=subtitle,
        sections=built,
    )


def _check_known(field: str, wanted: Collection[str], known: Sequence[str]) -> None:
    for item in wanted:
        if item not in known:
            raise UnknownReferenceError(field, item, known)
