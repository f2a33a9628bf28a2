"""Availability from downtime intervals, maintenance windows and other exclusions taken out.

For an availability SLA and each period, in the SLA's clock (24×7, or its calendar's business
hours):

- **scheduled** time is the period's clock time (from the term's start, up to ``as_of``) minus
  the time covered by downtimes whose exclusion reason the SLA accepts (planned maintenance,
  customer-caused, force majeure);
- **unavailable** time is the time covered by the other downtimes, minus excluded time;
- availability = (scheduled − unavailable) / scheduled.

Overlapping downtimes are counted once (their union). The result is stored in the SLA's
`SLAMeasurement` as ``available`` / ``unavailable`` seconds per period; `evaluate_slas` turns
them into attainment, tiers and credits like any other percentage.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from numpy.typing import NDArray

from outsourcing.model.contract import Contract
from outsourcing.model.sla import SLA
from outsourcing.sla.business_time import compile_calendar
from outsourcing.sla.periods import assign_periods
from outsourcing.sla.records.downtime_log import DowntimeLog
from outsourcing.sla.records.rows import EXCLUSION_REASONS
from outsourcing.sla.records.timestamps import MISSING

__all__ = ["DowntimeLog", "availability_seconds"]


def _cover(
    starts: NDArray[np.int64], ends: NDArray[np.int64], points: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """Whether each elementary segment starting at ``points`` lies inside some interval."""
    opened = np.searchsorted(np.sort(starts), points, side="right")
    closed = np.searchsorted(np.sort(ends), points, side="right")
    covered: NDArray[np.bool_] = opened > closed
    return covered


def availability_seconds(
    contract: Contract,
    sla: SLA,
    downtime: DowntimeLog,
    bounds: NDArray[np.int64],
    as_of: dt.datetime,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Available and unavailable clock seconds of an availability SLA, per period.

    Args:
        contract: The contract (for the SLA's calendar).
        sla: The availability SLA (its accepted exclusions and calendar).
        downtime: The downtime intervals.
        bounds: Period bounds in epoch seconds (length P + 1), clipped to the term and as_of.
        as_of: Downtime still open runs to this instant.
    """
    now = int(as_of.timestamp() // 1)
    periods = bounds.shape[0] - 1
    ends = np.minimum(np.where(downtime.end == MISSING, now, downtime.end), now)
    starts = np.minimum(downtime.start, ends)
    accepted = np.array([r in sla.exclusions for r in EXCLUSION_REASONS] + [False])
    excluded = accepted[downtime.exclusion]
    points = np.unique(np.concatenate((bounds, starts, ends)))
    points = points[(points >= bounds[0]) & (points <= bounds[-1])]
    segment_starts, segment_ends = points[:-1], points[1:]
    out_excluded = _cover(starts[excluded], ends[excluded], segment_starts)
    down = _cover(starts[~excluded], ends[~excluded], segment_starts) & ~out_excluded
    calendar = contract.calendar(sla.calendar)
    if calendar is None or calendar.is_always_open:
        lengths = segment_ends - segment_starts
    else:
        lengths = compile_calendar(calendar).business_seconds(segment_starts, segment_ends)
    period = assign_periods(segment_starts, bounds)
    inside = period >= 0
    unavailable = np.bincount(period[inside], weights=(lengths * down)[inside], minlength=periods)
    available = np.bincount(
        period[inside], weights=(lengths * (~down & ~out_excluded))[inside], minlength=periods
    )
    return available.astype(np.int64), unavailable.astype(np.int64)
