import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli_helpers import run
from outsourcing import (
    DocumentError,
    LifePhase,
    Money,
    PerUnit,
    Portfolio,
    Scenario,
    apply_changes,
    dumps,
    load_scenario,
    loads_scenario,
)
from outsourcing.samples import sample_portfolio
from outsourcing.testing import strategies

PORTFOLIO = Path(__file__).parent.parent / "examples" / "portfolio.toml"
TICKET_PRICE = "contracts[tana-care].pricing[0].tiers[0].unit_price"


def _ticket_line(portfolio: Portfolio) -> PerUnit:
    line = portfolio.contract("tana-care").pricing[0]
    assert isinstance(line, PerUnit)
    return line


def test_a_change_by_path_sets_one_value_and_keeps_the_rest() -> None:
    """Setting the first ticket tier's price changes that price only, the currency kept."""
    portfolio = sample_portfolio()
    changed = apply_changes(portfolio, {TICKET_PRICE: "2.415"})
    assert _ticket_line(changed).tiers[0].unit_price == Money("2.415", "EUR")
    assert _ticket_line(changed).tiers[1:] == _ticket_line(portfolio).tiers[1:]
    assert changed.contracts[0] == portfolio.contracts[0]
    assert changed.processes == portfolio.processes
    assert _ticket_line(portfolio).tiers[0].unit_price == Money("2.10", "EUR")


def test_items_are_selected_by_position_id_or_name() -> None:
    """``contracts[1]``, ``contracts[tana-care]`` and ``pricing['Tickets traités']`` agree."""
    portfolio = sample_portfolio()
    by_id = apply_changes(portfolio, {"$.contracts[tana-care].pricing[0].monthly_volume": 6900})
    by_position = apply_changes(portfolio, {"contracts[1].pricing[0].monthly_volume": "6900"})
    by_name = apply_changes(
        portfolio, {"contracts[tana-care].pricing['Tickets traités'].monthly_volume": 6900}
    )
    assert by_id == by_position == by_name
    assert _ticket_line(by_id).monthly_volume == 6900


def test_a_star_multiplies_numbers_and_amounts() -> None:
    """``"*1.15"`` is +15 %: 2.10 EUR becomes 2.415 EUR and 6,000 tickets 6,900."""
    changed = apply_changes(
        sample_portfolio(),
        {TICKET_PRICE: "*1.15", "contracts[tana-care].pricing[0].monthly_volume": "*1.15"},
    )
    assert _ticket_line(changed).tiers[0].unit_price == Money("2.415", "EUR")
    assert _ticket_line(changed).monthly_volume == 6900


def test_amounts_may_name_their_currency_and_objects_are_accepted() -> None:
    """An amount written with its currency, or given as `Money`, replaces amount and currency."""
    portfolio = sample_portfolio()
    as_text = apply_changes(portfolio, {TICKET_PRICE: "2.20 EUR"})
    as_money = apply_changes(portfolio, {TICKET_PRICE: Money("2.20", "EUR")})
    as_decimal = apply_changes(portfolio, {TICKET_PRICE: Decimal("2.20")})
    assert as_text == as_money == as_decimal
    phase = apply_changes(portfolio, {"client.phase": LifePhase.STEADY})
    assert phase.client.phase is LifePhase.STEADY


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {"contracts[tana-care].pricing[7]": "1"},
            "$.contracts[tana-care].pricing[7]: no such line (3 lines)",
        ),
        ({"contracts[nope].title": "x"}, "$.contracts[nope]: no such contract (3 contracts)"),
        ({"client.nope.name": "x"}, "$.client.nope: no such field"),
        ({"client.name[0]": "x"}, "$.client.name[0]: name is not a list"),
        (
            {"contracts[tana-care].title": "*2"},
            (
                "$.contracts[tana-care].title: cannot multiply 'Contrat de service client', "
                "which is not a number or an amount"
            ),
        ),
        ({TICKET_PRICE: "*abc"}, f"$.{TICKET_PRICE}: '*abc' is not a factor (write '*1.15')"),
        ({"client..name": "x"}, "'client..name': cannot read '..name'"),
        ({"[0].title": "x"}, "'[0].title': a path starts with a field name"),
        ({"$": "x"}, "'$': a path starts with a field name"),
    ],
)
def test_paths_that_name_nothing_are_errors_naming_the_path(
    changes: dict[str, object], problem: str
) -> None:
    """A missing item or field, or a factor on text, raises a `DocumentError` naming the path."""
    with pytest.raises(DocumentError) as caught:
        apply_changes(sample_portfolio(), changes)
    assert list(caught.value.errors) == [problem]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {TICKET_PRICE: "-3"},
            f"$.{TICKET_PRICE}: must be >= 0, got Money(amount=Decimal('-3'), currency='EUR')",
        ),
        (
            {"client.phase": "booming"},
            "$.client.phase: must be one of: steady, growth, transformation, sale, got 'booming'",
        ),
        (
            {"contracts[tana-care].pricng": 1},
            "$.contracts[tana-care].pricng: unknown key (did you mean 'pricing'?)",
        ),
        (
            {"contracts[tana-care].provider_id": "nobody"},
            (
                "$.contracts[tana-care].provider_id: unknown reference 'nobody' "
                "(known: atlas-bpo, rhone-infogerance, tana-contact)"
            ),
        ),
    ],
)
def test_changes_are_validated_like_a_loaded_document(
    changes: dict[str, object], problem: str
) -> None:
    """An invalid new value is reported like a document error, at the path as written."""
    with pytest.raises(DocumentError) as caught:
        apply_changes(sample_portfolio(), changes)
    assert list(caught.value.errors) == [problem]


