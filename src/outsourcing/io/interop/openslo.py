"""OpenSLO v1 ``SLO`` documents, both ways: SLOs into SLAs, a contract's SLAs into SLOs.

Mapping (see the how-to "Bring your SLAs from Zendesk, ServiceNow or OpenSLO"):

- a calendar ``timeWindow`` (``isRolling: false``) is the SLA's measurement period: ``1d`` a
  day, ``1w`` an ISO week, ``1M`` a calendar month, ``1Q`` a quarter, ``1Y`` a year (also
  ``24h``, ``7d``, ``3M``, ``12M``); its ``timeZone`` is the contract's time zone and its
  ``startTime`` the first day of measurement. ``startTime`` may be text
  (``"2022-01-01 12:00:00"``, no zone: the zone is ``timeZone``) or, unquoted, the datetime
  YAML makes of it: both are read the same way;
- ``m`` is minutes and ``M`` months: a calendar window shorter than a day is no contract
  period; ``1m`` (written in the wild for a month) is read as a month with a `NoteCode.READ_AS`
  note, any other sub-day window is refused;
- a rolling window has no calendar-aligned period: `RollingWindowError`, unless the caller
  names the period to read it as (``rolling_as=``), which is noted;
- ``budgetingMethod: Occurrences`` is a ticket SLA (good events out of all events),
  ``Timeslices`` and ``RatioTimeslices`` an availability SLA;
- ``target`` (a fraction) or ``targetPercent`` is the objective;
- the fields OpenSLO cannot hold (the metric of a ticket SLA, its time target, scope, clock,
  calendar, credit tiers, chronic rule, ...) are written in ``metadata.annotations`` under
  `ANNOTATION_PREFIX` (``outsourcing/``; ``openslo.com/`` is reserved), as plain text for
  texts and JSON otherwise. Export then import gives the SLAs back equal, for every metric.

An SLO written by another tool has no such annotations: an ``Occurrences`` SLO becomes an
`SLAMetric.ACCURACY` SLA (the share of good events; feed the log's ``error`` column with the
indicator's verdicts), a ``Timeslices`` one an availability SLA measured on downtime; the
indicator's query is noted, never evaluated.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zoneinfo
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Final

import attrs
import pendulum

from outsourcing.exceptions import DocumentError, InvalidValueError, RollingWindowError
from outsourcing.io.converter import CONVERTER
from outsourcing.io.documents import structure
from outsourcing.io.interop.imported import ImportedSLAs, ImportNote, NoteCode, slug
from outsourcing.model.calendar import BusinessCalendar
from outsourcing.model.contract import Contract
from outsourcing.model.sla import SLA, MeasurementPeriod, SLAMetric

__all__ = [
    "ANNOTATION_PREFIX",
    "openslo_documents",
    "openslo_slas",
    "parse_openslo_duration",
]

#: Prefix of the annotations that carry what OpenSLO has no field for.
ANNOTATION_PREFIX: Final = "outsourcing/"
#: The ``metricSource.type`` of indicators this library writes.
SOURCE_TYPE: Final = "outsourcing"
_START_TIME: Final = "%Y-%m-%d %H:%M:%S"
_DURATION = re.compile(r"^([1-9][0-9]*)([mhdwMQY])$")
_UNIT_SECONDS: Final = {"m": 60, "h": 3600, "d": 86_400, "w": 7 * 86_400}
_PERIODS: Final[dict[tuple[int, str], MeasurementPeriod]] = {
    (1, "d"): MeasurementPeriod.DAY,
    (24, "h"): MeasurementPeriod.DAY,
    (1, "w"): MeasurementPeriod.WEEK,
    (7, "d"): MeasurementPeriod.WEEK,
    (1, "M"): MeasurementPeriod.MONTH,
    (1, "Q"): MeasurementPeriod.QUARTER,
    (3, "M"): MeasurementPeriod.QUARTER,
    (1, "Y"): MeasurementPeriod.YEAR,
    (12, "M"): MeasurementPeriod.YEAR,
}
_WINDOWS: Final = {
    MeasurementPeriod.DAY: "1d",
    MeasurementPeriod.WEEK: "1w",
    MeasurementPeriod.MONTH: "1M",
    MeasurementPeriod.QUARTER: "1Q",
    MeasurementPeriod.YEAR: "1Y",
}
#: SLA fields written as annotations: the rest is in OpenSLO fields (id, name, objective,
#: period) or derived (calendar definitions).
_ANNOTATED: Final = tuple(
    f.name for f in attrs.fields(SLA) if f.name not in {"id", "name", "objective", "period"}
)
_TEXT_FIELDS: Final = frozenset({"metric", "target", "calendar"})
_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")


def parse_openslo_duration(text: object, where: str = "duration") -> tuple[int, str]:
    """The count and unit of an OpenSLO duration shorthand (``2w`` is ``(2, "w")``).

    Units: ``m`` minutes, ``h`` hours, ``d`` days, ``w`` weeks, ``M`` months, ``Q`` quarters,
    ``Y`` years.

    Raises:
        DocumentError: If the text is not a positive integer followed by one of those units.
    """
    match = _DURATION.match(str(text))
    if match is None:
        raise DocumentError(
            [f"{where}: not an OpenSLO duration (a positive integer and m h d w M Q Y): {text!r}"],
            "OpenSLO document",
        )
    return int(match[1]), match[2]


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise DocumentError([f"{where}: must be an object, got {value!r}"], "OpenSLO document")
    return value


def _documents(documents: object) -> list[tuple[str, Mapping[str, Any]]]:
    if isinstance(documents, Mapping):
        return [("$", documents)]
    if isinstance(documents, str) or not isinstance(documents, Sequence):
        raise DocumentError(["$: must be an object or a list of objects"], "OpenSLO document")
    found: list[tuple[str, Mapping[str, Any]]] = []
    for i, item in enumerate(documents):
        if isinstance(item, Sequence) and not isinstance(item, str | Mapping):
            found.extend((f"$[{i}][{j}]", _mapping(d, f"$[{i}][{j}]")) for j, d in enumerate(item))
        else:
            found.append((f"$[{i}]", _mapping(item, f"$[{i}]")))
    return found


def _start(raw: object, zone: str, where: str) -> dt.datetime:
    """``startTime`` as text in the Go layout ``2006-01-02 15:04:05``, or as YAML's datetime."""
    if isinstance(raw, dt.datetime):
        moment = raw
    elif isinstance(raw, dt.date):
        moment = dt.datetime(raw.year, raw.month, raw.day)  # noqa: DTZ001 - zone set below
    else:
        try:
            moment = dt.datetime.strptime(str(raw).strip(), _START_TIME)  # noqa: DTZ007 - idem
        except ValueError:
            raise DocumentError(
                [f"{where}: startTime must read 2006-01-02 15:04:05, got {raw!r}"],
                "OpenSLO document",
            ) from None
    if moment.tzinfo is not None:  # YAML with an offset: the same instant, read in the zone
        return moment.astimezone(zoneinfo.ZoneInfo(zone))
    return moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))


