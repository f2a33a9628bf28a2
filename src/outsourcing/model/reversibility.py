"""The plan for taking the work back, or moving it to another provider."""

from __future__ import annotations

from enum import StrEnum

import attrs
import pendulum

from outsourcing.model._checks import (
    enum_fields,
    non_empty,
    non_negative,
    optional_date_field,
    to_frozenset,
    to_tuple,
)
from outsourcing.model.money import Money
from outsourcing.model.span import Span

__all__ = ["AssetKind", "ExitAsset", "ExitTrigger", "ReversibilityPlan"]


class AssetKind(StrEnum):
    """What must be handed back at exit."""

    ACCESS_KEYS = "access_keys"
    PROCESS_DOCUMENTATION = "process_documentation"
    DATA_EXPORT = "data_export"
    SOURCE_CODE = "source_code"
    CONFIGURATION = "configuration"
    TOOLS_AND_LICENCES = "tools_and_licences"


class ExitTrigger(StrEnum):
    """Events that start the exit plan."""

    TERMINATION = "termination"
    PROVIDER_FAILURE = "provider_failure"
    QUALITY_DETERIORATION = "quality_deterioration"
    CHANGE_OF_CONTROL = "change_of_control"
    REGULATORY_REQUEST = "regulatory_request"


@attrs.frozen(field_transformer=enum_fields)
class ExitAsset:
    """An asset to hand back at exit.

    Attributes:
        kind: What it is.
        description: What exactly.
        formats: Formats it is delivered in (``csv``, ``json``, ``pdf``) for data and documents.
        ready: Whether it can be handed back today.
    """

    kind: AssetKind
    description: str = ""
    formats: frozenset[str] = attrs.field(factory=frozenset, converter=to_frozenset)
    ready: bool = False


@attrs.frozen(field_transformer=enum_fields)
class ReversibilityPlan:
    """How to take the work back in house or move it to another provider.

    Attributes:
        notice_period: Notice to give before termination.
        transition_period: Time the provider must help hand over after notice.
        assets: What must be handed back.
        knowledge_transfer: Whether knowledge transfer sessions are planned.
        parallel_run: How long old and new run side by side (None: no parallel run).
        exit_cost: Estimated cost of the exit.
        exit_duration: Estimated duration of the exit.
        alternative_providers: Names of alternatives identified.
        reintegration_possible: Whether the work can be taken back in house (None: not
            assessed).
        last_tested: When the plan was last tested.
        triggers: Events that start the plan.
        owner: Who owns the plan in house.
    """

    notice_period: Span
    transition_period: Span
    assets: tuple[ExitAsset, ...] = attrs.field(default=(), converter=to_tuple)
    knowledge_transfer: bool = False
    parallel_run: Span | None = None
    exit_cost: Money | None = attrs.field(default=None, validator=non_negative)
    exit_duration: Span | None = None
    alternative_providers: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    reintegration_possible: bool | None = None
    last_tested: pendulum.Date | None = attrs.field(default=None, converter=optional_date_field)
    triggers: frozenset[ExitTrigger] = attrs.field(factory=frozenset, converter=to_frozenset)
    owner: str | None = attrs.field(default=None, validator=attrs.validators.optional(non_empty))
