"""Measuring SLAs on a ticket log: per-ticket clocks folded into mergeable per-period counts.

`measure_slas` judges every ticket against every SLA of a contract and keeps, per SLA and
period, only what is needed to finish the report later: counts per ticket state, the sum of the
measured times, and how many tickets took each measured time (per period, a `Histogram` of
measured seconds -> count, from which exact nearest-rank percentiles are read). These partial
results (`ServiceMeasurements`) merge by adding counts, so measuring chunks of a log separately
and merging, in any order and grouping, gives exactly what measuring the whole log gives: this
is what lets the evaluation scale out. A partial's size grows with the distinct measured times
(at most one per second of the longest time, per period), not with the tickets.

Ticket states, for each SLA (every valid row is in exactly one):

- ``good`` / ``bad``: evaluated, within or past the target (an open ticket already past its
  target at ``as_of`` is ``bad``);
- excluded, with a reason: still open and within target at ``as_of`` (pending), out of the
  SLA's scope, opened outside the reporting periods (before the term, after ``as_of``), no
  measurement (no survey answer, no due date, ...), an exclusion reason the SLA accepts, or
  cancelled (a cancelled ticket or clock cycle is excluded from every SLA).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from outsourcing.exceptions import InvalidValueError
from outsourcing.model.calendar import BusinessCalendar
from outsourcing.model.contract import Contract
from outsourcing.model.metric import Measure, Metric, metric_definition
from outsourcing.model.sla import SLA, ExclusionReason
from outsourcing.percentiles import nearest_ranks
from outsourcing.sla.availability import availability_seconds
from outsourcing.sla.business_time import compile_calendar
from outsourcing.sla.histogram import Histogram
from outsourcing.sla.periods import (
    Period,
    assign_periods,
    local_midnight,
    period_bounds,
    periods_between,
)
from outsourcing.sla.records.downtime_log import DowntimeLog
from outsourcing.sla.records.rows import EXCLUSION_REASONS, InvalidReason, InvalidRow
from outsourcing.sla.records.ticket_log import TicketLog
from outsourcing.sla.records.timestamps import MISSING
from outsourcing.sla.unknown_statuses import merge_status_counts
from outsourcing.sla.unscoped import UnscopedValue, merge_unscoped, unscoped_values

__all__ = [
    "STATES",
    "STATE_NAMES",
    "SLAMeasurement",
    "ServiceMeasurements",
    "TicketState",
    "clock_seconds",
    "measure_availability",
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


@attrs.frozen(eq=False, init=False)
class SLAMeasurement:
    """Partial, mergeable measurement of one SLA over its reporting periods.

    Built from one measured value per evaluated ticket (or values with their counts):
    ``SLAMeasurement(sla_id, periods, counts, seconds, values, value_periods, available,
    unavailable, value_counts=None)``; the values are kept as one `Histogram` per period.

    Attributes:
        sla_id: The SLA.
        periods: Its reporting periods.
        counts: Tickets per period and state, shape ``(len(periods) + 1, states)``; the last
            row holds tickets outside every period.
        seconds: Sum of measured seconds of evaluated tickets, per period.
        available: Available clock seconds per period (availability SLAs, from downtime).
        unavailable: Unavailable clock seconds per period (availability SLAs).
        histograms: Per period, how many evaluated tickets took each measured time (timed
            metrics), dense or sparse, whichever is smaller.
    """

    sla_id: str
    periods: tuple[Period, ...]
    counts: NDArray[np.int64]
    seconds: NDArray[np.int64]
    available: NDArray[np.int64]
    unavailable: NDArray[np.int64]
    histograms: tuple[Histogram, ...]

    def __init__(  # noqa: PLR0917 - built positionally, as before its histograms
        self,
        sla_id: str,
        periods: tuple[Period, ...],
        counts: NDArray[np.int64],
        seconds: NDArray[np.int64],
        values: NDArray[np.int64],
        value_periods: NDArray[np.int64],
        available: NDArray[np.int64],
        unavailable: NDArray[np.int64],
        value_counts: NDArray[np.int64] | None = None,
    ) -> None:
        histograms = _histograms(len(periods), value_periods, values, value_counts)
        self.__attrs_init__(sla_id, periods, counts, seconds, available, unavailable, histograms)

    @classmethod
    def combine(cls, parts: Sequence[SLAMeasurement]) -> SLAMeasurement:
        """The measurement of all inputs together (same SLA and periods); counts add up."""
        first = parts[0]
        for other in parts[1:]:
            if other.sla_id != first.sla_id or other.periods != first.periods:
                raise InvalidValueError("SLAMeasurement", other.sla_id, "merging different SLAs")
        merged = cls.__new__(cls)
        merged.__attrs_init__(
            first.sla_id,
            first.periods,
            sum((p.counts for p in parts[1:]), first.counts),
            sum((p.seconds for p in parts[1:]), first.seconds),
            sum((p.available for p in parts[1:]), first.available),
            sum((p.unavailable for p in parts[1:]), first.unavailable),
            tuple(map(Histogram.combine, zip(*(p.histograms for p in parts), strict=True))),
        )
        return merged

    def merge(self, other: SLAMeasurement) -> SLAMeasurement:
        """The measurement of both inputs together (same SLA and periods); counts add up."""
        return SLAMeasurement.combine((self, other))

    @property
    def values(self) -> NDArray[np.int64]:
        """Distinct measured seconds of evaluated tickets, sorted by period, then by value."""
        return self._flat()[1]

    @property
    def value_periods(self) -> NDArray[np.int64]:
        """Period index of each of `values`."""
        return self._flat()[0]

    @property
    def value_counts(self) -> NDArray[np.int64]:
        """Evaluated tickets with each of `values` (in its period)."""
        return self._flat()[2]

    def _flat(self) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        pairs = [h.sparse() for h in self.histograms]
        periods = np.repeat(np.arange(len(pairs), dtype=np.int64), [k.shape[0] for k, _ in pairs])
        empty = np.zeros(0, dtype=np.int64)
        values = np.concatenate([empty, *(k for k, _ in pairs)])
        return periods, values, np.concatenate([empty, *(c for _, c in pairs)])

    def percentile_values(self, percentiles: Sequence[int]) -> list[tuple[tuple[int, int], ...]]:
        """Per period, each nearest-rank percentile of the measured seconds: ``(p, seconds)``.

        The value at rank ``ceil(p × n / 100)`` of the period's ``n`` evaluated tickets, read
        from the running count of the histogram; a period without a value has none.
        """
        out: list[tuple[tuple[int, int], ...]] = []
        for histogram in self.histograms:
            total = histogram.total
            if not percentiles or total == 0:
                out.append(())
                continue
            values = histogram.at_ranks(nearest_ranks(total, percentiles))
            out.append(tuple(zip(percentiles, values, strict=True)))
        return out

    @property
    def nbytes(self) -> int:
        """Bytes held by the measurement's arrays (the size of the partial)."""
        arrays = (self.counts, self.seconds, self.available, self.unavailable)
        return sum(a.nbytes for a in arrays) + sum(h.nbytes for h in self.histograms)


