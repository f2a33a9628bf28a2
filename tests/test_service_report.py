"""Looking results up in a `ServiceReport`."""

import datetime as dt

import pytest

from outsourcing import (
    SLA,
    Contract,
    FixedFee,
    Money,
    OutsourcingError,
    ServiceReport,
    SLAMetric,
    Term,
    TicketLog,
    UnknownResultError,
    evaluate_slas,
)


def _report() -> ServiceReport:
    """A two-SLA report as of 1 March 2024: periods January to March (March just begun)."""
    slas = [
        SLA(
            id=sla_id,
            name=sla_id,
            metric=SLAMetric.RESOLUTION,
            objective=90,
            target=dt.timedelta(hours=4),
        )
        for sla_id in ("response", "resolution")
    ]
    contract = Contract(
        id="desk",
        title="Service desk",
        client="Client",
        provider_id="provider",
        currency="EUR",
        timezone="UTC",
        term=Term(start="2024-01-01"),
        pricing=[FixedFee(name="run", monthly_fee=Money("1000", "EUR"))],
        slas=slas,
    )
    log = TicketLog.from_records(
        [{"ticket": "T1", "opened": "2024-01-03T09:00:00Z", "priority": "P1"}]
    )
    return evaluate_slas(contract, log, as_of=dt.datetime(2024, 3, 1, tzinfo=dt.UTC))


def test_result_finds_an_existing_sla_and_period() -> None:
    """`result` returns the result of the SLA and period asked for."""
    result = _report().result("resolution", "2024-02")
    assert (result.sla_id, result.period.label) == ("resolution", "2024-02")


def test_unknown_sla_names_the_slas_the_report_has() -> None:
    """Asking for an SLA the report lacks raises an OutsourcingError listing its SLAs."""
    with pytest.raises(UnknownResultError) as caught:
        _report().result("availability", "2024-01")
    assert isinstance(caught.value, OutsourcingError)
    assert str(caught.value) == ("no SLA 'availability' in the report (SLAs: response, resolution)")
    assert (caught.value.kind, caught.value.owner) == ("SLA", None)


def test_unknown_period_names_the_periods_of_that_sla() -> None:
    """Asking for a period the SLA lacks names the SLA, the period and the periods it has."""
    with pytest.raises(UnknownResultError) as caught:
        _report().result("resolution", "2024-13")
    assert str(caught.value) == (
        "SLA 'resolution' has no period '2024-13' in the report "
        "(periods: 2024-01, 2024-02, 2024-03)"
    )
    assert (caught.value.kind, caught.value.asked) == ("period", "2024-13")
    assert caught.value.owner == "SLA 'resolution'"


def test_unknown_result_is_still_a_key_error() -> None:
    """Code that caught the former bare KeyError keeps working."""
    with pytest.raises(KeyError):
        _report().result("resolution", "2023-12")
