"""A meeting that fits the hour (issue 14): core questions first and the rest folded,
the title's counts and time guide, select-all and export from inside the notes."""

from __future__ import annotations

from textual.widgets import Static
from tui_helpers import (
    go_to_question,
    highlighted_row,
    meeting_ready,
    record_notices,
    running,
    screen_open,
    wait_until,
)
from tui_seed import TODAY

from senco_tui.tui.app import SencoApp
from senco_tui.tui.meeting.rows import FoldRow, QuestionRow
from senco_tui.tui.screens.export import ExportScreen
from senco_tui.tui.screens.forms import ActionDialog, ChooseQuestion, ConfirmDialog

SPRING_2 = ("Jane Smith", "2026/27", "spring-2")  # three core questions of five (snapshot set)


def question_ids(screen) -> list[str]:
    return [row.view.question.id for row in screen.outline.rows if isinstance(row, QuestionRow)]


async def test_core_questions_come_first_and_the_rest_unfold_with_f(snapshot_paths):
    app = SencoApp(snapshot_paths, today=TODAY, meet=SPRING_2)
    async with running(app, ready=meeting_ready, what="the meeting") as pilot:
        screen = app.screen
        assert question_ids(screen) == ["profile-reviews", "interventions-impact",
                                        "sendco-wellbeing"]
        fold = screen.outline.rows[-1]
        assert isinstance(fold, FoldRow) and (fold.hidden, fold.more) == (2, 2)
        title = str(screen.query_one("#title", Static).render())
        assert "0/3 core" in title and "0/5" in title
        await pilot.press("f")
        await pilot.pause()
        assert question_ids(screen) == ["profile-reviews", "interventions-impact",
                                        "sendco-wellbeing", "ta-planning", "provision-costed"]
        # numbered as shown: the first of the others is question 4 of 5
        await go_to_question(pilot, "ta-planning")
        assert "question 4 of 5" in screen.question.plain
        # folding again while on a folded question leaves the highlight on the fold
        await pilot.press("f")
        await pilot.pause()
        assert highlighted_row(app) == "fold"
        assert "ta-planning" not in question_ids(screen)
        # enter on the fold unfolds it too
        await pilot.press("enter")
        await pilot.pause()
        assert "ta-planning" in question_ids(screen)
        # rating one of the others counts as discussed, not as core
        await go_to_question(pilot, "provision-costed")
        await pilot.press("1")
        await pilot.pause()
        title = str(screen.query_one("#title", Static).render())
        assert "0/3 core · 1/5" in title


async def test_keys_for_a_question_say_what_applies_on_the_fold(snapshot_paths):
    app = SencoApp(snapshot_paths, today=TODAY, meet=SPRING_2)
    async with running(app, ready=meeting_ready, what="the meeting") as pilot:
        said = record_notices(app)
        app.screen.jump_to("fold")
        await wait_until(pilot, lambda: highlighted_row(app) == "fold", "the fold")
        for key in ("1", "a", "x"):
            await pilot.press(key)
            await wait_until(pilot, lambda: said, f"a word on {key} at the fold")
            assert said.pop() == "More questions are folded here: enter or f shows them."
        assert app.screen.session.notes.progress.discussed == 0  # and nothing was rated


async def test_keys_for_a_question_say_what_applies_on_a_carried_item(seeded_paths):
    app = SencoApp(seeded_paths, today=TODAY, meet=("Jane Smith", None, None))
    async with running(app, ready=meeting_ready, what="the meeting") as pilot:
        said = record_notices(app)
        assert highlighted_row(app).startswith("carried:question:")
        await pilot.press("a")
        await wait_until(pilot, lambda: said, "a word on a at a carried question")
        assert said.pop().startswith("A carried item: x done, u keep open")
        await pilot.press("j")
        await wait_until(pilot, lambda: highlighted_row(app).startswith("carried:action:"),
                         "the carried action")
        await pilot.press("D")
        await wait_until(pilot, lambda: said, "a word on D at a carried action")
        assert said.pop().startswith("Only an action agreed in this meeting can be deleted")


async def test_jumping_to_a_folded_question_shows_it(snapshot_paths):
    app = SencoApp(snapshot_paths, today=TODAY, meet=SPRING_2)
    async with running(app, ready=meeting_ready, what="the meeting") as pilot:
        screen = app.screen
        screen.jump_to("q:provision-costed")
        await pilot.pause()
        assert highlighted_row(app) == "q:provision-costed"
        assert "Is the provision map costed?" in screen.question.plain


async def test_the_shipped_sets_fold_the_questions_beyond_the_core_ones(meeting_app):
    screen = meeting_app.app.screen
    # the shipped Autumn 2 marks its core questions (the snapshot set's marks none)
    assert any(isinstance(row, FoldRow) for row in screen.outline.rows)


async def test_no_fold_when_nothing_is_core(snapshot_paths):
    app = SencoApp(snapshot_paths, today=TODAY, meet=("Jane Smith", None, None))
    async with running(app, ready=meeting_ready, what="the meeting") as pilot:
        screen = app.screen
        assert not any(isinstance(row, FoldRow) for row in screen.outline.rows)
        assert "core" not in str(screen.query_one("#title", Static).render())
        await pilot.press("f")  # does nothing here (and is not in the footer)
        assert not screen.check_action("fold", ())


