"""A Monte Carlo summarised block by block: exact percentiles of any number of runs.

`simulate_costs` keeps every run's monthly totals (runs × months per series), which bounds the
number of runs by memory. `summarise_costs` keeps none: the runs are computed in blocks of
`BLOCK_RUNS` (each drawn from its own seed, see `outsourcing.costs.run_inputs`), and the summary
is built by a few passes over the blocks (`outsourcing.costs.rank_search`): one block computed
first places each percentile in a narrow window; the first pass counts every block's values in
4,096 buckets across each window (and the break-even months); the second gathers the few values
of the bucket that holds each percentile, which is then selected exactly. A percentile the first
block misplaced is counted again from the smallest or largest value.

The result is the nearest-rank percentile `simulate_costs` gives for the same seed and run count,
to the cent (a property test checks it), with memory for one block at a time. Each pass maps
block numbers to arrays and combines them (adds counts, takes minima and maxima, puts gathered
values together): an associative, commutative combination, so any engine can run it and combine
where the blocks were computed. The default reduces in this process, one block at a time;
``reduce_blocks`` takes another (a Dask bag's ``fold``, say), and results do not change. The
first pass's arrays are about 24 MB a block at 60 months, so an engine must combine them as they
come rather than gather them all: 10^8 runs are 12,208 blocks. On Dask, start the workers with
``MALLOC_TRIM_THRESHOLD_`` unset (Dask sets it to 65,536 by default): with it, a million runs
cost the workers 3.5 times the CPU time, mostly the kernel mapping fresh pages.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Decimal

import attrs
import numpy as np

from outsourcing.arrays import read_only
from outsourcing.costs.assumptions import CostAssumptions, Uncertainty
from outsourcing.costs.horizon import Month
from outsourcing.costs.integer_money import IntArray
from outsourcing.costs.lines import CostBasis, cost_basis
from outsourcing.costs.rank_search import BlockReduce, reduce_in_process, search_ranks
from outsourcing.costs.run_costs import RunCosts
from outsourcing.costs.run_inputs import BLOCK_RUNS, assumed_index, block_count, draw_block
from outsourcing.costs.simulation import (
    PERCENTILES,
    CostSeries,
    MonthlyPercentiles,
    _bases,
    _break_even,
    _running_sum,
)
from outsourcing.exceptions import InvalidValueError
from outsourcing.model.contract import Contract
from outsourcing.model.money import Money
from outsourcing.model.process import Process
from outsourcing.percentiles import nearest_ranks

__all__ = ["CostSummary", "SimulationBlocks", "summarise_costs"]

_SERIES = tuple(CostSeries)
#: Largest run count `summarise_costs` accepts (10^10 runs: the counts stay exact in int64).
MAX_SUMMARY_RUNS = 10**10


@attrs.frozen(eq=False)
class SimulationBlocks:
    """The runs of a simulation as blocks that can each be computed on their own.

    Attributes:
        processes: The processes (their in-house cost basis is the baseline).
        contract: The outsourcing contract (the alternative).
        assumptions: The central assumptions.
        uncertainty: The distributions of the uncertain inputs.
        runs: Number of runs.
        seed: The seed.
    """

    processes: tuple[Process, ...]
    contract: Contract
    assumptions: CostAssumptions
    uncertainty: Uncertainty
    runs: int
    seed: int
    _baseline: CostBasis = attrs.field(init=False, repr=False)
    _alternative: CostBasis = attrs.field(init=False, repr=False)
    _currencies: list[str] = attrs.field(init=False, repr=False)
    _assumed_index: Decimal = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        assumptions = self.assumptions
        baseline = cost_basis(self.processes, None, assumptions)
        alternative = cost_basis(self.processes, self.contract, assumptions)
        currencies = sorted(
            {item.currency for b in (baseline, alternative) for item in b.items}
            - {assumptions.currency}
        )
        for code in currencies:
            assumptions.fx_rate(code)
        index = assumed_index(alternative, self.uncertainty)
        object.__setattr__(self, "_baseline", baseline)
        object.__setattr__(self, "_alternative", alternative)
        object.__setattr__(self, "_currencies", currencies)
        object.__setattr__(self, "_assumed_index", index)

    @property
    def blocks(self) -> int:
        """Number of blocks."""
        return block_count(self.runs)

    @property
    def months(self) -> tuple[Month, ...]:
        """The projected months."""
        return self._alternative.months

    def series(self, block: int) -> tuple[dict[CostSeries, IntArray], IntArray]:
        """Every series of block ``block`` (months × its runs, minor units) and break-even months.

        The runs are those `simulate_costs` computes for the same seed and run count.
        """
        if not 0 <= block < self.blocks:
            raise InvalidValueError("block", block, f"must be in 0..{self.blocks - 1}")
        inputs = draw_block(
            self.uncertainty,
            assumptions=self.assumptions,
            assumed_index=self._assumed_index,
            currencies=self._currencies,
            runs=self.runs,
            seed=self.seed,
            block=block,
        )
        size = min(self.runs, (block + 1) * BLOCK_RUNS) - block * BLOCK_RUNS
        engine = RunCosts(inputs, self.assumptions, self.assumptions.months, size)
        baseline = engine.costs([self._baseline], None)
        alternative = engine.costs(
            *_bases(self.processes, self.contract, self.assumptions, inputs.transition_delay_months)
        )
        savings = baseline - alternative
        cumulative = _running_sum(savings)
        values = {
            CostSeries.BASELINE: baseline,
            CostSeries.ALTERNATIVE: alternative,
            CostSeries.SAVINGS: savings,
            CostSeries.CUMULATIVE_SAVINGS: cumulative,
        }
        for name, array in values.items():
            if array.dtype != np.int64:
                raise InvalidValueError(
                    f"summarise_costs.{name}", "beyond int64", "amounts too large to summarise"
                )
        return values, _break_even(cumulative)


@attrs.frozen(eq=False)
class CostSummary:
    """P10/P50/P90 of each series per month and the break-even months, of many runs.

    Attributes:
        currency: Reporting currency.
        months: The projected months.
        runs: Number of runs.
        seed: The seed.
        percentiles_by_series: P10, P50 and P90 rows (3 × months, minor units) by series.
        break_even_counts: Runs per break-even month (index 0: never), as `simulate_costs`'s
            ``break_even_months`` counted.
    """

    currency: str
    months: tuple[Month, ...]
    runs: int
    seed: int
    percentiles_by_series: dict[CostSeries, IntArray]
    break_even_counts: IntArray

    def percentiles_minor(self, series: CostSeries | str) -> IntArray:
        """P10, P50 and P90 rows (3 × months) of ``series`` in minor units, nearest-rank."""
        return self.percentiles_by_series[CostSeries(series)]

    def percentiles(self, series: CostSeries | str) -> MonthlyPercentiles:
        """P10, P50 and P90 of ``series`` for each month."""
        rows = self.percentiles_minor(series)
        p10, p50, p90 = (
            tuple(Money.from_minor(int(v), self.currency) for v in row) for row in rows
        )
        return MonthlyPercentiles(p10, p50, p90)

    def probability_of_break_even(self, by_month: int) -> Decimal:
        """Share of runs whose break-even month is ``by_month`` or earlier."""
        hits = int(self.break_even_counts[1 : max(by_month, 0) + 1].sum())
        return Decimal(hits) / Decimal(self.runs)

    def break_even_distribution(self) -> dict[int | None, int]:
        """How many runs break even in each month (None: not within the horizon)."""
        return {
            (month or None): int(count)
            for month, count in enumerate(self.break_even_counts.tolist())
            if count
        }


def _block_values(blocks: SimulationBlocks, block: int) -> tuple[list[IntArray], IntArray]:
    """A block's series (in `CostSeries` order) and its break-even months counted."""
    values, break_even = blocks.series(block)
    counts = np.bincount(break_even, minlength=len(blocks.months) + 1).astype(np.int64)
    return [values[series] for series in _SERIES], counts


