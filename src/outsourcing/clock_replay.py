"""Replaying status-change events through an SLA clock (ServiceNow, Jira, Zendesk style).

Each ticket's events are taken in time order (ties in input order) and drive its clock:

- entering a **start** status while no cycle is open starts a cycle, clock running;
- entering a **pause** status pauses the clock; entering any other status that neither stops
  nor cancels resumes it;
- entering a **stop** status stops the clock and closes the cycle; a later start status opens a
  new cycle, judged on its own (Jira's multiple cycles);
- entering a **cancel** status drops the open cycle: it is not measured (reported in
  `TicketLog.invalid` with the reason, so it is not lost);
- events while no cycle is open and the status is not a start status change nothing.

The result is a `TicketLog` with **one row per clock cycle**: ``opened`` is the cycle's start,
``resolved`` its stop (`MISSING` while open), ``clock_elapsed`` the clock seconds of its closed
running segments in the calendar given (24×7 without one), and ``running_since`` the start of
the segment still running at the end of the events. The evaluation adds the running segment up
to ``as_of``. Events after ``as_of`` (when given) are ignored. Rows of the log are cycles:
``rows_in`` = cycles + unusable events + cancelled cycles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from outsourcing.exceptions import InvalidValueError
from outsourcing.measurement import clock_seconds
from outsourcing.model.calendar import BusinessCalendar
from outsourcing.model.sla import Clock
from outsourcing.tickets import MISSING, InvalidRow, TicketLog, factorize
from outsourcing.timestamps import InstantStatus, parse_instants

__all__ = ["EVENT_COLUMNS", "replay_events"]

#: Columns of an event table: ``ticket``, ``timestamp`` and ``status`` are required.
EVENT_COLUMNS = ("ticket", "timestamp", "status", "priority", "category")


class _Cycles:
    """Cycles being collected during the replay."""

    def __init__(self) -> None:
        self.ticket: list[object] = []
        self.row: list[int] = []
        self.opened: list[int] = []
        self.resolved: list[int] = []
        self.running_since: list[int] = []
        self.priority: list[int] = []
        self.category: list[int] = []
        self.segment_starts: list[int] = []
        self.segment_ends: list[int] = []
        self.segment_cycle: list[int] = []

    def open(self, ticket: object, row: int, at: int, priority: int, category: int) -> int:
        self.ticket.append(ticket)
        self.row.append(row)
        self.opened.append(at)
        self.resolved.append(MISSING)
        self.running_since.append(MISSING)
        self.priority.append(priority)
        self.category.append(category)
        return len(self.opened) - 1

    def segment(self, cycle: int, start: int, end: int) -> None:
        self.segment_starts.append(start)
        self.segment_ends.append(end)
        self.segment_cycle.append(cycle)


def _column(events: Mapping[str, Sequence[Any] | NDArray[Any]], name: str) -> NDArray[Any]:
    return np.asarray(events[name]) if name in events else np.full(len(events["ticket"]), None)


class _Events:
    """Event columns, validated: unusable events are reported in ``invalid``."""

    def __init__(
        self,
        events: Mapping[str, Sequence[Any] | NDArray[Any]],
        priorities: Sequence[str] | None,
        as_of: dt.datetime | None,
    ) -> None:
        for required in ("ticket", "timestamp", "status"):
            if required not in events:
                raise InvalidValueError("events", sorted(events), f"missing column {required!r}")
        self.tickets = np.asarray(events["ticket"])
        raw_times = np.asarray(events["timestamp"])
        if raw_times.dtype.kind in "iu":
            self.times = raw_times.astype(np.int64)
            status = np.full(self.times.shape[0], int(InstantStatus.OK), dtype=np.int8)
        else:
            self.times, status = parse_instants(raw_times)
        self.statuses = _column(events, "status")
        self.priority_codes, self.priority_labels = factorize(
            _column(events, "priority").astype(object)
        )
        if priorities is not None:
            known = {label: i for i, label in enumerate(priorities)}
            remap = [known.get(p, -2) for p in self.priority_labels] + [-1]
            self.priority_codes = np.array(remap, dtype=np.int64)[self.priority_codes]
            self.priority_labels = tuple(priorities)
        self.category_codes, self.category_labels = factorize(
            _column(events, "category").astype(object)
        )
        self.ticket_codes, _ = factorize(self.tickets.astype(object))
        self.invalid: list[InvalidRow] = []
        self.usable = status == InstantStatus.OK
        for index in np.flatnonzero(~self.usable).tolist():
            reason = _TIMESTAMP_REASONS[InstantStatus(status[index])]
            self.invalid.append(InvalidRow(index, reason, "timestamp", str(raw_times[index])))
        for index, value in enumerate(self.statuses.tolist()):
            if self.usable[index] and (value is None or value == ""):
                self.invalid.append(InvalidRow(index, "missing status", "status", ""))
                self.usable[index] = False
        if as_of is not None:
            if as_of.utcoffset() is None:
                raise InvalidValueError("as_of", as_of, "must be a time-zone-aware datetime")
            self.usable &= self.times <= int(as_of.timestamp() // 1)

    def in_order(self) -> NDArray[np.int64]:
        """Usable events by ticket, then time, then input order."""
        order: NDArray[np.int64] = np.lexsort(
            (np.arange(self.times.shape[0]), self.times, self.ticket_codes)
        )
        usable: NDArray[np.int64] = order[self.usable[order]]
        return usable


_TIMESTAMP_REASONS = {
    InstantStatus.MISSING: "missing timestamp",
    InstantStatus.NAIVE: "naive timestamp (no UTC offset)",
    InstantStatus.UNPARSEABLE: "unparseable timestamp",
}


def replay_events(
    events: Mapping[str, Sequence[Any] | NDArray[Any]],
    clock: Clock,
    *,
    calendar: BusinessCalendar | None = None,
    priorities: Sequence[str] | None = None,
    as_of: dt.datetime | None = None,
) -> TicketLog:
    """Replay status-change events through ``clock`` into a log of clock cycles.

    Args:
        events: Columns ``ticket``, ``timestamp`` (ISO 8601 with offset, or epoch seconds),
            ``status``, and optionally ``priority`` and ``category`` (a cycle takes those of
            the event that starts it).
        clock: The SLA's clock (start, pause, stop, cancel statuses).
        calendar: Calendar the clock runs in (None: 24×7); use the SLA's calendar.
        priorities: Known priorities (others make the starting event invalid).
        as_of: Ignore events after this instant.

    Raises:
        InvalidValueError: if a required column is missing or ``as_of`` is naive.
    """
    table = _Events(events, priorities, as_of)
    cycles = _replay(table, clock)
    elapsed = np.zeros(len(cycles.opened), dtype=np.int64)
    if cycles.segment_cycle:
        seconds = clock_seconds(
            calendar,
            np.array(cycles.segment_starts, dtype=np.int64),
            np.array(cycles.segment_ends, dtype=np.int64),
        )
        per_cycle = np.bincount(cycles.segment_cycle, weights=seconds, minlength=len(elapsed))
        elapsed += per_cycle.astype(np.int64)
    return _log(cycles, elapsed, table)


def _replay(events: _Events, clock: Clock) -> _Cycles:
    """Run the clock's state machine over the events, ticket by ticket, in time order."""
    cycles = _Cycles()
    current_ticket = -2
    cycle = -1  # open cycle index, -1 when none
    running_since = MISSING
    for index in events.in_order().tolist():
        code = int(events.ticket_codes[index])
        if code != current_ticket:
            _finish(cycles, cycle, running_since)
            current_ticket, cycle, running_since = code, -1, MISSING
        at, status = int(events.times[index]), str(events.statuses[index])
        if cycle < 0:
            if status in clock.start_statuses:
                priority = int(events.priority_codes[index])
                if priority == -2:
                    events.invalid.append(InvalidRow(index, "unknown priority", "priority", ""))
                    continue
                category = int(events.category_codes[index])
                cycle = cycles.open(events.tickets[index], index, at, priority, category)
                running_since = at
            continue
        if status in clock.cancel_statuses:
            reason = f"clock cycle cancelled by status {status!r}"
            events.invalid.append(InvalidRow(cycles.row[cycle], reason, "status", status))
            cycles.opened[cycle] = MISSING
            cycle, running_since = -1, MISSING
            continue
        stops, pauses = status in clock.stop_statuses, status in clock.pause_statuses
        if (stops or pauses) and running_since != MISSING:
            cycles.segment(cycle, running_since, at)
            running_since = MISSING
        if stops:
            cycles.resolved[cycle] = at
            cycle = -1
        elif not pauses and running_since == MISSING:
            running_since = at
    _finish(cycles, cycle, running_since)
    return cycles