def _histograms(
    periods: int,
    value_periods: NDArray[np.int64],
    values: NDArray[np.int64],
    counts: NDArray[np.int64] | None,
) -> tuple[Histogram, ...]:
    """One histogram per period of the values (each counted once, or ``counts`` times)."""
    value_periods = np.asarray(value_periods, dtype=np.int64)
    values = np.asarray(values, dtype=np.int64)
    weights = np.ones(values.shape[0], dtype=np.int64) if counts is None else counts
    order = np.lexsort((values, value_periods))
    ordered = value_periods[order]
    bounds = np.searchsorted(ordered, np.arange(periods + 1)).tolist()
    sorted_values, sorted_weights = values[order], np.asarray(weights, dtype=np.int64)[order]
    return tuple(
        Histogram.sorted_of(sorted_values[start:end], sorted_weights[start:end])
        for start, end in itertools.pairwise(bounds)
    )


def _first_of_each(rows: Sequence[InvalidRow], limit: int | None) -> tuple[InvalidRow, ...]:
    """The rows by row number, only the first ``limit`` of each reason (None: all)."""
    ordered = sorted(rows, key=lambda bad: bad.row)
    if limit is None:
        return tuple(ordered)
    kept: Counter[InvalidReason] = Counter()
    out = []
    for bad in ordered:
        if kept[bad.code] < limit:
            kept[bad.code] += 1
            out.append(bad)
    return tuple(out)


