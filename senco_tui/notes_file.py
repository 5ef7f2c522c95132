"""Meeting notes as a file: a name for it, and writing it privately, all or nothing.

Used by `senco-tui export -o` and the app's export screen.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from senco_tui.errors import UserError
from senco_tui.meeting import MeetingNotes, plain


def file_name(notes: MeetingNotes) -> str:
    """2026-27-autumn-2-jane-smith.md (Siân O'Brien-Núñez: sian-o-brien-nunez)"""
    who = re.sub(r"[^a-z0-9]+", "-", plain(notes.senco.name)).strip("-") or "senco"
    year = notes.meeting.year.replace("/", "-")
    return f"{year}-{notes.meeting.half_term}-{who}.md"


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` as 0600, all or nothing: a temporary file, fsync, rename."""
    folder = path.parent
    if path.is_dir():
        raise UserError(f"{path} is a folder: give a file name, e.g. {path / 'notes.md'}")
    if path.exists() and not path.is_file():
        # never rename over a device or pipe such as /dev/stdout
        raise UserError(f"{path} is not a regular file; leave out -o to write to standard output")
    if not folder.is_dir():
        raise UserError(f"{folder}: no such folder (create it first)")
    import tempfile  # only here: it costs `export` to stdout 5 ms at start-up

    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise UserError(f"{path}: cannot write there: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise UserError(f"{path}: cannot write: {exc.strerror}") from None
        raise
    # make the rename itself durable where the platform allows it
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
