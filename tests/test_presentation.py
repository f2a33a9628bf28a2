"""The presentation layer: locale formatting, messages, the neutral report and its renderers."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
import sys
from decimal import Decimal
from enum import StrEnum
from html.parser import HTMLParser
from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import InvalidValueError, Money, Percentage, UnknownReferenceError
from outsourcing.model import (
    BusinessFunction,
    Confidentiality,
    ExclusionReason,
    ExitTrigger,
    LifePhase,
    OutsourcingKind,
    Shoring,
    SLAMetric,
    StrategicImportance,
)
from outsourcing.model.axes import Coverage, Horizon, Office
from outsourcing.model.clause import ClauseTopic
from outsourcing.presentation import (
    BulletList,
    Formatter,
    KeyFigure,
    KeyFigures,
    Language,
    Notice,
    OutputFormat,
    Paragraph,
    Report,
    Section,
    Severity,
    Table,
    render,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from outsourcing.presentation.locale import to_language
from outsourcing.presentation.messages import (
    CATALOGUE_SUBJECTS_FR,
    CATALOGUE_TITLES_FR,
    MESSAGES,
    catalogue_subject,
    catalogue_title,
    label,
    message,
    placeholders,
)
from outsourcing.review.clauses.catalogue import CATALOGUE
from outsourcing.review.clauses.entry import FieldEvidence, Framework
from outsourcing.review.clauses.entry import Severity as FindingSeverity
from outsourcing.review.consistency import ConsistencyCheck
from outsourcing.review.contract_review import FindingStatus
from outsourcing.review.reversibility import (
    ItemState,
    ReadinessItem,
    Reintegration,
    Substitutability,
)

NNBSP = "\u202f"  # narrow no-break space: French thousands separator (CLDR)
NBSP = "\u00a0"  # no-break space: before the euro sign and the percent sign in French

amounts = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, places=4
)


def reference_fr_eur(amount: Decimal) -> str:
    """French euro amount written by hand: half-up cents, U+202F groups, comma, U+00A0 €."""
    cents = int((abs(amount) * 100).to_integral_value(rounding="ROUND_HALF_UP"))
    units, cents = divmod(cents, 100)
    digits = f"{units:,}".replace(",", NNBSP)
    sign = "-" if amount < 0 and (units or cents) else ""
    return f"{sign}{digits},{cents:02d}{NBSP}€"


def test_french_money_uses_narrow_no_break_space_and_comma() -> None:
    """1234.5 EUR reads `1 234,50 €` in French, with U+202F between groups and U+00A0 before €."""
    assert Formatter("fr").money(Money("1234.5", "EUR")) == f"1{NNBSP}234,50{NBSP}€"


def test_english_money_puts_the_sign_first() -> None:
    """1234.5 EUR reads `€1,234.50` in British English."""
    assert Formatter("en").money(Money("1234.5", "EUR")) == "€1,234.50"


@given(amounts)
def test_french_money_agrees_with_a_hand_written_reference(amount: Decimal) -> None:
    """Any euro amount is written in French exactly as the independent reference writes it."""
    assert Formatter("fr").money(Money(amount, "EUR")) == reference_fr_eur(amount)


def test_money_is_rounded_half_up_to_our_minor_units_not_babels() -> None:
    """Display rounding is half-up on our ISO 4217 table: MGA keeps 2 decimals, JPY 0, KWD 3."""
    fr = Formatter("fr")
    assert fr.money(Money("0.125", "EUR")) == f"0,13{NBSP}€"
    assert fr.money(Money("10.5", "MGA")) == f"10,50{NBSP}MGA"
    assert fr.money(Money("1234.5", "JPY")) == f"1{NNBSP}235{NBSP}JPY"
    assert fr.money(Money("1.2345", "KWD")) == f"1,235{NBSP}KWD"


def test_percentages_dates_and_months_per_locale() -> None:
    """Percentages, dates and months follow each locale's conventions."""
    fr, en = Formatter("fr"), Formatter("en")
    assert fr.percentage(Percentage("99.5")) == f"99,5{NBSP}%"
    assert en.percentage(Percentage("99.5")) == "99.5%"
    assert fr.percentage(Decimal("99.955")) == f"99,96{NBSP}%"
    assert fr.date(pendulum.date(2024, 1, 31)) == "31 janvier 2024"
    assert en.date(dt.date(2024, 1, 31)) == "31 January 2024"
    assert fr.month(pendulum.date(2024, 2, 29)) == "févr. 2024"
    assert en.month(pendulum.date(2024, 2, 29)) == "Feb 2024"


