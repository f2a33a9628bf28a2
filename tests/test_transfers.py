import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import InvalidValueError, TransferMechanism
from outsourcing.reference.transfers import (
    ADEQUATE_COUNTRIES,
    EEA_COUNTRIES,
    AdequacyStatus,
    adequacy,
    in_eea,
    required_mechanism,
)

ALPHA_2 = sorted(c.alpha_2 for c in pycountry.countries)


@pytest.mark.parametrize(
    ("country", "expected"),
    [("FR", True), ("de", True), ("NO", True), ("IS", True), ("LI", True), ("RE", True),
     ("CH", False), ("GB", False), ("FO", False), ("GL", False), ("MA", False), ("US", False)],
)  # fmt: skip
def test_in_eea(country: str, expected: bool) -> None:
    """EU members, their separately coded regions and the three EFTA states are in the EEA."""
    assert in_eea(country) is expected


def test_eea_has_thirty_states() -> None:
    """The EEA is the 27 EU member states plus Iceland, Liechtenstein and Norway."""
    regions = {"AX", "GF", "GP", "MF", "MQ", "RE", "YT"}
    assert len(EEA_COUNTRIES - regions) == 30


@pytest.mark.parametrize(
    ("country", "status"),
    [("FR", AdequacyStatus.EEA), ("CH", AdequacyStatus.ADEQUATE), ("GB", AdequacyStatus.ADEQUATE),
     ("JP", AdequacyStatus.ADEQUATE), ("KR", AdequacyStatus.ADEQUATE),
     ("US", AdequacyStatus.CONDITIONAL), ("CA", AdequacyStatus.CONDITIONAL),
     ("MA", AdequacyStatus.NOT_ADEQUATE), ("IN", AdequacyStatus.NOT_ADEQUATE),
     ("MG", AdequacyStatus.NOT_ADEQUATE), ("BR", AdequacyStatus.ADEQUATE)],
)  # fmt: skip
def test_adequacy_status(country: str, status: AdequacyStatus) -> None:
    """Each country gets its status from the Commission's list; the USA is only conditional."""
    assert adequacy(country).status is status


def test_conditional_entries_say_their_condition() -> None:
    """A conditional decision names who the recipient must be; the others name no condition."""
    for entry in ADEQUATE_COUNTRIES.values():
        assert entry.decision
        assert bool(entry.condition) == (entry.status is AdequacyStatus.CONDITIONAL)
    assert "Data Privacy Framework" in adequacy("US").condition


@given(st.sampled_from(ALPHA_2), st.sampled_from(ALPHA_2))
def test_mechanism_agrees_with_lists(origin: str, destination: str) -> None:
    """SCCs are needed exactly when data leaves the EEA for a country with no decision."""
    mechanism = required_mechanism(origin, destination)
    leaves_eea = in_eea(origin) and not in_eea(destination)
    if not leaves_eea:
        assert mechanism is None
    elif destination in ADEQUATE_COUNTRIES:
        assert mechanism is TransferMechanism.ADEQUACY_DECISION
    else:
        assert mechanism is TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES


@pytest.mark.parametrize("bad", ["XX", "", "FRA", 33])
def test_unknown_country_is_refused(bad: object) -> None:
    """A code that is not ISO 3166-1 alpha-2 raises an error naming the value."""
    with pytest.raises(InvalidValueError, match="country"):
        in_eea(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="country"):
        adequacy(bad)  # type: ignore[arg-type]
