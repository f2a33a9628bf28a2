"""The renewal calendar as an iCalendar file (RFC 5545), for a manager's agenda.

Each `CalendarEvent` becomes an all-day event. Notice deadlines carry an alarm 14 days before.
The file is deterministic: the event ids derive from the contract, the kind and the date, and
the stamp from the day the calendar was drawn up (``as_of``), never from the wall clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar
import pendulum

from outsourcing.model._checks import to_date
from outsourcing.presentation.locale import Language, to_language
from outsourcing.presentation.messages import message
from outsourcing.review.lifecycle import CalendarEvent, EventKind

__all__ = ["ALARM_BEFORE", "agenda_ics"]

ALARM_BEFORE = dt.timedelta(days=14)
"""How long before a notice deadline the agenda's reminder goes off."""

_SUMMARY = {
    EventKind.NOTICE_DEADLINE: "agenda.notice_deadline",
    EventKind.RENEWAL_DECISION: "agenda.renewal_decision",
    EventKind.TERM_END: "agenda.term_end",
}
_DESCRIPTION = {
    EventKind.NOTICE_DEADLINE: "agenda.notice_description",
    EventKind.RENEWAL_DECISION: "agenda.decision_description",
    EventKind.TERM_END: "agenda.end_description",
}


def _event(entry: CalendarEvent, stamp: dt.datetime, lang: Language) -> icalendar.Event:
    day = dt.date(entry.date.year, entry.date.month, entry.date.day)
    summary = message(lang, _SUMMARY[entry.kind], title=entry.title)
    event = icalendar.Event()
    event.add("uid", f"{entry.contract_id}-{entry.kind.value}-{day.isoformat()}@outsourcing")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add(
        "description",
        message(
            lang,
            _DESCRIPTION[entry.kind],
            contract=entry.contract_id,
            provider=entry.provider_id,
            end=entry.term_end.isoformat(),
            notice=str(entry.notice_period),
        ),
    )
    event.add("transp", "TRANSPARENT")
    if entry.kind is not EventKind.TERM_END:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", message(lang, "agenda.alarm", title=entry.title))
        alarm.add("trigger", -ALARM_BEFORE)
        event.add_component(alarm)
    return event


def agenda_ics(
    events: Iterable[CalendarEvent],
    *,
    as_of: pendulum.Date | str,
    lang: Language | str = Language.EN,
) -> bytes:
    """The renewal calendar as the bytes of an ``.ics`` file.

    Args:
        events: The events, usually `renewal_calendar`'s.
        as_of: The day the calendar was drawn up (the events' stamp).
        lang: The language of the summaries and descriptions.

    Returns:
        An iCalendar ``VCALENDAR`` with one all-day ``VEVENT`` per event.
    """
    language = to_language(lang)
    day = to_date(as_of)
    stamp = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//outsourcing//renewal calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", message(language, "agenda.name"))
    for entry in events:
        calendar.add_component(_event(entry, stamp, language))
    return bytes(calendar.to_ical())
