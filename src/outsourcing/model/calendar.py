"""Business calendars: working hours per weekday in an IANA time zone, minus holidays."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from enum import IntEnum
from typing import Any

import attrs
import pendulum

from outsourcing.exceptions import InvalidValueError
from outsourcing.model._checks import (
    between,
    country_code,
    dates_field,
    enum_fields,
    non_empty,
    timezone_name,
    to_date,
    to_frozenset,
)

__all__ = ["BusinessCalendar", "Weekday", "WorkingInterval"]

_DAY = 86_400
_INTERVAL = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


class Weekday(IntEnum):
    """Days of the week, Monday = 0 as in `datetime.date.weekday`."""

    MON = 0
    TUE = 1
    WED = 2
    THU = 3
    FRI = 4
    SAT = 5
    SUN = 6

    @property
    def key(self) -> str:
        """Three-letter lower-case name used in documents (``mon``)."""
        return self.name.lower()

    @classmethod
    def from_key(cls, key: str | int | Weekday) -> Weekday:
        """Accept ``"mon"``, ``"MON"``, ``0`` or a `Weekday`."""
        if isinstance(key, str):
            try:
                return cls[key.upper()]
            except KeyError:
                raise InvalidValueError("Weekday", key, "must be one of mon … sun") from None
        try:
            return cls(key)
        except ValueError:
            raise InvalidValueError("Weekday", key, "must be 0 (Monday) … 6 (Sunday)") from None


def _format_clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


@attrs.frozen(order=True)
class WorkingInterval:
    """Working hours within one day, as seconds since local midnight; written ``09:00-12:30``.

    Attributes:
        start: Opening time, seconds after midnight (0 … 86 399).
        end: Closing time, seconds after midnight (``start`` < end <= 86 400, i.e. 24:00).
    """

    start: int = attrs.field(validator=between(0, _DAY - 1))
    end: int = attrs.field(validator=between(1, _DAY))

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidValueError(
                "WorkingInterval.end",
                _format_clock(self.end),
                f"must be after the start {_format_clock(self.start)}",
            )

    @classmethod
    def parse(cls, text: object) -> WorkingInterval:
        """Parse ``"09:00-12:30"`` (``24:00`` allowed as an end)."""
        match = _INTERVAL.match(text) if isinstance(text, str) else None
        if match is None:
            raise InvalidValueError("WorkingInterval", text, "must be written HH:MM-HH:MM")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if m1 > 59 or m2 > 59 or h1 > 23 or h2 > 24 or (h2 == 24 and m2):
            raise InvalidValueError("WorkingInterval", text, "is not a valid time of day")
        start, end = h1 * 3600 + m1 * 60, h2 * 3600 + m2 * 60
        if end <= start:
            raise InvalidValueError("WorkingInterval", text, "must end after it starts")
        return cls(start, end)

    @property
    def seconds(self) -> int:
        """Length in seconds."""
        return self.end - self.start

    def __str__(self) -> str:
        return f"{_format_clock(self.start)}-{_format_clock(self.end)}"


WeekInput = (
    Mapping[Any, Iterable[WorkingInterval | str]] | Sequence[Iterable[WorkingInterval | str]]
)


def _to_week(value: WeekInput) -> tuple[tuple[WorkingInterval, ...], ...]:
    """Normalise a week given as ``{"mon": ["09:00-18:00"]}`` or seven lists, Monday first."""
    days: list[list[WorkingInterval]] = [[] for _ in Weekday]
    if isinstance(value, Mapping):
        items: Iterable[tuple[Any, Iterable[WorkingInterval | str]]] = value.items()
    else:
        if len(value) != 7:
            raise InvalidValueError("BusinessCalendar.week", value, "must list 7 days")
        items = enumerate(value)
    for key, intervals in items:
        day = Weekday.from_key(key)
        for interval in intervals:
            days[day].append(
                interval
                if isinstance(interval, WorkingInterval)
                else WorkingInterval.parse(interval)
            )
    week = tuple(tuple(sorted(d)) for d in days)
    for day, intervals in zip(Weekday, week, strict=True):
        for before, after in itertools.pairwise(intervals):
            if after.start < before.end:
                raise InvalidValueError(
                    f"BusinessCalendar.week.{day.key}", f"{before}, {after}", "intervals overlap"
                )
    return week


def _holiday_dates(calendar: BusinessCalendar) -> frozenset[pendulum.Date]:
    if calendar.holiday_country is None:
        if calendar.holiday_subdivision is not None:
            raise InvalidValueError(
                "BusinessCalendar.holiday_subdivision",
                calendar.holiday_subdivision,
                "needs holiday_country",
            )
        return frozenset()
    import holidays  # noqa: PLC0415 - its data loads only for a calendar with holidays

    try:
        table = holidays.country_holidays(
            calendar.holiday_country,
            subdiv=calendar.holiday_subdivision,
            years=range(calendar.first_year, calendar.last_year + 1),
            expand=False,
            language="en_US",
        )
    except NotImplementedError as error:
        field = "holiday_subdivision" if calendar.holiday_subdivision else "holiday_country"
        value = getattr(calendar, field)
        raise InvalidValueError(f"BusinessCalendar.{field}", value, str(error)) from None
    return frozenset(pendulum.Date(d.year, d.month, d.day) for d in table)


@attrs.frozen(field_transformer=enum_fields)
class BusinessCalendar:
    """Working hours in a time zone, public holidays from `holidays`, extra closures.

    Holidays are computed once, at construction, for ``first_year`` … ``last_year`` and kept as
    an immutable snapshot (`closed_days`), so a calendar never changes under a report. The
    version of `holidays` used is in `holidays_version` (estimated Islamic dates move between
    versions).

    Attributes:
        id: Identifier, referenced by SLAs.
        timezone: IANA time zone the working hours are in.
        week: Working intervals per weekday, Monday first (give a mapping such as
            ``{"mon": ["09:00-12:30", "13:30-18:00"]}`` or seven lists).
        holiday_country: ISO 3166-1 alpha-2 country whose public holidays close the calendar.
        holiday_subdivision: Subdivision code in `holidays` (e.g. ``"57"`` for Moselle).
        first_year: First year holidays are computed for.
        last_year: Last year holidays are computed for.
        extra_closures: Further closed days (company closures).
        working_holidays: Holidays on which the calendar is open nonetheless.
        closed_days: The snapshot: holidays plus extra closures minus working holidays.
        holidays_version: Version of the `holidays` package that produced the snapshot.
    """

    id: str = attrs.field(validator=non_empty)
    timezone: str = attrs.field(validator=timezone_name)
    week: tuple[tuple[WorkingInterval, ...], ...] = attrs.field(converter=_to_week)
    holiday_country: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(country_code)
    )
    holiday_subdivision: str | None = None
    first_year: int = attrs.field(default=2020, validator=between(1970, 2100))
    last_year: int = attrs.field(default=2035, validator=between(1970, 2100))
    extra_closures: frozenset[pendulum.Date] = attrs.field(factory=frozenset, converter=dates_field)
    working_holidays: frozenset[pendulum.Date] = attrs.field(
        factory=frozenset, converter=dates_field
    )
    closed_days: frozenset[pendulum.Date] = attrs.field(init=False, repr=False)
    holidays_version: str = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.last_year < self.first_year:
            raise InvalidValueError(
                "BusinessCalendar.last_year", self.last_year, f"must be >= {self.first_year}"
            )
        closed = (_holiday_dates(self) | self.extra_closures) - self.working_holidays
        object.__setattr__(self, "closed_days", to_frozenset(closed))
        object.__setattr__(self, "holidays_version", _holidays_version())

    @classmethod
    def always(cls, timezone: str = "UTC", id: str = "24x7") -> BusinessCalendar:  # noqa: A002
        """A 24×7 calendar: every second of every day counts."""
        return cls(id=id, timezone=timezone, week=[["00:00-24:00"]] * 7)

    @property
    def is_always_open(self) -> bool:
        """Whether this calendar counts every second (24×7, no closed days)."""
        return not self.closed_days and all(
            len(day) == 1 and day[0].start == 0 and day[0].end == _DAY for day in self.week
        )

    def intervals_on(self, day: dt.date) -> tuple[WorkingInterval, ...]:
        """Working intervals on a local date (none on a closed day)."""
        if to_date(day) in self.closed_days:
            return ()
        return self.week[day.weekday()]

    @property
    def weekly_seconds(self) -> int:
        """Working seconds in a week without holidays."""
        return sum(i.seconds for day in self.week for i in day)


@functools.cache
def _holidays_version() -> str:
    """The version of the ``holidays`` package, recorded in every calendar (read once)."""
    from importlib.metadata import version  # noqa: PLC0415 - slow to import, needed once

    return version("holidays")
