"""Blocks showing a sensitivity analysis: the tornado's bars with their rank correlations."""

from __future__ import annotations

from outsourcing.costs.sensitivity import Sensitivity
from outsourcing.presentation.document import Block, Table
from outsourcing.presentation.formatting import Formatter, Value
from outsourcing.presentation.messages import message

__all__ = ["sensitivity_blocks"]


def sensitivity_blocks(result: Sensitivity, formatter: Formatter) -> list[Block]:
    """A row per uncertain input, largest swing first: its P10 and P90, the results, the swing.

    The exchange-rate change shows its rank correlation when one currency is concerned (the
    runs draw one change per currency).
    """
    lang = formatter.language
    coefficients = {c.input: c.coefficient for c in result.correlations}
    exchange = [c.coefficient for c in result.correlations if c.input.startswith("fx_change[")]
    if len(exchange) == 1:
        coefficients["fx_change"] = exchange[0]
    rows: list[tuple[Value, ...]] = [
        (
            bar.input,
            bar.low_value,
            bar.high_value,
            bar.low,
            bar.high,
            bar.swing,
            coefficients.get(bar.input),
        )
        for bar in result.bars
    ]
    return [
        Table(
            [
                message(lang, "column.input"),
                "P10",
                "P90",
                message(lang, "column.at_p10"),
                message(lang, "column.at_p90"),
                message(lang, "column.swing"),
                message(lang, "column.rank_correlation"),
            ],
            rows,
            caption=message(
                lang,
                "sensitivity.caption",
                output=message(lang, f"sensitivity.{result.output}"),
                median=formatter.money(result.median),
                runs=formatter.number(result.runs),
            ),
        )
    ]
