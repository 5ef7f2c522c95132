"""The shared store's first look, read by a forked child (store/shared_glance.py).

The fork runs in a fresh interpreter (a subprocess): a pytest worker has threads of its
own, where the glance rightly refuses to fork.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest
from postgres_server import conninfo, create_database, create_login, drop_database, drop_logins

from senco_tui.store import StoreError, open_postgres
from senco_tui.store.shared_glance import reading_ahead, take

# In a fresh interpreter: start the child, run `inside` (a function of the URL and a
# dict to fill), print the dict as JSON with this process's children (a zombie left
# would be one).
SCRIPT = """
import json, os, sys
from pathlib import Path
{before}
from senco_tui.store.shared_glance import Refused, reading_ahead, take

{inside}

url = sys.argv[1]
out = {{}}
with reading_ahead(url):
    inside(url, out)
me = str(os.getpid())

def parent(p):
    try:
        return (p / "stat").read_text().rsplit(")", 1)[1].split()[1]
    except OSError:
        return None  # another process of the machine's, ended while we looked

out["children"] = [p.name for p in Path("/proc").iterdir() if p.name.isdigit()
                   and parent(p) == me]
print(json.dumps(out))
"""

TAKE = """
def inside(url, out):
    try:
        glance = take(url)
    except Refused as exc:
        out["refused"] = str(exc)
        return
    out["started"] = glance is not None
    if glance is not None:
        out["sencos"] = [list(s) for s in glance.list_sencos()]
        out["where"] = glance.where
        out["notice"], out["refusal"] = glance.notice, glance.refusal
        # anything else: the store opened fully, here
        found = glance.find_senco("Jane Smith")
        out["found"] = list(found) if found else None
        glance.close()
