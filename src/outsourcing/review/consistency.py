"""Consistency checks across a contract: terms that each look fine but do not fit together.

Each check passes, fails or does not apply (with the reason); every check is always reported, so
a review shows what was verified as well as what went wrong.
"""

from __future__ import annotations

from enum import StrEnum

import attrs

from outsourcing.costs.price_revision import (
    index_month,
    index_period_months,
    months_since_last_revision,
    revision_dates,
)
from outsourcing.exceptions import InvalidValueError
from outsourcing.model.clause import ClauseTopic
from outsourcing.model.contract import Contract, CostCategory, TransferMechanism
from outsourcing.model.provider import SubProcessor
from outsourcing.model.reason import Reason
from outsourcing.model.sla import SLAMetric
from outsourcing.model.span import Span
from outsourcing.reference.transfers import AdequacyStatus, adequacy
from outsourcing.review.clauses.entry import Severity
from outsourcing.review.context import ReviewContext
from outsourcing.review.lifecycle import key_dates

__all__ = ["CheckResult", "ConsistencyCheck", "Outcome", "check_consistency"]


class ConsistencyCheck(StrEnum):
    """The cross checks, in the order they are reported."""

    NOTICE_SHORTER_THAN_TRANSITION = "notice_shorter_than_transition"
    NOTICE_PERIOD_MISMATCH = "notice_period_mismatch"
    SLA_WITHOUT_MEASURABLE_TARGET = "sla_without_measurable_target"
    PENALTIES_WITHOUT_CAP = "penalties_without_cap"
    UNLIMITED_DATA_RETENTION = "unlimited_data_retention"
    UNKNOWN_SUB_PROCESSORS = "unknown_sub_processors"
    TRANSFER_WITHOUT_MECHANISM = "transfer_without_mechanism"
    NO_INTERNAL_REFERENT = "no_internal_referent"
    NO_REPORTING_CADENCE = "no_reporting_cadence"
    EXIT_PLAN_NEVER_TESTED = "exit_plan_never_tested"
    INDEX_PERIOD_LONGER_THAN_REVISION_INTERVAL = "index_period_longer_than_revision_interval"
    PAYMENT_TERMS_BEYOND_LEGAL_LIMIT = "payment_terms_beyond_legal_limit"
    NO_RETAINED_ORGANISATION_COST = "no_retained_organisation_cost"
    CONTRACT_TIMEZONE_NOT_CLIENTS = "contract_timezone_not_clients"


