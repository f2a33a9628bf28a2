"""Formats and edge cases of reading and writing: files, text, and values already built."""

from __future__ import annotations

import datetime as dt
import types
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest

from outsourcing import (
    SLA,
    BusinessCalendar,
    Client,
    DocumentError,
    FixedFee,
    Money,
    Percentage,
    Portfolio,
    Pricing,
    Span,
    Term,
    dump,
    dumps,
    load,
    loads,
    structure,
    unstructure,
)
from outsourcing.io.errors import describe_value, document_problems, json_path_key
from outsourcing.io.formats import format_of, parse_text, write_text


def _problems(data: object, cls: type[object] | types.UnionType) -> tuple[str, ...]:
    with pytest.raises(DocumentError) as caught:
        structure(data, cls)
    return caught.value.errors


def test_format_of_suffixes() -> None:
    """The suffix names the format, case-insensitively, .yml included."""
    assert [format_of(p) for p in ("a.JSON", "b.toml", "c.yaml", "d.yml")] == [
        "json",
        "toml",
        "yaml",
        "yaml",
    ]


def test_built_objects_inside_documents_are_kept() -> None:
    """Plain data may already hold model objects (a Client, a Percentage, a Span, …)."""
    client = Client(name="Acme", country="FR", currency="EUR")
    assert structure({"client": client}, Portfolio).client is client
    sla = structure(
        {
            "id": "r",
            "name": "R",
            "metric": "resolution",
            "objective": Percentage(90),
            "target": dt.timedelta(hours=4),
        },
        SLA,
    )
    assert sla.objective == Percentage(90)
    assert sla.target == dt.timedelta(hours=4)
    term = structure({"start": "2024-01-01", "notice_period": Span(months=1)}, Term)
    assert term.notice_period == Span(months=1)


def test_week_problems_have_day_paths() -> None:
    """A bad weekday key, a bad interval and a week that is not a mapping are located."""
    base = {"id": "c", "timezone": "UTC", "first_year": 2024, "last_year": 2024}
    problems = _problems(
        {**base, "week": {"monday": [], "tue": ["9-12", "13:00-18:00"]}}, BusinessCalendar
    )
    assert set(problems) == {
        "$.week.monday: must be one of mon … sun (did you mean 'mon'?), got 'monday'",
        "$.week.tue[0]: must be written HH:MM-HH:MM, got '9-12'",
    }
    (problem,) = _problems({**base, "week": [["09:00-18:00"]] * 7}, BusinessCalendar)
    assert problem.startswith("$.week: must map weekdays to intervals")
    (problem,) = _problems(
        {**base, "week": {"mon": ["09:00-12:00", "11:00-13:00"]}}, BusinessCalendar
    )
    assert problem.startswith("$.week.mon: intervals overlap")


def test_pricing_line_shapes() -> None:
    """A pricing line must be an object carrying a known kind."""
    assert _problems("fixed_fee", Pricing) == ("$: must be an object with a kind, got 'fixed_fee'",)
    (problem,) = _problems({"name": "x"}, Pricing)
    assert problem.startswith("$.kind: is required (one of: fixed_fee,")
    line = {"kind": "fixed_fee", "name": "x", "monthly_fee": {"amount": "1", "currency": "EUR"}}
    assert structure(line, Pricing) == FixedFee("x", Money("1", "EUR"))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([1], "must be a decimal number (a string), got [1]"),
        (True, "must be a decimal number (a string), got true"),
        ("abc", "is not a decimal number, got 'abc'"),
        ("NaN", "must be a finite number, got 'NaN'"),
        (0.1, 'must be an exact decimal: write it as a string, e.g. "12.50", got 0.1'),
    ],
)
def test_decimal_problems(value: object, message: str) -> None:
    """Bad amounts are refused with a message naming the value."""
    assert _problems({"amount": value, "currency": "EUR"}, Money) == (f"$.amount: {message}",)


def test_too_long_duration() -> None:
    """A duration beyond what a timedelta holds is reported, not raised as OverflowError."""
    data = {
        "id": "r",
        "name": "R",
        "metric": "resolution",
        "objective": "9",
        "target": "P9999999999D",
    }
    assert _problems(data, SLA) == ("$.target: is too long, got 'P9999999999D'",)


