"""Static checks of cost projection, comparison and simulation.

Type-checked by mypy (``mypy src tests typing_tests``), never run.
"""

from decimal import Decimal
from typing import assert_type

import pandas as pd

from outsourcing import (
    Contract,
    CostAssumptions,
    CostComparison,
    CostProjection,
    CostSimulation,
    Money,
    MonthlyPercentiles,
    Process,
    Uncertainty,
    compare_costs,
    project_costs,
    simulate_costs,
)


def projection_and_comparison(
    process: Process, contract: Contract, assumptions: CostAssumptions
) -> None:
    in_house = project_costs(process, assumptions=assumptions)
    assert_type(in_house, CostProjection)
    outsourced = project_costs([process], contract, assumptions=assumptions)
    assert_type(outsourced.totals, tuple[Money, ...])
    comparison = compare_costs(in_house, outsourced, discount_rate="8")
    assert_type(comparison, CostComparison)
    assert_type(comparison.npv, Money)
    assert_type(comparison.break_even_month, int | None)
    assert_type(comparison.irr_annual, Decimal | None)
    assert_type(comparison.cumulative_savings, tuple[Money, ...])
    # Rates are Decimal, int or text, never float.
    _ = compare_costs(in_house, outsourced, discount_rate=0.08)  # type: ignore[arg-type]
    # Assumptions are keyword-only.
    _ = project_costs(process, None, assumptions)  # type: ignore[call-arg]


def simulation(
    process: Process, contract: Contract, assumptions: CostAssumptions, uncertainty: Uncertainty
) -> None:
    runs = simulate_costs(
        process, contract, assumptions=assumptions, uncertainty=uncertainty, runs=500, seed=1
    )
    assert_type(runs, CostSimulation)
    assert_type(runs.percentiles("cumulative_savings"), MonthlyPercentiles)
    assert_type(runs.percentiles("baseline").p50, tuple[Money, ...])
    assert_type(runs.probability_of_break_even(24), Decimal)
    assert_type(runs.break_even_distribution(), dict[int | None, int])
    assert_type(runs.run_totals(0), tuple[tuple[Money, ...], tuple[Money, ...]])
    assert_type(runs.to_pandas(), pd.DataFrame)
