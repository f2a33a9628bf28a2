from __future__ import annotations

from decimal import Decimal

import attrs
import pendulum
import pytest

from outsourcing import (
    SLA,
    Contract,
    CreditTier,
    FixedFee,
    Money,
    Percentage,
    PerUnit,
    PoolModel,
    Portfolio,
    PriceTier,
    ServiceCreditRegime,
    ServiceRecords,
    SLAMetric,
    Term,
    UnknownReferenceError,
    evaluate_portfolio_slas,
)
from outsourcing.model import MeasurementPeriod
from outsourcing.samples import (
    SAMPLE_AS_OF,
    sample_deliveries,
    sample_downtime,
    sample_portfolio,
    sample_tickets,
)
from outsourcing.sla.credits import ChargeSchedule, credit_base_charge, credit_lines
from outsourcing.sla.periods import Period
from outsourcing.sla.results import PeriodResult, PeriodStatus

EUR = "EUR"


def eur(text: str) -> Money:
    """An amount in euros."""
    return Money(Decimal(text), EUR)


def sample_credits(portfolio: Portfolio) -> dict[tuple[str, str], tuple[Money, Money, bool]]:
    """The payroll contract's credit lines: (SLA, month) -> (base, amount, earned back)."""
    records = ServiceRecords(sample_tickets(), sample_downtime(), sample_deliveries())
    levels = evaluate_portfolio_slas(
        portfolio, records, as_of=SAMPLE_AS_OF, contracts=["atlas-finance"]
    )
    report = levels.contract("atlas-finance").report
    assert report is not None
    return {(c.sla_id, c.month): (c.base, c.amount, c.earned_back) for c in report.credits}


def test_sample_payroll_accuracy_credit_is_on_the_payslip_line() -> None:
    """March 2025: 6 % of the 2,610.00 EUR payslip line (180 × 14.50) is 156.60 EUR."""
    lines = sample_credits(sample_portfolio())
    base, amount, _ = lines["payroll-accuracy", "2025-03"]
    assert base == eur("2610.00")
    assert amount.rounded() == eur("156.60")


def test_without_a_credit_base_the_whole_invoice_is_the_base() -> None:
    """The same breach on the whole 10,460.00 EUR invoice would be 627.60 EUR."""
    portfolio = sample_portfolio()
    contract = portfolio.contract("atlas-finance")
    plain = attrs.evolve(contract, slas=[attrs.evolve(s, credit_base=()) for s in contract.slas])
    changed = attrs.evolve(
        portfolio, contracts=[plain if c.id == plain.id else c for c in portfolio.contracts]
    )
    base, amount, _ = sample_credits(changed)["payroll-accuracy", "2025-03"]
    assert base == eur("10460.00")
    assert amount.rounded() == eur("627.60")


def test_critical_failure_credit_is_not_earned_back_by_default() -> None:
    """May 2025's on-time failure is critical: 5 % of 2,610.00 = 130.50 EUR stays owed."""
    lines = sample_credits(sample_portfolio())
    base, amount, earned_back = lines["payroll-on-time", "2025-05"]
    assert (base, amount.rounded(), earned_back) == (eur("2610.00"), eur("130.50"), False)


def contract(
    *slas: SLA, regime: ServiceCreditRegime | None = None, lines: tuple[object, ...] = ()
) -> Contract:
    """A two-service contract: a fixed fee for hosting and per-unit support tickets."""
    pricing = lines or (
        FixedFee("Hosting", eur("3000.00")),
        PerUnit("Support tickets", "ticket", [PriceTier(None, eur("20.00"))], monthly_volume=100),
    )
    return Contract(
        id="C1",
        title="IT",
        client="Client",
        provider_id="P1",
        currency=EUR,
        term=Term(start="2025-01-01"),
        pricing=pricing,
        slas=slas,
        service_credits=regime,
    )


AVAILABILITY = SLA(
    "avail",
    "Availability",
    SLAMetric.ACCURACY,
    "99.5",
    credit_tiers=[CreditTier("99.5", 5), CreditTier("99", 10)],
    pool_allocation=40,
    critical_threshold="98",
    credit_base=["Hosting"],
)
MARCH = Period(
    pendulum.Date(2025, 3, 1), pendulum.Date(2025, 4, 1), MeasurementPeriod.MONTH, "2025-03"
)
APRIL = Period(
    pendulum.Date(2025, 4, 1), pendulum.Date(2025, 5, 1), MeasurementPeriod.MONTH, "2025-04"
)


