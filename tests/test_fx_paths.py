from decimal import ROUND_HALF_UP, Decimal

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import offer_cases as cases
from outsourcing import (
    Contract,
    CostAssumptions,
    InvalidValueError,
    Normal,
    RateCard,
    Uncertainty,
    project_costs,
    simulate_costs,
)
from outsourcing.costs.fx_paths import drifting_rates, yearly_rates

PROCESSES = [cases.portfolio().process(p) for p in ("payroll", "accounting")]


def accountants_only() -> Contract:
    """The offshore quote reduced to its two accountants: 15,000,000 MGA a month, index cap 4 %."""
    offshore = cases.offshore()
    card = offshore.pricing[1]
    assert isinstance(card, RateCard)
    # Its SLAs go too: their credits name pricing lines this reduced quote no longer has.
    return attrs.evolve(
        offshore, pricing=(attrs.evolve(card, lines=card.lines[:1]),), one_off_costs=(), slas=()
    )


def drifting(**changes: object) -> CostAssumptions:
    """Three years from the term start, the ariary at 0.0002 EUR losing 8 % a year."""
    assumptions = CostAssumptions(
        start="2025-01-01",
        months=37,
        currency="EUR",
        fx_paths={"MGA": drifting_rates("0.0002", -8, 37)},
    )
    return attrs.evolve(assumptions, **changes)  # type: ignore[arg-type]


def test_month_25_fee_is_month_1_fee_after_two_years_of_drift_and_index() -> None:
    """3,000.00 EUR in month 1; in month 25, 3,000 x 0.92^2 x 1.04^2 = 2,746.39872 -> 2,746.40."""
    projection = project_costs(PROCESSES, accountants_only(), assumptions=drifting())
    (fee,) = (line for line in projection.lines if line.source_currency == "MGA")
    assert fee.amounts[0] == Decimal("3000.00")
    assert fee.amounts[24] == Decimal("2746.40")
    by_hand = Decimal("3000.00") * Decimal("0.92") ** 2 * Decimal("1.04") ** 2
    assert fee.amounts[24] == by_hand.quantize(Decimal("0.01"))
    assert fee.amounts[12] == Decimal("2870.40")  # 3,000 x 0.92 x 1.04


def test_the_engine_uses_each_month_its_own_rate() -> None:
    """Without volatility every run holds the path; its totals are the projection's to the cent."""
    assumptions = drifting()
    simulation = simulate_costs(
        PROCESSES,
        accountants_only(),
        assumptions=assumptions,
        uncertainty=Uncertainty(),
        runs=3,
        seed=7,
    )
    path = simulation.inputs.fx_paths["MGA"]
    assert path.shape == (37, 1)
    assert (int(path[0, 0]), int(path[12, 0]), int(path[24, 0])) == (20000, 18400, 16928)
    projection = project_costs(PROCESSES, accountants_only(), assumptions=assumptions)
    for run in range(3):
        assert simulation.alternative_minor[run].tolist() == [
            total.to_minor() for total in projection.totals
        ]


def test_drifting_and_yearly_rates_by_hand() -> None:
    """A year of -8 % from 0.0002 is 0.000184; yearly rates hold for twelve months each."""
    path = drifting_rates("0.0002", -8, 25)
    assert (path[0], path[12], path[24]) == (
        Decimal("0.0002"),
        Decimal("0.000184"),
        Decimal("0.00016928"),
    )
    assert path[1] == Decimal("0.00019862")  # 0.0002 x 0.92^(1/12)
    assert yearly_rates(["0.092", "0.09"], 26) == (Decimal("0.092"),) * 12 + (Decimal("0.09"),) * 14


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: drifting_rates(0, -8, 12), "drifting_rates.rate"),
        (lambda: drifting_rates("0.1", -100, 12), "drifting_rates.annual_drift"),
        (lambda: drifting_rates("0.1", 1, 0), "drifting_rates.months"),
        (lambda: yearly_rates([], 12), "yearly_rates.rates"),
        (lambda: yearly_rates(["0.1", "-1"], 12), "yearly_rates.rates[1]"),
        (lambda: drifting(fx_paths={"MGA": ["0.1", "0"]}), "CostAssumptions.fx_paths['MGA'][1]"),
        (lambda: drifting(fx_paths={"MGA": []}), "CostAssumptions.fx_paths['MGA']"),
        (lambda: drifting(fx_paths={"XYZ": ["1"]}), "CostAssumptions.fx_paths['XYZ']"),
    ],
)
def test_bad_paths_are_refused_naming_the_field(build: object, field: str) -> None:
    """Zero or negative rates, empty paths and unknown currencies are errors naming the field."""
    assert callable(build)
    with pytest.raises(InvalidValueError) as caught:
        build()
    assert caught.value.field == field


