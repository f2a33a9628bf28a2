"""What-if scenarios: changes to a portfolio written by path, applied and validated as a document.

A change names a place in the portfolio's document (the same shape `unstructure` writes and
`load` reads) and its new value::

    apply_changes(portfolio, {"contracts[tana-care].pricing[0].tiers[0].unit_price": "2.185"})

Paths:

- fields are separated by dots, an optional ``$.`` in front (``$.client.phase``);
- a list item is selected by its position (``pricing[0]``) or by its ``id``, or failing that its
  ``name`` (``contracts[tana-care]``, ``pricing['Handled tickets']``);
- a missing item or field is an error naming the path as written:
  ``$.contracts[tana-care].pricing[7]: no such line (2 lines)``.

Values:

- plain data (text, numbers, booleans, lists, tables) replaces the value; model objects (a
  `Money`, a pricing line) and `Decimal` are written as `unstructure` writes them;
- an amount of money may be given as a number or decimal text (the currency is kept) or as text
  with its currency (``"2.185 EUR"``);
- decimal text of a whole number sets a whole-number field (``"6900"``);
- text starting with ``*`` multiplies a number or an amount: ``"*1.15"`` is +15 %.

The changed document is then built like a loaded one: every problem is reported at once in a
`DocumentError`, with the paths of the changes as written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from outsourcing.exceptions import DocumentError, InvalidValueError
from outsourcing.io.documents import structure, unstructure
from outsourcing.io.formats import Format, format_of, parse_text
from outsourcing.model._checks import to_decimal
from outsourcing.model.portfolio import Portfolio

__all__ = ["Scenario", "apply_changes", "load_scenario", "loads_scenario"]

_TOKEN = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[([^\]]*)\]")

#: What an item of a list is called in error messages, by the list's field name.
_ITEM_NAMES = {
    "contracts": "contract",
    "processes": "process",
    "providers": "provider",
    "pricing": "line",
    "lines": "line",
    "tiers": "tier",
    "slas": "SLA",
    "kpis": "KPI",
    "one_off_costs": "one-off cost",
    "milestones": "milestone",
}


def _changes(value: Mapping[str, object]) -> dict[str, object]:
    if not isinstance(value, Mapping):
        raise InvalidValueError("Scenario.changes", value, "must map paths to new values")
    return {str(path): new for path, new in value.items()}


@attrs.frozen
class Scenario:
    """A named set of changes to a portfolio, by path (see the module's conventions).

    Attributes:
        changes: New values by path, applied in order.
        name: A short name, e.g. ``cheaper``.
        description: What the scenario assumes, in words.
    """

    changes: dict[str, object] = attrs.field(converter=_changes, hash=False)
    name: str = ""
    description: str = ""

    def apply(self, portfolio: Portfolio) -> Portfolio:
        """The portfolio with this scenario's changes (`apply_changes`)."""
        return apply_changes(portfolio, self.changes)


def _item_name(field: str) -> str:
    return _ITEM_NAMES.get(field, "item")


def _parse(path: str) -> list[tuple[str, str | int]]:
    """Steps of ``path``: ("field", name) or ("item", position or id)."""
    text = path.strip().removeprefix("$")
    steps: list[tuple[str, str | int]] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or (match.group(1) is not None and match.group(0)[0] != "." and steps):
            raise DocumentError([f"{path!r}: cannot read {text[position:]!r}"], "scenario")
        if match.group(1) is not None:
            steps.append(("field", match.group(1)))
        else:
            raw = match.group(2).strip()
            quoted = len(raw) > 1 and raw[0] == raw[-1] and raw[0] in "'\""
            raw = raw[1:-1] if quoted else raw
            steps.append(("item", int(raw) if not quoted and re.fullmatch(r"-?\d+", raw) else raw))
        position = match.end()
    if not steps or steps[0][0] != "field":
        raise DocumentError([f"{path!r}: a path starts with a field name"], "scenario")
    return steps


def _find(items: list[Any], selector: str | int) -> int | None:
    """Position of the item selected by position, ``id`` or ``name``."""
    if isinstance(selector, int):
        return selector if 0 <= selector < len(items) else None
    for key in ("id", "name", "role"):
        for position, item in enumerate(items):
            if isinstance(item, dict) and item.get(key) == selector:
                return position
    return None


def _plain(value: object) -> object:
    """A change's value as document data."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return unstructure(value)


def _is_money(value: object) -> bool:
    return isinstance(value, dict) and set(value) == {"amount", "currency"}


def _number_text(value: Decimal) -> str | int:
    return int(value) if value == value.to_integral_value() else str(value)


def _scaled(current: object, factor_text: str, where: str) -> object:
    """``current`` (a number, decimal text or an amount) times the factor after ``*``."""
    try:
        factor = to_decimal(factor_text.lstrip("*× ").strip())
    except InvalidValueError:
        raise DocumentError(
            [f"{where}: {factor_text!r} is not a factor (write '*1.15')"], "scenario"
        ) from None
    if _is_money(current):
        assert isinstance(current, dict)  # noqa: S101 - narrowed by _is_money
        amount = to_decimal(current["amount"]) * factor
        return {"amount": str(amount), "currency": current["currency"]}
    if isinstance(current, int | str) and not isinstance(current, bool):
        try:
            number = to_decimal(current)
        except InvalidValueError:
            pass
        else:
            product = number * factor
            return _number_text(product) if isinstance(current, int) else str(product)
    raise DocumentError(
        [f"{where}: cannot multiply {current!r}, which is not a number or an amount"], "scenario"
    )


def _new_value(current: object, value: object, where: str) -> object:
    """The document value replacing ``current``."""
    if isinstance(value, str) and value.lstrip().startswith(("*", "×")):
        return _scaled(current, value, where)
    plain = _plain(value)
    if _is_money(current) and isinstance(plain, str | int) and not isinstance(plain, bool):
        assert isinstance(current, dict)  # noqa: S101 - narrowed by _is_money
        amount, _, currency = str(plain).strip().partition(" ")
        return {"amount": amount, "currency": currency.strip() or current["currency"]}
    if isinstance(current, int) and not isinstance(current, bool) and isinstance(plain, str):
        return _whole(plain)
    return plain


def _whole(text: str) -> object:
    """Decimal text of a whole number as an int (other text as is, for validation to refuse)."""
    try:
        number = to_decimal(text)
    except InvalidValueError:
        return text
    return int(number) if number == number.to_integral_value() else text


def _apply(document: dict[str, Any], path: str, value: object) -> tuple[str, str]:
    """Set ``value`` at ``path`` in ``document``; the concrete path and the written one."""
    steps = _parse(path)
    written = "$"
    concrete = "$"
    node: Any = document
    field = ""
    for number, (kind, key) in enumerate(steps):
        last = number == len(steps) - 1
        if kind == "field":
            assert isinstance(key, str)  # noqa: S101 - fields are names
            written, concrete, field = f"{written}.{key}", f"{concrete}.{key}", key
            if not isinstance(node, dict):
                raise DocumentError([f"{written}: no such field"], "scenario")
            if key not in node and not last:
                raise DocumentError([f"{written}: no such field"], "scenario")
            if last:
                node[key] = _new_value(node.get(key), value, written)
                return concrete, written
            node = node[key]
        else:
            written = f"{written}[{key}]"
            if not isinstance(node, list):
                raise DocumentError(
                    [f"{written}: {field or 'the value'} is not a list"], "scenario"
                )
            position = _find(node, key)
            if position is None:
                name = _item_name(field)
                count = f"{len(node)} {name}{'' if len(node) == 1 else 's'}"
                raise DocumentError([f"{written}: no such {name} ({count})"], "scenario")
            concrete = f"{concrete}[{position}]"
            if last:
                node[position] = _new_value(node[position], value, written)
                return concrete, written
            node = node[position]
    raise DocumentError([f"{path!r}: empty path"], "scenario")  # pragma: no cover


def _renamed(problem: str, paths: list[tuple[str, str]]) -> str:
    """A problem's path rewritten with the change's path as written (ids rather than indices)."""
    for concrete, written in sorted(paths, key=lambda pair: -len(pair[0])):
        if problem == concrete or problem.startswith(
            (concrete + ".", concrete + "[", concrete + ":")
        ):
            return written + problem[len(concrete) :]
    return problem


def apply_changes(portfolio: Portfolio, changes: Mapping[str, object]) -> Portfolio:
    """The portfolio with values changed by path, validated like a loaded document.

    Args:
        portfolio: The portfolio to change (left as it is: a new one is returned).
        changes: New values by path, applied in order (see the module's conventions).

    Returns:
        The changed portfolio.

    Raises:
        DocumentError: A path names nothing (``$.contracts[tana-care].pricing[7]: no such
            line``), or the changed document is not a valid portfolio; every problem is listed
            with the path of the change as written.
    """
    document = unstructure(portfolio)
    paths = [_apply(document, path, value) for path, value in _changes(changes).items()]
    try:
        changed: Portfolio = structure(document, Portfolio)
    except DocumentError as error:
        problems = [_renamed(problem, paths) for problem in error.errors]
        raise DocumentError(problems, "changed portfolio") from error
    return changed


def _scenario(data: object, where: str) -> Scenario:
    if not isinstance(data, dict) or not isinstance(data.get("changes"), dict):
        raise DocumentError([f"{where}: a scenario needs a [changes] table"], "scenario")
    unknown = sorted(set(data) - {"changes", "name", "description"})
    if unknown:
        raise DocumentError([f"$.{key}: unknown key" for key in unknown], where)
    name, description = data.get("name", ""), data.get("description", "")
    if not isinstance(name, str) or not isinstance(description, str):
        raise DocumentError(["$.name, $.description: must be text"], where)
    return Scenario(data["changes"], name=name, description=description)


def loads_scenario(text: str, format: Format = "toml") -> Scenario:  # noqa: A002 - public name
    """A scenario from TOML (or JSON, YAML) text: ``name``, ``description`` and ``[changes]``.

    Raises:
        DocumentError: The text is malformed or is not a scenario.
    """
    return _scenario(parse_text(text, format), "scenario")


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """A scenario from a file (``.toml``, ``.json``, ``.yaml``), see `loads_scenario`.

    Raises:
        DocumentError: The file is missing, malformed or is not a scenario.
    """
    where = Path(path)
    try:
        text = where.read_text(encoding="utf-8")
    except OSError as error:
        raise DocumentError([f"{where}: {error.strerror or error}"], "file") from None
    return _scenario(parse_text(text, format_of(where)), f"scenario file {where}")
