"""ServiceNow SLA definitions (``contract_sla`` records), read into SLAs with their clock.

`servicenow_slas` reads a JSON export of ``contract_sla`` records (the Table API's
``{"result": [...]}``, the list view's ``{"records": [...]}``, a list or one record; values
plain or ``{"value": ..., "display_value": ...}``):

- ``duration`` (a Glide duration, ``1970-01-01 08:00:00`` is 8 hours) is the target; a
  relative duration (``duration_type``) has no fixed target and is reported;
- ``schedule`` is the calendar: the caller maps each schedule (by sys_id or name) to a calendar
  or a calendar id; no schedule runs 24×7;
- ``timezone_source``: the schedule's or the SLA's own time zone is a calendar's time zone
  (the SLA's is returned as `ImportedSLAs.timezone`); a time zone per ticket (the caller's, the
  location's) cannot be held and is reported;
- the start, pause, stop and cancel conditions are encoded queries: their terms on ``state``
  become the clock's status sets (state values named through ``states``), terms on
  ``priority`` in the start condition the scope, ``active=true`` admits the active states
  (all but ``inactive_states``: closed and canceled incidents);
  every other term is reported with its condition's name and its text;
- ``when_to_cancel``: ``on_condition`` uses the cancel condition, ``no_match`` cancels on
  entering a state the start condition does not admit, ``never`` never cancels;
- the reset condition and a retroactive start (``retroactive``, ``set_start_to``) are reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from outsourcing.exceptions import DocumentError, InvalidValueError
from outsourcing.io.interop.imported import ImportedSLAs, ImportNote, NoteCode, slug
from outsourcing.model.calendar import BusinessCalendar
from outsourcing.model.money import Percentage
from outsourcing.model.sla import SLA, Clock, SLAMetric, TicketScope

__all__ = [
    "INCIDENT_INACTIVE_STATES",
    "INCIDENT_PRIORITIES",
    "INCIDENT_STATES",
    "EncodedQuery",
    "Term",
    "glide_duration",
    "servicenow_slas",
]

#: The ``incident`` table's states (value: name), the default for ``states``.
INCIDENT_STATES: Final[dict[str, str]] = {
    "1": "new",
    "2": "in_progress",
    "3": "on_hold",
    "6": "resolved",
    "7": "closed",
    "8": "canceled",
}

#: The ``incident`` table's states whose tickets are inactive (``active=false``).
INCIDENT_INACTIVE_STATES: Final = frozenset({"7", "8"})

#: The ``incident`` table's priorities (value: name), the default for ``priorities``.
INCIDENT_PRIORITIES: Final[dict[str, str]] = {
    "1": "critical",
    "2": "high",
    "3": "moderate",
    "4": "low",
    "5": "planning",
}

_OPERATORS: Final = (
    "NOT IN",
    "NOT LIKE",
    "ISNOTEMPTY",
    "ISEMPTY",
    "EMPTYSTRING",
    "VALCHANGES",
    "CHANGESFROM",
    "CHANGESTO",
    "STARTSWITH",
    "ENDSWITH",
    "NSAMEAS",
    "SAMEAS",
    "ANYTHING",
    "BETWEEN",
    "LIKE",
    "IN",
    "!=",
    ">=",
    "<=",
    "=",
    ">",
    "<",
)
_TERM = re.compile(
    r"^(?P<field>[A-Za-z0-9_.]+?)(?P<op>"
    + "|".join(re.escape(o) for o in _OPERATORS)
    + ")(?P<value>.*)$"
)


@attrs.frozen
class Term:
    """One term of an encoded query: ``stateIN6,7`` is field ``state``, ``IN``, ``6,7``.

    Attributes:
        field: The field.
        operator: The operator (``=``, ``!=``, ``IN``, ``NOT IN``, ``<``, ``VALCHANGES``, ...).
        value: The value as written.
        text: The term as written.
    """

    field: str
    operator: str
    value: str
    text: str


@attrs.frozen
class EncodedQuery:
    """An encoded query: ``^NQ`` separates alternatives, ``^`` ANDs clauses, ``^OR`` ORs terms.

    Attributes:
        alternatives: Per alternative, its clauses; per clause, the terms ORed together.
    """

    alternatives: tuple[tuple[tuple[Term, ...], ...], ...]

    @classmethod
    def parse(cls, text: str) -> EncodedQuery:
        """Read a query; ``^EQ`` and ``ORDERBY`` terms are left out (they sort, not select)."""
        alternatives = []
        for part in text.split("^NQ"):
            clauses: list[list[Term]] = []
            for piece in part.split("^"):
                if not piece or piece == "EQ" or piece.startswith(("ORDERBY", "GROUPBY")):
                    continue
                ored = piece.startswith("OR") and bool(clauses)
                raw = piece[2:] if ored else piece
                match = _TERM.match(raw)
                term = (
                    Term(match["field"], match["op"], match["value"], raw)
                    if match
                    else Term(raw, "", "", raw)
                )
                if ored:
                    clauses[-1].append(term)
                else:
                    clauses.append([term])
            if clauses:
                alternatives.append(tuple(tuple(c) for c in clauses))
        return cls(tuple(alternatives))

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every term, in order."""
        return tuple(t for alt in self.alternatives for clause in alt for t in clause)


