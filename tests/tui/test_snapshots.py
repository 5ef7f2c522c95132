"""How the screens look, at 80×24 and 120×40, with fixed data and a fixed today.

The questions and glossary are the tests' own (tests/data/checklists/snapshot and
snapshot-glossary.yaml, via the snapshot_paths fixture): editing the shipped sets never
changes a snapshot. After a deliberate change: `pytest tests/tui/test_snapshots.py
--snapshot-update`, then look at every SVG that changed.
"""

from __future__ import annotations

import pytest
from tui_helpers import go_to_question, home_ready, meeting_ready, wait_until
from tui_seed import TODAY

from senco_tui.checklist import load_glossary, load_named_set
from senco_tui.store import Store
from senco_tui.tui.app import SencoApp

SIZES = [(80, 24), (120, 40)]
MEET = ("Jane Smith", None, None)


async def _at_home(pilot):
    await wait_until(pilot, lambda: home_ready(pilot.app), "the home screen")


async def _at_meeting(pilot):
    await wait_until(pilot, lambda: meeting_ready(pilot.app), "Jane Smith's meeting")


def _at_question(question_id: str):
    async def run_before(pilot):
        await go_to_question(pilot, question_id)
    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, snapshot_paths, size):
    app = SencoApp(snapshot_paths, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=_at_home)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_meeting(snap_compare, snapshot_paths, size):
    app = SencoApp(snapshot_paths, today=TODAY, meet=MEET)
    assert snap_compare(app, terminal_size=size,
                        run_before=_at_question("interventions-running"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_carried_forward(snap_compare, snapshot_paths, size):
    app = SencoApp(snapshot_paths, today=TODAY, meet=MEET)
    assert snap_compare(app, terminal_size=size, run_before=_at_meeting)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, snapshot_paths, size):
    app = SencoApp(snapshot_paths, today=TODAY, meet=MEET)

    async def run_before(pilot):
        await _at_meeting(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: bool(pilot.app.screen.query("#help-table")), "the help")

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_meeting_light_theme(snap_compare, snapshot_paths, size):
    app = SencoApp(snapshot_paths, today=TODAY, meet=MEET, theme="textual-light")
    assert snap_compare(app, terminal_size=size, run_before=_at_question("profile-reviews"))


def test_snapshots_use_the_tests_own_checklist_and_glossary(snapshot_paths):
    """If the app stopped reading these, the snapshots would follow the shipped sets again."""
    with Store.open(snapshot_paths.data_dir) as store:
        assert store.find_senco("Jane Smith").checklist_set == "snapshot"
    checklist = load_named_set("snapshot", snapshot_paths.user_checklists)
    assert checklist.path == snapshot_paths.user_checklists / "snapshot"
    assert set(load_glossary()) == {"IEP", "Provision map", "TA"}


async def test_a_question_not_in_the_meeting_fails_at_once(snapshot_paths):
    """What a mistyped question id in a snapshot test does: fail, naming it, not hang."""
    app = SencoApp(snapshot_paths, today=TODAY, meet=MEET)
    async with app.run_test(size=(80, 24)) as pilot:
        with pytest.raises(AssertionError, match="'no-such-question' is not in the meeting"):
            await go_to_question(pilot, "no-such-question")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_core_questions_first_the_rest_folded(snap_compare, snapshot_paths, size):
    # Spring 2 marks three questions core: they come first, the other two fold away
    # under "If there is time"; the title counts the core ones and keeps the SENCo,
    # half-term and year whole at 80 columns
    app = SencoApp(snapshot_paths, today=TODAY, meet=("Jane Smith", "2026/27", "spring-2"))
    assert snap_compare(app, terminal_size=size, run_before=_at_meeting)
