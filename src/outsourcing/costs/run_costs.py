"""A scenario's monthly totals for many runs at once, in integer minor units, months × runs.

The vectorised counterpart of `project_costs`: the same cost lines (`cost_basis`), the same
rounding points (each line and month half-up in its currency, then converted and rounded half-up
into the reporting currency), in int64 arithmetic. Runs may differ in their go-live delay, hence
in the days each line is active: the scenario is then one `CostBasis` per delay, and every line is
computed once for all runs on full months and masked by the runs' windows, the partially active
months (go-live in mid-month…) being computed apart for the runs concerned. Full-month amounts do
not depend on the window, so a line shared by two scenarios (the in-house lines of the baseline
and of the alternative before go-live) is computed once.

Layout: months × runs (C order), so that per-run reductions over months and per-month
percentiles over runs read contiguous memory.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from fractions import Fraction

import attrs
import numpy as np

from outsourcing.costs.assumptions import FX_PLACES, CostAssumptions
from outsourcing.costs.integer_money import INT64_MAX, IntArray, half_up, largest, product, times
from outsourcing.costs.lines import (
    CostBasis,
    CostItem,
    Factor,
    MeteredCost,
    MinimumTrueUp,
    OneOffCharge,
    ScaledCost,
    ServiceCreditLine,
)
from outsourcing.costs.run_factors import RunFactors, Track
from outsourcing.costs.run_inputs import MICRO, RunInputs, micro
from outsourcing.model.money import minor_units
from outsourcing.model.pricing import Tiering

__all__ = ["RunCosts"]


class _Window:
    """Where a line is charged in each run: fully active months, and partial (month, run) pairs.

    Attributes:
        flags: Fully active months (months × 1) when every run has the same window, else None.
        mask: Fully active months per run (months × runs) when windows differ, else None.
        months, runs, days: The partially active (month, run) pairs and their active days.
    """

    def __init__(
        self, days: Sequence[tuple[int, ...]], groups: _Groups, month_days: IntArray
    ) -> None:
        table = np.array(days, dtype=np.int64).reshape(len(days), month_days.shape[0])
        full = table == month_days[None, :]
        uniform = bool((table == table[:1]).all())
        self.flags: IntArray | None = full[0][:, None] if uniform else None
        self.mask: IntArray | None = None if uniform else np.take(full.T, groups.index, axis=1)
        months: list[IntArray] = []
        runs: list[IntArray] = []
        spans: list[IntArray] = []
        for group, row in enumerate(table[:1] if uniform else table):
            members = groups.all if uniform else groups.members[group]
            for month in np.flatnonzero((row > 0) & (row < month_days)).tolist():
                months.append(np.full(members.shape[0], month, dtype=np.intp))
                runs.append(members)
                spans.append(np.full(members.shape[0], row[month], dtype=np.int64))
        self.months = np.concatenate(months) if months else np.zeros(0, np.intp)
        self.runs = np.concatenate(runs) if runs else np.zeros(0, np.intp)
        self.days = np.concatenate(spans) if spans else np.zeros(0, np.int64)
        self.month_days = month_days[self.months]

    def apply(self, values: IntArray) -> IntArray:
        """``values`` (months × runs or months × 1) kept on the fully active months only."""
        if self.flags is not None:
            return values if bool(self.flags.all()) else values * self.flags
        kept: IntArray = np.where(np.asarray(self.mask), values, 0)
        return kept


class _Groups:
    """Runs grouped by go-live delay: each run's group, and each group's runs."""

    def __init__(self, index: IntArray | None, runs: int) -> None:
        self.all = np.arange(runs, dtype=np.intp)
        self.index = np.zeros(runs, np.intp) if index is None else index
        count = 1 if index is None else int(index.max()) + 1
        self.members = (
            [self.all]
            if index is None
            else [np.flatnonzero(index == g).astype(np.intp) for g in range(count)]
        )


class _Conversion:
    """Conversion of one currency's amounts into the reporting currency, rounded half-up.

    The rates are one per run (or a single one), or, for a currency whose rate follows a path,
    months × runs (or months × 1): amounts are then converted month by month.
    """

    def __init__(self, currency: str, reporting: str, rates: IntArray | None) -> None:
        ratio = Fraction(10 ** minor_units(reporting), 10 ** (minor_units(currency) + FX_PLACES))
        self.identity = rates is None
        self.by_month = rates is not None and rates.ndim == 2
        self.denominator = ratio.denominator
        self.rates = np.zeros(1, np.int64) if rates is None else product(rates, ratio.numerator)
        self.bound = largest(self.rates)
        self.columns = int(self.rates.shape[-1])

    def full(self, amounts: IntArray, bound: int) -> tuple[IntArray, int]:
        """Converted amounts (columns × runs, months × runs for a path) and their bound."""
        if self.identity:
            return amounts, bound
        rates = self.rates if self.by_month else self.rates[None, :]
        converted = times(amounts, bound, rates, self.bound)
        result = half_up(converted, self.denominator, bound=bound * self.bound, owned=True)
        return result, half_up(bound * self.bound, self.denominator)

    def at(
        self, amounts: IntArray, runs: IntArray, bound: int, months: IntArray | None = None
    ) -> IntArray:
        """Converted amounts of the given runs (in the given months, for a path)."""
        if self.identity:
            return amounts
        if self.by_month:
            rates = self.rates[months, runs if self.columns > 1 else 0]
        else:
            rates = self.rates[runs] if self.rates.shape[0] > 1 else self.rates
        return half_up(times(amounts, bound, rates, self.bound), self.denominator, owned=True)

    def of_runs(self, runs: IntArray) -> IntArray:
        """The rates of some runs, shaped to multiply months × runs amounts."""
        if self.by_month:
            return self.rates[:, runs] if self.columns > 1 else self.rates
        rates = self.rates[runs] if self.rates.shape[0] > 1 else self.rates
        return rates[None, :]


class _Ledger:
    """Amounts added up by window before they are spread over the months and masked."""

    def __init__(self) -> None:
        self.windows: dict[int, _Window] = {}
        # window -> lines: (key, track or None for monthly lines, values)
        self.lines: dict[int, list[tuple[object, Track | None, IntArray]]] = {}
        self.partial: dict[int, IntArray] = {}
        self.cells: list[tuple[int, IntArray | slice, IntArray]] = []

    def add(self, window: _Window, key: object, track: Track | None, values: IntArray) -> None:
        """Add a line: values on ``track``'s columns, or for every month (``track`` None)."""
        self.windows[id(window)] = window
        self.lines.setdefault(id(window), []).append((key, track, values))

    def add_partial(self, window: _Window, values: IntArray) -> None:
        """Add amounts of the window's partially active (month, run) pairs."""
        self.windows[id(window)] = window
        if id(window) in self.partial:
            values = self.partial[id(window)] + values
        self.partial[id(window)] = values

    def add_cell(self, month: int, runs: IntArray | slice, values: IntArray) -> None:
        """Add amounts to one month of some runs."""
        self.cells.append((month, runs, values))

    def total(self, shape: tuple[int, int], cache: dict[object, IntArray]) -> IntArray:
        """Months × runs, each window's sum masked; sums of the same lines are computed once."""
        total: IntArray = np.zeros(shape, dtype=np.int64)
        for window_id, window in self.windows.items():
            lines = self.lines.get(window_id, [])
            if lines:
                content = tuple(sorted(repr(key) for key, _, _ in lines))
                if content not in cache:
                    cache[content] = _summed(lines)
                total = _accumulate(total, window.apply(cache[content]))
            if window_id in self.partial:
                added = self.partial[window_id]
                total = _to_object_if(total, added)
                total[window.months, window.runs] += added
        for month, runs, values in self.cells:
            total = _to_object_if(total, values)
            total[month, runs] += values
        return total


