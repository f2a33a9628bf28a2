"""The clause catalogue: what a sound outsourcing contract must say, item by item, as data.

Five checklists, each entry with its exact citation, the subject it requires, the clause topics
that evidence it and the rule deciding when it applies:

* the BPO contract checklist of the sources (seed 004), for every contract;
* GDPR (EU) 2016/679 Art. 28(3): the first subparagraph's elements and points (a) to (h), when
  the provider processes personal data for the client;
* DORA (EU) 2022/2554 Art. 30(2)(a) to (i), for a financial entity's contracts on ICT services;
* DORA Art. 30(3)(a) to (f), when those ICT services support a critical or important function;
* EBA/GL/2019/02 para. 75(a) to (q), for an institution or payment institution supervised under
  the EBA guidelines outsourcing a critical or important function (para. 75 lists what the
  agreement for such a function sets out).

The catalogue names clause topics (`ClauseTopic`) and, where the model holds the same fact as a
structured field, a `FieldEvidence` key; `outsourcing.review.contract_review` reads both.
"""

from __future__ import annotations

from enum import StrEnum

import attrs

from outsourcing.model.clause import ClauseTopic

__all__ = [
    "CATALOGUE",
    "Applicability",
    "CatalogueEntry",
    "FieldEvidence",
    "Framework",
    "Severity",
    "entries_for",
]


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


_T = ClauseTopic
_F = FieldEvidence


def _bpo(  # noqa: PLR0917 - catalogue rows read as positional tables
    number: int,
    slug: str,
    title: str,
    subject: str,
    french: str,
    topics: tuple[ClauseTopic, ...],
    fields: tuple[FieldEvidence, ...] = (),
    severity: Severity = Severity.MEDIUM,
) -> CatalogueEntry:
    return CatalogueEntry(
        id=f"bpo-{number:02d}-{slug}",
        framework=Framework.BPO_CHECKLIST,
        citation=f"BPO checklist item {number}",
        title=title,
        subject=subject,
        applicability=Applicability.ALWAYS,
        topics=topics,
        fields=fields,
        severity=severity,
        source_text=french,
    )


_BPO_CHECKLIST = (
    _bpo(
        1,
        "scope",
        "Scope and limits",
        "An explicit list of the tasks entrusted to the provider, with the limits of its "
        "intervention.",
        "Il liste explicitement les tâches confiées au prestataire, en précisant les limites de "
        "son intervention.",
        (_T.SCOPE,),
        (_F.SCOPE,),
        Severity.HIGH,
    ),
    _bpo(
        2,
        "deliverables",
        "Deliverables and formats",
        "The deliverables expected and their format.",
        "Une clause détaillant les livrables attendus, leur format.",
        (_T.DELIVERABLES,),
        (_F.DELIVERABLES,),
    ),
    _bpo(
        3,
        "tools",
        "Tools",
        "The (digital) tools used to deliver the work.",
        "Les outils numériques utilisés et les formats des livrables.",
        (_T.TOOLS,),
        (_F.TOOLS,),
        Severity.LOW,
    ),
    _bpo(
        4,
        "request-handling",
        "Request handling",
        "The method used to handle requests.",
        "La méthode utilisée pour traiter les demandes.",
        (_T.REQUEST_HANDLING,),
        (_F.REQUEST_HANDLING,),
    ),
    _bpo(
        5,
        "scope-changes",
        "Scope changes",
        "How changes of scope are anticipated and agreed.",
        "Anticiper les éventuels changements de périmètre.",
        (_T.SCOPE_CHANGE,),
        (_F.CHANGE_PROCEDURE,),
    ),
    _bpo(
        6,
        "deadlines",
        "Deadlines and milestones",
        "Key dates: launch, first deliveries, intermediate milestones and the rhythm of "
        "recurring deliveries.",
        "Les dates clés de lancement, les premières livraisons, les jalons intermédiaires ainsi "
        "que le rythme de livraison des tâches récurrentes.",
        (_T.MILESTONES,),
        (_F.MILESTONES,),
    ),
    _bpo(
        7,
        "rates",
        "Rates",
        "The rates applied.",
        "Le contrat doit expliciter les tarifs appliqués.",
        (_T.RATES,),
        (_F.PRICING,),
        Severity.HIGH,
    ),
    _bpo(
        8,
        "billing",
        "Billing",
        "The billing mode chosen.",
        "Le mode de facturation retenu.",
        (_T.BILLING,),
        (_F.PRICING,),
    ),
    _bpo(
        9,
        "payment-terms",
        "Payment terms",
        "The terms of payment.",
        "Les modalités de paiement.",
        (_T.PAYMENT_TERMS,),
        (_F.PAYMENT_TERMS,),
    ),
    _bpo(
        10,
        "penalties",
        "Penalties",
        "Penalties in case of delay or failure.",
        "Les éventuelles pénalités en cas de retard ou de manquement.",
        (_T.PENALTIES,),
        (_F.PENALTIES,),
    ),
    _bpo(
        11,
        "reporting",
        "Reporting and review points",
        "Regular reporting and frequent review points.",
        "Un reporting régulier et des points de suivi fréquents.",
        (_T.REPORTING,),
        (_F.REPORTING,),
    ),
    _bpo(
        12,
        "confidentiality",
        "Confidentiality",
        "A strict confidentiality clause.",
        "Une clause stricte de confidentialité.",
        (_T.CONFIDENTIALITY,),
        severity=Severity.HIGH,
    ),
    _bpo(
        13,
        "access-management",
        "Access management",
        "Secured management of access to tools and data.",
        "La gestion sécurisée des accès.",
        (_T.ACCESS_MANAGEMENT,),
        severity=Severity.HIGH,
    ),
    _bpo(
        14,
        "data-retention",
        "Data retention",
        "Limited retention of data.",
        "La conservation limitée des données.",
        (_T.DATA_RETENTION,),
        (_F.RETENTION,),
    ),
    _bpo(
        15,
        "restitution",
        "Restitution at the end",
        "The protocol for handing everything back at the end of the engagement.",
        "Le protocole de restitution à la fin de la mission.",
        (_T.RESTITUTION,),
        (_F.RESTITUTION,),
        Severity.HIGH,
    ),
)


