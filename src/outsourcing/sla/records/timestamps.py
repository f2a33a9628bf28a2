"""Zone-aware instants as int64 epoch seconds, parsed from ISO 8601 text a column at a time.

Ticket logs hold millions of instants; parsing them one by one through pendulum or
`datetime.fromisoformat` would dominate everything else. `parse_instants` parses a whole column
with numpy: the text is viewed as a matrix of code points, the fields are read by position, the
calendar date becomes a day number with integer arithmetic, and the UTC offset written in the
text is subtracted. Nothing is guessed: a timestamp without an offset (naive) is refused, and so
is anything that is not ``YYYY-MM-DD[T ]HH:MM[:SS[.fff…]](Z|±HH:MM|±HHMM|±HH)``. Fractions of a
second are truncated (instants are whole seconds).

Every field is checked against its range, never clipped into it: a month outside 1–12, a day
past the end of its month (29 February only in leap years), an hour above 23, a minute or a
second above 59 (no leap second), or a UTC offset of 24 hours or more each give their own
`InstantStatus`, and so does a year outside `FIRST_YEAR`–`LAST_YEAR`. Within those ranges the
parser agrees with `datetime.datetime.fromisoformat` on what it accepts and on the instant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from outsourcing.model._checks import FIRST_YEAR, LAST_YEAR
from outsourcing.sla.records.rows import InvalidReason

__all__ = [
    "FIRST_YEAR",
    "INSTANT_PROBLEMS",
    "LAST_YEAR",
    "MISSING",
    "InstantStatus",
    "parse_instants",
    "to_epoch_seconds",
]

#: Sentinel for "no instant" in an int64 column (the same bit pattern as pandas' NaT).
MISSING = np.iinfo(np.int64).min

_CHUNK = 1 << 18
_ZERO, _NINE = ord("0"), ord("9")
_MISSING_TEXT = frozenset({"", "None", "nan", "NaN", "NaT", "null", "NULL"})
_MISSING_BYTES = frozenset(word.encode() for word in _MISSING_TEXT)
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


class InstantStatus(IntEnum):
    """Outcome of parsing one timestamp."""

    OK = 0
    MISSING = 1
    NAIVE = 2
    UNPARSEABLE = 3
    BAD_DATE = 4
    """A month outside 1–12 or a day past the end of its month."""
    BAD_TIME = 5
    """An hour above 23, or a minute or second above 59."""
    BAD_OFFSET = 6
    """A UTC offset of 24 hours or more (or with minutes above 59)."""
    YEAR_OUT_OF_RANGE = 7
    """A year outside `FIRST_YEAR`–`LAST_YEAR`."""


#: Why an instant is unusable, by status: the words of `InvalidRow.reason` and its code.
INSTANT_PROBLEMS: dict[InstantStatus, tuple[str, InvalidReason]] = {
    InstantStatus.MISSING: ("missing timestamp", InvalidReason.MISSING_VALUE),
    InstantStatus.NAIVE: ("naive timestamp (no UTC offset)", InvalidReason.NAIVE_TIMESTAMP),
    InstantStatus.UNPARSEABLE: ("unparseable timestamp", InvalidReason.UNPARSEABLE_TIMESTAMP),
    InstantStatus.BAD_DATE: (
        "no such date (month 1-12, day within the month)",
        InvalidReason.DATE_OUT_OF_RANGE,
    ),
    InstantStatus.BAD_TIME: (
        "no such time of day (hour 0-23, minute and second 0-59)",
        InvalidReason.TIME_OUT_OF_RANGE,
    ),
    InstantStatus.BAD_OFFSET: (
        "UTC offset out of range (under 24 hours, minutes 0-59)",
        InvalidReason.OFFSET_OUT_OF_RANGE,
    ),
    InstantStatus.YEAR_OUT_OF_RANGE: (
        f"year outside {FIRST_YEAR}-{LAST_YEAR}",
        InvalidReason.YEAR_OUT_OF_RANGE,
    ),
}


def days_from_civil(
    year: NDArray[np.int64], month: NDArray[np.int64], day: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's algorithm), vectorised."""
    year = year - (month <= 2)
    era = np.floor_divide(year, 400)
    year_of_era = year - era * 400
    day_of_year = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    result: NDArray[np.int64] = era * 146_097 + day_of_era - 719_468
    return result


