"""The `outsourcing` command line: every command, format and language, and bad input."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from outsourcing import (
    SLA,
    BusinessCalendar,
    BusinessFunction,
    Client,
    Contract,
    CreditTier,
    FixedFee,
    LifePhase,
    Money,
    Portfolio,
    Process,
    Provider,
    SLAMetric,
    Term,
)
from outsourcing.cli.commands import COMMANDS, EXIT_USAGE, main
from outsourcing.io import dump, dumps
from outsourcing.presentation.report import SECTIONS
from outsourcing.presentation.summary import portfolio_summary
from outsourcing.samples import sample_portfolio

NNBSP, NBSP = "\u202f", "\u00a0"


def small_portfolio() -> Portfolio:
    """A small portfolio: one client, two processes, one nearshore contract with an SLA."""
    paris = BusinessCalendar(
        id="paris",
        timezone="Europe/Paris",
        week={d: ["09:00-12:30", "13:30-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
        holiday_country="FR",
        first_year=2024,
        last_year=2026,
    )
    return Portfolio(
        client=Client(
            name="Maison Exemple SAS", country="FR", currency="EUR", phase=LifePhase.GROWTH
        ),
        processes=(
            Process(
                id="payroll",
                name="Payroll",
                function=BusinessFunction.PAYROLL,
                monthly_volume=1200,
                personal_data=True,
            ),
            Process(
                id="support",
                name="Customer support",
                function=BusinessFunction.CUSTOMER_SERVICE,
                monthly_volume=3000,
            ),
        ),
        providers=(
            Provider(
                id="atlas",
                name="Atlas Services",
                country="MA",
                timezone="Africa/Casablanca",
                billing_currency="EUR",
            ),
        ),
        contracts=(
            Contract(
                id="support-desk",
                title="Support <desk> [bold]",
                client="Maison Exemple SAS",
                provider_id="atlas",
                currency="EUR",
                term=Term(start="2024-01-01", end="2026-12-31"),
                process_ids=("support",),
                calendars=(paris,),
                pricing=(FixedFee(name="Base", monthly_fee=Money("12345.5", "EUR")),),
                slas=(
                    SLA(
                        id="frt",
                        name="First response",
                        metric=SLAMetric.FIRST_RESPONSE,
                        objective="95",
                        target=dt.timedelta(hours=4),
                        calendar="paris",
                        credit_tiers=(CreditTier(below="95", credit="5"),),
                    ),
                ),
            ),
        ),
    )


@pytest.fixture
def portfolio_file(tmp_path: Path) -> Path:
    """The sample portfolio written as TOML."""
    path = tmp_path / "portfolio.toml"
    dump(small_portfolio(), path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line in process; return its status, stdout and stderr."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("output_format", ["text", "md", "html", "json"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_report_in_every_format_and_language(
    capsys: pytest.CaptureFixture[str], portfolio_file: Path, output_format: str, lang: str
) -> None:
    """`report` succeeds in each format and language and names the client and the contract."""
    status, out, err = run(
        capsys,
        "report",
        str(portfolio_file),
        "--format",
        output_format,
        "--lang",
        lang,
        "--as-of",
        "2024-06-30",
    )
    assert (status, err) == (0, "")
    assert "Maison Exemple SAS" in out
    contract = "Support &lt;desk&gt; [bold]" if output_format == "html" else "Support"
    assert contract in out
    title = {"en": "Outsourcing report", "fr": "Rapport d’externalisation"}[lang]
    assert title in out


def test_report_json_is_valid_and_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str], portfolio_file: Path
) -> None:
    """The JSON report parses, says its language, and dates the figures with --as-of."""
    status, out, _ = run(
        capsys, "report", str(portfolio_file), "--format", "json", "--lang", "fr",
        "--as-of", "2024-06-30",
    )  # fmt: skip
    assert status == 0
    data = json.loads(out)
    assert data["language"] == "fr"
    assert data["subtitle"] == "Maison Exemple SAS · chiffres au 30 juin 2024 (date demandée)"
    assert data["sections"][0]["key"] == "overview"


def test_report_french_text_uses_french_number_and_date_formats(
    capsys: pytest.CaptureFixture[str], portfolio_file: Path
) -> None:
    """French text groups thousands with U+202F and writes dates in French."""
    status, out, _ = run(capsys, "report", str(portfolio_file), "--lang", "fr")
    assert status == 0
    assert f"3{NNBSP}000" in out
    assert "1er janvier 2024" in out  # the first of the month is an ordinal in French
    assert "Maroc" in out


def test_report_written_to_a_file(
    capsys: pytest.CaptureFixture[str], portfolio_file: Path, tmp_path: Path
) -> None:
    """`--output` writes the report to a file and nothing to stdout."""
    target = tmp_path / "report.html"
    status, out, _ = run(
        capsys, "report", str(portfolio_file), "--format", "html", "-o", str(target)
    )
    assert (status, out) == (0, "")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_missing_portfolio_file_is_one_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A missing file exits 2 with an `error:` line naming the file, without a traceback."""
    missing = tmp_path / "nowhere.toml"
    status, out, err = run(capsys, "report", str(missing))
    assert status == EXIT_USAGE
    assert out == ""
    assert err.startswith("error: ")
    assert str(missing) in err
    assert "Traceback" not in err


