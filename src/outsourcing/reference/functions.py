"""The catalogue of business functions: what kind of outsourcing each is, front or back office.

Every `BusinessFunction` has one `FunctionProfile` saying its kind (BPO, ITO, KPO) and office
(front, back), each with the reason the sources give. `classify` infers the kind and office of a
process from this catalogue unless the process declares them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from outsourcing.exceptions import InvalidValueError
from outsourcing.model.axes import Office, OutsourcingKind
from outsourcing.model.process import BusinessFunction

__all__ = ["CATALOGUE", "FunctionProfile", "profile"]

F = BusinessFunction
K = OutsourcingKind
O = Office  # noqa: E741 - a one-letter alias keeps the catalogue table readable

_BPO = "a recurring business process"
_ITO = "an IT service"
_KPO = "knowledge work needing analytical or specialised skills"
_FRONT = "faces the company's customers"
_BACK = "runs behind the scenes, without customer contact"


@attrs.frozen
class FunctionProfile:
    """How the sources classify a business function.

    Attributes:
        function: The business function.
        kind: BPO, ITO or KPO.
        office: Front or back office.
        kind_reason: Why that kind, in words.
        office_reason: Why that office, in words.
    """

    function: BusinessFunction
    kind: OutsourcingKind
    office: Office
    kind_reason: str
    office_reason: str


def _entry(
    function: BusinessFunction,
    kind: OutsourcingKind,
    office: Office,
    kind_detail: str = "",
    office_detail: str = "",
) -> FunctionProfile:
    label = function.value.replace("_", " ")
    kind_text = {K.BPO: _BPO, K.ITO: _ITO, K.KPO: _KPO}[kind]
    office_text = _FRONT if office is O.FRONT else _BACK
    return FunctionProfile(
        function,
        kind,
        office,
        f"{label} is {kind_text}{kind_detail}",
        f"{label} {office_text}{office_detail}",
    )


CATALOGUE: Mapping[BusinessFunction, FunctionProfile] = MappingProxyType(
    {
        p.function: p
        for p in (
            # BPO, back office (the sources' list of recurring business processes).
            _entry(F.PAYROLL, K.BPO, O.BACK),
            _entry(F.INVOICING, K.BPO, O.BACK),
            _entry(F.ACCOUNTING, K.BPO, O.BACK),
            _entry(F.HR_ADMINISTRATION, K.BPO, O.BACK),
            _entry(F.ADMINISTRATION, K.BPO, O.BACK),
            _entry(F.PURCHASING, K.BPO, O.BACK),
            _entry(F.LOGISTICS, K.BPO, O.BACK),
            _entry(F.DATA_ENTRY, K.BPO, O.BACK),
            _entry(F.DATA_PROCESSING, K.BPO, O.BACK),
            _entry(F.DOCUMENT_PROCESSING, K.BPO, O.BACK, " (e.g. insurance claims files)"),
            _entry(F.MEDICAL_BILLING, K.BPO, O.BACK),
            _entry(F.PATIENT_RECORDS, K.BPO, O.BACK),
            _entry(F.CHEQUE_PROCESSING, K.BPO, O.BACK),
            # BPO, front office.
            _entry(F.CUSTOMER_SERVICE, K.BPO, O.FRONT),
            _entry(F.CUSTOMER_RELATIONS, K.BPO, O.FRONT),
            _entry(F.ORDER_MANAGEMENT, K.BPO, O.FRONT),
            _entry(F.SALES, K.BPO, O.FRONT),
            _entry(F.AFTER_SALES, K.BPO, O.FRONT),
            _entry(F.LOYALTY_PROGRAMMES, K.BPO, O.FRONT),
            _entry(F.TECHNICAL_SUPPORT, K.BPO, O.FRONT, " (customer help desk)"),
            # ITO: the company's own systems, out of customers' sight.
            _entry(F.IT_MAINTENANCE, K.ITO, O.BACK),
            _entry(F.SOFTWARE_DEVELOPMENT, K.ITO, O.BACK),
            _entry(F.NETWORK_ADMINISTRATION, K.ITO, O.BACK),
            _entry(F.CYBERSECURITY, K.ITO, O.BACK),
            _entry(F.HOSTING, K.ITO, O.BACK),
            # KPO: analytical and specialised work.
            _entry(F.RESEARCH, K.KPO, O.BACK),
            _entry(F.DATA_ANALYSIS, K.KPO, O.BACK),
            _entry(F.WRITING, K.KPO, O.BACK, " (content, reports)"),
            _entry(F.TECHNICAL_DOCUMENTATION, K.KPO, O.BACK),
        )
    }
)
"""The profile of every business function, keyed by function."""


def profile(function: BusinessFunction) -> FunctionProfile:
    """The catalogue's profile of a business function.

    Args:
        function: A business function.

    Returns:
        Its kind and office, with the reasons.

    Raises:
        InvalidValueError: If ``function`` is not a `BusinessFunction`.
    """
    try:
        return CATALOGUE[BusinessFunction(function)]
    except ValueError:
        raise InvalidValueError("function", function, "unknown business function") from None
