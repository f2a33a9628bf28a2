from __future__ import annotations

from decimal import Decimal

import attrs
import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing import (
    BusinessFunction,
    Contract,
    CostAssumptions,
    CostGroup,
    CostProjection,
    FixedFee,
    InHouseCost,
    Money,
    Process,
    Renewal,
    ReversibilityPlan,
    Span,
    Term,
    project_costs,
)
from outsourcing.costs.business_case import BusinessCase, business_case, default_assumptions
from outsourcing.costs.lines import exit_date
from outsourcing.samples import sample_portfolio


def contract(term: Term) -> Contract:
    """A contract at 1,000 EUR a month with a 5,000 EUR exit cost in its exit plan."""
    return Contract(
        id="C1",
        title="IT",
        client="Client",
        provider_id="P1",
        currency="EUR",
        term=term,
        pricing=[FixedFee("Service", Money(Decimal(1000), "EUR"))],
        reversibility=ReversibilityPlan(
            notice_period=Span(months=3),
            transition_period=Span(months=2),
            exit_cost=Money(Decimal(5000), "EUR"),
        ),
    )


def exit_line(subject: Contract, assumptions: CostAssumptions) -> tuple[str, list[int]]:
    """The exit line's name and the indices of its non-zero months."""
    projection = project_costs([], subject, assumptions=assumptions)
    line = next(line for line in projection.lines if line.label.category == "exit")
    return line.label.name, [i for i, a in enumerate(line.amounts) if a]


def fees(subject: Contract, assumptions: CostAssumptions) -> list[Decimal]:
    """The monthly fee amounts of the projection."""
    projection = project_costs([], subject, assumptions=assumptions)
    (line,) = [line for line in projection.lines if line.label.category == "fixed_fee"]
    return list(line.amounts)


THOUSAND, NOTHING = Decimal("1000.00"), Decimal("0.00")


ASSUMPTIONS = CostAssumptions(start="2025-01-01", months=48, currency="EUR")
TACIT = Term(
    start="2025-01-01",
    end="2027-12-31",
    renewal=Renewal.TACIT,
    renewal_period=Span(years=1),
    notice_period=Span(months=6),
)


def test_exit_falls_at_the_first_possible_end_by_default() -> None:
    """From 2025-01-01 the tacit contract can first end on 2027-12-31: month 35."""
    name, months = exit_line(contract(TACIT), ASSUMPTIONS)
    assert months == [35]
    assert name == (
        "C1: exit on 2027-12-31, the first day the contract can end given notice on 2025-01-01 "
        "(reversibility plan)"
    )


def test_a_projection_starting_after_the_deadline_exits_a_year_later() -> None:
    """From 2027-07-01 the deadline has passed: the first possible end is 2028-12-31."""
    later = attrs.evolve(ASSUMPTIONS, start=pendulum.Date(2027, 7, 1))
    assert exit_date(contract(TACIT), later)[0] == pendulum.Date(2028, 12, 31)


def test_open_ended_contract_is_left_on_the_last_projected_day() -> None:
    """An open-ended term runs until notice is served: left on 2028-12-31, month 47 of 48."""
    open_ended = contract(Term(start="2025-01-01", notice_period=Span(months=3)))
    name, months = exit_line(open_ended, ASSUMPTIONS)
    assert months == [47]
    assert name == (
        "C1: exit on 2028-12-31, the last projected day of an open-ended contract "
        "(reversibility plan)"
    )
    assert sum(fees(open_ended, ASSUMPTIONS)) == Decimal("48000.00")


def test_open_ended_contract_with_notice_served_is_left_when_it_runs_out() -> None:
    """Notice served on 2025-01-01 runs out on 2025-04-01 (`key_dates`), a day that is served.

    January to March: 3,000; April: one day of 30, 1,000 / 30 = 33.33; then nothing; the exit
    cost falls in April, month 3.
    """
    served = contract(
        Term(start="2025-01-01", notice_period=Span(months=3), notice_given="2025-01-01")
    )
    assumptions = attrs.evolve(ASSUMPTIONS, months=6)
    assert fees(served, assumptions) == [THOUSAND] * 3 + [Decimal("33.33")] + [NOTHING] * 2
    assert exit_line(served, assumptions)[1] == [3]


def test_a_stated_exit_date_wins() -> None:
    """A stated exit date on 2026-06-30 puts the exit cost in month 17."""
    stated = attrs.evolve(ASSUMPTIONS, exit_date=pendulum.Date(2026, 6, 30))
    name, months = exit_line(contract(TACIT), stated)
    assert months == [17]
    assert name == "C1: exit on 2026-06-30, the stated exit date (reversibility plan)"


def test_fees_stop_at_the_default_exit_where_the_exit_cost_falls() -> None:
    """Left on 2027-12-31, the tacit contract bills 36 months of 1,000: 36,000, then nothing.

    The exit cost of 5,000 falls in month 35 (December 2027), the last month billed.
    """
    billed = fees(contract(TACIT), ASSUMPTIONS)
    assert billed == [THOUSAND] * 36 + [NOTHING] * 12
    assert sum(billed) == Decimal("36000.00")
    assert exit_line(contract(TACIT), ASSUMPTIONS)[1] == [35]


def test_fees_stop_at_a_stated_exit_date() -> None:
    """Left on 2026-06-30: January 2025 to June 2026 is 18 months, 18,000; exit in month 17."""
    stated = attrs.evolve(ASSUMPTIONS, exit_date=pendulum.Date(2026, 6, 30))
    billed = fees(contract(TACIT), stated)
    assert billed == [THOUSAND] * 18 + [NOTHING] * 30
    assert sum(billed) == Decimal("18000.00")


