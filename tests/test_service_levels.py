import datetime as dt
import itertools
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import (
    SLA,
    BusinessCalendar,
    ChronicRule,
    Contract,
    CreditTier,
    ExclusionReason,
    FixedFee,
    Money,
    PeriodStatus,
    ServiceCreditRegime,
    ServiceMeasurements,
    SLAMetric,
    Term,
    TerminationRule,
    TicketLog,
    TicketScope,
    assess_slas,
    evaluate_slas,
    measure_slas,
)
from outsourcing.exceptions import CalendarRangeError, InvalidValueError

UTC = dt.UTC
HOUR = 3600
AS_OF = dt.datetime(2025, 1, 15, tzinfo=UTC)


def scope(*priorities: str) -> TicketScope:
    """A scope of priorities."""
    return TicketScope(priorities=frozenset(priorities))


def resolution_sla(**changes: Any) -> SLA:
    """A 90 % / 4 h resolution SLA with two credit tiers, changed as asked."""
    fields: dict[str, Any] = {
        "id": "resolution",
        "name": "Resolution within 4 h",
        "metric": SLAMetric.RESOLUTION,
        "objective": 90,
        "target": dt.timedelta(hours=4),
        "credit_tiers": [CreditTier(90, 5), CreditTier(80, 10)],
    }
    fields.update(changes)
    return SLA(**fields)


def contract(*slas: SLA, **changes: Any) -> Contract:
    """A contract from 2024-01-01 with a 10 000 EUR monthly fee and a 12 % monthly cap."""
    fields: dict[str, Any] = {
        "id": "c1",
        "title": "Service desk",
        "client": "Client",
        "provider_id": "provider",
        "currency": "EUR",
        "timezone": "UTC",
        "term": Term(start="2024-01-01"),
        "pricing": [FixedFee(name="run", monthly_fee=Money("10000", "EUR"))],
        "slas": slas or (resolution_sla(),),
        "service_credits": ServiceCreditRegime(monthly_cap=12),
    }
    fields.update(changes)
    return Contract(**fields)


def monthly_log(attainment: Sequence[int], *, per_month: int = 10, **extra: Any) -> TicketLog:
    """``per_month`` P1 tickets a month from January 2024; attainment[i] of them (of 10) on time."""
    rows: list[dict[str, Any]] = []
    for month, good in enumerate(attainment, start=1):
        year, number = 2024 + (month - 1) // 12, (month - 1) % 12 + 1
        for i in range(per_month):
            opened = dt.datetime(year, number, 3, 9, tzinfo=UTC)
            hours = 1 if i < good * per_month // 10 else 6
            rows.append(
                {
                    "ticket": f"{year}-{number}-{i}",
                    "opened": opened.isoformat(),
                    "resolved": (opened + dt.timedelta(hours=hours)).isoformat(),
                    "priority": "P1",
                    **extra,
                }
            )
    return TicketLog.from_records(rows)


def statuses(report: Any, sla_id: str = "resolution") -> list[str]:
    """Statuses of an SLA's final periods."""
    return [str(r.status) for r in report.for_sla(sla_id) if r.final]


# --- metrics ---------------------------------------------------------------------------


def test_share_within_target_per_period() -> None:
    """Attainment is the share of tickets resolved within the target, per calendar month."""
    report = evaluate_slas(
        contract(), monthly_log([10, 8, 9]), as_of=dt.datetime(2024, 4, 1, tzinfo=UTC)
    )
    results = report.for_sla("resolution")
    assert [r.measured for r in results] == [100, 80, 90, None]
    assert [str(r.status) for r in results] == ["met", "breached", "met", "not_assessed"]
    assert results[1].margin == Decimal(-10)
    assert (results[1].good, results[1].total) == (8, 10)


