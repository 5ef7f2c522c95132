"""`senco-tui senco add|list` and `senco-tui backup`."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cli_run import run

from senco_tui.cli import main


def test_add_then_list(capsys):
    assert run(capsys, "senco", "list") == (
        0, "No SENCos yet. Add one: senco-tui senco add NAME --school SCHOOL\n", "")
    code, out, err = run(capsys, "senco", "add", "Jane Smith", "--school", "Hill School")
    assert (code, err) == (0, "")
    assert out == "Added Jane Smith (Hill School, checklist set secondary)\n"
    assert run(capsys, "senco", "add", "Sam Lee", "--school", "Vale Primary",
               "--set", "primary")[0] == 0
    code, out, err = run(capsys, "senco", "list")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "NAME        SCHOOL        SET",
        "Jane Smith  Hill School   secondary",
        "Sam Lee     Vale Primary  primary",
    ]


def test_a_second_senco_with_the_same_name_is_refused_in_one_line(capsys):
    run(capsys, "senco", "add", "Jane Smith", "--school", "Hill School")
    code, out, err = run(capsys, "senco", "add", "JANE SMITH", "--school", "Other")
    assert code == 1 and out == ""
    assert err == ("senco-tui: there is already a SENCo called 'Jane Smith' "
                   "(Hill School)\n")


def test_the_checklist_set_must_exist(capsys):
    code, out, err = run(capsys, "senco", "add", "Jane", "--school", "Hill", "--set", "nope")
    assert code == 1
    assert err.startswith("senco-tui: no checklist set called 'nope'")
    assert "secondary" in err and len(err.splitlines()) == 1
    assert run(capsys, "senco", "list")[1].startswith("No SENCos yet")


def test_backup_prints_the_path_of_a_private_copy(capsys):
    run(capsys, "senco", "add", "Jane", "--school", "Hill")
    code, out, err = run(capsys, "backup")
    assert (code, err) == (0, "")
    backup = Path(out.strip())
    assert backup.parent == Path(os.environ["SENCO_TUI_DATA_DIR"]) / "backups"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_backup_of_a_store_that_cannot_be_written(capsys, monkeypatch):
    """A read-only disk or file is when a copy matters most: backup only reads the store."""
    import sqlite3

    from senco_tui.store import sqlite as store_mod

    run(capsys, "senco", "add", "Jane", "--school", "Hill")
    real_access = os.access
    # as root a chmod would not stop writes: stand in for a file that cannot be written
    monkeypatch.setattr(store_mod.os, "access", lambda p, mode: mode != os.W_OK
                        and real_access(p, mode))
    assert run(capsys, "senco", "add", "Sam", "--school", "Vale")[0] == 1  # writes refused
    code, out, err = run(capsys, "backup")
    assert (code, err) == (0, "")
    copy = sqlite3.connect(out.strip())
    assert [row[0] for row in copy.execute("SELECT name FROM sencos")] == ["Jane"]
    copy.close()


def test_senco_on_its_own_explains_the_actions(capsys):
    code, out, _ = run(capsys, "senco")
    assert code == 0 and "add NAME --school SCHOOL" in out and "list" in out


def test_a_damaged_store_is_one_line_not_a_traceback(capsys):
    data = Path(os.environ["SENCO_TUI_DATA_DIR"])
    data.mkdir(parents=True)
    (data / "senco.db").write_bytes(b"not a database at all")
    code, out, err = run(capsys, "senco", "list")
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1
    assert "is damaged" in err and "left untouched" in err


def test_list_on_an_empty_file_says_so(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "senco.db").write_bytes(b"")
    assert main(["--data-dir", str(data), "senco", "list"]) == 1
    assert "is empty (0 bytes)" in capsys.readouterr().err
    assert (data / "senco.db").stat().st_size == 0


def test_list_with_no_store_creates_none(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path / "data"), "senco", "list"]) == 0
    assert "No SENCos yet" in capsys.readouterr().out
    assert not (tmp_path / "data" / "senco.db").exists()


def test_list_lines_up_names_with_emoji_and_accents(capsys):
    run(capsys, "senco", "add", "Mrs O'Brien 🌟", "--school", "St Mary's")
    run(capsys, "senco", "add", "Zoë", "--school", "Vale")
    _, out, _ = run(capsys, "senco", "list")
    lines = out.splitlines()
    # each SCHOOL starts in the same terminal column (the star takes two)
    assert lines[0].index("SCHOOL") == len("Mrs O'Brien 🌟") + 1 + 2
    assert lines[1] == "Mrs O'Brien 🌟  St Mary's  secondary"
    assert lines[2] == "Zoë             Vale       secondary"


# ---------------------------------------------------------------- -shm and -wal left read-only


def _left_by_a_killed_run(data: Path) -> None:
    """A run that changed Jane's school and was killed: its -wal holds the change, and its
    -shm is left beside it."""
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "c.execute(\"UPDATE sencos SET school = 'Hill Top' WHERE name = 'Jane'\")\n"
        "os._exit(0)\n"), str(data / "senco.db")], check=True)


def _as_a_user(monkeypatch) -> None:
    """Permissions as for anyone but root (who may write a 0444 file, so a chmod alone
    would not stop the tests' writes when they run as root)."""
    from senco_tui.store import sqlite as store_mod

    real_access = os.access

    def access(path, mode):
        writable = not (mode & os.W_OK) or os.stat(path).st_mode & stat.S_IWUSR
        return real_access(path, mode) and bool(writable)

    monkeypatch.setattr(store_mod.os, "access", access)


@pytest.mark.parametrize("side", ["-shm", "-wal"])
def test_a_read_only_shm_or_wal_is_named_with_what_to_do(capsys, monkeypatch, side):
    from senco_tui.store import Store

    run(capsys, "senco", "add", "Jane", "--school", "Hill")
    data = Path(os.environ["SENCO_TUI_DATA_DIR"])
    _left_by_a_killed_run(data)
    left = data / f"senco.db{side}"
    left.chmod(0o444)
    _as_a_user(monkeypatch)
    files = {p.name: p.read_bytes() for p in data.glob("senco.db*")}

    code, out, err = run(capsys, "senco", "add", "Sam", "--school", "Vale")
    assert code == 1 and out == "" and len(err.splitlines()) == 1
    assert err.startswith(f"senco-tui: {left} cannot be written, so nothing can be saved")
    assert f'make it writable (chmod u+w "{left}")' in err
    if side == "-shm":  # only an index: made again
        assert "or, while no senco-tui is running, remove it (it is made again)" in err
    else:  # holds Jane's new school
        assert "do not remove it: it may hold the latest changes, not yet in senco.db" in err
    assert {p.name: p.read_bytes() for p in data.glob("senco.db*")} == files
    # the app opens it read-only, saying the same at once rather than at the first save
    with Store.open(data, read_only_if_unwritable=True) as store:
        assert store.notice == f"Read-only: {err.removeprefix('senco-tui: ').strip()}"
        assert [(s.name, s.school) for s in store.list_sencos()] == [("Jane", "Hill Top")]

    left.chmod(0o600)  # as the message says
    assert run(capsys, "senco", "add", "Sam", "--school", "Vale")[0] == 0
    assert run(capsys, "senco", "list")[1].splitlines()[1:] == [
        "Jane  Hill Top  secondary", "Sam   Vale      secondary"]


def test_a_save_that_fails_on_a_read_only_shm_names_it(capsys, monkeypatch):
    """Made read-only while a store is open (SQLite's own words name only senco.db)."""
    import sqlite3

    from senco_tui.store import sqlite as store_mod

    run(capsys, "senco", "add", "Jane", "--school", "Hill")
    data = Path(os.environ["SENCO_TUI_DATA_DIR"])
    _left_by_a_killed_run(data)
    (data / "senco.db-shm").chmod(0o444)
    _as_a_user(monkeypatch)
    exc = sqlite3.OperationalError("attempt to write a readonly database")
    exc.sqlite_errorcode = 8  # SQLITE_READONLY
    message = str(store_mod._trouble(data / "senco.db", exc))
    assert message.startswith(f"{data / 'senco.db-shm'} cannot be written")
    (data / "senco.db-shm").chmod(0o600)
    assert "cannot open the store" in str(store_mod._trouble(data / "senco.db", exc))
