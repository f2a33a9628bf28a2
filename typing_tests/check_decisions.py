"""Static checks of the decisions on a process: classification, readiness, recommendation.

Type-checked by mypy (``mypy src tests typing_tests``), never run.
"""

from collections.abc import Mapping
from enum import StrEnum
from typing import assert_type

from outsourcing import (
    AxisVerdict,
    Classification,
    Client,
    Contract,
    Coverage,
    Needs,
    Option,
    OutsourcingKind,
    Portfolio,
    Process,
    Provider,
    Readiness,
    ReadinessLevel,
    Recommendation,
    Shoring,
    assess_readiness,
    classify,
    classify_portfolio,
    recommend,
)


def classification(
    process: Process, client: Client, provider: Provider, contract: Contract, portfolio: Portfolio
) -> None:
    verdicts = classify(process, client=client, provider=provider, contract=contract)
    assert_type(verdicts, Classification)
    assert_type(verdicts.kind, AxisVerdict[OutsourcingKind])
    assert_type(verdicts.kind.value, OutsourcingKind)
    assert_type(verdicts.shoring.value, Shoring)
    assert_type(verdicts.coverage.value, Coverage)
    assert_type(verdicts.kind.reasons, tuple[str, ...])
    assert_type(verdicts.axes, Mapping[str, AxisVerdict[StrEnum]])
    assert_type(verdicts.summary, str)
    assert_type(classify_portfolio(portfolio), tuple[Classification, ...])
    # The client is keyword-only: a positional one would be easy to swap with the provider.
    _ = classify(process, client)  # type: ignore[call-arg]


def readiness_and_recommendation(process: Process, client: Client, needs: Needs) -> None:
    readiness = assess_readiness(process, client=client)
    assert_type(readiness, Readiness)
    assert_type(readiness.level, ReadinessLevel)
    assert_type(readiness.score, int)
    advice = recommend(process, client=client, needs=needs)
    assert_type(advice, Recommendation)
    assert_type(advice.kind, OutsourcingKind)
    assert_type(advice.options, tuple[Option, ...])
    assert_type(advice.options[0].shoring, Shoring | None)
    assert_type(advice.readiness, Readiness)
    _ = recommend(process, client=client, needs="cost")  # type: ignore[arg-type]
