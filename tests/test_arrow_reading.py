"""Columnar ticket input: CSV through pyarrow as exported by spreadsheets, Parquet, Arrow tables."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import InvalidReason, InvalidValueError, TicketLog
from outsourcing.samples import TICKETS, sample_portfolio, sample_text
from outsourcing.sla.records.arrow_reading import (
    read_csv_table,
    read_parquet_table,
    table_columns,
)
from outsourcing.sla.records.contract_deliveries import ContractDeliveries
from outsourcing.sla.records.contract_downtime import ContractDowntime
from outsourcing.sla.records.contract_tickets import ContractTickets
from outsourcing.sla.records.csv_reading import detect_delimiter
from outsourcing.sla.unscoped import UnscopedValue, suggestion, unscoped_values
from record_helpers import contracts_named
from test_tickets_csv import CONTRACTS, _csv, _plain, cell

HEADER = "ticket;opened;resolved;priority;category"
ROWS = [
    "T1;2025-03-03T10:00:00+01:00;2025-03-03T12:00:00+01:00;P1;réseau",
    "T2;2025-03-03T11:00:00Z;;P2;serveur",
]


def _file(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("prefix", "newline", "encoding"),
    [
        ("\ufeff", "\r\n", "utf-8"),
        ("", "\n", "utf-8"),
        ("", "\r\n", "cp1252"),
        ("", "\r\n", "latin-1"),
    ],
)
def test_french_excel_exports_read_like_plain_csv(
    tmp_path: Path, prefix: str, newline: str, encoding: str
) -> None:
    """BOM, ';' cells, CRLF and cp1252/Latin-1 files give the log of the plain UTF-8 file."""
    text = prefix + newline.join([HEADER, *ROWS]) + newline
    path = _file(tmp_path, text, encoding)
    log = TicketLog.from_csv(path, encoding=encoding)
    reference = TicketLog.from_csv(
        "\n".join([HEADER.replace(";", ","), *(r.replace(";", ",") for r in ROWS)]) + "\n"
    )
    assert _plain(log) == _plain(reference)
    assert log.categories == ("réseau", "serveur")
    assert log.opened.tolist() == [1740992400, 1740999600]


def test_stated_delimiter_wins_over_detection(tmp_path: Path) -> None:
    """A stated delimiter is used even when another one is more frequent in the header."""
    path = _file(tmp_path, "ticket|opened|priority\nT;1|2025-03-03T10:00:00Z|P1\n")
    log = TicketLog.from_csv(path, delimiter="|")
    assert log.ticket.tolist() == ["T;1"]
    assert detect_delimiter("a;b;c,d") == ";"
    assert detect_delimiter('"a;b",c') == ","
    assert detect_delimiter("ticket") == ","


def test_text_and_streams_skip_the_bom_and_detect_the_delimiter() -> None:
    """The text reader reads a BOM-prefixed ';' file like the pyarrow reader does."""
    text = "\ufeff" + "\r\n".join([HEADER, *ROWS]) + "\r\n"
    log = TicketLog.from_csv(text)
    streamed = TicketLog.from_csv(io.StringIO(text, newline=""))
    assert log.ticket.tolist() == streamed.ticket.tolist() == ["T1", "T2"]
    assert log.categories == ("réseau", "serveur")


def test_short_long_and_nul_rows_are_invalid_with_their_reason(tmp_path: Path) -> None:
    """Rows the header cannot describe are invalid rows, numbered as in the file."""
    lines = [
        HEADER,
        ROWS[0],
        "T3;2025-03-03T10:00:00Z;;P1",
        "T4;2025-03-03T10:00:00Z;;P1;a;b",
        "T\x005;2025-03-03T10:00:00Z;;P1;a",
        "T6;hier;;P1;a",
        "T1;2025-03-03T10:00:00Z;;P1;a",
    ]
    log = TicketLog.from_csv(_file(tmp_path, "\n".join(lines) + "\n"))
    assert log.rows_in == 6
    assert log.row.tolist() == [0]
    found = [(bad.row, bad.code, bad.field) for bad in log.invalid]
    assert found == [
        (1, InvalidReason.SHORT_ROW, "row"),
        (2, InvalidReason.LONG_ROW, "row"),
        (3, InvalidReason.NUL_BYTE, "ticket"),
        (4, InvalidReason.UNPARSEABLE_TIMESTAMP, "opened"),
        (5, InvalidReason.DUPLICATE_TICKET, "ticket"),
    ]
    duplicate = log.invalid[-1]
    assert (duplicate.other_row, duplicate.reason) == (0, "duplicate ticket id (first at row 0)")
    assert log.invalid[0].reason == "4 cells where the header has 5"


def test_renumbered_duplicates_name_the_file_row(tmp_path: Path) -> None:
    """After a skipped row, a duplicate names the earlier row by its number in the file."""
    lines = [HEADER, "bad", ROWS[1], ROWS[0], ROWS[1]]
    log = TicketLog.from_csv(_file(tmp_path, "\n".join(lines) + "\n"))
    duplicate = log.invalid[-1]
    assert (duplicate.row, duplicate.other_row) == (3, 1)
    assert duplicate.reason == "duplicate ticket id (first at row 1)"
    assert log.row.tolist() == [1, 2]


def test_malformed_rows_of_a_shared_file_are_unassigned(tmp_path: Path) -> None:
    """A short row of a portfolio file is unassigned; every row is still accounted for."""
    text = "contract,ticket,opened,priority\nc1,a,2025-03-03T10:00:00Z,P1\nc1,b\nc2,c,x,P1\n"
    shared = ContractTickets.from_csv(_file(tmp_path, text), contracts_named("c1", "c2"))
    assert [(bad.row, bad.code) for bad in shared.unassigned] == [(1, InvalidReason.SHORT_ROW)]
    assert shared.logs["c1"].row.tolist() == [0]
    assert [bad.row for bad in shared.logs["c2"].invalid] == [2]
    total = sum(log.rows_in for log in shared.logs.values()) + len(shared.unassigned)
    assert total == shared.rows_in == 3


def test_missing_column_names_the_header_it_got(tmp_path: Path) -> None:
    """A header without a required column is refused, naming the columns found."""
    path = _file(tmp_path, "ticket;opened\nT1;2025-03-03T10:00:00Z\n")
    with pytest.raises(InvalidValueError, match=r"missing column 'priority', got \['ticket'"):
        read_csv_table(path)
    with pytest.raises(InvalidValueError, match="encoding"):
        read_csv_table(path, encoding="klingon")
    with pytest.raises(InvalidValueError, match="delimiter"):
        read_csv_table(path, delimiter=";;")


def test_a_stream_that_cannot_seek_is_read_whole() -> None:
    """A pipe-like binary stream gives the same table as the bytes."""

    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self.data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

        def readinto(self, buffer: Any) -> int:
            chunk = self.data.read(len(memoryview(buffer)))
            memoryview(buffer)[: len(chunk)] = chunk
            return len(chunk)

    data = ("\n".join([HEADER, *ROWS]) + "\n").encode()
    piped = TicketLog.from_table(read_csv_table(Pipe(data)))
    assert _plain(piped) == _plain(TicketLog.from_table(read_csv_table(data)))


def test_sample_file_reads_the_same_through_pyarrow(tmp_path: Path) -> None:
    """The sample portfolio's ticket file shares out identically through both readers."""
    text = sample_text(TICKETS)
    contracts = sample_portfolio().contracts
    reference = ContractTickets.from_csv(text, contracts)
    shared = ContractTickets.from_csv(_file(tmp_path, text), contracts)
    assert shared.unassigned == reference.unassigned
    assert shared.rows_in == reference.rows_in
    for contract, log in reference.logs.items():
        assert _plain(shared.logs[contract]) == _plain(log)


