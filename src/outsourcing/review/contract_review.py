"""Contract review: each catalogue entry present, partial, missing or not applicable, with evidence.

`review_contract` walks the clause catalogue (`outsourcing.review.clauses`) in order. For
each entry that applies to the contract it looks for evidence in two places:

* the contract's typed clauses: every topic the entry names present makes it *present*, some of
  them *partial*, none *missing*;
* the contract's structured fields (scope items, deliverables, pricing, SLAs, data protection,
  governance, exit plan, …), read by the `FieldEvidence` rules below. A field listed in the
  entry's ``partial_fields`` can at best make it partial.

The strongest evidence wins: adding a clause or filling a field never worsens a finding. Beside
its English recommendation, a finding says what is to be done as data: the clause topics absent
and each field's `Shortfall` (`FieldGap`), so reports write it in any language. The consistency
checks of `outsourcing.review.consistency` then look across the contract.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

import attrs
import pendulum

from outsourcing.exceptions import UnknownReferenceError
from outsourcing.model.clause import ClauseTopic
from outsourcing.model.contract import Contract
from outsourcing.model.pricing import Milestones
from outsourcing.model.reversibility import AssetKind
from outsourcing.review.clauses.catalogue import CATALOGUE
from outsourcing.review.clauses.entry import CatalogueEntry, FieldEvidence, Framework, Severity
from outsourcing.review.consistency import CheckResult, Outcome, check_consistency
from outsourcing.review.context import ReviewContext

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ContractReview",
    "FieldGap",
    "Finding",
    "FindingStatus",
    "Shortfall",
    "field_evidence",
    "review_contract",
]


class FindingStatus(StrEnum):
    """How far the contract addresses a catalogue entry."""

    PRESENT = "present"
    PARTIAL = "partial"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"


class Shortfall(StrEnum):
    """What is wrong with a structured field that does not fully evidence an entry."""

    NOT_STATED = "not_stated"
    """The field holds nothing."""
    NO_EXIT_PLAN = "no_exit_plan"
    """The contract has no exit plan to read the field from."""
    NO_DATA_EXPORT = "no_data_export"
    """The exit plan hands back no data export."""
    NO_EXPORT_FORMAT = "no_export_format"
    """The exit plan's data export is in no stated format."""
    NO_TRANSITION_PERIOD = "no_transition_period"
    """The exit plan has no transition period."""
    SCOPE_WITHOUT_TASKS = "scope_without_tasks"
    """Some scope items (named in `FieldGap.items`) list no included task."""
    SCOPE_WITHOUT_EXCLUSIONS = "scope_without_exclusions"
    """Some scope items (named in `FieldGap.items`) state no exclusion."""
    DELIVERABLES_WITHOUT_FORMAT = "deliverables_without_format"
    """Some deliverables (named in `FieldGap.items`) have no format."""
    NO_SERVICE_CREDITS = "no_service_credits"
    """A late-delivery penalty, but no service credits for failures."""
    NO_LATE_PENALTY = "no_late_penalty"
    """Service credits, but no late-delivery penalty."""
    NO_REVIEW_MEETINGS = "no_review_meetings"
    """A reporting cadence, but no review meetings."""
    NO_REPORTING_CADENCE = "no_reporting_cadence"
    """Review meetings, but no reporting cadence."""
    NO_KPI_TARGETS = "no_kpi_targets"
    """SLAs, but no tracked KPI targets."""
    NO_SLA = "no_sla"
    """KPI targets, but no contractual SLA."""


@attrs.frozen
class FieldGap:
    """A structured field that falls short of evidencing a catalogue entry, as data.

    Attributes:
        field: The field rule that fell short.
        status: Partial or missing: how far the field evidences the entry.
        shortfall: What is wrong with it.
        items: The names concerned (scope items, deliverables), as the contract writes them;
            empty when the shortfall names none.
    """

    field: FieldEvidence
    status: FindingStatus
    shortfall: Shortfall
    items: tuple[str, ...] = ()


