"""Exact order statistics of values computed block by block, found in a few passes.

The values are too many to keep: each block of runs is computed when a pass needs it and
forgotten after. Each block gives a few arrays of ``rows × runs`` integers (a row is, say, a
month of one cost series); the wanted ranks are the same for every row. A pass maps the block
numbers to small results and adds them up, an associative and commutative combination, so any
engine can run it (see `BlockReduce`).

1. **A pilot.** One block is computed first, here. Its values place each wanted rank within a
   window that very probably holds it: the pilot's order statistics a few standard errors
   either side of the rank's share of the runs.
2. **Counting.** Every block counts, per row and rank, its values below the window and in each of
   4,096 equal buckets across it (and gives its smallest and largest values). The running count
   says which bucket holds the rank: the next, 4,096 times narrower window. A rank the pilot
   missed (below or above its window) gets the window between the window and the smallest or
   largest value, and is counted again.
3. **Gathering.** Once every rank is inside a bucket, and the buckets hold few values in all
   (the counts say how many: at most `GATHER_LIMIT`), each block gives the values themselves
   and the rank is selected among them. Otherwise the buckets are counted again, a window of
   one value meaning the rank's value is known.

The result does not depend on the pilot: it only decides how many passes are needed. For 10^8
runs of a 60-month projection it takes the pilot and two passes, against five for counting from
the smallest and largest values down to single cents.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from outsourcing.costs.integer_money import IntArray

__all__ = ["GATHER_LIMIT", "BlockReduce", "BlockValues", "reduce_in_process", "search_ranks"]

#: ``reduce_blocks(function, combine, blocks)``: ``function`` applied to every block number,
#: the results combined two by two with ``combine`` (associative and commutative, so in any
#: order and grouping) into one.
BlockReduce = Callable[[Callable[[int], Any], Callable[[Any, Any], Any], Sequence[int]], Any]

#: ``values(block)``: the block's arrays (each ``rows × runs``, int64, the same rows in every
#: block) and whatever else the first pass should add up for the caller (an int64 array).
BlockValues = Callable[[int], tuple[Sequence[IntArray], IntArray]]

_BITS = 12
_BUCKETS = 1 << _BITS
#: Most values the gathering pass may bring back in all (8 bytes each, and a row number);
#: above it the buckets are counted again.
GATHER_LIMIT = 1 << 23
#: How many standard errors of the pilot's order statistics the first window spans each side.
_PILOT_ERRORS = 6.0


def reduce_in_process(
    function: Callable[[int], Any], combine: Callable[[Any, Any], Any], blocks: Sequence[int]
) -> Any:  # noqa: ANN401 - whatever ``function`` returns
    """The default `BlockReduce`: one block at a time in this process, combined as it comes."""
    return functools.reduce(combine, map(function, blocks))


def _shift(span: IntArray) -> IntArray:
    """Per window, the bucket width's power of two so that 4,096 buckets cover ``span + 1``."""
    bits = np.array([int(v).bit_length() for v in span.ravel().tolist()], dtype=np.int64)
    return np.maximum(bits - _BITS, 0).reshape(span.shape)


def _pilot_windows(
    arrays: Sequence[IntArray], ranks: IntArray, total: int
) -> tuple[IntArray, IntArray]:
    """Start and bucket shift of each (array, rank, row) window, from one block's values."""
    runs = arrays[0].shape[1]
    starts, ends = [], []
    for data in arrays:
        ordered = np.sort(data, axis=1)
        low_row, high_row = [], []
        for rank in ranks.tolist():
            share = rank / total
            spread = _PILOT_ERRORS * math.sqrt(share * (1 - share) / runs * (1 - runs / total))
            low = min(max(math.floor((share - spread) * runs) - 1, 0), runs - 1)
            high = min(max(math.ceil((share + spread) * runs) + 1, 0), runs - 1)
            low_row.append(ordered[:, low])
            high_row.append(ordered[:, high])
        starts.append(np.stack(low_row))
        ends.append(np.stack(high_row))
    start, end = np.stack(starts), np.stack(ends)
    return start, _shift(end - start)


def _first_counts(
    values: BlockValues, start: IntArray, shift: IntArray, block: int
) -> tuple[IntArray, IntArray, IntArray, IntArray, IntArray]:
    """One block's smallest and largest values per row, its extra, and its counts."""
    arrays, extra = values(block)
    low = np.stack([data.min(axis=1) for data in arrays])
    high = np.stack([data.max(axis=1) for data in arrays])
    below, counts = _count(arrays, start, shift)
    return low, high, extra, below, counts


def _first_combined(
    first: tuple[IntArray, IntArray, IntArray, IntArray, IntArray],
    second: tuple[IntArray, IntArray, IntArray, IntArray, IntArray],
) -> tuple[IntArray, IntArray, IntArray, IntArray, IntArray]:
    """Two first-pass results: the smaller lows, the larger highs, the rest added."""
    return (
        np.minimum(first[0], second[0]),
        np.maximum(first[1], second[1]),
        first[2] + second[2],
        first[3] + second[3],
        first[4] + second[4],
    )


