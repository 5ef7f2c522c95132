"""Time a terminal program from launch to a pattern on its screen, in a real pty.

Own timing code so the benchmark needs nothing outside this repo: the program
runs in a pseudo-terminal of a fixed size, its output is read as it comes, ANSI
control sequences are stripped, and the clock stops when the pattern shows.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time

ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[@-_]")


def first_screen(cmd: list[str], pattern: str, *, env: dict | None = None,
                 size: tuple[int, int] = (120, 40), timeout: float = 30.0) -> tuple[float, int]:
    """Seconds until `pattern` appears, and the child's peak RSS in KiB."""
    master, slave = os.openpty()
    cols, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows),
                **(env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=full_env,
                            start_new_session=True, close_fds=True)
    os.close(slave)
    seen = b""
    found = None
    needle = pattern.encode()
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            # cheap check first; strip escapes only when the raw bytes might hold it
            if needle in ANSI.sub(b"", seen[-200000:]):
                found = time.perf_counter() - start
                break
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.perf_counter() + 5
        while time.perf_counter() < deadline:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            # drain so the child is never blocked writing to a full pty
            if select.select([master], [], [], 0.02)[0]:
                with contextlib.suppress(OSError):
                    os.read(master, 65536)
        else:
            os.killpg(proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(proc.pid, 0)
        os.close(master)
    if found is None:
        tail = ANSI.sub(b"", seen)[-2000:].decode(errors="replace")
        raise RuntimeError(f"{pattern!r} never appeared on screen of {cmd}; last output:\n{tail}")
    return found, usage.ru_maxrss


def timed_run(cmd: list[str], *, env: dict | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of a plain command; stdout discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{cmd} failed: {err}")
    return elapsed, usage.ru_maxrss
