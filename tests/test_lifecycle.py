from __future__ import annotations

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import (
    ConsistencyCheck,
    Contract,
    EventKind,
    ExitTrigger,
    Outcome,
    Renewal,
    ReversibilityPlan,
    ReviewContext,
    Span,
    Term,
    TermStatus,
    assess_reversibility,
    key_dates,
    renewal_calendar,
    review_contract,
)
from outsourcing.samples import sample_portfolio
from outsourcing.testing.strategies import dates, terms


def contract(term: Term, contract_id: str = "C1") -> Contract:
    """A contract with only a term."""
    return Contract(
        id=contract_id,
        title="Payroll",
        client="Maison Verdier SAS",
        provider_id="P1",
        currency="EUR",
        term=term,
    )


PAYROLL = Term(
    start="2025-01-01",
    end="2027-12-31",
    renewal=Renewal.TACIT,
    renewal_period=Span(years=1),
    notice_period=Span(months=6),
)


def test_payroll_contract_renewed_once_by_march_2028() -> None:
    """As of 2028-03-01 the payroll contract has renewed once to 2028-12-31."""
    dates = key_dates(contract(PAYROLL), "2028-03-01")
    assert dates.status is TermStatus.RENEWED
    assert dates.renewals == 1
    assert dates.term_start == pendulum.Date(2028, 1, 1)
    assert dates.term_end == pendulum.Date(2028, 12, 31)
    assert dates.notice_deadline == pendulum.Date(2028, 6, 30)
    assert dates.days_left == 121
    assert dates.earliest_end == pendulum.Date(2028, 12, 31)
    assert dates.ends_on is None


def test_payroll_contract_notice_deadline_in_15_days() -> None:
    """As of 2027-06-15 the deadline is 2027-06-30, 15 days away, inside the notice window."""
    dates = key_dates(contract(PAYROLL), "2027-06-15")
    assert dates.notice_deadline == pendulum.Date(2027, 6, 30)
    assert dates.days_left == 15
    assert dates.status is TermStatus.IN_NOTICE_WINDOW
    assert dates.notice_window_opens == pendulum.Date(2027, 3, 30)
    assert dates.renewals == 0


def test_past_the_deadline_the_next_deadline_is_the_renewed_terms() -> None:
    """As of 2027-07-15 the next deadline is 2028-06-30, for an end on 2028-12-31."""
    dates = key_dates(contract(PAYROLL), "2027-07-15")
    assert dates.status is TermStatus.RUNNING
    assert dates.term_end == pendulum.Date(2027, 12, 31)
    assert dates.notice_deadline == pendulum.Date(2028, 6, 30)
    assert dates.earliest_end == pendulum.Date(2028, 12, 31)


@pytest.mark.parametrize("as_of", ["2027-07-15", "2028-03-01"])
def test_a_renewing_contract_fires_no_termination_trigger(as_of: str) -> None:
    """The payroll contract renews, so no exit trigger fires."""
    assessment = assess_reversibility(None, contract(PAYROLL), as_of=as_of)
    assert assessment.fired == ()


def test_sample_payroll_contract_renews() -> None:
    """The shipped sample's payroll contract renews to 2028-12-31 as of 2028-03-01."""
    payroll = sample_portfolio().contract("atlas-finance")
    dates = key_dates(payroll, "2028-03-01")
    assert (dates.status, dates.renewals, dates.term_end) == (
        TermStatus.RENEWED,
        1,
        pendulum.Date(2028, 12, 31),
    )


def test_max_renewals_ends_the_contract() -> None:
    """With at most one renewal the contract ends on 2028-12-31 and has no deadline then."""
    term = Term(
        start="2025-01-01",
        end="2027-12-31",
        renewal=Renewal.TACIT,
        renewal_period=Span(years=1),
        notice_period=Span(months=6),
        max_renewals=1,
    )
    during = key_dates(contract(term), "2028-03-01")
    assert during.notice_deadline is None
    assert during.ends_on == pendulum.Date(2028, 12, 31)
    assert during.status is TermStatus.RENEWED
    after = key_dates(contract(term), "2029-01-01")
    assert after.status is TermStatus.ENDED
    assert after.renewals == 1
    assert after.term_end == pendulum.Date(2028, 12, 31)


