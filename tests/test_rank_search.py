"""Exact order statistics of values computed block by block (`search_ranks`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from outsourcing.costs.integer_money import IntArray
from outsourcing.costs.rank_search import BlockReduce, reduce_in_process, search_ranks


def _blocks_of(data: IntArray, size: int) -> Callable[[int], tuple[list[IntArray], IntArray]]:
    """Values of ``data`` (arrays × rows × runs) cut into blocks of ``size`` runs."""

    def values(block: int) -> tuple[list[IntArray], IntArray]:
        part = data[:, :, block * size : (block + 1) * size]
        return list(part), np.array([part.shape[2]], dtype=np.int64)

    return values


def _counting(passes: list[int]) -> BlockReduce:
    """`reduce_in_process`, counting its calls (the passes) in ``passes``."""

    def reduce(
        function: Callable[[int], Any], combine: Callable[[Any, Any], Any], blocks: Sequence[int]
    ) -> Any:
        passes.append(1)
        return reduce_in_process(function, combine, blocks)

    return reduce


def _sorted_ranks(data: IntArray, ranks: list[int]) -> IntArray:
    """The slow reference: every row sorted, the ranks read."""
    return np.sort(data, axis=2)[:, :, ranks].transpose(0, 2, 1)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_ranks_by_passes_equal_the_sorted_values(data: st.DataObject) -> None:
    """Any values, block size, pilot and gathering limit give the sorted values' ranks."""
    arrays, rows, runs = data.draw(
        st.tuples(st.integers(1, 3), st.integers(1, 4), st.integers(1, 300))
    )
    size = data.draw(st.integers(1, 40), label="block size")
    scale = data.draw(st.sampled_from([1, 1000, 2**40, 2**60]), label="scale")
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    gather_limit = data.draw(st.sampled_from([0, 1, 50, 1 << 23]), label="gather limit")
    random = np.random.default_rng(seed)
    values = (random.standard_normal((arrays, rows, runs)) * float(scale)).astype(np.int64)
    if data.draw(st.booleans(), label="ties"):  # a few distinct values only
        values = values % 3
    ranks = sorted(data.draw(st.lists(st.integers(0, runs - 1), min_size=1, max_size=4)))
    blocks = list(range(-(-runs // size)))
    pilot = data.draw(st.sampled_from(blocks), label="pilot")
    found, extra = search_ranks(
        _blocks_of(values, size), ranks, runs, blocks, pilot=pilot, gather_limit=gather_limit
    )
    assert found.tolist() == _sorted_ranks(values, ranks).tolist()
    assert extra.tolist() == [runs]


@settings(max_examples=20, deadline=None)
@given(hnp.arrays(np.int64, (2, 1, 64), elements=st.integers(-(2**61), 2**61)))
def test_any_integers_are_ranked_exactly(values: IntArray) -> None:
    """Values anywhere in ±2^61, in blocks of 8, ranked as sorting ranks them."""
    ranks = [0, 6, 31, 57, 63]
    found, _ = search_ranks(_blocks_of(values, 8), ranks, 64, list(range(8)))
    assert found.tolist() == _sorted_ranks(values, ranks).tolist()


def test_a_pilot_block_unlike_the_others_costs_a_pass_not_the_answer() -> None:
    """A pilot block of values far above the rest misplaces every window: counted again."""
    random = np.random.default_rng(3)
    values = random.integers(0, 1_000_000, (1, 2, 40_000))
    values[:, :, :1000] += 10**9  # block 0, the pilot, is far above every other block
    ranks = [3999, 19_999, 35_999]
    passes: list[int] = []
    found, _ = search_ranks(
        _blocks_of(values, 1000), ranks, 40_000, list(range(40)), reduce=_counting(passes)
    )
    assert found.tolist() == _sorted_ranks(values, ranks).tolist()
    assert len(passes) == 3  # counted in the pilot's windows, again below them, then gathered


def test_like_blocks_take_two_passes() -> None:
    """Blocks drawn alike: one counting pass, then the few values of each bucket gathered."""
    random = np.random.default_rng(4)
    values = random.normal(5e6, 1e6, (4, 60, 100_000)).astype(np.int64)
    ranks = [9_999, 49_999, 89_999]
    passes: list[int] = []
    found, _ = search_ranks(
        _blocks_of(values, 8192), ranks, 100_000, list(range(13)), reduce=_counting(passes)
    )
    assert found.tolist() == _sorted_ranks(values, ranks).tolist()
    assert len(passes) == 2


def test_a_constant_row_is_found_in_the_first_pass() -> None:
    """Every run equal: the pilot's window is that one value, known after one pass."""
    values = np.full((1, 3, 500), 1234, dtype=np.int64)
    passes: list[int] = []
    found, _ = search_ranks(
        _blocks_of(values, 100), [0, 250, 499], 500, list(range(5)), reduce=_counting(passes)
    )
    assert found.tolist() == [[[1234] * 3] * 3]
    assert len(passes) == 1
