"""Measuring SLAs on a ticket log: per-ticket clocks folded into mergeable per-period counts.

`measure_slas` judges every ticket against every SLA of a contract and keeps, per SLA and
period, only what is needed to finish the report later: counts per ticket state, the sum of the
measured times, and the measured times themselves (exact percentiles need the values). These
partial results (`ServiceMeasurements`) merge by addition and concatenation, so measuring
chunks of a log separately and merging gives exactly what measuring the whole log gives: this
is what lets the evaluation scale out.

Ticket states, for each SLA (every valid row is in exactly one):

- ``good`` / ``bad``: evaluated, within or past the target (an open ticket already past its
  target at ``as_of`` is ``bad``);
- excluded, with a reason: still open and within target at ``as_of`` (pending), out of the
  SLA's scope, opened outside the reporting periods (before the term, after ``as_of``), no
  measurement (no survey answer, no due date, ...), or an exclusion reason the SLA accepts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from outsourcing.business_time import compile_calendar
from outsourcing.exceptions import InvalidValueError
from outsourcing.model.calendar import BusinessCalendar
from outsourcing.model.contract import Contract
from outsourcing.model.sla import SLA, SLAMetric
from outsourcing.periods import (
    Period,
    assign_periods,
    local_midnight,
    period_bounds,
    periods_between,
)
from outsourcing.tickets import EXCLUSION_REASONS, MISSING, InvalidRow, TicketLog

__all__ = [
    "STATE_NAMES",
    "SLAMeasurement",
    "ServiceMeasurements",
    "TicketState",
    "measure_slas",
    "reporting_periods",
]


class TicketState:
    """Codes of the state of a ticket for one SLA (columns of `SLAMeasurement.counts`)."""

    GOOD = 0
    BAD = 1
    PENDING = 2
    OUTSIDE = 3
    OUT_OF_SCOPE = 4
    NO_DATA = 5
    EXCLUDED = 6  # + index into EXCLUSION_REASONS


STATES = TicketState.EXCLUDED + len(EXCLUSION_REASONS)

#: Exclusion reason of each non-evaluated state, as written in accounts.
STATE_NAMES: dict[int, str] = {
    TicketState.PENDING: "open within target at as_of",
    TicketState.OUTSIDE: "outside the reporting periods",
    TicketState.OUT_OF_SCOPE: "out of scope",
    TicketState.NO_DATA: "no measurement",
    **{TicketState.EXCLUDED + i: str(r) for i, r in enumerate(EXCLUSION_REASONS)},
}


@attrs.frozen(eq=False)
class SLAMeasurement:
    """Partial, mergeable measurement of one SLA over its reporting periods.

    Attributes:
        sla_id: The SLA.
        periods: Its reporting periods.
        counts: Tickets per period and state, shape ``(len(periods) + 1, states)``; the last
            row holds tickets outside every period.
        seconds: Sum of measured seconds of evaluated tickets, per period.
        values: Measured seconds of evaluated tickets (timed metrics), in no particular order.
        value_periods: Period index of each value.
    """

    sla_id: str
    periods: tuple[Period, ...]
    counts: NDArray[np.int64]
    seconds: NDArray[np.int64]
    values: NDArray[np.int64]
    value_periods: NDArray[np.int64]

    def merge(self, other: SLAMeasurement) -> SLAMeasurement:
        """The measurement of both inputs together (same SLA and periods)."""
        if other.sla_id != self.sla_id or other.periods != self.periods:
            raise InvalidValueError("SLAMeasurement", other.sla_id, "merging different SLAs")
        return SLAMeasurement(
            self.sla_id,
            self.periods,
            self.counts + other.counts,
            self.seconds + other.seconds,
            np.concatenate((self.values, other.values)),
            np.concatenate((self.value_periods, other.value_periods)),
        )


@attrs.frozen(eq=False)
class ServiceMeasurements:
    """Partial measurements of all SLAs of a contract on (a chunk of) a ticket log.

    Attributes:
        contract_id: The contract measured.
        as_of: The instant of the measurement.
        slas: One measurement per SLA, in contract order.
        rows_in: Rows in the input.
        invalid: Invalid input rows.
    """

    contract_id: str
    as_of: dt.datetime
    slas: tuple[SLAMeasurement, ...]
    rows_in: int
    invalid: tuple[InvalidRow, ...]

    def merge(self, other: ServiceMeasurements) -> ServiceMeasurements:
        """The measurements of both chunks together; order does not matter."""
        if other.contract_id != self.contract_id or other.as_of != self.as_of:
            raise InvalidValueError(
                "ServiceMeasurements", (other.contract_id, other.as_of), "different contract/as_of"
            )
        return ServiceMeasurements(
            self.contract_id,
            self.as_of,
            tuple(a.merge(b) for a, b in zip(self.slas, other.slas, strict=True)),
            self.rows_in + other.rows_in,
            tuple(sorted((*self.invalid, *other.invalid), key=lambda r: r.row)),
        )

    @classmethod
    def combine(cls, parts: Iterable[ServiceMeasurements]) -> ServiceMeasurements:
        """Merge any number of partial measurements (at least one)."""
        iterator = iter(parts)
        try:
            total = next(iterator)
        except StopIteration:
            raise InvalidValueError("parts", [], "needs at least one measurement") from None
        for part in iterator:
            total = total.merge(part)
        return total


def _epoch(as_of: object) -> int:
    if not isinstance(as_of, dt.datetime) or as_of.utcoffset() is None:
        raise InvalidValueError("as_of", as_of, "must be a time-zone-aware datetime")
    return int(as_of.timestamp() // 1)


def reporting_periods(
    contract: Contract, sla: SLA, as_of: dt.datetime
) -> tuple[tuple[Period, ...], NDArray[np.int64]]:
    """The SLA's periods from the term start to ``as_of``, and their bounds in epoch seconds.

    Bounds are clipped to the term (start, and end when set) and to ``as_of``, so a ticket
    opened before the term or after ``as_of`` falls outside every period.
    """
    now = _epoch(as_of)
    local_today = as_of.astimezone(_zone(contract.timezone)).date()
    last = local_today if contract.term.end is None else min(local_today, contract.term.end)
    first = contract.term.start
    periods = periods_between(sla.period, first, max(first, last))
    bounds = period_bounds(periods, contract.timezone)
    upper = now + 1
    if contract.term.end is not None:
        upper = min(upper, local_midnight(contract.term.end.add(days=1), contract.timezone))
    return periods, np.clip(bounds, local_midnight(first, contract.timezone), upper)


def _zone(name: str) -> dt.tzinfo:
    import zoneinfo  # noqa: PLC0415 - keeps the module's import list about the domain

    return zoneinfo.ZoneInfo(name)


def clock_seconds(
    calendar: BusinessCalendar | None,
    starts: NDArray[np.int64],
    ends: NDArray[np.int64],
    relevant: NDArray[np.bool_],
) -> NDArray[np.int64]:
    """Seconds the clock runs from ``starts`` to ``ends``: 24×7, or in business time.

    Only ``relevant`` rows (those in a reporting period) are computed; the others are 0, so a
    stray instant outside the calendar's years cannot stop the evaluation.

    Raises:
        CalendarRangeError: if a relevant instant lies outside the calendar's years.
    """
    if calendar is None or calendar.is_always_open:
        return np.where(relevant, ends - starts, 0)
    table = compile_calendar(calendar)
    first = np.where(relevant, starts, table.start)
    last = np.where(relevant, ends, table.start)
    return table.business_seconds(first, last)


def _lookup(labels: Sequence[str], wanted: frozenset[str]) -> NDArray[np.bool_]:
    """Per code, whether its label is wanted (everything when ``wanted`` is empty); code -1 last."""
    table = [not wanted or label in wanted for label in labels]
    return np.array([*table, not wanted], dtype=bool)


def _timed(
    contract: Contract, sla: SLA, log: TicketLog, now: int, relevant: NDArray[np.bool_]
) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.bool_]]:
    """Measured seconds, whether the clock has stopped, and whether a value exists."""
    calendar = contract.calendar(sla.calendar)
    n = len(log)
    if sla.metric is SLAMetric.AGENT_WORK and not log.is_event_log:
        present = log.work_seconds != MISSING
        return log.work_seconds, np.ones(n, dtype=bool), present
    if log.is_event_log:
        running = (log.running_since != MISSING) & (log.running_since <= now)
        since = np.where(running, log.running_since, now)
        elapsed = log.clock_elapsed + clock_seconds(calendar, since, np.full(n, now), relevant)
        stopped = (log.resolved != MISSING) & (log.resolved <= now)
        return elapsed, stopped, np.ones(n, dtype=bool)
    if sla.metric is SLAMetric.FIRST_RESPONSE:
        stop = log.first_response
    elif sla.metric is SLAMetric.RESOLUTION:
        stop = log.resolved
    else:
        raise InvalidValueError(
            f"SLA {sla.id!r}.metric", str(sla.metric), "needs a log replayed from status events"
        )
    stopped = (stop != MISSING) & (stop <= now)
    end = np.where(stopped, stop, np.maximum(now, log.opened))
    return clock_seconds(calendar, log.opened, end, relevant), stopped, np.ones(n, dtype=bool)


def _states(
    contract: Contract, sla: SLA, log: TicketLog, now: int, period: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64] | None]:
    """State code per ticket (outside-period rows included) and measured seconds (timed)."""
    n = len(log)
    metric = sla.metric
    measured: NDArray[np.int64] | None = None
    if sla.target is not None and metric in {
        SLAMetric.FIRST_RESPONSE,
        SLAMetric.NEXT_REPLY,
        SLAMetric.RESOLUTION,
        SLAMetric.AGENT_WORK,
        SLAMetric.REQUESTER_WAIT,
    }:
        target = int(sla.target.total_seconds())
        measured, stopped, present = _timed(contract, sla, log, now, period >= 0)
        within = measured <= target
        good = present & stopped & within
        bad = present & ~within
        pending = present & ~stopped & within
    elif metric is SLAMetric.ON_TIME_DELIVERY:
        present = log.due != MISSING
        delivered = (log.resolved != MISSING) & (log.resolved <= now)
        good = present & delivered & (log.resolved <= log.due)
        bad = present & ((delivered & (log.resolved > log.due)) | (~delivered & (now > log.due)))
        pending = present & ~delivered & (now <= log.due)
    elif metric in {SLAMetric.ACCURACY, SLAMetric.SATISFACTION}:
        flags = log.error if metric is SLAMetric.ACCURACY else log.satisfied
        present = flags >= 0
        good = flags == (0 if metric is SLAMetric.ACCURACY else 1)
        bad = present & ~good
        pending = np.zeros(n, dtype=bool)
    elif metric is SLAMetric.INCIDENT_COUNT:
        present = np.ones(n, dtype=bool)
        good = np.zeros(n, dtype=bool)
        bad = present
        pending = good
    else:  # availability: measured from downtime, not tickets
        present = np.zeros(n, dtype=bool)
        good = bad = pending = present
    in_scope = _lookup(log.priorities, sla.scope.priorities)[log.priority]
    in_scope &= _lookup(log.categories, sla.scope.categories)[log.category]
    accepted = np.array(
        [reason in sla.exclusions for reason in EXCLUSION_REASONS] + [False], dtype=bool
    )
    excluded = accepted[log.exclusion]
    state = np.select(
        [~present, period < 0, ~in_scope, excluded, good, bad, pending],
        [
            TicketState.NO_DATA,
            TicketState.OUTSIDE,
            TicketState.OUT_OF_SCOPE,
            TicketState.EXCLUDED + log.exclusion,
            TicketState.GOOD,
            TicketState.BAD,
            TicketState.PENDING,
        ],
        default=TicketState.NO_DATA,
    ).astype(np.int64)
    return state, measured


def measure_sla(contract: Contract, sla: SLA, log: TicketLog, as_of: dt.datetime) -> SLAMeasurement:
    """Measure one SLA on a log (see the module docstring for the ticket states)."""
    now = _epoch(as_of)
    periods, bounds = reporting_periods(contract, sla, as_of)
    anchor = log.due if sla.metric is SLAMetric.ON_TIME_DELIVERY else log.opened
    period = assign_periods(anchor, bounds)
    state, measured = _states(contract, sla, log, now, period)
    row = np.where(period < 0, len(periods), period)
    counts = np.bincount(row * STATES + state, minlength=(len(periods) + 1) * STATES)
    counts = counts.reshape(len(periods) + 1, STATES).astype(np.int64)
    evaluated = (state == TicketState.GOOD) | (state == TicketState.BAD)
    if measured is None:
        values = np.zeros(0, dtype=np.int64)
        value_periods = values
        seconds = np.zeros(len(periods), dtype=np.int64)
    else:
        values = measured[evaluated]
        value_periods = period[evaluated]
        seconds = np.bincount(value_periods, weights=values, minlength=len(periods))
        seconds = seconds.astype(np.int64)
    return SLAMeasurement(sla.id, periods, counts, seconds, values, value_periods)


def measure_slas(contract: Contract, log: TicketLog, *, as_of: dt.datetime) -> ServiceMeasurements:
    """Measure every SLA of ``contract`` on ``log``; merge chunks with `ServiceMeasurements.merge`.

    Args:
        contract: The contract whose SLAs are measured.
        log: The tickets (or a chunk of them).
        as_of: The instant of the report; later events are ignored (a ticket resolved after
            ``as_of`` is open at ``as_of``).
    """
    return ServiceMeasurements(
        contract.id,
        as_of,
        tuple(measure_sla(contract, sla, log, as_of) for sla in contract.slas),
        log.rows_in,
        log.invalid,
    )
