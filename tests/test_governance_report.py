"""The governance questions and the recommendation in the report and on the command line."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from cli_helpers import run
from demo_report import demo_report
from outsourcing.model.money import Money
from outsourcing.presentation.document import KeyFigures, Table
from outsourcing.presentation.sections.governance import (
    BREACHES_QUESTION,
    NOTICE_QUESTION,
    TOTAL_COST_QUESTION,
)
from outsourcing.review.governance import QUESTIONS


def _governance_table(language: str) -> Table:
    blocks = demo_report(language).section("governance").blocks
    table = blocks[1]
    assert isinstance(table, Table)
    return table


def test_every_question_is_in_the_report_in_the_sources_words() -> None:
    """32 rows; French gives the source's question verbatim, English gives both."""
    french, english = _governance_table("fr"), _governance_table("en")
    assert len(french.rows) == len(english.rows) == 32
    for row, question in zip(french.rows, QUESTIONS, strict=True):
        assert row[:2] == (question.number, question.french)
    for row, question in zip(english.rows, QUESTIONS, strict=True):
        assert row[1] == f"{question.english} (“{question.french}”)"


def test_the_questions_the_library_computes_show_their_figure() -> None:
    """Total cost: the savings; signals: the months missed; notice: the next deadline."""
    rows = {row[0]: row for row in _governance_table("fr").rows}
    savings = rows[TOTAL_COST_QUESTION][3]
    assert savings == Money(Decimal("475649.06"), "EUR")  # 300,815.14 + 79,677.53 + 95,156.39
    assert rows[BREACHES_QUESTION][3] == "12 mois manqués"  # 4 + 5 + 3, as each contract says
    # Customer service ends 28 February 2026 with three months' notice
    assert rows[NOTICE_QUESTION][3] == dt.date(2025, 11, 28)
    assert sum(1 for row in rows.values() if row[3] is not None) == 3


def test_answer_counts_add_up_to_32() -> None:
    """The key figures count each kind of answer; unanswered questions are marked rows."""
    blocks = demo_report("en").section("governance").blocks
    figures = blocks[0]
    assert isinstance(figures, KeyFigures)
    assert sum(int(str(f.value)) for f in figures.items) == 32
    table = _governance_table("en")
    assert {table.rows[i][2] for i in table.marked} == {"not answered"}


def test_recommendation_ranks_options_with_points_by_criterion() -> None:
    """Per process: the readiness verdict, then the three best options in both languages."""
    english = demo_report("en").section("recommendation").blocks
    french = demo_report("fr").section("recommendation").blocks
    assert len(english) == len(french) == 4 * 3  # four processes: paragraph, figures, table
    figures, table = english[1], english[2]
    assert isinstance(figures, KeyFigures)
    assert isinstance(table, Table)
    assert [(f.label, f.value) for f in figures.items][:2] == [
        ("Readiness", "moderate candidate"),
        ("Readiness score (out of 100)", 45),
    ]
    assert [row[2] for row in table.rows] == [49, 44, 39]
    assert table.rows[0][1] == "BPO (business processes), onshore, total, strategic"
    assert "strategic importance\u00a0+15" in str(table.rows[0][3])
    french_table = french[2]
    assert isinstance(french_table, Table)
    assert "importance stratégique\u00a0+15" in str(french_table.rows[0][3])


@pytest.mark.parametrize("command", ["governance", "recommend"])
def test_the_commands_print_their_section(capsys: pytest.CaptureFixture[str], command: str) -> None:
    """`outsourcing governance` and `outsourcing recommend` print one section, in JSON too."""
    status, out, _ = run(
        capsys, command, "examples/portfolio.toml", "--as-of", "2025-09-30", "--format", "json"
    )
    assert status == 0
    sections = json.loads(out)["sections"]
    key = "governance" if command == "governance" else "recommendation"
    assert [s["key"] for s in sections] == [key]
