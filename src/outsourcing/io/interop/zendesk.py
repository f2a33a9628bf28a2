"""Zendesk SLA policies and business-hours schedules, read into SLAs and a calendar.

`zendesk_slas` reads the JSON of Zendesk's ``/api/v2/slas/policies`` endpoint (one policy as
``{"sla_policy": {...}}``, several as ``{"sla_policies": [...]}``, or the bare objects) and makes
**one SLA per policy, metric and priority**:

- the target is ``target_in_seconds`` when given, else ``target`` (minutes);
- ``business_hours: true`` measures in a calendar: one built from a Zendesk schedule
  (`zendesk_calendar`, the ``/api/v2/business_hours/schedules`` JSON) or one the caller names;
- filter conditions on ``priority`` narrow the priorities the policy applies to (a target for a
  priority the filter excludes never applies: it is reported, not made into an SLA); conditions
  on the field the caller names as the category field become the scope's categories; any other
  condition is reported as not representable (`NoteCode.CONDITION_NOT_REPRESENTABLE`), never
  dropped in silence;
- Zendesk has no contractual objective (share of tickets within target): the caller gives it.

Metrics: ``first_reply_time`` is `SLAMetric.FIRST_RESPONSE`, ``next_reply_time``
`SLAMetric.NEXT_REPLY`, ``requester_wait_time`` `SLAMetric.REQUESTER_WAIT`,
``agent_work_time`` `SLAMetric.AGENT_WORK`, ``periodic_update_time``
`SLAMetric.PERIODIC_UPDATE`, ``pausable_update_time`` `SLAMetric.PAUSABLE_UPDATE`,
``total_resolution_time`` `SLAMetric.TOTAL_RESOLUTION`. The SLAs have no clock: Zendesk's
metrics are measured on a ticket's events by
`outsourcing.sla.records.zendesk_events.zendesk_metric_log`, which knows each metric's
definition (pauses, reopenings, replies).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import pendulum

from outsourcing.exceptions import DocumentError, InvalidValueError
from outsourcing.io.interop.imported import ImportedSLAs, ImportNote, NoteCode, slug
from outsourcing.io.interop.zendesk_time_zones import RAILS_TIME_ZONES
from outsourcing.model.calendar import BusinessCalendar, Weekday
from outsourcing.model.money import Percentage
from outsourcing.model.sla import SLA, SLAMetric, TicketScope

__all__ = [
    "ZENDESK_METRICS",
    "ZENDESK_PRIORITIES",
    "zendesk_calendar",
    "zendesk_slas",
]

#: Zendesk priorities, lowest first (the order ``less_than`` and ``greater_than`` use).
ZENDESK_PRIORITIES: Final = ("low", "normal", "high", "urgent")

#: Zendesk policy metrics and the SLA metric each becomes.
ZENDESK_METRICS: Final[dict[str, SLAMetric]] = {
    "first_reply_time": SLAMetric.FIRST_RESPONSE,
    "next_reply_time": SLAMetric.NEXT_REPLY,
    "periodic_update_time": SLAMetric.PERIODIC_UPDATE,
    "pausable_update_time": SLAMetric.PAUSABLE_UPDATE,
    "requester_wait_time": SLAMetric.REQUESTER_WAIT,
    "agent_work_time": SLAMetric.AGENT_WORK,
    "total_resolution_time": SLAMetric.TOTAL_RESOLUTION,
}

_MINUTES_PER_DAY: Final = 1440
_MINUTES_PER_WEEK: Final = 7 * _MINUTES_PER_DAY


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise DocumentError([f"{where}: must be an object, got {value!r}"], "Zendesk document")
    return value


def _list(value: object, where: str) -> Sequence[Any]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise DocumentError([f"{where}: must be a list, got {value!r}"], "Zendesk document")
    return value


def _policies(document: object) -> list[tuple[str, Mapping[str, Any]]]:
    """The policies of a document, each with its JSON path."""
    if isinstance(document, Mapping):
        if "sla_policy" in document:
            return [("$.sla_policy", _mapping(document["sla_policy"], "$.sla_policy"))]
        if "sla_policies" in document:
            items = _list(document["sla_policies"], "$.sla_policies")
            return [
                (f"$.sla_policies[{i}]", _mapping(p, f"$.sla_policies[{i}]"))
                for i, p in enumerate(items)
            ]
        return [("$", document)]
    items = _list(document, "$")
    return [(f"$[{i}]", _mapping(p, f"$[{i}]")) for i, p in enumerate(items)]


def _values(value: object) -> list[str]:
    """A condition's value(s) as strings: Zendesk writes ``"4"``, ``4`` or ``["1", "2"]``."""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _priority_set(operator: str, values: list[str]) -> frozenset[str] | None:
    """Priorities a priority condition admits (None: an operator not understood)."""
    known = [v for v in values if v in ZENDESK_PRIORITIES]
    if len(known) != len(values) or not known:
        return None
    rank = ZENDESK_PRIORITIES.index
    if operator in {"is", "includes"}:
        return frozenset(known)
    if operator in {"is_not", "not_includes"}:
        return frozenset(ZENDESK_PRIORITIES) - frozenset(known)
    if operator == "less_than" and len(known) == 1:
        return frozenset(p for p in ZENDESK_PRIORITIES if rank(p) < rank(known[0]))
    if operator == "greater_than" and len(known) == 1:
        return frozenset(p for p in ZENDESK_PRIORITIES if rank(p) > rank(known[0]))
    return None


