"""Cost projection and comparison: conventions, invariants, agreement with numpy-financial."""

from __future__ import annotations

import datetime as dt
import importlib
import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy_financial as npf
import pendulum
import pytest
from hypothesis import example, given
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
    Milestone,
    Milestones,
    MinimumCommitment,
    Money,
    OneOffCost,
    PerUnit,
    PriceTier,
    Process,
    RateCard,
    RateCardLine,
    RecurringCost,
    ReversibilityPlan,
    ServiceCreditRegime,
    Span,
    Term,
    Tiering,
    TrueUp,
)
from outsourcing.costs import (
    CostAssumptions,
    CostGroup,
    Fixed,
    Uncertainty,
    compare_costs,
    project_costs,
    simulate_costs,
)
from outsourcing.costs.comparison import break_even_month, irr
from outsourcing.costs.horizon import anniversaries, months_from
from outsourcing.exceptions import MissingDependencyError


def eur(amount: Decimal | str | int) -> Money:
    """An amount in euros."""
    return Money(amount, "EUR")


PAYROLL = Process(
    id="payroll",
    name="Payroll",
    function=BusinessFunction.PAYROLL,
    monthly_volume=4000,
    in_house=InHouseCost(
        ftes=Decimal("4.5"),
        loaded_salary=eur(52000),
        overheads=eur(30000),
        rent_and_equipment=eur(9000),
        recruitment_per_hire=eur(8000),
        training_per_hire=eur(4000),
        annual_turnover=15,
    ),
)


def contract(*pricing: Any, **changes: Any) -> Contract:
    """A EUR contract with these pricing lines (and any other field changed)."""
    fields: dict[str, Any] = {
        "id": "c1",
        "title": "Payroll",
        "client": "Acme",
        "provider_id": "p1",
        "currency": "EUR",
        "term": Term(start="2025-01-01", end="2029-12-31"),
        "pricing": pricing,
    }
    fields.update(changes)
    return Contract(**fields)


def assume(**changes: Any) -> CostAssumptions:
    """Assumptions from 1 January 2025 over 36 months in EUR, with changes."""
    fields: dict[str, Any] = {"start": "2025-01-01", "months": 36, "currency": "EUR"}
    fields.update(changes)
    return CostAssumptions(**fields)


def line_amounts(projection: Any, category: str) -> list[Decimal]:
    """Monthly sum of the lines of one category."""
    lines = [line for line in projection.lines if line.label.category == category]
    return [
        sum((line.amounts[i] for line in lines), Decimal(0)) for i in range(len(projection.months))
    ]


