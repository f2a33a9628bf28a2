"""A downtime record: intervals a service was down, each with an optional exclusion reason.

Every row is accounted for: a valid interval in the log, or an `InvalidRow` with its reason
(missing or unparseable instants, an end before its start, an unknown exclusion).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from outsourcing.sla.records.columns import factorize
from outsourcing.sla.records.rows import EXCLUSION_REASONS, InvalidReason, InvalidRow
from outsourcing.sla.records.timestamps import (
    INSTANT_PROBLEMS,
    MISSING,
    InstantStatus,
    parse_instants,
)

__all__ = ["DowntimeLog"]


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
