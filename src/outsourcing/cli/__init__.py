"""The ``outsourcing`` command line: `commands` defines the subcommands, `inputs` reads files."""

from outsourcing.cli.commands import main

__all__ = ["main"]
