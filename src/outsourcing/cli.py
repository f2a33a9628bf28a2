"""The ``outsourcing`` command: reports on a portfolio, and the single jobs behind them.

``outsourcing demo`` runs everything on the bundled sample; ``outsourcing report PORTFOLIO``
does the same on a portfolio file. User errors (a missing file, a malformed document, an
invalid field, a bad option) print one ``error:`` message naming the file and the path of the
bad field, and exit with status 2, without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

import pendulum

from outsourcing.exceptions import DocumentError, OutsourcingError
from outsourcing.io import load
from outsourcing.model.portfolio import Portfolio
from outsourcing.presentation import OutputFormat, Report, render
from outsourcing.presentation.locale import Language
from outsourcing.presentation.text import report_renderables
from outsourcing.report import build_report

__all__ = ["EXIT_USAGE", "main"]

#: Exit status for user errors: bad options, missing or invalid input files.
EXIT_USAGE = 2


def _date(text: str) -> pendulum.Date:
    try:
        parsed = pendulum.parse(text, exact=True)
    except (ValueError, pendulum.parsing.exceptions.ParserError):
        parsed = None
    if not isinstance(parsed, pendulum.Date) or isinstance(parsed, pendulum.DateTime):
        raise argparse.ArgumentTypeError(f"not a date in ISO 8601 (YYYY-MM-DD): {text!r}")
    return parsed


def _common(parser: argparse.ArgumentParser) -> None:
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


def _portfolio_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("portfolio", type=Path, help="portfolio file (.toml, .json, .yaml)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="outsourcing",
        description="Outsourcing portfolios: classification, costs, service levels, contracts.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    report = commands.add_parser("report", help="the whole report on a portfolio")
    _portfolio_argument(report)
    report.add_argument(
        "--as-of", type=_date, help="date of the figures, YYYY-MM-DD (default: today)"
    )
    _common(report)
    return parser


def _write(text: str, output: Path | None, stdout: TextIO) -> None:
    if output is None:
        stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise DocumentError([f"{output}: {error.strerror or error}"], "output file") from None


def _show(report: Report, args: argparse.Namespace, stdout: TextIO) -> None:
    if args.format == OutputFormat.TEXT and args.output is None and stdout.isatty():
        from rich.console import Console  # noqa: PLC0415 - only for a live terminal

        console = Console(file=stdout, highlight=False)
        for renderable in report_renderables(report):
            console.print(renderable)
        return
    _write(render(report, args.format), args.output, stdout)


def _load_portfolio(path: Path) -> Portfolio:
    return load(path, Portfolio)


def _report(args: argparse.Namespace, stdout: TextIO) -> None:
    portfolio = _load_portfolio(args.portfolio)
    as_of = (
        args.as_of or pendulum.today().date()
    )  # the command line is the edge: "today" is read here
    report = build_report(portfolio, as_of=as_of, language=args.lang, locale=args.locale)
    _show(report, args, stdout)


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], None]] = {"report": _report}


def _error_lines(error: Exception) -> list[str]:
    if isinstance(error, DocumentError):
        head = str(error).splitlines()[0]
        return [f"error: {head}", *(f"error:   {line}" for line in error.errors)]
    return [f"error: {error}"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 on success, 2 on a user error).

    Reports go to standard output, errors and progress bars to standard error.

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).
    """
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # argparse has printed the usage error or the help
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    try:
        _COMMANDS[args.command](args, sys.stdout)
    except OutsourcingError as error:
        sys.stderr.write("\n".join(_error_lines(error)) + "\n")
        return EXIT_USAGE
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
