"""The command palette on the meeting screen: one "Jump to question…" entry, and the
questions found by the words typed (Pilot)."""

from __future__ import annotations

from textual.command import CommandPalette
from tui_helpers import back_to, meeting, open_palette, palette_search, wait_until

from senco_tui.store import Store
from senco_tui.tui.meeting.rows import QuestionRow


def asked(screen) -> str:
    """What the highlighted question asks ('' on any other row)."""
    row = screen.current
    return row.view.question.ask if isinstance(row, QuestionRow) else ""


async def jumped(pilot, screen, words: str) -> None:
    """Wait until the palette has closed and its jump has landed on a question with
    `words` in it."""
    await back_to(pilot, screen)
    await wait_until(pilot, lambda: words in asked(screen), f"a jump to {words!r}")


async def test_jump_to_question_from_the_palette(autumn_1_paths):
    async with meeting(autumn_1_paths) as pilot:
        app = pilot.app
        screen = app.screen
        await open_palette(pilot)
        await palette_search(pilot, "emotionally")
        await pilot.press("enter")
        await jumped(pilot, screen, "emotionally")
        assert app.screen is screen
        assert "emotionally" in asked(screen)


async def test_empty_palette_has_one_jump_entry_that_lists_the_questions(autumn_1_paths):
    async with meeting(autumn_1_paths, size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        prompts = await open_palette(pilot)
        palette = app.screen
        jumps = [p for p in prompts if "Jump to" in p]
        assert len(jumps) == 1 and jumps[0].startswith("Jump to question…")
        assert any(p.startswith("Export") for p in prompts)
        # choosing it opens a palette of the questions, which typing narrows
        await palette_search(pilot, "jump to question")
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette)
                         and app.screen is not palette, "the palette of the questions")
        assert isinstance(app.screen, CommandPalette) and app.screen is not palette
        await palette_search(pilot, "emotionally")
        await pilot.press("enter")
        await jumped(pilot, screen, "emotionally")
        assert app.screen is screen
        assert "emotionally" in asked(screen)


async def test_jump_to_question_searches_section_titles_and_ranks_whole_words_first(paths):
    with Store.open(paths.data_dir) as store:
        store.add_senco("Pat Lee", "Oak Primary", "primary")
    async with meeting(paths, "Pat Lee") as pilot:
        screen = pilot.app.screen

        async def hits_for(query: str) -> list[str]:
            await open_palette(pilot)
            found = await palette_search(pilot, query)
            await pilot.press("escape")
            await back_to(pilot, screen)
            return found

        hits = await hits_for("exam")
        assert hits and hits[0].startswith("Exams: ")
        hits = await hits_for("ehcp")
        assert "Is every EHCP on track" in hits[0]  # the standing question comes first
        # every question with the word in it comes before any scattered-letter match
        containing = [h for h in hits if "ehcp" in h.lower()]
        assert hits[:len(containing)] == containing
