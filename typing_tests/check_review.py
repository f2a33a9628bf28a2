"""Static checks of contract review, reversibility and governance readiness.

Type-checked by mypy (``mypy src tests typing_tests``), never run.
"""

from typing import assert_type

import pendulum

from outsourcing import (
    Answer,
    ClauseTopic,
    Contract,
    ContractReview,
    ExitTrigger,
    FieldGap,
    Finding,
    FindingStatus,
    GovernanceReadiness,
    ItemAssessment,
    Portfolio,
    QuestionAnswer,
    ReadinessItem,
    ReversibilityAssessment,
    ReversibilityPlan,
    ReviewContext,
    Shortfall,
    TriggerAssessment,
    assess_governance,
    assess_reversibility,
    review_contract,
)


def contract_review(contract: Contract) -> None:
    review = review_contract(contract, context=ReviewContext(as_of="2025-01-17"))
    assert_type(review, ContractReview)
    assert_type(review.findings, tuple[Finding, ...])
    assert_type(review.missing, tuple[Finding, ...])
    assert_type(review.counts(), dict[FindingStatus, int])
    assert_type(review.as_of, pendulum.Date)
    finding = review.findings[0]
    assert_type(finding.absent_topics, tuple[ClauseTopic, ...])
    assert_type(finding.gaps, tuple[FieldGap, ...])
    assert_type(finding.gaps[0].shortfall, Shortfall)
    assert_type(finding.gaps[0].items, tuple[str, ...])
    _ = review_contract(contract)  # type: ignore[call-arg]


def reversibility(plan: ReversibilityPlan | None, contract: Contract) -> None:
    assessment = assess_reversibility(
        plan, contract, as_of="2025-06-30", events=[ExitTrigger.TERMINATION]
    )
    assert_type(assessment, ReversibilityAssessment)
    assert_type(assessment.ready, bool)
    assert_type(assessment.gaps, tuple[ItemAssessment, ...])
    assert_type(assessment.fired, tuple[TriggerAssessment, ...])
    assert_type(assessment.item(ReadinessItem.DATA_EXPORT), ItemAssessment)
    # Enum-typed parameters want the member, not its value.
    _ = assessment.item("data_export")  # type: ignore[arg-type]
    _ = assess_reversibility(plan, contract, as_of="2025-06-30", events=["termination"])  # type: ignore[list-item]


def governance(portfolio: Portfolio) -> None:
    readiness = assess_governance(portfolio)
    assert_type(readiness, GovernanceReadiness)
    assert_type(readiness.answers, tuple[QuestionAnswer, ...])
    assert_type(readiness.remaining, tuple[QuestionAnswer, ...])
    assert_type(readiness.counts(), dict[Answer, int])
