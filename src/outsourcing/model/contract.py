"""The outsourcing contract: scope, term, pricing, service levels, data protection, exit."""

from __future__ import annotations

from enum import StrEnum

import attrs
import pendulum

from outsourcing.exceptions import (
    InvalidValueError,
    MissingTimeZoneError,
    UnknownReferenceError,
)
from outsourcing.model._checks import (
    country_codes,
    currency_code,
    date_field,
    enum_fields,
    non_empty,
    non_negative,
    optional_date_field,
    optional_timezone_name,
    positive,
    to_frozenset,
    to_tuple,
    unique_ids,
)
from outsourcing.model.axes import Coverage, Horizon, Shoring
from outsourcing.model.cadence import Cadence
from outsourcing.model.calendar import BusinessCalendar
from outsourcing.model.clause import Clause
from outsourcing.model.kpi import KPI
from outsourcing.model.money import (
    Money,
    Percentage,
    PercentChange,
    optional_percent_change_field,
    optional_percentage_field,
    percent_change_field,
    percentage_field,
)
from outsourcing.model.price_revision import PriceRevision
from outsourcing.model.pricing import Pricing
from outsourcing.model.reversibility import ReversibilityPlan
from outsourcing.model.sla import SLA
from outsourcing.model.span import Span

__all__ = [
    "Contract",
    "CostCategory",
    "DataProtection",
    "Deliverable",
    "FractionalDelay",
    "Governance",
    "Indexation",
    "LateDeliveryPenalty",
    "OneOffCost",
    "PaymentTerms",
    "PoolModel",
    "RecurringCost",
    "Renewal",
    "ScopeItem",
    "ServiceCreditRegime",
    "Term",
    "TransferMechanism",
]


@attrs.frozen(field_transformer=enum_fields)
class ScopeItem:
    """A part of the scope: what the provider does and, explicitly, what it does not.

    The limits of the provider's intervention (``tasks_excluded``: hiring decisions, signing
    the accounts) are what a sound contract always spells out; they say nothing about coverage.
    Tasks of the function the client keeps doing itself (``tasks_kept``) make the coverage of
    the process partial.

    Attributes:
        name: The scope item.
        tasks_included: Tasks the provider performs.
        tasks_excluded: Tasks explicitly outside its intervention (limits of intervention).
        process_id: The process this item is part of (None: the contract's only process, or
            the process of the same name).
        tasks_kept: Tasks of the process the client keeps doing in house.
    """

    name: str = attrs.field(validator=non_empty)
    tasks_included: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    tasks_excluded: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    process_id: str | None = None
    tasks_kept: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)


@attrs.frozen(field_transformer=enum_fields)
class Deliverable:
    """Something the provider delivers, in a format, with tools, on a date or a rhythm.

    Attributes:
        name: The deliverable.
        format: Its format (``"PDF"``, ``"DSN file"``).
        tools: Tools used to produce it.
        due: Due date of a one-off deliverable.
        cadence: Rhythm of a recurring deliverable.
        value: The value a late-delivery penalty rate applies to (None: no penalty, the
            delay and the termination right are still assessed).
    """

    name: str = attrs.field(validator=non_empty)
    format: str = ""
    tools: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    due: pendulum.Date | None = attrs.field(default=None, converter=optional_date_field)
    cadence: Cadence | None = None
    value: Money | None = attrs.field(default=None, validator=non_negative)


class Renewal(StrEnum):
    """How the term renews."""

    NONE = "none"
    TACIT = "tacit"
    EXPLICIT = "explicit"


