"""Zone-aware instants as int64 epoch seconds, parsed from ISO 8601 text a column at a time.

Ticket logs hold millions of instants; parsing them one by one through pendulum or
`datetime.fromisoformat` would dominate everything else. `parse_instants` parses a whole column
with numpy: the text is viewed as a matrix of code points, the fields are read by position, the
calendar date becomes a day number with integer arithmetic, and the UTC offset written in the
text is subtracted. Nothing is guessed: a timestamp without an offset (naive) is refused, and so
is anything that is not ``YYYY-MM-DD[T ]HH:MM[:SS[.fff…]](Z|±HH:MM|±HHMM|±HH)``. Fractions of a
second are truncated (instants are whole seconds).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["MISSING", "InstantStatus", "parse_instants", "to_epoch_seconds"]

#: Sentinel for "no instant" in an int64 column (the same bit pattern as pandas' NaT).
MISSING = np.iinfo(np.int64).min

_CHUNK = 1 << 18
_ZERO, _NINE = ord("0"), ord("9")
_MISSING_TEXT = frozenset({"", "None", "nan", "NaN", "NaT", "null", "NULL"})
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


class InstantStatus(IntEnum):
    """Outcome of parsing one timestamp."""

    OK = 0
    MISSING = 1
    NAIVE = 2
    UNPARSEABLE = 3


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


def _parse_chunk(
    text: NDArray[np.str_],
) -> tuple[NDArray[np.int64], NDArray[np.int8], NDArray[np.int64]]:
    n = text.shape[0]
    width = max(text.dtype.itemsize // 4, 1)
    code_points = np.ascontiguousarray(text).view(np.uint32).reshape(n, width)
    length = (width - np.count_nonzero(code_points == 0, axis=1)).astype(np.int64)
    # ASCII bytes, one contiguous row per character position (non-ASCII becomes 127, which
    # matches nothing we look for); reading a field is then a linear scan of one row.
    columns = np.ascontiguousarray(np.minimum(code_points, 127).astype(np.uint8).T)
    flat = columns.ravel()
    rows = np.arange(n, dtype=np.int64)
    nothing = np.zeros(n, dtype=np.uint8)

    def column(position: int) -> NDArray[np.uint8]:
        return columns[position] if position < width else nothing

    def at(position: NDArray[np.int64]) -> NDArray[np.uint8]:
        inside = (position >= 0) & (position < length)
        found = flat[np.clip(position, 0, width - 1) * n + rows]
        return np.where(inside, found, 0).astype(np.uint8)

    def is_digit(chars: NDArray[np.uint8]) -> NDArray[np.bool_]:
        return (chars - np.uint8(_ZERO)) <= 9  # wraps around below "0"

    def digits(start: int, count: int) -> NDArray[np.bool_]:
        ok = is_digit(column(start))
        for j in range(start + 1, start + count):
            ok &= is_digit(column(j))
        return ok

    def number(start: int, count: int) -> NDArray[np.int64]:
        out = column(start).astype(np.int64) - _ZERO
        for j in range(start + 1, start + count):
            out = out * 10 + (column(j).astype(np.int64) - _ZERO)
        return out

    def char(position: int, *allowed: str) -> NDArray[np.bool_]:
        chars = column(position)
        result = chars == ord(allowed[0])
        for other in allowed[1:]:
            result |= chars == ord(other)
        return result

    def is_sign(chars: NDArray[np.uint8]) -> NDArray[np.bool_]:
        result: NDArray[np.bool_] = (chars == ord("+")) | (chars == ord("-"))
        return result

    last = at(length - 1)
    zulu = (last == ord("Z")) | (last == ord("z"))
    third_last = at(length - 3)
    colon_form = ~zulu & is_sign(at(length - 6)) & (third_last == ord(":"))
    compact_form = ~zulu & ~colon_form & is_sign(at(length - 5))
    hours_form = ~zulu & ~colon_form & ~compact_form & is_sign(third_last)
    suffix = np.select([zulu, colon_form, compact_form, hours_form], [1, 6, 5, 3], default=0)
    body = length - suffix
    sign_chars = at(body)
    hour_tens, hour_units = at(body + 1), at(body + 2)
    minute_at = np.where(colon_form, body + 4, body + 3)
    minute_tens, minute_units = at(minute_at), at(minute_at + 1)
    has_minutes = colon_form | compact_form
    offset_ok = zulu | (
        (suffix > 0)
        & is_digit(hour_tens)
        & is_digit(hour_units)
        & (~has_minutes | (is_digit(minute_tens) & is_digit(minute_units)))
    )
    offset_hours = (hour_tens.astype(np.int64) - _ZERO) * 10 + hour_units - _ZERO
    offset_minutes = np.where(
        has_minutes, (minute_tens.astype(np.int64) - _ZERO) * 10 + minute_units - _ZERO, 0
    )
    offset_ok &= zulu | ((offset_hours <= 23) & (offset_minutes <= 59))
    offset = np.where(sign_chars == ord("-"), -1, 1) * (offset_hours * 3600 + offset_minutes * 60)
    offset = np.where(zulu, 0, offset)

    layout = (
        digits(0, 4)
        & char(4, "-")
        & digits(5, 2)
        & char(7, "-")
        & digits(8, 2)
        & char(10, "T", "t", " ")
        & digits(11, 2)
        & char(13, ":")
        & digits(14, 2)
    )
    with_seconds = body >= 19
    layout &= (body == 16) | (with_seconds & char(16, ":") & digits(17, 2))
    with_fraction = body > 19
    if with_fraction.any():
        fraction_ok = char(19, ".", ",") & (body >= 21)
        for j in range(20, width):
            fraction_ok &= is_digit(columns[j]) | (j >= body)
        layout &= ~with_fraction | fraction_ok

    year, month, day = np.clip(number(0, 4), 0, 9999), number(5, 2), number(8, 2)
    hour, minute = number(11, 2), number(14, 2)
    second = np.where(with_seconds, number(17, 2), 0)
    leap = _LEAP_YEAR[year]
    month = np.clip(month, 0, 12)
    month_length = _DAYS_IN_MONTH[month] + ((month == 2) & leap)
    fields_ok = (
        (month >= 1)
        & (day >= 1)
        & (day <= month_length)
        & (hour <= 23)
        & (minute <= 59)
        & (second <= 59)
    )
    days = _YEAR_START[year] + _MONTH_START[month] + ((month > 2) & leap) + day - 1
    seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
    well_formed = layout & fields_ok
    status = np.full(n, int(InstantStatus.UNPARSEABLE), dtype=np.int8)
    status[well_formed & offset_ok] = int(InstantStatus.OK)
    status[well_formed & (suffix == 0)] = int(InstantStatus.NAIVE)
    return np.where(status == InstantStatus.OK, seconds, MISSING), status, length


def parse_instants(
    values: Sequence[Any] | NDArray[Any],
) -> tuple[NDArray[np.int64], NDArray[np.int8]]:
    """Parse a column of ISO 8601 timestamps with offsets into epoch seconds, vectorised.

    Args:
        values: Text (``str``), aware `datetime.datetime` objects, or missing values (None,
            NaN, NaT, empty text). Objects are turned into text first, so an aware datetime is
            read through its ISO form and a naive one is refused like naive text.

    Returns:
        ``(seconds, status)``: int64 epoch seconds (`MISSING` where there is no valid instant)
        and an int8 `InstantStatus` per value.
    """
    array = np.asarray(values)
    if array.dtype.kind not in "U":
        array = np.array(["" if v is None else str(v) for v in array.tolist()], dtype=np.str_)
    n = array.shape[0]
    seconds = np.full(n, MISSING, dtype=np.int64)
    status = np.full(n, int(InstantStatus.MISSING), dtype=np.int8)
    length = np.zeros(n, dtype=np.int64)
    for begin in range(0, n, _CHUNK):
        chunk = slice(begin, begin + _CHUNK)
        seconds[chunk], status[chunk], length[chunk] = _parse_chunk(array[chunk])
    short = np.flatnonzero(length <= 4)
    missing = short[np.isin(array[short], list(_MISSING_TEXT))]
    seconds[missing] = MISSING
    status[missing] = int(InstantStatus.MISSING)
    return seconds, status


def to_epoch_seconds(moment: dt.datetime) -> int:
    """Epoch seconds of an aware datetime (naive datetimes are refused by the caller)."""
    return int(moment.timestamp() // 1)
