"""Running the command line in process and finding blocks of its JSON report, for CLI tests."""

from __future__ import annotations

import json
from typing import Any

import pytest

from outsourcing.cli.commands import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line in process; return its status, stdout and stderr."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def service_levels(out: str) -> list[dict[str, Any]]:
    """The blocks of the service-levels section of a JSON report."""
    sections = {s["key"]: s for s in json.loads(out)["sections"]}
    blocks: list[dict[str, Any]] = sections["service_levels"]["blocks"]
    return blocks


def tables(blocks: list[dict[str, Any]], caption_start: str) -> list[dict[str, Any]]:
    """The tables among ``blocks`` whose caption starts with ``caption_start``."""
    return [b for b in blocks if b["type"] == "table" and b["caption"].startswith(caption_start)]
