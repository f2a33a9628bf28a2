"""EBA/GL/2019/02 para. 75: the agreement for a critical or important function of an institution."""

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

__all__ = ["EBA_GL_2019_02"]


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


EBA_GL_2019_02 = (
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