def result(
    period: Period, *, breached: bool, critical: bool = False, credit: int = 0
) -> PeriodResult:
    """A final period result of the availability SLA."""
    return PeriodResult(
        sla_id="avail",
        metric=SLAMetric.ACCURACY,
        period=period,
        final=True,
        status=PeriodStatus.BREACHED if breached else PeriodStatus.MET,
        measured=Decimal("99.2") if breached else Decimal(100),
        target=Decimal("99.5"),
        margin=Decimal("-0.3") if breached else Decimal("0.5"),
        good=992 if breached else 1000,
        total=1000,
        pending=0,
        excluded=0,
        mean_seconds=None,
        percentiles=(),
        critical=critical,
        credit=Percentage(credit),
        explanation="",
    )


def flat(amount: str) -> ChargeSchedule:
    """A charge schedule with the same invoice every month."""
    return lambda _month: eur(amount)


def test_credit_base_names_the_lines() -> None:
    """The hosting SLA's base is the 3,000.00 EUR fixed fee, not the 5,000.00 EUR invoice."""
    subject = contract(AVAILABILITY)
    assert credit_base_charge(subject, AVAILABILITY) == eur("3000.00")
    lines = credit_lines(
        subject, AVAILABILITY, [result(MARCH, breached=True, credit=5)], flat("5000.00")
    )
    assert [(line.base, line.amount) for line in lines] == [(eur("3000.00"), eur("150.00"))]


def test_pool_models_tier_of_allocation_and_whole_allocation() -> None:
    """At risk 10 % × allocation 40 % of 3,000: the tier gives 5 % of 120 = 6, whole gives 120."""
    tiered = contract(AVAILABILITY, regime=ServiceCreditRegime(monthly_cap=20, at_risk=10))
    whole = contract(
        AVAILABILITY,
        regime=ServiceCreditRegime(
            monthly_cap=20, at_risk=10, pool_model=PoolModel.WHOLE_ALLOCATION
        ),
    )
    breach = [result(MARCH, breached=True, credit=5)]
    assert [line.amount for line in credit_lines(tiered, AVAILABILITY, breach, flat("5000"))] == [
        eur("6.00")
    ]
    assert [line.amount for line in credit_lines(whole, AVAILABILITY, breach, flat("5000"))] == [
        eur("120.00")
    ]


@pytest.mark.parametrize(("switch", "earned"), [(False, False), (True, True)])
def test_earn_back_of_a_critical_failure_is_a_policy_switch(switch: bool, earned: bool) -> None:
    """A critical month met the month after is earned back only when the regime allows it."""
    regime = ServiceCreditRegime(monthly_cap=20, earn_back_periods=1, earn_back_critical=switch)
    subject = contract(AVAILABILITY, regime=regime)
    results = [
        result(MARCH, breached=True, critical=True, credit=10),
        result(APRIL, breached=False),
    ]
    lines = credit_lines(subject, AVAILABILITY, results, flat("5000"))
    assert [line.earned_back for line in lines] == [earned]


def test_a_non_critical_failure_is_still_earned_back() -> None:
    """Earn-back still waives an ordinary breach met in the next period."""
    regime = ServiceCreditRegime(monthly_cap=20, earn_back_periods=1)
    subject = contract(AVAILABILITY, regime=regime)
    results = [result(MARCH, breached=True, credit=5), result(APRIL, breached=False)]
    lines = credit_lines(subject, AVAILABILITY, results, flat("5000"))
    assert [line.earned_back for line in lines] == [True]


def test_an_unknown_credit_base_line_is_refused() -> None:
    """A credit base must name one of the contract's pricing lines."""
    wrong = attrs.evolve(AVAILABILITY, credit_base=["Hostnig"])
    with pytest.raises(UnknownReferenceError, match=r"slas\[0\]\.credit_base\[0\].*Hostnig"):
        contract(wrong)
