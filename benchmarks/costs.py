"""Time the cost engines and check the vectorised one against a plain Decimal loop.

Run from the repository root: ``.venv/bin/python benchmarks/costs.py``
(``--runs N`` changes the number of Monte Carlo runs, ``--decimal-runs N`` how many of them the
Decimal loop recomputes; default: all; ``--summary-runs N`` only times `summarise_costs` of N
runs x 60 months and prints its peak memory, target <= 1 GB at 10^6 runs; ``--cluster N``
with it computes the blocks on a local Dask cluster of N one-thread workers, the
``outsourcing[dask]`` extra, whose workers keep the memory they free unless
``--dask-malloc-trim`` starts them as Dask does by default). Prints:

- ``simulate_costs``: 10,000 runs x 60 months, in-house baseline against a 3-line contract billed
  in MAD, every input uncertain (growth, wages, indexation, FX, workload, transition delay);
  target <= 20 ms on a 2-core machine. Timed twice: the simulation alone, and the simulation plus
  the summary the issue asks for (nearest-rank P10/P50/P90 per month of the four series --
  baseline and alternative total cost, savings, cumulative savings -- the distribution of the
  break-even month and the probability of breaking even by month 12), in one timed call. The
  load average, the minor page faults and the CPU time (user, system) per call are printed: the
  machine may be shared (the CPU time is less sensitive to that than the wall time), and fresh
  large numpy temporaries cost page faults comparable to the arithmetic.
- the Decimal loop: `project_costs` of both scenarios for each run's exact assumptions, the
  number of cents by which it differs from the vectorised totals (must be 0) and the ratio of
  the two timings.
- ``project_costs``: a deterministic 60-month projection of a 10-line contract; target <= 5 ms.
- the same ``simulate_costs`` with the 3-line contract priced by a price revision clause (an
  index published to June 2025, each run growing the later months at its drawn yearly change)
  instead of its indexation, timed in the same run, with the ratio to the indexation one and
  the cents by which 1,000 of its runs differ from `project_costs` (must be 0).

numpy runs as the machine has it (if ``OPENBLAS_CORETYPE`` is set it is printed: it can slow
numpy down; the engines use no BLAS routine, only elementwise integer arithmetic and sorting).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np

from outsourcing import (
    BusinessFunction,
    Contract,
    CostAssumptions,
    CostSeries,
    CostSimulation,
    FixedFee,
    HourlyRate,
    Indexation,
    IndexSeries,
    IndexWeight,
    InHouseCost,
    InvalidValueError,
    Money,
    Normal,
    PerUnit,
    PriceRevision,
    PriceTier,
    Process,
    RateCard,
    RateCardLine,
    Term,
    Triangular,
    Uncertainty,
    Uniform,
    project_costs,
    simulate_costs,
)

PAYROLL = Process(
    id="payroll",
    name="Payroll",
    function=BusinessFunction.PAYROLL,
    in_house=InHouseCost(
        ftes=Decimal("4.5"),
        loaded_salary=Money(52000, "EUR"),
        overheads=Money(30000, "EUR"),
        rent_and_equipment=Money(9000, "EUR"),
        recruitment_per_hire=Money(8000, "EUR"),
        training_per_hire=Money(4000, "EUR"),
        annual_turnover=15,
    ),
)

THREE_LINES = Contract(
    id="offshore",
    title="Payroll offshore",
    client="Acme",
    provider_id="p",
    currency="MAD",
    term=Term(start="2025-01-15", end="2029-12-31"),
    pricing=(
        PerUnit(
            name="payslips",
            unit="payslip",
            monthly_volume=4000,
            tiers=(PriceTier(3000, Money("38.5", "MAD")), PriceTier(None, Money("31.25", "MAD"))),
        ),
        HourlyRate(name="support", rate=Money(290, "MAD"), hours_per_month=Decimal("40.25")),
        FixedFee(name="platform", monthly_fee=Money(20000, "MAD")),
    ),
    indexation=Indexation(index="HCP", expected_rate=3, cap="2.5", floor=1),
)

ASSUMPTIONS = CostAssumptions(
    start="2025-01-01",
    months=60,
    currency="EUR",
    fx_rates={"MAD": "0.0921"},
    annual_volume_growth=5,
    workload_underestimate=8,
    wage_inflation=3,
)

#: The 3-line contract priced by a revision clause on an index published to June 2025: the first
#: anniversary (January 2026) uses October 2025, four months past it.
REVISED = attrs.evolve(
    THREE_LINES,
    indexation=None,
    price_revision=PriceRevision(
        indices=[IndexWeight("HCP", "0.7")],
        fixed_share="0.3",
        reference_month="2024-10",
        lag_months=3,
        coefficient_decimals=4,
        cap=4,
    ),
)
REVISED_ASSUMPTIONS = attrs.evolve(
    ASSUMPTIONS,
    index_series=[
        IndexSeries(
            "HCP",
            {
                f"{2024 + m // 12}-{m % 12 + 1:02d}": Decimal(100) + Decimal("0.2") * m
                for m in range(18)
            },
            source="made-up values",
        )
    ],
)

UNCERTAINTY = Uncertainty(
    annual_volume_growth=Normal(5, 4),
    wage_inflation=Triangular(1, "2.5", 5),
    indexation_rate=Uniform(0, 5),
    fx_change=Normal(0, 6, low=-30, high=30),
    workload_underestimate=Normal(8, 10, low=-30),
    transition_delay_months=Triangular(0, 1, 5),
)


def ten_line_contract() -> Contract:
    """A 60-month contract with ten pricing lines of every recurring kind."""
    eur = "EUR"
    tiers = (PriceTier(1000, Money("2.10", eur)), PriceTier(None, Money("1.85", eur)))
    return Contract(
        id="ten",
        title="Ten lines",
        client="Acme",
        provider_id="p",
        currency=eur,
        term=Term(start="2025-01-15", end="2029-12-31"),
        pricing=(
            *(FixedFee(name=f"fee {i}", monthly_fee=Money(1000 + i, eur)) for i in range(3)),
            *(
                PerUnit(name=f"units {i}", unit="unit", tiers=tiers, monthly_volume=900 + 100 * i)
                for i in range(3)
            ),
            *(
                HourlyRate(name=f"hours {i}", rate=Money(55, eur), hours_per_month=Decimal(80 + i))
                for i in range(2)
            ),
            *(
                RateCard(
                    name=f"card {i}", lines=(RateCardLine("agent", Money(3100, eur), Decimal(2)),)
                )
                for i in range(2)
            ),
        ),
        indexation=Indexation(index="Syntec", expected_rate=3, cap="2.5"),
    )


def timed(call: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Best and median wall time of ``call`` in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1e3)
    return min(times), statistics.median(times)


def usage(before: resource.struct_rusage, calls: int) -> str:
    """Page faults and CPU time (user, system) per call since ``before``."""
    after = resource.getrusage(resource.RUSAGE_SELF)
    faults = (after.ru_minflt - before.ru_minflt) // calls
    user = (after.ru_utime - before.ru_utime) * 1e3 / calls
    system = (after.ru_stime - before.ru_stime) * 1e3 / calls
    return f"{faults} page faults, CPU {user:.1f} ms user + {system:.1f} ms system per call"


def _cpu_seconds() -> tuple[float, float]:
    """This process's CPU seconds: user, system."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime


