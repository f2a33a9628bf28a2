"""The nearest-rank percentile rule, the one the library uses everywhere.

P*q* of *n* values is the ``ceil(q × n / 100)``-th smallest value (at least the first): an
exact value of the data, never an interpolation. Service levels (percentiles of measured
times) and costs (P10, P50, P90 of Monte Carlo runs) both read their ranks here.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["nearest_rank", "nearest_ranks"]


def nearest_rank(count: int, percentile: int) -> int:
    """The 0-based rank of the nearest-rank ``percentile`` of ``count`` sorted values.

    Of 10 values, P10, P50, P90 and P100 are at ranks 0, 4, 8 and 9; of 3 values, P50 is the
    ceil(1.5) = 2nd smallest, at rank 1.
    """
    return max(1, -(-percentile * count // 100)) - 1


def nearest_ranks(count: int, percentiles: Sequence[int]) -> list[int]:
    """The 0-based ranks of several nearest-rank percentiles of ``count`` sorted values."""
    return [nearest_rank(count, q) for q in percentiles]
