"""The classification axes of an outsourcing arrangement and the client's life phase."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Coverage", "Horizon", "LifePhase", "Office", "OutsourcingKind", "Shoring"]


class OutsourcingKind(StrEnum):
    """What is outsourced: business processes, IT, or knowledge work."""

    BPO = "bpo"
    ITO = "ito"
    KPO = "kpo"


class Office(StrEnum):
    """Whether the process faces customers (front) or runs behind the scenes (back)."""

    FRONT = "front"
    BACK = "back"


class Shoring(StrEnum):
    """Where the provider is, relative to the client."""

    ONSHORE = "onshore"
    NEARSHORE = "nearshore"
    OFFSHORE = "offshore"


class Coverage(StrEnum):
    """Whether the whole function is transferred or only targeted tasks."""

    TOTAL = "total"
    PARTIAL = "partial"


class Horizon(StrEnum):
    """A one-off, tactical need or a lasting, strategic partnership."""

    TACTICAL = "tactical"
    STRATEGIC = "strategic"


class LifePhase(StrEnum):
    """The client company's situation, which changes what outsourcing should deliver."""

    STEADY = "steady"
    GROWTH = "growth"
    TRANSFORMATION = "transformation"
    SALE = "sale"
