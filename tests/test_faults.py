"""Faults, made to happen: hostile text, a store replaced or lost, bytes that are not UTF-8,
a wrong clock, a damaged file with its -wal, a full disk, a checklist that is a pipe,
a crash, a careless umask. Each asserts what the user is promised: nothing typed is
lost, nothing is printed that a terminal would obey, one clear line, files untouched.

The app's side of the same faults is in tests/tui/test_faults_app.py.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from senco_tui import app_lock
from senco_tui import paths as paths_mod
from senco_tui.calendar import valid_year
from senco_tui.checklist import ChecklistError, load_half_term, load_set
from senco_tui.cli import main
from senco_tui.paths import builtin_checklists
from senco_tui.safe_text import safe_text
from senco_tui.store import KEEP_BACKUPS, Store, StoreError
from senco_tui.store import sqlite as store_mod

# Set the window title, clear the screen, write the clipboard (OSC 52), reverse the text,
# and a C1 CSI: each one obeyed by some terminal if printed raw.
TITLE = "\x1b]0;PWNED\x07"
CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"
HOSTILE = f"Jane{TITLE} Smith{CLEAR}{CLIPBOARD} \u202eevil\u202c \x9b31m"
# what a terminal must never receive from us: C0 (but tab, newline), DEL, C1, bidi controls
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_safe(text: str) -> None:
    found = UNSAFE.search(text)
    assert found is None, f"{found.group()!r} reaches the terminal in {text!r}"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("senco-tui"), err
    return err


def checksum(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def checksums(data: Path) -> dict[str, str | None]:
    return {name: checksum(data / name) for name in ("senco.db", "senco.db-wal", "senco.db-shm")}


@pytest.fixture
def where():
    return paths_mod.resolve()  # the temporary folders tests/conftest.py sets


def seed(data: Path) -> None:
    with Store.open(data) as store:
        jane = store.add_senco("Jane Smith", "Hill School", "secondary")
        meeting = store.get_or_create_meeting(jane.id, "2026/27", "autumn-2")
        store.set_notes(meeting.id, "gcse-outcomes", "assess", "Reviewed GCSE data?",
                        "Maths gap widened; confidential detail about a pupil.")
        store.set_status(meeting.id, "gcse-outcomes", "assess", "Reviewed GCSE data?", "red")
        store.add_action(meeting.id, "gcse-outcomes", "Share gap analysis", "SENCo", None)


def raw(data: Path, sql: str, *params) -> None:
    """Write past the store, as an older senco-tui or another tool would have."""
    conn = sqlite3.connect(data / "senco.db")
    with conn:
        conn.execute(sql, params)
    conn.close()


# ---------------------------------------------------------------- 3. escape injection


def test_safe_text_removes_what_a_terminal_obeys_and_keeps_the_rest():
    assert safe_text(HOSTILE) == "Jane]0;PWNED Smith[2J]52;c;cm0gLXJmIH4= evil 31m"
    assert safe_text("two\nlines\tand\r\na tab", multiline=True) == "two\nlines\tand\na tab"
    assert safe_text("two\nlines\tand a tab") == "two lines and a tab"
    # terminals paste line ends as CR: each is a line break, or a space on one line
    assert safe_text("one\rtwo\r\nthree\r", multiline=True) == "one\ntwo\nthree\n"
    assert safe_text("one\rtwo\r\nthree") == "one two three"
    # direction marks stay (right-to-left names need them); overrides and isolates go
    assert safe_text("\u200fمريم\u200e \u2066x\u2069") == "\u200fمريم\u200e x"
    assert safe_text("caf\u00e9 \U0001f600 Siân") == "caf\u00e9 \U0001f600 Siân"
    assert safe_text("bad\udcff name") == "bad\ufffd name"  # a file name that is not UTF-8


def test_names_owners_and_action_text_are_cleaned_when_stored_notes_kept_as_typed(tmp_path):
    with Store.open(tmp_path) as store:
        senco = store.add_senco(HOSTILE, HOSTILE, "secondary")
        assert_safe(senco.name + senco.school)
        assert senco.name.startswith("Jane]0;PWNED Smith")
        senco = store.update_senco(senco.id, name=HOSTILE + "2", school=HOSTILE,
                                   checklist_set="secondary")
        assert_safe(senco.name + senco.school)
        meeting = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
        action = store.add_action(meeting.id, None, HOSTILE, HOSTILE, None)
        assert_safe(action.text + action.owner)
        action = store.update_action(action.id, text="line one\nline two" + CLEAR,
                                     owner=HOSTILE, due=None)
        assert action.text == "line one\nline two[2J"
        assert_safe(store.set_meeting_details(meeting.id, held_on=None,
                                              attendees=HOSTILE).attendees)
        # notes are kept exactly as typed: the screens and commands show them safely
        answer = store.set_notes(meeting.id, "q", "assess", "Asked?", HOSTILE)
        assert answer.notes == HOSTILE


@pytest.fixture
def hostile(where):
    """A store holding hostile text everywhere, stored raw (an older version or another
    tool wrote it), and a checklist set and file whose YAML holds escapes too."""
    seed(where.data_dir)
    data = where.data_dir
    raw(data, "UPDATE sencos SET name = ?, school = ?", HOSTILE, HOSTILE)
    raw(data, "UPDATE actions SET text = ?, owner = ?", HOSTILE, HOSTILE)
    raw(data, "UPDATE answers SET notes = ?, question_text = ?", HOSTILE, HOSTILE)
    sets = where.user_checklists
    shutil.copytree(builtin_checklists() / "secondary", sets / "evil")
    set_file = sets / "evil" / "set.yaml"
    text = set_file.read_text(encoding="utf-8")
    set_file.write_text(re.sub(r"(?m)^name: .*$", "name: evil", text)
                        .replace("title:", 'title: "\\e]0;PWNED\\a\\u202e" #', 1),
                        encoding="utf-8")
    autumn = sets / "evil" / "autumn-1.yaml"
    text = autumn.read_text(encoding="utf-8")
    autumn.write_text(text.replace("ask: ", 'ask: "\\e[2J\\x9b\\u202e" #', 1), encoding="utf-8")
    (tmp := sets / "broken.yaml").write_text('"\\e]52;c;eA==\\a": 1\n', encoding="utf-8")
    return where, tmp


@pytest.mark.parametrize("argv", [
    ["senco", "list"],
    ["actions"],
    ["actions", "--all"],
    ["history", "gcse-outcomes"],
    ["export", "--year", "2026/27", "--half-term", "autumn-2"],
    ["checklists", "show", "evil"],
    ["checklists", "list"],
    ["validate", "evil"],
    ["validate"],
    ["locate"],
    # errors that quote what was typed or stored
    ["senco", "add", HOSTILE, "--school", HOSTILE],
    ["export", "--senco", HOSTILE],
    ["history", HOSTILE],
    ["export", "--half-term", HOSTILE],
    ["checklists", "show", HOSTILE],
    ["validate", HOSTILE],
    ["restore", HOSTILE],
], ids=lambda argv: " ".join(argv)[:30].replace("\x1b", "ESC"))
def test_no_command_prints_what_a_terminal_would_obey(capsys, hostile, argv):
    _, broken = hostile
    code, out, err = run(capsys, *argv)
    assert out or err
    assert_safe(out)
    assert_safe(err)


def test_validate_quotes_a_hostile_yaml_key_safely(capsys, hostile):
    _, broken = hostile
    code, out, err = run(capsys, "validate", str(broken))
    assert code == 1 and "]52;c;eA==" in out  # shown, not obeyed
    assert_safe(out + err)


def test_senco_add_prints_the_cleaned_name(capsys, where):
    code, out, err = run(capsys, "senco", "add", HOSTILE, "--school", "Hill")
    assert code == 0 and out.startswith("Added Jane]0;PWNED Smith[2J]52;c;")
    assert_safe(out + err)


def test_actions_json_keeps_the_data_exact_and_the_terminal_safe(capsys, hostile):
    code, out, _ = run(capsys, "actions", "--json")
    assert code == 0
    assert_safe(out)
    assert json.loads(out)[0]["action"] == HOSTILE  # escaped (\u001b, \u202e), not lost


def test_checklist_text_from_yaml_escapes_is_cleaned_when_read(hostile):
    where, _ = hostile
    loaded = load_set(where.user_checklists / "evil")
    assert_safe(loaded.title)
    for half in loaded.half_terms.values():
        for section, question in half.questions():
            assert_safe(section.title + question.ask + "".join(question.probes) + question.hint)
    # the file's first 'ask' (which may change a standing question), cleaned
    asks = [q.ask for _, q in loaded.half_terms["autumn-1"].questions()]
    assert [ask for ask in asks if ask.startswith("[2J")]


# ---------------------------------------------------------------- 4. the file replaced


@pytest.mark.parametrize("how", ["replaced", "backup copied over", "another copied over",
                                 "deleted", "moved"])
def test_a_store_whose_file_is_replaced_deleted_or_moved_stops_saving(tmp_path, how):
    data = tmp_path / "data"
    seed(data)
    db = data / "senco.db"
    store = Store.open(data)
    try:
        jane = store.find_senco("Jane Smith")
        meeting = store.get_or_create_meeting(jane.id, "2026/27", "autumn-2")
        store.set_notes(meeting.id, "q1", "assess", "Asked?", "saved before")
        backup = store.backup()
        store.set_notes(meeting.id, "q2", "assess", "Asked?", "saved after the backup")
        elsewhere = tmp_path / "elsewhere.db"
        if how == "replaced":  # a new file renamed onto it
            shutil.copy(db, tmp_path / "copy.db")
            os.replace(tmp_path / "copy.db", db)
        elif how == "backup copied over":  # `cp backup senco.db`: the same file, rewritten
            shutil.copyfile(backup, db)
        elif how == "another copied over":  # another school's store
            seed(tmp_path / "other")
            shutil.copyfile(tmp_path / "other" / "senco.db", db)
        elif how == "deleted":
            db.unlink()
        else:
            db.rename(elsewhere)
        before = checksum(db)
        with pytest.raises(StoreError) as caught:
            store.set_notes(meeting.id, "q1", "assess", "Asked?", "typed after")
        message = str(caught.value)
        assert "is no longer the file senco-tui opened" in message
        assert "nothing more will be saved" in message and "still on screen" in message
        assert "\n" not in message
        # and every save after it too, without touching whatever is there now
        with pytest.raises(StoreError, match="no longer the file"):
            store.add_action(meeting.id, None, "Another", "SENCo", None)
        assert checksum(db) == before
    finally:
        store.close()
    assert checksum(db) == before  # closing wrote nothing into it either
    if how in ("replaced", "backup copied over"):
        with Store.open(data, read_only=True) as again:
            answers = again.answers(meeting.id)
        assert answers["q1"].notes == "saved before"
        assert ("q2" in answers) == (how == "replaced")


def test_another_programs_saves_are_not_taken_for_a_replaced_file(tmp_path):
    """`senco add` while the app is open changes senco.db in place too (its save is
    copied in from the -wal): the app goes on saving."""
    data = tmp_path / "data"
    seed(data)
    with Store.open(data) as app, Store.open(data) as other:
        jane = app.find_senco("Jane Smith")
        meeting = app.get_or_create_meeting(jane.id, "2026/27", "autumn-2")
        for n in range(20):
            app.set_notes(meeting.id, "q1", "assess", "Asked?", f"app {n}")
            other.add_senco(f"Other {n}", "Hill School", "secondary")
            other.set_notes(meeting.id, "q2", "assess", "Asked?", f"other {n}")
        assert app.refusal is None and other.refusal is None
        assert app.answers(meeting.id)["q2"].notes == "other 19"


# ---------------------------------------------------------------- 5. a lost store


@pytest.mark.parametrize("state", ["missing", "empty"])
@pytest.mark.parametrize("argv", [
    ["senco", "add", "Sam", "--school", "Vale"],
    ["senco", "list"],
    ["actions"],
    ["export"],
    ["history", "gcse-outcomes"],
    ["backup"],
], ids=" ".join)
def test_a_missing_or_empty_store_beside_backups_is_refused(capsys, where, state, argv):
    seed(where.data_dir)
    with Store.open(where.data_dir) as store:
        newest = store.backup()
    if state == "missing":
        where.database.unlink()
    else:
        where.database.write_bytes(b"")
    backups = sorted(where.backup_dir.iterdir())
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    line = one_line(err)
    assert ("is missing" if state == "missing" else "is empty (0 bytes)") in line
    assert f"the newest is {newest}" in line and f'senco-tui restore "{newest}"' in line
    # never silently a fresh store, and every backup kept
    empty = hashlib.sha256(b"").hexdigest()
    assert checksum(where.database) == (None if state == "missing" else empty)
    assert sorted(where.backup_dir.iterdir()) == backups


# ---------------------------------------------------------------- 6. bytes that are not UTF-8


def test_a_note_that_is_not_utf8_is_read_with_replacement_characters(capsys, where):
    seed(where.data_dir)
    # another tool wrote Latin-1 into a note: SQLite does not check
    raw(where.data_dir, "UPDATE answers SET notes = CAST(? AS TEXT)",
        "Pupil R\xe9mi: confidential".encode("latin-1"))
    for argv in (["actions"], ["history", "gcse-outcomes"],
                 ["export", "--year", "2026/27", "--half-term", "autumn-2"]):
        code, out, err = run(capsys, *argv)
        assert code == 0, err
        assert err == ""
    assert "Pupil R\ufffdmi: confidential" in out
    code, out, err = run(capsys, "backup")
    assert code == 0 and Path(out.strip()).is_file()
    with Store.open(where.data_dir) as store:  # the app's open, and its reads
        jane = store.find_senco("Jane Smith")
        assert [a.notes for a in store.senco_answers(jane.id)] == ["Pupil R\ufffdmi: confidential"]


def test_sqlites_own_message_never_prints_a_note(capsys, where, monkeypatch):
    """Even were a read to fail, what reaches the terminal is one line without the note."""
    seed(where.data_dir)

    def fail(*args, **kwargs):
        raise sqlite3.OperationalError("Could not decode to UTF-8 column 'notes' with text "
                                       "'Maths gap widened; confidential detail'")

    monkeypatch.setattr(Store, "senco_answers", fail)
    code, out, err = run(capsys, "actions")
    assert code == 1 and "confidential" not in err
    one_line(err)


def test_a_backup_copy_that_fails_its_check_never_replaces_good_ones(capsys, where, monkeypatch):
    seed(where.data_dir)
    with Store.open(where.data_dir) as store:
        for _ in range(KEEP_BACKUPS):
            store.backup()
    before = {p.name: checksum(p) for p in where.backup_dir.iterdir()}
    monkeypatch.setattr(store_mod, "_problem", lambda file: "it is damaged (test)")
    code, out, err = run(capsys, "backup")
    assert code == 1 and out == ""
    assert "failed its check" in one_line(err)
    assert {p.name: checksum(p) for p in where.backup_dir.iterdir()} == before


def test_backup_refuses_a_damaged_store_and_keeps_every_backup(capsys, where):
    seed(where.data_dir)
    with Store.open(where.data_dir) as store:
        store.backup()
        for n in range(200):
            store.set_notes(1, f"q{n}", "assess", "Asked?", "notes " * 80)
    before = {p.name: checksum(p) for p in where.backup_dir.iterdir()}
    garble(where.database)
    code, _, err = run(capsys, "backup")
    assert code == 1 and "is damaged" in one_line(err)
    assert {p.name: checksum(p) for p in where.backup_dir.iterdir()} == before


# ---------------------------------------------------------------- 7. backups in their order


class Clock:
    """datetime, with now() at a chosen moment."""

    at = datetime(2031, 1, 1, 9, 0, 0)

    @classmethod
    def now(cls, tz=None):
        return cls.at


def test_backups_are_kept_in_the_order_made_whatever_the_clock_said(capsys, where, monkeypatch):
    seed(where.data_dir)
    with monkeypatch.context() as clock, Store.open(where.data_dir) as store:
        clock.setattr(store_mod, "datetime", Clock)  # the clock is years ahead
        ahead = [store.backup() for _ in range(KEEP_BACKUPS)]
    # the clock is put right
    code, out, _ = run(capsys, "backup")
    made = Path(out.strip())
    assert code == 0 and made.is_file()  # what backup prints exists
    with Store.open(where.data_dir, read_only=True) as store:
        kept = store.backups()
    # the new one is the newest; the oldest of those made in "2031" went
    assert kept == [made, *reversed(ahead[1:])]
    assert not ahead[0].exists()


def test_backups_from_before_the_numbering_count_as_older(where):
    seed(where.data_dir)
    where.backup_dir.mkdir(mode=0o700, exist_ok=True)
    old = where.backup_dir / "senco-20991231-235959.db"  # made while the clock was ahead
    shutil.copy(where.database, old)
    with Store.open(where.data_dir) as store:
        made = store.backup()
        assert store.backups()[0] == made and store.backups()[-1] == old


# ---------------------------------------------------------------- 8. WAL, and restore


def garble(db: Path) -> None:
    """Overwrite pages in the middle of the notes (most not also in a -wal)."""
    page = 4096
    with open(db, "r+b") as f:
        f.seek(page * 5)
        f.write(b"\xff" * page * 10)


def crash_leaving_a_wal(data: Path) -> None:
    """Writes committed to the -wal, then the process dies before any checkpoint."""
    code = ("import os, sys; from senco_tui.store import Store\n"
            "store = Store.open(sys.argv[1])\n"
            "store._conn.execute('PRAGMA wal_autocheckpoint = 0')\n"
            "m = store.get_or_create_meeting(1, '2026/27', 'spring-1')\n"
            "for n in range(50): store.set_notes(m.id, f'w{n}', 'do', 'Asked?', 'in the wal')\n"
            "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", code, str(data)], check=True)


def damaged_with_a_wal(where) -> dict:
    seed(where.data_dir)
    with Store.open(where.data_dir) as store:
        for n in range(200):
            store.set_notes(1, f"q{n}", "assess", "Asked?", "notes " * 80)
        store.backup()
    crash_leaving_a_wal(where.data_dir)
    assert (where.data_dir / "senco.db-wal").stat().st_size > 0
    garble(where.database)
    return checksums(where.data_dir)


@pytest.mark.parametrize("argv", [
    ["senco", "add", "Sam", "--school", "Vale"],  # a writing command
    ["actions"],  # a reading one
    ["backup"],
])
def test_a_damaged_store_with_a_wal_is_left_truly_untouched(capsys, where, argv):
    before = damaged_with_a_wal(where)
    code, out, err = run(capsys, *argv)
    assert code == 1 and "is damaged" in one_line(err)
    assert "senco-tui restore" in err and "-wal and -shm" in err
    assert checksums(where.data_dir) == before


def test_restore_moves_the_damaged_set_aside_and_brings_the_backup_back(capsys, where):
    before = damaged_with_a_wal(where)
    backup = store_mod._backups(where.backup_dir)[0]  # the newest
    code, out, err = run(capsys, "restore", str(backup))
    assert code == 0, err
    [aside] = where.data_dir.glob("replaced-*")
    assert stat.S_IMODE(aside.stat().st_mode) == 0o700
    assert checksums(aside) == before  # the damaged file, its -wal and -shm, as they were
    assert out.splitlines() == [f"Restored {backup} as {where.database}",
                                f"What it replaced (senco.db, senco.db-shm, senco.db-wal) is "
                                f"in {aside}"]
    assert not (where.data_dir / "senco.db-wal").exists()
    assert checksum(where.database) == checksum(backup)
    with Store.open(where.data_dir) as store:  # sound, with what the backup held
        jane = store.find_senco("Jane Smith")
        assert len(store.senco_answers(jane.id)) == 201


def test_restore_by_name_into_a_lost_store(capsys, where):
    seed(where.data_dir)
    with Store.open(where.data_dir) as store:
        backup = store.backup()
    where.database.unlink()
    code, out, err = run(capsys, "restore", backup.name)
    assert code == 0, err
    assert not list(where.data_dir.glob("replaced-*"))  # nothing was there to move
    code, out, _ = run(capsys, "senco", "list")
    assert "Jane Smith" in out


def test_restore_is_refused_while_the_app_is_open(capsys, where):
    seed(where.data_dir)
    with Store.open(where.data_dir) as store:
        backup = store.backup()
    before = checksums(where.data_dir)
    with app_lock.take(where.data_dir):
        code, _, err = run(capsys, "restore", str(backup))
    assert code == 1 and "the meeting app is open" in one_line(err)
    assert checksums(where.data_dir) == before


@pytest.mark.parametrize("bad", ["damaged", "not ours", "missing", "another data folder"])
def test_restore_refuses_what_is_not_a_sound_backup(capsys, where, tmp_path, bad):
    seed(where.data_dir)
    with Store.open(where.data_dir) as store:
        backup = store.backup()
        for n in range(200):
            store.set_notes(1, f"q{n}", "assess", "Asked?", "notes " * 80)
    candidate = tmp_path / "candidate.db"
    if bad == "damaged":
        shutil.copy(where.database, candidate)
        garble(candidate)
    elif bad == "not ours":
        sqlite3.connect(candidate).execute("CREATE TABLE t (x)").connection.close()
    elif bad == "another data folder":
        other = tmp_path / "other"
        seed(other)
        with Store.open(other) as store:
            candidate = store.backup()
    before = checksums(where.data_dir)
    code, _, err = run(capsys, "restore", str(candidate))
    assert code == 1
    line = one_line(err)
    assert {"damaged": "cannot be restored: it is damaged",
            "not ours": "cannot be restored: it is not a senco-tui store",
            "missing": "no such backup file",
            "another data folder": f"add  --data-dir \"{tmp_path / 'other'}\""}[bad] in line
    assert checksums(where.data_dir) == before
    assert not list(where.data_dir.glob("replaced-*")) and backup.exists()


# ---------------------------------------------------------------- 9. a full disk


def no_space(*args):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def yesterday_store(data: Path) -> None:
    """A store with notes and no backup today: the next open makes the daily one."""
    seed(data)
    shutil.rmtree(data / "backups", ignore_errors=True)


def test_senco_add_on_a_full_disk_says_so_in_one_line(capsys, where, monkeypatch):
    yesterday_store(where.data_dir)
    with monkeypatch.context() as disk:
        disk.setattr(store_mod, "_link_backup", no_space)
        code, out, err = run(capsys, "senco", "add", "Sam", "--school", "Vale")
    assert code == 1 and out == ""
    line = one_line(err)
    assert "the disk is full" in line and "free some space" in line
    assert "OperationalError" not in line and "unexpected" not in line
    with Store.open(where.data_dir, read_only=True) as store:
        assert [s.name for s in store.list_sencos()] == ["Jane Smith"]
    assert not list(where.backup_dir.glob("*.part"))


def test_a_full_disk_opens_the_store_read_only_for_the_app(where, monkeypatch):
    yesterday_store(where.data_dir)
    monkeypatch.setattr(store_mod, "_link_backup", no_space)
    with Store.open(where.data_dir, read_only_if_unwritable=True) as store:
        assert store.notice.startswith("Read-only: the backup of") and "disk is full" in \
            store.notice
        jane = store.find_senco("Jane Smith")
        assert store.senco_answers(jane.id)[0].notes.startswith("Maths gap")
        with pytest.raises(StoreError) as caught:
            store.set_notes(1, "gcse-outcomes", "assess", "Asked?", "typed on a full disk")
        assert str(caught.value) == store.refusal == store.notice
    with pytest.raises(StoreError, match="the disk is full"):
        Store.open(where.data_dir)  # anything else that writes is refused


# ---------------------------------------------------------------- 10. checklist files


@pytest.fixture
def own_set(where):
    folder = where.user_checklists / "mine"
    shutil.copytree(builtin_checklists() / "secondary", folder)
    set_file = folder / "set.yaml"
    set_file.write_text(re.sub(r"(?m)^name: .*$", "name: mine",
                               set_file.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def validate(where, target: str) -> subprocess.CompletedProcess:
    # a real process with a deadline: a hang fails the test instead of stalling it
    env = {**os.environ, "SENCO_TUI_CONFIG_DIR": str(where.config_dir)}
    return subprocess.run([sys.executable, "-m", "senco_tui", "validate", target],
                          capture_output=True, text=True, timeout=30, env=env)


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero"])
def test_a_checklist_that_is_not_a_regular_file_is_refused_at_once(where, own_set, kind):
    target = own_set / "autumn-1.yaml"
    target.unlink()
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/zero")
    proc = validate(where, str(target))
    assert proc.returncode == 1
    assert f"{target}: cannot read this file: it is a" in proc.stdout
    proc = validate(where, "mine")  # the whole set names it for what it is, not "missing"
    assert proc.returncode == 1
    assert f"{target}: cannot read this file: it is a" in proc.stdout
    assert "missing" not in proc.stdout


def test_a_checklist_over_the_limit_is_refused_after_reading_no_more_than_it(own_set,
                                                                           monkeypatch):
    target = own_set / "autumn-1.yaml"
    target.write_bytes(b"# padding\n" * 200_000)  # 2 MB
    reads = []
    opened: dict[int, str] = {}
    real_open, real_read = os.open, os.read

    def opening(path, *args, **kwargs):
        fd = real_open(path, *args, **kwargs)
        opened[fd] = str(path)
        return fd

    def reading(fd, n):
        if opened.get(fd) == str(target):  # (the set's standing.yaml is read too)
            reads.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(os, "open", opening)
    monkeypatch.setattr(os, "read", reading)
    with pytest.raises(ChecklistError) as caught:
        load_half_term(target)
    assert "over the 1 MB limit" in str(caught.value)
    assert reads and sum(reads) <= 1024 * 1024 + 1


def test_deeply_nested_yaml_is_a_file_and_line_problem(where, own_set):
    target = own_set / "autumn-1.yaml"
    target.write_text("half_term: autumn-1\nsections: " + "[" * 100_000 + "\n")
    with pytest.raises(ChecklistError) as caught:
        load_half_term(target)
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == (target, 2)
    assert "nested more than 20 deep" in problem.message
    proc = validate(where, str(target))
    assert proc.returncode == 1 and f"{target}:2: " in proc.stdout
    assert "Traceback" not in proc.stderr + proc.stdout


def test_deep_nesting_is_refused_by_the_pure_python_parser_too(own_set, monkeypatch):
    import yaml

    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    target = own_set / "autumn-1.yaml"
    target.write_text("half_term: autumn-1\nsections:\n  - " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(ChecklistError, match="nested more than 20 deep"):
        load_half_term(target)


# ---------------------------------------------------------------- 11. crashes, years


def test_a_crash_is_one_line_naming_a_private_file_and_exits_non_zero(capsys, where,
                                                                     monkeypatch):
    seed(where.data_dir)

    def bug(store, senco_id):
        raise RuntimeError("Maths gap widened; confidential detail")

    monkeypatch.setattr(Store, "senco_actions", bug)
    code, out, err = run(capsys, "actions")
    assert code == 1 and out == ""
    line = one_line(err)
    assert "confidential" not in line and "Traceback" not in line
    [crash] = where.data_dir.glob("crash-*.txt")
    assert f"the details are in {crash}" in line
    assert stat.S_IMODE(crash.stat().st_mode) == 0o600
    text = crash.read_text()
    assert text.startswith("Traceback") and "confidential detail" in text


@pytest.mark.parametrize(("sql", "what"), [
    ("UPDATE actions SET due = '31/12/2026'", "an action's due date"),
    ("UPDATE meetings SET held_on = 'last Tuesday'", "a meeting's date"),
])
def test_a_date_another_program_wrote_badly_is_one_line_not_a_crash(capsys, where, sql,
                                                                     what):
    seed(where.data_dir)
    with sqlite3.connect(where.data_dir / "senco.db") as db:
        db.execute(sql)
    db.close()
    for argv in (["actions"], ["export", "--senco", "Jane Smith", "--year", "2026/27",
                               "--half-term", "autumn-2"]):
        code, out, err = run(capsys, *argv)
        assert code == 1 and out == ""
        assert err.startswith(f"senco-tui: senco.db holds {what} that is not a date (")
        assert len(err.splitlines()) == 1 and "senco-tui restore" in err
    assert not list(where.data_dir.glob("crash-*.txt"))


def test_a_crash_in_a_real_process_prints_no_traceback(where):
    seed(where.data_dir)
    code = ("import sys; from senco_tui import cli; from senco_tui.store import Store\n"
            "def bug(*a): raise ValueError('Pupil X, confidential')\n"
            "Store.list_sencos = bug\n"
            "sys.exit(cli.main(['senco', 'list']))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 1
    assert proc.stdout == "" and proc.stderr.count("\n") == 1
    assert "confidential" not in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("year", ["0000/01", "1999/00", "2100/01", "9999/00"])
def test_years_outside_the_calendar_are_usage_errors(capsys, where, year):
    seed(where.data_dir)
    with pytest.raises(ValueError, match="is not one senco-tui handles"):
        valid_year(year)
    for argv in (["export", "--year", year], ["meet", "--year", year]):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == ""
        assert "argument --year:" in one_line(err)


# ---------------------------------------------------------------- 12. a careless umask


def test_everything_created_is_private_whatever_the_umask(where, tmp_path, capsys):
    data, config = tmp_path / "new" / "data", tmp_path / "new" / "config"
    export = tmp_path / "exports" / "notes.md"
    export.parent.mkdir()
    script = f"""
