import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from outsourcing import (
    BusinessCalendar,
    CalendarRangeError,
    InvalidValueError,
    WorkingInterval,
)
from outsourcing.sla import business_time
from outsourcing.sla.business_time import (
    add_business,
    add_business_array,
    business_seconds,
    business_seconds_array,
    compile_calendar,
)

UTC = dt.UTC
MINUTE = dt.timedelta(minutes=1)
# Interval edges and DST transitions in these tests fall on quarter hours: on a switch day the
# reference reads the wall clock once per quarter hour of real time.
QUARTER = dt.timedelta(minutes=15)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")

# --- the slow reference: day by day, with zoneinfo, quarter-hour steps on DST switch days ---


def _local(day: dt.date, seconds: int, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """Wall-clock ``seconds`` after local midnight of ``day`` (aware arithmetic is wall time)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=zone) + dt.timedelta(seconds=seconds)


def _switches(day: dt.date, zone: zoneinfo.ZoneInfo) -> bool:
    before = _local(day - dt.timedelta(days=1), 12 * 3600, zone).utcoffset()
    after = _local(day + dt.timedelta(days=1), 12 * 3600, zone).utcoffset()
    return before != after


def _working_pieces(
    calendar: BusinessCalendar, day: dt.date
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Real UTC time during which the wall clock reads inside one of ``day``'s intervals."""
    intervals = calendar.intervals_on(day)
    zone = zoneinfo.ZoneInfo(calendar.timezone)
    if not intervals:
        return
    if not _switches(day, zone):
        for interval in intervals:
            yield (
                _local(day, interval.start, zone).astimezone(UTC),
                _local(day, interval.end, zone).astimezone(UTC),
            )
        return
    # A DST switch day: look at the wall clock of every real quarter hour around the day.
    moment = _local(day, 0, zone).astimezone(UTC) - dt.timedelta(hours=6)
    stop = _local(day + dt.timedelta(days=1), 0, zone).astimezone(UTC) + dt.timedelta(hours=6)
    while moment < stop:
        wall = moment.astimezone(zone)
        clock = wall.hour * 3600 + wall.minute * 60
        if wall.date() == day and any(i.start <= clock < i.end for i in intervals):
            yield moment, moment + QUARTER
        moment += QUARTER


def reference_business_seconds(calendar: BusinessCalendar, start: int, end: int) -> int:
    """Business seconds from ``start`` to ``end`` (epoch seconds), the slow way."""
    if end < start:
        return -reference_business_seconds(calendar, end, start)
    zone = zoneinfo.ZoneInfo(calendar.timezone)
    low = dt.datetime.fromtimestamp(start, UTC)
    high = dt.datetime.fromtimestamp(end, UTC)
    day = low.astimezone(zone).date() - dt.timedelta(days=1)
    last = high.astimezone(zone).date() + dt.timedelta(days=1)
    total = dt.timedelta(0)
    while day <= last:
        for opens, closes in _working_pieces(calendar, day):
            overlap = min(closes, high) - max(opens, low)
            total += max(overlap, dt.timedelta(0))
        day += dt.timedelta(days=1)
    return int(total.total_seconds())


# --- calendars and instants ---------------------------------------------------------------


def paris(first_year: int = 2024, last_year: int = 2025, **changes: object) -> BusinessCalendar:
    """The issue's calendar: Paris, Mon-Fri 09:00-12:30 and 13:30-18:00, French holidays."""
    fields: dict[str, object] = {
        "id": "paris",
        "timezone": "Europe/Paris",
        "week": {d: ["09:00-12:30", "13:30-18:00"] for d in WEEKDAYS},
        "holiday_country": "FR",
        "first_year": first_year,
        "last_year": last_year,
    }
    fields.update(changes)
    return BusinessCalendar(**fields)  # type: ignore[arg-type]


ZONES = ("Europe/Paris", "America/New_York", "Australia/Lord_Howe", "UTC", "Asia/Kathmandu")
HOLIDAYS = ((None, None), ("FR", None), ("FR", "57"), ("US", "CA"), ("GB", None))
# Switch days: Paris and New York spring forward and fall back, Lord Howe moves 30 minutes.
SWITCH_DAYS = tuple(
    dt.date.fromisoformat(d)
    for d in (
        "2024-03-31",
        "2024-10-27",
        "2024-03-10",
        "2024-11-03",
        "2024-04-07",
        "2024-10-06",
        "2025-03-30",
        "2025-10-26",
        "2025-03-09",
        "2025-11-02",
    )
)
# Company closures: a bridge day, a summer closure day, a day after a DST switch.
CLOSURES = tuple(dt.date.fromisoformat(d) for d in ("2024-05-10", "2025-08-14", "2025-10-27"))


@st.composite
def intervals(draw: st.DrawFn) -> list[WorkingInterval]:
    """A day's working intervals on a quarter-hour grid, including the DST hours and 24:00."""
    count = draw(st.integers(0, 3))
    marks = sorted(draw(st.sets(st.integers(0, 96), min_size=2 * count, max_size=2 * count)))
    return [WorkingInterval(a * 900, b * 900) for a, b in zip(marks[::2], marks[1::2], strict=True)]


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    """Random calendars: zones with DST, holidays, lunch breaks, weekends open or not."""
    if draw(st.booleans()):
        week = draw(st.lists(intervals(), min_size=7, max_size=7))
    else:
        office = draw(intervals())
        week = [office] * 5 + [draw(intervals()), []]
    country, subdivision = draw(st.sampled_from(HOLIDAYS))
    first_year = draw(st.sampled_from((2024, 2025)))
    return _calendar(
        timezone=draw(st.sampled_from(ZONES)),
        week=tuple(tuple(day) for day in week),
        country=country,
        subdivision=subdivision,
        first_year=first_year,
        last_year=first_year + draw(st.integers(0, 1)),
        extra_closures=draw(st.sets(st.sampled_from(CLOSURES), max_size=2).map(frozenset)),
    )


@functools.cache
def _calendar(
    *,
    timezone: str,
    week: tuple[tuple[WorkingInterval, ...], ...],
    country: str | None,
    subdivision: str | None,
    first_year: int,
    last_year: int,
    extra_closures: frozenset[dt.date],
) -> BusinessCalendar:
    """Calendars are built once per set of fields: computing holidays is the slow part."""
    return BusinessCalendar(
        id="random",
        timezone=timezone,
        week=week,
        holiday_country=country,
        holiday_subdivision=subdivision,
        first_year=first_year,
        last_year=last_year,
        extra_closures=extra_closures,
    )


@st.composite
def instants(draw: st.DrawFn, calendar: BusinessCalendar) -> int:
    """Epoch seconds in the calendar's range, often at interval edges or on DST switch days."""
    zone = zoneinfo.ZoneInfo(calendar.timezone)
    table = compile_calendar(calendar)
    kind = draw(st.sampled_from(("any", "edge", "switch", "bound")))
    if kind == "any":
        return draw(st.integers(table.start, table.end))
    if kind == "bound":
        return draw(st.sampled_from((table.start, table.end)))
    first, last = dt.date(calendar.first_year, 1, 1), dt.date(calendar.last_year, 12, 31)
    if kind == "switch":
        day = draw(st.sampled_from([d for d in SWITCH_DAYS if first <= d <= last]))
    else:
        day = draw(st.dates(first, last))
    edges = [s for i in calendar.week[day.weekday()] for s in (i.start, i.end)]
    clock = draw(st.sampled_from([*edges, 0, 7200, 9000, 10800]) | st.integers(0, 86_399))
    clock = min(max(clock + draw(st.sampled_from((0, 0, -1, 1))), 0), 86_399)
    wall = dt.datetime.combine(day, dt.time(), tzinfo=zone) + dt.timedelta(seconds=clock)
    moment = wall.replace(fold=draw(st.integers(0, 1)))
    seconds = business_time.epoch_seconds(moment)
    return min(max(seconds, table.start), table.end)


# --- agreement with the reference ----------------------------------------------------------


@given(st.data())
def test_business_seconds_equal_the_slow_reference(data: st.DataObject) -> None:
    """Business seconds match the day-by-day zoneinfo reference to the second."""
    calendar = data.draw(calendars())
    start, end = data.draw(instants(calendar)), data.draw(instants(calendar))
    expected = reference_business_seconds(calendar, start, end)
    assert business_seconds_array(calendar, [start], [end]).tolist() == [expected]


@given(st.data())
def test_paris_business_seconds_equal_the_reference_across_years(data: st.DataObject) -> None:
    """On the issue's Paris calendar, multi-year spans agree with the reference."""
    calendar = paris(2023, 2025)
    start, end = data.draw(instants(calendar)), data.draw(instants(calendar))
    assert int(business_seconds_array(calendar, start, end)) == reference_business_seconds(
        calendar, start, end
    )


def test_dst_rule_counts_real_time_inside_wall_clock_intervals() -> None:
    """02:00-04:00 in Paris counts 1 h on the spring-forward day and 3 h on the fall-back day."""
    calendar = BusinessCalendar(
        id="night", timezone="Europe/Paris", week=[["02:00-04:00"]] * 7, first_year=2024
    )
    zone = zoneinfo.ZoneInfo("Europe/Paris")
    for day, hours in (
        (dt.date(2024, 3, 31), 1),
        (dt.date(2024, 10, 27), 3),
        (dt.date(2024, 6, 1), 2),
    ):
        start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
        end = start + dt.timedelta(hours=12)
        assert business_seconds(calendar, start, end) == hours * 3600


def test_holidays_and_lunch_breaks_are_closed() -> None:
    """Bastille Day and the 12:30-13:30 lunch break contribute no business time."""
    calendar = paris()
    zone = zoneinfo.ZoneInfo("Europe/Paris")
    holiday = dt.datetime(2024, 7, 14, 0, tzinfo=zone)
    assert business_seconds(calendar, holiday, holiday + dt.timedelta(days=1)) == 0
    lunch = dt.datetime(2024, 7, 15, 12, 30, tzinfo=zone)
    assert business_seconds(calendar, lunch, lunch + dt.timedelta(hours=1)) == 0
    assert business_seconds(calendar, lunch - MINUTE, lunch + 2 * MINUTE * 30 + MINUTE) == 120


# --- invariants ----------------------------------------------------------------------------


@given(st.data())
def test_business_time_is_at_most_elapsed_time_and_additive(data: st.DataObject) -> None:
    """0 <= bs(a, b) <= b - a for a <= b, and bs(a, c) = bs(a, b) + bs(b, c) for any order."""
    calendar = data.draw(calendars())
    a, b, c = sorted(data.draw(st.lists(instants(calendar), min_size=3, max_size=3)))
    shuffled = data.draw(st.permutations([a, b, c]))
    table = compile_calendar(calendar)
    ab = int(table.business_seconds(a, b))
    assert 0 <= ab <= b - a
    x, y, z = shuffled
    xz, xy, yz = table.business_seconds([x, x, y], [z, y, z]).tolist()
    assert xz == xy + yz
    assert int(table.business_seconds(b, a)) == -ab


@given(st.data())
def test_add_business_is_the_earliest_inverse(data: st.DataObject) -> None:
    """bs(s, add_business(s, d)) == d, and one second earlier falls short of d."""
    calendar = data.draw(calendars())
    table = compile_calendar(calendar)
    start = data.draw(instants(calendar))
    remaining = int(table.business_seconds(start, table.end))
    duration = data.draw(st.integers(0, remaining) | st.sampled_from((0, remaining)))
    deadline = int(table.add_business(start, duration))
    assert deadline >= start
    assert int(table.business_seconds(start, deadline)) == duration
    if duration > 0:
        assert int(table.business_seconds(start, deadline - 1)) < duration


@given(st.data())
def test_add_business_is_monotone(data: st.DataObject) -> None:
    """Later starts and longer durations never give earlier deadlines."""
    calendar = data.draw(calendars())
    table = compile_calendar(calendar)
    starts = sorted(data.draw(st.lists(instants(calendar), min_size=2, max_size=2)))
    budget = int(table.business_seconds(starts[1], table.end))
    durations = sorted(data.draw(st.lists(st.integers(0, budget), min_size=2, max_size=2)))
    deadlines = table.add_business(
        [starts[0], starts[1], starts[0]], [durations[0], durations[0], durations[1]]
    ).tolist()
    assert deadlines[0] <= deadlines[1]
    assert deadlines[0] <= deadlines[2]


def test_zero_duration_outside_hours_returns_the_start() -> None:
    """add_business(s, 0) is s itself, even on a Sunday night."""
    calendar = paris()
    sunday = dt.datetime(2024, 7, 21, 23, 17, 5, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    assert add_business(calendar, sunday, dt.timedelta(0)) == sunday


def test_deadline_at_closing_time_is_the_closing_time() -> None:
    """A ticket opened at 09:00 with 3.5 business hours is due at 12:30, not at 13:30."""
    zone = zoneinfo.ZoneInfo("Europe/Paris")
    start = dt.datetime(2024, 7, 15, 9, tzinfo=zone)
    deadline = add_business(paris(), start, dt.timedelta(hours=3, minutes=30))
    assert deadline == dt.datetime(2024, 7, 15, 12, 30, tzinfo=zone)
    assert deadline.tzinfo == zone


@given(st.data())
def test_scalar_and_array_apis_agree(data: st.DataObject) -> None:
    """The datetime methods give the same numbers as the epoch-second array methods."""
    calendar = data.draw(calendars())
    start, end = data.draw(instants(calendar)), data.draw(instants(calendar))
    zone = zoneinfo.ZoneInfo(data.draw(st.sampled_from(ZONES)))
    aware_start = dt.datetime.fromtimestamp(start, zone)
    aware_end = dt.datetime.fromtimestamp(end, zone)
    seconds = business_seconds(calendar, aware_start, aware_end)
    assert [seconds] == business_seconds_array(calendar, [start], [end]).tolist()
    duration = abs(seconds)
    low = min(start, end)
    deadline = add_business(
        calendar, dt.datetime.fromtimestamp(low, zone), dt.timedelta(seconds=duration)
    )
    assert business_time.epoch_seconds(deadline) == int(add_business_array(calendar, low, duration))
    assert str(deadline.tzinfo) == calendar.timezone


@given(st.data())
def test_dense_grid_and_binary_search_agree(data: st.DataObject) -> None:
    """The dense-grid lookup and the binary search over pieces give the same cumulative time."""
    calendar = data.draw(calendars())
    table = compile_calendar(calendar)
    assume(table.grid_step > 0)
    points = np.array(data.draw(st.lists(instants(calendar), min_size=1, max_size=20)))
    grid = table.elapsed_business(points)
    search = table._elapsed_by_search(points)
    assert grid.tolist() == search.tolist()


def test_grid_is_skipped_when_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table whose grid would be too large answers by binary search, with the same numbers."""
    calendar = paris()
    points = np.arange(compile_calendar(calendar).start, compile_calendar(calendar).end, 4099)
    with_grid = compile_calendar(calendar).business_seconds(points[:-1], points[1:])
    monkeypatch.setattr(business_time, "MAX_GRID_CELLS", 10)
    compile_calendar.cache_clear()
    try:
        table = compile_calendar(calendar)
        assert table.grid_step == 0
        assert table.business_seconds(points[:-1], points[1:]).tolist() == with_grid.tolist()
    finally:
        compile_calendar.cache_clear()


# --- 24x7 ----------------------------------------------------------------------------------


@given(
    st.sampled_from(ZONES),
    st.integers(-(10**10), 10**10),
    st.integers(-(10**10), 10**10),
    st.integers(0, 10**9),
)
def test_always_open_business_time_is_elapsed_time(
    zone: str, start: int, end: int, duration: int
) -> None:
    """A 24x7 calendar counts every second, without a range limit, in any zone."""
    calendar = BusinessCalendar.always(zone)
    assert int(business_seconds_array(calendar, start, end)) == end - start
    assert int(add_business_array(calendar, start, duration)) == start + duration
    table = compile_calendar(calendar)
    assert table.covers([start, end]).tolist() == [True, True]
    elapsed = table.elapsed_business(np.array([start, end]))
    assert int(elapsed[1] - elapsed[0]) == end - start


@settings(max_examples=20)
@given(st.data())
def test_always_open_with_a_closure_matches_the_reference(data: st.DataObject) -> None:
    """A 24x7 calendar with a closed day counts the 23 h and 25 h DST days as they are."""
    calendar = BusinessCalendar(
        id="24x7-closed",
        timezone=data.draw(st.sampled_from(ZONES)),
        week=[["00:00-24:00"]] * 7,
        first_year=2024,
        extra_closures=["2024-12-25"],
    )
    start, end = data.draw(instants(calendar)), data.draw(instants(calendar))
    assert int(business_seconds_array(calendar, start, end)) == reference_business_seconds(
        calendar, start, end
    )


# --- errors --------------------------------------------------------------------------------


def test_naive_datetimes_are_refused() -> None:
    """Naive datetimes raise InvalidValueError naming the argument."""
    calendar = paris()
    aware = dt.datetime(2024, 7, 15, 9, tzinfo=UTC)
    naive = dt.datetime(2024, 7, 15, 9)  # noqa: DTZ001 - the point of the test
    with pytest.raises(InvalidValueError, match=r"business_seconds\.end"):
        business_seconds(calendar, aware, naive)
    with pytest.raises(InvalidValueError, match=r"add_business\.start"):
        add_business(calendar, naive, dt.timedelta(hours=1))


def test_out_of_range_instants_raise_naming_the_instant_and_range() -> None:
    """An instant outside first_year..last_year raises CalendarRangeError, never a wrong number."""
    calendar = paris(2024, 2024)
    inside = dt.datetime(2024, 7, 15, 9, tzinfo=UTC)
    outside = dt.datetime(2025, 1, 2, 9, tzinfo=UTC)
    with pytest.raises(
        CalendarRangeError, match=r"'paris'.*2024-01-01T00:00:00\+01:00.*2025-01-02T10:00:00\+01:00"
    ):
        business_seconds(calendar, inside, outside)
    with pytest.raises(CalendarRangeError, match="starts"):
        business_seconds_array(calendar, [0, 1], [1, 2])
    with pytest.raises(CalendarRangeError, match="deadline"):
        add_business(calendar, inside, dt.timedelta(days=365))
    table = compile_calendar(calendar)
    assert table.covers([table.start - 1, table.start, table.end, table.end + 1]).tolist() == [
        False,
        True,
        True,
        False,
    ]


def test_bad_arrays_and_durations_are_refused() -> None:
    """Float instants, mismatched shapes and negative durations raise InvalidValueError."""
    calendar = paris()
    start = compile_calendar(calendar).start
    with pytest.raises(InvalidValueError, match="integer epoch seconds"):
        business_seconds_array(calendar, [1.5], [2.5])
    with pytest.raises(InvalidValueError, match="shape"):
        business_seconds_array(calendar, [start, start], [start])
    with pytest.raises(InvalidValueError, match=">= 0"):
        add_business_array(calendar, [start], [-1])
    with pytest.raises(InvalidValueError, match="timedelta >= 0"):
        add_business(calendar, dt.datetime(2024, 7, 15, tzinfo=UTC), dt.timedelta(seconds=-1))


def test_numpy_time_arrays_are_accepted() -> None:
    """NumPy datetime64 and timedelta64 columns give the same answers as int64 seconds."""
    calendar = paris()
    starts = np.array(["2024-07-15T07:00:00", "2024-07-19T15:00:00"], dtype="datetime64[s]")
    ends = starts + np.timedelta64(3, "D")
    as_int = business_seconds_array(calendar, starts.astype(np.int64), ends.astype(np.int64))
    assert business_seconds_array(calendar, starts, ends).tolist() == as_int.tolist()
    durations = np.array([90, 600], dtype="timedelta64[m]")
    assert add_business_array(calendar, starts, durations).tolist() == (
        add_business_array(calendar, starts.astype(np.int64), [5400, 36_000]).tolist()
    )


def test_empty_and_multidimensional_arrays_keep_their_shape() -> None:
    """Empty columns give empty results and 2-D arrays are answered element-wise."""
    calendar = paris()
    assert business_seconds_array(calendar, [], []).shape == (0,)
    assert add_business_array(calendar, [], []).shape == (0,)
    start = compile_calendar(calendar).start
    grid = start + np.arange(6, dtype=np.int64).reshape(2, 3) * 86_400
    result = business_seconds_array(calendar, grid, grid + 86_400)
    assert result.shape == (2, 3)
    assert result.ravel().tolist() == [
        reference_business_seconds(calendar, int(s), int(s) + 86_400) for s in grid.ravel()
    ]


def test_compiled_tables_are_cached_and_read_only() -> None:
    """Equal calendars share one compiled table whose arrays cannot be written."""
    table = compile_calendar(paris())
    assert compile_calendar(paris()) is table
    with pytest.raises(ValueError, match="read-only"):
        table.opens[0] = 0


def test_documentation_examples_run() -> None:
    """Every python block of docs/business-time.md runs, top to bottom, in one namespace."""
    page = Path(__file__).resolve().parents[1] / "docs" / "business-time.md"
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) >= 5
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(page), "exec"), namespace)  # noqa: S102 - our own documentation