def test_malformed_toml_is_one_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Malformed TOML exits 2 naming the file."""
    bad = tmp_path / "bad.toml"
    bad.write_text("[client\nname = ", encoding="utf-8")
    status, _, err = run(capsys, "report", str(bad))
    assert status == EXIT_USAGE
    assert str(bad) in err
    assert "Traceback" not in err


def test_invalid_field_names_its_path(
    capsys: pytest.CaptureFixture[str], portfolio_file: Path
) -> None:
    """An invalid field exits 2 with the JSON path of the field and the bad value."""
    text = portfolio_file.read_text(encoding="utf-8").replace(
        'objective = "95"', 'objective = "150"'
    )
    assert "150" in text
    portfolio_file.write_text(text, encoding="utf-8")
    status, _, err = run(capsys, "report", str(portfolio_file))
    assert status == EXIT_USAGE
    assert "$.contracts[0].slas[0].objective" in err
    assert "150" in err


def test_unknown_suffix_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A portfolio file with an unknown suffix exits 2 naming the known formats."""
    odd = tmp_path / "portfolio.txt"
    odd.write_text("x", encoding="utf-8")
    status, _, err = run(capsys, "report", str(odd))
    assert status == EXIT_USAGE
    assert ".toml" in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["report", "p.toml", "--format", "pdf"], "invalid choice: 'pdf'"),
        (["report", "p.toml", "--lang", "de"], "invalid choice: 'de'"),
        (["report", "p.toml", "--as-of", "2024-13-01"], "not a date"),
        (["report", "p.toml", "--as-of", "2024-06-30T10:00"], "not a date"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["demo", "--locale", "xx_YY"], "locale: is not a locale babel knows, got 'xx_YY'"),
        ([], "required"),
    ],
)
def test_usage_errors_exit_2_with_one_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    """Bad options exit 2 with argparse's one-line error and no traceback."""
    status, out, err = run(capsys, *argv)
    assert status == EXIT_USAGE
    assert out == ""
    assert expected in err
    assert "Traceback" not in err


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    """`--help` lists each subcommand with its help line and exits with status 0."""
    status, out, _ = run(capsys, "--help")
    assert status == 0
    for command in COMMANDS:
        assert command.name in out
        assert command.help in out


@pytest.mark.parametrize("output_format", ["text", "md", "html", "json"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_demo_reports_on_the_sample_portfolio(
    capsys: pytest.CaptureFixture[str], output_format: str, lang: str
) -> None:
    """`demo` runs the report on the bundled sample in each format and language."""
    status, out, err = run(capsys, "demo", "--format", output_format, "--lang", lang)
    assert (status, err) == (0, "")
    portfolio = sample_portfolio()
    assert portfolio.client.name in out
    for process in portfolio.processes:
        assert process.name in out


def test_main_writes_to_the_given_stream() -> None:
    """Output goes to ``out`` when given."""
    out = io.StringIO()
    assert main(["demo", "--format", "md"], out=out) == 0
    assert out.getvalue().startswith("# Outsourcing report\n")


def test_summary_of_a_bare_portfolio() -> None:
    """Missing pricing, KPIs, indexation or client details are said, not printed as blanks."""
    portfolio = Portfolio(
        client=Client("Verdier", "FR", "EUR"),
        providers=sample_portfolio().providers[:1],
        contracts=[
            Contract(
                id="c",
                title="Pilot",
                client="Verdier",
                provider_id="atlas-bpo",
                currency="EUR",
                term=Term(start="2026-01-01", end="2026-06-30"),
                slas=[
                    SLA(
                        id="ack",
                        name="Acknowledged",
                        metric=SLAMetric.FIRST_RESPONSE,
                        objective=90,
                        target=dt.timedelta(seconds=45),
                    )
                ],
            )
        ],
    )
    lines = portfolio_summary(portfolio).splitlines()
    assert lines[:3] == ["Verdier (FR, reports in EUR, steady phase)", "", "Processes (0)"]
    assert "    processes  none listed" in lines
    assert "    fees       none listed" in lines
    assert "    SLAs       Acknowledged: 90 % first response within 45 s" in lines
    assert "    KPIs       none" in lines
    assert "    term       2026-01-01 to 2026-06-30, notice 3 months" in lines
    assert not any("indexation" in line for line in lines)


def test_console_script_runs_as_a_module(portfolio_file: Path) -> None:
    """`python -m outsourcing.cli` runs the same command in a fresh process."""
    src = Path(__file__).parents[1] / "src"
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-m",
            "outsourcing.cli",
            "report",
            str(portfolio_file),
            "--lang",
            "fr",
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(src), "PATH": ""},
        encoding="utf-8",
    )
    assert done.returncode == 0, done.stderr
    assert "Rapport d’externalisation" in done.stdout