import os, sys
os.umask(0)
from senco_tui.cli import main
from senco_tui import preferences, paths
flags = ["--data-dir", {str(data)!r}, "--config-dir", {str(config)!r}]
assert main(["senco", "add", "Jane", "--school", "Hill", *flags]) == 0
assert main(["backup", *flags]) == 0
assert main(["checklists", "copy", "secondary", "mine", *flags]) == 0
[backup] = os.listdir({str(data / "backups")!r})
assert main(["restore", backup, *flags]) == 0
from senco_tui.store import Store
with Store.open({str(data)!r}) as store:
    store.get_or_create_meeting(1, "2026/27", "autumn-1")
assert main(["export", "--year", "2026/27", "--half-term", "autumn-1", "-o", {str(export)!r},
             *flags]) == 0
preferences.save(paths.resolve({str(data)!r}, {str(config)!r}), theme="textual-light")
def bug(*args):
    raise RuntimeError("a crash file")
Store.list_sencos = bug
assert main(["senco", "list", *flags]) == 1
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    made = list((tmp_path / "new").rglob("*"))
    names = {p.name for p in made}
    assert {"senco.db", "senco.lock", "backups", "mine", "set.yaml", "preferences.json"} <= names
    assert any(name.startswith("crash-") for name in names)
    assert any(name.startswith("replaced-") for name in names)
    for path in [tmp_path / "new", *made, export]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
