"""Every row not used written to a file (--invalid-rows): one JSON line each, with its cells."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from cli_helpers import run
from outsourcing.io.documents import load
from outsourcing.model.portfolio import Portfolio
from outsourcing.sla.portfolio import ServiceRecords, evaluate_portfolio_slas
from outsourcing.sla.records.contract_tickets import ContractTickets
from outsourcing.sla.records.invalid_file import (
    INVALID_FILE_KEYS,
    csv_cells,
    table_cells,
    write_invalid_rows,
)
from outsourcing.sla.records.rows import InvalidReason, InvalidRow

EXAMPLES = Path(__file__).parents[1] / "examples"
PORTFOLIO = EXAMPLES / "portfolio.toml"
TICKETS = EXAMPLES / "tickets.csv"
ADDED = [
    "tana-care,CS-SHORT,2025-06-12T10:00:00Z",  # 3 cells where the header has 11
    "tana-care,CS-NUL,2025-06-12T10:00:00Z,,,,normal,ord\x00er,,,",
    "nowhere,X-1,2025-06-12T10:00:00Z,,,,normal,,,,",  # no such contract
    "tana-care,CS-030133,2025-03-03T10:01:00+01:00,,,,normal,delivery,,,",  # a repeated id
]


def _lines(tmp_path: Path) -> tuple[Path, list[str]]:
    lines = TICKETS.read_text(encoding="utf-8").splitlines()
    lines += ADDED
    path = tmp_path / "tickets.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, lines


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_command_line_writes_every_row_not_used(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The example's 7 rows not used and the 4 added: 11 lines, as the warning counts."""
    tickets, lines = _lines(tmp_path)
    out = tmp_path / "invalid.jsonl"
    status, _, err = run(
        capsys, "sla", str(PORTFOLIO), "--tickets", str(tickets), "--as-of", "2025-09-30",
        "--format", "json", "--invalid-rows", str(out),
    )  # fmt: skip
    assert status == 0, err
    assert "11 of 4,441 ticket rows were not evaluated" in err
    written = _read(out)
    assert len(written) == 11
    assert all(tuple(item) == INVALID_FILE_KEYS for item in written)
    last = len(lines) - 2  # row numbers: 0-based, header excluded
    by_row = {item["row"]: item for item in written}
    assert [by_row[last - i]["code"] for i in (3, 2, 1, 0)] == [
        "short_row", "nul_byte", "unknown_contract", "duplicate_ticket",
    ]  # fmt: skip
    assert by_row[last]["other_row"] == 749  # line 751 of the file
    assert by_row[last - 1]["contract"] is None
    assert by_row[last]["contract"] == "tana-care"
    assert by_row[last - 2]["cells"][7] == "ord\\x00er"
    for item in written:
        assert item["source"] == str(tickets)
        if item["code"] != "nul_byte":
            assert item["cells"] == lines[item["row"] + 1].split(",")
    portfolio = load(PORTFOLIO, Portfolio)
    records = ServiceRecords(tickets=ContractTickets.from_csv(tickets, portfolio.contracts))
    levels = evaluate_portfolio_slas(portfolio, records, as_of=dt.date(2025, 9, 30))
    assert levels.rows_not_used() == (("tickets", 11, 4441),)
    assert [bad.row for _, bad in levels.unused_rows("tickets")] == [i["row"] for i in written]


def test_the_file_may_not_replace_an_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--invalid-rows naming the ticket file is refused before anything is read."""
    tickets, _ = _lines(tmp_path)
    before = tickets.read_bytes()
    status, out, err = run(
        capsys, "sla", str(PORTFOLIO), "--tickets", str(tickets), "--invalid-rows", str(tickets)
    )
    assert (status, out) == (2, "")
    assert "--invalid-rows" in err
    assert tickets.read_bytes() == before


def test_cells_of_a_semicolon_cp1252_file(tmp_path: Path) -> None:
    """Cells are read back as the reader reads the file: its encoding, its delimiter."""
    text = "ticket;opened;priority\r\nT1;2025-03-03;P1\r\nT2;réseau;P2\r\nT3;x;P3\r\n"
    target = tmp_path / "export.csv"
    target.write_bytes(text.encode("cp1252"))
    assert csv_cells(target, [1], encoding="cp1252") == {1: ["T2", "réseau", "P2"]}
    assert csv_cells(target, [], encoding="cp1252") == {}
    bom = tmp_path / "bom.csv"
    bom.write_bytes("ticket,opened\nT1,x\n".encode("utf-8-sig"))
    assert csv_cells(bom, [0, 5]) == {0: ["T1", "x"]}


def test_cells_of_an_arrow_table() -> None:
    """Instants, categories and numbers as text, a missing cell as null, by global row."""
    table = pa.table(
        {
            "ticket": ["T1", "T2", "T3"],
            "opened": pa.array([0, 3600, None], type=pa.timestamp("s", tz="UTC")),
            "priority": pa.array(["P1", "P2", "P1"]).dictionary_encode(),
            "score": [1, 2, 3],
        }
    )
    cells = table_cells(table, [101, 102, 7], first_row=100)
    assert cells == {
        101: ["T2", "1970-01-01 01:00:00Z", "P2", "2"],
        102: ["T3", None, "P1", "3"],
    }


def test_rows_alone_or_with_their_contract() -> None:
    """Each row is written as given; without cells, ``cells`` is null."""
    first = InvalidRow(3, "missing priority", "priority", "", InvalidReason.MISSING_VALUE)
    second = InvalidRow(
        9, "duplicate ticket id (first at row 3)", "ticket", "T", InvalidReason.DUPLICATE_TICKET,
        (), 3,
    )  # fmt: skip
    stream = io.StringIO()
    count = write_invalid_rows(stream, [first, ("c1", second)], source="part-0", cells={3: ["T"]})
    written = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert count == 2
    assert written[0] == {
        "source": "part-0", "row": 3, "code": "missing_value", "message": "missing priority",
        "field": "priority", "value": "", "other_row": None, "contract": None, "cells": ["T"],
    }  # fmt: skip
    assert (written[1]["contract"], written[1]["other_row"], written[1]["cells"]) == ("c1", 3, None)
    assert Counter(item["code"] for item in written) == {"missing_value": 1, "duplicate_ticket": 1}
