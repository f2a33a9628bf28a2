"""Static checks of the interop readers and writers, the at-risk view and the event metrics.

Type-checked by mypy (``mypy src tests typing_tests``), never run.
"""

import datetime as dt
from decimal import Decimal
from typing import Any, assert_type

import numpy as np
import numpy.typing as npt

from outsourcing import (
    AtRisk,
    BusinessCalendar,
    Clock,
    Contract,
    ErrorBudget,
    ImportedSLAs,
    TicketLog,
    at_risk,
    error_budgets,
    openslo_documents,
    openslo_slas,
    servicenow_slas,
    zendesk_calendar,
    zendesk_slas,
)
from outsourcing.sla.records.servicenow_events import servicenow_log
from outsourcing.sla.records.zendesk_events import zendesk_metric_log


def imports(document: object, calendar: BusinessCalendar) -> None:
    assert_type(zendesk_slas(document, objective=95, calendar=calendar), ImportedSLAs)
    assert_type(zendesk_slas(document, objective=Decimal("99.5")), ImportedSLAs)
    assert_type(zendesk_calendar(document), BusinessCalendar)
    assert_type(
        servicenow_slas(document, objective="90", schedules={"8-5": "office"}), ImportedSLAs
    )
    assert_type(openslo_slas(document), ImportedSLAs)
    # The objective is a percentage, never a fraction given as a float.
    _ = zendesk_slas(document, objective=0.95)  # type: ignore[arg-type]


def exports(contract: Contract) -> None:
    assert_type(openslo_documents(contract), list[dict[str, Any]])


def live_view(contract: Contract, log: TicketLog, as_of: dt.datetime) -> None:
    view = at_risk(contract, log, as_of)
    assert_type(view, AtRisk)
    assert_type(view.deadline, npt.NDArray[np.int64])
    assert_type(view.to_json(), str)
    assert_type(error_budgets(contract, log, as_of), tuple[ErrorBudget, ...])


def event_metrics(events: dict[str, list[str]], clock: Clock) -> None:
    assert_type(zendesk_metric_log(events, "next_reply"), TicketLog)
    assert_type(servicenow_log(events, clock, reset="cancel", retroactive=True), TicketLog)
