"""Input that used to give a silent wrong answer or unbounded work now gives a clear result.

One test per case of the probes: misread timestamps, untrimmed priorities, repeated keys,
unchecked time zones, absurd numbers and sizes, and errors about documents with a million
problems.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import (
    Client,
    DocumentError,
    InvalidReason,
    Money,
    OutsourcingError,
    Portfolio,
    Term,
    TicketLog,
    evaluate_slas,
    load,
    loads,
)
from outsourcing.io.formats import Format
from outsourcing.io.limits import MAX_DOCUMENT_CHARS, MAX_TEXT_CHARS, MAX_YAML_DOCUMENT_CHARS
from outsourcing.model._checks import TIMEZONE_CACHE_SIZE, known_timezone
from outsourcing.model.sla import Clock
from outsourcing.samples import sample_portfolio
from outsourcing.sla.records.contract_tickets import ContractTickets
from outsourcing.sla.records.replay import replay_events
from outsourcing.sla.records.timestamps import MISSING
from outsourcing.sla.unscoped import UnscopedValue, merge_unscoped, unscoped_values
from record_helpers import contracts_named

CLIENT = {"name": "Verdier", "country": "FR", "currency": "EUR"}


def _unplaced(problems: tuple[str, ...]) -> tuple[str, ...]:
    """Problems without their place in the text (``(line L, column C)``, checked elsewhere)."""
    return tuple(re.sub(r" \(line \d+, column \d+\)", "", problem) for problem in problems)


def _log(priorities: list[str], opened: str = "2025-03-04T10:00:00Z") -> TicketLog:
    rows = [
        {"ticket": f"T{i}", "opened": opened, "priority": priority}
        for i, priority in enumerate(priorities)
    ]
    return TicketLog.from_records(rows)


# --- timestamps ------------------------------------------------------------------------------


def test_month_13_is_an_invalid_row_not_december() -> None:
    """In a file with 1 % garbage months, each bad row is invalid with its reason, none counted."""
    rows = ["ticket,opened,priority"]
    rows += [f"T{i},2025-12-05T10:00:00Z,P1" for i in range(990)]
    rows += [f"B{i},2025-{13 + i % 87}-05T10:00:00Z,P1" for i in range(10)]
    log = TicketLog.from_csv("\n".join(rows) + "\n")
    assert len(log) == 990
    assert len(log.invalid) == 10
    assert {row.code for row in log.invalid} == {InvalidReason.DATE_OUT_OF_RANGE}
    assert {row.field for row in log.invalid} == {"opened"}
    assert log.invalid[0].value == "2025-13-05T10:00:00Z"


@pytest.mark.parametrize(
    ("opened", "code"),
    [
        ("0000-01-01T10:00:00Z", InvalidReason.YEAR_OUT_OF_RANGE),
        ("9999-12-31T10:00:00Z", InvalidReason.YEAR_OUT_OF_RANGE),
        ("2025-02-29T10:00:00Z", InvalidReason.DATE_OUT_OF_RANGE),
        ("2025-03-04T10:61:00Z", InvalidReason.TIME_OUT_OF_RANGE),
        ("2025-03-04T10:00:00+24:00", InvalidReason.OFFSET_OUT_OF_RANGE),
    ],
)
def test_impossible_instants_are_invalid_with_their_code(opened: str, code: InvalidReason) -> None:
    """Years, days, times and offsets out of range each give an invalid row with a code."""
    log = _log(["P1"], opened)
    assert len(log) == 0
    (row,) = log.invalid
    assert row.code is code
    assert row.value == opened


# --- categorical values ----------------------------------------------------------------------


@given(st.sampled_from(["P1", " P1", "P1 ", "\tP1  "]))
def test_surrounding_spaces_of_a_priority_are_trimmed(written: str) -> None:
    """A priority with spaces around it is the priority itself."""
    log = TicketLog.from_records(
        [{"ticket": "T", "opened": "2025-03-04T10:00:00Z", "priority": written}],
        priorities=["P1", "P2"],
    )
    assert log.invalid == ()
    assert log.priorities[int(log.priority[0])] == "P1"


def test_a_priority_of_spaces_only_is_missing() -> None:
    """A cell holding only spaces is an empty cell: a missing priority."""
    log = _log(["   "])
    (row,) = log.invalid
    assert row.code is InvalidReason.MISSING_VALUE


def test_values_in_no_sla_scope_are_counted_by_value() -> None:
    """``p1`` next to SLAs for ``P1`` is counted: 39 rows out of every SLA's scope."""
    contract = next(c for c in sample_portfolio().contracts if c.id == "rhone-it")
    log = _log(["P1"] * 5 + ["p1"] * 39 + [" P1"] * 2 + ["P2"])
    assert unscoped_values(contract.slas, log) == (
        UnscopedValue("priority", "P2", 1, ("P1",)),
        UnscopedValue("priority", "p1", 39, ("P1",), hint="P1"),
    )


