from __future__ import annotations

from pathlib import Path

import pytest

from outsourcing import (
    QUESTIONS,
    Answer,
    Cadence,
    Client,
    Contract,
    Governance,
    Portfolio,
    Process,
    Provider,
    StrategicImportance,
    Term,
    assess_governance,
)
from outsourcing.model import BusinessFunction
from outsourcing.samples import sample_portfolio

_SEED_NAME = Path("shared", "seeds", "003_2c4cf9999c9c0e9d.txt")
# shared/ sits beside the repository (CI) or beside the worktrees' folder (development).
SEED = next(
    (p / _SEED_NAME for p in Path(__file__).resolve().parents if (p / _SEED_NAME).exists()),
    _SEED_NAME,
)


def portfolio(*contracts: Contract) -> Portfolio:
    """A portfolio with a payroll process (support) and a core pricing process."""
    return Portfolio(
        Client("Acme", "FR", "EUR"),
        (
            Process("payroll", "Payroll", BusinessFunction.PAYROLL, monthly_volume=200),
            Process(
                "pricing",
                "Pricing",
                BusinessFunction.DATA_ANALYSIS,
                importance=StrategicImportance.CORE,
            ),
        ),
        (Provider("P1", "Payco", "FR", "Europe/Paris", "EUR"),),
        contracts,
    )


def contract(contract_id: str, **fields: object) -> Contract:
    """A payroll contract."""
    return Contract(
        id=contract_id,
        title="Payroll",
        client="Acme",
        provider_id="P1",
        currency="EUR",
        term=Term(start="2025-01-01"),
        process_ids=["payroll"],
        **fields,  # type: ignore[arg-type]
    )


def test_there_are_thirty_two_questions_numbered_in_order() -> None:
    """The checklist is the source's 32 questions, numbered 1 to 32, each with English."""
    assert [q.number for q in QUESTIONS] == list(range(1, 33))
    assert all(q.french.endswith("?") and q.english.endswith("?") for q in QUESTIONS)


@pytest.mark.skipif(not SEED.exists(), reason="seed 003 is not beside the repository")
def test_french_questions_are_the_seeds_word_for_word() -> None:
    """The French text of each question is the seed's line, in the seed's order."""
    text = SEED.read_text(encoding="utf-8")
    block = text.split("32 Questions essentielles")[1].split("Les pièges")[0]
    lines = [line.removeprefix("- ").strip() for line in block.splitlines()[1:] if line.strip()]
    assert [q.french for q in QUESTIONS] == lines


def test_answers_come_from_the_data_and_the_rest_is_listed() -> None:
    """Contract facts answer their questions; judgement questions are listed as remaining."""
    sound = contract(
        "C1", governance=Governance(internal_referent="DAF", review_meetings=Cadence.WEEKLY)
    )
    readiness = assess_governance(portfolio(sound))
    by_number = {a.question.number: a for a in readiness.answers}
    assert by_number[15].answer is Answer.ANSWERED
    assert by_number[15].evidence == ("C1: internal referent: DAF",)
    assert by_number[5].answer is Answer.ANSWERED
    assert by_number[22].answer is Answer.ANSWERED
    assert by_number[23].answer is Answer.UNANSWERED
    assert by_number[29].answer is Answer.NEEDS_JUDGEMENT
    remaining = {a.question.number for a in readiness.remaining}
    assert 15 not in remaining
    assert {29, 31, 32, 23} <= remaining
    assert sum(readiness.counts().values()) == 32


def test_a_question_answered_by_some_contracts_only_is_partial() -> None:
    """Per-contract questions are answered only when every contract answers them."""
    with_referent = contract("C1", governance=Governance(internal_referent="DAF"))
    without = contract("C2")
    answer = assess_governance(portfolio(with_referent, without)).answers[14]
    assert answer.question.number == 15
    assert answer.answer is Answer.PARTIAL
    assert answer.evidence == ("C1: internal referent: DAF", "C2: no internal referent")


def test_questions_the_data_cannot_answer_are_marked_as_such() -> None:
    """Only the questions without a data rule, or needing judgement, are not from data."""
    assert {q.number for q in QUESTIONS if not q.from_data} == {27, 28, 29, 31, 32}
    readiness = assess_governance(portfolio())
    judged = {a.question.number for a in readiness.answers if a.answer is Answer.NEEDS_JUDGEMENT}
    assert judged == {27, 28, 29, 31, 32}


def test_notice_question_names_the_deadline_date_when_given_a_day() -> None:
    """Question 20 gives the payroll contract's deadline 2027-06-30 as of 2027-06-15."""
    readiness = assess_governance(sample_portfolio(), as_of="2027-06-15")
    answer = readiness.answers[19]
    assert answer.question.number == 20
    assert answer.evidence[0] == (
        "atlas-finance: notice P6M by 2027-06-30 (15 days) to end on 2027-12-31, transition P3M"
    )
    assert answer.evidence[1] == "tana-care: ended on 2026-02-28, transition P2M"
    undated = assess_governance(sample_portfolio()).answers[19]
    assert undated.evidence[0] == "atlas-finance: notice P6M, transition P3M"
