"""Reading ticket CSV in batches: batch boundaries change nothing, bytes parse as text does."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import InvalidValueError, TicketLog
from outsourcing.sla.records.columns import CodedColumn
from outsourcing.sla.records.contract_tickets import ContractTickets
from outsourcing.sla.records.csv_reading import read_csv_columns
from outsourcing.sla.records.timestamps import parse_instants
from record_helpers import contracts_named

COLUMNS = ("contract", "ticket", "opened", "resolved", "priority", "category", "satisfied")
IDS = ("alpha", "beta")
CONTRACTS = contracts_named(*IDS)

cell = {
    "contract": st.sampled_from([*IDS, "gamma", ""]),
    "ticket": st.sampled_from(["T1", "T2", "T3", "Ü4", "", "T,5", "T\n6"]),
    "opened": st.sampled_from(
        [
            "2025-03-03T10:00:00+01:00",
            "2025-03-03 10:00Z",
            "2025-03-03T10:00:00",
            "2025-03-03T10:00:00+01:00\u00a0",
            "not a date",
            "",
        ]
    ),
    "resolved": st.sampled_from(["2025-03-04T10:00:00+01:00", "2025-03-01T10:00:00Z", ""]),
    "priority": st.sampled_from(["P1", "P2", "", "P\u00e9"]),
    "category": st.sampled_from(["server", "réseau", "a, b", ""]),
    "satisfied": st.sampled_from(["1", "no", "maybe", ""]),
}
rows_strategy = st.lists(st.fixed_dictionaries(cell), max_size=25)


def _csv(rows: list[dict[str, str]], *, short: int = 0) -> str:
    """The rows as CSV; the last ``short`` rows lose their trailing cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for i, row in enumerate(rows):
        cells = [row[c] for c in COLUMNS]
        writer.writerow(cells[:3] if i >= len(rows) - short else cells)
    return buffer.getvalue()


def _plain(log: TicketLog) -> dict[str, Any]:
    """Every field of a log as plain Python values (arrays as lists, with their dtype kind)."""
    out: dict[str, Any] = {}
    for field in attrs.fields(TicketLog):
        value = getattr(log, field.name)
        out[field.name] = (
            (value.dtype.kind, value.tolist()) if isinstance(value, np.ndarray) else value
        )
    return out


@given(rows_strategy, st.integers(1, 6), st.integers(0, 3))
def test_batch_size_does_not_change_the_log(
    rows: list[dict[str, str]], batch_rows: int, short: int
) -> None:
    """A log read in small batches equals the log read in one batch, invalid rows included."""
    text = _csv(rows, short=min(short, len(rows)))
    whole = TicketLog.from_csv(text, batch_rows=10**6)
    batched = TicketLog.from_csv(text, batch_rows=batch_rows)
    assert _plain(batched) == _plain(whole)
    assert whole.rows_in == len(rows)


@given(rows_strategy, st.integers(1, 6))
def test_batch_size_does_not_change_the_sharing_out(
    rows: list[dict[str, str]], batch_rows: int
) -> None:
    """Contracts' logs and unassigned rows are the same whatever the batch size."""
    text = _csv(rows)
    whole = ContractTickets.from_csv(text, CONTRACTS, batch_rows=10**6)
    batched = ContractTickets.from_csv(text, CONTRACTS, batch_rows=batch_rows)
    assert batched.unassigned == whole.unassigned
    assert batched.rows_in == whole.rows_in == len(rows)
    assert list(batched.logs) == list(whole.logs)
    for contract, log in whole.logs.items():
        assert _plain(batched.logs[contract]) == _plain(log)


@given(rows_strategy, st.integers(1, 6))
def test_csv_agrees_with_records(rows: list[dict[str, str]], batch_rows: int) -> None:
    """The batched CSV reader builds the log that records read by `csv.DictReader` build."""
    text = _csv(rows)
    records = [
        {k: v for k, v in row.items() if k != "contract"}
        for row in csv.DictReader(io.StringIO(text))
    ]
    reference = TicketLog.from_records(records)
    log = TicketLog.from_csv(text, batch_rows=batch_rows)
    assert log.invalid == reference.invalid
    for name in ("row", "ticket", "opened", "resolved", "category", "satisfied"):
        assert getattr(log, name).tolist() == getattr(reference, name).tolist(), name
    assert log.priorities == reference.priorities
    assert log.categories == reference.categories


def test_columns_are_compact() -> None:
    """Categories come back as codes, ASCII ids and instants as bytes, non-ASCII as text."""
    text = "ticket,opened,priority,category\nT1,2025-03-03T10:00Z,P2,b\nT2,2025-03-03T11:00Z,P1,\n"
    columns = read_csv_columns(text + "Ü3,2025-03-03T12:00Z,P1,a\n", batch_rows=2)
    ticket, opened, priority = columns["ticket"], columns["opened"], columns["priority"]
    assert isinstance(priority, CodedColumn)
    assert (priority.codes.tolist(), priority.labels) == ([1, 0, 0], ("P1", "P2"))
    category = columns["category"]
    assert isinstance(category, CodedColumn)
    assert category.codes.tolist() == [1, -1, 0]
    assert not isinstance(ticket, CodedColumn)
    assert ticket.dtype.kind == "U"  # a batch with a non-ASCII id: text for the whole column
    assert ticket.tolist() == ["T1", "T2", "Ü3"]
    assert not isinstance(opened, CodedColumn)
    assert opened.dtype.kind == "S"
    log = TicketLog.from_csv(text)
    assert log.ticket.dtype.kind == "U"  # ids read as bytes are text again in the log


def test_batch_rows_must_be_positive() -> None:
    """A batch of no rows is refused, naming the argument."""
    with pytest.raises(InvalidValueError, match="batch_rows"):
        TicketLog.from_csv("ticket,opened,priority\n", batch_rows=0)


def test_a_header_without_rows_is_an_empty_log() -> None:
    """A file with only its header gives an empty log, not an error."""
    log = TicketLog.from_csv("ticket,opened,priority\n")
    assert (len(log), log.rows_in, log.invalid) == (0, 0, ())


timestamp_text = st.one_of(
    st.text(alphabet="0123456789-+:TZ .,tz", max_size=30),
    st.datetimes(timezones=st.sampled_from([None, dt.UTC])).map(lambda moment: moment.isoformat()),
    st.sampled_from(["", "NaT", "None", "nan", "2025-03-03T10:00:00+0100", "2025-03-03T10:00-05"]),
)


@given(st.lists(timestamp_text, max_size=30))
def test_bytes_parse_as_text_does(texts: list[str]) -> None:
    """ASCII bytes and the same text parse to the same seconds and statuses."""
    as_text = parse_instants(np.array(texts, dtype=np.str_))
    as_bytes = parse_instants(np.array(texts, dtype=np.bytes_))
    assert as_bytes[0].tolist() == as_text[0].tolist()
    assert as_bytes[1].tolist() == as_text[1].tolist()
