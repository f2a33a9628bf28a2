from decimal import Decimal
from pathlib import Path

import pendulum

from outsourcing import (
    FixedFee,
    LifePhase,
    Money,
    PerUnit,
    Portfolio,
    RateCard,
    dumps,
    load,
    loads,
)
from outsourcing.samples import sample_portfolio, sample_text

EXAMPLE = Path(__file__).parent.parent / "examples" / "portfolio.toml"


def test_packaged_sample_is_the_example() -> None:
    """The portfolio shipped in the package is byte for byte ``examples/portfolio.toml``."""
    assert sample_text() == EXAMPLE.read_text(encoding="utf-8")


def test_example_loads_from_its_file() -> None:
    """`load` reads the example file into the same portfolio as the packaged sample."""
    assert load(EXAMPLE, Portfolio) == sample_portfolio()


def test_client_is_a_growing_french_sme() -> None:
    """The client is French, reports in euros and is in its growth phase."""
    client = sample_portfolio().client
    assert (client.country, client.currency, client.phase) == ("FR", "EUR", LifePhase.GROWTH)
    assert client.employees is not None
    assert client.employees < 250


def test_processes_have_in_house_costs_in_euros() -> None:
    """Payroll, accounting, customer service and IT maintenance each carry an EUR cost basis."""
    portfolio = sample_portfolio()
    assert {p.id for p in portfolio.processes} == {
        "payroll",
        "accounting",
        "customer-service",
        "it-maintenance",
    }
    for process in portfolio.processes:
        assert process.in_house is not None
        assert process.in_house.currency == "EUR"


def test_providers_are_nearshore_offshore_and_onshore() -> None:
    """Payroll and accounting go to Morocco, customer service to Madagascar, IT stays in France."""
    portfolio = sample_portfolio()
    countries = {
        process_id: portfolio.provider(portfolio.contracts_for(process_id)[0].provider_id).country
        for process_id in ("payroll", "accounting", "customer-service", "it-maintenance")
    }
    assert countries == {
        "payroll": "MA",
        "accounting": "MA",
        "customer-service": "MG",
        "it-maintenance": "FR",
    }


def test_contracts_carry_terms_pricing_slas_and_exit_plans() -> None:
    """Every contract has pricing, SLAs with credits, KPIs, clauses and a reversibility plan."""
    for contract in sample_portfolio().contracts:
        assert contract.pricing
        assert contract.slas
        assert any(sla.credit_tiers for sla in contract.slas)
        assert contract.kpis
        assert contract.clauses
        assert contract.reversibility is not None
        assert contract.indexation is not None
        assert contract.indexation.cap is not None


def test_key_figures_of_the_nearshore_contract() -> None:
    """The Casablanca contract: payslip tiers, a rate card, Paris and Casablanca calendars."""
    contract = sample_portfolio().contract("atlas-finance")
    assert contract.term.start == pendulum.Date(2025, 1, 1)
    assert contract.term.end == pendulum.Date(2027, 12, 31)
    payslips, team = contract.pricing[0], contract.pricing[1]
    assert isinstance(payslips, PerUnit)
    assert payslips.tiers[0].unit_price == Money("14.50", "EUR")
    assert isinstance(team, RateCard)
    assert sum((line.ftes for line in team.lines), Decimal(0)) == Decimal("2.5")
    assert {c.id for c in contract.calendars} == {"paris", "casablanca"}
    paris = contract.calendar("paris")
    assert paris is not None
    assert pendulum.Date(2025, 7, 14) in paris.closed_days
    casablanca = contract.calendar("casablanca")
    assert casablanca is not None
    assert pendulum.Date(2025, 7, 30) in casablanca.closed_days
    assert contract.data_protection.transfer_mechanism is not None


def test_it_contract_is_open_ended_with_a_fixed_fee() -> None:
    """The onshore IT contract has no end date and a fixed monthly fee."""
    contract = sample_portfolio().contract("rhone-it")
    assert contract.term.end is None
    assert FixedFee("Infogérance des postes et serveurs", Money(3200, "EUR")) in contract.pricing


def test_example_survives_a_round_trip_through_every_format() -> None:
    """Writing the example out as JSON, TOML or YAML and reading it back gives it unchanged."""
    portfolio = sample_portfolio()
    for fmt in ("json", "toml", "yaml"):
        assert loads(dumps(portfolio, fmt), Portfolio, fmt) == portfolio
