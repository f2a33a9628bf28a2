"""Benchmark business time on synthetic tickets, against businesstimedelta and pandas.

Run from the repository root::

    .venv/bin/python benchmarks/business_time.py

Options: ``--tickets 1000000`` (intervals timed), ``--sample 2000`` (intervals compared with
the peers), ``--repeat 7`` (timings are the best of this many runs), ``--seed 2024``.

Synthetic data: one million tickets over two years (2024-2025) on the Paris calendar
(Mon-Fri 09:00-12:30 and 13:30-18:00, French public holidays), four priorities with business-time
targets of 4, 8, 24 and 40 hours. It prints the calendar and table build times, the throughput of
`business_seconds_array` (target: at least 50 million intervals per second) and of
`add_business_array`, then, on a sample, the time per interval of ``businesstimedelta`` and of
pandas ``CustomBusinessHour``, the speed ratios, and whether every result agrees (with the
reason for each kind of disagreement).

How the peers are given the same calendar:

- ``businesstimedelta``: a 09:00-18:00 `WorkDayRule`, a 12:30-13:30 `LunchTimeRule` and a
  `HolidayRule` with the calendar's closed days, all in the pytz Europe/Paris zone. It compares
  both business seconds (``Rules.difference``) and deadlines (``BusinessTimeDelta + datetime``).
- pandas ``CustomBusinessHour``: it knows no time zone, so it is given naive Paris wall-clock
  times (converted back to Paris afterwards; working hours never fall in a DST switch, so this
  loses nothing here). It accepts several intervals a day and the closed days as holidays, but
  only whole-hour durations and has no difference function: it is compared on deadlines for
  whole-hour durations.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
import zoneinfo
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from outsourcing import BusinessCalendar
from outsourcing.sla import business_time
from outsourcing.sla.business_time import (
    add_business_array,
    business_seconds,
    business_seconds_array,
)

PRIORITY_TARGET_HOURS = (4, 8, 24, 40)
PRIORITY_SHARES = (0.05, 0.15, 0.40, 0.40)
TARGET_RATE = 50e6


def paris_calendar() -> BusinessCalendar:
    return BusinessCalendar(
        id="paris",
        timezone="Europe/Paris",
        week={d: ["09:00-12:30", "13:30-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
        holiday_country="FR",
        first_year=2024,
        last_year=2025,
    )


def synthetic_tickets(
    table: business_time.BusinessTable, count: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Creation instants, resolution instants (epoch seconds) and priorities (0-3)."""
    rng = np.random.default_rng(seed)
    margin = 90 * 86_400
    created = rng.integers(table.start, table.end - margin, count, dtype=np.int64)
    priority = rng.choice(4, size=count, p=PRIORITY_SHARES)
    target = np.array(PRIORITY_TARGET_HOURS, dtype=np.float64)[priority] * 3600
    # Elapsed (calendar) time to resolution: about three times the business target, spread.
    elapsed = rng.lognormal(np.log(target * 3), 0.8)
    elapsed = np.clip(elapsed, 60, margin).astype(np.int64)
    return created, created + elapsed, priority


