"""The year grid (senco_tui/year.py): one SENCo's year from their records, on the tests'
own set (tests/data/checklists/year) and a real store in tmp dirs."""

from __future__ import annotations

import shutil

import pytest
from year_seed import MAP, TIME_NOTE, TODAY, YEAR, YEAR_SET, seed

from senco_tui import year
from senco_tui.paths import resolve
from senco_tui.records import HALF_TERMS
from senco_tui.store import Store


@pytest.fixture
def where():
    return resolve()  # tmp dirs from conftest's environment


@pytest.fixture
def ids(where):
    return seed(where)


@pytest.fixture
def store(where, ids):
    with Store.open(where.data_dir) as s:
        yield s


def grid_of(store, where, senco_id, year_=YEAR, today=TODAY):
    senco = store.get_senco(senco_id)
    checklist = year.year_checklist(senco.checklist_set, where.user_checklists)
    return year.load(store, senco, year_, checklist, today, (year_, "spring-1"))


def marks(grid):
    """question id -> the six cells' marks"""
    return {row.question_id: [c.mark for c in row.cells] for row in grid.rows}


def test_every_question_of_the_set_by_section_and_half_term(store, where, ids):
    grid = grid_of(store, where, ids["jane"])
    assert [s.title for s in grid.sections] == [
        "Every half-term", "Assess", "Plan", "Do", "Review", "Transition",
        "SENDCo development and wellbeing", "Supporting the SENCo"]
    assert marks(grid) == {
        # rated in the two meetings held; the standing question is asked every half-term,
        # carried into Spring 1 (opened, nothing recorded) and to come after it
        "attendance": ["G", "A", "→", "·", "·", "·"],
        # Amber, then carried in and rated Amber again, then carried on
        "reading-age": ["A", "→A", "→", "", "", ""],
        # Red, carried and kept open (not asked in Autumn 2)
        "provision-map": ["R", "→", "→", "", "", ""],
        "interventions": ["", "G", "", "·", "", ""],
        # Red last year: carried into every meeting since, never asked until Spring 1
        "impact": ["→", "→", "→", "·", "", "·"],
        "transition-plans": ["", "", "", "", "·", "·"],
        "senco-wellbeing": ["A", "→", "→", "", "·", ""],
        # notes without a status
        "senco-time": ["G", "✎", "", "", "", "·"],
    }
    time = next(r for r in grid.rows if r.question_id == "senco-time")
    assert time.cells[1].notes == TIME_NOTE and time.cells[1].discussed
    assert time.cells[1].words == "discussed, no status"
    assert next(r for r in grid.rows if r.question_id == "provision-map").cells[1].words == \
        "carried in, kept open"


def test_a_carried_question_closed_shows_how(store, where, ids):
    store.review(ids["spring-1"], kind="question", question_id="impact", decision="done")
    store.review(ids["spring-1"], kind="question", question_id="senco-wellbeing",
                 decision="dropped")
    store.set_status(ids["spring-1"], *MAP, "green")
    got = marks(grid_of(store, where, ids["jane"]))
    assert got["impact"][2] == "→✓"
    assert got["senco-wellbeing"][2] == "→✗"
    assert got["provision-map"][2] == "→G"  # resolved where it is asked
    row = next(r for r in grid_of(store, where, ids["jane"]).rows
               if r.question_id == "senco-wellbeing")
    assert (row.cells[2].tone, row.cells[0].tone, row.cells[1].tone) == ("na", "amber", "amber")


def test_the_thread_through_the_half_terms(store, where, ids):
    cols = grid_of(store, where, ids["jane"]).columns
    assert [c.half_term for c in cols] == list(HALF_TERMS)
    a1, a2, s1, s2 = cols[:4]
    assert (a1.held, a1.discussed, a1.asked, a1.reds, a1.ambers) == (True, 5, 5, 1, 2)
    assert (a1.opened, a1.closed, a1.carried_in, a1.open_actions) == (2, 0, 1, 2)
    # the EP report and the cost: one agreed, one closed; 6 items carried in
    assert (a2.opened, a2.closed, a2.carried_in, a2.open_actions) == (1, 1, 6, 2)
    assert a2.overdue == 0  # measured from the day it was held
    assert (s1.held, s1.discussed, s1.asked, s1.meeting is not None) == (False, 0, 4, True)
    assert s1.overdue == 2  # this half-term's meeting: measured from today
    assert s2.meeting is None and s2.asked is None and not s2.held


