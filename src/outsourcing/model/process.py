"""A business process that may be outsourced, with its in-house cost basis."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum

import attrs
import pendulum

from outsourcing.exceptions import InvalidValueError
from outsourcing.model._checks import (
    date_field,
    decimal_field,
    enum_fields,
    non_empty,
    non_negative,
    to_frozenset,
    to_tuple,
)
from outsourcing.model.axes import Office, OutsourcingKind
from outsourcing.model.money import Money, Percentage, percentage_field

__all__ = [
    "BusinessFunction",
    "Complexity",
    "Confidentiality",
    "Frequency",
    "InHouseCost",
    "Process",
    "StrategicImportance",
    "WeakSignal",
]


class BusinessFunction(StrEnum):
    """The catalogue of business functions named by the sources (BPO, ITO, KPO)."""

    # BPO, back office
    PAYROLL = "payroll"
    INVOICING = "invoicing"
    ACCOUNTING = "accounting"
    HR_ADMINISTRATION = "hr_administration"
    ADMINISTRATION = "administration"
    PURCHASING = "purchasing"
    LOGISTICS = "logistics"
    DATA_ENTRY = "data_entry"
    DATA_PROCESSING = "data_processing"
    DOCUMENT_PROCESSING = "document_processing"
    MEDICAL_BILLING = "medical_billing"
    PATIENT_RECORDS = "patient_records"
    CHEQUE_PROCESSING = "cheque_processing"
    # BPO, front office
    CUSTOMER_SERVICE = "customer_service"
    CUSTOMER_RELATIONS = "customer_relations"
    ORDER_MANAGEMENT = "order_management"
    SALES = "sales"
    AFTER_SALES = "after_sales"
    LOYALTY_PROGRAMMES = "loyalty_programmes"
    TECHNICAL_SUPPORT = "technical_support"
    # ITO
    IT_MAINTENANCE = "it_maintenance"
    SOFTWARE_DEVELOPMENT = "software_development"
    NETWORK_ADMINISTRATION = "network_administration"
    CYBERSECURITY = "cybersecurity"
    HOSTING = "hosting"
    # KPO
    RESEARCH = "research"
    DATA_ANALYSIS = "data_analysis"
    WRITING = "writing"
    TECHNICAL_DOCUMENTATION = "technical_documentation"


class StrategicImportance(StrEnum):
    """How close the process is to what makes the company competitive."""

    CORE = "core"
    IMPORTANT = "important"
    SUPPORT = "support"


class Confidentiality(StrEnum):
    """Confidentiality of the data the process handles, from least to most sensitive."""

    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    SECRET = "secret"  # noqa: S105 - a confidentiality level, not a password


class Frequency(StrEnum):
    """How often the work recurs."""

    CONTINUOUS = "continuous"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    OCCASIONAL = "occasional"


class Complexity(StrEnum):
    """How much judgement and specialised skill the work takes."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class WeakSignal(StrEnum):
    """The sources' weak signals that outsourcing a process is due."""

    ROUTINE_ON_KEY_PEOPLE = "routine_on_key_people"
    REPEATED_DELAYS = "repeated_delays"
    NO_STANDARDISATION = "no_standardisation"
    NO_MODERN_TOOLS = "no_modern_tools"
    PEAKS_NOT_ABSORBED = "peaks_not_absorbed"
    QUALITY_DROP_UNDER_CHANGE = "quality_drop_under_change"


@attrs.frozen(field_transformer=enum_fields)
class InHouseProject:
    """A one-off project the team would run itself if the work stayed in house.

    For a fair comparison with a contract whose price includes a project (a migration, a new
    tool), the in-house scenario carries the same project at its in-house cost.

    Attributes:
        name: The project.
        amount: What it would cost in house.
        due: When it would be paid.
    """

    name: str = attrs.field(validator=non_empty)
    amount: Money = attrs.field(validator=non_negative)
    due: pendulum.Date = attrs.field(converter=date_field)


