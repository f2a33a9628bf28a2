"""Import from Zendesk, ServiceNow and OpenSLO; export to OpenSLO (fixtures in fixtures/interop)."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing import SLA, BusinessCalendar, Contract, Term
from outsourcing.exceptions import DocumentError, InvalidValueError, RollingWindowError
from outsourcing.io.formats import parse_yaml_documents, write_text
from outsourcing.io.interop import (
    ANNOTATION_PREFIX,
    EncodedQuery,
    NoteCode,
    glide_duration,
    openslo_documents,
    openslo_slas,
    parse_openslo_duration,
    servicenow_slas,
    zendesk_calendar,
    zendesk_slas,
)
from outsourcing.model.calendar import WorkingInterval
from outsourcing.model.metric import metric_definition
from outsourcing.model.sla import (
    ChronicRule,
    Clock,
    CreditTier,
    ExclusionReason,
    MeasurementPeriod,
    SLAMetric,
    TicketScope,
)
from outsourcing.testing import strategies

FIXTURES = Path(__file__).parent / "fixtures" / "interop"
HOUR = dt.timedelta(hours=1)


def _yaml(name: str) -> list[object]:
    return parse_yaml_documents((FIXTURES / name).read_text(encoding="utf-8"))


def _zendesk_fixture() -> object:
    return json.loads((FIXTURES / "go-zendesk_fixture_POST_sla_policies.json").read_text())


# --- Zendesk -------------------------------------------------------------------------------


def test_zendesk_fixture_gives_one_sla_per_metric_and_priority() -> None:
    """The go-zendesk fixture's six policy metrics become six SLAs with minute targets."""
    imported = zendesk_slas(_zendesk_fixture(), objective=90)
    assert [(s.id, s.target) for s in imported.slas] == [
        ("incidents-first_response-normal", dt.timedelta(minutes=30)),
        ("incidents-first_response-urgent", dt.timedelta(minutes=10)),
        ("incidents-requester_wait-low", dt.timedelta(minutes=180)),
        ("incidents-requester_wait-normal", dt.timedelta(minutes=160)),
        ("incidents-requester_wait-high", dt.timedelta(minutes=140)),
        ("incidents-requester_wait-urgent", dt.timedelta(minutes=120)),
    ]
    first = imported.slas[0]
    assert first.scope == TicketScope(priorities={"normal"})
    assert first.objective.value == 90
    assert first.calendar is None
    assert imported.slas[2].metric is SLAMetric.REQUESTER_WAIT
    assert all(s.clock is None for s in imported.slas)  # measured by zendesk_metric_log


def test_zendesk_condition_on_type_is_reported_not_dropped() -> None:
    """The fixture's ``type is incident`` condition is a note naming its place."""
    notes = zendesk_slas(_zendesk_fixture(), objective=90).notes
    assert [(n.code, n.where) for n in notes] == [
        (NoteCode.CONDITION_NOT_REPRESENTABLE, "$.sla_policy.filter.all[0]")
    ]
    assert "type is 'incident'" in notes[0].text


def test_zendesk_type_condition_becomes_categories_when_asked() -> None:
    """With ``category_field="type"`` the condition gives the scope's categories."""
    imported = zendesk_slas(_zendesk_fixture(), objective=90, category_field="type")
    assert imported.notes == ()
    assert imported.slas[0].scope.categories == {"incident"}


def _policy(**metric: object) -> dict[str, object]:
    item = {"priority": "urgent", "metric": "first_reply_time", "business_hours": False}
    return {"title": "P", "policy_metrics": [item | metric]}


def test_zendesk_target_in_seconds_wins_and_a_disagreement_is_noted() -> None:
    """``target_in_seconds`` is the target; a different ``target`` in minutes is noted."""
    alone = zendesk_slas(_policy(target_in_seconds=90), objective=95)
    assert alone.slas[0].target == dt.timedelta(seconds=90)
    both = zendesk_slas({"sla_policies": [_policy(target=2, target_in_seconds=90)]}, objective=95)
    assert both.slas[0].target == dt.timedelta(seconds=90)
    assert [n.code for n in both.notes] == [NoteCode.TARGET_DISAGREES]


