import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import (
    SLA,
    BusinessCalendar,
    Clock,
    Contract,
    OutsourcingError,
    SLAMetric,
    Term,
    evaluate_slas,
)
from outsourcing.sla.business_time import business_seconds
from outsourcing.sla.records.columns import CodedColumn
from outsourcing.sla.records.replay import EventKind, event_kinds, replay_events
from outsourcing.sla.records.rows import EXCLUSION_REASONS
from outsourcing.sla.records.ticket_log import TicketLog
from outsourcing.sla.records.timestamps import MISSING, InstantStatus, parse_instants
from outsourcing.sla.unscoped import suggestion

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


def seconds(calendar: BusinessCalendar | None, start: int, end: int) -> int:
    """Clock seconds between two epoch seconds, one at a time."""
    if calendar is None:
        return end - start
    first, last = (dt.datetime.fromtimestamp(t, dt.UTC) for t in (start, end))
    return business_seconds(calendar, first, last)


# The slow reference: the event-by-event state machine the columnar replay replaced.

Cycle = tuple[int, str, int, int, str, str, int, int, str]
Invalid = tuple[int, str, str, str]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _missing(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)  # noqa: PLR0124 - NaN test


def slow_validation(
    events: Mapping[str, Sequence[Any]], as_of: dt.datetime | None
) -> tuple[list[int], list[int], list[Invalid]]:
    """Epoch seconds per event, usable events in replay order, and invalid rows."""
    n = len(events["ticket"])
    raw_times = list(events["timestamp"])
    if raw_times and all(isinstance(t, int) for t in raw_times):
        times = list(raw_times)
        statuses = [InstantStatus.MISSING if t == MISSING else InstantStatus.OK for t in times]
    else:
        parsed, codes = parse_instants(np.array([_text(t) for t in raw_times], dtype=np.str_))
        times, statuses = parsed.tolist(), [InstantStatus(c) for c in codes.tolist()]
    invalid: list[Invalid] = []
    usable: list[int] = []
    timestamp_reasons = {
        InstantStatus.MISSING: "missing timestamp",
        InstantStatus.NAIVE: "naive timestamp (no UTC offset)",
        InstantStatus.UNPARSEABLE: "unparseable timestamp",
    }
    for i in range(n):
        if statuses[i] is not InstantStatus.OK:
            invalid.append((i, timestamp_reasons[statuses[i]], "timestamp", _text(raw_times[i])))
        elif _missing(events["ticket"][i]):
            invalid.append((i, "missing ticket id", "ticket", _text(events["ticket"][i])))
        elif _missing(events["status"][i]):
            invalid.append((i, "missing status", "status", _text(events["status"][i])))
        elif as_of is None or times[i] <= as_of.timestamp():
            usable.append(i)
    usable.sort(key=lambda i: (str(events["ticket"][i]), times[i], i))
    return times, usable, invalid


def slow_replay(  # noqa: C901, PLR0912 - the reference is deliberately one plain loop
    events: Mapping[str, Sequence[Any]],
    clock: Clock,
    calendar: BusinessCalendar | None = None,
    priorities: Sequence[str] | None = None,
    as_of: dt.datetime | None = None,
) -> tuple[list[Cycle], list[Invalid]]:
    """Cycles and invalid rows, one event at a time (the loop the columnar replay replaced).

    Cycles are ``(row, ticket, opened, resolved, priority, category, elapsed,
    running_since, exclusion)``; invalid rows ``(row, reason, field, value)``.
    """
    times, usable, invalid = slow_validation(events, as_of)
    n = len(events["ticket"])
    priority = list(events.get("priority", [None] * n))
    category = list(events.get("category", [None] * n))
    by_ticket: dict[str, list[int]] = {}
    for i in usable:
        by_ticket.setdefault(str(events["ticket"][i]), []).append(i)
    cycles: list[Cycle] = []
    for ticket, rows in by_ticket.items():
        cycle: dict[str, Any] | None = None
        for i in rows:
            at, status = times[i], str(events["status"][i])
            if cycle is None:
                if status not in clock.start_statuses:
                    continue
                if priorities is not None and _text(priority[i]) not in [*priorities, ""]:
                    hint = suggestion(_text(priority[i]), priorities)
                    reason = "unknown priority" + (f" (did you mean {hint!r}?)" if hint else "")
                    invalid.append((i, reason, "priority", _text(priority[i])))
                    continue
                cycle = {
                    "row": i,
                    "ticket": ticket,
                    "opened": at,
                    "resolved": MISSING,
                    "priority": _text(priority[i]),
                    "category": _text(category[i]),
                    "elapsed": 0,
                    "since": at,
                    "exclusion": "",
                }
            elif status in clock.cancel_statuses:
                if cycle["since"] != MISSING:
                    cycle["elapsed"] += seconds(calendar, cycle["since"], at)
                cycle["since"], cycle["exclusion"] = MISSING, "cancelled"
                cycles.append(_close(cycle))
                cycle = None
            else:
                stops = status in clock.stop_statuses
                pauses = status in clock.pause_statuses
                if (stops or pauses) and cycle["since"] != MISSING:
                    cycle["elapsed"] += seconds(calendar, cycle["since"], at)
                    cycle["since"] = MISSING
                if stops:
                    cycle["resolved"] = at
                    cycles.append(_close(cycle))
                    cycle = None
                elif not pauses and cycle["since"] == MISSING:
                    cycle["since"] = at
        if cycle is not None:
            cycles.append(_close(cycle))
    return sorted(cycles), sorted(invalid)


