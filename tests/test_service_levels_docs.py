from __future__ import annotations

from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
MODULES = [
    "tickets",
    "timestamps",
    "periods",
    "measurement",
    "service_levels",
    "service_report",
    "credits",
    "termination",
    "late_delivery",
    "clock_replay",
    "availability",
    "kpis",
]


@pytest.mark.parametrize("module", MODULES)
def test_reference_pages_exist_and_are_in_the_nav(module: str) -> None:
    """Each SLA module has a reference page rendered by mkdocstrings and listed in mkdocs.yml."""
    page = DOCS / "reference" / f"{module}.md"
    assert f"::: outsourcing.{module}" in page.read_text(encoding="utf-8")
    nav = (DOCS.parent / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"reference/{module}.md" in nav
    assert "service-levels.md" in nav
