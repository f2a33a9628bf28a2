"""What an offer risks besides its price: review findings, data transfers, exit, language, trust.

`offer_risk` reads the facts a portfolio holds about an offer's contract and provider, through the
engines that already judge them (`review_contract`, `assess_reversibility`,
`required_mechanism`), so that offers can be weighed side by side with their costs.
"""

from __future__ import annotations

import attrs
import pendulum

from outsourcing.model.contract import Contract, TransferMechanism
from outsourcing.model.portfolio import Portfolio
from outsourcing.model.provider import Certification, Provider
from outsourcing.reference.transfers import required_mechanism
from outsourcing.review.context import ReviewContext
from outsourcing.review.contract_review import FindingStatus, review_contract
from outsourcing.review.reversibility import ItemState, assess_reversibility

__all__ = ["OfferRisk", "offer_risk"]


@attrs.frozen
class OfferRisk:
    """The non-price risks of one offer.

    Attributes:
        provider_id: The provider making the offer.
        provider_country: Its country (ISO 3166-1 alpha-2).
        review_missing: Contract-review findings the contract does not address at all.
        review_partial: Findings it addresses only in part.
        transfer_required: The transfer mechanism personal data needs to reach the provider's
            country (None: no transfer out of the EEA).
        transfer_mechanism: The mechanism the contract names (None: none).
        reversibility_ready: Exit-readiness items ready, out of ``reversibility_items``
            (0 of 0 without an exit plan).
        reversibility_items: Exit-readiness items assessed.
        exit_plan: Whether the contract has an exit plan.
        shared_languages: Official languages of the client's country the provider works in.
        certifications: The provider's certifications.
    """

    provider_id: str
    provider_country: str | None
    review_missing: int
    review_partial: int
    transfer_required: TransferMechanism | None
    transfer_mechanism: TransferMechanism | None
    reversibility_ready: int
    reversibility_items: int
    exit_plan: bool
    shared_languages: tuple[str, ...]
    certifications: tuple[Certification, ...]

    @property
    def transfer_covered(self) -> bool:
        """Whether the contract names a mechanism where a transfer needs one."""
        return self.transfer_required is None or self.transfer_mechanism is not None

    @property
    def language_fit(self) -> bool:
        """Whether the provider works in one of the client country's official languages."""
        return bool(self.shared_languages)


def _official_languages(country: str) -> frozenset[str]:
    from babel.languages import get_official_languages  # noqa: PLC0415 - babel only here

    return frozenset(get_official_languages(country, de_facto=True))


def _provider(portfolio: Portfolio, provider_id: str) -> Provider | None:
    return next((p for p in portfolio.providers if p.id == provider_id), None)


def offer_risk(portfolio: Portfolio, contract: Contract, *, as_of: pendulum.Date) -> OfferRisk:
    """The non-price risks of ``contract`` (in the portfolio or not) for the portfolio's client.

    Args:
        portfolio: The client and the known providers.
        contract: The offer's contract; its provider is looked up in the portfolio.
        as_of: The date of the review.
    """
    client = portfolio.client
    provider = _provider(portfolio, contract.provider_id)
    context = ReviewContext(
        as_of=as_of,
        provider=provider,
        financial_entity=client.financial_entity,
        eba_supervised=client.eba_supervised,
    )
    counts = review_contract(contract, context=context).counts()
    plan = contract.reversibility
    exit_items = assess_reversibility(plan, contract, as_of=as_of).items if plan else ()
    country = provider.country if provider is not None else None
    shared: tuple[str, ...] = ()
    if provider is not None:
        shared = tuple(sorted(provider.languages & _official_languages(client.country)))
    return OfferRisk(
        provider_id=contract.provider_id,
        provider_country=country,
        review_missing=counts.get(FindingStatus.MISSING, 0),
        review_partial=counts.get(FindingStatus.PARTIAL, 0),
        transfer_required=(
            None
            if country is None or not contract.data_protection.personal_data
            else required_mechanism(client.country, country)
        ),
        transfer_mechanism=contract.data_protection.transfer_mechanism,
        reversibility_ready=sum(1 for i in exit_items if i.state is ItemState.READY),
        reversibility_items=len(exit_items),
        exit_plan=plan is not None,
        shared_languages=shared,
        certifications=(
            tuple(sorted(provider.certifications, key=str)) if provider is not None else ()
        ),
    )
