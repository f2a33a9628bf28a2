"""One delivery record for several contracts: when each deliverable or milestone was delivered.

A delivery record has one row per dated deliverable or milestone that something happened to:
``name`` (the deliverable of `Contract.deliverables` or the milestone of a `Milestones` pricing
line), ``delivered`` (an ISO 8601 date; empty: not delivered yet), an optional
``force_majeure_days`` (whole days of the delay caused by force majeure; empty: none) and, when
it covers several contracts, a ``contract`` column. Other columns are ignored.

`ContractDeliveries.from_csv` reads it once and gives each contract its `DeliveryRecord` rows,
for `evaluate_slas(..., deliveries=...)`. Every row is accounted for exactly once: a record of
one contract, one of that contract's invalid rows, or one of the `ContractDeliveries.unassigned`
rows, each invalid row with its reason and `InvalidReason` code. A row is invalid when its name
is missing or names no dated deliverable or milestone of the contract, its date or its days
cannot be read, its days are negative, or it repeats an item of an earlier row.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import pendulum

from outsourcing.model.contract import Contract
from outsourcing.sla.late_delivery import DeliveryRecord, contract_deliveries
from outsourcing.sla.records.contract_records import (
    RecordRows,
    contract_ids,
    default_contract,
    read_record_rows,
    renumbered_unassigned,
    row_owners,
    unassigned_rows,
)
from outsourcing.sla.records.rows import InvalidReason, InvalidRow, renumbered

__all__ = ["DELIVERY_COLUMNS", "ContractDeliveries"]

#: The columns a delivery record is read from (``contract`` aside); ``name`` is required.
DELIVERY_COLUMNS: tuple[str, ...] = ("name", "delivered", "force_majeure_days")


@attrs.frozen(eq=False)
class ContractDeliveries:
    """The rows of a delivery record, shared out by contract.

    Attributes:
        rows_in: Rows read (header excluded).
        records: The usable rows of each contract that has some, by contract id.
        invalid: The unusable rows of each contract that has some, by contract id (numbered as
            in the whole record, from 0 after the header).
        unassigned: Rows that belong to no known contract, with the reason.
    """

    rows_in: int
    records: Mapping[str, tuple[DeliveryRecord, ...]]
    invalid: Mapping[str, tuple[InvalidRow, ...]]
    unassigned: tuple[InvalidRow, ...] = ()

    def for_contract(self, contract_id: str) -> tuple[DeliveryRecord, ...]:
        """The usable rows of a contract (none: nothing was delivered yet)."""
        return self.records.get(contract_id, ())

    def invalid_rows(self, contract_id: str) -> tuple[InvalidRow, ...]:
        """The unusable rows of a contract, with their reasons."""
        return self.invalid.get(contract_id, ())

    def rows(self, contract_id: str) -> int:
        """Rows of the record that belong to a contract (usable or not)."""
        return len(self.for_contract(contract_id)) + len(self.invalid_rows(contract_id))

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        contracts: Sequence[Contract],
        *,
        contract: str | None = None,
    ) -> ContractDeliveries:
        """Share out mappings with ``name``, ``delivered``, ``force_majeure_days``, ``contract``.

        Args:
            records: The rows, in order (row numbers count from 0).
            contracts: The contracts of the portfolio (their dated deliverables and
                milestones are the names a row may give).
            contract: The contract of every row when the rows have no ``contract`` key
                (default: the only contract, when there is one; with the key, it is only
                checked to be known).

        Raises:
            InvalidValueError: If ``contract`` is not a known contract, or the rows name no
                contract and none is given.
        """
        rows = list(records)
        items = {c.id: tuple(item.name for item in contract_deliveries(c)) for c in contracts}
        chosen = default_contract(contracts, contract)
        owners = row_owners(rows, contract_ids(contracts), chosen, "deliveries").tolist()
        unassigned = unassigned_rows(np.array(owners, dtype=np.str_), list(items))
        skip = {bad.row for bad in unassigned}
        usable: dict[str, list[DeliveryRecord]] = {}
        invalid: dict[str, list[InvalidRow]] = {}
        first: dict[tuple[str, str], int] = {}
        for index, row in enumerate(rows):
            if index in skip:
                continue
            owner = owners[index]
            result = _read_row(index, row, items[owner], first.get((owner, _text(row.get("name")))))
            if isinstance(result, InvalidRow):
                invalid.setdefault(owner, []).append(result)
            else:
                first[owner, result.name] = index
                usable.setdefault(owner, []).append(result)
        return cls(
            rows_in=len(rows),
            records={owner: tuple(found) for owner, found in usable.items()},
            invalid={owner: tuple(bad) for owner, bad in invalid.items()},
            unassigned=unassigned,
        )

    @classmethod
    def from_csv(
        cls,
        source: str | os.PathLike[str] | Iterable[str],
        contracts: Sequence[Contract],
        *,
        contract: str | None = None,
        delimiter: str | None = None,
        encoding: str = "utf-8",
    ) -> ContractDeliveries:
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
            InvalidValueError: If there is no header, the header lacks ``name``, or as
                `from_records`.
        """
        rows = read_record_rows(
            source, DELIVERY_COLUMNS, "name", delimiter=delimiter, encoding=encoding
        )
        return cls.from_rows(rows, contracts, contract=contract)

    @classmethod
    def from_rows(
        cls, rows: RecordRows, contracts: Sequence[Contract], *, contract: str | None = None
    ) -> ContractDeliveries:
        """Share out rows read with `DELIVERY_COLUMNS` (``name`` required), numbered as read.

        The rows come from a file or a table as for `ContractDowntime.from_rows`; the
        malformed ones are unassigned rows.
        """
        shared = cls.from_records(rows.records, contracts, contract=contract)
        numbers = rows.rows
        return cls(
            rows_in=rows.rows_in,
            records=shared.records,
            invalid={
                owner: tuple(renumbered(bad, numbers) for bad in bad_rows)
                for owner, bad_rows in shared.invalid.items()
            },
            unassigned=renumbered_unassigned(shared.unassigned, numbers, rows.malformed),
        )


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _read_row(  # noqa: PLR0911 - one return per reason, in the order they are checked
    index: int, row: Mapping[str, Any], items: tuple[str, ...], earlier: int | None
) -> DeliveryRecord | InvalidRow:
    """One row as a record of the contract whose dated ``items`` are given, or why it is not."""
    name = _text(row.get("name"))
    if not name:
        return InvalidRow(index, "missing name", "name", "", InvalidReason.MISSING_VALUE)
    if name not in items:
        reason = f"no dated deliverable or milestone of the contract is named {name!r}"
        return InvalidRow(index, reason, "name", name, InvalidReason.UNKNOWN_ITEM, items)
    delivered_text = _text(row.get("delivered"))
    try:
        delivered = _date(row.get("delivered"))
    except ValueError:
        reason = "unparseable date (ISO 8601: 2025-03-31)"
        code = InvalidReason.UNPARSEABLE_DATE
        return InvalidRow(index, reason, "delivered", delivered_text, code)
    days_text = _text(row.get("force_majeure_days"))
    try:
        days = int(days_text) if days_text else 0
    except ValueError:
        code = InvalidReason.NOT_WHOLE_NUMBER
        return InvalidRow(index, "not a whole number", "force_majeure_days", days_text, code)
    if days < 0:
        code = InvalidReason.NEGATIVE_DAYS
        return InvalidRow(index, "negative days", "force_majeure_days", days_text, code)
    if earlier is not None:
        reason = f"{name!r} already reported (first at row {earlier})"
        return InvalidRow(index, reason, "name", name, InvalidReason.DUPLICATE_ITEM, (), earlier)
    return DeliveryRecord(name=name, delivered=delivered, force_majeure_days=days)


def _date(value: object) -> pendulum.Date | None:
    """A delivery date from a cell: a date, ISO 8601 text, or nothing (not delivered)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return pendulum.Date(value.year, value.month, value.day)
    text = _text(value)
    if not text:
        return None
    day = dt.date.fromisoformat(text)
    return pendulum.Date(day.year, day.month, day.day)
