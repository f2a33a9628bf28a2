from __future__ import annotations

import datetime as dt

import attrs
import pendulum
import pytest

from outsourcing import (
    SLA,
    Cadence,
    CheckResult,
    Clause,
    ClauseTopic,
    ConsistencyCheck,
    Contract,
    CreditTier,
    DataProtection,
    Governance,
    IndexWeight,
    InvalidValueError,
    LateDeliveryPenalty,
    Outcome,
    PaymentTerms,
    PriceRevision,
    Provider,
    Reason,
    ReversibilityPlan,
    ReviewContext,
    ServiceCreditRegime,
    Severity,
    SLAMetric,
    Span,
    SubProcessor,
    Term,
    TransferMechanism,
    review_contract,
)
from outsourcing.presentation import Formatter, Language, Notice
from outsourcing.presentation.messages import MESSAGES
from outsourcing.presentation.reasons import reason_text
from outsourcing.presentation.sections.review import titled_review_blocks
from outsourcing.review.consistency import check_consistency

AS_OF = pendulum.Date(2025, 6, 30)
PROVIDER = Provider("P1", "Provider", "FR", "Europe/Paris", "EUR")


def contract(**fields: object) -> Contract:
    """A minimal contract with the given fields."""
    values: dict[str, object] = {"term": Term(start="2025-01-01")} | fields
    return Contract(
        id="C1",
        title="Payroll",
        client="Acme",
        provider_id="P1",
        currency="EUR",
        **values,  # type: ignore[arg-type]
    )


def plan(
    notice: str = "P3M", transition: str = "P3M", tested: str | None = None
) -> ReversibilityPlan:
    """An exit plan with these periods and test date."""
    return ReversibilityPlan(Span.parse(notice), Span.parse(transition), last_tested=tested)


def check(
    which: ConsistencyCheck,
    subject: Contract,
    *,
    provider: Provider | None = PROVIDER,
    personal: bool | None = None,
) -> CheckResult:
    """Run the checks and return the one asked for."""
    ctx = ReviewContext(as_of=AS_OF, provider=provider, personal_data=personal)
    results = {r.check: r for r in check_consistency(subject, context=ctx)}
    return results[which]


C = ConsistencyCheck
availability = SLA("avail", "Availability", SLAMetric.AVAILABILITY, "99.5")
credited = SLA(
    "avail", "Availability", SLAMetric.AVAILABILITY, "99.5", credit_tiers=[CreditTier("99.5", "5")]
)
incidents = SLA("inc", "Incidents", SLAMetric.INCIDENT_COUNT, "100")

CASES: list[tuple[ConsistencyCheck, Contract, Contract, dict[str, object]]] = [
    # (check, firing contract, passing contract, context kwargs)
    (
        C.NOTICE_SHORTER_THAN_TRANSITION,
        contract(reversibility=plan(transition="P6M")),
        contract(reversibility=plan(transition="P3M")),
        {},
    ),
    (
        C.NOTICE_PERIOD_MISMATCH,
        contract(reversibility=plan(notice="P1M")),
        contract(reversibility=plan(notice="P3M")),
        {},
    ),
    (
        C.SLA_WITHOUT_MEASURABLE_TARGET,
        contract(slas=[incidents]),
        contract(slas=[availability]),
        {},
    ),
    (
        C.PENALTIES_WITHOUT_CAP,
        contract(late_delivery=LateDeliveryPenalty(rate="1")),
        contract(late_delivery=LateDeliveryPenalty(rate="1", cap="10")),
        {},
    ),
    (
        C.UNLIMITED_DATA_RETENTION,
        contract(data_protection=DataProtection(personal_data=True)),
        contract(data_protection=DataProtection(personal_data=True, retention=Span(years=1))),
        {},
    ),
    (
        C.TRANSFER_WITHOUT_MECHANISM,
        contract(data_protection=DataProtection(personal_data=True, data_locations={"MG"})),
        contract(
            data_protection=DataProtection(
                personal_data=True,
                data_locations={"MG"},
                transfer_mechanism=TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES,
            )
        ),
        {},
    ),
    (
        C.NO_INTERNAL_REFERENT,
        contract(),
        contract(governance=Governance(internal_referent="Head of payroll")),
        {},
    ),
    (
        C.NO_REPORTING_CADENCE,
        contract(),
        contract(governance=Governance(reporting=Cadence.MONTHLY)),
        {},
    ),
    (
        C.EXIT_PLAN_NEVER_TESTED,
        contract(term=Term(start="2025-01-01", end="2026-12-31"), reversibility=plan()),
        contract(
            term=Term(start="2025-01-01", end="2026-12-31"), reversibility=plan(tested="2025-03-01")
        ),
        {},
    ),
]


