"""The meeting's rules, one edge case a row: the store's records, the carry rules, the
export, the home screen's line and the meeting's own title all agree on each.

Each case records something (or nearly nothing) in the Autumn 2 meeting of a SENCo
whose set (tests/data/checklists/edge-set) asks two questions every half-term; the
table says what every view must then say. tests/tui/test_edge_cases_app.py checks the
same table on the real screens.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pytest

from senco_tui import carry, export
from senco_tui.meeting import (
    ClosedElsewhere,
    MeetingSession,
    checklist_for,
    load_notes,
    progress,
    summaries,
)
from senco_tui.paths import Paths, resolve
from senco_tui.store import Store

TODAY = date(2026, 11, 20)  # Autumn 2, 2026/27
EDGE_SET = Path(__file__).parent / "data" / "checklists" / "edge-set"
REGISTER = ("register", "assess", "Is the SEN register up to date?")
OUTCOMES = ("outcomes", "assess", "Have you reviewed outcome data?")


def blank_notes(store: Store, m1: int, m2: int, later: int) -> None:
    store.set_notes(m2, *REGISTER, "   \n\t ")


def status_then_cleared(store: Store, m1: int, m2: int, later: int) -> None:
    store.set_status(m2, *REGISTER, "amber")
    store.set_status(m2, *REGISTER, None)


def action_only(store: Store, m1: int, m2: int, later: int) -> None:
    store.add_action(m2, "register", "Update the register", "SENCo", None)


def review_only(store: Store, m1: int, m2: int, later: int) -> None:
    action = store.add_action(m1, "register", "Audit the register", "SENCo", None)
    store.review(m2, kind="action", action_id=action.id, decision="done")


def closed_elsewhere(store: Store, m1: int, m2: int, later: int) -> None:
    action = store.add_action(m1, "register", "Audit the register", "SENCo", None)
    store.review(later, kind="action", action_id=action.id, decision="done")


def question_removed(store: Store, m1: int, m2: int, later: int) -> None:
    store.set_status(m2, "old-question", "assess", "A question no longer asked?", "amber")


class Case(NamedTuple):
    record: Callable[[Store, int, int, int], None]
    discussed: int  # questions discussed in Autumn 2 (of 2 in its checklist)
    recorded: bool  # anything recorded: held, and cannot be deleted
    not_discussed: tuple[str, ...]  # what the export lists as not discussed
    in_sections: tuple[str, ...]  # questions the export lists with their notes
    carried_state: str | None = None  # the carried action's state in Autumn 2


CASES = {
    "blank notes": Case(blank_notes, 0, False, (REGISTER[2], OUTCOMES[2]), ()),
    "status then cleared": Case(status_then_cleared, 0, False, (REGISTER[2], OUTCOMES[2]), ()),
    "action only": Case(action_only, 1, True, (OUTCOMES[2],), (REGISTER[2],)),
    "review only": Case(review_only, 0, True, (REGISTER[2], OUTCOMES[2]), (), "done"),
    "closed elsewhere": Case(closed_elsewhere, 0, False, (REGISTER[2], OUTCOMES[2]), (),
                             "unreviewed"),
    "question removed": Case(question_removed, 1, True, (REGISTER[2], OUTCOMES[2]),
                             ("A question no longer asked?",)),
}


def build(paths: Paths, name: str, case: Case) -> None:
    """A SENCo called `name`; Autumn 1 held; Autumn 2 with the case recorded; Spring 1."""
    sets = paths.user_checklists
    if not (sets / "edge-set").exists():
        shutil.copytree(EDGE_SET, sets / "edge-set")
    with Store.open(paths.data_dir) as store:
        senco = store.add_senco(name, "Hill School", "edge-set")
        m1 = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
        store.set_meeting_details(m1.id, held_on=date(2026, 10, 8), attendees="")
        m2 = store.get_or_create_meeting(senco.id, "2026/27", "autumn-2")
        later = store.get_or_create_meeting(senco.id, "2026/27", "spring-1")
        case.record(store, m1.id, m2.id, later.id)


def section_of(markdown: str, title: str) -> str:
    part = markdown.split(f"## {title}\n", 1)[1]
    return part.split("\n## ", 1)[0]


@pytest.mark.parametrize("name", CASES)
def test_every_view_agrees(tmp_path, name):
    case = CASES[name]
    paths = resolve(tmp_path / "data", tmp_path / "config")
    build(paths, "Jo", case)
    checklist = checklist_for("edge-set", "autumn-2", paths.user_checklists)
    with Store.open(paths.data_dir) as store:
        senco = store.find_senco("Jo")
        m2 = store.find_meeting(senco.id, "2026/27", "autumn-2")
        # the home screen's line
        line = next(s for s in summaries(store, senco.id, {"autumn-2": checklist.half_term})
                    if s.meeting.id == m2.id)
        assert (line.discussed, line.total, line.recorded) == (case.discussed, 2, case.recorded)
        assert progress(line).startswith(f"{case.discussed}/2 discussed")
        # the carry rules
        held = carry.held(store.list_meetings(senco.id), store.senco_answers(senco.id),
                          store.senco_actions(senco.id), store.senco_reviews(senco.id))
        assert (m2.id in held) == case.recorded
        # the meeting's own title
        session = MeetingSession(store, m2, checklist, glossary={}, today=TODAY,
                                 current=("2026/27", "autumn-2"))
        assert session.notes.progress.line().startswith(f"{case.discussed}/2 discussed")
        assert sum(v.discussed for v in session.notes.questions) == case.discussed
        if case.carried_state is not None:
            [item] = session.notes.carried
            assert item.state == case.carried_state
        # the export
        markdown = export.render(load_notes(store, m2.id, checklist.half_term, {}, TODAY,
                                            checklist_title=checklist.title))
    listed = section_of(markdown, "Not discussed")
    for ask in case.not_discussed:
        assert ask in listed
    for ask in case.in_sections:
        assert f"### {ask}" in markdown and ask not in listed
    if not case.in_sections:
        assert "### " not in markdown.split("## Actions agreed")[0]


def test_an_action_closed_in_another_meeting_stands(tmp_path):
    paths = resolve(tmp_path / "data", tmp_path / "config")
    build(paths, "Jo", CASES["closed elsewhere"])
    checklist = checklist_for("edge-set", "autumn-2", paths.user_checklists)
    with Store.open(paths.data_dir) as store:
        senco = store.find_senco("Jo")
        m2 = store.find_meeting(senco.id, "2026/27", "autumn-2")
        session = MeetingSession(store, m2, checklist, glossary={}, today=TODAY,
                                 current=("2026/27", "autumn-2"))
        [item] = session.notes.carried
        with pytest.raises(ClosedElsewhere, match="Spring 1 2026/27"):
            session.tick_action(item.action.id)
        with pytest.raises(ClosedElsewhere):
            session.drop_action(item.action.id)
        assert store.get_action(item.action.id).closed_meeting_id != m2.id
        assert session.meeting.held_on is None  # nothing was recorded by the refusals
