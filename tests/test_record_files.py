"""Downtime and delivery files read by path through pyarrow, as spreadsheets export them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.csv
import pyarrow.parquet as pq
import pytest

from outsourcing import InvalidReason, InvalidRow
from outsourcing.samples import DELIVERIES, DOWNTIME, sample_portfolio, sample_text
from outsourcing.sla.records.arrow_reading import read_parquet_records, table_records
from outsourcing.sla.records.contract_deliveries import DELIVERY_COLUMNS, ContractDeliveries
from outsourcing.sla.records.contract_downtime import DOWNTIME_COLUMNS, ContractDowntime
from record_helpers import contracts_named

CONTRACTS = sample_portfolio().contracts
READERS: dict[str, type[ContractDowntime | ContractDeliveries]] = {
    DOWNTIME: ContractDowntime,
    DELIVERIES: ContractDeliveries,
}
#: (byte-order mark, delimiter, line ending, encoding) of the exports read.
EXPORTS = [
    ("\ufeff", ",", "\r\n", "utf-8"),
    ("\ufeff", ";", "\r\n", "utf-8"),
    ("", ";", "\r\n", "cp1252"),
    ("", ";", "\n", "latin-1"),
]


def _export(tmp_path: Path, text: str, export: tuple[str, str, str, str]) -> Path:
    bom, delimiter, end, encoding = export
    assert '"' not in text
    path = tmp_path / "export.csv"
    written = bom + text.replace(",", delimiter).replace("\n", end)
    path.write_bytes(written.encode(encoding))
    return path


def _where_rows_went(
    shared: ContractDowntime | ContractDeliveries, *, values: bool = True
) -> list[object]:
    """Every row's fate; without the invalid rows' values (typed cells are written anew)."""

    def seen(rows: tuple[InvalidRow, ...]) -> object:
        return rows if values else [(bad.row, bad.code, bad.field) for bad in rows]

    found: list[object] = [shared.rows_in, seen(shared.unassigned)]
    for contract in CONTRACTS:
        found += [shared.rows(contract.id), seen(shared.invalid_rows(contract.id))]
        if isinstance(shared, ContractDowntime):
            log = shared.log(contract.id)
            found += [] if log is None else [log.start.tolist(), log.end.tolist()]
        else:
            found.append(shared.for_contract(contract.id))
    return found


@pytest.mark.parametrize("name", [DOWNTIME, DELIVERIES])
@pytest.mark.parametrize("export", EXPORTS)
def test_excel_exports_read_by_path_as_the_plain_text(
    tmp_path: Path, name: str, export: tuple[str, str, str, str]
) -> None:
    """BOM, ';' cells, CRLF, cp1252 and Latin-1 files give what the plain UTF-8 text gives."""
    reader = READERS[name]
    plain = sample_text(name)
    path = _export(tmp_path, plain, export)
    ours = reader.from_csv(path, CONTRACTS, encoding=export[3])
    assert _where_rows_went(ours) == _where_rows_went(reader.from_csv(plain, CONTRACTS))
    assert ours.rows_in == plain.count("\n") - 1


def test_cp1252_item_names_keep_their_accents(tmp_path: Path) -> None:
    """A delivery named with an accent in a cp1252 file matches the contract's milestone."""
    path = _export(tmp_path, sample_text(DELIVERIES), ("", ";", "\r\n", "cp1252"))
    shared = ContractDeliveries.from_csv(path, CONTRACTS, encoding="cp1252")
    names = [record.name for record in shared.for_contract("rhone-it")]
    assert "Tous les utilisateurs migrés" in names


DOWNTIME_LINES = [
    "contract;start;end;exclusion",
    "c1;2025-03-03T10:00:00+01:00;2025-03-03T11:00:00+01:00;",
    "c1;2025-03-04T10:00:00+01:00",
    "c1;2025-03-05T10:00:00+01:00;;;extra",
    "c1;2025-03-06T10:00:00+01:00;2025-03-06T10:30:00+01:00;planned\x00maintenance",
    "c2;hier;;",
    "c3;2025-03-07T10:00:00Z;;",
    "c2;2025-03-08T10:00:00Z;2025-03-08T09:00:00Z;",
]


