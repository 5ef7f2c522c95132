"""`senco-tui` on a shared store opens it while Textual is imported (store.opening_ahead):
the app gets that store, or the one line its opening met, as if it had opened it itself."""

from __future__ import annotations

import sys
import threading

import pytest
from postgres_server import admin, conninfo
from psycopg.conninfo import conninfo_to_dict
from tui_helpers import started, wait_until

from senco_tui.cli import main
from senco_tui.commands import app as app_command
from senco_tui.paths import resolve
from senco_tui.store import StoreError, open_postgres, open_store, opening_ahead
from senco_tui.store.postgres import PostgresStore
from senco_tui.tui.screens.error import ErrorScreen
from senco_tui.tui.screens.home import HomeScreen


class Terminal:
    def isatty(self) -> bool:
        return True


def run_home(monkeypatch, url: str, check) -> int:
    """`senco-tui` with this store, headless; check(pilot) runs once the app has started,
    and ends it."""
    seen: list[str] = []

    def run(app):
        async def pilot(pilot):
            await started(pilot)
            try:
                await check(pilot)
            except BaseException:
                pilot.app.exit()
                raise

        app.run(headless=True, size=(120, 40), auto_pilot=pilot)
        seen.append("ran")
        return app.return_code or 0

    monkeypatch.setattr(app_command, "_run", run)
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(sys, "stdout", Terminal())
    monkeypatch.setenv("SENCO_TUI_STORE", url)
    code = main([])
    assert seen == ["ran"]
    return code


def opened_in(monkeypatch, stores: list | None = None) -> list[str]:
    """The threads that open a shared store from now on, one name per opening (and the
    stores opened, into `stores`)."""
    threads: list[str] = []
    real = PostgresStore.open.__func__

    def open_(cls, url, **kw):
        threads.append(threading.current_thread().name)
        store = real(cls, url, **kw)
        if stores is not None:
            stores.append(store)
        return store

    monkeypatch.setattr(PostgresStore, "open", classmethod(open_))
    return threads


def test_the_app_starts_on_the_store_opened_ahead(monkeypatch, line_manager_url):
    with open_postgres(line_manager_url) as store:
        store.add_senco("Jane Smith", "Hillside Academy", "secondary")
    threads = opened_in(monkeypatch)

    async def check(pilot):
        assert isinstance(pilot.app.screen, HomeScreen)
        assert [s.name for s in pilot.app.screen.sencos] == ["Jane Smith"]
        pilot.app.exit()

    assert run_home(monkeypatch, line_manager_url, check) == 0
    # opened once, beside the main thread, and that is the store the app used
    assert threads == ["senco-tui store"]


def test_a_wrong_password_met_ahead_is_the_apps_one_line(monkeypatch, line_manager_url):
    wrong = conninfo(line_manager_url, password="not-this-one")

    async def check(pilot):
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ErrorScreen),
                         "the error screen")
        message = pilot.app.screen.message
        assert "refused the password" in message
        assert len(message.splitlines()) == 1
        await pilot.press("q")

    assert run_home(monkeypatch, wrong, check) == 1


def test_the_store_is_taken_where_it_is_wanted_with_its_error(tmp_path, line_manager_url):
    wrong = conninfo(line_manager_url, password="not-this-one")
    paths = resolve(tmp_path / "data", tmp_path / "config", wrong)
    with opening_ahead(paths):  # raises nothing itself
        with pytest.raises(StoreError, match="refused the password"):
            open_store(paths)
        # taken once: a second open tries again, as without opening ahead
        with pytest.raises(StoreError, match="refused the password"):
            open_store(paths)


def test_a_store_opened_ahead_and_not_taken_is_closed(tmp_path, monkeypatch, pg_url,
                                                       line_manager_url):
    stores: list[PostgresStore] = []
    opened_in(monkeypatch, stores)
    role = conninfo_to_dict(line_manager_url)["user"]
    paths = resolve(tmp_path / "data", tmp_path / "config", line_manager_url)

    def sessions() -> int:
        with admin(pg_url) as conn:
            return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE usename = %s",
                                (role,)).fetchone()[0]

    with opening_ahead(paths):
        pass  # say the app refused to start: no terminal
    # closed on leaving, not whenever the thread and the garbage collector get to it
    assert len(stores) == 1 and stores[0]._conn.closed
    # a closed connection's server process may take a moment to go
    for _ in range(200):
        if sessions() == 0:
            break
        threading.Event().wait(0.05)
    assert sessions() == 0


def test_nothing_is_opened_ahead_for_the_sqlite_file(tmp_path, monkeypatch):
    threads = opened_in(monkeypatch)
    paths = resolve(tmp_path / "data", tmp_path / "config")
    with opening_ahead(paths):
        assert "senco-tui store" not in [t.name for t in threading.enumerate()]
    assert threads == []
