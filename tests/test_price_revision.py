from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import (
    CheckResult,
    ConsistencyCheck,
    Contract,
    DocumentError,
    IndexSeries,
    IndexValueMissingError,
    IndexWeight,
    InvalidValueError,
    Money,
    Outcome,
    PriceRevision,
    ReviewContext,
    RevisionDate,
    Term,
    UnknownReferenceError,
    price_schedule,
    projected_value,
    read_index_series,
    revised_price,
    revision_dates,
)
from outsourcing.review.consistency import check_consistency

SYNTEC = IndexSeries(
    "Syntec",
    {"2024-10": "280.0", "2025-10": "294.6", "2026-10": "300.0", "2027-10": "310.0"},
    source="typed by hand for the test",
)
CLAUSE = PriceRevision(
    indices=[IndexWeight("Syntec", "0.85")],
    fixed_share="0.15",
    reference_month="2024-10",
    lag_months=3,
)
P0 = Money(Decimal("1767.00"), "EUR")


def test_revised_price_on_syntec() -> None:
    """S0 280.0, S 294.6, 0.15 + 0.85 × S/S0 on 1,767.00 EUR gives 1,845.32 EUR."""
    revised = revised_price(P0, CLAUSE, [SYNTEC], "2026-01-01")
    assert revised.price == Money(Decimal("1845.32"), "EUR")
    assert revised.index_month == pendulum.Date(2025, 10, 1)
    assert revised.terms[0].base == Decimal("280.0")
    assert revised.terms[0].current == Decimal("294.6")
    assert not revised.capped


def test_rounded_coefficient() -> None:
    """The coefficient rounded to 3 decimals (1.044) gives 1,844.75 EUR."""
    clause = attrs.evolve(CLAUSE, coefficient_decimals=3)
    revised = revised_price(P0, clause, [SYNTEC], "2026-01-01")
    assert revised.coefficient == Decimal("1.044")
    assert revised.price == Money(Decimal("1844.75"), "EUR")


def test_cap_limits_the_increase() -> None:
    """A 3 % cap holds the price at 1,820.01 EUR."""
    clause = attrs.evolve(CLAUSE, cap=3)
    revised = revised_price(P0, clause, {"Syntec": SYNTEC}, "2026-01-01")
    assert revised.price == Money(Decimal("1820.01"), "EUR")
    assert revised.capped


def test_floor_holds_the_price_when_the_index_falls() -> None:
    """With a 0 % floor a falling index leaves the price unchanged."""
    falling = IndexSeries("Syntec", {"2024-10": "280.0", "2025-10": "270.0"})
    clause = attrs.evolve(CLAUSE, floor=0)
    revised = revised_price(P0, clause, [falling], "2026-01-01")
    assert revised.price == P0
    assert revised.floored
    free = revised_price(P0, CLAUSE, [falling], "2026-01-01")
    assert free.price == Money(Decimal("1713.36"), "EUR")


def test_a_negative_floor_lets_the_price_fall_by_a_bounded_amount() -> None:
    """S₀ 280.0, S 266.0: coefficient 266 / 280 = 0.95, a fall of 5 %.

    Free: 1,767.00 × 0.95 = 1,678.65 EUR. « La baisse ne pourra excéder 2 % » (floor -2 %):
    1,767.00 × 0.98 = 1,731.66 EUR. A -6 % floor does not hold (1,660.98 is below 1,678.65);
    a +1 % floor guarantees 1,767.00 × 1.01 = 1,784.67 EUR.
    """
    falling = IndexSeries("Syntec", {"2024-10": "280.0", "2025-10": "266.0"})
    clause = PriceRevision(
        indices=[IndexWeight("Syntec", 1)], reference_month="2024-10", lag_months=3
    )
    free = revised_price(P0, clause, [falling], "2026-01-01")
    assert free.coefficient == Decimal("0.95")
    assert free.price == Money(Decimal("1678.65"), "EUR")
    floored = revised_price(P0, attrs.evolve(clause, floor="-2"), [falling], "2026-01-01")
    assert floored.price == Money(Decimal("1731.66"), "EUR")
    assert floored.floored
    assert not floored.capped
    lower = revised_price(P0, attrs.evolve(clause, floor=-6), [falling], "2026-01-01")
    assert (lower.price, lower.floored) == (Money(Decimal("1678.65"), "EUR"), False)
    rise = revised_price(P0, attrs.evolve(clause, floor=1, cap=3), [falling], "2026-01-01")
    assert (rise.price, rise.floored) == (Money(Decimal("1784.67"), "EUR"), True)


