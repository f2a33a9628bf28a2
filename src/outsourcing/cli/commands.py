"""The ``outsourcing`` command line.

Each subcommand is a `Command`: a name, a one-line help, a function adding its arguments and a
function running it. Add a subcommand by appending to `COMMANDS`.

``outsourcing demo`` runs the whole report on the bundled sample portfolio, tickets and
downtime and deliveries; ``outsourcing report PORTFOLIO --tickets FILE --downtime FILE
--deliveries FILE`` does the same on your files; ``classify``,
``costs``, ``sla`` and ``review`` print one part of it; ``schema`` prints the JSON Schema of
the documents. User errors (a missing file, a malformed document, an invalid field, a bad
option) print an ``error:`` message naming the file and the path of the bad field, and exit
with status 2, without a traceback. Bad ticket, downtime or delivery rows are not errors: the
report lists
each one with its line and reason, and a warning on standard error says how many there are.

Progress bars (reading and evaluating tickets) go to standard error, only when it is a
terminal and ``--quiet`` is not given.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

import attrs
import pendulum

from outsourcing.cli.at_risk import add_at_risk_options, with_at_risk
from outsourcing.cli.interop import INTEROP_COMMANDS
from outsourcing.exceptions import (
    DocumentError,
    InvalidValueError,
    OutsourcingError,
    UnknownReferenceError,
)
from outsourcing.io import json_schema, load
from outsourcing.model.portfolio import Portfolio
from outsourcing.presentation import OutputFormat, Report, render
from outsourcing.presentation.locale import Language
from outsourcing.presentation.report import SECTIONS, build_report, evaluate_portfolio_slas
from outsourcing.presentation.text import report_renderables
from outsourcing.samples import (
    SAMPLE_AS_OF,
    sample_deliveries,
    sample_downtime,
    sample_portfolio,
    sample_tickets,
)
from outsourcing.sla.records.contract_deliveries import ContractDeliveries
from outsourcing.sla.records.contract_downtime import ContractDowntime
from outsourcing.sla.records.contract_tickets import ContractTickets
from outsourcing.sla.records.ticket_log import TicketLog

if TYPE_CHECKING:
    from rich.progress import Progress

__all__ = ["COMMANDS", "EXIT_USAGE", "Command", "main"]

_Rows = TypeVar("_Rows")

#: Exit status for user errors: bad options, missing or invalid input files.
EXIT_USAGE = 2


def _no_arguments(_parser: argparse.ArgumentParser) -> None:
    """For commands that take no arguments."""


@attrs.frozen
class Command:
    """A subcommand of ``outsourcing``.

    Attributes:
        name: What the user types (``demo``).
        help: One line shown by ``outsourcing --help``.
        run: Runs the command with the parsed arguments, writing to ``out``; returns the exit
            status.
        arguments: Adds the command's arguments to its parser.
    """

    name: str
    help: str
    run: Callable[[argparse.Namespace, TextIO], int]
    arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments


def _date(text: str) -> pendulum.Date:
    try:
        parsed = pendulum.parse(text, exact=True)
    except (ValueError, pendulum.parsing.exceptions.ParserError):
        parsed = None
    if not isinstance(parsed, pendulum.Date) or isinstance(parsed, pendulum.DateTime):
        raise argparse.ArgumentTypeError(f"not a date in ISO 8601 (YYYY-MM-DD): {text!r}")
    return parsed


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=[f.value for f in OutputFormat],
        default=OutputFormat.TEXT.value,
        help="output format (default: text)",
    )
    parser.add_argument(
        "--lang",
        choices=[lang.value for lang in Language],
        default=Language.EN.value,
        help="language of the report (default: en)",
    )
    parser.add_argument(
        "--locale", help="locale for money and dates, e.g. fr_BE (default: per lang)"
    )
    parser.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")


def _portfolio_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("portfolio", type=Path, help="portfolio file (.toml, .json, .yaml)")
    parser.add_argument(
        "--as-of",
        type=_date,
        help="date of the figures, YYYY-MM-DD (default: the last ticket event, else today)",
    )
    parser.add_argument(
        "--contract", action="append", metavar="ID", help="only this contract (repeatable)"
    )
    _output_options(parser)


def _ticket_option(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument(
        "--tickets",
        type=Path,
        required=required,
        metavar="FILE",
        help="ticket log (CSV with a header; a 'contract' column names each row's contract)",
    )


def _downtime_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--downtime",
        type=Path,
        metavar="FILE",
        help="downtime record for availability SLAs (CSV: contract, start, end, optional "
        "exclusion such as planned_maintenance)",
    )


def _deliveries_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--deliveries",
        type=Path,
        metavar="FILE",
        help="delivery record for late-delivery penalties (CSV: contract, name of a dated "
        "deliverable or milestone, delivered as 2025-03-31 or empty, optional "
        "force_majeure_days)",
    )


def _report_arguments(parser: argparse.ArgumentParser) -> None:
    _portfolio_arguments(parser)
    _ticket_option(parser, required=False)
    _downtime_option(parser)
    _deliveries_option(parser)


def _sla_arguments(parser: argparse.ArgumentParser) -> None:
    _portfolio_arguments(parser)
    _ticket_option(parser, required=False)
    _downtime_option(parser)
    _deliveries_option(parser)
    add_at_risk_options(parser)


def _schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "name", nargs="?", default="Portfolio", help="class to describe (default: Portfolio)"
    )
    parser.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")


def _write(text: str, output: Path | None, out: TextIO) -> None:
    if output is None:
        out.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise DocumentError([f"{output}: {error.strerror or error}"], "output file") from None


def _show(report: Report, args: argparse.Namespace, out: TextIO) -> int:
    if args.format == OutputFormat.TEXT and args.output is None and out.isatty():
        from rich.console import Console  # noqa: PLC0415 - only for a live terminal

        console = Console(file=out, highlight=False)
        for renderable in report_renderables(report):
            console.print(renderable)
        return 0
    _write(render(report, args.format), args.output, out)
    return 0


@contextlib.contextmanager
def _progress(args: argparse.Namespace) -> Iterator[Progress | None]:
    """A progress display on standard error, or None when quiet or not a terminal."""
    if args.quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console  # noqa: PLC0415 - only for a live terminal
    from rich.progress import Progress  # noqa: PLC0415 - only for a live terminal

    with Progress(console=Console(stderr=True), transient=True) as progress:
        yield progress


def _read_csv(
    path: Path,
    what: str,
    read: Callable[[Iterable[str]], _Rows],
    progress: Progress | None = None,
) -> _Rows:
    """Read a CSV file with ``read``; any problem with the file is one `DocumentError`."""
    try:
        if progress is None:
            with path.open(encoding="utf-8", newline="") as stream:
                return read(stream)
        with progress.open(
            path, "r", encoding="utf-8", newline="", description=f"Reading {path.name}"
        ) as stream:
            return read(stream)
    except OSError as error:
        raise DocumentError([f"{path}: {error.strerror or error}"], what) from None
    except UnicodeDecodeError as error:
        raise DocumentError([f"{path}: not UTF-8 text ({error.reason})"], what) from None
    except (csv.Error, OutsourcingError) as error:
        raise DocumentError([f"{path}: {error}"], what) from None


def _read_tickets(path: Path, portfolio: Portfolio, progress: Progress | None) -> ContractTickets:
    ids = [c.id for c in portfolio.contracts]
    single = ids[0] if len(ids) == 1 else None
    return _read_csv(
        path,
        "ticket file",
        lambda stream: ContractTickets.from_csv(stream, ids, contract=single),
        progress,
    )


def _read_downtime(path: Path, portfolio: Portfolio) -> ContractDowntime:
    ids = [c.id for c in portfolio.contracts]
    single = ids[0] if len(ids) == 1 else None
    return _read_csv(
        path,
        "downtime file",
        lambda stream: ContractDowntime.from_csv(stream, ids, contract=single),
    )


def _read_deliveries(path: Path, portfolio: Portfolio) -> ContractDeliveries:
    contracts = portfolio.contracts
    single = contracts[0].id if len(contracts) == 1 else None
    return _read_csv(
        path,
        "deliveries file",
        lambda stream: ContractDeliveries.from_csv(stream, contracts, contract=single),
    )


def _warn_bad_deliveries(deliveries: ContractDeliveries, contracts: Collection[str] | None) -> None:
    invalid = [
        rows for cid, rows in deliveries.invalid.items() if contracts is None or cid in contracts
    ]
    bad = len(deliveries.unassigned) + sum(len(rows) for rows in invalid)
    if bad:
        sys.stderr.write(
            f"warning: {bad} of {deliveries.rows_in} delivery rows were not assessed (invalid, "
            "or no known contract); the report lists each one with its line and reason\n"
        )


def _warn_bad_rows(
    what: str, source: ContractTickets | ContractDowntime, contracts: Collection[str] | None
) -> None:
    logs = [log for cid, log in source.logs.items() if contracts is None or cid in contracts]
    bad = len(source.unassigned) + sum(len(log.invalid) for log in logs)
    if bad:
        sys.stderr.write(
            f"warning: {bad} of {source.rows_in} {what} rows were not evaluated (invalid, or no "
            "known contract); the report lists each one with its line and reason\n"
        )


def _default_as_of(
    tickets: ContractTickets | None, downtime: ContractDowntime | None, portfolio: Portfolio
) -> pendulum.Date:
    """Without --as-of: the day of the last event in the files, else today (read at the edge)."""
    instants = [source.last_instant() for source in (tickets, downtime) if source is not None]
    known = [instant for instant in instants if instant is not None]
    if not known:
        return pendulum.today().date()
    zone = portfolio.client.timezone or "UTC"
    day = pendulum.instance(max(known)).in_timezone(zone).date()
    sys.stderr.write(
        f"note: figures as of {day}, the day of the last event in the files (--as-of)\n"
    )
    return day


def _chunk_progress(
    progress: Progress | None, tickets: ContractTickets | None, contracts: Collection[str] | None
) -> Callable[[TicketLog], None] | None:
    """A progress bar of the tickets evaluated, advanced chunk by chunk (None: no display)."""
    if progress is None or tickets is None:
        return None
    wanted = [c for c in tickets.logs if contracts is None or c in contracts]
    task = progress.add_task("Evaluating SLAs", total=sum(len(tickets.logs[c]) for c in wanted))

    def on_chunk(chunk: TicketLog) -> None:
        progress.advance(task, len(chunk))

    return on_chunk


def _chosen_contracts(args: argparse.Namespace, portfolio: Portfolio) -> list[str] | None:
    """The contracts asked for with ``--contract`` (None: all), each checked to be known."""
    contracts: list[str] | None = args.contract if getattr(args, "contract", None) else None
    known = [c.id for c in portfolio.contracts]
    for contract in contracts or ():
        if contract not in known:
            raise UnknownReferenceError("--contract", contract, known)
    return contracts


def _warn_bad_inputs(
    tickets: ContractTickets | None,
    downtime: ContractDowntime | None,
    deliveries: ContractDeliveries | None,
    contracts: Collection[str] | None,
) -> None:
    """One warning per input file with rows that were not used."""
    for what, source in (("ticket", tickets), ("downtime", downtime)):
        if source is not None:
            _warn_bad_rows(what, source, contracts)
    if deliveries is not None:
        _warn_bad_deliveries(deliveries, contracts)


def _run_report(
    args: argparse.Namespace,
    out: TextIO,
    portfolio: Portfolio,
    *,
    as_of: pendulum.Date | None,
    sections: Collection[str] = SECTIONS,
    tickets_path: Path | None = None,
    downtime_path: Path | None = None,
    deliveries_path: Path | None = None,
    sample: bool = False,
) -> int:
    contracts = _chosen_contracts(args, portfolio)
    tickets = None
    downtime = None
    deliveries = None
    service_reports = None
    with _progress(args) as progress:
        if sample:
            tickets, downtime = sample_tickets(), sample_downtime()
            deliveries = sample_deliveries()
        if tickets_path is not None:
            tickets = _read_tickets(tickets_path, portfolio, progress)
        if downtime_path is not None:
            downtime = _read_downtime(downtime_path, portfolio)
        if deliveries_path is not None:
            deliveries = _read_deliveries(deliveries_path, portfolio)
        if as_of is None:
            as_of = _default_as_of(tickets, downtime, portfolio)
        given = (tickets, downtime, deliveries)
        if any(source is not None for source in given) and "service_levels" in sections:
            on_chunk = _chunk_progress(progress, tickets, contracts)
            service_reports = evaluate_portfolio_slas(
                portfolio,
                tickets,
                as_of=as_of,
                contracts=contracts,
                on_chunk=on_chunk,
                downtime=downtime,
                deliveries=deliveries,
            )
    if not sample:
        _warn_bad_inputs(tickets, downtime, deliveries, contracts)
    report = build_report(
        portfolio,
        as_of=as_of,
        language=args.lang,
        locale=args.locale,
        tickets=tickets,
        service_reports=service_reports,
        contracts=contracts,
        sections=sections,
        downtime=downtime,
        deliveries=deliveries,
    )
    return _show(report, args, out)


def _report(args: argparse.Namespace, out: TextIO) -> int:
    portfolio = load(args.portfolio, Portfolio)
    return _run_report(
        args,
        out,
        portfolio,
        as_of=args.as_of,
        tickets_path=args.tickets,
        downtime_path=args.downtime,
        deliveries_path=args.deliveries,
    )


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    return _run_report(args, out, sample_portfolio(), as_of=SAMPLE_AS_OF, sample=True)


def _part(*sections: str, tickets: bool = False) -> Callable[[argparse.Namespace, TextIO], int]:
    """A command printing some sections of the report on a portfolio file.

    With ``tickets``, the command reads ``--tickets``, ``--downtime`` and ``--deliveries`` and
    needs at least one of them.
    """

    def run(args: argparse.Namespace, out: TextIO) -> int:
        if tickets and args.tickets is None and args.downtime is None and args.deliveries is None:
            raise InvalidValueError(
                "--tickets",
                None,
                "the command needs --tickets FILE, --downtime FILE or --deliveries FILE",
            )
        portfolio = load(args.portfolio, Portfolio)
        return _run_report(
            args,
            out,
            portfolio,
            as_of=args.as_of,
            sections=sections,
            tickets_path=args.tickets if tickets else None,
            downtime_path=args.downtime if tickets else None,
            deliveries_path=args.deliveries if tickets else None,
        )

    return run


def _documents() -> dict[str, type]:
    """The model classes a document can describe, by name."""
    from outsourcing import model  # noqa: PLC0415 - only for this command

    classes = {name: getattr(model, name) for name in model.__all__}
    return {n: c for n, c in classes.items() if isinstance(c, type) and attrs.has(c)}


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    documents = _documents()
    target = documents.get(args.name)
    if target is None:
        raise UnknownReferenceError("schema", args.name, sorted(documents))
    text = json.dumps(json_schema(target), indent=2, ensure_ascii=False) + "\n"
    _write(text, args.output, out)
    return 0


COMMANDS: tuple[Command, ...] = (
    Command(
        "demo",
        "The whole report on the sample portfolio and tickets.",
        _demo,
        _output_options,
    ),
    Command(
        "report",
        "The whole report on a portfolio (and ticket) file.",
        _report,
        _report_arguments,
    ),
    Command(
        "classify",
        "Each process: kind, office, shoring, coverage, horizon.",
        _part("classification"),
        _portfolio_arguments,
    ),
    Command(
        "costs",
        "In house against outsourced: savings, break-even, P10-P90.",
        _part("costs"),
        _portfolio_arguments,
    ),
    Command(
        "sla",
        "Service levels and late deliveries: credits, penalties, rights.",
        with_at_risk(_part("service_levels", tickets=True)),
        _sla_arguments,
    ),
    Command(
        "review",
        "Contract review and exit readiness.",
        _part("review", "reversibility"),
        _portfolio_arguments,
    ),
    Command(
        "schema",
        "JSON Schema of portfolio documents (or of a class).",
        _schema,
        _schema_arguments,
    ),
    *(Command(*spec) for spec in INTEROP_COMMANDS),
)
"""The subcommands, in the order ``--help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subparser per `Command`."""
    parser = argparse.ArgumentParser(
        prog="outsourcing",
        description="Outsourcing (BPO, ITO, KPO) as typed domain objects and pure functions.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        subparser = subparsers.add_parser(command.name, help=command.help, description=command.help)
        command.arguments(subparser)
        subparser.set_defaults(command_run=command.run)
    return parser


def _error_lines(error: Exception) -> list[str]:
    if isinstance(error, DocumentError):
        head = str(error).splitlines()[0]
        return [f"error: {head}", *(f"error:   {line}" for line in error.errors)]
    return [f"error: {error}"]


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments without the program name (default: ``sys.argv[1:]``).
        out: Where reports go (default: standard output); errors and progress go to standard
            error.

    Returns:
        The exit status: 0 on success, 2 on a user error (bad option, missing or invalid
        file), after one ``error:`` message on standard error.
    """
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # argparse has printed the usage error or the help
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    run: Callable[[argparse.Namespace, TextIO], int] = args.command_run
    try:
        return run(args, out if out is not None else sys.stdout)
    except OutsourcingError as error:
        sys.stderr.write("\n".join(_error_lines(error)) + "\n")
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