def _workers_cpu(client: Any) -> np.ndarray:  # noqa: ANN401 - a distributed.Client
    """The workers' CPU seconds added up: user, system."""
    seconds: np.ndarray = np.array(list(client.run(_cpu_seconds).values())).sum(axis=0)
    return seconds


def _worker_peaks(client: Any) -> list[int]:  # noqa: ANN401 - a distributed.Client
    """Each worker's peak resident memory in kB (``VmHWM``: its own, not its parent's)."""

    def peak() -> int:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    return sorted(client.run(peak).values())


def summary_benchmark(runs: int, workers: int = 0, *, keep_freed_memory: bool = True) -> None:
    """`summarise_costs` of ``runs`` runs x 60 months: seconds and peak resident memory.

    With ``workers``, the blocks are computed on a local Dask cluster of that many one-thread
    worker processes (``reduce_blocks`` through a Dask bag's ``fold``: each partition adds its
    blocks up as they come, then a tree of additions), and each worker's peak is printed.
    """
    from outsourcing.costs.simulation import MEMORY_LIMIT  # noqa: PLC0415
    from outsourcing.costs.simulation_blocks import summarise_costs  # noqa: PLC0415

    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    cluster = client = None
    reduce = None
    if workers:
        import dask  # noqa: PLC0415 - the optional extra, only for this run
        import dask.bag  # noqa: PLC0415
        import distributed  # noqa: PLC0415

        # Dask starts its workers with MALLOC_TRIM_THRESHOLD_=65536 unless told otherwise, which
        # makes glibc map and unmap every large numpy temporary: page faults cost twice the
        # arithmetic (see the Dask how-to); None leaves the allocator as a plain process has it.
        trim = None if keep_freed_memory else 65536
        with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": trim}):
            cluster = distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, dashboard_address=":0"
            )
        client = distributed.Client(cluster)

        def reduce(
            function: Callable[[int], Any], combine: Callable[[Any, Any], Any], blocks: list[int]
        ) -> Any:  # noqa: ANN401 - what the function gives
            # a few partitions per worker, each adding its blocks up as they come; then a tree
            bag = dask.bag.from_sequence(blocks, npartitions=4 * workers)
            return bag.map(function).fold(combine, split_every=4).compute()

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers_before = _workers_cpu(client) if client is not None else np.zeros(2)
    start, cpu = time.perf_counter(), time.process_time()
    summary = summarise_costs(
        PAYROLL,
        THREE_LINES,
        assumptions=ASSUMPTIONS,
        uncertainty=UNCERTAINTY,
        runs=runs,
        seed=2025,
        reduce_blocks=reduce,
    )
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cumulative = summary.percentiles(CostSeries.CUMULATIVE_SAVINGS)
    where = f" on {workers} workers" if workers else ""
    print(
        f"summarise_costs, {runs} runs x 60 months{where}: {seconds:.1f} s (cpu {cpu:.1f} s"
        f"{' in this process' if workers else ''}), peak "
        f"{peak / 1024:.0f} MB ({(peak - before) / 1024:.0f} MB over imports; target <= 1 GB); "
        f"P10/P50/P90 of the last month's cumulative savings {cumulative.p10[-1]} / "
        f"{cumulative.p50[-1]} / {cumulative.p90[-1]}"
    )
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    if client is not None and cluster is not None:
        user, system = _workers_cpu(client) - workers_before
        peaks = ", ".join(f"{kb / 1024:.0f} MB" for kb in _worker_peaks(client))
        print(
            f"CPU seconds of the workers: {user + system:.1f} ({user:.1f} user, {system:.1f} "
            f"system; {(user + system) / runs * 1e6:.2f} s per million runs); peak worker "
            f"memory: {peaks}"
        )
        client.close()
        cluster.close()
        return
    try:
        simulate_costs(
            PAYROLL,
            THREE_LINES,
            assumptions=ASSUMPTIONS,
            uncertainty=UNCERTAINTY,
            runs=runs,
            seed=1,
        )
    except InvalidValueError as error:
        print(f"simulate_costs, same runs: refused up front: {error}")
    else:
        print(f"simulate_costs, same runs: fits under {MEMORY_LIMIT / 2**30:.1f} GiB")


