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

    English reports also say why each inferred shoring was chosen (distance, border, shared
    working hours): the reasons are written by `classify`, in English.
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
            f"{process.name}: {'; '.join(result.shoring.reasons)}"
            for process, result in classified
            if not result.shoring.declared and result.shoring.reasons
        ]
        if reasons:
            blocks.append(BulletList(reasons))
    return Section("classification", message(lang, "classification.title"), blocks)