def test_zendesk_priority_filter_narrows_and_excluded_targets_are_noted() -> None:
    """A ``priority less_than high`` filter leaves urgent targets unmade, with a note."""
    policy = {
        "title": "Low",
        "filter": {"all": [{"field": "priority", "operator": "less_than", "value": "high"}]},
        "policy_metrics": [
            {"priority": "low", "metric": "agent_work_time", "target": 60},
            {"priority": "urgent", "metric": "agent_work_time", "target": 60},
        ],
    }
    imported = zendesk_slas(policy, objective=80)
    assert [s.id for s in imported.slas] == ["low-agent_work-low"]
    assert [n.code for n in imported.notes] == [NoteCode.NEVER_APPLIES]


def test_zendesk_filter_values_as_string_number_or_array() -> None:
    """Condition values are read whether written ``"4"``, ``4`` or ``["1", "2"]``."""
    policy = {
        "title": "Mixed",
        "filter": {
            "all": [
                {"field": "priority", "operator": "includes", "value": ["high", "urgent"]},
                {"field": "via_id", "operator": "is", "value": 4},
            ],
            "any": [
                {"field": "custom_status_id", "operator": "includes", "value": ["1", "2"]},
                {"field": "via_id", "operator": "is", "value": "4"},
            ],
        },
        "policy_metrics": [
            {"priority": "normal", "metric": "first_reply_time", "target": 5},
            {"priority": "high", "metric": "first_reply_time", "target": 5},
        ],
    }
    imported = zendesk_slas(policy, objective=80)
    assert [s.id for s in imported.slas] == ["mixed-first_response-high"]
    shown = [n.text for n in imported.notes if n.code is NoteCode.CONDITION_NOT_REPRESENTABLE]
    assert len(shown) == 3
    assert "via_id is '4'" in shown[0]
    assert "custom_status_id includes ['1', '2']" in shown[1]
    assert "via_id is '4'" in shown[2]


def test_zendesk_update_and_total_resolution_metrics_have_their_rows() -> None:
    """Periodic, pausable update and total resolution times import as their own metrics."""
    policy = {
        "title": "Updates",
        "policy_metrics": [
            {"priority": "high", "metric": "periodic_update_time", "target": 60},
            {"priority": "high", "metric": "pausable_update_time", "target": 60},
            {"priority": "high", "metric": "total_resolution_time", "target": 600},
        ],
    }
    imported = zendesk_slas(policy, objective=80)
    assert [s.metric for s in imported.slas] == [
        SLAMetric.PERIODIC_UPDATE,
        SLAMetric.PAUSABLE_UPDATE,
        SLAMetric.TOTAL_RESOLUTION,
    ]
    assert imported.notes == ()


def test_zendesk_business_hours_need_a_calendar() -> None:
    """A target in business hours without a calendar is an error naming the field."""
    with pytest.raises(InvalidValueError, match=r"policy_metrics\[0\]\.business_hours"):
        zendesk_slas(_policy(target=5, business_hours=True), objective=90)
    named = zendesk_slas(_policy(target=5, business_hours=True), objective=90, calendar="paris")
    assert named.slas[0].calendar == "paris"
    assert named.calendars == ()


SCHEDULE = {
    "schedule": {
        "id": 42,
        "name": "Support",
        "time_zone": "Eastern Time (US & Canada)",
        "intervals": [
            {"start_time": 1980, "end_time": 2460},  # Monday 09:00-17:00
            {"start_time": 8400, "end_time": 8700},  # Friday 20:00 to Saturday 01:00
        ],
    }
}


def test_zendesk_schedule_becomes_a_calendar() -> None:
    """Minutes since Sunday become weekday hours, split at midnight, in the IANA zone."""
    calendar = zendesk_calendar(
        SCHEDULE,
        holidays={"holidays": [{"start_date": "2025-12-24", "end_date": "2025-12-26"}]},
    )
    assert calendar.id == "zendesk-42"
    assert calendar.timezone == "America/New_York"
    assert calendar.week[0] == (WorkingInterval(9 * 3600, 17 * 3600),)
    assert calendar.week[4] == (WorkingInterval(20 * 3600, 24 * 3600),)
    assert calendar.week[5] == (WorkingInterval(0, 3600),)
    assert calendar.extra_closures == {
        pendulum.Date(2025, 12, 24),
        pendulum.Date(2025, 12, 25),
        pendulum.Date(2025, 12, 26),
    }
    imported = zendesk_slas(_policy(target=5, business_hours=True), objective=90, calendar=calendar)
    assert imported.calendars == (calendar,)
    assert imported.slas[0].calendar == "zendesk-42"


