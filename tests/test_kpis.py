import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import (
    KPI,
    SLA,
    BusinessCalendar,
    Cadence,
    Contract,
    Direction,
    KPIMetric,
    KPIStatus,
    OutsourcingError,
    SLAMetric,
    Term,
    TicketLog,
    TicketScope,
    UnknownReferenceError,
    UnknownResultError,
    evaluate_kpis,
)
from outsourcing.sla.records.timestamps import MISSING

PARIS = BusinessCalendar(
    id="paris",
    timezone="Europe/Paris",
    week={d: ["09:00-12:30", "13:30-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
    holiday_country="FR",
    first_year=2023,
    last_year=2025,
)
P1_RESOLUTION = SLA(
    id="p1",
    name="P1 in 4 business hours",
    metric=SLAMetric.RESOLUTION,
    objective=90,
    target=dt.timedelta(hours=4),
    scope=TicketScope(priorities={"P1"}),
    calendar="paris",
)
LOWER, HIGHER = Direction.LOWER_IS_BETTER, Direction.HIGHER_IS_BETTER
P1 = TicketScope(priorities={"P1"})
KPIS = [
    KPI("processing", "Average processing time", KPIMetric.AVERAGE_PROCESSING_TIME, "hours",
        LOWER, 4, calendar="paris"),
    KPI("score", "Satisfaction score", KPIMetric.INTERNAL_SATISFACTION, "score/5", HIGHER, 4),
    KPI("satisfied", "Satisfied users", KPIMetric.INTERNAL_SATISFACTION, "%", HIGHER, 80),
    KPI("incidents", "Incidents", KPIMetric.INCIDENT_COUNT, "count", LOWER, 1),
    KPI("errors", "Error rate", KPIMetric.ERROR_RATE, "%", LOWER, 10),
    KPI("critical", "Critical on time", KPIMetric.CRITICAL_ON_TIME, "%", HIGHER, 90, scope=P1,
        sla="p1"),
    KPI("critical-due", "Critical by due date", KPIMetric.CRITICAL_ON_TIME, "%", HIGHER, 90,
        scope=P1),
    KPI("backlog", "Backlog", KPIMetric.BACKLOG, "count", LOWER, 10),
]  # fmt: skip


def contract(kpis: list[KPI] = KPIS) -> Contract:
    """A Paris contract starting 2024-01-01 with the P1 resolution SLA and the given KPIs."""
    return Contract(id="c", title="Desk", client="ACME", provider_id="p", currency="EUR",
                    timezone="Europe/Paris", term=Term(start="2024-01-01"), calendars=[PARIS],
                    slas=[P1_RESOLUTION], kpis=kpis)  # fmt: skip


RECORDS: list[dict[str, Any]] = [
    {"ticket": "T1", "opened": "2024-01-03T09:00:00+01:00", "resolved": "2024-01-03T11:00:00+01:00",
     "due": "2024-01-03T12:00:00+01:00", "priority": "P1", "satisfaction_score": 5,
     "satisfied": "yes", "error": "no"},
    {"ticket": "T2", "opened": "2024-01-04T10:00:00+01:00", "resolved": "2024-01-04T17:00:00+01:00",
     "due": "2024-01-04T12:00:00+01:00", "priority": "P1", "satisfaction_score": "3",
     "satisfied": "no", "error": "yes"},
    {"ticket": "T3", "opened": "2024-01-05T09:00:00+01:00", "resolved": "2024-01-05T10:00:00+01:00",
     "priority": "P2", "error": "yes"},
    {"ticket": "T4", "opened": "2024-01-31T17:00:00+01:00", "priority": "P1"},
    {"ticket": "T5", "opened": "2024-01-08T09:00:00+01:00", "priority": "P1",
     "exclusion": "cancelled", "error": "yes", "satisfaction_score": 1},
    {"ticket": "T6", "opened": "2024-01-08T09:00:00", "priority": "P1"},
]  # fmt: skip
AS_OF = dt.datetime(2024, 2, 1, 12, tzinfo=dt.UTC)


def test_the_four_kpis_of_the_sources_by_hand() -> None:
    """January's values, targets and verdicts equal the ones computed by hand."""
    report = evaluate_kpis(contract(), TicketLog.from_records(RECORDS), as_of=AS_OF)
    january = {r.kpi_id: r for r in report if r.period.label == "2024-01"}
    # T1 2 h, T2 6 h (lunch closed), T3 1 h in business time; T4 still open; T5 cancelled.
    processing = january["processing"]
    assert (processing.tickets, processing.amount, processing.value) == (
        3,
        Decimal(32_400),
        Decimal(3),
    )
    assert processing.status is KPIStatus.MET
    assert processing.pending == 1
    assert processing.final
    assert (january["score"].value, january["score"].tickets) == (Decimal(4), 2)
    assert january["score"].met
    assert january["satisfied"].value == 50
    assert january["satisfied"].status is KPIStatus.MISSED
    assert (january["incidents"].value, january["incidents"].tickets) == (Decimal(2), 3)
    assert not january["incidents"].met
    assert january["errors"].value == Decimal(200) / 3
    # P1: T1 within 4 h, T2 6 h, T4 open 4.5 business hours at as_of: 1 of 3 on time.
    assert (january["critical"].amount, january["critical"].tickets) == (Decimal(1), 3)
    assert january["critical"].value == Decimal(100) / 3
    # By due date: T1 on time, T2 late, T4 has no due date.
    assert january["critical-due"].value == 50
    assert january["backlog"].status is KPIStatus.NOT_MEASURED
    february = report.result("processing", "2024-02")
    assert february.status is KPIStatus.NOT_MEASURED
    assert not february.final
    assert report.result("incidents", "2024-02").value == 0
    assert "3.00 hours" in processing.explanation


def test_every_row_is_accounted_for_per_kpi() -> None:
    """Per KPI, evaluated + excluded + invalid = rows in; cancelled tickets are excluded."""
    report = evaluate_kpis(contract(), TicketLog.from_records(RECORDS), as_of=AS_OF)
    accounts = {a.kpi_id: a for a in report.accounts}
    assert all(a.balanced and a.rows_in == 6 and a.invalid == 1 for a in accounts.values())
    assert dict(accounts["processing"].excluded) == {"cancelled": 1, "open at as_of": 1}
    assert dict(accounts["critical"].excluded) == {"cancelled": 1, "out of scope": 1}
    assert dict(accounts["backlog"].excluded) == {"not measured from a ticket log": 5}
    assert [r.reason for r in report.invalid_rows] == ["naive timestamp (no UTC offset)"]


def test_cadences_give_their_periods() -> None:
    """A weekly KPI is reported per ISO week, a daily one per day, an annual one per year."""
    kpis = [
        KPI("w", "Weekly", KPIMetric.INCIDENT_COUNT, "count", LOWER, 1, Cadence.WEEKLY),
        KPI("d", "Daily", KPIMetric.INCIDENT_COUNT, "count", LOWER, 1, Cadence.DAILY),
        KPI("y", "Annual", KPIMetric.INCIDENT_COUNT, "count", LOWER, 1, Cadence.ANNUAL),
    ]
    report = evaluate_kpis(contract(kpis), TicketLog.from_records(RECORDS), as_of=AS_OF)
    assert report.result("w", "2024-W01").value == 2  # T2 and T3 flagged
    assert report.result("d", "2024-01-04").value == 1
    assert [r.period.label for r in report.for_kpi("y")] == ["2024"]
    assert len(report.for_kpi("d")) == 32


def test_bad_kpis_are_refused_naming_the_field() -> None:
    """A time KPI in a non-time unit, or one naming an unknown SLA or calendar, is refused."""
    furlongs = KPI("t", "Time", KPIMetric.AVERAGE_PROCESSING_TIME, "furlongs", LOWER, 1)
    with pytest.raises(OutsourcingError, match=r"^KPI 't'.unit: must be a time unit.*'furlongs'"):
        evaluate_kpis(contract([furlongs]), TicketLog.from_records(RECORDS), as_of=AS_OF)
    with pytest.raises(UnknownReferenceError, match=r"Contract.kpis\[0\].sla"):
        contract([KPI("c", "C", KPIMetric.CRITICAL_ON_TIME, "%", HIGHER, 90, sla="nope")])
    with pytest.raises(UnknownReferenceError, match=r"Contract.kpis\[0\].calendar"):
        contract([KPI("c", "C", KPIMetric.ERROR_RATE, "%", LOWER, 9, calendar="nope")])
    with pytest.raises(OutsourcingError, match="as_of"):
        evaluate_kpis(contract(), [], as_of=dt.datetime(2024, 2, 1))  # noqa: DTZ001 - naive on purpose


BASE = int(dt.datetime(2024, 1, 1, tzinfo=dt.UTC).timestamp())


@st.composite
def logs(draw: st.DrawFn) -> TicketLog:
    """Random ticket logs over the first quarter of 2024, with every KPI input."""
    size = draw(st.integers(0, 25))
    opened = draw(st.lists(st.integers(0, 85 * 86_400), min_size=size, max_size=size))
    took = draw(st.lists(st.none() | st.integers(0, 5 * 86_400), min_size=size, max_size=size))

    def column(values: list[Any]) -> list[Any]:
        return draw(st.lists(st.sampled_from(values), min_size=size, max_size=size))

    return TicketLog.from_arrays(
        {
            "ticket": np.arange(size),
            "opened": np.array([BASE + o for o in opened], dtype=np.int64),
            "resolved": np.array(
                [MISSING if t is None else BASE + o + t for o, t in zip(opened, took, strict=True)],
                dtype=np.int64,
            ),
            "due": np.array([BASE + o + 86_400 for o in opened], dtype=np.int64),
            "priority": np.array(column(["P1", "P2"])),
            "error": np.array(column([None, "yes", "no"]), dtype=object),
            "satisfied": np.array(column([None, "yes", "no"]), dtype=object),
            "satisfaction_score": np.array(column([None, 1, 2.5, 4, 5]), dtype=object),
            "exclusion": np.array(column([None, None, "cancelled"]), dtype=object),
        }
    )


AS_OF_PROPERTY = dt.datetime(2024, 3, 20, tzinfo=dt.UTC)


@given(logs(), st.data())
def test_chunks_add_up_to_the_whole(log: TicketLog, data: st.DataObject) -> None:
    """Evaluating chunks of a log gives exactly the report of the whole log."""
    cut = data.draw(st.integers(0, len(log)))
    order = np.array(data.draw(st.permutations(range(len(log)))), dtype=np.int64)
    chunks = [log.take(order[:cut], log.invalid), log.take(order[cut:])]
    terms = contract()
    assert evaluate_kpis(terms, chunks, as_of=AS_OF_PROPERTY) == evaluate_kpis(
        terms, log, as_of=AS_OF_PROPERTY
    )


@given(logs())
def test_scores_and_counts_agree_with_a_slow_reference(log: TicketLog) -> None:
    """Mean scores and incident counts per month equal a ticket-by-ticket computation."""
    report = evaluate_kpis(contract(), log, as_of=AS_OF_PROPERTY)
    scores: dict[str, list[int]] = {}
    flagged: dict[str, int] = {}
    assert log.satisfaction_score is not None
    for i in range(len(log)):
        opened = dt.datetime.fromtimestamp(int(log.opened[i]), dt.UTC)
        if log.exclusion[i] >= 0 or opened > AS_OF_PROPERTY:
            continue
        month = opened.astimezone(_paris()).strftime("%Y-%m")
        if log.satisfaction_score[i] != MISSING:
            scores.setdefault(month, []).append(int(log.satisfaction_score[i]))
        flagged[month] = flagged.get(month, 0) + int(log.error[i] == 1)
    for result in report.for_kpi("score"):
        values = scores.get(result.period.label, [])
        expected = Decimal(sum(values)) / 1000 / len(values) if values else None
        assert result.value == expected
    for result in report.for_kpi("incidents"):
        assert result.value == flagged.get(result.period.label, 0)


def _paris() -> dt.tzinfo:
    import zoneinfo  # noqa: PLC0415 - only the reference needs it

    return zoneinfo.ZoneInfo("Europe/Paris")


def test_unknown_kpi_or_period_is_an_unknown_result() -> None:
    """`KPIReport.result` names what it holds when asked for a KPI or a period it lacks."""
    report = evaluate_kpis(contract(KPIS[3:4]), TicketLog.from_records(RECORDS), as_of=AS_OF)
    with pytest.raises(
        UnknownResultError, match=r"no KPI 'nope' in the report \(KPIs: incidents\)"
    ):
        report.result("nope", "2024-02")
    with pytest.raises(UnknownResultError, match=r"KPI 'incidents' has no period '2023-12'"):
        report.result("incidents", "2023-12")
