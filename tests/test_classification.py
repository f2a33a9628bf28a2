from typing import Any

import attrs
import pytest
from hypothesis import given

from classification_strategies import PROVIDER_ID, Situation, situations
from outsourcing import (
    BusinessFunction,
    Client,
    Contract,
    Coverage,
    Frequency,
    Horizon,
    InvalidValueError,
    Office,
    OutsourcingKind,
    Portfolio,
    Process,
    Provider,
    Renewal,
    ScopeItem,
    Shoring,
    StrategicImportance,
    Term,
    UnknownReferenceError,
)
from outsourcing.classification.classify import (
    RULE_INPUTS,
    Classification,
    classify,
    classify_portfolio,
)
from outsourcing.reference.functions import profile
from outsourcing.samples import sample_portfolio

AXES = tuple(RULE_INPUTS)
CLIENT = Client(name="Acme", country="FR", currency="EUR")
PAYROLL = Process(id="payroll", name="Paie", function=BusinessFunction.PAYROLL)


def provider(country: str, timezone: str = "UTC") -> Provider:
    """A provider in a country."""
    return Provider(
        id=PROVIDER_ID, name="Prov", country=country, timezone=timezone, billing_currency="EUR"
    )


def contract(**kwargs: object) -> Contract:
    """A contract with the provider, starting 2026-01-01, open-ended unless told."""
    fields: dict[str, object] = {
        "id": "c1",
        "title": "Paie",
        "client": "Acme",
        "provider_id": PROVIDER_ID,
        "currency": "EUR",
        "term": Term(start="2026-01-01"),
    }
    return Contract(**(fields | kwargs))  # type: ignore[arg-type]


def run(s: Situation) -> Classification:
    """Classify a generated situation."""
    return classify(s.process, client=s.client, provider=s.provider, contract=s.contract)


@given(situations)
def test_classification_is_total_and_deterministic(s: Situation) -> None:
    """Every axis gets a value with reasons and inputs, and the same input gives the same result."""
    first = run(s)
    assert first == run(s)
    for axis, verdict in first.axes.items():
        assert verdict.reasons
        assert all(reason.strip() for reason in verdict.reasons)
        assert verdict.inputs
        assert set(verdict.inputs) <= RULE_INPUTS[axis]
    assert first.process_id == s.process.id


@given(situations)
def test_declared_values_always_win(s: Situation) -> None:
    """A value declared on the process or contract is the verdict, flagged as declared."""
    result = run(s)
    contract_ = s.contract
    declared = {
        "kind": s.process.kind,
        "office": s.process.office,
        "shoring": None if contract_ is None else contract_.shoring,
        "coverage": None if contract_ is None else contract_.coverage,
        "horizon": None if contract_ is None else contract_.horizon,
    }
    for axis, value in declared.items():
        verdict = result.axes[axis]
        assert verdict.declared == (value is not None)
        if value is not None:
            assert verdict.value is value
            assert verdict.inputs == (verdict.reasons[0].removeprefix("declared in "),)


def _mix(axis: str, read_from: Situation, rest_from: Situation) -> Situation:
    """Take the fields ``axis`` may read from one situation, and every other field from another."""
    reads = RULE_INPUTS[axis]

    def pick(name: str, source: attrs.AttrsInstance) -> dict[str, Any]:
        return {
            field.name: getattr(source, field.name)
            for field in attrs.fields(type(source))
            if f"{name}.{field.name}" in reads
        }

    process = attrs.evolve(rest_from.process, **pick("Process", read_from.process))
    client = attrs.evolve(rest_from.client, **pick("Client", read_from.client))
    mixed_provider = None
    if read_from.provider is not None:
        base = rest_from.provider or read_from.provider
        mixed_provider = attrs.evolve(base, **pick("Provider", read_from.provider))
    mixed_contract = None
    if read_from.contract is not None:
        base_c = rest_from.contract or read_from.contract
        mixed_contract = attrs.evolve(base_c, **pick("Contract", read_from.contract))
    return Situation(process, client, mixed_provider, mixed_contract)


@given(a=situations, b=situations)
def test_fields_a_rule_does_not_read_never_change_it(a: Situation, b: Situation) -> None:
    """Replacing every field outside an axis's rule inputs leaves that axis's verdict unchanged."""
    expected = run(a)
    for axis in AXES:
        assert run(_mix(axis, a, b)).axes[axis] == expected.axes[axis], axis


