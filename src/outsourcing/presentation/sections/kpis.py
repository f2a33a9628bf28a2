"""The KPI section: each contract's indicators period by period, missed periods marked.

KPIs are tracked, not contractual: no credit, no right, only the value against its target.
Values in a time unit are written as durations (``8 h 56 min``), percentages as percentages.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from decimal import Decimal

from outsourcing.model.contract import Contract
from outsourcing.model.money import Percentage
from outsourcing.model.sla import MeasurementPeriod
from outsourcing.presentation.document import Block, Paragraph, Section, Table
from outsourcing.presentation.formatting import Formatter, Value
from outsourcing.presentation.messages import label, message
from outsourcing.sla.kpis import KPIReport, KPIResult, KPIStatus

__all__ = ["kpi_blocks", "kpis_section"]

#: Time units a KPI may be counted in, as a number of seconds.
_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86_400}
_PERCENT_UNITS = frozenset({"%", "percent", "percentage"})


def _value(amount: Decimal | None, unit: str) -> Value:
    """A KPI value (or target) in its unit: a duration, a percentage or a number."""
    if amount is None:
        return None
    if unit in _SECONDS:
        return dt.timedelta(seconds=round(amount * _SECONDS[unit]))
    if unit in _PERCENT_UNITS:
        return Percentage(amount.quantize(Decimal("0.1")))
    return amount.quantize(Decimal("0.01")).normalize()


def _period(result: KPIResult, formatter: Formatter) -> str:
    period = result.period
    if period.kind is MeasurementPeriod.MONTH:
        return formatter.month(period.start)
    return period.label


def kpi_blocks(contract: Contract, report: KPIReport, formatter: Formatter) -> list[Block]:
    """One contract's KPIs: a table per KPI, one row per period, missed periods marked."""
    lang = formatter.language
    blocks: list[Block] = [Paragraph(message(lang, "kpis.contract", title=contract.title))]
    # a period starting at the end of the as-of day holds nothing yet: not shown
    ended = report.as_of.astimezone(zoneinfo.ZoneInfo(report.timezone)).date()
    for kpi in contract.kpis:
        results = [r for r in report.results if r.kpi_id == kpi.id and r.period.start < ended]
        if not results:
            continue
        target = formatter.value(_value(kpi.target, kpi.unit))
        rows: list[tuple[Value, ...]] = [
            (
                _period(r, formatter),
                _value(r.value, r.unit),
                label(lang, r.status),
                r.tickets,
            )
            for r in results
        ]
        blocks.append(
            Table(
                columns=[
                    message(lang, "column.period"),
                    message(lang, "column.value"),
                    message(lang, "column.result"),
                    message(lang, "column.tickets"),
                ],
                rows=rows,
                caption=message(
                    lang,
                    f"kpis.caption.{kpi.direction.value}",
                    kpi=kpi.name,
                    metric=label(lang, kpi.metric),
                    target=target,
                ),
                marked={i for i, r in enumerate(results) if r.status is KPIStatus.MISSED},
            )
        )
    return blocks


def kpis_section(reports: Sequence[tuple[Contract, KPIReport]], formatter: Formatter) -> Section:
    """The section on every contract's KPIs (or why there is none)."""
    lang = formatter.language
    blocks: list[Block] = []
    for contract, report in reports:
        blocks.extend(kpi_blocks(contract, report, formatter))
    if not blocks:
        blocks.append(Paragraph(message(lang, "kpis.none")))
    return Section("kpis", message(lang, "kpis.title"), blocks)
