"""The service-levels section: per contract and month, attainment, credits, termination rights.

Every ticket row of the file is shown somewhere: counted as evaluated or excluded (with the
reason) in the per-SLA accounts, listed as invalid with its reason, or listed as attributed to
no contract. The same holds for the rows of a downtime record, which availability SLAs are
measured from: their accounts replace the ticket accounts of those SLAs.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping, Sequence
from decimal import Decimal

from outsourcing.exceptions import InvalidValueError
from outsourcing.model.metric import Measure, metric_definition
from outsourcing.model.money import Percentage
from outsourcing.model.sla import ExclusionReason, MeasurementPeriod
from outsourcing.presentation.charts import attainment_chart, credits_chart
from outsourcing.presentation.document import (
    Block,
    KeyFigure,
    KeyFigures,
    Notice,
    Paragraph,
    Section,
    Severity,
    Table,
)
from outsourcing.presentation.formatting import Formatter, Value
from outsourcing.presentation.locale import Language
from outsourcing.presentation.messages import MESSAGES, label, message
from outsourcing.presentation.reasons import counted
from outsourcing.sla.late_delivery import LateDelivery
from outsourcing.sla.portfolio import ContractServiceLevels, PortfolioServiceLevels
from outsourcing.sla.records.rows import InvalidReason, InvalidRow
from outsourcing.sla.results import (
    MonthlyCredit,
    PeriodResult,
    PeriodStatus,
    ServiceReport,
    SLAAccount,
    TerminationRight,
)
from outsourcing.sla.unknown_statuses import UnknownStatus

__all__ = [
    "invalid_rows_table",
    "row_reason",
    "service_level_blocks",
    "service_levels_section",
    "service_report_blocks",
]

#: Rows of a CSV file are numbered from 0 after the header: file line = row + 2.
_HEADER_LINES = 2
#: Good outcomes (`Metric.good`) whose column is headed "within target" (their own heading
#: otherwise, message ``column.<good>``).
_WITHIN_TARGET = frozenset({"within_target", "counted", "available"})


def row_reason(lang: Language, bad: InvalidRow) -> str:
    """Why a row is invalid, in the report's language, from its code and details.

    Line numbers are as in the file; a row built without a code (`InvalidReason.OTHER`) is
    explained by its own words, in English.
    """
    if bad.code is InvalidReason.OTHER:
        return bad.reason
    text = label(lang, bad.code)
    if bad.other_row is not None:
        line = bad.other_row + _HEADER_LINES
        text = message(lang, "sla.reason.other_row", reason=text, line=line)
    if bad.known:
        text = message(lang, "sla.reason.known", reason=text, known=", ".join(bad.known))
    return text


def invalid_rows_table(lang: Language, rows: Sequence[InvalidRow], caption: str) -> Table:
    """A table of rows that were not used: file line, column, value and reason."""
    return Table(
        columns=[
            message(lang, "column.line"),
            message(lang, "column.field"),
            message(lang, "column.value"),
            message(lang, "column.reason"),
        ],
        rows=[
            (str(bad.row + _HEADER_LINES), bad.field, bad.value, row_reason(lang, bad))
            for bad in rows
        ],
        caption=caption,
    )


def _month(result: PeriodResult, formatter: Formatter) -> str:
    period = result.period
    if period.kind is MeasurementPeriod.MONTH:
        return formatter.month(period.start)
    return period.label


def _result(result: PeriodResult, lang: Language) -> str:
    text = label(lang, result.status)
    if result.critical:
        text = message(lang, "sla.critical", status=text)
    if not result.final:
        text = message(lang, "sla.in_progress", status=text)
    return text


def _attainment(result: PeriodResult) -> Value:
    if result.measured is None:
        return None
    if metric_definition(result.metric).measure is Measure.COUNT:
        return int(result.measured)
    return Percentage(result.measured.quantize(Decimal("0.1")))


def _objective(result: PeriodResult) -> Value:
    if metric_definition(result.metric).measure is Measure.COUNT:
        return int(result.target)
    return Percentage(result.target)


def _rule(lang: Language, right: TerminationRight) -> str:
    """The rule that opened a right, in the report's language, from its kind and thresholds."""
    key = f"TerminationRule.{right.kind.value}"
    return message(lang, key, count=right.breaches, window=right.window)


