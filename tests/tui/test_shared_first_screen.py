"""The app on the shared store, in a real terminal (tmux): the home screen's SENCos come
from a glance read by a forked child (store/shared_glance.py), then the store is opened
fully and everything works; a store that cannot be opened says the same one line as
before. Only a real process forks (a pytest worker has threads), hence tmux."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import pytest
from postgres_server import conninfo
from test_terminal_close import Tmux, alive, gone_within

from senco_tui.store import StoreError, open_postgres


@pytest.fixture
def tmux():
    folder = Path(tempfile.mkdtemp(prefix="senco-tmux-"))  # short: a socket path
    server = Tmux(folder)
    yield server
    server.kill_server()
    shutil.rmtree(folder, ignore_errors=True)


def app(tmp_path: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "senco_tui", "--data-dir", str(tmp_path / "data"),
            "--config-dir", str(tmp_path / "config"), "--store", url]


def children(pid: int) -> list[int]:
    """The process's children still there (a zombie too)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def red_answers(url: str, name: str) -> int:
    """How many red answers the SENCo's meetings hold (waiting a while for the save)."""
    end = time.monotonic() + 10
    while True:
        with open_postgres(url) as store:
            senco = store.find_senco(name)
            assert senco is not None
            red = sum(a.status == "red" for a in store.senco_answers(senco.id))
        if red or time.monotonic() > end:
            return red
        time.sleep(0.1)


def test_first_screen_lists_the_sencos_then_the_store_works(tmp_path, tmux, line_manager_url):
    with open_postgres(line_manager_url) as store:
        store.add_senco("Jane Smith", "Hillside Academy", "secondary")
        store.add_senco("Ade Bello", "Brook Primary", "primary")
    pid = tmux.start("app", app(tmp_path, line_manager_url))
    shown = tmux.wait_for("app", "Hillside Academy")
    assert "Ade Bello" in shown and "Jane Smith" in shown
    # the store is then opened fully: a meeting starts, and is recorded in the store
    tmux.wait_for("app", "Start ")
    tmux("send-keys", "-t", "app", "s")
    tmux.wait_for("app", "Ade Bello ·")  # the meeting screen's title line
    tmux("send-keys", "-t", "app", "3")  # the first question: red, saved at once
    tmux.wait_for("app", "Red")
    assert red_answers(line_manager_url, "Ade Bello") == 1
    # the child that read the first screen is gone, zombie and all
    end = time.monotonic() + 10
    while children(pid) and time.monotonic() < end:
        time.sleep(0.05)
    assert children(pid) == []
    tmux("send-keys", "-t", "app", "C-q")
    assert gone_within(pid, 10), tmux.screen("app")
    assert not alive(pid)


def test_a_refused_login_says_the_same_one_line_as_before(tmp_path, tmux, line_manager_url):
    wrong = conninfo(line_manager_url, password="not-the-password")
    with pytest.raises(StoreError) as today:
        open_postgres(wrong)
    pid = tmux.start("app", app(tmp_path, wrong))
    tmux.wait_for("app", "cannot open your meeting notes")
    said = " ".join(str(today.value).split())

    def inside() -> str:
        # the message wraps in its box: the words inside it (a look may catch the frame
        # half written, so look again, bounded, until all of it could be there)
        shown = tmux.screen("app")
        return " ".join(" ".join(line.strip().strip("█") for line in shown.splitlines()).split())

    end = time.monotonic() + 10
    while said not in inside() and time.monotonic() < end:
        time.sleep(0.05)
    assert said in inside()
    assert children(pid) == []
    tmux("send-keys", "-t", "app", "q")
    assert gone_within(pid, 10), tmux.screen("app")