def half_up(value: Decimal) -> Decimal:
    """Rounded half-up to the cent."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- months and proration -------------------------------------------------------------------


def test_month_end_anchor_derives_every_month_from_the_anchor() -> None:
    """A 31 January anchor gives 29 February, 31 March, 30 April … and 31 January a year on."""
    months = months_from(pendulum.Date(2024, 1, 31), 13)
    starts = [str(m.start) for m in months[:4]]
    assert starts == ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]
    assert str(months[12].start) == "2025-01-31"
    assert [m.days for m in months[:3]] == [29, 31, 30]


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)),
    st.integers(min_value=1, max_value=40),
)
def test_months_tile_the_horizon_without_drift(start: dt.date, count: int) -> None:
    """Months start at ``anchor.add(months=i)``, touch end to start, and cover every day once."""
    anchor = pendulum.Date(start.year, start.month, start.day)
    months = months_from(anchor, count)
    for i, month in enumerate(months):
        assert month.start == anchor.add(months=i)
        assert month.end == anchor.add(months=i + 1)
    assert sum(m.days for m in months) == anchor.add(months=count).toordinal() - anchor.toordinal()


def test_partial_first_month_is_prorated_by_days() -> None:
    """A fee starting on 15 January is charged 17/31 of the month, rounded half-up."""
    terms = contract(
        FixedFee(name="platform", monthly_fee=eur(2500)),
        term=Term(start="2025-01-15", end="2025-03-09"),
    )
    fees = line_amounts(project_costs(PAYROLL, terms, assumptions=assume(months=4)), "fixed_fee")
    assert fees == [
        half_up(Decimal(2500) * 17 / 31),
        Decimal("2500.00"),
        half_up(Decimal(2500) * 9 / 31),
        Decimal("0.00"),
    ]


def test_month_end_anchor_prorates_a_term_ending_mid_month() -> None:
    """A 31 January anchor: a term ending 10 March covers 11 of the 31 days from 29 February."""
    terms = contract(
        FixedFee(name="fee", monthly_fee=eur(3100)),
        term=Term(start="2024-01-31", end="2024-03-10"),
    )
    projection = project_costs(PAYROLL, terms, assumptions=assume(start="2024-01-31", months=3))
    assert line_amounts(projection, "fixed_fee") == [
        Decimal("3100.00"),
        Decimal("1100.00"),
        Decimal("0.00"),
    ]


# --- in-house lines -------------------------------------------------------------------------


def test_in_house_lines_follow_the_cost_basis() -> None:
    """Salaries, overheads, rent, recruitment and training are the yearly amounts over 12."""
    projection = project_costs(PAYROLL, assumptions=assume(months=1))
    amounts = {line.label.category: line.amounts[0] for line in projection.lines}
    assert amounts == {
        "salaries": half_up(Decimal("4.5") * 52000 / 12),
        "overheads": Decimal("2500.00"),
        "rent_and_equipment": half_up(Decimal("4.5") * 9000 / 12),
        "recruitment": half_up(Decimal("4.5") * Decimal("0.15") * 8000 / 12),
        "training": half_up(Decimal("4.5") * Decimal("0.15") * 4000 / 12),
    }
    assert all(line.label.group is CostGroup.IN_HOUSE for line in projection.lines)


def test_wage_inflation_applies_on_each_anniversary() -> None:
    """Salaries rise by the wage inflation in month 13, and not before."""
    projection = project_costs(
        PAYROLL, assumptions=assume(months=14, wage_inflation=3, in_house_scales_with_volume=False)
    )
    salaries = line_amounts(projection, "salaries")
    assert salaries[0] == salaries[11] == Decimal("19500.00")
    assert salaries[12] == salaries[13] == Decimal("20085.00")


def test_process_without_cost_basis_is_excluded_with_a_reason() -> None:
    """A process without an in-house cost basis yields no line and an exclusion naming it."""
    bare = Process(id="mail", name="Mail", function=BusinessFunction.ADMINISTRATION)
    projection = project_costs([bare, PAYROLL], assumptions=assume(months=2))
    assert [(e.item, e.reason) for e in projection.excluded] == [
        ("process mail", "no in-house cost basis")
    ]
    assert projection.lines


# --- pricing models -------------------------------------------------------------------------


def test_graduated_and_volume_tiers_price_the_units() -> None:
    """Graduated prices each unit in its tier; volume prices all units at the reached tier."""
    tiers = [PriceTier(up_to=3000, unit_price=eur("4.20")), PriceTier(None, eur("3.80"))]
    for tiering, expected in (
        (Tiering.GRADUATED, Decimal(3000) * Decimal("4.20") + 1000 * Decimal("3.80")),
        (Tiering.VOLUME, Decimal(4000) * Decimal("3.80")),
    ):
        terms = contract(
            PerUnit(
                name="payslips", unit="payslip", tiers=tiers, monthly_volume=4000, tiering=tiering
            )
        )
        projection = project_costs(PAYROLL, terms, assumptions=assume(months=1))
        assert line_amounts(projection, "per_unit") == [expected]


def test_workload_underestimate_raises_metered_fees() -> None:
    """A 10 % workload underestimate bills 10 % more hours than the estimate."""
    terms = contract(HourlyRate(name="support", rate=eur(40), hours_per_month=Decimal("150.5")))
    projection = project_costs(
        PAYROLL, terms, assumptions=assume(months=1, workload_underestimate=10)
    )
    assert line_amounts(projection, "hourly") == [Decimal("165.55") * 40]


def test_rate_card_lists_one_line_per_role() -> None:
    """Each role of a rate card is an invoice line: FTEs times the monthly rate."""
    card = RateCard(
        name="team",
        lines=[
            RateCardLine(role="officer", monthly_rate=eur(3000), ftes=Decimal("2.5")),
            RateCardLine(role="lead", monthly_rate=eur(5000), ftes=1),
        ],
    )
    projection = project_costs(PAYROLL, contract(card), assumptions=assume(months=1))
    assert sorted(
        line.amounts[0] for line in projection.lines if line.label.category == "rate_card"
    ) == [
        Decimal(5000),
        Decimal("7500.0"),
    ]


def test_milestones_fall_in_their_month_and_outside_ones_are_excluded() -> None:
    """A milestone is charged in the month of its date; one beyond the horizon is excluded."""
    plan = Milestones(
        name="build",
        milestones=[
            Milestone(name="design", due="2025-02-10", amount=eur(10000)),
            Milestone(name="late", due="2031-01-01", amount=eur(5000)),
        ],
    )
    projection = project_costs(PAYROLL, contract(plan), assumptions=assume(months=3))
    assert line_amounts(projection, "milestones") == [
        Decimal("0.00"),
        Decimal("10000.00"),
        Decimal("0.00"),
    ]
    assert [e.item for e in projection.excluded] == ["c1: build / late"]


def test_quarterly_minimum_commitment_bills_the_shortfall_at_quarter_end() -> None:
    """Fees of 2,000 a month against a 3,000 minimum leave a 3,000 true-up every third month."""
    terms = contract(
        FixedFee(name="fee", monthly_fee=eur(2000)),
        MinimumCommitment(name="minimum", monthly_minimum=eur(3000), true_up=TrueUp.QUARTERLY),
    )
    projection = project_costs(PAYROLL, terms, assumptions=assume(months=7))
    assert line_amounts(projection, "minimum_commitment") == [
        Decimal(0),
        Decimal(0),
        Decimal("3000.00"),
        Decimal(0),
        Decimal(0),
        Decimal("3000.00"),
        Decimal("1000.00"),
    ]


def test_monthly_minimum_without_shortfall_bills_nothing() -> None:
    """A month whose fees pass the minimum owes no true-up, whatever earlier months owed.

    100 units at 10.00 against a 1,500.00 minimum: January (seasonality 1) bills 1,000.00, a
    500.00 shortfall; February (seasonality 2) bills 2,000.00, no shortfall; March 1,000.00
    again, 500.00. (The projection once repeated January's shortfall in every later month.)
    """
    terms = contract(
        PerUnit(name="units", unit="unit", tiers=[PriceTier(None, eur(10))], monthly_volume=100),
        MinimumCommitment(name="minimum", monthly_minimum=eur(1500), true_up=TrueUp.MONTHLY),
    )
    seasons = [Decimal(1), Decimal(2), *[Decimal(1)] * 10]
    projection = project_costs(PAYROLL, terms, assumptions=assume(months=3, seasonality=seasons))
    assert line_amounts(projection, "per_unit") == [
        Decimal("1000.00"),
        Decimal("2000.00"),
        Decimal("1000.00"),
    ]
    assert line_amounts(projection, "minimum_commitment") == [
        Decimal("500.00"),
        Decimal("0.00"),
        Decimal("500.00"),
    ]


def test_service_credits_are_deducted_within_the_contract_cap() -> None:
    """Assumed credits of 15 % are held to the 10 % monthly cap and deducted from fees."""
    terms = contract(
        FixedFee(name="fee", monthly_fee=eur(2000)),
        service_credits=ServiceCreditRegime(monthly_cap=10),
    )
    projection = project_costs(PAYROLL, terms, assumptions=assume(months=2, service_credit_rate=15))
    assert line_amounts(projection, "service_credits") == [Decimal("-200.00")] * 2


def test_service_credits_without_a_regime_are_excluded() -> None:
    """Assumed credits on a contract without a credit regime yield an exclusion, not a line."""
    terms = contract(FixedFee(name="fee", monthly_fee=eur(2000)))
    projection = project_costs(PAYROLL, terms, assumptions=assume(months=2, service_credit_rate=5))
    assert "service_credits" not in {line.label.category for line in projection.lines}
    assert "no service-credit regime" in projection.excluded[0].reason


def test_hidden_costs_land_in_their_months() -> None:
    """Transition at the term start, governance monthly, exit in the month the term ends.

    After the exit the work is back in house: its in-house costs run again.
    """
    terms = contract(
        FixedFee(name="fee", monthly_fee=eur(1000)),
        term=Term(start="2025-01-01", end="2025-03-31"),
        one_off_costs=[OneOffCost(category=CostCategory.TRANSITION, amount=eur(9000))],
        recurring_costs=[RecurringCost(category=CostCategory.GOVERNANCE, monthly=eur(500))],
        reversibility=ReversibilityPlan(
            notice_period=Span(months=3), transition_period=Span(months=3), exit_cost=eur(7000)
        ),
    )
    projection = project_costs(PAYROLL, terms, assumptions=assume(months=4))
    assert line_amounts(projection, "transition") == [Decimal("9000.00")] + [Decimal(0)] * 3
    assert line_amounts(projection, "governance") == [Decimal("500.00")] * 3 + [Decimal(0)]
    assert line_amounts(projection, "exit") == [Decimal(0)] * 2 + [Decimal("7000.00"), Decimal(0)]
    assert line_amounts(projection, "fixed_fee") == [Decimal("1000.00")] * 3 + [Decimal(0)]
    # April: the contract is left, the work is back in house. 4.5 FTEs x 52,000 / 12 =
    # 19,500.00; overheads 30,000 / 12 = 2,500.00; rent 4.5 x 9,000 / 12 = 3,375.00;
    # recruitment 4.5 x 15 % x 8,000 / 12 = 450.00; training 4.5 x 15 % x 4,000 / 12 = 225.00.
    back = [line for line in projection.lines if line.label.group is CostGroup.IN_HOUSE]
    assert [sum((line.amounts[m] for line in back), Decimal(0)) for m in range(4)] == [
        Decimal(0),
        Decimal(0),
        Decimal(0),
        Decimal("26050.00"),
    ]
    assert {line.label.group for line in projection.lines} == {
        CostGroup.FEES,
        CostGroup.HIDDEN,
        CostGroup.IN_HOUSE,
    }


def test_transition_delay_and_parallel_run_keep_in_house_costs() -> None:
    """In-house costs run until the delayed go-live, then as parallel run for the months set."""
    terms = contract(FixedFee(name="fee", monthly_fee=eur(1000)))
    projection = project_costs(
        PAYROLL,
        terms,
        assumptions=assume(months=5, transition_delay_months=2, parallel_run_months=1),
    )
    overheads = line_amounts(projection, "overheads")
    parallel = [
        sum(
            (line.amounts[i] for line in projection.lines if line.label.category == "parallel_run"),
            Decimal(0),
        )
        for i in range(5)
    ]
    assert overheads == [Decimal("2500.00")] * 2 + [Decimal(0)] * 3
    assert parallel[2] > 0
    assert parallel[:2] == parallel[3:] == [Decimal(0)] * 2
    assert line_amounts(projection, "fixed_fee") == [Decimal(0)] * 2 + [Decimal("1000.00")] * 3


def test_fees_in_another_currency_are_converted() -> None:
    """A MAD fee is multiplied by the MAD→EUR rate and rounded to the cent."""
    terms = contract(FixedFee(name="fee", monthly_fee=Money(100000, "MAD")), currency="MAD")
    projection = project_costs(
        PAYROLL, terms, assumptions=assume(months=1, fx_rates={"MAD": "0.0923456"})
    )
    (fee,) = [line for line in projection.lines if line.label.category == "fixed_fee"]
    assert fee.amounts == (Decimal("9234.56"),)
    assert (fee.source_currency, fee.currency) == ("MAD", "EUR")


def test_missing_exchange_rate_is_an_error_naming_the_currency() -> None:
    """Without a MAD rate the projection refuses, naming the field and the currency."""
    terms = contract(FixedFee(name="fee", monthly_fee=Money(1000, "MAD")), currency="MAD")
    with pytest.raises(InvalidValueError, match=r"CostAssumptions\.fx_rates.*MAD"):
        project_costs(PAYROLL, terms, assumptions=assume(months=1))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("annual_volume_growth", "1.00001"),
        ("wage_inflation", "-100"),
        ("seasonality", ["1"] * 11),
        ("fx_rates", {"MAD": "0.123456789"}),
        ("fx_rates", {"XXY": "1"}),
        ("months", 0),
        ("service_credit_rate", "-1"),
    ],
)
def test_invalid_assumptions_are_refused(field: str, value: object) -> None:
    """Assumptions outside what the engine can carry exactly are refused, naming the field."""
    with pytest.raises(InvalidValueError, match=f"CostAssumptions.{field}"):
        assume(**{field: value})


# --- invariants -----------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=50000, places=2)
rates = st.decimals(min_value=-5, max_value=15, places=2)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Contract, CostAssumptions]:
    """A contract with every recurring pricing model, and assumptions around it."""
    tiers = [
        PriceTier(up_to=draw(st.integers(1, 2000)), unit_price=eur(draw(money) / 1000)),
        PriceTier(up_to=None, unit_price=eur(draw(money) / 1000)),
    ]
    pricing = [
        FixedFee(name="fee", monthly_fee=eur(draw(money))),
        PerUnit(
            name="units",
            unit="unit",
            tiers=tiers,
            monthly_volume=draw(st.integers(0, 5000)),
            tiering=draw(st.sampled_from(Tiering)),
        ),
        HourlyRate(name="hours", rate=eur(draw(money) / 100), hours_per_month=draw(money) / 100),
        MinimumCommitment(
            name="minimum", monthly_minimum=eur(draw(money)), true_up=draw(st.sampled_from(TrueUp))
        ),
        RateCard(
            name="card", lines=[RateCardLine(role="a", monthly_rate=eur(draw(money)), ftes=2)]
        ),
    ]
    start = draw(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31)))
    term_start = start + dt.timedelta(days=draw(st.integers(0, 60)))
    terms = contract(
        *draw(st.permutations(pricing)),
        term=Term(start=term_start, end=term_start + dt.timedelta(days=draw(st.integers(30, 900)))),
        indexation=Indexation(
            index="Syntec", expected_rate=draw(st.decimals(0, 8, places=2)), cap=3
        ),
        service_credits=ServiceCreditRegime(monthly_cap=10),
        one_off_costs=[OneOffCost(category=CostCategory.TRANSITION, amount=eur(draw(money)))],
    )
    assumptions = assume(
        start=start,
        months=draw(st.integers(1, 30)),
        annual_volume_growth=draw(rates),
        wage_inflation=draw(rates),
        workload_underestimate=draw(rates),
        service_credit_rate=draw(st.decimals(0, 5, places=2)),
        transition_delay_months=draw(st.integers(0, 3)),
        parallel_run_months=draw(st.integers(0, 2)),
    )
    return terms, assumptions


@given(scenarios())
def test_totals_are_the_sum_of_the_lines(scenario: tuple[Contract, CostAssumptions]) -> None:
    """Every monthly total is the sum of the rounded lines, to the cent."""
    terms, assumptions = scenario
    projection = project_costs(PAYROLL, terms, assumptions=assumptions)
    for i, total in enumerate(projection.totals):
        assert total.amount == sum((line.amounts[i] for line in projection.lines), Decimal(0))
        assert total.amount == total.rounded().amount
    assert projection.total.amount == sum(
        (line.total.amount for line in projection.lines), Decimal(0)
    )


@given(scenarios(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_declaration_order(
    scenario: tuple[Contract, CostAssumptions], rnd: Any
) -> None:
    """Shuffling the pricing lines and processes changes neither the lines nor the totals."""
    terms, assumptions = scenario
    shuffled = list(terms.pricing)
    rnd.shuffle(shuffled)
    other = Process(
        id="other", name="Other", function=BusinessFunction.INVOICING, in_house=PAYROLL.in_house
    )
    first = project_costs([PAYROLL, other], terms, assumptions=assumptions)
    second = project_costs(
        [other, PAYROLL],
        contract(
            *shuffled,
            **{
                k: getattr(terms, k)
                for k in ("term", "indexation", "service_credits", "one_off_costs")
            },
        ),
        assumptions=assumptions,
    )
    assert first.lines == second.lines
    assert first.totals == second.totals


@given(
    st.integers(0, 20000),
    st.integers(1, 3000),
    st.lists(st.decimals(min_value=0, max_value=10, places=3), min_size=2, max_size=2),
    st.decimals(min_value=0, max_value=30, places=2),
)
def test_graduated_per_unit_cost_never_falls_when_volume_grows(
    volume: int, bound: int, prices: list[Decimal], growth: Decimal
) -> None:
    """Under graduated per-unit pricing, more growth never lowers any month's fee."""
    tiers = [PriceTier(up_to=bound, unit_price=eur(prices[0])), PriceTier(None, eur(prices[1]))]
    terms = contract(PerUnit(name="u", unit="u", tiers=tiers, monthly_volume=volume))
    low = project_costs(PAYROLL, terms, assumptions=assume(months=24, annual_volume_growth=growth))
    high = project_costs(
        PAYROLL, terms, assumptions=assume(months=24, annual_volume_growth=growth + 5)
    )
    for a, b in zip(line_amounts(low, "per_unit"), line_amounts(high, "per_unit"), strict=True):
        assert b >= a


def test_volume_tiering_can_lower_the_bill_at_a_tier_crossing() -> None:
    """Volume pricing has a cliff: 3,001 units at 3.80 cost less than 3,000 at 4.20."""
    tiers = [PriceTier(up_to=3000, unit_price=eur("4.20")), PriceTier(None, eur("3.80"))]
    bills = []
    for volume in (3000, 3001):
        terms = contract(
            PerUnit(name="u", unit="u", tiers=tiers, monthly_volume=volume, tiering=Tiering.VOLUME)
        )
        bills.append(
            line_amounts(project_costs(PAYROLL, terms, assumptions=assume(months=1)), "per_unit")[0]
        )
    assert bills[1] < bills[0]


@given(money.filter(bool), st.integers(1, 60))
def test_zero_growth_and_inflation_give_a_flat_fee_line(fee: Decimal, months: int) -> None:
    """Without growth, inflation or indexation a fixed fee is the same every full month."""
    terms = contract(
        FixedFee(name="fee", monthly_fee=eur(fee)),
        indexation=Indexation(index="x", expected_rate=0),
    )
    projection = project_costs(PAYROLL, terms, assumptions=assume(months=months))
    assert set(line_amounts(projection, "fixed_fee")) == {fee}


@given(
    st.decimals(min_value=-20, max_value=20, places=2),
    st.decimals(min_value=-5, max_value=5, places=2),
    st.decimals(min_value=-10, max_value=5, places=2),
)
def test_indexation_cap_and_floor_hold(expected: Decimal, cap: Decimal, floor: Decimal) -> None:
    """Each anniversary changes the fee by the expected rate held within the floor and cap.

    Signed: an index may fall, and a negative floor lets the fee fall by that much at most.
    """
    floor = min(floor, cap)
    terms = contract(
        FixedFee(name="fee", monthly_fee=eur(10000)),
        indexation=Indexation(index="x", expected_rate=expected, cap=cap, floor=floor),
    )
    fees = line_amounts(project_costs(PAYROLL, terms, assumptions=assume(months=60)), "fixed_fee")
    applied = max(min(expected, cap), floor)
    for year in range(1, 5):
        before, after = fees[12 * year - 1], fees[12 * year]
        assert after <= before * (1 + cap / 100) + Decimal("0.01")
        assert after >= before * (1 + floor / 100) - Decimal("0.01")
        assert abs(after - before * (1 + applied / 100)) <= Decimal("0.01")


def test_a_negative_indexation_floor_bounds_a_falling_index() -> None:
    """Expected -3 % a year, floor -1 %: 10,000.00 → 9,900.00 → 9,801.00 (not 9,700, 9,409).

    A Monte Carlo whose every run draws -3 % bills the same.
    """
    fee = FixedFee(name="fee", monthly_fee=eur(10000))
    floored = contract(fee, indexation=Indexation(index="x", expected_rate=-3, floor=-1))
    free = contract(fee, indexation=Indexation(index="x", expected_rate=-3))
    assumptions = assume(months=36)
    fees = line_amounts(project_costs(PAYROLL, floored, assumptions=assumptions), "fixed_fee")
    assert [str(fees[m]) for m in (0, 12, 24)] == ["10000.00", "9900.00", "9801.00"]
    fees = line_amounts(project_costs(PAYROLL, free, assumptions=assumptions), "fixed_fee")
    assert [str(fees[m]) for m in (0, 12, 24)] == ["10000.00", "9700.00", "9409.00"]
    simulation = simulate_costs(
        PAYROLL,
        floored,
        assumptions=assumptions,
        uncertainty=Uncertainty(indexation_rate=Fixed(-3)),
        runs=2,
        seed=1,
    )
    exact = project_costs(PAYROLL, floored, assumptions=assumptions)
    assert simulation.run_totals(1)[1] == exact.totals


def test_anniversary_of_a_leap_day_falls_on_28_february() -> None:
    """A 29 February start has its first anniversary on 28 February of the next year."""
    anchor = pendulum.Date(2024, 2, 29)
    assert anniversaries(anchor, pendulum.Date(2025, 2, 27)) == 0
    assert anniversaries(anchor, pendulum.Date(2025, 2, 28)) == 1


# --- comparison -----------------------------------------------------------------------------


def test_break_even_month_is_where_cumulative_savings_stay_non_negative() -> None:
    """A temporary crossing does not count; ending negative means no break-even."""
    assert break_even_month([-5, 1, -1, 2, 3]) == 4
    assert break_even_month([0, 1]) == 1
    assert break_even_month([1, -1]) is None


@given(
    st.lists(st.integers(-(10**7), 10**7), min_size=2, max_size=48), st.decimals(0, 20, places=2)
)
@example([-1, 681293], Decimal("0.00"))  # once refused: its annual rate has 71 digits
def test_npv_and_irr_match_numpy_financial(flows: list[int], rate: Decimal) -> None:
    """NPV (first month undiscounted) and IRR agree with numpy-financial for the same flows."""
    months = len(flows)
    base = [Decimal(0)] * months
    savings = [Decimal(f) / 100 for f in flows]
    baseline = _projection_with_totals(savings, months)
    alternative = _projection_with_totals(base, months)
    comparison = compare_costs(baseline, alternative, discount_rate=rate)
    expected = npf.npv(float(comparison.monthly_rate), [float(s) for s in savings])
    assert abs(comparison.npv.amount - Decimal(repr(float(expected)))) <= Decimal("0.02")
    reference = npf.irr([float(s) for s in savings])
    if comparison.irr_monthly is None:
        assert math.isnan(reference) or not (min(flows) < 0 < max(flows))
    elif not math.isnan(reference):
        assert abs(float(comparison.irr_monthly) - reference) < 1e-6


def test_a_tiny_first_loss_before_large_savings_gives_a_huge_rate_not_an_error() -> None:
    """-0.01 then 6,812.93: -0.01 + 6,812.93 / (1 + r) = 0, so r = 681,292 a month.

    The annual rate is 681,293^12 - 1, a 71-digit number, computed exactly.
    """
    savings = [Decimal("-0.01"), Decimal("6812.93")]
    comparison = compare_costs(
        _projection_with_totals(savings, 2),
        _projection_with_totals([Decimal(0)] * 2, 2),
        discount_rate=0,
    )
    assert comparison.irr_monthly == Decimal(681292)
    assert comparison.irr_annual == Decimal(681293**12 - 1)


def _projection_with_totals(totals: list[Decimal], months: int) -> Any:
    """A projection whose monthly totals are ``totals`` (one overheads line)."""
    import attrs  # noqa: PLC0415

    base = project_costs(PAYROLL, assumptions=assume(months=months))
    return attrs.evolve(base, totals=tuple(Money(t, "EUR") for t in totals))


def test_compare_costs_reports_savings_break_even_and_payback() -> None:
    """Outsourcing with a transition cost breaks even when cumulative savings turn positive."""
    terms = contract(
        FixedFee(name="fee", monthly_fee=eur(20000)),
        one_off_costs=[OneOffCost(category=CostCategory.TRANSITION, amount=eur(60000))],
    )
    assumptions = assume(months=36, in_house_scales_with_volume=False)
    baseline = project_costs(PAYROLL, assumptions=assumptions)
    alternative = project_costs(PAYROLL, terms, assumptions=assumptions)
    comparison = compare_costs(baseline, alternative, discount_rate=8)
    monthly_saving = baseline.totals[1].amount - alternative.totals[1].amount
    assert comparison.savings[1].amount == monthly_saving
    assert comparison.cumulative_savings[-1] == comparison.total_savings
    expected_month = next(
        i + 1 for i, c in enumerate(comparison.cumulative_savings) if c.amount >= 0
    )
    assert comparison.break_even_month == expected_month
    assert comparison.payback_months is not None
    assert expected_month - 1 <= comparison.payback_months <= expected_month
    assert comparison.to_pandas()["savings"].iloc[1] == monthly_saving


def test_compare_costs_refuses_different_horizons() -> None:
    """Projections over different months cannot be compared."""
    a = project_costs(PAYROLL, assumptions=assume(months=12))
    b = project_costs(PAYROLL, assumptions=assume(months=13))
    with pytest.raises(InvalidValueError, match="months"):
        compare_costs(a, b, discount_rate=5)


def test_irr_is_none_without_a_sign_change() -> None:
    """Savings that never change sign have no internal rate of return."""
    assert irr([Decimal(1), Decimal(2)]) is None


# --- pandas ---------------------------------------------------------------------------------


def test_projection_converts_to_a_dataframe() -> None:
    """One row per month, one column per line plus the total, exact Decimal amounts."""
    projection = project_costs(PAYROLL, assumptions=assume(months=3))
    frame = projection.to_pandas()
    assert list(frame.index) == [m.start for m in projection.months]
    assert frame["total"].tolist() == [t.amount for t in projection.totals]
    assert frame.drop(columns="total").sum(axis=1).tolist() == frame["total"].tolist()


def test_missing_pandas_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, to_pandas says which extra to install."""
    real = importlib.import_module

    def refuse(name: str, package: str | None = None) -> Any:
        if name == "pandas":
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", refuse)
    with pytest.raises(MissingDependencyError, match=r"outsourcing\[notebook\]"):
        project_costs(PAYROLL, assumptions=assume(months=1)).to_pandas()
