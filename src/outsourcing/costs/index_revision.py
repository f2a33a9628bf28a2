"""A contract's price revision clause as the cost engines apply it: one factor per revision.

Every price of the contract (monthly fees, unit and hourly rates, minimums) is its P₀ times the
revision factor of the month. The factor is 1 until the first revision date and steps at each
one: the clause's coefficient a + Σ bᵢ × Sᵢ/S₀ᵢ (rounded as the clause says, `coefficient`),
capped and floored against the factor before it (`limited`), rounded half-up to six decimals
like every factor of the projection. A revision applies from the first month starting on or
after its date (as indexation applies from the first month after an anniversary).

Sᵢ is the published value of the index month (``lag_months`` before the revision date) when the
series holds it; past its last published month, the last value grown at the expected yearly
rate (`projected_value`): ``CostAssumptions.indexation_rate``, or the contract's
``Indexation.expected_rate``. In the Monte Carlo each run draws that rate
(``Uncertainty.indexation_rate``); the published months are the same in every run.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

import attrs
import pendulum

from outsourcing.costs.assumptions import FACTOR_PLACES
from outsourcing.costs.price_revision import (
    IndexTerm,
    coefficient,
    index_month,
    limited,
    projected_value,
    revision_dates,
)
from outsourcing.decimals import computing
from outsourcing.exceptions import InvalidValueError, UnknownReferenceError
from outsourcing.model.price_revision import IndexSeries, PriceRevision

__all__ = ["IndexRevision", "index_revision", "revision_factor", "revision_factors"]

_TOO_LARGE = "grows the index too much to compute exactly"


@attrs.frozen
class IndexRevision:
    """A price revision clause, its index series and its revision dates over a projection.

    Attributes:
        contract: The contract's id.
        clause: The clause.
        series: The series the clause names, by name (from ``CostAssumptions.index_series``).
        dates: The revision dates from the term start to the end of the projection.
    """

    contract: str
    clause: PriceRevision
    series: dict[str, IndexSeries] = attrs.field(hash=False)
    dates: tuple[pendulum.Date, ...]

    def published(self, number: int) -> bool:
        """Whether revision ``number`` (from 1) uses published values only."""
        month = index_month(self.clause, self.dates[number - 1])
        return all(month <= self.series[w.index].last for w in self.clause.indices)

    def growth_months(self, number: int) -> dict[str, int]:
        """Months from each series' last published value to the index month of a revision."""
        month = index_month(self.clause, self.dates[number - 1])
        out = {}
        for weight in self.clause.indices:
            last = self.series[weight.index].last
            out[weight.index] = max(0, (month.year - last.year) * 12 + month.month - last.month)
        return out


def index_revision(
    contract: str,
    clause: PriceRevision,
    series: Mapping[str, IndexSeries],
    start: pendulum.Date,
    until: pendulum.Date,
) -> IndexRevision:
    """The clause's revisions after ``start`` up to ``until``, with the series it names.

    Raises:
        UnknownReferenceError: If the clause names an index that ``series`` lacks.
        IndexValueMissingError: If a series lacks the clause's reference month.
    """
    named = {}
    for weight in clause.indices:
        found = series.get(weight.index)
        if found is None:
            raise UnknownReferenceError(
                "CostAssumptions.index_series", weight.index, sorted(series)
            )
        found.value(clause.reference_month)
        named[weight.index] = found
    return IndexRevision(contract, clause, named, revision_dates(clause, start, until))


def _terms(revision: IndexRevision, month: pendulum.Date, rate: Decimal | None) -> list[IndexTerm]:
    terms = []
    for weight in revision.clause.indices:
        series = revision.series[weight.index]
        if month <= series.last:
            current, estimated = series.value(month), False
        elif rate is None:
            raise InvalidValueError(
                "CostAssumptions.indexation_rate",
                None,
                f"{revision.contract}'s price revision uses {series.name} for {month:%Y-%m}, "
                f"after its last published month {series.last:%Y-%m}: state the expected "
                "yearly change",
            )
        else:
            current, estimated = projected_value(series, month, rate)
        base = series.value(revision.clause.reference_month)
        terms.append(IndexTerm(weight.index, weight.weight, base, current, estimated))
    return terms


def revision_factor(
    revision: IndexRevision, number: int, previous: Decimal, rate: Decimal | None
) -> Decimal:
    """The factor from revision ``number`` (from 1) on, after ``previous`` (six decimals).

    Args:
        revision: The clause and its series.
        number: Which revision.
        previous: The factor before it (1 before the first revision).
        rate: Expected yearly index change in percent, for months not published yet (None:
            such a month is an error).

    Raises:
        InvalidValueError: A month past the last published one without an expected rate, or a
            rate that grows the index beyond what can be computed exactly.
    """
    month = index_month(revision.clause, revision.dates[number - 1])
    with computing("CostAssumptions.indexation_rate", rate, _TOO_LARGE):
        found = coefficient(revision.clause, _terms(revision, month, rate))
        price, _, _ = limited(revision.clause, found, previous)
        return price.quantize(Decimal(1).scaleb(-FACTOR_PLACES), ROUND_HALF_UP)


def revision_factors(revision: IndexRevision, rate: Decimal | None, count: int) -> list[Decimal]:
    """The factors after 0, 1, … ``count`` revisions, each capped against the one before."""
    factors = [Decimal(1)]
    for number in range(1, count + 1):
        factors.append(revision_factor(revision, number, factors[-1], rate))
    return factors
