"""The charts of the reports and of the notebooks, prepared once from the results.

Each function takes a result (`ServiceReport`, `BusinessCase`, `CostSimulation`,
`CostComparison`) or plain dates and returns a `Chart` or a `Timeline` block in the
formatter's language. The HTML report draws these blocks as inline SVG
(`outsourcing.presentation.svg`) and the notebook ``plot()`` functions draw the same blocks with
matplotlib (`outsourcing.notebook.plot_chart`), so a report and a notebook cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping, Sequence
from decimal import Decimal
from itertools import accumulate

from outsourcing.costs import CostComparison, CostSeries, CostSimulation
from outsourcing.costs.business_case import BusinessCase
from outsourcing.costs.horizon import Month
from outsourcing.model.money import Money
from outsourcing.model.sla import MeasurementPeriod, SLAMetric
from outsourcing.presentation.document import (
    Chart,
    ChartBand,
    ChartEvent,
    ChartSeries,
    ChartThreshold,
    SeriesStyle,
    Timeline,
    TimelineItem,
)
from outsourcing.presentation.formatting import Formatter
from outsourcing.presentation.messages import message
from outsourcing.sla.results import PeriodResult, ServiceReport

__all__ = [
    "attainment_chart",
    "credits_chart",
    "cumulative_cost_chart",
    "renewal_timeline",
    "savings_band_chart",
]

#: A notice deadline this close to the date of the figures (or passed) is urgent, in days.
URGENT_NOTICE_DAYS = 90
#: Attainment is drawn to two decimals (99.95 %).
_HUNDREDTHS = Decimal("0.01")


def _amounts(amounts: Sequence[Money]) -> tuple[Decimal, ...]:
    return tuple(a.amount for a in amounts)


def _cumulative(amounts: Sequence[Money]) -> tuple[Decimal, ...]:
    return tuple(accumulate(a.amount for a in amounts))


def _months(months: Sequence[Month], formatter: Formatter) -> tuple[str, ...]:
    return tuple(formatter.month(m.start) for m in months)


def _period_label(result: PeriodResult, formatter: Formatter) -> str:
    period = result.period
    if period.kind is MeasurementPeriod.MONTH:
        return formatter.month(period.start)
    return period.label


def _month_label(month: str, formatter: Formatter) -> str:
    year, _, number = month.partition("-")
    if not (year.isdigit() and number.isdigit()):
        return month
    return formatter.month(dt.date(int(year), int(number), 1))


def _attainment(result: PeriodResult | None) -> Decimal | None:
    if result is None or result.measured is None:
        return None
    return result.measured.quantize(_HUNDREDTHS)


def attainment_chart(
    key: str, title: str, names: Mapping[str, str], report: ServiceReport, formatter: Formatter
) -> Chart | None:
    """Attainment month by month of each percentage SLA, its objective, missed months marked.

    Incident counts are not percentages and are left to their table. Periods that start after
    the date of the figures are not drawn.

    Args:
        key: The chart's stable identifier.
        title: What the chart is about (the contract's title).
        names: Each SLA's name, by id, in the order the series are drawn.
        report: The service report.
        formatter: The report's formatter.

    Returns:
        The chart, or None when no percentage SLA has a measured month.
    """
    lang = formatter.language
    ended = report.as_of.astimezone(zoneinfo.ZoneInfo(report.timezone)).date()
    measured: list[tuple[str, dict[str, PeriodResult]]] = []
    starts: dict[str, dt.date] = {}
    for sla_id, name in names.items():
        results = [
            r
            for r in report.for_sla(sla_id)
            if r.period.start < ended
            and r.measured is not None
            and r.metric is not SLAMetric.INCIDENT_COUNT
        ]
        if not results:
            continue
        by_period: dict[str, PeriodResult] = {}
        for r in results:
            label = _period_label(r, formatter)
            by_period[label] = r
            starts.setdefault(label, r.period.start)
        measured.append((name, by_period))
    if not measured:
        return None
    categories = sorted(starts, key=starts.__getitem__)
    series = []
    thresholds = []
    missed = 0
    for i, (name, by_period) in enumerate(measured):
        values = [_attainment(by_period.get(c)) for c in categories]
        marked = {j for j, c in enumerate(categories) if c in by_period and by_period[c].breached}
        missed += len(marked)
        series.append(ChartSeries(name, values, SeriesStyle.LINE, marked))
        target = next(iter(by_period.values())).target
        objective = message(lang, "chart.objective", sla=name)
        thresholds.append(ChartThreshold(objective, target, series=i))
    summary = message(
        lang,
        "chart.attainment.summary",
        slas=formatter.number(len(series)),
        months=formatter.number(len(categories)),
        missed=formatter.number(missed),
    )
    return Chart(
        key=key,
        title=message(lang, "chart.attainment.title", title=title),
        summary=summary,
        categories=categories,
        unit="%",
        series=series,
        thresholds=thresholds,
    )


def credits_chart(
    key: str, title: str, report: ServiceReport, formatter: Formatter
) -> Chart | None:
    """Service credits month by month: owed before the caps, payable after, and the caps.

    Returns:
        The chart, or None when the report has no monthly credit.
    """
    months = report.monthly_credits
    if not months:
        return None
    lang = formatter.language
    series = [
        ChartSeries(
            message(lang, "chart.credits.owed"), [m.owed.amount for m in months], SeriesStyle.BARS
        ),
        ChartSeries(
            message(lang, "chart.credits.payable"),
            [m.payable.amount for m in months],
            SeriesStyle.BARS,
            {i for i, m in enumerate(months) if m.payable < m.owed},
        ),
    ]
    caps = (
        ("chart.credits.monthly_cap", [m.monthly_cap for m in months]),
        ("chart.credits.rolling_cap", [m.rolling_cap for m in months]),
    )
    for name, values in caps:
        if any(v is not None for v in values):
            amounts = [None if v is None else v.amount for v in values]
            series.append(ChartSeries(message(lang, name), amounts, SeriesStyle.DASHED))
    total = sum((m.payable for m in months), start=Money(0, months[0].payable.currency))
    capped = sum(1 for m in months if m.payable < m.owed)
    return Chart(
        key=key,
        title=message(lang, "chart.credits.title", title=title),
        summary=message(
            lang,
            "chart.credits.summary",
            months=formatter.number(len(months)),
            payable=formatter.money(total),
            capped=formatter.number(capped),
        ),
        categories=[_month_label(m.month, formatter) for m in months],
        unit=months[0].payable.currency,
        series=series,
    )


def _break_even(month: int | None, count: int, lang: str) -> tuple[ChartEvent, ...]:
    if month is None or not 1 <= month <= count:
        return ()
    return (ChartEvent(message(lang, "chart.break_even", n=month), month - 1),)


def cumulative_cost_chart(key: str, title: str, case: BusinessCase, formatter: Formatter) -> Chart:
    """Cumulative cost month by month, in house against outsourced, the break-even marked."""
    lang = formatter.language
    comparison = case.comparison
    count = len(comparison.months)
    month = comparison.break_even_month
    summary = (
        message(lang, "chart.cost.summary.never", months=count)
        if month is None
        else message(
            lang,
            "chart.cost.summary",
            n=month,
            month=formatter.month(comparison.months[month - 1].start),
        )
    )
    return Chart(
        key=key,
        title=message(lang, "chart.cost.title", title=title),
        summary=summary,
        categories=_months(comparison.months, formatter),
        unit=comparison.currency,
        series=[
            ChartSeries(message(lang, "costs.in_house"), _cumulative(comparison.baseline)),
            ChartSeries(message(lang, "costs.outsourced"), _cumulative(comparison.alternative)),
        ],
        events=_break_even(month, count, lang),
    )


def savings_band_chart(
    key: str,
    title: str,
    simulation: CostSimulation,
    formatter: Formatter,
    comparison: CostComparison | None = None,
) -> Chart:
    """Cumulative savings month by month: the P10–P90 band of the runs around the median.

    Args:
        key: The chart's stable identifier.
        title: What the chart is about (the contract's title).
        simulation: The Monte Carlo simulation.
        formatter: The report's formatter.
        comparison: The exact comparison, drawn dashed with its break-even marked (None: not
            drawn).
    """
    lang = formatter.language
    band = simulation.percentiles(CostSeries.CUMULATIVE_SAVINGS)
    count = len(band.p50)
    series = [ChartSeries(message(lang, "chart.band.median"), _amounts(band.p50))]
    events: tuple[ChartEvent, ...] = ()
    if comparison is not None:
        assumed = ChartSeries(
            message(lang, "chart.band.assumed"),
            _amounts(comparison.cumulative_savings),
            SeriesStyle.DASHED,
        )
        series.append(assumed)
        events = _break_even(comparison.break_even_month, count, lang)
    return Chart(
        key=key,
        title=message(lang, "chart.band.title", title=title),
        summary=message(
            lang,
            "chart.band.summary",
            runs=formatter.number(simulation.runs),
            low=formatter.money(band.p10[-1]),
            median=formatter.money(band.p50[-1]),
            high=formatter.money(band.p90[-1]),
        ),
        categories=_months(simulation.months, formatter),
        unit=simulation.currency,
        series=series,
        band=ChartBand(message(lang, "chart.band.range"), _amounts(band.p10), _amounts(band.p90)),
        thresholds=[ChartThreshold(message(lang, "chart.zero"), Decimal(0))],
        events=events,
    )


def renewal_timeline(
    key: str,
    title: str,
    formatter: Formatter,
    *,
    start: dt.date,
    end: dt.date | None,
    notice_by: dt.date | None = None,
    renewals: Sequence[dt.date] = (),
    today: dt.date | None = None,
) -> Timeline:
    """A contract's term, its notice deadline and renewal dates on one calendar axis.

    The dates are plain inputs, so the contract-lifecycle calendar (or a caller's own) can
    supply them.

    Args:
        key: The timeline's stable identifier.
        title: What the timeline is about (the contract's title).
        formatter: The report's formatter.
        start: The first day of the term.
        end: The last day of the term (None: open-ended).
        notice_by: The last day to give notice of termination or non-renewal (None: none).
        renewals: The dates the term renews on.
        today: The date of the figures (None: not drawn).
    """
    lang = formatter.language
    items = [TimelineItem(message(lang, "chart.timeline.term"), start, end)]
    if notice_by is not None:
        urgent = today is not None and (notice_by - today).days <= URGENT_NOTICE_DAYS
        if end is not None and notice_by < end:
            window = message(lang, "chart.timeline.notice_window")
            items.append(TimelineItem(window, notice_by, end))
        deadline = message(lang, "chart.timeline.notice_by")
        items.append(TimelineItem(deadline, notice_by, urgent=urgent))
    items.extend(
        TimelineItem(message(lang, "chart.timeline.renewal"), renewal) for renewal in renewals
    )
    if end is None:
        summary = message(lang, "chart.timeline.summary.open", start=formatter.date(start))
    elif notice_by is None:
        summary = message(
            lang, "chart.timeline.summary.end", start=formatter.date(start), end=formatter.date(end)
        )
    else:
        summary = message(
            lang,
            "chart.timeline.summary",
            start=formatter.date(start),
            end=formatter.date(end),
            notice_by=formatter.date(notice_by),
        )
    return Timeline(
        key=key,
        title=message(lang, "chart.timeline.title", title=title),
        summary=summary,
        items=items,
        today=today,
    )
