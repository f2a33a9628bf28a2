"""Write the synthetic ticket log of the sample portfolio (``examples/tickets.csv``).

Deterministic: the same seed always writes the same bytes. The package ships a copy for
``outsourcing demo`` (``src/outsourcing/samples/tickets.csv``); the test suite checks both are
what this script writes. Run from the repository root::

    python examples/make_tickets.py

What the tickets say (up to September 2025, figures as of 30 September 2025):

- ``atlas-finance`` (payroll and accounting, Casablanca): payslips every month, a few with
  errors (March and June below the accuracy objective); the April DSN filed a day late (a
  critical failure of the on-time SLA); accounting requests mostly within two business days,
  but August misses the objective.
- ``tana-care`` (customer service, Antananarivo), from March: the summer peak (June to
  August) pushes resolution below its objective three months in a row, which opens a right to
  terminate; July is late on first replies too, and satisfaction dips below 85 %.
- ``rhone-it`` (IT maintenance, Lyon), from July 2024: P1 incidents answered within the hour;
  one P1 in May 2025 resolved too late.

Seven rows are bad on purpose, so that reports show how they are accounted for: a timestamp
without a UTC offset, a resolution before the opening, a missing priority, an unknown exclusion
reason, a repeated ticket id, and a contract the portfolio does not have.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
SEED = 2025
COLUMNS = (
    "contract",
    "ticket",
    "opened",
    "first_response",
    "resolved",
    "due",
    "priority",
    "category",
    "exclusion",
    "satisfied",
    "error",
)
#: French public holidays from July 2024 to September 2025: no ticket is opened on them.
HOLIDAYS = frozenset(
    [dt.date(2024, m, d) for m, d in ((8, 15), (11, 1), (11, 11), (12, 25))]
    + [
        dt.date(2025, m, d)
        for m, d in ((1, 1), (4, 21), (5, 1), (5, 8), (5, 29), (6, 9), (7, 14), (8, 15))
    ]
)
ROOT = Path(__file__).resolve().parents[1]
TARGETS = (
    ROOT / "examples" / "tickets.csv",
    ROOT / "src" / "outsourcing" / "samples" / "tickets.csv",
)

Row = dict[str, str]


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A Paris wall-clock instant."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def iso(instant: dt.datetime | None) -> str:
    """ISO 8601 with the UTC offset, to the second (empty when None)."""
    return "" if instant is None else instant.isoformat(timespec="seconds")


def working_days(year: int, month: int) -> list[dt.date]:
    """Monday to Friday of a month, without the holidays."""
    day = dt.date(year, month, 1)
    days = []
    while day.month == month:
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def next_working_day(day: dt.date, count: int = 1) -> dt.date:
    """The working day ``count`` working days after ``day``."""
    while count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in HOLIDAYS:
            count -= 1
    return day


#: The log is exported at the end of 30 September 2025: nothing later is in it.
EXPORTED = dt.datetime(2025, 10, 1, tzinfo=PARIS)


def row(contract: str, ticket: str, **cells: str) -> Row:
    """A CSV row with every column (empty when not given); no instant after the export."""
    for column in ("first_response", "resolved"):
        if cells.get(column) and dt.datetime.fromisoformat(cells[column]) >= EXPORTED:
            cells[column] = ""
    return {"contract": contract, "ticket": ticket} | {c: cells.get(c, "") for c in COLUMNS[2:]}


def atlas(rng: random.Random) -> list[Row]:
    """Payroll runs, DSN filings, payslips and accounting requests, January to September."""
    rows: list[Row] = []
    errors = {3: 3, 6: 2}  # March 98.3 %, June 98.9 %: below 99.5 %
    for month in range(1, 10):
        days = working_days(2025, month)
        payday = days[-3]
        run_due = at(payday, 18)
        rows.append(
            row(
                "atlas-finance",
                f"PAY-2025-{month:02d}",
                opened=iso(at(days[-8], 9)),
                resolved=iso(at(payday, rng.randint(10, 16))),
                due=iso(run_due),
                priority="normal",
                category="payroll-run",
            )
        )
        filing_day = dt.date(2025, month % 12 + 1, 5) if month < 12 else dt.date(2026, 1, 5)
        filed = at(filing_day, 11) + (dt.timedelta(days=1) if month == 4 else dt.timedelta())
        rows.append(
            row(
                "atlas-finance",
                f"DSN-2025-{month:02d}",
                opened=iso(at(payday, 9)),
                resolved=iso(filed) if filed.date() <= dt.date(2025, 9, 30) else "",
                due=iso(at(filing_day, 10, 0) + dt.timedelta(hours=8)),
                priority="normal",
                category="dsn",
            )
        )
        wrong = set(rng.sample(range(180), errors.get(month, 0)))
        rows.extend(
            row(
                "atlas-finance",
                f"PS-2025-{month:02d}-{n:03d}",
                opened=iso(at(payday, 8)),
                priority="normal",
                category="payslip",
                error="1" if n in wrong else "0",
            )
            for n in range(180)
        )
        late = 6 if month == 8 else rng.choice((0, 1, 2))  # August: 6 of 48 late
        for n in range(48):
            opened_day = rng.choice(days[:-2])
            opened = at(opened_day, rng.randint(9, 15), rng.choice((0, 15, 30, 45)))
            if n < late:
                resolved = at(next_working_day(opened_day, 3), 16)
            else:
                resolved = opened + dt.timedelta(hours=rng.randint(1, 3))
            rows.append(
                row(
                    "atlas-finance",
                    f"ACC-2025-{month:02d}-{n:03d}",
                    opened=iso(opened),
                    resolved=iso(resolved),
                    priority="normal",
                    category="accounting-request",
                    exclusion="customer_caused" if n == late else "",
                )
            )
    return rows


def tana(rng: random.Random) -> list[Row]:
    """Customer-service tickets, March to September (the contract starts on 1 March)."""
    rows: list[Row] = []
    slow_resolution = {6: 0.22, 7: 0.27, 8: 0.19}  # above 15 %: breached three months running
    slow_reply = {7: 0.15}
    unhappy = {7: 0.20}
    for month in range(3, 10):
        days = working_days(2025, month)
        for n in range(260):
            opened_day = rng.choice(days[:-1])
            opened = at(opened_day, rng.randint(9, 15), rng.randint(0, 59))
            if rng.random() < slow_reply.get(month, 0.04):
                reply = at(next_working_day(opened_day), 17)
            else:
                reply = opened + dt.timedelta(minutes=rng.randint(5, 150))
            if rng.random() < slow_resolution.get(month, 0.06):
                resolved = at(next_working_day(opened_day, 4), 12)
            else:
                resolved = reply + dt.timedelta(hours=rng.randint(1, 20))
            open_at_end = month == 9 and opened_day >= days[-4] and n % 5 == 0
            answered = n % 2 == 0
            satisfied = rng.random() >= unhappy.get(month, 0.08)
            exclusion = ""
            if n % 97 == 5:
                exclusion = "customer_caused"
            elif month == 4 and n % 61 == 7:
                exclusion = "force_majeure"  # the April transport strike
            rows.append(
                row(
                    "tana-care",
                    f"CS-{month:02d}{n:04d}",
                    opened=iso(opened),
                    first_response=iso(reply),
                    resolved="" if open_at_end else iso(resolved),
                    priority="urgent" if n % 10 == 0 else "normal",
                    category=("order", "delivery", "return")[n % 3],
                    exclusion=exclusion,
                    satisfied="" if not answered or open_at_end else ("1" if satisfied else "0"),
                )
            )
    return rows


def rhone(rng: random.Random) -> list[Row]:
    """IT incidents, P1 to P4, from the start of the contract (July 2024) to September 2025."""
    rows: list[Row] = []
    for year, month in [(2024, m) for m in range(7, 13)] + [(2025, m) for m in range(1, 10)]:
        days = working_days(year, month)
        for n in range(36):
            opened_day = rng.choice(days)
            opened = at(opened_day, rng.randint(8, 14), rng.randint(0, 59))
            priority = "P1" if n < 6 else ("P2", "P3", "P4")[n % 3]
            response = opened + dt.timedelta(minutes=rng.randint(4, 50))
            late_p1 = (year, month) == (2025, 5) and n == 0
            hours = 6 if late_p1 else (rng.randint(1, 3) if priority == "P1" else 30)
            rows.append(
                row(
                    "rhone-it",
                    f"INC-{year % 100}{month:02d}{n:03d}",
                    opened=iso(opened),
                    first_response=iso(response),
                    resolved=iso(opened + dt.timedelta(hours=hours)),
                    priority=priority,
                    category="workstation" if n % 2 else "server",
                    exclusion="planned_maintenance" if n == 35 else "",
                )
            )
    return rows


def bad_rows() -> list[Row]:
    """Rows wrong on purpose: each one must show up in reports with its reason."""
    day = dt.date(2025, 6, 12)
    return [
        row("tana-care", "CS-BAD-1", opened="2025-06-12T10:00:00", priority="normal"),
        row(
            "tana-care",
            "CS-BAD-2",
            opened=iso(at(day, 15)),
            resolved=iso(at(day, 11)),
            priority="normal",
        ),
        row("rhone-it", "INC-BAD-3", opened=iso(at(day, 9))),
        row(
            "atlas-finance",
            "ACC-BAD-4",
            opened=iso(at(day, 10)),
            resolved=iso(at(day, 12)),
            priority="normal",
            category="accounting-request",
            exclusion="holiday",
        ),
        row("tana-care", "CS-030001", opened=iso(at(day, 14)), priority="normal"),
        row("acme-legal", "LEG-1", opened=iso(at(day, 9)), priority="normal"),
        row("", "CS-BAD-7", opened=iso(at(day, 16)), priority="normal"),
    ]


def tickets(seed: int = SEED) -> str:
    """The CSV text: tickets in opening order, then the bad rows."""
    rng = random.Random(seed)
    rows = atlas(rng) + tana(rng) + rhone(rng)
    rows.sort(key=lambda r: (r["opened"], r["ticket"]))
    rows.extend(bad_rows())
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main() -> None:
    """Write the CSV to ``examples/`` and to the package's samples."""
    text = tickets()
    for target in TARGETS:
        target.write_text(text, encoding="utf-8")
        sys.stdout.write(f"wrote {target.relative_to(ROOT)} ({text.count(chr(10)) - 1} rows)\n")


if __name__ == "__main__":
    main()
