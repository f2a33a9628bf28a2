"""Fuzzing: any JSON-like document fed to `structure` raises only `OutsourcingError`s."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import attrs
import pytest
from cattrs.errors import AttributeValidationNote, ForbiddenExtraKeysError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outsourcing import DocumentError, OutsourcingError, Portfolio, structure, unstructure
from outsourcing import model as domain
from outsourcing.model.pricing import PRICING_KINDS
from outsourcing.testing import strategies as ost

#: Every field name of the model: documents built from them reach deep into the converter.
FIELD_NAMES = sorted(
    {
        field.name
        for name in domain.__all__
        if attrs.has(cls := getattr(domain, name))
        for field in attrs.fields(cls)
    }
    | {"kind", "mon", "sun"}
)

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats()
    | st.decimals()
    | st.text(max_size=12)
    | st.sampled_from(
        ["EUR", "FR", "P3M", "PT4H", "2024-01-31", "09:00-18:00", "99.5", "1e999999", "-1", "NaN"]
    )
    | st.sampled_from(sorted(PRICING_KINDS))
)

JSON_LIKE = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=6), children, max_size=6)
    ),
    max_leaves=40,
)


def _cause_leaves(error: BaseException) -> list[BaseException]:
    if isinstance(error, BaseExceptionGroup):
        return [leaf for sub in error.exceptions for leaf in _cause_leaves(sub)]
    return [error]


def _is_expected_leaf(leaf: BaseException) -> bool:
    """Ours, an unknown key, or a required key missing (cattrs' KeyError naming the field)."""
    if isinstance(leaf, OutsourcingError | ForbiddenExtraKeysError):
        return True
    notes = [n for n in getattr(leaf, "__notes__", []) if isinstance(n, AttributeValidationNote)]
    return isinstance(leaf, KeyError) and bool(notes) and leaf.args == (notes[-1].name,)


def _document_error(data: object) -> DocumentError | None:
    """The DocumentError structuring raises (None if the document is valid)."""
    try:
        structure(data, Portfolio)
    except DocumentError as error:
        return error
    return None


def _assert_clean_failure(data: object) -> None:
    error = _document_error(data)
    if error is None:
        return
    assert error.errors
    assert all(line.startswith("$") for line in error.errors)
    cause = error.__cause__
    assert cause is not None
    unexpected = [leaf for leaf in _cause_leaves(cause) if not _is_expected_leaf(leaf)]
    assert not unexpected, unexpected


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=JSON_LIKE)
def test_arbitrary_documents_raise_only_outsourcing_errors(data: object) -> None:
    """Arbitrary JSON-like data never escapes as KeyError, TypeError or a decimal error."""
    _assert_clean_failure(data)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(client=JSON_LIKE, providers=st.lists(JSON_LIKE, max_size=2))
def test_arbitrary_parts_of_a_portfolio(client: object, providers: list[object]) -> None:
    """Arbitrary values under the portfolio's own keys fail cleanly too."""
    _assert_clean_failure({"client": client, "providers": providers, "contracts": [client]})


def _paths(document: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a document."""
    found = [path]
    if isinstance(document, dict):
        for key, value in document.items():
            found += _paths(value, (*path, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += _paths(value, (*path, index))
    return found


def _json_path(path: tuple[Any, ...]) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


MUTATIONS = ("drop", "replace", "extra_key", "negative", "huge", "float", "wrong_text")


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    portfolio=ost.portfolios(max_items=2, with_calendars=False),
    data=st.data(),
)
def test_mutated_valid_documents_fail_cleanly(portfolio: Portfolio, data: st.DataObject) -> None:
    """Dropping keys, wrong types, out-of-range values and extra keys fail with clean errors."""
    document = unstructure(portfolio)
    mutated = copy.deepcopy(document)
    path = data.draw(st.sampled_from(_paths(mutated)[1:]))
    *parents, last = path
    parent: Any = mutated
    for step in parents:
        parent = parent[step]
    mutation = data.draw(st.sampled_from(MUTATIONS))
    added_key = mutation == "extra_key" and isinstance(parent[last], dict)
    if mutation == "drop" and isinstance(parent, dict):
        del parent[last]
    elif added_key:
        parent[last]["unexpected"] = 1
    elif mutation == "negative":
        parent[last] = "-1"
    elif mutation == "huge":
        parent[last] = 10**40
    elif mutation == "float":
        parent[last] = 1.5
    elif mutation == "wrong_text":
        parent[last] = "P-3M"
    else:
        parent[last] = data.draw(JSON_LIKE)
    _assert_clean_failure(mutated)
    if added_key:
        with pytest.raises(DocumentError) as caught:
            structure(mutated, Portfolio)
        where = _json_path((*path, "unexpected"))
        assert f"{where}: unknown key" in caught.value.errors


@pytest.mark.parametrize(
    "value",
    ["1e999999999", "-0", Decimal("NaN"), "Infinity", 10**400, "1" * 5000, "P99999999999999Y"],
)
def test_extreme_numbers_fail_cleanly(value: object) -> None:
    """Extreme numeric text and durations are reported, not raised as decimal or overflow errors."""
    document: dict[str, Any] = {
        "client": {"name": "A", "country": "FR", "currency": "EUR", "employees": value},
        "processes": [
            {
                "id": "p",
                "name": "P",
                "function": "payroll",
                "in_house": {
                    "ftes": value,
                    "loaded_salary": {"amount": value, "currency": "EUR"},
                    "overheads": {"amount": "0", "currency": "EUR"},
                    "rent_and_equipment": {"amount": "0", "currency": "EUR"},
                    "recruitment_per_hire": {"amount": "0", "currency": "EUR"},
                    "training_per_hire": {"amount": "0", "currency": "EUR"},
                    "annual_turnover": value,
                },
            }
        ],
    }
    _assert_clean_failure(document)
    sla = {"id": "s", "name": "S", "metric": "resolution", "objective": "90", "target": value}
    with pytest.raises(DocumentError):
        structure(sla, domain.SLA)
