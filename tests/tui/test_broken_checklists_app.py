"""A checklist set with a mistake in it: the problem shown kindly, where it is, and no
SENCo ever locked out of what was recorded (Pilot)."""

from __future__ import annotations

from textual.widgets import OptionList, Static
from tui_helpers import (
    back_to,
    home,
    home_ready,
    jump_to,
    meeting_ready,
    screen_open,
    shown,
    wait_until,
)

from senco_tui.store import Store
from senco_tui.tui.meeting.rows import QuestionRow
from senco_tui.tui.meeting.screen import MeetingScreen
from senco_tui.tui.screens.error import ProblemsScreen
from senco_tui.tui.screens.home import HomeScreen


async def highlight_senco(pilot, name: str) -> None:
    """Highlight `name` in the SENCos list; wait until the meetings pane is theirs."""
    screen = pilot.app.screen
    names = [s.name for s in screen.sencos]
    screen.query_one("#sencos", OptionList).highlighted = names.index(name)
    await wait_until(pilot, lambda: shown(screen, "#senco-info").startswith(name),
                     f"{name}'s details on the home screen")


async def back_home(pilot) -> None:
    await pilot.press("q")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen)
                     and home_ready(pilot.app), "the home screen")


async def test_broken_checklist_is_shown_kindly_and_others_still_open(autumn_1_paths):
    paths = autumn_1_paths
    broken = paths.user_checklists / "broken"
    broken.mkdir(parents=True)
    (broken / "set.yaml").write_text("name: broken\ntitle: Broken\nphase: secondary\n"
                                     "credit: me\n")
    (broken / "autumn-2.yaml").write_text("half_term: autumn-2\nsections:\n  - section: do\n"
                                          "    questions:\n      - id: x\n        asks: typo\n")
    with Store.open(paths.data_dir) as store:
        store.add_senco("Kim Broken", "Elm School", "broken")
    async with home(paths) as pilot:
        app = pilot.app
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        await highlight_senco(pilot, "Kim Broken")
        await pilot.press("s")
        await screen_open(pilot, ProblemsScreen)
        assert isinstance(app.screen, ProblemsScreen)
        assert "autumn-2.yaml:6" in str(app.screen.query_one("#problems-text Static").render())
        await pilot.press("escape")
        await back_to(pilot, screen)
        assert app.screen is screen
        await highlight_senco(pilot, "Jane Smith")
        await pilot.press("s")
        await wait_until(pilot, lambda: meeting_ready(app), "Jane Smith's meeting")
        assert isinstance(app.screen, MeetingScreen)


async def test_a_broken_checklist_never_locks_a_senco_out(autumn_1_paths):
    paths = autumn_1_paths
    mine = paths.user_checklists / "mine"
    mine.mkdir(parents=True)
    (mine / "set.yaml").write_text("name: mine\ntitle: Ours\nphase: secondary\ncredit: us\n")
    good = ("half_term: {}\nsections:\n  - section: do\n    questions:\n"
            "      - id: interventions-running\n        ask: Are interventions running?\n")
    (mine / "autumn-1.yaml").write_text(good.format("autumn-1"))
    with Store.open(paths.data_dir) as store:
        cat = store.add_senco("Cat Brown", "Oak School", "mine")
        m = store.get_or_create_meeting(cat.id, "2026/27", "autumn-2")
        store.set_status(m.id, "interventions-running", "do", "Are interventions running?",
                         "red")
        store.add_action(m.id, "interventions-running", "Start the Y7 group", "SENCo", None)
    # overnight, someone breaks Autumn 2: an id used twice
    (mine / "autumn-2.yaml").write_text(good.format("autumn-2") + (
        "      - id: interventions-running\n        ask: Again?\n"))
    async with home(paths) as pilot:
        app = pilot.app
        # the recorded Autumn 2 meeting opens from what was recorded, with a banner
        app.open_meeting(cat, "2026/27", "autumn-2")
        await wait_until(pilot, lambda: meeting_ready(app), "Cat Brown's Autumn 2 meeting")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        banner = shown(screen, "#banner")
        assert "autumn-2.yaml:" in banner and "showing what was recorded" in banner
        # the set's total is unknown: "1 discussed", not "1/1 discussed"
        assert screen.sub_title == "1 discussed · 1 action agreed"
        await jump_to(pilot, "q:interventions-running")
        row = screen.current
        assert isinstance(row, QuestionRow) and row.view.answer.status == "red"
        assert "Are interventions running?" in shown(screen, "#question")
        await back_home(pilot)
        await highlight_senco(pilot, "Cat Brown")
        assert str(app.screen.query_one("#meetings", OptionList).get_option_at_index(0)
                   .prompt).endswith("1 discussed, 1 open action")
        # a half-term whose own file is fine opens normally
        app.open_meeting(cat, "2026/27", "autumn-1")
        await wait_until(pilot, lambda: meeting_ready(app), "Cat Brown's Autumn 1 meeting")
        assert not app.screen.query("#banner")
        await back_home(pilot)
        # a new meeting for the broken half-term: the problem, and what to do next
        app.open_meeting(cat, "2027/28", "autumn-2")
        await screen_open(pilot, ProblemsScreen)
        assert isinstance(app.screen, ProblemsScreen)
        assert any("senco-tui validate" in str(w.render()) for w in app.screen.query(Static))
