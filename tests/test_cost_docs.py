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
