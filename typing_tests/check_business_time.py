"""Static checks of business time: scalar datetimes in, and typed numpy arrays for columns.

Type-checked by mypy (``mypy src tests typing_tests``), never run.
"""

import datetime as dt
from typing import assert_type

import numpy as np
import numpy.typing as npt

from outsourcing import (
    BusinessCalendar,
    Weekday,
    WorkingInterval,
    add_business,
    add_business_array,
    business_seconds,
    business_seconds_array,
)


def scalar_business_time(calendar: BusinessCalendar, start: dt.datetime, end: dt.datetime) -> None:
    assert_type(BusinessCalendar.always("Europe/Paris"), BusinessCalendar)
    assert_type(business_seconds(calendar, start, end), int)
    assert_type(add_business(calendar, start, dt.timedelta(hours=4)), dt.datetime)
    assert_type(calendar.intervals_on(start.date()), tuple[WorkingInterval, ...])
    assert_type(calendar.weekly_seconds, int)
    assert_type(WorkingInterval.parse("09:00-18:00"), WorkingInterval)
    assert_type(Weekday.from_key("mon"), Weekday)
    # Durations are timedeltas, not a number of seconds.
    _ = add_business(calendar, start, 3600)  # type: ignore[arg-type]
    _ = business_seconds(calendar, start, 3600)  # type: ignore[arg-type]


def array_business_time(
    calendar: BusinessCalendar, starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64]
) -> None:
    assert_type(business_seconds_array(calendar, starts, ends), npt.NDArray[np.int64])
    assert_type(business_seconds_array(calendar, [0, 60], [3600, 7200]), npt.NDArray[np.int64])
    assert_type(add_business_array(calendar, starts, np.full(2, 3600)), npt.NDArray[np.int64])
