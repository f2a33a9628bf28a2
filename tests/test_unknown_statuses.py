"""Statuses no clock names: counted by value in the results, with a hint, shown in the report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import numpy as np

from outsourcing import SLA, Clock, Contract, SLAMetric, Term, evaluate_slas
from outsourcing.model.portfolio import Portfolio
from outsourcing.presentation.document import Table
from outsourcing.presentation.formatting import Formatter
from outsourcing.presentation.locale import Language
from outsourcing.presentation.sections.service_levels import service_report_blocks
from outsourcing.samples import sample_portfolio
from outsourcing.sla.portfolio import ServiceRecords, evaluate_portfolio_slas
from outsourcing.sla.records.contract_tickets import ContractTickets
from outsourcing.sla.records.replay import replay_events
from outsourcing.sla.records.zendesk_events import ZendeskMetric, zendesk_metric_log
from outsourcing.sla.unknown_statuses import UnknownStatus, unknown_statuses

CLOCK = Clock(start_statuses={"new"}, pause_statuses={"pending"}, stop_statuses={"resolved"})
BASE = int(dt.datetime(2024, 3, 4, tzinfo=dt.UTC).timestamp())
HOUR = 3600
AS_OF = dt.datetime(2024, 4, 1, tzinfo=dt.UTC)
SLA_R = SLA(id="r", name="Resolution", metric=SLAMetric.RESOLUTION, objective=100,
            target=dt.timedelta(hours=4), clock=CLOCK)  # fmt: skip
CONTRACT = Contract(id="c", title="Desk", client="c", provider_id="p", currency="EUR",
                    term=Term(start="2024-01-01"), slas=[SLA_R], timezone="UTC")  # fmt: skip


def _events() -> dict[str, Any]:
    """Three tickets: one resolved, one 'Resolved' twice (never stops), one 'in progress'."""
    return {
        "ticket": ["a", "a", "b", "b", "b", "c", "c", "c"],
        "timestamp": [BASE + h * HOUR for h in (0, 1, 0, 2, 3, 0, 1, 2)],
        "status": ["new", "resolved", "new", "Resolved", "Resolved", "new", "in progress",
                   "resolved"],
        "priority": ["P1"] * 8,
    }  # fmt: skip


def test_statuses_are_counted_by_value_with_a_hint() -> None:
    """'Resolved' (2 events) hints 'resolved'; 'in progress' (1) is like no known status."""
    report = evaluate_slas(CONTRACT, replay_events(_events(), CLOCK), as_of=AS_OF)
    assert report.unknown_statuses == (
        UnknownStatus("Resolved", 2, "resolved"),
        UnknownStatus("in progress", 1, None),
    )
    march = report.result("r", "2024-03")
    assert (march.good, march.total) == (2, 3)  # ticket b never stopped: past its 4 hours


def test_chunks_count_each_event_once() -> None:
    """A portfolio evaluated one row a chunk counts what the whole log counts."""
    log = replay_events(_events(), CLOCK)
    records = ServiceRecords(tickets=ContractTickets(len(log), {"c": log}))
    portfolio_levels = evaluate_portfolio_slas(
        _portfolio(), records, as_of=dt.date(2024, 3, 31), chunk_rows=1
    )
    assert portfolio_levels.unknown_statuses() == (
        ("c", UnknownStatus("Resolved", 2, "resolved")),
        ("c", UnknownStatus("in progress", 1, None)),
    )


def test_a_hint_may_name_a_zendesk_status() -> None:
    """Statuses are hinted among the clocks' and Zendesk's, the same in another case first."""
    known = frozenset({"resolved", "solved", "open"})
    found = unknown_statuses([("Solved", 3), ("opne", 1), ("zzz", 5)], known)
    assert found == (
        UnknownStatus("zzz", 5, None),
        UnknownStatus("Solved", 3, "solved"),
        UnknownStatus("opne", 1, "open"),
    )


def test_zendesk_events_count_the_statuses_zendesk_does_not_have() -> None:
    """'Solved' is not a Zendesk status: counted; the metric's own derived events are not."""
    events: dict[str, Any] = {
        "ticket": ["T"] * 4,
        "timestamp": np.array([BASE, BASE + HOUR, BASE + 2 * HOUR, BASE + 3 * HOUR]),
        "status": ["new", "open", "Solved", "solved"],
    }
    log = zendesk_metric_log(events, ZendeskMetric.TOTAL_RESOLUTION, as_of=AS_OF)
    assert log.unnamed_statuses == (("Solved", 1),)


def test_the_report_lists_them_in_english_and_french() -> None:
    """One table: the status as written, its events and the hint, in both languages."""
    report = evaluate_slas(CONTRACT, replay_events(_events(), CLOCK), as_of=AS_OF)
    found = {}
    for language in (Language.EN, Language.FR):
        blocks = service_report_blocks("Desk", {"r": "Resolution"}, report, Formatter(language))
        tables = [b for b in blocks if isinstance(b, Table) and "clock" in _caption(b, language)]
        (table,) = tables
        found[language] = [list(row) for row in table.rows]
    assert found[Language.EN] == [
        ["Resolved", 2, "did you mean 'resolved'?"],
        ["in progress", 1, ""],
    ]
    assert found[Language.FR] == [
        ["Resolved", 2, "vouliez-vous dire «\u00a0resolved\u00a0»\u202f?"],
        ["in progress", 1, ""],
    ]


def _caption(table: Table, language: Language) -> str:
    word = {Language.EN: "clock", Language.FR: "horloge"}[language]
    return "clock" if word in (table.caption or "") else ""


def _portfolio() -> Portfolio:
    sample = sample_portfolio()
    contract = attrs.evolve(CONTRACT, provider_id=sample.providers[0].id)
    return attrs.evolve(sample, contracts=[contract], processes=[])
