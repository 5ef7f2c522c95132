"""The home screen: the SENCos, their meetings, start or continue, delete (Pilot)."""

from __future__ import annotations

from textual.geometry import Region
from textual.widgets import Button, OptionList
from tui_helpers import (
    back_to,
    home,
    home_ready,
    jump_to,
    meeting,
    meeting_ready,
    record_notices,
    screen_open,
    shown,
    wait_until,
)

from senco_tui.store import Store
from senco_tui.tui.meeting.screen import MeetingScreen
from senco_tui.tui.screens.forms import ChooseMeeting, ConfirmDialog
from senco_tui.tui.screens.help import HelpScreen
from senco_tui.tui.screens.home import HomeScreen


async def highlight_senco(pilot, name: str) -> None:
    """Highlight `name` in the SENCos list; wait until the meetings pane is theirs."""
    home = pilot.app.screen
    names = [s.name for s in home.sencos]
    home.query_one("#sencos", OptionList).highlighted = names.index(name)
    await wait_until(pilot, lambda: shown(home, "#senco-info").startswith(name),
                     f"{name}'s details on the home screen")


async def back_home(pilot) -> HomeScreen:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen)
                     and home_ready(pilot.app), "the home screen")
    return pilot.app.screen


def rows(meetings: OptionList) -> list[str]:
    return [str(meetings.get_option_at_index(i).prompt) for i in range(meetings.option_count)]


async def test_start_or_continue_and_no_empty_school_slot(autumn_1_paths):
    with Store.open(autumn_1_paths.data_dir) as store:
        store.add_senco("Bob Jones", "", "secondary")
    async with home(autumn_1_paths) as pilot:
        screen = pilot.app.screen
        await highlight_senco(pilot, "Bob Jones")
        # no school, no empty slot for it; and which questions carry forward
        assert shown(screen, "#senco-info") == (
            "Bob Jones · Secondary school\n"
            "What carries forward: open actions and Amber or Red questions")
        start = screen.query_one("#start", Button)
        assert str(start.label) == "Start Autumn 2 2026/27 meeting (s)"
        assert screen.active_bindings["s"].binding.description == "Start"
        # the footer says what the button says
        await pilot.press("s")
        await wait_until(pilot, lambda: meeting_ready(pilot.app), "Bob Jones's meeting")
        await pilot.press("q")
        await back_to(pilot, screen)
        await wait_until(pilot, lambda: str(start.label).startswith("Continue"),
                         "the start button to say Continue")
        assert str(start.label) == "Continue Autumn 2 2026/27 meeting (s)"
        assert screen.active_bindings["s"].binding.description == "Continue"


async def test_home_buttons_both_fit_at_80_columns(seeded_paths):
    async with home(seeded_paths, size=(80, 24)) as pilot:
        screen = pilot.app.screen
        start, other = screen.query_one("#start", Button), screen.query_one("#other", Button)
        await wait_until(pilot, lambda: other.region.width > 0, "the buttons laid out")
        assert str(start.label) == "Continue Autumn 2 (s)"
        # the size's classes (given before mounting: textual_hooks.sized_before_mount)
        assert screen.has_class("-narrow", "-short") and not screen.has_class("-wide")
        pane = screen.query_one("#meetings-pane").content_region
        assert other.region.right <= pane.right
        await pilot.resize_terminal(120, 40)
        await wait_until(pilot, lambda: "2026/27" in str(start.label), "the wider label")
        assert str(start.label) == "Continue Autumn 2 2026/27 meeting (s)"
        await pilot.click("#other")
        await screen_open(pilot, ChooseMeeting)
        assert isinstance(pilot.app.screen, ChooseMeeting)
        assert pilot.app.screen.has_class("-wide", "-tall")
        assert screen.has_class("-wide", "-tall") and not screen.has_class("-narrow")


