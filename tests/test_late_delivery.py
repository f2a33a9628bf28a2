import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import (
    Cadence,
    Contract,
    Deliverable,
    DeliveryRecord,
    FractionalDelay,
    InvalidValueError,
    LateDeliveryPenalty,
    Milestone,
    Milestones,
    Money,
    Span,
    Term,
    TicketLog,
    UnknownReferenceError,
    evaluate_slas,
)
from outsourcing.sla.late_delivery import (
    Delivery,
    LateDelivery,
    assess_late_delivery,
    delay_periods,
)

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
    exact = VALUE * periods / 100
    expected = exact.rounded() if penalty is None else Money(penalty, "EUR")
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


CLAUSE = LateDeliveryPenalty(rate=1, period=Span(days=7), cap=10, terminate_after=Span(months=2))


def delivery_contract(clause: LateDeliveryPenalty | None = CLAUSE) -> Contract:
    """A contract with dated deliverables, a recurring one, and milestone pricing."""
    return Contract(
        id="c", title="Migration", client="ACME", provider_id="p", currency="EUR", timezone="UTC",
        term=Term(start="2024-01-01"),
        deliverables=[
            Deliverable(name="payroll migration", due="2024-03-01", value=VALUE),
            Deliverable(name="runbook", due="2024-03-15"),
            Deliverable(name="monthly report", cadence=Cadence.MONTHLY),
        ],
        pricing=[Milestones(name="project", milestones=[
            Milestone(name="go-live", due="2024-04-01", amount=Money("80000", "EUR"))])],
        late_delivery=clause,
    )  # fmt: skip


REPORT_AS_OF = dt.datetime(2024, 6, 15, 12, tzinfo=dt.UTC)
NO_TICKETS = TicketLog.from_records([])


def test_the_report_carries_late_delivery_penalties_and_rights() -> None:
    """One evaluate_slas call gives the penalties and rights of every dated item, by name."""
    records = [
        DeliveryRecord("payroll migration", delivered="2024-03-11", force_majeure_days=2),
        DeliveryRecord("runbook", delivered="2024-03-15"),
    ]
    report = evaluate_slas(delivery_contract(), NO_TICKETS, as_of=REPORT_AS_OF, deliveries=records)
    by_name = {item.name: item for item in report.late_deliveries}
    assert set(by_name) == {"payroll migration", "runbook", "go-live"}
    # 10 days late, 2 excused: 8 days, 2 started weeks at 1 % of 100 000.
    assert by_name["payroll migration"].penalty == Money("2000", "EUR")
    assert by_name["runbook"].penalty == Money("0", "EUR")  # on time
    assert by_name["go-live"].capped  # outstanding since 1 April: 11 weeks, capped at 10 %
    assert report.late_delivery_penalties == Money("10000", "EUR")
    assert [item.name for item in report.delivery_termination_rights] == ["go-live"]


def test_late_delivery_is_assessed_only_when_asked_and_agreed() -> None:
    """Without deliveries, or without a clause, the report has no late-delivery part."""
    assert evaluate_slas(delivery_contract(), NO_TICKETS, as_of=REPORT_AS_OF).late_deliveries == ()
    report = evaluate_slas(delivery_contract(None), NO_TICKETS, as_of=REPORT_AS_OF, deliveries=[])
    assert report.late_deliveries == ()
    assert report.late_delivery_penalties is None


def test_unknown_names_and_bad_values_are_refused() -> None:
    """A record naming no dated item, a negative value or a foreign currency is refused."""
    with pytest.raises(
        UnknownReferenceError, match=r"^deliveries\[0\].name: unknown reference 'monthly report'"
    ):
        evaluate_slas(delivery_contract(), NO_TICKETS, as_of=REPORT_AS_OF,
                      deliveries=[DeliveryRecord("monthly report")])  # fmt: skip
    with pytest.raises(InvalidValueError, match=r"^Deliverable.value"):
        Deliverable(name="x", value=Money("-1", "EUR"))
    with pytest.raises(InvalidValueError, match=r"^Contract.deliverables\[0\].value"):
        attrs.evolve(
            delivery_contract(), deliverables=[Deliverable(name="x", value=Money(1, "USD"))]
        )


@given(
    st.lists(st.none() | st.integers(-10, 120), min_size=3, max_size=3),
    st.lists(st.integers(0, 20), min_size=3, max_size=3),
)
def test_the_report_agrees_with_assessing_the_items_directly(
    offsets: list[int | None], force_majeure: list[int]
) -> None:
    """The report's penalties equal assess_late_delivery on the same items built by hand."""
    contract = delivery_contract()
    items = [
        Delivery("payroll migration", due="2024-03-01", value=VALUE),
        Delivery("runbook", due="2024-03-15", value=Money(0, "EUR")),
        Delivery("go-live", due="2024-04-01", value=Money("80000", "EUR")),
    ]
    records, expected_items = [], []
    for item, offset, days in zip(items, offsets, force_majeure, strict=True):
        delivered = None if offset is None else item.due.add(days=offset)
        records.append(DeliveryRecord(item.name, delivered=delivered, force_majeure_days=days))
        expected_items.append(attrs.evolve(item, delivered=delivered, force_majeure_days=days))
    report = evaluate_slas(contract, NO_TICKETS, as_of=REPORT_AS_OF, deliveries=records)
    expected = assess_late_delivery(CLAUSE, expected_items, as_of=dt.date(2024, 6, 15))
    assert report.late_deliveries == expected


def test_a_penalty_is_an_invoice_line_rounded_half_up_to_the_cent() -> None:
    """A penalty that falls between cents is rounded half-up to the currency's minor unit."""
    late = Delivery(
        "Report",
        due=pendulum.Date(2025, 1, 10),
        value=Money("333.35", "EUR"),
        delivered=pendulum.Date(2025, 1, 13),
    )
    terms = LateDeliveryPenalty(rate="0.5", period=Span(days=1))
    (result,) = assess_late_delivery(terms, [late], as_of=pendulum.Date(2025, 2, 1))
    # 3 days × 0.5 % = 1.5 % of 333.35 = 5.00025 → 5.00
    assert result.penalty == Money("5.00", "EUR")
    assert result.penalty.amount.as_tuple().exponent == -2
