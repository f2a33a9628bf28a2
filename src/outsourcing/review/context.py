"""What a contract review needs to know beyond the contract: who the client is, the provider, when.

The applicability of each checklist depends on facts about the client (a DORA financial entity,
an institution supervised under the EBA guidelines), the services (ICT or not), the data
(personal or not) and the function (critical or important). `ReviewContext` holds them;
`ReviewContext.from_portfolio` reads them from a `Portfolio`.
"""

from __future__ import annotations

import attrs
import pendulum

from outsourcing.model._checks import to_date
from outsourcing.model.axes import OutsourcingKind
from outsourcing.model.contract import Contract
from outsourcing.model.portfolio import Portfolio
from outsourcing.model.provider import Provider
from outsourcing.model.time_zones import zone_of
from outsourcing.reference.functions import profile
from outsourcing.review.clauses.entry import Applicability

__all__ = ["ReviewContext"]


@attrs.frozen
class ReviewContext:
    """The facts about the client, the provider and the date that a contract review depends on.

    Attributes:
        as_of: The date the review is made on (never the wall clock).
        provider: The contract's provider, with its sub-processors (None: unknown; the
            sub-processor check is then not applicable).
        financial_entity: Whether the client is a financial entity under DORA.
        ict_services: Whether the contract is on ICT services (DORA Art. 3(21)).
        eba_supervised: Whether the client is an institution or payment institution
            supervised under EBA/GL/2019/02.
        personal_data: Whether the provider processes personal data for the client (None: take
            the contract's ``data_protection.personal_data``).
        critical_function: Whether the contract supports a critical or important function
            (None: take the contract's ``critical_function``).
        client_country: The client's country, ISO 3166-1 alpha-2 (None: unknown; the checks
            of French law then look at the provider alone).
        client_timezone: The client's IANA time zone (None: unknown); a contract measured in
            another zone is flagged.
    """

    as_of: pendulum.Date = attrs.field(converter=to_date)
    provider: Provider | None = None
    financial_entity: bool = False
    ict_services: bool = False
    eba_supervised: bool = False
    personal_data: bool | None = None
    critical_function: bool | None = None
    client_country: str | None = None
    client_timezone: str | None = None

    @classmethod
    def from_portfolio(
        cls,
        portfolio: Portfolio,
        contract: Contract | str,
        *,
        as_of: pendulum.Date | str,
        ict_services: bool | None = None,
    ) -> ReviewContext:
        """Read the context of one of the portfolio's contracts.

        Personal data is processed when the contract says so or when a process it covers
        handles personal data. The contract is on ICT services when ``ict_services`` says so or,
        by default, when a process it covers is ITO (declared, or an ITO business function).

        Args:
            portfolio: The client's portfolio.
            contract: The contract, or its id.
            as_of: The review date.
            ict_services: Whether the contract is on ICT services (None: inferred).

        Returns:
            The context, with the provider and the client's regulatory flags.

        Raises:
            UnknownReferenceError: If the contract id is not in the portfolio.
        """
        found = portfolio.contract(contract if isinstance(contract, str) else contract.id)
        processes = [portfolio.process(pid) for pid in found.process_ids]
        if ict_services is None:
            ict_services = any(
                (p.kind or profile(p.function).kind) is OutsourcingKind.ITO for p in processes
            )
        personal = found.data_protection.personal_data or any(p.personal_data for p in processes)
        return cls(
            as_of=as_of,
            provider=portfolio.provider(found.provider_id),
            financial_entity=portfolio.client.financial_entity,
            ict_services=ict_services,
            eba_supervised=portfolio.client.eba_supervised,
            personal_data=personal,
            critical_function=found.critical_function,
            client_country=portfolio.client.country,
            client_timezone=zone_of(portfolio.client.timezone, portfolio.client.country),
        )

    def processes_personal_data(self, contract: Contract) -> bool:
        """Whether personal data is processed under the contract."""
        if self.personal_data is None:
            return contract.data_protection.personal_data
        return self.personal_data

    def is_critical(self, contract: Contract) -> bool:
        """Whether the contract supports a critical or important function."""
        if self.critical_function is None:
            return contract.critical_function
        return self.critical_function

    def applies(self, rule: Applicability, contract: Contract) -> tuple[bool, str]:
        """Whether an applicability rule holds for the contract, and why.

        Args:
            rule: The rule.
            contract: The contract under review.

        Returns:
            ``(holds, reason)``, the reason naming the facts that decided.
        """
        critical = self.is_critical(contract)
        ict = self.financial_entity and self.ict_services
        ict_reason = (
            "financial entity, ICT services"
            if ict
            else f"financial_entity={self.financial_entity}, ict_services={self.ict_services}"
        )
        match rule:
            case Applicability.ALWAYS:
                return True, "every outsourcing contract"
            case Applicability.PERSONAL_DATA:
                personal = self.processes_personal_data(contract)
                return personal, f"personal data processed: {personal}"
            case Applicability.ICT_SERVICES:
                return ict, ict_reason
            case Applicability.ICT_CRITICAL:
                return ict and critical, f"{ict_reason}; critical or important: {critical}"
            case Applicability.EBA_CRITICAL:
                holds = self.eba_supervised and critical
                return holds, (
                    f"EBA-supervised: {self.eba_supervised}; critical or important: {critical}"
                )
