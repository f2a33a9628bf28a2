"""How long importing the package takes, against importing numpy, measured in the same run.

Run from the repository root, after the README's test command has created ``.venv``:

    .venv/bin/python benchmarks/import_time.py [--runs 15]

Each figure is the median wall time of fresh interpreter processes (warm: the files are in the
operating system's cache after the first run, which is not counted). Printed:

- ``import outsourcing`` (target <= 0.3 s) and its ratio to ``import numpy``;
- ``from outsourcing import Portfolio, load`` (reading a portfolio file);
- ``from outsourcing import *`` (every public name, hence every engine);
- the five largest costs of the last, by module tree, from ``python -X importtime``.
"""

from __future__ import annotations

import argparse
import collections
import re
import statistics
import subprocess
import sys
import time

TARGET_SECONDS = 0.3
STATEMENTS = {
    "import numpy": "import numpy",
    "import outsourcing": "import outsourcing",
    "from outsourcing import Portfolio, load": "from outsourcing import Portfolio, load",
    "from outsourcing import *": "from outsourcing import *",
}
_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def wall_seconds(statement: str, runs: int) -> float:
    """Median wall time of ``python -c statement`` over ``runs`` processes (one warm-up)."""
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)  # noqa: S603 - ours
        if i:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def biggest_costs(statement: str, count: int = 5) -> list[tuple[str, float]]:
    """The ``count`` largest self times of ``-X importtime``, summed by top-level package."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and statement
        [sys.executable, "-X", "importtime", "-c", statement],
        check=True,
        capture_output=True,
        text=True,
    )
    totals: collections.Counter[str] = collections.Counter()
    for line in result.stderr.splitlines():
        match = _LINE.match(line)
        if match:
            name = match.group(4)
            parts = name.split(".")
            key = ".".join(parts[:2]) if parts[0] == "outsourcing" else parts[0]
            totals[key] += int(match.group(1))
    return [(name, micro / 1e6) for name, micro in totals.most_common(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    figures = {label: wall_seconds(code, args.runs) for label, code in STATEMENTS.items()}
    numpy = figures["import numpy"]
    for label, seconds in figures.items():
        print(f"{label:42} {seconds * 1000:7.1f} ms   ratio to import numpy {seconds / numpy:5.2f}")
    verdict = "met" if figures["import outsourcing"] <= TARGET_SECONDS else "NOT met"
    print(f"target: import outsourcing <= {TARGET_SECONDS} s: {verdict}")
    print("five biggest costs of `from outsourcing import *` (self time, by package):")
    for name, seconds in biggest_costs(STATEMENTS["from outsourcing import *"]):
        print(f"  {name:36} {seconds * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
