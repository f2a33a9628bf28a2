"""A Monte Carlo that splits: runs drawn per block, percentiles by passes over blocks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
import dask.bag
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing import CostSeries, InvalidValueError, Normal, Uncertainty, simulate_costs
from outsourcing.costs.run_inputs import BLOCK_RUNS, RunInputs, draw_block, draw_inputs
from outsourcing.costs.simulation_blocks import SimulationBlocks, summarise_costs
from test_cost_simulation import ASSUMPTIONS, PAYROLL, UNCERTAIN, offshore

CONTRACT = offshore()


def _simulate(runs: int, seed: int, uncertainty: Uncertainty = UNCERTAIN) -> Any:
    return simulate_costs(
        PAYROLL, CONTRACT, assumptions=ASSUMPTIONS, uncertainty=uncertainty, runs=runs, seed=seed
    )


def _summarise(runs: int, seed: int, **options: Any) -> Any:
    return summarise_costs(
        PAYROLL,
        CONTRACT,
        assumptions=ASSUMPTIONS,
        uncertainty=UNCERTAIN,
        runs=runs,
        seed=seed,
        **options,
    )


@settings(max_examples=5)
@given(st.integers(1, 2 * BLOCK_RUNS + 50), st.integers(0, 2**32))
def test_block_summary_equals_the_one_call_simulation(runs: int, seed: int) -> None:
    """Percentiles and break-even months by passes over blocks equal those of one call."""
    whole = _simulate(runs, seed)
    summary = _summarise(runs, seed)
    for series in CostSeries:
        assert (
            summary.percentiles_minor(series).tolist() == whole.percentiles_minor(series).tolist()
        )
        assert summary.percentiles(series) == whole.percentiles(series)
    assert summary.break_even_distribution() == whole.break_even_distribution()
    assert summary.probability_of_break_even(7) == whole.probability_of_break_even(7)


@settings(max_examples=10)
@given(st.integers(1, 3 * BLOCK_RUNS), st.integers(0, 2**63))
def test_draws_are_the_blocks_drawn_one_by_one(runs: int, seed: int) -> None:
    """A simulation's draws are its blocks' draws, each from its own block seed."""
    options: dict[str, Any] = {
        "assumptions": ASSUMPTIONS,
        "assumed_index": ASSUMPTIONS.annual_volume_growth,
        "currencies": ["MAD"],
        "runs": runs,
        "seed": seed,
    }
    walking = attrs.evolve(UNCERTAIN, fx_monthly_change=Normal(0, 1))
    whole = draw_inputs(walking, **options)
    blocks = RunInputs.concatenate(
        [draw_block(walking, **options, block=b) for b in range(-(-runs // BLOCK_RUNS))]
    )
    assert whole.annual_volume_growth.shape == (runs,)
    assert whole.fx_rates["MAD"].tolist() == blocks.fx_rates["MAD"].tolist()
    assert whole.wage_inflation.tolist() == blocks.wage_inflation.tolist()
    assert whole.fx_paths["MAD"].shape == (ASSUMPTIONS.months, runs)
    assert np.array_equal(whole.fx_paths["MAD"], blocks.fx_paths["MAD"])


def test_block_summary_follows_monthly_exchange_rate_paths() -> None:
    """With a random walk of the exchange rate, blocks still give the one-call percentiles."""
    walking = attrs.evolve(UNCERTAIN, fx_monthly_change=Normal(0, 1))
    runs = BLOCK_RUNS + 40
    whole = _simulate(runs, 8, walking)
    summary = summarise_costs(
        PAYROLL, CONTRACT, assumptions=ASSUMPTIONS, uncertainty=walking, runs=runs, seed=8
    )
    for series in CostSeries:
        assert (summary.percentiles_minor(series) == whole.percentiles_minor(series)).all()


def test_full_blocks_do_not_depend_on_the_run_count() -> None:
    """Runs of a full block are the same whatever the simulation's run count."""
    short = _simulate(BLOCK_RUNS + 3, 11)
    long = _simulate(BLOCK_RUNS + 900, 11)
    assert np.array_equal(short.baseline_minor[:BLOCK_RUNS], long.baseline_minor[:BLOCK_RUNS])
    assert np.array_equal(short.alternative_minor[:BLOCK_RUNS], long.alternative_minor[:BLOCK_RUNS])


