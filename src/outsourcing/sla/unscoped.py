"""Values of a ticket column that no SLA of a contract takes into its scope, counted by value.

A ticket whose priority is ``p1`` when the SLAs name ``P1`` is in no SLA's scope: it is not
invalid (a contract may leave some priorities without a service level), but when it is a typing
mistake every figure is silently wrong. `unscoped_values` counts such rows per value, so a
report can say "priority ``p1``: 39 rows out of every SLA's scope".

A value is unscoped when no ticket SLA of the contract accepts it in that column: an SLA whose
scope names no priority accepts every priority. Availability SLAs (measured on downtime, not on
tickets) are left out. Surrounding spaces are already trimmed when the log is read
(`outsourcing.sla.records.columns`); letter case is not changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import attrs
import numpy as np

from outsourcing.model.sla import SLA, SLAMetric
from outsourcing.sla.records.ticket_log import TicketLog

__all__ = ["UnscopedValue", "merge_unscoped", "unscoped_values"]

#: The columns an SLA's scope filters on.
SCOPED_COLUMNS = ("priority", "category")


@attrs.frozen
class UnscopedValue:
    """A value that no SLA of the contract has in its scope, and how many rows hold it.

    Attributes:
        column: ``priority`` or ``category``.
        value: The value, as read (surrounding spaces trimmed).
        rows: Valid rows of the log holding it: each is out of every SLA's scope.
        known: The values the SLAs' scopes name in this column, sorted.
    """

    column: str
    value: str
    rows: int
    known: tuple[str, ...] = ()


def unscoped_values(slas: Sequence[SLA], log: TicketLog) -> tuple[UnscopedValue, ...]:
    """Rows of ``log`` per priority or category value that none of ``slas`` takes in scope.

    Args:
        slas: The SLAs of a contract (availability SLAs are not about tickets and are skipped).
        log: The tickets (or a chunk of them; add chunks with `merge_unscoped`).

    Returns:
        One `UnscopedValue` per such value, by column then value; empty when every value is
        in some SLA's scope, or when the contract has no ticket SLA.
    """
    ticket_slas = [sla for sla in slas if sla.metric is not SLAMetric.AVAILABILITY]
    if not ticket_slas or not len(log):
        return ()
    found: list[UnscopedValue] = []
    for column, codes, labels, scopes in (
        ("priority", log.priority, log.priorities, [s.scope.priorities for s in ticket_slas]),
        ("category", log.category, log.categories, [s.scope.categories for s in ticket_slas]),
    ):
        if any(not scope for scope in scopes):
            continue  # an SLA takes every value of this column
        accepted = frozenset[str]().union(*scopes)
        known = tuple(sorted(accepted))
        present = codes[codes >= 0]
        counts = np.bincount(present, minlength=len(labels))
        found.extend(
            UnscopedValue(column, label, int(count), known)
            for label, count in zip(labels, counts.tolist(), strict=True)
            if count and label not in accepted
        )
    return tuple(found)


def merge_unscoped(parts: Iterable[Sequence[UnscopedValue]]) -> tuple[UnscopedValue, ...]:
    """The counts of several chunks added up, by column then value."""
    total: Counter[tuple[str, str]] = Counter()
    known: dict[str, tuple[str, ...]] = {}
    for part in parts:
        for item in part:
            total[item.column, item.value] += item.rows
            known.setdefault(item.column, item.known)
    order = {column: i for i, column in enumerate(SCOPED_COLUMNS)}
    keys = sorted(total, key=lambda key: (order.get(key[0], len(order)), key[0], key[1]))
    return tuple(
        UnscopedValue(column, value, total[column, value], known[column]) for column, value in keys
    )
