"""Presentation: reports in English and French, as text, Markdown, HTML or JSON.

Nothing in the model or the pure functions imports this package: results are data, and this is
one way to show them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import assert_never

from outsourcing.exceptions import InvalidValueError
from outsourcing.presentation.document import (
    Block,
    BulletList,
    Chart,
    ChartBand,
    ChartEvent,
    ChartSeries,
    ChartThreshold,
    KeyFigure,
    KeyFigures,
    Notice,
    Paragraph,
    Report,
    Section,
    SeriesStyle,
    Severity,
    Table,
    Timeline,
    TimelineItem,
)
from outsourcing.presentation.formatting import Formatter, Value
from outsourcing.presentation.html import render_html
from outsourcing.presentation.json import render_json
from outsourcing.presentation.locale import Language
from outsourcing.presentation.markdown import render_markdown
from outsourcing.presentation.text import render_text

__all__ = [
    "Block",
    "BulletList",
    "Chart",
    "ChartBand",
    "ChartEvent",
    "ChartSeries",
    "ChartThreshold",
    "Formatter",
    "KeyFigure",
    "KeyFigures",
    "Language",
    "Notice",
    "OutputFormat",
    "Paragraph",
    "Report",
    "Section",
    "SeriesStyle",
    "Severity",
    "Table",
    "Timeline",
    "TimelineItem",
    "Value",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
]


class OutputFormat(StrEnum):
    """The formats a report can be written in."""

    TEXT = "text"
    MARKDOWN = "md"
    HTML = "html"
    JSON = "json"


def render(report: Report, output_format: OutputFormat | str = OutputFormat.TEXT) -> str:
    """The report written in ``output_format`` (``text``, ``md``, ``html`` or ``json``).

    Raises:
        InvalidValueError: If the format is not one of those.
    """
    try:
        chosen = OutputFormat(output_format)
    except ValueError:
        known = ", ".join(f.value for f in OutputFormat)
        raise InvalidValueError("format", output_format, f"must be one of {known}") from None
    match chosen:
        case OutputFormat.TEXT:
            return render_text(report)
        case OutputFormat.MARKDOWN:
            return render_markdown(report)
        case OutputFormat.HTML:
            return render_html(report)
        case OutputFormat.JSON:
            return render_json(report)
        case _:
            assert_never(chosen)
