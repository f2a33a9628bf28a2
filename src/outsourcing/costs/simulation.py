"""Monte Carlo over uncertain assumptions, vectorised in integer cents and exact to the cent.

`simulate_costs` draws, for each run, one value of every uncertain input (volume growth, wage
inflation, indexation, FX, workload underestimate, transition delay), rounds it to the precision
the projection carries, and evaluates the in-house baseline and the outsourced alternative for
all runs at once with numpy: amounts in int64 minor units, factors in int64 millionths, every
rounding half-up in integer arithmetic, the same rounding points as `project_costs`. Each run is
therefore an exact `CostAssumptions` (`CostSimulation.run_assumptions`) whose `project_costs`
totals equal the run's totals to the cent.

Randomness: runs are drawn in blocks of `BLOCK_RUNS`, block *b* from
``SeedSequence(seed, spawn_key=(b,))``, with one `numpy.random.Generator(PCG64(...))` stream per
uncertain input spawned in the order of `Uncertainty`'s fields (`outsourcing.costs.run_inputs`).
So the same seed gives the same results, making one input uncertain does not change the draws of
the others, and a run's totals do not depend on how the runs are split:
`outsourcing.costs.simulation_blocks.summarise_costs` computes the same percentiles block by
block, in bounded memory, for run counts this module cannot hold.

Memory: every run's monthly totals are kept, about `BYTES_PER_RUN_MONTH` bytes per run and month
at the peak; a simulation that would need more than `MEMORY_LIMIT` is refused up front
with its estimate.

Percentiles are nearest-rank: P*q* of *n* runs is the ``ceil(q/100 × n)``-th smallest value, an
exact amount of one of the runs, selected by counting
(`outsourcing.costs.order_statistics`) when first asked for, per series. The engine
(`outsourcing.costs.run_costs`) works on months × runs arrays;
the per-run arrays exposed here are their transposed, read-only views.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

import attrs
import numpy as np

from outsourcing.arrays import read_only
from outsourcing.costs.assumptions import FX_PLACES, CostAssumptions, Uncertainty
from outsourcing.costs.horizon import Month
from outsourcing.costs.integer_money import IntArray
from outsourcing.costs.lines import CostBasis, cost_basis
from outsourcing.costs.order_statistics import order_statistics
from outsourcing.costs.run_costs import RunCosts
from outsourcing.costs.run_inputs import BLOCK_RUNS, RunInputs, assumed_index, draw_inputs
from outsourcing.costs.tables import require_pandas
from outsourcing.exceptions import InvalidValueError
from outsourcing.model.contract import Contract
from outsourcing.model.money import Money, minor_units
from outsourcing.model.process import Process
from outsourcing.percentiles import nearest_ranks

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from outsourcing.costs.comparison import CostComparison

__all__ = [
    "BLOCK_RUNS",
    "BYTES_PER_RUN_MONTH",
    "MEMORY_LIMIT",
    "PERCENTILES",
    "CostSeries",
    "CostSimulation",
    "MonthlyPercentiles",
    "RunInputs",
    "simulate_costs",
    "simulation_of",
]

FX_SCALE = 10**FX_PLACES
PERCENTILES = (10, 50, 90)
_MAX_RUNS = 1_000_000

#: Memory `simulate_costs` may take at its peak, in bytes (4 GiB): larger simulations are
#: refused before anything is allocated, with the estimate in the message.
MEMORY_LIMIT = 4 * 2**30
#: Bytes one run × month costs at the peak of `simulate_costs`: an upper bound of the 115 to
#: 200 bytes measured (`tracemalloc`) on the sample contracts, whatever their number of lines
#: (the result keeps 4 arrays of int64; the engine's working arrays take the rest).
BYTES_PER_RUN_MONTH = 256


def _check_memory(runs: int, months: int) -> None:
    """Refuse a simulation whose estimated peak memory exceeds `MEMORY_LIMIT`."""
    estimate = runs * months * BYTES_PER_RUN_MONTH
    if estimate > MEMORY_LIMIT:
        raise InvalidValueError(
            "simulate_costs.runs",
            runs,
            f"{runs:,} runs × {months:,} months would need about {estimate / 2**30:,.1f} GiB "
            f"at the peak ({BYTES_PER_RUN_MONTH} bytes per run and month), beyond the limit of "
            f"{MEMORY_LIMIT / 2**30:,.0f} GiB: simulate fewer runs or a shorter horizon, or "
            "summarise them block by block in bounded memory (summarise_costs)",
        )


class CostSeries(StrEnum):
    """The monthly series a simulation summarises."""

    BASELINE = "baseline"
    ALTERNATIVE = "alternative"
    SAVINGS = "savings"
    CUMULATIVE_SAVINGS = "cumulative_savings"


@attrs.frozen
class MonthlyPercentiles:
    """P10, P50 and P90 of a series, month by month.

    Attributes:
        p10: 10th percentile of each month.
        p50: Median of each month.
        p90: 90th percentile of each month.
    """

    p10: tuple[Money, ...]
    p50: tuple[Money, ...]
    p90: tuple[Money, ...]


@attrs.frozen(eq=False)
class CostSimulation:
    """Many runs of the in-house baseline against the outsourced alternative.

    Attributes:
        currency: Reporting currency.
        months: The projected months.
        runs: Number of runs.
        seed: The seed.
        baseline_minor: Monthly baseline totals per run, in minor units (runs × months,
            read-only).
        alternative_minor: Monthly alternative totals per run, in minor units.
        break_even_months: Break-even month (from 1) of each run, 0 when it never breaks even.
        cumulative_savings_minor: Running savings per run, in minor units.
        inputs: The inputs drawn for each run.
        assumptions: The central assumptions.
        uncertainty: What was uncertain, and how.
        savings_minor: Monthly savings per run (baseline − alternative), in minor units.
    """

    currency: str
    months: tuple[Month, ...]
    runs: int
    seed: int
    baseline_minor: IntArray
    alternative_minor: IntArray
    break_even_months: IntArray
    cumulative_savings_minor: IntArray
    inputs: RunInputs
    assumptions: CostAssumptions
    uncertainty: Uncertainty
    savings_minor: IntArray
    _percentiles: dict[CostSeries, IntArray] = attrs.field(factory=dict, init=False, repr=False)

    def series_minor(self, series: CostSeries | str) -> IntArray:
        """Per-run monthly values of ``series`` in minor units (runs × months)."""
        match CostSeries(series):
            case CostSeries.BASELINE:
                return self.baseline_minor
            case CostSeries.ALTERNATIVE:
                return self.alternative_minor
            case CostSeries.SAVINGS:
                return self.savings_minor
            case CostSeries.CUMULATIVE_SAVINGS:
                return self.cumulative_savings_minor

    def percentiles_minor(self, series: CostSeries | str) -> IntArray:
        """P10, P50 and P90 rows (3 × months) of ``series`` in minor units, nearest-rank.

        Computed on first use and kept (`order_statistics`: a few passes over the runs).
        """
        key = CostSeries(series)
        if key not in self._percentiles:
            by_month = np.ascontiguousarray(self.series_minor(key).T)
            ranks = nearest_ranks(self.runs, PERCENTILES)
            self._percentiles[key] = read_only(order_statistics(by_month, ranks))
        return self._percentiles[key]

    def _money(self, minor: int) -> Money:
        return Money.from_minor(int(minor), self.currency)

    def percentiles(self, series: CostSeries | str) -> MonthlyPercentiles:
        """P10, P50 and P90 of ``series`` for each month."""
        rows = self.percentiles_minor(series)
        p10, p50, p90 = (tuple(self._money(v) for v in row) for row in rows)
        return MonthlyPercentiles(p10, p50, p90)

    def total_percentiles(self, series: CostSeries | str) -> tuple[Money, Money, Money]:
        """P10, P50 and P90 of each run's total of ``series`` over the horizon, nearest-rank."""
        totals = sorted(int(total) for total in self.series_minor(series).sum(axis=1))
        p10, p50, p90 = (totals[rank] for rank in nearest_ranks(len(totals), PERCENTILES))
        return self._money(p10), self._money(p50), self._money(p90)

    def probability_of_break_even(self, by_month: int) -> Decimal:
        """Share of runs whose break-even month is ``by_month`` or earlier."""
        hits = int(
            np.count_nonzero((self.break_even_months > 0) & (self.break_even_months <= by_month))
        )
        return Decimal(hits) / Decimal(self.runs)

    def break_even_distribution(self) -> dict[int | None, int]:
        """How many runs break even in each month (None: not within the horizon)."""
        values, counts = np.unique(self.break_even_months, return_counts=True)
        return {(int(v) or None): int(c) for v, c in zip(values, counts, strict=True)}

    def run_assumptions(self, run: int) -> CostAssumptions:
        """The exact assumptions of run ``run``: `project_costs` reproduces its totals."""
        if not 0 <= run < self.runs:
            raise InvalidValueError("CostSimulation.run", run, f"must be in 0..{self.runs - 1}")

        def value(values: IntArray) -> int:
            return int(values[0] if values.shape[0] == 1 else values[run])

        def percent(values: IntArray) -> Decimal:
            return Decimal(value(values)).scaleb(-4)

        inputs = self.inputs
        fx_rates = {
            **self.assumptions.fx_rates,
            **{
                code: Decimal(value(rates)).scaleb(-FX_PLACES)
                for code, rates in inputs.fx_rates.items()
            },
        }
        fx_paths = {
            **self.assumptions.fx_paths,
            **{
                code: tuple(
                    Decimal(int(v)).scaleb(-FX_PLACES)
                    for v in (path[:, 0] if path.shape[1] == 1 else path[:, run])
                )
                for code, path in inputs.fx_paths.items()
            },
        }
        index_rate = (
            self.assumptions.indexation_rate
            if self.uncertainty.indexation_rate is None
            else percent(inputs.indexation_rate)
        )
        return attrs.evolve(
            self.assumptions,
            annual_volume_growth=percent(inputs.annual_volume_growth),
            wage_inflation=percent(inputs.wage_inflation),
            workload_underestimate=percent(inputs.workload_underestimate),
            transition_delay_months=value(inputs.transition_delay_months),
            fx_rates=fx_rates,
            fx_paths=fx_paths,
            indexation_rate=index_rate,
        )

    def run_totals(self, run: int) -> tuple[tuple[Money, ...], tuple[Money, ...]]:
        """Monthly totals of the baseline and of the alternative in run ``run``."""
        return (
            tuple(self._money(v) for v in self.baseline_minor[run]),
            tuple(self._money(v) for v in self.alternative_minor[run]),
        )

    def plot(self, comparison: CostComparison | None = None, *, ax: Axes | None = None) -> Axes:
        """Cumulative savings: P10–P90 band, median, and ``comparison`` with its break-even."""
        from outsourcing.notebook import plot_costs  # noqa: PLC0415 - on use

        return plot_costs(self, comparison, ax=ax)

    def _repr_html_(self) -> str:
        """The result as HTML, for notebooks (needs babel, a runtime dependency)."""
        from outsourcing.notebook import result_html  # noqa: PLC0415 - on use

        return result_html(self)

    def to_pandas(self) -> pd.DataFrame:
        """A DataFrame, a row per month, P10/P50/P90 columns per series (`Decimal` amounts).

        Needs pandas (the ``notebook`` extra).
        """
        pandas = require_pandas()
        places = minor_units(self.currency)
        columns = {
            f"{series}_p{q}": [Decimal(int(v)).scaleb(-places) for v in row]
            for series in CostSeries
            for rows in (self.percentiles_minor(series),)
            for q, row in zip(PERCENTILES, rows, strict=True)
        }
        frame: pd.DataFrame = pandas.DataFrame(
            columns, index=pandas.Index([m.start for m in self.months], name="month")
        )
        return frame


