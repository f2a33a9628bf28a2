"""The price in force each month, in exact `Decimal`: indexed, or revised as invoiced.

A contract price (a monthly fee, a rate card's rate per FTE, a unit or hourly rate, a minimum)
follows the contract's indexation or its price revision clause. With an indexation it is P₀ times
the month's index factor, unrounded: the line's amount is rounded once, per invoice line and
month. Under a revision clause it is the price the clause puts on the invoice
(`outsourcing.costs.price_revision.revised_price`): revised at each revision date, capped and
floored against the price before it, rounded to the cent (or to P₀'s own decimals when finer),
so that the projection agrees with the invoice rule to the cent.
"""

from __future__ import annotations

from decimal import Decimal

from outsourcing.costs.index_revision import revised_prices, revision_coefficients
from outsourcing.costs.lines import CostBasis
from outsourcing.costs.price_revision import price_places
from outsourcing.model.money import Money

__all__ = ["MonthlyPrices"]


class MonthlyPrices:
    """The prices in force each month of a cost basis, computed once per distinct price."""

    def __init__(self, basis: CostBasis, index: list[Decimal]) -> None:
        """Prices of ``basis`` whose index factor is ``index`` (one value per month).

        Raises:
            InvalidValueError: If the basis's revision clause needs a month not published yet
                and no expected yearly change is stated.
        """
        self._basis = basis
        self._index = index
        self._coefficients = (
            None
            if basis.revision is None
            else revision_coefficients(
                basis.revision, basis.index_rate, max(basis.index_years, default=0)
            )
        )
        self._found: dict[tuple[Decimal, str], list[Decimal]] = {}

    def of(self, price: Decimal, currency: str) -> list[Decimal]:
        """The price P₀ in force in each month (in ``currency``)."""
        key = (price, currency)
        if key not in self._found:
            revision = self._basis.revision
            if revision is None or self._coefficients is None:
                self._found[key] = [price * factor for factor in self._index]
            else:
                places = price_places(Money(price, currency))
                steps = revised_prices(revision, price, places, self._coefficients)
                self._found[key] = [steps[k] for k in self._basis.index_years]
        return self._found[key]
