"""A store that is damaged, or that refuses a save: the app says so in words, and what
was typed is kept on screen until it can be saved (Pilot)."""

from __future__ import annotations

import asyncio

from tui_helpers import (
    back_to,
    highlighted_row,
    home,
    jump_to,
    meeting,
    paste,
    record_notices,
    running,
    screen_open,
    shown,
    wait_until,
)
from tui_seed import TODAY, meeting_answers, seed

from senco_tui.store import StoreError
from senco_tui.tui.app import SencoApp
from senco_tui.tui.screens.error import ErrorScreen
from senco_tui.tui.screens.forms import ConfirmDialog, SencoForm

NOT_A_DATABASE = b"this is not a database" * 100


def on_error_screen(app) -> bool:
    return isinstance(app.screen, ErrorScreen) and app.focused is not None


def refuse(*args, **kwargs):
    raise StoreError("database or disk is full")


async def test_damaged_store_shows_where_the_backup_is(paths):
    paths.data_dir.mkdir(parents=True)
    paths.database.write_bytes(NOT_A_DATABASE)
    app = SencoApp(paths, today=TODAY)
    async with running(app, size=(80, 24), ready=on_error_screen, what="the error screen") \
            as pilot:
        assert isinstance(app.screen, ErrorScreen)
        assert str(paths.database) in shown(app.screen, "#error-message")
        # the first screen here, yet styled by screens.tcss like every screen but home
        assert app.screen.query_one("#error-box").styles.border_top[0] == "thick"
        await pilot.press("q")
    assert (app.return_value, app.return_code) == (1, 1)  # as the Quit button
    assert paths.database.read_bytes() == NOT_A_DATABASE


async def test_damaged_store_quit_button_exits_with_status_1(paths):
    paths.data_dir.mkdir(parents=True)
    paths.database.write_bytes(NOT_A_DATABASE)
    app = SencoApp(paths, today=TODAY)
    async with running(app, size=(80, 24), ready=on_error_screen, what="the error screen") \
            as pilot:
        await pilot.click("#error-quit")
    assert (app.return_value, app.return_code) == (1, 1)


async def test_store_damaged_inside_is_found_after_the_first_screen(paths):
    seed(paths)
    data = bytearray(paths.database.read_bytes())
    page = 4096
    data[page * 2:page * 4] = b"\xff" * (page * 2)  # wreck two pages, keep the header
    paths.database.write_bytes(bytes(data))
    app = SencoApp(paths, today=TODAY)
    async with running(app, size=(80, 24), ready=on_error_screen, what="the error screen"):
        assert isinstance(app.screen, ErrorScreen)
        assert "damaged" in shown(app.screen, "#error-message")
        assert app.screen.query_one("#error-box").styles.border_top[0] == "thick"
    assert paths.database.read_bytes() == bytes(data)


async def test_first_run_with_an_empty_file_is_not_called_damaged(paths):
    paths.data_dir.mkdir(parents=True)
    paths.database.write_bytes(b"")
    async with home(paths, size=(80, 24)) as pilot:
        await screen_open(pilot, SencoForm)
        assert isinstance(pilot.app.screen, SencoForm)


async def test_notes_a_save_refused_are_kept_shown_retried_and_asked_about(
        seeded_paths, monkeypatch):
    async with meeting(seeded_paths, size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        await jump_to(pilot, "q:profile-reviews")
        save = app.store.set_notes
        monkeypatch.setattr(app.store, "set_notes", refuse)
        said = record_notices(app)
        typed = "Y9 reviews moved to December"
        await pilot.press("e")
        await paste(pilot, typed)
        await pilot.press("escape", "j", "k")  # leave the editor, away and back
        await wait_until(pilot, lambda: highlighted_row(app) == "q:profile-reviews"
                         and screen.editor.question_id == "profile-reviews",
                         "profile-reviews shown again")
        assert highlighted_row(app) == "q:profile-reviews"
        assert screen.query_one("#notes").text == typed  # still there, not an empty box
        assert "NOT SAVED" in shown(screen, "#notes-title")
        assert any("database or disk is full" in n for n in said)
        # quitting asks first, and enter keeps the app (and the notes)
        await pilot.press("ctrl+q")
        await screen_open(pilot, ConfirmDialog)
        assert isinstance(app.screen, ConfirmDialog)
        assert "could not be saved" in app.screen.subject
        await pilot.press("enter")
        await back_to(pilot, screen)
        assert app.screen is screen and app.is_running
        await pilot.press("q")  # back to home asks too
        await screen_open(pilot, ConfirmDialog)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await back_to(pilot, screen)
        assert app.screen is screen
        # the disk has room again: the next save writes the notes kept in memory
        monkeypatch.setattr(app.store, "set_notes", save)
        await pilot.press("j")
        await wait_until(pilot, lambda: "NOT SAVED" not in shown(screen, "#notes-title"),
                         "the notes saved once the disk has room")
        assert meeting_answers(seeded_paths)[0]["profile-reviews"].notes == typed
        assert "NOT SAVED" not in shown(screen, "#notes-title")
        await pilot.press("ctrl+q")
        for _ in range(500):  # not pilot.pause(): it waits on screens that are closing
            if not app.is_running:
                break
            await asyncio.sleep(0.01)
        assert not app.is_running  # everything saved: no question asked


async def test_while_saves_fail_the_title_and_footer_speak_of_the_notes_on_screen(
        seeded_paths, monkeypatch):
    # the debounce's save is the one refused first, while the editor is open
    async with meeting(seeded_paths, size=(80, 24), notes_debounce=0.05) as pilot:
        app = pilot.app
        screen = app.screen
        await jump_to(pilot, "q:profile-reviews")
        save = app.store.set_notes
        monkeypatch.setattr(app.store, "set_notes", refuse)

        def escape_key() -> str:
            return screen.active_bindings["escape"].binding.description

        title = screen.query_one("#notes-title")
        await pilot.press("e")
        assert escape_key() == "Leave editor (saved)"
        await paste(pilot, "Y9 reviews moved")
        await wait_until(pilot, lambda: title.has_class("-unsaved"),
                         "the debounce's save refused")
        assert escape_key() == "Leave editor (NOT saved yet)"
        assert "NOT SAVED" in shown(screen, "#notes-title") and title.has_class("-unsaved")
        await pilot.press("escape", "j")  # to a question whose (empty) notes are saved
        await wait_until(pilot, lambda: highlighted_row(app) != "q:profile-reviews"
                         and not title.has_class("-unsaved"), "the next question shown")
        assert screen.query_one("#notes").text == ""
        assert not title.has_class("-unsaved")
        assert "NOT SAVED" not in shown(screen, "#notes-title")
        assert "unsaved notes on 1 other question" in shown(screen, "#notes-title")
        await pilot.press("e")
        assert escape_key() == "Leave editor (saved)"
        await pilot.press("escape", "k")
        await wait_until(pilot, lambda: highlighted_row(app) == "q:profile-reviews"
                         and title.has_class("-unsaved"), "profile-reviews shown again")
        assert "NOT SAVED" in shown(screen, "#notes-title") and title.has_class("-unsaved")
        monkeypatch.setattr(app.store, "set_notes", save)  # the disk has room again
        await pilot.press("j")
        await wait_until(pilot, lambda: shown(screen, "#notes-title").startswith("Notes  ("),
                         "the notes saved once the disk has room")
        assert shown(screen, "#notes-title").startswith("Notes  (e edit")
