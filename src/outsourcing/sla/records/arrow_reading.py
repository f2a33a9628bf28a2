"""Ticket rows from columnar input: CSV and Parquet read through pyarrow, or Arrow tables.

Every cell of a CSV file is read as text and every instant is parsed by the library's own parser
(`outsourcing.sla.records.timestamps`), so one bad timestamp makes one invalid row, never a
failed file. The files people export from spreadsheets are read as they come:

- UTF-8 with or without a byte-order mark, or another encoding when stated (``cp1252``,
  ``latin-1``: the text is transcoded while it is read);
- ``,`` or ``;`` (or tab, or ``|``) between cells, detected from the header line when not stated;
- CRLF or LF line endings.

A cell longer than the text reader takes (`MAX_CELL_CHARS`) fails the file, naming its line, as
the text reader does. Rows the columns cannot describe are invalid rows with a reason instead
of a failed file or a silent guess: a row with fewer cells than the header
(`InvalidReason.SHORT_ROW`), with more (`InvalidReason.LONG_ROW`), or with a NUL byte in a cell
(`InvalidReason.NUL_BYTE`). Row numbers are those of the file (0-based, header excluded), as
everywhere else. A quoted cell may not hold
a line break: each line of the file is one row, which is what keeps row numbers exact.

Parquet files and Arrow tables keep their types: time-zone-aware timestamps are read as epoch
seconds with no per-row work, naive ones are refused row by row, text is parsed as in CSV.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from numpy.typing import NDArray

from outsourcing.exceptions import InvalidValueError
from outsourcing.sla.records.arrow_columns import (
    aware_instants,
    coded,
    text_array,
    text_instants,
)
from outsourcing.sla.records.columns import CodedColumn, ParsedInstants
from outsourcing.sla.records.contract_records import RecordRows
from outsourcing.sla.records.csv_reading import MAX_CELL_CHARS, detect_delimiter
from outsourcing.sla.records.rows import InvalidReason, InvalidRow
from outsourcing.sla.records.ticket_schema import FLAG_COLUMNS, INSTANT_COLUMNS, TICKET_COLUMNS
from outsourcing.sla.records.timestamps import MISSING

__all__ = [
    "RecordRows",
    "TicketTable",
    "nul_rows",
    "read_csv_records",
    "read_csv_table",
    "read_parquet_records",
    "read_parquet_table",
    "selected",
    "table_columns",
    "table_records",
]

#: Columns held as codes and labels (few distinct values, many rows).
_CODED = frozenset({"priority", "category", "exclusion", *FLAG_COLUMNS})
#: Columns held as ASCII bytes when they are text and ASCII (instants are parsed from them).
_BYTES = frozenset({"ticket", *INSTANT_COLUMNS})
_REQUIRED = ("ticket", "opened", "priority")
_HEAD_BYTES = 1 << 16
#: Categorical columns are read dictionary-encoded: codes per row, each label stored once.
_DICTIONARY = pa.dictionary(pa.int32(), pa.string())

Source = str | os.PathLike[str] | bytes | IO[bytes] | io.RawIOBase


@attrs.frozen(eq=False)
class TicketTable:
    """Ticket columns read from a file or a table, with the rows no column could describe.

    Attributes:
        columns: The columns found, by name, for `TicketLog.from_arrays` (plus the ``extra``
            columns asked for, such as ``contract``). `TicketLog.from_table` and
            `ContractTickets.from_table` build logs from the whole table.
        rows: Input row number of each row of the columns (0-based, header excluded).
        rows_in: Rows of the input, malformed ones included.
        malformed: Rows left out of the columns (short, long, NUL byte), with their reason.
    """

    columns: Mapping[str, NDArray[Any] | CodedColumn | ParsedInstants]
    rows: NDArray[np.int64]
    rows_in: int
    malformed: tuple[InvalidRow, ...] = ()


def _open(source: Source) -> IO[bytes] | io.RawIOBase:
    if isinstance(source, bytes):
        return io.BytesIO(source)
    if isinstance(source, str | os.PathLike):
        return Path(source).open("rb")
    return source


def _header_line(head: bytes, encoding: str) -> str:
    """The header line, decoded; a header the encoding cannot decode is refused."""
    first = head.split(b"\n", 1)[0]
    try:
        text = first.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        name = "UTF-8" if codecs.lookup(encoding).name == "utf-8" else encoding
        raise InvalidValueError(
            "csv",
            encoding,
            f"not {name} text ({error.reason}): state the file's encoding (e.g. cp1252)",
        ) from None
    return text.splitlines()[0] if text else ""


def read_csv_table(
    source: Source,
    *,
    delimiter: str | None = None,
    encoding: str = "utf-8",
    rename: Mapping[str, str] | None = None,
    extra: Collection[str] = (),
    first_row: int = 0,
) -> TicketTable:
    """Read the ticket columns of a CSV file with a header row, through pyarrow.

    Args:
        source: A path, the file's bytes, or a binary stream.
        delimiter: The cell separator; None detects it from the header line (see
            `detect_delimiter`).
        encoding: The text encoding (``utf-8``, ``cp1252``, ``latin-1``…); a UTF-8 byte-order
            mark is skipped.
        rename: CSV header -> column name.
        extra: Other columns to read, as categories (``contract`` for `ContractTickets`).
        first_row: Row number of the file's first row (to number the files of a dataset).

    Returns:
        The columns, the row number of each, and the malformed rows.

    Raises:
        InvalidValueError: If the delimiter is not one character, the file has no header row,
            or the header lacks a required column (``ticket``, ``opened``, ``priority``).
    """
    read = _read_csv(
        source,
        delimiter=delimiter,
        encoding=encoding,
        rename=rename,
        extra=extra,
        first_row=first_row,
        columns=TICKET_COLUMNS,
        required=_REQUIRED,
    )
    return _from_table(read.tables, read.rows, read.rows_in, read.malformed)


@attrs.define
class _Read:
    """A table read, in a list its reader takes it out of (to let it go column by column)."""

    tables: list[pa.Table]
    rows: NDArray[np.int64]
    rows_in: int
    malformed: list[InvalidRow]


def _read_csv(
    source: Source,
    *,
    delimiter: str | None,
    encoding: str,
    rename: Mapping[str, str] | None,
    extra: Collection[str],
    first_row: int,
    columns: Collection[str],
    required: Sequence[str],
) -> _Read:
    """The wanted columns of a CSV file as an Arrow table, with the rows it could not hold."""
    if delimiter is not None and len(delimiter) != 1:
        raise InvalidValueError("delimiter", delimiter, "must be one character")
    try:
        "".encode(encoding)
    except LookupError:
        raise InvalidValueError("encoding", encoding, "is not a known text encoding") from None
    opened_here = isinstance(source, bytes | str | os.PathLike)
    given = _open(source)
    stream: IO[bytes] | io.RawIOBase = given
    try:
        start = given.tell() if given.seekable() else None
        head = given.read(_HEAD_BYTES)
        if start is not None:
            given.seek(start)
        else:
            stream = _Prefixed(head, given)
        header_line = _header_line(head, encoding)
        if not header_line.strip():
            raise InvalidValueError("csv", "", "has no header row")
        separator = delimiter or detect_delimiter(header_line)
        header = next(csv.reader([header_line], delimiter=separator))
        names = _names(header, rename)
        wanted = _wanted(header, names, extra, columns, required)
        bad: list[tuple[int, int, int]] = []

        def skip(row: Any) -> str:  # noqa: ANN401 - pyarrow's InvalidRow has no stub
            bad.append((int(row.number), int(row.expected_columns), int(row.actual_columns)))
            return "skip"

        table = _read(
            stream,
            encoding,
            parse_options=pa_csv.ParseOptions(
                delimiter=separator, invalid_row_handler=skip, ignore_empty_lines=False
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types={
                    **dict.fromkeys(header, pa.string()),
                    **{header[i]: _DICTIONARY for name, i in wanted.items() if _is_coded(name)},
                },
                include_columns=[header[i] for i in wanted.values()],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    finally:
        if opened_here:
            given.close()
    table = table.rename_columns(list(wanted))
    malformed = [
        InvalidRow(
            first_row + number - 2,
            f"{actual} cells where the header has {expected}",
            "row",
            str(actual),
            InvalidReason.SHORT_ROW if actual < expected else InvalidReason.LONG_ROW,
        )
        for number, expected, actual in bad
    ]
    skipped = np.array([number - 2 for number, _, _ in bad], dtype=np.int64)
    rows_in = table.num_rows + len(bad)
    rows = np.delete(np.arange(rows_in, dtype=np.int64), skipped) + first_row
    _check_cell_sizes(table, rows - first_row)
    tables = [table]
    del table
    return _Read(tables, rows, rows_in, malformed)


def _check_cell_sizes(table: pa.Table, rows: NDArray[np.int64]) -> None:
    """Refuse a file with a cell longer than the text reader takes, naming its line."""
    for given in table.columns:
        if not _may_be_long(given):
            continue
        text = given.cast(given.type.value_type) if pa.types.is_dictionary(given.type) else given
        lengths = pc.utf8_length(text)
        longest = pc.max(lengths).as_py()
        if longest is not None and longest > MAX_CELL_CHARS:
            index = int(np.flatnonzero(lengths.to_numpy(zero_copy_only=False) > MAX_CELL_CHARS)[0])
            raise InvalidValueError(
                "csv",
                f"line {int(rows[index]) + 2}",
                f"a cell is longer than the limit of {MAX_CELL_CHARS:,} characters",
            )


def _may_be_long(column: pa.ChunkedArray) -> bool:
    """Whether a text column has a cell of more bytes than the limit has characters."""
    values = column.type.value_type if pa.types.is_dictionary(column.type) else column.type
    if not _is_text(values):
        return False
    if pa.types.is_dictionary(column.type):
        column = pa.chunked_array([chunk.dictionary for chunk in column.chunks], values)
    longest = pc.max(pc.binary_length(column)).as_py()
    return longest is not None and longest > MAX_CELL_CHARS


def _read(
    stream: IO[bytes] | io.RawIOBase,
    encoding: str,
    *,
    parse_options: pa_csv.ParseOptions,
    convert_options: pa_csv.ConvertOptions,
) -> pa.Table:
    """The CSV table; text the encoding cannot decode is an `InvalidValueError`."""
    try:
        return pa_csv.read_csv(
            stream,
            read_options=pa_csv.ReadOptions(encoding=encoding, use_threads=False),
            parse_options=parse_options,
            convert_options=convert_options,
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as error:
        hint = " (state the file's encoding, e.g. cp1252)" if "UTF8" in str(error) else ""
        raise InvalidValueError(
            "csv", encoding, f"cannot be read as {encoding} CSV: {error}{hint}"
        ) from None


class _Prefixed(io.RawIOBase):
    """A binary stream that cannot seek, with its first bytes (already read) put back."""

    def __init__(self, head: bytes, rest: IO[bytes] | io.RawIOBase) -> None:
        self.head = head
        self.rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:  # noqa: ANN401 - a writable buffer
        view = memoryview(buffer).cast("B")
        if self.head:
            size = min(len(view), len(self.head))
            view[:size] = self.head[:size]
            self.head = self.head[size:]
            return size
        data = self.rest.read(len(view))
        view[: len(data)] = data
        return len(data)


def _names(header: Sequence[str], rename: Mapping[str, str] | None) -> list[str]:
    mapping = dict(rename or {})
    return [mapping.get(h.strip(), h.strip()) for h in header]


def _wanted(
    header: Sequence[str],
    names: Sequence[str],
    extra: Collection[str],
    columns: Collection[str] = TICKET_COLUMNS,
    required: Sequence[str] = _REQUIRED,
) -> dict[str, int]:
    """Column name -> position of the columns to read; required columns must be there."""
    wanted: dict[str, int] = {}
    for i, name in enumerate(names):
        if (name in columns or name in extra) and name not in wanted:
            wanted[name] = i
    for name in required:
        if name not in wanted:
            raise InvalidValueError("csv header", list(header), f"missing column {name!r}")
    return wanted


def read_parquet_table(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    rename: Mapping[str, str] | None = None,
    extra: Collection[str] = (),
    first_row: int = 0,
) -> TicketTable:
    """Read the ticket columns of a Parquet file (only the columns needed are read).

    Args:
        source: A path or a binary stream.
        rename: Parquet column -> column name.
        extra: Other columns to read, as categories (``contract``).
        first_row: Row number of the file's first row.
    """
    with pq.ParquetFile(source) as parquet:  # a file, not a dataset: pyarrow.dataset loads pandas
        schema = parquet.schema_arrow
        names = _names(schema.names, rename)
        wanted = _wanted(schema.names, names, extra)
        table = parquet.read(columns=[schema.names[i] for i in wanted.values()])
    return table_columns(table.rename_columns(list(wanted)), first_row=first_row)


def table_columns(
    table: pa.Table,
    *,
    rename: Mapping[str, str] | None = None,
    extra: Collection[str] = (),
    first_row: int = 0,
) -> TicketTable:
    """The ticket columns of an Arrow table (one row per ticket), typed or text.

    Text cells are checked for NUL bytes; instants may be text (parsed by the library's
    parser), zone-aware timestamps (epoch seconds), naive timestamps (refused row by row) or
    integers (epoch seconds).

    Args:
        table: The table.
        rename: Table column -> column name.
        extra: Other columns to keep, as categories (``contract``).
        first_row: Row number of the table's first row.
    """
    names = _names(table.column_names, rename)
    wanted = _wanted(table.column_names, names, extra)
    table = table.select(list(wanted.values())).rename_columns(list(wanted))
    rows = np.arange(first_row, first_row + table.num_rows, dtype=np.int64)
    return _from_table([table], rows, table.num_rows, [])


def read_csv_records(
    source: Source,
    *,
    columns: Collection[str],
    required: Sequence[str],
    delimiter: str | None = None,
    encoding: str = "utf-8",
    extra: Collection[str] = (),
) -> RecordRows:
    """Read the rows of a record (downtime, deliveries) from a CSV file, through pyarrow.

    The file is read as ticket files are (`read_csv_table`): byte-order mark, delimiter
    detected or stated, encoding, CRLF; short and long rows and NUL bytes are malformed rows.

    Args:
        source: A path, the file's bytes, or a binary stream.
        columns: The record's columns (others are ignored).
        required: The columns the header must have.
        delimiter: The cell separator (None: detected from the header line).
        encoding: The text encoding.
        extra: Other columns to read (``contract``).

    Raises:
        InvalidValueError: As `read_csv_table`, naming the record's required columns.
    """
    read = _read_csv(
        source,
        delimiter=delimiter,
        encoding=encoding,
        rename=None,
        extra=extra,
        first_row=0,
        columns=columns,
        required=required,
    )
    return _records(read.tables.pop(), read.rows, read.rows_in, read.malformed)


def read_parquet_records(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    columns: Collection[str],
    required: Sequence[str],
    extra: Collection[str] = (),
) -> RecordRows:
    """Read the rows of a record from a Parquet file (only the columns needed are read)."""
    with pq.ParquetFile(source) as parquet:
        names = parquet.schema_arrow.names
        wanted = _wanted(names, names, extra, columns, required)
        table = parquet.read(columns=[names[i] for i in wanted.values()])
    return table_records(table, columns=columns, required=required, extra=extra)


def table_records(
    table: pa.Table,
    *,
    columns: Collection[str],
    required: Sequence[str],
    extra: Collection[str] = (),
) -> RecordRows:
    """The rows of a record in an Arrow table; rows with a NUL byte in a text cell are malformed."""
    wanted = _wanted(table.column_names, table.column_names, extra, columns, required)
    table = table.select(list(wanted.values())).rename_columns(list(wanted))
    rows = np.arange(table.num_rows, dtype=np.int64)
    return _records(table, rows, table.num_rows, [])


def _records(
    table: pa.Table, rows: NDArray[np.int64], rows_in: int, malformed: list[InvalidRow]
) -> RecordRows:
    table, rows = _without_nul(table, rows, malformed)
    return RecordRows(
        tuple(table.to_pylist()),
        rows,
        rows_in,
        tuple(sorted(malformed, key=lambda bad: (bad.row, bad.field))),
    )


def nul_rows(table: pa.Table) -> NDArray[np.bool_]:
    """Which rows of a table have a NUL byte in a text cell (they are malformed rows)."""
    nul = np.zeros(table.num_rows, dtype=bool)
    for column in table.columns:
        if _may_hold_nul(column):
            nul |= _nul_mask(column)
    return nul


def _nul_mask(column: pa.ChunkedArray) -> NDArray[np.bool_]:
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    found: NDArray[np.bool_] = pc.match_substring(column, "\x00").to_numpy(zero_copy_only=False)
    return found


def selected(
    table: pa.Table, *, rename: Mapping[str, str] | None = None, extra: Collection[str] = ()
) -> pa.Table:
    """The table's ticket columns (and ``extra`` ones), renamed; required columns checked."""
    names = _names(table.column_names, rename)
    wanted = _wanted(table.column_names, names, extra)
    return table.select(list(wanted.values())).rename_columns(list(wanted))


