"""The year screen, home's strip, the export preview's choices and the palette's search,
on the tests' own year set (tests/year_seed.py), driven with Pilot."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from tui_helpers import home_ready, meeting_ready, record_notices, running, wait_until

sys.path.insert(0, str(Path(__file__).parent.parent))
from year_seed import TIME_NOTE, TODAY, WELLBEING_NOTE, seed  # noqa: E402

from senco_tui.store import Store  # noqa: E402
from senco_tui.tui.app import SencoApp  # noqa: E402
from senco_tui.tui.meeting.screen import MeetingScreen  # noqa: E402
from senco_tui.tui.screens.export import ExportScreen, MarkdownPreview  # noqa: E402
from senco_tui.tui.screens.home import HomeScreen  # noqa: E402
from senco_tui.tui.year.screen import YearScreen  # noqa: E402
from senco_tui.tui.year.widgets import YearTable  # noqa: E402


@pytest.fixture
def year_paths(paths):
    ids = seed(paths)
    exports = paths.config_dir.parent / "exports"
    paths.settings_file.write_text(f'export_dir = "{exports}"\n')
    return paths, ids, exports


def year_ready(app) -> bool:
    screen = app.screen
    return isinstance(screen, YearScreen) and screen.grid is not None \
        and app.focused is screen.query_one(YearTable)


def highlighted(app) -> tuple[str | None, str | None]:
    """(question id, half-term) of the year grid's highlighted cell."""
    row, column = app.screen.query_one(YearTable).current()
    grid = app.screen.grid
    return (row.question_id if row else None,
            grid.columns[column].half_term if column is not None else None)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_y_on_home_opens_the_highlighted_sencos_year(year_paths):
    paths, _, _ = year_paths
    app = SencoApp(paths, today=TODAY)
    async with running(app) as pilot:
        await pilot.press("y")
        await wait_until(pilot, lambda: year_ready(app), "the year screen")
        assert app.screen.senco.name == "Jane Smith" and app.screen.year == "2026/27"
        title = text_of(app, "#title")
        assert "Jane Smith · Hill Top Academy · 2026/27 — 2 of 6 held" in title
        # the first question's first half-term, in words below the grid
        assert highlighted(app) == ("attendance", "autumn-1")
        assert "Autumn 1: How is attendance for pupils with SEND? — Green" in \
            text_of(app, "#cell-info")
        thread = app.screen.query_one("#thread-counts").render()
        assert "open after    2   2   2   –   –   –" in str(thread)
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")


async def test_enter_on_a_cell_opens_that_meeting_at_that_question(year_paths):
    paths, _, _ = year_paths
    app = SencoApp(paths, today=TODAY)
    async with running(app) as pilot:
        await pilot.press("y")
        await wait_until(pilot, lambda: year_ready(app), "the year screen")
        await pilot.press("down", "right")  # reading ages (the next question), Autumn 2
        assert highlighted(app) == ("reading-age", "autumn-2")
        assert "carried in, kept open; Amber" in text_of(app, "#cell-info")
        await pilot.press("enter")
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.session.meeting.half_term == "autumn-2"
        assert screen.query_one("#outline").highlighted_option.id == "q:reading-age"
        await pilot.press("3")  # rated Red there
        # y goes back to the year it came from, not a second one on top, read again
        await pilot.press("y")
        await wait_until(pilot, lambda: year_ready(app), "the year screen again")
        assert len(app.screen_stack) == 2
        assert highlighted(app) == ("reading-age", "autumn-2")
        assert "Red" in text_of(app, "#cell-info")


async def test_a_question_not_asked_there_opens_its_carried_item(year_paths):
    paths, _, _ = year_paths
    app = SencoApp(paths, today=TODAY)
    async with running(app) as pilot:
        await pilot.press("y")
        await wait_until(pilot, lambda: year_ready(app), "the year screen")
        app.screen.query_one(YearTable).go_to("provision-map", "autumn-2")
        await pilot.press("enter")
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        assert app.screen.query_one("#outline").highlighted_option.id == \
            "carried:question:provision-map"


