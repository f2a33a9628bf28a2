"""Size and build time of the demo report, in each language and format.

Run from the repository root: ``.venv/bin/python benchmarks/report.py``. Prints, per language,
the time to build the report (every section: classification, recommendation, costs with 2,000
Monte Carlo runs per contract, service levels from the sample's 4,437 ticket rows, KPIs,
review, reversibility, governance), the time to write it in each format and the size written;
for HTML also the number of inline SVG charts and their share of the page. No target and no peer.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from outsourcing.presentation import render
from outsourcing.presentation.report import build_report
from outsourcing.samples import (
    SAMPLE_AS_OF,
    sample_deliveries,
    sample_downtime,
    sample_portfolio,
    sample_tickets,
)

REPEATS = 3


def main() -> None:
    """Print the figures."""
    for language in ("en", "fr"):
        builds = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            report = build_report(
                sample_portfolio(),
                as_of=SAMPLE_AS_OF,
                language=language,
                tickets=sample_tickets(),
                downtime=sample_downtime(),
                deliveries=sample_deliveries(),
            )
            builds.append(time.perf_counter() - start)
        print(f"{language}: build (inputs read and every section) {min(builds):.2f} s")
        for output in ("html", "text", "md", "json"):
            start = time.perf_counter()
            text = render(report, output)
            took = time.perf_counter() - start
            size = len(text.encode("utf-8"))
            print(f"  {output:<5} render {took * 1000:7.1f} ms  {size / 1024:7.1f} KiB")
            if output == "html":
                charts = text.count("<svg")
                svg = sum(len(part.split("</svg>")[0]) for part in text.split("<svg")[1:])
                print(f"        {charts} inline SVG charts, {svg / len(text):.0%} of the page")


if __name__ == "__main__":
    main()
