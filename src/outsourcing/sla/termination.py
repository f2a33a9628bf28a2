"""Termination rights opened by service-level failure: chronic breaches and critical failure.

Only final periods count. A period that was not assessed (fewer events than the minimum volume)
counts as *not breached*: it interrupts a run of consecutive breaches and adds nothing to a
window. Each rule fires at most once per SLA, in the first period where it holds; the right
names the rule and the breached periods that fired it.

- ``ChronicRule.consecutive = 3``: three breached periods in a row.
- ``ChronicRule.breaches = 4, window = 12``: four breached periods within any twelve
  consecutive periods.
- ``SLA.critical_threshold``: a single period whose attainment falls below it.
"""

from __future__ import annotations

from collections.abc import Sequence

from outsourcing.model.sla import SLA
from outsourcing.sla.results import PeriodResult, TerminationRight, TerminationRule

__all__ = ["termination_rights"]


def _consecutive(
    sla_id: str, finals: Sequence[PeriodResult], needed: int
) -> TerminationRight | None:
    run: list[PeriodResult] = []
    for result in finals:
        run = [*run, result] if result.breached else []
        if len(run) >= needed:
            labels = tuple(r.period.label for r in run[-needed:])
            return TerminationRight(
                sla_id=sla_id,
                rule=f"{needed} consecutive breaches",
                period=result.period,
                periods=labels,
                explanation=f"{sla_id} breached in {needed} consecutive periods: "
                + ", ".join(labels),
                kind=TerminationRule.CONSECUTIVE,
                breaches=needed,
            )
    return None


def _in_window(
    sla_id: str, finals: Sequence[PeriodResult], needed: int, window: int
) -> TerminationRight | None:
    for end in range(len(finals)):
        span = finals[max(0, end + 1 - window) : end + 1]
        breached = [r for r in span if r.breached]
        if finals[end].breached and len(breached) >= needed:
            labels = tuple(r.period.label for r in breached)
            return TerminationRight(
                sla_id=sla_id,
                rule=f"{needed} breaches in {window} periods",
                period=finals[end].period,
                periods=labels,
                explanation=f"{sla_id} breached {len(breached)} times in the {len(span)} "
                f"periods up to {finals[end].period.label}: " + ", ".join(labels),
                kind=TerminationRule.WITHIN_WINDOW,
                breaches=needed,
                window=window,
            )
    return None


def termination_rights(sla: SLA, results: Sequence[PeriodResult]) -> tuple[TerminationRight, ...]:
    """Rights to terminate opened by one SLA's results (in period order)."""
    finals = [r for r in results if r.final]
    rights: list[TerminationRight] = []
    rule = sla.chronic
    if rule is not None and rule.consecutive is not None:
        right = _consecutive(sla.id, finals, rule.consecutive)
        if right is not None:
            rights.append(right)
    if rule is not None and rule.breaches is not None:
        right = _in_window(sla.id, finals, rule.breaches, rule.window)
        if right is not None:
            rights.append(right)
    critical = next((r for r in finals if r.critical), None)
    if critical is not None:
        rights.append(
            TerminationRight(
                sla_id=sla.id,
                rule="critical failure",
                period=critical.period,
                periods=(critical.period.label,),
                explanation=f"{sla.id} fell to {critical.measured} % in "
                f"{critical.period.label}, below the critical threshold "
                f"{sla.critical_threshold}",
                kind=TerminationRule.CRITICAL,
            )
        )
    return tuple(sorted(rights, key=lambda r: (r.period, r.rule)))
