"""Reasons as data, written in each language: spans, plurals, amounts, dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from outsourcing.model.money import Money
from outsourcing.model.reason import Reason
from outsourcing.model.span import Span
from outsourcing.presentation import Formatter, Language
from outsourcing.presentation.reasons import counted, reason_text, span_text
from outsourcing.review.consistency import ConsistencyCheck
from outsourcing.review.context import ReviewContext
from outsourcing.review.contract_review import review_contract
from outsourcing.samples import sample_portfolio

EN, FR = Formatter(Language.EN), Formatter(Language.FR)


def test_spans_are_written_in_words() -> None:
    """``P1Y6M`` is "1 year and 6 months", "1 an et 6 mois"; one unit alone needs no "and"."""
    assert span_text(Span(years=1, months=6), EN) == "1 year and 6 months"
    assert span_text(Span(years=1, months=6), FR) == "1 an et 6 mois"
    assert span_text(Span(months=4), FR) == "4 mois"
    assert span_text(Span(days=1), EN) == "1 day"
    assert span_text(Span(years=2, months=1, days=3), EN) == "2 years, 1 month and 3 days"
    assert span_text(Span(), FR) == "0 jour"


@given(st.integers(min_value=0, max_value=10_000))
def test_plurals_follow_each_language(count: int) -> None:
    """English is singular for 1 only; French for 0 and 1 (« 0 jour », « 1 jour »)."""
    english = counted(Language.EN, "span.days", count, EN)
    french = counted(Language.FR, "span.days", count, FR)
    assert english.endswith(" day" if count == 1 else " days")
    assert french.endswith(" jour" if count <= 1 else " jours")


def test_a_reason_formats_amounts_dates_and_lists() -> None:
    """Money and spans in the locale's words; a list of names joined; a count picks the plural."""
    estimates = Reason.of(
        "reversibility.estimates.cost_duration", cost=Money("15000", "EUR"), duration=Span(months=4)
    )
    assert reason_text(estimates, EN) == "cost €15,000.00, duration 4 months"
    assert reason_text(estimates, FR) == "coût 15\u202f000,00\u00a0€, durée 4 mois"
    ready = Reason.of(
        "reversibility.assets_ready", count=2, kind="data_export", formats=("csv", "xlsx")
    )
    assert reason_text(ready, EN) == "2 items of data export ready in csv, xlsx"
    assert (
        reason_text(ready, FR)
        == "2 éléments «\u00a0export des données\u00a0» prêts aux formats csv, xlsx"
    )
    tested = Reason.of("reversibility.tested_recently", tested=dt.date(2025, 6, 12), months=12)
    assert reason_text(tested, FR) == "testé le 12 juin 2025, il y a moins de 12 mois"


def test_reason_parameters_are_sorted_and_read_back() -> None:
    """A reason is a value: the same parameters in any order make the same reason."""
    first = Reason.of("x", b=Decimal(1), a="y")
    assert first == Reason("x", {"a": "y", "b": Decimal(1)})
    assert first.values == {"a": "y", "b": Decimal(1)}


def test_a_contract_that_ended_says_so() -> None:
    """Reviewed after its end, a contract "ended 279 days ago", never "-279 days after"."""
    portfolio = sample_portfolio()
    contract = portfolio.contract("tana-care")
    as_of = pendulum.date(2026, 12, 4)
    review = review_contract(
        contract, context=ReviewContext.from_portfolio(portfolio, contract, as_of=as_of)
    )
    check = next(c for c in review.checks if c.check is ConsistencyCheck.EXIT_PLAN_NEVER_TESTED)
    assert check.evidence[0].startswith("contract ended 2026-02-28 (279 days before 2026-12-04)")
    assert (
        reason_text(check.causes[0], FR)
        == "le contrat a pris fin le 28 février 2026, il y a 279 jours"
    )
