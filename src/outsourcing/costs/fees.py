"""What a provider charges for metered work: billed quantities and tiered prices, in `Decimal`.

Hourly rates and per-unit prices are both metered: a baseline quantity a month follows demand
(growth, seasonality, workload underestimate) and the days the contract is active, is rounded to
what is billed (hundredths of an hour, whole units), then priced by tiers. An hourly rate is a
single open tier.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from outsourcing.costs.factors import PRECISION, quantize
from outsourcing.model.pricing import Tiering

__all__ = ["billed_quantity", "tiered_charge"]


def billed_quantity(
    quantity: Decimal, demand: Decimal, days: int, period_days: int, places: int
) -> Decimal:
    """``quantity × demand × days / period_days``, rounded half-up to ``places`` decimals."""
    with localcontext(prec=PRECISION):
        return quantize(quantity * demand * days / period_days, places)


def tiered_charge(
    tiers: tuple[tuple[int | None, Decimal], ...], tiering: Tiering, quantity: Decimal
) -> Decimal:
    """Price of ``quantity`` under ``tiers`` (``(last quantity of the tier, unit price)``).

    Graduated: each unit is priced in the tier it falls in. Volume: every unit is priced at the
    tier the whole quantity reaches (a quantity equal to a tier's bound stays in that tier).
    The result is exact (not rounded).
    """
    if tiering is Tiering.VOLUME:
        for upper, price in tiers:
            if upper is None or quantity <= upper:
                return quantity * price
        raise AssertionError("the last tier is open")  # pragma: no cover - validated by PerUnit
    charge = Decimal(0)
    lower = 0
    for upper, price in tiers:
        top = quantity if upper is None else min(quantity, Decimal(upper))
        if top > lower:
            charge += (top - lower) * price
        if upper is None or quantity <= upper:
            break
        lower = upper
    return charge