_YEARS = np.arange(10_000, dtype=np.int64)
_YEAR_START = days_from_civil(_YEARS, np.ones_like(_YEARS), np.ones_like(_YEARS))
_LEAP_YEAR = (_YEARS % 4 == 0) & ((_YEARS % 100 != 0) | (_YEARS % 400 == 0))
_MONTH_START = np.concatenate(([0, 0], np.cumsum(_DAYS_IN_MONTH[1:12]))).astype(np.int64)


def _is_digit(chars: NDArray[np.uint8]) -> NDArray[np.bool_]:
    result: NDArray[np.bool_] = (chars - np.uint8(_ZERO)) <= 9  # wraps around below "0"
    return result


def _is_sign(chars: NDArray[np.uint8]) -> NDArray[np.bool_]:
    result: NDArray[np.bool_] = (chars == ord("+")) | (chars == ord("-"))
    return result


def _two_digits(tens: NDArray[np.uint8], units: NDArray[np.uint8]) -> NDArray[np.int64]:
    result: NDArray[np.int64] = (tens.astype(np.int64) - _ZERO) * 10 + units - _ZERO
    return result


class _Text:
    """A chunk of text as ASCII bytes, one contiguous row per character position.

    The chunk is text (``str``, UTF-32 code points) or bytes (one byte per character).
    Non-ASCII characters (and bytes above 127) become 127, which matches nothing looked for;
    reading a field at a fixed position is then a linear scan of one row.
    """

    def __init__(self, text: NDArray[np.str_] | NDArray[np.bytes_]) -> None:
        self.n = n = text.shape[0]
        if text.dtype.kind == "S":  # bytes: one byte per character already
            self.width = width = max(text.dtype.itemsize, 1)
            units: NDArray[Any] = np.ascontiguousarray(text).view(np.uint8).reshape(n, width)
        else:
            self.width = width = max(text.dtype.itemsize // 4, 1)
            units = np.ascontiguousarray(text).view(np.uint32).reshape(n, width)
        self.length = (width - np.count_nonzero(units == 0, axis=1)).astype(np.int64)
        self.columns = np.ascontiguousarray(np.minimum(units, 127).astype(np.uint8).T)
        self.flat = self.columns.ravel()
        self.rows = np.arange(n, dtype=np.int64)
        self.nothing = np.zeros(n, dtype=np.uint8)

    def column(self, position: int) -> NDArray[np.uint8]:
        """Characters at a fixed position (0 past the width)."""
        return self.columns[position] if position < self.width else self.nothing

    def at(self, position: NDArray[np.int64]) -> NDArray[np.uint8]:
        """Characters at a position per row (0 outside the text)."""
        inside = (position >= 0) & (position < self.length)
        found = self.flat[np.clip(position, 0, self.width - 1) * self.n + self.rows]
        return np.where(inside, found, 0).astype(np.uint8)

    def digits(self, start: int, count: int) -> NDArray[np.bool_]:
        """Whether ``count`` characters from ``start`` are all digits."""
        ok = _is_digit(self.column(start))
        for j in range(start + 1, start + count):
            ok &= _is_digit(self.column(j))
        return ok

    def number(self, start: int, count: int) -> NDArray[np.int64]:
        """The decimal number written in ``count`` characters from ``start``."""
        out = self.column(start).astype(np.int64) - _ZERO
        for j in range(start + 1, start + count):
            out = out * 10 + (self.column(j).astype(np.int64) - _ZERO)
        return out

    def char(self, position: int, *allowed: str) -> NDArray[np.bool_]:
        """Whether the character at ``position`` is one of ``allowed``."""
        chars = self.column(position)
        result: NDArray[np.bool_] = chars == ord(allowed[0])
        for other in allowed[1:]:
            result |= chars == ord(other)
        return result


def _offsets(
    text: _Text,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_], NDArray[np.bool_]]:
    """The UTC offset written at the end of each text.

    Returns:
        The offset in seconds, the length of the text before it (the whole text when naive),
        whether it is well formed and whether it is in range.
    """
    length = text.length
    last = text.at(length - 1)
    zulu = (last == ord("Z")) | (last == ord("z"))
    third_last = text.at(length - 3)
    colon_form = ~zulu & _is_sign(text.at(length - 6)) & (third_last == ord(":"))
    compact_form = ~zulu & ~colon_form & _is_sign(text.at(length - 5))
    hours_form = ~zulu & ~colon_form & ~compact_form & _is_sign(third_last)
    suffix = np.select([zulu, colon_form, compact_form, hours_form], [1, 6, 5, 3], default=0)
    body = length - suffix
    hour_tens, hour_units = text.at(body + 1), text.at(body + 2)
    minute_at = np.where(colon_form, body + 4, body + 3)
    minute_tens, minute_units = text.at(minute_at), text.at(minute_at + 1)
    has_minutes = colon_form | compact_form
    offset_hours = _two_digits(hour_tens, hour_units)
    offset_minutes = np.where(has_minutes, _two_digits(minute_tens, minute_units), 0)
    well_formed = zulu | (
        (suffix > 0)
        & _is_digit(hour_tens)
        & _is_digit(hour_units)
        & (~has_minutes | (_is_digit(minute_tens) & _is_digit(minute_units)))
    )
    in_range = zulu | ((offset_hours <= 23) & (offset_minutes <= 59))
    sign = np.where(text.at(body) == ord("-"), -1, 1)
    offset = np.where(zulu, 0, sign * (offset_hours * 3600 + offset_minutes * 60))
    return offset, body, well_formed, in_range


