"""The projection's factors for many runs at once, in integer millionths, months × runs.

The same factors as `outsourcing.costs.factors` (growth, people, demand, wages, indexation), each
rounded half-up to six decimals at the same points, for every run. A factor is a `Track`: its
values on its distinct columns (a column per month for growth and demand, a column per year for
wages and indexation, a single column for 1) and the column each month uses, so lines that follow
a yearly factor are computed once per year and spread over the months afterwards. Every track
carries a bound on its magnitude, computed from the small per-run inputs, so no product is formed
without knowing that it fits int64 (else it continues in Python integers).
"""

from __future__ import annotations

import numpy as np

from outsourcing.costs.assumptions import CostAssumptions
from outsourcing.costs.integer_money import IntArray, half_up, largest, times
from outsourcing.costs.lines import CostBasis, Factor
from outsourcing.costs.run_inputs import MICRO, RunInputs, micro
from outsourcing.costs.run_revision import revision_table

__all__ = ["RunFactors", "Track"]


class Track:
    """A factor's values per run on its distinct columns, and the column each month uses.

    Attributes:
        by_column: Values, columns × runs (a single run column when no input varies by run).
        columns: Column of each month (None: one column per month).
        bound: Largest magnitude of the values.
    """

    def __init__(self, by_column: IntArray, columns: IntArray | None, bound: int) -> None:
        self.by_column = by_column
        self.columns = columns
        self.bound = bound
        self._monthly: IntArray | None = None

    def monthly(self) -> IntArray:
        """Values for every month (months × runs)."""
        if self._monthly is None:
            self._monthly = (
                self.by_column
                if self.columns is None
                else np.take(self.by_column, self.columns, axis=0)
            )
        return self._monthly

    def at(self, months: IntArray, runs: IntArray) -> IntArray:
        """Values at pairs of (month, run) indices."""
        rows = months if self.columns is None else self.columns[months]
        values: IntArray = self.by_column[rows, runs if self.by_column.shape[1] > 1 else 0]
        return values


def _compound(rate: IntArray, years: int) -> Track:
    """Factors (years+1 × runs) after 0..``years`` yearly changes of ``rate`` millionths."""
    step = (rate + MICRO)[None, :]
    step_bound = largest(step)
    rows = [np.full((1, rate.shape[0]), MICRO, dtype=np.int64)]
    bound = MICRO
    for _ in range(years):
        rows.append(half_up(times(rows[-1], bound, step, step_bound), MICRO, owned=True))
        bound = half_up(bound * step_bound, MICRO)
    return Track(np.concatenate(rows, axis=0), None, bound)


