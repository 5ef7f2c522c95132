"""Actions agreed in the meeting: the dialog, its date checks, the actions list's keys
(Pilot)."""

from __future__ import annotations

from datetime import date

import pytest
from textual.geometry import Region
from textual.widgets import Input, OptionList
from tui_helpers import back_to, jump_to, meeting, paste, record_notices, screen_open, wait_until
from tui_seed import meeting_answers

from senco_tui.store import Store
from senco_tui.tui.meeting.screen import MeetingScreen
from senco_tui.tui.screens.forms import ActionDialog, ChooseQuestion, ConfirmDialog


def error_in(dialog) -> str:
    return str(dialog.query_one(".dialog-error").render())


async def refused(pilot, dialog) -> None:
    """Wait until the dialog says what is wrong."""
    await wait_until(pilot, lambda: error_in(dialog), "the dialog to say what is wrong")


def add_actions(paths, *actions: tuple[str, str, date | None]) -> None:
    """Actions agreed on profile-reviews in Jane Smith's Autumn 2 meeting."""
    with Store.open(paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        m2 = store.find_meeting(jane.id, "2026/27", "autumn-2")
        for text, owner, due in actions:
            store.add_action(m2.id, "profile-reviews", text, owner, due)


async def test_action_dialog_keeps_what_was_typed_on_a_bad_date(autumn_1_paths):
    async with meeting(autumn_1_paths, size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        await jump_to(pilot, "q:interventions-running")
        await pilot.press("a")
        await screen_open(pilot, ActionDialog)
        dialog = app.screen
        await paste(pilot, "Book EP")
        await pilot.press("tab", "tab")
        await paste(pilot, "31/11/2026")
        await pilot.press("enter")
        await refused(pilot, dialog)
        assert app.screen is dialog
        assert "not a real date" in error_in(dialog)
        assert dialog.query_one("#text", Input).value == "Book EP"
        await pilot.press("escape")
        await back_to(pilot, screen)
        assert isinstance(app.screen, MeetingScreen)
        assert screen.current.view.actions == ()


async def test_a_due_date_already_passed_is_asked_about_once(autumn_1_paths):
    async with meeting(autumn_1_paths, size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        await jump_to(pilot, "q:interventions-running")
        await pilot.press("a")
        await screen_open(pilot, ActionDialog)
        dialog = app.screen
        await paste(pilot, "Book EP")
        await pilot.press("tab")
        await paste(pilot, "SENCo")
        await pilot.press("tab")
        await paste(pilot, "01/01/2020")
        await pilot.press("enter")
        await refused(pilot, dialog)
        assert app.screen is dialog  # not saved yet, nothing lost
        assert "01/01/2020 has passed: press enter again" in error_in(dialog)
        assert [dialog.value(f"#{f}") for f in ("text", "owner", "due")] == [
            "Book EP", "SENCo", "01/01/2020"]
        await pilot.press("enter")  # yes, that date
        await back_to(pilot, screen)
        assert isinstance(app.screen, MeetingScreen)
    _, actions = meeting_answers(autumn_1_paths)
    assert [(a.text, a.due) for a in actions if a.text == "Book EP"] == [
        ("Book EP", date(2020, 1, 1))]


async def test_actions_are_highlighted_toggled_edited_and_dropped(seeded_paths):
    add_actions(seeded_paths, ("Chase the Y9 reviews", "SENCo", None),
                ("Bad date test", "", date(2025, 1, 1)))
    async with meeting(seeded_paths, size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        said = record_notices(app)
        await jump_to(pilot, "q:profile-reviews")
        actions = screen.query_one("#actions", OptionList)
        assert actions.highlighted == 0  # the first open action, before any key
        assert "OVERDUE Bad date test" in str(actions.get_option_at_index(1).prompt)
        # tab into the list, choose the second, x marks it done and says which
        await pilot.press("tab", "down")
        assert actions.has_focus and actions.highlighted == 1
        await pilot.press("x")
        await wait_until(pilot, lambda: said, "a word on the action done")
        _, saved = meeting_answers(seeded_paths)
        by_text = {a.text: a for a in saved}
        assert by_text["Bad date test"].status == "done"
        assert by_text["Chase the Y9 reviews"].status == "open"
        assert any("Done: Bad date test" in n for n in said)
        # x again opens it again
        await pilot.press("x")
        await wait_until(pilot, lambda: len(said) > 1, "a word on the action opened again")
        _, saved = meeting_answers(seeded_paths)
        assert {a.text: a.status for a in saved}["Bad date test"] == "open"
        # enter edits it, pre-filled
        await pilot.press("enter")
        await screen_open(pilot, ActionDialog)
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        assert dialog.query_one("#text", Input).value == "Bad date test"
        assert dialog.query_one("#due", Input).value == "01/01/2025"
        dialog.query_one("#text", Input).value = "Retest reading ages"
        dialog.query_one("#owner", Input).value = "Head of English"
        dialog.query_one("#due", Input).value = "18/12/2026"
        await pilot.press("enter")
        await back_to(pilot, screen)
        _, saved = meeting_answers(seeded_paths)
        edited = next(a for a in saved if a.id == by_text["Bad date test"].id)
        assert (edited.text, edited.owner, edited.due) == (
            "Retest reading ages", "Head of English", date(2026, 12, 18))
        # d asks, then marks it dropped (kept in the history)
        await pilot.press("escape")  # back to the outline; the highlight stays
        assert screen.query_one("#outline").has_focus and actions.highlighted == 1
        await pilot.press("d")
        await screen_open(pilot, ConfirmDialog)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await back_to(pilot, screen)
        _, saved = meeting_answers(seeded_paths)
        assert next(a for a in saved if a.id == edited.id).status == "dropped"
        await wait_until(pilot, lambda: "[✗]" in str(actions.get_option_at_index(1).prompt),
                         "the action shown dropped")
        assert "[✗] Retest reading ages" in str(actions.get_option_at_index(1).prompt)


async def test_tab_goes_straight_to_the_actions_and_down_stops_at_the_last(seeded_paths):
    add_actions(seeded_paths, *((text, "SENCo", date(2026, 12, 18)) for text in (
        "Chase the Y9 reviews with each head of year",
        "Share the review dates with parents and carers",
        "Book the educational psychologist for the two Y8 pupils")))
    async with meeting(seeded_paths, size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        said = record_notices(app)
        await jump_to(pilot, "q:profile-reviews")
        actions = screen.query_one("#actions", OptionList)
        # the tester's keys: tab, down, down, d (and more downs than there are actions)
        await pilot.press("tab")
        assert actions.has_focus
        await pilot.press("down", "down", "down", "down")
        assert actions.highlighted == 2  # stopped at the last, did not wrap to the first

        def list_shows(words: str) -> bool:
            lines = actions.render_lines(Region(0, 0, *actions.size))
            return words in " ".join(strip.text for strip in lines)

        # scrolled to it: the highlighted action is in view
        await wait_until(pilot, lambda: list_shows("Book the educational"),
                         "the last action scrolled into view")
        assert list_shows("Book the educational")
        await pilot.press("d")
        await screen_open(pilot, ConfirmDialog)
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.subject.startswith("Book the educational psychologist")
        await pilot.press("escape")
        await back_to(pilot, screen)
        answers, _ = meeting_answers(seeded_paths)
        assert answers["profile-reviews"].notes == ""  # no key went into the notes
        # tab again: back to the questions; the question text is never a tab stop
        await pilot.press("tab")
        assert screen.query_one("#outline").has_focus
        assert not screen.query_one("#question").can_focus
        # a question with no actions: tab stays on the outline and says why
        await jump_to(pilot, "q:ta-teacher-planning")
        await pilot.press("tab")
        assert screen.query_one("#outline").has_focus
        await wait_until(pilot, lambda: said, "a word on why tab stays")
        assert any("No actions on this question" in n for n in said)


async def test_a_past_meeting_measures_overdue_and_past_due_dates_from_its_own_date(
        autumn_1_paths):
    """Autumn 1 was held on 8/10: an action due 31/10 was not overdue then (today, 20/11,
    it is); a due date after the meeting is not questioned, one before it is."""
    async with meeting(autumn_1_paths, "Jane Smith", "2026/27", "autumn-1") as pilot:
        app = pilot.app
        screen = app.screen
        await jump_to(pilot, "q:gcse-outcomes")
        actions = screen.query_one("#actions", OptionList)
        line = str(actions.get_option_at_index(0).prompt)
        assert "Share maths gap analysis" in line and "OVERDUE" not in line
        await pilot.press("a")
        await screen_open(pilot, ActionDialog)
        dialog = app.screen
        await paste(pilot, "Too early\tSENCo\t01/10/2026")
        await pilot.press("enter")
        await refused(pilot, dialog)
        assert "is before the meeting (08/10/2026)" in error_in(dialog)
        for field in ("#text", "#due"):
            dialog.query_one(field, Input).value = ""
        dialog.query_one("#text", Input).value = "After the meeting"
        dialog.query_one("#due", Input).value = "20/10/2026"  # passed today, not then
        dialog.query_one("#text", Input).focus()
        await pilot.press("enter")
        await back_to(pilot, screen)
    _, actions = meeting_answers(autumn_1_paths, "autumn-1")
    agreed = [(a.text, a.owner, a.due) for a in actions]
    assert ("After the meeting", "SENCo", date(2026, 10, 20)) in agreed
    assert not any(a.text == "Too early" for a in actions)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_move_lists_the_questions_by_section_one_line_each(seeded_paths, size):
    add_actions(seeded_paths, ("Finish the reviews", "SENCo", None))
    async with meeting(seeded_paths, size=size) as pilot:
        app = pilot.app
        screen = app.screen
        await jump_to(pilot, "q:profile-reviews")
        await pilot.press("M")
        await screen_open(pilot, ChooseQuestion)
        dialog = app.screen
        questions = dialog.query_one("#question", OptionList)
        shown = [questions.get_option_at_index(i) for i in range(questions.option_count)]
        # section titles (not choosable), each followed by its questions, as the checklist
        # has them; the action's own question is not offered
        expected, section = [], None
        for view in screen.session.notes.questions:
            if not view.in_checklist or view.question.id == "profile-reviews":
                continue
            if view.section.title != section:
                section = view.section.title
                expected.append(section.upper())
            expected.append(("q", view.question.id))
        got = [str(o.prompt).upper() if o.disabled else ("q", o.id) for o in shown]
        assert got == expected
        assert ("q", "profile-reviews") not in got
        # one line each, long ones cut with an ellipsis; the buttons stay in view
        assert questions.virtual_size.height == questions.option_count
        lines = [questions.render_line(y).text for y in range(questions.size.height)]
        assert any(line.rstrip(" ▎▁▂▃▄▅▆▇█").endswith("…") for line in lines), lines
        assert dialog.query_one("#save").region.bottom <= size[1]
        # the first question is highlighted (not its section's title): down, then enter moves
        assert questions.highlighted == 1
        await pilot.press("down", "enter")
        await back_to(pilot, screen)
        second = next(o.id for o in shown[2:] if not o.disabled)
        with Store.open(seeded_paths.data_dir) as store:
            [action] = [a for a in store.senco_actions(store.find_senco("Jane Smith").id)
                        if a.text == "Finish the reviews"]
        assert action.question_id == second
