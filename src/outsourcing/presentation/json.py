"""Render a `Report` as JSON: the same structure, with exact typed values.

Amounts keep full precision as strings (``{"amount": "1234.505", "currency": "EUR"}``), dates
are ISO 8601, percentages are ``{"percentage": "99.5"}``. Key figures also carry the text the
other renderers show, so a web page can display them without formatting anything itself.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any, assert_never

from outsourcing.model.money import Money, Percentage
from outsourcing.presentation.document import (
    Block,
    BulletList,
    Chart,
    KeyFigures,
    Notice,
    Paragraph,
    Report,
    Table,
    Timeline,
)
from outsourcing.presentation.formatting import Formatter, Value

__all__ = ["json_value", "render_json", "report_to_dict"]


def json_value(value: Value) -> Any:  # noqa: ANN401 - a JSON value
    """A report value as JSON data (exact: Decimal amounts become strings)."""
    match value:
        case None | bool() | int() | str():
            return value
        case Money(amount=amount, currency=currency):
            return {"amount": str(amount), "currency": currency}
        case Percentage(value=percentage):
            return {"percentage": str(percentage)}
        case Decimal():
            return str(value)
        case dt.timedelta():
            return {"seconds": int(value.total_seconds())}
        case dt.date():
            return dt.date(value.year, value.month, value.day).isoformat()


def _numbers(values: tuple[Decimal | None, ...]) -> list[str | None]:
    return [None if v is None else str(v) for v in values]


def _chart(chart: Chart) -> dict[str, Any]:
    """A chart's data: exact values as strings, one per category."""
    return {
        "type": "chart",
        "key": chart.key,
        "title": chart.title,
        "summary": chart.summary,
        "unit": chart.unit,
        "categories": list(chart.categories),
        "series": [
            {
                "name": s.name,
                "style": s.style.value,
                "values": _numbers(s.values),
                "marked": sorted(s.marked),
            }
            for s in chart.series
        ],
        "band": None
        if chart.band is None
        else {
            "name": chart.band.name,
            "low": _numbers(chart.band.low),
            "high": _numbers(chart.band.high),
        },
        "thresholds": [
            {"name": t.name, "value": str(t.value), "series": t.series} for t in chart.thresholds
        ],
        "events": [{"name": e.name, "index": e.index} for e in chart.events],
    }


def _timeline(timeline: Timeline) -> dict[str, Any]:
    """A timeline's dates, ISO 8601."""
    return {
        "type": "timeline",
        "key": timeline.key,
        "title": timeline.title,
        "summary": timeline.summary,
        "today": json_value(timeline.today),
        "items": [
            {
                "name": i.name,
                "start": json_value(i.start),
                "end": json_value(i.end),
                "urgent": i.urgent,
            }
            for i in timeline.items
        ],
    }


def _block(block: Block, formatter: Formatter) -> dict[str, Any]:  # noqa: PLR0911 - one return per kind of block
    match block:
        case Paragraph(text=text):
            return {"type": "paragraph", "text": text}
        case KeyFigures(items=items):
            figures = [
                {"label": i.label, "value": json_value(i.value), "text": formatter.value(i.value)}
                for i in items
            ]
            return {"type": "key_figures", "items": figures}
        case Table(columns=columns, rows=rows, caption=caption, marked=marked):
            return {
                "type": "table",
                "caption": caption,
                "columns": list(columns),
                "rows": [[json_value(v) for v in row] for row in rows],
                "marked_rows": sorted(marked),
            }
        case Notice(severity=severity, text=text):
            return {"type": "notice", "severity": severity.value, "text": text}
        case BulletList(items=items):
            return {"type": "list", "items": list(items)}
        case Chart():
            return _chart(block)
        case Timeline():
            return _timeline(block)
        case _:
            assert_never(block)


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data."""
    formatter = report.formatter
    return {
        "title": report.title,
        "subtitle": report.subtitle,
        "language": report.language.value,
        "locale": report.locale,
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "blocks": [_block(b, formatter) for b in s.blocks],
            }
            for s in report.sections
        ],
    }


def render_json(report: Report, *, indent: int | None = 2) -> str:
    """The report as a JSON document (UTF-8 text, non-ASCII kept)."""
    return json.dumps(report_to_dict(report), indent=indent, ensure_ascii=False) + "\n"
