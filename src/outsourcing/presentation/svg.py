"""Draw `Chart` and `Timeline` blocks as small, self-contained, accessible SVG.

The SVG has no script, no style sheet and no link: it can be inlined in an HTML page, saved as
a file or shown in a notebook. Each drawing is an image for screen readers (``role="img"``) named
by its ``<title>`` and described by its ``<desc>`` (the chart's one-sentence summary); every
label is a ``<text>`` element, so it can be selected and searched in the page. Colours are the
Okabe–Ito palette, readable with the common colour-vision deficiencies; missed months are also
drawn as crosses, so they do not depend on colour.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from outsourcing.presentation.document import Chart, SeriesStyle, Timeline
from outsourcing.presentation.formatting import Formatter
from outsourcing.presentation.messages import message

__all__ = ["chart_svg", "timeline_svg"]

#: Series colours, in order (Okabe–Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442")
#: The colour of problems: missed months, urgent dates.
PROBLEM = "#D55E00"
_GREY = "#52606d"
_LIGHT = "#d9e2ec"
_WIDTH = 720
_TOP = 40
_LEFT = 76
_RIGHT = 20
_PLOT_HEIGHT = 190
_LEGEND_ROW = 18
_FONT = 'font-family="system-ui,-apple-system,Segoe UI,sans-serif" font-size="11"'
#: Average advance of a character at 11 px, to lay out labels without measuring them.
_CHAR_WIDTH = 6.2
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _id(key: str) -> str:
    return "chart-" + _SAFE_ID.sub("-", key)


def _n(value: float) -> str:
    """A coordinate with one decimal at most (small files)."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low`` to ``high``: steps of 1, 2 or 5 times a power of ten."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _tick_label(value: float, formatter: Formatter) -> str:
    if value == int(value):
        return formatter.number(int(value))
    return formatter.number(Decimal(repr(value)).normalize())


def _svg_open(key: str, height: float, title: str, summary: str) -> list[str]:
    ident = _id(key)
    return [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {_n(height)}" '
            f'width="100%" role="img" aria-labelledby="{ident}-title {ident}-desc" '
            f'class="chart" id="{ident}" {_FONT}>'
        ),
        f'<title id="{ident}-title">{_escape(title)}</title>',
        f'<desc id="{ident}-desc">{_escape(summary)}</desc>',
        (
            f'<text x="{_LEFT}" y="18" font-size="13" font-weight="600" fill="#1f2933">'
            f"{_escape(title)}</text>"
        ),
    ]


def _legend(entries: Sequence[tuple[str, str, str]], top: float) -> tuple[list[str], float]:
    """Legend entries (name, colour, kind) laid out in rows; the SVG and the height used."""
    parts: list[str] = []
    x, y = float(_LEFT), top
    for name, colour, kind in entries:
        width = 22 + len(name) * _CHAR_WIDTH + 16
        if x + width > _WIDTH - _RIGHT and x > _LEFT:
            x, y = float(_LEFT), y + _LEGEND_ROW
        mid = y - 4
        match kind:
            case "band" | "bars":
                opacity = ' fill-opacity="0.3"' if kind == "band" else ""
                parts.append(
                    f'<rect x="{_n(x)}" y="{_n(mid - 5)}" width="16" height="10" '
                    f'fill="{colour}"{opacity}/>'
                )
            case "cross":
                parts.append(_cross(x + 8, mid, colour))
            case _:
                dash = ' stroke-dasharray="5 3"' if kind == "dashed" else ""
                parts.append(
                    f'<line x1="{_n(x)}" y1="{_n(mid)}" x2="{_n(x + 16)}" y2="{_n(mid)}" '
                    f'stroke="{colour}" stroke-width="2"{dash}/>'
                )
        parts.append(f'<text x="{_n(x + 22)}" y="{_n(y)}" fill="#1f2933">{_escape(name)}</text>')
        x += width
    return parts, y - top + _LEGEND_ROW


def _cross(x: float, y: float, colour: str, size: float = 4.5) -> str:
    return (
        f'<path d="M{_n(x - size)} {_n(y - size)}L{_n(x + size)} {_n(y + size)}'
        f'M{_n(x - size)} {_n(y + size)}L{_n(x + size)} {_n(y - size)}" '
        f'stroke="{colour}" stroke-width="2.5"/>'
    )


def _values(chart: Chart) -> Iterator[float]:
    for series in chart.series:
        yield from (float(v) for v in series.values if v is not None)
    if chart.band is not None:
        yield from (float(v) for v in chart.band.low)
        yield from (float(v) for v in chart.band.high)
    yield from (float(t.value) for t in chart.thresholds)
    if any(s.style is SeriesStyle.BARS for s in chart.series):
        yield 0.0


