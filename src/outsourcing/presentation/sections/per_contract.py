"""A section made of one group of blocks per contract, each under the contract's title."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from outsourcing.model.contract import Contract
from outsourcing.presentation.document import Block, Section
from outsourcing.presentation.formatting import Formatter
from outsourcing.presentation.messages import message

__all__ = ["per_contract_section"]

R = TypeVar("R")


def per_contract_section(
    key: str,
    results: Sequence[tuple[Contract, R]],
    blocks: Callable[[Contract, R, Formatter], list[Block]],
    formatter: Formatter,
) -> Section:
    """A section titled by the message ``<key>.title``, with each contract's blocks in turn."""
    content: list[Block] = []
    for contract, result in results:
        content.extend(blocks(contract, result, formatter))
    return Section(key, message(formatter.language, f"{key}.title"), content)