@pytest.mark.parametrize(("which", "firing", "passing", "kwargs"), CASES, ids=[c[0] for c in CASES])
def test_each_check_fires_on_the_inconsistency_and_passes_without_it(
    which: ConsistencyCheck, firing: Contract, passing: Contract, kwargs: dict[str, object]
) -> None:
    """The check fails, with a severity, evidence and advice, only when the terms clash."""
    failed = check(which, firing, **kwargs)  # type: ignore[arg-type]
    assert failed.outcome is Outcome.FAILED
    assert failed.severity is not Severity.INFO
    assert failed.evidence
    assert failed.recommendation
    passed = check(which, passing, **kwargs)  # type: ignore[arg-type]
    assert passed.outcome is Outcome.PASSED
    assert passed.severity is Severity.INFO
    assert passed.recommendation == ""


def test_unknown_sub_processors_fire_and_authorised_ones_pass() -> None:
    """An unauthorised sub-processor fails the check; authorised ones pass it."""
    unknown = Provider(
        "P1", "Provider", "FR", "Europe/Paris", "EUR", sub_processors=[SubProcessor("Scan", "FR")]
    )
    known = Provider(
        "P1",
        "Provider",
        "FR",
        "Europe/Paris",
        "EUR",
        sub_processors=[SubProcessor("Scan", "FR", authorised=True)],
    )
    failed = check(C.UNKNOWN_SUB_PROCESSORS, contract(), provider=unknown)
    assert failed.outcome is Outcome.FAILED
    assert "Scan" in failed.evidence[0]
    assert check(C.UNKNOWN_SUB_PROCESSORS, contract(), provider=known).outcome is Outcome.PASSED
    assert (
        check(C.UNKNOWN_SUB_PROCESSORS, contract(), provider=None).outcome is Outcome.NOT_APPLICABLE
    )


@pytest.mark.parametrize(
    ("which", "subject"),
    [
        (C.NOTICE_SHORTER_THAN_TRANSITION, contract()),
        (C.NOTICE_PERIOD_MISMATCH, contract()),
        (C.SLA_WITHOUT_MEASURABLE_TARGET, contract()),
        (C.PENALTIES_WITHOUT_CAP, contract()),
        (C.UNLIMITED_DATA_RETENTION, contract()),
        (C.TRANSFER_WITHOUT_MECHANISM, contract()),
        (C.EXIT_PLAN_NEVER_TESTED, contract()),
    ],
)
def test_checks_without_their_subject_are_not_applicable(
    which: ConsistencyCheck, subject: Contract
) -> None:
    """A check with nothing to compare says so and why, rather than passing silently."""
    result = check(which, subject)
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert result.evidence


def test_sla_credits_without_a_regime_are_uncapped_and_a_regime_caps_them() -> None:
    """Service credits need a monthly cap from a service-credit regime."""
    assert check(C.PENALTIES_WITHOUT_CAP, contract(slas=[credited])).outcome is Outcome.FAILED
    capped = contract(slas=[credited], service_credits=ServiceCreditRegime(monthly_cap="10"))
    assert check(C.PENALTIES_WITHOUT_CAP, capped).outcome is Outcome.PASSED


def test_an_sla_with_a_zero_objective_is_not_measurable() -> None:
    """An objective of 0 % is no target."""
    zero = SLA("ttr", "Resolution", SLAMetric.RESOLUTION, "0", target=dt.timedelta(hours=4))
    result = check(C.SLA_WITHOUT_MEASURABLE_TARGET, contract(slas=[zero]))
    assert result.outcome is Outcome.FAILED
    assert "objective 0" in result.evidence[0]


@pytest.mark.parametrize(
    ("country", "mechanism", "outcome"),
    [
        ("DE", None, Outcome.PASSED),
        ("CH", None, Outcome.PASSED),
        ("US", None, Outcome.FAILED),
        ("US", TransferMechanism.ADEQUACY_DECISION, Outcome.PASSED),
        ("MA", TransferMechanism.ADEQUACY_DECISION, Outcome.FAILED),
        ("MA", TransferMechanism.BINDING_CORPORATE_RULES, Outcome.PASSED),
        ("IN", None, Outcome.FAILED),
    ],
)
def test_transfers_need_a_mechanism_outside_the_eea_unless_adequate(
    country: str, mechanism: TransferMechanism | None, outcome: Outcome
) -> None:
    """EEA and adequate countries pass; others need safeguards; a claimed adequacy must exist."""
    subject = contract(
        data_protection=DataProtection(
            personal_data=True, data_locations={country}, transfer_mechanism=mechanism
        )
    )
    assert check(C.TRANSFER_WITHOUT_MECHANISM, subject).outcome is outcome


