"""Which uncertain inputs move the result most: a one-at-a-time tornado and a rank correlation.

`sensitivity` takes a business case (or one offer of `compare_offers`) and answers in two ways:

- **Tornado**, one input at a time: the NPV (or the savings over the horizon) with that input at
  its distribution's 10th percentile, then at its 90th, every other uncertain input at its median,
  each an exact `project_costs` and `compare_costs`. The bars are sorted by their swing,
  ``|high − low|``. Percentiles are those of the distribution itself (inverse of its cumulative
  distribution, clipped like the draws), rounded as a run's draw is: four decimals of a percent,
  whole months half-up, exchange rates to 8 decimals.
- **Rank correlation** on the Monte Carlo runs: Spearman's coefficient between each uncertain
  input's draws and the per-run result (average ranks for ties), sorted by its magnitude. It
  measures monotonic association over all the runs at once, where inputs vary together.

A month-to-month exchange-rate change (`Uncertainty.fx_monthly_change`) is left out: it has no
single value per run. An exchange-rate change is one input: at its percentile, every foreign
currency's rate (or path) moves by that change (the runs draw one change per currency; the
correlation is given per currency).
"""

from __future__ import annotations

import math
import statistics
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np

from outsourcing.costs.assumptions import (
    FX_PLACES,
    PERCENT_PLACES,
    UNCERTAIN_INPUTS,
    CostAssumptions,
    Distribution,
    Fixed,
    Normal,
    Triangular,
    Uncertainty,
    Uniform,
)
from outsourcing.costs.business_case import BusinessCase
from outsourcing.costs.comparison import compare_costs
from outsourcing.costs.integer_money import IntArray
from outsourcing.costs.offers import OfferResult
from outsourcing.costs.projection import project_costs
from outsourcing.costs.simulation import CostSimulation
from outsourcing.costs.tables import require_pandas
from outsourcing.exceptions import InvalidValueError
from outsourcing.model.contract import Contract
from outsourcing.model.money import Money
from outsourcing.model.process import Process

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "RankCorrelation",
    "Sensitivity",
    "SensitivityBar",
    "quantile",
    "sensitivity",
]

Output = Literal["npv", "savings"]

_PERCENT = Decimal(1).scaleb(-PERCENT_PLACES)
#: Inputs with one value per run; a month-to-month exchange-rate change has no single value at
#: P10 or P90 (it is left out of the tornado and of the correlations).
_TORNADO_INPUTS = tuple(name for name in UNCERTAIN_INPUTS if name != "fx_monthly_change")
_RATE = Decimal(1).scaleb(-FX_PLACES)


def quantile(distribution: Distribution, q: float) -> Decimal:
    """The ``q``-quantile (0 < q < 1) of ``distribution``, clipped like its draws.

    Uniform and triangular by their closed forms; normal by `statistics.NormalDist`, then clipped
    to ``[low, high]``. Rounded half-up to four decimals.
    """
    if not 0 < q < 1:
        raise InvalidValueError("quantile.q", q, "must lie strictly between 0 and 1")
    match distribution:
        case Fixed():
            value = float(distribution.value)
        case Uniform():
            low, high = float(distribution.low), float(distribution.high)
            value = low + q * (high - low)
        case Triangular():
            value = _triangular(distribution, q)
        case Normal():
            value = _normal(distribution, q)
    return Decimal(repr(value)).quantize(_PERCENT, rounding=ROUND_HALF_UP)


def _triangular(distribution: Triangular, q: float) -> float:
    low, mode, high = float(distribution.low), float(distribution.mode), float(distribution.high)
    if low == high:
        return low
    if q < (mode - low) / (high - low):
        return low + math.sqrt(q * (high - low) * (mode - low))
    return high - math.sqrt((1 - q) * (high - low) * (high - mode))


def _normal(distribution: Normal, q: float) -> float:
    sd = float(distribution.sd)
    value = float(distribution.mean)
    if sd > 0:
        value = statistics.NormalDist(value, sd).inv_cdf(q)
    if distribution.low is not None:
        value = max(value, float(distribution.low))
    if distribution.high is not None:
        value = min(value, float(distribution.high))
    return value