@given(situations)
def test_shoring_is_onshore_iff_same_country(s: Situation) -> None:
    """Undeclared shoring is onshore exactly when the provider is in the client's country."""
    if s.contract is not None and s.contract.shoring is not None:
        return
    verdict = run(s).shoring
    same = s.provider is None or s.provider.country == s.client.country
    assert (verdict.value is Shoring.ONSHORE) == same


@pytest.mark.parametrize(
    ("country", "expected"),
    [("FR", Shoring.ONSHORE), ("MA", Shoring.NEARSHORE), ("TN", Shoring.NEARSHORE),
     ("ES", Shoring.NEARSHORE), ("PT", Shoring.NEARSHORE), ("RO", Shoring.NEARSHORE),
     ("MG", Shoring.OFFSHORE), ("AM", Shoring.OFFSHORE), ("PH", Shoring.OFFSHORE),
     ("IN", Shoring.OFFSHORE)],
)  # fmt: skip
def test_french_client_shoring(country: str, expected: Shoring) -> None:
    """A French client's provider country gives the sources' shoring, with the geography kept."""
    result = classify(PAYROLL, client=CLIENT, provider=provider(country))
    assert result.shoring.value is expected
    assert result.shoring.inputs == ("Client.country", "Provider.country")
    assert result.proximity is not None
    assert result.proximity.provider_country == country


@pytest.mark.parametrize("function", list(BusinessFunction))
def test_every_function_is_classified_from_the_catalogue(function: BusinessFunction) -> None:
    """Kind and office of every catalogued function come from the catalogue, with its reasons."""
    result = classify(Process(id="p", name="P", function=function), client=CLIENT)
    entry = profile(function)
    assert (result.kind.value, result.office.value) == (entry.kind, entry.office)
    assert result.kind.reasons == (entry.kind_reason,)
    assert result.office.reasons == (entry.office_reason,)
    assert not result.kind.declared
    assert not result.office.declared


def test_payroll_nearshore_in_morocco() -> None:
    """A French payroll run in Morocco, open-ended: BPO, back, nearshore, total, strategic."""
    result = classify(PAYROLL, client=CLIENT, provider=provider("MA"), contract=contract())
    assert result.summary == "BPO, back office, nearshore, total, strategic"
    assert "Rabat" in result.shoring.reasons[0]


def test_declared_kind_overrides_catalogue() -> None:
    """A payroll declared as KPO is KPO, and the reason says it was declared."""
    process = attrs.evolve(PAYROLL, kind=OutsourcingKind.KPO, office=Office.FRONT)
    result = classify(process, client=CLIENT)
    assert (result.kind.value, result.office.value) == (OutsourcingKind.KPO, Office.FRONT)
    assert result.kind.reasons == ("declared in Process.kind",)


def test_no_provider_is_onshore() -> None:
    """With no provider the work stays in the client's country: onshore, and the reason says so."""
    result = classify(PAYROLL, client=CLIENT)
    assert result.shoring.value is Shoring.ONSHORE
    assert "no provider" in result.shoring.reasons[0]
    assert result.proximity is None


@pytest.mark.parametrize(
    ("process", "scope", "expected", "word"),
    [
        (PAYROLL, (), Coverage.TOTAL, "whole function"),
        (PAYROLL, (ScopeItem(name="Pay", tasks_kept=("validation",)),), Coverage.PARTIAL,
         "validation"),
        (PAYROLL, (ScopeItem(name="Pay", tasks_excluded=("hiring decisions",)),),
         Coverage.TOTAL, "whole function"),
        (attrs.evolve(PAYROLL, supervision=True), (), Coverage.PARTIAL, "supervision"),
        (attrs.evolve(PAYROLL, importance=StrategicImportance.CORE), (), Coverage.PARTIAL, "core"),
    ],
)  # fmt: skip
def test_coverage_rules(
    process: Process, scope: tuple[ScopeItem, ...], expected: Coverage, word: str
) -> None:
    """Kept-back tasks, wanted supervision or a core process make coverage partial; else total."""
    result = classify(
        process, client=CLIENT, provider=provider("FR"), contract=contract(scope=scope)
    )
    assert result.coverage.value is expected
    assert word in result.coverage.reasons[0]