@attrs.frozen(field_transformer=enum_fields)
class Term:
    """The contract's duration.

    Attributes:
        start: First day of service.
        end: Last day of service (None: open-ended).
        renewal: How the term renews.
        renewal_period: Length of each renewal (None with tacit renewal: the contract goes on
            for an indefinite term after its first one, as French civil law reads a tacit
            renewal, C. civ. art. 1214 and 1215).
        notice_period: Notice to give before termination or non-renewal.
        max_renewals: Most tacit renewals the contract allows (None: no limit).
        notice_given: Date a termination or non-renewal notice was served (None: none given).
    """

    start: pendulum.Date = attrs.field(converter=date_field)
    end: pendulum.Date | None = attrs.field(default=None, converter=optional_date_field)
    renewal: Renewal = Renewal.NONE
    renewal_period: Span | None = None
    notice_period: Span = attrs.field(factory=lambda: Span(months=3))
    max_renewals: int | None = attrs.field(default=None, validator=non_negative)
    notice_given: pendulum.Date | None = attrs.field(default=None, converter=optional_date_field)

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise InvalidValueError(
                "Term.end", str(self.end), f"must not be before start {self.start}"
            )
        if self.notice_given is not None and self.notice_given < self.start:
            raise InvalidValueError(
                "Term.notice_given",
                str(self.notice_given),
                f"must not be before start {self.start}",
            )
        period = self.renewal_period
        if period is not None and not (period.years or period.months or period.days):
            raise InvalidValueError("Term.renewal_period", str(period), "must not be empty")


@attrs.frozen(field_transformer=enum_fields)
class Indexation:
    """Annual price indexation on each anniversary of the start date, capped and floored.

    Attributes:
        index: The index followed (``"Syntec"``, ``"INSEE ICHT"``).
        expected_rate: Expected annual index change, for projections (signed: an index may
            fall).
        cap: Highest annual change allowed (None: no cap).
        floor: Lowest annual change, signed: -2 lets prices fall by 2 % a year at most, 0 keeps
            them from falling, +1 guarantees a 1 % rise; None: they may fall freely. At most
            the cap.
    """

    index: str = attrs.field(validator=non_empty)
    expected_rate: PercentChange = attrs.field(converter=percent_change_field)
    cap: PercentChange | None = attrs.field(default=None, converter=optional_percent_change_field)
    floor: PercentChange | None = attrs.field(default=None, converter=optional_percent_change_field)

    def __attrs_post_init__(self) -> None:
        if self.cap is not None and self.floor is not None and self.floor > self.cap:
            raise InvalidValueError(
                "Indexation.floor", str(self.floor), f"must be <= cap {self.cap}"
            )


@attrs.frozen(field_transformer=enum_fields)
class PaymentTerms:
    """When invoices are paid.

    Attributes:
        days: Days after the invoice (or after month end).
        end_of_month: Whether the days run from the end of the invoice month.
    """

    days: int = attrs.field(default=30, validator=non_negative)
    end_of_month: bool = False


class CostCategory(StrEnum):
    """Categories of costs beyond the provider's fees (the hidden costs of the sources)."""

    TRANSITION = "transition"
    KNOWLEDGE_TRANSFER = "knowledge_transfer"
    RECRUITMENT = "recruitment"
    ONBOARDING = "onboarding"
    TRAINING = "training"
    PARALLEL_RUN = "parallel_run"
    RETAINED_ORGANISATION = "retained_organisation"
    GOVERNANCE = "governance"
    EXIT = "exit"
    STAFF_TRANSFER = "staff_transfer"
    """Taking over the existing team's employment contracts (C. trav. art. L.1224-1)."""
    REDUNDANCY = "redundancy"
    """Redundancies of the existing team when its jobs are not transferred."""
    OTHER = "other"


@attrs.frozen(field_transformer=enum_fields)
class OneOffCost:
    """A one-off cost of the arrangement.

    Attributes:
        category: What it is for.
        amount: How much.
        due: When it is paid (None: at the start).
        description: Details.
    """

    category: CostCategory
    amount: Money = attrs.field(validator=non_negative)
    due: pendulum.Date | None = attrs.field(default=None, converter=optional_date_field)
    description: str = ""


