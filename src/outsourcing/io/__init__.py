"""Serialisation: model objects to and from plain data, JSON, TOML and YAML, and JSON Schema.

One cattrs converter (`outsourcing.io.converter`) defines how each type is written; errors in
a document are gathered into one `DocumentError` listing every problem with its JSON path.
"""

from outsourcing.io.documents import dump, dumps, load, loads, structure, unstructure
from outsourcing.io.formats import FORMATS, Format
from outsourcing.io.scenario import Scenario, apply_changes, load_scenario, loads_scenario
from outsourcing.io.schema import json_schema

__all__ = [
    "FORMATS",
    "Format",
    "Scenario",
    "apply_changes",
    "dump",
    "dumps",
    "json_schema",
    "load",
    "load_scenario",
    "loads",
    "loads_scenario",
    "structure",
    "unstructure",
]
