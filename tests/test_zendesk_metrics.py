"""Zendesk's six metrics on event logs: by hand, and against a slow event-by-event reference."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import numpy as np
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import SLA, BusinessCalendar, Contract, SLAMetric, Term, evaluate_slas
from outsourcing.sla.business_time import business_seconds
from outsourcing.sla.measurement import TicketState, measure_slas
from outsourcing.sla.records.ticket_log import TicketLog
from outsourcing.sla.records.timestamps import MISSING
from outsourcing.sla.records.zendesk_events import (
    AGENT_REPLY,
    REQUESTER_COMMENT,
    ZendeskMetric,
    zendesk_metric_log,
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

# One ticket's life, minute by minute (see the how-to's definitions).
STORY = [
    (0, "new"),
    (0, REQUESTER_COMMENT),
    (10, AGENT_REPLY),
    (10, "open"),
    (30, "pending"),
    (50, REQUESTER_COMMENT),
    (50, "open"),
    (70, "hold"),
    (80, AGENT_REPLY),
    (90, "open"),
    (100, "solved"),
    (120, REQUESTER_COMMENT),
    (120, "open"),
    (130, AGENT_REPLY),
    (140, "solved"),
]


def _story() -> dict[str, Any]:
    return {
        "ticket": ["T"] * len(STORY),
        "timestamp": np.array([T0 + 60 * minute for minute, _ in STORY], dtype=np.int64),
        "status": [status for _, status in STORY],
        "priority": ["high"] * len(STORY),
    }


def _minutes(log: TicketLog) -> list[int]:
    running = log.running_since != MISSING
    extra = np.where(running, int(AS_OF.timestamp()) - log.running_since, 0)
    return [int(m) for m in (log.clock_elapsed + extra) // 60]


@pytest.mark.parametrize(
    ("metric", "minutes", "opened"),
    [
        # Creation to the final solve, through the reopening: 140 min.
        (ZendeskMetric.TOTAL_RESOLUTION, [140], [0]),
        # new/open 0-30, open 50-70, hold 70-90, open 90-100, open 120-140.
        (ZendeskMetric.REQUESTER_WAIT, [100], [0]),
        # The same without hold: 30 + 20 + 10 + 20.
        (ZendeskMetric.AGENT_WORK, [80], [0]),
        # Question at 50 answered at 80; question at 120 answered at 130 (0 is first reply).
        (ZendeskMetric.NEXT_REPLY, [30, 10], [50, 120]),
        # Updates at 10, 80 and 130; solving at 100 and 140 ends the open cycle.
        (ZendeskMetric.PERIODIC_UPDATE, [70, 20, 10], [10, 80, 130]),
        # As periodic, the first cycle paused 30-50 while pending.
        (ZendeskMetric.PAUSABLE_UPDATE, [50, 20, 10], [10, 80, 130]),
    ],
)
def test_each_metric_by_hand(metric: ZendeskMetric, minutes: list[int], opened: list[int]) -> None:
    """Each metric's cycles on one ticket's life, worked out by hand (24x7)."""
    log = zendesk_metric_log(_story(), metric, as_of=AS_OF)
    assert _minutes(log) == minutes
    assert ((log.opened - T0) // 60).tolist() == opened
    assert (log.resolved != MISSING).all()
    assert list(log.priorities) == ["high"]


def test_the_final_solve_is_final_as_of_the_view() -> None:
    """As of 110 the solve at 100 ends requester wait; as of 125 the reopened ticket runs."""
    before = dt.datetime.fromtimestamp(T0 + 60 * 110, dt.UTC)
    solved = zendesk_metric_log(_story(), ZendeskMetric.REQUESTER_WAIT, as_of=before)
    assert ((solved.resolved - T0) // 60).tolist() == [100]
    assert (solved.clock_elapsed // 60).tolist() == [80]
    after = dt.datetime.fromtimestamp(T0 + 60 * 125, dt.UTC)
    reopened = zendesk_metric_log(_story(), ZendeskMetric.REQUESTER_WAIT, as_of=after)
    assert reopened.resolved.tolist() == [MISSING]
    assert ((reopened.running_since - T0) // 60).tolist() == [120]
    assert (reopened.clock_elapsed // 60).tolist() == [80]


def test_invalid_events_are_listed_with_their_input_rows() -> None:
    """Events without a usable timestamp, ticket or status are rows with reasons."""
    events = _story()
    events["timestamp"] = [
        f"2025-03-03T09:{m:02d}:00Z" if m < 60 else "2025-03-03T10:00:00+00:00" for m, _ in STORY
    ]
    events["timestamp"][2] = "2025-03-03 09:10"
    events["ticket"] = ["T"] * len(STORY)
    events["ticket"][4] = None
    log = zendesk_metric_log(events, ZendeskMetric.PERIODIC_UPDATE)
    assert [(r.row, r.field) for r in log.invalid] == [(2, "timestamp"), (4, "ticket")]
    assert log.rows_in == len(log) + 2
    assert all(row not in {2, 4} for row in log.row.tolist())


# The slow reference: each definition, event by event, ticket by ticket.

Cycle = tuple[str, int, int, int]


def _clock(calendar: BusinessCalendar | None, start: int, end: int) -> int:
    if calendar is None:
        return end - start
    first, last = (dt.datetime.fromtimestamp(t, dt.UTC) for t in (start, end))
    return business_seconds(calendar, first, last)


class _Cycle:
    def __init__(self, ticket: str, at: int, *, running: bool = True) -> None:
        self.ticket, self.opened, self.seconds = ticket, at, 0
        self.since: int | None = at if running else None
        self.closed: int | None = None

    def pause(self, at: int, calendar: BusinessCalendar | None) -> None:
        if self.since is not None:
            self.seconds += _clock(calendar, self.since, at)
            self.since = None

    def resume(self, at: int) -> None:
        if self.since is None:
            self.since = at

    def close(self, at: int, calendar: BusinessCalendar | None) -> None:
        self.pause(at, calendar)
        self.closed = at

    def result(self, now: int, calendar: BusinessCalendar | None) -> Cycle:
        running = self.since is not None and self.closed is None
        total = self.seconds + (
            _clock(calendar, self.since, now) if running and self.since is not None else 0
        )
        return (self.ticket, self.opened, MISSING if self.closed is None else self.closed, total)


STATUSES = ("new", "open", "pending", "hold", "solved", "closed")


def _final_solve(events: list[tuple[int, str]]) -> int | None:
    """Index of the first solved or closed after the last other status (None: none)."""
    last_other = max((i for i, (_, s) in enumerate(events) if s in STATUSES[:4]), default=-1)
    return next(
        (i for i, (_, s) in enumerate(events) if i > last_other and s in {"solved", "closed"}), None
    )


class _Ticket:
    """One ticket's events replayed by the definition of one metric."""

    def __init__(self, ticket: str, calendar: BusinessCalendar | None) -> None:
        self.ticket, self.calendar = ticket, calendar
        self.done: list[_Cycle] = []
        self.current: _Cycle | None = None
        self.seen_agent = False
        self.status_now: str | None = None

    def open(self, at: int, *, running: bool = True) -> None:
        self.current = _Cycle(self.ticket, at, running=running)

    def close(self, at: int) -> None:
        if self.current is not None:
            self.current.close(at, self.calendar)
            self.done.append(self.current)
            self.current = None

    def total_resolution(self, first: bool, final: bool, at: int) -> None:
        if first:
            self.open(at)
        if final:
            self.close(at)

    def wait(self, event: str, final: bool, at: int, running: set[str]) -> None:
        if self.done:
            return
        if final:
            self.close(at)
        elif event in running:
            if self.current is None:
                self.open(at)
            else:
                self.current.resume(at)
        elif event in STATUSES and self.current is not None:
            self.current.pause(at, self.calendar)

    def next_reply(self, event: str, at: int) -> None:
        if event == REQUESTER_COMMENT and self.seen_agent and self.current is None:
            self.open(at)
        elif event in {AGENT_REPLY, "solved"}:
            self.close(at)

    def update(self, event: str, at: int, *, pausable: bool) -> None:
        if event in {AGENT_REPLY, "solved"}:
            self.close(at)
        if event == AGENT_REPLY:
            self.open(at, running=not (pausable and self.status_now == "pending"))
        elif pausable and self.current is not None and event == "pending":
            self.current.pause(at, self.calendar)
        elif pausable and self.current is not None and event in {"new", "open", "hold"}:
            self.current.resume(at)

    def step(self, metric: ZendeskMetric, i: int, event: str, at: int, final: int | None) -> None:
        if metric is ZendeskMetric.TOTAL_RESOLUTION:
            self.total_resolution(i == 0, i == final, at)
        elif metric in {ZendeskMetric.REQUESTER_WAIT, ZendeskMetric.AGENT_WORK}:
            extra = {"hold"} if metric is ZendeskMetric.REQUESTER_WAIT else set()
            self.wait(event, i == final, at, {"new", "open", *extra})
        elif metric is ZendeskMetric.NEXT_REPLY:
            self.next_reply(event, at)
        else:
            self.update(event, at, pausable=metric is ZendeskMetric.PAUSABLE_UPDATE)
        self.seen_agent |= event == AGENT_REPLY
        if event in STATUSES:
            self.status_now = event


