"""Results in notebooks: HTML views, charts, DataFrames, and the what-if notebook executed."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest

import outsourcing
from outsourcing import InvalidValueError, classify, evaluate_slas, review_contract
from outsourcing.costs.business_case import BusinessCase, business_case
from outsourcing.notebook import result_html, result_report
from outsourcing.review.context import ReviewContext
from outsourcing.samples import SAMPLE_AS_OF, sample_portfolio, sample_tickets
from outsourcing.sla.portfolio import end_of_day
from outsourcing.sla.results import ServiceReport

mpl.use("Agg")

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def case() -> BusinessCase:
    """The business case of the sample's customer-service contract."""
    portfolio = sample_portfolio()
    result = business_case(portfolio, portfolio.contract("tana-care"), runs=300)
    assert isinstance(result, BusinessCase)
    return result


def test_cost_results_show_their_figures_as_html(case: BusinessCase) -> None:
    """Projection, comparison, simulation and business case render their totals in HTML."""
    savings = case.comparison.total_savings.amount
    shown = f"€{savings:,.2f}"
    assert shown in case._repr_html_()
    assert shown in case.comparison._repr_html_()
    assert f"€{case.in_house.total.amount:,.2f}" in case.in_house._repr_html_()
    assert "P90" in case.simulation._repr_html_()
    assert case._repr_html_().startswith("<style>")


@pytest.fixture(scope="module")
def service_report() -> ServiceReport:
    """The service report of the sample's customer-service contract."""
    contract = sample_portfolio().contract("tana-care")
    log = sample_tickets().logs[contract.id]
    return evaluate_slas(contract, log, as_of=end_of_day(SAMPLE_AS_OF, contract.zone))


def test_service_report_and_reviews_show_as_html(service_report: ServiceReport) -> None:
    """A service report names its SLAs and breaches; a review and a classification show too."""
    portfolio = sample_portfolio()
    contract = portfolio.contract("tana-care")
    html = service_report._repr_html_()
    for sla in contract.slas:
        assert sla.id in html
    assert "breached" in html
    context = ReviewContext.from_portfolio(portfolio, contract, as_of=SAMPLE_AS_OF)
    assert "Missing" in review_contract(contract, context=context)._repr_html_()
    process = portfolio.process("customer-service")
    verdict = classify(process, client=portfolio.client)
    assert "BPO" in verdict._repr_html_()
    assert "BPO (processus métier)" in result_html(verdict, "fr")
    assert result_report(verdict, "fr").language.value == "fr"


def test_unknown_results_have_no_html_view() -> None:
    """Asking for the HTML of something else is an error naming its type."""
    with pytest.raises(InvalidValueError, match="'str'"):
        result_html("not a result")


def test_cost_chart_has_the_band_the_median_and_the_break_even(case: BusinessCase) -> None:
    """`plot()` draws the P10–P90 band, the median and the exact line, marks the break-even."""
    ax = case.plot()
    labels = [line.get_label() for line in ax.get_lines()]
    assert "Median (P50)" in labels
    assert "As assumed" in labels
    assert len(ax.collections) == 1  # the P10–P90 band
    month = case.comparison.break_even_month
    assert month is not None
    assert any(np.asarray(line.get_xdata()).tolist() == [month, month] for line in ax.get_lines())
    median = next(line for line in ax.get_lines() if line.get_label() == "Median (P50)")
    assert np.asarray(median.get_xdata()).shape == (case.assumptions.months,)


def test_compliance_chart_marks_each_breach(service_report: ServiceReport) -> None:
    """`ServiceReport.plot()` draws one line per measured SLA and a cross per breach."""
    contract = sample_portfolio().contract("tana-care")
    ax = service_report.plot()
    labels = [str(line.get_label()) for line in ax.get_lines()]
    assert [label for label in labels if not label.startswith("_")] == [
        sla.id for sla in contract.slas
    ]
    crosses = sum(np.asarray(c.get_offsets()).shape[0] for c in ax.collections)
    assert crosses == sum(1 for r in service_report.results if r.breached)


def test_business_case_dataframe_is_the_comparison(case: BusinessCase) -> None:
    """`BusinessCase.to_pandas()`: a row per month, cumulative savings ending on the total."""
    frame = case.to_pandas()
    assert len(frame) == case.assumptions.months
    assert frame["cumulative_savings"].iloc[-1] == case.comparison.total_savings.amount


def test_what_if_notebook_runs_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """``examples/what_if.ipynb`` executes top to bottom without errors."""
    source = Path(outsourcing.__file__).parents[1]  # the kernel imports the code under test
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(source), os.environ.get("PYTHONPATH", "")])
    )
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(ROOT / "examples" / "what_if.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs)
