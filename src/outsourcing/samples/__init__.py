"""Sample documents shipped with the package: the portfolio and tickets `outsourcing demo` uses.

The same files are ``examples/portfolio.toml`` and ``examples/tickets.csv`` in the repository;
``examples/make_tickets.py`` writes the tickets (synthetic, deterministic).
"""

from __future__ import annotations

from importlib.resources import files

import pendulum

from outsourcing.contract_tickets import ContractTickets
from outsourcing.io import loads
from outsourcing.model.portfolio import Portfolio

__all__ = ["SAMPLE_AS_OF", "sample_portfolio", "sample_text", "sample_tickets"]

PORTFOLIO = "portfolio.toml"
TICKETS = "tickets.csv"

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
    contract_ids = [c.id for c in sample_portfolio().contracts]
    return ContractTickets.from_csv(sample_text(TICKETS), contract_ids)
