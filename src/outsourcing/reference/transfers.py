"""Transfers of personal data out of the EEA: who is in the EEA, who has an adequacy decision.

GDPR Chapter V lets personal data leave the European Economic Area freely only towards a
country the European Commission has found adequate (Art. 45); otherwise the transfer needs
appropriate safeguards such as standard contractual clauses (Art. 46(2)(c)) or binding
corporate rules (Art. 47), or one of the narrow derogations of Art. 49.

The two lists below are data, kept here and nowhere else. They were last checked on
`CHECKED_ON` against the European Commission's page "Adequacy decisions"
(https://commission.europa.eu/law/law-topic/data-protection/international-dimension-data-protection/adequacy-decisions_en)
and published reports of the decisions adopted since that page's last update: the renewal of
the United Kingdom's decision on 19 December 2025 (valid until 27 December 2031) and the
decision for Brazil of 26 January 2026. Re-check them when the Commission adopts, renews or
withdraws a decision. Two entries are
*conditional*: the United States (only organisations certified under the EU-US Data Privacy
Framework) and Canada (only commercial organisations subject to PIPEDA). The European Patent
Organisation also has an adequacy decision, but it is an international organisation, not a
country, so it has no entry here.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from outsourcing.exceptions import InvalidValueError
from outsourcing.model._checks import known_country
from outsourcing.model.contract import TransferMechanism

__all__ = [
    "ADEQUATE_COUNTRIES",
    "CHECKED_ON",
    "EEA_COUNTRIES",
    "Adequacy",
    "AdequacyStatus",
    "adequacy",
    "in_eea",
    "required_mechanism",
]

CHECKED_ON = dt.date(2026, 11, 23)
"""The day both lists were last checked against the European Commission's pages."""

