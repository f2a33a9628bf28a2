"""Render a `Report` as self-contained HTML: inline styles, no script, every text escaped.

Charts are inline SVG (`outsourcing.presentation.svg`); a table of contents links the sections;
rows that show a problem (missed months) are coloured; a print style sheet lays the page out on
A4 without cutting a table row, a chart or a notice across pages.
"""

from __future__ import annotations

import html
from typing import assert_never

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
from outsourcing.presentation.formatting import Formatter, Value, is_numeric
from outsourcing.presentation.messages import message
from outsourcing.presentation.svg import chart_svg, timeline_svg

__all__ = ["render_html"]

_STYLE = """
.outsourcing-report{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2933;
max-width:60rem;margin:auto;line-height:1.45}
.outsourcing-report h1{font-size:1.6rem;margin-bottom:.2rem}
.outsourcing-report .subtitle{color:#52606d;margin-top:0}
.outsourcing-report h2{font-size:1.2rem;border-bottom:1px solid #d9e2ec;padding-bottom:.2rem;
margin-top:1.6rem}
.outsourcing-report table{border-collapse:collapse;margin:.6rem 0;font-size:.92rem}
.outsourcing-report th,.outsourcing-report td{border:1px solid #d9e2ec;padding:.25rem .55rem;
text-align:left;vertical-align:top}
.outsourcing-report th{background:#f0f4f8}
.outsourcing-report td.number{text-align:right;white-space:nowrap}
.outsourcing-report caption{caption-side:top;text-align:left;font-style:italic;color:#52606d}
.outsourcing-report dl.figures{display:flex;flex-wrap:wrap;gap:.6rem 1.4rem}
.outsourcing-report dl.figures div{background:#f0f4f8;border-radius:.4rem;padding:.4rem .8rem}
.outsourcing-report dt{font-size:.8rem;color:#52606d}
.outsourcing-report dd{margin:0;font-size:1.1rem;font-weight:600;white-space:nowrap}
.outsourcing-report dd.text{white-space:normal}
.outsourcing-report .notice{border-left:4px solid;padding:.3rem .7rem;margin:.5rem 0}
.outsourcing-report .notice.info{border-color:#2680c2;background:#eff8ff}
.outsourcing-report .notice.warning{border-color:#de911d;background:#fffbea}
.outsourcing-report .notice.problem{border-color:#d64545;background:#ffeeee}
.outsourcing-report tr.problem td{background:#ffeeee;color:#8a1c1c}
.outsourcing-report tr.problem td:first-child{box-shadow:inset 4px 0 #d64545}
.outsourcing-report figure{margin:.8rem 0;max-width:45rem}
.outsourcing-report figure svg{display:block;width:100%;height:auto}
.outsourcing-report figcaption{font-size:.85rem;color:#52606d}
.outsourcing-report nav.contents ol{columns:2;padding-left:1.2rem}
@media print{
@page{size:A4;margin:15mm 12mm}
.outsourcing-report{max-width:none;font-size:10pt;color:#000}
.outsourcing-report h2{break-after:avoid;page-break-after:avoid}
.outsourcing-report table{width:100%;font-size:8.5pt}
.outsourcing-report tr,.outsourcing-report figure,.outsourcing-report .notice,
.outsourcing-report dl.figures{break-inside:avoid;page-break-inside:avoid}
.outsourcing-report thead{display:table-header-group}
.outsourcing-report tr.problem td,.outsourcing-report .notice,.outsourcing-report th,
.outsourcing-report dl.figures div{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.outsourcing-report a{color:inherit;text-decoration:none}
}
"""


#: The class of a key figure written in words (it may wrap).
_TEXT = ' class="text"'


def _cell(value: Value, formatter: Formatter) -> str:
    text = html.escape(formatter.value(value))
    return f'<td class="number">{text}</td>' if is_numeric(value) else f"<td>{text}</td>"


def _row(row: tuple[Value, ...], formatter: Formatter, *, marked: bool) -> str:
    cells = "".join(_cell(v, formatter) for v in row)
    return f'<tr class="problem">{cells}</tr>' if marked else f"<tr>{cells}</tr>"


def _figure(svg: str, summary: str) -> str:
    return f"<figure>{svg}<figcaption>{html.escape(summary)}</figcaption></figure>"


def _block(block: Block, formatter: Formatter) -> str:  # noqa: PLR0911 - one return per kind of block
    match block:
        case Paragraph(text=text):
            return f"<p>{html.escape(text)}</p>"
        case KeyFigures(items=items):
            # a figure written in words may wrap; a number, an amount or a date stays whole
            figures = "".join(
                f"<div><dt>{html.escape(item.label)}</dt>"
                f"<dd{_TEXT if isinstance(item.value, str) else ''}>"
                f"{html.escape(formatter.value(item.value))}</dd></div>"
                for item in items
            )
            return f'<dl class="figures">{figures}</dl>'
        case Table(columns=columns, rows=rows, caption=caption, marked=marked):
            head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
            body = "".join(_row(row, formatter, marked=i in marked) for i, row in enumerate(rows))
            title = f"<caption>{html.escape(caption)}</caption>" if caption else ""
            return f"<table>{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        case Notice(severity=severity, text=text):
            return f'<p class="notice {severity.value}">{html.escape(text)}</p>'
        case BulletList(items=items):
            return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
        case Chart():
            return _figure(chart_svg(block, formatter), block.summary)
        case Timeline():
            return _figure(timeline_svg(block, formatter), block.summary)
        case _:
            assert_never(block)


def _contents(report: Report) -> str:
    """A table of contents linking each section (none for a report of one section)."""
    if len(report.sections) < 2:
        return ""
    title = html.escape(message(report.language, "report.contents"))
    links = "".join(
        f'<li><a href="#{html.escape(s.key, quote=True)}">{html.escape(s.title)}</a></li>'
        for s in report.sections
    )
    return f'<nav class="contents" aria-label="{title}"><h2>{title}</h2><ol>{links}</ol></nav>'


def render_html(report: Report, *, standalone: bool = True) -> str:
    """The report as HTML.

    Args:
        report: The report.
        standalone: A whole page (doctype, head, inline style) when True; a ``<div>`` fragment,
            for notebooks and web pages, when False.
    """
    formatter = report.formatter
    parts = [f"<h1>{html.escape(report.title)}</h1>"]
    if report.subtitle:
        parts.append(f'<p class="subtitle">{html.escape(report.subtitle)}</p>')
    if contents := _contents(report):
        parts.append(contents)
    for section in report.sections:
        key = html.escape(section.key, quote=True)
        parts.append(f'<section id="{key}"><h2>{html.escape(section.title)}</h2>')
        parts.extend(_block(block, formatter) for block in section.blocks)
        parts.append("</section>")
    lang = report.language.value
    body = f'<div class="outsourcing-report" lang="{lang}">' + "\n".join(parts) + "</div>"
    if not standalone:
        return f"<style>{_STYLE}</style>{body}"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(report.title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
