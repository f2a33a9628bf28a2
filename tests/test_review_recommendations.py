"""Review recommendations written from data: what to add or complete, as much in French."""

from __future__ import annotations

import json

import pendulum
import pytest

from outsourcing import (
    Cadence,
    Clause,
    ClauseTopic,
    Contract,
    ContractReview,
    FieldEvidence,
    FieldGap,
    Finding,
    FindingStatus,
    Framework,
    Governance,
    ReviewContext,
    ScopeItem,
    Severity,
    Shortfall,
    Term,
    dumps,
    review_contract,
    structure,
    unstructure,
)
from outsourcing.presentation import Formatter, Language
from outsourcing.presentation.document import BulletList
from outsourcing.presentation.messages import catalogue_subject, citation, label, message
from outsourcing.presentation.sections.review import (
    gap_text,
    recommendation_text,
    titled_review_blocks,
)
from outsourcing.samples import SAMPLE_AS_OF, sample_portfolio

AS_OF = pendulum.Date(2025, 6, 30)
NBSP, NNBSP = "\u00a0", "\u202f"
#: A financial entity's ICT services supporting a critical function: DORA 30(2) and 30(3) apply.
CRITICAL_ICT = ReviewContext(
    as_of=AS_OF, financial_entity=True, ict_services=True, critical_function=True
)


def contract_with(topics: list[ClauseTopic], **fields: object) -> Contract:
    """A contract whose only clauses are one per topic given (plus ``fields``)."""
    return Contract(
        id="C1",
        title="Hosting",
        client="Acme",
        provider_id="P1",
        currency="EUR",
        term=Term(start=pendulum.Date(2025, 1, 1)),
        clauses=[Clause(t, reference=f"art. {i + 1}") for i, t in enumerate(topics)],
        **fields,  # type: ignore[arg-type]
    )


def partly_notified() -> Contract:
    """Notice periods agreed and a monthly reporting, but no reporting-duty clause, no meetings.

    DORA Art. 30(3)(b) is then partial: a topic is absent and a field falls short.
    """
    return contract_with(
        [ClauseTopic.NOTICE_PERIODS], governance=Governance(reporting=Cadence.MONTHLY)
    )


def bullets(review: ContractReview, language: str) -> list[str]:
    """The recommendations a review's blocks list, in ``language``."""
    blocks = titled_review_blocks("Hosting", review, Formatter(language))
    return [item for block in blocks if isinstance(block, BulletList) for item in block.items]


def test_a_partial_finding_names_its_absent_topics_and_field_gaps_as_data() -> None:
    """The engine says which topic is absent and what the field lacks, as codes."""
    finding = review_contract(partly_notified(), context=CRITICAL_ICT).finding("dora-30-3-b")
    assert finding.status is FindingStatus.PARTIAL
    assert finding.severity is Severity.HIGH  # critical, one step lower when partial
    assert finding.absent_topics == (ClauseTopic.REPORTING_DUTIES,)
    assert finding.gaps == (
        FieldGap(FieldEvidence.REPORTING, FindingStatus.PARTIAL, Shortfall.NO_REVIEW_MEETINGS),
    )
    assert finding.subject.startswith("Notice periods and the provider's reporting obligations")
    assert finding.recommendation == (  # the English sentence stays, for a console
        "Complete DORA Art. 30(3)(b) with a clause on reporting_duties; "
        "monthly reporting, no review meetings."
    )


def test_a_missing_finding_is_written_by_hand_in_each_language() -> None:
    """Missing: the clause to add and what it must say, in each language's words and typography."""
    finding = review_contract(contract_with([]), context=CRITICAL_ICT).finding("dora-30-3-d")
    assert finding.status is FindingStatus.MISSING
    assert finding.absent_topics == (ClauseTopic.TLPT_PARTICIPATION,)
    assert recommendation_text(finding, Formatter("en")) == (
        "DORA Art. 30(3)(d): add a clause on “Threat-led penetration testing”. The provider's "
        "obligation to participate and fully cooperate in the financial entity's TLPT "
        "(Arts. 26 and 27)."
    )
    assert recommendation_text(finding, Formatter("fr")) == (
        f"art.{NBSP}30, §{NBSP}3, d) du règlement DORA{NBSP}: ajouter une clause "
        f"«{NBSP}Tests de pénétration fondés sur la menace{NBSP}». L’obligation pour le "
        "prestataire de participer et de coopérer pleinement aux tests de pénétration fondés "
        "sur la menace (TLPT) de l’entité financière (articles 26 et 27)."
    )


def test_a_missing_subject_keeps_french_typography() -> None:
    """A French subject with a colon has its no-break space, as every French message does."""
    finding = review_contract(
        contract_with([]), context=ReviewContext(as_of=AS_OF, personal_data=True)
    )
    sub_processors = finding.finding("gdpr-28-3-d")
    assert recommendation_text(sub_processors, Formatter("fr")) == (
        f"art.{NBSP}28, §{NBSP}3, d) du RGPD{NBSP}: ajouter une clause «{NBSP}Sous-traitants "
        f"ultérieurs{NBSP}». Le sous-traitant respecte les conditions visées aux paragraphes 2 "
        f"et 4 pour recruter un autre sous-traitant{NBSP}: autorisation écrite préalable, et les "
        "mêmes obligations imposées à celui-ci."
    )


