"""A huge pasted note (5 MB) is kept whole, and never freezes the meeting screen.

Textual's editor wraps all of its text on every load (~2 s a wrap for 5 MB, three
wraps to show a question): notes longer than NOTES_EDIT_LIMIT show their start,
read-only, and say so; all of them stay in the store and the export.
"""

from __future__ import annotations

from textual import events
from tui_helpers import meeting_ready, wait_until
from tui_seed import TODAY

from senco_tui.store import Store
from senco_tui.tui.app import SencoApp
from senco_tui.tui.meeting.render import NOTES_EDIT_LIMIT

LINE = "Pupil A: reading age 9.2, spelling 8.7; SaLT follow-up booked. "
HUGE = "\n".join(LINE * 30 for _ in range(5_000_000 // (len(LINE) * 30)))  # ~5 MB


def new_store(paths):
    with Store.open(paths.data_dir) as store:
        jane = store.add_senco("Jane Smith", "Hillside Academy", "secondary")
        return store.get_or_create_meeting(jane.id, "2026/27", "autumn-2")


def saved(paths, meeting) -> dict[str, str]:
    with Store.open(paths.data_dir) as store:
        return {q: a.notes for q, a in store.answers(meeting.id).items()}


def start(paths):
    return SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "autumn-2"))


async def test_a_5_mb_paste_is_kept_whole_through_save_and_reload(paths):
    meeting = new_store(paths)
    async with start(paths).run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = pilot.app.screen
        question = screen.current.view.question.id
        await pilot.press("e")
        await pilot.press(*"Before it. ")
        screen.editor.move_cursor((0, len("Before")))
        pilot.app.post_message(events.Paste(HUGE))
        await wait_until(pilot, lambda: screen.editor.read_only, "the huge paste taken")
        # saved at once, the start shown read-only, and the title says why
        whole = "Before" + HUGE + " it. "
        assert saved(paths, meeting)[question] == whole
        assert screen.editor.read_only
        assert screen.editor.text == whole[:NOTES_EDIT_LIMIT]
        title = str(screen.query_one("#notes-title").render())
        assert title.startswith("Notes: 5.0 MB, too long to edit here")
        await pilot.press(*"xyz", "escape", "j", "k")  # typing changes nothing
        assert saved(paths, meeting)[question] == whole
        await pilot.press("ctrl+q")
    assert saved(paths, meeting)[question] == whole

    async with start(paths).run_test(size=(80, 24)) as pilot:  # reopened
        await ready(pilot)
        screen = pilot.app.screen
        assert screen.current.view.question.id == question
        assert screen.editor.read_only and screen.editor.text == whole[:NOTES_EDIT_LIMIT]
        await pilot.press("j")
        assert not screen.editor.read_only  # the next question's notes are editable
        assert "Notes  (e edit" in str(screen.query_one("#notes-title").render())
        await pilot.press("e", *"short", "escape", "k")
    notes = saved(paths, meeting)
    assert notes[question] == whole
    assert "short" in notes.values()


async def test_a_paste_that_fits_is_the_editors_own(paths):
    meeting = new_store(paths)
    async with start(paths).run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = pilot.app.screen
        question = screen.current.view.question.id
        await pilot.press("e")
        pilot.app.post_message(events.Paste(LINE))
        await wait_until(pilot, lambda: screen.editor.text, "the paste taken")
        assert not screen.editor.read_only and screen.editor.text == LINE
        await pilot.press("escape")
    assert saved(paths, meeting)[question] == LINE


async def test_a_paste_with_terminal_line_ends_keeps_its_lines(paths):
    # terminals paste a line end as CR (xterm, tmux): each one is a new line in the notes
    meeting = new_store(paths)
    async with start(paths).run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = pilot.app.screen
        question = screen.current.view.question.id
        await pilot.press("e")
        pilot.app.post_message(events.Paste("Pupil A: SaLT\rPupil B: EP\r\nPupil C"))
        await pilot.pause()
        assert screen.editor.text == "Pupil A: SaLT\nPupil B: EP\nPupil C"
        await pilot.press("escape")
    assert saved(paths, meeting)[question] == "Pupil A: SaLT\nPupil B: EP\nPupil C"


async def test_last_times_huge_notes_are_shown_in_part_with_the_question(paths):
    meeting = new_store(paths)
    with Store.open(paths.data_dir) as store:
        earlier = store.get_or_create_meeting(meeting.senco_id, "2026/27", "autumn-1")
    async with start(paths).run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = pilot.app.screen
        view = screen.current.view
        with Store.open(paths.data_dir) as store:
            store.set_notes(earlier.id, view.question.id, view.section.slug,
                            view.question.ask, HUGE)
    async with start(paths).run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        shown = pilot.app.screen.query_one("#question").plain
        assert "Last time (Autumn 1" in shown and "(5.0 MB in all)" in shown
        assert len(shown) < 10_000


async def ready(pilot) -> None:
    await wait_until(pilot, lambda: meeting_ready(pilot.app), "the meeting screen")
