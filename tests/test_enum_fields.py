import pytest

from outsourcing import SLA, OutsourcingError, Process, SLAMetric, WeakSignal


def test_enum_fields_accept_their_values_and_name_the_field_when_refused() -> None:
    """Enum fields convert their text values and refuse unknown ones with the field's name."""
    sla = SLA(id="a", name="a", metric="availability", objective="99")
    assert sla.metric is SLAMetric.AVAILABILITY
    with pytest.raises(OutsourcingError, match=r"SLA\.metric: must be one of .*got 'bogus'"):
        SLA(id="a", name="a", metric="bogus", objective="99")
    process = Process(id="p", name="p", function="payroll", weak_signals=["repeated_delays"])  # type: ignore[arg-type]
    assert process.weak_signals == frozenset({WeakSignal.REPEATED_DELAYS})
    with pytest.raises(OutsourcingError, match=r"Process\.weak_signals: must be one of"):
        Process(id="p", name="p", function="payroll", weak_signals=["x"])  # type: ignore[arg-type]
