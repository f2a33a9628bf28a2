"""The command line reads ticket files as spreadsheets export them (--delimiter, --encoding)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import run

EXAMPLES = Path(__file__).parents[1] / "examples"
PORTFOLIO = EXAMPLES / "portfolio.toml"
TICKETS = EXAMPLES / "tickets.csv"
ARGS = ("--as-of", "2025-09-30", "--format", "json", "--contract", "tana-care")


def _lines() -> list[str]:
    """The example tickets, with an accented category."""
    lines = TICKETS.read_text(encoding="utf-8").replace("workstation", "poste-café").splitlines()
    assert all('"' not in line for line in lines)
    assert any("é" in line for line in lines)
    return lines


def _excel_copy(tmp_path: Path, encoding: str, delimiter: str) -> Path:
    """The tickets as a French Excel export: ';' or another delimiter, CRLF."""
    path = tmp_path / "export.csv"
    text = "\r\n".join(line.replace(",", delimiter) for line in _lines()) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "delimiter", "options"),
    [
        ("utf-8-sig", ";", ()),
        ("cp1252", ";", ("--encoding", "cp1252")),
        ("utf-8", "|", ("--delimiter", "|")),
    ],
)
def test_excel_exports_give_the_report_of_the_plain_file(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    encoding: str,
    delimiter: str,
    options: tuple[str, ...],
) -> None:
    """A BOM, ';' and CRLF file (or cp1252 with --encoding) gives the plain file's report."""
    path = _excel_copy(tmp_path, encoding, delimiter)
    reference = tmp_path / "plain.csv"
    reference.write_text("\n".join(_lines()) + "\n", encoding="utf-8")
    status, plain, err = run(capsys, "sla", str(PORTFOLIO), "--tickets", str(reference), *ARGS)
    assert status == 0, err
    status, out, err = run(capsys, "sla", str(PORTFOLIO), "--tickets", str(path), *ARGS, *options)
    assert status == 0, err
    assert json.loads(out) == json.loads(plain)


def test_cp1252_without_the_option_names_the_option(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A cp1252 file with accents read as UTF-8 is one error that says to state the encoding."""
    path = tmp_path / "export.csv"
    path.write_bytes(
        "contract;ticket;opened;priority;category\r\n".encode("cp1252")
        + "rhone-it;T1;2025-03-03T10:00:00Z;P1;réseau\r\n".encode("cp1252")
    )
    status, out, err = run(capsys, "sla", str(PORTFOLIO), "--tickets", str(path), *ARGS)
    assert (status, out) == (2, "")
    assert "encoding" in err
    assert "Traceback" not in err