def test_open_ticket_past_target_is_breached_and_within_target_is_pending() -> None:
    """At as_of, an open ticket past its target counts as breached; one within it is pending."""
    rows = [
        {"ticket": "late", "opened": "2024-01-10T08:00:00Z", "priority": "P1"},
        {"ticket": "fresh", "opened": "2024-01-10T11:00:00Z", "priority": "P1"},
        {"ticket": "done", "opened": "2024-01-10T08:00:00Z", "resolved": "2024-01-10T09:00:00Z",
         "priority": "P1"},
    ]  # fmt: skip
    as_of = dt.datetime(2024, 1, 10, 13, tzinfo=UTC)
    report = evaluate_slas(contract(), TicketLog.from_records(rows), as_of=as_of)
    january = report.result("resolution", "2024-01")
    assert (january.good, january.total, january.pending) == (1, 2, 1)
    assert not january.final


def test_resolution_after_as_of_is_ignored() -> None:
    """Events after as_of have not happened yet: the ticket is open at as_of."""
    rows = [{"ticket": "t", "opened": "2024-01-10T08:00:00Z", "resolved": "2024-01-10T10:00:00Z",
             "priority": "P1"}]  # fmt: skip
    as_of = dt.datetime(2024, 1, 10, 9, tzinfo=UTC)
    january = evaluate_slas(contract(), TicketLog.from_records(rows), as_of=as_of).result(
        "resolution", "2024-01"
    )
    assert (january.total, january.pending) == (0, 1)


def test_first_response_scope_and_percentiles() -> None:
    """First response is measured per priority in scope; mean and nearest-rank percentiles."""
    sla = resolution_sla(
        id="first",
        metric=SLAMetric.FIRST_RESPONSE,
        target=dt.timedelta(minutes=30),
        scope=scope("P1"),
        credit_tiers=[],
    )
    rows = [
        {"ticket": f"t{i}", "opened": "2024-01-10T08:00:00Z",
         "first_response": f"2024-01-10T08:{minutes:02d}:00Z", "priority": priority}
        for i, (minutes, priority) in enumerate([(10, "P1"), (20, "P1"), (40, "P1"), (5, "P2")])
    ]  # fmt: skip
    report = evaluate_slas(contract(sla), TicketLog.from_records(rows), as_of=AS_OF)
    january = report.result("first", "2024-01")
    assert (january.good, january.total, january.excluded) == (2, 3, 1)
    assert january.mean_seconds == Decimal(70 * 60) / 3
    assert dict(january.percentiles) == {50: 20 * 60, 90: 40 * 60}


def test_business_hours_clock() -> None:
    """With a calendar, only working hours count: Friday 17:00 to Monday 10:00 is 2 h."""
    paris = BusinessCalendar(
        id="paris",
        timezone="Europe/Paris",
        week={d: ["09:00-12:30", "13:30-18:00"] for d in ["mon", "tue", "wed", "thu", "fri"]},
        holiday_country="FR",
        first_year=2023,
        last_year=2026,
    )
    sla = resolution_sla(calendar="paris", target=dt.timedelta(hours=2))
    rows = [{"ticket": "t", "opened": "2024-01-12T17:00:00+01:00",
             "resolved": "2024-01-15T10:00:00+01:00", "priority": "P1"}]  # fmt: skip
    report = evaluate_slas(
        contract(sla, calendars=[paris], timezone="Europe/Paris"),
        TicketLog.from_records(rows),
        as_of=AS_OF,
    )
    january = report.result("resolution", "2024-01")
    assert january.mean_seconds == 2 * HOUR
    assert january.good == 1


def test_exclusions_accepted_by_the_sla_only() -> None:
    """A ticket marked force majeure is excluded only from SLAs that accept that reason."""
    accepting = resolution_sla(id="a", exclusions={ExclusionReason.FORCE_MAJEURE})
    strict = resolution_sla(id="b")
    rows = [{"ticket": "t", "opened": "2024-01-10T08:00:00Z", "resolved": "2024-01-11T08:00:00Z",
             "priority": "P1", "exclusion": "force_majeure"}]  # fmt: skip
    report = evaluate_slas(contract(accepting, strict), TicketLog.from_records(rows), as_of=AS_OF)
    assert report.result("a", "2024-01").total == 0
    assert report.result("b", "2024-01").total == 1
    assert dict(report.accounts[0].excluded) == {"force_majeure": 1}


