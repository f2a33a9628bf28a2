"""Columns of input records: categorical codes, missing cells, yes/no flags, instants, ids.

Readers turn cells into numpy columns with these helpers: categories into `CodedColumn` codes
and labels, instants into epoch seconds with an `InstantStatus`, yes/no cells into int8 flags.

Categorical values (priority, category, exclusion, yes/no flags) are read without their
surrounding spaces: ``" P1"`` and ``"P1 "`` are the priority ``P1``, and a cell holding only
spaces is empty. Spaces inside a value are kept (``"P 1"`` is not ``P1``), and so is letter
case (``p1`` is not ``P1``: such values are counted, see `outsourcing.sla.unscoped`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from outsourcing.sla.records.timestamps import MISSING, InstantStatus, parse_instants

__all__ = [
    "CodedColumn",
    "ParsedInstants",
    "cell_text",
    "factorize",
    "first_occurrence",
    "instant_column",
    "missing_mask",
    "object_column",
    "text_hashes",
    "to_float",
    "to_int",
    "values_of",
    "yes_no_column",
]

_TRUE = frozenset({"1", "true", "True", "TRUE", "yes", "y"})
_FALSE = frozenset({"0", "false", "False", "FALSE", "no", "n"})


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


@attrs.frozen(eq=False)
class ParsedInstants:
    """An instant column already parsed (by a columnar reader), with its cells for messages.

    Attributes:
        seconds: Epoch seconds per row (`MISSING` where there is no valid instant).
        status: `InstantStatus` per row.
        cell: The cell of a row as written (for the value of an invalid row).
    """

    seconds: NDArray[np.int64]
    status: NDArray[np.int8]
    cell: Callable[[int], str]

    def __getitem__(self, index: int) -> str:
        return self.cell(index)

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of the seconds."""
        return self.seconds.shape


def missing_mask(values: NDArray[Any] | CodedColumn) -> NDArray[np.bool_]:
    """Which cells are missing: code -1, NaN, None or empty text."""
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
        return _trimmed(values.codes.astype(np.int64), values.labels)
    missing = missing_mask(values)
    text = np.asarray(values).astype(np.str_) if values.dtype.kind not in "US" else values
    labels, codes = np.unique(text, return_inverse=True)
    codes = codes.astype(np.int64)
    present = np.unique(codes[~missing]) if missing.any() else np.arange(len(labels))
    remap = np.full(len(labels), -1, dtype=np.int64)
    remap[present] = np.arange(len(present))
    codes = np.where(missing, -1, remap[codes])
    return _trimmed(codes, tuple(cell_text(label) for label in labels[present]))


def _trimmed(
    codes: NDArray[np.int64], labels: tuple[str, ...]
) -> tuple[NDArray[np.int64], tuple[str, ...]]:
    """Codes and labels with the labels' surrounding spaces removed, equal labels merged.

    Labels stay sorted; a label of spaces only becomes a missing value (code -1). One pass over
    the labels, and one over the codes only when a label changed.
    """
    stripped = [label.strip() for label in labels]
    if stripped == list(labels):
        return codes, labels
    merged = sorted({label for label in stripped if label})
    position = {label: i for i, label in enumerate(merged)}
    remap = np.array([position.get(label, -1) for label in stripped] + [-1], dtype=np.int64)
    return remap[codes], tuple(merged)


def cell_text(value: object) -> str:
    """Text of a cell (bytes columns hold ASCII text)."""
    return value.decode("ascii") if isinstance(value, bytes) else str(value)


def instant_column(
    values: NDArray[Any] | ParsedInstants,
) -> tuple[NDArray[np.int64], NDArray[np.int8]]:
    """Epoch seconds and `InstantStatus` of a column given as ints, datetime64, text or parsed."""
    if isinstance(values, ParsedInstants):
        return values.seconds, values.status
    if values.dtype.kind in "iu":
        seconds = values.astype(np.int64)
        status = np.where(seconds == MISSING, InstantStatus.MISSING, InstantStatus.OK)
        return seconds, status.astype(np.int8)
    if values.dtype.kind == "M":
        seconds = values.astype("datetime64[s]").astype(np.int64)
        status = np.where(np.isnat(values), InstantStatus.MISSING, InstantStatus.NAIVE)
        return np.full(values.shape[0], MISSING, dtype=np.int64), status.astype(np.int8)
    return parse_instants(values)


