"""A contract's key dates as of a day: the current term after renewals and the next notice deadline.

`key_dates` reads a `Term` as it lives: a tacit renewal extends the contract unless notice is
served by the deadline (the term end less the notice period), a maximum number of renewals ends
it, a tacit renewal without a stated period turns it into an indefinite term (C. civ. art. 1214
and 1215), an open-ended term ends once notice runs out, and a dated notice, once served, fixes
the end. `renewal_calendar` lists a portfolio's upcoming deadlines and term ends, soonest first.

Rules, stated once:

- A term renewed *k* times ends at the first term's day after end plus *k* renewal periods, less
  one day, computed from that anchor (never by chaining additions).
- The notice deadline of a term ending on *E* is *E* less the notice period: notice served on
  that day or before ends the contract on *E*.
- A notice served on a tacitly renewed contract is a notice of non-renewal: it ends the contract
  at the end of the first term whose deadline it meets. On a term without renewal (or with an
  explicit one) it is a termination for convenience: the contract ends once the notice period
  has run, or at the term end if that comes first. On an indefinite term it ends the contract
  once the notice period has run.
- A notice dated after ``as_of`` is not known yet and is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import attrs
import pendulum

from outsourcing.model._checks import to_date
from outsourcing.model.contract import Contract, Renewal, Term
from outsourcing.model.portfolio import Portfolio
from outsourcing.model.span import Span

__all__ = [
    "CalendarEvent",
    "EventKind",
    "KeyDates",
    "TermStatus",
    "key_dates",
    "renewal_calendar",
]

NOTICE_WINDOW = Span(months=3)
"""How long before a notice deadline the contract is reported as in its notice window."""


class TermStatus(StrEnum):
    """Where a contract stands in its life on a given day."""

    NOT_STARTED = "not_started"
    RUNNING = "running"
    IN_NOTICE_WINDOW = "in_notice_window"
    RENEWED = "renewed"
    ENDED = "ended"
    TERMINATED = "terminated"


@attrs.frozen
class KeyDates:
    """A contract's term as it stands on a day.

    Attributes:
        contract_id: The contract.
        as_of: The day the dates are read on.
        status: Not started, running, in the notice window, renewed, ended or terminated.
        term_start: First day of the current term (of the last one once the contract is over).
        term_end: Last day of the current term (None: indefinite).
        renewals: Renewals so far.
        notice_deadline: Last day to serve notice so that the contract ends on
            ``earliest_end`` (None: no deadline — the contract ends anyway, has ended, or any day
            will do on an indefinite term).
        days_left: Days from ``as_of`` to ``notice_deadline`` (None without a deadline).
        earliest_end: The first day the contract can end given notice served on ``as_of``: the
            exit date (its end once it has ended or notice has been served).
        ends_on: The day the contract ends without any further step (None: it goes on until
            notice is served).
        notice_window_opens: The day the notice window opens before ``notice_deadline``.
    """

    contract_id: str
    as_of: pendulum.Date
    status: TermStatus
    term_start: pendulum.Date
    term_end: pendulum.Date | None
    renewals: int
    notice_deadline: pendulum.Date | None
    days_left: int | None
    earliest_end: pendulum.Date
    ends_on: pendulum.Date | None
    notice_window_opens: pendulum.Date | None

    @property
    def over(self) -> bool:
        """Whether the contract has ended or been terminated."""
        return self.status in {TermStatus.ENDED, TermStatus.TERMINATED}


@attrs.frozen
class _Schedule:
    """The successive terms of a contract: term 0 is the first, term k the k-th renewal."""

    term: Term

    @property
    def last(self) -> int | None:
        """Index of the last possible term (None: no limit)."""
        term = self.term
        if term.end is None or term.renewal is not Renewal.TACIT:
            return 0
        if term.renewal_period is None:
            return 1
        return term.max_renewals

    def bounds(self, k: int) -> tuple[pendulum.Date, pendulum.Date | None]:
        """First and last day of term k (last None: indefinite)."""
        term = self.term
        if k == 0 or term.end is None:
            return term.start, term.end
        anchor = term.end.add(days=1)
        period = term.renewal_period
        if period is None:
            return anchor, None
        return _shift(anchor, period, k - 1), _shift(anchor, period, k).subtract(days=1)

    def deadline(self, k: int) -> pendulum.Date | None:
        """Notice deadline of term k (None: indefinite term)."""
        end = self.bounds(k)[1]
        return None if end is None else self.term.notice_period.before(end)

    def within(self, k: int) -> bool:
        """Whether term k can exist."""
        last = self.last
        return last is None or k <= last


def _shift(anchor: pendulum.Date, period: Span, times: int) -> pendulum.Date:
    return anchor.add(
        years=period.years * times, months=period.months * times, days=period.days * times
    )


def _end_by_notice(schedule: _Schedule, given: pendulum.Date) -> pendulum.Date:
    """The day a notice served on ``given`` ends the contract."""
    term = schedule.term
    notice = term.notice_period
    if term.end is None:
        return notice.after(given)
    if term.renewal is not Renewal.TACIT:
        return min(term.end, notice.after(given))
    k = 0
    while True:
        end = schedule.bounds(k)[1]
        if end is None:
            return max(notice.after(given), term.end.add(days=1))
        if not schedule.within(k + 1) or given <= notice.before(end):
            return end
        k += 1


def _natural_end(schedule: _Schedule) -> pendulum.Date | None:
    last = schedule.last
    return None if last is None else schedule.bounds(last)[1]


def _term_of(schedule: _Schedule, day: pendulum.Date) -> int:
    """Index of the term holding ``day`` (the last possible one if the day is after it)."""
    k = 0
    while schedule.within(k + 1):
        end = schedule.bounds(k)[1]
        if end is None or end >= day:
            break
        k += 1
    return k


def key_dates(
    contract: Contract, as_of: pendulum.Date | str, *, window: Span = NOTICE_WINDOW
) -> KeyDates:
    """A contract's current term, renewals, next notice deadline and status on a day.

    Args:
        contract: The contract.
        as_of: The day (never the wall clock).
        window: How long before the notice deadline the contract is in its notice window.

    Returns:
        The key dates. ``earliest_end`` is the exit date: the day the contract would end if
        notice were served on ``as_of``.
    """
    day = to_date(as_of)
    term = contract.term
    schedule = _Schedule(term)
    given = term.notice_given
    if given is not None and given > day:
        given = None
    ends_on = _natural_end(schedule) if given is None else _end_by_notice(schedule, given)
    k = _term_of(schedule, day if ends_on is None else min(day, ends_on))
    start, end = schedule.bounds(k)
    if ends_on is not None and (end is None or ends_on < end):
        end = ends_on
    deadline: pendulum.Date | None = None
    if given is not None or (ends_on is not None and day > ends_on):
        status = TermStatus.TERMINATED if given is not None else TermStatus.ENDED
        earliest = ends_on if ends_on is not None else day
    else:
        j = k
        while schedule.within(j + 1):
            candidate = schedule.deadline(j)
            if candidate is None:
                break
            if candidate >= day:
                deadline = candidate
                break
            j += 1
        reached_start, reached_end = schedule.bounds(j)
        earliest = (
            reached_end
            if reached_end is not None
            else max(term.notice_period.after(day), reached_start)
        )
        opens = None if deadline is None else window.before(deadline)
        if day < term.start:
            status = TermStatus.NOT_STARTED
        elif opens is not None and day >= opens:
            status = TermStatus.IN_NOTICE_WINDOW
        else:
            status = TermStatus.RENEWED if k else TermStatus.RUNNING
    return KeyDates(
        contract_id=contract.id,
        as_of=day,
        status=status,
        term_start=start,
        term_end=end,
        renewals=k,
        notice_deadline=deadline,
        days_left=None if deadline is None else (deadline - day).days,
        earliest_end=earliest,
        ends_on=ends_on,
        notice_window_opens=None if deadline is None else window.before(deadline),
    )


class EventKind(StrEnum):
    """What a date in the renewal calendar is."""

    NOTICE_DEADLINE = "notice_deadline"
    RENEWAL_DECISION = "renewal_decision"
    TERM_END = "term_end"


@attrs.frozen
class CalendarEvent:
    """One dated step in a portfolio's renewal calendar.

    Attributes:
        date: The day.
        kind: A notice deadline, the last day to agree an explicit renewal (the end less the
            notice period), or the end of the contract.
        contract_id: The contract.
        title: The contract's title.
        provider_id: The contract's provider.
        term_end: For a notice deadline, the end it lets the client reach; for an end, the end.
        notice_period: The contract's notice period.
    """

    date: pendulum.Date
    kind: EventKind
    contract_id: str
    title: str
    provider_id: str
    term_end: pendulum.Date
    notice_period: Span


def _events(contract: Contract, dates: KeyDates) -> Iterable[CalendarEvent]:
    notice = contract.term.notice_period
    if dates.notice_deadline is not None:
        yield CalendarEvent(
            date=dates.notice_deadline,
            kind=EventKind.NOTICE_DEADLINE,
            contract_id=contract.id,
            title=contract.title,
            provider_id=contract.provider_id,
            term_end=dates.earliest_end,
            notice_period=notice,
        )
    ends_on = dates.ends_on
    decide = None if ends_on is None else notice.before(ends_on)
    explicit = contract.term.renewal is Renewal.EXPLICIT and not dates.over
    if explicit and ends_on is not None and decide is not None and decide >= dates.as_of:
        yield CalendarEvent(
            date=decide,
            kind=EventKind.RENEWAL_DECISION,
            contract_id=contract.id,
            title=contract.title,
            provider_id=contract.provider_id,
            term_end=ends_on,
            notice_period=notice,
        )
    if dates.ends_on is not None and dates.ends_on >= dates.as_of:
        yield CalendarEvent(
            date=dates.ends_on,
            kind=EventKind.TERM_END,
            contract_id=contract.id,
            title=contract.title,
            provider_id=contract.provider_id,
            term_end=dates.ends_on,
            notice_period=notice,
        )


def renewal_calendar(
    portfolio: Portfolio | Iterable[Contract], as_of: pendulum.Date | str
) -> tuple[CalendarEvent, ...]:
    """A portfolio's upcoming notice deadlines and contract ends, soonest first.

    Each contract contributes its next notice deadline (when it has one), for an explicit
    renewal the last day to agree it (the end less the notice period), and the day it ends
    without any further step (when it has one and it has not passed).

    Args:
        portfolio: The portfolio, or its contracts.
        as_of: The day (never the wall clock).

    Returns:
        The events sorted by date, then contract id, deadlines before ends.
    """
    day = to_date(as_of)
    contracts = portfolio.contracts if isinstance(portfolio, Portfolio) else tuple(portfolio)
    events = [e for c in contracts for e in _events(c, key_dates(c, day))]
    order = list(EventKind)
    return tuple(sorted(events, key=lambda e: (e.date, e.contract_id, order.index(e.kind))))
