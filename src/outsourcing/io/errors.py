"""Turn a failed structuring into one `DocumentError` listing every problem with its JSON path.

cattrs (with detailed validation) gathers the errors of every field of an object and of every
item of a list into trees of `ClassValidationError` and `IterableValidationError`, each leaf
annotated with the attribute name or the index it came from. This module walks such a tree and
writes one line per leaf: ``$.contracts[0].slas[1].objective: must be <= 100, got 150``.

Limit: attrs runs an object's validators inside its ``__init__`` and stops at the first one that
fails, and an object is only built once all its fields were structured. So each object reports
either the problems of its fields (all of them, at every depth), or, when they are all well
formed, the first cross-field or range problem its own validators find. Problems in sibling
objects are always all reported.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from decimal import Decimal

from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from outsourcing.exceptions import InvalidValueError, OutsourcingError, UnknownReferenceError

__all__ = [
    "LISTED_KEYS",
    "OmittedProblems",
    "count_problems",
    "describe_value",
    "document_problems",
    "json_path_key",
]

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SHOWN = 80
#: Unknown keys of one mapping listed by name (as many as a `DocumentError` lists).
LISTED_KEYS = 100


def json_path_key(path: str, key: object) -> str:
    """Extend a JSON path by a mapping key: ``$.a`` + ``b`` is ``$.a.b`` (``$.a['b c']``).

    A key longer than 80 characters is cut (``…``), so a hostile key cannot make an error
    message megabytes long.
    """
    if isinstance(key, str) and len(key) <= _SHOWN and _IDENTIFIER.match(key):
        return f"{path}.{key}"
    return f"{path}[{describe_value(key)}]"


def describe_value(value: object) -> str:
    """Show a bad value in an error message: numbers as written, text quoted, long ones cut."""
    if isinstance(value, Decimal):
        text = str(value)
    elif isinstance(value, bool) or value is None:
        text = {True: "true", False: "false", None: "null"}[value]
    elif isinstance(value, int):
        text = str(value)
    else:
        text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _field_suffix(field: str) -> str:
    """The path below the object of a qualified field name: ``SLA.objective`` -> ``.objective``.

    Names without a dot (``decimal``, ``Span``) name a value, whose path is already complete.
    """
    _, dot, rest = field.partition(".")
    if not dot:
        return ""
    return rest if rest.startswith("[") else "." + rest


class OmittedProblems(Exception):  # noqa: N818 - a count carried with the errors, not raised
    """Problems counted but not kept: the items of a long list that failed after the first ones.

    A list of a million invalid items keeps the errors of its first items only (enough for the
    first `DocumentError.LISTED` lines), and this count of the others, so an error about a
    hostile document takes bounded memory.

    Attributes:
        count: How many problems the omitted items had (with ``exact`` False: how many items
            had at least one).
        exact: Whether ``count`` counts every problem, or one per failing item.
    """

    def __init__(self, count: int, *, exact: bool = True) -> None:
        super().__init__(f"{count} more problem(s)")
        self.count = count
        self.exact = exact


def count_problems(error: BaseException) -> int:
    """How many problems a structuring error holds, omitted ones included (no text is built)."""
    if isinstance(error, BaseExceptionGroup):
        return sum(map(count_problems, error.exceptions))
    if isinstance(error, OmittedProblems):
        return error.count
    if isinstance(error, ForbiddenExtraKeysError):
        return len(error.extra_fields)
    return 1


def _leaf(error: BaseException, path: str) -> str:
    if isinstance(error, InvalidValueError):
        where = path + _field_suffix(error.field)
        return f"{where}: {error.reason}, got {describe_value(error.value)}"
    if isinstance(error, UnknownReferenceError):
        where = path + _field_suffix(error.field)
        reason = str(error).partition(": ")[2]
        return f"{where}: {reason}"
    if isinstance(error, OutsourcingError):
        return f"{path}: {error}"
    # Not ours: name the exception so that an unexpected failure is never mistaken for a
    # validation message (the fuzz tests look for these).
    return f"{path}: {type(error).__name__}: {error}"


def _walk(error: BaseException, path: str) -> Iterator[str]:
    if isinstance(error, ClassValidationError):
        with_notes, others = error.group_exceptions()
        for sub, note in with_notes:
            yield from _attribute(sub, note, path)
        for sub in others:
            yield from _walk(sub, path)
    elif isinstance(error, IterableValidationError):
        yield from _items(error, path)
    elif isinstance(error, ForbiddenExtraKeysError):
        # The first keys only: a mapping with a million unknown keys gives a bounded error (the
        # others are counted by `count_problems`).
        for key in heapq.nsmallest(LISTED_KEYS, error.extra_fields, key=repr):
            yield f"{json_path_key(path, key)}: unknown key"
    elif isinstance(error, OmittedProblems):
        return
    elif isinstance(error, BaseExceptionGroup):
        for member in error.exceptions:
            yield from _walk(member, path)
    else:
        yield _leaf(error, path)


def _items(error: IterableValidationError, path: str) -> Iterator[str]:
    items, others = error.group_exceptions()
    for sub, note in items:
        index = note.index
        where = f"{path}[{index}]" if isinstance(index, int) else json_path_key(path, index)
        yield from _walk(sub, where)
    for sub in others:
        yield from _walk(sub, path)


def _attribute(error: BaseException, note: AttributeValidationNote, path: str) -> Iterator[str]:
    where = json_path_key(path, note.name)
    if isinstance(error, KeyError) and error.args == (note.name,):
        yield f"{where}: required key missing"
    else:
        yield from _walk(error, where)


def document_problems(error: BaseException) -> list[str]:
    """Every problem found while structuring a document, one line each, prefixed by its path."""
    return list(dict.fromkeys(_walk(error, "$")))
