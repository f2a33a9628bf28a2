"""The governance section: the 32 questions of the sources, each with its answer and figure.

The questions are the source's, in French, word for word; the English report gives its English
rendering beside them. Where the library computes the figure a question asks for, the figure
is shown: the savings for the total-cost question, the months missed for the question on the
signals that the outsourcing works or drifts, the next notice deadline for the notice question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attrs

from outsourcing.costs.business_case import BusinessCase, NoBusinessCase
from outsourcing.model.contract import Contract
from outsourcing.model.money import Money
from outsourcing.model.portfolio import Portfolio
from outsourcing.presentation.document import KeyFigure, KeyFigures, Section, Table
from outsourcing.presentation.formatting import Formatter, Value
from outsourcing.presentation.locale import Language
from outsourcing.presentation.messages import label, message
from outsourcing.presentation.reasons import counted
from outsourcing.review.governance import Answer, GovernanceReadiness
from outsourcing.sla.results import PeriodStatus, ServiceReport

__all__ = [
    "BREACHES_QUESTION",
    "NOTICE_QUESTION",
    "TOTAL_COST_QUESTION",
    "GovernanceFigures",
    "governance_figures",
    "governance_section",
]

#: "Quel est le coût total réel par rapport à une gestion interne ?"
TOTAL_COST_QUESTION = 25
#: "Quels signaux montrent que l'externalisation fonctionne (ou dérive) ?"
BREACHES_QUESTION = 26
#: "Quels délais de préavis ou modalités de transition prévoir en cas de changement ?"
NOTICE_QUESTION = 20


@attrs.frozen
class GovernanceFigures:
    """The figures the library computes for some questions (None: not computed).

    Attributes:
        savings: Savings over the contracts' terms against keeping the work in house.
        months_missed: Months in which an SLA was missed, over every contract measured.
        next_notice: The next date by which notice must be given to end a contract.
    """

    savings: Money | None = None
    months_missed: int | None = None
    next_notice: dt.date | None = None

    def by_question(self, formatter: Formatter) -> Mapping[int, Value]:
        """Each computed figure by the number of the question it answers."""
        missed = self.months_missed
        return {
            TOTAL_COST_QUESTION: self.savings,
            BREACHES_QUESTION: None
            if missed is None
            else counted(formatter.language, "governance.months_missed", missed, formatter),
            NOTICE_QUESTION: self.next_notice,
        }


def governance_figures(
    portfolio: Portfolio,
    *,
    as_of: dt.date,
    business_cases: Sequence[tuple[Contract, BusinessCase | NoBusinessCase]] = (),
    service_reports: Sequence[tuple[Contract, ServiceReport | None]] = (),
) -> GovernanceFigures:
    """The figures for the questions the library answers with a number, from its results.

    Args:
        portfolio: The portfolio.
        as_of: The date of the figures (the next notice deadline is on or after it).
        business_cases: The contracts' business cases (savings in the client's currency).
        service_reports: The contracts' service reports (months missed).
    """
    currency = portfolio.client.currency
    savings = [
        case.comparison.total_savings
        for _, case in business_cases
        if isinstance(case, BusinessCase) and case.comparison.currency == currency
    ]
    reports = [report for _, report in service_reports if report is not None]
    missed = sum(
        1
        for report in reports
        for result in report.results
        if result.final and result.status is PeriodStatus.BREACHED
    )
    deadlines = [c.term.notice_period.before(c.term.end) for c in portfolio.contracts if c.term.end]
    upcoming = [d for d in deadlines if d >= as_of]
    return GovernanceFigures(
        savings=sum(savings, start=Money(0, currency)) if savings else None,
        months_missed=missed if reports else None,
        next_notice=min(upcoming) if upcoming else None,
    )


def governance_section(
    readiness: GovernanceReadiness,
    formatter: Formatter,
    figures: GovernanceFigures | None = None,
) -> Section:
    """The 32 questions with their answers, counts per answer first.

    Args:
        readiness: The answers (`assess_governance`).
        formatter: The report's formatter.
        figures: The figures the library computed for the portfolio (None: none).
    """
    lang = formatter.language
    computed = (figures or GovernanceFigures()).by_question(formatter)
    counts = readiness.counts()
    rows: list[tuple[Value, ...]] = []
    for answer in readiness.answers:
        question = answer.question
        asked = question.french
        if lang is Language.EN:  # the source's French wording stays beside the English
            asked = f"{question.english} (“{asked}”)"
        rows.append(
            (question.number, asked, label(lang, answer.answer), computed.get(question.number))
        )
    return Section(
        "governance",
        message(lang, "governance.title"),
        [
            KeyFigures(
                [KeyFigure(label(lang, kind), counts[kind]) for kind in Answer],
            ),
            Table(
                columns=[
                    message(lang, "column.number"),
                    message(lang, "column.question"),
                    message(lang, "column.answer"),
                    message(lang, "column.figure"),
                ],
                rows=rows,
                caption=message(lang, "governance.caption"),
                marked={
                    i for i, a in enumerate(readiness.answers) if a.answer is Answer.UNANSWERED
                },
            ),
        ],
    )