def test_zendesk_unknown_time_zone_is_refused() -> None:
    """A time zone that is neither Rails nor IANA names the field."""
    bad = {"schedule": {"id": 1, "time_zone": "Atlantis", "intervals": []}}
    with pytest.raises(InvalidValueError, match=r"\$\.schedule\.time_zone"):
        zendesk_calendar(bad)


def test_zendesk_malformed_document_names_the_path() -> None:
    """A policy that is not an object is a document error with its JSON path."""
    with pytest.raises(DocumentError, match=r"\$\.sla_policies\[0\]"):
        zendesk_slas({"sla_policies": ["oops"]}, objective=90)


# --- ServiceNow ----------------------------------------------------------------------------


SERVICENOW = {
    "result": [
        {
            "sys_id": "a1",
            "name": "Priority 1 resolution (8 hour)",
            "target": "resolution",
            "duration": "1970-01-01 08:00:00",
            "schedule": {"value": "08fcd0830a0a0b2600079f56b1adb9ae", "display_value": "8-5"},
            "timezone_source": "sla.timezone",
            "timezone": "Europe/Paris",
            "start_condition": "active=true^priority=1^EQ",
            "pause_condition": "stateIN3",
            "stop_condition": "state=6^ORstate=7",
            "cancel_condition": "state=8^ORpriority!=1",
            "reset_condition": "priorityVALCHANGES",
            "retroactive": "true",
            "set_start_to": "sys_created_on",
            "when_to_cancel": "on_condition",
            "active": "true",
        },
        {
            "name": "VIP response",
            "target": "response",
            "duration": "1970-01-01 00:30:00",
            "timezone_source": "task.caller_id.time_zone",
            "start_condition": "caller_id.vip=true^state!=6^state!=7",
            "stop_condition": "stateIN6,7",
        },
        {"name": "Old", "duration": "1970-01-02 00:00:00", "active": "false"},
    ]
}


def test_servicenow_definition_gives_clock_scope_target_and_calendar() -> None:
    """Duration, schedule, time zone and state conditions map onto one SLA."""
    paris = BusinessCalendar(id="paris", timezone="Europe/Paris", week={"mon": ["08:00-17:00"]})
    imported = servicenow_slas(SERVICENOW, objective=95, schedules={"8-5": paris})
    sla = imported.slas[0]
    assert sla.id == "priority-1-resolution-8-hour"
    assert sla.metric is SLAMetric.RESOLUTION
    assert sla.target == 8 * HOUR
    assert sla.calendar == "paris"
    assert sla.scope == TicketScope(priorities={"critical"})
    assert sla.clock == Clock(  # active=true admits states 1, 2, 3 and 6; 3 pauses, 6 stops
        start_statuses={"new", "in_progress"},
        pause_statuses={"on_hold"},
        stop_statuses={"resolved", "closed"},
        cancel_statuses=set(),
    )
    assert imported.calendars == (paris,)
    assert imported.timezone == "Europe/Paris"


def test_servicenow_unmappable_terms_are_reported_by_name() -> None:
    """Each term that is not a state or priority set is a note naming its condition."""
    imported = servicenow_slas(SERVICENOW, objective=95, schedules={"8-5": "paris"})
    found = [(n.item, n.where.rsplit(".", 1)[1], n.code) for n in imported.notes]
    assert found == [
        (
            "Priority 1 resolution (8 hour)",
            "cancel_condition",
            NoteCode.CONDITION_NOT_REPRESENTABLE,
        ),
        (
            "Priority 1 resolution (8 hour)",
            "cancel_condition",
            NoteCode.CONDITION_NOT_REPRESENTABLE,
        ),
        ("Priority 1 resolution (8 hour)", "reset_condition", NoteCode.CONDITION_NOT_REPRESENTABLE),
        ("Priority 1 resolution (8 hour)", "retroactive", NoteCode.NOT_IMPORTED),
        ("VIP response", "timezone_source", NoteCode.CONDITION_NOT_REPRESENTABLE),
        ("VIP response", "start_condition", NoteCode.CONDITION_NOT_REPRESENTABLE),
        ("Old", "active", NoteCode.NOT_IMPORTED),
    ]
    assert "'caller_id.vip=true'" in imported.notes[5].text
    assert "sys_created_on" in imported.notes[3].text


def test_servicenow_negated_states_and_response_target() -> None:
    """``state!=6^state!=7`` admits the other states; a response target is first response."""
    sla = servicenow_slas(SERVICENOW, objective=95, schedules={"8-5": "paris"}).slas[1]
    assert sla.metric is SLAMetric.FIRST_RESPONSE
    assert sla.target == dt.timedelta(minutes=30)
    assert sla.clock is not None
    assert sla.clock.start_statuses == {"new", "in_progress", "on_hold", "canceled"}
    assert sla.clock.stop_statuses == {"resolved", "closed"}


