"""The months of a projection, derived from the anchor date, and how much of each a cost covers.

Month *i* runs from ``start.add(months=i)`` to ``start.add(months=i + 1)`` (end exclusive): the
schedule is derived from the anchor each time, never by chaining additions, so a 31 January
anchor gives 29 February, 31 March, 30 April and comes back to the 31st whenever it exists.
"""

from __future__ import annotations

import datetime as dt
import functools

import attrs
import pendulum

__all__ = ["Month", "active_days", "anniversaries", "month_containing", "months_from"]


@attrs.frozen
class Month:
    """One month of a projection.

    Attributes:
        index: Position in the projection, from 0.
        start: First day.
        end: Day after the last day (the next month's start).
        days: Number of days.
    """

    index: int
    start: pendulum.Date
    end: pendulum.Date
    days: int


@functools.lru_cache(maxsize=256)
def months_from(start: pendulum.Date, count: int) -> tuple[Month, ...]:
    """The ``count`` months anchored on ``start``."""
    bounds = [start.add(months=i) for i in range(count + 1)]
    return tuple(
        Month(i, bounds[i], bounds[i + 1], bounds[i + 1].toordinal() - bounds[i].toordinal())
        for i in range(count)
    )


def active_days(month: Month, since: dt.date | None, until: dt.date | None) -> int:
    """Days of ``month`` within ``[since, until)`` (None: unbounded on that side)."""
    first = month.start.toordinal()
    last = month.end.toordinal()
    if since is not None:
        first = max(first, since.toordinal())
    if until is not None:
        last = min(last, until.toordinal())
    return max(0, last - first)


def month_containing(months: tuple[Month, ...], date: dt.date) -> int | None:
    """Index of the month containing ``date`` (None: outside the projection)."""
    day = date.toordinal()
    if not months or day < months[0].start.toordinal() or day >= months[-1].end.toordinal():
        return None
    for month in months:
        if day < month.end.toordinal():
            return month.index
    return None  # pragma: no cover - the bounds check above makes this unreachable


def anniversaries(anchor: pendulum.Date, date: dt.date) -> int:
    """How many anniversaries of ``anchor`` (the first one year later) fall on or before ``date``.

    A 29 February anchor has its anniversary on 28 February in common years (pendulum clips).
    """
    years = date.year - anchor.year
    if years <= 0:
        return 0
    return years if anchor.add(years=years) <= date else years - 1
