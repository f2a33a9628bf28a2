"""A neutral report: sections of paragraphs, key figures, tables, notices and lists.

The report builder fills one in a given language; the renderers (`render_text`,
`render_markdown`, `render_html`, `render_json`) write it out. Values stay typed (`Money`,
`Percentage`, dates) until a renderer formats them for the report's locale, so the JSON
rendering keeps exact amounts while the text rendering reads ``1 234,50 €``.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import attrs

from outsourcing.exceptions import InvalidValueError, UnknownReferenceError
from outsourcing.model._checks import non_empty
from outsourcing.presentation.formatting import Formatter, Value
from outsourcing.presentation.locale import Language, to_language

__all__ = [
    "Block",
    "BulletList",
    "KeyFigure",
    "KeyFigures",
    "Notice",
    "Paragraph",
    "Report",
    "Section",
    "Severity",
    "Table",
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
    """

    columns: tuple[str, ...] = attrs.field(converter=_texts)
    rows: tuple[tuple[Value, ...], ...] = attrs.field(converter=_to_rows, validator=_row_widths)
    caption: str = ""


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


@attrs.frozen
class BulletList:
    """A list of short items.

    Attributes:
        items: The items.
    """

    items: tuple[str, ...] = attrs.field(converter=_texts)


Block = Paragraph | KeyFigures | Table | Notice | BulletList
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
