import os
import re
from decimal import Decimal
from pathlib import Path

import attrs
import matplotlib as mpl
import numpy as np
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import offer_cases as cases
import outsourcing
from outsourcing import (
    CostAssumptions,
    InvalidValueError,
    Money,
    Normal,
    OfferComparison,
    Triangular,
    Uncertainty,
    Uniform,
    compare_offers,
    project_costs,
    simulate_costs,
)
from outsourcing.costs.business_case import default_assumptions, default_uncertainty
from outsourcing.costs.offer_risk import offer_risk
from outsourcing.model.axes import LifePhase
from outsourcing.model.contract import TransferMechanism
from outsourcing.model.provider import Certification
from outsourcing.notebook import result_html
from outsourcing.presentation.document import Table
from outsourcing.presentation.formatting import Formatter
from outsourcing.presentation.locale import Language
from outsourcing.presentation.sections.offers import offers_section

mpl.use("Agg")


@pytest.fixture(scope="module")
def offers() -> OfferComparison:
    """The docs' nearshore and offshore offers, 2,000 paired runs, seed 2025."""
    return compare_offers(
        cases.portfolio(),
        ("payroll", "accounting"),
        {"nearshore": cases.nearshore(), "offshore": cases.offshore()},
        assumptions=cases.assumptions(),
        uncertainty=cases.UNCERTAINTY,
        seed=2025,
        runs=2000,
    )


def test_one_call_reproduces_the_documented_savings(offers: OfferComparison) -> None:
    """Cost, savings, NPV and break-even of both offers are those of docs/costs.md."""
    near, off = offers.offer("nearshore"), offers.offer("offshore")
    assert str(offers.in_house.total) == "830964.22 EUR"
    assert str(near.total_cost) == "520738.62 EUR"
    assert str(near.savings) == "310225.60 EUR"
    assert str(near.npv) == "271026.70 EUR"
    assert near.break_even_month == 6
    assert str(off.total_cost) == "354397.44 EUR"
    assert str(off.savings) == "476566.78 EUR"
    assert str(off.npv) == "417362.90 EUR"
    assert off.break_even_month == 6
    assert off.comparison.payback_months == Decimal("5.12")


def test_offshore_band_is_the_documented_simulation(offers: OfferComparison) -> None:
    """The offshore P10/P50/P90 are the docs' `simulate_costs` figures: the same draws."""
    assert [str(m) for m in offers.offer("offshore").savings_percentiles()] == [
        "393361.54 EUR",
        "456468.41 EUR",
        "518461.77 EUR",
    ]
    assert [str(m) for m in offers.offer("nearshore").savings_percentiles()] == [
        "241061.55 EUR",
        "295896.14 EUR",
        "350714.37 EUR",
    ]


def test_offshore_saves_more_than_nearshore_in_every_paired_run(offers: OfferComparison) -> None:
    """P(offshore cheaper than nearshore) is 1 over the 2,000 paired runs, and the reverse 0."""
    assert offers.probability_cheaper("offshore", "nearshore") == 1
    assert offers.probability_cheaper("nearshore", "offshore") == 0
    smallest = int(offers.cost_difference_minor("nearshore", "offshore").min())
    assert smallest > 0


def test_a_paired_run_is_two_exact_projections_of_the_same_draws(offers: OfferComparison) -> None:
    """In run 17 both offers' totals are `project_costs` under that run's exact assumptions."""
    run = 17
    for name, contract in (("nearshore", cases.nearshore()), ("offshore", cases.offshore())):
        result = offers.offer(name)
        exact = result.simulation.run_assumptions(run)
        projection = project_costs(
            [cases.portfolio().process(p) for p in offers.process_ids], contract, assumptions=exact
        )
        assert int(result.total_cost_minor[run]) == projection.total.to_minor()
    near, off = (offers.offer(n).simulation.run_assumptions(run) for n in offers.names)
    assert attrs.evolve(near, indexation_rate=None) == attrs.evolve(off, indexation_rate=None)


def test_the_baseline_is_common_and_equal_to_simulate_costs(offers: OfferComparison) -> None:
    """Every offer is compared with the same in-house runs; offshore equals `simulate_costs`."""
    near, off = offers.offer("nearshore"), offers.offer("offshore")
    assert np.array_equal(near.simulation.baseline_minor, off.simulation.baseline_minor)
    portfolio = cases.portfolio()
    alone = simulate_costs(
        [portfolio.process("payroll"), portfolio.process("accounting")],
        cases.offshore(),
        assumptions=cases.assumptions(),
        uncertainty=cases.UNCERTAINTY,
        runs=2000,
        seed=2025,
    )
    assert np.array_equal(alone.alternative_minor, off.simulation.alternative_minor)


