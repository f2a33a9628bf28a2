"""The one configured cattrs converter: how every model type is written in documents.

Documents are plain JSON-like data (dicts, lists, strings, numbers, booleans, null). The forms:

| type | written as | example |
|---|---|---|
| `Decimal` | a string (numbers and exact decimal literals accepted when reading) | ``"12.50"`` |
| `Money` | an object | ``{"amount": "12.50", "currency": "EUR"}`` |
| `Percentage` | a string | ``"99.5"`` |
| `PercentChange` | a string, signed | ``"-2"`` |
| `Span` | ISO 8601 date duration | ``"P3M"`` |
| `datetime.timedelta` | ISO 8601 exact duration | ``"PT4H"`` |
| `pendulum.Date` | ISO 8601 date | ``"2024-01-31"`` |
| aware `datetime` | ISO 8601 with its offset (naive refused) | ``"2024-01-31T09:00:00+01:00"`` |
| `WorkingInterval` | ``HH:MM-HH:MM`` | ``"09:00-12:30"`` |
| `BusinessCalendar.week` | weekday to intervals (closed days left out) | ``{"mon": […]}`` |
| frozensets | sorted lists (deterministic output) | ``["P1", "P2"]`` |
| pricing lines | objects tagged by ``kind`` (`FixedFee.KIND`, …) | ``{"kind": "fixed_fee", …}`` |
| enums | their value | ``"payroll"`` |

Reading is strict: numbers beyond ±`LARGEST_NUMBER` (10^18) are refused with their path,
unknown keys are rejected, floats are refused where an exact decimal is
expected (the format readers in `outsourcing.io.formats` parse decimal literals exactly), text
is not turned into numbers nor numbers into text, and a field that may be null may be left out.
The calendar's derived fields (`BusinessCalendar.closed_days`, `holidays_version`) are never
written: they are recomputed when the calendar is read.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import Enum, IntEnum, StrEnum
from typing import Any, TypeVar

import attrs
import cattrs
import pendulum
from cattrs.errors import IterableValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from outsourcing.exceptions import DocumentError, InvalidValueError
from outsourcing.io.errors import OmittedProblems
from outsourcing.io.limits import check_decimal, check_text
from outsourcing.model._checks import suggestion, to_date, to_decimal
from outsourcing.model.calendar import BusinessCalendar, Weekday, WorkingInterval
from outsourcing.model.metric import MetricName, SLAMetric
from outsourcing.model.money import Percentage, PercentChange
from outsourcing.model.pricing import PRICING_KINDS, Pricing
from outsourcing.model.sla import metric_name
from outsourcing.model.span import Span, format_duration, parse_duration

__all__ = ["CONVERTER", "LARGEST_NUMBER", "make_converter"]


_EXPONENT_SHOWN_PLAIN = 30


def _decimal_text(value: Decimal) -> str:
    """Write a decimal without exponent (``100`` not ``1E+2``) unless it is huge or tiny."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and abs(exponent) < _EXPONENT_SHOWN_PLAIN:
        return format(value, "f")
    return str(value)


#: Largest magnitude of a number in a document (a quintillion: more than any amount, count or
#: rate a contract holds, and what int64 minor units hold). Beyond, a number is refused with its
#: path rather than left to overflow in a computation later.
LARGEST_NUMBER = 10**18
_TOO_LARGE = f"must lie within ±10^18 ({LARGEST_NUMBER:,})"


def _structure_decimal(value: object, _: object) -> Decimal:
    if isinstance(value, float):
        raise InvalidValueError(
            "decimal", value, 'must be an exact decimal: write it as a string, e.g. "12.50"'
        )
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidValueError("decimal", value, "must be a decimal number (a string)")
    # The documented range of decimals (`outsourcing.io.limits`, below 10^15) is within the
    # converter's ±10^18 for every number, so a decimal out of range reads as such.
    number = check_decimal(to_decimal(value))
    if number.copy_abs() > LARGEST_NUMBER:  # pragma: no cover - check_decimal refuses first
        raise InvalidValueError("decimal", value, _TOO_LARGE)
    return number


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        raise InvalidValueError("text", value, "must be a string")
    return check_text(value)


def _structure_int(value: object, _: object) -> int:
    if isinstance(value, Decimal) and value.is_finite() and value.copy_abs() > LARGEST_NUMBER:
        # The readers give an integer too long for Python's int conversion as a Decimal.
        raise InvalidValueError("integer", value, _TOO_LARGE)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError("integer", value, "must be a whole number")
    if abs(value) > LARGEST_NUMBER:
        raise InvalidValueError("integer", value, _TOO_LARGE)
    return value