@attrs.frozen(field_transformer=enum_fields)
class RecurringCost:
    """A monthly cost the client keeps paying (retained organisation, governance).

    Attributes:
        category: What it is for.
        monthly: How much per month.
        description: Details.
    """

    category: CostCategory
    monthly: Money = attrs.field(validator=non_negative)
    description: str = ""


class PoolModel(StrEnum):
    """How an SLA's share of the at-risk amount is credited when it is missed."""

    TIER_OF_ALLOCATION = "tier_of_allocation"
    """The tier's credit % of the SLA's share (an SLA without tiers owes its whole share)."""
    WHOLE_ALLOCATION = "whole_allocation"
    """The SLA's whole share, whatever the tier (the common MSA model)."""


@attrs.frozen(field_transformer=enum_fields)
class ServiceCreditRegime:
    """Contract-wide rules for service credits.

    Attributes:
        monthly_cap: Most credited in a month, as % of that month's charges.
        rolling_cap: Most credited over any 12 consecutive months, as % of those charges.
        at_risk: At-risk amount as % of the monthly charges (credits then = at-risk amount ×
            the SLA's pool allocation × its tier credit); None: tiers apply to the charges.
        earn_back_periods: A credit is waived if the SLA is met in each of the next N periods
            (None: no earn-back).
        pool_model: How a missed SLA's at-risk share is credited (with ``at_risk`` only).
        earn_back_critical: Whether the credit of a critical-failure period can be earned back
            (by default it cannot).
    """

    monthly_cap: Percentage = attrs.field(converter=percentage_field)
    rolling_cap: Percentage | None = attrs.field(default=None, converter=optional_percentage_field)
    at_risk: Percentage | None = attrs.field(default=None, converter=optional_percentage_field)
    earn_back_periods: int | None = attrs.field(default=None, validator=positive)
    pool_model: PoolModel = PoolModel.TIER_OF_ALLOCATION
    earn_back_critical: bool = False


class FractionalDelay(StrEnum):
    """How a part-period of delay counts for late-delivery penalties."""

    ROUND_UP = "round_up"
    ROUND_DOWN = "round_down"
    PRORATE = "prorate"


@attrs.frozen(field_transformer=enum_fields)
class LateDeliveryPenalty:
    """Penalty for late deliverables or milestones (after the Accord Project template).

    Attributes:
        rate: Penalty per period of delay, as % of the late item's value.
        period: The delay period (``P1D``, ``P7D``).
        cap: Most that can be charged, as % of the item's value.
        terminate_after: Delay beyond which the buyer may terminate (None: no such right).
        fractional: How part-periods count.
        force_majeure_exempts: Whether force majeure suspends the penalty.
    """

    rate: Percentage = attrs.field(converter=percentage_field)
    period: Span = attrs.field(factory=lambda: Span(days=1))
    cap: Percentage | None = attrs.field(default=None, converter=optional_percentage_field)
    terminate_after: Span | None = None
    fractional: FractionalDelay = FractionalDelay.ROUND_UP
    force_majeure_exempts: bool = True


class TransferMechanism(StrEnum):
    """GDPR Chapter V ground for transferring personal data outside the EEA."""

    ADEQUACY_DECISION = "adequacy_decision"
    STANDARD_CONTRACTUAL_CLAUSES = "standard_contractual_clauses"
    BINDING_CORPORATE_RULES = "binding_corporate_rules"
    DEROGATION = "derogation"


@attrs.frozen(field_transformer=enum_fields)
class DataProtection:
    """Data-protection terms.

    Attributes:
        personal_data: Whether the provider processes personal data for the client.
        special_category_data: Whether that includes special-category data.
        data_locations: Countries where data is stored or accessed (ISO 3166-1 alpha-2).
        retention: How long data is kept after use (None: not limited).
        transfer_mechanism: Ground for transfers outside the EEA.
        breach_notification_hours: Hours within which the provider notifies a breach.
    """

    personal_data: bool = False
    special_category_data: bool = False
    data_locations: frozenset[str] = attrs.field(
        factory=frozenset, converter=to_frozenset, validator=country_codes
    )
    retention: Span | None = None
    transfer_mechanism: TransferMechanism | None = None
    breach_notification_hours: int | None = attrs.field(default=None, validator=positive)