def reference(
    events: dict[str, Any], metric: ZendeskMetric, calendar: BusinessCalendar | None, now: int
) -> list[Cycle]:
    """Every cycle of the metric, computed from the definitions one event at a time."""
    by_ticket: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for index, (ticket, at, status) in enumerate(
        zip(events["ticket"], events["timestamp"], events["status"], strict=True)
    ):
        if int(at) <= now:
            by_ticket[ticket].append((int(at), index, status))
    cycles: list[Cycle] = []
    for ticket, rows in by_ticket.items():
        ordered = [(at, status) for at, _, status in sorted(rows)]
        final = _final_solve(ordered)
        state = _Ticket(ticket, calendar)
        for i, (at, event) in enumerate(ordered):
            state.step(metric, i, event, at, final)
        cycles.extend(
            c.result(now, calendar)
            for c in [*state.done, *([state.current] if state.current else [])]
        )
    return sorted(cycles)


def _fast(
    events: dict[str, Any], metric: ZendeskMetric, calendar: BusinessCalendar | None, now: int
) -> list[Cycle]:
    log = zendesk_metric_log(
        events, metric, calendar=calendar, as_of=dt.datetime.fromtimestamp(now, dt.UTC)
    )
    running = log.running_since != MISSING
    starts = np.where(running, log.running_since, now)
    extra = [_clock(calendar, int(s), now) for s in starts.tolist()]
    totals = (log.clock_elapsed + np.array(extra, dtype=np.int64)).tolist()
    return sorted(
        zip(
            [str(t) for t in log.ticket.tolist()],
            log.opened.tolist(),
            log.resolved.tolist(),
            totals,
            strict=True,
        )
    )


