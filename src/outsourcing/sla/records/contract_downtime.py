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
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from outsourcing.model.contract import Contract
from outsourcing.model.metric import Measure, metric_definition
from outsourcing.sla.records.contract_records import (
    RecordRows,
    contract_ids,
    default_contract,
    read_record_rows,
    renumbered_unassigned,
    row_owners,
    unassigned_rows,
)
from outsourcing.sla.records.downtime_log import DowntimeLog
from outsourcing.sla.records.rows import InvalidRow, renumbered
from outsourcing.sla.records.timestamps import MISSING

__all__ = ["DOWNTIME_COLUMNS", "ContractDowntime", "empty_downtime"]

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

    def rows(self, contract_id: str) -> int:
        """Rows of the record that belong to a contract (usable or not)."""
        log = self.logs.get(contract_id)
        return 0 if log is None else log.rows_in

    def invalid_rows(self, contract_id: str) -> tuple[InvalidRow, ...]:
        """The unusable rows of a contract, with their reasons."""
        log = self.logs.get(contract_id)
        return () if log is None else log.invalid

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
        contracts: Sequence[Contract],
        *,
        contract: str | None = None,
    ) -> ContractDowntime:
        """Share out mappings with ``start``, ``end``, ``exclusion`` and ``contract``.

        Args:
            records: The rows, in order (row numbers count from 0).
            contracts: The contracts of the portfolio.
            contract: The contract of every row when the rows have no ``contract`` key
                (default: the only contract, when there is one; with the key, it is only
                checked to be known).

        Raises:
            InvalidValueError: If ``contract`` is not a known contract, or the rows name no
                contract and none is given.
        """
        rows = list(records)
        ids = contract_ids(contracts)
        owners = row_owners(rows, ids, default_contract(contracts, contract), "downtime")
        whole = DowntimeLog.from_records(rows)
        unassigned = unassigned_rows(owners, ids)
        skip = {bad.row for bad in unassigned}
        invalid = {bad.row for bad in whole.invalid}
        kept = np.array([i for i in range(len(rows)) if i not in invalid], dtype=np.int64)
        kept_owners = owners[kept]
        logs = {}
        for owner in sorted(set(owners.tolist()) & set(ids)):
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
        source: str | os.PathLike[str] | Iterable[str],
        contracts: Sequence[Contract],
        *,
        contract: str | None = None,
        delimiter: str | None = None,
        encoding: str = "utf-8",
    ) -> ContractDowntime:
        """Read a CSV file (a path), CSV text with a header row or a text stream; share it out.

        A path is read through pyarrow as ticket files are
        (`outsourcing.sla.records.arrow_reading.read_csv_records`): a byte-order mark, ``;``
        cells, CRLF and the stated ``encoding`` are read as they come; rows with fewer or more
        cells than the header, or a NUL byte, are unassigned rows with their reason. Text and
        streams are read by the `csv` module (short rows padded with empty cells).

        Args:
            source: A path, the CSV text, or its lines (an open text file).
            contracts: The contracts of the portfolio.
            contract: See `from_records`.
            delimiter: The cell separator (None: detected from the header line).
            encoding: The file's text encoding (a path only: text is already decoded).

        Raises:
            InvalidValueError: If there is no header, the header lacks ``start``, or as
                `from_records`.
        """
        rows = read_record_rows(
            source, DOWNTIME_COLUMNS, "start", delimiter=delimiter, encoding=encoding
        )
        return cls.from_rows(rows, contracts, contract=contract)

    @classmethod
    def from_rows(
        cls, rows: RecordRows, contracts: Sequence[Contract], *, contract: str | None = None
    ) -> ContractDowntime:
        """Share out the rows of columnar input, with the input's row numbers.

        Args:
            rows: From `read_record_rows`, or `outsourcing.sla.records.arrow_reading`
                (`read_parquet_records`, `table_records` for an Arrow table), with the columns
                `DOWNTIME_COLUMNS` and ``start`` required.
            contracts: The contracts of the portfolio.
            contract: See `from_records`.
        """
        shared = cls.from_records(rows.records, contracts, contract=contract)
        numbers = rows.rows
        return cls(
            rows_in=rows.rows_in,
            logs={
                owner: attrs.evolve(
                    log, invalid=tuple(renumbered(bad, numbers) for bad in log.invalid)
                )
                for owner, log in shared.logs.items()
            },
            unassigned=renumbered_unassigned(shared.unassigned, numbers, rows.malformed),
        )

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
