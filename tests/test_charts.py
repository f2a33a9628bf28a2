"""Charts: prepared once from the results, drawn as SVG in the report and by matplotlib."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from decimal import Decimal

import matplotlib as mpl
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from demo_report import demo_report
from outsourcing import InvalidValueError, ServiceRecords, evaluate_portfolio_slas
from outsourcing.costs.business_case import BusinessCase, business_case
from outsourcing.notebook import plot_chart, plot_compliance
from outsourcing.presentation import (
    Formatter,
    Language,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from outsourcing.presentation.charts import (
    attainment_chart,
    credits_chart,
    cumulative_cost_chart,
    renewal_timeline,
    savings_band_chart,
)
from outsourcing.presentation.document import (
    Chart,
    ChartEvent,
    ChartSeries,
    Report,
    Section,
    Table,
    Timeline,
)
from outsourcing.presentation.svg import chart_svg, nice_ticks, timeline_svg
from outsourcing.samples import (
    SAMPLE_AS_OF,
    sample_deliveries,
    sample_downtime,
    sample_portfolio,
    sample_tickets,
)
from outsourcing.sla.results import ServiceReport

mpl.use("Agg")

_SVG = "{http://www.w3.org/2000/svg}"
EN = Formatter(Language.EN)


@pytest.fixture(scope="module")
def reports() -> dict[str, ServiceReport]:
    """The demo's service reports, by contract id."""
    records = ServiceRecords(sample_tickets(), sample_downtime(), sample_deliveries())
    evaluated = evaluate_portfolio_slas(sample_portfolio(), records, as_of=SAMPLE_AS_OF)
    return {c.id: r for c, r in evaluated.reports() if r is not None}


@pytest.fixture(scope="module")
def case() -> BusinessCase:
    """The business case of the payroll and accounting contract."""
    portfolio = sample_portfolio()
    result = business_case(portfolio, portfolio.contract("atlas-finance"))
    assert isinstance(result, BusinessCase)
    return result


def _names(contract_id: str) -> dict[str, str]:
    return {sla.id: sla.name for sla in sample_portfolio().contract(contract_id).slas}


def test_attainment_chart_marks_each_missed_month(reports: dict[str, ServiceReport]) -> None:
    """The payroll contract's chart: three SLAs over nine months, four missed months crossed."""
    report = reports["atlas-finance"]
    chart = attainment_chart("sla", "Paie", _names("atlas-finance"), report, EN)
    assert chart is not None
    assert len(chart.categories) == 9
    assert chart.categories[0] == "Jan 2025"
    assert [len(s.marked) for s in chart.series] == [1, 2, 1]
    on_time = chart.series[0]
    assert on_time.values[4] == Decimal("50.00")  # May 2025: one payslip run of two on time
    assert 4 in on_time.marked
    assert [t.value for t in chart.thresholds] == [Decimal(100), Decimal("99.5"), Decimal(95)]
    assert [t.series for t in chart.thresholds] == [0, 1, 2]


def test_credits_chart_sums_to_the_payable_total(reports: dict[str, ServiceReport]) -> None:
    """The payable bars add up to what the report says is payable; the caps are drawn."""
    report = reports["atlas-finance"]
    chart = credits_chart("credits", "Paie", report, EN)
    assert chart is not None
    payable = next(s for s in chart.series if s.name == "Payable after caps")
    assert sum(v for v in payable.values if v is not None) == Decimal("679.60")
    assert report.total_payable is not None
    assert report.total_payable.amount == Decimal("679.60")
    assert {s.name for s in chart.series} >= {"Monthly cap", "Owed before caps"}


def test_cost_chart_ends_on_the_totals_and_marks_the_break_even(case: BusinessCase) -> None:
    """Cumulative cost ends on each side's total; the break-even is month 6 (May 2025)."""
    chart = cumulative_cost_chart("cost", "Paie", case, EN)
    in_house, outsourced = chart.series
    assert in_house.values[-1] == case.in_house.total.amount
    assert outsourced.values[-1] == case.outsourced.total.amount
    assert [e.index for e in chart.events] == [5]
    assert chart.categories[5] == "May 2025"
    assert "May 2025 (month 6)" in chart.summary