def test_yaml_reads_unusual_floats_exactly() -> None:
    """YAML 1.1 sexagesimal floats and underscores are read, infinities refused later."""
    assert parse_text("a: 1:30.5\nb: 1_000.25\n", "yaml") == {
        "a": Decimal("90.5"),
        "b": Decimal("1000.25"),
    }
    with pytest.raises(DocumentError, match="finite"):
        loads("amount: .inf\ncurrency: EUR\n", Money, "yaml")


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_deep_nesting_is_a_document_error(fmt: str) -> None:
    """Absurdly nested text is refused as a document error, not a RecursionError."""
    with pytest.raises(DocumentError, match=r"nested (too deeply|more than 100 levels deep)"):
        parse_text("[" * 100_000 + "]" * 100_000, fmt)  # type: ignore[arg-type]


def test_toml_needs_a_table_and_no_null_in_lists() -> None:
    """TOML documents are tables and cannot hold null inside a list."""
    with pytest.raises(DocumentError, match="must be a table"):
        dumps(Percentage(5), "toml")
    with pytest.raises(DocumentError, match=r"\$\.a: TOML cannot write a list holding null"):
        write_text({"a": [1, None]}, "toml")


def test_unreadable_and_unwritable_files(tmp_path: Path) -> None:
    """A directory, non-UTF-8 bytes and an unwritable path are reported naming the file."""
    folder = tmp_path / "folder.json"
    folder.mkdir()
    with pytest.raises(DocumentError, match=r"folder\.json"):
        load(folder, Money)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: caf\xe9".encode("latin-1"))
    with pytest.raises(DocumentError, match="not UTF-8"):
        load(latin, Money)
    with pytest.raises(DocumentError, match=r"folder\.json"):
        dump(Money("1", "EUR"), folder)


def test_error_formatting_helpers() -> None:
    """Paths quote keys that are not identifiers; values show as written; others are named."""
    assert json_path_key("$", "a b") == "$['a b']"
    assert json_path_key("$", 3) == "$[3]"
    assert describe_value(Decimal("1.50")) == "1.50"
    assert describe_value(None) == "null"
    assert describe_value("x" * 200).endswith("…")
    assert document_problems(ValueError("boom")) == ["$: ValueError: boom"]
    group = ExceptionGroup("two", [ValueError("a"), KeyError("b")])
    assert document_problems(group) == ["$: ValueError: a", "$: KeyError: 'b'"]


def test_aware_datetimes_round_trip_and_naive_ones_are_refused() -> None:
    """Instants are written in ISO 8601 with their offset; naive ones are refused."""
    instant = dt.datetime(2024, 1, 31, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert unstructure(instant) == "2024-01-31T09:30:00+01:00"
    assert structure("2024-01-31T09:30:00+01:00", dt.datetime) == instant
    assert structure("2024-01-31T08:30:00Z", pendulum.DateTime) == instant
    assert isinstance(structure("2024-01-31T08:30:00Z", pendulum.DateTime), pendulum.DateTime)
    assert structure(instant, dt.datetime) is instant
    for naive in ("2024-01-31T09:30:00", dt.datetime(2024, 1, 31, 9, 30)):  # noqa: DTZ001 - the point
        with pytest.raises(DocumentError, match="must carry a UTC offset"):
            structure(naive, dt.datetime)
    for bad in ("31/01/2024 09:30", 1706690000):
        with pytest.raises(DocumentError, match="ISO 8601 date and time"):
            structure(bad, dt.datetime)


def test_yaml_aliases_are_refused() -> None:
    """YAML aliases are refused (nested ones would expand a small text enormously)."""
    text = "a: &x [1, 2]\nb: *x\n"
    with pytest.raises(DocumentError, match=r"aliases \(\*name\) are not supported"):
        parse_text(text, "yaml")
    assert parse_text("a: &x [1, 2]\n", "yaml") == {"a": [1, 2]}
