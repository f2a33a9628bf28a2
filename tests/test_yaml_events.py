"""YAML built from libyaml's events equals what PyYAML's loader builds, unusual ones included."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import yaml
from hypothesis import given, settings

from outsourcing import DocumentError, Portfolio, dumps
from outsourcing.io import formats
from outsourcing.io.formats import parse_text
from outsourcing.testing import strategies as ost

pytestmark = pytest.mark.skipif(
    formats._YamlLoader is formats._DecimalSafeLoader, reason="PyYAML without libyaml 0.2.5"
)


def _by_the_loader(text: str) -> object:
    """The same text read by the pure-Python loader, node by node."""
    return yaml.load(text, Loader=formats._DecimalSafeLoader)  # noqa: S506 - a SafeLoader subclass


@settings(max_examples=25)
@given(portfolio=ost.portfolios(max_items=2, with_calendars=False))
def test_documents_equal_the_loaders(portfolio: Portfolio) -> None:
    """Any generated portfolio written in YAML reads back as the node-by-node loader reads it."""
    text = dumps(portfolio, "yaml")
    assert parse_text(text, "yaml") == _by_the_loader(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1.50\nb: 0x1f\nc: ~\nd: yes\ne: 2024-01-31\nf: !!str 12\n", None),
        ("<<: {a: 1}\nb: 2\n", {"a": 1, "b": 2}),
        ("a: !!set {x, y}\n", {"a": {"x", "y"}}),
        ("a: !!binary aGVsbG8=\n", {"a": b"hello"}),
        ("[1, [2, {a: b}], '3']", [1, [2, {"a": "b"}], "3"]),
        ("", None),
    ],
    ids=["scalars", "merge", "set", "binary", "flow", "empty"],
)
def test_scalars_and_unusual_documents(text: str, expected: object) -> None:
    """Typed scalars, merge keys, sets and binaries read as the loader reads them."""
    value = parse_text(text, "yaml")
    assert value == _by_the_loader(text)
    if expected is not None:
        assert value == expected
    if text.startswith("a: 1.50"):
        assert value == {
            "a": Decimal("1.50"),
            "b": 31,
            "c": None,
            "d": True,
            "e": dt.date(2024, 1, 31),
            "f": "12",
        }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &x [1]\nb: *x\n", r"aliases \(\*name\) are not supported.*line 2, column 4"),
        ("a: !!python/object:os.system x\n", "could not determine a constructor"),
        ("x: !custom 1\n", "could not determine a constructor for the tag '!custom'"),
        ("--- 1\n--- 2\n", "expected a single document"),
        ("? [a]\n: 1\n", "unhashable"),
        ("a: 2024-02-30\n", r"cannot read '2024-02-30' \(day is out of range"),
    ],
    ids=["alias", "python-tag", "unknown-tag", "two-documents", "list-key", "bad-date"],
)
def test_refusals_are_located(text: str, message: str) -> None:
    """Aliases, foreign tags, several documents, list keys and bad dates are located errors."""
    with pytest.raises(DocumentError, match=message):
        parse_text(text, "yaml")