"""


def run(url: str, inside: str = TAKE, before: str = "") -> dict:
    script = SCRIPT.format(before=before, inside=inside)
    done = subprocess.run([sys.executable, "-c", script, url], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # the child says nothing on the terminal
    return json.loads(done.stdout)


@pytest.fixture
def two_sencos(line_manager_url):
    with open_postgres(line_manager_url) as store:
        store.add_senco("Jane Smith", "Hillside Academy", "secondary")
        store.add_senco("Ade Bello", "Brook Primary", "primary", carry_policy="amber-and-red")
        return store.list_sencos(), store.where


def test_the_glance_holds_the_stores_sencos_and_leaves_no_child(line_manager_url, two_sencos):
    sencos, where = two_sencos
    out = run(line_manager_url)
    assert out["started"] is True
    assert out["sencos"] == [list(s) for s in sencos]
    assert out["where"] == where
    assert out["notice"] is None and out["refusal"] is None
    assert out["found"] == list(next(s for s in sencos if s.name == "Jane Smith"))
    assert out["children"] == []


def test_the_glance_reads_as_the_same_role(trust_db, pg_login, two_sencos):
    """Another line manager's glance shows none of them: the child connects as the URL's
    role, held to the same policies."""
    from psycopg.conninfo import conninfo_to_dict

    _, other = pg_login("lm", "senco_tui_line_managers",
                        dbname=conninfo_to_dict(trust_db)["dbname"])
    out = run(other)
    assert out["started"] is True and out["sencos"] == []


def test_a_refused_login_is_the_one_line_the_full_open_gives(line_manager_url, two_sencos):
    wrong = conninfo(line_manager_url, password="not-the-password")
    with pytest.raises(StoreError) as today:
        open_postgres(wrong)
    out = run(wrong)
    assert out["refused"] == str(today.value)
    assert "refused the password" in out["refused"] and "\n" not in out["refused"]
    assert out["children"] == []


def test_a_missing_driver_is_the_one_line_install_hint(line_manager_url):
    out = run(line_manager_url, before="sys.modules['psycopg'] = None  # not installed")
    assert out["refused"] == ("the shared PostgreSQL store needs its driver: "
                              "pip install 'senco-tui[postgres]'")
    assert out["children"] == []


def test_a_glance_never_taken_is_ended_and_reaped(line_manager_url, two_sencos):
    # the app failed before its first screen: the child must not linger, nor its zombie
    out = run(line_manager_url, inside="def inside(url, out):\n    out['untaken'] = True")
    assert out == {"untaken": True, "children": []}


def test_no_fork_with_a_thread_running_the_app_opens_the_store_itself(line_manager_url):
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        with reading_ahead(line_manager_url):
            assert take(line_manager_url) is None
    finally:
        stop.set()
        thread.join()


# -- export: the named SENCo's records read ahead while the command imports -------------


def export(url: str, *args: str, fork: bool, monkeypatch, capsys) -> tuple[int, str, str]:
    """`senco-tui --store URL export ARGS`: in a process of its own (where the child is
    forked), or here with the fork turned off (the store opened as before)."""
    argv = ["--store", url, "export", *args]
    if fork:
        done = subprocess.run([sys.executable, "-m", "senco_tui", *argv], capture_output=True,
                              text=True, timeout=60)
        return done.returncode, done.stdout, done.stderr
    from senco_tui import cli
    from senco_tui.store import shared_glance

    with monkeypatch.context() as patch:
        patch.setattr(shared_glance, "can_fork", lambda: False)
        code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def filled_template(pg_url, trust_template):
    """A store filled once (test_trust_cli.fill: ~400 writes, most of a second) by a line
    manager of its own: (its database, the line manager's URL on it)."""
    from test_trust_cli import fill

    name = create_database(pg_url, trust_template, prefix="senco_filled")
    lm, password = create_login(pg_url, "lm", "senco_tui_line_managers")
    url = conninfo(pg_url, user=lm, password=password, dbname=name)
    with open_postgres(url) as store:
        fill(store)
    yield name, url
    drop_database(pg_url, name)
    drop_logins(pg_url, lm)


@pytest.fixture
def filled(pg_url, filled_template):
    """The filled store, a copy of its own: its line manager's URL."""
    template, url = filled_template
    name = create_database(pg_url, template)
    yield conninfo(url, dbname=name)
    drop_database(pg_url, name)


@pytest.mark.parametrize("senco, year, half_term", [
    ("SENCo 1 Ñ", "2025/26", "autumn-1"),
    ("SENCo 1 Ñ", "2026/27", "summer-2"),  # the most carried in
    ("senco 2 ñ", "2026/27", "spring-1"),  # another case: read ahead all the same
    ("SENCo 2", "2026/27", "spring-1"),  # partial: not read ahead, found by the command
])
def test_export_read_ahead_is_byte_for_byte_the_export(filled, monkeypatch, capsys, senco,
                                                       year, half_term):
    args = ("--senco", senco, "--year", year, "--half-term", half_term, "--detail")
    ahead = export(filled, *args, fork=True, monkeypatch=monkeypatch, capsys=capsys)
    before = export(filled, *args, fork=False, monkeypatch=monkeypatch, capsys=capsys)
    assert ahead == before
    assert ahead[0] == 0 and ahead[1].startswith("# Line-management meeting: SENCo ")


@pytest.mark.parametrize("case", ["password", "no senco", "no meeting"])
def test_export_read_ahead_says_the_same_one_line(filled, monkeypatch, capsys, case):
    url = conninfo(filled, password="not-it") if case == "password" else filled
    args = ("--senco", "Nobody" if case == "no senco" else "SENCo 0 Ñ", "--year",
            "2024/25" if case == "no meeting" else "2025/26", "--half-term", "autumn-1")
    ahead = export(url, *args, fork=True, monkeypatch=monkeypatch, capsys=capsys)
    before = export(url, *args, fork=False, monkeypatch=monkeypatch, capsys=capsys)
    assert ahead == before
    assert ahead[0] == 1 and ahead[1] == "" and ahead[2].count("\n") == 1


@pytest.mark.parametrize("pipelines", [True, False], ids=["pipeline", "libpq-13"])
@pytest.mark.parametrize("name", ["SENCo 1 Ñ", "  senco 2 ñ ", "SENCo 2", "Nobody"])
def test_the_read_ahead_pipeline_gives_what_the_reads_one_by_one_give(filled, pg_login, name,
                                                                       pipelines, monkeypatch):
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    # a libpq before 14 has no pipelines: the same statements go one by one
    monkeypatch.setattr(psycopg.Pipeline, "is_supported", staticmethod(lambda: pipelines))

    with open_postgres(filled) as store:
        sencos, senco_id, records = store.senco_glance(name)
        assert sencos == store.list_sencos()
        found = store.find_senco(name)
        assert senco_id == (found.id if found else None)
        if found:
            assert records == (store.list_meetings(found.id), store.senco_answers(found.id),
                               store.senco_actions(found.id), store.senco_reviews(found.id))
            assert all(records)
        else:
            assert records == ([], [], [], [])
    # another line manager, by name too: none of it (the same policies)
    _, other = pg_login("lm", "senco_tui_line_managers",
                        dbname=conninfo_to_dict(filled)["dbname"])
    with open_postgres(other) as store:
        assert store.senco_glance(name) == ([], None, ([], [], [], []))