def _break_even(cumulative: IntArray) -> IntArray:
    """Break-even month of each run (from 1; 0 never), like `break_even_month`.

    ``cumulative`` is months × runs: the month after the last negative one, 1 if none is
    negative, 0 if the last one is.
    """
    count = cumulative.shape[0]
    negative = cumulative < 0
    small = np.int16 if count < np.iinfo(np.int16).max else np.int64
    weights = np.arange(1, count + 1, dtype=small)[:, None]
    last_negative = np.max(negative * weights, axis=0).astype(np.int64)  # 1-based, 0: none
    months: IntArray = last_negative + 1
    months[last_negative == count] = 0
    return months


def _running_sum(values: IntArray) -> IntArray:
    """Running sums over months (axis 0) of months × runs, a row at a time.

    `numpy.cumsum` along axis 0 of a C-ordered array is several times slower.
    """
    out = np.empty_like(values)
    if values.shape[0]:
        out[0] = values[0]
    for month in range(1, values.shape[0]):
        np.add(out[month - 1], values[month], out=out[month])
    return out


def _bases(
    processes: tuple[Process, ...],
    contract: Contract,
    assumptions: CostAssumptions,
    delays: IntArray,
) -> tuple[list[CostBasis], IntArray | None]:
    """The alternative's cost basis for each distinct go-live delay, and each run's basis."""
    if delays.shape[0] == 1:
        delayed = attrs.evolve(assumptions, transition_delay_months=int(delays[0]))
        return [cost_basis(processes, contract, delayed)], None
    values, groups = np.unique(delays, return_inverse=True)
    bases = [
        cost_basis(
            processes, contract, attrs.evolve(assumptions, transition_delay_months=int(delay))
        )
        for delay in values.tolist()
    ]
    return bases, groups.astype(np.intp)


