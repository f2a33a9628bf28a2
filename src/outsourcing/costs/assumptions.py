"""Scenario assumptions of a cost projection, and the uncertainty of a Monte Carlo simulation.

Contract facts (prices, indexation caps, terms) live in the model. What is *assumed* about the
future lives here: the horizon, volume growth and seasonality, how badly the workload was
underestimated, wage inflation, exchange rates, the service credits expected, transition delay.

Rates are written in percent, like `Percentage`, but may be negative where the world allows it
(volume can shrink): ``Decimal("5")`` is +5 % a year. Every rate is exact with at most four
decimal places of a percent (a millionth as a fraction), the precision the projection carries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pendulum

from outsourcing.exceptions import InvalidValueError
from outsourcing.model._checks import (
    currency_code,
    decimal_field,
    decimal_places,
    field_name,
    known_currency,
    non_negative,
    to_date,
    to_decimal,
    to_optional_date,
)
from outsourcing.model.price_revision import IndexSeries

__all__ = [
    "DISTRIBUTION_LIMIT",
    "FACTOR_PLACES",
    "FX_PLACES",
    "LARGEST_RATE",
    "CostAssumptions",
    "Distribution",
    "Fixed",
    "Normal",
    "Triangular",
    "Uncertainty",
    "Uniform",
]

#: Decimal places of every multiplicative factor (growth, indexation, wage, demand, seasonality).
FACTOR_PLACES = 6
#: Decimal places of exchange rates.
FX_PLACES = 8
#: Decimal places of a rate written in percent (a millionth as a fraction).
PERCENT_PLACES = FACTOR_PLACES - 2

_MAX_MONTHS = 1200


#: Largest rate (in percent), seasonality factor or exchange rate the assumptions accept, and
#: largest magnitude of a distribution's parameters: the simulation holds them in int64
#: (millionths of one for percent inputs).
LARGEST_RATE = Decimal(10**9)


def _rate(instance: object, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    """A percent rate > -100 and <= `LARGEST_RATE` with at most four decimal places."""
    if value <= -100:
        raise InvalidValueError(field_name(instance, attribute), value, "must be > -100 (percent)")
    if value > LARGEST_RATE:
        raise InvalidValueError(
            field_name(instance, attribute), value, f"must be <= {LARGEST_RATE:,} (percent)"
        )
    if decimal_places(value) > PERCENT_PLACES:
        raise InvalidValueError(
            field_name(instance, attribute),
            value,
            f"must have at most {PERCENT_PLACES} decimal places (percent)",
        )


def _optional_rate(
    instance: object, attribute: attrs.Attribute[Any], value: Decimal | None
) -> None:
    if value is not None:
        _rate(instance, attribute, value)


def _optional_decimal(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else to_decimal(value)


def _seasonality(value: object) -> tuple[Decimal, ...]:
    if not isinstance(value, list | tuple):
        raise InvalidValueError("CostAssumptions.seasonality", value, "must be a sequence")
    return tuple(to_decimal(v) for v in value)


def _check_seasonality(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[Decimal, ...]
) -> None:
    name = field_name(instance, attribute)
    if value and len(value) != 12:
        raise InvalidValueError(name, value, "must list 12 factors, January to December, or none")
    for factor in value:
        if not 0 <= factor <= LARGEST_RATE or decimal_places(factor) > FACTOR_PLACES:
            raise InvalidValueError(
                name,
                factor,
                f"factors must lie in 0..{LARGEST_RATE:,} with at most {FACTOR_PLACES} decimal "
                "places",
            )


def _fx_rates(value: Mapping[str, Decimal | int | str]) -> dict[str, Decimal]:
    if not isinstance(value, Mapping):
        raise InvalidValueError("CostAssumptions.fx_rates", value, "must map currency to rate")
    return {str(code): to_decimal(rate) for code, rate in sorted(value.items())}


def _check_fx_rates(
    instance: object, attribute: attrs.Attribute[Any], value: dict[str, Decimal]
) -> None:
    name = field_name(instance, attribute)
    for code, rate in value.items():
        if len(code) != 3 or not code.isupper() or not known_currency(code):
            raise InvalidValueError(f"{name}[{code!r}]", code, "unknown ISO 4217 currency")
        if not 0 < rate <= LARGEST_RATE or decimal_places(rate) > FX_PLACES:
            raise InvalidValueError(
                f"{name}[{code!r}]",
                rate,
                f"must be > 0 and <= {LARGEST_RATE:,} with at most {FX_PLACES} decimal places",
            )


def _fx_paths(value: Mapping[str, object]) -> dict[str, tuple[Decimal, ...]]:
    if not isinstance(value, Mapping):
        raise InvalidValueError(
            "CostAssumptions.fx_paths", value, "must map currency to a sequence of monthly rates"
        )
    paths: dict[str, tuple[Decimal, ...]] = {}
    for code, rates in sorted(value.items()):
        if not isinstance(rates, list | tuple) or not rates:
            raise InvalidValueError(
                f"CostAssumptions.fx_paths[{code!r}]", rates, "must list one rate a month or more"
            )
        paths[str(code)] = tuple(to_decimal(rate) for rate in rates)
    return paths


def _check_fx_paths(
    instance: object, attribute: attrs.Attribute[Any], value: dict[str, tuple[Decimal, ...]]
) -> None:
    name = field_name(instance, attribute)
    for code, rates in value.items():
        if len(code) != 3 or not code.isupper() or not known_currency(code):
            raise InvalidValueError(f"{name}[{code!r}]", code, "unknown ISO 4217 currency")
        for month, rate in enumerate(rates):
            if rate <= 0 or decimal_places(rate) > FX_PLACES:
                raise InvalidValueError(
                    f"{name}[{code!r}][{month}]",
                    rate,
                    f"must be > 0 with at most {FX_PLACES} decimal places",
                )


def _index_series(value: object) -> dict[str, IndexSeries]:
    """Series by name, from the series or a mapping of their names to them."""
    field = "CostAssumptions.index_series"
    if isinstance(value, IndexSeries) or not isinstance(value, Mapping | Iterable):
        raise InvalidValueError(field, value, "must be a sequence of IndexSeries")
    pairs = list(value.items()) if isinstance(value, Mapping) else [(None, s) for s in value]
    series: dict[str, IndexSeries] = {}
    for key, found in pairs:
        if not isinstance(found, IndexSeries):
            raise InvalidValueError(field, found, "must be an IndexSeries")
        if key is not None and key != found.name:
            raise InvalidValueError(f"{field}[{key!r}]", found.name, f"must be named {key!r}")
        if found.name in series:
            raise InvalidValueError(field, found.name, "two series have this name")
        series[found.name] = found
    return dict(sorted(series.items()))


def _months(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_MONTHS:
        raise InvalidValueError(
            field_name(instance, attribute), value, f"must be a whole number in 1..{_MAX_MONTHS}"
        )


def _whole_months(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_MONTHS:
        raise InvalidValueError(
            field_name(instance, attribute), value, f"must be a whole number in 0..{_MAX_MONTHS}"
        )


@attrs.frozen
class CostAssumptions:
    """What a cost projection assumes about the future (none of it is a contract fact).

    Conventions (the engine follows them to the cent):

    - **Months** are periods derived from the anchor: month *i* runs from
      ``start.add(months=i)`` (inclusive) to ``start.add(months=i + 1)`` (exclusive), so a
      31 January start gives 29 February, 31 March, 30 April… and never drifts.
    - **Proration by days**: a cost active on only part of a month is charged
      ``active days / days in that month`` of its monthly amount.
    - **Growth** compounds on each anniversary of ``start`` and accrues linearly in between:
      month *i* of year *y* has factor ``(1 + g)**y × (1 + g × (i mod 12) / 12)``.
    - **Factors** (growth, wage, indexation, seasonality, demand) carry six decimal places,
      rounded half-up each time one is computed; money is rounded half-up once per invoice line
      and month, then once more when converted into ``currency``.
    - **FX**: ``fx_rates["MAD"] = Decimal("0.092")`` means one MAD is worth 0.092 units of
      ``currency``; amounts are multiplied by it. With ``fx_paths["MAD"]``, month *i*'s amounts
      are multiplied by the path's *i*-th rate.

    Attributes:
        start: First day of the projection (the anchor of every month).
        months: Number of months projected.
        currency: Reporting currency (the client's); every line is converted into it.
        fx_rates: Units of ``currency`` per unit of each other currency, at most 8 decimals.
        annual_volume_growth: Volume growth per year, in percent (negative: decline).
        seasonality: Twelve volume factors, January to December (empty: flat).
        workload_underestimate: How much the real workload exceeds the estimate the provider
            priced, in percent (the sources' hidden cost: invoices beyond budget).
        wage_inflation: Yearly rise of in-house people costs and of the retained organisation,
            in percent, applied on each anniversary of ``start``.
        indexation_rate: Yearly index change assumed for the contract's indexation, in percent
            (None: the contract's ``expected_rate``); the contract's cap and floor still apply.
            Under a price revision clause, the expected yearly change of each index past its
            last published month.
        service_credit_rate: Service credits expected, in percent of each month's recurring
            fees, capped by the contract's monthly cap (ignored without a credit regime).
        transition_delay_months: Months by which the go-live slips after the term start;
            in-house costs run until go-live, fees start at go-live.
        parallel_run_months: Months after go-live during which the in-house team still works.
        in_house_scales_with_volume: Whether in-house staffing follows volume growth.
        fx_paths: Per currency, its rate month by month (from the first projected month; the
            last rate holds beyond the path), replacing its ``fx_rates`` entry: a yearly drift
            (`outsourcing.costs.fx_paths.drifting_rates`) or yearly rates
            (`outsourcing.costs.fx_paths.yearly_rates`).
        overheads_inflation: Yearly rise of in-house overheads and of rent and equipment, in
            percent, applied on each anniversary of ``start`` (0: not indexed).
        exit_date: The last day of service with the provider: the reversibility plan's exit
            cost falls in its month, and the contract's fees (and the costs the client keeps
            for it) stop after it (None: the first day the contract can end given notice
            served on ``start``, the last projected day for an open-ended contract, unless
            ``renewals_agreed``).
        renewals_agreed: Whether the contract is assumed to run on instead of being left at
            its first possible end: through its tacit renewals (up to their maximum), through
            its explicit renewals, and past the projection when open-ended; the exit then falls
            at the contract's own end, if it has one. A stated ``exit_date`` still wins.
        index_series: The published values of the indices a price revision clause names
            (`IndexSeries`, by name; a sequence of series is accepted): data, not contract
            facts. The clause revises the contract's prices on them
            (`outsourcing.costs.index_revision`).
    """

    start: pendulum.Date = attrs.field(converter=to_date)
    months: int = attrs.field(validator=_months)
    currency: str = attrs.field(validator=currency_code)
    fx_rates: dict[str, Decimal] = attrs.field(
        factory=dict, converter=_fx_rates, validator=_check_fx_rates, hash=False
    )
    annual_volume_growth: Decimal = attrs.field(
        default=Decimal(0), converter=to_decimal, validator=_rate
    )
    seasonality: tuple[Decimal, ...] = attrs.field(
        default=(), converter=_seasonality, validator=_check_seasonality
    )
    workload_underestimate: Decimal = attrs.field(
        default=Decimal(0), converter=to_decimal, validator=_rate
    )
    wage_inflation: Decimal = attrs.field(default=Decimal(0), converter=to_decimal, validator=_rate)
    indexation_rate: Decimal | None = attrs.field(
        default=None, converter=_optional_decimal, validator=_optional_rate
    )
    service_credit_rate: Decimal = attrs.field(
        default=Decimal(0), converter=to_decimal, validator=[_rate, non_negative]
    )
    transition_delay_months: int = attrs.field(default=0, validator=_whole_months)
    parallel_run_months: int = attrs.field(default=0, validator=_whole_months)
    in_house_scales_with_volume: bool = True
    fx_paths: dict[str, tuple[Decimal, ...]] = attrs.field(
        factory=dict, converter=_fx_paths, validator=_check_fx_paths, hash=False
    )
    overheads_inflation: Decimal = attrs.field(
        default=Decimal(0), converter=to_decimal, validator=_rate
    )
    exit_date: pendulum.Date | None = attrs.field(default=None, converter=to_optional_date)
    renewals_agreed: bool = False
    index_series: dict[str, IndexSeries] = attrs.field(
        factory=dict, converter=_index_series, hash=False
    )

    @property
    def end(self) -> pendulum.Date:
        """The day after the last projected day."""
        return self.start.add(months=self.months)

    def fx_rate(self, currency: str) -> Decimal:
        """Units of the reporting currency per unit of ``currency`` (1 for the same currency).

        For a currency whose rate follows a path, its first month's rate.
        """
        if currency == self.currency:
            return Decimal(1)
        if currency in self.fx_paths:
            return self.fx_paths[currency][0]
        try:
            return self.fx_rates[currency]
        except KeyError:
            raise InvalidValueError(
                "CostAssumptions.fx_rates",
                currency,
                f"no exchange rate from {currency} into {self.currency}",
            ) from None

    def fx_rate_at(self, currency: str, month: int) -> Decimal:
        """The rate of ``currency`` in month ``month`` (from 0): its path's, else the fixed one.

        A path shorter than the horizon keeps its last rate.
        """
        path = self.fx_paths.get(currency) if currency != self.currency else None
        if path is None:
            return self.fx_rate(currency)
        return path[min(month, len(path) - 1)]

    def fx_path(self, currency: str) -> tuple[Decimal, ...]:
        """The rate of ``currency`` in each projected month."""
        return tuple(self.fx_rate_at(currency, month) for month in range(self.months))


#: Largest magnitude of a distribution's parameters. Draws are taken in floats and held in
#: int64 (millionths of one for percent inputs): a bound beyond what a draw can represent
#: (``Triangular("-1E+400", 0, "1E+400")`` would give the int64 minimum in every run) or whose
#: range a float cannot hold (``Uniform("-1e308", "1e308")``) is refused when the distribution
#: is built. Percent inputs are held within -100 % and 10,000 % anyway.
DISTRIBUTION_LIMIT = LARGEST_RATE


def _drawable(instance: object, attribute: attrs.Attribute[Any], value: Decimal | None) -> None:
    """A parameter a draw can represent: finite, within ±`DISTRIBUTION_LIMIT`."""
    if value is not None and not -DISTRIBUTION_LIMIT <= value <= DISTRIBUTION_LIMIT:
        raise InvalidValueError(
            field_name(instance, attribute),
            value,
            f"must lie within ±{DISTRIBUTION_LIMIT:,} (draws are held in int64)",
        )


@attrs.frozen
class Fixed:
    """No uncertainty: every run gets ``value``.

    Attributes:
        value: The value.
    """

    value: Decimal = attrs.field(converter=decimal_field, validator=_drawable)

    def sample(self, rng: np.random.Generator, runs: int) -> npt.NDArray[np.float64]:
        """``runs`` draws."""
        del rng
        return np.full(runs, float(self.value))


@attrs.frozen
class Uniform:
    """Uniform between ``low`` and ``high``.

    Attributes:
        low: Smallest value.
        high: Largest value.
    """

    low: Decimal = attrs.field(converter=decimal_field, validator=_drawable)
    high: Decimal = attrs.field(converter=decimal_field, validator=_drawable)

    def __attrs_post_init__(self) -> None:
        if self.high < self.low:
            raise InvalidValueError("Uniform.high", self.high, f"must be >= low {self.low}")

    def sample(self, rng: np.random.Generator, runs: int) -> npt.NDArray[np.float64]:
        """``runs`` draws."""
        return rng.uniform(float(self.low), float(self.high), runs)


@attrs.frozen
class Triangular:
    """Triangular between ``low`` and ``high``, most likely ``mode`` (three-point estimate).

    Attributes:
        low: Optimistic value.
        mode: Most likely value.
        high: Pessimistic value.
    """

    low: Decimal = attrs.field(converter=decimal_field, validator=_drawable)
    mode: Decimal = attrs.field(converter=decimal_field, validator=_drawable)
    high: Decimal = attrs.field(converter=decimal_field, validator=_drawable)

    def __attrs_post_init__(self) -> None:
        if not self.low <= self.mode <= self.high:
            raise InvalidValueError(
                "Triangular.mode", self.mode, f"must lie in [{self.low}, {self.high}]"
            )

    def sample(self, rng: np.random.Generator, runs: int) -> npt.NDArray[np.float64]:
        """``runs`` draws."""
        if self.low == self.high:
            return np.full(runs, float(self.low))
        return rng.triangular(float(self.low), float(self.mode), float(self.high), runs)


@attrs.frozen
class Normal:
    """Normal with ``mean`` and standard deviation ``sd``, clipped to ``[low, high]``.

    Attributes:
        mean: Mean.
        sd: Standard deviation (0: no uncertainty).
        low: Draws below are clipped to it (None: no bound).
        high: Draws above are clipped to it (None: no bound).
    """

    mean: Decimal = attrs.field(converter=decimal_field, validator=_drawable)
    sd: Decimal = attrs.field(converter=decimal_field, validator=[non_negative, _drawable])
    low: Decimal | None = attrs.field(
        default=None, converter=_optional_decimal, validator=_drawable
    )
    high: Decimal | None = attrs.field(
        default=None, converter=_optional_decimal, validator=_drawable
    )

    def sample(self, rng: np.random.Generator, runs: int) -> npt.NDArray[np.float64]:
        """``runs`` draws."""
        draws = rng.normal(float(self.mean), float(self.sd), runs)
        low = None if self.low is None else float(self.low)
        high = None if self.high is None else float(self.high)
        return draws if low is None and high is None else np.clip(draws, low, high)


Distribution = Fixed | Uniform | Triangular | Normal
"""The distributions an uncertain input may follow."""


@attrs.frozen
class Uncertainty:
    """Which assumptions are uncertain in a simulation, and how (None: as assumed).

    Each run draws one value per input for its whole horizon; a draw is rounded to the precision
    the projection carries (four decimals of a percent, whole months, 8-decimal FX rates), so
    every run is an exact `CostAssumptions` that `project_costs` reproduces to the cent.

    Attributes:
        annual_volume_growth: Volume growth per year, in percent.
        wage_inflation: Wage inflation per year, in percent.
        indexation_rate: Index change per year, in percent (the contract's cap and floor apply;
            under a price revision clause, the change of each index past its last published
            month, the published months being the same in every run).
        fx_change: Change of every exchange rate against the assumed one, in percent (one draw
            per run and currency).
        workload_underestimate: Workload beyond the estimate, in percent.
        transition_delay_months: Go-live delay in months (rounded half-up, at least 0).
        fx_monthly_change: Change of every exchange rate from one month to the next, in percent
            (one draw per run, month and currency; the changes compound along each run's path,
            on top of the assumed rate or path and of ``fx_change``).
    """

    annual_volume_growth: Distribution | None = None
    wage_inflation: Distribution | None = None
    indexation_rate: Distribution | None = None
    fx_change: Distribution | None = None
    workload_underestimate: Distribution | None = None
    transition_delay_months: Distribution | None = None
    fx_monthly_change: Distribution | None = None


UNCERTAIN_INPUTS: tuple[str, ...] = tuple(f.name for f in attrs.fields(Uncertainty))
"""Uncertain inputs, in the order their random streams are spawned from the seed."""
