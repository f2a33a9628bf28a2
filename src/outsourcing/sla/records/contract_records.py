"""Sharing a record's rows out by contract: what the three per-contract readers have in common.

A portfolio's exports mix every provider's rows: tickets (`ContractTickets`), downtime
(`ContractDowntime`) and deliveries (`ContractDeliveries`). Each reader has the same signature,
``from_csv(source, contracts, *, contract=None)`` and ``from_records(records, contracts, *,
contract=None)``, where ``contracts`` are the portfolio's contracts and ``contract`` names the
contract of every row of a file without a ``contract`` column (default: the only contract of a
one-contract portfolio). Each result is a `ContractRecords`: rows read, rows that belong to no
known contract, and per contract its rows and its invalid rows, so that every row is
accounted for once.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, Protocol

import attrs
import numpy as np
from numpy.typing import NDArray

from outsourcing.exceptions import InvalidValueError
from outsourcing.model.contract import Contract
from outsourcing.sla.records.columns import factorize
from outsourcing.sla.records.csv_reading import csv_rows
from outsourcing.sla.records.rows import InvalidReason, InvalidRow, renumbered

__all__ = [
    "CONTRACT_COLUMN",
    "ContractRecords",
    "RecordRows",
    "contract_ids",
    "csv_records",
    "default_contract",
    "read_record_rows",
    "renumbered_unassigned",
    "row_owners",
    "unassigned_codes",
    "unassigned_rows",
]

#: The column naming the contract a row belongs to.
CONTRACT_COLUMN = "contract"


@attrs.frozen(eq=False)
class RecordRows:
    """The rows of a downtime or delivery record read from columnar input, as mappings.

    Attributes:
        records: One mapping per well-formed row, column name -> cell: text from CSV, Python
            values from typed Parquet or Arrow columns (an aware ``datetime``, a ``date``, a
            number, None), as ``from_records`` of the per-contract readers takes them.
        rows: Input row number of each record (0-based, header excluded).
        rows_in: Rows of the input, malformed ones included.
        malformed: Rows left out of the records (short, long, NUL byte), with their reason.
    """

    records: tuple[dict[str, Any], ...]
    rows: NDArray[np.int64]
    rows_in: int
    malformed: tuple[InvalidRow, ...] = ()


def read_record_rows(
    source: str | os.PathLike[str] | Iterable[str],
    columns: Collection[str],
    required: str,
    *,
    delimiter: str | None,
    encoding: str,
) -> RecordRows:
    """The rows of a record file (a path, through pyarrow) or of CSV text (or its lines).

    A path is read as ticket files are
    (`outsourcing.sla.records.arrow_reading.read_csv_records`): rows with fewer or more cells
    than the header, or a NUL byte, are malformed rows with their reason. Text is read by the
    `csv` module (`csv_records`: short rows padded with empty cells).
    """
    if isinstance(source, os.PathLike):
        from outsourcing.sla.records.arrow_reading import read_csv_records  # noqa: PLC0415

        return read_csv_records(
            source,
            columns=columns,
            required=(required,),
            delimiter=delimiter,
            encoding=encoding,
            extra=(CONTRACT_COLUMN,),
        )
    records = csv_records(source, columns, required, delimiter)
    return RecordRows(tuple(records), np.arange(len(records), dtype=np.int64), len(records))


class ContractRecords(Protocol):
    """What every per-contract reader gives: where each row of the record went."""

    @property
    def rows_in(self) -> int:
        """Rows read (header excluded)."""
        ...

    @property
    def unassigned(self) -> tuple[InvalidRow, ...]:
        """Rows that belong to no known contract, with the reason."""
        ...

    def rows(self, contract_id: str) -> int:
        """Rows that belong to a contract (usable or not)."""
        ...

    def invalid_rows(self, contract_id: str) -> tuple[InvalidRow, ...]:
        """The unusable rows of a contract, with their reasons."""
        ...


def contract_ids(contracts: Sequence[Contract]) -> list[str]:
    """The ids of the portfolio's contracts, in order.

    Raises:
        InvalidValueError: If an item is not a `Contract` (a bare id, say).
    """
    ids = []
    for index, contract in enumerate(contracts):
        if not isinstance(contract, Contract):
            raise InvalidValueError(
                f"contracts[{index}]", contract, "must be a Contract of the portfolio"
            )
        ids.append(contract.id)
    return ids


def default_contract(contracts: Sequence[Contract], contract: str | None) -> str | None:
    """The contract of rows that name none: ``contract``, else the only contract, else None.

    Raises:
        InvalidValueError: If ``contract`` is not one of ``contracts``.
    """
    ids = contract_ids(contracts)
    if contract is not None and contract not in ids:
        raise InvalidValueError("contract", contract, f"is not in the portfolio ({sorted(ids)})")
    if contract is None and len(ids) == 1:
        return ids[0]
    return contract


def unassigned_rows(owners: NDArray[np.str_], known_ids: Collection[str]) -> tuple[InvalidRow, ...]:
    """The rows whose contract (``owners``, one per row) is missing or not in ``known_ids``."""
    codes, names = factorize(owners)
    return unassigned_codes(codes, names, known_ids)


def unassigned_codes(
    owners: NDArray[np.int64], names: tuple[str, ...], known_ids: Collection[str]
) -> tuple[InvalidRow, ...]:
    """Rows whose contract code (-1: none; else into ``names``) is not the portfolio's."""
    known = tuple(sorted(known_ids))
    ours = np.array([name in known_ids for name in names] + [False], dtype=bool)
    rows = []
    for index in np.flatnonzero(~ours[owners]).tolist():
        code = int(owners[index])
        owner = names[code] if code >= 0 else ""
        if owner:
            reason = f"unknown contract (known: {', '.join(known)})"
            rows.append(
                InvalidRow(
                    index, reason, CONTRACT_COLUMN, owner, InvalidReason.UNKNOWN_CONTRACT, known
                )
            )
        else:
            rows.append(
                InvalidRow(
                    index, "missing contract", CONTRACT_COLUMN, "", InvalidReason.MISSING_CONTRACT
                )
            )
    return tuple(rows)


