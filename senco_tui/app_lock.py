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
import time
from pathlib import Path
from typing import IO

from senco_tui.errors import UserError

LOCK_NAME = "senco.lock"


class AlreadyOpen(UserError):
    """Another copy of the app has this store open."""


class AppLock:
    """The held lock. Its file says whether the copy holding it is closing, so that a
    new start waits a moment for it instead of refusing."""

    def __init__(self, handle: IO):
        self._handle: IO | None = handle
        self._say(OPEN)

    def closing(self) -> None:
        """This copy is saving and about to release the lock."""
        self._say(CLOSING)

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file releases the lock
            self._handle = None

    close = release

    def __enter__(self) -> AppLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def _say(self, state: bytes) -> None:
        if self._handle is None:
            return
        try:  # after byte 0, which Windows locks (others could not read it)
            self._handle.seek(1)
            self._handle.write(state + b" %d\n" % os.getpid())
            self._handle.truncate()
            self._handle.flush()
        except OSError:
            pass  # only a hint for the next start


def take_for(paths) -> contextlib.AbstractContextManager:
    """The lock for the store these paths choose: the SQLite file's, or none for the shared
    store, where two people may have meetings open at once (each save is checked against
    the version it started from instead)."""
    if paths.store_url():
        return contextlib.nullcontext()
    return take(paths.data_dir)


OPEN, CLOSING = b"open", b"closing"
CLOSING_WAIT = 2.0  # seconds a start waits for a copy that is closing


def take(data_dir: Path, *, wait: float = CLOSING_WAIT) -> AppLock:
    """Hold the app's lock on `data_dir` until the returned lock is released.

    Held by a copy that is closing (saving its last notes), it is waited for up to
    `wait` seconds; held by one that is open, refused at once.
    """
    data_dir = Path(data_dir)
    old = os.umask(0o077)
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(data_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        handle = os.fdopen(fd, "r+b")
    except OSError as exc:
        raise UserError(f"{data_dir}: cannot use the data folder: {exc.strerror}") from None
    finally:
        os.umask(old)
    deadline = None
    while True:
        try:
            _lock(handle)
            return AppLock(handle)
        except OSError:
            now = time.monotonic()
            deadline = deadline or now + wait
            if now >= deadline or not _closing(handle):
                handle.close()
                raise AlreadyOpen(
                    f"the meeting app is already open on {data_dir} (in another window or "
                    "terminal): close it there first; two copies at once would overwrite "
                    "each other's notes"
                ) from None
            time.sleep(0.02)


def _closing(handle: IO) -> bool:
    try:
        handle.seek(1)
        return handle.read(len(CLOSING)) == CLOSING
    except OSError:
        return False


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
