"""Key performance indicators measured on a ticket log: the four KPIs of the sources, and more.

A KPI is tracked, not contractual: it has a target and a direction (`KPI.direction`) but no
credit or termination right. `evaluate_kpis` measures each KPI of a contract in each period of
its cadence (calendar days, ISO weeks, months, quarters or years in the contract's time zone,
from the term's start to ``as_of``) and says whether the target was met, with the inputs the
value was computed from.

Each KPI is measured by the SLA measurement engine (`outsourcing.sla.measurement`) through an
equivalent service level without objective or consequence, so KPIs follow the same rules as
SLAs: a ticket belongs to the period that contains its opening instant (a deliverable's, its due
instant); the KPI's ``scope`` selects tickets by priority and category; cancelled tickets and
cycles are excluded; every input row is evaluated, excluded with a reason, or invalid; chunks
measured separately add up exactly to the whole.

What each metric measures in a period, and from which tickets:

- ``average_processing_time``: the mean resolution time, in the KPI's unit, of the tickets
  resolved by ``as_of`` (still open: excluded); the clock runs in ``KPI.calendar`` (24×7
  without one), or is the replayed clock for event logs.
- ``first_response_time``: idem with ``first_response``.
- ``internal_satisfaction``: the mean ``satisfaction_score`` of the tickets that have one (with
  unit ``%``: the share of ``satisfied`` answers among answered tickets).
- ``incident_count``: the number of tickets flagged ``error`` = yes (an incident or error on
  the outsourced process) among the checked tickets (flag yes or no; unchecked: excluded).
- ``error_rate``: the share of checked tickets flagged ``error``, in %.
- ``critical_on_time``: the share of tickets in scope (scope the KPI to the critical priority)
  done on time, in %: within the time target of the SLA ``KPI.sla`` (its clock, calendar and
  accepted exclusions), or, without one, resolved by their ``due`` instant; a ticket still open
  and within its target is pending (excluded until decided).
- ``backlog``, ``absorption_capacity``: not measured from a ticket log (reported as such).

Time units: ``seconds``/``s``, ``minutes``/``min``, ``hours``/``h``, ``days``/``d`` (24 hours,
also in business time). A period with nothing to measure is *not measured* (an incident count
is 0 instead: no incident).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

import attrs
import numpy as np

from outsourcing.exceptions import InvalidValueError
from outsourcing.model.cadence import Cadence
from outsourcing.model.contract import Contract
from outsourcing.model.kpi import KPI, Direction, KPIMetric
from outsourcing.model.sla import SLA, MeasurementPeriod, SLAMetric
from outsourcing.sla.measurement import (
    STATE_NAMES,
    STATES,
    SLAMeasurement,
    TicketState,
    measure_sla,
    reporting_periods,
)
from outsourcing.sla.periods import Period, local_midnight, period_result
from outsourcing.sla.records.rows import InvalidRow
from outsourcing.sla.records.ticket_log import TicketLog
from outsourcing.sla.records.timestamps import MISSING

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "TIME_UNITS",
    "KPIAccount",
    "KPIReport",
    "KPIResult",
    "KPIStatus",
    "evaluate_kpis",
]

#: Seconds per time unit a time KPI may be expressed in.
TIME_UNITS: dict[str, int] = {
    "s": 1,
    "second": 1,
    "seconds": 1,
    "min": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86_400,
    "day": 86_400,
    "days": 86_400,
}

_PERIODS = {
    Cadence.DAILY: MeasurementPeriod.DAY,
    Cadence.WEEKLY: MeasurementPeriod.WEEK,
    Cadence.MONTHLY: MeasurementPeriod.MONTH,
    Cadence.QUARTERLY: MeasurementPeriod.QUARTER,
    Cadence.ANNUAL: MeasurementPeriod.YEAR,
}
#: A time target no ticket reaches: time KPIs judge nothing, they only measure.
_NEVER = dt.timedelta(days=36_500)
_TIMED = {
    KPIMetric.AVERAGE_PROCESSING_TIME: SLAMetric.RESOLUTION,
    KPIMetric.FIRST_RESPONSE_TIME: SLAMetric.FIRST_RESPONSE,
}
_COUNTED = {
    KPIMetric.INTERNAL_SATISFACTION: SLAMetric.SATISFACTION,
    KPIMetric.INCIDENT_COUNT: SLAMetric.ACCURACY,
    KPIMetric.ERROR_RATE: SLAMetric.ACCURACY,
    KPIMetric.CRITICAL_ON_TIME: SLAMetric.ON_TIME_DELIVERY,
}
_NOT_FROM_TICKETS = "not measured from a ticket log"


class KPIStatus(StrEnum):
    """Outcome of one KPI in one period."""

    MET = "met"
    MISSED = "missed"
    NOT_MEASURED = "not_measured"


@attrs.frozen
class KPIResult:
    """One KPI in one period, with what its value was computed from.

    Attributes:
        kpi_id: The KPI.
        metric: What it measures.
        period: The period (of the KPI's cadence).
        final: Whether the period had ended at ``as_of``.
        status: Met, missed, or not measured (nothing to measure).
        value: The measured value, in ``unit`` (None when not measured).
        target: The KPI's target.
        unit: The KPI's unit.
        direction: Whether higher is better.
        tickets: Tickets the value is computed from.
        amount: What they add up to: seconds (times), points (scores), satisfied, flagged or
            on-time tickets (shares and counts).
        pending: Tickets not judged yet at ``as_of`` (open, within target).
        excluded: Tickets of the period excluded (scope, cancelled, nothing to measure...).
        explanation: The computation in words.
    """

    kpi_id: str
    metric: KPIMetric
    period: Period
    final: bool
    status: KPIStatus
    value: Decimal | None
    target: Decimal
    unit: str
    direction: Direction
    tickets: int
    amount: Decimal
    pending: int
    excluded: int
    explanation: str

    @property
    def met(self) -> bool:
        """Whether the target was met in this period."""
        return self.status is KPIStatus.MET


@attrs.frozen
class KPIAccount:
    """Where every input row went for one KPI: evaluated, excluded (by reason) or invalid.

    Attributes:
        kpi_id: The KPI.
        rows_in: Rows in the input.
        evaluated: Rows a value was computed from (in a period).
        excluded: ``(reason, count)`` pairs, sorted by reason.
        invalid: Rows that were invalid.
    """

    kpi_id: str
    rows_in: int
    evaluated: int
    excluded: tuple[tuple[str, int], ...]
    invalid: int

    @property
    def balanced(self) -> bool:
        """Whether evaluated + excluded + invalid = rows in."""
        return self.evaluated + sum(n for _, n in self.excluded) + self.invalid == self.rows_in


@attrs.frozen
class KPIReport:
    """The KPIs of a contract as of an instant.

    Attributes:
        contract_id: The contract.
        as_of: The instant of the report.
        timezone: Time zone of the periods.
        results: One result per KPI and period, KPIs in contract order, periods in order.
        accounts: Per KPI, where every row went.
        invalid_rows: Input rows that could not be used, with reasons.
    """

    contract_id: str
    as_of: dt.datetime
    timezone: str
    results: tuple[KPIResult, ...]
    accounts: tuple[KPIAccount, ...]
    invalid_rows: tuple[InvalidRow, ...]

    def __iter__(self) -> Iterator[KPIResult]:
        return iter(self.results)

    def result(self, kpi_id: str, period: str) -> KPIResult:
        """The result of a KPI in the period labelled ``period`` (``2024-03``, ``2024-Q1``).

        Raises:
            UnknownResultError: If the report has no such KPI, or no such period for it; the
                message lists the KPIs (or the KPI's periods) it has.
        """
        return period_result(self.results, "KPI", kpi_id, period, lambda r: r.kpi_id)

    def for_kpi(self, kpi_id: str) -> tuple[KPIResult, ...]:
        """Results of one KPI, in period order."""
        return tuple(r for r in self.results if r.kpi_id == kpi_id)

    def to_pandas(self) -> pd.DataFrame:
        """One row per KPI and period (requires pandas)."""
        import pandas as pd  # noqa: PLC0415 - pandas is an optional dependency

        return pd.DataFrame(
            [
                {
                    "kpi": r.kpi_id,
                    "metric": str(r.metric),
                    "period": r.period.label,
                    "final": r.final,
                    "status": str(r.status),
                    "value": None if r.value is None else float(r.value),
                    "target": float(r.target),
                    "unit": r.unit,
                    "tickets": r.tickets,
                    "pending": r.pending,
                    "excluded": r.excluded,
                }
                for r in self.results
            ]
        )


def _seconds_per_unit(kpi: KPI) -> int:
    unit = kpi.unit.strip().lower()
    if unit not in TIME_UNITS:
        raise InvalidValueError(
            f"KPI {kpi.id!r}.unit", kpi.unit, f"must be a time unit: {sorted(TIME_UNITS)}"
        )
    return TIME_UNITS[unit]


def _by_score(kpi: KPI) -> bool:
    return kpi.metric is KPIMetric.INTERNAL_SATISFACTION and kpi.unit.strip() != "%"


def equivalent_sla(contract: Contract, kpi: KPI) -> SLA | None:
    """The service level whose measurement gives the KPI's inputs (None: not from tickets).

    It has the KPI's id, scope, calendar and periods, no objective and no consequence.

    Raises:
        InvalidValueError: if a time KPI's unit is not a time unit, or a ``critical_on_time``
            KPI names an SLA without a time target.
    """
    probe = SLA(id=kpi.id, name=kpi.name, metric=SLAMetric.ACCURACY, objective=0,
                scope=kpi.scope, period=_PERIODS[kpi.cadence])  # fmt: skip
    if kpi.metric in _TIMED:
        _seconds_per_unit(kpi)
        return attrs.evolve(probe, metric=_TIMED[kpi.metric], target=_NEVER, calendar=kpi.calendar)
    if _by_score(kpi):  # scores are read as the "work time" of an equivalent log
        return attrs.evolve(probe, metric=SLAMetric.AGENT_WORK, target=_NEVER)
    if kpi.metric is KPIMetric.CRITICAL_ON_TIME and kpi.sla is not None:
        base = next(s for s in contract.slas if s.id == kpi.sla)
        if base.target is None:
            raise InvalidValueError(
                f"KPI {kpi.id!r}.sla", kpi.sla, "must name an SLA with a time target"
            )
        scope = kpi.scope if kpi.scope.priorities or kpi.scope.categories else base.scope
        return attrs.evolve(
            probe,
            metric=base.metric,
            target=base.target,
            clock=base.clock,
            calendar=base.calendar,
            exclusions=base.exclusions,
            scope=scope,
        )
    metric = _COUNTED.get(kpi.metric)
    return None if metric is None else attrs.evolve(probe, metric=metric)


def _scores_as_work(log: TicketLog) -> TicketLog:
    """The log with each satisfaction score (thousandths) in place of the agent work time."""
    scores = log.satisfaction_score
    if scores is None:
        scores = np.full(len(log), MISSING, dtype=np.int64)
    flat = np.full(len(log), MISSING, dtype=np.int64)
    return attrs.evolve(log, work_seconds=scores, clock_elapsed=flat, running_since=flat)


def _measure(contract: Contract, kpi: KPI, log: TicketLog, as_of: dt.datetime) -> SLAMeasurement:
    sla = equivalent_sla(contract, kpi)
    if sla is None:
        probe = SLA(id=kpi.id, name=kpi.name, metric=SLAMetric.ACCURACY, objective=0,
                    period=_PERIODS[kpi.cadence])  # fmt: skip
        periods = reporting_periods(contract, probe, as_of)[0]
        empty = np.zeros(0, dtype=np.int64)
        counts = np.zeros((len(periods) + 1, STATES), dtype=np.int64)
        counts[-1, TicketState.NO_DATA] = len(log)
        zeros = np.zeros(len(periods), dtype=np.int64)
        return SLAMeasurement(kpi.id, periods, counts, zeros, empty, empty, zeros, zeros)
    source = _scores_as_work(log) if _by_score(kpi) else log
    return measure_sla(contract, sla, source, as_of)


def _value(kpi: KPI, good: int, bad: int, seconds: int) -> tuple[int, Decimal, Decimal | None, str]:
    """Tickets, amount, value and the formula in words, from one period's sums."""
    total = good + bad
    if kpi.metric in _TIMED:
        unit = _seconds_per_unit(kpi)
        value = Decimal(seconds) / total / unit if total else None
        formula = f"{seconds} s over {total} ticket(s) / {unit} s per {kpi.unit}"
        return total, Decimal(seconds), value, formula
    if _by_score(kpi):
        points = Decimal(seconds) / 1000
        value = points / total if total else None
        return total, points, value, f"{points} point(s) over {total} score(s)"
    if kpi.metric is KPIMetric.INCIDENT_COUNT:
        return total, Decimal(bad), Decimal(bad), f"{bad} flagged of {total} checked ticket(s)"
    share = bad if kpi.metric is KPIMetric.ERROR_RATE else good
    value = Decimal(share) * 100 / total if total else None
    return total, Decimal(share), value, f"{share} of {total} ticket(s) × 100"


def _results(
    kpi: KPI, measurement: SLAMeasurement, timezone: str, now: int
) -> tuple[KPIResult, ...]:
    results = []
    for index, period in enumerate(measurement.periods):
        row = measurement.counts[index]
        good, bad = int(row[TicketState.GOOD]), int(row[TicketState.BAD])
        pending = int(row[TicketState.PENDING])
        excluded = int(row.sum()) - good - bad
        seconds = int(measurement.seconds[index])
        if kpi.metric in {KPIMetric.BACKLOG, KPIMetric.ABSORPTION_CAPACITY}:
            tickets, amount, value, formula = 0, Decimal(0), None, _NOT_FROM_TICKETS
        else:
            tickets, amount, value, formula = _value(kpi, good, bad, seconds)
        if value is None:
            status = KPIStatus.NOT_MEASURED
            explanation = f"{kpi.id} {period.label}: not measured ({formula})"
        else:
            status = KPIStatus.MET if kpi.is_met(value) else KPIStatus.MISSED
            explanation = (
                f"{kpi.id} {period.label}: {value:.2f} {kpi.unit} ({formula}) against a target "
                f"of {kpi.target} ({kpi.direction}): {status}"
            )
        results.append(
            KPIResult(
                kpi_id=kpi.id,
                metric=kpi.metric,
                period=period,
                final=local_midnight(period.end, timezone) <= now,
                status=status,
                value=value,
                target=kpi.target,
                unit=kpi.unit,
                direction=kpi.direction,
                tickets=tickets,
                amount=amount,
                pending=pending,
                excluded=excluded,
                explanation=explanation,
            )
        )
    return tuple(results)


def _account(kpi: KPI, measurement: SLAMeasurement, rows_in: int, invalid: int) -> KPIAccount:
    totals = measurement.counts.sum(axis=0)
    names = dict(STATE_NAMES)
    if kpi.metric in _TIMED or _by_score(kpi):
        names[TicketState.PENDING] = "open at as_of"
    if kpi.metric in {KPIMetric.BACKLOG, KPIMetric.ABSORPTION_CAPACITY}:
        names[TicketState.NO_DATA] = _NOT_FROM_TICKETS
    excluded = tuple(
        sorted((names[state], int(totals[state])) for state in names if int(totals[state]))
    )
    evaluated = int(totals[TicketState.GOOD] + totals[TicketState.BAD])
    return KPIAccount(kpi.id, rows_in, evaluated, excluded, invalid)


def evaluate_kpis(
    contract: Contract, tickets: TicketLog | Iterable[TicketLog], *, as_of: dt.datetime
) -> KPIReport:
    """Measure every KPI of a contract on tickets, per period of its cadence, as of an instant.

    Args:
        contract: The contract (its KPIs, calendars, SLAs and time zone).
        tickets: A ticket log, or chunks of one (measured separately, then added up).
        as_of: When the report is made (aware datetime); later events are ignored.

    Returns:
        Per KPI and period: the value, target, met or missed, and the tickets and amounts it
        was computed from; per KPI, where every row went.

    Raises:
        InvalidValueError: if ``as_of`` is naive, a time KPI's unit is not a time unit, or a
            ``critical_on_time`` KPI names an SLA without a time target.
    """
    logs = [tickets] if isinstance(tickets, TicketLog) else list(tickets)
    rows_in = sum(log.rows_in for log in logs)
    invalid = tuple(sorted((row for log in logs for row in log.invalid), key=lambda r: r.row))
    now = int(as_of.timestamp() // 1) if as_of.utcoffset() is not None else None
    if now is None:
        raise InvalidValueError("as_of", as_of, "must be a time-zone-aware datetime")
    results: list[KPIResult] = []
    accounts = []
    for kpi in contract.kpis:
        parts = [_measure(contract, kpi, log, as_of) for log in logs]
        measurement = parts[0] if parts else _measure(contract, kpi, _empty_log(), as_of)
        for part in parts[1:]:
            measurement = measurement.merge(part)
        results.extend(_results(kpi, measurement, contract.zone, now))
        accounts.append(_account(kpi, measurement, rows_in, len(invalid)))
    return KPIReport(
        contract_id=contract.id,
        as_of=as_of,
        timezone=contract.zone,
        results=tuple(results),
        accounts=tuple(accounts),
        invalid_rows=invalid,
    )


def _empty_log() -> TicketLog:
    nothing = np.zeros(0, dtype=np.int64)
    return TicketLog.from_arrays({"ticket": nothing, "opened": nothing, "priority": nothing})
