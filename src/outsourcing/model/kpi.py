"""Key performance indicators: tracked, without a contractual consequence."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

import attrs

from outsourcing.model._checks import decimal_field, enum_fields, non_empty
from outsourcing.model.cadence import Cadence
from outsourcing.model.sla import TicketScope

__all__ = ["KPI", "Direction", "KPIMetric"]


class KPIMetric(StrEnum):
    """KPIs named by the sources, plus common ones."""

    AVERAGE_PROCESSING_TIME = "average_processing_time"
    INTERNAL_SATISFACTION = "internal_satisfaction"
    INCIDENT_COUNT = "incident_count"
    ERROR_RATE = "error_rate"
    CRITICAL_ON_TIME = "critical_on_time"
    FIRST_RESPONSE_TIME = "first_response_time"
    BACKLOG = "backlog"
    ABSORPTION_CAPACITY = "absorption_capacity"


class Direction(StrEnum):
    """Whether a higher value is better or worse."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


@attrs.frozen(field_transformer=enum_fields)
class KPI:
    """A tracked indicator with a target.

    Attributes:
        id: Identifier, unique in the contract.
        name: Human-readable name.
        metric: What is measured.
        unit: Unit of the value (``"hours"``, ``"%"``, ``"count"``, ``"score/5"``).
        direction: Whether higher is better.
        target: The value to reach.
        cadence: How often it is measured (the periods `evaluate_kpis` reports).
        scope: Which tickets count (e.g. the critical priority for ``critical_on_time``).
        calendar: Id of a contract calendar the times are measured in (None: 24×7).
        sla: Id of the contract SLA whose time target (in its calendar) a ticket must meet to
            be on time, for ``critical_on_time`` (None: the ticket's ``due`` instant).
    """

    id: str = attrs.field(validator=non_empty)
    name: str = attrs.field(validator=non_empty)
    metric: KPIMetric
    unit: str = attrs.field(validator=non_empty)
    direction: Direction
    target: Decimal = attrs.field(converter=decimal_field)
    cadence: Cadence = Cadence.MONTHLY
    scope: TicketScope = attrs.field(factory=TicketScope)
    calendar: str | None = attrs.field(default=None, validator=attrs.validators.optional(non_empty))
    sla: str | None = attrs.field(default=None, validator=attrs.validators.optional(non_empty))

    def is_met(self, value: Decimal) -> bool:
        """Whether a measured value meets the target."""
        if self.direction is Direction.HIGHER_IS_BETTER:
            return value >= self.target
        return value <= self.target