class Outcome(StrEnum):
    """The outcome of a check."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"


@attrs.frozen
class CheckResult:
    """The outcome of one consistency check.

    Attributes:
        check: Which check.
        outcome: Passed, failed or not applicable.
        severity: How serious a failure is (info unless failed).
        citation: The rule the check rests on.
        evidence: What was compared, or why the check does not apply, in English.
        recommendation: What to change ("" unless failed).
        causes: The evidence as data (codes and values), for reports in any language: one or
            more for every failed check; a passed or not applicable result may have none.
    """

    check: ConsistencyCheck
    outcome: Outcome
    severity: Severity
    citation: str
    evidence: tuple[str, ...]
    recommendation: str = ""
    causes: tuple[Reason, ...] = ()


@attrs.frozen
class _Rule:
    citation: str
    severity: Severity
    recommendation: str


_RULES: dict[ConsistencyCheck, _Rule] = {
    ConsistencyCheck.NOTICE_SHORTER_THAN_TRANSITION: _Rule(
        "DORA Art. 30(3)(f); EBA/GL/2019/02 para. 99",
        Severity.HIGH,
        "Lengthen the notice period to cover the transition, or oblige the provider to keep "
        "serving for the whole transition period after termination.",
    ),
    ConsistencyCheck.NOTICE_PERIOD_MISMATCH: _Rule(
        "DORA Art. 30(2)(h)",
        Severity.MEDIUM,
        "Align the exit plan's notice period with the contract term's.",
    ),
    ConsistencyCheck.SLA_WITHOUT_MEASURABLE_TARGET: _Rule(
        "DORA Art. 30(3)(a); EBA/GL/2019/02 para. 75(i)",
        Severity.MEDIUM,
        "Give each SLA a measurable target: a non-zero objective and, for incident counts, a "
        "maximum per period.",
    ),
    ConsistencyCheck.PENALTIES_WITHOUT_CAP: _Rule(
        "BPO checklist item 10",
        Severity.MEDIUM,
        "Cap each penalty: a cap on the late-delivery penalty, a service-credit regime with a "
        "monthly cap for SLA credits.",
    ),
    ConsistencyCheck.UNLIMITED_DATA_RETENTION: _Rule(
        "GDPR Art. 5(1)(e); BPO checklist item 14",
        Severity.HIGH,
        "Limit how long the provider keeps the data after use.",
    ),
    ConsistencyCheck.UNKNOWN_SUB_PROCESSORS: _Rule(
        "GDPR Art. 28(2) and 28(4); DORA Art. 30(2)(a)",
        Severity.HIGH,
        "Authorise each sub-processor in writing, or require the provider to stop using it.",
    ),
    ConsistencyCheck.TRANSFER_WITHOUT_MECHANISM: _Rule(
        "GDPR Chapter V (Arts. 44 to 49)",
        Severity.HIGH,
        "Put a transfer mechanism in place (standard contractual clauses, binding corporate "
        "rules) for every location outside the EEA without an adequacy decision.",
    ),
    ConsistencyCheck.NO_INTERNAL_REFERENT: _Rule(
        "Seed 003: an internal referent as point of contact and final validation",
        Severity.MEDIUM,
        "Name an internal referent who validates the provider's work.",
    ),
    ConsistencyCheck.NO_REPORTING_CADENCE: _Rule(
        "BPO checklist item 11",
        Severity.MEDIUM,
        "Set how often the provider reports.",
    ),
    ConsistencyCheck.EXIT_PLAN_NEVER_TESTED: _Rule(
        "EBA/GL/2019/02 para. 106 to 108; DORA Art. 28(8)",
        Severity.HIGH,
        "Test the exit plan before the contract ends.",
    ),
    ConsistencyCheck.INDEX_PERIOD_LONGER_THAN_REVISION_INTERVAL: _Rule(
        "C. mon. fin. art. L.112-1",
        Severity.HIGH,
        "Take as reference month S0 the month whose value was last published when the price "
        "took effect, so that the index varies over no longer than the time between revisions; "
        "a clause that does otherwise is deemed unwritten.",
    ),
    ConsistencyCheck.PAYMENT_TERMS_BEYOND_LEGAL_LIMIT: _Rule(
        "C. com. art. L.441-10",
        Severity.HIGH,
        "Shorten the payment terms to at most 60 days from the invoice date, or 45 days end of "
        "month if the contract states it expressly.",
    ),
    ConsistencyCheck.NO_RETAINED_ORGANISATION_COST: _Rule(
        "Hidden costs: the retained organisation and governance (seed 003, domain brief §2)",
        Severity.MEDIUM,
        "Add the monthly cost of the people who keep steering the provider (the internal "
        "referent's time, reviews, controls) as a retained-organisation or governance cost, "
        "or the business case overstates the savings.",
    ),
    ConsistencyCheck.CONTRACT_TIMEZONE_NOT_CLIENTS: _Rule(
        "Measurement periods are calendar months in the contract's time zone (OpenSLO)",
        Severity.MEDIUM,
        "State the contract's time zone: its months, weeks and quarters are cut at local "
        "midnight there, and the client's is usually the one the contract means.",
    ),
}


def _result(
    check: ConsistencyCheck,
    outcome: Outcome,
    *evidence: str,
    causes: tuple[Reason, ...] = (),
) -> CheckResult:
    rule = _RULES[check]
    failed = outcome is Outcome.FAILED
    return CheckResult(
        check=check,
        outcome=outcome,
        severity=rule.severity if failed else Severity.INFO,
        citation=rule.citation,
        evidence=evidence,
        recommendation=rule.recommendation if failed else "",
        causes=causes,
    )


def _failed_if(
    check: ConsistencyCheck, failures: list[tuple[str, Reason]], passed: str
) -> CheckResult:
    """Failed with each failure's English evidence and its cause, or passed with ``passed``."""
    if failures:
        evidence = tuple(text for text, _ in failures)
        return _result(check, Outcome.FAILED, *evidence, causes=tuple(r for _, r in failures))
    return _result(check, Outcome.PASSED, passed)


