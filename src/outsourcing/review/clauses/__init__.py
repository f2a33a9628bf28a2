"""The clause catalogue: what a sound outsourcing contract must say, framework by framework."""

from outsourcing.review.clauses.catalogue import CATALOGUE, entries_for
from outsourcing.review.clauses.entry import (
    Applicability,
    CatalogueEntry,
    FieldEvidence,
    Framework,
    Severity,
)

__all__ = [
    "CATALOGUE",
    "Applicability",
    "CatalogueEntry",
    "FieldEvidence",
    "Framework",
    "Severity",
    "entries_for",
]
