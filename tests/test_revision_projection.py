"""Cost projections and simulations priced by a price revision clause on published indices."""

from __future__ import annotations

from decimal import Decimal

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing import (
    BusinessFunction,
    Contract,
    FixedFee,
    HourlyRate,
    Indexation,
    IndexSeries,
    IndexWeight,
    InHouseCost,
    InvalidValueError,
    Money,
    PriceRevision,
    Process,
    RevisionDate,
    Term,
    UnknownReferenceError,
)
from outsourcing.costs import (
    CostAssumptions,
    Fixed,
    Normal,
    Uncertainty,
    project_costs,
    simulate_costs,
)
from outsourcing.costs.run_inputs import BLOCK_RUNS
from outsourcing.costs.simulation_blocks import SimulationBlocks

SYNTEC = IndexSeries("Syntec", {"2024-10": "280.0", "2025-10": "294.6"}, source="example")
CLAUSE = PriceRevision(
    indices=[IndexWeight("Syntec", "0.85")],
    fixed_share="0.15",
    reference_month="2024-10",
    lag_months=3,
)
SERVICE = FixedFee(name="service", monthly_fee=Money("1767.00", "EUR"))
ASSUMPTIONS = CostAssumptions(start="2025-01-01", months=36, currency="EUR", index_series=[SYNTEC])
TEAM = Process(
    id="it",
    name="IT support",
    function=BusinessFunction.ADMINISTRATION,
    in_house=InHouseCost(
        ftes=1,
        loaded_salary=Money(48000, "EUR"),
        overheads=Money(6000, "EUR"),
        rent_and_equipment=Money(0, "EUR"),
        recruitment_per_hire=Money(0, "EUR"),
        training_per_hire=Money(0, "EUR"),
    ),
)


def contract(clause: PriceRevision | None = CLAUSE, **changes: object) -> Contract:
    """A contract from 1 January 2025 billing the 1,767.00 EUR service a month."""
    fields: dict[str, object] = {
        "id": "it",
        "title": "IT services",
        "client": "Maison Verdier SAS",
        "provider_id": "rhone",
        "currency": "EUR",
        "term": Term(start="2025-01-01"),
        "pricing": [SERVICE],
        "price_revision": clause,
        **changes,
    }
    return Contract(**fields)  # type: ignore[arg-type]


def service(projection_contract: Contract, assumptions: CostAssumptions) -> list[str]:
    """The service line in January and December 2025, 2026 and January 2027, when projected."""
    projection = project_costs([], projection_contract, assumptions=assumptions)
    (line,) = [line for line in projection.lines if line.label.name == "it: service"]
    return [str(line.amounts[m]) for m in (0, 11, 12, 23, 24) if m < len(line.amounts)]


def test_the_first_anniversary_revises_the_price_to_the_clause() -> None:
    """1,767.00 × (0.15 + 0.85 × 294.6 / 280.0) = 1,845.32 from January 2026; before, P₀."""
    assumptions = attrs.evolve(ASSUMPTIONS, months=24)
    projection = project_costs([], contract(), assumptions=assumptions)
    (line,) = projection.lines
    assert set(line.amounts[:12]) == {Decimal("1767.00")}
    assert set(line.amounts[12:]) == {Decimal("1845.32")}
    assert projection.excluded == ()


def test_a_rounded_coefficient_and_a_cap_apply_as_in_revised_price() -> None:
    """Coefficient 1.044 → 1,844.75; a 3 % cap → 1,767.00 × 1.03 = 1,820.01."""
    assumptions = attrs.evolve(ASSUMPTIONS, months=24)
    rounded = contract(attrs.evolve(CLAUSE, coefficient_decimals=3))
    assert service(rounded, assumptions)[2:] == ["1844.75", "1844.75"]
    capped = contract(attrs.evolve(CLAUSE, cap=3))
    assert service(capped, assumptions)[2:] == ["1820.01", "1820.01"]