def _summed(lines: list[tuple[object, Track | None, IntArray]]) -> IntArray:
    """Lines added up on their tracks' columns, then spread over the months once per track."""
    by_track: dict[int, tuple[Track | None, IntArray]] = {}
    for _, track, values in lines:
        key = 0 if track is None or track.columns is None else id(track)
        if key in by_track:
            by_track[key] = (track, by_track[key][1] + values)
        else:
            by_track[key] = (track, values)
    summed: IntArray | int = 0
    for track, values in by_track.values():
        spread = (
            values if track is None or track.columns is None else np.take(values, track.columns, 0)
        )
        summed = summed + spread
    return np.asarray(summed)


def _to_object_if(total: IntArray, values: IntArray) -> IntArray:
    return total.astype(object) if values.dtype == object and total.dtype != object else total


def _accumulate(total: IntArray, values: IntArray) -> IntArray:
    """``total + values`` in place when both are int64."""
    if total.dtype == np.int64 and values.dtype == np.int64:
        total += values
        return total
    result: IntArray = total + values
    return result


def _tiered(item: MeteredCost, billed: IntArray, bound: int) -> tuple[IntArray, int, int]:
    """The charge of ``billed`` quantities, its bound, and the denominator of the prices."""
    scale = 10**item.places
    prices = [Fraction(price) * 10 ** minor_units(item.currency) for _, price in item.tiers]
    common = math.lcm(*(p.denominator for p in prices))
    numerators = [int(p * common) for p in prices]
    bounds = [None if upper is None else upper * scale for upper, _ in item.tiers]
    steps = [abs(a - b) for a, b in itertools.pairwise(numerators)]
    charge_bound = bound * (abs(numerators[-1]) + sum(steps))
    charge: IntArray
    if item.tiering is Tiering.VOLUME:
        closed = np.array([b for b in bounds if b is not None], dtype=np.int64)
        tier = np.searchsorted(closed, billed, side="left")
        charge = times(billed, bound, np.array(numerators, dtype=np.int64)[tier], max(numerators))
    else:
        # graduated, telescoped: p_last × q + Σ (p_i − p_i+1) × min(q, upper_i), for q >= 0
        charge = product(billed, numerators[-1], bound=bound)
        if charge_bound > INT64_MAX:
            charge = charge.astype(object)
        for upper, (price, following) in zip(bounds, itertools.pairwise(numerators), strict=False):
            if upper is not None and price != following:
                capped = np.minimum(billed, upper)
                charge = charge + product(capped, price - following, bound=bound)
    return charge, charge_bound, common * scale


