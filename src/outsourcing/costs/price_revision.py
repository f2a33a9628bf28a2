"""Revised prices under a price revision clause, from published index values.

`revised_price` gives the price on one revision date, so that an invoice can be checked against
the clause; `revision_dates` lists the dates a clause revises the price on; `price_schedule`
chains the revisions from a start, each capped and floored against the price before it;
`index_period_months` and `months_since_last_revision` give the two periods C. mon. fin.
art. L.112-1 compares.

The formula is P = P₀ × (a + Σ bᵢ × Sᵢ/S₀ᵢ): Sᵢ is index i's value for the month ``lag_months``
before the revision date, S₀ᵢ its value for the clause's reference month. The coefficient is
rounded half up when the clause says so; the price is rounded half up to the currency's minor
unit (an invoice amount).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

import attrs
import pendulum

from outsourcing.exceptions import UnknownReferenceError
from outsourcing.model._checks import to_date
from outsourcing.model.money import Money
from outsourcing.model.price_revision import IndexSeries, PriceRevision, RevisionDate, to_month

__all__ = [
    "IndexTerm",
    "RevisedPrice",
    "coefficient",
    "index_month",
    "index_period_months",
    "limited",
    "months_since_last_revision",
    "price_schedule",
    "projected_value",
    "revised_price",
    "revision_dates",
]


@attrs.frozen
class IndexTerm:
    """One index's part of a revision.

    Attributes:
        index: The index's name.
        weight: Its weight bᵢ.
        base: S₀ᵢ, its value in the reference month.
        current: Sᵢ, its value in the index month (projected when ``estimated``).
        estimated: Whether ``current`` is a projection: the month was not published yet.
    """

    index: str
    weight: Decimal
    base: Decimal
    current: Decimal
    estimated: bool = False


@attrs.frozen
class RevisedPrice:
    """The price on a revision date, and how it was found.

    Attributes:
        revision: The revision date.
        index_month: The month whose index values were used (first day).
        base: P₀, the price the formula applies to.
        previous: The price before the revision (the cap and floor apply to the change from it).
        coefficient: a + Σ bᵢ × Sᵢ/S₀ᵢ, rounded as the clause says.
        price: The revised price, rounded to the minor unit.
        capped: Whether the cap limited the price.
        floored: Whether the floor held the price up.
        terms: Each index's values.
    """

    revision: pendulum.Date
    index_month: pendulum.Date
    base: Money
    previous: Money
    coefficient: Decimal
    price: Money
    capped: bool
    floored: bool
    terms: tuple[IndexTerm, ...]

    @property
    def estimated(self) -> bool:
        """Whether the price rests on a projected index value (a month not published yet)."""
        return any(t.estimated for t in self.terms)


def index_month(clause: PriceRevision, revision: pendulum.Date) -> pendulum.Date:
    """The month whose values a revision on ``revision`` uses: ``lag_months`` before it."""
    return to_month(revision).subtract(months=clause.lag_months)


def _series_by_name(
    series: Mapping[str, IndexSeries] | Iterable[IndexSeries],
) -> dict[str, IndexSeries]:
    if isinstance(series, Mapping):
        return dict(series)
    return {s.name: s for s in series}


def projected_value(
    series: IndexSeries, month: pendulum.Date | str, expected_rate: Decimal
) -> tuple[Decimal, bool]:
    """An index value: the published one, or the last one grown at ``expected_rate`` a year.

    A month after the last published one is projected as ``last × (1 + rate) ** (n / 12)``,
    ``n`` months later. A month before the series starts, or a gap inside it, is not projected.

    Args:
        series: The published values.
        month: The month wanted.
        expected_rate: Expected yearly change, in percent (``Decimal("2.5")``).

    Returns:
        The value and whether it is projected.

    Raises:
        IndexValueMissingError: If the month is not after the last published one and has no
            value.
    """
    key = to_month(month if isinstance(month, str) else to_date(month))
    if key <= series.last:
        return series.value(key), False
    months = (key.year - series.last.year) * 12 + key.month - series.last.month
    growth = (1 + Decimal(expected_rate) / 100) ** (Decimal(months) / 12)
    return series.values[series.last] * growth, True


def coefficient(clause: PriceRevision, terms: Iterable[IndexTerm]) -> Decimal:
    """The coefficient a + Σ bᵢ × Sᵢ/S₀ᵢ, rounded half up when the clause says so."""
    found = clause.fixed_share + sum((t.weight * t.current / t.base for t in terms), Decimal(0))
    if clause.coefficient_decimals is None:
        return found
    return found.quantize(Decimal(1).scaleb(-clause.coefficient_decimals), ROUND_HALF_UP)


def revised_price(
    base: Money,
    clause: PriceRevision,
    series: Mapping[str, IndexSeries] | Iterable[IndexSeries],
    on: pendulum.Date | str,
    *,
    previous: Money | None = None,
    expected_rate: Decimal | None = None,
) -> RevisedPrice:
    """The price on a revision date under a revision clause.

    Args:
        base: P₀, the price at the clause's reference month.
        clause: The revision clause.
        series: The index series the clause names (a mapping by name, or the series).
        on: The revision date.
        previous: The price before this revision, which the cap and floor apply to (default:
            ``base``, for the first revision).
        expected_rate: Expected yearly index change in percent, for months not published yet
            (None: such a month is an error); see `projected_value`.

    Returns:
        The revised price with its coefficient and the index values used.

    Raises:
        UnknownReferenceError: If the clause names an index not given.
        IndexValueMissingError: If a series lacks the reference month or the index month
            (and no expected rate is given for a month after the last published one).
    """
    day = to_date(on)
    by_name = _series_by_name(series)
    month = index_month(clause, day)
    terms = []
    for weight in clause.indices:
        found = by_name.get(weight.index)
        if found is None:
            raise UnknownReferenceError("PriceRevision.indices", weight.index, sorted(by_name))
        if expected_rate is None:
            current, estimated = found.value(month), False
        else:
            current, estimated = projected_value(found, month, expected_rate)
        terms.append(
            IndexTerm(
                weight.index,
                weight.weight,
                found.value(clause.reference_month),
                current,
                estimated,
            )
        )
    found_coefficient = coefficient(clause, terms)
    before = base if previous is None else previous
    price, capped, floored = limited(clause, base.amount * found_coefficient, before.amount)
    return RevisedPrice(
        revision=day,
        index_month=month,
        base=base,
        previous=before,
        coefficient=found_coefficient,
        price=Money(price, base.currency).rounded(),
        capped=capped,
        floored=floored,
        terms=tuple(terms),
    )


def limited(clause: PriceRevision, raw: Decimal, before: Decimal) -> tuple[Decimal, bool, bool]:
    """``raw`` held by the clause's cap and floor on the change from ``before``.

    Returns:
        The price, whether the cap limited it, and whether the floor held it up.
    """
    price, capped, floored = raw, False, False
    if clause.cap is not None:
        ceiling = before * (1 + clause.cap.fraction)
        if raw > ceiling:
            price, capped = ceiling, True
    if clause.floor is not None:
        lowest = before * (1 + clause.floor.fraction)
        if raw < lowest:
            price, floored = lowest, True
    return price, capped, floored


def revision_dates(
    clause: PriceRevision, start: pendulum.Date | str, until: pendulum.Date | str
) -> tuple[pendulum.Date, ...]:
    """The dates the clause revises a price on, after ``start`` and up to ``until``.

    Anniversaries are counted from the start (``start.add(years=k)``, never chained); with
    1 January revisions, the first is the 1 January after the start.
    """
    first, last = to_date(start), to_date(until)
    out: list[pendulum.Date] = []
    k = 1
    while True:
        if clause.revision_date is RevisionDate.ANNIVERSARY:
            day = first.add(years=k)
        else:
            day = pendulum.Date(first.year + k, 1, 1)
        if day > last:
            return tuple(out)
        out.append(day)
        k += 1


def price_schedule(
    base: Money,
    clause: PriceRevision,
    series: Mapping[str, IndexSeries] | Iterable[IndexSeries],
    start: pendulum.Date | str,
    until: pendulum.Date | str,
    *,
    expected_rate: Decimal | None = None,
) -> tuple[RevisedPrice, ...]:
    """Every revision from ``start`` to ``until``, each capped and floored against the last price.

    With ``expected_rate``, revisions whose index month is not published yet use the last
    published value grown at that yearly rate (`projected_value`) and say so
    (`RevisedPrice.estimated`): the known values first, then the expectation.

    Raises:
        IndexValueMissingError: If a revision needs a month the series does not hold yet and
            no expected rate is given.
    """
    out: list[RevisedPrice] = []
    for day in revision_dates(clause, start, until):
        previous = out[-1].price if out else base
        out.append(
            revised_price(base, clause, series, day, previous=previous, expected_rate=expected_rate)
        )
    return tuple(out)


def _months(first: pendulum.Date, second: pendulum.Date) -> int:
    return (second.year - first.year) * 12 + second.month - first.month


def index_period_months(clause: PriceRevision, revision: pendulum.Date) -> int:
    """Months between the reference month and the index month of a revision."""
    return _months(clause.reference_month, index_month(clause, revision))


def months_since_last_revision(
    clause: PriceRevision, start: pendulum.Date, revision: pendulum.Date
) -> int:
    """Months between the previous revision (or the start) and ``revision``."""
    dates = revision_dates(clause, start, revision)
    earlier = [d for d in dates if d < revision]
    return _months(earlier[-1] if earlier else start, revision)