@attrs.frozen
class Finding:
    """What the review found for one catalogue entry.

    The English ``evidence`` and ``recommendation`` are for a console; ``subject``,
    ``absent_topics`` and ``gaps`` say what is to be done as data, for reports in any language.

    Attributes:
        entry_id: The catalogue entry's id.
        framework: The checklist it belongs to.
        citation: Its exact citation.
        title: Its title.
        status: Present, partial, missing or not applicable.
        severity: Info when present or not applicable; the entry's severity when missing; one
            step lower when partial.
        evidence: What was seen (clauses with their references, structured fields) or, when not
            applicable, why.
        recommendation: What to add or complete, in English ("" when nothing is to be done).
        subject: What the contract must set out, as the catalogue words it (in English).
        absent_topics: The entry's clause topics the contract has no clause on, in the entry's
            order (empty when not applicable).
        gaps: The entry's structured fields that fall short, in the entry's order (empty when
            not applicable); a present entry may have some, its clauses being enough.
    """

    entry_id: str
    framework: Framework
    citation: str
    title: str
    status: FindingStatus
    severity: Severity
    evidence: tuple[str, ...]
    recommendation: str
    subject: str = ""
    absent_topics: tuple[ClauseTopic, ...] = ()
    gaps: tuple[FieldGap, ...] = ()


@attrs.frozen
class ContractReview:
    """The review of one contract: a finding per catalogue entry and the consistency checks.

    Attributes:
        contract_id: The contract reviewed.
        as_of: The review date.
        frameworks: The checklists that apply, in catalogue order.
        findings: One finding per catalogue entry, in catalogue order.
        checks: One result per consistency check, in the order of `ConsistencyCheck`.
    """

    contract_id: str
    as_of: pendulum.Date
    frameworks: tuple[Framework, ...]
    findings: tuple[Finding, ...]
    checks: tuple[CheckResult, ...]

    @property
    def missing(self) -> tuple[Finding, ...]:
        """Findings whose entry is missing."""
        return tuple(f for f in self.findings if f.status is FindingStatus.MISSING)

    @property
    def partial(self) -> tuple[Finding, ...]:
        """Findings whose entry is only partly addressed."""
        return tuple(f for f in self.findings if f.status is FindingStatus.PARTIAL)

    @property
    def issues(self) -> tuple[CheckResult, ...]:
        """Consistency checks that failed."""
        return tuple(c for c in self.checks if c.outcome is Outcome.FAILED)

    def counts(self) -> dict[FindingStatus, int]:
        """Number of findings per status (every status listed, zeros included)."""
        counted = Counter(f.status for f in self.findings)
        return {status: counted[status] for status in FindingStatus}

    def _repr_html_(self) -> str:
        """The result as HTML, for notebooks (needs babel, a runtime dependency)."""
        from outsourcing.notebook import result_html  # noqa: PLC0415 - on use

        return result_html(self)

    def finding(self, entry_id: str) -> Finding:
        """The finding for a catalogue entry.

        Raises:
            UnknownReferenceError: If no entry has that id (the message lists the known ones).
        """
        for found in self.findings:
            if found.entry_id == entry_id:
                return found
        raise UnknownReferenceError(
            "ContractReview.finding", entry_id, [f.entry_id for f in self.findings]
        )

    def to_pandas(self) -> pd.DataFrame:
        """The findings as a DataFrame, one row per finding (needs pandas)."""
        import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use

        return pd.DataFrame(
            [
                {
                    "entry_id": f.entry_id,
                    "framework": str(f.framework),
                    "citation": f.citation,
                    "title": f.title,
                    "status": str(f.status),
                    "severity": str(f.severity),
                    "evidence": "; ".join(f.evidence),
                    "recommendation": f.recommendation,
                    "absent_topics": ", ".join(str(t) for t in f.absent_topics),
                    "gaps": ", ".join(f"{g.field}: {g.shortfall}" for g in f.gaps),
                }
                for f in self.findings
            ]
        )


@attrs.frozen
class _Reading:
    """What one field rule saw: a status, the English evidence and, short of present, why."""

    status: FindingStatus
    text: str
    shortfall: Shortfall | None = None
    items: tuple[str, ...] = ()


def _present(text: str) -> _Reading:
    return _Reading(FindingStatus.PRESENT, text)


def _missing(text: str, shortfall: Shortfall = Shortfall.NOT_STATED) -> _Reading:
    return _Reading(FindingStatus.MISSING, text, shortfall)


def _partial(text: str, shortfall: Shortfall, items: tuple[str, ...] = ()) -> _Reading:
    return _Reading(FindingStatus.PARTIAL, text, shortfall, items)


