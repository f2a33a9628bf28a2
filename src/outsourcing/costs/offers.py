"""Several providers' offers for the same work, compared on common random numbers.

`compare_offers` simulates the in-house baseline and every offer on the *same* draws: one
volume growth, wage inflation, index change, exchange-rate change, workload underestimate and
go-live delay per run, shared by every offer (the exchange-rate change of a currency is drawn once
per run whatever the offers billed in it). The difference between two offers in a run is then
the effect of their terms alone, not random noise, and the probability that one costs less
than another is the share of runs in which it does (paired runs).

Two offers with the same terms give the same amounts in every run, to the cent. Each offer's
simulation is a `CostSimulation` against the common baseline, so everything a simulation gives
(bands, break-even distribution, the exact assumptions of a run) is there per offer.

When the index change is not uncertain, each offer keeps its own contract's expected rate (as
`simulate_costs` does); when it is, every offer sees the same drawn change, clamped by its own
contract's cap and floor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import numpy as np

from outsourcing.arrays import read_only
from outsourcing.costs.assumptions import CostAssumptions, Uncertainty
from outsourcing.costs.business_case import (
    DEFAULT_DISCOUNT_RATE,
    DEFAULT_RUNS,
    VOLUME_GROWTH_BY_PHASE,
)
from outsourcing.costs.comparison import CostComparison, compare_costs
from outsourcing.costs.horizon import Month
from outsourcing.costs.integer_money import IntArray
from outsourcing.costs.lines import CostBasis, cost_basis
from outsourcing.costs.offer_risk import OfferRisk, offer_risk
from outsourcing.costs.order_statistics import order_statistics
from outsourcing.costs.projection import CostProjection, project_costs
from outsourcing.costs.run_costs import RunCosts
from outsourcing.costs.run_inputs import RunInputs, assumed_index, draw_inputs
from outsourcing.costs.simulation import (
    PERCENTILES,
    CostSimulation,
    _bases,
    simulation_of,
)
from outsourcing.costs.tables import require_pandas
from outsourcing.exceptions import InvalidValueError
from outsourcing.model.contract import Contract
from outsourcing.model.money import Money
from outsourcing.model.portfolio import Portfolio
from outsourcing.model.process import Process
from outsourcing.percentiles import nearest_ranks

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["OfferComparison", "OfferResult", "compare_offers"]

_MAX_RUNS = 1_000_000


@attrs.frozen(eq=False)
class OfferResult:
    """One offer against keeping the work in house: exact, simulated, and its other risks.

    Attributes:
        name: The offer's name (its key in ``offers``, or its contract's id).
        contract: The offer's contract.
        processes: The processes the offer is for.
        projection: The exact projection of the offer under the central assumptions.
        comparison: The in-house baseline against the offer, exact.
        simulation: The Monte Carlo runs of the offer against the common baseline.
        risk: Review findings, data transfer, exit readiness, language fit, certifications.
    """

    name: str
    contract: Contract
    processes: tuple[Process, ...]
    projection: CostProjection
    comparison: CostComparison
    simulation: CostSimulation
    risk: OfferRisk

    @property
    def total_cost(self) -> Money:
        """The offer's cost over the horizon, as assumed."""
        return self.projection.total

    @property
    def savings(self) -> Money:
        """In house minus the offer over the horizon, as assumed."""
        return self.comparison.total_savings

    @property
    def npv(self) -> Money:
        """Net present value of the monthly savings, as assumed."""
        return self.comparison.npv

    @property
    def break_even_month(self) -> int | None:
        """Month (from 1) from which the cumulative savings stay >= 0, as assumed."""
        return self.comparison.break_even_month

    @property
    def total_cost_minor(self) -> IntArray:
        """The offer's cost over the horizon in each run, in minor units."""
        return read_only(self.simulation.alternative_minor.sum(axis=1))

    @property
    def savings_minor(self) -> IntArray:
        """Savings over the horizon in each run, in minor units."""
        return read_only(self.simulation.cumulative_savings_minor[:, -1].copy())

    def savings_percentiles(self) -> tuple[Money, Money, Money]:
        """P10, P50 and P90 of the savings over the horizon (nearest-rank, exact runs)."""
        return _percentiles(self.savings_minor, self.simulation.currency)

    def total_cost_percentiles(self) -> tuple[Money, Money, Money]:
        """P10, P50 and P90 of the offer's cost over the horizon."""
        return _percentiles(self.total_cost_minor, self.simulation.currency)


def _percentiles(values: IntArray, currency: str) -> tuple[Money, Money, Money]:
    ranks = nearest_ranks(values.shape[0], PERCENTILES)
    rows = order_statistics(np.ascontiguousarray(values[None, :]), ranks)
    low, mid, high = (Money.from_minor(int(row[0]), currency) for row in rows)
    return low, mid, high


