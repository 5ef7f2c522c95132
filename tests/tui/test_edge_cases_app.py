"""The edge-case table of tests/test_edge_cases.py on the real screens: for each case,
home's line for the meeting and the meeting's own title say the same (one test a case,
so they run side by side)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

sys.path.insert(0, str(Path(__file__).parent.parent))
from test_edge_cases import CASES, TODAY, build  # noqa: E402
from tui_helpers import back_to, home, meeting_ready, wait_until  # noqa: E402

from senco_tui.tui.meeting.screen import MeetingScreen  # noqa: E402
from senco_tui.tui.screens.home import HomeScreen  # noqa: E402


@pytest.mark.parametrize("name", CASES)
async def test_home_and_the_meeting_title_agree(paths, name):
    case = CASES[name]
    build(paths, name, case)
    async with home(paths, today=TODAY) as pilot:
        app = pilot.app
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        meetings = screen.query_one("#meetings", OptionList)
        lines = [str(meetings.get_option_at_index(i).prompt)
                 for i in range(meetings.option_count)]
        [row] = [i for i, line in enumerate(lines) if line.startswith("Autumn 2 2026/27")]
        assert f"{case.discussed}/2 discussed" in lines[row], name
        assert ("not held yet" in lines[row]) == (not case.recorded), name
        meetings.focus()
        meetings.highlighted = row
        await wait_until(pilot, lambda: meetings.has_focus, "the meetings list focused")
        # del is offered exactly where the store would delete
        assert bool(screen.highlighted_meeting(deletable=True)) == (not case.recorded)
        await pilot.press("enter")
        await wait_until(pilot, lambda: meeting_ready(app), f"the meeting of {name!r}")
        assert isinstance(app.screen, MeetingScreen), name
        title = str(app.screen.query_one("#title", Static).render())
        assert f"— {case.discussed}/2 discussed" in title, name
        await pilot.press("q")
        await back_to(pilot, screen)
        assert app.screen is screen
