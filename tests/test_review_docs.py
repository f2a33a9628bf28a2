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
