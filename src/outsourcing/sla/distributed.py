"""Evaluating SLAs on ticket data beyond one machine: a Dask DataFrame or a Parquet dataset.

The library's own engine does the work; Dask only moves partitions and partial results:

1. **Row numbers.** One pass counts each partition's rows; row numbers are global offsets in
   the dataset's partition order (a Parquet dataset is partitioned by file, in name order, and
   counted from the files' metadata), so an invalid row names the same row whatever the
   partitioning.
2. **Duplicate ticket ids across partitions.** Within a partition the ticket log finds its own
   duplicates; across partitions two distributed passes find them. The first hashes each id
   to 64 bits: each partition sends its distinct hashes (with whether it holds one twice),
   shared out into buckets by hash (one bucket per 4 partitions: a shuffle by id), and each
   bucket's hashes are merged in a tree; only the hashes on two rows or more come back, with
   the partitions holding them. The second counts, as text (an Arrow group-by: earliest row,
   number of rows), only the ids with such a hash, in those partitions only, so that a hash
   shared by two ids never makes a duplicate. Both passes read
   only a file's text columns. The ids seen more than once are fed to every partition, where
   a repeated id after its earliest row becomes an invalid row naming that earliest row, as on
   one machine. Nothing else is shuffled: measuring needs no other row than the ticket's own.
3. **Measure and merge.** Each partition becomes a `TicketLog` (through
   `outsourcing.sla.records.arrow_reading.table_columns`, so instants are parsed by the
   library and a bad one is one invalid row) and is measured into a partial
   `ServiceMeasurements` (`measure_slas`); partials merge in a tree of ``split_every`` at a
   time (a `dask.delayed` tree). Credits and termination rights are assessed on the merged
   partial, on the client. With ``invalid_rows``, each partition also writes all of its
   invalid rows to its own file (`outsourcing.sla.records.invalid_file`).

The result equals (``==``) `evaluate_slas` on the same rows on one machine. Nothing in the rest
of the library imports Dask; another engine (Ray, Spark) can call the same steps: measure each
partition with `measure_partition` and merge with `ServiceMeasurements.combine`.

Start the workers with ``MALLOC_TRIM_THRESHOLD_`` unset (Dask sets it to 65,536 by default):
with it, every numpy temporary is mapped and unmapped, and the workers spend about half again
as much CPU time (see the how-to "Evaluate a billion tickets on Dask").
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any, NamedTuple

import attrs
import numpy as np
from numpy.typing import NDArray

from outsourcing.exceptions import InvalidValueError, MissingDependencyError
from outsourcing.model.contract import Contract
from outsourcing.model.money import Money
from outsourcing.sla.assessment import DEFAULT_PERCENTILES, assess_slas
from outsourcing.sla.late_delivery import Delivery, DeliveryRecord
from outsourcing.sla.measurement import ServiceMeasurements, measure_availability, measure_slas
from outsourcing.sla.records.arrow_reading import (
    TicketTable,
    nul_rows,
    read_parquet_table,
    selected,
    table_columns,
)
from outsourcing.sla.records.columns import values_of
from outsourcing.sla.records.downtime_log import DowntimeLog
from outsourcing.sla.records.invalid_file import table_cells, write_invalid_rows
from outsourcing.sla.records.rows import InvalidReason, InvalidRow
from outsourcing.sla.records.ticket_log import TicketLog
from outsourcing.sla.results import ServiceReport

__all__ = [
    "evaluate_slas_on_dask",
    "measure_on_dask",
    "measure_partition",
    "with_duplicates",
]

#: Partials merged at a time in the merge tree, by default.
SPLIT_EVERY = 8
#: Partitions per bucket of ticket ids in the count of ids across partitions.
IDS_PER_BUCKET = 4
#: Bytes of id text hashed at a time (see `_hashes`).
_HASHED_BYTES = 1 << 20


def _dask() -> tuple[ModuleType, ModuleType]:
    """The `dask` and `dask.dataframe` modules, or `MissingDependencyError`."""
    try:
        return importlib.import_module("dask"), importlib.import_module("dask.dataframe")
    except ImportError:
        raise MissingDependencyError("dask", "dask") from None


def _table(frame: Any, rename: Mapping[str, str] | None, first_row: int) -> TicketTable:  # noqa: ANN401 - a pandas partition
    import pyarrow as pa  # noqa: PLC0415 - pyarrow is loaded with this module's callers

    table = pa.Table.from_pandas(frame, preserve_index=False)
    return table_columns(table, rename=rename, first_row=first_row)


@attrs.frozen
class _ParquetFile:
    """One file of a Parquet dataset: a partition, read by the worker that measures it."""

    fs: Any
    path: str

    def rows(self) -> int:
        import pyarrow.parquet as pq  # noqa: PLC0415 - loaded with arrow_reading anyway

        with self.fs.open(self.path, "rb") as stream:
            return int(pq.ParquetFile(stream).metadata.num_rows)


def _load(part: Any, rename: Mapping[str, str] | None, first_row: int) -> TicketTable:  # noqa: ANN401 - a pandas partition or a Parquet file
    """A partition's ticket columns: a Parquet file read as is, or a pandas partition."""
    if isinstance(part, _ParquetFile):
        with part.fs.open(part.path, "rb") as stream:
            return read_parquet_table(stream, rename=rename, first_row=first_row)
    return _table(part, rename, first_row)


