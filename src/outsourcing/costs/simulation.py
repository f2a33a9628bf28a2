"""Monte Carlo over uncertain assumptions, vectorised in integer cents and exact to the cent.

`simulate_costs` draws, for each run, one value of every uncertain input (volume growth, wage
inflation, indexation, FX, workload underestimate, transition delay), rounds it to the precision
the projection carries, and evaluates the in-house baseline and the outsourced alternative for
all runs at once with numpy: amounts in int64 minor units, factors in int64 millionths, every
rounding half-up in integer arithmetic, the same rounding points as `project_costs`. Each run is
therefore an exact `CostAssumptions` (`CostSimulation.run_assumptions`) whose `project_costs`
totals equal the run's totals to the cent.

Randomness: one `numpy.random.Generator(PCG64(...))` stream per uncertain input, spawned from
``SeedSequence(seed)`` in the order of `Uncertainty`'s fields, so the same seed gives the same
results, and making one input uncertain does not change the draws of the others.

Percentiles are nearest-rank: P*q* of *n* runs is the ``ceil(q/100 × n)``-th smallest value, an
exact amount of one of the runs. They are computed when first asked for (per series), since
ordering the runs of every month costs more than the simulation itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs
import numpy as np

from outsourcing.costs.assumptions import (
    FX_PLACES,
    UNCERTAIN_INPUTS,
    CostAssumptions,
    Distribution,
    Uncertainty,
)
from outsourcing.costs.horizon import Month
from outsourcing.costs.integer_money import IntArray, half_up, largest, product
from outsourcing.costs.lines import (
    CostBasis,
    Factor,
    MeteredCost,
    MinimumTrueUp,
    OneOffCharge,
    ScaledCost,
    ServiceCreditLine,
    cost_basis,
)
from outsourcing.costs.tables import require_pandas
from outsourcing.exceptions import InvalidValueError
from outsourcing.model.contract import Contract
from outsourcing.model.money import Money, minor_units
from outsourcing.model.pricing import Tiering
from outsourcing.model.process import Process

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "PERCENTILES",
    "CostSeries",
    "CostSimulation",
    "MonthlyPercentiles",
    "RunInputs",
    "simulate_costs",
]

MICRO = 10**6
FX_SCALE = 10**FX_PLACES
PERCENTILES = (10, 50, 90)
_MAX_RUNS = 1_000_000
_MAX_DELAY = 1200


class CostSeries(StrEnum):
    """The monthly series a simulation summarises."""

    BASELINE = "baseline"
    ALTERNATIVE = "alternative"
    SAVINGS = "savings"
    CUMULATIVE_SAVINGS = "cumulative_savings"


def _frozen(array: IntArray) -> IntArray:
    array.flags.writeable = False
    return array


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
        fx_rates: Per currency, units of the reporting currency per unit, in 1e-8.
    """

    annual_volume_growth: IntArray
    wage_inflation: IntArray
    indexation_rate: IntArray
    workload_underestimate: IntArray
    transition_delay_months: IntArray
    fx_rates: dict[str, IntArray]

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
        )


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
    _percentiles: dict[CostSeries, IntArray] = attrs.field(factory=dict, init=False, repr=False)

    def series_minor(self, series: CostSeries | str) -> IntArray:
        """Per-run monthly values of ``series`` in minor units (runs × months)."""
        match CostSeries(series):
            case CostSeries.BASELINE:
                return self.baseline_minor
            case CostSeries.ALTERNATIVE:
                return self.alternative_minor
            case CostSeries.SAVINGS:
                return self.baseline_minor - self.alternative_minor
            case CostSeries.CUMULATIVE_SAVINGS:
                return self.cumulative_savings_minor

    def percentiles_minor(self, series: CostSeries | str) -> IntArray:
        """P10, P50 and P90 rows (3 × months) of ``series`` in minor units, nearest-rank.

        Computed on first use and kept (sorting runs is the costliest step of a simulation).
        """
        key = CostSeries(series)
        if key not in self._percentiles:
            self._percentiles[key] = _frozen(_nearest_rank(self.series_minor(key)))
        return self._percentiles[key]

    def _money(self, minor: int) -> Money:
        return Money.from_minor(int(minor), self.currency)

    def percentiles(self, series: CostSeries | str) -> MonthlyPercentiles:
        """P10, P50 and P90 of ``series`` for each month."""
        rows = self.percentiles_minor(series)
        p10, p50, p90 = (tuple(self._money(v) for v in row) for row in rows)
        return MonthlyPercentiles(p10, p50, p90)

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
            indexation_rate=index_rate,
        )

    def run_totals(self, run: int) -> tuple[tuple[Money, ...], tuple[Money, ...]]:
        """Monthly totals of the baseline and of the alternative in run ``run``."""
        return (
            tuple(self._money(v) for v in self.baseline_minor[run]),
            tuple(self._money(v) for v in self.alternative_minor[run]),
        )

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


