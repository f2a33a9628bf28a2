"""SLA evaluation of a Parquet ticket dataset on a 2-worker Dask LocalCluster against one process.

Run from the repository root::

    .venv/bin/python benchmarks/scale.py [--rows 10000000] [--files 16] [--workers 2]
        [--one-process log|files] [--dask-malloc-trim]

The script writes ``--rows`` tickets of the sample portfolio's ``tana-care`` contract (business
hours calendar, three SLAs) as ``--files`` Parquet files (aware timestamps, categories as
dictionaries, one repeated ticket id across two files), then evaluates them:

- in one process: the dataset read as one Arrow table, one `TicketLog`, `evaluate_slas`, timed
  (``--one-process files``: the cluster's evaluation file by file in this process, under Dask's
  synchronous scheduler, for datasets whose one log would not fit in memory);
- on a `distributed.LocalCluster` of ``--workers`` single-threaded worker processes with
  `evaluate_slas_on_dask`, timed after the cluster has started, twice (the first run also
  imports the library and compiles the calendar in each worker; rows/s use the second).

It prints rows/s of the single process, rows/s per worker on the cluster, the parallel
efficiency (cluster rows/s / (workers × single-process rows/s), target >= 60 %), the merged
partial's size (bytes of its arrays, pickled, distinct measured times) and the peak resident
memory of each worker, and checks that both reports are equal.

The workers keep the memory they free: Dask's default ``MALLOC_TRIM_THRESHOLD_=65536`` makes
glibc map and unmap every large numpy temporary, which costs more than the arithmetic;
``--dask-malloc-trim`` starts them with it, for comparison.

The machine may be shared: the load average is printed before and after each timed run, and
the CPU seconds of the single process, of the workers, the scheduler and the client, so that
the work done can be told apart from the time waited for a core. The CPU efficiency is the
single process's CPU seconds over the workers' (1 when distributing adds no work).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pickle
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import pyarrow as pa
import pyarrow.parquet as pq

from outsourcing.model.contract import Contract
from outsourcing.samples import sample_portfolio
from outsourcing.sla.assessment import evaluate_slas
from outsourcing.sla.distributed import evaluate_slas_on_dask, measure_on_dask
from outsourcing.sla.measurement import ServiceMeasurements
from outsourcing.sla.records.arrow_reading import table_columns
from outsourcing.sla.records.ticket_log import TicketLog
from outsourcing.sla.results import ServiceReport

CONTRACT = "tana-care"
AS_OF = dt.datetime(2026, 2, 28, 12, 0, tzinfo=dt.UTC)
START = int(dt.datetime(2025, 3, 1, tzinfo=dt.UTC).timestamp())


def ticket_table(random: np.random.Generator, first: int, n: int, *, repeat: bool) -> pa.Table:
    """``n`` deterministic tickets numbered from ``first`` (``repeat``: the last is ``CS-0``)."""
    opened = START + random.integers(0, 360 * 86_400, n)
    response = opened + random.integers(60, 8 * 3600, n)
    resolved = response + random.integers(600, 3 * 86_400, n)
    open_now = random.random(n) < 0.03
    ids = np.char.add("CS-", np.arange(first, first + n).astype(str)).astype(object)
    if repeat and n:
        ids[-1] = "CS-0"  # repeats the first ticket of the first file
    return pa.table(
        {
            "ticket": pa.array(ids, type=pa.string()),
            "opened": pa.array(opened, type=pa.timestamp("s", tz="UTC")),
            "first_response": pa.array(response, type=pa.timestamp("s", tz="UTC")),
            "resolved": pa.array(
                np.where(open_now, None, resolved), type=pa.timestamp("s", tz="UTC")
            ),
            "priority": pa.array(random.choice(["urgent", "normal", "low"], n)).dictionary_encode(),
            "category": pa.array(
                random.choice(["order", "delivery", "return", "billing"], n)
            ).dictionary_encode(),
            "satisfied": pa.array(random.choice(["", "1", "0"], n)).dictionary_encode(),
        }
    )


def write_dataset(directory: Path, rows: int, files: int) -> None:
    """Deterministic tickets as ``files`` Parquet files; the last file repeats a ticket id."""
    random = np.random.default_rng(2026)
    per_file = -(-rows // files)
    for index in range(files):
        first = index * per_file
        n = min(rows, first + per_file) - first
        table = ticket_table(random, first, n, repeat=index == files - 1)
        pq.write_table(table, directory / f"tickets-{index:04d}.parquet")


def one_process(contract: Contract, folder: Path) -> tuple[ServiceReport, float, float]:
    """The dataset read as one table, one log, evaluated in this process.

    Returns the report, the wall seconds and the CPU seconds (Arrow may read on two threads).
    """
    start, cpu = time.perf_counter(), time.process_time()
    table = table_columns(pq.read_table(folder))
    report = evaluate_slas(contract, TicketLog.from_table(table), as_of=AS_OF)
    return report, time.perf_counter() - start, time.process_time() - cpu


def one_process_by_file(contract: Contract, folder: Path) -> tuple[ServiceReport, float, float]:
    """The same evaluation as the cluster's, file by file in this process (no log of it all).

    Dask's synchronous scheduler runs every task here, one at a time: memory stays that of a
    file, for datasets one log of which would not fit. Returns as `one_process`.
    """
    import dask  # noqa: PLC0415 - the dask extra

    start, cpu = time.perf_counter(), time.process_time()
    with dask.config.set(scheduler="synchronous"):
        report = evaluate_slas_on_dask(contract, str(folder / "*.parquet"), as_of=AS_OF)
    return report, time.perf_counter() - start, time.process_time() - cpu


def _peak_kb() -> int:
    """The process's own peak resident memory (VmHWM: ru_maxrss would count the parent's).

    Linux keeps ``ru_maxrss`` across fork and exec, so a worker started from a client that
    had read the whole dataset would report the client's peak.
    """
    with Path("/proc/self/status").open(encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # pragma: no cover - not Linux


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    """Write the dataset, evaluate it both ways, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--files", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--one-process",
        choices=("log", "files"),
        default="log",
        help="the single process reads one log of everything (log) or file by file (files)",
    )
    parser.add_argument(
        "--dask-malloc-trim",
        action="store_true",
        help="start the workers with Dask's MALLOC_TRIM_THRESHOLD_=65536 (default: unset)",
    )
    options = parser.parse_args()
    import dask  # noqa: PLC0415 - the dask extra
    from distributed import Client, LocalCluster  # noqa: PLC0415

    contract = sample_portfolio().contract(CONTRACT)
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        began = time.perf_counter()
        write_dataset(folder, options.rows, options.files)
        files = sorted(folder.glob("*.parquet"))
        size = sum(f.stat().st_size for f in files) / 1e6
        print(
            f"{options.rows} rows in {len(files)} Parquet files, {size:.0f} MB "
            f"(written in {time.perf_counter() - began:.0f} s)"
        )
        print(_load())
        single_run = one_process if options.one_process == "log" else one_process_by_file
        report, seconds, single_cpu = single_run(contract, folder)
        single = options.rows / seconds
        print(
            f"one process ({options.one_process}): {seconds:7.1f} s  {single:12,.0f} rows/s  "
            f"({single_cpu:.1f} CPU s, {options.rows / single_cpu:,.0f} rows per CPU s)"
        )
        # Dask starts its workers with MALLOC_TRIM_THRESHOLD_=65536 unless told otherwise, which
        # makes glibc map and unmap every large numpy temporary (see the Dask how-to); None
        # leaves the allocator as a plain process has it.
        trim = 65536 if options.dask_malloc_trim else None
        with (
            dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": trim}),
            LocalCluster(
                n_workers=options.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port: 8787 may be taken
            ) as cluster,
            Client(cluster) as client,
        ):
            dataset = str(folder / "*.parquet")
            start = time.perf_counter()
            spread = evaluate_slas_on_dask(contract, dataset, as_of=AS_OF)
            cold = time.perf_counter() - start
            print(_load())
            before = client.run(_cpu_seconds)
            scheduler_before = client.run_on_scheduler(_cpu_seconds)
            start, cpu = time.perf_counter(), time.process_time()
            evaluate_slas_on_dask(contract, dataset, as_of=AS_OF)
            seconds, client_cpu = time.perf_counter() - start, time.process_time() - cpu
            workers_cpu = sum(client.run(_cpu_seconds).values()) - sum(before.values())
            scheduler_cpu = client.run_on_scheduler(_cpu_seconds) - scheduler_before
            print(_load())
            merged = measure_on_dask(contract, dataset, as_of=AS_OF)
            peaks = client.run(_peak_kb)
        per_worker = options.rows / seconds / options.workers
        print(
            f"{options.workers} workers:     {seconds:7.1f} s  {per_worker:12,.0f} rows/s per "
            f"worker, parallel efficiency {per_worker / single:.0%} (target >= 60 %); first "
            f"run, workers cold: {cold:.1f} s"
        )
        print(
            f"CPU seconds: workers {workers_cpu:.1f}, scheduler {scheduler_cpu:.1f}, client "
            f"{client_cpu:.1f}; one process {single_cpu:.1f}: CPU efficiency "
            f"{single_cpu / workers_cpu:.0%} (one process / workers); the run had "
            f"{options.workers * seconds:.1f} core-seconds of wall time for "
            f"{workers_cpu + scheduler_cpu + client_cpu:.1f} CPU s of its own"
        )
        print_partial(merged)
        print("peak worker memory: " + ", ".join(f"{kb / 1024:.0f} MB" for kb in peaks.values()))
        print(f"reports equal: {spread == report}")


def print_partial(merged: ServiceMeasurements) -> None:
    """The merged partial's size: bytes of its arrays, pickled, distinct values and forms."""
    arrays = sum(sla.nbytes for sla in merged.slas)
    pickled = len(pickle.dumps(merged))
    histograms = [h for sla in merged.slas for h in sla.histograms]
    distinct = sum(h.distinct for h in histograms)
    dense = sum(h.is_dense for h in histograms)
    print(
        f"merged partial: {arrays / 1e6:.2f} MB of arrays ({distinct} distinct measured times, "
        f"{dense} of {len(histograms)} period histograms dense), {pickled / 1e6:.2f} MB pickled, "
        f"{len(merged.invalid)} invalid rows"
    )


if __name__ == "__main__":
    main()
