"""Sample documents shipped with the package: what `outsourcing demo` uses.

The same files are ``examples/portfolio.toml``, ``examples/tickets.csv``,
``examples/downtime.csv`` and ``examples/deliveries.csv`` in the repository;
``examples/make_tickets.py`` and ``examples/make_downtime.py`` write the tickets and the
downtime (synthetic, deterministic); the deliveries are three rows written by hand.
"""

from __future__ import annotations

from importlib.resources import files

import pendulum

from outsourcing.io import loads
from outsourcing.model.portfolio import Portfolio
from outsourcing.sla.records.contract_deliveries import ContractDeliveries
from outsourcing.sla.records.contract_downtime import ContractDowntime
from outsourcing.sla.records.contract_tickets import ContractTickets

__all__ = [
    "SAMPLE_AS_OF",
    "sample_deliveries",
    "sample_downtime",
    "sample_portfolio",
    "sample_text",
    "sample_tickets",
]

PORTFOLIO = "portfolio.toml"
TICKETS = "tickets.csv"
DOWNTIME = "downtime.csv"
DELIVERIES = "deliveries.csv"

#: The date the demo report is given at: the day the sample tickets were exported (September
#: 2025 is still in progress at the end of that day).
SAMPLE_AS_OF = pendulum.date(2025, 9, 30)


def sample_text(name: str = PORTFOLIO) -> str:
    """The text of a sample document shipped in this package.

    Args:
        name: File name of the sample (``portfolio.toml``).
    """
    return files(__name__).joinpath(name).read_text(encoding="utf-8")


def sample_portfolio() -> Portfolio:
    """The sample portfolio: a French SME with nearshore, offshore and onshore contracts.

    Maison Verdier SAS (Lyon, growth phase) outsources payroll and accounting to Casablanca,
    customer service to Antananarivo and IT maintenance to a firm in Lyon.
    """
    return loads(sample_text(PORTFOLIO), Portfolio, "toml")


def sample_tickets() -> ContractTickets:
    """The sample ticket log (January 2025 to September 2025), shared out by contract.

    Synthetic tickets of the three sample contracts, with a summer of slow resolutions at the
    customer-service provider and seven rows bad on purpose (see ``examples/make_tickets.py``).
    """
    return ContractTickets.from_csv(sample_text(TICKETS), sample_portfolio().contracts)


def sample_downtime() -> ContractDowntime:
    """The sample downtime record (July 2024 to September 2025), shared out by contract.

    Downtime of the IT contract's servers and Microsoft 365 tenant: monthly maintenance
    windows, short incidents, a force-majeure power cut, two long outages that breach the
    availability SLA (January and March 2025), and five rows bad on purpose (see
    ``examples/make_downtime.py``).
    """
    return ContractDowntime.from_csv(sample_text(DOWNTIME), sample_portfolio().contracts)


def sample_deliveries() -> ContractDeliveries:
    """The sample delivery record: when the IT contract's Microsoft 365 migration was delivered.

    The pilot milestone came 11 days late, the migration report 49 days late, and the
    last milestone 105 days late (5 of them force majeure): its penalty reaches the cap and the
    delay opens the right to terminate (more than 90 days).
    """
    return ContractDeliveries.from_csv(sample_text(DELIVERIES), sample_portfolio().contracts)