@attrs.frozen(eq=False)
class ServiceMeasurements:
    """Partial measurements of all SLAs of a contract on (a chunk of) a ticket log.

    Attributes:
        contract_id: The contract measured.
        as_of: The instant of the measurement.
        slas: One measurement per SLA, in contract order.
        rows_in: Rows in the input.
        invalid: Invalid input rows, by row (with ``invalid_limit``: the first rows of each
            reason only).
        unscoped: Priority and category values in no SLA's scope, with their rows.
        invalid_limit: Invalid rows kept per reason (None: all of them), so that a partial
            of a huge input stays small; the counts stay exact.
        invalid_counts: Invalid rows per reason, all of them counted (computed from
            ``invalid`` when not given).
        statuses: For logs replayed from events, the statuses their clock does not name,
            with their event counts, by status (`TicketLog.unnamed_statuses`, added up).
    """

    contract_id: str
    as_of: dt.datetime
    slas: tuple[SLAMeasurement, ...]
    rows_in: int
    invalid: tuple[InvalidRow, ...]
    unscoped: tuple[UnscopedValue, ...] = ()
    invalid_limit: int | None = None
    invalid_counts: Mapping[InvalidReason, int] = attrs.field(default=None)
    statuses: tuple[tuple[str, int], ...] = ()

    def __attrs_post_init__(self) -> None:
        counts: Any = self.invalid_counts  # None when built from the rows themselves
        if counts is None:
            counts = Counter(bad.code for bad in self.invalid)
        object.__setattr__(self, "invalid_counts", dict(sorted(counts.items())))
        object.__setattr__(self, "invalid", _first_of_each(self.invalid, self.invalid_limit))

    @property
    def invalid_total(self) -> int:
        """Invalid input rows, all of them (``invalid`` may hold only the first of each)."""
        return sum(self.invalid_counts.values())

    def limited(self, invalid_limit: int | None) -> ServiceMeasurements:
        """The same measurements keeping only the first ``invalid_limit`` rows of each reason."""
        return attrs.evolve(self, invalid_limit=invalid_limit, invalid_counts=self.invalid_counts)

    def merge(self, other: ServiceMeasurements) -> ServiceMeasurements:
        """The measurements of both chunks together; order and grouping do not matter."""
        return ServiceMeasurements.combine((self, other))

    @classmethod
    def combine(cls, parts: Iterable[ServiceMeasurements]) -> ServiceMeasurements:
        """Merge any number of partial measurements (at least one), all at once."""
        given = list(parts)
        if not given:
            raise InvalidValueError("parts", [], "needs at least one measurement")
        first = given[0]
        for other in given[1:]:
            if other.contract_id != first.contract_id or other.as_of != first.as_of:
                raise InvalidValueError(
                    "ServiceMeasurements",
                    (other.contract_id, other.as_of),
                    "different contract/as_of",
                )
        limits = [p.invalid_limit for p in given if p.invalid_limit is not None]
        counts: Counter[InvalidReason] = Counter()
        for part in given:
            counts.update(part.invalid_counts)
        return ServiceMeasurements(
            first.contract_id,
            first.as_of,
            tuple(map(SLAMeasurement.combine, zip(*(p.slas for p in given), strict=True))),
            sum(p.rows_in for p in given),
            tuple(sorted((bad for p in given for bad in p.invalid), key=lambda r: r.row)),
            merge_unscoped([p.unscoped for p in given]),
            min(limits) if limits else None,
            counts,
            merge_status_counts(p.statuses for p in given),
        )


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
    local_today = as_of.astimezone(_zone(contract.zone)).date()
    last = local_today if contract.term.end is None else min(local_today, contract.term.end)
    first = contract.term.start
    periods = periods_between(sla.period, first, max(first, last))
    bounds = period_bounds(periods, contract.zone)
    upper = now + 1
    if contract.term.end is not None:
        upper = min(upper, local_midnight(contract.term.end.add(days=1), contract.zone))
    return periods, np.clip(bounds, local_midnight(first, contract.zone), upper)


