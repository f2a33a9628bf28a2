from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from outsourcing import (
    Contract,
    CostAssumptions,
    CostCategory,
    CostProjection,
    FixedFee,
    InHouseProject,
    InvalidValueError,
    Money,
    OneOffCost,
    Process,
    Term,
    Uncertainty,
    project_costs,
    simulate_costs,
)
from outsourcing.samples import sample_portfolio

ASSUMPTIONS = CostAssumptions(start="2025-01-01", months=24, currency="EUR")
MIGRATION = InHouseProject("Microsoft 365 migration", Money(Decimal(18000), "EUR"), "2025-04-15")


def it_process() -> Process:
    """The sample's IT maintenance with the migration the team would run itself."""
    process = sample_portfolio().process("it-maintenance")
    assert process.in_house is not None
    return attrs.evolve(process, in_house=attrs.evolve(process.in_house, projects=[MIGRATION]))


def line_amounts(projection: CostProjection, category: str) -> list[tuple[int, Decimal]]:
    """The non-zero months of the lines of a category."""
    return [
        (i, amount)
        for line in projection.lines
        if line.label.category == category
        for i, amount in enumerate(line.amounts)
        if amount
    ]


def test_the_in_house_scenario_carries_the_project() -> None:
    """Kept in house, the 18,000 EUR migration falls in April 2025 (month 3)."""
    projection = project_costs(it_process(), assumptions=ASSUMPTIONS)
    assert line_amounts(projection, "project") == [(3, Decimal("18000.00"))]


def test_the_outsourced_scenario_does_not() -> None:
    """With a contract the provider runs the project: no in-house project line."""
    contract = Contract(
        id="c",
        title="IT",
        client="Maison Verdier SAS",
        provider_id="p",
        currency="EUR",
        term=Term(start="2025-01-01"),
        pricing=[FixedFee("Service", Money(Decimal(3000), "EUR"))],
        one_off_costs=[
            OneOffCost(CostCategory.STAFF_TRANSFER, Money(Decimal(5000), "EUR")),
        ],
    )
    projection = project_costs(it_process(), contract, assumptions=ASSUMPTIONS)
    assert line_amounts(projection, "project") == []
    assert line_amounts(projection, "staff_transfer") == [(0, Decimal("5000.00"))]


def test_the_simulation_agrees_with_the_projection() -> None:
    """Without uncertainty every simulated in-house run equals the projection, project included."""
    process = it_process()
    projection = project_costs(process, assumptions=ASSUMPTIONS)
    contract = Contract(
        id="c",
        title="IT",
        client="Maison Verdier SAS",
        provider_id="p",
        currency="EUR",
        term=Term(start="2025-01-01"),
        pricing=[FixedFee("Service", Money(Decimal(3000), "EUR"))],
    )
    simulation = simulate_costs(
        process,
        contract,
        assumptions=ASSUMPTIONS,
        uncertainty=Uncertainty(),
        runs=3,
        seed=1,
    )
    expected = [int(total.amount * 100) for total in projection.totals]
    assert simulation.baseline_minor[0].tolist() == expected


def test_a_project_in_another_currency_is_refused() -> None:
    """Every in-house amount shares one currency."""
    process = sample_portfolio().process("it-maintenance")
    assert process.in_house is not None
    other = attrs.evolve(MIGRATION, amount=Money(Decimal(1), "USD"))
    with pytest.raises(InvalidValueError, match="one currency"):
        attrs.evolve(process.in_house, projects=[other])


def test_overheads_and_rent_are_indexed_at_the_stated_rate() -> None:
    """At 3 % a year, the second year's overheads are 1.03 × the first's; rent follows too."""
    process = sample_portfolio().process("it-maintenance")
    indexed = attrs.evolve(ASSUMPTIONS, overheads_inflation=3, in_house_scales_with_volume=False)
    projection = project_costs(process, assumptions=indexed)
    by_category = {line.label.category: line.amounts for line in projection.lines if line.amounts}
    # 8,000 EUR of overheads and 9,000 EUR of rent and equipment a year, for one FTE.
    assert (by_category["overheads"][0], by_category["overheads"][12]) == (
        Decimal("666.67"),
        Decimal("686.67"),
    )
    assert (by_category["rent_and_equipment"][0], by_category["rent_and_equipment"][12]) == (
        Decimal("750.00"),
        Decimal("772.50"),
    )
    flat = project_costs(process, assumptions=ASSUMPTIONS)
    assert {line.label.category: line.amounts[12] for line in flat.lines}["overheads"] == Decimal(
        "666.67"
    )


def test_the_simulation_follows_the_overheads_rate() -> None:
    """Each simulated run equals the projection with the overheads rate, to the cent."""
    process = sample_portfolio().process("it-maintenance")
    indexed = attrs.evolve(ASSUMPTIONS, overheads_inflation="2.5")
    projection = project_costs(process, assumptions=indexed)
    contract = Contract(
        id="c",
        title="IT",
        client="Maison Verdier SAS",
        provider_id="p",
        currency="EUR",
        term=Term(start="2025-01-01"),
        pricing=[FixedFee("Service", Money(Decimal(3000), "EUR"))],
    )
    simulation = simulate_costs(
        process, contract, assumptions=indexed, uncertainty=Uncertainty(), runs=2, seed=3
    )
    expected = [int(total.amount * 100) for total in projection.totals]
    assert simulation.baseline_minor[0].tolist() == expected