def test_notice_served_in_time_terminates_at_the_term_end() -> None:
    """Notice served on 2027-06-30 (the deadline) ends the contract on 2027-12-31."""
    term = attrs_evolve(PAYROLL, notice_given=pendulum.Date(2027, 6, 30))
    before = key_dates(contract(term), "2027-06-29")
    assert before.status is TermStatus.IN_NOTICE_WINDOW
    served = key_dates(contract(term), "2027-07-01")
    assert served.status is TermStatus.TERMINATED
    assert served.ends_on == pendulum.Date(2027, 12, 31)
    assert served.earliest_end == pendulum.Date(2027, 12, 31)
    assert served.notice_deadline is None
    trigger = assess_reversibility(None, contract(term), as_of="2027-07-01").trigger(
        ExitTrigger.TERMINATION
    )
    assert trigger.fired
    assert "2027-06-30" in trigger.reason


def test_late_notice_ends_the_renewed_term() -> None:
    """Notice served on 2027-07-01, a day late, ends the contract on 2028-12-31."""
    term = attrs_evolve(PAYROLL, notice_given=pendulum.Date(2027, 7, 1))
    dates = key_dates(contract(term), "2028-02-01")
    assert dates.status is TermStatus.TERMINATED
    assert dates.renewals == 1
    assert dates.ends_on == pendulum.Date(2028, 12, 31)


def test_no_renewal_ends_at_term_end() -> None:
    """A term without renewal has no notice deadline and ends on its end date."""
    term = Term(start="2025-03-01", end="2026-02-28", notice_period=Span(months=3))
    running = key_dates(contract(term), "2025-06-01")
    assert running.status is TermStatus.RUNNING
    assert running.notice_deadline is None
    assert running.earliest_end == pendulum.Date(2026, 2, 28)
    assert key_dates(contract(term), "2026-03-01").status is TermStatus.ENDED


def test_explicit_renewal_is_a_decision_before_the_end() -> None:
    """An explicit renewal ends the term unless agreed; the calendar shows the decision date."""
    term = Term(
        start="2025-03-01",
        end="2026-02-28",
        renewal=Renewal.EXPLICIT,
        renewal_period=Span(years=1),
        notice_period=Span(months=3),
    )
    dates = key_dates(contract(term), "2025-06-01")
    assert dates.ends_on == pendulum.Date(2026, 2, 28)
    events = renewal_calendar([contract(term)], "2025-06-01")
    assert [(e.kind, e.date) for e in events] == [
        (EventKind.RENEWAL_DECISION, pendulum.Date(2025, 11, 28)),
        (EventKind.TERM_END, pendulum.Date(2026, 2, 28)),
    ]


def test_open_ended_term_ends_notice_after_today() -> None:
    """An open-ended term with three months' notice can end three months after the day."""
    term = Term(start="2024-07-01", notice_period=Span(months=3))
    dates = key_dates(contract(term), "2026-01-15")
    assert dates.status is TermStatus.RUNNING
    assert dates.term_end is None
    assert dates.notice_deadline is None
    assert dates.earliest_end == pendulum.Date(2026, 4, 15)
    served = key_dates(
        contract(attrs_evolve(term, notice_given=pendulum.Date(2026, 1, 10))), "2026-01-15"
    )
    assert served.status is TermStatus.TERMINATED
    assert served.ends_on == pendulum.Date(2026, 4, 10)


def test_tacit_renewal_without_period_becomes_indefinite() -> None:
    """A tacit renewal with no stated period turns into an indefinite term (C. civ. 1214)."""
    term = Term(
        start="2025-01-01",
        end="2025-12-31",
        renewal=Renewal.TACIT,
        notice_period=Span(months=2),
    )
    dates = key_dates(contract(term), "2026-05-10")
    assert dates.status is TermStatus.RENEWED
    assert dates.renewals == 1
    assert dates.term_start == pendulum.Date(2026, 1, 1)
    assert dates.term_end is None
    assert dates.earliest_end == pendulum.Date(2026, 7, 10)