def _zone(name: str) -> dt.tzinfo:
    import zoneinfo  # noqa: PLC0415 - keeps the module's import list about the domain

    return zoneinfo.ZoneInfo(name)


class _Shared:
    """Computations on a log shared by all SLAs of one measurement (periods, clock readings)."""

    def __init__(self, contract: Contract, log: TicketLog, now: int) -> None:
        self.contract = contract
        self.log = log
        self.now = now
        self.event_log = log.is_event_log
        self._periods: dict[tuple[str, bytes], NDArray[np.int64]] = {}
        self._totals: dict[tuple[str, bytes], NDArray[np.int64]] = {}
        self._readings: dict[tuple[str | None, str], NDArray[np.int64]] = {}
        self._ends: dict[str, NDArray[np.int64]] = {}

    def periods(self, anchor: str, bounds: NDArray[np.int64]) -> NDArray[np.int64]:
        """Period index of each ticket's ``anchor`` instant (-1 outside every period)."""
        key = (anchor, bounds.tobytes())
        if key not in self._periods:
            self._periods[key] = assign_periods(getattr(self.log, anchor), bounds)
        return self._periods[key]

    def totals(self, anchor: str, bounds: NDArray[np.int64]) -> NDArray[np.int64]:
        """Tickets per period (last: outside every period)."""
        key = (anchor, bounds.tobytes())
        if key not in self._totals:
            period = self.periods(anchor, bounds)
            last = bounds.shape[0] - 1
            self._totals[key] = np.bincount(np.where(period < 0, last, period), minlength=last + 1)
        return self._totals[key]

    def end_of(self, column: str) -> NDArray[np.int64]:
        """Where a clock stopped by ``column`` stands at ``as_of``: the instant, or ``as_of``."""
        if column not in self._ends:
            stop = getattr(self.log, column)
            stopped = (stop != MISSING) & (stop <= self.now)
            self._ends[column] = np.where(stopped, stop, np.maximum(self.now, self.log.opened))
        return self._ends[column]

    def reading(self, calendar: BusinessCalendar | None, column: str) -> NDArray[np.int64]:
        """Clock reading (cumulative clock seconds) at each ticket's ``column`` instant.

        ``opened`` is read as is; stop columns through `end_of`. Business time is the difference
        of two readings; instants outside the calendar's years are clamped here and refused by
        `check_range` when they matter.
        """
        key = (None if calendar is None else calendar.id, column)
        if key not in self._readings:
            instants = self.log.opened if column == "opened" else self.end_of(column)
            if calendar is None or calendar.is_always_open:
                self._readings[key] = instants
            else:
                table = compile_calendar(calendar)
                clamped = np.clip(instants, table.start, table.end)
                self._readings[key] = table.elapsed_business(clamped)
        return self._readings[key]


def _check_range(
    calendar: BusinessCalendar | None,
    starts: NDArray[np.int64],
    ends: NDArray[np.int64],
    relevant: NDArray[np.bool_],
) -> None:
    """Raise `CalendarRangeError` if a relevant start or end lies outside the calendar's years."""
    if calendar is None or calendar.is_always_open:
        return
    table = compile_calendar(calendar)
    outside = relevant & ((starts < table.start) | (ends > table.end) | (ends < table.start))
    if outside.any():
        table.business_seconds(starts[outside], ends[outside])


def _lookup(labels: Sequence[str], wanted: frozenset[str]) -> NDArray[np.bool_]:
    """Per code, whether its label is wanted (everything when ``wanted`` is empty); code -1 last."""
    table = [not wanted or label in wanted for label in labels]
    return np.array([*table, not wanted], dtype=bool)


class _Rows:
    """The columns of the tickets in an SLA's scope (all tickets when ``index`` is None)."""

    def __init__(self, shared: _Shared, index: NDArray[np.int64] | None) -> None:
        self.shared = shared
        self.index = index
        self.n = len(shared.log) if index is None else int(index.shape[0])

    def take(self, values: NDArray[Any]) -> NDArray[Any]:
        """The rows in scope of a full column."""
        return values if self.index is None else values[self.index]

    def column(self, name: str) -> NDArray[Any]:
        """A log column, rows in scope."""
        return self.take(getattr(self.shared.log, name))


