from __future__ import annotations

import re
from collections.abc import Iterable

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outsourcing import (
    CATALOGUE,
    Applicability,
    Cadence,
    Clause,
    ClauseTopic,
    Contract,
    DataProtection,
    Deliverable,
    FieldEvidence,
    FindingStatus,
    FixedFee,
    Framework,
    Governance,
    LateDeliveryPenalty,
    Money,
    PaymentTerms,
    Portfolio,
    Process,
    Provider,
    ReviewContext,
    ScopeItem,
    Severity,
    Term,
    review_contract,
)
from outsourcing.model import BusinessFunction, Client
from outsourcing.review.clauses.bpo_checklist import SEED_ITEMS
from outsourcing.review.clauses.catalogue import entries_for
from outsourcing.review.consistency import ConsistencyCheck, Outcome
from outsourcing.review.contract_review import field_evidence
from outsourcing.testing import strategies as ost

AS_OF = pendulum.Date(2025, 6, 30)
TOPICS = sorted(ClauseTopic)


def contract_with(topics: Iterable[ClauseTopic], **fields: object) -> Contract:
    """A contract whose only evidence is one clause per topic given (plus ``fields``)."""
    clauses = [Clause(t, reference=f"art. {i + 1}") for i, t in enumerate(topics)]
    return Contract(
        id="C1",
        title="Payroll",
        client="Acme",
        provider_id="P1",
        currency="EUR",
        term=Term(start=pendulum.Date(2025, 1, 1)),
        clauses=clauses,
        **fields,  # type: ignore[arg-type]
    )


def context(
    *,
    personal: bool = False,
    financial: bool = False,
    ict: bool = False,
    eba: bool = False,
    critical: bool = False,
) -> ReviewContext:
    """A review context with the given flags."""
    return ReviewContext(
        as_of=AS_OF,
        financial_entity=financial,
        ict_services=ict,
        eba_supervised=eba,
        personal_data=personal,
        critical_function=critical,
    )


contexts = st.builds(
    context,
    personal=st.booleans(),
    financial=st.booleans(),
    ict=st.booleans(),
    eba=st.booleans(),
    critical=st.booleans(),
)

