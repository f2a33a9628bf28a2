import datetime as dt
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing.sla.records.timestamps import (
    FIRST_YEAR,
    LAST_YEAR,
    MISSING,
    InstantStatus,
    parse_instants,
)

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
        ("2024-02-30T09:15:00Z", InstantStatus.BAD_DATE),
        ("2023-02-29T09:15:00Z", InstantStatus.BAD_DATE),
        ("2025-13-05T10:00:00Z", InstantStatus.BAD_DATE),
        ("2025-99-05T10:00:00Z", InstantStatus.BAD_DATE),
        ("2025-00-05T10:00:00Z", InstantStatus.BAD_DATE),
        ("2025-04-31T10:00:00Z", InstantStatus.BAD_DATE),
        ("2025-04-00T10:00:00Z", InstantStatus.BAD_DATE),
        ("2024-03-01T24:00:00Z", InstantStatus.BAD_TIME),
        ("2024-03-01T09:60:00Z", InstantStatus.BAD_TIME),
        ("2024-03-01T09:15:60Z", InstantStatus.BAD_TIME),
        ("2024-03-01T09:15:00+25:00", InstantStatus.BAD_OFFSET),
        ("2024-03-01T09:15:00+24", InstantStatus.BAD_OFFSET),
        ("2024-03-01T09:15:00-0160", InstantStatus.BAD_OFFSET),
        ("0000-01-01T10:00:00Z", InstantStatus.YEAR_OUT_OF_RANGE),
        ("1899-12-31T23:59:59Z", InstantStatus.YEAR_OUT_OF_RANGE),
        ("3000-01-01T00:00:00Z", InstantStatus.YEAR_OUT_OF_RANGE),
        ("9999-12-31T23:59:59Z", InstantStatus.YEAR_OUT_OF_RANGE),
        ("2024-03-01", InstantStatus.UNPARSEABLE),
        ("yesterday", InstantStatus.UNPARSEABLE),
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


def test_range_limits_are_inclusive() -> None:
    """The first second of `FIRST_YEAR` and the last of `LAST_YEAR` are read, leap days too."""
    text = ["1900-01-01T00:00:00Z", "2999-12-31T23:59:59Z", "2024-02-29T12:00:00Z"]
    seconds, status = parse_instants(text)
    assert status.tolist() == [InstantStatus.OK] * 3
    assert seconds.tolist() == [-2_208_988_800, 32_503_679_999, 1_709_208_000]


_OFFSET = re.compile(r"[+-]\d\d:?(?P<minutes>\d\d)?$")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_DIGIT = st.sampled_from("0123456789")


@st.composite
def iso_like(draw: st.DrawFn) -> str:
    """Text in the parser's layout; each field is, one time in four, random digits.

    So draws name valid instants as well as impossible months, days, hours, minutes, seconds,
    offsets and years; the layout (separators, optional seconds, fraction and offset forms) is
    drawn among the forms both parsers read.
    """

    def field(width: int, low: int, high: int) -> str:
        if draw(st.integers(0, 3)) == 0:
            return "".join(draw(_DIGIT) for _ in range(width))
        return f"{draw(st.integers(low, high)):0{width}d}"

    text = f"{field(4, 1890, 3010)}-{field(2, 1, 12)}-{field(2, 1, 28)}"
    text += draw(st.sampled_from(["T", " "])) + field(2, 0, 23) + ":" + field(2, 0, 59)
    if draw(st.booleans()):
        text += ":" + field(2, 0, 59)
        if draw(st.booleans()):
            text += draw(st.sampled_from(".,")) + field(draw(st.integers(1, 9)), 0, 0)
    sign = draw(st.sampled_from("+-"))
    hours, minutes = field(2, 0, 14), field(2, 0, 59)
    offset = draw(
        st.sampled_from(
            ["", "Z", f"{sign}{hours}:{minutes}", f"{sign}{hours}{minutes}", f"{sign}{hours}"]
        )
    )
    return text + offset


@given(st.lists(iso_like(), min_size=1, max_size=20))
def test_differential_against_fromisoformat(texts: list[str]) -> None:
    """Accept, refuse and the instant agree with `datetime.fromisoformat` on generated text.

    Our own refusals: naive text (no offset), years outside the documented range, and offset
    minutes above 59 (``fromisoformat`` reads ``+00:60`` as one hour; ISO 8601 does not).
    """
    seconds, status = parse_instants(texts)
    for text, found, state in zip(texts, seconds.tolist(), status.tolist(), strict=True):
        try:
            reference: dt.datetime | None = dt.datetime.fromisoformat(text)
        except ValueError:
            reference = None
        offset = _OFFSET.search(text)
        if reference is not None and offset is not None and int(offset["minutes"] or 0) > 59:
            assert state == InstantStatus.BAD_OFFSET, text
        elif reference is None:
            assert state not in {InstantStatus.OK, InstantStatus.NAIVE}, text
            assert found == MISSING, text
        elif reference.tzinfo is None:
            expected = (
                InstantStatus.NAIVE
                if FIRST_YEAR <= reference.year <= LAST_YEAR
                else InstantStatus.YEAR_OUT_OF_RANGE
            )
            assert state == expected, text
        elif FIRST_YEAR <= reference.year <= LAST_YEAR:
            assert state == InstantStatus.OK, text
            assert found == (reference - _EPOCH) // dt.timedelta(seconds=1), text
        else:
            assert state == InstantStatus.YEAR_OUT_OF_RANGE, text


@given(iso_like(), st.data())
def test_broken_layout_is_refused(text: str, data: st.DataObject) -> None:
    """A separator replaced by any other character makes the text unparseable, never read."""
    separators = [i for i, char in enumerate(text[:16]) if not char.isdigit()]
    where = data.draw(st.sampled_from(separators))
    junk = data.draw(st.sampled_from("x/_.|0123456789").filter(lambda c: c != text[where]))
    if text[where] in "T " and junk in "T ":
        return
    seconds, status = parse_instants([text[:where] + junk + text[where + 1 :]])
    assert status.tolist() == [InstantStatus.UNPARSEABLE]
    assert seconds.tolist() == [MISSING]