def yes_no_column(values: NDArray[Any] | CodedColumn) -> tuple[NDArray[np.int8], NDArray[np.bool_]]:
    """Yes/no column as int8 (1, 0, -1 when missing) and a mask of unreadable values."""
    if isinstance(values, CodedColumn):  # read each label once
        flags, bad = yes_no_column(object_column([*values.labels, None]))
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
        text = str(value).strip()
        if not text:
            continue
        if value is True or text in _TRUE:
            out[i] = 1
        elif value is False or text in _FALSE:
            out[i] = 0
        else:
            bad[i] = True
    return out, bad


def first_occurrence(ids: NDArray[Any] | CodedColumn) -> NDArray[np.int64]:
    """For each row, the first row with the same id (itself when it is the first)."""
    if not isinstance(ids, CodedColumn) and ids.dtype.kind in "US":
        return _first_text(ids)
    if not isinstance(ids, CodedColumn) and ids.dtype.kind in "iu":
        _, codes = np.unique(ids, return_inverse=True)
        count = int(codes.max()) + 1 if codes.size else 0
    else:
        codes, labels = factorize(ids)
        count = len(labels)
    return _first_of_codes(codes, count)


def _first_of_codes(codes: NDArray[np.int64], count: int) -> NDArray[np.int64]:
    """The first row of each row's code (-1: the row itself)."""
    rows = np.arange(codes.shape[0], dtype=np.int64)
    first = np.full(count + 1, -1, dtype=np.int64)
    first[codes[::-1]] = rows[::-1]
    result = first[codes]
    return np.where(codes < 0, rows, result)


def _first_text(ids: NDArray[Any]) -> NDArray[np.int64]:
    """`first_occurrence` of text ids: only the ids whose hash repeats are compared as text.

    A 32-bit hash of every id is sorted; ids sharing a hash with another (every repeated id,
    and a hundred or so others in a million) are then grouped exactly. Empty ids are never repeats.
    """
    rows = np.arange(ids.shape[0], dtype=np.int64)
    present = ~missing_mask(ids)
    hashes = (text_hashes(ids) >> np.uint64(32)).astype(np.uint32)  # half the sorting time
    ordered = np.sort(hashes[present])
    repeated = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    if not repeated.size:
        return rows
    found = np.minimum(np.searchsorted(repeated, hashes), repeated.size - 1)
    candidates = np.flatnonzero((repeated[found] == hashes) & present)
    _, codes = np.unique(ids[candidates], return_inverse=True)
    rows[candidates] = candidates[_first_of_codes(codes.astype(np.int64), int(codes.max()) + 1)]
    return rows


def text_hashes(values: NDArray[Any]) -> NDArray[np.uint64]:
    """A 64-bit hash of each cell of a text (``U``) or bytes (``S``) array, vectorised.

    Equal cells have equal hashes (numpy's trailing NUL padding is part of both).
    """
    count, size = values.shape[0], values.dtype.itemsize
    words = -(-size // 8)
    padded = np.zeros((count, words * 8), dtype=np.uint8)
    padded[:, :size] = np.ascontiguousarray(values).view(np.uint8).reshape(count, size)
    lanes = padded.view(np.uint64)
    hashes = np.full(count, _HASH_SEED, dtype=np.uint64)
    for word in range(words):
        hashes ^= lanes[:, word]
        hashes *= _HASH_MULTIPLIER
        hashes ^= hashes >> np.uint64(29)
    return hashes


_HASH_SEED = np.uint64(0x243F6A8885A308D3)
_HASH_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


def values_of(column: NDArray[Any] | CodedColumn) -> NDArray[Any]:
    """The cells of a column as values: labels of a coded column, text of ASCII bytes."""
    if isinstance(column, CodedColumn):
        labels = np.array([*column.labels, ""], dtype=object)
        return labels[column.codes]
    if column.dtype.kind == "S":  # ASCII bytes from CSV: text again, one code point a byte
        count, width = column.shape[0], column.dtype.itemsize
        if not count or not width:
            return column.astype(np.str_)
        units = np.ascontiguousarray(column).view(np.uint8).reshape(count, width)
        return units.astype(np.uint32).view(f"U{width}").reshape(count)
    return column


def to_int(value: object) -> int:
    """A whole number read from a cell, `MISSING` when empty or not a whole number."""
    if value is None or value == "":
        return MISSING
    try:
        return int(str(value))
    except ValueError:
        return MISSING


def to_float(value: object) -> float:
    """A number read from a cell, NaN when it is not one."""
    try:
        return float(str(value))
    except ValueError:
        return math.nan


def object_column(values: list[Any]) -> NDArray[Any]:
    """A numpy object array of ``values``, each kept as it is (no nested arrays)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array
