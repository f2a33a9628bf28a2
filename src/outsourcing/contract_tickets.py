"""One ticket file for several contracts: rows shared out by an optional ``contract`` column.

A portfolio's ticket export often mixes every provider's tickets. `ContractTickets.from_csv`
reads such a file once, validates every row (`TicketLog.from_arrays`), and gives each contract
the log of its rows. Every row is accounted for exactly once: in one contract's log, among that
contract's invalid rows, or among the `ContractTickets.unassigned` rows (no contract, or a
contract the portfolio does not have), each with its reason. So
``sum(log.rows_in for log in logs.values()) + len(unassigned) == rows_in``.

Without a ``contract`` column every row belongs to the one contract named by the caller.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from outsourcing.exceptions import InvalidValueError
from outsourcing.tickets import MISSING, TICKET_COLUMNS, InvalidRow, TicketLog

__all__ = ["CONTRACT_COLUMN", "ContractTickets", "unassigned_rows"]

#: The column naming the contract a ticket belongs to.
CONTRACT_COLUMN = "contract"

#: Rows read at a time from a CSV file.
_BATCH_ROWS = 100_000


@attrs.frozen(eq=False)
class ContractTickets:
    """The tickets of a file, shared out by contract.

    Attributes:
        rows_in: Rows read (header excluded).
        logs: The log of each contract that has rows, by contract id (valid rows, plus the
            contract's invalid rows in `TicketLog.invalid`).
        unassigned: Rows that belong to no known contract, with the reason.
    """

    rows_in: int
    logs: Mapping[str, TicketLog]
    unassigned: tuple[InvalidRow, ...] = ()

    def log(self, contract_id: str) -> TicketLog | None:
        """The log of a contract (None when the file has no row for it)."""
        return self.logs.get(contract_id)

    @classmethod
    def from_columns(
        cls,
        columns: Mapping[str, NDArray[Any]],
        contract_ids: Collection[str],
        *,
        contract: str | None = None,
    ) -> ContractTickets:
        """Share out columns of text (one array per column, ``contract`` optional).

        Args:
            columns: The ticket columns (see `TicketLog.from_arrays`), plus ``contract``.
            contract_ids: The contracts of the portfolio.
            contract: The contract of every row when there is no ``contract`` column (with
                one, it is only checked to be known: the rows say their contract).

        Raises:
            InvalidValueError: If ``contract`` is not a known contract, or there is no
                ``contract`` column and no ``contract`` is given.
        """
        known = sorted(contract_ids)
        if contract is not None and contract not in contract_ids:
            raise InvalidValueError("contract", contract, f"is not in the portfolio ({known})")
        ticket_columns = {name: values for name, values in columns.items() if name != "contract"}
        n = len(next(iter(columns.values()))) if columns else 0
        if CONTRACT_COLUMN in columns:
            owners = np.asarray(columns[CONTRACT_COLUMN]).astype(np.str_)
        elif contract is not None:
            owners = np.full(n, contract, dtype=object).astype(np.str_)
        else:
            raise InvalidValueError(
                "tickets",
                sorted(columns),
                f"have no {CONTRACT_COLUMN!r} column: say which contract they belong to ({known})",
            )
        log = TicketLog.from_arrays(ticket_columns)
        unassigned = unassigned_rows(owners, contract_ids)
        skip = {bad.row for bad in unassigned}
        logs = {}
        for owner in sorted(set(owners.tolist()) & set(contract_ids)):
            mine = owners[log.row] == owner
            invalid = [
                bad for bad in log.invalid if owners[bad.row] == owner and bad.row not in skip
            ]
            logs[owner] = log.take(np.flatnonzero(mine).astype(np.int64), invalid)
        rows_in = sum(part.rows_in for part in logs.values()) + len(unassigned)
        return cls(rows_in=rows_in, logs=logs, unassigned=unassigned)

    @classmethod
    def from_csv(
        cls,
        source: str | Iterable[str],
        contract_ids: Collection[str],
        *,
        contract: str | None = None,
    ) -> ContractTickets:
        """Read CSV text with a header row (or a text stream) and share the rows out.

        Args:
            source: The CSV text, or its lines (an open text file).
            contract_ids: The contracts of the portfolio.
            contract: See `from_columns`.

        Raises:
            InvalidValueError: If the header lacks a required column, or as `from_columns`.
        """
        reader = csv.reader(io.StringIO(source) if isinstance(source, str) else source)
        header = next(reader, None)
        if header is None:
            raise InvalidValueError("csv", "", "has no header row")
        names = [h.strip() for h in header]
        wanted = [(i, n) for i, n in enumerate(names) if n in {*TICKET_COLUMNS, CONTRACT_COLUMN}]
        parts: dict[str, list[NDArray[np.str_]]] = {name: [] for _, name in wanted}
        width = len(names)
        while batch := list(itertools.islice(reader, _BATCH_ROWS)):
            # rows in batches: a large file never sits in memory as lists of Python strings
            padded = (
                row if len(row) >= width else row + [""] * (width - len(row)) for row in batch
            )
            cells = list(zip(*padded, strict=False))
            for i, name in wanted:
                parts[name].append(np.array(cells[i], dtype=np.str_))
        columns = {
            name: np.concatenate(chunks) if chunks else np.array([], dtype=np.str_)
            for name, chunks in parts.items()
        }
        for required in ("ticket", "opened", "priority"):
            if required not in columns:
                raise InvalidValueError("csv header", names, f"missing column {required!r}")
        return cls.from_columns(columns, contract_ids, contract=contract)

    def last_instant(self) -> dt.datetime | None:
        """The latest instant in the file (opening, first response, resolution), in UTC.

        A ticket export holds nothing later than the moment it was made, so this is when the
        file was exported, at the earliest (None for a file without valid rows).
        """
        latest = [
            int(column[column != MISSING].max())
            for log in self.logs.values()
            for column in (log.opened, log.first_response, log.resolved)
            if bool(np.any(column != MISSING))
        ]
        if not latest:
            return None
        return dt.datetime.fromtimestamp(max(latest), tz=dt.UTC)

    def chunks(self, contract_id: str, size: int) -> Iterator[TicketLog]:
        """A contract's log in chunks of at most ``size`` rows (invalid rows in the first).

        Measured separately and merged, the chunks give what the whole log gives; the CLI uses
        them to show progress on large files.
        """
        log = self.logs.get(contract_id)
        if log is None:
            return
        total = len(log)
        everything = np.arange(total, dtype=np.int64)
        for start in range(0, max(total, 1), size):
            yield log.take(everything[start : start + size], log.invalid if start == 0 else ())


def unassigned_rows(
    owners: NDArray[np.str_], contract_ids: Collection[str]
) -> tuple[InvalidRow, ...]:
    """The rows whose contract (``owners``, one per row) is missing or not in ``contract_ids``."""
    known = ", ".join(sorted(contract_ids))
    rows = []
    for index in np.flatnonzero(~np.isin(owners, list(contract_ids))).tolist():
        owner = str(owners[index])
        reason = "missing contract" if not owner else f"unknown contract (known: {known})"
        rows.append(InvalidRow(index, reason, CONTRACT_COLUMN, owner))
    return tuple(rows)
