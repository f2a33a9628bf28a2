"""Arrow columns as the numpy columns the logs are built from, without a Python object per row.

Categorical text (priority, category, contract…) becomes codes and labels straight from Arrow's
dictionary encoding; ticket ids become ASCII bytes (``S``) where they are ASCII; instants become
epoch seconds.

Instants written as text are parsed in two steps that give exactly what the library's parser
(`outsourcing.sla.records.timestamps.parse_instants`) gives on its own:

1. The common shapes, ``YYYY-MM-DDTHH:MM:SS+HH:MM`` and ``YYYY-MM-DDTHH:MM:SSZ`` (``T`` or a
   space between date and time), are checked by the position of their separators and cast by
   Arrow, which refuses a date, a time or an offset that does not exist (30 February, 24:00,
   +24:00) as the library does. A piece of the column Arrow refuses is handed to step 2 whole,
   and so is an instant too near the ends of the years allowed (`FIRST_YEAR`, `LAST_YEAR`).
2. Everything else (empty cells, naive instants, fractions of a second, other offsets,
   unreadable text) is parsed by the library's parser, which gives each row its
   `InstantStatus`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from outsourcing.sla.records.columns import CodedColumn, ParsedInstants
from outsourcing.sla.records.timestamps import (
    FIRST_YEAR,
    LAST_YEAR,
    MISSING,
    InstantStatus,
    days_from_civil,
    parse_instants,
)

__all__ = ["aware_instants", "coded", "text_array", "text_instants"]

#: The first and last epoch second whose local date is within the years allowed whatever the
#: UTC offset (under a day): one day inside each end.
_SAFE_FIRST = int(days_from_civil(*(np.array([v]) for v in (FIRST_YEAR, 1, 2)))[0]) * 86_400
_SAFE_LAST = int(days_from_civil(*(np.array([v]) for v in (LAST_YEAR, 12, 31)))[0]) * 86_400 - 1
#: Rows cast by Arrow at a time when a piece is refused (it is then split in two).
_SMALLEST_PIECE = 4096
_UTC_SECONDS = pa.timestamp("s", tz="UTC")


def text_instants(column: pa.ChunkedArray | pa.Array) -> ParsedInstants:
    """Epoch seconds and `InstantStatus` of a text column, as `parse_instants` gives them.

    Args:
        column: A ``string`` or ``large_string`` Arrow column (null cells are empty).
    """
    array = _flat(column)
    n = len(array)
    seconds = np.full(n, MISSING, dtype=np.int64)
    status = np.full(n, int(InstantStatus.MISSING), dtype=np.int8)
    offsets, data = _text_buffers(array)
    lengths = np.diff(offsets)
    fast = _common_shape(lengths, offsets, data)
    done = lengths == 0  # an empty cell is a missing instant
    if fast.any():
        validity = pa.py_buffer(np.packbits(fast, bitorder="little"))
        shaped = pa.Array.from_buffers(array.type, n, [validity, *array.buffers()[1:]])
        cast, ok = _cast(shaped)
        ok &= (cast >= _SAFE_FIRST) & (cast <= _SAFE_LAST)
        seconds[ok] = cast[ok]
        status[ok] = int(InstantStatus.OK)
        done |= ok
    rest = np.flatnonzero(~done)
    if rest.size:
        subset = array if rest.size == n else array.take(pa.array(rest))
        seconds[rest], status[rest] = parse_instants(text_array(subset, as_bytes=True))
    return ParsedInstants(seconds, status, _cells(column))


def _flat(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    """One array of text starting at its buffers' start, nulls as empty text."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks else pa.array([], pa.string())
    if column.null_count or column.offset:
        column = pa.concat_arrays([column.fill_null("") if column.null_count else column])
        if column.offset:  # pragma: no cover - concatenation starts a new array at 0
            column = pa.array(column.to_pylist(), column.type)
    return column


def _text_buffers(array: pa.Array) -> tuple[NDArray[np.int64], NDArray[np.uint8]]:
    """The offsets (one more than the rows) and the bytes of an array of text at offset 0."""
    offset_type = np.int64 if pa.types.is_large_string(array.type) else np.int32
    offsets = np.frombuffer(array.buffers()[1], dtype=offset_type, count=len(array) + 1)
    data_buffer = array.buffers()[2]
    data = (
        np.zeros(0, dtype=np.uint8)
        if data_buffer is None
        else np.frombuffer(data_buffer, dtype=np.uint8)
    )
    return offsets.astype(np.int64), data


def _cells(column: pa.ChunkedArray | pa.Array) -> Callable[[int], str]:
    """The text of a row (the column as read is kept for this, not a copy)."""

    def cell(index: int) -> str:
        value = column[index].as_py()
        return "" if value is None else str(value)

    return cell


#: Where the common shapes have their separators, and which (``T`` may be a space), by width.
_SEPARATORS = {
    20: ((4, "-"), (7, "-"), (10, "T "), (13, ":"), (16, ":"), (19, "Z")),
    25: ((4, "-"), (7, "-"), (10, "T "), (13, ":"), (16, ":"), (19, "+-"), (22, ":")),
}