def test_durations_in_hours_and_minutes() -> None:
    """Durations read in hours and minutes, with no-break spaces between number and unit."""
    fr = Formatter("fr")
    assert fr.duration(dt.timedelta(hours=4, minutes=5)) == f"4{NBSP}h{NBSP}05{NBSP}min"
    assert fr.duration(dt.timedelta(hours=26)) == f"26{NBSP}h"
    assert fr.duration(dt.timedelta(minutes=-30)) == f"-30{NBSP}min"


def test_formatter_writes_every_kind_of_value() -> None:
    """The generic `value` dispatches on the kind: None is empty, booleans are marks."""
    en = Formatter("en")
    assert en.value(None) == ""
    assert en.value(True) == "✔"  # noqa: FBT003 - the value under test
    assert en.value(12345) == "12,345"
    assert en.value(Decimal("0.5")) == "0.5"
    assert en.value("as is") == "as is"
    assert en.value(pendulum.date(2024, 3, 1)) == "1 March 2024"


def test_language_accepts_locales_and_refuses_others() -> None:
    """`fr_FR`, `FR` and `fr-BE` all mean French; an unsupported language names the choices."""
    assert to_language("fr_FR") is Language.FR
    assert to_language("FR") is Language.FR
    assert to_language("fr-BE") is Language.FR
    with pytest.raises(InvalidValueError, match=r"lang: must be one of en, fr, got 'de'"):
        to_language("de")


def test_a_locale_may_be_chosen_beside_the_language() -> None:
    """English text with US conventions writes the month first."""
    assert Formatter("en", "en_US").date(dt.date(2024, 1, 31)) == "January 31, 2024"


def test_both_languages_have_the_same_message_keys_and_placeholders() -> None:
    """Every message exists in French and English, with the same placeholders."""
    en, fr = MESSAGES[Language.EN], MESSAGES[Language.FR]
    assert en.keys() == fr.keys()
    for key, text in en.items():
        assert placeholders(text) == placeholders(fr[key]), key
        assert text.strip(), key
        assert fr[key].strip(), key


@pytest.mark.parametrize(
    "enum",
    [
        BusinessFunction,
        Confidentiality,
        Coverage,
        ExclusionReason,
        Horizon,
        LifePhase,
        Office,
        OutsourcingKind,
        Shoring,
        SLAMetric,
        StrategicImportance,
        FindingStatus,
        FindingSeverity,
        Framework,
        ConsistencyCheck,
        ReadinessItem,
        ItemState,
        ExitTrigger,
        Substitutability,
        Reintegration,
        ClauseTopic,
        FieldEvidence,
    ],
)
def test_every_model_enum_member_has_a_label_in_both_languages(enum: type[StrEnum]) -> None:
    """No enum member shown in reports falls back to its raw value in either language."""
    for language in Language:
        for member in enum:
            assert f"{enum.__name__}.{member.value}" in MESSAGES[language]
            assert label(language, member) == MESSAGES[language][f"{enum.__name__}.{member.value}"]


def test_every_review_catalogue_entry_has_a_french_title() -> None:
    """French reports never fall back to an English requirement title, and no title is stale."""
    ids = {entry.id for entry in CATALOGUE}
    assert set(CATALOGUE_TITLES_FR) == ids
    entry = CATALOGUE[0]
    assert catalogue_title("en", entry.id, entry.title) == entry.title
    assert catalogue_title("fr", entry.id, entry.title) == CATALOGUE_TITLES_FR[entry.id]


