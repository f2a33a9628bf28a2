"""Which languages are official in a country, from the Unicode CLDR territory data (via babel).

A process worked in French fits a provider country where French is an official or de facto
language (Madagascar, Morocco, Tunisia, Belgium, …) and not one where it is not (India, the
Philippines). The data is CLDR's ``territory_languages`` as babel ships it; the babel version
is the data's version.
"""

from __future__ import annotations

import functools

from outsourcing.exceptions import InvalidValueError
from outsourcing.reference.geography import country_name

__all__ = ["language_name", "official_languages", "speaks"]


@functools.cache
def official_languages(country: str) -> frozenset[str]:
    """ISO 639-1 languages official or de facto official in a country (CLDR).

    Raises:
        InvalidValueError: If ``country`` is not an ISO 3166-1 alpha-2 code.
    """
    from babel.languages import get_official_languages  # noqa: PLC0415 - loads on use

    country_name(country)  # validates the code
    codes = get_official_languages(country.upper(), regional=False, de_facto=True)
    return frozenset(code for code in codes if len(code) == 2)


def speaks(country: str, language: str) -> bool:
    """Whether ``language`` is an official or de facto official language of ``country``."""
    return language.lower() in official_languages(country)


@functools.cache
def language_name(language: str) -> str:
    """The English name of an ISO 639-1 language (``"fr"`` → ``"French"``).

    Raises:
        InvalidValueError: If babel does not know the code.
    """
    from babel import Locale  # noqa: PLC0415 - babel loads on use, not on import

    try:
        name = Locale("en").languages.get(language.lower())
    except (TypeError, ValueError):
        name = None
    if name is None:
        raise InvalidValueError("language", language, "unknown ISO 639-1 language")
    return str(name)
