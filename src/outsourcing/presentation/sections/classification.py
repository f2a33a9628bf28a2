"""The classification section: each process on the five axes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from outsourcing.classification.classify import AxisVerdict, Classification
from outsourcing.model.process import Process
from outsourcing.presentation.document import Block, BulletList, Section, Table
from outsourcing.presentation.formatting import Formatter
from outsourcing.presentation.locale import Language
from outsourcing.presentation.messages import label, message

__all__ = ["classification_section"]


def _cell(verdict: AxisVerdict[Any], formatter: Formatter) -> str:
    """The axis value, marked with an asterisk when the contract or process declared it."""
    text = label(formatter.language, verdict.value)
    return f"{text} *" if verdict.declared else text


def classification_section(
    classified: Sequence[tuple[Process, Classification]], formatter: Formatter
) -> Section:
    """Every process with its kind, office, shoring, coverage and horizon.

    English reports also say why each inferred axis took its value (the shoring's distance,
    border and shared working hours, the tasks kept in house, the term): the reasons are
    written by `classify`, in English.
    """
    lang = formatter.language
    rows = [
        (process.name, *(_cell(v, formatter) for v in result.axes.values()))
        for process, result in classified
    ]
    blocks: list[Block] = [
        Table(
            columns=[
                message(lang, "column.process"),
                message(lang, "column.kind"),
                message(lang, "column.office"),
                message(lang, "column.shoring"),
                message(lang, "column.coverage"),
                message(lang, "column.horizon"),
            ],
            rows=rows,
            caption=message(lang, "classification.caption"),
        )
    ]
    if lang is Language.EN:
        reasons = [
            f"{process.name}, {axis}: {'; '.join(verdict.reasons)}"
            for process, result in classified
            for axis, verdict in result.axes.items()
            if not verdict.declared and verdict.reasons
        ]
        if reasons:
            blocks.append(BulletList(reasons))
    return Section("classification", message(lang, "classification.title"), blocks)
