import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pendulum
import pytest

from case_ids import case_id
from outsourcing import (
    SLA,
    BusinessCalendar,
    Clause,
    ClauseTopic,
    Contract,
    CostCategory,
    DataProtection,
    Deliverable,
    ExitAsset,
    FixedFee,
    Governance,
    Indexation,
    LateDeliveryPenalty,
    Money,
    OneOffCost,
    OutsourcingError,
    PaymentTerms,
    Percentage,
    PercentChange,
    RecurringCost,
    Renewal,
    ReversibilityPlan,
    ScopeItem,
    ServiceCreditRegime,
    SLAMetric,
    Span,
    Term,
    UnknownReferenceError,
)

Rejects = Callable[[Callable[[], object], str, object], OutsourcingError]

PARIS = BusinessCalendar(
    id="paris", timezone="Europe/Paris", week={"mon": ["09:00-18:00"]}, holiday_country="FR"
)


def contract(**changes: object) -> Contract:
    """A small valid contract, with ``changes`` applied."""
    fields: dict[str, object] = {
        "id": "c1",
        "title": "Payroll services",
        "client": "Maison Verdier SAS",
        "provider_id": "atlas",
        "currency": "EUR",
        "term": Term(start="2025-01-01", end="2027-12-31"),
        "pricing": [FixedFee("run", Money(1000, "EUR"))],
        "calendars": [PARIS],
    } | changes
    return Contract(**fields)  # type: ignore[arg-type]


def sla(sla_id: str, calendar: str | None = None) -> SLA:
    """A 24-hour resolution SLA, optionally in business time of ``calendar``."""
    return SLA(
        id=sla_id,
        name=sla_id,
        metric=SLAMetric.RESOLUTION,
        objective=90,
        target=dt.timedelta(hours=24),
        calendar=calendar,
    )


@pytest.mark.parametrize(
    ("build", "field", "value"),
    [
        (lambda: Term(start="2025-06-01", end="2025-05-31"), "Term.end", "2025-05-31"),
        (lambda: Term(start="01/06/2025"), "Term.start", "01/06/2025"),
        (
            lambda: Term(start=dt.datetime(2025, 6, 1, tzinfo=dt.UTC)),
            "Term.start",
            dt.datetime(2025, 6, 1, tzinfo=dt.UTC),
        ),
        (lambda: Term(start="2025-06-01", end=3), "Term.end", 3),  # type: ignore[arg-type]
        (lambda: Indexation("", 2), "Indexation.index", ""),
        (lambda: Indexation("Syntec", -100), "Indexation.expected_rate", Decimal(-100)),
        (lambda: Indexation("Syntec", "2.12345"), "Indexation.expected_rate", Decimal("2.12345")),
        (lambda: Indexation("Syntec", 2, cap=3, floor=4), "Indexation.floor", "+4 %"),
        (lambda: Indexation("Syntec", 2, cap=-2, floor=-1), "Indexation.floor", "-1 %"),
        (lambda: Indexation("Syntec", 2, floor=-100), "Indexation.floor", Decimal(-100)),
        (lambda: Indexation("Syntec", 2, floor="-2 percent"), "Indexation.floor", "-2 percent"),
        (lambda: Indexation("Syntec", 2, cap="1E+10"), "Indexation.cap", Decimal("1E+10")),
        (lambda: PaymentTerms(days=-30), "PaymentTerms.days", -30),
        (
            lambda: OneOffCost(CostCategory.EXIT, Money(-1, "EUR")),
            "OneOffCost.amount",
            Money(-1, "EUR"),
        ),
        (
            lambda: OneOffCost(CostCategory.EXIT, Money(1, "EUR"), due="soon"),
            "OneOffCost.due",
            "soon",
        ),
        (
            lambda: RecurringCost(CostCategory.GOVERNANCE, Money(-1, "EUR")),
            "RecurringCost.monthly",
            Money(-1, "EUR"),
        ),
        (
            lambda: ServiceCreditRegime(monthly_cap=110),
            "ServiceCreditRegime.monthly_cap",
            Decimal(110),
        ),
        (
            lambda: ServiceCreditRegime(monthly_cap=10, earn_back_periods=0),
            "ServiceCreditRegime.earn_back_periods",
            0,
        ),
        (lambda: LateDeliveryPenalty(rate="-1"), "LateDeliveryPenalty.rate", Decimal(-1)),
        (lambda: ScopeItem(""), "ScopeItem.name", ""),
        (lambda: Deliverable("Report", due="2025-13-01"), "Deliverable.due", "2025-13-01"),
        (
            lambda: DataProtection(data_locations=["FR", "EU"]),
            "DataProtection.data_locations",
            "EU",
        ),
        (
            lambda: DataProtection(breach_notification_hours=0),
            "DataProtection.breach_notification_hours",
            0,
        ),
        (lambda: Governance(internal_referent=""), "Governance.internal_referent", ""),
        (lambda: Governance(urgent_channel=" "), "Governance.urgent_channel", " "),
        (
            lambda: ReversibilityPlan(Span(months=3), Span(months=1), exit_cost=Money(-5, "EUR")),
            "ReversibilityPlan.exit_cost",
            Money(-5, "EUR"),
        ),
        (
            lambda: ReversibilityPlan(Span(months=3), Span(months=1), owner=""),
            "ReversibilityPlan.owner",
            "",
        ),
        (
            lambda: ReversibilityPlan(Span(months=3), Span(months=1), last_tested="last year"),
            "ReversibilityPlan.last_tested",
            "last year",
        ),
        (lambda: contract(id=""), "Contract.id", ""),
        (lambda: contract(currency="EURO"), "Contract.currency", "EURO"),
        (
            lambda: contract(pricing=[FixedFee("run", Money(1000, "MAD"))]),
            "Contract.pricing[0].currency",
            "MAD",
        ),
        (lambda: contract(slas=[sla("a", "lyon")]), "Contract.slas[0].calendar", "lyon"),
        (lambda: contract(slas=[sla("a"), sla("a")]), "Contract.slas", "a"),
        (lambda: contract(calendars=[PARIS, PARIS]), "Contract.calendars", "paris"),
        (
            lambda: contract(process_ids=["payroll", "payroll"]),
            "Contract.process_ids",
            ("payroll", "payroll"),
        ),
        (lambda: contract(signed="yesterday"), "Contract.signed", "yesterday"),
        (lambda: contract().calendar("lyon"), "calendar", "lyon"),
    ],
    ids=case_id,
)
def test_invalid_contract_parts_name_the_field_and_value(
    rejects: Rejects, build: Callable[[], object], field: str, value: object
) -> None:
    """End before start, bad rates, foreign currencies and dangling references raise naming both."""
    rejects(build, field, value)


