"""A neutral report: sections of paragraphs, key figures, tables, notices and lists.

The report builder fills one in a given language; the renderers (`render_text`,
`render_markdown`, `render_html`, `render_json`) write it out. Values stay typed (`Money`,
`Percentage`, dates) until a renderer formats them for the report's locale, so the JSON
rendering keeps exact amounts while the text rendering reads ``1 234,50 €``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum

import attrs

from outsourcing.exceptions import InvalidValueError, UnknownReferenceError
from outsourcing.model._checks import non_empty
from outsourcing.presentation.formatting import Formatter, Value
from outsourcing.presentation.locale import Language, to_language

__all__ = [
    "Block",
    "BulletList",
    "Chart",
    "ChartBand",
    "ChartEvent",
    "ChartSeries",
    "ChartThreshold",
    "KeyFigure",
    "KeyFigures",
    "Notice",
    "Paragraph",
    "Report",
    "Section",
    "SeriesStyle",
    "Severity",
    "Table",
    "Timeline",
    "TimelineItem",
]


def _texts(texts: Iterable[str]) -> tuple[str, ...]:
    return tuple(texts)


@attrs.frozen
class Paragraph:
    """A paragraph of text.

    Attributes:
        text: The text, in the report's language.
    """

    text: str


@attrs.frozen
class KeyFigure:
    """One headline number with its label.

    Attributes:
        label: What the number is.
        value: The number (money, percentage, date, count or text).
    """

    label: str
    value: Value


def _figures(figures: Iterable[KeyFigure]) -> tuple[KeyFigure, ...]:
    return tuple(figures)


@attrs.frozen
class KeyFigures:
    """Headline numbers shown together.

    Attributes:
        items: The figures, in reading order.
    """

    items: tuple[KeyFigure, ...] = attrs.field(converter=_figures)


def _indices(indices: Iterable[int]) -> frozenset[int]:
    return frozenset(indices)


def _to_rows(rows: Iterable[Iterable[Value]]) -> tuple[tuple[Value, ...], ...]:
    return tuple(tuple(row) for row in rows)


def _row_widths(instance: Table, _attribute: object, rows: tuple[tuple[Value, ...], ...]) -> None:
    for i, row in enumerate(rows):
        if len(row) != len(instance.columns):
            raise InvalidValueError(
                f"Table.rows[{i}]", row, f"must have {len(instance.columns)} cells"
            )


@attrs.frozen
class Table:
    """A table with a header row.

    Attributes:
        columns: Column headings.
        rows: Rows, each with one value per column.
        caption: A caption (empty: none).
        marked: The indices of rows that show a problem (a missed month), coloured by the
            renderers that have colour.
    """

    columns: tuple[str, ...] = attrs.field(converter=_texts)
    rows: tuple[tuple[Value, ...], ...] = attrs.field(converter=_to_rows, validator=_row_widths)
    caption: str = ""
    marked: frozenset[int] = attrs.field(default=frozenset(), converter=_indices)

    @marked.validator
    def _marked_rows(self, _attribute: object, marked: frozenset[int]) -> None:
        for index in sorted(marked):
            if not 0 <= index < len(self.rows):
                raise InvalidValueError(
                    "Table.marked", index, f"must be a row index below {len(self.rows)}"
                )


class Severity(StrEnum):
    """How much a notice matters to the reader."""

    INFO = "info"
    WARNING = "warning"
    PROBLEM = "problem"


@attrs.frozen
class Notice:
    """A sentence that stands out: a finding, a warning, a problem.

    Attributes:
        severity: How much it matters.
        text: The sentence.
    """

    severity: Severity
    text: str


class SeriesStyle(StrEnum):
    """How a chart series is drawn."""

    LINE = "line"
    DASHED = "dashed"
    BARS = "bars"


def _decimals(values: Iterable[Decimal | None]) -> tuple[Decimal | None, ...]:
    return tuple(values)


@attrs.frozen
class ChartSeries:
    """One series of a chart: a value per category (None: nothing to draw there).

    Attributes:
        name: The name in the legend.
        values: One value per category of the chart.
        style: Drawn as a line, a dashed line or bars.
        marked: The indices of the categories where the value is a problem (a missed month),
            drawn with a cross.
    """

    name: str
    values: tuple[Decimal | None, ...] = attrs.field(converter=_decimals)
    style: SeriesStyle = SeriesStyle.LINE
    marked: frozenset[int] = attrs.field(default=frozenset(), converter=_indices)


def _bounds(values: Iterable[Decimal]) -> tuple[Decimal, ...]:
    return tuple(values)


@attrs.frozen
class ChartBand:
    """A shaded range around the series: the low and high value per category.

    Attributes:
        name: The name in the legend (``P10–P90``).
        low: The lower bound per category.
        high: The upper bound per category.
    """

    name: str
    low: tuple[Decimal, ...] = attrs.field(converter=_bounds)
    high: tuple[Decimal, ...] = attrs.field(converter=_bounds)


@attrs.frozen
class ChartThreshold:
    """A horizontal line across the chart: an objective, zero.

    Attributes:
        name: What the line is.
        value: Where it is.
        series: The index of the series it belongs to, drawn in its colour (None: none).
    """

    name: str
    value: Decimal
    series: int | None = None


@attrs.frozen
class ChartEvent:
    """A vertical line at one category: the break-even month.

    Attributes:
        name: What happens there.
        index: The category's index.
    """

    name: str
    index: int


def _series(series: Iterable[ChartSeries]) -> tuple[ChartSeries, ...]:
    return tuple(series)


def _thresholds(thresholds: Iterable[ChartThreshold]) -> tuple[ChartThreshold, ...]:
    return tuple(thresholds)


def _events(events: Iterable[ChartEvent]) -> tuple[ChartEvent, ...]:
    return tuple(events)


@attrs.frozen
class Chart:
    """A chart of values by category (months): lines, bars, a band, thresholds, events.

    The values are exact; a renderer draws them (HTML as inline SVG), writes the summary (text,
    Markdown) or gives the data (JSON).

    Attributes:
        key: A stable identifier (``sla-atlas-finance``), the same in every language.
        title: The title, in the report's language.
        summary: One sentence saying what the chart shows, for a caption and screen readers.
        categories: The labels along the horizontal axis, in order.
        unit: The unit of the vertical axis (``%``, a currency code).
        series: The series drawn, each with one value per category.
        band: A shaded range (None: none).
        thresholds: Horizontal lines.
        events: Vertical lines.
    """

    key: str = attrs.field(validator=non_empty)
    title: str
    summary: str
    categories: tuple[str, ...] = attrs.field(converter=_texts)
    unit: str
    series: tuple[ChartSeries, ...] = attrs.field(default=(), converter=_series)
    band: ChartBand | None = None
    thresholds: tuple[ChartThreshold, ...] = attrs.field(default=(), converter=_thresholds)
    events: tuple[ChartEvent, ...] = attrs.field(default=(), converter=_events)

    def __attrs_post_init__(self) -> None:
        """Every series and the band have one value per category; events fall on one."""
        count = len(self.categories)
        for i, series in enumerate(self.series):
            if len(series.values) != count:
                raise InvalidValueError(
                    f"Chart.series[{i}].values", len(series.values), f"must have {count} values"
                )
        if self.band is not None and not len(self.band.low) == len(self.band.high) == count:
            raise InvalidValueError("Chart.band", self.band.name, f"must have {count} values")
        for event in self.events:
            if not 0 <= event.index < count:
                raise InvalidValueError("Chart.events.index", event.index, f"must be below {count}")


@attrs.frozen
class TimelineItem:
    """One line of a timeline: a span of dates, or a single date when ``end`` is None.

    Attributes:
        name: What it is (the term, the notice window, the notice deadline).
        start: Its first day.
        end: Its last day (None: a single date).
        urgent: Whether it needs the reader's attention (a deadline soon or passed).
    """

    name: str
    start: dt.date
    end: dt.date | None = None
    urgent: bool = False


def _items(items: Iterable[TimelineItem]) -> tuple[TimelineItem, ...]:
    return tuple(items)


@attrs.frozen
class Timeline:
    """Dates on a calendar axis: a contract's term, notice window and renewal dates.

    Attributes:
        key: A stable identifier, the same in every language.
        title: The title, in the report's language.
        summary: One sentence saying what the timeline shows.
        items: The spans and dates, one line each, in reading order.
        today: The date of the figures, drawn as a line (None: not drawn).
    """

    key: str = attrs.field(validator=non_empty)
    title: str
    summary: str
    items: tuple[TimelineItem, ...] = attrs.field(converter=_items)
    today: dt.date | None = None


@attrs.frozen
class BulletList:
    """A list of short items.

    Attributes:
        items: The items.
    """

    items: tuple[str, ...] = attrs.field(converter=_texts)


Block = Paragraph | KeyFigures | Table | Notice | BulletList | Chart | Timeline
"""What a section is made of."""


def _blocks(blocks: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(blocks)


@attrs.frozen
class Section:
    """A titled part of the report.

    Attributes:
        key: Stable identifier, the same in every language (``"costs"``), used by JSON
            consumers and HTML anchors.
        title: The title, in the report's language.
        blocks: Its content, in reading order.
    """

    key: str = attrs.field(validator=non_empty)
    title: str
    blocks: tuple[Block, ...] = attrs.field(default=(), converter=_blocks)


def _sections(sections: Iterable[Section]) -> tuple[Section, ...]:
    return tuple(sections)


@attrs.frozen
class Report:
    """A report in one language.

    Attributes:
        title: The report's title.
        language: The language the text is written in.
        locale: The locale numbers and dates are written in.
        subtitle: A line under the title (client, date of the figures).
        sections: The sections, in reading order.
    """

    title: str
    language: Language = attrs.field(converter=to_language)
    locale: str = attrs.field()
    subtitle: str = ""
    sections: tuple[Section, ...] = attrs.field(default=(), converter=_sections)

    @locale.default
    def _default_locale(self) -> str:
        return Formatter(self.language).locale

    @property
    def formatter(self) -> Formatter:
        """The formatter for this report's language and locale."""
        return Formatter(self.language, self.locale)

    def section(self, key: str) -> Section:
        """The section with this key.

        Raises:
            UnknownReferenceError: If there is no such section.
        """
        for section in self.sections:
            if section.key == key:
                return section
        raise UnknownReferenceError("Report.sections", key, [s.key for s in self.sections])

    def _repr_html_(self) -> str:
        from outsourcing.notebook import result_html  # noqa: PLC0415 - on use

        return result_html(self)