def _scope(contract: Contract) -> _Reading:
    if not contract.scope:
        return _missing("no scope items")
    vague = tuple(s.name for s in contract.scope if not s.tasks_included)
    open_ended = tuple(s.name for s in contract.scope if not s.tasks_excluded)
    if vague:
        return _partial(
            f"scope items without included tasks: {', '.join(vague)}",
            Shortfall.SCOPE_WITHOUT_TASKS,
            vague,
        )
    if open_ended:
        return _partial(
            f"scope items without explicit exclusions: {', '.join(open_ended)}",
            Shortfall.SCOPE_WITHOUT_EXCLUSIONS,
            open_ended,
        )
    return _present(f"{len(contract.scope)} scope item(s) with inclusions and exclusions")


def _deliverables(contract: Contract) -> _Reading:
    if not contract.deliverables:
        return _missing("no deliverables")
    unformatted = tuple(d.name for d in contract.deliverables if not d.format)
    if unformatted:
        return _partial(
            f"deliverables without a format: {', '.join(unformatted)}",
            Shortfall.DELIVERABLES_WITHOUT_FORMAT,
            unformatted,
        )
    return _present(f"{len(contract.deliverables)} deliverable(s), each with a format")


def _tools(contract: Contract) -> _Reading:
    tools = sorted({t for d in contract.deliverables for t in d.tools})
    if not tools:
        return _missing("no tools named on deliverables")
    return _present(f"tools: {', '.join(tools)}")


def _text(value: str | None, name: str) -> _Reading:
    if value is None or not value.strip():
        return _missing(f"no {name}")
    return _present(f"{name}: {value.strip()}")


def _milestones(contract: Contract) -> _Reading:
    dated = [d.name for d in contract.deliverables if d.due is not None or d.cadence is not None]
    paced = any(isinstance(p, Milestones) for p in contract.pricing)
    if not dated and not paced:
        return _missing("no due dates, delivery rhythms or milestones")
    parts = []
    if dated:
        parts.append(f"dated or recurring deliverables: {', '.join(dated)}")
    if paced:
        parts.append("milestone pricing")
    return _present("; ".join(parts))


def _pricing(contract: Contract) -> _Reading:
    if not contract.pricing:
        return _missing("no pricing lines")
    kinds = sorted({type(p).__name__ for p in contract.pricing})
    return _present(f"{len(contract.pricing)} pricing line(s): {', '.join(kinds)}")


def _payment_terms(contract: Contract) -> _Reading:
    terms = contract.payment_terms
    if terms is None:
        return _missing("no payment terms stated")
    eom = " end of month" if terms.end_of_month else ""
    return _present(f"payment at {terms.days} days{eom}")


def _pair(
    first: bool,
    second: bool,
    texts: tuple[str, str, str, str],
    shortfalls: tuple[Shortfall, Shortfall],
) -> _Reading:
    """Both facts: present; one: partial; none: missing (texts in that order: both, first, …).

    ``shortfalls`` say what is wrong when only the first fact holds, then only the second.
    """
    both, only_first, only_second, neither = texts
    if first and second:
        return _present(both)
    if first:
        return _partial(only_first, shortfalls[0])
    if second:
        return _partial(only_second, shortfalls[1])
    return _missing(neither)


def _penalties(contract: Contract) -> _Reading:
    late = contract.late_delivery is not None
    credited = contract.service_credits is not None or any(s.credit_tiers for s in contract.slas)
    return _pair(
        late,
        credited,
        (
            "late-delivery penalty and service credits",
            "late-delivery penalty, but no service credits for failures",
            "service credits, but no late-delivery penalty",
            "no late-delivery penalty and no service credits",
        ),
        (Shortfall.NO_SERVICE_CREDITS, Shortfall.NO_LATE_PENALTY),
    )


def _reporting(contract: Contract) -> _Reading:
    reporting, meetings = contract.governance.reporting, contract.governance.review_meetings
    return _pair(
        reporting is not None,
        meetings is not None,
        (
            f"{reporting} reporting, {meetings} review meetings",
            f"{reporting} reporting, no review meetings",
            f"{meetings} review meetings, no reporting cadence",
            "no reporting cadence and no review meetings",
        ),
        (Shortfall.NO_REVIEW_MEETINGS, Shortfall.NO_REPORTING_CADENCE),
    )