class _Filter:
    """What a policy's ``filter`` narrows: priorities, categories, and the notes on the rest."""

    def __init__(
        self, title: str, where: str, policy: Mapping[str, Any], category_field: str | None
    ) -> None:
        self.priorities = frozenset(ZENDESK_PRIORITIES)
        self.categories: frozenset[str] = frozenset()
        self.notes: list[ImportNote] = []
        conditions = _mapping(policy.get("filter") or {}, f"{where}.filter")
        for i, raw in enumerate(_list(conditions.get("all"), f"{where}.filter.all")):
            self._all(title, f"{where}.filter.all[{i}]", raw, category_field)
        any_items = _list(conditions.get("any"), f"{where}.filter.any")
        self._any(title, f"{where}.filter.any", any_items)

    def _all(self, title: str, where: str, raw: object, category_field: str | None) -> None:
        condition = _mapping(raw, where)
        field, operator = str(condition.get("field")), str(condition.get("operator"))
        values = _values(condition.get("value"))
        if field == "priority":
            admitted = _priority_set(operator, values)
            if admitted is not None:
                self.priorities &= admitted
                return
        elif field == category_field and operator in {"is", "includes"}:
            self.categories = frozenset(values)
            return
        self.notes.append(_condition_note(title, where, condition))

    def _any(self, title: str, where: str, items: Sequence[Any]) -> None:
        """An ``any`` group narrows the priorities only when every condition is on priority."""
        if not items:
            return
        admitted: frozenset[str] = frozenset()
        for i, raw in enumerate(items):
            condition = _mapping(raw, f"{where}[{i}]")
            one = (
                _priority_set(str(condition.get("operator")), _values(condition.get("value")))
                if condition.get("field") == "priority"
                else None
            )
            if one is None:
                self.notes.extend(
                    _condition_note(title, f"{where}[{j}]", _mapping(c, f"{where}[{j}]"))
                    for j, c in enumerate(items)
                )
                return
            admitted |= one
        self.priorities &= admitted


def _condition_note(title: str, where: str, condition: Mapping[str, Any]) -> ImportNote:
    raw = condition.get("value")
    value = _values(raw) if isinstance(raw, list | tuple) else str(raw)
    shown = f"{condition.get('field')} {condition.get('operator')} {value!r}"
    return ImportNote(
        NoteCode.CONDITION_NOT_REPRESENTABLE,
        title,
        where,
        f"condition '{shown}' has no SLA field: the SLAs apply to every ticket of their priority",
    )


