"""Two people with the same meeting open on the shared store, each in their own app."""

from __future__ import annotations

from datetime import date

from tui_helpers import jump_to, paste, record_notices, started, wait_until
from tui_seed import TODAY

from senco_tui.meeting import MERGE_LINE
from senco_tui.paths import resolve
from senco_tui.store import open_postgres
from senco_tui.tui.app import SencoApp

QUESTION = "interventions-running"


def saved_notes(url: str, meeting_id: int) -> str | None:
    with open_postgres(url) as store:
        answer = store.answers(meeting_id).get(QUESTION)
        return answer.notes if answer else None


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
        await jump_to(one, f"q:{QUESTION}")
        await jump_to(two, f"q:{QUESTION}")
        with open_postgres(line_manager_url) as store:
            m2 = store.find_meeting(jane.id, "2026/27", "autumn-2")
        await one.press("e")
        await paste(one, "Line manager: EP booked")
        await one.press("escape")  # saved
        await wait_until(one, lambda: saved_notes(line_manager_url, m2.id),
                         "the first app's notes saved")
        await two.press("e")
        await paste(two, "SENCo: group started")
        await two.press("escape")  # from an older copy: must not overwrite
        await wait_until(two, lambda: any("both are kept" in m for m in said),
                         "the second app to say both are kept")
        both = f"SENCo: group started\n\n{MERGE_LINE}\nLine manager: EP booked"
        assert saved_notes(line_manager_url, m2.id) == both
        assert two.app.screen.query_one("#notes").text == both
        assert any("both are kept, theirs below yours" in m for m in said), said
        # the first app's next save goes against the merged version: nothing is lost
        await one.press("e")
        await paste(one, "!")
        await one.press("escape")
        await wait_until(one, lambda: "EP booked!" in saved_notes(line_manager_url, m2.id),
                         "the first app's second save")
        notes = saved_notes(line_manager_url, m2.id)
        assert "SENCo: group started" in notes and "Line manager: EP booked!" in notes
