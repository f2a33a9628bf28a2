"""A compact, mergeable count of integer values: how many measured times took each value.

Exact nearest-rank percentiles of a huge set of measured times need every value, but not one
entry per ticket: a `Histogram` keeps each distinct value once with its count. It is stored in
whichever of two forms is smaller, chosen from its content alone (so equal contents always have
the same form, whatever order they were merged in):

- **dense**: one count per value from the smallest to the largest (``low`` and ``counts``), for
  values that fill their range, as second-precision times do once there are many tickets;
- **sparse**: the distinct values, sorted (``keys``), and their counts.

Counts are held in the smallest unsigned type that fits the largest (1, 2, 4 or 8 bytes). A
dense histogram costs that many bytes per value of its range, a sparse one 8 more per distinct
value; its pickle sends the sparse values as differences from the previous one, in the smallest
type that fits, so that a partial result crosses the network small.

Histograms merge by adding counts: two dense ones are added over the union of their ranges,
otherwise the sorted values are merged (a stable sort of already sorted runs, linear in their
length) and equal values summed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["Histogram"]

_COUNT_TYPES = (np.uint8, np.uint16, np.uint32, np.uint64)


def _smallest(largest: int) -> type[np.unsignedinteger[Any]]:
    """The smallest unsigned integer type that holds ``largest``."""
    for kind in _COUNT_TYPES:
        if largest <= np.iinfo(kind).max:
            return kind
    return np.uint64  # pragma: no cover - counts are below 2**63


class Histogram:
    """Counts of int64 values, dense or sparse (see the module docstring); immutable.

    Build one with `Histogram.of`; read it with `sparse`, `at_ranks`, `total`, `distinct`.

    Attributes:
        low: The smallest value (0 when empty).
        keys: The distinct values, sorted, when sparse; None when dense.
        counts: The count of each key (sparse), or of each value from ``low`` on (dense, with
            zeros for values not seen), in the smallest unsigned type that holds them.
    """

    __slots__ = ("counts", "keys", "low")

    low: int
    keys: NDArray[np.int64] | None
    counts: NDArray[np.unsignedinteger[Any]]

    def __init__(
        self, low: int, keys: NDArray[np.int64] | None, counts: NDArray[np.unsignedinteger[Any]]
    ) -> None:
        self.low = low
        self.keys = keys
        self.counts = counts

    @classmethod
    def of(cls, values: NDArray[np.int64], counts: NDArray[np.int64] | None = None) -> Histogram:
        """The histogram of ``values``, each counted once or ``counts`` times (zeros dropped)."""
        values = np.asarray(values, dtype=np.int64)
        weights = (
            np.ones(values.shape[0], dtype=np.int64)
            if counts is None
            else np.asarray(counts, dtype=np.int64)
        )
        order = np.argsort(values, kind="stable")
        return cls.sorted_of(values[order], weights[order])

    @classmethod
    def sorted_of(cls, keys: NDArray[np.int64], counts: NDArray[np.int64]) -> Histogram:
        """The histogram of sorted values with their counts (equal values added up)."""
        if keys.shape[0] == 0:
            return cls._canonical(keys, counts)
        fresh = np.ones(keys.shape[0], dtype=bool)
        fresh[1:] = keys[1:] != keys[:-1]
        starts = np.flatnonzero(fresh)
        totals = np.add.reduceat(counts, starts)
        kept = totals != 0
        return cls._canonical(keys[starts][kept], totals[kept])

    @classmethod
    def _canonical(cls, keys: NDArray[np.int64], counts: NDArray[np.int64]) -> Histogram:
        """The smaller form of distinct sorted values with positive counts."""
        if keys.shape[0] == 0:
            return cls(0, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint8))
        kind = _smallest(int(counts.max()))
        size = np.dtype(kind).itemsize
        low = int(keys[0])
        span = int(keys[-1]) - low + 1
        if span * size <= keys.shape[0] * (8 + size):
            dense = np.zeros(span, dtype=kind)
            dense[keys - low] = counts
            return cls(low, None, dense)
        return cls(low, keys, counts.astype(kind))

    @classmethod
    def _dense(cls, low: int, counts: NDArray[np.int64]) -> Histogram:
        """The histogram of counts per value from ``low`` on (zeros allowed anywhere)."""
        seen = np.flatnonzero(counts)
        if seen.shape[0] == 0:
            return cls._canonical(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        counts = counts[seen[0] : seen[-1] + 1]
        low += int(seen[0])
        kind = _smallest(int(counts.max()))
        distinct = int(np.count_nonzero(counts))
        if counts.shape[0] * np.dtype(kind).itemsize <= distinct * (8 + np.dtype(kind).itemsize):
            return cls(low, None, counts.astype(kind))
        keys = np.flatnonzero(counts)
        return cls(low, keys + low, counts[keys].astype(kind))

    @property
    def is_dense(self) -> bool:
        """Whether the counts are held per value of the range (else per distinct value)."""
        return self.keys is None

    @property
    def high(self) -> int:
        """The largest value (-1 when empty)."""
        if self.keys is None:
            return self.low + int(self.counts.shape[0]) - 1
        return int(self.keys[-1]) if self.keys.shape[0] else -1

    @property
    def distinct(self) -> int:
        """How many distinct values were counted."""
        if self.keys is None:
            return int(np.count_nonzero(self.counts))
        return int(self.keys.shape[0])

    @property
    def total(self) -> int:
        """How many values were counted (with repeats)."""
        return int(self.counts.sum(dtype=np.int64))

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays."""
        return int(self.counts.nbytes) + (0 if self.keys is None else int(self.keys.nbytes))

    def sparse(self) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """The distinct values, sorted, and their counts (as int64 arrays)."""
        if self.keys is None:
            seen = np.flatnonzero(self.counts)
            return seen + self.low, self.counts[seen].astype(np.int64)
        return self.keys, self.counts.astype(np.int64)

    def at_ranks(self, ranks: Sequence[int]) -> list[int]:
        """The values at 0-based ``ranks`` of the counted values sorted (each below `total`)."""
        running = np.cumsum(self.counts, dtype=np.int64)
        found = np.searchsorted(running, np.asarray(ranks, dtype=np.int64), side="right")
        if self.keys is None:
            return [self.low + int(i) for i in found.tolist()]
        return [int(v) for v in self.keys[found].tolist()]

    def merge(self, other: Histogram) -> Histogram:
        """The counts of both histograms added up."""
        return Histogram.combine((self, other))

    @classmethod
    def combine(cls, parts: Sequence[Histogram]) -> Histogram:
        """The counts of any number of histograms added up (none: an empty histogram)."""
        full = [part for part in parts if part.counts.shape[0]]
        if len(full) == 1:
            return full[0]
        if not full:
            return cls._canonical(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        low = min(part.low for part in full)
        span = max(part.high for part in full) - low + 1
        if all(part.is_dense for part in full) and span <= 2 * sum(p.counts.size for p in full):
            total = np.zeros(span, dtype=np.int64)
            for part in full:
                total[part.low - low : part.low - low + part.counts.shape[0]] += part.counts
            return cls._dense(low, total)
        pairs = [part.sparse() for part in full]
        keys = np.concatenate([k for k, _ in pairs])
        order = np.argsort(keys, kind="stable")  # a merge of sorted runs
        return cls.sorted_of(keys[order], np.concatenate([c for _, c in pairs])[order])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Histogram):
            return NotImplemented
        same_keys = (self.keys is None and other.keys is None) or (
            self.keys is not None and other.keys is not None and np.array_equal(self.keys, other.keys)
        )
        return (
            self.low == other.low
            and same_keys
            and self.counts.dtype == other.counts.dtype
            and np.array_equal(self.counts, other.counts)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        form = "dense" if self.is_dense else "sparse"
        return f"Histogram({form}, {self.distinct} distinct, {self.total} counted)"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled small: sparse values as differences in the smallest type that holds them."""
        if self.keys is None or self.keys.shape[0] < 2:
            return (Histogram, (self.low, self.keys, self.counts))
        steps = np.diff(self.keys)
        return (_unpickled, (self.low, steps.astype(_smallest(int(steps.max()))), self.counts))


def _unpickled(
    low: int, steps: NDArray[np.unsignedinteger[Any]], counts: NDArray[np.unsignedinteger[Any]]
) -> Histogram:
    """A sparse histogram from its pickle (see `Histogram.__reduce__`)."""
    keys = np.empty(steps.shape[0] + 1, dtype=np.int64)
    keys[0] = low
    np.cumsum(steps, out=keys[1:], dtype=np.int64)
    keys[1:] += low
    return Histogram(low, keys, counts)
