"""Writing the command's output file without ever destroying an input or leaving half a report.

Two rules, checked and applied here:

- An output path that is one of the command's input files (the same path, a path that resolves
  to it through ``..`` or a symbolic link, or a hard link to it) is refused before anything is
  read or written: ``outsourcing costs portfolio.toml -o portfolio.toml`` leaves the portfolio
  as it was.
- The output is written to a temporary file next to the target, flushed to disk, then renamed
  over the target in one step. A failure (a full disk, an interrupted run) leaves the previous
  file, or no file, never a truncated report. A file replaced keeps its permissions.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from outsourcing.exceptions import DocumentError, InvalidValueError

__all__ = ["refuse_overwriting_inputs", "write_atomically"]


def _same_file(output: Path, given: Path) -> bool:
    """Whether two paths name the same file (resolved paths, or one inode through hard links)."""
    try:
        if output.resolve() == given.resolve():
            return True
    except (OSError, RuntimeError, ValueError):  # a link loop, a NUL: the write refuses them
        return False
    with contextlib.suppress(OSError, ValueError):
        return output.exists() and given.exists() and output.samefile(given)
    return False


def refuse_overwriting_inputs(
    output: Path | str | None, inputs: Iterable[Path | str | None], option: str = "--output"
) -> None:
    """Raise when ``output`` (given with ``option``) would replace one of ``inputs``.

    Raises:
        InvalidValueError: ``output`` is an input file (field ``option``).
    """
    if output is None:
        return
    output = Path(output)
    for given in inputs:
        if given is not None and _same_file(output, Path(given)):
            raise InvalidValueError(
                option,
                str(output),
                f"is the input file {str(given)!r}: choose another output file",
            )


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file renamed over it.

    Raises:
        DocumentError: The file cannot be written (the message names it); nothing is left
            behind but the previous file, if there was one.
    """
    try:
        target = path.resolve()  # through a symbolic link: the file it names is replaced
    except (OSError, RuntimeError, ValueError) as error:  # a link loop, a NUL character
        reason = f"{str(path)!r}: cannot be written ({error})"
        raise DocumentError([reason], "output file") from None
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(mode)
        Path(temporary).replace(target)
        temporary = None
    except OSError as error:
        raise DocumentError([f"{path}: {error.strerror or error}"], "output file") from None
    except UnicodeEncodeError as error:
        reason = f"{path}: cannot be written as UTF-8 ({error.reason})"
        raise DocumentError([reason], "output file") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
