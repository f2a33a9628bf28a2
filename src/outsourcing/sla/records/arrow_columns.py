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

import datetime as dt
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

__all__ = ["aware_instants", "coded", "numbers", "positions", "text_array", "text_instants"]

#: The first and last epoch second whose local date is within the years allowed whatever the
#: UTC offset (under a day): one day inside each end.
_SAFE_FIRST = int(days_from_civil(*(np.array([v]) for v in (FIRST_YEAR, 1, 2)))[0]) * 86_400
_SAFE_LAST = int(days_from_civil(*(np.array([v]) for v in (LAST_YEAR, 12, 31)))[0]) * 86_400 - 1
#: Rows cast by Arrow at a time when a piece is refused (it is then split in two).
_SMALLEST_PIECE = 4096
_UTC_SECONDS = pa.timestamp("s", tz="UTC")


def text_instants(column: pa.ChunkedArray | pa.Array) -> ParsedInstants:
    """Epoch seconds and `InstantStatus` of a text column, as `parse_instants` gives them.

    The text is not kept: a cell read in a common shape is written again from its instant
    and its offset when an invalid row shows it; the other cells are kept as they are.

    Args:
        column: A ``string`` or ``large_string`` Arrow column (null cells are empty).
    """
    array = _flat(column)
    del column
    n = len(array)
    seconds = np.full(n, MISSING, dtype=np.int64)
    status = np.full(n, int(InstantStatus.MISSING), dtype=np.int8)
    offsets, data = _text_buffers(array)
    lengths = np.diff(offsets)
    fast, zone = _common_shape(lengths, offsets, data)
    done = lengths == 0  # an empty cell is a missing instant
    ok = np.zeros(n, dtype=bool)
    if fast.any():
        validity = pa.py_buffer(np.packbits(fast, bitorder="little"))
        shaped = pa.Array.from_buffers(array.type, n, [validity, *array.buffers()[1:]])
        cast, ok = _cast(shaped)
        ok &= (cast >= _SAFE_FIRST) & (cast <= _SAFE_LAST)
        seconds[ok] = cast[ok]
        status[ok] = int(InstantStatus.OK)
        done |= ok
    zone[~ok] = _NO_ZONE
    rest = np.flatnonzero(~done)
    kept = array if rest.size == n else array.take(positions(rest))
    del array
    if rest.size:
        seconds[rest], status[rest] = parse_instants(text_array(kept, as_bytes=True))
    return ParsedInstants(seconds, status, _Cells(seconds, zone, rest, kept))


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


#: How a cell in a common shape wrote its offset, packed in an int16 with the offset's minutes
#: (times 8): ``Z``, a space rather than ``T``, a minus sign; no common shape at all.
_ZULU, _SPACE, _WEST, _NO_ZONE = 1, 2, 4, -1


class _Cells:
    """The text of each row of an instant column, for the value of an invalid row.

    Cells read in a common shape are written again from the instant and the packed offset,
    character for character; the others (``rest``) are kept as read.
    """

    def __init__(
        self,
        seconds: NDArray[np.int64],
        zone: NDArray[np.int16],
        rest: NDArray[np.int64],
        kept: pa.Array,
    ) -> None:
        self.seconds, self.zone, self.rest, self.kept = seconds, zone, rest, kept

    def __call__(self, index: int) -> str:
        packed = int(self.zone[index]) if self.zone.shape[0] else _NO_ZONE
        if packed == _NO_ZONE:
            at = int(np.searchsorted(self.rest, index))
            if at < self.rest.shape[0] and int(self.rest[at]) == index:
                value = self.kept[at].as_py()
                return "" if value is None else str(value)
            return ""
        minutes, west = packed >> 3, bool(packed & _WEST)
        local = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(
            seconds=int(self.seconds[index]) + (-minutes if west else minutes) * 60
        )
        written = local.strftime("%Y-%m-%d") + (" " if packed & _SPACE else "T")
        written += local.strftime("%H:%M:%S")
        if packed & _ZULU:
            return written + "Z"
        return f"{written}{'-' if west else '+'}{minutes // 60:02d}:{minutes % 60:02d}"


#: The common shapes' widths: ``…:SSZ`` and ``…:SS±HH:MM``.
_WIDTHS = (20, 25)