def _from_table(
    tables: list[pa.Table], rows: NDArray[np.int64], rows_in: int, malformed: list[InvalidRow]
) -> TicketTable:
    """Columns of a table whose row ``i`` is input row ``rows[i]``; NUL-byte rows are left out.

    The table is taken out of ``tables`` (so that the caller holds it no more), and each Arrow
    column is let go once converted: the whole table and all the numpy columns are never
    held at once.
    """
    table, rows = _without_nul(tables.pop(), rows, malformed)
    pending = dict(zip(table.column_names, table.columns, strict=True))
    del table
    columns = {}
    for name in list(pending):
        columns[name] = _column(name, pending.pop(name))
    pa.default_memory_pool().release_unused()  # the converted columns' memory, to the system
    return TicketTable(
        columns, rows, rows_in, tuple(sorted(malformed, key=lambda bad: (bad.row, bad.field)))
    )


def _without_nul(
    table: pa.Table, rows: NDArray[np.int64], malformed: list[InvalidRow]
) -> tuple[pa.Table, NDArray[np.int64]]:
    """The table without its rows holding a NUL byte; each is added to ``malformed``."""
    nul = np.zeros(table.num_rows, dtype=bool)
    for name in table.column_names:
        column = table.column(name)
        if _may_hold_nul(column):
            has_nul = _nul_mask(column)
            for index in np.flatnonzero(has_nul & ~nul).tolist():
                value = str(column[index].as_py()).replace("\x00", "\\x00")
                malformed.append(
                    InvalidRow(
                        int(rows[index]), "NUL byte in a cell", name, value, InvalidReason.NUL_BYTE
                    )
                )
            nul |= has_nul
    if nul.any():
        return table.filter(pa.array(~nul)), rows[~nul]
    return table, rows


