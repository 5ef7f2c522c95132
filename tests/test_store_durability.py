"""Nothing a writer reported as saved is lost: not to SIGKILL, not to a second writer."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store_worker import notes_text, setup

from senco_tui.records import STATUSES
from senco_tui.store import Store

WORKER = Path(__file__).with_name("store_worker.py")


def start_worker(data_dir: Path, tag: str, count: int, *flags: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(WORKER), str(data_dir), tag, str(count), *flags],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def reported(out: bytes) -> list[list[str]]:
    """Complete lines only: a line cut off by the kill was never fully reported."""
    lines = out.decode().split("\n")[:-1]
    return [line.split() for line in lines]


def check_all_present(data_dir: Path, changes: list[list[str]]) -> None:
    with sqlite3.connect(data_dir / "senco.db") as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    raw.close()
    with Store.open(data_dir) as store:
        senco, first, second = setup(store)
        answers = store.answers(first.id)
        reviews = {r.question_id: r for r in store.senco_reviews(senco.id) if r.kind == "question"}
        counters: dict[str, int] = {}
        for kind, tag, i, *extra in changes:
            i = int(i)
            if kind == "notes":
                assert answers[f"n-{tag}-{i}"].notes == notes_text(tag, i)
            elif kind == "status":
                assert answers[f"s-{tag}-{i}"].status == STATUSES[i % 4]
            elif kind == "action":
                assert store.get_action(int(extra[0])).text == f"action {tag}-{i}"
            elif kind == "review":
                assert reviews[f"r-{tag}-{i}"].note == f"update {tag}-{i}"
            elif kind == "counter":
                counters[tag] = i
            else:
                closed = store.get_action(int(extra[0]))
                assert (closed.status, closed.closed_meeting_id) == ("done", second.id)
        for tag, i in counters.items():
            # the last reported rewrite, or one after it that committed unreported
            assert int(answers[f"counter-{tag}"].notes) >= i


# 50 kills in all, in rounds of 10 on a store of their own, so the workers share them out
# (most of a kill's time is the wait for its random moment)
KILLS, ROUNDS = 50, 5


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_sigkill_at_random_moments_loses_nothing_reported(tmp_path, round_):
    data_dir = tmp_path / "data"
    with Store.open(data_dir) as store:
        setup(store)
    rng = random.Random(20261128 + round_)
    runs = KILLS // ROUNDS
    changes: list[list[str]] = []
    kills = 0
    following = start_worker(data_dir, "k0", 0, "--wait")
    try:
        for run in range(runs):
            # the kill comes at a random moment of the writing, not of Python starting up
            # (which, on a loaded machine, can take longer than the whole window)
            worker = following
            assert worker.stdout.readline() == b"ready\n", worker.stderr.read().decode()
            worker.stdin.write(b"go\n")
            worker.stdin.flush()
            if run < runs - 1:  # the next one starts up (and opens the store) while this one writes
                following = start_worker(data_dir, f"k{run + 1}", 0, "--wait")
            time.sleep(rng.uniform(0.05, 0.4))
            worker.send_signal(signal.SIGKILL)
            out, err = worker.communicate()
            assert worker.returncode == -signal.SIGKILL, err.decode()
            kills += 1
            changes += reported(out)
    finally:
        for left in (worker, following):  # none left writing if the test failed
            if left.poll() is None:
                left.kill()
                left.communicate()
    assert kills == runs
    assert len(changes) > 2 * runs, "the workers hardly wrote anything before being killed"
    check_all_present(data_dir, changes)


def test_two_writers_at_once_lose_nothing_and_never_see_locked(tmp_path):
    data_dir = tmp_path / "data"
    with Store.open(data_dir) as store:
        setup(store)
    workers = [start_worker(data_dir, tag, 300, "--wait") for tag in ("a", "b")]
    for worker in workers:
        assert worker.stdout.readline() == b"ready\n", worker.stderr.read().decode()
    for worker in workers:  # both open and waiting: now both write at once
        worker.stdin.write(b"go\n")
        worker.stdin.flush()
    changes: list[list[str]] = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err.decode()
        assert "locked" not in err.decode()
        lines = reported(out)
        assert len(lines) == 300
        changes += lines
    check_all_present(data_dir, changes)
