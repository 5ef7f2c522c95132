"""The meeting screen itself: its layout at 80x24, the title, help, mouse, scrolling,
the theme, and what it remembers (Pilot)."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.widget import Widget
from textual.widgets import OptionList
from tui_helpers import (
    back_to,
    highlighted_row,
    home_ready,
    jump_to,
    meeting,
    screen_open,
    shown,
    wait_until,
)
from tui_seed import meeting_answers

from senco_tui.store import Store
from senco_tui.tui.meeting.rows import QuestionRow
from senco_tui.tui.meeting.screen import MeetingScreen
from senco_tui.tui.screens.help import HelpScreen
from senco_tui.tui.screens.home import HomeScreen


async def test_help_screen_lists_the_keys(autumn_1_paths):
    async with meeting(autumn_1_paths, size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        await pilot.press("question_mark")
        await screen_open(pilot, HelpScreen)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table")
        await wait_until(pilot, lambda: table.size.height > 0, "the help table laid out")
        lines = table.render_lines(Region(0, 0, *table.size))
        text = " ".join(" ".join(strip.text for strip in lines).split())  # wrapped lines joined
        for words in ("Next question", "Green", "Add an action", "Export", "Jump to question"):
            assert words in text
        await pilot.press("escape")
        await back_to(pilot, screen)
        assert isinstance(app.screen, MeetingScreen)


async def test_status_notes_and_actions_stay_on_screen_at_80x24(seeded_paths):
    async with meeting(seeded_paths, size=(80, 24)) as pilot:
        screen = pilot.app.screen
        whole = screen.region
        seen = 0
        await pilot.press("f")  # every question, the folded ones too
        await pilot.pause()
        for _ in range(len(screen.outline.rows)):
            await pilot.press("j")
            if not isinstance(screen.current, QuestionRow):
                continue
            seen += 1
            await pilot.pause()  # any layout the move asked for
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


async def test_a_click_selects_a_question_a_double_click_edits(seeded_paths):
    async with meeting(seeded_paths) as pilot:
        app = pilot.app
        screen = app.screen
        index = screen.outline.index_of["q:profile-reviews"]
        outline = screen.query_one("#outline", OptionList)
        notes = screen.query_one("#notes")

        def status() -> str | None:
            return meeting_answers(seeded_paths)[0]["profile-reviews"].status

        await pilot.click("#outline", offset=(5, index - outline.scroll_offset.y))
        await wait_until(pilot, lambda: highlighted_row(app) == "q:profile-reviews",
                         "profile-reviews highlighted by the click")
        assert highlighted_row(app) == "q:profile-reviews"
        assert not notes.has_focus
        await pilot.press("2")  # rates it, not typed into the notes
        await wait_until(pilot, lambda: status() != "red", "the click's question rated")
        answers, _ = meeting_answers(seeded_paths)
        assert answers["profile-reviews"].status == "amber"
        assert answers["profile-reviews"].notes == ""
        # the status line's choices are clickable too: "Set: 1 Green 2 Amber ..."
        assert shown(screen, "#status-line").splitlines()[1].startswith("Set: 1 Green")
        await pilot.click("#status-line", offset=(6, 1))
        await wait_until(pilot, lambda: status() != "amber", "the status clicked saved")
        answers, _ = meeting_answers(seeded_paths)
        assert answers["profile-reviews"].status == "green"
        await pilot.double_click("#outline", offset=(5, index - outline.scroll_offset.y))
        await wait_until(pilot, lambda: notes.has_focus, "the editor opened by a double click")
        assert notes.has_focus


async def test_pagedown_scrolls_the_question_text_from_the_outline(seeded_paths):
    async with meeting(seeded_paths, size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        await jump_to(pilot, "q:interventions-running")  # cut off at 80x24
        text = screen.query_one("#question")
        assert text.virtual_size.height > text.size.height
        await pilot.press("pagedown")
        await wait_until(pilot, lambda: text.scroll_offset.y > 0, "the text scrolled down")
        assert text.scroll_offset.y > 0
        assert highlighted_row(app) == "q:interventions-running"  # did not move
        await pilot.press("pageup")
        await wait_until(pilot, lambda: text.scroll_offset.y == 0, "the text scrolled up")
        assert text.scroll_offset.y == 0


async def test_title_counts_every_action_agreed_and_fits_at_80_columns(seeded_paths):
    with Store.open(seeded_paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        m2 = store.find_meeting(jane.id, "2026/27", "autumn-2")
        made = [store.add_action(m2.id, "profile-reviews", f"Action {n}", "SENCo", None)
                for n in range(4)]
        for action, decision in zip(made, ("done", "done", "dropped"), strict=False):
            store.review(m2.id, kind="action", action_id=action.id, decision=decision)
    async with meeting(seeded_paths, size=(80, 24)) as pilot:
        title = shown(pilot.app.screen, "#title").strip()
        # all four agreed here, done or dropped too (not "1 new action"); at 80 columns
        # the SENCo, half-term and year stay whole and the counts are abbreviated
        assert title.startswith("Jane Smith · Autumn 2 2026/27 — 2/12 core · 2/18")
        assert "· 4 agreed" in title and "new action" not in title
        assert len(title) <= 80


async def test_question_text_takes_the_new_theme_at_once(seeded_paths):
    async with meeting(seeded_paths, size=(80, 24), theme="textual-dark") as pilot:
        app = pilot.app
        text = app.screen.query_one("#question")
        dark = text.rich_style.bgcolor
        app.action_toggle_theme()
        await wait_until(pilot, lambda: text.rich_style.bgcolor != dark, "the light theme")
        assert text.rich_style.bgcolor != dark
        painted = {seg.style.bgcolor for seg in text.render_line(0) if seg.style}
        assert painted == {text.rich_style.bgcolor}  # no near-black left in a light theme


async def test_theme_and_the_last_question_are_remembered(seeded_paths):
    async with meeting(seeded_paths) as pilot:
        app = pilot.app
        assert app.theme == "textual-dark"
        app.action_toggle_theme()
        await jump_to(pilot, "q:profile-reviews")
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and home_ready(app),
                         "the home screen")
    async with meeting(seeded_paths) as pilot:
        assert pilot.app.theme == "textual-light"
        assert highlighted_row(pilot.app) == "q:profile-reviews"


async def test_a_question_gone_from_the_checklist_is_marked_and_not_in_the_total(
        seeded_paths):
    with Store.open(seeded_paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        a2 = store.find_meeting(jane.id, "2026/27", "autumn-2")
        store.set_status(a2.id, "old-question", "do", "A question the school removed?", "red")
    async with meeting(seeded_paths, "Jane Smith", "2026/27", "autumn-2") as pilot:
        screen = pilot.app.screen
        # 3 discussed, of the checklist's 18 (the home screen counts the same way)
        assert "3/18 discussed" in shown(screen, "#title")
        await pilot.press("f")  # not a core question: with the ones for when there is time
        await wait_until(pilot, lambda: "q:old-question" in screen.outline.index_of,
                         "the questions beyond the core ones unfolded")
        await jump_to(pilot, "q:old-question")
        assert "No longer in the checklist" in shown(screen, "#question")


async def test_j_and_k_stop_at_the_ends_of_the_outline(seeded_paths):
    async with meeting(seeded_paths, size=(80, 24)) as pilot:
        app = pilot.app
        outline = app.screen.outline
        rows = [outline.get_option_at_index(i) for i in range(outline.option_count)]
        ids = [option.id for option in rows if not option.disabled]
        first, last = ids[0], ids[-1]
        await jump_to(pilot, ids[1])
        await pilot.press("k")
        assert highlighted_row(app) == first
        # working up the list, the first row is where it stops (not thrown to the bottom)
        for key in ("k", "up", "k"):
            await pilot.press(key)
            await pilot.pause()
            assert highlighted_row(app) == first, key
        await jump_to(pilot, ids[-2])
        await pilot.press("j")
        assert highlighted_row(app) == last
        for key in ("j", "down", "j"):
            await pilot.press(key)
            await pilot.pause()
            assert highlighted_row(app) == last, key
        assert app.screen.current.id == last  # and the detail shows it


async def test_a_long_name_gives_way_in_the_title_not_the_half_term_or_year(seeded_paths):
    long_names = ("Dr Alexandra Montgomery-Fitzwilliam",
                  "Dr Alexandra Montgomery-Fitzwilliam-Smythe (acting SENCo, Hillside)")
    for name in long_names:
        with Store.open(seeded_paths.data_dir) as store:
            jane = store.find_senco("Jane Smith" if name == long_names[0] else long_names[0])
            store.update_senco(jane.id, name=name, school=jane.school,
                               checklist_set=jane.checklist_set)
        for size in ((80, 24), (120, 40)):
            async with meeting(seeded_paths, name, size=size) as pilot:
                screen = pilot.app.screen
                title = shown(screen, "#title").strip()
                counts = screen.session.notes.progress.line(2)
                assert len(title) <= size[0] - 2, title
                if size == (120, 40) and name == long_names[0]:
                    assert name in title  # room for all of it
                    continue
                # the name is cut (with an ellipsis); half-term, year and counts are whole
                assert title.startswith("Dr Alexandra") and "…" in title, title
                assert f"… · Autumn 2 2026/27 — {counts}" in title, title


async def test_the_footer_is_rebuilt_only_when_its_keys_change(meeting_app):
    """Moving between questions, or coming back from a screen over the meeting, keeps the
    footer's keys (rebuilding a dozen styled widgets each time was most of the cost of a
    screen or a dialog); a carried item's keys differ, and replace them."""
    from textual.widgets._footer import FooterKey

    from senco_tui.tui.meeting.rows import CarriedRow

    pilot = meeting_app
    screen = pilot.app.screen
    rows = screen.outline.rows
    first, second = [row.id for row in rows if isinstance(row, QuestionRow)][:2]
    carried = next(row.id for row in rows if isinstance(row, CarriedRow))

    def keys() -> list[FooterKey]:
        return list(screen.query(FooterKey))

    await jump_to(pilot, first)
    await pilot.pause()
    on_a_question = keys()
    said = [key.description for key in on_a_question]
    assert "Notes" in said and "Action" in said
    await jump_to(pilot, second)
    await pilot.press("question_mark")  # a screen over it, and back
    await screen_open(pilot, HelpScreen)
    await pilot.press("escape")
    await back_to(pilot, screen)
    await pilot.pause()
    assert keys() == on_a_question  # the very same widgets
    await jump_to(pilot, carried)
    await wait_until(pilot, lambda: "Action" not in [k.description for k in keys()],
                     "the carried item's keys in the footer")
    assert not set(keys()) & set(on_a_question)


