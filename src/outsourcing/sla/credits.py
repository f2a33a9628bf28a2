"""Service credits: tiers, the at-risk pool, earn-back, the monthly and rolling 12-month caps.

How a credit is computed, step by step (each step is visible in the report):

1. **Tier.** A final, breached period of an SLA earns the credit % of the deepest tier its
   attainment falls below (`SLA.credit_tiers`; ``attainment < below``, compared exactly).
2. **Base.** Without an at-risk pool the % applies to the period's charge: the monthly charge
   of the month the period ends in (a quarter: the sum of its three months; a week: the month's
   charge × 7 / days in that month). An SLA naming a credit base (`SLA.credit_base`) takes the
   planned charge of those pricing lines instead (a payroll SLA on the payslip line, not on the
   accounting team). With an at-risk pool (`ServiceCreditRegime.at_risk`) the base is the SLA's
   share of the at-risk amount, ``charge × at_risk × pool_allocation``, credited by the tier %
   (`PoolModel.TIER_OF_ALLOCATION`; an SLA without tiers owes its whole share) or whole
   whenever the SLA is missed (`PoolModel.WHOLE_ALLOCATION`).
3. **Earn-back.** With ``earn_back_periods = N``, a credit is waived when the SLA is met in each
   of the next N periods (all of them final); a critical failure's credit is not, unless
   ``earn_back_critical`` is set. Earn-back is applied before the caps.
4. **Caps.** Credits are charged to the calendar month the period ends in. The month's total
   is limited by the monthly cap (% of that month's charge), then by the rolling cap: what is
   credited over any 12 consecutive months may not exceed the rolling-cap % of those months'
   charges. The payable amount is rounded half-up to the currency's minor unit: that is the
   invoice line, the one rounding stage.
"""

from __future__ import annotations

import calendar as stdlib_calendar
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

import pendulum

from outsourcing.exceptions import InvalidValueError
from outsourcing.model.contract import Contract, PoolModel, ServiceCreditRegime
from outsourcing.model.money import Money, Percentage
from outsourcing.model.pricing import (
    Metered,
    MonthlyAmount,
    MonthlyMinimum,
    PricingLine,
    tiered_charge,
)
from outsourcing.model.sla import SLA, MeasurementPeriod
from outsourcing.sla.periods import Period
from outsourcing.sla.results import CreditLine, MonthlyCredit, PeriodResult, PeriodStatus

__all__ = [
    "ChargeSchedule",
    "charge_schedule",
    "credit_base_charge",
    "credit_lines",
    "fixed_monthly_charge",
    "line_monthly_charge",
    "month_label",
    "monthly_credits",
    "planned_monthly_charge",
    "tier_credit",
]

ChargeSchedule = Callable[[str], Money]
"""The monthly charge credits apply to, by month label (``2024-03``)."""


def month_label(day: pendulum.Date) -> str:
    """``YYYY-MM`` of a date."""
    return f"{day.year}-{day.month:02d}"


def fixed_monthly_charge(contract: Contract) -> Money:
    """The monthly charge known in advance: the lines' `MonthlyAmount` (fixed fees, rate cards)."""
    total = Money.zero(contract.currency)
    for line in contract.pricing:
        for charge in line.charges():
            if isinstance(charge, MonthlyAmount):
                total += charge.amount
    return total


def line_monthly_charge(contract: Contract, line: PricingLine) -> Money:
    """The planned monthly amount of one pricing line, unrounded, from what it charges.

    Monthly amounts (fixed fees, rate cards), metered quantities at their baseline (hourly
    rates, per-unit prices, graduated or volume tiers) and a minimum commitment's monthly
    minimum; one-off amounts (milestones) are not monthly and count 0.
    """
    total = Money.zero(contract.currency)
    for charge in line.charges():
        if isinstance(charge, MonthlyAmount):
            total += charge.amount
        elif isinstance(charge, Metered):
            amount = tiered_charge(charge.tiers, charge.tiering, charge.quantity)
            total += Money(amount, contract.currency)
        elif isinstance(charge, MonthlyMinimum):
            total += charge.minimum
    return total


def planned_monthly_charge(contract: Contract) -> Money:
    """The monthly invoice the contract plans at its baseline volumes, rounded half-up.

    Fixed fees, rate cards (FTEs × monthly rate), hourly rates at their ``hours_per_month`` and
    per-unit prices at their ``monthly_volume`` (graduated or volume tiers), raised to the
    minimum commitment when one applies. Milestone payments are not monthly and are left out.
    Indexation is not applied: pass ``charges=`` to `evaluate_slas` with the invoiced amounts
    when they are known.
    """
    total = Money.zero(contract.currency)
    minimum = Money.zero(contract.currency)
    for line in contract.pricing:
        if any(isinstance(charge, MonthlyMinimum) for charge in line.charges()):
            minimum += line_monthly_charge(contract, line)
        else:
            total += line_monthly_charge(contract, line)
    return max(total, minimum).rounded()


