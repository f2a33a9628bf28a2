"""``outsourcing import`` and ``outsourcing export``: files in, contract out, and back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import run
from outsourcing import Contract, load
from outsourcing.model.sla import MeasurementPeriod

FIXTURES = Path(__file__).parent / "fixtures" / "interop"
ZENDESK = FIXTURES / "go-zendesk_fixture_POST_sla_policies.json"


def test_import_zendesk_writes_a_contract_and_prints_the_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Six SLAs land in the contract file; the unrepresentable condition is a note."""
    output = tmp_path / "contract.toml"
    status, _, err = run(
        capsys,
        "import",
        "zendesk",
        str(ZENDESK),
        "--objective",
        "90",
        "--start",
        "2025-01-01",
        "-o",
        str(output),
    )
    assert status == 0, err
    contract = load(output, Contract)
    assert len(contract.slas) == 6
    assert str(contract.term.start) == "2025-01-01"
    assert "note: condition_not_representable: Incidents: $.sla_policy.filter.all[0]" in err


def test_import_zendesk_needs_an_objective(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --objective the command stops with one error line and status 2."""
    status, _, err = run(capsys, "import", "zendesk", str(ZENDESK))
    assert status == 2
    assert err.startswith("error: --objective")


def test_export_then_import_gives_the_same_contract_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Export to OpenSLO then import again writes the same contract document.

    The Zendesk policies state no time zone, so the contract needs one to be exported: its
    calendar months are cut at local midnight.
    """
    first = tmp_path / "first.toml"
    options = ["zendesk", str(ZENDESK), "--objective", "90", "--start", "2025-01-01"]
    run(capsys, "import", *options, "-o", str(first))
    status, _, err = run(capsys, "export", "openslo", str(first), "-o", str(tmp_path / "no"))
    assert status == 2
    assert err.startswith("error: contracts[imported].timezone: not stated")
    run(capsys, "import", *options, "--timezone", "Europe/Paris", "-o", str(first))
    status, out, err = run(capsys, "export", "openslo", str(first), "-o", str(tmp_path / "slo"))
    assert status == 0, err
    files = sorted((tmp_path / "slo").glob("*.yaml"))
    assert [f.name for f in files][:1] == ["01-incidents-first-response-normal.yaml"]
    assert out.split() == [str(f) for f in files]
    second = tmp_path / "second.toml"
    status, _, err = run(capsys, "import", "openslo", *map(str, files), "-o", str(second))
    assert status == 0, err
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_import_openslo_rolling_window_needs_rolling_as(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The rolling example fails with the window named, and imports with --rolling-as."""
    rolling = FIXTURES / "openslo_budgeting-method_occurences-slo.yaml"
    status, _, err = run(capsys, "import", "openslo", str(rolling))
    assert status == 2
    assert "'2w'" in err
    output = tmp_path / "c.json"
    status, _, err = run(
        capsys,
        "import",
        "openslo",
        str(rolling),
        "--rolling-as",
        "week",
        "--start",
        "2025-01-06",
        "-o",
        str(output),
    )
    assert status == 0, err
    sla = json.loads(output.read_text())["slas"][0]
    assert sla["period"] == MeasurementPeriod.WEEK.value
    assert "note: read_as" in err


def test_import_servicenow_with_a_schedule_map(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A ServiceNow export on a schedule imports into an existing contract with its calendar."""
    records = {
        "records": [
            {
                "name": "P1 resolution",
                "duration": "1970-01-01 04:00:00",
                "schedule": "abc",
                "start_condition": "priority=1",
                "stop_condition": "stateIN6,7",
            }
        ]
    }
    source = tmp_path / "sla.json"
    source.write_text(json.dumps(records))
    base = tmp_path / "base.toml"
    base.write_text(
        'id = "c"\ntitle = "C"\nclient = "A"\nprovider_id = "p"\ncurrency = "EUR"\n'
        '[term]\nstart = "2025-01-01"\n[[calendars]]\nid = "office"\ntimezone = "Europe/Paris"\n'
        'week = {mon = ["09:00-17:00"]}\n'
    )
    output = tmp_path / "out.toml"
    status, _, err = run(
        capsys,
        "import",
        "servicenow",
        str(source),
        "--objective",
        "95",
        "--into",
        str(base),
        "--schedule-calendar",
        "abc=office",
        "-o",
        str(output),
    )
    assert status == 0, err
    contract = load(output, Contract)
    assert [(s.id, s.calendar) for s in contract.slas] == [("p1-resolution", "office")]