def _common_shape(
    lengths: NDArray[np.int64], offsets: NDArray[np.int64], data: NDArray[np.uint8]
) -> NDArray[np.bool_]:
    """Rows written ``YYYY-MM-DD?HH:MM:SS`` then ``Z`` or ``±HH:MM`` (separators checked).

    The digits are left to Arrow's cast, which refuses anything else where they stand.
    """
    shaped = np.zeros(lengths.shape[0], dtype=bool)
    written = lengths[lengths > 0]
    if written.size and bool(np.all(written == written[0])) and int(written[0]) in _SEPARATORS:
        width = int(written[0])  # one width: the cells are a matrix of bytes, row by row
        rows = np.flatnonzero(lengths)
        cells = data[offsets[0] : offsets[-1]].reshape(rows.shape[0], width)
        shaped[rows] = _separated(cells, rows, width)
        return shaped
    for width in _SEPARATORS:
        rows = np.flatnonzero(lengths == width)
        if rows.size:
            shaped[rows] = _separated(data, offsets[rows], width)
    return shaped


def _separated(
    data: NDArray[np.uint8], starts: NDArray[np.int64], width: int
) -> NDArray[np.bool_]:
    """Whether cells of one width have the common shape's separators where they belong.

    ``data`` is a matrix of cells, one a row, or the bytes of all cells with ``starts`` where
    each cell starts.
    """
    ok = np.ones(data.shape[0] if data.ndim == 2 else starts.shape[0], dtype=bool)
    for position, allowed in _SEPARATORS[width]:
        chars = data[:, position] if data.ndim == 2 else data[starts + position]
        found = chars == ord(allowed[0])
        if len(allowed) > 1:
            found |= chars == ord(allowed[1])
        ok &= found
    return ok


def _cast(array: pa.Array) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Epoch seconds Arrow reads, and which rows it read (a refused piece is split in two)."""
    try:
        cast = array.cast(_UTC_SECONDS)
    except pa.ArrowInvalid:
        if len(array) <= _SMALLEST_PIECE:
            return np.zeros(len(array), dtype=np.int64), np.zeros(len(array), dtype=bool)
        half = len(array) // 2
        first, first_ok = _cast(array.slice(0, half))
        second, second_ok = _cast(array.slice(half))
        return np.concatenate([first, second]), np.concatenate([first_ok, second_ok])
    ticks = cast.cast(pa.int64())
    read = ~np.asarray(ticks.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    seconds = np.asarray(ticks.fill_null(0).to_numpy(zero_copy_only=False), dtype=np.int64)
    return seconds, read


def aware_instants(column: pa.ChunkedArray) -> NDArray[Any]:
    """Epoch seconds of a zone-aware timestamp column; naive ones as ``datetime64`` (refused)."""
    kind = column.type
    if kind.tz is None:
        return np.asarray(column.to_numpy(), dtype=f"datetime64[{kind.unit}]")
    per_second = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}[kind.unit]
    ticks = column.cast(pa.int64())
    seconds = np.floor_divide(ticks.fill_null(0).to_numpy(), per_second)
    return np.where(pc.is_null(ticks).to_numpy(), MISSING, seconds).astype(np.int64)


def coded(column: pa.ChunkedArray) -> CodedColumn:
    """Codes into sorted labels, -1 for an empty or null cell (as the CSV reader gives).

    A dictionary column (as the CSV reader gives categorical columns) is read chunk by chunk
    through its dictionaries; other text is dictionary-encoded first.
    """
    if not pa.types.is_dictionary(column.type):
        column = pa.chunked_array([column.combine_chunks().dictionary_encode()])
    pieces = []
    for chunk in column.chunks:
        labels = [str(label) for label in chunk.dictionary.to_pylist()]
        given = chunk.indices.fill_null(len(labels)) if chunk.null_count else chunk.indices
        indices = np.asarray(given.to_numpy(), dtype=np.int64)
        pieces.append((labels, indices))
    order = sorted({label for labels, _ in pieces for label in labels if label})
    position = {label: i for i, label in enumerate(order)}
    codes = np.empty(len(column), dtype=np.int64)
    start = 0
    for labels, indices in pieces:
        remap = np.array([position.get(label, -1) for label in labels] + [-1], dtype=np.int64)
        codes[start : start + indices.shape[0]] = remap[indices]
        start += indices.shape[0]
    return CodedColumn(codes, tuple(order))


def text_array(column: pa.ChunkedArray | pa.Array, *, as_bytes: bool) -> NDArray[Any]:
    """A text column as numpy: ASCII bytes (``S``) when asked and possible, else ``U``.

    ASCII cells are padded with NUL bytes to the longest one by pyarrow, so the padded data is
    the numpy ``S`` array as it is (numpy ``S`` values end at their first trailing NUL).
    """
    n = len(column)
    if column.null_count:
        column = column.fill_null("")
    if n == 0:
        return np.zeros(0, dtype="S1" if as_bytes else np.str_)
    if not as_bytes or not pc.all(pc.string_is_ascii(column)).as_py():
        values = column.to_numpy(zero_copy_only=False)
        return np.array(values.tolist(), dtype=np.str_)
    width = max(1, int(pc.max(pc.binary_length(column)).as_py()))
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    parts = [_padded(chunk, width) for chunk in chunks if len(chunk)]
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _padded(chunk: pa.Array, width: int) -> NDArray[np.bytes_]:
    """An ASCII chunk as a numpy ``S`` array of ``width`` bytes (pyarrow pads, numpy views)."""
    padded = pc.utf8_rpad(chunk, width=width, padding="\x00")
    _, offset_buffer, data_buffer = padded.buffers()
    offset_type = np.int64 if pa.types.is_large_string(padded.type) else np.int32
    start = int(
        np.frombuffer(
            offset_buffer,
            dtype=offset_type,
            count=1,
            offset=padded.offset * np.dtype(offset_type).itemsize,
        )[0]
    )
    data = np.frombuffer(data_buffer, dtype=np.uint8, count=len(chunk) * width, offset=start)
    return data.view(f"S{width}")