def _starts_period(period: MeasurementPeriod, day: dt.date) -> bool:
    """Whether a contract period of this kind starts on ``day`` (weeks start on Monday)."""
    if period is MeasurementPeriod.WEEK:
        return day.weekday() == 0
    if period is MeasurementPeriod.MONTH:
        return day.day == 1
    if period is MeasurementPeriod.QUARTER:
        return day.day == 1 and day.month % 3 == 1
    if period is MeasurementPeriod.YEAR:
        return day.day == 1 and day.month == 1
    return True


class _SLO:
    """One SLO document being read."""

    def __init__(self, where: str, document: Mapping[str, Any], notes: list[ImportNote]) -> None:
        self.where = where
        self.metadata = _mapping(document.get("metadata") or {}, f"{where}.metadata")
        self.spec = _mapping(document.get("spec") or {}, f"{where}.spec")
        self.name = str(self.metadata.get("name") or where)
        self.notes = notes
        raw = self.metadata.get("annotations") or {}
        annotations = _mapping(raw, f"{where}.metadata.annotations")
        self.ours = {
            str(k)[len(ANNOTATION_PREFIX) :]: str(v)
            for k, v in annotations.items()
            if str(k).startswith(ANNOTATION_PREFIX)
        }

    def note(self, code: NoteCode, key: str, text: str) -> None:
        self.notes.append(ImportNote(code, self.name, f"{self.where}.{key}", text))

    def window(
        self, rolling_as: MeasurementPeriod | None
    ) -> tuple[MeasurementPeriod, str | None, dt.datetime | None]:
        """The period, time zone and start of the SLO's time window."""
        key = "spec.timeWindow"
        windows = self.spec.get("timeWindow")
        if not isinstance(windows, list) or not windows:
            raise DocumentError([f"{self.where}.{key}: needs one time window"], "OpenSLO document")
        if len(windows) > 1:
            self.note(NoteCode.NOT_IMPORTED, key, "more than one time window: the first is used")
        window = _mapping(windows[0], f"{self.where}.{key}[0]")
        written = str(window.get("duration"))
        count, unit = parse_openslo_duration(written, f"{self.where}.{key}[0].duration")
        if window.get("isRolling") is True:
            if rolling_as is None:
                raise RollingWindowError(f"{self.where}.{key}[0].duration", written)
            self.note(
                NoteCode.READ_AS,
                key,
                f"rolling window {written} read as calendar {rolling_as}s, as asked",
            )
            return rolling_as, None, None
        period = self.calendar_period(count, unit, written)
        calendar = _mapping(window.get("calendar") or {}, f"{self.where}.{key}[0].calendar")
        zone = calendar.get("timeZone")
        if zone is None:
            return period, None, None
        zone = str(zone)
        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise InvalidValueError(
                f"{self.where}.{key}[0].calendar.timeZone", zone, "not an IANA time zone"
            ) from None
        raw_start = calendar.get("startTime")
        start = None
        if raw_start is not None:
            start = _start(raw_start, zone, f"{self.where}.{key}[0].calendar.startTime")
            if start.time() != dt.time(0) or not _starts_period(period, start.date()):
                self.note(
                    NoteCode.READ_AS,
                    f"{key}[0].calendar.startTime",
                    f"startTime {start.strftime(_START_TIME)}: contract periods are calendar "
                    f"{period}s from local midnight (weeks from Monday); measurement starts on "
                    f"{start.date()}",
                )
        return period, zone, start

    def calendar_period(self, count: int, unit: str, written: str) -> MeasurementPeriod:
        """The contract period of a calendar window (``1m`` read as a month, with a warning)."""
        key = "spec.timeWindow"
        period = _PERIODS.get((count, unit))
        if period is not None:
            return period
        if unit in {"m", "h"}:
            if (count, unit) != (1, "m"):
                raise InvalidValueError(
                    f"{self.where}.{key}[0].duration",
                    written,
                    "a calendar window shorter than a day is no contract period",
                )
            self.note(
                NoteCode.READ_AS,
                key,
                "calendar window 1m is one minute in OpenSLO ('M' is a month): a window "
                "shorter than a day is no contract period, read as 1M, a calendar month",
            )
            return MeasurementPeriod.MONTH
        raise InvalidValueError(
            f"{self.where}.{key}[0].duration",
            written,
            "no contract period has this length (1d 1w 1M 1Q 1Y)",
        )

    def objective(self, where: str, objective: Mapping[str, Any]) -> Decimal:
        exact = self.ours.get("objective")
        if exact is not None:
            return Decimal(exact)
        try:
            if objective.get("targetPercent") is not None:
                return _tidy(Decimal(str(objective["targetPercent"])))
            return _tidy(Decimal(str(objective["target"])) * 100)
        except (KeyError, InvalidOperation):
            raise DocumentError(
                [f"{where}: needs target (a fraction) or targetPercent"], "OpenSLO document"
            ) from None

    def foreign(self, method: str) -> dict[str, Any]:
        """Fields of an SLO written by another tool (no annotations of ours)."""
        timeslices = method in {"Timeslices", "RatioTimeslices"}
        indicator = "spec.indicatorRef" if "indicatorRef" in self.spec else "spec.indicator"
        self.note(
            NoteCode.INDICATOR_NOT_EVALUATED,
            indicator,
            "the indicator's query is not evaluated: "
            + (
                "availability is measured on a downtime log, to the second (no time slices)"
                if timeslices
                else "the share of good events is measured as accuracy (the log's error column)"
            ),
        )
        return {"metric": SLAMetric.AVAILABILITY if timeslices else SLAMetric.ACCURACY}


