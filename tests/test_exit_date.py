from __future__ import annotations

from decimal import Decimal

import attrs
import pendulum

from outsourcing import (
    Contract,
    CostAssumptions,
    FixedFee,
    Money,
    Renewal,
    ReversibilityPlan,
    Span,
    Term,
    project_costs,
)
from outsourcing.costs.lines import exit_date


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


def test_open_ended_contract_exits_after_its_notice() -> None:
    """An open-ended term with three months' notice can end on 2025-04-01: month 3."""
    name, months = exit_line(
        contract(Term(start="2025-01-01", notice_period=Span(months=3))), ASSUMPTIONS
    )
    assert months == [3]
    assert name.startswith("C1: exit on 2025-04-01, the first day")


def test_a_stated_exit_date_wins() -> None:
    """A stated exit date on 2026-06-30 puts the exit cost in month 17."""
    stated = attrs.evolve(ASSUMPTIONS, exit_date=pendulum.Date(2026, 6, 30))
    name, months = exit_line(contract(TACIT), stated)
    assert months == [17]
    assert name == "C1: exit on 2026-06-30, the stated exit date (reversibility plan)"
