"""The recommendation section: per process, the readiness verdict and the best-ranked options.

Each option is written from its axes (kind, shoring, country, coverage, horizon) and each
reason from its criterion and points, so both languages show the same ranking and the same
reasons.
"""

from __future__ import annotations

from collections.abc import Sequence

from outsourcing.classification.recommendation import Option, Recommendation
from outsourcing.model.process import Process
from outsourcing.presentation.document import (
    Block,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Section,
    Table,
)
from outsourcing.presentation.formatting import Formatter, Value
from outsourcing.presentation.messages import label, message

__all__ = ["OPTIONS_SHOWN", "option_text", "recommendation_blocks", "recommendation_section"]

#: Options shown per process, best first.
OPTIONS_SHOWN = 3


def option_text(option: Option, formatter: Formatter) -> str:
    """An option in a few words: ``BPO nearshore (Maroc), partielle, stratégique``."""
    lang = formatter.language
    if option.in_house:
        return message(lang, "recommendation.in_house")
    parts = [
        label(lang, axis)
        for axis in (option.kind, option.shoring, option.coverage, option.horizon)
        if axis is not None
    ]
    if option.country:
        parts.insert(2, formatter.country(option.country))
    return ", ".join(parts)


def _reasons(option: Option, formatter: Formatter) -> str:
    """The option's score by criterion, largest first: ``importance stratégique +20``."""
    ranked = sorted(option.contributions, key=lambda c: (-abs(c.points), c.criterion.value))
    return message(formatter.language, "punctuation.semicolon").join(
        f"{label(formatter.language, c.criterion)}\u00a0{c.points:+d}" for c in ranked
    )


def recommendation_blocks(
    process: Process, recommendation: Recommendation, formatter: Formatter
) -> list[Block]:
    """One process: its readiness verdict and score, then its best options with reasons."""
    lang = formatter.language
    readiness = recommendation.readiness
    signals = ", ".join(label(lang, w.signal) for w in readiness.weights if w.signal is not None)
    rows: list[tuple[Value, ...]] = [
        (rank, option_text(option, formatter), option.score, _reasons(option, formatter))
        for rank, option in enumerate(recommendation.options[:OPTIONS_SHOWN], start=1)
    ]
    return [
        Paragraph(message(lang, "recommendation.process", process=process.name)),
        KeyFigures(
            [
                KeyFigure(message(lang, "recommendation.readiness"), label(lang, readiness.level)),
                KeyFigure(message(lang, "recommendation.score"), readiness.score),
                KeyFigure(
                    message(lang, "recommendation.signals"),
                    signals or message(lang, "recommendation.no_signal"),
                ),
            ]
        ),
        Table(
            columns=[
                message(lang, "column.rank"),
                message(lang, "column.option"),
                message(lang, "column.score"),
                message(lang, "column.reasons"),
            ],
            rows=rows,
            caption=message(
                lang,
                "recommendation.caption",
                shown=OPTIONS_SHOWN,
                total=len(recommendation.options),
            ),
        ),
    ]


def recommendation_section(
    recommendations: Sequence[tuple[Process, Recommendation]], formatter: Formatter
) -> Section:
    """The section recommending how to source each process."""
    blocks: list[Block] = []
    for process, recommendation in recommendations:
        blocks.extend(recommendation_blocks(process, recommendation, formatter))
    return Section("recommendation", message(formatter.language, "recommendation.title"), blocks)
