"""The trust's commands: trust init/grant/revoke/who, store copy, backup, and choosing the
store; and that the SQLite path never loads the PostgreSQL driver."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import date

import psycopg
import pytest
from postgres_server import admin, conninfo
from psycopg.conninfo import conninfo_to_dict

from senco_tui.cli import main
from senco_tui.commands.trust import export_all
from senco_tui.paths import resolve
from senco_tui.records import HALF_TERMS
from senco_tui.store import Store, open_postgres, open_store


def run(*argv: str) -> int:
    return main(list(argv))


def test_the_sqlite_path_never_loads_the_postgres_driver(tmp_path):
    code = ("import sys, senco_tui.cli, senco_tui.store, senco_tui.commands.senco, "
            "senco_tui.commands.notes, senco_tui.meeting, senco_tui.export\n"
            "from senco_tui.cli import main\n"
            "assert main(['senco', 'add', 'Jane', '--school', 'Hill']) == 0\n"
            "assert main(['senco', 'list']) == 0\n"
            "assert 'psycopg' not in sys.modules, 'psycopg imported'")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_a_postgres_url_without_the_driver_says_how_to_install_it(tmp_path):
    code = ("import sys; sys.modules['psycopg'] = None\n"  # as if not installed
            "from senco_tui.cli import main\n"
            "sys.exit(main(['--store', 'postgresql://lm@db.example/trust', 'senco', 'list']))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr == ("senco-tui: the shared PostgreSQL store needs its driver: "
                           "pip install 'senco-tui[postgres]'\n")


def test_the_store_is_chosen_by_flag_then_environment_then_settings(tmp_path, monkeypatch):
    paths = resolve(tmp_path / "d", tmp_path / "c")
    assert paths.store_url() is None  # today's file, unchanged
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_text('store = "postgresql://lm@settings/trust"\n')
    assert paths.store_url() == "postgresql://lm@settings/trust"
    monkeypatch.setenv("SENCO_TUI_STORE", "postgresql://lm@env/trust")
    assert resolve(tmp_path / "d", tmp_path / "c").store_url() == "postgresql://lm@env/trust"
    assert resolve(tmp_path / "d", tmp_path / "c", "postgresql://lm@flag/t").store_url() == (
        "postgresql://lm@flag/t")
    paths.settings_file.write_text('store = "/srv/notes.db"\n')
    monkeypatch.delenv("SENCO_TUI_STORE")
    with pytest.raises(Exception, match="give a postgresql:// URL"):
        open_store(resolve(tmp_path / "d", tmp_path / "c"))


def test_backup_in_postgres_mode_points_at_pg_dump_and_writes_nothing(tmp_path, capsys):
    data = tmp_path / "data"
    assert run("--data-dir", str(data), "--store", "postgresql://lm@nowhere.invalid/t",
               "backup") == 1
    err = capsys.readouterr().err
    assert "backed up on its server, with pg_dump" in err and err.count("\n") == 1
    assert not data.exists()


def test_trust_commands_end_to_end(pg_db, pg_login, capsys):
    assert run("trust", "init", pg_db) == 0
    assert "created the store" in capsys.readouterr().out
    assert run("trust", "init", pg_db) == 0
    assert "up to date" in capsys.readouterr().out
    db = conninfo_to_dict(pg_db)["dbname"]
    lm, lm_url = pg_login("lm", dbname=db)
    boss, _ = pg_login("dir", dbname=db)
    store = ("--store", pg_db)
    assert run(*store, "trust", "grant", lm, "--line-manager-of", "Jane Smith") == 1
    assert "add --school SCHOOL" in capsys.readouterr().err
    assert run(*store, "trust", "grant", lm, "--line-manager-of", "Jane Smith",
               "--school", "Hill School", "--set", "primary") == 0
    assert run(*store, "trust", "grant", boss, "--director") == 0
    capsys.readouterr()
    assert run(*store, "trust", "who") == 0
    out = capsys.readouterr().out
    assert f"{lm}" in out and "Jane Smith" in out and "Hill School" in out
    assert boss in out and "director" in out
    # the line manager now uses it as their own store
    assert run("--store", lm_url, "senco", "list") == 0
    assert "Jane Smith" in capsys.readouterr().out
    assert run(*store, "trust", "revoke", lm) == 0
    capsys.readouterr()
    assert run("--store", lm_url, "senco", "list") == 1
    assert "has no part in this store yet" in capsys.readouterr().err


# -- store copy ----------------------------------------------------------------------


def fill(store, sencos: int = 3, seed: int = 7) -> None:
    """A few SENCos over two years: every kind of record, open and closed."""
    rng = random.Random(seed)
    for s in range(sencos):
        senco = store.add_senco(f"SENCo {s} Ñ", f"School {s}", "secondary")
        earlier = []
        for year in ("2025/26", "2026/27"):
            for ht in HALF_TERMS:
                m = store.get_or_create_meeting(senco.id, year, ht)
                for q in ("gcse-outcomes", "sen-register", "q-gone"):
                    store.set_status(m.id, q, "assess", f"Asked {q}?",
                                     rng.choice(("green", "amber", "red", "na", None)))
                    store.set_notes(m.id, q, "assess", f"Asked {q}?",
                                    f"Notes | {q} # {rng.random():.6f}\n- line")
                a = store.add_action(m.id, "gcse-outcomes", f"Do {ht} {year}", "SENCo",
                                     date(int(year[:4]), 12, rng.randint(1, 28)))
                store.add_action(m.id, None, "General", "", None)
                for old in earlier[-2:]:
                    store.review(m.id, kind="action", action_id=old,
                                 decision=rng.choice(("done", "open", "dropped")),
                                 note="seen")
                store.review(m.id, kind="question", question_id="sen-register", decision="open",
                             note="carry on")
                if rng.random() < 0.5:
                    store.set_meeting_details(m.id, held_on=date(int(year[:4]), 10, 1),
                                              attendees="Head, SENCo")
                earlier.append(a.id)


def test_store_copy_round_trips_without_a_byte_of_difference(tmp_path, pg_db, pg_login,
                                                               capsys):
    paths = resolve(tmp_path / "d", tmp_path / "c")
    school = tmp_path / "school"
    with Store.open(school) as store:
        fill(store)
    assert run("trust", "init", pg_db) == 0
    lm, lm_url = pg_login("lm", dbname=conninfo_to_dict(pg_db)["dbname"])
    # into the trust's store, by its owner, for a line manager
    assert run("store", "copy", "--from", str(school / "senco.db"), "--to", pg_db,
               "--line-manager", lm) == 0
    err = capsys.readouterr().err
    assert "copied 3 SENCos, 36 meetings, 108 answers, 72 actions" in err
    assert "checked: all 36 meetings export the same from both" in err
    # and back out, by the line manager, into a new folder
    back = tmp_path / "back"
    assert run("store", "copy", "--from", lm_url, "--to", str(back)) == 0
    capsys.readouterr()
    with Store.open(school, read_only=True) as a, Store.open(back, read_only=True) as b, \
            open_postgres(lm_url) as shared:
        original, returned, there = (export_all(s, paths) for s in (a, b, shared))
        assert len(original) == 36
        assert original == there == returned  # every export, byte for byte
        def kept(x):  # ids are the destination's own
            return (x.text, x.owner, x.due, x.status, x.created_at, x.closed_at, x.version)

        assert [kept(x) for x in a.all_actions()] == [kept(x) for x in b.all_actions()]
        assert [r.decision for s in a.list_sencos() for r in a.senco_reviews(s.id)] == [
            r.decision for s in b.list_sencos() for r in b.senco_reviews(s.id)]


def test_store_copy_refuses_a_store_that_holds_sencos_without_merge(tmp_path, capsys):
    one, two = tmp_path / "one", tmp_path / "two"
    with Store.open(one) as store:
        store.add_senco("Jane", "Hill", "secondary")
    with Store.open(two) as store:
        store.add_senco("Sam", "Vale", "secondary")
    assert run("store", "copy", "--from", str(one), "--to", str(two)) == 1
    assert "already holds 1 SENCo; nothing was copied. Add --merge" in capsys.readouterr().err
    assert run("store", "copy", "--from", str(one), "--to", str(two), "--merge") == 0
    with Store.open(two) as store:
        assert [s.name for s in store.list_sencos()] == ["Jane", "Sam"]
    capsys.readouterr()
    assert run("store", "copy", "--from", str(one), "--to", str(two), "--merge") == 1
    assert "already has a SENCo called 'Jane'" in capsys.readouterr().err


def test_a_meeting_prepared_by_the_senco_and_held_by_the_line_manager_exports_as_on_sqlite(
        tmp_path, trust_db, pg_login):
    paths = resolve(tmp_path / "d", tmp_path / "c")
    db = conninfo_to_dict(trust_db)["dbname"]
    lm, lm_url = pg_login("lm", dbname=db)
    jane, jane_url = pg_login("jane", dbname=db)
    from senco_tui.store.postgres_trust import TrustAdmin

    with TrustAdmin(trust_db) as owner:
        owner.grant(lm, "line_manager", "Jane Smith", school="Hill")
        owner.grant(jane, "senco", "Jane Smith")

    def prepare(store, senco_id):
        m = store.get_or_create_meeting(senco_id, "2026/27", "autumn-1")
        store.set_notes(m.id, "gcse-outcomes", "assess", "Reviewed GCSE outcomes?",
                        "Gap narrowed for K pupils")
        store.add_action(m.id, "gcse-outcomes", "Share the analysis", "SENCo", date(2026, 10, 1))
        return m

    def hold(store, m):
        store.set_status(m.id, "gcse-outcomes", "assess", "Reviewed GCSE outcomes?", "amber")
        store.set_meeting_details(m.id, held_on=date(2026, 9, 20), attendees="Jane, Head")

    with open_postgres(jane_url) as store:
        m = prepare(store, store.find_senco("Jane Smith").id)
    with open_postgres(lm_url) as store:
        hold(store, m)
        shared = export_all(store, paths)
    with Store.open(tmp_path / "file") as store:
        senco = store.add_senco("Jane Smith", "Hill", "secondary")
        hold(store, prepare(store, senco.id))
        alone = export_all(store, paths)
    assert shared == alone and "Gap narrowed" in next(iter(shared.values()))


# -- faults: one line each, saying what to do ---------------------------------------------


def tcp(url: str, **changes) -> str:
    with psycopg.connect(url) as conn:
        port = conn.execute("SHOW port").fetchone()[0]
    return conninfo(url, host="127.0.0.1", port=port, **changes)


def one_line_error(*argv: str, capsys) -> str:
    assert run(*argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_wrong_password(line_manager_url, capsys):
    bad = conninfo(line_manager_url, password="not-it")
    err = one_line_error("--store", bad, "senco", "list", capsys=capsys)
    assert "refused the password" in err and "~/.pgpass" in err and "not-it" not in err


def test_server_down(pg_url, capsys):
    closed = conninfo(pg_url, host="127.0.0.1", port="9", dbname="trust")  # nothing listens
    err = one_line_error("--store", closed, "senco", "list", capsys=capsys)
    assert "cannot reach the server" in err and "check that it is running" in err


def test_tls_refused(line_manager_url, capsys):
    err = one_line_error("--store", tcp(line_manager_url, sslmode="require"), "senco", "list",
                         capsys=capsys)
    assert "secure (TLS) connection was refused" in err


def test_a_database_without_the_store(pg_db, pg_login, capsys):
    _, url = pg_login("lm", dbname=conninfo_to_dict(pg_db)["dbname"])
    err = one_line_error("--store", url, "senco", "list", capsys=capsys)
    assert "holds no senco-tui store yet" in err and "senco-tui trust init URL" in err


def test_the_owner_is_not_used_as_a_person(trust_db, capsys):
    err = one_line_error("--store", trust_db, "senco", "list", capsys=capsys)
    assert "owns the store's tables" in err and "connect as your own role" in err


def test_server_restarted_mid_meeting_reports_one_line_then_carries_on(line_manager_url,
                                                                      pg_url):
    from senco_tui.store import StoreError

    with open_postgres(line_manager_url) as store:
        senco = store.add_senco("Jane", "Hill", "secondary")
        m = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")

        def cut() -> None:  # what a restart does to the session: it is gone
            pid = store._conn.info.backend_pid
            with admin(pg_url) as conn:
                conn.execute("SELECT pg_terminate_backend(%s)", (pid,))

        cut()
        with pytest.raises(StoreError, match="lost the connection to the server.*kept"):
            store.set_notes(m.id, "q1", "assess", "Q?", "typed during the restart")
        # the next call connects again, and the save goes through
        assert store.set_notes(m.id, "q1", "assess", "Q?", "typed during the restart").notes
        cut()
        assert store.answers(m.id)["q1"].notes == "typed during the restart"  # a read retries


def test_a_line_manager_copies_their_own_file_into_the_trust_store(tmp_path, trust_db,
                                                                   pg_login, capsys):
    school = tmp_path / "school"
    with Store.open(school) as store:
        fill(store, sencos=1)
    db = conninfo_to_dict(trust_db)["dbname"]
    lm, lm_url = pg_login("lm", "senco_tui_line_managers", dbname=db)
    _, other_url = pg_login("lm2", "senco_tui_line_managers", dbname=db)
    assert run("store", "copy", "--from", str(school), "--to", lm_url) == 0
    assert "checked: all 12 meetings export the same" in capsys.readouterr().err
    with open_postgres(lm_url) as mine, open_postgres(other_url) as theirs:
        assert [s.name for s in mine.list_sencos()] == ["SENCo 0 Ñ"]  # theirs now
        assert theirs.list_sencos() == []
