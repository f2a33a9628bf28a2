"""Money: an exact `Decimal` amount in an ISO 4217 currency, percentages and percent changes."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, DecimalException
from typing import TYPE_CHECKING, Self

import attrs

from outsourcing.decimals import PRECISION, computing, exact_context
from outsourcing.exceptions import CurrencyMismatchError, InvalidValueError, MoneyOperandError
from outsourcing.model._checks import (
    between,
    currency_code,
    decimal_field,
    decimal_places,
    field_name,
    named,
    to_decimal,
)

__all__ = [
    "LARGEST_PERCENT_CHANGE",
    "MINOR_UNITS",
    "PERCENT_CHANGE_PLACES",
    "Money",
    "PercentChange",
    "Percentage",
    "minor_units",
    "to_optional_percent_change",
    "to_optional_percentage",
    "to_percent_change",
    "to_percentage",
]

#: ISO 4217 minor units (decimal places) that differ from the usual 2. Our own table: babel and
#: py-moneyed disagree on some codes (MGA: ISO 4217 says 2 since the ariary's 1/5 iraimbilanja
#: is not used in accounting; we follow ISO).
MINOR_UNITS: dict[str, int] = {
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    "CLF": 4, "UYW": 4,
}  # fmt: skip


#: Most digits an amount may have to be rounded (far beyond any real amount; bounds the work).
_LARGEST_ROUNDED_DIGITS = 10_000


def minor_units(currency: str) -> int:
    """Number of decimal places of ``currency`` in ISO 4217 (2 unless listed otherwise)."""
    return MINOR_UNITS.get(currency, 2)


@attrs.frozen(order=False)
class Money:
    """An exact amount of money in one currency.

    Arithmetic between two amounts requires the same currency (`CurrencyMismatchError`
    otherwise). Amounts keep full precision until `rounded` is called, which is done once, at the
    invoice line.

    Attributes:
        amount: The amount, as a `Decimal` (ints and strings are converted; floats refused).
        currency: ISO 4217 code, e.g. ``EUR``.
    """

    amount: Decimal = attrs.field(converter=decimal_field)
    currency: str = attrs.field(validator=currency_code)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Zero in ``currency``."""
        return cls(Decimal(0), currency)

    @classmethod
    def of(cls, text: str) -> Money:
        """Parse ``"1234.50 EUR"`` (amount then currency, one space)."""
        amount, _, currency = text.strip().partition(" ")
        return cls(amount, currency.strip())

    @property
    def minor_units(self) -> int:
        """Decimal places of the currency."""
        return minor_units(self.currency)

    def rounded(self, rounding: str = ROUND_HALF_UP) -> Money:
        """This amount rounded to the currency's minor unit (half-up unless told otherwise)."""
        quantum = Decimal(1).scaleb(-self.minor_units)
        if self.amount.adjusted() > _LARGEST_ROUNDED_DIGITS:
            raise InvalidValueError(
                "Money.amount",
                self.amount,
                f"cannot be rounded (more than {_LARGEST_ROUNDED_DIGITS:,} digits)",
            )
        digits = max(PRECISION, self.amount.adjusted() + self.minor_units + 2)
        with computing("Money.amount", self.amount, "cannot be rounded", precision=digits):
            return Money(self.amount.quantize(quantum, rounding=rounding), self.currency)

    def to_minor(self, rounding: str = ROUND_HALF_UP) -> int:
        """The amount in minor units (cents), rounded."""
        amount = self.rounded(rounding).amount
        digits = max(PRECISION, amount.adjusted() + self.minor_units + 2)
        return int(amount.scaleb(self.minor_units, exact_context(digits)))

    @classmethod
    def from_minor(cls, units: int, currency: str) -> Money:
        """Build from an integer count of minor units (exactly, however large)."""
        sign, digits, _ = Decimal(units).as_tuple()
        return cls(Decimal((sign, digits, -minor_units(currency))), currency)

    def _same(self, other: Money, operation: str) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot {operation} Money and {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(self.currency, other.currency, operation)

    def _too_large(self, operation: str) -> InvalidValueError:
        """The error of an arithmetic operation that overflowed the decimal context."""
        return InvalidValueError(
            "Money.amount", self.amount, f"is too large to {operation} exactly"
        )

    def __add__(self, other: Money) -> Money:
        self._same(other, "add")
        try:
            amount = self.amount + other.amount
        except DecimalException:
            raise self._too_large("add") from None
        return Money(amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other, "subtract")
        try:
            amount = self.amount - other.amount
        except DecimalException:
            raise self._too_large("subtract") from None
        return Money(amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def __mul__(self, factor: Decimal | int | str) -> Money:
        number = _operand(factor, "multiply")
        if number is None:
            return NotImplemented
        try:
            amount = self.amount * number
        except DecimalException:
            raise self._too_large("multiply") from None
        return Money(amount, self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor: Decimal | int | str) -> Money:
        number = _operand(divisor, "divide")
        if number is None:
            return NotImplemented
        if number == 0:
            raise ZeroDivisionError("cannot divide money by zero")
        try:
            amount = self.amount / number
        except DecimalException:
            raise self._too_large("divide") from None
        return Money(amount, self.currency)

    def ratio(self, other: Money) -> Decimal:
        """``self / other`` as a plain number (same currency required)."""
        self._same(other, "divide")
        return self.amount / other.amount

    def __lt__(self, other: Money) -> bool:
        self._same(other, "compare")
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other, "compare")
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other, "compare")
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other, "compare")
        return self.amount >= other.amount

    def __bool__(self) -> bool:
        return self.amount != 0

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    def converted(self, currency: str, rate: Decimal) -> Money:
        """This amount in ``currency`` at ``rate`` units of ``currency`` per unit of ours."""
        if rate <= 0:
            raise InvalidValueError("rate", rate, "an exchange rate must be > 0")
        try:
            amount = self.amount * rate
        except DecimalException:
            raise self._too_large("convert") from None
        return Money(amount, currency)


