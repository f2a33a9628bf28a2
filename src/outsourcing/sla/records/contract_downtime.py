"""One downtime record for several contracts, and where each of its rows went.

A downtime record lists the intervals a service was down: ``start`` and ``end`` (ISO 8601 with
a UTC offset; an empty end means still down), an optional ``exclusion`` reason
(``planned_maintenance``, ``customer_caused``, ``force_majeure``) and, when it covers several
contracts, a ``contract`` column. Other columns (a free-text description...) are ignored.

`ContractDowntime.from_csv` reads it once and gives each contract the `DowntimeLog` of its rows.
As for tickets, every row is accounted for exactly once: in one contract's log, among that
contract's invalid rows, or among the `ContractDowntime.unassigned` rows, each with its reason.
`downtime_accounts` then says, per availability SLA, which rows counted as downtime, which were
excluded (and why) and which were invalid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import attrs
import numpy as np

from outsourcing.model.contract import Contract
from outsourcing.model.metric import Measure, metric_definition
from outsourcing.sla.availability import DowntimeLog
from outsourcing.sla.measurement import STATE_NAMES, TicketState, reporting_periods
from outsourcing.sla.records.contract_tickets import csv_records, row_owners, unassigned_rows
from outsourcing.sla.records.rows import EXCLUSION_REASONS, InvalidRow
from outsourcing.sla.records.timestamps import MISSING
from outsourcing.sla.results import SLAAccount

__all__ = ["DOWNTIME_COLUMNS", "ContractDowntime", "downtime_accounts", "empty_downtime"]

#: The columns a downtime record is read from (``contract`` aside); ``start`` is required.
DOWNTIME_COLUMNS: tuple[str, ...] = ("start", "end", "exclusion")


def empty_downtime() -> DowntimeLog:
    """A record with no downtime at all (the service was up the whole time)."""
    none = np.zeros(0, dtype=np.int64)
    return DowntimeLog(none, none, none, 0)


@attrs.frozen(eq=False)
class ContractDowntime:
    """The downtime intervals of a record, shared out by contract.

    Attributes:
        rows_in: Rows read (header excluded).
        logs: The downtime of each contract that has rows, by contract id (the contract's
            invalid rows in `DowntimeLog.invalid`, numbered as in the whole record).
        unassigned: Rows that belong to no known contract, with the reason.
    """

    rows_in: int
    logs: Mapping[str, DowntimeLog]
    unassigned: tuple[InvalidRow, ...] = ()

    def log(self, contract_id: str) -> DowntimeLog | None:
        """The downtime of a contract (None when the record has no row for it)."""
        return self.logs.get(contract_id)

    def for_contract(self, contract: Contract) -> DowntimeLog | None:
        """The downtime a contract's availability SLAs are measured on.

        The contract's rows; none at all (`empty_downtime`) when the record has no row for a
        contract with an availability SLA: the record says it was never down. None when the
        contract has neither rows nor an availability SLA.
        """
        log = self.logs.get(contract.id)
        if log is None and any(
            metric_definition(sla.metric).measure is Measure.DOWNTIME for sla in contract.slas
        ):
            return empty_downtime()
        return log

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        contract_ids: Collection[str],
        *,
        contract: str | None = None,
    ) -> ContractDowntime:
        """Share out mappings with ``start``, ``end``, ``exclusion`` and ``contract``.

        Args:
            records: The rows, in order (row numbers count from 0).
            contract_ids: The contracts of the portfolio.
            contract: The contract of every row when the rows have no ``contract`` key (with
                one, it is only checked to be known).

        Raises:
            InvalidValueError: If ``contract`` is not a known contract, or the rows name no
                contract and none is given.
        """
        rows = list(records)
        owners = row_owners(rows, contract_ids, contract, "downtime")
        whole = DowntimeLog.from_records(rows)
        unassigned = unassigned_rows(owners, contract_ids)
        skip = {bad.row for bad in unassigned}
        invalid = {bad.row for bad in whole.invalid}
        kept = np.array([i for i in range(len(rows)) if i not in invalid], dtype=np.int64)
        kept_owners = owners[kept]
        logs = {}
        for owner in sorted(set(owners.tolist()) & set(contract_ids)):
            mine = kept_owners == owner
            logs[owner] = DowntimeLog(
                start=whole.start[mine],
                end=whole.end[mine],
                exclusion=whole.exclusion[mine],
                rows_in=int(np.count_nonzero(owners == owner)),
                invalid=tuple(
                    bad for bad in whole.invalid if owners[bad.row] == owner and bad.row not in skip
                ),
            )
        return cls(rows_in=len(rows), logs=logs, unassigned=unassigned)

    @classmethod
    def from_csv(
        cls,
        source: str | Iterable[str],
        contract_ids: Collection[str],
        *,
        contract: str | None = None,
    ) -> ContractDowntime:
        """Read CSV text with a header row (or a text stream) and share the rows out.

        Args:
            source: The CSV text, or its lines (an open text file).
            contract_ids: The contracts of the portfolio.
            contract: See `from_records`.

        Raises:
            InvalidValueError: If there is no header, the header lacks ``start``, or as
                `from_records`.
        """
        records = csv_records(source, DOWNTIME_COLUMNS, "start")
        return cls.from_records(records, contract_ids, contract=contract)

    def last_instant(self) -> dt.datetime | None:
        """The latest start or end in the record, in UTC (None without valid rows)."""
        latest = [
            int(column[column != MISSING].max())
            for log in self.logs.values()
            for column in (log.start, log.end)
            if bool(np.any(column != MISSING))
        ]
        if not latest:
            return None
        return dt.datetime.fromtimestamp(max(latest), tz=dt.UTC)


def downtime_accounts(
    contract: Contract, downtime: DowntimeLog, *, as_of: dt.datetime
) -> tuple[SLAAccount, ...]:
    """Where each downtime row went, per availability SLA of the contract (in contract order).

    A valid row is *evaluated* (it counts as downtime) when it overlaps the SLA's reporting
    periods and its exclusion reason, if any, is not one the SLA accepts; *excluded* by that
    reason when the SLA accepts it; *outside the reporting periods* when it ends before the
    term starts or starts after ``as_of``. Evaluated + excluded + invalid = rows in.

    Args:
        contract: The contract.
        downtime: Its downtime record.
        as_of: The instant of the report (aware datetime); open downtime runs to it.
    """
    now = int(as_of.timestamp() // 1)
    ends = np.minimum(np.where(downtime.end == MISSING, now, downtime.end), now)
    accounts = []
    for sla in contract.slas:
        if metric_definition(sla.metric).measure is not Measure.DOWNTIME:
            continue
        _periods, bounds = reporting_periods(contract, sla, as_of)
        inside = (downtime.start < bounds[-1]) & (ends > bounds[0])
        accepted = np.array([reason in sla.exclusions for reason in EXCLUSION_REASONS] + [False])
        excused = accepted[downtime.exclusion] & inside
        excluded = [
            (str(reason), int(np.count_nonzero(excused & (downtime.exclusion == code))))
            for code, reason in enumerate(EXCLUSION_REASONS)
        ]
        outside = int(np.count_nonzero(~inside))
        excluded.append((STATE_NAMES[TicketState.OUTSIDE], outside))
        accounts.append(
            SLAAccount(
                sla_id=sla.id,
                rows_in=downtime.rows_in,
                evaluated=int(np.count_nonzero(inside & ~excused)),
                excluded=tuple(sorted((name, n) for name, n in excluded if n)),
                invalid=len(downtime.invalid),
            )
        )
    return tuple(accounts)
