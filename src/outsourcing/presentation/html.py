"""Render a `Report` as self-contained HTML: inline styles, no script, every text escaped."""

from __future__ import annotations

import html
from typing import assert_never

from outsourcing.presentation.document import (
    Block,
    BulletList,
    KeyFigures,
    Notice,
    Paragraph,
    Report,
    Table,
)
from outsourcing.presentation.formatting import Formatter, Value, is_numeric

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
.outsourcing-report .notice{border-left:4px solid;padding:.3rem .7rem;margin:.5rem 0}
.outsourcing-report .notice.info{border-color:#2680c2;background:#eff8ff}
.outsourcing-report .notice.warning{border-color:#de911d;background:#fffbea}
.outsourcing-report .notice.problem{border-color:#d64545;background:#ffeeee}
"""


def _cell(value: Value, formatter: Formatter) -> str:
    text = html.escape(formatter.value(value))
    return f'<td class="number">{text}</td>' if is_numeric(value) else f"<td>{text}</td>"


def _block(block: Block, formatter: Formatter) -> str:
    match block:
        case Paragraph(text=text):
            return f"<p>{html.escape(text)}</p>"
        case KeyFigures(items=items):
            figures = "".join(
                f"<div><dt>{html.escape(item.label)}</dt>"
                f"<dd>{html.escape(formatter.value(item.value))}</dd></div>"
                for item in items
            )
            return f'<dl class="figures">{figures}</dl>'
        case Table(columns=columns, rows=rows, caption=caption):
            head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
            body = "".join(
                "<tr>" + "".join(_cell(v, formatter) for v in row) + "</tr>" for row in rows
            )
            title = f"<caption>{html.escape(caption)}</caption>" if caption else ""
            return f"<table>{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        case Notice(severity=severity, text=text):
            return f'<p class="notice {severity.value}">{html.escape(text)}</p>'
        case BulletList(items=items):
            return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
        case _:
            assert_never(block)


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
