"""ServiceNow behaviours on event logs: retroactive start and reset on priority change."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import BusinessCalendar, Clock
from outsourcing.exceptions import InvalidValueError
from outsourcing.sla.business_time import business_seconds
from outsourcing.sla.records.servicenow_events import ResetPolicy, servicenow_log
from outsourcing.sla.records.ticket_log import TicketLog
from outsourcing.sla.records.timestamps import MISSING

CLOCK = Clock(
    start_statuses={"new", "assigned"},
    pause_statuses={"pending"},
    stop_statuses={"resolved"},
    cancel_statuses={"cancelled"},
)
T0 = int(dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC).timestamp())
AS_OF = dt.datetime(2025, 4, 1, tzinfo=dt.UTC)
PARIS = BusinessCalendar(
    id="paris",
    timezone="Europe/Paris",
    week={d: ["09:00-12:30", "13:30-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
    first_year=2025,
    last_year=2025,
)


def _events(rows: list[tuple[str, int, str, str]]) -> dict[str, Any]:
    return {
        "ticket": [t for t, _, _, _ in rows],
        "timestamp": np.array([T0 + 60 * m for _, m, _, _ in rows], dtype=np.int64),
        "status": [s for _, _, s, _ in rows],
        "priority": [p for _, _, _, p in rows],
    }


ESCALATED = _events(
    [
        ("T", 0, "new", "P3"),
        ("T", 60, "in_progress", "P3"),
        ("T", 90, "in_progress", "P1"),  # escalated: the reset
        ("T", 120, "pending", "P1"),
        ("T", 150, "in_progress", "P1"),
        ("T", 200, "resolved", "P1"),
    ]
)


def _cycles(log: TicketLog) -> list[tuple[int, int, str, int, bool]]:
    return [
        (
            (int(o) - T0) // 60,
            -1 if r == MISSING else (int(r) - T0) // 60,
            log.priorities[p],
            int(e) // 60,
            x >= 0,
        )
        for o, r, p, e, x in zip(
            log.opened, log.resolved, log.priority, log.clock_elapsed, log.exclusion, strict=True
        )
    ]


def test_reset_cancels_the_open_cycle_and_starts_one_under_the_new_priority() -> None:
    """Cancel policy: the P3 cycle is excluded; the P1 cycle runs 90-120 and 150-200."""
    log = servicenow_log(ESCALATED, CLOCK, reset=ResetPolicy.CANCEL, as_of=AS_OF)
    assert _cycles(log) == [(0, -1, "P3", 90, True), (90, 200, "P1", 80, False)]
    assert log.row.tolist() == [0, 2]
    assert log.rows_in == 2


def test_reset_completes_the_open_cycle() -> None:
    """Complete policy: the P3 cycle stops at 90 and is judged; the P1 cycle is the same."""
    log = servicenow_log(ESCALATED, CLOCK, reset="complete", as_of=AS_OF)
    assert _cycles(log) == [(0, 90, "P3", 90, False), (90, 200, "P1", 80, False)]


def test_without_reset_a_priority_change_changes_nothing() -> None:
    """No policy: one cycle, with the priority it started with."""
    log = servicenow_log(ESCALATED, CLOCK, as_of=AS_OF)
    assert _cycles(log) == [(0, 200, "P3", 170, False)]


def test_retroactive_start_dates_the_cycle_from_creation() -> None:
    """The clock starts on assignment at 30 but is dated, and counted, from creation at 0."""
    events = _events(
        [
            ("T", 0, "draft", "P2"),
            ("T", 30, "assigned", "P2"),
            ("T", 100, "resolved", "P2"),
            ("T", 110, "assigned", "P2"),  # a second cycle is not moved
            ("T", 130, "resolved", "P2"),
        ]
    )
    plain = servicenow_log(events, CLOCK, as_of=AS_OF)
    assert _cycles(plain) == [(30, 100, "P2", 70, False), (110, 130, "P2", 20, False)]
    moved = servicenow_log(events, CLOCK, as_of=AS_OF, retroactive=True)
    assert _cycles(moved) == [(0, 100, "P2", 100, False), (110, 130, "P2", 20, False)]


def test_reset_needs_priorities() -> None:
    """A reset policy without a priority column names the problem."""
    events = {k: v for k, v in ESCALATED.items() if k != "priority"}
    with pytest.raises(InvalidValueError, match="priority"):
        servicenow_log(events, CLOCK, reset="cancel")


def test_unusable_events_keep_their_reasons_with_resets() -> None:
    """An event without a timestamp is an invalid row numbered as in the input."""
    events = dict(ESCALATED)
    events["timestamp"] = [
        "2025-03-03T09:00:00Z",
        "",
        "2025-03-03T10:30:00Z",
        "2025-03-03T11:00:00Z",
        "2025-03-03T11:30:00Z",
        "2025-03-03T12:20:00Z",
    ]
    log = servicenow_log(events, CLOCK, reset="cancel", as_of=AS_OF)
    assert [(r.row, r.field) for r in log.invalid] == [(1, "timestamp")]
    assert log.rows_in == len(log) + 1


# The slow reference: the clock, one event at a time, with resets and retroactive starts.


def _clock(calendar: BusinessCalendar | None, start: int, end: int) -> int:
    if calendar is None:
        return end - start
    first, last = (dt.datetime.fromtimestamp(t, dt.UTC) for t in (start, end))
    return business_seconds(calendar, first, last)


def _kind(status: str) -> str:
    for kind, statuses in (
        ("cancel", CLOCK.cancel_statuses),
        ("stop", CLOCK.stop_statuses),
        ("pause", CLOCK.pause_statuses),
        ("start", CLOCK.start_statuses),
    ):
        if status in statuses:
            return kind
    return "other"


Cycle = tuple[str, int, int, str, int, bool]


class _Ticket:
    """One ticket's cycles, event by event."""

    def __init__(self, calendar: BusinessCalendar | None) -> None:
        self.calendar = calendar
        self.done: list[list[Any]] = []
        # [opened, resolved, priority, seconds, running since, cancelled]
        self.cycle: list[Any] | None = None

    def end(self, at: int, *, cancelled: bool) -> None:
        cycle = self.cycle
        assert cycle is not None
        self.pause(at)
        cycle[1] = MISSING if cancelled else at
        cycle[5] = cancelled
        self.done.append(cycle)
        self.cycle = None

    def pause(self, at: int) -> None:
        if self.cycle is not None and self.cycle[4] is not None:
            self.cycle[3] += _clock(self.calendar, self.cycle[4], at)
            self.cycle[4] = None

    def event(self, at: int, kind: str, priority: str) -> None:
        if self.cycle is None:
            if kind == "start":
                self.cycle = [at, MISSING, priority, 0, at, False]
        elif kind in {"stop", "cancel"}:
            self.end(at, cancelled=kind == "cancel")
        elif kind == "pause":
            self.pause(at)
        elif self.cycle[4] is None:
            self.cycle[4] = at


