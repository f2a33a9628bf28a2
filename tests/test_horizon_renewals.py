"""What-if horizons past the first term: the contract costs what it costs through its renewals."""

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
    ("term", "months_billed"),
    [
        ({"renewal": Renewal.TACIT, "renewal_period": Span(years=1)}, 24),
        ({"renewal": Renewal.TACIT, "renewal_period": Span(years=1), "max_renewals": 0}, 12),
        ({"renewal": Renewal.NONE}, 12),
        ({"renewal": Renewal.EXPLICIT, "renewal_period": Span(years=1)}, 12),
        # Notice served on 1 January, before the 30 September deadline: it ends with 2025.
        (
            {
                "renewal": Renewal.TACIT,
                "renewal_period": Span(years=1),
                "notice_given": "2025-01-01",
            },
            12,
        ),
    ],
)
def test_fees_run_through_the_renewals_the_contract_dates_allow(
    term: dict[str, Any], months_billed: int
) -> None:
    """Over 24 months: a tacit renewal bills all 24; no renewal, an explicit one, or notice: 12."""
    terms = _terms(**term)
    projection = project_costs(PAYROLL, terms, assumptions=assume(start="2025-01-01", months=24))
    fees = line_amounts(projection, "fixed_fee")
    assert fees == [FEE] * months_billed + [Decimal(0)] * (24 - months_billed)


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
    assumptions = assume(start="2025-01-01", months=36)
    simulation = simulate_costs(
        PAYROLL, terms, assumptions=assumptions, uncertainty=Uncertainty(), runs=3, seed=1
    )
    exact = project_costs(PAYROLL, terms, assumptions=assumptions)
    expected = [int(total.amount * 100) for total in exact.totals]
    assert np.all(simulation.alternative_minor == np.array(expected))
    assert line_amounts(exact, "fixed_fee") == [FEE] * 36