def test_a_capped_revision_chains_on_the_price_before_it() -> None:
    """S = 310.0 in October 2026: 0.15 + 0.85 × 310 / 280 = 1.0911, above the 3 % cap.

    1,820.01 × 1.03 = 1,874.6103 → 1,874.61, as `price_schedule` gives.
    """
    series = IndexSeries("Syntec", {**SYNTEC.values, "2026-10": "310.0"})
    assumptions = attrs.evolve(ASSUMPTIONS, index_series=[series])
    amounts = service(contract(attrs.evolve(CLAUSE, cap=3)), assumptions)
    assert amounts == ["1767.00", "1767.00", "1820.01", "1820.01", "1874.61"]


def test_an_unpublished_month_grows_at_the_expected_rate() -> None:
    """October 2026 is not published: 294.6 × 1.025 = 301.965.

    0.15 + 0.85 × 301.965 / 280 = 1.0666794…; 1,767.00 × 1.0666794… = 1,884.8226… → 1,884.82.
    """
    assumptions = attrs.evolve(ASSUMPTIONS, indexation_rate="2.5")
    amounts = service(contract(), assumptions)
    assert amounts == ["1767.00", "1767.00", "1845.32", "1845.32", "1884.82"]


def test_part_of_a_year_past_the_last_value_compounds_monthly() -> None:
    """Last value April 2026 (298.0), six months to October: 298 × 1.025^(1/2) = 301.7020053.

    0.15 + 0.85 × 301.7020053 / 280 = 1.0658811…; 1,767.00 × 1.0658811… = 1,883.41.
    """
    series = IndexSeries("Syntec", {**SYNTEC.values, "2026-04": "298.0"})
    assumptions = attrs.evolve(ASSUMPTIONS, index_series=[series], indexation_rate="2.5")
    assert service(contract(), assumptions)[4] == "1883.41"


def test_january_first_revisions_step_each_january() -> None:
    """A term from 1 July 2025 revised each 1 January: first on 1 January 2026."""
    clause = attrs.evolve(CLAUSE, revision_date=RevisionDate.JANUARY_FIRST)
    revised = contract(clause, term=Term(start="2025-07-01"))
    assumptions = CostAssumptions(
        start="2025-07-01", months=12, currency="EUR", index_series=[SYNTEC]
    )
    (line,) = project_costs([], revised, assumptions=assumptions).lines
    assert [str(a) for a in line.amounts[5:7]] == ["1767.00", "1845.32"]


def test_the_clause_wins_over_an_indexation_and_says_so() -> None:
    """Both stated: the clause prices, the indexation is listed as not applied."""
    both = contract(indexation=Indexation(index="Syntec", expected_rate=4, cap=2))
    assumptions = attrs.evolve(ASSUMPTIONS, months=24)
    projection = project_costs([], both, assumptions=assumptions)
    assert projection.lines == project_costs([], contract(), assumptions=assumptions).lines
    (excluded,) = projection.excluded
    assert excluded.item == "it: indexation"
    assert excluded.cause is not None
    assert excluded.cause.code == "cost.indexation_superseded"


def test_the_indexation_expected_rate_serves_when_no_rate_is_assumed() -> None:
    """With both, the indexation's expected rate (2.5 %) grows the unpublished months."""
    both = contract(indexation=Indexation(index="Syntec", expected_rate="2.5"))
    assert service(both, ASSUMPTIONS)[4] == "1884.82"


def test_a_missing_series_or_rate_is_refused_naming_the_assumption() -> None:
    """No series for the clause's index; no rate for a month not published yet."""
    with pytest.raises(UnknownReferenceError, match=r"CostAssumptions\.index_series"):
        project_costs([], contract(), assumptions=attrs.evolve(ASSUMPTIONS, index_series=[]))
    with pytest.raises(InvalidValueError, match=r"CostAssumptions.indexation_rate.*2026-10"):
        project_costs([], contract(), assumptions=ASSUMPTIONS)
    with pytest.raises(InvalidValueError, match=r"CostAssumptions\.indexation_rate"):
        simulate_costs(
            TEAM, contract(), assumptions=ASSUMPTIONS, uncertainty=Uncertainty(), runs=2, seed=1
        )


