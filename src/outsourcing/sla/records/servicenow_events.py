"""ServiceNow task-SLA behaviours on event logs: retroactive start, reset on priority change.

`servicenow_log` replays status-change events through an SLA clock, as
`outsourcing.sla.records.replay.replay_events` does, with two behaviours of ServiceNow's task
SLAs:

- **retroactive start** (``retroactive=True``): the first cycle of a ticket is dated from the
  ticket's first event (its creation, ServiceNow's ``sys_created_on``) instead of the event
  that started the clock, and the clock counts from there: the time before the start event
  runs (ServiceNow's ``retroactive_pause`` off).
- **reset on priority change** (``reset=ResetPolicy.CANCEL`` or ``COMPLETE``): when an event of
  a ticket whose cycle is open carries another priority than the event before it, the open
  cycle ends, cancelled (not measured, as ServiceNow's ``reset_action: cancel``) or completed
  (stopped there and judged, ``reset_action: complete``), and a new cycle starts at that
  event under the new priority, so the new priority's SLA judges it; the event's own status
  then applies as usual (a pause status pauses the new cycle).

The events are rewritten into the clock's terms (an end and a start inserted before each
priority change, in the same second) and replayed by the columnar replay; a slow event-by-event
reference agrees with it on random logs (``tests/test_servicenow_events.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any, Final

import attrs
import numpy as np
from numpy.typing import NDArray

from outsourcing.exceptions import InvalidValueError
from outsourcing.model.calendar import BusinessCalendar
from outsourcing.model.sla import Clock
from outsourcing.sla.business_time import business_seconds_array
from outsourcing.sla.records.columns import CodedColumn, factorize, missing_mask
from outsourcing.sla.records.replay import (
    EventColumn,
    EventKind,
    event_kinds,
    replay_events,
)
from outsourcing.sla.records.ticket_log import TicketLog
from outsourcing.sla.records.timestamps import MISSING, InstantStatus, parse_instants

__all__ = ["RESET_CANCEL", "RESET_START", "RESET_STOP", "ResetPolicy", "servicenow_log"]

#: Statuses the rewriting inserts (no ticket tool uses them).
RESET_CANCEL: Final = "\x00reset-cancel"
RESET_STOP: Final = "\x00reset-complete"
RESET_START: Final = "\x00reset-start"


class ResetPolicy(StrEnum):
    """What a reset does to the open cycle (ServiceNow's ``reset_action``)."""

    CANCEL = "cancel"
    COMPLETE = "complete"


def _with_resets(clock: Clock) -> Clock:
    return Clock(
        start_statuses=clock.start_statuses | {RESET_START},
        pause_statuses=clock.pause_statuses,
        stop_statuses=clock.stop_statuses | {RESET_STOP},
        cancel_statuses=clock.cancel_statuses | {RESET_CANCEL},
    )


def _labels(column: NDArray[Any] | CodedColumn, rows: NDArray[np.int64]) -> NDArray[np.int64]:
    if isinstance(column, CodedColumn):
        return column.codes[rows].astype(np.int64)
    return factorize(column[rows])[0].astype(np.int64)


@attrs.frozen(eq=False)
class _Sorted:
    """Usable events by ticket, time and input order: rows, times, first-of-ticket flags."""

    rows: NDArray[np.int64]
    times: NDArray[np.int64]
    first: NDArray[np.bool_]

    @classmethod
    def read(
        cls, columns: Mapping[str, NDArray[Any] | CodedColumn], as_of: dt.datetime | None
    ) -> _Sorted:
        raw = columns["timestamp"]
        if isinstance(raw, CodedColumn):
            raw = np.array([*raw.labels, ""], dtype=np.str_)[raw.codes]
        if raw.dtype.kind in "iu":
            times = raw.astype(np.int64)
            usable = times != MISSING
        else:
            times, state = parse_instants(raw)
            usable = state == InstantStatus.OK
        for name in ("ticket", "status"):
            usable &= ~missing_mask(columns[name])
        if as_of is not None:
            usable &= times <= int(as_of.timestamp() // 1)
        rows = np.flatnonzero(usable).astype(np.int64)
        keys = _labels(columns["ticket"], rows)
        order = np.lexsort((rows, times[rows], keys))
        rows, keys = rows[order], keys[order]
        first = np.ones(rows.shape[0], dtype=bool)
        first[1:] = keys[1:] != keys[:-1]
        return cls(rows, times[rows], first)


def _open_before(kinds: NDArray[np.int8], first: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Whether a cycle is open just before each event (a start since the last end)."""
    n = int(kinds.shape[0])
    positions = np.arange(n, dtype=np.int64)
    ticket_start = np.maximum.accumulate(np.where(first, positions, 0))
    starts = np.where(kinds == EventKind.START, positions, -1)
    ends = np.where((kinds == EventKind.STOP) | (kinds == EventKind.CANCEL), positions, -1)
    last_start = np.maximum.accumulate(starts)
    last_end = np.maximum.accumulate(ends)
    before_start = np.concatenate(([-1], last_start[:-1]))
    before_end = np.concatenate(([-1], last_end[:-1]))
    return (before_start >= ticket_start) & (before_start > before_end) & ~first


def servicenow_log(
    events: Mapping[str, EventColumn],
    clock: Clock,
    *,
    calendar: BusinessCalendar | None = None,
    priorities: Sequence[str] | None = None,
    as_of: dt.datetime | None = None,
    retroactive: bool = False,
    reset: ResetPolicy | str | None = None,
) -> TicketLog:
    """Replay events through ``clock`` with ServiceNow's retroactive start and reset.

    Args:
        events: As for `replay_events`; ``priority`` is needed for ``reset``.
        clock: The SLA's clock.
        calendar: The SLA's calendar (None: 24×7).
        priorities: Known priorities (see `replay_events`).
        as_of: Leave out events after this instant.
        retroactive: Date each ticket's first cycle from its first event.
        reset: On a priority change of a ticket with an open cycle, end the cycle (cancel or
            complete) and start a new one (None: priorities do not reset the clock).

    Raises:
        InvalidValueError: If ``reset`` is given without a ``priority`` column, or as for
            `replay_events`.
    """
    policy = None if reset is None else ResetPolicy(reset)
    for required in ("ticket", "timestamp", "status"):
        if required not in events:
            raise InvalidValueError("events", sorted(events), f"missing column {required!r}")
    if policy is not None and "priority" not in events:
        raise InvalidValueError("events", sorted(events), "a reset needs a 'priority' column")
    if policy is None:
        log = replay_events(events, clock, calendar=calendar, priorities=priorities, as_of=as_of)
    else:
        log = _replay_with_resets(
            events, clock, policy, calendar=calendar, priorities=priorities, as_of=as_of
        )
    return _retroactive(log, events, calendar, as_of) if retroactive else log


def _replay_with_resets(
    events: Mapping[str, EventColumn],
    clock: Clock,
    policy: ResetPolicy,
    *,
    calendar: BusinessCalendar | None,
    priorities: Sequence[str] | None,
    as_of: dt.datetime | None,
) -> TicketLog:
    columns = {
        name: values if isinstance(values, CodedColumn) else np.asarray(values)
        for name, values in events.items()
    }
    ordered = _Sorted.read(columns, as_of)
    rows = ordered.rows
    status = columns["status"]
    kinds = event_kinds(
        status if isinstance(status, CodedColumn) else status.astype(object), clock
    )[rows]
    priority = _labels(columns["priority"], rows)
    changed = np.zeros(rows.shape[0], dtype=bool)
    changed[1:] = (priority[1:] != priority[:-1]) & ~ordered.first[1:]
    resets = changed & _open_before(kinds, ordered.first)
    # Each reset event is preceded by an end and a start, in the same second, in this order.
    ending = RESET_CANCEL if policy is ResetPolicy.CANCEL else RESET_STOP
    copies = np.where(resets, 3, 1)
    source = np.repeat(rows, copies)
    step = np.arange(source.shape[0]) - np.repeat(np.cumsum(copies) - copies, copies)
    inserted = np.repeat(resets, copies) & (step < 2)
    labels = np.asarray(_take(status, source), dtype=object)
    labels[inserted & (step == 0)] = ending
    labels[inserted & (step == 1)] = RESET_START
    rewritten: dict[str, EventColumn] = {
        name: _take(column, source) for name, column in columns.items() if name != "status"
    }
    rewritten["status"] = labels
    rewritten["timestamp"] = np.repeat(ordered.times, copies)
    log = replay_events(
        rewritten, _with_resets(clock), calendar=calendar, priorities=priorities, as_of=as_of
    )
    unusable = _unusable_rows(
        columns, rows, clock, calendar=calendar, priorities=priorities, as_of=as_of
    )
    refused = {int(source[r.row]): attrs.evolve(r, row=int(source[r.row])) for r in log.invalid}
    invalid = sorted([*unusable, *refused.values()], key=lambda r: r.row)
    return attrs.evolve(
        log, rows_in=len(log) + len(invalid), row=source[log.row], invalid=tuple(invalid)
    )


def _unusable_rows(
    columns: Mapping[str, NDArray[Any] | CodedColumn],
    usable_rows: NDArray[np.int64],
    clock: Clock,
    *,
    calendar: BusinessCalendar | None,
    priorities: Sequence[str] | None,
    as_of: dt.datetime | None,
) -> list[Any]:
    """The input events the replay itself calls invalid (with their reasons), in input rows."""
    n = int(next(iter(columns.values())).shape[0])
    left = np.setdiff1d(np.arange(n, dtype=np.int64), usable_rows)
    if left.size == 0:
        return []
    subset = {name: _take(column, left) for name, column in columns.items()}
    alone = replay_events(subset, clock, calendar=calendar, priorities=priorities, as_of=as_of)
    return [attrs.evolve(r, row=int(left[r.row])) for r in alone.invalid]


def _take(
    column: NDArray[Any] | CodedColumn, rows: NDArray[np.int64]
) -> NDArray[Any] | CodedColumn:
    if isinstance(column, CodedColumn):
        return CodedColumn(column.codes[rows], column.labels)
    return column[rows]


def _retroactive(
    log: TicketLog,
    events: Mapping[str, EventColumn],
    calendar: BusinessCalendar | None,
    as_of: dt.datetime | None,
) -> TicketLog:
    """Each ticket's first cycle dated from the ticket's first event, its clock run from there."""
    if not len(log):
        return log
    columns = {
        name: values if isinstance(values, CodedColumn) else np.asarray(values)
        for name, values in events.items()
    }
    ordered = _Sorted.read(columns, as_of)
    tickets = columns["ticket"]
    labels = [str(tickets[int(r)]) for r in ordered.rows[ordered.first].tolist()]
    creation = dict(zip(labels, ordered.times[ordered.first].tolist(), strict=True))
    ids = [str(t) for t in log.ticket.tolist()]
    created = np.array([creation.get(t, MISSING) for t in ids], dtype=np.int64)
    first_of: dict[str, tuple[int, int, int]] = {}
    for index, (ticket, opened, row) in enumerate(
        zip(ids, log.opened.tolist(), log.row.tolist(), strict=True)
    ):
        first_of[ticket] = min((opened, row, index), first_of.get(ticket, (opened, row, index)))
    first_cycle = np.zeros(len(log), dtype=bool)
    first_cycle[[index for _, _, index in first_of.values()]] = True
    moved = first_cycle & (created != MISSING) & (created < log.opened)
    before = np.zeros(len(log), dtype=np.int64)
    if moved.any():
        if calendar is None or calendar.is_always_open:
            before[moved] = log.opened[moved] - created[moved]
        else:
            before[moved] = business_seconds_array(calendar, created[moved], log.opened[moved])
    return attrs.evolve(
        log,
        opened=np.where(moved, created, log.opened),
        clock_elapsed=log.clock_elapsed + before,
    )
