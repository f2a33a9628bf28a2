"""Reference pages of io and testing exist and are in the nav (test_docs.py runs the pages)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("module", ["io", "testing"])
def test_reference_pages_exist_and_are_in_the_nav(module: str) -> None:
    """Each module has a reference page rendered by mkdocstrings and listed in mkdocs.yml."""
    page = ROOT / "docs" / "reference" / f"{module}.md"
    assert f"::: outsourcing.{module}" in page.read_text(encoding="utf-8")
    assert f"reference/{module}.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
