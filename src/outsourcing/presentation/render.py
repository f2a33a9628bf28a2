"""Write a report in the format asked for: text, Markdown, HTML or JSON."""

from __future__ import annotations

from enum import StrEnum
from typing import assert_never

from outsourcing.exceptions import InvalidValueError
from outsourcing.presentation.document import Report
from outsourcing.presentation.html import render_html
from outsourcing.presentation.json import render_json
from outsourcing.presentation.markdown import render_markdown
from outsourcing.presentation.text import render_text

__all__ = ["OutputFormat", "render"]


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