def _micro(percent: Decimal) -> int:
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


def _draw_inputs(
    uncertainty: Uncertainty,
    *,
    assumptions: CostAssumptions,
    assumed_index: Decimal,
    currencies: list[str],
    runs: int,
    seed: int,
) -> RunInputs:
    streams = dict(
        zip(
            UNCERTAIN_INPUTS, np.random.SeedSequence(seed).spawn(len(UNCERTAIN_INPUTS)), strict=True
        )
    )
    u = uncertainty

    def draw(name: str, assumed: Decimal) -> IntArray:
        return _draw(getattr(u, name), streams[name], runs, _micro(assumed))

    if u.transition_delay_months is None:
        delay = np.array([assumptions.transition_delay_months], dtype=np.int64)
    else:
        raw = u.transition_delay_months.sample(
            np.random.Generator(np.random.PCG64(streams["transition_delay_months"])), runs
        )
        delay = np.clip(np.floor(raw + 0.5), 0, _MAX_DELAY).astype(np.int64)
    fx: dict[str, IntArray] = {}
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
            table = np.maximum(
                half_up(product(assumed_fx[None, :], change_micro + MICRO), MICRO), 1
            )
        fx = {c: np.asarray(table[:, i], dtype=np.int64) for i, c in enumerate(currencies)}
    return RunInputs(
        draw("annual_volume_growth", assumptions.annual_volume_growth),
        draw("wage_inflation", assumptions.wage_inflation),
        draw("indexation_rate", assumed_index),
        draw("workload_underestimate", assumptions.workload_underestimate),
        delay,
        fx,
    )


def _compound(rate: IntArray, years: int) -> IntArray:
    """Factors (runs × years+1) in millionths after 0..``years`` yearly changes of ``rate``."""
    factors = [np.full(rate.shape[0], MICRO, dtype=np.int64)]
    step = rate + MICRO
    for _ in range(years):
        factors.append(half_up(product(factors[-1], step), MICRO))
    return np.stack(factors, axis=1)


class _Track:
    """A factor's values per run on its distinct columns, and the column each month uses.

    Indexation and wages change once a year: computing a line on its few distinct columns and
    spreading the result over the months is exact (the rounding is the same for equal inputs)
    and many times cheaper than computing every month.
    """

    def __init__(self, values: IntArray, columns: IntArray | None) -> None:
        self.by_column = values
        self.columns = columns  # None: one column per month
        self.bound = largest(values)

    def monthly(self) -> IntArray:
        """Values for every month (runs × months)."""
        return self.by_column if self.columns is None else self.by_column[:, self.columns]


