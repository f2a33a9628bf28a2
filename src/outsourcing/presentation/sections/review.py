"""The contract-review section: checklist findings and consistency issues, per contract."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

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
from outsourcing.presentation.messages import catalogue_title, citation, label, message
from outsourcing.presentation.reasons import reason_text
from outsourcing.presentation.sections.per_contract import per_contract_section
from outsourcing.review.clauses.entry import Severity as FindingSeverity
from outsourcing.review.consistency import CheckResult
from outsourcing.review.contract_review import ContractReview, Finding, FindingStatus

__all__ = ["review_blocks", "review_section", "titled_review_blocks"]

_SERIOUS = frozenset({FindingSeverity.HIGH, FindingSeverity.CRITICAL})


def _recommendation(finding: Finding, formatter: Formatter) -> str:
    lang = formatter.language
    title = catalogue_title(lang, finding.entry_id, finding.title)
    if finding.recommendation and lang is Language.EN:
        return f"{finding.citation}: {finding.recommendation}"
    return message(
        lang,
        f"review.todo.{finding.status.value}",
        citation=citation(lang, finding.citation),
        title=title,
    )


def review_blocks(contract: Contract, review: ContractReview, formatter: Formatter) -> list[Block]:
    """The blocks for one contract's review: counts, the timeline, gaps, what to do, issues."""
    blocks = titled_review_blocks(contract.title, review, formatter)
    blocks.insert(2, term_timeline(contract, formatter, today=review.as_of))
    return blocks


def term_timeline(contract: Contract, formatter: Formatter, *, today: dt.date) -> Timeline:
    """A contract's term, notice deadline and next renewal, from its term.

    The last day of the term is the day before ``term.end``'s anniversary only when the
    contract says so; here ``term.end`` is taken as the last day, as the overview shows it.
    """
    term = contract.term
    notice_by = term.notice_period.before(term.end) if term.end is not None else None
    renewals = []
    if term.end is not None and term.renewal is not Renewal.NONE and term.renewal_period:
        renewals.append(term.end.add(days=1))
    return renewal_timeline(
        f"timeline-{contract.id}",
        contract.title,
        formatter,
        start=term.start,
        end=term.end,
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
            blocks.append(BulletList([_recommendation(f, formatter) for f in serious]))
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
    reviews: Sequence[tuple[Contract, ContractReview]], formatter: Formatter
) -> Section:
    """The section reviewing every contract of a portfolio."""
    return per_contract_section("review", reviews, review_blocks, formatter)
