"""Money: an exact `Decimal` amount in an ISO 4217 currency, and percentages."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Self

import attrs

from outsourcing.exceptions import CurrencyMismatchError, InvalidValueError, MoneyOperandError
from outsourcing.model._checks import between, currency_code, decimal_field, named, to_decimal

__all__ = [
    "MINOR_UNITS",
    "Money",
    "Percentage",
    "minor_units",
    "to_optional_percentage",
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
        return Money(self.amount.quantize(quantum, rounding=rounding), self.currency)

    def to_minor(self, rounding: str = ROUND_HALF_UP) -> int:
        """The amount in minor units (cents), rounded."""
        return int(self.rounded(rounding).amount.scaleb(self.minor_units))

    @classmethod
    def from_minor(cls, units: int, currency: str) -> Money:
        """Build from an integer count of minor units."""
        return cls(Decimal(units).scaleb(-minor_units(currency)), currency)

    def _same(self, other: Money, operation: str) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot {operation} Money and {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(self.currency, other.currency, operation)

    def __add__(self, other: Money) -> Money:
        self._same(other, "add")
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other, "subtract")
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def __mul__(self, factor: Decimal | int | str) -> Money:
        number = _operand(factor, "multiply")
        if number is None:
            return NotImplemented
        return Money(self.amount * number, self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor: Decimal | int | str) -> Money:
        number = _operand(divisor, "divide")
        if number is None:
            return NotImplemented
        if number == 0:
            raise ZeroDivisionError("cannot divide money by zero")
        return Money(self.amount / number, self.currency)

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
        return Money(self.amount * rate, currency)


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
