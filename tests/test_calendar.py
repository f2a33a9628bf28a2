import datetime as dt
from collections.abc import Callable
from importlib.metadata import version

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from case_ids import case_id
from outsourcing import BusinessCalendar, OutsourcingError, Weekday, WorkingInterval

Rejects = Callable[[Callable[[], object], str, object], OutsourcingError]

OFFICE_WEEK = {day: ["09:00-12:30", "13:30-18:00"] for day in ("mon", "tue", "wed", "thu", "fri")}


def paris(**changes: object) -> BusinessCalendar:
    """Paris office hours with French public holidays, 2024-2026, with ``changes`` applied."""
    fields: dict[str, object] = {
        "id": "paris",
        "timezone": "Europe/Paris",
        "week": OFFICE_WEEK,
        "holiday_country": "FR",
        "first_year": 2024,
        "last_year": 2026,
    } | changes
    return BusinessCalendar(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("build", "field", "value"),
    [
        (lambda: WorkingInterval.parse("9-12"), "WorkingInterval", "9-12"),
        (lambda: WorkingInterval.parse("25:00-26:00"), "WorkingInterval", "25:00-26:00"),
        (lambda: WorkingInterval.parse("09:60-10:00"), "WorkingInterval", "09:60-10:00"),
        (lambda: WorkingInterval.parse("09:00-24:30"), "WorkingInterval", "09:00-24:30"),
        (lambda: WorkingInterval.parse("12:00-09:00"), "WorkingInterval", "12:00-09:00"),
        (lambda: WorkingInterval.parse(None), "WorkingInterval", None),
        (lambda: WorkingInterval(3600, 1800), "WorkingInterval.end", "00:30"),
        (lambda: WorkingInterval(-1, 1800), "WorkingInterval.start", -1),
        (lambda: WorkingInterval(0, 86_401), "WorkingInterval.end", 86_401),
        (lambda: Weekday.from_key("monday"), "Weekday", "monday"),
        (lambda: Weekday.from_key(7), "Weekday", 7),
        (lambda: paris(timezone="Europe/Pariss"), "BusinessCalendar.timezone", "Europe/Pariss"),
        (lambda: paris(timezone="CET "), "BusinessCalendar.timezone", "CET "),
        (lambda: paris(id=" "), "BusinessCalendar.id", " "),
        (lambda: paris(holiday_country="XX"), "BusinessCalendar.holiday_country", "XX"),
        (lambda: paris(holiday_country="fr"), "BusinessCalendar.holiday_country", "fr"),
        (
            lambda: paris(holiday_subdivision="99"),
            "BusinessCalendar.holiday_subdivision",
            "99",
        ),
        (
            lambda: paris(holiday_country=None, holiday_subdivision="57"),
            "BusinessCalendar.holiday_subdivision",
            "57",
        ),
        (lambda: paris(first_year=1969), "BusinessCalendar.first_year", 1969),
        (lambda: paris(last_year=2023), "BusinessCalendar.last_year", 2023),
        (lambda: paris(week=[["09:00-18:00"]] * 6), "BusinessCalendar.week", [["09:00-18:00"]] * 6),
        (
            lambda: paris(week={"mon": ["09:00-12:30", "12:00-18:00"]}),
            "BusinessCalendar.week.mon",
            "09:00-12:30, 12:00-18:00",
        ),
        (lambda: paris(week={"lundi": ["09:00-18:00"]}), "Weekday", "lundi"),
        (
            lambda: paris(extra_closures=["2024-02-30"]),
            "BusinessCalendar.extra_closures",
            "2024-02-30",
        ),
        (
            lambda: paris(working_holidays=[dt.datetime(2024, 5, 1, tzinfo=dt.UTC)]),
            "BusinessCalendar.working_holidays",
            dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
        ),
    ],
    ids=case_id,
)
def test_invalid_calendars_name_the_field_and_value(
    rejects: Rejects, build: Callable[[], object], field: str, value: object
) -> None:
    """Bad intervals, overlaps, zones, countries, subdivisions and years raise naming both."""
    rejects(build, field, value)


def test_working_interval_parse_and_format() -> None:
    """``09:00-12:30`` is seconds since midnight; 24:00 is a valid end; str writes it back."""
    morning = WorkingInterval.parse("09:00-12:30")
    assert (morning.start, morning.end, morning.seconds) == (32_400, 45_000, 12_600)
    assert str(morning) == "09:00-12:30"
    assert WorkingInterval.parse("00:00-24:00").seconds == 86_400