def _operand(value: object, operation: str) -> Decimal | None:
    """The exact number ``value`` stands for in ``Money`` arithmetic (None: not a number).

    Raises:
        MoneyOperandError: ``value`` is a float or a bool (not exact, or not a number).
    """
    if isinstance(value, bool):
        raise MoneyOperandError(f"cannot {operation} Money by a bool ({value!r}): not a number")
    if isinstance(value, float):
        raise MoneyOperandError(
            f"cannot {operation} Money by a float ({value!r}): floats are not exact; "
            f"pass a Decimal, an int or decimal text, e.g. Decimal({str(value)!r}) "
            f"or {str(value)!r}"
        )
    if isinstance(value, Decimal | int | str):
        return to_decimal(value)
    return None


def _to_percentage_value(value: Decimal | int | str | Percentage) -> Decimal:
    if isinstance(value, Percentage):
        return value.value
    return to_decimal(value)


if TYPE_CHECKING:  # see `_checks.decimal_field`: mypy is shown a function, attrs gets a Converter

    def _percentage_value(value: Decimal | int | str | Percentage) -> Decimal:
        """`_to_percentage_value` whose errors name the field."""

else:
    _percentage_value = named(_to_percentage_value)


@attrs.frozen(order=True)
class Percentage:
    """A percentage between 0 and 100, kept apart from fractions to prevent 0.995 vs 99.5 slips.

    Attributes:
        value: The percentage, e.g. ``Decimal("99.5")`` for 99.5 %.
    """

    value: Decimal = attrs.field(converter=_percentage_value, validator=between(0, 100))

    @classmethod
    def of(cls, value: Decimal | int | str | Percentage) -> Percentage:
        """Accept a `Percentage` as is, or build one from a number."""
        return value if isinstance(value, Percentage) else cls(value)

    @classmethod
    def from_fraction(cls, fraction: Decimal) -> Self:
        """Build from a fraction in [0, 1]."""
        return cls(fraction * 100)

    @property
    def fraction(self) -> Decimal:
        """The value as a fraction in [0, 1]."""
        return self.value / 100

    def of_amount(self, money: Money) -> Money:
        """This percentage of an amount of money."""
        return money * self.fraction

    def __str__(self) -> str:
        return f"{self.value.normalize():f} %"


def to_percentage(value: Decimal | int | str | Percentage) -> Percentage:
    """Converter: accept a `Percentage` as is, or build one from a number."""
    return value if isinstance(value, Percentage) else Percentage(value)


def to_optional_percentage(value: Decimal | int | str | Percentage | None) -> Percentage | None:
    """`to_percentage`, letting None through."""
    return None if value is None else to_percentage(value)


if TYPE_CHECKING:  # see `_checks.decimal_field`: mypy is shown a function, attrs gets a Converter

    def percentage_field(value: Decimal | int | str | Percentage) -> Percentage:
        """`to_percentage` whose errors name the field (``SLA.objective``)."""

    def optional_percentage_field(
        value: Decimal | int | str | Percentage | None,
    ) -> Percentage | None:
        """`to_optional_percentage` whose errors name the field."""

