"""Hypothesis strategies that build valid instances of every model type.

Use them in your own property tests (``pip install 'outsourcing[test]'``)::

    from hypothesis import given
    from outsourcing.testing import strategies as ost

    @given(ost.contracts(currency="EUR"))
    def test_my_report_never_fails(contract):
        my_report(contract)

Every strategy builds objects that pass the model's validators (hypothesis' ``from_type``
would ignore range and cross-field validators, so each field gets an explicit strategy). Keyword
arguments narrow what is drawn: a fixed ``currency`` (or a strategy of currencies), ``max_items``
for the length of collections, ranges for numbers and dates. Calendars compute public holidays
when built, so `calendars` keeps to a few countries and at most two years by default.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import string
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar

import pendulum
from hypothesis import strategies as st

from outsourcing.model import (
    KPI,
    SLA,
    AssetKind,
    BusinessCalendar,
    BusinessFunction,
    Cadence,
    Certification,
    ChronicRule,
    Clause,
    ClauseTopic,
    Client,
    Clock,
    Complexity,
    Confidentiality,
    Contract,
    CostCategory,
    Coverage,
    CreditTier,
    DataProtection,
    Deliverable,
    Direction,
    ExclusionReason,
    ExitAsset,
    ExitTrigger,
    FixedFee,
    FractionalDelay,
    Frequency,
    Governance,
    Horizon,
    HourlyRate,
    Indexation,
    IndexWeight,
    InHouseCost,
    KPIMetric,
    LateDeliveryPenalty,
    LifePhase,
    MeasurementPeriod,
    Milestone,
    Milestones,
    MinimumCommitment,
    Money,
    Office,
    OneOffCost,
    OutsourcingKind,
    PaymentTerms,
    Percentage,
    PercentChange,
    PerUnit,
    Portfolio,
    PriceRevision,
    PriceTier,
    Pricing,
    Process,
    Provider,
    RateCard,
    RateCardLine,
    RecurringCost,
    Renewal,
    ReversibilityPlan,
    RevisionDate,
    ScopeItem,
    ServiceCreditRegime,
    Shoring,
    SLAMetric,
    Span,
    StrategicImportance,
    SubProcessor,
    Term,
    TicketScope,
    Tiering,
    TransferMechanism,
    TrueUp,
    WeakSignal,
    WorkingInterval,
)
from outsourcing.model.metric import metric_definition

__all__ = [
    "CURRENCIES",
    "HOLIDAY_COUNTRIES",
    "TIMEZONES",
    "business_calendars",
    "calendars",
    "chronic_rules",
    "clauses",
    "clients",
    "clocks",
    "contracts",
    "currencies",
    "data_protections",
    "dates",
    "decimals",
    "deliverables",
    "durations",
    "exit_assets",
    "governances",
    "identifiers",
    "in_house_costs",
    "indexations",
    "kpis",
    "late_delivery_penalties",
    "milestones",
    "money",
    "one_off_costs",
    "payment_terms",
    "percent_changes",
    "percentages",
    "portfolios",
    "price_revisions",
    "price_tiers",
    "pricing",
    "processes",
    "providers",
    "rate_card_lines",
    "recurring_costs",
    "reversibility_plans",
    "scope_items",
    "service_credit_regimes",
    "slas",
    "spans",
    "sub_processors",
    "terms",
    "texts",
    "ticket_scopes",
    "working_intervals",
]

T = TypeVar("T")

#: Currencies drawn by default: two-decimal, zero-decimal (JPY) and three-decimal (KWD) ones.
CURRENCIES: tuple[str, ...] = ("EUR", "USD", "GBP", "CHF", "MAD", "INR", "JPY", "KWD")
#: Countries drawn for calendars' public holidays (None: no holidays).
HOLIDAY_COUNTRIES: tuple[str | None, ...] = (None, "FR", "US", "GB", "DE", "MA")
#: Time zones drawn for calendars and providers.
TIMEZONES: tuple[str, ...] = (
    "UTC",
    "Europe/Paris",
    "Europe/London",
    "Africa/Casablanca",
    "America/New_York",
    "Asia/Kolkata",
)
_COUNTRIES = ("FR", "DE", "GB", "US", "MA", "TN", "IN", "PH", "PL", "RO", "MG")
_LANGUAGES = ("fr", "en", "de", "es", "ar", "pl", "ro", "mg", "hi")
_STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed", "cancelled", "waiting")
_TEXT_ALPHABET = string.ascii_letters + string.digits + " -_.,'/&()éèàçüößñ"

CurrencyChoice = str | st.SearchStrategy[str] | None
P = ParamSpec("P")


def _cached(build: Callable[P, T]) -> Callable[P, T]:
    """Return the same strategy for the same arguments.

    Hypothesis validates a strategy the first time it draws from it; composite strategies that
    built fresh strategies on every draw would pay that again and again.
    """
    return typing.cast("Callable[P, T]", functools.lru_cache(maxsize=256)(build))


def _currency(currency: CurrencyChoice) -> st.SearchStrategy[str]:
    if currency is None:
        return currencies()
    if isinstance(currency, str):
        return st.just(currency)
    return currency


def _optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


@_cached
def currencies() -> st.SearchStrategy[str]:
    """ISO 4217 currency codes from `CURRENCIES`."""
    return st.sampled_from(CURRENCIES)


@_cached
def identifiers() -> st.SearchStrategy[str]:
    """Identifiers such as ``payroll-2``: lower-case letters, digits and dashes."""
    return st.from_regex(r"[a-z][a-z0-9\-]{0,11}", fullmatch=True)


@_cached
def texts(*, min_size: int = 1, max_size: int = 24) -> st.SearchStrategy[str]:
    """Human-readable text (names, descriptions); non-blank when ``min_size`` >= 1."""
    strategy = st.text(alphabet=_TEXT_ALPHABET, min_size=min_size, max_size=max_size)
    return strategy.filter(str.strip) if min_size > 0 else strategy


@_cached
def decimals(
    *,
    min_value: Decimal | int = 0,
    max_value: Decimal | int = 1_000_000,
    places: int | None = 2,
) -> st.SearchStrategy[Decimal]:
    """Finite decimals in a range, with at most ``places`` decimal places."""
    return st.decimals(
        min_value=min_value,
        max_value=max_value,
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


@_cached
def money(
    *,
    currency: CurrencyChoice = None,
    min_amount: Decimal | int = 0,
    max_amount: Decimal | int = 1_000_000,
    places: int = 2,
) -> st.SearchStrategy[Money]:
    """Amounts of money (non-negative by default) in one or any of `CURRENCIES`."""
    return st.builds(
        Money,
        decimals(min_value=min_amount, max_value=max_amount, places=places),
        _currency(currency),
    )


@_cached
def percentages(
    *, min_value: Decimal | int = 0, max_value: Decimal | int = 100, places: int = 2
) -> st.SearchStrategy[Percentage]:
    """Percentages in ``[min_value, max_value]`` (within 0 … 100)."""
    return st.builds(Percentage, decimals(min_value=min_value, max_value=max_value, places=places))


@_cached
def percent_changes(
    *, min_value: Decimal | int = -20, max_value: Decimal | int = 20, places: int = 2
) -> st.SearchStrategy[PercentChange]:
    """Signed percent changes in ``[min_value, max_value]`` (above -100, at most 4 places)."""
    return st.builds(
        PercentChange, decimals(min_value=min_value, max_value=max_value, places=places)
    )


@_cached
def spans(
    *, max_years: int = 3, max_months: int = 24, max_days: int = 90
) -> st.SearchStrategy[Span]:
    """Calendar spans (``P1Y6M``, ``P30D``)."""
    return st.builds(
        Span,
        st.integers(0, max_years),
        st.integers(0, max_months),
        st.integers(0, max_days),
    )


@_cached
def durations(
    *, min_seconds: int = 1, max_seconds: int = 30 * 86_400
) -> st.SearchStrategy[dt.timedelta]:
    """Exact, whole-second durations (SLA targets), positive by default."""
    return st.integers(min_seconds, max_seconds).map(lambda s: dt.timedelta(seconds=s))


@_cached
def dates(
    *, min_date: dt.date = dt.date(2020, 1, 1), max_date: dt.date = dt.date(2035, 12, 31)
) -> st.SearchStrategy[pendulum.Date]:
    """Calendar dates as `pendulum.Date`."""
    low = dt.date(min_date.year, min_date.month, min_date.day)
    high = dt.date(max_date.year, max_date.month, max_date.day)
    return st.dates(low, high).map(lambda d: pendulum.Date(d.year, d.month, d.day))


@_cached
def working_intervals(*, step_minutes: int = 15) -> st.SearchStrategy[WorkingInterval]:
    """Working intervals within a day, on a ``step_minutes`` grid (24:00 allowed as an end)."""
    steps = 86_400 // (60 * step_minutes)
    return (
        st.tuples(st.integers(0, steps - 1), st.integers(1, steps))
        .filter(lambda pair: pair[0] < pair[1])
        .map(lambda pair: WorkingInterval(pair[0] * step_minutes * 60, pair[1] * step_minutes * 60))
    )


@_cached
@st.composite
def _day(draw: st.DrawFn, max_intervals: int) -> tuple[WorkingInterval, ...]:
    """Non-overlapping intervals of one day, in order."""
    count = draw(st.integers(0, max_intervals))
    bounds = sorted(draw(st.sets(st.integers(0, 96), min_size=2 * count, max_size=2 * count)))
    return tuple(
        WorkingInterval(bounds[i] * 900, bounds[i + 1] * 900) for i in range(0, len(bounds), 2)
    )


@_cached
def business_calendars(
    *,
    ids: st.SearchStrategy[str] | None = None,
    countries: tuple[str | None, ...] = HOLIDAY_COUNTRIES,
    timezones: tuple[str, ...] = TIMEZONES,
    min_year: int = 2024,
    max_year: int = 2026,
    max_years: int = 2,
    max_intervals: int = 2,
    max_closures: int = 3,
) -> st.SearchStrategy[BusinessCalendar]:
    """Business calendars (holidays from a few ``countries``, at most ``max_years`` years)."""

    @st.composite
    def build(draw: st.DrawFn) -> BusinessCalendar:
        first = draw(st.integers(min_year, max_year))
        last = draw(st.integers(first, min(max_year, first + max_years - 1)))
        within = dates(min_date=dt.date(first, 1, 1), max_date=dt.date(last, 12, 31))
        return BusinessCalendar(
            id=draw(ids if ids is not None else identifiers()),
            timezone=draw(st.sampled_from(timezones)),
            week=[draw(_day(max_intervals)) for _ in range(7)],
            holiday_country=draw(st.sampled_from(countries)),
            first_year=first,
            last_year=last,
            extra_closures=draw(st.frozensets(within, max_size=max_closures)),
            working_holidays=draw(st.frozensets(within, max_size=max_closures)),
        )

    return build()


calendars = business_calendars
"""Short name of `business_calendars`."""


@_cached
def in_house_costs(*, currency: CurrencyChoice = None) -> st.SearchStrategy[InHouseCost]:
    """In-house cost bases, every amount in one currency."""

    @st.composite
    def build(draw: st.DrawFn) -> InHouseCost:
        code = draw(_currency(currency))
        amounts = money(currency=code, max_amount=200_000)
        return InHouseCost(
            ftes=draw(decimals(max_value=500, places=1)),
            loaded_salary=draw(amounts),
            overheads=draw(amounts),
            rent_and_equipment=draw(amounts),
            recruitment_per_hire=draw(amounts),
            training_per_hire=draw(amounts),
            annual_turnover=draw(percentages(max_value=60)),
        )

    return build()


@_cached
def processes(
    *, ids: st.SearchStrategy[str] | None = None, currency: CurrencyChoice = None
) -> st.SearchStrategy[Process]:
    """Business processes, with or without an in-house cost basis."""

    @st.composite
    def build(draw: st.DrawFn) -> Process:
        personal = draw(st.booleans())
        return Process(
            id=draw(ids if ids is not None else identifiers()),
            name=draw(texts()),
            function=draw(st.sampled_from(BusinessFunction)),
            importance=draw(st.sampled_from(StrategicImportance)),
            confidentiality=draw(st.sampled_from(Confidentiality)),
            personal_data=personal,
            special_category_data=personal and draw(st.booleans()),
            monthly_volume=draw(st.integers(0, 100_000)),
            frequency=draw(st.sampled_from(Frequency)),
            complexity=draw(st.sampled_from(Complexity)),
            supervision=draw(st.booleans()),
            in_house=draw(_optional(in_house_costs(currency=currency))),
            kind=draw(_optional(st.sampled_from(OutsourcingKind))),
            office=draw(_optional(st.sampled_from(Office))),
            weak_signals=draw(st.frozensets(st.sampled_from(WeakSignal))),
            description=draw(texts(min_size=0)),
        )

    return build()


@_cached
def sub_processors() -> st.SearchStrategy[SubProcessor]:
    """A provider's subcontractors."""
    return st.builds(
        SubProcessor,
        name=texts(),
        country=st.sampled_from(_COUNTRIES),
        service=texts(min_size=0),
        authorised=st.booleans(),
    )


