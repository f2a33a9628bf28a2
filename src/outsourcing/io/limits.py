"""The limits a document stays within, so hostile input is refused in bounded time and memory.

A portfolio written by people is a few dozen kilobytes, its names a few dozen characters and
its amounts below a thousand billion with a few decimals. A document far outside those sizes is
a mistake or an attack; reading it is refused with an error naming the limit, before the work
that would take minutes or gigabytes:

- document size: at most `MAX_DOCUMENT_CHARS` characters (16 Mi) of JSON or TOML, and
  `MAX_YAML_DOCUMENT_CHARS` (512 Ki, twenty times the sample portfolio) of YAML, whose
  parser (pure Python, so that nesting raises an error instead of crashing) reads about a
  hundred times slower than JSON's;
- any text value: at most `MAX_TEXT_CHARS` characters (10,000), and no lone surrogate
  (U+D800 to U+DFFF alone, which no file, terminal or report can encode);
- a decimal number: below 10^`DECIMAL_MAX_INTEGER_DIGITS` (10^15) in size, and at most
  `DECIMAL_MAX_PLACES` (18) decimal places.

Decimal numbers are bounded because arithmetic on ``1e-999999999`` (a one followed by a billion
zeros once added to a price) or on ``1e30`` FTEs either never ends or overflows the decimal
context. Errors list the first `outsourcing.exceptions.DocumentError.LISTED` problems and count
the rest.
"""

from __future__ import annotations

from decimal import Decimal

from outsourcing.exceptions import DocumentError, InvalidValueError

__all__ = [
    "DECIMAL_MAX_INTEGER_DIGITS",
    "DECIMAL_MAX_PLACES",
    "MAX_DOCUMENT_CHARS",
    "MAX_TEXT_CHARS",
    "MAX_YAML_DOCUMENT_CHARS",
    "check_decimal",
    "check_document_size",
    "check_text",
]

#: Largest JSON or TOML document read, in characters.
MAX_DOCUMENT_CHARS = 16 * 1024 * 1024
#: Largest YAML document read, in characters (about four seconds of PyYAML's Python parser).
MAX_YAML_DOCUMENT_CHARS = 512 * 1024
#: Longest text value (a name, an id, a description), in characters.
MAX_TEXT_CHARS = 10_000
#: Digits before the decimal point: a number's size is below 10**15 (a thousand trillion).
DECIMAL_MAX_INTEGER_DIGITS = 15
#: Digits after the decimal point (trailing zeros included: ``1.50`` has two).
DECIMAL_MAX_PLACES = 18


def check_document_size(text: str, what: str, *, yaml: bool = False) -> None:
    """Refuse a document longer than `MAX_DOCUMENT_CHARS` (`MAX_YAML_DOCUMENT_CHARS` for YAML).

    Raises:
        DocumentError: The text is too long (``what`` names it: ``JSON text``).
    """
    limit = MAX_YAML_DOCUMENT_CHARS if yaml else MAX_DOCUMENT_CHARS
    if len(text) > limit:
        size = f"{len(text):,} characters"
        reason = f"document: is larger than the limit of {limit:,} characters ({size})"
        raise DocumentError([reason], what)


def check_text(value: str) -> str:
    """Return ``value`` when it is a text value a document may hold.

    Raises:
        InvalidValueError: Longer than `MAX_TEXT_CHARS`, or holding a lone surrogate (which no
            file, terminal or report can encode).
    """
    if len(value) > MAX_TEXT_CHARS:
        raise InvalidValueError(
            "text", value, f"is longer than the limit of {MAX_TEXT_CHARS:,} characters"
        )
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise InvalidValueError(
                "text",
                value,
                f"is not valid Unicode (lone surrogate {value[error.start]!r} at "
                f"character {error.start})",
            ) from None
    return value


def check_decimal(value: Decimal) -> Decimal:
    """Return ``value`` when a document may hold it (see the module's table of limits).

    Raises:
        InvalidValueError: Too large, or too many decimal places.
    """
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # NaN and infinities are refused by `to_decimal`
        return value
    if exponent < -DECIMAL_MAX_PLACES:
        raise InvalidValueError(
            "decimal", value, f"has more than {DECIMAL_MAX_PLACES} decimal places"
        )
    integer_digits = len(digits) + exponent if any(digits) else exponent
    if integer_digits > DECIMAL_MAX_INTEGER_DIGITS:
        raise InvalidValueError(
            "decimal",
            value,
            f"is out of range: numbers must be below 10^{DECIMAL_MAX_INTEGER_DIGITS} in size",
        )
    return value
