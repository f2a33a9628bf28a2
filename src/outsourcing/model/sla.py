"""Service level agreements: what is measured, how the clock runs, what a miss costs."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from enum import StrEnum

import attrs

from outsourcing.exceptions import InvalidValueError
from outsourcing.model._checks import (
    enum_fields,
    non_empty,
    non_negative,
    positive,
    to_frozenset,
    to_tuple,
)
from outsourcing.model.metric import METRICS, MetricName, SLAMetric, metric_definition
from outsourcing.model.money import Percentage, optional_percentage_field, percentage_field

__all__ = [
    "SLA",
    "ChronicRule",
    "Clock",
    "CreditTier",
    "ExclusionReason",
    "MeasurementPeriod",
    "SLAMetric",
    "TicketScope",
]


class MeasurementPeriod(StrEnum):
    """Calendar-aligned periods in the contract's time zone ("1 month" is a calendar month)."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    DAY = "day"
    YEAR = "year"


class ExclusionReason(StrEnum):
    """Reasons a ticket or a downtime may be excluded from an SLA.

    A ticket is excluded for planned maintenance, customer-caused delay or force majeure only by
    an SLA that accepts the reason (`SLA.exclusions`); a **cancelled** ticket (its clock cycle
    ended on a cancel status, or the log says so) is excluded from every SLA: it is never
    measured.
    """

    PLANNED_MAINTENANCE = "planned_maintenance"
    CUSTOMER_CAUSED = "customer_caused"
    FORCE_MAJEURE = "force_majeure"
    CANCELLED = "cancelled"


@attrs.frozen(field_transformer=enum_fields)
class TicketScope:
    """Which tickets an SLA applies to; an empty set means "any".

    Attributes:
        priorities: Priorities in scope, e.g. ``{"P1", "P2"}``.
        categories: Categories in scope.
    """

    priorities: frozenset[str] = attrs.field(factory=frozenset, converter=to_frozenset)
    categories: frozenset[str] = attrs.field(factory=frozenset, converter=to_frozenset)


def _disjoint(instance: Clock, _a: object, _v: object) -> None:
    groups = {
        "start_statuses": instance.start_statuses,
        "pause_statuses": instance.pause_statuses,
        "stop_statuses": instance.stop_statuses,
    }
    names = list(groups)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            common = groups[a] & groups[b]
            if common:
                raise InvalidValueError(f"Clock.{b}", sorted(common), f"also listed in {a}")


@attrs.frozen(field_transformer=enum_fields)
class Clock:
    """How a ticket's clock runs when replaying status changes (as the reference engines do).

    The clock starts on entering a start status, is paused while in a pause status, resumes on
    leaving it, and stops on entering a stop status. Re-entering a start status after a stop
    opens a new cycle (Jira); each cycle is judged against the target.

    Attributes:
        start_statuses: Statuses that start (or restart) the clock.
        pause_statuses: Statuses during which the clock is paused (e.g. ``pending``).
        stop_statuses: Statuses that stop the clock and end a cycle (``resolved``).
        cancel_statuses: Statuses that cancel the cycle: it is not measured at all.
    """

    start_statuses: frozenset[str] = attrs.field(converter=to_frozenset)
    stop_statuses: frozenset[str] = attrs.field(converter=to_frozenset)
    pause_statuses: frozenset[str] = attrs.field(factory=frozenset, converter=to_frozenset)
    cancel_statuses: frozenset[str] = attrs.field(
        factory=frozenset, converter=to_frozenset, validator=_disjoint
    )


@attrs.frozen(field_transformer=enum_fields)
class CreditTier:
    """Below ``below`` % attainment, ``credit`` % of the period's charge is owed.

    Attributes:
        below: Attainment threshold (the tier applies when attainment < below).
        credit: Credit as a percentage of the period's charge (or of the SLA's share of the
            at-risk amount, when the contract uses an at-risk pool).
    """

    below: Percentage = attrs.field(converter=percentage_field)
    credit: Percentage = attrs.field(converter=percentage_field)


@attrs.frozen(field_transformer=enum_fields)
class ChronicRule:
    """Chronic failure: repeated breaches that open a termination right.

    Fires on ``consecutive`` breached periods in a row, or on ``breaches`` breached periods
    within any ``window`` consecutive periods (e.g. ``ChronicRule(consecutive=3, breaches=4)``:
    3 in a row, or 4 in 12). Give at least one of the two; the one left out is not used (so a
    document in any format, TOML included, says it by leaving the key out).

    Attributes:
        consecutive: Breaches in a row that fire the rule (None: not used).
        breaches: Breaches within the window that fire the rule (None: not used).
        window: Length of the sliding window, in periods.
    """

    consecutive: int | None = attrs.field(default=None, validator=positive)
    breaches: int | None = attrs.field(default=None, validator=positive)
    window: int = attrs.field(default=12, validator=positive)

    def __attrs_post_init__(self) -> None:
        if self.consecutive is None and self.breaches is None:
            raise InvalidValueError("ChronicRule", self, "needs consecutive or breaches")
        if self.breaches is not None and self.breaches > self.window:
            raise InvalidValueError(
                "ChronicRule.breaches", self.breaches, f"must be <= window {self.window}"
            )