def test_malformed_downtime_rows_are_unassigned_and_bad_instants_invalid(tmp_path: Path) -> None:
    """Short, long and NUL rows are unassigned; a bad instant is one invalid row of its contract."""
    path = tmp_path / "downtime.csv"
    path.write_bytes(("\r\n".join(DOWNTIME_LINES) + "\r\n").encode())
    shared = ContractDowntime.from_csv(path, contracts_named("c1", "c2"))
    assert [(bad.row, bad.code, bad.field) for bad in shared.unassigned] == [
        (1, InvalidReason.SHORT_ROW, "row"),
        (2, InvalidReason.LONG_ROW, "row"),
        (3, InvalidReason.NUL_BYTE, "exclusion"),
        (5, InvalidReason.UNKNOWN_CONTRACT, "contract"),
    ]
    assert [(bad.row, bad.code, bad.value) for bad in shared.invalid_rows("c2")] == [
        (4, InvalidReason.UNPARSEABLE_TIMESTAMP, "hier"),
        (6, InvalidReason.END_BEFORE_START, "2025-03-08T09:00:00Z"),
    ]
    c1 = shared.log("c1")
    assert c1 is not None
    assert (c1.start.tolist(), c1.end.tolist()) == ([1740992400], [1740996000])
    accounted = sum(shared.rows(c) for c in ("c1", "c2")) + len(shared.unassigned)
    assert accounted == shared.rows_in == 7


def test_malformed_delivery_rows_keep_their_file_numbers(tmp_path: Path) -> None:
    """Row numbers (and the earlier row of a repeated item) are those of the file."""
    lines = [
        "contract,name,delivered,force_majeure_days",
        "rhone-it,Pilote de 20 utilisateurs",
        "rhone-it,Pilote de 20 utilisateurs,2025-02-12,0",
        "rhone-it,Pilote de 20 utilisateurs,2025-02-13,0",
        "rhone-it,Migration vers Microsoft 365,le 20 mai,",
    ]
    path = tmp_path / "deliveries.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shared = ContractDeliveries.from_csv(path, CONTRACTS)
    assert [(bad.row, bad.code) for bad in shared.unassigned] == [(0, InvalidReason.SHORT_ROW)]
    invalid = shared.invalid_rows("rhone-it")
    assert [(bad.row, bad.code, bad.other_row) for bad in invalid] == [
        (2, InvalidReason.DUPLICATE_ITEM, 1),
        (3, InvalidReason.UNPARSEABLE_DATE, None),
    ]
    assert invalid[0].reason.endswith("(first at row 1)")
    assert shared.rows_in == 4


def test_typed_parquet_and_arrow_tables_give_the_csv_records(tmp_path: Path) -> None:
    """Aware timestamps, dates and numbers read as their text does; naive ones are refused."""
    lines = sample_text(DOWNTIME).splitlines()
    aware = "\n".join(line for line in lines if not re.search(r"T\d\d:\d\d:\d\d(,|$)", line)) + "\n"
    assert len(aware.splitlines()) > 5
    text = ContractDowntime.from_csv(aware, CONTRACTS)
    frame = pa.csv.read_csv(
        pa.BufferReader(aware.encode()),
        convert_options=pa.csv.ConvertOptions(
            column_types={
                "start": pa.timestamp("s", tz="Europe/Paris"),
                "end": pa.timestamp("s", tz="UTC"),
            }
        ),
    )
    pq.write_table(frame, tmp_path / "downtime.parquet")
    rows = read_parquet_records(
        tmp_path / "downtime.parquet",
        columns=DOWNTIME_COLUMNS,
        required=("start",),
        extra=("contract",),
    )
    parquet = ContractDowntime.from_rows(rows, CONTRACTS)
    assert _where_rows_went(parquet, values=False) == _where_rows_went(text, values=False)
    instant = dt.datetime(2025, 3, 3)  # noqa: DTZ001 - naive on purpose
    naive = pa.table({"contract": ["rhone-it"], "start": pa.array([instant])})
    refused = ContractDowntime.from_rows(
        table_records(naive, columns=DOWNTIME_COLUMNS, required=("start",), extra=("contract",)),
        CONTRACTS,
    )
    assert [bad.code for bad in refused.invalid_rows("rhone-it")] == [InvalidReason.NAIVE_TIMESTAMP]
    deliveries = pa.table(
        {
            "contract": ["rhone-it", "rhone-it"],
            "name": ["Pilote de 20 utilisateurs", "Tous les utilisateurs migrés"],
            "delivered": pa.array([dt.date(2025, 2, 12), None], type=pa.date32()),
            "force_majeure_days": pa.array([0, 5], type=pa.int32()),
        }
    )
    shared = ContractDeliveries.from_rows(
        table_records(
            deliveries, columns=DELIVERY_COLUMNS, required=("name",), extra=("contract",)
        ),
        CONTRACTS,
    )
    found = [(r.name, r.delivered, r.force_majeure_days) for r in shared.for_contract("rhone-it")]
    assert found == [
        ("Pilote de 20 utilisateurs", dt.date(2025, 2, 12), 0),
        ("Tous les utilisateurs migrés", None, 5),
    ]