def _same_currency(instance: InHouseCost, _attribute: object, _value: object) -> None:
    amounts = [
        instance.loaded_salary,
        instance.overheads,
        instance.rent_and_equipment,
        instance.recruitment_per_hire,
        instance.training_per_hire,
        *(project.amount for project in instance.projects),
    ]
    currencies = {m.currency for m in amounts}
    if len(currencies) > 1:
        raise InvalidValueError(
            "InHouseCost", sorted(currencies), "amounts must share one currency"
        )


@attrs.frozen(field_transformer=enum_fields)
class InHouseCost:
    """What the process costs when kept in house, per year unless stated.

    Attributes:
        ftes: Full-time equivalents doing the work.
        loaded_salary: Annual salary per FTE including employer charges.
        overheads: Annual overheads for the whole team (management, IT, HR services).
        rent_and_equipment: Annual office rent and equipment per FTE.
        recruitment_per_hire: Cost of hiring one person.
        training_per_hire: Cost of onboarding and training one person.
        annual_turnover: Share of the team replaced each year.
        projects: One-off projects the team would run itself (in-house scenario only).
    """

    ftes: Decimal = attrs.field(converter=decimal_field, validator=non_negative)
    loaded_salary: Money = attrs.field(validator=non_negative)
    overheads: Money = attrs.field(validator=non_negative)
    rent_and_equipment: Money = attrs.field(validator=non_negative)
    recruitment_per_hire: Money = attrs.field(validator=non_negative)
    training_per_hire: Money = attrs.field(validator=non_negative)
    annual_turnover: Percentage = attrs.field(
        default=Percentage(Decimal(0)), converter=percentage_field
    )
    projects: tuple[InHouseProject, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_same_currency
    )

    @property
    def currency(self) -> str:
        """The currency of every amount."""
        return self.loaded_salary.currency


def _special_needs_personal(instance: Process, _attribute: object, value: bool) -> None:
    if value and not instance.personal_data:
        raise InvalidValueError(
            "Process.special_category_data", value, "special-category data implies personal_data"
        )


def _language(_instance: Process, _attribute: object, value: str | None) -> None:
    if value is not None and not re.fullmatch(r"[a-z]{2}", str(value)):
        raise InvalidValueError("Process.working_language", value, "must be an ISO 639-1 code")


@attrs.frozen(field_transformer=enum_fields)
class Process:
    """A business process that is, or may be, outsourced.

    Attributes:
        id: Identifier, unique in a portfolio.
        name: Human-readable name.
        function: The business function from the catalogue.
        importance: How strategic the process is.
        confidentiality: Confidentiality of the data handled.
        personal_data: Whether personal data (GDPR) is processed.
        special_category_data: Whether special-category data (health, …, GDPR Art. 9) is
            processed; implies ``personal_data``.
        monthly_volume: Units of work per month (tickets, payslips, invoices, …).
        frequency: How often the work recurs.
        complexity: How much judgement the work takes.
        supervision: Whether the client wants close day-to-day supervision.
        in_house: The in-house cost basis, if known.
        kind: Declared outsourcing kind; overrides inference.
        office: Declared front/back office; overrides inference.
        weak_signals: Weak signals observed on the process.
        description: Free text.
        working_language: ISO 639-1 language the work is done in (None: not stated); a
            recommendation weighs it against each candidate country's official languages.
    """

    id: str = attrs.field(validator=non_empty)
    name: str = attrs.field(validator=non_empty)
    function: BusinessFunction
    importance: StrategicImportance = StrategicImportance.SUPPORT
    confidentiality: Confidentiality = Confidentiality.INTERNAL
    personal_data: bool = False
    special_category_data: bool = attrs.field(default=False, validator=_special_needs_personal)
    monthly_volume: int = attrs.field(default=0, validator=non_negative)
    frequency: Frequency = Frequency.DAILY
    complexity: Complexity = Complexity.MEDIUM
    supervision: bool = False
    in_house: InHouseCost | None = None
    kind: OutsourcingKind | None = None
    office: Office | None = None
    weak_signals: frozenset[WeakSignal] = attrs.field(factory=frozenset, converter=to_frozenset)
    description: str = ""
    working_language: str | None = attrs.field(default=None, validator=_language)