def test_parquet_and_arrow_tables_give_the_csv_log(tmp_path: Path) -> None:
    """Typed Parquet (aware timestamps) and text Arrow tables give the log of the CSV file."""
    csv_log = TicketLog.from_csv(_file(tmp_path, "\n".join([HEADER, *ROWS]) + "\n"))
    table = pa.table(
        {
            "ticket": ["T1", "T2"],
            "opened": pa.array([1740992400, 1740999600], type=pa.timestamp("s", tz="UTC")).cast(
                pa.timestamp("ms", tz="Europe/Paris")
            ),
            "resolved": pa.array([1740999600, None], type=pa.timestamp("s", tz="UTC")).cast(
                pa.timestamp("us", tz="UTC")
            ),
            "priority": pa.array(["P1", "P2"]).dictionary_encode(),
            "category": ["réseau", "serveur"],
        }
    )
    pq.write_table(table, tmp_path / "t.parquet")
    parquet_log = TicketLog.from_table(read_parquet_table(tmp_path / "t.parquet"))
    assert _plain(parquet_log) == _plain(csv_log)
    text = pa.table({"Ticket": ["T1", "T2"], **{c: table[c] for c in ("priority", "category")}})
    text = text.append_column("opened", pa.array(["2025-03-03T10:00:00+01:00", "now"]))
    log = TicketLog.from_table(table_columns(text, rename={"Ticket": "ticket"}, first_row=100))
    assert log.row.tolist() == [100]
    assert [(bad.row, bad.code) for bad in log.invalid] == [
        (101, InvalidReason.UNPARSEABLE_TIMESTAMP)
    ]


