"""What a provider charges for metered work: billed quantities, in `Decimal`.

Hourly rates and per-unit prices are both metered: a baseline quantity a month follows demand
(growth, seasonality, workload underestimate) and the days the contract is active, is rounded
to what is billed (hundredths of an hour, whole units), then priced by tiers with the pricing
rule `outsourcing.model.pricing.tiered_charge`. An hourly rate is a single open tier.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from outsourcing.costs.factors import PRECISION, quantize

__all__ = ["billed_quantity"]


def billed_quantity(
    quantity: Decimal, demand: Decimal, days: int, period_days: int, places: int
) -> Decimal:
    """``quantity × demand × days / period_days``, rounded half-up to ``places`` decimals."""
    with localcontext(prec=PRECISION):
        return quantize(quantity * demand * days / period_days, places)
