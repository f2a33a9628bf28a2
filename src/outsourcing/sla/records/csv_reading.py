"""Reading ticket columns from CSV text in batches, into compact numpy columns."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from outsourcing.exceptions import InvalidValueError
from outsourcing.sla.records.columns import CodedColumn
from outsourcing.sla.records.ticket_schema import FLAG_COLUMNS, INSTANT_COLUMNS, TICKET_COLUMNS

__all__ = ["CSV_BATCH_ROWS", "MAX_CELL_CHARS", "csv_rows", "read_csv_columns"]

#: Columns read from CSV as codes and labels (few distinct values, many rows).
_CODED = frozenset({"priority", "category", "exclusion", *FLAG_COLUMNS})
#: Columns read from CSV as ASCII bytes when they are ASCII (numbers stay text).
_BYTES = frozenset({"ticket", *INSTANT_COLUMNS})
#: Rows of a CSV file converted to columns at a time: only one batch is ever held as Python
#: lists of strings, the rest of the file is already in compact numpy columns. Small batches
#: are also faster (measured, benchmarks/tickets_csv.py: 2,000 rows read a million-row file in
#: about 60 % of the time 200,000 rows take): a batch stays in the processor's cache, and the
#: garbage collector never has many row lists to walk through.
CSV_BATCH_ROWS = 2_000


#: Longest CSV cell read, in characters (the `csv` module's field size limit, left as it is).
MAX_CELL_CHARS = csv.field_size_limit()


def csv_rows(source: str | Iterable[str]) -> Iterator[list[str]]:
    """The rows of CSV text or of a stream of lines, as lists of cells.

    Raises:
        InvalidValueError: The text is not CSV the `csv` module reads (a cell longer than
            `MAX_CELL_CHARS`, a NUL character, …), naming the line.
    """
    reader = csv.reader(io.StringIO(source) if isinstance(source, str) else source)
    try:
        yield from reader
    except csv.Error as error:
        text = str(error)
        if "field larger than field limit" in text:
            text = f"a cell is longer than the limit of {MAX_CELL_CHARS:,} characters"
        raise InvalidValueError("csv", f"line {reader.line_num}", text) from None


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
            ``batch_rows`` is not positive, or the text is not CSV (see `csv_rows`).
    """
    if batch_rows < 1:
        raise InvalidValueError("batch_rows", batch_rows, "must be at least 1")
    reader = csv_rows(source)
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
