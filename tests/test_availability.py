import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from outsourcing import (
    SLA,
    BusinessCalendar,
    Contract,
    CreditTier,
    ExclusionReason,
    FixedFee,
    Money,
    ServiceCreditRegime,
    SLAMetric,
    Term,
    TicketLog,
    evaluate_slas,
)
from outsourcing.sla.records.downtime_log import DowntimeLog

JUNE = 30 * 86_400
AS_OF = dt.datetime(2024, 8, 1, tzinfo=dt.UTC)
EMPTY = TicketLog.from_records([])


def availability(**changes: Any) -> SLA:
    """A 99.5 % availability SLA with tiers, accepting planned maintenance."""
    fields: dict[str, Any] = {
        "id": "availability",
        "name": "Availability",
        "metric": SLAMetric.AVAILABILITY,
        "objective": "99.5",
        "exclusions": {ExclusionReason.PLANNED_MAINTENANCE},
        "credit_tiers": [CreditTier("99.5", 5), CreditTier(99, 10)],
    }
    fields.update(changes)
    return SLA(**fields)


def contract(sla: SLA, **changes: Any) -> Contract:
    """A contract from 2024-06-01, 10 000 EUR a month, UTC periods."""
    fields: dict[str, Any] = {
        "id": "c",
        "title": "Hosting",
        "client": "Client",
        "provider_id": "p",
        "currency": "EUR",
        "timezone": "UTC",
        "term": Term(start="2024-06-01"),
        "pricing": [FixedFee(name="run", monthly_fee=Money("10000", "EUR"))],
        "slas": [sla],
        "service_credits": ServiceCreditRegime(monthly_cap=20),
    }
    fields.update(changes)
    return Contract(**fields)


def june(records: list[dict[str, Any]], sla: SLA | None = None, **changes: Any) -> Any:
    """The June 2024 result of the availability SLA for these downtimes."""
    downtime = DowntimeLog.from_records(records)
    report = evaluate_slas(
        contract(sla or availability(), **changes), EMPTY, as_of=AS_OF, downtime=downtime
    )
    return report, report.result("availability", "2024-06")


def test_downtime_and_maintenance() -> None:
    """Outages count against availability; accepted maintenance leaves the schedule."""
    report, result = june(
        [
            {"start": "2024-06-10T10:00:00Z", "end": "2024-06-10T12:00:00Z"},
            {"start": "2024-06-11T00:00:00Z", "end": "2024-06-11T04:00:00Z",
             "exclusion": "planned_maintenance"},
        ]
    )  # fmt: skip
    scheduled = JUNE - 4 * 3600
    assert result.total == scheduled
    assert result.good == scheduled - 2 * 3600
    assert result.measured == Decimal(scheduled - 7200) * 100 / scheduled
    assert result.status == "met"
    assert not report.credits


def test_overlaps_count_once_and_months_split() -> None:
    """Overlapping outages are counted once; one spanning a month end is split."""
    _, result = june(
        [
            {"start": "2024-06-10T10:00:00Z", "end": "2024-06-10T20:00:00Z"},
            {"start": "2024-06-10T12:00:00Z", "end": "2024-06-10T14:00:00Z"},
            {"start": "2024-06-30T20:00:00Z", "end": "2024-07-01T02:00:00Z"},
        ]
    )
    assert result.total - result.good == 14 * 3600


def test_tiers_on_availability() -> None:
    """Below 99 % the 10 % tier applies (8 h down in June is 98.9 %)."""
    report, result = june([{"start": "2024-06-10T00:00:00Z", "end": "2024-06-10T08:00:00Z"}])
    assert result.breached
    assert result.credit.value == 10
    assert report.credits[0].amount == Money("1000", "EUR")


def test_business_hours_and_open_outage() -> None:
    """In business time, night outages do not count; an open outage runs to as_of."""
    calendar = BusinessCalendar(
        id="office", timezone="UTC", week={"mon": ["09:00-17:00"]}, first_year=2024, last_year=2025
    )
    sla = availability(calendar="office")
    _, result = june(
        [{"start": "2024-06-10T20:00:00Z", "end": "2024-06-11T06:00:00Z"}],
        sla,
        calendars=[calendar],
    )
    assert result.total == 4 * 8 * 3600  # four Mondays in June 2024
    assert result.good == result.total
    _, still_down = june([{"start": "2024-07-31T22:00:00Z"}])
    assert still_down.good == still_down.total


def test_invalid_downtime_rows() -> None:
    """Bad downtime rows are kept aside with their reason."""
    log = DowntimeLog.from_records(
        [
            {"start": "2024-06-10T10:00:00", "end": "2024-06-10T12:00:00Z"},
            {"start": "2024-06-10T10:00:00Z", "end": "2024-06-10T09:00:00Z"},
            {"start": "2024-06-10T10:00:00Z", "exclusion": "holiday"},
        ]
    )
    assert [r.reason for r in log.invalid] == [
        "start: naive timestamp (no UTC offset)",
        "downtime ends before it starts",
        "unknown exclusion reason",
    ]
    assert log.rows_in == 3


@given(st.lists(st.tuples(st.integers(0, JUNE), st.integers(0, 86_400), st.booleans()), max_size=6))
def test_agrees_with_a_minute_by_minute_count(outages: list[tuple[int, int, bool]]) -> None:
    """Scheduled and unavailable seconds match a second-by-second count of the timeline."""
    start = int(dt.datetime(2024, 6, 1, tzinfo=dt.UTC).timestamp())
    records = [
        {
            "start": dt.datetime.fromtimestamp(start + s, dt.UTC).isoformat(),
            "end": dt.datetime.fromtimestamp(min(start + s + d, start + JUNE), dt.UTC).isoformat(),
            "exclusion": "planned_maintenance" if maintenance else None,
        }
        for s, d, maintenance in outages
    ]
    _, result = june(records)
    excluded: set[int] = set()
    down: set[int] = set()
    for s, d, maintenance in outages:
        span = range(s, min(s + d, JUNE))
        (excluded if maintenance else down).update(span)
    assert result.total == JUNE - len(excluded)
    assert result.total - result.good == len(down - excluded)