def test_scenarios_load_from_toml_and_apply() -> None:
    """A TOML scenario with a name and a [changes] table applies like the same mapping."""
    text = f"""
name = "dearer tickets"
description = "The provider asks 15 % more per ticket."

[changes]
"{TICKET_PRICE}" = "*1.15"
"client.phase" = "steady"
"""
    scenario = loads_scenario(text)
    assert scenario == Scenario(
        {TICKET_PRICE: "*1.15", "client.phase": "steady"},
        name="dearer tickets",
        description="The provider asks 15 % more per ticket.",
    )
    changed = scenario.apply(sample_portfolio())
    assert _ticket_line(changed).tiers[0].unit_price == Money("2.415", "EUR")
    assert changed.client.phase is LifePhase.STEADY


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('name = "x"', "scenario: a scenario needs a [changes] table"),
        ('nme = "x"\n[changes]\n"client.name" = "y"', "$.nme: unknown key"),
    ],
)
def test_malformed_scenarios_are_document_errors(text: str, problem: str) -> None:
    """A scenario without changes, or with an unknown key, is refused with its problem."""
    with pytest.raises(DocumentError) as caught:
        loads_scenario(text)
    assert list(caught.value.errors) == [problem]


def test_costs_command_applies_a_scenario(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``costs --scenario`` reports the changed portfolio: more tickets, higher outsourced cost."""
    scenario = tmp_path / "dearer.toml"
    scenario.write_text(
        '[changes]\n"contracts[tana-care].pricing[0].tiers[*]" = "x"\n', encoding="utf-8"
    )
    status, _, err = run(capsys, "costs", str(PORTFOLIO), "--scenario", str(scenario))
    assert status == 2
    assert "$.contracts[tana-care].pricing[0].tiers[*]: no such tier (3 tiers)" in err
    volume = "contracts[tana-care].pricing[0].monthly_volume"
    scenario.write_text(f'[changes]\n"{volume}" = "*1.5"\n', encoding="utf-8")

    def outsourced(*extra: str) -> Decimal:
        argv = ("costs", str(PORTFOLIO), "--contract", "tana-care", "--format", "json", *extra)
        status, out, _ = run(capsys, *argv)
        assert status == 0
        section = next(s for s in json.loads(out)["sections"] if s["key"] == "costs")
        figures = next(b for b in section["blocks"] if b["type"] == "key_figures")["items"]
        values = {f["label"]: f["value"] for f in figures}
        return Decimal(values["Outsourced (all costs)"]["amount"])

    assert outsourced("--scenario", str(scenario)) > outsourced()


def test_a_scenario_file_that_is_missing_is_a_user_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A missing scenario file exits with status 2 and names the file."""
    missing = tmp_path / "missing.toml"
    status, _, err = run(capsys, "costs", str(PORTFOLIO), "--scenario", str(missing))
    assert status == 2
    assert str(missing) in err


def test_load_scenario_reads_a_file(tmp_path: Path) -> None:
    """`load_scenario` reads the format its suffix names."""
    path = tmp_path / "s.json"
    path.write_text('{"name": "n", "changes": {"client.employees": 200}}', encoding="utf-8")
    assert load_scenario(path).apply(sample_portfolio()).client.employees == 200


@given(st.decimals(min_value=0, max_value=100, places=4))
def test_setting_a_price_by_path_equals_building_it(price: Decimal) -> None:
    """Whatever the price, setting it by path gives the price in the model, exactly."""
    changed = apply_changes(sample_portfolio(), {TICKET_PRICE: str(price)})
    assert _ticket_line(changed).tiers[0].unit_price == Money(price, "EUR")


@given(st.decimals(min_value=0, max_value=10, places=3))
def test_a_factor_by_path_equals_money_times_the_factor(factor: Decimal) -> None:
    """``"*f"`` on an amount gives exactly the amount times ``f`` (`Money` arithmetic)."""
    portfolio = sample_portfolio()
    changed = apply_changes(portfolio, {TICKET_PRICE: f"*{factor}"})
    before = _ticket_line(portfolio).tiers[0].unit_price
    assert _ticket_line(changed).tiers[0].unit_price == before * factor


def test_no_changes_give_an_equal_portfolio_and_scenarios_round_trip() -> None:
    """An empty scenario changes nothing; a scenario written as TOML reads back equal."""
    portfolio = sample_portfolio()
    assert apply_changes(portfolio, {}) == portfolio
    scenario = Scenario({TICKET_PRICE: "*1.15"}, name="dearer")
    assert loads_scenario(dumps(scenario, "toml")) == scenario


@settings(max_examples=25)
@given(strategies.portfolios(max_items=2), strategies.texts())
def test_any_portfolio_survives_changes_by_path(portfolio: Portfolio, name: str) -> None:
    """For any portfolio: no change gives it back; a change by path lands where it points."""
    assert apply_changes(portfolio, {}) == portfolio
    renamed = apply_changes(portfolio, {"client.name": name})
    assert renamed.client.name == name
    assert attrs.evolve(renamed, client=portfolio.client) == portfolio
    for contract in portfolio.contracts:
        titled = apply_changes(portfolio, {f"contracts[{contract.id}].title": name})
        assert titled.contract(contract.id).title == name
        assert [c.id for c in titled.contracts] == [c.id for c in portfolio.contracts]
