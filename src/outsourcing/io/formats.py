"""Text formats: JSON (stdlib), TOML (tomllib / tomli-w) and YAML (PyYAML's safe loader).

Readers parse decimal literals exactly (``12.50`` becomes ``Decimal("12.50")``, never a float),
so a document may write amounts and percentages as numbers or as strings. Writers produce the
converter's plain data: decimals as strings, dates and durations in ISO 8601.

TOML has no null: when writing TOML, keys whose value is None are left out, and when reading, a
key left out takes the field's default (None for fields that may be null). A null where the
field's default is not null (`ChronicRule.consecutive`, `ChronicRule.breaches`) cannot be
written in TOML: `dumps` says so; use JSON or YAML for such a document.

A key repeated in one mapping is refused in every format, with the path of the mapping (JSON
and YAML parsers would otherwise keep the last value silently; TOML refuses it itself). Text
longer than the limits of `outsourcing.io.limits` is refused before it is parsed.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Literal, get_args

import tomli_w
import yaml

from outsourcing.exceptions import DocumentError, UnknownFormatError
from outsourcing.io.errors import json_path_key
from outsourcing.io.limits import check_document_size
from outsourcing.io.nesting import nesting_problem
from outsourcing.io.yaml_events import UnusualDocumentError, build_from_events

__all__ = ["FORMATS", "Format", "format_of", "parse_text", "parse_yaml_documents", "write_text"]

Format = Literal["json", "toml", "yaml"]
"""A document format."""

FORMATS: tuple[Format, ...] = get_args(Format)
"""Every format, by name."""

_SUFFIXES: dict[str, Format] = {".json": "json", ".toml": "toml", ".yaml": "yaml", ".yml": "yaml"}


def check_format(name: object) -> Format:
    """Return ``name`` as a `Format`, or raise `UnknownFormatError`."""
    for known in FORMATS:
        if name == known:
            return known
    raise UnknownFormatError(name, FORMATS)


def format_of(path: str | PurePath) -> Format:
    """The format a file's suffix names (``.json``, ``.toml``, ``.yaml`` or ``.yml``)."""
    suffix = PurePath(path).suffix.lower()
    try:
        return _SUFFIXES[suffix]
    except KeyError:
        raise UnknownFormatError(suffix or str(path), tuple(_SUFFIXES)) from None


# Writing goes through libyaml when installed (our own data, of bounded depth).
_YamlDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

_ALIASES = "aliases (*name) are not supported: repeat the value"


def _yaml_duplicate_keys(root: yaml.Node) -> list[str]:
    """Keys repeated within one mapping of the composed graph, each with its path and line."""
    problems: list[str] = []
    stack: list[tuple[yaml.Node, str]] = [(root, "$")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[tuple[str, object]] = set()
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                child = json_path_key(path, name)
                if isinstance(name, str):
                    if (key.tag, name) in seen:
                        line = key.start_mark.line + 1
                        problems.append(f"{child}: duplicate key {name!r} (line {line})")
                    seen.add((key.tag, name))
                stack.append((value, child))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, f"{path}[{i}]") for i, item in enumerate(node.value))
    return sorted(problems)


