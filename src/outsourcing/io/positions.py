"""Where a JSON path points in a document's text: the line and column shown next to ``$.path``.

Document errors are found on the parsed data and name their place by JSON path
(``$.contracts[0].slas[1].objective``). A person fixing a TOML or YAML file also wants the line.
Only when a text fails is it read a second time, to find where each path starts:

- YAML and JSON are composed with PyYAML (JSON is, for this purpose, YAML), whose nodes carry
  their position;
- TOML is scanned by a small reader of its tokens (headers, dotted keys, arrays of tables,
  inline tables and arrays), which tomllib does not expose.

A path is located as deep as the text allows: a missing key is shown at the object that lacks
it. A text that cannot be read this way (rare: PyYAML refusing a JSON text) gets no positions.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator

import yaml

__all__ = ["Position", "add_positions", "path_segments"]

Position = tuple[int, int]
"""Line and column, from 1."""

Segment = str | int
_PATH = re.compile(r"^\$(?:\.[A-Za-z_]\w*|\[\d+\]|\[(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\])*")
_SEGMENT = re.compile(r"\.([A-Za-z_]\w*)|\[(\d+)\]|\[('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\]")


def path_segments(path: str) -> tuple[Segment, ...]:
    """``$.a[0]['b c']`` as ``("a", 0, "b c")``."""
    segments: list[Segment] = []
    for name, index, quoted in _SEGMENT.findall(path[1:]):
        if name:
            segments.append(name)
        elif index:
            segments.append(int(index))
        else:
            segments.append(ast.literal_eval(quoted))
    return tuple(segments)


# --- YAML and JSON ----------------------------------------------------------------------------


def _yaml_positions(
    text: str, paths: list[tuple[Segment, ...]]
) -> dict[tuple[Segment, ...], Position]:
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError, ValueError):
        return {}
    found: dict[tuple[Segment, ...], Position] = {}
    for path in paths:
        node = root
        mark = None if node is None else node.start_mark
        for segment in path:
            if isinstance(node, yaml.MappingNode):
                pair = next(
                    (
                        (key, value)
                        for key, value in node.value
                        if isinstance(key, yaml.ScalarNode) and key.value == str(segment)
                    ),
                    None,
                )
                if pair is None:
                    break
                mark, node = pair[0].start_mark, pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(segment, int):
                if not 0 <= segment < len(node.value):
                    break
                node = node.value[segment]
                mark = node.start_mark
            else:
                break
        if mark is not None:
            found[path] = (mark.line + 1, mark.column + 1)
    return found


# --- TOML -------------------------------------------------------------------------------------

_TOML_TOKEN = re.compile(
    r"(?P<nl>\n)|(?P<ws>[ \t\r]+)|(?P<comment>#[^\n]*)"
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\')'
    r"|(?P<punct>[\[\]{}=,.])|(?P<bare>[^\s\[\]{}=,.#\"']+)",
    re.DOTALL,
)


class _TomlScanner:
    """Reads TOML tokens and records where each value's path starts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [
            (match.lastgroup or "", match.group(), match.start())
            for match in _TOML_TOKEN.finditer(text)
            if match.lastgroup not in {"ws", "comment"}
        ]
        self.index = 0
        self.found: dict[tuple[Segment, ...], Position] = {}
        self.arrays: dict[tuple[Segment, ...], int] = {}  # arrays of tables: next index
        self.current: dict[tuple[str, ...], tuple[Segment, ...]] = {}  # latest table by names

    def position(self, offset: int) -> Position:
        line = self.text.count("\n", 0, offset) + 1
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.index] if self.index < len(self.tokens) else ("end", "", 0)

    def take(self) -> tuple[str, str, int]:
        token = self.peek()
        self.index += 1
        return token

    def record(self, path: tuple[Segment, ...], offset: int) -> None:
        self.found.setdefault(path, self.position(offset))

    def key(self) -> list[tuple[str, int]]:
        """A dotted key: its parts and where each starts (the token after it is left)."""
        parts: list[tuple[str, int]] = []
        while True:
            kind, value, offset = self.peek()
            if kind not in {"string", "bare"}:
                return parts
            self.take()
            parts.append((_unquote(value) if kind == "string" else value, offset))
            if self.peek()[1] != ".":
                return parts
            self.take()

    def resolve(self, names: tuple[str, ...]) -> tuple[Segment, ...]:
        """The path of a table named by a header, arrays of tables at their latest item."""
        for length in range(len(names), 0, -1):
            if names[:length] in self.current:
                return self.current[names[:length]] + names[length:]
        return names

    def statements(self) -> None:
        table: tuple[Segment, ...] = ()
        while self.peek()[0] != "end":
            kind, value, _ = self.peek()
            if kind == "nl":
                self.take()
            elif value == "[":
                table = self.header()
            else:
                parts = self.key()
                path = table + tuple(name for name, _ in parts)
                for depth, (_, start) in enumerate(parts, start=1):
                    self.record(table + tuple(name for name, _ in parts[:depth]), start)
                if not parts or self.take()[1] != "=":
                    self.skip_line()
                    continue
                self.value(path)

    def header(self) -> tuple[Segment, ...]:
        _, _, start = self.take()
        array = self.peek()[1] == "[" and self.peek()[2] == start + 1
        if array:
            self.take()
        parts = self.key()
        self.take()
        if array:
            self.take()
        names = tuple(name for name, _ in parts)
        path = self.resolve(names[:-1]) + names[-1:] if names else ()
        if array:
            index = self.arrays.get(path, 0)
            self.arrays[path] = index + 1
            self.record(path, start)
            path = (*path, index)
        self.current[names] = path
        self.record(path, start)
        self.skip_line()
        return path

    def skip_line(self) -> None:
        while self.peek()[0] not in {"nl", "end"}:
            self.take()

    def value(self, path: tuple[Segment, ...]) -> None:
        _, value, offset = self.take()
        self.record(path, offset)
        if value == "[":
            index = 0
            while self.peek()[1] != "]" and self.peek()[0] != "end":
                if self.peek()[0] == "nl" or self.peek()[1] == ",":
                    self.take()
                    continue
                self.value((*path, index))
                index += 1
            self.take()
        elif value == "{":
            while self.peek()[1] != "}" and self.peek()[0] != "end":
                if self.peek()[1] == ",":
                    self.take()
                    continue
                parts = self.key()
                inner = path + tuple(name for name, _ in parts)
                for depth, (_, start) in enumerate(parts, start=1):
                    self.record(path + tuple(name for name, _ in parts[:depth]), start)
                if not parts or self.take()[1] != "=":
                    break
                self.value(inner)
            self.take()
        else:
            while self.peek()[1] not in {",", "]", "}"} and self.peek()[0] not in {"nl", "end"}:
                self.take()


