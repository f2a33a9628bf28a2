"""``outsourcing sla --at-risk``: open tickets that will breach, and when, and the error budgets.

With ``--at-risk``, the ``sla`` command reads ``--tickets`` and prints, per contract, every open
ticket under a timed SLA, most urgent first (`outsourcing.sla.at_risk.at_risk`), and the error
budget of each SLA in the current period; ``--format json`` writes the whole view as JSON. The
view is as of the end of ``--as-of``'s day, or as of now when no date is given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from outsourcing.exceptions import DocumentError, InvalidValueError, OutsourcingError
from outsourcing.io import load
from outsourcing.model.portfolio import Portfolio
from outsourcing.presentation.messages import message
from outsourcing.sla.at_risk import AtRisk, at_risk
from outsourcing.sla.portfolio import end_of_day
from outsourcing.sla.records.contract_tickets import ContractTickets

__all__ = ["add_at_risk_options", "with_at_risk"]

Run = Callable[[argparse.Namespace, TextIO], int]


def add_at_risk_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--at-risk`` and ``--limit`` to the ``sla`` command."""
    parser.add_argument(
        "--at-risk",
        action="store_true",
        help="open tickets against their timed SLAs, most urgent first, and error budgets",
    )
    parser.add_argument(
        "--limit", type=int, default=20, help="rows shown per contract with --at-risk (text)"
    )


def _tickets(path: Path, portfolio: Portfolio) -> ContractTickets:
    contracts = portfolio.contracts
    single = contracts[0].id if len(contracts) == 1 else None
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            return ContractTickets.from_csv(stream, contracts, contract=single)
    except OSError as error:
        raise DocumentError([f"{path}: {error.strerror or error}"], "ticket file") from None
    except OutsourcingError as error:
        raise DocumentError([f"{path}: {error}"], "ticket file") from None


def _duration(seconds: int) -> str:
    sign = "-" if seconds < 0 else ""
    minutes = abs(seconds) // 60
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"


def _text(contract_id: str, view: AtRisk, language: str, limit: int) -> list[str]:
    lines = [message(language, "at_risk.title", contract=contract_id, as_of=view.as_of.isoformat())]
    records = view.to_records()
    if not records:
        return [*lines, message(language, "at_risk.none"), ""]
    header = [
        message(language, key)
        for key in ("column.sla", "column.ticket", "column.remaining", "column.deadline")
    ]
    rows = [[*header, message(language, "column.clock")]]
    for record in records[:limit]:
        state = (
            "at_risk.breached"
            if record["breached"]
            else "at_risk.paused"
            if record["paused"]
            else "at_risk.running"
        )
        rows.append(
            [
                str(record["sla"]),
                str(record["ticket"]),
                _duration(int(record["remaining_seconds"])),
                str(record["deadline"] or "-"),
                message(language, state),
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines.extend(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows
    )
    if len(records) > limit:
        lines.append(message(language, "at_risk.more", count=len(records) - limit))
    budgets = list({b.sla_id: b for b in view.budgets}.values())  # each SLA's last period
    if budgets:
        lines.append(message(language, "at_risk.budgets"))
        lines.extend(
            f"  {b.sla_id} {b.period}: {b.counted} / {b.allowed} / {b.missed} / {b.remaining}"
            f" / {b.burn_rate if b.burn_rate is not None else '-'}"
            for b in budgets
        )
        lines.append(
            "  ("
            + " / ".join(
                message(language, key)
                for key in (
                    "column.counted",
                    "column.allowed_misses",
                    "column.misses",
                    "column.budget_left",
                    "column.burn_rate",
                )
            )
            + ")"
        )
    return [*lines, ""]


def _run_at_risk(args: argparse.Namespace, out: TextIO) -> int:
    if args.tickets is None:
        raise InvalidValueError("--tickets", None, "--at-risk needs --tickets FILE")
    portfolio = load(args.portfolio, Portfolio)
    tickets = _tickets(args.tickets, portfolio)
    wanted = set(args.contract or ())
    parts: list[str] = []
    documents = []
    for contract in portfolio.contracts:
        if not contract.slas or (wanted and contract.id not in wanted):
            continue
        log = tickets.log(contract.id)
        if log is None:
            continue
        as_of = (
            end_of_day(args.as_of, contract.zone)
            if args.as_of is not None
            else dt.datetime.now(dt.UTC)
        )
        view = at_risk(contract, log, as_of)
        if args.format == "json":
            documents.append({"contract": contract.id, **json.loads(view.to_json())})
        else:
            parts.extend(_text(contract.id, view, args.lang, args.limit))
    text = (
        json.dumps(documents, indent=2, ensure_ascii=False) + "\n"
        if args.format == "json"
        else "\n".join(parts)
    )
    if args.output is None:
        out.write(text)
    else:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise DocumentError([f"{args.output}: {error.strerror or error}"], "output") from None
    return 0


def with_at_risk(run: Run) -> Run:
    """The ``sla`` command's run: the at-risk view with ``--at-risk``, else ``run``."""

    def dispatch(args: argparse.Namespace, out: TextIO) -> int:
        if getattr(args, "at_risk", False):
            return _run_at_risk(args, out)
        return run(args, out)

    return dispatch
