"""A whole meeting through the app, as a user would run it (Pilot)."""

from __future__ import annotations

import asyncio
import os
import signal
import stat
from datetime import date

import pytest
from textual.geometry import Region
from textual.widgets import Static
from tui_helpers import go_to_row, home_ready, meeting_ready, wait_until
from tui_seed import TODAY, current, seed, type_text

from senco_tui.store import Store
from senco_tui.tui.app import SencoApp
from senco_tui.tui.meeting.screen import MeetingScreen
from senco_tui.tui.screens.error import ErrorScreen, ProblemsScreen
from senco_tui.tui.screens.export import ExportScreen, MarkdownPreview
from senco_tui.tui.screens.forms import ActionDialog, ChooseMeeting, SencoForm, UpdateDialog
from senco_tui.tui.screens.help import HelpScreen
from senco_tui.tui.screens.home import HomeScreen


def meeting_answers(paths, half_term="autumn-2"):
    with Store.open(paths.data_dir) as store:
        senco = store.find_senco("Jane Smith")
        meeting = store.find_meeting(senco.id, "2026/27", half_term)
        return store.answers(meeting.id), store.senco_actions(senco.id)


async def go_to(pilot, question_id: str):
    """Press j until the question is the current one (carried items come first)."""
    screen = pilot.app.screen
    for _ in range(len(screen.outline.rows)):
        kind, obj = current(screen)
        if kind == "question" and obj.question.id == question_id:
            return screen
        await pilot.press("j")
    raise AssertionError(f"{question_id} not reached")


def shown(screen, selector: str) -> str:
    widget = screen.query_one(selector)
    if isinstance(widget, Static):
        return str(widget.render())
    return widget.plain  # the question text area


