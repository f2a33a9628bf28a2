"""Time `review_contract` and `assess_reversibility` on a contract where every framework applies.

Run from the repository root: ``.venv/bin/python benchmarks/review.py``. Prints the
mean time per call; there is no peer library to compare with.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import pendulum

from outsourcing import (
    CATALOGUE,
    Clause,
    ClauseTopic,
    Contract,
    ReversibilityPlan,
    ReviewContext,
    Span,
    Term,
    assess_reversibility,
    review_contract,
)

CALLS = 2000


def main() -> None:
    contract = Contract(
        id="C",
        title="Hosting",
        client="Bank",
        provider_id="P",
        currency="EUR",
        term=Term(start="2025-01-01", end="2026-12-31"),
        clauses=[Clause(t, f"art. {i}") for i, t in enumerate(ClauseTopic)],
        reversibility=ReversibilityPlan(Span(months=3), Span(months=6)),
    )
    context = ReviewContext(
        as_of=pendulum.Date(2025, 6, 30),
        financial_entity=True,
        ict_services=True,
        eba_supervised=True,
        personal_data=True,
        critical_function=True,
    )
    start = time.perf_counter()
    for _ in range(CALLS):
        review_contract(contract, context=context)
    review = (time.perf_counter() - start) / CALLS
    start = time.perf_counter()
    for _ in range(CALLS):
        assess_reversibility(contract.reversibility, contract, as_of="2025-06-30")
    exit_ = (time.perf_counter() - start) / CALLS
    print(f"review_contract: {review * 1e6:.0f} us per contract ({len(CATALOGUE)} entries)")
    print(f"assess_reversibility: {exit_ * 1e6:.0f} us per plan")


if __name__ == "__main__":
    main()
