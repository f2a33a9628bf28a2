"""Results in a notebook: HTML for ``_repr_html_`` and matplotlib charts for ``plot()``.

The result classes (`CostProjection`, `CostComparison`, `CostSimulation`, `ServiceReport`,
`PortfolioServiceLevels`, `Classification`, `ContractReview`, `BusinessCase`) and the
presentation's `Report` import this module only when a notebook
asks for their HTML or a chart, so the library itself never imports babel or matplotlib.
Charts are drawn on the given matplotlib axes (or new ones) and the axes are returned.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from outsourcing.classification.classify import Classification
from outsourcing.costs import CostComparison, CostProjection, CostSeries, CostSimulation
from outsourcing.costs.business_case import BusinessCase
from outsourcing.costs.offers import OfferComparison
from outsourcing.costs.sensitivity import Sensitivity
from outsourcing.exceptions import InvalidValueError, MissingDependencyError
from outsourcing.model.metric import Measure, metric_definition
from outsourcing.model.money import Money
from outsourcing.presentation.document import (
    Block,
    KeyFigure,
    KeyFigures,
    Report,
    Section,
    Table,
)
from outsourcing.presentation.formatting import Formatter, Value
from outsourcing.presentation.html import render_html
from outsourcing.presentation.locale import Language, to_language
from outsourcing.presentation.messages import label, message
from outsourcing.presentation.sections.offers import offers_blocks
from outsourcing.presentation.sections.review import titled_review_blocks
from outsourcing.presentation.sections.sensitivity import sensitivity_blocks
from outsourcing.presentation.sections.service_levels import (
    service_levels_section,
    service_report_blocks,
)
from outsourcing.review.contract_review import ContractReview
from outsourcing.sla.portfolio import PortfolioServiceLevels
from outsourcing.sla.results import PeriodStatus, ServiceReport

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "plot_business_case",
    "plot_compliance",
    "plot_costs",
    "plot_offers",
    "plot_tornado",
    "result_html",
    "result_report",
]


def _comparison_blocks(comparison: CostComparison, formatter: Formatter) -> list[Block]:
    lang = formatter.language
    total = Money(0, comparison.currency)
    baseline = sum(comparison.baseline, start=total)
    alternative = sum(comparison.alternative, start=total)
    month = comparison.break_even_month
    return [
        KeyFigures(
            [
                KeyFigure(message(lang, "costs.in_house"), baseline),
                KeyFigure(message(lang, "costs.outsourced"), alternative),
                KeyFigure(message(lang, "costs.savings"), comparison.total_savings),
                KeyFigure(
                    message(lang, "costs.break_even"),
                    message(lang, "costs.never") if month is None else month,
                ),
                KeyFigure(
                    message(lang, "costs.npv", rate=formatter.percentage(comparison.discount_rate)),
                    comparison.npv,
                ),
            ]
        )
    ]


def _projection_blocks(projection: CostProjection, formatter: Formatter) -> list[Block]:
    lang = formatter.language
    rows: list[tuple[Value, ...]] = [
        (label(lang, line.label.group), line.label.name, line.total) for line in projection.lines
    ]
    rows.append(("", message(lang, "costs.total"), projection.total))
    return [
        Table(
            [
                message(lang, "column.cost_kind"),
                message(lang, "column.cost_line"),
                message(lang, "column.amount"),
            ],
            rows,
            caption=message(lang, "costs.projection.caption", months=len(projection.months)),
        )
    ]


def _classification_blocks(result: Classification, formatter: Formatter) -> list[Block]:
    lang = formatter.language
    return [
        KeyFigures(
            [
                KeyFigure(
                    message(lang, f"column.{axis}"),
                    label(lang, verdict.value) + (" *" if verdict.declared else ""),
                )
                for axis, verdict in result.axes.items()
            ]
        )
    ]


def _simulation_blocks(simulation: CostSimulation, formatter: Formatter) -> list[Block]:
    lang = formatter.language
    savings = simulation.percentiles(CostSeries.CUMULATIVE_SAVINGS)
    return [
        Table(
            [message(lang, "column.scenario"), "P10", "P50", "P90"],
            [(message(lang, "costs.savings"), savings.p10[-1], savings.p50[-1], savings.p90[-1])],
            caption=message(
                lang,
                "costs.simulation.caption",
                runs=formatter.number(simulation.runs),
                seed=simulation.seed,
            ),
        )
    ]


def result_report(result: object, language: Language | str = Language.EN) -> Report:  # noqa: C901
    """A one-section report showing one result.

    Raises:
        InvalidValueError: If the result is not one this module shows.
    """
    lang = to_language(language)
    formatter = Formatter(lang)
    blocks: list[Block]
    match result:
        case BusinessCase():
            blocks = [
                *_comparison_blocks(result.comparison, formatter),
                *_simulation_blocks(result.simulation, formatter),
            ]
            key, title = "costs", result.contract_id
        case CostComparison():
            blocks, key, title = _comparison_blocks(result, formatter), "costs", ""
        case Sensitivity():
            blocks = sensitivity_blocks(result, formatter)
            key, title = "costs", message(lang, "sensitivity.title")
        case OfferComparison():
            blocks = offers_blocks(result, formatter)
            key, title = "costs", message(lang, "offers.title")
        case CostProjection():
            blocks, key, title = _projection_blocks(result, formatter), "costs", ""
        case CostSimulation():
            blocks, key, title = _simulation_blocks(result, formatter), "costs", ""
        case PortfolioServiceLevels():
            section = service_levels_section(result, formatter)
            return Report(title=type(result).__name__, language=lang, sections=[section])
        case ServiceReport():
            names = {account.sla_id: account.sla_id for account in result.accounts}
            blocks = service_report_blocks(result.contract_id, names, result, formatter)
            key, title = "service_levels", message(lang, "sla.title")
        case ContractReview():
            blocks = titled_review_blocks(result.contract_id, result, formatter)
            key, title = "review", message(lang, "review.title")
        case Classification():
            blocks = _classification_blocks(result, formatter)
            key, title = "classification", result.process_id
        case _:
            raise InvalidValueError("result", type(result).__name__, "has no HTML view")
    return Report(
        title=type(result).__name__,
        language=lang,
        sections=[Section(key, title or message(lang, "costs.title"), blocks)],
    )


def result_html(result: object, language: Language | str = Language.EN) -> str:
    """A result as an HTML fragment (what a notebook shows for it).

    A `PortfolioServiceLevels` shows the report's own service-levels section, so the notebook
    and the report cannot disagree; a `Report` shows itself.
    """
    report = result if isinstance(result, Report) else result_report(result, language)
    return render_html(report, standalone=False)


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt  # noqa: PLC0415 - optional dependency, on use only
    except ImportError:
        raise MissingDependencyError("matplotlib", "notebook") from None
    _, new = plt.subplots(figsize=(8, 4), layout="constrained")
    return new


def _floats(amounts: Any) -> list[float]:  # noqa: ANN401 - Money or Decimal sequences
    return [float(a.amount if isinstance(a, Money) else a) for a in amounts]


def plot_costs(
    simulation: CostSimulation,
    comparison: CostComparison | None = None,
    *,
    ax: Axes | None = None,
) -> Axes:
    """Cumulative savings month by month: the P10–P90 band, the median, the break-even.

    Args:
        simulation: The Monte Carlo simulation.
        comparison: The exact comparison, drawn as a line with its break-even month marked.
        ax: The axes to draw on (default: new ones).
    """
    axes = _axes(ax)
    band = simulation.percentiles(CostSeries.CUMULATIVE_SAVINGS)
    months = list(range(1, len(band.p50) + 1))
    axes.fill_between(months, _floats(band.p10), _floats(band.p90), alpha=0.25, label="P10–P90")
    axes.plot(months, _floats(band.p50), label="P50")
    if comparison is not None:
        axes.plot(months, _floats(comparison.cumulative_savings), "--", label="as assumed")
        if comparison.break_even_month is not None:
            axes.axvline(comparison.break_even_month, color="grey", linestyle=":")
            axes.annotate(
                f"break-even: month {comparison.break_even_month}",
                (comparison.break_even_month, 0),
                textcoords="offset points",
                xytext=(4, 6),
            )
    axes.axhline(0, color="black", linewidth=0.8)
    axes.set_xlabel("month")
    axes.set_ylabel(f"cumulative savings ({simulation.currency})")
    axes.legend()
    return axes


def plot_business_case(case: BusinessCase, *, ax: Axes | None = None) -> Axes:
    """`plot_costs` of a business case's simulation and comparison, titled by its contract."""
    axes = plot_costs(case.simulation, case.comparison, ax=ax)
    axes.set_title(case.contract_id)
    return axes


