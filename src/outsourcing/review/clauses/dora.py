"""DORA (EU) 2022/2554 Art. 30(2) and 30(3): a financial entity's contracts on ICT services."""

from __future__ import annotations

from outsourcing.model.clause import ClauseTopic
from outsourcing.review.clauses.entry import (
    Applicability,
    CatalogueEntry,
    FieldEvidence,
    Framework,
    Severity,
)

_T = ClauseTopic
_F = FieldEvidence

__all__ = ["DORA_ART_30_2", "DORA_ART_30_3"]


def _dora(  # noqa: PLR0917 - catalogue rows read as positional tables
    paragraph: int,
    point: str,
    title: str,
    subject: str,
    topics: tuple[ClauseTopic, ...],
    fields: tuple[FieldEvidence, ...] = (),
    partial_fields: tuple[FieldEvidence, ...] = (),
) -> CatalogueEntry:
    critical = paragraph == 3
    return CatalogueEntry(
        id=f"dora-30-{paragraph}-{point}",
        framework=Framework.DORA_ART_30_3 if critical else Framework.DORA_ART_30_2,
        citation=f"DORA Art. 30({paragraph})({point})",
        title=title,
        subject=subject,
        applicability=Applicability.ICT_CRITICAL if critical else Applicability.ICT_SERVICES,
        topics=topics,
        fields=fields,
        partial_fields=partial_fields,
        severity=Severity.CRITICAL if critical else Severity.HIGH,
    )


DORA_ART_30_2 = (
    _dora(
        2,
        "a",
        "Service description and subcontracting",
        "A clear and complete description of all functions and ICT services to be provided, "
        "indicating whether subcontracting of an ICT service supporting a critical or important "
        "function, or material parts thereof, is permitted and, if so, the conditions applying.",
        (_T.SERVICE_DESCRIPTION, _T.SUBCONTRACTING),
        partial_fields=(_F.SCOPE,),
    ),
    _dora(
        2,
        "b",
        "Locations of services and data",
        "The regions or countries where the functions and ICT services are provided and where "
        "data is processed, including the storage location, and the provider's duty to notify "
        "the financial entity in advance of a change of location.",
        (_T.SERVICE_LOCATIONS,),
        partial_fields=(_F.DATA_LOCATIONS,),
    ),
    _dora(
        2,
        "c",
        "Protection of data",
        "Provisions on availability, authenticity, integrity and confidentiality in relation to "
        "the protection of data, including personal data.",
        (_T.DATA_INTEGRITY,),
    ),
    _dora(
        2,
        "d",
        "Access, recovery and return of data",
        "Provisions ensuring access, recovery and return, in an easily accessible format, of "
        "personal and non-personal data in the event of the provider's insolvency, resolution or "
        "discontinuation of business operations, or of the termination of the arrangement.",
        (_T.DATA_ACCESS_ON_EXIT,),
        partial_fields=(_F.RESTITUTION,),
    ),
    _dora(
        2,
        "e",
        "Service level descriptions",
        "Service level descriptions, including updates and revisions thereof.",
        (_T.SERVICE_LEVELS,),
        fields=(_F.SERVICE_LEVELS,),
    ),
    _dora(
        2,
        "f",
        "Assistance with ICT incidents",
        "The provider's obligation to assist the financial entity, at no additional cost or at a "
        "cost determined ex ante, when an ICT incident related to the service occurs.",
        (_T.INCIDENT_ASSISTANCE,),
        partial_fields=(_F.BREACH_NOTIFICATION,),
    ),
    _dora(
        2,
        "g",
        "Cooperation with authorities",
        "The provider's obligation to fully cooperate with the competent authorities and the "
        "resolution authorities of the financial entity, including persons appointed by them.",
        (_T.AUTHORITY_COOPERATION,),
    ),
    _dora(
        2,
        "h",
        "Termination rights and notice periods",
        "Termination rights and related minimum notice periods, in accordance with the "
        "expectations of competent authorities and resolution authorities.",
        (_T.TERMINATION_RIGHTS, _T.NOTICE_PERIODS),
        partial_fields=(_F.TERMINATION_TRIGGERS,),
    ),
    _dora(
        2,
        "i",
        "Security awareness and resilience training",
        "The conditions for the provider's participation in the financial entity's ICT security "
        "awareness programmes and digital operational resilience training (Art. 13(6)).",
        (_T.SECURITY_TRAINING,),
    ),
)

DORA_ART_30_3 = (
    _dora(
        3,
        "a",
        "Quantitative and qualitative performance targets",
        "Full service level descriptions with precise quantitative and qualitative performance "
        "targets, allowing effective monitoring and corrective action without undue delay when "
        "service levels are not met.",
        (_T.SERVICE_LEVELS,),
        fields=(_F.PERFORMANCE_TARGETS,),
        partial_fields=(_F.SERVICE_LEVELS,),
    ),
    _dora(
        3,
        "b",
        "Notice periods and reporting obligations",
        "Notice periods and the provider's reporting obligations, including notification of any "
        "development that might materially affect its ability to provide the services in line "
        "with the agreed service levels.",
        (_T.NOTICE_PERIODS, _T.REPORTING_DUTIES),
        partial_fields=(_F.REPORTING,),
    ),
    _dora(
        3,
        "c",
        "Business contingency plans and ICT security",
        "Requirements for the provider to implement and test business contingency plans and to "
        "have ICT security measures, tools and policies giving an appropriate level of security.",
        (_T.BUSINESS_CONTINUITY, _T.SECURITY_MEASURES),
    ),
    _dora(
        3,
        "d",
        "Threat-led penetration testing",
        "The provider's obligation to participate and fully cooperate in the financial entity's "
        "TLPT (Arts. 26 and 27).",
        (_T.TLPT_PARTICIPATION,),
    ),
    _dora(
        3,
        "e",
        "Monitoring, access, inspection and audit",
        "The right to monitor the provider's performance on an ongoing basis: unrestricted "
        "rights of access, inspection and audit by the financial entity, an appointed third "
        "party and the competent authority; alternative assurance levels; full cooperation "
        "during inspections; the scope, procedures and frequency of inspections and audits.",
        (_T.MONITORING_AND_INSPECTION, _T.AUDIT_RIGHTS),
    ),
    _dora(
        3,
        "f",
        "Exit strategy and transition period",
        "Exit strategies, in particular a mandatory adequate transition period during which the "
        "provider keeps providing the services, allowing the financial entity to migrate to "
        "another provider or back in house.",
        (_T.EXIT_STRATEGY,),
        fields=(_F.EXIT_PLAN,),
    ),
)