async def test_ctrl_a_selects_all_notes_and_ctrl_e_exports_from_the_editor(meeting_app):
    pilot = meeting_app
    app = pilot.app
    await go_to_question(pilot, "interventions-running")
    await pilot.press("e")
    editor = app.screen.query_one("#notes")
    assert editor.has_focus and editor.text
    await pilot.press("ctrl+a")
    assert editor.selected_text == editor.text  # not the start of the line
    await pilot.press("end", "space", "x", "y")
    typed = editor.text
    await pilot.press("ctrl+e")  # export, saving the notes first
    await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export")
    assert typed.strip() in app.screen.markdown.replace("\\", "")


async def test_the_time_guide_shows_minutes_of_the_meeting_setting(snapshot_paths):
    (snapshot_paths.config_dir / "settings.toml").write_text("meeting_minutes = 45\n")
    app = SencoApp(snapshot_paths, today=TODAY, meet=("Jane Smith", None, None))
    async with running(app, size=(120, 40), ready=meeting_ready, what="the meeting"):
        title = str(app.screen.query_one("#title", Static).render())
        assert title.endswith(" · 0/45 min")


async def test_ctrl_z_undoes_each_kind_of_change_and_ctrl_y_redoes(meeting_app):
    pilot = meeting_app
    app = pilot.app
    screen = app.screen
    said = record_notices(app)
    store = app.store

    def answer(qid):
        return store.answers(screen.session.meeting.id).get(qid)

    # a status
    await go_to_question(pilot, "profile-reviews")
    await pilot.press("2")
    assert answer("profile-reviews").status == "amber"
    await pilot.press("ctrl+z")
    assert answer("profile-reviews").status == "red"
    assert said[-1].startswith("Undone: Amber for 'Have profile/ IEP reviews happened?'")
    await pilot.press("ctrl+y")
    assert answer("profile-reviews").status == "amber"
    # a notes edit, as a whole
    await pilot.press("e")
    await pilot.press(*"Reviews moved")
    await pilot.press("escape")
    await pilot.pause()
    assert answer("profile-reviews").notes == "Reviews moved"
    await pilot.press("ctrl+z")
    await pilot.pause()
    assert answer("profile-reviews").notes == ""
    assert screen.editor.text == ""  # the editor shows what is saved now
    # an action added, then moved, ticked and deleted (each undone)
    await pilot.press("a")
    await screen_open(pilot, ActionDialog)
    app.screen.query_one("#text").value = "Finish the reviews"
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.screen is screen, "the meeting again")
    [action] = [a for a in store.senco_actions(screen.session.senco.id)
                if a.text == "Finish the reviews"]
    await pilot.press("x")
    assert store.get_action(action.id).status == "done"
    await pilot.press("ctrl+z")
    assert store.get_action(action.id).status == "open"
    await pilot.press("M")
    await screen_open(pilot, ChooseQuestion)
    questions = app.screen.query_one("#question")
    questions.highlighted = next(i for i in range(questions.option_count)
                                 if questions.get_option_at_index(i).id
                                 == "interventions-running")
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.screen is screen, "the meeting again")
    assert store.get_action(action.id).question_id == "interventions-running"
    await pilot.press("ctrl+z")
    assert store.get_action(action.id).question_id == "profile-reviews"
    await go_to_question(pilot, "profile-reviews")
    await pilot.press("D")
    await screen_open(pilot, ConfirmDialog)
    await pilot.press("enter")  # enter deletes, as its button says (ctrl+z undoes it)
    await wait_until(pilot, lambda: app.screen is screen, "the meeting again")
    assert action.id not in [a.id for a in store.senco_actions(screen.session.senco.id)]
    await pilot.press("ctrl+z")
    assert store.get_action(action.id).text == "Finish the reviews"
    # a carried item reviewed
    screen.jump_to(next(row.id for row in screen.outline.rows
                        if row.id.startswith("carried:action")))
    await pilot.pause()
    await pilot.press("x")
    item = screen.current.item
    assert item.state == "done"
    await pilot.press("ctrl+z")
    assert screen.current.item.state == "unreviewed"
    # nothing left to undo from this session? the journal keeps earlier runs' too
    assert app.screen is screen


async def test_the_last_change_can_be_undone_after_a_restart(seeded_paths):
    app = SencoApp(seeded_paths, today=TODAY, meet=("Jane Smith", None, None))
    async with running(app, ready=meeting_ready, what="the meeting") as pilot:
        await go_to_question(pilot, "profile-reviews")
        await pilot.press("1")
        await pilot.pause()
    app = SencoApp(seeded_paths, today=TODAY, meet=("Jane Smith", None, None))
    async with running(app, ready=meeting_ready, what="the meeting again") as pilot:
        await pilot.press("ctrl+z")
        await pilot.pause()
        answers = app.store.answers(app.screen.session.meeting.id)
        assert answers["profile-reviews"].status == "red"
