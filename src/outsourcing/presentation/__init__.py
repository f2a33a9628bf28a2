"""Presentation: reports in English and French, as text, Markdown, HTML or JSON.

Nothing in the model or the pure functions imports this package: results are data, and this is
one way to show them.
"""

from __future__ import annotations

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
from outsourcing.presentation.render import OutputFormat, render
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