def test_an_sla_without_a_scope_takes_every_value() -> None:
    """When one SLA has no priority filter, no priority is out of every scope."""
    contract = next(c for c in sample_portfolio().contracts if c.id == "tana-care")
    assert unscoped_values(contract.slas, _log(["whatever"])) == ()


def test_unscoped_values_reach_the_service_report_across_chunks() -> None:
    """The counts are added over chunks and carried by the contract's service report."""
    contract = next(c for c in sample_portfolio().contracts if c.id == "rhone-it")
    chunks = [_log(["p1", "P1"]), _log(["p1", "p1"])]
    as_of = dt.datetime(2025, 4, 1, tzinfo=dt.UTC)
    report = evaluate_slas(contract, chunks, as_of=as_of)
    assert report.unscoped_values == (UnscopedValue("priority", "p1", 3, ("P1",), "P1"),)


def test_merging_counts_adds_by_value() -> None:
    """Merged counts add up per column and value, priorities first."""
    first = (UnscopedValue("category", "x", 1), UnscopedValue("priority", "p1", 2))
    second = (UnscopedValue("priority", "p1", 3),)
    assert merge_unscoped([first, second]) == (
        UnscopedValue("priority", "p1", 5),
        UnscopedValue("category", "x", 1),
    )


# --- documents -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        (
            '{"client": {"name": "A", "country": "FR", "currency": "EUR", "name": "B"}}',
            "json",
            ("$.client.name: duplicate key 'name'",),
        ),
        (
            (
                '{"client": {"name": "A", "country": "FR", "currency": "EUR"}, '
                '"processes": [{"id": "a"}, {"id": "b", "id": "c", "name": 1, "name": 2}]}'
            ),
            "json",
            ("$.processes[1].id: duplicate key 'id'", "$.processes[1].name: duplicate key 'name'"),
        ),
        (
            "client:\n  name: A\n  country: FR\n  currency: EUR\n  country: DE\n",
            "yaml",
            ("$.client.country: duplicate key 'country' (line 5)",),
        ),
        (
            "processes:\n  - id: a\n    id: b\n",
            "yaml",
            ("$.processes[0].id: duplicate key 'id' (line 3)",),
        ),
    ],
)
def test_duplicate_keys_are_refused_with_their_path(
    text: str, fmt: Format, expected: tuple[str, ...]
) -> None:
    """A key repeated in a JSON object or a YAML mapping is an error with its path."""
    with pytest.raises(DocumentError) as caught:
        loads(text, Portfolio, fmt)
    assert _unplaced(caught.value.errors) == expected


def test_client_time_zone_is_checked() -> None:
    """``Client.timezone`` must be an IANA zone, like every other time-zone field."""
    with pytest.raises(OutsourcingError, match=r"Client\.timezone: unknown IANA time zone"):
        Client("Verdier", "FR", "EUR", timezone="Mars/Olympus")
    assert Client("Verdier", "FR", "EUR", timezone="Europe/Paris").timezone == "Europe/Paris"


