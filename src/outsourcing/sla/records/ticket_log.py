"""The ticket log: one row per ticket (or per clock cycle), as numpy columns.

Instants are int64 epoch seconds (`MISSING` when absent), categories are small integer codes
into a tuple of labels. Every input row ends up either in the log or in `TicketLog.invalid`
with its row number and the reason; nothing is dropped silently, so
``len(log) + len(log.invalid) == log.rows_in``.

Build a log from records (`TicketLog.from_records`), CSV text (`TicketLog.from_csv`), a pandas
DataFrame (`TicketLog.from_pandas`), numpy arrays (`TicketLog.from_arrays`) or status-change
events replayed through an SLA clock (`outsourcing.sla.records.replay.replay_events`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
from numpy.typing import NDArray

from outsourcing.exceptions import InvalidValueError
from outsourcing.model.calendar import BusinessCalendar
from outsourcing.model.sla import Clock, ExclusionReason
from outsourcing.sla.records.timestamps import MISSING, InstantStatus, parse_instants

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CSV_BATCH_ROWS",
    "EXCLUSION_REASONS",
    "MISSING",
    "TICKET_COLUMNS",
    "CodedColumn",
    "InvalidReason",
    "InvalidRow",
    "TicketLog",
    "factorize",
    "read_csv_columns",
]

#: Exclusion reasons in code order (code -1: not excluded).
EXCLUSION_REASONS: tuple[ExclusionReason, ...] = tuple(ExclusionReason)

#: Column names the builders read; `TicketLog.from_records` and friends accept a renaming.
TICKET_COLUMNS: tuple[str, ...] = (
    "ticket",
    "opened",
    "first_response",
    "resolved",
    "due",
    "priority",
    "category",
    "exclusion",
    "work_seconds",
    "satisfied",
    "error",
    "satisfaction_score",
)
_INSTANTS = ("opened", "first_response", "resolved", "due")
_FLAGS = ("satisfied", "error")
#: Columns read from CSV as codes and labels (few distinct values, many rows).
_CODED = frozenset({"priority", "category", "exclusion", *_FLAGS})
#: Columns read from CSV as ASCII bytes when they are ASCII (numbers stay text).
_BYTES = frozenset({"ticket", *_INSTANTS})
#: Rows of a CSV file converted to columns at a time: only one batch is ever held as Python
#: lists of strings, the rest of the file is already in compact numpy columns. Small batches
#: are also faster (measured, benchmarks/tickets_csv.py: 2,000 rows read a million-row file in
#: about 60 % of the time 200,000 rows take): a batch stays in the processor's cache, and the
#: garbage collector never has many row lists to walk through.
CSV_BATCH_ROWS = 2_000
_TICKS_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}
_TRUE = frozenset({"1", "true", "True", "TRUE", "yes", "y"})
_FALSE = frozenset({"0", "false", "False", "FALSE", "no", "n"})


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


@attrs.frozen(eq=False)
class CodedColumn:
    """A categorical column already split into codes and labels (e.g. from pandas).

    Attributes:
        codes: Integer code per row, -1 for a missing value.
        labels: Label of each code.
    """

    codes: NDArray[np.int64]
    labels: tuple[str, ...]

    def __getitem__(self, index: int) -> str:
        code = int(self.codes[index])
        return "" if code < 0 else self.labels[code]

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of the codes."""
        return self.codes.shape


def _frozen(array: NDArray[Any]) -> NDArray[Any]:
    array.setflags(write=False)
    return array


def _missing_mask(values: NDArray[Any] | CodedColumn) -> NDArray[np.bool_]:
    if isinstance(values, CodedColumn):
        return values.codes < 0
    if values.dtype.kind in "iub":
        return np.zeros(values.shape[0], dtype=bool)
    if values.dtype.kind == "f":
        nan: NDArray[np.bool_] = np.isnan(values)
        return nan
    if values.dtype.kind == "U":
        empty: NDArray[np.bool_] = values == ""
        return empty
    if values.dtype.kind == "S":
        no_bytes: NDArray[np.bool_] = values == b""
        return no_bytes
    return np.array(
        [v is None or v == "" or (isinstance(v, float) and math.isnan(v)) for v in values.tolist()],
        dtype=bool,
    )


