import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from case_ids import case_id
from outsourcing import (
    KPI,
    SLA,
    ChronicRule,
    Clock,
    CreditTier,
    Direction,
    KPIMetric,
    OutsourcingError,
    Percentage,
    SLAMetric,
)

Rejects = Callable[[Callable[[], object], str, object], OutsourcingError]

TIERS = [CreditTier("99.5", 5), CreditTier(99, 10), CreditTier(98, 20)]


def availability(**changes: object) -> SLA:
    """A 99.5 % monthly availability SLA with three credit tiers, with ``changes`` applied."""
    fields: dict[str, object] = {
        "id": "availability",
        "name": "Service availability",
        "metric": SLAMetric.AVAILABILITY,
        "objective": "99.5",
        "credit_tiers": TIERS,
    } | changes
    return SLA(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("build", "field", "value"),
    [
        (lambda: availability(objective=150), "SLA.objective", Decimal(150)),
        (lambda: availability(objective="-1"), "SLA.objective", Decimal(-1)),
        (lambda: availability(objective="high"), "SLA.objective", "high"),
        (lambda: availability(id=""), "SLA.id", ""),
        (lambda: availability(metric=SLAMetric.RESOLUTION), "SLA.target", None),
        (
            lambda: availability(metric=SLAMetric.RESOLUTION, target=dt.timedelta(0)),
            "SLA.target",
            dt.timedelta(0),
        ),
        (lambda: availability(minimum_volume=-1), "SLA.minimum_volume", -1),
        (lambda: availability(maximum=-3), "SLA.maximum", -3),
        (lambda: availability(pool_allocation=101), "SLA.pool_allocation", Decimal(101)),
        (lambda: availability(critical_threshold="x"), "SLA.critical_threshold", "x"),
        (
            lambda: availability(credit_tiers=[CreditTier(99, 5), CreditTier("99.5", 10)]),
            "SLA.credit_tiers",
            ["99 %", "99.5 %"],
        ),
        (
            lambda: availability(credit_tiers=[CreditTier("99.5", 10), CreditTier(99, 10)]),
            "SLA.credit_tiers",
            ["10 %", "10 %"],
        ),
        (
            lambda: availability(objective=99, credit_tiers=[CreditTier("99.5", 5)]),
            "SLA.credit_tiers",
            "99.5 %",
        ),
        (lambda: CreditTier(100.5, 5), "CreditTier.below", 100.5),  # type: ignore[arg-type]
        (lambda: CreditTier(99, 120), "CreditTier.credit", Decimal(120)),
        (
            lambda: Clock(start_statuses=["new"], stop_statuses=["new", "solved"]),
            "Clock.stop_statuses",
            ["new"],
        ),
        (
            lambda: Clock(["open"], ["solved"], pause_statuses=["pending", "solved"]),
            "Clock.stop_statuses",
            ["solved"],
        ),
        (
            lambda: Clock(["open"], ["solved"], pause_statuses=["open"]),
            "Clock.pause_statuses",
            ["open"],
        ),
        (lambda: ChronicRule(consecutive=0), "ChronicRule.consecutive", 0),
        (lambda: ChronicRule(window=0, breaches=None), "ChronicRule.window", 0),
        (lambda: ChronicRule(breaches=13), "ChronicRule.breaches", 13),
        (
            lambda: KPI("k", "Errors", KPIMetric.ERROR_RATE, "%", Direction.LOWER_IS_BETTER, 0.5),  # type: ignore[arg-type]
            "KPI.target",
            0.5,
        ),
        (
            lambda: KPI("k", "", KPIMetric.ERROR_RATE, "%", Direction.LOWER_IS_BETTER, 1),
            "KPI.name",
            "",
        ),
    ],
    ids=case_id,
)
def test_invalid_service_levels_name_the_field_and_value(
    rejects: Rejects, build: Callable[[], object], field: str, value: object
) -> None:
    """Out-of-range objectives, missing targets and non-monotonic tiers raise naming both."""
    rejects(build, field, value)


def test_timed_sla_with_target() -> None:
    """A resolution SLA carries its time target, clock and calendar reference."""
    sla = SLA(
        id="p1-resolution",
        name="P1 resolved in 4 business hours",
        metric=SLAMetric.RESOLUTION,
        objective=95,
        target=dt.timedelta(hours=4),
        clock=Clock(["open"], ["solved"], pause_statuses=["pending"]),
        calendar="paris",
    )
    assert sla.objective == Percentage(95)
    assert sla.target == dt.timedelta(hours=4)
    assert sla.clock is not None
    assert sla.clock.pause_statuses == {"pending"}


@pytest.mark.parametrize(
    ("attainment", "credit"),
    [("100", 0), ("99.5", 0), ("99.49", 5), ("99", 5), ("98.99", 10), ("98", 10), ("50", 20)],
)
def test_credit_for_takes_the_deepest_tier_reached(attainment: str, credit: int) -> None:
    """Attainment strictly below a threshold owes that tier's credit; the deepest tier wins."""
    assert availability().credit_for(Decimal(attainment)) == Percentage(credit)


def test_no_tiers_means_no_credit() -> None:
    """An SLA without tiers never owes a credit."""
    assert availability(credit_tiers=()).credit_for(Decimal(0)) == Percentage(0)


@given(
    st.decimals(min_value=0, max_value=100, places=3),
    st.decimals(min_value=0, max_value=100, places=3),
)
def test_credit_never_decreases_as_attainment_falls(a: Decimal, b: Decimal) -> None:
    """Lower attainment never earns a smaller credit."""
    low, high = sorted((a, b))
    sla = availability()
    assert sla.credit_for(low) >= sla.credit_for(high)


def test_chronic_rule_defaults() -> None:
    """A chronic rule uses only the triggers it is given; the window defaults to 12 periods."""
    rule = ChronicRule(consecutive=3, breaches=4)
    assert (rule.consecutive, rule.breaches, rule.window) == (3, 4, 12)
    assert ChronicRule(breaches=4).consecutive is None
    assert ChronicRule(consecutive=3).breaches is None


def test_chronic_rule_needs_one_trigger() -> None:
    """A chronic rule with neither a run length nor a count in a window is refused."""
    with pytest.raises(OutsourcingError, match=r"^ChronicRule: needs consecutive or breaches"):
        ChronicRule(consecutive=None, breaches=None)
    with pytest.raises(OutsourcingError, match=r"^ChronicRule: needs consecutive or breaches"):
        ChronicRule()


def test_kpi_direction() -> None:
    """A KPI is met at or above target when higher is better, at or below otherwise."""
    satisfaction = KPI(
        "csat",
        "Satisfaction",
        KPIMetric.INTERNAL_SATISFACTION,
        "score/5",
        Direction.HIGHER_IS_BETTER,
        "4.2",
    )
    processing = KPI(
        "apt",
        "Processing time",
        KPIMetric.AVERAGE_PROCESSING_TIME,
        "hours",
        Direction.LOWER_IS_BETTER,
        24,
    )
    assert satisfaction.is_met(Decimal("4.2"))
    assert not satisfaction.is_met(Decimal("4.1"))
    assert processing.is_met(Decimal(24))
    assert not processing.is_met(Decimal(25))
