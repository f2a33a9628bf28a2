import datetime as dt

import numpy as np
import pendulum
from hypothesis import given
from hypothesis import strategies as st

from outsourcing.model.sla import MeasurementPeriod
from outsourcing.sla.periods import (
    assign_periods,
    period_bounds,
    period_containing,
    periods_between,
)


def test_labels_and_bounds() -> None:
    """Months, ISO weeks (Monday first) and quarters have calendar bounds and labels."""
    day = dt.date(2024, 12, 31)
    month = period_containing(MeasurementPeriod.MONTH, day)
    week = period_containing(MeasurementPeriod.WEEK, day)
    quarter = period_containing(MeasurementPeriod.QUARTER, day)
    assert (month.label, month.start, month.end) == (
        "2024-12",
        pendulum.Date(2024, 12, 1),
        pendulum.Date(2025, 1, 1),
    )
    assert (week.label, week.start) == ("2025-W01", pendulum.Date(2024, 12, 30))
    assert (quarter.label, quarter.start, quarter.end) == (
        "2024-Q4",
        pendulum.Date(2024, 10, 1),
        pendulum.Date(2025, 1, 1),
    )


def test_days_and_years() -> None:
    """A day runs from local midnight to the next; a year from 1 January, labelled by year."""
    day = period_containing(MeasurementPeriod.DAY, dt.date(2024, 2, 29))
    year = period_containing(MeasurementPeriod.YEAR, dt.date(2024, 2, 29))
    assert (day.label, day.end) == ("2024-02-29", pendulum.Date(2024, 3, 1))
    assert (year.label, year.start, year.end) == (
        "2024",
        pendulum.Date(2024, 1, 1),
        pendulum.Date(2025, 1, 1),
    )


def test_dst_months_are_calendar_months() -> None:
    """In Paris, March 2024 is one hour shorter than 31 days, October one hour longer."""
    periods = periods_between(MeasurementPeriod.MONTH, dt.date(2024, 3, 1), dt.date(2024, 10, 1))
    bounds = period_bounds(periods, "Europe/Paris")
    lengths = np.diff(bounds) // 3600
    assert lengths[0] == 31 * 24 - 1
    assert lengths[-1] == 31 * 24 + 1


@given(
    st.sampled_from(list(MeasurementPeriod)),
    st.integers(1_704_067_200, 1_767_225_599),
    st.sampled_from(["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"]),
)
def test_assignment_follows_the_local_date(
    kind: MeasurementPeriod, instant: int, zone: str
) -> None:
    """A ticket belongs to the period containing its local date in the contract's zone."""
    periods = periods_between(kind, dt.date(2024, 1, 1), dt.date(2026, 1, 1))
    bounds = period_bounds(periods, zone)
    (index,) = assign_periods(np.array([instant], dtype=np.int64), bounds).tolist()
    local = dt.datetime.fromtimestamp(instant, dt.UTC).astimezone(pendulum.timezone(zone)).date()
    expected = [i for i, p in enumerate(periods) if p.start <= local < p.end]
    assert [index] == expected or (index == -1 and not expected)