else:
    percentage_field = named(to_percentage)
    optional_percentage_field = named(to_optional_percentage)


#: Most decimal places of a `PercentChange`: four (a millionth as a fraction), the precision the
#: cost projection and the Monte Carlo carry a yearly rate in.
PERCENT_CHANGE_PLACES = 4
#: Largest `PercentChange`, in percent: the largest yearly rate the cost assumptions accept
#: (`outsourcing.costs.assumptions.LARGEST_RATE`), which the simulation holds in int64.
LARGEST_PERCENT_CHANGE = Decimal(10**9)

#: The typographic minus sign (U+2212), read as ``-`` in a percent change written as text.
_MINUS_SIGN = "\u2212"


def _to_change_value(value: Decimal | int | str | Percentage | PercentChange) -> Decimal:
    if isinstance(value, Percentage | PercentChange):
        return value.value
    if isinstance(value, str):
        text = value.strip().replace(_MINUS_SIGN, "-").removesuffix("%").rstrip()
        try:
            return to_decimal(text)
        except InvalidValueError as error:
            raise InvalidValueError(error.field, value, error.reason) from None
    return to_decimal(value)


if TYPE_CHECKING:  # see `_checks.decimal_field`: mypy is shown a function, attrs gets a Converter

    def _change_value(value: Decimal | int | str | Percentage | PercentChange) -> Decimal:
        """`_to_change_value` whose errors name the field."""

else:
    _change_value = named(_to_change_value)


def _change_bounds(instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    """A change > -100 % and <= `LARGEST_PERCENT_CHANGE`, with at most four decimal places."""
    name = field_name(instance, attribute)
    if value <= -100:
        raise InvalidValueError(name, value, "must be > -100 (a fall of 100 % leaves no price)")
    if value > LARGEST_PERCENT_CHANGE:
        raise InvalidValueError(name, value, f"must be <= {LARGEST_PERCENT_CHANGE:,}")
    if decimal_places(value) > PERCENT_CHANGE_PLACES:
        raise InvalidValueError(
            name, value, f"must have at most {PERCENT_CHANGE_PLACES} decimal places"
        )


@attrs.frozen(order=True)
class PercentChange:
    """A signed change in percent: ``-2`` is a fall of 2 %, ``3`` a rise of 3 %.

    The floors and caps of indexation and price revision clauses, and expected index changes,
    are changes: a floor of -2 % (« la baisse ne pourra excéder 2 % ») lets a price fall by
    2 % at most, a floor of 0 keeps it from falling, a floor of +1 % guarantees a rise.

    Attributes:
        value: The change in percent, > -100, at most `LARGEST_PERCENT_CHANGE`, with at most
            four decimal places (ints, decimal text such as ``"-2"``, ``"−2 %"`` with a
            typographic minus sign, and `Percentage` values are converted; floats refused).
    """

    value: Decimal = attrs.field(converter=_change_value, validator=_change_bounds)

    @property
    def fraction(self) -> Decimal:
        """The change as a fraction (``-0.02`` for -2 %)."""
        return self.value / 100

    def __str__(self) -> str:
        sign = "+" if self.value > 0 else "-" if self.value < 0 else ""
        return f"{sign}{abs(self.value).normalize():f} %"


def to_percent_change(
    value: Decimal | int | str | Percentage | PercentChange,
) -> PercentChange:
    """Converter: accept a `PercentChange` as is, or build one from a number or a `Percentage`."""
    return value if isinstance(value, PercentChange) else PercentChange(value)


def to_optional_percent_change(
    value: Decimal | int | str | Percentage | PercentChange | None,
) -> PercentChange | None:
    """`to_percent_change`, letting None through."""
    return None if value is None else to_percent_change(value)


if TYPE_CHECKING:  # see `_checks.decimal_field`: mypy is shown a function, attrs gets a Converter

    def percent_change_field(
        value: Decimal | int | str | Percentage | PercentChange,
    ) -> PercentChange:
        """`to_percent_change` whose errors name the field (``Indexation.expected_rate``)."""

    def optional_percent_change_field(
        value: Decimal | int | str | Percentage | PercentChange | None,
    ) -> PercentChange | None:
        """`to_optional_percent_change` whose errors name the field (``Indexation.floor``)."""

else:
    percent_change_field = named(to_percent_change)
    optional_percent_change_field = named(to_optional_percent_change)
