"""A price revision clause's revised prices for many runs at once, in integers.

Each run has its own expected yearly index change (``Uncertainty.indexation_rate``), which moves
the index months not published yet and so the coefficients of the revisions that use them; the
published months are the same in every run. Every price must equal `revised_prices`' to the
cent: P₀ × the coefficient, capped and floored against the price before it as invoiced, rounded
half up (`revised_amount`). The coefficient involves a fractional power in `Decimal` (a month part
of a year past the last published value), tens of microseconds a run, so it is first computed in
floating point, whose error (a few units in the 15th digit) is far below the margin kept from
any rounding boundary:

- a clause that rounds its coefficient (to at most nine decimals): a run whose coefficient falls
  within ``1e-9`` (relative) of a half-way point is recomputed in `Decimal`; the others are
  rounded in floats, which is then exact. The coefficient is thus an exact integer k / 10ᵈ for
  every run, and the price, the cap and the floor are computed in exact integer arithmetic;
- a clause that does not: the price P₀ × coefficient is computed in floats, and a run within
  ``1e-11`` (relative) of a half-way point, of the cap or of the floor is recomputed by
  `revised_amount` itself, once per distinct (rate, price before).

The result is exact for every run.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from outsourcing.costs.index_revision import IndexRevision, revision_coefficient
from outsourcing.costs.integer_money import INT64_MAX, IntArray, half_up, largest, product
from outsourcing.costs.price_revision import index_month, revised_amount
from outsourcing.costs.run_inputs import MICRO
from outsourcing.decimals import computing
from outsourcing.model.money import PercentChange

__all__ = ["RevisionRuns"]

#: Relative margin from a coefficient's rounding boundary below which it is recomputed exactly.
_MARGIN = 1e-9
#: Relative margin from a price's rounding boundary, cap or floor below which it is recomputed.
_PRICE_MARGIN = 1e-11
#: Largest float magnitude whose integer part a float holds exactly.
_EXACT_FLOAT = 2.0**52
#: Coefficient decimals the float path rounds to (more: the price path checks every run).
_MAX_DECIMALS = 9

_Floats = npt.NDArray[np.float64]
_Flags = npt.NDArray[np.bool_]


class _Coefficients:
    """One revision's coefficient for every run.

    Attributes:
        exact: The coefficient when it is the same in every run (published months only).
        scaled: The coefficient × 10ᵈ, exact integers, when the clause rounds it to d ≤ 9
            decimals; else None.
        values: The coefficient in floats (when ``scaled`` is None).
        unknown: Runs whose float coefficient is not finite (recomputed exactly).
    """

    def __init__(
        self,
        exact: Decimal | None,
        scaled: IntArray | None,
        values: _Floats | None,
        unknown: _Flags | None,
    ) -> None:
        self.exact = exact
        self.scaled = scaled
        self.values = values
        self.unknown = unknown


class RevisionRuns:
    """A clause's revisions for every run: coefficients once, then each price's revisions."""

    def __init__(self, revision: IndexRevision, rates: IntArray, count: int) -> None:
        """Revisions 1 … ``count`` of ``revision``.

        Args:
            revision: The clause with its series and dates.
            rates: Each run's expected yearly index change, in millionths of one (one entry per
                run, or a single one).
            count: How many revisions the projection passes.
        """
        self.revision = revision
        self.rates = rates
        self.count = count
        self._coefficients: dict[int, _Coefficients] = {}
        self._exact: dict[tuple[int, int], Decimal] = {}
        self._tables: dict[tuple[Decimal, int], IntArray] = {}

    def table(self, price: Decimal, places: int) -> IntArray:
        """A price after 0, 1, … ``count`` revisions ((count + 1) × runs), in 10⁻ᵖˡᵃᶜᵉˢ.

        Args:
            price: P₀, with at most ``places`` decimals.
            places: The decimals each revised price is rounded to (`price_places`).
        """
        key = (price, places)
        if key not in self._tables:
            base = int(price.scaleb(places))
            first = np.full(self.rates.shape[0], base, dtype=object)
            rows: list[IntArray] = [_fitted(first)]
            for number in range(1, self.count + 1):
                rows.append(_fitted(self._step(number, rows[-1], price, places)))
            if any(row.dtype == object for row in rows):
                rows = [row.astype(object) for row in rows]
            self._tables[key] = np.stack(rows)
        return self._tables[key]

    def coefficient(self, number: int, rate: int) -> Decimal:
        """The exact coefficient of revision ``number`` for a run's rate (millionths)."""
        key = (number, rate)
        if key not in self._exact:
            self._exact[key] = revision_coefficient(self.revision, number, Decimal(rate).scaleb(-4))
        return self._exact[key]

    def _coefficient(self, number: int) -> _Coefficients:
        if number not in self._coefficients:
            self._coefficients[number] = self._compute(number)
        return self._coefficients[number]

    def _compute(self, number: int) -> _Coefficients:
        """The coefficient of revision ``number`` for every run (see the module's docstring)."""
        clause = self.revision.clause
        decimals = clause.coefficient_decimals
        rounds = decimals is not None and decimals <= _MAX_DECIMALS
        if self.revision.published(number):
            exact = self.coefficient(number, int(self.rates[0]))
            if rounds and decimals is not None:
                scaled = np.array([int(exact.scaleb(decimals))], dtype=object)
                return _Coefficients(exact, _fitted(scaled), None, None)
            return _Coefficients(exact, None, np.full(1, float(exact)), None)
        with np.errstate(over="ignore", invalid="ignore"):
            values = np.full(self.rates.shape[0], float(clause.fixed_share))
            for scale, growth in self._ratios(number):
                values = values + scale * growth
            unknown = ~np.isfinite(values)
            if not rounds or decimals is None:
                return _Coefficients(None, None, values, unknown)
            scaled = values * 10.0**decimals
            unknown |= _near_half(scaled, _MARGIN)
            rounded = np.floor(np.where(unknown, 0.0, scaled) + 0.5).astype(np.int64)
        if unknown.any():
            recomputed = rounded.astype(object)
            for run in np.flatnonzero(unknown).tolist():
                found = self.coefficient(number, int(self.rates[run]))
                recomputed[run] = int(found.scaleb(decimals))
            return _Coefficients(None, _fitted(recomputed), None, None)
        return _Coefficients(None, rounded, None, None)

    def _ratios(self, number: int) -> list[tuple[float, _Floats]]:
        """Each index's weight × Sᵢ/S₀ᵢ in floats: a scale, times a growth (one or per run)."""
        clause = self.revision.clause
        month = index_month(clause, self.revision.dates[number - 1])
        growth = self.revision.growth_months(number)
        yearly = 1.0 + self.rates.astype(np.float64) / MICRO
        out = []
        for weight in clause.indices:
            series = self.revision.series[weight.index]
            base = float(weight.weight) / float(series.value(clause.reference_month))
            months = growth[weight.index]
            if months == 0:
                out.append((base * float(series.value(month)), np.ones(1)))
            else:
                last = float(series.values[series.last])
                out.append((base * last, np.power(yearly, months / 12)))
        return out

    def _step(self, number: int, previous: IntArray, price: Decimal, places: int) -> IntArray:
        """The price after revision ``number`` for every run, from the price before it."""
        found = self._coefficient(number)
        uniform = bool((previous == previous[0]).all())
        if found.exact is not None and uniform:
            one = self._exact_price(found.exact, int(previous[0]), price, places)
            return np.full(previous.shape[0], one, dtype=object)
        clause = self.revision.clause
        limits = [(clause.cap, np.greater), (clause.floor, np.less)]
        base = int(price.scaleb(places))
        if found.scaled is not None and clause.coefficient_decimals is not None:
            return _scaled_step(found.scaled, clause.coefficient_decimals, base, previous, limits)
        return self._float_step(number, found, previous, price, places)

    def _float_step(
        self,
        number: int,
        found: _Coefficients,
        previous: IntArray,
        price: Decimal,
        places: int,
    ) -> IntArray:
        """P₀ × a float coefficient; runs near a boundary are recomputed exactly."""
        clause = self.revision.clause
        values = found.values if found.values is not None else np.ones(1)
        with np.errstate(over="ignore", invalid="ignore"):
            raw = float(price.scaleb(places)) * values
            raw = np.broadcast_to(raw, previous.shape)
            ambiguous = (
                ~np.isfinite(raw) | (np.abs(raw) >= _EXACT_FLOAT) | _near_half(raw, _PRICE_MARGIN)
            )
            if found.unknown is not None:
                ambiguous |= np.broadcast_to(found.unknown, previous.shape)
            result: IntArray = np.floor(np.where(ambiguous, 0.0, raw) + 0.5).astype(np.int64)
            before = previous.astype(np.float64)
            for limit, beyond in ((clause.cap, np.greater), (clause.floor, np.less)):
                if limit is None:
                    continue
                ratio = _ratio(limit)
                bound = before * float(ratio)
                ambiguous |= np.abs(raw - bound) <= _PRICE_MARGIN * np.maximum(np.abs(bound), 1.0)
                held = beyond(raw, bound) & ~ambiguous
                if held.any():
                    value = half_up(product(previous, ratio.numerator), ratio.denominator)
                    result = np.where(held, value, result)
        if not ambiguous.any():
            return result
        where = np.flatnonzero(ambiguous)
        out = result.astype(object)
        out[where] = self._recomputed(number, previous, price, places, where)
        return out

    def _recomputed(
        self, number: int, previous: IntArray, price: Decimal, places: int, runs: IntArray
    ) -> IntArray:
        """`revised_amount` for the given runs, once per distinct (rate, price before)."""
        out = np.empty(runs.shape[0], dtype=object)
        found: dict[tuple[int, int], int] = {}
        single = self.rates.shape[0] == 1
        for position, run in enumerate(runs.tolist()):
            key = (int(self.rates[0 if single else run]), int(previous[run]))
            if key not in found:
                coefficient = self.coefficient(number, key[0])
                found[key] = self._exact_price(coefficient, key[1], price, places)
            out[position] = found[key]
        return out

    def _exact_price(self, coefficient: Decimal, before: int, price: Decimal, places: int) -> int:
        with computing("PriceRevision", price, "revises this price beyond what can be computed"):
            revised, _, _ = revised_amount(
                self.revision.clause, price, coefficient, Decimal(before).scaleb(-places), places
            )
            return int(revised.scaleb(places))