def test_naive_parquet_timestamps_are_invalid_rows() -> None:
    """A timestamp column without a time zone is refused row by row, not as a failed file."""
    table = pa.table(
        {
            "ticket": ["T1", "T2"],
            "opened": pa.array([1741000000, None], type=pa.timestamp("s")),
            "priority": ["P1", "P1"],
        }
    )
    log = TicketLog.from_table(table_columns(table))
    assert len(log) == 0
    assert [bad.code for bad in log.invalid] == [
        InvalidReason.NAIVE_TIMESTAMP,
        InvalidReason.MISSING_VALUE,
    ]


def test_priorities_can_match_without_regard_to_case(tmp_path: Path) -> None:
    """``p1`` is ``P1`` when asked; otherwise it is an unknown priority with the known ones."""
    path = _file(
        tmp_path, "ticket,opened,priority\na,2025-03-03T10:00:00Z,p1\nb,2025-03-03T10:00:00Z,P2\n"
    )
    table = read_csv_table(path)
    folded = TicketLog.from_table(table, priorities=["P1", "P2"], ignore_case=True)
    assert folded.priority.tolist() == [0, 1]
    strict = TicketLog.from_table(table, priorities=["P1", "P2"])
    assert [(bad.row, bad.code, bad.known) for bad in strict.invalid] == [
        (0, InvalidReason.UNKNOWN_PRIORITY, ("P1", "P2"))
    ]


def test_unknown_values_are_counted_by_value_with_a_hint() -> None:
    """Priorities no SLA takes in scope are counted per value, with the value they probably mean.

    The reader given the known priorities names the same hint in the invalid row's reason.
    """
    contract = next(c for c in sample_portfolio().contracts if c.id == "rhone-it")
    known = sorted({p for sla in contract.slas for p in sla.scope.priorities})
    assert known == ["P1"]
    records = [
        {"ticket": f"t{i}", "opened": "2025-03-03T10:00:00Z", "priority": priority}
        for i, priority in enumerate(["p1", "p1", "urgnet", "P1", "P!"])
    ]
    found = unscoped_values(contract.slas, TicketLog.from_records(records))
    assert found == (
        UnscopedValue("priority", "P!", 1, ("P1",), None),
        UnscopedValue("priority", "p1", 2, ("P1",), "P1"),
        UnscopedValue("priority", "urgnet", 1, ("P1",), None),
    )
    assert str(found[1]) == "priority 'p1': 2 row(s) out of every SLA's scope (did you mean 'P1'?)"
    assert suggestion("urgnet", {"urgent", "low"}) == "urgent"
    assert suggestion("URGNET", {"urgent", "low"}) == "urgent"
    assert suggestion("zzzzzz", {"urgent", "low"}) is None
    log = TicketLog.from_records(records, priorities=["P1", "P2"])
    assert [(bad.row, bad.reason) for bad in log.invalid] == [
        (0, "unknown priority (did you mean 'P1'?)"),
        (1, "unknown priority (did you mean 'P1'?)"),
        (2, "unknown priority"),
        (4, "unknown priority"),
    ]


