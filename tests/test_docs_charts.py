"""The charts shown in the documentation are the report's, generated here, never pasted.

Run with ``UPDATE_DOCS_CHARTS=1`` to write them again after a change to the charts.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from demo_report import demo_report
from outsourcing.presentation.document import Chart, Timeline
from outsourcing.presentation.svg import chart_svg, timeline_svg

CHARTS = Path(__file__).resolve().parent.parent / "docs" / "assets" / "charts"
#: The demo's charts shown in docs/how-to/read-the-report.md.
SHOWN = (
    "sla-atlas-finance",
    "credits-atlas-finance",
    "cost-atlas-finance",
    "band-atlas-finance",
    "timeline-tana-care",
)


def _drawn(key: str) -> str:
    report = demo_report("en")
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, Chart) and block.key == key:
                return chart_svg(block, report.formatter) + "\n"
            if isinstance(block, Timeline) and block.key == key:
                return timeline_svg(block, report.formatter) + "\n"
    raise AssertionError(key)


@pytest.mark.parametrize("key", SHOWN)
def test_documented_chart_is_the_reports(key: str) -> None:
    """Each SVG in docs/assets/charts is what the demo report draws today."""
    path = CHARTS / f"{key}.svg"
    drawn = _drawn(key)
    if os.environ.get("UPDATE_DOCS_CHARTS"):
        path.write_text(drawn, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == drawn, (
        f"{path.name} is out of date: UPDATE_DOCS_CHARTS=1 .venv/bin/python -m pytest "
        "tests/test_docs_charts.py"
    )
