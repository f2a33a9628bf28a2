from __future__ import annotations

import attrs
import pytest

from outsourcing import (
    CheckResult,
    ConsistencyCheck,
    Contract,
    FindingStatus,
    Outcome,
    PaymentTerms,
    Provider,
    ReviewContext,
    Term,
    review_contract,
)
from outsourcing.review.consistency import check_consistency
from outsourcing.samples import sample_portfolio


def contract(terms: PaymentTerms | None) -> Contract:
    """A contract with the given payment terms."""
    return Contract(
        id="C1",
        title="Payroll",
        client="Maison Verdier SAS",
        provider_id="P1",
        currency="EUR",
        term=Term(start="2025-01-01"),
        payment_terms=terms,
    )


def provider(country: str) -> Provider:
    """A provider established in ``country``."""
    return Provider(
        id="P1", name="Provider", country=country, timezone="Europe/Paris", billing_currency="EUR"
    )


def payment_check(terms: PaymentTerms | None, client: str | None, supplier: str) -> CheckResult:
    """The L.441-10 check of a contract between a client and a provider."""
    context = ReviewContext(as_of="2025-06-01", provider=provider(supplier), client_country=client)
    results = check_consistency(contract(terms), context=context)
    check = ConsistencyCheck.PAYMENT_TERMS_BEYOND_LEGAL_LIMIT
    return next(r for r in results if r.check is check)


def test_90_days_end_of_month_breaks_l441_10_for_a_french_client() -> None:
    """90 days end of month exceeds the 45 days end of month French law allows."""
    result = payment_check(PaymentTerms(days=90, end_of_month=True), "FR", "MA")
    assert result.outcome is Outcome.FAILED
    assert result.citation == "C. com. art. L.441-10"
    assert result.evidence == (
        "client in France; payment at 90 days end of month, limit 45 days end of month",
    )


@pytest.mark.parametrize(
    ("days", "end_of_month", "outcome"),
    [
        (60, False, Outcome.PASSED),
        (61, False, Outcome.FAILED),
        (45, True, Outcome.PASSED),
        (46, True, Outcome.FAILED),
    ],
)
def test_limits_are_60_days_or_45_days_end_of_month(
    days: int, end_of_month: bool, outcome: Outcome
) -> None:
    """60 days from the invoice, or 45 days end of month, and not a day more."""
    result = payment_check(PaymentTerms(days=days, end_of_month=end_of_month), "FR", "FR")
    assert result.outcome is outcome


def test_no_french_party_is_not_applicable() -> None:
    """Between a Belgian client and a Moroccan provider the French limit does not apply."""
    result = payment_check(PaymentTerms(days=90, end_of_month=True), "BE", "MA")
    assert result.outcome is Outcome.NOT_APPLICABLE


def test_a_french_provider_alone_brings_the_limit() -> None:
    """A French provider is enough for the check to apply."""
    result = payment_check(PaymentTerms(days=75), None, "FR")
    assert result.outcome is Outcome.FAILED
    assert result.evidence[0].startswith("provider in France")


def payment_finding(terms: PaymentTerms | None) -> FindingStatus:
    """The status of the payment-terms finding of the contract review."""
    review = review_contract(contract(terms), context=ReviewContext(as_of="2025-06-01"))
    return next(f.status for f in review.findings if f.title == "Payment terms")


def test_explicit_30_days_is_present() -> None:
    """`PaymentTerms(days=30)` stated explicitly is present, not missing."""
    assert payment_finding(PaymentTerms(days=30)) is FindingStatus.PRESENT
    assert payment_finding(None) is FindingStatus.MISSING


def test_sample_payroll_terms_pass_the_french_limit() -> None:
    """The sample's 45 days end of month for a French client is within the limit."""
    portfolio = sample_portfolio()
    payroll = portfolio.contract("atlas-finance")
    context = ReviewContext.from_portfolio(portfolio, payroll, as_of="2025-06-01")
    assert context.client_country == "FR"
    results = check_consistency(payroll, context=context)
    check = ConsistencyCheck.PAYMENT_TERMS_BEYOND_LEGAL_LIMIT
    assert next(r.outcome for r in results if r.check is check) is Outcome.PASSED


def test_a_missing_retained_organisation_cost_is_flagged() -> None:
    """The IT contract counts no steering cost; the payroll contract counts 1,200 EUR a month."""
    portfolio = sample_portfolio()
    check = ConsistencyCheck.NO_RETAINED_ORGANISATION_COST
    outcomes = {}
    for contract_ in portfolio.contracts:
        context = ReviewContext.from_portfolio(portfolio, contract_, as_of="2025-06-01")
        result = next(r for r in check_consistency(contract_, context=context) if r.check is check)
        outcomes[contract_.id] = (result.outcome, result.evidence)
    assert outcomes == {
        "atlas-finance": (Outcome.PASSED, ("retained_organisation 1200 EUR a month",)),
        "tana-care": (Outcome.PASSED, ("governance 600 EUR a month",)),
        "rhone-it": (Outcome.FAILED, ("no retained-organisation or governance cost",)),
    }


def timezone_check(contract_: Contract, client_timezone: str | None) -> CheckResult:
    """The time-zone check of a contract for a client in ``client_timezone``."""
    context = ReviewContext(as_of="2025-06-01", client_timezone=client_timezone)
    check = ConsistencyCheck.CONTRACT_TIMEZONE_NOT_CLIENTS
    return next(r for r in check_consistency(contract_, context=context) if r.check is check)


def test_a_contract_in_utc_or_without_a_zone_for_a_paris_client_is_flagged() -> None:
    """A contract measured in UTC, or stating no zone, is flagged for a client in Paris."""
    utc = attrs.evolve(contract(None), timezone="UTC")
    result = timezone_check(utc, "Europe/Paris")
    assert result.outcome is Outcome.FAILED
    assert result.evidence == ("contract measured in UTC, client in Europe/Paris",)
    unstated = timezone_check(contract(None), "Europe/Paris")
    assert unstated.outcome is Outcome.FAILED
    assert unstated.evidence == ("contract states no time zone, client in Europe/Paris",)
    assert timezone_check(contract(None), None).outcome is Outcome.NOT_APPLICABLE


def test_the_sample_contracts_are_measured_in_the_clients_zone() -> None:
    """Read from the sample document, every contract takes Europe/Paris: the check passes."""
    portfolio = sample_portfolio()
    for contract_ in portfolio.contracts:
        context = ReviewContext.from_portfolio(portfolio, contract_, as_of="2025-06-01")
        assert context.client_timezone == "Europe/Paris"
        check = ConsistencyCheck.CONTRACT_TIMEZONE_NOT_CLIENTS
        result = next(r for r in check_consistency(contract_, context=context) if r.check is check)
        assert result.outcome is Outcome.PASSED
