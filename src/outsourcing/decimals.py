"""Decimal arithmetic under one declared context, whose failures name the input that caused them.

The engines compute money and factors in `Decimal` with a fixed precision and round half-up at
declared points. Absurd inputs (a growth of 10,000 % compounded for a century, a discount rate
of ``1E+400`` percent) make a result need more digits than the precision holds, or more than a
`Decimal` exponent allows. `computing` runs such a computation in a context of its own (the
caller's context, with traps switched off, could otherwise turn the failure into a silent NaN or
Infinity) and turns any decimal error into an `InvalidValueError` naming the field or parameter
responsible and its value.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    DecimalException,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)

from outsourcing.exceptions import InvalidValueError

__all__ = ["PRECISION", "computing", "exact_context"]

#: Significant digits the engines compute with: a single division never rounds before the
#: declared half-up rounding, for any amount the model accepts (below ``10**18``).
PRECISION = 60

#: Largest decimal exponent of any intermediate result (as the default context).
_EMAX = 999_999


def exact_context(precision: int = PRECISION) -> Context:
    """A context of ``precision`` digits that traps invalid operations, overflow and x / 0.

    Rounding (of divisions) is half-even, as Python's default; declared roundings pass their
    own mode to `Decimal.quantize`.
    """
    return Context(
        prec=precision,
        rounding=ROUND_HALF_EVEN,
        Emax=_EMAX,
        Emin=-_EMAX,
        traps=[InvalidOperation, Overflow, DivisionByZero],
    )


@contextmanager
def computing(
    field: str, value: object, reason: str | None = None, precision: int = PRECISION
) -> Iterator[None]:
    """Compute in `exact_context`; a decimal error becomes `InvalidValueError` on ``field``.

    Args:
        field: The field or parameter the computation depends on, e.g.
            ``CostAssumptions.annual_volume_growth`` or ``compare_costs.discount_rate``.
        value: Its value, shown in the message.
        reason: What is wrong, in words (by default: results too large to compute exactly).
        precision: Significant digits of the context.

    Raises:
        InvalidValueError: The computation overflowed or needed more than ``precision``
            significant digits.
    """
    try:
        with localcontext(exact_context(precision)):
            yield
    except DecimalException:
        default = "gives results too large to compute exactly"
        raise InvalidValueError(
            field, value, f"{reason or default} (beyond {precision} significant digits)"
        ) from None
