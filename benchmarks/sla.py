"""Benchmark SLA evaluation on a million synthetic tickets.

Run from the repository root::

    .venv/bin/python benchmarks/sla.py

Options: ``--tickets 1000000``, ``--repeat 5`` (timings are the best of this many runs),
``--seed 2024``, ``--iso`` (also time parsing the opening instants from ISO 8601 text).

Synthetic data: tickets opened uniformly over 2024-2025 in Paris, four priorities (P1-P4), a
first response and a resolution drawn so that most but not all meet their targets, 0.5 % still
open; the contract has the Paris calendar (Mon-Fri 09:00-12:30 and 13:30-18:00, French public
holidays) and four SLAs in business time: resolution P1 in 4 h, resolution P2 in 8 h,
resolution P3/P4 in 40 h, first response for all in 1 h, each with two credit tiers, a chronic
rule and a critical threshold; credits have a monthly cap, a rolling cap and earn-back.

It prints, with the targets of the issue (2-core machine):

- building the `TicketLog` from a pandas DataFrame with tz-aware columns (target <= 0.2 s);
- `evaluate_slas` on the built log, credits included (target <= 0.15 s);
- peak memory traced during `evaluate_slas` (target <= 400 MB);
- replaying a million status-change events (about 250,000 tickets, pauses, reopened
  tickets, cancellations) through a clock in business time with `replay_events`
  (target <= 0.5 s; ``--events`` sets the count), from int64 ticket ids and epoch seconds with
  statuses as text, and again with statuses and priorities given as codes (`CodedColumn`);
- with ``--iso``, parsing the ISO 8601 column (no target; for information).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from outsourcing import (
    SLA,
    BusinessCalendar,
    ChronicRule,
    Clock,
    Contract,
    CreditTier,
    FixedFee,
    Money,
    ServiceCreditRegime,
    SLAMetric,
    Term,
    TicketLog,
    TicketScope,
    evaluate_slas,
)
from outsourcing.sla.records.columns import CodedColumn
from outsourcing.sla.records.replay import replay_events
from outsourcing.sla.records.timestamps import parse_instants

PRIORITIES = ("P1", "P2", "P3", "P4")
AS_OF = dt.datetime(2025, 12, 31, 22, tzinfo=dt.UTC)


def paris_calendar() -> BusinessCalendar:
    return BusinessCalendar(
        id="paris",
        timezone="Europe/Paris",
        week={d: ["09:00-12:30", "13:30-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
        holiday_country="FR",
        first_year=2023,
        last_year=2027,
    )


def sla(sla_id: str, metric: SLAMetric, hours: int, priorities: tuple[str, ...]) -> SLA:
    return SLA(
        id=sla_id,
        name=sla_id,
        metric=metric,
        objective=90,
        target=dt.timedelta(hours=hours),
        scope=TicketScope(priorities=frozenset(priorities)),
        calendar="paris",
        credit_tiers=[CreditTier(90, 5), CreditTier(85, 10)],
        critical_threshold=70,
        chronic=ChronicRule(consecutive=3, breaches=4),
    )


def contract() -> Contract:
    return Contract(
        id="bench",
        title="Service desk",
        client="Client",
        provider_id="provider",
        currency="EUR",
        timezone="Europe/Paris",
        term=Term(start="2024-01-01"),
        pricing=[FixedFee(name="run", monthly_fee=Money("250000", "EUR"))],
        calendars=[paris_calendar()],
        slas=[
            sla("resolution-p1", SLAMetric.RESOLUTION, 4, ("P1",)),
            sla("resolution-p2", SLAMetric.RESOLUTION, 8, ("P2",)),
            sla("resolution-p34", SLAMetric.RESOLUTION, 40, ("P3", "P4")),
            sla("first-response", SLAMetric.FIRST_RESPONSE, 1, PRIORITIES),
        ],
        service_credits=ServiceCreditRegime(monthly_cap=12, rolling_cap=8, earn_back_periods=3),
    )


def tickets(count: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = int(dt.datetime(2024, 1, 1, tzinfo=dt.UTC).timestamp())
    end = int(dt.datetime(2026, 1, 1, tzinfo=dt.UTC).timestamp())
    opened = np.sort(rng.integers(start, end - 30 * 86_400, count))
    # Four bad months (three in a row) so that credits, caps and chronic rules all work.
    month = (opened - start) // (86_400 * 365 // 12)
    slow = np.where(np.isin(month, [5, 6, 7, 15]), 6.0, 1.0)
    first = opened + (rng.exponential(1_200, count) * slow).astype(np.int64)
    resolved = opened + (rng.exponential(5_400, count) * slow).astype(np.int64)
    resolved[rng.random(count) < 0.005] = np.iinfo(np.int64).min

    def paris(seconds: np.ndarray) -> pd.Series:
        values = pd.to_datetime(
            np.where(seconds < 0, np.iinfo(np.int64).min, seconds * 1_000_000_000), utc=True
        )
        return pd.Series(values).dt.tz_convert("Europe/Paris")

    return pd.DataFrame(
        {
            "ticket": np.arange(count, dtype=np.int64),
            "opened": paris(opened),
            "first_response": paris(first),
            "resolved": paris(resolved),
            "priority": pd.Categorical.from_codes(
                rng.integers(0, 4, count), categories=list(PRIORITIES)
            ),
        }
    )


CLOCK = Clock(
    start_statuses={"new", "reopened"},
    pause_statuses={"pending"},
    stop_statuses={"resolved"},
    cancel_statuses={"cancelled"},
)
#: Each ticket's story: its statuses in order (weights below).
STORIES = (
    ("new", "in_progress", "resolved", "closed"),
    ("new", "pending", "in_progress", "resolved"),
    ("new", "resolved", "reopened", "resolved"),
    ("new", "in_progress", "pending", "cancelled"),
)


def events(count: int, seed: int) -> dict[str, np.ndarray]:
    """About ``count`` events: four per ticket, shuffled (as exported, not in ticket order)."""
    rng = np.random.default_rng(seed)
    tickets = count // 4
    start = int(dt.datetime(2024, 1, 1, tzinfo=dt.UTC).timestamp())
    end = int(dt.datetime(2025, 12, 1, tzinfo=dt.UTC).timestamp())
    story = rng.choice(len(STORIES), tickets, p=[0.6, 0.25, 0.1, 0.05])
    statuses = np.array(STORIES)[story].ravel()
    gaps = rng.exponential(4 * 3600, (tickets, 4)).astype(np.int64)
    gaps[:, 0] = rng.integers(start, end, tickets)
    instants = np.cumsum(gaps, axis=1).ravel()
    shuffle = rng.permutation(tickets * 4)
    return {
        "ticket": np.repeat(np.arange(tickets, dtype=np.int64), 4)[shuffle],
        "timestamp": instants[shuffle],
        "status": statuses[shuffle],
        "priority": np.repeat(np.array(PRIORITIES)[rng.integers(0, 4, tickets)], 4)[shuffle],
    }


def coded(values: np.ndarray) -> CodedColumn:
    labels, codes = np.unique(values, return_inverse=True)
    return CodedColumn(codes.astype(np.int64), tuple(str(label) for label in labels))


def best_of(repeat: int, run: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeat):
        begin = time.perf_counter()
        run()
        timings.append(time.perf_counter() - begin)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--iso", action="store_true")
    args = parser.parse_args()

    print(f"python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}")
    print(f"{os.cpu_count()} CPU(s), {platform.machine()}, load {os.getloadavg()[0]:.1f}")
    frame = tickets(args.tickets, args.seed)
    terms = contract()
    log = TicketLog.from_pandas(frame, priorities=PRIORITIES)
    report = evaluate_slas(terms, log, as_of=AS_OF)  # warm-up: compiles the calendar
    build = best_of(args.repeat, lambda: TicketLog.from_pandas(frame, priorities=PRIORITIES))
    evaluate = best_of(args.repeat, lambda: evaluate_slas(terms, log, as_of=AS_OF))
    tracemalloc.start()
    evaluate_slas(terms, log, as_of=AS_OF)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    breached = sum(r.breached for r in report.results if r.final)
    print(
        f"{len(log):,} tickets, {len(terms.slas)} SLAs, "
        f"{len(report.results) // len(terms.slas)} months: {breached} breached periods, "
        f"{len(report.credits)} credit lines, payable {report.total_payable}, "
        f"{len(report.termination_rights)} termination right(s)"
    )
    print(f"build TicketLog from DataFrame: {build:.3f} s  (target <= 0.200 s, ratio "
          f"{build / 0.2:.2f})")  # fmt: skip
    print(f"evaluate_slas:                  {evaluate:.3f} s  (target <= 0.150 s, ratio "
          f"{evaluate / 0.15:.2f})")  # fmt: skip
    print(f"peak traced memory (evaluate):  {peak / 1e6:.0f} MB  (target <= 400 MB)")
    table = events(args.events, args.seed)
    calendar = paris_calendar()

    def replay(columns: dict[str, np.ndarray | CodedColumn]) -> TicketLog:
        return replay_events(columns, CLOCK, calendar=calendar, priorities=PRIORITIES, as_of=AS_OF)

    cycles = replay(table)  # warm-up
    text = best_of(args.repeat, lambda: replay(table))
    codes = {**table, "status": coded(table["status"]), "priority": coded(table["priority"])}
    fast = best_of(args.repeat, lambda: replay(codes))
    print(
        f"{len(table['ticket']):,} events: {len(cycles):,} cycles "
        f"({int((cycles.exclusion >= 0).sum()):,} cancelled), {len(cycles.invalid):,} invalid, "
        f"rows in {cycles.rows_in:,}"
    )
    print(f"replay events, statuses as text: {text:.3f} s  (target <= 0.500 s, ratio "
          f"{text / 0.5:.2f})")  # fmt: skip
    print(f"replay events, statuses as codes: {fast:.3f} s  (target <= 0.500 s, ratio "
          f"{fast / 0.5:.2f})")  # fmt: skip
    if args.iso:
        text = frame["opened"].dt.strftime("%Y-%m-%dT%H:%M:%S%z").to_numpy(dtype=np.str_)
        parse = best_of(args.repeat, lambda: parse_instants(text))
        print(f"parse {len(text):,} ISO 8601 timestamps: {parse:.3f} s")


if __name__ == "__main__":
    main()