def _gdpr(  # noqa: PLR0917 - catalogue rows read as positional tables
    slug: str,
    citation: str,
    title: str,
    subject: str,
    topics: tuple[ClauseTopic, ...],
    partial_fields: tuple[FieldEvidence, ...] = (),
) -> CatalogueEntry:
    return CatalogueEntry(
        id=f"gdpr-28-3-{slug}",
        framework=Framework.GDPR_ART_28,
        citation=citation,
        title=title,
        subject=subject,
        applicability=Applicability.PERSONAL_DATA,
        topics=topics,
        partial_fields=partial_fields,
    )


_INTRO = "GDPR Art. 28(3), first subparagraph"

_GDPR_ART_28 = (
    _gdpr(
        "subject-matter-duration",
        f"{_INTRO} (subject-matter and duration)",
        "Subject-matter and duration of the processing",
        "The subject-matter and duration of the processing.",
        (_T.SUBJECT_MATTER, _T.DURATION),
    ),
    _gdpr(
        "nature-purpose",
        f"{_INTRO} (nature and purpose)",
        "Nature and purpose of the processing",
        "The nature and purpose of the processing.",
        (_T.NATURE_AND_PURPOSE,),
    ),
    _gdpr(
        "data-types",
        f"{_INTRO} (type of personal data)",
        "Type of personal data",
        "The type of personal data.",
        (_T.DATA_TYPES,),
    ),
    _gdpr(
        "data-subjects",
        f"{_INTRO} (categories of data subjects)",
        "Categories of data subjects",
        "The categories of data subjects.",
        (_T.DATA_SUBJECT_CATEGORIES,),
    ),
    _gdpr(
        "controller",
        f"{_INTRO} (obligations and rights of the controller)",
        "Obligations and rights of the controller",
        "The obligations and rights of the controller.",
        (_T.CONTROLLER_OBLIGATIONS,),
    ),
    _gdpr(
        "a",
        "GDPR Art. 28(3)(a)",
        "Documented instructions, including on third-country transfers",
        "The processor processes the personal data only on documented instructions from the "
        "controller, including with regard to transfers of personal data to a third country or an "
        "international organisation, unless required to do so by Union or Member State law.",
        (_T.DOCUMENTED_INSTRUCTIONS, _T.THIRD_COUNTRY_TRANSFERS),
        (_F.TRANSFER_MECHANISM,),
    ),
    _gdpr(
        "b",
        "GDPR Art. 28(3)(b)",
        "Confidentiality of authorised persons",
        "Persons authorised to process the personal data have committed themselves to "
        "confidentiality or are under an appropriate statutory obligation of confidentiality.",
        (_T.STAFF_CONFIDENTIALITY,),
    ),
    _gdpr(
        "c",
        "GDPR Art. 28(3)(c)",
        "Security of processing (Art. 32)",
        "The processor takes all measures required pursuant to Article 32.",
        (_T.SECURITY_MEASURES,),
    ),
    _gdpr(
        "d",
        "GDPR Art. 28(3)(d)",
        "Sub-processors",
        "The processor respects the conditions referred to in paragraphs 2 and 4 for engaging "
        "another processor: prior written authorisation, and the same obligations flowed down.",
        (_T.SUB_PROCESSING,),
    ),
    _gdpr(
        "e",
        "GDPR Art. 28(3)(e)",
        "Assistance with data-subject rights",
        "The processor assists the controller by appropriate technical and organisational "
        "measures in responding to requests for exercising the data subject's rights "
        "(Chapter III).",
        (_T.DATA_SUBJECT_RIGHTS,),
    ),
    _gdpr(
        "f",
        "GDPR Art. 28(3)(f)",
        "Assistance with Arts. 32 to 36",
        "The processor assists the controller in ensuring compliance with the obligations "
        "pursuant to Articles 32 to 36 (security, breach notification, impact assessment, prior "
        "consultation).",
        (_T.COMPLIANCE_ASSISTANCE,),
        (_F.BREACH_NOTIFICATION,),
    ),
    _gdpr(
        "g",
        "GDPR Art. 28(3)(g)",
        "Deletion or return at the end",
        "At the choice of the controller, the processor deletes or returns all the personal data "
        "after the end of the provision of services, and deletes existing copies unless Union or "
        "Member State law requires storage.",
        (_T.DELETION_OR_RETURN,),
        (_F.RESTITUTION,),
    ),
    _gdpr(
        "h",
        "GDPR Art. 28(3)(h)",
        "Information and audits",
        "The processor makes available all information necessary to demonstrate compliance with "
        "Art. 28 and allows for and contributes to audits, including inspections, conducted by the "
        "controller or another auditor mandated by the controller.",
        (_T.AUDIT_RIGHTS,),
    ),
)


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