def test_report_reviews_each_contract_and_its_exit_plan(
    capsys: pytest.CaptureFixture[str], portfolio_file: Path
) -> None:
    """The report has a review and a reversibility section naming the contract and its gaps."""
    status, out, _ = run(
        capsys, "report", str(portfolio_file), "--format", "json", "--as-of", "2024-06-30"
    )
    assert status == 0
    sections = {s["key"]: s for s in json.loads(out)["sections"]}
    assert {"overview", "review", "reversibility"} <= sections.keys()
    review = sections["review"]["blocks"]
    figures = next(b for b in review if b["type"] == "key_figures")["items"]
    assert figures[2]["label"] == "Missing"
    assert figures[2]["value"] > 0
    gaps = next(b for b in review if b["type"] == "table")
    assert ["BPO checklist item 1", "Scope and limits", "missing", "high"] in gaps["rows"]
    exit_blocks = sections["reversibility"]["blocks"]
    exit_figures = next(b for b in exit_blocks if b["type"] == "key_figures")["items"]
    assert exit_figures[0] == {"label": "Exit plan", "value": False, "text": "✘"}


def test_report_classifies_each_process(
    capsys: pytest.CaptureFixture[str], portfolio_file: Path
) -> None:
    """The classification table has one row per process, with French labels in French."""
    status, out, _ = run(
        capsys, "report", str(portfolio_file), "--format", "json", "--lang", "fr",
        "--as-of", "2024-06-30",
    )  # fmt: skip
    assert status == 0
    section = next(s for s in json.loads(out)["sections"] if s["key"] == "classification")
    table = section["blocks"][0]
    assert [row[0] for row in table["rows"]] == ["Payroll", "Customer support"]
    support = table["rows"][1]
    assert support[1] == "BPO (processus métier)"
    assert support[3] == "nearshore (pays proche)"


EXAMPLES = Path(__file__).parents[1] / "examples"
PORTFOLIO = EXAMPLES / "portfolio.toml"
TICKETS = EXAMPLES / "tickets.csv"


def _sections(out: str) -> dict[str, Any]:
    return {s["key"]: s for s in json.loads(out)["sections"]}


def _csv_line(ticket: str) -> int:
    """The line of a ticket in the sample CSV (the header is line 1)."""
    lines = TICKETS.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if f",{ticket}," in line)


