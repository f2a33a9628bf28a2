import inspect
from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import (
    CurrencyMismatchError,
    InvalidValueError,
    Money,
    MoneyOperandError,
    OutsourcingError,
    Percentage,
    PercentChange,
)
from outsourcing.model.money import MINOR_UNITS, minor_units

Rejects = Callable[[Callable[[], object], str, object], OutsourcingError]

CURRENCIES = ["EUR", "MAD", "MGA", "JPY", "KWD", "USD"]
amounts = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4, allow_nan=False
)
currencies = st.sampled_from(CURRENCIES)


@pytest.mark.parametrize(
    ("build", "field", "value"),
    [
        (lambda: Money(1.5, "EUR"), "Money.amount", 1.5),  # type: ignore[arg-type]
        (lambda: Money(True, "EUR"), "Money.amount", True),  # noqa: FBT003 - the invalid input
        (lambda: Money("ten", "EUR"), "Money.amount", "ten"),
        (lambda: Money("NaN", "EUR"), "Money.amount", "NaN"),
        (lambda: Money("-Infinity", "EUR"), "Money.amount", "-Infinity"),
        (lambda: Money([1], "EUR"), "Money.amount", [1]),  # type: ignore[arg-type]
        (lambda: Money(1, "XYZ"), "Money.currency", "XYZ"),
        (lambda: Money(1, "eur"), "Money.currency", "eur"),
        (lambda: Money(1, "EURO"), "Money.currency", "EURO"),
        (lambda: Money.of("12.50"), "Money.currency", ""),
        (lambda: Money.of("twelve EUR"), "Money.amount", "twelve"),
        (lambda: Percentage(101), "Percentage.value", Decimal(101)),
        (lambda: Percentage("-0.5"), "Percentage.value", Decimal("-0.5")),
        (lambda: Percentage(0.5), "Percentage.value", 0.5),  # type: ignore[arg-type]
        (lambda: Percentage("half"), "Percentage.value", "half"),
        (lambda: PercentChange(-100), "PercentChange.value", Decimal(-100)),
        (lambda: PercentChange("-100.5"), "PercentChange.value", Decimal("-100.5")),
        (lambda: PercentChange("1000000000.01"), "PercentChange.value", Decimal("1000000000.01")),
        (lambda: PercentChange("0.00001"), "PercentChange.value", Decimal("0.00001")),
        (lambda: PercentChange(-0.5), "PercentChange.value", -0.5),  # type: ignore[arg-type]
        (lambda: PercentChange("Infinity"), "PercentChange.value", "Infinity"),
        (lambda: PercentChange("minus two"), "PercentChange.value", "minus two"),
        (lambda: Money(1, "EUR").converted("USD", Decimal(0)), "rate", Decimal(0)),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_invalid_values_name_the_field_and_the_value(
    rejects: Rejects, build: Callable[[], object], field: str, value: object
) -> None:
    """Every invalid amount, currency, percentage or rate raises an error naming both."""
    rejects(build, field, value)


def test_amounts_are_exact_decimals() -> None:
    """Ints and strings become Decimals without loss; equal amounts compare equal."""
    assert Money("0.10", "EUR").amount == Decimal("0.10")
    assert Money(3, "EUR").amount == Decimal(3)
    assert Money("0.1", "EUR") + Money("0.2", "EUR") == Money("0.3", "EUR")
    assert Money("1.0", "EUR") == Money("1.00", "EUR")


def test_parse_and_display() -> None:
    """`Money.of` reads "amount currency" and `str` writes it back."""
    money = Money.of(" 1234.50 EUR ")
    assert money == Money(Decimal("1234.50"), "EUR")
    assert str(money) == "1234.50 EUR"
    assert Money.of(str(money)) == money


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("2.345", "EUR", "2.35"),
        ("2.344999", "EUR", "2.34"),
        ("-2.345", "EUR", "-2.35"),
        ("2.5", "JPY", "3"),
        ("1234.4", "JPY", "1234"),
        ("1.2345", "KWD", "1.235"),
        ("1.2344", "KWD", "1.234"),
        ("10.005", "MGA", "10.01"),
        ("0.125", "MAD", "0.13"),
    ],
)
def test_rounding_is_half_up_to_the_minor_unit(amount: str, currency: str, expected: str) -> None:
    """Rounding is half-up (away from zero on ties) to the currency's ISO 4217 minor unit."""
    rounded = Money(amount, currency).rounded()
    assert rounded.amount == Decimal(expected)
    assert rounded.amount.as_tuple().exponent == -minor_units(currency)


