"""Write the downtime record of the sample portfolio (``examples/downtime.csv``).

Deterministic (no randomness: the same script always writes the same bytes). The package ships
a copy for ``outsourcing demo`` (``src/outsourcing/samples/downtime.csv``); the test suite
checks both are what this script writes. Run from the repository root::

    python examples/make_downtime.py

What the record says (``rhone-it``: servers and the Microsoft 365 tenant, 99.5 % a month,
24×7, planned maintenance and force majeure excluded), from July 2024 to September 2025:

- a four-hour planned maintenance window on the first Sunday of every month (excluded);
- short incidents most months (20 to 75 minutes: the month stays above 99.5 %);
- a regional power cut on 14 November 2024 (six hours, force majeure: excluded);
- a disk-array failure on 21 January 2025 (five hours: 99.33 %, the 5 % tier);
- the Microsoft 365 cut-over overrunning on 17-18 March 2025 (nine hours: 98.79 %, the 10 %
  tier).

The columns are ``contract``, ``start``, ``end``, ``exclusion`` (read by the library) and
``description`` (free text, ignored). Five rows are bad on purpose, so that reports show how
they are accounted for: a start without a UTC offset, an end before the start, an unknown
exclusion reason, a contract the portfolio does not have, and a row with no contract.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
COLUMNS = ("contract", "start", "end", "exclusion", "description")
CONTRACT = "rhone-it"
ROOT = Path(__file__).resolve().parents[1]
TARGETS = (
    ROOT / "examples" / "downtime.csv",
    ROOT / "src" / "outsourcing" / "samples" / "downtime.csv",
)
MONTHS = [(2024, m) for m in range(7, 13)] + [(2025, m) for m in range(1, 10)]
#: Minutes of unplanned incidents per month (the month stays above 99.5 %).
SMALL_INCIDENTS = {
    (2024, 7): (35,),
    (2024, 8): (20, 25),
    (2024, 9): (50,),
    (2024, 10): (75,),
    (2024, 12): (40, 30),
    (2025, 2): (45,),
    (2025, 4): (60,),
    (2025, 5): (25, 20),
    (2025, 6): (55,),
    (2025, 7): (30,),
    (2025, 9): (70,),
}

Row = dict[str, str]


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A Paris wall-clock instant."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def iso(instant: dt.datetime) -> str:
    """ISO 8601 with the UTC offset, to the second."""
    return instant.isoformat(timespec="seconds")


def row(start: dt.datetime, end: dt.datetime, description: str, exclusion: str = "") -> Row:
    """A downtime of the IT contract."""
    return {
        "contract": CONTRACT,
        "start": iso(start),
        "end": iso(end),
        "exclusion": exclusion,
        "description": description,
    }


def first_sunday(year: int, month: int) -> int:
    """Day of the month of its first Sunday."""
    first = dt.date(year, month, 1)
    return 1 + (6 - first.weekday()) % 7


def maintenance() -> list[Row]:
    """The monthly maintenance window: first Sunday, 01:00 to 05:00."""
    rows = []
    for year, month in MONTHS:
        start = at(year, month, first_sunday(year, month), 1)
        rows.append(
            row(start, start + dt.timedelta(hours=4), "monthly patching", "planned_maintenance")
        )
    return rows


def incidents() -> list[Row]:
    """Short incidents, on the 10th and 20th at 14:00, and the three long outages."""
    rows = []
    for (year, month), minutes in SMALL_INCIDENTS.items():
        for day, length in zip((10, 20), minutes, strict=False):
            start = at(year, month, day, 14)
            rows.append(row(start, start + dt.timedelta(minutes=length), "incident"))
    rows.append(
        row(
            at(2024, 11, 14, 8),
            at(2024, 11, 14, 14),
            "regional power cut (grid operator)",
            "force_majeure",
        )
    )
    rows.append(row(at(2025, 1, 21, 9, 30), at(2025, 1, 21, 14, 30), "disk-array failure"))
    rows.append(
        row(at(2025, 3, 17, 22), at(2025, 3, 18, 7), "Microsoft 365 cut-over overran its window")
    )
    return rows


def bad_rows() -> list[Row]:
    """Rows wrong on purpose: each one must show up in reports with its reason."""
    start = at(2025, 6, 12, 10)
    end = start + dt.timedelta(hours=1)
    naive = row(start, end, "start without a UTC offset")
    naive["start"] = "2025-06-12T10:00:00"
    backwards = row(end, start, "end before the start")
    unknown_reason = row(start, end, "exclusion reason not in the contract", "scheduled")
    other = row(start, end, "a contract the portfolio does not have") | {"contract": "acme-legal"}
    nobody = row(start, end, "no contract") | {"contract": ""}
    return [naive, backwards, unknown_reason, other, nobody]


def downtime() -> str:
    """The CSV text: downtime in start order, then the bad rows."""
    rows = maintenance() + incidents()
    rows.sort(key=lambda r: dt.datetime.fromisoformat(r["start"]))
    rows.extend(bad_rows())
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main() -> None:
    """Write the CSV to ``examples/`` and to the package's samples."""
    text = downtime()
    for target in TARGETS:
        target.write_text(text, encoding="utf-8")
        sys.stdout.write(f"wrote {target.relative_to(ROOT)} ({text.count(chr(10)) - 1} rows)\n")


if __name__ == "__main__":
    main()