def test_an_offshore_provider_is_itself_a_data_location() -> None:
    """A provider in Madagascar processing personal data is a transfer even with no locations."""
    offshore = Provider("P1", "Offshore", "MG", "Indian/Antananarivo", "MGA")
    subject = contract(data_protection=DataProtection(personal_data=True))
    result = check(C.TRANSFER_WITHOUT_MECHANISM, subject, provider=offshore)
    assert result.outcome is Outcome.FAILED
    assert "provider Offshore in MG" in result.evidence[0]


@pytest.mark.parametrize(
    ("tested", "outcome"),
    [(None, Outcome.FAILED), ("2025-03-01", Outcome.PASSED), ("2025-07-15", Outcome.FAILED)],
)
def test_exit_plan_test_must_precede_the_review_date(tested: str | None, outcome: Outcome) -> None:
    """A test dated after the review date does not count as done."""
    subject = contract(
        term=Term(start="2025-01-01", end="2026-12-31"), reversibility=plan(tested=tested)
    )
    assert check(C.EXIT_PLAN_NEVER_TESTED, subject).outcome is outcome


def test_a_fixed_term_contract_without_exit_plan_fails_the_test_check() -> None:
    """No plan means no test before the end."""
    subject = contract(term=Term(start="2025-01-01", end="2026-12-31"))
    result = check(C.EXIT_PLAN_NEVER_TESTED, subject)
    assert result.outcome is Outcome.FAILED
    assert "no exit plan" in result.evidence[0]


def test_every_check_is_reported_once_in_order() -> None:
    """A review lists each consistency check exactly once, in the enum's order."""
    review = review_contract(contract(), context=ReviewContext(as_of=AS_OF))
    assert [r.check for r in review.checks] == list(ConsistencyCheck)
    assert {r.check for r in review.issues} == {
        C.NO_INTERNAL_REFERENT,
        C.NO_REPORTING_CADENCE,
        C.NO_RETAINED_ORGANISATION_COST,
    }


def test_a_context_with_another_providers_data_is_refused() -> None:
    """Reviewing a contract with someone else's provider is a programmer error, named."""
    other = Provider("P2", "Other", "FR", "Europe/Paris", "EUR")
    with pytest.raises(InvalidValueError, match=r"ReviewContext\.provider"):
        review_contract(contract(), context=ReviewContext(as_of=AS_OF, provider=other))


def _provider(country: str, *subs: SubProcessor) -> Provider:
    """The provider P1, established in ``country``, with these sub-processors."""
    return Provider("P1", "Provider", country, "Europe/Paris", "EUR", sub_processors=list(subs))


def _personal(locations: set[str], mechanism: TransferMechanism | None = None) -> Contract:
    """A contract processing personal data kept in ``locations``."""
    protection = DataProtection(
        personal_data=True, data_locations=locations, transfer_mechanism=mechanism
    )
    return contract(data_protection=protection)


def _dated(tested: str | None, end: str = "2026-12-31") -> Contract:
    """A contract ending on ``end`` whose exit plan was tested on ``tested``."""
    return contract(term=Term(start="2025-01-01", end=end), reversibility=plan(tested=tested))