def _notice_vs_transition(contract: Contract, _context: ReviewContext) -> CheckResult:
    check = ConsistencyCheck.NOTICE_SHORTER_THAN_TRANSITION
    plan = contract.reversibility
    if plan is None:
        return _result(check, Outcome.NOT_APPLICABLE, "no exit plan")
    notice, transition = contract.term.notice_period, plan.transition_period
    facts = (
        f"notice {notice} (~{notice.approximate_days()} days), "
        f"transition {transition} (~{transition.approximate_days()} days)"
    )
    if notice.approximate_days() < transition.approximate_days():
        cause = Reason.of("consistency.notice_shorter", notice=notice, transition=transition)
        return _failed_if(check, [(f"{facts}: notice is shorter", cause)], facts)
    return _failed_if(check, [], facts)


def _notice_mismatch(contract: Contract, _context: ReviewContext) -> CheckResult:
    check = ConsistencyCheck.NOTICE_PERIOD_MISMATCH
    plan = contract.reversibility
    if plan is None:
        return _result(check, Outcome.NOT_APPLICABLE, "no exit plan")
    term, planned = contract.term.notice_period, plan.notice_period
    facts = f"term notice {term}, exit plan notice {planned}"
    if term.approximate_days() != planned.approximate_days():
        cause = Reason.of("consistency.notice_mismatch", term=term, plan=planned)
        return _failed_if(check, [(f"{facts}: they differ", cause)], facts)
    return _failed_if(check, [], facts)


def _measurable_slas(contract: Contract, _context: ReviewContext) -> CheckResult:
    check = ConsistencyCheck.SLA_WITHOUT_MEASURABLE_TARGET
    if not contract.slas:
        return _result(check, Outcome.NOT_APPLICABLE, "no SLAs")
    failures = []
    for sla in contract.slas:
        if sla.objective.value == 0:
            cause = Reason.of("consistency.zero_objective", sla=sla.id)
            failures.append((f"SLA {sla.id}: objective 0 %", cause))
        if sla.metric is SLAMetric.INCIDENT_COUNT and sla.maximum is None:
            cause = Reason.of("consistency.no_incident_maximum", sla=sla.id)
            failures.append((f"SLA {sla.id}: incident count without a maximum per period", cause))
    return _failed_if(check, failures, f"{len(contract.slas)} SLA(s), each with a target")


def _capped_penalties(contract: Contract, _context: ReviewContext) -> CheckResult:
    check = ConsistencyCheck.PENALTIES_WITHOUT_CAP
    credited = [s.id for s in contract.slas if s.credit_tiers]
    late = contract.late_delivery
    if late is None and not credited:
        return _result(check, Outcome.NOT_APPLICABLE, "no penalties and no service credits")
    failures: list[tuple[str, Reason]] = []
    caps = []
    if late is not None:
        if late.cap is None:
            cause = Reason.of("consistency.uncapped_late_penalty")
            failures.append(("late-delivery penalty without a cap", cause))
        else:
            caps.append(f"late-delivery penalty capped at {late.cap}")
    if credited:
        regime = contract.service_credits
        if regime is None:
            text = f"service credits on {', '.join(credited)} without a monthly cap"
            cause = Reason.of("consistency.uncapped_credits", slas=tuple(credited))
            failures.append((text, cause))
        else:
            caps.append(f"service credits capped at {regime.monthly_cap} a month")
    return _failed_if(check, failures, "; ".join(caps))


