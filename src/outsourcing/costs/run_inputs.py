"""What each Monte Carlo run draws: one value per uncertain input, rounded as the projection is.

One `numpy.random.Generator(PCG64(...))` stream per uncertain input, spawned from
``SeedSequence(seed)`` in the order of `Uncertainty`'s fields, so the same seed gives the same
draws, and making one input uncertain does not change the draws of the others. Percent inputs are
held in millionths (four decimals of a percent), FX rates in 1e-8, delays in whole months.
"""

from __future__ import annotations

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
from outsourcing.costs.integer_money import IntArray, half_up, product

__all__ = ["MICRO", "RunInputs", "draw_inputs", "micro"]

MICRO = 10**6
_MAX_DELAY = 1200


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


def draw_inputs(
    uncertainty: Uncertainty,
    *,
    assumptions: CostAssumptions,
    assumed_index: Decimal,
    currencies: list[str],
    runs: int,
    seed: int,
) -> RunInputs:
    """Draw every uncertain input of ``runs`` runs from ``seed``."""
    streams = dict(
        zip(
            UNCERTAIN_INPUTS, np.random.SeedSequence(seed).spawn(len(UNCERTAIN_INPUTS)), strict=True
        )
    )
    u = uncertainty

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
