"""Cost projection and what-if: in house against outsourced, break-even, NPV, Monte Carlo.

Offers are compared in `outsourcing.costs.offers` (`compare_offers`).

`project_costs` gives a scenario's monthly cost line by line in exact `Decimal`;
`compare_costs` turns two projections into savings, break-even, payback, NPV and IRR;
`simulate_costs` runs many scenarios at once in integer cents, exact to the cent.
"""

from outsourcing.costs.assumptions import (
    CostAssumptions,
    Distribution,
    Fixed,
    Normal,
    Triangular,
    Uncertainty,
    Uniform,
)
from outsourcing.costs.comparison import CostComparison, compare_costs
from outsourcing.costs.horizon import Month
from outsourcing.costs.lines import CostGroup, Exclusion, LineLabel
from outsourcing.costs.offer_risk import OfferRisk
from outsourcing.costs.projection import CostLine, CostProjection, project_costs
from outsourcing.costs.simulation import (
    CostSeries,
    CostSimulation,
    MonthlyPercentiles,
    RunInputs,
    simulate_costs,
)

__all__ = [
    "CostAssumptions",
    "CostComparison",
    "CostGroup",
    "CostLine",
    "CostProjection",
    "CostSeries",
    "CostSimulation",
    "Distribution",
    "Exclusion",
    "Fixed",
    "LineLabel",
    "Month",
    "MonthlyPercentiles",
    "Normal",
    "OfferRisk",
    "RunInputs",
    "Triangular",
    "Uncertainty",
    "Uniform",
    "compare_costs",
    "project_costs",
    "simulate_costs",
]