def factorize(values: NDArray[Any] | CodedColumn) -> tuple[NDArray[np.int64], tuple[str, ...]]:
    """Integer codes and labels of a column (code -1 for a missing value), labels sorted."""
    if isinstance(values, CodedColumn):
        return values.codes.astype(np.int64), values.labels
    missing = _missing_mask(values)
    text = np.asarray(values).astype(np.str_) if values.dtype.kind not in "US" else values
    labels, codes = np.unique(text, return_inverse=True)
    codes = codes.astype(np.int64)
    present = np.unique(codes[~missing]) if missing.any() else np.arange(len(labels))
    remap = np.full(len(labels), -1, dtype=np.int64)
    remap[present] = np.arange(len(present))
    return np.where(missing, -1, remap[codes]), tuple(_str(label) for label in labels[present])


def _str(value: object) -> str:
    """Text of a cell (bytes columns hold ASCII text)."""
    return value.decode("ascii") if isinstance(value, bytes) else str(value)


def _instants(values: NDArray[Any]) -> tuple[NDArray[np.int64], NDArray[np.int8]]:
    """Epoch seconds and `InstantStatus` of a column given as ints, datetime64 or text."""
    if values.dtype.kind in "iu":
        seconds = values.astype(np.int64)
        status = np.where(seconds == MISSING, InstantStatus.MISSING, InstantStatus.OK)
        return seconds, status.astype(np.int8)
    if values.dtype.kind == "M":
        seconds = values.astype("datetime64[s]").astype(np.int64)
        status = np.where(np.isnat(values), InstantStatus.MISSING, InstantStatus.NAIVE)
        return np.full(values.shape[0], MISSING, dtype=np.int64), status.astype(np.int8)
    return parse_instants(values)


def _flags(values: NDArray[Any] | CodedColumn) -> tuple[NDArray[np.int8], NDArray[np.bool_]]:
    """Yes/no column as int8 (1, 0, -1 when missing) and a mask of unreadable values."""
    if isinstance(values, CodedColumn):  # read each label once
        flags, bad = _flags(_object_column([*values.labels, None]))
        return flags[values.codes], bad[values.codes]
    if values.dtype.kind in "biu":
        flags = values.astype(np.int8)
        return flags, (flags != 0) & (flags != 1)
    if values.dtype.kind == "f":
        flags = np.where(np.isnan(values), -1, values).astype(np.int8)
        return flags, ~np.isnan(values) & (values != 0) & (values != 1)
    out = np.full(values.shape[0], -1, dtype=np.int8)
    bad = np.zeros(values.shape[0], dtype=bool)
    for i, value in enumerate(values.tolist()):
        if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
            continue
        text = str(value)
        if value is True or text in _TRUE:
            out[i] = 1
        elif value is False or text in _FALSE:
            out[i] = 0
        else:
            bad[i] = True
    return out, bad


def _first_occurrence(ids: NDArray[Any] | CodedColumn) -> NDArray[np.int64]:
    """For each row, the first row with the same id (itself when it is the first)."""
    if not isinstance(ids, CodedColumn) and ids.dtype.kind in "iu":
        _, codes = np.unique(ids, return_inverse=True)
        count = int(codes.max()) + 1 if codes.size else 0
    elif not isinstance(ids, CodedColumn) and ids.dtype.kind in "US":  # no labels needed
        unique, inverse = np.unique(ids, return_inverse=True)
        codes = np.where(_missing_mask(ids), -1, inverse.astype(np.int64))
        count = len(unique)
    else:
        codes, labels = factorize(ids)
        count = len(labels)
    rows = np.arange(ids.shape[0], dtype=np.int64)
    first = np.full(count + 1, -1, dtype=np.int64)
    first[codes[::-1]] = rows[::-1]
    result = first[codes]
    return np.where(codes < 0, rows, result)


