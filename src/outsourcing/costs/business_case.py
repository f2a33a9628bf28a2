"""The business case of a contract: keeping its processes in house against outsourcing them.

`business_case` runs the cost functions on one contract with stated default assumptions: an
exact projection of both scenarios over the contract's term, their comparison (savings,
break-even, NPV) and a Monte Carlo simulation of the uncertain inputs with a fixed seed, so the
same portfolio always gives the same figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import pendulum

from outsourcing.costs import (
    CostAssumptions,
    CostComparison,
    CostProjection,
    CostSimulation,
    Normal,
    Triangular,
    Uncertainty,
    Uniform,
    compare_costs,
    project_costs,
    simulate_costs,
)
from outsourcing.exceptions import OutsourcingError
from outsourcing.model.axes import LifePhase
from outsourcing.model.contract import Contract
from outsourcing.model.portfolio import Portfolio
from outsourcing.model.process import Process

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "DEFAULT_DISCOUNT_RATE",
    "DEFAULT_RUNS",
    "DEFAULT_SEED",
    "DEFAULT_UNCERTAINTY",
    "OPEN_ENDED_MONTHS",
    "VOLUME_GROWTH_BY_PHASE",
    "BusinessCase",
    "NoBusinessCase",
    "business_case",
    "default_assumptions",
    "default_uncertainty",
]

#: Annual discount rate of the NPV, in percent.
DEFAULT_DISCOUNT_RATE = Decimal(8)
#: Runs of the Monte Carlo simulation.
DEFAULT_RUNS = 2000
#: Seed of the simulation: the same portfolio always gives the same bands.
DEFAULT_SEED = 2025
#: Months projected for a contract without an end date.
OPEN_ENDED_MONTHS = 36

#: Yearly volume growth assumed by default for a client in each life phase, in percent. The
#: sources say a growing company outsources to scale without hiring; they give no figure, so the
#: default is a moderate 5 % a year, stated in every report's assumptions; the other phases stay
#: flat.
VOLUME_GROWTH_BY_PHASE: dict[LifePhase, Decimal] = {
    LifePhase.STEADY: Decimal(0),
    LifePhase.GROWTH: Decimal(5),
    LifePhase.TRANSFORMATION: Decimal(0),
    LifePhase.SALE: Decimal(0),
}

#: What is uncertain by default, around the central assumptions of `default_assumptions` (the
#: volume growth is centred on the central assumption: `default_uncertainty`).
DEFAULT_UNCERTAINTY = Uncertainty(
    annual_volume_growth=Normal(0, 5),
    wage_inflation=Triangular(1, "2.5", 5),
    indexation_rate=Uniform(1, 5),
    fx_change=Normal(0, 8, low=-40, high=40),
    workload_underestimate=Normal(5, 10, low=-20),
    transition_delay_months=Triangular(0, 0, 3),
)


@attrs.frozen
class NoBusinessCase:
    """Why a contract has no business case (a finding, not an error).

    Attributes:
        contract_id: The contract.
        reason: Why, in words.
    """

    contract_id: str
    reason: str


@attrs.frozen(eq=False)
class BusinessCase:
    """A contract's processes kept in house against outsourced, exact and simulated.

    Attributes:
        contract_id: The contract.
        processes: The processes compared (those of the contract with an in-house cost).
        assumptions: The central assumptions.
        in_house: The projection of keeping the processes in house.
        outsourced: The projection of the contract.
        comparison: In house (baseline) against the contract (alternative).
        simulation: The Monte Carlo simulation of the same comparison.
        contract: The contract (None when built without it; `sensitivity` needs it).
    """

    contract_id: str
    processes: tuple[Process, ...]
    assumptions: CostAssumptions
    in_house: CostProjection
    outsourced: CostProjection
    comparison: CostComparison
    simulation: CostSimulation
    contract: Contract | None = None

    def to_pandas(self) -> pd.DataFrame:
        """Month by month: in house, outsourced, savings, cumulative savings (needs pandas)."""
        return self.comparison.to_pandas()

    def plot(self, *, ax: Axes | None = None) -> Axes:
        """Cumulative savings with the P10–P90 band and the break-even month (matplotlib)."""
        from outsourcing.notebook import plot_business_case  # noqa: PLC0415

        return plot_business_case(self, ax=ax)

    def _repr_html_(self) -> str:
        """The business case as HTML, for notebooks."""
        from outsourcing.notebook import result_html  # noqa: PLC0415 - on use

        return result_html(self)


def default_assumptions(portfolio: Portfolio, contract: Contract) -> CostAssumptions:
    """Central assumptions: the contract's term (or 36 months), the client's currency.

    The contract is left at the end of its term, an open-ended one on the last of its 36
    months (`outsourcing.costs.lines.exit_date`).

    The projection starts at the term's start, or earlier if a one-off cost (the transition)
    falls due before it, so that cost is counted.

    Wages rise 2.5 % a year, the provider priced 5 % less work than there is, volumes grow as
    the client's life phase suggests (`VOLUME_GROWTH_BY_PHASE`: 5 % a year in growth, flat
    otherwise), the in-house team overlaps one month with the provider; indexation follows the
    contract's expected rate.
    """
    term = contract.term
    start = min([term.start, *(c.due for c in contract.one_off_costs if c.due is not None)])
    months = OPEN_ENDED_MONTHS + _months_between(start, term.start)
    if term.end is not None:
        months = _months_between(start, term.end.add(days=1))
    return CostAssumptions(
        start=start,
        months=months,
        currency=portfolio.client.currency,
        annual_volume_growth=VOLUME_GROWTH_BY_PHASE[portfolio.client.phase],
        wage_inflation="2.5",
        workload_underestimate=5,
        parallel_run_months=1,
    )


def default_uncertainty(assumptions: CostAssumptions) -> Uncertainty:
    """`DEFAULT_UNCERTAINTY` with the volume growth centred on ``assumptions``' growth."""
    return attrs.evolve(
        DEFAULT_UNCERTAINTY, annual_volume_growth=Normal(assumptions.annual_volume_growth, 5)
    )