def test_unknown_calendar_lists_the_known_ones() -> None:
    """An SLA naming a missing calendar raises `UnknownReferenceError` listing the known ids."""
    with pytest.raises(UnknownReferenceError, match=r"\(known: paris\)") as caught:
        contract(slas=[sla("a", "lyon")])
    assert caught.value.value == "lyon"


def test_term_dates_are_pendulum_dates() -> None:
    """ISO text and `datetime.date` become `pendulum.Date`; a one-day term is valid."""
    term = Term(start=dt.date(2025, 1, 1), end="2025-01-01", renewal=Renewal.TACIT)
    assert isinstance(term.start, pendulum.Date)
    assert term.end == pendulum.Date(2025, 1, 1)
    assert term.notice_period == Span(months=3)
    assert Term(start=pendulum.Date(2025, 1, 1)).end is None


def test_indexation_cap_and_floor() -> None:
    """A floor at or below the cap is accepted; either may be left out."""
    assert Indexation("Syntec", "2.5", cap=3, floor=3).cap == Indexation("Syntec", 2, cap=3).cap
    assert Indexation("Syntec", 2, floor=0).cap is None


def test_indexation_floor_may_let_prices_fall_by_a_bounded_amount() -> None:
    """« La baisse ne pourra excéder 2 % »: a floor of -2 %; old inputs still convert."""
    clause = Indexation("Syntec", "-3", cap=3, floor="-2")
    assert clause.floor == PercentChange(-2)
    assert clause.floor.fraction == Decimal("-0.02")
    assert clause.expected_rate == PercentChange(-3)
    assert str(clause.floor) == "-2 %"
    assert str(clause.cap) == "+3 %"
    assert str(Indexation("Syntec", 2, floor=0).floor) == "0 %"
    assert Indexation("Syntec", 2, floor=Percentage(1)).floor == PercentChange(1)
    assert Indexation("Syntec", 2, floor="\u22122 %").floor == PercentChange(-2)
    assert Indexation("Syntec", 2, cap=-1, floor=-1).cap == PercentChange(-1)


def test_contract_lookups_and_topics() -> None:
    """`calendar` finds calendars by id (None means 24×7); `topics` lists clause topics."""
    built = contract(
        slas=[sla("p1", "paris"), sla("p2")],
        clauses=[
            Clause(ClauseTopic.AUDIT_RIGHTS, "art. 14"),
            Clause(ClauseTopic.EXIT_STRATEGY),
            Clause(ClauseTopic.AUDIT_RIGHTS, "annex 2"),
        ],
    )
    assert built.calendar("paris") is PARIS
    assert built.calendar(None) is None
    assert built.topics == {ClauseTopic.AUDIT_RIGHTS, ClauseTopic.EXIT_STRATEGY}


def test_collections_are_frozen() -> None:
    """Lists given to a contract are stored as tuples and sets as frozensets."""
    built = contract(
        scope=[ScopeItem("Payroll", ["payslips"], ["disputes"])],
        data_protection=DataProtection(personal_data=True, data_locations=["FR", "MA"]),
        reversibility=ReversibilityPlan(
            Span(months=6),
            Span(months=3),
            assets=[ExitAsset(kind="data_export", formats=["csv", "csv"])],  # type: ignore[arg-type]
            alternative_providers=["Tunis"],
        ),
    )
    assert isinstance(built.scope, tuple)
    assert built.scope[0].tasks_excluded == ("disputes",)
    assert built.data_protection.data_locations == frozenset({"FR", "MA"})
    assert built.reversibility is not None
    assert built.reversibility.assets[0].formats == frozenset({"csv"})
    assert built.reversibility.alternative_providers == ("Tunis",)