def _common_shape(
    lengths: NDArray[np.int64], offsets: NDArray[np.int64], data: NDArray[np.uint8]
) -> tuple[NDArray[np.bool_], NDArray[np.int16]]:
    """Rows written ``YYYY-MM-DD?HH:MM:SS`` then ``Z`` or ``±HH:MM`` (separators checked).

    The digits are left to Arrow's cast, which refuses anything else where they stand.

    Returns:
        Which rows have a common shape, and how each wrote its offset (packed; meaningless
        for the other rows).
    """
    shaped = np.zeros(lengths.shape[0], dtype=bool)
    zone = np.full(lengths.shape[0], _NO_ZONE, dtype=np.int16)
    if data.shape[0] < 8:
        return shaped, zone
    # Every eight bytes from every position, little-endian: one load reads eight characters.
    words = np.ndarray(shape=(data.shape[0] - 7,), dtype="<u8", buffer=data, strides=(1,))
    for width in _WIDTHS:
        rows = np.flatnonzero(lengths == width)
        if rows.size:
            shaped[rows], zone[rows] = _separated(words, offsets[rows], width)
    return shaped, zone


def _pattern(*characters: tuple[int, str]) -> tuple[np.uint64, np.uint64]:
    """The mask and the value of characters at their places in a word of eight."""
    mask = value = 0
    for index, character in characters:
        mask |= 0xFF << (8 * index)
        value |= ord(character) << (8 * index)
    return np.uint64(mask), np.uint64(value)


#: ``-`` at 4 and 7 (in the eight characters from 4); ``:`` at 13 and 16 (from 12), and ``Z``
#: at 19 for the short shape; ``:`` at 22 (from 17) for the long one.
_DATE = _pattern((0, "-"), (3, "-"))
_TIME = _pattern((1, ":"), (4, ":"))
_TIME_ZULU = _pattern((1, ":"), (4, ":"), (7, "Z"))
_OFFSET = _pattern((5, ":"))


def _separated(
    words: NDArray[np.uint64], starts: NDArray[np.int64], width: int
) -> tuple[NDArray[np.bool_], NDArray[np.int16]]:
    """Whether cells of one width have the common shape's separators, and their packed zone."""
    date, time = words[starts + 4], words[starts + 12]
    mask, value = _DATE
    ok = (date & mask) == value
    between = date.view(np.uint8).reshape(-1, 8)[:, 6]
    space = between == ord(" ")
    ok &= space | (between == ord("T"))
    zone = space.astype(np.int16) * _SPACE
    mask, value = _TIME_ZULU if width == 20 else _TIME
    ok &= (time & mask) == value
    if width == 20:
        return ok, zone | _ZULU
    offset = words[starts + 17]
    mask, value = _OFFSET
    ok &= (offset & mask) == value
    chars = offset.view(np.uint8).reshape(-1, 8)
    west = chars[:, 2] == ord("-")
    ok &= west | (chars[:, 2] == ord("+"))
    digits = chars[:, [3, 4, 6, 7]].astype(np.int16) - ord("0")
    minutes = (digits[:, 0] * 10 + digits[:, 1]) * 60 + digits[:, 2] * 10 + digits[:, 3]
    zone |= west.astype(np.int16) * _WEST
    return ok, zone | (minutes << 3)


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
    seconds = numbers(ticks, missing=MISSING)
    return seconds, seconds != MISSING


def aware_instants(column: pa.ChunkedArray) -> NDArray[Any]:
    """Epoch seconds of a zone-aware timestamp column; naive ones as ``datetime64`` (refused)."""
    kind = column.type
    if kind.tz is None:
        return np.asarray(column.to_numpy(), dtype=f"datetime64[{kind.unit}]")
    per_second = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}[kind.unit]
    ticks = numbers(column.cast(pa.int64()), missing=MISSING)
    return np.where(ticks == MISSING, MISSING, np.floor_divide(ticks, per_second))


def numbers(column: pa.Array | pa.ChunkedArray, missing: int = 0) -> NDArray[Any]:
    """The values of a column of numbers as numpy sees its buffers, ``missing`` for nulls.

    A view of the column's memory when it has one chunk and no nulls (a copy otherwise).
    Unlike ``to_numpy`` or ``fill_null``, nothing of pyarrow's pandas support is loaded
    (importing pandas takes longer than reading a file of thousands of rows).
    """
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    dtype = np.dtype(column.type.to_pandas_dtype())
    parts = []
    for chunk in chunks:
        if not len(chunk):
            continue
        validity, values = chunk.buffers()[:2]
        part = np.frombuffer(
            values, dtype=dtype, count=len(chunk), offset=chunk.offset * dtype.itemsize
        )
        if chunk.null_count:
            bits = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), bitorder="little")
            valid = bits[chunk.offset : chunk.offset + len(chunk)].astype(bool)
            part = np.where(valid, part, np.array(missing, dtype=dtype))
        parts.append(part)
    if not parts:
        return np.zeros(0, dtype=dtype)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def positions(rows: NDArray[np.int64]) -> pa.Array:
    """Row positions as an Arrow array (for ``take``), without pyarrow's conversions."""
    rows = np.ascontiguousarray(rows, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), rows.shape[0], [None, pa.py_buffer(rows)])


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
        indices = numbers(chunk.indices, missing=len(labels)).astype(np.int64)
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
