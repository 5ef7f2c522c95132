"""Closing the terminal, in a real terminal (tmux): notes saved, lock released, process
gone within a second, every time.

The app is started in a tmux pane on temporary folders, notes are typed into a
meeting, and the window goes (kill-session: the pty is closed, as when a terminal
window is closed or an ssh connection drops). The one-second limit is the feature
under test, not a speed measurement: before the fix the app sometimes never ended.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from tui_helpers import meeting_ready, wait_until

from senco_tui import app_lock
from senco_tui.records import HALF_TERMS
from senco_tui.store import Store

RUNS = 30
GONE_WITHIN = 1.0  # seconds from the window closing to the process gone
# one meeting per run, so each run types into an empty notes box
MEETINGS = [(f"{2026 + k}/{27 + k}", half) for k in range(6) for half in HALF_TERMS]
SIZES = [(120, 40), (80, 24)]


class Tmux:
    """A tmux server of our own (own socket, no user config)."""

    def __init__(self, folder: Path):
        assert shutil.which("tmux"), "tmux is needed for this test (.ci/run installs it)"
        self.socket = str(folder / "tmux.sock")
        (folder / "tmux.conf").write_text("set -g remain-on-exit on\n")
        self.conf = str(folder / "tmux.conf")

    def __call__(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-S", self.socket, "-f", self.conf, *args],
                              capture_output=True, text=True, timeout=30)
        return done.stdout

    def start(self, name: str, command: list[str], size=(120, 40)) -> int:
        self("new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]),
             "exec " + shlex.join(command))
        return int(self("display", "-p", "-t", name, "#{pane_pid}"))

    def screen(self, name: str) -> str:
        return self("capture-pane", "-p", "-t", name)

    def wait_for(self, name: str, text: str, seconds: float = 30) -> str:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            shown = self.screen(name)
            if text in shown:
                return shown
            time.sleep(0.05)  # each look is a tmux client started: not too often
        raise AssertionError(f"{text!r} never appeared; the screen:\n{self.screen(name)}")

    def kill_server(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def gone_within(pid: int, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not alive(pid):
            return True
        time.sleep(0.005)
    return not alive(pid)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def new_store(data: Path) -> None:
    """A SENCo with no history: each meeting opens on its first question."""
    with Store.open(data) as store:
        store.add_senco("Jane Smith", "Hillside Academy", "secondary")


@pytest.fixture
def place(tmp_path):
    folder = Path(tempfile.mkdtemp(prefix="senco-tmux-"))  # short: a socket path
    data, config = tmp_path / "data", tmp_path / "config"
    new_store(data)
    tmux = Tmux(folder)
    yield tmux, data, config
    tmux.kill_server()
    shutil.rmtree(folder, ignore_errors=True)


def app_command(data: Path, config: Path, run: int = 0) -> list[str]:
    year, half_term = MEETINGS[run]
    return [sys.executable, "-m", "senco_tui", "--data-dir", str(data), "--config-dir",
            str(config), "meet", "--senco", "Jane Smith", "--year", year,
            "--half-term", half_term]


def all_notes(data: Path, run: int = 0) -> list[str]:
    """The notes saved in the run's meeting."""
    with Store.open(data) as store:
        senco = store.find_senco("Jane Smith")
        meeting = store.find_meeting(senco.id, *MEETINGS[run])
        return [a.notes for a in store.answers(meeting.id).values() if a.notes]


def type_notes(tmux: Tmux, name: str, words: str) -> None:
    """Open the editor on the current question and type; wait until they are on screen
    (the app has them), then close at once: well within the notes' 0.8 s debounce."""
    tmux.wait_for(name, "Notes  (")
    tmux("send-keys", "-t", name, "e")
    tmux.wait_for(name, "esc Leave editor")  # the editor has the keys
    tmux("send-keys", "-t", name, "-l", words)
    tmux.wait_for(name, words)


def lock_is_free(data: Path) -> bool:
    try:
        app_lock.take(data, wait=0).release()
    except app_lock.AlreadyOpen:
        return False
    return True


