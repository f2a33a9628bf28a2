"""``--invalid-rows FILE``: every input row not used, written to one JSON Lines file.

The report counts the rows not used (invalid, or naming no known contract) and lists them; this
file holds each of them with its source file, row number, reason (code and words), the contract
it belongs to and its cells as read back from the file (see
`outsourcing.sla.records.invalid_file`). Rows of the ticket file come first, then those of the
downtime and delivery records, each in row order.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from outsourcing.cli.output import write_atomically
from outsourcing.exceptions import DocumentError
from outsourcing.sla.portfolio import PortfolioServiceLevels
from outsourcing.sla.records.invalid_file import csv_cells, write_invalid_rows

__all__ = ["write_invalid_rows_file"]


def write_invalid_rows_file(
    path: Path,
    levels: PortfolioServiceLevels,
    sources: Mapping[str, Path | None],
    *,
    delimiter: str | None = None,
    encoding: str = "utf-8",
) -> int:
    """Write the rows not used of each record read from a file; return how many were written.

    Args:
        path: The file to write (replaced whole).
        levels: The evaluated service levels (where every row went).
        sources: The file each record kind was read from (None: not given).
        delimiter: The ticket file's cell separator (None: detected).
        encoding: The ticket file's text encoding (the other records are UTF-8).
    """
    text = io.StringIO()
    written = 0
    for kind, source in sources.items():
        if source is None:
            continue
        rows = levels.unused_rows(kind)
        wanted = {bad.row for _, bad in rows}
        try:
            if kind == "tickets":
                cells = csv_cells(source, wanted, delimiter=delimiter, encoding=encoding)
            else:
                cells = csv_cells(source, wanted)
        except (OSError, UnicodeDecodeError) as error:
            raise DocumentError([f"{source}: {error}"], f"{kind} file") from None
        written += write_invalid_rows(text, rows, source=str(source), cells=cells)
    write_atomically(path, text.getvalue())
    return written
