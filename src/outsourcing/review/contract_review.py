"""Contract review: each catalogue entry present, partial, missing or not applicable, with evidence.

`review_contract` walks the clause catalogue (`outsourcing.review.clauses`) in order. For
each entry that applies to the contract it looks for evidence in two places:

* the contract's typed clauses: every topic the entry names present makes it *present*, some of
  them *partial*, none *missing*;
* the contract's structured fields (scope items, deliverables, pricing, SLAs, data protection,
  governance, exit plan, …), read by the `FieldEvidence` rules below. A field listed in the
  entry's ``partial_fields`` can at best make it partial.

The strongest evidence wins: adding a clause or filling a field never worsens a finding. The
consistency checks of `outsourcing.review.consistency` then look across the contract.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

import attrs
import pendulum

from outsourcing.exceptions import UnknownReferenceError
from outsourcing.model.contract import Contract
from outsourcing.model.pricing import Milestones
from outsourcing.model.reversibility import AssetKind
from outsourcing.review.clauses.catalogue import CATALOGUE
from outsourcing.review.clauses.entry import CatalogueEntry, FieldEvidence, Framework, Severity
from outsourcing.review.consistency import CheckResult, Outcome, check_consistency
from outsourcing.review.context import ReviewContext

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ContractReview", "Finding", "FindingStatus", "field_evidence", "review_contract"]


class FindingStatus(StrEnum):
    """How far the contract addresses a catalogue entry."""

    PRESENT = "present"
    PARTIAL = "partial"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"


@attrs.frozen
class Finding:
    """What the review found for one catalogue entry.

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
        recommendation: What to add or complete ("" when nothing is to be done).
    """

    entry_id: str
    framework: Framework
    citation: str
    title: str
    status: FindingStatus
    severity: Severity
    evidence: tuple[str, ...]
    recommendation: str


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
                }
                for f in self.findings
            ]
        )


Evidence = tuple[FindingStatus, str]


def _scope(contract: Contract) -> Evidence:
    if not contract.scope:
        return FindingStatus.MISSING, "no scope items"
    vague = [s.name for s in contract.scope if not s.tasks_included]
    open_ended = [s.name for s in contract.scope if not s.tasks_excluded]
    if vague:
        return FindingStatus.PARTIAL, f"scope items without included tasks: {', '.join(vague)}"
    if open_ended:
        return (
            FindingStatus.PARTIAL,
            f"scope items without explicit exclusions: {', '.join(open_ended)}",
        )
    return (
        FindingStatus.PRESENT,
        f"{len(contract.scope)} scope item(s) with inclusions and exclusions",
    )


def _deliverables(contract: Contract) -> Evidence:
    if not contract.deliverables:
        return FindingStatus.MISSING, "no deliverables"
    unformatted = [d.name for d in contract.deliverables if not d.format]
    if unformatted:
        return FindingStatus.PARTIAL, f"deliverables without a format: {', '.join(unformatted)}"
    return FindingStatus.PRESENT, f"{len(contract.deliverables)} deliverable(s), each with a format"


def _tools(contract: Contract) -> Evidence:
    tools = sorted({t for d in contract.deliverables for t in d.tools})
    if not tools:
        return FindingStatus.MISSING, "no tools named on deliverables"
    return FindingStatus.PRESENT, f"tools: {', '.join(tools)}"


def _text(value: str | None, name: str) -> Evidence:
    if value is None or not value.strip():
        return FindingStatus.MISSING, f"no {name}"
    return FindingStatus.PRESENT, f"{name}: {value.strip()}"


def _milestones(contract: Contract) -> Evidence:
    dated = [d.name for d in contract.deliverables if d.due is not None or d.cadence is not None]
    paced = any(isinstance(p, Milestones) for p in contract.pricing)
    if not dated and not paced:
        return FindingStatus.MISSING, "no due dates, delivery rhythms or milestones"
    parts = []
    if dated:
        parts.append(f"dated or recurring deliverables: {', '.join(dated)}")
    if paced:
        parts.append("milestone pricing")
    return FindingStatus.PRESENT, "; ".join(parts)


def _pricing(contract: Contract) -> Evidence:
    if not contract.pricing:
        return FindingStatus.MISSING, "no pricing lines"
    kinds = sorted({type(p).__name__ for p in contract.pricing})
    return FindingStatus.PRESENT, f"{len(contract.pricing)} pricing line(s): {', '.join(kinds)}"


def _payment_terms(contract: Contract) -> Evidence:
    terms = contract.payment_terms
    if terms is None:
        return FindingStatus.MISSING, "no payment terms stated"
    eom = " end of month" if terms.end_of_month else ""
    return FindingStatus.PRESENT, f"payment at {terms.days} days{eom}"


def _pair(first: bool, second: bool, texts: tuple[str, str, str, str]) -> Evidence:
    """Both facts: present; one: partial; none: missing (texts in that order: both, first, …)."""
    both, only_first, only_second, neither = texts
    if first and second:
        return FindingStatus.PRESENT, both
    if first:
        return FindingStatus.PARTIAL, only_first
    if second:
        return FindingStatus.PARTIAL, only_second
    return FindingStatus.MISSING, neither


def _penalties(contract: Contract) -> Evidence:
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
    )


def _reporting(contract: Contract) -> Evidence:
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
    )


def _retention(contract: Contract) -> Evidence:
    retention = contract.data_protection.retention
    if retention is None:
        return FindingStatus.MISSING, "data retention not limited"
    return FindingStatus.PRESENT, f"data kept {retention} after use"


def _restitution(contract: Contract) -> Evidence:
    plan = contract.reversibility
    if plan is None:
        return FindingStatus.MISSING, "no exit plan"
    exports = [a for a in plan.assets if a.kind is AssetKind.DATA_EXPORT]
    if not exports:
        return FindingStatus.MISSING, "exit plan hands back no data export"
    formats = sorted({f for a in exports for f in a.formats})
    if not formats:
        return FindingStatus.PARTIAL, "data export at exit, in no stated format"
    return FindingStatus.PRESENT, f"data export at exit in {', '.join(formats)}"


def _data_locations(contract: Contract) -> Evidence:
    locations = sorted(contract.data_protection.data_locations)
    if not locations:
        return FindingStatus.MISSING, "no data locations"
    return FindingStatus.PRESENT, f"data locations: {', '.join(locations)}"


def _service_levels(contract: Contract) -> Evidence:
    if not contract.slas:
        return FindingStatus.MISSING, "no SLAs"
    return (
        FindingStatus.PRESENT,
        f"{len(contract.slas)} SLA(s): {', '.join(s.id for s in contract.slas)}",
    )


def _performance_targets(contract: Contract) -> Evidence:
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
    )


def _breach_notification(contract: Contract) -> Evidence:
    hours = contract.data_protection.breach_notification_hours
    if hours is None:
        return FindingStatus.MISSING, "no breach notification delay"
    return FindingStatus.PRESENT, f"breaches notified within {hours} h"


def _transfer_mechanism(contract: Contract) -> Evidence:
    mechanism = contract.data_protection.transfer_mechanism
    if mechanism is None:
        return FindingStatus.MISSING, "no transfer mechanism"
    return FindingStatus.PRESENT, f"transfer mechanism: {mechanism}"


def _exit_plan(contract: Contract) -> Evidence:
    plan = contract.reversibility
    if plan is None:
        return FindingStatus.MISSING, "no exit plan"
    if plan.transition_period.approximate_days() == 0:
        return FindingStatus.PARTIAL, "exit plan without a transition period"
    return FindingStatus.PRESENT, f"exit plan with a {plan.transition_period} transition period"


def _termination_triggers(contract: Contract) -> Evidence:
    chronic = [s.id for s in contract.slas if s.chronic is not None]
    late = contract.late_delivery is not None and contract.late_delivery.terminate_after is not None
    parts = []
    if chronic:
        parts.append(f"chronic-failure termination right on {', '.join(chronic)}")
    if late:
        parts.append("termination right for late delivery")
    if not parts:
        return FindingStatus.MISSING, "no termination right in the structured terms"
    return FindingStatus.PRESENT, "; ".join(parts)


_FIELD_RULES: dict[FieldEvidence, Callable[[Contract], Evidence]] = {
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
    return _FIELD_RULES[field](contract)


_RANK = {FindingStatus.MISSING: 0, FindingStatus.PARTIAL: 1, FindingStatus.PRESENT: 2}


def _clause_evidence(
    entry: CatalogueEntry, contract: Contract
) -> tuple[FindingStatus, list[str], list[str]]:
    seen: list[str] = []
    absent: list[str] = []
    for topic in entry.topics:
        clauses = [c for c in contract.clauses if c.topic is topic]
        if clauses:
            where = ", ".join(c.reference or "unreferenced" for c in clauses)
            seen.append(f"clause on {topic} ({where})")
        else:
            absent.append(str(topic))
    if not absent:
        return FindingStatus.PRESENT, seen, absent
    return (FindingStatus.PARTIAL if seen else FindingStatus.MISSING), seen, absent


def _assess(entry: CatalogueEntry, contract: Contract) -> Finding:
    status, evidence, absent = _clause_evidence(entry, contract)
    evidence += [f"no clause on {topic}" for topic in absent]
    gaps: list[str] = []
    for field, cap in [(f, FindingStatus.PRESENT) for f in entry.fields] + [
        (f, FindingStatus.PARTIAL) for f in entry.partial_fields
    ]:
        shown, text = field_evidence(contract, field)
        evidence.append(text)
        if shown is not FindingStatus.PRESENT:
            gaps.append(text)
        reached = min(shown, cap, key=_RANK.__getitem__)
        status = max(status, reached, key=_RANK.__getitem__)
    if status is FindingStatus.PRESENT:
        severity, recommendation = Severity.INFO, ""
    elif status is FindingStatus.MISSING:
        severity = entry.severity
        recommendation = f"Add a clause ({entry.citation}): {entry.subject}"
    else:
        severity = entry.severity.lowered()
        todo = [f"a clause on {topic}" for topic in absent] + gaps
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
