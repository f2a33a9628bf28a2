"""Monthly factors in exact `Decimal`: volume growth, seasonality, demand, wages, indexation.

Every factor carries six decimal places and is rounded half-up each time it is computed. The
vectorised engine (`outsourcing.costs.simulation`) computes the same factors in integers
(millionths) and must agree to the last digit.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from outsourcing.costs.assumptions import FACTOR_PLACES, CostAssumptions
from outsourcing.costs.index_revision import revision_factors
from outsourcing.costs.lines import CostBasis, Factor
from outsourcing.decimals import PRECISION, computing

__all__ = ["PRECISION", "MonthlyFactors", "clamp_rate", "compound", "monthly_factors", "quantize"]

_ONE = Decimal(1)


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


_COMPOUNDED = "compounded over {} months, gives factors too large to compute exactly"
_DEMAND = "with the volume growth and seasonality, gives demand too large to compute exactly"

MonthlyFactors = dict[Factor | str, list[Decimal]]
"""Factor name to one value per month (``demand`` is the extra key for metered lines)."""


def monthly_factors(basis: CostBasis, assumptions: CostAssumptions) -> MonthlyFactors:
    """Every factor of every month of ``basis`` under ``assumptions``.

    Growth: ``(1 + g)**y × (1 + g × j / 12)`` for month *j* of year *y*, rounded. Staff: growth
    if in-house staffing scales with volume, else 1. People: staff × wage factor. Overheads:
    compounded on each anniversary at the stated overheads inflation. Rent: staff × overheads
    factor. Demand:
    (growth × seasonality) × (1 + workload underestimate), each product rounded. Index:
    compounded on each anniversary of the term start at the clamped rate, or, under a price
    revision clause, the clause's factor after the revisions passed (`revision_factors`).
    """
    count = len(basis.months)
    years = (count - 1) // 12 + 1
    g = assumptions.annual_volume_growth
    with computing("CostAssumptions.annual_volume_growth", g, _COMPOUNDED.format(count)):
        yearly = compound(g, years)
        growth = [
            quantize(yearly[i // 12] * (12 + g / 100 * (i % 12)) / 12, FACTOR_PLACES)
            for i in range(count)
        ]
    inflation = assumptions.wage_inflation
    with computing("CostAssumptions.wage_inflation", inflation, _COMPOUNDED.format(count)):
        wage_yearly = compound(inflation, years)
        wage = [wage_yearly[i // 12] for i in range(count)]
        staff = growth if assumptions.in_house_scales_with_volume else [_ONE] * count
        people = [quantize(s * w, FACTOR_PLACES) for s, w in zip(staff, wage, strict=True)]
    overheads_rate = assumptions.overheads_inflation
    with computing(
        "CostAssumptions.overheads_inflation", overheads_rate, _COMPOUNDED.format(count)
    ):
        overheads_yearly = compound(overheads_rate, years)
        overheads = [overheads_yearly[i // 12] for i in range(count)]
        rent = [quantize(s * o, FACTOR_PLACES) for s, o in zip(staff, overheads, strict=True)]
    season = assumptions.seasonality
    underestimate = assumptions.workload_underestimate
    with computing("CostAssumptions.workload_underestimate", underestimate, _DEMAND):
        workload = 1 + underestimate / 100
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
    if basis.revision is not None:
        steps = revision_factors(
            basis.revision, basis.index_rate, max(basis.index_years, default=0)
        )
        index = [steps[k] for k in basis.index_years]
    elif basis.index_rate is None:
        index = [_ONE] * count
    else:
        rate = clamp_rate(basis.index_rate, basis.index_floor, basis.index_cap)
        source = (
            "Indexation.expected_rate"
            if assumptions.indexation_rate is None
            else "CostAssumptions.indexation_rate"
        )
        with computing(source, rate, _COMPOUNDED.format(count)):
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
