"""attrs validators and converters that raise `InvalidValueError` naming the field and value."""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import functools
import inspect
import sys
import types
import typing
import zoneinfo
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import pendulum
import pycountry

from outsourcing.exceptions import InvalidValueError

T = TypeVar("T")
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def suggestion(value: object, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the known name closest to ``value`` (difflib), else ``""``.

    Case is ignored when comparing, so ``Payroll`` suggests ``payroll``.
    """
    if not isinstance(value, str) or not value or len(value) > 100:
        return ""
    names = {name.lower(): name for name in known}
    found = difflib.get_close_matches(value.lower(), names, n=1, cutoff=0.6)
    return f" (did you mean {names[found[0]]!r}?)" if found else ""


def field_name(instance: object, attribute: attrs.Attribute[Any]) -> str:
    """Qualified name of a field, e.g. ``SLA.objective``."""
    return f"{type(instance).__name__}.{attribute.name}"


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Convert an exact value to `Decimal`, refusing floats (they are not exact) and NaN."""
    if isinstance(value, bool | float):
        raise InvalidValueError("decimal", value, "must be a Decimal, int or str, not a float")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | str):
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise InvalidValueError("decimal", value, "is not a decimal number") from None
    else:
        raise InvalidValueError("decimal", value, "must be a Decimal, int or str")
    if not result.is_finite():
        raise InvalidValueError("decimal", value, "must be a finite number")
    return result


def decimal_places(value: Decimal) -> int:
    """Decimal places of a finite value once trailing zeros are dropped (``1.50`` has 1).

    Read from the digits, not with `Decimal.normalize`, which overflows on huge exponents.
    """
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        return 0
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + zeros))


def _magnitude(instance: object, attribute: attrs.Attribute[Any], value: Any) -> Any:
    """The number to compare: the value itself, or the amount of `Money`; None passes through."""
    amount = getattr(value, "amount", value)
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int | Decimal)):
        raise InvalidValueError(field_name(instance, attribute), value, "must be a number")
    return amount