def _structure_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidValueError("boolean", value, "must be true or false")
    return value


@functools.cache
def _enum_values(cls: type[Enum]) -> dict[object, Enum]:
    return {member.value: member for member in cls}


def _structure_enum(value: object, cls: type[Enum]) -> Enum:
    members = _enum_values(cls)
    member = members.get(value) if isinstance(value, str) else None
    if member is None:
        names = [str(v) for v in members]
        hint = suggestion(value, names)
        raise InvalidValueError(cls.__name__, value, f"must be one of: {', '.join(names)}{hint}")
    return member


def _enum_value(member: Enum | str) -> object:
    # The model does not convert enum fields, so `SLA(metric="resolution")` holds a plain str.
    return member.value if isinstance(member, Enum) else member


def _structure_metric(value: object, _: object) -> SLAMetric | str:
    try:
        return metric_name(value)
    except InvalidValueError as error:  # the path already names the field
        raise InvalidValueError("metric", value, error.reason) from None


def _structure_percentage(value: object, _: object) -> Percentage:
    return _structure_percent(value, Percentage, "percentage")


def _structure_percent_change(value: object, _: object) -> PercentChange:
    return _structure_percent(value, PercentChange, "percent change")


_Percent = TypeVar("_Percent", Percentage, PercentChange)


def _structure_percent(value: object, cls: type[_Percent], kind: str) -> _Percent:
    """A `Percentage` or a `PercentChange` from decimal text or a number."""
    if isinstance(value, cls):
        return value
    amount = _structure_decimal(value, Decimal)
    try:
        return cls(amount)
    except InvalidValueError as error:
        raise InvalidValueError(kind, error.value, error.reason) from None


def _structure_span(value: object, _: object) -> Span:
    if isinstance(value, Span):
        return value
    return Span.parse(value)


def _structure_duration(value: object, _: object) -> dt.timedelta:
    if isinstance(value, dt.timedelta):
        return value
    try:
        return parse_duration(value)
    except OverflowError:
        raise InvalidValueError("duration", value, "is too long") from None


def _structure_date(value: object, _: object) -> pendulum.Date:
    if not isinstance(value, dt.date | str):
        raise InvalidValueError("date", value, "must be an ISO 8601 date YYYY-MM-DD")
    return to_date(value)


def _structure_datetime(value: object, cls: type[dt.datetime]) -> dt.datetime:
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            raise InvalidValueError(
                "datetime", value, "must be an ISO 8601 date and time, e.g. 2024-01-31T09:00+01:00"
            ) from None
    else:
        raise InvalidValueError("datetime", value, "must be an ISO 8601 date and time (a string)")
    if parsed.utcoffset() is None:
        raise InvalidValueError(
            "datetime", value, "must carry a UTC offset (naive date-times are refused)"
        )
    if issubclass(cls, pendulum.DateTime) and not isinstance(parsed, pendulum.DateTime):
        return pendulum.instance(parsed)
    return parsed


def _structure_interval(value: object, _: object) -> WorkingInterval:
    if isinstance(value, WorkingInterval):
        return value
    return WorkingInterval.parse(value)


def _require_list(value: object, what: str) -> list[Any] | tuple[Any, ...]:
    if isinstance(value, list | tuple):
        return value
    raise InvalidValueError(what, value, "must be a list")


def _structure_items(
    converter: cattrs.Converter, value: object, item_type: object, what: str
) -> list[Any]:
    """Structure each item of a list, gathering every item's error with its index.

    The errors of the first `DocumentError.LISTED` failing items are kept. The later items are
    only checked, by a converter that stops at an item's first problem (four times faster), and
    counted (`OmittedProblems`): a list of a million bad items gives an error of bounded size,
    in bounded time.
    """
    items = _require_list(value, what)
    hook = converter.get_structure_hook(item_type)
    result: list[Any] = []
    errors: list[Exception] = []
    omitted = 0
    for index, item in enumerate(items):
        try:
            result.append(hook(item, item_type))
        except Exception as error:  # noqa: BLE001 - gathered and reported with its path
            if len(errors) >= DocumentError.LISTED:
                omitted += 1
                hook = _first_problem_converter().get_structure_hook(item_type)
                continue
            error.add_note(
                cattrs.errors.IterableValidationNote(f"@ index {index}", index, item_type)
            )
            errors.append(error)
    if omitted:
        errors.append(OmittedProblems(omitted, exact=False))
    if errors:
        raise IterableValidationError(f"While structuring {what}", errors, list)
    return result


