"""Invalid rows and termination rights carry stable codes, which reports translate."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Any

import pytest

from outsourcing import InvalidReason, InvalidRow, TerminationRule, TicketLog
from outsourcing.model.sla import Clock, ExclusionReason
from outsourcing.presentation.locale import Language
from outsourcing.presentation.messages import MESSAGES, label
from outsourcing.presentation.sections.service_levels import row_reason
from outsourcing.samples import sample_portfolio
from outsourcing.sla.records.arrow_reading import read_csv_table
from outsourcing.sla.records.contract_deliveries import ContractDeliveries
from outsourcing.sla.records.contract_tickets import ContractTickets
from outsourcing.sla.records.downtime_log import DowntimeLog
from outsourcing.sla.records.replay import replay_events
from record_helpers import contracts_named

GOOD = {"ticket": "ok", "opened": "2024-01-02T09:00:00Z", "priority": "P1"}
CLOCK = Clock(
    start_statuses={"new"},
    pause_statuses={"pending"},
    stop_statuses={"resolved"},
    cancel_statuses={"cancelled"},
)


def _ticket_rows() -> Iterator[InvalidRow]:
    """One bad ticket row of each kind the ticket log refuses."""
    changes: list[dict[str, Any]] = [
        {"opened": None},
        {"opened": "2024-01-02T09:00:00"},
        {"opened": "yesterday"},
        {"opened": "2025-13-05T10:00:00Z"},
        {"opened": "2024-01-02T24:00:00Z"},
        {"opened": "2024-01-02T09:00:00+24:00"},
        {"opened": "0000-01-02T09:00:00Z"},
        {"first_response": "2024-01-01T09:00:00Z"},
        {"resolved": "2024-01-01T09:00:00Z"},
        {"priority": "P9"},
        {"exclusion": "weather"},
        {"work_seconds": "lots"},
        {"work_seconds": -5},
        {"satisfaction_score": "great"},
        {"satisfaction_score": -1},
        {"satisfied": "maybe"},
    ]
    records = [GOOD, {**GOOD, "ticket": "ok"}]
    records += [{**GOOD, "ticket": f"bad{i}", **change} for i, change in enumerate(changes)]
    yield from TicketLog.from_records(records, priorities=["P1"]).invalid


def _other_rows() -> Iterator[InvalidRow]:
    """Bad rows of events, downtime and the contract column."""
    events: dict[str, Any] = {
        "ticket": ["t", None, "v", "w"],
        "timestamp": [None, "2024-03-04T10:00:00Z", "2024-03-04T10:00:00Z",
                      "2024-03-04T10:00:00Z"],
        "status": ["new", "new", None, "new"],
        "priority": ["P1", "P1", "P1", "P7"],
    }  # fmt: skip
    yield from replay_events(events, CLOCK, priorities=["P1"]).invalid
    yield from DowntimeLog.from_records(
        [
            {"start": "2024-06-10T10:00:00Z", "end": "2024-06-10T09:00:00Z"},
            {"start": "2024-06-10T10:00:00Z", "end": "soon"},
        ]
    ).invalid
    text = (
        "contract,ticket,opened,priority\n"
        "c1,a,2024-01-02T09:00:00Z,P1\nnope,b,2024-01-02T09:00:00Z,P1\n,c,2024-01-02T09:00:00Z,P1\n"
    )
    yield from ContractTickets.from_csv(text, contracts_named("c1")).unassigned
    malformed = (
        "ticket,opened,priority\nT1,2024-01-02T09:00:00Z\nT2,2024-01-02T09:00:00Z,P1,x\n"
        "T\x003,2024-01-02T09:00:00Z,P1\n"
    )
    yield from TicketLog.from_table(read_csv_table(malformed.encode())).invalid
    deliveries = ContractDeliveries.from_records(
        [
            {"name": ""},
            {"name": "Go-live party"},
            {"name": "Pilote de 20 utilisateurs", "delivered": "12/02/2025"},
            {"name": "Pilote de 20 utilisateurs", "force_majeure_days": "two"},
            {"name": "Pilote de 20 utilisateurs", "force_majeure_days": "-2"},
            {"name": "Pilote de 20 utilisateurs", "delivered": "2025-02-12"},
            {"name": "Pilote de 20 utilisateurs", "delivered": "2025-02-13"},
        ],
        sample_portfolio().contracts,
        contract="rhone-it",
    )
    yield from deliveries.invalid_rows("rhone-it")


def test_every_reason_the_library_gives_is_a_code_and_every_code_is_given() -> None:
    """Bad rows of every kind get a specific code; no code is dead, none is left as other."""
    rows = [*_ticket_rows(), *_other_rows()]
    codes = {row.code for row in rows}
    assert all(isinstance(row.code, InvalidReason) for row in rows)
    assert codes == set(InvalidReason) - {InvalidReason.OTHER}


def test_details_are_data_next_to_the_words() -> None:
    """Known values and the earlier row of a duplicate are fields, not only words."""
    rows = {row.code: row for row in [*_ticket_rows(), *_other_rows()]}
    duplicate = rows[InvalidReason.DUPLICATE_TICKET]
    assert (duplicate.other_row, duplicate.reason) == (0, "duplicate ticket id (first at row 0)")
    assert rows[InvalidReason.UNKNOWN_PRIORITY].known == ("P1",)
    assert rows[InvalidReason.UNKNOWN_CONTRACT].known == ("c1",)
    assert rows[InvalidReason.UNKNOWN_EXCLUSION].known == tuple(r.value for r in ExclusionReason)


@pytest.mark.parametrize("enum", [InvalidReason, TerminationRule])
def test_every_code_has_a_message_in_both_languages(enum: type[StrEnum]) -> None:
    """No code falls back to its raw value in either language, and the languages differ."""
    for member in enum:
        key = f"{enum.__name__}.{member.value}"
        for language in Language:
            assert key in MESSAGES[language], key
        assert MESSAGES[Language.EN][key] != MESSAGES[Language.FR][key], key


def test_french_reasons_are_translated_by_code_with_their_details() -> None:
    """Every row the library gives reads in French from its code, with lines and known values."""
    for row in [*_ticket_rows(), *_other_rows()]:
        french = row_reason(Language.FR, row)
        assert french.startswith(label(Language.FR, row.code)), row
        assert french != row_reason(Language.EN, row)
        for value in row.known:
            assert value in french
    duplicate = next(r for r in _ticket_rows() if r.code is InvalidReason.DUPLICATE_TICKET)
    assert row_reason(Language.FR, duplicate).endswith("ligne 2")  # row 0 is file line 2


def test_rows_without_a_code_keep_their_own_words() -> None:
    """A row built the old way (no code) is still accepted and explained by its reason."""
    row = InvalidRow(3, "checked by hand", "ticket", "x")
    assert row.code is InvalidReason.OTHER
    assert row_reason(Language.FR, row) == "checked by hand"
    reworded = InvalidRow(3, "any new wording", "ticket", "", InvalidReason.MISSING_VALUE)
    assert row_reason(Language.FR, reworded) == "valeur manquante"