def _timed(
    sla: SLA, metric: Metric, rows: _Rows, relevant: NDArray[np.bool_]
) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.bool_]]:
    """Measured seconds, whether the clock has stopped, and whether a value exists.

    The clock is, in order of preference: the seconds the log already records for the metric
    (``metric.recorded``, when the log was not replayed from events); the replayed clock of an
    event log; the time from ``metric.start`` to ``metric.stop``.
    """
    shared = rows.shared
    calendar = shared.contract.calendar(sla.calendar)
    now = shared.now
    everything = np.ones(rows.n, dtype=bool)
    if metric.recorded is not None and not shared.event_log:
        work = rows.column(metric.recorded)
        return work, everything, work != MISSING
    if shared.event_log:
        since = rows.column("running_since")
        running = (since != MISSING) & (since <= now)
        starts = np.where(running & relevant, since, now)
        ends = np.full(rows.n, now)
        _check_range(calendar, starts, ends, relevant)
        elapsed = rows.column("clock_elapsed") + clock_seconds(calendar, starts, ends)
        resolved = rows.column("resolved")
        return elapsed, (resolved != MISSING) & (resolved <= now), everything
    stop, start = metric.stop, metric.start or "opened"
    if stop is None:
        raise InvalidValueError(
            f"SLA {sla.id!r}.metric", str(sla.metric), "needs a log replayed from status events"
        )
    began = rows.column(start)
    end = rows.take(shared.end_of(stop))
    _check_range(calendar, began, end, relevant)
    elapsed = rows.take(shared.reading(calendar, stop)) - rows.take(shared.reading(calendar, start))
    stop_instants = rows.column(stop)
    stopped = (stop_instants != MISSING) & (stop_instants <= now)
    return elapsed, stopped, everything


def clock_seconds(
    calendar: BusinessCalendar | None, starts: NDArray[np.int64], ends: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Seconds a clock runs from each start to each end: 24×7, or in the calendar's hours."""
    if calendar is None or calendar.is_always_open:
        return ends - starts
    return compile_calendar(calendar).business_seconds(starts, ends)


def _outcomes(
    sla: SLA, rows: _Rows, relevant: NDArray[np.bool_]
) -> tuple[NDArray[np.bool_], NDArray[np.bool_], NDArray[np.bool_], NDArray[np.int64] | None]:
    """Per ticket in scope: has a measurement, good, bad; measured seconds (timed metrics).

    A ticket with a measurement that is neither good nor bad is pending (open, within target).
    """
    metric, now, n = metric_definition(sla.metric), rows.shared.now, rows.n
    nothing = np.zeros(n, dtype=bool)
    match metric.measure:
        case Measure.ELAPSED:
            if sla.target is None:  # pragma: no cover - SLA refuses a timed metric without one
                return nothing, nothing, nothing, None
            target = int(sla.target.total_seconds())
            measured, stopped, present = _timed(sla, metric, rows, relevant)
            within = measured <= target
            return present, present & stopped & within, present & ~within, measured
        case Measure.DEADLINE:
            due, done = rows.column("due"), rows.column(metric.stop or "resolved")
            present = due != MISSING
            delivered = (done != MISSING) & (done <= now)
            good = delivered & (done <= due)
            bad = (delivered & (done > due)) | (~delivered & (now > due))
            return present, good, bad, None
        case Measure.FLAG:
            flags = rows.column(metric.flag or "error")
            good = flags == metric.good_flag
            return flags >= 0, good, ~good, None
        case Measure.COUNT:
            return ~nothing, nothing, ~nothing, None
        case Measure.DOWNTIME:
            return nothing, nothing, nothing, None  # measured on downtime intervals


def _states(
    sla: SLA, rows: _Rows, period: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64] | None]:
    """State code per ticket in scope, and measured seconds (timed metrics)."""
    present, good, bad, measured = _outcomes(sla, rows, period >= 0)
    accepted = np.array(
        [
            reason in sla.exclusions or reason is ExclusionReason.CANCELLED
            for reason in EXCLUSION_REASONS
        ]
        + [False],
        dtype=bool,
    )
    exclusion = rows.column("exclusion")
    state = np.where(bad, TicketState.BAD, TicketState.GOOD)
    state[~good & ~bad] = TicketState.PENDING
    state[accepted[exclusion]] = (TicketState.EXCLUDED + exclusion)[accepted[exclusion]]
    state[period < 0] = TicketState.OUTSIDE
    state[~present] = TicketState.NO_DATA
    return state, measured