def _close(cycle: dict[str, Any]) -> Cycle:
    since = cycle["since"] if cycle["resolved"] == MISSING else MISSING
    return (
        cycle["row"],
        str(cycle["ticket"]),
        cycle["opened"],
        cycle["resolved"],
        cycle["priority"],
        cycle["category"],
        cycle["elapsed"],
        since,
        cycle["exclusion"],
    )


def fast_replay(log: TicketLog) -> tuple[list[Cycle], list[Invalid]]:
    """The columnar replay's log, in the reference's terms."""
    cycles = [
        (
            int(log.row[i]),
            str(log.ticket[i]),
            int(log.opened[i]),
            int(log.resolved[i]),
            "" if log.priority[i] < 0 else log.priorities[log.priority[i]],
            "" if log.category[i] < 0 else log.categories[log.category[i]],
            int(log.clock_elapsed[i]),
            int(log.running_since[i]),
            "" if log.exclusion[i] < 0 else str(EXCLUSION_REASONS[log.exclusion[i]]),
        )
        for i in range(len(log))
    ]
    invalid = [(r.row, r.reason, r.field, r.value) for r in log.invalid]
    return sorted(cycles), sorted(invalid)


# Repetitions weight the draws: mostly usable events, some unusable ones.
STREAM_STATUSES = [*STATUSES, *STATUSES, "waiting", None, ""]
STREAM_TICKETS = ["a", "a", "a", "b", "b", "b", "c", "c", "", None]


@st.composite
def event_streams(draw: st.DrawFn) -> tuple[dict[str, list[Any]], dt.datetime | None]:
    """Random event tables and an as_of.

    Several tickets and cycles, pauses, cancels, unknown statuses, duplicate timestamps,
    unusable rows, events after as_of.
    """
    size = draw(st.integers(0, 30))
    instants = st.one_of(
        st.integers(0, 12 * 86_400).map(lambda s: BASE + s - s % 1800),  # many ties
        st.sampled_from([BASE, BASE + 3600, BASE + 86_400]),
    )
    tickets = draw(st.lists(st.sampled_from(STREAM_TICKETS), min_size=size, max_size=size))
    times = draw(st.lists(instants, min_size=size, max_size=size))
    as_text = draw(st.booleans())
    stamps: list[Any] = [dt.datetime.fromtimestamp(t, dt.UTC).isoformat() for t in times]
    if as_text:
        broken = draw(st.lists(st.integers(0, max(size - 1, 0)), max_size=2))
        for index in broken if size else []:
            stamps[index] = draw(st.sampled_from(["2024-03-05T10:00:00", "soon", ""]))
    events: dict[str, list[Any]] = {
        "ticket": tickets,
        "timestamp": stamps if as_text else times,
        "status": draw(st.lists(st.sampled_from(STREAM_STATUSES), min_size=size, max_size=size)),
        "priority": draw(
            st.lists(st.sampled_from(["P1", "P2", "P9", None]), min_size=size, max_size=size)
        ),
        "category": draw(
            st.lists(st.sampled_from(["hr", "it", None]), min_size=size, max_size=size)
        ),
    }
    as_of = draw(
        st.none()
        | st.integers(0, 12 * 86_400).map(lambda s: dt.datetime.fromtimestamp(BASE + s, dt.UTC))
    )
    return events, as_of


