"""Row accounting: why an input row could not be used, as a stable code and as words.

Every reader of input records (tickets, events, downtime, deliveries) ends each row in one of
three places: evaluated, excluded with an `ExclusionReason`, or invalid with an `InvalidRow`
naming the row, the field, the value and the `InvalidReason`. Nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

import attrs
import numpy as np
from numpy.typing import NDArray

from outsourcing.model.sla import ExclusionReason

__all__ = ["EXCLUSION_REASONS", "InvalidReason", "InvalidRow", "renumbered"]

#: Exclusion reasons in code order (code -1: not excluded).
EXCLUSION_REASONS: tuple[ExclusionReason, ...] = tuple(ExclusionReason)


class InvalidReason(StrEnum):
    """Why an input row could not be used: a stable code, for programs and translations.

    `InvalidRow.reason` says the same in English words with the details; the code does not
    change when the words do.
    """

    MISSING_VALUE = "missing_value"
    """A required cell is empty (the column says which)."""
    NAIVE_TIMESTAMP = "naive_timestamp"
    """A timestamp without a UTC offset."""
    UNPARSEABLE_TIMESTAMP = "unparseable_timestamp"
    """A timestamp that cannot be read as ISO 8601."""
    DATE_OUT_OF_RANGE = "date_out_of_range"
    """A timestamp naming a month or a day that does not exist (``2025-13-05``, ``2025-02-29``)."""
    TIME_OUT_OF_RANGE = "time_out_of_range"
    """A timestamp naming a time of day that does not exist (``24:00``, ``10:60``)."""
    OFFSET_OUT_OF_RANGE = "offset_out_of_range"
    """A timestamp whose UTC offset is 24 hours or more."""
    YEAR_OUT_OF_RANGE = "year_out_of_range"
    """A timestamp in a year outside the range instants may take (1900 to 2999)."""
    UNPARSEABLE_DATE = "unparseable_date"
    """A date that cannot be read as ISO 8601 (``2025-03-31``)."""
    FIRST_RESPONSE_BEFORE_OPENED = "first_response_before_opened"
    """The first response is earlier than the opening."""
    RESOLVED_BEFORE_OPENED = "resolved_before_opened"
    """The resolution is earlier than the opening."""
    END_BEFORE_START = "end_before_start"
    """An interval (a downtime) ends before it starts."""
    UNKNOWN_PRIORITY = "unknown_priority"
    """A priority the SLA does not know (`InvalidRow.known` lists those it knows)."""
    UNKNOWN_EXCLUSION = "unknown_exclusion"
    """An exclusion reason that is not an `ExclusionReason` value."""
    NOT_WHOLE_NUMBER = "not_whole_number"
    """A count (agent work seconds, days) that is not a whole number."""
    NEGATIVE_WORK_TIME = "negative_work_time"
    """Negative agent work time."""
    NOT_A_NUMBER = "not_a_number"
    """A score that is not a number."""
    NEGATIVE_SCORE = "negative_score"
    """A negative satisfaction score."""
    NEGATIVE_DAYS = "negative_days"
    """A negative number of days (of force majeure)."""
    NOT_YES_NO = "not_yes_no"
    """A yes/no cell with another value."""
    DUPLICATE_TICKET = "duplicate_ticket"
    """A ticket id already used on an earlier row (`InvalidRow.other_row`)."""
    DUPLICATE_ITEM = "duplicate_item"
    """A deliverable or milestone already reported on an earlier row (`InvalidRow.other_row`)."""
    MISSING_CONTRACT = "missing_contract"
    """No contract named on the row."""
    UNKNOWN_CONTRACT = "unknown_contract"
    """A contract the portfolio does not have (`InvalidRow.known` lists those it has)."""
    UNKNOWN_ITEM = "unknown_item"
    """No dated deliverable or milestone of the contract has this name (`InvalidRow.known`)."""
    SHORT_ROW = "short_row"
    """A CSV row with fewer cells than the header."""
    LONG_ROW = "long_row"
    """A CSV row with more cells than the header."""
    NUL_BYTE = "nul_byte"
    """A NUL byte in a cell (a binary or damaged export)."""
    OTHER = "other"
    """Any other reason (rows built by callers without a code); only `reason` explains it."""


@attrs.frozen
class InvalidRow:
    """An input row that could not be used, and why.

    Attributes:
        row: Row number in the input (0-based, header excluded).
        reason: What is wrong, in English words, with the details.
        field: The column at fault.
        value: The offending value, as text.
        code: What is wrong, as a stable code (`InvalidReason.OTHER` when the builder of the
            row gave none).
        known: The accepted values, when the value is not one of them (else empty).
        other_row: The earlier row the value repeats, for a duplicate (else None).
    """

    row: int
    reason: str
    field: str
    value: str
    code: InvalidReason = InvalidReason.OTHER
    known: tuple[str, ...] = ()
    other_row: int | None = None


def renumbered(bad: InvalidRow, rows: Sequence[int] | NDArray[np.int64]) -> InvalidRow:
    """An invalid row found among rows numbered 0, 1, …, with the input's numbers ``rows``.

    The earlier row of a duplicate is renumbered too, in `InvalidRow.other_row` and in the
    reason's words.
    """
    if bad.other_row is None:
        return attrs.evolve(bad, row=int(rows[bad.row]))
    other = int(rows[bad.other_row])
    reason = bad.reason.replace(f"(first at row {bad.other_row})", f"(first at row {other})")
    return attrs.evolve(bad, row=int(rows[bad.row]), reason=reason, other_row=other)
