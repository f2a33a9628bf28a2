"""Histograms of measured times: exact counts in the smaller of a dense and a sparse form."""

from __future__ import annotations

import itertools
import pickle
from collections import Counter
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing.sla.histogram import Histogram

# Values that fill a small range (dense) mixed with values spread far apart (sparse).
VALUES = st.lists(st.one_of(st.integers(0, 40), st.integers(-(2**40), 2**40)), max_size=60)
WEIGHTED = st.lists(
    st.tuples(
        st.one_of(st.integers(100, 130), st.integers(-(10**9), 10**9)),
        st.sampled_from([1, 2, 300, 70_000, 5_000_000_000]),
    ),
    max_size=40,
)


def _of(pairs: list[tuple[int, int]]) -> Histogram:
    values = np.array([v for v, _ in pairs], dtype=np.int64)
    return Histogram.of(values, np.array([c for _, c in pairs], dtype=np.int64))


def _reference(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The slow reference: distinct values, sorted, with their counts added up."""
    total: Counter[int] = Counter()
    for value, count in pairs:
        total[value] += count
    return sorted(total.items())


def _as_pairs(histogram: Histogram) -> list[tuple[int, int]]:
    values, counts = histogram.sparse()
    return list(zip(values.tolist(), counts.tolist(), strict=True))


def test_values_filling_their_range_are_held_densely() -> None:
    """5, 5, 7: three one-byte counts (2, 0, 1) are smaller than two offsets and two counts."""
    histogram = Histogram.of(np.array([7, 5, 5], dtype=np.int64))
    assert histogram.is_dense
    assert histogram.low == 5
    assert histogram.counts.tolist() == [2, 0, 1]
    assert histogram.counts.dtype == np.uint8
    assert (histogram.distinct, histogram.total, histogram.nbytes) == (2, 3, 3)
    assert histogram.at_ranks([0, 1, 2]) == [5, 5, 7]


def test_values_far_apart_are_held_sparsely() -> None:
    """0 and 1000: two 2-byte offsets and two 1-byte counts (6 bytes), not 1001 counts."""
    histogram = Histogram.of(np.array([1000, 0, 1000], dtype=np.int64))
    assert not histogram.is_dense
    assert histogram.offsets is not None
    assert histogram.offsets.tolist() == [0, 1000]
    assert histogram.offsets.dtype == np.uint16
    assert histogram.counts.tolist() == [1, 2]
    assert histogram.nbytes == 6
    assert histogram.at_ranks([0, 1, 2]) == [0, 1000, 1000]


def test_counts_take_the_smallest_type_that_holds_them() -> None:
    """A count of 70,000 needs 4 bytes; 300 needs 2."""
    assert _of([(1, 70_000), (2, 1)]).counts.dtype == np.uint32
    assert _of([(1, 300), (2, 1)]).counts.dtype == np.uint16


def test_two_dense_histograms_may_merge_into_a_sparse_one() -> None:
    """Every other value of 0-8 and of 26-34: dense apart (9 counts each), sparse together.

    Together they span 35 values for 10 distinct: 35 one-byte counts against 10 one-byte
    offsets and 10 one-byte counts.
    """
    low = Histogram.of(np.arange(0, 10, 2, dtype=np.int64))
    high = Histogram.of(np.arange(26, 36, 2, dtype=np.int64))
    assert low.is_dense
    assert high.is_dense
    both = low.merge(high)
    assert not both.is_dense
    assert both.nbytes == 20
    assert both.sparse()[0].tolist() == [0, 2, 4, 6, 8, 26, 28, 30, 32, 34]


def test_counts_past_four_bytes_add_up_exactly() -> None:
    """5,000,000,000 tickets at one second take 8-byte counts, and add as integers."""
    big = _of([(1, 5_000_000_000), (2, 1)])
    assert big.is_dense
    assert big.counts.dtype == np.uint64
    both = big.merge(_of([(2, 1)]))
    assert both.sparse()[1].tolist() == [5_000_000_000, 2]
    assert both.total == 5_000_000_002


def test_an_empty_histogram() -> None:
    """No value: nothing counted, no percentile, merging with it changes nothing."""
    empty = Histogram.of(np.zeros(0, dtype=np.int64))
    assert (empty.distinct, empty.total, empty.span, empty.nbytes) == (0, 0, 0, 0)
    one = Histogram.of(np.array([3], dtype=np.int64))
    assert one.merge(empty) == one
    assert Histogram.combine([]) == empty
    assert pickle.loads(pickle.dumps(empty)) == empty  # noqa: S301 - our own pickle


@given(WEIGHTED)
def test_agrees_with_a_slow_count(pairs: list[tuple[int, int]]) -> None:
    """Distinct values and counts are those of a plain count of the values."""
    histogram = _of(pairs)
    assert _as_pairs(histogram) == _reference(pairs)
    assert histogram.total == sum(c for _, c in pairs)


@given(VALUES, st.data())
def test_ranks_read_the_sorted_values(values: list[int], data: Any) -> None:
    """The value at each rank is the one a sorted list of every value has there."""
    histogram = Histogram.of(np.array(values, dtype=np.int64))
    ordered = sorted(values)
    if ordered:
        ranks = data.draw(st.lists(st.integers(0, len(ordered) - 1), max_size=5))
        assert histogram.at_ranks(ranks) == [ordered[r] for r in ranks]


@given(WEIGHTED)
def test_the_form_held_is_the_smaller(pairs: list[tuple[int, int]]) -> None:
    """Dense when a count per value of the range costs no more than an offset and a count each."""
    histogram = _of(pairs)
    if histogram.distinct == 0:
        return
    count = histogram.counts.dtype.itemsize
    dense = histogram.span * count
    offset = 1 if histogram.span <= 256 else 2 if histogram.span <= 65_536 else 4
    offset = 8 if histogram.span > 2**32 else offset
    assert histogram.is_dense == (dense <= histogram.distinct * (offset + count))
    assert histogram.nbytes == min(dense, histogram.distinct * (offset + count))


@settings(max_examples=200)
@given(WEIGHTED, WEIGHTED, WEIGHTED)
def test_merging_is_commutative_and_associative(
    a: list[tuple[int, int]], b: list[tuple[int, int]], c: list[tuple[int, int]]
) -> None:
    """Any order and grouping gives the same histogram, in the same form, as counting all."""
    x, y, z = _of(a), _of(b), _of(c)
    whole = _of(a + b + c)
    assert x.merge(y) == y.merge(x)
    assert x.merge(y).merge(z) == x.merge(y.merge(z)) == whole
    assert Histogram.combine([z, x, y]) == whole


@given(VALUES, st.lists(st.integers(0, 60), max_size=5))
def test_any_split_merges_back_to_the_whole(values: list[int], cuts: list[int]) -> None:
    """Cut the values anywhere: the parts merged are the whole, dense or sparse alike."""
    array = np.array(values, dtype=np.int64)
    bounds = [0, *sorted(min(c, len(values)) for c in cuts), len(values)]
    parts = [Histogram.of(array[s:e]) for s, e in itertools.pairwise(bounds)]
    assert Histogram.combine(parts) == Histogram.of(array)


@given(WEIGHTED)
def test_pickling_round_trips(pairs: list[tuple[int, int]]) -> None:
    """A histogram sent to another process comes back equal, in the same form and types."""
    histogram = _of(pairs)
    assert pickle.loads(pickle.dumps(histogram)) == histogram  # noqa: S301 - our own pickle


def test_a_sparse_pickle_is_smaller_than_its_arrays() -> None:
    """10,000 values 1,000 apart: offsets need 4 bytes, their steps of 1,000 only 2."""
    histogram = Histogram.of(np.arange(0, 10_000_000, 1000, dtype=np.int64))
    assert not histogram.is_dense
    assert histogram.nbytes == 10_000 * (4 + 1)
    assert len(pickle.dumps(histogram)) < 10_000 * (2 + 1) + 500


def test_histograms_compare_only_with_histograms() -> None:
    """Equality is by content; a histogram is not equal to anything else."""
    one = Histogram.of(np.array([1], dtype=np.int64))
    assert one != 1
    assert "1 distinct, 1 counted" in repr(one)