def _retention(contract: Contract, context: ReviewContext) -> CheckResult:
    check = ConsistencyCheck.UNLIMITED_DATA_RETENTION
    personal = context.processes_personal_data(contract)
    if not personal and not contract.data_protection.data_locations:
        return _result(check, Outcome.NOT_APPLICABLE, "no personal data and no data locations")
    retention = contract.data_protection.retention
    if retention is not None:
        cause = Reason.of("consistency.retention", span=retention)
        return _result(check, Outcome.PASSED, f"data kept {retention} after use", causes=(cause,))
    detail = "no retention period recorded: data may be kept without limit"
    code = "consistency.no_retention"
    if ClauseTopic.DATA_RETENTION in contract.topics:
        detail += " (a data_retention clause exists: record its period)"
        code = "consistency.no_retention_but_clause"
    return _result(check, Outcome.FAILED, detail, causes=(Reason.of(code),))


def _unauthorised(sub: SubProcessor) -> tuple[str, Reason]:
    """An unauthorised sub-processor, in English and as data."""
    service = sub.service or "unstated service"
    text = f"sub-processor {sub.name} ({sub.country}, {service}) not authorised"
    if not sub.service:
        return text, Reason.of(
            "consistency.unauthorised_sub_processor", name=sub.name, country=sub.country
        )
    cause = Reason.of(
        "consistency.unauthorised_sub_processor_for",
        name=sub.name,
        country=sub.country,
        service=sub.service,
    )
    return text, cause


def _sub_processors(_contract: Contract, context: ReviewContext) -> CheckResult:
    check = ConsistencyCheck.UNKNOWN_SUB_PROCESSORS
    provider = context.provider
    if provider is None:
        return _result(check, Outcome.NOT_APPLICABLE, "provider not given in the context")
    unknown = [_unauthorised(s) for s in provider.sub_processors if not s.authorised]
    count = len(provider.sub_processors)
    return _failed_if(check, unknown, f"{count} sub-processor(s), all authorised")


def _locations(contract: Contract, context: ReviewContext) -> list[tuple[str, str, str, str]]:
    """Each place data goes: its country, in English, its kind and its name ("" for data)."""
    found = [
        (c, "data location", "data_location", "")
        for c in sorted(contract.data_protection.data_locations)
    ]
    provider = context.provider
    if provider is not None:
        found.append((provider.country, f"provider {provider.name}", "provider", provider.name))
        found += [
            (s.country, f"sub-processor {s.name}", "sub_processor", s.name)
            for s in provider.sub_processors
        ]
    return found


_SAFEGUARDS = frozenset(
    {
        TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES,
        TransferMechanism.BINDING_CORPORATE_RULES,
        TransferMechanism.DEROGATION,
    }
)


def _transfers(contract: Contract, context: ReviewContext) -> CheckResult:
    check = ConsistencyCheck.TRANSFER_WITHOUT_MECHANISM
    if not context.processes_personal_data(contract):
        return _result(check, Outcome.NOT_APPLICABLE, "no personal data processed")
    locations = _locations(contract, context)
    if not locations:
        return _result(check, Outcome.NOT_APPLICABLE, "no data location or provider known")
    mechanism = contract.data_protection.transfer_mechanism
    failures: list[tuple[str, Reason]] = []
    seen = []
    for country, where, place, name in locations:
        status = adequacy(country)
        label = f"{where} in {country}"
        names = {"name": name} if name else {}
        if status.status is AdequacyStatus.EEA:
            seen.append(f"{label}: in the EEA")
        elif status.status is AdequacyStatus.ADEQUATE:
            seen.append(f"{label}: adequacy decision ({status.decision})")
        elif status.status is AdequacyStatus.CONDITIONAL and mechanism is None:
            text = f"{label}: adequacy only if {status.condition}, and no transfer mechanism"
            code = f"consistency.transfer_conditional.{place}"
            failures.append((text, Reason.of(code, country=country, **names)))
        elif status.status is AdequacyStatus.CONDITIONAL:
            seen.append(f"{label}: {mechanism} ({status.decision} if {status.condition})")
        elif mechanism in _SAFEGUARDS:
            seen.append(f"{label}: outside the EEA, {mechanism}")
        elif mechanism is TransferMechanism.ADEQUACY_DECISION:
            text = f"{label}: relies on an adequacy decision {country} does not have"
            code = f"consistency.transfer_no_adequacy.{place}"
            failures.append((text, Reason.of(code, country=country, **names)))
        else:
            text = f"{label}: outside the EEA without a transfer mechanism"
            code = f"consistency.transfer_unprotected.{place}"
            failures.append((text, Reason.of(code, country=country, **names)))
    return _failed_if(check, failures, "; ".join(seen))


