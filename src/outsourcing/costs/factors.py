"""Monthly factors in exact `Decimal`: volume growth, seasonality, demand, wages, indexation.

Every factor carries six decimal places and is rounded half-up each time it is computed. The
vectorised engine (`outsourcing.costs.simulation`) computes the same factors in integers
(millionths) and must agree to the last digit.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

from outsourcing.costs.assumptions import FACTOR_PLACES, CostAssumptions
from outsourcing.costs.lines import CostBasis, Factor

__all__ = ["MonthlyFactors", "clamp_rate", "compound", "monthly_factors", "quantize"]

_ONE = Decimal(1)
#: Enough digits that a single division never rounds before the declared half-up rounding.
PRECISION = 60


def quantize(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half-up (away from zero) to ``places`` decimal places."""
    return value.quantize(_ONE.scaleb(-places), rounding=ROUND_HALF_UP)


def compound(rate: Decimal, years: int) -> list[Decimal]:
    """Factors after 0, 1, … ``years`` yearly changes of ``rate`` percent, each rounded."""
    factors = [_ONE]
    step = 1 + rate / 100
    for _ in range(years):
        factors.append(quantize(factors[-1] * step, FACTOR_PLACES))
    return factors


def clamp_rate(rate: Decimal, floor: Decimal | None, cap: Decimal | None) -> Decimal:
    """``rate`` held within the contract's floor and cap (either may be absent)."""
    if cap is not None:
        rate = min(rate, cap)
    if floor is not None:
        rate = max(rate, floor)
    return rate


MonthlyFactors = dict[Factor | str, list[Decimal]]
"""Factor name to one value per month (``demand`` is the extra key for metered lines)."""


def monthly_factors(basis: CostBasis, assumptions: CostAssumptions) -> MonthlyFactors:
    """Every factor of every month of ``basis`` under ``assumptions``.

    Growth: ``(1 + g)**y × (1 + g × j / 12)`` for month *j* of year *y*, rounded. Staff: growth
    if in-house staffing scales with volume, else 1. People: staff × wage factor. Overheads:
    compounded on each anniversary at the stated overheads inflation. Rent: staff × overheads
    factor. Demand:
    (growth × seasonality) × (1 + workload underestimate), each product rounded. Index:
    compounded on each anniversary of the term start at the clamped rate.
    """
    count = len(basis.months)
    years = (count - 1) // 12 + 1
    with localcontext(prec=PRECISION):
        g = assumptions.annual_volume_growth
        yearly = compound(g, years)
        growth = [
            quantize(yearly[i // 12] * (12 + g / 100 * (i % 12)) / 12, FACTOR_PLACES)
            for i in range(count)
        ]
        wage_yearly = compound(assumptions.wage_inflation, years)
        wage = [wage_yearly[i // 12] for i in range(count)]
        staff = growth if assumptions.in_house_scales_with_volume else [_ONE] * count
        people = [quantize(s * w, FACTOR_PLACES) for s, w in zip(staff, wage, strict=True)]
        overheads_yearly = compound(assumptions.overheads_inflation, years)
        overheads = [overheads_yearly[i // 12] for i in range(count)]
        rent = [quantize(s * o, FACTOR_PLACES) for s, o in zip(staff, overheads, strict=True)]
        season = assumptions.seasonality
        workload = 1 + assumptions.workload_underestimate / 100
        demand = [
            quantize(
                quantize(
                    growth[m.index] * (season[m.start.month - 1] if season else _ONE),
                    FACTOR_PLACES,
                )
                * workload,
                FACTOR_PLACES,
            )
            for m in basis.months
        ]
        if basis.index_rate is None:
            index = [_ONE] * count
        else:
            rate = clamp_rate(basis.index_rate, basis.index_floor, basis.index_cap)
            steps = compound(rate, max(basis.index_years, default=0))
            index = [steps[k] for k in basis.index_years]
    return {
        Factor.ONE: [_ONE] * count,
        Factor.INDEX: index,
        Factor.STAFF: staff,
        Factor.PEOPLE: people,
        Factor.WAGE: wage,
        Factor.OVERHEADS: overheads,
        Factor.RENT: rent,
        "demand": demand,
    }
