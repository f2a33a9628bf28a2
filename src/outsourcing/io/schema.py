"""JSON Schema (draft 2020-12) of the documents `structure` accepts, generated from the classes.

For services that validate input before calling us. The schema checks the shape of a document
(keys, types, enums, the ``kind`` of pricing lines, the text forms of decimals, dates and
durations); it cannot check what the classes check across fields (currencies agreeing, a term's
end after its start, references to providers and processes). `structure` remains the authority:
a document the schema accepts may still raise `DocumentError`.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from decimal import Decimal
from enum import Enum
from typing import Any

import attrs
import pendulum

from outsourcing.io.converter import CONVERTER
from outsourcing.model.calendar import BusinessCalendar, Weekday, WorkingInterval
from outsourcing.model.metric import METRICS, MetricName
from outsourcing.model.money import LARGEST_PERCENT_CHANGE, Percentage, PercentChange
from outsourcing.model.pricing import PRICING_KINDS, Pricing
from outsourcing.model.span import Span

__all__ = ["json_schema"]

Schema = dict[str, Any]

_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_DECIMAL = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
_NUMBER_OR_DECIMAL_TEXT: Schema = {
    "anyOf": [{"type": "string", "pattern": _DECIMAL}, {"type": "integer"}, {"type": "number"}]
}
_VALUES: dict[object, Schema] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    Decimal: {**_NUMBER_OR_DECIMAL_TEXT, "description": 'An exact decimal, e.g. "12.50".'},
    Percentage: {
        "anyOf": [
            {"type": "string", "pattern": _DECIMAL},
            {"type": "number", "minimum": 0, "maximum": 100},
        ],
        "description": 'A percentage between 0 and 100, e.g. "99.5".',
    },
    PercentChange: {
        "anyOf": [
            {"type": "string", "pattern": _DECIMAL},
            {
                "type": "number",
                "exclusiveMinimum": -100,
                "maximum": int(LARGEST_PERCENT_CHANGE),
            },
        ],
        "description": 'A signed change in percent, above -100, e.g. "-2" (a fall of 2 %).',
    },
    Span: {
        "type": "string",
        "pattern": r"^P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$",
        "description": 'An ISO 8601 span of years, months, weeks, days, e.g. "P3M".',
    },
    dt.timedelta: {
        "type": "string",
        "pattern": r"^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$",
        "description": 'An ISO 8601 exact duration, e.g. "PT4H".',
    },
    pendulum.Date: {
        "type": "string",
        "format": "date",
        "pattern": r"^\d{4}-\d{2}-\d{2}$",
        "description": 'An ISO 8601 date, e.g. "2024-01-31".',
    },
    dt.datetime: {
        "type": "string",
        "format": "date-time",
        "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$",
        "description": 'An ISO 8601 date and time with its offset, e.g. "2024-01-31T09:00+01:00".',
    },
    WorkingInterval: {
        "type": "string",
        "pattern": r"^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$",
        "description": 'Working hours within a day, e.g. "09:00-12:30".',
    },
}


def _attribute_docs(cls: type[Any]) -> dict[str, str]:
    """Field descriptions from the class docstring's Google-style ``Attributes:`` section."""
    doc = cls.__doc__ or ""
    _, found, section = doc.partition("Attributes:")
    if not found:
        return {}
    docs: dict[str, str] = {}
    current = None
    for line in section.splitlines():
        match = re.match(r"^\s{4,8}(\w+): (.*)$", line)
        if match:
            current = match[1]
            docs[current] = match[2].strip()
        elif current and line.strip():
            docs[current] += " " + line.strip()
        elif not line.strip() and docs:
            current = None
    return docs


