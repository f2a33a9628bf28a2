"""Time and peak memory of reading a large ticket CSV (`TicketLog` and `ContractTickets`).

Run from the repository root::

    .venv/bin/python benchmarks/tickets_csv.py [--rows 1000000] [--repeat 3] [--paths-only]
        [--baseline OTHER/src]

Readers measured: ``pandas.read_csv`` (its default call, the reference: every instant left as
an unparsed string), the same read as hand-written pandas would check it (categories, the four
instant columns parsed as aware times with ``to_datetime``, repeated ticket ids and resolutions
before the opening flagged: the work the library's reader does, for scale), the pyarrow reading
alone as the library calls it (every cell as text, or with the categorical columns
dictionary-encoded: what any columnar reader pays before checking a single row), the pyarrow
reader (`TicketLog.from_csv` and `ContractTickets.from_csv` given a path), the text reader
(given an open text file), and the same tickets as typed Parquet (aware timestamps,
dictionary-encoded categories) into a `TicketLog` through `read_parquet_table`. Targets: a path
read in at most 1.5x the processor time of ``pandas.read_csv`` with at most 500 MB peak;
Parquet in 0.3 s.

The script writes a deterministic CSV (the columns of ``examples/tickets.csv``, three
contracts, ISO instants with offsets, about 110 bytes a row, a few bad rows of every kind: a
naive timestamp, a resolution before the opening, a missing priority, an unknown exclusion
reason, a repeated ticket id, an unknown contract, a quoted category with a comma, a non-ASCII
category) into a temporary directory. Each measurement runs in a fresh subprocess that imports
the library, records its resident memory (``ru_maxrss``), reads the file from disk, and reports
the wall and processor time and the peak resident memory, both in total and above what the
imports took. Every reader runs ``--repeat`` times, round after round; the fastest processor
time of each is compared (the median is printed too), steadier than wall time on a busy
machine.

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
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import numpy
from outsourcing.sla.records.contract_tickets import ContractTickets
from outsourcing.sla.records.ticket_log import TicketLog
from outsourcing.samples import sample_portfolio
what = sys.argv[2]
contracts = [c for c in sample_portfolio().contracts if c.id in sys.argv[4:]]
if what.startswith("pandas.read_csv"):
    import pandas
if what.startswith("Parquet") or what.endswith("(path)"):  # imports are not timed
    from outsourcing.sla.records.arrow_reading import read_parquet_table
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu = time.perf_counter(), time.process_time()
if what == "pandas.read_csv":
    frame = pandas.read_csv(sys.argv[3])
    counts = [len(frame), 0, len(frame)]
elif what == "pandas.read_csv, checked":  # what hand-written pandas does to know as much
    frame = pandas.read_csv(
        sys.argv[3], dtype={name: "category" for name in ("contract", "priority", "category")}
    )
    for name in ("opened", "first_response", "resolved", "due"):
        frame[name] = pandas.to_datetime(frame[name], utc=True, format="ISO8601", errors="coerce")
    repeated = frame["ticket"].duplicated(keep=False)
    bad = frame["opened"].isna() | (frame["resolved"] < frame["opened"]) | repeated
    counts = [int((~bad).sum()), int(bad.sum()), len(frame)]
elif what.startswith("pyarrow.csv.read_csv"):  # the reading alone, as the library reads
    import pyarrow, pyarrow.csv
    header = open(sys.argv[3], encoding="utf-8").readline().strip().split(",")
    coded = {"contract", "priority", "category", "exclusion", "satisfied", "error"}
    dictionary = pyarrow.dictionary(pyarrow.int32(), pyarrow.string())
    types = {
        name: dictionary if "dictionary" in what and name in coded else pyarrow.string()
        for name in header
    }
    table = pyarrow.csv.read_csv(
        sys.argv[3],
        read_options=pyarrow.csv.ReadOptions(use_threads=False),
        parse_options=pyarrow.csv.ParseOptions(invalid_row_handler=lambda row: "skip"),
        convert_options=pyarrow.csv.ConvertOptions(
            column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False
        ),
    )
    counts = [table.num_rows, 0, table.num_rows]
elif what.startswith("Parquet"):
    log = TicketLog.from_table(read_parquet_table(sys.argv[3]))
    counts = [len(log), len(log.invalid), log.rows_in]
elif what == "TicketLog.from_csv(path)":
    log = TicketLog.from_csv(Path(sys.argv[3]))
    counts = [len(log), len(log.invalid), log.rows_in]
elif what == "ContractTickets.from_csv(path)":
    tickets = ContractTickets.from_csv(Path(sys.argv[3]), contracts)
    valid = sum(len(part) for part in tickets.logs.values())
    invalid = sum(len(part.invalid) for part in tickets.logs.values())
    counts = [valid, invalid + len(tickets.unassigned), tickets.rows_in]
else:
  with open(sys.argv[3], encoding="utf-8", newline="") as stream:
    if what == "TicketLog.from_csv(text)":
        log = TicketLog.from_csv(stream)
        counts = [len(log), len(log.invalid), log.rows_in]
    else:
        tickets = ContractTickets.from_csv(stream, contracts)
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
    write_parquet(path.with_suffix(".parquet"), columns, opened, first, resolved)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(COLUMNS)
        step = 100_000
        for begin in range(0, rows, step):
            writer.writerows(zip(*(columns[c][begin : begin + step] for c in COLUMNS), strict=True))


def write_parquet(
    path: Path,
    columns: dict[str, np.ndarray],
    opened: np.ndarray,
    first: np.ndarray,
    resolved: np.ndarray,
) -> None:
    """The same tickets as typed Parquet: aware timestamps, categories as dictionaries."""
    import pyarrow as pa  # noqa: PLC0415 - only this writer needs it
    import pyarrow.parquet as pq  # noqa: PLC0415

    def instants(seconds: np.ndarray, text: np.ndarray) -> pa.Array:
        return pa.array(np.where(text == "", None, seconds), type=pa.timestamp("s", tz="UTC"))

    table = pa.table(
        {
            "ticket": pa.array(columns["ticket"].astype(str)),
            "opened": instants(opened, columns["opened"]),
            "first_response": instants(first, columns["first_response"]),
            "resolved": instants(resolved, columns["resolved"]),
            **{
                name: pa.array(columns[name].astype(str)).dictionary_encode()
                for name in ("priority", "category", "exclusion", "satisfied", "error")
            },
        }
    )
    pq.write_table(table, path)


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


READERS = (
    "pandas.read_csv",
    "pandas.read_csv, checked",
    "pyarrow.csv.read_csv (text)",
    "pyarrow.csv.read_csv (dictionary)",
    "TicketLog.from_csv(path)",
    "ContractTickets.from_csv(path)",
    "TicketLog.from_csv(text)",
    "ContractTickets.from_csv(text)",
    "Parquet into a TicketLog",
)
#: The readers the targets are about, and the reading alone that they all start with.
PATH_READERS = READERS[:6] + READERS[8:]


def main() -> None:
    """Write the file, measure every reader (and the baseline tree), print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--baseline", type=Path, help="another source tree to compare with")
    parser.add_argument("--repeat", type=int, default=3, help="fresh runs of each reader")
    parser.add_argument(
        "--paths-only", action="store_true", help="leave out the (slow) text readers"
    )
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.write is not None:
        write_csv(options.write, options.rows)
        return
    trees = {"this tree": ROOT / "src"}
    if options.baseline is not None:
        trees["baseline"] = options.baseline
    readers = PATH_READERS if options.paths_only else READERS
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "tickets.csv"
        # written by a child: a forked child inherits the parent's peak memory (ru_maxrss)
        subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, __file__, "--rows", str(options.rows), "--write", str(path)],
            check=True,
        )
        size = path.stat().st_size / 1e6
        print(f"{options.rows} rows, {size:.1f} MB of CSV, {options.repeat} fresh runs each")
        runs: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for _ in range(options.repeat):  # round after round: a busy moment hits every reader
            for what in readers:
                source = path.with_suffix(".parquet") if what.startswith("Parquet") else path
                for name, src in trees.items():
                    runs.setdefault((what, name), []).append(measure(src, what, source))
        report(runs, list(trees), readers)