def measure_sla(
    contract: Contract,
    sla: SLA,
    log: TicketLog,
    as_of: dt.datetime,
    shared: _Shared | None = None,
) -> SLAMeasurement:
    """Measure one SLA on a log (see the module docstring for the ticket states)."""
    shared = shared or _Shared(contract, log, _epoch(as_of))
    periods, bounds = reporting_periods(contract, sla, as_of)
    anchor = metric_definition(sla.metric).anchor
    size = len(periods) + 1
    in_scope = None
    if sla.scope.priorities or sla.scope.categories:
        in_scope = _lookup(log.priorities, sla.scope.priorities)[log.priority]
        in_scope &= _lookup(log.categories, sla.scope.categories)[log.category]
    rows = _Rows(shared, None if in_scope is None else np.flatnonzero(in_scope))
    period = rows.take(shared.periods(anchor, bounds))
    state, measured = _states(sla, rows, period)
    row = np.where(period < 0, len(periods), period)
    counts = np.bincount(row * STATES + state, minlength=size * STATES)
    counts = counts.reshape(size, STATES).astype(np.int64)
    if in_scope is not None:
        counts[:, TicketState.OUT_OF_SCOPE] += shared.totals(anchor, bounds) - counts.sum(axis=1)
    evaluated = state <= TicketState.BAD
    if measured is None:
        values = np.zeros(0, dtype=np.int64)
        value_periods = values
        seconds = np.zeros(len(periods), dtype=np.int64)
    else:
        values = measured[evaluated]
        value_periods = period[evaluated]
        seconds = np.bincount(value_periods, weights=values, minlength=len(periods))
        seconds = seconds.astype(np.int64)
    nothing = np.zeros(len(periods), dtype=np.int64)
    return SLAMeasurement(sla.id, periods, counts, seconds, values, value_periods, nothing, nothing)


def measure_availability(
    contract: Contract, downtime: DowntimeLog, *, as_of: dt.datetime
) -> ServiceMeasurements:
    """Measure the availability SLAs of ``contract`` on downtime intervals (no tickets).

    Merge the result with the ticket measurements (once: downtime is not split into chunks).
    """
    _epoch(as_of)
    slas = []
    for sla in contract.slas:
        periods, bounds = reporting_periods(contract, sla, as_of)
        size = len(periods)
        available = unavailable = np.zeros(size, dtype=np.int64)
        if metric_definition(sla.metric).measure is Measure.DOWNTIME:
            available, unavailable = availability_seconds(contract, sla, downtime, bounds, as_of)
        empty = np.zeros(0, dtype=np.int64)
        counts = np.zeros((size + 1, STATES), dtype=np.int64)
        zeros = np.zeros(size, dtype=np.int64)
        slas.append(
            SLAMeasurement(sla.id, periods, counts, zeros, empty, empty, available, unavailable)
        )
    return ServiceMeasurements(contract.id, as_of, tuple(slas), 0, ())


def measure_slas(contract: Contract, log: TicketLog, *, as_of: dt.datetime) -> ServiceMeasurements:
    """Measure every SLA of ``contract`` on ``log``; merge chunks with `ServiceMeasurements.merge`.

    Args:
        contract: The contract whose SLAs are measured.
        log: The tickets (or a chunk of them).
        as_of: The instant of the report; later events are ignored (a ticket resolved after
            ``as_of`` is open at ``as_of``).
    """
    shared = _Shared(contract, log, _epoch(as_of))
    return ServiceMeasurements(
        contract.id,
        as_of,
        tuple(measure_sla(contract, sla, log, as_of, shared) for sla in contract.slas),
        log.rows_in,
        log.invalid,
        unscoped_values(contract.slas, log),
        statuses=merge_status_counts([log.unnamed_statuses]),
    )
