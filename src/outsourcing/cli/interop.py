"""``outsourcing import`` and ``outsourcing export``: SLAs from and to other tools.

``outsourcing import zendesk|servicenow|openslo FILE ... -o contract.toml`` reads SLA
definitions into a contract document (a new one, or ``--into`` an existing one); every part of
the files that the contract cannot hold is printed as a ``note:`` on standard error.
``outsourcing export openslo CONTRACT -o DIR`` writes one OpenSLO ``SLO`` file per SLA.

The commands are listed in `INTEROP_COMMANDS` as ``(name, help, run, arguments)``, which
`outsourcing.cli.commands` turns into its `Command` entries.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import pendulum

from outsourcing.exceptions import DocumentError, InvalidValueError
from outsourcing.io import dumps, load
from outsourcing.io.formats import format_of, parse_text, parse_yaml_documents, write_text
from outsourcing.io.interop import (
    ImportedSLAs,
    openslo_documents,
    openslo_slas,
    servicenow_slas,
    zendesk_calendar,
    zendesk_slas,
)
from outsourcing.model.contract import Contract
from outsourcing.model.portfolio import Portfolio
from outsourcing.model.sla import MeasurementPeriod

__all__ = ["INTEROP_COMMANDS"]

Run = Callable[[argparse.Namespace, TextIO], int]
Arguments = Callable[[argparse.ArgumentParser], None]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise DocumentError([f"{path}: {error.strerror or error}"], "input file") from None
    except UnicodeDecodeError as error:
        raise DocumentError([f"{path}: not UTF-8 text ({error.reason})"], "input file") from None


def _parsed(path: Path) -> object:
    text = _read(path)
    if path.suffix.lower() in {".yaml", ".yml"}:
        documents = parse_yaml_documents(text)
        return documents[0] if len(documents) == 1 else documents
    return parse_text(text, "json")


def _with_file(path: Path, read: Callable[[], ImportedSLAs]) -> ImportedSLAs:
    try:
        return read()
    except DocumentError as error:
        raise DocumentError([f"{path}: {line}" for line in error.errors], "input file") from None


def _import_one(args: argparse.Namespace, path: Path) -> ImportedSLAs:
    document = _parsed(path)
    if args.source == "openslo":
        rolling = MeasurementPeriod(args.rolling_as) if args.rolling_as else None
        return _with_file(path, lambda: openslo_slas(document, rolling_as=rolling))
    if args.objective is None:
        raise InvalidValueError("--objective", None, f"{args.source} has no objective: give one")
    if args.source == "zendesk":
        calendar = args.calendar
        if args.schedule is not None:
            calendar = zendesk_calendar(_parsed(args.schedule), id=args.calendar)
        return _with_file(
            path,
            lambda: zendesk_slas(
                document,
                objective=args.objective,
                calendar=calendar,
                category_field=args.category_field,
            ),
        )
    schedules = {}
    for pair in args.schedule_calendar or ():
        name, _, calendar_id = pair.partition("=")
        if not calendar_id:
            raise InvalidValueError("--schedule-calendar", pair, "must read SCHEDULE=CALENDAR")
        schedules[name] = calendar_id
    return _with_file(
        path, lambda: servicenow_slas(document, objective=args.objective, schedules=schedules)
    )


def _import(args: argparse.Namespace, out: TextIO) -> int:
    imported: ImportedSLAs | None = None
    for path in args.files:
        one = _import_one(args, path)
        imported = one if imported is None else imported.merge(one)
    assert imported is not None  # noqa: S101 - argparse requires one file at least
    for note in imported.notes:
        sys.stderr.write(f"note: {note.code}: {note}\n")
    if args.into is not None:
        contract = imported.into(load(args.into, Contract))
        if imported.timezone and imported.timezone != contract.timezone:
            kept = contract.timezone or "none stated (its client's in a portfolio)"
            sys.stderr.write(
                f"note: the files measure in {imported.timezone}; the contract keeps its time "
                f"zone, {kept}\n"
            )
    else:
        start = args.start or imported.start
        if start is None:
            start = pendulum.today().date()
            sys.stderr.write(f"note: the contract's term starts today, {start} (--start)\n")
        contract = imported.contract(
            id=args.id,
            title=args.title,
            client=args.client,
            provider_id=args.provider,
            currency=args.currency,
            start=start,
            timezone=args.timezone,
        )
    output: Path | None = args.output
    text = dumps(contract, "toml" if output is None else format_of(output))
    if output is None:
        out.write(text)
    else:
        _write(output, text)
    sys.stderr.write(
        f"imported {len(imported.slas)} SLA(s), {len(imported.notes)} note(s)"
        + (f" into {output}\n" if output else "\n")
    )
    return 0


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise DocumentError([f"{path}: {error.strerror or error}"], "output file") from None


def _date(text: str) -> pendulum.Date:
    try:
        return pendulum.Date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in ISO 8601 (YYYY-MM-DD): {text!r}") from None


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", choices=["zendesk", "servicenow", "openslo"])
    parser.add_argument("files", type=Path, nargs="+", metavar="FILE", help="JSON or YAML files")
    parser.add_argument("-o", "--output", type=Path, help="contract file (.toml, .json, .yaml)")
    parser.add_argument("--into", type=Path, help="add the SLAs to this contract document")
    parser.add_argument(
        "--objective", help="share of tickets within target, in %% (Zendesk, ServiceNow)"
    )
    parser.add_argument("--schedule", type=Path, help="Zendesk business-hours schedule JSON")
    parser.add_argument("--calendar", help="calendar id for business hours (Zendesk)")
    parser.add_argument("--category-field", help="Zendesk field whose values are categories")
    parser.add_argument(
        "--schedule-calendar",
        action="append",
        metavar="SCHEDULE=CALENDAR",
        help="ServiceNow schedule (sys_id or name) to a calendar id (repeatable)",
    )
    parser.add_argument(
        "--rolling-as",
        choices=[p.value for p in MeasurementPeriod],
        help="read OpenSLO rolling windows as this calendar period",
    )
    parser.add_argument("--id", default="imported", help="new contract's id")
    parser.add_argument("--title", default="Imported SLAs", help="new contract's title")
    parser.add_argument("--client", default="client", help="new contract's client")
    parser.add_argument("--provider", default="provider", help="new contract's provider id")
    parser.add_argument("--currency", default="EUR", help="new contract's currency")
    parser.add_argument("--start", type=_date, help="new contract's first day, YYYY-MM-DD")
    parser.add_argument("--timezone", help="new contract's IANA time zone")


def _export(args: argparse.Namespace, out: TextIO) -> int:
    if args.contract is not None:
        portfolio = load(args.document, Portfolio)
        found = [c for c in portfolio.contracts if c.id == args.contract]
        if not found:
            raise InvalidValueError("--contract", args.contract, "not in the portfolio")
        contract = found[0]
    else:
        contract = load(args.document, Contract)
    directory: Path = args.output
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DocumentError([f"{directory}: {error.strerror or error}"], "output folder") from None
    for number, document in enumerate(openslo_documents(contract), 1):
        path = directory / f"{number:02d}-{document['metadata']['name']}.yaml"
        _write(path, write_text(document, "yaml"))
        out.write(f"{path}\n")
    return 0


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", choices=["openslo"])
    parser.add_argument("document", type=Path, help="contract (or portfolio, with --contract)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="folder to write to")
    parser.add_argument("--contract", metavar="ID", help="the contract, in a portfolio file")


#: ``(name, help, run, arguments)`` of the commands.
INTEROP_COMMANDS: tuple[tuple[str, str, Run, Arguments], ...] = (
    (
        "import",
        "SLAs from Zendesk, ServiceNow or OpenSLO into a contract.",
        _import,
        _import_arguments,
    ),
    ("export", "A contract's SLAs as OpenSLO files.", _export, _export_arguments),
)
