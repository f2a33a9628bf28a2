"""The HTML report in a real browser: headless Chromium loads it, draws it and prints it.

Outside CI (the ``CI`` variable unset) the tests are skipped when no Chromium is installed;
in CI a missing browser is a failure (`.ci/run` installs Debian's ``chromium``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from demo_report import demo_report
from outsourcing.presentation import render_html

_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Flags for a quiet, offline, reproducible headless run.
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
)
#: A4 in PostScript points (210 mm x 297 mm).
_A4 = (595.28, 841.89)
#: A4's printable width in CSS pixels with the report's 12 mm side margins (186 mm at 96 dpi).
_A4_CONTENT_PX = 703
_CONSOLE = re.compile(r"CONSOLE|Uncaught|Failed to load resource|net::ERR_", re.IGNORECASE)


def _browser() -> str:
    for name in _BROWSERS:
        if found := shutil.which(name):
            return found
    if os.environ.get("CI"):
        pytest.fail("CI must run the browser test: install Debian's chromium (.ci/run does)")
    pytest.skip("no Chromium installed (apt-get install chromium); CI installs it and runs this")


@pytest.fixture(scope="module")
def browser() -> str:
    """The path of a Chromium executable (or the test is skipped, outside CI only)."""
    return _browser()


def _run(browser: str, page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Chromium on ``page`` with a fresh profile; its console messages go to stderr."""
    command = [
        browser,
        *_FLAGS,
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *args,
        page.as_uri(),
    ]
    # the command is ours: the browser found on PATH, fixed flags and a page we wrote
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)  # noqa: S603


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the demo report as a standalone HTML page, in English and French."""
    folder = tmp_path_factory.mktemp("report")
    for language in ("en", "fr"):
        (folder / f"report-{language}.html").write_text(render_html(demo_report(language)))
    return folder


def _console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if _CONSOLE.search(line)]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_report_loads_with_no_console_error_and_every_chart_drawn(
    browser: str, pages: Path, tmp_path: Path, language: str
) -> None:
    """The page loads without a console message, and each chart's SVG has drawn shapes."""
    page = pages / f"report-{language}.html"
    result = _run(browser, page, tmp_path / "profile", "--dump-dom")
    assert _console_errors(result.stderr) == []
    dom = result.stdout
    charts = re.findall(r'<svg[^>]*class="chart"[^>]*>(.*?)</svg>', dom, re.DOTALL)
    written = page.read_text().count('class="chart"')
    assert len(charts) == written >= 15  # five kinds of chart, three contracts
    for chart in charts:
        assert "<title" in chart
        assert re.search(r"<(path|rect|polygon|circle)\b", chart), chart[:200]


def test_the_console_check_sees_a_broken_page(browser: str, tmp_path: Path) -> None:
    """The console check is not blind: a page whose script fails is reported."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><html><body><script>undefinedChart()</script></body></html>")
    result = _run(browser, page, tmp_path / "profile", "--dump-dom")
    assert _console_errors(result.stderr) != []


def test_a_screenshot_of_the_report_is_not_blank(browser: str, pages: Path, tmp_path: Path) -> None:
    """The top of the page shows text and the charts' colours, not a white page."""
    shot = tmp_path / "report.png"
    page = pages / "report-en.html"
    size = "--window-size=1000,8000"  # down to the first charts, after the recommendation
    _run(browser, page, tmp_path / "profile", f"--screenshot={shot}", size)
    pixels = np.asarray(Image.open(shot).convert("RGB"))
    assert pixels.shape[:2] == (8000, 1000)
    ink = (pixels < 200).any(axis=2).mean()  # darker than light grey
    assert ink > 0.01  # at least 1 % of the page is drawn
    # the charts' first colour, Okabe-Ito blue #0072B2, is on screen
    blue = (np.abs(pixels.astype(int) - (0x00, 0x72, 0xB2)).sum(axis=2) < 30).sum()
    assert blue > 100  # a line, not a stray pixel


def test_the_report_prints_on_a4(browser: str, pages: Path, tmp_path: Path) -> None:
    """Printed to PDF, every page is A4 portrait."""
    pdf = tmp_path / "report.pdf"
    page = pages / "report-fr.html"
    _run(browser, page, tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert len(boxes) > 1
    for width, height in boxes:
        assert float(width) == pytest.approx(_A4[0], abs=1)
        assert float(height) == pytest.approx(_A4[1], abs=1)


def test_the_print_layout_fits_a4_width(browser: str, pages: Path, tmp_path: Path) -> None:
    """With the print style sheet applied, nothing is wider than A4's printable width."""
    html = (pages / "report-fr.html").read_text()
    assert "@media print{" in html
    probe = (
        "<script>document.body.dataset.overflow = String("
        "document.documentElement.scrollWidth - document.documentElement.clientWidth)</script>"
    )
    page = tmp_path / "print.html"
    page.write_text(
        html.replace("@media print{", "@media all{").replace("</body>", probe + "</body>")
    )
    size = f"--window-size={_A4_CONTENT_PX},1000"
    result = _run(browser, page, tmp_path / "profile", "--dump-dom", size)
    overflow = re.search(r'data-overflow="(-?\d+)"', result.stdout)
    assert overflow is not None
    assert int(overflow.group(1)) <= 0
