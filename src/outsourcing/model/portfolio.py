"""A client company's whole outsourcing set-up: processes, providers and contracts."""

from __future__ import annotations

from typing import TypeVar

import attrs

from outsourcing.exceptions import UnknownReferenceError
from outsourcing.model._checks import (
    country_code,
    currency_code,
    enum_fields,
    non_empty,
    optional_timezone_name,
    to_tuple,
    unique_ids,
)
from outsourcing.model.axes import LifePhase
from outsourcing.model.contract import Contract
from outsourcing.model.process import Process
from outsourcing.model.provider import Provider
from outsourcing.model.time_zones import zone_of

__all__ = ["Client", "Portfolio"]

T = TypeVar("T", Process, Provider, Contract)


@attrs.frozen(field_transformer=enum_fields)
class Client:
    """The client company.

    Attributes:
        name: Company name.
        country: ISO 3166-1 alpha-2 country of its head office.
        currency: ISO 4217 reporting currency.
        phase: Its life phase (growth, transformation, sale).
        timezone: IANA time zone of the head office (None: derived where needed).
        sector: Business sector, in words.
        employees: Headcount.
        financial_entity: Whether it is a financial entity under DORA.
        eba_supervised: Whether it is an institution supervised under EBA/GL/2019/02.
    """

    name: str = attrs.field(validator=non_empty)
    country: str = attrs.field(validator=country_code)
    currency: str = attrs.field(validator=currency_code)
    phase: LifePhase = LifePhase.STEADY
    timezone: str | None = attrs.field(default=None, validator=optional_timezone_name)
    sector: str = ""
    employees: int | None = None
    financial_entity: bool = False
    eba_supervised: bool = False


@attrs.frozen(field_transformer=enum_fields)
class Portfolio:
    """A client with its processes, providers and contracts; references are checked.

    Attributes:
        client: The client company.
        processes: Its processes (outsourced or candidates).
        providers: Its providers.
        contracts: Its contracts, each referring to a provider and to processes. A contract
            that states no time zone takes the client's: its ``timezone``, else its country's
            when the country has a single zone (`outsourcing.model.time_zones.zone_of`).
    """

    client: Client
    processes: tuple[Process, ...] = attrs.field(
        default=(), converter=to_tuple, validator=unique_ids
    )
    providers: tuple[Provider, ...] = attrs.field(
        default=(), converter=to_tuple, validator=unique_ids
    )
    contracts: tuple[Contract, ...] = attrs.field(
        default=(), converter=to_tuple, validator=unique_ids
    )

    def __attrs_post_init__(self) -> None:
        zone = zone_of(self.client.timezone, self.client.country)
        if zone is not None and any(c.timezone is None for c in self.contracts):
            zoned = tuple(
                c if c.timezone is not None else attrs.evolve(c, timezone=zone)
                for c in self.contracts
            )
            object.__setattr__(self, "contracts", zoned)
        providers = {p.id for p in self.providers}
        processes = {p.id for p in self.processes}
        for i, contract in enumerate(self.contracts):
            if contract.provider_id not in providers:
                raise UnknownReferenceError(
                    f"Portfolio.contracts[{i}].provider_id", contract.provider_id, sorted(providers)
                )
            for pid in contract.process_ids:
                if pid not in processes:
                    raise UnknownReferenceError(
                        f"Portfolio.contracts[{i}].process_ids", pid, sorted(processes)
                    )

    def process(self, process_id: str) -> Process:
        """The process with this id."""
        return _by_id(self.processes, process_id, "process")

    def provider(self, provider_id: str) -> Provider:
        """The provider with this id."""
        return _by_id(self.providers, provider_id, "provider")

    def contract(self, contract_id: str) -> Contract:
        """The contract with this id."""
        return _by_id(self.contracts, contract_id, "contract")

    def contracts_for(self, process_id: str) -> tuple[Contract, ...]:
        """Contracts that cover a process."""
        return tuple(c for c in self.contracts if process_id in c.process_ids)


def _by_id(items: tuple[T, ...], item_id: str, what: str) -> T:
    for item in items:
        if item.id == item_id:
            return item
    raise UnknownReferenceError(what, item_id, [i.id for i in items])
