"""The ``outsourcing`` command line.

Each subcommand is a `Command`: a name, a one-line help, a function adding its arguments and a
function running it. Add a subcommand by appending to `COMMANDS`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

import attrs

from outsourcing.samples import sample_portfolio
from outsourcing.summary import portfolio_summary

__all__ = ["COMMANDS", "Command", "main"]


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


def _demo(_args: argparse.Namespace, out: TextIO) -> int:
    out.write(portfolio_summary(sample_portfolio()))
    return 0


COMMANDS: tuple[Command, ...] = (
    Command("demo", "Describe the sample portfolio shipped with the package.", _demo),
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


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments without the program name (default: ``sys.argv[1:]``).
        out: Where output goes (default: standard output).

    Returns:
        The exit status: 0 on success; argparse exits with 2 on a usage error.
    """
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace, TextIO], int] = args.command_run
    return run(args, out if out is not None else sys.stdout)
