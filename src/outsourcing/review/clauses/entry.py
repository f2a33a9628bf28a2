"""A catalogue entry: what a sound contract must say for one item of one framework, as data.

Each entry has its exact citation, the subject it requires, the clause topics that evidence it,
the structured fields (`FieldEvidence`) that hold the same fact, and the rule deciding when it
applies (`Applicability`).
"""

from __future__ import annotations

from enum import StrEnum

import attrs

from outsourcing.model.clause import ClauseTopic

__all__ = ["Applicability", "CatalogueEntry", "FieldEvidence", "Framework", "Severity"]


class Framework(StrEnum):
    """The checklists the catalogue draws on."""

    BPO_CHECKLIST = "bpo_checklist"
    """The sources' BPO contract checklist (seed 004)."""
    GDPR_ART_28 = "gdpr_art_28"
    """GDPR (EU) 2016/679, Art. 28(3): processor contracts."""
    DORA_ART_30_2 = "dora_art_30_2"
    """DORA (EU) 2022/2554, Art. 30(2): every contract on ICT services."""
    DORA_ART_30_3 = "dora_art_30_3"
    """DORA Art. 30(3): ICT services supporting critical or important functions."""
    EBA_GL_2019_02 = "eba_gl_2019_02"
    """EBA Guidelines on outsourcing arrangements (EBA/GL/2019/02), para. 75."""


class Applicability(StrEnum):
    """When a catalogue entry applies to a contract."""

    ALWAYS = "always"
    """Every outsourcing contract."""
    PERSONAL_DATA = "personal_data"
    """The provider processes personal data on the client's behalf (GDPR processor)."""
    ICT_SERVICES = "ict_services"
    """The client is a DORA financial entity and the contract is on ICT services."""
    ICT_CRITICAL = "ict_critical"
    """As `ICT_SERVICES`, and the services support a critical or important function."""
    EBA_CRITICAL = "eba_critical"
    """The client is supervised under EBA/GL/2019/02 and the function is critical or important."""


class Severity(StrEnum):
    """How serious a finding is, from least to most (compare with `Severity.rank`)."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Position from 0 (info) to 4 (critical)."""
        return list(Severity).index(self)

    def lowered(self) -> Severity:
        """One step less serious (info stays info)."""
        return list(Severity)[max(self.rank - 1, 0)]


class FieldEvidence(StrEnum):
    """Structured contract fields that can evidence a catalogue entry (see `contract_review`)."""

    SCOPE = "scope"
    DELIVERABLES = "deliverables"
    TOOLS = "tools"
    REQUEST_HANDLING = "request_handling"
    CHANGE_PROCEDURE = "change_procedure"
    MILESTONES = "milestones"
    PRICING = "pricing"
    PAYMENT_TERMS = "payment_terms"
    PENALTIES = "penalties"
    REPORTING = "reporting"
    RETENTION = "retention"
    RESTITUTION = "restitution"
    DATA_LOCATIONS = "data_locations"
    SERVICE_LEVELS = "service_levels"
    PERFORMANCE_TARGETS = "performance_targets"
    BREACH_NOTIFICATION = "breach_notification"
    TRANSFER_MECHANISM = "transfer_mechanism"
    EXIT_PLAN = "exit_plan"
    TERMINATION_TRIGGERS = "termination_triggers"


@attrs.frozen
class CatalogueEntry:
    """One item a contract must address.

    Attributes:
        id: Stable identifier (``"gdpr-28-3-a"``, ``"dora-30-3-f"``, ``"bpo-01-scope"``).
        framework: The checklist it belongs to.
        citation: The exact citation (``"GDPR Art. 28(3)(a)"``, ``"EBA/GL/2019/02 para. 75(q)"``).
        title: A short title.
        subject: What the contract must set out, as the source words it.
        applicability: When the entry applies.
        topics: Clause topics that evidence it; every one is needed for the entry to be
            present, some of them make it partial.
        fields: Structured fields that evidence it fully.
        partial_fields: Structured fields that evidence only part of it.
        severity: Severity of a finding when the entry is missing.
        source_text: The source's own words in French, for the sources' checklist.
    """

    id: str
    framework: Framework
    citation: str
    title: str
    subject: str
    applicability: Applicability
    topics: tuple[ClauseTopic, ...]
    fields: tuple[FieldEvidence, ...] = ()
    partial_fields: tuple[FieldEvidence, ...] = ()
    severity: Severity = Severity.HIGH
    source_text: str = ""
