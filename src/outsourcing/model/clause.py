"""Typed contract clauses: what a contract says about a topic, and where."""

from __future__ import annotations

from enum import StrEnum

import attrs

from outsourcing.model._checks import enum_fields

__all__ = ["Clause", "ClauseTopic"]


class ClauseTopic(StrEnum):
    """Topics a contract clause can cover (the contract-review catalogue maps onto these)."""

    SUBJECT_MATTER = "subject_matter"
    DURATION = "duration"
    NATURE_AND_PURPOSE = "nature_and_purpose"
    DATA_TYPES = "data_types"
    DATA_SUBJECT_CATEGORIES = "data_subject_categories"
    DOCUMENTED_INSTRUCTIONS = "documented_instructions"
    THIRD_COUNTRY_TRANSFERS = "third_country_transfers"
    STAFF_CONFIDENTIALITY = "staff_confidentiality"
    SECURITY_MEASURES = "security_measures"
    SUB_PROCESSING = "sub_processing"
    DATA_SUBJECT_RIGHTS = "data_subject_rights"
    COMPLIANCE_ASSISTANCE = "compliance_assistance"
    DELETION_OR_RETURN = "deletion_or_return"
    AUDIT_RIGHTS = "audit_rights"
    SERVICE_DESCRIPTION = "service_description"
    SUBCONTRACTING = "subcontracting"
    SERVICE_LOCATIONS = "service_locations"
    DATA_INTEGRITY = "data_integrity"
    DATA_ACCESS_ON_EXIT = "data_access_on_exit"
    SERVICE_LEVELS = "service_levels"
    INCIDENT_ASSISTANCE = "incident_assistance"
    AUTHORITY_COOPERATION = "authority_cooperation"
    TERMINATION_RIGHTS = "termination_rights"
    SECURITY_TRAINING = "security_training"
    REPORTING_DUTIES = "reporting_duties"
    BUSINESS_CONTINUITY = "business_continuity"
    TLPT_PARTICIPATION = "tlpt_participation"
    MONITORING_AND_INSPECTION = "monitoring_and_inspection"
    EXIT_STRATEGY = "exit_strategy"
    GOVERNING_LAW = "governing_law"
    INSURANCE = "insurance"
    INTELLECTUAL_PROPERTY = "intellectual_property"
    CONFIDENTIALITY = "confidentiality"
    ACCESS_MANAGEMENT = "access_management"
    DATA_RETENTION = "data_retention"
    RESTITUTION = "restitution"
    PENALTIES = "penalties"
    SCOPE_CHANGE = "scope_change"
    REQUEST_HANDLING = "request_handling"
    REPORTING = "reporting"
    PAYMENT_TERMS = "payment_terms"
    LIABILITY = "liability"
    WARRANTIES = "warranties"
    SCOPE = "scope"
    DELIVERABLES = "deliverables"
    TOOLS = "tools"
    MILESTONES = "milestones"
    RATES = "rates"
    BILLING = "billing"
    CONTROLLER_OBLIGATIONS = "controller_obligations"
    NOTICE_PERIODS = "notice_periods"
    FINANCIAL_OBLIGATIONS = "financial_obligations"
    RESOLUTION_POWERS = "resolution_powers"


@attrs.frozen(field_transformer=enum_fields)
class Clause:
    """A clause of the contract on one topic.

    Attributes:
        topic: What the clause covers.
        reference: Where it is in the contract (``"art. 12.3"``).
        text: The clause's text or a summary.
    """

    topic: ClauseTopic
    reference: str = ""
    text: str = ""
