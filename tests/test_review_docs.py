from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("page", ["contract-review.md", "reversibility.md"])
def test_documentation_examples_run(page: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Every python block of the page runs, top to bottom, in one namespace."""
    path = DOCS / page
    blocks = re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) >= 2
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(path), "exec"), namespace)  # noqa: S102 - our own documentation
    assert capsys.readouterr().out


@pytest.mark.parametrize(
    "module",
    [
        "clause_catalogue",
        "contract_review",
        "consistency",
        "review_context",
        "reversibility",
        "governance",
    ],
)
def test_reference_pages_exist_and_are_in_the_nav(module: str) -> None:
    """Each module has a reference page rendered by mkdocstrings and listed in mkdocs.yml."""
    page = DOCS / "reference" / f"{module}.md"
    assert f"::: outsourcing.{module}" in page.read_text(encoding="utf-8")
    nav = (DOCS.parent / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"reference/{module}.md" in nav
