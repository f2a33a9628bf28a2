"""The table of SLA metrics: what each measures, what starts and stops its clock, what is good.

Every SLA names a metric (`SLA.metric`). What the metric means lives in one row of this table,
a `Metric`, and nowhere else: the measuring engine (`outsourcing.sla.measurement`) reads the
row and runs one of five ways of measuring (`Measure`), so adding a metric that fits one of
them is adding a row:

| measure | a ticket is good when | a ticket is bad when |
|---|---|---|
| `Measure.ELAPSED` | its clock stopped within the SLA's target | its clock ran past it |
| `Measure.DEADLINE` | ``stop`` came at or before ``due`` | after, or missing past ``due`` |
| `Measure.FLAG` | its ``flag`` column holds ``good_flag`` | it holds the other value |
| `Measure.COUNT` | never: every ticket counts against the SLA's maximum | always |
| `Measure.DOWNTIME` | — (measured on downtime intervals, not tickets) | — |

The clock of `Measure.ELAPSED` runs from ``start`` to ``stop``, or is the value a column
already records (``recorded``), or is replayed from status events (`replay_events`).

Built-in rows are the `SLAMetric` members. `register_metric` adds a row of the caller's (for
example a clock from first response to resolution); an SLA then names it by its ``name``.
Register at import time of the module that defines it: the table is read, never changed, while
SLAs are measured (`unregister_metric` takes a row out again, for tests and plug-ins).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from outsourcing.exceptions import InvalidValueError, UnknownReferenceError
from outsourcing.model._checks import enum_fields, non_empty

__all__ = [
    "INSTANT_COLUMNS",
    "METRICS",
    "Measure",
    "Metric",
    "MetricName",
    "SLAMetric",
    "metric_definition",
    "register_metric",
    "unregister_metric",
]


class SLAMetric(StrEnum):
    """What an SLA measures (ticket clocks as in Zendesk/ServiceNow/Jira, plus service metrics)."""

    FIRST_RESPONSE = "first_response"
    NEXT_REPLY = "next_reply"
    RESOLUTION = "resolution"
    AGENT_WORK = "agent_work"
    REQUESTER_WAIT = "requester_wait"
    AVAILABILITY = "availability"
    ON_TIME_DELIVERY = "on_time_delivery"
    ACCURACY = "accuracy"
    SATISFACTION = "satisfaction"
    INCIDENT_COUNT = "incident_count"
    PERIODIC_UPDATE = "periodic_update"
    PAUSABLE_UPDATE = "pausable_update"
    TOTAL_RESOLUTION = "total_resolution"


class Measure(StrEnum):
    """How a metric is measured: the five ways the engine knows."""

    ELAPSED = "elapsed"
    """A clock per ticket against a time target (`SLA.target`)."""
    DEADLINE = "deadline"
    """An instant per ticket against its due instant."""
    FLAG = "flag"
    """A yes/no column per ticket."""
    COUNT = "count"
    """Every ticket counts against a maximum (`SLA.maximum`)."""
    DOWNTIME = "downtime"
    """Time available against downtime intervals (no tickets)."""


#: What `SLA.metric` holds: a built-in metric, or the name of a registered one.
MetricName = SLAMetric | str

#: The instant columns of a ticket log a clock may start or stop on.
INSTANT_COLUMNS = ("opened", "first_response", "resolved", "due")


def _instant(instance: Metric, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and value not in INSTANT_COLUMNS:
        raise InvalidValueError(
            f"Metric.{attribute.name}", value, f"must be one of {', '.join(INSTANT_COLUMNS)}"
        )
    del instance


def _flag(instance: Metric, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if instance.measure is Measure.FLAG and value not in {"error", "satisfied"}:
        raise InvalidValueError(f"Metric.{attribute.name}", value, "must be 'error' or 'satisfied'")


def _consistent(instance: Metric, attribute: attrs.Attribute[Any], value: str) -> None:
    del attribute, value
    if instance.measure is Measure.DEADLINE and instance.stop is None:
        raise InvalidValueError("Metric.stop", None, "a deadline metric needs a stop column")
    if instance.measure is Measure.ELAPSED and instance.stop == instance.start:
        raise InvalidValueError("Metric.stop", instance.stop, "must differ from Metric.start")


@attrs.frozen(field_transformer=enum_fields)
class Metric:
    """One row of the metric table: what an SLA metric measures and what counts as good.

    Attributes:
        name: The name SLAs use (`SLA.metric`), e.g. ``"resolution"``.
        measure: How it is measured (`Measure`).
        start: For `Measure.ELAPSED`: the instant column that starts the clock.
        stop: For `Measure.ELAPSED`: the column that stops it (None: the clock is only known
            from a log replayed from status events); for `Measure.DEADLINE`: the instant
            compared with ``due``.
        recorded: For `Measure.ELAPSED`: a column holding the measured seconds already (agent
            work time), used when the log was not replayed from status events.
        anchor: The instant column that places a ticket in a measurement period.
        flag: For `Measure.FLAG`: the yes/no column read (``error`` or ``satisfied``).
        good_flag: For `Measure.FLAG`: the value of ``flag`` that is good (0 or 1).
        good: What a good ticket is called, as a stable code reports translate
            (``within_target``, ``without_error``, ``satisfied``, ``on_time``, ``available``,
            ``counted``).
    """

    name: str = attrs.field(validator=[non_empty, _consistent])
    measure: Measure
    start: str | None = attrs.field(default="opened", validator=_instant)
    stop: str | None = attrs.field(default=None, validator=_instant)
    recorded: str | None = None
    anchor: str = attrs.field(default="opened", validator=_instant)
    flag: str | None = attrs.field(default=None, validator=_flag)
    good_flag: int = attrs.field(default=1, validator=attrs.validators.in_((0, 1)))
    good: str = "within_target"

    @property
    def timed(self) -> bool:
        """Whether the metric is a clock against a time target (the SLA needs a target)."""
        return self.measure is Measure.ELAPSED


_BUILTIN = (
    Metric(SLAMetric.FIRST_RESPONSE, Measure.ELAPSED, stop="first_response"),
    Metric(SLAMetric.NEXT_REPLY, Measure.ELAPSED),
    Metric(SLAMetric.RESOLUTION, Measure.ELAPSED, stop="resolved"),
    Metric(SLAMetric.AGENT_WORK, Measure.ELAPSED, recorded="work_seconds"),
    Metric(SLAMetric.REQUESTER_WAIT, Measure.ELAPSED),
    Metric(SLAMetric.AVAILABILITY, Measure.DOWNTIME, good="available"),
    Metric(
        SLAMetric.ON_TIME_DELIVERY, Measure.DEADLINE, stop="resolved", anchor="due", good="on_time"
    ),
    Metric(SLAMetric.ACCURACY, Measure.FLAG, flag="error", good_flag=0, good="without_error"),
    Metric(SLAMetric.SATISFACTION, Measure.FLAG, flag="satisfied", good="satisfied"),
    Metric(SLAMetric.INCIDENT_COUNT, Measure.COUNT, good="counted"),
    # Zendesk's update metrics: measured on a ticket's events (zendesk_metric_log) only.
    Metric(SLAMetric.PERIODIC_UPDATE, Measure.ELAPSED),
    Metric(SLAMetric.PAUSABLE_UPDATE, Measure.ELAPSED),
    # Zendesk's total resolution: creation to the final solve, never paused; on a milestone
    # log, opened to resolved (the final solve), on events by zendesk_metric_log.
    Metric(SLAMetric.TOTAL_RESOLUTION, Measure.ELAPSED, stop="resolved"),
)
_LOCK = threading.Lock()
_TABLE: dict[str, Metric] = {str(row.name): row for row in _BUILTIN}
_BUILT_IN_NAMES = frozenset(_TABLE)
#: The metric table, by name (read-only view; `register_metric` adds rows).
METRICS: Mapping[str, Metric] = MappingProxyType(_TABLE)


def metric_definition(name: str) -> Metric:
    """The row of the metric table for ``name``.

    Raises:
        UnknownReferenceError: If no metric has this name.
    """
    try:
        return _TABLE[str(name)]
    except KeyError:
        raise UnknownReferenceError("SLA.metric", name, sorted(_TABLE)) from None


def register_metric(metric: Metric) -> Metric:
    """Add a metric to the table, so SLAs can name it; registering the same row again is a no-op.

    Raises:
        InvalidValueError: If another metric already has this name.
    """
    with _LOCK:
        known = _TABLE.get(metric.name)
        if known is not None and known != metric:
            raise InvalidValueError("Metric.name", metric.name, "is already a different metric")
        _TABLE[metric.name] = metric
    return metric


def unregister_metric(name: str) -> None:
    """Remove a metric added with `register_metric` (a built-in metric stays).

    Raises:
        InvalidValueError: If ``name`` is a built-in metric.
    """
    if name in _BUILT_IN_NAMES:
        raise InvalidValueError("Metric.name", name, "is built in")
    with _LOCK:
        _TABLE.pop(name, None)
