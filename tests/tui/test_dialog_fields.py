"""Tabs move to the next field in the dialogs, even when they come in a paste or a burst."""

from __future__ import annotations

from textual import events
from textual.widgets import Input
from tui_helpers import (
    go_to_question,
    home_ready,
    meeting_ready,
    paste,
    running,
    screen_open,
    wait_until,
)
from tui_seed import TODAY

from senco_tui.store import Store
from senco_tui.tui.app import SencoApp
from senco_tui.tui.meeting.screen import MeetingScreen
from senco_tui.tui.screens.forms import ActionDialog, ChooseMeeting, SencoForm
from senco_tui.tui.screens.home import HomeScreen


def values(screen) -> list[str]:
    return [field.value for field in screen.query(Input)]


def at_home(app) -> bool:
    return isinstance(app.screen, HomeScreen) and home_ready(app)


def first_run_form(app) -> bool:
    """The first run: 'add your SENCo' open over home, the name field taking keys."""
    return isinstance(app.screen, SencoForm) and app.focused is not None


async def test_a_pasted_tab_fills_the_next_senco_field(paths):
    app = SencoApp(paths, today=TODAY)
    async with running(app, size=(80, 24), ready=first_run_form, what="the SENCo form") as pilot:
        form = app.screen
        assert isinstance(form, SencoForm)
        await paste(pilot, "Jo Bloggs\tHill School")
        await wait_until(pilot, lambda: app.focused.id == "school", "the school field")
        assert values(form) == ["Jo Bloggs", "Hill School"]
        assert app.focused.id == "school"
        await pilot.press("enter")
        await wait_until(pilot, lambda: at_home(app), "the home screen")
        assert isinstance(app.screen, HomeScreen)
    with Store.open(paths.data_dir) as store:
        senco = store.find_senco("Jo Bloggs")
        assert (senco.name, senco.school) == ("Jo Bloggs", "Hill School")


async def test_a_burst_with_a_tab_splits_across_the_senco_fields(paths):
    """Keys that arrive together (fast typing over a slow link): posted before any is handled."""
    app = SencoApp(paths, today=TODAY)
    async with running(app, size=(80, 24), ready=first_run_form, what="the SENCo form") as pilot:
        for char in "Jo Bloggs\tHill School":
            key = "tab" if char == "\t" else ("space" if char == " " else char)
            app.post_message(events.Key(key, char))
        await wait_until(pilot, lambda: values(app.screen)[1] == "Hill School", "the keys")
        assert values(app.screen) == ["Jo Bloggs", "Hill School"]


async def test_a_pasted_row_fills_the_action_dialog_and_nothing_is_dropped(seeded_paths):
    app = SencoApp(seeded_paths, today=TODAY)
    async with running(app, size=(80, 24)) as pilot:
        await pilot.press("s")
        await go_to_question(pilot, "interventions-running")  # past the carried items
        await pilot.press("a")
        await screen_open(pilot, ActionDialog)
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        await paste(pilot, "Burst action text\tOwner\t30/11/2026")
        await wait_until(pilot, lambda: app.focused.id == "due", "the due field")
        assert values(dialog) == ["Burst action text", "Owner", "30/11/2026"]
        assert app.focused.id == "due"
        # more parts than fields: the rest joins the last field rather than being lost
        # (focusing selects the field's text, and a paste replaces it, as in any Input)
        dialog.query_one("#text", Input).focus()
        await wait_until(pilot, lambda: app.focused.id == "text", "the text field")
        await paste(pilot, "A\tB\tC\tD\nE")
        await wait_until(pilot, lambda: values(dialog)[2] != "30/11/2026", "the last field")
        assert values(dialog) == ["A", "B", "C D E"]


async def test_enter_on_the_checklist_set_opens_it_and_a_choice_moves_on(paths):
    app = SencoApp(paths, today=TODAY)
    async with running(app, size=(80, 24), ready=first_run_form, what="the SENCo form") as pilot:
        await pilot.press(*"Sam", "tab", *"Oak", "tab")
        assert app.focused.id == "set"
        await pilot.press("enter")  # opens the list, as space does; saves nothing
        await wait_until(pilot, lambda: app.screen.query_one("#set").expanded, "the list")
        assert isinstance(app.screen, SencoForm) and app.screen.query_one("#set").expanded
        await pilot.press("up", "enter")  # picks "primary", then on to the Save button
        await wait_until(pilot, lambda: app.focused.id == "save", "the Save button")
        assert isinstance(app.screen, SencoForm) and app.focused.id == "save"
        await pilot.press("enter")
        await wait_until(pilot, lambda: at_home(app), "the home screen")
        assert isinstance(app.screen, HomeScreen)
    with Store.open(paths.data_dir) as store:
        senco = store.find_senco("Sam")
        assert (senco.school, senco.checklist_set) == ("Oak", "primary")


