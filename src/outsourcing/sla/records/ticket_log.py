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

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
from numpy.typing import NDArray

from outsourcing.arrays import read_only
from outsourcing.exceptions import InvalidValueError
from outsourcing.sla.records.columns import (
    CodedColumn,
    ParsedInstants,
    factorize,
    missing_mask,
    object_column,
    values_of,
)
from outsourcing.sla.records.csv_reading import CSV_BATCH_ROWS, read_csv_columns
from outsourcing.sla.records.rows import InvalidReason, InvalidRow, renumbered
from outsourcing.sla.records.ticket_schema import (
    FLAG_COLUMNS,
    INSTANT_COLUMNS,
    TICKET_COLUMNS,
    TicketChecks,
)
from outsourcing.sla.records.timestamps import MISSING
from outsourcing.sla.unscoped import match_labels

if TYPE_CHECKING:
    import pandas as pd

    from outsourcing.sla.records.arrow_reading import TicketTable

__all__ = ["MISSING", "TicketLog"]

_TICKS_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}


def _rows_of(column: NDArray[Any] | CodedColumn, rows: NDArray[np.int64]) -> Any:  # noqa: ANN401 - an array or a coded column
    if isinstance(column, CodedColumn):
        return CodedColumn(column.codes[rows], column.labels)
    return column[rows]


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
        unnamed_statuses: For a log replayed from events (`replay_events`), the statuses its
            clock does not name, trimmed, with how many events carry each (they leave the clock
            as it was: ``Resolved`` written for ``resolved`` shows here); empty otherwise.
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
    unnamed_statuses: tuple[tuple[str, int], ...] = ()

    def __len__(self) -> int:
        return int(self.row.shape[0])

    @property
    def is_event_log(self) -> bool:
        """Whether clock times come from replayed events rather than milestone columns."""
        return bool(len(self)) and bool(np.any(self.clock_elapsed != MISSING))

    @classmethod
    def from_arrays(
        cls,
        columns: Mapping[str, Sequence[Any] | NDArray[Any] | CodedColumn | ParsedInstants],
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
            name: values if isinstance(values, CodedColumn | ParsedInstants) else np.asarray(values)
            for name, values in columns.items()
        }
        lengths = {name: a.shape[0] for name, a in arrays.items()}
        n = lengths["ticket"]
        if any(length != n for length in lengths.values()):
            raise InvalidValueError("columns", lengths, "all columns must have the same length")
        checks = TicketChecks(arrays, n)
        missing_id = missing_mask(arrays["ticket"])
        checks.flag(missing_id, "ticket", "missing ticket id", InvalidReason.MISSING_VALUE)
        instants = checks.instants()
        opened = instants["opened"]
        priority_codes, labels = checks.priority(priorities)
        category_codes, categories = (
            factorize(arrays["category"]) if "category" in arrays else (np.full(n, -1), ())
        )
        exclusion = checks.exclusion()
        work = checks.work_seconds()
        flags = {name: checks.flag_column(name) for name in FLAG_COLUMNS}
        scores = checks.satisfaction_score()
        earlier = checks.duplicates(first_row)
        valid = checks.reason < 0
        keep = np.flatnonzero(valid)

        def pick(array: NDArray[Any]) -> NDArray[Any]:
            return read_only(np.ascontiguousarray(array[keep]))

        return cls(
            rows_in=n,
            row=pick(np.arange(first_row, first_row + n, dtype=np.int64)),
            ticket=read_only(values_of(_rows_of(arrays["ticket"], keep))),
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
            clock_elapsed=read_only(np.full(keep.shape[0], MISSING, dtype=np.int64)),
            running_since=read_only(np.full(keep.shape[0], MISSING, dtype=np.int64)),
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
        arrays = {name: object_column(values) for name, values in columns.items()}
        return cls.from_arrays(arrays, priorities=priorities, first_row=first_row)

    @classmethod
    def from_csv(
        cls,
        source: str | os.PathLike[str] | Iterable[str],
        *,
        rename: Mapping[str, str] | None = None,
        priorities: Sequence[str] | None = None,
        batch_rows: int = CSV_BATCH_ROWS,
        delimiter: str | None = None,
        encoding: str = "utf-8",
    ) -> TicketLog:
        """Build a log from a CSV file (a path), CSV text with a header row, or a text stream.

        A path is read through pyarrow (`outsourcing.sla.records.arrow_reading`): rows with
        fewer or more cells than the header, or a NUL byte, are invalid rows. Text and streams
        are read in batches of rows (see `read_csv_columns`); the batch size changes neither
        the log nor its invalid rows, only the memory held while reading. Either way a UTF-8
        byte-order mark is skipped and the delimiter is detected from the header line.

        Args:
            source: A path to the file, the CSV text, or a text stream (or any iterable of
                lines) to read it from.
            rename: CSV header -> column name.
            priorities: Known priorities (see `from_arrays`).
            batch_rows: Rows converted to columns at a time (text and streams).
            delimiter: The cell separator (None: detected, ``,`` or ``;`` …).
            encoding: The file's text encoding (a path only: text is already decoded).

        Raises:
            InvalidValueError: If there is no header row, or it lacks a required column.
        """
        if isinstance(source, os.PathLike):
            from outsourcing.sla.records.arrow_reading import read_csv_table  # noqa: PLC0415

            table = read_csv_table(source, delimiter=delimiter, encoding=encoding, rename=rename)
            return cls.from_table(table, priorities=priorities)
        columns = read_csv_columns(
            source, rename=rename, batch_rows=batch_rows, delimiter=delimiter
        )
        return cls.from_arrays(columns, priorities=priorities)

    @classmethod
    def from_table(
        cls,
        table: TicketTable,
        *,
        priorities: Sequence[str] | None = None,
        ignore_case: bool = False,
    ) -> TicketLog:
        """Build a log from columnar input: every row validated, malformed rows invalid.

        Args:
            table: From `outsourcing.sla.records.arrow_reading` (`read_csv_table`,
                `read_parquet_table`, `table_columns` for an Arrow table).
            priorities: Known priorities, in order (see `from_arrays`).
            ignore_case: Match priorities to ``priorities`` without regard to case (``p1`` is
                ``P1``); a value matching two known priorities this way stays as written.
        """
        columns = {name: table.columns[name] for name in table.columns if name in TICKET_COLUMNS}
        given = columns.get("priority")
        if ignore_case and priorities is not None and isinstance(given, CodedColumn):
            labels = match_labels(given.labels, priorities, ignore_case=True)
            columns["priority"] = CodedColumn(given.codes, labels)
        log = cls.from_arrays(columns, priorities=priorities)
        return log.renumbered(table.rows, table.malformed, table.rows_in)

    def renumbered(
        self,
        rows: NDArray[np.int64],
        malformed: Sequence[InvalidRow] = (),
        rows_in: int | None = None,
    ) -> TicketLog:
        """This log, built from rows numbered 0, 1, …, with the input's numbers ``rows``.

        Invalid rows (and the earlier row of a duplicate) are renumbered too; ``malformed``
        rows (already numbered) join them in row order, and ``rows_in`` counts them (None:
        ``rows_in`` plus the malformed rows).
        """
        moved = [renumbered(bad, rows) for bad in self.invalid]
        invalid = sorted([*moved, *malformed], key=lambda bad: bad.row)
        return attrs.evolve(
            self,
            row=read_only(rows[self.row]),
            invalid=tuple(invalid),
            rows_in=self.rows_in + len(malformed) if rows_in is None else rows_in,
        )

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
            if name in INSTANT_COLUMNS and getattr(dtype, "tz", None) is not None:
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

    def take(self, indices: NDArray[np.int64], invalid: Sequence[InvalidRow] = ()) -> TicketLog:
        """A log of the rows at ``indices`` (plus the given invalid rows), for chunking.

        ``rows_in`` of the result is ``len(indices) + len(invalid)``, so chunks of a log whose
        invalid rows are shared out among them add up to the whole.
        """
        fields: dict[str, Any] = {}
        for field in attrs.fields(TicketLog):
            value = getattr(self, field.name)
            if isinstance(value, np.ndarray):
                fields[field.name] = read_only(np.ascontiguousarray(value[indices]))
            else:
                fields[field.name] = value
        fields["invalid"] = tuple(invalid)
        fields["rows_in"] = int(indices.shape[0]) + len(invalid)
        return TicketLog(**fields)