async def test_a_half_term_with_no_meeting_says_so(year_paths):
    paths, _, _ = year_paths
    app = SencoApp(paths, today=TODAY)
    async with running(app) as pilot:
        notices = record_notices(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: year_ready(app), "the year screen")
        app.screen.query_one(YearTable).go_to("attendance", "summer-1")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, YearScreen)
        assert notices[-1].startswith("No Summer 1 2026/27 meeting yet")


async def test_y_in_a_meeting_opens_its_year(year_paths):
    paths, _, _ = year_paths
    app = SencoApp(paths, today=TODAY, meet=("Sam Patel", "2026/27", "autumn-1"))
    async with running(app, ready=meeting_ready, what="the meeting") as pilot:
        await pilot.press("y")
        await wait_until(pilot, lambda: year_ready(app), "the year screen")
        assert app.screen.senco.name == "Sam Patel"
        await pilot.press("q")
        await wait_until(pilot, lambda: meeting_ready(app), "back in the meeting")


async def test_the_grid_follows_a_change_made_in_a_meeting_opened_from_it(year_paths):
    paths, _, _ = year_paths
    app = SencoApp(paths, today=TODAY)
    async with running(app) as pilot:
        await pilot.press("y")
        await wait_until(pilot, lambda: year_ready(app), "the year screen")
        app.screen.query_one(YearTable).go_to("provision-map", "spring-1")
        await pilot.press("enter")
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        await pilot.press("1")  # Green, where Spring 1 asks it
        await pilot.press("q")
        await wait_until(pilot, lambda: year_ready(app), "the year screen")
        row = next(r for r in app.screen.grid.rows if r.question_id == "provision-map")
        assert row.cells[2].mark == "→G"


async def test_w_and_g_write_the_report_and_the_governors_version(year_paths):
    paths, _, exports = year_paths
    app = SencoApp(paths, today=TODAY)
    async with running(app) as pilot:
        notices = record_notices(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: year_ready(app), "the year screen")
        await pilot.press("w")
        await pilot.press("g")
        await pilot.pause()
    report = (exports / "2026-27-year-jane-smith.md").read_text()
    assert report.startswith("# The year 2026/27: Jane Smith, Hill Top Academy")
    assert WELLBEING_NOTE in report
    assert (exports / "2026-27-year-jane-smith.html").read_text().startswith("<!DOCTYPE html>")
    governors = (exports / "2026-27-governors-hill-top-academy.md").read_text()
    assert WELLBEING_NOTE not in governors and TIME_NOTE not in governors
    assert "Jane Smith" not in governors
    assert (exports / "2026-27-governors-hill-top-academy.html").exists()
    assert notices[0].startswith(f"Year report written: {exports}/2026-27-year-jane-smith.md")
    assert notices[1].startswith("Governors' version written:")


async def test_a_report_that_cannot_be_written_says_why(year_paths):
    paths, _, exports = year_paths
    exports.write_text("a file where the folder should be")
    app = SencoApp(paths, today=TODAY)
    async with running(app) as pilot:
        notices = record_notices(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: year_ready(app), "the year screen")
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, YearScreen)
        assert notices[-1].startswith("Could not write the report: ")
        assert "\n" not in notices[-1]


async def test_p_and_n_go_to_the_years_before_and_after(year_paths):
    paths, _, _ = year_paths
    app = SencoApp(paths, today=TODAY)
    async with running(app) as pilot:
        await pilot.press("y")
        await wait_until(pilot, lambda: year_ready(app), "the year screen")
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.year == "2025/26"
        row = next(r for r in app.screen.grid.rows if r.question_id == "impact")
        assert row.cells[5].mark == "R"
        await pilot.press("n", "n")
        await pilot.pause()
        assert app.screen.year == "2027/28" and app.screen.grid.meetings == []


async def test_the_year_screen_at_80_columns_stacks_and_scrolls(year_paths):
    paths, _, _ = year_paths
    app = SencoApp(paths, today=TODAY)
    async with running(app, size=(80, 24)) as pilot:
        await pilot.press("y")
        await wait_until(pilot, lambda: year_ready(app), "the year screen")
        table = app.screen.query_one(YearTable)
        thread = app.screen.query_one("#thread")
        assert table.region.width == 80 and thread.region.y > table.region.y
        for _ in range(7):  # the next question each time (section titles stepped over)
            await pilot.press("down")
        assert highlighted(app) == ("senco-time", "autumn-1")
        assert table.scroll_offset.y > 0  # the last question is scrolled into view