def _segments(points: Sequence[tuple[float, float] | None]) -> str:
    """An SVG path through the points, broken where a point is missing."""
    path = []
    pen_down = False
    for point in points:
        if point is None:
            pen_down = False
            continue
        path.append(f"{'L' if pen_down else 'M'}{_n(point[0])} {_n(point[1])}")
        pen_down = True
    return "".join(path)


def chart_svg(chart: Chart, formatter: Formatter) -> str:  # noqa: C901, PLR0912, PLR0915 - one drawing, read top to bottom
    """The chart as an SVG document (an ``<svg>`` element, ready to inline in HTML)."""
    count = len(chart.categories)
    values = list(_values(chart)) or [0.0]
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    plot_width = _WIDTH - _LEFT - _RIGHT
    step = plot_width / max(count, 1)
    bottom = _TOP + _PLOT_HEIGHT

    def x_at(index: float) -> float:
        return _LEFT + (index + 0.5) * step

    def y_at(value: float) -> float:
        return bottom - (value - low) / (high - low) * _PLOT_HEIGHT

    body: list[str] = []
    body.append(f'<text x="{_LEFT - 8}" y="{_TOP - 8}" text-anchor="end" fill="{_GREY}">')
    body.append(f"{_escape(chart.unit)}</text>")
    for tick in ticks:
        y = _n(y_at(tick))
        body.append(
            f'<line x1="{_LEFT}" y1="{y}" x2="{_WIDTH - _RIGHT}" y2="{y}" stroke="{_LIGHT}"/>'
            f'<text x="{_LEFT - 6}" y="{y}" dy="0.32em" text-anchor="end" fill="{_GREY}">'
            f"{_escape(_tick_label(tick, formatter))}</text>"
        )
    widest = max((len(c) for c in chart.categories), default=1) * _CHAR_WIDTH + 10
    every = max(1, math.ceil(widest / step))
    for i, category in enumerate(chart.categories):
        if i % every:
            continue
        body.append(
            f'<text x="{_n(x_at(i))}" y="{bottom + 16}" text-anchor="middle" fill="{_GREY}">'
            f"{_escape(category)}</text>"
        )
    legend: list[tuple[str, str, str]] = []
    if chart.band is not None:
        upper = [(x_at(i), y_at(float(v))) for i, v in enumerate(chart.band.high)]
        lower = [(x_at(i), y_at(float(v))) for i, v in enumerate(chart.band.low)]
        outline = " ".join(f"{_n(x)},{_n(y)}" for x, y in [*upper, *reversed(lower)])
        body.append(
            f'<polygon class="band" points="{outline}" fill="{PALETTE[0]}" fill-opacity="0.2"/>'
        )
        legend.append((chart.band.name, PALETTE[0], "band"))
    bars = [s for s in chart.series if s.style is SeriesStyle.BARS]
    bar_width = step * 0.8 / max(len(bars), 1)
    marked = 0
    for index, series in enumerate(chart.series):
        colour = PALETTE[index % len(PALETTE)]
        if series.style is SeriesStyle.BARS:
            offset = bars.index(series)
            rects = []
            for i, value in enumerate(series.values):
                if value is None:
                    continue
                x = _LEFT + i * step + step * 0.1 + offset * bar_width
                top, base = sorted((y_at(float(value)), y_at(max(low, 0.0))))
                rects.append(
                    f'<rect x="{_n(x)}" y="{_n(top)}" width="{_n(bar_width)}" '
                    f'height="{_n(max(base - top, 0.5))}"/>'
                )
            body.append(f'<g class="series" fill="{colour}">{"".join(rects)}</g>')
            legend.append((series.name, colour, "bars"))
        else:
            points = [
                None if v is None else (x_at(i), y_at(float(v)))
                for i, v in enumerate(series.values)
            ]
            dash = ' stroke-dasharray="5 3"' if series.style is SeriesStyle.DASHED else ""
            body.append(
                f'<path class="series" d="{_segments(points)}" fill="none" stroke="{colour}" '
                f'stroke-width="2"{dash}/>'
            )
            if count <= 36 and series.style is SeriesStyle.LINE:
                dots = "".join(
                    f'<circle cx="{_n(p[0])}" cy="{_n(p[1])}" r="2.5"/>' for p in points if p
                )
                body.append(f'<g fill="{colour}">{dots}</g>')
            legend.append((series.name, colour, series.style.value))
        crosses = []
        for i in sorted(series.marked):
            value = series.values[i]
            if value is None:
                continue
            x = x_at(i)
            if series.style is SeriesStyle.BARS:
                x = _LEFT + i * step + step * 0.1 + (bars.index(series) + 0.5) * bar_width
            crosses.append(_cross(x, y_at(float(value)), PROBLEM))
        if crosses:
            marked += len(crosses)
            body.append(f'<g class="missed">{"".join(crosses)}</g>')
    for threshold in chart.thresholds:
        colour = _GREY if threshold.series is None else PALETTE[threshold.series % len(PALETTE)]
        y = _n(y_at(float(threshold.value)))
        body.append(
            f'<line class="threshold" x1="{_LEFT}" y1="{y}" x2="{_WIDTH - _RIGHT}" y2="{y}" '
            f'stroke="{colour}" stroke-width="1.2" stroke-dasharray="2 3"/>'
        )
        legend.append((threshold.name, colour, "dashed"))
    for event in chart.events:
        at = _n(x_at(event.index))
        body.append(
            f'<line class="event" x1="{at}" y1="{_TOP}" x2="{at}" y2="{bottom}" stroke="#1f2933" '
            f'stroke-dasharray="1 3"/><text x="{at}" y="{_TOP - 4}" dx="4" fill="#1f2933">'
            f"{_escape(event.name)}</text>"
        )
    if marked:
        legend.append((message(formatter.language, "chart.missed"), PROBLEM, "cross"))
    legend_svg, legend_height = _legend(legend, bottom + 40)
    height = bottom + 40 + legend_height
    parts = _svg_open(chart.key, height, chart.title, chart.summary)
    return "".join([*parts, *body, *legend_svg, "</svg>"])


