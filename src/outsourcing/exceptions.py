"""Every error the library raises, under one base class.

Domain findings (a breach, a missing clause, an invalid ticket row) are returned as data, never
raised. Exceptions are for invalid objects, invalid documents and programmer errors.
"""

from __future__ import annotations

import reprlib
from collections.abc import Sequence

__all__ = [
    "CalendarRangeError",
    "CurrencyMismatchError",
    "DocumentError",
    "IndexValueMissingError",
    "InvalidValueError",
    "MissingDependencyError",
    "MissingTimeZoneError",
    "MoneyOperandError",
    "OutsourcingError",
    "RollingWindowError",
    "UnknownFormatError",
    "UnknownReferenceError",
    "UnknownResultError",
]


def _integer_size(value: int) -> str:
    return f"<an integer of about {value.bit_length() * 30103 // 100000 + 1:,} digits>"


class _BoundedRepr(reprlib.Repr):
    """``repr`` that stops at a few levels of nesting and shows huge integers by their size."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 4
        self.maxlist = self.maxtuple = self.maxset = self.maxfrozenset = self.maxdict = 100
        self.maxstring = self.maxother = self.maxlong = 100_000

    def repr_int(self, x: int, level: int) -> str:
        del level
        return _integer_size(x) if x.bit_length() > 256 else repr(x)


_BOUNDED = _BoundedRepr()


def shown(value: object) -> str:
    """``repr(value)`` for a message, safe for any value.

    Collections nested more than four levels show ``...`` below (a document may nest them
    thousands deep), and an integer too long to write usefully shows its size.
    """
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return _integer_size(value) if value.bit_length() > 256 else repr(value)
    if isinstance(value, list | tuple | dict | set | frozenset):
        return _BOUNDED.repr(value)
    return repr(value)


class OutsourcingError(Exception):
    """Base class of every error raised by `outsourcing`."""


class InvalidValueError(OutsourcingError, ValueError):
    """Raised when a field of a domain object is given a value it cannot hold.

    Attributes:
        field: The qualified field name, e.g. ``SLA.objective``.
        value: The offending value.
        reason: What is wrong with it, in words.
    """

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {reason}, got {shown(value)}")


class MissingTimeZoneError(InvalidValueError):
    """Raised when a contract with no time zone is measured in local periods.

    Calendar months, weeks and days are cut at local midnight; the library never picks UTC for
    a contract that does not say so.

    Attributes:
        contract: The contract's id.
    """

    def __init__(self, contract: str) -> None:
        self.contract = contract
        super().__init__(
            f"contracts[{contract}].timezone",
            None,
            "not stated, and periods are cut at local midnight: give the contract its IANA time "
            'zone (timezone="Europe/Paris", or "UTC" if that is what it says), or put it in a '
            "Portfolio whose client states its timezone or has a country with a single zone",
        )


class CalendarRangeError(InvalidValueError):
    """Raised when business time is asked for an instant outside a calendar's compiled years.

    Attributes:
        calendar: Id of the calendar.
        first: First instant the calendar covers (ISO 8601, local time).
        last: Last instant the calendar covers (ISO 8601, local time).
    """

    def __init__(self, field: str, value: object, calendar: str, first: str, last: str) -> None:
        self.calendar = calendar
        self.first = first
        self.last = last
        super().__init__(
            field,
            value,
            f"lies outside calendar {calendar!r}, which covers {first} to {last} "
            "(widen its first_year/last_year)",
        )


class RollingWindowError(InvalidValueError):
    """Raised when an imported SLO measures over a rolling window no contract period can hold.

    Contract periods are calendar-aligned (a calendar month, an ISO week); a rolling window
    (the last 28 days at any instant) is refused unless the caller names the calendar period to
    read it as.

    Attributes:
        window: The window as written (``2w``).
    """

    def __init__(self, field: str, window: str) -> None:
        self.window = window
        super().__init__(
            field,
            window,
            "a rolling window has no calendar-aligned contract period: pass rolling_as= to "
            "read it as one (a week, a month, ...)",
        )


class IndexValueMissingError(InvalidValueError):
    """Raised when a price revision needs an index value the series does not hold.

    Attributes:
        series: The index's name.
        month: The month asked for (``YYYY-MM``).
    """

    def __init__(self, series: str, month: str, first: str, last: str) -> None:
        self.series = series
        self.month = month
        super().__init__(
            f"IndexSeries[{series}]",
            month,
            f"no value for this month (the series covers {first} to {last})",
        )


class CurrencyMismatchError(OutsourcingError, ValueError):
    """Raised when money in two different currencies is combined without conversion."""

    def __init__(self, left: str, right: str, operation: str) -> None:
        self.left = left
        self.right = right
        super().__init__(f"cannot {operation} {left} and {right}: convert one currency first")


class MoneyOperandError(OutsourcingError, TypeError):
    """Raised when money is multiplied or divided by a float or a bool (not an exact number)."""


class UnknownReferenceError(OutsourcingError, ValueError):
    """Raised when an object refers to an id that does not exist (a provider, calendar, …)."""

    def __init__(self, field: str, value: object, known: Sequence[str]) -> None:
        self.field = field
        self.value = value
        names = ", ".join(sorted(known)) or "none"
        super().__init__(f"{field}: unknown reference {shown(value)} (known: {names})")


class DocumentError(OutsourcingError, ValueError):
    """Raised when a document (dict, JSON, TOML, YAML) does not describe a valid object.

    Every problem in the document is found, each prefixed by its JSON path; the first `LISTED`
    are kept in `errors` and `total` counts them all (a hostile document with a million
    problems gives a bounded error). The message shows the first `SHOWN`.

    Attributes:
        errors: One line per problem (the first `LISTED`), e.g.
            ``$.contracts[0].slas[1].objective: must be <= 100, got 150``.
        total: How many problems there are, listed or not (with ``exact`` False, a lower
            bound: past the first `LISTED` problems, a long list's bad items count one each).
        exact: Whether `total` is exact.
    """

    SHOWN = 25
    LISTED = 100

    def __init__(
        self,
        errors: Sequence[str],
        what: str = "document",
        total: int | None = None,
        *,
        exact: bool = True,
    ) -> None:
        self.errors = tuple(errors[: self.LISTED])
        self.total = max(len(errors) if total is None else total, len(self.errors))
        self.exact = exact
        lines = [f"  {e}" for e in self.errors[: self.SHOWN]]
        if self.total > self.SHOWN:
            lines.append(
                f"  … and {'at least ' if not exact else ''}{self.total - self.SHOWN} more"
            )
        text = "\n".join(lines)
        count = f"{self.total} problem(s)" if exact else f"at least {self.total} problems"
        super().__init__(f"invalid {what} ({count}):\n{text}")


class MissingDependencyError(OutsourcingError, ImportError):
    """Raised when a feature needs an optional dependency that is not installed."""

    def __init__(self, package: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"this feature needs {package}: pip install 'outsourcing[{extra}]' (or {package})"
        )


class UnknownFormatError(OutsourcingError, ValueError):
    """Raised when a document format (or a file suffix) is not one of JSON, TOML or YAML."""

    def __init__(self, name: object, known: Sequence[str]) -> None:
        self.name = name
        super().__init__(f"unknown document format {name!r} (known: {', '.join(known)})")


class UnknownResultError(OutsourcingError, KeyError):
    """Raised when a result is asked for something it does not hold (an SLA, a period, a KPI).

    Also a `KeyError`, so code that looked results up like a mapping keeps working.

    Attributes:
        kind: What was asked for (``SLA``, ``period``, ``KPI``, ``contract``).
        asked: The one asked for.
        known: Those the result holds (for ``owner``, when given).
        owner: What the asked-for thing was looked for in (``SLA 'resolution'``), if anything.
    """

    def __init__(
        self, kind: str, asked: str, known: Sequence[str], *, owner: str | None = None
    ) -> None:
        self.kind = kind
        self.asked = asked
        self.known = tuple(known)
        self.owner = owner
        shown = ", ".join(self.known) or "none"
        head = f"no {kind} {asked!r}" if owner is None else f"{owner} has no {kind} {asked!r}"
        super().__init__(f"{head} in the report ({kind}s: {shown})")

    def __str__(self) -> str:
        """The message as given (a `KeyError` would show it quoted)."""
        return str(self.args[0])
