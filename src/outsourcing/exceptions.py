"""Every error the library raises, under one base class.

Domain findings (a breach, a missing clause, an invalid ticket row) are returned as data, never
raised. Exceptions are for invalid objects, invalid documents and programmer errors.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "CalendarRangeError",
    "CurrencyMismatchError",
    "DocumentError",
    "InvalidValueError",
    "MissingDependencyError",
    "OutsourcingError",
    "RollingWindowError",
    "UnknownFormatError",
    "UnknownReferenceError",
    "UnknownResultError",
]


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
        super().__init__(f"{field}: {reason}, got {value!r}")


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


class CurrencyMismatchError(OutsourcingError, ValueError):
    """Raised when money in two different currencies is combined without conversion."""

    def __init__(self, left: str, right: str, operation: str) -> None:
        self.left = left
        self.right = right
        super().__init__(f"cannot {operation} {left} and {right}: convert one currency first")


class UnknownReferenceError(OutsourcingError, ValueError):
    """Raised when an object refers to an id that does not exist (a provider, calendar, …)."""

    def __init__(self, field: str, value: object, known: Sequence[str]) -> None:
        self.field = field
        self.value = value
        shown = ", ".join(sorted(known)) or "none"
        super().__init__(f"{field}: unknown reference {value!r} (known: {shown})")


class DocumentError(OutsourcingError, ValueError):
    """Raised when a document (dict, JSON, TOML, YAML) does not describe a valid object.

    Every problem in the document is listed at once, each prefixed by its JSON path (the
    message shows the first `SHOWN`; `errors` holds them all).

    Attributes:
        errors: One line per problem, e.g. ``$.contracts[0].slas[1].objective: must be <= 100,
            got 150``.
    """

    SHOWN = 25

    def __init__(self, errors: Sequence[str], what: str = "document") -> None:
        self.errors = tuple(errors)
        lines = [f"  {e}" for e in self.errors[: self.SHOWN]]
        if len(self.errors) > self.SHOWN:
            lines.append(f"  … and {len(self.errors) - self.SHOWN} more")
        text = "\n".join(lines)
        super().__init__(f"invalid {what} ({len(self.errors)} problem(s)):\n{text}")


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
    """Raised when a report is asked for a result it does not hold (an SLA or a period).

    Also a `KeyError`, so code that looked results up like a mapping keeps working.

    Attributes:
        sla_id: The SLA asked for.
        period: The period label asked for.
        known_slas: The SLAs the report holds.
        known_periods: The periods the report holds for ``sla_id`` (empty if it is unknown).
    """

    def __init__(
        self,
        sla_id: str,
        period: str,
        known_slas: Sequence[str],
        known_periods: Sequence[str],
    ) -> None:
        self.sla_id = sla_id
        self.period = period
        self.known_slas = tuple(known_slas)
        self.known_periods = tuple(known_periods)
        if sla_id not in self.known_slas:
            shown = ", ".join(self.known_slas) or "none"
            text = f"no SLA {sla_id!r} in the report (SLAs: {shown})"
        else:
            shown = ", ".join(self.known_periods) or "none"
            text = f"SLA {sla_id!r} has no period {period!r} in the report (periods: {shown})"
        super().__init__(text)

    def __str__(self) -> str:
        """The message as given (a `KeyError` would show it quoted)."""
        return str(self.args[0])