def _dates(timeline: Timeline) -> list[dt.date]:
    dates = [item.start for item in timeline.items]
    dates += [item.end for item in timeline.items if item.end is not None]
    if timeline.today is not None:
        dates.append(timeline.today)
    return dates


def timeline_svg(timeline: Timeline, formatter: Formatter) -> str:
    """The timeline as an SVG document: one line per item on a calendar axis, today marked."""
    dates = _dates(timeline)
    first, last = min(dates), max(dates)
    if timeline.items[0].end is None or last == first:
        last = max(last, first) + dt.timedelta(days=365)
    margin = dt.timedelta(days=max(1, (last - first).days // 30))  # room for the end marks
    first, last = first - margin, last + margin
    label_width = max(len(item.name) for item in timeline.items) * _CHAR_WIDTH + 24
    left = max(_LEFT, label_width)
    span = (last - first).days or 1
    width = _WIDTH - left - _RIGHT
    row = 24

    def x_at(day: dt.date) -> float:
        return left + (day - first).days / span * width

    top = _TOP + 10  # the date of the figures is written above the first line
    bottom = top + row * len(timeline.items)
    body: list[str] = []
    for year in range(first.year + 1, last.year + 1):
        at = _n(x_at(dt.date(year, 1, 1)))
        body.append(
            f'<line x1="{at}" y1="{top - 4}" x2="{at}" y2="{bottom}" stroke="{_LIGHT}"/>'
            f'<text x="{at}" y="{bottom + 16}" text-anchor="middle" fill="{_GREY}">{year}</text>'
        )
    for i, item in enumerate(timeline.items):
        y = top + i * row + row / 2
        colour = PROBLEM if item.urgent else PALETTE[i % len(PALETTE)]
        body.append(
            f'<text x="{_n(left - 8)}" y="{_n(y)}" dy="0.32em" text-anchor="end" '
            f'fill="#1f2933">{_escape(item.name)}</text>'
        )
        if item.end is None and i > 0:
            x, when = x_at(item.start), formatter.date(item.start)
            # a date in the right part of the axis is written to the left of its mark
            right = x > left + width * 0.6
            anchor = f'x="{_n(x - 10)}" text-anchor="end"' if right else f'x="{_n(x + 10)}"'
            body.append(
                f'<path d="M{_n(x)} {_n(y - 7)}l7 7l-7 7l-7 -7z" fill="{colour}"/>'
                f'<text {anchor} y="{_n(y)}" dy="0.32em" fill="{colour}">'
                f"{_escape(when)}</text>"
            )
            continue
        start = x_at(item.start)
        end = x_at(item.end) if item.end is not None else _WIDTH - _RIGHT
        fade = ' fill-opacity="0.55"' if item.end is None else ""
        body.append(
            f'<rect x="{_n(start)}" y="{_n(y - 7)}" width="{_n(max(end - start, 2))}" '
            f'height="14" rx="3" fill="{colour}"{fade}/>'
        )
    if timeline.today is not None:
        at = _n(x_at(timeline.today))
        today = formatter.date(timeline.today)
        body.append(
            f'<line class="today" x1="{at}" y1="{top - 6}" x2="{at}" y2="{bottom}" '
            f'stroke="#1f2933" stroke-width="1.5"/><text x="{at}" y="{top - 10}" '
            f'text-anchor="middle" fill="#1f2933">{_escape(today)}</text>'
        )
    parts = _svg_open(timeline.key, bottom + 28, timeline.title, timeline.summary)
    return "".join([*parts, *body, "</svg>"])