def report(
    runs: dict[tuple[str, str], list[dict[str, Any]]], trees: list[str], readers: tuple[str, ...]
) -> None:
    """Print each reader's fastest and median processor time, its peak, and the ratios."""
    cpu = {key: min(float(run["cpu"]) for run in found) for key, found in runs.items()}
    for (what, name), found in runs.items():
        times = sorted(float(run["cpu"]) for run in found)
        peak = min(int(run["peak_kb"]) for run in found)
        imports = min(int(run["imports_kb"]) for run in found)
        print(
            f"{what:34} {name:10} cpu {times[0]:5.2f} s (median {times[len(times) // 2]:5.2f})"
            f"  peak {peak / 1024:5.0f} MB (+{(peak - imports) / 1024:4.0f} over imports)"
            f"  valid/bad/rows {found[0]['counts']}"
        )
    for name in trees:
        pandas = cpu["pandas.read_csv", name]
        print(f"-- {name}: fastest cpu time / pandas.read_csv's ({pandas:.2f} s)")
        for what in readers[1:]:
            if not what.startswith("Parquet"):
                ratio = cpu[what, name] / pandas
                target = "  (target <= 1.5x)" if what.endswith("(path)") else ""
                if what.endswith("(path)") and ("pandas.read_csv, checked", name) in cpu:
                    checked = cpu[what, name] / cpu["pandas.read_csv, checked", name]
                    target += f"; {checked:.2f}x the checked pandas read"
                print(f"   {what:34} {ratio:5.2f}x{target}")
        if "Parquet into a TicketLog" in readers:
            print(
                f"   Parquet into a TicketLog: {cpu['Parquet into a TicketLog', name]:.2f} s"
                " (target <= 0.3 s)"
            )


if __name__ == "__main__":
    main()
