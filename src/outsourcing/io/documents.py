"""Read and write model objects: plain data, text and files in JSON, TOML or YAML."""

from __future__ import annotations

import os
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar, overload

import attrs
from cattrs.errors import ForbiddenExtraKeysError

from outsourcing.exceptions import DocumentError
from outsourcing.io.converter import CONVERTER
from outsourcing.io.errors import (
    LISTED_KEYS,
    OmittedProblems,
    document_problems,
    json_path_key,
)
from outsourcing.io.formats import Format, format_of, parse_text, write_text

__all__ = ["dump", "dumps", "load", "loads", "structure", "unstructure"]

T = TypeVar("T")


@overload
def structure(data: object, cls: type[T]) -> T: ...
@overload
def structure(data: object, cls: types.UnionType) -> Any: ...  # noqa: ANN401 - e.g. Pricing


def structure(data: object, cls: object) -> Any:
    """Build a model object from plain data (dicts, lists, strings, numbers, booleans, None).

    Args:
        data: The document, e.g. as parsed from JSON.
        cls: The model class to build, e.g. `Portfolio` (or the `Pricing` union).

    Returns:
        The validated, frozen object.

    Raises:
        DocumentError: The document does not describe a valid ``cls``; `DocumentError.errors`
            lists every problem found, each with its JSON path.
    """
    return _build(data, cls)


def unstructure(obj: object, cls: object = None) -> Any:  # noqa: ANN401 - any JSON shape
    """Turn a model object into plain data (the inverse of `structure`).

    Decimals, percentages, dates and durations become strings, frozensets sorted lists, pricing
    lines objects tagged by ``kind``.

    Args:
        obj: The object.
        cls: The type to write it as, when not its own class: ``unstructure(line, Pricing)``
            tags a pricing line with its ``kind``, as inside a contract.
    """
    return CONVERTER.unstructure(obj, unstructure_as=cls)


@overload
def loads(text: str, cls: type[T], format: Format = "json") -> T: ...
@overload
def loads(text: str, cls: types.UnionType, format: Format = "json") -> Any: ...  # noqa: ANN401 - e.g. Pricing


def loads(text: str, cls: object, format: Format = "json") -> Any:  # noqa: A002 - public name
    """Build a model object from JSON, TOML or YAML text.

    Args:
        text: The document.
        cls: The model class to build.
        format: ``"json"``, ``"toml"`` or ``"yaml"``.

    Raises:
        DocumentError: The text is malformed or does not describe a valid ``cls``.
        UnknownFormatError: ``format`` is not a known format.
    """
    return _build(parse_text(text, format), cls)


@overload
def load(path: str | os.PathLike[str], cls: type[T]) -> T: ...
@overload
def load(path: str | os.PathLike[str], cls: types.UnionType) -> Any: ...  # noqa: ANN401 - a union


def load(path: str | os.PathLike[str], cls: object) -> Any:
    """Build a model object from a file; the suffix names the format (``.json``, ``.toml``, …).

    Raises:
        DocumentError: The file is missing, unreadable, malformed or invalid; the messages
            name the file.
        UnknownFormatError: The suffix is not a known format.
    """
    where = Path(path)
    fmt = format_of(where)
    try:
        text = where.read_text(encoding="utf-8")
    except OSError as error:
        raise DocumentError([f"{where}: {error.strerror or error}"], "file") from None
    except UnicodeDecodeError as error:
        raise DocumentError([f"{where}: not UTF-8 text ({error.reason})"], "file") from None
    except ValueError as error:  # a NUL character in the path
        raise DocumentError([f"{str(where)!r}: not a usable file name ({error})"], "file") from None
    try:
        return _build(parse_text(text, fmt), cls)
    except DocumentError as error:
        what = f"{fmt.upper()} file {where}"
        raise DocumentError(error.errors, what, error.total, exact=error.exact) from error.__cause__


def dumps(obj: object, format: Format = "json") -> str:  # noqa: A002 - public name
    """Write a model object as JSON, TOML or YAML text.

    Raises:
        DocumentError: The object cannot be written in the format (TOML has no null).
        UnknownFormatError: ``format`` is not a known format.
    """
    if format == "toml":
        problems = list(_toml_unwritable_nulls(obj, "$"))
        if problems:
            raise DocumentError(problems, "TOML document")
    return write_text(unstructure(obj), format)


def dump(obj: object, path: str | os.PathLike[str]) -> None:
    """Write a model object to a file, in the format its suffix names.

    Raises:
        DocumentError: The file cannot be written, or the object cannot be written in that
            format.
        UnknownFormatError: The suffix is not a known format.
    """
    where = Path(path)
    text = dumps(obj, format_of(where))
    try:
        where.write_text(text, encoding="utf-8")
    except OSError as error:
        raise DocumentError([f"{where}: {error.strerror or error}"], "file") from None


def _build(data: object, cls: object) -> Any:  # noqa: ANN401 - the object ``cls`` describes
    try:
        result: Any = CONVERTER.structure(data, cls)  # type: ignore[arg-type]
    except Exception as error:
        problems = document_problems(error)
        omitted = list(_omitted(error))
        total = len(problems) + sum(part.count for part in omitted)
        exact = all(part.exact for part in omitted)
        what = f"{_name(cls)} document"
        raise DocumentError(problems, what, total, exact=exact) from error
    return result


def _omitted(error: BaseException) -> Iterator[OmittedProblems]:
    """The problems of ``error`` that were counted but not listed (see `OmittedProblems`)."""
    if isinstance(error, OmittedProblems):
        yield error
    elif isinstance(error, ForbiddenExtraKeysError) and len(error.extra_fields) > LISTED_KEYS:
        yield OmittedProblems(len(error.extra_fields) - LISTED_KEYS)
    elif isinstance(error, BaseExceptionGroup):
        for member in error.exceptions:
            yield from _omitted(member)


def _toml_unwritable_nulls(obj: object, path: str) -> list[str]:
    """None values whose field default is not None: TOML would read them back as the default."""
    problems: list[str] = []
    if isinstance(obj, tuple | list):
        for index, item in enumerate(obj):
            problems += _toml_unwritable_nulls(item, f"{path}[{index}]")
    elif attrs.has(cls := type(obj)):
        for field in attrs.fields(cls):
            if not field.init:
                continue
            value = getattr(obj, field.name)
            where = json_path_key(path, field.name)
            if value is None and field.default is not None and field.default is not attrs.NOTHING:
                problems.append(
                    f"{where}: TOML has no null and a missing key means {field.default!r}; "
                    "write this document in JSON or YAML"
                )
            else:
                problems += _toml_unwritable_nulls(value, where)
    return problems


def _name(cls: object) -> str:
    return getattr(cls, "__name__", None) or str(cls)