def _named(
    check: ConsistencyCheck, value: object, absent: tuple[str, Reason], shown: str
) -> CheckResult:
    if value is None:
        text, cause = absent
        return _result(check, Outcome.FAILED, text, causes=(cause,))
    return _result(check, Outcome.PASSED, shown.format(value))


def _referent(contract: Contract, _context: ReviewContext) -> CheckResult:
    referent = contract.governance.internal_referent
    return _named(
        ConsistencyCheck.NO_INTERNAL_REFERENT,
        referent,
        ("no internal referent named", Reason.of("consistency.no_referent")),
        "internal referent: {}",
    )


def _reporting(contract: Contract, _context: ReviewContext) -> CheckResult:
    cadence = contract.governance.reporting
    return _named(
        ConsistencyCheck.NO_REPORTING_CADENCE,
        cadence,
        ("no reporting cadence", Reason.of("consistency.no_reporting_cadence")),
        "{} reporting",
    )


def _exit_tested(contract: Contract, context: ReviewContext) -> CheckResult:
    check = ConsistencyCheck.EXIT_PLAN_NEVER_TESTED
    end = key_dates(contract, context.as_of).term_end
    if end is None:
        return _result(check, Outcome.NOT_APPLICABLE, "open-ended contract")
    days = (end - context.as_of).in_days()
    if days >= 0:
        ends = f"contract ends {end} ({days} days after {context.as_of})"
        term = Reason.of("consistency.contract_ends", end=end, count=days)
    else:
        ends = f"contract ended {end} ({-days} days before {context.as_of})"
        term = Reason.of("consistency.contract_ended", end=end, count=-days)
    plan = contract.reversibility
    if plan is None:
        cause = Reason.of("consistency.no_exit_plan")
        return _result(check, Outcome.FAILED, f"{ends}; no exit plan to test", causes=(term, cause))
    tested = plan.last_tested
    if tested is None:
        cause = Reason.of("consistency.exit_never_tested")
        return _result(
            check, Outcome.FAILED, f"{ends}; exit plan never tested", causes=(term, cause)
        )
    if tested > context.as_of:
        cause = Reason.of("consistency.exit_test_after_review", tested=tested)
        evidence = f"{ends}; exit plan test dated {tested}, after the review date"
        return _result(check, Outcome.FAILED, evidence, causes=(term, cause))
    if tested > end:
        cause = Reason.of("consistency.exit_tested_after_end", tested=tested)
        evidence = f"{ends}; exit plan first tested {tested}, after"
        return _result(check, Outcome.FAILED, evidence, causes=(term, cause))
    cause = Reason.of("consistency.exit_tested", tested=tested)
    evidence = f"{ends}; exit plan tested {tested}"
    return _result(check, Outcome.PASSED, evidence, causes=(term, cause))


def _index_period(contract: Contract, _context: ReviewContext) -> CheckResult:
    check = ConsistencyCheck.INDEX_PERIOD_LONGER_THAN_REVISION_INTERVAL
    clause = contract.price_revision
    if clause is None:
        return _result(check, Outcome.NOT_APPLICABLE, "no price revision clause")
    start = contract.term.start
    first = revision_dates(clause, start, start.add(years=2))[0]
    period = index_period_months(clause, first)
    interval = months_since_last_revision(clause, start, first)
    index = index_month(clause, first)
    facts = (
        f"first revision {first}: index from {clause.reference_month:%Y-%m} to "
        f"{index:%Y-%m} ({period} months), {interval} months since the start {start}"
    )
    if period > interval:
        cause = Reason.of(
            "consistency.index_period",
            first=first,
            reference_month=clause.reference_month,
            index_month=index,
            period=Span(months=period),
            interval=Span(months=interval),
            start=start,
        )
        return _result(check, Outcome.FAILED, facts, causes=(cause,))
    return _result(check, Outcome.PASSED, facts)