@given(st.integers(0, 86_399), st.integers(1, 86_400))
def test_working_interval_text_round_trip(a: int, b: int) -> None:
    """Any minute-aligned interval formats and parses back to itself."""
    start, end = sorted((a // 60 * 60, b // 60 * 60))
    if start == end:
        return
    interval = WorkingInterval(start, end)
    assert WorkingInterval.parse(str(interval)) == interval


def test_weekday_keys() -> None:
    """Weekdays accept short names in any case, numbers and themselves."""
    assert Weekday.from_key("mon") is Weekday.MON
    assert Weekday.from_key("SUN") is Weekday.SUN
    assert Weekday.from_key(4) is Weekday.FRI
    assert Weekday.from_key(Weekday.TUE) is Weekday.TUE
    assert Weekday.WED.key == "wed"


def test_week_from_mapping_or_seven_lists() -> None:
    """A week is given as a mapping of weekdays or seven lists; intervals are sorted."""
    calendar = paris(week={"fri": ["13:30-18:00", "09:00-12:30"], "mon": ["08:00-12:00"]})
    assert [str(i) for i in calendar.week[Weekday.FRI]] == ["09:00-12:30", "13:30-18:00"]
    assert calendar.week[Weekday.SAT] == ()
    same = paris(week=[[WorkingInterval(0, 3600)]] * 7)
    assert all(len(day) == 1 for day in same.week)
    touching = paris(week={"mon": ["09:00-12:00", "12:00-18:00"]})
    assert touching.weekly_seconds == 9 * 3600


def test_french_public_holidays_close_the_calendar() -> None:
    """May Day and Christmas are closed in France; Good Friday and 26 December are not."""
    calendar = paris()
    assert pendulum.Date(2024, 5, 1) in calendar.closed_days
    assert pendulum.Date(2025, 12, 25) in calendar.closed_days
    assert pendulum.Date(2024, 3, 29) not in calendar.closed_days
    assert pendulum.Date(2024, 12, 26) not in calendar.closed_days
    assert calendar.intervals_on(dt.date(2024, 5, 1)) == ()
    assert len(calendar.intervals_on(dt.date(2024, 5, 2))) == 2


def test_alsace_moselle_keeps_good_friday_and_saint_stephen() -> None:
    """In Moselle (subdivision 57) Good Friday and 26 December are public holidays too."""
    moselle = paris(holiday_subdivision="57")
    assert pendulum.Date(2024, 3, 29) in moselle.closed_days
    assert pendulum.Date(2024, 12, 26) in moselle.closed_days
    assert moselle.closed_days - paris().closed_days == {
        pendulum.Date(y, m, d) for y in (2024, 2025, 2026) for m, d in [(12, 26)]
    } | {pendulum.Date(2024, 3, 29), pendulum.Date(2025, 4, 18), pendulum.Date(2026, 4, 3)}


def test_holidays_of_morocco_and_madagascar() -> None:
    """Throne Day closes Casablanca; Independence Day closes Antananarivo."""
    casablanca = BusinessCalendar(
        id="casablanca",
        timezone="Africa/Casablanca",
        week=OFFICE_WEEK,
        holiday_country="MA",
        first_year=2024,
        last_year=2024,
    )
    antananarivo = BusinessCalendar(
        id="tana",
        timezone="Indian/Antananarivo",
        week=OFFICE_WEEK,
        holiday_country="MG",
        first_year=2024,
        last_year=2024,
    )
    assert pendulum.Date(2024, 7, 30) in casablanca.closed_days
    assert pendulum.Date(2024, 6, 26) in antananarivo.closed_days
    assert pendulum.Date(2024, 6, 26) not in casablanca.closed_days


def test_holidays_only_for_the_declared_years() -> None:
    """The snapshot covers first_year … last_year and nothing else."""
    calendar = paris()
    assert {d.year for d in calendar.closed_days} == {2024, 2025, 2026}
    assert calendar.intervals_on(dt.date(2027, 1, 1)) == calendar.week[Weekday.FRI]


def test_extra_closures_and_working_holidays() -> None:
    """Extra closures are added to the holidays; working holidays are removed from them."""
    calendar = paris(extra_closures=["2024-08-16"], working_holidays=[dt.date(2024, 5, 1)])
    assert pendulum.Date(2024, 8, 16) in calendar.closed_days
    assert pendulum.Date(2024, 5, 1) not in calendar.closed_days
    assert calendar.closed_days == (paris().closed_days | calendar.extra_closures) - {
        pendulum.Date(2024, 5, 1)
    }


def test_calendar_without_holidays() -> None:
    """Without a holiday country only the extra closures are closed."""
    calendar = paris(holiday_country=None, extra_closures=["2024-12-24"])
    assert calendar.closed_days == {pendulum.Date(2024, 12, 24)}


def test_always_open_calendar() -> None:
    """`always` counts every second of every day; an office calendar does not."""
    always = BusinessCalendar.always("Europe/Paris")
    assert always.is_always_open
    assert always.weekly_seconds == 7 * 86_400
    assert always.timezone == "Europe/Paris"
    assert not paris().is_always_open
    assert not paris(week=[["00:00-24:00"]] * 7).is_always_open
    assert paris().weekly_seconds == 5 * 8 * 3600


def test_calendar_is_an_immutable_snapshot() -> None:
    """The calendar is frozen, records the holidays version, and equal inputs compare equal."""
    calendar = paris()
    assert calendar.holidays_version == version("holidays")
    assert calendar == paris()
    assert isinstance(calendar.closed_days, frozenset)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        calendar.timezone = "UTC"  # type: ignore[misc]
