import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest

from case_ids import case_id
from outsourcing import (
    BusinessFunction,
    Client,
    Contract,
    CurrencyMismatchError,
    DocumentError,
    InHouseCost,
    InvalidValueError,
    Money,
    OutsourcingError,
    Percentage,
    Portfolio,
    Process,
    Provider,
    SubProcessor,
    Term,
    UnknownReferenceError,
)
from outsourcing.model._checks import aware

Rejects = Callable[[Callable[[], object], str, object], OutsourcingError]

CLIENT = Client("Maison Verdier SAS", "FR", "EUR")


def eur(amount: int) -> Money:
    """An amount in euros."""
    return Money(amount, "EUR")


def in_house(**changes: object) -> InHouseCost:
    """One payroll officer's yearly cost in euros, with ``changes`` applied."""
    fields: dict[str, object] = {
        "ftes": 1,
        "loaded_salary": eur(52000),
        "overheads": eur(9000),
        "rent_and_equipment": eur(6500),
        "recruitment_per_hire": eur(7000),
        "training_per_hire": eur(4000),
    } | changes
    return InHouseCost(**fields)  # type: ignore[arg-type]


def provider(**changes: object) -> Provider:
    """A Casablanca provider billing in euros, with ``changes`` applied."""
    fields: dict[str, object] = {
        "id": "atlas",
        "name": "Atlas Back Office SARL",
        "country": "MA",
        "timezone": "Africa/Casablanca",
        "billing_currency": "EUR",
    } | changes
    return Provider(**fields)  # type: ignore[arg-type]


def contract(contract_id: str = "c1", provider_id: str = "atlas", *processes: str) -> Contract:
    """A contract with ``provider_id`` covering ``processes``."""
    return Contract(
        id=contract_id,
        title="Services",
        client=CLIENT.name,
        provider_id=provider_id,
        currency="EUR",
        term=Term(start="2025-01-01"),
        process_ids=processes,
    )


PAYROLL = Process("payroll", "Payroll", BusinessFunction.PAYROLL, personal_data=True)
ACCOUNTING = Process("accounting", "Accounting", BusinessFunction.ACCOUNTING)


@attrs.frozen
class Ticket:
    """A stand-in for a model class with a time-zone-aware instant."""

    opened: dt.datetime = attrs.field(validator=aware)
    closed: dt.datetime | None = attrs.field(default=None, validator=aware)


@pytest.mark.parametrize(
    ("build", "field", "value"),
    [
        (lambda: Client("", "FR", "EUR"), "Client.name", ""),
        (lambda: Client("Verdier", "FRA", "EUR"), "Client.country", "FRA"),
        (lambda: Client("Verdier", "FR", "FRF"), "Client.currency", "FRF"),
        (
            lambda: Process("p", "Payroll", BusinessFunction.PAYROLL, special_category_data=True),
            "Process.special_category_data",
            True,
        ),
        (
            lambda: Process("p", "Payroll", BusinessFunction.PAYROLL, monthly_volume=-1),
            "Process.monthly_volume",
            -1,
        ),
        (lambda: Process("p", " ", BusinessFunction.PAYROLL), "Process.name", " "),
        (lambda: in_house(ftes="-0.5"), "InHouseCost.ftes", Decimal("-0.5")),
        (lambda: in_house(overheads=eur(-1)), "InHouseCost.overheads", eur(-1)),
        (lambda: in_house(annual_turnover=120), "InHouseCost.annual_turnover", Decimal(120)),
        (
            lambda: in_house(training_per_hire=Money(40000, "MAD")),
            "InHouseCost",
            ["EUR", "MAD"],
        ),
        (lambda: provider(country="Morocco"), "Provider.country", "Morocco"),
        (lambda: provider(timezone="Casablanca"), "Provider.timezone", "Casablanca"),
        (lambda: provider(billing_currency="DH"), "Provider.billing_currency", "DH"),
        (lambda: provider(languages=["fra"]), "Provider.languages", "fra"),
        (lambda: provider(founded=1700), "Provider.founded", 1700),
        (lambda: SubProcessor("Cloud", "UK"), "SubProcessor.country", "UK"),
        (lambda: Portfolio(CLIENT, processes=[PAYROLL, PAYROLL]), "Portfolio.processes", "payroll"),
        (
            lambda: Portfolio(CLIENT, providers=[provider(), provider()]),
            "Portfolio.providers",
            "atlas",
        ),
        (
            lambda: Portfolio(
                CLIENT, providers=[provider()], contracts=[contract("c"), contract("c")]
            ),
            "Portfolio.contracts",
            "c",
        ),
        (
            lambda: Portfolio(CLIENT, providers=[provider()], contracts=[contract("c", "tana")]),
            "Portfolio.contracts[0].provider_id",
            "tana",
        ),
        (
            lambda: Portfolio(
                CLIENT,
                processes=[PAYROLL],
                providers=[provider()],
                contracts=[contract("c", "atlas", "payroll", "billing")],
            ),
            "Portfolio.contracts[0].process_ids",
            "billing",
        ),
        (lambda: Portfolio(CLIENT).process("payroll"), "process", "payroll"),
        (lambda: Portfolio(CLIENT).provider("atlas"), "provider", "atlas"),
        (lambda: Portfolio(CLIENT).contract("c1"), "contract", "c1"),
        (lambda: Ticket(dt.datetime(2025, 1, 6, 9)), "Ticket.opened", dt.datetime(2025, 1, 6, 9)),  # noqa: DTZ001 - the naive datetime is the invalid input
        (lambda: Ticket("2025-01-06T09:00Z"), "Ticket.opened", "2025-01-06T09:00Z"),  # type: ignore[arg-type]
    ],
    ids=case_id,
)
def test_invalid_parties_name_the_field_and_value(
    rejects: Rejects, build: Callable[[], object], field: str, value: object
) -> None:
    """Bad codes, mixed currencies, naive datetimes and dangling references raise naming both."""
    error = rejects(build, field, value)
    assert isinstance(error, InvalidValueError | UnknownReferenceError)