class _Checks:
    """Collects the first reason each row is invalid, in the order checks are made."""

    def __init__(self, columns: Mapping[str, Any], n: int) -> None:
        self.columns = columns
        self.n = n
        self.reason = np.full(n, -1, dtype=np.int64)
        self.reasons: list[tuple[str, str, InvalidReason, tuple[str, ...]]] = []

    def flag(
        self,
        mask: NDArray[np.bool_],
        field: str,
        reason: str,
        code: InvalidReason,
        known: tuple[str, ...] = (),
    ) -> None:
        fresh = mask & (self.reason < 0)
        if fresh.any():
            self.reason[fresh] = len(self.reasons)
            self.reasons.append((field, reason, code, known))

    def instants(self) -> dict[str, NDArray[np.int64]]:
        """Instant columns as epoch seconds; naive, unparseable and out-of-order are flagged."""
        instants: dict[str, NDArray[np.int64]] = {}
        for name in _INSTANTS:
            if name not in self.columns:
                instants[name] = np.full(self.n, MISSING, dtype=np.int64)
                continue
            seconds, status = _instants(self.columns[name])
            instants[name] = seconds
            if name == "opened":
                self.flag(
                    status == InstantStatus.MISSING,
                    name,
                    "missing opening instant",
                    InvalidReason.MISSING_VALUE,
                )
            naive = "naive timestamp (no UTC offset)"
            self.flag(status == InstantStatus.NAIVE, name, naive, InvalidReason.NAIVE_TIMESTAMP)
            self.flag(
                status == InstantStatus.UNPARSEABLE,
                name,
                "unparseable timestamp",
                InvalidReason.UNPARSEABLE_TIMESTAMP,
            )
        opened = instants["opened"]
        for name, code in (
            ("first_response", InvalidReason.FIRST_RESPONSE_BEFORE_OPENED),
            ("resolved", InvalidReason.RESOLVED_BEFORE_OPENED),
        ):
            later = instants[name]
            self.flag((later != MISSING) & (later < opened), name, f"{name} before opened", code)
        return instants

    def priority(
        self, priorities: Sequence[str] | None
    ) -> tuple[NDArray[np.int64], tuple[str, ...]]:
        """Priority codes and labels; missing or unknown priorities are flagged."""
        codes, labels = factorize(self.columns["priority"])
        self.flag(codes < 0, "priority", "missing priority", InvalidReason.MISSING_VALUE)
        if priorities is None:
            return codes, labels
        order = {label: i for i, label in enumerate(priorities)}
        remap = np.array([order.get(label, -1) for label in labels] + [-1], dtype=np.int64)
        codes = remap[codes]
        known = tuple(priorities)
        self.flag(codes < 0, "priority", "unknown priority", InvalidReason.UNKNOWN_PRIORITY, known)
        return codes, tuple(priorities)

    def exclusion(self) -> NDArray[np.int64]:
        """Exclusion codes into `EXCLUSION_REASONS` (-1: none); unknown reasons are flagged."""
        if "exclusion" not in self.columns:
            return np.full(self.n, -1, dtype=np.int64)
        codes, reasons = factorize(self.columns["exclusion"])
        known = {reason.value: i for i, reason in enumerate(EXCLUSION_REASONS)}
        remap = np.array([known.get(r, -2) for r in reasons] + [-1], dtype=np.int64)
        exclusion = remap[codes]
        self.flag(
            exclusion == -2,
            "exclusion",
            "unknown exclusion reason",
            InvalidReason.UNKNOWN_EXCLUSION,
            tuple(known),
        )
        return exclusion

    def work_seconds(self) -> NDArray[np.int64]:
        """Agent work seconds (`MISSING` when absent); non-numbers and negatives are flagged."""
        if "work_seconds" not in self.columns:
            return np.full(self.n, MISSING, dtype=np.int64)
        raw = self.columns["work_seconds"]
        missing = _missing_mask(raw)
        try:
            work = np.where(missing, MISSING, np.where(missing, 0, raw).astype(np.int64))
        except (TypeError, ValueError):
            work = np.array([_to_int(v) for v in raw.tolist()], dtype=np.int64)
            self.flag(
                (work == MISSING) & ~missing,
                "work_seconds",
                "not a whole number",
                InvalidReason.NOT_WHOLE_NUMBER,
            )
        self.flag(
            (work < 0) & (work != MISSING),
            "work_seconds",
            "negative work time",
            InvalidReason.NEGATIVE_WORK_TIME,
        )
        return work

    def satisfaction_score(self) -> NDArray[np.int64] | None:
        """Scores in thousandths of a point (`MISSING` when absent; None without the column).

        Non-numbers and negative scores are flagged; scores are rounded to 0.001.
        """
        if "satisfaction_score" not in self.columns:
            return None
        raw = self.columns["satisfaction_score"]
        missing = _missing_mask(raw)
        try:
            values = np.where(missing, np.nan, raw).astype(np.float64)
        except (TypeError, ValueError):
            values = np.array([_to_float(v) for v in raw.tolist()], dtype=np.float64)
        bad = ~missing & ~np.isfinite(values)
        self.flag(bad, "satisfaction_score", "not a number", InvalidReason.NOT_A_NUMBER)
        self.flag(
            ~missing & ~bad & (values < 0),
            "satisfaction_score",
            "negative score",
            InvalidReason.NEGATIVE_SCORE,
        )
        usable = ~missing & ~bad
        thousandths = np.round(np.where(usable, values, 0) * 1000).astype(np.int64)
        return np.where(usable, thousandths, MISSING)

    def flag_column(self, name: str) -> NDArray[np.int8]:
        """A yes/no column as 1/0/-1; unreadable values are flagged."""
        if name not in self.columns:
            return np.full(self.n, -1, dtype=np.int8)
        flags, bad = _flags(self.columns[name])
        self.flag(bad, name, "must be yes/no (1/0, true/false)", InvalidReason.NOT_YES_NO)
        return flags

    def duplicates(self, first_row: int) -> dict[int, int]:
        """Flag repeated ticket ids after their first row; the first row of each, by row."""
        first = _first_occurrence(self.columns["ticket"])
        duplicate = first != np.arange(self.n)
        fresh = duplicate & (self.reason < 0)
        self.flag(duplicate, "ticket", "duplicate ticket id", InvalidReason.DUPLICATE_TICKET)
        return {i: first_row + int(first[i]) for i in np.flatnonzero(fresh).tolist()}

    def rows(self, first_row: int, earlier: Mapping[int, int]) -> tuple[InvalidRow, ...]:
        out = []
        for index in np.flatnonzero(self.reason >= 0).tolist():
            field, reason, code, known = self.reasons[self.reason[index]]
            column = self.columns.get(field)
            value = None if column is None else column[index]
            text = "" if value is None else _str(value)
            other = earlier.get(index)
            if other is not None:
                reason = f"{reason} (first at row {other})"
            out.append(InvalidRow(first_row + index, reason, field, text, code, known, other))
        return tuple(out)


