"""The command line on careless or hostile input: it never destroys a file and never crashes.

Each case runs the real ``outsourcing`` command in a fresh interpreter and checks the exit
status, the single message line on standard error, and that every input file is unchanged,
byte for byte.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from outsourcing.cli.commands import EXIT_SOFTWARE, EXIT_USAGE, main
from outsourcing.cli.failures import EXIT_BROKEN_PIPE
from outsourcing.cli.output import write_atomically
from outsourcing.exceptions import DocumentError
from outsourcing.samples import sample_text

SRC = Path(__file__).parents[1] / "src"


def outsourcing(cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m outsourcing.cli.commands ARGV`` in ``cwd`` with this worktree's code."""
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "outsourcing.cli", *argv],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={"PYTHONPATH": str(SRC), "PATH": "", "LC_ALL": "C.UTF-8"},
        encoding="utf-8",
        errors="backslashreplace",
    )


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A folder with the sample portfolio (TOML and JSON) and ticket file."""
    (tmp_path / "portfolio.toml").write_text(sample_text(), encoding="utf-8")
    (tmp_path / "tickets.csv").write_text(sample_text("tickets.csv"), encoding="utf-8")
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` (not below it) and its bytes."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def one_error(done: subprocess.CompletedProcess[str], status: int = EXIT_USAGE) -> str:
    """Check a failed run: the status, nothing on stdout, one error line; return that line."""
    assert done.returncode == status, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if not line.startswith("note:")]
    assert len(errors) == 1, done.stderr
    # its place in the text, ``(line L, column C)``, is checked by the document tests
    return re.sub(r" \(line \d+, column \d+\)", "", errors[0])


def edited(files: Path, name: str, old: str, new: str) -> str:
    """Write a copy of the sample portfolio with ``old`` replaced once; return its name."""
    text = (files / "portfolio.toml").read_text(encoding="utf-8")
    assert old in text
    (files / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return name


@pytest.mark.parametrize(
    "argv",
    [
        ["costs", "portfolio.toml", "-o", "portfolio.toml"],
        ["costs", "portfolio.toml", "-o", "./sub/../portfolio.toml"],
        ["sla", "portfolio.toml", "--tickets", "tickets.csv", "-o", "tickets.csv"],
        ["report", "portfolio.toml", "--tickets", "tickets.csv", "--output", "link.csv"],
        ["report", "portfolio.toml", "--downtime", "tickets.csv", "-o", "hard.csv"],
    ],
)
def test_an_output_that_is_an_input_is_refused_before_anything_is_written(
    files: Path, argv: list[str]
) -> None:
    """-o naming an input (directly, via .., a symbolic or a hard link) exits 2, files intact."""
    (files / "sub").mkdir()
    (files / "link.csv").symlink_to(files / "tickets.csv")
    os.link(files / "tickets.csv", files / "hard.csv")
    before = snapshot(files)
    line = one_error(outsourcing(files, *argv))
    assert line.startswith("error: --output: is the input file")
    assert snapshot(files) == before


def test_a_failed_run_leaves_the_previous_output_file(files: Path) -> None:
    """A run that fails after -o was given leaves the old output as it was, and no temp file."""
    (files / "report.txt").write_text("last month's report\n", encoding="utf-8")
    name = edited(files, "bad.toml", 'currency = "EUR"', 'currency = "EURO"')
    before = snapshot(files)
    line = one_error(outsourcing(files, "costs", name, "-o", "report.txt"))
    assert "$.client.currency" in line
    assert snapshot(files) == before


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'amount = "52000"',
            'amount = "1e-999999999"',
            "$.processes[0].in_house.loaded_salary.amount: has more than 18 decimal places",
        ),
        (
            'amount = "52000"',
            'amount = "1e999999999"',
            "$.processes[0].in_house.loaded_salary.amount: is out of range",
        ),
        (
            'amount = "52000"',
            f'amount = "{"9" * 29}"',
            "$.processes[0].in_house.loaded_salary.amount: is out of range",
        ),
        ('ftes = "1.5"', 'ftes = "1e30"', "$.processes[0].in_house.ftes: is out of range"),
        (
            'timezone = "Europe/Paris"',
            'timezone = "Mars/Olympus"',
            "$.client.timezone: unknown IANA time zone, got 'Mars/Olympus'",
        ),
        (
            "start = 2025-01-01\nend = 2027-12-31",
            "start = 2025-01-01\nend = 9999-12-31",
            "$.contracts[0].term.end: must be in the years 1900-2999, got '9999-12-31'",
        ),
        (
            'name = "Maison Verdier SAS"',
            f'name = "{"M" * 10_001}"',
            "$.client.name: is longer than the limit of 10,000 characters",
        ),
    ],
)
def test_hostile_portfolios_are_one_clear_error(
    files: Path, old: str, new: str, expected: str
) -> None:
    """Absurd amounts, unknown zones, far dates, huge names: exit 2, one line with the path."""
    name = edited(files, "hostile.toml", old, new)
    before = snapshot(files)
    line = one_error(outsourcing(files, "costs", name))
    assert expected in line
    assert snapshot(files) == before


def test_a_lone_surrogate_in_a_name_is_refused_with_its_path(files: Path) -> None:
    """A JSON escape for half a surrogate pair is refused at loading, naming the field."""
    document = {"client": {"name": "Verdier \\ud800", "country": "FR", "currency": "EUR"}}
    text = json.dumps(document).replace("\\\\ud800", "\\ud800")
    (files / "surrogate.json").write_text(text, encoding="utf-8")
    line = one_error(outsourcing(files, "costs", "surrogate.json"))
    assert "$.client.name: is not valid Unicode (lone surrogate" in line


def test_duplicate_keys_are_refused_with_their_path(files: Path) -> None:
    """A key given twice in a JSON object is an error naming the path, not a silent last win."""
    text = '{"client": {"name": "A", "name": "B", "country": "FR", "currency": "EUR"}}'
    (files / "twice.json").write_text(text, encoding="utf-8")
    line = one_error(outsourcing(files, "costs", "twice.json"))
    assert "$.client.name: duplicate key 'name'" in line


def test_as_of_far_in_the_future_is_a_usage_error(files: Path) -> None:
    """--as-of 9999-12-31 is refused by the option parser with one line, not an overflow."""
    before = snapshot(files)
    done = outsourcing(
        files, "sla", "portfolio.toml", "--tickets", "tickets.csv", "--as-of", "9999-12-31"
    )
    line = one_error(done)
    assert "argument --as-of: not a date in 1900-2999: '9999-12-31'" in line
    assert snapshot(files) == before


def test_tickets_dated_in_year_9999_are_invalid_rows(files: Path) -> None:
    """Without --as-of, year-9999 tickets do not move "today": they are invalid rows."""
    lines = (files / "tickets.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1:4] = [
        line.replace(",2024-", ",9999-").replace(",2025-", ",9999-") for line in lines[1:4]
    ]
    (files / "far.csv").write_text("".join(lines), encoding="utf-8")
    before = snapshot(files)
    done = outsourcing(files, "sla", "portfolio.toml", "--tickets", "far.csv", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "figures as of 2025-09-30" in done.stderr
    assert "year outside 1900-2999" in done.stdout
    assert snapshot(files) == before


def test_a_huge_csv_cell_is_one_clear_error(files: Path) -> None:
    """A ticket cell over 131,072 characters is refused naming the file and the line."""
    header = sample_text("tickets.csv").splitlines()[0]
    row = "rhone-it,T1," + "9" * 140_000 + ",,,,P1,,,,"
    (files / "huge.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    line = one_error(outsourcing(files, "sla", "portfolio.toml", "--tickets", "huge.csv"))
    assert "huge.csv" in line
    assert "a cell is longer than the limit of 131,072 characters" in line
    assert "line 2" in line


@pytest.mark.parametrize(
    "text",
    ["x = " + "[" * 2000 + "]" * 2000 + "\n", "[client]\nemployees = " + "9" * 5000 + "\n"],
    ids=["nested-2000", "5000-digits"],
)
def test_pathological_toml_gives_one_line_never_a_traceback(files: Path, text: str) -> None:
    """Deep nesting and huge integers end in one line (an internal error for now), no traceback.

    They become user errors (exit 2) once the parsers refuse them themselves.
    """
    (files / "odd.toml").write_text(text, encoding="utf-8")
    done = outsourcing(files, "costs", "odd.toml")
    status = done.returncode
    assert status in {EXIT_USAGE, EXIT_SOFTWARE}
    line = one_error(done, status)
    assert line.startswith("error: " if status == EXIT_USAGE else "internal error: ")


def test_values_in_no_sla_scope_are_noted_by_value(files: Path) -> None:
    """Priorities written ``p1`` (no SLA names them) are counted by value in a note."""
    text = (files / "tickets.csv").read_text(encoding="utf-8")
    rows = text.splitlines(keepends=True)
    rhone = [i for i, row in enumerate(rows) if row.startswith("rhone-it,") and ",P1," in row]
    for i in rhone[:3]:
        rows[i] = rows[i].replace(",P1,", ",p1,")
    rows[rhone[3]] = rows[rhone[3]].replace(",P1,", ", P1 ,")
    (files / "typos.csv").write_text("".join(rows), encoding="utf-8")
    done = outsourcing(files, "sla", "portfolio.toml", "--tickets", "typos.csv")
    assert done.returncode == 0, done.stderr
    (note,) = [line for line in done.stderr.splitlines() if "out of every SLA's scope" in line]
    assert note.startswith("note: contract rhone-it: out of every SLA's scope:")
    assert "priority 'p1': 3 row(s) (SLAs name P1), did you mean 'P1'?" in note
    assert "' P1 '" not in note


def test_an_internal_error_is_one_line_with_a_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug exits 70 with one line and a hint; --debug shows the traceback instead."""

    def broken(*_: object, **__: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr("outsourcing.cli.commands.json_schema", broken)
    assert main(["schema"]) == EXIT_SOFTWARE
    err = capsys.readouterr().err
    hint = "a bug in outsourcing: run again with --debug to see the traceback, and report it"
    assert err.splitlines() == [f"internal error: RuntimeError: boom ({hint})"]
    assert main(["schema", "--debug"]) == EXIT_SOFTWARE
    err = capsys.readouterr().err
    assert err.startswith("Traceback")
    assert "RuntimeError: boom" in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["report", "p.toml", "--format", "pdf"], "error: outsourcing report: argument --format"),
        (["frobnicate"], "error: outsourcing: argument COMMAND: invalid choice: 'frobnicate'"),
    ],
)
def test_usage_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    """Bad options print one ``error:`` line (no usage block) and exit 2."""
    assert main(argv) == EXIT_USAGE
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(expected)
    assert line.endswith("(see --help)")


