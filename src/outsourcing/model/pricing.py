"""How a provider is paid: a closed union of pricing variants, tagged by ``kind`` in documents.

A contract may combine several lines (a fixed fee plus a per-unit price, say). Each variant is a
frozen class; functions dispatch on the class (`match`), and cattrs tags each with its `KIND`.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar

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

__all__ = [
    "FixedFee",
    "HourlyRate",
    "Milestone",
    "Milestones",
    "MinimumCommitment",
    "PerUnit",
    "PriceTier",
    "Pricing",
    "RateCard",
    "RateCardLine",
    "Tiering",
    "TrueUp",
    "tiered_charge",
]


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


Pricing = HourlyRate | RateCard | PerUnit | FixedFee | Milestones | MinimumCommitment
"""The closed union of pricing variants."""

PRICING_VARIANTS: tuple[type[Pricing], ...] = (
    HourlyRate, RateCard, PerUnit, FixedFee, Milestones, MinimumCommitment,
)  # fmt: skip
