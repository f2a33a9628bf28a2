"""Static checks of scenarios, offers, sensitivity and exchange-rate paths.

Type-checked by mypy (``mypy src tests typing_tests``), never run.
"""

from decimal import Decimal
from typing import assert_type

from outsourcing import (
    Contract,
    CostAssumptions,
    Money,
    OfferComparison,
    OfferResult,
    Portfolio,
    Scenario,
    Sensitivity,
    Uncertainty,
    apply_changes,
    compare_offers,
    load_scenario,
    sensitivity,
)
from outsourcing.costs.fx_paths import drifting_rates, yearly_rates


def scenarios(portfolio: Portfolio) -> None:
    assert_type(apply_changes(portfolio, {"client.employees": 200}), Portfolio)
    scenario = load_scenario("cheaper.toml")
    assert_type(scenario, Scenario)
    assert_type(scenario.apply(portfolio), Portfolio)
    price = Money("1.90", "EUR")
    assert_type(price * "1.15", Money)
    assert_type(price / Decimal(2), Money)
    price * 1.15  # type: ignore[operator]


def offers(
    portfolio: Portfolio,
    contract: Contract,
    assumptions: CostAssumptions,
    uncertainty: Uncertainty,
) -> None:
    result = compare_offers(
        portfolio,
        ["payroll"],
        {"a": contract},
        assumptions=assumptions,
        uncertainty=uncertainty,
        seed=1,
    )
    assert_type(result, OfferComparison)
    offer = result.offer("a")
    assert_type(offer, OfferResult)
    assert_type(offer.savings_percentiles(), tuple[Money, Money, Money])
    assert_type(result.probability_cheaper("a", "a"), Decimal)
    tornado = sensitivity(offer, output="savings")
    assert_type(tornado, Sensitivity)
    assert_type(tornado.bars[0].swing, Money)
    sensitivity(offer, output="irr")  # type: ignore[arg-type]


def paths() -> None:
    assert_type(drifting_rates("0.0002", -8, 37), tuple[Decimal, ...])
    assert_type(yearly_rates(["0.092"], 12), tuple[Decimal, ...])