def _term_set(term: Term, universe: Sequence[str]) -> frozenset[str] | None:
    """Values of a field a term admits, among ``universe`` (None: not a set condition)."""
    values = [v.strip() for v in term.value.split(",")]
    every = frozenset(universe)
    if term.operator == "=":
        return frozenset(values[:1])
    if term.operator == "IN":
        return frozenset(values)
    if term.operator == "!=":
        return every - frozenset(values[:1])
    if term.operator == "NOT IN":
        return every - frozenset(values)
    if term.operator in {"<", "<=", ">", ">="} and values[0].lstrip("-").isdigit():
        bound = int(values[0])
        compare: dict[str, Callable[[int], bool]] = {
            "<": lambda v: v < bound,
            "<=": lambda v: v <= bound,
            ">": lambda v: v > bound,
            ">=": lambda v: v >= bound,
        }
        return frozenset(
            v for v in universe if v.lstrip("-").isdigit() and compare[term.operator](int(v))
        )
    return None


class _Reading:
    """What the fields of one condition admit; terms that are not set conditions are left over."""

    def __init__(
        self,
        query: EncodedQuery,
        universes: Mapping[str, Sequence[str]],
        active: frozenset[str] | None = None,
    ) -> None:
        self.sets: dict[str, frozenset[str]] = {}
        self.left_over: list[Term] = []
        readings: list[dict[str, frozenset[str]]] = []
        for alternative in query.alternatives:
            sets: dict[str, frozenset[str]] = {}
            for clause in alternative:
                fields = {t.field for t in clause}
                field = next(iter(fields))
                if (
                    clause[0].field == "active"
                    and len(clause) == 1
                    and clause[0].text
                    in {
                        "active=true",
                        "active!=false",
                    }
                ):
                    if active is not None and "state" in universes:  # the active states
                        sets["state"] = sets.get("state", active) & active
                    continue  # else: every state the clock knows is an active one
                parts = (
                    [_term_set(t, universes[field]) for t in clause]
                    if len(fields) == 1 and field in universes
                    else [None]
                )
                if any(p is None for p in parts):
                    self.left_over.extend(clause)
                    continue
                admitted = frozenset().union(*(p for p in parts if p is not None))
                sets[field] = sets.get(field, admitted) & admitted
            readings.append(sets)
        if len(readings) == 1:
            self.sets = readings[0]
        elif readings:
            keys = {tuple(sorted(r)) for r in readings}
            if len(keys) == 1 and len(next(iter(keys))) == 1:
                field = next(iter(keys))[0]
                self.sets = {field: frozenset().union(*(r[field] for r in readings))}
            else:
                self.left_over = list(query.terms)


def _value(record: Mapping[str, Any], key: str) -> str:
    """A field's value (``value`` of a ``{"value", "display_value"}`` pair), as text."""
    raw = record.get(key)
    if isinstance(raw, Mapping):
        raw = raw.get("value", raw.get("display_value"))
    return "" if raw is None else str(raw)


def _display(record: Mapping[str, Any], key: str) -> str:
    raw = record.get(key)
    if isinstance(raw, Mapping):
        return str(raw.get("display_value") or raw.get("value") or "")
    return "" if raw is None else str(raw)


def _records(document: object) -> list[tuple[str, Mapping[str, Any]]]:
    if isinstance(document, Mapping):
        for key in ("result", "records"):
            if key in document:
                items = document[key]
                if isinstance(items, Mapping):
                    return [(f"$.{key}", items)]
                if not isinstance(items, list):
                    raise DocumentError([f"$.{key}: must be a list"], "ServiceNow document")
                return [(f"$.{key}[{i}]", _record(r, f"$.{key}[{i}]")) for i, r in enumerate(items)]
        return [("$", document)]
    if not isinstance(document, list):
        raise DocumentError(["$: must be an object or a list of records"], "ServiceNow document")
    return [(f"$[{i}]", _record(r, f"$[{i}]")) for i, r in enumerate(document)]


