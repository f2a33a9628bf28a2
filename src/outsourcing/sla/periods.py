"""Measurement periods: calendar days, weeks, months, quarters, years in the contract's zone.

"1 month" is a calendar month (OpenSLO, Google SRE), not 30 days. A period runs from local
midnight of its first day to local midnight of the first day of the next period, in the
contract's IANA time zone, so DST changes make some periods an hour shorter or longer.

**Assignment rule.** A ticket belongs to the period that contains the instant its clock started
(``opened``, or the start of the clock cycle for replayed events), read in the contract's time
zone. A deliverable belongs to the period containing its due instant. A ticket opened on
31 January at 23:30 in Paris is a January ticket even though it is already 1 February in UTC
+ 1 h later, and even if it is resolved in February.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

import attrs
import numpy as np
import pendulum
from numpy.typing import NDArray

from outsourcing.exceptions import UnknownResultError
from outsourcing.model.sla import MeasurementPeriod

__all__ = ["Period", "assign_periods", "period_bounds", "period_containing", "periods_between"]


@attrs.frozen(order=True)
class Period:
    """One measurement period, as local calendar dates (end exclusive).

    Attributes:
        start: First day of the period.
        end: First day of the next period.
        kind: Day, week, month, quarter or year.
        label: ``2024-03`` (month), ``2024-Q1`` (quarter), ``2024-W09`` (ISO week),
            ``2024-03-05`` (day), ``2024`` (year).
    """

    start: pendulum.Date
    end: pendulum.Date
    kind: MeasurementPeriod = attrs.field(order=False)
    label: str = attrs.field(order=False)

    def __str__(self) -> str:
        return self.label


def period_containing(kind: MeasurementPeriod, day: dt.date) -> Period:
    """The period of ``kind`` that contains the local date ``day``."""
    date = pendulum.Date(day.year, day.month, day.day)
    if kind is MeasurementPeriod.WEEK:
        start = date.subtract(days=date.weekday())
        year, week, _ = start.isocalendar()
        return Period(start, start.add(days=7), kind, f"{year}-W{week:02d}")
    if kind is MeasurementPeriod.DAY:
        return Period(date, date.add(days=1), kind, date.isoformat())
    if kind is MeasurementPeriod.YEAR:
        start = pendulum.Date(date.year, 1, 1)
        return Period(start, start.add(years=1), kind, f"{date.year}")
    if kind is MeasurementPeriod.QUARTER:
        quarter = (date.month - 1) // 3
        start = pendulum.Date(date.year, 3 * quarter + 1, 1)
        return Period(start, start.add(months=3), kind, f"{date.year}-Q{quarter + 1}")
    start = pendulum.Date(date.year, date.month, 1)
    return Period(start, start.add(months=1), kind, f"{date.year}-{date.month:02d}")


def periods_between(kind: MeasurementPeriod, first: dt.date, last: dt.date) -> tuple[Period, ...]:
    """The consecutive periods of ``kind`` from the one containing ``first`` to ``last``'s."""
    periods = [period_containing(kind, first)]
    while periods[-1].end <= last:
        periods.append(period_containing(kind, periods[-1].end))
    return tuple(periods)


def local_midnight(day: dt.date, timezone: str) -> int:
    """Epoch seconds of local midnight starting ``day`` in ``timezone``."""
    zone = zoneinfo.ZoneInfo(timezone)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=zone).timestamp())


def period_bounds(periods: tuple[Period, ...], timezone: str) -> NDArray[np.int64]:
    """Epoch seconds of each period's start, then the last period's end (length P + 1)."""
    days = [p.start for p in periods] + ([periods[-1].end] if periods else [])
    return np.array([local_midnight(d, timezone) for d in days], dtype=np.int64)


def assign_periods(instants: NDArray[np.int64], bounds: NDArray[np.int64]) -> NDArray[np.int64]:
    """Index of the period containing each instant; -1 outside every period (or missing)."""
    index = np.searchsorted(bounds, instants, side="right") - 1
    outside = (index < 0) | (index >= bounds.shape[0] - 1)
    return np.where(outside, -1, index)


class _PeriodResult(Protocol):
    @property
    def period(self) -> Period: ...


_Result = TypeVar("_Result", bound=_PeriodResult)


def period_result(
    results: Sequence[_Result], kind: str, asked: str, label: str, key: Callable[[_Result], str]
) -> _Result:
    """The result of ``asked`` (an SLA or KPI id, read by ``key``) in the period ``label``.

    Raises:
        UnknownResultError: If no result has that id, or none has that period for it; the
            message lists the ids (or the id's periods) there are.
    """
    for result in results:
        if key(result) == asked and result.period.label == label:
            return result
    ids = list(dict.fromkeys(key(r) for r in results))
    if asked not in ids:
        raise UnknownResultError(kind, asked, ids)
    periods = [r.period.label for r in results if key(r) == asked]
    raise UnknownResultError("period", label, periods, owner=f"{kind} {asked!r}")