def test_every_review_catalogue_entry_has_a_french_subject() -> None:
    """Each entry says in French what the contract must set out; no subject is stale."""
    entries = {entry.id: entry for entry in CATALOGUE}
    assert set(CATALOGUE_SUBJECTS_FR) == set(entries)
    for entry in CATALOGUE:
        french = catalogue_subject("fr", entry.id, entry.subject)
        assert french == CATALOGUE_SUBJECTS_FR[entry.id] != entry.subject, entry.id
        assert catalogue_subject("en", entry.id, entry.subject) == entry.subject
    assert catalogue_subject("fr", "no-such-entry", "As written.") == "As written."
    assert "no-such-entry" not in CATALOGUE_SUBJECTS_FR


#: A French text breaks no line before ``: ; ! ? »`` nor after ``«`` (a no-break space holds
#: them), and writes its apostrophes as ’.
_BROKEN_FRENCH = re.compile(r"(?<![\u00a0\u202f])[:;!?»]|«(?!\u00a0)|'| [:;!?»]|« ")


def test_french_subjects_follow_french_typography() -> None:
    """No-break spaces before ``:`` and inside « », narrow ones before ``;``, ’ for apostrophes."""
    for entry_id, subject in CATALOGUE_SUBJECTS_FR.items():
        assert _BROKEN_FRENCH.findall(subject) == [], entry_id
        assert subject[0].isupper(), entry_id
        assert subject.endswith("."), entry_id
    assert "compétente\u202f; d’autres" in CATALOGUE_SUBJECTS_FR["dora-30-3-e"]
    assert "«\u00a0obligations substantielles\u00a0»" in CATALOGUE_SUBJECTS_FR["eba-75-o"]


def test_message_fills_placeholders_and_names_missing_ones() -> None:
    """A message is filled from keywords; a missing placeholder or key is an input error."""
    assert message("fr", "report.subtitle", client="ACME", as_of="1 mars", source="x") == (
        "ACME · chiffres au 1 mars (x)"
    )
    with pytest.raises(InvalidValueError, match="as_of"):
        message("en", "report.subtitle", client="ACME")
    with pytest.raises(InvalidValueError, match=r"no\.such\.key"):
        message("en", "no.such.key")


def sample_report(language: str = "fr", title: str = "Rapport <test> & [bold]co[/bold]") -> Report:
    """A report using every kind of block and value."""
    return Report(
        title=title,
        language=language,
        subtitle="ACME | 2024",
        sections=[
            Section(
                "costs",
                "Coûts",
                [
                    Paragraph("Texte *important* <b>échappé</b>"),
                    KeyFigures(
                        [
                            KeyFigure("Total", Money("1234.5", "EUR")),
                            KeyFigure("Taux", Percentage("99.5")),
                            KeyFigure("Date", pendulum.date(2024, 1, 31)),
                        ]
                    ),
                    Table(
                        ["Mois", "Montant | brut", "Note"],
                        [
                            (pendulum.date(2024, 1, 1), Money("10", "EUR"), "a|b"),
                            (pendulum.date(2024, 2, 1), Money("20.005", "EUR"), None),
                        ],
                        caption="Par mois",
                    ),
                    Notice(Severity.PROBLEM, "Seuil franchi"),
                    BulletList(["un", "deux"]),
                ],
            )
        ],
    )


def test_table_rows_must_match_the_columns() -> None:
    """A row with the wrong number of cells is refused, naming the row."""
    with pytest.raises(InvalidValueError, match=r"Table.rows\[1\]: must have 2 cells"):
        Table(["a", "b"], [(1, 2), (1,)])


def test_section_lookup_by_key() -> None:
    """Sections are found by their stable key; an unknown key lists the known ones."""
    report = sample_report()
    assert report.section("costs").title == "Coûts"
    with pytest.raises(UnknownReferenceError, match="known: costs"):
        report.section("nope")


def test_text_rendering_formats_values_and_prints_markup_literally() -> None:
    """The text rendering shows localised values and prints rich markup in titles as written."""
    text = render_text(sample_report())
    assert "[bold]co[/bold]" in text
    assert f"1{NNBSP}234,50{NBSP}€" in text
    assert f"20,01{NBSP}€" in text
    assert "31 janvier 2024" in text
    assert "✘ Seuil franchi" in text
    assert "• deux" in text
    assert "\x1b[" not in text