@attrs.frozen(eq=False)
class TicketLog:
    """Tickets as columns: instants in epoch seconds, categories as codes.

    Attributes:
        rows_in: Rows read from the input (valid + invalid).
        row: Input row number of each ticket.
        ticket: Ticket identifiers.
        opened: When the ticket (or clock cycle) started, epoch seconds.
        first_response: First response, epoch seconds (`MISSING`: none yet).
        resolved: Resolution, epoch seconds (`MISSING`: still open).
        due: Due instant of a deliverable or task (`MISSING`: none).
        priority: Priority code into `priorities`.
        priorities: Priority labels.
        category: Category code into `categories` (-1: none).
        categories: Category labels.
        exclusion: Exclusion code into `EXCLUSION_REASONS` (-1: not excluded).
        work_seconds: Agent work time in seconds (`MISSING`: not recorded).
        satisfied: Survey answer: 1 satisfied, 0 not, -1 no answer.
        error: Processing error or incident: 1 with one, 0 without, -1 not checked.
        clock_elapsed: Clock seconds already run in closed segments (event logs; `MISSING` for
            milestone logs, whose clock runs from ``opened`` to the stop instant).
        running_since: Start of the segment still running at the end of the events
            (`MISSING`: not running).
        invalid: Rows that could not be used, with reasons.
        satisfaction_score: The requester's satisfaction score, in thousandths of a point (any
            scale: 4.5 on a 1-5 scale is 4500; `MISSING`: no score); None when the input had
            no ``satisfaction_score`` column.
    """

    rows_in: int
    row: NDArray[np.int64]
    ticket: NDArray[Any]
    opened: NDArray[np.int64]
    first_response: NDArray[np.int64]
    resolved: NDArray[np.int64]
    due: NDArray[np.int64]
    priority: NDArray[np.int64]
    priorities: tuple[str, ...]
    category: NDArray[np.int64]
    categories: tuple[str, ...]
    exclusion: NDArray[np.int64]
    work_seconds: NDArray[np.int64]
    satisfied: NDArray[np.int8]
    error: NDArray[np.int8]
    clock_elapsed: NDArray[np.int64]
    running_since: NDArray[np.int64]
    invalid: tuple[InvalidRow, ...] = ()
    satisfaction_score: NDArray[np.int64] | None = None

    def __len__(self) -> int:
        return int(self.row.shape[0])

    @property
    def is_event_log(self) -> bool:
        """Whether clock times come from replayed events rather than milestone columns."""
        return bool(len(self)) and bool(np.any(self.clock_elapsed != MISSING))

    @classmethod
    def from_arrays(
        cls,
        columns: Mapping[str, Sequence[Any] | NDArray[Any] | CodedColumn],
        *,
        priorities: Sequence[str] | None = None,
        first_row: int = 0,
    ) -> TicketLog:
        """Build a log from columns (numpy arrays or sequences), validating every row.

        Args:
            columns: ``ticket``, ``opened`` and ``priority`` are required; ``first_response``,
                ``resolved``, ``due``, ``category``, ``exclusion``, ``work_seconds``,
                ``satisfied``, ``error``, ``satisfaction_score`` are optional. Instants are
                int64 epoch seconds or ISO 8601 text with an offset (naive text and
                ``datetime64`` are refused). Scores are numbers (any scale, >= 0).
            priorities: Known priorities, in order; other values make a row invalid (None:
                any non-empty value is a priority).
            first_row: Row number of the first row (to number chunks of a larger input).

        Returns:
            The log; invalid rows are in `TicketLog.invalid`.

        Raises:
            InvalidValueError: if a required column is absent, a column is unknown, or columns
                differ in length.
        """
        unknown = sorted(set(columns) - set(TICKET_COLUMNS))
        if unknown:
            raise InvalidValueError("columns", unknown, f"unknown; known: {TICKET_COLUMNS}")
        for required in ("ticket", "opened", "priority"):
            if required not in columns:
                raise InvalidValueError("columns", sorted(columns), f"missing {required!r}")
        arrays: dict[str, Any] = {
            name: values if isinstance(values, CodedColumn) else np.asarray(values)
            for name, values in columns.items()
        }
        lengths = {name: a.shape[0] for name, a in arrays.items()}
        n = lengths["ticket"]
        if any(length != n for length in lengths.values()):
            raise InvalidValueError("columns", lengths, "all columns must have the same length")
        checks = _Checks(arrays, n)
        missing_id = _missing_mask(arrays["ticket"])
        checks.flag(missing_id, "ticket", "missing ticket id", InvalidReason.MISSING_VALUE)
        instants = checks.instants()
        opened = instants["opened"]
        priority_codes, labels = checks.priority(priorities)
        category_codes, categories = (
            factorize(arrays["category"]) if "category" in arrays else (np.full(n, -1), ())
        )
        exclusion = checks.exclusion()
        work = checks.work_seconds()
        flags = {name: checks.flag_column(name) for name in _FLAGS}
        scores = checks.satisfaction_score()
        earlier = checks.duplicates(first_row)
        valid = checks.reason < 0
        keep = np.flatnonzero(valid)

        def pick(array: NDArray[Any]) -> NDArray[Any]:
            return _frozen(np.ascontiguousarray(array[keep]))

        return cls(
            rows_in=n,
            row=pick(np.arange(first_row, first_row + n, dtype=np.int64)),
            ticket=_frozen(_values(pick(_values(arrays["ticket"])))),
            opened=pick(opened),
            first_response=pick(instants["first_response"]),
            resolved=pick(instants["resolved"]),
            due=pick(instants["due"]),
            priority=pick(priority_codes),
            priorities=labels,
            category=pick(np.asarray(category_codes, dtype=np.int64)),
            categories=categories,
            exclusion=pick(exclusion),
            work_seconds=pick(work),
            satisfied=pick(flags["satisfied"]),
            error=pick(flags["error"]),
            clock_elapsed=_frozen(np.full(keep.shape[0], MISSING, dtype=np.int64)),
            running_since=_frozen(np.full(keep.shape[0], MISSING, dtype=np.int64)),
            invalid=checks.rows(first_row, earlier),
            satisfaction_score=None if scores is None else pick(scores),
        )

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        *,
        rename: Mapping[str, str] | None = None,
        priorities: Sequence[str] | None = None,
        first_row: int = 0,
    ) -> TicketLog:
        """Build a log from mappings (one per ticket); see `from_arrays` for the columns.

        Args:
            records: One mapping per ticket; keys outside the known columns are ignored
                unless renamed.
            rename: Input key -> column name (``{"created_at": "opened"}``).
            priorities: Known priorities (see `from_arrays`).
            first_row: Row number of the first record.
        """
        mapping = dict(rename or {})
        rows = list(records)
        names = {mapping.get(key, key) for row in rows for key in row} & set(TICKET_COLUMNS)
        names |= {"ticket", "opened", "priority"}
        inverse = {name: key for key, name in mapping.items()}
        columns: dict[str, list[Any]] = {
            name: [row.get(inverse.get(name, name)) for row in rows] for name in names
        }
        arrays = {name: _object_column(values) for name, values in columns.items()}
        return cls.from_arrays(arrays, priorities=priorities, first_row=first_row)

    @classmethod
    def from_csv(
        cls,
        source: str | Iterable[str],
        *,
        rename: Mapping[str, str] | None = None,
        priorities: Sequence[str] | None = None,
        batch_rows: int = CSV_BATCH_ROWS,
    ) -> TicketLog:
        """Build a log from CSV text with a header row (or an open text stream).

        The file is read in batches of rows (see `read_csv_columns`); the batch size changes
        neither the log nor its invalid rows, only the memory held while reading.

        Args:
            source: The CSV text, or a text stream (or any iterable of lines) to read it from.
            rename: CSV header -> column name.
            priorities: Known priorities (see `from_arrays`).
            batch_rows: Rows converted to columns at a time.

        Raises:
            InvalidValueError: If there is no header row, or it lacks a required column.
        """
        columns = read_csv_columns(source, rename=rename, batch_rows=batch_rows)
        return cls.from_arrays(columns, priorities=priorities)

    @classmethod
    def from_pandas(
        cls,
        frame: pd.DataFrame,
        *,
        rename: Mapping[str, str] | None = None,
        priorities: Sequence[str] | None = None,
    ) -> TicketLog:
        """Build a log from a DataFrame (instants as tz-aware ``datetime64`` or ISO text).

        Time-zone-aware datetime columns are read as epoch seconds without any per-row work;
        naive datetime columns are refused row by row (reason: naive timestamp).

        Args:
            frame: One row per ticket.
            rename: Frame column -> column name.
            priorities: Known priorities (see `from_arrays`).
        """
        import pandas as pd  # noqa: PLC0415 - pandas is an optional dependency

        mapping = dict(rename or {})
        columns: dict[str, NDArray[Any] | CodedColumn] = {}
        for label in frame.columns:
            name = mapping.get(str(label), str(label))
            if name not in TICKET_COLUMNS:
                continue
            series = frame[label]
            dtype = series.dtype
            if name in _INSTANTS and getattr(dtype, "tz", None) is not None:
                ticks = series.array.asi8
                per_second = _TICKS_PER_SECOND[str(getattr(dtype, "unit", "ns"))]
                columns[name] = np.where(
                    ticks == MISSING, MISSING, np.floor_divide(ticks, per_second)
                )
            elif name in ("priority", "category", "exclusion") or (
                name == "ticket" and dtype.kind == "O"
            ):
                codes, uniques = pd.factorize(series, sort=True)
                labels = tuple(str(u) for u in uniques)
                columns[name] = CodedColumn(codes.astype(np.int64), labels)
            else:
                columns[name] = series.to_numpy()
        return cls.from_arrays(columns, priorities=priorities)

    @classmethod
    def from_events(
        cls,
        events: Mapping[str, Sequence[Any] | NDArray[Any]],
        clock: Clock,
        *,
        calendar: BusinessCalendar | None = None,
        priorities: Sequence[str] | None = None,
        as_of: dt.datetime | None = None,
    ) -> TicketLog:
        """Replay status-change events through an SLA clock: one row per clock cycle.

        See `outsourcing.sla.records.replay.replay_events` for the rules and the arguments.
        """
        from outsourcing.sla.records.replay import replay_events  # noqa: PLC0415 - it builds on us

        return replay_events(events, clock, calendar=calendar, priorities=priorities, as_of=as_of)

    def take(self, indices: NDArray[np.int64], invalid: Sequence[InvalidRow] = ()) -> TicketLog:
        """A log of the rows at ``indices`` (plus the given invalid rows), for chunking.

        ``rows_in`` of the result is ``len(indices) + len(invalid)``, so chunks of a log whose
        invalid rows are shared out among them add up to the whole.
        """
        fields: dict[str, Any] = {}
        for field in attrs.fields(TicketLog):
            value = getattr(self, field.name)
            if isinstance(value, np.ndarray):
                fields[field.name] = _frozen(np.ascontiguousarray(value[indices]))
            else:
                fields[field.name] = value
        fields["invalid"] = tuple(invalid)
        fields["rows_in"] = int(indices.shape[0]) + len(invalid)
        return TicketLog(**fields)


