"""Run the ```python blocks of the README and every documentation page, each page in one namespace.

Also checks the README's quick start: two commands, the second being the one `.ci/run` runs.
"""

import re
import textwrap
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
_BLOCK = re.compile(
    r"^(?P<indent>[ \t]*)```python[ \t]*\n(?P<code>.*?)^(?P=indent)```[ \t]*$",
    re.DOTALL | re.MULTILINE,
)


def python_blocks(text: str) -> list[tuple[int, str]]:
    """The ```python blocks of a Markdown text: (line of the opening fence, dedented code)."""
    return [
        (text.count("\n", 0, match.start()) + 1, textwrap.dedent(match["code"]))
        for match in _BLOCK.finditer(text)
    ]


def run_page(page: Path, root: Path = ROOT) -> None:
    """Execute a page's blocks in order in one namespace; fail naming the page and block."""
    name = page.relative_to(root).as_posix()
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for number, (line, code) in enumerate(python_blocks(page.read_text(encoding="utf-8")), 1):
        try:
            exec(compile(code, f"{name}:{line}", "exec"), namespace)  # noqa: S102 - running our own documentation is the point
        except Exception as error:  # noqa: BLE001 - any failure is reported with its place
            pytest.fail(f"{name}, block {number} (line {line}): {type(error).__name__}: {error}")


PAGES = sorted(DOCS.rglob("*.md"))
README = ROOT / "README.md"
PAGES_WITH_CODE = [p for p in [README, *PAGES] if python_blocks(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_documentation_examples_run(page: Path) -> None:
    """Every Python example in the documentation runs and its assertions hold."""
    run_page(page)


def test_blocks_are_found_with_their_line_and_indentation() -> None:
    """Fenced python blocks are collected, indented ones dedented; other languages are not."""
    text = (
        "# T\n\n```python\nx = 1\n```\n\n```bash\nls\n```\n\n"
        "- item\n\n    ```python\n    y = x\n    ```\n"
    )
    assert python_blocks(text) == [(3, "x = 1\n"), (13, "y = x\n")]


def test_a_failing_block_names_its_page_and_number(tmp_path: Path) -> None:
    """A failing example fails the test with the page, the block number and the error."""
    page = tmp_path / "docs" / "failing.md"
    page.parent.mkdir()
    page.write_text("```python\nx = 1\n```\n\n```python\nassert x == 2, 'x is 1'\n```\n")
    expected = r"docs/failing.md, block 2 \(line 5\): AssertionError: x is 1"
    with pytest.raises(pytest.fail.Exception, match=expected):
        run_page(page, tmp_path)


def _nav_pages(nav: object) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, list):
        return set().union(*(_nav_pages(item) for item in nav))
    if isinstance(nav, dict):
        return set().union(*(_nav_pages(value) for value in nav.values()))
    return set()


def test_every_page_is_in_the_navigation() -> None:
    """Each Markdown page under docs/ is listed in mkdocs.yml's nav, and each nav entry exists."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    listed = _nav_pages(config["nav"])
    present = {p.relative_to(DOCS).as_posix() for p in PAGES}
    assert listed == present


def test_readme_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    """The quick start is one install-and-demo and one install-and-test command; CI runs the 2nd."""
    readme = README.read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^```bash\n(.*?)\n```$", quick_start, re.DOTALL | re.MULTILINE)
    assert commands == [
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/outsourcing demo",
        (
            "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]' && "
            ".venv/bin/python -m pytest -n 2 --cov --cov-report=term --cov-fail-under=90"
        ),
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[1] in ci