def _indexed(
    item: MeteredCost, billed: IntArray, bound: int, index: IntArray, index_bound: int
) -> tuple[IntArray, int]:
    """Tiered charge × indexation, rounded half-up to the minor unit."""
    charge, charge_bound, denominator = _tiered(item, billed, bound)
    top = charge_bound * index_bound
    indexed = half_up(
        times(charge, charge_bound, index, index_bound), denominator * MICRO, bound=top, owned=True
    )
    return indexed, half_up(top, denominator * MICRO)


def _revised(
    item: MeteredCost,
    billed: IntArray,
    bound: int,
    prices: list[tuple[IntArray, int, int]],
    columns: IntArray | None,
) -> tuple[IntArray, int]:
    """The charge of ``billed`` quantities at revised tier prices, rounded to the minor unit.

    ``prices``: each tier's prices (a row per revision, or aligned with ``billed`` when
    ``columns`` is None), their bound and the decimals they are counted in; ``columns``: the
    row each month of ``billed`` uses. Telescoped over the tiers, with dᵢ = pᵢ − pᵢ₊₁:
    graduated, p_last × q + Σ dᵢ × min(q, upperᵢ); volume, p_last × q + Σ dᵢ × q × [q ≤ upperᵢ]
    (the quantity priced at the first tier it fits in).
    """
    places = max(n for _, _, n in prices)
    scaled = [
        (values if n == places else product(values, 10 ** (places - n)), top * 10 ** (places - n))
        for values, top, n in prices
    ]
    price_bound = max(top for _, top in scaled)
    scale = 10**item.places
    uppers = [upper * scale for upper, _ in item.tiers[:-1] if upper is not None]
    top = bound * price_bound * (2 * len(uppers) + 1)
    quantity = billed if top <= INT64_MAX else billed.astype(object)
    charge = _spread_times(quantity, bound, scaled[-1][0], price_bound, columns)
    for number, upper in enumerate(uppers):
        step = np.asarray(scaled[number][0] - scaled[number + 1][0])
        if not step.any():
            continue
        within = (
            np.minimum(quantity, upper)
            if item.tiering is Tiering.GRADUATED
            else np.where(quantity <= upper, quantity, 0)
        )
        charge = charge + _spread_times(within, bound, step, price_bound, columns)
    # prices are counted in at least the minor unit's decimals (`price_places`)
    denominator = scale * 10 ** (places - minor_units(item.currency))
    rounded = half_up(charge, denominator, bound=top, owned=True)
    return rounded, half_up(top, denominator)