def _excluded(formatter: Formatter, reasons: Sequence[tuple[str, int]]) -> str:
    lang = formatter.language
    parts = []
    for reason, count in reasons:
        try:
            text = label(lang, ExclusionReason(reason))
        except ValueError:
            text = MESSAGES[lang].get(f"sla.state.{reason}", reason)
        shown = formatter.number(count)
        parts.append(f"{text}: {shown}" if lang is Language.EN else f"{text} : {shown}")
    return ("; " if lang is Language.EN else " ; ").join(parts)


def _availability_table(name: str, results: Sequence[PeriodResult], formatter: Formatter) -> Table:
    """An availability SLA month by month: availability, result, downtime, time measured."""
    lang = formatter.language
    columns = [
        message(lang, "column.month"),
        message(lang, "column.availability"),
        message(lang, "column.result"),
        message(lang, "column.downtime"),
        message(lang, "column.measured_time"),
    ]
    rows: list[tuple[Value, ...]] = [
        (
            _month(r, formatter),
            _attainment(r),
            _result(r, lang),
            dt.timedelta(seconds=r.total - r.good),
            dt.timedelta(seconds=r.total),
        )
        for r in results
    ]
    objective = formatter.value(_objective(results[0]))
    caption = message(lang, "sla.availability.caption", sla=name, objective=objective)
    return Table(
        columns, rows, caption=caption, marked={i for i, r in enumerate(results) if r.breached}
    )


def _results_blocks(
    names: Mapping[str, str], report: ServiceReport, formatter: Formatter
) -> list[Block]:
    """One table per SLA measured (by tickets or downtime), month by month; else a notice."""
    lang = formatter.language
    blocks: list[Block] = []
    ended = report.as_of.astimezone(zoneinfo.ZoneInfo(report.timezone)).date()
    for sla_id, name in names.items():
        # a period starting at the end of the as-of day holds nothing yet: not shown
        results = tuple(r for r in report.for_sla(sla_id) if r.period.start < ended)
        if not results:
            continue
        availability = metric_definition(results[0].metric).measure is Measure.DOWNTIME
        if not any(r.total or r.pending for r in results):
            key = "sla.no_downtime" if availability else "sla.not_measured"
            blocks.append(Notice(Severity.WARNING, message(lang, key, sla=name)))
            continue
        if availability:
            blocks.append(_availability_table(name, results, formatter))
            continue
        objective = formatter.value(_objective(results[0]))
        columns = [
            message(lang, "column.month"),
            message(lang, "column.attainment"),
            message(lang, "column.result"),
            message(lang, _good_column(metric_definition(results[0].metric).good)),
        ]
        rows = [
            (
                _month(r, formatter),
                _attainment(r),
                _result(r, lang),
                message(
                    lang, "fraction", part=formatter.number(r.good), whole=formatter.number(r.total)
                ),
            )
            for r in results
        ]
        caption = message(lang, "sla.results.caption", sla=name, objective=objective)
        missed = {i for i, r in enumerate(results) if r.breached}
        blocks.append(Table(columns, rows, caption=caption, marked=missed))
    return blocks