def test_before_the_start_the_contract_has_not_started() -> None:
    """Before its first day the contract is not started, with its first deadline ahead."""
    dates = key_dates(contract(PAYROLL), "2024-12-01")
    assert dates.status is TermStatus.NOT_STARTED
    assert dates.notice_deadline == pendulum.Date(2027, 6, 30)


def test_renewal_calendar_of_the_sample_is_sorted() -> None:
    """The sample's calendar as of 2026-01-01 lists the customer-service end then payroll."""
    events = renewal_calendar(sample_portfolio(), "2026-01-01")
    assert [(e.date, e.kind, e.contract_id) for e in events] == [
        (pendulum.Date(2026, 2, 28), EventKind.TERM_END, "tana-care"),
        (pendulum.Date(2027, 6, 30), EventKind.NOTICE_DEADLINE, "atlas-finance"),
    ]


def attrs_evolve(term: Term, **changes: object) -> Term:
    """The term with some fields changed."""
    return attrs.evolve(term, **changes)  # type: ignore[arg-type]


@given(terms(), dates(), dates())
def test_renewals_never_move_a_term_end_backwards(
    term: Term, first: object, second: object
) -> None:
    """Without a notice, a later day never sees an earlier term end or fewer renewals."""
    early, late = sorted([first, second])  # type: ignore[type-var]
    term = attrs_evolve(term, notice_given=None)
    a = key_dates(contract(term), early)  # type: ignore[arg-type]
    b = key_dates(contract(term), late)  # type: ignore[arg-type]
    assert b.renewals >= a.renewals
    if a.term_end is not None and b.term_end is not None:
        assert b.term_end >= a.term_end


@given(terms(), dates(max_date=pendulum.Date(2045, 12, 31)))
def test_notice_deadline_falls_before_the_end_it_refers_to(term: Term, day: object) -> None:
    """The notice deadline is on or before the end it reaches, and not before the day."""
    dates_ = key_dates(contract(term), day)  # type: ignore[arg-type]
    if dates_.notice_deadline is not None:
        assert dates_.notice_deadline <= dates_.earliest_end
        assert dates_.notice_deadline >= dates_.as_of
        assert dates_.days_left is not None
        assert dates_.days_left >= 0
        if term.notice_period != Span():
            assert dates_.notice_deadline < dates_.earliest_end
    assert dates_.term_end is None or dates_.term_start <= dates_.term_end


@given(terms(), st.integers(0, 4000))
def test_earliest_end_is_never_before_the_day_while_running(term: Term, offset: int) -> None:
    """A contract still running cannot end before the day it is read on."""
    day = term.start.add(days=offset)
    dates_ = key_dates(contract(term), day)
    if not dates_.over:
        assert dates_.earliest_end >= day


@pytest.mark.parametrize(
    ("tested", "outcome", "evidence"),
    [
        (
            "2028-01-15",
            Outcome.PASSED,
            "contract ends 2028-12-31 (305 days after 2028-03-01); exit plan tested 2028-01-15",
        ),
        (
            None,
            Outcome.FAILED,
            "contract ends 2028-12-31 (305 days after 2028-03-01); exit plan never tested",
        ),
    ],
)
def test_the_exit_test_check_reads_the_term_after_renewals(
    tested: str | None, outcome: Outcome, evidence: str
) -> None:
    """As of 2028-03-01 the payroll contract runs to 2028-12-31, not 2027-12-31.

    From 2028-03-01 to 2028-12-31: 30 days left in March and 275 from April to December,
    305 days. An exit test on 2028-01-15 falls after the first term's end but within the
    renewed term, so it counts.
    """
    plan = ReversibilityPlan(Span(months=6), Span(months=3), last_tested=tested)
    subject = attrs.evolve(contract(PAYROLL), reversibility=plan)
    review = review_contract(subject, context=ReviewContext(as_of="2028-03-01"))
    (result,) = [r for r in review.checks if r.check is ConsistencyCheck.EXIT_PLAN_NEVER_TESTED]
    assert result.outcome is outcome
    assert result.evidence == (evidence,)