def test_servicenow_unmapped_schedule_is_refused() -> None:
    """A definition on a schedule the caller did not map is an error naming the schedule."""
    with pytest.raises(InvalidValueError, match="8-5"):
        servicenow_slas(SERVICENOW, objective=95)


def test_servicenow_active_with_no_match_cancels_on_inactive_states() -> None:
    """``active=true`` with ``no_match``: closing or cancelling an unresolved ticket cancels."""
    record = {
        "name": "Y",
        "duration": "3600",
        "start_condition": "active=true",
        "pause_condition": "state=3",
        "stop_condition": "state=6",
        "when_to_cancel": "no_match",
    }
    clock = servicenow_slas([record], objective=90).slas[0].clock
    assert clock == Clock(
        start_statuses={"new", "in_progress"},
        pause_statuses={"on_hold"},
        stop_statuses={"resolved"},
        cancel_statuses={"closed", "canceled"},
    )


def test_servicenow_no_match_cancels_on_states_the_start_does_not_admit() -> None:
    """``when_to_cancel: no_match`` cancels on leaving the start condition's states."""
    record = {
        "name": "X",
        "duration": "3600",
        "start_condition": "stateIN1,2",
        "pause_condition": "state=3",
        "stop_condition": "state=6",
        "when_to_cancel": "no_match",
    }
    clock = servicenow_slas([record], objective=90).slas[0].clock
    assert clock is not None
    assert clock.cancel_statuses == {"closed", "canceled"}
    assert clock.start_statuses == {"new", "in_progress"}


def test_encoded_query_parsing() -> None:
    """Alternatives, clauses and ORed terms are read; ``^EQ`` is left out."""
    query = EncodedQuery.parse("state=1^ORstate=2^priority<=2^NQactive=true^EQ")
    assert [[[t.text for t in c] for c in alt] for alt in query.alternatives] == [
        [["state=1", "state=2"], ["priority<=2"]],
        [["active=true"]],
    ]
    assert query.terms[2].operator == "<="


def test_glide_durations() -> None:
    """Glide durations count from the epoch; whole seconds are read too."""
    assert glide_duration("1970-01-02 04:00:00") == dt.timedelta(days=1, hours=4)
    assert glide_duration("5400") == dt.timedelta(minutes=90)
    with pytest.raises(DocumentError):
        glide_duration("eight hours")


# --- OpenSLO -------------------------------------------------------------------------------


def test_every_saved_openslo_example_imports() -> None:
    """Each saved OpenSLO file imports (the rolling one when asked to read it as weeks)."""
    slos = openslo_slas(_yaml("openslo-go-sdk_v1_slos.yaml"))
    assert [(s.id, s.metric, s.objective.value, s.period) for s in slos.slas] == [
        ("web-availability", SLAMetric.AVAILABILITY, Decimal("99.5"), MeasurementPeriod.WEEK)
    ]
    assert slos.timezone == "America/New_York"
    assert slos.start == pendulum.Date(2022, 1, 1)
    rolling = openslo_slas(
        _yaml("openslo_budgeting-method_occurences-slo.yaml"), rolling_as=MeasurementPeriod.WEEK
    )
    assert [(s.id, s.metric, s.objective.value) for s in rolling.slas] == [
        ("search-slo", SLAMetric.ACCURACY, Decimal(99))
    ]
    for other in ("openslo-go-sdk_v1_slis.yaml", "openslo-go-sdk_v1_alert_policies.yaml"):
        imported = openslo_slas(_yaml(other))
        assert imported.slas == ()
        assert {n.code for n in imported.notes} == {NoteCode.NOT_IMPORTED}


def test_rolling_window_is_refused_with_a_named_error() -> None:
    """The spec's rolling 2w example is refused unless a calendar period is named."""
    with pytest.raises(RollingWindowError) as caught:
        openslo_slas(_yaml("openslo_budgeting-method_occurences-slo.yaml"))
    assert caught.value.window == "2w"