def reference(
    events: dict[str, Any],
    calendar: BusinessCalendar | None,
    policy: ResetPolicy | None,
    now: int,
    *,
    retroactive: bool,
) -> list[Cycle]:
    """Every cycle: ticket, opened, resolved, priority, clock seconds up to now, cancelled."""
    by_ticket: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    for index, (ticket, at, status, priority) in enumerate(
        zip(
            events["ticket"], events["timestamp"], events["status"], events["priority"], strict=True
        )
    ):
        if int(at) <= now:
            by_ticket[ticket].append((int(at), index, status, priority))
    cycles: list[Cycle] = []
    for ticket, rows in by_ticket.items():
        rows.sort()
        state = _Ticket(calendar)
        previous: str | None = None
        for at, _, status, priority in rows:
            if policy is not None and state.cycle is not None and priority != previous:
                state.end(at, cancelled=policy is ResetPolicy.CANCEL)
                state.cycle = [at, MISSING, priority, 0, at, False]
            previous = priority
            state.event(at, _kind(status), priority)
        done = [*state.done, *([state.cycle] if state.cycle is not None else [])]
        if retroactive and done:
            first = min(done, key=lambda c: c[0])
            created = rows[0][0]
            if created < first[0]:
                first[3] += _clock(calendar, created, first[0])
                first[0] = created
        for opened, resolved, priority, seconds, since, cancelled in done:
            running = 0 if since is None else _clock(calendar, since, now)
            cycles.append((ticket, opened, resolved, priority, seconds + running, cancelled))
    return sorted(cycles)


def _fast(
    events: dict[str, Any],
    calendar: BusinessCalendar | None,
    policy: ResetPolicy | None,
    now: int,
    *,
    retroactive: bool,
) -> list[Cycle]:
    log = servicenow_log(
        events,
        CLOCK,
        calendar=calendar,
        as_of=dt.datetime.fromtimestamp(now, dt.UTC),
        reset=policy,
        retroactive=retroactive,
    )
    running = log.running_since != MISSING
    extra = [
        _clock(calendar, int(s), now) if r else 0
        for s, r in zip(log.running_since.tolist(), running.tolist(), strict=True)
    ]
    return sorted(
        (
            str(t),
            int(o),
            int(r),
            log.priorities[p],
            int(e) + x,
            bool(c >= 0),
        )
        for t, o, r, p, e, x, c in zip(
            log.ticket.tolist(),
            log.opened,
            log.resolved,
            log.priority,
            log.clock_elapsed,
            extra,
            log.exclusion,
            strict=True,
        )
    )


STATUSES = ["new", "assigned", "in_progress", "pending", "resolved", "cancelled", "draft"]


@given(
    st.lists(
        st.tuples(
            st.sampled_from("AB"),
            st.integers(0, 5 * 86_400 // 1800),
            st.sampled_from(STATUSES),
            st.sampled_from(["P1", "P2", "P3"]),
        ),
        max_size=30,
    ),
    st.sampled_from([None, ResetPolicy.CANCEL, ResetPolicy.COMPLETE]),
    st.booleans(),
    st.booleans(),
)
def test_fast_agrees_with_the_reference(
    rows: list[tuple[str, int, str, str]],
    policy: ResetPolicy | None,
    retroactive: bool,
    business: bool,
) -> None:
    """On random logs the rewritten replay and the event-by-event reference agree."""
    events = {
        "ticket": [t for t, _, _, _ in rows],
        "timestamp": np.array([T0 + 1800 * q for _, q, _, _ in rows], dtype=np.int64),
        "status": [s for _, _, s, _ in rows],
        "priority": [p for _, _, _, p in rows],
    }
    calendar = PARIS if business else None
    now = T0 + 6 * 86_400
    fast = _fast(events, calendar, policy, now, retroactive=retroactive)
    assert fast == reference(events, calendar, policy, now, retroactive=retroactive)