async def test_the_outline_paints_each_line_as_option_list_would(seeded_paths):
    """The outline paints its own lines (what is the same for every line looked up once
    per paint): scrolled, with section titles, the highlight and a row under the mouse,
    each line is the one OptionList itself paints."""
    async with meeting(seeded_paths, size=(80, 24)) as pilot:
        outline = pilot.app.screen.outline
        await pilot.press("f")  # every question: longer than the screen
        for _ in range(outline.size.height + 3):
            await pilot.press("j")
        await pilot.pause()
        assert outline.scroll_offset.y > 0
        outline._mouse_hovering_over = outline.highlighted - 3
        whole = Region(0, 0, *outline.size)
        painted = []
        for paint in (outline.render_lines, lambda crop: OptionList.render_lines(outline, crop)):
            outline._styles_cache.clear()
            painted.append(paint(whole))
        ours, theirs = painted
        assert len(ours) == outline.size.height
        assert any(line.text.strip() for line in ours)
        assert ours == theirs


async def test_a_scrolled_outline_shows_the_lines_it_would_paint_afresh(seeded_paths):
    """A scroll keeps each line's painted strip, moved with it, and the scrollbar styles
    each different line once: after walking down past the bottom and back up past the
    top, with a row changed on the way, every line on screen is the one a fresh paint
    gives."""
    async with meeting(seeded_paths, size=(80, 24)) as pilot:
        screen = pilot.app.screen
        outline = screen.outline
        await pilot.press("f")  # every question: longer than the screen
        for _ in range(outline.size.height + 5):
            await pilot.press("j")
        await pilot.press("2")  # a status: its row is drawn again, then scrolls away
        for key in ["j"] * 3 + ["k"] * (outline.size.height + 2) + ["j"] * 2:
            await pilot.press(key)
        await pilot.pause()
        top = outline.scroll_offset.y
        assert top > 0
        # a row drawn again and a scroll before the next paint: it is painted afresh
        outline.replace_prompt(top + 4, Text("changed"))
        outline.scroll_to(y=top + 1, animate=False, immediate=True)
        await pilot.pause()
        whole = Region(0, 0, *outline.size)
        kept = outline.render_lines(whole)  # the lines as painted, from the cache
        assert "changed" in kept[3].text
        outline._styles_cache.clear()
        assert kept == outline.render_lines(whole)
        bar = outline.vertical_scrollbar
        whole = Region(0, 0, *bar.size)
        kept = bar.render_lines(whole)
        assert len({tuple(line) for line in kept}) > 1  # the thumb and the track
        bar._styles_cache.clear()
        Widget._render_content(bar)  # drawn afresh, then styled afresh
        assert kept == ScrollBar.render_lines(bar, whole)


async def test_each_update_sends_the_terminal_what_textual_would(seeded_paths):
    """PaintsWhatChanged: every partial update of the meeting screen (moving, scrolling,
    a status, notes typed, the actions) writes what Textual's own compositor writes."""
    from textual._compositor import Compositor

    async with meeting(seeded_paths, size=(80, 24)) as pilot:
        screen = pilot.app.screen
        compositor = screen._compositor
        console = pilot.app.console
        compared = []

        def both():
            dirty = set(compositor._dirty_regions)
            textual = Compositor.render_partial_update(compositor)
            compositor._dirty_regions.update(dirty)
            ours = type(compositor).render_partial_update(compositor)
            if textual is None or ours is None:
                assert textual is ours
                return ours
            compared.append(dirty)
            assert ours.render_segments(console) == textual.render_segments(console)
            return ours

        compositor.render_partial_update = both
        for key in ["j"] * 30 + ["2", "k", "e", "n", "o", "escape", "tab", "down", "escape",
                                 "f", *["k"] * 30]:
            await pilot.press(key)
            await pilot.pause()
        assert len(compared) > 40
