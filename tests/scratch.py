"""Where a test run's scratch goes: in memory (/dev/shm) when there is room.

Every store write the tests make is committed, and each commit waits for the disk
(fsync); on a disk-backed /tmp that was an eighth of the run's CPU (a fifth outside
tests/tui), in the kernel. Nothing the tests check depends on it: no test cuts the power,
and a full disk is an error the tests raise themselves.

tests/conftest.py sets the run's tmp dirs by it; `.ci/run` runs this file for the folder
of the PostgreSQL server it starts (it prints the folder to use).
"""

from __future__ import annotations

import os
from pathlib import Path

MEMORY = Path("/dev/shm")
MEMORY_FREE_AT_LEAST = 1 << 30  # a container's 64 MB /dev/shm is not enough: /tmp then


def in_memory() -> Path | None:
    """MEMORY, unless TMPDIR says where, or it is missing, read-only or small."""
    if os.environ.get("TMPDIR") or not MEMORY.is_dir():
        return None
    try:
        free = os.statvfs(MEMORY)
    except OSError:
        return None
    if free.f_bavail * free.f_frsize < MEMORY_FREE_AT_LEAST or not os.access(MEMORY, os.W_OK):
        return None
    return MEMORY


if __name__ == "__main__":
    print(in_memory() or os.environ.get("TMPDIR") or "/tmp")