def _may_hold_nul(column: pa.ChunkedArray) -> bool:
    """Whether a text column's data holds a NUL byte (a quick look at its buffers)."""
    values = column.type.value_type if pa.types.is_dictionary(column.type) else column.type
    if not _is_text(values):
        return False
    for chunk in column.chunks:
        text = chunk.dictionary if pa.types.is_dictionary(chunk.type) else chunk
        data = text.buffers()[2]
        if (
            data is not None
            and data.size
            and np.count_nonzero(np.frombuffer(data, dtype=np.uint8)) < data.size
        ):
            return True
    return False


def _is_coded(name: str) -> bool:
    """Whether a column is read as codes and labels (categories, and the ``extra`` columns)."""
    return name in _CODED or name not in TICKET_COLUMNS


def _column(name: str, column: pa.ChunkedArray) -> NDArray[Any] | CodedColumn | ParsedInstants:
    kind = column.type
    coded_column = _is_coded(name)
    if pa.types.is_dictionary(kind):
        if coded_column and _is_text(kind.value_type):
            return coded(column)
        column = column.cast(kind.value_type)
        kind = kind.value_type
    text = _is_text(kind)
    if name in INSTANT_COLUMNS and pa.types.is_timestamp(kind):
        return aware_instants(column)
    if text and coded_column:
        return coded(column)
    if text and name in INSTANT_COLUMNS:
        return text_instants(column)
    if text:
        return text_array(column, as_bytes=name in _BYTES)
    return _typed(name, column)


def _is_text(kind: pa.DataType) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _typed(name: str, column: pa.ChunkedArray) -> NDArray[Any]:
    """A column of booleans or numbers (flags, epoch seconds, work seconds, scores)."""
    kind = column.type
    if pa.types.is_boolean(kind) and name in FLAG_COLUMNS:
        missing = pc.is_null(column).to_numpy(zero_copy_only=False)
        answers = column.fill_null(fill_value=False).to_numpy(zero_copy_only=False)
        return np.where(missing, np.nan, answers.astype(np.float64))  # NaN: no answer
    if (pa.types.is_integer(kind) or pa.types.is_floating(kind)) and name in INSTANT_COLUMNS:
        return np.asarray(column.cast(pa.int64()).fill_null(MISSING).to_numpy(), dtype=np.int64)
    if pa.types.is_integer(kind) and column.null_count:
        return np.asarray(column.cast(pa.float64()).to_numpy(zero_copy_only=False))
    return np.asarray(column.to_numpy())