async def test_home_shows_the_year_strip_after_the_first_paint(year_paths):
    paths, _, _ = year_paths
    app = SencoApp(paths, today=TODAY)
    async with running(app) as pilot:
        await wait_until(pilot, lambda: "Open items" in text_of(app, "#year-strip"),
                         "the strip")
        strip = text_of(app, "#year-strip").splitlines()
        assert strip[0].split() == ["2026/27", "(y)", "Aut", "1", "Aut", "2", "Spr", "1", "Spr",
                                    "2", "Sum", "1", "Sum", "2"]
        assert strip[1].split() == ["Held", "8/10", "26/11", "opened", "–", "–", "–"]
        assert strip[2].split() == ["Discussed", "5/5", "4/4", "0/4"]
        assert strip[4].split() == ["Red", "1", "0", "0"]
        # the next SENCo's year follows the highlight
        await pilot.press("down")
        await wait_until(pilot, lambda: "12/10" in text_of(app, "#year-strip"), "Sam's strip")
        assert text_of(app, "#year-strip").splitlines()[4].split() == ["Red", "2"]


async def test_the_export_preview_chooses_wellbeing_notes_and_detail(year_paths):
    paths, _, exports = year_paths
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "autumn-1"))
    async with running(app, ready=meeting_ready, what="the meeting") as pilot:
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export")
        screen = app.screen
        preview = screen.query_one(MarkdownPreview)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Twelve pupils below a reading age" in preview.plain
        assert WELLBEING_NOTE not in preview.plain and WELLBEING_NOTE not in screen.markdown
        assert "Notes left out of this copy (the SENCo's wellbeing)." in preview.plain
        await pilot.press("i")  # the checkbox's key
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.query_one("#with-wellbeing").value
        assert WELLBEING_NOTE in screen.markdown and WELLBEING_NOTE in preview.plain
        await pilot.click("#with-detail")
        await app.workers.wait_for_complete()
        assert "(question reading-age)" in screen.markdown
        await pilot.press("w")
        await pilot.pause()
    written = (exports / "2026-27-autumn-1-jane-smith.md").read_text()
    assert WELLBEING_NOTE in written and "(question reading-age)" in written


async def test_the_palette_searches_the_notes_and_opens_the_meeting(year_paths):
    paths, _, _ = year_paths
    app = SencoApp(paths, today=TODAY)
    async with running(app) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"tomasz")
        await wait_until(pilot, lambda: _palette_has(app, "Twelve pupils"), "a hit")
        await pilot.press("enter")
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        assert app.screen.session.meeting.half_term == "autumn-1"
        assert app.screen.query_one("#outline").highlighted_option.id == "q:reading-age"


def _palette_has(app, words: str) -> bool:
    from textual.command import CommandList

    lists = app.screen.query(CommandList)
    if not lists:
        return False
    found = lists.first()
    return any(words in str(found.get_option_at_index(i).prompt)
               for i in range(found.option_count))


async def test_a_senco_renamed_shows_the_new_name(year_paths):
    paths, ids, _ = year_paths
    app = SencoApp(paths, today=TODAY)
    async with running(app, ready=home_ready) as pilot:
        await pilot.press("y")
        await wait_until(pilot, lambda: year_ready(app), "the year screen")
        with Store.open(paths.data_dir) as store:
            store.update_senco(ids["jane"], name="Jane Smith-Jones", school="Hill Top Academy",
                               checklist_set="year")
        app.screen.load()
        await pilot.pause()
        assert "Jane Smith-Jones" in text_of(app, "#title")


async def test_a_broken_checklist_is_said_once_and_the_year_still_shows(year_paths):
    paths, _, _ = year_paths
    (paths.user_checklists / "year" / "spring-2.yaml").write_text("half_term: [\n")
    app = SencoApp(paths, today=TODAY)
    async with running(app) as pilot:
        notices = record_notices(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: year_ready(app), "the year screen")
        assert notices[-1].startswith("The checklist set 'year' has problems (spring-2: ")
        assert highlighted(app) == ("attendance", "autumn-1")
        app.screen.load()  # as on coming back from a meeting
        await pilot.pause()
        assert sum(n.startswith("The checklist set") for n in notices) == 1