def _spread_times(
    values: IntArray, bound: int, table: IntArray, table_bound: int, columns: IntArray | None
) -> IntArray:
    """``values`` (months × runs) times the ``table`` row of each month, exact.

    Months that use the same row form runs; each run is multiplied by its row broadcast, so
    the table is never spread over the months.
    """
    if columns is None or values.dtype == object or bound * table_bound > INT64_MAX:
        spread = table if columns is None else np.take(table, columns, axis=0)
        return times(values, bound, spread, table_bound)
    shape = np.broadcast_shapes(values.shape, (values.shape[0], table.shape[1]))
    out = np.empty(shape, dtype=np.int64)
    edges = [0, *(np.flatnonzero(np.diff(columns)) + 1).tolist(), columns.shape[0]]
    for start, end in itertools.pairwise(edges):
        np.multiply(values[start:end], table[columns[start]][None, :], out=out[start:end])
    return out


def _prorated(
    values: IntArray, bound: int, numerator: int, denominator: int, window: _Window
) -> tuple[IntArray, int]:
    """``values × numerator / denominator × active days / month days`` of partial pairs."""
    top = bound * numerator * 31
    scaled = times(product(values, numerator, bound=bound), bound * numerator, window.days, 31)
    rounded = half_up(scaled, denominator * window.month_days, bound=top, owned=True)
    return rounded, half_up(top, denominator)


def _ratio(item: ScaledCost, places: int | None) -> tuple[int, int]:
    """Minor units per unit of the line's track, as (numerator, denominator).

    The amount per millionth of a factor; for a revised price (in 10⁻ᵖˡᵃᶜᵉˢ, ``places`` given),
    the units per price unit.
    """
    if places is None:
        k = Fraction(item.amount) * Fraction(item.units) * 10 ** minor_units(item.currency)
        k /= item.divisor
        return k.numerator, k.denominator * MICRO
    k = Fraction(item.units) * 10 ** minor_units(item.currency) / (item.divisor * 10**places)
    return k.numerator, k.denominator


def _scaled_full(track: Track, numerator: int, denominator: int) -> tuple[IntArray, int]:
    """Full-month amounts of a scaled line: its track's values × numerator / denominator."""
    values = half_up(
        product(track.by_column, numerator, bound=track.bound),
        denominator,
        bound=track.bound * numerator,
        owned=True,
    )
    return values, half_up(track.bound * numerator, denominator)


