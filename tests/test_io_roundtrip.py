"""Round trips: structure(unstructure(x)) == x, and load(dump(x)) == x in JSON, TOML and YAML."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outsourcing import (
    SLA,
    BusinessCalendar,
    ChronicRule,
    DocumentError,
    ExclusionReason,
    Money,
    Percentage,
    Portfolio,
    Pricing,
    SLAMetric,
    Span,
    dump,
    dumps,
    load,
    loads,
    structure,
    unstructure,
)
from outsourcing.io import FORMATS
from outsourcing.model.time_zones import zone_of
from outsourcing.testing import strategies as ost

#: Every model type with a strategy; each unstructures to an object (a TOML table).
TABLE_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "Money": ost.money(),
    "BusinessCalendar": ost.business_calendars(),
    "InHouseCost": ost.in_house_costs(),
    "Process": ost.processes(),
    "SubProcessor": ost.sub_processors(),
    "Provider": ost.providers(),
    "RateCardLine": ost.rate_card_lines(),
    "Milestone": ost.milestones(),
    "TicketScope": ost.ticket_scopes(),
    "Clock": ost.clocks(),
    "ChronicRule": ost.chronic_rules(),
    "SLA": ost.slas(),
    "KPI": ost.kpis(),
    "Clause": ost.clauses(),
    "ExitAsset": ost.exit_assets(),
    "ReversibilityPlan": ost.reversibility_plans(),
    "Term": ost.terms(),
    "Indexation": ost.indexations(),
    "PriceRevision": ost.price_revisions(),
    "PaymentTerms": ost.payment_terms(),
    "OneOffCost": ost.one_off_costs(),
    "RecurringCost": ost.recurring_costs(),
    "ServiceCreditRegime": ost.service_credit_regimes(),
    "LateDeliveryPenalty": ost.late_delivery_penalties(),
    "DataProtection": ost.data_protections(),
    "Governance": ost.governances(),
    "ScopeItem": ost.scope_items(),
    "Deliverable": ost.deliverables(),
    "Pricing": ost.pricing(),
    "Contract": ost.contracts(),
    "Client": ost.clients(),
    "Portfolio": ost.portfolios(),
}

#: Model values written as a single string.
VALUE_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "Percentage": ost.percentages(),
    "PercentChange": ost.percent_changes(min_value=-99, max_value=10**9, places=4),
    "Span": ost.spans(),
    "WorkingInterval": ost.working_intervals(),
}

ALL_STRATEGIES = {**TABLE_STRATEGIES, **VALUE_STRATEGIES}


#: Types whose examples are slow to generate (many nested objects, calendars with holidays).
LARGE = ("Contract", "Portfolio")


def _check_structure_inverts_unstructure(obj: object, name: str) -> None:
    document = unstructure(obj)
    assert structure(document, type(obj)) == obj
    if name == "Pricing":
        # Inside a contract a line is tagged by its kind and read back through the union.
        tagged = unstructure(obj, Pricing)
        assert tagged["kind"] == type(obj).KIND  # type: ignore[attr-defined]
        assert structure(tagged, Pricing) == obj
    # Plain data only: JSON can carry it without help.
    json.dumps(document)


@pytest.mark.parametrize("name", sorted(set(ALL_STRATEGIES) - set(LARGE)))
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_structure_inverts_unstructure(name: str, data: st.DataObject) -> None:
    """Structuring the plain data of any generated object gives the object back."""
    _check_structure_inverts_unstructure(data.draw(ALL_STRATEGIES[name]), name)


@pytest.mark.parametrize("name", LARGE)
@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_structure_inverts_unstructure_large(name: str, data: st.DataObject) -> None:
    """Structuring the plain data of a generated contract or portfolio gives it back."""
    _check_structure_inverts_unstructure(data.draw(ALL_STRATEGIES[name]), name)


@pytest.mark.parametrize("name", sorted(TABLE_STRATEGIES))
@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_text_round_trip(name: str, data: st.DataObject) -> None:
    """loads(dumps(x)) == x in every format, TOML included (a null is a key left out)."""
    obj = data.draw(TABLE_STRATEGIES[name])
    for fmt in FORMATS:
        assert loads(dumps(obj, fmt), type(obj), fmt) == obj, fmt


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@pytest.mark.parametrize("name", sorted(VALUE_STRATEGIES))
@given(data=st.data())
def test_value_text_round_trip(name: str, fmt: Any, data: st.DataObject) -> None:
    """Values written as strings also round-trip through JSON and YAML text."""
    obj = data.draw(VALUE_STRATEGIES[name])
    assert loads(dumps(obj, fmt), type(obj), fmt) == obj


@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio=ost.portfolios(max_items=2))
def test_file_round_trip(portfolio: Portfolio, tmp_path_factory: pytest.TempPathFactory) -> None:
    """load(dump(x)) == x for files in each format, the suffix choosing the format."""
    folder = tmp_path_factory.mktemp("portfolios")
    for suffix in (".json", ".toml", ".yaml", ".yml"):
        path = folder / f"portfolio{suffix}"
        dump(portfolio, path)
        assert load(path, Portfolio) == portfolio


@given(money=ost.money(), fmt=st.sampled_from(FORMATS))
def test_dumps_is_deterministic(money: Money, fmt: Any) -> None:
    """Writing the same object twice gives the same text."""
    assert dumps(money, fmt) == dumps(Money(money.amount, money.currency), fmt)


def test_documented_forms() -> None:
    """Decimals, percentages, durations, spans and sets are written in their documented forms."""
    sla = SLA(
        id="p1",
        name="P1 resolution",
        metric=SLAMetric.RESOLUTION,
        objective=Percentage("99.5"),
        target=dt.timedelta(hours=4),
        exclusions=frozenset({ExclusionReason.FORCE_MAJEURE, ExclusionReason.CUSTOMER_CAUSED}),
    )
    document = unstructure(sla)
    assert document["objective"] == "99.5"
    assert document["target"] == "PT4H"
    assert document["exclusions"] == ["customer_caused", "force_majeure"]
    assert unstructure(Money("1E+2", "EUR")) == {"amount": "100", "currency": "EUR"}
    assert unstructure(Span(months=3)) == "P3M"


def test_calendar_week_form_and_derived_fields() -> None:
    """The week maps weekdays to intervals, empty days left out; derived fields are not written."""
    calendar = structure(
        {
            "id": "paris",
            "timezone": "Europe/Paris",
            "week": {"mon": ["13:30-18:00", "09:00-12:30"], "fri": ["09:00-17:00"]},
            "holiday_country": "FR",
            "first_year": 2024,
            "last_year": 2024,
        },
        BusinessCalendar,
    )
    document = unstructure(calendar)
    assert document["week"] == {"mon": ["09:00-12:30", "13:30-18:00"], "fri": ["09:00-17:00"]}
    assert "closed_days" not in document
    assert "holidays_version" not in document
    assert pendulum.Date(2024, 7, 14) in calendar.closed_days
    with pytest.raises(DocumentError, match=r"\$\.closed_days: unknown key"):
        structure({**document, "closed_days": []}, BusinessCalendar)


@pytest.mark.parametrize(
    "rule",
    [
        ChronicRule(breaches=4),
        ChronicRule(consecutive=3),
        ChronicRule(consecutive=3, breaches=4, window=6),
    ],
)
def test_chronic_rules_round_trip_in_toml(rule: ChronicRule, tmp_path: Path) -> None:
    """A ChronicRule without one of its triggers is written in TOML by leaving the key out."""
    text = dumps(rule, "toml")
    assert ("consecutive" in text) == (rule.consecutive is not None)
    assert loads(text, ChronicRule, "toml") == rule
    path = tmp_path / "rule.toml"
    dump(rule, path)
    assert load(path, ChronicRule) == rule


@attrs.frozen
class _Reminder:
    """A made-up model class with a null where the default is a number."""

    days: int | None = 3


def test_toml_refuses_a_null_it_cannot_write() -> None:
    """A None where the field's default is not None cannot be said in TOML and is refused.

    No model class has such a field any more (ChronicRule's counts default to None); the guard
    stays for classes that would.
    """
    with pytest.raises(DocumentError, match=r"\$\.days: TOML has no null"):
        dumps(_Reminder(None), "toml")
    assert dumps(_Reminder(5), "toml").strip() == "days = 5"


def test_numbers_in_text_are_read_exactly() -> None:
    """Decimal literals in JSON, TOML and YAML are read exactly, never through a float."""
    expected = Money("0.1", "EUR") + Money("0.2", "EUR")
    assert loads('{"amount": 0.30, "currency": "EUR"}', Money, "json") == expected
    assert loads('amount = 0.30\ncurrency = "EUR"\n', Money, "toml") == expected
    assert loads("amount: 0.30\ncurrency: EUR\n", Money, "yaml") == expected
    assert loads("amount: 1_000.5\ncurrency: EUR\n", Money, "yaml").amount == 1000.5


def test_contracts_without_a_time_zone_take_the_clients() -> None:
    """A portfolio document's contract without a time zone is measured in the client's zone."""
    portfolio = load(Path(__file__).parent.parent / "examples" / "portfolio.toml", Portfolio)
    assert {c.timezone for c in portfolio.contracts} == {"Europe/Paris"}
    document = unstructure(portfolio)
    del document["client"]["timezone"]
    for contract in document["contracts"]:
        del contract["timezone"]
    document["contracts"][0]["timezone"] = "Africa/Casablanca"
    again = structure(document, Portfolio)
    assert [c.timezone for c in again.contracts] == [
        "Africa/Casablanca",
        "Europe/Paris",
        "Europe/Paris",
    ]


def test_client_zone_needs_a_single_zone_country() -> None:
    """The client's country gives the zone only when it has one (France yes, the US no)."""
    assert zone_of(None, "FR") == "Europe/Paris"
    assert zone_of(None, "US") is None
    assert zone_of("America/New_York", "US") == "America/New_York"