def _text_columns(part: Any, rename: Mapping[str, str] | None) -> Any:  # noqa: ANN401 - Arrow tables
    """A partition's ticket columns that hold text (a NUL byte can only be there), renamed.

    A Parquet file is read for those columns only: the instants are left on disk.
    """
    import pyarrow as pa  # noqa: PLC0415 - loaded with arrow_reading anyway
    import pyarrow.parquet as pq  # noqa: PLC0415

    if not isinstance(part, _ParquetFile):
        table = selected(pa.Table.from_pandas(part, preserve_index=False), rename=rename)
        keep = [i for i, f in enumerate(table.schema) if f.name == "ticket" or _textual(f.type)]
        return table.select(keep)
    with part.fs.open(part.path, "rb") as stream:
        file = pq.ParquetFile(stream)
        schema = file.schema_arrow
        wanted = selected(schema.empty_table(), rename=rename).schema
        mapping = dict(rename or {})
        physical = {mapping.get(n.strip(), n.strip()): n for n in reversed(schema.names)}
        text = [f.name for f in wanted if f.name == "ticket" or _textual(f.type)]
        return file.read(columns=[physical[n] for n in text]).rename_columns(text)


def _textual(kind: Any) -> bool:  # noqa: ANN401 - an Arrow type
    import pyarrow as pa  # noqa: PLC0415

    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _usable_ids(part: Any, rename: Mapping[str, str] | None, first_row: int) -> Any:  # noqa: ANN401 - Arrow text and rows
    """The ticket ids a ticket log would read from a partition, and their global rows.

    Rows with a NUL byte are left out, and so are rows without an id.
    """
    import pyarrow as pa  # noqa: PLC0415 - loaded with arrow_reading anyway
    import pyarrow.compute as pc  # noqa: PLC0415

    table = _text_columns(part, rename)
    rows = np.arange(first_row, first_row + table.num_rows, dtype=np.int64)
    ids = pc.cast(table.column("ticket"), pa.string())
    usable = pc.fill_null(pc.not_equal(ids, ""), fill_value=False)
    keep = usable.to_numpy(zero_copy_only=False) & ~nul_rows(table)
    return ids.filter(pa.array(keep)), rows[keep]


class _Seen(NamedTuple):
    """Distinct id hashes, each with where it was seen (one partition's, or merged)."""

    hashes: NDArray[np.uint64]  # sorted
    twice: NDArray[np.bool_]  # on two rows or more
    first: NDArray[np.int32]  # the first partition holding it
    last: NDArray[np.int32]  # the last
    parts: NDArray[np.int32]  # how many partitions hold it

    def taken(self, keep: NDArray[Any]) -> _Seen:
        """The hashes at ``keep`` (a mask or indices), with where they were seen."""
        return _Seen(
            self.hashes[keep], self.twice[keep], self.first[keep], self.last[keep], self.parts[keep]
        )