@attrs.frozen(field_transformer=enum_fields)
class Governance:
    """How the relationship is steered.

    Attributes:
        reporting: Cadence of the provider's reports.
        review_meetings: Cadence of review meetings.
        internal_referent: The client's internal referent who validates the work.
        urgent_channel: The single channel for urgent requests.
        shared_dashboard: Whether a shared dashboard exists.
        escalation: Escalation path, in words.
    """

    reporting: Cadence | None = None
    review_meetings: Cadence | None = None
    internal_referent: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(non_empty)
    )
    urgent_channel: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(non_empty)
    )
    shared_dashboard: bool = False
    escalation: str | None = None


def _check_currencies(contract: Contract) -> None:
    for i, line in enumerate(contract.pricing):
        if line.currency != contract.currency:
            raise InvalidValueError(
                f"Contract.pricing[{i}].currency",
                line.currency,
                f"must be the contract currency {contract.currency}",
            )
    for i, deliverable in enumerate(contract.deliverables):
        value = deliverable.value
        if value is not None and value.currency != contract.currency:
            raise InvalidValueError(
                f"Contract.deliverables[{i}].value",
                str(value),
                f"must be in the contract currency {contract.currency}",
            )


def _check_references(contract: Contract) -> None:
    """SLA credit bases name pricing lines; scope items name processes of the contract."""
    lines = [line.name for line in contract.pricing]
    for i, sla in enumerate(contract.slas):
        for j, name in enumerate(sla.credit_base):
            if name not in lines:
                raise UnknownReferenceError(f"Contract.slas[{i}].credit_base[{j}]", name, lines)
    for i, item in enumerate(contract.scope):
        if item.process_id is not None and item.process_id not in contract.process_ids:
            raise UnknownReferenceError(
                f"Contract.scope[{i}].process_id", item.process_id, list(contract.process_ids)
            )


def _check_contract(contract: Contract) -> None:
    _check_currencies(contract)
    calendars = {c.id for c in contract.calendars}
    for i, sla in enumerate(contract.slas):
        if sla.calendar is not None and sla.calendar not in calendars:
            raise UnknownReferenceError(
                f"Contract.slas[{i}].calendar", sla.calendar, sorted(calendars)
            )
    _check_references(contract)
    slas = {s.id for s in contract.slas}
    for i, kpi in enumerate(contract.kpis):
        if kpi.calendar is not None and kpi.calendar not in calendars:
            raise UnknownReferenceError(
                f"Contract.kpis[{i}].calendar", kpi.calendar, sorted(calendars)
            )
        if kpi.sla is not None and kpi.sla not in slas:
            raise UnknownReferenceError(f"Contract.kpis[{i}].sla", kpi.sla, sorted(slas))
    if contract.process_ids and len(set(contract.process_ids)) != len(contract.process_ids):
        raise InvalidValueError("Contract.process_ids", contract.process_ids, "duplicate id")


