"""Every write of the meeting screen under a store that refuses it: a full disk, an I/O
error, and the database locked by another program for longer than the app waits.

Each time the app stays up, says so in one line, keeps what was typed (in the editor
or the dialog), and saves it once the fault clears.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

import pytest
from textual import events
from textual.widgets import Input, Static
from tui_helpers import started
from tui_seed import TODAY, seed

from senco_tui.store import Store
from senco_tui.tui.app import SencoApp
from senco_tui.tui.meeting.rows import CarriedRow, QuestionRow
from senco_tui.tui.meeting.screen import MeetingScreen
from senco_tui.tui.screens.forms import ActionDialog, ConfirmDialog, MeetingDetails, UpdateDialog

# SQLite's primary result codes
FULL, IOERR = 13, 10


def _error(message: str, code: int) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = code
    return exc


class Refusing:
    """The store's connection, refusing every write while `error` is set (what SQLite
    raises on a full disk or a failing one)."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn
        self.error: sqlite3.Error | None = None

    def execute(self, sql: str, params=()):
        if self.error is not None and sql.lstrip().upper().startswith(
                ("BEGIN", "INSERT", "UPDATE", "DELETE")):
            raise self.error
        return self._conn.execute(sql, params)

    def __getattr__(self, name):
        return getattr(self._conn, name)


class Fault:
    """Switches one kind of fault on and off for a running app."""

    def __init__(self, kind: str, app: SencoApp):
        self.kind, self.app = kind, app
        self._holder: sqlite3.Connection | None = None
        if kind != "locked":
            # the store's own connection: the seam for faults SQLite cannot be made to
            # raise on demand (the locked case below is a real second program)
            self.conn = Refusing(app.store._conn)
            app.store._conn = self.conn

    @contextlib.contextmanager
    def on(self) -> Iterator[None]:
        if self.kind == "full":
            self.conn.error = _error("database or disk is full", FULL)
        elif self.kind == "io":
            self.conn.error = _error("disk I/O error", IOERR | (3 << 8))  # IOERR_WRITE
        else:
            self._holder = sqlite3.connect(self.app.store.path, isolation_level=None)
            self._holder.execute("BEGIN IMMEDIATE")  # another program, writing
        try:
            yield
        finally:
            if self.kind == "locked":
                self._holder.execute("ROLLBACK")
                self._holder.close()
            else:
                self.conn.error = None

    @property
    def words(self) -> str:
        return {"full": "the disk is full", "io": "could not be read or written",
                "locked": "the store is busy"}[self.kind]


def told(said: list[str], words: str) -> None:
    """The last thing said is one line, and says what went wrong."""
    assert said, "nothing was said"
    assert words in said[-1] and "\n" not in said[-1], said[-1]


