"""A meeting that fits the hour (issue 14): core questions first and the rest folded,
the title's counts and time guide, select-all and export from inside the notes."""

from __future__ import annotations

from textual.widgets import Static
from tui_helpers import go_to_question, highlighted_row, meeting_ready, running, wait_until
from tui_seed import TODAY

from senco_tui.tui.app import SencoApp
from senco_tui.tui.meeting.rows import FoldRow, QuestionRow
from senco_tui.tui.screens.export import ExportScreen

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
