from decimal import Decimal

import attrs
import matplotlib as mpl
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import offer_cases as cases
from outsourcing import (
    BusinessCase,
    Fixed,
    InvalidValueError,
    Normal,
    OfferResult,
    Sensitivity,
    Triangular,
    Uniform,
    business_case,
    compare_costs,
    compare_offers,
    project_costs,
    sensitivity,
)
from outsourcing.costs.sensitivity import _average_ranks, _spearman, quantile
from outsourcing.notebook import result_html

mpl.use("Agg")


@pytest.fixture(scope="module")
def offshore() -> OfferResult:
    """The docs' offshore offer, 2,000 runs, seed 2025."""
    return compare_offers(
        cases.portfolio(),
        ["payroll", "accounting"],
        {"offshore": cases.offshore()},
        assumptions=cases.assumptions(),
        uncertainty=cases.UNCERTAINTY,
        seed=2025,
        runs=2000,
    ).offer("offshore")


@pytest.fixture(scope="module")
def tornado(offshore: OfferResult) -> Sensitivity:
    """The NPV sensitivity of the offshore offer."""
    return sensitivity(offshore)


def test_largest_bar_matches_a_one_at_a_time_rerun_by_hand(
    offshore: OfferResult, tornado: Sensitivity
) -> None:
    """Volume growth swings the NPV most; its ends are projections rebuilt here by hand."""
    bar = tornado.bars[0]
    assert bar.input == "annual_volume_growth"
    # Normal(6, 4): 6 -/+ 1.281552 x 4; the others at their medians: wages Triangular(1, 2.5, 5)
    # 5 - sqrt(5), index Uniform(2, 9) 5.5, FX change 0, workload 10, delay Triangular(0, 1, 4)
    # 4 - sqrt(6) = 1.55 -> 2 months.
    assert (bar.low_value, bar.high_value) == (Decimal("0.8738"), Decimal("11.1262"))
    processes = offshore.processes
    for growth, expected in (("0.8738", bar.low), ("11.1262", bar.high)):
        by_hand = attrs.evolve(
            cases.assumptions(),
            annual_volume_growth=growth,
            wage_inflation="2.7639",
            indexation_rate="5.5",
            workload_underestimate=10,
            transition_delay_months=2,
        )
        npv = compare_costs(
            project_costs(processes, assumptions=by_hand),
            project_costs(processes, cases.offshore(), assumptions=by_hand),
            discount_rate=8,
        ).npv
        assert npv == expected
    assert str(bar.low) == "345634.80 EUR"
    assert str(bar.high) == "436866.53 EUR"
    assert str(bar.swing) == "91231.73 EUR"


def test_bars_and_correlations_are_sorted(tornado: Sensitivity) -> None:
    """Bars come largest swing first, correlations largest magnitude first."""
    swings = [bar.swing.amount for bar in tornado.bars]
    assert swings == sorted(swings, reverse=True)
    assert [bar.input for bar in tornado.bars] == [
        "annual_volume_growth",
        "fx_change",
        "transition_delay_months",
        "wage_inflation",
        "workload_underestimate",
        "indexation_rate",
    ]
    magnitudes = [abs(c.coefficient) for c in tornado.correlations]
    assert magnitudes == sorted(magnitudes, reverse=True)
    assert tornado.correlations[0].input == "annual_volume_growth"
    assert tornado.correlations[0].coefficient > Decimal("0.8")
    fx = next(c for c in tornado.correlations if c.input == "fx_change[MGA]")
    assert fx.coefficient < 0  # a dearer ariary costs more


def test_a_capped_index_cannot_swing_above_its_cap(tornado: Sensitivity) -> None:
    """The index cap is 4 %: at P90 (8.3 %) the NPV is the one at the median (5.5 %)."""
    index = next(bar for bar in tornado.bars if bar.input == "indexation_rate")
    assert index.high == tornado.median


def test_savings_output_and_views(offshore: OfferResult) -> None:
    """The savings tornado has the same order here; frame and chart show every input."""
    result = sensitivity(offshore, output="savings")
    assert result.bars[0].input == "annual_volume_growth"
    frame = result.to_pandas()
    assert list(frame.index) == [bar.input for bar in result.bars]
    assert Decimal(str(frame.loc["fx_change", "rank_correlation"])) < 0
    axes = result.plot()
    assert [t.get_text() for t in axes.get_yticklabels()][-1] == "annual_volume_growth"


def test_business_cases_carry_their_contract() -> None:
    """`business_case` keeps its contract so that `sensitivity` can re-project it."""
    portfolio = cases.portfolio()
    case = business_case(portfolio, portfolio.contract("atlas-finance"), runs=200)
    assert isinstance(case, BusinessCase)
    assert sensitivity(case).bars
    with pytest.raises(InvalidValueError, match=r"sensitivity\.case"):
        sensitivity(attrs.evolve(case, contract=None))
    with pytest.raises(InvalidValueError, match=r"sensitivity\.output"):
        sensitivity(case, output="irr")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("distribution", "q", "expected"),
    [
        (Uniform(2, 9), 0.5, "5.5"),
        (Triangular(1, "2.5", 5), 0.5, "2.7639"),
        (Triangular(0, 1, 4), 0.1, "0.6325"),
        (Normal(6, 4), 0.9, "11.1262"),
        (Normal(0, 8, low=-5), 0.1, "-5"),
        (Fixed(3), 0.9, "3"),
    ],
)
def test_quantiles_of_each_distribution(distribution: object, q: float, expected: str) -> None:
    """Closed forms checked by hand (sqrt(5) = 2.2361, sqrt(0.4) = 0.6325, z90 = 1.28155)."""
    assert quantile(distribution, q) == Decimal(expected)  # type: ignore[arg-type]


@given(st.lists(st.integers(-5, 5), min_size=2, max_size=60))
def test_average_ranks_keep_the_rank_sum(values: list[int]) -> None:
    """Tied values share their mean rank, so ranks always add up to n(n+1)/2."""
    ranks = _average_ranks(np.array(values, dtype=np.int64))
    n = len(values)
    assert ranks.sum() == n * (n + 1) / 2
    for a, b in zip(values, ranks.tolist(), strict=True):
        assert all(r == b for v, r in zip(values, ranks.tolist(), strict=True) if v == a)


@given(st.lists(st.integers(-1000, 1000), min_size=3, max_size=60, unique=True))
def test_rank_correlation_of_monotonic_transforms(values: list[int]) -> None:
    """An increasing function of the input correlates at 1, a decreasing one at -1."""
    draws = np.array(values, dtype=np.int64)
    assert _spearman(draws, draws.astype(np.float64) ** 3) == 1
    assert _spearman(draws, -2.0 * draws) == -1


def test_sensitivity_shows_as_html_in_both_languages(tornado: Sensitivity) -> None:
    """The HTML lists the inputs, largest swing first, with the swing and the correlation."""
    html = tornado._repr_html_()
    assert "What moves the result most" in html
    assert html.index("annual_volume_growth") < html.index("indexation_rate")
    assert "€91,231.73" in html
    assert "0.831" in html  # the formatter shows three decimals
    french = result_html(tornado, "fr")
    assert "Ce qui pèse le plus sur le résultat" in french
    assert "Valeur actuelle nette" in french