def _finish(cycles: _Cycles, cycle: int, running_since: int) -> None:
    if cycle >= 0:
        cycles.running_since[cycle] = running_since


def _log(cycles: _Cycles, elapsed: NDArray[np.int64], events: _Events) -> TicketLog:
    kept = np.flatnonzero(np.array(cycles.opened, dtype=np.int64) != MISSING)
    count = int(kept.shape[0])

    def column(values: list[int]) -> NDArray[np.int64]:
        array: NDArray[np.int64] = np.array(values, dtype=np.int64)[kept]
        array.setflags(write=False)
        return array

    ticket = np.empty(len(cycles.ticket), dtype=object)
    ticket[:] = cycles.ticket
    missing = np.full(count, MISSING, dtype=np.int64)
    missing.setflags(write=False)
    flags = np.full(count, -1, dtype=np.int8)
    flags.setflags(write=False)
    none = np.full(count, -1, dtype=np.int64)
    none.setflags(write=False)
    kept_elapsed = elapsed[kept]
    kept_elapsed.setflags(write=False)
    kept_ticket = ticket[kept]
    kept_ticket.setflags(write=False)
    return TicketLog(
        rows_in=count + len(events.invalid),
        row=column(cycles.row),
        ticket=kept_ticket,
        opened=column(cycles.opened),
        first_response=missing,
        resolved=column(cycles.resolved),
        due=missing,
        priority=column(cycles.priority),
        priorities=events.priority_labels,
        category=column(cycles.category),
        categories=events.category_labels,
        exclusion=none,
        work_seconds=missing,
        satisfied=flags,
        error=flags,
        clock_elapsed=kept_elapsed,
        running_since=column(cycles.running_since),
        invalid=tuple(sorted(events.invalid, key=lambda r: r.row)),
    )