def _id_hashes(
    part: Any,  # noqa: ANN401 - a pandas partition or a Parquet file
    rename: Mapping[str, str] | None,
    first_row: int,
    buckets: int,
    index: int,
) -> tuple[_Seen, ...]:
    """A partition's distinct id hashes, each with whether the partition holds it twice.

    Shared out into ``buckets`` by the hash (the same on every worker), so that each bucket is
    merged apart: 21 bytes per distinct id (hash, flag, partitions) instead of its text.
    """
    ids, _ = _usable_ids(part, rename, first_row)
    distinct, counts = np.unique(_hashes(ids), return_counts=True)
    where = np.full(distinct.shape[0], index, dtype=np.int32)
    seen = _Seen(distinct, counts > 1, where, where, np.ones(distinct.shape[0], dtype=np.int32))
    if buckets == 1:
        return (seen,)
    bucket = distinct % np.uint64(buckets)
    return tuple(seen.taken(bucket == b) for b in range(buckets))


def _merge_hashes(*parts: _Seen) -> _Seen:
    """Distinct hashes of several partitions, each with whether it is on two rows or more."""
    joined = _Seen(
        np.concatenate([p.hashes for p in parts]),
        np.concatenate([p.twice for p in parts]),
        np.concatenate([p.first for p in parts]),
        np.concatenate([p.last for p in parts]),
        np.concatenate([p.parts for p in parts]),
    )
    merged = joined.taken(np.argsort(joined.hashes, kind="stable"))  # a merge of sorted runs
    hashes, twice, first, last, held = merged
    if hashes.shape[0] == 0:
        return merged
    fresh = np.ones(hashes.shape[0], dtype=bool)
    fresh[1:] = hashes[1:] != hashes[:-1]
    starts = np.flatnonzero(fresh)
    again = np.diff(np.append(starts, hashes.shape[0])) > 1
    return _Seen(
        hashes[starts],
        np.logical_or.reduceat(twice, starts) | again,
        np.minimum.reduceat(first, starts),
        np.maximum.reduceat(last, starts),
        np.add.reduceat(held, starts),
    )


def _twice(seen: _Seen) -> _Seen:
    """The hashes seen on two rows or more, with where."""
    return seen.taken(seen.twice)


def _holding(found: Sequence[_Seen], partitions: int) -> NDArray[np.bool_]:
    """Which partitions may hold a hash seen twice: those it was seen in, or between them.

    A hash held by one or two partitions names them; one held by more names the range from
    its first to its last (a superset).
    """
    first = np.concatenate([np.zeros(0, dtype=np.int32), *(f.first for f in found)])
    last = np.concatenate([np.zeros(0, dtype=np.int32), *(f.last for f in found)])
    held = np.concatenate([np.zeros(0, dtype=np.int32), *(f.parts for f in found)])
    spread = held > 2
    cover = np.zeros(partitions + 1, dtype=np.int64)
    np.add.at(cover, first[spread], 1)
    np.add.at(cover, last[spread] + 1, -1)
    needed = np.cumsum(cover)[:partitions] > 0
    needed[first] = True
    needed[last] = True
    return needed


def _id_rows(
    part: Any,  # noqa: ANN401 - a pandas partition or a Parquet file
    rename: Mapping[str, str] | None,
    first_row: int,
    candidates: NDArray[np.uint64],
) -> Any:  # noqa: ANN401 - an Arrow table
    """The ids whose hash is a candidate, with their earliest row and number of rows."""
    import pyarrow as pa  # noqa: PLC0415 - loaded with arrow_reading anyway

    ids, rows = _usable_ids(part, rename, first_row)
    hit = np.isin(_hashes(ids), candidates)
    found = ids.filter(pa.array(hit))
    ones = pa.repeat(1, len(found))
    return _counted(pa.table({"ticket": found, "first": rows[hit], "rows": ones}))


def _counted(table: Any) -> Any:  # noqa: ANN401 - Arrow tables
    """Ticket ids with their earliest row and number of rows (an Arrow group-by)."""
    return (
        table.group_by("ticket")
        .aggregate([("first", "min"), ("rows", "sum")])
        .select(["ticket", "first_min", "rows_sum"])
        .rename_columns(["ticket", "first", "rows"])
    )


def _merge_counts(*tables: Any) -> Any:  # noqa: ANN401 - Arrow tables
    """Counts of several partitions' ids, as one count.

    The tables come from other processes, their buffers as unpickled (not aligned as Arrow's
    group-by wants): they are copied into fresh buffers first.
    """
    import pyarrow as pa  # noqa: PLC0415

    joined = pa.concat_tables(tables)
    return _counted(joined.take(pa.array(np.arange(joined.num_rows, dtype=np.int64))))