class _DuplicateKeysError(yaml.YAMLError):
    """Keys repeated in a mapping (raised while composing; becomes a `DocumentError`)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = problems


def _refuse_duplicate_keys(node: yaml.Node | None) -> None:
    if node is not None and (duplicates := _yaml_duplicate_keys(node)):
        raise _DuplicateKeysError(duplicates)


class _DecimalSafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader, floats read as exact decimals.

    Aliases (``*name``) are refused: nested aliases make a small text expand into an enormous
    document (a "billion laughs"), which a service reading untrusted YAML must not walk. An alias
    makes the composed graph hold a node twice, so the constructor refuses the first node it is
    asked to build a second time. Tags other than YAML's own (``!!python/object``…) are refused
    by the safe constructor. A key repeated within a mapping is refused with its path.
    """

    def get_single_node(self) -> yaml.Node | None:
        """The document's node, refused when a mapping repeats a key."""
        node: yaml.Node | None = super().get_single_node()
        _refuse_duplicate_keys(node)
        return node

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.resolved_tags: dict[tuple[type[yaml.Node], str | None, tuple[bool, bool]], str] = {}

    def construct_object(self, node: yaml.Node, deep: bool = False) -> object:
        """Build a node's value; a node met a second time is an alias, refused."""
        if node in self.constructed_objects:
            raise yaml.composer.ComposerError(None, None, _ALIASES, node.start_mark)
        return super().construct_object(node, deep=deep)

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        """The tag of a node, memoised: without path resolvers it depends only on the arguments.

        Resolving (a regular expression per candidate tag) is otherwise half of the reading
        time once libyaml parses; a document repeats its keys and values many times.
        """
        key = (kind, value, implicit)
        tag = self.resolved_tags.get(key)
        if tag is None:
            tag = self.resolved_tags[key] = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        return tag


def _libyaml_nests_safely() -> bool:
    """Whether libyaml is installed and limits nesting itself (0.2.5 and later)."""
    try:
        from yaml import _yaml  # noqa: PLC0415 - optional: PyYAML built without libyaml

        version: tuple[int, int, int] = _yaml.get_version()
    except (ImportError, AttributeError):  # pragma: no cover - PyYAML without libyaml
        return False
    return version >= (0, 2, 5)


_YamlLoader: type[yaml.SafeLoader] = _DecimalSafeLoader
if _libyaml_nests_safely():
    from yaml._yaml import CParser

    class _DecimalCSafeLoader(CParser, _DecimalSafeLoader):
        """`_DecimalSafeLoader` with libyaml's parser and composer.

        Documents are built from its events (`outsourcing.io.yaml_events`, several times
        faster); its composer serves unusual documents. Used behind the nesting guard
        (`outsourcing.io.nesting`): libyaml's composer recurses in C, where too deep a text
        would crash the interpreter rather than raise `RecursionError`; libyaml 0.2.5 also
        refuses more than 1,000 levels itself.
        """

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self.resolved_tags = {}

        def get_single_node(self) -> yaml.Node | None:
            """Libyaml's node of the document, refused when a mapping repeats a key."""
            node: yaml.Node | None = CParser.get_single_node(self)
            _refuse_duplicate_keys(node)
            return node

    _YamlLoader = _DecimalCSafeLoader


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    text = str(loader.construct_scalar(node))  # type: ignore[arg-type]
    cleaned = text.replace("_", "").lower()
    special = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}
    try:
        return Decimal(special.get(cleaned, cleaned))
    except InvalidOperation:
        # YAML 1.1 sexagesimal floats (``1:30.5``): rare; go through PyYAML's own reading.
        return Decimal(repr(loader.construct_yaml_float(node)))  # type: ignore[arg-type]


_INTEGER = re.compile(r"[-+]?[0-9]+")


def _construct_integer(loader: yaml.SafeLoader, node: yaml.Node) -> int | Decimal:
    """An integer; one too long for Python's int conversion is kept as an exact `Decimal`.

    The converter then refuses it with its path (numbers beyond ±10^18 are refused).
    """
    try:
        number: int = loader.construct_yaml_int(node)  # type: ignore[arg-type]
    except ValueError:
        text = str(loader.construct_scalar(node)).replace("_", "")  # type: ignore[arg-type]
        if not _INTEGER.fullmatch(text):
            raise yaml.constructor.ConstructorError(
                None, None, "integer too long to read", node.start_mark
            ) from None
        return Decimal(text)
    return number


def _located(
    construct: Callable[[yaml.SafeLoader, yaml.Node], object],
) -> Callable[[yaml.SafeLoader, yaml.Node], object]:
    """A scalar constructor whose `ValueError` (``2024-02-30``) becomes a located YAML error."""

    def constructor(loader: yaml.SafeLoader, node: yaml.Node) -> object:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError) as error:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {node.value!r} ({error})", node.start_mark
            ) from None

    return constructor


