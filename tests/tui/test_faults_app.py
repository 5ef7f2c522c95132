"""The app's side of the faults in tests/test_faults.py (Pilot): hostile text shown, never
obeyed; a lost store refused; a note that is not UTF-8 opened; a full disk read-only; the
store replaced under it; checklists that are pipes or nested too deep; a crash.

What the terminal would receive is read from the screen as Textual composes it: the
text of every segment of every line.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import stat
from datetime import date

import pytest
from textual import events
from textual.widgets import Static
from tui_helpers import (
    go_to_question,
    home_ready,
    meeting_ready,
    paste,
    record_notices,
    running,
    screen_open,
    wait_until,
)
from tui_seed import TODAY, seed

from senco_tui.checklist import load_glossary
from senco_tui.meeting import load_notes
from senco_tui.paths import builtin_checklists
from senco_tui.records import Action
from senco_tui.store import Store
from senco_tui.store import sqlite as store_mod
from senco_tui.tui.app import SencoApp
from senco_tui.tui.screens.error import ErrorScreen, ProblemsScreen
from senco_tui.tui.screens.export import ExportScreen
from senco_tui.tui.screens.forms import ActionDialog, ConfirmDialog, SencoForm, UpdateDialog
from senco_tui.tui.screens.home import HomeScreen

HOSTILE = "Jo\x1b]0;PWNED\x07 Bloggs\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07 \u202eevil\u202c \x9b31m"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def on_screen(app) -> str:
    """Every character the screen (toasts included) would send to the terminal as text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def assert_safe(app) -> str:
    text = on_screen(app)
    found = UNSAFE.search(text)
    assert found is None, f"{found.group()!r} reaches the terminal"
    return text


def raw(paths, sql: str, *params) -> None:
    """Write past the store, as an older senco-tui or another tool would have."""
    conn = sqlite3.connect(paths.database)
    with conn:
        conn.execute(sql, params)
    conn.close()


def hostile_store(paths) -> None:
    seed(paths, autumn_2=True)
    raw(paths, "UPDATE sencos SET name = ?, school = ? WHERE name = 'Jane Smith'",
        HOSTILE, HOSTILE)
    raw(paths, "UPDATE actions SET text = ?, owner = ?", HOSTILE, HOSTILE)
    raw(paths, "UPDATE answers SET notes = ?", HOSTILE)


# ---------------------------------------------------------------- 3. escape injection


async def test_home_and_senco_form_show_hostile_names_safely(paths):
    hostile_store(paths)
    app = SencoApp(paths, today=TODAY)
    async with running(app) as pilot:
        assert isinstance(app.screen, HomeScreen)
        text = assert_safe(app)
        assert "Bloggs[2J" in text  # shown, not obeyed
        if "Bloggs" not in app.screen.senco.name:  # the hostile SENCo, wherever it sorts
            await pilot.press("down")
        await pilot.press("e")
        await screen_open(pilot, SencoForm)
        assert_safe(app)
        name = app.screen.query_one("#name")
        assert not UNSAFE.search(name.value)
        # a paste with escapes in it: its text kept, its escapes not
        name.value = ""
        name.post_message(events.Paste(f"Pasted{HOSTILE}"))
        await wait_until(pilot, lambda: name.value.startswith("Pasted"), "the paste")
        assert name.value.startswith("PastedJo]0;PWNED Bloggs[2J")
        assert_safe(app)
        await pilot.press("enter")  # saved as shown: clean
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home again")
        assert_safe(app)
    with Store.open(paths.data_dir, read_only=True) as store:
        assert any(s.name.startswith("PastedJo]0;PWNED") for s in store.list_sencos())


