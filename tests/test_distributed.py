"""SLA evaluation on Dask: any partitioning and merge tree gives the one-machine report."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import itertools
import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import dask.dataframe
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing import TicketLog, evaluate_slas
from outsourcing.exceptions import InvalidValueError
from outsourcing.model.contract import Contract
from outsourcing.samples import TICKETS, sample_portfolio, sample_text
from outsourcing.sla import distributed as distributed_module
from outsourcing.sla.distributed import (
    evaluate_slas_on_dask,
    measure_on_dask,
    measure_partition,
)
from outsourcing.sla.measurement import ServiceMeasurements, measure_slas
from outsourcing.sla.records.arrow_reading import table_columns
from outsourcing.sla.records.rows import InvalidReason, InvalidRow
from outsourcing.sla.results import ServiceReport

AS_OF = dt.datetime(2025, 9, 30, 23, 0, tzinfo=dt.UTC)
dd: Any = dask.dataframe  # partly typed: called as untyped
CONTRACT_ID = "tana-care"


@cache
def _contract() -> Contract:
    return sample_portfolio().contract(CONTRACT_ID)


@cache
def _sample() -> pd.DataFrame:
    """The sample tickets of one contract, as text columns."""
    frame = pd.read_csv(io.StringIO(sample_text(TICKETS)), dtype=str, keep_default_na=False)
    mine = frame[frame["contract"] == CONTRACT_ID].drop(columns=["contract"])
    return mine.reset_index(drop=True)


def _one_machine(frame: pd.DataFrame) -> ServiceReport:
    table = table_columns(pa.Table.from_pandas(frame, preserve_index=False))
    return evaluate_slas(_contract(), TicketLog.from_table(table), as_of=AS_OF)


def _partitioned(frame: pd.DataFrame, cuts: list[int]) -> Any:
    bounds = [0, *sorted(set(cuts)), len(frame)]
    pieces = [frame.iloc[a:b] for a, b in itertools.pairwise(bounds) if b > a]
    return dd.concat([dd.from_pandas(piece, npartitions=1) for piece in pieces])


def _with_repeats(frame: pd.DataFrame, repeats: list[tuple[int, int]]) -> pd.DataFrame:
    """The frame with the ticket id of row ``i`` copied onto row ``j`` for each pair."""
    tickets = frame["ticket"].to_numpy(dtype=object, copy=True)
    for source, target in repeats:
        tickets[target] = tickets[source]
    return frame.assign(ticket=tickets)


@settings(max_examples=12)
@given(st.data())
def test_any_partitioning_and_tree_gives_the_one_machine_report(data: Any) -> None:
    """Random partitions, merge trees and repeated ids (across partitions too) change nothing."""
    frame = _sample().iloc[:400].reset_index(drop=True)
    n = len(frame)
    cuts = data.draw(st.lists(st.integers(1, n - 1), max_size=6))
    pairs = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=4))
    frame = _with_repeats(frame, [(a, b) for a, b in pairs if a != b])
    split_every = data.draw(st.integers(2, 5))
    spread = evaluate_slas_on_dask(
        _contract(),
        _partitioned(frame, cuts),
        as_of=AS_OF,
        split_every=split_every,
        scheduler="synchronous",
    )
    assert spread == _one_machine(frame)


def test_ids_counted_in_many_buckets_give_the_one_machine_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With one bucket of ids per partition, repeated ids are still all found."""
    monkeypatch.setattr(distributed_module, "IDS_PER_BUCKET", 1)
    frame = _with_repeats(_sample(), [(10, 1500), (10, 600), (700, 701), (1200, 30)])
    spread = evaluate_slas_on_dask(
        _contract(),
        _partitioned(frame, [200, 500, 900, 1300]),
        as_of=AS_OF,
        scheduler="synchronous",
        split_every=2,
    )
    assert spread == _one_machine(frame)


def test_an_id_falls_in_the_same_bucket_wherever_it_is() -> None:
    """The hash of an id (and so its bucket) depends on its bytes only, not on its neighbours."""
    ids = ["CS-1", "Ü-2", "T,5", "a" * 40, "CS-1"]
    alone = [int(distributed_module._hashes(pa.chunked_array([[i]]))[0]) for i in ids]
    together = distributed_module._hashes(pa.chunked_array([ids[:2], ids[2:]])).tolist()
    assert alone == together
    assert alone[0] == alone[-1]
    assert len(set(alone)) == 4
    spread = distributed_module._hashes(pa.chunked_array([[f"T{i}" for i in range(700)]]))
    assert set((spread % np.uint64(7)).tolist()) == set(range(7))


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.text(max_size=12), min_size=1, max_size=40),
    st.integers(1, 64),
    st.integers(0, 40),
)
def test_ids_hashed_a_slice_at_a_time_hash_as_one(ids: list[str], sliced: int, skip: int) -> None:
    """Hashing a few bytes of text at a time (any slice size, an offset array) changes nothing."""
    array = pa.chunked_array([pa.array(ids).slice(min(skip, len(ids)))])
    whole = distributed_module._hashes(array).tolist()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(distributed_module, "_HASHED_BYTES", sliced)
        assert distributed_module._hashes(array).tolist() == whole
    assert whole == [
        int(distributed_module._hashes(pa.chunked_array([[i]]))[0]) for i in ids[skip:]
    ]