def _credit_blocks(
    names: Mapping[str, str], report: ServiceReport, formatter: Formatter
) -> list[Block]:
    lang = formatter.language
    if not report.credits:
        return [Notice(Severity.INFO, message(lang, "sla.no_credit"))]
    status = {
        True: message(lang, "sla.credit.earned_back"),
        False: message(lang, "sla.credit.owed"),
    }
    lines = Table(
        columns=[
            message(lang, "column.sla"),
            message(lang, "column.month"),
            message(lang, "column.tier"),
            message(lang, "column.base"),
            message(lang, "column.amount"),
            message(lang, "column.state"),
        ],
        rows=[
            (
                names[c.sla_id],
                _month_label(c.month, formatter),
                c.percent,
                c.base,
                c.amount,
                status[c.earned_back],
            )
            for c in report.credits
        ],
        caption=message(lang, "sla.credits.caption"),
    )
    columns = [
        message(lang, "column.month"),
        message(lang, "column.charge"),
        message(lang, "column.owed"),
        message(lang, "column.payable"),
        message(lang, "column.note"),
    ]
    monthly_rows: list[tuple[Value, ...]] = [
        (_month_label(m.month, formatter), m.charge, m.owed, m.payable, _cap_note(m, formatter))
        for m in report.monthly_credits
    ]
    monthly = Table(columns, monthly_rows, caption=message(lang, "sla.monthly.caption"))
    return [lines, monthly]


def _cap_note(month: MonthlyCredit, formatter: Formatter) -> str:
    """Which caps limited a month's credits, from its amounts, in the report's language."""
    lang = formatter.language
    notes = []
    after_monthly = month.owed
    if month.monthly_cap is not None and month.owed > month.monthly_cap:
        notes.append(message(lang, "sla.note.monthly_cap", cap=formatter.money(month.monthly_cap)))
        after_monthly = month.monthly_cap
    if month.rolling_cap is not None and after_monthly > month.rolling_cap:
        notes.append(message(lang, "sla.note.rolling_cap", cap=formatter.money(month.rolling_cap)))
    separator = "; " if lang is Language.EN else " ; "
    return separator.join(notes) or message(lang, "sla.note.none")


def _month_label(month: str, formatter: Formatter) -> str:
    """``2025-03`` written as the locale's month (``Mar 2025``, ``mars 2025``)."""
    year, _, number = month.partition("-")
    if not (year.isdigit() and number.isdigit()):
        return month
    return formatter.month(dt.date(int(year), int(number), 1))


def _late_deliveries(items: Sequence[LateDelivery], as_of: str, formatter: Formatter) -> Table:
    """Each dated deliverable and milestone: due, delivered, delay, penalty, cap, right."""
    lang = formatter.language
    columns = [
        message(lang, f"column.{key}")
        for key in ("delivery_item", "due", "delivered", "delay", "force_majeure", "penalty", "cap")
    ]
    columns.append(message(lang, "column.termination"))
    outstanding = message(lang, "sla.late.outstanding")
    rows: list[tuple[Value, ...]] = [
        (
            item.name,
            item.due,
            item.delivered if item.delivered is not None else outstanding,
            counted(lang, "sla.late.days", item.delay_days, formatter),
            counted(lang, "sla.late.days", item.excused_days, formatter)
            if item.excused_days
            else "",
            item.penalty,
            message(lang, "sla.late.capped", percent=formatter.percentage(item.percent))
            if item.capped
            else message(lang, "sla.late.uncapped"),
            message(lang, "sla.late.right" if item.termination_right else "sla.late.no_right"),
        )
        for item in items
    ]
    return Table(columns, rows, caption=message(lang, "sla.late.caption", as_of=as_of))


def _accounts(
    report: ServiceReport,
    names: Mapping[str, str],
    formatter: Formatter,
    downtime: Mapping[str, SLAAccount],
) -> Table:
    """Where every row went per SLA; an availability SLA's rows are the downtime record's."""
    lang = formatter.language
    accounts = [downtime.get(a.sla_id, a) for a in report.accounts]
    shown = {
        a.sla_id: message(lang, "sla.accounts.downtime_rows", sla=names[a.sla_id])
        if a.sla_id in downtime
        else names[a.sla_id]
        for a in accounts
    }
    return Table(
        columns=[
            message(lang, "column.sla"),
            message(lang, "column.rows"),
            message(lang, "column.evaluated"),
            message(lang, "column.excluded"),
            message(lang, "column.invalid"),
        ],
        rows=[
            (shown[a.sla_id], a.rows_in, a.evaluated, _excluded(formatter, a.excluded), a.invalid)
            for a in accounts
        ],
        caption=message(lang, "sla.accounts.caption"),
    )


