"""French says as much as English: the same blocks, and no English sentence of the library."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest

from demo_report import demo_report
from outsourcing import unstructure
from outsourcing.costs.business_case import BusinessCase, business_case
from outsourcing.presentation import Language, render_json, render_markdown, render_text
from outsourcing.presentation.document import (
    BulletList,
    Chart,
    KeyFigures,
    Notice,
    Paragraph,
    Report,
    Table,
    Timeline,
)
from outsourcing.presentation.messages import MESSAGES
from outsourcing.presentation.report import classify_portfolio
from outsourcing.review.context import ReviewContext
from outsourcing.review.contract_review import review_contract
from outsourcing.review.reversibility import assess_reversibility
from outsourcing.samples import SAMPLE_AS_OF, sample_portfolio

#: A literal piece of an English message this long (in words) is a sentence, not a term.
_WORDS = 3
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def _shape(report: Report) -> dict[str, Counter[str]]:
    """Per section: notices, bullets, paragraphs, figures, tables, rows, filled cells, charts."""
    shapes: dict[str, Counter[str]] = {}
    for section in report.sections:
        counts: Counter[str] = Counter()
        for block in section.blocks:
            match block:
                case Notice():
                    counts[f"notice.{block.severity.value}"] += 1
                case BulletList(items=items):
                    counts["bullets"] += len(items)
                case Paragraph():
                    counts["paragraphs"] += 1
                case KeyFigures(items=items):
                    counts["key figures"] += len(items)
                case Table(rows=rows, columns=columns, marked=marked):
                    counts["tables"] += 1
                    counts["columns"] += len(columns)
                    counts["rows"] += len(rows)
                    counts["marked rows"] += len(marked)
                    counts["filled cells"] += sum(1 for r in rows for v in r if v not in {None, ""})
                case Chart() | Timeline():
                    counts["charts"] += 1
        shapes[section.key] = counts
    return shapes


def test_french_and_english_demo_reports_have_the_same_blocks() -> None:
    """Section by section, French has as many notices, bullets, rows and filled cells as English."""
    english, french = _shape(demo_report("en")), _shape(demo_report("fr"))
    assert list(english) == list(french)
    for key, counts in english.items():
        assert french[key] == counts, key
    assert english["reversibility"]["filled cells"] == 72  # evidence in every row, both languages
    assert english["classification"]["bullets"] == 19  # why each inferred axis (4 processes)


def _message_sentences() -> Iterator[str]:
    """The literal pieces of the English messages that read as a sentence (three words or more)."""
    french = " ".join(MESSAGES[Language.FR].values())
    for text in MESSAGES[Language.EN].values():
        for raw in _PLACEHOLDER.split(text):
            piece = raw.strip(" .,;:()“”\u00a0")
            if len(re.findall(r"[A-Za-z]{2,}", piece)) >= _WORDS and piece not in french:
                yield piece


def _result_sentences() -> Iterator[str]:
    """The English sentences the engines write into the demo's results."""
    portfolio = sample_portfolio()
    for _, result in classify_portfolio(portfolio):
        yield from result.shoring.reasons
    for contract in portfolio.contracts:
        exit_readiness = assess_reversibility(contract.reversibility, contract, as_of=SAMPLE_AS_OF)
        yield from (item.evidence for item in exit_readiness.items)
        yield from (trigger.reason for trigger in exit_readiness.fired)
        context = ReviewContext.from_portfolio(portfolio, contract, as_of=SAMPLE_AS_OF)
        review = review_contract(contract, context=context)
        yield from (f.recommendation for f in review.findings if f.recommendation)
        for check in review.issues:
            yield from check.evidence
        case = business_case(portfolio, contract)
        if isinstance(case, BusinessCase):
            excluded = (*case.in_house.excluded, *case.outsourced.excluded)
            yield from (e.reason for e in excluded)


def _strings(data: object) -> Iterator[str]:
    match data:
        case str():
            yield data
        case dict():
            for value in data.values():
                yield from _strings(value)
        case list() | tuple():
            for value in data:
                yield from _strings(value)


def _without_portfolio_words(text: str) -> str:
    """The text without the sample's own words (the names and titles its author wrote)."""
    written = sorted(set(_strings(unstructure(sample_portfolio()))), key=len, reverse=True)
    for words in written:
        if len(words) > _WORDS:
            text = text.replace(words, "¤")
    return text


@pytest.fixture(scope="module")
def french_outputs() -> dict[str, str]:
    """The French demo report as text (wide, unwrapped lines), Markdown and JSON.

    The sample portfolio's own names (contract titles, SLA and KPI names, written in French by
    its author) are taken out: they are the user's words, not the library's.
    """
    report = demo_report("fr")
    outputs = {
        "text": " ".join(render_text(report, width=10_000).split()),
        "md": render_markdown(report),
        "json": render_json(report),
    }
    return {name: _without_portfolio_words(text) for name, text in outputs.items()}


def test_no_english_message_appears_in_the_french_report(french_outputs: dict[str, str]) -> None:
    """No sentence of the English message table is in the French report, in any format."""
    sentences = sorted(set(_message_sentences()))
    assert len(sentences) > 150  # the check reads the whole table
    for name, output in french_outputs.items():
        found = [s for s in sentences if s in output]
        assert found == [], name


def test_no_english_result_sentence_appears_in_the_french_report(
    french_outputs: dict[str, str],
) -> None:
    """No English sentence written by the engines (reasons, evidence) is in the French report."""
    sentences = {s for s in _result_sentences() if len(s.split()) >= _WORDS}
    assert len(sentences) > 20  # shoring reasons, exit evidence, exclusions, recommendations
    for name, output in french_outputs.items():
        found = sorted(s for s in sentences if s in output)
        assert found == [], name


def test_the_english_check_catches_a_leak() -> None:
    """The check is not blind: an English reason in a French text is found."""
    leaked = "Contrat : no knowledge transfer planned."
    assert "no knowledge transfer planned" in set(_message_sentences()) | set(_result_sentences())
    assert any(s in leaked for s in _message_sentences())
