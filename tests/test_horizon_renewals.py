"""What-if horizons past the first term: left at its first end, or renewed if agreed."""

from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from outsourcing import (
    Contract,
    FixedFee,
    Renewal,
    Span,
    Term,
    Uncertainty,
    project_costs,
    simulate_costs,
)
from outsourcing.costs.lines import fees_end
from test_costs import PAYROLL, assume, contract, eur, line_amounts

FEE = Decimal("1000.00")


def _terms(**term: Any) -> Contract:
    """A 1,000.00 EUR a month contract for 2025, renewed as asked."""
    fields: dict[str, Any] = {"start": "2025-01-01", "end": "2025-12-31"}
    fields.update(term)
    return contract(FixedFee(name="fee", monthly_fee=eur(1000)), term=Term(**fields))


@pytest.mark.parametrize(
    ("term", "left", "agreed"),
    [
        ({"renewal": Renewal.TACIT, "renewal_period": Span(years=1)}, 12, 24),
        ({"renewal": Renewal.TACIT, "renewal_period": Span(years=1), "max_renewals": 0}, 12, 12),
        ({"renewal": Renewal.NONE}, 12, 12),
        ({"renewal": Renewal.EXPLICIT, "renewal_period": Span(years=1)}, 12, 24),
        # Notice served on 1 January, before the 30 September deadline: it ends with 2025.
        (
            {
                "renewal": Renewal.TACIT,
                "renewal_period": Span(years=1),
                "notice_given": "2025-01-01",
            },
            12,
            12,
        ),
    ],
)
def test_fees_stop_at_the_first_possible_end_unless_renewals_are_agreed(
    term: dict[str, Any], left: int, agreed: int
) -> None:
    """Over 24 months the contract is left at its first possible end, 2025-12-31: 12 months.

    With renewals agreed, a renewal bills all 24 months; a maximum of no renewal, no renewal,
    or notice served still ends the contract with 2025.
    """
    terms = _terms(**term)
    for renewals_agreed, billed in ((False, left), (True, agreed)):
        assumptions = assume(start="2025-01-01", months=24, renewals_agreed=renewals_agreed)
        fees = line_amounts(project_costs(PAYROLL, terms, assumptions=assumptions), "fixed_fee")
        assert fees == [FEE] * billed + [Decimal(0)] * (24 - billed)


def test_explicit_renewals_run_on_when_assumed_agreed() -> None:
    """The what-if "the explicit renewal is agreed" bills the second year too."""
    terms = _terms(renewal=Renewal.EXPLICIT, renewal_period=Span(years=1))
    agreed = assume(start="2025-01-01", months=24, renewals_agreed=True)
    assert line_amounts(project_costs(PAYROLL, terms, assumptions=agreed), "fixed_fee") == (
        [FEE] * 24
    )
    assert fees_end(terms, agreed) is None


def test_a_three_year_horizon_on_a_one_year_tacit_contract_is_simulated_the_same() -> None:
    """The Monte Carlo bills the renewals as the exact projection does (no uncertainty)."""
    terms = _terms(renewal=Renewal.TACIT, renewal_period=Span(years=1))
    assumptions = assume(start="2025-01-01", months=36, renewals_agreed=True)
    simulation = simulate_costs(
        PAYROLL, terms, assumptions=assumptions, uncertainty=Uncertainty(), runs=3, seed=1
    )
    exact = project_costs(PAYROLL, terms, assumptions=assumptions)
    expected = [int(total.amount * 100) for total in exact.totals]
    assert np.all(simulation.alternative_minor == np.array(expected))
    assert line_amounts(exact, "fixed_fee") == [FEE] * 36