def _retention(contract: Contract) -> _Reading:
    retention = contract.data_protection.retention
    if retention is None:
        return _missing("data retention not limited")
    return _present(f"data kept {retention} after use")


def _restitution(contract: Contract) -> _Reading:
    plan = contract.reversibility
    if plan is None:
        return _missing("no exit plan", Shortfall.NO_EXIT_PLAN)
    exports = [a for a in plan.assets if a.kind is AssetKind.DATA_EXPORT]
    if not exports:
        return _missing("exit plan hands back no data export", Shortfall.NO_DATA_EXPORT)
    formats = sorted({f for a in exports for f in a.formats})
    if not formats:
        return _partial("data export at exit, in no stated format", Shortfall.NO_EXPORT_FORMAT)
    return _present(f"data export at exit in {', '.join(formats)}")


def _data_locations(contract: Contract) -> _Reading:
    locations = sorted(contract.data_protection.data_locations)
    if not locations:
        return _missing("no data locations")
    return _present(f"data locations: {', '.join(locations)}")


def _service_levels(contract: Contract) -> _Reading:
    if not contract.slas:
        return _missing("no SLAs")
    return _present(f"{len(contract.slas)} SLA(s): {', '.join(s.id for s in contract.slas)}")


def _performance_targets(contract: Contract) -> _Reading:
    slas, kpis = len(contract.slas), len(contract.kpis)
    return _pair(
        slas > 0,
        kpis > 0,
        (
            f"{slas} SLA(s) with objectives and {kpis} KPI target(s)",
            f"{slas} SLA(s), no tracked KPI targets",
            f"{kpis} KPI target(s), no contractual SLA",
            "no SLAs and no KPI targets",
        ),
        (Shortfall.NO_KPI_TARGETS, Shortfall.NO_SLA),
    )


def _breach_notification(contract: Contract) -> _Reading:
    hours = contract.data_protection.breach_notification_hours
    if hours is None:
        return _missing("no breach notification delay")
    return _present(f"breaches notified within {hours} h")


def _transfer_mechanism(contract: Contract) -> _Reading:
    mechanism = contract.data_protection.transfer_mechanism
    if mechanism is None:
        return _missing("no transfer mechanism")
    return _present(f"transfer mechanism: {mechanism}")


def _exit_plan(contract: Contract) -> _Reading:
    plan = contract.reversibility
    if plan is None:
        return _missing("no exit plan", Shortfall.NO_EXIT_PLAN)
    if plan.transition_period.approximate_days() == 0:
        return _partial("exit plan without a transition period", Shortfall.NO_TRANSITION_PERIOD)
    return _present(f"exit plan with a {plan.transition_period} transition period")


def _termination_triggers(contract: Contract) -> _Reading:
    chronic = [s.id for s in contract.slas if s.chronic is not None]
    late = contract.late_delivery is not None and contract.late_delivery.terminate_after is not None
    parts = []
    if chronic:
        parts.append(f"chronic-failure termination right on {', '.join(chronic)}")
    if late:
        parts.append("termination right for late delivery")
    if not parts:
        return _missing("no termination right in the structured terms")
    return _present("; ".join(parts))


_FIELD_RULES: dict[FieldEvidence, Callable[[Contract], _Reading]] = {
    FieldEvidence.SCOPE: _scope,
    FieldEvidence.DELIVERABLES: _deliverables,
    FieldEvidence.TOOLS: _tools,
    FieldEvidence.REQUEST_HANDLING: lambda c: _text(c.request_handling, "request handling"),
    FieldEvidence.CHANGE_PROCEDURE: lambda c: _text(c.change_procedure, "change procedure"),
    FieldEvidence.MILESTONES: _milestones,
    FieldEvidence.PRICING: _pricing,
    FieldEvidence.PAYMENT_TERMS: _payment_terms,
    FieldEvidence.PENALTIES: _penalties,
    FieldEvidence.REPORTING: _reporting,
    FieldEvidence.RETENTION: _retention,
    FieldEvidence.RESTITUTION: _restitution,
    FieldEvidence.DATA_LOCATIONS: _data_locations,
    FieldEvidence.SERVICE_LEVELS: _service_levels,
    FieldEvidence.PERFORMANCE_TARGETS: _performance_targets,
    FieldEvidence.BREACH_NOTIFICATION: _breach_notification,
    FieldEvidence.TRANSFER_MECHANISM: _transfer_mechanism,
    FieldEvidence.EXIT_PLAN: _exit_plan,
    FieldEvidence.TERMINATION_TRIGGERS: _termination_triggers,
}


