"""Category values no SLA of a contract takes into its scope: counted by value, with a hint.

A ticket whose priority is ``p1`` when the SLAs name ``P1`` is in no SLA's scope: it is not
invalid (a contract may leave some priorities without a service level), but when it is a typing
mistake every figure is silently wrong, and an unknown priority (``urgnet``) is as silent.
One rule serves the reader and the evaluation:

- `unscoped_values` counts such rows per value, with the value each probably means
  (`suggestion`: "did you mean 'P1'?"), so a report can say "priority ``p1``: 39 rows out of
  every SLA's scope (did you mean 'P1'?)". The evaluation adds the counts of chunks up with
  `merge_unscoped`.
- A reader given the known priorities names the same hint in the reason of a row whose
  priority it does not know, and `match_labels` matches values to known ones without regard
  to case when asked (``TicketLog.from_table(..., ignore_case=True)``).

A value is unscoped when no ticket SLA of the contract accepts it in that column: an SLA whose
scope names no priority accepts every priority. Availability SLAs (measured on downtime, not on
tickets) are left out. Surrounding spaces are already trimmed when the log is read
(`outsourcing.sla.records.columns`); letter case is not changed unless asked.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

import attrs
import numpy as np

from outsourcing.model.sla import SLA, SLAMetric

if TYPE_CHECKING:
    from outsourcing.sla.records.ticket_log import TicketLog

__all__ = ["UnscopedValue", "match_labels", "merge_unscoped", "suggestion", "unscoped_values"]

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
        hint: The known value it probably means (`suggestion`), or None.
    """

    column: str
    value: str
    rows: int
    known: tuple[str, ...] = ()
    hint: str | None = None

    def __str__(self) -> str:
        hint = "" if self.hint is None else f" (did you mean {self.hint!r}?)"
        return f"{self.column} {self.value!r}: {self.rows} row(s) out of every SLA's scope{hint}"


def suggestion(value: str, known: Collection[str]) -> str | None:
    """The known value ``value`` probably means: the same in another case, else the closest.

    None when nothing known is close (``difflib``'s ratio under 0.6, with and without case).
    """
    ordered = sorted(known)
    folded = [label for label in ordered if label.casefold() == value.casefold()]
    if len(folded) == 1:
        return folded[0]
    close = difflib.get_close_matches(value, ordered, n=1, cutoff=0.6)
    if close:
        return close[0]
    close = difflib.get_close_matches(
        value.casefold(), [label.casefold() for label in ordered], n=1, cutoff=0.6
    )
    return next((label for label in ordered if close and label.casefold() == close[0]), None)


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


def unscoped_values(slas: Sequence[SLA], log: TicketLog) -> tuple[UnscopedValue, ...]:
    """Rows of ``log`` per priority or category value that none of ``slas`` takes in scope.

    Args:
        slas: The SLAs of a contract (availability SLAs are not about tickets and are skipped).
        log: The tickets (or a chunk of them; add chunks with `merge_unscoped`).

    Returns:
        One `UnscopedValue` per such value, with its hint, by column then value; empty when
        every value is in some SLA's scope, or when the contract has no ticket SLA.
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
            UnscopedValue(column, label, int(count), known, suggestion(label, accepted))
            for label, count in zip(labels, counts.tolist(), strict=True)
            if count and label not in accepted
        )
    return tuple(found)


def merge_unscoped(parts: Iterable[Sequence[UnscopedValue]]) -> tuple[UnscopedValue, ...]:
    """The counts of several chunks added up, by column then value."""
    total: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], UnscopedValue] = {}
    for part in parts:
        for item in part:
            total[item.column, item.value] += item.rows
            first.setdefault((item.column, item.value), item)
    order = {column: i for i, column in enumerate(SCOPED_COLUMNS)}
    keys = sorted(total, key=lambda key: (order.get(key[0], len(order)), key[0], key[1]))
    return tuple(attrs.evolve(first[key], rows=total[key]) for key in keys)
