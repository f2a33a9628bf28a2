"""Late-delivery penalties for deliverables and milestones (after the Accord Project template).

For each late item: the delay runs from the due date to the delivery date (or to ``as_of`` when
it has not been delivered yet); days of force majeure are taken off when the contract says force
majeure exempts; the delay is counted in the contract's delay periods (``P1D``, ``P7D``,
``P1M``), part-periods per the explicit `FractionalDelay` policy:

- ``round_up``: a started period counts in full (3 days late, weekly rate: 1 week);
- ``round_down``: only complete periods count (3 days late, weekly rate: nothing);
- ``prorate``: the exact fraction (3 days late, weekly rate: 3/7 of a week).

The penalty is ``rate × periods`` of the item's value, capped at ``cap`` % of it. A delay beyond
``terminate_after`` (strictly longer) opens the buyer's right to terminate. Months are counted
on the calendar from the due date (``due + k months``), a part-month as the share of the days of
the month being counted.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs
import pendulum

from outsourcing.exceptions import InvalidValueError, UnknownReferenceError
from outsourcing.model._checks import (
    date_field,
    non_empty,
    non_negative,
    optional_date_field,
    to_date,
)
from outsourcing.model.contract import Contract, FractionalDelay, LateDeliveryPenalty
from outsourcing.model.money import Money, Percentage
from outsourcing.model.pricing import Milestones
from outsourcing.model.span import Span

__all__ = [
    "Delivery",
    "DeliveryRecord",
    "LateDelivery",
    "assess_contract_deliveries",
    "assess_late_delivery",
    "contract_deliveries",
    "delay_periods",
]


@attrs.frozen
class Delivery:
    """A deliverable or milestone, with its due date and, once delivered, its delivery date.

    Attributes:
        name: The deliverable or milestone.
        due: Contractual due date.
        value: The value the penalty rate applies to.
        delivered: Date it was delivered (None: not yet).
        force_majeure_days: Days of the delay caused by force majeure.
    """

    name: str = attrs.field(validator=non_empty)
    due: pendulum.Date = attrs.field(converter=date_field)
    value: Money = attrs.field(validator=non_negative)
    delivered: pendulum.Date | None = attrs.field(default=None, converter=optional_date_field)
    force_majeure_days: int = attrs.field(default=0, validator=non_negative)


@attrs.frozen
class DeliveryRecord:
    """What happened to one of the contract's deliverables or milestones (matched by name).

    Attributes:
        name: Name of the deliverable (`Contract.deliverables`) or milestone (`Milestones`).
        delivered: Date it was delivered (None: not yet).
        force_majeure_days: Days of the delay caused by force majeure.
    """

    name: str = attrs.field(validator=non_empty)
    delivered: pendulum.Date | None = attrs.field(default=None, converter=optional_date_field)
    force_majeure_days: int = attrs.field(default=0, validator=non_negative)


@attrs.frozen
class LateDelivery:
    """The late-delivery penalty of one item.

    Attributes:
        name: The deliverable or milestone.
        due: Its due date.
        delivered: Its delivery date (None: still outstanding at ``as_of``).
        delay_days: Calendar days late (0 when on time).
        excused_days: Days excused by force majeure.
        periods: Delay periods charged, after the fractional policy.
        percent: Penalty as % of the value (rate × periods, capped).
        penalty: The penalty amount, rounded half-up to the currency's minor unit (it is an
            invoice line).
        capped: Whether the cap limited it.
        termination_right: Whether the delay opens the buyer's right to terminate.
        explanation: The computation in words.
    """

    name: str
    due: pendulum.Date
    delivered: pendulum.Date | None
    delay_days: int
    excused_days: int
    periods: Decimal
    percent: Percentage
    penalty: Money
    capped: bool
    termination_right: bool
    explanation: str


def delay_periods(
    start: pendulum.Date, end: pendulum.Date, period: Span, policy: FractionalDelay
) -> Decimal:
    """Delay periods from ``start`` to ``end``, part-periods per ``policy``.

    Raises:
        InvalidValueError: if the period is empty (``P0D``).
    """
    if end <= start:
        return Decimal(0)
    if period.years == 0 and period.months == 0:
        if period.days == 0:
            raise InvalidValueError("LateDeliveryPenalty.period", str(period), "must not be empty")
        whole, rest = divmod((end - start).days, period.days)
        fraction = Decimal(rest) / period.days
    else:
        whole = 0
        while _shift(start, period, whole + 1) <= end:
            whole += 1
        low, high = _shift(start, period, whole), _shift(start, period, whole + 1)
        fraction = Decimal((end - low).days) / (high - low).days
    if policy is FractionalDelay.ROUND_UP:
        return Decimal(whole + math.ceil(fraction))
    if policy is FractionalDelay.ROUND_DOWN:
        return Decimal(whole)
    return whole + fraction


def _shift(start: pendulum.Date, period: Span, times: int) -> pendulum.Date:
    """``start`` plus ``times`` periods, from the anchor (month ends clip, never drift)."""
    return start.add(
        years=period.years * times, months=period.months * times, days=period.days * times
    )


def _assess(item: Delivery, terms: LateDeliveryPenalty, as_of: pendulum.Date) -> LateDelivery:
    end = item.delivered if item.delivered is not None else max(as_of, item.due)
    delay = max(0, (end - item.due).days)
    excused = min(delay, item.force_majeure_days) if terms.force_majeure_exempts else 0
    counted_from = item.due.add(days=excused)
    periods = delay_periods(counted_from, end, terms.period, terms.fractional)
    raw = terms.rate.value * periods
    cap = terms.cap.value if terms.cap is not None else Decimal(100)
    capped = raw > cap
    percent = Percentage(min(raw, cap))
    beyond = terms.terminate_after is not None and end > _shift(
        counted_from, terms.terminate_after, 1
    )
    status = "delivered" if item.delivered is not None else f"outstanding at {as_of}"
    explanation = (
        f"{item.name}: due {item.due}, {status}, {delay} day(s) late"
        + (f", {excused} excused by force majeure" if excused else "")
        + f"; {periods} period(s) of {terms.period} at {terms.rate} ({terms.fractional})"
        + f" = {percent}" + (f" (capped at {terms.cap})" if capped else "")
        + ("; delay beyond the termination threshold" if beyond else "")
    )  # fmt: skip
    return LateDelivery(
        name=item.name,
        due=item.due,
        delivered=item.delivered,
        delay_days=delay,
        excused_days=excused,
        periods=periods,
        percent=percent,
        penalty=percent.of_amount(item.value).rounded(),
        capped=capped,
        termination_right=beyond,
        explanation=explanation,
    )


def assess_late_delivery(
    terms: LateDeliveryPenalty, deliveries: Iterable[Delivery], *, as_of: dt.date
) -> tuple[LateDelivery, ...]:
    """Penalty and termination right of each deliverable, as of a date.

    Args:
        terms: The contract's late-delivery clause (`Contract.late_delivery`).
        deliveries: The deliverables or milestones with their due and delivery dates.
        as_of: The date of the assessment; outstanding items are late up to it.

    Returns:
        One `LateDelivery` per item, in the order given (on-time items with a zero penalty).
    """
    today = to_date(as_of)
    return tuple(_assess(item, terms, today) for item in deliveries)


def contract_deliveries(
    contract: Contract, records: Iterable[DeliveryRecord | Delivery] = ()
) -> tuple[Delivery, ...]:
    """The contract's dated deliverables and milestones, with what happened to them.

    Each deliverable with a due date (its `Deliverable.value`, or a zero value when it has
    none: the delay and the termination right still count) and each milestone of a
    `Milestones` pricing line (its amount as the value) becomes a `Delivery`, with the delivery
    date and force majeure days of the `DeliveryRecord` of the same name (none: not delivered
    yet). `Delivery` objects given directly are added as they are.

    Raises:
        UnknownReferenceError: if a record names no dated deliverable or milestone.
    """
    records = list(records)
    items: list[Delivery] = []
    zero = Money.zero(contract.currency)
    for deliverable in contract.deliverables:
        if deliverable.due is not None:
            value = deliverable.value if deliverable.value is not None else zero
            items.append(Delivery(name=deliverable.name, due=deliverable.due, value=value))
    for line in contract.pricing:
        if isinstance(line, Milestones):
            items.extend(Delivery(name=m.name, due=m.due, value=m.amount) for m in line.milestones)
    given = [r for r in records if isinstance(r, DeliveryRecord)]
    known = {item.name for item in items}
    for index, record in enumerate(given):
        if record.name not in known:
            raise UnknownReferenceError(f"deliveries[{index}].name", record.name, sorted(known))
    facts = {record.name: record for record in given}
    dated = [
        item
        if item.name not in facts
        else attrs.evolve(
            item,
            delivered=facts[item.name].delivered,
            force_majeure_days=facts[item.name].force_majeure_days,
        )
        for item in items
    ]
    return (*dated, *(r for r in records if isinstance(r, Delivery)))


def assess_contract_deliveries(
    contract: Contract, records: Sequence[DeliveryRecord | Delivery], *, as_of: dt.date
) -> tuple[LateDelivery, ...]:
    """Late-delivery penalties of a contract's deliverables and milestones, as of a date.

    Uses the contract's clause (`Contract.late_delivery`); a contract without one owes no
    late-delivery penalty (empty result). See `contract_deliveries` for the items.
    """
    if contract.late_delivery is None:
        return ()
    return assess_late_delivery(
        contract.late_delivery, contract_deliveries(contract, records), as_of=as_of
    )