def test_a_partial_finding_is_written_by_hand_in_each_language() -> None:
    """Partial: the clause on each absent topic, then what each field lacks, in each language."""
    finding = review_contract(partly_notified(), context=CRITICAL_ICT).finding("dora-30-3-b")
    assert recommendation_text(finding, Formatter("en")) == (
        "DORA Art. 30(3)(b): complete “Notice periods and reporting obligations”: a clause on "
        "reporting obligations; reporting cadence, but no review meetings."
    )
    assert recommendation_text(finding, Formatter("fr")) == (
        f"art.{NBSP}30, §{NBSP}3, b) du règlement DORA{NBSP}: compléter «{NBSP}Préavis et "
        f"obligations de reporting{NBSP}»{NBSP}: une clause «{NBSP}obligations de "
        f"reporting{NBSP}»{NNBSP}; rythme de reporting, mais pas de points de suivi."
    )


def test_a_field_with_nothing_stated_and_one_naming_items_are_written_in_each_language() -> None:
    """A field left empty is named with « rien n’est indiqué »; named items are listed as given."""
    empty = FieldGap(FieldEvidence.PAYMENT_TERMS, FindingStatus.MISSING, Shortfall.NOT_STATED)
    assert gap_text(empty, "en") == "payment terms: none stated"
    assert gap_text(empty, "fr") == f"modalités de paiement{NBSP}: rien n’est indiqué"
    open_ended = FieldGap(
        FieldEvidence.SCOPE, FindingStatus.PARTIAL, Shortfall.SCOPE_WITHOUT_EXCLUSIONS, ("Paie",)
    )
    assert gap_text(open_ended, "en") == "scope items without explicit exclusions (Paie)"
    assert gap_text(open_ended, "fr") == "éléments du périmètre sans exclusions explicites (Paie)"
    review = review_contract(
        contract_with([], scope=[ScopeItem("Paie", ["bulletins"])]),
        context=ReviewContext(as_of=AS_OF),
    )
    assert review.finding("bpo-01-scope").gaps == (open_ended,)


def test_a_finding_built_by_hand_without_data_gets_the_short_message() -> None:
    """A finding with no subject, topics or gaps still reads: its status and title."""
    bare = Finding(
        entry_id="bpo-12-confidentiality",
        framework=Framework.BPO_CHECKLIST,
        citation="BPO checklist item 12",
        title="Confidentiality",
        status=FindingStatus.PARTIAL,
        severity=Severity.HIGH,
        evidence=(),
        recommendation="",
    )
    assert recommendation_text(bare, Formatter("fr")) == (
        f"Check-list BPO, point 12{NBSP}: compléter la clause «{NBSP}Confidentialité{NBSP}»."
    )


def _says(item: str, finding: Finding, language: Language) -> bool:
    """Whether a recommendation names the finding's citation and what it asks, in ``language``."""
    named = [citation(language, finding.citation)]
    if finding.status is FindingStatus.MISSING:
        named.append(catalogue_subject(language, finding.entry_id, finding.subject))
    else:
        named += [label(language, topic) for topic in finding.absent_topics]
        named += [gap_text(gap, language) for gap in finding.gaps]
    return all(words in item for words in named)


def _serious_gaps(review: ContractReview) -> list[Finding]:
    """The findings the review section recommends on, in its order (most serious first)."""
    gaps = [
        f for f in review.findings if f.status in {FindingStatus.MISSING, FindingStatus.PARTIAL}
    ]
    gaps.sort(key=lambda f: (-f.severity.rank, f.status is not FindingStatus.MISSING))
    return [f for f in gaps if f.severity in {Severity.HIGH, Severity.CRITICAL}]


def review_of(name: str) -> ContractReview:
    """A sample contract's review on the sample's day, or the built contract's (``partly``)."""
    if name == "partly":
        return review_contract(partly_notified(), context=CRITICAL_ICT)
    portfolio = sample_portfolio()
    contract = portfolio.contract(name)
    context = ReviewContext.from_portfolio(portfolio, contract, as_of=SAMPLE_AS_OF)
    return review_contract(contract, context=context)


@pytest.mark.parametrize("name", [*(c.id for c in sample_portfolio().contracts), "partly"])
def test_french_and_english_sections_carry_the_same_recommendations(name: str) -> None:
    """Item for item, French names the same subject, topics and gaps as English, in French."""
    review = review_of(name)
    english, french = bullets(review, "en"), bullets(review, "fr")
    shown = _serious_gaps(review)
    assert len(english) == len(french) == len(shown) > 0, name
    for finding, en, fr in zip(shown, english, french, strict=True):
        assert _says(en, finding, Language.EN), en
        assert _says(fr, finding, Language.FR), fr
        assert finding.subject not in fr
    statuses = {f.status for f in shown}
    assert FindingStatus.MISSING in statuses
    if name == "partly":
        partial = [f.entry_id for f in shown if f.status is FindingStatus.PARTIAL]
        assert partial == ["dora-30-3-b"]


def test_findings_with_their_gaps_round_trip_through_the_converter() -> None:
    """The structured reasons are serialised as codes and read back to the same finding."""
    review = review_contract(partly_notified(), context=CRITICAL_ICT)
    for finding in review.findings:
        assert structure(unstructure(finding), Finding) == finding
    document = json.loads(dumps(review, "json"))
    partial = next(f for f in document["findings"] if f["entry_id"] == "dora-30-3-b")
    assert partial["absent_topics"] == ["reporting_duties"]
    assert partial["gaps"] == [
        {"field": "reporting", "status": "partial", "shortfall": "no_review_meetings", "items": []}
    ]


def test_every_shortfall_is_written_in_both_languages() -> None:
    """Each shortfall has a message in French and English, and they differ."""
    for shortfall in Shortfall:
        gap = FieldGap(FieldEvidence.SCOPE, FindingStatus.PARTIAL, shortfall, ("A",))
        assert gap_text(gap, "en") != gap_text(gap, "fr"), shortfall
    assert message("fr", "review.gap.not_stated", field="x", items="").endswith(
        "rien n’est indiqué"
    )
