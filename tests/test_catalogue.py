import pytest

from outsourcing import BusinessFunction, InvalidValueError, Office, OutsourcingKind
from outsourcing.reference.functions import CATALOGUE, profile

B, IT, K = OutsourcingKind.BPO, OutsourcingKind.ITO, OutsourcingKind.KPO
FRONT, BACK = Office.FRONT, Office.BACK
F = BusinessFunction

# The sources' table (DOMAIN.md section 1): kind and office of every catalogued function.
EXPECTED = {
    F.PAYROLL: (B, BACK), F.INVOICING: (B, BACK), F.ACCOUNTING: (B, BACK),
    F.HR_ADMINISTRATION: (B, BACK), F.ADMINISTRATION: (B, BACK), F.PURCHASING: (B, BACK),
    F.LOGISTICS: (B, BACK), F.DATA_ENTRY: (B, BACK), F.DATA_PROCESSING: (B, BACK),
    F.DOCUMENT_PROCESSING: (B, BACK), F.MEDICAL_BILLING: (B, BACK),
    F.PATIENT_RECORDS: (B, BACK), F.CHEQUE_PROCESSING: (B, BACK),
    F.CUSTOMER_SERVICE: (B, FRONT), F.CUSTOMER_RELATIONS: (B, FRONT),
    F.ORDER_MANAGEMENT: (B, FRONT), F.SALES: (B, FRONT), F.AFTER_SALES: (B, FRONT),
    F.LOYALTY_PROGRAMMES: (B, FRONT), F.TECHNICAL_SUPPORT: (B, FRONT),
    F.IT_MAINTENANCE: (IT, BACK), F.SOFTWARE_DEVELOPMENT: (IT, BACK),
    F.NETWORK_ADMINISTRATION: (IT, BACK), F.CYBERSECURITY: (IT, BACK), F.HOSTING: (IT, BACK),
    F.RESEARCH: (K, BACK), F.DATA_ANALYSIS: (K, BACK), F.WRITING: (K, BACK),
    F.TECHNICAL_DOCUMENTATION: (K, BACK),
}  # fmt: skip


def test_every_function_is_catalogued() -> None:
    """The catalogue has exactly one profile per business function, and the table covers all."""
    assert set(CATALOGUE) == set(BusinessFunction) == set(EXPECTED)


@pytest.mark.parametrize("function", list(BusinessFunction))
def test_profile_matches_the_sources(function: BusinessFunction) -> None:
    """Each function gets the kind and office of the sources, with reasons naming it."""
    entry = profile(function)
    assert (entry.kind, entry.office) == EXPECTED[function]
    label = function.value.replace("_", " ")
    assert entry.kind_reason.startswith(label)
    assert entry.office_reason.startswith(label)


def test_profile_accepts_the_value_text() -> None:
    """A function given by its value (as read from a document) finds the same profile."""
    assert profile("payroll") is profile(BusinessFunction.PAYROLL)  # type: ignore[arg-type]


def test_unknown_function_is_refused() -> None:
    """An unknown function raises an error naming the value, not a bare KeyError."""
    with pytest.raises(InvalidValueError, match="knitting"):
        profile("knitting")  # type: ignore[arg-type]
