"""Reasons written in the report's language, from data: codes and values, spans, plurals.

A result's English sentence (``evidence``, ``reason``) is for a console; reports write the
`Reason` beside it, and the shoring reasons from the `Proximity` figures, so both languages say
the same thing with the locale's numbers, dates, amounts and spans (``4 mois``, not ``P4M``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from outsourcing.model.money import Money
from outsourcing.model.reason import Reason, ReasonValue
from outsourcing.model.span import Span
from outsourcing.presentation.formatting import Formatter
from outsourcing.presentation.locale import Language
from outsourcing.presentation.messages import MESSAGES, label, message
from outsourcing.reference.geography import Proximity

__all__ = ["counted", "reason_text", "shoring_reasons", "span_text"]


def counted(lang: Language, key: str, count: int, formatter: Formatter, **values: object) -> str:
    """The message ``key.one`` or ``key.other`` for ``count``, with ``{count}`` filled in.

    French uses the singular for 0 and 1 (« 0 jour », « 1 jour »), English for 1 only.
    """
    one = count in {0, 1} if lang is Language.FR else count == 1
    return message(
        lang, f"{key}.{'one' if one else 'other'}", count=formatter.number(count), **values
    )


def span_text(span: Span, formatter: Formatter) -> str:
    """A span in words: ``1 year and 6 months``, ``1 an et 6 mois``, ``15 days``."""
    lang = formatter.language
    parts = [
        counted(lang, f"span.{unit}", amount, formatter)
        for unit, amount in (("years", span.years), ("months", span.months), ("days", span.days))
        if amount
    ]
    if not parts:
        return counted(lang, "span.days", 0, formatter)
    if len(parts) == 1:
        return parts[0]
    return message(lang, "list.and", first=", ".join(parts[:-1]), last=parts[-1])


#: Reason values that are enum members, by parameter name: written with the enum's label.
_ENUM_PARAMS = {
    "function": "BusinessFunction",
    "importance": "StrategicImportance",
    "frequency": "Frequency",
}


def _word(key: str, value: str, formatter: Formatter) -> str:
    """A text value: an enum member's label, a country's name, else the text as given."""
    if key == "country":
        return formatter.country(value)
    enum = _ENUM_PARAMS.get(key) or ("ReadinessItem" if key == "kind" else None)
    if enum is None:
        return value
    return MESSAGES[formatter.language].get(f"{enum}.{value}") or value.replace("_", " ")


def _value(key: str, value: ReasonValue, formatter: Formatter) -> str:  # noqa: PLR0911 - one return per kind of value
    match value:
        case Money():
            return formatter.money(value)
        case Span():
            return span_text(value, formatter)
        case dt.date() if key.endswith("_month"):
            return formatter.month(value)
        case dt.date():
            return formatter.date(value)
        case bool():
            return str(value)
        case int() | Decimal():
            return formatter.number(value)
        case tuple():
            return ", ".join(value)
        case str():
            return _word(key, value, formatter)


def reason_text(reason: Reason, formatter: Formatter) -> str:
    """A reason in the formatter's language: its code's message, its values formatted.

    A reason with a ``count`` takes the singular or plural message (``<code>.one``,
    ``<code>.other``); ``formats`` are written ``in csv, xlsx`` (``aux formats csv, xlsx``); a
    ``country`` code by its name (``Madagascar``); a date named ``*_month`` by its month.
    """
    lang = formatter.language
    values = {k: _value(k, v, formatter) for k, v in reason.params}
    raw = reason.values
    if "formats" in raw:
        formats = raw["formats"]
        assert isinstance(formats, tuple)  # noqa: S101 - a reason's formats are names
        values["formats"] = (
            counted(lang, "reason.formats", len(formats), formatter, names=", ".join(formats))
            if formats
            else ""
        )
    count = raw.get("count")
    if isinstance(count, int):
        values.pop("count")
        return counted(lang, f"reason.{reason.code}", count, formatter, **values)
    return message(lang, f"reason.{reason.code}", **values)


def _clock(time: dt.time, lang: Language) -> str:
    if lang is Language.FR:
        return f"{time.hour}\u00a0h" + (f"\u00a0{time.minute:02d}" if time.minute else "")
    return f"{time:%H:%M}"


def shoring_reasons(found: Proximity, formatter: Formatter) -> list[str]:
    """Why a shoring was inferred, from the figures: distance, border, shared hours, verdict."""
    lang = formatter.language
    client, provider = found.client_place, found.provider_place
    rule = found.rule
    verdict = label(lang, found.shoring)
    if found.client_country == found.provider_country:
        country = formatter.country(found.client_country)
        return [message(lang, "shoring.same_country", country=country, verdict=verdict)]
    if client is None or provider is None or found.distance_km is None or found.overlap is None:
        missing = found.client_country if client is None else found.provider_country
        country = formatter.country(missing)
        return [message(lang, "shoring.unknown_place", country=country, verdict=verdict)]
    countries = {
        "client": formatter.country(found.client_country),
        "provider": formatter.country(found.provider_country),
    }
    day = message(
        lang, "shoring.day", start=_clock(rule.day_start, lang), end=_clock(rule.day_end, lang)
    )
    dates = [formatter.date(d) for d in rule.reference_dates]
    on = dates[0] if len(dates) == 1 else message(
        lang, "list.and", first=", ".join(dates[:-1]), last=dates[-1]
    )  # fmt: skip
    maximum = formatter.number(rule.max_distance_km)
    if found.overlap < rule.min_overlap:
        key = "shoring.too_few_hours"
    elif found.distance_km <= rule.max_distance_km:
        key = "shoring.close"
    elif found.neighbours and rule.neighbours_count:
        key = "shoring.neighbours"
    else:
        key = "shoring.far"
    border = "shoring.border" if found.neighbours else "shoring.no_border"
    return [
        message(
            lang,
            "shoring.distance",
            client=client.name,
            client_zone=client.timezone,
            provider=provider.name,
            provider_zone=provider.timezone,
            km=formatter.number(found.distance_km),
        ),
        message(lang, border, **countries),
        message(
            lang,
            "shoring.hours",
            overlap=formatter.duration(found.overlap),
            day=day,
            dates=on,
            needed=formatter.duration(rule.min_overlap),
        ),
        message(lang, key, km=maximum, verdict=verdict),
    ]