async def test_enter_on_the_half_term_list_opens_it_rather_than_the_meeting(seeded_paths):
    app = SencoApp(seeded_paths, today=TODAY)
    async with running(app, size=(80, 24)) as pilot:
        await pilot.press("o")
        await screen_open(pilot, ChooseMeeting)
        dialog = app.screen
        assert isinstance(dialog, ChooseMeeting) and app.focused.id == "half-term"
        await pilot.press("enter")
        await wait_until(pilot, lambda: dialog.query_one("#half-term").expanded, "the list")
        assert app.screen is dialog and dialog.query_one("#half-term").expanded
        await pilot.press("down", "down", "enter")  # Spring 2, then on to the year
        await wait_until(pilot, lambda: app.focused.id == "year", "the year field")
        assert app.screen is dialog and app.focused.id == "year"
        await pilot.press(*"2025/26")
        await pilot.press("enter")  # in a text field: opens the meeting
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        meeting = screen.session.meeting
        assert (meeting.year, meeting.half_term) == ("2025/26", "spring-2")


async def test_the_edit_action_dialog_shows_each_field_from_its_start(seeded_paths):
    paths = seeded_paths
    long = ("Review timetable numeracy interventions with the maths department and "
            "the TA lead")
    with Store.open(paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        meeting = store.get_or_create_meeting(jane.id, "2026/27", "autumn-2")
        store.add_action(meeting.id, "profile-reviews", long, "Head of maths and TA lead",
                         None)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "autumn-2"))
    async with running(app, size=(80, 24), ready=meeting_ready, what="the meeting") as pilot:
        assert isinstance(app.screen, MeetingScreen)
        await go_to_question(pilot, "profile-reviews")
        await pilot.press("E")
        await screen_open(pilot, ActionDialog)
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        text = dialog.query_one("#text", Input)
        assert app.focused is text and text.value == long
        assert text.scroll_offset.x == 0  # "Review timetable…", not "…and the TA lead"
        await pilot.press("X")  # still all selected: typing replaces it
        assert text.value == "X"
        await pilot.press("tab")
        await wait_until(pilot, lambda: app.focused.id == "owner", "the owner field")
        assert dialog.query_one("#owner", Input).scroll_offset.x == 0


async def test_at_80x24_tab_reaches_the_edit_senco_buttons_and_shows_them(seeded_paths):
    """The edit form is taller than 24 rows: it scrolls, so Save is on screen when reached."""
    app = SencoApp(seeded_paths, today=TODAY)
    async with running(app, size=(80, 24)) as pilot:
        await pilot.press("e")
        await screen_open(pilot, SencoForm)
        form = app.screen
        save = form.query_one("#save")
        for _ in range(8):
            if app.focused is save:
                break
            await pilot.press("tab")
        assert app.focused is save
        await pilot.pause()
        dialog = form.query_one(".dialog")
        # all of the button inside what the dialog shows, not clipped below the screen
        assert save.region.height == 3
        assert dialog.scrollable_content_region.contains_region(save.region)


async def test_a_burst_of_editing_keys_and_a_tab_acts_in_order_in_the_details(seeded_paths):
    """Keys that are not text (end, backspace, tab) are bindings, run on whatever has the
    focus when they come up: in a burst, the backspaces went after the date typed behind
    them, and after a tab, into the attendees ("Tom Reed" was saved empty)."""
    from senco_tui.tui.screens.forms import MeetingDetails

    app = SencoApp(seeded_paths, today=TODAY, meet=("Jane Smith", None, None))
    async with running(app, size=(80, 24), ready=meeting_ready, what="the meeting") as pilot:
        await pilot.press("m")
        await screen_open(pilot, MeetingDetails)
        details = app.screen
        assert details.query_one("#held-on", Input).value == "20/11/2026"
        names = {"/": "slash", " ": "space"}
        for key in ["end", *["backspace"] * 12, *"19/11/2026", "tab", *"Tom Reed"]:
            app.post_message(events.Key(names.get(key, key), key if len(key) == 1 else None))
        await wait_until(pilot, lambda: values(details) == ["19/11/2026", "Tom Reed"],
                         "the date and the attendees, each typed in order in its own field")
