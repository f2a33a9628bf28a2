"""The nearshore and offshore (MGA) offers of docs/costs.md, shared by the offer tests."""

from __future__ import annotations

from decimal import Decimal

import attrs

from outsourcing import (
    Contract,
    CostAssumptions,
    CostCategory,
    Indexation,
    Money,
    Normal,
    OneOffCost,
    PerUnit,
    Portfolio,
    PriceTier,
    RateCard,
    RateCardLine,
    Triangular,
    Uncertainty,
    Uniform,
)
from outsourcing.samples import sample_portfolio

MGA = "MGA"

UNCERTAINTY = Uncertainty(
    annual_volume_growth=Normal(6, 4),
    wage_inflation=Triangular(1, "2.5", 5),
    indexation_rate=Uniform(2, 9),
    fx_change=Normal(0, 8, low=-40, high=40),
    workload_underestimate=Normal(10, 10, low=-20),
    transition_delay_months=Triangular(0, 1, 4),
)


def portfolio() -> Portfolio:
    """The sample portfolio (Maison Verdier)."""
    return sample_portfolio()


def nearshore() -> Contract:
    """Atlas BPO, Casablanca, billed in EUR (the portfolio's contract)."""
    return portfolio().contract("atlas-finance")


def offshore() -> Contract:
    """The Antananarivo quote of docs/costs.md, billed in ariary."""
    near = nearshore()
    return attrs.evolve(
        near,
        id="tana-finance",
        provider_id="tana-contact",
        currency=MGA,
        pricing=(
            PerUnit(
                name="Bulletins de paie",
                unit="payslip",
                monthly_volume=180,
                tiers=(PriceTier(200, Money(42000, MGA)), PriceTier(None, Money(36000, MGA))),
            ),
            RateCard(
                name="Équipe comptable",
                lines=(
                    RateCardLine("accountant", Money(7500000, MGA), Decimal(2)),
                    RateCardLine("comptable confirmé", Money(11000000, MGA), Decimal("0.5")),
                ),
            ),
        ),
        indexation=Indexation(index="INSTAT", expected_rate=7, cap=4, floor=0),
        one_off_costs=(
            *near.one_off_costs,
            OneOffCost(
                CostCategory.TRANSITION, Money(15000, "EUR"), description="Travel and set-up"
            ),
        ),
    )


def assumptions() -> CostAssumptions:
    """The central assumptions of docs/costs.md, with the ariary at 0.0002 EUR."""
    return CostAssumptions(
        start="2024-12-01",
        months=37,
        currency="EUR",
        fx_rates={MGA: "0.0002"},
        annual_volume_growth=6,
        wage_inflation="2.5",
        workload_underestimate=10,
        parallel_run_months=1,
        service_credit_rate=1,
    )
