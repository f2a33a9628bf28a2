"""Time reading and writing a large portfolio in JSON, TOML and YAML.

Run from the repository root: ``.venv/bin/python benchmarks/io.py``. The peers are
the bare format libraries on the same text: json, tomllib / tomli-w, and PyYAML's pure-Python
``safe_load`` / ``safe_dump``. The ratio is what validation and conversion to frozen objects
cost on top of parsing (we read YAML with the pure-Python loader too, and write it with libyaml
when installed, hence a ratio below 1 for writing).
"""

import functools
import json
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import attrs
import tomli_w
import yaml
from hypothesis import HealthCheck, given, settings

from outsourcing import Contract, DocumentError, Portfolio, dumps, loads, structure, unstructure
from outsourcing.testing import strategies as ost

CONTRACTS = 200
REPEAT = 3


def _one_contract() -> Portfolio:
    """A generated portfolio with one rich contract (no calendars: holidays are not I/O)."""
    found: list[Portfolio] = []

    @settings(
        max_examples=100, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(ost.portfolios(currency="EUR", max_items=3, with_calendars=False))
    def keep(portfolio: Portfolio) -> None:
        document = unstructure(portfolio)
        if document["contracts"] and document["contracts"][0]["pricing"]:
            try:
                dumps(portfolio, "toml")
            except DocumentError:  # a null TOML cannot write: not comparable across formats
                return
            found.append(portfolio)

    keep()
    return max(found, key=lambda p: len(json.dumps(unstructure(p))))


def _large_portfolio() -> Portfolio:
    seed = _one_contract()
    contract: Contract = seed.contracts[0]
    contracts = [attrs.evolve(contract, id=f"contract-{i}") for i in range(CONTRACTS)]
    return attrs.evolve(seed, contracts=contracts)


def _best(action: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    portfolio = _large_portfolio()
    data = unstructure(portfolio)
    size = len(json.dumps(data)) / 1e6
    print(f"portfolio: {CONTRACTS} contracts, {size:.2f} MB of JSON")
    ours = {
        "structure": _best(lambda: structure(data, Portfolio)),
        "unstructure": _best(lambda: unstructure(portfolio)),
    }
    print(f"structure   {ours['structure'] * 1e3:8.1f} ms")
    print(f"unstructure {ours['unstructure'] * 1e3:8.1f} ms")
    peers: dict[str, tuple[Callable[[str], object], Callable[[object], str]]] = {
        "json": (json.loads, functools.partial(json.dumps, indent=2, ensure_ascii=False)),
        "toml": (tomllib.loads, tomli_w.dumps),  # type: ignore[dict-item]
        "yaml": (yaml.safe_load, yaml.safe_dump),
    }
    for fmt, (parse, write) in peers.items():
        text = dumps(portfolio, fmt)  # type: ignore[arg-type]
        parsed = parse(text)
        read = _best(functools.partial(loads, text, Portfolio, fmt))
        written = _best(functools.partial(dumps, portfolio, fmt))
        bare_read = _best(functools.partial(parse, text))
        bare_write = _best(functools.partial(write, parsed))
        print(
            f"{fmt}: loads {read * 1e3:8.1f} ms ({read / bare_read:5.2f}x bare parse), "
            f"dumps {written * 1e3:8.1f} ms ({written / bare_write:5.2f}x bare write)"
        )


if __name__ == "__main__":
    main()
