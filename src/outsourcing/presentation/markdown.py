"""Render a `Report` as GitHub-flavoured Markdown."""

from __future__ import annotations

from typing import assert_never

from outsourcing.presentation.document import (
    Block,
    BulletList,
    Chart,
    KeyFigures,
    Notice,
    Paragraph,
    Report,
    Severity,
    Table,
    Timeline,
)
from outsourcing.presentation.formatting import Formatter
from outsourcing.presentation.messages import message

__all__ = ["render_markdown"]

_MARKS = {Severity.INFO: "ℹ️", Severity.WARNING: "⚠️", Severity.PROBLEM: "❌"}
_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|#"})


def _escape(text: str) -> str:
    """Text with Markdown's special characters escaped and line breaks folded."""
    return " ".join(text.split("\n")).translate(_SPECIAL)


def _block(block: Block, formatter: Formatter) -> str:
    match block:
        case Paragraph(text=text):
            return _escape(text)
        case KeyFigures(items=items):
            colon = message(formatter.language, "punctuation.colon")
            return "\n".join(
                f"- **{_escape(item.label)}**{colon}{_escape(formatter.value(item.value))}"
                for item in items
            )
        case Table(columns=columns, rows=rows, caption=caption):
            lines = [
                "| " + " | ".join(_escape(c) for c in columns) + " |",
                "|" + "|".join("---" for _ in columns) + "|",
            ]
            lines += [
                "| " + " | ".join(_escape(formatter.value(v)) for v in row) + " |" for row in rows
            ]
            if caption:
                lines.insert(0, f"*{_escape(caption)}*\n")
            return "\n".join(lines)
        case Notice(severity=severity, text=text):
            return f"> {_MARKS[severity]} {_escape(text)}"
        case BulletList(items=items):
            return "\n".join(f"- {_escape(item)}" for item in items)
        case Chart(summary=summary) | Timeline(summary=summary):
            return f"*{_escape(message(formatter.language, 'chart.caption', summary=summary))}*"
        case _:
            assert_never(block)


def render_markdown(report: Report) -> str:
    """The report as Markdown: a level-1 title, a level-2 heading per section, pipe tables."""
    formatter = report.formatter
    parts = [f"# {_escape(report.title)}"]
    if report.subtitle:
        parts.append(f"*{_escape(report.subtitle)}*")
    for section in report.sections:
        parts.append(f"## {_escape(section.title)}")
        parts.extend(_block(block, formatter) for block in section.blocks)
    return "\n\n".join(parts) + "\n"