def test_minimum_volume() -> None:
    """Periods with fewer events than the minimum volume are reported, not judged."""
    report = evaluate_slas(
        contract(resolution_sla(minimum_volume=20)), monthly_log([0]), as_of=AS_OF
    )
    january = report.result("resolution", "2024-01")
    assert january.status is PeriodStatus.NOT_ASSESSED
    assert january.credit.value == 0
    assert not report.credits


def test_incident_count_and_accuracy_and_satisfaction() -> None:
    """Counted metrics compare with a maximum; accuracy and satisfaction are shares."""
    incidents = SLA(id="inc", name="Incidents", metric=SLAMetric.INCIDENT_COUNT, objective=100,
                    maximum=5)  # fmt: skip
    accuracy = SLA(id="acc", name="Accuracy", metric=SLAMetric.ACCURACY, objective=95)
    csat = SLA(id="csat", name="Satisfaction", metric=SLAMetric.SATISFACTION, objective=80)
    rows = [
        {"ticket": f"t{i}", "opened": "2024-01-10T08:00:00Z", "priority": "P1",
         "error": i < 1, "satisfied": None if i > 7 else i < 6}
        for i in range(10)
    ]  # fmt: skip
    report = evaluate_slas(contract(incidents, accuracy, csat), TicketLog.from_records(rows),
                           as_of=AS_OF)  # fmt: skip
    assert report.result("inc", "2024-01").status is PeriodStatus.BREACHED
    assert report.result("inc", "2024-01").margin == -5
    assert report.result("acc", "2024-01").measured == 90
    assert report.result("csat", "2024-01").measured == 75
    assert dict(report.accounts[2].excluded)["no measurement"] == 2


def test_on_time_delivery_by_due_date() -> None:
    """Deliverables are dated by their due instant; late or overdue ones are not on time."""
    sla = SLA(id="otd", name="On time", metric=SLAMetric.ON_TIME_DELIVERY, objective=100)
    rows = [
        {"ticket": "a", "opened": "2024-01-01T00:00:00Z", "due": "2024-02-10T00:00:00Z",
         "resolved": "2024-02-09T00:00:00Z", "priority": "P1"},
        {"ticket": "b", "opened": "2024-01-01T00:00:00Z", "due": "2024-02-10T00:00:00Z",
         "resolved": "2024-02-11T00:00:00Z", "priority": "P1"},
        {"ticket": "c", "opened": "2024-01-01T00:00:00Z", "due": "2024-02-12T00:00:00Z",
         "priority": "P1"},
    ]  # fmt: skip
    report = evaluate_slas(contract(sla), TicketLog.from_records(rows), as_of=AS_OF)
    february = report.result("otd", "2024-02")
    assert (february.good, february.total) == (1, 3)
    assert report.result("otd", "2024-01").total == 0


def test_periods_in_contract_time_zone() -> None:
    """A ticket opened 31 January 23:30 in Paris (22:30 UTC) is a January ticket there."""
    rows = [{"ticket": "t", "opened": "2024-01-31T23:30:00+01:00",
             "resolved": "2024-02-01T00:30:00+01:00", "priority": "P1"}]  # fmt: skip
    log = TicketLog.from_records(rows)
    paris = evaluate_slas(contract(timezone="Europe/Paris"), log, as_of=AS_OF)
    assert paris.result("resolution", "2024-01").total == 1
    tokyo = evaluate_slas(contract(timezone="Asia/Tokyo"), log, as_of=AS_OF)
    assert tokyo.result("resolution", "2024-02").total == 1