def test_index_series_are_keyed_by_their_own_name() -> None:
    """A mapping whose key is not the series' name, or a value that is no series, is refused."""
    by_name = CostAssumptions(
        start="2025-01-01", months=1, currency="EUR", index_series={"Syntec": SYNTEC}
    )
    assert by_name.index_series == {"Syntec": SYNTEC}
    with pytest.raises(InvalidValueError, match=r"index_series\['INSEE'\]"):
        CostAssumptions(
            start="2025-01-01", months=1, currency="EUR", index_series={"INSEE": SYNTEC}
        )
    with pytest.raises(InvalidValueError, match="must be an IndexSeries"):
        CostAssumptions(start="2025-01-01", months=1, currency="EUR", index_series=["Syntec"])
    with pytest.raises(InvalidValueError, match="two series"):
        CostAssumptions(start="2025-01-01", months=1, currency="EUR", index_series=[SYNTEC, SYNTEC])


def test_a_run_on_a_half_way_coefficient_is_computed_exactly() -> None:
    """Coefficient 100 × 1.00185 / 100 = 1.00185 exactly, rounded to 4 decimals: 1.0019.

    In floats 1.00185 × 10⁴ is 10018.4999…, which would round to 1.0018; the run is
    recomputed exactly. 1,767.00 × 1.0019 = 1,770.3573 → 1,770.36.
    """
    series = IndexSeries("Syntec", {"2024-10": "100"})
    clause = attrs.evolve(
        CLAUSE,
        fixed_share=0,
        indices=[IndexWeight("Syntec", 1)],
        coefficient_decimals=4,
        lag_months=0,
    )
    revised = contract(clause, term=Term(start="2024-10-01"))
    assumptions = CostAssumptions(
        start="2025-10-01", months=1, currency="EUR", index_series=[series]
    )
    simulation = simulate_costs(
        [],
        revised,
        assumptions=assumptions,
        uncertainty=Uncertainty(indexation_rate=Fixed("0.185")),
        runs=3,
        seed=4,
    )
    # 2025-10-01 is the first anniversary, on October 2025's value: 100 × 1.00185.
    assert simulation.alternative_minor[:, 0].tolist() == [177036] * 3
    exact = project_costs([], revised, assumptions=simulation.run_assumptions(0))
    assert exact.totals[0] == Money("1770.36", "EUR")


# --- properties ---------------------------------------------------------------------------


@st.composite
def clauses(draw: st.DrawFn) -> PriceRevision:
    """A one- or two-index clause on ``A`` and ``B`` with any rounding, cap and floor.

    Floors from -10 % (the price may fall by 10 % at most) to +2 %, caps from -5 % to +8 %.
    """
    two = draw(st.booleans())
    fixed = draw(st.decimals(0, "0.3", places=2))
    if two:
        other = draw(st.decimals("0.01", 1 - fixed - Decimal("0.01"), places=2))
        indices = [IndexWeight("A", 1 - fixed - other), IndexWeight("B", other)]
    else:
        indices = [IndexWeight("A", 1 - fixed)]
    floor = draw(st.none() | st.decimals(-10, 2, places=1))
    low = Decimal(-5) if floor is None else max(Decimal(-5), floor)
    cap = draw(st.none() | st.decimals(low, 8, places=1))
    return PriceRevision(
        indices=indices,
        fixed_share=fixed,
        reference_month="2024-10",
        lag_months=draw(st.integers(0, 6)),
        revision_date=draw(st.sampled_from(RevisionDate)),
        coefficient_decimals=draw(st.none() | st.integers(0, 7)),
        cap=cap,
        floor=floor,
    )


def series(name: str, values: list[Decimal]) -> IndexSeries:
    """Monthly values from October 2024."""
    return IndexSeries(
        name, {f"{2024 + (9 + i) // 12}-{(9 + i) % 12 + 1:02d}": v for i, v in enumerate(values)}
    )


VALUES = st.lists(st.decimals(50, 400, places=1), min_size=1, max_size=30)


def priced(clause: PriceRevision | None) -> Contract:
    """The service plus an hourly line, from 15 January 2025."""
    support = HourlyRate(name="support", rate=Money("82.5", "EUR"), hours_per_month="37.5")
    return contract(clause, term=Term(start="2025-01-15"), pricing=[SERVICE, support])