def non_negative(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """The value (a number or `Money`) must be >= 0."""
    amount = _magnitude(instance, attribute, value)
    if amount is not None and amount < 0:
        raise InvalidValueError(field_name(instance, attribute), value, "must be >= 0")


def positive(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """The value (a number or `Money`) must be > 0."""
    amount = _magnitude(instance, attribute, value)
    if amount is not None and amount <= 0:
        raise InvalidValueError(field_name(instance, attribute), value, "must be > 0")


def between(low: int | Decimal, high: int | Decimal) -> Validator:
    """The value must lie in ``[low, high]``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        value = _magnitude(instance, attribute, value)
        if value is None:
            return
        if value < low:
            raise InvalidValueError(field_name(instance, attribute), value, f"must be >= {low}")
        if value > high:
            raise InvalidValueError(field_name(instance, attribute), value, f"must be <= {high}")

    return check


def non_empty(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A string must not be blank."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(field_name(instance, attribute), value, "must be a non-empty text")


def unique_ids(instance: object, attribute: attrs.Attribute[Any], value: Iterable[Any]) -> None:
    """Items of a collection must have distinct ``id`` attributes."""
    seen: set[str] = set()
    for item in value:
        if item.id in seen:
            raise InvalidValueError(field_name(instance, attribute), item.id, "duplicate id")
        seen.add(item.id)


# Caches keyed by text a document may choose are bounded: a stream of distinct bogus codes must
# not grow memory without limit.
_CACHED = 1024


@functools.lru_cache(maxsize=_CACHED)
def known_currency(code: str) -> bool:
    """Whether ``code`` is an ISO 4217 alphabetic code."""
    return pycountry.currencies.get(alpha_3=code) is not None


@functools.lru_cache(maxsize=_CACHED)
def known_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 code."""
    return pycountry.countries.get(alpha_2=code) is not None


#: Distinct names whose answer is kept: a service checking names from untrusted input keeps
#: at most this many, not every name it was ever asked about.
TIMEZONE_CACHE_SIZE = 1024


@functools.cache
def timezones() -> frozenset[str]:
    """Every IANA time zone of the zone database (`zoneinfo.available_timezones`), read once."""
    return frozenset(zoneinfo.available_timezones())


@functools.lru_cache(maxsize=TIMEZONE_CACHE_SIZE)
def known_timezone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone (answers cached for the last 1,024 names).

    Looked up in the database's list of zones, never by opening a path: ``Europe`` (a folder of
    the database) or ``../../etc/passwd`` is simply unknown.
    """
    return name in timezones()


def currency_code(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An ISO 4217 currency code, upper case."""
    if (
        not isinstance(value, str)
        or len(value) != 3
        or not value.isupper()
        or not known_currency(value)
    ):
        hint = ""
        if isinstance(value, str) and len(value) == 3 and known_currency(value.upper()):
            hint = f" (codes are upper case: {value.upper()!r})"
        raise InvalidValueError(
            field_name(instance, attribute), value, f"unknown ISO 4217 currency{hint}"
        )


def country_code(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An ISO 3166-1 alpha-2 country code, upper case."""
    if (
        not isinstance(value, str)
        or len(value) != 2
        or not value.isupper()
        or not known_country(value)
    ):
        hint = ""
        if isinstance(value, str) and len(value) == 2 and known_country(value.upper()):
            hint = f" (codes are upper case: {value.upper()!r})"
        raise InvalidValueError(
            field_name(instance, attribute), value, f"unknown ISO 3166-1 alpha-2 country{hint}"
        )


def country_codes(instance: object, attribute: attrs.Attribute[Any], value: Iterable[Any]) -> None:
    """Every item is an ISO 3166-1 alpha-2 country code."""
    for item in value:
        country_code(instance, attribute, item)


def timezone_name(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An IANA time-zone name."""
    if not isinstance(value, str) or not known_timezone(value):
        raise InvalidValueError(
            field_name(instance, attribute),
            value,
            "unknown IANA time zone" + suggestion(value, timezones()),
        )


def optional_timezone_name(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """None, or an IANA time-zone name."""
    if value is not None:
        timezone_name(instance, attribute, value)


def aware(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A datetime must carry a time zone (naive datetimes are refused)."""
    if value is None:
        return
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise InvalidValueError(
            field_name(instance, attribute), value, "must be a time-zone-aware datetime"
        )


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Freeze any iterable into a tuple (lists from documents become tuples).

    Typed with `Any`, not a type variable: mypy's attrs plugin cannot bind a generic
    converter's type variable, so ``Portfolio(contracts=(...))`` would not type-check.
    """
    return tuple(value)


def to_frozenset(value: Iterable[Any]) -> frozenset[Any]:
    """Freeze any iterable into a frozenset (typed with `Any`, as `to_tuple`)."""
    return frozenset(value)


#: First year a date or an instant may fall in.
FIRST_YEAR = 1900
#: Last year a date or an instant may fall in: the periods, renewals and notices derived from a
#: date (a month, a year later) then never leave the calendar, which ends with year 9999.
LAST_YEAR = 2999


def to_date(value: dt.date | str) -> pendulum.Date:
    """Convert a date (or an ISO ``YYYY-MM-DD`` string) to `pendulum.Date`; datetimes refused.

    Dates are bounded: a year outside `FIRST_YEAR`-`LAST_YEAR` (1900-2999) is refused.
    """
    if isinstance(value, dt.datetime):
        raise InvalidValueError("date", value, "must be a calendar date, not a datetime")
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise InvalidValueError("date", value, "must be an ISO 8601 date YYYY-MM-DD") from None
    if not isinstance(value, dt.date):
        raise InvalidValueError("date", value, "must be a date")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise InvalidValueError(
            "date", value.isoformat(), f"must be in the years {FIRST_YEAR}-{LAST_YEAR}"
        )
    if isinstance(value, pendulum.Date):
        return value
    return pendulum.Date(value.year, value.month, value.day)


def to_optional_date(value: dt.date | str | None) -> pendulum.Date | None:
    """`to_date`, letting None through."""
    return None if value is None else to_date(value)


def to_dates(value: Iterable[dt.date | str]) -> frozenset[pendulum.Date]:
    """Convert a collection of dates (or ISO strings) to a frozenset of `pendulum.Date`."""
    return frozenset(to_date(d) for d in value)


def named(convert: Callable[[Any], T]) -> attrs.Converter[Any, T]:
    """Wrap a converter so that its `InvalidValueError` names the field (``Money.amount``).

    A plain attrs converter does not know which field it converts; an `attrs.Converter` that
    takes the instance and the field does.
    """

    def convert_field(value: Any, instance: object, attribute: attrs.Attribute[Any]) -> T:
        try:
            return convert(value)
        except InvalidValueError as error:
            raise InvalidValueError(
                field_name(instance, attribute), error.value, error.reason
            ) from None

    # Keep the accepted types visible to run-time introspection (``inspect.signature``).
    first = next(iter(inspect.signature(convert).parameters))
    convert_field.__annotations__["value"] = convert.__annotations__.get(first, Any)
    return attrs.Converter(convert_field, takes_self=True, takes_field=True)


# mypy's attrs plugin understands converters that are named functions only, so it is shown
# the signatures; at run time the names are field-aware `attrs.Converter`s.
if TYPE_CHECKING:

    def decimal_field(value: Decimal | int | str) -> Decimal:
        """`to_decimal` whose errors name the field."""

    def date_field(value: dt.date | str) -> pendulum.Date:
        """`to_date` whose errors name the field."""

    def optional_date_field(value: dt.date | str | None) -> pendulum.Date | None:
        """`to_optional_date` whose errors name the field."""

    def dates_field(value: Iterable[dt.date | str]) -> frozenset[pendulum.Date]:
        """`to_dates` whose errors name the field."""

else:
    decimal_field = named(to_decimal)
    date_field = named(to_date)
    optional_date_field = named(to_optional_date)
    dates_field = named(to_dates)


def _enum_type(annotation: object, namespace: dict[str, Any]) -> tuple[type[enum.Enum], str] | None:
    """The enum class a field annotation names, and how: ``one``, ``optional`` or ``set``."""
    if isinstance(annotation, str):
        try:
            annotation = eval(annotation, namespace)  # noqa: S307 - our own annotations
        except Exception:  # noqa: BLE001 - not resolvable here: not an enum we can check
            return None

    def is_enum(candidate: object) -> typing.TypeGuard[type[enum.Enum]]:
        return isinstance(candidate, type) and issubclass(candidate, enum.Enum)

    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if is_enum(annotation):
        return annotation, "one"
    if origin is frozenset and len(args) == 1 and is_enum(args[0]):
        return args[0], "set"
    if origin in {typing.Union, types.UnionType} and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1 and is_enum(rest[0]):
            return rest[0], "optional"
    return None


def _enum_converter(
    owner: str, name: str, kind: type[enum.Enum], mode: str
) -> Callable[[Any], Any]:
    choices = ", ".join(str(m.value) for m in kind)
    values = [str(m.value) for m in kind]

    def one(value: Any) -> Any:
        if isinstance(value, kind):
            return value
        try:
            return kind(value)
        except (ValueError, TypeError):
            raise InvalidValueError(
                f"{owner}.{name}", value, f"must be one of {choices}{suggestion(value, values)}"
            ) from None

    def convert(value: Any) -> Any:
        if mode == "optional" and value is None:
            return None
        if mode == "set":
            if isinstance(value, str | bytes) or not isinstance(value, Iterable):
                raise InvalidValueError(f"{owner}.{name}", value, "must be a collection")
            return frozenset(one(item) for item in value)
        return one(value)

    return convert


def enum_fields(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """Attrs field transformer: enum-typed fields accept their values and refuse anything else.

    ``SLA(metric="resolution")`` stores `SLAMetric.RESOLUTION`; ``SLA(metric="bogus")`` raises
    `InvalidValueError` naming ``SLA.metric``, the value and the choices. Sets of enums
    (``frozenset[WeakSignal]``) are converted item by item. Static type checkers still ask for
    the enum itself.
    """
    namespace = dict(vars(sys.modules[cls.__module__]))
    result = []
    for field in fields:
        own = field.converter is None or getattr(field.converter, "__name__", "") == "to_frozenset"
        found = _enum_type(field.type, namespace) if own else None
        if found is None:
            result.append(field)
            continue
        kind, mode = found
        result.append(field.evolve(converter=_enum_converter(cls.__name__, field.name, kind, mode)))
    return result
