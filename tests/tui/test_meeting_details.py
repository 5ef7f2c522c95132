"""The meeting's details (m): the date it was held and who attended, and when a meeting
counts as held (Pilot)."""

from __future__ import annotations

from datetime import date

from textual.widgets import Button, Input, OptionList
from tui_helpers import (
    back_to,
    home_ready,
    jump_to,
    meeting,
    meeting_ready,
    record_notices,
    screen_open,
    shown,
    wait_until,
)
from tui_seed import TODAY

from senco_tui.store import Store
from senco_tui.tui.meeting.screen import MeetingScreen
from senco_tui.tui.screens.forms import ConfirmDialog, MeetingDetails
from senco_tui.tui.screens.home import HomeScreen


def error_in(dialog) -> str:
    return str(dialog.query_one(".dialog-error").render())


async def test_a_held_date_still_to_come_is_asked_about_once(seeded_paths):
    async with meeting(seeded_paths, size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        await pilot.press("m")
        await screen_open(pilot, MeetingDetails)
        dialog = app.screen
        assert isinstance(dialog, MeetingDetails)
        dialog.query_one("#held-on", Input).value = "15/01/2027"
        dialog.query_one("#attendees", Input).value = "Jane Smith, Tom Reed"
        await pilot.press("enter")
        await wait_until(pilot, lambda: error_in(dialog), "the dialog to ask about the date")
        assert app.screen is dialog  # not saved yet, nothing lost
        assert "15/01/2027 has not come yet: press enter again" in error_in(dialog)
        assert dialog.value("#attendees") == "Jane Smith, Tom Reed"
        await pilot.press("enter")  # yes, that date
        await back_to(pilot, screen)
        assert app.screen is screen
        assert screen.session.meeting.held_on == date(2027, 1, 15)
        # the date as it is, unchanged, is not asked about again
        await pilot.press("m")
        await screen_open(pilot, MeetingDetails)
        await pilot.press("enter")
        await back_to(pilot, screen)
        assert app.screen is screen


async def test_a_held_date_far_from_the_half_term_is_asked_about_once(seeded_paths):
    # this school's autumn-2 starts on 2 November: the dialog names the dates it uses
    seeded_paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
    seeded_paths.settings_file.write_text('[half_term_starts]\nautumn-2 = "11-02"\n')
    async with meeting(seeded_paths, size=(80, 24)) as pilot:  # Autumn 2 2026/27
        app = pilot.app
        screen = app.screen
        await pilot.press("m")
        await screen_open(pilot, MeetingDetails)
        dialog = app.screen
        dialog.query_one("#held-on", Input).value = "2025-06-03"  # a typo of the year
        dialog.query_one("#attendees", Input).value = "Jane Smith"
        await pilot.press("enter")
        await wait_until(pilot, lambda: error_in(dialog), "the dialog to ask about the date")
        assert app.screen is dialog
        assert error_in(dialog) == (
            "03/06/2025 is well outside Autumn 2 2026/27 (02/11/2026 to 31/12/2026): "
            "press enter again to keep it, or change it.")
        assert dialog.value("#held-on") == "2025-06-03"  # as typed, to correct
        assert dialog.value("#attendees") == "Jane Smith"
        assert screen.session.meeting.held_on != date(2025, 6, 3)
        await pilot.press("enter")  # yes, that date
        await back_to(pilot, screen)
        assert screen.session.meeting.held_on == date(2025, 6, 3)
        assert screen.session.meeting.attendees == "Jane Smith"


async def test_catching_up_on_a_past_meeting_leaves_its_held_date_unset(autumn_1_paths):
    async with meeting(autumn_1_paths, "Sam Patel", "2026/27", "autumn-1",
                       size=(80, 24)) as pilot:
        screen = pilot.app.screen
        await pilot.press("2")
        assert screen.session.meeting.held_on is None  # not "held 20/11/2026"
    with Store.open(autumn_1_paths.data_dir) as store:
        sam = store.find_senco("Sam Patel")
        meeting_ = store.find_meeting(sam.id, "2026/27", "autumn-1")
        assert meeting_.held_on is None
        assert [a.status for a in store.answers(meeting_.id).values()] == ["amber"]


async def test_held_date_set_by_the_first_record_details_and_deleting_empty_meetings(
        autumn_1_paths):
    async with meeting(autumn_1_paths, "Sam Patel") as pilot:
        app = pilot.app
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.session.meeting.held_on is None  # opening is not holding it
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and home_ready(app),
                         "the home screen")
        home = app.screen
        home.query_one("#sencos", OptionList).highlighted = 1  # Sam Patel
        await wait_until(pilot, lambda: shown(home, "#senco-info").startswith("Sam Patel"),
                         "Sam Patel's details")
        # opened, but not held: not among the meetings held
        meetings = home.query_one("#meetings", OptionList)
        assert str(meetings.get_option_at_index(0).prompt) == "Opened, nothing recorded yet:"
        assert "not held yet" in str(meetings.get_option_at_index(1).prompt)
        assert "Continue Autumn 2 2026/27 meeting" in str(home.query_one("#start", Button).label)
        await pilot.press("s")
        await wait_until(pilot, lambda: meeting_ready(app), "Sam Patel's meeting again")
        screen = app.screen
        await jump_to(pilot, "q:profile-reviews")
        await pilot.press("2")
        assert screen.session.meeting.held_on == TODAY
        await pilot.press("m")
        await screen_open(pilot, MeetingDetails)
        assert isinstance(app.screen, MeetingDetails)
        app.screen.query_one("#held-on", Input).value = "19/11/2026"
        app.screen.query_one("#attendees", Input).value = "Sam Patel, Tom Reed"
        await pilot.press("enter")
        await back_to(pilot, screen)
        with Store.open(autumn_1_paths.data_dir) as store:
            m = store.get_meeting(screen.session.meeting.id)
        assert (m.held_on, m.attendees) == (date(2026, 11, 19), "Sam Patel, Tom Reed")
        await pilot.press("q")
        await back_to(pilot, home)

        # an empty meeting opened by mistake can be deleted; one with records cannot
        with Store.open(autumn_1_paths.data_dir) as store:
            sam = store.find_senco("Sam Patel")
            store.get_or_create_meeting(sam.id, "2026/27", "summer-2")
        home.refresh_meetings()
        meetings = home.query_one("#meetings", OptionList)
        labels = [str(meetings.get_option_at_index(i).prompt)
                  for i in range(meetings.option_count)]
        assert labels[0].startswith("Autumn 2 2026/27") and "19/11/2026" in labels[0]
        assert labels[2].startswith("Summer 2 2026/27") and "not held yet" in labels[2]
        meetings.focus()
        meetings.highlighted = 0  # Autumn 2: has a status
        said = record_notices(app)
        await pilot.press("delete")
        await wait_until(pilot, lambda: said, "a word on why it cannot be deleted")
        assert not isinstance(app.screen, ConfirmDialog)
        assert any("cannot be deleted" in n for n in said)
        meetings.highlighted = 2
        await pilot.press("delete")
        await screen_open(pilot, ConfirmDialog)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await back_to(pilot, home)
        with Store.open(autumn_1_paths.data_dir) as store:
            assert [m.half_term for m in store.list_meetings(sam.id)] == ["autumn-2"]


