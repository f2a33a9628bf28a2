"""The "add a pricing kind" recipe of docs/where-things-live.md, followed in this file alone.

A kind the library does not have — a licence priced per seat, plus a one-off set-up fee — is
one frozen class with a ``KIND``, a ``name``, a ``currency`` and ``charges()``, registered
with `register_pricing`. Costs, the planned invoice that credits apply to, documents and the
JSON Schema then know it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import ClassVar

import attrs
import pendulum
import pytest

from outsourcing import (
    BusinessFunction,
    Contract,
    CostAssumptions,
    DocumentError,
    InvalidValueError,
    Money,
    Process,
    Term,
    dumps,
    json_schema,
    loads,
    project_costs,
)
from outsourcing.model.pricing import (
    PRICING_KINDS,
    Charge,
    MonthlyAmount,
    OneOff,
    register_pricing,
    unregister_pricing,
)
from outsourcing.presentation.summary import portfolio_summary
from outsourcing.sla.credits import planned_monthly_charge


@attrs.frozen
class SeatLicence:
    """The recipe's one step: seats × a price per seat a month, and a set-up fee once."""

    KIND: ClassVar[str] = "seat_licence"
    name: str
    seats: int
    price_per_seat: Money
    set_up: Money
    set_up_due: pendulum.Date

    @property
    def currency(self) -> str:
        """Billing currency."""
        return self.price_per_seat.currency

    def charges(self) -> tuple[Charge, ...]:
        """The seats every month; the set-up fee on its date."""
        return (
            MonthlyAmount(self.price_per_seat * self.seats),
            OneOff(self.set_up, self.set_up_due, "set-up"),
        )


@pytest.fixture(autouse=True)
def _registered() -> Iterator[None]:
    """The recipe's step, taken for each test and undone after it (the table is global)."""
    register_pricing(SeatLicence)
    yield
    unregister_pricing(SeatLicence.KIND)


LICENCE = SeatLicence(
    name="CRM licences",
    seats=40,
    price_per_seat=Money("35.50", "EUR"),
    set_up=Money("2500", "EUR"),
    set_up_due=pendulum.Date(2025, 2, 15),
)


def _contract() -> Contract:
    return Contract(
        id="crm",
        title="CRM",
        client="Client",
        provider_id="provider",
        currency="EUR",
        term=Term(start="2025-01-01"),
        pricing=[LICENCE],
    )


def test_the_kind_is_registered_under_its_tag() -> None:
    """The tag names the class; another class under a taken tag is refused."""
    assert PRICING_KINDS["seat_licence"] is SeatLicence
    assert register_pricing(SeatLicence) is SeatLicence

    @attrs.frozen
    class Impostor:
        KIND: ClassVar[str] = "fixed_fee"
        name: str = "x"

        def charges(self) -> tuple[Charge, ...]:
            return ()

    with pytest.raises(InvalidValueError, match="already FixedFee"):
        register_pricing(Impostor)
    with pytest.raises(InvalidValueError, match="built in"):
        unregister_pricing("fixed_fee")


def test_the_cost_projection_prices_it_by_hand() -> None:
    """40 seats × 35.50 € = 1,420.00 € every month; the 2,500.00 € set-up in February only."""
    projection = project_costs(
        Process(id="crm", name="CRM", function=BusinessFunction.IT_MAINTENANCE),
        _contract(),
        assumptions=CostAssumptions(start="2025-01-01", months=3, currency="EUR"),
    )
    fees = {
        line.label.name: line.amounts for line in projection.lines if line.label.group == "fees"
    }
    assert fees["crm: CRM licences"] == (Decimal("1420.00"),) * 3
    assert fees["crm: CRM licences / set-up"] == (
        Decimal("0.00"),
        Decimal("2500.00"),
        Decimal("0.00"),
    )


def test_credits_apply_to_its_monthly_amount() -> None:
    """The planned monthly invoice, which credits are taken on, holds the seats (not the set-up)."""
    assert planned_monthly_charge(_contract()) == Money("1420.00", "EUR")


def test_documents_and_the_schema_know_it() -> None:
    """A contract with the new kind round-trips through TOML and JSON; the schema lists the tag."""
    contract = _contract()
    for text_format in ("toml", "json"):
        assert loads(dumps(contract, text_format), Contract, text_format) == contract
    schema = json_schema(Contract)
    variants = [v["$ref"].rsplit("/", 1)[1] for v in schema["$defs"]["Pricing"]["oneOf"]]
    assert "SeatLicence" in variants
    assert schema["$defs"]["SeatLicence"]["properties"]["kind"]["const"] == "seat_licence"
    broken = dumps(contract, "json").replace('"seats": 40', '"seats": "forty"')
    with pytest.raises(DocumentError, match=r"\$\.pricing\[0\]\.seats"):
        loads(broken, Contract, "json")


def test_the_plain_summary_describes_it_from_its_charges() -> None:
    """A kind the summary has no wording for is described by what it charges."""
    from outsourcing import Client, Portfolio, Provider  # noqa: PLC0415 - this test only

    portfolio = Portfolio(
        client=Client(name="Client", country="FR", currency="EUR"),
        providers=[
            Provider(
                id="provider",
                name="Provider",
                country="FR",
                timezone="Europe/Paris",
                billing_currency="EUR",
            )
        ],
        contracts=[_contract()],
    )
    text = portfolio_summary(portfolio)
    assert "CRM licences: seat_licence, 1,420.00 EUR a month; 2,500.00 EUR on 2025-02-15" in text
    assert dt.date(2025, 2, 15).isoformat() in text
