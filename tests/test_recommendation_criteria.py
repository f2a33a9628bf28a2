"""Recommendation criteria: language fit, ties, readiness warnings, cost, certifications."""

from __future__ import annotations

import itertools
from decimal import Decimal

import attrs
import pytest
from hypothesis import given

from classification_strategies import clients, processes
from outsourcing import (
    BusinessCase,
    Client,
    Criterion,
    InvalidValueError,
    Needs,
    Option,
    Process,
    business_case,
    recommend,
)
from outsourcing.reference.languages import language_name, official_languages, speaks
from outsourcing.samples import sample_portfolio


def customer_service() -> Process:
    """The sample's customer service, worked in French."""
    return sample_portfolio().process("customer-service")


def test_cldr_official_languages() -> None:
    """French is official in Madagascar, de facto in Morocco, not official in India."""
    assert official_languages("MG") == frozenset({"mg", "fr", "en"})
    assert speaks("MA", "fr")
    assert not speaks("IN", "fr")
    assert language_name("fr") == "French"


def test_madagascar_ranks_above_india_for_french_customer_service() -> None:
    """For French-language customer service, every Madagascar option beats its India twin."""
    portfolio = sample_portfolio()
    process = customer_service()
    assert process.working_language == "fr"
    ranked = recommend(
        process, client=portfolio.client, needs=Needs(candidate_countries=["MG", "IN"])
    )
    best = ranked.best
    assert best.country == "MG"
    assert not ranked.best_is_tied
    fit = [c for c in best.contributions if c.criterion is Criterion.LANGUAGE]
    assert [(c.points, c.reason) for c in fit] == [
        (10, "French is an official or de facto language of Madagascar")
    ]
    india = next(o for o in ranked.options if o.country == "IN")
    misfit = [c for c in india.contributions if c.criterion is Criterion.LANGUAGE]
    assert [(c.points, c.reason) for c in misfit] == [
        (
            -20,
            (
                "French is not an official language of India: customer-facing work needs "
                "native-level speakers"
            ),
        )
    ]
    assert best.score - india.score == 30


def test_without_a_working_language_madagascar_and_india_tie_and_say_so() -> None:
    """Without a language the two countries tie, and the tie is reported with one rank."""
    portfolio = sample_portfolio()
    process = attrs.evolve(customer_service(), working_language=None)
    ranked = recommend(
        process, client=portfolio.client, needs=Needs(candidate_countries=["MG", "IN"])
    )
    assert ranked.best_is_tied
    first = ranked.ties[0]
    assert {o.country for o in first} == {"MG", "IN"}
    assert {o.rank for o in first} == {1}
    assert ranked.options[2].rank == 3


def test_a_working_language_must_be_iso_639_1() -> None:
    """A working language is a two-letter code."""
    with pytest.raises(InvalidValueError, match=r"Process\.working_language.*'French'"):
        attrs.evolve(customer_service(), working_language="French")


@given(processes(), clients)
def test_ranks_follow_scores(process: Process, client: Client) -> None:
    """Ranks never decrease down the list; equal scores share a rank, a lower score does not."""
    ranked = recommend(process, client=client)
    options = ranked.options
    assert options[0].rank == 1
    for before, after in itertools.pairwise(options):
        if after.score == before.score:
            assert after.rank == before.rank
        else:
            assert after.rank == options.index(after) + 1


def test_outsourced_options_warn_when_readiness_says_not_a_candidate() -> None:
    """Not a candidate: every outsourced option carries the warning, keeping in house none."""
    portfolio = sample_portfolio()
    process = attrs.evolve(portfolio.process("it-maintenance"), weak_signals=frozenset())
    ranked = recommend(process, client=portfolio.client)
    assert ranked.readiness.level.value == "not_a_candidate"
    for option in ranked.options:
        if option.in_house:
            assert option.warnings == ()
        else:
            assert option.warnings == (
                "its readiness says the process is not a candidate for outsourcing: "
                + ranked.readiness.reasons[0],
            )


def test_a_candidate_process_has_no_warning() -> None:
    """The sample's customer service, a candidate, carries no warning."""
    portfolio = sample_portfolio()
    ranked = recommend(portfolio.process("customer-service"), client=portfolio.client)
    assert all(option.warnings == () for option in ranked.options)