def records(paths):
    with Store.open(paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        m2 = store.find_meeting(jane.id, "2026/27", "autumn-2")
        return (store.answers(m2.id), store.senco_actions(jane.id),
                store.senco_reviews(jane.id), store.get_meeting(m2.id))


async def settle(pilot):
    await pilot.pause()
    await pilot.pause()


async def to_row(pilot, screen: MeetingScreen, row_id: str) -> None:
    screen.outline.go_to(row_id)
    screen.outline.focus()
    await settle(pilot)
    assert screen.current is not None and screen.current.id == row_id


async def paste(pilot, text: str) -> None:
    """Text pasted, in one event, as the terminal's driver sends it (to the app, which
    gives it to the focused widget)."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


def error_in(dialog) -> str:
    return str(dialog.query_one(".dialog-error", Static).render())


@pytest.mark.parametrize("kind", ["full", "io", "locked"])
async def test_every_write_survives_a_refusing_store(paths, kind):
    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None), notes_debounce=0.05)
    said: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        notify = app.notify
        app.notify = lambda message, *a, **kw: (said.append(message), notify(message, *a, **kw))
        fault = Fault(kind, app)

        # a status
        await to_row(pilot, screen, "q:profile-reviews")
        with fault.on():
            await pilot.press("2")
            await settle(pilot)
            told(said, fault.words)
        assert records(paths)[0]["profile-reviews"].status == "red"
        await pilot.press("2")
        await settle(pilot)
        assert records(paths)[0]["profile-reviews"].status == "amber"

        # notes: kept in the editor, retried by the next save
        typed = "Y9 reviews moved to December"
        with fault.on():
            await pilot.press("e")
            await paste(pilot, typed)
            await pilot.press("escape")
            await settle(pilot)
            told(said, fault.words)
            assert "NOT SAVED" in str(screen.query_one("#notes-title", Static).render())
            await pilot.press("j", "k")
            await settle(pilot)
            assert screen.editor.text == typed
        await pilot.press("j")
        await settle(pilot)
        assert records(paths)[0]["profile-reviews"].notes == typed
        assert "NOT SAVED" not in str(screen.query_one("#notes-title", Static).render())

        # a new action: the dialog stays open with what was typed
        await to_row(pilot, screen, "q:profile-reviews")
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        dialog.query_one("#text", Input).value = "Finish the reviews"
        dialog.query_one("#owner", Input).value = "SENCo"
        with fault.on():
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is dialog and fault.words in error_in(dialog)
            assert dialog.query_one("#text", Input).value == "Finish the reviews"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        [added] = [a for a in records(paths)[1] if a.text == "Finish the reviews"]

        # editing it: the same
        await pilot.press("E")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        dialog.query_one("#text", Input).value = "Finish all the reviews"
        with fault.on():
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is dialog and fault.words in error_in(dialog)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert [a.text for a in records(paths)[1] if a.id == added.id] == [
            "Finish all the reviews"]

        # ticking it, then dropping it
        with fault.on():
            await pilot.press("x")
            await settle(pilot)
            told(said, fault.words)
        assert [a.status for a in records(paths)[1] if a.id == added.id] == ["open"]
        await pilot.press("x")
        await settle(pilot)
        assert [a.status for a in records(paths)[1] if a.id == added.id] == ["done"]
        with fault.on():
            await pilot.press("d")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("enter")
            await settle(pilot)
            told(said, fault.words)
        assert app.screen is screen
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert [a.status for a in records(paths)[1] if a.id == added.id] == ["dropped"]

        # carried items: done, kept open with an update, dropped
        def reviews():  # of the carried items (the new action's ticks are reviews too)
            return [r for r in records(paths)[2] if r.action_id != added.id]

        carried = [row for row in screen.outline.rows if isinstance(row, CarriedRow)]
        first, second, third = (row.id for row in carried[:3])
        await to_row(pilot, screen, first)
        with fault.on():
            await pilot.press("x")
            await settle(pilot)
            told(said, fault.words)
        assert reviews() == []
        await pilot.press("x")
        await settle(pilot)
        assert [r.decision for r in reviews()] == ["done"]

        await to_row(pilot, screen, second)
        await pilot.press("u")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, UpdateDialog)
        dialog.query_one("#note", Input).value = "Half of them booked"
        with fault.on():
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is dialog and fault.words in error_in(dialog)
            assert dialog.query_one("#note", Input).value == "Half of them booked"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert "Half of them booked" in [r.note for r in reviews()]

        await to_row(pilot, screen, third)
        with fault.on():
            await pilot.press("d")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            told(said, fault.words)
        assert len(reviews()) == 2
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert sorted(r.decision for r in reviews()) == ["done", "dropped", "open"]

        # the meeting's details
        await pilot.press("m")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, MeetingDetails)
        dialog.query_one("#attendees", Input).value = "Jane Smith (SENCo)"
        with fault.on():
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is dialog and fault.words in error_in(dialog)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert records(paths)[3].attendees == "Jane Smith (SENCo)"
        assert app.is_running
        assert isinstance(screen.current, QuestionRow | CarriedRow)


async def test_notes_no_save_would_take_are_kept_in_a_private_file_when_the_window_closes(
        paths, monkeypatch):
    import asyncio
    import os
    import signal

    from tui_helpers import go_to_question, record_notices, running

    from senco_tui.store import StoreError

    seed(paths, autumn_2=True)
    previous = signal.signal(signal.SIGHUP, lambda *_: None)  # the test fails, not the run
    try:
        app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
        async with running(app, ready=lambda a: isinstance(a.screen, MeetingScreen)
                           and a.screen.current is not None, what="the meeting") as pilot:
            def refuse(*args, **kwargs):
                raise StoreError("the disk is full")

            monkeypatch.setattr(app.store, "set_notes", refuse)
            await go_to_question(pilot, "profile-reviews")
            await pilot.press("e")
            await paste(pilot, "Y9 reviews moved to December")
            os.kill(os.getpid(), signal.SIGHUP)  # the window closes
            for _ in range(500):
                if not app.is_running:
                    break
                await asyncio.sleep(0.01)
    finally:
        signal.signal(signal.SIGHUP, previous)
    [rescued] = list(paths.data_dir.glob("unsaved-notes-*.txt"))
    assert "Have profile/ IEP reviews happened?\nY9 reviews moved to December" in \
        rescued.read_text()
    assert oct(rescued.stat().st_mode & 0o777) == "0o600"
    # the next start says where they are
    app = SencoApp(paths, today=TODAY)
    said = record_notices(app)
    async with running(app):
        pass
    assert any(str(rescued) in message for message in said)


async def test_notes_a_save_refused_are_tried_again_on_their_own(paths, monkeypatch):
    from tui_helpers import go_to_question, running, wait_until

    from senco_tui.store import StoreError
    from senco_tui.tui.meeting import screen as meeting_screen

    monkeypatch.setattr(meeting_screen, "RETRY_EVERY", 0.2)
    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None), notes_debounce=0.05)
    async with running(app, ready=lambda a: isinstance(a.screen, MeetingScreen)
                       and a.screen.current is not None, what="the meeting") as pilot:
        save = app.store.set_notes

        def refuse(*args, **kwargs):
            raise StoreError("the server is not answering")

        monkeypatch.setattr(app.store, "set_notes", refuse)
        await go_to_question(pilot, "profile-reviews")
        await pilot.press("e")
        await paste(pilot, "Typed while offline")
        await pilot.press("escape")
        await wait_until(pilot, lambda: "NOT SAVED" in str(
            app.screen.query_one("#notes-title", Static).render()), "NOT SAVED")
        monkeypatch.setattr(app.store, "set_notes", save)  # the server is back
        # no key pressed: the notes go in on their own
        await wait_until(pilot, lambda: records(paths)[0].get("profile-reviews") is not None
                         and records(paths)[0]["profile-reviews"].notes == "Typed while offline",
                         "the notes saved again")
        await wait_until(pilot, lambda: "NOT SAVED" not in str(
            app.screen.query_one("#notes-title", Static).render()), "the title cleared")