async def test_at_80_columns_home_footer_and_help_fit(seeded_paths):
    from textual.widgets._footer import FooterKey

    with Store.open(seeded_paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        sp1 = store.get_or_create_meeting(jane.id, "2026/27", "spring-1")
        store.set_status(sp1.id, "q", "do", "Asked?", "green")
        store.get_or_create_meeting(jane.id, "2026/27", "spring-2")  # deletable: del shown
    async with home(seeded_paths, size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        meetings = screen.query_one("#meetings", OptionList)
        meetings.focus()
        await wait_until(pilot, lambda: meetings.has_focus, "the meetings list focused")
        shown_rows = rows(meetings)
        # recorded outside the app, without a date: held, only the date is missing
        assert "no date       1/16 discussed" in shown_rows[0], shown_rows
        # only opened: listed apart from the meetings held, below them
        assert shown_rows[-2] == "Opened, nothing recorded yet:"
        assert "not held yet  0/14 discussed" in shown_rows[-1]  # a gap after the held column
        meetings.highlighted = len(shown_rows) - 1
        await wait_until(pilot, lambda: any(k.key_display == "del"
                                            for k in screen.query(FooterKey)),
                         "del in the footer")
        keys = list(screen.query(FooterKey))
        palette = next(k for k in keys if k.has_class("-command-palette"))
        shown_keys = [k for k in keys if k is not palette]
        assert [k.key_display for k in shown_keys] == ["s", "del", "n", "e", "q", "?"]
        assert all(k.region.right <= palette.region.x for k in shown_keys)  # none cut
        # help: a long description wraps in its own column, not back to column 0
        await pilot.press("s")
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("question_mark")
        await screen_open(pilot, HelpScreen)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table")
        await wait_until(pilot, lambda: table.size.height > 0, "the help table laid out")
        lines = [strip.text for strip in table.render_lines(Region(0, 0, *table.size))]
        wrapped = [line for line in lines[1:] if line.strip() and line.startswith(" ")]
        assert wrapped and all(line.startswith(" " * 10) for line in wrapped)


async def test_home_delete_acts_on_the_highlighted_meeting_and_shows_del_when_it_can(
        seeded_paths):
    with Store.open(seeded_paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        store.get_or_create_meeting(jane.id, "2026/27", "spring-2")  # opened by mistake
    async with home(seeded_paths, size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        meetings = screen.query_one("#meetings", OptionList)

        def del_in_footer() -> bool:
            active = screen.active_bindings.get("delete")
            return active is not None and active.binding.show

        def row(i: int) -> str:
            return str(meetings.get_option_at_index(i).prompt)

        await pilot.press("tab", "tab", "tab")
        assert meetings.has_focus
        title = screen.query_one("#meetings-pane .pane-title")
        await wait_until(pilot, lambda: title.has_class("-focused"), "the pane title marked")
        assert title.has_class("-focused")
        # the meetings held first, the latest on top, highlighted at once
        assert meetings.highlighted == 0 and row(0).startswith("Autumn 2")
        assert not del_in_footer()  # it has records
        # open Autumn 1 from the list and come back: the same row is still the one
        await pilot.press("down")
        assert row(meetings.highlighted).startswith("Autumn 1")
        assert not del_in_footer()  # it has records
        await pilot.press("enter")
        await wait_until(pilot, lambda: meeting_ready(app), "the Autumn 1 meeting")
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("q")
        await back_to(pilot, screen)
        assert app.screen is screen and meetings.has_focus
        assert row(meetings.highlighted).startswith("Autumn 1")
        said = record_notices(app)
        await pilot.press("delete")
        await wait_until(pilot, lambda: said, "a word on why it cannot be deleted")
        assert not isinstance(app.screen, ConfirmDialog)
        assert any("Autumn 1 2026/27 meeting has notes" in n for n in said)
        # below the meetings held, the one only opened: del is offered there
        await pilot.press("down")
        await wait_until(pilot, lambda: meetings.highlighted != 1, "down to move on")
        assert row(meetings.highlighted).startswith("Spring 2")
        assert row(meetings.highlighted - 1) == "Opened, nothing recorded yet:"
        assert del_in_footer()
        await pilot.press("delete")
        await screen_open(pilot, ConfirmDialog)
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.TITLE_TEXT == "Delete the Spring 2 2026/27 meeting?"


async def test_home_offers_no_delete_for_a_meeting_with_only_a_review(autumn_1_paths):
    with Store.open(autumn_1_paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        carried = next(a for a in store.senco_actions(jane.id) if a.status == "open")
        a2 = store.get_or_create_meeting(jane.id, "2026/27", "autumn-2")
        store.review(a2.id, kind="action", action_id=carried.id, decision="done")
    async with home(autumn_1_paths) as pilot:
        screen = pilot.app.screen
        meetings = screen.query_one("#meetings", OptionList)
        await pilot.press("tab", "tab", "tab")
        assert meetings.has_focus
        assert str(meetings.get_option_at_index(0).prompt).startswith("Autumn 2 2026/27  no date")
        active = screen.active_bindings.get("delete")
        assert active is None or not active.binding.show  # the store would refuse it


async def test_a_meeting_with_everything_cleared_again_can_be_deleted(autumn_1_paths):
    async with meeting(autumn_1_paths, "Sam Patel", size=(80, 24)) as pilot:
        app = pilot.app
        # rated, cleared; notes typed (x), rubbed out; back home
        await pilot.press("2", "0", "e", "x", "backspace", "escape", "q")
        screen = await back_home(pilot)
        assert isinstance(screen, HomeScreen)
        meetings = screen.query_one("#meetings", OptionList)
        meetings.focus()
        await wait_until(pilot, lambda: meetings.has_focus, "the meetings list focused")
        assert screen.active_bindings["delete"].binding.id == "home.delete_meeting"
        await pilot.press("delete")
        await screen_open(pilot, ConfirmDialog)
        await pilot.press("enter")  # yes, delete it
        await back_to(pilot, screen)
        assert app.screen is screen
    with Store.open(autumn_1_paths.data_dir) as store:
        assert store.list_meetings(store.find_senco("Sam Patel").id) == []


async def test_back_from_meet_highlights_that_senco_at_home(autumn_1_paths):
    async with meeting(autumn_1_paths, "Sam Patel", size=(80, 24)) as pilot:
        assert isinstance(pilot.app.screen, MeetingScreen)
        await pilot.press("q")
        screen = await back_home(pilot)
        assert isinstance(screen, HomeScreen)
        assert screen.senco.name == "Sam Patel"
        await wait_until(pilot, lambda: shown(screen, "#senco-info").startswith("Sam Patel"),
                         "Sam Patel's details")
        assert shown(screen, "#senco-info").startswith("Sam Patel")


async def test_typed_text_is_shown_as_typed_not_as_markup(paths):
    with Store.open(paths.data_dir) as store:
        senco = store.add_senco("Jo [b]Bloggs[/b]", "St [red]Mary's", "secondary")
        meeting_ = store.get_or_create_meeting(senco.id, "2026/27", "autumn-2")
        store.add_action(meeting_.id, "interventions-running", "[x] check [link]", "[SENCo]",
                         None)
    async with home(paths) as pilot:
        app = pilot.app
        screen = app.screen
        assert "Jo [b]Bloggs[/b]" in shown(screen, "#senco-info")
        assert screen.query_one("#sencos", OptionList).get_option_at_index(0).prompt.startswith(
            "Jo [b]Bloggs[/b]")
        await pilot.press("s")
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        await jump_to(pilot, "q:interventions-running")
        prompt = str(app.screen.query_one("#actions", OptionList).get_option_at_index(0).prompt)
        assert prompt.startswith("[ ] [x] check [link]  ([SENCo])")
        assert "Jo [b]Bloggs[/b]" in app.screen.title


def senco_names(screen: HomeScreen) -> list[str]:
    olist = screen.query_one("#sencos", OptionList)
    return [str(olist.get_option_at_index(i).prompt).splitlines()[0]
            for i in range(olist.option_count)]


def add_from_elsewhere(paths, name: str) -> None:
    """A SENCo added as `senco-tui senco add` in another terminal does: its own store."""
    with Store.open(paths.data_dir) as store:
        store.add_senco(name, "Ash School", "primary")


async def test_home_shows_a_senco_added_elsewhere_when_shown_again(seeded_paths):
    async with home(seeded_paths, size=(80, 24)) as pilot:
        screen = pilot.app.screen
        await highlight_senco(pilot, "Sam Patel")
        await pilot.press("question_mark")
        await screen_open(pilot, HelpScreen)
        add_from_elsewhere(seeded_paths, "Adam Abbott")
        await pilot.press("escape")
        await back_to(pilot, screen)
        await wait_until(pilot, lambda: "Adam Abbott" in senco_names(screen),
                         "the SENCo added elsewhere")
        assert senco_names(screen) == ["Adam Abbott", "Jane Smith", "Sam Patel"]
        # the same SENCo stays highlighted (now one row further down)
        assert screen.senco.name == "Sam Patel"
        assert shown(screen, "#senco-info").startswith("Sam Patel")


async def test_home_shows_a_senco_added_elsewhere_when_the_app_has_focus_again(
        seeded_paths):
    from textual import events

    async with home(seeded_paths, size=(120, 40)) as pilot:
        app = pilot.app
        screen = app.screen
        await highlight_senco(pilot, "Jane Smith")
        await pilot.press("enter")  # the keys in the meetings list
        meetings = screen.query_one("#meetings", OptionList)
        await wait_until(pilot, lambda: app.focused is meetings, "the meetings list")
        app.post_message(events.AppBlur())  # to another window...
        await wait_until(pilot, lambda: not app.app_focus, "the app to lose focus")
        add_from_elsewhere(seeded_paths, "Adam Abbott")
        await pilot.pause()
        assert "Adam Abbott" not in senco_names(screen)  # nothing says so yet
        app.post_message(events.AppFocus())  # ...and back
        await wait_until(pilot, lambda: "Adam Abbott" in senco_names(screen),
                         "the SENCo added elsewhere")
        assert screen.senco.name == "Jane Smith"
        assert app.focused is meetings


async def test_a_long_senco_name_is_cut_on_one_line_at_80_columns(seeded_paths):
    add_from_elsewhere(seeded_paths, "Dr Alexandra Montgomery-Fitzwilliam")
    async with home(seeded_paths, size=(80, 24)) as pilot:
        olist = pilot.app.screen.query_one("#sencos", OptionList)
        # two lines a SENCo (name, school), the long name cut with an ellipsis
        assert olist.virtual_size.height == 2 * olist.option_count
        lines = [olist.render_line(y).text.strip() for y in range(olist.size.height)]
        assert any(line.startswith("Dr Alexandra") and line.endswith("…") for line in lines)