# What each point requires, written from the texts independently of the catalogue: every
# citation must exist, and its subject must say this.
EXPECTED_SUBJECTS = {
    "GDPR Art. 28(3), first subparagraph (subject-matter and duration)": "subject-matter and dur",
    "GDPR Art. 28(3), first subparagraph (nature and purpose)": "nature and purpose",
    "GDPR Art. 28(3), first subparagraph (type of personal data)": "type of personal data",
    "GDPR Art. 28(3), first subparagraph (categories of data subjects)": "categories of data sub",
    "GDPR Art. 28(3), first subparagraph (obligations and rights of the controller)": "rights of",
    "GDPR Art. 28(3)(a)": "documented instructions.*third country",
    "GDPR Art. 28(3)(b)": "committed themselves to confidentiality",
    "GDPR Art. 28(3)(c)": "article 32",
    "GDPR Art. 28(3)(d)": "engaging another processor",
    "GDPR Art. 28(3)(e)": "data subject's rights",
    "GDPR Art. 28(3)(f)": "articles 32 to 36",
    "GDPR Art. 28(3)(g)": "deletes or returns",
    "GDPR Art. 28(3)(h)": "audits",
    "DORA Art. 30(2)(a)": "description of all functions.*subcontracting",
    "DORA Art. 30(2)(b)": "regions or countries.*notify",
    "DORA Art. 30(2)(c)": "availability, authenticity, integrity and confidentiality",
    "DORA Art. 30(2)(d)": "access, recovery and return.*insolvency",
    "DORA Art. 30(2)(e)": "service level descriptions",
    "DORA Art. 30(2)(f)": "ict incident",
    "DORA Art. 30(2)(g)": "cooperate with the competent authorities",
    "DORA Art. 30(2)(h)": "termination rights and related minimum notice periods",
    "DORA Art. 30(2)(i)": "security awareness",
    "DORA Art. 30(3)(a)": "quantitative and qualitative performance targets",
    "DORA Art. 30(3)(b)": "notice periods and the provider's reporting obligations",
    "DORA Art. 30(3)(c)": "business contingency plans",
    "DORA Art. 30(3)(d)": "tlpt",
    "DORA Art. 30(3)(e)": "access, inspection and audit",
    "DORA Art. 30(3)(f)": "exit strategies.*transition period",
    "EBA/GL/2019/02 para. 75(a)": "description of the outsourced function",
    "EBA/GL/2019/02 para. 75(b)": "start date and end date.*notice periods",
    "EBA/GL/2019/02 para. 75(c)": "governing law",
    "EBA/GL/2019/02 para. 75(d)": "financial obligations",
    "EBA/GL/2019/02 para. 75(e)": "sub-outsourcing",
    "EBA/GL/2019/02 para. 75(f)": "location.*storage location",
    "EBA/GL/2019/02 para. 75(g)": "accessibility, availability, integrity, privacy and safety",
    "EBA/GL/2019/02 para. 75(h)": "monitor the service provider's performance",
    "EBA/GL/2019/02 para. 75(i)": "agreed service levels",
    "EBA/GL/2019/02 para. 75(j)": "reporting obligations",
    "EBA/GL/2019/02 para. 75(k)": "insurance",
    "EBA/GL/2019/02 para. 75(l)": "business contingency plans",
    "EBA/GL/2019/02 para. 75(m)": "insolvency, resolution or discontinuation",
    "EBA/GL/2019/02 para. 75(n)": "cooperate with the competent authorities",
    "EBA/GL/2019/02 para. 75(o)": "resolution authority.*2014/59/eu",
    "EBA/GL/2019/02 para. 75(p)": "inspect and audit",
    "EBA/GL/2019/02 para. 75(q)": "termination rights",
}


@pytest.mark.parametrize(("citation", "pattern"), sorted(EXPECTED_SUBJECTS.items()))
def test_each_citation_is_pinned_to_its_subject(citation: str, pattern: str) -> None:
    """Every regulatory citation exists once and its subject says what the text requires."""
    entries = [e for e in CATALOGUE if e.citation == citation]
    assert len(entries) == 1
    assert re.search(pattern, entries[0].subject.lower()), entries[0].subject


@pytest.mark.parametrize(
    ("framework", "letters"),
    [
        (Framework.DORA_ART_30_2, "abcdefghi"),
        (Framework.DORA_ART_30_3, "abcdef"),
        (Framework.EBA_GL_2019_02, "abcdefghijklmnopq"),
    ],
)
def test_regulatory_points_are_exactly_the_letters_of_the_text(
    framework: Framework, letters: str
) -> None:
    """Each paragraph has exactly its points, in order, no letter more or less."""
    found = [e.citation[-2] for e in entries_for(framework)]
    assert "".join(found) == letters


def test_gdpr_has_the_five_introductory_elements_then_a_to_h() -> None:
    """GDPR Art. 28(3) is the first subparagraph's five elements followed by points (a)-(h)."""
    citations = [e.citation for e in entries_for(Framework.GDPR_ART_28)]
    assert all("first subparagraph" in c for c in citations[:5])
    assert [c[-2] for c in citations[5:]] == list("abcdefgh")


def test_bpo_checklist_has_the_fifteen_items_of_the_source_with_french_text() -> None:
    """The seed's 15 items come first, each with the source's French words and cited as such."""
    entries = entries_for(Framework.BPO_CHECKLIST)[:SEED_ITEMS]
    assert [e.title for e in entries] == [
        "Scope and limits",
        "Deliverables and formats",
        "Tools",
        "Request handling",
        "Scope changes",
        "Deadlines and milestones",
        "Rates",
        "Billing",
        "Payment terms",
        "Penalties",
        "Reporting and review points",
        "Confidentiality",
        "Access management",
        "Data retention",
        "Restitution at the end",
    ]
    assert all(e.source_text and e.applicability is Applicability.ALWAYS for e in entries)
    assert [e.citation for e in entries] == [f"BPO checklist item {n}" for n in range(1, 16)]


