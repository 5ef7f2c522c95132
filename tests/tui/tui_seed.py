"""Data for the app's tests: a fixed "today" and seeded meetings."""

from __future__ import annotations

from datetime import date

from senco_tui.store import Store

TODAY = date(2026, 11, 20)  # Autumn 2, 2026/27


def seed(paths, *, autumn_2: bool = False, checklist_set: str = "secondary") -> None:
    """Jane Smith, an Autumn 1 meeting with statuses, notes and actions (and Autumn 2 begun)."""
    with Store.open(paths.data_dir) as store:
        jane = store.add_senco("Jane Smith", "Hillside Academy", checklist_set)
        store.add_senco("Sam Patel", "Riverside School", checklist_set)
        m1 = store.get_or_create_meeting(jane.id, "2026/27", "autumn-1")
        store.set_meeting_details(m1.id, held_on=date(2026, 10, 8), attendees="")
        ask = "Have you reviewed GCSE outcome data? What are the trends and gaps?"
        store.set_status(m1.id, "gcse-outcomes", "assess", ask, "amber")
        store.set_notes(m1.id, "gcse-outcomes", "assess", ask,
                        "Gap between SEND and non-SEND widened in maths.")
        store.set_status(m1.id, "reading-age", "assess", "Reading ages?", "green")
        store.add_action(m1.id, "gcse-outcomes", "Share maths gap analysis with HoD",
                         "SENCo", date(2026, 10, 31))
        store.add_action(m1.id, "reading-age", "Book reading age retests", "Head of English",
                         date(2026, 12, 18))
        if autumn_2:
            m2 = store.get_or_create_meeting(jane.id, "2026/27", "autumn-2")
            store.set_meeting_details(m2.id, held_on=TODAY, attendees="")
            store.set_status(m2.id, "interventions-running", "do",
                             "Are interventions up and running?", "green")
            store.set_notes(m2.id, "interventions-running", "do",
                            "Are interventions up and running?",
                            "Year 7 literacy group started; EP visit booked.")
            store.set_status(m2.id, "profile-reviews", "do",
                             "Have profile/ IEP reviews happened?", "red")


async def type_text(pilot, text: str) -> None:
    """Type like a user: one key per character (for tests whose point is the keys, e.g.
    typed right behind an escape; anything else pastes: tui_helpers.paste)."""
    await pilot.press(*text)


def meeting_answers(paths, half_term: str = "autumn-2", senco: str = "Jane Smith"):
    """What the store holds: (answers by question id, of the 2026/27 meeting; the SENCo's
    actions)."""
    with Store.open(paths.data_dir) as store:
        who = store.find_senco(senco)
        meeting = store.find_meeting(who.id, "2026/27", half_term)
        return store.answers(meeting.id), store.senco_actions(who.id)