@given(event_streams(), st.booleans(), st.booleans())
def test_columnar_replay_agrees_with_the_event_by_event_loop(
    stream: tuple[dict[str, list[Any]], dt.datetime | None], business: bool, known: bool
) -> None:
    """Cycles, clock seconds, running stretches and invalid rows equal the slow loop's."""
    events, as_of = stream
    calendar = PARIS if business else None
    priorities = ["P1", "P2"] if known else None
    log = replay_events(
        {
            k: np.asarray(v) if k == "timestamp" else np.array(v, dtype=object)
            for k, v in events.items()
        },
        CLOCK,
        calendar=calendar,
        priorities=priorities,
        as_of=as_of,
    )
    assert fast_replay(log) == slow_replay(events, CLOCK, calendar, priorities, as_of)
    assert len(log) + len(log.invalid) == log.rows_in


@given(event_streams())
def test_coded_columns_replay_like_plain_ones(
    stream: tuple[dict[str, list[Any]], dt.datetime | None],
) -> None:
    """Columns given as codes and labels (as from pandas) give the same log as plain ones."""
    events, as_of = stream
    plain = replay_events(events, CLOCK, as_of=as_of)
    coded: dict[str, Any] = dict(events)
    for name in ("ticket", "status", "priority"):
        labels = sorted({str(v) for v in events[name] if v not in (None, "")})
        codes = [-1 if v in (None, "") else labels.index(str(v)) for v in events[name]]
        coded[name] = CodedColumn(np.array(codes, dtype=np.int64), tuple(labels))
    assert fast_replay(replay_events(coded, CLOCK, as_of=as_of)) == fast_replay(plain)


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
def test_replay_agrees_with_a_pair_by_pair_reference(
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
    for i in np.flatnonzero(log.exclusion < 0).tolist():  # the reference drops cancelled cycles
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


def test_event_kinds_follow_the_clock_with_cancel_first() -> None:
    """Statuses map to their kind; unknown statuses are other; missing ones are flagged."""
    overlapping = Clock(
        start_statuses={"new"}, stop_statuses={"done"}, cancel_statuses={"done", "void"}
    )
    statuses = np.array(["new", "done", "void", "paused", "", "new"])
    assert event_kinds(statuses, overlapping).tolist() == [
        EventKind.START,
        EventKind.CANCEL,
        EventKind.CANCEL,
        EventKind.OTHER,
        EventKind.MISSING,
        EventKind.START,
    ]


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
                        term=Term(start="2024-01-01"), slas=[sla], timezone="UTC")  # fmt: skip
    report = evaluate_slas(contract, log, as_of=dt.datetime(2024, 4, 1, tzinfo=dt.UTC))
    march = report.result("r", "2024-03")
    assert (march.good, march.total) == (1, 2)


def test_ties_are_applied_in_input_order() -> None:
    """Two events of a ticket at the same second are applied in the order given."""
    events: dict[str, Any] = {
        "ticket": ["t", "t", "t"],
        "timestamp": [BASE, BASE + 60, BASE + 60],
        "status": ["new", "resolved", "reopened"],
    }
    log = replay_events(events, CLOCK)
    assert log.opened.tolist() == [BASE, BASE + 60]
    assert log.resolved.tolist() == [BASE + 60, MISSING]
    swapped = replay_events({**events, "status": ["new", "reopened", "resolved"]}, CLOCK)
    assert swapped.opened.tolist() == [BASE]
    assert swapped.resolved.tolist() == [BASE + 60]


def test_cancelled_cycles_are_excluded_and_bad_events_invalid() -> None:
    """A cancelled cycle is a row excluded as cancelled; unusable events are invalid rows."""
    events: dict[str, Any] = {
        "ticket": ["t", "t", "u", None, "w", "x"],
        "timestamp": ["2024-03-04T09:00:00Z", "2024-03-04T10:00:00Z", "2024-03-04T10:00:00",
                      "2024-03-04T10:00:00Z", "2024-03-04T10:00:00Z", "2024-03-04T10:00:00Z"],
        "status": ["new", "cancelled", "new", "new", None, "new"],
        "priority": ["P1", "P1", "P1", "P1", "P1", "P7"],
    }  # fmt: skip
    log = replay_events(events, CLOCK, priorities=["P1"])
    assert log.row.tolist() == [0]
    assert [EXCLUSION_REASONS[code] for code in log.exclusion] == ["cancelled"]
    assert (log.resolved.tolist(), log.clock_elapsed.tolist()) == ([MISSING], [3600])
    assert [(r.row, r.reason, r.value) for r in log.invalid] == [
        (2, "naive timestamp (no UTC offset)", "2024-03-04T10:00:00"),
        (3, "missing ticket id", ""),
        (4, "missing status", ""),
        (5, "unknown priority", "P7"),
    ]
    assert log.rows_in == 5