def test_the_items_added_after_the_seed_cite_their_own_basis_not_the_seed() -> None:
    """Liability cap, warranties and insurance follow the seed's 15, with no seed text."""
    added = entries_for(Framework.BPO_CHECKLIST)[SEED_ITEMS:]
    assert [(e.id, e.citation, e.topics) for e in added] == [
        ("bpo-16-liability-cap", "C. civ. art. 1170 and 1231-3", (ClauseTopic.LIABILITY,)),
        ("bpo-17-warranties", "C. civ. art. 1217", (ClauseTopic.WARRANTIES,)),
        (
            "bpo-18-insurance",
            "Professional liability insurance (BPO practice)",
            (ClauseTopic.INSURANCE,),
        ),
    ]
    assert all(not e.source_text and e.applicability is Applicability.ALWAYS for e in added)
    assert not any("checklist item" in e.citation for e in added)


def test_a_contract_without_liability_warranty_or_insurance_clause_has_three_findings() -> None:
    """Each of the three added items is missing until its clause is there, then present."""
    bare = review_contract(contract_with([]), context=context())
    added = ("bpo-16-liability-cap", "bpo-17-warranties", "bpo-18-insurance")
    missing = {f.entry_id: (f.severity, f.recommendation) for f in bare.missing}
    assert missing["bpo-16-liability-cap"][0] is Severity.HIGH
    assert missing["bpo-17-warranties"][0] is Severity.MEDIUM
    assert missing["bpo-18-insurance"][1].startswith(
        "Add a clause (Professional liability insurance (BPO practice)): The provider's "
    )
    covered = contract_with([ClauseTopic.LIABILITY, ClauseTopic.WARRANTIES, ClauseTopic.INSURANCE])
    review = review_contract(covered, context=context())
    assert [review.finding(i).evidence for i in added] == [
        ("clause on liability (art. 1)",),
        ("clause on warranties (art. 2)",),
        ("clause on insurance (art. 3)",),
    ]
    assert {review.finding(i).status for i in added} == {FindingStatus.PRESENT}


def test_every_entry_id_is_unique_and_every_entry_has_a_topic() -> None:
    """Ids are unique and each entry can be evidenced by clauses alone."""
    assert len({e.id for e in CATALOGUE}) == len(CATALOGUE)
    assert all(e.topics for e in CATALOGUE)


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({}, {Framework.BPO_CHECKLIST}),
        ({"personal": True}, {Framework.BPO_CHECKLIST, Framework.GDPR_ART_28}),
        ({"financial": True}, {Framework.BPO_CHECKLIST}),
        ({"financial": True, "ict": True}, {Framework.BPO_CHECKLIST, Framework.DORA_ART_30_2}),
        (
            {"financial": True, "ict": True, "critical": True},
            {Framework.BPO_CHECKLIST, Framework.DORA_ART_30_2, Framework.DORA_ART_30_3},
        ),
        ({"eba": True}, {Framework.BPO_CHECKLIST}),
        ({"eba": True, "critical": True}, {Framework.BPO_CHECKLIST, Framework.EBA_GL_2019_02}),
    ],
)
def test_applicability_rules_select_the_frameworks(
    flags: dict[str, bool], expected: set[Framework]
) -> None:
    """Each framework applies exactly under its rule; others are reported not applicable."""
    review = review_contract(contract_with([]), context=context(**flags))
    assert set(review.frameworks) == expected
    for finding in review.findings:
        applicable = finding.framework in expected
        assert (finding.status is FindingStatus.NOT_APPLICABLE) is not applicable
        if not applicable:
            assert finding.evidence[0].startswith("not applicable: ")


