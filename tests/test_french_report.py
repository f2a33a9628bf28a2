"""What a French-speaking reader sees: dates, punctuation, citations, column names, cap notes."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from demo_report import demo_report
from outsourcing import (
    SLA,
    Contract,
    CreditTier,
    FixedFee,
    Money,
    ServiceCreditRegime,
    SLAMetric,
    Term,
    TicketLog,
    evaluate_slas,
)
from outsourcing.cli.commands import main
from outsourcing.presentation import Formatter
from outsourcing.presentation.document import KeyFigure, KeyFigures, Report, Section, Table
from outsourcing.presentation.locale import Language
from outsourcing.presentation.markdown import render_markdown
from outsourcing.presentation.messages import citation
from outsourcing.presentation.sections.service_levels import service_report_blocks
from outsourcing.review.clauses.catalogue import CATALOGUE

EXAMPLES = Path(__file__).parents[1] / "examples"


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_french_dates_write_the_first_as_an_ordinal(day: dt.date) -> None:
    """French writes ``1er`` for the first of the month and the day number otherwise."""
    for locale in ("fr_FR", "fr_BE", "fr_CH"):
        text = Formatter("fr", locale).date(day)
        expected = "1er" if day.day == 1 else str(day.day)
        assert text.split(" ")[0] == expected
        assert text.endswith(str(day.year))


def test_english_dates_keep_the_cardinal() -> None:
    """English dates are untouched: ``1 January 2024``."""
    assert Formatter("en").date(pendulum.date(2024, 1, 1)) == "1 January 2024"


def _figures(language: str) -> str:
    formatter = Formatter(language)
    report = Report(
        title="T",
        language=formatter.language,
        locale=formatter.locale,
        sections=[Section("s", "S", [KeyFigures([KeyFigure("Client", "ACME")])])],
    )
    return render_markdown(report)


def test_markdown_key_figures_follow_each_language_typography() -> None:
    """French puts a no-break space before the colon of a key figure; English none."""
    assert "- **Client**\u00a0: ACME" in _figures("fr")
    assert "- **Client**: ACME" in _figures("en")


#: Article, paragraph and point numbers and letters, in order: ``28``, ``3``, ``g``.
_LETTERS = re.compile(r"\d+|\b[a-z](?=\))")


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e.id)
def test_french_citations_keep_the_numbers_and_letters(entry: object) -> None:
    """Every catalogue citation is written in French with the same article, point and letter."""
    english = entry.citation  # type: ignore[attr-defined]
    french = citation(Language.FR, english)
    assert citation(Language.EN, english) == english
    for word in ("checklist", "subparagraph", "GDPR", "para.", "Art."):
        assert word not in french
    if not english.endswith("(BPO practice)"):  # practice cites no text, so no numbers
        assert _LETTERS.findall(english)
    assert _LETTERS.findall(french) == _LETTERS.findall(english)


def test_french_citations_by_framework() -> None:
    """Each framework's citation has its usual French form (« art. 28, § 3, g) du RGPD »)."""
    expected = {
        "BPO checklist item 12": "Check-list BPO, point 12",
        "GDPR Art. 28(3)(g)": "art.\u00a028, §\u00a03, g) du RGPD",
        "GDPR Art. 28(3), first subparagraph (nature and purpose)": (
            "art.\u00a028, §\u00a03, premier alinéa, du RGPD"
        ),
        "DORA Art. 30(3)(f)": "art.\u00a030, §\u00a03, f) du règlement DORA",
        "EBA/GL/2019/02 para. 75(q)": "orientations EBA/GL/2019/02, point\u00a075, q)",
        "ISO 27001 A.5.19": "ISO 27001 A.5.19",
        "C. civ. art. 1170 and 1231-3": "C.\u00a0civ., art.\u00a01170 et 1231-3",
        "Professional liability insurance (BPO practice)": (
            "Assurance de responsabilité civile professionnelle (pratique du BPO)"
        ),
    }
    assert {text: citation(Language.FR, text) for text in expected} == expected