def test_an_unknown_priority_close_to_a_known_one_says_which() -> None:
    """``p1`` where the contract says ``P1``: the invalid row names the priority it means."""
    events: dict[str, Any] = {
        "ticket": ["t", "u"],
        "timestamp": ["2024-03-04T09:00:00Z", "2024-03-04T10:00:00Z"],
        "status": ["new", "new"],
        "priority": ["p1", "urgent"],
    }
    log = replay_events(events, CLOCK, priorities=["P1", "P2"])
    assert [(r.row, r.reason, r.value) for r in log.invalid] == [
        (0, "unknown priority (did you mean 'P1'?)", "p1"),
        (1, "unknown priority", "urgent"),
    ]


def test_cancelled_cycles_are_counted_as_excluded_by_every_sla() -> None:
    """In the accounts a cancelled cycle is excluded (reason cancelled), not invalid."""
    hour = 3600
    events: dict[str, Any] = {
        "ticket": ["t", "t", "u", "u", "v"],
        "timestamp": [BASE, BASE + hour, BASE, BASE + 5 * hour, BASE],
        "status": ["new", "resolved", "new", "cancelled", "new"],
    }
    log = replay_events(events, CLOCK)
    sla = SLA(id="r", name="Resolution", metric=SLAMetric.RESOLUTION, objective=100,
              target=dt.timedelta(hours=2), clock=CLOCK)  # fmt: skip
    contract = Contract(id="c", title="t", client="c", provider_id="p", currency="EUR",
                        term=Term(start="2024-01-01"), slas=[sla], timezone="UTC")  # fmt: skip
    as_of = dt.datetime.fromtimestamp(BASE + 3 * hour, dt.UTC)
    report = evaluate_slas(contract, log, as_of=as_of)
    (account,) = report.accounts
    assert (account.rows_in, account.evaluated, account.invalid) == (3, 2, 0)
    assert account.excluded == (("cancelled", 1),)
    assert account.balanced
    march = report.result("r", "2024-03")
    assert (march.good, march.total) == (1, 2)  # v has run 3 h: breached; u is not judged


def test_events_after_as_of_have_not_happened() -> None:
    """A stop after as_of is left out: the cycle is still open and running at as_of."""
    events: dict[str, Any] = {
        "ticket": [1, 1],
        "timestamp": np.array([BASE, BASE + 7200], dtype=np.int64),
        "status": ["new", "resolved"],
    }
    log = replay_events(events, CLOCK, as_of=dt.datetime.fromtimestamp(BASE + 3600, dt.UTC))
    assert log.resolved.tolist() == [MISSING]
    assert log.running_since.tolist() == [BASE]
    assert log.ticket.tolist() == [1]


def test_bad_tables_are_refused() -> None:
    """A missing column, columns of different lengths and a naive as_of raise, naming them."""
    with pytest.raises(OutsourcingError, match="missing column 'status'"):
        replay_events({"ticket": [1], "timestamp": [BASE]}, CLOCK)
    with pytest.raises(OutsourcingError, match="same length"):
        replay_events({"ticket": [1], "timestamp": [BASE], "status": ["new", "new"]}, CLOCK)
    with pytest.raises(OutsourcingError, match="as_of"):
        replay_events(
            {"ticket": [1], "timestamp": [BASE], "status": ["new"]},
            CLOCK,
            as_of=dt.datetime(2024, 3, 5),  # noqa: DTZ001 - naive on purpose
        )


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
                        term=Term(start="2024-01-01"), slas=[sla], timezone="UTC")  # fmt: skip
    early = dt.datetime.fromtimestamp(BASE + 3600, dt.UTC)
    late = dt.datetime.fromtimestamp(BASE + 3 * 3600, dt.UTC)
    assert evaluate_slas(contract, log, as_of=early).result("r", "2024-03").pending == 1
    assert evaluate_slas(contract, log, as_of=late).result("r", "2024-03").total == 1
