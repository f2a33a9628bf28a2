"""Hypothesis strategies for the inputs of classification, recommendation and readiness."""

from __future__ import annotations

import datetime as dt

import attrs
import pycountry
from hypothesis import strategies as st

from outsourcing import (
    BusinessFunction,
    Client,
    Complexity,
    Confidentiality,
    Contract,
    Coverage,
    Frequency,
    Horizon,
    LifePhase,
    Office,
    OutsourcingKind,
    Process,
    Provider,
    Renewal,
    ScopeItem,
    Shoring,
    StrategicImportance,
    Term,
    WeakSignal,
)

COUNTRIES = sorted(c.alpha_2 for c in pycountry.countries)
PROVIDER_ID = "provider"

countries = st.sampled_from(COUNTRIES)
names = st.text("abcdefghij ", min_size=1, max_size=8).filter(str.strip)


@st.composite
def processes(draw: st.DrawFn) -> Process:
    """Any valid process, with or without declared kind and office."""
    personal = draw(st.booleans())
    return Process(
        id=draw(names),
        name=draw(names),
        function=draw(st.sampled_from(BusinessFunction)),
        importance=draw(st.sampled_from(StrategicImportance)),
        confidentiality=draw(st.sampled_from(Confidentiality)),
        personal_data=personal,
        special_category_data=personal and draw(st.booleans()),
        monthly_volume=draw(st.integers(0, 10_000)),
        frequency=draw(st.sampled_from(Frequency)),
        complexity=draw(st.sampled_from(Complexity)),
        supervision=draw(st.booleans()),
        kind=draw(st.none() | st.sampled_from(OutsourcingKind)),
        office=draw(st.none() | st.sampled_from(Office)),
        weak_signals=draw(st.frozensets(st.sampled_from(WeakSignal))),
        description=draw(st.text(max_size=5)),
    )


clients = st.builds(
    Client,
    name=names,
    country=countries,
    currency=st.just("EUR"),
    phase=st.sampled_from(LifePhase),
    sector=st.text(max_size=5),
)

providers = st.builds(
    Provider,
    id=st.just(PROVIDER_ID),
    name=names,
    country=countries,
    timezone=st.sampled_from(["Europe/Paris", "Africa/Casablanca", "Asia/Manila", "UTC"]),
    billing_currency=st.sampled_from(["EUR", "MAD", "USD"]),
)


@st.composite
def terms(draw: st.DrawFn) -> Term:
    """A term starting in 2020-2030, open-ended or lasting up to six years."""
    start = draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
    days = draw(st.none() | st.integers(0, 6 * 366))
    end = None if days is None else start + dt.timedelta(days=days)
    return Term(start=start, end=end, renewal=draw(st.sampled_from(Renewal)))


scope_items = st.builds(
    ScopeItem,
    name=names,
    tasks_included=st.lists(names, max_size=2),
    tasks_excluded=st.lists(names, max_size=2),
)

contracts = st.builds(
    Contract,
    id=names,
    title=names,
    client=names,
    provider_id=st.just(PROVIDER_ID),
    currency=st.just("EUR"),
    term=terms(),
    scope=st.lists(scope_items, max_size=2),
    request_handling=st.none() | names,
    critical_function=st.booleans(),
    coverage=st.none() | st.sampled_from(Coverage),
    horizon=st.none() | st.sampled_from(Horizon),
    shoring=st.none() | st.sampled_from(Shoring),
)


@attrs.frozen
class Situation:
    """Everything `classify` reads: a process, its client, maybe a provider and a contract."""

    process: Process
    client: Client
    provider: Provider | None
    contract: Contract | None


situations = st.builds(
    Situation,
    process=processes(),
    client=clients,
    provider=st.none() | providers,
    contract=st.none() | contracts,
)