EVENT = st.sampled_from([*STATUSES, AGENT_REPLY, REQUESTER_COMMENT, AGENT_REPLY, REQUESTER_COMMENT])


@given(
    st.lists(
        st.tuples(st.sampled_from("ABC"), st.integers(0, 6 * 86_400 // 900), EVENT),
        max_size=40,
    ),
    st.sampled_from(list(ZendeskMetric)),
    st.booleans(),
    st.integers(2 * 86_400, 7 * 86_400),
)
def test_fast_metrics_agree_with_the_reference(
    rows: list[tuple[str, int, str]], metric: ZendeskMetric, business: bool, horizon: int
) -> None:
    """On random logs (ties, reopenings, comments anywhere), replay and reference agree."""
    events = {
        "ticket": [t for t, _, _ in rows],
        "timestamp": np.array([T0 + 900 * q for _, q, _ in rows], dtype=np.int64),
        "status": [s for _, _, s in rows],
    }
    calendar = PARIS if business else None
    now = T0 + horizon
    assert _fast(events, metric, calendar, now) == reference(events, metric, calendar, now)


def test_zendesk_metric_rows_are_judged_by_the_evaluation() -> None:
    """A periodic-update SLA of 60 min judges the story's updates: 70 missed, 20 and 10 met."""
    sla = SLA(
        id="updates",
        name="An update every hour",
        metric=SLAMetric.PERIODIC_UPDATE,
        objective=50,
        target=dt.timedelta(minutes=60),
    )
    contract = Contract(
        id="c",
        title="C",
        client="A",
        provider_id="p",
        currency="EUR",
        timezone="UTC",
        term=Term(pendulum.Date(2025, 1, 1)),
        slas=(sla,),
    )
    log = zendesk_metric_log(_story(), sla.metric, as_of=AS_OF)
    counts = measure_slas(contract, log, as_of=AS_OF).slas[0].counts
    assert (counts[:, TicketState.GOOD].sum(), counts[:, TicketState.BAD].sum()) == (2, 1)
    report = evaluate_slas(contract, log, as_of=AS_OF)
    march = next(r for r in report.results if r.period.label == "2025-03")
    assert (march.good, march.total) == (2, 3)
