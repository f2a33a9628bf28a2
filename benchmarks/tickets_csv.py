"""Time and peak memory of reading a large ticket CSV (`TicketLog` and `ContractTickets`).

Run from the repository root::

    .venv/bin/python benchmarks/tickets_csv.py [--rows 1000000]
        [--baseline OTHER/src]

The script writes a deterministic CSV (the columns of ``examples/tickets.csv``, three
contracts, ISO instants with offsets, about 110 bytes a row, a few bad rows of every kind: a
naive timestamp, a resolution before the opening, a missing priority, an unknown exclusion
reason, a repeated ticket id, an unknown contract, a quoted category with a comma, a non-ASCII
category) into a temporary directory. Each measurement runs in a fresh subprocess that imports
the library, records its resident memory (``ru_maxrss``), reads the file from disk, and reports
the wall and processor time and the peak resident memory, both in total and above what the
imports took. The ratios use processor time, steadier than wall time on a busy machine.

``--baseline`` measures another source tree too (``../other-checkout/src``, say) and
prints the ratios baseline / this tree.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from outsourcing.sla.records.ticket_log import TICKET_COLUMNS  # noqa: E402 - after the path is set,

#: The columns of ``examples/tickets.csv``: the ticket columns but the numbers, and the contract.
COLUMNS = (
    "contract",
    *(c for c in TICKET_COLUMNS if c not in {"work_seconds", "satisfaction_score"}),
)
CONTRACTS = ("atlas-finance", "tana-care", "rhone-it")

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
import numpy
from outsourcing.sla.records.contract_tickets import ContractTickets
from outsourcing.sla.records.ticket_log import TicketLog
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu = time.perf_counter(), time.process_time()
with open(sys.argv[3], encoding="utf-8", newline="") as stream:
    if sys.argv[2] == "TicketLog.from_csv":
        log = TicketLog.from_csv(stream)
        counts = [len(log), len(log.invalid), log.rows_in]
    else:
        tickets = ContractTickets.from_csv(stream, sys.argv[4:])
        valid = sum(len(part) for part in tickets.logs.values())
        invalid = sum(len(part.invalid) for part in tickets.logs.values())
        counts = [valid, invalid + len(tickets.unassigned), tickets.rows_in]
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
figures = {"seconds": seconds, "cpu": cpu, "peak_kb": peak, "imports_kb": before}
print(json.dumps({**figures, "counts": counts}))
"""


def _iso(seconds: np.ndarray, offset_hours: np.ndarray) -> np.ndarray:
    local = (seconds + offset_hours * 3600).astype("datetime64[s]")
    text = np.datetime_as_string(local, unit="s")
    sign = np.where(offset_hours < 0, "-", "+")
    offset = np.char.add(sign, np.char.zfill(np.abs(offset_hours).astype(str), 2))
    return np.char.add(np.char.add(text, offset), ":00")


def write_csv(path: Path, rows: int) -> None:
    """Write the deterministic benchmark file."""
    random = np.random.default_rng(2025)
    opened = 1_704_067_200 + random.integers(0, 365 * 86_400, rows)
    offset = random.choice([0, 1, 2, 3, -5], rows)
    first = opened + random.integers(60, 7200, rows)
    resolved = first + random.integers(600, 5 * 86_400, rows)
    columns = {
        "contract": random.choice(CONTRACTS[:2], rows).astype(object),
        "ticket": np.char.add("INC-", np.arange(rows).astype(str)).astype(object),
        "opened": _iso(opened, offset).astype(object),
        "first_response": _iso(first, offset).astype(object),
        "resolved": np.where(random.random(rows) < 0.05, "", _iso(resolved, offset).astype(object)),
        "due": np.full(rows, "", dtype=object),
        "priority": random.choice(["P1", "P2", "P3", "P4"], rows).astype(object),
        "category": random.choice(["server", "workstation", "network", "access"], rows).astype(
            object
        ),
        "exclusion": np.where(random.random(rows) < 0.01, "planned_maintenance", "").astype(object),
        "satisfied": random.choice(["", "1", "0"], rows).astype(object),
        "error": random.choice(["", "", "0", "1"], rows).astype(object),
    }
    bad = {  # row -> (column, value): one of each kind of bad row, spread over the file
        rows // 7: ("opened", "2024-05-01T10:00:00"),
        rows // 5: ("resolved", "2023-01-01T00:00:00Z"),
        rows // 3: ("priority", ""),
        rows // 2: ("exclusion", "holiday"),
        rows - 2: ("ticket", "INC-0"),
        rows - 3: ("contract", CONTRACTS[2]),
        rows // 4: ("category", "server, rack 4"),
        rows // 6: ("category", "réseau"),
    }
    for row, (column, value) in bad.items():
        columns[column][row] = value
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(COLUMNS)
        step = 100_000
        for begin in range(0, rows, step):
            writer.writerows(zip(*(columns[c][begin : begin + step] for c in COLUMNS), strict=True))


def measure(src: Path, what: str, path: Path) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter (the third contract is not in the portfolio)."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _CHILD, str(src), what, str(path), *CONTRACTS[:2]],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> None:
    """Write the file, measure both readers (and the baseline tree), print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--baseline", type=Path, help="another source tree to compare with")
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.write is not None:
        write_csv(options.write, options.rows)
        return
    trees = {"this tree": ROOT / "src"}
    if options.baseline is not None:
        trees["baseline"] = options.baseline
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "tickets.csv"
        # written by a child: a forked child inherits the parent's peak memory (ru_maxrss)
        subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, __file__, "--rows", str(options.rows), "--write", str(path)],
            check=True,
        )
        size = path.stat().st_size / 1e6
        print(f"{options.rows} rows, {size:.1f} MB of CSV")
        for what in ("TicketLog.from_csv", "ContractTickets.from_csv"):
            figures = {}
            for name, src in trees.items():
                figures[name] = result = measure(src, what, path)
                peak, imports = int(result["peak_kb"]), int(result["imports_kb"])
                print(
                    f"{what:26} {name:10} {float(result['seconds']):6.2f} s "
                    f"(cpu {float(result['cpu']):6.2f} s) "
                    f"peak {peak / 1024:7.0f} MB (+{(peak - imports) / 1024:5.0f} MB over "
                    f"imports)  valid/bad/rows {result['counts']}"
                )
            if len(figures) == 2:
                ours, theirs = figures["this tree"], figures["baseline"]
                time_ratio = float(theirs["cpu"]) / float(ours["cpu"])
                memory_ratio = (int(theirs["peak_kb"]) - int(theirs["imports_kb"])) / max(
                    int(ours["peak_kb"]) - int(ours["imports_kb"]),
                    1,
                )
                print(
                    f"{'':26} baseline / this tree: {time_ratio:.1f}x cpu time, "
                    f"{memory_ratio:.1f}x memory over imports"
                )


if __name__ == "__main__":
    main()
