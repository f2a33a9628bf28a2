"""Arrow columns into numpy: the fast instants agree with the library's parser, ids with a dict."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from outsourcing.sla.records import arrow_columns
from outsourcing.sla.records.arrow_columns import coded, text_instants
from outsourcing.sla.records.columns import first_occurrence
from outsourcing.sla.records.timestamps import MISSING, InstantStatus, parse_instants

two_digits = st.sampled_from(["00", "01", "09", "12", "13", "23", "24", "29", "30", "31", "59"])
two_digits |= st.integers(0, 99).map(lambda value: f"{value:02d}")
year = st.sampled_from(["2024", "2023", "2000", "1900", "1899", "2999", "3000", "0000", "20x4"])
ZONES = ["Z", "z", "", "+01:00", "-05:00", "+00:00", "-00:00", "+23:59", "+24:00", "+01:60"]
zone = st.sampled_from(
    [*ZONES, "+0100", "+01", "+1:00", "*01:00", "+01:0x", "+01;00", "Z "]
) | st.builds(lambda sign, h, m: f"{sign}{h}:{m}", st.sampled_from("+-"), two_digits, two_digits)
stamp = st.builds(
    lambda y, a, mo, b, d, t, h, c, mi, e, s, f, z: f"{y}{a}{mo}{b}{d}{t}{h}{c}{mi}{e}{s}{f}{z}",
    year,
    st.sampled_from(["-", "-", "-", "/"]),
    two_digits,
    st.sampled_from(["-", "-", "-", "."]),
    two_digits,
    st.sampled_from(["T", "T", " ", "t", "_"]),
    two_digits,
    st.sampled_from([":", ":", ":", "h"]),
    two_digits,
    st.sampled_from([":", ":", ":", ""]),
    two_digits,
    st.sampled_from(["", "", "", ".5", ",123", "."]),
    zone,
)
cell = stamp | st.sampled_from(["", "None", "nan", "NULL", "2024-01-01", "hier"]) | st.text()
#: Years at the ends of the allowed range, whose instant in UTC is outside it (or inside it
#: while the written year is not).
EDGES = [
    "1900-01-01T00:30:00+01:00",
    "1899-12-31T23:30:00-01:00",
    "2999-12-31T23:30:00-01:00",
    "3000-01-01T00:30:00+01:00",
    "1900-01-01T00:00:00Z",
    "2999-12-31T23:59:59Z",
]


def _assert_as_the_parser_reads(cells: list[str], column: pa.Array | pa.ChunkedArray) -> None:
    parsed = text_instants(column)
    seconds, status = parse_instants(np.array(cells, dtype=np.str_))
    assert parsed.status.tolist() == status.tolist()
    assert parsed.seconds.tolist() == seconds.tolist()
    assert [parsed[i] for i in range(len(cells))] == cells


@given(st.lists(cell, max_size=40), st.integers(1, 8))
def test_fast_instants_are_what_the_library_parser_reads(cells: list[str], pieces: int) -> None:
    """Statuses, instants and the cells shown in messages all agree, whatever the chunking.

    Arrow refusing a piece splits it down to one row here, so every split is exercised.
    """
    size = -(-len(cells) // pieces) if cells else 1
    chunks = [cells[i : i + size] for i in range(0, len(cells), size)] or [[]]
    column = pa.chunked_array([pa.array(chunk, pa.string()) for chunk in chunks], pa.string())
    with mock.patch.object(arrow_columns, "_SMALLEST_PIECE", 1):
        _assert_as_the_parser_reads(cells, column)
    _assert_as_the_parser_reads(cells, pa.array(cells, pa.large_string()))


def test_edges_of_the_year_range_and_nulls_read_as_the_parser_reads() -> None:
    """Instants near the first and last years go through the library's parser, nulls are empty."""
    _assert_as_the_parser_reads(EDGES, pa.array(EDGES))
    parsed = text_instants(pa.array(["2025-03-03T10:00:00+01:00", None]))
    assert parsed.seconds.tolist() == [1740992400, MISSING]
    assert parsed.status.tolist() == [InstantStatus.OK, InstantStatus.MISSING]
    assert (parsed[0], parsed[1]) == ("2025-03-03T10:00:00+01:00", "")


def test_a_bad_instant_among_many_leaves_the_others_to_arrow() -> None:
    """One 30 February in 10,000 rows is refused alone; its neighbours keep their instants."""
    cells = ["2025-03-03T10:00:00+01:00"] * 10_000
    cells[6_001] = "2025-02-30T10:00:00+01:00"
    cells[9_999] = "2025-03-03 10:00:00-00:30"
    parsed = text_instants(pa.array(cells))
    assert np.flatnonzero(parsed.status != InstantStatus.OK).tolist() == [6_001]
    assert parsed.status[6_001] == InstantStatus.BAD_DATE
    assert parsed.seconds[9_999] == 1740992400 + 5400  # 10:00 at -00:30 is 10:30 UTC
    assert parsed[6_001] == "2025-02-30T10:00:00+01:00"
    assert parsed[9_999] == "2025-03-03 10:00:00-00:30"


def _first_by_dict(ids: list[str]) -> list[int]:
    first: dict[str, int] = {}
    return [i if not value else first.setdefault(value, i) for i, value in enumerate(ids)]


@given(st.lists(st.sampled_from(["", "a", "b", "a\x00", "ab", "é", "long id 000"]) | st.text()))
def test_repeated_ids_are_found_as_a_dictionary_finds_them(ids: list[str]) -> None:
    """The hashed search gives each row the first row of its id, as text or as ASCII bytes."""
    text = np.array(ids, dtype=np.str_) if ids else np.zeros(0, dtype=np.str_)
    expected = _first_by_dict([str(value) for value in text.tolist()])
    assert first_occurrence(text).tolist() == expected
    if all(value.isascii() for value in ids):
        assert first_occurrence(text.astype(np.bytes_)).tolist() == expected


def test_dictionary_chunks_share_one_set_of_sorted_labels() -> None:
    """Each chunk's own dictionary maps to the column's sorted labels; empty and null are -1."""
    column = pa.chunked_array(
        [
            pa.array(["P2", "P1", ""]).dictionary_encode(),
            pa.array(["P3", None, "P1"]).dictionary_encode(),
        ]
    )
    found = coded(column)
    assert found.labels == ("P1", "P2", "P3")
    assert found.codes.tolist() == [1, 0, -1, 2, -1, 0]