def test_time_zone_check_keeps_a_bounded_number_of_answers() -> None:
    """Asking about 5,000 distinct names keeps at most `TIMEZONE_CACHE_SIZE` answers."""
    for i in range(5_000):
        assert not known_timezone(f"Mars/Crater{i}")
    assert known_timezone("Europe/Paris")
    assert known_timezone.cache_info().currsize <= TIMEZONE_CACHE_SIZE
    assert not known_timezone("Europe/" + "x" * 100_000)


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        ("1e-999999999", "has more than 18 decimal places"),
        ("0E-999999999", "has more than 18 decimal places"),
        ("1e999999999", "is out of range: numbers must be below 10^15 in size"),
        ("9" * 29, "is out of range: numbers must be below 10^15 in size"),
        ("1e15", "is out of range: numbers must be below 10^15 in size"),
    ],
)
def test_decimal_numbers_outside_the_documented_range_are_refused(amount: str, reason: str) -> None:
    """Amounts that would hang or overflow the costs are refused when the document is read."""
    with pytest.raises(DocumentError) as caught:
        loads(json.dumps({"amount": amount, "currency": "EUR"}), Money)
    (problem,) = _unplaced(caught.value.errors)
    assert problem.startswith(f"$.amount: {reason}")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("999999999999999.99", Decimal("999999999999999.99")),
        ("0.000000000000000001", Decimal("1E-18")),
        ("1E+3", Decimal(1000)),
    ],
)
def test_decimal_numbers_inside_the_range_are_read(amount: str, expected: Decimal) -> None:
    """The largest and the smallest documented numbers are read exactly."""
    money = loads(json.dumps({"amount": amount, "currency": "EUR"}), Money)
    assert money.amount == expected


def test_text_longer_than_the_limit_is_refused() -> None:
    """A name over `MAX_TEXT_CHARS` characters is refused with its path, one over is enough."""
    fits = {**CLIENT, "name": "x" * MAX_TEXT_CHARS}
    assert loads(json.dumps({"client": fits}), Portfolio).client.name == fits["name"]
    too_long = {**CLIENT, "name": "x" * (MAX_TEXT_CHARS + 1)}
    with pytest.raises(DocumentError) as caught:
        loads(json.dumps({"client": too_long}), Portfolio)
    (problem,) = _unplaced(caught.value.errors)
    assert problem.startswith("$.client.name: is longer than the limit of 10,000 characters")


def test_a_lone_surrogate_is_refused_with_its_path() -> None:
    """Half a surrogate pair (a JSON escape) cannot be written anywhere: refused at loading."""
    text = '{"client": {"name": "A\\udc00B", "country": "FR", "currency": "EUR"}}'
    with pytest.raises(DocumentError) as caught:
        loads(text, Portfolio)
    (problem,) = _unplaced(caught.value.errors)
    assert problem.startswith("$.client.name: is not valid Unicode (lone surrogate '\\udc00'")


@pytest.mark.parametrize(
    ("fmt", "limit"), [("json", MAX_DOCUMENT_CHARS), ("yaml", MAX_YAML_DOCUMENT_CHARS)]
)
def test_documents_larger_than_the_limit_are_refused_before_parsing(
    fmt: Format, limit: int
) -> None:
    """A document one character over its format's limit is refused without being parsed."""
    with pytest.raises(DocumentError) as caught:
        loads("[" + " " * limit, Portfolio, fmt)
    (problem,) = _unplaced(caught.value.errors)
    assert problem.startswith(f"document: is larger than the limit of {limit:,} characters")


def test_an_error_lists_the_first_100_problems_and_counts_the_rest() -> None:
    """2,000 bad processes: 100 problems listed, the total a stated lower bound."""
    document = {"client": CLIENT, "processes": [{"id": 5} for _ in range(2_000)]}
    with pytest.raises(DocumentError) as caught:
        loads(json.dumps(document), Portfolio)
    error = caught.value
    assert len(_unplaced(error.errors)) == DocumentError.LISTED
    assert _unplaced(error.errors)[0] == "$.processes[0].id: must be a string, got 5"
    # 100 items kept with their 3 problems each, then one per later bad item.
    assert error.total == 300 + 1_900
    assert not error.exact
    assert "(at least 2200 problems)" in str(error)


def test_a_short_error_is_exact() -> None:
    """With few problems every one is listed and the count is exact."""
    document = {"client": CLIENT, "processes": [{"id": 5}]}
    with pytest.raises(DocumentError) as caught:
        loads(json.dumps(document), Portfolio)
    assert caught.value.total == 3
    assert caught.value.exact
    assert "(3 problem(s))" in str(caught.value)