@given(ctx=contexts)
def test_a_contract_with_every_clause_has_no_missing_finding(ctx: ReviewContext) -> None:
    """With a clause on every topic, no applicable entry is missing or partial."""
    review = review_contract(contract_with(TOPICS), context=ctx)
    assert review.missing == ()
    assert review.partial == ()
    assert {f.status for f in review.findings} <= {
        FindingStatus.PRESENT,
        FindingStatus.NOT_APPLICABLE,
    }


@given(ctx=contexts, removed=st.sampled_from(TOPICS))
def test_removing_one_clause_yields_exactly_the_findings_that_cite_it(
    ctx: ReviewContext, removed: ClauseTopic
) -> None:
    """Dropping one topic's clause changes exactly the applicable entries that need it."""
    review = review_contract(contract_with([t for t in TOPICS if t is not removed]), context=ctx)
    contract = contract_with(TOPICS)
    for entry, finding in zip(CATALOGUE, review.findings, strict=True):
        applies, _ = ctx.applies(entry.applicability, contract)
        if not applies:
            expected = FindingStatus.NOT_APPLICABLE
        elif removed not in entry.topics:
            expected = FindingStatus.PRESENT
        elif entry.topics == (removed,):
            expected = FindingStatus.MISSING
        else:
            expected = FindingStatus.PARTIAL
        assert finding.status is expected, entry.id
        if expected is FindingStatus.MISSING:
            assert finding.severity is entry.severity
            assert entry.citation in finding.recommendation


def test_removing_a_topic_only_one_entry_cites_yields_exactly_one_missing_finding() -> None:
    """Governing law is only in EBA para. 75(c): without it, that is the one missing finding."""
    topics = [t for t in TOPICS if t is not ClauseTopic.GOVERNING_LAW]
    review = review_contract(contract_with(topics), context=context(eba=True, critical=True))
    assert [f.citation for f in review.missing] == ["EBA/GL/2019/02 para. 75(c)"]
    assert review.partial == ()


@given(
    ctx=contexts,
    kept=st.lists(st.sampled_from(TOPICS), unique=True),
    added=st.sampled_from(TOPICS),
)
def test_adding_a_clause_never_worsens_a_finding(
    ctx: ReviewContext, kept: list[ClauseTopic], added: ClauseTopic
) -> None:
    """Evidence is monotone: one more clause never turns present into partial or missing."""
    rank = {
        FindingStatus.MISSING: 0,
        FindingStatus.PARTIAL: 1,
        FindingStatus.PRESENT: 2,
        FindingStatus.NOT_APPLICABLE: 3,
    }
    before = review_contract(contract_with(kept), context=ctx)
    after = review_contract(contract_with([*kept, added]), context=ctx)
    for old, new in zip(before.findings, after.findings, strict=True):
        assert rank[new.status] >= rank[old.status]


@given(ctx=contexts, topics=st.permutations(TOPICS), cut=st.integers(0, len(TOPICS)))
def test_findings_are_deterministic_and_independent_of_clause_order(
    ctx: ReviewContext, topics: list[ClauseTopic], cut: int
) -> None:
    """The same contract reviews identically; reordering clauses changes no status."""
    kept = topics[:cut]
    first = review_contract(contract_with(kept), context=ctx)
    assert review_contract(contract_with(kept), context=ctx) == first
    reordered = review_contract(contract_with(sorted(kept)), context=ctx)
    assert [f.status for f in reordered.findings] == [f.status for f in first.findings]
    assert [f.entry_id for f in first.findings] == [e.id for e in CATALOGUE]


