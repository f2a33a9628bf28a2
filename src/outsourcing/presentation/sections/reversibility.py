"""The reversibility section: can the client take the work back, per contract."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from outsourcing.model.contract import Contract
from outsourcing.model.reason import Reason
from outsourcing.presentation.document import (
    Block,
    KeyFigure,
    KeyFigures,
    Notice,
    Paragraph,
    Section,
    Severity,
    Table,
)
from outsourcing.presentation.formatting import Formatter, Value
from outsourcing.presentation.locale import Language
from outsourcing.presentation.messages import label, message
from outsourcing.presentation.reasons import reason_text
from outsourcing.presentation.sections.per_contract import per_contract_section
from outsourcing.review.reversibility import ItemState, ReversibilityAssessment

__all__ = ["reversibility_blocks", "reversibility_section"]


def _why(cause: Reason | None, english: str, formatter: Formatter) -> str:
    """A reason in the report's language; a result without one is explained in English only."""
    if cause is not None:
        return reason_text(cause, formatter)
    return english if formatter.language is Language.EN else ""


def reversibility_blocks(
    contract: Contract,
    assessment: ReversibilityAssessment,
    formatter: Formatter,
    *,
    financial_entity: bool = True,
) -> list[Block]:
    """One contract's exit readiness: headline answers, the items, the fired triggers.

    The substitutability of DORA's register of information (B_07.01) is shown only to a
    financial entity (``financial_entity``), the clients DORA applies to.
    """
    lang = formatter.language
    ready = sum(1 for i in assessment.items if i.state is ItemState.READY)
    register = assessment.register
    figures = [
        KeyFigure(message(lang, "reversibility.plan_exists"), assessment.plan_exists),
        KeyFigure(
            message(lang, "reversibility.items_ready"),
            message(lang, "fraction", part=ready, whole=len(assessment.items)),
        ),
        KeyFigure(
            message(lang, "reversibility.substitutability"),
            label(lang, register.substitutability),
        ),
        KeyFigure(
            message(lang, "reversibility.reintegration"), label(lang, register.reintegration)
        ),
    ]
    if not financial_entity:
        del figures[2]
    blocks: list[Block] = [
        Paragraph(message(lang, "reversibility.contract", title=contract.title)),
        KeyFigures(figures),
    ]
    columns = [
        message(lang, "column.item"),
        message(lang, "column.state"),
        message(lang, "column.evidence"),
    ]
    rows: list[tuple[Value, ...]] = [
        (label(lang, i.item), label(lang, i.state), _why(i.cause, i.evidence, formatter))
        for i in assessment.items
    ]
    blocks.append(Table(columns, rows, caption=message(lang, "reversibility.items.caption")))
    for trigger in assessment.fired:
        name = label(lang, trigger.trigger)
        text = message(lang, "reversibility.fired", trigger=name)
        if why := _why(trigger.cause, trigger.reason, formatter):
            text = message(lang, "reversibility.fired.because", trigger=name, reason=why)
        blocks.append(Notice(Severity.PROBLEM, text))
    if assessment.ready:
        blocks.append(Notice(Severity.INFO, message(lang, "reversibility.ready")))
    return blocks


def reversibility_section(
    assessments: Sequence[tuple[Contract, ReversibilityAssessment]],
    formatter: Formatter,
    *,
    financial_entity: bool = True,
) -> Section:
    """The section on every contract's exit readiness.

    DORA's substitutability is shown to financial entities only (see `reversibility_blocks`).
    """
    blocks = functools.partial(reversibility_blocks, financial_entity=financial_entity)
    return per_contract_section("reversibility", assessments, blocks, formatter)