def test_aware_datetimes_are_accepted() -> None:
    """Datetimes with a time zone pass, and an optional instant may be None."""
    opened = dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC)
    assert Ticket(opened).closed is None
    assert Ticket(opened, opened + dt.timedelta(hours=2)).opened == opened


def test_portfolio_lookups() -> None:
    """Processes, providers and contracts are found by id; `contracts_for` lists a process's."""
    portfolio = Portfolio(
        CLIENT,
        processes=[PAYROLL, ACCOUNTING],
        providers=[provider(), provider(id="tana", country="MG", timezone="Indian/Antananarivo")],
        contracts=[
            contract("c1", "atlas", "payroll", "accounting"),
            contract("c2", "tana", "payroll"),
        ],
    )
    assert portfolio.process("accounting") is ACCOUNTING
    assert portfolio.provider("tana").country == "MG"
    assert portfolio.contract("c2").provider_id == "tana"
    assert [c.id for c in portfolio.contracts_for("payroll")] == ["c1", "c2"]
    assert [c.id for c in portfolio.contracts_for("accounting")] == ["c1"]
    assert portfolio.contracts_for("it") == ()


def test_in_house_cost_defaults() -> None:
    """Turnover defaults to 0 % and the currency is that of the amounts."""
    cost = in_house(annual_turnover="12.5")
    assert cost.annual_turnover == Percentage("12.5")
    assert in_house().annual_turnover == Percentage(0)
    assert cost.currency == "EUR"


def test_provider_collections() -> None:
    """Languages, capabilities and certifications are sets; sub-processors a tuple."""
    built = provider(
        languages=["fr", "ar", "fr"],
        capabilities=[BusinessFunction.PAYROLL],
        sub_processors=[SubProcessor("PaieCloud SAS", "FR", authorised=True)],
    )
    assert built.languages == frozenset({"fr", "ar"})
    assert built.sub_processors[0].authorised


def test_every_error_is_an_outsourcing_error() -> None:
    """Each exception class derives from `OutsourcingError` and from `ValueError`."""
    for error in (
        InvalidValueError("Money.amount", 1.5, "bad"),
        CurrencyMismatchError("EUR", "MAD", "add"),
        UnknownReferenceError("calendar", "lyon", []),
        DocumentError(["$.client: missing"]),
    ):
        assert isinstance(error, OutsourcingError)
        assert isinstance(error, ValueError)
    assert "(known: none)" in str(UnknownReferenceError("calendar", "lyon", []))
    document = DocumentError(["$.a: x", "$.b: y"], "portfolio")
    assert str(document) == "invalid portfolio (2 problem(s)):\n  $.a: x\n  $.b: y"
    assert document.errors == ("$.a: x", "$.b: y")