def credit_base_charge(contract: Contract, sla: SLA) -> Money | None:
    """The planned monthly charge of the pricing lines an SLA's credits apply to, rounded.

    None when the SLA names no lines: its credits then apply to the whole monthly charge.
    """
    if not sla.credit_base:
        return None
    total = Money.zero(contract.currency)
    for line in contract.pricing:
        if line.name in sla.credit_base:
            total += line_monthly_charge(contract, line)
    return total.rounded()


def charge_schedule(
    contract: Contract, charges: Money | Mapping[str, Money] | None
) -> ChargeSchedule:
    """The monthly charge, from ``charges`` or derived from the contract's pricing.

    Args:
        contract: The contract.
        charges: One amount for every month, or amounts by month label; None takes the
            contract's planned monthly invoice (`planned_monthly_charge`).

    Raises:
        InvalidValueError: if a charge is in another currency, or a month is missing.
    """
    if charges is None:
        charges = planned_monthly_charge(contract)
    if isinstance(charges, Money):
        flat = charges
        if flat.currency != contract.currency:
            raise InvalidValueError("charges", str(flat), f"must be in {contract.currency}")
        return lambda _month: flat
    table = dict(charges)
    for month, amount in table.items():
        if amount.currency != contract.currency:
            raise InvalidValueError(f"charges[{month}]", str(amount), "wrong currency")

    def lookup(month: str) -> Money:
        try:
            return table[month]
        except KeyError:
            raise InvalidValueError("charges", month, "no charge given for this month") from None

    return lookup


def tier_credit(sla: SLA, good: int, total: int) -> Percentage:
    """Credit % of the deepest tier that ``good / total`` falls below (0 if none), exactly."""
    owed = Percentage(0)
    for tier in sla.credit_tiers:
        if Decimal(good) * 100 < tier.below.value * total:
            owed = tier.credit
    return owed


def _charged_month(period: Period) -> pendulum.Date:
    return period.end.subtract(days=1)


def period_charge(period: Period, charge: ChargeSchedule) -> Money:
    """The charge of a period: its month's, its months' (quarter, year), or a share (week, day).

    A week or a day is charged its days' share of the month it ends in.
    """
    last = _charged_month(period)
    if period.kind in {MeasurementPeriod.QUARTER, MeasurementPeriod.YEAR}:
        first = pendulum.Date(period.start.year, period.start.month, 1)
        count = 3 if period.kind is MeasurementPeriod.QUARTER else 12
        months = [month_label(first.add(months=i)) for i in range(count)]
        total = charge(months[0])
        for month in months[1:]:
            total += charge(month)
        return total
    if period.kind in {MeasurementPeriod.WEEK, MeasurementPeriod.DAY}:
        days = stdlib_calendar.monthrange(last.year, last.month)[1]
        length = (period.end - period.start).days
        return charge(month_label(last)) * length / days
    return charge(month_label(last))


def _earned_back(
    results: Sequence[PeriodResult], index: int, periods: int | None
) -> tuple[bool, str]:
    if periods is None:
        return False, ""
    following = results[index + 1 : index + 1 + periods]
    if len(following) == periods and all(
        r.final and r.status is PeriodStatus.MET for r in following
    ):
        labels = ", ".join(r.period.label for r in following)
        return True, f"; earned back: met in the next {periods} period(s) ({labels})"
    return False, ""


def _flat(amount: Money) -> ChargeSchedule:
    return lambda _month: amount


def _may_earn_back(regime: ServiceCreditRegime | None, result: PeriodResult) -> int | None:
    if regime is None or (result.critical and not regime.earn_back_critical):
        return None
    return regime.earn_back_periods