@attrs.frozen(eq=False)
class _Local:
    """The written local date-time: seconds since 1970-01-01T00:00 and what is wrong with it.

    Attributes:
        seconds: Seconds since the epoch of the local date-time (meaningless where not valid).
        well_formed: The text has the layout of a date-time.
        date_ok: The month and the day exist.
        time_ok: The hour, minute and second exist.
        year_ok: The year is within `FIRST_YEAR`–`LAST_YEAR`.
    """

    seconds: NDArray[np.int64]
    well_formed: NDArray[np.bool_]
    date_ok: NDArray[np.bool_]
    time_ok: NDArray[np.bool_]
    year_ok: NDArray[np.bool_]


def _local_seconds(text: _Text, body: NDArray[np.int64]) -> _Local:
    """The written local date-time, checked field by field."""
    layout = (
        text.digits(0, 4)
        & text.char(4, "-")
        & text.digits(5, 2)
        & text.char(7, "-")
        & text.digits(8, 2)
        & text.char(10, "T", "t", " ")
        & text.digits(11, 2)
        & text.char(13, ":")
        & text.digits(14, 2)
    )
    with_seconds = body >= 19
    layout &= (body == 16) | (with_seconds & text.char(16, ":") & text.digits(17, 2))
    with_fraction = body > 19
    if with_fraction.any():
        fraction_ok = text.char(19, ".", ",") & (body >= 21)
        for j in range(20, text.width):
            fraction_ok &= _is_digit(text.columns[j]) | (j >= body)
        layout &= ~with_fraction | fraction_ok
    written_year, written_month = text.number(0, 4), text.number(5, 2)
    # Clipped only to index the tables; the checks below read the written values.
    year = np.clip(written_year, 0, 9999)
    month = np.clip(written_month, 0, 12)
    day, hour, minute = text.number(8, 2), text.number(11, 2), text.number(14, 2)
    second = np.where(with_seconds, text.number(17, 2), 0)
    leap = _LEAP_YEAR[year]
    month_length = _DAYS_IN_MONTH[month] + ((month == 2) & leap)
    date_ok = (written_month >= 1) & (written_month <= 12) & (day >= 1) & (day <= month_length)
    time_ok = (hour <= 23) & (minute <= 59) & (second <= 59)
    year_ok = (written_year >= FIRST_YEAR) & (written_year <= LAST_YEAR)
    days = _YEAR_START[year] + _MONTH_START[month] + ((month > 2) & leap) + day - 1
    seconds = days * 86_400 + hour * 3600 + minute * 60 + second
    return _Local(seconds, layout, date_ok, time_ok, year_ok)