def test_a_dask_bag_fold_over_blocks_gives_the_same_summary() -> None:
    """Reducing the blocks with a Dask bag's fold (synchronous scheduler) changes nothing."""

    def on_dask(
        function: Callable[[int], Any], combine: Callable[[Any, Any], Any], blocks: Sequence[int]
    ) -> Any:
        bag = dask.bag.from_sequence(blocks, npartitions=2)  # type: ignore[no-untyped-call]
        return bag.map(function).fold(combine, split_every=2).compute(scheduler="synchronous")

    runs = 3 * BLOCK_RUNS + 17
    local = _summarise(runs, 4)
    distributed = _summarise(runs, 4, reduce_blocks=on_dask)
    for series in CostSeries:
        assert (local.percentiles_minor(series) == distributed.percentiles_minor(series)).all()
    assert local.break_even_counts.tolist() == distributed.break_even_counts.tolist()
    assert sum(local.break_even_counts.tolist()) == runs


@settings(max_examples=10, deadline=None)
@given(st.randoms(use_true_random=False))
def test_any_order_and_grouping_of_the_blocks_gives_the_same_summary(random: Any) -> None:
    """The combination is associative and commutative: blocks shuffled and grouped at random."""

    def shuffled(
        function: Callable[[int], Any], combine: Callable[[Any, Any], Any], blocks: Sequence[int]
    ) -> Any:
        order = list(blocks)
        random.shuffle(order)
        parts = [function(block) for block in order]
        while len(parts) > 1:  # pair neighbours at random until one is left
            i = random.randrange(len(parts) - 1)
            parts[i : i + 2] = [combine(parts[i], parts[i + 1])]
        return parts[0]

    runs = 3 * BLOCK_RUNS + 5
    grouped, local = _summarise(runs, 4, reduce_blocks=shuffled), _summarise(runs, 4)
    for series in CostSeries:
        assert (grouped.percentiles_minor(series) == local.percentiles_minor(series)).all()
    assert grouped.break_even_counts.tolist() == local.break_even_counts.tolist()


def test_a_simulation_too_large_for_memory_is_refused_with_its_estimate() -> None:
    """A million runs of 48 months are refused up front, stating the memory they would need."""
    with pytest.raises(InvalidValueError, match=r"would need about 11\.4 GiB") as caught:
        _simulate(1_000_000, 1)
    assert "summarise_costs" in str(caught.value)


def test_summary_arguments_are_checked() -> None:
    """Run counts, seeds and block numbers out of range are refused."""
    with pytest.raises(InvalidValueError, match=r"summarise_costs\.runs"):
        _summarise(0, 1)
    with pytest.raises(InvalidValueError, match=r"summarise_costs\.seed"):
        _summarise(10, -1)
    plan = SimulationBlocks((PAYROLL,), CONTRACT, ASSUMPTIONS, UNCERTAIN, 10, 1)
    with pytest.raises(InvalidValueError, match="block"):
        plan.series(1)


def test_constant_runs_summarise_to_their_value() -> None:
    """Without uncertainty every percentile is the one projection's value."""
    summary = summarise_costs(
        PAYROLL, CONTRACT, assumptions=ASSUMPTIONS, uncertainty=Uncertainty(), runs=30, seed=2
    )
    whole = _simulate(30, 2, Uncertainty())
    rows = summary.percentiles_minor(CostSeries.SAVINGS)
    assert (rows[0] == rows[2]).all()
    assert rows[1].tolist() == whole.savings_minor[0].tolist()
