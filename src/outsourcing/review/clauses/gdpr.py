"""GDPR (EU) 2016/679 Art. 28(3): what a contract says when the provider processes personal data."""

from __future__ import annotations

from outsourcing.model.clause import ClauseTopic
from outsourcing.review.clauses.entry import (
    Applicability,
    CatalogueEntry,
    FieldEvidence,
    Framework,
)

_T = ClauseTopic
_F = FieldEvidence

__all__ = ["GDPR_ART_28"]


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

GDPR_ART_28 = (
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