def _tidy(value: Decimal) -> Decimal:
    """``90.0`` as ``90``, ``99.50`` as ``99.5`` (the same number, written as people do)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _annotated_fields(slo: _SLO) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in _ANNOTATED:
        key = name.replace("_", "-")
        if key not in slo.ours:
            continue
        text = slo.ours[key]
        try:
            fields[name] = text if name in _TEXT_FIELDS else json.loads(text)
        except json.JSONDecodeError:
            raise DocumentError(
                [f"{slo.where}.metadata.annotations.{ANNOTATION_PREFIX}{key}: not JSON: {text!r}"],
                "OpenSLO document",
            ) from None
    return fields


def openslo_slas(documents: object, *, rolling_as: MeasurementPeriod | None = None) -> ImportedSLAs:
    """SLAs from OpenSLO v1 documents, one per SLO objective.

    Args:
        documents: Parsed YAML or JSON: one document, or a list of them (other kinds than
            ``SLO`` are noted and skipped).
        rolling_as: The calendar period to read rolling windows as (None: refuse them).

    Returns:
        The SLAs (ids from ``metadata.name``, or the annotated id), the calendars annotated
        on them, the time zone and start of their windows, and the notes.

    Raises:
        DocumentError: If a document is not OpenSLO v1, or an SLO lacks a required field.
        RollingWindowError: If an SLO has a rolling window and ``rolling_as`` is None.
        InvalidValueError: If a calendar window has no contract period (a sub-day one other
            than ``1m``, or a ``5w``).
    """
    notes: list[ImportNote] = []
    slas: list[SLA] = []
    calendars: dict[str, BusinessCalendar] = {}
    zones: list[str] = []
    starts: list[dt.datetime] = []
    for where, document in _documents(documents):
        version, kind = document.get("apiVersion"), document.get("kind")
        if version != "openslo/v1":
            raise DocumentError(
                [f"{where}.apiVersion: only openslo/v1 is read, got {version!r}"],
                "OpenSLO document",
            )
        slo = _SLO(where, document, notes)
        if kind != "SLO":
            slo.note(NoteCode.NOT_IMPORTED, "kind", f"kind {kind}: only SLOs are imported")
            continue
        period, zone, start = slo.window(rolling_as)
        zones.extend([zone] if zone else [])
        starts.extend([start] if start else [])
        if slo.spec.get("alertPolicies"):
            slo.note(NoteCode.NOT_IMPORTED, "spec.alertPolicies", "alert policies are not imported")
        method = str(slo.spec.get("budgetingMethod"))
        fields = _annotated_fields(slo) if slo.ours else slo.foreign(method)
        definition = slo.ours.get("calendar-definition")
        if definition is not None:
            calendar = structure(json.loads(definition), BusinessCalendar)
            calendars[calendar.id] = calendar
        objectives = slo.spec.get("objectives")
        if not isinstance(objectives, list) or not objectives:
            raise DocumentError(
                [f"{where}.spec.objectives: needs one objective"], "OpenSLO document"
            )
        for i, raw in enumerate(objectives):
            place = f"{where}.spec.objectives[{i}]"
            objective = _mapping(raw, place)
            suffix = "" if len(objectives) == 1 else str(objective.get("name") or i + 1)
            name = slo.metadata.get("displayName") or slo.name
            data = {
                "id": slo.ours.get("id") or (slug(slo.name, suffix) if suffix else slo.name),
                "name": f"{name} {objective.get('displayName') or ''}".strip() if suffix else name,
                "objective": str(slo.objective(place, objective)),
                "period": str(period),
                **fields,
            }
            slas.append(structure(data, SLA))
    if len(set(zones)) > 1:
        notes.append(
            ImportNote(
                NoteCode.READ_AS,
                "time zones",
                "$",
                f"time windows in several time zones {sorted(set(zones))}: the contract has "
                f"one, {zones[0]}",
            )
        )
    first = min(starts, default=None)
    return ImportedSLAs(
        "openslo",
        slas,
        tuple(calendars.values()),
        notes,
        zones[0] if zones else None,
        None if first is None else pendulum.Date(first.year, first.month, first.day),
    )


def _name(sla_id: str) -> str:
    """A DNS label for ``metadata.name`` (OpenSLO names are RFC 1123 labels)."""
    name = re.sub(r"[^a-z0-9-]+", "-", sla_id.lower()).strip("-")[:63].strip("-")
    return name or "sla"


def _default(default: object) -> object:
    """A field's default value (a factory's product for a factory)."""
    factory = getattr(default, "factory", None)
    return factory() if callable(factory) else default


#: Default value of each SLA field that has one (an annotation is written only when it differs).
_DEFAULTS: Final[dict[str, object]] = {
    f.name: _default(f.default) for f in attrs.fields(SLA) if f.default is not attrs.NOTHING
}


#: OpenSLO's ``target`` lies strictly between 0 and 1: objectives of 0 % and 100 % are written
#: this close to the bound, the exact objective in an annotation.
_EDGE: Final = Decimal("0.000001")


def _target(fraction: Decimal) -> float:
    """The ``target`` written for an objective (a fraction strictly between 0 and 1)."""
    return float(min(max(fraction, _EDGE), 1 - _EDGE))


def _annotations(contract: Contract, sla: SLA) -> dict[str, str]:
    data = CONVERTER.unstructure(sla)
    annotations: dict[str, str] = {}
    for name in _ANNOTATED:
        if getattr(sla, name) == _DEFAULTS.get(name) and name != "metric":
            continue
        plain = data[name]
        annotations[ANNOTATION_PREFIX + name.replace("_", "-")] = (
            str(plain) if name in _TEXT_FIELDS else json.dumps(plain, ensure_ascii=False)
        )
    if _name(sla.id) != sla.id:
        annotations[ANNOTATION_PREFIX + "id"] = sla.id
    if Decimal(repr(_target(sla.objective.fraction))) * 100 != sla.objective.value:
        annotations[ANNOTATION_PREFIX + "objective"] = str(sla.objective.value)
    calendar = contract.calendar(sla.calendar)
    if calendar is not None:
        annotations[ANNOTATION_PREFIX + "calendar-definition"] = json.dumps(
            CONVERTER.unstructure(calendar), ensure_ascii=False
        )
    return annotations


def _source(spec: dict[str, str], count: str) -> dict[str, object]:
    return {"metricSource": {"type": SOURCE_TYPE, "spec": spec | {"count": count}}}


def openslo_documents(contract: Contract) -> list[dict[str, Any]]:
    """One OpenSLO v1 ``SLO`` document per SLA of a contract (plain data, for YAML or JSON).

    Ticket and service SLAs are ``Occurrences`` SLOs, availability SLAs ``Timeslices``; each
    has a calendar window of its period in the contract's time zone, starting on the term's
    first day, and its objective as ``target``. What OpenSLO cannot hold is annotated under
    `ANNOTATION_PREFIX`, so `openslo_slas` gives the SLAs back equal.
    """
    documents = []
    start = f"{contract.term.start.isoformat()} 00:00:00"
    for sla in contract.slas:
        name = _name(sla.id)
        availability = sla.metric is SLAMetric.AVAILABILITY
        source = {"contract": contract.id, "sla": sla.id}
        objective: dict[str, Any] = {
            "displayName": sla.name,
            "target": _target(sla.objective.fraction),
        }
        if availability:
            objective |= {"timeSliceTarget": 1, "timeSliceWindow": "1m"}
        documents.append(
            {
                "apiVersion": "openslo/v1",
                "kind": "SLO",
                "metadata": {
                    "name": name,
                    "displayName": sla.name,
                    "annotations": _annotations(contract, sla),
                },
                "spec": {
                    "description": f"{sla.name}: {sla.metric} of contract {contract.id}",
                    "service": _name(contract.id),
                    "indicator": {
                        "metadata": {"name": f"{name[:59]}-sli"},
                        "spec": {
                            "ratioMetric": {
                                "counter": True,
                                "good": _source(source, "good"),
                                "total": _source(source, "total"),
                            }
                        },
                    },
                    "timeWindow": [
                        {
                            "duration": _WINDOWS[sla.period],
                            "isRolling": False,
                            "calendar": {
                                "startTime": start,
                                "timeZone": contract.zone,
                            },
                        }
                    ],
                    "budgetingMethod": "Timeslices" if availability else "Occurrences",
                    "objectives": [objective],
                },
            }
        )
    return documents
