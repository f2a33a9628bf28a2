import datetime as dt
from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import SLA, BusinessCalendar, Clock, Contract, SLAMetric, Term, evaluate_slas
from outsourcing.clock_replay import replay_events
from outsourcing.tickets import MISSING

CLOCK = Clock(
    start_statuses={"new", "reopened"},
    pause_statuses={"pending"},
    stop_statuses={"resolved"},
    cancel_statuses={"cancelled"},
)
STATUSES = ["new", "in_progress", "pending", "resolved", "reopened", "cancelled"]
BASE = int(dt.datetime(2024, 3, 4, tzinfo=dt.UTC).timestamp())
PARIS = BusinessCalendar(
    id="paris",
    timezone="Europe/Paris",
    week={d: ["09:00-12:30", "13:30-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
    holiday_country="FR",
    first_year=2023,
    last_year=2025,
)


def reference(
    events: list[tuple[str, int, str]], calendar: BusinessCalendar | None
) -> list[tuple[str, int, int, int, bool]]:
    """Cycles by walking each ticket's consecutive event pairs (independent of the engine)."""
    cycles = []
    for ticket in sorted({e[0] for e in events}):
        mine = sorted((e for e in events if e[0] == ticket), key=lambda e: e[1])
        cycle: dict[str, Any] | None = None
        for index, (_, at, status) in enumerate(mine):
            if cycle is None:
                if status in CLOCK.start_statuses:
                    cycle = {"opened": at, "elapsed": 0, "status": status}
            elif status in CLOCK.cancel_statuses:
                cycle = None
            elif status in CLOCK.stop_statuses:
                cycles.append((ticket, cycle["opened"], at, cycle["elapsed"], False))
                cycle = None
            else:
                cycle["status"] = status
            if cycle is not None and index + 1 < len(mine) and status not in CLOCK.pause_statuses:
                cycle["elapsed"] += seconds(calendar, at, mine[index + 1][1])
        if cycle is not None:
            running = cycle["status"] not in CLOCK.pause_statuses
            cycles.append((ticket, cycle["opened"], MISSING, cycle["elapsed"], running))
    return cycles


def seconds(calendar: BusinessCalendar | None, start: int, end: int) -> int:
    """Clock seconds between two epoch seconds, one at a time."""
    if calendar is None:
        return end - start
    first, last = (dt.datetime.fromtimestamp(t, dt.UTC) for t in (start, end))
    return calendar.business_seconds(first, last)


EVENTS = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),
        st.integers(0, 20 * 86_400).map(lambda s: BASE + s),
        st.sampled_from(STATUSES),
    ),
    max_size=25,
    unique_by=lambda e: (e[0], e[1]),
)


@given(EVENTS, st.booleans())
def test_replay_agrees_with_a_slow_reference(
    events: list[tuple[str, int, str]], business: bool
) -> None:
    """Cycles, clock seconds and running segments match a pair-by-pair reference replay."""
    calendar = PARIS if business else None
    log = replay_events(
        {
            "ticket": [e[0] for e in events],
            "timestamp": [dt.datetime.fromtimestamp(e[1], dt.UTC).isoformat() for e in events],
            "status": [e[2] for e in events],
            "priority": ["P1"] * len(events),
        },
        CLOCK,
        calendar=calendar,
    )
    expected = reference(events, calendar)
    # The reference counts the open running segment up to the last event; the engine keeps it
    # open (running_since) for the evaluation to extend to as_of.
    found = []
    for i in range(len(log)):
        running = int(log.running_since[i])
        elapsed = int(log.clock_elapsed[i])
        ticket_events = sorted(e[1] for e in events if e[0] == log.ticket[i])
        if running != MISSING:
            elapsed += seconds(calendar, running, ticket_events[-1])
        found.append(
            (log.ticket[i], int(log.opened[i]), int(log.resolved[i]), elapsed, running != MISSING)
        )
    assert sorted(found) == sorted(expected)
    assert len(log) + len(log.invalid) == log.rows_in


def test_pauses_cycles_and_evaluation() -> None:
    """Pending time is not counted; a reopened ticket is a second cycle judged on its own."""
    hour = 3600
    events: dict[str, Any] = {
        "ticket": ["t"] * 6,
        "timestamp": [BASE + h * hour for h in (0, 1, 5, 6, 10, 11)],
        "status": ["new", "pending", "in_progress", "resolved", "reopened", "resolved"],
        "priority": ["P1"] * 6,
    }
    log = replay_events(events, CLOCK)
    assert log.clock_elapsed.tolist() == [2 * hour, 1 * hour]
    assert log.resolved.tolist() == [BASE + 6 * hour, BASE + 11 * hour]
    sla = SLA(id="r", name="Resolution", metric=SLAMetric.RESOLUTION, objective=100,
              target=dt.timedelta(hours=1, minutes=30), clock=CLOCK)  # fmt: skip
    contract = Contract(id="c", title="t", client="c", provider_id="p", currency="EUR",
                        term=Term(start="2024-01-01"), slas=[sla])  # fmt: skip
    report = evaluate_slas(contract, log, as_of=dt.datetime(2024, 4, 1, tzinfo=dt.UTC))
    march = report.result("r", "2024-03")
    assert (march.good, march.total) == (1, 2)


def test_cancel_and_bad_events_are_reported() -> None:
    """A cancelled cycle and an unusable event are reported, not silently lost."""
    events: dict[str, Any] = {
        "ticket": ["t", "t", "u"],
        "timestamp": ["2024-03-04T09:00:00Z", "2024-03-04T10:00:00Z", "2024-03-04T10:00:00"],
        "status": ["new", "cancelled", "new"],
    }
    log = replay_events(events, CLOCK)
    assert len(log) == 0
    assert [r.reason for r in log.invalid] == [
        "clock cycle cancelled by status 'cancelled'",
        "naive timestamp (no UTC offset)",
    ]
    assert log.rows_in == 2


def test_open_cycle_runs_until_as_of() -> None:
    """An open, running cycle keeps running to as_of and is breached once past the target."""
    events: dict[str, Any] = {
        "ticket": ["t"],
        "timestamp": np.array([BASE], dtype=np.int64),
        "status": ["new"],
    }
    log = replay_events(events, CLOCK)
    sla = SLA(id="r", name="Resolution", metric=SLAMetric.RESOLUTION, objective=100,
              target=dt.timedelta(hours=2), clock=CLOCK)  # fmt: skip
    contract = Contract(id="c", title="t", client="c", provider_id="p", currency="EUR",
                        term=Term(start="2024-01-01"), slas=[sla])  # fmt: skip
    early = dt.datetime.fromtimestamp(BASE + 3600, dt.UTC)
    late = dt.datetime.fromtimestamp(BASE + 3 * 3600, dt.UTC)
    assert evaluate_slas(contract, log, as_of=early).result("r", "2024-03").pending == 1
    assert evaluate_slas(contract, log, as_of=late).result("r", "2024-03").total == 1