def test_a_path_shorter_than_the_horizon_keeps_its_last_rate() -> None:
    """Month 40 of a 37-rate path uses the 37th rate."""
    assumptions = drifting(months=48)
    assert assumptions.fx_rate_at("MGA", 40) == assumptions.fx_paths["MGA"][36]
    assert assumptions.fx_rate_at("EUR", 40) == 1
    assert assumptions.fx_path("MGA")[-1] == assumptions.fx_paths["MGA"][-1]


@settings(max_examples=25)
@given(
    st.decimals(min_value=Decimal("0.0001"), max_value=10, places=4),
    st.integers(-30, 30),
    st.integers(1, 4),
)
def test_every_twelfth_month_is_whole_years_of_drift(rate: Decimal, drift: int, years: int) -> None:
    """Month 12k of a drifting path is rate x (1 + drift)^k, rounded half-up to 8 decimals."""
    path = drifting_rates(rate, drift, 12 * years + 1)
    expected = rate * (1 + Decimal(drift) / 100) ** years
    assert path[12 * years] == expected.quantize(Decimal("1e-8"), rounding=ROUND_HALF_UP)
    steps = np.diff(np.array([float(r) for r in path]))
    assert (steps <= 0).all() if drift < 0 else (steps >= 0).all()


@settings(max_examples=10)
@given(st.integers(0, 2**32), st.integers(0, 5), st.integers(0, 3))
def test_volatile_paths_are_exact_runs(seed: int, sd: int, run: int) -> None:
    """With a month-to-month change, each run's path reproduces its totals with `project_costs`."""
    uncertainty = attrs.evolve(cases.UNCERTAINTY, fx_monthly_change=Normal(0, sd))
    assumptions = drifting(months=26)
    simulation = simulate_costs(
        PROCESSES,
        cases.offshore(),
        assumptions=assumptions,
        uncertainty=uncertainty,
        runs=4,
        seed=seed,
    )
    exact = simulation.run_assumptions(run)
    assert len(exact.fx_paths["MGA"]) == 26
    totals = project_costs(PROCESSES, cases.offshore(), assumptions=exact).totals
    assert simulation.alternative_minor[run].tolist() == [t.to_minor() for t in totals]


def test_monthly_changes_leave_other_draws_alone() -> None:
    """Adding a month-to-month FX change keeps every other input's draws (own random stream)."""
    plain = simulate_costs(
        PROCESSES,
        cases.offshore(),
        assumptions=cases.assumptions(),
        uncertainty=cases.UNCERTAINTY,
        runs=50,
        seed=11,
    )
    volatile = simulate_costs(
        PROCESSES,
        cases.offshore(),
        assumptions=cases.assumptions(),
        uncertainty=attrs.evolve(cases.UNCERTAINTY, fx_monthly_change=Normal(0, 2)),
        runs=50,
        seed=11,
    )
    assert np.array_equal(plain.baseline_minor, volatile.baseline_minor)
    assert np.array_equal(plain.inputs.fx_rates["MGA"], volatile.inputs.fx_rates["MGA"])
    assert np.array_equal(volatile.inputs.fx_paths["MGA"][0], plain.inputs.fx_rates["MGA"])
    assert not np.array_equal(plain.alternative_minor, volatile.alternative_minor)
