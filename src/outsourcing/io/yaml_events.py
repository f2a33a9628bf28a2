"""Plain data built straight from libyaml's events: YAML read about five times faster.

PyYAML's C loader parses with libyaml but still builds a node for every value, then a Python
constructor walks the nodes; that is most of its time. A document is plain data (mappings,
sequences, scalars), so `build_from_events` builds dicts, lists and values directly from the
parser's events, iteratively (no recursion, whatever the nesting), with the loader's own
resolver and scalar constructors (decimals, integers, dates, booleans, null), so the result
equals what the loader would build.

Anything unusual is left to the loader (`UnusualDocumentError`, then read the ordinary way):
explicit tags on collections (``!!set``, ``!!omap``, ``!!python/…``), merge keys (``<<``) and
collections used as keys. Aliases (``*name``) are refused here as by the loader.
"""

from __future__ import annotations

from typing import Any, Protocol

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

__all__ = ["EventLoader", "UnusualDocumentError", "build_from_events"]

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"


class UnusualDocumentError(Exception):
    """The document uses a feature left to the loader's ordinary reading."""


class EventLoader(Protocol):
    """What is used of a PyYAML loader: its events, resolver and scalar constructors."""

    yaml_constructors: dict[Any, Any]

    def get_event(self) -> Event:
        """The next parsing event."""

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: Any) -> str:  # noqa: ANN401 - PyYAML's pair of flags
        """The tag of a node without an explicit one."""


def _scalar(loader: EventLoader, event: ScalarEvent) -> object:
    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _STR:
        return event.value
    if tag == _MERGE:
        raise UnusualDocumentError(tag)
    constructors = loader.yaml_constructors
    construct = constructors.get(tag, constructors[None])  # None: unknown tags are refused
    marks = (event.start_mark, event.end_mark)  # libyaml's marks serve as PyYAML's
    node = yaml.ScalarNode(tag, event.value, *marks, event.style)  # type: ignore[arg-type]
    return construct(loader, node)


def _collection_tag(loader: EventLoader, event: MappingStartEvent | SequenceStartEvent) -> None:
    tag = event.tag
    if tag is None or tag == "!":
        return
    expected = _MAP if isinstance(event, MappingStartEvent) else _SEQ
    if tag != expected:
        raise UnusualDocumentError(tag)
    del loader


def build_from_events(loader: EventLoader) -> object:
    """The single document of the loader's stream as plain data (None for an empty stream).

    Raises:
        yaml.YAMLError: The text is not YAML, holds several documents or an alias, or a scalar
            cannot be constructed; with its position.
        UnusualDocumentError: The document needs the loader's ordinary reading.
    """
    containers: list[Any] = []  # the collections being built, innermost last
    keys: list[tuple[object] | None] = []  # for mappings: the key waiting for its value
    documents: list[object] = []
    while True:
        event = loader.get_event()
        kind = type(event)
        if kind is ScalarEvent:
            value = _scalar(loader, event)  # type: ignore[arg-type]
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            _collection_tag(loader, event)  # type: ignore[arg-type]
            containers.append({} if kind is MappingStartEvent else [])
            keys.append(None)
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value = containers.pop()
            keys.pop()
        elif kind is AliasEvent:
            raise yaml.composer.ComposerError(
                None,
                None,
                "aliases (*name) are not supported: repeat the value",
                event.start_mark,  # type: ignore[arg-type]
            )
        elif kind is DocumentStartEvent and documents:
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                None,
                "but found another document",
                event.start_mark,  # type: ignore[arg-type]
            )
        elif kind is StreamEndEvent:
            return documents[0] if documents else None
        else:
            continue
        _place(value, containers, keys, documents)


def _place(
    value: object,
    containers: list[Any],
    keys: list[tuple[object] | None],
    documents: list[object],
) -> None:
    """Put a finished value in the collection being built (or make it the document)."""
    if not containers:
        documents.append(value)
    elif isinstance(parent := containers[-1], list):
        parent.append(value)
    elif keys[-1] is None:
        if isinstance(value, list | dict):
            raise UnusualDocumentError("a collection as a key")
        keys[-1] = (value,)
    else:
        key = keys[-1]
        if key[0] in parent:  # a repeated key: the composing loader refuses it with its path
            raise UnusualDocumentError("a repeated key")
        parent[key[0]] = value
        keys[-1] = None
