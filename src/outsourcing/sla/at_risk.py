"""Breach forecasts for open tickets, and the error budget of each SLA and period.

`at_risk` answers "which open tickets will breach, and when?" as of an instant: for every
ticket still open at ``as_of`` and every timed SLA it falls under, the clock time it has run,
the time left before its target, the **deadline** (the last instant at which closing it still
meets the target: closing later, at the next second the clock runs, misses it) and whether it
has already breached. Rules:

- the clock reads as in the evaluation: from ``opened`` to ``as_of`` in the SLA's calendar for
  milestone logs (first response and resolution), the replayed clock for event logs (closed
  stretches plus the one still running);
- a ticket counts when it is in the SLA's scope, opened inside the reporting periods (term
  start to ``as_of``), not excluded for a reason the SLA accepts, and not cancelled;
- a running clock's deadline is ``add_business(as_of, remaining)`` in the SLA's calendar; a
  clock already past its target has its deadline in the past (for event logs: when the target
  was reached in the stretch still running, else unknown, `MISSING`); a **paused** clock has no
  deadline (`MISSING`): its remaining time is what it will have when it resumes;
- rows are sorted by urgency: breached clocks whose deadline is unknown, then running clocks
  by deadline (breached ones first, their deadline being past), then paused clocks by
  remaining time.

The error budget follows OpenSLO: an SLA with objective 95 % allows 5 % of its tickets to miss.
Per SLA and period: the tickets counted so far (met, missed and still open), the misses this
allows, the misses so far, the budget left and the **burn rate**, the share of missed tickets
among those judged divided by the share allowed (1 spends the budget exactly over the period,
above 1 too fast).

Everything is columnar: one pass of array operations per SLA, with the calendar's compiled
table (`outsourcing.sla.business_time`).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
from numpy.typing import NDArray

from outsourcing.exceptions import InvalidValueError
from outsourcing.model.calendar import BusinessCalendar
from outsourcing.model.contract import Contract
from outsourcing.model.metric import Measure, metric_definition
from outsourcing.model.sla import SLA, ExclusionReason
from outsourcing.sla.business_time import BusinessTable, compile_calendar, from_epoch_seconds
from outsourcing.sla.measurement import TicketState, measure_slas, reporting_periods
from outsourcing.sla.records.rows import EXCLUSION_REASONS
from outsourcing.sla.records.ticket_log import TicketLog
from outsourcing.sla.records.timestamps import MISSING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AtRisk", "ErrorBudget", "at_risk", "error_budgets"]


@attrs.frozen
class ErrorBudget:
    """The error budget of one SLA in one period, as of an instant.

    Attributes:
        sla_id: The SLA.
        period: The period's label (``2025-03``).
        counted: Tickets of the period counted so far: met, missed, and open within target.
        allowed: Misses the objective allows among them: ``floor(counted × (100 − objective)
            / 100)``.
        missed: Misses so far (tickets past their target, open or closed).
        remaining: ``allowed − missed`` (negative: the budget is overspent).
        burn_rate: Share of misses among judged tickets divided by the share allowed (None
            when nothing is judged yet or no miss is allowed).
    """

    sla_id: str
    period: str
    counted: int
    allowed: int
    missed: int
    remaining: int
    burn_rate: Decimal | None


@attrs.frozen(eq=False)
class AtRisk:
    """Open tickets against their timed SLAs as of an instant, most urgent first.

    Columns are numpy arrays of equal length, one row per open ticket and SLA.

    Attributes:
        as_of: The instant of the view.
        timezone: The contract's time zone (instants are shown in it).
        sla_ids: The SLAs, in contract order (`sla` codes into it).
        sla: Code of the row's SLA.
        ticket: Ticket id.
        row: Row of the ticket in the log.
        opened: When the ticket (or its clock cycle) opened, epoch seconds.
        elapsed: Clock seconds run by ``as_of`` (business seconds in the SLA's calendar).
        remaining: Target minus elapsed (negative: breached).
        deadline: Last epoch second at which closing still meets the target (`MISSING`:
            paused, or breached before a pause).
        breached: Whether the target is already missed.
        paused: Whether the clock is paused (event logs).
        budgets: Error budgets per SLA and period.
    """

    as_of: dt.datetime
    timezone: str
    sla_ids: tuple[str, ...]
    sla: NDArray[np.int64]
    ticket: NDArray[Any]
    row: NDArray[np.int64]
    opened: NDArray[np.int64]
    elapsed: NDArray[np.int64]
    remaining: NDArray[np.int64]
    deadline: NDArray[np.int64]
    breached: NDArray[np.bool_]
    paused: NDArray[np.bool_]
    budgets: tuple[ErrorBudget, ...] = ()

    def __len__(self) -> int:
        return int(self.sla.shape[0])

    def _instant(self, seconds: int) -> str | None:
        return (
            None if seconds == MISSING else from_epoch_seconds(seconds, self.timezone).isoformat()
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per row (instants in ISO 8601 in the contract's zone)."""
        return [
            {
                "sla": self.sla_ids[code],
                "ticket": ticket.item() if isinstance(ticket, np.generic) else ticket,
                "row": row,
                "opened": self._instant(opened),
                "elapsed_seconds": elapsed,
                "remaining_seconds": remaining,
                "deadline": self._instant(deadline),
                "breached": breached,
                "paused": paused,
            }
            for code, ticket, row, opened, elapsed, remaining, deadline, breached, paused in zip(
                self.sla.tolist(),
                self.ticket.tolist(),
                self.row.tolist(),
                self.opened.tolist(),
                self.elapsed.tolist(),
                self.remaining.tolist(),
                self.deadline.tolist(),
                self.breached.tolist(),
                self.paused.tolist(),
                strict=True,
            )
        ]

    def to_json(self) -> str:
        """The view as JSON: ``as_of``, ``tickets`` (rows) and ``budgets``."""
        budgets = [
            attrs.asdict(b) | {"burn_rate": None if b.burn_rate is None else str(b.burn_rate)}
            for b in self.budgets
        ]
        document = {
            "as_of": self.as_of.isoformat(),
            "tickets": self.to_records(),
            "budgets": budgets,
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def to_pandas(self) -> pd.DataFrame:
        """One row per open ticket and SLA, instants as zone-aware timestamps (needs pandas)."""
        from outsourcing.costs.tables import require_pandas  # noqa: PLC0415 - optional

        require_pandas()
        import pandas as pd  # noqa: PLC0415 - pandas is an optional dependency

        def stamps(values: NDArray[np.int64]) -> pd.Series:
            known = pd.Series(values).where(values != MISSING)
            return pd.to_datetime(known, unit="s", utc=True).dt.tz_convert(self.timezone)

        labels = np.array([*self.sla_ids, ""], dtype=object)[self.sla]
        return pd.DataFrame(
            {
                "sla": labels,
                "ticket": self.ticket,
                "opened": stamps(self.opened),
                "elapsed_seconds": self.elapsed,
                "remaining_seconds": self.remaining,
                "deadline": stamps(self.deadline),
                "breached": self.breached,
                "paused": self.paused,
            }
        )

    def budgets_to_pandas(self) -> pd.DataFrame:
        """One row per SLA and period of the error budget (needs pandas)."""
        from outsourcing.costs.tables import require_pandas  # noqa: PLC0415 - optional

        require_pandas()
        import pandas as pd  # noqa: PLC0415 - pandas is an optional dependency

        rows = [
            attrs.asdict(b) | {"burn_rate": None if b.burn_rate is None else float(b.burn_rate)}
            for b in self.budgets
        ]
        return pd.DataFrame(rows, columns=[f.name for f in attrs.fields(ErrorBudget)])


def _epoch(as_of: object) -> int:
    if not isinstance(as_of, dt.datetime) or as_of.utcoffset() is None:
        raise InvalidValueError("as_of", as_of, "must be a time-zone-aware datetime")
    return int(as_of.timestamp() // 1)


def _wanted(labels: tuple[str, ...], wanted: frozenset[str]) -> NDArray[np.bool_]:
    """Per code (code -1 last), whether its label is wanted (any, when ``wanted`` is empty)."""
    table: NDArray[np.bool_] = np.array(
        [not wanted or label in wanted for label in labels] + [not wanted], dtype=bool
    )
    return table


def _candidates(
    contract: Contract, sla: SLA, as_of: dt.datetime, readings: _ClockReadings, stop: str
) -> NDArray[np.int64]:
    """Open tickets the SLA counts: in scope, opened in the reporting periods, not excluded."""
    log = readings.log
    rows = readings.open_rows(stop)
    _, bounds = reporting_periods(contract, sla, as_of)
    opened = log.opened[rows]
    keep: NDArray[np.bool_] = (opened >= bounds[0]) & (opened < bounds[-1])  # bounds[-1] <= now + 1
    if sla.scope.priorities:
        keep &= _wanted(log.priorities, sla.scope.priorities)[log.priority[rows]]
    if sla.scope.categories:
        keep &= _wanted(log.categories, sla.scope.categories)[log.category[rows]]
    if readings.any_exclusion:
        accepted = np.array(
            [r in sla.exclusions or r is ExclusionReason.CANCELLED for r in EXCLUSION_REASONS]
            + [False],
            dtype=bool,
        )
        keep &= ~accepted[log.exclusion[rows]]
    picked: NDArray[np.int64] = rows[keep]
    return picked


class _ClockReadings:
    """Readings of each calendar's clock (cumulative clock seconds) at instants, cached.

    Business time between two instants is the difference of their readings, and a deadline is
    the instant whose reading is a start's plus the target: one table lookup per instant and one
    binary search per deadline, the opening instants read once for all the SLAs of a calendar.
    """

    def __init__(self, log: TicketLog, now: int) -> None:
        self.log = log
        self.now = now
        self.event_log = log.is_event_log
        self.any_exclusion = bool(len(log)) and bool((log.exclusion >= 0).any())
        self._opened: dict[str | None, NDArray[np.int64]] = {}
        self._open: dict[str, NDArray[np.int64]] = {}

    def open_rows(self, stop: str) -> NDArray[np.int64]:
        """Rows of the tickets opened by now whose ``stop`` column has not stopped them by now."""
        if stop not in self._open:
            ends = getattr(self.log, stop)
            still_open = ((ends == MISSING) | (ends > self.now)) & (self.log.opened <= self.now)
            self._open[stop] = np.flatnonzero(still_open).astype(np.int64)
        return self._open[stop]

    @staticmethod
    def _table(calendar: BusinessCalendar | None) -> BusinessTable | None:
        if calendar is None or calendar.is_always_open:
            return None
        return compile_calendar(calendar)

    @staticmethod
    def _check(table: BusinessTable, instants: NDArray[np.int64]) -> None:
        """Raise `CalendarRangeError`, naming one, if an instant is outside the table."""
        if instants.size and (int(instants.min()) < table.start or int(instants.max()) > table.end):
            outside = (instants < table.start) | (instants > table.end)
            table.business_seconds(instants[outside], instants[outside])

    def at(
        self, calendar: BusinessCalendar | None, instants: NDArray[np.int64]
    ) -> NDArray[np.int64]:
        """Readings at some instants (`CalendarRangeError` outside the calendar's years)."""
        table = self._table(calendar)
        if table is None:
            return instants
        self._check(table, instants)
        return table.elapsed_business(instants)

    def opened(
        self, calendar: BusinessCalendar | None, rows: NDArray[np.int64]
    ) -> NDArray[np.int64]:
        """Readings at the opening instants of some rows of the log."""
        table = self._table(calendar)
        if table is None:
            return self.log.opened[rows]
        key = None if calendar is None else calendar.id
        if key not in self._opened:
            clamped = np.clip(self.log.opened, table.start, table.end)
            self._opened[key] = table.elapsed_business(clamped)
        self._check(table, self.log.opened[rows])
        return self._opened[key][rows]

    def instants(
        self,
        calendar: BusinessCalendar | None,
        readings: NDArray[np.int64],
        starts: NDArray[np.int64],
    ) -> NDArray[np.int64]:
        """The earliest instants, not before ``starts``, at which the clock reads ``readings``."""
        table = self._table(calendar)
        if table is None:
            return np.maximum(readings, starts)
        beyond = readings > table.total
        if beyond.any():  # raises, naming the first deadline past the calendar's years
            table.add_business(starts[beyond], readings[beyond] - self.at(calendar, starts[beyond]))
        piece = np.minimum(
            np.searchsorted(table.cumulative, readings, side="left"), table.closes.size - 1
        )
        found: NDArray[np.int64] = table.closes[piece] - (table.cumulative[piece] - readings)
        return np.maximum(found, starts)


@attrs.frozen(eq=False)
class _Forecast:
    """The open tickets of one SLA (unsorted): log rows and their clock figures."""

    rows: NDArray[np.int64]
    elapsed: NDArray[np.int64]
    remaining: NDArray[np.int64]
    deadline: NDArray[np.int64]
    paused: NDArray[np.bool_]


def _one_sla(
    contract: Contract,
    sla: SLA,
    log: TicketLog,
    as_of: dt.datetime,
    readings: _ClockReadings,
) -> _Forecast | None:
    """The open tickets of one timed SLA (None: not a timed SLA the log can measure)."""
    metric = metric_definition(sla.metric)
    if not metric.timed or sla.target is None:
        return None
    event_log = readings.event_log
    if not event_log and (metric.stop is None or metric.recorded is not None):
        return None  # no clock to read: replayed events needed, or recorded seconds only
    if event_log:
        stop, start = "resolved", "opened"
    else:
        stop, start = metric.stop or "resolved", metric.start or "opened"
    now = readings.now
    rows = _candidates(contract, sla, as_of, readings, stop)
    if start != "opened":  # a clock that starts on a later milestone runs once it is reached
        began = getattr(log, start)[rows]
        rows = rows[(began != MISSING) & (began <= now)]
    calendar = contract.calendar(sla.calendar)
    target = int(sla.target.total_seconds())
    reading_now = int(readings.at(calendar, np.array([now], dtype=np.int64))[0])
    if event_log:
        since = log.running_since[rows]
        running = (since != MISSING) & (since <= now)
        closed = log.clock_elapsed[rows]
        starts = np.where(running, since, now)
        start_readings = readings.at(calendar, starts)
        elapsed = closed + (reading_now - start_readings)
        remaining = target - elapsed
        # Running: the deadline is where the stretch still running reaches the target.
        reachable = running & (closed <= target)
        deadline = readings.instants(calendar, start_readings + (target - closed), starts)
        deadline = np.where(reachable, deadline, MISSING)
        paused = ~running
    else:
        began = getattr(log, start)[rows]
        start_readings = (
            readings.opened(calendar, rows) if start == "opened" else readings.at(calendar, began)
        )
        elapsed = reading_now - start_readings
        remaining = target - elapsed
        deadline = readings.instants(calendar, start_readings + target, began)
        paused = np.zeros(rows.shape[0], dtype=bool)
    return _Forecast(rows.astype(np.int64), elapsed, remaining, deadline, paused)


def _urgency(group: NDArray[np.int64], key: NDArray[np.int64]) -> NDArray[np.int64]:
    """Row order by group, then key, ties in input order (one stable sort of packed integers).

    Per SLA, rows come in log order; a log in time order gives deadlines in order, runs that
    the stable sort (timsort) merges in about linear time.
    """
    n = int(group.shape[0])
    low, high = (int(key.min()), int(key.max())) if n else (0, 0)
    if high - low < 1 << 40:
        order: NDArray[np.int64] = np.argsort((group << 40) | (key - low), kind="stable")
        return order
    return np.lexsort((key, group)).astype(np.int64)


def at_risk(
    contract: Contract, log: TicketLog, as_of: dt.datetime, *, budgets: bool = True
) -> AtRisk:
    """Every open ticket against every timed SLA it falls under, most urgent first.

    Args:
        contract: The contract (its SLAs, calendars, term and time zone).
        log: The tickets: a milestone log, or an event log replayed through the SLAs' clock.
        as_of: The instant of the view (zone-aware); later events have not happened.
        budgets: Whether to compute the error budgets too (`error_budgets`).

    Returns:
        The view: remaining time, deadline, breached and paused per open ticket and SLA, and
        the error budgets.

    Raises:
        InvalidValueError: If ``as_of`` is naive.
        CalendarRangeError: If a clock runs outside its calendar's years.
    """
    parts: list[tuple[int, _Forecast]] = []
    readings = _ClockReadings(log, _epoch(as_of))
    for code, one in enumerate(contract.slas):
        found = _one_sla(contract, one, log, as_of, readings)
        if found is not None:
            parts.append((code, found))
    rows = np.concatenate([np.zeros(0, np.int64), *(p.rows for _, p in parts)])
    elapsed = np.concatenate([np.zeros(0, np.int64), *(p.elapsed for _, p in parts)])
    remaining = np.concatenate([np.zeros(0, np.int64), *(p.remaining for _, p in parts)])
    deadline = np.concatenate([np.zeros(0, np.int64), *(p.deadline for _, p in parts)])
    paused = np.concatenate([np.zeros(0, bool), *(p.paused for _, p in parts)])
    codes = np.concatenate(
        [np.zeros(0, np.int64), *(np.full(p.rows.shape[0], c, np.int64) for c, p in parts)]
    )
    breached = remaining < 0
    # Breached with no known deadline first, then running clocks by deadline (breached ones
    # reach back in time), then paused clocks by time left.
    unknown = deadline == MISSING
    order = _urgency(
        np.where(breached & unknown, 0, np.where(paused, 2, 1)),
        np.where(unknown, remaining, deadline),
    )
    picked = rows[order]
    return AtRisk(
        as_of=as_of,
        timezone=contract.zone,
        sla_ids=tuple(s.id for s in contract.slas),
        sla=codes[order],
        ticket=log.ticket[picked],
        row=log.row[picked],
        opened=log.opened[picked],
        elapsed=elapsed[order],
        remaining=remaining[order],
        deadline=deadline[order],
        breached=breached[order],
        paused=paused[order],
        budgets=error_budgets(contract, log, as_of) if budgets else (),
    )


def _burn_rate(missed: int, judged: int, objective: Decimal) -> Decimal | None:
    allowed_share = (100 - objective) / 100
    if judged == 0 or allowed_share == 0:
        return None
    return (Decimal(missed) / judged / allowed_share).quantize(Decimal("0.01"))


def error_budgets(
    contract: Contract, log: TicketLog, as_of: dt.datetime
) -> tuple[ErrorBudget, ...]:
    """The error budget of every ticket-counting SLA, per reporting period up to ``as_of``.

    Counted tickets are those the evaluation judges (met or missed) plus those still open
    within target; availability and incident-count SLAs have no ticket budget and are left out,
    and so is a period beginning at ``as_of`` itself (a view at midnight).
    """
    now = _epoch(as_of)
    measured = measure_slas(contract, log, as_of=as_of)
    found: list[ErrorBudget] = []
    for sla, measurement in zip(contract.slas, measured.slas, strict=True):
        if metric_definition(sla.metric).measure in {Measure.DOWNTIME, Measure.COUNT}:
            continue
        objective = sla.objective.value
        _, bounds = reporting_periods(contract, sla, as_of)
        for index, period in enumerate(measurement.periods):
            counts = measurement.counts[index]
            good = int(counts[TicketState.GOOD])
            bad = int(counts[TicketState.BAD])
            counted = good + bad + int(counts[TicketState.PENDING])
            if counted == 0 and bounds[index] >= now:
                continue  # a period that begins at as_of (a report at midnight) has no budget yet
            allowed = int(
                (Decimal(counted) * (100 - objective) / 100).to_integral_value(ROUND_FLOOR)
            )
            found.append(
                ErrorBudget(
                    sla.id,
                    period.label,
                    counted,
                    allowed,
                    bad,
                    allowed - bad,
                    _burn_rate(bad, good + bad, objective),
                )
            )
    return tuple(found)
