"""Static checks of contract dates, the renewal calendar and price revision.

Type-checked by mypy (``mypy src tests typing_tests``), never run.
"""

from decimal import Decimal
from typing import assert_type

import pendulum

from outsourcing import (
    CalendarEvent,
    Contract,
    IndexSeries,
    KeyDates,
    Money,
    Portfolio,
    PriceRevision,
    RevisedPrice,
    TermStatus,
    key_dates,
    price_schedule,
    projected_value,
    read_index_series,
    renewal_calendar,
    revised_price,
)


def contract_dates(contract: Contract, portfolio: Portfolio) -> None:
    dates = key_dates(contract, "2027-06-15")
    assert_type(dates, KeyDates)
    assert_type(dates.status, TermStatus)
    assert_type(dates.notice_deadline, pendulum.Date | None)
    assert_type(dates.days_left, int | None)
    assert_type(dates.earliest_end, pendulum.Date)
    assert_type(renewal_calendar(portfolio, "2026-01-01"), tuple[CalendarEvent, ...])


def price_revision(base: Money, clause: PriceRevision, series: IndexSeries) -> None:
    revised = revised_price(base, clause, [series], "2026-01-01")
    assert_type(revised, RevisedPrice)
    assert_type(revised.price, Money)
    assert_type(revised.estimated, bool)
    assert_type(
        price_schedule(base, clause, {"Syntec": series}, "2025-01-01", "2027-12-31"),
        tuple[RevisedPrice, ...],
    )
    assert_type(projected_value(series, "2026-10", Decimal("2.5")), tuple[Decimal, bool])
    assert_type(read_index_series("syntec.csv", name="Syntec"), IndexSeries)