def test_risk_summary_reads_the_portfolio(offers: OfferComparison) -> None:
    """Providers' countries, transfer mechanisms, languages and certifications are reported."""
    near, off = offers.offer("nearshore").risk, offers.offer("offshore").risk
    assert (near.provider_country, off.provider_country) == ("MA", "MG")
    assert near.transfer_required is TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES
    assert near.transfer_covered
    assert off.transfer_covered
    assert near.shared_languages == off.shared_languages == ("fr",)
    assert near.certifications == (Certification.ISO_27001,)
    assert off.certifications == (Certification.ISO_9001,)
    assert near.exit_plan
    assert (near.reversibility_ready, near.reversibility_items) == (6, 8)
    assert near.review_missing == 4


def test_offers_show_as_a_table_html_and_a_chart(offers: OfferComparison) -> None:
    """`to_pandas` has a row per offer; the HTML gives figures, risks and the paired chance."""
    frame = offers.to_pandas()
    assert list(frame.index) == ["nearshore", "offshore"]
    assert frame.loc["offshore", "savings"] == Decimal("476566.78")
    assert frame.loc["nearshore", "savings_p10"] == Decimal("241061.55")
    html = offers._repr_html_()
    assert "Offers compared" in html
    assert "€476,566.78" in html
    assert "nearshore costs less than offshore in 0% of the paired simulations." in html
    french = result_html(offers, "fr")
    assert "Offres comparées" in french
    assert "476\u202f566,78\xa0€" in french
    axes = offers.plot()
    assert [t.get_text() for t in axes.get_xticklabels()] == ["nearshore", "offshore"]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (dict, "compare_offers.offers"),
        (lambda: [cases.nearshore(), cases.nearshore()], "compare_offers.offers"),
        (lambda: {"x": "not a contract"}, "compare_offers.offers['x']"),
    ],
)
def test_offers_must_be_named_contracts(call: object, field: str) -> None:
    """No offer, two offers with one name, or a non-contract are refused naming the field."""
    assert callable(call)
    with pytest.raises(InvalidValueError, match="^" + re.escape(field)):
        compare_offers(
            cases.portfolio(),
            ["payroll"],
            call(),
            assumptions=cases.assumptions(),
            uncertainty=Uncertainty(),
            seed=1,
            runs=5,
        )


def test_a_currency_without_rate_is_refused() -> None:
    """An offer billed in ariary needs an MGA rate in the assumptions."""
    with pytest.raises(InvalidValueError, match="no exchange rate from MGA into EUR"):
        compare_offers(
            cases.portfolio(),
            ["payroll", "accounting"],
            [cases.offshore()],
            assumptions=attrs.evolve(cases.assumptions(), fx_rates={}),
            uncertainty=Uncertainty(),
            seed=1,
            runs=5,
        )


uncertainties = st.builds(
    Uncertainty,
    annual_volume_growth=st.none() | st.builds(Normal, st.integers(-5, 15), st.integers(0, 8)),
    wage_inflation=st.none() | st.builds(Uniform, st.just(0), st.integers(0, 6)),
    indexation_rate=st.none() | st.builds(Uniform, st.just(0), st.integers(0, 10)),
    fx_change=st.none() | st.builds(Normal, st.just(0), st.integers(0, 20), st.just(-50)),
    workload_underestimate=st.none() | st.builds(Normal, st.integers(0, 20), st.integers(0, 10)),
    transition_delay_months=st.none() | st.builds(Triangular, st.just(0), st.just(1), st.just(3)),
)


@settings(max_examples=15)
@given(uncertainties, st.integers(0, 2**32), st.sampled_from(["nearshore", "offshore"]))
def test_two_identical_offers_differ_by_exactly_zero_in_every_run(
    uncertainty: Uncertainty, seed: int, which: str
) -> None:
    """Common random numbers: the same terms under two names cost the same in every run."""
    contract = cases.nearshore() if which == "nearshore" else cases.offshore()
    twin = attrs.evolve(contract, id="twin")
    assumptions: CostAssumptions = attrs.evolve(cases.assumptions(), months=14)
    result = compare_offers(
        cases.portfolio(),
        ["payroll", "accounting"],
        {"a": contract, "b": twin, "other": cases.offshore()},
        assumptions=assumptions,
        uncertainty=uncertainty,
        seed=seed,
        runs=40,
    )
    difference = result.cost_difference_minor("a", "b")
    assert difference.shape == (40,)
    assert not difference.any()
    a, b = result.offer("a").simulation, result.offer("b").simulation
    assert np.array_equal(a.alternative_minor, b.alternative_minor)
    assert result.probability_cheaper("a", "b") == result.probability_cheaper("b", "a") == 0


@settings(max_examples=10)
@given(st.integers(0, 2**32))
def test_paired_chances_add_up(seed: int) -> None:
    """P(A cheaper) + P(B cheaper) + P(tie) = 1, the tie being the runs of zero difference."""
    result = compare_offers(
        cases.portfolio(),
        ["payroll", "accounting"],
        {"near": cases.nearshore(), "off": cases.offshore()},
        assumptions=attrs.evolve(cases.assumptions(), months=14),
        uncertainty=cases.UNCERTAINTY,
        seed=seed,
        runs=30,
    )
    ties = Decimal(int(np.count_nonzero(result.cost_difference_minor("near", "off") == 0))) / 30
    total = result.probability_cheaper("near", "off") + result.probability_cheaper("off", "near")
    assert total + ties == 1