def _months_between(start: pendulum.Date, end: pendulum.Date) -> int:
    """Months from ``start`` to ``end`` (exclusive), a part month counted whole."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + (1 if end.day > start.day else 0)


def business_case(
    portfolio: Portfolio,
    contract: Contract,
    *,
    assumptions: CostAssumptions | None = None,
    uncertainty: Uncertainty | None = None,
    discount_rate: Decimal | int = DEFAULT_DISCOUNT_RATE,
    runs: int = DEFAULT_RUNS,
    seed: int = DEFAULT_SEED,
) -> BusinessCase | NoBusinessCase:
    """The business case of one contract, or why there is none.

    Args:
        portfolio: The portfolio (processes and the client's currency).
        contract: The contract.
        assumptions: The central assumptions (default: `default_assumptions`).
        uncertainty: The distributions of the uncertain inputs (default:
            `default_uncertainty` of the central assumptions).
        discount_rate: Annual discount rate of the NPV, in percent.
        runs: Runs of the simulation.
        seed: Seed of the simulation.

    Returns:
        The business case; `NoBusinessCase` when no process of the contract has an in-house
        cost, or the costs cannot be projected (e.g. no exchange rate for a currency).
    """
    processes = tuple(
        p for p in (portfolio.process(i) for i in contract.process_ids) if p.in_house is not None
    )
    if not processes:
        return NoBusinessCase(contract.id, "no process of the contract has an in-house cost")
    central = assumptions or default_assumptions(portfolio, contract)
    try:
        in_house = project_costs(processes, assumptions=central)
        outsourced = project_costs(processes, contract, assumptions=central)
        simulation = simulate_costs(
            processes,
            contract,
            assumptions=central,
            uncertainty=default_uncertainty(central) if uncertainty is None else uncertainty,
            runs=runs,
            seed=seed,
        )
    except OutsourcingError as error:
        return NoBusinessCase(contract.id, str(error))
    comparison = compare_costs(in_house, outsourced, discount_rate=discount_rate)
    return BusinessCase(
        contract.id,
        processes,
        central,
        in_house,
        outsourced,
        comparison,
        simulation,
        contract=contract,
    )
