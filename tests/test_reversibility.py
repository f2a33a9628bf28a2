from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import (
    SLA,
    AlternativesIdentified,
    AssetKind,
    ChronicRule,
    Clause,
    ClauseTopic,
    Contract,
    ExitAsset,
    ExitTrigger,
    ItemState,
    Money,
    ReadinessItem,
    Reintegration,
    ReversibilityPlan,
    SLAMetric,
    Span,
    Substitutability,
    SubstitutabilityReason,
    Term,
    UnknownReferenceError,
    assess_reversibility,
)

AS_OF = pendulum.Date(2025, 6, 30)
SLA_AVAILABILITY = SLA(
    "avail",
    "Availability",
    SLAMetric.AVAILABILITY,
    "99.5",
    chronic=ChronicRule(consecutive=3, breaches=4),
)


def contract(**fields: object) -> Contract:
    """A contract with an availability SLA under a chronic-failure rule."""
    values: dict[str, object] = {
        "term": Term(start="2025-01-01", end="2026-12-31"),
        "slas": [SLA_AVAILABILITY],
    } | fields
    return Contract(
        id="C1",
        title="Hosting",
        client="Bank",
        provider_id="P1",
        currency="EUR",
        **values,  # type: ignore[arg-type]
    )


def ready_plan(**fields: object) -> ReversibilityPlan:
    """An exit plan with every item in place, tested on 2025-03-01."""
    values: dict[str, object] = {
        "notice_period": Span(months=3),
        "transition_period": Span(months=3),
        "assets": [
            ExitAsset(AssetKind.ACCESS_KEYS, ready=True),
            ExitAsset(AssetKind.PROCESS_DOCUMENTATION, ready=True),
            ExitAsset(AssetKind.DATA_EXPORT, formats={"csv", "json"}, ready=True),
        ],
        "knowledge_transfer": True,
        "parallel_run": Span(months=1),
        "exit_cost": Money("20000", "EUR"),
        "exit_duration": Span(months=4),
        "alternative_providers": ["Altco"],
        "reintegration_possible": True,
        "last_tested": "2025-03-01",
        "triggers": {ExitTrigger.TERMINATION, ExitTrigger.QUALITY_DETERIORATION},
    } | fields
    return ReversibilityPlan(**values)  # type: ignore[arg-type]


def test_a_complete_tested_plan_is_ready_and_easily_substitutable() -> None:
    """Every item ready gives an easy exit in B_07.01 terms."""
    assessment = assess_reversibility(ready_plan(), contract(), as_of=AS_OF)
    assert assessment.ready
    assert [i.item for i in assessment.items] == list(ReadinessItem)
    row = assessment.register.as_row()
    assert row["B_07.01.0050"] == "4. Easily substitutable"
    assert row["B_07.01.0060"] == ""
    assert row["B_07.01.0080"] == "Yes"
    assert row["B_07.01.0090"] == "1. Easy"
    assert row["B_07.01.0110"] == "Yes"
    assert row["B_07.01.0120"] == "Altco"


def test_no_plan_is_not_ready_and_not_substitutable() -> None:
    """Without a plan every item is not ready and the register says no exit plan."""
    assessment = assess_reversibility(None, contract(), as_of=AS_OF)
    assert {i.state for i in assessment.items} == {ItemState.NOT_READY}
    register = assessment.register
    assert register.exit_plan_exists is False
    assert register.substitutability is Substitutability.NOT_SUBSTITUTABLE
    assert register.substitutability_reason is SubstitutabilityReason.BOTH
    assert register.alternatives_identified is AlternativesIdentified.ASSESSMENT_NOT_PERFORMED
    assert register.reintegration is Reintegration.HIGHLY_COMPLEX


@pytest.mark.parametrize(
    ("change", "item", "state"),
    [
        ({"assets": []}, ReadinessItem.ACCESS_KEYS, ItemState.NOT_READY),
        (
            {"assets": [ExitAsset(AssetKind.ACCESS_KEYS)]},
            ReadinessItem.ACCESS_KEYS,
            ItemState.PARTIAL,
        ),
        (
            {"assets": [ExitAsset(AssetKind.DATA_EXPORT, ready=True)]},
            ReadinessItem.DATA_EXPORT,
            ItemState.PARTIAL,
        ),
        ({"knowledge_transfer": False}, ReadinessItem.KNOWLEDGE_TRANSFER, ItemState.NOT_READY),
        ({"parallel_run": None}, ReadinessItem.PARALLEL_RUN, ItemState.NOT_READY),
        ({"alternative_providers": []}, ReadinessItem.ALTERNATIVE_PROVIDERS, ItemState.NOT_READY),
        ({"last_tested": None}, ReadinessItem.PLAN_TESTED, ItemState.NOT_READY),
        ({"last_tested": "2024-06-29"}, ReadinessItem.PLAN_TESTED, ItemState.PARTIAL),
        ({"last_tested": "2025-07-01"}, ReadinessItem.PLAN_TESTED, ItemState.NOT_READY),
        ({"exit_cost": None}, ReadinessItem.EXIT_ESTIMATES, ItemState.PARTIAL),
        (
            {"exit_cost": None, "exit_duration": None},
            ReadinessItem.EXIT_ESTIMATES,
            ItemState.NOT_READY,
        ),
    ],
)
def test_each_item_reflects_the_plan(
    change: dict[str, object], item: ReadinessItem, state: ItemState
) -> None:
    """Removing or weakening one part of the plan lowers exactly that item."""
    assessment = assess_reversibility(ready_plan(**change), contract(), as_of=AS_OF)
    assert assessment.item(item).state is state
    assert item in {g.item for g in assessment.gaps}