class _SchemaWriter:
    """Walks types, collecting a definition for each class and enum under ``$defs``."""

    def __init__(self) -> None:
        self.defs: dict[str, Schema] = {}

    def of(self, tp: Any) -> Schema:  # noqa: ANN401 - any annotation, one return per kind
        special = self._special(tp)
        if special is not None:
            return special
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if isinstance(tp, types.UnionType) or origin is typing.Union:
            options = [self.of(arg) for arg in args if arg is not type(None)]
            if type(None) in args:
                options.append({"type": "null"})
            return options[0] if len(options) == 1 else {"anyOf": options}
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.of(args[0])}
        if origin is frozenset:
            return {"type": "array", "items": self.of(args[0]), "uniqueItems": True}
        if isinstance(tp, type) and issubclass(tp, Enum):
            return self._enum(tp)
        if isinstance(tp, type) and attrs.has(tp):
            return self._class(tp)
        raise TypeError(f"no JSON Schema for {tp!r}")

    def _special(self, tp: object) -> Schema | None:
        """Types written in a form of their own: values, metric names, the pricing union."""
        if tp in _VALUES:
            return dict(_VALUES[tp])
        if tp is pendulum.DateTime:
            return dict(_VALUES[dt.datetime])
        if tp == MetricName:  # the metric table's names at the time the schema is made
            return {"type": "string", "enum": sorted(METRICS)}
        if tp == Pricing:
            return self._pricing()
        return None

    def _ref(self, name: str) -> Schema:
        return {"$ref": f"#/$defs/{name}"}

    def _enum(self, cls: type[Enum]) -> Schema:
        if cls.__name__ not in self.defs:
            self.defs[cls.__name__] = {
                "title": cls.__name__,
                "description": (cls.__doc__ or "").strip().splitlines()[0],
                "enum": [member.value for member in cls],
            }
        return self._ref(cls.__name__)

    def _class(self, cls: type[Any], kind: str | None = None) -> Schema:
        name = cls.__name__
        if name in self.defs:
            return self._ref(name)
        self.defs[name] = {}  # reserve the name: classes may nest
        hints = typing.get_type_hints(cls)
        docs = _attribute_docs(cls)
        properties: dict[str, Schema] = {}
        required: list[str] = []
        if kind is not None:
            properties["kind"] = {"const": kind, "description": "The pricing variant."}
            required.append("kind")
        for field in attrs.fields(cls):
            if not field.init:
                continue
            tp = hints[field.name]
            prop = self._week() if (cls, field.name) == (BusinessCalendar, "week") else self.of(tp)
            if field.name in docs:
                prop = {**prop, "description": docs[field.name]}
            default = _default(field, tp)
            if default is not attrs.NOTHING:
                prop["default"] = default
            properties[field.name] = prop
            nullable = type(None) in typing.get_args(tp)
            if field.default is attrs.NOTHING and not nullable:
                required.append(field.name)
        self.defs[name] = {
            "title": name,
            "description": (cls.__doc__ or "").strip().splitlines()[0],
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
        return self._ref(name)

    def _week(self) -> Schema:
        day = {"type": "array", "items": self.of(WorkingInterval)}
        return {
            "type": "object",
            "properties": {weekday.key: day for weekday in Weekday},
            "additionalProperties": False,
        }

    def _pricing(self) -> Schema:
        if "Pricing" not in self.defs:
            self.defs["Pricing"] = {
                "title": "Pricing",
                "description": "A pricing line, tagged by its kind.",
                "oneOf": [self._class(cls, kind) for kind, cls in sorted(PRICING_KINDS.items())],
            }
        return self._ref("Pricing")


def _default(field: attrs.Attribute[Any], tp: object) -> object:
    """The field's default as written in documents (NOTHING when it has none)."""
    default = field.default
    if default is attrs.NOTHING:
        return attrs.NOTHING
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        factory = typing.cast("Any", default)
        if factory.takes_self:
            return attrs.NOTHING
        default = factory.factory()
    return CONVERTER.unstructure(default, unstructure_as=tp)


def json_schema(cls: object) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of documents describing ``cls``.

    Args:
        cls: A model class (e.g. `Portfolio`), or the `Pricing` union.

    Returns:
        The schema as a dict, ready for ``json.dumps``; each class and enum is defined once
        under ``$defs``. Unknown keys are refused (``additionalProperties: false``), required
        keys are the fields without a default, pricing lines are a ``oneOf`` on their ``kind``.
    """
    writer = _SchemaWriter()
    root = writer.of(cls)
    return {"$schema": _DRAFT, **root, "$defs": dict(sorted(writer.defs.items()))}
