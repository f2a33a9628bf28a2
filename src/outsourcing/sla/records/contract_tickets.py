"""One ticket file for several contracts: rows shared out by an optional ``contract`` column.

A portfolio's ticket export often mixes every provider's tickets. `ContractTickets.from_csv`
reads such a file once, validates every row (`TicketLog.from_arrays`), and gives each contract
the log of its rows. Every row is accounted for exactly once: in one contract's log, among that
contract's invalid rows, or among the `ContractTickets.unassigned` rows (no contract, or a
contract the portfolio does not have), each with its reason. So
``sum(log.rows_in for log in logs.values()) + len(unassigned) == rows_in``.

Without a ``contract`` column every row belongs to the one contract named by the caller (or
to the portfolio's only contract). The three per-contract readers (`ContractTickets`,
`ContractDowntime`, `ContractDeliveries`) share one signature: see
`outsourcing.sla.records.contract_records`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
from numpy.typing import NDArray

from outsourcing.exceptions import InvalidValueError
from outsourcing.model.contract import Contract
from outsourcing.sla.records.columns import CodedColumn, ParsedInstants, factorize
from outsourcing.sla.records.contract_records import (
    CONTRACT_COLUMN,
    contract_ids,
    default_contract,
    unassigned_codes,
)
from outsourcing.sla.records.csv_reading import CSV_BATCH_ROWS, read_csv_columns
from outsourcing.sla.records.rows import InvalidRow
from outsourcing.sla.records.ticket_log import TicketLog
from outsourcing.sla.records.timestamps import MISSING

if TYPE_CHECKING:
    from outsourcing.sla.records.arrow_reading import TicketTable

__all__ = ["ContractTickets"]


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

    def rows(self, contract_id: str) -> int:
        """Rows of the file that belong to a contract (usable or not)."""
        log = self.logs.get(contract_id)
        return 0 if log is None else log.rows_in

    def invalid_rows(self, contract_id: str) -> tuple[InvalidRow, ...]:
        """The unusable rows of a contract, with their reasons."""
        log = self.logs.get(contract_id)
        return () if log is None else log.invalid

    @classmethod
    def from_columns(
        cls,
        columns: Mapping[str, NDArray[Any] | CodedColumn | ParsedInstants],
        contracts: Sequence[Contract],
        *,
        contract: str | None = None,
    ) -> ContractTickets:
        """Share out columns of text (one array per column, ``contract`` optional).

        Rows are shared out by index: the file's log is built and validated once, and each
        contract's log takes its rows from it.

        Args:
            columns: The ticket columns (see `TicketLog.from_arrays`), plus ``contract`` (text,
                or a `CodedColumn`).
            contracts: The contracts of the portfolio.
            contract: The contract of every row when there is no ``contract`` column (default:
                the only contract, when there is one; with the column, it is only checked to
                be known: the rows say their contract).

        Raises:
            InvalidValueError: If ``contract`` is not a known contract, or there is no
                ``contract`` column and no ``contract`` is given.
        """
        ids = contract_ids(contracts)
        known = sorted(ids)
        contract = default_contract(contracts, contract)
        ticket_columns = {name: values for name, values in columns.items() if name != "contract"}
        n = next(iter(columns.values())).shape[0] if columns else 0
        if CONTRACT_COLUMN in columns:
            given = columns[CONTRACT_COLUMN]
            owners, names = factorize(
                given if isinstance(given, CodedColumn) else np.asarray(given).astype(np.str_)
            )
        elif contract is not None:
            owners, names = np.zeros(n, dtype=np.int64), (contract,)
        else:
            raise InvalidValueError(
                "tickets",
                sorted(columns),
                f"have no {CONTRACT_COLUMN!r} column: say which contract they belong to ({known})",
            )
        log = TicketLog.from_arrays(ticket_columns)
        unassigned = unassigned_codes(owners, names, ids)
        invalid_owners = owners[[bad.row for bad in log.invalid]] if log.invalid else owners[:0]
        logs = {}
        present = set(np.unique(owners).tolist())
        codes = {name: code for code, name in enumerate(names) if code in present}
        for owner in sorted(set(codes) & set(ids)):
            code = codes[owner]
            mine = np.flatnonzero(owners[log.row] == code).astype(np.int64)
            invalid = [
                bad
                for bad, o in zip(log.invalid, invalid_owners.tolist(), strict=True)
                if o == code
            ]
            logs[owner] = log.take(mine, invalid)
        rows_in = sum(part.rows_in for part in logs.values()) + len(unassigned)
        return cls(rows_in=rows_in, logs=logs, unassigned=unassigned)

    @classmethod
    def from_csv(
        cls,
        source: str | os.PathLike[str] | Iterable[str],
        contracts: Sequence[Contract],
        *,
        contract: str | None = None,
        batch_rows: int = CSV_BATCH_ROWS,
        delimiter: str | None = None,
        encoding: str = "utf-8",
    ) -> ContractTickets:
        """Read a CSV file (a path), CSV text with a header row or a text stream; share it out.

        A path is read through pyarrow (`outsourcing.sla.records.arrow_reading`: short and long
        rows and NUL bytes are unassigned rows with their reason). Text and streams are read in
        batches of rows into compact columns (`read_csv_columns`); the batch size changes
        nothing in the result, only the memory held while reading. Either way a UTF-8
        byte-order mark is skipped and the delimiter is detected from the header line.

        Args:
            source: A path, the CSV text, or its lines (an open text file).
            contracts: The contracts of the portfolio.
            contract: See `from_columns`.
            batch_rows: Rows converted to columns at a time (text and streams).
            delimiter: The cell separator (None: detected, ``,`` or ``;`` …).
            encoding: The file's text encoding (a path only).

        Raises:
            InvalidValueError: If the header lacks a required column, or as `from_columns`.
        """
        if isinstance(source, os.PathLike):
            from outsourcing.sla.records.arrow_reading import read_csv_table  # noqa: PLC0415

            table = read_csv_table(
                source, delimiter=delimiter, encoding=encoding, extra=(CONTRACT_COLUMN,)
            )
            return cls.from_table(table, contracts, contract=contract)
        columns = read_csv_columns(
            source, extra=(CONTRACT_COLUMN,), batch_rows=batch_rows, delimiter=delimiter
        )
        return cls.from_columns(columns, contracts, contract=contract)

    @classmethod
    def from_table(
        cls,
        table: TicketTable,
        contracts: Sequence[Contract],
        *,
        contract: str | None = None,
    ) -> ContractTickets:
        """Share out columnar input (`outsourcing.sla.records.arrow_reading`) by contract.

        As `from_columns`, with the input's row numbers; malformed rows (short, long, NUL
        byte) are unassigned rows: their cells cannot be trusted to name their contract.
        """
        shared = cls.from_columns(table.columns, contracts, contract=contract)
        rows = table.rows
        unassigned = [attrs.evolve(bad, row=int(rows[bad.row])) for bad in shared.unassigned]
        return cls(
            rows_in=table.rows_in,
            logs={cid: log.renumbered(rows) for cid, log in shared.logs.items()},
            unassigned=tuple(sorted([*unassigned, *table.malformed], key=lambda bad: bad.row)),
        )

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

        The first chunk also carries the log's counts of statuses no clock names, so that
        chunks add up to the whole.

        Measured separately and merged, the chunks give what the whole log gives; the CLI uses
        them to show progress on large files.
        """
        log = self.logs.get(contract_id)
        if log is None:
            return
        total = len(log)
        everything = np.arange(total, dtype=np.int64)
        for start in range(0, max(total, 1), size):
            chunk = log.take(everything[start : start + size], log.invalid if start == 0 else ())
            yield chunk if start == 0 else attrs.evolve(chunk, unnamed_statuses=())
