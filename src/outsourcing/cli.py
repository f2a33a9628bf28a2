"""The ``outsourcing`` command line.

Each subcommand is a `Command`: a name, a one-line help, a function adding its arguments and a
function running it. Add a subcommand by appending to `COMMANDS`.

``outsourcing demo`` runs the whole report on the bundled sample; ``outsourcing report
PORTFOLIO`` does the same on a portfolio file. User errors (a missing file, a malformed
document, an invalid field, a bad option) print an ``error:`` message naming the file and the
path of the bad field, and exit with status 2, without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

import attrs
import pendulum

from outsourcing.exceptions import DocumentError, OutsourcingError
from outsourcing.io import load
from outsourcing.model.portfolio import Portfolio
from outsourcing.presentation import OutputFormat, Report, render
from outsourcing.presentation.locale import Language
from outsourcing.presentation.text import report_renderables
from outsourcing.report import build_report
from outsourcing.samples import SAMPLE_AS_OF, sample_portfolio

__all__ = ["COMMANDS", "EXIT_USAGE", "Command", "main"]

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


def _report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("portfolio", type=Path, help="portfolio file (.toml, .json, .yaml)")
    parser.add_argument(
        "--as-of", type=_date, help="date of the figures, YYYY-MM-DD (default: today)"
    )
    _output_options(parser)


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


def _report(args: argparse.Namespace, out: TextIO) -> int:
    portfolio = load(args.portfolio, Portfolio)
    as_of = (
        args.as_of or pendulum.today().date()
    )  # the command line is the edge: "today" is read here
    report = build_report(portfolio, as_of=as_of, language=args.lang, locale=args.locale)
    return _show(report, args, out)


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    report = build_report(
        sample_portfolio(), as_of=SAMPLE_AS_OF, language=args.lang, locale=args.locale
    )
    return _show(report, args, out)


COMMANDS: tuple[Command, ...] = (
    Command(
        "demo",
        "The whole report on the sample portfolio.",
        _demo,
        _output_options,
    ),
    Command(
        "report",
        "The whole report on a portfolio file.",
        _report,
        _report_arguments,
    ),
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
