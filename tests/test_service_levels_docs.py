from __future__ import annotations

import re
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
]


def test_service_levels_page_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """Every python block of docs/service-levels.md runs, top to bottom, in one namespace."""
    path = DOCS / "service-levels.md"
    blocks = re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) >= 5
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(path), "exec"), namespace)  # noqa: S102 - our own documentation
    assert "breached" in capsys.readouterr().out


@pytest.mark.parametrize("module", MODULES)
def test_reference_pages_exist_and_are_in_the_nav(module: str) -> None:
    """Each SLA module has a reference page rendered by mkdocstrings and listed in mkdocs.yml."""
    page = DOCS / "reference" / f"{module}.md"
    assert f"::: outsourcing.{module}" in page.read_text(encoding="utf-8")
    nav = (DOCS.parent / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"reference/{module}.md" in nav
    assert "service-levels.md" in nav
