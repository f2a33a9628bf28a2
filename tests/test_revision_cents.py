"""Projections under a price revision clause agree to the cent with the invoice rule.

`revised_price` and `price_schedule` round each revised price to the cent and chain the cap and
floor on the price as invoiced; `project_costs` and `simulate_costs` must bill the same price for
fees, a rate card's rate per FTE, unit and hourly rates and minimum commitments.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing import (
    Contract,
    FixedFee,
    HourlyRate,
    IndexSeries,
    IndexWeight,
    MinimumCommitment,
    Money,
    PerUnit,
    PriceRevision,
    PriceTier,
    RateCard,
    RateCardLine,
    Term,
    Tiering,
    price_schedule,
    revised_price,
)
from outsourcing.costs import (
    CostAssumptions,
    Fixed,
    Normal,
    Uncertainty,
    project_costs,
    simulate_costs,
)
from outsourcing.costs.price_revision import price_places
from outsourcing.testing import strategies as ost

SYNTEC = IndexSeries(
    "Syntec", {"2024-10": "280.0", "2025-10": "294.6", "2026-10": "310.0"}, source="example"
)
#: 0.15 + 0.85 × 294.6 / 280.0 = 1.0443214285714…, then 0.15 + 0.85 × 310.0 / 280.0 = 1.0910714…
CLAUSE = PriceRevision(
    indices=[IndexWeight("Syntec", "0.85")],
    fixed_share="0.15",
    reference_month="2024-10",
    lag_months=3,
)
ASSUMPTIONS = CostAssumptions(start="2025-01-01", months=36, currency="EUR", index_series=[SYNTEC])


def contract(*pricing: object, clause: PriceRevision = CLAUSE) -> Contract:
    """A contract from 1 January 2025, revised on each anniversary."""
    return Contract(
        id="it",
        title="IT services",
        client="Maison Verdier SAS",
        provider_id="rhone",
        currency="EUR",
        term=Term(start="2025-01-01"),
        pricing=list(pricing),
        price_revision=clause,
    )


def line(terms: Contract, name: str, assumptions: CostAssumptions = ASSUMPTIONS) -> list[str]:
    """A line's amounts in January 2025, 2026 and 2027."""
    projection = project_costs([], terms, assumptions=assumptions)
    (found,) = [f for f in projection.lines if f.label.name == f"it: {name}"]
    return [str(found.amounts[m]) for m in (0, 12, 24) if m < len(found.amounts)]


def test_a_fee_above_ten_thousand_is_revised_to_the_cent_of_the_invoice() -> None:
    """20,000.00 × 1.0443214285714… = 20,886.428571… → 20,886.43 (a six-decimal factor: .42)."""
    fee = Money("20000.00", "EUR")
    terms = contract(FixedFee(name="service", monthly_fee=fee))
    amounts = line(terms, "service")
    assert amounts[:2] == ["20000.00", "20886.43"]
    first = revised_price(fee, CLAUSE, [SYNTEC], "2026-01-01")
    assert str(first.price) == "20886.43 EUR"


def test_a_chained_cap_applies_to_the_price_as_invoiced() -> None:
    """3 % cap twice on 10,123.45: 10,427.1535 → 10,427.15, then 10,739.9645 → 10,739.96.

    A factor chained the cap on would give 10,123.45 × 1.0609 = 10,739.968… → 10,739.97.
    """
    capped = attrs.evolve(CLAUSE, cap=3)
    terms = contract(FixedFee(name="service", monthly_fee=Money("10123.45", "EUR")), clause=capped)
    assert line(terms, "service") == ["10123.45", "10427.15", "10739.96"]
    schedule = price_schedule(
        Money("10123.45", "EUR"), capped, [SYNTEC], "2025-01-01", "2027-12-31"
    )
    assert [str(r.price) for r in schedule] == ["10427.15 EUR", "10739.96 EUR"]
    assert [r.capped for r in schedule] == [True, True]