def test_unquoted_start_time_reads_like_the_quoted_one() -> None:
    """YAML's datetime for an unquoted startTime gives the same result as the quoted text."""
    text = (FIXTURES / "openslo-go-sdk_v1_slos.yaml").read_text(encoding="utf-8")
    unquoted = parse_yaml_documents(text)
    assert isinstance(unquoted[0][0]["spec"]["timeWindow"][0]["calendar"]["startTime"], dt.datetime)  # type: ignore[index]
    quoted = parse_yaml_documents(
        text.replace("startTime: 2022-01-01 12:00:00", "startTime: '2022-01-01 12:00:00'")
    )
    assert openslo_slas(unquoted) == openslo_slas(quoted)


def test_start_time_off_midnight_is_noted() -> None:
    """A startTime at noon on a Saturday is read as that day, and the reading is noted."""
    notes = openslo_slas(_yaml("openslo-go-sdk_v1_slos.yaml")).notes
    assert notes[0].code is NoteCode.READ_AS
    assert "2022-01-01 12:00:00" in notes[0].text


def _slo(duration: str, **spec: object) -> dict[str, object]:
    return {
        "apiVersion": "openslo/v1",
        "kind": "SLO",
        "metadata": {"name": "x"},
        "spec": {
            "service": "s",
            "indicatorRef": "i",
            "timeWindow": [
                {"duration": duration, "isRolling": False, "calendar": {"timeZone": "UTC"}}
            ],
            "budgetingMethod": "Occurrences",
            "objectives": [{"targetPercent": 99.9}],
            **spec,
        },
    }


def test_one_small_m_calendar_window_is_a_month_with_a_warning() -> None:
    """``1m`` is minutes: as a calendar window it is read as a month, and a note warns."""
    imported = openslo_slas(_slo("1m"))
    assert imported.slas[0].period is MeasurementPeriod.MONTH
    assert [n.code for n in imported.notes if n.code is NoteCode.READ_AS] == [NoteCode.READ_AS]
    assert openslo_slas(_slo("1M")).slas[0].period is MeasurementPeriod.MONTH
    with pytest.raises(InvalidValueError, match="shorter than a day"):
        openslo_slas(_slo("30m"))
    with pytest.raises(InvalidValueError, match="no contract period"):
        openslo_slas(_slo("5w"))


def test_empty_alert_policies_are_fine_and_full_ones_noted() -> None:
    """``alertPolicies:`` left empty imports silently; listed policies are noted."""
    assert not [n for n in openslo_slas(_slo("1M", alertPolicies=None)).notes if "alert" in n.where]
    full = openslo_slas(_slo("1M", alertPolicies=["page"])).notes
    assert [n.where for n in full if "alert" in n.where] == ["$.spec.alertPolicies"]


def test_target_percent_and_target_are_the_objective() -> None:
    """``targetPercent: 99.9`` and ``target: 0.999`` give the same objective."""
    percent = openslo_slas(_slo("1M")).slas[0].objective
    fraction = openslo_slas(_slo("1M", objectives=[{"target": Decimal("0.999")}])).slas[0]
    assert percent.value == fraction.objective.value == Decimal("99.9")


def test_durations_shorthand() -> None:
    """Durations are a positive count and one unit; anything else is refused."""
    assert parse_openslo_duration("28d") == (28, "d")
    assert parse_openslo_duration("1M") == (1, "M")
    for bad in ("0d", "1s", "d", "1 M"):
        with pytest.raises(DocumentError):
            parse_openslo_duration(bad)


def test_other_api_versions_are_refused() -> None:
    """Only openslo/v1 is read."""
    with pytest.raises(DocumentError, match="apiVersion"):
        openslo_slas(_slo("1M") | {"apiVersion": "openslo/v2alpha"})


def _every_kind() -> Contract:
    paris = BusinessCalendar(
        id="paris", timezone="Europe/Paris", week={"mon": ["09:00-12:30", "13:30-18:00"]}
    )
    clock = Clock(start_statuses={"new"}, stop_statuses={"solved"}, pause_statuses={"pending"})
    timed = {
        metric: SLA(
            id=f"{metric}_sla",
            name=f"{metric} within 4 h",
            metric=metric,
            objective=Decimal("95.25"),
            target=4 * HOUR,
            scope=TicketScope(priorities={"P1"}, categories={"payroll"}),
            clock=clock,
            calendar="paris",
            period=MeasurementPeriod.QUARTER,
            credit_tiers=(CreditTier(95, 5), CreditTier(90, 10)),
            chronic=ChronicRule(consecutive=3, breaches=4),
            exclusions={ExclusionReason.CUSTOMER_CAUSED},
        )
        for metric in SLAMetric
        if metric_definition(metric).timed
    }
    others = [
        SLA(id=str(metric), name=str(metric), metric=metric, objective=Decimal("99.95"))
        for metric in SLAMetric
        if f"{metric}_sla" not in {s.id for s in timed.values()}
    ]
    others.append(
        SLA(
            id="incidents",
            name="Incidents",
            metric=SLAMetric.INCIDENT_COUNT,
            objective=0,
            maximum=2,
            minimum_volume=10,
            pool_allocation=20,
            critical_threshold=80,
        )
    )
    return Contract(
        id="payroll-2025",
        title="Payroll",
        client="ACME",
        provider_id="prov",
        currency="EUR",
        term=Term(pendulum.Date(2025, 1, 1)),
        calendars=(paris,),
        slas=(*timed.values(), *others),
        timezone="Europe/Paris",
    )