def _is_tuple_of(cls: object) -> bool:
    args = typing.get_args(cls)
    return typing.get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_frozenset_of(cls: object) -> bool:
    return typing.get_origin(cls) is frozenset


def _sort_key(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _structure_week(
    converter: cattrs.Converter,
) -> Callable[[object, object], tuple[tuple[WorkingInterval, ...], ...]]:
    def structure(value: object, _: object) -> tuple[tuple[WorkingInterval, ...], ...]:
        if not isinstance(value, Mapping):
            raise InvalidValueError(
                "week", value, 'must map weekdays to intervals, e.g. {"mon": ["09:00-18:00"]}'
            )
        days: list[tuple[WorkingInterval, ...]] = [() for _ in Weekday]
        errors: list[Exception] = []
        keys = {day.key: day for day in Weekday}
        for key, intervals in value.items():
            try:
                day = keys.get(key) if isinstance(key, str) else None
                if day is None:
                    hint = suggestion(key, keys)
                    raise InvalidValueError("weekday", key, f"must be one of mon … sun{hint}")  # noqa: TRY301 - gathered below
                days[day] = tuple(
                    _structure_items(converter, intervals, WorkingInterval, "working intervals")
                )
            except Exception as error:  # noqa: BLE001 - gathered and reported with its path
                error.add_note(cattrs.errors.IterableValidationNote(f"@ {key}", str(key), list))
                errors.append(error)
        if errors:
            raise IterableValidationError("While structuring week", errors, dict)
        return tuple(days)

    return structure


def _unstructure_week(week: tuple[tuple[WorkingInterval, ...], ...]) -> dict[str, list[str]]:
    return {
        day.key: [str(interval) for interval in intervals]
        for day, intervals in zip(Weekday, week, strict=True)
        if intervals
    }


def _optional_required_fields(cls: type[Any]) -> tuple[str, ...]:
    """Fields without a default that accept None: a document may leave them out."""
    hints = typing.get_type_hints(cls)
    return tuple(
        field.name
        for field in attrs.fields(cls)
        if field.init
        and field.default is attrs.NOTHING
        and isinstance(hints[field.name], types.UnionType)
        and type(None) in typing.get_args(hints[field.name])
    )


def _structure_pricing(converter: cattrs.Converter) -> Callable[[object, object], Pricing]:
    """The tagged union of pricing lines, read by ``kind``.

    Written here rather than with cattrs' ``configure_tagged_union``, which lets a bare
    ``KeyError`` escape on an unknown or missing tag and an ``AttributeError`` on a non-object.
    """

    def structure(value: object, _: object) -> Pricing:
        known = ", ".join(sorted(PRICING_KINDS))  # read at each call: kinds may be registered
        if not isinstance(value, Mapping):
            raise InvalidValueError("pricing", value, "must be an object with a kind")
        if "kind" not in value:
            raise InvalidValueError("Pricing.kind", None, f"is required (one of: {known})")
        kind = value["kind"]
        cls = PRICING_KINDS.get(kind) if isinstance(kind, str) else None
        if cls is None:
            hint = suggestion(kind, PRICING_KINDS)
            raise InvalidValueError("Pricing.kind", kind, f"must be one of: {known}{hint}")
        fields = {key: item for key, item in value.items() if key != "kind"}
        result: Pricing = converter.structure(fields, cls)
        return result

    return structure


def _unstructure_pricing(converter: cattrs.Converter) -> Callable[[Pricing], dict[str, Any]]:
    def unstructure(line: Pricing) -> dict[str, Any]:
        fields: dict[str, Any] = converter.unstructure(line, unstructure_as=type(line))
        return {"kind": line.KIND, **fields}

    return unstructure


def _register_values(converter: cattrs.Converter) -> None:
    for cls, structure_primitive in (
        (str, _structure_str),
        (int, _structure_int),
        (bool, _structure_bool),
        (Decimal, _structure_decimal),
    ):
        converter.register_structure_hook(cls, structure_primitive)
    converter.register_unstructure_hook(Decimal, _decimal_text)
    converter.register_structure_hook(Percentage, _structure_percentage)
    converter.register_unstructure_hook(Percentage, lambda p: _decimal_text(p.value))
    converter.register_structure_hook(PercentChange, _structure_percent_change)
    converter.register_unstructure_hook(PercentChange, lambda p: _decimal_text(p.value))
    converter.register_structure_hook(Span, _structure_span)
    converter.register_unstructure_hook(Span, str)
    converter.register_structure_hook(dt.timedelta, _structure_duration)
    converter.register_unstructure_hook(dt.timedelta, format_duration)
    converter.register_structure_hook(pendulum.Date, _structure_date)
    converter.register_unstructure_hook(pendulum.Date, lambda d: d.isoformat())
    for instant in (dt.datetime, pendulum.DateTime):
        converter.register_structure_hook(instant, _structure_datetime)
        converter.register_unstructure_hook(instant, lambda d: d.isoformat())
    converter.register_structure_hook(WorkingInterval, _structure_interval)
    converter.register_unstructure_hook(WorkingInterval, str)
    # Registered for StrEnum and IntEnum too: they come before str and int in their MRO, so the
    # strict str and int hooks above would otherwise catch our enums.
    converter.register_structure_hook(MetricName, _structure_metric)
    converter.register_unstructure_hook(MetricName, str)
    for base in (Enum, StrEnum, IntEnum):
        converter.register_structure_hook(base, _structure_enum)
        converter.register_unstructure_hook(base, _enum_value)


def _register_collections(converter: cattrs.Converter) -> None:
    def tuple_hook(cls: object) -> Callable[[object, object], tuple[Any, ...]]:
        item_type = typing.get_args(cls)[0]
        return lambda value, _: tuple(_structure_items(converter, value, item_type, "list"))

    def frozenset_hook(cls: object) -> Callable[[object, object], frozenset[Any]]:
        item_type = typing.get_args(cls)[0]
        return lambda value, _: frozenset(
            _structure_items(
                converter,
                list(value) if isinstance(value, set | frozenset) else value,
                item_type,
                "list",
            )
        )

    def frozenset_unhook(cls: object) -> Callable[[frozenset[Any]], list[Any]]:
        args = typing.get_args(cls)
        item_hook = converter.get_unstructure_hook(args[0]) if args else converter.unstructure
        return lambda items: sorted((item_hook(item) for item in items), key=_sort_key)

    converter.register_structure_hook_factory(_is_tuple_of, tuple_hook)
    converter.register_structure_hook_factory(_is_frozenset_of, frozenset_hook)
    converter.register_unstructure_hook_factory(_is_frozenset_of, frozenset_unhook)


def _register_classes(converter: cattrs.Converter, *, detailed: bool) -> None:
    def attrs_structure(cls: type[Any]) -> Callable[[object, object], object]:
        overrides: dict[str, Any] = {}
        if cls is BusinessCalendar:
            overrides["week"] = override(struct_hook=_structure_week(converter))
        generated = make_dict_structure_fn(
            cls,
            converter,
            _cattrs_forbid_extra_keys=True,
            _cattrs_detailed_validation=detailed,
            **overrides,
        )
        nullable = _optional_required_fields(cls)

        def structure(value: object, _: object) -> object:
            if isinstance(value, cls):
                return value
            if not isinstance(value, Mapping):
                raise InvalidValueError(cls.__name__, value, "must be an object (a mapping)")
            if any(name not in value for name in nullable):
                value = {**dict.fromkeys(nullable), **value}
            return generated(value, cls)

        return structure

    def attrs_unstructure(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
        overrides: dict[str, Any] = {}
        if cls is BusinessCalendar:
            overrides["week"] = override(unstruct_hook=_unstructure_week)
        return make_dict_unstructure_fn(cls, converter, **overrides)

    converter.register_structure_hook_factory(attrs.has, attrs_structure)
    converter.register_unstructure_hook_factory(attrs.has, attrs_unstructure)
    converter.register_structure_hook(Pricing, _structure_pricing(converter))
    converter.register_unstructure_hook(Pricing, _unstructure_pricing(converter))


def make_converter(*, detailed: bool = True) -> cattrs.Converter:
    """Build the converter (use the shared `CONVERTER`; this is for tests and experiments).

    Args:
        detailed: Gather every problem of an object (True), or stop at its first one.
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    _register_values(converter)
    _register_collections(converter)
    _register_classes(converter, detailed=detailed)
    return converter


@functools.cache
def _first_problem_converter() -> cattrs.Converter:
    """A converter that stops at an object's first problem: to count bad items quickly."""
    return make_converter(detailed=False)


CONVERTER = make_converter()
"""The converter every `outsourcing.io` function uses."""