def service_level_blocks(levels: ContractServiceLevels, formatter: Formatter) -> list[Block]:
    """One contract's service levels: headline figures, results, credits, rights, accounts.

    Args:
        levels: A contract's service levels (with a report: see `service_levels_section`).
        formatter: The report's formatter.
    """
    if levels.report is None:
        raise InvalidValueError("levels.report", None, "a contract without data has no blocks")
    contract = levels.contract
    names = {sla.id: sla.name for sla in contract.slas}
    blocks = service_report_blocks(
        contract.title,
        names,
        levels.report,
        formatter,
        downtime=levels.downtime_accounts,
        downtime_invalid=levels.invalid_rows("downtime"),
        deliveries_invalid=levels.invalid_rows("deliveries"),
    )
    lang = formatter.language
    for kind, rows in levels.unused:
        text = counted(lang, f"sla.{kind}_unused", rows, formatter)
        blocks.append(Notice(Severity.WARNING, text))
    return blocks


def service_report_blocks(
    title: str,
    names: Mapping[str, str],
    report: ServiceReport,
    formatter: Formatter,
    *,
    downtime: Sequence[SLAAccount] = (),
    downtime_invalid: Sequence[InvalidRow] = (),
    deliveries_invalid: Sequence[InvalidRow] = (),
) -> list[Block]:
    """A service report's blocks, given the contract's title and each SLA's name by id.

    Args:
        title: The contract's title.
        names: Each SLA's name, by id.
        report: The service report.
        formatter: The report's formatter.
        downtime: Where the downtime rows went, per availability SLA (`downtime_accounts`).
        downtime_invalid: The downtime rows that could not be used.
        deliveries_invalid: The delivery rows that could not be used.
    """
    lang = formatter.language
    rows_in = report.accounts[0].rows_in if report.accounts else len(report.invalid_rows)
    breached = sum(1 for r in report.results if r.final and r.status is PeriodStatus.BREACHED)
    payable = report.total_payable
    zone = zoneinfo.ZoneInfo(report.timezone)
    as_of = formatter.date((report.as_of - dt.timedelta(seconds=1)).astimezone(zone).date())
    figures = [
        KeyFigure(message(lang, "sla.rows"), rows_in),
        KeyFigure(message(lang, "sla.invalid"), len(report.invalid_rows)),
        KeyFigure(message(lang, "sla.months_breached"), breached),
    ]
    if payable is not None:
        figures.append(KeyFigure(message(lang, "sla.payable"), payable))
    figures.append(KeyFigure(message(lang, "sla.rights"), report.rights_count))
    penalties = report.late_delivery_penalties
    if penalties is not None:
        figures.append(KeyFigure(message(lang, "sla.late.penalties"), penalties))
    blocks: list[Block] = [
        Paragraph(message(lang, "sla.contract", title=title, as_of=as_of)),
        KeyFigures(figures),
    ]
    blocks.extend(
        Notice(
            Severity.PROBLEM,
            message(
                lang,
                "sla.termination",
                month=_month_label(right.period.label, formatter),
                sla=names[right.sla_id],
                rule=_rule(lang, right),
            ),
        )
        for right in report.termination_rights
    )
    blocks.extend(
        Notice(
            Severity.PROBLEM,
            counted(lang, "sla.late.termination", item.delay_days, formatter, item=item.name),
        )
        for item in report.delivery_termination_rights
    )
    charts = (
        attainment_chart(f"sla-{report.contract_id}", title, names, report, formatter),
        credits_chart(f"credits-{report.contract_id}", title, report, formatter),
    )
    blocks.extend(_results_blocks(names, report, formatter))
    blocks.extend(chart for chart in charts[:1] if chart is not None)
    blocks.extend(_credit_blocks(names, report, formatter))
    blocks.extend(chart for chart in charts[1:] if chart is not None)
    if report.late_deliveries:
        blocks.append(_late_deliveries(report.late_deliveries, as_of, formatter))
    blocks.append(_accounts(report, names, formatter, {a.sla_id: a for a in downtime}))
    if report.invalid_rows:
        blocks.append(
            invalid_rows_table(lang, report.invalid_rows, message(lang, "sla.invalid.caption"))
        )
    if report.unknown_statuses:
        blocks.append(_unknown_statuses(report.unknown_statuses, formatter))
    if downtime_invalid:
        caption = message(lang, "sla.downtime_invalid.caption")
        blocks.append(invalid_rows_table(lang, downtime_invalid, caption))
    if deliveries_invalid:
        caption = message(lang, "sla.deliveries_invalid.caption")
        blocks.append(invalid_rows_table(lang, deliveries_invalid, caption))
    return blocks


