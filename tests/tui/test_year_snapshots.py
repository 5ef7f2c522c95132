"""How the year screen looks at 80×24 and 120×40, on the tests' own year set
(tests/data/checklists/year, via tests/year_seed.py) with a fixed today. After a
deliberate change: `pytest tests/tui/test_year_snapshots.py --snapshot-update`, then look
at every SVG that changed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from tui_helpers import home_ready, wait_until

sys.path.insert(0, str(Path(__file__).parent.parent))
from year_seed import TODAY, seed  # noqa: E402

from senco_tui.tui.app import SencoApp  # noqa: E402
from senco_tui.tui.year.screen import YearScreen  # noqa: E402

SIZES = [(80, 24), (120, 40)]


def _year_on(*keys: str):
    async def run_before(pilot):
        app = pilot.app
        await wait_until(pilot, lambda: home_ready(app), "the home screen")
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, YearScreen)
                         and app.screen.grid is not None, "the year screen")
        if keys:
            await pilot.press(*keys)
        await pilot.pause()
    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_year(snap_compare, paths, size):
    seed(paths)
    app = SencoApp(paths, today=TODAY)
    # on reading ages in Autumn 2: carried in and rated Amber again
    assert snap_compare(app, terminal_size=size, run_before=_year_on("down", "right"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_year_light_theme(snap_compare, paths, size):
    seed(paths)
    app = SencoApp(paths, today=TODAY, theme="textual-light")
    assert snap_compare(app, terminal_size=size, run_before=_year_on())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home_with_the_year_strip(snap_compare, paths, size):
    seed(paths)
    app = SencoApp(paths, today=TODAY)

    async def run_before(pilot):
        await wait_until(pilot, lambda: home_ready(pilot.app), "the home screen")
        await wait_until(pilot, lambda: "Open items" in str(
            pilot.app.screen.query_one("#year-strip").render()), "the strip")

    assert snap_compare(app, terminal_size=size, run_before=run_before)
