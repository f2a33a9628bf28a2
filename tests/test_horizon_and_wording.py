from __future__ import annotations

import attrs
import pytest

from outsourcing import Horizon, Needs, Renewal, Shoring, Span, Term, classify, recommend
from outsourcing.samples import sample_portfolio


@pytest.mark.parametrize(
    ("term", "horizon", "reason"),
    [
        (
            Term(start="2025-01-01", end="2025-06-30", renewal=Renewal.EXPLICIT),
            Horizon.TACTICAL,
            (
                "the contract runs less than a year (2025-01-01 to 2025-06-30), renewal only by "
                "a new agreement"
            ),
        ),
        (
            Term(
                start="2025-01-01",
                end="2025-06-30",
                renewal=Renewal.TACIT,
                renewal_period=Span(months=6),
            ),
            Horizon.STRATEGIC,
            "the contract renews tacitly: it goes on unless notice is served",
        ),
        (
            Term(
                start="2025-01-01",
                end="2025-06-30",
                renewal=Renewal.TACIT,
                renewal_period=Span(months=6),
                max_renewals=0,
            ),
            Horizon.TACTICAL,
            "the contract runs less than a year (2025-01-01 to 2025-06-30), no renewal",
        ),
        (
            Term(start="2025-01-01", end="2027-12-31", renewal=Renewal.EXPLICIT),
            Horizon.STRATEGIC,
            "the contract runs three years or more (2025-01-01 to 2027-12-31)",
        ),
    ],
)
def test_horizon_comes_from_term_length_and_tacit_renewal(
    term: Term, horizon: Horizon, reason: str
) -> None:
    """Tacit renewal makes a lasting arrangement; an explicit one counts as no renewal."""
    portfolio = sample_portfolio()
    contract = attrs.evolve(portfolio.contract("tana-care"), term=term, horizon=None)
    process = portfolio.process("customer-service")
    verdict = classify(process, client=portfolio.client, contract=contract).horizon
    assert verdict.value is horizon
    assert verdict.reasons == (reason,)


def test_transfer_advice_writes_an_offshore() -> None:
    """The transfer advice for a country-less offshore option reads "an offshore provider"."""
    portfolio = sample_portfolio()
    ranked = recommend(
        portfolio.process("customer-service"), client=portfolio.client, needs=Needs()
    )
    offshore = next(o for o in ranked.options if o.shoring is Shoring.OFFSHORE)
    assert offshore.transfer is not None
    assert offshore.transfer.reasons[0].startswith("an offshore provider may be outside the EEA")
