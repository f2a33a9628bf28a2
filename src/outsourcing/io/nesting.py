"""How deeply a TOML or YAML text nests, measured on the text before any parser sees it.

(JSON is parsed first: Python's JSON reader guards its own recursion; when it gives up, the
same measure says where the text went too deep.)

Parsers build nested values by recursion: tomllib (and PyYAML's pure-Python loader) would raise
`RecursionError` on a text nested a thousand levels deep, and PyYAML's C composer recurses in C,
where too deep a text would crash the interpreter instead. `nesting_problem` scans the text
(strings and comments are skipped, so brackets inside them do not count) and reports where it
first goes deeper than `MAX_NESTING` levels; the readers refuse such a text without parsing it.

Our documents nest about ten levels (portfolio, contract, SLA, credit regime, tier…);
`MAX_NESTING` leaves ten times that.

What counts as a level:

- TOML: each array ``[`` and inline table ``{`` open at that point (table headers such as
  ``[[contracts.slas]]`` are not nesting: their depth comes from dotted keys, which tomllib
  reads without recursion).
- YAML: each block indentation level (a ``- `` or ``? `` entry opens one too) plus each flow
  ``[`` and ``{`` open at that point; block scalars (``|``, ``>``) are text, not levels.
"""

from __future__ import annotations

import re

__all__ = ["MAX_NESTING", "nesting_problem"]

#: Deepest nesting a TOML or YAML document may have.
MAX_NESTING = 100

# TOML tokens that matter for nesting: strings (multi-line first), comments, brackets.
_TOML_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''.*?'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[\[\]{}]",
    re.DOTALL,
)
_TOML_HEADER = re.compile(r"^[ \t]*(\[)\[?[^\]\n]*\]\]?[ \t]*(?:#[^\n]*)?$", re.MULTILINE)


def _position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (from 1) of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _problem(text: str, offset: int) -> str:
    line, column = _position(text, offset)
    return f"line {line}, column {column}: nested more than {MAX_NESTING} levels deep"


def _toml_problem(text: str) -> str | None:
    headers = {match.start(1) for match in _TOML_HEADER.finditer(text)}
    header_end = -1
    depth = 0
    for token in _TOML_TOKENS.finditer(text):
        start = token.start()
        if start in headers:
            end = text.find("\n", start)
            header_end = len(text) if end < 0 else end
        if start <= header_end:
            continue
        kind = token.group()
        if kind in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return _problem(text, start)
        elif kind in "]}":
            depth = max(0, depth - 1)
    return None


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _json_problem(text: str) -> str | None:
    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        kind = token.group()
        if kind in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return _problem(text, token.start())
        elif kind in "]}":
            depth = max(0, depth - 1)
    return None


_YAML_FLOW = re.compile(r"[\[\]{}]")
_YAML_ENTRY = re.compile(r"(?:[-?](?:[ \t]+|$))")
_YAML_BLOCK_SCALAR = re.compile(r"(?:^|[ \t:-])[|>][-+0-9]*[ \t]*(#.*)?$")
_QUOTE_OPENERS = frozenset(" \t[{,:")


def _flow_depth(line: str, depth: int) -> tuple[int, int | None]:
    """Flow depth after ``line`` and the column where it first went too deep (quotes skipped).

    A quoted scalar is taken to end on its line: a multi-line one only makes the count err
    on the side of depth.
    """
    quote = ""
    previous = " "
    for column, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"" and previous in _QUOTE_OPENERS:
            quote = char
        elif char == "#" and previous in " \t":
            break
        elif char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return depth, column
        elif char in "]}":
            depth = max(0, depth - 1)
        previous = char
    return depth, None


def _block_levels(indents: list[int], content: str, stripped: str) -> int:
    """Update the stack of block indentations with a line; return its deepest column.

    Each ``- `` or ``? `` entry at the start of the line opens a level at the column after it.
    """
    positions = [len(content) - len(stripped)]
    rest = stripped
    while entry := _YAML_ENTRY.match(rest):
        rest = rest[entry.end() :]
        positions.append(len(content) - len(rest))
    for position in positions:
        while indents and indents[-1] > position:
            indents.pop()
        if not indents or indents[-1] < position:
            indents.append(position)
    return positions[-1]


def _yaml_problem(text: str) -> str | None:
    indents: list[int] = []
    flow = 0
    scalar_parent: int | None = None
    offset = 0
    for line in text.splitlines(keepends=True):
        start = offset
        offset += len(line)
        content = line.rstrip("\r\n")
        stripped = content.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(content) - len(stripped)
        if scalar_parent is not None and indent > scalar_parent:
            continue  # a line of a block scalar: text
        scalar_parent = None
        if flow == 0:
            column = _block_levels(indents, content, stripped)
            if len(indents) > MAX_NESTING:
                return _problem(text, start + column)
            if _YAML_BLOCK_SCALAR.search(content):
                scalar_parent = indent
        if _YAML_FLOW.search(content):
            flow, deep = _flow_depth(content, flow)
            if deep is not None or len(indents) + flow > MAX_NESTING:
                return _problem(text, start + (deep or 0))
    return None


def nesting_problem(text: str, format: str) -> str | None:  # noqa: A002 - the readers' name
    """Where a TOML or YAML ``text`` first nests deeper than `MAX_NESTING`, or None.

    Args:
        text: The document.
        format: ``"toml"``, ``"yaml"`` or ``"json"`` (any other format: None).

    Returns:
        ``line L, column C: nested more than 100 levels deep``, or None.
    """
    if format == "toml":
        return _toml_problem(text)
    if format == "yaml":
        return _yaml_problem(text)
    if format == "json":
        return _json_problem(text)
    return None
