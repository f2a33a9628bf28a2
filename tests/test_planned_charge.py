from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from outsourcing import (
    Contract,
    FixedFee,
    HourlyRate,
    MinimumCommitment,
    Money,
    PerUnit,
    PriceTier,
    Pricing,
    RateCard,
    RateCardLine,
    Term,
    Tiering,
)
from outsourcing.sla.credits import charge_schedule, fixed_monthly_charge, planned_monthly_charge


def eur(amount: str) -> Money:
    """An amount in euros."""
    return Money(amount, "EUR")


def contract(*pricing: Pricing) -> Contract:
    """A euro contract with these pricing lines."""
    return Contract(
        id="c",
        title="Payroll",
        client="Client",
        provider_id="p",
        currency="EUR",
        term=Term("2025-01-01"),
        pricing=pricing,
    )


def payslips(volume: int, tiering: Tiering = Tiering.GRADUATED) -> PerUnit:
    """Payslips at 9.50 up to 100 a month, 7.80 beyond."""
    return PerUnit(
        name="Payslips",
        unit="payslip",
        monthly_volume=volume,
        tiering=tiering,
        tiers=[PriceTier(100, eur("9.50")), PriceTier(None, eur("7.80"))],
    )


def test_planned_charge_prices_every_monthly_line_at_its_baseline() -> None:
    """Fixed fees, rate cards, hours and graduated units add up to the planned invoice."""
    priced = contract(
        FixedFee("Management", eur("1200")),
        RateCard("Team", [RateCardLine("accountant", eur("2900"), Decimal("1.5"))]),
        HourlyRate("Extra hours", eur("45.25"), Decimal(10)),
        payslips(180),
    )
    assert fixed_monthly_charge(priced) == eur("5550")
    # 5 550 + 10 × 45.25 + 100 × 9.50 + 80 × 7.80
    assert planned_monthly_charge(priced) == eur("7576.50")


def test_volume_tiering_prices_every_unit_at_the_tier_reached() -> None:
    """Under volume tiering all 180 units take the second tier's price."""
    assert planned_monthly_charge(contract(payslips(180, Tiering.VOLUME))) == eur("1404.00")


def test_minimum_commitment_raises_the_planned_invoice_to_the_minimum() -> None:
    """A minimum commitment above the planned fees is what gets invoiced."""
    small = contract(payslips(10), MinimumCommitment("Minimum", eur("2000")))
    assert planned_monthly_charge(small) == eur("2000")
    big = contract(payslips(400), MinimumCommitment("Minimum", eur("2000")))
    assert planned_monthly_charge(big) == eur("3290.00")  # 950 + 300 × 7.80


def test_without_charges_credits_apply_to_the_planned_invoice() -> None:
    """The default charge schedule is the planned monthly invoice, for every month."""
    priced = contract(FixedFee("Management", eur("1200")), payslips(180))
    schedule = charge_schedule(priced, None)
    assert schedule("2025-03") == schedule("2026-11") == eur("2774.00")


@given(low=st.integers(0, 2_000), extra=st.integers(0, 2_000))
def test_planned_charge_never_falls_when_the_baseline_volume_grows(low: int, extra: int) -> None:
    """Under graduated tiers a larger baseline volume never lowers the planned invoice."""
    fee = FixedFee("Management", eur("1200"))
    smaller = planned_monthly_charge(contract(fee, payslips(low)))
    larger = planned_monthly_charge(contract(fee, payslips(low + extra)))
    assert smaller <= larger
    assert smaller >= fixed_monthly_charge(contract(fee))