def credit_lines(
    contract: Contract, sla: SLA, results: Sequence[PeriodResult], charge: ChargeSchedule
) -> tuple[CreditLine, ...]:
    """Credit lines of one SLA from its period results (in order), before the caps.

    The base is the period's charge, or, when the SLA names a credit base, the planned charge
    of those pricing lines (`credit_base_charge`) over the period. Under an at-risk pool it is
    the SLA's share of the at-risk amount, credited by tier or whole (`PoolModel`). A critical
    failure's credit is not earned back unless the regime says so.
    """
    regime = contract.service_credits
    lines_charge = credit_base_charge(contract, sla)
    base_schedule = charge if lines_charge is None else _flat(lines_charge)
    base_name = (
        "the period charge"
        if lines_charge is None
        else f"the charge of {', '.join(sla.credit_base)}"
    )
    lines = []
    for index, result in enumerate(results):
        if not (result.final and result.breached):
            continue
        base = period_charge(result.period, base_schedule)
        percent = result.credit
        how = f"{percent} of {base_name} {base}"
        if regime is not None and regime.at_risk is not None:
            allocation = sla.pool_allocation or Percentage(0)
            base = base * regime.at_risk.fraction * allocation.fraction
            if not sla.credit_tiers or regime.pool_model is PoolModel.WHOLE_ALLOCATION:
                percent = Percentage(100)
            how = (
                f"{percent} of the SLA's at-risk share {base} "
                f"(at risk {regime.at_risk} × pool allocation {allocation})"
            )
        if percent.value == 0:
            continue
        earned_back, note = _earned_back(results, index, _may_earn_back(regime, result))
        if (
            result.critical
            and regime is not None
            and regime.earn_back_periods is not None
            and not regime.earn_back_critical
        ):
            note = "; critical failure: not earned back"
        lines.append(
            CreditLine(
                sla_id=sla.id,
                period=result.period,
                month=month_label(_charged_month(result.period)),
                percent=percent,
                base=base,
                amount=percent.of_amount(base),
                earned_back=earned_back,
                explanation=f"{sla.id} breached in {result.period.label}: {how}{note}",
            )
        )
    return tuple(lines)


def _months(first: str, last: str) -> list[str]:
    year, month = (int(x) for x in first.split("-"))
    out = []
    while True:
        label = f"{year}-{month:02d}"
        out.append(label)
        if label >= last:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _capped(
    contract: Contract,
    month: str,
    owed: Money,
    charge: ChargeSchedule,
    paid: Mapping[str, Money],
) -> tuple[Money, Money | None, Money | None, list[str]]:
    """Payable amount of a month under the caps, the caps' amounts, and which caps bound."""
    regime = contract.service_credits
    if regime is None:
        return owed, None, None, []
    zero = Money.zero(contract.currency)
    payable, notes = owed, []
    month_cap = regime.monthly_cap.of_amount(charge(month))
    if payable > month_cap:
        payable = month_cap
        notes.append(f"monthly cap {regime.monthly_cap} of {charge(month)} applies")
    if regime.rolling_cap is None:
        return payable, month_cap, None, notes
    window = _window(month, month_label(contract.term.start))
    charges, already = zero, zero
    for other in window:
        charges += charge(other)
    for other in window[:-1]:
        already += paid.get(other, zero)
    rolling = max(regime.rolling_cap.of_amount(charges) - already, zero)
    if payable > rolling:
        payable = rolling
        notes.append(f"rolling 12-month cap {regime.rolling_cap} applies")
    return payable, month_cap, rolling, notes


def monthly_credits(
    contract: Contract, lines: Sequence[CreditLine], charge: ChargeSchedule
) -> tuple[MonthlyCredit, ...]:
    """Credits per month after earn-back, the monthly cap and the rolling 12-month cap."""
    if not lines:
        return ()
    zero = Money.zero(contract.currency)
    owed: dict[str, Money] = {}
    for line in lines:
        if not line.earned_back:
            owed[line.month] = owed.get(line.month, zero) + line.amount
    with_lines = {line.month for line in lines}
    paid: dict[str, Money] = {}
    out = []
    for month in _months(min(with_lines), max(with_lines)):
        month_owed = owed.get(month, zero)
        payable, month_cap, rolling, notes = _capped(contract, month, month_owed, charge, paid)
        paid[month] = payable = payable.rounded()
        if month in with_lines:
            out.append(
                MonthlyCredit(
                    month=month,
                    charge=charge(month),
                    owed=month_owed,
                    monthly_cap=month_cap,
                    rolling_cap=rolling,
                    payable=payable,
                    explanation="; ".join(notes) or "no cap reached",
                )
            )
    return tuple(out)


def _window(month: str, first: str) -> list[str]:
    """The 12 months ending with ``month``, from the contract's first month at the earliest."""
    year, number = (int(x) for x in month.split("-"))
    labels = []
    for back in range(11, -1, -1):
        total = year * 12 + number - 1 - back
        label = f"{total // 12}-{total % 12 + 1:02d}"
        if label >= first:
            labels.append(label)
    return labels