def field_evidence(contract: Contract, field: FieldEvidence) -> tuple[FindingStatus, str]:
    """What one structured field of the contract shows.

    Args:
        contract: The contract.
        field: The field rule to apply.

    Returns:
        ``(status, evidence)``: present, partial or missing, and what was seen.
    """
    reading = _FIELD_RULES[field](contract)
    return reading.status, reading.text


_RANK = {FindingStatus.MISSING: 0, FindingStatus.PARTIAL: 1, FindingStatus.PRESENT: 2}


def _clause_evidence(
    entry: CatalogueEntry, contract: Contract
) -> tuple[FindingStatus, list[str], list[ClauseTopic]]:
    seen: list[str] = []
    absent: list[ClauseTopic] = []
    for topic in entry.topics:
        clauses = [c for c in contract.clauses if c.topic is topic]
        if clauses:
            where = ", ".join(c.reference or "unreferenced" for c in clauses)
            seen.append(f"clause on {topic} ({where})")
        else:
            absent.append(topic)
    if not absent:
        return FindingStatus.PRESENT, seen, absent
    return (FindingStatus.PARTIAL if seen else FindingStatus.MISSING), seen, absent


def _assess(entry: CatalogueEntry, contract: Contract) -> Finding:
    status, evidence, absent = _clause_evidence(entry, contract)
    evidence += [f"no clause on {topic}" for topic in absent]
    gaps: list[FieldGap] = []
    shortfalls: list[str] = []
    for field, cap in [(f, FindingStatus.PRESENT) for f in entry.fields] + [
        (f, FindingStatus.PARTIAL) for f in entry.partial_fields
    ]:
        reading = _FIELD_RULES[field](contract)
        evidence.append(reading.text)
        if reading.shortfall is not None:
            gaps.append(FieldGap(field, reading.status, reading.shortfall, reading.items))
            shortfalls.append(reading.text)
        reached = min(reading.status, cap, key=_RANK.__getitem__)
        status = max(status, reached, key=_RANK.__getitem__)
    if status is FindingStatus.PRESENT:
        severity, recommendation = Severity.INFO, ""
    elif status is FindingStatus.MISSING:
        severity = entry.severity
        recommendation = f"Add a clause ({entry.citation}): {entry.subject}"
    else:
        severity = entry.severity.lowered()
        todo = [f"a clause on {topic}" for topic in absent] + shortfalls
        recommendation = f"Complete {entry.citation} with {'; '.join(todo) or 'the rest'}."
    return Finding(
        entry_id=entry.id,
        framework=entry.framework,
        citation=entry.citation,
        title=entry.title,
        status=status,
        severity=severity,
        evidence=tuple(evidence),
        recommendation=recommendation,
        subject=entry.subject,
        absent_topics=tuple(absent),
        gaps=tuple(gaps),
    )


def review_contract(contract: Contract, *, context: ReviewContext) -> ContractReview:
    """Review a contract against every applicable checklist, and check its consistency.

    Args:
        contract: The contract.
        context: Who the client is, the provider, the review date.

    Returns:
        A finding per catalogue entry (not applicable ones included, with the reason) and a
        result per consistency check. Deterministic: the same input gives the same review.
    """
    findings: list[Finding] = []
    frameworks: list[Framework] = []
    for entry in CATALOGUE:
        holds, reason = context.applies(entry.applicability, contract)
        if not holds:
            findings.append(
                Finding(
                    entry_id=entry.id,
                    framework=entry.framework,
                    citation=entry.citation,
                    title=entry.title,
                    status=FindingStatus.NOT_APPLICABLE,
                    severity=Severity.INFO,
                    evidence=(f"not applicable: {reason}",),
                    recommendation="",
                    subject=entry.subject,
                )
            )
            continue
        if entry.framework not in frameworks:
            frameworks.append(entry.framework)
        findings.append(_assess(entry, contract))
    return ContractReview(
        contract_id=contract.id,
        as_of=context.as_of,
        frameworks=tuple(frameworks),
        findings=tuple(findings),
        checks=check_consistency(contract, context=context),
    )