def test_ids_are_counted_as_text_only_where_a_repeated_hash_may_be() -> None:
    """A hash in one or two partitions names them; in three or more, the range between."""
    seen = distributed_module._Seen(
        np.array([1, 2, 3], dtype=np.uint64),
        np.ones(3, dtype=bool),
        np.array([0, 2, 1]),
        np.array([0, 5, 3]),
        np.array([1, 2, 3]),
    )
    needed = distributed_module._holding([seen], 8)
    assert needed.tolist() == [True, True, True, True, False, True, False, False]


def test_ids_sharing_a_hash_are_not_taken_for_repeats(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hashes only pick candidates: ids compared as text decide, even if every hash is equal."""
    frame = _with_repeats(_sample(), [(10, 1500)])

    def clashing(ids: Any) -> Any:
        return np.zeros(len(ids), dtype=np.uint64)

    monkeypatch.setattr(distributed_module, "_hashes", clashing)
    spread = evaluate_slas_on_dask(
        _contract(), _partitioned(frame, [400, 1000]), as_of=AS_OF, scheduler="synchronous"
    )
    assert spread == _one_machine(frame)


def test_a_duplicate_across_partitions_is_found_as_on_one_machine() -> None:
    """A ticket id repeated in another partition is invalid and names the earlier row."""
    frame = _with_repeats(_sample(), [(10, 1500)])
    whole = _one_machine(frame)
    spread = evaluate_slas_on_dask(
        _contract(), _partitioned(frame, [1000]), as_of=AS_OF, scheduler="synchronous"
    )
    assert spread == whole
    duplicate = next(bad for bad in spread.invalid_rows if bad.row == 1500)
    assert (duplicate.code, duplicate.other_row) == (InvalidReason.DUPLICATE_TICKET, 10)
    naive = ServiceMeasurements.combine(
        measure_partition(_contract(), part, as_of=AS_OF, first_row=first)
        for part, first in ((frame.iloc[:1000], 0), (frame.iloc[1000:], 1000))
    )
    across = {
        bad.row
        for bad in spread.invalid_rows
        if bad.other_row is not None and bad.other_row < 1000 <= bad.row
    }
    assert 1500 in across
    assert len(across) == 2  # the sample's own repeated id spans the two chunks too
    missed = {bad.row for bad in spread.invalid_rows} - {bad.row for bad in naive.invalid}
    assert missed == across  # what measuring the chunks alone would miss


def test_invalid_rows_listed_are_bounded_and_counted_in_full(tmp_path: Path) -> None:
    """Listed: the first of each reason; counted and written to files by partition: all."""
    frame = _with_repeats(_sample(), [(1, 400), (2, 900), (3, 1400)])
    frame.loc[700, "opened"] = "2025-13-01T00:00:00Z"
    whole = _one_machine(frame)
    folder = tmp_path / "invalid"
    bounded = evaluate_slas_on_dask(
        _contract(),
        _partitioned(frame, [300, 1000]),
        as_of=AS_OF,
        scheduler="synchronous",
        invalid_limit=1,
        invalid_rows=str(folder),
    )
    assert bounded.accounts == whole.accounts
    assert bounded.results == whole.results
    firsts: dict[InvalidReason, InvalidRow] = {}
    for bad in whole.invalid_rows:
        firsts.setdefault(bad.code, bad)
    assert bounded.invalid_rows == tuple(sorted(firsts.values(), key=lambda bad: bad.row))
    assert len(whole.invalid_rows) > len(bounded.invalid_rows)
    written = [
        json.loads(line)
        for part in sorted(folder.iterdir())
        for line in part.read_text(encoding="utf-8").splitlines()
    ]
    assert [item["row"] for item in written] == [bad.row for bad in whole.invalid_rows]
    assert [item["code"] for item in written] == [str(bad.code) for bad in whole.invalid_rows]
    sources = {"partition from row 0", "partition from row 300", "partition from row 1000"}
    assert {item["source"] for item in written} <= sources
    by_row = {item["row"]: item for item in written}
    assert by_row[700]["cells"][list(frame.columns).index("opened")] == "2025-13-01T00:00:00Z"
    assert by_row[900]["other_row"] == 2
    with pytest.raises(InvalidValueError, match="new or empty directory"):
        measure_on_dask(
            _contract(), _partitioned(frame, [300]), as_of=AS_OF, invalid_rows=str(folder)
        )


def _plain(measurements: ServiceMeasurements) -> list[Any]:
    """A merged partial as plain values (arrays as lists), to compare partials."""
    return [
        measurements.rows_in,
        measurements.invalid,
        measurements.invalid_counts,
        [
            [
                getattr(sla, name).tolist()
                for name in ("counts", "seconds", "values", "value_periods", "value_counts")
            ]
            for sla in measurements.slas
        ],
    ]


@settings(max_examples=10)
@given(st.lists(st.integers(1, 1822), min_size=2, max_size=2, unique=True))
def test_merging_is_commutative_and_associative(cuts: list[int]) -> None:
    """Partials merge to the same result in any order and grouping."""
    frame = _sample()
    low, high = sorted(cuts)
    ids = frame["ticket"]
    repeated = ids[ids.duplicated(keep=False) & (ids != "")]
    first = {
        str(k): int(v) for k, v in repeated.reset_index().groupby("ticket")["index"].min().items()
    }
    a, b, c = (
        measure_partition(
            _contract(), frame.iloc[start:end], as_of=AS_OF, first_row=start, duplicates=first
        )
        for start, end in ((0, low), (low, high), (high, len(frame)))
    )
    assert _plain(a.merge(b)) == _plain(b.merge(a))
    assert _plain(a.merge(b).merge(c)) == _plain(a.merge(b.merge(c)))
    table = table_columns(pa.Table.from_pandas(frame, preserve_index=False))
    whole = measure_slas(_contract(), TicketLog.from_table(table), as_of=AS_OF)
    assert _plain(c.merge(a).merge(b)) == _plain(whole)


def test_a_parquet_dataset_by_glob_gives_the_one_machine_report(tmp_path: Path) -> None:
    """Parquet files named by a glob are read in name order, rows numbered across files."""
    frame = _with_repeats(_sample(), [(3, 1700)])
    for index, (start, end) in enumerate(((0, 700), (700, 1300), (1300, len(frame)))):
        part = frame.iloc[start:end]
        part.to_parquet(tmp_path / f"tickets-{index}.parquet", index=False)
    spread = evaluate_slas_on_dask(
        _contract(), str(tmp_path / "tickets-*.parquet"), as_of=AS_OF, scheduler="synchronous"
    )
    assert spread == _one_machine(frame)


def test_a_row_with_a_nul_byte_is_not_the_first_of_a_repeated_id(tmp_path: Path) -> None:
    """A malformed row's id counts for nothing, on one machine as across Parquet files."""
    frame = _with_repeats(_sample(), [(5, 1500), (5, 1600)])
    frame.loc[5, "category"] = "ret\x00urn"
    frame.iloc[:900].to_parquet(tmp_path / "tickets-0.parquet", index=False)
    frame.iloc[900:].to_parquet(tmp_path / "tickets-1.parquet", index=False)
    spread = evaluate_slas_on_dask(_contract(), str(tmp_path), as_of=AS_OF, scheduler="synchronous")
    whole = _one_machine(frame)
    assert spread == whole
    codes = {bad.row: bad.code for bad in whole.invalid_rows}
    assert codes[5] is InvalidReason.NUL_BYTE
    assert codes[1600] is InvalidReason.DUPLICATE_TICKET  # of row 1500, the first valid one
    assert 1500 not in codes


def test_partials_stay_small() -> None:
    """The merged partial holds distinct measured times, not one entry per ticket."""
    frame = _sample()
    merged = measure_on_dask(
        _contract(), dd.from_pandas(frame, npartitions=4), as_of=AS_OF, scheduler="synchronous"
    )
    evaluated = sum(int(sla.value_counts.sum()) for sla in merged.slas)
    distinct = sum(int(sla.values.shape[0]) for sla in merged.slas)  # noqa: PD011 - numpy
    assert evaluated > distinct > 0
    assert all(np.all(np.diff(sla.value_periods) >= 0) for sla in merged.slas)


def test_the_library_does_not_import_dask() -> None:
    """Evaluating SLAs and reading Parquet import no Dask module; only the Dask entry does."""
    code = (
        "import sys\n"
        "from outsourcing import evaluate_slas, TicketLog, simulate_costs, summarise_costs\n"
        "from outsourcing.sla.records.arrow_reading import read_parquet_table\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in {'dask', 'distributed'}]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603 - our interpreter


def test_on_a_two_worker_local_cluster() -> None:
    """A two-worker local cluster gives the one-machine report."""
    distributed: Any = importlib.import_module("distributed")  # partly typed
    Client, LocalCluster = distributed.Client, distributed.LocalCluster  # noqa: N806 - classes

    frame = _with_repeats(_sample(), [(5, 1200)])
    # ":0": the scheduler's HTTP server binds a port even without a dashboard; any free one,
    # so a cluster already holding 8787 on the machine cannot fail the test.
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=":0", processes=True
        ) as cluster,
        Client(cluster),
    ):
        spread = evaluate_slas_on_dask(
            _contract(), dd.from_pandas(frame, npartitions=4), as_of=AS_OF, split_every=2
        )
    assert spread == _one_machine(frame)
