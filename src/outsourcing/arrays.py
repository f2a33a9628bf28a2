"""Read-only numpy arrays: columns and results that cannot change after they are built.

Results are frozen attrs classes; their numpy columns are made read-only with `read_only`, so a
result shared between threads or cached (a compiled calendar, a ticket log) cannot be altered
in place by a caller.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np

__all__ = ["read_only"]

_Array = TypeVar("_Array", bound=np.ndarray)


def read_only(array: _Array) -> _Array:
    """The same array, with writing disabled (``array.flags.writeable`` is False)."""
    array.flags.writeable = False
    return array
