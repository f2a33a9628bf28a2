"""Price revision on published indices: the series, and the clause that revises a price on them.

French service contracts revise a price as P = P₀ × (a + Σ bᵢ × Sᵢ/S₀ᵢ): a fixed share *a* and
weighted indices (Syntec for IT and consulting, INSEE series for the rest), each compared with its
value in a reference month S₀. The value used on a revision date is the one of the month *lag*
months before it (the last one published then). The coefficient may be rounded, and the change
capped and floored.

No index data ships with the library: an `IndexSeries` is built from values the user supplies
(`outsourcing.io.read_index_series` reads a CSV).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from outsourcing.exceptions import IndexValueMissingError, InvalidValueError
from outsourcing.model._checks import (
    between,
    enum_fields,
    named,
    non_empty,
    non_negative,
    to_decimal,
    to_tuple,
)
from outsourcing.model.money import PercentChange, optional_percent_change_field

__all__ = ["IndexSeries", "IndexWeight", "PriceRevision", "RevisionDate", "to_month"]


def to_month(value: dt.date | str) -> pendulum.Date:
    """The first day of a month, from a date or ``YYYY-MM`` (or ``YYYY-MM-DD``) text."""
    if isinstance(value, dt.datetime):
        raise InvalidValueError("month", value, "must be a month, not a datetime")
    if isinstance(value, dt.date):
        return pendulum.Date(value.year, value.month, 1)
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = dt.date.fromisoformat(text if len(text) > 7 else f"{text}-01")
        except ValueError:
            raise InvalidValueError("month", value, "must be a month YYYY-MM") from None
        return pendulum.Date(parsed.year, parsed.month, 1)
    raise InvalidValueError("month", value, "must be a month YYYY-MM")


def _to_values(value: Mapping[Any, Any]) -> dict[pendulum.Date, Decimal]:
    if not isinstance(value, Mapping):
        raise InvalidValueError("values", value, "must map months to values")
    out: dict[pendulum.Date, Decimal] = {}
    for month, number in value.items():
        key = to_month(month)
        amount = to_decimal(number)
        if not amount.is_finite() or amount <= 0:
            raise InvalidValueError("values", f"{key:%Y-%m}: {number}", "must be > 0")
        out[key] = amount
    return dict(sorted(out.items()))


if TYPE_CHECKING:  # see `_checks.decimal_field`

    def month_field(value: dt.date | str) -> pendulum.Date:
        """`to_month` whose errors name the field."""

    def values_field(value: Mapping[Any, Any]) -> dict[pendulum.Date, Decimal]:
        """Month-to-value mapping whose errors name the field."""

    def share_field(value: Decimal | int | str) -> Decimal:
        """A share in [0, 1] whose errors name the field."""

else:
    month_field = named(to_month)
    values_field = named(_to_values)
    share_field = named(to_decimal)


@attrs.frozen(eq=True)
class IndexSeries:
    """Monthly values of a published index.

    Attributes:
        name: The index, as revision clauses name it (``"Syntec"``).
        values: Value by month (first day of the month).
        source: Where the values come from (publisher, series id, download date).
    """

    name: str = attrs.field(validator=non_empty)
    values: dict[pendulum.Date, Decimal] = attrs.field(converter=values_field, hash=False)
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.values:
            raise InvalidValueError("IndexSeries.values", {}, "must hold at least one month")

    @property
    def first(self) -> pendulum.Date:
        """The first month with a value."""
        return next(iter(self.values))

    @property
    def last(self) -> pendulum.Date:
        """The last month with a value."""
        return next(reversed(self.values))

    def value(self, month: dt.date | str) -> Decimal:
        """The value of a month.

        Raises:
            IndexValueMissingError: If the series has no value for that month.
        """
        key = to_month(month)
        found = self.values.get(key)
        if found is None:
            raise IndexValueMissingError(
                self.name, f"{key:%Y-%m}", f"{self.first:%Y-%m}", f"{self.last:%Y-%m}"
            )
        return found


class RevisionDate(StrEnum):
    """When the price is revised each year."""

    ANNIVERSARY = "anniversary"
    JANUARY_FIRST = "january_first"


@attrs.frozen(field_transformer=enum_fields)
class IndexWeight:
    """One index of a revision formula and its weight.

    Attributes:
        index: The index's name (an `IndexSeries` name).
        weight: Its share of the price, in (0, 1].
    """

    index: str = attrs.field(validator=non_empty)
    weight: Decimal = attrs.field(converter=share_field, validator=between(0, 1))


@attrs.frozen(field_transformer=enum_fields)
class PriceRevision:
    """A price revision clause: P = P₀ × (a + Σ bᵢ × Sᵢ/S₀ᵢ), rounded, capped and floored.

    Attributes:
        indices: The weighted indices (the bᵢ).
        fixed_share: The share of the price that is not revised (a); a + Σ bᵢ = 1.
        reference_month: The month of the S₀ values (usually the month of the offer).
        lag_months: How many months before the revision date the index value used is (the
            last value published then).
        revision_date: Each anniversary of the start, or each 1 January.
        coefficient_decimals: Decimals the coefficient is rounded to, half up (None: not
            rounded).
        cap: Highest change at a revision, as % of the price before it (None: no cap).
        floor: Lowest change at a revision, signed: -2 lets the price fall by 2 % at most
            (« la baisse ne pourra excéder 2 % »), 0 keeps it from falling, +1 guarantees a
            1 % rise; None: it may fall freely. At most the cap.
    """

    indices: tuple[IndexWeight, ...] = attrs.field(converter=to_tuple)
    reference_month: pendulum.Date = attrs.field(converter=month_field)
    fixed_share: Decimal = attrs.field(
        default=Decimal(0), converter=share_field, validator=between(0, 1)
    )
    lag_months: int = attrs.field(default=0, validator=non_negative)
    revision_date: RevisionDate = RevisionDate.ANNIVERSARY
    coefficient_decimals: int | None = attrs.field(default=None, validator=non_negative)
    cap: PercentChange | None = attrs.field(default=None, converter=optional_percent_change_field)
    floor: PercentChange | None = attrs.field(default=None, converter=optional_percent_change_field)

    def __attrs_post_init__(self) -> None:
        if not self.indices:
            raise InvalidValueError("PriceRevision.indices", (), "must name at least one index")
        names = [w.index for w in self.indices]
        if len(set(names)) != len(names):
            raise InvalidValueError("PriceRevision.indices", names, "duplicate index")
        total = self.fixed_share + sum((w.weight for w in self.indices), Decimal(0))
        if total != 1:
            raise InvalidValueError(
                "PriceRevision.fixed_share",
                str(self.fixed_share),
                f"plus the index weights must make 1, they make {total}",
            )
        if self.cap is not None and self.floor is not None and self.floor > self.cap:
            raise InvalidValueError(
                "PriceRevision.floor", str(self.floor), f"must be <= cap {self.cap}"
            )
