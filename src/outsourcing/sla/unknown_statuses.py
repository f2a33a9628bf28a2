"""Statuses of an event log that no clock of the contract names, counted by value with a hint.

An event log replayed through an SLA clock (`outsourcing.sla.records.replay`, ServiceNow) or
read as Zendesk events may carry statuses the clock does not name: they leave the clock as it
was, which is right for a status in between (``in progress``) and silently wrong for a status
misspelt or written in another case (``Resolved`` where the clock stops on ``resolved``: the
ticket never stops). The log counts them (`TicketLog.unnamed_statuses`); the measurement adds
the counts of its chunks up, and the report lists each value with its number of events and the
status it probably means ("did you mean 'resolved'?"), among those of the contract's clocks and
Zendesk's: the same in another case first, else the closest spelling.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import attrs

from outsourcing.model.contract import Contract
from outsourcing.sla.records.zendesk_events import (
    AGENT_REPLY,
    REQUESTER_COMMENT,
    ZENDESK_STATUSES,
)
from outsourcing.sla.unscoped import suggestion

__all__ = [
    "UnknownStatus",
    "clock_statuses",
    "known_statuses",
    "merge_status_counts",
    "unknown_statuses",
]


@attrs.frozen
class UnknownStatus:
    """A status no clock of the contract names, and how many events carry it.

    Attributes:
        value: The status, as written (surrounding spaces trimmed).
        events: Events with that status.
        hint: The status of the contract's clocks it probably means, or None.
    """

    value: str
    events: int
    hint: str | None = None


def clock_statuses(contract: Contract) -> frozenset[str]:
    """Every status the clocks of the contract's SLAs name (start, pause, stop, cancel)."""
    found: set[str] = set()
    for sla in contract.slas:
        clock = sla.clock
        if clock is not None:
            found |= clock.start_statuses | clock.pause_statuses | clock.stop_statuses
            found |= clock.cancel_statuses
    return frozenset(found)


def merge_status_counts(
    parts: Iterable[Iterable[tuple[str, int]]],
) -> tuple[tuple[str, int], ...]:
    """Event counts per status of several chunks added up, sorted by status."""
    total: Counter[str] = Counter()
    for part in parts:
        for status, events in part:
            total[status] += events
    return tuple(sorted(total.items()))


def unknown_statuses(
    counts: Iterable[tuple[str, int]], known: frozenset[str]
) -> tuple[UnknownStatus, ...]:
    """The statuses counted, most events first, each with a hint among ``known`` (if any).

    Args:
        counts: Events per status no clock named (`ServiceMeasurements.statuses`).
        known: The statuses the hint is looked for among (see `known_statuses`).
    """
    found = [
        UnknownStatus(status, events, suggestion(status, known) if known else None)
        for status, events in merge_status_counts([counts])
    ]
    return tuple(sorted(found, key=lambda item: (-item.events, item.value)))


def known_statuses(contract: Contract) -> frozenset[str]:
    """The statuses a hint may name: the contract's clocks' and those of Zendesk events."""
    return clock_statuses(contract) | frozenset((*ZENDESK_STATUSES, AGENT_REPLY, REQUESTER_COMMENT))