def test_a_floor_holds_the_invoiced_price() -> None:
    """12,345.67 × 1.0443214… = 12,892.8477… → 12,892.85; then the index falls to 250.0.

    0.15 + 0.85 × 250 / 280 = 0.908928… is below a 1 % floor on the price as invoiced:
    12,892.85 × 1.01 = 13,021.7785 → 13,021.78, as `price_schedule` says.
    """
    fallen = IndexSeries("Syntec", {**SYNTEC.values, "2026-10": "250.0"})
    floored = attrs.evolve(CLAUSE, floor=1)
    fee = Money("12345.67", "EUR")
    terms = contract(FixedFee(name="service", monthly_fee=fee), clause=floored)
    assumptions = attrs.evolve(ASSUMPTIONS, index_series=[fallen])
    assert line(terms, "service", assumptions) == ["12345.67", "12892.85", "13021.78"]
    schedule = price_schedule(fee, floored, [fallen], "2025-01-01", "2027-12-31")
    assert [(str(r.price), r.floored) for r in schedule] == [
        ("12892.85 EUR", False),
        ("13021.78 EUR", True),
    ]


def test_a_negative_floor_bounds_the_fall_of_the_invoiced_price() -> None:
    """12,345.67 → 12,892.85; then the index falls to 250.0: 12,345.67 × 0.908928… = 11,221.33.

    « La baisse ne pourra excéder 2 % »: a -2 % floor on the price as invoiced holds it at
    12,892.85 × 0.98 = 12,634.993 → 12,634.99; a -15 % floor (10,958.92) lets it fall to
    11,221.33. Every Monte Carlo run bills the same (both index months are published).
    """
    fallen = IndexSeries("Syntec", {**SYNTEC.values, "2026-10": "250.0"})
    fee = Money("12345.67", "EUR")
    assumptions = attrs.evolve(ASSUMPTIONS, index_series=[fallen])
    for floor, expected in (("-2", "12634.99"), ("-15", "11221.33")):
        clause = attrs.evolve(CLAUSE, floor=floor)
        terms = contract(FixedFee(name="service", monthly_fee=fee), clause=clause)
        assert line(terms, "service", assumptions) == ["12345.67", "12892.85", expected]
        schedule = price_schedule(fee, clause, [fallen], "2025-01-01", "2027-12-31")
        assert [str(r.price) for r in schedule] == ["12892.85 EUR", f"{expected} EUR"]
        assert schedule[1].floored is (floor == "-2")
        simulation = simulate_costs(
            [],
            terms,
            assumptions=assumptions,
            uncertainty=Uncertainty(indexation_rate=Normal(-2, 5)),
            runs=4,
            seed=11,
        )
        cents = int(Decimal(expected) * 100)
        assert simulation.alternative_minor[:, 24].tolist() == [cents] * 4


def test_a_unit_rate_is_revised_to_the_cent_before_it_multiplies_the_volume() -> None:
    """2.35 × 1.0443214… = 2.454155… → 2.45 a payslip; 10,000 payslips: 24,500.00.

    Revising the month's total instead would give 23,500 × 1.044321 = 24,541.54.
    """
    payslips = PerUnit(
        name="payslips",
        unit="payslip",
        monthly_volume=10_000,
        tiers=[PriceTier(None, Money("2.35", "EUR"))],
    )
    assert line(contract(payslips), "payslips")[:2] == ["23500.00", "24500.00"]


def test_graduated_and_volume_tiers_each_revise_their_price() -> None:
    """Tiers 3.00 up to 1,000 then 2.00: revised 3.13 (3.1329…) and 2.09 (2.0886…).

    1,500 units graduated: 1,000 × 3.13 + 500 × 2.09 = 4,175.00; volume: 1,500 × 2.09 =
    3,135.00.
    """
    tiers = [PriceTier(1000, Money("3.00", "EUR")), PriceTier(None, Money("2.00", "EUR"))]
    graduated = PerUnit(name="tickets", unit="ticket", monthly_volume=1500, tiers=tiers)
    assert line(contract(graduated), "tickets")[:2] == ["4000.00", "4175.00"]
    volume = attrs.evolve(graduated, tiering=Tiering.VOLUME)
    assert line(contract(volume), "tickets")[:2] == ["3000.00", "3135.00"]


