"""Render a `Report` for the terminal with rich: headings, aligned tables, marked notices.

Every piece of report text goes into rich as a `Text` object, never as markup, so a contract
title such as ``[bold]`` is printed as written.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import assert_never

from rich import box
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table as RichTable
from rich.text import Text

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
from outsourcing.presentation.formatting import Formatter, is_numeric
from outsourcing.presentation.messages import message

__all__ = ["render_text", "report_renderables"]

_MARKS = {
    Severity.INFO: ("i", "blue"),
    Severity.WARNING: ("!", "yellow"),
    Severity.PROBLEM: ("✘", "bold red"),
}


def _block(block: Block, formatter: Formatter) -> RenderableType:
    match block:
        case Paragraph(text=text):
            return Text(text)
        case KeyFigures(items=items):
            grid = RichTable.grid(padding=(0, 2))
            grid.add_column(style="dim")
            grid.add_column(style="bold")
            for item in items:
                grid.add_row(Text(item.label), Text(formatter.value(item.value)))
            return grid
        case Table(columns=columns, rows=rows, caption=caption, marked=marked):
            table = RichTable(
                box=box.SIMPLE_HEAD,
                title=Text(caption, style="italic") if caption else None,
                title_justify="left",
            )
            numeric = [
                bool(rows) and all(is_numeric(r[i]) for r in rows if r[i] is not None)
                for i in range(len(columns))
            ]
            for column, right in zip(columns, numeric, strict=True):
                table.add_column(Text(column), justify="right" if right else "left")
            for i, row in enumerate(rows):
                style = "red" if i in marked else None
                table.add_row(*(Text(formatter.value(v)) for v in row), style=style)
            return table
        case Notice(severity=severity, text=text):
            mark, style = _MARKS[severity]
            return Text.assemble((f"{mark} ", style), (text, style if severity else ""))
        case BulletList(items=items):
            return Text("\n".join(f"• {item}" for item in items))
        case Chart(summary=summary) | Timeline(summary=summary):
            caption = message(formatter.language, "chart.caption", summary=summary)
            return Text(caption, style="italic")
        case _:
            assert_never(block)


def report_renderables(report: Report) -> Iterator[RenderableType]:
    """The report as rich renderables, to print on a console with colour."""
    formatter = report.formatter
    yield Text(report.title, style="bold underline")
    if report.subtitle:
        yield Text(report.subtitle, style="italic")
    for section in report.sections:
        yield Text("")
        yield Text(section.title.upper(), style="bold cyan")
        for block in section.blocks:
            yield Padding(_block(block, formatter), (0, 0, 0, 2))


def render_text(report: Report, *, width: int = 100) -> str:
    """The report as plain text (no colour codes), laid out for a terminal ``width`` wide."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, color_system=None, force_terminal=False, highlight=False
    )
    for renderable in report_renderables(report):
        console.print(renderable)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
