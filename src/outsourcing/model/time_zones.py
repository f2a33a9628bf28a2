"""The time zone of a country, when it has only one (CLDR territory data, through babel).

It lives with the model because a `Portfolio` gives its contracts the client's zone when they
state none: the zone of a party is part of what the model knows about it.
"""

from __future__ import annotations

import functools

__all__ = ["country_zone", "zone_of"]


@functools.cache
def country_zone(country: str) -> str | None:
    """The IANA zone of a country with a single one (``FR`` → ``Europe/Paris``; ``US`` → None)."""
    from babel.core import get_global  # noqa: PLC0415 - babel loads on use, not on import

    zones = get_global("territory_zones").get(country.upper(), [])
    return str(zones[0]) if len(zones) == 1 else None


def zone_of(timezone: str | None, country: str | None) -> str | None:
    """A party's zone: the one it states, else its country's when that country has one."""
    if timezone:
        return timezone
    return country_zone(country) if country else None