def test_naive_as_of_is_refused() -> None:
    """as_of must be aware: a naive datetime is a programmer error."""
    with pytest.raises(InvalidValueError, match="as_of"):
        evaluate_slas(contract(), monthly_log([10]), as_of=dt.datetime(2024, 5, 1))  # noqa: DTZ001


# --- credits ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("good", "percent", "amount"),
    [(10, 0, None), (9, 0, None), (8, 5, "500"), (7, 10, "1000")],
)
def test_credit_tiers(good: int, percent: int, amount: str | None) -> None:
    """The deepest tier reached gives the credit % of the monthly charge (below 90: 5, 80: 10)."""
    report = evaluate_slas(contract(), monthly_log([good]), as_of=AS_OF)
    assert report.result("resolution", "2024-01").credit.value == percent
    payable = [m.payable for m in report.monthly_credits]
    assert payable == ([] if amount is None else [Money(amount, "EUR")])


def test_monthly_cap() -> None:
    """Credits of a month across SLAs are limited to the monthly cap % of the charge."""
    slas = [resolution_sla(id=f"s{i}", credit_tiers=[CreditTier(90, 10)]) for i in range(3)]
    report = evaluate_slas(contract(*slas), monthly_log([5]), as_of=AS_OF)
    (january,) = report.monthly_credits
    assert january.owed == Money("3000", "EUR")
    assert january.payable == Money("1200", "EUR")
    assert "monthly cap" in january.explanation


def test_rolling_cap() -> None:
    """Over any 12 months, credits are limited by the rolling cap % of those months' charges."""
    regime = ServiceCreditRegime(monthly_cap=12, rolling_cap=2)
    report = evaluate_slas(
        contract(service_credits=regime), monthly_log([5, 5, 5, 10]), as_of=AS_OF
    )
    payable = [m.payable.amount for m in report.monthly_credits]
    # 2 % of 10 000 per month available cumulatively: 200, then 400 - 200, then 600 - 400.
    assert payable == [200, 200, 200]


def test_at_risk_pool() -> None:
    """With an at-risk amount, credit = charge × at risk × pool allocation × tier credit."""
    regime = ServiceCreditRegime(monthly_cap=100, at_risk=10)
    sla = resolution_sla(pool_allocation=40, credit_tiers=[CreditTier(90, 50)])
    report = evaluate_slas(contract(sla, service_credits=regime), monthly_log([5]), as_of=AS_OF)
    (line,) = report.credits
    assert line.base == Money("400", "EUR")
    assert line.amount == Money("200", "EUR")
    untiered = resolution_sla(pool_allocation=40, credit_tiers=[])
    report = evaluate_slas(
        contract(untiered, service_credits=regime), monthly_log([5]), as_of=AS_OF
    )
    assert report.credits[0].amount == Money("400", "EUR")


@pytest.mark.parametrize(
    ("attainment", "earned_back"),
    [([5, 10, 10], True), ([5, 10, 5], False), ([5, 10], False)],
)
def test_earn_back(attainment: list[int], earned_back: bool) -> None:
    """A credit is waived when the SLA is met in each of the next N final periods."""
    regime = ServiceCreditRegime(monthly_cap=100, earn_back_periods=2)
    as_of = dt.datetime(2024, len(attainment) + 1, 1, tzinfo=UTC)
    report = evaluate_slas(contract(service_credits=regime), monthly_log(attainment), as_of=as_of)
    assert report.credits[0].earned_back is earned_back
    assert (report.monthly_credits[0].payable.amount == 0) is earned_back


def test_no_charge_no_fixed_fee_is_zero_base() -> None:
    """Without fixed fees or given charges, credits apply to a zero charge; charges= sets it."""
    report = evaluate_slas(
        contract(pricing=[]), monthly_log([5]), as_of=AS_OF, charges=Money("2000", "EUR")
    )
    assert report.credits[0].amount == Money("200", "EUR")
    with pytest.raises(InvalidValueError, match="charges"):
        evaluate_slas(contract(), monthly_log([5]), as_of=AS_OF, charges=Money("1", "USD"))


