"""What each Monte Carlo run draws: one value per uncertain input, rounded as the projection is.

Runs are drawn in blocks of `BLOCK_RUNS` runs (the last block of a simulation may be shorter).
Block *b* has its own seed, ``SeedSequence(seed, spawn_key=(b,))``, from which one
`numpy.random.Generator(PCG64(...))` stream per uncertain input is spawned in the order of
`Uncertainty`'s fields. So the same seed gives the same draws; making one input uncertain does not
change the draws of the others; and a run's draws depend on the seed, the run number and the run
count only, never on how the runs are split between calls, processes or machines (`draw_block`
draws one block). Percent inputs are held in millionths (four decimals of a percent), FX rates in
1e-8, delays in whole months.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs
import numpy as np

from outsourcing.costs.assumptions import (
    FX_PLACES,
    UNCERTAIN_INPUTS,
    CostAssumptions,
    Distribution,
    Uncertainty,
)
from outsourcing.costs.index_revision import revision_factors
from outsourcing.costs.integer_money import IntArray, half_up, product
from outsourcing.costs.lines import CostBasis

__all__ = [
    "BLOCK_RUNS",
    "MICRO",
    "RunInputs",
    "assumed_index",
    "block_count",
    "draw_block",
    "draw_inputs",
    "micro",
]

MICRO = 10**6
_MAX_DELAY = 1200
#: Runs drawn from one block seed. Part of what a seed means: changing it changes the draws.
BLOCK_RUNS = 8192


@attrs.frozen(eq=False)
class RunInputs:
    """The inputs drawn for each run, exactly as the engine used them.

    Each array has one entry per run, or a single entry when the input is not uncertain.

    Attributes:
        annual_volume_growth: Growth in millionths (``50_000`` is 5 %).
        wage_inflation: Wage inflation in millionths.
        indexation_rate: Assumed indexation in millionths, before the contract's cap and floor.
        workload_underestimate: Workload underestimate in millionths.
        transition_delay_months: Go-live delay in months.
        fx_rates: Per currency, units of the reporting currency per unit, in 1e-8 (the first
            month's for a currency that follows a path).
        fx_paths: Per currency whose rate follows a path (`CostAssumptions.fx_paths`, or every
            currency when `Uncertainty.fx_monthly_change` is given), its rate in each month,
            months × runs (or months × 1), in 1e-8.
    """

    annual_volume_growth: IntArray
    wage_inflation: IntArray
    indexation_rate: IntArray
    workload_underestimate: IntArray
    transition_delay_months: IntArray
    fx_rates: dict[str, IntArray]
    fx_paths: dict[str, IntArray] = attrs.field(factory=dict)

    def take(self, runs: IntArray) -> RunInputs:
        """The inputs of some runs only (single-entry inputs stay as they are)."""

        def pick(values: IntArray) -> IntArray:
            return values if values.shape[0] == 1 else values[runs]

        return RunInputs(
            pick(self.annual_volume_growth),
            pick(self.wage_inflation),
            pick(self.indexation_rate),
            pick(self.workload_underestimate),
            pick(self.transition_delay_months),
            {code: pick(rates) for code, rates in self.fx_rates.items()},
            {
                code: path if path.shape[1] == 1 else np.ascontiguousarray(path[:, runs])
                for code, path in self.fx_paths.items()
            },
        )

    @classmethod
    def concatenate(cls, parts: Sequence[RunInputs]) -> RunInputs:
        """The inputs of consecutive blocks of runs, as one (single-entry inputs stay single)."""

        def join(arrays: list[IntArray]) -> IntArray:
            if all(a.shape[0] == 1 for a in arrays):
                return arrays[0]
            return np.concatenate(arrays)

        def join_paths(paths: list[IntArray]) -> IntArray:
            if all(path.shape[1] == 1 for path in paths):
                return paths[0]
            return np.ascontiguousarray(np.concatenate(paths, axis=1))

        first = parts[0]
        return RunInputs(
            join([p.annual_volume_growth for p in parts]),
            join([p.wage_inflation for p in parts]),
            join([p.indexation_rate for p in parts]),
            join([p.workload_underestimate for p in parts]),
            join([p.transition_delay_months for p in parts]),
            {code: join([p.fx_rates[code] for p in parts]) for code in first.fx_rates},
            {code: join_paths([p.fx_paths[code] for p in parts]) for code in first.fx_paths},
        )


def micro(percent: Decimal) -> int:
    """A percent rate (at most 4 decimals, validated) in millionths of one."""
    return int(percent.scaleb(4))


def _draw(
    distribution: Distribution | None,
    stream: np.random.SeedSequence,
    runs: int,
    assumed: int,
) -> IntArray:
    """Draws of a percent input in millionths, > -100 %; the assumed value when certain."""
    if distribution is None:
        return np.array([assumed], dtype=np.int64)
    draws = distribution.sample(np.random.Generator(np.random.PCG64(stream)), runs)
    return np.clip(np.rint(draws * 1e4), -MICRO + 1, 10**4 * MICRO).astype(np.int64)


def assumed_index(basis: CostBasis, uncertainty: Uncertainty) -> Decimal:
    """The yearly index change runs assume when it is not drawn (0 when none is stated).

    Raises:
        InvalidValueError: If the basis's price revision clause needs an index month after
            the last published one while no change is stated nor drawn.
    """
    if basis.index_rate is not None:
        return basis.index_rate
    if basis.revision is not None and uncertainty.indexation_rate is None:
        revision_factors(basis.revision, None, max(basis.index_years, default=0))
    return Decimal(0)


def block_count(runs: int) -> int:
    """Blocks of `BLOCK_RUNS` runs in a simulation of ``runs`` runs."""
    return -(-runs // BLOCK_RUNS)


def draw_inputs(
    uncertainty: Uncertainty,
    *,
    assumptions: CostAssumptions,
    assumed_index: Decimal,
    currencies: list[str],
    runs: int,
    seed: int,
) -> RunInputs:
    """Draw every uncertain input of ``runs`` runs from ``seed``, block by block."""
    return RunInputs.concatenate(
        [
            draw_block(
                uncertainty,
                assumptions=assumptions,
                assumed_index=assumed_index,
                currencies=currencies,
                runs=runs,
                seed=seed,
                block=block,
            )
            for block in range(block_count(runs))
        ]
    )


def draw_block(
    uncertainty: Uncertainty,
    *,
    assumptions: CostAssumptions,
    assumed_index: Decimal,
    currencies: list[str],
    runs: int,
    seed: int,
    block: int,
) -> RunInputs:
    """Draw the inputs of block ``block`` of a simulation of ``runs`` runs from ``seed``.

    The block holds runs ``block × BLOCK_RUNS`` up to ``min(runs, (block + 1) × BLOCK_RUNS)``.
    """
    first = block * BLOCK_RUNS
    size = min(runs, first + BLOCK_RUNS) - first
    block_seed = np.random.SeedSequence(seed, spawn_key=(block,))
    streams = dict(zip(UNCERTAIN_INPUTS, block_seed.spawn(len(UNCERTAIN_INPUTS)), strict=True))
    return _draw_all(
        uncertainty,
        assumptions=assumptions,
        assumed_index=assumed_index,
        currencies=currencies,
        runs=size,
        streams=streams,
    )


def _draw_all(
    u: Uncertainty,
    *,
    assumptions: CostAssumptions,
    assumed_index: Decimal,
    currencies: list[str],
    runs: int,
    streams: dict[str, np.random.SeedSequence],
) -> RunInputs:
    """Every input of ``runs`` runs from one stream per uncertain input."""

    def draw(name: str, assumed: Decimal) -> IntArray:
        return _draw(getattr(u, name), streams[name], runs, micro(assumed))

    if u.transition_delay_months is None:
        delay = np.array([assumptions.transition_delay_months], dtype=np.int64)
    else:
        raw = u.transition_delay_months.sample(
            np.random.Generator(np.random.PCG64(streams["transition_delay_months"])), runs
        )
        delay = np.clip(np.floor(raw + 0.5), 0, _MAX_DELAY).astype(np.int64)
    fx: dict[str, IntArray] = {}
    changes: IntArray | None = None
    if currencies:
        assumed_fx = np.array(
            [int(assumptions.fx_rate(c).scaleb(FX_PLACES)) for c in currencies], dtype=np.int64
        )
        if u.fx_change is None:
            table = assumed_fx[None, :]
        else:
            rng = np.random.Generator(np.random.PCG64(streams["fx_change"]))
            change = u.fx_change.sample(rng, runs * len(currencies)).reshape(runs, len(currencies))
            change_micro = np.clip(np.rint(change * 1e4), -MICRO + 1, 10**4 * MICRO).astype(
                np.int64
            )
            changes = change_micro
            table = np.maximum(
                half_up(product(assumed_fx[None, :], change_micro + MICRO), MICRO), 1
            )
        fx = {
            c: np.ascontiguousarray(table[:, i], dtype=np.int64) for i, c in enumerate(currencies)
        }
    return RunInputs(
        draw("annual_volume_growth", assumptions.annual_volume_growth),
        draw("wage_inflation", assumptions.wage_inflation),
        draw("indexation_rate", assumed_index),
        draw("workload_underestimate", assumptions.workload_underestimate),
        delay,
        fx,
        _fx_paths(u, streams["fx_monthly_change"], assumptions, currencies, changes, runs),
    )


def _fx_paths(  # noqa: PLR0917 - private, called once with every argument named by position
    uncertainty: Uncertainty,
    stream: np.random.SeedSequence,
    assumptions: CostAssumptions,
    currencies: list[str],
    changes: IntArray | None,
    runs: int,
) -> dict[str, IntArray]:
    """Each run's rate month by month (months × runs, 1e-8) where a rate follows a path.

    Month *i*'s rate is the assumed path's (or the fixed rate) times the run's ``fx_change``,
    times the product of the run's monthly changes up to month *i*; each product rounded
    half-up, at least 1e-8.
    """
    monthly = uncertainty.fx_monthly_change
    followed = [c for c in currencies if c in assumptions.fx_paths or monthly is not None]
    if not followed:
        return {}
    months = assumptions.months
    steps: IntArray | None = None
    if monthly is not None:
        rng = np.random.Generator(np.random.PCG64(stream))
        draws = monthly.sample(rng, runs * len(currencies) * max(months - 1, 0))
        steps = np.clip(np.rint(draws * 1e4), -MICRO + 1, 10**4 * MICRO).astype(np.int64)
        steps = steps.reshape(len(currencies), max(months - 1, 0), runs) + MICRO
    paths: dict[str, IntArray] = {}
    for position, code in enumerate(currencies):
        if code not in followed:
            continue
        assumed = np.array(
            [int(assumptions.fx_rate_at(code, m).scaleb(FX_PLACES)) for m in range(months)],
            dtype=np.int64,
        )[:, None]
        path = (
            assumed
            if changes is None
            else np.maximum(half_up(product(assumed, changes[None, :, position] + MICRO), MICRO), 1)
        )
        if steps is not None:
            path = _walked(path, steps[position], runs)
        paths[code] = np.ascontiguousarray(np.maximum(path, 1), dtype=np.int64)
    return paths


def _walked(path: IntArray, steps: IntArray, runs: int) -> IntArray:
    """``path`` times the running product of the monthly steps (millionths), rounded each month."""
    months = path.shape[0]
    factor = np.full(runs, MICRO, dtype=np.int64)
    out = np.empty((months, runs), dtype=np.int64)
    out[0] = np.broadcast_to(path[0], (runs,))
    for month in range(1, months):
        factor = half_up(product(factor, steps[month - 1]), MICRO)
        out[month] = half_up(product(np.broadcast_to(path[month], (runs,)), factor), MICRO)
    return out
