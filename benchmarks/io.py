"""Time reading and writing a large portfolio in JSON, TOML and YAML.

Run from the repository root: ``.venv/bin/python benchmarks/io.py``. The peers are the bare
format libraries on the same text: json, tomllib / tomli-w, and PyYAML's ``safe_load`` /
``safe_dump`` with libyaml when installed (``CSafeLoader``, ``CSafeDumper``), as we read and
write it. The ratio is what the nesting guard, validation and conversion to frozen objects cost
on top of parsing (below 1 for YAML: we build documents straight from libyaml's events, without
PyYAML's nodes). The YAML line also gives PyYAML's pure-Python loader on the same text, what we
used before reading with libyaml (target: YAML ``loads`` <= 1 s).
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

#: Size of the YAML text read (the issue's portfolio: 1.17 MB); copies of one generated contract
#: (the same on every run: generation is derandomised) are added until the text reaches it.
YAML_MB = 1.17
REPEAT = 3


def _one_contract() -> Portfolio:
    """A generated portfolio with one rich contract (no calendars: holidays are not I/O)."""
    found: list[Portfolio] = []

    @settings(
        max_examples=100,
        database=None,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
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
    per_contract = len(dumps(attrs.evolve(seed, contracts=[contract]), "yaml")) - len(
        dumps(attrs.evolve(seed, contracts=[]), "yaml")
    )
    count = int(YAML_MB * 1e6 / per_contract) + 1
    contracts = [attrs.evolve(contract, id=f"contract-{i}") for i in range(count)]
    return attrs.evolve(seed, contracts=contracts)


def _best(action: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> float:
    times = []
    for _ in range(REPEAT):
        start = clock()
        action()
        times.append(clock() - start)
    return min(times)


def main() -> None:
    portfolio = _large_portfolio()
    data = unstructure(portfolio)
    size = len(json.dumps(data)) / 1e6
    print(f"portfolio: {len(portfolio.contracts)} contracts, {size:.2f} MB of JSON")
    ours = {
        "structure": _best(lambda: structure(data, Portfolio)),
        "unstructure": _best(lambda: unstructure(portfolio)),
    }
    print(f"structure   {ours['structure'] * 1e3:8.1f} ms")
    print(f"unstructure {ours['unstructure'] * 1e3:8.1f} ms")
    peers: dict[str, tuple[Callable[[str], object], Callable[[object], str]]] = {
        "json": (json.loads, functools.partial(json.dumps, indent=2, ensure_ascii=False)),
        "toml": (tomllib.loads, tomli_w.dumps),  # type: ignore[dict-item]
        "yaml": (  # type: ignore[dict-item]
            functools.partial(yaml.load, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)),
            functools.partial(yaml.dump, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper)),
        ),
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
        if fmt == "yaml":
            # CPU time as well: on a shared machine the wall clock also counts waiting.
            cpu = _best(functools.partial(loads, text, Portfolio, fmt), time.process_time)
            pure = _best(functools.partial(yaml.load, text, Loader=yaml.SafeLoader))
            print(
                f"yaml: {len(text) / 1e6:.2f} MB, loads {read:.2f} s wall, {cpu:.2f} s CPU "
                f"(target <= 1 s); PyYAML's pure-Python safe_load alone {pure:.2f} s wall "
                f"({pure / read:.1f}x ours)"
            )


if __name__ == "__main__":
    main()