def _parse_chunk(
    chunk: NDArray[np.str_] | NDArray[np.bytes_],
) -> tuple[NDArray[np.int64], NDArray[np.int8], NDArray[np.int64]]:
    text = _Text(chunk)
    offset, body, offset_formed, offset_ok = _offsets(text)
    local = _local_seconds(text, body)
    naive = body == text.length
    formed = local.well_formed & (offset_formed | naive)
    # The first problem found, in this order, is the one reported.
    status = np.select(
        [
            ~formed,
            ~local.date_ok,
            ~local.time_ok,
            ~naive & ~offset_ok,
            ~local.year_ok,
            naive,
        ],
        [
            int(InstantStatus.UNPARSEABLE),
            int(InstantStatus.BAD_DATE),
            int(InstantStatus.BAD_TIME),
            int(InstantStatus.BAD_OFFSET),
            int(InstantStatus.YEAR_OUT_OF_RANGE),
            int(InstantStatus.NAIVE),
        ],
        default=int(InstantStatus.OK),
    ).astype(np.int8)
    seconds = np.where(status == InstantStatus.OK, local.seconds - offset, MISSING)
    return seconds, status, text.length


def parse_instants(
    values: Sequence[Any] | NDArray[Any],
) -> tuple[NDArray[np.int64], NDArray[np.int8]]:
    """Parse a column of ISO 8601 timestamps with offsets into epoch seconds, vectorised.

    Args:
        values: Text (``str``, or ASCII ``bytes`` as a numpy ``S`` array, read without any
            conversion), aware `datetime.datetime` objects, or missing values (None, NaN, NaT,
            empty text). Objects are turned into text first, so an aware datetime is read
            through its ISO form and a naive one is refused like naive text.

    Returns:
        ``(seconds, status)``: int64 epoch seconds (`MISSING` where there is no valid instant)
        and an int8 `InstantStatus` per value.
    """
    array = np.asarray(values)
    if array.dtype.kind not in "US":
        array = np.array(["" if v is None else str(v) for v in array.tolist()], dtype=np.str_)
    n = array.shape[0]
    seconds = np.full(n, MISSING, dtype=np.int64)
    status = np.full(n, int(InstantStatus.MISSING), dtype=np.int8)
    length = np.zeros(n, dtype=np.int64)
    for begin in range(0, n, _CHUNK):
        chunk = slice(begin, begin + _CHUNK)
        seconds[chunk], status[chunk], length[chunk] = _parse_chunk(array[chunk])
    short = np.flatnonzero(length <= 4)
    words: list[str] | list[bytes] = (
        list(_MISSING_BYTES) if array.dtype.kind == "S" else list(_MISSING_TEXT)
    )
    missing = short[np.isin(array[short], words)]
    seconds[missing] = MISSING
    status[missing] = int(InstantStatus.MISSING)
    return seconds, status


def to_epoch_seconds(moment: dt.datetime) -> int:
    """Epoch seconds of an aware datetime (naive datetimes are refused by the caller)."""
    return int(moment.timestamp() // 1)
