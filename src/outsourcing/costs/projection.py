"""Cost projection: a scenario's cost, line by line and month by month, in exact `Decimal`.

`project_costs` lists the scenario's cost lines (`cost_basis`) and evaluates them with the
conventions of `CostAssumptions`: months derived from the anchor, proration by days, factors to
six decimals, money rounded half-up once per invoice line and month (in the line's currency),
then converted into the reporting currency and rounded half-up again. Totals are sums of the
rounded lines, so they add up to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from outsourcing.costs.assumptions import CostAssumptions
from outsourcing.costs.factors import MonthlyFactors, monthly_factors, quantize
from outsourcing.costs.fees import billed_quantity
from outsourcing.costs.horizon import Month
from outsourcing.costs.lines import (
    CostBasis,
    CostGroup,
    Exclusion,
    Factor,
    LineLabel,
    MeteredCost,
    MinimumTrueUp,
    OneOffCharge,
    ScaledCost,
    ServiceCreditLine,
    cost_basis,
)
from outsourcing.costs.tables import require_pandas
from outsourcing.decimals import computing
from outsourcing.model.contract import Contract
from outsourcing.model.money import Money, minor_units
from outsourcing.model.pricing import tiered_charge
from outsourcing.model.process import Process

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CostLine", "CostProjection", "project_costs"]


@attrs.frozen
class CostLine:
    """One cost line of a projection, in the reporting currency, month by month.

    Attributes:
        label: Group, category and name of the line.
        currency: Reporting currency of ``amounts``.
        source_currency: Currency the cost is incurred in.
        fx_rate: Units of ``currency`` per unit of ``source_currency`` used to convert (the
            first month's, when the rate follows a path: `CostAssumptions.fx_paths`).
        amounts: Amount of each month, rounded to the currency's minor unit (negative for
            service credits).
    """

    label: LineLabel
    currency: str
    source_currency: str
    fx_rate: Decimal
    amounts: tuple[Decimal, ...]

    def amount(self, month: int) -> Money:
        """The amount of month ``month`` (from 0)."""
        return Money(self.amounts[month], self.currency)

    @property
    def total(self) -> Money:
        """Sum over the horizon."""
        return Money(sum(self.amounts, Decimal(0)), self.currency)


@attrs.frozen
class CostProjection:
    """What a scenario costs, month by month, line by line.

    Attributes:
        currency: Reporting currency.
        months: The projected months.
        lines: Cost lines, sorted by group, category and name (declaration order is irrelevant).
        totals: Total of each month: the sum of the lines, to the cent.
        excluded: Inputs that yield no line, with the reason.
        assumptions: The assumptions projected.
    """

    currency: str
    months: tuple[Month, ...]
    lines: tuple[CostLine, ...]
    totals: tuple[Money, ...]
    excluded: tuple[Exclusion, ...]
    assumptions: CostAssumptions

    @property
    def total(self) -> Money:
        """Cost over the whole horizon."""
        return Money(sum((t.amount for t in self.totals), Decimal(0)), self.currency)

    def group_totals(self, group: CostGroup) -> tuple[Money, ...]:
        """Monthly totals of one group of lines (in house, fees or hidden costs)."""
        return tuple(
            Money(
                sum(
                    (line.amounts[i] for line in self.lines if line.label.group is group),
                    Decimal(0),
                ),
                self.currency,
            )
            for i in range(len(self.months))
        )

    def _repr_html_(self) -> str:
        """The result as HTML, for notebooks (needs babel, a runtime dependency)."""
        from outsourcing.notebook import result_html  # noqa: PLC0415 - on use

        return result_html(self)

    def to_pandas(self) -> pd.DataFrame:
        """A DataFrame: a row per month, a column per line plus ``total`` (`Decimal` amounts).

        The index is each month's first day. Needs pandas (the ``notebook`` extra).
        """
        pandas = require_pandas()
        index = pandas.Index([m.start for m in self.months], name="month")
        columns = {str(line.label): list(line.amounts) for line in self.lines}
        columns["total"] = [t.amount for t in self.totals]
        frame: pd.DataFrame = pandas.DataFrame(columns, index=index)
        return frame


def _charged(
    item: ScaledCost | MeteredCost | OneOffCharge,
    months: tuple[Month, ...],
    factors: MonthlyFactors,
) -> list[Decimal]:
    """Monthly amounts of a line that depends on no other line, rounded to its minor unit."""
    places = minor_units(item.currency)
    amounts = [quantize(Decimal(0), places)] * len(months)
    match item:
        case ScaledCost():
            values = factors[item.factor]
            for m, days in zip(months, item.days, strict=True):
                if days:
                    share = item.amount * values[m.index] * days / (item.divisor * m.days)
                    amounts[m.index] = quantize(share, places)
        case MeteredCost():
            demand, index = factors["demand"], factors[Factor.INDEX]
            for m, days in zip(months, item.days, strict=True):
                if days:
                    billed = billed_quantity(
                        item.quantity, demand[m.index], days, m.days, item.places
                    )
                    charge = tiered_charge(item.tiers, item.tiering, billed)
                    amounts[m.index] = quantize(charge * index[m.index], places)
        case OneOffCharge():
            amounts[item.month] = quantize(item.amount, places)
    return amounts


def _evaluate(
    basis: CostBasis, factors: MonthlyFactors
) -> list[tuple[LineLabel, str, list[Decimal]]]:
    """Every line's monthly amounts in its own currency, rounded to its minor unit.

    Minimum true-ups and service credits come last: they depend on the recurring fees.
    """
    months = basis.months
    count = len(months)
    out: list[tuple[LineLabel, str, list[Decimal]]] = []
    recurring: dict[str, list[Decimal]] = {}
    deferred: list[MinimumTrueUp | ServiceCreditLine] = []
    for item in basis.items:
        if isinstance(item, MinimumTrueUp | ServiceCreditLine):
            deferred.append(item)
            continue
        amounts = _charged(item, months, factors)
        if isinstance(item, MeteredCost) or (isinstance(item, ScaledCost) and item.recurring_fee):
            fees = recurring.setdefault(item.currency, [Decimal(0)] * count)
            recurring[item.currency] = [a + b for a, b in zip(fees, amounts, strict=True)]
        out.append((item.label, item.currency, amounts))
    for item in deferred:
        fees = recurring.get(item.currency, [Decimal(0)] * count)
        places = minor_units(item.currency)
        if isinstance(item, ServiceCreditLine):
            deducted = [-quantize(fee * item.rate / 100, places) for fee in fees]
            out.append((item.label, item.currency, deducted))
        else:
            out.append((item.label, item.currency, _true_up(item, months, factors, fees, places)))
    return out


def _true_up(
    item: MinimumTrueUp,
    months: tuple[Month, ...],
    factors: MonthlyFactors,
    fees: list[Decimal],
    places: int,
) -> list[Decimal]:
    index = factors[Factor.INDEX]
    amounts = [quantize(Decimal(0), places)] * len(months)
    active = [m for m, days in zip(months, item.days, strict=True) if days]
    for first in range(0, len(active), item.period_months):
        period = active[first : first + item.period_months]
        minimum = sum(
            (
                quantize(
                    item.monthly_minimum * index[m.index] * item.days[m.index] / m.days, places
                )
                for m in period
            ),
            Decimal(0),
        )
        billed = sum((fees[m.index] for m in period), Decimal(0))
        # no shortfall is billed as 0: never the first month's shortfall again
        amounts[period[-1].index] = max(quantize(Decimal(0), places), minimum - billed)
    return amounts


_TOO_LARGE = (
    "the amounts, with the growth, inflation and indexation assumed over the horizon, are too "
    "large to compute exactly"
)


def project_costs(
    processes: Process | Iterable[Process],
    contract: Contract | None = None,
    *,
    assumptions: CostAssumptions,
) -> CostProjection:
    """Project what a scenario costs, month by month, in the reporting currency.

    Args:
        processes: The processes concerned; their ``in_house`` cost basis gives the in-house
            lines (salaries, overheads, rent and equipment, recruitment and training for
            turnover).
        contract: None to keep the work in house; otherwise the outsourcing contract, whose
            pricing lines, indexation or price revision clause (on
            ``assumptions.index_series``), service-credit regime, one-off and recurring costs and
            reversibility plan give the other lines.
        assumptions: Horizon, growth, FX and the other assumptions, with their conventions.

    Returns:
        The projection; inputs that yield no line are in ``excluded`` with the reason.

    Raises:
        InvalidValueError: A line's currency has no exchange rate in the assumptions, or the
            assumptions make factors or amounts too large to compute exactly (the message
            names the assumption).
    """
    basis = cost_basis(processes, contract, assumptions)
    factors = monthly_factors(basis, assumptions)
    reporting = assumptions.currency
    places = minor_units(reporting)
    count = len(basis.months)
    lines: list[CostLine] = []
    with computing("project_costs", f"{count} months", _TOO_LARGE):
        for label, currency, amounts in _evaluate(basis, factors):
            rate = assumptions.fx_rate(currency)
            if currency == reporting:
                converted = tuple(amounts)
            elif currency in assumptions.fx_paths:
                converted = tuple(
                    quantize(a * assumptions.fx_rate_at(currency, i), places)
                    for i, a in enumerate(amounts)
                )
            else:
                converted = tuple(quantize(a * rate, places) for a in amounts)
            lines.append(CostLine(label, reporting, currency, rate, converted))
        lines.sort(key=lambda line: (line.label, line.source_currency, line.amounts))
        totals = tuple(
            Money(sum((line.amounts[i] for line in lines), Decimal(0)), reporting)
            for i in range(count)
        )
    return CostProjection(
        reporting, basis.months, tuple(lines), totals, basis.excluded, assumptions
    )
