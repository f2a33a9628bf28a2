"""Every invalid input row written to a file: where it is, why, and its cells as read.

A report lists invalid rows by reason (and may list only the first of each, see
``invalid_limit``); this file holds all of them, one JSON object per line (JSON Lines), in row
order, with the keys of `INVALID_FILE_KEYS`:

- ``source``: the file (or partition) the row comes from;
- ``row``: its row number there (0-based, header excluded, as everywhere in the library; a
  global offset for a Dask dataset);
- ``code`` and ``message``: the reason, as a stable code (`InvalidReason`) and in words;
- ``field`` and ``value``: the column at fault and its value;
- ``other_row``: the earlier row a duplicate repeats (else null);
- ``contract``: the contract the row names, when known (else null);
- ``cells``: the row's cells as text, as they are in the source (null when not looked up).

The cells of a CSV file are read back by row number with `csv_cells` (the readers take one
row per line, so row ``n`` is the record after the header and ``n`` others); those of an Arrow
table or a Parquet file with `table_cells`.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import IO

import pyarrow as pa

from outsourcing.sla.records.csv_reading import detect_delimiter
from outsourcing.sla.records.rows import InvalidRow

__all__ = ["INVALID_FILE_KEYS", "csv_cells", "invalid_record", "table_cells", "write_invalid_rows"]

#: The keys of each line of an invalid-rows file, in order.
INVALID_FILE_KEYS = (
    "source",
    "row",
    "code",
    "message",
    "field",
    "value",
    "other_row",
    "contract",
    "cells",
)

Cells = Sequence[str | None]


def invalid_record(
    bad: InvalidRow, *, source: str, cells: Cells | None = None, contract: str | None = None
) -> dict[str, object]:
    """One invalid row as the JSON object written for it (see the module docstring)."""
    values: tuple[object, ...] = (
        source,
        bad.row,
        str(bad.code),
        bad.reason,
        bad.field,
        bad.value,
        bad.other_row,
        contract,
        None if cells is None else list(cells),
    )
    return dict(zip(INVALID_FILE_KEYS, values, strict=True))


def write_invalid_rows(
    stream: IO[str],
    rows: Iterable[InvalidRow | tuple[str | None, InvalidRow]],
    *,
    source: str,
    cells: Mapping[int, Cells] | None = None,
) -> int:
    """Write invalid rows as JSON Lines, one object per row, in the order given.

    Args:
        stream: A text stream open for writing.
        rows: The invalid rows, each alone or with the contract it belongs to.
        source: The file (or partition) they come from.
        cells: The cells of each row by row number (see `csv_cells`, `table_cells`).

    Returns:
        The number of rows written.
    """
    written = 0
    for item in rows:
        contract, bad = item if isinstance(item, tuple) else (None, item)
        found = None if cells is None else cells.get(bad.row)
        record = invalid_record(bad, source=source, cells=found, contract=contract)
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        written += 1
    return written


def csv_cells(
    path: str | os.PathLike[str],
    rows: Collection[int],
    *,
    delimiter: str | None = None,
    encoding: str = "utf-8",
) -> dict[int, list[str]]:
    r"""The cells of some rows of a CSV file, by row number (0-based, header excluded).

    Read as the ticket reader reads the file: ``encoding`` (a UTF-8 byte-order mark skipped),
    ``delimiter`` detected from the header line when not given; a NUL byte is written as the
    four characters ``\x00``.
    """
    wanted = set(rows)
    found: dict[int, list[str]] = {}
    if not wanted:
        return found
    utf8 = codecs.lookup(encoding).name == "utf-8"
    with open(path, encoding="utf-8-sig" if utf8 else encoding, newline="") as stream:  # noqa: PTH123 - a path or a str
        lines = (line.replace("\x00", "\\x00") for line in stream)
        header = next(lines, "")
        reader = csv.reader(lines, delimiter=delimiter or detect_delimiter(header))
        last = max(wanted)
        for row, record in enumerate(reader):
            if row in wanted:
                found[row] = record
            if row >= last:
                break
    return found


def table_cells(table: pa.Table, rows: Collection[int], *, first_row: int = 0) -> dict[int, Cells]:
    """The cells of some rows of an Arrow table as text, by row number (table row + first_row).

    Instants are written as Arrow writes them (``2025-03-01 08:00:00Z``); a missing cell is
    None.
    """
    indices = sorted(r - first_row for r in set(rows) if 0 <= r - first_row < table.num_rows)
    if not indices:
        return {}
    taken = table.take(pa.array(indices, type=pa.int64()))
    columns = [
        column.cast(pa.string()) if _castable(column.type) else column for column in taken.columns
    ]
    texts = [column.to_pylist() for column in columns]
    return {
        first_row + index: [None if cell is None else _text(cell) for cell in row]
        for index, row in zip(indices, zip(*texts, strict=True), strict=True)
    }


def _castable(kind: pa.DataType) -> bool:
    return bool(
        pa.types.is_dictionary(kind)
        or pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or pa.types.is_boolean(kind)
        or pa.types.is_timestamp(kind)
        or pa.types.is_large_string(kind)
    )


def _text(cell: object) -> str:
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bytes):
        return cell.decode("utf-8", errors="backslashreplace")
    return str(cell)
