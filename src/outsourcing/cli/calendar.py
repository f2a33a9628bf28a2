"""``outsourcing calendar PORTFOLIO``: the upcoming notice deadlines and contract ends.

Without ``-o`` the calendar is printed as a table, soonest first; with ``-o FILE.ics`` it is
written as an iCalendar file a manager can import into an agenda. ``--as-of`` sets the day the
calendar is drawn up on (default: today, read here at the edge).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import pendulum

from outsourcing.exceptions import DocumentError
from outsourcing.io import load
from outsourcing.model.portfolio import Portfolio
from outsourcing.presentation.agenda import agenda_ics
from outsourcing.presentation.locale import Language, to_language
from outsourcing.presentation.messages import label, message
from outsourcing.review.lifecycle import CalendarEvent, renewal_calendar

__all__ = ["calendar_arguments", "run_calendar"]


def calendar_arguments(
    parser: argparse.ArgumentParser, *, date: Callable[[str], pendulum.Date]
) -> None:
    """Add the calendar command's arguments; ``date`` parses ``--as-of``."""
    parser.add_argument("portfolio", help="portfolio file (.toml, .json, .yaml)")
    parser.add_argument(
        "--as-of", type=date, help="day the calendar is drawn up on, YYYY-MM-DD (default: today)"
    )
    parser.add_argument(
        "--lang",
        choices=[lang.value for lang in Language],
        default=Language.EN.value,
        help="language of the calendar (default: en)",
    )
    parser.add_argument("-o", "--output", help="write an iCalendar (.ics) file instead")


def _table(events: tuple[CalendarEvent, ...], as_of: pendulum.Date, lang: Language) -> str:
    if not events:
        return message(lang, "agenda.none", as_of=as_of.isoformat()) + "\n"
    header = [
        message(lang, "column.date"),
        message(lang, "column.event"),
        message(lang, "column.contract"),
        message(lang, "column.reaches"),
    ]
    rows = [
        [e.date.isoformat(), label(lang, e.kind), e.contract_id, e.term_end.isoformat()]
        for e in events
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    title = message(lang, "agenda.heading", as_of=as_of.isoformat())
    return "\n".join([title, "", *lines]) + "\n"


def run_calendar(args: argparse.Namespace, out: TextIO) -> int:
    """Print the portfolio's renewal calendar, or write it as an ``.ics`` file."""
    portfolio = load(args.portfolio, Portfolio)
    as_of = args.as_of if args.as_of is not None else pendulum.today().date()
    lang = to_language(args.lang)
    events = renewal_calendar(portfolio, as_of)
    if args.output is None:
        out.write(_table(events, as_of, lang))
        return 0
    try:
        Path(args.output).write_bytes(agenda_ics(events, as_of=as_of, lang=lang))
    except OSError as error:
        raise DocumentError([f"{args.output}: {error.strerror or error}"], "output file") from None
    return 0
