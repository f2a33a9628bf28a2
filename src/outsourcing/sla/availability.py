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
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from outsourcing.model.contract import Contract
from outsourcing.model.sla import SLA
from outsourcing.sla.business_time import compile_calendar
from outsourcing.sla.periods import assign_periods
from outsourcing.sla.records.columns import factorize
from outsourcing.sla.records.rows import EXCLUSION_REASONS, InvalidReason, InvalidRow
from outsourcing.sla.records.timestamps import (
    INSTANT_PROBLEMS,
    MISSING,
    InstantStatus,
    parse_instants,
)

__all__ = ["DowntimeLog", "availability_seconds"]


@attrs.frozen(eq=False)
class DowntimeLog:
    """Service downtime intervals, as epoch seconds, with an optional exclusion reason.

    Attributes:
        start: When each downtime started.
        end: When it ended (`MISSING`: still down; it then runs to ``as_of``).
        exclusion: Exclusion code into `EXCLUSION_REASONS` (-1: counts as downtime).
        rows_in: Rows read.
        invalid: Rows that could not be used, with reasons.
    """

    start: NDArray[np.int64]
    end: NDArray[np.int64]
    exclusion: NDArray[np.int64]
    rows_in: int
    invalid: tuple[InvalidRow, ...] = ()

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]]) -> DowntimeLog:
        """Build from mappings with ``start``, ``end`` (ISO 8601 with offset) and ``exclusion``.

        Rows with a naive, unparseable or missing start, an end before the start, or an unknown
        exclusion reason are invalid (kept in `invalid` with the reason).
        """
        rows = list(records)
        starts, start_status = parse_instants(
            np.array([r.get("start") for r in rows], dtype=object)
        )
        ends, end_status = parse_instants(np.array([r.get("end") for r in rows], dtype=object))
        reasons = np.array([r.get("exclusion") for r in rows], dtype=object)
        codes, labels = factorize(reasons)
        known = {reason.value: i for i, reason in enumerate(EXCLUSION_REASONS)}
        exclusion = np.array([known.get(label, -2) for label in labels] + [-1])[codes]
        invalid = []
        keep = []
        for index in range(len(rows)):
            problem = _problem(
                int(start_status[index]), int(end_status[index]), int(exclusion[index])
            )
            if problem is None and ends[index] != MISSING and ends[index] < starts[index]:
                problem = ("end", "downtime ends before it starts", InvalidReason.END_BEFORE_START)
            if problem is None:
                keep.append(index)
            else:
                field, reason, code = problem
                value = str(rows[index].get(field, ""))
                values = _EXCLUSION_VALUES if code is InvalidReason.UNKNOWN_EXCLUSION else ()
                invalid.append(InvalidRow(index, reason, field, value, code, values))
        chosen = np.array(keep, dtype=np.int64)
        return cls(starts[chosen], ends[chosen], exclusion[chosen], len(rows), tuple(invalid))


#: Why an instant is unusable, by `InstantStatus` (a start must be there, an end may not).
_INSTANT_CODES = {state: code for state, (_, code) in INSTANT_PROBLEMS.items()}
_EXCLUSION_VALUES = tuple(reason.value for reason in EXCLUSION_REASONS)


def _problem(start: int, end: int, exclusion: int) -> tuple[str, str, InvalidReason] | None:
    if start != InstantStatus.OK:
        state = InstantStatus(start)
        return "start", f"start: {INSTANT_PROBLEMS[state][0]}", _INSTANT_CODES[state]
    if end not in {InstantStatus.OK, InstantStatus.MISSING}:
        state = InstantStatus(end)
        return "end", f"end: {INSTANT_PROBLEMS[state][0]}", _INSTANT_CODES[state]
    if exclusion == -2:
        return "exclusion", "unknown exclusion reason", InvalidReason.UNKNOWN_EXCLUSION
    return None


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