async def test_toasts_show_hostile_text_and_markup_as_text(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_until(pilot, lambda: home_ready(app), "the home screen")
        # a name with a stray closing tag crashed Textual's markup; a click tag ran an action
        app.notify(f"Saved {HOSTILE} [/b] [@click=app.quit]quit[/]", title=HOSTILE)
        await wait_until(pilot, lambda: "[@click=app.quit]" in on_screen(app), "the toast")
        text = assert_safe(app)
        assert "[/b]" in text and "[@click=app.quit]" in text
        assert app.is_running


async def test_dialogs_problems_and_errors_show_hostile_text_safely(paths):
    hostile_store(paths)
    app = SencoApp(paths, today=TODAY)
    action = Action(1, 1, None, HOSTILE, HOSTILE, date(2026, 12, 1), "open", "", None, None)
    async with running(app) as pilot:
        for screen in (ActionDialog(HOSTILE, lambda *a: action, TODAY, action),
                       UpdateDialog(HOSTILE, lambda note: None, HOSTILE),
                       ConfirmDialog(HOSTILE, HOSTILE, HOSTILE, "Yes"),
                       ProblemsScreen(HOSTILE, f"{HOSTILE}\n{HOSTILE}", HOSTILE),
                       ErrorScreen(HOSTILE)):
            await app.push_screen(screen)
            await wait_until(pilot, lambda screen=screen: app.screen is screen
                             and "Bloggs" in on_screen(app), type(screen).__name__)
            assert "Bloggs[2J" in assert_safe(app), type(screen).__name__
            if isinstance(screen, ActionDialog):
                shown = on_screen(app).count("Bloggs")
                screen.error(HOSTILE)
                await wait_until(pilot, lambda shown=shown: on_screen(app).count("Bloggs")
                                 > shown, "the dialog's error")
                assert_safe(app)
            if not isinstance(screen, ErrorScreen):
                screen.dismiss(None)
                await pilot.pause()


async def test_export_preview_shows_hostile_notes_safely(paths):
    hostile_store(paths)
    with Store.open(paths.data_dir, read_only=True) as store:
        senco = next(s for s in store.list_sencos() if "Bloggs" in s.name)
        meeting = store.find_meeting(senco.id, "2026/27", "autumn-1")
        notes = load_notes(store, meeting.id, None, load_glossary(), TODAY,
                           checklist_title="secondary")
    app = SencoApp(paths, today=TODAY)
    async with running(app) as pilot:
        await app.push_screen(ExportScreen(notes))
        await screen_open(pilot, ExportScreen)
        assert "Bloggs" in assert_safe(app)


# ---------------------------------------------------------------- 4. the store replaced


@pytest.mark.parametrize("how", ["renamed onto it", "copied over it"])
async def test_the_store_replaced_under_the_app_stops_saving_and_keeps_the_notes(paths, how):
    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with running(app, ready=meeting_ready, what="the meeting") as pilot:
        notices = record_notices(app)
        assert app.writable() and app.store._identity is not None  # fully open
        with Store.open(paths.data_dir, read_only=True) as store:
            backup = store.backup()
        if how == "renamed onto it":
            copy = paths.data_dir / "copy.db"
            shutil.copy(backup, copy)
            os.replace(copy, paths.database)
        else:  # `cp backup senco.db`, with the app open: the same file, rewritten
            shutil.copyfile(backup, paths.database)
        before = paths.database.read_bytes()
        await go_to_question(pilot, "profile-reviews")
        await pilot.press("e")
        await paste(pilot, "typed after the swap")
        await pilot.press("escape")
        await wait_until(pilot, lambda: any("is no longer the file senco-tui opened" in n
                                            for n in notices), "the one line")
        assert "typed after the swap" in on_screen(app)  # still there to copy
        assert app.is_running
    assert paths.database.read_bytes() == before


# ---------------------------------------------------------------- 5. a lost store


@pytest.mark.parametrize("state", ["missing", "empty"])
async def test_a_lost_store_beside_backups_is_refused_naming_the_newest(paths, state):
    seed(paths)
    with Store.open(paths.data_dir) as store:
        newest = store.backup()
    if state == "missing":
        paths.database.unlink()
    else:
        paths.database.write_bytes(b"")
    app = SencoApp(paths, today=TODAY)
    async with running(app, ready=lambda app: isinstance(app.screen, ErrorScreen),
                       what="the error screen") as pilot:
        # not "Welcome! Add your SENCo"
        assert f'senco-tui restore "{newest}"' in app.screen.message
        await pilot.press("q")
    assert app.return_code == 1
    assert paths.database.exists() == (state == "empty")
    assert paths.database.exists() is False or paths.database.stat().st_size == 0


# ---------------------------------------------------------------- 6. not UTF-8


async def test_a_note_that_is_not_utf8_opens_with_replacement_characters(paths):
    seed(paths, autumn_2=True)
    raw(paths, "UPDATE answers SET notes = CAST(? AS TEXT) WHERE notes != ''",
        "Pupil R\xe9mi, confidential".encode("latin-1"))
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "autumn-1"))
    async with running(app, ready=meeting_ready, what="the meeting") as pilot:
        await go_to_question(pilot, "gcse-outcomes")
        assert "Pupil R\ufffdmi, confidential" in on_screen(app)
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")