# --- termination rights ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("attainment", "rules", "kinds"),
    [
        ([5, 5, 5], ["3 consecutive breaches"], [(TerminationRule.CONSECUTIVE, 3, None)]),
        ([5, 5, 10, 5], [], []),
        ([5, 10, 5, 10, 5, 10, 5], ["4 breaches in 12 periods"],
         [(TerminationRule.WITHIN_WINDOW, 4, 12)]),
        ([5, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 5, 5, 10, 5], [], []),
    ],
)  # fmt: skip
def test_chronic_rule(
    attainment: list[int], rules: list[str], kinds: list[tuple[TerminationRule, int, int | None]]
) -> None:
    """3 breaches in a row or 4 within 12 periods open a right, naming the rule and its code."""
    as_of = dt.datetime(2025, 6, 1, tzinfo=UTC)
    report = evaluate_slas(
        contract(resolution_sla(chronic=ChronicRule(consecutive=3, breaches=4))),
        monthly_log(attainment),
        as_of=as_of,
    )
    assert [right.rule for right in report.termination_rights] == rules
    assert [(r.kind, r.breaches, r.window) for r in report.termination_rights] == kinds


def test_chronic_rule_ignores_unassessed_and_open_periods() -> None:
    """A not-assessed period breaks a run; the current (unfinished) period does not count."""
    sla = resolution_sla(chronic=ChronicRule(consecutive=2, breaches=None), minimum_volume=10)
    log = TicketLog.from_records(
        [*_rows(monthly_log([5, 5, 5]), drop=("2024-02", 5)), *_rows(monthly_log([10]), "x")]
    )
    report = evaluate_slas(contract(sla), log, as_of=dt.datetime(2024, 4, 1, tzinfo=UTC))
    assert statuses(report) == ["breached", "not_assessed", "breached"]
    assert not report.termination_rights
    unfinished = evaluate_slas(
        contract(resolution_sla(chronic=ChronicRule(consecutive=2, breaches=None))),
        monthly_log([10, 5, 5]),
        as_of=dt.datetime(2024, 3, 20, tzinfo=UTC),
    )
    assert unfinished.result("resolution", "2024-03").breached
    assert not unfinished.termination_rights


def _rows(
    log: TicketLog, suffix: str = "", drop: tuple[str, int] | None = None
) -> list[dict[str, Any]]:
    """The log back as records, dropping the first ``n`` tickets of a month."""
    out = []
    dropped = 0
    for i in range(len(log)):
        opened = dt.datetime.fromtimestamp(int(log.opened[i]), UTC).isoformat()
        if drop is not None and opened.startswith(drop[0]) and dropped < drop[1]:
            dropped += 1
            continue
        resolved = dt.datetime.fromtimestamp(int(log.resolved[i]), UTC).isoformat()
        out.append({"ticket": f"{log.ticket[i]}{suffix}", "opened": opened,
                    "resolved": resolved, "priority": "P1"})  # fmt: skip
    return out


def test_critical_threshold_opens_termination_right() -> None:
    """A final period below the critical threshold opens a termination right at once."""
    sla = resolution_sla(critical_threshold=60)
    report = evaluate_slas(contract(sla), monthly_log([10, 5]), as_of=AS_OF)
    assert report.result("resolution", "2024-02").critical
    (right,) = report.termination_rights
    assert (right.rule, right.period.label) == ("critical failure", "2024-02")
    assert (right.kind, right.breaches, right.window) == (TerminationRule.CRITICAL, 1, None)


# --- invariants ------------------------------------------------------------------------

PRIORITIES = ["P1", "P2", "P3"]


