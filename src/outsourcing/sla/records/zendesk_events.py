"""Zendesk's six ticket metrics, measured on a ticket's events by the columnar clock replay.

A Zendesk event log holds, per ticket, its status changes (``new``, ``open``, ``pending``,
``hold``, ``solved``, ``closed``) and its public comments, written in the ``status`` column as
`AGENT_REPLY` (a public comment by an agent) or `REQUESTER_COMMENT` (a public comment by the
requester); other values are left out. `zendesk_metric_log` turns the events into the start,
pause and stop events of one metric's clock (`METRIC_CLOCK`) and replays them with
`outsourcing.sla.records.replay.replay_events`: the result is a `TicketLog` with one row per
measured cycle, judged by the SLA evaluation like any replayed log.

Definitions (after Zendesk's "Defining SLA policies"; the clock runs in the SLA's calendar):

- **total resolution**: from the ticket's first event to its final solve (the first ``solved``
  or ``closed`` after its last other status), never paused; a reopened ticket keeps counting.
  One cycle per ticket.
- **requester wait**: time in ``new``, ``open`` and ``hold``, paused in ``pending`` and while
  solved before a reopening, until the final solve. One cycle per ticket.
- **agent work**: as requester wait, also paused in ``hold``.
- **next reply**: from the oldest requester comment not yet answered to the next agent reply;
  comments before the first agent reply belong to first reply time and are left out. Solving
  the ticket fulfils a waiting reply (the cycle stops). One cycle per answered question.
- **periodic update**: from each agent reply to the next one; solving the ticket stops the
  cycle. One cycle per update.
- **pausable update**: as periodic update, paused while the ticket is ``pending`` (an update
  given while pending starts a paused cycle).

Events are taken per ticket in time order, ties in input order, as the replay does. Events with
no usable timestamp, ticket or status are invalid rows with their reason (``rows_in`` counts
cycles and invalid events, as for any replay).
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
from outsourcing.sla.records.columns import CodedColumn, factorize, missing_mask
from outsourcing.sla.records.replay import (
    EventCheck,
    EventColumn,
    EventKind,
    event_instants,
    replay_events,
    timestamp_checks,
    unnamed_statuses,
    usable_events,
)
from outsourcing.sla.records.rows import InvalidReason, InvalidRow
from outsourcing.sla.records.ticket_log import TicketLog

__all__ = [
    "AGENT_REPLY",
    "METRIC_CLOCK",
    "REQUESTER_COMMENT",
    "ZENDESK_STATUSES",
    "ZendeskMetric",
    "zendesk_metric_log",
]

AGENT_REPLY: Final = "agent_reply"
REQUESTER_COMMENT: Final = "requester_comment"
#: Zendesk ticket statuses, in their codes' order.
ZENDESK_STATUSES: Final = ("new", "open", "pending", "hold", "solved", "closed")
_NEW, _OPEN, _PENDING, _HOLD, _SOLVED, _CLOSED = range(6)
_AGENT, _REQUESTER, _OTHER = 6, 7, 8


class ZendeskMetric(StrEnum):
    """The Zendesk metrics measured on events (first reply time needs no events)."""

    NEXT_REPLY = "next_reply"
    PERIODIC_UPDATE = "periodic_update"
    PAUSABLE_UPDATE = "pausable_update"
    REQUESTER_WAIT = "requester_wait"
    AGENT_WORK = "agent_work"
    TOTAL_RESOLUTION = "total_resolution"


#: The clock every metric's derived events run: ``resume`` resumes an open cycle, no more.
METRIC_CLOCK: Final = Clock(
    start_statuses={"start"}, pause_statuses={"pause"}, stop_statuses={"stop"}
)
_START, _PAUSE, _STOP, _RESUME = "start", "pause", "stop", "resume"


@attrs.frozen(eq=False)
class _Ordered:
    """The usable events of a log in replay order, with what each metric needs to know.

    Attributes:
        rows: Input row of each event, by ticket, then time, then input order.
        times: Epoch seconds of each.
        code: Status code (0-5), `_AGENT`, `_REQUESTER` or `_OTHER`.
        ticket_start: Position of the first event of each event's ticket.
        status_now: The ticket's status after the event (-1: none yet).
        final_solve: Whether the event is its ticket's final solve.
        after_first_reply: Whether an agent reply came earlier for the ticket.
    """

    rows: NDArray[np.int64]
    times: NDArray[np.int64]
    code: NDArray[np.int64]
    ticket_start: NDArray[np.int64]
    status_now: NDArray[np.int64]
    final_solve: NDArray[np.bool_]
    after_first_reply: NDArray[np.bool_]

    @classmethod
    def read(
        cls,
        tickets: NDArray[Any] | CodedColumn,
        times: NDArray[np.int64],
        statuses: NDArray[Any] | CodedColumn,
        usable: NDArray[np.bool_],
    ) -> _Ordered:
        rows = np.flatnonzero(usable)
        if isinstance(tickets, CodedColumn):
            keys = tickets.codes[rows].astype(np.int64)
        else:
            keys = factorize(tickets[rows])[0].astype(np.int64)
        order = np.lexsort((rows, times[rows], keys))
        rows, keys, at = rows[order], keys[order], times[rows][order]
        codes, labels = (
            (statuses.codes[rows], statuses.labels)
            if isinstance(statuses, CodedColumn)
            else factorize(statuses[rows])
        )
        names = {name: i for i, name in enumerate(ZENDESK_STATUSES)}
        names |= {AGENT_REPLY: _AGENT, REQUESTER_COMMENT: _REQUESTER}
        table = np.array([names.get(label, _OTHER) for label in labels] + [_OTHER], np.int64)
        code = table[codes]
        n = int(rows.shape[0])
        positions = np.arange(n, dtype=np.int64)
        first = np.ones(n, dtype=bool)
        first[1:] = keys[1:] != keys[:-1]
        ticket_start = np.maximum.accumulate(np.where(first, positions, 0))
        is_status = code <= _CLOSED
        last_status = np.maximum.accumulate(np.where(is_status, positions, -1))
        known = last_status >= ticket_start
        status_now = np.where(known, code[np.maximum(last_status, 0)], -1)
        # The final solve: the first solved or closed after the ticket's last other status.
        unsolved = is_status & (code < _SOLVED)
        group = np.cumsum(first) - 1
        last_unsolved = np.full(int(group[-1]) + 1 if n else 0, -1, dtype=np.int64)
        np.maximum.at(last_unsolved, group[unsolved], positions[unsolved])
        candidate = is_status & (code >= _SOLVED) & (positions > last_unsolved[group])
        seen = np.cumsum(candidate) - candidate
        first_candidate = candidate & (seen == seen[ticket_start])
        agents = np.cumsum(code == _AGENT) - (code == _AGENT)
        return cls(
            rows=rows,
            times=at,
            code=code,
            ticket_start=ticket_start,
            status_now=status_now,
            final_solve=first_candidate,
            after_first_reply=agents > agents[ticket_start],
        )


def _derived(ordered: _Ordered, metric: ZendeskMetric) -> tuple[NDArray[np.int64], list[str]]:
    """Positions (into the ordered events) and labels of the metric's clock events, in order.

    Several clock events may come from one event (an update: stop, start, maybe pause); they
    keep that order.
    """
    code, n = ordered.code, int(ordered.code.shape[0])
    kinds: list[tuple[NDArray[np.bool_], str]]
    if metric is ZendeskMetric.TOTAL_RESOLUTION:
        opening = np.zeros(n, dtype=bool)
        opening[np.unique(ordered.ticket_start)] = True
        kinds = [(opening, _START), (ordered.final_solve, _STOP)]
    elif metric in {ZendeskMetric.REQUESTER_WAIT, ZendeskMetric.AGENT_WORK}:
        running = {_NEW, _OPEN} | ({_HOLD} if metric is ZendeskMetric.REQUESTER_WAIT else set())
        paused = {_PENDING, _HOLD} - running
        solved = (code == _SOLVED) | (code == _CLOSED)
        kinds = [
            (np.isin(code, sorted(running)), _START),
            (np.isin(code, sorted(paused)) | (solved & ~ordered.final_solve), _PAUSE),
            (ordered.final_solve, _STOP),
        ]
    elif metric is ZendeskMetric.NEXT_REPLY:
        kinds = [
            ((code == _REQUESTER) & ordered.after_first_reply, _START),
            ((code == _AGENT) | (code == _SOLVED), _STOP),
        ]
    else:
        update = code == _AGENT
        kinds = [((update | (code == _SOLVED)), _STOP), (update, _START)]
        if metric is ZendeskMetric.PAUSABLE_UPDATE:
            pending = ordered.status_now == _PENDING
            kinds += [
                ((update & pending) | (code == _PENDING), _PAUSE),
                (np.isin(code, [_NEW, _OPEN, _HOLD]), _RESUME),
            ]
    positions = [np.flatnonzero(mask) for mask, _ in kinds]
    slot = np.concatenate([p * len(kinds) + k for k, p in enumerate(positions)])
    labels = [label for (_, label), p in zip(kinds, positions, strict=True) for _ in range(p.size)]
    order = np.argsort(slot, kind="stable")
    return slot[order] // len(kinds), [labels[i] for i in order.tolist()]


def _read(
    events: Mapping[str, EventColumn], as_of: dt.datetime | None
) -> tuple[
    dict[str, NDArray[Any] | CodedColumn], NDArray[np.int64], NDArray[np.bool_], list[InvalidRow]
]:
    """The columns, epoch seconds, which events are usable, and the invalid ones."""
    for required in ("ticket", "timestamp", "status"):
        if required not in events:
            raise InvalidValueError("events", sorted(events), f"missing column {required!r}")
    columns = {
        name: values if isinstance(values, CodedColumn) else np.asarray(values)
        for name, values in events.items()
    }
    lengths = {name: column.shape[0] for name, column in columns.items()}
    if len(set(lengths.values())) > 1:
        raise InvalidValueError("events", lengths, "all columns must have the same length")
    raw = columns["timestamp"]
    if isinstance(raw, CodedColumn):
        raw = np.array([*raw.labels, ""], dtype=np.str_)[raw.codes]
    times, state = event_instants(raw)
    checks: list[EventCheck] = [
        *timestamp_checks(state),
        (
            missing_mask(columns["ticket"]),
            "ticket",
            "missing ticket id",
            InvalidReason.MISSING_VALUE,
        ),
        (missing_mask(columns["status"]), "status", "missing status", InvalidReason.MISSING_VALUE),
    ]
    usable, invalid = usable_events(columns, times, checks, as_of)
    return columns, times, usable, invalid


def zendesk_metric_log(
    events: Mapping[str, EventColumn],
    metric: ZendeskMetric | str,
    *,
    calendar: BusinessCalendar | None = None,
    priorities: Sequence[str] | None = None,
    as_of: dt.datetime | None = None,
) -> TicketLog:
    """One Zendesk metric's cycles, measured on a ticket's status changes and public comments.

    Args:
        events: Columns ``ticket``, ``timestamp`` (ISO 8601 with offset, or int64 epoch
            seconds) and ``status`` (a Zendesk status, `AGENT_REPLY` or `REQUESTER_COMMENT`),
            optionally ``priority`` and ``category`` (a cycle takes those of the event that
            opens it).
        metric: The metric (see the module docstring for each definition).
        calendar: The SLA's calendar (None: 24×7).
        priorities: Known priorities (see `replay_events`).
        as_of: Leave out events after this instant.

    Returns:
        One row per cycle (``row``: the input row of the event that opened it); invalid
        events with their reasons.

    Raises:
        InvalidValueError: If a required column is missing or the columns differ in length.
    """
    metric = ZendeskMetric(metric)
    columns, times, usable, invalid = _read(events, as_of)
    ordered = _Ordered.read(columns["ticket"], times, columns["status"], usable)
    positions, labels = _derived(ordered, metric)
    source = ordered.rows[positions]
    derived: dict[str, EventColumn] = {
        "ticket": _take(columns["ticket"], source),
        "timestamp": ordered.times[positions],
        "status": np.array(labels, dtype=object),
    }
    for name in ("priority", "category"):
        if name in columns:
            derived[name] = _take(columns[name], source)
    log = replay_events(derived, METRIC_CLOCK, calendar=calendar, priorities=priorities)
    refused = [attrs.evolve(r, row=int(source[r.row])) for r in log.invalid]
    other = ordered.rows[ordered.code == _OTHER]
    kinds = np.full(other.shape[0], EventKind.OTHER, dtype=np.int8)
    return attrs.evolve(
        log,
        rows_in=log.rows_in + len(invalid),
        row=source[log.row],
        invalid=tuple(sorted([*invalid, *refused], key=lambda r: r.row)),
        unnamed_statuses=unnamed_statuses(_take(columns["status"], other), kinds),
    )


def _take(
    column: NDArray[Any] | CodedColumn, rows: NDArray[np.int64]
) -> NDArray[Any] | CodedColumn:
    if isinstance(column, CodedColumn):
        return CodedColumn(column.codes[rows], column.labels)
    return column[rows]
