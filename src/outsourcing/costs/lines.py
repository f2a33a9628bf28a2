"""The cost lines of a scenario, before any arithmetic: what is charged, when, and how it scales.

`cost_basis` reads processes, a contract and the assumptions, and lists every cost line with the
days it is active in each month and the factor it follows. Both engines evaluate the same basis:
`project_costs` in `Decimal`, `simulate_costs` in integer cents over many runs at once.
Inputs that yield no line (a milestone outside the horizon, a process without an in-house cost
basis) are listed as `Exclusion` with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum

import attrs
import pendulum

from outsourcing.costs.assumptions import CostAssumptions
from outsourcing.costs.horizon import (
    Month,
    active_days,
    anniversaries,
    month_containing,
    months_from,
)
from outsourcing.costs.index_revision import IndexRevision, index_revision
from outsourcing.model.contract import Contract, Renewal
from outsourcing.model.money import Money
from outsourcing.model.pricing import (
    Metered,
    MonthlyAmount,
    MonthlyMinimum,
    OneOff,
    PricingLine,
    Tiering,
    TrueUp,
)
from outsourcing.model.process import InHouseCost, Process
from outsourcing.model.reason import Reason
from outsourcing.review.lifecycle import key_dates

__all__ = [
    "CostBasis",
    "CostGroup",
    "CostItem",
    "Exclusion",
    "Factor",
    "LineLabel",
    "MeteredCost",
    "MinimumTrueUp",
    "OneOffCharge",
    "ScaledCost",
    "ServiceCreditLine",
    "cost_basis",
]


class CostGroup(StrEnum):
    """The three families of cost lines."""

    IN_HOUSE = "in_house"
    FEES = "fees"
    HIDDEN = "hidden"


class Factor(StrEnum):
    """What a scaled cost follows over time.

    ``one``: nothing; ``index``: the contract's indexation, or its price revision clause (which
    revises the price itself, `outsourcing.costs.monthly_prices`);
    ``staff``: in-house headcount (volume growth, if in-house staffing scales with volume);
    ``people``: headcount × wage inflation;
    ``wage``: wage inflation alone (retained organisation, governance); ``overheads``: the
    stated overheads inflation; ``rent``: headcount × overheads inflation (rent and equipment).
    """

    ONE = "one"
    INDEX = "index"
    STAFF = "staff"
    PEOPLE = "people"
    WAGE = "wage"
    OVERHEADS = "overheads"
    RENT = "rent"


@attrs.frozen(order=True)
class LineLabel:
    """Where a cost line belongs.

    Attributes:
        group: In house, fees, or hidden costs.
        category: In-house item (``salaries``…), pricing kind (``per_unit``…,
            ``service_credits``) or hidden-cost category (``transition``…, ``parallel_run``).
        name: Line name, prefixed by the process or contract id.
    """

    group: CostGroup
    category: str
    name: str

    def __str__(self) -> str:
        return f"{self.group}/{self.category}/{self.name}"


@attrs.frozen
class Exclusion:
    """An input that yields no cost line, and why.

    Attributes:
        item: What was left out.
        reason: Why, in English.
        cause: What was left out and why, as data, for reports in any language.
    """

    item: str
    reason: str
    cause: Reason | None = None


@attrs.frozen
class ScaledCost:
    """``amount × units / divisor`` a month, times a factor, prorated by active days.

    Attributes:
        label: The line.
        currency: Its currency.
        amount: Amount before division (e.g. FTEs × annual salary).
        divisor: 12 for annual amounts, 1 for monthly ones.
        factor: What it follows over time.
        days: Active days in each month.
        recurring_fee: Whether it counts as a recurring fee (for minimums and credits).
        units: How many ``amount`` a month is: a rate card's FTEs, ``amount`` being the
            rate per FTE that a price revision clause revises (1 otherwise).
    """

    label: LineLabel
    currency: str
    amount: Decimal
    divisor: int
    factor: Factor
    days: tuple[int, ...]
    recurring_fee: bool = False
    units: Decimal = Decimal(1)


@attrs.frozen
class MeteredCost:
    """A quantity (hours, units) that follows demand, priced by tiers and indexed.

    Attributes:
        label: The line.
        currency: Its currency.
        quantity: Quantity per month at baseline.
        places: Decimal places the quantity is billed to (hours: 2, units: 0).
        tiers: ``(last quantity of the tier or None, unit price)`` in increasing order.
        tiering: Graduated or volume pricing.
        days: Active days in each month.
    """

    label: LineLabel
    currency: str
    quantity: Decimal
    places: int
    tiers: tuple[tuple[int | None, Decimal], ...]
    tiering: Tiering
    days: tuple[int, ...]


@attrs.frozen
class OneOffCharge:
    """An amount due once, in one month, neither prorated nor indexed.

    Attributes:
        label: The line.
        currency: Its currency.
        month: Index of the month it is due in.
        amount: The amount.
    """

    label: LineLabel
    currency: str
    month: int
    amount: Decimal


@attrs.frozen
class MinimumTrueUp:
    """The shortfall of recurring fees against a minimum, billed at the end of each true-up.

    Each month's minimum is ``monthly_minimum`` indexed and prorated like a fixed fee, rounded;
    true-up periods of ``period_months`` active months run from go-live; the shortfall of a
    period is billed in its last month (or in the last projected month if the horizon cuts it).

    Attributes:
        label: The line.
        currency: Its currency (the contract's).
        monthly_minimum: Minimum spend per month.
        period_months: 1, 3 or 12.
        days: Active days in each month.
    """

    label: LineLabel
    currency: str
    monthly_minimum: Decimal
    period_months: int
    days: tuple[int, ...]


@attrs.frozen
class ServiceCreditLine:
    """Credits expected: ``rate`` percent of each month's recurring fees, deducted.

    Attributes:
        label: The line.
        currency: Its currency (the contract's).
        rate: Percent of recurring fees credited (already capped by the contract).
    """

    label: LineLabel
    currency: str
    rate: Decimal


CostItem = ScaledCost | MeteredCost | OneOffCharge | MinimumTrueUp | ServiceCreditLine
"""Every kind of cost line."""


@attrs.frozen
class CostBasis:
    """Every cost line of a scenario, with what the engines need to evaluate it.

    Attributes:
        months: The projected months.
        items: The cost lines.
        index_years: Anniversaries of the contract's term start passed by each month's start.
        index_rate: Assumed yearly indexation in percent (None: prices are not indexed).
        index_cap: Highest yearly indexation in percent (None: no cap).
        index_floor: Lowest yearly indexation in percent (None: no floor).
        excluded: Inputs that yield no line, with the reason.
        revision: The contract's price revision clause with its series and dates, when it
            has one: each price is then revised as invoiced (`revised_prices`;
            ``index_years`` counts the revisions passed by each month's start, ``index_rate``
            is the expected yearly index change past the last published month, None: not
            stated).
    """

    months: tuple[Month, ...]
    items: tuple[CostItem, ...]
    index_years: tuple[int, ...]
    index_rate: Decimal | None
    index_cap: Decimal | None
    index_floor: Decimal | None
    excluded: tuple[Exclusion, ...]
    revision: IndexRevision | None = None


_TRUE_UP_MONTHS = {TrueUp.MONTHLY: 1, TrueUp.QUARTERLY: 3, TrueUp.ANNUAL: 12}


def _window(
    months: tuple[Month, ...], since: pendulum.Date | None, until: pendulum.Date | None
) -> tuple[int, ...]:
    return tuple(active_days(m, since, until) for m in months)


def _in_house_items(
    process: Process,
    cost: InHouseCost,
    days: tuple[int, ...],
    group: CostGroup,
    prefix: str,
) -> list[ScaledCost]:
    turnover = cost.annual_turnover.value
    candidates = [
        ("salaries", cost.ftes * cost.loaded_salary.amount, 12, Factor.PEOPLE),
        ("overheads", cost.overheads.amount, 12, Factor.OVERHEADS),
        ("rent_and_equipment", cost.ftes * cost.rent_and_equipment.amount, 12, Factor.RENT),
        (
            "recruitment",
            cost.ftes * turnover * cost.recruitment_per_hire.amount,
            1200,
            Factor.PEOPLE,
        ),
        ("training", cost.ftes * turnover * cost.training_per_hire.amount, 1200, Factor.PEOPLE),
    ]
    items = []
    for item, amount, divisor, factor in candidates:
        if amount == 0 or not any(days):
            continue
        category = item if group is CostGroup.IN_HOUSE else "parallel_run"
        name = f"{prefix}{process.id}: {item.replace('_', ' ')}"
        items.append(
            ScaledCost(
                LineLabel(group, category, name), cost.currency, amount, divisor, factor, days
            )
        )
    return items


def _project_items(
    processes: tuple[Process, ...], months: tuple[Month, ...], excluded: list[Exclusion]
) -> list[CostItem]:
    """The one-off projects the team would run itself, in the in-house scenario."""
    items: list[CostItem] = []
    for process in processes:
        if process.in_house is None:
            continue
        for project in process.in_house.projects:
            label = LineLabel(CostGroup.IN_HOUSE, "project", f"{process.id}: {project.name}")
            items += _one_off(months, label, project.amount, project.due, excluded)
    return items


def _process_list(processes: Process | Iterable[Process]) -> tuple[Process, ...]:
    return (processes,) if isinstance(processes, Process) else tuple(processes)


def cost_basis(
    processes: Process | Iterable[Process],
    contract: Contract | None,
    assumptions: CostAssumptions,
) -> CostBasis:
    """List the cost lines of keeping ``processes`` in house, or of outsourcing them.

    Without a contract the processes stay in house for the whole horizon, with the one-off
    projects the team would run itself (`InHouseCost.projects`). With one, in-house
    costs run until go-live (the term start plus the assumed transition delay) and during the
    assumed parallel run; fees and recurring costs run from go-live and from the term start
    until the contract is left (`exit_date`, `fees_end`); one-off costs fall in the month they
    are due (the term start when undated) and the exit cost of the reversibility plan in the
    month of the exit. After the exit the work is back in house: the processes' in-house costs
    run again from the day after it to the end of the projection, so a horizon longer than the
    contract never shows months in which the work costs nothing.

    Args:
        processes: The processes concerned (their in-house cost basis).
        contract: The outsourcing contract, or None to keep the work in house.
        assumptions: The scenario's assumptions.

    Returns:
        The cost basis, with exclusions for inputs that yield no line.
    """
    months = months_from(assumptions.start, assumptions.months)
    excluded: list[Exclusion] = []
    items: list[CostItem] = []
    go_live = (
        None
        if contract is None
        else contract.term.start.add(months=assumptions.transition_delay_months)
    )
    in_house_days = _window(months, None, go_live)
    if contract is not None and go_live is not None:
        # Once the contract is left the work is back in house: the in-house cost basis runs
        # again from the day after the exit (the reversibility the plan prices).
        left = fees_end(contract, assumptions)
        if left is not None:
            back = _window(months, max(left, go_live), None)
            in_house_days = tuple(a + b for a, b in zip(in_house_days, back, strict=True))
    parallel_days = (
        _window(months, go_live, go_live.add(months=assumptions.parallel_run_months))
        if go_live is not None and assumptions.parallel_run_months
        else None
    )
    for process in _process_list(processes):
        if process.in_house is None:
            cause = Reason.of("cost.no_in_house_basis", process=process.id)
            excluded.append(Exclusion(f"process {process.id}", "no in-house cost basis", cause))
            continue
        items += _in_house_items(process, process.in_house, in_house_days, CostGroup.IN_HOUSE, "")
        if parallel_days is not None:
            items += _in_house_items(
                process, process.in_house, parallel_days, CostGroup.HIDDEN, "parallel run: "
            )
    if contract is None or go_live is None:
        items += _project_items(_process_list(processes), months, excluded)
        return CostBasis(
            months, tuple(items), (0,) * len(months), None, None, None, tuple(excluded)
        )
    items += _contract_items(contract, assumptions, months, go_live, excluded)
    indexation = contract.indexation
    index_rate = (
        assumptions.indexation_rate
        if assumptions.indexation_rate is not None or indexation is None
        else indexation.expected_rate.value
    )
    if (clause := contract.price_revision) is not None:
        revision = index_revision(
            contract.id, clause, assumptions.index_series, contract.term.start, assumptions.end
        )
        return _revised_basis(contract, revision, months, tuple(items), index_rate, excluded)
    return CostBasis(
        months,
        tuple(items),
        tuple(anniversaries(contract.term.start, m.start) for m in months),
        None if indexation is None else index_rate,
        None if indexation is None or indexation.cap is None else indexation.cap.value,
        None if indexation is None or indexation.floor is None else indexation.floor.value,
        tuple(excluded),
    )


def _revised_basis(  # noqa: PLR0917 - private, called once with every argument named by position
    contract: Contract,
    revision: IndexRevision,
    months: tuple[Month, ...],
    items: tuple[CostItem, ...],
    index_rate: Decimal | None,
    excluded: list[Exclusion],
) -> CostBasis:
    """The basis of a contract whose prices follow its price revision clause.

    The clause wins over an indexation the contract also states: the indexation is listed as
    not applied, with the reason.
    """
    if contract.indexation is not None:
        cause = Reason.of("cost.indexation_superseded", contract=contract.id)
        reason = "indexation not applied: the price revision clause revises the prices"
        excluded.append(Exclusion(f"{contract.id}: indexation", reason, cause))
    passed = tuple(sum(1 for day in revision.dates if day <= m.start) for m in months)
    return CostBasis(months, items, passed, index_rate, None, None, tuple(excluded), revision)


def _one_off(
    months: tuple[Month, ...],
    label: LineLabel,
    money: Money,
    due: pendulum.Date,
    excluded: list[Exclusion],
) -> list[CostItem]:
    month = month_containing(months, due)
    if month is None:
        cause = Reason.of("cost.due_outside", item=label.name, due=due)
        excluded.append(Exclusion(label.name, f"due {due}, outside the projected months", cause))
        return []
    return [OneOffCharge(label, money.currency, month, money.amount)]


def _pricing_items(
    contract: Contract,
    line: PricingLine,
    months: tuple[Month, ...],
    fee_days: tuple[int, ...],
    excluded: list[Exclusion],
) -> list[CostItem]:
    """The cost lines of one pricing line of the contract, from what it charges."""
    name = f"{contract.id}: {line.name}"
    currency = contract.currency
    items: list[CostItem] = []
    for charge in line.charges():
        part = getattr(charge, "part", "")
        label = LineLabel(CostGroup.FEES, line.KIND, f"{name} / {part}" if part else name)
        match charge:
            case MonthlyAmount():
                price, units = (
                    (charge.amount, Decimal(1))
                    if charge.unit_price is None
                    else (charge.unit_price, charge.units)
                )
                items.append(
                    ScaledCost(
                        label,
                        currency,
                        price.amount,
                        1,
                        Factor.INDEX,
                        fee_days,
                        recurring_fee=True,
                        units=units,
                    )
                )
            case Metered():
                items.append(
                    MeteredCost(
                        label,
                        currency,
                        charge.quantity,
                        charge.places,
                        charge.tiers,
                        charge.tiering,
                        fee_days,
                    )
                )
            case OneOff():
                items += _one_off(months, label, charge.amount, charge.due, excluded)
            case MonthlyMinimum():
                period = _TRUE_UP_MONTHS[charge.true_up]
                items.append(
                    MinimumTrueUp(label, currency, charge.minimum.amount, period, fee_days)
                )
    return items


def _credit_items(
    contract: Contract, assumptions: CostAssumptions, excluded: list[Exclusion]
) -> list[CostItem]:
    """The expected service credits, held to the contract's monthly cap."""
    if not assumptions.service_credit_rate:
        return []
    name = f"{contract.id}: service credits"
    regime = contract.service_credits
    if regime is None:
        reason = "assumed service credits ignored: the contract has no service-credit regime"
        excluded.append(
            Exclusion(name, reason, Reason.of("cost.no_credit_regime", contract=contract.id))
        )
        return []
    rate = min(assumptions.service_credit_rate, regime.monthly_cap.value)
    label = LineLabel(CostGroup.FEES, "service_credits", name)
    return [ServiceCreditLine(label, contract.currency, rate)]


def _hidden_items(
    contract: Contract,
    assumptions: CostAssumptions,
    months: tuple[Month, ...],
    term_end: pendulum.Date | None,
    excluded: list[Exclusion],
) -> list[CostItem]:
    """One-off and recurring costs of the contract, and the exit cost of its plan."""
    hidden = CostGroup.HIDDEN
    items: list[CostItem] = []
    for cost in contract.one_off_costs:
        name = f"{contract.id}: {cost.description or cost.category}"
        due = cost.due if cost.due is not None else contract.term.start
        items += _one_off(
            months, LineLabel(hidden, cost.category.value, name), cost.amount, due, excluded
        )
    recurring_days = _window(months, contract.term.start, term_end)
    for recurring in contract.recurring_costs:
        name = f"{contract.id}: {recurring.description or recurring.category}"
        monthly = recurring.monthly
        items.append(
            ScaledCost(
                LineLabel(hidden, recurring.category.value, name),
                monthly.currency,
                monthly.amount,
                1,
                Factor.WAGE,
                recurring_days,
            )
        )
    plan = contract.reversibility
    if plan is not None and plan.exit_cost is not None:
        exit_on, how = exit_date(contract, assumptions)
        if exit_on is None:
            name = f"{contract.id}: exit (reversibility plan)"
            cause = Reason.of("cost.no_exit", item=name)
            excluded.append(
                Exclusion(name, "no exit: the contract runs on, renewals agreed", cause)
            )
            return items
        label = LineLabel(
            hidden, "exit", f"{contract.id}: exit on {exit_on}, {how} (reversibility plan)"
        )
        items += _one_off(months, label, plan.exit_cost, exit_on, excluded)
    return items


def _natural_end(contract: Contract, assumptions: CostAssumptions) -> pendulum.Date | None:
    """The last day of the contract without any step by the client (None: it runs on).

    Its own dates (`key_dates` on the projection's start) decide: a fixed term ends with it, a
    tacit renewal runs on up to its maximum number of renewals, a notice served ends it; an
    explicit renewal runs on when the assumptions say renewals are agreed.
    """
    if contract.term.renewal is Renewal.EXPLICIT and assumptions.renewals_agreed:
        return None
    return key_dates(contract, assumptions.start).ends_on


def exit_date(contract: Contract, assumptions: CostAssumptions) -> tuple[pendulum.Date | None, str]:
    """The last day of service, when the exit cost falls, and how it was chosen.

    The assumptions' ``exit_date`` when stated. Otherwise, when renewals are agreed, the
    contract's own end (None: it runs on past any date, so there is no exit to book). Otherwise
    the first day the contract can end given notice served at the projection's start
    (`key_dates`' ``earliest_end``): the end of a fixed term or of the current tacit term. An
    open-ended term has no such end: it runs until notice is served, so it is left on the last
    projected day (or on the day a notice already served ends it).
    """
    if assumptions.exit_date is not None:
        return assumptions.exit_date, "the stated exit date"
    if assumptions.renewals_agreed:
        end = _natural_end(contract, assumptions)
        return end, "the end of the contract, renewals agreed"
    dates = key_dates(contract, assumptions.start)
    if contract.term.end is None and dates.ends_on is None:
        last = assumptions.end.subtract(days=1)
        return last, "the last projected day of an open-ended contract"
    return (
        dates.earliest_end,
        f"the first day the contract can end given notice on {assumptions.start}",
    )


def fees_end(contract: Contract, assumptions: CostAssumptions) -> pendulum.Date | None:
    """The first day no fee is due: the day after the exit, or after the contract's own end.

    The contract is left on its exit date (`exit_date`): its fees, and the costs the client
    keeps for it, stop there rather than run on after the exit cost is paid. With renewals
    agreed and no exit date stated, they run through the renewals. None: fees run to the end
    of the projection.
    """
    ends = (exit_date(contract, assumptions)[0], _natural_end(contract, assumptions))
    known = [d for d in ends if d is not None]
    return min(known).add(days=1) if known else None


def _contract_items(
    contract: Contract,
    assumptions: CostAssumptions,
    months: tuple[Month, ...],
    go_live: pendulum.Date,
    excluded: list[Exclusion],
) -> list[CostItem]:
    # The contract costs until it is left (`exit_date`), or through its renewals if agreed.
    term_end = fees_end(contract, assumptions)
    fee_days = _window(months, go_live, term_end)
    items: list[CostItem] = []
    for line in contract.pricing:
        items += _pricing_items(contract, line, months, fee_days, excluded)
    items += _credit_items(contract, assumptions, excluded)
    items += _hidden_items(contract, assumptions, months, term_end, excluded)
    return items
