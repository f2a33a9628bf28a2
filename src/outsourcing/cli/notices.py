"""Notes on standard error about input values the report could not place.

A ticket whose priority or category no SLA of its contract takes into scope is not invalid, but
when the value is a typing mistake (``p1`` for ``P1``) every figure is silently wrong. After the
service levels are evaluated, one note per contract lists such values with their row counts
(`outsourcing.ServiceReport.unscoped_values`).
"""

from __future__ import annotations

from collections.abc import Iterable

from outsourcing.model.contract import Contract
from outsourcing.sla.results import ServiceReport

__all__ = ["unscoped_notes"]

#: Values shown per note; the others are counted.
_SHOWN = 10


def unscoped_notes(reports: Iterable[tuple[Contract, ServiceReport | None]]) -> list[str]:
    """One line per contract whose tickets hold values no SLA takes in scope."""
    lines = []
    for contract, report in reports:
        if report is None or not report.unscoped_values:
            continue
        values = report.unscoped_values
        shown = [
            f"{item.column} {item.value!r}: {item.rows} row(s)"
            + (f" (SLAs name {', '.join(item.known)})" if item.known else "")
            + ("" if item.hint is None else f", did you mean {item.hint!r}?")
            for item in values[:_SHOWN]
        ]
        if len(values) > _SHOWN:
            shown.append(f"and {len(values) - _SHOWN} more value(s)")
        lines.append(f"note: contract {contract.id}: out of every SLA's scope: {'; '.join(shown)}")
    return lines
