"""A contract's time zone: stated, taken from its client in a portfolio, never UTC by default."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import attrs
import pytest

from outsourcing import (
    SLA,
    Client,
    Contract,
    InvalidValueError,
    MissingTimeZoneError,
    OutsourcingError,
    Portfolio,
    Provider,
    SLAMetric,
    Term,
    TicketLog,
    dumps,
    evaluate_slas,
    loads,
)

Format = Literal["json", "toml", "yaml"]
RESOLUTION = SLA(
    id="ttr",
    name="Resolution",
    metric=SLAMetric.RESOLUTION,
    objective=100,
    target=dt.timedelta(hours=4),
)
ALONE = Contract(
    id="desk",
    title="Service desk",
    client="Maison Verdier SAS",
    provider_id="atlas",
    currency="EUR",
    term=Term(start="2025-03-01"),
    slas=[RESOLUTION],
)
ATLAS = Provider("atlas", "Atlas", "MA", "Africa/Casablanca", "EUR")
#: Opened 2025-03-31 at 22:30 UTC, resolved at 23:00 UTC: 00:30 and 01:00 on 1 April in Paris
#: (UTC+2 since 30 March), but still 31 March in UTC.
TICKETS = TicketLog.from_records(
    [
        {
            "ticket": "T1",
            "opened": "2025-03-31T22:30:00Z",
            "resolved": "2025-03-31T23:00:00Z",
            "priority": "P1",
        }
    ]
)
AS_OF = dt.datetime(2025, 4, 30, tzinfo=dt.UTC)


def portfolio(client: Client, *contracts: Contract) -> Portfolio:
    """A portfolio of these contracts with one provider."""
    return Portfolio(client, providers=[ATLAS], contracts=contracts)


def test_a_contract_built_alone_states_no_zone_and_is_not_measured_in_utc() -> None:
    """Evaluating it is refused, naming the field and saying how to fix it."""
    assert ALONE.timezone is None
    with pytest.raises(MissingTimeZoneError) as caught:
        evaluate_slas(ALONE, TICKETS, as_of=AS_OF)
    error = caught.value
    assert isinstance(error, OutsourcingError)
    assert isinstance(error, InvalidValueError)
    assert error.field == "contracts[desk].timezone"
    assert error.contract == "desk"
    assert 'timezone="Europe/Paris"' in str(error)
    assert "Portfolio" in str(error)


@pytest.mark.parametrize(
    ("client", "zone"),
    [
        (Client("Maison Verdier SAS", "FR", "EUR"), "Europe/Paris"),
        (Client("Maison Verdier SAS", "FR", "EUR", timezone="Europe/Brussels"), "Europe/Brussels"),
        (Client("Acme Inc.", "US", "USD", timezone="America/Chicago"), "America/Chicago"),
        (Client("Acme Inc.", "US", "USD"), None),
    ],
)
def test_a_portfolio_gives_its_contracts_the_clients_zone(client: Client, zone: str | None) -> None:
    """The client's stated zone, else its country's when it has one zone (not the US)."""
    (contract,) = portfolio(client, ALONE).contracts
    assert contract.timezone == zone
    assert contract == attrs.evolve(ALONE, timezone=zone)


def test_a_stated_contract_zone_is_kept() -> None:
    """A contract that says UTC is measured in UTC, whatever its client's zone."""
    utc = attrs.evolve(ALONE, id="utc", timezone="UTC")
    zones = [c.timezone for c in portfolio(Client("V", "FR", "EUR"), ALONE, utc).contracts]
    assert zones == ["Europe/Paris", "UTC"]


def test_the_month_a_late_evening_ticket_falls_in_follows_the_zone() -> None:
    """In Paris the ticket is April's (one ticket, resolved in 30 minutes); in UTC, March's."""
    (paris,) = portfolio(Client("Maison Verdier SAS", "FR", "EUR"), ALONE).contracts
    in_paris = evaluate_slas(paris, TICKETS, as_of=AS_OF)
    assert [(r.period.label, r.total) for r in in_paris.results] == [("2025-03", 0), ("2025-04", 1)]
    in_utc = evaluate_slas(attrs.evolve(ALONE, timezone="UTC"), TICKETS, as_of=AS_OF)
    assert [(r.period.label, r.total) for r in in_utc.results] == [("2025-03", 1), ("2025-04", 0)]


def test_a_contract_of_a_client_with_several_zones_must_state_its_own() -> None:
    """A US client without a zone gives none: measuring the contract is refused."""
    (contract,) = portfolio(Client("Acme Inc.", "US", "USD"), ALONE).contracts
    with pytest.raises(MissingTimeZoneError, match=r"contracts\[desk\]\.timezone"):
        evaluate_slas(contract, TICKETS, as_of=AS_OF)


@pytest.mark.parametrize("fmt", ["toml", "json", "yaml"])
def test_documents_round_trip_with_and_without_a_zone(fmt: Format) -> None:
    """A contract without a zone is written without one (null), and read back equal."""
    assert "timezone" not in dumps(ALONE, "toml")
    assert loads(dumps(ALONE, fmt), Contract, fmt) == ALONE
    filled = portfolio(Client("Maison Verdier SAS", "FR", "EUR"), ALONE)
    assert loads(dumps(filled, fmt), Portfolio, fmt) == filled