@attrs.frozen
class SensitivityBar:
    """One bar of the tornado: the result with one input at its P10, then at its P90.

    Attributes:
        input: The uncertain input (a field of `Uncertainty`).
        low_value: The input at its 10th percentile (percent, or whole months for the delay).
        high_value: The input at its 90th percentile.
        low: The result with the input at ``low_value``, the others at their median.
        high: The result with the input at ``high_value``.
    """

    input: str
    low_value: Decimal
    high_value: Decimal
    low: Money
    high: Money

    @property
    def swing(self) -> Money:
        """How far the result moves between the two ends, ``|high − low|``."""
        return abs(self.high - self.low)


@attrs.frozen
class RankCorrelation:
    """Spearman's rank correlation between an input's draws and the per-run result.

    Attributes:
        input: The uncertain input (``fx_change[MGA]`` per currency).
        coefficient: The coefficient in [-1, 1], 4 decimals.
    """

    input: str
    coefficient: Decimal


@attrs.frozen(eq=False)
class Sensitivity:
    """How much each uncertain input moves the result.

    Attributes:
        output: ``npv`` or ``savings`` (over the horizon).
        currency: Reporting currency.
        median: The result with every uncertain input at its median.
        bars: The tornado, largest swing first.
        correlations: Rank correlations on the runs, largest magnitude first.
        runs: Runs the correlations were computed on.
    """

    output: Output
    currency: str
    median: Money
    bars: tuple[SensitivityBar, ...]
    correlations: tuple[RankCorrelation, ...]
    runs: int

    def to_pandas(self) -> pd.DataFrame:
        """A row per input, in tornado order: the two ends, the swing and the rank correlation.

        The exchange-rate change shows its rank correlation when one currency is concerned.

        Needs pandas (the ``notebook`` extra).
        """
        pandas = require_pandas()
        coefficients: dict[str, Decimal | None] = {
            c.input: c.coefficient for c in self.correlations
        }
        fx = [c.coefficient for c in self.correlations if c.input.startswith("fx_change[")]
        coefficients["fx_change"] = fx[0] if len(fx) == 1 else None
        frame: pd.DataFrame = pandas.DataFrame(
            {
                "low_value": [b.low_value for b in self.bars],
                "high_value": [b.high_value for b in self.bars],
                "low": [b.low.amount for b in self.bars],
                "high": [b.high.amount for b in self.bars],
                "swing": [b.swing.amount for b in self.bars],
                "rank_correlation": [coefficients.get(b.input) for b in self.bars],
            },
            index=pandas.Index([b.input for b in self.bars], name="input"),
        )
        return frame

    def _repr_html_(self) -> str:
        """The analysis as HTML, for notebooks."""
        from outsourcing.notebook import result_html  # noqa: PLC0415 - on use

        return result_html(self)

    def plot(self, *, ax: Axes | None = None) -> Axes:
        """The tornado: a bar per input from its P10 result to its P90 result (matplotlib)."""
        from outsourcing.notebook import plot_tornado  # noqa: PLC0415 - on use

        return plot_tornado(self, ax=ax)


def _fx_rate(assumed: Decimal, change: Decimal) -> Decimal:
    rate = (assumed * (1 + change / 100)).quantize(_RATE, rounding=ROUND_HALF_UP)
    return max(rate, _RATE)


