import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from classification_strategies import clients, processes
from outsourcing import (
    BusinessFunction,
    Client,
    Complexity,
    Frequency,
    InvalidValueError,
    LifePhase,
    Process,
    StrategicImportance,
    WeakSignal,
)
from outsourcing.classification.readiness import (
    PHASE_BONUS,
    ROUTINE_WEIGHT,
    SIGNAL_WEIGHTS,
    Readiness,
    ReadinessLevel,
    assess_readiness,
)

ORDER = list(ReadinessLevel)
CLIENT = Client(name="Acme", country="FR", currency="EUR")
PAYROLL = Process(
    id="payroll", name="Payroll", function=BusinessFunction.PAYROLL, complexity=Complexity.MEDIUM
)


def reference_score(process: Process, client: Client) -> int:
    """Independent restatement of the weighting rule."""
    total = sum(SIGNAL_WEIGHTS[s] for s in process.weak_signals)
    if client.phase is not LifePhase.STEADY:
        total += PHASE_BONUS * len(
            process.weak_signals
            & {WeakSignal.PEAKS_NOT_ABSORBED, WeakSignal.QUALITY_DROP_UNDER_CHANGE}
        )
    routine = process.complexity is Complexity.LOW and process.frequency is not Frequency.OCCASIONAL
    return min(100, total + (ROUTINE_WEIGHT if routine else 0))


@given(processes(), clients)
def test_score_is_the_sum_of_weights(process: Process, client: Client) -> None:
    """The score is the capped sum of the listed weights and agrees with the written rule."""
    result = assess_readiness(process, client=client)
    assert result.score == min(100, sum(w.points for w in result.weights))
    assert result.score == reference_score(process, client)
    assert {w.signal for w in result.weights} - {None} == process.weak_signals
    assert result.reasons


@given(processes(), clients, st.sampled_from(WeakSignal))
def test_another_signal_never_weakens_the_case(
    process: Process, client: Client, signal: WeakSignal
) -> None:
    """Observing one more weak signal never lowers the score or the level."""
    before = assess_readiness(process, client=client)
    more = attrs.evolve(process, weak_signals=process.weak_signals | {signal})
    after = assess_readiness(more, client=client)
    assert after.score >= before.score
    assert ORDER.index(after.level) >= ORDER.index(before.level)


@given(processes(), clients)
def test_core_process_is_never_a_candidate(process: Process, client: Client) -> None:
    """A core process is not a candidate, whatever the signals, and the reason says why."""
    core = attrs.evolve(process, importance=StrategicImportance.CORE)
    result = assess_readiness(core, client=client)
    assert result.level is ReadinessLevel.NOT_A_CANDIDATE
    assert "core" in result.reasons[0]


@pytest.mark.parametrize(
    ("signals", "level"),
    [
        (set(), ReadinessLevel.NOT_A_CANDIDATE),
        ({WeakSignal.NO_MODERN_TOOLS}, ReadinessLevel.WEAK),
        ({WeakSignal.ROUTINE_ON_KEY_PEOPLE, WeakSignal.NO_MODERN_TOOLS}, ReadinessLevel.MODERATE),
        (
            {WeakSignal.ROUTINE_ON_KEY_PEOPLE, WeakSignal.REPEATED_DELAYS,
             WeakSignal.NO_STANDARDISATION},
            ReadinessLevel.STRONG,
        ),
    ],
)  # fmt: skip
def test_levels(signals: set[WeakSignal], level: ReadinessLevel) -> None:
    """More and heavier signals move a process from no candidate to a strong one."""
    result = assess_readiness(attrs.evolve(PAYROLL, weak_signals=signals), client=CLIENT)
    assert result.level is level


def test_phase_sharpens_peaks() -> None:
    """Unabsorbed peaks weigh more while the company grows, and the reason names the phase."""
    process = attrs.evolve(PAYROLL, weak_signals={WeakSignal.PEAKS_NOT_ABSORBED})
    steady = assess_readiness(process, client=CLIENT)
    growing = assess_readiness(process, client=attrs.evolve(CLIENT, phase=LifePhase.GROWTH))
    assert growing.score == steady.score + PHASE_BONUS
    assert "during growth" in growing.weights[0].reason


def test_reasons_name_the_signals() -> None:
    """The verdict's reason names each observed signal in words with its points."""
    process = attrs.evolve(PAYROLL, weak_signals={WeakSignal.REPEATED_DELAYS})
    result: Readiness = assess_readiness(process, client=CLIENT)
    assert "processing is repeatedly late (+20)" in result.reasons[0]


def test_wrong_type_is_refused() -> None:
    """Passing something that is not a Process raises an error naming the argument."""
    with pytest.raises(InvalidValueError, match="process"):
        assess_readiness("payroll", client=CLIENT)  # type: ignore[arg-type]
