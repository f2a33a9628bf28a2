"""The contract-review section: checklist findings and consistency issues, per contract."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from outsourcing.model.contract import Contract, Renewal
from outsourcing.presentation.charts import renewal_timeline
from outsourcing.presentation.document import (
    Block,
    BulletList,
    KeyFigure,
    KeyFigures,
    Notice,
    Paragraph,
    Section,
    Severity,
    Table,
    Timeline,
)
from outsourcing.presentation.formatting import Formatter
from outsourcing.presentation.locale import Language
from outsourcing.presentation.messages import (
    catalogue_subject,
    catalogue_title,
    citation,
    label,
    message,
)
from outsourcing.presentation.reasons import reason_text
from outsourcing.review.clauses.entry import Severity as FindingSeverity
from outsourcing.review.consistency import CheckResult
from outsourcing.review.contract_review import ContractReview, FieldGap, Finding, FindingStatus
from outsourcing.review.lifecycle import CalendarEvent, KeyDates

__all__ = [
    "gap_text",
    "recommendation_text",
    "review_blocks",
    "review_section",
    "titled_review_blocks",
]

_SERIOUS = frozenset({FindingSeverity.HIGH, FindingSeverity.CRITICAL})


def gap_text(gap: FieldGap, language: Language | str) -> str:
    """What is wrong with a structured field, in ``language``: ``payment terms: none stated``."""
    return message(
        language,
        f"review.gap.{gap.shortfall.value}",
        field=label(language, gap.field),
        items=", ".join(gap.items),
    )


def recommendation_text(finding: Finding, formatter: Formatter) -> str:
    """What to do about a missing or partial finding, from its data, in the report's language.

    Missing: add a clause on the entry, with what it must say (its subject). Partial: complete
    it with a clause on each absent topic and what each field that falls short lacks. A finding
    without those (built by hand) gets the short message of its status.
    """
    lang = formatter.language
    where = citation(lang, finding.citation)
    title = catalogue_title(lang, finding.entry_id, finding.title)
    if finding.status is FindingStatus.MISSING and finding.subject:
        subject = catalogue_subject(lang, finding.entry_id, finding.subject)
        return message(
            lang, "review.todo.missing.subject", citation=where, title=title, subject=subject
        )
    if finding.status is FindingStatus.PARTIAL and (finding.absent_topics or finding.gaps):
        todo = [
            message(lang, "review.todo.clause", topic=label(lang, topic))
            for topic in finding.absent_topics
        ] + [gap_text(gap, lang) for gap in finding.gaps]
        return message(
            lang,
            "review.todo.partial.detail",
            citation=where,
            title=title,
            todo=message(lang, "punctuation.semicolon").join(todo),
        )
    return message(lang, f"review.todo.{finding.status.value}", citation=where, title=title)


def review_blocks(
    contract: Contract,
    review: ContractReview,
    formatter: Formatter,
    dates: KeyDates | None = None,
) -> list[Block]:
    """The blocks for one contract's review: counts, the timeline, gaps, what to do, issues.

    ``dates`` are the contract's key dates on the review's day (`key_dates`): the timeline then
    shows the current term after renewals and its notice deadline; without them, the first
    term as the contract states it.
    """
    blocks = titled_review_blocks(contract.title, review, formatter)
    blocks.insert(2, term_timeline(contract, formatter, today=review.as_of, dates=dates))
    return blocks


def term_timeline(
    contract: Contract,
    formatter: Formatter,
    *,
    today: dt.date,
    dates: KeyDates | None = None,
) -> Timeline:
    """A contract's current term, notice deadline and next renewal.

    From its key dates when given (after renewals), else from its term as stated.
    """
    term = contract.term
    if dates is not None:
        start, end, notice_by = dates.term_start, dates.term_end, dates.notice_deadline
        renews = not dates.over and end is not None and dates.ends_on != end
    else:
        start, end = term.start, term.end
        notice_by = term.notice_period.before(term.end) if term.end is not None else None
        renews = term.end is not None and term.renewal is not Renewal.NONE
        renews = renews and bool(term.renewal_period)
    renewals = [end.add(days=1)] if renews and end is not None else []
    return renewal_timeline(
        f"timeline-{contract.id}",
        contract.title,
        formatter,
        start=start,
        end=end,
        notice_by=notice_by,
        renewals=renewals,
        today=today,
    )


def titled_review_blocks(title: str, review: ContractReview, formatter: Formatter) -> list[Block]:
    """A review's blocks under the contract's title (see `review_blocks`)."""
    lang = formatter.language
    counts = review.counts()
    blocks: list[Block] = [
        Paragraph(message(lang, "review.contract", title=title)),
        KeyFigures(
            [
                KeyFigure(message(lang, f"review.count.{status.value}"), counts[status])
                for status in (FindingStatus.PRESENT, FindingStatus.PARTIAL, FindingStatus.MISSING)
            ]
            + [KeyFigure(message(lang, "review.issues"), len(review.issues))]
        ),
    ]
    frameworks = ", ".join(label(lang, f) for f in review.frameworks)
    blocks.append(Paragraph(message(lang, "review.frameworks", frameworks=frameworks)))
    gaps = [
        f for f in review.findings if f.status in {FindingStatus.MISSING, FindingStatus.PARTIAL}
    ]
    gaps.sort(key=lambda f: (-f.severity.rank, f.status is not FindingStatus.MISSING))
    if gaps:
        blocks.append(
            Table(
                columns=[
                    message(lang, "column.citation"),
                    message(lang, "column.requirement"),
                    message(lang, "column.status"),
                    message(lang, "column.severity"),
                ],
                rows=[
                    (
                        citation(lang, f.citation),
                        catalogue_title(lang, f.entry_id, f.title),
                        label(lang, f.status),
                        label(lang, f.severity),
                    )
                    for f in gaps
                ],
                caption=message(lang, "review.gaps.caption"),
            )
        )
        serious = [f for f in gaps if f.severity in _SERIOUS]
        if serious:
            blocks.append(BulletList([recommendation_text(f, formatter) for f in serious]))
    else:
        blocks.append(Notice(Severity.INFO, message(lang, "review.complete")))
    blocks.extend(
        Notice(
            Severity.PROBLEM if check.severity in _SERIOUS else Severity.WARNING,
            _check_text(check, formatter),
        )
        for check in review.issues
    )
    return blocks


def _check_text(check: CheckResult, formatter: Formatter) -> str:
    """A failed check with its evidence: from its causes in any language, else in English only."""
    lang = formatter.language
    name = label(lang, check.check)
    if check.causes:
        separator = message(lang, "punctuation.semicolon")
        reasons = separator.join(reason_text(cause, formatter) for cause in check.causes)
        return message(lang, "review.check_failed.because", check=name, reasons=reasons)
    text = message(lang, "review.check_failed", check=name)
    return text + (f" ({'; '.join(check.evidence)})" if lang is Language.EN else "")


def review_section(
    reviews: Sequence[tuple[Contract, ContractReview]],
    formatter: Formatter,
    *,
    dates: Mapping[str, KeyDates] | None = None,
    calendar: Sequence[CalendarEvent] | None = None,
    as_of: dt.date | None = None,
) -> Section:
    """The section reviewing every contract of a portfolio.

    Args:
        reviews: Each contract with its review.
        formatter: The report's formatter.
        dates: Each contract's key dates on the review's day, by contract id (the timelines
            then follow the renewals).
        calendar: The portfolio's renewal calendar (`renewal_calendar`): a table of the notice
            deadlines and contract ends ahead closes the section.
        as_of: The day the calendar is read on (said when nothing lies ahead).
    """
    known = dates or {}
    content: list[Block] = []
    for contract, review in reviews:
        content.extend(review_blocks(contract, review, formatter, known.get(contract.id)))
    if calendar is not None and as_of is not None:
        content.append(renewal_calendar_table(calendar, formatter, as_of))
    return Section("review", message(formatter.language, "review.title"), content)


def renewal_calendar_table(
    events: Sequence[CalendarEvent], formatter: Formatter, as_of: dt.date
) -> Block:
    """The portfolio's notice deadlines and contract ends ahead of ``as_of``, soonest first."""
    lang = formatter.language
    if not events:
        return Paragraph(message(lang, "agenda.none", as_of=formatter.date(as_of)))
    return Table(
        columns=[
            message(lang, "column.date"),
            message(lang, "column.event"),
            message(lang, "column.contract"),
            message(lang, "column.reaches"),
        ],
        rows=[(e.date, label(lang, e.kind), e.title, e.term_end) for e in events],
        caption=message(lang, "review.calendar.caption"),
    )