def _applied(name: str, value: Decimal) -> Decimal:
    """A quantile as a run would hold it: whole months half-up (>= 0), percents > -100."""
    if name == "transition_delay_months":
        return max(Decimal(0), value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return max(value, Decimal(-100) + _PERCENT)


def _at(
    central: CostAssumptions, uncertainty: Uncertainty, currencies: list[str], q: dict[str, float]
) -> CostAssumptions:
    """``central`` with each uncertain input at its ``q[input]``-quantile (default: median)."""
    changes: dict[str, Any] = {}
    for name in _TORNADO_INPUTS:
        distribution: Distribution | None = getattr(uncertainty, name)
        if distribution is None:
            continue
        value = _applied(name, quantile(distribution, q.get(name, 0.5)))
        if name == "transition_delay_months":
            changes[name] = int(value)
        elif name == "fx_change":
            changes["fx_rates"] = {
                **central.fx_rates,
                **{c: _fx_rate(central.fx_rate(c), value) for c in currencies},
            }
            changes["fx_paths"] = {
                c: tuple(_fx_rate(rate, value) for rate in path)
                for c, path in central.fx_paths.items()
            }
        else:
            changes[name] = value
    return attrs.evolve(central, **changes)


def _average_ranks(values: IntArray) -> np.ndarray:
    """Ranks from 1, ties given the mean of the ranks they span."""
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    starts = np.cumsum(counts) - counts
    mean_rank = starts + (counts + 1) / 2
    ranks: np.ndarray = mean_rank[inverse.reshape(-1)]
    return ranks


def _spearman(first: IntArray, second: np.ndarray) -> Decimal:
    a, b = _average_ranks(first), _average_ranks(second)
    a, b = a - a.mean(), b - b.mean()
    scale = math.sqrt(float(a @ a) * float(b @ b))
    if scale == 0:
        return Decimal(0)
    return Decimal(repr(float(a @ b) / scale)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def _run_results(simulation: CostSimulation, output: Output, discount_rate: Decimal) -> np.ndarray:
    """The result of each run: savings over the horizon (exact) or NPV (in floating point)."""
    if output == "savings":
        result: np.ndarray = simulation.cumulative_savings_minor[:, -1]
        return result
    monthly = (1 + float(discount_rate) / 100) ** (1 / 12) - 1
    discount = (1 + monthly) ** -np.arange(simulation.savings_minor.shape[1], dtype=np.float64)
    npv: np.ndarray = simulation.savings_minor.astype(np.float64) @ discount
    return npv


def _correlations(simulation: CostSimulation, results: np.ndarray) -> tuple[RankCorrelation, ...]:
    inputs = simulation.inputs
    pairs: list[tuple[str, IntArray]] = [
        (name, getattr(inputs, name))
        for name in _TORNADO_INPUTS
        if name != "fx_change" and getattr(simulation.uncertainty, name) is not None
    ]
    if simulation.uncertainty.fx_change is not None:
        pairs.extend((f"fx_change[{code}]", rates) for code, rates in inputs.fx_rates.items())
    found = [
        RankCorrelation(name, _spearman(draws, results))
        for name, draws in pairs
        if draws.shape[0] == results.shape[0]
    ]
    return tuple(sorted(found, key=lambda c: (-abs(c.coefficient), c.input)))


def sensitivity(case: BusinessCase | OfferResult, *, output: Output = "npv") -> Sensitivity:
    """Rank the uncertain inputs of a business case (or an offer) by how much they move it.

    Args:
        case: A `BusinessCase` (built with its contract) or an `OfferResult`.
        output: ``npv`` (at the case's discount rate) or ``savings`` over the horizon.

    Returns:
        The tornado (exact, one input at a time, others at their median) and the rank
        correlations on the case's runs, each sorted.

    Raises:
        InvalidValueError: The case has no contract, or ``output`` is not ``npv`` or ``savings``.
    """
    if output not in ("npv", "savings"):
        raise InvalidValueError("sensitivity.output", output, "must be 'npv' or 'savings'")
    contract: Contract | None = case.contract
    if contract is None:
        raise InvalidValueError(
            "sensitivity.case", type(case).__name__, "was built without its contract"
        )
    processes: tuple[Process, ...] = case.processes
    simulation = case.simulation
    central, uncertainty = simulation.assumptions, simulation.uncertainty
    discount_rate = case.comparison.discount_rate
    currencies = sorted(simulation.inputs.fx_rates)

    def result(assumptions: CostAssumptions) -> Money:
        comparison = compare_costs(
            project_costs(processes, assumptions=assumptions),
            project_costs(processes, contract, assumptions=assumptions),
            discount_rate=discount_rate,
        )
        return comparison.npv if output == "npv" else comparison.total_savings

    bars: list[SensitivityBar] = []
    for name in _TORNADO_INPUTS:
        distribution: Distribution | None = getattr(uncertainty, name)
        if distribution is None:
            continue
        low, high = (_applied(name, quantile(distribution, q)) for q in (0.1, 0.9))
        bars.append(
            SensitivityBar(
                name,
                low,
                high,
                result(_at(central, uncertainty, currencies, {name: 0.1})),
                result(_at(central, uncertainty, currencies, {name: 0.9})),
            )
        )
    bars.sort(key=lambda bar: (-bar.swing.amount, bar.input))
    results = _run_results(simulation, output, discount_rate)
    return Sensitivity(
        output=output,
        currency=simulation.currency,
        median=result(_at(central, uncertainty, currencies, {})),
        bars=tuple(bars),
        correlations=_correlations(simulation, results),
        runs=simulation.runs,
    )
