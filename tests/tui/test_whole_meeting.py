"""A whole meeting through the app, as a user would run it: the first SENCo added, a
meeting held, and all of it there when the app is started again (Pilot)."""

from __future__ import annotations

from datetime import date

from textual.widgets import Button, OptionList
from tui_helpers import (
    back_to,
    go_to_question,
    highlighted_row,
    home,
    home_ready,
    meeting,
    meeting_ready,
    paste,
    screen_open,
    shown,
    wait_until,
)
from tui_seed import meeting_answers

from senco_tui.tui.meeting.screen import MeetingScreen
from senco_tui.tui.screens.forms import ActionDialog, SencoForm
from senco_tui.tui.screens.home import HomeScreen


def at_home(app) -> bool:
    return isinstance(app.screen, HomeScreen) and home_ready(app)


async def test_whole_meeting_then_reopen(paths):
    async with home(paths) as pilot:
        app = pilot.app
        # first run goes straight to "add your SENCo"
        await screen_open(pilot, SencoForm)
        assert isinstance(app.screen, SencoForm)
        await paste(pilot, "Jane Smith")
        await pilot.press("tab")
        await paste(pilot, "Hillside Academy")
        await pilot.press("enter")
        await wait_until(pilot, lambda: at_home(app) and app.screen.sencos, "Jane Smith at home")
        assert isinstance(app.screen, HomeScreen)
        assert "Start Autumn 2 2026/27 meeting" in str(app.screen.query_one("#start", Button)
                                                       .label)
        home_screen = app.screen

        await pilot.press("s")
        await wait_until(pilot, lambda: meeting_ready(app), "the meeting")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        # the shipped set opens with its standing questions (asked every half-term)
        assert "Is every EHCP on track" in shown(screen, "#question")
        await go_to_question(pilot, "interventions-running")
        assert "Are interventions up and running?" in shown(screen, "#question")
        await pilot.press("1", "j", "3")
        await pilot.press("e")
        await paste(pilot, "Only 3 of 12 reviews done; 1 2 3 typed, not statuses.")
        await pilot.press("escape")
        await pilot.press("a")
        await screen_open(pilot, ActionDialog)
        assert isinstance(app.screen, ActionDialog)
        await paste(pilot, "Finish the profile reviews")
        await pilot.press("tab")
        await paste(pilot, "SENCo")
        await pilot.press("tab")
        await paste(pilot, "30/11/2026")
        await pilot.press("enter")
        await back_to(pilot, screen)
        assert app.screen is screen
        assert screen.sub_title == "2/12 core · 2/18 discussed · 1 action agreed"
        await pilot.press("q")
        await back_to(pilot, home_screen)
        assert isinstance(app.screen, HomeScreen)
        meetings = app.screen.query_one("#meetings", OptionList)
        await wait_until(pilot, lambda: "discussed" in str(meetings.get_option_at_index(0)
                                                           .prompt), "the meeting listed")
        assert "2/18 discussed, 1 open action" in str(meetings.get_option_at_index(0).prompt)
        await pilot.press("ctrl+q")

    answers, actions = meeting_answers(paths)
    assert answers["interventions-running"].status == "green"
    assert answers["profile-reviews"].status == "red"
    assert answers["profile-reviews"].notes == (
        "Only 3 of 12 reviews done; 1 2 3 typed, not statuses.")
    assert [(a.text, a.owner, a.due) for a in actions] == [
        ("Finish the profile reviews", "SENCo", date(2026, 11, 30))]

    # a new app on the same data: it is all there
    async with meeting(paths, "jane", size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        outline = screen.query_one("#outline", OptionList)
        assert str(outline.get_option("q:interventions-running").prompt).startswith(" G ")
        assert str(outline.get_option("q:profile-reviews").prompt).startswith(" R ")
        # it reopens where it was left
        assert highlighted_row(app) == "q:profile-reviews"
        assert "Only 3 of 12 reviews done" in screen.query_one("#notes").text
        assert "Finish the profile reviews" in str(
            screen.query_one("#actions", OptionList).get_option_at_index(0).prompt)
        await pilot.press("q")
        await wait_until(pilot, lambda: at_home(app), "the home screen")
        assert isinstance(app.screen, HomeScreen)
