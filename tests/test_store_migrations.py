"""Opening older, newer, foreign and damaged files: migrate ours, never touch the rest."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from cli_run import run

from senco_tui.records import DEFAULT_CARRY_POLICY
from senco_tui.store import SCHEMA_VERSION, Store, StoreError
from senco_tui.store import sqlite as store_mod
from senco_tui.store.sqlite_migrations import APPLICATION_ID, MIGRATIONS

# Rows written at each earlier version, checked after migrating to the newest.
# A new migration adds an entry for the version before it (see the test below).
SAMPLES: dict[int, list[str]] = {
    0: [],  # version 0: an empty file (or a 0-byte one) about to become a store
    1: [  # before answers and actions carried versions
        "INSERT INTO sencos VALUES (7, 'Sam', 'sam', 'Vale', 'primary')",
        "INSERT INTO meetings VALUES (3, 7, '2025/26', 'summer-2', NULL, '', 't')",
        "INSERT INTO answers VALUES (3, 'q1', 'assess', 'Q1?', 'amber', 'kept', 't')",
        "INSERT INTO answers VALUES (3, 'q2', 'assess', 'Q2?', 'green', '', 't')",
        "INSERT INTO actions VALUES (4, 3, 'q1', 'Call', '', NULL, 'open', 't', NULL, NULL)",
    ],
    2: [  # before the carry policy and the carry flag of answers
        "INSERT INTO sencos VALUES (7, 'Sam', 'sam', 'Vale', 'primary')",
        "INSERT INTO meetings VALUES (3, 7, '2025/26', 'summer-2', NULL, '', 't')",
        "INSERT INTO answers VALUES (3, 'q1', 'assess', 'Q1?', 'amber', 'kept', 't', 1)",
    ],
    3: [  # before each meeting kept the carry policy it was held under
        "INSERT INTO sencos VALUES (7, 'Sam', 'sam', 'Vale', 'primary', 'red')",
        "INSERT INTO sencos VALUES (8, 'Ann', 'ann', 'Vale', 'primary', NULL)",
        "INSERT INTO meetings VALUES (3, 7, '2025/26', 'summer-1', NULL, '', 't')",
        "INSERT INTO meetings VALUES (4, 7, '2025/26', 'summer-2', NULL, '', 't')",
        "INSERT INTO meetings VALUES (5, 8, '2025/26', 'summer-1', NULL, '', 't')",
        "INSERT INTO meetings VALUES (6, 8, '2025/26', 'summer-2', NULL, '', 't')",
        "INSERT INTO answers VALUES (3, 'q1', 'assess', 'Q1?', 'amber', 'kept', 't', 1, 1)",
        "INSERT INTO actions VALUES (4, 5, 'q1', 'Call', '', NULL, 'open', 't', NULL, NULL, 1)",
    ],
}


def build(path, version: int) -> None:
    """A store file exactly as senco-tui `version` left it, with sample rows."""
    conn = sqlite3.connect(path, isolation_level=None)
    for target, migration in enumerate(MIGRATIONS[:version], start=1):
        conn.execute("BEGIN IMMEDIATE")
        migration(conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {target}")
        conn.execute("COMMIT")
    for sql in SAMPLES[version]:
        conn.execute(sql)
    conn.execute("CREATE TABLE scratch (x)")  # a real SQLite file, even at version 0
    conn.execute("DROP TABLE scratch")
    conn.close()


def pragma(path, name: str):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def test_every_earlier_version_has_a_sample():
    assert sorted(SAMPLES) == list(range(SCHEMA_VERSION))


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_migrates_from_every_earlier_version(tmp_path, version):
    data = tmp_path / "data"
    data.mkdir()
    build(data / "senco.db", version)
    with Store.open(data) as store:
        senco = store.add_senco("Jane", "Hill", "secondary")
        assert store.get_or_create_meeting(senco.id, "2026/27", "autumn-1").senco_id == senco.id
        if version > 0:
            assert store.backups(), "an existing store is backed up before migrating"
    assert pragma(data / "senco.db", "user_version") == SCHEMA_VERSION
    assert pragma(data / "senco.db", "application_id") == APPLICATION_ID


def test_from_version_2_sencos_follow_the_settings_and_every_question_may_carry(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    build(data / "senco.db", 2)
    with Store.open(data) as store:
        assert store.get_senco(7).carry_policy is None
        assert store.answers(3)["q1"].carry is True
        assert store.answers(3)["q1"].notes == "kept"


def test_from_version_3_meetings_with_records_keep_the_policy_they_were_held_under(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    build(data / "senco.db", 3)
    with Store.open(data) as store:
        assert store.get_meeting(3).carry_policy == "red"  # Sam's own
        assert store.get_meeting(5).carry_policy == DEFAULT_CARRY_POLICY  # Ann follows settings
        # nothing recorded yet: the policy in force when something is
        assert store.get_meeting(4).carry_policy is None
        assert store.get_meeting(6).carry_policy is None


def test_from_version_1_saved_notes_and_actions_start_at_version_1(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    build(data / "senco.db", 1)
    with Store.open(data) as store:
        answers = store.answers(3)
        assert (answers["q1"].notes, answers["q1"].version) == ("kept", 1)
        assert answers["q2"].version == 0  # no notes saved yet
        assert store.get_action(4).version == 1


def test_an_empty_zero_byte_file_becomes_a_store(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "senco.db").touch()
    with Store.open(data) as store:
        assert store.list_sencos() == []
    assert pragma(data / "senco.db", "user_version") == SCHEMA_VERSION


def test_a_future_migration_is_one_function_run_after_a_backup(tmp_path, monkeypatch):
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.add_senco("Jane", "Hill", "secondary")

    def v2_add_email(conn):
        conn.execute("ALTER TABLE sencos ADD COLUMN email TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(store_mod, "MIGRATIONS", [*MIGRATIONS, v2_add_email])
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with Store.open(data) as store:
        assert [s.name for s in store.list_sencos()] == ["Jane"]
        [backup] = store.backups()
    assert pragma(data / "senco.db", "user_version") == SCHEMA_VERSION + 1
    assert pragma(backup, "user_version") == SCHEMA_VERSION  # the copy from before


def test_a_failing_migration_leaves_the_file_at_its_old_version(tmp_path, monkeypatch):
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.add_senco("Jane", "Hill", "secondary")

    def v2_broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        conn.execute("ALTER TABLE no_such_table ADD COLUMN y")

    monkeypatch.setattr(store_mod, "MIGRATIONS", [*MIGRATIONS, v2_broken])
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError,
                       match=f"could not upgrade the store from version {SCHEMA_VERSION}"):
        Store.open(data)
    conn = sqlite3.connect(data / "senco.db")
    assert conn.execute("SELECT name FROM sqlite_schema WHERE name = 'half_done'").fetchall() == []
    assert conn.execute("SELECT name FROM sencos").fetchall() == [("Jane",)]
    conn.close()
    assert pragma(data / "senco.db", "user_version") == SCHEMA_VERSION


def refused(data, match: str) -> StoreError:
    db = data / "senco.db"
    before = db.read_bytes()
    with pytest.raises(StoreError, match=match) as caught:
        Store.open(data)
    assert db.read_bytes() == before, "a refused file must be left untouched"
    assert not (data / "senco.db-wal").exists()
    assert str(db) in str(caught.value)
    return caught.value


def test_a_file_from_a_newer_senco_tui_is_refused(tmp_path):
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.add_senco("Jane", "Hill", "secondary")
    conn = sqlite3.connect(data / "senco.db")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    error = refused(data, "made by a newer senco-tui")
    assert "upgrade" in str(error)


def test_another_programs_database_is_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    conn = sqlite3.connect(data / "senco.db")
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    refused(data, "not a senco-tui store")
    conn = sqlite3.connect(data / "senco.db")
    conn.execute("PRAGMA application_id = 0")  # no id, but someone else's tables
    conn.close()
    refused(data, "not a senco-tui store")


def test_a_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "senco.db").write_text("Meeting notes I saved here by mistake\n")
    error = refused(data, "is damaged")
    assert "not an SQLite database" in str(error)
    assert "left untouched" in str(error)
    assert "there is no backup in" in str(error)


def damaged_store(tmp_path):
    """A real store with a backup, then a copy of its pages to damage."""
    data = tmp_path / "data"
    with Store.open(data) as store:
        senco = store.add_senco("Jane", "Hill", "secondary")
        meeting = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
        with store.transaction():
            for n in range(300):
                store.set_notes(meeting.id, f"q{n}", "assess", "Asked?", "notes " * 50)
        backup = store.backup()
    return data, backup


def test_a_truncated_store_is_refused_and_the_newest_backup_named(tmp_path):
    data, backup = damaged_store(tmp_path)
    db = data / "senco.db"
    with open(db, "r+b") as f:
        f.truncate(db.stat().st_size // 2)
    error = refused(data, "is damaged")
    assert f"the newest backup is {backup}" in str(error)


def test_a_store_with_a_garbled_page_is_refused(tmp_path):
    data, backup = damaged_store(tmp_path)
    page = pragma(data / "senco.db", "page_size")
    with open(data / "senco.db", "r+b") as f:
        f.seek(page * 5)
        f.write(b"\xff" * page)
    error = refused(data, "is damaged")
    assert str(backup) in str(error)
    # the backup itself is sound: copying it back restores everything
    shutil.copy(backup, data / "senco.db")
    with Store.open(data) as store:
        [senco] = store.list_sencos()
        assert len(store.senco_answers(senco.id)) == 300


def test_quick_checks_report_is_one_line(tmp_path):
    data, backup = damaged_store(tmp_path)
    page = pragma(data / "senco.db", "page_size")
    with open(data / "senco.db", "r+b") as f:
        f.seek(page * 4)
        f.write(b"\x07")  # page 5 is no longer a b-tree page: quick_check says so in rows
    for read_only in (True, False):
        with pytest.raises(StoreError) as caught, Store.open(data, read_only=read_only):
            pass
        message = str(caught.value)
        assert "is damaged (Page 5: btreeInitPage() returns error code 11)" in message
        assert "\n" not in message and "***" not in message and str(backup) in message


def test_read_only_open_reports_damage_it_reads_and_writes_nothing(tmp_path):
    data, backup = damaged_store(tmp_path)
    db = data / "senco.db"
    with open(db, "r+b") as f:
        f.truncate(db.stat().st_size // 2)
    before = db.read_bytes()
    with pytest.raises(StoreError, match="is damaged") as caught, \
            Store.open(data, read_only=True) as store:
        [senco] = store.list_sencos()
        store.senco_answers(senco.id)
    assert f"the newest backup is {backup}" in str(caught.value)
    assert db.read_bytes() == before


def test_read_only_open_needs_an_existing_store(tmp_path):
    with pytest.raises(StoreError, match="no store here yet"):
        Store.open(tmp_path / "nothing", read_only=True)
    assert not (tmp_path / "nothing" / "senco.db").exists()


def test_read_only_open_reads_and_refuses_writes(tmp_path):
    data, _ = damaged_store(tmp_path)
    with Store.open(data, read_only=True) as store:
        [senco] = store.list_sencos()
        assert len(store.senco_answers(senco.id)) == 300
        with pytest.raises(StoreError):
            store.add_senco("Someone", "Else", "secondary")


def garble_a_notes_page(data):
    page = pragma(data / "senco.db", "page_size")
    with open(data / "senco.db", "r+b") as f:
        f.seek(page * 5)
        f.write(b"\xff" * page)


def test_read_only_open_checks_the_whole_file_not_just_what_it_reads(tmp_path, capsys):
    """A damaged file can answer some queries as if rows were missing, without any error:
    a command must never print "No open actions" from one. The check runs while the
    command reads, and the reading ends in the error, before anything is shown."""
    data, backup = damaged_store(tmp_path)
    garble_a_notes_page(data)
    before = (data / "senco.db").read_bytes()
    with pytest.raises(StoreError, match="is damaged") as caught, \
            Store.open(data, read_only=True) as store:
        assert [s.name for s in store.list_sencos()] == ["Jane"]  # this much reads well
    assert str(backup) in str(caught.value)
    for argv in (["actions"], ["export", "--senco", "Jane", "--year", "2026/27",
                               "--half-term", "autumn-1"]):
        code, out, err = run(capsys, "--data-dir", str(data), *argv)
        assert code == 1 and out == "" and "is damaged" in err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    # the app's first glance is unchecked (its full open follows at once, and refuses)
    with Store.glance(data) as glance:
        assert [s.name for s in glance.list_sencos()] == ["Jane"]
    with pytest.raises(StoreError, match="is damaged"):
        Store.open(data)
    assert (data / "senco.db").read_bytes() == before


@pytest.mark.parametrize(("code", "words"), [
    (14, "cannot open the store"),  # SQLITE_CANTOPEN: e.g. a folder that cannot be written
    (8, "cannot open the store"),  # SQLITE_READONLY
    (3, "cannot open the store"),  # SQLITE_PERM
    (5, "is busy"),
    (13, "disk is full"),
    (10, "could not be read or written"),
    (11, "is damaged"),  # SQLITE_CORRUPT
    (26, "is damaged"),  # SQLITE_NOTADB
])
def test_only_damage_is_called_damage(tmp_path, code, words):
    """A store that cannot be opened or written must not send anyone to an older backup."""
    exc = sqlite3.OperationalError("what SQLite said")
    exc.sqlite_errorcode = code | 0x100  # an extended code: the low byte is the primary one
    message = str(store_mod._trouble(tmp_path / "senco.db", exc))
    assert words in message
    assert ("backup" in message) == (words == "is damaged")


def test_a_store_that_cannot_be_written_is_refused_before_anything_is_typed(tmp_path,
                                                                           monkeypatch):
    data, _ = damaged_store(tmp_path)
    before = (data / "senco.db").read_bytes()
    # as root a chmod would not stop writes, so stand in for a read-only file or folder
    monkeypatch.setattr(store_mod.os, "access", lambda path, mode: False)
    with pytest.raises(StoreError, match="cannot save here: the file or its folder") as caught:
        Store.open(data)
    assert "damaged" not in str(caught.value) and "backup" not in str(caught.value)
    assert (data / "senco.db").read_bytes() == before
    with Store.open(data, read_only=True) as store:  # reading it still works
        assert [s.name for s in store.list_sencos()] == ["Jane"]
