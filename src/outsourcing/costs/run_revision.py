"""A price revision clause's factor for many runs at once, in integer millionths.

Each run has its own expected yearly index change (``Uncertainty.indexation_rate``), which moves
the index months not published yet and so the revisions that use them; the published months
are the same in every run. The factors must equal `revision_factor`'s to the millionth, which
computes in `Decimal` with a fractional power (a month part of a year past the last published
value). Doing that per run would cost tens of microseconds each, so every run is first computed
in floating point, whose error (a few units in the 15th digit) is far below the margin kept
from any rounding boundary: a run whose value falls within ``1e-9`` (relative) of a half-way
point or of the cap or floor is recomputed by `revision_factor` itself, once per distinct
(rate, previous factor) pair. The result is then exact for every run.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np

from outsourcing.costs.index_revision import IndexRevision, revision_factor
from outsourcing.costs.integer_money import INT64_MAX, IntArray, half_up, largest, product
from outsourcing.costs.price_revision import index_month
from outsourcing.costs.run_inputs import MICRO

__all__ = ["revision_table"]

#: Relative margin from a rounding boundary below which a run is recomputed exactly.
_MARGIN = 1e-9
#: Largest float magnitude whose integer part a float holds exactly.
_EXACT_FLOAT = 2.0**52
#: Coefficient decimals the float path rounds to (more: every run is computed exactly).
_MAX_DECIMALS = 9


def revision_table(revision: IndexRevision, rates: IntArray, count: int) -> IntArray:
    """Factors after 0, 1, … ``count`` revisions ((count + 1) × runs, millionths).

    Args:
        revision: The clause with its series and dates.
        rates: Each run's expected yearly index change, in millionths of one (one entry per
            run, or a single one).
        count: How many revisions the projection passes.
    """
    rows: list[IntArray] = [np.full(rates.shape[0], MICRO, dtype=np.int64)]
    for number in range(1, count + 1):
        rows.append(_step(revision, number, rows[-1], rates))
    if any(row.dtype == object for row in rows):
        return np.stack([row.astype(object) for row in rows])
    return np.stack(rows)


def _exact(
    revision: IndexRevision, number: int, previous: IntArray, rates: IntArray, runs: IntArray
) -> IntArray:
    """`revision_factor` for the given runs, once per distinct (rate, previous factor)."""
    out = np.empty(runs.shape[0], dtype=object)
    found: dict[tuple[int, int], int] = {}
    for position, run in enumerate(runs.tolist()):
        key = (int(rates[run if rates.shape[0] > 1 else 0]), int(previous[run]))
        if key not in found:
            factor = revision_factor(
                revision, number, Decimal(key[1]).scaleb(-6), Decimal(key[0]).scaleb(-4)
            )
            found[key] = int(factor.scaleb(6))
        out[position] = found[key]
    return out


def _ratios(revision: IndexRevision, number: int, rates: IntArray) -> list[tuple[float, IntArray]]:
    """Each index's weight × Sᵢ/S₀ᵢ in floats (one value, or one per run)."""
    clause = revision.clause
    month = index_month(clause, revision.dates[number - 1])
    growth = revision.growth_months(number)
    yearly = 1.0 + rates.astype(np.float64) / MICRO
    out = []
    for weight in clause.indices:
        series = revision.series[weight.index]
        base = float(weight.weight) / float(series.value(clause.reference_month))
        months = growth[weight.index]
        if months == 0:
            out.append((base * float(series.value(month)), np.ones(1)))
        else:
            last = float(series.values[series.last])
            with np.errstate(over="ignore", invalid="ignore"):
                out.append((base * last, np.power(yearly, months / 12)))
    return out


def _near_half(scaled: IntArray) -> IntArray:
    """Whether values are within the margin of a half-way point, or beyond exact floats."""
    fraction = scaled - np.floor(scaled)
    near: IntArray = (np.abs(fraction - 0.5) <= _MARGIN * np.maximum(np.abs(scaled), 1.0)) | (
        np.abs(scaled) >= _EXACT_FLOAT
    )
    return near


def _step(revision: IndexRevision, number: int, previous: IntArray, rates: IntArray) -> IntArray:
    """Factors after revision ``number`` for every run, from the factors before it."""
    clause = revision.clause
    runs = previous.shape[0]
    if revision.published(number) and bool((previous == previous[0]).all()):
        one = _exact(revision, number, previous, rates, np.zeros(1, np.intp))
        return _fitted(np.full(runs, one[0], dtype=object))
    decimals = clause.coefficient_decimals
    with np.errstate(over="ignore", invalid="ignore"):
        coefficient = np.full(runs, float(clause.fixed_share))
        for scale, growth in _ratios(revision, number, rates):
            coefficient = coefficient + scale * growth
        ambiguous = ~np.isfinite(coefficient)
        if decimals is not None:
            if decimals > _MAX_DECIMALS:
                ambiguous[:] = True
            scaled = coefficient * 10.0**decimals
            ambiguous |= _near_half(scaled)
            coefficient = np.floor(scaled + 0.5) / 10.0**decimals
        micro = coefficient * MICRO
        ambiguous |= _near_half(micro) if decimals is None or decimals > 6 else ~np.isfinite(micro)
        result = np.floor(np.where(ambiguous, 0.0, micro) + 0.5).astype(np.int64)
        before = previous.astype(np.float64)
        for limit, beyond in ((clause.cap, np.greater), (clause.floor, np.less)):
            if limit is None:
                continue
            change = Fraction(limit.value) / 100
            bound = before * float(1 + change)
            ambiguous |= np.abs(micro - bound) <= _MARGIN * np.maximum(np.abs(bound), 1.0)
            held = beyond(micro, bound) & ~ambiguous
            if held.any():
                ratio = change + 1
                value = half_up(product(previous, ratio.numerator), ratio.denominator)
                result = np.where(held, value, result)
    if not ambiguous.any():
        return _fitted(result)
    where = np.flatnonzero(ambiguous)
    exact = _exact(revision, number, previous, rates, where)
    out = result.astype(object)
    out[where] = exact
    return _fitted(out)


def _fitted(values: IntArray) -> IntArray:
    """``values`` as int64 when they fit, else as Python ints."""
    if values.dtype != object:
        return values
    if largest(values) <= INT64_MAX:
        return values.astype(np.int64)
    return values
