"""The portfolio report: every question answered for one portfolio, in English or French.

`build_report` calls the pure functions (classification, costs, service levels, contract
review, reversibility) and lays their results out as a neutral `Report`, which
`outsourcing.presentation.render` writes as text, Markdown, HTML or JSON. It reads no file and
no clock: the tickets and the date of the figures are parameters.
"""

from __future__ import annotations

import datetime as dt

import pendulum

from outsourcing.classification import Classification, classify
from outsourcing.contract_review import review_contract
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
from outsourcing.presentation.sections.reversibility import reversibility_section
from outsourcing.presentation.sections.review import review_section
from outsourcing.reversibility import assess_reversibility
from outsourcing.review_context import ReviewContext

__all__ = ["build_report", "classify_portfolio", "overview_section"]


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
) -> Report:
    """The report on a portfolio.

    Args:
        portfolio: The client's set-up.
        as_of: The date the figures are given at: reviews and exit readiness are judged on it.
        language: The language of the text (``en`` or ``fr``).
        locale: The locale for numbers and dates (default: the language's usual one).

    Returns:
        The report, ready to render.
    """
    lang = to_language(language)
    formatter = Formatter(lang) if locale is None else Formatter(lang, locale)
    client = portfolio.client.name
    day = pendulum.Date(as_of.year, as_of.month, as_of.day)
    subtitle = message(lang, "report.subtitle", client=client, as_of=formatter.date(day))
    sections = [overview_section(portfolio, formatter)]
    if portfolio.processes:
        sections.append(classification_section(classify_portfolio(portfolio), formatter))
    if portfolio.contracts:
        reviews = [
            (c, review_contract(c, context=ReviewContext.from_portfolio(portfolio, c, as_of=day)))
            for c in portfolio.contracts
        ]
        sections.append(review_section(reviews, formatter))
        exits = [
            (c, assess_reversibility(c.reversibility, c, as_of=day)) for c in portfolio.contracts
        ]
        sections.append(reversibility_section(exits, formatter))
    return Report(
        title=message(lang, "report.title"),
        language=lang,
        locale=formatter.locale,
        subtitle=subtitle,
        sections=sections,
    )
