"""The README's command-line block runs as written, from the repository root."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from outsourcing.cli.commands import main

ROOT = Path(__file__).resolve().parent.parent
_PROGRAM = ".venv/bin/outsourcing"


def _readme_commands() -> list[str]:
    """The lines of the README's "Command line" bash block."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Command line", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_every_readme_command_uses_the_virtual_environment() -> None:
    """Each command starts with .venv/bin/outsourcing, which works from a fresh clone."""
    commands = _readme_commands()
    assert len(commands) >= 5
    assert all(line.startswith(_PROGRAM + " ") for line in commands)


@pytest.mark.parametrize("line", _readme_commands())
def test_readme_command_runs(
    line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command exits with 0; its output files are written where it says (here: tmp)."""
    words = shlex.split(line)[1:]
    redirect = None
    if ">" in words:
        at = words.index(">")
        words, redirect = words[:at], words[at + 1]
    if "-o" in words:
        at = words.index("-o") + 1
        words[at] = str(tmp_path / words[at])
    monkeypatch.chdir(ROOT)
    assert main(words) == 0
    out = capsys.readouterr().out
    if redirect is not None:
        assert redirect == "portfolio.schema.json"
        assert out.startswith("{")
    if "-o" in words:
        assert Path(words[words.index("-o") + 1]).stat().st_size > 0


def test_generated_files_are_ignored_by_git() -> None:
    """The files the README's commands write in the repository root are git-ignored."""
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/report.html" in ignored
    assert "/*.schema.json" in ignored