@pytest.mark.parametrize(
    ("changes", "field", "value"),
    [
        ({"cap": 3, "floor": 4}, "PriceRevision.floor", "+4 %"),
        ({"cap": -3, "floor": -2}, "PriceRevision.floor", "-2 %"),
        ({"floor": -100}, "PriceRevision.floor", Decimal(-100)),
        ({"floor": "-250"}, "PriceRevision.floor", Decimal(-250)),
        ({"cap": "-100.0"}, "PriceRevision.cap", Decimal("-100.0")),
        ({"floor": "-1.23456"}, "PriceRevision.floor", Decimal("-1.23456")),
    ],
)
def test_a_floor_above_the_cap_or_at_minus_100_is_refused(
    changes: dict[str, Any], field: str, value: object
) -> None:
    """The floor must be at most the cap, and above -100 % (a fall of 100 % leaves nothing)."""
    with pytest.raises(InvalidValueError) as caught:
        attrs.evolve(CLAUSE, **changes)
    assert (caught.value.field, caught.value.value) == (field, value)


def test_schedule_caps_each_revision_against_the_last_price() -> None:
    """Yearly revisions chain: each capped at 3 % of the price before it."""
    clause = attrs.evolve(CLAUSE, cap=3, revision_date=RevisionDate.JANUARY_FIRST)
    schedule = price_schedule(P0, clause, [SYNTEC], "2025-01-01", "2027-12-31")
    assert [r.revision for r in schedule] == [
        pendulum.Date(2026, 1, 1),
        pendulum.Date(2027, 1, 1),
    ]
    # 2026: 1,820.01 (capped); 2027: 265.05 + 1,501.95 × 300/280 = 1,874.28, under
    # 1,820.01 × 1.03 = 1,874.61.
    assert [str(r.price) for r in schedule] == ["1820.01 EUR", "1874.28 EUR"]
    assert [r.capped for r in schedule] == [True, False]


def test_revision_dates_anniversary_and_january() -> None:
    """Anniversaries count from the start; 1 January revisions start the next year."""
    assert revision_dates(CLAUSE, "2025-03-15", "2027-03-15") == (
        pendulum.Date(2026, 3, 15),
        pendulum.Date(2027, 3, 15),
    )
    january = attrs.evolve(CLAUSE, revision_date=RevisionDate.JANUARY_FIRST)
    assert revision_dates(january, "2025-03-15", "2026-12-31") == (pendulum.Date(2026, 1, 1),)


def test_missing_index_month_is_an_error_naming_it() -> None:
    """A revision needing an unpublished month raises an error naming the series and month."""
    with pytest.raises(IndexValueMissingError, match=r"IndexSeries\[Syntec\].*2028-10"):
        revised_price(P0, CLAUSE, [SYNTEC], "2029-01-01")


def test_unknown_index_is_refused() -> None:
    """A clause naming an index not supplied is refused."""
    with pytest.raises(UnknownReferenceError, match="Syntec"):
        revised_price(P0, CLAUSE, [], "2026-01-01")


def test_weights_must_add_up_to_one() -> None:
    """The fixed share and the weights must make 1."""
    with pytest.raises(InvalidValueError, match=r"PriceRevision\.fixed_share.*make 0\.95"):
        PriceRevision(
            indices=[IndexWeight("Syntec", "0.85")], fixed_share="0.10", reference_month="2024-10"
        )


def test_read_index_series_from_a_french_csv(tmp_path: Path) -> None:
    """A semicolon CSV with decimal commas reads into a series."""
    path = tmp_path / "syntec.csv"
    path.write_text("month;value\n2024-10;280,0\n2025-10;294,6\n", encoding="utf-8")
    series = read_index_series(path, name="Syntec", source="Syntec, published values")
    assert series.value("2025-10") == Decimal("294.6")
    assert series.source == "Syntec, published values"
    assert revised_price(P0, CLAUSE, [series], "2026-01-01").price.amount == Decimal("1845.32")


