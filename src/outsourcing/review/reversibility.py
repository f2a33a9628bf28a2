"""Reversibility readiness: can the client take the work back, or move it, and what starts the exit.

`assess_reversibility` grades each item of the exit plan (access keys, process documentation,
exportable data and formats, knowledge transfer, parallel run, alternative providers, a test
within the last 12 months, exit cost and duration), looks at each exit trigger (whether the plan
names it, what in the contract gives it teeth, whether it has fired) and exports the answers of
the DORA register of information template B_07.01 ("assessment of the ICT services").
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import attrs
import pendulum

from outsourcing.exceptions import InvalidValueError, UnknownReferenceError
from outsourcing.model._checks import to_date
from outsourcing.model.clause import ClauseTopic
from outsourcing.model.contract import Contract
from outsourcing.model.reason import Reason, ReasonValue
from outsourcing.model.reversibility import AssetKind, ExitTrigger, ReversibilityPlan
from outsourcing.model.span import Span
from outsourcing.review.lifecycle import TermStatus, key_dates
from outsourcing.sla.results import ServiceReport, TerminationRule

__all__ = [
    "AlternativesIdentified",
    "ItemAssessment",
    "ItemState",
    "ReadinessItem",
    "RegisterB0701",
    "Reintegration",
    "ReversibilityAssessment",
    "Substitutability",
    "SubstitutabilityReason",
    "TriggerAssessment",
    "assess_reversibility",
]


class ReadinessItem(StrEnum):
    """What must be in place to leave the provider quickly, in the order they are assessed."""

    ACCESS_KEYS = "access_keys"
    PROCESS_DOCUMENTATION = "process_documentation"
    DATA_EXPORT = "data_export"
    KNOWLEDGE_TRANSFER = "knowledge_transfer"
    PARALLEL_RUN = "parallel_run"
    ALTERNATIVE_PROVIDERS = "alternative_providers"
    PLAN_TESTED = "plan_tested"
    EXIT_ESTIMATES = "exit_estimates"


class ItemState(StrEnum):
    """The state of one readiness item."""

    READY = "ready"
    PARTIAL = "partial"
    NOT_READY = "not_ready"


@attrs.frozen
class ItemAssessment:
    """The state of one readiness item.

    Attributes:
        item: Which item.
        state: Ready, partial or not ready.
        evidence: What was seen in the plan, in English.
        cause: The same as data (a code and its values), for reports in any language.
    """

    item: ReadinessItem
    state: ItemState
    evidence: str
    cause: Reason | None = None


@attrs.frozen
class TriggerAssessment:
    """One exit trigger: named in the plan, backed by the contract, fired or not.

    Attributes:
        trigger: Which trigger.
        in_plan: Whether the exit plan names it.
        contractual_basis: What in the contract lets the client act on it.
        fired: Whether it has fired as of the assessment date.
        reason: Why it fired, in English, or "" when it has not.
        cause: Why it fired, as data (None when it has not).
    """

    trigger: ExitTrigger
    in_plan: bool
    contractual_basis: tuple[str, ...]
    fired: bool
    reason: str = ""
    cause: Reason | None = None


class Substitutability(StrEnum):
    """B_07.01.0050: substitutability of the ICT third-party service provider."""

    NOT_SUBSTITUTABLE = "1. Not substitutable"
    HIGHLY_COMPLEX = "2. Highly complex substitutability"
    MEDIUM_COMPLEXITY = "3. Medium complexity in terms of substitutability"
    EASILY_SUBSTITUTABLE = "4. Easily substitutable"


class SubstitutabilityReason(StrEnum):
    """B_07.01.0060: why the provider is not, or hardly, substitutable."""

    LACK_OF_ALTERNATIVES = "Lack of real alternatives"
    DIFFICULT_MIGRATION = "Difficulties in migrating or reintegrating"
    BOTH = "Lack of real alternatives and difficulties in migrating or reintegrating"


class Reintegration(StrEnum):
    """B_07.01.0090: possibility of reintegration of the contracted ICT service."""

    EASY = "1. Easy"
    DIFFICULT = "2. Difficult"
    HIGHLY_COMPLEX = "3. Highly complex"
    NOT_ASSESSED = "Not assessed"
    """The plan does not say whether the work can be taken back (for the register keeper)."""


class AlternativesIdentified(StrEnum):
    """B_07.01.0110: are there alternative ICT third-party service providers identified?"""

    YES = "Yes"
    NO = "No"
    ASSESSMENT_NOT_PERFORMED = "Assessment not performed"


@attrs.frozen
class RegisterB0701:
    """The fields of register-of-information template B_07.01 that an exit plan answers.

    The other columns (type of code, type of ICT services, date of the last audit, impact of
    discontinuing) need facts the model does not hold and are left to the register keeper.

    Attributes:
        contractual_arrangement_reference: B_07.01.0010, the contract's id.
        provider_code: B_07.01.0020, the provider's id in the portfolio.
        substitutability: B_07.01.0050.
        substitutability_reason: B_07.01.0060 (None when easily or moderately substitutable).
        exit_plan_exists: B_07.01.0080.
        reintegration: B_07.01.0090.
        alternatives_identified: B_07.01.0110.
        alternative_providers: B_07.01.0120, the alternatives named.
    """

    contractual_arrangement_reference: str
    provider_code: str
    substitutability: Substitutability
    substitutability_reason: SubstitutabilityReason | None
    exit_plan_exists: bool
    reintegration: Reintegration
    alternatives_identified: AlternativesIdentified
    alternative_providers: tuple[str, ...]

    def as_row(self) -> dict[str, str]:
        """The record keyed by B_07.01 column codes, values as the template writes them."""
        return {
            "B_07.01.0010": self.contractual_arrangement_reference,
            "B_07.01.0020": self.provider_code,
            "B_07.01.0050": str(self.substitutability),
            "B_07.01.0060": ""
            if self.substitutability_reason is None
            else str(self.substitutability_reason),
            "B_07.01.0080": "Yes" if self.exit_plan_exists else "No",
            "B_07.01.0090": str(self.reintegration),
            "B_07.01.0110": str(self.alternatives_identified),
            "B_07.01.0120": "; ".join(self.alternative_providers),
        }


@attrs.frozen
class ReversibilityAssessment:
    """How ready the client is to take the work back or move it.

    Attributes:
        contract_id: The contract assessed.
        as_of: The assessment date.
        plan_exists: Whether the contract has an exit plan.
        items: One assessment per `ReadinessItem`, in that order.
        triggers: One assessment per `ExitTrigger`, in that order.
        register: The B_07.01 answers.
    """

    contract_id: str
    as_of: pendulum.Date
    plan_exists: bool
    items: tuple[ItemAssessment, ...]
    triggers: tuple[TriggerAssessment, ...]
    register: RegisterB0701

    @property
    def ready(self) -> bool:
        """Whether every item is ready."""
        return all(i.state is ItemState.READY for i in self.items)

    @property
    def gaps(self) -> tuple[ItemAssessment, ...]:
        """Items not fully ready."""
        return tuple(i for i in self.items if i.state is not ItemState.READY)

    @property
    def fired(self) -> tuple[TriggerAssessment, ...]:
        """Triggers that have fired."""
        return tuple(t for t in self.triggers if t.fired)

    def item(self, item: ReadinessItem) -> ItemAssessment:
        """The assessment of one item."""
        return next(i for i in self.items if i.item is item)

    def trigger(self, trigger: ExitTrigger) -> TriggerAssessment:
        """The assessment of one trigger."""
        return next(t for t in self.triggers if t.trigger is trigger)


def _asset(plan: ReversibilityPlan, kind: AssetKind, item: ReadinessItem) -> ItemAssessment:
    assets = [a for a in plan.assets if a.kind is kind]
    if not assets:
        cause = Reason.of("reversibility.no_asset", kind=str(kind))
        return ItemAssessment(item, ItemState.NOT_READY, f"no {kind} asset in the plan", cause)
    formats = sorted({f for a in assets for f in a.formats})
    waiting = [a.description or str(kind) for a in assets if not a.ready]
    if kind is AssetKind.DATA_EXPORT and not formats:
        cause = Reason.of("reversibility.no_export_format")
        return ItemAssessment(item, ItemState.PARTIAL, "data export in no stated format", cause)
    shown = f" in {', '.join(formats)}" if formats else ""
    if waiting:
        cause = Reason.of("reversibility.not_ready_yet", assets=tuple(waiting))
        return ItemAssessment(
            item, ItemState.PARTIAL, f"not ready yet: {', '.join(waiting)}", cause
        )
    cause = Reason.of(
        "reversibility.assets_ready", count=len(assets), kind=str(kind), formats=tuple(formats)
    )
    evidence = f"{len(assets)} {kind} asset(s) ready{shown}"
    return ItemAssessment(item, ItemState.READY, evidence, cause)


def _tested(plan: ReversibilityPlan, as_of: pendulum.Date) -> ItemAssessment:
    item = ReadinessItem.PLAN_TESTED
    tested = plan.last_tested
    if tested is None:
        cause = Reason.of("reversibility.never_tested")
        return ItemAssessment(item, ItemState.NOT_READY, "never tested", cause)
    if tested > as_of:
        cause = Reason.of("reversibility.test_after", tested=tested, as_of=as_of)
        return ItemAssessment(
            item, ItemState.NOT_READY, f"test dated {tested}, after {as_of}", cause
        )
    if tested >= as_of.subtract(months=12):
        cause = Reason.of("reversibility.tested_recently", tested=tested, months=12)
        return ItemAssessment(item, ItemState.READY, f"tested {tested}, within 12 months", cause)
    cause = Reason.of("reversibility.tested_long_ago", tested=tested, months=12)
    evidence = f"last tested {tested}, over 12 months ago"
    return ItemAssessment(item, ItemState.PARTIAL, evidence, cause)


def _flag(
    item: ReadinessItem, ok: bool, yes: tuple[str, Reason], no: tuple[str, Reason]
) -> ItemAssessment:
    evidence, cause = yes if ok else no
    return ItemAssessment(item, ItemState.READY if ok else ItemState.NOT_READY, evidence, cause)


def _items(plan: ReversibilityPlan | None, as_of: pendulum.Date) -> tuple[ItemAssessment, ...]:
    if plan is None:
        none = Reason.of("reversibility.no_plan")
        return tuple(
            ItemAssessment(i, ItemState.NOT_READY, "no exit plan", none) for i in ReadinessItem
        )
    parallel = plan.parallel_run
    cost, duration = plan.exit_cost, plan.exit_duration
    estimates = []
    figures: dict[str, ReasonValue] = {}
    if cost is not None:
        estimates.append(f"cost {cost}")
        figures["cost"] = cost
    if duration is not None:
        estimates.append(f"duration {duration}")
        figures["duration"] = duration
    estimated = {2: ItemState.READY, 1: ItemState.PARTIAL, 0: ItemState.NOT_READY}[len(estimates)]
    estimate_code = "reversibility.estimates." + ("_".join(sorted(figures)) or "none")
    return (
        _asset(plan, AssetKind.ACCESS_KEYS, ReadinessItem.ACCESS_KEYS),
        _asset(plan, AssetKind.PROCESS_DOCUMENTATION, ReadinessItem.PROCESS_DOCUMENTATION),
        _asset(plan, AssetKind.DATA_EXPORT, ReadinessItem.DATA_EXPORT),
        _flag(
            ReadinessItem.KNOWLEDGE_TRANSFER,
            plan.knowledge_transfer,
            ("knowledge transfer planned", Reason.of("reversibility.transfer_planned")),
            ("no knowledge transfer planned", Reason.of("reversibility.no_transfer")),
        ),
        _flag(
            ReadinessItem.PARALLEL_RUN,
            parallel is not None and parallel.approximate_days() > 0,
            (
                f"parallel run of {parallel}",
                Reason.of("reversibility.parallel_run", span=parallel or Span()),
            ),
            ("no parallel run", Reason.of("reversibility.no_parallel_run")),
        ),
        _flag(
            ReadinessItem.ALTERNATIVE_PROVIDERS,
            bool(plan.alternative_providers),
            (
                f"alternatives: {', '.join(plan.alternative_providers)}",
                Reason.of("reversibility.alternatives", names=plan.alternative_providers),
            ),
            ("no alternative provider identified", Reason.of("reversibility.no_alternative")),
        ),
        _tested(plan, as_of),
        ItemAssessment(
            ReadinessItem.EXIT_ESTIMATES,
            estimated,
            ", ".join(estimates) if estimates else "exit cost and duration not estimated",
            Reason(estimate_code, figures),
        ),
    )


def _bases(contract: Contract) -> dict[ExitTrigger, tuple[str, ...]]:
    def clauses(*topics: ClauseTopic) -> list[str]:
        return [
            f"clause on {c.topic} ({c.reference or 'unreferenced'})"
            for topic in topics
            for c in contract.clauses
            if c.topic is topic
        ]

    chronic = [f"chronic-failure rule on SLA {s.id}" for s in contract.slas if s.chronic]
    critical = [
        f"critical-failure threshold {s.critical_threshold} on SLA {s.id}"
        for s in contract.slas
        if s.critical_threshold is not None
    ]
    late = contract.late_delivery
    delay = (
        [f"termination after {late.terminate_after} of delay"]
        if late is not None and late.terminate_after is not None
        else []
    )
    return {
        ExitTrigger.TERMINATION: (
            *clauses(ClauseTopic.TERMINATION_RIGHTS),
            f"notice period {contract.term.notice_period}",
        ),
        ExitTrigger.PROVIDER_FAILURE: tuple(
            clauses(ClauseTopic.DATA_ACCESS_ON_EXIT, ClauseTopic.BUSINESS_CONTINUITY)
        ),
        ExitTrigger.QUALITY_DETERIORATION: tuple(chronic + critical + delay),
        ExitTrigger.CHANGE_OF_CONTROL: tuple(clauses(ClauseTopic.TERMINATION_RIGHTS)),
        ExitTrigger.REGULATORY_REQUEST: tuple(
            clauses(ClauseTopic.AUTHORITY_COOPERATION, ClauseTopic.RESOLUTION_POWERS)
        ),
    }


def _termination_fired(contract: Contract, as_of: pendulum.Date) -> tuple[str, Reason | None]:
    dates = key_dates(contract, as_of)
    given = contract.term.notice_given
    if dates.status is TermStatus.TERMINATED and given is not None:
        end = dates.earliest_end
        return (
            f"notice served on {given}: the contract ends on {end}",
            Reason.of("trigger.notice_served", given=given, end=end),
        )
    if dates.status is TermStatus.ENDED:
        end = dates.earliest_end
        return f"contract ended {end}", Reason.of("trigger.contract_ended", end=end)
    ends_on = dates.ends_on
    if ends_on is not None and as_of > contract.term.notice_period.before(ends_on):
        return (
            f"the contract ends on {ends_on} without renewal",
            Reason.of("trigger.ends_without_renewal", end=ends_on),
        )
    return "", None


def _quality_reasons(chronic_failures: tuple[str, ...], report: ServiceReport | None) -> list[str]:
    """Why the quality-deterioration trigger fired: every termination right opened."""
    reasons = [f"chronic failure of SLA {', '.join(chronic_failures)}"] if chronic_failures else []
    if report is None:
        return reasons
    for right in report.termination_rights:
        if right.kind is TerminationRule.CRITICAL:
            reasons.append(f"critical failure of SLA {right.sla_id} in {right.period.label}")
        elif right.sla_id not in chronic_failures:
            reasons.append(
                f"chronic failure of SLA {right.sla_id} ({right.rule}, {right.period.label})"
            )
    reasons.extend(
        f"{item.name} delivered {item.delay_days} days late (due {item.due})"
        for item in report.delivery_termination_rights
    )
    return reasons


def _quality_cause(chronic_failures: tuple[str, ...], report: ServiceReport | None) -> Reason:
    """The quality trigger's reasons as data: the SLAs and deliverables that opened a right."""
    slas = list(chronic_failures)
    items: list[str] = []
    if report is not None:
        slas += [r.sla_id for r in report.termination_rights if r.sla_id not in slas]
        items = [item.name for item in report.delivery_termination_rights]
    if not items:
        return Reason.of("trigger.chronic_failure", slas=tuple(dict.fromkeys(slas)))
    if not slas:
        return Reason.of("trigger.late_delivery", items=tuple(items))
    return Reason.of("trigger.rights_opened", slas=tuple(dict.fromkeys(slas)), items=tuple(items))


