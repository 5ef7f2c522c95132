"""A year of meetings on the tests' own set (tests/data/checklists/year), for the year
grid, the report, the year screen and the home screen's strip.

Jane Smith (Hill Top Academy): Summer 2 2025/26 left "impact" Red; Autumn 1 and
Autumn 2 2026/27 held; Spring 1 opened but nothing recorded yet. Sam Patel (Riverside
School): Autumn 1 2026/27 only.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from senco_tui.store import Store

YEAR = "2026/27"
TODAY = date(2027, 1, 10)  # Spring 1, 2026/27
YEAR_SET = Path(__file__).parent / "data" / "checklists" / "year"

ATTENDANCE = ("attendance", "standing", "How is attendance for pupils with SEND?")
READING = ("reading-age", "assess", "Are reading ages tested on entry in Year 7?")
MAP = ("provision-map", "plan", "Is the provision map up to date and costed?")
WELLBEING = ("senco-wellbeing", "wellbeing", "How are you, really?")
TIME = ("senco-time", "support", "Do you have enough protected time for the role?")
INTERVENTIONS = ("interventions", "do", "Are interventions up and running?")
IMPACT = ("impact", "review", "What difference have the interventions made?")

# note text that must never reach the governors' version
WELLBEING_NOTE = "Tired; covering two Year 9 classes since Ofelia Ng left."
READING_NOTE = "Twelve pupils below a reading age of 9, including Tomasz K."
MAP_NOTE = "Not costed since 2024."
TIME_NOTE = "Two days a week; asks for three."


def install_set(paths) -> None:
    """The year set as the user's own (config dir), as `checklists copy` would put it."""
    shutil.copytree(YEAR_SET, paths.user_checklists / "year")


def seed(paths) -> dict[str, int]:
    """Both SENCos' meetings; returns the ids tests refer to."""
    install_set(paths)
    with Store.open(paths.data_dir) as store:
        jane = store.add_senco("Jane Smith", "Hill Top Academy", "year")
        sam = store.add_senco("Sam Patel", "Riverside School", "year")

        last = store.get_or_create_meeting(jane.id, "2025/26", "summer-2")
        store.set_meeting_details(last.id, held_on=date(2026, 7, 9), attendees="")
        store.set_status(last.id, *IMPACT, "red")
        store.set_notes(last.id, *IMPACT, "No impact data collected yet.")

        a1 = store.get_or_create_meeting(jane.id, YEAR, "autumn-1")
        store.set_meeting_details(a1.id, held_on=date(2026, 10, 8),
                                  attendees="Jane Smith (SENCo)\nTom Brown (deputy head)")
        store.set_status(a1.id, *ATTENDANCE, "green")
        store.set_status(a1.id, *READING, "amber")
        store.set_notes(a1.id, *READING, READING_NOTE)
        store.set_status(a1.id, *MAP, "red")
        store.set_notes(a1.id, *MAP, MAP_NOTE)
        store.set_status(a1.id, *WELLBEING, "amber")
        store.set_notes(a1.id, *WELLBEING, WELLBEING_NOTE)
        store.set_status(a1.id, *TIME, "green")
        retest = store.add_action(a1.id, "reading-age", "Re-test Year 7 reading ages",
                                  "Head of English", date(2026, 12, 18))
        cost = store.add_action(a1.id, "provision-map", "Cost the provision map", "Jane Smith",
                                date(2026, 10, 31))
        store.review(a1.id, kind="question", question_id="impact", decision="open",
                     note="Data due in November")

        a2 = store.get_or_create_meeting(jane.id, YEAR, "autumn-2")
        store.set_meeting_details(a2.id, held_on=date(2026, 11, 26), attendees="Jane Smith")
        store.set_status(a2.id, *ATTENDANCE, "amber")
        store.set_status(a2.id, *READING, "amber")
        store.set_status(a2.id, *INTERVENTIONS, "green")
        store.set_notes(a2.id, *TIME, TIME_NOTE)
        store.review(a2.id, kind="question", question_id="provision-map", decision="open",
                     note="Costing half done")
        store.review(a2.id, kind="action", action_id=cost.id, decision="done")
        chase = store.add_action(a2.id, None, "Chase the EP report", "Tom Brown",
                                 date(2026, 12, 1))

        s1 = store.get_or_create_meeting(jane.id, YEAR, "spring-1")

        b1 = store.get_or_create_meeting(sam.id, YEAR, "autumn-1")
        store.set_meeting_details(b1.id, held_on=date(2026, 10, 12), attendees="")
        store.set_status(b1.id, *MAP, "red")
        store.set_status(b1.id, *READING, "amber")
        store.set_status(b1.id, *TIME, "red")
        store.set_notes(b1.id, *WELLBEING, "Off sick for a week in September.")
    return {"jane": jane.id, "sam": sam.id, "summer-2": last.id, "autumn-1": a1.id,
            "autumn-2": a2.id, "spring-1": s1.id, "retest": retest.id, "cost": cost.id,
            "chase": chase.id}
