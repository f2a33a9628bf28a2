"""Reading an index series (Syntec, an INSEE series) from a CSV file the user supplies.

The file has one row per month: a month column (``YYYY-MM`` or ``YYYY-MM-DD``) and a value
column. Commas or semicolons separate the fields; a decimal comma is read as a decimal point
(French downloads write ``112,4``). Every bad row is reported at once, with its line number.
No index values ship with the library: their licences are the publishers'.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path

from outsourcing.exceptions import DocumentError, InvalidValueError
from outsourcing.model.price_revision import IndexSeries, to_month

__all__ = ["read_index_series"]


def read_index_series(
    path: str | Path,
    *,
    name: str,
    source: str = "",
    month_column: str = "month",
    value_column: str = "value",
) -> IndexSeries:
    """Read a monthly index series from a CSV file.

    Args:
        path: The CSV file, with a header row.
        name: The index's name, as revision clauses name it (``"Syntec"``).
        source: Where the values come from (default: the file's name).
        month_column: The header of the month column.
        value_column: The header of the value column.

    Returns:
        The series.

    Raises:
        DocumentError: If the file cannot be read, lacks a column, or has bad rows (each one
            listed with its line), or a month twice.
    """
    where = Path(path)
    try:
        text = where.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise DocumentError([f"{where}: {error.strerror or error}"], "index series") from None
    delimiter = (
        ";" if text.partition("\n")[0].count(";") > text.partition("\n")[0].count(",") else ","
    )
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = [c for c in (month_column, value_column) if c not in (reader.fieldnames or ())]
    if missing:
        raise DocumentError(
            [f"{where}: no column {c!r} (columns: {reader.fieldnames})" for c in missing],
            "index series",
        )
    values: dict[str, Decimal] = {}
    errors: list[str] = []
    for line, row in enumerate(reader, start=2):
        month_text = (row.get(month_column) or "").strip()
        value_text = (row.get(value_column) or "").strip().replace(",", ".")
        try:
            month = f"{to_month(month_text):%Y-%m}"
        except InvalidValueError:
            errors.append(
                f"{where}:{line}: {month_column}: not a month YYYY-MM, got {month_text!r}"
            )
            continue
        try:
            value = Decimal(value_text)
        except InvalidOperation:
            errors.append(f"{where}:{line}: {value_column}: not a number, got {value_text!r}")
            continue
        if month in values:
            errors.append(f"{where}:{line}: {month_column}: month {month} given twice")
            continue
        values[month] = value
    if errors:
        raise DocumentError(errors, "index series")
    try:
        return IndexSeries(name=name, values=values, source=source or where.name)
    except InvalidValueError as error:
        raise DocumentError([f"{where}: {error}"], "index series") from None