class RunCosts:
    """Evaluates scenarios for all runs; shares factors and full-month lines between them."""

    def __init__(
        self, inputs: RunInputs, assumptions: CostAssumptions, count: int, runs: int
    ) -> None:
        self.inputs = inputs
        self.assumptions = assumptions
        self.count = count
        self.runs = runs
        self.factors = RunFactors(count, inputs, assumptions)
        self._conversions: dict[str, _Conversion] = {}
        self._lines: dict[object, tuple[IntArray, int, IntArray]] = {}
        self._sums: dict[object, IntArray] = {}

    def conversion(self, currency: str) -> _Conversion:
        """Conversion of ``currency`` into the reporting currency."""
        if currency not in self._conversions:
            reporting = self.assumptions.currency
            rates = (
                None
                if currency == reporting
                else self.inputs.fx_paths.get(currency, self.inputs.fx_rates.get(currency))
            )
            self._conversions[currency] = _Conversion(currency, reporting, rates)
        return self._conversions[currency]

    def costs(self, bases: Sequence[CostBasis], groups: IntArray | None) -> IntArray:
        """Monthly totals (months × runs) of a scenario; ``bases[groups[r]]`` is run r's basis."""
        months = bases[0].months
        month_days = np.array([m.days for m in months], dtype=np.int64)
        grouping = _Groups(groups, self.runs)
        books = _Ledger()
        fees: dict[str, _Ledger] = {}
        needs_fees = any(
            isinstance(item, MinimumTrueUp | ServiceCreditLine) for b in bases for item in b.items
        )
        windows: dict[tuple[tuple[int, ...], ...], _Window] = {}
        deferred: list[list[CostItem | None]] = []
        idle = (0,) * len(months)
        for aligned in _aligned(bases):
            item = next(i for i in aligned if i is not None)
            if isinstance(item, MinimumTrueUp | ServiceCreditLine):
                deferred.append(aligned)
            elif isinstance(item, OneOffCharge):
                self._one_off(aligned, grouping, books)
            else:
                days = tuple(
                    i.days if isinstance(i, ScaledCost | MeteredCost) else idle for i in aligned
                )
                if days not in windows:
                    windows[days] = _Window(days, grouping, month_days)
                recurring = isinstance(item, MeteredCost) or item.recurring_fee
                fee_book = (
                    fees.setdefault(item.currency, _Ledger()) if needs_fees and recurring else None
                )
                self._post(item, bases[0], windows[days], books, fee_book)
        total = books.total((self.count, self.runs), self._sums)
        for aligned in deferred:
            total = self._deferred(aligned, bases, grouping, fees, total)
        return total

    def _one_off(self, aligned: list[CostItem | None], groups: _Groups, books: _Ledger) -> None:
        """Post a one-off charge in its month, converted with each run's rate."""
        everywhere = all(i is not None for i in aligned)
        for group, item in enumerate(aligned):
            if not isinstance(item, OneOffCharge):
                continue
            due = Fraction(item.amount) * 10 ** minor_units(item.currency)
            charge = half_up(due.numerator, due.denominator)
            convert = self.conversion(item.currency)
            every = np.full(convert.columns, charge, dtype=np.int64)
            months = np.full(convert.columns, item.month, dtype=np.intp)
            amounts = convert.at(every, np.arange(convert.columns), charge, months)
            if everywhere:
                books.add_cell(item.month, slice(None), amounts)
                return
            members = groups.members[group]
            books.add_cell(
                item.month, members, amounts[members] if amounts.shape[0] > 1 else amounts
            )

    def _post(
        self,
        item: ScaledCost | MeteredCost,
        basis: CostBasis,
        window: _Window,
        books: _Ledger,
        fee_book: _Ledger | None,
    ) -> None:
        """Post a line's full-month amounts and its partial months, converted (and as fees)."""
        convert = self.conversion(item.currency)
        revised = basis.revision is not None
        if isinstance(item, ScaledCost) and revised and item.factor is Factor.INDEX:
            track, places = self.factors.price(basis, item.amount, item.currency)
            ratio = _ratio(item, places)
        elif isinstance(item, ScaledCost):
            track, ratio = self.factors.track(item.factor, basis), _ratio(item, None)
        else:
            track = self.factors.track(Factor.INDEX, basis)
        line: Track | None = track
        if isinstance(item, ScaledCost):
            key: object = (
                "scaled",
                item.currency,
                item.amount,
                item.units,
                item.divisor,
                id(track),
            )
        else:
            line = None
            key = ("metered", item.currency, item.quantity, item.places, item.tiers, item.tiering)
            key = (*key, id(track), id(basis.revision))
        if convert.by_month:  # converted month by month: the line is spread over the months
            line = None
        if key not in self._lines:
            amounts, bound = (
                _scaled_full(track, *ratio)
                if isinstance(item, ScaledCost)
                else self._metered_full(item, basis, track)
            )
            if convert.by_month and isinstance(item, ScaledCost) and track.columns is not None:
                amounts = np.take(amounts, track.columns, axis=0)
            self._lines[key] = (amounts, bound, convert.full(amounts, bound)[0])
        amounts, _, converted = self._lines[key]
        books.add(window, key, line, converted)
        if fee_book is not None:
            fee_book.add(window, key, line, amounts)
        if window.months.shape[0]:
            partial, partial_bound = (
                _prorated(track.at(window.months, window.runs), track.bound, *ratio, window=window)
                if isinstance(item, ScaledCost)
                else self._metered_partial(item, basis, track, window)
            )
            books.add_partial(
                window, convert.at(partial, window.runs, partial_bound, window.months)
            )
            if fee_book is not None:
                fee_book.add_partial(window, partial)

    def _billed(self, item: MeteredCost, demand: Track) -> tuple[IntArray, int]:
        """Quantities billed in full months (quantity × demand, rounded to what is billed)."""
        quantity = Fraction(item.quantity) * 10**item.places
        numerator, denominator = quantity.numerator, quantity.denominator * MICRO
        top = demand.bound * numerator
        billed = half_up(
            product(demand.by_column, numerator, bound=demand.bound),
            denominator,
            bound=top,
            owned=True,
        )
        return billed, half_up(top, denominator)

    def _metered_full(
        self, item: MeteredCost, basis: CostBasis, index: Track
    ) -> tuple[IntArray, int]:
        billed, billed_bound = self._billed(item, self.factors.track("demand", basis))
        if basis.revision is not None:
            prices = [self.factors.price(basis, p, item.currency) for _, p in item.tiers]
            tables = [(t.by_column, t.bound, n) for t, n in prices]
            return _revised(item, billed, billed_bound, tables, prices[0][0].columns)
        return _indexed(item, billed, billed_bound, index.monthly(), index.bound)

    def _metered_partial(
        self, item: MeteredCost, basis: CostBasis, index: Track, window: _Window
    ) -> tuple[IntArray, int]:
        demand = self.factors.track("demand", basis)
        quantity = Fraction(item.quantity) * 10**item.places
        billed, billed_bound = _prorated(
            demand.at(window.months, window.runs),
            demand.bound,
            quantity.numerator,
            quantity.denominator * MICRO,
            window,
        )
        if basis.revision is not None:
            prices = [self.factors.price(basis, p, item.currency) for _, p in item.tiers]
            at = [(t.at(window.months, window.runs), t.bound, n) for t, n in prices]
            return _revised(item, billed, billed_bound, at, None)
        values = index.at(window.months, window.runs)
        return _indexed(item, billed, billed_bound, values, index.bound)

    def _deferred(
        self,
        aligned: list[CostItem | None],
        bases: Sequence[CostBasis],
        groups: _Groups,
        fees: dict[str, _Ledger],
        total: IntArray,
    ) -> IntArray:
        """Add service credits or minimum true-ups, which depend on the recurring fees."""
        item = next(i for i in aligned if i is not None)
        shape = (self.count, self.runs)
        source = fees.get(item.currency)
        recurring = np.zeros(shape, np.int64) if source is None else source.total(shape, {})
        convert = self.conversion(item.currency)
        if isinstance(item, ServiceCreditLine) and all(i == item for i in aligned):
            deducted = half_up(product(recurring, micro(item.rate)), MICRO, owned=True)
            converted, _ = convert.full(deducted, largest(deducted))
            return total - converted
        total = total.astype(object) if total.dtype == object else total.copy()
        for group, current in enumerate(aligned):
            if current is None:
                continue
            runs = groups.members[group]
            fees_group = recurring[:, runs]
            if isinstance(current, ServiceCreditLine):
                amounts = half_up(product(fees_group, micro(current.rate)), MICRO, owned=True)
                sign = -1
            elif isinstance(current, MinimumTrueUp):
                amounts = self._true_up(current, bases[group], fees_group, runs)
                sign = 1
            else:  # pragma: no cover - deferred lines are credits or true-ups
                continue
            if not convert.identity:
                amounts = half_up(
                    product(amounts, convert.of_runs(runs)), convert.denominator, owned=True
                )
            added = total[:, runs] + sign * amounts
            if added.dtype == object and total.dtype != object:
                total = total.astype(object)
            total[:, runs] = added
        return total

    def _true_up(
        self, item: MinimumTrueUp, basis: CostBasis, fees: IntArray, runs: IntArray
    ) -> IntArray:
        """Shortfalls against the minimum, billed at the end of each true-up period."""
        months = basis.months
        k = Fraction(item.monthly_minimum) * 10 ** minor_units(item.currency)
        if basis.revision is None:
            index = self.factors.track(Factor.INDEX, basis)
            denominator = k.denominator * MICRO
        else:  # the minimum itself is revised, in 10**-places
            index, places = self.factors.price(basis, item.monthly_minimum, item.currency)
            k = Fraction(10 ** minor_units(item.currency), 10**places)
            denominator = k.denominator
        values = index.monthly()
        values = values[:, runs] if values.shape[1] > 1 else values
        days = np.array(item.days, dtype=np.int64)[:, None]
        month_days = np.array([m.days for m in months], dtype=np.int64)[:, None]
        minimum = half_up(
            product(values, k.numerator, bound=index.bound) * days,
            denominator * month_days,
            owned=True,
        )
        rows = max(minimum.shape[1], fees.shape[1])
        out = np.zeros((len(months), rows), dtype=np.int64)
        active = [i for i, d in enumerate(item.days) if d]
        if not active:
            return out
        first, last = active[0], active[-1] + 1
        starts = np.arange(0, last - first, item.period_months)
        ends = np.minimum(starts + item.period_months, last - first) - 1 + first
        gap = np.broadcast_to(minimum - fees, (len(months), rows))[first:last]
        shortfall = np.maximum(np.add.reduceat(gap, starts, axis=0), 0)
        if shortfall.dtype == object:
            out = out.astype(object)
        out[ends] = shortfall
        return out


def _aligned(bases: Sequence[CostBasis]) -> list[list[CostItem | None]]:
    """Each line with its item in every basis (None where absent).

    Items are matched on everything but their active days (and on their occurrence, should two
    identical lines appear), so a line's full-month amounts are the same in every basis.
    """
    order: list[tuple[object, int]] = []
    table: dict[tuple[object, int], list[CostItem | None]] = {}
    for position, basis in enumerate(bases):
        seen: dict[object, int] = {}
        for item in basis.items:
            content: object = (
                attrs.evolve(item, days=())
                if isinstance(item, ScaledCost | MeteredCost | MinimumTrueUp)
                else item
            )
            occurrence = seen.get(content, 0)
            seen[content] = occurrence + 1
            key = (content, occurrence)
            if key not in table:
                table[key] = [None] * len(bases)
                order.append(key)
            table[key][position] = item
    return [table[key] for key in order]
