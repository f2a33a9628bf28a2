"""Why, as data: a stable code and its parameters, for every renderer to write in its language.

Results keep their English sentence for people reading them in a console (``evidence``,
``reason``); a `Reason` beside it says the same thing as data, so a report in French (or any
language with a message for the code) writes it without parsing English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

import attrs

from outsourcing.model._checks import non_empty
from outsourcing.model.money import Money
from outsourcing.model.span import Span

__all__ = ["Reason", "ReasonValue"]

#: What a reason's parameter may be: a renderer formats each kind for its locale.
ReasonValue = str | int | Decimal | Money | Span | dt.date | tuple[str, ...]


def _params(
    params: Mapping[str, ReasonValue] | tuple[tuple[str, ReasonValue], ...],
) -> tuple[tuple[str, ReasonValue], ...]:
    return tuple(sorted(dict(params).items()))


@attrs.frozen
class Reason:
    """A stable code (``reversibility.tested``) and the values its sentence names.

    Attributes:
        code: What kind of reason it is; the same in every language and release.
        params: The values, by name, sorted by name.
    """

    code: str = attrs.field(validator=non_empty)
    params: tuple[tuple[str, ReasonValue], ...] = attrs.field(default=(), converter=_params)

    @classmethod
    def of(cls, code: str, **params: ReasonValue) -> Reason:
        """A reason with its parameters given by name."""
        return cls(code, params)

    @property
    def values(self) -> dict[str, ReasonValue]:
        """The parameters as a dict."""
        return dict(self.params)