def test_the_sample_report_asks_for_the_missing_liability_warranty_and_insurance_clauses() -> None:
    """Customer service has none of the three; payroll lacks warranties only: both languages."""
    lines = {lang: render_markdown(demo_report(lang)).splitlines() for lang in ("en", "fr")}
    asked = "- C. civ. art. 1170 and 1231-3: add a clause on “Liability and its cap”. The "
    assert [line for line in lines["en"] if line.startswith(asked)] != []
    asked = (
        "- C.\u00a0civ., art.\u00a01170 et 1231-3\u00a0: ajouter une clause "
        "«\u00a0Responsabilité et plafonnement\u00a0». La responsabilité du prestataire, "
    )
    assert [line for line in lines["fr"] if line.startswith(asked)] != []
    english = ["| C. civ. art. 1217 | Warranties | missing | medium |"]
    french = ["| C.\u00a0civ., art.\u00a01217 | Garanties | absente | moyenne |"]
    insured = "| Professional liability insurance (BPO practice) | Insurance | missing | medium |"
    assured = (
        "| Assurance de responsabilité civile professionnelle (pratique du BPO) | Assurance "
        "| absente | moyenne |"
    )
    assert [line for line in lines["en"] if line in {english[0], insured}] == [
        *english * 2,
        insured,
        *english,
        insured,
    ]
    assert [line for line in lines["fr"] if line in {french[0], assured}] == [
        *french * 2,
        assured,
        *french,
        assured,
    ]


def _capped_report_notes(language: str) -> list[str]:
    """Notes of the monthly credits table of a month capped by both caps, then an uncapped one."""
    sla = SLA(
        id="resolution",
        name="Resolution",
        metric=SLAMetric.RESOLUTION,
        objective=90,
        target=dt.timedelta(hours=4),
        credit_tiers=[CreditTier(90, 5), CreditTier(80, 20)],
    )
    contract = Contract(
        id="desk",
        title="Desk",
        client="ACME",
        provider_id="provider",
        currency="EUR",
        timezone="UTC",
        term=Term(start="2024-01-01"),
        pricing=[FixedFee(name="run", monthly_fee=Money("10000", "EUR"))],
        slas=[sla],
        service_credits=ServiceCreditRegime(monthly_cap=12, rolling_cap=10),
    )
    rows = []
    for month, good in ((1, 5), (2, 10), (3, 8)):
        opened = dt.datetime(2024, month, 3, 9, tzinfo=dt.UTC)
        for n in range(10):
            resolved = opened + dt.timedelta(hours=1 if n < good else 6)
            rows.append(
                {
                    "ticket": f"{month}-{n}",
                    "opened": opened.isoformat(),
                    "resolved": resolved.isoformat(),
                    "priority": "P1",
                }
            )
    report = evaluate_slas(
        contract, TicketLog.from_records(rows), as_of=dt.datetime(2024, 4, 1, tzinfo=dt.UTC)
    )
    blocks = service_report_blocks(
        "Desk", {"resolution": "Resolution"}, report, Formatter(language)
    )
    monthly = [b for b in blocks if isinstance(b, Table)][2]
    return [str(row[-1]) for row in monthly.rows]


def test_monthly_credit_notes_say_which_cap_bound_in_both_languages() -> None:
    """January (20 % owed) hits the 12 % monthly cap then the 10 % rolling cap; March fits."""
    assert _capped_report_notes("en") == [
        "monthly cap reached (€1,200.00); rolling 12-month cap reached (€1,000.00 left)",
        "no cap reached",
    ]
    assert _capped_report_notes("fr") == [
        (
            "plafond mensuel atteint (1\u202f200,00\u00a0€) ; plafond glissant sur 12 mois "
            "atteint (reste 1\u202f000,00\u00a0€)"
        ),
        "aucun plafond atteint",
    ]


@pytest.mark.parametrize(
    ("lang", "columns"),
    [
        ("en", ["Within target", "Without error", "On time", "Satisfied"]),
        ("fr", ["Dans les délais", "Sans erreur", "Dans les délais", "Satisfaits"]),
    ],
)
def test_the_good_events_column_is_named_after_the_metric(
    capsys: pytest.CaptureFixture[str], lang: str, columns: list[str]
) -> None:
    """Resolution, accuracy, on-time and satisfaction tables each name what counts as good."""
    assert main(["sla", str(EXAMPLES / "portfolio.toml"), "--tickets",
                 str(EXAMPLES / "tickets.csv"), "--as-of", "2025-09-30", "--format", "json",
                 "--lang", lang]) == 0  # fmt: skip
    sections = json.loads(capsys.readouterr().out)["sections"]
    tables = {
        block["caption"].split(" (")[0]: block["columns"][-1]
        for block in sections[0]["blocks"]
        if block["type"] == "table" and block["caption"]
    }
    names = [
        "Demandes comptables résolues sous deux jours ouvrés",
        "Bulletins de paie sans erreur",
        "Bulletins de paie et DSN livrés à temps",
        "Clients satisfaits",
    ]
    assert [tables[name] for name in names] == columns