def test_outputs_are_replaced_whole_keeping_their_permissions(tmp_path: Path) -> None:
    """An output is written through a temporary file renamed over it: no leftovers, same mode."""
    target = tmp_path / "report.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    write_atomically(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


@pytest.mark.parametrize(
    "break_it",
    [
        lambda path: path.parent.rmdir(),
        lambda path: path.parent.chmod(0o500),
    ],
    ids=["no-folder", "read-only-folder"],
)
def test_an_output_that_cannot_be_written_is_one_error(
    tmp_path: Path, break_it: Callable[[Path], None]
) -> None:
    """A folder that is gone or read-only gives a `DocumentError` naming the file, no leftovers."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "report.md"
    break_it(target)
    if os.geteuid() == 0 and folder.exists():
        pytest.skip("root writes into read-only folders")
    with pytest.raises(DocumentError, match=r"report\.md"):
        write_atomically(target, "text\n")
    assert not folder.exists() or list(folder.iterdir()) == []


def test_a_closed_standard_output_stops_quietly(files: Path) -> None:
    """Piping the report into a reader that is gone exits 141 without an error message."""
    process = subprocess.Popen(
        [sys.executable, "-m", "outsourcing.cli", "report", "portfolio.toml"],
        cwd=files,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PYTHONPATH": str(SRC), "PATH": "", "LC_ALL": "C.UTF-8"},
    )
    assert process.stdout is not None
    process.stdout.close()  # the reader goes away before the report is written
    _, err = process.communicate()
    assert process.returncode == EXIT_BROKEN_PIPE
    assert err.decode() == ""


def test_an_output_through_a_symbolic_link_replaces_the_file_it_names(tmp_path: Path) -> None:
    """Writing to a link keeps the link and replaces the file behind it, as a plain write does."""
    real = tmp_path / "real.md"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomically(link, "new\n")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new\n"


def test_an_output_path_that_cannot_be_resolved_is_one_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A symbolic link loop as -o is a user error naming it, not an internal error."""
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    assert main(["schema", "-o", str(loop)]) == EXIT_USAGE
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("error: invalid output file (1 problem(s)): ")
    assert "loop.json" in line
