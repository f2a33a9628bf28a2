"""What `evaluate_slas` returns: results per SLA and period, credits, termination rights.

Every figure carries what it was computed from (counts, thresholds, the rule that fired) and an
``explanation`` in words, so a report can be checked by hand and shown as is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

import attrs

from outsourcing.model.metric import MetricName
from outsourcing.model.money import Money, Percentage
from outsourcing.sla.late_delivery import LateDelivery
from outsourcing.sla.periods import Period, period_result
from outsourcing.sla.records.rows import InvalidRow
from outsourcing.sla.unknown_statuses import UnknownStatus
from outsourcing.sla.unscoped import UnscopedValue

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "CreditLine",
    "MonthlyCredit",
    "PeriodResult",
    "PeriodStatus",
    "SLAAccount",
    "ServiceReport",
    "TerminationRight",
    "TerminationRule",
]


class PeriodStatus(StrEnum):
    """Outcome of one SLA in one period."""

    MET = "met"
    BREACHED = "breached"
    NOT_ASSESSED = "not_assessed"


@attrs.frozen
class PeriodResult:
    """One SLA in one period.

    Attributes:
        sla_id: The SLA.
        metric: What it measures.
        period: The measurement period.
        final: Whether the period had ended at ``as_of`` (only final periods earn credits and
            count for chronic failure).
        status: Met, breached, or not assessed (fewer events than the minimum volume).
        measured: Attainment in % (share within target, availability, accuracy, on-time
            share, satisfied share) or the count (incident count); None without events.
        target: The objective in %, or the maximum count.
        margin: ``measured - target`` (counts: ``target - measured``); negative when breached.
        good: Events that met their target (availability: available clock seconds).
        total: Events evaluated, good + bad (availability: scheduled clock seconds).
        pending: Open tickets still within target at ``as_of`` (not judged yet).
        excluded: Tickets excluded from this SLA in this period (scope, exclusions, no data).
        mean_seconds: Mean measured time of evaluated events (timed metrics).
        percentiles: ``(percentile, seconds)`` pairs, nearest-rank, of evaluated events.
        critical: Whether attainment fell below the SLA's critical threshold.
        credit: Tier credit owed for the period (0 when met or not final).
        explanation: The result in words.
    """

    sla_id: str
    metric: MetricName
    period: Period
    final: bool
    status: PeriodStatus
    measured: Decimal | None
    target: Decimal
    margin: Decimal | None
    good: int
    total: int
    pending: int
    excluded: int
    mean_seconds: Decimal | None
    percentiles: tuple[tuple[int, int], ...]
    critical: bool
    credit: Percentage
    explanation: str

    @property
    def breached(self) -> bool:
        """Whether the SLA was breached in this period."""
        return self.status is PeriodStatus.BREACHED


@attrs.frozen
class CreditLine:
    """A service credit owed for one SLA in one period, before the caps.

    Attributes:
        sla_id: The SLA.
        period: The period it was breached in.
        month: Label of the calendar month the credit is charged to (the period's last month).
        percent: Tier credit in %.
        base: What the percentage applies to (the period's charge, or the SLA's share of the
            at-risk amount).
        amount: ``percent`` of ``base``.
        earned_back: Whether the credit is waived by earn-back.
        explanation: How it was computed.
    """

    sla_id: str
    period: Period
    month: str
    percent: Percentage
    base: Money
    amount: Money
    earned_back: bool
    explanation: str


@attrs.frozen
class MonthlyCredit:
    """Credits of one calendar month after earn-back and the caps.

    Attributes:
        month: Month label (``2024-03``).
        charge: The month's charge the caps refer to.
        owed: Sum of the month's credit lines not earned back.
        monthly_cap: Most that may be credited this month (None: no cap).
        rolling_cap: Most that may still be credited under the rolling 12-month cap.
        payable: What is credited: ``owed`` limited by both caps.
        explanation: Which cap bound, if any.
    """

    month: str
    charge: Money
    owed: Money
    monthly_cap: Money | None
    rolling_cap: Money | None
    payable: Money
    explanation: str


class TerminationRule(StrEnum):
    """The kind of rule that opened a termination right: a stable code for programs and reports."""

    CONSECUTIVE = "consecutive"
    """``ChronicRule.consecutive`` breached periods in a row."""
    WITHIN_WINDOW = "within_window"
    """``ChronicRule.breaches`` breached periods within ``ChronicRule.window`` periods."""
    CRITICAL = "critical"
    """A single period below ``SLA.critical_threshold``."""


@attrs.frozen
class TerminationRight:
    """A right to terminate opened by chronic or critical failure.

    Attributes:
        sla_id: The SLA that failed.
        rule: The rule that fired (``"3 consecutive breaches"``, ``"4 breaches in 12
            periods"``, ``"critical failure"``).
        period: The period in which the right opened.
        periods: Labels of the breached periods that fired the rule.
        explanation: The rule and the evidence, in words.
        kind: The kind of rule that fired, as a stable code.
        breaches: Breached periods the rule needs (1 for a critical failure).
        window: Periods the breaches must fall within (`TerminationRule.WITHIN_WINDOW` only).
    """

    sla_id: str
    rule: str
    period: Period
    periods: tuple[str, ...]
    explanation: str
    kind: TerminationRule
    breaches: int = 1
    window: int | None = None


@attrs.frozen
class SLAAccount:
    """Where every input row went for one SLA: evaluated, excluded (by reason) or invalid.

    Attributes:
        sla_id: The SLA.
        rows_in: Rows in the input.
        evaluated: Rows judged against the target (in a reporting period).
        excluded: ``(reason, count)`` pairs, sorted by reason.
        invalid: Rows that were invalid.
    """

    sla_id: str
    rows_in: int
    evaluated: int
    excluded: tuple[tuple[str, int], ...]
    invalid: int

    @property
    def excluded_total(self) -> int:
        """Rows excluded, whatever the reason."""
        return sum(count for _, count in self.excluded)

    @property
    def balanced(self) -> bool:
        """Whether evaluated + excluded + invalid = rows in."""
        return self.evaluated + self.excluded_total + self.invalid == self.rows_in


def _total(amounts: list[Money]) -> Money | None:
    """The sum of some amounts (None when there are none)."""
    if not amounts:
        return None
    total = amounts[0]
    for amount in amounts[1:]:
        total += amount
    return total


@attrs.frozen
class ServiceReport:
    """The service-level report of a contract as of an instant.

    Attributes:
        contract_id: The contract.
        as_of: The instant the report is made at (events after it are ignored).
        timezone: Time zone of the periods.
        results: One result per SLA and period, SLAs in contract order, periods in order.
        credits: Credit lines (before caps).
        monthly_credits: Credits per month after earn-back and caps.
        termination_rights: Rights to terminate that opened.
        accounts: Per SLA, where every row went.
        invalid_rows: Input rows that could not be used, with reasons.
        late_deliveries: Late-delivery penalties of the contract's dated deliverables and
            milestones, when deliveries were given (see `evaluate_slas`).
        unscoped_values: Priority and category values that no SLA of the contract has in its
            scope, with the number of rows holding each (`outsourcing.sla.unscoped`).
        unknown_statuses: Statuses of an event log that no clock of the contract names, with
            their event counts and a hint, most events first (`outsourcing.sla.unknown_statuses`).
    """

    contract_id: str
    as_of: dt.datetime
    timezone: str
    results: tuple[PeriodResult, ...]
    credits: tuple[CreditLine, ...]
    monthly_credits: tuple[MonthlyCredit, ...]
    termination_rights: tuple[TerminationRight, ...]
    accounts: tuple[SLAAccount, ...]
    invalid_rows: tuple[InvalidRow, ...]
    late_deliveries: tuple[LateDelivery, ...] = ()
    unscoped_values: tuple[UnscopedValue, ...] = ()
    unknown_statuses: tuple[UnknownStatus, ...] = ()

    def __iter__(self) -> Iterator[PeriodResult]:
        return iter(self.results)

    def result(self, sla_id: str, period: str) -> PeriodResult:
        """The result of an SLA in the period labelled ``period`` (``2024-03``).

        Raises:
            UnknownResultError: If the report has no such SLA, or no such period for it; the
                message lists the SLAs (or the SLA's periods) it has.
        """
        return period_result(self.results, "SLA", sla_id, period, lambda r: r.sla_id)

    def for_sla(self, sla_id: str) -> tuple[PeriodResult, ...]:
        """Results of one SLA, in period order."""
        return tuple(r for r in self.results if r.sla_id == sla_id)

    @property
    def total_payable(self) -> Money | None:
        """Credits payable over the report, after caps (None when no credit regime applies)."""
        return _total([month.payable for month in self.monthly_credits])

    @property
    def late_delivery_penalties(self) -> Money | None:
        """Late-delivery penalties over the report (None when no delivery was assessed)."""
        return _total([item.penalty for item in self.late_deliveries])

    @property
    def delivery_termination_rights(self) -> tuple[LateDelivery, ...]:
        """The late deliveries whose delay opens the buyer's right to terminate."""
        return tuple(item for item in self.late_deliveries if item.termination_right)

    @property
    def rights_count(self) -> int:
        """How many rights to terminate the report opened, of every kind.

        SLA chronic and critical failures, and late deliveries beyond the contract's limit.
        """
        return len(self.termination_rights) + len(self.delivery_termination_rights)

    def plot(self, *, ax: Axes | None = None) -> Axes:
        """Attainment per month of each SLA against its objective (needs matplotlib)."""
        from outsourcing.notebook import plot_compliance  # noqa: PLC0415 - on use

        return plot_compliance(self, ax=ax)

    def _repr_html_(self) -> str:
        """The result as HTML, for notebooks (needs babel, a runtime dependency)."""
        from outsourcing.notebook import result_html  # noqa: PLC0415 - on use

        return result_html(self)

    def to_pandas(self) -> pd.DataFrame:
        """One row per SLA and period (requires pandas)."""
        import pandas as pd  # noqa: PLC0415 - pandas is an optional dependency

        return pd.DataFrame(
            [
                {
                    "sla": r.sla_id,
                    "metric": str(r.metric),
                    "period": r.period.label,
                    "final": r.final,
                    "status": str(r.status),
                    "measured": None if r.measured is None else float(r.measured),
                    "target": float(r.target),
                    "margin": None if r.margin is None else float(r.margin),
                    "good": r.good,
                    "total": r.total,
                    "pending": r.pending,
                    "excluded": r.excluded,
                    "critical": r.critical,
                    "credit_percent": float(r.credit.value),
                }
                for r in self.results
            ]
        )
