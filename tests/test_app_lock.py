"""One meeting app per store: a second copy is refused, with words, until the first ends."""

from __future__ import annotations

import subprocess
import sys

import pytest

from senco_tui import app_lock
from senco_tui.app_lock import AlreadyOpen


def test_a_second_copy_is_refused_until_the_first_closes(tmp_path):
    data = tmp_path / "data"
    first = app_lock.take(data)
    with pytest.raises(AlreadyOpen, match="already open on .*close it there first"):
        app_lock.take(data)
    first.close()
    app_lock.take(data).close()


def test_another_process_holding_it_refuses_this_one_and_its_end_frees_it(tmp_path):
    data = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from senco_tui import app_lock; "
         f"lock = app_lock.take({str(data)!r}); print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(AlreadyOpen):
            app_lock.take(data)
    finally:
        holder.kill()  # no clean exit: the lock must still go with the process
        holder.wait()
    app_lock.take(data).close()


def test_the_lock_file_is_private_and_made_with_the_folder(tmp_path):
    data = tmp_path / "new" / "data"
    app_lock.take(data).close()
    assert (data.stat().st_mode & 0o777) == 0o700
    assert ((data / app_lock.LOCK_NAME).stat().st_mode & 0o777) == 0o600


@pytest.mark.parametrize("argv", [[], ["meet", "--senco", "Jane"]])
def test_the_app_says_so_in_one_line_and_never_starts(capsys, tmp_path, argv):
    from senco_tui.cli import main

    data = tmp_path / "data"
    held = app_lock.take(data)
    try:
        code = main(["--data-dir", str(data), "--config-dir", str(tmp_path / "config"), *argv])
    finally:
        held.close()
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("senco-tui: the meeting app is already open on ") and err.count("\n") == 1


def _holder(data, then: str):
    """Another process holding the lock; `then` runs once it says 'held'."""
    return subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from senco_tui import app_lock; "
         f"lock = app_lock.take({str(data)!r}); print('held', flush=True); sys.stdin.read(1); "
         + then],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def test_a_start_waits_for_a_copy_that_is_closing_instead_of_refusing(tmp_path):
    data = tmp_path / "data"
    # the other copy is saving its last notes: it says so, then lets go a moment later
    holder = _holder(data, "lock.closing(); print('closing', flush=True); time.sleep(0.5); "
                           "lock.release(); time.sleep(30)")
    try:
        assert holder.stdout.readline() == "held\n"
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline() == "closing\n"
        app_lock.take(data).release()  # waited, not refused
    finally:
        holder.kill()
        holder.wait()


def test_a_copy_that_says_closing_but_never_lets_go_is_refused_after_the_wait(tmp_path):
    data = tmp_path / "data"
    holder = _holder(data, "lock.closing(); print('closing', flush=True); time.sleep(30)")
    try:
        assert holder.stdout.readline() == "held\n"
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline() == "closing\n"
        with pytest.raises(AlreadyOpen, match="already open"):
            app_lock.take(data, wait=0.2)
    finally:
        holder.kill()
        holder.wait()