class _Factors:
    """Monthly factors in millionths for a group of runs, each computed when first needed."""

    def __init__(self, basis: CostBasis, inputs: RunInputs, assumptions: CostAssumptions) -> None:
        self.basis = basis
        self.inputs = inputs
        self.assumptions = assumptions
        count = len(basis.months)
        self.year = np.arange(count) // 12
        self.one = _Track(np.full((1, 1), MICRO, dtype=np.int64), np.zeros(count, dtype=np.intp))
        self._tracks: dict[Factor | str, _Track] = {}

    def track(self, factor: Factor | str) -> _Track:
        """The factor's values (``demand`` and ``growth`` are the metered lines' extra keys)."""
        if factor not in self._tracks:
            self._tracks[factor] = self._compute(factor)
        return self._tracks[factor]

    def _compute(self, factor: Factor | str) -> _Track:  # noqa: PLR0911 - one branch per factor
        inputs, assumptions = self.inputs, self.assumptions
        count = len(self.basis.months)
        match factor:
            case "growth":
                g = inputs.annual_volume_growth
                yearly = _compound(g, count // 12 + 1)
                within = np.arange(count) % 12
                growth = half_up(
                    product(
                        yearly[:, self.year],
                        within * g[:, None] + 12 * MICRO,
                        bound=largest(yearly),
                    ),
                    12 * MICRO,
                )
                return _Track(growth, None)
            case Factor.WAGE:
                return _Track(_compound(inputs.wage_inflation, count // 12 + 1), self.year)
            case Factor.ONE:
                return self.one
            case Factor.STAFF:
                return self.track("growth") if assumptions.in_house_scales_with_volume else self.one
            case Factor.PEOPLE:
                if not assumptions.in_house_scales_with_volume:
                    return self.track(Factor.WAGE)
                volume, wage = self.track("growth"), self.track(Factor.WAGE)
                people = product(volume.by_column, wage.monthly(), bound=volume.bound)
                return _Track(half_up(people, MICRO), None)
            case Factor.INDEX:
                return self._index()
            case _:
                volume = self.track("growth")
                seasonal = volume.by_column
                if assumptions.seasonality:
                    season = np.array(
                        [_micro(f * 100) for f in assumptions.seasonality], dtype=np.int64
                    )[[m.start.month - 1 for m in self.basis.months]]
                    seasonal = half_up(
                        product(seasonal, season[None, :], bound=volume.bound), MICRO
                    )
                workload = inputs.workload_underestimate[:, None] + MICRO
                return _Track(half_up(product(seasonal, workload), MICRO), None)

    def _index(self) -> _Track:
        basis = self.basis
        if basis.index_rate is None:
            return self.one
        low = -MICRO + 1 if basis.index_floor is None else _micro(basis.index_floor)
        high = 10**4 * MICRO if basis.index_cap is None else _micro(basis.index_cap)
        rate = np.clip(self.inputs.indexation_rate, low, high)
        years = np.array(basis.index_years, dtype=np.intp)
        return _Track(_compound(rate, int(years.max(initial=0))), years)


class _Ledger:
    """Amounts of one currency for a group of runs, added up by month.

    Lines computed on a factor's distinct columns are summed there (each already rounded) and
    spread over the months once per track and window.
    """

    def __init__(self, count: int) -> None:
        self.count = count
        self.compressed: dict[tuple[int, tuple[int, ...]], tuple[_Track, IntArray]] = {}
        self.columns: dict[int, IntArray | int] = {}
        self.full: IntArray | int = 0

    def add_compressed(self, track: _Track, full: tuple[int, ...], values: IntArray) -> None:
        """Add ``values`` (on ``track``'s columns) in the months flagged 1 in ``full``."""
        key = (id(track), full)
        if key in self.compressed:
            values = self.compressed[key][1] + values
        self.compressed[key] = (track, values)

    def add_column(self, column: int, values: IntArray | int) -> None:
        """Add ``values`` (one per run) to one month."""
        self.columns[column] = self.columns.get(column, 0) + values

    def add_monthly(self, values: IntArray) -> None:
        """Add ``values`` (runs × months)."""
        self.full = self.full + values

    def total(self) -> IntArray:
        """Runs × months (a single row when nothing varies by run)."""
        total: IntArray = np.zeros((1, self.count), dtype=np.int64) + self.full
        for (_, full), (track, values) in self.compressed.items():
            spread = values if track.columns is None else values[:, track.columns]
            if not all(full):
                spread = spread * np.array(full, dtype=np.int64)
            total = total + spread
        if self.columns:
            rows = max(
                [total.shape[0]] + [np.shape(v)[0] for v in self.columns.values() if np.ndim(v)]
            )
            total = _writable(total, rows)
            for column, added in self.columns.items():
                total[:, column] += added
        return total


def _writable(values: IntArray, rows: int) -> IntArray:
    """A writable copy of ``values`` broadcast to ``rows`` rows."""
    return np.array(np.broadcast_to(values, (rows, values.shape[1])))


def _store(out: IntArray, where: tuple[IntArray | slice, slice], value: IntArray) -> IntArray:
    """Write ``value`` into ``out``, widening ``out`` to Python ints if ``value`` needed them."""
    if value.dtype == object and out.dtype != object:
        out = out.astype(object)
    out[where] = value
    return out


def _scaled(
    item: ScaledCost, track: _Track, months: tuple[Month, ...]
) -> tuple[tuple[int, ...], IntArray | None, dict[int, IntArray]]:
    """A scaled cost in its currency, rounded: full months on the track's columns.

    Returns the flags of the full months, the amounts on the track's columns (None without a
    full month), and each partial month's amounts.
    """
    k = Fraction(item.amount) * 10 ** minor_units(item.currency) / item.divisor
    numerator, denominator = k.numerator, k.denominator * MICRO
    full = tuple(int(d == m.days) for d, m in zip(item.days, months, strict=True))
    values = None
    if any(full):
        values = half_up(product(track.by_column, numerator, bound=track.bound), denominator)
    partial: dict[int, IntArray] = {}
    for m, days in zip(months, item.days, strict=True):
        if days and days != m.days:
            partial[m.index] = half_up(
                product(track.monthly()[:, m.index], numerator, days, bound=track.bound),
                denominator * m.days,
            )
    return full, values, partial


def _prorated(
    numerator: int,
    denominator: int,
    track: _Track,
    days: tuple[int, ...],
    months: tuple[Month, ...],
) -> IntArray:
    """``numerator/denominator × track × active days / month days`` by month, rounded half-up."""
    monthly = track.monthly()
    full = np.array([d == m.days for d, m in zip(days, months, strict=True)])
    out = half_up(product(monthly, numerator, bound=track.bound), denominator)
    if not full.all():
        out = _writable(out * full, out.shape[0])
        for m, d in zip(months, days, strict=True):
            if d and d != m.days:
                out[:, m.index] = half_up(
                    product(monthly[:, m.index], numerator, d, bound=track.bound),
                    denominator * m.days,
                )
    return out


def _metered(item: MeteredCost, factors: _Factors, months: tuple[Month, ...]) -> IntArray:
    """A metered line's amounts (runs × months) in its currency's minor units."""
    scale = 10**item.places
    quantity = Fraction(item.quantity) * scale
    billed = _prorated(
        quantity.numerator, quantity.denominator * MICRO, factors.track("demand"), item.days, months
    )
    prices = [Fraction(price) * 10 ** minor_units(item.currency) for _, price in item.tiers]
    common = math.lcm(*(p.denominator for p in prices))
    numerators = [int(p * common) for p in prices]
    bounds = [None if upper is None else upper * scale for upper, _ in item.tiers]
    charge: IntArray
    if item.tiering is Tiering.VOLUME:
        closed = np.array([b for b in bounds if b is not None], dtype=np.int64)
        tier = np.searchsorted(closed, billed, side="left")
        charge = product(billed, np.array(numerators, dtype=np.int64)[tier])
    elif len(numerators) == 1:
        charge = product(billed, numerators[0])
    else:
        charge = np.zeros_like(billed)
        lower = 0
        for upper, price in zip(bounds, numerators, strict=True):
            units = np.maximum(billed - lower, 0)
            if upper is not None:
                units = np.minimum(units, upper - lower)
                lower = upper
            charge = charge + product(units, price)
    index = factors.track(Factor.INDEX)
    return half_up(product(charge, index.monthly(), bound=None), common * scale * MICRO)


class _Conversion:
    """Conversion of one currency's amounts into the reporting currency, rounded half-up."""

    def __init__(self, currency: str, reporting: str, rates: IntArray | None) -> None:
        ratio = Fraction(10 ** minor_units(reporting), 10 ** (minor_units(currency) + FX_PLACES))
        self.numerator, self.denominator = ratio.numerator, ratio.denominator
        self.rates = None if rates is None else rates[:, None]

    def __call__(self, amounts: IntArray) -> IntArray:
        if self.rates is None:
            return amounts
        rates = self.rates if np.ndim(amounts) == 2 else self.rates[:, 0]
        return half_up(product(amounts, rates, self.numerator), self.denominator)


class _Books:
    """The ledgers of a group of runs: the reporting total, and recurring fees per currency."""

    def __init__(self, count: int, inputs: RunInputs, reporting: str) -> None:
        self.count = count
        self.inputs = inputs
        self.reporting = reporting
        self.total = _Ledger(count)
        self.recurring: dict[str, _Ledger] = {}
        self._conversions: dict[str, _Conversion] = {}

    def conversion(self, currency: str) -> _Conversion:
        """Conversion of ``currency`` into the reporting currency."""
        if currency not in self._conversions:
            rates = None if currency == self.reporting else self.inputs.fx_rates[currency]
            self._conversions[currency] = _Conversion(currency, self.reporting, rates)
        return self._conversions[currency]

    def fees(self, currency: str) -> _Ledger:
        """The recurring fees ledger of ``currency``."""
        return self.recurring.setdefault(currency, _Ledger(self.count))

    def post_scaled(self, item: ScaledCost, track: _Track, months: tuple[Month, ...]) -> None:
        """Post a scaled cost (and, for a recurring fee, its source amounts to the fees)."""
        full, values, partial = _scaled(item, track, months)
        books: list[tuple[_Ledger, _Conversion | None]] = [
            (self.total, self.conversion(item.currency))
        ]
        if item.recurring_fee:
            books.append((self.fees(item.currency), None))
        for book, convert in books:
            if values is not None:
                book.add_compressed(track, full, values if convert is None else convert(values))
            for column, amounts in partial.items():
                book.add_column(column, amounts if convert is None else convert(amounts))


def _costs(
    basis: CostBasis, inputs: RunInputs, assumptions: CostAssumptions, width: int
) -> IntArray:
    """Monthly totals (runs × months, reporting minor units) of ``basis`` for a group of runs."""
    factors = _Factors(basis, inputs, assumptions)
    months = basis.months
    count = len(months)
    books = _Books(count, inputs, assumptions.currency)
    deferred: list[MinimumTrueUp | ServiceCreditLine] = []
    for item in basis.items:
        convert = books.conversion(item.currency)
        match item:
            case ScaledCost():
                books.post_scaled(item, factors.track(item.factor), months)
            case MeteredCost():
                amounts = _metered(item, factors, months)
                books.total.add_monthly(convert(amounts))
                books.fees(item.currency).add_monthly(amounts)
            case OneOffCharge():
                due = Fraction(item.amount) * 10 ** minor_units(item.currency)
                charge = np.array([half_up(due.numerator, due.denominator)], dtype=np.int64)
                books.total.add_column(item.month, convert(charge))
            case MinimumTrueUp() | ServiceCreditLine():
                deferred.append(item)
    for item in deferred:
        convert = books.conversion(item.currency)
        source = books.recurring.get(item.currency)
        fees = np.zeros((1, count), dtype=np.int64) if source is None else source.total()
        if isinstance(item, ServiceCreditLine):
            deducted = half_up(product(fees, _micro(item.rate)), MICRO)
            books.total.add_monthly(-convert(deducted))
        else:
            books.total.add_monthly(convert(_true_up(item, factors, fees, months)))
    total = books.total.total()
    return np.broadcast_to(total, (width, count)) if total.shape[0] == 1 else total


def _true_up(
    item: MinimumTrueUp, factors: _Factors, fees: IntArray, months: tuple[Month, ...]
) -> IntArray:
    """Shortfalls against the minimum, billed at the end of each true-up period."""
    k = Fraction(item.monthly_minimum) * 10 ** minor_units(item.currency)
    index = factors.track(Factor.INDEX)
    minimum = _prorated(k.numerator, k.denominator * MICRO, index, item.days, months)
    active = [i for i, d in enumerate(item.days) if d]
    rows = max(minimum.shape[0], fees.shape[0])
    out = np.zeros((rows, len(months)), dtype=np.int64)
    if not active:
        return out
    first, last = active[0], active[-1] + 1
    starts = np.arange(0, last - first, item.period_months)
    ends = np.minimum(starts + item.period_months, last - first) - 1 + first
    gap = np.broadcast_to(minimum - fees, (rows, len(months)))[:, first:last]
    out[:, ends] = np.maximum(np.add.reduceat(gap, starts, axis=1), 0)
    return out


def _nearest_rank(values: IntArray) -> IntArray:
    """P10, P50, P90 rows (3 × months) of ``values`` (runs × months), nearest-rank."""
    runs = values.shape[0]
    ranks = [max(1, math.ceil(q * runs / 100)) - 1 for q in PERCENTILES]
    if runs == 1 or not np.any(values != values[:1]):
        return np.repeat(values[:1], 3, axis=0)
    ordered = np.partition(values, sorted(set(ranks)), axis=0)
    return ordered[ranks]


def _break_even(cumulative: IntArray) -> IntArray:
    """Break-even month of each run (from 1; 0 never), like `break_even_month`."""
    negative = cumulative < 0
    count = cumulative.shape[1]
    last_negative = count - 1 - np.argmax(negative[:, ::-1], axis=1)
    month = np.where(negative.any(axis=1), last_negative + 2, 1)
    return np.where(negative[:, -1], 0, month)


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
        runs: Number of runs (1 to 1,000,000).
        seed: Seed of the random streams (the same seed gives the same simulation).

    Returns:
        Per-run totals, nearest-rank P10/P50/P90 per month of each `CostSeries`, and the
        break-even month of each run.

    Raises:
        InvalidValueError: ``runs`` or ``seed`` out of range, or a currency without an exchange
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
    processes = (processes,) if isinstance(processes, Process) else tuple(processes)
    baseline_basis = cost_basis(processes, None, assumptions)
    alternative_basis = cost_basis(processes, contract, assumptions)
    currencies = sorted(
        {item.currency for b in (baseline_basis, alternative_basis) for item in b.items}
        - {assumptions.currency}
    )
    for code in currencies:
        assumptions.fx_rate(code)
    assumed_index = (
        alternative_basis.index_rate if alternative_basis.index_rate is not None else Decimal(0)
    )
    inputs = _draw_inputs(
        uncertainty,
        assumptions=assumptions,
        assumed_index=assumed_index,
        currencies=currencies,
        runs=runs,
        seed=seed,
    )
    count = assumptions.months
    baseline = _costs(baseline_basis, inputs, assumptions, runs)
    delays = inputs.transition_delay_months
    if delays.shape[0] == 1:
        alternative = _costs(
            cost_basis(
                processes,
                contract,
                attrs.evolve(assumptions, transition_delay_months=int(delays[0])),
            ),
            inputs,
            assumptions,
            runs,
        )
    else:
        alternative = np.empty((runs, count), dtype=np.int64)
        for delay in np.unique(delays):
            group = np.flatnonzero(delays == delay)
            basis = cost_basis(
                processes, contract, attrs.evolve(assumptions, transition_delay_months=int(delay))
            )
            alternative = _store(
                alternative,
                (group, slice(None)),
                _costs(basis, inputs.take(group), assumptions, group.size),
            )
    savings = baseline - alternative
    cumulative = np.cumsum(savings, axis=1)
    return CostSimulation(
        currency=assumptions.currency,
        months=alternative_basis.months,
        runs=runs,
        seed=seed,
        baseline_minor=_frozen(np.array(baseline)),
        alternative_minor=_frozen(np.array(alternative)),
        break_even_months=_frozen(_break_even(cumulative)),
        cumulative_savings_minor=_frozen(cumulative),
        inputs=inputs,
        assumptions=assumptions,
        uncertainty=uncertainty,
    )
