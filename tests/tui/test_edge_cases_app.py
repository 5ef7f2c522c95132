"""The edge-case table of tests/test_edge_cases.py on the real screens: for each case,
home's line for the meeting and the meeting's own title say the same."""

from __future__ import annotations

import sys
from pathlib import Path

from textual.widgets import OptionList, Static

sys.path.insert(0, str(Path(__file__).parent.parent))
from test_edge_cases import CASES, TODAY, build  # noqa: E402
from tui_helpers import started  # noqa: E402

from senco_tui.tui.app import SencoApp  # noqa: E402
from senco_tui.tui.meeting.screen import MeetingScreen  # noqa: E402
from senco_tui.tui.screens.home import HomeScreen  # noqa: E402


async def test_home_and_the_meeting_title_agree_on_every_case(paths):
    for name, case in CASES.items():
        build(paths, name, case)
    app = SencoApp(paths, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        sencos = home.query_one("#sencos", OptionList)
        for index, senco in enumerate(home.sencos):
            case = CASES[senco.name]
            sencos.highlighted = index
            await pilot.pause()
            meetings = home.query_one("#meetings", OptionList)
            lines = [str(meetings.get_option_at_index(i).prompt)
                     for i in range(meetings.option_count)]
            [row] = [i for i, line in enumerate(lines) if line.startswith("Autumn 2 2026/27")]
            assert f"{case.discussed}/2 discussed" in lines[row], senco.name
            assert ("not held yet" in lines[row]) == (not case.recorded), senco.name
            meetings.focus()
            meetings.highlighted = row
            await pilot.pause()
            # del is offered exactly where the store would delete
            assert bool(home.highlighted_meeting(deletable=True)) == (not case.recorded)
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, MeetingScreen), senco.name
            title = str(screen.query_one("#title", Static).render())
            assert f"— {case.discussed}/2 discussed" in title, senco.name
            await pilot.press("q")
            await pilot.pause()
            assert app.screen is home
            sencos.focus()
