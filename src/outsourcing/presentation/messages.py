"""Every sentence and label of the reports, in English and French, as data.

One key per message; the French and English tables have the same keys and the same
``{placeholders}`` (a test holds them to it). Enum members are labelled under
``"<EnumClass>.<value>"``; an enum value with no label is shown as its value, spaced.
"""

from __future__ import annotations

import string
from enum import Enum

from outsourcing.exceptions import InvalidValueError
from outsourcing.presentation.locale import Language, to_language

__all__ = ["MESSAGES", "label", "message", "placeholders"]

_EN: dict[str, str] = {
    # Report frame
    "report.title": "Outsourcing report",
    "report.subtitle": "{client} · figures as of {as_of}",
    "report.subtitle.undated": "{client}",
    # Overview
    "overview.title": "Overview",
    "overview.client": "Client",
    "overview.country": "Country",
    "overview.phase": "Life phase",
    "overview.currency": "Reporting currency",
    "overview.processes": "Processes",
    "overview.providers": "Providers",
    "overview.contracts": "Contracts",
    "overview.processes.caption": "Processes",
    "overview.contracts.caption": "Contracts",
    "overview.no_contracts": "The portfolio has no contract yet.",
    "column.process": "Process",
    "column.function": "Function",
    "column.importance": "Importance",
    "column.confidentiality": "Confidentiality",
    "column.monthly_volume": "Monthly volume",
    "column.contract": "Contract",
    "column.provider": "Provider",
    "column.country": "Country",
    "column.start": "Start",
    "column.end": "End",
    "column.slas": "SLAs",
    "term.open_ended": "open-ended",
    # Enum labels
    "LifePhase.steady": "steady",
    "LifePhase.growth": "growth",
    "LifePhase.transformation": "transformation",
    "LifePhase.sale": "sale or transfer",
    "OutsourcingKind.bpo": "BPO (business processes)",
    "OutsourcingKind.ito": "ITO (information technology)",
    "OutsourcingKind.kpo": "KPO (knowledge work)",
    "Office.front": "front office",
    "Office.back": "back office",
    "Shoring.onshore": "onshore",
    "Shoring.nearshore": "nearshore",
    "Shoring.offshore": "offshore",
    "Coverage.total": "total",
    "Coverage.partial": "partial",
    "Horizon.tactical": "tactical",
    "Horizon.strategic": "strategic",
    "StrategicImportance.core": "core",
    "StrategicImportance.important": "important",
    "StrategicImportance.support": "support",
    "Confidentiality.public": "public",
    "Confidentiality.internal": "internal",
    "Confidentiality.confidential": "confidential",
    "Confidentiality.secret": "secret",
    "BusinessFunction.payroll": "payroll",
    "BusinessFunction.invoicing": "invoicing",
    "BusinessFunction.accounting": "accounting",
    "BusinessFunction.hr_administration": "HR administration",
    "BusinessFunction.administration": "administration",
    "BusinessFunction.purchasing": "purchasing",
    "BusinessFunction.logistics": "logistics",
    "BusinessFunction.data_entry": "data entry",
    "BusinessFunction.data_processing": "data processing",
    "BusinessFunction.document_processing": "document processing",
    "BusinessFunction.medical_billing": "medical billing",
    "BusinessFunction.patient_records": "patient records",
    "BusinessFunction.cheque_processing": "cheque processing",
    "BusinessFunction.customer_service": "customer service",
    "BusinessFunction.customer_relations": "customer relations",
    "BusinessFunction.order_management": "order management",
    "BusinessFunction.sales": "sales",
    "BusinessFunction.after_sales": "after-sales service",
    "BusinessFunction.loyalty_programmes": "loyalty programmes",
    "BusinessFunction.technical_support": "technical support",
    "BusinessFunction.it_maintenance": "IT maintenance",
    "BusinessFunction.software_development": "software development",
    "BusinessFunction.network_administration": "network administration",
    "BusinessFunction.cybersecurity": "cybersecurity",
    "BusinessFunction.hosting": "hosting",
    "BusinessFunction.research": "research",
    "BusinessFunction.data_analysis": "data analysis",
    "BusinessFunction.writing": "writing",
    "BusinessFunction.technical_documentation": "technical documentation",
    "SLAMetric.first_response": "first response",
    "SLAMetric.next_reply": "next reply",
    "SLAMetric.resolution": "resolution",
    "SLAMetric.agent_work": "agent work",
    "SLAMetric.requester_wait": "requester wait",
    "SLAMetric.availability": "availability",
    "SLAMetric.on_time_delivery": "on-time delivery",
    "SLAMetric.accuracy": "accuracy",
    "SLAMetric.satisfaction": "satisfaction",
    "SLAMetric.incident_count": "incident count",
    "ExclusionReason.planned_maintenance": "planned maintenance",
    "ExclusionReason.customer_caused": "caused by the customer",
    "ExclusionReason.force_majeure": "force majeure",
}