class RunFactors:
    """Monthly factors in millionths for all runs, each computed when first needed."""

    def __init__(self, months: int, inputs: RunInputs, assumptions: CostAssumptions) -> None:
        self.count = months
        self.inputs = inputs
        self.assumptions = assumptions
        self.year = np.arange(months) // 12
        self.one = Track(np.full((1, 1), MICRO, dtype=np.int64), np.zeros(months, np.intp), MICRO)
        self._tracks: dict[object, Track] = {}

    def track(self, factor: Factor | str, basis: CostBasis) -> Track:
        """The factor's values (``demand`` is the metered lines' extra key)."""
        key: object = factor
        if factor is Factor.INDEX:
            key = (
                factor,
                basis.index_rate,
                basis.index_cap,
                basis.index_floor,
                basis.index_years,
                basis.revision,
            )
        if key not in self._tracks:
            self._tracks[key] = self._compute(factor, basis)
        return self._tracks[key]

    def _compute(self, factor: Factor | str, basis: CostBasis) -> Track:  # noqa: PLR0911 - one branch per factor
        inputs, assumptions = self.inputs, self.assumptions
        scales = assumptions.in_house_scales_with_volume
        match factor:
            case "growth":
                return self._growth()
            case Factor.WAGE:
                wage = _compound(inputs.wage_inflation, self.count // 12 + 1)
                return Track(wage.by_column, self.year, wage.bound)
            case Factor.ONE:
                return self.one
            case Factor.STAFF:
                return self.track("growth", basis) if scales else self.one
            case Factor.PEOPLE:
                wage = self.track(Factor.WAGE, basis)
                if not scales:
                    return wage
                volume = self.track("growth", basis)
                people = times(volume.by_column, volume.bound, wage.monthly(), wage.bound)
                bound = volume.bound * wage.bound
                return Track(
                    half_up(people, MICRO, bound=bound, owned=True), None, half_up(bound, MICRO)
                )
            case Factor.OVERHEADS:
                return self._overheads(rent=False, basis=basis)
            case Factor.RENT:
                return self._overheads(rent=True, basis=basis)
            case Factor.INDEX:
                return self._index(basis)
            case _:
                return self._demand(basis)

    def _overheads(self, *, rent: bool, basis: CostBasis) -> Track:
        """Overheads: the stated rate compounded yearly; rent: staff × overheads."""
        if not rent:
            rate = np.array([micro(self.assumptions.overheads_inflation)], dtype=np.int64)
            overheads = _compound(rate, self.count // 12 + 1)
            return Track(overheads.by_column, self.year, overheads.bound)
        overheads = self.track(Factor.OVERHEADS, basis)
        if not self.assumptions.in_house_scales_with_volume:
            return overheads
        volume = self.track("growth", basis)
        product = times(volume.by_column, volume.bound, overheads.monthly(), overheads.bound)
        bound = volume.bound * overheads.bound
        return Track(half_up(product, MICRO, bound=bound, owned=True), None, half_up(bound, MICRO))

    def _growth(self) -> Track:
        """``(1 + g)**y × (1 + g × j / 12)`` for month *j* of year *y*, rounded."""
        g = self.inputs.annual_volume_growth
        yearly = _compound(g, self.count // 12 + 1)
        within = (np.arange(self.count) % 12)[:, None]
        step = within * g[None, :] + 12 * MICRO
        step_bound = 11 * largest(g) + 12 * MICRO
        bound = yearly.bound * step_bound
        numerator = times(
            np.take(yearly.by_column, self.year, axis=0), yearly.bound, step, step_bound
        )
        return Track(
            half_up(numerator, 12 * MICRO, bound=bound, owned=True),
            None,
            half_up(bound, 12 * MICRO),
        )

    def _demand(self, basis: CostBasis) -> Track:
        """Growth × seasonality × (1 + workload underestimate), each product rounded."""
        assumptions = self.assumptions
        volume = self.track("growth", basis)
        seasonal, bound = volume.by_column, volume.bound
        if assumptions.seasonality:
            factors = [micro(f * 100) for f in assumptions.seasonality]
            season = np.array(factors, dtype=np.int64)[[m.start.month - 1 for m in basis.months]][
                :, None
            ]
            seasonal = half_up(times(seasonal, bound, season, max(factors)), MICRO, owned=True)
            bound = half_up(bound * max(factors), MICRO)
        workload = (self.inputs.workload_underestimate + MICRO)[None, :]
        workload_bound = largest(workload)
        demand = half_up(
            times(seasonal, bound, workload, workload_bound),
            MICRO,
            bound=bound * workload_bound,
            owned=True,
        )
        return Track(demand, None, half_up(bound * workload_bound, MICRO))

    def _index(self, basis: CostBasis) -> Track:
        """Indexation compounded on each anniversary of the term start at the clamped rate.

        Under a price revision clause: the clause's factor after the revisions passed, each run
        growing the unpublished index months at its own rate (`revision_table`).
        """
        years = np.array(basis.index_years, dtype=np.intp)
        if basis.revision is not None:
            table = revision_table(
                basis.revision, self.inputs.indexation_rate, int(years.max(initial=0))
            )
            return Track(table, years, largest(table))
        if basis.index_rate is None:
            return self.one
        low = -MICRO + 1 if basis.index_floor is None else micro(basis.index_floor)
        high = 10**4 * MICRO if basis.index_cap is None else micro(basis.index_cap)
        rate = np.clip(self.inputs.indexation_rate, low, high)
        steps = _compound(rate, int(years.max(initial=0)))
        return Track(steps.by_column, years, steps.bound)
