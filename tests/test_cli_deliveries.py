"""`--deliveries FILE` on `report` and `sla`, and late deliveries in the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cli_helpers import run, tables
from cli_helpers import service_levels as _service_levels
from outsourcing.cli.commands import EXIT_USAGE

EXAMPLES = Path(__file__).parents[1] / "examples"
PORTFOLIO = EXAMPLES / "portfolio.toml"
DELIVERIES = EXAMPLES / "deliveries.csv"
LATE = "Deliverables and milestones"
_tables = tables


def _figures(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        figure["label"]: figure["value"]
        for block in blocks
        if block["type"] == "key_figures"
        for figure in block["items"]
    }


@pytest.mark.parametrize("command", ["report", "sla"])
def test_deliveries_alone_show_late_deliveries(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """With only --deliveries, each dated item is listed with its delay, penalty, cap and right."""
    status, out, err = run(
        capsys, command, str(PORTFOLIO), "--deliveries", str(DELIVERIES), "--as-of", "2025-09-30",
        "--format", "json",
    )  # fmt: skip
    assert status == 0, err
    assert err == ""
    blocks = _service_levels(out)
    (table,) = _tables(blocks, LATE)
    assert table["columns"] == [
        "Deliverable or milestone", "Due", "Delivered", "Delay", "Force majeure", "Penalty",
        "Cap applied", "Termination right",
    ]  # fmt: skip
    rows = {row[0]: row for row in table["rows"]}
    assert set(rows) == {
        "Migration vers Microsoft 365",
        "Pilote de 20 utilisateurs",
        "Tous les utilisateurs migrés",
    }
    last = rows["Tous les utilisateurs migrés"]
    assert last[3:5] == ["105 days", "5 days"]
    assert last[6:] == ["cap reached (5%)", "yes"]
    assert rows["Pilote de 20 utilisateurs"][6:] == ["no", "no"]
    notices = [b["text"] for b in blocks if b["type"] == "notice"]
    assert any("late delivery: “Tous les utilisateurs migrés”, 105 days late" in n for n in notices)
    assert _figures(blocks)["Delivery rows read"] == 3


def test_bad_delivery_rows_are_listed_with_line_and_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Every bad row is listed once with its file line and reason; a warning counts them."""
    path = tmp_path / "deliveries.csv"
    path.write_text(
        "contract,name,delivered,force_majeure_days\n"
        "rhone-it,Pilote de 20 utilisateurs,2025-02-12,\n"  # line 2: good
        "rhone-it,Go-live party,2025-03-01,\n"  # 3: no such item
        "rhone-it,Tous les utilisateurs migrés,15/07/2025,\n"  # 4: date
        "rhone-it,Tous les utilisateurs migrés,2025-07-15,-5\n"  # 5: negative days
        "rhone-it,Pilote de 20 utilisateurs,2025-02-13,\n"  # 6: repeats line 2
        "acme,Pilote de 20 utilisateurs,2025-02-12,\n",  # 7: unknown contract
        encoding="utf-8",
    )
    status, out, err = run(
        capsys, "sla", str(PORTFOLIO), "--deliveries", str(path), "--as-of", "2025-09-30",
        "--format", "json",
    )  # fmt: skip
    assert status == 0, err
    assert "warning: 5 of 6 delivery rows were not assessed" in err
    blocks = _service_levels(out)
    (invalid,) = _tables(blocks, "Invalid delivery rows")
    reasons = {row[0]: (row[1], row[3]) for row in invalid["rows"]}
    assert reasons["3"][0] == "name"
    assert reasons["3"][1].startswith("no dated deliverable or milestone of the contract")
    assert "Pilote de 20 utilisateurs" in reasons["3"][1]  # the known names
    assert reasons["4"] == ("delivered", "unreadable date (expected 2025-03-31)")
    assert reasons["5"] == ("force_majeure_days", "negative number of days")
    assert reasons["6"] == ("name", "already reported on line 2")
    (unassigned,) = _tables(blocks, "Delivery rows not attributed")
    assert [(row[0], row[2]) for row in unassigned["rows"]] == [("7", "acme")]
    (late,) = _tables(blocks, LATE)
    delivered = {row[0]: row[2] for row in late["rows"]}
    assert delivered["Tous les utilisateurs migrés"] == "not yet delivered"


def test_french_report_translates_delivery_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The French report words late deliveries and bad delivery rows in French."""
    path = tmp_path / "deliveries.csv"
    path.write_text(
        "contract,name,delivered\n"
        "rhone-it,Tous les utilisateurs migrés,2025-07-15\n"
        "rhone-it,Pilot,x\n",
        encoding="utf-8",
    )
    status, out, err = run(
        capsys, "sla", str(PORTFOLIO), "--deliveries", str(path), "--as-of", "2025-09-30",
        "--format", "json", "--lang", "fr",
    )  # fmt: skip
    assert status == 0, err
    blocks = _service_levels(out)
    (late,) = _tables(blocks, "Livrables et jalons")
    assert late["columns"][0] == "Livrable ou jalon"
    (invalid,) = _tables(blocks, "Lignes de livraison invalides")
    (row,) = invalid["rows"]
    assert row[3].startswith("aucun livrable ni jalon daté du contrat ne porte ce nom")


def test_rows_of_an_unknown_contract_are_unassigned(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Rows naming a contract the portfolio lacks are listed as unassigned, not an error."""
    path = tmp_path / "deliveries.csv"
    path.write_text("contract,name,delivered\nacme,Pilote de 20 utilisateurs,2025-02-12\n", "utf-8")
    status, out, err = run(
        capsys, "sla", str(PORTFOLIO), "--deliveries", str(path), "--as-of", "2025-09-30",
        "--format", "json",
    )  # fmt: skip
    assert status == 0, err
    assert "warning: 1 of 1 delivery rows was not assessed" in err
    blocks = _service_levels(out)
    (unassigned,) = _tables(blocks, "Delivery rows not attributed")
    ((line, field, value, reason),) = unassigned["rows"]
    assert (line, field, value) == ("2", "contract", "acme")
    assert reason.startswith("contract not in the portfolio (known: atlas-finance")
    assert _figures(blocks)["Delivery rows with no known contract"] == 1


def test_missing_deliveries_file_is_one_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A deliveries file that does not exist: one message naming it, exit 2, no traceback."""
    path = tmp_path / "deliveries.csv"
    status, out, err = run(capsys, "report", str(PORTFOLIO), "--deliveries", str(path))
    assert status == EXIT_USAGE
    assert out == ""
    assert str(path) in err
    assert "No such file or directory" in err
    assert "Traceback" not in err


def test_deliveries_file_without_a_name_column_is_one_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A deliveries file without its name column is refused, naming the file."""
    path = tmp_path / "deliveries.csv"
    path.write_text("contract,delivered\nrhone-it,2025-02-12\n", encoding="utf-8")
    status, out, err = run(capsys, "sla", str(PORTFOLIO), "--deliveries", str(path))
    assert status == EXIT_USAGE
    assert out == ""
    assert "invalid deliveries file" in err
    assert "missing column 'name'" in err


@pytest.mark.parametrize(("lang", "caption"), [("en", LATE), ("fr", "Livrables et jalons")])
def test_demo_shows_late_deliveries_in_both_languages(
    capsys: pytest.CaptureFixture[str], lang: str, caption: str
) -> None:
    """The demo assesses the sample's milestones from the packaged delivery record."""
    status, out, err = run(capsys, "demo", "--lang", lang, "--format", "json")
    assert status == 0, err
    (table,) = _tables(_service_levels(out), caption)
    assert len(table["rows"]) == 3
    assert err == ""
