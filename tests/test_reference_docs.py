"""The API reference: one page per folder of the package, every public module on exactly one."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "outsourcing"
REFERENCE = ROOT / "docs" / "reference"


def _public_modules() -> set[str]:
    modules = set()
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if any(part.startswith("_") for part in parts):  # __init__, __main__, _checks
            continue
        modules.add(".".join(parts))
    return modules


def _rendered() -> dict[str, list[str]]:
    """Each module rendered by mkdocstrings (``::: module``), with the pages rendering it."""
    pages: dict[str, list[str]] = {}
    for page in sorted(REFERENCE.glob("*.md")):
        for module in re.findall(r"^::: (\S+)$", page.read_text(encoding="utf-8"), re.MULTILINE):
            pages.setdefault(module, []).append(page.name)
    return pages


def test_every_public_module_is_on_exactly_one_reference_page() -> None:
    """No module is left out of the reference, none is rendered twice."""
    rendered = _rendered()
    missing = _public_modules() - set(rendered)
    assert not missing
    assert {m: p for m, p in rendered.items() if len(p) > 1} == {}


def test_each_folder_has_its_page_in_the_navigation() -> None:
    """A folder's modules share its page; every reference page is listed in mkdocs.yml."""
    rendered = _rendered()
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for module, (page,) in rendered.items():
        parts = module.split(".")
        if len(parts) > 2 and (PACKAGE / "/".join(parts[1:-1])).is_dir():
            assert page == "-".join(parts[1:-1]) + ".md", module
        assert f"reference/{page}" in nav
    assert sorted(p.name for p in REFERENCE.glob("*.md")) == sorted(
        set(re.findall(r"reference/([\w-]+\.md)", nav))
    )