def test_an_hourly_rate_is_revised_to_the_cent() -> None:
    """82.50 × 1.0443214… = 86.156517… → 86.16 an hour; 37.5 hours: 3,231.00."""
    support = HourlyRate(name="support", rate=Money("82.50", "EUR"), hours_per_month="37.5")
    assert line(contract(support), "support")[:2] == ["3093.75", "3231.00"]


def test_a_unit_price_finer_than_the_cent_keeps_its_decimals() -> None:
    """0.125 × 1.0443214… = 0.1305401… → 0.131 (tenths of a cent); 10,000 units: 1,310.00."""
    assert price_places(Money("0.125", "EUR")) == 3
    assert price_places(Money("2.350", "EUR")) == 2
    assert price_places(Money("1E+3", "EUR")) == 2
    calls = PerUnit(
        name="calls",
        unit="call",
        monthly_volume=10_000,
        tiers=[PriceTier(None, Money("0.125", "EUR"))],
    )
    assert line(contract(calls), "calls")[:2] == ["1250.00", "1310.00"]
    revised = revised_price(Money("0.125", "EUR"), CLAUSE, [SYNTEC], "2026-01-01")
    assert str(revised.price) == "0.131 EUR"


def test_a_rate_card_revises_the_rate_per_fte() -> None:
    """4,000.00 × 1.0443214… = 4,177.2857… → 4,177.29 an FTE; 2.5 FTEs: 10,443.225 → 10,443.23.

    Revising the role's 10,000.00 a month would give 10,443.21.
    """
    card = RateCard(
        name="team", lines=[RateCardLine("engineer", Money("4000.00", "EUR"), ftes="2.5")]
    )
    assert line(contract(card), "team / engineer")[:2] == ["10000.00", "10443.23"]


def test_a_minimum_commitment_is_revised_as_a_price() -> None:
    """Minimum 20,000.00 → 20,886.43; a 15,000.00 fee → 15,664.82 (15,664.8214…).

    Shortfall: 5,000.00 in 2025, 20,886.43 − 15,664.82 = 5,221.61 from 2026.
    """
    terms = contract(
        FixedFee(name="service", monthly_fee=Money("15000.00", "EUR")),
        MinimumCommitment(name="minimum", monthly_minimum=Money("20000.00", "EUR")),
    )
    assert line(terms, "service")[:2] == ["15000.00", "15664.82"]
    assert line(terms, "minimum")[:2] == ["5000.00", "5221.61"]


def test_every_run_bills_the_invoiced_prices() -> None:
    """The Monte Carlo of every line kind under the clause equals the projection of each run."""
    terms = contract(
        FixedFee(name="service", monthly_fee=Money("20000.00", "EUR")),
        RateCard(name="team", lines=[RateCardLine("engineer", Money("4000.00", "EUR"), "2.5")]),
        PerUnit(
            name="calls",
            unit="call",
            monthly_volume=10_000,
            tiers=[PriceTier(5000, Money("0.125", "EUR")), PriceTier(None, Money("0.1", "EUR"))],
        ),
        HourlyRate(name="support", rate=Money("82.50", "EUR"), hours_per_month="37.5"),
        MinimumCommitment(name="minimum", monthly_minimum=Money("45000", "EUR")),
        clause=attrs.evolve(CLAUSE, cap=5),
    )
    assumptions = attrs.evolve(ASSUMPTIONS, months=48)
    uncertain = Uncertainty(indexation_rate=Normal(2, 3))
    simulation = simulate_costs(
        [], terms, assumptions=assumptions, uncertainty=uncertain, runs=20, seed=5
    )
    for run in range(0, 20, 3):
        exact = project_costs([], terms, assumptions=simulation.run_assumptions(run))
        assert simulation.run_totals(run)[1] == exact.totals


