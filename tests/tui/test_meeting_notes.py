"""A question's notes in the meeting screen: typed as text, saved on leaving, by the
debounce, on quitting and when the window closes (Pilot)."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest
from textual.widgets import OptionList
from tui_helpers import highlighted_row, jump_to, meeting, paste, shown, wait_until
from tui_seed import meeting_answers

# a debounce that never fires within a test: what is saved was saved by leaving, quitting
NEVER = 600.0


def notes_of(paths, question_id: str) -> str | None:
    answers, _ = meeting_answers(paths)
    return answers[question_id].notes if question_id in answers else None


async def test_keys_type_in_the_editor_and_notes_save_on_leaving(autumn_1_paths):
    async with meeting(autumn_1_paths, notes_debounce=NEVER) as pilot:
        app = pilot.app
        screen = app.screen
        await jump_to(pilot, "q:interventions-running")
        await pilot.press("enter")  # edit notes
        # typed one key at a time: in the editor the meeting's keys are text
        await pilot.press(*"jk 1234 0 q a x")
        assert screen.query_one("#notes").text == "jk 1234 0 q a x"
        assert highlighted_row(app) == "q:interventions-running"
        await pilot.press("escape")
        # saved on leaving, no waiting for the timer (which never fires here)
        await wait_until(pilot, lambda: notes_of(autumn_1_paths, "interventions-running"),
                         "the notes saved on leaving the editor")
        answers, _ = meeting_answers(autumn_1_paths)
        assert answers["interventions-running"].notes == "jk 1234 0 q a x"
        assert answers["interventions-running"].status is None
        # switching question by mouse while editing saves too
        await pilot.press("e")
        await paste(pilot, " more")
        await pilot.click("#outline", offset=(5, 1))
        await wait_until(pilot, lambda: notes_of(autumn_1_paths, "interventions-running")
                         != "jk 1234 0 q a x", "the notes saved on clicking away")
        answers, _ = meeting_answers(autumn_1_paths)
        assert answers["interventions-running"].notes == "jk 1234 0 q a x more"


async def test_notes_saved_by_the_debounce_without_leaving(autumn_1_paths):
    # the app's own debounce (0.8 s): the save comes while the editor keeps the keys
    async with meeting(autumn_1_paths) as pilot:
        screen = pilot.app.screen
        await jump_to(pilot, "q:interventions-running")
        await pilot.press("e")
        await paste(pilot, "EP visit booked")
        assert "interventions-running" not in meeting_answers(autumn_1_paths)[0]
        await wait_until(pilot, lambda: notes_of(autumn_1_paths, "interventions-running"),
                         "the debounce to save the notes")
        assert screen.query_one("#notes").has_focus
        assert meeting_answers(autumn_1_paths)[0]["interventions-running"].notes == (
            "EP visit booked")


async def test_quit_while_typing_keeps_the_notes(autumn_1_paths):
    async with meeting(autumn_1_paths, notes_debounce=NEVER) as pilot:
        await jump_to(pilot, "q:interventions-running")
        await pilot.press("e")
        await paste(pilot, "typed just before quitting")
        await pilot.press("ctrl+q")
    assert meeting_answers(autumn_1_paths)[0]["interventions-running"].notes == (
        "typed just before quitting")


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
async def test_closing_the_window_keeps_the_notes_typed_just_before(autumn_1_paths, signum):
    """A closed terminal window (SIGHUP) or a kill (SIGTERM) within the debounce."""
    # if the app did not catch the signal, this stand-in does: the test fails, not the run
    previous = signal.signal(signum, lambda *_: None)
    try:
        async with meeting(autumn_1_paths, notes_debounce=NEVER) as pilot:
            app = pilot.app
            await jump_to(pilot, "q:interventions-running")
            await pilot.press("e")
            await paste(pilot, "typed just before the window closed")
            os.kill(os.getpid(), signum)
            for _ in range(500):  # not pilot.pause(): it waits on screens that are closing
                if not app.is_running:
                    break
                await asyncio.sleep(0.01)
            assert not app.is_running
    finally:
        signal.signal(signum, previous)
    assert meeting_answers(autumn_1_paths)[0]["interventions-running"].notes == (
        "typed just before the window closed")


async def test_notes_without_a_status_are_marked_in_the_outline(autumn_1_paths):
    async with meeting(autumn_1_paths, notes_debounce=NEVER) as pilot:
        screen = pilot.app.screen
        await jump_to(pilot, "q:interventions-running")
        outline = screen.query_one("#outline", OptionList)
        row = screen.outline.index_of["q:interventions-running"]

        def mark() -> str:
            return str(outline.get_option_at_index(row).prompt)[:3]

        assert mark() == " · "
        await pilot.press("e")
        await paste(pilot, "EP visit booked")
        await pilot.press("escape")
        await wait_until(pilot, lambda: mark() != " · ", "the row marked as having notes")
        assert mark() == " ✎ "
        assert "Status:  ✎  Notes, no status" in shown(screen, "#status-line")
        await pilot.press("1")  # a status replaces the mark
        await wait_until(pilot, lambda: mark() != " ✎ ", "the row marked Green")
        assert mark() == " G "


async def test_leaving_the_notes_editor_shows_the_notes_from_their_first_line(seeded_paths):
    async with meeting(seeded_paths, size=(80, 24)) as pilot:
        screen = pilot.app.screen
        await jump_to(pilot, "q:profile-reviews")
        editor = screen.query_one("#notes")
        await pilot.press("e")
        await paste(pilot, "".join(f"line {n}\n" for n in range(8)))
        await wait_until(pilot, lambda: editor.scroll_offset.y > 0,
                         "the editor scrolled to the cursor")
        assert editor.scroll_offset.y > 0  # the cursor's line, at the bottom
        await pilot.press("escape")
        await wait_until(pilot, lambda: not editor.has_focus, "the editor left")
        assert editor.scroll_offset.y == 0
        await pilot.press("e")  # editing again: back to the end, where the cursor is
        await wait_until(pilot, lambda: editor.scroll_offset.y > 0,
                         "the editor scrolled back to the cursor")
        assert editor.scroll_offset.y > 0
