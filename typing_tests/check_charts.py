"""Static checks of the report's charts and of reasons as data.

Type-checked by mypy (``mypy src tests typing_tests``), never run.
"""

import datetime as dt
from decimal import Decimal
from typing import assert_type

from outsourcing import BusinessCase, Money, Reason, ServiceReport, Span
from outsourcing.presentation import Chart, Formatter, Timeline
from outsourcing.presentation.charts import (
    attainment_chart,
    credits_chart,
    cumulative_cost_chart,
    renewal_timeline,
    savings_band_chart,
)
from outsourcing.presentation.reasons import reason_text, span_text
from outsourcing.presentation.svg import chart_svg, timeline_svg


def charts(report: ServiceReport, case: BusinessCase, formatter: Formatter) -> None:
    assert_type(attainment_chart("k", "t", {"sla": "SLA"}, report, formatter), Chart | None)
    assert_type(credits_chart("k", "t", report, formatter), Chart | None)
    assert_type(cumulative_cost_chart("k", "t", case, formatter), Chart)
    band = savings_band_chart("k", "t", case.simulation, formatter, case.comparison)
    assert_type(band, Chart)
    assert_type(band.series[0].values, tuple[Decimal | None, ...])
    assert_type(chart_svg(band, formatter), str)
    timeline = renewal_timeline("k", "t", formatter, start=dt.date(2025, 1, 1), end=None)
    assert_type(timeline, Timeline)
    assert_type(timeline_svg(timeline, formatter), str)


def reasons(formatter: Formatter) -> None:
    reason = Reason.of("reversibility.estimates.cost", cost=Money("1", "EUR"))
    assert_type(
        reason.values, dict[str, str | int | Decimal | Money | Span | dt.date | tuple[str, ...]]
    )
    assert_type(reason_text(reason, formatter), str)
    assert_type(span_text(Span(months=3), formatter), str)