def test_markdown_rendering_escapes_and_builds_pipe_tables() -> None:
    """Markdown has one heading per section and tables whose pipes inside cells are escaped."""
    md = render_markdown(sample_report())
    assert md.startswith("# Rapport \\<test\\> & \\[bold\\]co\\[/bold\\]\n")
    assert "\n## Coûts\n" in md
    assert "| Mois | Montant \\| brut | Note |" in md
    assert "a\\|b" in md
    table_lines = [line for line in md.splitlines() if line.startswith("|")]
    assert {line.count("|") - line.count("\\|") for line in table_lines} == {4}
    assert (
        f"- **Total**{NBSP}: 1{NNBSP}234,50{NBSP}€" in md
    )  # French: a no-break space before the colon


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, _attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_rendering_is_self_contained_and_escaped() -> None:
    """The HTML page declares its language, loads nothing, and escapes every text."""
    page = render_html(sample_report())
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="fr">' in page
    assert "<b>" not in page
    assert html.escape("<b>échappé</b>") in page
    assert not re.search(r"<(script|link|img)\b", page)
    assert "http" not in page
    parser = _Collector()
    parser.feed(page)
    assert parser.tags.count("tr") == 3
    assert "Rapport <test> & [bold]co[/bold]" in "".join(parser.text)


def test_html_fragment_for_notebooks() -> None:
    """`_repr_html_` gives a fragment (no doctype) with its own style."""
    fragment = sample_report()._repr_html_()
    assert not fragment.startswith("<!DOCTYPE")
    assert fragment.startswith("<style>")
    assert 'class="outsourcing-report"' in fragment


def test_json_rendering_keeps_exact_values() -> None:
    """JSON keeps exact amounts (unrounded), ISO dates, and the text shown for key figures."""
    data = json.loads(render_json(sample_report()))
    assert data["language"] == "fr"
    assert data["locale"] == "fr_FR"
    blocks = data["sections"][0]["blocks"]
    assert [b["type"] for b in blocks] == ["paragraph", "key_figures", "table", "notice", "list"]
    figures = blocks[1]["items"]
    assert figures[0] == {
        "label": "Total",
        "value": {"amount": "1234.5", "currency": "EUR"},
        "text": f"1{NNBSP}234,50{NBSP}€",
    }
    assert figures[1]["value"] == {"percentage": "99.5"}
    assert blocks[2]["rows"][1] == ["2024-02-01", {"amount": "20.005", "currency": "EUR"}, None]


@pytest.mark.parametrize("output_format", list(OutputFormat))
@pytest.mark.parametrize("language", list(Language))
def test_render_dispatches_every_format_in_every_language(
    output_format: OutputFormat, language: Language
) -> None:
    """`render` writes each format in each language, and the title survives in each."""
    out = render(sample_report(language.value, title="Title"), output_format)
    assert "Title" in out


def test_render_refuses_an_unknown_format() -> None:
    """An unknown format is an input error listing the formats."""
    with pytest.raises(InvalidValueError, match="text, md, html, json"):
        render(sample_report(), "pdf")


@given(st.text(max_size=40))
def test_any_text_survives_html_escaping(text: str) -> None:
    """Whatever a paragraph says, the HTML parser reads back exactly that text."""
    report = Report("t", "en", sections=[Section("s", "s", [Paragraph(text)])])
    page = render_html(report, standalone=False)
    parser = _Collector()
    parser.feed(page)
    parser.close()
    assert text in "".join(parser.text)


def test_importing_the_library_loads_no_presentation_dependency() -> None:
    """`import outsourcing` pulls in neither babel, rich nor the presentation package."""
    code = (
        "import sys, outsourcing\n"
        "loaded = [m for m in ('babel', 'rich', 'outsourcing.presentation', 'matplotlib')"
        " if m in sys.modules]\n"
        "print(','.join(loaded))"
    )
    src = str(Path(__file__).parents[1] / "src")
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": src, "PATH": ""},
    )
    assert done.stdout.strip() == ""