_DecimalSafeLoader.add_constructor("tag:yaml.org,2002:float", _located(_construct_decimal))
_DecimalSafeLoader.add_constructor("tag:yaml.org,2002:int", _located(_construct_integer))
_DecimalSafeLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    _located(yaml.constructor.SafeConstructor.construct_yaml_timestamp),  # type: ignore[arg-type]
)


def _json_integer(text: str) -> int | Decimal:
    """An integer; one too long for Python's int conversion is kept as an exact `Decimal`."""
    try:
        return int(text)
    except ValueError:
        return Decimal(text)


class _JsonObject(dict[str, object]):
    """A JSON object in which a key was repeated; ``repeated`` lists those keys."""

    repeated: list[str]


def _json_object(pairs: list[tuple[str, object]]) -> _JsonObject:
    """Build a JSON object that repeats keys, remembering them (`json` keeps the last value)."""
    marked = _JsonObject(pairs)
    seen: set[str] = set()
    repeated: set[str] = set()
    for key, _ in pairs:
        (repeated if key in seen else seen).add(key)
    marked.repeated = sorted(repeated)
    return marked


def _json_duplicate_keys(data: object) -> list[str]:
    """Each repeated key of the parsed data with the path of its object."""
    problems: list[str] = []
    stack: list[tuple[object, str]] = [(data, "$")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            if isinstance(value, _JsonObject):
                problems += [
                    f"{json_path_key(path, key)}: duplicate key {key!r}" for key in value.repeated
                ]
            stack.extend((child, json_path_key(path, key)) for key, child in value.items())
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{i}]") for i, item in enumerate(value))
    return sorted(problems)


def _parse_json(text: str) -> object:
    repeated = False

    def object_hook(pairs: list[tuple[str, object]]) -> dict[str, object]:
        result = dict(pairs)
        if len(result) == len(pairs):  # the common case, kept short: one call per object
            return result
        nonlocal repeated
        repeated = True
        return _json_object(pairs)

    try:
        data = json.loads(
            text,
            parse_float=Decimal,
            parse_int=_json_integer,
            parse_constant=Decimal,
            object_pairs_hook=object_hook,
        )
    except json.JSONDecodeError as error:
        raise DocumentError(
            [f"line {error.lineno}, column {error.colno}: {error.msg}"], "JSON text"
        ) from None
    except RecursionError:
        problem = nesting_problem(text, "json") or "nested too deeply"
        raise DocumentError([problem], "JSON text") from None
    if repeated:
        raise DocumentError(_json_duplicate_keys(data), "JSON text")
    return data


def _refuse_deep(text: str, format: Format) -> None:  # noqa: A002 - the public name
    problem = nesting_problem(text, format)
    if problem is not None:
        raise DocumentError([problem], f"{format.upper()} text")


_LONG_INTEGER = re.compile(r"[0-9][0-9_]{4000,}")


def _parse_toml(text: str) -> object:
    _refuse_deep(text, "toml")
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise DocumentError([str(error)], "TOML text") from None
    except ValueError as error:
        # Python's limit on int conversion (4,300 digits): tomllib has no hook for integers.
        found = _LONG_INTEGER.search(text)
        if found is None:  # pragma: no cover - tomllib reports its other errors as such
            raise DocumentError([str(error)], "TOML text") from None
        line, column = _position(text, found.start())
        where = f"line {line}, column {column}"
        raise DocumentError(
            [f"{where}: integer too long to read (numbers must lie within ±10^18)"], "TOML text"
        ) from None
    except RecursionError:  # pragma: no cover - refused above; kept as a last resort
        raise DocumentError(["nested too deeply"], "TOML text") from None


