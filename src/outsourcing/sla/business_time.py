"""Business time: seconds counted only inside a calendar's working hours, for one or many tickets.

A `BusinessCalendar` is compiled once into a `BusinessTable`: every working interval of every
local day in the calendar's year range, converted to UTC epoch seconds, with the cumulative
business seconds at each boundary. Business time between two instants is then a difference of
the cumulative function, looked up on a dense time grid (one array index per ticket end, no
Python loop), and a deadline is its inverse, a binary search on the cumulative values.

Rules (see ``docs/business-time.md``):

- **Wall-clock membership.** An instant is business time when the local wall clock reads a time
  inside one of that local day's working intervals, and the day is not closed. Business time is
  the real elapsed time of such instants. On a spring-forward day the skipped hour is never on
  the wall clock, so an interval ``02:00-04:00`` in Paris counts one hour (nonexistent local times
  map forward); on a fall-back day the repeated hour is on the clock twice, so it counts twice.
- **Range.** A table covers local midnight of 1 January ``first_year`` to local midnight of
  1 January ``last_year + 1`` (the years the holiday snapshot was taken for). Instants outside
  it raise `CalendarRangeError`; they never yield a silently wrong number. A 24×7 calendar with
  no closed day has no range: business time is elapsed time.
- **Signed.** ``business_seconds(a, b) == -business_seconds(b, a)``, so additivity holds for
  any three instants; callers that need ``b >= a`` check it themselves.
- **Deadlines.** ``add_business(s, d)`` is the earliest instant ``t >= s`` with
  ``business_seconds(s, t) == d``: a deadline reached at closing time is the closing time, and
  ``add_business(s, 0) == s`` even outside working hours. Durations must be >= 0.
- **Seconds.** Everything is in whole seconds (int64 epoch seconds); scalar datetimes are
  truncated to the second.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import attrs
import numpy as np
import numpy.typing as npt

from outsourcing.arrays import read_only
from outsourcing.exceptions import CalendarRangeError, InvalidValueError

if TYPE_CHECKING:
    from outsourcing.model.calendar import BusinessCalendar

__all__ = [
    "BusinessTable",
    "add_business",
    "add_business_array",
    "business_seconds",
    "business_seconds_array",
    "compile_calendar",
    "duration_seconds",
    "epoch_seconds",
    "from_epoch_seconds",
]

Int64Array = npt.NDArray[np.int64]
EpochInput = npt.ArrayLike

_DAY: Final = 86_400
_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_SECOND: Final = dt.timedelta(seconds=1)
_PROBE_STEP: Final = 6 * 3600
_BLOCK: Final = 1 << 17
#: Largest dense grid a table builds (cells of int64); beyond it lookups use binary search.
MAX_GRID_CELLS: Final = 1 << 22


def epoch_seconds(instant: object, field: str = "instant") -> int:
    """Whole UTC epoch seconds of a zone-aware datetime (sub-second parts truncated).

    Args:
        instant: A zone-aware `datetime.datetime` (pendulum's `DateTime` is one).
        field: Name of the argument, for the error message.

    Raises:
        InvalidValueError: If ``instant`` is not a datetime or is naive.
    """
    if not isinstance(instant, dt.datetime) or instant.utcoffset() is None:
        raise InvalidValueError(field, instant, "must be a time-zone-aware datetime")
    return (instant - _EPOCH) // _SECOND


def duration_seconds(duration: object, field: str = "duration") -> int:
    """Whole seconds of a non-negative `datetime.timedelta` (sub-second parts truncated).

    Raises:
        InvalidValueError: If ``duration`` is not a timedelta or is negative.
    """
    if not isinstance(duration, dt.timedelta) or duration < dt.timedelta(0):
        raise InvalidValueError(field, duration, "must be a timedelta >= 0")
    return duration // _SECOND


def from_epoch_seconds(seconds: int, timezone: str) -> dt.datetime:
    """The zone-aware datetime, in IANA zone ``timezone``, of whole UTC epoch seconds."""
    return (_EPOCH + dt.timedelta(seconds=int(seconds))).astimezone(zoneinfo.ZoneInfo(timezone))


def _iso(seconds: int, timezone: str) -> str:
    return from_epoch_seconds(seconds, timezone).isoformat()


@attrs.frozen(eq=False)
class BusinessTable:
    """A calendar compiled to UTC epoch seconds: working pieces and their cumulative total.

    Build it with `compile_calendar` (cached); the arrays are read-only, so one table can be
    shared by threads.

    Attributes:
        calendar_id: Id of the compiled calendar, for messages.
        timezone: The calendar's IANA time zone, for messages and deadlines.
        start: First covered instant (local midnight, 1 January of ``first_year``), epoch seconds.
        end: Last covered instant (local midnight, 1 January after ``last_year``), epoch seconds.
        opens: Epoch second each working piece opens, increasing; the first piece is an empty
            one at `start`.
        closes: Epoch second each working piece closes (``opens[i] <= closes[i] <= opens[i+1]``).
        cumulative: Business seconds from ``start`` to ``closes[i]``.
        always_open: Whether every second counts (24×7 without closed days): no range limit.
        grid_step: Seconds per cell of the dense grid (every piece boundary falls on a cell
            boundary), or 0 when the grid would exceed `MAX_GRID_CELLS` cells.
        grid: Per cell ``k``, ``2 * C(start + k * grid_step) + open``, where ``C`` is the
            cumulative business time and ``open`` is 1 when the whole cell is working time.
    """

    calendar_id: str
    timezone: str
    start: int
    end: int
    opens: Int64Array = attrs.field(repr=False)
    closes: Int64Array = attrs.field(repr=False)
    cumulative: Int64Array = attrs.field(repr=False)
    always_open: bool = False
    grid_step: int = 0
    grid: Int64Array = attrs.field(repr=False, factory=lambda: np.zeros(0, np.int64))

    @property
    def total(self) -> int:
        """Business seconds in the whole covered range."""
        return int(self.cumulative[-1]) if self.cumulative.size else 0

    def covers(self, epochs: EpochInput) -> npt.NDArray[np.bool_]:
        """Which instants (epoch seconds) the table can answer for, element-wise."""
        values = _as_epochs(epochs, "epochs")
        if self.always_open:
            return np.ones(values.shape, dtype=np.bool_)
        return (values >= self.start) & (values <= self.end)

    def _check_range(self, values: Int64Array, field: str) -> None:
        if values.size == 0:
            return
        low, high = int(values.min()), int(values.max())
        if low >= self.start and high <= self.end:
            return
        bad = low if low < self.start else high
        raise CalendarRangeError(
            field,
            _iso(bad, self.timezone),
            self.calendar_id,
            _iso(self.start, self.timezone),
            _iso(self.end, self.timezone),
        )

    def elapsed_business(self, epochs: Int64Array) -> Int64Array:
        """``C(t)``: business seconds from `start` to each instant (no range check)."""
        if self.always_open:
            return epochs - self.start
        if self.grid_step:
            offset = epochs - self.start
            cell = offset // self.grid_step
            offset -= cell * self.grid_step
            packed = np.take(self.grid, cell)
            offset *= packed & 1
            packed >>= 1
            packed += offset
            return packed
        return self._elapsed_by_search(epochs)

    def _elapsed_by_search(self, epochs: Int64Array) -> Int64Array:
        # The piece containing or preceding each instant: the last one opening at or before it.
        index = np.searchsorted(self.opens, epochs, side="right") - 1
        safe = np.maximum(index, 0)
        closes = self.closes[safe]
        before = self.cumulative[safe] - (closes - self.opens[safe])
        inside = np.minimum(epochs, closes) - self.opens[safe]
        return np.where(index < 0, 0, before + inside)

    def business_seconds(self, starts: EpochInput, ends: EpochInput) -> Int64Array:
        """Business seconds from each start to each end (negative when the end is earlier).

        Raises:
            CalendarRangeError: If an instant lies outside the covered range.
            InvalidValueError: If the arrays are not integer epoch seconds of one shape.
        """
        first = _as_epochs(starts, "starts")
        last = _as_epochs(ends, "ends")
        if first.shape != last.shape:
            raise InvalidValueError(
                "ends", last.shape, f"must have the shape of starts {first.shape}"
            )
        if self.always_open:
            return last - first
        self._check_range(first, "starts")
        self._check_range(last, "ends")
        result = np.empty(first.shape, np.int64)
        flat_first, flat_last, flat_result = first.ravel(), last.ravel(), result.reshape(-1)
        # Blocks keep the temporaries in cache: about twice as fast as whole-array operations.
        for low in range(0, flat_first.size, _BLOCK):
            high = low + _BLOCK
            block = self.elapsed_business(flat_last[low:high])
            block -= self.elapsed_business(flat_first[low:high])
            flat_result[low:high] = block
        return result

    def add_business(self, starts: EpochInput, durations: EpochInput) -> Int64Array:
        """Earliest instant at or after each start with that many business seconds in between.

        Raises:
            CalendarRangeError: If a start, or a deadline, lies outside the covered range.
            InvalidValueError: If a duration is negative or the arrays are not integers.
        """
        first = _as_epochs(starts, "starts")
        amounts = _as_epochs(durations, "durations")
        first, amounts = np.broadcast_arrays(first, amounts)
        if amounts.size and int(amounts.min()) < 0:
            raise InvalidValueError("durations", int(amounts.min()), "must be >= 0 seconds")
        if self.always_open:
            return first + amounts
        self._check_range(first, "starts")
        target = self.elapsed_business(first.ravel()).reshape(first.shape) + amounts
        if target.size and int(target.max()) > self.total:
            index = int(np.argmax(target > self.total))
            raise CalendarRangeError(
                "deadline",
                f"{int(amounts[index])} business seconds after "
                f"{_iso(int(first[index]), self.timezone)}",
                self.calendar_id,
                _iso(self.start, self.timezone),
                _iso(self.end, self.timezone),
            )
        # The first piece whose cumulative total at its close reaches the target holds the
        # deadline; a zero duration stays where it is, even outside working hours.
        piece = np.minimum(
            np.searchsorted(self.cumulative, target, side="left"), self.closes.size - 1
        )
        deadline = self.closes[piece] - (self.cumulative[piece] - target)
        return np.where(amounts == 0, first, deadline)


def _as_epochs(values: EpochInput, field: str) -> Int64Array:
    """Integer seconds from integers, ``datetime64`` instants or ``timedelta64`` durations."""
    array = np.asarray(values)
    if array.dtype.kind == "M":
        return array.astype("datetime64[s]").astype(np.int64)
    if array.dtype.kind == "m":
        return array.astype("timedelta64[s]").astype(np.int64)
    if array.size == 0:
        return np.zeros(array.shape, np.int64)
    if array.dtype.kind not in "iu":
        raise InvalidValueError(field, array.dtype, "must be integer epoch seconds")
    return array.astype(np.int64, copy=False)


def _local_midnight(year: int, zone: zoneinfo.ZoneInfo) -> int:
    """Epoch seconds of local midnight, 1 January ``year`` (a nonexistent midnight maps forward)."""
    return epoch_seconds(dt.datetime(year, 1, 1, tzinfo=zone))


@functools.lru_cache(maxsize=64)
def _offset_segments(
    timezone: str, start: int, end: int
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """UTC-offset transitions in ``[start, end]`` and the offsets between them.

    Returns ``(transitions, offsets)`` with ``len(offsets) == len(transitions) + 1``: offset
    ``offsets[k]`` (seconds east of UTC) holds from ``transitions[k-1]`` to ``transitions[k]``.
    Offsets are probed every six hours and each change is located to the second by bisection
    (no time zone changes its offset twice within six hours).
    """
    zone = zoneinfo.ZoneInfo(timezone)

    def offset(second: int) -> int:
        moment = (_EPOCH + dt.timedelta(seconds=second)).astimezone(zone)
        shift = moment.utcoffset()
        return 0 if shift is None else shift // _SECOND

    transitions: list[int] = []
    offsets = [offset(start)]
    probe = start
    while probe < end:
        following = min(probe + _PROBE_STEP, end)
        after = offset(following)
        if after != offsets[-1]:
            low, high = probe, following  # offset(low) is the old one, offset(high) the new one
            while high - low > 1:
                middle = (low + high) // 2
                if offset(middle) == offsets[-1]:
                    low = middle
                else:
                    high = middle
            transitions.append(high)
            offsets.append(after)
        probe = following
    return tuple(transitions), tuple(offsets)


def _wall_intervals(calendar: BusinessCalendar) -> tuple[Int64Array, Int64Array]:
    """Working intervals of every open local day, as local wall-clock epoch seconds."""
    first_day = dt.date(calendar.first_year, 1, 1)
    days = (dt.date(calendar.last_year + 1, 1, 1) - first_day).days
    ordinals = np.arange(days, dtype=np.int64) + first_day.toordinal()
    closed = np.array(sorted(d.toordinal() for d in calendar.closed_days), dtype=np.int64)
    open_days = ordinals[~np.isin(ordinals, closed)]
    weekdays = (open_days - 1) % 7  # date.fromordinal(1) is a Monday
    midnights = (open_days - dt.date(1970, 1, 1).toordinal()) * _DAY
    starts: list[Int64Array] = []
    ends: list[Int64Array] = []
    for weekday, intervals in enumerate(calendar.week):
        on_day = midnights[weekdays == weekday]
        for interval in intervals:
            starts.append(on_day + interval.start)
            ends.append(on_day + interval.end)
    if not starts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(starts), np.concatenate(ends)


def _pieces(
    wall_starts: Int64Array,
    wall_ends: Int64Array,
    transitions: Sequence[int],
    offsets: Sequence[int],
) -> tuple[Int64Array, Int64Array]:
    """Real (UTC) pieces of time during which the wall clock reads inside the intervals."""
    bounds = [-(2**62), *transitions, 2**62]
    opens: list[Int64Array] = []
    closes: list[Int64Array] = []
    for index, shift in enumerate(offsets):
        low = np.maximum(wall_starts - shift, bounds[index])
        high = np.minimum(wall_ends - shift, bounds[index + 1])
        keep = low < high
        opens.append(low[keep])
        closes.append(high[keep])
    all_opens = np.concatenate(opens)
    order = np.argsort(all_opens, kind="stable")
    return all_opens[order], np.concatenate(closes)[order]


def _grid(table: BusinessTable) -> tuple[int, Int64Array]:
    """The dense grid over the table: cell size and packed cumulative value per cell."""
    boundaries = np.concatenate([table.opens, table.closes]) - table.start
    step = int(np.gcd.reduce(boundaries)) if boundaries.size else _DAY
    step = step or _DAY
    cells = -(-(table.end - table.start) // step) + 2
    if cells > MAX_GRID_CELLS:
        return 0, np.zeros(0, np.int64)
    corners = table.start + np.arange(cells, dtype=np.int64) * step
    values = table._elapsed_by_search(corners)  # noqa: SLF001 - building the table itself
    rates = np.diff(values, append=values[-1])
    return step, values * 2 + (rates == step)


def _int64_read_only(array: Int64Array) -> Int64Array:
    return read_only(np.ascontiguousarray(array, dtype=np.int64))


@functools.lru_cache(maxsize=16)
def compile_calendar(calendar: BusinessCalendar) -> BusinessTable:
    """Compile a calendar into its `BusinessTable` (cached per calendar, thread-safe).

    Args:
        calendar: The calendar; its ``closed_days`` snapshot and year range are used as they are.

    Returns:
        The read-only table answering business-time questions for the calendar's year range.
    """
    zone = zoneinfo.ZoneInfo(calendar.timezone)
    start = _local_midnight(calendar.first_year, zone)
    end = _local_midnight(calendar.last_year + 1, zone)
    if calendar.is_always_open:
        whole = np.array([start], np.int64)
        return BusinessTable(
            calendar.id,
            calendar.timezone,
            start,
            end,
            _int64_read_only(whole),
            _int64_read_only(np.array([end], np.int64)),
            _int64_read_only(np.array([end - start], np.int64)),
            always_open=True,
        )
    wall_starts, wall_ends = _wall_intervals(calendar)
    transitions, offsets = _offset_segments(calendar.timezone, start - _DAY, end + _DAY)
    opens, closes = _pieces(wall_starts, wall_ends, transitions, offsets)
    inside = (closes > start) & (opens < end)
    # A first, empty piece at the start keeps every lookup inside the arrays.
    opens = np.concatenate([[start], np.clip(opens[inside], start, end)])
    closes = np.concatenate([[start], np.clip(closes[inside], start, end)])
    table = BusinessTable(
        calendar.id,
        calendar.timezone,
        start,
        end,
        _int64_read_only(opens),
        _int64_read_only(closes),
        _int64_read_only(np.cumsum(closes - opens, dtype=np.int64)),
    )
    step, grid = _grid(table)
    return attrs.evolve(table, grid_step=step, grid=_int64_read_only(grid))


def business_seconds(calendar: BusinessCalendar, start: dt.datetime, end: dt.datetime) -> int:
    """Business seconds between two zone-aware instants (negative if ``end`` is earlier).

    Only the real time during which the local wall clock reads inside a working interval of an
    open day counts; instants are truncated to the second.

    Raises:
        InvalidValueError: If an instant is naive.
        CalendarRangeError: If an instant lies outside ``first_year`` … ``last_year``.
    """
    first = epoch_seconds(start, "business_seconds.start")
    last = epoch_seconds(end, "business_seconds.end")
    return int(business_seconds_array(calendar, [first], [last])[0])


def add_business(
    calendar: BusinessCalendar, start: dt.datetime, duration: dt.timedelta
) -> dt.datetime:
    """The deadline: the earliest instant after ``start`` with ``duration`` of business time.

    A deadline reached at closing time is that closing time; a zero duration returns ``start``
    even outside working hours. The result is in the calendar's time zone, truncated to the
    second.

    Raises:
        InvalidValueError: If ``start`` is naive or ``duration`` is negative.
        CalendarRangeError: If ``start`` or the deadline lies outside the calendar's years.
    """
    first = epoch_seconds(start, "add_business.start")
    seconds = duration_seconds(duration, "add_business.duration")
    deadline = add_business_array(calendar, [first], [seconds])[0]
    return from_epoch_seconds(int(deadline), calendar.timezone)


def business_seconds_array(
    calendar: BusinessCalendar, starts: EpochInput, ends: EpochInput
) -> Int64Array:
    """`business_seconds` for arrays of int64 UTC epoch seconds (or ``datetime64``)."""
    return compile_calendar(calendar).business_seconds(starts, ends)


def add_business_array(
    calendar: BusinessCalendar, starts: EpochInput, durations: EpochInput
) -> Int64Array:
    """`add_business` for arrays of int64 epoch seconds and durations in seconds."""
    return compile_calendar(calendar).add_business(starts, durations)
