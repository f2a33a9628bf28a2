import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing.sla.records.timestamps import MISSING, InstantStatus, parse_instants

OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
MOMENTS = st.datetimes(
    min_value=dt.datetime(1971, 1, 1),  # noqa: DTZ001 - made aware below
    max_value=dt.datetime(2200, 1, 1),  # noqa: DTZ001 - made aware below
    timezones=OFFSETS,
)


@given(st.lists(MOMENTS, min_size=1, max_size=30), st.sampled_from(["T", " "]))
def test_parse_agrees_with_fromisoformat(moments: list[dt.datetime], separator: str) -> None:
    """Vectorised parsing gives the epoch second `datetime` gives, whatever the offset."""
    text = [m.isoformat(sep=separator) for m in moments]
    seconds, status = parse_instants(np.array(text))
    assert (status == InstantStatus.OK).all()
    assert seconds.tolist() == [int(m.timestamp() // 1) for m in moments]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01T09:15:00+01:00", 1_709_280_900),
        ("2024-03-01T08:15:00Z", 1_709_280_900),
        ("2024-03-01 09:15:00.123+0100", 1_709_280_900),
        ("2024-03-01T09:15+01", 1_709_280_900),
        ("2024-03-01T03:45:00-04:30", 1_709_280_900),
    ],
)
def test_offset_forms(text: str, expected: int) -> None:
    """Z, ±HH:MM, ±HHMM and ±HH offsets, optional seconds and fractions are all read."""
    seconds, status = parse_instants([text])
    assert status.tolist() == [InstantStatus.OK]
    assert seconds.tolist() == [expected]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("2024-03-01T09:15:00", InstantStatus.NAIVE),
        ("2024-03-01 09:15", InstantStatus.NAIVE),
        ("2024-02-30T09:15:00Z", InstantStatus.UNPARSEABLE),
        ("2023-02-29T09:15:00Z", InstantStatus.UNPARSEABLE),
        ("2024-03-01T24:00:00Z", InstantStatus.UNPARSEABLE),
        ("2024-03-01", InstantStatus.UNPARSEABLE),
        ("yesterday", InstantStatus.UNPARSEABLE),
        ("2024-03-01T09:15:00+25:00", InstantStatus.UNPARSEABLE),
        ("2024-03-01T09:15:00.Z", InstantStatus.UNPARSEABLE),
        ("2024-０3-01T09:15:00Z", InstantStatus.UNPARSEABLE),
        ("", InstantStatus.MISSING),
        (None, InstantStatus.MISSING),
        ("NaT", InstantStatus.MISSING),
    ],
)
def test_refusals(text: str | None, status: InstantStatus) -> None:
    """Naive, impossible or malformed timestamps are refused with a status, not guessed."""
    seconds, found = parse_instants(np.array([text], dtype=object))
    assert found.tolist() == [status]
    assert seconds.tolist() == [MISSING]


def test_aware_datetime_objects_are_read() -> None:
    """Aware datetimes in an object column are read through their ISO form."""
    moment = dt.datetime(2024, 7, 1, 12, 30, tzinfo=dt.UTC)
    seconds, status = parse_instants(np.array([moment], dtype=object))
    assert status.tolist() == [InstantStatus.OK]
    assert seconds.tolist() == [int(moment.timestamp())]