@pytest.mark.parametrize("run", range(RUNS))
def test_closing_the_window_saves_releases_and_ends_within_a_second_every_time(place, run):
    """RUNS closes in all, one test each (its own tmux and store), so the workers share
    them out."""
    tmux, data, config = place
    name = f"w{run}"
    pid = tmux.start(name, app_command(data, config, run), SIZES[run % 2])
    type_notes(tmux, name, f"run {run} kept")
    tmux("kill-session", "-t", name)  # the window closes
    late = not gone_within(pid, GONE_WITHIN)
    if late:
        os.kill(pid, 9)  # so the notes and the lock can still be checked
        gone_within(pid, 5)
    assert all_notes(data, run) == [f"run {run} kept"], f"run {run}: notes lost"
    assert lock_is_free(data), f"run {run}: the lock is still held"
    assert not late, f"run {run}: still running {GONE_WITHIN} s after the window closed"


def test_a_kill_saves_restores_the_terminal_and_ends_within_a_second(place):
    tmux, data, config = place
    for run, size in enumerate(SIZES):
        name = f"t{run}"
        pid = tmux.start(name, app_command(data, config, run), size)
        words = f"term {run} kept"
        type_notes(tmux, name, words)
        os.kill(pid, 15)
        assert gone_within(pid, GONE_WITHIN)
        assert all_notes(data, run) == [words]
        assert lock_is_free(data)
        # the terminal is given back: the app's screen (alternate screen) has gone
        assert "Notes  (" not in tmux.screen(name)


def test_a_terminal_gone_without_a_hangup_signal_ends_the_app_no_spinning(place):
    """The app in a session of its own gets no SIGHUP when the pty closes, only EOF on
    reading and EIO on writing: Textual's input thread then spun a core for ever."""
    tmux, data, config = place
    wrapper = ["setsid", "-w", *app_command(data, config)]
    session_leader = tmux.start("s", wrapper)
    words = "no hangup kept"
    type_notes(tmux, "s", words)
    children = Path(f"/proc/{session_leader}/task/{session_leader}/children").read_text()
    (pid,) = map(int, children.split())
    tmux("kill-session", "-t", "s")
    if not gone_within(pid, GONE_WITHIN):
        before = cpu_seconds(pid)
        time.sleep(1)
        burnt = cpu_seconds(pid) - before
        os.kill(pid, 9)
        raise AssertionError(f"still running after the terminal went; {burnt:.2f} s CPU "
                             "in the next second")
    assert all_notes(data) == [words]
    assert lock_is_free(data)


async def test_quitting_releases_the_lock_before_textual_shuts_down(paths):
    """ctrl+q saves, closes the store and lets the lock go at once: a new start in
    another window is not refused while this one restores its terminal."""
    from senco_tui.tui.app import SencoApp

    new_store(paths.data_dir)
    lock = app_lock.take(paths.data_dir)
    app = SencoApp(paths, meet=("Jane Smith", *MEETINGS[0]), lock=lock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("e", *"typed then quit")
        assert not lock_is_free(paths.data_dir)
        await pilot.press("ctrl+q")
        assert lock_is_free(paths.data_dir)  # the app has not finished closing yet
    assert all_notes(paths.data_dir) == ["typed then quit"]


async def ready(pilot) -> None:
    await wait_until(pilot, lambda: meeting_ready(pilot.app), "the meeting screen")


async def test_a_close_signal_says_closing_at_once_while_the_app_is_busy(paths):
    """The window closes while the app is still working through keys typed before it: the
    lock says "closing" from the signal handler itself, before the app gets to closing,
    so a start made meanwhile waits for this copy instead of refusing it."""
    import signal

    from senco_tui.tui.app import SencoApp

    new_store(paths.data_dir)
    lock = app_lock.take(paths.data_dir)
    app = SencoApp(paths, meet=("Jane Smith", *MEETINGS[0]), lock=lock)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        said = (paths.data_dir / app_lock.LOCK_NAME).read_bytes
        assert said()[1:].startswith(app_lock.OPEN)
        os.kill(os.getpid(), signal.SIGTERM)  # its handler runs before this test goes on
        # the loop has not had a turn: the app is still open, and the lock already says
        assert app.is_running
        assert said()[1:].startswith(app_lock.CLOSING)