def test_read_index_series_lists_every_bad_row(tmp_path: Path) -> None:
    """Each bad row is reported with its line."""
    path = tmp_path / "bad.csv"
    path.write_text("month,value\n2024-13,1\n2025-01,abc\n2025-02,3\n2025-02,4\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read_index_series(path, name="X")
    assert [e.split(": ", 1)[0].rsplit(":", 1)[1] for e in caught.value.errors] == ["2", "3", "5"]


def contract(clause: PriceRevision | None, start: str = "2025-01-01") -> Contract:
    """A contract with a price revision clause."""
    return Contract(
        id="C1",
        title="IT",
        client="Client",
        provider_id="P1",
        currency="EUR",
        term=Term(start=start, end="2027-12-31"),
        price_revision=clause,
    )


def index_check(subject: Contract) -> CheckResult:
    """The outcome of the L112-1 index-period check."""
    results = check_consistency(subject, context=ReviewContext(as_of="2025-06-01"))
    found = [
        r for r in results if r.check is ConsistencyCheck.INDEX_PERIOD_LONGER_THAN_REVISION_INTERVAL
    ]
    return found[0]


def test_index_period_within_the_revision_interval_passes() -> None:
    """Reference 2024-10, lag 3, first revision 2026-01-01: 12 months over 12, passes."""
    result = index_check(contract(CLAUSE))
    assert result.outcome is Outcome.PASSED


def test_index_period_longer_than_the_interval_fails_citing_l112_1() -> None:
    """Reference 2023-10 for a 2025 start compares 24 months of index over 12: L112-1."""
    clause = attrs.evolve(CLAUSE, reference_month="2023-10")
    result = index_check(contract(clause))
    assert result.outcome is Outcome.FAILED
    assert result.citation == "C. mon. fin. art. L.112-1"
    assert "24 months" in result.evidence[0]


def test_first_january_revision_shortly_after_start_fails() -> None:
    """A July start revised on 1 January over a 12-month index period exceeds 6 months."""
    clause = attrs.evolve(
        CLAUSE, reference_month="2024-10", revision_date=RevisionDate.JANUARY_FIRST
    )
    result = index_check(contract(clause, start="2025-07-01"))
    assert result.outcome is Outcome.FAILED


def test_no_clause_is_not_applicable() -> None:
    """Without a revision clause the check does not apply."""
    assert index_check(contract(None)).outcome is Outcome.NOT_APPLICABLE


@given(
    st.decimals("0.01", "100000", places=2),
    st.decimals("1", "1000", places=1),
    st.integers(0, 99),
    st.one_of(st.none(), st.integers(0, 6)),
)
def test_price_is_unchanged_when_the_index_is(
    amount: Decimal, level: Decimal, fixed: int, decimals: int | None
) -> None:
    """With S = S0 and no cap or floor the revised price equals P0."""
    series = IndexSeries("I", {"2024-01": level, "2025-01": level})
    clause = PriceRevision(
        indices=[IndexWeight("I", Decimal(100 - fixed) / 100)],
        fixed_share=Decimal(fixed) / 100,
        reference_month="2024-01",
        coefficient_decimals=decimals,
    )
    base = Money(amount, "EUR")
    assert revised_price(base, clause, [series], "2025-01-01").price == base


def test_projection_uses_known_values_then_the_expected_rate() -> None:
    """Known 2025-10, then 294.6 × 1.025 = 301.965 and × 1.025² = 309.514125 for later years."""
    clause = attrs.evolve(CLAUSE, revision_date=RevisionDate.JANUARY_FIRST)
    series = IndexSeries("Syntec", {"2024-10": "280.0", "2025-10": "294.6"})
    schedule = price_schedule(
        P0, clause, [series], "2025-01-01", "2028-12-31", expected_rate=Decimal("2.5")
    )
    assert [r.estimated for r in schedule] == [False, True, True]
    assert [r.terms[0].current for r in schedule] == [
        Decimal("294.6"),
        Decimal("301.965"),
        Decimal("309.514125"),
    ]
    # 265.05 + 1,501.95 × 301.965 / 280 = 1,884.8226…; 265.05 + 1,501.95 × 309.514125 / 280
    # = 1,925.3169…
    assert [str(r.price) for r in schedule] == ["1845.32 EUR", "1884.82 EUR", "1925.32 EUR"]


def test_projection_of_a_part_year_compounds_monthly() -> None:
    """Six months after the last value: 294.6 × 1.025^(6/12) = 298.2598 (to 4 places)."""
    value, estimated = projected_value(SYNTEC_2025, "2026-04", Decimal("2.5"))
    assert estimated
    assert round(value, 4) == Decimal("298.2598")
    assert projected_value(SYNTEC_2025, "2025-10", Decimal("2.5")) == (Decimal("294.6"), False)


def test_a_gap_before_the_last_value_is_not_projected() -> None:
    """A missing month inside the series is an error even with an expected rate."""
    with pytest.raises(IndexValueMissingError, match="2025-01"):
        projected_value(SYNTEC_2025, "2025-01", Decimal("2.5"))


SYNTEC_2025 = IndexSeries("Syntec", {"2024-10": "280.0", "2025-10": "294.6"})
