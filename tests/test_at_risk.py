"""The at-risk view of open tickets and the error budgets (`outsourcing.sla.at_risk`)."""

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import pendulum
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import SLA, BusinessCalendar, Clock, Contract, SLAMetric, Term, TicketScope
from outsourcing.sla.at_risk import ErrorBudget, at_risk, error_budgets
from outsourcing.sla.business_time import add_business_array
from outsourcing.sla.measurement import TicketState, measure_slas
from outsourcing.sla.records.replay import replay_events
from outsourcing.sla.records.ticket_log import TicketLog
from outsourcing.sla.records.timestamps import MISSING

PARIS = BusinessCalendar(
    id="paris",
    timezone="Europe/Paris",
    week={d: ["09:00-12:30", "13:30-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
    holiday_country="FR",
    first_year=2024,
    last_year=2025,
)
HOUR = dt.timedelta(hours=1)


def _contract(*slas: SLA) -> Contract:
    return Contract(
        id="c",
        title="C",
        client="A",
        provider_id="p",
        currency="EUR",
        term=Term(pendulum.Date(2025, 1, 1)),
        calendars=(PARIS,),
        slas=slas,
        timezone="Europe/Paris",
    )


RESOLUTION = SLA(
    id="p1-resolution",
    name="P1 in 4 business hours",
    metric=SLAMetric.RESOLUTION,
    objective=90,
    target=4 * HOUR,
    scope=TicketScope(priorities={"P1"}),
    calendar="paris",
)
RESPONSE = SLA(
    id="response",
    name="First response in 1 hour, 24x7",
    metric=SLAMetric.FIRST_RESPONSE,
    objective=Decimal(95),
    target=HOUR,
)
AS_OF = dt.datetime(2025, 3, 7, 16, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))  # Fri 16:00 Paris


def _log() -> TicketLog:
    return TicketLog.from_records(
        [
            # Opened Fri 10:00: 5 business hours by 16:00 (lunch 12:30-13:30); 4 reached at 15:00.
            {"ticket": "A", "opened": "2025-03-07T10:00:00+01:00", "priority": "P1"},
            # Opened Fri 15:00: 1 business hour so far; 3 left: 2 on Friday, then Mon 09:00-10:00.
            {
                "ticket": "B",
                "opened": "2025-03-07T15:00:00+01:00",
                "priority": "P1",
                "first_response": "2025-03-07T15:10:00+01:00",
            },
            # Resolved: not open.
            {
                "ticket": "C",
                "opened": "2025-03-07T09:00:00+01:00",
                "priority": "P1",
                "first_response": "2025-03-07T09:05:00+01:00",
                "resolved": "2025-03-07T11:00:00+01:00",
            },
            # P2: only the first-response SLA; opened 15:30, no response yet: 30 min left.
            {"ticket": "D", "opened": "2025-03-07T15:30:00+01:00", "priority": "P2"},
        ]
    )


def test_open_tickets_by_hand() -> None:
    """Remaining time, deadline and breach of each open ticket, worked out by hand."""
    view = at_risk(_contract(RESOLUTION, RESPONSE), _log(), AS_OF, budgets=False)
    rows = [
        (r["sla"], r["ticket"], r["remaining_seconds"], r["deadline"], r["breached"])
        for r in view.to_records()
    ]
    assert rows == [
        ("response", "A", -18_000, "2025-03-07T11:00:00+01:00", True),
        ("p1-resolution", "A", -3_600, "2025-03-07T15:00:00+01:00", True),
        ("response", "D", 1_800, "2025-03-07T16:30:00+01:00", False),
        ("p1-resolution", "B", 10_800, "2025-03-10T10:00:00+01:00", False),
    ]
    assert view.elapsed.tolist() == [21_600, 18_000, 1_800, 3_600]
    assert not view.paused.any()


def test_error_budget_by_hand() -> None:
    """Four P1 tickets at 90 %: no miss allowed yet, one missed, burn rate 1 / 1 / 10 %."""
    budgets = error_budgets(_contract(RESOLUTION), _log(), AS_OF)
    march = next(b for b in budgets if b.period == "2025-03")
    # Counted: A (missed), B (open within target), C (met) = 3 tickets; allowed floor(0.3) = 0.
    assert march == ErrorBudget("p1-resolution", "2025-03", 3, 0, 1, -1, Decimal("5.00"))
    january = next(b for b in budgets if b.period == "2025-01")
    assert (january.counted, january.missed, january.burn_rate) == (0, 0, None)


def test_json_and_pandas_outputs() -> None:
    """JSON holds the rows and budgets; pandas has one row per open ticket and SLA."""
    view = at_risk(_contract(RESOLUTION, RESPONSE), _log(), AS_OF)
    document = json.loads(view.to_json())
    assert document["as_of"] == AS_OF.isoformat()
    assert len(document["tickets"]) == 4
    assert {b["sla_id"] for b in document["budgets"]} == {"p1-resolution", "response"}
    frame = view.to_pandas()
    assert list(frame["ticket"]) == ["A", "A", "D", "B"]
    assert str(frame["deadline"].dt.tz) == "Europe/Paris"
    assert len(view.budgets_to_pandas()) == len(view.budgets)


CLOCK = Clock(start_statuses={"new"}, pause_statuses={"pending"}, stop_statuses={"solved"})


def test_event_log_paused_clock_has_no_deadline() -> None:
    """A paused ticket keeps its remaining time and has no deadline; a running one has one."""
    events = {
        "ticket": ["X", "X", "Y", "Y", "Y"],
        "timestamp": [
            "2025-03-07T09:00:00+01:00",
            "2025-03-07T10:00:00+01:00",
            "2025-03-07T09:00:00+01:00",
            "2025-03-07T09:30:00+01:00",
            "2025-03-07T10:30:00+01:00",
        ],
        "status": ["new", "pending", "new", "pending", "open"],
        "priority": ["P1"] * 5,
    }
    log = replay_events(events, CLOCK, calendar=PARIS, as_of=AS_OF)
    view = at_risk(_contract(RESOLUTION), log, AS_OF, budgets=False)
    rows = {r["ticket"]: r for r in view.to_records()}
    # X: ran 09:00-10:00, paused since: 3 h left, no deadline, listed last.
    assert (rows["X"]["remaining_seconds"], rows["X"]["deadline"], rows["X"]["paused"]) == (
        10_800,
        None,
        True,
    )
    # Y: 30 min, then running since 10:30: 2 h before lunch and 2 h 30 after = 5 h > 4 h;
    # the 3 h 30 left at 10:30 ran out at 15:00.
    assert rows["Y"]["remaining_seconds"] == -3_600
    assert rows["Y"]["deadline"] == "2025-03-07T15:00:00+01:00"
    assert list(view.ticket) == ["Y", "X"]


START = int(dt.datetime(2025, 1, 6, tzinfo=dt.UTC).timestamp())


@given(
    st.lists(
        st.tuples(st.integers(0, 60 * 86_400), st.sampled_from(["P1", "P2"])),
        min_size=1,
        max_size=30,
    ),
    st.integers(61 * 86_400, 70 * 86_400),
)
def test_closing_at_the_deadline_meets_the_target_and_later_misses_it(
    tickets: list[tuple[int, str]], offset: int
) -> None:
    """Open tickets closed at their deadline are met; closed a clock second later, missed."""
    contract = _contract(RESOLUTION, attrs.evolve(RESPONSE, id="all", metric=SLAMetric.RESOLUTION))
    opened = np.array([START + t for t, _ in tickets], dtype=np.int64)
    log = TicketLog.from_arrays(
        {
            "ticket": [f"T{i}" for i in range(len(tickets))],
            "opened": opened,
            "priority": [p for _, p in tickets],
        }
    )
    as_of = dt.datetime.fromtimestamp(START + offset, dt.UTC)
    view = at_risk(contract, log, as_of, budgets=False)
    far = dt.datetime(2025, 12, 31, tzinfo=dt.UTC)
    for code, sla in enumerate(contract.slas):
        mine = view.sla == code
        rows, deadline = view.row[mine], view.deadline[mine]
        if not rows.size:
            continue
        calendar = contract.calendar(sla.calendar)
        later = (
            deadline + 1
            if calendar is None
            else add_business_array(calendar, deadline, np.ones_like(deadline))
        )
        for closing, state in ((deadline, TicketState.GOOD), (later, TicketState.BAD)):
            closed = TicketLog.from_arrays(
                {
                    "ticket": log.ticket[rows],
                    "opened": log.opened[rows],
                    "priority": np.array(log.priorities, dtype=object)[log.priority[rows]],
                    "resolved": closing,
                }
            )
            counts = measure_slas(contract, closed, as_of=far).slas[code].counts
            assert counts[:, state].sum() == rows.size
    assert (view.deadline != MISSING).all()


@given(
    st.lists(
        st.tuples(
            st.sampled_from("XYZ"),
            st.integers(0, 20 * 86_400 // 1800),
            st.sampled_from(["new", "open", "pending"]),
        ),
        min_size=1,
        max_size=25,
    ),
)
def test_event_log_deadlines_agree_with_closing_the_tickets_there(
    rows: list[tuple[str, int, str]],
) -> None:
    """Replayed tickets stopped at their deadline run exactly 4 h; a clock second later, more."""
    contract = _contract(RESOLUTION)
    as_of = dt.datetime.fromtimestamp(START + 21 * 86_400, dt.UTC)
    tickets = [t for t, _, _ in rows]
    times = np.array([START + 1800 * q for _, q, _ in rows], dtype=np.int64)
    statuses = [s for _, _, s in rows]
    events: dict[str, Any] = {
        "ticket": tickets,
        "timestamp": times,
        "status": statuses,
        "priority": ["P1"] * len(rows),
    }
    log = replay_events(events, CLOCK, calendar=PARIS, as_of=as_of)
    view = at_risk(contract, log, as_of, budgets=False)
    far = dt.datetime(2025, 12, 31, tzinfo=dt.UTC)
    for ticket, deadline in zip(view.ticket.tolist(), view.deadline.tolist(), strict=True):
        if deadline == MISSING:
            continue
        later = int(add_business_array(PARIS, [deadline], [1])[0])
        for closing, measured in ((deadline, 4 * 3600), (later, 4 * 3600 + 1)):
            mine = [i for i, t in enumerate(tickets) if t == ticket]
            closed: dict[str, Any] = {
                "ticket": [ticket] * (len(mine) + 1),
                "timestamp": np.append(times[mine], closing),
                "status": [statuses[i] for i in mine] + ["solved"],
                "priority": ["P1"] * (len(mine) + 1),
            }
            replayed = replay_events(closed, CLOCK, calendar=PARIS, as_of=far)
            stopped = np.flatnonzero(replayed.resolved == closing)
            assert stopped.size == 1
            assert int(replayed.clock_elapsed[stopped[0]]) == measured
