"""Comparing two projections: savings, break-even, payback, NPV and IRR.

Cash-flow convention: the savings of month *i* (``baseline − alternative``, months counted
from 0) are one cash flow at time *i* months. The first month is **not** discounted and month *i*
is discounted by ``(1 + r_m)**i``, where the monthly rate ``r_m = (1 + annual)**(1/12) − 1``:
exactly `numpy_financial.npv(r_m, savings)` and `numpy_financial.irr(savings)` for the same
flows. Positive savings mean the alternative is cheaper.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING

import attrs
import numpy as np

from outsourcing.costs.factors import quantize
from outsourcing.costs.horizon import Month
from outsourcing.costs.projection import CostProjection
from outsourcing.costs.tables import require_pandas
from outsourcing.decimals import computing
from outsourcing.exceptions import InvalidValueError
from outsourcing.model._checks import to_decimal
from outsourcing.model.money import Money, minor_units

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CostComparison", "break_even_month", "compare_costs", "irr", "payback_months"]

#: Decimal places of reported rates (IRR, monthly discount rate).
RATE_PLACES = 10


@attrs.frozen
class CostComparison:
    """Savings of an alternative against a baseline, month by month, and what they are worth.

    Attributes:
        currency: Reporting currency.
        months: The compared months.
        baseline: Monthly totals of the baseline (e.g. keeping the work in house).
        alternative: Monthly totals of the alternative (e.g. outsourcing).
        savings: ``baseline − alternative`` each month.
        cumulative_savings: Running sum of ``savings``.
        break_even_month: Month number (from 1) from which cumulative savings stay >= 0 to the
            end of the horizon; None if they end negative.
        payback_months: Months until the cumulative savings reach zero, interpolated within the
            break-even month (2 decimals); None without break-even.
        discount_rate: Annual discount rate, in percent.
        monthly_rate: The equivalent monthly rate as a fraction, ``(1 + annual)**(1/12) − 1``.
        npv: Net present value of the savings (first month undiscounted), rounded half-up.
        irr_monthly: Monthly internal rate of return of the savings as a fraction (None when
            the savings never change sign).
        irr_annual: ``(1 + irr_monthly)**12 − 1`` (None with ``irr_monthly``).
    """

    currency: str
    months: tuple[Month, ...]
    baseline: tuple[Money, ...]
    alternative: tuple[Money, ...]
    savings: tuple[Money, ...]
    cumulative_savings: tuple[Money, ...]
    break_even_month: int | None
    payback_months: Decimal | None
    discount_rate: Decimal
    monthly_rate: Decimal
    npv: Money
    irr_monthly: Decimal | None
    irr_annual: Decimal | None

    @property
    def total_savings(self) -> Money:
        """Savings over the whole horizon."""
        return self.cumulative_savings[-1]

    def _repr_html_(self) -> str:
        """The result as HTML, for notebooks (needs babel, a runtime dependency)."""
        from outsourcing.notebook import result_html  # noqa: PLC0415 - on use

        return result_html(self)

    def to_pandas(self) -> pd.DataFrame:
        """A DataFrame, a row per month: baseline, alternative, savings, cumulative savings.

        Amounts are `Decimal`. Needs pandas (the ``notebook`` extra).
        """
        pandas = require_pandas()
        frame: pd.DataFrame = pandas.DataFrame(
            {
                "baseline": [m.amount for m in self.baseline],
                "alternative": [m.amount for m in self.alternative],
                "savings": [m.amount for m in self.savings],
                "cumulative_savings": [m.amount for m in self.cumulative_savings],
            },
            index=pandas.Index([m.start for m in self.months], name="month"),
        )
        return frame


def break_even_month(cumulative: Sequence[Decimal | int]) -> int | None:
    """Month number (from 1) from which ``cumulative`` stays >= 0; None if it ends negative."""
    month = len(cumulative)
    if month == 0 or cumulative[-1] < 0:
        return None
    while month > 1 and cumulative[month - 2] >= 0:
        month -= 1
    return month


def payback_months(savings: Sequence[Decimal], month: int | None) -> Decimal | None:
    """Months until cumulative ``savings`` reach zero, interpolated in the break-even ``month``."""
    if month is None:
        return None
    before = sum(savings[: month - 1], Decimal(0))
    if before >= 0:
        return Decimal(0) if month == 1 else Decimal(month - 1)
    return quantize(month - 1 + (-before) / savings[month - 1], 2)


def irr(flows: Sequence[Decimal]) -> Decimal | None:
    """Periodic internal rate of return of ``flows`` (flow *t* at time *t*), as a fraction.

    The same root as `numpy_financial.irr`: among the real rates > −1 that zero the present
    value, the one closest to zero, polished by Newton steps; None if there is none (or none
    that floating point can hold).
    """
    values = np.array([float(f) for f in flows])
    if not (values > 0).any() or not (values < 0).any():
        return None
    roots = np.roots(values[::-1])
    real = roots[(roots.imag == 0) & (roots.real > 0)].real
    if real.size == 0:
        return None
    rates = 1 / real - 1
    rate = float(rates[np.argmin(np.abs(rates))])
    times = np.arange(values.size)
    with np.errstate(all="ignore"):  # a diverging step is caught below, not warned about
        for _ in range(50):
            growth = (1 + rate) ** -times
            value = float(values @ growth)
            slope = float(-(values * times) @ (growth / (1 + rate)))
            if slope == 0 or abs(value) < 1e-12 or not math.isfinite(value / slope):
                break
            rate -= value / slope
    if not math.isfinite(rate):
        return None  # no rate that floating point can hold (savings beyond its range)
    with localcontext(prec=80):
        return quantize(Decimal(repr(rate)), RATE_PLACES)


_DISCOUNTING = "discounts the savings to amounts too large or too small to compute exactly"
_IRR = "gives an internal rate of return too large to compute exactly"


def compare_costs(
    baseline: CostProjection,
    alternative: CostProjection,
    *,
    discount_rate: Decimal | int | str,
) -> CostComparison:
    """Compare an alternative with a baseline: savings, break-even, payback, NPV and IRR.

    Args:
        baseline: The reference scenario (typically keeping the work in house).
        alternative: The scenario compared with it (typically outsourcing).
        discount_rate: Annual discount rate in percent (``8`` for 8 %).

    Returns:
        The comparison, with the conventions of this module.

    Raises:
        InvalidValueError: The projections differ in currency or months, or the rate is <= -100.
    """
    try:
        rate = to_decimal(discount_rate)
    except InvalidValueError as error:
        raise InvalidValueError("compare_costs.discount_rate", error.value, error.reason) from None
    if rate <= -100:
        raise InvalidValueError("compare_costs.discount_rate", rate, "must be > -100 (percent)")
    if alternative.currency != baseline.currency:
        raise InvalidValueError(
            "compare_costs.alternative.currency",
            alternative.currency,
            f"must be the baseline's {baseline.currency}",
        )
    if [m.start for m in alternative.months] != [m.start for m in baseline.months]:
        raise InvalidValueError(
            "compare_costs.alternative.months",
            f"{len(alternative.months)} from {alternative.months[0].start}",
            f"must be the baseline's {len(baseline.months)} from {baseline.months[0].start}",
        )
    currency = baseline.currency
    with computing("compare_costs.baseline", "totals", "its totals minus the alternative's"):
        savings = [
            b.amount - a.amount for b, a in zip(baseline.totals, alternative.totals, strict=True)
        ]
        cumulative: list[Decimal] = []
        running = Decimal(0)
        for saving in savings:
            running += saving
            cumulative.append(running)
        month = break_even_month(cumulative)
        payback = payback_months(savings, month)
    with computing("compare_costs.discount_rate", rate, _DISCOUNTING, precision=40):
        monthly = (1 + rate / 100) ** (Decimal(1) / 12) - 1
        npv = sum((s / (1 + monthly) ** i for i, s in enumerate(savings)), Decimal(0))
        monthly_rate = quantize(monthly, RATE_PLACES)
        npv_amount = quantize(npv, minor_units(currency))
    irr_monthly = irr(savings)
    # (1 + r)^12 has about 12 times the digits of r: a tiny first-month loss before large
    # savings gives a huge but well-defined rate, computed exactly rather than refused.
    digits = 80 + (12 * max(0, irr_monthly.adjusted()) if irr_monthly is not None else 0)
    with computing("compare_costs.baseline", "totals", _IRR, precision=digits):
        irr_annual = (
            None if irr_monthly is None else quantize((1 + irr_monthly) ** 12 - 1, RATE_PLACES)
        )
    return CostComparison(
        currency=currency,
        months=baseline.months,
        baseline=baseline.totals,
        alternative=alternative.totals,
        savings=tuple(Money(s, currency) for s in savings),
        cumulative_savings=tuple(Money(c, currency) for c in cumulative),
        break_even_month=month,
        payback_months=payback,
        discount_rate=rate,
        monthly_rate=monthly_rate,
        npv=Money(npv_amount, currency),
        irr_monthly=irr_monthly,
        irr_annual=irr_annual,
    )