def test_items_amber_or_red_two_half_terms_running(store, where, ids):
    grid = grid_of(store, where, ids["jane"])
    got = {p.question_id: p for p in grid.persistent}
    assert list(got) == ["provision-map", "impact", "reading-age", "senco-wellbeing"]
    assert got["provision-map"].statuses == ("red", None)
    assert got["provision-map"].half_terms == ("autumn-1", "autumn-2")
    assert [a.text for a in got["provision-map"].actions] == ["Cost the provision map"]
    # Red since last year's Summer 2
    assert got["impact"].worst == "red" and got["impact"].since.label == "Summer 2 2025/26"
    assert got["reading-age"].worst == "amber" and got["reading-age"].since is None
    # a question rated Green at the next meeting is not persistent
    assert "attendance" not in got


def test_the_ledger(store, where, ids):
    led = grid_of(store, where, ids["jane"]).ledger
    assert (led.opened, led.closed, led.open_at_end, led.overdue_at_end, led.carried) == (
        3, 1, 2, 2, 3)
    assert [(a.text, m.label, n) for a, m, n in led.oldest_open] == [
        ("Re-test Year 7 reading ages", "Autumn 1 2026/27", 2),
        ("Chase the EP report", "Autumn 2 2026/27", 1)]


def test_a_senco_with_no_meetings(store, where, ids):
    nobody = store.add_senco("Nobody Yet", "New School", "year")
    grid = grid_of(store, where, nobody.id)
    assert grid.meetings == [] and grid.held == 0 and grid.persistent == ()
    assert all(c.meeting is None for c in grid.columns)
    assert marks(grid)["attendance"] == ["·"] * 6
    assert grid.ledger == year.Ledger(0, 0, 0, 0, 0, ())


def test_a_year_with_one_meeting(store, where, ids):
    grid = grid_of(store, where, ids["sam"])
    assert [c.held for c in grid.columns] == [True, False, False, False, False, False]
    assert marks(grid)["provision-map"] == ["R", "", "·", "", "", ""]
    assert grid.persistent == ()  # one half-term is not two running
    assert grid.ledger.opened == 0


def test_another_year(store, where, ids):
    grid = grid_of(store, where, ids["jane"], "2025/26")
    assert [c.meeting is not None for c in grid.columns] == [False] * 5 + [True]
    assert marks(grid)["impact"][5] == "R"
    assert grid.persistent == ()


def test_a_question_removed_from_the_set_mid_year_keeps_its_row(store, where, ids):
    # recorded in Autumn 2 under an id the set no longer has (renamed since)
    store.set_status(ids["autumn-2"], "old-reading", "assess", "Reading ages (old wording)?",
                     "red")
    grid = grid_of(store, where, ids["jane"])
    assess = next(s for s in grid.sections if s.slug == "assess")
    assert [(r.question_id, r.in_checklist) for r in assess.rows] == [
        ("reading-age", True), ("old-reading", False)]
    assert assess.rows[1].text == "Reading ages (old wording)?"
    assert marks(grid)["old-reading"] == ["", "R", "→", "", "", ""]
    # counted as discussed where it was recorded, not in what the checklist asks
    a2 = grid.columns[1]
    assert (a2.discussed, a2.asked) == (5, 4)


def test_a_set_switched_mid_year(store, where, ids):
    # Jane's school moves her to the tests' "good" set for the spring
    shutil.copytree(YEAR_SET.parent / "good", where.user_checklists / "good")
    jane = store.get_senco(ids["jane"])
    store.update_senco(jane.id, name=jane.name, school=jane.school, checklist_set="good")
    grid = grid_of(store, where, ids["jane"])
    rows = {r.question_id: r for r in grid.rows}
    # what was recorded under the old set stays, where it was asked
    assert [c.mark for c in rows["attendance"].cells][:2] == ["G", "A"]
    assert not rows["attendance"].in_checklist
    assert rows["provision-map"].in_checklist  # the new set asks it too
    assert grid.checklist_title == "Good school"


