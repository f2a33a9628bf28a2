"""The portfolio report: every question answered for one portfolio, in English or French.

`build_report` calls the pure functions (classification, costs, service levels, contract
review, reversibility) and lays their results out as a neutral `Report`, which
`outsourcing.presentation.render` writes as text, Markdown, HTML or JSON. It reads no file and
no clock: the tickets and the date of the figures are parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from enum import StrEnum

import pendulum

from outsourcing.classification.classify import Classification, classify
from outsourcing.classification.recommendation import recommend
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
from outsourcing.presentation.sections.governance import governance_figures, governance_section
from outsourcing.presentation.sections.kpis import kpis_section
from outsourcing.presentation.sections.recommendation import recommendation_section
from outsourcing.presentation.sections.reversibility import reversibility_section
from outsourcing.presentation.sections.review import review_section
from outsourcing.presentation.sections.service_levels import service_levels_section
from outsourcing.review.context import ReviewContext
from outsourcing.review.contract_review import review_contract
from outsourcing.review.governance import assess_governance
from outsourcing.review.lifecycle import key_dates, renewal_calendar
from outsourcing.review.reversibility import assess_reversibility
from outsourcing.sla.portfolio import (
    PortfolioServiceLevels,
    ServiceRecords,
    evaluate_portfolio_slas,
)

__all__ = [
    "SECTIONS",
    "AsOfSource",
    "BusinessCases",
    "build_report",
    "classify_portfolio",
    "overview_section",
]


class AsOfSource(StrEnum):
    """Where the date of the figures comes from; the report's header says it.

    The one rule of the command line: the date given with ``--as-of``, else the day of the last
    event in the files read, else today.
    """

    GIVEN = "given"
    """Given by the caller (``--as-of``)."""
    LATEST_DATA = "latest_data"
    """The day of the last event in the input files."""
    TODAY = "today"
    """Today: no date was given and no file holds a dated event."""


#: The report's sections, by key, in the order they appear.
SECTIONS: tuple[str, ...] = (
    "overview",
    "classification",
    "recommendation",
    "costs",
    "service_levels",
    "kpis",
    "review",
    "reversibility",
    "governance",
)

#: Each contract and its business case (or why it has none).
BusinessCases = list[tuple[Contract, BusinessCase | NoBusinessCase]]


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


def build_report(  # noqa: C901 - one branch per section, in reading order
    portfolio: Portfolio,
    *,
    as_of: dt.date,
    as_of_source: AsOfSource | str = AsOfSource.GIVEN,
    language: Language | str = Language.EN,
    locale: str | None = None,
    records: ServiceRecords | None = None,
    service_levels: PortfolioServiceLevels | None = None,
    contracts: Collection[str] | None = None,
    sections: Collection[str] = SECTIONS,
    business_cases: BusinessCases | None = None,
) -> Report:
    """The report on a portfolio.

    Args:
        portfolio: The client's set-up.
        as_of: The date the figures are given at: reviews and exit readiness are judged on it,
            service levels at the end of that day.
        as_of_source: Where ``as_of`` comes from (`AsOfSource`), stated in the header.
        language: The language of the text (``en`` or ``fr``).
        locale: The locale for numbers and dates (default: the language's usual one).
        records: The ticket, downtime and delivery records, shared out by contract (None: no
            service-level figures unless ``service_levels`` is given).
        service_levels: The service levels already evaluated (None: evaluated here from
            ``records`` with `evaluate_portfolio_slas`).
        contracts: The contracts reported on (None: all of them).
        sections: The sections wanted, by key, among `SECTIONS` (kept in that order).
        business_cases: The business cases already computed (None: computed here with
            `business_case` and its defaults).

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
        lang,
        "report.subtitle",
        client=portfolio.client.name,
        as_of=formatter.date(day),
        source=label(lang, AsOfSource(as_of_source)),
    )
    built: list[Section] = []
    if "overview" in sections:
        built.append(overview_section(portfolio, formatter))
    if "classification" in sections and portfolio.processes:
        built.append(classification_section(classify_portfolio(portfolio), formatter))
    if "recommendation" in sections and portfolio.processes:
        advice = [(p, recommend(p, client=portfolio.client)) for p in portfolio.processes]
        built.append(recommendation_section(advice, formatter))
    cases = business_cases
    if "costs" in sections and chosen:
        cases = business_cases or [(c, business_case(portfolio, c)) for c in chosen]
        built.append(costs_section(cases, formatter))
    wants_levels = {"service_levels", "kpis", "governance"} & set(sections)
    if wants_levels and service_levels is None and records is not None and records.given():
        service_levels = evaluate_portfolio_slas(
            portfolio, records, as_of=day, contracts=[c.id for c in chosen]
        )
    if "service_levels" in sections and any(c.slas for c in chosen):
        built.append(service_levels_section(service_levels, formatter))
    if "kpis" in sections and service_levels is not None:
        measured = [(c.contract, c.kpis) for c in service_levels.contracts if c.kpis is not None]
        if measured:
            built.append(kpis_section(measured, formatter))
    if "review" in sections and chosen:
        reviews = [
            (c, review_contract(c, context=ReviewContext.from_portfolio(portfolio, c, as_of=day)))
            for c in chosen
        ]
        dates = {c.id: key_dates(c, day) for c in chosen}
        calendar = renewal_calendar(chosen, day)
        built.append(review_section(reviews, formatter, dates=dates, calendar=calendar, as_of=day))
    if "reversibility" in sections and chosen:
        levels = {} if service_levels is None else dict(service_levels.reports())
        exits = [
            (
                c,
                assess_reversibility(c.reversibility, c, as_of=day, service_report=levels.get(c)),
            )
            for c in chosen
        ]
        financial = portfolio.client.financial_entity
        built.append(reversibility_section(exits, formatter, financial_entity=financial))
    if "governance" in sections:
        cases = cases or [(c, business_case(portfolio, c)) for c in chosen]
        reports = [] if service_levels is None else service_levels.reports()
        figures = governance_figures(
            portfolio, as_of=day, business_cases=cases, service_reports=reports
        )
        built.append(governance_section(assess_governance(portfolio), formatter, figures))
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