def _record(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise DocumentError([f"{where}: must be an object, got {value!r}"], "ServiceNow document")
    return value


_GLIDE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$")


def glide_duration(text: str, where: str = "duration") -> dt.timedelta:
    """A Glide duration (``1970-01-02 04:00:00`` is 1 day 4 hours) or whole seconds.

    Raises:
        DocumentError: If the text is neither.
    """
    match = _GLIDE.match(text.strip())
    if match:
        year, month, day, hour, minute, second = (int(g) for g in match.groups())
        moment = dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
        return moment - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    try:
        return dt.timedelta(seconds=int(Decimal(text)))
    except ArithmeticError:
        raise DocumentError(
            [f"{where}: not a Glide duration (1970-01-01 HH:MM:SS), got {text!r}"],
            "ServiceNow document",
        ) from None


class _Definition:
    """One ``contract_sla`` record being read."""

    def __init__(
        self,
        where: str,
        record: Mapping[str, Any],
        notes: list[ImportNote],
        active: frozenset[str] | None,
    ) -> None:
        self.active = active
        self.where = where
        self.record = record
        self.name = _value(record, "name") or _value(record, "sys_id") or where
        self.notes = notes

    def note(self, code: NoteCode, key: str, text: str) -> None:
        self.notes.append(ImportNote(code, self.name, f"{self.where}.{key}", text))

    def condition(
        self, key: str, universes: Mapping[str, Sequence[str]]
    ) -> dict[str, frozenset[str]]:
        reading = _Reading(EncodedQuery.parse(_value(self.record, key)), universes, self.active)
        for term in reading.left_over:
            self.note(
                NoteCode.CONDITION_NOT_REPRESENTABLE,
                key,
                f"term {term.text!r} of {key} has no clock or scope field: left out",
            )
        return reading.sets


def _flag(record: Mapping[str, Any], key: str, default: bool) -> bool:
    text = _value(record, key).lower()
    return default if not text else text in {"true", "1", "yes"}


def _calendar(
    definition: _Definition,
    schedules: Mapping[str, str | BusinessCalendar],
    built: dict[str, BusinessCalendar],
) -> str | None:
    schedule = _value(definition.record, "schedule")
    if not schedule:
        return None
    shown = _display(definition.record, "schedule")
    found = schedules.get(schedule, schedules.get(shown))
    if found is None:
        raise InvalidValueError(
            f"{definition.where}.schedule",
            shown or schedule,
            f"SLA definition {definition.name!r} runs on a schedule: map it with "
            "schedules={sys_id or name: calendar or calendar id}",
        )
    if isinstance(found, BusinessCalendar):
        built[found.id] = found
        return found.id
    return found


def _timezone(definition: _Definition, calendar: BusinessCalendar | None) -> str | None:
    source = _value(definition.record, "timezone_source")
    zone = _value(definition.record, "timezone") or None
    if source in {"", "sla.schedule.time_zone"}:
        return None
    if source == "sla.timezone":
        if zone and calendar is not None and calendar.timezone != zone:
            definition.note(
                NoteCode.READ_AS,
                "timezone",
                f"the SLA's time zone {zone} differs from calendar {calendar.id!r}'s "
                f"{calendar.timezone}: business hours are read in {calendar.timezone}",
            )
        return zone
    definition.note(
        NoteCode.CONDITION_NOT_REPRESENTABLE,
        "timezone_source",
        f"time zone per ticket ({source}) cannot be held: the calendar's time zone is used",
    )
    return None


def servicenow_slas(
    document: object,
    *,
    objective: Percentage | Decimal | int | str,
    schedules: Mapping[str, str | BusinessCalendar] | None = None,
    states: Mapping[str, str] | None = None,
    priorities: Mapping[str, str] | None = None,
    inactive_states: Collection[str] | None = None,
) -> ImportedSLAs:
    """SLAs from ServiceNow SLA definitions, one per active ``contract_sla`` record.

    Args:
        document: The parsed JSON export of ``contract_sla`` records.
        objective: The share of tickets that must meet each target, in % (a definition has
            none; the contract has it).
        schedules: Calendars (or calendar ids) by schedule sys_id or name.
        states: State value to the status name used in event logs (default
            `INCIDENT_STATES`); unknown values are kept as written.
        priorities: Priority value to the priority label of ticket logs (default
            `INCIDENT_PRIORITIES`).
        inactive_states: State values of inactive tickets, so that ``active=true`` admits the
            others (default: `INCIDENT_INACTIVE_STATES` with the default states; with states of
            your own and no inactive states, ``active=true`` admits every state).

    Returns:
        The SLAs (ids from the definitions' names), the calendars given as objects, the time
        zone when a definition names its own, and the notes.

    Raises:
        DocumentError: If the document is not a ``contract_sla`` export.
        InvalidValueError: If a definition runs on a schedule that ``schedules`` does not map.
    """
    state_names = dict(INCIDENT_STATES if states is None else states)
    inactive = INCIDENT_INACTIVE_STATES if states is None else frozenset(inactive_states or ())
    active = frozenset(state_names) - inactive if states is None or inactive_states else None
    priority_names = dict(INCIDENT_PRIORITIES if priorities is None else priorities)
    universes = {"state": list(state_names), "priority": list(priority_names)}
    notes: list[ImportNote] = []
    slas: list[SLA] = []
    built: dict[str, BusinessCalendar] = {}
    timezone: str | None = None
    ids: set[str] = set()
    for where, record in _records(document):
        definition = _Definition(where, record, notes, active)
        if not _flag(record, "active", default=True):
            definition.note(NoteCode.NOT_IMPORTED, "active", "inactive definition: no SLA made")
            continue
        duration = _value(record, "duration")
        if not duration:
            kind = _display(record, "duration_type") or "none"
            definition.note(
                NoteCode.NOT_IMPORTED,
                "duration_type",
                f"no fixed duration (relative duration {kind!r}): no SLA made",
            )
            continue
        target = glide_duration(duration, f"{where}.duration")
        calendar_id = _calendar(definition, schedules or {}, built)
        zone = _timezone(definition, built.get(calendar_id or ""))
        timezone = timezone or zone

        start = definition.condition("start_condition", universes)
        only_state = {"state": universes["state"]}
        pause = definition.condition("pause_condition", only_state).get("state", frozenset())
        stop = definition.condition("stop_condition", only_state).get("state", frozenset())
        cancel = _cancel(definition, only_state, start.get("state"), pause | stop)
        start_states = _named(start.get("state", frozenset(state_names)), state_names)
        pause, stop = _named(pause, state_names), _named(stop, state_names)
        cancel = _named(cancel, state_names)
        for key in ("reset_condition",):
            if _value(record, key):
                definition.note(
                    NoteCode.CONDITION_NOT_REPRESENTABLE,
                    key,
                    f"{key} {_value(record, key)!r} (action "
                    f"{_value(record, 'reset_action') or 'cancel'}): an SLA does not hold it; on a "
                    "priority change, replay events with servicenow_log(reset=...)",
                )
        if _flag(record, "retroactive", default=False):
            definition.note(
                NoteCode.NOT_IMPORTED,
                "retroactive",
                f"retroactive start from {_value(record, 'set_start_to') or 'the start field'}: "
                "an SLA does not hold it; replay events with servicenow_log(retroactive=True)",
            )
        sla_id = slug(definition.name)
        if sla_id in ids:
            sla_id = slug(definition.name, _value(record, "sys_id") or len(ids))
        ids.add(sla_id)
        target_kind = _value(record, "target").lower()
        slas.append(
            SLA(
                id=sla_id,
                name=definition.name,
                metric=SLAMetric.FIRST_RESPONSE
                if target_kind == "response"
                else SLAMetric.RESOLUTION,
                objective=Percentage.of(objective),
                target=target,
                scope=TicketScope(
                    priorities=_named(start.get("priority", frozenset()), priority_names)
                ),
                clock=Clock(
                    start_statuses=start_states - pause - stop - cancel,
                    pause_statuses=pause - stop - cancel,
                    stop_statuses=stop - cancel,
                    cancel_statuses=cancel,
                ),
                calendar=calendar_id,
            )
        )
    return ImportedSLAs("servicenow", slas, tuple(built.values()), notes, timezone)


def _named(values: frozenset[str], names: Mapping[str, str]) -> frozenset[str]:
    return frozenset(names.get(v, v) for v in values)


def _cancel(
    definition: _Definition,
    only_state: Mapping[str, Sequence[str]],
    admitted: frozenset[str] | None,
    paused_or_stopped: frozenset[str],
) -> frozenset[str]:
    """State values that cancel the clock (before naming), per ``when_to_cancel``."""
    when = _value(definition.record, "when_to_cancel") or "on_condition"
    if when == "never":
        return frozenset()
    if when == "no_match":
        if admitted is None:
            return frozenset()
        definition.note(
            NoteCode.READ_AS,
            "when_to_cancel",
            "cancelled when the start condition no longer matches: on entering a state it "
            "does not admit (other than a pause or stop state)",
        )
        return frozenset(only_state["state"]) - admitted - paused_or_stopped
    return definition.condition("cancel_condition", only_state).get("state", frozenset())
