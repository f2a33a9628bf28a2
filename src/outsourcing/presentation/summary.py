"""A plain-text summary of a portfolio: the client, what is outsourced to whom, on what terms.

Presentation only: it reads the model and computes nothing a report would rely on (costs,
service levels and findings come from their own functions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import assert_never

from outsourcing.model.contract import Contract, Renewal
from outsourcing.model.money import Money, PercentChange
from outsourcing.model.portfolio import Portfolio
from outsourcing.model.pricing import (
    Charge,
    FixedFee,
    HourlyRate,
    Metered,
    Milestones,
    MinimumCommitment,
    MonthlyAmount,
    MonthlyMinimum,
    OneOff,
    PerUnit,
    Pricing,
    PricingLine,
    RateCard,
)
from outsourcing.model.sla import SLA
from outsourcing.model.span import Span

__all__ = ["portfolio_summary"]

_INDENT = "  "


def portfolio_summary(portfolio: Portfolio) -> str:
    """Describe a portfolio in plain text, one section per processes, providers and contracts.

    Args:
        portfolio: The portfolio to describe.

    Returns:
        Lines of text ending with a newline, readable in a terminal.
    """
    return "\n".join(_portfolio_lines(portfolio)) + "\n"


def _portfolio_lines(portfolio: Portfolio) -> Iterator[str]:
    client = portfolio.client
    yield f"{client.name} ({client.country}, reports in {client.currency}, {client.phase} phase)"
    details = [client.sector, f"{client.employees} employees" if client.employees else ""]
    if any(details):
        yield ", ".join(d for d in details if d)
    yield ""
    yield f"Processes ({len(portfolio.processes)})"
    for process in portfolio.processes:
        in_house = f", {_number(process.in_house.ftes)} FTE in house" if process.in_house else ""
        yield (
            f"{_INDENT}{process.name} [{process.id}]: {_words(process.function)}, "
            f"{process.monthly_volume} a month{in_house}"
        )
    yield ""
    yield f"Providers ({len(portfolio.providers)})"
    for provider in portfolio.providers:
        yield (
            f"{_INDENT}{provider.name} [{provider.id}]: {provider.country}, {provider.timezone}, "
            f"bills in {provider.billing_currency}"
        )
    yield ""
    yield f"Contracts ({len(portfolio.contracts)})"
    for contract in portfolio.contracts:
        yield from _contract_lines(portfolio, contract)


def _contract_lines(portfolio: Portfolio, contract: Contract) -> Iterator[str]:
    provider = portfolio.provider(contract.provider_id)
    processes = ", ".join(portfolio.process(pid).name for pid in contract.process_ids)
    yield f"{_INDENT}{contract.title} [{contract.id}]"
    yield from _labelled("provider", [f"{provider.name} ({provider.country})"])
    yield from _labelled("processes", [processes or "none listed"])
    yield from _labelled("term", [_term(contract)])
    yield from _labelled("fees", [_pricing(line) for line in contract.pricing] or ["none listed"])
    if contract.indexation is not None:
        index = contract.indexation
        limits = _limits(index.floor, index.cap)
        yield from _labelled(
            "indexation", [f"{index.index}, expected {index.expected_rate}{limits}"]
        )
    if contract.price_revision is not None:
        clause = contract.price_revision
        indices = ", ".join(weight.index for weight in clause.indices)
        yield from _labelled("revision", [f"on {indices}{_limits(clause.floor, clause.cap)}"])
    yield from _labelled("SLAs", [_sla(sla) for sla in contract.slas] or ["none"])
    yield from _labelled(
        "KPIs",
        [f"{kpi.name}: target {_number(kpi.target)} {kpi.unit}" for kpi in contract.kpis]
        or ["none"],
    )


def _limits(floor: PercentChange | None, cap: PercentChange | None) -> str:
    """``, floor -2 %, capped at +3 %``: the bounds a clause states on a price change."""
    stated = ([] if floor is None else [f"floor {floor}"]) + (
        [] if cap is None else [f"capped at {cap}"]
    )
    return "".join(f", {text}" for text in stated)


def _labelled(label: str, values: Iterable[str]) -> Iterator[str]:
    """The first value after the label, the next ones aligned under it."""
    prefix = f"{_INDENT * 2}{label:<11}"
    for i, value in enumerate(values):
        yield (prefix if i == 0 else " " * len(prefix)) + value


def _term(contract: Contract) -> str:
    term = contract.term
    if term.end is None:
        text = f"from {term.start.isoformat()}, open-ended"
    else:
        text = f"{term.start.isoformat()} to {term.end.isoformat()}"
    if term.renewal is not Renewal.NONE:
        every = f" every {_span(term.renewal_period)}" if term.renewal_period else ""
        text += f", {term.renewal} renewal{every}"
    return f"{text}, notice {_span(term.notice_period)}"


def _pricing(line: Pricing | PricingLine) -> str:  # noqa: PLR0911 - one return per kind
    match line:
        case FixedFee():
            return f"{line.name}: {_money(line.monthly_fee)} a month"
        case HourlyRate():
            return (
                f"{line.name}: {_money(line.rate)} an hour, "
                f"{_number(line.hours_per_month)} h a month expected"
            )
        case RateCard():
            roles = ", ".join(
                f"{_number(r.ftes)} {r.role} at {_money(r.monthly_rate)}" for r in line.lines
            )
            return f"{line.name}: {roles} a month"
        case PerUnit():
            tiers = ", then ".join(
                f"{_money(t.unit_price)}" + (f" up to {t.up_to}" if t.up_to is not None else "")
                for t in line.tiers
            )
            return (
                f"{line.name}: per {line.unit}, {line.tiering} tiers {tiers}; "
                f"{line.monthly_volume} a month expected"
            )
        case Milestones():
            dues = ", ".join(f"{_money(m.amount)} on {m.due.isoformat()}" for m in line.milestones)
            return f"{line.name}: {dues}"
        case MinimumCommitment():
            return (
                f"{line.name}: at least {_money(line.monthly_minimum)} a month, "
                f"trued up {line.true_up}"
            )
        case _:  # a registered kind: what it charges
            return f"{line.name}: {line.KIND}, " + "; ".join(_charge(c) for c in line.charges())


def _charge(charge: Charge) -> str:
    match charge:
        case MonthlyAmount():
            return f"{_money(charge.amount)} a month"
        case Metered():
            return f"{_number(charge.quantity)} a month, tiered"
        case OneOff():
            return f"{_money(charge.amount)} on {charge.due.isoformat()}"
        case MonthlyMinimum():
            return f"at least {_money(charge.minimum)} a month"
        case _:
            assert_never(charge)


def _sla(sla: SLA) -> str:
    measure = f"{sla.objective} {_words(sla.metric)}"
    if sla.target is not None:
        measure += f" within {_duration(sla.target)}"
        if sla.calendar is not None:
            measure += f" of {sla.calendar} business time"
    tiers = len(sla.credit_tiers)
    if tiers:
        measure += f", {tiers} credit tier{'s' if tiers > 1 else ''}"
    return f"{sla.name}: {measure}"


def _money(money: Money) -> str:
    """``2,950.00 EUR``: rounded to the currency's minor unit, thousands separated."""
    return f"{money.rounded().amount:,.{money.minor_units}f} {money.currency}"


def _words(name: str) -> str:
    """An enum value as words (``customer_service`` → ``customer service``)."""
    return name.replace("_", " ")


def _number(value: Decimal) -> str:
    """A decimal without a trailing exponent or useless zeros (``2``, ``0.5``, ``14.50``)."""
    if value == value.to_integral_value():
        return f"{value.to_integral_value():f}"
    return f"{value:f}"


def _span(span: Span) -> str:
    """``1 year``, ``6 months``, ``1 year 6 months``, ``30 days``."""
    parts = [
        f"{count} {unit}{'s' if count > 1 else ''}"
        for count, unit in ((span.years, "year"), (span.months, "month"), (span.days, "day"))
        if count
    ]
    return " ".join(parts) or "0 days"


def _duration(value: dt.timedelta) -> str:
    """``4 h``, ``1 h 30 min``, ``36 h``: hours and minutes, readable against business hours."""
    minutes = int(value.total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
    return " ".join(p for p in parts if p) or f"{int(value.total_seconds())} s"