def test_with_renewals_agreed_the_tacit_contract_runs_on_and_no_exit_is_booked() -> None:
    """Renewed each year, the contract bills all 48 months (48,000) and is never left."""
    agreed = attrs.evolve(ASSUMPTIONS, renewals_agreed=True)
    assert sum(fees(contract(TACIT), agreed)) == Decimal("48000.00")
    projection = project_costs([], contract(TACIT), assumptions=agreed)
    assert [line for line in projection.lines if line.label.category == "exit"] == []
    assert [(e.item, e.reason) for e in projection.excluded] == [
        ("C1: exit (reversibility plan)", "no exit: the contract runs on, renewals agreed")
    ]


def test_with_renewals_agreed_the_exit_falls_at_the_last_renewal() -> None:
    """One renewal at most: the contract ends 2028-12-31, month 47 of 60; 48 months billed."""
    once = attrs.evolve(TACIT, max_renewals=1)
    agreed = attrs.evolve(ASSUMPTIONS, months=60, renewals_agreed=True)
    name, months = exit_line(contract(once), agreed)
    assert months == [47]
    assert (
        name
        == "C1: exit on 2028-12-31, the end of the contract, renewals agreed (reversibility plan)"
    )
    assert fees(contract(once), agreed) == [THOUSAND] * 48 + [NOTHING] * 12


def test_the_business_case_of_an_open_ended_contract_leaves_it_after_36_months() -> None:
    """The open-ended sample IT contract is paid for over 36 months and left on 2027-06-30.

    It started on 2024-07-01 and has a 5,000 EUR exit cost. The exit cost then falls in
    month 35 (June 2027), not in October 2024 one notice period after the start: cumulative
    savings stay positive from month 3, a payback of 2.42 months.
    """
    portfolio = sample_portfolio()
    it = portfolio.contract("rhone-it")
    assumptions = default_assumptions(portfolio, it)
    assert (assumptions.start, assumptions.months) == (pendulum.Date(2024, 7, 1), 36)
    case = business_case(portfolio, it, runs=10)
    assert isinstance(case, BusinessCase)
    (exit_cost,) = [line for line in case.outsourced.lines if line.label.category == "exit"]
    assert [i for i, amount in enumerate(exit_cost.amounts) if amount] == [35]
    assert exit_cost.label.name.startswith("rhone-it: exit on 2027-06-30, the last projected day")
    assert case.comparison.break_even_month == 3
    assert case.comparison.payback_months == Decimal("2.42")


TEAM = Process(
    id="desk",
    name="Desk",
    function=BusinessFunction.CUSTOMER_SERVICE,
    in_house=InHouseCost(
        ftes=Decimal(2),
        loaded_salary=Money(Decimal(48000), "EUR"),
        overheads=Money(Decimal(0), "EUR"),
        rent_and_equipment=Money(Decimal(0), "EUR"),
        recruitment_per_hire=Money(Decimal(0), "EUR"),
        training_per_hire=Money(Decimal(0), "EUR"),
    ),
)


def in_house_by_month(projection: CostProjection) -> list[Decimal]:
    """The in-house group's total in each month."""
    lines = [line for line in projection.lines if line.label.group is CostGroup.IN_HOUSE]
    return [
        sum((line.amounts[m] for line in lines), Decimal(0)) for m in range(len(projection.months))
    ]


def test_after_the_exit_the_work_is_back_in_house() -> None:
    """Left on 2027-12-31, the desk costs 2 x 48,000 / 12 = 8,000.00 a month again from 2028.

    The fees stop with the contract (36 x 1,000) and no month of the 48 costs nothing.
    """
    projection = project_costs([TEAM], contract(TACIT), assumptions=ASSUMPTIONS)
    assert in_house_by_month(projection) == [NOTHING] * 36 + [Decimal("8000.00")] * 12
    assert all(total.amount > 0 for total in projection.totals)


def test_with_renewals_agreed_the_work_stays_with_the_provider() -> None:
    """Renewed each year, the contract runs through the 48 months: nothing comes back in house."""
    agreed = attrs.evolve(ASSUMPTIONS, renewals_agreed=True)
    projection = project_costs([TEAM], contract(TACIT), assumptions=agreed)
    assert in_house_by_month(projection) == [NOTHING] * 48


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 30),
    st.integers(1, 48),
    st.none() | st.integers(0, 47),
    st.integers(0, 3),
)
def test_every_month_is_served_by_the_provider_or_in_house_never_both_nor_neither(
    term_months: int, months: int, exit_month: int | None, delay: int
) -> None:
    """Each whole month is billed by the provider or costs the in-house team, never both.

    Before go-live and after the exit, the in-house total equals that of keeping the work in
    house; in between it is zero and the fee is billed in full (no parallel run assumed).
    """
    start = pendulum.Date(2025, 1, 1)
    subject = contract(Term(start=start, end=start.add(months=term_months).subtract(days=1)))
    assumptions = CostAssumptions(
        start=start,
        months=months,
        currency="EUR",
        transition_delay_months=delay,
        exit_date=None if exit_month is None else start.add(months=exit_month + 1).subtract(days=1),
    )
    outsourced = project_costs([TEAM], subject, assumptions=assumptions)
    kept = in_house_by_month(project_costs([TEAM], None, assumptions=assumptions))
    billed = fees(subject, assumptions)
    for month, (inside, fee) in enumerate(zip(in_house_by_month(outsourced), billed, strict=True)):
        if fee == THOUSAND:
            assert inside == 0
        else:
            assert fee == 0
            assert inside == kept[month]
