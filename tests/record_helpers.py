"""Contracts for the per-contract readers' tests: the readers take the portfolio's contracts."""

from __future__ import annotations

from outsourcing import Contract, FixedFee, Money, Term


def contracts_named(*ids: str) -> tuple[Contract, ...]:
    """Minimal contracts with these ids (no SLA: the readers only share rows out by id)."""
    return tuple(
        Contract(
            id=contract_id,
            title=contract_id,
            client="Client",
            provider_id="provider",
            currency="EUR",
            term=Term(start="2025-01-01"),
            pricing=[FixedFee(name="run", monthly_fee=Money("1000", "EUR"))],
        )
        for contract_id in ids
    )