def simulate_costs(
    processes: Process | Iterable[Process],
    contract: Contract,
    *,
    assumptions: CostAssumptions,
    uncertainty: Uncertainty,
    runs: int,
    seed: int,
) -> CostSimulation:
    """Simulate keeping ``processes`` in house against outsourcing them under ``contract``.

    Args:
        processes: The processes concerned (their in-house cost basis is the baseline).
        contract: The outsourcing contract (the alternative).
        assumptions: The central assumptions; inputs not in ``uncertainty`` keep their value.
        uncertainty: The distributions of the uncertain inputs.
        runs: Number of runs (1 to 1,000,000, and within `MEMORY_LIMIT` by the estimate).
        seed: Seed of the random streams (the same seed gives the same simulation).

    Returns:
        Per-run totals, nearest-rank P10/P50/P90 per month of each `CostSeries`, and the
        break-even month of each run.

    Memory: the peak is about `BYTES_PER_RUN_MONTH` bytes per run and month; a simulation
    whose estimate exceeds `MEMORY_LIMIT` (4 GiB: 10⁶ runs × 16 months, 10⁵ runs × 167
    months) is refused before anything is allocated.

    Raises:
        InvalidValueError: ``runs`` or ``seed`` out of range, ``runs`` × months beyond
            `MEMORY_LIMIT` (the message gives the estimate), or a currency without an exchange
            rate.
    """
    given: object = runs
    if isinstance(given, bool) or not isinstance(given, int) or not 1 <= given <= _MAX_RUNS:
        raise InvalidValueError(
            "simulate_costs.runs", runs, f"must be a whole number in 1..{_MAX_RUNS}"
        )
    given_seed: object = seed
    if isinstance(given_seed, bool) or not isinstance(given_seed, int) or given_seed < 0:
        raise InvalidValueError("simulate_costs.seed", seed, "must be a whole number >= 0")
    _check_memory(runs, assumptions.months)
    processes = (processes,) if isinstance(processes, Process) else tuple(processes)
    baseline_basis = cost_basis(processes, None, assumptions)
    alternative_basis = cost_basis(processes, contract, assumptions)
    currencies = sorted(
        {item.currency for b in (baseline_basis, alternative_basis) for item in b.items}
        - {assumptions.currency}
    )
    for code in currencies:
        assumptions.fx_rate(code)
    inputs = draw_inputs(
        uncertainty,
        assumptions=assumptions,
        assumed_index=assumed_index(alternative_basis, uncertainty),
        currencies=currencies,
        runs=runs,
        seed=seed,
    )
    engine = RunCosts(inputs, assumptions, assumptions.months, runs)
    baseline = engine.costs([baseline_basis], None)
    alternative = engine.costs(
        *_bases(processes, contract, assumptions, inputs.transition_delay_months)
    )
    return simulation_of(
        baseline,
        alternative,
        months=alternative_basis.months,
        inputs=inputs,
        assumptions=assumptions,
        uncertainty=uncertainty,
        runs=runs,
        seed=seed,
    )


def simulation_of(
    baseline: IntArray,
    alternative: IntArray,
    *,
    months: tuple[Month, ...],
    inputs: RunInputs,
    assumptions: CostAssumptions,
    uncertainty: Uncertainty,
    runs: int,
    seed: int,
) -> CostSimulation:
    """The simulation of two scenarios' monthly costs (months × runs, minor units).

    Savings, their running sum and each run's break-even month are derived here, once, for
    `simulate_costs` and for every offer of `compare_offers`.
    """
    savings = baseline - alternative
    cumulative = _running_sum(savings)
    return CostSimulation(
        currency=assumptions.currency,
        months=months,
        runs=runs,
        seed=seed,
        baseline_minor=read_only(baseline.T),
        alternative_minor=read_only(alternative.T),
        break_even_months=read_only(_break_even(cumulative)),
        cumulative_savings_minor=read_only(cumulative.T),
        inputs=inputs,
        assumptions=assumptions,
        uncertainty=uncertainty,
        savings_minor=read_only(savings.T),
    )