def _ratio(limit: PercentChange) -> Fraction:
    """1 + the limit's change, as a fraction."""
    return 1 + Fraction(limit.value) / 100


def _scaled_step(
    scaled: IntArray,
    decimals: int,
    base: int,
    previous: IntArray,
    limits: list[tuple[PercentChange | None, Any]],
) -> IntArray:
    """P₀ × k / 10ᵈ, capped and floored against ``previous``, rounded half up: all in integers.

    The price P₀ × k / 10ᵈ passes the cap (previous × (1 + c)) exactly when
    P₀ × k × den > previous × num × 10ᵈ, with 1 + c = num / den.
    """
    scale = 10**decimals
    raw_bound = largest(scaled) * base
    raw = product(scaled, base)
    result: IntArray = half_up(raw, scale, bound=raw_bound)
    result = np.broadcast_to(result, previous.shape)
    previous_bound = largest(previous)
    for limit, beyond in limits:
        if limit is None:
            continue
        ratio = _ratio(limit)
        left = product(raw, ratio.denominator, bound=raw_bound)
        right = product(previous, ratio.numerator * scale, bound=previous_bound)
        held = np.asarray(beyond(left, right), dtype=bool)
        if held.any():
            value = half_up(
                product(previous, ratio.numerator, bound=previous_bound), ratio.denominator
            )
            result = np.where(held, value, result)
    return result


def _near_half(scaled: _Floats, margin: float) -> _Flags:
    """Whether values are within the margin of a half-way point, or beyond exact floats."""
    fraction = scaled - np.floor(scaled)
    near: _Flags = (np.abs(fraction - 0.5) <= margin * np.maximum(np.abs(scaled), 1.0)) | (
        np.abs(scaled) >= _EXACT_FLOAT
    )
    return near


def _fitted(values: IntArray) -> IntArray:
    """``values`` as int64 when they fit, else as Python ints."""
    if values.dtype != object:
        return values
    if largest(values) <= INT64_MAX:
        return values.astype(np.int64)
    return values
