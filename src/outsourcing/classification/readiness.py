"""How strongly a process is a candidate for outsourcing, from the sources' weak signals.

The sources name the weak signals that outsourcing is due: routine tasks piling up on key
people, repeated delays in administrative or HR processing, no standardisation or modern tools,
trouble absorbing peaks or keeping quality during growth, transformation or a sale.
`assess_readiness` weighs the signals observed on a process (`Process.weak_signals`), adds the
weight of routine, recurring work, and says how strong a candidate the process is, with
reasons. A core process is never a candidate: the sources keep strategic tasks in house, so
its signals call for reorganising the work internally instead.

Weights (`SIGNAL_WEIGHTS`, points out of 100): routine on key people 25, repeated delays 20,
peaks not absorbed 20, no standardisation 15, quality drop under change 15, no modern tools 10;
peaks and quality drops weigh 5 more while the company grows, transforms or is being sold;
routine recurring work (low complexity, at least monthly) adds 10. Levels: 60 and more strong,
35 and more moderate, above 0 weak.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

import attrs

from outsourcing.exceptions import InvalidValueError
from outsourcing.model.axes import LifePhase
from outsourcing.model.portfolio import Client
from outsourcing.model.process import (
    Complexity,
    Frequency,
    Process,
    StrategicImportance,
    WeakSignal,
)

__all__ = [
    "PHASE_BONUS",
    "ROUTINE_WEIGHT",
    "SIGNAL_WEIGHTS",
    "Readiness",
    "ReadinessLevel",
    "SignalWeight",
    "assess_readiness",
]

SIGNAL_WEIGHTS: Mapping[WeakSignal, int] = MappingProxyType(
    {
        WeakSignal.ROUTINE_ON_KEY_PEOPLE: 25,
        WeakSignal.REPEATED_DELAYS: 20,
        WeakSignal.PEAKS_NOT_ABSORBED: 20,
        WeakSignal.NO_STANDARDISATION: 15,
        WeakSignal.QUALITY_DROP_UNDER_CHANGE: 15,
        WeakSignal.NO_MODERN_TOOLS: 10,
    }
)
"""Points each weak signal adds to the readiness score."""

PHASE_BONUS = 5
"""Extra points for peaks and quality drops while the company grows, transforms or is sold."""

ROUTINE_WEIGHT = 10
"""Points for routine, recurring work (low complexity, at least monthly)."""

_CHANGING = frozenset({LifePhase.GROWTH, LifePhase.TRANSFORMATION, LifePhase.SALE})
_UNDER_CHANGE = frozenset({WeakSignal.PEAKS_NOT_ABSORBED, WeakSignal.QUALITY_DROP_UNDER_CHANGE})

_WORDS: Mapping[WeakSignal, str] = MappingProxyType(
    {
        WeakSignal.ROUTINE_ON_KEY_PEOPLE: "routine tasks pile up on key people",
        WeakSignal.REPEATED_DELAYS: "processing is repeatedly late",
        WeakSignal.PEAKS_NOT_ABSORBED: "peaks of activity are not absorbed",
        WeakSignal.NO_STANDARDISATION: "the work is not standardised",
        WeakSignal.QUALITY_DROP_UNDER_CHANGE: "quality drops while the company changes",
        WeakSignal.NO_MODERN_TOOLS: "the work lacks modern tools",
    }
)


class ReadinessLevel(StrEnum):
    """How strongly a process is a candidate for outsourcing."""

    NOT_A_CANDIDATE = "not_a_candidate"
    WEAK = "weak"
    MODERATE = "moderate"
    STRONG = "strong"


@attrs.frozen
class SignalWeight:
    """One reason the score rose: an observed weak signal, or the routine nature of the work.

    Attributes:
        signal: The weak signal (None for the routine-work weight).
        points: Points added.
        reason: The signal in words, with any phase bonus explained.
    """

    signal: WeakSignal | None
    points: int
    reason: str


@attrs.frozen
class Readiness:
    """How strongly a process is a candidate for outsourcing, and why.

    Attributes:
        process_id: The process assessed.
        level: Not a candidate, weak, moderate or strong.
        score: Sum of the weights, capped at 100.
        weights: What added to the score, largest first.
        reasons: The verdict in words.
    """

    process_id: str
    level: ReadinessLevel
    score: int
    weights: tuple[SignalWeight, ...]
    reasons: tuple[str, ...]


def _weights(process: Process, client: Client) -> list[SignalWeight]:
    found: list[SignalWeight] = []
    changing = client.phase in _CHANGING
    for signal in sorted(process.weak_signals, key=lambda s: (-SIGNAL_WEIGHTS[s], s.value)):
        points, reason = SIGNAL_WEIGHTS[signal], _WORDS[signal]
        if changing and signal in _UNDER_CHANGE:
            points += PHASE_BONUS
            reason += f", during {client.phase.value}"
        found.append(SignalWeight(signal, points, reason))
    if process.complexity is Complexity.LOW and process.frequency is not Frequency.OCCASIONAL:
        reason = f"the work is routine and recurs ({process.frequency.value})"
        found.append(SignalWeight(None, ROUTINE_WEIGHT, reason))
    return found


def _level(score: int) -> ReadinessLevel:
    if score >= 60:
        return ReadinessLevel.STRONG
    if score >= 35:
        return ReadinessLevel.MODERATE
    if score > 0:
        return ReadinessLevel.WEAK
    return ReadinessLevel.NOT_A_CANDIDATE


def assess_readiness(process: Process, *, client: Client) -> Readiness:
    """Say how strongly a process is a candidate for outsourcing, from its weak signals.

    Args:
        process: The process, with the weak signals observed on it.
        client: The client company (its life phase sharpens peaks and quality drops).

    Returns:
        The level, the score and the weights that made it, with reasons.

    Raises:
        InvalidValueError: If ``process`` or ``client`` has the wrong type.
    """
    if not isinstance(process, Process):
        raise InvalidValueError("process", process, "must be a Process")
    if not isinstance(client, Client):
        raise InvalidValueError("client", client, "must be a Client")
    weights = _weights(process, client)
    score = min(100, sum(w.points for w in weights))
    if process.importance is StrategicImportance.CORE:
        reasons = [
            (
                "a core process stays in house whatever the signals (the sources keep strategic "
                "tasks in house)"
            )
        ]
        if process.weak_signals:
            reasons.append("its signals call for reorganising the work internally instead")
        return Readiness(
            process.id, ReadinessLevel.NOT_A_CANDIDATE, score, tuple(weights), tuple(reasons)
        )
    level = _level(score)
    if weights:
        shown = "; ".join(f"{w.reason} (+{w.points})" for w in weights)
        reasons = [f"{level.value.replace('_', ' ')} candidate, score {score}/100: {shown}"]
    else:
        reasons = ["no weak signal observed and the work is not routine: not a candidate yet"]
    return Readiness(process.id, level, score, tuple(weights), tuple(reasons))