def test_export_then_import_gives_an_equal_contract_for_every_sla_kind() -> None:
    """Every metric the library has survives OpenSLO and YAML, calendar included."""
    contract = _every_kind()
    assert {s.metric for s in contract.slas} == set(SLAMetric)
    text = write_text(openslo_documents(contract), "yaml")
    imported = openslo_slas(parse_yaml_documents(text))
    again = imported.contract(
        id="payroll-2025", title="Payroll", client="ACME", provider_id="prov", currency="EUR"
    )
    assert again == contract


def test_export_writes_openslo_fields_and_our_annotations() -> None:
    """The export is OpenSLO v1: calendar window, budgeting method, target; ours annotated."""
    contract = _every_kind()
    documents = {d["metadata"]["name"]: d for d in openslo_documents(contract)}
    availability = documents["availability"]["spec"]
    assert availability["budgetingMethod"] == "Timeslices"
    assert availability["timeWindow"] == [
        {
            "duration": "1M",
            "isRolling": False,
            "calendar": {"startTime": "2025-01-01 00:00:00", "timeZone": "Europe/Paris"},
        }
    ]
    assert availability["objectives"][0]["target"] == 0.9995
    resolution = documents["resolution-sla"]
    annotations = resolution["metadata"]["annotations"]
    assert annotations[ANNOTATION_PREFIX + "id"] == "resolution_sla"
    assert annotations[ANNOTATION_PREFIX + "target"] == "PT4H"
    assert json.loads(annotations[ANNOTATION_PREFIX + "scope"]) == {
        "priorities": ["P1"],
        "categories": ["payroll"],
    }
    assert resolution["spec"]["timeWindow"][0]["duration"] == "1Q"
    assert not any(key.startswith("openslo.com/") for key in annotations)
    incidents = documents["incidents"]  # objective 0 %: OpenSLO's target is strictly above 0
    assert incidents["spec"]["objectives"][0]["target"] == 0.000001
    assert incidents["metadata"]["annotations"][ANNOTATION_PREFIX + "objective"] == "0"


@settings(max_examples=25)
@given(strategies.contracts(max_items=3, zones=st.sampled_from(strategies.TIMEZONES)))
def test_export_import_round_trip_on_any_contract(contract: Contract) -> None:
    """For any contract, the SLAs and the calendars they use come back equal."""
    text = write_text(openslo_documents(contract), "yaml")
    imported = openslo_slas(parse_yaml_documents(text))
    assert imported.slas == contract.slas
    used = {s.calendar for s in contract.slas}
    assert {c.id: c for c in imported.calendars} == {
        c.id: c for c in contract.calendars if c.id in used
    }
    if contract.slas:
        assert imported.timezone == contract.timezone
        assert imported.start == contract.term.start


def test_merging_imports_refuses_clashing_ids() -> None:
    """Two imports with one SLA id, or one calendar id for two calendars, do not merge."""
    first = zendesk_slas(_policy(target=5), objective=90)
    with pytest.raises(InvalidValueError, match="the same SLA id twice"):
        first.merge(first)
    a = zendesk_calendar(SCHEDULE)
    b = zendesk_calendar(SCHEDULE, timezone="Europe/Paris")
    one = zendesk_slas(_policy(target=5, business_hours=True), objective=90, calendar=a)
    two = zendesk_slas(
        {**_policy(target=5, business_hours=True), "title": "Q"}, objective=90, calendar=b
    )
    with pytest.raises(InvalidValueError, match="two different calendars"):
        one.merge(two)
    assert len(one.merge(zendesk_slas({**_policy(target=5), "title": "Q"}, objective=90)).slas) == 2
