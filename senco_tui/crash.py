"""A crash, if one still happens: its traceback goes to a private file, not the terminal.

A traceback shows the values it passed through: names, schools, note text. So it
is written 0600 into the data folder (private already), and the terminal gets one
line naming the file, for the user to send to whoever supports them if they choose.
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path

PREFIX = "crash-"


def save(data_dir: Path, error: BaseException) -> Path | None:
    """Write `error`'s traceback to data_dir/crash-YYYYMMDD-HHMMSS.txt (0600); None if
    it cannot be written (a full disk, no data folder): the one line then says so."""
    text = "".join(traceback.format_exception(error))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        Path(data_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
        for n in range(1, 100):
            path = Path(data_dir) / f"{PREFIX}{stamp}{'' if n == 1 else f'-{n}'}.txt"
            try:
                # O_EXCL: never into a file (or a link) someone else put there
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue
            with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as f:
                f.write(text)
            return path
    except OSError:
        pass
    return None


def message(path: Path | None) -> str:
    """The one line for the terminal (no traceback: it would show names and notes)."""
    if path is None:
        return ("unexpected error (a bug in senco-tui); its details could not be saved; "
                "run again with SENCO_TUI_DEBUG=1 to see them")
    return (f"unexpected error (a bug in senco-tui); the details are in {path} (they may "
            "include names and notes: share that file with care)")