@settings(max_examples=30)
@given(clauses(), st.decimals(50, 400, places=1), st.integers(1, 30))
def test_an_index_at_its_reference_value_leaves_the_prices_unrevised(
    clause: PriceRevision, value: Decimal, months: int
) -> None:
    """S = S₀ in every month, no cap or floor, no growth: the unindexed projection."""
    clause = attrs.evolve(clause, cap=None, floor=None)
    assumptions = CostAssumptions(
        start="2025-01-01",
        months=48,
        currency="EUR",
        indexation_rate=0,
        index_series=[series("A", [value] * months), series("B", [value] * months)],
    )
    revised = project_costs(TEAM, priced(clause), assumptions=assumptions)
    plain = project_costs(TEAM, priced(None), assumptions=assumptions)
    assert revised.totals == plain.totals


@settings(max_examples=30)
@given(clauses(), VALUES, st.lists(st.decimals(0, 20, places=1), min_size=30, max_size=30))
def test_higher_index_values_never_lower_a_month(
    clause: PriceRevision, values: list[Decimal], rises: list[Decimal]
) -> None:
    """Raising any value after the reference month raises or keeps every month's cost."""
    higher = [values[0]] + [v + r for v, r in zip(values[1:], rises, strict=False)]
    totals = []
    for drawn in (values, higher):
        assumptions = CostAssumptions(
            start="2025-01-01",
            months=48,
            currency="EUR",
            indexation_rate=2,
            index_series=[series("A", drawn), series("B", drawn)],
        )
        totals.append(project_costs(TEAM, priced(clause), assumptions=assumptions).totals)
    assert all(low <= high for low, high in zip(*totals, strict=True))


@settings(max_examples=15, deadline=None)
@given(clauses(), VALUES, st.integers(0, 2**32), st.decimals(-3, 8, places=4))
def test_every_run_equals_the_projection_of_its_assumptions(
    clause: PriceRevision, values: list[Decimal], seed: int, rate: Decimal
) -> None:
    """Each run, drawing its yearly index change, equals project_costs of its assumptions.

    A degenerate distribution (Fixed) gives every run the exact projection at that rate.
    """
    assumptions = CostAssumptions(
        start="2025-01-01",
        months=60,
        currency="EUR",
        index_series=[series("A", values), series("B", values[::-1])],
    )
    terms = priced(clause)
    uncertain = Uncertainty(indexation_rate=Normal(2, 3, low=-20))
    simulation = simulate_costs(
        TEAM, terms, assumptions=assumptions, uncertainty=uncertain, runs=40, seed=seed
    )
    for run in range(0, 40, 7):
        exact = project_costs(TEAM, terms, assumptions=simulation.run_assumptions(run))
        assert simulation.run_totals(run)[1] == exact.totals
    fixed = simulate_costs(
        TEAM,
        terms,
        assumptions=assumptions,
        uncertainty=Uncertainty(indexation_rate=Fixed(rate)),
        runs=3,
        seed=seed,
    )
    exact = project_costs(TEAM, terms, assumptions=attrs.evolve(assumptions, indexation_rate=rate))
    assert fixed.run_totals(2)[1] == exact.totals


def test_blocks_give_the_runs_of_one_call() -> None:
    """Runs drawn block by block equal the one-call simulation under a revision clause."""
    assumptions = attrs.evolve(ASSUMPTIONS, months=30)
    uncertain = Uncertainty(indexation_rate=Normal(2, 3))
    runs = BLOCK_RUNS + 3
    whole = simulate_costs(
        TEAM, contract(), assumptions=assumptions, uncertainty=uncertain, runs=runs, seed=11
    )
    blocks = SimulationBlocks((TEAM,), contract(), assumptions, uncertain, runs, 11)
    parts = [blocks.series(block)[0] for block in range(blocks.blocks)]
    joined = np.concatenate([p[next(iter(p))] for p in parts], axis=1)
    assert joined.T.tolist() == whole.baseline_minor.tolist()
    alternative = np.concatenate([list(p.values())[1] for p in parts], axis=1)
    assert alternative.T.tolist() == whole.alternative_minor.tolist()
    assert len(set(whole.alternative_minor[:, 24].tolist())) > 100
