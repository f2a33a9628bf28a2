"""A compact, mergeable count of integer values: how many measured times took each value.

Exact nearest-rank percentiles of a huge set of measured times need every value, but not one
entry per ticket: a `Histogram` keeps each distinct value once with its count. It is stored in
whichever of two forms is smaller, chosen from its content alone (so equal contents always have
the same form, whatever order they were merged in):

- **dense**: one count per value from the smallest to the largest (``low`` and ``counts``), for
  values that fill their range, as second-precision times do once there are many tickets;
- **sparse**: the distinct values, sorted, as offsets from the smallest (``offsets``), and
  their counts.

Counts are held in the smallest unsigned type that fits the largest, offsets in the smallest
that fits the range (1, 2, 4 or 8 bytes each). A dense histogram costs a count per value of its
range, a sparse one an offset and a count per distinct value; its pickle sends the offsets as
differences from the previous one, in the smallest type that fits, so that a partial result
crosses the network small.

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

_TYPES = (np.uint8, np.uint16, np.uint32, np.uint64)


def _smallest(largest: int) -> type[np.unsignedinteger[Any]]:
    """The smallest unsigned integer type that holds ``largest``."""
    for kind in _TYPES:
        if largest <= np.iinfo(kind).max:
            return kind
    return np.uint64  # pragma: no cover - counts and ranges of int64 values fit


class Histogram:
    """Counts of int64 values, dense or sparse (see the module docstring); immutable.

    Build one with `Histogram.of` or `Histogram.sorted_of`; read it with `sparse`, `at_ranks`,
    `total`, `distinct`; add counts up with `merge` or `combine`.

    Attributes:
        low: The smallest value (0 when empty).
        offsets: The distinct values minus ``low``, sorted, when sparse; None when dense.
        counts: The count of each offset (sparse), or of each value from ``low`` on (dense,
            with zeros for values not seen), in the smallest unsigned type that holds them.
    """

    __slots__ = ("counts", "low", "offsets")

    low: int
    offsets: NDArray[np.unsignedinteger[Any]] | None
    counts: NDArray[np.unsignedinteger[Any]]

    def __init__(
        self,
        low: int,
        offsets: NDArray[np.unsignedinteger[Any]] | None,
        counts: NDArray[np.unsignedinteger[Any]],
    ) -> None:
        self.low = low
        self.offsets = offsets
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
    def sorted_of(cls, values: NDArray[np.int64], counts: NDArray[np.int64]) -> Histogram:
        """The histogram of sorted values with their counts (equal values added up)."""
        if values.shape[0] == 0:
            return cls._canonical(values, counts)
        fresh = np.ones(values.shape[0], dtype=bool)
        fresh[1:] = values[1:] != values[:-1]
        starts = np.flatnonzero(fresh)
        totals = np.add.reduceat(counts, starts)
        kept = totals != 0
        return cls._canonical(values[starts][kept], totals[kept])

    @classmethod
    def _canonical(cls, values: NDArray[np.int64], counts: NDArray[np.int64]) -> Histogram:
        """The smaller form of distinct sorted values with positive counts."""
        if values.shape[0] == 0:
            return cls(0, np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.uint8))
        low = int(values[0])
        offsets = values - low
        form = _form(int(offsets[-1]) + 1, int(values.shape[0]), int(counts.max()))
        if form is None:
            dense = np.zeros(int(offsets[-1]) + 1, dtype=_smallest(int(counts.max())))
            dense[offsets] = counts
            return cls(low, None, dense)
        return cls(low, offsets.astype(form), counts.astype(_smallest(int(counts.max()))))

    @classmethod
    def _dense(cls, low: int, counts: NDArray[np.int64]) -> Histogram:
        """The histogram of counts per value from ``low`` on (zeros allowed anywhere)."""
        seen = np.flatnonzero(counts)  # never empty: the parts added up have counts
        counts = counts[seen[0] : seen[-1] + 1]
        low += int(seen[0])
        largest = int(counts.max())
        form = _form(int(counts.shape[0]), int(seen.shape[0]), largest)
        if form is None:
            return cls(low, None, counts.astype(_smallest(largest)))
        offsets = seen - seen[0]
        return cls(low, offsets.astype(form), counts[offsets].astype(_smallest(largest)))

    @property
    def is_dense(self) -> bool:
        """Whether the counts are held per value of the range (else per distinct value)."""
        return self.offsets is None

    @property
    def span(self) -> int:
        """Values from the smallest to the largest (0 when empty)."""
        if self.offsets is None:
            return int(self.counts.shape[0])
        return int(self.offsets[-1]) + 1 if self.offsets.shape[0] else 0

    @property
    def distinct(self) -> int:
        """How many distinct values were counted."""
        if self.offsets is None:
            return int(np.count_nonzero(self.counts))
        return int(self.offsets.shape[0])

    @property
    def total(self) -> int:
        """How many values were counted (with repeats)."""
        return int(self.counts.sum(dtype=np.int64))

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays."""
        return int(self.counts.nbytes) + (0 if self.offsets is None else int(self.offsets.nbytes))

    def sparse(self) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """The distinct values, sorted, and their counts (as int64 arrays)."""
        if self.offsets is None:
            seen = np.flatnonzero(self.counts)
            return seen + self.low, self.counts[seen].astype(np.int64)
        return self.offsets.astype(np.int64) + self.low, self.counts.astype(np.int64)

    def at_ranks(self, ranks: Sequence[int]) -> list[int]:
        """The values at 0-based ``ranks`` of the counted values sorted (each below `total`)."""
        running = np.cumsum(self.counts, dtype=np.int64)
        found = np.searchsorted(running, np.asarray(ranks, dtype=np.int64), side="right")
        offsets = found if self.offsets is None else self.offsets[found]
        return [self.low + int(i) for i in offsets.tolist()]

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
        span = max(part.low + part.span for part in full) - low
        if all(part.is_dense for part in full) and span <= 2 * sum(p.span for p in full):
            total = np.zeros(span, dtype=np.int64)
            for part in full:
                total[part.low - low : part.low - low + part.span] += part.counts.astype(np.int64)
            return cls._dense(low, total)
        pairs = [part.sparse() for part in full]
        values = np.concatenate([v for v, _ in pairs])
        order = np.argsort(values, kind="stable")  # a merge of sorted runs
        return cls.sorted_of(values[order], np.concatenate([c for _, c in pairs])[order])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Histogram):
            return NotImplemented
        return (
            self.low == other.low
            and _same(self.offsets, other.offsets)
            and _same(self.counts, other.counts)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        form = "dense" if self.is_dense else "sparse"
        return f"Histogram({form}, {self.distinct} distinct, {self.total} counted)"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled small: sparse offsets as differences in the smallest type that holds them."""
        if self.offsets is None or self.offsets.shape[0] < 2:
            return (Histogram, (self.low, self.offsets, self.counts))
        steps = np.diff(self.offsets)
        steps = steps.astype(_smallest(int(steps.max())))
        return (_unpickled, (self.low, self.offsets.dtype.str, steps, self.counts))


def _form(span: int, distinct: int, largest: int) -> type[np.unsignedinteger[Any]] | None:
    """The offset type of the sparse form if it is the smaller, else None (dense)."""
    count = np.dtype(_smallest(largest)).itemsize
    offset = _smallest(span - 1)
    if span * count <= distinct * (np.dtype(offset).itemsize + count):
        return None
    return offset


def _same(a: NDArray[Any] | None, b: NDArray[Any] | None) -> bool:
    """Both None, or equal arrays of the same type."""
    if a is None or b is None:
        return a is b
    return a.dtype == b.dtype and np.array_equal(a, b)


def _unpickled(
    low: int,
    kind: str,
    steps: NDArray[np.unsignedinteger[Any]],
    counts: NDArray[np.unsignedinteger[Any]],
) -> Histogram:
    """A sparse histogram from its pickle (see `Histogram.__reduce__`)."""
    offsets = np.zeros(steps.shape[0] + 1, dtype=kind)
    np.cumsum(steps, out=offsets[1:], dtype=kind)
    return Histogram(low, offsets, counts)
