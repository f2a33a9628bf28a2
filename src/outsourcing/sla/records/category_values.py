"""Category values (priorities, categories) that nothing in a contract knows, with a hint.

A ticket export that writes ``p1`` where the contract's SLAs say ``P1`` puts every such ticket
out of every SLA's scope, and an unknown priority (``urgnet``) is as silent. `unknown_values`
counts, per value, the tickets whose priority or category no SLA of the contract names, and
suggests the known value it probably means ("did you mean 'P1'?"): the same value in another
case first, else the closest spelling. `match_labels` is the case-insensitive matching itself,
for readers asked to apply it.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

import attrs
import numpy as np

from outsourcing.model.contract import Contract

if TYPE_CHECKING:
    from outsourcing.sla.records.ticket_log import TicketLog

__all__ = ["UnknownValue", "known_values", "match_labels", "suggestion", "unknown_values"]


@attrs.frozen
class UnknownValue:
    """A category value no SLA of the contract knows, and how many tickets carry it.

    Attributes:
        field: The column (``priority`` or ``category``).
        value: The value as written.
        tickets: Tickets (valid rows) with that value.
        hint: The known value it probably means, or None.
    """

    field: str
    value: str
    tickets: int
    hint: str | None = None

    def __str__(self) -> str:
        hint = "" if self.hint is None else f" (did you mean {self.hint!r}?)"
        return f"{self.field} {self.value!r}: {self.tickets} tickets, unknown{hint}"


def suggestion(value: str, known: Collection[str]) -> str | None:
    """The known value ``value`` probably means: the same in another case, else the closest."""
    folded = [label for label in sorted(known) if label.casefold() == value.casefold()]
    if len(folded) == 1:
        return folded[0]
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    if close:
        return close[0]
    close = difflib.get_close_matches(
        value.casefold(), sorted(k.casefold() for k in known), n=1, cutoff=0.6
    )
    return next((k for k in sorted(known) if close and k.casefold() == close[0]), None)


def match_labels(
    labels: Sequence[str], known: Collection[str], *, ignore_case: bool
) -> tuple[str, ...]:
    """Labels with each one that matches exactly one known value, ignoring case, spelt as it.

    Labels already known, or matching none or several known values, stay as they are.
    """
    if not ignore_case:
        return tuple(labels)
    folded: dict[str, list[str]] = {}
    for value in known:
        folded.setdefault(value.casefold(), []).append(value)
    out = []
    for label in labels:
        matches = folded.get(label.casefold(), [])
        out.append(matches[0] if label not in known and len(matches) == 1 else label)
    return tuple(out)


def known_values(contract: Contract) -> dict[str, frozenset[str]]:
    """The priorities and categories the contract's SLAs name in their scopes."""
    return {
        "priority": frozenset(p for sla in contract.slas for p in sla.scope.priorities),
        "category": frozenset(c for sla in contract.slas for c in sla.scope.categories),
    }


def unknown_values(log: TicketLog, contract: Contract) -> tuple[UnknownValue, ...]:
    """Priorities and categories of ``log`` that no SLA of ``contract`` names, counted by value.

    A field no SLA scopes on (no SLA names a category, say) has no unknown value: any value
    is in scope. Values are listed by field, then by number of tickets, most first.
    """
    known = known_values(contract)
    found: list[UnknownValue] = []
    for field, codes, labels in (
        ("priority", log.priority, log.priorities),
        ("category", log.category, log.categories),
    ):
        names = known[field]
        if not names or not labels:
            continue
        counts = np.bincount(codes[codes >= 0], minlength=len(labels))
        unknown = [
            UnknownValue(field, label, int(count), suggestion(label, names))
            for label, count in zip(labels, counts.tolist(), strict=True)
            if count and label not in names
        ]
        found.extend(sorted(unknown, key=lambda item: (-item.tickets, item.value)))
    return tuple(found)