def test_savings_band_holds_the_median(case: BusinessCase) -> None:
    """Month by month, P10 <= median <= P90, and the summary gives the end-of-term figures."""
    chart = savings_band_chart("band", "Paie", case.simulation, EN, case.comparison)
    assert chart.band is not None
    median = chart.series[0].values
    for low, mid, high in zip(chart.band.low, median, chart.band.high, strict=True):
        assert mid is not None
        assert low <= mid <= high
    assert "€294,520.90 (median)" in chart.summary  # P50 of the 2,000 runs, month 36
    assert [t.value for t in chart.thresholds] == [Decimal(0)]


def test_timeline_marks_a_close_notice_deadline_urgent() -> None:
    """A notice deadline 30 days after the date of the figures is urgent."""
    timeline = renewal_timeline(
        "timeline",
        "Care",
        EN,
        start=dt.date(2025, 3, 1),
        end=dt.date(2026, 2, 28),
        notice_by=dt.date(2025, 11, 28),
        renewals=[dt.date(2026, 3, 1)],
        today=dt.date(2025, 10, 29),
    )
    names = [(i.name, i.start, i.end, i.urgent) for i in timeline.items]
    assert names == [
        ("Term", dt.date(2025, 3, 1), dt.date(2026, 2, 28), False),
        ("Notice period", dt.date(2025, 11, 28), dt.date(2026, 2, 28), False),
        ("Notice deadline", dt.date(2025, 11, 28), None, True),
        ("Renewal", dt.date(2026, 3, 1), None, False),
    ]
    assert "notice to be given by 28 November 2025" in timeline.summary


def test_a_far_notice_deadline_is_not_urgent() -> None:
    """A deadline more than 90 days away is not urgent; an open-ended term has no deadline."""
    far = renewal_timeline(
        "t", "X", EN, start=dt.date(2025, 1, 1), end=dt.date(2027, 12, 31),
        notice_by=dt.date(2027, 9, 30), today=dt.date(2025, 9, 30),
    )  # fmt: skip
    assert not any(item.urgent for item in far.items)
    open_ended = renewal_timeline("t", "X", EN, start=dt.date(2024, 7, 1), end=None)
    assert [item.name for item in open_ended.items] == ["Term"]
    assert open_ended.summary == "Open-ended term from 1 July 2024."


def _svg(text: str) -> ET.Element:
    root = ET.fromstring(text)  # noqa: S314 - our own output, parsed to check it
    assert root.tag == f"{_SVG}svg"
    return root


def test_chart_svg_is_accessible_and_self_contained(reports: dict[str, ServiceReport]) -> None:
    """The SVG is well-formed, named by its title and summary, its labels are text, no script."""
    chart = attainment_chart("sla-x", "Paie", _names("atlas-finance"), reports["atlas-finance"], EN)
    assert chart is not None
    text = chart_svg(chart, EN)
    root = _svg(text)
    assert root.get("role") == "img"
    ids = (root.get("aria-labelledby") or "").split()
    found = {e.get("id"): e for e in root.iter() if e.get("id")}
    assert [found[i].tag for i in ids] == [f"{_SVG}title", f"{_SVG}desc"]
    assert found[ids[1]].text == chart.summary
    labels = {e.text for e in root.iter(f"{_SVG}text")}
    assert {"Jan 2025", "Bulletins de paie et DSN livrés à temps", "Missed", "%"} <= labels
    assert len(root.findall(f".//{_SVG}g[@class='missed']")) == 3  # one group per SLA
    assert "<script" not in text
    assert "http" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_timeline_svg_draws_a_bar_per_span_and_a_diamond_per_date() -> None:
    """Spans are bars, single dates diamonds, the date of the figures a line."""
    timeline = renewal_timeline(
        "t", "X", EN, start=dt.date(2025, 1, 1), end=dt.date(2027, 12, 31),
        notice_by=dt.date(2027, 9, 30), today=dt.date(2025, 9, 30),
    )  # fmt: skip
    root = _svg(timeline_svg(timeline, EN))
    assert len(root.findall(f"{_SVG}rect")) == 2  # the term and the notice window
    assert len(root.findall(f"{_SVG}path")) == 1  # the deadline
    assert len(root.findall(f"{_SVG}line[@class='today']")) == 1
    labels = {e.text for e in root.iter(f"{_SVG}text")}
    assert {"2026", "2027", "30 September 2027", "30 September 2025"} <= labels


