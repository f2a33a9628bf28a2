"""The costs section: per contract, in house against outsourced, break-even, NPV, P10–P90."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from outsourcing.costs import CostGroup, CostSeries
from outsourcing.costs.business_case import BusinessCase, NoBusinessCase
from outsourcing.model.contract import Contract
from outsourcing.model.money import Money, Percentage, PercentChange
from outsourcing.model.span import Span
from outsourcing.presentation.charts import cumulative_cost_chart, savings_band_chart
from outsourcing.presentation.document import (
    Block,
    KeyFigure,
    KeyFigures,
    Notice,
    Paragraph,
    Section,
    Severity,
    Table,
)
from outsourcing.presentation.formatting import Formatter, Value
from outsourcing.presentation.locale import Language
from outsourcing.presentation.messages import label, message
from outsourcing.presentation.reasons import reason_text, span_text

__all__ = ["business_case_blocks", "costs_section"]

#: The horizon of the "chance of breaking even" figure, in months.
BREAK_EVEN_HORIZON = 12


def _sum(amounts: Sequence[Money], currency: str) -> Money:
    return sum(amounts, start=Money(0, currency))


def _break_even(case: BusinessCase, formatter: Formatter) -> str:
    month = case.comparison.break_even_month
    lang = formatter.language
    if month is None:
        return message(lang, "costs.never")
    day = case.assumptions.start.add(months=month - 1)
    return message(lang, "costs.month_n", month=formatter.month(day), n=month)


def _percent(share: Decimal) -> Percentage:
    return Percentage((share * 100).quantize(Decimal("0.1")))


#: A simulated chance shown as certain or impossible is written "> 99 %" or "< 1 %".
_NEARLY = Decimal("0.99")


def _chance(share: Decimal, formatter: Formatter) -> str:
    """A simulated probability: a sample of runs proves neither certainty nor impossibility."""
    if share > _NEARLY:
        return "> " + formatter.percentage(Decimal(99))
    if share < 1 - _NEARLY:
        return "< " + formatter.percentage(Decimal(1))
    return formatter.percentage(_percent(share))


def business_case_blocks(
    contract: Contract, case: BusinessCase | NoBusinessCase, formatter: Formatter
) -> list[Block]:
    """One contract's business case: figures, cost by kind, Monte Carlo bands."""
    lang = formatter.language
    if isinstance(case, NoBusinessCase):
        reason = f" ({case.reason})" if lang is Language.EN else ""
        none = message(lang, "costs.none", title=contract.title) + reason
        return [Notice(Severity.INFO, none), *_price_changes(contract, formatter)]
    assumptions = case.assumptions
    currency = assumptions.currency
    comparison = case.comparison
    end = assumptions.end.subtract(days=1)
    blocks: list[Block] = [
        Paragraph(
            message(
                lang,
                "costs.contract",
                title=contract.title,
                processes=", ".join(p.name for p in case.processes),
                start=formatter.date(assumptions.start),
                end=formatter.date(end),
                months=assumptions.months,
            )
        ),
        *_price_changes(contract, formatter),
        KeyFigures(
            [
                KeyFigure(message(lang, "costs.in_house"), case.in_house.total),
                KeyFigure(message(lang, "costs.outsourced"), case.outsourced.total),
                KeyFigure(message(lang, "costs.savings"), comparison.total_savings),
                KeyFigure(message(lang, "costs.break_even"), _break_even(case, formatter)),
                KeyFigure(
                    message(lang, "costs.npv", rate=formatter.percentage(comparison.discount_rate)),
                    comparison.npv,
                ),
            ]
        ),
        Table(
            columns=[message(lang, "column.cost_kind"), message(lang, "column.amount")],
            rows=[
                (label(lang, group), _sum(case.outsourced.group_totals(group), currency))
                for group in CostGroup
            ],
            caption=message(lang, "costs.groups.caption"),
        ),
    ]
    simulation = case.simulation
    blocks.append(cumulative_cost_chart(f"cost-{contract.id}", contract.title, case, formatter))
    blocks.append(
        savings_band_chart(
            f"band-{contract.id}", contract.title, simulation, formatter, case.comparison
        )
    )
    bands = [
        (CostSeries.BASELINE, "costs.in_house"),
        (CostSeries.ALTERNATIVE, "costs.outsourced"),
    ]
    rows: list[tuple[Value, ...]] = []
    for series, key in bands:
        low, mid, high = simulation.total_percentiles(series)
        rows.append((message(lang, key), low, mid, high))
    cumulative = simulation.percentiles(CostSeries.CUMULATIVE_SAVINGS)
    rows.append(
        (message(lang, "costs.savings"), cumulative.p10[-1], cumulative.p50[-1], cumulative.p90[-1])
    )
    blocks.append(
        Table(
            columns=[
                message(lang, f"column.{key}") for key in ("scenario", "p10", "p50", "p90")
            ],
            rows=rows,
            caption=message(
                lang, "costs.simulation.caption", runs=formatter.number(simulation.runs),
                seed=simulation.seed,
            ),
        )
    )  # fmt: skip
    blocks.append(
        Paragraph(
            message(
                lang,
                "costs.chance",
                months=BREAK_EVEN_HORIZON,
                within=_chance(simulation.probability_of_break_even(BREAK_EVEN_HORIZON), formatter),
                term=_chance(simulation.probability_of_break_even(assumptions.months), formatter),
            )
        )
    )
    for excluded in (*case.in_house.excluded, *case.outsourced.excluded):
        if excluded.cause is not None:
            text = reason_text(excluded.cause, formatter)
        elif lang is Language.EN:
            text = f"Not counted: {excluded.item} ({excluded.reason})."
        else:
            text = message(lang, "costs.not_counted")
        blocks.append(Notice(Severity.WARNING, text))
    return blocks