def _count(
    arrays: Sequence[IntArray], start: IntArray, shift: IntArray
) -> tuple[IntArray, IntArray]:
    """Per array, rank and row: values below ``start`` and in each bucket from it."""
    below = np.zeros(start.shape, dtype=np.int64)
    counts = np.zeros((*start.shape, _BUCKETS), dtype=np.int64)
    rows = start.shape[2]
    offsets = np.arange(rows, dtype=np.int64)[:, None] * _BUCKETS
    for a, data in enumerate(arrays):
        for r in range(start.shape[1]):
            first = start[a, r][:, None]
            under = data < first
            below[a, r] = np.count_nonzero(under, axis=1)
            keys = np.right_shift(data - first, shift[a, r][:, None])
            inside = ~under & (keys < _BUCKETS)
            flat = (keys + offsets)[inside]
            counts[a, r] = np.bincount(flat, minlength=rows * _BUCKETS).reshape(rows, _BUCKETS)
    return below, counts


def _block_counts(
    values: BlockValues, start: IntArray, shift: IntArray, block: int
) -> tuple[IntArray, IntArray]:
    """One block's counts below and in each bucket of every window."""
    return _count(values(block)[0], start, shift)


def _added(first: tuple[IntArray, ...], second: tuple[IntArray, ...]) -> tuple[IntArray, ...]:
    """Two count results added array by array."""
    return tuple(a + b for a, b in zip(first, second, strict=True))


def _gather(
    values: BlockValues, start: IntArray, end: IntArray, block: int
) -> tuple[IntArray, IntArray]:
    """One block's values in each window ``[start, end)``: their window numbers and values."""
    arrays = values(block)[0]
    ranks, rows = start.shape[1], start.shape[2]
    cells, found = [], []
    for a, data in enumerate(arrays):
        for r in range(ranks):
            inside = (data >= start[a, r][:, None]) & (data < end[a, r][:, None])
            row, _ = np.nonzero(inside)
            cells.append(row + (a * ranks + r) * rows)
            found.append(data[inside])
    return np.concatenate(cells).astype(np.int64), np.concatenate(found).astype(np.int64)


def _concatenated(
    first: tuple[IntArray, IntArray], second: tuple[IntArray, IntArray]
) -> tuple[IntArray, IntArray]:
    """Two gathered results put together."""
    return np.concatenate((first[0], second[0])), np.concatenate((first[1], second[1]))


def search_ranks(
    values: BlockValues,
    ranks: Sequence[int],
    total: int,
    blocks: Sequence[int],
    *,
    reduce: BlockReduce = reduce_in_process,
    pilot: int = 0,
    gather_limit: int = GATHER_LIMIT,
) -> tuple[IntArray, IntArray]:
    """The values at 0-based ``ranks`` of every row over all blocks, and the extras added up.

    Args:
        values: The block's arrays and extra (see `BlockValues`).
        ranks: 0-based ranks, each in ``0..total - 1``.
        total: Number of values per row over all blocks.
        blocks: The block numbers.
        reduce: How to map the blocks and combine their results.
        pilot: The block computed first to place the windows.
        gather_limit: Most values the gathering pass may bring back.

    Returns:
        The values, ``arrays × ranks × rows``, and the first pass's extras combined by addition.
    """
    wanted_ranks = np.array(ranks, dtype=np.int64)
    start, shift = _pilot_windows(values(pilot)[0], wanted_ranks, total)
    low, high, extra, below, counts = reduce(
        functools.partial(_first_counts, values, start, shift), _first_combined, blocks
    )
    wanted = np.broadcast_to(wanted_ranks[None, :, None], start.shape)
    smallest = np.broadcast_to(low[:, None, :], start.shape)
    largest = np.broadcast_to(high[:, None, :], start.shape)
    while True:
        running = np.cumsum(counts, axis=3) + below[..., None]
        under = below > wanted
        over = running[..., -1] <= wanted
        bucket = np.minimum(np.count_nonzero(running <= wanted[..., None], axis=3), _BUCKETS - 1)
        before = np.where(
            bucket > 0,
            np.take_along_axis(running, np.maximum(bucket - 1, 0)[..., None], axis=3)[..., 0],
            below,
        )
        held = np.take_along_axis(counts, bucket[..., None], axis=3)[..., 0]
        inside = ~under & ~over
        found = inside & (shift == 0)
        # a rank below or above its window: the window from the smallest value, or to the largest
        beyond = start + (np.int64(_BUCKETS) << shift)
        next_start = np.where(under, smallest, np.where(over, beyond, start + (bucket << shift)))
        next_end = np.where(under, start - 1, np.where(over, largest, next_start))
        if found.all():
            return next_start, extra
        if not (under | over).any() and int(held[~found].sum()) <= gather_limit:
            end = np.where(found, next_start, next_start + (np.int64(1) << shift))
            cells, gathered = reduce(
                functools.partial(_gather, values, next_start, end), _concatenated, blocks
            )
            ordered = gathered[np.lexsort((gathered, cells))]
            first = np.cumsum(np.bincount(cells, minlength=start.size)) - np.bincount(
                cells, minlength=start.size
            )
            at = first.reshape(start.shape) + (wanted - before)
            chosen = next_start.copy()
            chosen[~found] = ordered[at[~found]]
            return chosen, extra
        shift = np.where(
            inside, np.maximum(shift - _BITS, 0), _shift(np.maximum(next_end - next_start, 0))
        )
        start = next_start
        below, counts = reduce(
            functools.partial(_block_counts, values, start, shift), _added, blocks
        )