def _tiers(instance: SLA, _a: object, tiers: tuple[CreditTier, ...]) -> None:
    for before, after in itertools.pairwise(tiers):
        if not after.below < before.below:
            raise InvalidValueError(
                "SLA.credit_tiers", [str(t.below) for t in tiers], "thresholds must decrease"
            )
        if not after.credit > before.credit:
            raise InvalidValueError(
                "SLA.credit_tiers",
                [str(t.credit) for t in tiers],
                "credits must increase as attainment falls",
            )
    if tiers and tiers[0].below > instance.objective:
        raise InvalidValueError(
            "SLA.credit_tiers",
            str(tiers[0].below),
            f"first threshold must be <= objective {instance.objective}",
        )


def metric_name(value: object) -> SLAMetric | str:
    """`SLA.metric` as given: a built-in `SLAMetric`, or the name of a registered `Metric`."""
    if isinstance(value, SLAMetric):
        return value
    if isinstance(value, str):
        try:
            return SLAMetric(value)
        except ValueError:
            if value in METRICS:
                return value
    raise InvalidValueError("SLA.metric", value, f"must be one of {', '.join(sorted(METRICS))}")


def _target(instance: SLA, _a: object, target: dt.timedelta | None) -> None:
    if metric_definition(instance.metric).timed and target is None:
        raise InvalidValueError(
            "SLA.target", target, f"a {instance.metric} SLA needs a time target"
        )
    if target is not None and target <= dt.timedelta(0):
        raise InvalidValueError("SLA.target", target, "must be a positive duration")


@attrs.frozen(field_transformer=enum_fields)
class SLA:
    """A contractual service level, with its consequence.

    Attributes:
        id: Identifier, unique in the contract.
        name: Human-readable name.
        metric: What is measured.
        objective: Required attainment: share of tickets within target, availability, on-time
            share, accuracy or satisfaction, in %.
        target: Time target per ticket for timed metrics (``PT4H``).
        scope: Which tickets count.
        clock: How the clock runs on status changes (None: milestone columns are used).
        calendar: Id of a contract calendar for business time (None: 24×7).
        period: Measurement period.
        minimum_volume: Periods with fewer events are not assessed (reported, not judged).
        maximum: For counted metrics (incidents): the most allowed in a period.
        exclusions: Exclusion reasons this SLA accepts.
        credit_tiers: Service-credit tiers, thresholds decreasing, credits increasing.
        pool_allocation: Share of the contract's at-risk amount allocated to this SLA.
        critical_threshold: Attainment below which a period is a critical failure.
        chronic: Chronic-failure rule opening a termination right.
        credit_base: Names of the contract's pricing lines its credits are a share of (empty:
            the whole monthly charge, right when the contract covers one service).
    """

    id: str = attrs.field(validator=non_empty)
    name: str = attrs.field(validator=non_empty)
    metric: MetricName = attrs.field(converter=metric_name)
    objective: Percentage = attrs.field(converter=percentage_field)
    target: dt.timedelta | None = attrs.field(default=None, validator=_target)
    scope: TicketScope = attrs.field(factory=TicketScope)
    clock: Clock | None = None
    calendar: str | None = None
    period: MeasurementPeriod = MeasurementPeriod.MONTH
    minimum_volume: int = attrs.field(default=0, validator=non_negative)
    maximum: int | None = attrs.field(default=None, validator=non_negative)
    exclusions: frozenset[ExclusionReason] = attrs.field(factory=frozenset, converter=to_frozenset)
    credit_tiers: tuple[CreditTier, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_tiers
    )
    pool_allocation: Percentage | None = attrs.field(
        default=None, converter=optional_percentage_field
    )
    critical_threshold: Percentage | None = attrs.field(
        default=None, converter=optional_percentage_field
    )
    chronic: ChronicRule | None = None
    credit_base: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)

    def credit_for(self, attainment: Decimal) -> Percentage:
        """Credit percentage owed for an attainment (the deepest tier reached; 0 if none)."""
        owed = Percentage(0)
        for tier in self.credit_tiers:
            if attainment < tier.below.value:
                owed = tier.credit
        return owed