@pytest.mark.parametrize("output_format", ["text", "md", "html", "json"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_sla_command_in_every_format_and_language(
    capsys: pytest.CaptureFixture[str], output_format: str, lang: str
) -> None:
    """`sla` prints the service-level section only, in each format and language."""
    status, out, err = run(
        capsys, "sla", str(PORTFOLIO), "--tickets", str(TICKETS), "--as-of", "2025-09-30",
        "--format", output_format, "--lang", lang, "--contract", "tana-care",
    )  # fmt: skip
    assert status == 0, err
    title = "Service levels" if lang == "en" else "Niveaux de service"
    assert title in out or title.upper() in out
    assert ("Contract review" in out) is False
    assert "Tickets résolus sous 24 heures ouvrées" in out


def test_sla_report_accounts_for_every_row_and_states_the_rights(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The SLA section lists unassigned and invalid rows by line, and the termination right."""
    status, out, err = run(
        capsys, "sla", str(PORTFOLIO), "--tickets", str(TICKETS), "--as-of", "2025-09-30",
        "--format", "json",
    )  # fmt: skip
    assert status == 0
    section = _sections(out)["service_levels"]
    tables = [b for b in section["blocks"] if b["type"] == "table"]
    listed = {row[0] for t in tables if t["columns"][0] == "Line" for row in t["rows"]}
    bad = ("CS-BAD-1", "CS-BAD-2", "INC-BAD-3", "ACC-BAD-4", "LEG-1", "CS-BAD-7")
    assert {str(_csv_line(t)) for t in bad} <= listed
    assert len(listed) == 7  # the six above and the repeated ticket id
    assert "warning: 7 of 4,437 ticket rows were not evaluated" in err
    notices = [b["text"] for b in section["blocks"] if b["type"] == "notice"]
    assert (
        "Right to terminate opened in Aug 2025: “Tickets résolus sous 24 heures ouvrées”, "
        "3 breaches in a row." in notices
    )
    assert (
        "“Serveurs et tenant Microsoft 365 disponibles”: availability is measured from a downtime "
        "record; none was given, so it is not assessed." in notices
    )
    accounts = [t for t in tables if t["columns"][:3] == ["SLA", "Rows", "Evaluated"]]
    for table in accounts:
        for _, rows, evaluated, _, invalid in table["rows"]:
            assert evaluated + invalid <= rows


def test_sla_needs_a_ticket_file(capsys: pytest.CaptureFixture[str]) -> None:
    """`sla` without --tickets is a usage error."""
    status, _, err = run(capsys, "sla", str(PORTFOLIO))
    assert status == EXIT_USAGE
    assert "--tickets" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("contract,ticket,priority\nrhone-it,T1,P1\n", "missing column 'opened'"),
        ("", "has no header row"),
        (None, "No such file or directory"),
    ],
)
def test_bad_ticket_files_are_one_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | None, expected: str
) -> None:
    """A missing or headless ticket file: one message naming the file, exit 2, no traceback."""
    path = tmp_path / "tickets.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    status, out, err = run(capsys, "report", str(PORTFOLIO), "--tickets", str(path))
    assert status == EXIT_USAGE
    assert out == ""
    assert str(path) in err
    assert expected in err
    assert "Traceback" not in err


def test_ticket_file_in_another_encoding_is_one_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A ticket file that is not UTF-8 is refused with one message."""
    path = tmp_path / "tickets.csv"
    path.write_bytes("contract,ticket,opened,priority\nrhone-it,Té,x,P1\n".encode("utf-16"))
    status, _, err = run(capsys, "sla", str(PORTFOLIO), "--tickets", str(path))
    assert status == EXIT_USAGE
    assert "not UTF-8" in err


def test_unknown_contract_option_is_a_user_error(capsys: pytest.CaptureFixture[str]) -> None:
    """--contract with an id the portfolio does not have names the known ones."""
    status, _, err = run(capsys, "review", str(PORTFOLIO), "--contract", "nope")
    assert status == EXIT_USAGE
    assert "'nope'" in err
    assert "atlas-finance" in err


def test_costs_command_compares_in_house_with_outsourced(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`costs` gives savings = in house − outsourced, a break-even month and P10 ≤ P50 ≤ P90."""
    status, out, _ = run(
        capsys, "costs", str(PORTFOLIO), "--contract", "atlas-finance", "--format", "json"
    )
    assert status == 0
    section = _sections(out)["costs"]
    figures = next(b for b in section["blocks"] if b["type"] == "key_figures")["items"]
    values = {f["label"]: f["value"] for f in figures}
    in_house = Decimal(values["In house"]["amount"])
    outsourced = Decimal(values["Outsourced (all costs)"]["amount"])
    assert Decimal(values["Savings"]["amount"]) == in_house - outsourced
    assert values["Break-even"].endswith(")")
    bands = next(b for b in section["blocks"] if b["type"] == "table" and "P10" in b["columns"])
    for _, p10, p50, p90 in bands["rows"]:
        assert Decimal(p10["amount"]) <= Decimal(p50["amount"]) <= Decimal(p90["amount"])


def test_costs_are_the_same_on_every_run(capsys: pytest.CaptureFixture[str]) -> None:
    """The simulation has a fixed seed: two runs print the same report."""
    first = run(capsys, "costs", str(PORTFOLIO), "--as-of", "2025-09-30", "--format", "json")
    second = run(capsys, "costs", str(PORTFOLIO), "--as-of", "2025-09-30", "--format", "json")
    assert first == second


@pytest.mark.parametrize(
    ("command", "keys"),
    [
        ("classify", {"classification"}),
        ("costs", {"costs"}),
        ("review", {"review", "reversibility"}),
    ],
)
def test_single_jobs_print_only_their_sections(
    capsys: pytest.CaptureFixture[str], command: str, keys: set[str]
) -> None:
    """`classify`, `costs` and `review` print their own sections and nothing else."""
    status, out, _ = run(capsys, command, str(PORTFOLIO), "--format", "json")
    assert status == 0
    assert set(_sections(out)) == keys


def test_schema_validates_the_example_portfolio(capsys: pytest.CaptureFixture[str]) -> None:
    """`schema` prints a JSON Schema that the example portfolio satisfies."""
    jsonschema = pytest.importorskip("jsonschema")
    status, out, _ = run(capsys, "schema")
    assert status == 0
    schema = json.loads(out)
    document = json.loads(dumps(sample_portfolio(), "json"))
    jsonschema.validate(document, schema)
    del document["client"]["name"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_schema_of_a_named_class_and_of_an_unknown_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`schema SLA` describes an SLA; an unknown class lists the known ones, exit 2."""
    status, out, _ = run(capsys, "schema", "SLA")
    assert status == 0
    assert json.loads(out)["$ref"] == "#/$defs/SLA"
    status, _, err = run(capsys, "schema", "Nope")
    assert status == EXIT_USAGE
    assert "'Nope'" in err
    assert "Portfolio" in err


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_demo_runs_the_whole_pipeline(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    """`demo` has every section, with the sample tickets evaluated, quietly on stderr."""
    status, out, err = run(capsys, "demo", "--format", "json", "--lang", lang)
    assert status == 0
    assert err == ""
    sections = _sections(out)
    assert tuple(sections) == SECTIONS
    figures = sections["service_levels"]["blocks"][0]["items"]
    assert figures[0]["value"] == TICKETS.read_text(encoding="utf-8").count("\n") - 1


def test_without_as_of_the_figures_are_as_of_the_last_ticket(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With tickets and no --as-of, figures are as of the day of the last ticket event."""
    status, out, err = run(
        capsys, "report", str(PORTFOLIO), "--tickets", str(TICKETS), "--format", "json"
    )
    assert status == 0
    assert json.loads(out)["subtitle"] == (
        "Maison Verdier SAS · figures as of 30 September 2025 "
        "(the day of the last event in the files)"
    )
    assert "note: figures as of 2025-09-30" in err


@pytest.mark.parametrize("quiet", [False, True])
def test_progress_bars_only_on_a_terminal_and_not_when_quiet(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, quiet: bool
) -> None:
    """Reading and evaluating tickets show progress on a terminal's stderr, unless --quiet."""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    argv = ["sla", str(PORTFOLIO), "--tickets", str(TICKETS), "--as-of", "2025-09-30"]
    status, out, err = run(capsys, *argv, *(["--quiet"] if quiet else []), "--format", "json")
    assert status == 0
    assert json.loads(out)["sections"][0]["key"] == "service_levels"
    assert ("Reading tickets.csv" in err) is not quiet
    assert ("Evaluating SLAs" in err) is not quiet


def test_notes_on_stderr_follow_the_report_language(capsys: pytest.CaptureFixture[str]) -> None:
    """With --lang fr, the default-date note and the unused-rows warning are in French."""
    status, _, err = run(
        capsys,
        "sla",
        "examples/portfolio.toml",
        "--tickets",
        "examples/tickets.csv",
        "--lang",
        "fr",
        "--format",
        "json",
    )
    assert status == 0
    assert "note\u00a0: chiffres au 2025-09-30, jour du dernier événement des fichiers" in err
    assert "attention\u00a0: 7 lignes de tickets sur 4\u202f437 n’ont pas été évaluées" in err
    assert "warning" not in err


def test_the_header_says_where_the_date_comes_from(
    capsys: pytest.CaptureFixture[str], portfolio_file: Path
) -> None:
    """One rule for every command: --as-of, else the last event in the files, else today."""
    assert main(["costs", str(portfolio_file), "--format", "json", "--lang", "fr"]) == 0
    subtitle = json.loads(capsys.readouterr().out)["subtitle"]
    assert subtitle.endswith(  # a no-break space before the French colon
        "(aujourd’hui\xa0: aucune date demandée, aucun événement daté dans les fichiers)"
    )
    args = ["review", str(portfolio_file), "--as-of", "2025-01-31", "--format", "json"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["subtitle"].endswith("(the date asked for)")