def test_rounding_mode_can_be_declared() -> None:
    """Another rounding mode can be asked for explicitly."""
    assert Money("2.349", "EUR").rounded(ROUND_DOWN) == Money("2.34", "EUR")


def test_minor_units_follow_iso_4217() -> None:
    """JPY has 0 decimals, KWD 3, MGA and EUR 2 (ISO, not the 1/5 iraimbilanja)."""
    assert [minor_units(c) for c in ("JPY", "KWD", "MGA", "EUR", "MAD")] == [0, 3, 2, 2, 2]
    assert Money(1, "KWD").minor_units == 3
    assert all(units in {0, 3, 4} for units in MINOR_UNITS.values())


@pytest.mark.parametrize(
    ("amount", "currency", "units"),
    [("12.34", "EUR", 1234), ("1234", "JPY", 1234), ("1.234", "KWD", 1234), ("0.005", "EUR", 1)],
)
def test_minor_units_conversion(amount: str, currency: str, units: int) -> None:
    """`to_minor` counts cents (rounded half-up); `from_minor` reads them back."""
    assert Money(amount, currency).to_minor() == units
    assert Money.from_minor(units, currency) == Money(amount, currency).rounded()


def test_arithmetic_in_one_currency() -> None:
    """Add, subtract, negate, multiply, divide and compare keep the currency."""
    a, b = Money("10.50", "EUR"), Money("0.25", "EUR")
    assert a + b == Money("10.75", "EUR")
    assert a - b == Money("10.25", "EUR")
    assert -a == Money("-10.50", "EUR")
    assert abs(Money(-3, "EUR")) == Money(3, "EUR")
    assert a * 2 == 2 * a == Money(21, "EUR")
    assert a * Decimal("0.5") == Money("5.25", "EUR")
    assert a / 4 == Money("2.625", "EUR")
    assert a.ratio(b) == Decimal(42)
    assert b < a
    assert b <= a
    assert a > b
    assert a >= Money("10.50", "EUR")
    assert not Money.zero("EUR")
    assert bool(b)


@pytest.mark.parametrize(
    ("operation", "name"),
    [
        (lambda a, b: a + b, "add"),
        (lambda a, b: a - b, "subtract"),
        (lambda a, b: a < b, "compare"),
        (lambda a, b: a <= b, "compare"),
        (lambda a, b: a > b, "compare"),
        (lambda a, b: a >= b, "compare"),
        (lambda a, b: a.ratio(b), "divide"),
    ],
)
def test_mixing_currencies_is_an_error(
    operation: Callable[[Money, Money], object], name: str
) -> None:
    """Combining EUR and MAD raises `CurrencyMismatchError` naming both currencies."""
    with pytest.raises(CurrencyMismatchError, match=f"cannot {name} EUR and MAD") as caught:
        operation(Money(1, "EUR"), Money(1, "MAD"))
    assert (caught.value.left, caught.value.right) == ("EUR", "MAD")


def test_money_refuses_other_operands() -> None:
    """Floats, bools and plain numbers are not silently mixed into money arithmetic."""
    money = Money(1, "EUR")
    with pytest.raises(TypeError):
        money * 1.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        money / True
    with pytest.raises(TypeError, match="cannot add Money and int"):
        money + 1  # type: ignore[operator]
    with pytest.raises(ZeroDivisionError):
        money / 0


def test_conversion_at_a_rate() -> None:
    """`converted` multiplies by the rate and changes the currency."""
    assert Money(100, "EUR").converted("MAD", Decimal("10.85")) == Money("1085", "MAD")


def test_percentages() -> None:
    """A percentage is 0 … 100, exposes its fraction and takes a share of money."""
    assert Percentage(0) < Percentage("99.5") < Percentage(100)
    assert Percentage("99.5").fraction == Decimal("0.995")
    assert Percentage.from_fraction(Decimal("0.05")) == Percentage(5)
    assert Percentage(10).of_amount(Money(250, "EUR")) == Money(25, "EUR")
    assert str(Percentage("99.50")) == "99.5 %"
    assert str(Percentage(100)) == "100 %"
    assert Percentage.of(Percentage(3)) == Percentage.of(3) == Percentage(Percentage(3))


def test_percent_changes_are_signed() -> None:
    """A change may be negative (above -100): -2 is a fall of 2 %, written with its sign."""
    assert PercentChange("-99.9999") < PercentChange(-2) < PercentChange(0) < PercentChange(1)
    assert PercentChange(-2).fraction == Decimal("-0.02")
    assert PercentChange("2.5").fraction == Decimal("0.025")
    assert [str(PercentChange(v)) for v in ("-2", "0", "1.50", "100")] == [
        "-2 %",
        "0 %",
        "+1.5 %",
        "+100 %",
    ]
    # Text as a clause or a report writes it: a typographic minus sign and a percent sign.
    assert PercentChange("\u22122,5".replace(",", ".")) == PercentChange("-2.5")
    assert PercentChange(" -2 % ") == PercentChange(-2)
    assert PercentChange(Percentage(5)) == PercentChange(5) == PercentChange(PercentChange(5))


