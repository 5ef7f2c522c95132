"""Two people with the same meeting open on the shared store, each in their own app."""

from __future__ import annotations

from datetime import date

from tui_helpers import record_notices, started
from tui_seed import TODAY, current, type_text

from senco_tui.meeting import MERGE_LINE
from senco_tui.paths import resolve
from senco_tui.store import open_postgres
from senco_tui.tui.app import SencoApp

QUESTION = "interventions-running"


async def go_to(pilot, question_id: str):
    screen = pilot.app.screen
    for _ in range(len(screen.outline.rows)):
        kind, obj = current(screen)
        if kind == "question" and obj.question.id == question_id:
            return screen
        await pilot.press("j")
    raise AssertionError(f"{question_id} not reached")


async def test_two_apps_typing_the_same_notes_keep_both(tmp_path, line_manager_url):
    with open_postgres(line_manager_url) as store:
        jane = store.add_senco("Jane Smith", "Hillside Academy", "secondary")
        m1 = store.get_or_create_meeting(jane.id, "2026/27", "autumn-1")
        store.set_meeting_details(m1.id, held_on=date(2026, 10, 8), attendees="")
    apps = [SencoApp(resolve(tmp_path / f"data{n}", tmp_path / "config", line_manager_url),
                     today=TODAY, meet=("Jane Smith", None, None)) for n in (1, 2)]
    first, second = apps
    said = record_notices(second)
    async with first.run_test(size=(120, 40), notifications=True) as one, \
            second.run_test(size=(120, 40), notifications=True) as two:
        await started(one)
        await started(two)
        # both have the question on screen, neither has saved anything yet
        await go_to(one, QUESTION)
        await go_to(two, QUESTION)
        await one.press("e")
        await type_text(one, "Line manager: EP booked")
        await one.press("escape")  # saved
        await two.press("e")
        await type_text(two, "SENCo: group started")
        await two.press("escape")  # from an older copy: must not overwrite
        await two.pause()
        both = f"SENCo: group started\n\n{MERGE_LINE}\nLine manager: EP booked"
        with open_postgres(line_manager_url) as store:
            m2 = store.find_meeting(jane.id, "2026/27", "autumn-2")
            assert store.answers(m2.id)[QUESTION].notes == both
        assert two.app.screen.query_one("#notes").text == both
        assert any("both are kept, theirs below yours" in m for m in said), said
        # the first app's next save goes against the merged version: nothing is lost
        await one.press("e")
        await type_text(one, "!")
        await one.press("escape")
        await one.pause()
        with open_postgres(line_manager_url) as store:
            notes = store.answers(m2.id)[QUESTION].notes
        assert "SENCo: group started" in notes and "Line manager: EP booked!" in notes
