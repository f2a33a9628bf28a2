from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_costs_page_examples_run(capsys: pytest.CaptureFixture[str]) -> None:
    """Every python block of docs/costs.md runs in order in one namespace, asserting figures."""
    path = DOCS / "costs.md"
    blocks = re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) >= 5
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(path), "exec"), namespace)  # noqa: S102 - our own documentation
    assert "EUR" in capsys.readouterr().out


@pytest.mark.parametrize("module", ["costs"])
def test_cost_reference_page_exists_and_is_in_the_nav(module: str) -> None:
    """The costs package has a reference page rendered by mkdocstrings and listed in mkdocs.yml."""
    page = DOCS / "reference" / f"{module}.md"
    assert f"::: outsourcing.{module}" in page.read_text(encoding="utf-8")
    nav = (DOCS.parent / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"reference/{module}.md" in nav
    assert "costs.md" in nav