@given(st.decimals(min_value="-99.9999", max_value=10**9, places=4))
def test_a_percent_change_reads_back_from_its_text(value: Decimal) -> None:
    """``str`` of a change is text the change is built from again."""
    assert PercentChange(str(PercentChange(value))) == PercentChange(value)


@given(currencies, amounts, amounts, amounts)
def test_addition_is_associative_and_commutative(
    currency: str, x: Decimal, y: Decimal, z: Decimal
) -> None:
    """Exact amounts add associatively and commutatively; subtraction undoes addition."""
    a, b, c = Money(x, currency), Money(y, currency), Money(z, currency)
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    assert (a + b) - b == a
    assert a + Money.zero(currency) == a


@given(currencies, amounts)
def test_rounding_is_idempotent_and_close(currency: str, x: Decimal) -> None:
    """Rounding twice equals rounding once, and moves the amount by at most half a unit."""
    money = Money(x, currency)
    once = money.rounded()
    assert once.rounded() == once
    half_unit = Decimal(1).scaleb(-money.minor_units) / 2
    assert abs(once.amount - money.amount) <= half_unit


@given(currencies, amounts)
def test_minor_units_round_trip(currency: str, x: Decimal) -> None:
    """`from_minor(to_minor(m))` is `m` rounded; `to_minor(from_minor(n))` is `n`."""
    money = Money(x, currency)
    units = money.to_minor()
    assert Money.from_minor(units, currency) == money.rounded()
    assert Money.from_minor(units, currency).to_minor() == units


@given(currencies, amounts)
def test_negation_is_symmetric_under_half_up_rounding(currency: str, x: Decimal) -> None:
    """Half-up rounds ties away from zero, so rounding commutes with negation."""
    money = Money(x, currency)
    assert (-money).rounded() == -money.rounded()


def test_constructor_signature_shows_accepted_input_types() -> None:
    """Field-aware converters keep the accepted input types visible to `inspect.signature`."""
    parameters = inspect.signature(Money).parameters
    assert parameters["amount"].annotation == "Decimal | int | str"
    assert inspect.signature(Percentage).parameters["value"].annotation == (
        "Decimal | int | str | Percentage"
    )


def test_money_scales_by_decimal_int_and_text() -> None:
    """Multiplying or dividing by a Decimal, an int or decimal text gives the same exact amount."""
    price = Money("1.90", "EUR")
    assert price * "1.15" == price * Decimal("1.15") == Money("2.185", "EUR")
    assert "1.15" * price == Money("2.185", "EUR")
    assert price / "4" == price / 4 == price / Decimal(4) == Money("0.475", "EUR")
    assert price * 3 == Money("5.70", "EUR")


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (lambda m: m * 1.15, r"cannot multiply Money by a float \(1.15\).*Decimal\('1.15'\)"),
        (lambda m: 1.15 * m, r"cannot multiply Money by a float \(1.15\).*'1.15'"),
        (lambda m: m / 2.5, r"cannot divide Money by a float \(2.5\).*Decimal\('2.5'\)"),
        (lambda m: m * True, r"cannot multiply Money by a bool \(True\): not a number"),
    ],
)
def test_money_refuses_floats_with_a_clear_message(
    operation: Callable[[Money], object], message: str
) -> None:
    """A float (or bool) factor raises `MoneyOperandError`, a TypeError saying what to pass."""
    with pytest.raises(MoneyOperandError, match=message) as caught:
        operation(Money(1, "EUR"))
    assert isinstance(caught.value, TypeError)
    assert isinstance(caught.value, OutsourcingError)


def test_money_refuses_text_that_is_not_a_number() -> None:
    """Text that is not a decimal number raises `InvalidValueError` naming the text."""
    with pytest.raises(InvalidValueError, match="is not a decimal number, got 'ten'"):
        Money(1, "EUR") * "ten"


@given(amounts, currencies, st.decimals(min_value=-1000, max_value=1000, places=3))
def test_text_factors_equal_decimal_factors(
    amount: Decimal, currency: str, factor: Decimal
) -> None:
    """Scaling by a factor's text is exactly scaling by the factor."""
    money = Money(amount, currency)
    assert money * str(factor) == money * factor
    if factor:
        assert money / str(factor) == money / factor
