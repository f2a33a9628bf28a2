from __future__ import annotations

from pathlib import Path

import icalendar
import pytest

from cli_helpers import run

EXAMPLE = str(Path(__file__).parent.parent / "examples" / "portfolio.toml")


def test_calendar_prints_upcoming_deadlines_sorted(capsys: pytest.CaptureFixture[str]) -> None:
    """`outsourcing calendar` lists the customer-service end, then the payroll deadline."""
    status, out, _ = run(capsys, "calendar", EXAMPLE, "--as-of", "2026-01-01")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "Renewal calendar as of 2026-01-01"
    assert lines[3].split() == ["2026-02-28", "contract", "ends", "tana-care", "2026-02-28"]
    assert lines[4].split() == [
        "2027-06-30",
        "notice",
        "deadline",
        "atlas-finance",
        "2027-12-31",
    ]


def test_calendar_writes_an_ics_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """With -o the calendar is an iCalendar file with one all-day event per deadline or end."""
    target = tmp_path / "deadlines.ics"
    status, out, _ = run(capsys, "calendar", EXAMPLE, "--as-of", "2026-01-01", "-o", str(target))
    assert (status, out) == (0, "")
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == [
        "tana-care-term_end-2026-02-28@outsourcing",
        "atlas-finance-notice_deadline-2027-06-30@outsourcing",
    ]
    deadline = events[1]
    assert deadline.decoded("dtstart").isoformat() == "2027-06-30"
    assert str(deadline["summary"]) == (
        "Notice deadline: Contrat de prestations de paie et de comptabilité"
    )
    alarms = deadline.walk("VALARM")
    assert [a.decoded("trigger").days for a in alarms] == [-14]


def test_calendar_in_french_with_nothing_ahead(capsys: pytest.CaptureFixture[str]) -> None:
    """Far ahead only the payroll contract's deadline is left, labelled in French."""
    status, out, _ = run(capsys, "calendar", EXAMPLE, "--as-of", "2030-01-01", "--lang", "fr")
    assert status == 0
    assert "2030-06-30  date limite de préavis  atlas-finance  2030-12-31" in out


def test_calendar_refuses_a_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed --as-of is a usage error (status 2)."""
    status, _, err = run(capsys, "calendar", EXAMPLE, "--as-of", "2026-13-01")
    assert status == 2
    assert "not a date" in err