def _target(
    title: str, where: str, metric: Mapping[str, Any], notes: list[ImportNote]
) -> dt.timedelta:
    seconds = metric.get("target_in_seconds")
    minutes = metric.get("target")
    if seconds is None and minutes is None:
        raise DocumentError([f"{where}: needs target or target_in_seconds"], "Zendesk document")
    try:
        if seconds is not None:
            exact = Decimal(str(seconds))
            if minutes is not None and Decimal(str(minutes)) * 60 != exact:
                notes.append(
                    ImportNote(
                        NoteCode.TARGET_DISAGREES,
                        title,
                        where,
                        f"target {minutes} min and target_in_seconds {seconds} differ: "
                        "target_in_seconds kept",
                    )
                )
        else:
            exact = Decimal(str(minutes)) * 60
    except ArithmeticError:
        raise DocumentError(
            [f"{where}: target must be a number, got {minutes or seconds!r}"], "Zendesk document"
        ) from None
    return dt.timedelta(seconds=int(exact))


def zendesk_slas(
    document: object,
    *,
    objective: Percentage | Decimal | int | str,
    calendar: str | BusinessCalendar | None = None,
    category_field: str | None = None,
) -> ImportedSLAs:
    """SLAs from Zendesk SLA policies: one per policy, metric and priority.

    Args:
        document: The parsed JSON of ``/api/v2/slas/policies`` (one policy or a list).
        objective: The share of tickets that must meet each target, in % (Zendesk has none).
        calendar: For targets in business hours: a calendar (e.g. from `zendesk_calendar`,
            then returned in `ImportedSLAs.calendars`) or the id of one already in the
            contract. Targets in calendar hours run 24×7.
        category_field: A Zendesk field (``type``, ``group_id``, ...) whose ``is`` or
            ``includes`` conditions give the SLA's categories; None: such conditions are
            reported like any other.

    Returns:
        The SLAs (ids ``<policy>-<metric>-<priority>``), the calendar built, and the notes.

    Raises:
        DocumentError: If the document is not a Zendesk policy document.
        InvalidValueError: If a target is in business hours and no calendar is given.
    """
    calendar_id = calendar.id if isinstance(calendar, BusinessCalendar) else calendar
    slas: list[SLA] = []
    notes: list[ImportNote] = []
    for where, policy in _policies(document):
        title = str(policy.get("title") or policy.get("id") or where)
        narrowed = _Filter(title, where, policy, category_field)
        notes.extend(narrowed.notes)
        for i, raw in enumerate(_list(policy.get("policy_metrics"), f"{where}.policy_metrics")):
            place = f"{where}.policy_metrics[{i}]"
            item = _mapping(raw, place)
            name, priority = str(item.get("metric")), str(item.get("priority"))
            if name not in ZENDESK_METRICS:
                raise DocumentError(
                    [f"{place}.metric: unknown Zendesk metric {name!r}"], "Zendesk document"
                )
            metric = ZENDESK_METRICS[name]
            if priority not in narrowed.priorities:
                notes.append(
                    ImportNote(
                        NoteCode.NEVER_APPLIES,
                        title,
                        place,
                        f"{name} for priority {priority!r}, which the policy's filter excludes: "
                        "no SLA made",
                    )
                )
                continue
            target = _target(title, place, item, notes)
            business = bool(item.get("business_hours"))
            if business and calendar_id is None:
                raise InvalidValueError(
                    f"{place}.business_hours",
                    item.get("business_hours"),
                    f"policy {title!r} counts business hours: give calendar= (a Zendesk "
                    "schedule read by zendesk_calendar, or a calendar id)",
                )
            slas.append(
                SLA(
                    id=slug(title, metric, priority),
                    name=f"{title}: {name.replace('_', ' ')} ({priority})",
                    metric=metric,
                    objective=Percentage.of(objective),
                    target=target,
                    scope=TicketScope(priorities={priority}, categories=narrowed.categories),
                    calendar=calendar_id if business else None,
                )
            )
    calendars = (calendar,) if isinstance(calendar, BusinessCalendar) else ()
    used = any(s.calendar is not None for s in slas)
    return ImportedSLAs("zendesk", slas, calendars if used else (), notes)


def _timezone(name: str, where: str) -> str:
    zone = RAILS_TIME_ZONES.get(name, name)
    try:
        import zoneinfo  # noqa: PLC0415 - only to check a name

        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InvalidValueError(
            where, name, "is neither a Zendesk (Rails) time zone nor an IANA one: give timezone="
        ) from None
    return zone


