import typing
from collections.abc import Callable
from decimal import Decimal

import pendulum
import pytest

from case_ids import case_id
from outsourcing import (
    FixedFee,
    HourlyRate,
    Milestone,
    Milestones,
    MinimumCommitment,
    Money,
    OutsourcingError,
    PerUnit,
    PriceTier,
    Pricing,
    RateCard,
    RateCardLine,
    Tiering,
    TrueUp,
)
from outsourcing.model.pricing import PRICING_VARIANTS, tiered_charge

Rejects = Callable[[Callable[[], object], str, object], OutsourcingError]


def eur(amount: str) -> Money:
    """An amount in euros."""
    return Money(amount, "EUR")


def mad(amount: str) -> Money:
    """An amount in Moroccan dirhams."""
    return Money(amount, "MAD")


@pytest.mark.parametrize(
    ("build", "field", "value"),
    [
        (lambda: HourlyRate("dev", eur("-1"), 10), "HourlyRate.rate", eur("-1")),
        (lambda: HourlyRate("dev", eur("80"), -10), "HourlyRate.hours_per_month", Decimal(-10)),
        (lambda: HourlyRate("dev", eur("80"), 1.5), "HourlyRate.hours_per_month", 1.5),  # type: ignore[arg-type]
        (lambda: HourlyRate("", eur("80"), 10), "HourlyRate.name", ""),
        (lambda: RateCardLine("clerk", eur("3000"), "-1"), "RateCardLine.ftes", Decimal(-1)),
        (lambda: RateCardLine(" ", eur("3000"), 1), "RateCardLine.role", " "),
        (lambda: RateCard("team", []), "RateCard.lines", ()),
        (
            lambda: RateCard(
                "team", [RateCardLine("a", eur("1"), 1), RateCardLine("b", mad("1"), 1)]
            ),
            "RateCard.lines",
            ["EUR", "MAD"],
        ),
        (
            lambda: RateCard(
                "team", [RateCardLine("a", eur("1"), 1), RateCardLine("a", eur("2"), 1)]
            ),
            "RateCard.lines",
            ["a", "a"],
        ),
        (lambda: PriceTier(0, eur("1")), "PriceTier.up_to", 0),
        (lambda: PriceTier(None, eur("-1")), "PriceTier.unit_price", eur("-1")),
        (lambda: PerUnit("slips", "payslip", []), "PerUnit.tiers", ()),
        (
            lambda: PerUnit("slips", "payslip", [PriceTier(100, eur("5"))]),
            "PerUnit.tiers",
            [100],
        ),
        (
            lambda: PerUnit(
                "slips", "payslip", [PriceTier(None, eur("5")), PriceTier(None, eur("4"))]
            ),
            "PerUnit.tiers",
            [None, None],
        ),
        (
            lambda: PerUnit(
                "slips",
                "payslip",
                [PriceTier(200, eur("5")), PriceTier(200, eur("4")), PriceTier(None, eur("3"))],
            ),
            "PerUnit.tiers",
            [200, 200, None],
        ),
        (
            lambda: PerUnit(
                "slips", "payslip", [PriceTier(100, eur("5")), PriceTier(None, mad("40"))]
            ),
            "PerUnit.tiers",
            ["EUR", "MAD"],
        ),
        (
            lambda: PerUnit("slips", "payslip", [PriceTier(None, eur("5"))], monthly_volume=-1),
            "PerUnit.monthly_volume",
            -1,
        ),
        (lambda: PerUnit("slips", "", [PriceTier(None, eur("5"))]), "PerUnit.unit", ""),
        (lambda: FixedFee("fee", eur("-0.01")), "FixedFee.monthly_fee", eur("-0.01")),
        (lambda: Milestone("go-live", "2024-02-30", eur("1")), "Milestone.due", "2024-02-30"),
        (lambda: Milestone("go-live", 20240201, eur("1")), "Milestone.due", 20240201),  # type: ignore[arg-type]
        (lambda: Milestone("go-live", "2024-02-01", eur("-1")), "Milestone.amount", eur("-1")),
        (lambda: Milestones("project", []), "Milestones.milestones", ()),
        (
            lambda: Milestones(
                "project",
                [Milestone("a", "2024-01-01", eur("1")), Milestone("b", "2024-02-01", mad("1"))],
            ),
            "Milestones.milestones",
            ["EUR", "MAD"],
        ),
        (
            lambda: MinimumCommitment("floor", eur("-5")),
            "MinimumCommitment.monthly_minimum",
            eur("-5"),
        ),
    ],
    ids=case_id,
)
def test_invalid_pricing_names_the_field_and_value(
    rejects: Rejects, build: Callable[[], object], field: str, value: object
) -> None:
    """Negative prices, bad tiers, mixed currencies and bad dates raise naming both."""
    rejects(build, field, value)


def test_every_variant_has_a_distinct_kind_and_a_currency() -> None:
    """The union is closed: six variants, each with its own kind tag and billing currency."""
    lines: list[Pricing] = [
        HourlyRate("support", eur("65"), 40),
        RateCard("payroll team", [RateCardLine("payroll officer", mad("18000"), "2.5")]),
        PerUnit("payslips", "payslip", [PriceTier(100, eur("9")), PriceTier(None, eur("7"))]),
        FixedFee("run", eur("4200")),
        Milestones("migration", [Milestone("go-live", "2025-03-01", eur("15000"))]),
        MinimumCommitment("floor", eur("3000"), TrueUp.QUARTERLY),
    ]
    assert {type(line) for line in lines} == set(PRICING_VARIANTS)
    assert set(typing.get_args(Pricing)) == set(PRICING_VARIANTS)
    assert len({variant.KIND for variant in PRICING_VARIANTS}) == len(PRICING_VARIANTS)
    assert [line.currency for line in lines] == ["EUR", "MAD", "EUR", "EUR", "EUR", "EUR"]


def test_values_are_converted() -> None:
    """Strings become Decimals and ISO dates become `pendulum.Date`; lists become tuples."""
    line = RateCardLine("clerk", eur("3000"), "1.5")
    assert line.ftes == Decimal("1.5")
    milestone = Milestone("go-live", "2025-03-01", eur("1"))
    assert milestone.due == pendulum.Date(2025, 3, 1)
    assert isinstance(milestone.due, pendulum.Date)
    per_unit = PerUnit("tickets", "ticket", [PriceTier(None, eur("4"))], tiering=Tiering.VOLUME)
    assert isinstance(per_unit.tiers, tuple)
    assert per_unit.tiering is Tiering.VOLUME


def test_tiers_increase_with_one_open_tier_last() -> None:
    """Increasing bounds with the last tier open-ended are accepted as given."""
    tiers = [PriceTier(100, eur("9")), PriceTier(500, eur("8")), PriceTier(None, eur("7"))]
    assert [t.up_to for t in PerUnit("slips", "payslip", tiers).tiers] == [100, 500, None]


def test_tiered_charge_by_hand() -> None:
    """Graduated 100 × 2.00 + 50 × 1.50 = 275.00; volume 150 × 1.50 = 225.00; 100 is tier 1."""
    tiers = ((100, Decimal("2.00")), (None, Decimal("1.50")))
    assert tiered_charge(tiers, Tiering.GRADUATED, Decimal(150)) == Decimal("275.00")
    assert tiered_charge(tiers, Tiering.VOLUME, Decimal(150)) == Decimal("225.00")
    assert tiered_charge(tiers, Tiering.VOLUME, Decimal(100)) == Decimal("200.00")
    assert tiered_charge(tiers, Tiering.GRADUATED, Decimal(0)) == 0