@attrs.frozen(eq=False)
class OfferComparison:
    """Offers for the same processes against the in-house baseline, on common random numbers.

    Attributes:
        currency: Reporting currency.
        months: The projected months.
        process_ids: The processes the offers are for.
        assumptions: The central assumptions.
        uncertainty: What was uncertain, and how.
        runs: Number of runs.
        seed: The seed shared by every offer.
        in_house: The exact projection of keeping the processes in house.
        offers: One result per offer, in the order given.
        suggested_growth: The yearly volume growth the client's life phase suggests
            (`VOLUME_GROWTH_BY_PHASE`) when the comparison left volumes flat, not uncertain,
            for a client whose phase suggests growth; None otherwise.
    """

    currency: str
    months: tuple[Month, ...]
    process_ids: tuple[str, ...]
    assumptions: CostAssumptions
    uncertainty: Uncertainty
    runs: int
    seed: int
    in_house: CostProjection
    offers: tuple[OfferResult, ...]
    suggested_growth: Decimal | None = None

    @property
    def notes(self) -> tuple[str, ...]:
        """What the comparison assumed that the reader should check, in words."""
        if self.suggested_growth is None:
            return ()
        note = (
            "volume growth left at 0 % a year for a client whose life phase suggests "
            f"{self.suggested_growth} % a year"
        )
        return (note,)

    def offer(self, name: str) -> OfferResult:
        """The result of the offer called ``name``."""
        for result in self.offers:
            if result.name == name:
                return result
        raise InvalidValueError(
            "OfferComparison.offer", name, f"no such offer ({', '.join(self.names)})"
        )

    @property
    def names(self) -> tuple[str, ...]:
        """The offers' names, in order."""
        return tuple(o.name for o in self.offers)

    def cost_difference_minor(self, first: str, second: str) -> IntArray:
        """``first``'s cost minus ``second``'s over the horizon, per run (paired), minor units."""
        difference: IntArray = (
            self.offer(first).total_cost_minor - self.offer(second).total_cost_minor
        )
        return read_only(difference)

    def probability_cheaper(self, first: str, second: str) -> Decimal:
        """Share of runs in which ``first`` costs less than ``second`` over the horizon.

        The baseline is common, so it is also the share of runs in which ``first`` saves more.
        """
        hits = int(np.count_nonzero(self.cost_difference_minor(first, second) < 0))
        return Decimal(hits) / Decimal(self.runs)

    def to_pandas(self) -> pd.DataFrame:
        """A row per offer: exact figures, P10/P50/P90 of the savings, and the risks.

        Amounts are `Decimal`. Needs pandas (the ``notebook`` extra).
        """
        pandas = require_pandas()
        rows = []
        for result in self.offers:
            p10, p50, p90 = result.savings_percentiles()
            risk = result.risk
            rows.append(
                {
                    "total_cost": result.total_cost.amount,
                    "savings": result.savings.amount,
                    "npv": result.npv.amount,
                    "break_even_month": result.break_even_month,
                    "savings_p10": p10.amount,
                    "savings_p50": p50.amount,
                    "savings_p90": p90.amount,
                    "review_missing": risk.review_missing,
                    "transfer_covered": risk.transfer_covered,
                    "exit_ready": f"{risk.reversibility_ready}/{risk.reversibility_items}",
                    "languages": ", ".join(risk.shared_languages),
                    "certifications": ", ".join(str(c) for c in risk.certifications),
                }
            )
        frame: pd.DataFrame = pandas.DataFrame(rows, index=pandas.Index(self.names, name="offer"))
        return frame

    def plot(self, *, ax: Axes | None = None) -> Axes:
        """Savings over the horizon per offer: P10–P90 bar, median, as assumed (matplotlib)."""
        from outsourcing.notebook import plot_offers  # noqa: PLC0415 - on use

        return plot_offers(self, ax=ax)

    def _repr_html_(self) -> str:
        """The comparison as HTML, for notebooks."""
        from outsourcing.notebook import result_html  # noqa: PLC0415 - on use

        return result_html(self)


def _named(offers: Mapping[str, Contract] | Iterable[Contract]) -> list[tuple[str, Contract]]:
    named = (
        list(offers.items())
        if isinstance(offers, Mapping)
        else [(contract.id, contract) for contract in offers]
    )
    if not named:
        raise InvalidValueError("compare_offers.offers", [], "must hold at least one offer")
    names = [name for name, _ in named]
    for name, contract in named:
        if not isinstance(contract, Contract):
            raise InvalidValueError(f"compare_offers.offers[{name!r}]", contract, "not a Contract")
        if names.count(name) > 1:
            raise InvalidValueError("compare_offers.offers", name, "two offers have this name")
    return named