@_cached
def providers(
    *,
    ids: st.SearchStrategy[str] | None = None,
    currency: CurrencyChoice = None,
    max_items: int = 3,
) -> st.SearchStrategy[Provider]:
    """Providers, billing in ``currency``."""
    return st.builds(
        Provider,
        id=ids if ids is not None else identifiers(),
        name=texts(),
        country=st.sampled_from(_COUNTRIES),
        timezone=st.sampled_from(TIMEZONES),
        billing_currency=_currency(currency),
        languages=st.frozensets(st.sampled_from(_LANGUAGES), max_size=max_items),
        capabilities=st.frozensets(st.sampled_from(BusinessFunction), max_size=max_items),
        certifications=st.frozensets(st.sampled_from(Certification), max_size=max_items),
        founded=_optional(st.integers(1800, 2100)),
        sub_processors=st.lists(sub_processors(), max_size=max_items).map(tuple),
    )


@_cached
def rate_card_lines(*, currency: CurrencyChoice = None) -> st.SearchStrategy[RateCardLine]:
    """Rate-card lines (one role each)."""
    return st.builds(
        RateCardLine,
        role=texts(),
        monthly_rate=money(currency=currency, max_amount=50_000),
        ftes=decimals(max_value=200, places=1),
    )


@_cached
def price_tiers(
    *, currency: CurrencyChoice = None, max_items: int = 3
) -> st.SearchStrategy[tuple[PriceTier, ...]]:
    """A valid tier list: increasing bounds, the last tier open, one currency."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[PriceTier, ...]:
        code = draw(_currency(currency))
        prices = money(currency=code, max_amount=1_000, places=4)
        bounds = sorted(draw(st.sets(st.integers(1, 1_000_000), max_size=max_items - 1)))
        uppers: list[int | None] = [*bounds, None]
        return tuple(PriceTier(up_to, draw(prices)) for up_to in uppers)

    return build()


@_cached
def milestones(*, currency: CurrencyChoice = None) -> st.SearchStrategy[Milestone]:
    """Payment milestones."""
    return st.builds(Milestone, name=texts(), due=dates(), amount=money(currency=currency))


@_cached
def pricing(*, currency: CurrencyChoice = None, max_items: int = 3) -> st.SearchStrategy[Pricing]:
    """Pricing lines of every variant, in one currency."""

    @st.composite
    def build(draw: st.DrawFn) -> Pricing:
        code = draw(_currency(currency))
        amounts = money(currency=code)
        variants: list[st.SearchStrategy[Any]] = [
            st.builds(
                HourlyRate,
                name=texts(),
                rate=money(currency=code, max_amount=1_000),
                hours_per_month=decimals(max_value=10_000, places=1),
            ),
            st.builds(
                RateCard,
                name=texts(),
                lines=st.lists(
                    rate_card_lines(currency=code),
                    min_size=1,
                    max_size=max_items,
                    unique_by=lambda line: line.role,
                ).map(tuple),
            ),
            st.builds(
                PerUnit,
                name=texts(),
                unit=texts(),
                tiers=price_tiers(currency=code, max_items=max_items),
                monthly_volume=st.integers(0, 1_000_000),
                tiering=st.sampled_from(Tiering),
            ),
            st.builds(FixedFee, name=texts(), monthly_fee=amounts),
            st.builds(
                Milestones,
                name=texts(),
                milestones=st.lists(milestones(currency=code), min_size=1, max_size=max_items).map(
                    tuple
                ),
            ),
            st.builds(
                MinimumCommitment,
                name=texts(),
                monthly_minimum=amounts,
                true_up=st.sampled_from(TrueUp),
            ),
        ]
        line: Pricing = draw(st.one_of(variants))
        return line

    return build()


@_cached
def ticket_scopes(*, max_items: int = 3) -> st.SearchStrategy[TicketScope]:
    """Ticket scopes (empty sets mean any ticket)."""
    return st.builds(
        TicketScope,
        priorities=st.frozensets(st.sampled_from(("P1", "P2", "P3", "P4")), max_size=max_items),
        categories=st.frozensets(identifiers(), max_size=max_items),
    )


@_cached
@st.composite
@_cached
def clocks(draw: st.DrawFn) -> Clock:
    """Ticket clocks whose start, pause and stop statuses are disjoint."""
    groups = draw(st.lists(st.integers(0, 4), min_size=len(_STATUSES), max_size=len(_STATUSES)))
    by_group: list[set[str]] = [set() for _ in range(5)]
    for status, group in zip(_STATUSES, groups, strict=True):
        by_group[group].add(status)
    return Clock(
        start_statuses=by_group[0],
        stop_statuses=by_group[1],
        pause_statuses=by_group[2],
        cancel_statuses=by_group[3],
    )


@_cached
@st.composite
@_cached
def chronic_rules(draw: st.DrawFn) -> ChronicRule:
    """Chronic-failure rules (in a row, or so many within a window, or both)."""
    window = draw(st.integers(1, 24))
    consecutive = draw(_optional(st.integers(1, 12)))
    breaches = draw(st.integers(1, window))
    if consecutive is not None and draw(st.booleans()):
        return ChronicRule(consecutive=consecutive, breaches=None, window=window)
    return ChronicRule(consecutive=consecutive, breaches=breaches, window=window)


def _credit_tiers(
    objective: Percentage, max_items: int
) -> st.SearchStrategy[tuple[CreditTier, ...]]:
    """Tiers with thresholds decreasing from at most the objective and credits increasing."""
    ceiling = objective.value
    return st.integers(0, max_items).flatmap(
        lambda count: st.tuples(
            st.sets(decimals(max_value=ceiling), min_size=count, max_size=count),
            st.sets(decimals(max_value=100), min_size=count, max_size=count),
        ).map(
            lambda pair: tuple(
                CreditTier(below, credit)
                for below, credit in zip(
                    sorted(pair[0], reverse=True), sorted(pair[1]), strict=True
                )
            )
        )
    )


@_cached
def slas(
    *,
    ids: st.SearchStrategy[str] | None = None,
    calendar_ids: tuple[str, ...] = (),
    metrics: tuple[SLAMetric, ...] = tuple(SLAMetric),
    max_items: int = 3,
) -> st.SearchStrategy[SLA]:
    """Service levels; ``calendar_ids`` are the contract calendars an SLA may refer to."""

    @st.composite
    def build(draw: st.DrawFn) -> SLA:
        metric = draw(st.sampled_from(metrics))
        objective = draw(percentages(min_value=50))
        target = durations() if metric_definition(metric).timed else _optional(durations())
        return SLA(
            id=draw(ids if ids is not None else identifiers()),
            name=draw(texts()),
            metric=metric,
            objective=objective,
            target=draw(target),
            scope=draw(ticket_scopes(max_items=max_items)),
            clock=draw(_optional(clocks())),
            calendar=draw(_optional(st.sampled_from(calendar_ids)) if calendar_ids else st.none()),
            period=draw(st.sampled_from(MeasurementPeriod)),
            minimum_volume=draw(st.integers(0, 100)),
            maximum=draw(_optional(st.integers(0, 100))),
            exclusions=draw(st.frozensets(st.sampled_from(ExclusionReason))),
            credit_tiers=draw(_credit_tiers(objective, max_items)),
            pool_allocation=draw(_optional(percentages())),
            critical_threshold=draw(_optional(percentages())),
            chronic=draw(_optional(chronic_rules())),
        )

    return build()


@_cached
def kpis(*, ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[KPI]:
    """Key performance indicators."""
    return st.builds(
        KPI,
        id=ids if ids is not None else identifiers(),
        name=texts(),
        metric=st.sampled_from(KPIMetric),
        unit=st.sampled_from(("hours", "%", "count", "score/5")),
        direction=st.sampled_from(Direction),
        target=decimals(min_value=-1000, max_value=1000),
        cadence=st.sampled_from(Cadence),
    )


@_cached
def clauses() -> st.SearchStrategy[Clause]:
    """Contract clauses."""
    return st.builds(
        Clause,
        topic=st.sampled_from(ClauseTopic),
        reference=texts(min_size=0),
        text=texts(min_size=0, max_size=60),
    )


@_cached
def exit_assets(*, max_items: int = 3) -> st.SearchStrategy[ExitAsset]:
    """Assets to hand back at exit."""
    return st.builds(
        ExitAsset,
        kind=st.sampled_from(AssetKind),
        description=texts(min_size=0),
        formats=st.frozensets(st.sampled_from(("csv", "json", "pdf", "xlsx")), max_size=max_items),
        ready=st.booleans(),
    )


@_cached
def reversibility_plans(
    *, currency: CurrencyChoice = None, max_items: int = 3
) -> st.SearchStrategy[ReversibilityPlan]:
    """Exit plans."""
    return st.builds(
        ReversibilityPlan,
        notice_period=spans(),
        transition_period=spans(),
        assets=st.lists(exit_assets(max_items=max_items), max_size=max_items).map(tuple),
        knowledge_transfer=st.booleans(),
        parallel_run=_optional(spans()),
        exit_cost=_optional(money(currency=currency)),
        exit_duration=_optional(spans()),
        alternative_providers=st.lists(texts(), max_size=max_items).map(tuple),
        reintegration_possible=_optional(st.booleans()),
        last_tested=_optional(dates()),
        triggers=st.frozensets(st.sampled_from(ExitTrigger)),
        owner=_optional(texts()),
    )


@_cached
@st.composite
@_cached
def terms(draw: st.DrawFn) -> Term:
    """Contract terms (the end, if any, on or after the start)."""
    start = draw(dates(max_date=dt.date(2030, 12, 31)))
    end = draw(_optional(dates(min_date=start, max_date=dt.date(2035, 12, 31))))
    return Term(
        start=start,
        end=end,
        renewal=draw(st.sampled_from(Renewal)),
        renewal_period=draw(_optional(spans().filter(lambda s: s != Span()))),
        notice_period=draw(spans()),
        max_renewals=draw(_optional(st.integers(0, 5))),
        notice_given=draw(_optional(dates(min_date=start, max_date=dt.date(2040, 12, 31)))),
    )


@_cached
@st.composite
@_cached
def indexations(draw: st.DrawFn) -> Indexation:
    """Indexation clauses: signed expected rate, cap and floor (floor <= cap)."""
    cap = draw(_optional(percent_changes(min_value=-5, max_value=20)))
    floor = draw(_optional(percent_changes(max_value=cap.value if cap else 20)))
    return Indexation(
        index=draw(texts()),
        expected_rate=draw(percent_changes(min_value=-10, max_value=10)),
        cap=cap,
        floor=floor,
    )


@_cached
def price_revisions(
    *,
    index_names: tuple[str, ...] | None = None,
    reference_month: dt.date | None = None,
    max_indices: int = 3,
) -> st.SearchStrategy[PriceRevision]:
    """Price revision clauses: a fixed share and weighted indices making 1 (in hundredths).

    Any lag, revision date, coefficient rounding (None or 0 … 7 decimals), signed cap and floor
    (a floor of -10 % … +5 %, a cap of -5 % … +20 %, floor <= cap when both are stated).

    Args:
        index_names: The names the indices are drawn from, distinct (default: any texts).
        reference_month: The month of S₀ (default: any month).
        max_indices: Most indices a clause weights (at most ``len(index_names)``).
    """

    @st.composite
    def build(draw: st.DrawFn) -> PriceRevision:
        names_from = st.sampled_from(index_names) if index_names is not None else texts(max_size=12)
        most = max_indices if index_names is None else min(max_indices, len(index_names))
        names = draw(st.lists(names_from, min_size=1, max_size=most, unique=True))
        fixed = draw(st.integers(0, 100 - len(names)))
        cuts = sorted(
            draw(
                st.lists(
                    st.integers(1, 100 - fixed - 1),
                    min_size=len(names) - 1,
                    max_size=len(names) - 1,
                    unique=True,
                )
            )
            if len(names) > 1
            else []
        )
        bounds = [0, *cuts, 100 - fixed]
        weights = [Decimal(b - a).scaleb(-2) for a, b in itertools.pairwise(bounds)]
        cap = draw(_optional(percent_changes(min_value=-5, max_value=20, places=1)))
        floor = draw(
            _optional(percent_changes(min_value=-10, max_value=cap.value if cap else 5, places=1))
        )
        month = reference_month if reference_month is not None else draw(dates())
        return PriceRevision(
            indices=[IndexWeight(n, w) for n, w in zip(names, weights, strict=True)],
            fixed_share=Decimal(fixed).scaleb(-2),
            reference_month=month,
            lag_months=draw(st.integers(0, 12)),
            revision_date=draw(st.sampled_from(RevisionDate)),
            coefficient_decimals=draw(_optional(st.integers(0, 7))),
            cap=cap,
            floor=floor,
        )

    return build()


@_cached
def payment_terms() -> st.SearchStrategy[PaymentTerms]:
    """Payment terms."""
    return st.builds(PaymentTerms, days=st.integers(0, 120), end_of_month=st.booleans())


@_cached
def one_off_costs(*, currency: CurrencyChoice = None) -> st.SearchStrategy[OneOffCost]:
    """One-off costs."""
    return st.builds(
        OneOffCost,
        category=st.sampled_from(CostCategory),
        amount=money(currency=currency),
        due=_optional(dates()),
        description=texts(min_size=0),
    )


@_cached
def recurring_costs(*, currency: CurrencyChoice = None) -> st.SearchStrategy[RecurringCost]:
    """Monthly costs kept by the client."""
    return st.builds(
        RecurringCost,
        category=st.sampled_from(CostCategory),
        monthly=money(currency=currency),
        description=texts(min_size=0),
    )


@_cached
def service_credit_regimes() -> st.SearchStrategy[ServiceCreditRegime]:
    """Service-credit regimes."""
    return st.builds(
        ServiceCreditRegime,
        monthly_cap=percentages(),
        rolling_cap=_optional(percentages()),
        at_risk=_optional(percentages(max_value=30)),
        earn_back_periods=_optional(st.integers(1, 12)),
    )


@_cached
def late_delivery_penalties() -> st.SearchStrategy[LateDeliveryPenalty]:
    """Late-delivery penalties."""
    return st.builds(
        LateDeliveryPenalty,
        rate=percentages(max_value=10),
        period=spans(max_years=0, max_months=1, max_days=14),
        cap=_optional(percentages()),
        terminate_after=_optional(spans()),
        fractional=st.sampled_from(FractionalDelay),
        force_majeure_exempts=st.booleans(),
    )


@_cached
def data_protections(*, max_items: int = 3) -> st.SearchStrategy[DataProtection]:
    """Data-protection terms."""
    return st.builds(
        DataProtection,
        personal_data=st.booleans(),
        special_category_data=st.booleans(),
        data_locations=st.frozensets(st.sampled_from(_COUNTRIES), max_size=max_items),
        retention=_optional(spans()),
        transfer_mechanism=_optional(st.sampled_from(TransferMechanism)),
        breach_notification_hours=_optional(st.integers(1, 96)),
    )


@_cached
def governances() -> st.SearchStrategy[Governance]:
    """Governance terms."""
    return st.builds(
        Governance,
        reporting=_optional(st.sampled_from(Cadence)),
        review_meetings=_optional(st.sampled_from(Cadence)),
        internal_referent=_optional(texts()),
        urgent_channel=_optional(texts()),
        shared_dashboard=st.booleans(),
        escalation=_optional(texts(min_size=0)),
    )


@_cached
def scope_items(*, max_items: int = 3) -> st.SearchStrategy[ScopeItem]:
    """Scope items with included and excluded tasks."""
    tasks = st.lists(texts(), max_size=max_items).map(tuple)
    return st.builds(ScopeItem, name=texts(), tasks_included=tasks, tasks_excluded=tasks)


@_cached
def deliverables(*, max_items: int = 3) -> st.SearchStrategy[Deliverable]:
    """Deliverables."""
    return st.builds(
        Deliverable,
        name=texts(),
        format=texts(min_size=0),
        tools=st.lists(texts(), max_size=max_items).map(tuple),
        due=_optional(dates()),
        cadence=_optional(st.sampled_from(Cadence)),
    )


def _id(item: object) -> object:
    return getattr(item, "id", None)


def _unique_ids(strategy: st.SearchStrategy[T], max_items: int) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, max_size=max_items, unique_by=_id).map(tuple)


@_cached
def contracts(
    *,
    ids: st.SearchStrategy[str] | None = None,
    currency: CurrencyChoice = None,
    provider_ids: st.SearchStrategy[str] | None = None,
    process_ids: tuple[str, ...] | None = None,
    max_items: int = 2,
    with_calendars: bool = True,
    zones: st.SearchStrategy[str | None] | None = None,
) -> st.SearchStrategy[Contract]:
    """Contracts, every pricing line in the contract currency, SLAs naming its calendars.

    Args:
        ids: Strategy for the contract id.
        currency: The contract currency (a code, a strategy, or None for any).
        provider_ids: Strategy for the provider id (default: any identifier).
        process_ids: Process ids the contract may cover (default: any identifiers).
        max_items: Most items in each collection (pricing lines, SLAs, KPIs, clauses, …).
        with_calendars: Whether to draw business calendars (slower: holidays are computed).
        zones: Strategy for the contract's time zone (default: any zone, or none stated;
            measuring a contract needs one).
    """

    @st.composite
    def build(draw: st.DrawFn) -> Contract:
        code = draw(_currency(currency))
        calendar_list = (
            draw(_unique_ids(business_calendars(max_years=1), max_items)) if with_calendars else ()
        )
        calendar_ids = tuple(c.id for c in calendar_list)
        covered = (
            st.lists(identifiers(), max_size=max_items, unique=True)
            if process_ids is None
            else st.lists(st.sampled_from(process_ids), unique=True)
            if process_ids
            else st.just([])
        )
        return Contract(
            id=draw(ids if ids is not None else identifiers()),
            title=draw(texts()),
            client=draw(texts()),
            provider_id=draw(provider_ids if provider_ids is not None else identifiers()),
            currency=code,
            term=draw(terms()),
            process_ids=tuple(draw(covered)),
            scope=tuple(draw(st.lists(scope_items(max_items=max_items), max_size=max_items))),
            deliverables=tuple(
                draw(st.lists(deliverables(max_items=max_items), max_size=max_items))
            ),
            request_handling=draw(_optional(texts())),
            change_procedure=draw(_optional(texts())),
            pricing=tuple(
                draw(st.lists(pricing(currency=code, max_items=max_items), max_size=max_items))
            ),
            indexation=draw(_optional(indexations())),
            price_revision=draw(_optional(price_revisions())),
            payment_terms=draw(_optional(payment_terms())),
            one_off_costs=tuple(draw(st.lists(one_off_costs(currency=code), max_size=max_items))),
            recurring_costs=tuple(
                draw(st.lists(recurring_costs(currency=code), max_size=max_items))
            ),
            service_credits=draw(_optional(service_credit_regimes())),
            late_delivery=draw(_optional(late_delivery_penalties())),
            calendars=calendar_list,
            slas=draw(_unique_ids(slas(calendar_ids=calendar_ids, max_items=max_items), max_items)),
            kpis=draw(_unique_ids(kpis(), max_items)),
            data_protection=draw(data_protections(max_items=max_items)),
            governance=draw(governances()),
            clauses=tuple(draw(st.lists(clauses(), max_size=max_items))),
            reversibility=draw(_optional(reversibility_plans(currency=code, max_items=max_items))),
            critical_function=draw(st.booleans()),
            coverage=draw(_optional(st.sampled_from(Coverage))),
            horizon=draw(_optional(st.sampled_from(Horizon))),
            shoring=draw(_optional(st.sampled_from(Shoring))),
            signed=draw(_optional(dates())),
            timezone=draw(zones if zones is not None else _optional(st.sampled_from(TIMEZONES))),
        )

    return build()


@_cached
def clients(*, currency: CurrencyChoice = None) -> st.SearchStrategy[Client]:
    """Client companies."""
    return st.builds(
        Client,
        name=texts(),
        country=st.sampled_from(_COUNTRIES),
        currency=_currency(currency),
        phase=st.sampled_from(LifePhase),
        timezone=_optional(st.sampled_from(TIMEZONES)),
        sector=texts(min_size=0),
        employees=_optional(st.integers(1, 500_000)),
        financial_entity=st.booleans(),
        eba_supervised=st.booleans(),
    )


@_cached
def portfolios(
    *, currency: CurrencyChoice = None, max_items: int = 2, with_calendars: bool = True
) -> st.SearchStrategy[Portfolio]:
    """Portfolios whose contracts refer to their own providers and processes.

    Args:
        currency: The client's currency, also used by its contracts and providers.
        max_items: Most processes, providers and contracts (and items inside each).
        with_calendars: Whether contracts carry business calendars (slower).
    """

    @st.composite
    def build(draw: st.DrawFn) -> Portfolio:
        code = draw(_currency(currency))
        process_list = draw(_unique_ids(processes(currency=code), max_items))
        provider_list = draw(_unique_ids(providers(currency=code), max_items))
        contract_list: tuple[Contract, ...] = ()
        if provider_list:
            contract_list = draw(
                _unique_ids(
                    contracts(
                        currency=code,
                        provider_ids=st.sampled_from([p.id for p in provider_list]),
                        process_ids=tuple(p.id for p in process_list),
                        max_items=max_items,
                        with_calendars=with_calendars,
                    ),
                    max_items,
                )
            )
        return Portfolio(
            client=draw(clients(currency=code)),
            processes=process_list,
            providers=provider_list,
            contracts=contract_list,
        )

    return build()
