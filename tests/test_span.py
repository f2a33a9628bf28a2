import datetime as dt
from collections.abc import Callable

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from case_ids import case_id
from outsourcing import OutsourcingError, Span
from outsourcing.model.span import format_duration, parse_duration

Rejects = Callable[[Callable[[], object], str, object], OutsourcingError]

small = st.integers(min_value=0, max_value=400)
spans = st.builds(Span, small, small, small)
durations = st.integers(min_value=0, max_value=10**9).map(lambda s: dt.timedelta(seconds=s))


@pytest.mark.parametrize(
    ("build", "field", "value"),
    [
        (lambda: Span(years=-1), "Span.years", -1),
        (lambda: Span(months=-2), "Span.months", -2),
        (lambda: Span(days=-3), "Span.days", -3),
        (lambda: Span(days="3"), "Span.days", "3"),  # type: ignore[arg-type]
        (lambda: Span.parse("P"), "Span", "P"),
        (lambda: Span.parse("3M"), "Span", "3M"),
        (lambda: Span.parse("P1H"), "Span", "P1H"),
        (lambda: Span.parse("PT4H"), "Span", "PT4H"),
        (lambda: Span.parse("P-1M"), "Span", "P-1M"),
        (lambda: Span.parse(3), "Span", 3),
        (lambda: parse_duration("P"), "duration", "P"),
        (lambda: parse_duration("PT"), "duration", "PT"),
        (lambda: parse_duration("P1DT"), "duration", "P1DT"),
        (lambda: parse_duration("P1M"), "duration", "P1M"),
        (lambda: parse_duration("PT1.5H"), "duration", "PT1.5H"),
        (lambda: parse_duration(None), "duration", None),
        (
            lambda: format_duration(dt.timedelta(seconds=-1)),
            "duration",
            dt.timedelta(seconds=-1),
        ),
        (
            lambda: format_duration(dt.timedelta(milliseconds=1500)),
            "duration",
            dt.timedelta(milliseconds=1500),
        ),
    ],
    ids=case_id,
)
def test_invalid_spans_and_durations_name_the_field_and_value(
    rejects: Rejects, build: Callable[[], object], field: str, value: object
) -> None:
    """Malformed or negative spans and durations raise an error naming the field and value."""
    rejects(build, field, value)


@pytest.mark.parametrize(
    ("text", "span", "canonical"),
    [
        ("P1Y2M10D", Span(1, 2, 10), "P1Y2M10D"),
        ("P3M", Span(months=3), "P3M"),
        ("P6W", Span(days=42), "P42D"),
        ("P1Y1W2D", Span(years=1, days=9), "P1Y9D"),
        ("P0D", Span(), "P0D"),
    ],
)
def test_span_parse_and_format(text: str, span: Span, canonical: str) -> None:
    """ISO 8601 date durations parse into years, months, days; weeks fold into days."""
    assert Span.parse(text) == span
    assert str(span) == canonical


def test_month_end_clips_from_the_anchor() -> None:
    """31 January + P1M is the last day of February; monthly steps go from the anchor."""
    one_month = Span(months=1)
    assert one_month.after(dt.date(2024, 1, 31)) == pendulum.Date(2024, 2, 29)
    assert one_month.after(dt.date(2023, 1, 31)) == pendulum.Date(2023, 2, 28)
    assert Span(months=2).after(dt.date(2024, 1, 31)) == pendulum.Date(2024, 3, 31)
    chained = one_month.after(one_month.after(dt.date(2024, 1, 31)))
    assert chained == pendulum.Date(2024, 3, 29)
    assert one_month.before(dt.date(2024, 3, 31)) == pendulum.Date(2024, 2, 29)
    assert Span(years=1).after(dt.date(2024, 2, 29)) == pendulum.Date(2025, 2, 28)


def test_span_sizes() -> None:
    """Total months ignores days; approximate days is for comparisons only."""
    assert Span(years=1, months=6, days=10).total_months == 18
    assert Span(years=1).approximate_days() == 365
    assert Span(months=3).approximate_days() == 91
    assert Span(days=30).approximate_days() == 30


@pytest.mark.parametrize(
    ("text", "seconds", "canonical"),
    [
        ("PT4H", 4 * 3600, "PT4H"),
        ("P1DT2H30M", 86400 + 2 * 3600 + 30 * 60, "P1DT2H30M"),
        ("PT90S", 90, "PT1M30S"),
        ("P2D", 2 * 86400, "P2D"),
        ("PT0S", 0, "PT0S"),
        ("PT36H", 36 * 3600, "P1DT12H"),
    ],
)
def test_duration_parse_and_format(text: str, seconds: int, canonical: str) -> None:
    """Exact ISO 8601 durations parse to timedeltas and format canonically."""
    assert parse_duration(text) == dt.timedelta(seconds=seconds)
    assert format_duration(dt.timedelta(seconds=seconds)) == canonical


@given(spans)
def test_span_format_parse_round_trip(span: Span) -> None:
    """Parsing the ISO text of a span gives the same span back."""
    assert Span.parse(str(span)) == span


@given(small, small, small, small)
def test_span_parse_agrees_with_components(years: int, months: int, weeks: int, days: int) -> None:
    """A written ``PnYnMnWnD`` parses to its components, weeks counted as seven days."""
    text = f"P{years}Y{months}M{weeks}W{days}D"
    assert Span.parse(text) == Span(years, months, days + 7 * weeks)


dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))


@given(small, small, dates)
def test_calendar_months_forward_then_back_only_lose_clipped_days(
    years: int, months: int, date: dt.date
) -> None:
    """Adding then removing years and months lands on the date, or up to 3 days before it."""
    span = Span(years=years, months=months)
    back = span.before(span.after(date))
    assert back <= date
    assert (date - back).days <= 3
    if date.day <= 28:
        assert back == date


@given(small, dates)
def test_days_forward_then_back_is_exact(days: int, date: dt.date) -> None:
    """A span of days is an exact number of days in both directions."""
    span = Span(days=days)
    assert span.after(date) == date + dt.timedelta(days=days)
    assert span.before(span.after(date)) == date


@given(durations)
def test_duration_format_parse_round_trip(value: dt.timedelta) -> None:
    """Formatting a whole-second duration and parsing it back is the identity."""
    assert parse_duration(format_duration(value)) == value


@given(small, st.integers(0, 99), st.integers(0, 999), st.integers(0, 9999))
def test_duration_parse_agrees_with_arithmetic(d: int, h: int, m: int, s: int) -> None:
    """``PnDTnHnMnS`` is n days + n hours + n minutes + n seconds, counted by hand."""
    assert parse_duration(f"P{d}DT{h}H{m}M{s}S").total_seconds() == (
        d * 86400 + h * 3600 + m * 60 + s
    )