@attrs.frozen(field_transformer=enum_fields)
class Contract:
    """An outsourcing contract between the client and one provider.

    Attributes:
        id: Identifier, unique in a portfolio.
        title: Title of the contract.
        client: The client's name.
        provider_id: Id of the provider.
        process_ids: Ids of the processes it covers.
        currency: Billing currency (every pricing line is in it).
        term: Duration, renewal and notice.
        scope: Scope items, with explicit inclusions and exclusions.
        deliverables: Deliverables with formats and tools.
        request_handling: How requests reach the provider and are handled.
        change_procedure: How scope changes are agreed.
        pricing: Pricing lines.
        indexation: Annual indexation, as an expected rate for projections.
        price_revision: The price revision clause on published indices.
        payment_terms: Payment terms (None: not stated).
        one_off_costs: One-off costs (transition, training, exit, …).
        recurring_costs: Monthly costs the client keeps (retained organisation, governance).
        service_credits: Service-credit regime.
        late_delivery: Late-delivery penalty.
        calendars: Business calendars referenced by the SLAs.
        slas: Service level agreements.
        kpis: Tracked indicators.
        data_protection: Data-protection terms.
        governance: How the relationship is steered.
        clauses: Typed clauses.
        reversibility: The exit plan.
        critical_function: Whether it supports a critical or important function (DORA, EBA).
        coverage: Declared coverage; overrides inference.
        horizon: Declared horizon; overrides inference.
        shoring: Declared shoring; overrides inference.
        signed: Date of signature.
        timezone: IANA time zone of the contract: measurement periods (calendar months,
            weeks, quarters) are cut at local midnight in it. None: not stated; in a
            `Portfolio` the contract takes the client's (its ``timezone``, else its country's
            when the country has one zone), and a contract measured without one raises
            `MissingTimeZoneError` (never UTC by default: see `zone`).
    """

    id: str = attrs.field(validator=non_empty)
    title: str = attrs.field(validator=non_empty)
    client: str = attrs.field(validator=non_empty)
    provider_id: str = attrs.field(validator=non_empty)
    currency: str = attrs.field(validator=currency_code)
    term: Term
    process_ids: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    scope: tuple[ScopeItem, ...] = attrs.field(default=(), converter=to_tuple)
    deliverables: tuple[Deliverable, ...] = attrs.field(default=(), converter=to_tuple)
    request_handling: str | None = None
    change_procedure: str | None = None
    pricing: tuple[Pricing, ...] = attrs.field(default=(), converter=to_tuple)
    indexation: Indexation | None = None
    price_revision: PriceRevision | None = None
    payment_terms: PaymentTerms | None = None
    one_off_costs: tuple[OneOffCost, ...] = attrs.field(default=(), converter=to_tuple)
    recurring_costs: tuple[RecurringCost, ...] = attrs.field(default=(), converter=to_tuple)
    service_credits: ServiceCreditRegime | None = None
    late_delivery: LateDeliveryPenalty | None = None
    calendars: tuple[BusinessCalendar, ...] = attrs.field(
        default=(), converter=to_tuple, validator=unique_ids
    )
    slas: tuple[SLA, ...] = attrs.field(default=(), converter=to_tuple, validator=unique_ids)
    kpis: tuple[KPI, ...] = attrs.field(default=(), converter=to_tuple, validator=unique_ids)
    data_protection: DataProtection = attrs.field(factory=DataProtection)
    governance: Governance = attrs.field(factory=Governance)
    clauses: tuple[Clause, ...] = attrs.field(default=(), converter=to_tuple)
    reversibility: ReversibilityPlan | None = None
    critical_function: bool = False
    coverage: Coverage | None = None
    horizon: Horizon | None = None
    shoring: Shoring | None = None
    signed: pendulum.Date | None = attrs.field(default=None, converter=optional_date_field)
    timezone: str | None = attrs.field(default=None, validator=optional_timezone_name)

    def __attrs_post_init__(self) -> None:
        _check_contract(self)

    def calendar(self, calendar_id: str | None) -> BusinessCalendar | None:
        """The calendar with this id (None for None, meaning 24×7)."""
        if calendar_id is None:
            return None
        for calendar in self.calendars:
            if calendar.id == calendar_id:
                return calendar
        raise UnknownReferenceError("calendar", calendar_id, [c.id for c in self.calendars])

    @property
    def zone(self) -> str:
        """The time zone its periods are cut in: ``timezone``, which must be stated.

        Raises:
            MissingTimeZoneError: If the contract states no time zone (the message names
                ``contracts[<id>].timezone`` and says how to give one).
        """
        if self.timezone is None:
            raise MissingTimeZoneError(self.id)
        return self.timezone

    @property
    def topics(self) -> frozenset[str]:
        """Topics covered by the contract's clauses."""
        return to_frozenset(c.topic for c in self.clauses)
