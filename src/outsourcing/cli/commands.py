"""The ``outsourcing`` command line.

Each subcommand is a `Command`: a name, a one-line help, a function adding its arguments and a
function running it. Add a subcommand by appending to `COMMANDS`.

``outsourcing demo`` runs the whole report on the bundled sample portfolio, tickets and
downtime and deliveries; ``outsourcing report PORTFOLIO --tickets FILE --downtime FILE
--deliveries FILE`` does the same on your files; ``classify``,
``costs``, ``sla`` and ``review`` print one part of it; ``schema`` prints the JSON Schema of
the documents. User errors (a missing file, a malformed document, an invalid field, a bad
option, an output file that is an input) print an ``error:`` message naming the file and the
path of the bad field, and exit with status 2, without a traceback; an internal error exits
with status 70 after one line (``--debug`` shows the traceback; see
`outsourcing.cli.failures`). Output files are written whole or not at all
(`outsourcing.cli.output`). Bad ticket, downtime or delivery rows are not errors: the
report lists
each one with its line and reason, and a warning on standard error says how many there are.

Progress bars (reading and evaluating tickets) go to standard error, only when it is a
terminal and ``--quiet`` is not given.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TextIO

import attrs
import pendulum

from outsourcing.cli.at_risk import add_at_risk_options, with_at_risk
from outsourcing.cli.calendar import calendar_arguments, run_calendar
from outsourcing.cli.failures import (
    EXIT_INTERRUPTED,
    EXIT_SOFTWARE,
    EXIT_USAGE,
    OneLineErrorParser,
    report_failure,
)
from outsourcing.cli.inputs import (
    chunk_progress,
    default_as_of,
    progress_display,
    read_records,
    warn_rows_not_used,
)
from outsourcing.cli.interop import INTEROP_COMMANDS
from outsourcing.cli.invalid_rows import write_invalid_rows_file
from outsourcing.cli.notices import unscoped_notes
from outsourcing.cli.output import refuse_overwriting_inputs, write_atomically
from outsourcing.exceptions import (
    InvalidValueError,
    UnknownReferenceError,
)
from outsourcing.io import json_schema, load
from outsourcing.io.scenario import load_scenario
from outsourcing.model.portfolio import Portfolio
from outsourcing.presentation import OutputFormat, Report, render
from outsourcing.presentation.locale import Language
from outsourcing.presentation.report import SECTIONS, AsOfSource, build_report
from outsourcing.presentation.text import report_renderables
from outsourcing.samples import (
    SAMPLE_AS_OF,
    sample_deliveries,
    sample_downtime,
    sample_portfolio,
    sample_tickets,
)
from outsourcing.sla.portfolio import ServiceRecords, evaluate_portfolio_slas
from outsourcing.sla.records.timestamps import FIRST_YEAR, LAST_YEAR

__all__ = ["COMMANDS", "EXIT_SOFTWARE", "EXIT_USAGE", "Command", "main"]


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
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"not a date in {FIRST_YEAR}-{LAST_YEAR}: {text!r}")
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


def _costs_arguments(parser: argparse.ArgumentParser) -> None:
    _portfolio_arguments(parser)
    parser.add_argument(
        "--scenario", type=Path, help="apply this what-if scenario file (.toml) to the portfolio"
    )


def _ticket_option(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument(
        "--tickets",
        type=Path,
        required=required,
        metavar="FILE",
        help="ticket log (CSV with a header; a 'contract' column names each row's contract)",
    )
    parser.add_argument(
        "--delimiter",
        help="cell separator of the record files (default: detected, ',' or ';')",
    )
    parser.add_argument(
        "--encoding",
        default="utf-8",
        help="text encoding of the record files: tickets, downtime, deliveries (e.g. cp1252)",
    )
    parser.add_argument(
        "--invalid-rows",
        type=Path,
        metavar="FILE",
        help="write every row not used (invalid, or of no known contract) to FILE, as JSON Lines",
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
    write_atomically(output, text)


def _show(report: Report, args: argparse.Namespace, out: TextIO) -> int:
    if args.format == OutputFormat.TEXT and args.output is None and out.isatty():
        from rich.console import Console  # noqa: PLC0415 - only for a live terminal

        console = Console(file=out, highlight=False)
        for renderable in report_renderables(report):
            console.print(renderable)
        return 0
    _write(render(report, args.format), args.output, out)
    return 0


def _chosen_contracts(args: argparse.Namespace, portfolio: Portfolio) -> list[str] | None:
    """The contracts asked for with ``--contract`` (None: all), each checked to be known."""
    contracts: list[str] | None = args.contract if getattr(args, "contract", None) else None
    known = [c.id for c in portfolio.contracts]
    for contract in contracts or ():
        if contract not in known:
            raise UnknownReferenceError("--contract", contract, known)
    return contracts


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
    levels = None
    with progress_display(quiet=args.quiet) as progress:
        if sample:
            records = ServiceRecords(sample_tickets(), sample_downtime(), sample_deliveries())
        else:
            records = read_records(
                portfolio,
                tickets=tickets_path,
                downtime=downtime_path,
                deliveries=deliveries_path,
                progress=progress,
                delimiter=getattr(args, "delimiter", None),
                encoding=getattr(args, "encoding", "utf-8"),
            )
        source = AsOfSource.GIVEN
        if as_of is None:
            as_of, source = default_as_of(records, portfolio, args.lang)
        if records.given() and "service_levels" in sections:
            levels = evaluate_portfolio_slas(
                portfolio,
                records,
                as_of=as_of,
                contracts=contracts,
                on_chunk=chunk_progress(progress, records, contracts),
            )
    if levels is not None and not sample:
        warn_rows_not_used(levels, args.lang)
        if getattr(args, "invalid_rows", None) is not None:
            sources = {"tickets": tickets_path, "downtime": downtime_path}
            sources["deliveries"] = deliveries_path
            write_invalid_rows_file(
                args.invalid_rows,
                levels,
                sources,
                delimiter=getattr(args, "delimiter", None),
                encoding=getattr(args, "encoding", "utf-8"),
            )
        sys.stderr.writelines(f"{line}\n" for line in unscoped_notes(levels.reports()))
    report = build_report(
        portfolio,
        as_of=as_of,
        as_of_source=source,
        language=args.lang,
        locale=args.locale,
        service_levels=levels,
        contracts=contracts,
        sections=sections,
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
        if getattr(args, "scenario", None) is not None:
            portfolio = load_scenario(args.scenario).apply(portfolio)
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
        _costs_arguments,
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
        "recommend",
        "Each process: readiness and the best ways to source it.",
        _part("recommendation"),
        _portfolio_arguments,
    ),
    Command(
        "governance",
        "The 32 governance questions, answered from the portfolio.",
        _part("governance"),
        _portfolio_arguments,
    ),
    Command(
        "calendar",
        "Notice deadlines and contract ends ahead (.ics with -o).",
        run_calendar,
        functools.partial(calendar_arguments, date=_date),
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
    parser = OneLineErrorParser(
        prog="outsourcing",
        description="Outsourcing (BPO, ITO, KPO) as typed domain objects and pure functions.",
    )
    parser.add_argument("--version", action="version", version=f"outsourcing {_version()}")
    parser.add_argument(
        "--debug", action="store_true", help="show the Python traceback of an internal error"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        subparser = subparsers.add_parser(command.name, help=command.help, description=command.help)
        command.arguments(subparser)
        subparser.set_defaults(command_run=command.run)
    return parser


def _version() -> str:
    """The installed package's version."""
    from importlib.metadata import version  # noqa: PLC0415 - slow to import, needed here only

    return version("outsourcing")


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments without the program name (default: ``sys.argv[1:]``). ``--debug``
            may appear anywhere: an internal error then shows its traceback.
        out: Where reports go (default: standard output); errors and progress go to standard
            error.

    Returns:
        The exit status: 0 on success, 2 on a user error (bad option, missing or invalid
        file, an output file that is an input), after one ``error:`` message on standard
        error, 70 on an internal error (see `outsourcing.cli.failures`).
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in arguments
    arguments = [a for a in arguments if a != "--debug"]
    try:
        args = build_parser().parse_args(arguments)
    except SystemExit as stop:  # argparse has printed the usage error or the help
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    run: Callable[[argparse.Namespace, TextIO], int] = args.command_run
    try:
        inputs = [getattr(args, name, None) for name in _INPUT_OPTIONS]
        refuse_overwriting_inputs(getattr(args, "output", None), inputs)
        refuse_overwriting_inputs(getattr(args, "invalid_rows", None), inputs, "--invalid-rows")
        return run(args, out if out is not None else sys.stdout)
    except Exception as error:  # noqa: BLE001 - the one place every failure becomes a message
        return report_failure(error, debug=debug)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return EXIT_INTERRUPTED


#: The arguments naming input files, which the output file must not replace.
_INPUT_OPTIONS = ("portfolio", "tickets", "downtime", "deliveries")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