def revision_benchmark(runs: int, simulate: Callable[[], CostSimulation]) -> None:
    """``simulate_costs`` of the revision-clause contract against the indexation one."""

    def revised() -> CostSimulation:
        return simulate_costs(
            PAYROLL,
            REVISED,
            assumptions=REVISED_ASSUMPTIONS,
            uncertainty=UNCERTAINTY,
            runs=runs,
            seed=2025,
        )

    revised()
    indexation_best, indexation_median = timed(simulate, 15)
    before = resource.getrusage(resource.RUSAGE_SELF)
    best, median = timed(revised, 15)
    print(
        f"simulate_costs, {runs} runs x 60 months, 3-line contract with a revision clause: "
        f"best {best:.1f} ms, median {median:.1f} ms ({usage(before, 15)}); with its "
        f"indexation, same run: best {indexation_best:.1f} ms, median {indexation_median:.1f} "
        f"ms; ratio of medians {median / indexation_median:.2f}"
    )
    simulation = revised()
    checked = min(runs, 1000)
    difference = 0
    for run in range(checked):
        exact = project_costs(PAYROLL, REVISED, assumptions=simulation.run_assumptions(run)).totals
        difference += sum(
            abs(t.to_minor() - int(v))
            for t, v in zip(exact, simulation.alternative_minor[run], strict=True)
        )
    print(f"revision clause, {checked} runs against project_costs: difference {difference} cents")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--decimal-runs", type=int, default=None)
    parser.add_argument(
        "--summary-runs",
        type=int,
        default=None,
        help="only time summarise_costs for this many runs and print its peak memory",
    )
    parser.add_argument(
        "--cluster",
        type=int,
        default=0,
        help="with --summary-runs: compute the blocks on a local Dask cluster of N workers",
    )
    parser.add_argument(
        "--dask-malloc-trim",
        action="store_true",
        help="with --cluster: start the workers with Dask's MALLOC_TRIM_THRESHOLD_=65536",
    )
    args = parser.parse_args()
    if args.summary_runs is not None:
        summary_benchmark(
            args.summary_runs, args.cluster, keep_freed_memory=not args.dask_malloc_trim
        )
        return
    runs = args.runs
    print(
        f"numpy {np.__version__}, {os.cpu_count()} CPU(s), "
        f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')}"
    )

    def simulate() -> CostSimulation:
        return simulate_costs(
            PAYROLL,
            THREE_LINES,
            assumptions=ASSUMPTIONS,
            uncertainty=UNCERTAINTY,
            runs=runs,
            seed=2025,
        )

    def summarised() -> CostSimulation:
        simulation = simulate()
        for series in CostSeries:
            simulation.percentiles_minor(series)
        simulation.break_even_distribution()
        simulation.probability_of_break_even(12)
        return simulation

    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    simulate()
    before = resource.getrusage(resource.RUSAGE_SELF)
    best, median = timed(simulate, 15)
    print(
        f"simulate_costs, {runs} runs x 60 months, 3-line contract: "
        f"best {best:.1f} ms, median {median:.1f} ms ({usage(before, 15)})"
    )
    before = resource.getrusage(resource.RUSAGE_SELF)
    best, median = timed(summarised, 15)
    print(
        "simulate_costs + P10/P50/P90 of the 4 series + break-even distribution and probability: "
        f"best {best:.1f} ms, median {median:.1f} ms (target <= 20 ms; {usage(before, 15)})"
    )
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    simulation = simulate_costs(
        PAYROLL, THREE_LINES, assumptions=ASSUMPTIONS, uncertainty=UNCERTAINTY, runs=runs, seed=2025
    )
    checked = runs if args.decimal_runs is None else min(args.decimal_runs, runs)
    start = time.perf_counter()
    difference = 0
    for run in range(checked):
        exact = simulation.run_assumptions(run)
        baseline = project_costs(PAYROLL, assumptions=exact)
        alternative = project_costs(PAYROLL, THREE_LINES, assumptions=exact)
        difference += sum(
            abs(t.to_minor() - int(v))
            for t, v in zip(baseline.totals, simulation.baseline_minor[run], strict=True)
        )
        difference += sum(
            abs(t.to_minor() - int(v))
            for t, v in zip(alternative.totals, simulation.alternative_minor[run], strict=True)
        )
    loop = (time.perf_counter() - start) * 1e3 * runs / checked
    print(
        f"Decimal loop (project_costs per run, {checked} runs checked): "
        f"{loop:.0f} ms for {runs} runs; "
        f"difference {difference} cents; "
        f"ratio Decimal loop / (simulate_costs + summary) = {loop / median:.0f}x"
    )

    revision_benchmark(runs, simulate)

    contract = ten_line_contract()
    project_costs(PAYROLL, contract, assumptions=ASSUMPTIONS)
    best, median = timed(lambda: project_costs(PAYROLL, contract, assumptions=ASSUMPTIONS), 200)
    print(
        "project_costs, 60 months, 10-line contract: "
        f"best {best:.2f} ms, median {median:.2f} ms (target <= 5 ms)"
    )


if __name__ == "__main__":
    main()
