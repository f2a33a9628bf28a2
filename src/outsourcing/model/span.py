"""Calendar spans (notice periods, terms) and exact durations, both in ISO 8601.

A `Span` counts calendar units (``P3M`` is three calendar months, not 90 days) and is added to a
date from its anchor; a `datetime.timedelta` is an exact number of seconds (SLA targets such as
``PT4H``).
"""

from __future__ import annotations

import datetime as dt
import re

import attrs
import pendulum

from outsourcing.exceptions import InvalidValueError
from outsourcing.model._checks import non_negative

__all__ = ["Span", "format_duration", "parse_duration"]

_SPAN = re.compile(r"^P(?:(?P<y>\d+)Y)?(?:(?P<m>\d+)M)?(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?$")
_DURATION = re.compile(r"^P(?:(?P<d>\d+)D)?(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?)?$")


@attrs.frozen(order=False)
class Span:
    """A span of calendar time: years, months and days, written ``P1Y6M``, ``P3M``, ``P30D``.

    Adding a span to a date goes through pendulum from the anchor date, so month ends clip
    (31 January + ``P1M`` is 28 or 29 February).

    Attributes:
        years: Whole years.
        months: Whole months.
        days: Whole days (weeks are folded into days).
    """

    years: int = attrs.field(default=0, validator=non_negative)
    months: int = attrs.field(default=0, validator=non_negative)
    days: int = attrs.field(default=0, validator=non_negative)

    @classmethod
    def parse(cls, text: object) -> Span:
        """Parse an ISO 8601 date duration such as ``P1Y2M10D`` or ``P6W``."""
        match = _SPAN.match(text) if isinstance(text, str) else None
        if match is None or text == "P":
            raise InvalidValueError(
                "Span", text, "must be an ISO 8601 duration of years, months, weeks, days"
            )
        weeks = int(match["w"] or 0)
        return cls(int(match["y"] or 0), int(match["m"] or 0), int(match["d"] or 0) + 7 * weeks)

    def __str__(self) -> str:
        if not (self.years or self.months or self.days):
            return "P0D"
        parts = [
            f"{n}{u}" for n, u in ((self.years, "Y"), (self.months, "M"), (self.days, "D")) if n
        ]
        return "P" + "".join(parts)

    @property
    def total_months(self) -> int:
        """Years and months as a number of months (days ignored)."""
        return self.years * 12 + self.months

    def after(self, date: dt.date) -> pendulum.Date:
        """The date this span after ``date``."""
        start = pendulum.Date(date.year, date.month, date.day)
        return start.add(years=self.years, months=self.months, days=self.days)

    def before(self, date: dt.date) -> pendulum.Date:
        """The date this span before ``date``."""
        start = pendulum.Date(date.year, date.month, date.day)
        return start.subtract(years=self.years, months=self.months, days=self.days)

    def approximate_days(self) -> int:
        """Length in days using 365.25-day years and 30.44-day months, for comparisons only."""
        return round(self.years * 365.25 + self.months * 30.436875 + self.days)


def parse_duration(text: object) -> dt.timedelta:
    """Parse an exact ISO 8601 duration such as ``PT4H``, ``P1DT2H30M`` or ``PT90S``.

    Years and months are refused: they have no fixed length in seconds (use `Span`).
    """
    match = _DURATION.match(text) if isinstance(text, str) else None
    if match is None or match.group(0) in {"P", "PT"} or match.group(0).endswith("T"):
        raise InvalidValueError(
            "duration", text, "must be an ISO 8601 duration of days, hours, minutes, seconds"
        )
    return dt.timedelta(
        days=int(match["d"] or 0),
        hours=int(match["h"] or 0),
        minutes=int(match["m"] or 0),
        seconds=int(match["s"] or 0),
    )


def format_duration(value: dt.timedelta) -> str:
    """Format a non-negative whole-second timedelta as ISO 8601 (``PT4H``, ``P1DT30M``)."""
    if value < dt.timedelta(0) or value.microseconds:
        raise InvalidValueError("duration", value, "must be a non-negative whole number of seconds")
    days, rest = value.days, value.seconds
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    time = "".join(f"{n}{u}" for n, u in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    out = "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "")
    return out if out != "P" else "PT0S"
