import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from classification_strategies import clients, countries, processes
from outsourcing import (
    BusinessFunction,
    Client,
    Complexity,
    Confidentiality,
    Coverage,
    Frequency,
    Horizon,
    InvalidValueError,
    LifePhase,
    Process,
    Shoring,
    StrategicImportance,
    TransferMechanism,
)
from outsourcing.classification.recommendation import (
    Needs,
    Objective,
    Option,
    recommend,
)
from outsourcing.reference.transfers import ADEQUATE_COUNTRIES, AdequacyStatus, in_eea

CLIENT = Client(name="Acme", country="FR", currency="EUR")
PAYROLL = Process(
    id="payroll",
    name="Payroll",
    function=BusinessFunction.PAYROLL,
    personal_data=True,
    complexity=Complexity.LOW,
)
needs_strategy = st.builds(
    Needs,
    objectives=st.frozensets(st.sampled_from(Objective)),
    candidate_countries=st.lists(countries, max_size=3),
)


@given(processes(), clients, needs_strategy)
def test_options_are_ranked_and_scores_add_up(
    process: Process, client: Client, needs: Needs
) -> None:
    """Options come best first, each score sums its contributions, and all is deterministic."""
    result = recommend(process, client=client, needs=needs)
    assert result == recommend(process, client=client, needs=needs)
    scores = [o.score for o in result.options]
    assert scores == sorted(scores, reverse=True)
    for option in result.options:
        assert option.score == sum(c.points for c in option.contributions)
        assert len(option.reasons) == len(option.contributions)
    assert sum(o.in_house for o in result.options) == 1
    per_place = len(set(needs.candidate_countries)) or len(Shoring)
    assert len(result.options) == 1 + per_place * len(Coverage) * len(Horizon)


@given(processes(), clients, needs_strategy)
def test_core_process_stays_in_house(process: Process, client: Client, needs: Needs) -> None:
    """Whatever the objectives, phase or data, a core process is advised to stay in house."""
    core = attrs.evolve(process, importance=StrategicImportance.CORE)
    best = recommend(core, client=client, needs=needs).best
    assert best.in_house
    assert any("core" in reason for reason in best.reasons)


@given(processes(), clients, countries)
def test_transfer_flag_follows_adequacy(process: Process, client: Client, country: str) -> None:
    """Personal data leaving the EEA is flagged, with SCCs exactly where there is no adequacy."""
    result = recommend(process, client=client, needs=Needs(candidate_countries=(country,)))
    for option in result.options:
        leaves = process.personal_data and in_eea(client.country) and not in_eea(country)
        if option.in_house or not leaves:
            assert option.transfer is None
            continue
        assert option.transfer is not None
        expected = (
            TransferMechanism.ADEQUACY_DECISION
            if country in ADEQUATE_COUNTRIES
            else TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES
        )
        assert option.transfer.mechanism is expected
        assert option.transfer.special_category == process.special_category_data


def _option(options: tuple[Option, ...], **axes: object) -> Option:
    """The one option with these axis values."""
    found = [o for o in options if all(getattr(o, k) == v for k, v in axes.items())]
    assert len(found) == 1
    return found[0]


def test_morocco_needs_standard_contractual_clauses() -> None:
    """French payroll data sent to Morocco is flagged: no adequacy decision, SCCs needed."""
    result = recommend(PAYROLL, client=CLIENT, needs=Needs(candidate_countries=("MA", "ES")))
    morocco = _option(
        result.options, country="MA", coverage=Coverage.TOTAL, horizon=Horizon.STRATEGIC
    )
    assert morocco.shoring is Shoring.NEARSHORE
    assert morocco.transfer is not None
    assert morocco.transfer.mechanism is TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES
    assert "standard contractual clauses" in morocco.transfer.reasons[0]
    spain = _option(
        result.options, country="ES", coverage=Coverage.TOTAL, horizon=Horizon.STRATEGIC
    )
    assert spain.transfer is None
    assert spain.score > morocco.score


def test_usa_adequacy_is_conditional() -> None:
    """Data to the USA relies on the Data Privacy Framework, flagged as conditional."""
    result = recommend(PAYROLL, client=CLIENT, needs=Needs(candidate_countries=("US",)))
    option = result.options[1] if result.options[0].in_house else result.options[0]
    assert option.transfer is not None
    assert option.transfer.status is AdequacyStatus.CONDITIONAL
    assert "Data Privacy Framework" in option.transfer.reasons[0]


def test_health_data_raises_the_bar() -> None:
    """Special-category data costs more points abroad and the advice asks for more safeguards."""
    health = attrs.evolve(PAYROLL, special_category_data=True)
    needs = Needs(candidate_countries=("IN",))
    plain = recommend(PAYROLL, client=CLIENT, needs=needs)
    special = recommend(health, client=CLIENT, needs=needs)
    axes = {"coverage": Coverage.TOTAL, "horizon": Horizon.STRATEGIC}
    before, after = _option(plain.options, **axes), _option(special.options, **axes)
    assert after.score < before.score
    assert after.transfer is not None
    assert any("transfer impact assessment" in r for r in after.transfer.reasons)


def test_cost_cutting_favours_offshore() -> None:
    """With cost as the objective, a routine support process is best sent offshore."""
    process = attrs.evolve(PAYROLL, personal_data=False)
    result = recommend(process, client=CLIENT, needs=Needs(objectives={Objective.CUT_COSTS}))
    assert result.best.shoring is Shoring.OFFSHORE
    assert not result.best.in_house


def test_face_to_face_favours_onshore() -> None:
    """Wanting regular meetings makes onshore the best option."""
    result = recommend(PAYROLL, client=CLIENT, needs=Needs(objectives={Objective.FACE_TO_FACE}))
    assert result.best.shoring is Shoring.ONSHORE


def test_transformation_and_occasional_work_favour_tactical() -> None:
    """Occasional work in a transforming company is best handled tactically."""
    process = attrs.evolve(PAYROLL, frequency=Frequency.OCCASIONAL)
    client = attrs.evolve(CLIENT, phase=LifePhase.TRANSFORMATION)
    assert recommend(process, client=client).best.horizon is Horizon.TACTICAL


def test_secret_data_stays_in_house() -> None:
    """A secret, important process with close supervision is best kept in house."""
    process = attrs.evolve(
        PAYROLL,
        confidentiality=Confidentiality.SECRET,
        importance=StrategicImportance.IMPORTANT,
        complexity=Complexity.HIGH,
    )
    assert recommend(process, client=CLIENT).best.in_house


def test_labels_read_well() -> None:
    """Options have short labels naming the axes and the country."""
    result = recommend(PAYROLL, client=CLIENT, needs=Needs(candidate_countries=("MA",)))
    labels = {o.label for o in result.options}
    assert "keep in house" in labels
    assert "BPO nearshore (MA), total, strategic" in labels


def test_invalid_needs_are_refused() -> None:
    """Unknown candidate countries and wrong argument types raise errors naming the field."""
    with pytest.raises(InvalidValueError, match="candidate_countries"):
        Needs(candidate_countries=("XX",))
    with pytest.raises(InvalidValueError, match="needs"):
        recommend(PAYROLL, client=CLIENT, needs="cheap")  # type: ignore[arg-type]
