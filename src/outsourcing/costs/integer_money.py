"""Money as scaled integers in numpy arrays: exact half-up rounding and an int64 overflow guard.

Amounts are counted in minor units (cents) and factors in millionths, as ``int64``. Every
product is checked against the int64 range before it is formed, from the largest magnitudes of
its operands; if it could overflow, the computation continues exactly in Python integers
(``object`` arrays), slower but never wrong.
"""

from __future__ import annotations

from typing import Any, overload

import numpy as np
import numpy.typing as npt

__all__ = ["INT64_MAX", "IntArray", "half_up", "largest", "product", "times"]

INT64_MAX = int(np.iinfo(np.int64).max)

IntArray = npt.NDArray[Any]
"""An int64 array, or an object array of Python ints once int64 could overflow."""


def largest(value: IntArray | int) -> int:
    """The largest magnitude in ``value``."""
    if isinstance(value, int):
        return abs(value)
    if value.size == 0:
        return 0
    return max(abs(int(value.max())), abs(int(value.min())))


def _exact(value: IntArray | int) -> IntArray | int:
    return value if isinstance(value, int) else value.astype(object)


def _in_place(result: IntArray | int, term: IntArray | int, position: int) -> bool:
    """Whether ``result × term`` may overwrite ``result``: a new int64 array of the full shape."""
    return (
        position >= 2  # the product of the first two factors is already a new array
        and isinstance(result, np.ndarray)
        and result.dtype == np.int64
        and np.broadcast_shapes(result.shape, np.shape(term)) == result.shape
    )


@overload
def product(first: int, *rest: int, bound: int | None = None) -> int: ...
@overload
def product(first: IntArray, *rest: IntArray | int, bound: int | None = None) -> IntArray: ...
@overload
def product(
    first: IntArray | int, *rest: IntArray | int, bound: int | None = None
) -> IntArray | int: ...
def product(
    first: IntArray | int, *rest: IntArray | int, bound: int | None = None
) -> IntArray | int:
    """The exact product of integer arrays and ints, in int64 when it fits, else Python ints.

    ``bound``, when given, is the largest magnitude of the first factor (known by the caller,
    which saves a pass over a large array).
    """
    factors = (first, *rest)
    product_bound = largest(first) if bound is None else bound
    for factor in rest:
        product_bound *= largest(factor)
    bound = product_bound
    fits = bound <= INT64_MAX
    result: IntArray | int = 1
    for position, factor in enumerate(factors):
        term = factor if fits else _exact(factor)
        if isinstance(result, np.ndarray) and _in_place(result, term, position):
            np.multiply(result, np.asarray(term), out=result)
        elif position == 0:
            result = term
        else:
            result = result * term
    if len(factors) == 1 and isinstance(result, np.ndarray):
        result = result.copy()
    return result


@overload
def half_up(
    numerator: int, denominator: int, *, bound: int | None = None, owned: bool = False
) -> int: ...
@overload
def half_up(
    numerator: IntArray,
    denominator: int | IntArray,
    *,
    bound: int | None = None,
    owned: bool = False,
) -> IntArray: ...
@overload
def half_up(
    numerator: IntArray | int, denominator: int, *, bound: int | None = None, owned: bool = False
) -> IntArray | int: ...
def half_up(
    numerator: IntArray | int,
    denominator: int | IntArray,
    *,
    bound: int | None = None,
    owned: bool = False,
) -> IntArray | int:
    """``numerator / denominator`` rounded half-up, for ``numerator >= 0`` and ``denominator > 0``.

    ``(n + d // 2) // d`` is exact for odd and even ``d`` alike: with ``n = q·d + r`` it adds 1
    to ``q`` exactly when ``2r >= d``. ``bound``, when given, is the largest magnitude of
    ``numerator`` (known by the caller, which saves a pass over a large array); ``denominator``
    may be an array of positive ints (one per element, broadcast). ``owned``: ``numerator`` is a
    temporary of the caller's, which may be overwritten with the result.
    """
    half = denominator // 2
    size = largest(numerator) if bound is None else bound
    if size + largest(half) > INT64_MAX:
        numerator = _exact(numerator)
        half = _exact(half)
    elif isinstance(numerator, np.ndarray) and numerator.dtype == np.int64 and np.ndim(half) == 0:
        # at most one new array: fresh large arrays cost page faults as much as the arithmetic
        rounded = np.add(numerator, half, out=numerator if owned else None)
        np.floor_divide(rounded, denominator, out=rounded)
        return rounded
    return (numerator + half) // denominator


def times(first: IntArray, first_bound: int, second: IntArray, second_bound: int) -> IntArray:
    """``first × second`` (broadcast), exact: int64 when the bounds allow it, else Python ints."""
    result: IntArray
    if first_bound * second_bound <= INT64_MAX:
        result = np.multiply(first, second)
    else:
        result = np.multiply(first.astype(object), np.asarray(second).astype(object))
    return result