def test_a_run_on_a_half_cent_at_the_cap_is_computed_exactly() -> None:
    """October 2025 not published: 201 × 1.00^(1/12) = 201, coefficient 201 / 200 = 1.005.

    1.00 × 1.005 = 1.005, exactly half a cent and exactly the 0.5 % cap (not above it): half up,
    1.01 a unit. In floats 100 × 1.005 is 100.4999…: every run is recomputed exactly.
    """
    series = IndexSeries("Syntec", {"2024-10": "200", "2025-09": "201"})
    clause = PriceRevision(
        indices=[IndexWeight("Syntec", 1)], reference_month="2024-10", lag_months=3, cap="0.5"
    )
    units = PerUnit(
        name="units", unit="unit", monthly_volume=100, tiers=[PriceTier(None, Money(1, "EUR"))]
    )
    terms = contract(units, clause=clause)
    assumptions = attrs.evolve(ASSUMPTIONS, months=13, index_series=[series])
    simulation = simulate_costs(
        [],
        terms,
        assumptions=assumptions,
        uncertainty=Uncertainty(indexation_rate=Fixed(0)),
        runs=3,
        seed=1,
    )
    assert simulation.alternative_minor[:, 12].tolist() == [10100] * 3
    exact = project_costs([], terms, assumptions=attrs.evolve(assumptions, indexation_rate=0))
    assert exact.totals[12] == Money("101.00", "EUR")


def test_a_price_stated_to_many_decimals_is_revised_exactly_in_every_run() -> None:
    """20,000 / 7 stated to 24 decimals keeps them: beyond int64, computed in Python ints.

    Two indices, one published for the revision and one not, each run growing the latter.
    """
    fee = Money(Decimal(20000) / 7, "EUR")
    assert price_places(fee) == 24
    other = IndexSeries("Insee", {"2024-10": "100", "2025-06": "101.5"})
    clause = attrs.evolve(
        CLAUSE, indices=[IndexWeight("Syntec", "0.45"), IndexWeight("Insee", "0.4")], cap=4
    )
    terms = contract(FixedFee(name="service", monthly_fee=fee), clause=clause)
    assumptions = attrs.evolve(ASSUMPTIONS, index_series=[SYNTEC, other])
    simulation = simulate_costs(
        [],
        terms,
        assumptions=assumptions,
        uncertainty=Uncertainty(indexation_rate=Normal(2, 3)),
        runs=12,
        seed=3,
    )
    for run in (0, 5, 11):
        exact = project_costs([], terms, assumptions=simulation.run_assumptions(run))
        assert simulation.run_totals(run)[1] == exact.totals
    assert len({int(v) for v in simulation.alternative_minor[:, 24]}) > 1


# --- properties ---------------------------------------------------------------------------


#: Clauses on indices ``A`` and ``B`` from October 2024, any weights, rounding, cap and floor
#: (negative floors and caps included).
CLAUSES = ost.price_revisions(
    index_names=("A", "B"), reference_month=pendulum.Date(2024, 10, 1), max_indices=2
)


def monthly(name: str, values: list[Decimal]) -> IndexSeries:
    """Monthly values from October 2024."""
    return IndexSeries(
        name, {f"{2024 + (9 + i) // 12}-{(9 + i) % 12 + 1:02d}": v for i, v in enumerate(values)}
    )


PRICES = st.decimals("0.01", 10_000, places=2) | st.decimals(10_000, 10_000_000, places=2)


