"""Time `compare_offers` (three offers on common random numbers) against one `simulate_costs`.

Run from the repository root: ``.venv/bin/python benchmarks/offers.py`` (``--runs N`` changes
the number of runs). Three offers for the payroll process of ``benchmarks/costs.py`` -- its
3-line contract billed in MAD, the same contract billed in EUR, and a dearer MAD one -- each
against the in-house baseline, 10,000 runs x 60 months, every input uncertain, all three offers
on the same draws, with the exact projection, the P10/P50/P90 of the savings and the risk summary
of each offer; against one `simulate_costs` of the same size (baseline and one contract), timed in
the same run. Prints the best and median of 15 calls of each, and the ratio of the medians
(target <= 3x). The load average is printed: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import attrs
from costs import ASSUMPTIONS, PAYROLL, THREE_LINES, UNCERTAINTY

from outsourcing import (
    Client,
    Money,
    OfferComparison,
    Portfolio,
    PriceTier,
    Provider,
    compare_offers,
    simulate_costs,
)


def timed(call: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Best and median wall time of ``call`` in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1e3)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    runs = parser.parse_args().runs
    portfolio = Portfolio(
        client=Client(name="Acme", country="FR", currency="EUR"),
        processes=(PAYROLL,),
        providers=(
            Provider(
                id="p",
                name="Provider",
                country="MA",
                timezone="Africa/Casablanca",
                billing_currency="MAD",
                languages={"fr", "ar"},
            ),
        ),
    )
    in_euros = attrs.evolve(
        THREE_LINES,
        id="nearshore",
        currency="EUR",
        pricing=(
            attrs.evolve(
                THREE_LINES.pricing[0],
                tiers=(PriceTier(3000, Money("3.6", "EUR")), PriceTier(None, Money(3, "EUR"))),
            ),
            attrs.evolve(THREE_LINES.pricing[1], rate=Money(27, "EUR")),
            attrs.evolve(THREE_LINES.pricing[2], monthly_fee=Money(1900, "EUR")),
        ),
    )
    dearer = attrs.evolve(
        THREE_LINES,
        id="dearer",
        pricing=(
            *THREE_LINES.pricing[:2],
            attrs.evolve(THREE_LINES.pricing[2], monthly_fee=Money(26000, "MAD")),
        ),
    )
    offers = {"offshore": THREE_LINES, "nearshore": in_euros, "dearer": dearer}

    def compared() -> OfferComparison:
        result = compare_offers(
            portfolio,
            ["payroll"],
            offers,
            assumptions=ASSUMPTIONS,
            uncertainty=UNCERTAINTY,
            seed=2025,
            runs=runs,
        )
        for offer in result.offers:
            offer.savings_percentiles()
        result.probability_cheaper("offshore", "nearshore")
        return result

    def simulated() -> object:
        return simulate_costs(
            PAYROLL,
            THREE_LINES,
            assumptions=ASSUMPTIONS,
            uncertainty=UNCERTAINTY,
            runs=runs,
            seed=2025,
        )

    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    result = compared()
    simulated()
    single_best, single = timed(simulated, 15)
    offers_best, offered = timed(compared, 15)
    print(
        f"simulate_costs, {runs} runs x 60 months, 1 offer: "
        f"best {single_best:.1f} ms, median {single:.1f} ms"
    )
    print(
        f"compare_offers, {runs} runs x 60 months, 3 offers (paired, with exact projections, "
        f"savings P10/P50/P90 and risk summaries): best {offers_best:.1f} ms, "
        f"median {offered:.1f} ms"
    )
    ratio = offered / single
    print(f"ratio compare_offers / simulate_costs (medians): {ratio:.2f}x (target <= 3x)")
    print(
        "P(offshore cheaper than nearshore): "
        f"{result.probability_cheaper('offshore', 'nearshore')}, "
        f"P(offshore cheaper than dearer): {result.probability_cheaper('offshore', 'dearer')}"
    )
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
