"""Static checks of `outsourcing.io`: reading is generic in the class asked for.

Type-checked by mypy (``mypy src tests typing_tests``), never run.
"""

from pathlib import Path
from typing import Any, assert_type

from outsourcing import (
    Contract,
    Money,
    Portfolio,
    Pricing,
    dump,
    dumps,
    json_schema,
    load,
    loads,
    structure,
    unstructure,
)


def reading_returns_the_class_asked_for(text: str, path: Path, data: object) -> None:
    assert_type(loads(text, Portfolio, "toml"), Portfolio)
    assert_type(loads(text, Contract), Contract)
    assert_type(load(path, Portfolio), Portfolio)
    assert_type(load("portfolio.yaml", Money), Money)
    assert_type(structure(data, Money), Money)
    assert_type(structure(data, tuple[Money, ...]), tuple[Money, ...])
    # A union such as Pricing is not a class: the result is not narrowed.
    assert_type(structure(data, Pricing), Any)
    assert_type(loads(text, Pricing, "yaml"), Any)


def writing(portfolio: Portfolio, path: Path) -> None:
    assert_type(dumps(portfolio, "toml"), str)
    assert_type(dump(portfolio, path), None)
    assert_type(unstructure(portfolio), Any)
    assert_type(json_schema(Portfolio), dict[str, Any])


def reading_refuses_what_is_not_a_class_or_a_format(text: str) -> None:
    _ = loads(text, Portfolio, "xml")  # type: ignore[call-overload]
    _ = loads(text, "Portfolio")  # type: ignore[call-overload]
    _ = structure({}, 3)  # type: ignore[call-overload]
    _ = dumps(text, "ini")  # type: ignore[arg-type]
