"""How the screens look, at 80×24 and 120×40, with fixed data and a fixed today."""

from __future__ import annotations

import pytest
from tui_seed import TODAY, current, seed

from senco_tui.tui.app import SencoApp

SIZES = [(80, 24), (120, 40)]


async def _settle(pilot):
    await pilot.pause()
    await pilot.pause()


def _go_to_question(question_id: str):
    async def run_before(pilot):
        await _settle(pilot)
        screen = pilot.app.screen
        while not (current(screen)[0] == "question"
                   and current(screen)[1].question.id == question_id):
            await pilot.press("j")
        await pilot.pause()
    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, paths, size):
    seed(paths, autumn_2=True)
    assert snap_compare(SencoApp(paths, today=TODAY), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_meeting(snap_compare, paths, size):
    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    assert snap_compare(app, terminal_size=size,
                        run_before=_go_to_question("interventions-running"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_carried_forward(snap_compare, paths, size):
    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))
    assert snap_compare(app, terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, paths, size):
    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None))

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_meeting_light_theme(snap_compare, paths, size):
    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", None, None), theme="textual-light")
    assert snap_compare(app, terminal_size=size,
                        run_before=_go_to_question("profile-reviews"))