def test_flat_volumes_for_a_growing_client_are_flagged() -> None:
    """Flat, certain volumes for a client in growth give a note in English and a French notice."""
    result = compare_offers(
        cases.portfolio(),
        ["payroll", "accounting"],
        [cases.nearshore()],
        assumptions=attrs.evolve(cases.assumptions(), annual_volume_growth=0),
        uncertainty=Uncertainty(),
        seed=1,
        runs=10,
    )
    assert result.suggested_growth == 5
    assert result.notes == (
        "volume growth left at 0 % a year for a client whose life phase suggests 5 % a year",
    )
    assert "la phase de vie du client suggère 5\xa0% par an" in result_html(result, "fr")
    growing = compare_offers(
        cases.portfolio(),
        ["payroll", "accounting"],
        [cases.nearshore()],
        assumptions=cases.assumptions(),
        uncertainty=Uncertainty(),
        seed=1,
        runs=10,
    )
    assert growing.suggested_growth is None
    assert growing.notes == ()


@pytest.mark.parametrize(
    ("phase", "growth"),
    [(LifePhase.GROWTH, 5), (LifePhase.STEADY, 0), (LifePhase.SALE, 0)],
)
def test_default_growth_follows_the_life_phase(phase: LifePhase, growth: int) -> None:
    """`default_assumptions` assumes 5 % a year for a growing client, flat volumes otherwise."""
    portfolio = cases.portfolio()
    portfolio = attrs.evolve(portfolio, client=attrs.evolve(portfolio.client, phase=phase))
    assumptions = default_assumptions(portfolio, portfolio.contract("atlas-finance"))
    assert assumptions.annual_volume_growth == growth
    uncertainty = default_uncertainty(assumptions)
    assert uncertainty.annual_volume_growth == Normal(growth, 5)


def test_offers_notebook_runs_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """``examples/offers.ipynb`` (three offers, a tornado, an FX path) runs top to bottom."""
    source = Path(outsourcing.__file__).parents[1]  # the kernel imports the code under test
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(source), os.environ.get("PYTHONPATH", "")])
    )
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    root = Path(__file__).parents[1]
    notebook = nbformat.read(root / "examples" / "offers.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(root)}}
    )
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 3  # the offers, the tornado, the FX paths
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "P(nearshore cheaper than nearshore +15 %): 1" in text
    assert any("Offers compared" in o.get("data", {}).get("text/html", "") for o in outputs)


@pytest.mark.parametrize(
    ("language", "title", "in_house"),
    [(Language.EN, "Offers compared", "In house"), (Language.FR, "Offres comparées", "En interne")],
)
def test_offers_section_in_both_languages(
    offers: OfferComparison, language: Language, title: str, in_house: str
) -> None:
    """The offers section has the figures table (in house first) and a risk row per offer."""
    section = offers_section(offers, Formatter(language))
    assert (section.key, section.title) == ("offers", title)
    figures, risks = (block for block in section.blocks if isinstance(block, Table))
    assert [row[0] for row in figures.rows] == [in_house, "nearshore", "offshore"]
    assert figures.rows[2][2] == Money("476566.78", "EUR")
    assert [row[0] for row in risks.rows] == ["nearshore", "offshore"]
    assert [row[3] for row in risks.rows] == ["6/8", "6/8"]


def test_risks_of_an_unknown_provider_and_a_missing_transfer_ground() -> None:
    """An unknown provider has no country or languages; data sent without a ground is flagged."""
    portfolio = cases.portfolio()
    offshore = cases.offshore()
    unknown = offer_risk(
        portfolio, attrs.evolve(offshore, provider_id="nobody"), as_of=pendulum.date(2025, 1, 1)
    )
    assert (unknown.provider_country, unknown.shared_languages, unknown.certifications) == (
        None,
        (),
        (),
    )
    assert unknown.transfer_required is None
    assert not unknown.language_fit
    bare = attrs.evolve(
        offshore,
        data_protection=attrs.evolve(
            offshore.data_protection, personal_data=True, transfer_mechanism=None
        ),
        reversibility=None,
    )
    risk = offer_risk(portfolio, bare, as_of=pendulum.date(2025, 1, 1))
    assert risk.transfer_required is TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES
    assert not risk.transfer_covered
    assert (risk.exit_plan, risk.reversibility_items) == (False, 0)
    result = compare_offers(
        portfolio,
        ["payroll", "accounting"],
        {"bare": bare},
        assumptions=cases.assumptions(),
        uncertainty=Uncertainty(),
        seed=1,
        runs=5,
    )
    (_, risks) = (
        b for b in offers_section(result, Formatter(Language.EN)).blocks if isinstance(b, Table)
    )
    assert risks.rows[0][2] == "missing (needs standard contractual clauses)"
    assert risks.rows[0][3] == "no exit plan"