def csv_records(
    source: str | Iterable[str],
    columns: Collection[str],
    required: str,
    delimiter: str | None = None,
) -> list[dict[str, str]]:
    """The rows of CSV text with a header as mappings of the wanted ``columns`` (and contract).

    Short rows are padded with empty cells; other columns are ignored. The delimiter is
    detected from the header line when None.

    Raises:
        InvalidValueError: If there is no header row, or it lacks the ``required`` column.
    """
    reader = csv_rows(source, delimiter)
    header = next(reader, None)
    if header is None:
        raise InvalidValueError("csv", "", "has no header row")
    names = [name.strip() for name in header]
    if required not in names:
        raise InvalidValueError("csv header", names, f"missing column {required!r}")
    wanted = [(i, n) for i, n in enumerate(names) if n in {*columns, CONTRACT_COLUMN}]
    return [{name: row[i] if i < len(row) else "" for i, name in wanted} for row in reader]


def row_owners(
    rows: Sequence[Mapping[str, Any]],
    known_ids: Collection[str],
    contract: str | None,
    what: str,
) -> NDArray[np.str_]:
    """The contract each row names (its ``contract`` value), or ``contract`` for every row.

    Args:
        rows: The rows.
        known_ids: The contracts of the portfolio.
        contract: The contract of every row when the rows have no ``contract`` key (with one,
            it is only checked to be known).
        what: What the rows are, for messages (``downtime``).

    Raises:
        InvalidValueError: If ``contract`` is not a known contract, or the rows name no
            contract and none is given.
    """
    known = sorted(known_ids)
    if contract is not None and contract not in known_ids:
        raise InvalidValueError("contract", contract, f"is not in the portfolio ({known})")
    if any(CONTRACT_COLUMN in row for row in rows):
        return np.array([str(row.get(CONTRACT_COLUMN) or "") for row in rows], dtype=np.str_)
    if contract is not None or not rows:
        return np.full(len(rows), contract or "", dtype=object).astype(np.str_)
    raise InvalidValueError(
        what,
        sorted(rows[0]),
        f"has no {CONTRACT_COLUMN!r} column: say which contract it belongs to ({known})",
    )


def renumbered_unassigned(
    unassigned: Iterable[InvalidRow],
    rows: NDArray[np.int64],
    malformed: Iterable[InvalidRow],
) -> tuple[InvalidRow, ...]:
    """Unassigned rows renumbered with the input's numbers, joined by the malformed rows.

    ``unassigned`` were found among rows numbered 0, 1, …: they take the numbers ``rows``.
    The malformed rows are already numbered (their cells cannot be trusted to name their
    contract). All in row order.
    """
    moved = [renumbered(bad, rows) for bad in unassigned]
    return tuple(sorted([*moved, *malformed], key=lambda bad: bad.row))
