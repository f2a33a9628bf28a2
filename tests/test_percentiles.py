"""Nearest-rank order statistics by counting: agreement with sorting, on any int64 rows."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from outsourcing.costs.order_statistics import order_statistics
from outsourcing.percentiles import nearest_ranks

_INT64 = np.iinfo(np.int64)


def _reference(values: np.ndarray, ranks: list[int]) -> list[list[int]]:
    """The ranks-th smallest values of each row, by sorting Python ints (slow reference)."""
    rows = [sorted(int(v) for v in row) for row in values]
    return [[row[k] for row in rows] for k in ranks]


@settings(max_examples=40)
@given(
    st.integers(1, 4),
    st.integers(1, 1500),
    st.sampled_from(
        [(0, 3), (-(10**6), 10**6), (-(2**60), 2**60), (_INT64.min // 2, _INT64.max // 2)]
    ),
    st.integers(0, 2**32),
)
def test_order_statistics_equal_sorting(
    rows: int, n: int, span: tuple[int, int], seed: int
) -> None:
    """Every selected value is the one sorting each row gives, for narrow and huge spans."""
    rng = np.random.default_rng(seed)
    values = rng.integers(span[0], span[1], size=(rows, n), endpoint=True)
    ranks = nearest_ranks(n, (10, 50, 90))
    assert order_statistics(values, ranks).tolist() == _reference(values, ranks)


@settings(max_examples=20)
@given(hnp.arrays(np.int64, st.tuples(st.integers(1, 3), st.integers(512, 900))))
def test_order_statistics_on_arbitrary_int64(values: np.ndarray) -> None:
    """Ties, constant rows and extreme values select exactly what sorting selects."""
    ranks = nearest_ranks(values.shape[1], (1, 10, 50, 90, 100))
    assert order_statistics(values, ranks).tolist() == _reference(values, ranks)


@given(st.integers(1, 10**6), st.sampled_from([1, 10, 50, 90, 100]))
def test_nearest_rank_is_ceil_of_the_share(runs: int, q: int) -> None:
    """The rank of Pq among n runs is ceil(q·n/100), at least 1 (0-based: minus one)."""
    (rank,) = nearest_ranks(runs, (q,))
    assert rank == max(1, math.ceil(q * runs / 100)) - 1
    assert 0 <= rank < runs


def test_nearest_rank_by_hand() -> None:
    """Of 10 sorted values, P10 is the 1st, P50 the 5th, P90 the 9th; of 3, P50 is the 2nd."""
    assert nearest_ranks(10, (10, 50, 90, 100)) == [0, 4, 8, 9]
    assert nearest_ranks(3, (50,)) == [1]
    assert nearest_ranks(1, (1, 99)) == [0, 0]