@pytest.mark.parametrize(
    ("term", "frequency", "expected", "word"),
    [
        (Term(start="2026-01-01"), Frequency.DAILY, Horizon.STRATEGIC, "open-ended"),
        (Term(start="2026-01-01", end="2026-06-30"), Frequency.DAILY, Horizon.TACTICAL,
         "less than a year"),
        (Term(start="2026-01-01", end="2026-12-31"), Frequency.OCCASIONAL, Horizon.TACTICAL,
         "occasional"),
        (Term(start="2026-01-01", end="2026-12-31"), Frequency.DAILY, Horizon.STRATEGIC, "recurs"),
        (Term(start="2026-01-01", end="2028-12-31"), Frequency.OCCASIONAL, Horizon.STRATEGIC,
         "three years"),
        (Term(start="2026-01-01", end="2026-03-31", renewal=Renewal.TACIT), Frequency.OCCASIONAL,
         Horizon.STRATEGIC, "renews"),
    ],
)  # fmt: skip
def test_horizon_rules(term: Term, frequency: Frequency, expected: Horizon, word: str) -> None:
    """The term settles the horizon when it can; otherwise the frequency of the work does."""
    process = attrs.evolve(PAYROLL, frequency=frequency)
    result = classify(process, client=CLIENT, contract=contract(term=term))
    assert result.horizon.value is expected
    assert word in result.horizon.reasons[0]


def test_contract_with_another_provider_is_refused() -> None:
    """A contract whose provider is not the given one raises an error naming the field."""
    other = attrs.evolve(provider("MA"), id="other")
    with pytest.raises(InvalidValueError, match=r"Contract\.provider_id"):
        classify(PAYROLL, client=CLIENT, provider=other, contract=contract())


def test_contract_not_covering_the_process_is_refused() -> None:
    """A contract listing other processes raises an error naming the field."""
    with pytest.raises(InvalidValueError, match=r"Contract\.process_ids"):
        classify(PAYROLL, client=CLIENT, contract=contract(process_ids=("billing",)))


@pytest.mark.parametrize("bad", [None, "payroll", 3])
def test_wrong_argument_type_is_refused(bad: object) -> None:
    """Passing something that is not a Process raises an error naming the argument."""
    with pytest.raises(InvalidValueError, match="process"):
        classify(bad, client=CLIENT)  # type: ignore[arg-type]


def test_portfolio_accounts_for_every_process() -> None:
    """Each process gets one classification per contract covering it, or one on its own."""
    billing = Process(id="billing", name="Billing", function=BusinessFunction.INVOICING)
    support = Process(id="support", name="Support", function=BusinessFunction.CUSTOMER_SERVICE)
    second = attrs.evolve(contract(process_ids=("payroll",)), id="c2", horizon=Horizon.TACTICAL)
    portfolio = Portfolio(
        client=CLIENT,
        processes=(PAYROLL, billing, support),
        providers=(provider("MA"),),
        contracts=(contract(process_ids=("payroll", "billing")), second),
    )
    results = classify_portfolio(portfolio)
    assert [(r.process_id, r.contract_id) for r in results] == [
        ("payroll", "c1"), ("payroll", "c2"), ("billing", "c1"), ("support", None),
    ]  # fmt: skip
    assert results[1].horizon.declared
    assert results[3].shoring.value is Shoring.ONSHORE
    assert results[0].shoring.value is Shoring.NEARSHORE


def test_portfolio_must_be_a_portfolio() -> None:
    """Passing something else raises an error naming the argument."""
    with pytest.raises(InvalidValueError, match="portfolio"):
        classify_portfolio("portfolio")  # type: ignore[arg-type]


def test_scope_items_belong_to_their_process() -> None:
    """In a two-process contract, tasks kept for accounting do not make payroll partial."""
    portfolio = sample_portfolio()
    contract_ = portfolio.contract("atlas-finance")
    payroll = classify(portfolio.process("payroll"), client=portfolio.client, contract=contract_)
    accounting = classify(
        portfolio.process("accounting"), client=portfolio.client, contract=contract_
    )
    assert payroll.coverage.value is Coverage.TOTAL
    assert accounting.coverage.value is Coverage.PARTIAL
    assert accounting.coverage.reasons == (
        "the client keeps tasks of the process in house: Comptes annuels et liasses fiscales",
    )


def test_a_scope_item_must_name_a_process_of_the_contract() -> None:
    """A scope item's process must be one the contract covers."""
    with pytest.raises(UnknownReferenceError, match=r"scope\[0\]\.process_id.*'billing'"):
        contract(process_ids=["payroll"], scope=(ScopeItem(name="Billing", process_id="billing"),))
