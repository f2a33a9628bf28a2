"""A service provider and its sub-processors."""

from __future__ import annotations

import re
from enum import StrEnum

import attrs

from outsourcing.exceptions import InvalidValueError
from outsourcing.model._checks import (
    between,
    country_code,
    currency_code,
    enum_fields,
    non_empty,
    timezone_name,
    to_frozenset,
    to_tuple,
)
from outsourcing.model.process import BusinessFunction

__all__ = ["Certification", "Provider", "SubProcessor"]

_LANGUAGE = re.compile(r"^[a-z]{2}$")


class Certification(StrEnum):
    """Certifications clients ask providers for."""

    ISO_27001 = "iso_27001"
    ISO_27701 = "iso_27701"
    ISO_9001 = "iso_9001"
    SOC_2 = "soc_2"
    HDS = "hds"
    PCI_DSS = "pci_dss"


def _languages(_instance: Provider, _attribute: object, value: frozenset[object]) -> None:
    for code in value:
        if not isinstance(code, str) or not _LANGUAGE.match(code):
            raise InvalidValueError("Provider.languages", code, "must be an ISO 639-1 code")


@attrs.frozen(field_transformer=enum_fields)
class SubProcessor:
    """A provider's own subcontractor that touches the client's work or data.

    Attributes:
        name: Company name.
        country: ISO 3166-1 alpha-2 country where it works.
        service: What it does.
        authorised: Whether the client authorised it in writing (GDPR Art. 28(2)).
    """

    name: str = attrs.field(validator=non_empty)
    country: str = attrs.field(validator=country_code)
    service: str = ""
    authorised: bool = False


@attrs.frozen(field_transformer=enum_fields)
class Provider:
    """An outsourcing provider.

    Attributes:
        id: Identifier, unique in a portfolio.
        name: Company name.
        country: ISO 3166-1 alpha-2 country of the delivery centre.
        timezone: IANA time zone of the delivery centre.
        languages: ISO 639-1 languages the teams work in.
        capabilities: Business functions the provider delivers.
        certifications: Certifications held.
        founded: Year the company was founded.
        billing_currency: ISO 4217 currency it invoices in.
        sub_processors: Its subcontractors.
    """

    id: str = attrs.field(validator=non_empty)
    name: str = attrs.field(validator=non_empty)
    country: str = attrs.field(validator=country_code)
    timezone: str = attrs.field(validator=timezone_name)
    billing_currency: str = attrs.field(validator=currency_code)
    languages: frozenset[str] = attrs.field(
        factory=frozenset, converter=to_frozenset, validator=_languages
    )
    capabilities: frozenset[BusinessFunction] = attrs.field(
        factory=frozenset, converter=to_frozenset
    )
    certifications: frozenset[Certification] = attrs.field(
        factory=frozenset, converter=to_frozenset
    )
    founded: int | None = attrs.field(default=None, validator=between(1800, 2100))
    sub_processors: tuple[SubProcessor, ...] = attrs.field(default=(), converter=to_tuple)
