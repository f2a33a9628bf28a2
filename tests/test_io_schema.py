"""JSON Schema: generated from the classes, accepts every valid document, rejects bad shapes."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outsourcing import (
    SLA,
    Contract,
    FixedFee,
    Indexation,
    Money,
    Portfolio,
    Pricing,
    json_schema,
    structure,
    unstructure,
)
from outsourcing.testing import strategies as ost

PORTFOLIO_SCHEMA = json_schema(Portfolio)
PORTFOLIO_VALIDATOR = jsonschema.Draft202012Validator(PORTFOLIO_SCHEMA)


def _errors(validator: jsonschema.Draft202012Validator, document: object) -> list[str]:
    return [error.message for error in validator.iter_errors(document)]


@pytest.mark.parametrize("cls", [Portfolio, Contract, SLA, Money, FixedFee, Pricing])
def test_schemas_are_valid_draft_2020_12(cls: object) -> None:
    """Every generated schema is itself a valid draft 2020-12 schema."""
    schema = json_schema(cls)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio=ost.portfolios())
def test_schema_accepts_every_generated_portfolio(portfolio: Portfolio) -> None:
    """The document of any valid portfolio is valid against the schema."""
    assert _errors(PORTFOLIO_VALIDATOR, unstructure(portfolio)) == []


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(line=ost.pricing())
def test_pricing_schema_accepts_every_line(line: Pricing) -> None:
    """Each pricing variant, tagged by its kind, matches exactly one branch of the union."""
    validator = jsonschema.Draft202012Validator(json_schema(Pricing))
    assert _errors(validator, unstructure(line, Pricing)) == []


def _valid_contract_document() -> dict[str, Any]:
    return {
        "id": "c",
        "title": "Payroll",
        "client": "Acme",
        "provider_id": "p",
        "currency": "EUR",
        "term": {"start": "2024-01-31", "notice_period": "P3M"},
        "pricing": [
            {"kind": "fixed_fee", "name": "base", "monthly_fee": {"amount": "1", "currency": "EUR"}}
        ],
        "slas": [
            {
                "id": "r",
                "name": "Resolution",
                "metric": "resolution",
                "objective": "95",
                "target": "PT4H",
            }
        ],
    }


CONTRACT_VALIDATOR = jsonschema.Draft202012Validator(json_schema(Contract))


def test_reference_contract_is_valid() -> None:
    """The hand-written contract below is accepted, so each rejection tests one change."""
    assert _errors(CONTRACT_VALIDATOR, _valid_contract_document()) == []


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.update(surprise=1), ()),
        (lambda d: d.pop("currency"), ()),
        (lambda d: d["pricing"][0].update(kind="barter"), ("pricing", 0)),
        (lambda d: d["pricing"][0].pop("kind"), ("pricing", 0)),
        (lambda d: d["slas"][0].update(metric="speed"), ("slas", 0, "metric")),
        (lambda d: d["slas"][0].update(target="4 hours"), ("slas", 0, "target")),
        (lambda d: d["term"].update(start="31/01/2024"), ("term", "start")),
        (lambda d: d["term"].update(notice_period="3 months"), ("term", "notice_period")),
        (lambda d: d["slas"][0].update(objective=150), ("slas", 0, "objective")),
        (lambda d: d.update(process_ids="p1"), ("process_ids",)),
        (
            lambda d: d.update(indexation={"index": "Syntec", "expected_rate": 2, "floor": -100}),
            ("indexation",),  # an optional table: its own branches say which field
        ),
    ],
)
def test_schema_rejects_known_invalid_documents(change: Any, path: tuple[Any, ...]) -> None:
    """Unknown keys, missing keys, bad kinds, enums, durations and dates are rejected."""
    document = copy.deepcopy(_valid_contract_document())
    change(document)
    errors = list(CONTRACT_VALIDATOR.iter_errors(document))
    assert errors
    assert any(tuple(error.absolute_path) == path for error in errors)


def test_schema_mirrors_the_classes() -> None:
    """Required keys are the fields without defaults; derived calendar fields are absent."""
    sla = PORTFOLIO_SCHEMA["$defs"]["SLA"]
    assert sla["required"] == ["id", "name", "metric", "objective"]
    assert sla["additionalProperties"] is False
    assert sla["properties"]["period"]["default"] == "month"
    calendar = PORTFOLIO_SCHEMA["$defs"]["BusinessCalendar"]["properties"]
    assert "closed_days" not in calendar
    assert "holidays_version" not in calendar
    tiers = PORTFOLIO_SCHEMA["$defs"]["PriceTier"]
    assert tiers["required"] == ["unit_price"]  # up_to may be left out: None, the open tier
    kinds = {branch["$ref"] for branch in PORTFOLIO_SCHEMA["$defs"]["Pricing"]["oneOf"]}
    assert "#/$defs/FixedFee" in kinds


def test_negative_floors_and_expected_rates_are_valid() -> None:
    """A floor of -2 % (a fall of 2 % at most), as a number or as text, passes the schema."""
    document = copy.deepcopy(_valid_contract_document())
    document["indexation"] = {"index": "Syntec", "expected_rate": "-3", "cap": 3, "floor": -2}
    document["price_revision"] = {
        "indices": [{"index": "Syntec", "weight": "0.85"}],
        "fixed_share": "0.15",
        "reference_month": "2024-10-01",
        "floor": "-2",
    }
    assert _errors(CONTRACT_VALIDATOR, document) == []
    assert structure(document, Contract).indexation == Indexation("Syntec", -3, cap=3, floor=-2)


def test_unknown_type_has_no_schema() -> None:
    """Asking for the schema of something that is not a model type is a programmer error."""
    with pytest.raises(TypeError, match="no JSON Schema"):
        json_schema(complex)


@given(st.sampled_from(["P", "PT", "P1H", "PT4X", "", "P-1D"]))
def test_duration_pattern_rejects_malformed_text(text: str) -> None:
    """The SLA target pattern refuses what `parse_duration` refuses."""
    document = copy.deepcopy(_valid_contract_document())
    document["slas"][0]["target"] = text
    assert _errors(CONTRACT_VALIDATOR, document)