_DORA_ART_30_2 = (
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

_DORA_ART_30_3 = (
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


def _eba(  # noqa: PLR0917 - catalogue rows read as positional tables
    point: str,
    title: str,
    subject: str,
    topics: tuple[ClauseTopic, ...],
    fields: tuple[FieldEvidence, ...] = (),
    partial_fields: tuple[FieldEvidence, ...] = (),
) -> CatalogueEntry:
    return CatalogueEntry(
        id=f"eba-75-{point}",
        framework=Framework.EBA_GL_2019_02,
        citation=f"EBA/GL/2019/02 para. 75({point})",
        title=title,
        subject=subject,
        applicability=Applicability.EBA_CRITICAL,
        topics=topics,
        fields=fields,
        partial_fields=partial_fields,
    )


_EBA_GL_2019_02 = (
    _eba(
        "a",
        "Description of the outsourced function",
        "A clear description of the outsourced function to be provided.",
        (_T.SERVICE_DESCRIPTION,),
        fields=(_F.SCOPE,),
    ),
    _eba(
        "b",
        "Start and end dates, notice periods",
        "The start date and end date, where applicable, of the agreement and the notice periods "
        "for the service provider and the institution or payment institution.",
        (_T.DURATION, _T.NOTICE_PERIODS),
    ),
    _eba("c", "Governing law", "The governing law of the agreement.", (_T.GOVERNING_LAW,)),
    _eba(
        "d",
        "Financial obligations",
        "The parties' financial obligations.",
        (_T.FINANCIAL_OBLIGATIONS,),
        partial_fields=(_F.PRICING,),
    ),
    _eba(
        "e",
        "Sub-outsourcing",
        "Whether the sub-outsourcing of a critical or important function, or material parts "
        "thereof, is permitted and, if so, the conditions (Section 13.1) it is subject to.",
        (_T.SUBCONTRACTING,),
    ),
    _eba(
        "f",
        "Locations of the function and of the data",
        "The location(s) (regions or countries) where the function will be provided and/or where "
        "relevant data will be kept and processed, including the possible storage location, and "
        "the conditions to be met, including a requirement to notify the institution if the "
        "service provider proposes to change the location(s).",
        (_T.SERVICE_LOCATIONS,),
        partial_fields=(_F.DATA_LOCATIONS,),
    ),
    _eba(
        "g",
        "Accessibility, availability, integrity, privacy and safety of data",
        "Where relevant, provisions regarding the accessibility, availability, integrity, privacy "
        "and safety of relevant data (Section 13.2).",
        (_T.DATA_INTEGRITY,),
    ),
    _eba(
        "h",
        "Ongoing monitoring of performance",
        "The right of the institution or payment institution to monitor the service provider's "
        "performance on an ongoing basis.",
        (_T.MONITORING_AND_INSPECTION,),
        partial_fields=(_F.REPORTING,),
    ),
    _eba(
        "i",
        "Agreed service levels",
        "The agreed service levels, with precise quantitative and qualitative performance targets "
        "allowing timely monitoring and corrective action without undue delay.",
        (_T.SERVICE_LEVELS,),
        fields=(_F.PERFORMANCE_TARGETS,),
        partial_fields=(_F.SERVICE_LEVELS,),
    ),
    _eba(
        "j",
        "Reporting obligations",
        "The service provider's reporting obligations, including communication of any development "
        "that may materially affect its ability to carry out the function in line with the agreed "
        "service levels and the law, and, as appropriate, reports of its internal audit function.",
        (_T.REPORTING_DUTIES,),
        partial_fields=(_F.REPORTING,),
    ),
    _eba(
        "k",
        "Mandatory insurance",
        "Whether the service provider should take mandatory insurance against certain risks and, "
        "if applicable, the level of insurance cover requested.",
        (_T.INSURANCE,),
    ),
    _eba(
        "l",
        "Business contingency plans",
        "The requirements to implement and test business contingency plans.",
        (_T.BUSINESS_CONTINUITY,),
    ),
    _eba(
        "m",
        "Access to data on insolvency, resolution or discontinuation",
        "Provisions ensuring that the data owned by the institution can be accessed in the case "
        "of the insolvency, resolution or discontinuation of business operations of the service "
        "provider.",
        (_T.DATA_ACCESS_ON_EXIT,),
    ),
    _eba(
        "n",
        "Cooperation with authorities",
        "The service provider's obligation to cooperate with the competent authorities and "
        "resolution authorities of the institution, including other persons appointed by them.",
        (_T.AUTHORITY_COOPERATION,),
    ),
    _eba(
        "o",
        "Resolution authority's powers",
        "For institutions, a clear reference to the national resolution authority's powers, "
        "especially to Articles 68 and 71 of Directive 2014/59/EU (BRRD), and a description of the "
        "'substantive obligations' of the contract in the sense of Article 68 of that Directive.",
        (_T.RESOLUTION_POWERS,),
    ),
    _eba(
        "p",
        "Inspection and audit",
        "The unrestricted right of the institution and of competent authorities to inspect and "
        "audit the service provider with regard to the outsourced function (Section 13.3).",
        (_T.AUDIT_RIGHTS,),
    ),
    _eba(
        "q",
        "Termination rights",
        "Termination rights, as specified in Section 13.4.",
        (_T.TERMINATION_RIGHTS,),
        partial_fields=(_F.TERMINATION_TRIGGERS,),
    ),
)

CATALOGUE: tuple[CatalogueEntry, ...] = (
    _BPO_CHECKLIST + _GDPR_ART_28 + _DORA_ART_30_2 + _DORA_ART_30_3 + _EBA_GL_2019_02
)
"""Every entry, in review order: checklist, GDPR, DORA 30(2), DORA 30(3), EBA para. 75."""


def entries_for(framework: Framework) -> tuple[CatalogueEntry, ...]:
    """The entries of one checklist, in order.

    Args:
        framework: The checklist.

    Returns:
        Its entries, in the order of the source.
    """
    return tuple(e for e in CATALOGUE if e.framework is framework)