@given(ctx=contexts, kept=st.lists(st.sampled_from(TOPICS), unique=True))
def test_every_finding_says_what_is_lacking_as_data(
    ctx: ReviewContext, kept: list[ClauseTopic]
) -> None:
    """Absent topics are the entry's topics without a clause; each gap is a field short of it.

    A partial finding always names something to complete, and a present one nothing.
    """
    review = review_contract(contract_with(kept), context=ctx)
    for entry, finding in zip(CATALOGUE, review.findings, strict=True):
        assert finding.subject == entry.subject
        if finding.status is FindingStatus.NOT_APPLICABLE:
            assert (finding.absent_topics, finding.gaps) == ((), ())
            continue
        assert finding.absent_topics == tuple(t for t in entry.topics if t not in kept)
        fields = entry.fields + entry.partial_fields
        assert [g.field for g in finding.gaps] == [
            f
            for f in fields
            if field_evidence(contract_with(kept), f)[0] is not FindingStatus.PRESENT
        ]
        assert all(
            g.status is field_evidence(contract_with(kept), g.field)[0] for g in finding.gaps
        )
        if finding.status is FindingStatus.PARTIAL:
            assert finding.absent_topics or finding.gaps
        if finding.status is FindingStatus.PRESENT:
            assert finding.absent_topics == ()


def test_partial_findings_name_what_is_missing_and_lower_the_severity() -> None:
    """An entry needing two topics with one present is partial, one step less severe."""
    review = review_contract(
        contract_with([ClauseTopic.TERMINATION_RIGHTS]), context=context(financial=True, ict=True)
    )
    finding = review.finding("dora-30-2-h")
    assert finding.status is FindingStatus.PARTIAL
    assert finding.severity is Severity.MEDIUM
    assert "notice_periods" in finding.recommendation
    assert any("art. 1" in e for e in finding.evidence)


def test_scope_is_present_with_exclusions_and_partial_without() -> None:
    """Scope items with inclusions and exclusions evidence scope; without exclusions, partly."""
    full = contract_with([], scope=[ScopeItem("Payslips", ["compute"], ["HR disputes"])])
    open_ended = contract_with([], scope=[ScopeItem("Payslips", ["compute"])])
    assert field_evidence(full, FieldEvidence.SCOPE)[0] is FindingStatus.PRESENT
    status, text = field_evidence(open_ended, FieldEvidence.SCOPE)
    assert status is FindingStatus.PARTIAL
    assert "without explicit exclusions" in text
    assert field_evidence(contract_with([]), FieldEvidence.SCOPE)[0] is FindingStatus.MISSING
    review = review_contract(open_ended, context=context())
    assert review.finding("bpo-01-scope").status is FindingStatus.PARTIAL


def test_structured_fields_evidence_the_checklist_without_clauses() -> None:
    """Deliverables, pricing, payment terms, penalties and reporting count as evidence."""
    contract = contract_with(
        [],
        deliverables=[Deliverable("Payslips", format="PDF", tools=["Silae"], due="2025-02-01")],
        request_handling="Tickets in the shared desk",
        change_procedure="Change requests signed by both parties",
        pricing=[FixedFee("Run", Money("1000", "EUR"))],
        payment_terms=PaymentTerms(45, end_of_month=True),
        late_delivery=LateDeliveryPenalty(rate="1", cap="10"),
        governance=Governance(reporting=Cadence.MONTHLY, review_meetings=Cadence.WEEKLY),
    )
    review = review_contract(contract, context=context())
    present = {f.entry_id for f in review.findings if f.status is FindingStatus.PRESENT}
    assert present == {
        "bpo-02-deliverables",
        "bpo-03-tools",
        "bpo-04-request-handling",
        "bpo-05-scope-changes",
        "bpo-06-deadlines",
        "bpo-07-rates",
        "bpo-08-billing",
        "bpo-09-payment-terms",
        "bpo-11-reporting",
    }
    assert review.finding("bpo-10-penalties").status is FindingStatus.PARTIAL


def test_partial_field_evidence_never_makes_an_entry_present() -> None:
    """Data locations show where data is, not the duty to notify changes: DORA 30(2)(b) partial."""
    contract = contract_with([], data_protection=DataProtection(data_locations={"FR"}))
    review = review_contract(contract, context=context(financial=True, ict=True))
    assert review.finding("dora-30-2-b").status is FindingStatus.PARTIAL


