"""Money, numbers, percentages, dates and durations written per locale, with babel.

Display rounding: an amount is rounded half-up to its currency's minor unit from our own
ISO 4217 table (`outsourcing.model.money.minor_units`), never babel's (babel says MGA has no
decimals; ISO 4217 says 2). Only the displayed text is rounded: the amounts in results keep
full precision.

Typography follows the CLDR data babel ships: French groups thousands with a narrow no-break
space (U+202F) and separates the currency sign with a no-break space (U+00A0), so
``1 234,50 €`` never wraps between the digits and the sign.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from functools import cached_property

import attrs
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import NumberPattern, format_decimal

from outsourcing.exceptions import InvalidValueError
from outsourcing.model.money import Money, Percentage, PercentChange
from outsourcing.presentation.locale import DEFAULT_LOCALES, Language, to_language

__all__ = ["Formatter", "Value", "is_numeric"]

#: What a report cell or key figure may hold; the formatter writes each kind per locale.
Value = str | int | Decimal | Money | Percentage | dt.date | dt.timedelta | None

#: Percentages are shown with up to two decimals (99.5 %, 99.95 %).
_PERCENT_DECIMALS = 2


def is_numeric(value: Value) -> bool:
    """Whether a value is a quantity (aligned right in tables)."""
    return isinstance(value, Money | Percentage | Decimal | int) and not isinstance(value, bool)


@attrs.frozen
class Formatter:
    """Writes values for one language in one locale.

    Attributes:
        language: The report language.
        locale: The babel locale for numbers and dates (default: the language's usual one).
    """

    language: Language = attrs.field(converter=to_language)
    locale: str = attrs.field()

    @locale.default
    def _default_locale(self) -> str:
        return DEFAULT_LOCALES[self.language]

    @locale.validator
    def _known_locale(self, _attribute: object, value: str) -> None:
        try:
            Locale.parse(value)
        except (ValueError, TypeError, UnknownLocaleError):
            raise InvalidValueError("locale", value, "is not a locale babel knows") from None

    @cached_property
    def _babel(self) -> Locale:
        return Locale.parse(self.locale)

    @cached_property
    def _currency_pattern(self) -> NumberPattern:
        pattern: NumberPattern = self._babel.currency_formats["standard"]
        return pattern

    @cached_property
    def _percent_pattern(self) -> NumberPattern:
        pattern: NumberPattern = copy.copy(self._babel.percent_formats[None])
        pattern.frac_prec = (0, _PERCENT_DECIMALS)
        return pattern

    def money(self, value: Money) -> str:
        """``1 234,50 €`` (fr_FR) or ``€1,234.50`` (en_GB), rounded half-up to minor units.

        An amount that rounds to zero is written without a sign.
        """
        rounded = value.rounded()
        amount = rounded.amount or abs(rounded.amount)  # never "-0,00 €"
        pattern = copy.copy(self._currency_pattern)
        digits = value.minor_units
        pattern.frac_prec = (digits, digits)
        return str(
            pattern.apply(amount, self._babel, currency=value.currency, currency_digits=False)
        )

    def country(self, code: str) -> str:
        """The name of an ISO 3166-1 alpha-2 country (``Maroc``); the code if babel has none."""
        name = self._babel.territories.get(code.upper())
        return str(name) if name else code

    def number(self, value: Decimal | int) -> str:
        """A number with the locale's grouping and decimal signs (``12 345,678``)."""
        return str(format_decimal(value, locale=self._babel))

    def percentage(self, value: Percentage | Decimal) -> str:
        """``99,5 %`` (fr_FR) or ``99.5%`` (en_GB); a Decimal is read as a percentage value."""
        amount = value.value if isinstance(value, Percentage) else value
        return str(self._percent_pattern.apply(amount / 100, self._babel))

    def change(self, value: PercentChange | Decimal) -> str:
        """A signed change: ``+3 %``, ``-2 %`` (fr_FR) or ``+3%``, ``-2%`` (en_GB).

        A Decimal is read as a change in percent. The minus sign is the locale's (CLDR's: a
        hyphen-minus in both languages), the plus sign is written for a rise.
        """
        amount = value.value if isinstance(value, PercentChange) else value
        text = self.percentage(amount)
        return f"+{text}" if amount > 0 else text

    def date(self, value: dt.date) -> str:
        """``31 janvier 2024`` (fr_FR) or ``31 January 2024`` (en_GB).

        French writes the first of the month as an ordinal: ``1er janvier 2024`` (CLDR data,
        which babel follows, has the cardinal ``1``).
        """
        text = str(format_date(dt.date(value.year, value.month, value.day), "long", self._babel))
        if value.day == 1 and self._babel.language == "fr" and text.startswith("1 "):
            return "1er" + text[1:]
        return text

    def month(self, value: dt.date) -> str:
        """The month of a date: ``janv. 2024`` (fr_FR) or ``Jan 2024`` (en_GB)."""
        day = dt.date(value.year, value.month, 1)
        return str(format_skeleton("yMMM", day, locale=self._babel))

    def duration(self, value: dt.timedelta) -> str:
        """A duration in hours and minutes: ``4 h 30 min`` (both languages use SI symbols)."""
        minutes = int(value.total_seconds()) // 60
        sign = "-" if minutes < 0 else ""
        hours, rest = divmod(abs(minutes), 60)
        if hours and rest:
            return f"{sign}{self.number(hours)}\u00a0h\u00a0{rest:02d}\u00a0min"
        if hours:
            return f"{sign}{self.number(hours)}\u00a0h"
        return f"{sign}{rest}\u00a0min"

    def value(self, value: Value) -> str:  # noqa: PLR0911 - one return per kind of value
        """Any report value, written by kind (empty text for None)."""
        match value:
            case None:
                return ""
            case bool():
                return "✔" if value else "✘"
            case str():
                return value
            case Money():
                return self.money(value)
            case Percentage():
                return self.percentage(value)
            case int() | Decimal():
                return self.number(value)
            case dt.timedelta():
                return self.duration(value)
            case dt.date():
                return self.date(value)