def _triggers(
    plan: ReversibilityPlan | None,
    contract: Contract,
    as_of: pendulum.Date,
    *,
    events: frozenset[ExitTrigger],
    chronic_failures: tuple[str, ...],
    report: ServiceReport | None,
) -> tuple[TriggerAssessment, ...]:
    bases = _bases(contract)
    named = plan.triggers if plan is not None else frozenset()
    out = []
    for trigger in ExitTrigger:
        reason, cause = "", None
        if trigger in events:
            reason, cause = "reported as occurred", Reason.of("trigger.reported")
        if trigger is ExitTrigger.TERMINATION and not reason:
            reason, cause = _termination_fired(contract, as_of)
        if trigger is ExitTrigger.QUALITY_DETERIORATION and not reason:
            parts = _quality_reasons(chronic_failures, report)
            reason = "; ".join(parts)
            if parts:
                cause = _quality_cause(chronic_failures, report)
        out.append(
            TriggerAssessment(
                trigger=trigger,
                in_plan=trigger in named,
                contractual_basis=bases[trigger],
                fired=bool(reason),
                reason=reason,
                cause=cause,
            )
        )
    return tuple(out)


def _register(
    plan: ReversibilityPlan | None, contract: Contract, items: tuple[ItemAssessment, ...]
) -> RegisterB0701:
    state = {i.item: i.state for i in items}
    handover = [
        ReadinessItem.ACCESS_KEYS,
        ReadinessItem.PROCESS_DOCUMENTATION,
        ReadinessItem.DATA_EXPORT,
        ReadinessItem.KNOWLEDGE_TRANSFER,
    ]
    not_ready = sum(state[i] is ItemState.NOT_READY for i in handover)
    handed_over = all(state[i] is ItemState.READY for i in handover)
    alternatives = plan.alternative_providers if plan is not None else ()
    possible = None if plan is None else plan.reintegration_possible
    reintegrable = possible is True
    unknown = plan is not None and possible is None
    if unknown:
        reintegration = Reintegration.NOT_ASSESSED
    elif not reintegrable:
        reintegration = Reintegration.HIGHLY_COMPLEX
    elif handed_over:
        reintegration = Reintegration.EASY
    else:
        reintegration = Reintegration.DIFFICULT
    reason: SubstitutabilityReason | None = None
    if not alternatives and not reintegrable and not unknown:
        substitutability = Substitutability.NOT_SUBSTITUTABLE
        reason = (
            SubstitutabilityReason.BOTH
            if not_ready
            else SubstitutabilityReason.LACK_OF_ALTERNATIVES
        )
    elif not_ready >= 3:
        substitutability = Substitutability.HIGHLY_COMPLEX
        reason = SubstitutabilityReason.DIFFICULT_MIGRATION
    elif not handed_over:
        substitutability = Substitutability.MEDIUM_COMPLEXITY
    else:
        substitutability = Substitutability.EASILY_SUBSTITUTABLE
    if plan is None:
        identified = AlternativesIdentified.ASSESSMENT_NOT_PERFORMED
    else:
        identified = AlternativesIdentified.YES if alternatives else AlternativesIdentified.NO
    return RegisterB0701(
        contractual_arrangement_reference=contract.id,
        provider_code=contract.provider_id,
        substitutability=substitutability,
        substitutability_reason=reason,
        exit_plan_exists=plan is not None,
        reintegration=reintegration,
        alternatives_identified=identified,
        alternative_providers=tuple(alternatives),
    )


