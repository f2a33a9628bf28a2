"""The classification section: each process on the five axes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from outsourcing.classification.classify import AxisVerdict, Classification
from outsourcing.model.process import Process
from outsourcing.presentation.document import Block, BulletList, Section, Table
from outsourcing.presentation.formatting import Formatter
from outsourcing.presentation.messages import label, message
from outsourcing.presentation.reasons import reason_text, shoring_reasons

__all__ = ["classification_section"]


def _cell(verdict: AxisVerdict[Any], formatter: Formatter) -> str:
    """The axis value, marked with an asterisk when the contract or process declared it."""
    text = label(formatter.language, verdict.value)
    return f"{text} *" if verdict.declared else text


def _shoring_reasons(result: Classification, formatter: Formatter) -> list[str]:
    if result.proximity is not None:
        return shoring_reasons(result.proximity, formatter)
    return [message(formatter.language, "shoring.no_provider")]


def classification_section(
    classified: Sequence[tuple[Process, Classification]], formatter: Formatter
) -> Section:
    """Every process with its kind, office, shoring, coverage and horizon.

    Both languages also say why each inferred axis took its value, from the reasons' codes
    (`AxisVerdict.causes`); the shoring's from the figures of its `Proximity` (distance,
    border, shared working hours).
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
    separator = message(lang, "punctuation.semicolon")
    reasons = []
    for process, result in classified:
        for axis, verdict in result.axes.items():
            if verdict.declared:
                continue
            if axis == "shoring":
                texts = _shoring_reasons(result, formatter)
            else:
                texts = [reason_text(cause, formatter) for cause in verdict.causes]
            if texts:
                reasons.append(
                    message(
                        lang,
                        "classification.axis_reasons",
                        process=process.name,
                        axis=message(lang, f"column.{axis}").lower(),
                        reasons=separator.join(texts),
                    )
                )
    if reasons:
        blocks.append(BulletList(reasons))
    return Section("classification", message(lang, "classification.title"), blocks)