def _week(intervals: Sequence[Any], where: str) -> dict[Weekday, list[str]]:
    """Zendesk intervals (minutes since Sunday 00:00) as working hours per weekday."""
    week: dict[Weekday, list[str]] = {day: [] for day in Weekday}
    for i, raw in enumerate(intervals):
        interval = _mapping(raw, f"{where}[{i}]")
        try:
            start, end = int(interval["start_time"]), int(interval["end_time"])
        except (KeyError, TypeError, ValueError):
            raise DocumentError(
                [f"{where}[{i}]: needs start_time and end_time in minutes"], "Zendesk schedule"
            ) from None
        if not 0 <= start < end <= _MINUTES_PER_WEEK:
            raise DocumentError(
                [f"{where}[{i}]: must satisfy 0 <= start_time < end_time <= 10080"],
                "Zendesk schedule",
            )
        while start < end:  # split at local midnights
            day_start = start // _MINUTES_PER_DAY * _MINUTES_PER_DAY
            stop = min(end, day_start + _MINUTES_PER_DAY)
            weekday = Weekday((start // _MINUTES_PER_DAY + 6) % 7)  # Zendesk weeks start Sunday
            low, high = start - day_start, stop - day_start
            week[weekday].append(f"{low // 60:02d}:{low % 60:02d}-{high // 60:02d}:{high % 60:02d}")
            start = stop
    return week


def _closures(holidays: Sequence[Any], where: str) -> set[pendulum.Date]:
    days: set[pendulum.Date] = set()
    for i, raw in enumerate(holidays):
        holiday = _mapping(raw, f"{where}[{i}]")
        try:
            first = pendulum.Date.fromisoformat(str(holiday["start_date"]))
            last = pendulum.Date.fromisoformat(str(holiday.get("end_date") or first))
        except (KeyError, ValueError):
            raise DocumentError(
                [f"{where}[{i}]: needs start_date (and end_date) as YYYY-MM-DD"],
                "Zendesk schedule",
            ) from None
        while first <= last:
            days.add(first)
            first = first.add(days=1)
    return days


def zendesk_calendar(
    document: object,
    *,
    holidays: object = None,
    id: str | None = None,  # noqa: A002 - the field's name in BusinessCalendar
    timezone: str | None = None,
    first_year: int = 2020,
    last_year: int = 2035,
) -> BusinessCalendar:
    """A business calendar from a Zendesk business-hours schedule.

    Args:
        document: The parsed JSON of one schedule (``{"schedule": {...}}`` or the object):
            ``time_zone`` (a Rails name such as ``"Eastern Time (US & Canada)"``, or IANA),
            ``intervals`` in minutes since Sunday 00:00, and optionally ``holidays``.
        holidays: The schedule's holidays (the ``/holidays`` JSON, ``{"holidays": [...]}`` or
            the list), when not inside ``document``: each closes ``start_date`` to
            ``end_date``.
        id: The calendar's id (None: ``zendesk-<schedule id>``).
        timezone: An IANA zone to use instead of the schedule's.
        first_year: First year the calendar covers.
        last_year: Last year the calendar covers.

    Raises:
        DocumentError: If the document is not a Zendesk schedule.
        InvalidValueError: If the time zone is unknown.
    """
    root = _mapping(document, "$")
    where = "$.schedule" if "schedule" in root else "$"
    schedule = _mapping(root.get("schedule", root), where)
    zone = timezone or _timezone(str(schedule.get("time_zone")), f"{where}.time_zone")
    week = _week(_list(schedule.get("intervals"), f"{where}.intervals"), f"{where}.intervals")
    listed: object = schedule.get("holidays", ())
    holiday_where = f"{where}.holidays"
    if holidays is not None:
        listed, holiday_where = holidays, "holidays"
        if isinstance(holidays, Mapping):
            listed, holiday_where = holidays.get("holidays"), "holidays.holidays"
    closures = _closures(_list(listed, holiday_where), holiday_where)
    return BusinessCalendar(
        id=id or slug("zendesk", schedule.get("id") or schedule.get("name") or "schedule"),
        timezone=zone,
        week={day.key: hours for day, hours in week.items()},
        first_year=first_year,
        last_year=last_year,
        extra_closures=closures,
    )