async def test_whole_meeting_then_reopen(paths):
    app = SencoApp(paths, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: home_ready(app), "the home screen")
        # first run goes straight to "add your SENCo"
        assert isinstance(app.screen, SencoForm)
        await type_text(pilot, "Jane Smith")
        await pilot.press("tab")
        await type_text(pilot, "Hillside Academy")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Start Autumn 2 2026/27 meeting" in str(app.screen.query_one("#start").label)

        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        # the shipped set opens with its standing questions (asked every half-term)
        assert "Is every EHCP on track" in shown(screen, "#question")
        await go_to(pilot, "interventions-running")
        assert "Are interventions up and running?" in shown(screen, "#question")
        await pilot.press("1", "j", "3")
        await pilot.press("e")
        await type_text(pilot, "Only 3 of 12 reviews done; 1 2 3 typed, not statuses.")
        await pilot.press("escape")
        await pilot.press("a")
        assert isinstance(app.screen, ActionDialog)
        await type_text(pilot, "Finish the profile reviews")
        await pilot.press("tab")
        await type_text(pilot, "SENCo")
        await pilot.press("tab")
        await type_text(pilot, "30/11/2026")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.sub_title == "2/12 core · 2/18 discussed · 1 action agreed"
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "2/18 discussed, 1 open action" in str(
            app.screen.query_one("#meetings").get_option_at_index(0).prompt)
        await pilot.press("ctrl+q")

    answers, actions = meeting_answers(paths)
    assert answers["interventions-running"].status == "green"
    assert answers["profile-reviews"].status == "red"
    assert answers["profile-reviews"].notes == (
        "Only 3 of 12 reviews done; 1 2 3 typed, not statuses.")
    assert [(a.text, a.owner, a.due) for a in actions] == [
        ("Finish the profile reviews", "SENCo", date(2026, 11, 30))]

    # a new app on the same data: it is all there
    app = SencoApp(paths, today=TODAY, meet=("jane", None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        outline = screen.query_one("#outline")
        assert str(outline.get_option("q:interventions-running").prompt).startswith(" G ")
        assert str(outline.get_option("q:profile-reviews").prompt).startswith(" R ")
        # it reopens where it was left
        assert current(screen)[1].question.id == "profile-reviews"
        assert "Only 3 of 12 reviews done" in screen.query_one("#notes").text
        assert "Finish the profile reviews" in str(
            screen.query_one("#actions").get_option_at_index(0).prompt)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_keys_type_in_the_editor_and_notes_save_on_leaving(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        await go_to(pilot, "interventions-running")
        screen = app.screen
        await pilot.press("enter")  # edit notes
        await type_text(pilot, "jk 1234 0 q a x")
        assert screen.query_one("#notes").text == "jk 1234 0 q a x"
        assert current(screen)[1].question.id == "interventions-running"
        await pilot.press("escape")
        # saved at once on leaving, no waiting for the timer
        answers, _ = meeting_answers(paths)
        assert answers["interventions-running"].notes == "jk 1234 0 q a x"
        assert answers["interventions-running"].status is None
        # switching question by mouse while editing saves too
        await pilot.press("e")
        await type_text(pilot, " more")
        await pilot.click("#outline", offset=(5, 1))
        await pilot.pause()
        answers, _ = meeting_answers(paths)
        assert answers["interventions-running"].notes == "jk 1234 0 q a x more"


async def test_notes_saved_by_the_debounce_without_leaving(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        await go_to(pilot, "interventions-running")
        await pilot.press("e")
        await type_text(pilot, "EP visit booked")
        assert "interventions-running" not in meeting_answers(paths)[0]
        await pilot.pause(1.2)
        assert app.screen.query_one("#notes").has_focus
        assert meeting_answers(paths)[0]["interventions-running"].notes == "EP visit booked"


async def test_quit_while_typing_keeps_the_notes(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        await go_to(pilot, "interventions-running")
        await pilot.press("e")
        await type_text(pilot, "typed just before quitting")
        await pilot.press("ctrl+q")
    assert meeting_answers(paths)[0]["interventions-running"].notes == (
        "typed just before quitting")


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
async def test_closing_the_window_keeps_the_notes_typed_just_before(paths, signum):
    """A closed terminal window (SIGHUP) or a kill (SIGTERM) within the debounce."""
    seed(paths)
    # if the app did not catch the signal, this stand-in does: the test fails, not the run
    previous = signal.signal(signum, lambda *_: None)
    try:
        app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
            await go_to(pilot, "interventions-running")
            await pilot.press("e")
            await type_text(pilot, "typed just before the window closed")
            os.kill(os.getpid(), signum)
            for _ in range(500):  # not pilot.pause(): it waits on screens that are closing
                if not app.is_running:
                    break
                await asyncio.sleep(0.01)
            assert not app.is_running
    finally:
        signal.signal(signum, previous)
    assert meeting_answers(paths)[0]["interventions-running"].notes == (
        "typed just before the window closed")


async def test_next_half_term_reviews_carried_items(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "autumn-2"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        outline = screen.query_one("#outline")
        assert str(outline.get_option_at_index(0).prompt) == "CARRIED FORWARD (3)"
        # grouped by section: the question, then its action (overdue, marked in words)
        assert str(outline.get_option_at_index(1).prompt) == " Assess"
        assert str(outline.get_option_at_index(2).prompt).startswith(
            " ?  Q Have you reviewed GCSE outcome data?")
        assert str(outline.get_option_at_index(3).prompt).startswith(
            " ?  A OVERDUE Share maths gap analysis")
        await pilot.press("j")  # from the question to its action
        text = shown(screen, "#question")
        assert "From: Autumn 1 2026/27" in text and "Owner: SENCo" in text
        assert "Due: 31/10/2026" in text and "OVERDUE" in text
        await pilot.press("x")  # done
        assert str(outline.get_option_at_index(3).prompt).startswith(" ✓ ")
        await pilot.press("j")
        item = current(screen)[1]
        await pilot.press("u")
        assert isinstance(app.screen, UpdateDialog)
        await type_text(pilot, "Retests moved to January")
        await pilot.press("enter")
        await pilot.pause()
        assert "Kept open — Retests moved to January" in shown(screen, "#question")
        await pilot.press("k", "k")  # back up to the question
        third = current(screen)[1]
        assert third.kind == "question"
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")  # yes, drop it
        await pilot.pause()
        assert "Dropped" in shown(screen, "#question")
        await pilot.press("ctrl+q")

    with Store.open(paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        reviews = {(r.kind, r.action_id or r.question_id): (r.decision, r.note)
                   for r in store.senco_reviews(jane.id)}
        actions = {a.text: a.status for a in store.senco_actions(jane.id)}
    assert actions["Share maths gap analysis with HoD"] == "done"
    assert reviews[(item.kind, item.action.id if item.action else item.question_id)] == (
        "open", "Retests moved to January")
    assert reviews[(third.kind, third.action.id if third.action else third.question_id)][0] \
        == "dropped"


async def test_action_dialog_keeps_what_was_typed_on_a_bad_date(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        await go_to(pilot, "interventions-running")
        await pilot.press("a")
        dialog = app.screen
        await type_text(pilot, "Book EP")
        await pilot.press("tab", "tab")
        await type_text(pilot, "31/11/2026")
        await pilot.press("enter")
        assert app.screen is dialog
        assert "not a real date" in str(dialog.query_one(".dialog-error").render())
        assert dialog.query_one("#text").value == "Book EP"
        await pilot.press("escape")
        assert isinstance(app.screen, MeetingScreen)
        assert current(app.screen)[1].actions == ()


async def test_help_screen_lists_the_keys(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        table = app.screen.query_one("#help-table")
        lines = table.render_lines(Region(0, 0, *table.size))
        text = " ".join(" ".join(strip.text for strip in lines).split())  # wrapped lines joined
        for words in ("Next question", "Green", "Add an action", "Export", "Jump to question"):
            assert words in text
        await pilot.press("escape")
        assert isinstance(app.screen, MeetingScreen)


async def test_export_preview_then_written_file(paths):
    seed(paths, autumn_2=True)
    paths.config_dir.mkdir(parents=True)
    exports = paths.config_dir.parent / "exports"
    paths.settings_file.write_text(f'export_dir = "{exports}"\n')
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one(MarkdownPreview)
        await pilot.press("w")
        written = exports / "2026-27-autumn-2-jane-smith.md"
        assert f"Written to {written}" in shown(app.screen, "#export-where")
        await pilot.press("q")
        assert isinstance(app.screen, MeetingScreen)
    text = written.read_text()
    assert "Year 7 literacy group started; EP visit booked." in text
    assert "Share maths gap analysis with HoD" in text
    assert stat.S_IMODE(os.stat(written).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(exports).st_mode) == 0o700
    assert [p.name for p in exports.iterdir()] == [written.name]


async def test_damaged_store_shows_where_the_backup_is(paths):
    paths.data_dir.mkdir(parents=True)
    paths.database.write_bytes(b"this is not a database" * 100)
    app = SencoApp(paths, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorScreen), "the error screen")
        assert isinstance(app.screen, ErrorScreen)
        assert str(paths.database) in shown(app.screen, "#error-message")
        # the first screen here, yet styled by screens.tcss like every screen but home
        assert app.screen.query_one("#error-box").styles.border_top[0] == "thick"
        await pilot.press("q")
    assert (app.return_value, app.return_code) == (1, 1)  # as the Quit button
    assert paths.database.read_bytes() == b"this is not a database" * 100


async def test_damaged_store_quit_button_exits_with_status_1(paths):
    paths.data_dir.mkdir(parents=True)
    paths.database.write_bytes(b"this is not a database" * 100)
    app = SencoApp(paths, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorScreen), "the error screen")
        await pilot.click("#error-quit")
    assert (app.return_value, app.return_code) == (1, 1)


async def test_broken_checklist_is_shown_kindly_and_others_still_open(paths):
    seed(paths)
    broken = paths.user_checklists / "broken"
    broken.mkdir(parents=True)
    (broken / "set.yaml").write_text("name: broken\ntitle: Broken\nphase: secondary\n"
                                     "credit: me\n")
    (broken / "autumn-2.yaml").write_text("half_term: autumn-2\nsections:\n  - section: do\n"
                                          "    questions:\n      - id: x\n        asks: typo\n")
    with Store.open(paths.data_dir) as store:
        store.add_senco("Kim Broken", "Elm School", "broken")
    app = SencoApp(paths, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: home_ready(app), "the home screen")
        home = app.screen
        assert isinstance(home, HomeScreen)
        names = [s.name for s in home.sencos]
        home.query_one("#sencos").highlighted = names.index("Kim Broken")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert "autumn-2.yaml:6" in str(app.screen.query_one("#problems-text Static").render())
        await pilot.press("escape")
        assert app.screen is home
        home.query_one("#sencos").highlighted = names.index("Jane Smith")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)


async def test_jump_to_question_from_the_palette(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        await pilot.press("ctrl+p")
        await type_text(pilot, "emotionally")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert "emotionally" in current(screen)[1].question.ask


async def test_store_damaged_inside_is_found_after_the_first_screen(paths):
    seed(paths)
    data = bytearray(paths.database.read_bytes())
    page = 4096
    data[page * 2:page * 4] = b"\xff" * (page * 2)  # wreck two pages, keep the header
    paths.database.write_bytes(bytes(data))
    app = SencoApp(paths, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorScreen), "the error screen")
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        assert "damaged" in shown(app.screen, "#error-message")
        assert app.screen.query_one("#error-box").styles.border_top[0] == "thick"
    assert paths.database.read_bytes() == bytes(data)


async def test_first_run_with_an_empty_file_is_not_called_damaged(paths):
    paths.data_dir.mkdir(parents=True)
    paths.database.write_bytes(b"")
    app = SencoApp(paths, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: home_ready(app), "the home screen")
        assert isinstance(app.screen, SencoForm)


async def test_typed_text_is_shown_as_typed_not_as_markup(paths):
    with Store.open(paths.data_dir) as store:
        senco = store.add_senco("Jo [b]Bloggs[/b]", "St [red]Mary's", "secondary")
        meeting = store.get_or_create_meeting(senco.id, "2026/27", "autumn-2")
        store.add_action(meeting.id, "interventions-running", "[x] check [link]", "[SENCo]", None)
    app = SencoApp(paths, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: home_ready(app), "the home screen")
        await pilot.pause()
        home = app.screen
        assert "Jo [b]Bloggs[/b]" in shown(home, "#senco-info")
        assert home.query_one("#sencos").get_option_at_index(0).prompt.startswith(
            "Jo [b]Bloggs[/b]")
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        await go_to(pilot, "interventions-running")
        prompt = str(screen.query_one("#actions").get_option_at_index(0).prompt)
        assert prompt.startswith("[ ] [x] check [link]  ([SENCo])")
        assert "Jo [b]Bloggs[/b]" in app.screen.title


async def test_notes_without_a_status_are_marked_in_the_outline(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = await go_to(pilot, "interventions-running")
        outline = screen.query_one("#outline")
        row = screen.outline.index_of["q:interventions-running"]
        assert str(outline.get_option_at_index(row).prompt).startswith(" · ")
        await pilot.press("e")
        await type_text(pilot, "EP visit booked")
        await pilot.press("escape")
        assert str(outline.get_option_at_index(row).prompt).startswith(" ✎ ")
        assert "Status:  ✎  Notes, no status" in shown(screen, "#status-line")
        await pilot.press("1")  # a status replaces the mark
        assert str(outline.get_option_at_index(row).prompt).startswith(" G ")


async def test_status_notes_and_actions_stay_on_screen_at_80x24(paths):
    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        whole = screen.region
        seen = 0
        for _ in range(len(screen.outline.rows)):
            await pilot.press("j")
            if current(screen)[0] != "question":
                continue
            seen += 1
            await pilot.pause()
            for selector in ("#status-line", "#notes", "#actions"):
                widget = screen.query_one(selector)
                assert widget.region and whole.contains_region(widget.region), selector
            notes = screen.query_one("#notes")
            assert notes.content_region.height >= 6  # six lines of notes at 80x24
        assert seen >= 15
        # the longest question's text scrolls in its own area; editing shows the editor
        await pilot.press("e")
        assert screen.query_one("#notes").has_focus
        assert whole.contains_region(screen.query_one("#notes").region)


async def test_a_click_selects_a_question_a_double_click_edits(paths):
    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        index = screen.outline.index_of["q:profile-reviews"]
        outline = screen.query_one("#outline")
        await pilot.click("#outline", offset=(5, index - outline.scroll_offset.y))
        await pilot.pause()
        assert current(screen)[1].question.id == "profile-reviews"
        assert not screen.query_one("#notes").has_focus
        await pilot.press("2")  # rates it, not typed into the notes
        await pilot.pause()
        answers, _ = meeting_answers(paths)
        assert answers["profile-reviews"].status == "amber"
        assert answers["profile-reviews"].notes == ""
        # the status line's choices are clickable too: "Set: 1 Green 2 Amber ..."
        assert shown(screen, "#status-line").splitlines()[1].startswith("Set: 1 Green")
        await pilot.click("#status-line", offset=(6, 1))
        await pilot.pause()
        answers, _ = meeting_answers(paths)
        assert answers["profile-reviews"].status == "green"
        await pilot.double_click("#outline", offset=(5, index - outline.scroll_offset.y))
        await pilot.pause()
        assert screen.query_one("#notes").has_focus


async def test_actions_are_highlighted_toggled_edited_and_dropped(paths):
    from senco_tui.tui.screens.forms import ConfirmDialog

    seed(paths, autumn_2=True)
    with Store.open(paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        m2 = store.find_meeting(jane.id, "2026/27", "autumn-2")
        store.add_action(m2.id, "profile-reviews", "Chase the Y9 reviews", "SENCo", None)
        store.add_action(m2.id, "profile-reviews", "Bad date test", "", date(2025, 1, 1))
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = await go_to(pilot, "profile-reviews")
        actions = screen.query_one("#actions")
        assert actions.highlighted == 0  # the first open action, before any key
        assert "OVERDUE Bad date test" in str(actions.get_option_at_index(1).prompt)
        # tab into the list, choose the second, x marks it done and says which
        await pilot.press("tab", "down")
        assert actions.has_focus and actions.highlighted == 1
        await pilot.press("x")
        await pilot.pause()
        _, saved = meeting_answers(paths)
        by_text = {a.text: a for a in saved}
        assert by_text["Bad date test"].status == "done"
        assert by_text["Chase the Y9 reviews"].status == "open"
        assert any("Done: Bad date test" in n.message for n in app._notifications)
        # x again opens it again
        await pilot.press("x")
        await pilot.pause()
        _, saved = meeting_answers(paths)
        assert {a.text: a.status for a in saved}["Bad date test"] == "open"
        # enter edits it, pre-filled
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        assert dialog.query_one("#text").value == "Bad date test"
        assert dialog.query_one("#due").value == "01/01/2025"
        dialog.query_one("#text").value = "Retest reading ages"
        dialog.query_one("#owner").value = "Head of English"
        dialog.query_one("#due").value = "18/12/2026"
        await pilot.press("enter")
        await pilot.pause()
        _, saved = meeting_answers(paths)
        edited = next(a for a in saved if a.id == by_text["Bad date test"].id)
        assert (edited.text, edited.owner, edited.due) == (
            "Retest reading ages", "Head of English", date(2026, 12, 18))
        # d asks, then marks it dropped (kept in the history)
        await pilot.press("escape")  # back to the outline; the highlight stays
        assert screen.query_one("#outline").has_focus and actions.highlighted == 1
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await pilot.pause()
        _, saved = meeting_answers(paths)
        assert next(a for a in saved if a.id == edited.id).status == "dropped"
        assert "[✗] Retest reading ages" in str(actions.get_option_at_index(1).prompt)


async def test_held_date_set_by_the_first_record_details_and_deleting_empty_meetings(paths):
    from senco_tui.tui.screens.forms import ConfirmDialog, MeetingDetails

    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Sam Patel", None, None))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.session.meeting.held_on is None  # opening is not holding it
        await pilot.press("q")
        await pilot.pause()
        home = app.screen
        home.query_one("#sencos").highlighted = 1  # Sam Patel
        await pilot.pause()
        # opened, but not held: not among the meetings held
        meetings = home.query_one("#meetings")
        assert str(meetings.get_option_at_index(0).prompt) == "Opened, nothing recorded yet:"
        assert "not held yet" in str(meetings.get_option_at_index(1).prompt)
        assert "Continue Autumn 2 2026/27 meeting" in str(home.query_one("#start").label)
        await pilot.press("s")
        await pilot.pause()
        screen = await go_to(pilot, "profile-reviews")
        await pilot.press("2")
        await pilot.pause()
        assert screen.session.meeting.held_on == TODAY
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MeetingDetails)
        app.screen.query_one("#held-on").value = "19/11/2026"
        app.screen.query_one("#attendees").value = "Sam Patel, Tom Reed"
        await pilot.press("enter")
        await pilot.pause()
        with Store.open(paths.data_dir) as store:
            m = store.get_meeting(screen.session.meeting.id)
        assert (m.held_on, m.attendees) == (date(2026, 11, 19), "Sam Patel, Tom Reed")
        await pilot.press("q")
        await pilot.pause()

        # an empty meeting opened by mistake can be deleted; one with records cannot
        with Store.open(paths.data_dir) as store:
            sam = store.find_senco("Sam Patel")
            store.get_or_create_meeting(sam.id, "2026/27", "summer-2")
        home.refresh_meetings()
        meetings = home.query_one("#meetings")
        labels = [str(meetings.get_option_at_index(i).prompt)
                  for i in range(meetings.option_count)]
        assert labels[0].startswith("Autumn 2 2026/27") and "19/11/2026" in labels[0]
        assert labels[2].startswith("Summer 2 2026/27") and "not held yet" in labels[2]
        meetings.focus()
        meetings.highlighted = 0  # Autumn 2: has a status
        await pilot.press("delete")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert any("cannot be deleted" in n.message for n in app._notifications)
        meetings.highlighted = 2
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await pilot.pause()
        with Store.open(paths.data_dir) as store:
            assert [m.half_term for m in store.list_meetings(sam.id)] == ["autumn-2"]


async def test_start_or_continue_and_no_empty_school_slot(paths):
    seed(paths)
    with Store.open(paths.data_dir) as store:
        store.add_senco("Bob Jones", "", "secondary")
    app = SencoApp(paths, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: home_ready(app), "the home screen")
        await pilot.pause()
        home = app.screen
        names = [s.name for s in home.sencos]
        home.query_one("#sencos").highlighted = names.index("Bob Jones")
        await pilot.pause()
        # no school, no empty slot for it; and which questions carry forward
        assert shown(home, "#senco-info") == (
            "Bob Jones · Secondary school\n"
            "What carries forward: open actions and Amber or Red questions")
        assert str(home.query_one("#start").label) == "Start Autumn 2 2026/27 meeting (s)"
        assert home.active_bindings["s"].binding.description == "Start"
        # the footer says what the button says
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert str(home.query_one("#start").label) == "Continue Autumn 2 2026/27 meeting (s)"
        assert home.active_bindings["s"].binding.description == "Continue"


async def test_a_broken_checklist_never_locks_a_senco_out(paths):
    seed(paths)
    mine = paths.user_checklists / "mine"
    mine.mkdir(parents=True)
    (mine / "set.yaml").write_text("name: mine\ntitle: Ours\nphase: secondary\ncredit: us\n")
    good = ("half_term: {}\nsections:\n  - section: do\n    questions:\n"
            "      - id: interventions-running\n        ask: Are interventions running?\n")
    (mine / "autumn-1.yaml").write_text(good.format("autumn-1"))
    with Store.open(paths.data_dir) as store:
        cat = store.add_senco("Cat Brown", "Oak School", "mine")
        m = store.get_or_create_meeting(cat.id, "2026/27", "autumn-2")
        store.set_status(m.id, "interventions-running", "do", "Are interventions running?",
                         "red")
        store.add_action(m.id, "interventions-running", "Start the Y7 group", "SENCo", None)
    # overnight, someone breaks Autumn 2: an id used twice
    (mine / "autumn-2.yaml").write_text(good.format("autumn-2") + (
        "      - id: interventions-running\n        ask: Again?\n"))
    app = SencoApp(paths, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: home_ready(app), "the home screen")
        # the recorded Autumn 2 meeting opens from what was recorded, with a banner
        app.open_meeting(cat, "2026/27", "autumn-2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        banner = shown(screen, "#banner")
        assert "autumn-2.yaml:" in banner and "showing what was recorded" in banner
        # the set's total is unknown: "1 discussed", not "1/1 discussed"
        assert screen.sub_title == "1 discussed · 1 action agreed"
        screen = await go_to(pilot, "interventions-running")
        assert current(screen)[1].answer.status == "red"
        assert "Are interventions running?" in shown(screen, "#question")
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        home = app.screen
        home.query_one("#sencos").highlighted = next(
            i for i, s in enumerate(home.sencos) if s.name == "Cat Brown")
        await pilot.pause()
        assert str(home.query_one("#meetings").get_option_at_index(0).prompt).endswith(
            "1 discussed, 1 open action")
        # a half-term whose own file is fine opens normally
        app.open_meeting(cat, "2026/27", "autumn-1")
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        assert not app.screen.query("#banner")
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        # a new meeting for the broken half-term: the problem, and what to do next
        app.open_meeting(cat, "2027/28", "autumn-2")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert any("senco-tui validate" in str(w.render()) for w in app.screen.query(Static))


async def test_theme_and_the_last_question_are_remembered(paths):
    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        assert app.theme == "textual-dark"
        app.action_toggle_theme()
        await go_to(pilot, "profile-reviews")
        await pilot.press("q")
        await pilot.pause()
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        assert app.theme == "textual-light"
        assert current(app.screen)[1].question.id == "profile-reviews"


async def test_a_carried_question_is_rated_where_this_meeting_asks_it(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "spring-1"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        rows = [str(screen.query_one("#outline").get_option_at_index(i).prompt)
                for i in range(1, 4)]
        assert any(r.startswith(" ?  Q ") for r in rows)
        assert any(r.startswith(" ?  A ") for r in rows)
        # the carried action: 1-4 do not apply, and the app says what does
        await go_to_row(pilot, lambda: current(screen)[0] == "carried"
                        and current(screen)[1].kind == "action", "a carried action")
        await pilot.press("1")
        await pilot.pause()
        assert any("A carried action has no status: x done, u keep open, d drop, E edit"
                   in n.message for n in app._notifications)


async def test_home_buttons_both_fit_at_80_columns(paths):
    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: home_ready(app), "the home screen")
        await pilot.pause()
        home = app.screen
        start, other = home.query_one("#start"), home.query_one("#other")
        assert str(start.label) == "Continue Autumn 2 (s)"
        pane = home.query_one("#meetings-pane").content_region
        assert other.region.right <= pane.right
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert str(start.label) == "Continue Autumn 2 2026/27 meeting (s)"
        await pilot.click("#other")
        await pilot.pause()
        assert isinstance(app.screen, ChooseMeeting)


async def test_empty_palette_has_one_jump_entry_that_lists_the_questions(paths):
    from textual.command import CommandList, CommandPalette

    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        palette = app.screen
        prompts = [str(palette.query_one(CommandList).get_option_at_index(i).prompt)
                   for i in range(palette.query_one(CommandList).option_count)]
        jumps = [p for p in prompts if "Jump to" in p]
        assert len(jumps) == 1 and jumps[0].startswith("Jump to question…")
        assert any(p.startswith("Export") for p in prompts)
        # choosing it opens a palette of the questions, which typing narrows
        await type_text(pilot, "jump to question")
        await pilot.pause(0.5)
        await pilot.press("down", "enter")
        await pilot.pause(0.5)
        assert isinstance(app.screen, CommandPalette) and app.screen is not palette
        await type_text(pilot, "emotionally")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert "emotionally" in current(screen)[1].question.ask


async def test_rating_a_carried_question_in_place_rates_it_here(paths):
    """profile-reviews was Red in Autumn 2 and Spring 1 asks it again: 1-4 on the carried
    row rate this meeting's question; Green resolves the carried item."""
    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "spring-1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        outline = screen.query_one("#outline")
        await go_to_row(pilot, lambda: current(screen)[0] == "carried"
                        and current(screen)[1].question_id == "profile-reviews",
                        "the carried question profile-reviews")
        row = outline.highlighted
        assert str(outline.get_option_at_index(row).prompt).startswith(" ?  Q ")
        await pilot.press("2")  # Amber: rated here, still carried
        await pilot.pause()
        assert any("Rated Amber where this meeting asks it" in n.message
                   for n in app._notifications)
        # discussed, and it stays open: no longer "not reviewed"
        assert str(outline.get_option_at_index(row).prompt).startswith(" →  Q ")
        assert "Rated Amber again this meeting: still open" in shown(screen, "#question")
        await pilot.press("1")  # Green: resolves it
        await pilot.pause()
        assert current(screen)[0] == "carried"  # the user stays where they were
        assert str(outline.get_option_at_index(row).prompt).startswith(" ✓ ")
        assert "Resolved: rated Green this meeting" in shown(screen, "#question")
        here = screen.outline.index_of["q:profile-reviews"]
        assert screen.outline.rows[here].view.answer.status == "green"
    answers, _ = meeting_answers(paths, "spring-1")
    assert answers["profile-reviews"].status == "green"


def highlighted_in_view(actions) -> bool:
    top = actions._index_to_line[actions.highlighted]
    return actions.scroll_offset.y <= top < (actions.scroll_offset.y
                                             + actions.scrollable_content_region.height)


async def test_tab_goes_straight_to_the_actions_and_down_stops_at_the_last(paths):
    from senco_tui.tui.screens.forms import ConfirmDialog

    seed(paths, autumn_2=True)
    with Store.open(paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        m2 = store.find_meeting(jane.id, "2026/27", "autumn-2")
        for text in ("Chase the Y9 reviews with each head of year",
                     "Share the review dates with parents and carers",
                     "Book the educational psychologist for the two Y8 pupils"):
            store.add_action(m2.id, "profile-reviews", text, "SENCo", date(2026, 12, 18))
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = await go_to(pilot, "profile-reviews")
        actions = screen.query_one("#actions")
        # the tester's keys: tab, down, down, d (and more downs than there are actions)
        await pilot.press("tab")
        assert actions.has_focus
        await pilot.press("down", "down", "down", "down")
        await pilot.pause()
        assert actions.highlighted == 2  # stopped at the last, did not wrap to the first
        assert highlighted_in_view(actions)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.subject.startswith("Book the educational psychologist")
        await pilot.press("escape")
        await pilot.pause()
        answers, _ = meeting_answers(paths)
        assert answers["profile-reviews"].notes == ""  # no key went into the notes
        # tab again: back to the questions; the question text is never a tab stop
        await pilot.press("tab")
        assert screen.query_one("#outline").has_focus
        assert not screen.query_one("#question").can_focus
        # a question with no actions: tab stays on the outline and says why
        await go_to(pilot, "ta-teacher-planning")
        await pilot.press("tab")
        assert screen.query_one("#outline").has_focus
        assert any("No actions on this question" in n.message for n in app._notifications)


async def test_pagedown_scrolls_the_question_text_from_the_outline(paths):
    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = await go_to(pilot, "interventions-running")  # cut off at 80x24
        text = screen.query_one("#question")
        assert text.virtual_size.height > text.size.height
        await pilot.press("pagedown")
        await pilot.pause()
        assert text.scroll_offset.y > 0
        assert current(screen)[1].question.id == "interventions-running"  # did not move
        await pilot.press("pageup")
        await pilot.pause()
        assert text.scroll_offset.y == 0


async def test_notes_a_save_refused_are_kept_shown_retried_and_asked_about(paths, monkeypatch):
    from senco_tui.store import StoreError
    from senco_tui.tui.screens.forms import ConfirmDialog

    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = await go_to(pilot, "profile-reviews")
        save = app.store.set_notes

        def refuse(*args, **kwargs):
            raise StoreError("database or disk is full")

        monkeypatch.setattr(app.store, "set_notes", refuse)
        typed = "Y9 reviews moved to December"
        await pilot.press("e")
        await type_text(pilot, typed)
        await pilot.press("escape", "j", "k")  # leave the editor, away and back
        await pilot.pause()
        assert current(screen)[1].question.id == "profile-reviews"
        assert screen.query_one("#notes").text == typed  # still there, not an empty box
        assert "NOT SAVED" in shown(screen, "#notes-title")
        assert any("database or disk is full" in n.message for n in app._notifications)
        # quitting asks first, and enter keeps the app (and the notes)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "could not be saved" in app.screen.subject
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and app.is_running
        await pilot.press("q")  # back to home asks too
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        # the disk has room again: the next save writes the notes kept in memory
        monkeypatch.setattr(app.store, "set_notes", save)
        await pilot.press("j")
        await pilot.pause()
        assert meeting_answers(paths)[0]["profile-reviews"].notes == typed
        assert "NOT SAVED" not in shown(screen, "#notes-title")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_home_delete_acts_on_the_highlighted_meeting_and_shows_del_when_it_can(paths):
    from senco_tui.tui.screens.forms import ConfirmDialog

    seed(paths, autumn_2=True)
    with Store.open(paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        store.get_or_create_meeting(jane.id, "2026/27", "spring-2")  # opened by mistake
    app = SencoApp(paths, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: home_ready(app), "the home screen")
        await pilot.pause()
        home = app.screen
        meetings = home.query_one("#meetings")

        def del_in_footer() -> bool:
            active = home.active_bindings.get("delete")
            return active is not None and active.binding.show

        def row(i: int) -> str:
            return str(meetings.get_option_at_index(i).prompt)

        await pilot.press("tab", "tab", "tab")
        assert meetings.has_focus
        assert home.query_one("#meetings-pane .pane-title").has_class("-focused")
        # the meetings held first, the latest on top, highlighted at once
        assert meetings.highlighted == 0 and row(0).startswith("Autumn 2")
        assert not del_in_footer()  # it has records
        # open Autumn 1 from the list and come back: the same row is still the one
        await pilot.press("down")
        assert row(meetings.highlighted).startswith("Autumn 1")
        assert not del_in_footer()  # it has records
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is home and meetings.has_focus
        assert row(meetings.highlighted).startswith("Autumn 1")
        await pilot.press("delete")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert any("Autumn 1 2026/27 meeting has notes" in n.message
                   for n in app._notifications)
        # below the meetings held, the one only opened: del is offered there
        await pilot.press("down")
        assert row(meetings.highlighted).startswith("Spring 2")
        assert row(meetings.highlighted - 1) == "Opened, nothing recorded yet:"
        assert del_in_footer()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.TITLE_TEXT == "Delete the Spring 2 2026/27 meeting?"


async def test_home_offers_no_delete_for_a_meeting_with_only_a_review(paths):
    seed(paths)
    with Store.open(paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        carried = next(a for a in store.senco_actions(jane.id) if a.status == "open")
        a2 = store.get_or_create_meeting(jane.id, "2026/27", "autumn-2")
        store.review(a2.id, kind="action", action_id=carried.id, decision="done")
    app = SencoApp(paths, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: home_ready(app), "the home screen")
        await pilot.pause()
        home = app.screen
        meetings = home.query_one("#meetings")
        await pilot.press("tab", "tab", "tab")
        assert meetings.has_focus
        assert str(meetings.get_option_at_index(0).prompt).startswith("Autumn 2 2026/27  no date")
        active = home.active_bindings.get("delete")
        assert active is None or not active.binding.show  # the store would refuse it


async def palette_hits(pilot, query: str) -> list[str]:
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    await type_text(pilot, query)
    await pilot.pause(0.5)
    hits = pilot.app.screen.query_one(CommandList)
    found = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
    await pilot.press("escape")
    await pilot.pause()
    return found


async def test_jump_to_question_searches_section_titles_and_ranks_whole_words_first(paths):
    with Store.open(paths.data_dir) as store:
        store.add_senco("Pat Lee", "Oak Primary", "primary")
    app = SencoApp(paths, today=TODAY, meet=("Pat Lee", None, None))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        hits = await palette_hits(pilot, "exam")
        assert hits and hits[0].startswith("Exams: ")
        hits = await palette_hits(pilot, "ehcp")
        assert "Is every EHCP on track" in hits[0]  # the standing question comes first
        # every question with the word in it comes before any scattered-letter match
        containing = [h for h in hits if "ehcp" in h.lower()]
        assert hits[:len(containing)] == containing


async def test_export_names_the_file_as_the_cli_does_and_says_why_it_cannot_write(paths):
    from senco_tui.notes_file import file_name

    seed(paths, autumn_2=True)
    paths.config_dir.mkdir(parents=True)
    blocked = paths.config_dir.parent / "a-file"
    blocked.write_text("not a folder")
    paths.settings_file.write_text(f'export_dir = "{blocked / "exports"}"\n')
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert file_name(app.screen.notes) in shown(app.screen, "#export-where")
        await pilot.press("w")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Could not write the notes: ") and "\n" not in m
                   and "a-file" in m for m in messages)
        assert isinstance(app.screen, ExportScreen)


async def test_title_counts_every_action_agreed_and_fits_at_80_columns(paths):
    seed(paths, autumn_2=True)
    with Store.open(paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        m2 = store.find_meeting(jane.id, "2026/27", "autumn-2")
        made = [store.add_action(m2.id, "profile-reviews", f"Action {n}", "SENCo", None)
                for n in range(4)]
        for action, decision in zip(made, ("done", "done", "dropped"), strict=False):
            store.review(m2.id, kind="action", action_id=action.id, decision=decision)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        title = shown(app.screen, "#title").strip()
        # all four agreed here, done or dropped too (not "1 new action"); at 80 columns
        # the SENCo, half-term and year stay whole and the counts are abbreviated
        assert title.startswith("Jane Smith · Autumn 2 2026/27 — 2/12 core · 2/18")
        assert "· 4 agreed" in title and "new action" not in title
        assert len(title) <= 80


async def test_question_text_takes_the_new_theme_at_once(paths):
    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None), theme="textual-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        text = app.screen.query_one("#question")
        dark = text.rich_style.bgcolor
        app.action_toggle_theme()
        await pilot.pause()
        assert text.rich_style.bgcolor != dark
        painted = {seg.style.bgcolor for seg in text.render_line(0) if seg.style}
        assert painted == {text.rich_style.bgcolor}  # no near-black left in a light theme


async def test_a_due_date_already_passed_is_asked_about_once(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        await go_to(pilot, "interventions-running")
        await pilot.press("a")
        dialog = app.screen
        await type_text(pilot, "Book EP")
        await pilot.press("tab")
        await type_text(pilot, "SENCo")
        await pilot.press("tab")
        await type_text(pilot, "01/01/2020")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog  # not saved yet, nothing lost
        assert "01/01/2020 has passed: press enter again" in str(
            dialog.query_one(".dialog-error").render())
        assert [dialog.value(f"#{f}") for f in ("text", "owner", "due")] == [
            "Book EP", "SENCo", "01/01/2020"]
        await pilot.press("enter")  # yes, that date
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
    _, actions = meeting_answers(paths)
    assert [(a.text, a.due) for a in actions if a.text == "Book EP"] == [
        ("Book EP", date(2020, 1, 1))]


async def test_back_from_meet_highlights_that_senco_at_home(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Sam Patel", None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("q")
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.senco.name == "Sam Patel"
        assert shown(home, "#senco-info").startswith("Sam Patel")


async def test_E_gives_an_overdue_carried_action_a_new_due_date_and_owner(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "autumn-2"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        await pilot.press("j")  # from the carried question to its action
        kind, item = current(screen)
        assert kind == "carried" and item.overdue and item.text.startswith("Share maths")
        assert "OVERDUE" in shown(screen, "#question")
        await pilot.press("E")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        assert dialog.query_one("#due").value == "31/10/2026"  # the fields as they are
        dialog.query_one("#owner").value = "Head of maths"
        dialog.query_one("#due").value = "15/12/2026"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        kind, item = current(screen)
        assert kind == "carried" and not item.overdue
        assert "OVERDUE" not in str(screen.query_one("#outline").get_option_at_index(3).prompt)
        text = shown(screen, "#question")
        assert "Owner: Head of maths" in text and "Due: 15/12/2026" in text
        assert "OVERDUE" not in text
        # a carried question has no action to edit: E says what does work
        await pilot.press("k", "E")
        await pilot.pause()
        assert app.screen is screen and current(screen)[1].kind == "question"
    _, actions = meeting_answers(paths)
    share = next(a for a in actions if a.text.startswith("Share maths"))
    assert (share.owner, share.due, share.status) == ("Head of maths", date(2026, 12, 15), "open")


async def test_while_saves_fail_the_title_and_footer_speak_of_the_notes_on_screen(
        paths, monkeypatch):
    from senco_tui.store import StoreError

    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = await go_to(pilot, "profile-reviews")

        def refuse(*args, **kwargs):
            raise StoreError("database or disk is full")

        save = app.store.set_notes
        monkeypatch.setattr(app.store, "set_notes", refuse)

        def escape_key() -> str:
            return screen.active_bindings["escape"].binding.description

        title = screen.query_one("#notes-title")
        await pilot.press("e")
        assert escape_key() == "Leave editor (saved)"
        await type_text(pilot, "Y9 reviews moved")
        screen.flush_notes()  # as the debounce does
        await pilot.pause()
        assert escape_key() == "Leave editor (NOT saved yet)"
        assert "NOT SAVED" in shown(screen, "#notes-title") and title.has_class("-unsaved")
        await pilot.press("escape", "j")  # to a question whose (empty) notes are saved
        await pilot.pause()
        assert screen.query_one("#notes").text == ""
        assert not title.has_class("-unsaved")
        assert "NOT SAVED" not in shown(screen, "#notes-title")
        assert "unsaved notes on 1 other question" in shown(screen, "#notes-title")
        await pilot.press("e")
        assert escape_key() == "Leave editor (saved)"
        await pilot.press("escape", "k")
        await pilot.pause()
        assert "NOT SAVED" in shown(screen, "#notes-title") and title.has_class("-unsaved")
        monkeypatch.setattr(app.store, "set_notes", save)  # the disk has room again
        await pilot.press("j")
        await pilot.pause()
        assert shown(screen, "#notes-title").startswith("Notes  (e edit")


async def test_leaving_the_notes_editor_shows_the_notes_from_their_first_line(paths):
    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = await go_to(pilot, "profile-reviews")
        editor = screen.query_one("#notes")
        await pilot.press("e")
        for n in range(8):
            await type_text(pilot, f"line {n}")
            await pilot.press("enter")
        await pilot.pause()
        assert editor.scroll_offset.y > 0  # the cursor's line, at the bottom
        await pilot.press("escape")
        await pilot.pause()
        assert editor.scroll_offset.y == 0
        await pilot.press("e")  # editing again: back to the end, where the cursor is
        await pilot.pause()
        assert editor.scroll_offset.y > 0


async def test_a_held_date_still_to_come_is_asked_about_once(paths):
    from senco_tui.tui.screens.forms import MeetingDetails

    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        await pilot.press("m")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MeetingDetails)
        dialog.query_one("#held-on").value = "15/01/2027"
        dialog.query_one("#attendees").value = "Jane Smith, Tom Reed"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog  # not saved yet, nothing lost
        assert "15/01/2027 has not come yet: press enter again" in str(
            dialog.query_one(".dialog-error").render())
        assert dialog.value("#attendees") == "Jane Smith, Tom Reed"
        await pilot.press("enter")  # yes, that date
        await pilot.pause()
        assert app.screen is screen
        assert screen.session.meeting.held_on == date(2027, 1, 15)
        # the date as it is, unchanged, is not asked about again
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen


async def test_a_meeting_with_everything_cleared_again_can_be_deleted(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Sam Patel", None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        await pilot.press("2", "0", "e", "x", "backspace", "escape", "q")
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.query_one("#meetings").focus()
        await pilot.pause()
        assert home.active_bindings["delete"].binding.id == "home.delete_meeting"
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("enter")  # yes, delete it
        await pilot.pause()
        assert app.screen is home
    with Store.open(paths.data_dir) as store:
        assert store.list_meetings(store.find_senco("Sam Patel").id) == []


async def test_the_export_preview_shows_nested_notes_indented(paths):
    seed(paths)
    with Store.open(paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        m1 = store.find_meeting(jane.id, "2026/27", "autumn-1")
        store.set_notes(m1.id, "reading-age", "assess", "Reading ages?",
                        "Retests:\n  Year 7\n    two groups\nDone by Easter")
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "autumn-1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown_text = app.screen.query_one(MarkdownPreview).plain.replace("\u00a0", " ")
        lines = shown_text.splitlines()
        start = next(i for i, line in enumerate(lines) if line.strip() == "Retests:")
        assert [line.rstrip() for line in lines[start:start + 4]] == [
            "Retests:", "  Year 7", "    two groups", "Done by Easter"]


async def test_at_80_columns_home_footer_and_help_fit(paths):
    from textual.widgets._footer import FooterKey

    seed(paths, autumn_2=True)
    with Store.open(paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        sp1 = store.get_or_create_meeting(jane.id, "2026/27", "spring-1")
        store.set_status(sp1.id, "q", "do", "Asked?", "green")
        store.get_or_create_meeting(jane.id, "2026/27", "spring-2")  # deletable: del shown
    app = SencoApp(paths, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: home_ready(app), "the home screen")
        home = app.screen
        meetings = home.query_one("#meetings")
        meetings.focus()
        await pilot.pause()
        rows = [str(meetings.get_option_at_index(i).prompt)
                for i in range(meetings.option_count)]
        # recorded outside the app, without a date: held, only the date is missing
        assert "no date       1/16 discussed" in rows[0], rows
        # only opened: listed apart from the meetings held, below them
        assert rows[-2] == "Opened, nothing recorded yet:"
        assert "not held yet  0/14 discussed" in rows[-1]  # a gap after the held column
        meetings.highlighted = len(rows) - 1
        await wait_until(pilot, lambda: any(k.key_display == "del" for k in home.query(FooterKey)),
                         "del in the footer")
        keys = list(home.query(FooterKey))
        palette = next(k for k in keys if k.has_class("-command-palette"))
        shown_keys = [k for k in keys if k is not palette]
        assert [k.key_display for k in shown_keys] == ["s", "del", "n", "e", "q", "?"]
        assert all(k.region.right <= palette.region.x for k in shown_keys)  # none cut
        # help: a long description wraps in its own column, not back to column 0
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table")
        lines = [strip.text for strip in table.render_lines(Region(0, 0, *table.size))]
        wrapped = [line for line in lines[1:] if line.strip() and line.startswith(" ")]
        assert wrapped and all(line.startswith(" " * 10) for line in wrapped)


async def test_after_E_or_x_on_a_carried_item_the_list_stays_put_under_the_highlight(paths):
    seed(paths)
    with Store.open(paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        earlier = store.get_or_create_meeting(jane.id, "2025/26", "summer-2")
        store.add_action(earlier.id, "gcse-outcomes", "Write the SEN information report",
                         "SENCo", date(2027, 1, 15))
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "autumn-2"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        outline = screen.query_one("#outline")
        await pilot.press("j")
        kind, item = current(screen)
        assert kind == "carried" and item.overdue  # due 31/10, before the one due in January
        order = [r.id for r in screen.outline.rows]
        where = outline.highlighted
        await pilot.press("E")
        await pilot.pause()
        app.screen.query_one("#due").value = "31/03/2027"  # now due after the other one
        await pilot.press("enter")
        await pilot.pause()
        # the list does not re-sort while the meeting is open: the row stays, updated
        assert [r.id for r in screen.outline.rows] == order
        assert outline.highlighted == where and current(screen)[1].key == item.key
        assert not current(screen)[1].overdue
        assert "Due: 31/03/2027" in shown(screen, "#question")
        await pilot.press("x")  # and after x, still the same item
        assert current(screen)[1].key == item.key
        await pilot.press("j")  # then on to the next one as the user saw the list
        assert screen.outline.rows.index(screen.current) == where + 1


async def test_d_on_a_carried_item_asks_and_keeps_the_update_typed_before(paths):
    from senco_tui.tui.screens.forms import DropDialog

    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "autumn-2"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        await pilot.press("j")
        item = current(screen)[1]
        await pilot.press("u")
        await type_text(pilot, "Half done; TA lead chasing")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DropDialog)
        # the update typed with u is offered as the reason
        assert app.screen.query_one("#reason").value == "Half done; TA lead chasing"
        await pilot.press("escape")  # not dropped
        await pilot.pause()
        assert current(screen)[1].decision.decision == "open"
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and current(screen)[1].key == item.key
        text = shown(screen, "#question")
        assert "Dropped — Half done; TA lead chasing" in text
    with Store.open(paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        reviews = [(r.decision, r.note) for r in store.senco_reviews(jane.id)]
    assert reviews == [("dropped", "Half done; TA lead chasing")]


async def test_catching_up_on_a_past_meeting_leaves_its_held_date_unset(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Sam Patel", "2026/27", "autumn-1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        await pilot.press("2")
        await pilot.pause()
        assert screen.session.meeting.held_on is None  # not "held 20/11/2026"
    with Store.open(paths.data_dir) as store:
        sam = store.find_senco("Sam Patel")
        meeting = store.find_meeting(sam.id, "2026/27", "autumn-1")
        assert meeting.held_on is None
        assert [a.status for a in store.answers(meeting.id).values()] == ["amber"]


async def test_title_counts_carried_items_reviewed_and_actions_agreed(paths):
    seed(paths, autumn_2=True)
    with Store.open(paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        m2 = store.find_meeting(jane.id, "2026/27", "autumn-2")
        store.add_action(m2.id, "profile-reviews", "Finish the reviews", "SENCo", None)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        assert screen.sub_title.endswith("· 0 of 3 carried reviewed · 1 action agreed")
        await pilot.press("x")
        assert screen.sub_title.endswith("· 1 of 3 carried reviewed · 1 action agreed")
        title = shown(screen, "#title").strip()
        assert "· 1/3 carried · 1 agreed" in title and len(title) <= 80


async def test_a_question_gone_from_the_checklist_is_marked_and_not_in_the_total(paths):
    seed(paths, autumn_2=True)
    with Store.open(paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        a2 = store.find_meeting(jane.id, "2026/27", "autumn-2")
        store.set_status(a2.id, "old-question", "do", "A question the school removed?", "red")
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "autumn-2"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        # 3 discussed, of the checklist's 18 (the home screen counts the same way)
        assert "3/18 discussed" in str(screen.query_one("#title").render())
        await pilot.press("f")  # not a core question: with the ones for when there is time
        await go_to(pilot, "old-question")
        assert "No longer in the checklist" in shown(screen, "#question")
