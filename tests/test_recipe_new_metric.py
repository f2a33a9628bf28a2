"""The "add an SLA metric" recipe of docs/where-things-live.md, followed in this file alone.

A metric that is not built in — the time from the first response to the resolution, in a 24×7
clock — is defined as one row of the metric table, named by an SLA, evaluated end to end on a
ticket log, and read back from a document.
"""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from outsourcing import (
    METRICS,
    SLA,
    Contract,
    DocumentError,
    FixedFee,
    InvalidValueError,
    Measure,
    Metric,
    Money,
    Term,
    TicketLog,
    dumps,
    evaluate_slas,
    loads,
    metric_definition,
    register_metric,
)
from outsourcing.model.metric import unregister_metric

UTC = dt.UTC

#: The recipe's one step: a row of the metric table.
RESPONSE_TO_RESOLUTION = Metric(
    name="response_to_resolution",
    measure=Measure.ELAPSED,
    start="first_response",
    stop="resolved",
)


@pytest.fixture(autouse=True)
def _registered() -> Iterator[None]:
    """The row, added for each test and taken out after it (the table is global)."""
    register_metric(RESPONSE_TO_RESOLUTION)
    yield
    unregister_metric(RESPONSE_TO_RESOLUTION.name)


def _contract() -> Contract:
    sla = SLA(
        id="fix",
        name="Fixed within 2 h of the first response",
        metric="response_to_resolution",
        objective=60,
        target=dt.timedelta(hours=2),
        credit_tiers=[],
    )
    return Contract(
        id="c1",
        title="Service desk",
        client="Client",
        provider_id="provider",
        currency="EUR",
        timezone="UTC",
        term=Term(start="2024-01-01"),
        pricing=[FixedFee(name="run", monthly_fee=Money("1000", "EUR"))],
        slas=[sla],
    )


def _ticket(ticket: str, response: str, resolved: str | None) -> dict[str, str]:
    row = {
        "ticket": ticket,
        "opened": "2024-01-10T08:00:00Z",
        "first_response": response,
        "priority": "P1",
    }
    if resolved is not None:
        row["resolved"] = resolved
    return row


def test_a_new_metric_is_one_row_of_the_table() -> None:
    """Registering the row makes the name known to the table; its clock needs a time target."""
    assert METRICS["response_to_resolution"] is RESPONSE_TO_RESOLUTION
    assert metric_definition("response_to_resolution").timed
    with pytest.raises(InvalidValueError, match="needs a time target"):
        SLA(id="x", name="x", metric="response_to_resolution", objective=90)


def test_a_new_metric_is_evaluated_end_to_end() -> None:
    """The clock runs from the first response to the resolution, as the row says.

    Opened 08:00 each. Ticket a: answered 08:30, resolved 09:30 → 1 h, good. Ticket b:
    answered 09:00, resolved 12:00 → 3 h, bad. Ticket c: answered 10:00, resolved 11:59 →
    1 h 59 min, good. The time from opening (which a resolution SLA would count: 3 h 59 min
    for c) plays no part. Attainment 2 of 3 = 66.67 % against 60 %: met.
    """
    log = TicketLog.from_records(
        [
            _ticket("a", "2024-01-10T08:30:00Z", "2024-01-10T09:30:00Z"),
            _ticket("b", "2024-01-10T09:00:00Z", "2024-01-10T12:00:00Z"),
            _ticket("c", "2024-01-10T10:00:00Z", "2024-01-10T11:59:00Z"),
        ]
    )
    report = evaluate_slas(_contract(), log, as_of=dt.datetime(2024, 2, 1, tzinfo=UTC))
    january = report.result("fix", "2024-01")
    assert (january.good, january.total) == (2, 3)
    assert str(january.status) == "met"
    assert january.mean_seconds == Decimal(3600 + 3 * 3600 + 7140) / 3


def test_an_open_ticket_is_pending_then_breached_on_the_new_clock() -> None:
    """Unresolved, the clock runs from the first response to as_of: within 2 h it is pending."""
    log = TicketLog.from_records([_ticket("a", "2024-01-10T08:30:00Z", None)])
    early = evaluate_slas(_contract(), log, as_of=dt.datetime(2024, 1, 10, 10, tzinfo=UTC))
    late = evaluate_slas(_contract(), log, as_of=dt.datetime(2024, 1, 10, 11, tzinfo=UTC))
    assert early.result("fix", "2024-01").pending == 1
    january = late.result("fix", "2024-01")
    assert (january.good, january.total, january.pending) == (0, 1, 0)


def test_a_new_metric_reads_and_writes_in_documents() -> None:
    """An SLA naming the new metric round-trips through TOML; an unknown name is refused."""
    contract = _contract()
    assert loads(dumps(contract, "toml"), Contract, "toml") == contract
    text = dumps(contract, "json").replace("response_to_resolution", "response_to_resolve")
    with pytest.raises(
        DocumentError,
        match=r"\$\.slas\[0\]\.metric \(line \d+, column \d+\): must be one of .*resolve'",
    ):
        loads(text, Contract, "json")


def test_registering_another_row_under_a_taken_name_is_refused() -> None:
    """A name means one thing: a different row under a known name is refused."""
    with pytest.raises(InvalidValueError, match="already a different metric"):
        register_metric(Metric(name="resolution", measure=Measure.ELAPSED, stop="first_response"))
    with pytest.raises(InvalidValueError, match="built in"):
        unregister_metric("resolution")