@given(
    st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
    st.floats(min_value=0.01, max_value=1e7, allow_nan=False),
)
def test_ticks_cover_the_values_in_even_steps(low: float, extent: float) -> None:
    """Ticks start at or below the lowest value, end at or above the highest, evenly spaced."""
    ticks = nice_ticks(low, low + extent)
    assert ticks[0] <= low
    assert ticks[-1] >= low + extent
    steps = np.diff(ticks)
    assert np.allclose(steps, steps[0], rtol=1e-6)
    assert 2 <= len(ticks) <= 12


def test_the_notebook_draws_the_reports_chart(reports: dict[str, ServiceReport]) -> None:
    """`ServiceReport.plot()` draws the very values and crosses the report's chart holds."""
    report = reports["atlas-finance"]
    names = {a.sla_id: a.sla_id for a in report.accounts}
    chart = attainment_chart("sla", "atlas-finance", names, report, EN)
    assert chart is not None
    ax = plot_compliance(report)
    lines = {str(line.get_label()): line for line in ax.get_lines()}
    for series in chart.series:
        drawn = np.asarray(lines[series.name].get_ydata(), dtype=float)
        assert np.array_equal(
            drawn, [float(v) if v is not None else np.nan for v in series.values], equal_nan=True
        )
    crosses = sum(np.asarray(c.get_offsets()).shape[0] for c in ax.collections)
    assert crosses == sum(len(s.marked) for s in chart.series) == 4


def test_plot_chart_draws_bars_and_dashed_caps(reports: dict[str, ServiceReport]) -> None:
    """A credits chart in matplotlib: one bar per month and series, the caps as dashed lines."""
    chart = credits_chart("credits", "Paie", reports["atlas-finance"], EN)
    assert chart is not None
    ax = plot_chart(chart)
    bars = [s for s in chart.series if s.style.value == "bars"]
    assert len(ax.patches) == len(bars) * len(chart.categories)
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert len(dashed) == len(chart.series) - len(bars)


def test_every_renderer_shows_a_chart() -> None:
    """HTML inlines the SVG, text and Markdown say what it shows, JSON gives the exact data."""
    chart = Chart(
        key="k",
        title="Attainment",
        summary="One month missed.",
        categories=["Jan", "Feb"],
        unit="%",
        series=[ChartSeries("On time", [Decimal("99.5"), Decimal("97.25")], marked=[1])],
    )
    report = Report("R", "en", sections=[Section("s", "S", [chart])])
    assert "<svg" in render_html(report)
    assert "<figcaption>One month missed.</figcaption>" in render_html(report)
    assert "Chart: One month missed." in render_text(report)
    assert "*Chart: One month missed.*" in render_markdown(report)
    data = json.loads(render_json(report))["sections"][0]["blocks"][0]
    assert data["type"] == "chart"
    assert data["series"] == [
        {"name": "On time", "style": "line", "values": ["99.5", "97.25"], "marked": [1]}
    ]


def test_chart_and_table_reject_inconsistent_data() -> None:
    """A series of the wrong length, an event off the axis, a marked row that does not exist."""
    with pytest.raises(InvalidValueError, match=r"Chart.series\[0\].values: must have 2 values"):
        Chart("k", "t", "s", ["a", "b"], "%", [ChartSeries("x", [Decimal(1)])])
    with pytest.raises(InvalidValueError, match=r"Chart\.events\.index: must be below 2"):
        Chart("k", "t", "s", ["a", "b"], "%", events=[ChartEvent("e", 2)])
    with pytest.raises(InvalidValueError, match=r"Table\.marked: must be a row index below 1"):
        Table(["a"], [("x",)], marked=[3])


def test_the_demo_report_has_five_kinds_of_chart() -> None:
    """`outsourcing demo`: attainment, credits, cost, savings band and timeline per contract."""
    html = render_html(demo_report("en"))
    for kind in ("sla", "credits", "cost", "band", "timeline"):
        for contract in ("atlas-finance", "tana-care", "rhone-it"):
            assert f'id="chart-{kind}-{contract}"' in html
    assert html.count('<tr class="problem">') >= 4
    assert '<nav class="contents"' in html


def test_timeline_needs_a_date() -> None:
    """A timeline with no item has nothing to draw: drawing it fails loudly."""
    timeline = Timeline("k", "t", "s", items=[])
    with pytest.raises(ValueError):  # noqa: PT011 - min() of nothing
        timeline_svg(timeline, EN)