async def test_ctrl_z_after_the_details_undoes_the_details(autumn_1_paths):
    async with meeting(autumn_1_paths, "Sam Patel", size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        await jump_to(pilot, "q:profile-reviews")
        await pilot.press("2")  # amber: the meeting is held today
        assert screen.session.meeting.held_on == TODAY
        await pilot.press("m")
        await screen_open(pilot, MeetingDetails)
        app.screen.query_one("#held-on", Input).value = "19/11/2026"
        app.screen.query_one("#attendees", Input).value = "Sam Patel, Tom Reed"
        await pilot.press("enter")
        await back_to(pilot, screen)
        said = record_notices(app)
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: said, "a word on what was undone")
        assert said == ["Undone: Meeting details: held 19/11/2026, attendees 'Sam Patel, "
                        "Tom Reed' (ctrl+y redoes it)"]
        with Store.open(autumn_1_paths.data_dir) as store:
            m = store.get_meeting(screen.session.meeting.id)
            assert (m.held_on, m.attendees) == (TODAY, "")
            # the status set before the details stands
            assert store.answers(m.id)["profile-reviews"].status == "amber"
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: len(said) == 2, "a word on what was redone")
        assert said[1].startswith("Redone: Meeting details: held 19/11/2026")
        assert screen.session.meeting.attendees == "Sam Patel, Tom Reed"
