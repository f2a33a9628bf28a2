"""Static checks of service levels and KPIs: ticket logs in, reports with credits out.

Type-checked by mypy (``mypy src tests typing_tests``), never run.
"""

import datetime as dt
from typing import assert_type

import numpy as np
import numpy.typing as npt

from outsourcing import (
    Contract,
    ContractDowntime,
    ContractTickets,
    CreditLine,
    InvalidRow,
    KPIReport,
    KPIResult,
    Money,
    PeriodResult,
    PeriodStatus,
    Portfolio,
    PortfolioServiceLevels,
    ServiceRecords,
    ServiceReport,
    TerminationRight,
    TicketLog,
    UnscopedValue,
    evaluate_kpis,
    evaluate_portfolio_slas,
    evaluate_slas,
)


def ticket_logs(csv_text: str, lines: list[str]) -> None:
    log = TicketLog.from_csv(csv_text)
    assert_type(log, TicketLog)
    assert_type(TicketLog.from_csv(lines, priorities=("P1", "P2")), TicketLog)
    assert_type(log.opened, npt.NDArray[np.int64])
    assert_type(log.satisfied, npt.NDArray[np.int8])
    assert_type(log.invalid, tuple[InvalidRow, ...])
    assert_type(len(log), int)
    _ = ContractTickets.from_csv(csv_text, {"C-1"})  # type: ignore[arg-type]


def portfolio_service_levels(csv_text: str, portfolio: Portfolio, day: dt.date) -> None:
    tickets = ContractTickets.from_csv(csv_text, portfolio.contracts)
    assert_type(tickets, ContractTickets)
    downtime = ContractDowntime.from_csv(csv_text, portfolio.contracts, contract="C-1")
    levels = evaluate_portfolio_slas(portfolio, ServiceRecords(tickets, downtime), as_of=day)
    assert_type(levels, PortfolioServiceLevels)
    assert_type(levels.contract("C-1").report, ServiceReport | None)
    assert_type(levels.rows_not_used(), tuple[tuple[str, int, int], ...])
    _ = TicketLog.from_csv(csv_text, batch_rows="2000")  # type: ignore[arg-type]


def service_report(contract: Contract, log: TicketLog, as_of: dt.datetime, fee: Money) -> None:
    report = evaluate_slas(contract, log, as_of=as_of, charges=fee)
    assert_type(report, ServiceReport)
    assert_type(evaluate_slas(contract, [log, log], as_of=as_of), ServiceReport)
    assert_type(report.results, tuple[PeriodResult, ...])
    assert_type(report.results[0].status, PeriodStatus)
    assert_type(report.credits, tuple[CreditLine, ...])
    assert_type(report.termination_rights, tuple[TerminationRight, ...])
    assert_type(report.total_payable, Money | None)
    assert_type(report.result("resolution-p1", "2024-01"), PeriodResult)
    assert_type(report.unscoped_values, tuple[UnscopedValue, ...])
    assert_type(report.unscoped_values[0].rows, int)
    assert_type(log.unnamed_statuses, tuple[tuple[str, int], ...])
    # "Now" is always a parameter.
    _ = evaluate_slas(contract, log)  # type: ignore[call-arg]
    _ = evaluate_slas(contract, log, as_of="2024-02-01")  # type: ignore[arg-type]


def kpi_report(contract: Contract, log: TicketLog, as_of: dt.datetime) -> None:
    report = evaluate_kpis(contract, log, as_of=as_of)
    assert_type(report, KPIReport)
    assert_type(report.results, tuple[KPIResult, ...])
    assert_type(report.for_kpi("first-time-fix"), tuple[KPIResult, ...])
