"""The ticket schema: the columns a ticket log has, and the checks each row must pass.

`TicketChecks` validates the columns of a batch of rows and keeps the first reason each row is
invalid, in the order the checks are made, for `TicketLog.from_arrays`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from outsourcing.sla.records.columns import (
    cell_text,
    factorize,
    first_occurrence,
    instant_column,
    missing_mask,
    to_float,
    to_int,
    yes_no_column,
)
from outsourcing.sla.records.rows import EXCLUSION_REASONS, InvalidReason, InvalidRow
from outsourcing.sla.records.timestamps import INSTANT_PROBLEMS, MISSING, InstantStatus
from outsourcing.sla.unscoped import suggestion

__all__ = ["FLAG_COLUMNS", "INSTANT_COLUMNS", "TICKET_COLUMNS", "TicketChecks"]

#: Column names the builders read; `TicketLog.from_records` and friends accept a renaming.
TICKET_COLUMNS: tuple[str, ...] = (
    "ticket",
    "opened",
    "first_response",
    "resolved",
    "due",
    "priority",
    "category",
    "exclusion",
    "work_seconds",
    "satisfied",
    "error",
    "satisfaction_score",
)
INSTANT_COLUMNS = ("opened", "first_response", "resolved", "due")
FLAG_COLUMNS = ("satisfied", "error")


class TicketChecks:
    """Collects the first reason each row is invalid, in the order checks are made."""

    def __init__(self, columns: Mapping[str, Any], n: int) -> None:
        self.columns = columns
        self.n = n
        self.reason = np.full(n, -1, dtype=np.int64)
        self.reasons: list[tuple[str, str, InvalidReason, tuple[str, ...]]] = []

    def flag(
        self,
        mask: NDArray[np.bool_],
        field: str,
        reason: str,
        code: InvalidReason,
        known: tuple[str, ...] = (),
    ) -> None:
        """Mark the rows of ``mask`` invalid for this reason, unless already marked."""
        fresh = mask & (self.reason < 0)
        if fresh.any():
            self.reason[fresh] = len(self.reasons)
            self.reasons.append((field, reason, code, known))

    def instants(self) -> dict[str, NDArray[np.int64]]:
        """Instant columns as epoch seconds; naive, unparseable and out-of-order are flagged."""
        instants: dict[str, NDArray[np.int64]] = {}
        for name in INSTANT_COLUMNS:
            if name not in self.columns:
                instants[name] = np.full(self.n, MISSING, dtype=np.int64)
                continue
            seconds, status = instant_column(self.columns[name])
            instants[name] = seconds
            if name == "opened":
                self.flag(
                    status == InstantStatus.MISSING,
                    name,
                    "missing opening instant",
                    InvalidReason.MISSING_VALUE,
                )
            for state, (reason, code) in INSTANT_PROBLEMS.items():
                if state is not InstantStatus.MISSING:
                    self.flag(status == state, name, reason, code)
        opened = instants["opened"]
        for name, code in (
            ("first_response", InvalidReason.FIRST_RESPONSE_BEFORE_OPENED),
            ("resolved", InvalidReason.RESOLVED_BEFORE_OPENED),
        ):
            later = instants[name]
            self.flag((later != MISSING) & (later < opened), name, f"{name} before opened", code)
        return instants

    def priority(
        self, priorities: Sequence[str] | None
    ) -> tuple[NDArray[np.int64], tuple[str, ...]]:
        """Priority codes and labels; missing or unknown priorities are flagged."""
        codes, labels = factorize(self.columns["priority"])
        self.flag(codes < 0, "priority", "missing priority", InvalidReason.MISSING_VALUE)
        if priorities is None:
            return codes, labels
        order = {label: i for i, label in enumerate(priorities)}
        remap = np.array([order.get(label, -1) for label in labels] + [-1], dtype=np.int64)
        unknown = remap[codes] < 0
        known = tuple(priorities)
        for code, label in enumerate(labels):  # the hint of each unknown value in its words
            hint = suggestion(label, known) if remap[code] < 0 else None
            if hint is not None:
                reason = f"unknown priority (did you mean {hint!r}?)"
                code_rows = unknown & (codes == code)
                self.flag(code_rows, "priority", reason, InvalidReason.UNKNOWN_PRIORITY, known)
        self.flag(unknown, "priority", "unknown priority", InvalidReason.UNKNOWN_PRIORITY, known)
        return remap[codes], tuple(priorities)

    def exclusion(self) -> NDArray[np.int64]:
        """Exclusion codes into `EXCLUSION_REASONS` (-1: none); unknown reasons are flagged."""
        if "exclusion" not in self.columns:
            return np.full(self.n, -1, dtype=np.int64)
        codes, reasons = factorize(self.columns["exclusion"])
        known = {reason.value: i for i, reason in enumerate(EXCLUSION_REASONS)}
        remap = np.array([known.get(r, -2) for r in reasons] + [-1], dtype=np.int64)
        exclusion = remap[codes]
        self.flag(
            exclusion == -2,
            "exclusion",
            "unknown exclusion reason",
            InvalidReason.UNKNOWN_EXCLUSION,
            tuple(known),
        )
        return exclusion

    def work_seconds(self) -> NDArray[np.int64]:
        """Agent work seconds (`MISSING` when absent); non-numbers and negatives are flagged."""
        if "work_seconds" not in self.columns:
            return np.full(self.n, MISSING, dtype=np.int64)
        raw = self.columns["work_seconds"]
        missing = missing_mask(raw)
        try:
            work = np.where(missing, MISSING, np.where(missing, 0, raw).astype(np.int64))
        except (TypeError, ValueError):
            work = np.array([to_int(v) for v in raw.tolist()], dtype=np.int64)
            self.flag(
                (work == MISSING) & ~missing,
                "work_seconds",
                "not a whole number",
                InvalidReason.NOT_WHOLE_NUMBER,
            )
        self.flag(
            (work < 0) & (work != MISSING),
            "work_seconds",
            "negative work time",
            InvalidReason.NEGATIVE_WORK_TIME,
        )
        return work

    def satisfaction_score(self) -> NDArray[np.int64] | None:
        """Scores in thousandths of a point (`MISSING` when absent; None without the column).

        Non-numbers and negative scores are flagged; scores are rounded to 0.001.
        """
        if "satisfaction_score" not in self.columns:
            return None
        raw = self.columns["satisfaction_score"]
        missing = missing_mask(raw)
        try:
            values = np.where(missing, np.nan, raw).astype(np.float64)
        except (TypeError, ValueError):
            values = np.array([to_float(v) for v in raw.tolist()], dtype=np.float64)
        bad = ~missing & ~np.isfinite(values)
        self.flag(bad, "satisfaction_score", "not a number", InvalidReason.NOT_A_NUMBER)
        self.flag(
            ~missing & ~bad & (values < 0),
            "satisfaction_score",
            "negative score",
            InvalidReason.NEGATIVE_SCORE,
        )
        usable = ~missing & ~bad
        thousandths = np.round(np.where(usable, values, 0) * 1000).astype(np.int64)
        return np.where(usable, thousandths, MISSING)

    def flag_column(self, name: str) -> NDArray[np.int8]:
        """A yes/no column as 1/0/-1; unreadable values are flagged."""
        if name not in self.columns:
            return np.full(self.n, -1, dtype=np.int8)
        flags, bad = yes_no_column(self.columns[name])
        self.flag(bad, name, "must be yes/no (1/0, true/false)", InvalidReason.NOT_YES_NO)
        return flags

    def duplicates(self, first_row: int) -> dict[int, int]:
        """Flag repeated ticket ids after their first row; the first row of each, by row."""
        first = first_occurrence(self.columns["ticket"])
        duplicate = first != np.arange(self.n)
        fresh = duplicate & (self.reason < 0)
        self.flag(duplicate, "ticket", "duplicate ticket id", InvalidReason.DUPLICATE_TICKET)
        return {i: first_row + int(first[i]) for i in np.flatnonzero(fresh).tolist()}

    def rows(self, first_row: int, earlier: Mapping[int, int]) -> tuple[InvalidRow, ...]:
        """The invalid rows, numbered from ``first_row``, duplicates naming their first row."""
        out = []
        for index in np.flatnonzero(self.reason >= 0).tolist():
            field, reason, code, known = self.reasons[self.reason[index]]
            column = self.columns.get(field)
            value = None if column is None else column[index]
            text = "" if value is None else cell_text(value)
            other = earlier.get(index)
            if other is not None:
                reason = f"{reason} (first at row {other})"
            out.append(InvalidRow(first_row + index, reason, field, text, code, known, other))
        return tuple(out)
