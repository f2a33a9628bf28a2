"""The merged partial's size as rows grow: measured at 10^6, 10^7 and 10^8 rows, in one process.

Run from the repository root::

    .venv/bin/python benchmarks/partial_size.py [--rows 100000000] [--chunk 1000000]

The tickets are those of ``benchmarks/scale.py`` (the sample portfolio's ``tana-care``
contract, second-precision times), generated ``--chunk`` rows at a time in memory (no file),
each chunk measured into a partial and merged into the running total, as the merge tree of a
cluster would. At each power of ten of rows it prints the merged partial's size (bytes of its
arrays and pickled), its distinct measured times and the bound on them: per SLA and period, a
histogram holds at most one count per second of the period's range of measured times, so its
size stops growing with the rows once the range is filled (the ``bound`` column: the bytes of
every histogram held dense over its present range, with 4-byte counts).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import AS_OF, CONTRACT, ticket_table

from outsourcing.samples import sample_portfolio
from outsourcing.sla.measurement import ServiceMeasurements, measure_slas
from outsourcing.sla.records.arrow_reading import table_columns
from outsourcing.sla.records.ticket_log import TicketLog


def main() -> None:
    """Measure chunk after chunk, print the merged partial's size at each power of ten."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--chunk", type=int, default=1_000_000)
    options = parser.parse_args()
    contract = sample_portfolio().contract(CONTRACT)
    random = np.random.default_rng(2026)
    merged: ServiceMeasurements | None = None
    done, next_report, began = 0, 1_000_000, time.perf_counter()
    print("rows         arrays MB  pickled MB  distinct    bound MB  seconds")
    while done < options.rows:
        n = min(options.chunk, options.rows - done)
        log = TicketLog.from_table(table_columns(ticket_table(random, done, n, repeat=False)))
        part = measure_slas(contract, log, as_of=AS_OF)
        merged = part if merged is None else merged.merge(part)
        done += n
        if done >= next_report or done == options.rows:
            histograms = [h for sla in merged.slas for h in sla.histograms]
            arrays = sum(sla.nbytes for sla in merged.slas)
            pickled = len(pickle.dumps(merged))
            distinct = sum(h.distinct for h in histograms)
            bound = sum(h.span for h in histograms) * 4
            print(
                f"{done:<12,} {arrays / 1e6:9.2f} {pickled / 1e6:11.2f}  {distinct:<10,} "
                f"{bound / 1e6:8.2f} {time.perf_counter() - began:8.0f}"
            )
            next_report *= 10


if __name__ == "__main__":
    main()