def test_a_broken_half_term_file_spoils_only_its_column(store, where, ids):
    (where.user_checklists / "year" / "autumn-2.yaml").write_text("half_term: [\n")
    grid = grid_of(store, where, ids["jane"])
    assert len(grid.problems) == 1 and grid.problems[0].startswith("autumn-2: ")
    a2 = grid.columns[1]
    assert a2.asked is None and a2.discussed == 4  # what was recorded
    assert marks(grid)["reading-age"][:2] == ["A", "→A"]
    assert grid.columns[0].asked == 5


def test_wellbeing_left_out_recounts_the_half_terms(store, where, ids):
    grid = grid_of(store, where, ids["jane"])
    shown = grid.without("wellbeing")
    assert "wellbeing" not in [s.slug for s in shown.sections]
    assert [p.question_id for p in shown.persistent] == ["provision-map", "impact",
                                                         "reading-age"]
    a1, b1 = grid.columns[0], shown.columns[0]
    assert (b1.discussed, b1.asked, b1.ambers) == (a1.discussed - 1, a1.asked - 1,
                                                    a1.ambers - 1)
    assert shown.columns[1].carried_in == grid.columns[1].carried_in - 1


def test_where_a_question_stands_at_the_end_of_the_year(store, where, ids):
    rows = {r.question_id: r for r in grid_of(store, where, ids["jane"]).rows}
    assert rows["reading-age"].latest == "amber"
    assert rows["impact"].latest == "red"  # carried, still open
    assert rows["interventions"].latest == "green"
    assert rows["transition-plans"].latest is None
    store.review(ids["spring-1"], kind="question", question_id="impact", decision="done")
    rows = {r.question_id: r for r in grid_of(store, where, ids["jane"]).rows}
    assert rows["impact"].latest is None


def test_records_of_another_senco_are_ignored(where, ids):
    with Store.open(where.data_dir) as store:
        sam = store.get_senco(ids["sam"])
        checklist = year.year_checklist("year", where.user_checklists)
        everyone = [a for s in store.list_sencos() for a in store.senco_answers(s.id)]
        grid = year.build(sam, YEAR, checklist,
                          [m for s in store.list_sencos() for m in store.list_meetings(s.id)],
                          everyone, store.all_actions(), [], TODAY, (YEAR, "spring-1"))
    assert [c.meeting is not None for c in grid.columns] == [True] + [False] * 5
    assert marks(grid)["reading-age"][0] == "A"


def test_marks_are_readable_without_colour():
    assert year.Cell(asked=False).mark == ""
    assert year.Cell(asked=True).mark == "·"
    assert year.Cell(asked=True, status="na", discussed=True).mark == "N"
    assert year.Cell(asked=True, discussed=True).mark == "✎"


@pytest.mark.parametrize("broken", ["autumn-2.yaml", "standing.yaml", "set.yaml"])
def test_a_years_checklists_read_together_are_each_as_read_alone(where, broken):
    """checklists_for reads the set's own files once for the six half-terms, and gives each
    what reading its file alone gives: a broken half-term file spoils only that one, a
    broken standing.yaml every one, a broken set.yaml only the title."""
    from senco_tui.checklist import ChecklistError, load_half_term
    from senco_tui.meeting import MeetingChecklist, checklists_for

    folder = where.user_checklists / "year"
    shutil.copytree(YEAR_SET, folder)
    (folder / broken).write_text("sections: [\n")
    alone = {}
    for ht in HALF_TERMS:
        try:
            alone[ht] = MeetingChecklist("year" if broken == "set.yaml" else "Year test school",
                                         load_half_term(folder / f"{ht}.yaml"))
        except ChecklistError as exc:
            alone[ht] = MeetingChecklist("year", None, str(exc))
    got = checklists_for("year", HALF_TERMS, where.user_checklists)
    assert got == alone
    spoilt = [ht for ht, c in got.items() if c.half_term is None]
    assert spoilt == {"autumn-2.yaml": ["autumn-2"], "standing.yaml": list(HALF_TERMS),
                      "set.yaml": []}[broken]


def test_year_checklist_reads_each_half_term_alone(where):
    shutil.copytree(YEAR_SET, where.user_checklists / "year")
    got = year.year_checklist("year", where.user_checklists)
    assert got.title == "Year test school" and got.problems == ()
    assert set(got.half_terms) == set(HALF_TERMS)
    missing = year.year_checklist("no-such-set", where.user_checklists)
    assert missing.title == "no-such-set"
    assert all(h is None for h in missing.half_terms.values()) and len(missing.problems) == 6