#: Contracts and contexts between them failing every check in every way it can fail (and
#: passing the checks that give their causes when passed).
FAILING: list[tuple[Contract, ReviewContext]] = [
    (contract(reversibility=plan(transition="P6M")), ReviewContext(as_of=AS_OF)),
    (contract(reversibility=plan(notice="P1M")), ReviewContext(as_of=AS_OF)),
    (
        contract(
            slas=[
                incidents,
                SLA("ttr", "Resolution", SLAMetric.RESOLUTION, "0", target=dt.timedelta(hours=4)),
            ],
            late_delivery=LateDeliveryPenalty(rate="1"),
        ),
        ReviewContext(as_of=AS_OF),
    ),
    (contract(slas=[credited]), ReviewContext(as_of=AS_OF)),
    (
        contract(),
        ReviewContext(
            as_of=AS_OF,
            provider=_provider("FR", SubProcessor("Scan", "FR"), SubProcessor("Mada", "MG", "OCR")),
        ),
    ),
    (
        _personal({"US"}),
        ReviewContext(as_of=AS_OF, provider=_provider("MA", SubProcessor("Bengal", "IN"))),
    ),
    (
        _personal({"MA"}, TransferMechanism.ADEQUACY_DECISION),
        ReviewContext(as_of=AS_OF, provider=_provider("IN", SubProcessor("Rabat", "MA"))),
    ),
    (
        _personal({"IN"}),
        ReviewContext(as_of=AS_OF, provider=_provider("US", SubProcessor("Cloud", "US"))),
    ),
    (
        contract(
            data_protection=DataProtection(personal_data=True),
            clauses=[Clause(ClauseTopic.DATA_RETENTION)],
            price_revision=PriceRevision(
                indices=[IndexWeight("Syntec", "1")], reference_month="2023-10", lag_months=3
            ),
            payment_terms=PaymentTerms(days=90),
        ),
        ReviewContext(as_of=AS_OF, client_country="FR", client_timezone="Europe/Paris"),
    ),
    (
        contract(payment_terms=PaymentTerms(days=60, end_of_month=True), timezone="UTC"),
        ReviewContext(as_of=AS_OF, provider=PROVIDER, client_timezone="Europe/Paris"),
    ),
    (
        contract(payment_terms=PaymentTerms(days=61)),
        ReviewContext(as_of=AS_OF, provider=PROVIDER, client_country="FR"),
    ),
    (_dated(None), ReviewContext(as_of=AS_OF)),
    (  # passes the exit-test and retention checks, with their causes
        attrs.evolve(
            _dated("2025-03-01"),
            data_protection=DataProtection(personal_data=True, retention=Span(years=1)),
        ),
        ReviewContext(as_of=AS_OF),
    ),
    (_dated("2025-07-15"), ReviewContext(as_of=AS_OF)),
    (_dated("2025-03-01", end="2025-02-28"), ReviewContext(as_of=AS_OF)),
    (contract(term=Term(start="2024-01-01", end="2024-12-31")), ReviewContext(as_of=AS_OF)),
]


def _failed() -> list[CheckResult]:
    return [
        r
        for subject, ctx in FAILING
        for r in check_consistency(subject, context=ctx)
        if r.outcome is Outcome.FAILED
    ]


def test_every_failed_check_gives_its_evidence_as_data() -> None:
    """Each failure has one cause per English line, or more: French reports say as much."""
    failed = _failed()
    assert {r.check for r in failed} == set(ConsistencyCheck)
    for result in failed:
        assert len(result.causes) >= 1, result.check
        assert len(result.causes) >= len(result.evidence) or len(result.evidence) == 1


def test_every_consistency_reason_is_given_and_written_in_both_languages() -> None:
    """The checks give every ``reason.consistency`` code, and each reads differently in French."""
    causes = {
        cause.code: cause
        for subject, ctx in FAILING
        for result in check_consistency(subject, context=ctx)
        for cause in result.causes
    }
    written = {
        key.removeprefix("reason.").removesuffix(".one").removesuffix(".other")
        for key in MESSAGES[Language.EN]
        if key.startswith("reason.consistency.")
    }
    assert set(causes) == written
    for cause in causes.values():
        english, french = (reason_text(cause, Formatter(lang)) for lang in ("en", "fr"))
        assert english != french, cause.code


def test_failed_checks_read_the_same_in_french_and_english_reports() -> None:
    """A failed check's notice gives its reasons in both languages, country names spelled out."""
    for subject, ctx in FAILING:
        review = review_contract(subject, context=ctx)
        notices = {
            lang: [
                b.text
                for b in titled_review_blocks("T", review, Formatter(lang))
                if isinstance(b, Notice) and b.text.startswith(("Consistency", "Cohérence"))
            ]
            for lang in ("en", "fr")
        }
        assert len(notices["en"]) == len(notices["fr"]) == len(review.issues)
        for english, french in zip(notices["en"], notices["fr"], strict=True):
            assert english.endswith(")")
            assert french.endswith(")")
    mada = reason_text(
        Reason.of(
            "consistency.unauthorised_sub_processor_for", name="M", country="MG", service="OCR"
        ),
        Formatter("fr"),
    )
    assert mada == "sous-traitant ultérieur M (Madagascar, OCR) non autorisé"