def _position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (from 1) of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _load_yaml(text: str) -> object:
    """Plain data from YAML: with libyaml, straight from its events; else the loader's way."""
    if _YamlLoader is _DecimalSafeLoader:
        return yaml.load(text, Loader=_YamlLoader)  # noqa: S506 - a SafeLoader subclass
    loader = _YamlLoader(text)
    try:
        return build_from_events(loader)  # type: ignore[arg-type]
    except UnusualDocumentError:
        return yaml.load(text, Loader=_YamlLoader)  # noqa: S506 - a SafeLoader subclass
    finally:
        loader.dispose()


def _parse_yaml(text: str) -> object:
    _refuse_deep(text, "yaml")
    try:
        return _load_yaml(text)
    except _DuplicateKeysError as error:
        raise DocumentError(error.problems, "YAML text") from None
    except yaml.reader.ReaderError as error:
        # Unreadable characters are reported by offset: give the line and column instead.
        line, column = _position(text, error.position)
        raise DocumentError(
            [f"line {line}, column {column}: character {error.character!r} is not allowed"],
            "YAML text",
        ) from None
    except yaml.YAMLError as error:
        raise DocumentError([" ".join(str(error).split())], "YAML text") from None
    except RecursionError:
        raise DocumentError(["nested too deeply"], "YAML text") from None


def parse_yaml_documents(text: str) -> list[object]:
    """Every document of a YAML stream (``---`` separates them), read as `parse_text` reads one.

    Raises:
        DocumentError: As `parse_text`.
    """
    check_document_size(text, "YAML text", yaml=True)
    try:
        return list(yaml.load_all(text, Loader=_DecimalSafeLoader))
    except _DuplicateKeysError as error:
        raise DocumentError(error.problems, "YAML text") from None
    except yaml.YAMLError as error:
        raise DocumentError([" ".join(str(error).split())], "YAML text") from None
    except RecursionError:
        raise DocumentError(["nested too deeply"], "YAML text") from None


_PARSERS: dict[Format, Callable[[str], object]] = {
    "json": _parse_json,
    "toml": _parse_toml,
    "yaml": _parse_yaml,
}


def parse_text(text: str, format: Format) -> object:  # noqa: A002 - the public name of the choice
    """Parse a document into plain data (syntax errors raise `DocumentError`).

    Raises:
        DocumentError: The text is malformed, repeats a key within a mapping (every repeated
            key is listed with its path), or is longer than
            the size limits of `outsourcing.io.limits`.
    """
    parse = _PARSERS[check_format(format)]
    check_document_size(text, f"{format.upper()} text", yaml=format == "yaml")
    return parse(text)


def _without_nulls(data: object, path: str, problems: list[str]) -> object:
    """Drop None values from mappings (TOML has no null); note Nones TOML cannot express."""
    if isinstance(data, dict):
        return {
            key: _without_nulls(value, f"{path}.{key}", problems)
            for key, value in data.items()
            if value is not None
        }
    if isinstance(data, list):
        if any(item is None for item in data):
            problems.append(f"{path}: TOML cannot write a list holding null")
        return [_without_nulls(item, f"{path}[{i}]", problems) for i, item in enumerate(data)]
    return data


def _write_toml(data: object) -> str:
    if not isinstance(data, dict):
        raise DocumentError(
            [f"$: a TOML document must be a table, this value is written as {data!r}"],
            "TOML document",
        )
    problems: list[str] = []
    table = _without_nulls(data, "$", problems)
    assert isinstance(table, dict)  # noqa: S101 - a dict stays a dict
    if problems:
        raise DocumentError(problems, "TOML document")
    text: str = tomli_w.dumps(table)
    return text


def write_text(data: object, format: Format) -> str:  # noqa: A002 - the public name of the choice
    """Write plain data (as produced by the converter) in a format."""
    fmt = check_format(format)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "toml":
        return _write_toml(data)
    dumped: str = yaml.dump(data, Dumper=_YamlDumper, sort_keys=False, allow_unicode=True)
    return dumped
