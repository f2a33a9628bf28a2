"""The public strategies build valid objects and honour their keyword arguments."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from outsourcing import (
    BusinessCalendar,
    Contract,
    FixedFee,
    HourlyRate,
    Milestones,
    MinimumCommitment,
    Money,
    Percentage,
    PerUnit,
    Portfolio,
    Process,
    RateCard,
    Span,
)
from outsourcing.model.metric import metric_definition
from outsourcing.testing import strategies as ost

ROOT = Path(__file__).resolve().parents[1]
#: Searching for an example, without shrinking it (shrinking big objects is slow).
SEARCH = settings(phases=[Phase.generate], max_examples=500, database=None)


def _all_money(obj: object) -> list[Money]:
    """Every Money inside an object, at any depth (an independent walk over attrs fields)."""
    if isinstance(obj, Money):
        return [obj]
    if isinstance(obj, tuple | frozenset | list):
        return [m for item in obj for m in _all_money(item)]
    if attrs.has(cls := type(obj)):
        return [m for f in attrs.fields(cls) for m in _all_money(getattr(obj, f.name))]
    return []


@given(st.sampled_from(ost.CURRENCIES), st.data())
def test_money_honours_currency_and_range(currency: str, data: st.DataObject) -> None:
    """money() draws in the given currency, within the given bounds."""
    amount = data.draw(ost.money(currency=currency, min_amount=10, max_amount=20))
    assert amount.currency == currency
    assert 10 <= amount.amount <= 20


@given(ost.percentages(min_value=50, max_value=60))
def test_percentages_stay_in_range(value: Percentage) -> None:
    """percentages() keeps to its bounds."""
    assert 50 <= value.value <= 60


@given(ost.spans(max_years=1, max_months=2, max_days=3))
def test_spans_stay_in_range(span: Span) -> None:
    """spans() keeps each unit to its bound."""
    assert span.years <= 1
    assert span.months <= 2
    assert span.days <= 3


@given(ost.dates(min_date=dt.date(2024, 2, 1), max_date=dt.date(2024, 2, 29)))
def test_dates_stay_in_range(day: dt.date) -> None:
    """dates() keeps to its bounds."""
    assert dt.date(2024, 2, 1) <= day <= dt.date(2024, 2, 29)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(ost.business_calendars(countries=(None, "FR"), min_year=2025, max_year=2027, max_years=2))
def test_calendars_honour_countries_and_years(calendar: BusinessCalendar) -> None:
    """Calendars keep to the given countries and at most max_years years within the range."""
    assert calendar.holiday_country in {None, "FR"}
    assert 2025 <= calendar.first_year <= calendar.last_year <= 2027
    assert calendar.last_year - calendar.first_year < 2
    for day in calendar.week:
        assert all(a.end <= b.start for a, b in itertools.pairwise(day))


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
@given(ost.contracts(currency="GBP", max_items=2))
def test_contracts_honour_currency_and_sizes(contract: Contract) -> None:
    """A contract drawn in GBP has every amount in GBP and no collection above max_items."""
    assert contract.currency == "GBP"
    assert all(m.currency == "GBP" for m in _all_money(contract))
    for collection in (contract.pricing, contract.slas, contract.kpis, contract.calendars):
        assert len(collection) <= 2
    calendar_ids = {c.id for c in contract.calendars}
    for sla in contract.slas:
        assert sla.calendar is None or sla.calendar in calendar_ids
        if metric_definition(sla.metric).timed:
            assert sla.target is not None


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
@given(ost.portfolios(currency="EUR", max_items=2, with_calendars=False))
def test_portfolios_are_consistent(portfolio: Portfolio) -> None:
    """Portfolios refer to their own providers and processes, in one currency, no calendars."""
    assert portfolio.client.currency == "EUR"
    assert all(m.currency == "EUR" for m in _all_money(portfolio))
    assert all(not c.calendars for c in portfolio.contracts)
    processes = {p.id for p in portfolio.processes}
    for contract in portfolio.contracts:
        assert set(contract.process_ids) <= processes


@given(ost.processes())
def test_special_category_data_implies_personal_data(process: Process) -> None:
    """Processes never claim special-category data without personal data."""
    assert process.personal_data or not process.special_category_data


@pytest.mark.parametrize(
    "variant", [HourlyRate, RateCard, PerUnit, FixedFee, Milestones, MinimumCommitment]
)
def test_pricing_reaches_every_variant(variant: type[Any]) -> None:
    """pricing() can draw each variant of the union."""
    found = find(
        ost.pricing(currency="EUR"), lambda line: isinstance(line, variant), settings=SEARCH
    )
    assert found.currency == "EUR"


def test_per_unit_tiers_reach_several_bounds() -> None:
    """Tier lists with several closed tiers are drawn, the last tier always open."""
    tiers = find(ost.price_tiers(max_items=3), lambda tiers: len(tiers) == 3, settings=SEARCH)
    assert tiers[-1].up_to is None
    assert tiers[0].up_to is not None


def test_strategies_need_only_the_test_extra() -> None:
    """Importing the strategies pulls in hypothesis but none of the dev-only packages."""
    code = (
        "import sys; import outsourcing.testing.strategies as s; "
        "assert s.portfolios() is not None; "
        "print(sorted(m for m in ('pytest', 'jsonschema', 'pandas') if m in sys.modules))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src")},
    )
    assert result.stdout.strip() == "[]"
