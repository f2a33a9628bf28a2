"""Time and memory to refuse hostile documents, each read by the real command in a fresh process.

Run from the repository root: ``.venv/bin/python benchmarks/hostile_documents.py``. Each case
writes a document, runs ``python -m outsourcing.cli.commands costs FILE`` on it and prints the
exit status, the wall-clock time, the processor time (user + system, less sensitive to other
work on the machine) and the peak resident memory of that process. The issue's budget for the
10**6-problem document is 10 s and 500 MB.

Cases:

- ``1e6 bad processes``: an 11 MB JSON whose 10**6 processes each have three problems;
- ``1e6 unknown keys``: a JSON client with 10**6 keys it does not have;
- ``YAML at the limit``: 512 Ki characters of YAML list items (the largest YAML read);
- ``YAML 1e6 keys``: a 15.8 MB YAML mapping, refused by its size;
- ``50 MB name``: a JSON name of 5 * 10**7 characters, refused by the document size.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from outsourcing.io.limits import MAX_YAML_DOCUMENT_CHARS  # noqa: E402 - after the path

CLIENT = {"name": "Verdier", "country": "FR", "currency": "EUR"}


def _bad_processes(path: Path) -> None:
    document = {"client": CLIENT, "processes": [{"id": 5} for _ in range(10**6)]}
    path.write_text(json.dumps(document), encoding="utf-8")


def _unknown_keys(path: Path) -> None:
    client = {**CLIENT, **{f"{i:x}": 0 for i in range(10**6)}}
    path.write_text(json.dumps({"client": client}), encoding="utf-8")


def _yaml_at_limit(path: Path) -> None:
    head = "client:\n  name: Verdier\n  country: FR\n  currency: EUR\nprocesses:\n"
    items = []
    size = len(head)
    while size < MAX_YAML_DOCUMENT_CHARS - 20:
        item = f"- id: {len(items)}\n"
        items.append(item)
        size += len(item)
    path.write_text(head + "".join(items), encoding="utf-8")


def _yaml_keys(path: Path) -> None:
    text = "client:\n" + "".join(f"  key{i:07d}: {i}\n" for i in range(10**6))
    path.write_text(text, encoding="utf-8")


def _huge_name(path: Path) -> None:
    client = {**CLIENT, "name": "x" * 5 * 10**7}
    path.write_text(json.dumps({"client": client}), encoding="utf-8")


CASES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "1e6 bad processes": ("bad.json", _bad_processes),
    "1e6 unknown keys": ("keys.json", _unknown_keys),
    "YAML at the limit": ("limit.yaml", _yaml_at_limit),
    "YAML 1e6 keys": ("keys.yaml", _yaml_keys),
    "50 MB name": ("name.json", _huge_name),
}


def _run(path: Path) -> tuple[int, float, float, float, str]:
    """Status, wall seconds, processor seconds, peak MB and first stderr line of the command."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        start = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "outsourcing.cli", "costs", str(path)],
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env=env,
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        first = (errors.read().splitlines() or [""])[0]
    cpu = usage.ru_utime + usage.ru_stime
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    return process.returncode, wall, cpu, peak_mb, first


def _write_all(folder: Path) -> None:
    """Write every case's document into ``folder`` (run in its own process, see `main`)."""
    for file_name, write in CASES.values():
        write(folder / file_name)


def main() -> None:
    """Print one line per case.

    The documents are written by a separate process: a child's peak memory counts its parent's
    at the time of the fork, so this process stays small while it runs the command.
    """
    if sys.argv[1:2] == ["--write"]:
        _write_all(Path(sys.argv[2]))
        return
    print(f"{'case':<20} {'MB':>6} {'exit':>4} {'wall s':>7} {'cpu s':>6} {'peak MB':>8}  message")
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(  # noqa: S603 - this script, to write the documents
            [sys.executable, __file__, "--write", folder], check=True
        )
        for name, (file_name, _) in CASES.items():
            path = Path(folder) / file_name
            size = path.stat().st_size / 1e6
            status, wall, cpu, peak, first = _run(path)
            print(
                f"{name:<20} {size:>6.1f} {status:>4} {wall:>7.2f} {cpu:>6.2f} {peak:>8.0f}  "
                f"{first.replace(folder, '')[:90]}"
            )


if __name__ == "__main__":
    main()