def test_business_case_savings_score_the_options() -> None:
    """Customer service saves 23.8 % of the in-house cost over the term: +20 when outsourced."""
    portfolio = sample_portfolio()
    case = business_case(portfolio, portfolio.contract("tana-care"))
    assert isinstance(case, BusinessCase)
    saved = sum((m.amount for m in case.comparison.savings), Decimal(0))
    in_house = sum((m.amount for m in case.comparison.baseline), Decimal(0))
    assert round(saved / in_house * 100, 1) == Decimal("23.8")
    ranked = recommend(
        portfolio.process("customer-service"), client=portfolio.client, business_case=case
    )
    for option in ranked.options:
        cost = [c for c in option.contributions if c.criterion is Criterion.COST]
        if option.in_house:
            assert cost == []
        else:
            assert [c.points for c in cost] == [20]
            assert cost[0].reason.startswith("the business case of contract tana-care saves 23.8 %")


def test_a_losing_business_case_favours_keeping_the_work() -> None:
    """When outsourcing costs more, keeping in house gains and outsourced options lose points."""
    portfolio = sample_portfolio()
    process = portfolio.process("customer-service")
    assert process.in_house is not None
    cheap = attrs.evolve(
        process,
        in_house=attrs.evolve(process.in_house, ftes=Decimal(1)),
    )
    changed = attrs.evolve(
        portfolio, processes=[cheap if p.id == cheap.id else p for p in portfolio.processes]
    )
    case = business_case(changed, changed.contract("tana-care"))
    assert isinstance(case, BusinessCase)
    ranked = recommend(cheap, client=portfolio.client, business_case=case)
    points = {
        o.in_house: [c.points for c in o.contributions if c.criterion is Criterion.COST]
        for o in ranked.options
    }
    assert points == {True: [10], False: [-10]}


def test_a_business_case_of_another_process_is_refused() -> None:
    """The business case must cover the process recommended."""
    portfolio = sample_portfolio()
    case = business_case(portfolio, portfolio.contract("tana-care"))
    assert isinstance(case, BusinessCase)
    with pytest.raises(InvalidValueError, match=r"business_case.*payroll"):
        recommend(portfolio.process("payroll"), client=portfolio.client, business_case=case)


def contributions(option: Option, criterion: Criterion) -> list[tuple[int, str]]:
    """An option's contributions of one criterion."""
    return [(c.points, c.reason) for c in option.contributions if c.criterion is criterion]


def test_candidate_providers_are_scored_on_certifications_and_capabilities() -> None:
    """For payroll, Atlas (payroll, ISO 27001) ranks first; Rhône, an IT firm, loses 30."""
    portfolio = sample_portfolio()
    ranked = recommend(
        portfolio.process("payroll"),
        client=portfolio.client,
        needs=Needs(candidate_providers=portfolio.providers),
    )
    assert ranked.best.provider_id == "atlas-bpo"
    assert ranked.best.label == "BPO nearshore (atlas-bpo, MA), total, strategic"
    assert contributions(ranked.best, Criterion.CERTIFICATIONS) == [
        (10, "Atlas Back Office SARL holds iso_27001 for confidential data")
    ]
    rhone = next(o for o in ranked.options if o.provider_id == "rhone-infogerance")
    assert contributions(rhone, Criterion.CAPABILITIES) == [
        (-30, "Rhône Infogérance SAS does not list payroll among its capabilities")
    ]


def test_personal_data_without_a_security_certification_loses_points() -> None:
    """Tana holds ISO 9001 only: customer service's personal data costs it 10 points."""
    portfolio = sample_portfolio()
    tana = portfolio.provider("tana-contact")
    ranked = recommend(
        portfolio.process("customer-service"),
        client=portfolio.client,
        needs=Needs(candidate_providers=[tana]),
    )
    outsourced = next(o for o in ranked.options if not o.in_house)
    assert contributions(outsourced, Criterion.CERTIFICATIONS) == [
        (
            -10,
            (
                "Tana Relation Client SA holds no information-security certification "
                "(ISO/IEC 27001, SOC 2) for personal data"
            ),
        )
    ]