def compare_offers(
    portfolio: Portfolio,
    process_ids: Sequence[str],
    offers: Mapping[str, Contract] | Iterable[Contract],
    *,
    assumptions: CostAssumptions,
    uncertainty: Uncertainty,
    seed: int,
    runs: int = DEFAULT_RUNS,
    discount_rate: Decimal | int | str = DEFAULT_DISCOUNT_RATE,
) -> OfferComparison:
    """Compare offers for ``process_ids`` with keeping them in house, on common random numbers.

    Args:
        portfolio: The client, its processes (with their in-house costs) and providers.
        process_ids: The processes the offers are for.
        offers: The offers' contracts, by name (or a sequence, named by contract id); they need
            not be in the portfolio, but their providers should be for the risk summary.
        assumptions: The central assumptions, with an exchange rate for every currency billed.
        uncertainty: The distributions of the uncertain inputs, drawn once per run for all
            offers.
        seed: Seed of the random streams.
        runs: Number of runs.
        discount_rate: Annual discount rate of the NPV, in percent.

    Returns:
        Per offer: exact total cost, savings, NPV and break-even, the simulated runs (P10/P50/P90,
        break-even distribution) and the risk summary; and paired comparisons between offers.

    Raises:
        InvalidValueError: No offer or process, two offers with one name, ``runs`` or ``seed``
            out of range, or a currency without an exchange rate.
        UnknownReferenceError: A process id not in the portfolio.
    """
    given: object = runs
    if isinstance(given, bool) or not isinstance(given, int) or not 1 <= given <= _MAX_RUNS:
        raise InvalidValueError(
            "compare_offers.runs", runs, f"must be a whole number in 1..{_MAX_RUNS}"
        )
    given_seed: object = seed
    if isinstance(given_seed, bool) or not isinstance(given_seed, int) or given_seed < 0:
        raise InvalidValueError("compare_offers.seed", seed, "must be a whole number >= 0")
    if not process_ids:
        raise InvalidValueError("compare_offers.process_ids", [], "must name a process")
    named = _named(offers)
    processes = tuple(portfolio.process(pid) for pid in process_ids)
    baseline_basis = cost_basis(processes, None, assumptions)
    offer_bases = [cost_basis(processes, contract, assumptions) for _, contract in named]
    currencies = sorted(
        {item.currency for b in (baseline_basis, *offer_bases) for item in b.items}
        - {assumptions.currency}
    )
    for code in currencies:
        assumptions.fx_rate(code)

    engines: dict[Decimal | None, tuple[RunInputs, RunCosts]] = {}

    def engine_for(basis: CostBasis) -> tuple[RunInputs, RunCosts]:
        assumed = assumed_index(basis, uncertainty)
        key = None if uncertainty.indexation_rate is not None else assumed
        if key not in engines:
            inputs = draw_inputs(
                uncertainty,
                assumptions=assumptions,
                assumed_index=assumed,
                currencies=currencies,
                runs=runs,
                seed=seed,
            )
            engines[key] = (inputs, RunCosts(inputs, assumptions, assumptions.months, runs))
        return engines[key]

    _, first_engine = engine_for(offer_bases[0])
    baseline = first_engine.costs([baseline_basis], None)
    in_house = project_costs(processes, assumptions=assumptions)
    as_of = assumptions.start
    results: list[OfferResult] = []
    for (name, contract), basis in zip(named, offer_bases, strict=True):
        inputs, engine = engine_for(basis)
        alternative = engine.costs(
            *_bases(processes, contract, assumptions, inputs.transition_delay_months)
        )
        simulation = simulation_of(
            baseline,
            alternative,
            months=basis.months,
            inputs=inputs,
            assumptions=assumptions,
            uncertainty=uncertainty,
            runs=runs,
            seed=seed,
        )
        projection = project_costs(processes, contract, assumptions=assumptions)
        results.append(
            OfferResult(
                name=name,
                contract=contract,
                processes=processes,
                projection=projection,
                comparison=compare_costs(in_house, projection, discount_rate=discount_rate),
                simulation=simulation,
                risk=offer_risk(portfolio, contract, as_of=as_of),
            )
        )
    return OfferComparison(
        currency=assumptions.currency,
        months=baseline_basis.months,
        process_ids=tuple(process_ids),
        assumptions=assumptions,
        uncertainty=uncertainty,
        runs=runs,
        seed=seed,
        in_house=in_house,
        offers=tuple(results),
        suggested_growth=_suggested_growth(portfolio, assumptions, uncertainty),
    )


def _suggested_growth(
    portfolio: Portfolio, assumptions: CostAssumptions, uncertainty: Uncertainty
) -> Decimal | None:
    expected = VOLUME_GROWTH_BY_PHASE[portfolio.client.phase]
    flat = assumptions.annual_volume_growth == 0 and uncertainty.annual_volume_growth is None
    return expected if flat and expected else None