def _unknown_statuses(statuses: Sequence[UnknownStatus], formatter: Formatter) -> Table:
    """The statuses no clock names: each as written, its events and the hint, if any."""
    lang = formatter.language
    return Table(
        columns=[
            message(lang, "column.status_written"),
            message(lang, "column.events"),
            message(lang, "column.hint"),
        ],
        rows=[
            (
                status.value,
                status.events,
                ""
                if status.hint is None
                else message(lang, "sla.unknown_statuses.hint", hint=status.hint),
            )
            for status in statuses
        ],
        caption=message(lang, "sla.unknown_statuses.caption"),
    )


def service_levels_section(levels: PortfolioServiceLevels | None, formatter: Formatter) -> Section:
    """The section on every contract's service levels (or why there is none).

    Args:
        levels: The portfolio's service levels (None: no record was given).
        formatter: The report's formatter.
    """
    lang = formatter.language
    title = message(lang, "sla.title")
    if levels is None or not levels.records:
        return Section("service_levels", title, [Paragraph(message(lang, "sla.no_tickets"))])
    figures: list[KeyFigure] = []
    unassigned: list[Block] = []
    for record in levels.records:
        read, none_known, caption = _RECORD_MESSAGES[record.kind]
        figures.append(KeyFigure(message(lang, read), record.rows_in))
        figures.append(KeyFigure(message(lang, none_known), len(record.unassigned)))
        if record.unassigned:
            table = invalid_rows_table(lang, record.unassigned, message(lang, caption))
            unassigned.append(table)
    blocks: list[Block] = [KeyFigures(figures), *unassigned]
    for contract_levels in levels.contracts:
        contract = contract_levels.contract
        if not contract.slas:  # evaluated for its KPIs only
            continue
        if contract_levels.report is None:
            blocks.append(Paragraph(message(lang, "sla.contract.no_rows", title=contract.title)))
            continue
        blocks.extend(service_level_blocks(contract_levels, formatter))
    return Section("service_levels", title, blocks)


#: Per record kind: the messages of its rows read, rows of no known contract, and their table.
_RECORD_MESSAGES = {
    "tickets": ("sla.rows_read", "sla.rows_unassigned", "sla.unassigned.caption"),
    "downtime": (
        "sla.downtime_read",
        "sla.downtime_unassigned",
        "sla.downtime_unassigned.caption",
    ),
    "deliveries": (
        "sla.deliveries_read",
        "sla.deliveries_unassigned",
        "sla.deliveries_unassigned.caption",
    ),
}


def _good_column(good: str) -> str:
    """The message key heading the good-events column for a metric's good outcome."""
    return "column.within_target" if good in _WITHIN_TARGET else f"column.{good}"