# ---------------------------------------------------------------- 9. a full disk


async def test_a_full_disk_opens_read_only_and_refuses_saves_in_one_line(paths, monkeypatch):
    seed(paths, autumn_2=True)  # no backup yet today: the app's open makes the daily one

    def no_space(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store_mod, "_link_backup", no_space)
    app = SencoApp(paths, today=TODAY)
    async with running(app) as pilot:
        notices = record_notices(app)
        assert "Jane Smith" in on_screen(app)
        await pilot.press("n")  # a new SENCo: refused in the dialog, what was typed kept
        await screen_open(pilot, SencoForm)
        await paste(pilot, "Sam Jones")
        await pilot.press("enter")
        error = app.screen.query_one(".dialog-error")
        await wait_until(pilot, lambda: str(error.render()), "the dialog's error")
        assert str(error.render()).startswith("Read-only: the backup of")
        assert "disk is full" in str(error.render())
        assert app.screen.query_one("#name").value == "Sam Jones"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        # the notes can still be read: a meeting held opens
        app.open_meeting(app.store.find_senco("Jane Smith"), "2026/27", "autumn-1")
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        await go_to_question(pilot, "gcse-outcomes")
        assert "Gap between SEND and non-SEND widened in maths." in on_screen(app)
        await pilot.press("1")  # a status: refused in one line, the app goes on
        await wait_until(pilot, lambda: any(n.startswith("Not saved: Read-only: ")
                                            for n in notices), "the read-only line")
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        # one never held cannot be made: one line, and the app goes on
        before = len(notices)
        app.open_meeting(app.store.find_senco("Jane Smith"), "2026/27", "summer-2")
        await wait_until(pilot, lambda: len(notices) > before, "a line")
        assert notices[-1].startswith("Read-only: ")
        assert isinstance(app.screen, HomeScreen) and app.is_running
        # notes: kept on screen, and nothing promises what cannot happen (retries)
        app.open_meeting(app.store.find_senco("Jane Smith"), "2026/27", "autumn-1")
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting again")
        await go_to_question(pilot, "gcse-outcomes")
        await pilot.press("e")
        await paste(pilot, " Typed while read-only.")
        await pilot.press("escape")
        title = app.screen.query_one("#notes-title")
        await wait_until(pilot, lambda: "NOT SAVED" in str(title.render()), "NOT SAVED")
        assert "saving works again after a restart" in str(title.render())
        await pilot.press("q")  # asks first, saying what will work
        await screen_open(pilot, ConfirmDialog)
        said = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "start senco-tui again to save" in said


# ---------------------------------------------------------------- 10. checklist files


