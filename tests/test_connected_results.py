from __future__ import annotations

import pytest

from outsourcing import (
    ExitTrigger,
    InvalidValueError,
    ServiceRecords,
    ServiceReport,
    assess_reversibility,
    evaluate_portfolio_slas,
)
from outsourcing.samples import (
    SAMPLE_AS_OF,
    sample_deliveries,
    sample_downtime,
    sample_portfolio,
    sample_tickets,
)


@pytest.fixture(scope="module")
def reports() -> dict[str, ServiceReport]:
    """The sample's service reports as of the sample date, by contract."""
    records = ServiceRecords(sample_tickets(), sample_downtime(), sample_deliveries())
    evaluated = evaluate_portfolio_slas(sample_portfolio(), records, as_of=SAMPLE_AS_OF)
    return {c.id: r for c, r in evaluated.reports() if r is not None}


def test_termination_rights_count_late_delivery(reports: dict[str, ServiceReport]) -> None:
    """The IT contract's one right, opened by a late delivery, is counted."""
    it = reports["rhone-it"]
    assert it.termination_rights == ()
    assert [d.name for d in it.delivery_termination_rights] == ["Tous les utilisateurs migrés"]
    assert it.rights_count == 1


def test_customer_service_chronic_misses_fire_the_quality_trigger(
    reports: dict[str, ServiceReport],
) -> None:
    """Three consecutive resolution misses fire quality deterioration, named in the reason."""
    contract = sample_portfolio().contract("tana-care")
    report = reports["tana-care"]
    quiet = assess_reversibility(contract.reversibility, contract, as_of=SAMPLE_AS_OF)
    assert not quiet.trigger(ExitTrigger.QUALITY_DETERIORATION).fired
    fed = assess_reversibility(
        contract.reversibility, contract, as_of=SAMPLE_AS_OF, service_report=report
    )
    quality = fed.trigger(ExitTrigger.QUALITY_DETERIORATION)
    assert quality.fired
    assert quality.reason == "chronic failure of SLA resolution (3 consecutive breaches, 2025-08)"


@pytest.mark.parametrize(
    ("contract_id", "reason"),
    [
        ("atlas-finance", "critical failure of SLA payroll-on-time in 2025-05"),
        ("rhone-it", "Tous les utilisateurs migrés delivered 105 days late (due 2025-04-01)"),
    ],
)
def test_every_right_feeds_the_exit_triggers(
    reports: dict[str, ServiceReport], contract_id: str, reason: str
) -> None:
    """A critical failure and a late delivery beyond the limit fire the quality trigger."""
    contract = sample_portfolio().contract(contract_id)
    fed = assess_reversibility(
        contract.reversibility, contract, as_of=SAMPLE_AS_OF, service_report=reports[contract_id]
    )
    assert fed.trigger(ExitTrigger.QUALITY_DETERIORATION).reason == reason


def test_triggers_and_rights_agree_on_the_sample(reports: dict[str, ServiceReport]) -> None:
    """Each contract with a right shows the quality trigger; one without shows none."""
    portfolio = sample_portfolio()
    for contract_id, report in reports.items():
        contract = portfolio.contract(contract_id)
        fed = assess_reversibility(
            contract.reversibility, contract, as_of=SAMPLE_AS_OF, service_report=report
        )
        fired = fed.trigger(ExitTrigger.QUALITY_DETERIORATION).fired
        assert fired == (report.rights_count > 0), contract_id


def test_another_contracts_report_is_refused(reports: dict[str, ServiceReport]) -> None:
    """The service report must be the assessed contract's."""
    contract = sample_portfolio().contract("tana-care")
    with pytest.raises(InvalidValueError, match="service_report"):
        assess_reversibility(None, contract, as_of=SAMPLE_AS_OF, service_report=reports["rhone-it"])
