"""Order statistics of many runs, month by month, exact and without sorting the runs.

The nearest-rank percentiles of the runs (`outsourcing.percentiles`) are order statistics: P*q*
of *n* runs is the ``ceil(q/100 × n)``-th smallest value, an exact amount of one of the runs.
Selecting three order statistics per month with `numpy.partition` costs more than the whole
simulation, so `order_statistics` selects them by counting:

1. each month's values are mapped to one of 256 buckets by ``(value − month minimum) >> shift``,
   a non-decreasing map, so the *k*-th smallest value lies in the *k*-th smallest bucket;
2. one `numpy.bincount` over all months gives the bucket counts, their running sums give, for
   each wanted rank, its bucket and how many values lie below that bucket;
3. only the values of the wanted buckets (a few dozen per month) are sorted.

The result is the same as sorting each month (a slow reference in the tests checks it); arrays
that are not int64 (Python integers after an overflow) or spans too wide to shift safely use
`numpy.partition`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from outsourcing.costs.integer_money import IntArray

__all__ = ["order_statistics"]

_BITS = 10
_BUCKETS = 1 << _BITS
_SMALL = 512  # fewer runs than this: partition directly
_SAFE_SPAN = 1 << 62


def _partitioned(values: IntArray, ranks: Sequence[int]) -> IntArray:
    ordered = np.partition(values, sorted(set(ranks)), axis=1)
    return np.ascontiguousarray(ordered[:, list(ranks)].T)


def order_statistics(values: IntArray, ranks: Sequence[int]) -> IntArray:
    """The ``ranks``-th smallest values (0-based) of each row of ``values`` (rows × n).

    Returns an array of ``len(ranks)`` × rows. Exact for any int64 input; rows whose values are
    all equal cost nothing beyond their minimum and maximum.
    """
    rows, n = values.shape
    if values.dtype != np.int64 or n < _SMALL or rows == 0:
        return _partitioned(values, ranks)
    low = values.min(axis=1)
    high = values.max(axis=1)
    if int(high.max()) - int(low.min()) >= _SAFE_SPAN:
        return _partitioned(values, ranks)
    spans = (high - low).tolist()
    shifts = np.array([max(0, int(s).bit_length() - _BITS) for s in spans], dtype=np.int64)
    keys = np.subtract(values, low[:, None])
    np.right_shift(keys, shifts[:, None], out=keys)
    np.add(keys, (np.arange(rows, dtype=np.int64) * _BUCKETS)[:, None], out=keys)
    flat_keys = keys.ravel()
    counts = np.bincount(flat_keys, minlength=rows * _BUCKETS).reshape(rows, _BUCKETS)
    running = np.cumsum(counts, axis=1)
    wanted = np.array(ranks, dtype=np.int64)[:, None]  # ranks × 1
    # bucket of each rank: how many buckets end at or before it (ranks × rows)
    bucket = np.count_nonzero(running[None, :, :] <= wanted[:, :, None], axis=2)
    below = np.where(bucket > 0, np.take_along_axis(running.T, np.maximum(bucket - 1, 0), 0), 0)
    targets = bucket + np.arange(rows, dtype=np.int64)[None, :] * _BUCKETS
    chosen = np.zeros(rows * _BUCKETS, dtype=bool)
    chosen[targets.ravel()] = True
    constant = low == high
    chosen[np.flatnonzero(constant) * _BUCKETS] = False  # answered by their minimum
    positions = np.flatnonzero(chosen[flat_keys])
    candidate_keys = flat_keys[positions]
    candidate_values = values.ravel()[positions]
    order = np.lexsort((candidate_values, candidate_keys))
    candidate_keys = candidate_keys[order]
    candidate_values = candidate_values[order]
    start = np.searchsorted(candidate_keys, targets.ravel(), side="left")
    offset = (wanted - below).ravel()
    picked = np.where(
        np.tile(constant, len(ranks)),
        np.tile(low, len(ranks)),
        candidate_values[np.minimum(start + offset, max(candidate_values.size - 1, 0))]
        if candidate_values.size
        else 0,
    )
    return np.ascontiguousarray(picked.reshape(len(ranks), rows))
