"""Sample documents shipped with the package: the example portfolio used by `outsourcing demo`.

The same file is ``examples/portfolio.toml`` in the repository.
"""

from __future__ import annotations

from importlib.resources import files

from outsourcing.io import loads
from outsourcing.model.portfolio import Portfolio

__all__ = ["sample_portfolio", "sample_text"]

PORTFOLIO = "portfolio.toml"


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
