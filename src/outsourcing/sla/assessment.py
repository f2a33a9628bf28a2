"""Evaluating a contract's SLAs: `evaluate_slas` = measure the tickets, then assess.

`measure_slas` (in `outsourcing.sla.measurement`) turns tickets into mergeable per-period counts;
`assess_slas` turns those into the `ServiceReport`: attainment, met or breached, margin,
critical failure, tier credits, earn-back, caps and termination rights. Measuring chunks and
merging before assessing gives the same report as measuring everything at once.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from outsourcing.exceptions import InvalidValueError
from outsourcing.model.contract import Contract
from outsourcing.model.metric import Measure, metric_definition
from outsourcing.model.money import Money, Percentage
from outsourcing.model.sla import SLA
from outsourcing.sla.credits import charge_schedule, credit_lines, monthly_credits, tier_credit
from outsourcing.sla.late_delivery import (
    Delivery,
    DeliveryRecord,
    LateDelivery,
    assess_contract_deliveries,
)
from outsourcing.sla.measurement import (
    STATE_NAMES,
    ServiceMeasurements,
    SLAMeasurement,
    TicketState,
    measure_availability,
    measure_slas,
)
from outsourcing.sla.periods import local_midnight
from outsourcing.sla.records.downtime_log import DowntimeLog
from outsourcing.sla.records.ticket_log import TicketLog
from outsourcing.sla.results import (
    CreditLine,
    PeriodResult,
    PeriodStatus,
    ServiceReport,
    SLAAccount,
    TerminationRight,
)
from outsourcing.sla.termination import termination_rights
from outsourcing.sla.unknown_statuses import known_statuses, unknown_statuses

__all__ = ["DEFAULT_PERCENTILES", "assess_slas", "evaluate_slas"]

#: Percentiles of measured times reported by default.
DEFAULT_PERCENTILES: tuple[int, ...] = (50, 90)


def _percentiles(
    measurement: SLAMeasurement, percentiles: tuple[int, ...]
) -> list[tuple[tuple[int, int], ...]]:
    return measurement.percentile_values(percentiles)


def _explain(sla: SLA, status: PeriodStatus, measured: Decimal | None, total: int) -> str:
    if status is PeriodStatus.NOT_ASSESSED:
        if metric_definition(sla.metric).measure is Measure.COUNT:
            return "no maximum count set"
        return f"{total} event(s), below the minimum volume {max(sla.minimum_volume, 1)}"
    if metric_definition(sla.metric).measure is Measure.COUNT:
        return f"{measured} incident(s) against a maximum of {sla.maximum}: {status}"
    return f"{measured:.2f} % against an objective of {sla.objective}: {status}"


def _period_results(
    sla: SLA, measurement: SLAMeasurement, timezone: str, now: int, percentiles: tuple[int, ...]
) -> tuple[PeriodResult, ...]:
    ranks = _percentiles(measurement, percentiles)
    results = []
    for index, period in enumerate(measurement.periods):
        row = measurement.counts[index]
        good, bad = int(row[TicketState.GOOD]), int(row[TicketState.BAD])
        if metric_definition(sla.metric).measure is Measure.DOWNTIME:
            good = int(measurement.available[index])
            bad = int(measurement.unavailable[index])
        total = good + bad
        pending = int(row[TicketState.PENDING])
        excluded = int(row.sum()) - int(row[TicketState.GOOD] + row[TicketState.BAD])
        final = local_midnight(period.end, timezone) <= now
        critical = False
        credit = Percentage(0)
        measured: Decimal | None
        if metric_definition(sla.metric).measure is Measure.COUNT:
            target = Decimal(sla.maximum if sla.maximum is not None else 0)
            measured = Decimal(total)
            margin: Decimal | None = target - measured
            if sla.maximum is None:
                status, margin = PeriodStatus.NOT_ASSESSED, None
            else:
                status = PeriodStatus.MET if total <= sla.maximum else PeriodStatus.BREACHED
        else:
            target = sla.objective.value
            measured = Decimal(good) * 100 / total if total else None
            margin = None if measured is None else measured - target
            if total < max(sla.minimum_volume, 1):
                status = PeriodStatus.NOT_ASSESSED
            elif Decimal(good) * 100 >= target * total:
                status = PeriodStatus.MET
            else:
                status = PeriodStatus.BREACHED
            if status is not PeriodStatus.NOT_ASSESSED:
                threshold = sla.critical_threshold
                critical = threshold is not None and Decimal(good) * 100 < threshold.value * total
                if final and status is PeriodStatus.BREACHED:
                    credit = tier_credit(sla, good, total)
        mean = Decimal(int(measurement.seconds[index])) / total if total else None
        results.append(
            PeriodResult(
                sla_id=sla.id,
                metric=sla.metric,
                period=period,
                final=final,
                status=status,
                measured=measured,
                target=target,
                margin=margin,
                good=good,
                total=total,
                pending=pending,
                excluded=excluded,
                mean_seconds=mean if sla.target is not None else None,
                percentiles=ranks[index],
                critical=critical,
                credit=credit,
                explanation=_explain(sla, status, measured, total),
            )
        )
    return tuple(results)


def _account(sla_id: str, measurement: SLAMeasurement, rows_in: int, invalid: int) -> SLAAccount:
    totals = measurement.counts.sum(axis=0)
    evaluated = int(totals[TicketState.GOOD] + totals[TicketState.BAD])
    excluded = tuple(
        sorted(
            (STATE_NAMES[state], int(totals[state])) for state in STATE_NAMES if int(totals[state])
        )
    )
    return SLAAccount(sla_id, rows_in, evaluated, excluded, invalid)


def assess_slas(
    contract: Contract,
    measurements: ServiceMeasurements,
    *,
    charges: Money | Mapping[str, Money] | None = None,
    percentiles: tuple[int, ...] = DEFAULT_PERCENTILES,
    deliveries: Sequence[DeliveryRecord | Delivery] | None = None,
) -> ServiceReport:
    """Turn (merged) measurements into the report: results, credits, caps, termination rights.

    Args:
        contract: The contract measured.
        measurements: From `measure_slas`, possibly merged from chunks.
        charges: The monthly charge credits apply to (see `credits.charge_schedule`).
        percentiles: Percentiles of measured times to report (nearest rank).
        deliveries: What happened to the contract's dated deliverables and milestones (see
            `evaluate_slas`); None: late delivery is not assessed.
    """
    if measurements.contract_id != contract.id:
        raise InvalidValueError(
            "measurements.contract_id", measurements.contract_id, "other contract"
        )
    now = int(measurements.as_of.timestamp() // 1)
    charge = charge_schedule(contract, charges)
    results: list[PeriodResult] = []
    lines: list[CreditLine] = []
    rights: list[TerminationRight] = []
    accounts = []
    for sla, measurement in zip(contract.slas, measurements.slas, strict=True):
        sla_results = _period_results(sla, measurement, contract.zone, now, percentiles)
        results.extend(sla_results)
        lines.extend(credit_lines(contract, sla, sla_results, charge))
        rights.extend(termination_rights(sla, sla_results))
        accounts.append(
            _account(sla.id, measurement, measurements.rows_in, measurements.invalid_total)
        )
    return ServiceReport(
        contract_id=contract.id,
        as_of=measurements.as_of,
        timezone=contract.zone,
        results=tuple(results),
        credits=tuple(lines),
        monthly_credits=monthly_credits(contract, lines, charge),
        termination_rights=tuple(rights),
        accounts=tuple(accounts),
        invalid_rows=measurements.invalid,
        late_deliveries=_late_deliveries(contract, measurements.as_of, deliveries),
        unscoped_values=measurements.unscoped,
        unknown_statuses=unknown_statuses(measurements.statuses, known_statuses(contract)),
    )


def _late_deliveries(
    contract: Contract, as_of: dt.datetime, deliveries: Sequence[DeliveryRecord | Delivery] | None
) -> tuple[LateDelivery, ...]:
    if deliveries is None:
        return ()
    today = as_of.astimezone(zoneinfo.ZoneInfo(contract.zone)).date()
    return assess_contract_deliveries(contract, deliveries, as_of=today)


def evaluate_slas(
    contract: Contract,
    tickets: TicketLog | Iterable[TicketLog],
    *,
    as_of: dt.datetime,
    charges: Money | Mapping[str, Money] | None = None,
    percentiles: tuple[int, ...] = DEFAULT_PERCENTILES,
    downtime: DowntimeLog | None = None,
    deliveries: Sequence[DeliveryRecord | Delivery] | None = None,
) -> ServiceReport:
    """Evaluate every SLA of a contract on tickets, as of an instant.

    Args:
        contract: The contract (its SLAs, calendars, credit regime, time zone).
        tickets: A ticket log, or chunks of one (measured separately, then merged); no
            chunk at all is a log with no ticket.
        as_of: When the report is made (aware datetime); later events are ignored and
            tickets still open past their target count as breached.
        charges: The monthly charge credits apply to: one amount, amounts by month
            (``"2024-03"``), or None to derive it from fixed fees and rate cards.
        percentiles: Percentiles of measured times to report.
        downtime: Downtime intervals, for availability SLAs (measured once, not chunked).
        deliveries: Delivery dates and force majeure days of the contract's dated
            deliverables and milestones (`DeliveryRecord`, matched by name; extra `Delivery`
            items as they are): the report then includes their late-delivery penalties under
            `Contract.late_delivery`, as of the local date of ``as_of`` (an item without a
            record is still outstanding). None: late delivery is not assessed.

    Returns:
        The report: per SLA and period the measured value, target, status, margin, counts
        and credit; credit lines and monthly credits after caps; termination rights; where
        every row went; late-delivery penalties and the rights they open.

    Raises:
        MissingTimeZoneError: If the contract states no time zone (`Contract.zone`).
    """
    logs = [tickets] if isinstance(tickets, TicketLog) else list(tickets)
    if not logs and downtime is None:  # no chunk at all: no ticket (deliveries only)
        logs = [TicketLog.from_records([])]
    parts = [measure_slas(contract, log, as_of=as_of) for log in logs]
    if downtime is not None:
        parts.append(measure_availability(contract, downtime, as_of=as_of))
    measurements = ServiceMeasurements.combine(parts)
    return assess_slas(
        contract, measurements, charges=charges, percentiles=percentiles, deliveries=deliveries
    )