_EU = frozenset(
    {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
        "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    }
)  # fmt: skip
# Parts of EU member states that ISO 3166-1 codes separately: Åland (Finland) and the French
# outermost regions, where EU law and so the GDPR apply. The Faroe Islands and Greenland
# (Denmark) and the other overseas countries and territories are outside the EU.
_EU_REGIONS = frozenset({"AX", "GF", "GP", "MF", "MQ", "RE", "YT"})
_EFTA_IN_EEA = frozenset({"IS", "LI", "NO"})

EEA_COUNTRIES: frozenset[str] = _EU | _EU_REGIONS | _EFTA_IN_EEA
"""ISO 3166-1 alpha-2 codes of the EEA: the 27 EU member states (with Åland and the French
outermost regions, which ISO codes separately), Iceland, Liechtenstein and Norway."""


class AdequacyStatus(StrEnum):
    """Whether personal data may go to a country without further safeguards."""

    EEA = "eea"
    """Inside the EEA: no transfer under GDPR Chapter V at all."""
    ADEQUATE = "adequate"
    """An adequacy decision covers every recipient in the country."""
    CONDITIONAL = "conditional"
    """An adequacy decision covers only some recipients (see `Adequacy.condition`)."""
    NOT_ADEQUATE = "not_adequate"
    """No adequacy decision: appropriate safeguards (Art. 46) or a derogation (Art. 49)."""


@attrs.frozen
class Adequacy:
    """Where a country stands for transfers of personal data from the EEA.

    Attributes:
        country: ISO 3166-1 alpha-2 code.
        status: EEA, adequate, conditionally adequate or not adequate.
        decision: The Commission decision relied on ("" when there is none).
        condition: For a conditional decision, who must the recipient be ("" otherwise).
    """

    country: str
    status: AdequacyStatus
    decision: str = ""
    condition: str = ""

    @property
    def free_flow(self) -> bool:
        """Whether data may flow without safeguards whoever the recipient is."""
        return self.status in {AdequacyStatus.EEA, AdequacyStatus.ADEQUATE}


_DPF = "the recipient is certified under the EU-US Data Privacy Framework"
_PIPEDA = "the recipient is a commercial organisation subject to PIPEDA"

ADEQUATE_COUNTRIES: dict[str, Adequacy] = {
    a.country: a
    for a in (
        Adequacy("AD", AdequacyStatus.ADEQUATE, "Decision 2010/625/EU"),
        Adequacy("AR", AdequacyStatus.ADEQUATE, "Decision 2003/490/EC"),
        Adequacy("BR", AdequacyStatus.ADEQUATE, "Implementing Decision of 26 January 2026"),
        Adequacy("CA", AdequacyStatus.CONDITIONAL, "Decision 2002/2/EC", _PIPEDA),
        Adequacy("CH", AdequacyStatus.ADEQUATE, "Decision 2000/518/EC"),
        Adequacy("FO", AdequacyStatus.ADEQUATE, "Decision 2010/146/EU"),
        Adequacy(
            "GB",
            AdequacyStatus.ADEQUATE,
            "Implementing Decision (EU) 2021/1772, renewed on 19 December 2025 until 2031",
        ),
        Adequacy("GG", AdequacyStatus.ADEQUATE, "Decision 2003/821/EC"),
        Adequacy("IL", AdequacyStatus.ADEQUATE, "Decision 2011/61/EU"),
        Adequacy("IM", AdequacyStatus.ADEQUATE, "Decision 2004/411/EC"),
        Adequacy("JE", AdequacyStatus.ADEQUATE, "Decision 2008/393/EC"),
        Adequacy("JP", AdequacyStatus.ADEQUATE, "Implementing Decision (EU) 2019/419"),
        Adequacy("KR", AdequacyStatus.ADEQUATE, "Implementing Decision (EU) 2022/254"),
        Adequacy("NZ", AdequacyStatus.ADEQUATE, "Decision 2013/65/EU"),
        Adequacy("US", AdequacyStatus.CONDITIONAL, "Implementing Decision (EU) 2023/1795", _DPF),
        Adequacy("UY", AdequacyStatus.ADEQUATE, "Implementing Decision 2012/484/EU"),
    )
}
"""Countries outside the EEA with an adequacy decision (GDPR Art. 45), by alpha-2 code."""


def _country(country: object) -> str:
    if not isinstance(country, str) or not known_country(country.upper()):
        raise InvalidValueError("country", country, "unknown ISO 3166-1 alpha-2 country")
    return country.upper()


def in_eea(country: str) -> bool:
    """Whether a country is in the European Economic Area.

    Args:
        country: ISO 3166-1 alpha-2 code (case-insensitive).

    Returns:
        True for the EU member states (and their regions ISO codes separately), Iceland,
        Liechtenstein and Norway.

    Raises:
        InvalidValueError: If ``country`` is not an ISO 3166-1 alpha-2 code.
    """
    return _country(country) in EEA_COUNTRIES


def adequacy(country: str) -> Adequacy:
    """Where a country stands for transfers of personal data from the EEA.

    Args:
        country: ISO 3166-1 alpha-2 code (case-insensitive).

    Returns:
        The country's `Adequacy`: EEA, adequate, conditional (USA, Canada) or not adequate.

    Raises:
        InvalidValueError: If ``country`` is not an ISO 3166-1 alpha-2 code.
    """
    code = _country(country)
    if code in EEA_COUNTRIES:
        return Adequacy(code, AdequacyStatus.EEA)
    return ADEQUATE_COUNTRIES.get(code, Adequacy(code, AdequacyStatus.NOT_ADEQUATE))


def required_mechanism(origin: str, destination: str) -> TransferMechanism | None:
    """The transfer mechanism personal data needs to go from ``origin`` to ``destination``.

    Only transfers out of the EEA are regulated here: from a country outside the EEA (or
    inside the EEA) the answer is None. Into an adequate country the adequacy decision is the
    ground; into a conditional one (USA, Canada) it is too, provided the recipient meets the
    condition — otherwise, as for every other country, standard contractual clauses.

    Args:
        origin: Alpha-2 code of the country the data leaves (the client's).
        destination: Alpha-2 code of the country it goes to (the provider's).

    Returns:
        None when no Chapter V transfer happens, else the mechanism to rely on.

    Raises:
        InvalidValueError: If either code is not an ISO 3166-1 alpha-2 code.
    """
    if not in_eea(origin):
        _country(destination)
        return None
    status = adequacy(destination).status
    if status is AdequacyStatus.EEA:
        return None
    if status is AdequacyStatus.NOT_ADEQUATE:
        return TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES
    return TransferMechanism.ADEQUACY_DECISION
