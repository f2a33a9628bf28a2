"""Benchmark classification, shoring and recommendation, against geopy for distances.

Run from the repository root::

    .venv/bin/python benchmarks/classification.py

Options: ``--pairs 20000`` (country pairs measured), ``--repeat 5`` (best of this many runs),
``--seed 2024``.

It prints the one-off cost of loading the geographic data (GeoNames capitals and neighbours,
read lazily on the first shoring question); the time per call of `proximity` over random
country pairs, computed and then answered from its cache of 65,536 pairs; the time per call of
`classify` (process, client, provider and contract) and of `recommend` with three candidate
countries; and, on the same pairs, our haversine `distance_km` against geopy's
``great_circle`` (the peer), with the largest difference between the two.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import pycountry
from geopy.distance import great_circle

from outsourcing import (
    BusinessFunction,
    Client,
    Contract,
    Needs,
    Objective,
    Process,
    Provider,
    Term,
    classify,
    proximity,
    recommend,
)
from outsourcing.reference.geography import (
    EARTH_RADIUS_KM,
    Capital,
    _proximity,
    capital,
    distance_km,
)


def geopy_km(a: Capital, b: Capital) -> float:
    """The peer: geopy's great-circle distance with the same Earth radius."""
    return float(
        great_circle(
            (a.latitude, a.longitude), (b.latitude, b.longitude), radius=EARTH_RADIUS_KM
        ).km
    )


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """Best wall-clock time of ``repeat`` runs, in seconds."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    start = time.perf_counter()
    capital("FR")
    print(f"geographic data loaded once: {time.perf_counter() - start:.2f} s")

    rng = random.Random(args.seed)
    codes = [c.alpha_2 for c in pycountry.countries if capital(c.alpha_2) is not None]
    pairs = [(rng.choice(codes), rng.choice(codes)) for _ in range(args.pairs)]

    def cold() -> None:
        _proximity.cache_clear()
        for a, b in pairs:
            proximity(a, b)

    seconds = best_of(args.repeat, cold)
    print(
        f"proximity, computed: {seconds / len(pairs) * 1e6:.1f} µs per pair ({len(pairs):,} pairs)"
    )
    seconds = best_of(args.repeat, lambda: [proximity(a, b) for a, b in pairs])
    print(f"proximity, cached: {seconds / len(pairs) * 1e6:.1f} µs per pair")

    client = Client(name="Acme", country="FR", currency="EUR")
    process = Process(id="p", name="Payroll", function=BusinessFunction.PAYROLL)
    provider = Provider(
        id="x", name="X", country="MA", timezone="Africa/Casablanca", billing_currency="MAD"
    )
    contract = Contract(
        id="c", title="C", client="Acme", provider_id="x", currency="EUR", term=Term("2026-01-01")
    )
    calls = 2_000
    seconds = best_of(
        args.repeat,
        lambda: [
            classify(process, client=client, provider=provider, contract=contract)
            for _ in range(calls)
        ],
    )
    print(f"classify: {seconds / calls * 1e6:.1f} µs per call")

    needs = Needs(objectives={Objective.CUT_COSTS}, candidate_countries=("MA", "ES", "IN"))
    calls = 200
    seconds = best_of(
        args.repeat, lambda: [recommend(process, client=client, needs=needs) for _ in range(calls)]
    )
    print(f"recommend (13 options): {seconds / calls * 1e6:.1f} µs per call")

    places = [
        (here, there)
        for a, b in pairs
        if (here := capital(a)) is not None and (there := capital(b)) is not None
    ]
    ours = best_of(args.repeat, lambda: [distance_km(p, q) for p, q in places])
    peer = best_of(args.repeat, lambda: [geopy_km(p, q) for p, q in places])
    worst = max(abs(distance_km(p, q) - geopy_km(p, q)) for p, q in places)
    n = len(places)
    print(
        f"distance_km: {ours / n * 1e9:.0f} ns per pair; geopy great_circle: "
        f"{peer / n * 1e9:.0f} ns per pair; ratio {peer / ours:.1f}x; "
        f"largest difference {worst:.2e} km"
    )


if __name__ == "__main__":
    main()
