import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing import InvalidReason, InvalidRow, TicketLog
from outsourcing.exceptions import InvalidValueError
from outsourcing.sla.records.timestamps import MISSING

GOOD = {"ticket": "ok", "opened": "2024-01-02T09:00:00+01:00", "priority": "P1"}


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"opened": "2024-01-02T09:00:00"}, "opened", "naive timestamp (no UTC offset)"),
        ({"opened": "tomorrow"}, "opened", "unparseable timestamp"),
        ({"opened": None}, "opened", "missing opening instant"),
        ({"resolved": "2024-01-01T09:00:00Z"}, "resolved", "resolved before opened"),
        ({"first_response": "2024-01-01T09:00:00Z"}, "first_response",
         "first_response before opened"),
        ({"priority": "P9"}, "priority", "unknown priority"),
        ({"priority": None}, "priority", "missing priority"),
        ({"ticket": None}, "ticket", "missing ticket id"),
        ({"exclusion": "weather"}, "exclusion", "unknown exclusion reason"),
        ({"satisfied": "maybe"}, "satisfied", "must be yes/no (1/0, true/false)"),
        ({"satisfaction_score": "great"}, "satisfaction_score", "not a number"),
        ({"satisfaction_score": -1}, "satisfaction_score", "negative score"),
        ({"work_seconds": -5}, "work_seconds", "negative work time"),
    ],
)  # fmt: skip
def test_invalid_rows_have_reasons(change: dict[str, Any], field: str, reason: str) -> None:
    """Each kind of bad row is reported with its row number, field, reason and value."""
    log = TicketLog.from_records([GOOD, {**GOOD, "ticket": "bad", **change}], priorities=["P1"])
    assert len(log) == 1
    (invalid,) = log.invalid
    assert (invalid.row, invalid.field, invalid.reason) == (1, field, reason)
    value = change[field]
    assert invalid.value == ("" if value is None else str(value))


def test_duplicates_name_the_first_row() -> None:
    """A repeated ticket id is invalid after its first occurrence, which is named."""
    log = TicketLog.from_records([GOOD, {**GOOD, "ticket": "other"}, GOOD])
    assert log.invalid == (
        InvalidRow(
            2,
            "duplicate ticket id (first at row 0)",
            "ticket",
            "ok",
            InvalidReason.DUPLICATE_TICKET,
            other_row=0,
        ),
    )


def test_csv_and_records_agree() -> None:
    """CSV text and records build the same columns."""
    text = (
        "id,created,resolved,priority\n"
        "a,2024-01-02T09:00:00+01:00,2024-01-02T10:00:00+01:00,P1\n"
        "b,2024-01-02T09:00:00+01:00,,P2\n"
        "c,2024-01-02T09:00:00,,P2\n"
    )
    rename = {"id": "ticket", "created": "opened"}
    from_csv = TicketLog.from_csv(text, rename=rename)
    assert len(from_csv) == 2
    assert from_csv.invalid[0].row == 2
    assert from_csv.resolved.tolist() == [1_704_186_000, MISSING]
    assert from_csv.priorities == ("P1", "P2")


def test_csv_without_required_column() -> None:
    """A CSV without an opening column is refused, naming what is missing."""
    with pytest.raises(InvalidValueError, match="opened"):
        TicketLog.from_csv("ticket,priority\na,P1\n")


def test_pandas_aware_and_naive_columns() -> None:
    """Aware datetime columns are read as epoch seconds; naive ones make each row invalid."""
    opened = pd.Series(pd.to_datetime(["2024-01-02 09:00", "2024-01-03 09:00"]))
    frame = pd.DataFrame(
        {
            "ticket": ["a", "b"],
            "opened": opened.dt.tz_localize("Europe/Paris"),
            "resolved": [pd.NaT, pd.Timestamp("2024-01-03 12:00", tz="UTC")],
            "priority": pd.Categorical(["P1", "P2"]),
        }
    )
    log = TicketLog.from_pandas(frame)
    assert log.opened.tolist() == [1_704_182_400, 1_704_268_800]
    assert log.resolved.tolist() == [MISSING, 1_704_283_200]
    assert log.ticket.tolist() == ["a", "b"]
    naive = TicketLog.from_pandas(frame.assign(opened=opened))
    assert len(naive) == 0
    assert {r.reason for r in naive.invalid} == {"naive timestamp (no UTC offset)"}


def test_unknown_column_and_length_mismatch() -> None:
    """Unknown columns and columns of different lengths are programmer errors."""
    with pytest.raises(InvalidValueError, match="unknown"):
        TicketLog.from_arrays({"ticket": [1], "opened": [0], "priority": ["P1"], "colour": [1]})
    with pytest.raises(InvalidValueError, match="same length"):
        TicketLog.from_arrays({"ticket": [1, 2], "opened": [0], "priority": ["P1"]})


@given(
    st.lists(
        st.tuples(
            st.integers(0, 20),
            st.one_of(st.none(), st.integers(1_600_000_000, 1_800_000_000)),
            st.sampled_from(["P1", "P2", "", "P7"]),
        ),
        max_size=30,
    )
)
def test_rows_add_up(rows: list[tuple[int, int | None, str]]) -> None:
    """Valid rows plus invalid rows always equal the rows read."""
    log = TicketLog.from_arrays(
        {
            "ticket": np.array([r[0] for r in rows], dtype=np.int64),
            "opened": np.array([MISSING if r[1] is None else r[1] for r in rows], dtype=np.int64),
            "priority": np.array([r[2] for r in rows], dtype=np.str_),
        },
        priorities=["P1", "P2"],
    )
    assert len(log) + len(log.invalid) == log.rows_in == len(rows)
    assert sorted([*log.row.tolist(), *(r.row for r in log.invalid)]) == list(range(len(rows)))


def test_aware_datetime_records() -> None:
    """Records may carry aware datetime objects instead of text."""
    moment = dt.datetime(2024, 1, 2, 8, tzinfo=dt.UTC)
    log = TicketLog.from_records([{"ticket": 1, "opened": moment, "priority": "P1"}])
    assert log.opened.tolist() == [int(moment.timestamp())]