@given(days=st.integers(-400, 400))
def test_plan_tested_within_twelve_months_of_the_date(days: int) -> None:
    """A test counts as recent when dated in the 12 calendar months up to the date, inclusive."""
    tested = AS_OF.add(days=days)
    state = (
        assess_reversibility(ready_plan(last_tested=tested), contract(), as_of=AS_OF)
        .item(ReadinessItem.PLAN_TESTED)
        .state
    )
    if tested > AS_OF:
        assert state is ItemState.NOT_READY
    elif tested >= pendulum.Date(2024, 6, 30):
        assert state is ItemState.READY
    else:
        assert state is ItemState.PARTIAL


def test_chronic_sla_failure_fires_quality_deterioration() -> None:
    """The SLA report's chronic breach fires the quality-deterioration trigger."""
    calm = assess_reversibility(ready_plan(), contract(), as_of=AS_OF)
    assert calm.fired == ()
    quality = calm.trigger(ExitTrigger.QUALITY_DETERIORATION)
    assert quality.in_plan
    assert quality.contractual_basis == ("chronic-failure rule on SLA avail",)
    hit = assess_reversibility(ready_plan(), contract(), as_of=AS_OF, chronic_failures=["avail"])
    assert [t.trigger for t in hit.fired] == [ExitTrigger.QUALITY_DETERIORATION]
    assert "avail" in hit.fired[0].reason


def test_termination_fires_once_the_notice_deadline_passes() -> None:
    """Termination fires from end minus notice; before that it does not."""
    before = assess_reversibility(ready_plan(), contract(), as_of="2026-09-30")
    assert not before.trigger(ExitTrigger.TERMINATION).fired
    after = assess_reversibility(ready_plan(), contract(), as_of="2026-10-01")
    assert after.trigger(ExitTrigger.TERMINATION).fired
    ended = assess_reversibility(ready_plan(), contract(), as_of="2027-01-01")
    assert "ended" in ended.trigger(ExitTrigger.TERMINATION).reason


def test_reported_events_fire_their_triggers_and_clauses_are_their_basis() -> None:
    """Events reported as occurred fire; clauses on data access back provider failure."""
    subject = contract(clauses=[Clause(ClauseTopic.DATA_ACCESS_ON_EXIT, "art. 9")])
    assessment = assess_reversibility(
        ready_plan(), subject, as_of=AS_OF, events=[ExitTrigger.PROVIDER_FAILURE]
    )
    failure = assessment.trigger(ExitTrigger.PROVIDER_FAILURE)
    assert failure.fired
    assert not failure.in_plan
    assert failure.contractual_basis == ("clause on data_access_on_exit (art. 9)",)


def test_an_unknown_sla_in_chronic_failures_is_refused() -> None:
    """A chronic failure must name one of the contract's SLAs."""
    with pytest.raises(UnknownReferenceError, match="chronic_failures"):
        assess_reversibility(ready_plan(), contract(), as_of=AS_OF, chronic_failures=["nope"])


@pytest.mark.parametrize(
    ("change", "substitutability", "reintegration"),
    [
        ({"alternative_providers": [], "reintegration_possible": False}, "1.", "3."),
        ({"assets": [], "knowledge_transfer": False}, "2.", "2."),
        ({"knowledge_transfer": False}, "3.", "2."),
        ({"reintegration_possible": False}, "4.", "3."),
    ],
)
def test_register_derivations(
    change: dict[str, object], substitutability: str, reintegration: str
) -> None:
    """Substitutability and reintegration follow the documented derivation rule."""
    register = assess_reversibility(ready_plan(**change), contract(), as_of=AS_OF).register
    assert register.substitutability.startswith(substitutability)
    assert register.reintegration.startswith(reintegration)


def test_reintegration_left_unstated_is_not_assessed() -> None:
    """A plan silent on reintegration reads "not assessed", never "highly complex"."""
    register = assess_reversibility(
        ready_plan(reintegration_possible=None, alternative_providers=[]), contract(), as_of=AS_OF
    ).register
    assert register.reintegration is Reintegration.NOT_ASSESSED
    assert register.substitutability is Substitutability.EASILY_SUBSTITUTABLE
    impossible = assess_reversibility(
        ready_plan(reintegration_possible=False, alternative_providers=[]), contract(), as_of=AS_OF
    ).register
    assert impossible.reintegration is Reintegration.HIGHLY_COMPLEX
    assert impossible.substitutability is Substitutability.NOT_SUBSTITUTABLE
