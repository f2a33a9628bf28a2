"""Static checks of the model's value objects: Money, Percentage, Span and the constructors.

Type-checked by mypy (``mypy src tests typing_tests``), never run. Each ``# type: ignore[code]``
marks a call that must stay an error: under ``warn_unused_ignores`` an ignore that is no longer
needed fails the check.
"""

import datetime as dt
from decimal import Decimal
from typing import assert_type

import pendulum

from outsourcing import (
    BusinessFunction,
    Client,
    LifePhase,
    Money,
    Percentage,
    Portfolio,
    Process,
    Span,
    StrategicImportance,
)


def money_arithmetic_stays_money(a: Money, b: Money) -> None:
    assert_type(Money(1, "EUR"), Money)
    assert_type(Money("12.50", "EUR"), Money)
    assert_type(Money(Decimal("12.50"), "EUR"), Money)
    assert_type(Money.of("12.50 EUR"), Money)
    assert_type(Money.zero("EUR"), Money)
    assert_type(Money.from_minor(1250, "EUR"), Money)
    assert_type(a + b, Money)
    assert_type(a - b, Money)
    assert_type(-a, Money)
    assert_type(abs(a), Money)
    assert_type(a * 3, Money)
    assert_type(a * Decimal("1.5"), Money)
    assert_type(a / 4, Money)
    assert_type(a.ratio(b), Decimal)
    assert_type(a < b, bool)
    assert_type(a.rounded(), Money)
    assert_type(a.to_minor(), int)
    assert_type(a.converted("USD", Decimal("1.08")), Money)
    assert_type(a.amount, Decimal)
    assert_type(a.currency, str)


def money_refuses_numbers_and_floats(a: Money) -> None:
    _ = a + 1  # type: ignore[operator]
    _ = 1 + a  # type: ignore[operator]
    _ = a * 1.5  # type: ignore[operator]
    _ = a / 2.0  # type: ignore[operator]
    _ = Money(1.5, "EUR")  # type: ignore[arg-type]
    a.amount = Decimal(2)  # type: ignore[misc]


def percentages(p: Percentage, a: Money) -> None:
    assert_type(Percentage("12.5"), Percentage)
    assert_type(Percentage.of(5), Percentage)
    assert_type(Percentage.of(p), Percentage)
    assert_type(Percentage.from_fraction(Decimal("0.125")), Percentage)
    assert_type(p.value, Decimal)
    assert_type(p.fraction, Decimal)
    assert_type(p.of_amount(a), Money)
    _ = Percentage.of(0.5)  # type: ignore[arg-type]


def spans(s: Span, day: dt.date) -> None:
    assert_type(Span(years=3), Span)
    assert_type(Span.parse("P1Y6M"), Span)
    assert_type(s.total_months, int)
    assert_type(s.after(day), pendulum.Date)
    assert_type(s.before(day), pendulum.Date)
    _ = Span(months="6")  # type: ignore[arg-type]


def constructors_want_enums() -> None:
    client = Client("Acme", "FR", "EUR", phase=LifePhase.GROWTH)
    assert_type(client, Client)
    process = Process(
        "payroll",
        "Payroll",
        BusinessFunction.PAYROLL,
        importance=StrategicImportance.CORE,
    )
    assert_type(process, Process)
    assert_type(process.function, BusinessFunction)
    assert_type(Portfolio(client, processes=[process]), Portfolio)
    # The converters accept the enum's value at run time, but typed code names the member.
    _ = Process("p", "P", "payroll")  # type: ignore[arg-type]
    _ = Client("Acme", "FR", "EUR", phase="growth")  # type: ignore[arg-type]
