"""Replaying status-change events through an SLA clock (ServiceNow, Jira, Zendesk style).

Each ticket's events are taken in time order, ties in input order (two events of a ticket at
the same second are not an error: they are applied in the order given), and drive its clock:

- entering a **start** status while no cycle is open starts a cycle, clock running;
- entering a **pause** status pauses the clock; entering any other status that neither stops
  nor cancels resumes it (a start status inside an open cycle resumes it too);
- entering a **stop** status stops the clock and closes the cycle; a later start status opens a
  new cycle, judged on its own (Jira's multiple cycles);
- entering a **cancel** status ends the open cycle without a stop: the cycle is a row of the
  log excluded with the reason ``cancelled`` (`ExclusionReason.CANCELLED`), never measured;
- events while no cycle is open and the status is not a start status change nothing; nor does
  an event repeated (same status again).

When a status is in several of the clock's sets, cancel wins over stop, and stop over pause
(start statuses are disjoint from the others: `Clock` refuses overlaps).

The result is a `TicketLog` with **one row per clock cycle** (in the input order of the events
that opened them): ``opened`` is the cycle's start,
``resolved`` its stop (`MISSING` while open), ``clock_elapsed`` the clock seconds of its closed
running stretches in the calendar given (24×7 without one), and ``running_since`` the start of
the stretch still running after its last event. The evaluation adds that stretch up to
``as_of``, so an open cycle runs until ``as_of``. Events after ``as_of`` (when given) have not
happened yet and are left out. Rows of the log are cycles: ``rows_in`` = cycles (cancelled ones
included) + unusable events. An event is unusable, with its reason, when its timestamp is missing,
naive or unparseable, its ticket id or status is missing, or it would open a cycle with a
priority outside ``priorities``.

The replay is columnar: one stable sort of the usable events by ticket then time, the kind of
each event looked up per distinct status, cycles found with cumulative sums (a cycle opens at
the first start event after the last stop or cancel of its ticket), the clock seconds between
consecutive events where the clock runs computed in one call of the calendar's array API, and
per-cycle totals as differences of one cumulative sum.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Self

import attrs
import numpy as np
from numpy.typing import NDArray

from outsourcing.arrays import read_only
from outsourcing.exceptions import InvalidValueError
from outsourcing.model.calendar import BusinessCalendar
from outsourcing.model.sla import Clock, ExclusionReason
from outsourcing.sla.business_time import business_seconds_array
from outsourcing.sla.records.columns import CodedColumn, factorize, missing_mask
from outsourcing.sla.records.rows import EXCLUSION_REASONS, InvalidReason, InvalidRow
from outsourcing.sla.records.ticket_log import TicketLog
from outsourcing.sla.records.timestamps import (
    INSTANT_PROBLEMS,
    MISSING,
    InstantStatus,
    parse_instants,
)
from outsourcing.sla.unscoped import suggestion

__all__ = ["EVENT_COLUMNS", "EventKind", "event_kinds", "replay_events", "unnamed_statuses"]

#: Columns of an event table: ``ticket``, ``timestamp`` and ``status`` are required.
EVENT_COLUMNS = ("ticket", "timestamp", "status", "priority", "category")

EventColumn = Sequence[Any] | NDArray[Any] | CodedColumn

_CANCELLED = EXCLUSION_REASONS.index(ExclusionReason.CANCELLED)


class EventKind:
    """What an event does to the clock of its ticket (codes of `event_kinds`)."""

    START = 0
    PAUSE = 1
    STOP = 2
    CANCEL = 3
    OTHER = 4
    MISSING = 5


def _kind_of(status: str, clock: Clock) -> int:
    if status in clock.cancel_statuses:
        return EventKind.CANCEL
    if status in clock.stop_statuses:
        return EventKind.STOP
    if status in clock.pause_statuses:
        return EventKind.PAUSE
    if status in clock.start_statuses:
        return EventKind.START
    return EventKind.OTHER


def event_kinds(statuses: NDArray[Any] | CodedColumn, clock: Clock) -> NDArray[np.int8]:
    """The `EventKind` of each status (`EventKind.MISSING` for a missing one), vectorised.

    Each status the clock names is compared with the whole column once (a few passes over it,
    no per-event Python); statuses the clock does not name are ``OTHER``. Surrounding spaces
    are trimmed (``" resolved"`` is ``resolved``; spaces only is a missing status): the
    statuses left over are trimmed in one pass, and those that changed looked at once per
    distinct value.
    """
    if isinstance(statuses, CodedColumn):
        table = [_trimmed_kind(label, clock) for label in statuses.labels] + [EventKind.MISSING]
        return np.array(table, dtype=np.int8)[statuses.codes]
    if statuses.dtype.kind not in "UO":
        statuses = statuses.astype(np.str_)
    kinds = np.full(statuses.shape[0], EventKind.OTHER, dtype=np.int8)
    named = clock.start_statuses | clock.pause_statuses | clock.stop_statuses
    for status in sorted(named | clock.cancel_statuses):
        kinds[statuses == status] = _kind_of(status, clock)
    kinds[missing_mask(statuses)] = EventKind.MISSING
    other = np.flatnonzero(kinds == EventKind.OTHER)
    if other.size:
        written = statuses[other].astype(np.str_)
        trimmed = np.strings.strip(written)
        changed = np.flatnonzero(trimmed != written)  # usually none: one vectorised pass
        if changed.size:
            labels, inverse = np.unique(trimmed[changed], return_inverse=True)
            table = [_trimmed_kind(str(label), clock) for label in labels]
            kinds[other[changed]] = np.array(table, dtype=np.int8)[inverse]
    return kinds


def _trimmed_kind(status: str, clock: Clock) -> int:
    trimmed = status.strip()
    return _kind_of(trimmed, clock) if trimmed else EventKind.MISSING


def unnamed_statuses(
    statuses: NDArray[Any] | CodedColumn, kinds: NDArray[np.int8]
) -> tuple[tuple[str, int], ...]:
    """Statuses the clock does not name (`EventKind.OTHER`), trimmed, with their event counts.

    They leave the clock as it was; a status the clock should name but is written otherwise
    (``Resolved`` for ``resolved``) shows here with its count, sorted by value.
    """
    other = np.flatnonzero(kinds == EventKind.OTHER)
    if not other.size:
        return ()
    if isinstance(statuses, CodedColumn):
        text = np.array([*statuses.labels, ""], dtype=np.str_)[statuses.codes[other]]
    else:
        text = np.asarray(statuses)[other].astype(np.str_)
    labels, counts = np.unique(np.strings.strip(text), return_counts=True)
    return tuple((str(label), int(count)) for label, count in zip(labels, counts, strict=True))


def _array(values: EventColumn) -> NDArray[Any] | CodedColumn:
    return values if isinstance(values, CodedColumn) else np.asarray(values)


def _label(values: NDArray[Any] | CodedColumn, index: int) -> str:
    value = values[index]
    return "" if value is None else str(value)


_TIMESTAMP_REASONS = INSTANT_PROBLEMS

#: A check on event rows: the rows failing it, the field, the reason and its code.
EventCheck = tuple[NDArray[np.bool_], str, str, InvalidReason]


def event_instants(raw: NDArray[Any]) -> tuple[NDArray[np.int64], NDArray[Any]]:
    """Epoch seconds and `InstantStatus` of an event timestamp column (ints or ISO text)."""
    if raw.dtype.kind in "iu":
        times = raw.astype(np.int64)
        return times, np.where(times == MISSING, InstantStatus.MISSING, InstantStatus.OK)
    return parse_instants(raw)


def timestamp_checks(status: NDArray[Any]) -> list[EventCheck]:
    """One check per kind of unusable timestamp (naive, unparseable, out of range, …)."""
    return [
        (status == state, "timestamp", reason, code)
        for state, (reason, code) in _TIMESTAMP_REASONS.items()
    ]


def usable_events(
    columns: Mapping[str, NDArray[Any] | CodedColumn],
    times: NDArray[np.int64],
    checks: Sequence[EventCheck],
    as_of: dt.datetime | None,
) -> tuple[NDArray[np.bool_], list[InvalidRow]]:
    """Which event rows are usable, and each other row once with its first failed check.

    Events after ``as_of`` are not usable either (they have not happened yet), but are not
    invalid.

    Raises:
        InvalidValueError: If ``as_of`` is naive.
    """
    usable = np.ones(times.shape[0], dtype=bool)
    invalid: list[InvalidRow] = []
    for mask, field, reason, code in checks:
        fresh = mask & usable
        usable &= ~mask
        invalid.extend(
            InvalidRow(index, reason, field, _label(columns[field], index), code)
            for index in np.flatnonzero(fresh).tolist()
        )
    if as_of is not None:
        if as_of.utcoffset() is None:
            raise InvalidValueError("as_of", as_of, "must be a time-zone-aware datetime")
        usable &= times <= int(as_of.timestamp() // 1)
    return usable, invalid


@attrs.frozen(eq=False)
class _Events:
    """Event columns, validated; ``usable`` marks the events the replay may use.

    Attributes:
        columns: The input columns, as arrays.
        times: Epoch seconds of each event (`MISSING` when unusable).
        kinds: `EventKind` of each event.
        usable: Events with a timestamp, a ticket and a status, not after ``as_of``.
        invalid: Unusable events with their reasons (events after ``as_of`` are not listed:
            they have not happened yet).
    """

    columns: dict[str, NDArray[Any] | CodedColumn]
    times: NDArray[np.int64]
    kinds: NDArray[np.int8]
    usable: NDArray[np.bool_]
    invalid: list[InvalidRow]

    @classmethod
    def read(
        cls, events: Mapping[str, EventColumn], clock: Clock, as_of: dt.datetime | None
    ) -> _Events:
        for required in ("ticket", "timestamp", "status"):
            if required not in events:
                raise InvalidValueError("events", sorted(events), f"missing column {required!r}")
        columns = {name: _array(events[name]) for name in EVENT_COLUMNS if name in events}
        lengths = {name: column.shape[0] for name, column in columns.items()}
        n = lengths["ticket"]
        if any(length != n for length in lengths.values()):
            raise InvalidValueError("events", lengths, "all columns must have the same length")
        raw_times = columns["timestamp"]
        if isinstance(raw_times, CodedColumn):
            raw_times = np.array([*raw_times.labels, ""], dtype=np.str_)[raw_times.codes]
        times, status = event_instants(raw_times)
        kinds = event_kinds(columns["status"], clock)
        reasons: list[EventCheck] = [
            *timestamp_checks(status),
            (
                missing_mask(columns["ticket"]),
                "ticket",
                "missing ticket id",
                InvalidReason.MISSING_VALUE,
            ),
            (kinds == EventKind.MISSING, "status", "missing status", InvalidReason.MISSING_VALUE),
        ]
        usable, invalid = usable_events(columns, times, reasons, as_of)
        return cls(columns, np.asarray(times, dtype=np.int64), kinds, usable, invalid)

    def ticket_keys(self) -> NDArray[np.int64]:
        """An integer per usable event, equal for the events of one ticket (0 elsewhere)."""
        tickets = self.columns["ticket"]
        if isinstance(tickets, CodedColumn):
            return tickets.codes.astype(np.int64)
        if tickets.dtype.kind in "iu":
            return tickets.astype(np.int64)
        rows = np.flatnonzero(self.usable)
        keys = np.zeros(self.times.shape[0], dtype=np.int64)
        keys[rows] = factorize(tickets[rows])[0]
        return keys

    def in_order(self, keys: NDArray[np.int64]) -> NDArray[np.int64]:
        """Usable events by ticket key, then time, then input order (one stable sort)."""
        rows = np.flatnonzero(self.usable)
        if rows.size == 0:
            return rows
        keys, times = keys[rows], self.times[rows]
        low_key, high_key = int(keys.min()), int(keys.max())
        low_time, high_time = int(times.min()), int(times.max())
        span = high_time - low_time + 1
        if (high_key - low_key + 1) * span < 1 << 62:
            order = np.argsort((keys - low_key) * span + (times - low_time), kind="stable")
        else:
            order = np.lexsort((times, keys))
        ordered: NDArray[np.int64] = rows[order]
        return ordered


def _clock_seconds(
    calendar: BusinessCalendar | None, starts: NDArray[np.int64], ends: NDArray[np.int64]
) -> NDArray[np.int64]:
    if calendar is None or calendar.is_always_open:
        return ends - starts
    return business_seconds_array(calendar, starts, ends)


@attrs.frozen(eq=False)
class _Cycles:
    """Clock cycles found in the ordered events (arrays over cycles, in input order).

    Attributes:
        first: Input row of the event that opened each cycle.
        opened: When each cycle opened.
        resolved: When it stopped (`MISSING`: open or cancelled).
        cancelled: Whether it ended on a cancel status.
        elapsed: Clock seconds of its closed running stretches.
        running_since: Start of the stretch still running (`MISSING`: stopped or paused).
        refused: Input rows of start events refused for their priority.
    """

    first: NDArray[np.int64]
    opened: NDArray[np.int64]
    resolved: NDArray[np.int64]
    cancelled: NDArray[np.bool_]
    elapsed: NDArray[np.int64]
    running_since: NDArray[np.int64]
    refused: NDArray[np.int64]


def _replay(
    order: NDArray[np.int64],
    *,
    times: NDArray[np.int64],
    kinds: NDArray[np.int8],
    ticket_keys: NDArray[np.int64],
    may_open: NDArray[np.bool_],
    calendar: BusinessCalendar | None,
) -> _Cycles:
    """Run the clock over events already in order, without a loop over events.

    Args:
        order: Input rows of the usable events, by ticket then time.
        times: Epoch seconds per input row.
        kinds: `EventKind` per input row.
        ticket_keys: Ticket key per input row (equal keys: same ticket).
        may_open: Per input row, whether a start event there may open a cycle (its priority
            is known).
        calendar: The clock's calendar (None: 24×7).
    """
    m = int(order.shape[0])
    at, kind, ticket = times[order], kinds[order], ticket_keys[order]
    positions = np.arange(m, dtype=np.int64)
    # A group runs from a ticket's first event, or from the event after a stop or cancel, to the
    # next stop or cancel (included): at most one cycle per group, opened by its first opener.
    ends = (kind == EventKind.STOP) | (kind == EventKind.CANCEL)
    new_group = np.ones(m, dtype=bool)
    new_group[1:] = (ticket[1:] != ticket[:-1]) | ends[:-1]
    group = np.cumsum(new_group) - 1
    group_first = np.flatnonzero(new_group)
    group_last = np.append(group_first[1:] - 1, m - 1)
    opener = (kind == EventKind.START) & may_open[order]
    openers_before = np.cumsum(opener) - opener
    already_open = openers_before > openers_before[group_first][group]
    starts = opener & ~already_open
    refused = (kind == EventKind.START) & ~may_open[order] & ~already_open
    member = starts | already_open
    # After a member event the clock runs unless it paused, stopped or cancelled: the state
    # depends on that event alone, so each gap between consecutive events is judged by itself.
    running = member & ((kind == EventKind.START) | (kind == EventKind.OTHER))
    runs_on = np.zeros(m, dtype=bool)
    runs_on[:-1] = running[:-1] & ~new_group[1:]
    gaps = np.flatnonzero(runs_on)
    seconds = np.zeros(m, dtype=np.int64)
    seconds[gaps] = _clock_seconds(calendar, at[gaps], at[gaps + 1])
    total = np.concatenate(([0], np.cumsum(seconds)))

    first = np.flatnonzero(starts)
    first = first[np.argsort(order[first])]  # cycles in input order of their first event
    last = group_last[group[first]]
    end_kind = kind[last]
    stopped, cancelled = end_kind == EventKind.STOP, end_kind == EventKind.CANCEL
    # The stretch still running after an open cycle's last event starts where the clock last
    # began to run; its seconds are added up to as_of by the evaluation, not here.
    stretch = running & (starts | ~np.concatenate(([False], running[:-1])))
    stretch_start = np.maximum.accumulate(np.where(stretch, positions, -1))
    trailing = ~stopped & ~cancelled & running[last]
    closed_until = np.where(trailing, stretch_start[last], last + 1)
    return _Cycles(
        first=order[first],
        opened=at[first],
        resolved=np.where(stopped, at[last], MISSING),
        cancelled=cancelled,
        elapsed=total[closed_until] - total[first],
        running_since=np.where(trailing, at[np.minimum(closed_until, m - 1)], MISSING),
        refused=order[refused],
    )


def _codes(
    column: NDArray[Any] | CodedColumn | None, rows: NDArray[np.int64]
) -> tuple[NDArray[np.int64], tuple[str, ...]]:
    """Codes and labels of a categorical column at some rows (-1 and no labels when absent)."""
    if column is None:
        return np.full(rows.shape[0], -1, dtype=np.int64), ()
    if isinstance(column, CodedColumn):
        return factorize(CodedColumn(column.codes[rows], column.labels))
    return factorize(column[rows])


@attrs.frozen(eq=False)
class _StartPriorities:
    """Priorities of the start events (the only events whose priority is used).

    Attributes:
        rows: Input rows of the start events.
        codes: Priority code of each (-1: none).
        labels: Labels of the codes.
    """

    rows: NDArray[np.int64]
    codes: NDArray[np.int64]
    labels: tuple[str, ...]

    @classmethod
    def read(cls, column: NDArray[Any] | CodedColumn | None, kinds: NDArray[np.int8]) -> Self:
        rows = np.flatnonzero(kinds == EventKind.START)
        codes, labels = _codes(column, rows)
        return cls(rows, codes, labels)

    def may_open(self, priorities: Sequence[str] | None) -> NDArray[np.bool_]:
        """Per start event, whether it may open a cycle (its priority is known or missing)."""
        may_open = np.ones(self.rows.shape[0], dtype=bool)
        if priorities is not None:
            known = frozenset(priorities)
            may_open = np.array([label in known for label in self.labels] + [True])[self.codes]
        return may_open

    def of(
        self, rows: NDArray[np.int64], priorities: Sequence[str] | None
    ) -> tuple[NDArray[np.int64], tuple[str, ...]]:
        """Codes and labels of the priorities at some start rows.

        Codes are into ``priorities`` when given (the rows must have been allowed by
        `may_open`), else into the labels present.
        """
        by_row = np.full(int(self.rows.max(initial=-1)) + 1, -1, dtype=np.int64)
        by_row[self.rows] = self.codes
        codes = by_row[rows]
        if priorities is None:
            return factorize(CodedColumn(codes, self.labels))
        known = {label: i for i, label in enumerate(priorities)}
        remap = [known.get(label, -1) for label in self.labels] + [-1]
        return np.array(remap, dtype=np.int64)[codes], tuple(priorities)


def replay_events(
    events: Mapping[str, EventColumn],
    clock: Clock,
    *,
    calendar: BusinessCalendar | None = None,
    priorities: Sequence[str] | None = None,
    as_of: dt.datetime | None = None,
) -> TicketLog:
    """Replay status-change events through ``clock`` into a log of clock cycles.

    Args:
        events: Columns ``ticket``, ``timestamp`` (ISO 8601 with offset, or int64 epoch
            seconds), ``status``, and optionally ``priority`` and ``category`` (a cycle takes
            those of the event that starts it); numpy arrays, sequences, or `CodedColumn`
            (codes and labels, e.g. from ``pandas.factorize``: the fastest for text). Integer
            ticket ids are grouped without any text work.
        clock: The SLA's clock (start, pause, stop, cancel statuses).
        calendar: Calendar the clock runs in (None: 24×7); use the SLA's calendar.
        priorities: Known priorities (a start event with another one cannot open a cycle: it
            is invalid; None: any priority).
        as_of: Leave out events after this instant.

    Raises:
        InvalidValueError: if a required column is missing, columns differ in length, or
            ``as_of`` is naive.
        CalendarRangeError: if the clock runs outside the calendar's years.
    """
    table = _Events.read(events, clock, as_of)
    columns = table.columns
    ticket_column = columns["ticket"]
    keys = table.ticket_keys()
    order = table.in_order(keys)
    start_priorities = _StartPriorities.read(columns.get("priority"), table.kinds)
    may_open = np.ones(table.kinds.shape[0], dtype=bool)
    may_open[start_priorities.rows] = start_priorities.may_open(priorities)
    cycles = _replay(
        order,
        times=table.times,
        kinds=table.kinds,
        ticket_keys=keys,
        may_open=may_open,
        calendar=calendar,
    )
    invalid = list(table.invalid)
    known = tuple(priorities or ())
    for row in cycles.refused.tolist():
        label = _label(columns["priority"], row)
        hint = suggestion(label, known)
        reason = "unknown priority" + ("" if hint is None else f" (did you mean {hint!r}?)")
        invalid.append(
            InvalidRow(row, reason, "priority", label, InvalidReason.UNKNOWN_PRIORITY, known)
        )
    rows = cycles.first
    priority, priority_labels = start_priorities.of(rows, priorities)
    category, category_labels = _codes(columns.get("category"), rows)
    count = int(rows.shape[0])
    missing = read_only(np.full(count, MISSING, dtype=np.int64))
    flags = read_only(np.full(count, -1, dtype=np.int8))
    tickets = (
        np.array([*ticket_column.labels, ""], dtype=object)[ticket_column.codes[rows]]
        if isinstance(ticket_column, CodedColumn)
        else ticket_column[rows]
    )
    exclusion = np.where(cycles.cancelled, _CANCELLED, -1).astype(np.int64)
    return TicketLog(
        rows_in=count + len(invalid),
        row=read_only(rows),
        ticket=read_only(tickets),
        opened=read_only(cycles.opened),
        first_response=missing,
        resolved=read_only(cycles.resolved),
        due=missing,
        priority=read_only(priority),
        priorities=priority_labels,
        category=read_only(category),
        categories=category_labels,
        exclusion=read_only(exclusion),
        work_seconds=missing,
        satisfied=flags,
        error=flags,
        clock_elapsed=read_only(cycles.elapsed),
        running_since=read_only(cycles.running_since),
        invalid=tuple(sorted(invalid, key=lambda r: r.row)),
        unnamed_statuses=unnamed_statuses(columns["status"], table.kinds),
    )