@pytest.mark.parametrize("kind", ["fifo", "nested"])
async def test_a_checklist_that_is_a_pipe_or_nested_too_deep_never_hangs_or_crashes(paths,
                                                                                   kind):
    seed(paths)
    folder = paths.user_checklists / "mine"
    shutil.copytree(builtin_checklists() / "secondary", folder)
    set_file = folder / "set.yaml"
    set_file.write_text(re.sub(r"(?m)^name: .*$", "name: mine", set_file.read_text()))
    target = folder / "autumn-2.yaml"
    target.unlink()
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.write_text("half_term: autumn-2\nsections: " + "[" * 100_000 + "\n")
    with Store.open(paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        store.update_senco(jane.id, name=jane.name, school=jane.school, checklist_set="mine")
    app = SencoApp(paths, today=TODAY)
    async with running(app) as pilot:
        app.open_meeting(app.store.find_senco("Jane Smith"), "2026/27", "autumn-2")
        await wait_until(pilot, lambda: isinstance(app.screen, ProblemsScreen), "problems")
        words = "not a regular file" if kind == "fifo" else f"{target}:2: lists and"
        assert words in app.screen.text
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        assert app.is_running


# ---------------------------------------------------------------- 11. a crash


async def test_a_crash_in_the_app_goes_to_a_private_file_and_exits_1(paths, monkeypatch,
                                                                    capsys):
    seed(paths)

    def bug(self):
        raise RuntimeError("Jane Smith: confidential note")

    monkeypatch.setattr(HomeScreen, "action_add_senco", bug)
    app = SencoApp(paths, today=TODAY)
    with pytest.raises(RuntimeError):  # Pilot hands the crash on to the test
        async with running(app) as pilot:
            await pilot.press("n")
            await pilot.pause()
    assert app.return_code == 1
    [crash] = paths.data_dir.glob("crash-*.txt")
    assert stat.S_IMODE(crash.stat().st_mode) == 0o600
    assert "confidential note" in crash.read_text()
    # what the terminal gets: one line naming the file, no traceback
    assert capsys.readouterr().err == (
        f"senco-tui: unexpected error (a bug in senco-tui); the details are in {crash} (they "
        "may include names and notes: share that file with care)\n")


async def test_a_date_another_program_wrote_badly_is_one_line_not_a_crash(paths, capsys):
    """senco-tui writes ISO dates; one that is not a date came from another program: the
    user is told what and where, in one line, and no crash file claims a bug."""
    seed(paths)
    with sqlite3.connect(paths.data_dir / "senco.db") as db:
        db.execute("UPDATE actions SET due = '2026-13-45'")
    db.close()
    app = SencoApp(paths, today=TODAY)
    with pytest.raises(store_mod.StoreError):  # Pilot hands it on to the test
        async with running(app) as pilot:
            await pilot.pause()
    assert app.return_code == 1
    assert not list(paths.data_dir.glob("crash-*.txt"))
    assert capsys.readouterr().err == (
        "senco-tui: senco.db holds an action's due date that is not a date ('2026-13-45'): "
        "another program may have changed it; nothing was changed. Clear or correct it "
        "with an SQLite tool, or go back to a backup with senco-tui restore\n")


def test_the_apps_exit_status_is_non_zero_after_a_crash():
    from senco_tui.commands.app import _run

    class Crashed:
        return_code = 1

        def run(self):
            return None

    assert _run(Crashed()) == 1


async def test_the_meeting_screen_shows_hostile_text_safely(paths):
    hostile_store(paths)
    app = SencoApp(paths, today=TODAY, meet=("Bloggs", "2026/27", "autumn-2"))
    async with running(app, ready=meeting_ready, what="the meeting") as pilot:
        assert_safe(app)  # title, carried items (hostile action text and owner)
        await go_to_question(pilot, "interventions-running")  # hostile notes in the editor
        assert_safe(app)
        editor = app.screen.query_one("#notes")
        assert "Bloggs[2J" in editor.text and not UNSAFE.search(editor.text)
        # shown cleaned, but not saved cleaned until it is edited
        app.screen.flush_notes()
        meeting = app.screen.session.meeting
        with Store.open(paths.data_dir) as store:
            assert store.answers(meeting.id)["interventions-running"].notes == HOSTILE
        # a paste with escapes in it: its words kept, its escapes not
        await pilot.press("e")
        app.post_message(events.Paste(" then \x1b]52;c;cGF3bmVk\x07pasted"))
        await wait_until(pilot, lambda: editor.text.endswith("pasted"), "the paste")
        assert editor.text.endswith(" then ]52;c;cGF3bmVkpasted")
        assert_safe(app)
