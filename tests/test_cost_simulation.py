"""Monte Carlo of costs: exact agreement with the Decimal projection, reproducibility, overflow."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing import (
    BusinessFunction,
    Contract,
    CostCategory,
    FixedFee,
    HourlyRate,
    Indexation,
    InHouseCost,
    InvalidValueError,
    MinimumCommitment,
    Money,
    OneOffCost,
    PerUnit,
    PriceTier,
    Process,
    ServiceCreditRegime,
    Term,
    Tiering,
    TrueUp,
)
from outsourcing.costs import (
    CostAssumptions,
    CostSeries,
    Fixed,
    Normal,
    Triangular,
    Uncertainty,
    Uniform,
    compare_costs,
    project_costs,
    simulate_costs,
)
from outsourcing.costs.integer_money import INT64_MAX, half_up, product
from outsourcing.testing import strategies as ost

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


def offshore(tiering: Tiering = Tiering.GRADUATED, true_up: TrueUp = TrueUp.QUARTERLY) -> Contract:
    """An offshore contract billed in MAD with four pricing lines, indexation and credits."""
    mad = "MAD"
    return Contract(
        id="off",
        title="Payroll offshore",
        client="Acme",
        provider_id="p",
        currency=mad,
        term=Term(start="2025-01-15", end="2028-06-30"),
        pricing=[
            PerUnit(
                name="payslips",
                unit="payslip",
                monthly_volume=4000,
                tiering=tiering,
                tiers=[PriceTier(3000, Money("38.5", mad)), PriceTier(None, Money("31.25", mad))],
            ),
            HourlyRate(name="support", rate=Money(290, mad), hours_per_month=Decimal("40.25")),
            FixedFee(name="platform", monthly_fee=Money(20000, mad)),
            MinimumCommitment(name="minimum", monthly_minimum=Money(190000, mad), true_up=true_up),
        ],
        indexation=Indexation(index="HCP", expected_rate=3, cap="2.5", floor=1),
        service_credits=ServiceCreditRegime(monthly_cap=10),
        one_off_costs=[OneOffCost(category=CostCategory.TRANSITION, amount=Money(40000, "EUR"))],
    )


ASSUMPTIONS = CostAssumptions(
    start="2025-01-01",
    months=48,
    currency="EUR",
    fx_rates={"MAD": "0.0921"},
    annual_volume_growth=5,
    seasonality=["1.1", "1", "1", "0.9", "1", "1", "0.8", "0.9", "1", "1.1", "1.1", "1.1"],
    workload_underestimate=8,
    wage_inflation=3,
    service_credit_rate="1.5",
    parallel_run_months=1,
)

UNCERTAIN = Uncertainty(
    annual_volume_growth=Normal(5, 4),
    wage_inflation=Triangular(1, "2.5", 5),
    indexation_rate=Uniform(0, 5),
    fx_change=Normal(0, 6, low=-30, high=30),
    workload_underestimate=Normal(8, 10, low=-30),
    transition_delay_months=Triangular(0, 1, 5),
)


def minor(totals: tuple[Money, ...]) -> list[int]:
    """Totals in cents."""
    return [t.to_minor() for t in totals]


def test_zero_variance_runs_equal_the_decimal_projection() -> None:
    """Without uncertainty every run equals project_costs of both scenarios, to the cent."""
    simulation = simulate_costs(
        PAYROLL, offshore(), assumptions=ASSUMPTIONS, uncertainty=Uncertainty(), runs=3, seed=7
    )
    baseline = project_costs(PAYROLL, assumptions=ASSUMPTIONS)
    alternative = project_costs(PAYROLL, offshore(), assumptions=ASSUMPTIONS)
    for run in range(3):
        assert simulation.baseline_minor[run].tolist() == minor(baseline.totals)
        assert simulation.alternative_minor[run].tolist() == minor(alternative.totals)
    comparison = compare_costs(baseline, alternative, discount_rate=8)
    assert set(simulation.break_even_months.tolist()) == {comparison.break_even_month or 0}


@settings(max_examples=8)
@given(
    st.integers(0, 2**32),
    st.sampled_from(Tiering),
    st.sampled_from(TrueUp),
    st.booleans(),
    ost.indexations(),
)
def test_every_run_equals_the_projection_of_its_assumptions(
    seed: int, tiering: Tiering, true_up: TrueUp, scales: bool, indexation: Indexation
) -> None:
    """Each run's totals are exactly project_costs under run_assumptions(run), to the cent.

    The contract's indexation is drawn with signed floors and caps (a price may fall, by a
    bounded amount), and each run draws an index change from -11 % to +9 %.
    """
    terms = attrs.evolve(offshore(tiering, true_up), indexation=indexation)
    assumptions = CostAssumptions(**{**_fields(ASSUMPTIONS), "in_house_scales_with_volume": scales})
    uncertain = attrs.evolve(UNCERTAIN, indexation_rate=Uniform(-11, 9))
    simulation = simulate_costs(
        PAYROLL, terms, assumptions=assumptions, uncertainty=uncertain, runs=40, seed=seed
    )
    for run in range(0, 40, 8):
        exact = simulation.run_assumptions(run)
        baseline = project_costs(PAYROLL, assumptions=exact)
        alternative = project_costs(PAYROLL, terms, assumptions=exact)
        assert simulation.baseline_minor[run].tolist() == minor(baseline.totals)
        assert simulation.alternative_minor[run].tolist() == minor(alternative.totals)
        comparison = compare_costs(baseline, alternative, discount_rate=0)
        assert int(simulation.break_even_months[run]) == (comparison.break_even_month or 0)


def _fields(assumptions: CostAssumptions) -> dict[str, Any]:
    return attrs.asdict(assumptions, recurse=False)


def test_same_seed_same_results_and_other_seed_other_draws() -> None:
    """A seed fixes every draw; another seed draws differently."""

    def run(seed: int) -> Any:
        return simulate_costs(
            PAYROLL, offshore(), assumptions=ASSUMPTIONS, uncertainty=UNCERTAIN, runs=200, seed=seed
        )

    first, again, other = run(11), run(11), run(12)
    assert np.array_equal(first.alternative_minor, again.alternative_minor)
    assert first.percentiles(CostSeries.SAVINGS) == again.percentiles(CostSeries.SAVINGS)
    assert not np.array_equal(first.alternative_minor, other.alternative_minor)


def test_one_uncertain_input_does_not_change_the_draws_of_another() -> None:
    """Each input has its own random stream: adding FX uncertainty keeps the growth draws."""
    alone = Uncertainty(annual_volume_growth=Normal(5, 4))
    both = Uncertainty(annual_volume_growth=Normal(5, 4), fx_change=Normal(0, 5))
    a = simulate_costs(
        PAYROLL, offshore(), assumptions=ASSUMPTIONS, uncertainty=alone, runs=50, seed=3
    )
    b = simulate_costs(
        PAYROLL, offshore(), assumptions=ASSUMPTIONS, uncertainty=both, runs=50, seed=3
    )
    assert np.array_equal(a.inputs.annual_volume_growth, b.inputs.annual_volume_growth)


def test_percentiles_are_nearest_rank_of_the_runs() -> None:
    """P10/P50/P90 of each month are the ceil(q·n)-th smallest run values (slow reference)."""
    simulation = simulate_costs(
        PAYROLL, offshore(), assumptions=ASSUMPTIONS, uncertainty=UNCERTAIN, runs=101, seed=5
    )
    savings = simulation.baseline_minor - simulation.alternative_minor
    cumulative = np.cumsum(savings, axis=1)
    for series, values in (
        (CostSeries.ALTERNATIVE, simulation.alternative_minor),
        (CostSeries.SAVINGS, savings),
        (CostSeries.CUMULATIVE_SAVINGS, cumulative),
    ):
        bands = simulation.percentiles(series)
        for month in (0, 13, 47):
            ordered = sorted(int(v) for v in values[:, month])
            for q, band in zip((10, 50, 90), (bands.p10, bands.p50, bands.p90), strict=True):
                assert band[month].to_minor() == ordered[math.ceil(q * 101 / 100) - 1]


def test_break_even_probability_counts_runs() -> None:
    """The probability of breaking even by month N is the share of runs with break-even <= N."""
    simulation = simulate_costs(
        PAYROLL, offshore(), assumptions=ASSUMPTIONS, uncertainty=UNCERTAIN, runs=300, seed=9
    )
    months = simulation.break_even_months.tolist()
    for by in (6, 18, 48):
        share = Decimal(sum(1 for m in months if 0 < m <= by)) / 300
        assert simulation.probability_of_break_even(by) == share
    distribution = simulation.break_even_distribution()
    assert sum(distribution.values()) == 300
    assert (
        simulation.probability_of_break_even(48) == Decimal(300 - distribution.get(None, 0)) / 300
    )


def test_simulation_converts_to_a_dataframe() -> None:
    """One row per month, P10/P50/P90 columns per series."""
    simulation = simulate_costs(
        PAYROLL, offshore(), assumptions=ASSUMPTIONS, uncertainty=UNCERTAIN, runs=20, seed=1
    )
    frame = simulation.to_pandas()
    assert len(frame) == 48
    assert frame["savings_p50"].tolist() == [
        m.amount for m in simulation.percentiles("savings").p50
    ]


def test_fixed_distribution_is_the_assumed_value() -> None:
    """A Fixed distribution draws its value every run."""
    uncertainty = Uncertainty(annual_volume_growth=Fixed(5))
    a = simulate_costs(
        PAYROLL, offshore(), assumptions=ASSUMPTIONS, uncertainty=uncertainty, runs=4, seed=1
    )
    b = simulate_costs(
        PAYROLL, offshore(), assumptions=ASSUMPTIONS, uncertainty=Uncertainty(), runs=4, seed=1
    )
    assert np.array_equal(a.alternative_minor, b.alternative_minor)


@pytest.mark.parametrize(("runs", "seed"), [(0, 1), (10, -1), (True, 1)])
def test_invalid_runs_or_seed_are_refused(runs: int, seed: int) -> None:
    """Runs must be 1..1,000,000 and the seed a whole number >= 0."""
    with pytest.raises(InvalidValueError, match="simulate_costs"):
        simulate_costs(
            PAYROLL,
            offshore(),
            assumptions=ASSUMPTIONS,
            uncertainty=UNCERTAIN,
            runs=runs,
            seed=seed,
        )


def test_run_assumptions_refuses_an_unknown_run() -> None:
    """Asking for run n of n runs names the valid range."""
    simulation = simulate_costs(
        PAYROLL, offshore(), assumptions=ASSUMPTIONS, uncertainty=UNCERTAIN, runs=2, seed=1
    )
    with pytest.raises(InvalidValueError, match=r"0\.\.1"):
        simulation.run_assumptions(2)


@given(st.integers(0, 10**30), st.integers(1, 10**15))
def test_half_up_matches_decimal(numerator: int, denominator: int) -> None:
    """Integer half-up rounding equals Decimal ROUND_HALF_UP, in int64 and beyond."""
    expected = (
        int(
            (Decimal(numerator) / Decimal(denominator)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        )
        if numerator < 10**20
        else None
    )
    array = np.array([numerator], dtype=object if numerator > INT64_MAX else np.int64)
    result = int(half_up(array, denominator)[0])
    exact = (2 * numerator + denominator) // (2 * denominator)
    assert result == exact
    if expected is not None:
        assert result == expected


@given(st.lists(st.integers(0, 10**12), min_size=1, max_size=20), st.integers(1, 10**9))
def test_product_falls_back_to_exact_integers_when_int64_could_overflow(
    values: list[int], factor: int
) -> None:
    """Products that could overflow int64 are computed in Python integers, still exact."""
    array = np.array(values, dtype=np.int64)
    result = product(array, factor, factor)
    assert [int(v) for v in result] == [v * factor * factor for v in values]
    if max(values) * factor * factor > INT64_MAX:
        assert result.dtype == object


def test_huge_amounts_stay_exact() -> None:
    """A fee of a trillion MAD a month overflows int64 cents × factors yet stays exact."""
    terms = Contract(
        id="big",
        title="Big",
        client="Acme",
        provider_id="p",
        currency="MAD",
        term=Term(start="2025-01-01"),
        pricing=[FixedFee(name="fee", monthly_fee=Money("1000000000000.01", "MAD"))],
        indexation=Indexation(index="x", expected_rate="2.5"),
    )
    assumptions = CostAssumptions(
        start="2025-01-01", months=25, currency="EUR", fx_rates={"MAD": "0.09213457"}
    )
    simulation = simulate_costs(
        PAYROLL, terms, assumptions=assumptions, uncertainty=Uncertainty(), runs=2, seed=0
    )
    projection = project_costs(PAYROLL, terms, assumptions=assumptions)
    assert simulation.alternative_minor[1].tolist() == minor(projection.totals)