def assess_reversibility(
    plan: ReversibilityPlan | None,
    contract: Contract,
    *,
    as_of: pendulum.Date | str,
    events: Iterable[ExitTrigger] = (),
    chronic_failures: Iterable[str] = (),
    service_report: ServiceReport | None = None,
) -> ReversibilityAssessment:
    """Assess how ready the client is to exit a contract, and what would start the exit.

    Substitutability and reintegration for B_07.01 are derived from the plan as follows.
    The hand-over items are access keys, process documentation, data export and knowledge
    transfer. Reintegration is *easy* when the plan says it is possible and every hand-over item
    is ready, *difficult* when possible but not all ready, *not assessed* when the plan does not
    say, *highly complex* otherwise (impossible, or no plan).
    The provider is *not substitutable* when no alternative provider is identified and
    reintegration is impossible (or there is no plan); *highly complex* when three or more
    hand-over items are not ready; *medium complexity* when some are not fully ready; *easily
    substitutable* otherwise.

    Args:
        plan: The exit plan (usually ``contract.reversibility``; None: there is none).
        contract: The contract.
        as_of: The assessment date.
        events: Triggers known to have occurred (provider failure, change of control, …).
        chronic_failures: Ids of the contract's SLAs whose chronic-failure rule fired, as the
            SLA report states; they fire the quality-deterioration trigger.
        service_report: The contract's service report: every termination right it opened
            (SLA chronic or critical failure, late delivery beyond the limit) fires the
            quality-deterioration trigger, with the right named in the reason.

    Returns:
        Each item's state, each trigger's state and the B_07.01 answers.

    Raises:
        UnknownReferenceError: If a chronic failure names an SLA the contract does not have.
        InvalidValueError: If the service report is another contract's.
    """
    date = to_date(as_of)
    known = {s.id for s in contract.slas}
    failures = tuple(sorted(set(chronic_failures)))
    for sla_id in failures:
        if sla_id not in known:
            raise UnknownReferenceError("chronic_failures", sla_id, sorted(known))
    if service_report is not None and service_report.contract_id != contract.id:
        raise InvalidValueError(
            "service_report",
            service_report.contract_id,
            f"must be the report of contract {contract.id!r}",
        )
    items = _items(plan, date)
    return ReversibilityAssessment(
        contract_id=contract.id,
        as_of=date,
        plan_exists=plan is not None,
        items=items,
        triggers=_triggers(
            plan,
            contract,
            date,
            events=frozenset(events),
            chronic_failures=failures,
            report=service_report,
        ),
        register=_register(plan, contract, items),
    )
