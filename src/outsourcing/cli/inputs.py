"""Reading the command line's input files: portfolio records shared out by contract.

Kept apart from the commands: each function reads one file into the library's types, turns any
problem with the file into one `DocumentError` naming it, and computes nothing.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pendulum

from outsourcing.exceptions import DocumentError, OutsourcingError
from outsourcing.model.portfolio import Portfolio
from outsourcing.model.time_zones import zone_of
from outsourcing.presentation.formatting import Formatter
from outsourcing.presentation.locale import to_language
from outsourcing.presentation.messages import message
from outsourcing.presentation.reasons import counted
from outsourcing.presentation.report import AsOfSource
from outsourcing.sla.portfolio import PortfolioServiceLevels, ServiceRecords
from outsourcing.sla.records.contract_deliveries import ContractDeliveries
from outsourcing.sla.records.contract_downtime import ContractDowntime
from outsourcing.sla.records.contract_tickets import ContractTickets
from outsourcing.sla.records.ticket_log import TicketLog

if TYPE_CHECKING:
    from rich.progress import Progress

__all__ = [
    "chunk_progress",
    "default_as_of",
    "note",
    "progress_display",
    "read_records",
    "warn_rows_not_used",
]

_Rows = TypeVar("_Rows")

#: The message of each record's rows not used, by kind.
_UNUSED = {
    "tickets": "cli.ticket_rows_unused",
    "downtime": "cli.downtime_rows_unused",
    "deliveries": "cli.delivery_rows_unused",
}


def note(lang: str, key: str, count: int | None = None, **values: object) -> None:
    """A warning or note on standard error, in the report's language (``count``: the plural)."""
    language = to_language(lang)
    formatter = Formatter(language)
    shown = {k: formatter.number(v) if isinstance(v, int) else v for k, v in values.items()}
    if count is None:
        text = message(language, key, **shown)
    else:
        text = counted(language, key, count, formatter, **shown)
    sys.stderr.write(text + "\n")


@contextlib.contextmanager
def progress_display(*, quiet: bool) -> Iterator[Progress | None]:
    """A progress display on standard error, or None when quiet or not a terminal."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console  # noqa: PLC0415 - only for a live terminal
    from rich.progress import Progress  # noqa: PLC0415 - only for a live terminal

    with Progress(console=Console(stderr=True), transient=True) as progress:
        yield progress


def _read_path(
    path: Path, what: str, read: Callable[[Path], _Rows], progress: Progress | None
) -> _Rows:
    """A record file, read by path through pyarrow; any problem is one `DocumentError`."""
    task = None if progress is None else progress.add_task(f"Reading {path.name}", total=1)
    try:
        rows = read(path)
    except OSError as error:
        raise DocumentError([f"{path}: {error.strerror or error}"], what) from None
    except OutsourcingError as error:
        raise DocumentError([f"{path}: {error}"], what) from None
    if progress is not None and task is not None:
        progress.advance(task)
    return rows


def read_records(
    portfolio: Portfolio,
    *,
    tickets: Path | None = None,
    downtime: Path | None = None,
    deliveries: Path | None = None,
    progress: Progress | None = None,
    delimiter: str | None = None,
    encoding: str = "utf-8",
) -> ServiceRecords:
    """Read the files given, each shared out by the portfolio's contracts (one signature).

    Every file is read through pyarrow with its ``delimiter`` (None: detected) and
    ``encoding``.
    """
    contracts = portfolio.contracts
    options: dict[str, Any] = {"delimiter": delimiter, "encoding": encoding}
    return ServiceRecords(
        tickets=None
        if tickets is None
        else _read_path(
            tickets,
            "ticket file",
            lambda path: ContractTickets.from_csv(path, contracts, **options),
            progress,
        ),
        downtime=None
        if downtime is None
        else _read_path(
            downtime,
            "downtime file",
            lambda path: ContractDowntime.from_csv(path, contracts, **options),
            progress,
        ),
        deliveries=None
        if deliveries is None
        else _read_path(
            deliveries,
            "deliveries file",
            lambda path: ContractDeliveries.from_csv(path, contracts, **options),
            progress,
        ),
    )


def warn_rows_not_used(levels: PortfolioServiceLevels, lang: str = "en") -> None:
    """One warning on standard error per record with rows that were not used."""
    for kind, bad, rows_in in levels.rows_not_used():
        note(lang, _UNUSED[kind], bad, total=rows_in)


def default_as_of(
    records: ServiceRecords, portfolio: Portfolio, lang: str = "en"
) -> tuple[pendulum.Date, AsOfSource]:
    """Without --as-of: the day of the last event in the files, else today (read at the edge)."""
    latest = records.last_instant()
    if latest is None:
        return pendulum.today().date(), AsOfSource.TODAY
    client = portfolio.client
    zone = zone_of(client.timezone, client.country) or "UTC"
    day = pendulum.instance(latest).in_timezone(zone).date()
    note(lang, "cli.as_of", day=day)
    return day, AsOfSource.LATEST_DATA


def chunk_progress(
    progress: Progress | None, records: ServiceRecords, contracts: list[str] | None
) -> Callable[[TicketLog], None] | None:
    """A progress bar of the tickets evaluated, advanced chunk by chunk (None: no display)."""
    tickets = records.tickets
    if progress is None or tickets is None:
        return None
    wanted = [c for c in tickets.logs if contracts is None or c in contracts]
    task = progress.add_task("Evaluating SLAs", total=sum(len(tickets.logs[c]) for c in wanted))

    def on_chunk(chunk: TicketLog) -> None:
        progress.advance(task, len(chunk))

    return on_chunk
