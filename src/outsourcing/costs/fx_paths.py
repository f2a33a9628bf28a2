"""Exchange-rate paths: a rate month by month, from a yearly drift or from yearly rates.

`CostAssumptions.fx_paths` holds, per currency, the rate of each projected month. These two
functions build such a path:

- `drifting_rates`: a starting rate moving by a yearly drift, compounded month by month,
  ``rate × (1 + drift)**(i / 12)`` in month *i* (from 0), so month 12 is one year's drift and
  month 24 two: with the ariary at 0.0002 EUR and −8 % a year, month 25 (i = 24) is
  0.0002 × 0.92² = 0.00016928.
- `yearly_rates`: one given rate per year of the projection, month 0 to 11 at the first.

Rates are rounded half-up to 8 decimals, the precision `CostAssumptions` carries.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext

from outsourcing.costs.assumptions import FX_PLACES
from outsourcing.exceptions import InvalidValueError
from outsourcing.model._checks import to_decimal

__all__ = ["drifting_rates", "yearly_rates"]

_QUANTUM = Decimal(1).scaleb(-FX_PLACES)


def _months(months: object, field: str) -> int:
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise InvalidValueError(field, months, "must be a whole number >= 1")
    return months


def _rounded(rate: Decimal, field: str) -> Decimal:
    value = rate.quantize(_QUANTUM, rounding=ROUND_HALF_UP)
    if value <= 0:
        raise InvalidValueError(field, rate, "rounds to 0 at 8 decimal places")
    return value


def drifting_rates(
    rate: Decimal | int | str, annual_drift: Decimal | int | str, months: int
) -> tuple[Decimal, ...]:
    """``months`` monthly rates from ``rate``, drifting by ``annual_drift`` percent a year.

    Args:
        rate: The first month's rate (units of the reporting currency per unit).
        annual_drift: Yearly change in percent, e.g. ``-8`` for a currency losing 8 % a year.
        months: Number of months.

    Raises:
        InvalidValueError: A rate <= 0, a drift <= -100 % or fewer than one month.
    """
    start = to_decimal(rate)
    drift = to_decimal(annual_drift)
    count = _months(months, "drifting_rates.months")
    if start <= 0:
        raise InvalidValueError("drifting_rates.rate", start, "must be > 0")
    if drift <= -100:
        raise InvalidValueError("drifting_rates.annual_drift", drift, "must be > -100 (percent)")
    step = 1 + drift / 100
    with localcontext(prec=40):
        return tuple(
            _rounded(
                start * step ** (month // 12) * step ** (Decimal(month % 12) / 12),
                "drifting_rates.rate",
            )
            for month in range(count)
        )


def yearly_rates(rates: Sequence[Decimal | int | str], months: int) -> tuple[Decimal, ...]:
    """``months`` monthly rates, year *y* of the projection at ``rates[y]`` (the last repeats).

    Raises:
        InvalidValueError: No rate, a rate <= 0 or fewer than one month.
    """
    count = _months(months, "yearly_rates.months")
    given = [to_decimal(rate) for rate in rates]
    if not given:
        raise InvalidValueError("yearly_rates.rates", list(rates), "must give at least one rate")
    for year, rate in enumerate(given):
        if rate <= 0:
            raise InvalidValueError(f"yearly_rates.rates[{year}]", rate, "must be > 0")
    return tuple(
        _rounded(given[min(month // 12, len(given) - 1)], "yearly_rates.rates")
        for month in range(count)
    )
