"""Render a `Report` for the terminal with rich: headings, aligned tables, marked notices.

Every piece of report text goes into rich as a `Text` object, never as markup, so a contract
title such as ``[bold]`` is printed as written.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import assert_never

from rich import box
from rich.console import Console, ConsoleOptions, RenderableType
from rich.containers import Lines
from rich.measure import Measurement
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

__all__ = ["KeptText", "render_text", "report_renderables"]

#: No-break spaces (U+00A0, U+202F: ``1 234,50 €``, ``90 %``) and the stand-ins that hide them
#: from rich's line breaking, which splits at any Unicode space.
_NO_BREAK = "\u00a0\u202f"
_STAND_INS = "\ue000\ue001"
_HIDE = str.maketrans(_NO_BREAK, _STAND_INS)
_SHOW = str.maketrans(_STAND_INS, _NO_BREAK)


class KeptText(Text):
    """Rich text that never breaks a line at a no-break space.

    Rich wraps at any whitespace, U+00A0 and U+202F included; this text hides them behind
    private-use characters of the same width while it is measured and wrapped.
    """

    def _hidden(self) -> Text:
        hidden = self.copy()
        hidden.plain = self.plain.translate(_HIDE)
        return hidden

    def wrap(self, console: Console, width: int, **options: object) -> Lines:
        """Lines no wider than ``width``, broken at ordinary spaces only."""
        lines = self._hidden().wrap(console, width, **options)  # type: ignore[arg-type]
        for line in lines:
            line.plain = line.plain.translate(_SHOW)
        return lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """The widest unbreakable run (no-break spaces inside it) and the whole width."""
        return self._hidden().__rich_measure__(console, options)


_MARKS = {
    Severity.INFO: ("i", "blue"),
    Severity.WARNING: ("!", "yellow"),
    Severity.PROBLEM: ("✘", "bold red"),
}


def _block(block: Block, formatter: Formatter) -> RenderableType:
    match block:
        case Paragraph(text=text):
            return KeptText(text)
        case KeyFigures(items=items):
            grid = RichTable.grid(padding=(0, 2))
            grid.add_column(style="dim")
            grid.add_column(style="bold", no_wrap=True)
            for item in items:
                grid.add_row(KeptText(item.label), KeptText(formatter.value(item.value)))
            return grid
        case Table(columns=columns, rows=rows, caption=caption, marked=marked):
            table = RichTable(
                box=box.SIMPLE_HEAD,
                title=KeptText(caption, style="italic") if caption else None,
                title_justify="left",
            )
            cells = [[formatter.value(v) for v in row] for row in rows]
            for i, column in enumerate(columns):
                numeric = bool(rows) and all(is_numeric(r[i]) for r in rows if r[i] is not None)
                # amounts and counts are never cut or folded: the other columns give way
                widest = max((len(row[i]) for row in cells), default=0)
                table.add_column(
                    KeptText(column),
                    justify="right" if numeric else "left",
                    overflow="fold",
                    no_wrap=numeric,
                    min_width=widest if numeric else None,
                )
            for i, row in enumerate(cells):
                style = "red" if i in marked else None
                table.add_row(*(KeptText(v) for v in row), style=style)
            return table
        case Notice(severity=severity, text=text):
            mark, style = _MARKS[severity]
            return KeptText.assemble((f"{mark} ", style), (text, style if severity else ""))
        case BulletList(items=items):
            return KeptText("\n".join(f"• {item}" for item in items))
        case Chart(summary=summary) | Timeline(summary=summary):
            caption = message(formatter.language, "chart.caption", summary=summary)
            return KeptText(caption, style="italic")
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
