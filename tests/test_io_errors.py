"""Errors in documents: every problem reported at once, each with its JSON path."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from outsourcing import (
    SLA,
    DocumentError,
    Money,
    OutsourcingError,
    Portfolio,
    UnknownFormatError,
    load,
    loads,
    structure,
)


def _portfolio_document() -> dict[str, Any]:
    return {
        "client": {"name": "Acme", "country": "FR", "currency": "EUR"},
        "providers": [
            {
                "id": "p",
                "name": "Provider",
                "country": "MA",
                "timezone": "Africa/Casablanca",
                "billing_currency": "EUR",
            }
        ],
        "contracts": [
            {
                "id": "c",
                "title": "Payroll",
                "client": "Acme",
                "provider_id": "p",
                "currency": "EUR",
                "term": {"start": "2024-01-31", "notice_period": "P3M"},
                "pricing": [
                    {
                        "kind": "fixed_fee",
                        "name": "base",
                        "monthly_fee": {"amount": "100.50", "currency": "EUR"},
                    }
                ],
                "slas": [
                    {"id": "a", "name": "A", "metric": "availability", "objective": "99.5"},
                    {"id": "b", "name": "B", "metric": "availability", "objective": "99"},
                ],
            }
        ],
    }


def _problems(data: object, cls: type[Any] = Portfolio) -> tuple[str, ...]:
    with pytest.raises(DocumentError) as caught:
        structure(data, cls)
    return caught.value.errors


def test_valid_document_builds() -> None:
    """The reference document is valid, so the error tests below change one thing at a time."""
    portfolio = structure(_portfolio_document(), Portfolio)
    assert portfolio.contracts[0].slas[1].objective.value == 99


def test_issue_example_message() -> None:
    """An SLA objective of 150 is reported exactly as in the issue."""
    document = _portfolio_document()
    document["contracts"][0]["slas"][1]["objective"] = 150
    assert _problems(document) == ("$.contracts[0].slas[1].objective: must be <= 100, got 150",)


def test_several_problems_reported_at_once() -> None:
    """Problems in different objects and fields are all listed, each with its own path."""
    document = _portfolio_document()
    contract = document["contracts"][0]
    contract["slas"][1]["objective"] = "150"
    contract["slas"][0]["surprise"] = True
    contract["pricing"].append({"kind": "barter", "name": "x"})
    del document["client"]["currency"]
    document["providers"][0]["founded"] = "1990"
    problems = set(_problems(document))
    assert problems == {
        "$.contracts[0].slas[1].objective: must be <= 100, got 150",
        "$.contracts[0].slas[0].surprise: unknown key",
        (
            "$.contracts[0].pricing[1].kind: must be one of: fixed_fee, hourly, milestones, "
            "minimum_commitment, per_unit, rate_card, got 'barter'"
        ),
        "$.client.currency: required key missing",
        "$.providers[0].founded: must be a whole number, got '1990'",
    }


def test_cross_field_problem_names_the_field() -> None:
    """A validator failing inside an object's __init__ reports the field it checked."""
    document = _portfolio_document()
    document["contracts"][0]["term"]["end"] = "2023-01-01"
    (problem,) = _problems(document)
    assert problem.startswith("$.contracts[0].term.end: must not be before start 2024-01-31")


def test_unknown_reference_is_a_document_problem() -> None:
    """A contract naming an unknown provider is reported at the portfolio's path."""
    document = _portfolio_document()
    document["contracts"][0]["provider_id"] = "ghost"
    (problem,) = _problems(document)
    assert problem.startswith("$.contracts[0].provider_id: unknown reference 'ghost'")


def test_floats_refused_for_decimals() -> None:
    """A float amount is refused with advice; exact decimal text is accepted."""
    (problem,) = _problems({"amount": 12.5, "currency": "EUR"}, Money)
    assert problem.startswith("$.amount: must be an exact decimal")
    assert structure({"amount": "12.5", "currency": "EUR"}, Money) == Money("12.5", "EUR")


def test_wrong_shapes_are_reported() -> None:
    """A list where an object is expected, and text where a list is expected, are reported."""
    assert _problems([], Portfolio) == ("$: must be an object (a mapping), got []",)
    document = _portfolio_document()
    document["contracts"][0]["slas"] = "none"
    assert _problems(document) == ("$.contracts[0].slas: must be a list, got 'none'",)


def test_sla_time_target_problems() -> None:
    """A bad ISO 8601 duration is reported at the SLA's target."""
    data = {
        "id": "r",
        "name": "Resolution",
        "metric": "resolution",
        "objective": "90",
        "target": "4 hours",
    }
    (problem,) = _problems(data, SLA)
    assert problem.startswith("$.target: must be an ISO 8601 duration")


@pytest.mark.parametrize(
    ("text", "fmt"),
    [("{", "json"), ("a = ", "toml"), ("[x", "yaml")],
)
def test_malformed_text(text: str, fmt: Any) -> None:
    """Syntax errors in each format raise DocumentError naming the format."""
    with pytest.raises(DocumentError, match=fmt.upper()):
        loads(text, Money, fmt)


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    """An unknown format or suffix, and a missing file, raise OutsourcingError subclasses."""
    with pytest.raises(UnknownFormatError, match="'xml'"):
        loads("<a/>", Money, "xml")  # type: ignore[call-overload]
    with pytest.raises(UnknownFormatError, match=r"\.ini"):
        load(tmp_path / "money.ini", Money)
    with pytest.raises(DocumentError, match=r"money\.json"):
        load(tmp_path / "money.json", Money)


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    """Problems found in a file are reported under the file's name."""
    path = tmp_path / "portfolio.json"
    document = copy.deepcopy(_portfolio_document())
    document["client"]["country"] = "XX"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(OutsourcingError, match=r"portfolio\.json") as caught:
        load(path, Portfolio)
    assert isinstance(caught.value, DocumentError)
    assert caught.value.errors == (
        "$.client.country (line 1, column 29): unknown ISO 3166-1 alpha-2 country, got 'XX'",
    )


def test_long_error_lists_are_shortened_in_the_message_only() -> None:
    """The message shows the first problems and a count; `errors` keeps every one."""
    document = {"processes": [{"id": str(i)} for i in range(30)]}
    with pytest.raises(DocumentError) as caught:
        structure(document, Portfolio)
    errors = caught.value.errors
    assert len(errors) == 1 + 2 * 30  # the client, then a name and a function per process
    message = str(caught.value)
    assert f"({len(errors)} problem(s))" in message
    assert f"… and {len(errors) - DocumentError.SHOWN} more" in message
    assert errors[-1] not in message
