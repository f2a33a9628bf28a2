"""Benchmark the at-risk view on 100,000 open tickets.

Run from the repository root::

    .venv/bin/python benchmarks/at_risk.py

Options: ``--tickets 100000``, ``--repeat 7`` (timings are the best of this many runs),
``--seed 2024``.

Synthetic data: the contract of ``benchmarks/sla.py`` (Paris calendar, Mon-Fri 09:00-12:30 and
13:30-18:00, French holidays; resolution SLAs for P1, P2, P3/P4 and a first-response SLA for
all, in business time); ``--tickets`` tickets, all open at ``as_of`` (no first response, no
resolution), opened over the 30 days before it, four priorities: every ticket is under two
SLAs, so the view has twice as many rows.

It prints, with the target of the issue (2-core machine):

- `at_risk` without the error budgets: the forecast alone (target <= 50 ms);
- `at_risk` with the error budgets (no target; for information);
- the rows, the share already breached, and the first row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sla import PRIORITIES, contract  # the contract of benchmarks/sla.py

from outsourcing.sla.at_risk import at_risk
from outsourcing.sla.business_time import compile_calendar
from outsourcing.sla.records.ticket_log import TicketLog

AS_OF = dt.datetime(2025, 11, 14, 15, 30, tzinfo=dt.UTC)
TARGET_SECONDS = 0.050


def open_tickets(count: int, seed: int) -> TicketLog:
    rng = np.random.default_rng(seed)
    now = int(AS_OF.timestamp())
    return TicketLog.from_arrays(
        {
            "ticket": np.arange(count, dtype=np.int64),
            "opened": np.sort(rng.integers(now - 30 * 86_400, now, count)),
            "priority": np.array(PRIORITIES, dtype=object)[rng.integers(0, 4, count)],
        },
        priorities=PRIORITIES,
    )


def best(run: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    bench = contract()
    log = open_tickets(args.tickets, args.seed)
    for calendar in bench.calendars:
        compile_calendar(calendar)  # compiled once per process, as in a service
    view = at_risk(bench, log, AS_OF, budgets=False)
    alone = best(lambda: at_risk(bench, log, AS_OF, budgets=False), args.repeat)
    full = best(lambda: at_risk(bench, log, AS_OF), args.repeat)
    print(f"open tickets: {args.tickets:,}; rows (ticket x SLA): {len(view):,}")
    print(f"already breached: {view.breached.mean():.1%}")
    print(f"most urgent: {view.to_records()[0] if len(view) else None}")
    print(
        f"at_risk, forecast only: {alone * 1000:.1f} ms "
        f"(target {TARGET_SECONDS * 1000:.0f} ms, ratio {alone / TARGET_SECONDS:.2f})"
    )
    print(f"at_risk with error budgets: {full * 1000:.1f} ms")


if __name__ == "__main__":
    main()
