"""The BPO contract checklist: what every outsourcing contract says.

Items 1 to 15 are the fifteen points of the sources' article on BPO contracts (seed 004), in its
order, each with the article's own French words (``source_text``) and cited as
``BPO checklist item N``. Items 16 to 18 (liability cap, warranties, insurance) are not in that
article: they were added because a French SME buying a service needs them, and each cites its
own basis instead (the French Civil Code, or common practice where no text requires the clause);
they have no ``source_text``. `SEED_ITEMS` says how many items come from the article.
"""

from __future__ import annotations

import attrs

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

__all__ = ["BPO_CHECKLIST", "SEED_ITEMS"]

SEED_ITEMS = 15
"""The first 15 items are the seed article's; the ones after it are the library's additions."""


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


def _added(  # noqa: PLR0917 - catalogue rows read as positional tables
    number: int,
    slug: str,
    title: str,
    subject: str,
    citation: str,
    topics: tuple[ClauseTopic, ...],
    severity: Severity = Severity.MEDIUM,
) -> CatalogueEntry:
    """An item the library adds after the seed's fifteen, cited on its own basis, no seed text."""
    return attrs.evolve(
        _bpo(number, slug, title, subject, "", topics, severity=severity), citation=citation
    )


BPO_CHECKLIST = (
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
    _added(
        16,
        "liability-cap",
        "Liability and its cap",
        "The provider's liability, its cap (an amount or a multiple of the fees) and the "
        "damages excluded; a cap that empties the provider's essential obligation of its "
        "substance is deemed unwritten, and none limits liability for gross fault or fraud.",
        "C. civ. art. 1170 and 1231-3",
        (_T.LIABILITY,),
        Severity.HIGH,
    ),
    _added(
        17,
        "warranties",
        "Warranties",
        "What the provider warrants (the work conforms to the agreed specification and to the "
        "rules that apply to it), for how long, and the remedies when it does not.",
        "C. civ. art. 1217",
        (_T.WARRANTIES,),
    ),
    _added(
        18,
        "insurance",
        "Insurance",
        "The provider's professional liability insurance (the risks and amounts covered), "
        "with a certificate each year; common practice, required by law for some professions "
        "only.",
        "Professional liability insurance (BPO practice)",
        (_T.INSURANCE,),
    ),
)
