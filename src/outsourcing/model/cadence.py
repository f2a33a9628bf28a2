"""How often something recurs: reports, reviews, KPI measurements."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Cadence"]


class Cadence(StrEnum):
    """A recurrence, from most to least frequent."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"