def best_of(repeat: int, action: Callable[[], object]) -> tuple[float, float]:
    """Best and median wall time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return min(times), statistics.median(times)


def compare_businesstimedelta(
    calendar: BusinessCalendar, created: np.ndarray, resolved: np.ndarray, durations: np.ndarray
) -> dict[str, object]:
    import businesstimedelta  # noqa: PLC0415 - optional peer
    import pytz  # noqa: PLC0415 - businesstimedelta's time-zone library

    zone = pytz.timezone(calendar.timezone)
    weekdays = [0, 1, 2, 3, 4]
    rules = businesstimedelta.Rules(
        [
            businesstimedelta.WorkDayRule(dt.time(9), dt.time(18), weekdays, tz=zone),
            businesstimedelta.LunchTimeRule(dt.time(12, 30), dt.time(13, 30), weekdays, tz=zone),
            businesstimedelta.HolidayRule(sorted(calendar.closed_days), tz=zone),
        ]
    )
    starts = [dt.datetime.fromtimestamp(int(s), dt.UTC) for s in created]
    ends = [dt.datetime.fromtimestamp(int(e), dt.UTC) for e in resolved]

    began = time.perf_counter()
    theirs = [
        int(rules.difference(s, e).timedelta.total_seconds())
        for s, e in zip(starts, ends, strict=True)
    ]
    difference_time = time.perf_counter() - began
    ours = business_seconds_array(calendar, created, resolved).tolist()
    difference_agree = sum(a == b for a, b in zip(ours, theirs, strict=True))

    began = time.perf_counter()
    their_deadlines = [
        int((businesstimedelta.BusinessTimeDelta(rules, seconds=int(d)) + s).timestamp())
        for s, d in zip(starts, durations, strict=True)
    ]
    add_time = time.perf_counter() - began
    our_deadlines = add_business_array(calendar, created, durations).tolist()
    reasons: Counter[str] = Counter()
    for ours_at, theirs_at in zip(our_deadlines, their_deadlines, strict=True):
        if ours_at == theirs_at:
            reasons["identical"] += 1
        elif business_seconds_array(calendar, ours_at, theirs_at) == 0:
            reasons["same business instant, other side of a closed stretch"] += 1
        else:
            reasons["different business time"] += 1
    return {
        "difference_per_interval": difference_time / len(starts),
        "difference_agree": difference_agree,
        "add_per_interval": add_time / len(starts),
        "add_reasons": reasons,
        "count": len(starts),
    }


def compare_pandas(
    calendar: BusinessCalendar, created: np.ndarray, hours: np.ndarray
) -> dict[str, object]:
    import pandas as pd  # noqa: PLC0415 - optional peer

    zone = zoneinfo.ZoneInfo(calendar.timezone)
    offset = pd.offsets.CustomBusinessHour(
        start=["09:00", "13:30"],
        end=["12:30", "18:00"],
        weekmask="Mon Tue Wed Thu Fri",
        holidays=sorted(str(d) for d in calendar.closed_days),
    )
    walls = [
        pd.Timestamp(dt.datetime.fromtimestamp(int(s), zone).replace(tzinfo=None)) for s in created
    ]
    began = time.perf_counter()
    results = [wall + offset * int(h) for wall, h in zip(walls, hours, strict=True)]
    elapsed = time.perf_counter() - began
    theirs = [business_time.epoch_seconds(r.to_pydatetime().replace(tzinfo=zone)) for r in results]
    ours = add_business_array(calendar, created, hours * 3600).tolist()
    reasons: Counter[str] = Counter()
    for ours_at, theirs_at in zip(ours, theirs, strict=True):
        if ours_at == theirs_at:
            reasons["identical"] += 1
        elif business_seconds_array(calendar, ours_at, theirs_at) == 0:
            reasons[
                "same business instant: pandas moves a deadline at closing time to the next opening"
            ] += 1
        else:
            reasons["different business time"] += 1
    return {"add_per_interval": elapsed / len(walls), "add_reasons": reasons}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2024)
    options = parser.parse_args()

    print(
        f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, "
        f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}"
    )
    began = time.perf_counter()
    calendar = paris_calendar()
    build = time.perf_counter() - began
    business_time.compile_calendar.cache_clear()
    began = time.perf_counter()
    table = business_time.compile_calendar(calendar)
    compile_time = time.perf_counter() - began
    print(f"calendar with French holidays 2024-2025: built in {build * 1e3:.1f} ms")
    print(
        f"table: {table.opens.size - 1} working pieces, grid of {table.grid.size} cells of "
        f"{table.grid_step} s, compiled in {compile_time * 1e3:.1f} ms"
    )

    created, resolved, priority = synthetic_tickets(table, options.tickets, options.seed)
    targets = np.array(PRIORITY_TARGET_HOURS, dtype=np.int64)[priority] * 3600
    n = options.tickets
    best, median = best_of(options.repeat, lambda: table.business_seconds(created, resolved))
    rate = n / best
    verdict = "meets" if rate >= TARGET_RATE else "MISSES"
    print(
        f"business_seconds_array, {n:,} intervals: best {best * 1e3:.1f} ms "
        f"(median {median * 1e3:.1f} ms) = {rate / 1e6:.1f} million/s "
        f"[{verdict} the {TARGET_RATE / 1e6:.0f} million/s target]"
    )
    best_add, median_add = best_of(options.repeat, lambda: table.add_business(created, targets))
    print(
        f"add_business_array (deadlines), {n:,} tickets: best {best_add * 1e3:.1f} ms "
        f"(median {median_add * 1e3:.1f} ms) = {n / best_add / 1e6:.1f} million/s"
    )
    zone = zoneinfo.ZoneInfo(calendar.timezone)
    first = [dt.datetime.fromtimestamp(int(s), zone) for s in created[: options.sample]]
    last = [dt.datetime.fromtimestamp(int(e), zone) for e in resolved[: options.sample]]
    began = time.perf_counter()
    for start, end in zip(first, last, strict=True):
        business_seconds(calendar, start, end)
    scalar = (time.perf_counter() - began) / options.sample
    print(f"BusinessCalendar.business_seconds (one datetime pair a call): {scalar * 1e6:.1f} µs")

    sample = slice(0, options.sample)
    ours_per_interval = best / n
    ours_add_per_interval = best_add / n
    print(f"\npeers on the first {options.sample:,} intervals:")
    peer = compare_businesstimedelta(calendar, created[sample], resolved[sample], targets[sample])
    print(
        f"businesstimedelta difference: {peer['difference_per_interval'] * 1e6:.1f} µs/interval, "
        f"{peer['difference_per_interval'] / ours_per_interval:,.0f}x slower; "
        f"agree on {peer['difference_agree']}/{peer['count']}"
    )
    print(
        f"businesstimedelta deadline: {peer['add_per_interval'] * 1e6:.1f} µs/ticket, "
        f"{peer['add_per_interval'] / ours_add_per_interval:,.0f}x slower; "
        f"results: {dict(peer['add_reasons'])}"  # type: ignore[call-overload]
    )
    # Whole hours from 1 to 40 (the priority targets, multiples of a working day, would mostly
    # land at closing time, where pandas' convention differs).
    hours = np.random.default_rng(options.seed).integers(1, 41, created[sample].size)
    pandas_peer = compare_pandas(calendar, created[sample], hours)
    print(
        f"pandas CustomBusinessHour deadline (whole hours, naive wall time): "
        f"{pandas_peer['add_per_interval'] * 1e6:.1f} µs/ticket, "
        f"{pandas_peer['add_per_interval'] / ours_add_per_interval:,.0f}x slower; "
        f"results: {dict(pandas_peer['add_reasons'])}"  # type: ignore[call-overload]
    )


if __name__ == "__main__":
    main()