def plot_offers(result: OfferComparison, *, ax: Axes | None = None) -> Axes:
    """Savings over the horizon per offer: the P10–P90 range, the median, the exact figure."""
    axes = _axes(ax)
    for position, offer in enumerate(result.offers):
        p10, p50, p90 = _floats(offer.savings_percentiles())
        axes.plot([position, position], [p10, p90], linewidth=8, alpha=0.35, color="C0")
        axes.scatter([position], [p50], color="C0", zorder=3, label="P50" if not position else None)
        axes.scatter(
            [position],
            [float(offer.savings.amount)],
            marker="D",
            color="C1",
            zorder=3,
            label="as assumed" if not position else None,
        )
    axes.set_xticks(range(len(result.offers)), list(result.names))
    axes.margins(x=0.3)
    axes.axhline(0, color="black", linewidth=0.8)
    axes.set_ylabel(f"savings over {len(result.months)} months ({result.currency})")
    axes.set_title("Offers against in house: P10–P90 of the savings")
    axes.legend()
    return axes


def plot_tornado(result: Sensitivity, *, ax: Axes | None = None) -> Axes:
    """The tornado: per input, a bar from the result at its P10 to the result at its P90.

    The largest swing is drawn at the top, blue when the result rises with the input, red when it
    falls; the vertical line is the result with every input at its median.
    """
    axes = _axes(ax)
    bars = list(reversed(result.bars))
    for position, bar in enumerate(bars):
        low, high = float(bar.low.amount), float(bar.high.amount)
        axes.barh(position, high - low, left=low, color="C0" if high >= low else "C3")
        ends = sorted([(low, f"P10: {bar.low_value}"), (high, f"P90: {bar.high_value}")])
        for (x, text), align, shift in zip(ends, ("right", "left"), (-4, 4), strict=True):
            axes.annotate(
                text,
                (x, position),
                xytext=(shift, 0),
                textcoords="offset points",
                ha=align,
                va="center",
                fontsize=8,
            )
    axes.use_sticky_edges = False  # bars stick to their base; room for the labels on both sides
    axes.margins(x=0.3)
    axes.set_yticks(range(len(bars)), [bar.input for bar in bars])
    axes.axvline(float(result.median.amount), color="black", linewidth=0.8)
    what = "NPV" if result.output == "npv" else "savings"
    axes.set_xlabel(f"{what} ({result.currency}), one input at P10 and at P90, others at median")
    axes.set_title(f"Sensitivity of the {what}")
    return axes


def plot_compliance(report: ServiceReport, *, ax: Axes | None = None) -> Axes:
    """Attainment per month of each SLA measured, its objective, breaches marked with a cross."""
    axes = _axes(ax)
    for account in report.accounts:
        results = [r for r in report.for_sla(account.sla_id) if r.measured is not None]
        if not results or metric_definition(results[0].metric).measure is Measure.COUNT:
            continue
        labels = [r.period.label for r in results]
        (line,) = axes.plot(labels, [float(r.measured or Decimal(0)) for r in results], marker="o")
        line.set_label(account.sla_id)
        axes.axhline(float(results[0].target), color=line.get_color(), linestyle=":")
        breached = [r for r in results if r.status is PeriodStatus.BREACHED]
        axes.scatter(
            [r.period.label for r in breached],
            [float(r.measured or Decimal(0)) for r in breached],
            marker="x",
            s=80,
            color="red",
            zorder=3,
        )
    axes.set_ylabel("attainment (%)")
    axes.set_title(f"{report.contract_id}: SLA compliance per month")
    axes.tick_params(axis="x", rotation=45)
    axes.legend()
    return axes