def _values(column: NDArray[Any] | CodedColumn) -> NDArray[Any]:
    if isinstance(column, CodedColumn):
        labels = np.array([*column.labels, ""], dtype=object)
        return labels[column.codes]
    if column.dtype.kind == "S":  # ASCII bytes from CSV: text again
        return column.astype(np.str_)
    return column


def _to_int(value: object) -> int:
    if value is None or value == "":
        return MISSING
    try:
        return int(str(value))
    except ValueError:
        return MISSING


def _to_float(value: object) -> float:
    try:
        return float(str(value))
    except ValueError:
        return math.nan


def _object_column(values: list[Any]) -> NDArray[Any]:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


class _CodedBuilder:
    """A categorical CSV column gathered batch by batch as codes into one growing label table."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.parts: list[NDArray[np.int32]] = []

    def add(self, values: list[str]) -> None:
        index = self.index
        for label in set(values).difference(index):
            index[label] = len(index)
        self.parts.append(np.array(list(map(index.__getitem__, values)), dtype=np.int32))

    def finish(self) -> CodedColumn:
        """Codes into sorted labels, -1 for an empty cell (as `factorize` gives for text)."""
        labels = sorted(label for label in self.index if label)
        position = {label: i for i, label in enumerate(labels)}
        remap = np.array([position.get(label, -1) for label in self.index] + [-1], np.int64)
        codes = np.concatenate(self.parts) if self.parts else np.zeros(0, dtype=np.int32)
        return CodedColumn(remap[codes], tuple(labels))


class _TextBuilder:
    """A text CSV column gathered batch by batch; as ASCII bytes while it is ASCII."""

    def __init__(self, *, as_bytes: bool) -> None:
        self.as_bytes = as_bytes
        self.parts: list[NDArray[Any]] = []

    def add(self, values: list[str]) -> None:
        if self.as_bytes:
            try:
                self.parts.append(np.array(values, dtype=np.bytes_))
            except UnicodeEncodeError:  # not ASCII: this batch stays text
                pass
            else:
                return
        self.parts.append(np.array(values, dtype=np.str_))

    def finish(self) -> NDArray[Any]:
        """One array: bytes when every batch was ASCII, else text."""
        if not self.parts:
            return np.zeros(0, dtype=np.str_)
        if any(part.dtype.kind == "U" for part in self.parts):
            parts = [part.astype(np.str_) for part in self.parts]
            self.parts.clear()
            return np.concatenate(parts)
        return np.concatenate(self.parts)


def read_csv_columns(
    source: str | Iterable[str],
    *,
    rename: Mapping[str, str] | None = None,
    extra: Collection[str] = (),
    batch_rows: int = CSV_BATCH_ROWS,
) -> dict[str, NDArray[Any] | CodedColumn]:
    """Read the ticket columns of CSV text with a header row, in batches of rows.

    Quoting follows the standard `csv` module. Each batch's cells are turned into compact
    columns at once, so a large file is never held as Python lists of strings: the categorical
    columns (``priority``, ``category``, ``exclusion``, ``satisfied``, ``error`` and the
    ``extra`` columns) become `CodedColumn` codes, ticket ids and instants become ASCII bytes
    (numpy ``S``, one byte a character; text when a batch has non-ASCII characters), the
    numbers stay text. Short rows are padded with empty cells, extra cells are ignored.

    Args:
        source: The CSV text, or a text stream (or any iterable of lines).
        rename: CSV header -> column name.
        extra: Other columns to read, as categories (``contract`` for `ContractTickets`).
        batch_rows: Rows converted at a time (at least 1).

    Returns:
        The columns found, by name, for `TicketLog.from_arrays`.

    Raises:
        InvalidValueError: If there is no header row, or it lacks a required column, or
            ``batch_rows`` is not positive.
    """
    if batch_rows < 1:
        raise InvalidValueError("batch_rows", batch_rows, "must be at least 1")
    reader = csv.reader(io.StringIO(source) if isinstance(source, str) else source)
    header = next(reader, None)
    if header is None:
        raise InvalidValueError("csv", "", "has no header row")
    mapping = dict(rename or {})
    names = [mapping.get(h.strip(), h.strip()) for h in header]
    wanted = {name: i for i, name in enumerate(names) if name in TICKET_COLUMNS or name in extra}
    for required in ("ticket", "opened", "priority"):
        if required not in wanted:
            raise InvalidValueError("csv header", names, f"missing column {required!r}")
    builders: dict[str, _CodedBuilder | _TextBuilder] = {
        name: _CodedBuilder()
        if name in _CODED or name in extra
        else _TextBuilder(as_bytes=name in _BYTES)
        for name in wanted
    }
    width = max(wanted.values()) + 1
    while batch := list(itertools.islice(reader, batch_rows)):
        if min(map(len, batch)) < width:
            batch = [row if len(row) >= width else row + [""] * (width - len(row)) for row in batch]
        for name, i in wanted.items():
            builders[name].add([row[i] for row in batch])
        del batch  # the next batch is read without this one alive
    return {name: builder.finish() for name, builder in builders.items()}