@settings(max_examples=60, deadline=None)
@given(
    CLAUSES,
    st.lists(st.decimals(50, 400, places=3), min_size=1, max_size=60),
    PRICES,
    st.none() | st.decimals(-3, 8, places=2),
)
def test_a_fixed_fee_is_billed_at_the_price_schedule_price_every_month(
    clause: PriceRevision, values: list[Decimal], fee: Decimal, rate: Decimal | None
) -> None:
    """Each month's fee equals `price_schedule`'s price in force that month, to the cent.

    Prices range up to 10,000,000. Index values are published from October 2024 for up to
    five years; with an expected rate the projection runs five years, the later months grown
    at it; without one it stops where every revision is published.
    """
    if rate is None and len(values) < 4:
        rate = Decimal(0)
    a, b = monthly("A", values), monthly("B", values[::-1])
    assumptions = CostAssumptions(
        start="2025-01-01",
        months=60 if rate is not None else len(values) - 3,
        currency="EUR",
        index_series=[a, b],
        indexation_rate=rate,
    )
    price = Money(fee, "EUR")
    terms = contract(FixedFee(name="service", monthly_fee=price), clause=clause)
    last_day = assumptions.end.subtract(days=1)  # `end` is the day after the projection
    schedule = price_schedule(price, clause, [a, b], "2025-01-01", last_day, expected_rate=rate)
    (found,) = project_costs([], terms, assumptions=assumptions).lines
    for m, amount in enumerate(found.amounts):
        first_day = pendulum.Date(2025 + m // 12, m % 12 + 1, 1)
        in_force = [r.price.amount for r in schedule if r.revision <= first_day]
        assert amount == (in_force[-1] if in_force else fee)


@settings(max_examples=60, deadline=None)
@given(
    CLAUSES,
    st.lists(st.decimals(50, 400, places=3), min_size=1, max_size=60),
    PRICES,
    st.decimals(-20, 8, places=2),
)
def test_a_revised_price_stays_within_its_floor_and_cap(
    clause: PriceRevision, values: list[Decimal], fee: Decimal, rate: Decimal
) -> None:
    """Each revision lies in [previous × (1 + floor), previous × (1 + cap)], to the rounding.

    Floors are drawn from -10 % to +5 %, caps from -5 % to +20 %: a price may fall, by a
    bounded amount when the clause says so.
    """
    a, b = monthly("A", values), monthly("B", values[::-1])
    price = Money(fee, "EUR")
    schedule = price_schedule(price, clause, [a, b], "2025-01-01", "2029-12-31", expected_rate=rate)
    half_cent = Decimal("0.005")
    for revised in schedule:
        before, after = revised.previous.amount, revised.price.amount
        if clause.floor is not None:
            assert after >= before * (1 + clause.floor.fraction) - half_cent
        if clause.cap is not None:
            assert after <= before * (1 + clause.cap.fraction) + half_cent
        assert not (revised.capped and revised.floored)


@settings(max_examples=15, deadline=None)
@given(
    CLAUSES,
    st.lists(st.decimals(50, 400, places=3), min_size=1, max_size=30),
    st.decimals(10_000, 5_000_000, places=2),
    st.decimals("0.001", 50, places=3),
    st.sampled_from(Tiering),
    st.integers(0, 2**32),
)
def test_every_run_equals_the_projection_of_its_invoiced_prices(  # noqa: PLR0917 - drawn
    clause: PriceRevision,
    values: list[Decimal],
    fee: Decimal,
    unit: Decimal,
    tiering: Tiering,
    seed: int,
) -> None:
    """Large fees, fine unit prices, a rate card and a minimum: each run is its projection."""
    terms = contract(
        FixedFee(name="service", monthly_fee=Money(fee, "EUR")),
        RateCard(name="team", lines=[RateCardLine("analyst", Money(fee / 8, "EUR"), "1.5")]),
        PerUnit(
            name="units",
            unit="unit",
            monthly_volume=7_000,
            tiers=[PriceTier(5000, Money(unit, "EUR")), PriceTier(None, Money(unit / 2, "EUR"))],
            tiering=tiering,
        ),
        MinimumCommitment(name="minimum", monthly_minimum=Money(fee * 3, "EUR")),
        clause=clause,
    )
    assumptions = CostAssumptions(
        start="2025-01-01",
        months=60,
        currency="EUR",
        index_series=[monthly("A", values), monthly("B", values[::-1])],
    )
    uncertain = Uncertainty(indexation_rate=Normal(2, 3, low=-20))
    simulation = simulate_costs(
        [], terms, assumptions=assumptions, uncertainty=uncertain, runs=30, seed=seed
    )
    for run in range(0, 30, 7):
        exact = project_costs([], terms, assumptions=simulation.run_assumptions(run))
        assert simulation.run_totals(run)[1] == exact.totals
