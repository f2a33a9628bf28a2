import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import FractionalDelay, LateDeliveryPenalty, Money, Span
from outsourcing.late_delivery import Delivery, LateDelivery, assess_late_delivery, delay_periods

VALUE = Money("100000", "EUR")
AS_OF = dt.date(2024, 12, 31)


def one(terms: LateDeliveryPenalty, **fields: Any) -> LateDelivery:
    """Assess one delivery due 2024-03-01 worth 100 000 EUR."""
    item = Delivery(name="go-live", due="2024-03-01", value=VALUE, **fields)
    (result,) = assess_late_delivery(terms, [item], as_of=AS_OF)
    return result


@pytest.mark.parametrize(
    ("policy", "periods", "penalty"),
    [
        (FractionalDelay.ROUND_UP, Decimal(2), "2000"),
        (FractionalDelay.ROUND_DOWN, Decimal(1), "1000"),
        (FractionalDelay.PRORATE, Decimal(1) + Decimal(3) / 7, None),
    ],
)
def test_fractional_policies(
    policy: FractionalDelay, periods: Decimal, penalty: str | None
) -> None:
    """10 days late at 1 % per week: 2 weeks rounded up, 1 rounded down, 10/7 prorated."""
    terms = LateDeliveryPenalty(rate=1, period=Span(days=7), fractional=policy)
    result = one(terms, delivered="2024-03-11")
    assert result.delay_days == 10
    assert result.periods == periods
    expected = VALUE * periods / 100 if penalty is None else Money(penalty, "EUR")
    assert result.penalty == expected


def test_cap_and_termination() -> None:
    """The penalty stops at the cap; a delay beyond the limit opens a termination right."""
    terms = LateDeliveryPenalty(rate=2, period=Span(days=1), cap=10, terminate_after=Span(months=1))
    result = one(terms, delivered="2024-04-15")
    assert result.capped
    assert result.penalty == Money("10000", "EUR")
    assert result.termination_right
    short = one(terms, delivered="2024-04-01")
    assert not short.termination_right


@pytest.mark.parametrize(("exempts", "penalty"), [(True, "300"), (False, "1000")])
def test_force_majeure(exempts: bool, penalty: str) -> None:
    """Force-majeure days are excused only when the clause says force majeure exempts."""
    terms = LateDeliveryPenalty(rate="0.1", force_majeure_exempts=exempts)
    result = one(terms, delivered="2024-03-11", force_majeure_days=7)
    assert result.penalty == Money(penalty, "EUR")


def test_on_time_and_outstanding() -> None:
    """On time costs nothing; an outstanding item is late up to as_of."""
    terms = LateDeliveryPenalty(rate=1, period=Span(months=1), cap=50)
    assert one(terms, delivered="2024-02-20").penalty == Money(0, "EUR")
    outstanding = one(terms)
    assert outstanding.delivered is None
    assert outstanding.periods == 10  # 1 March -> 31 December


def test_months_count_from_the_anchor() -> None:
    """Month periods are counted from the due date on the calendar, month ends clipping."""
    start = pendulum.Date(2024, 1, 31)
    monthly = Span(months=1)
    assert (
        delay_periods(start, pendulum.Date(2024, 2, 29), monthly, FractionalDelay.ROUND_DOWN) == 1
    )
    assert (
        delay_periods(start, pendulum.Date(2024, 3, 30), monthly, FractionalDelay.ROUND_DOWN) == 1
    )
    assert (
        delay_periods(start, pendulum.Date(2024, 3, 31), monthly, FractionalDelay.ROUND_DOWN) == 2
    )


@given(st.integers(0, 400), st.integers(1, 30))
def test_policies_bracket_the_exact_delay(days: int, length: int) -> None:
    """round_down <= prorate <= round_up, and prorate is the exact days / period length."""
    start = pendulum.Date(2024, 1, 1)
    end = start.add(days=days)
    period = Span(days=length)
    low, exact, high = (
        delay_periods(start, end, period, policy)
        for policy in (
            FractionalDelay.ROUND_DOWN,
            FractionalDelay.PRORATE,
            FractionalDelay.ROUND_UP,
        )
    )
    assert low <= exact <= high <= low + 1
    assert Fraction(exact).limit_denominator(1000) == Fraction(days, length)