def summarise_costs(
    processes: Process | Iterable[Process],
    contract: Contract,
    *,
    assumptions: CostAssumptions,
    uncertainty: Uncertainty,
    runs: int,
    seed: int,
    reduce_blocks: BlockReduce | None = None,
) -> CostSummary:
    """Summarise a simulation of any number of runs, in memory for one block of runs at a time.

    Gives, to the cent, the percentiles and break-even figures `simulate_costs` gives for the
    same arguments, without keeping the runs (see the module docstring for how).

    Args:
        processes: The processes concerned (their in-house cost basis is the baseline).
        contract: The outsourcing contract (the alternative).
        assumptions: The central assumptions.
        uncertainty: The distributions of the uncertain inputs.
        runs: Number of runs (1 to 10^10).
        seed: Seed of the random streams.
        reduce_blocks: How to apply a function to every block number and combine the results
            (None: `reduce_in_process`). An engine combines where it computes (a tree of
            additions), so memory stays that of a few blocks per worker.

    Raises:
        InvalidValueError: ``runs`` or ``seed`` out of range, or a currency without an exchange
            rate.
    """
    given: object = runs
    if isinstance(given, bool) or not isinstance(given, int) or not 1 <= given <= MAX_SUMMARY_RUNS:
        raise InvalidValueError(
            "summarise_costs.runs", runs, f"must be a whole number in 1..{MAX_SUMMARY_RUNS}"
        )
    given_seed: object = seed
    if isinstance(given_seed, bool) or not isinstance(given_seed, int) or given_seed < 0:
        raise InvalidValueError("summarise_costs.seed", seed, "must be a whole number >= 0")
    processes = (processes,) if isinstance(processes, Process) else tuple(processes)
    plan = SimulationBlocks(processes, contract, assumptions, uncertainty, runs, seed)
    found, break_even = search_ranks(
        functools.partial(_block_values, plan),
        nearest_ranks(runs, PERCENTILES),
        runs,
        list(range(plan.blocks)),
        reduce=reduce_blocks or reduce_in_process,
    )
    percentiles = {series: read_only(found[s]) for s, series in enumerate(_SERIES)}
    return CostSummary(
        currency=assumptions.currency,
        months=plan.months,
        runs=runs,
        seed=seed,
        percentiles_by_series=percentiles,
        break_even_counts=read_only(break_even.astype(np.int64)),
    )
