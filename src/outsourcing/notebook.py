"""Results in a notebook: HTML for ``_repr_html_`` and matplotlib charts for ``plot()``.

The result classes (`CostProjection`, `CostComparison`, `CostSimulation`, `ServiceReport`,
`PortfolioServiceLevels`, `Classification`, `ContractReview`, `BusinessCase`) and the
presentation's `Report` import this module only when a notebook
asks for their HTML or a chart, so the library itself never imports babel or matplotlib.
Charts are drawn on the given matplotlib axes (or new ones) and the axes are returned.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from outsourcing.classification.classify import Classification
from outsourcing.costs import CostComparison, CostProjection, CostSeries, CostSimulation
from outsourcing.costs.business_case import BusinessCase
from outsourcing.costs.offers import OfferComparison
from outsourcing.costs.sensitivity import Sensitivity
from outsourcing.exceptions import InvalidValueError, MissingDependencyError
from outsourcing.model.money import Money
from outsourcing.presentation.charts import attainment_chart, savings_band_chart
from outsourcing.presentation.document import (
    Block,
    Chart,
    KeyFigure,
    KeyFigures,
    Report,
    Section,
    SeriesStyle,
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
from outsourcing.presentation.svg import PALETTE, PROBLEM
from outsourcing.review.contract_review import ContractReview
from outsourcing.sla.portfolio import PortfolioServiceLevels
from outsourcing.sla.results import ServiceReport

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "plot_business_case",
    "plot_chart",
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


def _floats(values: Sequence[Decimal | None]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


def plot_chart(chart: Chart, *, ax: Axes | None = None) -> Axes:
    """Draw a report `Chart` with matplotlib: what the HTML report draws as SVG.

    Categories sit at x = 1, 2, … (month numbers of a projection); a series' missed months are
    red crosses; thresholds are dotted horizontal lines in their series' colour; events are
    dotted vertical lines with their name.

    Args:
        chart: The chart (from `outsourcing.presentation.charts`).
        ax: The axes to draw on (default: new ones).
    """
    axes = _axes(ax)
    positions = list(range(1, len(chart.categories) + 1))
    if chart.band is not None:
        axes.fill_between(
            positions,
            _floats(chart.band.low),
            _floats(chart.band.high),
            alpha=0.25,
            color=PALETTE[0],
            label=chart.band.name,
        )
    bars = [s for s in chart.series if s.style is SeriesStyle.BARS]
    width = 0.8 / max(len(bars), 1)
    for index, series in enumerate(chart.series):
        colour = PALETTE[index % len(PALETTE)]
        values = _floats(series.values)
        if series.style is SeriesStyle.BARS:
            offset = (bars.index(series) - (len(bars) - 1) / 2) * width
            xs: list[float] = [p + offset for p in positions]
            axes.bar(xs, values, width, color=colour, label=series.name)
        else:
            xs = [float(p) for p in positions]
            style = "--" if series.style is SeriesStyle.DASHED else "-"
            marker = "o" if series.style is SeriesStyle.LINE and len(positions) <= 36 else ""
            axes.plot(xs, values, linestyle=style, marker=marker, color=colour, label=series.name)
        if series.marked:
            marked = sorted(series.marked)
            axes.scatter(
                [xs[i] for i in marked],
                [values[i] for i in marked],
                marker="x",
                s=80,
                color=PROBLEM,
                zorder=3,
            )
    for threshold in chart.thresholds:
        colour = "grey" if threshold.series is None else PALETTE[threshold.series % len(PALETTE)]
        axes.axhline(
            float(threshold.value), color=colour, linestyle=":", label="_" + threshold.name
        )
    for event in chart.events:
        axes.axvline(event.index + 1, color="grey", linestyle=":")
        axes.annotate(
            event.name,
            (event.index + 1, 0),
            textcoords="offset points",
            xytext=(4, 6),
        )
    every = max(1, len(positions) // 12)
    axes.set_xticks(positions[::every], chart.categories[::every], rotation=45, ha="right")
    axes.set_ylabel(chart.unit)
    axes.set_title(chart.title)
    axes.legend()
    return axes


def plot_costs(
    simulation: CostSimulation,
    comparison: CostComparison | None = None,
    *,
    ax: Axes | None = None,
    language: Language | str = Language.EN,
) -> Axes:
    """Cumulative savings month by month: the P10–P90 band, the median, the break-even.

    The chart the report shows (`outsourcing.presentation.charts.savings_band_chart`).

    Args:
        simulation: The Monte Carlo simulation.
        comparison: The exact comparison, drawn as a dashed line with its break-even marked.
        ax: The axes to draw on (default: new ones).
        language: The language of the labels.
    """
    formatter = Formatter(to_language(language))
    chart = savings_band_chart("band", "", simulation, formatter, comparison)
    return plot_chart(chart, ax=ax)


def plot_business_case(
    case: BusinessCase, *, ax: Axes | None = None, language: Language | str = Language.EN
) -> Axes:
    """The savings chart of a business case (`plot_costs`), titled by its contract."""
    formatter = Formatter(to_language(language))
    chart = savings_band_chart(
        f"band-{case.contract_id}", case.contract_id, case.simulation, formatter, case.comparison
    )
    return plot_chart(chart, ax=ax)


def plot_compliance(
    report: ServiceReport, *, ax: Axes | None = None, language: Language | str = Language.EN
) -> Axes:
    """Attainment per month of each SLA measured, its objective, missed months crossed.

    The chart the report shows (`outsourcing.presentation.charts.attainment_chart`), with each
    SLA named by its id.

    Raises:
        InvalidValueError: If no SLA of the report has a measured percentage to draw.
    """
    formatter = Formatter(to_language(language))
    names = {account.sla_id: account.sla_id for account in report.accounts}
    chart = attainment_chart(
        f"sla-{report.contract_id}", report.contract_id, names, report, formatter
    )
    if chart is None:
        raise InvalidValueError("report", report.contract_id, "has no measured percentage to plot")
    return plot_chart(chart, ax=ax)


def plot_offers(result: OfferComparison, *, ax: Axes | None = None) -> Axes:
    """Savings over the horizon per offer: the P10–P90 range, the median, the exact figure."""
    axes = _axes(ax)
    for position, offer in enumerate(result.offers):
        p10, p50, p90 = (float(m.amount) for m in offer.savings_percentiles())
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