plain_cell = {**cell, "ticket": st.sampled_from(["T1", "T2", "T3", "Ü4", "", "T,5"])}


@given(st.lists(st.fixed_dictionaries(plain_cell), max_size=25))
def test_pyarrow_reader_agrees_with_the_text_reader(rows: list[dict[str, str]]) -> None:
    """Without malformed rows, the pyarrow reader gives the text reader's logs and rows."""
    text = _csv(rows)
    reference = ContractTickets.from_csv(text, CONTRACTS)
    shared = ContractTickets.from_table(
        read_csv_table(text.encode(), extra=("contract",)), CONTRACTS
    )
    assert shared.unassigned == reference.unassigned
    assert list(shared.logs) == list(reference.logs)
    for contract, log in reference.logs.items():
        assert _plain(shared.logs[contract]) == _plain(log)


def test_typed_arrow_columns_read_as_their_text_would() -> None:
    """Booleans, integer epoch seconds and numbers with nulls give the log of the same text."""
    typed = pa.table(
        {
            "ticket": pa.array([1, 2, 3], type=pa.int64()),
            "opened": pa.array([1740992400, 1740999600, None], type=pa.int64()),
            "priority": ["P1", "P1", "P1"],
            "satisfied": pa.array([True, None, False]),
            "work_seconds": pa.array([60, None, 30], type=pa.int64()),
        }
    )
    log = TicketLog.from_table(table_columns(typed))
    text = TicketLog.from_records(
        [
            {"ticket": "1", "opened": "2025-03-03T09:00:00Z", "priority": "P1", "satisfied": "1",
             "work_seconds": "60"},
            {"ticket": "2", "opened": "2025-03-03T11:00:00Z", "priority": "P1", "satisfied": "",
             "work_seconds": ""},
            {"ticket": "3", "opened": "", "priority": "P1", "satisfied": "0",
             "work_seconds": "30"},
        ]
    )  # fmt: skip
    for name in ("row", "opened", "satisfied", "work_seconds"):
        assert getattr(log, name).tolist() == getattr(text, name).tolist(), name
    assert log.ticket.tolist() == [1, 2]
    assert [(bad.row, bad.code) for bad in log.invalid] == [(2, InvalidReason.MISSING_VALUE)]


def test_a_cell_longer_than_the_text_reader_takes_fails_the_file() -> None:
    """A cell over the limit is refused naming its line, after a skipped short row."""
    data = "ticket,opened,priority\nT0\nT1,2025-03-03T09:00:00Z," + "P" * 140_000 + "\n"
    with pytest.raises(InvalidValueError, match=r"131,072 characters, got 'line 3'"):
        read_csv_table(data.encode())


def test_non_ascii_ticket_ids_stay_text(tmp_path: Path) -> None:
    """Ticket ids with accents are read as text, repeated ones found as in ASCII."""
    text = "ticket,opened,priority\nÉ-1,2025-03-03T09:00:00Z,P1\nÉ-1,2025-03-03T09:00:00Z,P1\n"
    log = TicketLog.from_csv(_file(tmp_path, text))
    assert log.ticket.tolist() == ["É-1"]
    assert [(bad.row, bad.other_row) for bad in log.invalid] == [(1, 0)]


@pytest.mark.parametrize("name", ["downtime.csv", "deliveries.csv"])
def test_downtime_and_deliveries_exports_read_like_plain_csv(name: str) -> None:
    """A BOM, ';' and CRLF export of the downtime or delivery record reads as the plain file."""
    plain = sample_text(name)
    assert '"' not in plain
    excel = "\ufeff" + plain.replace(",", ";").replace("\n", "\r\n")
    contracts = sample_portfolio().contracts
    reader = ContractDowntime if name == "downtime.csv" else ContractDeliveries
    ours, reference = reader.from_csv(excel, contracts), reader.from_csv(plain, contracts)
    assert ours.rows_in == reference.rows_in
    assert ours.unassigned == reference.unassigned
    for contract in contracts:
        assert ours.invalid_rows(contract.id) == reference.invalid_rows(contract.id)
        assert ours.rows(contract.id) == reference.rows(contract.id)
