"""How a provider is paid: pricing kinds, tagged by ``kind`` in documents, and what each charges.

A contract may combine several lines (a fixed fee plus a per-unit price, say). Each kind is a
frozen class with a `KIND` tag and a ``charges()`` method saying what it charges in four shapes
the cost and credit engines know: a recurring `MonthlyAmount`, a `Metered` quantity priced by
tiers, a `OneOff` amount on a date, a `MonthlyMinimum` with its true-up. The engines read only
those shapes, never the kind, so a new kind is one class registered with `register_pricing`
(see the "Where things live" page).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any, ClassVar, Protocol, TypeVar, runtime_checkable

import attrs
import pendulum

from outsourcing.exceptions import InvalidValueError
from outsourcing.model._checks import (
    date_field,
    decimal_field,
    enum_fields,
    non_empty,
    non_negative,
    positive,
    to_tuple,
)
from outsourcing.model.money import Money

_Line = TypeVar("_Line")

__all__ = [
    "PRICING_KINDS",
    "Charge",
    "FixedFee",
    "HourlyRate",
    "Metered",
    "Milestone",
    "Milestones",
    "MinimumCommitment",
    "MonthlyAmount",
    "MonthlyMinimum",
    "OneOff",
    "PerUnit",
    "PriceTier",
    "Pricing",
    "PricingLine",
    "RateCard",
    "RateCardLine",
    "Tiering",
    "TrueUp",
    "register_pricing",
    "tiered_charge",
    "unregister_pricing",
]


@attrs.frozen
class MonthlyAmount:
    """A recurring monthly amount, indexed and prorated by the days the contract is active.

    Attributes:
        amount: The amount a full month.
        part: The part of the line it is (a rate card's role), shown after the line's name.
        unit_price: The price ``amount`` is ``units`` times (a rate card's monthly rate per
            FTE): a price revision clause revises it, as invoiced, before it is multiplied
            (None: the clause revises ``amount`` itself).
        units: How many ``unit_price`` the amount is (a role's FTEs); 1 without a unit price.
    """

    amount: Money
    part: str = ""
    unit_price: Money | None = None
    units: Decimal = Decimal(1)


@attrs.frozen
class Metered:
    """A quantity a month that follows demand, rounded to what is billed, priced by tiers.

    Attributes:
        quantity: The quantity a month at baseline (hours, units).
        places: The decimals the billed quantity is rounded to (2 for hours, 0 for units).
        tiers: ``(last quantity of the tier, unit price)`` pairs, the last one open (None).
        tiering: Graduated or volume pricing (`tiered_charge`).
    """

    quantity: Decimal
    places: int
    tiers: tuple[tuple[int | None, Decimal], ...]
    tiering: Tiering


@attrs.frozen
class OneOff:
    """An amount due once, on a date.

    Attributes:
        amount: The amount.
        due: When it is due.
        part: The part of the line it is (a milestone), shown after the line's name.
    """

    amount: Money
    due: pendulum.Date
    part: str = ""


@attrs.frozen
class MonthlyMinimum:
    """A minimum a month: the other charges are topped up to it at each true-up.

    Attributes:
        minimum: The minimum a month.
        true_up: How often the shortfall is settled.
    """

    minimum: Money
    true_up: TrueUp


def _currencies(name: str, amounts: list[Money]) -> None:
    currencies = sorted({m.currency for m in amounts})
    if len(currencies) > 1:
        raise InvalidValueError(name, currencies, "all amounts must share one currency")


@attrs.frozen(field_transformer=enum_fields)
class HourlyRate:
    """Time and materials: hours worked times an hourly rate.

    Attributes:
        name: Line name on the invoice.
        rate: Price of one hour.
        hours_per_month: Expected hours per month at baseline volume.
    """

    KIND: ClassVar[str] = "hourly"
    name: str = attrs.field(validator=non_empty)
    rate: Money = attrs.field(validator=non_negative)
    hours_per_month: Decimal = attrs.field(converter=decimal_field, validator=non_negative)

    @property
    def currency(self) -> str:
        """Billing currency."""
        return self.rate.currency

    def charges(self) -> tuple[Charge, ...]:
        """The hours a month, in hundredths of an hour, at the rate (one open tier)."""
        tiers = ((None, self.rate.amount),)
        return (Metered(self.hours_per_month, 2, tiers, Tiering.GRADUATED),)


@attrs.frozen(field_transformer=enum_fields)
class RateCardLine:
    """One specialisation (position) on a rate card.

    Attributes:
        role: The specialisation, e.g. ``"payroll officer"``.
        monthly_rate: Monthly price of one FTE.
        ftes: FTEs in this role.
    """

    role: str = attrs.field(validator=non_empty)
    monthly_rate: Money = attrs.field(validator=non_negative)
    ftes: Decimal = attrs.field(converter=decimal_field, validator=non_negative)


def _rate_card_lines(_instance: RateCard, _a: object, lines: tuple[RateCardLine, ...]) -> None:
    if not lines:
        raise InvalidValueError("RateCard.lines", lines, "must list at least one role")
    _currencies("RateCard.lines", [line.monthly_rate for line in lines])
    roles = [line.role for line in lines]
    if len(set(roles)) != len(roles):
        raise InvalidValueError("RateCard.lines", roles, "roles must be distinct")


@attrs.frozen(field_transformer=enum_fields)
class RateCard:
    """Rate per specialisation: FTEs per role times a monthly rate.

    Attributes:
        name: Line name on the invoice.
        lines: The roles.
    """

    KIND: ClassVar[str] = "rate_card"
    name: str = attrs.field(validator=non_empty)
    lines: tuple[RateCardLine, ...] = attrs.field(converter=to_tuple, validator=_rate_card_lines)

    @property
    def currency(self) -> str:
        """Billing currency."""
        return self.lines[0].monthly_rate.currency

    def charges(self) -> tuple[Charge, ...]:
        """Each role: FTEs × its monthly rate (the price a revision clause revises), every month."""
        return tuple(
            MonthlyAmount(r.monthly_rate * r.ftes, r.role, r.monthly_rate, r.ftes)
            for r in self.lines
        )


class Tiering(StrEnum):
    """How tier prices apply to a volume.

    ``graduated``: each unit is priced in the tier it falls in (like income tax brackets);
    ``volume``: every unit is priced at the tier the whole volume reaches.
    """

    GRADUATED = "graduated"
    VOLUME = "volume"


def tiered_charge(
    tiers: tuple[tuple[int | None, Decimal], ...], tiering: Tiering, quantity: Decimal
) -> Decimal:
    """Price of ``quantity`` under ``tiers`` (``(last quantity of the tier, unit price)``).

    Graduated: each unit is priced in the tier it falls in. Volume: every unit is priced at the
    tier the whole quantity reaches (a quantity equal to a tier's bound stays in that tier).
    The result is exact (not rounded).
    """
    if tiering is Tiering.VOLUME:
        for upper, price in tiers:
            if upper is None or quantity <= upper:
                return quantity * price
        raise AssertionError("the last tier is open")  # pragma: no cover - validated by PerUnit
    charge = Decimal(0)
    lower = 0
    for upper, price in tiers:
        top = quantity if upper is None else min(quantity, Decimal(upper))
        if top > lower:
            charge += (top - lower) * price
        if upper is None or quantity <= upper:
            break
        lower = upper
    return charge


@attrs.frozen(field_transformer=enum_fields)
class PriceTier:
    """A price per unit up to a volume.

    Attributes:
        up_to: Last unit of the tier (inclusive); None for the open-ended last tier.
        unit_price: Price of one unit in the tier.
    """

    up_to: int | None = attrs.field(validator=positive)
    unit_price: Money = attrs.field(validator=non_negative)


def _tiers(_instance: PerUnit, _a: object, tiers: tuple[PriceTier, ...]) -> None:
    if not tiers:
        raise InvalidValueError("PerUnit.tiers", tiers, "must list at least one tier")
    _currencies("PerUnit.tiers", [t.unit_price for t in tiers])
    bounds = [t.up_to for t in tiers]
    if bounds[-1] is not None:
        raise InvalidValueError(
            "PerUnit.tiers", bounds, "the last tier must be open (up_to = none)"
        )
    closed = bounds[:-1]
    if any(b is None for b in closed):
        raise InvalidValueError("PerUnit.tiers", bounds, "only the last tier may be open")
    if any(a >= b for a, b in itertools.pairwise(closed)):  # type: ignore[operator]
        raise InvalidValueError("PerUnit.tiers", bounds, "tier bounds must increase")


@attrs.frozen(field_transformer=enum_fields)
class PerUnit:
    """Price per transaction or unit of work, with graduated or volume tiers.

    Attributes:
        name: Line name on the invoice.
        unit: What is counted (``"payslip"``, ``"ticket"``).
        tiers: Price tiers in increasing order of volume; the last is open-ended.
        tiering: Graduated or volume pricing.
        monthly_volume: Expected units per month at baseline.
    """

    KIND: ClassVar[str] = "per_unit"
    name: str = attrs.field(validator=non_empty)
    unit: str = attrs.field(validator=non_empty)
    tiers: tuple[PriceTier, ...] = attrs.field(converter=to_tuple, validator=_tiers)
    monthly_volume: int = attrs.field(default=0, validator=non_negative)
    tiering: Tiering = Tiering.GRADUATED

    @property
    def currency(self) -> str:
        """Billing currency."""
        return self.tiers[0].unit_price.currency

    def charges(self) -> tuple[Charge, ...]:
        """The units a month, whole, priced by the tiers."""
        tiers = tuple((t.up_to, t.unit_price.amount) for t in self.tiers)
        return (Metered(Decimal(self.monthly_volume), 0, tiers, self.tiering),)


@attrs.frozen(field_transformer=enum_fields)
class FixedFee:
    """A fixed monthly fee.

    Attributes:
        name: Line name on the invoice.
        monthly_fee: The fee.
    """

    KIND: ClassVar[str] = "fixed_fee"
    name: str = attrs.field(validator=non_empty)
    monthly_fee: Money = attrs.field(validator=non_negative)

    @property
    def currency(self) -> str:
        """Billing currency."""
        return self.monthly_fee.currency

    def charges(self) -> tuple[Charge, ...]:
        """The fee, every month."""
        return (MonthlyAmount(self.monthly_fee),)


@attrs.frozen(field_transformer=enum_fields)
class Milestone:
    """A payment due when a milestone is reached (pay as progress, or a fixed-price project).

    Attributes:
        name: The milestone.
        due: Planned date.
        amount: Amount paid at the milestone.
    """

    name: str = attrs.field(validator=non_empty)
    due: pendulum.Date = attrs.field(converter=date_field)
    amount: Money = attrs.field(validator=non_negative)


def _milestones(_instance: Milestones, _a: object, items: tuple[Milestone, ...]) -> None:
    if not items:
        raise InvalidValueError("Milestones.milestones", items, "must list at least one milestone")
    _currencies("Milestones.milestones", [m.amount for m in items])


@attrs.frozen(field_transformer=enum_fields)
class Milestones:
    """Per-project or pay-as-progress pricing: amounts due at milestone dates.

    Attributes:
        name: Line name on the invoice.
        milestones: The milestones.
    """

    KIND: ClassVar[str] = "milestones"
    name: str = attrs.field(validator=non_empty)
    milestones: tuple[Milestone, ...] = attrs.field(converter=to_tuple, validator=_milestones)

    @property
    def currency(self) -> str:
        """Billing currency."""
        return self.milestones[0].amount.currency

    def charges(self) -> tuple[Charge, ...]:
        """Each milestone's amount, on its due date."""
        return tuple(OneOff(m.amount, m.due, m.name) for m in self.milestones)


class TrueUp(StrEnum):
    """How often a minimum commitment is compared with what was billed."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


@attrs.frozen(field_transformer=enum_fields)
class MinimumCommitment:
    """A minimum spend: if billed fees fall short over a true-up period, the gap is billed.

    Attributes:
        name: Line name on the invoice.
        monthly_minimum: Minimum spend per month (a quarter's minimum is three of these).
        true_up: How often the shortfall is billed.
    """

    KIND: ClassVar[str] = "minimum_commitment"
    name: str = attrs.field(validator=non_empty)
    monthly_minimum: Money = attrs.field(validator=non_negative)
    true_up: TrueUp = TrueUp.MONTHLY

    @property
    def currency(self) -> str:
        """Billing currency."""
        return self.monthly_minimum.currency

    def charges(self) -> tuple[Charge, ...]:
        """The minimum a month, trued up as agreed."""
        return (MonthlyMinimum(self.monthly_minimum, self.true_up),)


Charge = MonthlyAmount | Metered | OneOff | MonthlyMinimum
"""What a pricing line charges, in the shapes the cost and credit engines know."""

Pricing = HourlyRate | RateCard | PerUnit | FixedFee | Milestones | MinimumCommitment
"""The built-in pricing kinds (`register_pricing` adds others)."""

PRICING_VARIANTS: tuple[type[Pricing], ...] = (
    HourlyRate, RateCard, PerUnit, FixedFee, Milestones, MinimumCommitment,
)  # fmt: skip


@runtime_checkable
class PricingLine(Protocol):
    """What every pricing kind has: a name, a ``KIND`` tag, a currency and its charges."""

    KIND: ClassVar[str]

    @property
    def name(self) -> str:
        """The line's name on the invoice."""
        ...

    @property
    def currency(self) -> str:
        """The billing currency."""
        ...

    def charges(self) -> tuple[Charge, ...]:
        """What the line charges."""
        ...


_LOCK = threading.Lock()
_BUILT_IN = frozenset(cls.KIND for cls in PRICING_VARIANTS)
_KINDS: dict[str, type[Any]] = {cls.KIND: cls for cls in PRICING_VARIANTS}
#: The pricing kinds by the ``kind`` tag naming them in documents (read-only view).
PRICING_KINDS: Mapping[str, type[Any]] = MappingProxyType(_KINDS)


def register_pricing(cls: type[_Line]) -> type[_Line]:
    """Add a pricing kind, so contracts and documents can use it; usable as a class decorator.

    The class is a frozen attrs class with a ``KIND`` tag, a ``name``, a ``currency`` and a
    ``charges()`` method. Registering the same class again is a no-op.

    Raises:
        InvalidValueError: If the class lacks one of those, or its ``KIND`` names another
            class already.
    """
    kind = getattr(cls, "KIND", None)
    if not isinstance(kind, str) or not kind:
        raise InvalidValueError("Pricing.KIND", kind, "must be a non-empty text")
    if not hasattr(cls, "__attrs_attrs__") or not callable(getattr(cls, "charges", None)):
        raise InvalidValueError(
            f"{cls.__name__}", kind, "must be an attrs class with a charges() method"
        )
    with _LOCK:
        known = _KINDS.get(kind)
        if known is not None and known is not cls:
            raise InvalidValueError("Pricing.KIND", kind, f"is already {known.__name__}")
        _KINDS[kind] = cls
    return cls


def unregister_pricing(kind: str) -> None:
    """Remove a kind added with `register_pricing` (a built-in kind stays).

    Raises:
        InvalidValueError: If ``kind`` is built in.
    """
    if kind in _BUILT_IN:
        raise InvalidValueError("Pricing.KIND", kind, "is built in")
    with _LOCK:
        _KINDS.pop(kind, None)
