"""Every write of the meeting screen under a store that refuses it: a full disk, an I/O
error, and the database locked by another program for longer than the app waits.

Each time the app stays up, says so in one line, keeps what was typed (in the editor
or the dialog), and saves it once the fault clears. The writes come in three tests a
fault (the question's, the actions', the carried items' and the meeting's), so they run
side by side.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

import pytest
from textual.widgets import Input, Static
from tui_helpers import back_to, highlighted_row, jump_to, meeting, paste, screen_open, wait_until
from tui_seed import TODAY, seed

from senco_tui.store import Store
from senco_tui.tui.app import SencoApp
from senco_tui.tui.meeting.rows import CarriedRow, QuestionRow
from senco_tui.tui.meeting.screen import MeetingScreen
from senco_tui.tui.screens.forms import (
    ActionDialog,
    ConfirmDialog,
    DropDialog,
    MeetingDetails,
    UpdateDialog,
)

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


KINDS = ["full", "io", "locked"]


def error_in(dialog) -> str:
    return str(dialog.query_one(".dialog-error", Static).render())


class Writes:
    """One app on Jane Smith's Autumn 2 meeting, one fault, and what the app said. Its
    methods only wait: the tests assert."""

    def __init__(self, pilot, kind: str):
        self.pilot, self.app = pilot, pilot.app
        self.screen = self.app.screen
        self.said: list[str] = []
        notify = self.app.notify
        self.app.notify = lambda message, *a, **kw: (self.said.append(message),
                                                     notify(message, *a, **kw))
        self.fault = Fault(kind, self.app)

    async def press_for_word(self, *keys: str) -> None:
        """Press keys; wait until the app has said something more."""
        before = len(self.said)
        await self.pilot.press(*keys)
        await wait_until(self.pilot, lambda: len(self.said) > before, f"a word after {keys}")

    async def until(self, condition, what: str) -> None:
        await wait_until(self.pilot, condition, what)

    async def dialog(self, key: str, kind: type):
        await self.pilot.press(key)
        await screen_open(self.pilot, kind)
        return self.app.screen

    async def enter_refused(self, dialog) -> None:
        """enter in a dialog while the fault is on; wait until it says why."""
        await self.pilot.press("enter")
        await self.until(lambda: self.fault.words in error_in(dialog), "the dialog to say why")

    async def enter_back(self) -> None:
        """enter (a dialog saved, or a yes); wait for the meeting screen."""
        await self.pilot.press("enter")
        await back_to(self.pilot, self.screen)


@pytest.mark.parametrize("kind", KINDS)
async def test_a_status_and_notes_survive_a_refusing_store(seeded_paths, kind):
    async with meeting(seeded_paths, notes_debounce=0.05) as pilot:
        w = Writes(pilot, kind)
        app, screen, fault = w.app, w.screen, w.fault
        assert isinstance(screen, MeetingScreen)

        # a status
        await jump_to(pilot, "q:profile-reviews")
        with fault.on():
            await w.press_for_word("2")
            told(w.said, fault.words)
        assert records(seeded_paths)[0]["profile-reviews"].status == "red"
        await pilot.press("2")
        await w.until(lambda: records(seeded_paths)[0]["profile-reviews"].status != "red",
                      "the status saved once the fault has cleared")
        assert records(seeded_paths)[0]["profile-reviews"].status == "amber"

        # notes: kept in the editor, retried by the next save
        typed = "Y9 reviews moved to December"
        with fault.on():
            before = len(w.said)
            await pilot.press("e")
            await paste(pilot, typed)
            # refused by the debounce's save or by the one on leaving, whichever came first
            # (the second says nothing new)
            await pilot.press("escape")
            await w.until(lambda: len(w.said) > before and "NOT SAVED" in str(
                screen.query_one("#notes-title", Static).render()), "NOT SAVED on the notes")
            told(w.said, fault.words)
            assert "NOT SAVED" in str(screen.query_one("#notes-title", Static).render())
            await pilot.press("j", "k")
            await w.until(lambda: highlighted_row(app) == "q:profile-reviews"
                          and screen.editor.question_id == "profile-reviews", "back on it")
            assert screen.editor.text == typed
        await pilot.press("j")
        await w.until(lambda: records(seeded_paths)[0]["profile-reviews"].notes,
                      "the notes saved once the fault has cleared")
        assert records(seeded_paths)[0]["profile-reviews"].notes == typed
        assert "NOT SAVED" not in str(screen.query_one("#notes-title", Static).render())
        assert app.is_running
        assert isinstance(screen.current, QuestionRow | CarriedRow)


@pytest.mark.parametrize("kind", KINDS)
async def test_an_action_added_edited_ticked_and_dropped_survives_a_refusing_store(
        seeded_paths, kind):
    async with meeting(seeded_paths, notes_debounce=0.05) as pilot:
        w = Writes(pilot, kind)
        app, screen, fault = w.app, w.screen, w.fault

        def status_of(action) -> list[str]:
            return [a.status for a in records(seeded_paths)[1] if a.id == action.id]

        # a new action: the dialog stays open with what was typed
        await jump_to(pilot, "q:profile-reviews")
        dialog = await w.dialog("a", ActionDialog)
        assert isinstance(dialog, ActionDialog)
        dialog.query_one("#text", Input).value = "Finish the reviews"
        dialog.query_one("#owner", Input).value = "SENCo"
        with fault.on():
            await w.enter_refused(dialog)
            assert app.screen is dialog and fault.words in error_in(dialog)
            assert dialog.query_one("#text", Input).value == "Finish the reviews"
        await w.enter_back()
        assert app.screen is screen
        [added] = [a for a in records(seeded_paths)[1] if a.text == "Finish the reviews"]

        # editing it: the same
        dialog = await w.dialog("E", ActionDialog)
        assert isinstance(dialog, ActionDialog)
        dialog.query_one("#text", Input).value = "Finish all the reviews"
        with fault.on():
            await w.enter_refused(dialog)
            assert app.screen is dialog and fault.words in error_in(dialog)
        await w.enter_back()
        assert app.screen is screen
        assert [a.text for a in records(seeded_paths)[1] if a.id == added.id] == [
            "Finish all the reviews"]

        # ticking it, then dropping it
        with fault.on():
            await w.press_for_word("x")
            told(w.said, fault.words)
        assert status_of(added) == ["open"]
        await pilot.press("x")
        await w.until(lambda: status_of(added) != ["open"], "the tick saved")
        assert status_of(added) == ["done"]
        with fault.on():
            dialog = await w.dialog("d", ConfirmDialog)
            assert isinstance(dialog, ConfirmDialog)
            await w.press_for_word("enter")
            told(w.said, fault.words)
        await back_to(pilot, screen)
        assert app.screen is screen
        await w.dialog("d", ConfirmDialog)
        await w.enter_back()
        assert status_of(added) == ["dropped"]
        assert app.is_running
        assert isinstance(screen.current, QuestionRow | CarriedRow)


@pytest.mark.parametrize("kind", KINDS)
async def test_carried_items_and_the_meetings_details_survive_a_refusing_store(
        seeded_paths, kind):
    async with meeting(seeded_paths, notes_debounce=0.05) as pilot:
        w = Writes(pilot, kind)
        app, screen, fault = w.app, w.screen, w.fault

        # carried items: done, kept open with an update, dropped
        def reviews():
            return records(seeded_paths)[2]

        carried = [row for row in screen.outline.rows if isinstance(row, CarriedRow)]
        first, second, third = (row.id for row in carried[:3])
        await jump_to(pilot, first)
        with fault.on():
            await w.press_for_word("x")
            told(w.said, fault.words)
        assert reviews() == []
        await pilot.press("x")
        await w.until(reviews, "the carried item's review saved")
        assert [r.decision for r in reviews()] == ["done"]

        await jump_to(pilot, second)
        dialog = await w.dialog("u", UpdateDialog)
        assert isinstance(dialog, UpdateDialog)
        dialog.query_one("#note", Input).value = "Half of them booked"
        with fault.on():
            await w.enter_refused(dialog)
            assert app.screen is dialog and fault.words in error_in(dialog)
            assert dialog.query_one("#note", Input).value == "Half of them booked"
        await w.enter_back()
        assert app.screen is screen
        assert "Half of them booked" in [r.note for r in reviews()]

        # the reason asked for stays in the dialog, which says why, like the others
        await jump_to(pilot, third)
        dialog = await w.dialog("d", DropDialog)
        assert isinstance(dialog, DropDialog)
        with fault.on():
            await w.enter_refused(dialog)
            assert app.screen is dialog and fault.words in error_in(dialog)
        assert len(reviews()) == 2
        await w.enter_back()
        assert sorted(r.decision for r in reviews()) == ["done", "dropped", "open"]

        # the meeting's details
        dialog = await w.dialog("m", MeetingDetails)
        assert isinstance(dialog, MeetingDetails)
        dialog.query_one("#attendees", Input).value = "Jane Smith (SENCo)"
        with fault.on():
            await w.enter_refused(dialog)
            assert app.screen is dialog and fault.words in error_in(dialog)
        await w.enter_back()
        assert app.screen is screen
        assert records(seeded_paths)[3].attendees == "Jane Smith (SENCo)"
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
