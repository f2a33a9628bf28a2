"""``outsourcing sla --at-risk``: the at-risk view and error budgets on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import run

EXAMPLES = Path(__file__).parent.parent / "examples"
ARGS = (
    "sla",
    str(EXAMPLES / "portfolio.toml"),
    "--tickets",
    str(EXAMPLES / "tickets.csv"),
    "--as-of",
    "2025-09-30",
    "--at-risk",
)


def test_at_risk_text_lists_the_most_urgent_first(capsys: pytest.CaptureFixture[str]) -> None:
    """The text view shows the longest-breached open ticket first and the current budgets."""
    status, out, err = run(capsys, *ARGS, "--contract", "tana-care", "--limit", "2")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Open tickets at risk, contract tana-care")
    assert lines[2].split()[:4] == [
        "resolution",
        "CS-090080",
        "-19:52",
        "2025-09-29T09:08:00+02:00",
    ]
    assert "… and 5 more rows (--limit)." in out
    assert "  resolution 2025-09: 257 / 38 / 17 / 21 / 0.44" in lines


def test_at_risk_json_has_every_contract(capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON view holds, per contract, the open tickets and the budgets of every period."""
    status, out, err = run(capsys, *ARGS, "--format", "json")
    assert status == 0, err
    views = {v["contract"]: v for v in json.loads(out)}
    assert set(views) == {"atlas-finance", "tana-care", "rhone-it"}
    assert len(views["tana-care"]["tickets"]) == 7
    assert all(t["breached"] for t in views["tana-care"]["tickets"][:5])


def test_at_risk_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    """The text view speaks the report's language."""
    status, out, _ = run(capsys, *ARGS, "--contract", "tana-care", "--lang", "fr")
    assert status == 0
    assert out.startswith("Tickets ouverts à risque, contrat tana-care")
    assert "dépassé" in out


def test_at_risk_needs_tickets(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --tickets the command stops with one error line and status 2."""
    status, _, err = run(capsys, "sla", str(EXAMPLES / "portfolio.toml"), "--at-risk")
    assert status == 2
    assert err.startswith("error: --tickets")