@st.composite
def raw_tickets(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Ticket records over 2024, some open, some invalid in each way."""
    count = draw(st.integers(0, 40))
    rows = []
    base = int(dt.datetime(2024, 1, 1, tzinfo=UTC).timestamp())
    for i in range(count):
        opened = base + draw(st.integers(-5 * 86_400, 400 * 86_400))
        kind = draw(st.sampled_from(["ok", "ok", "ok", "open", "naive", "garbage", "before",
                                     "priority", "duplicate"]))  # fmt: skip
        resolved = opened + draw(st.integers(0, 10 * HOUR))
        row: dict[str, Any] = {
            "ticket": f"t{i}" if kind != "duplicate" or i == 0 else "t0",
            "opened": dt.datetime.fromtimestamp(opened, UTC).isoformat(),
            "resolved": dt.datetime.fromtimestamp(resolved, UTC).isoformat(),
            "first_response": dt.datetime.fromtimestamp(opened + 60, UTC).isoformat(),
            "priority": draw(st.sampled_from(PRIORITIES)),
            "exclusion": draw(st.sampled_from([None, None, "force_majeure"])),
        }
        if kind == "open":
            row["resolved"] = None
        elif kind == "naive":
            row["opened"] = row["opened"][:19]
        elif kind == "garbage":
            row["resolved"] = "soon"
        elif kind == "before":
            row["resolved"] = dt.datetime.fromtimestamp(opened - 60, UTC).isoformat()
        elif kind == "priority":
            row["priority"] = "P9"
        rows.append(row)
    return rows


def evaluation_contract() -> Contract:
    """Two SLAs with chronic rule, exclusions, scope, caps and earn-back."""
    return contract(
        resolution_sla(
            chronic=ChronicRule(consecutive=3, breaches=4),
            exclusions={ExclusionReason.FORCE_MAJEURE},
        ),
        resolution_sla(
            id="first",
            metric=SLAMetric.FIRST_RESPONSE,
            target=dt.timedelta(minutes=30),
            scope=scope("P1", "P2"),
            objective=95,
            credit_tiers=[CreditTier(95, 20)],
        ),
        service_credits=ServiceCreditRegime(monthly_cap=15, rolling_cap=5, earn_back_periods=1),
    )


@given(raw_tickets())
def test_every_row_is_accounted_for(rows: list[dict[str, Any]]) -> None:
    """For every SLA, evaluated + excluded + invalid = rows in."""
    log = TicketLog.from_records(rows, priorities=PRIORITIES)
    assert len(log) + len(log.invalid) == log.rows_in == len(rows)
    report = evaluate_slas(evaluation_contract(), log, as_of=AS_OF)
    for account in report.accounts:
        assert account.balanced
        assert account.rows_in == len(rows)
    period_total = sum(r.total + r.excluded for r in report.for_sla("resolution"))
    outside = dict(report.accounts[0].excluded).get("outside the reporting periods", 0)
    assert period_total + outside + len(log.invalid) == len(rows)


@given(raw_tickets(), st.lists(st.integers(0, 40), max_size=4), st.randoms(use_true_random=False))
def test_partition_invariance(rows: list[dict[str, Any]], cuts: list[int], random: Any) -> None:
    """Chunks measured separately and merged give exactly the report of the whole log."""
    log = TicketLog.from_records(rows, priorities=PRIORITIES)
    order = np.arange(len(log))
    random.shuffle(order)
    bounds = sorted({0, len(log), *(min(c, len(log)) for c in cuts)})
    invalid = list(log.invalid)
    chunks = []
    for index, (low, high) in enumerate(itertools.pairwise(bounds)):
        share = invalid[index :: max(1, len(bounds) - 1)]
        chunks.append(log.take(np.sort(order[low:high]), share))
    if not chunks:
        chunks = [log]
    target = evaluation_contract()
    whole = evaluate_slas(target, log, as_of=AS_OF)
    parts = [measure_slas(target, chunk, as_of=AS_OF) for chunk in reversed(chunks)]
    merged = assess_slas(target, ServiceMeasurements.combine(parts))
    assert merged == whole
    assert evaluate_slas(target, chunks, as_of=AS_OF) == whole


@given(st.lists(st.integers(0, 10), min_size=1, max_size=14))
def test_credits_never_exceed_caps(attainment: list[int]) -> None:
    """Payable credits respect the monthly cap and the rolling 12-month cap."""
    regime = ServiceCreditRegime(monthly_cap=8, rolling_cap=3)
    report = evaluate_slas(
        contract(service_credits=regime),
        monthly_log(attainment),
        as_of=dt.datetime(2025, 6, 1, tzinfo=UTC),
    )
    paid = {m.month: m.payable.amount for m in report.monthly_credits}
    for month in report.monthly_credits:
        assert month.payable.amount <= Decimal(800)
        assert month.payable <= month.owed
    months = sorted(paid)
    for end in range(len(months)):
        window = [m for m in months[: end + 1] if m > _minus_year(months[end])]
        assert sum(paid[m] for m in window) <= Decimal(3600)


def _minus_year(month: str) -> str:
    year, number = month.split("-")
    return f"{int(year) - 1}-{number}"


def test_report_is_data() -> None:
    """The report is a frozen value: equal inputs give equal reports, and it has a table view."""
    first = evaluate_slas(contract(), monthly_log([5, 10]), as_of=AS_OF)
    second = evaluate_slas(contract(), monthly_log([5, 10]), as_of=AS_OF)
    assert first == second
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        first.contract_id = "x"  # type: ignore[misc]
    frame = first.to_pandas()
    assert list(frame["status"][:2]) == ["breached", "met"]


def test_calendar_range_only_matters_inside_the_periods() -> None:
    """A ticket outside the calendar's years but also outside the periods is just outside."""
    office = BusinessCalendar(id="office", timezone="UTC", week={"mon": ["09:00-17:00"]},
                              first_year=2024, last_year=2024)  # fmt: skip
    sla = resolution_sla(calendar="office")
    rows = [
        {"ticket": "old", "opened": "2019-01-07T09:00:00Z", "priority": "P1"},
        {"ticket": "ok", "opened": "2024-01-08T09:00:00Z", "resolved": "2024-01-08T10:00:00Z",
         "priority": "P1"},
    ]  # fmt: skip
    terms = contract(sla, calendars=[office])
    report = evaluate_slas(
        terms, TicketLog.from_records(rows), as_of=dt.datetime(2024, 2, 1, tzinfo=UTC)
    )
    assert report.result("resolution", "2024-01").good == 1
    assert dict(report.accounts[0].excluded) == {"outside the reporting periods": 1}
    still_open = [{"ticket": "open", "opened": "2024-01-08T09:00:00Z", "priority": "P1"}]
    with pytest.raises(CalendarRangeError):  # its clock would run past the calendar's years
        evaluate_slas(
            terms, TicketLog.from_records(still_open), as_of=dt.datetime(2025, 2, 1, tzinfo=UTC)
        )


def test_day_and_year_periods_are_charged_their_share() -> None:
    """A day is charged its share of its month, a year the sum of its twelve months."""
    from outsourcing.model.sla import MeasurementPeriod  # noqa: PLC0415
    from outsourcing.sla.credits import period_charge  # noqa: PLC0415 - one helper under test
    from outsourcing.sla.periods import period_containing  # noqa: PLC0415

    def monthly(month: str) -> Money:
        return Money(3100 if month == "2024-01" else 2900, "EUR")

    day = period_containing(MeasurementPeriod.DAY, dt.date(2024, 1, 15))
    year = period_containing(MeasurementPeriod.YEAR, dt.date(2024, 1, 15))
    assert period_charge(day, monthly) == Money(100, "EUR")
    assert period_charge(year, monthly) == Money(3100 + 11 * 2900, "EUR")