def test_counts_add_up_to_the_catalogue_and_to_pandas_has_a_row_per_finding() -> None:
    """Every entry is accounted for once, and the DataFrame mirrors the findings."""
    review = review_contract(contract_with(TOPICS[:20]), context=context(personal=True))
    assert sum(review.counts().values()) == len(CATALOGUE)
    frame = review.to_pandas()
    assert list(frame["entry_id"]) == [e.id for e in CATALOGUE]
    assert set(frame["status"]) <= {str(s) for s in FindingStatus}


def test_context_from_portfolio_reads_flags_provider_and_infers_ict() -> None:
    """Personal data comes from the processes, ICT from an ITO function, flags from the client."""
    provider = Provider("P1", "Hostco", "FR", "Europe/Paris", "EUR")
    processes = (
        Process("hosting", "Hosting", BusinessFunction.HOSTING),
        Process("payroll", "Payroll", BusinessFunction.PAYROLL, personal_data=True),
    )
    client = Client("Bank", "FR", "EUR", financial_entity=True, eba_supervised=True)
    ict = contract_with([], process_ids=["hosting"], critical_function=True)
    portfolio = Portfolio(client, processes, (provider,), (ict,))
    ctx = ReviewContext.from_portfolio(portfolio, "C1", as_of="2025-06-30")
    assert ctx.provider == provider
    assert (ctx.financial_entity, ctx.ict_services, ctx.eba_supervised) == (True, True, True)
    assert ctx.personal_data is False
    assert ctx.critical_function is True
    assert ctx.as_of == AS_OF
    bpo = contract_with([], process_ids=["payroll"])
    other = Portfolio(client, processes, (provider,), (bpo,))
    ctx = ReviewContext.from_portfolio(other, bpo, as_of=AS_OF)
    assert ctx.ict_services is False
    assert ctx.personal_data is True
    forced = ReviewContext.from_portfolio(other, bpo, as_of=AS_OF, ict_services=True)
    assert forced.ict_services is True


def test_an_unknown_finding_is_an_error_naming_the_id() -> None:
    """Asking a review for an entry it does not have names the id, not a bare KeyError."""
    from outsourcing import UnknownReferenceError  # noqa: PLC0415 - this test only
    from outsourcing.review.context import ReviewContext  # noqa: PLC0415 - this test only
    from outsourcing.samples import sample_portfolio  # noqa: PLC0415 - this test only

    portfolio = sample_portfolio()
    contract = portfolio.contract("rhone-it")
    review = review_contract(
        contract,
        context=ReviewContext.from_portfolio(portfolio, contract, as_of=contract.term.start),
    )
    with pytest.raises(UnknownReferenceError, match="'no-such-entry'"):
        review.finding("no-such-entry")
    assert review.finding("bpo-01-scope").entry_id == "bpo-01-scope"


INDEX_PERIOD = ConsistencyCheck.INDEX_PERIOD_LONGER_THAN_REVISION_INTERVAL


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(
    contract=ost.contracts(max_items=1, with_calendars=False),
    ctx=contexts,
    later=st.integers(1, 24),
)
def test_any_generated_contract_is_reviewed_and_its_index_period_checked(
    contract: Contract, ctx: ReviewContext, later: int
) -> None:
    """Any contract reviews without error; the L.112-1 check applies exactly with a clause.

    A reference month moved later shortens the index period, so it never turns a passed
    check into a failed one.
    """
    review = review_contract(contract, context=ctx)
    (check,) = [c for c in review.checks if c.check is INDEX_PERIOD]
    clause = contract.price_revision
    assert (check.outcome is Outcome.NOT_APPLICABLE) == (clause is None)
    if clause is None:
        return
    moved = attrs.evolve(
        contract,
        price_revision=attrs.evolve(
            clause, reference_month=clause.reference_month.add(months=later)
        ),
    )
    (after,) = [c for c in review_contract(moved, context=ctx).checks if c.check is INDEX_PERIOD]
    assert check.outcome is Outcome.FAILED or after.outcome is Outcome.PASSED