def _limits(floor: PercentChange | None, cap: PercentChange | None, formatter: Formatter) -> str:
    """``floor -2 %, cap +3 %`` (« plancher -2 %, plafond +3 % »), saying when one is absent."""
    lang = formatter.language
    low = (
        message(lang, "limit.no_floor")
        if floor is None
        else message(lang, "limit.floor", value=formatter.change(floor))
    )
    high = (
        message(lang, "limit.no_cap")
        if cap is None
        else message(lang, "limit.cap", value=formatter.change(cap))
    )
    return f"{low}, {high}"


def _price_changes(contract: Contract, formatter: Formatter) -> list[Block]:
    """How the contract's prices change: its revision clause, else its indexation, if any."""
    lang = formatter.language
    if (clause := contract.price_revision) is not None:
        indices = ", ".join(weight.index for weight in clause.indices)
        limits = _limits(clause.floor, clause.cap, formatter)
        return [Paragraph(message(lang, "costs.price_revision", indices=indices, limits=limits))]
    if (indexation := contract.indexation) is not None:
        return [
            Paragraph(
                message(
                    lang,
                    "costs.indexation",
                    index=indexation.index,
                    expected=formatter.change(indexation.expected_rate),
                    limits=_limits(indexation.floor, indexation.cap, formatter),
                )
            )
        ]
    return []


def _assumptions(case: BusinessCase, formatter: Formatter) -> Paragraph:
    """The central assumptions, said once for the section."""
    assumptions = case.assumptions
    return Paragraph(
        message(
            formatter.language,
            "costs.assumptions",
            wages=formatter.change(assumptions.wage_inflation),
            workload=formatter.change(assumptions.workload_underestimate),
            parallel=span_text(Span(months=assumptions.parallel_run_months), formatter),
            growth=formatter.change(assumptions.annual_volume_growth),
        )
    )


def costs_section(
    cases: Sequence[tuple[Contract, BusinessCase | NoBusinessCase]], formatter: Formatter
) -> Section:
    """The section comparing each contract with keeping its processes in house."""
    content: list[Block] = []
    for contract, case in cases:
        content.extend(business_case_blocks(contract, case, formatter))
    computed = [case for _, case in cases if isinstance(case, BusinessCase)]
    if computed:
        content.append(_assumptions(computed[0], formatter))
    return Section("costs", message(formatter.language, "costs.title"), content)
