"""How the command line fails: one line on standard error and an exit status, no traceback.

- A user error (a bad option, a missing, malformed or invalid file, an output path that is an
  input) exits with `EXIT_USAGE` (2) after one ``error:`` line naming what is wrong. A
  document with several problems lists them under that line, indented, the first 100 and a
  count of the rest.
- A closed standard output (``outsourcing demo | head``) stops the command quietly with
  `EXIT_BROKEN_PIPE` (141, as a shell reports a process ended by SIGPIPE).
- Anything else is a bug in `outsourcing`: the command exits with `EXIT_SOFTWARE` (70, the
  ``EX_SOFTWARE`` of ``sysexits.h``) after one ``internal error:`` line and a hint to run it
  again with ``--debug``, which shows the Python traceback instead.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from typing import NoReturn

from outsourcing.exceptions import DocumentError, OutsourcingError

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERRUPTED",
    "EXIT_SOFTWARE",
    "EXIT_USAGE",
    "OneLineErrorParser",
    "error_lines",
    "internal_error_lines",
    "report_failure",
]

#: Exit status for user errors: bad options, missing or invalid input files.
EXIT_USAGE = 2
#: Exit status for an unexpected internal error (a bug): ``EX_SOFTWARE``.
EXIT_SOFTWARE = 70
#: Exit status when interrupted (Ctrl-C): 128 + SIGINT, as shells report it.
EXIT_INTERRUPTED = 130
#: Exit status when the reader of standard output went away (``| head``): 128 + SIGPIPE.
EXIT_BROKEN_PIPE = 141


def _one_line(text: str) -> str:
    return " ".join(text.split())


def error_lines(error: OutsourcingError) -> list[str]:
    """The lines printed for a user error: one, or one per problem of a document under it."""
    if isinstance(error, DocumentError):
        head = _one_line(str(error).splitlines()[0])
        if len(error.errors) == 1:
            return [f"error: {head.removesuffix(':')}: {_one_line(error.errors[0])}"]
        shown = error.errors[: DocumentError.LISTED]
        lines = [f"error: {head}", *(f"error:   {_one_line(line)}" for line in shown)]
        if error.total > len(shown):
            more = error.total - len(shown)
            lines.append(f"error:   … and {'' if error.exact else 'at least '}{more} more")
        return lines
    return [f"error: {_one_line(str(error))}"]


def internal_error_lines(error: BaseException) -> list[str]:
    """The line printed for an unexpected error: what it is and how to see more."""
    what = _one_line(f"{type(error).__name__}: {error}")
    if len(what) > 300:
        what = what[:299] + "…"
    hint = "a bug in outsourcing: run again with --debug to see the traceback, and report it"
    return [f"internal error: {what} ({hint})"]


def report_failure(error: BaseException, *, debug: bool) -> int:
    """Print the failure on standard error; return the exit status.

    A closed standard output (the report piped into ``head``) is not a failure to report: the
    command stops quietly, standard output pointed at the null device so that the final flush
    does not fail again.
    """
    if isinstance(error, BrokenPipeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    if isinstance(error, OutsourcingError):
        if debug:
            traceback.print_exception(error, file=sys.stderr)
        lines = error_lines(error)
        status = EXIT_USAGE
    else:
        if debug:
            traceback.print_exception(error, file=sys.stderr)
            return EXIT_SOFTWARE
        lines = internal_error_lines(error)
        status = EXIT_SOFTWARE
    text = "\n".join(lines) + "\n"
    sys.stderr.write(text.encode("utf-8", "backslashreplace").decode("utf-8"))
    return status


class OneLineErrorParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one ``error:`` line (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        """Print one line naming the command and the problem, then exit with status 2."""
        self.exit(EXIT_USAGE, f"error: {self.prog}: {_one_line(message)} (see --help)\n")