_FR: dict[str, str] = {
    "report.title": "Rapport d’externalisation",
    "report.subtitle": "{client} · chiffres au {as_of}",
    "report.subtitle.undated": "{client}",
    "overview.title": "Vue d’ensemble",
    "overview.client": "Client",
    "overview.country": "Pays",
    "overview.phase": "Phase de vie",
    "overview.currency": "Devise de reporting",
    "overview.processes": "Processus",
    "overview.providers": "Prestataires",
    "overview.contracts": "Contrats",
    "overview.processes.caption": "Processus",
    "overview.contracts.caption": "Contrats",
    "overview.no_contracts": "Le portefeuille ne compte encore aucun contrat.",
    "column.process": "Processus",
    "column.function": "Fonction",
    "column.importance": "Importance",
    "column.confidentiality": "Confidentialité",
    "column.monthly_volume": "Volume mensuel",
    "column.contract": "Contrat",
    "column.provider": "Prestataire",
    "column.country": "Pays",
    "column.start": "Début",
    "column.end": "Fin",
    "column.slas": "SLA",
    "term.open_ended": "durée indéterminée",
    "LifePhase.steady": "régime de croisière",
    "LifePhase.growth": "croissance",
    "LifePhase.transformation": "transformation",
    "LifePhase.sale": "cession ou transmission",
    "OutsourcingKind.bpo": "BPO (processus métier)",
    "OutsourcingKind.ito": "ITO (informatique)",
    "OutsourcingKind.kpo": "KPO (travail intellectuel)",
    "Office.front": "front office",
    "Office.back": "back office",
    "Shoring.onshore": "onshore (même pays)",
    "Shoring.nearshore": "nearshore (pays proche)",
    "Shoring.offshore": "offshore (pays lointain)",
    "Coverage.total": "totale",
    "Coverage.partial": "partielle",
    "Horizon.tactical": "tactique",
    "Horizon.strategic": "stratégique",
    "StrategicImportance.core": "cœur de métier",
    "StrategicImportance.important": "important",
    "StrategicImportance.support": "support",
    "Confidentiality.public": "publique",
    "Confidentiality.internal": "interne",
    "Confidentiality.confidential": "confidentielle",
    "Confidentiality.secret": "secrète",
    "BusinessFunction.payroll": "paie",
    "BusinessFunction.invoicing": "facturation",
    "BusinessFunction.accounting": "comptabilité",
    "BusinessFunction.hr_administration": "administration RH",
    "BusinessFunction.administration": "administratif",
    "BusinessFunction.purchasing": "achats",
    "BusinessFunction.logistics": "logistique",
    "BusinessFunction.data_entry": "saisie de données",
    "BusinessFunction.data_processing": "traitement de données",
    "BusinessFunction.document_processing": "traitement documentaire",
    "BusinessFunction.medical_billing": "facturation médicale",
    "BusinessFunction.patient_records": "dossiers patients",
    "BusinessFunction.cheque_processing": "traitement des chèques",
    "BusinessFunction.customer_service": "service client",
    "BusinessFunction.customer_relations": "relation client",
    "BusinessFunction.order_management": "gestion des commandes",
    "BusinessFunction.sales": "ventes",
    "BusinessFunction.after_sales": "service après-vente",
    "BusinessFunction.loyalty_programmes": "programmes de fidélité",
    "BusinessFunction.technical_support": "support technique",
    "BusinessFunction.it_maintenance": "maintenance informatique",
    "BusinessFunction.software_development": "développement logiciel",
    "BusinessFunction.network_administration": "administration réseau",
    "BusinessFunction.cybersecurity": "cybersécurité",
    "BusinessFunction.hosting": "hébergement",
    "BusinessFunction.research": "recherche",
    "BusinessFunction.data_analysis": "analyse de données",
    "BusinessFunction.writing": "rédaction",
    "BusinessFunction.technical_documentation": "documentation technique",
    "SLAMetric.first_response": "première réponse",
    "SLAMetric.next_reply": "réponse suivante",
    "SLAMetric.resolution": "résolution",
    "SLAMetric.agent_work": "temps de travail agent",
    "SLAMetric.requester_wait": "attente du demandeur",
    "SLAMetric.availability": "disponibilité",
    "SLAMetric.on_time_delivery": "livraison dans les délais",
    "SLAMetric.accuracy": "exactitude",
    "SLAMetric.satisfaction": "satisfaction",
    "SLAMetric.incident_count": "nombre d’incidents",
    "ExclusionReason.planned_maintenance": "maintenance planifiée",
    "ExclusionReason.customer_caused": "du fait du client",
    "ExclusionReason.force_majeure": "force majeure",
}

#: The message tables, by language.
MESSAGES: dict[Language, dict[str, str]] = {Language.EN: _EN, Language.FR: _FR}


def placeholders(text: str) -> frozenset[str]:
    """The ``{names}`` a message expects."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


def message(language: Language | str, key: str, **values: object) -> str:
    """The message ``key`` in ``language``, with its placeholders filled from ``values``.

    Raises:
        InvalidValueError: If the key is unknown or a placeholder is not given.
    """
    table = MESSAGES[to_language(language)]
    try:
        text = table[key]
    except KeyError:
        raise InvalidValueError("message", key, "is not a known message key") from None
    missing = placeholders(text) - values.keys()
    if missing:
        raise InvalidValueError(f"message {key!r}", sorted(missing), "placeholders not given")
    return text.format(**values)


def label(language: Language | str, member: Enum) -> str:
    """The label of an enum member in ``language`` (its value, spaced, if none is written)."""
    key = f"{type(member).__name__}.{member.value}"
    return MESSAGES[to_language(language)].get(key, str(member.value).replace("_", " "))