def _repeated(table: Any) -> dict[str, int]:  # noqa: ANN401 - an Arrow table
    """The ids counted on more than one row, with their earliest row."""
    import pyarrow.compute as pc  # noqa: PLC0415

    seen = table.filter(pc.greater(table.column("rows"), 1))
    return dict(
        zip(seen.column("ticket").to_pylist(), seen.column("first").to_pylist(), strict=True)
    )


def _tree(dask: ModuleType, merge: Any, level: list[Any], split_every: int) -> Any:  # noqa: ANN401 - Dask objects
    """The root of a tree merging ``split_every`` delayed values at a time."""
    while len(level) > 1:
        level = [
            dask.delayed(merge)(*level[i : i + split_every])
            for i in range(0, len(level), split_every)
        ]
    return level[0]


def _repeated_ids(
    dask: ModuleType,
    parts: Sequence[Any],
    offsets: Sequence[int],
    *,
    rename: Mapping[str, str] | None,
    split_every: int,
    scheduler: str | None,
) -> dict[str, int]:
    """Ticket ids found on more than one row of the whole input, with their earliest row.

    Two passes: the first merges 64-bit hashes of the ids (by bucket) to find the hashes on
    two rows or more, and the partitions holding them; the second counts, as text, only the
    ids with such a hash, in those partitions only, so that a hash shared by two different
    ids is never taken for a repeated id.
    """
    if not parts:
        return {}
    buckets = max(1, len(parts) // IDS_PER_BUCKET)
    hashed = [
        dask.delayed(_id_hashes, nout=buckets)(part, rename, offset, buckets, index)
        for index, (part, offset) in enumerate(zip(parts, offsets, strict=False))
    ]
    roots = [
        dask.delayed(_twice)(_tree(dask, _merge_hashes, [h[b] for h in hashed], split_every))
        for b in range(buckets)
    ]
    found = dask.compute(*roots, scheduler=scheduler)
    candidates = np.sort(np.concatenate([np.zeros(0, dtype=np.uint64), *(f.hashes for f in found)]))
    if candidates.shape[0] == 0:
        return {}
    wanted = dask.delayed(candidates, pure=True)
    needed = _holding(found, len(parts))
    counts = [
        dask.delayed(_id_rows)(part, rename, offset, wanted)
        for part, offset, keep in zip(parts, offsets, needed.tolist(), strict=False)
        if keep
    ]
    root = dask.delayed(_repeated)(_tree(dask, _merge_counts, counts, split_every))
    (repeated,) = dask.compute(root, scheduler=scheduler)
    return dict(repeated)


def _hashes(ids: Any) -> NDArray[np.uint64]:  # noqa: ANN401 - Arrow text
    """A 64-bit polynomial hash of each id's UTF-8 bytes (no per-process salt).

    The ids are hashed a slice at a time (`_HASHED_BYTES` of text or fewer), so the
    temporaries (five 8-byte numbers per byte of text) stay a few MB whatever the partition.
    """
    import pyarrow as pa  # noqa: PLC0415

    array = ids.combine_chunks().cast(pa.large_binary())
    n = len(array)
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    _, offset_buffer, data_buffer = array.buffers()
    offsets = np.frombuffer(offset_buffer, dtype=np.int64, count=n + 1, offset=array.offset * 8)
    text = np.frombuffer(data_buffer, dtype=np.uint8)
    lengths = np.diff(offsets)
    base = np.full(max(1, int(lengths.max())), 1_099_511_628_211, dtype=np.uint64)
    powers: NDArray[np.uint64] = np.cumprod(base, dtype=np.uint64)
    hashed = np.zeros(n, dtype=np.uint64)
    first = 0
    while first < n:
        # the ids from ``first`` whose text ends within _HASHED_BYTES of its start (one at least)
        last = int(np.searchsorted(offsets, offsets[first] + _HASHED_BYTES, side="right")) - 1
        last = min(n, max(last, first + 1))
        _hash_slice(text, offsets[first : last + 1], powers, hashed[first:last])
        first = last
    mixed: NDArray[np.uint64] = hashed ^ (hashed >> np.uint64(29))
    return mixed


def _hash_slice(
    text: NDArray[np.uint8],
    offsets: NDArray[np.int64],
    powers: NDArray[np.uint64],
    into: NDArray[np.uint64],
) -> None:
    """The polynomial hashes of the ids between ``offsets`` into ``into`` (before mixing)."""
    data = text[offsets[0] : offsets[-1]].astype(np.uint64)
    if not data.shape[0]:
        return
    starts = offsets[:-1] - offsets[0]
    lengths = np.diff(offsets)
    position = np.arange(data.shape[0], dtype=np.int64) - np.repeat(starts, lengths)
    filled = lengths > 0
    with np.errstate(over="ignore"):
        into[filled] = np.add.reduceat(data * powers[position], starts[filled])


def with_duplicates(log: TicketLog, first_rows: Mapping[str, int]) -> TicketLog:
    """A log with ticket ids repeated in other partitions made invalid, as on one machine.

    Args:
        log: A partition's log (global row numbers).
        first_rows: For each ticket id found on more than one row of the whole input, the
            earliest of those rows.

    Returns:
        The log where a valid row whose id was first seen on an earlier row is invalid
        (duplicate ticket id, naming that row), and a duplicate found within the partition
        names the earliest row of the whole input.
    """
    if not first_rows:
        return log
    ids = values_of(log.ticket).astype(str).tolist()
    earliest = np.array(
        [first_rows.get(i, row) for i, row in zip(ids, log.row.tolist(), strict=True)]
    )
    repeated = earliest < log.row if len(log) else np.zeros(0, dtype=bool)
    invalid = [_renamed(bad, first_rows) for bad in log.invalid]
    for index in np.flatnonzero(repeated).tolist():
        first = int(earliest[index])
        invalid.append(
            InvalidRow(
                int(log.row[index]),
                f"duplicate ticket id (first at row {first})",
                "ticket",
                ids[index],
                InvalidReason.DUPLICATE_TICKET,
                (),
                first,
            )
        )
    keep = np.flatnonzero(~repeated).astype(np.int64)
    return log.take(keep, sorted(invalid, key=lambda bad: bad.row))


def _renamed(bad: InvalidRow, first_rows: Mapping[str, int]) -> InvalidRow:
    """A duplicate found within a partition, naming the earliest row of the whole input."""
    if bad.code is not InvalidReason.DUPLICATE_TICKET or bad.value not in first_rows:
        return bad
    first = first_rows[bad.value]
    return attrs.evolve(bad, reason=f"duplicate ticket id (first at row {first})", other_row=first)


def measure_partition(
    contract: Contract,
    frame: Any,  # noqa: ANN401 - a pandas DataFrame (a Dask partition)
    *,
    as_of: dt.datetime,
    first_row: int,
    duplicates: Mapping[str, int] | None = None,
    rename: Mapping[str, str] | None = None,
    invalid_limit: int | None = None,
    invalid_rows: str | None = None,
    storage_options: Mapping[str, Any] | None = None,
) -> ServiceMeasurements:
    """Measure one partition of ticket rows into a partial result (for any engine).

    Args:
        contract: The contract whose SLAs are measured.
        frame: The partition: a pandas DataFrame, one row per ticket, columns as in
            `TicketLog.from_arrays` (or a file of a Parquet dataset, internally).
        as_of: The instant of the report.
        first_row: Global row number of the partition's first row.
        duplicates: Ticket ids found on several rows of the whole input -> earliest row
            (see `with_duplicates`); None: the partition is the whole input.
        rename: Column -> ticket column name.
        invalid_limit: Invalid rows kept per reason (None: all; the counts stay exact).
        invalid_rows: A directory (path or fsspec URL) where the partition writes all its
            invalid rows, as ``invalid-<first row>.jsonl`` (see
            `outsourcing.sla.records.invalid_file`); None: none written. Nothing is written
            for a partition without an invalid row.
        storage_options: fsspec options for ``invalid_rows``.
    """
    log = TicketLog.from_table(_load(frame, rename, first_row))
    log = with_duplicates(log, duplicates or {})
    if invalid_rows is not None and log.invalid:
        _write_invalid(frame, log.invalid, invalid_rows, first_row, storage_options)
    return measure_slas(contract, log, as_of=as_of).limited(invalid_limit)


def _write_invalid(
    part: Any,  # noqa: ANN401 - a pandas partition or a Parquet file
    rows: Sequence[InvalidRow],
    directory: str,
    first_row: int,
    storage_options: Mapping[str, Any] | None,
) -> None:
    """Write a partition's invalid rows, with their cells, to its own file in ``directory``."""
    import pyarrow as pa  # noqa: PLC0415 - loaded with arrow_reading anyway
    import pyarrow.parquet as pq  # noqa: PLC0415
    from fsspec.core import url_to_fs  # noqa: PLC0415 - installed with Dask

    if isinstance(part, _ParquetFile):
        with part.fs.open(part.path, "rb") as stream:
            table, source = pq.read_table(stream), part.path
    else:
        table = pa.Table.from_pandas(part, preserve_index=False)
        source = f"partition from row {first_row}"
    cells = table_cells(table, [bad.row for bad in rows], first_row=first_row)
    fs, root = url_to_fs(directory, **dict(storage_options or {}))
    with fs.open(f"{root.rstrip('/')}/{_PART_FILE.format(first_row)}", "w") as stream:
        write_invalid_rows(stream, rows, source=source, cells=cells)


#: The name of a partition's file of invalid rows, by its first row.
_PART_FILE = "invalid-{:012d}.jsonl"


def _invalid_directory(directory: str, storage_options: Mapping[str, Any] | None) -> None:
    """Create the directory for the partitions' invalid rows; refuse one that holds files."""
    from fsspec.core import url_to_fs  # noqa: PLC0415 - installed with Dask

    fs, root = url_to_fs(directory, **dict(storage_options or {}))
    if fs.exists(root) and (not fs.isdir(root) or fs.ls(root)):
        raise InvalidValueError(
            "invalid_rows", directory, "must be a new or empty directory (one file a partition)"
        )
    fs.makedirs(root, exist_ok=True)


def _combine(*parts: ServiceMeasurements) -> ServiceMeasurements:
    return ServiceMeasurements.combine(parts)


def _partitions(
    tickets: Any,  # noqa: ANN401 - a Dask DataFrame, or a Parquet path, glob or URL
    storage_options: Mapping[str, Any] | None,
    scheduler: str | None,
) -> tuple[list[Any], list[int]]:
    """The partitions of the input and their numbers of rows.

    A Parquet dataset is partitioned by file, in name order (the files of a directory, or those
    a glob matches), and its row counts come from the files' metadata; a Dask DataFrame keeps
    its partitions, counted in one pass.
    """
    dask, _ = _dask()
    if isinstance(tickets, str | os.PathLike) or (
        isinstance(tickets, Sequence) and not isinstance(tickets, str)
    ):
        from fsspec.core import get_fs_token_paths  # noqa: PLC0415 - installed with Dask

        given: str | list[str] = (
            os.fspath(tickets)
            if isinstance(tickets, str | os.PathLike)
            else [os.fspath(t) for t in tickets]
        )
        fs, _, paths = get_fs_token_paths(given, storage_options=dict(storage_options or {}))
        files = sorted(
            f
            for p in paths
            for f in (fs.find(p) if fs.isdir(p) else [p])
            if not fs.isdir(p) or f.endswith(".parquet")
        )
        if not files:
            raise InvalidValueError("tickets", tickets, "matches no Parquet file")
        parts: list[Any] = [_ParquetFile(fs, f) for f in files]
        (lengths,) = dask.compute([dask.delayed(p.rows)() for p in parts], scheduler=scheduler)
        return parts, [int(n) for n in lengths]
    (lengths,) = dask.compute(tickets.map_partitions(len), scheduler=scheduler)
    return list(tickets.to_delayed()), [int(n) for n in lengths]


def measure_on_dask(
    contract: Contract,
    tickets: Any,  # noqa: ANN401 - a Dask DataFrame, or a Parquet path, glob or URL
    *,
    as_of: dt.datetime,
    rename: Mapping[str, str] | None = None,
    split_every: int = SPLIT_EVERY,
    scheduler: str | None = None,
    storage_options: Mapping[str, Any] | None = None,
    invalid_limit: int | None = None,
    invalid_rows: str | None = None,
) -> ServiceMeasurements:
    """Measure a distributed ticket table into one merged partial result.

    Args:
        contract: The contract whose SLAs are measured.
        tickets: A Dask DataFrame (one row per ticket), or a Parquet dataset: a path, a glob,
            an fsspec URL (``s3://bucket/tickets/*.parquet``) or a list of them.
        as_of: The instant of the report.
        rename: Column -> ticket column name.
        split_every: Partials merged at a time in the merge tree (at least 2).
        scheduler: Dask scheduler (``"synchronous"``, ``"threads"``, ``"processes"``); None:
            Dask's default, or the active distributed client.
        storage_options: fsspec options for a dataset URL (credentials, endpoint).
        invalid_limit: Invalid rows kept per reason, the first by row number (None: all); the
            counts by reason stay exact, so the partials stay small whatever the input.
        invalid_rows: A new or empty directory (path or fsspec URL, reachable from every
            worker) where each partition writes all its invalid rows, one JSON Lines file a
            partition (see `measure_partition`); None: none written.

    Returns:
        The merged partial measurement (see the module docstring for how it is computed).
    """
    if split_every < 2:
        raise InvalidValueError("split_every", split_every, "must be at least 2")
    dask, _ = _dask()
    if invalid_rows is not None:
        _invalid_directory(invalid_rows, storage_options)
    parts, lengths = _partitions(tickets, storage_options, scheduler)
    offsets = np.concatenate(([0], np.cumsum(np.asarray(lengths, dtype=np.int64))))
    repeated = _repeated_ids(
        dask, parts, offsets.tolist(), rename=rename, split_every=split_every, scheduler=scheduler
    )
    duplicates = dask.delayed(repeated, pure=True)
    level = [
        dask.delayed(measure_partition)(
            contract,
            part,
            as_of=as_of,
            first_row=int(offset),
            duplicates=duplicates,
            rename=rename,
            invalid_limit=invalid_limit,
            invalid_rows=invalid_rows,
            storage_options=storage_options,
        )
        for part, offset in zip(parts, offsets.tolist(), strict=False)
    ]
    if not level:
        empty = TicketLog.from_records([])
        return measure_slas(contract, empty, as_of=as_of).limited(invalid_limit)
    (merged,) = dask.compute(_tree(dask, _combine, level, split_every), scheduler=scheduler)
    if not isinstance(merged, ServiceMeasurements):  # pragma: no cover - Dask gave it back
        raise InvalidValueError("measure_on_dask", type(merged).__name__, "not a measurement")
    return merged


def evaluate_slas_on_dask(
    contract: Contract,
    tickets: Any,  # noqa: ANN401 - a Dask DataFrame, or a Parquet path, glob or URL
    *,
    as_of: dt.datetime,
    charges: Money | Mapping[str, Money] | None = None,
    percentiles: tuple[int, ...] = DEFAULT_PERCENTILES,
    downtime: DowntimeLog | None = None,
    deliveries: Sequence[DeliveryRecord | Delivery] | None = None,
    rename: Mapping[str, str] | None = None,
    split_every: int = SPLIT_EVERY,
    scheduler: str | None = None,
    storage_options: Mapping[str, Any] | None = None,
    invalid_limit: int | None = None,
    invalid_rows: str | None = None,
) -> ServiceReport:
    """`evaluate_slas` on a Dask DataFrame or a Parquet dataset: the same report, computed apart.

    Args:
        contract: The contract (its SLAs, calendars, credit regime, time zone).
        tickets: A Dask DataFrame or a Parquet dataset (see `measure_on_dask`).
        as_of: When the report is made (aware datetime).
        charges: The monthly charge credits apply to (see `evaluate_slas`).
        percentiles: Percentiles of measured times to report.
        downtime: Downtime intervals, for availability SLAs (measured on the client, once).
        deliveries: Delivery dates of dated deliverables (see `evaluate_slas`).
        rename: Column -> ticket column name.
        split_every: Partials merged at a time in the merge tree.
        scheduler: Dask scheduler; None: Dask's default, or the active distributed client.
        storage_options: fsspec options for a dataset URL.
        invalid_limit: Invalid rows listed per reason, the first by row number (None: all);
            the accounts count all of them.
        invalid_rows: A new or empty directory where the partitions write all the invalid
            rows, one JSON Lines file each (see `measure_on_dask`).

    Returns:
        The report, equal to `evaluate_slas` on the same rows read on one machine (row numbers
        are global, in partition order); with ``invalid_limit``, equal but for the invalid
        rows listed.
    """
    merged = measure_on_dask(
        contract,
        tickets,
        as_of=as_of,
        rename=rename,
        split_every=split_every,
        scheduler=scheduler,
        storage_options=storage_options,
        invalid_limit=invalid_limit,
        invalid_rows=invalid_rows,
    )
    if downtime is not None:
        merged = merged.merge(measure_availability(contract, downtime, as_of=as_of))
    return assess_slas(
        contract, merged, charges=charges, percentiles=percentiles, deliveries=deliveries
    )