def test_contract_dates_far_in_the_future_are_refused() -> None:
    """A term in year 9999 is refused when read, instead of overflowing the projections."""
    term = {"start": "9999-01-01"}
    with pytest.raises(DocumentError) as caught:
        loads(json.dumps(term), Term)
    (problem,) = _unplaced(caught.value.errors)
    assert problem == "$.start: must be in the years 1900-2999, got '9999-01-01'"


# --- files -----------------------------------------------------------------------------------


def test_a_nul_character_in_a_file_name_is_a_document_error() -> None:
    """A file name holding a NUL character raises a `DocumentError`, not a bare ValueError."""
    with pytest.raises(DocumentError, match="not a usable file name"):
        load("a\x00b.toml", Portfolio)


def test_a_huge_csv_cell_is_an_outsourcing_error() -> None:
    """A cell over 131,072 characters is an `OutsourcingError` naming the line, for every reader."""
    text = "contract,ticket,opened,priority\nc,T1," + "9" * 140_000 + ",P1\n"
    with pytest.raises(OutsourcingError, match="line 2"):
        ContractTickets.from_csv(text, contracts_named("c"))
    with pytest.raises(OutsourcingError, match="131,072 characters"):
        TicketLog.from_csv(text)


def test_surrounding_spaces_are_trimmed_in_csv_too() -> None:
    """CSV priorities and yes/no flags are read without their surrounding spaces."""
    text = "ticket,opened,priority,satisfied\nT1,2025-03-04T10:00:00Z, P1 , yes\n"
    log = TicketLog.from_csv(text, priorities=["P1"])
    assert log.invalid == ()
    assert np.asarray(log.satisfied).tolist() == [1]


def test_statuses_are_trimmed_and_unnamed_ones_counted() -> None:
    """`` resolved`` stops the clock; ``Resolved`` (not named) is counted by value."""
    clock = Clock(start_statuses={"new"}, stop_statuses={"resolved"})
    events = {
        "ticket": ["a", "a", "b", "b", "b"],
        "timestamp": [
            "2025-03-04T10:00:00Z",
            "2025-03-04T11:00:00Z",
            "2025-03-04T10:00:00Z",
            "2025-03-04T12:00:00Z",
            "2025-03-04T13:00:00Z",
        ],
        "status": ["new", " resolved", "new ", "Resolved", "Resolved"],
    }
    log = replay_events(events, clock)
    resolved = dict(zip(log.ticket.tolist(), log.resolved.tolist(), strict=True))
    assert resolved["a"] == 1_741_086_000
    assert resolved["b"] == MISSING
    assert log.unnamed_statuses == (("Resolved", 2),)


def test_a_million_unknown_keys_give_a_bounded_error() -> None:
    """Unknown keys are listed up to 100 and the others counted; a huge key is cut short."""
    client = {**CLIENT, **{f"k{i}": 0 for i in range(1_000)}, "a" * 1_000: 0}
    with pytest.raises(DocumentError) as caught:
        loads(json.dumps({"client": client}), Portfolio)
    error = caught.value
    assert error.total == 1_001
    assert error.exact
    assert len(_unplaced(error.errors)) == 100
    assert _unplaced(error.errors)[0] == f"$.client['{'a' * 78}…]: unknown key"
    assert _unplaced(error.errors)[1] == "$.client.k0: unknown key"


@given(st.lists(st.sampled_from(["P1", "p1", " P1", "P2", "P3 ", "x"]), max_size=40))
def test_every_row_is_in_some_scope_or_counted_as_unscoped(priorities: list[str]) -> None:
    """Rows in no SLA's scope add up, by value, to the rows whose priority no SLA names."""
    contract = next(c for c in sample_portfolio().contracts if c.id == "rhone-it")
    log = _log(priorities)
    counted = sum(item.rows for item in unscoped_values(contract.slas, log))
    assert counted == sum(1 for p in priorities if p.strip() != "P1")
    assert all(item.value == item.value.strip() for item in unscoped_values(contract.slas, log))
