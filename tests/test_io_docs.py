"""The serialisation and testing pages: examples run, reference pages exist and are in the nav."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("page", ["serialisation.md", "testing.md"])
def test_page_examples_run(page: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Every python block of the page runs, top to bottom, in one namespace."""
    path = ROOT / "docs" / page
    blocks = re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) >= 3
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for block in blocks:
        exec(compile(block, str(path), "exec"), namespace)  # noqa: S102 - our own documentation
    capsys.readouterr()


@pytest.mark.parametrize("module", ["io", "testing"])
def test_reference_pages_exist_and_are_in_the_nav(module: str) -> None:
    """Each module has a reference page rendered by mkdocstrings and listed in mkdocs.yml."""
    page = ROOT / "docs" / "reference" / f"{module}.md"
    assert f"::: outsourcing.{module}" in page.read_text(encoding="utf-8")
    assert f"reference/{module}.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
