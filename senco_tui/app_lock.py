"""One meeting app per store at a time.

Two copies of the app on the same notes would each save their own version of a
question's notes, and the last one saved would silently win. The commands that
only read, or make one small change (export, senco add), do not take the lock.

The lock is the operating system's (flock, or msvcrt on Windows): it goes when
the process does, even after a crash, so a stale lock file never locks anyone out.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO

from senco_tui.errors import UserError

LOCK_NAME = "senco.lock"


class AlreadyOpen(UserError):
    """Another copy of the app has this store open."""


def take_for(paths) -> contextlib.AbstractContextManager:
    """The lock for the store these paths choose: the SQLite file's, or none for the shared
    store, where two people may have meetings open at once (each save is checked against
    the version it started from instead)."""
    if paths.store_url():
        return contextlib.nullcontext()
    return take(paths.data_dir)


def take(data_dir: Path) -> IO:
    """Hold the app's lock on `data_dir` until the returned file is closed."""
    data_dir = Path(data_dir)
    old = os.umask(0o077)
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle = open(data_dir / LOCK_NAME, "a+b")  # noqa: SIM115 (held open: it is the lock)
    except OSError as exc:
        raise UserError(f"{data_dir}: cannot use the data folder: {exc.strerror}") from None
    finally:
        os.umask(old)
    try:
        _lock(handle)
    except OSError:
        handle.close()
        raise AlreadyOpen(
            f"the meeting app is already open on {data_dir} (in another window or "
            "terminal): close it there first; two copies at once would overwrite each "
            "other's notes"
        ) from None
    return handle


def _lock(handle: IO) -> None:
    """Raises OSError at once when another process holds the lock."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