PAYMENT_LIMIT_DAYS = 60
"""C. com. art. L.441-10: most days from the invoice date."""
PAYMENT_LIMIT_END_OF_MONTH_DAYS = 45
"""C. com. art. L.441-10: most days end of month, when the contract states it expressly."""


def _payment_limit(contract: Contract, context: ReviewContext) -> CheckResult:
    check = ConsistencyCheck.PAYMENT_TERMS_BEYOND_LEGAL_LIMIT
    provider = context.provider
    french = [
        who
        for who, country in (
            ("client", context.client_country),
            ("provider", None if provider is None else provider.country),
        )
        if country == "FR"
    ]
    if not french:
        return _result(check, Outcome.NOT_APPLICABLE, "no party established in France")
    terms = contract.payment_terms
    if terms is None:
        return _result(check, Outcome.NOT_APPLICABLE, "no payment terms stated")
    limit = PAYMENT_LIMIT_END_OF_MONTH_DAYS if terms.end_of_month else PAYMENT_LIMIT_DAYS
    eom = " end of month" if terms.end_of_month else " from the invoice"
    facts = (
        f"{' and '.join(french)} in France; payment at {terms.days} days{eom}, "
        f"limit {limit} days{eom}"
    )
    if terms.days <= limit:
        return _result(check, Outcome.PASSED, facts)
    causes = (
        Reason.of(f"consistency.established_in_france.{'_and_'.join(french)}"),
        Reason.of(
            "consistency.payment_beyond_limit" + ("_end_of_month" if terms.end_of_month else ""),
            days=Span(days=terms.days),
            limit=Span(days=limit),
        ),
    )
    return _result(check, Outcome.FAILED, facts, causes=causes)


def _retained_cost(contract: Contract, _context: ReviewContext) -> CheckResult:
    check = ConsistencyCheck.NO_RETAINED_ORGANISATION_COST
    kept = {CostCategory.RETAINED_ORGANISATION, CostCategory.GOVERNANCE}
    found = [c for c in contract.recurring_costs if c.category in kept]
    if not found:
        cause = Reason.of("consistency.no_retained_cost")
        evidence = "no retained-organisation or governance cost"
        return _result(check, Outcome.FAILED, evidence, causes=(cause,))
    shown = ", ".join(f"{c.category} {c.monthly} a month" for c in found)
    return _result(check, Outcome.PASSED, shown)


def _timezone(contract: Contract, context: ReviewContext) -> CheckResult:
    check = ConsistencyCheck.CONTRACT_TIMEZONE_NOT_CLIENTS
    client = context.client_timezone
    if client is None:
        return _result(check, Outcome.NOT_APPLICABLE, "the client's time zone is unknown")
    if contract.timezone is None:
        cause = Reason.of("consistency.no_timezone", client=client)
        evidence = f"contract states no time zone, client in {client}"
        return _result(check, Outcome.FAILED, evidence, causes=(cause,))
    facts = f"contract measured in {contract.timezone}, client in {client}"
    if contract.timezone == client:
        return _result(check, Outcome.PASSED, facts)
    cause = Reason.of("consistency.other_timezone", contract=contract.timezone, client=client)
    return _result(check, Outcome.FAILED, facts, causes=(cause,))


_CHECKS = (
    _notice_vs_transition,
    _notice_mismatch,
    _measurable_slas,
    _capped_penalties,
    _retention,
    _sub_processors,
    _transfers,
    _referent,
    _reporting,
    _exit_tested,
    _index_period,
    _payment_limit,
    _retained_cost,
    _timezone,
)


def check_consistency(contract: Contract, *, context: ReviewContext) -> tuple[CheckResult, ...]:
    """Run every consistency check on a contract.

    Args:
        contract: The contract.
        context: The review context (provider, personal data, date).

    Returns:
        One result per `ConsistencyCheck`, in that order.

    Raises:
        InvalidValueError: If the context's provider is not the contract's provider.
    """
    provider = context.provider
    if provider is not None and provider.id != contract.provider_id:
        raise InvalidValueError(
            "ReviewContext.provider",
            provider.id,
            f"must be the contract's provider {contract.provider_id!r}",
        )
    return tuple(run(contract, context) for run in _CHECKS)
