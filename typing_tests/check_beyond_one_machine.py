"""Static checks of columnar input, the block summary of a simulation and the Dask evaluation.

Type-checked by mypy (``mypy src tests typing_tests``), never run.
"""

import datetime as dt
from pathlib import Path
from typing import Any, assert_type

import numpy as np
import numpy.typing as npt

from outsourcing import (
    Contract,
    ContractTickets,
    CostAssumptions,
    CostSeries,
    CostSummary,
    MonthlyPercentiles,
    Process,
    ServiceReport,
    TicketLog,
    Uncertainty,
    summarise_costs,
)
from outsourcing.sla.distributed import evaluate_slas_on_dask, measure_on_dask
from outsourcing.sla.measurement import ServiceMeasurements
from outsourcing.sla.records.arrow_reading import TicketTable, read_csv_table, read_parquet_table
from outsourcing.sla.records.contract_deliveries import ContractDeliveries
from outsourcing.sla.records.contract_downtime import ContractDowntime
from outsourcing.sla.unscoped import UnscopedValue, unscoped_values


def columnar_input(path: Path, contract: Contract, contracts: list[Contract]) -> None:
    table = read_csv_table(path, delimiter=";", encoding="cp1252")
    assert_type(table, TicketTable)
    assert_type(table.rows, npt.NDArray[np.int64])
    assert_type(read_parquet_table(path), TicketTable)
    log = TicketLog.from_table(table, priorities=["P1"], ignore_case=True)
    assert_type(log, TicketLog)
    assert_type(TicketLog.from_csv(path, encoding="latin-1"), TicketLog)
    assert_type(ContractTickets.from_table(table, contracts), ContractTickets)
    assert_type(unscoped_values(contract.slas, log), tuple[UnscopedValue, ...])
    assert_type(ContractDowntime.from_csv(path, contracts, encoding="cp1252"), ContractDowntime)
    assert_type(ContractDeliveries.from_csv(path, contracts, delimiter=";"), ContractDeliveries)


def block_summary(
    process: Process, contract: Contract, assumptions: CostAssumptions, uncertainty: Uncertainty
) -> None:
    summary = summarise_costs(
        process, contract, assumptions=assumptions, uncertainty=uncertainty, runs=10**8, seed=1
    )
    assert_type(summary, CostSummary)
    assert_type(summary.percentiles(CostSeries.SAVINGS), MonthlyPercentiles)
    assert_type(summary.break_even_distribution(), dict[int | None, int])


def on_dask(contract: Contract, frame: Any) -> None:  # noqa: ANN401 - a Dask DataFrame
    as_of = dt.datetime(2025, 9, 30, tzinfo=dt.UTC)
    report = evaluate_slas_on_dask(contract, "s3://bucket/tickets/*.parquet", as_of=as_of)
    assert_type(report, ServiceReport)
    merged = measure_on_dask(contract, frame, as_of=as_of, split_every=4, invalid_limit=10)
    assert_type(merged, ServiceMeasurements)
    assert_type(merged.invalid_total, int)