def _unquote(text: str) -> str:
    if text.startswith(("'''", "'")):
        return text.strip("'")
    try:
        value: str = json.loads(text)
    except ValueError:
        return text.strip('"')
    return value


def _toml_positions(
    text: str, paths: list[tuple[Segment, ...]]
) -> dict[tuple[Segment, ...], Position]:
    scanner = _TomlScanner(text)
    try:
        scanner.statements()
    except (IndexError, RecursionError):
        return {}
    found: dict[tuple[Segment, ...], Position] = {}
    for path in paths:
        for length in range(len(path), -1, -1):
            if path[:length] in scanner.found:
                found[path] = scanner.found[path[:length]]
                break
    return found


# --- adding them to error lines ---------------------------------------------------------------


def _located_paths(errors: tuple[str, ...]) -> Iterator[tuple[str, tuple[Segment, ...]]]:
    for line in errors:
        match = _PATH.match(line)
        yield (match.group() if match else ""), (path_segments(match.group()) if match else ())


def add_positions(errors: tuple[str, ...], text: str, format: str) -> tuple[str, ...]:  # noqa: A002 - the readers' name
    """Each ``$.path: problem`` line with ``(line L, column C)`` after its path when found.

    Args:
        errors: The problems of a `DocumentError`, each starting with its JSON path.
        text: The document's text.
        format: ``"json"``, ``"toml"`` or ``"yaml"``.
    """
    located = list(_located_paths(errors))
    paths = [segments for prefix, segments in located if prefix]
    if not paths:
        return errors
    find = _toml_positions if format == "toml" else _yaml_positions
    found = find(text, paths)
    out: list[str] = []
    for line, (prefix, segments) in zip(errors, located, strict=True):
        where = found.get(segments) if prefix else None
        if where is None:
            out.append(line)
        else:
            out.append(f"{prefix} (line {where[0]}, column {where[1]}){line[len(prefix) :]}")
    return tuple(out)
