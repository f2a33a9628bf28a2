"""pandas, imported lazily: it is an optional dependency (the ``notebook`` extra)."""

from __future__ import annotations

import importlib
from types import ModuleType

from outsourcing.exceptions import MissingDependencyError

__all__ = ["require_pandas"]


def require_pandas() -> ModuleType:
    """The pandas module, or `MissingDependencyError` saying how to install it."""
    try:
        return importlib.import_module("pandas")
    except ImportError:
        raise MissingDependencyError("pandas", "notebook") from None
