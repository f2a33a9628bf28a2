"""`--downtime FILE` on `report` and `sla`, and availability in the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cli_helpers import run, service_levels, tables
from outsourcing.cli.commands import EXIT_USAGE
from outsourcing.model.sla import ExclusionReason

EXAMPLES = Path(__file__).parents[1] / "examples"
PORTFOLIO = EXAMPLES / "portfolio.toml"
TICKETS = EXAMPLES / "tickets.csv"
DOWNTIME = EXAMPLES / "downtime.csv"
AVAILABILITY = "Serveurs et tenant Microsoft 365 disponibles"
_service_levels = service_levels


def _table(blocks: list[dict[str, Any]], caption_start: str) -> dict[str, Any]:
    return tables(blocks, caption_start)[0]


def _line(path: Path, text: str) -> str:
    """The line number (header = 1) of the first line of a file containing ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return str(next(i for i, line in enumerate(lines, start=1) if text in line))


def test_sla_with_downtime_measures_availability(capsys: pytest.CaptureFixture[str]) -> None:
    """With --downtime, the availability SLA has a monthly table and its credits are owed."""
    status, out, err = run(
        capsys, "sla", str(PORTFOLIO), "--tickets", str(TICKETS), "--downtime", str(DOWNTIME),
        "--as-of", "2025-09-30", "--contract", "rhone-it", "--format", "json",
    )  # fmt: skip
    assert status == 0, err
    blocks = _service_levels(out)
    table = _table(blocks, AVAILABILITY)
    assert table["columns"] == ["Month", "Availability", "Result", "Downtime", "Time measured"]
    results = {row[0]: row[2] for row in table["rows"]}
    assert [month for month, result in results.items() if result == "breached"] == [
        "Jan 2025",
        "Mar 2025",
    ]
    lines = _table(blocks, "Service credits per breach")["rows"]
    tiers = {(row[0], row[1]): row[2] for row in lines}
    assert tiers[AVAILABILITY, "Jan 2025"] == {"percentage": "5"}
    assert tiers[AVAILABILITY, "Mar 2025"] == {"percentage": "10"}
    notices = [b["text"] for b in blocks if b["type"] == "notice"]
    assert not any("not assessed" in text for text in notices)


def test_bad_downtime_rows_are_listed_by_line_with_reasons(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each bad downtime row is listed with its file line and reason, and a warning counts them."""
    status, out, err = run(
        capsys, "sla", str(PORTFOLIO), "--downtime", str(DOWNTIME), "--as-of", "2025-09-30",
        "--format", "json",
    )  # fmt: skip
    assert status == 0, err
    assert "warning: 5 of 37 downtime rows were not evaluated" in err
    blocks = _service_levels(out)
    invalid = _table(blocks, "Invalid downtime rows")["rows"]
    known = ", ".join(reason.value for reason in ExclusionReason)
    assert [(row[0], row[1], row[3]) for row in invalid] == [
        (_line(DOWNTIME, "start without a UTC offset"), "start", "timestamp without a UTC offset"),
        (_line(DOWNTIME, "end before the start"), "end", "ends before it starts"),
        (_line(DOWNTIME, "scheduled"), "exclusion", f"unknown exclusion reason (known: {known})"),
    ]  # fmt: skip
    unassigned = _table(blocks, "Downtime rows not attributed")["rows"]
    assert [(row[0], row[2]) for row in unassigned] == [
        (_line(DOWNTIME, "acme-legal"), "acme-legal"),
        (_line(DOWNTIME, ",no contract"), ""),
    ]
    accounts = _table(blocks, "Where every row went")
    (downtime_row,) = [row for row in accounts["rows"] if row[0].startswith(AVAILABILITY)]
    assert downtime_row[0] == f"{AVAILABILITY} (downtime rows)"
    assert downtime_row[1] == 35
    assert downtime_row[2] + 15 + 1 + downtime_row[4] == 35  # maintenance, force majeure


def test_missing_downtime_file_is_one_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A downtime file that does not exist: one message naming it, exit 2, no traceback."""
    path = tmp_path / "downtime.csv"
    status, out, err = run(capsys, "report", str(PORTFOLIO), "--downtime", str(path))
    assert status == EXIT_USAGE
    assert out == ""
    assert str(path) in err
    assert "No such file or directory" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("contract,end\nrhone-it,2025-01-01T00:00:00Z\n", "missing column 'start'"),
        ("", "has no header row"),
        ("start,end\n2025-01-01T00:00:00Z,\n", "has no 'contract' column"),
    ],
)
def test_downtime_file_without_its_columns_is_one_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, expected: str
) -> None:
    """A downtime file without a header, a start column or a contract column is refused."""
    path = tmp_path / "downtime.csv"
    path.write_text(content, encoding="utf-8")
    status, out, err = run(capsys, "report", str(PORTFOLIO), "--downtime", str(path))
    assert status == EXIT_USAGE
    assert out == ""
    assert "invalid downtime file" in err
    assert expected in err


def test_sla_needs_tickets_or_downtime(capsys: pytest.CaptureFixture[str]) -> None:
    """`sla` with neither --tickets nor --downtime is a usage error naming both options."""
    status, _, err = run(capsys, "sla", str(PORTFOLIO))
    assert status == EXIT_USAGE
    assert "--tickets" in err
    assert "--downtime" in err


def test_default_as_of_is_the_last_event_of_the_downtime(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without --as-of and tickets, the figures are as of the day of the last downtime event."""
    status, _, err = run(
        capsys, "sla", str(PORTFOLIO), "--downtime", str(DOWNTIME), "--format", "json"
    )
    assert status == 0
    assert "figures as of 2025-09-10" in err


@pytest.mark.parametrize(
    ("lang", "caption", "breached"), [("en", "Month", "breached"), ("fr", "Mois", "manqué")]
)
def test_demo_shows_availability_in_both_languages(
    capsys: pytest.CaptureFixture[str], lang: str, caption: str, breached: str
) -> None:
    """The demo measures the sample's availability SLA from the packaged downtime record."""
    status, out, err = run(capsys, "demo", "--lang", lang, "--format", "json")
    assert status == 0, err
    blocks = _service_levels(out)
    table = _table(blocks, AVAILABILITY)
    assert table["columns"][0] == caption
    assert sum(1 for row in table["rows"] if row[2] == breached) == 2
    assert err == ""
