"""Finding questions and notes by their words: the store's first pass (FTS5, and LIKE
where SQLite has no FTS5), the core's check and snippets, and `senco-tui search`."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from cli_run import run
from year_seed import READING_NOTE, seed

from senco_tui import search
from senco_tui.checklist import HalfTerm, Question, Section
from senco_tui.paths import resolve
from senco_tui.records import Answer, Meeting
from senco_tui.store import Store


@pytest.fixture
def where():
    return resolve()  # tmp dirs from conftest's environment


@pytest.fixture
def ids(where):
    return seed(where)


@pytest.fixture(params=["fts5", "like"])
def store(request, where, ids):
    with Store.open(where.data_dir) as s:
        if request.param == "like":
            s._index_stamp = (-1, -1)  # as if this SQLite had no FTS5
        yield s


def test_words_ignore_case_accents_and_punctuation():
    assert search.words("Siân O'Brien, Year-7!") == ["sian", "o", "brien", "year", "7"]
    assert search.found(["sian", "read"], "SIÂN read the reading ages")
    assert not search.found(["age"], "a manager")  # the start of a word only
    assert not search.found(["sian", "zebra"], "Siân")


def test_snippet_is_one_line_around_the_first_word_found():
    text = ("Start of a long note. " * 6) + "The EP report\nis late again. " + "More. " * 20
    got = search.snippet(text, ["ep"], width=40)
    assert "\n" not in got and got.startswith("…") and got.endswith("…")
    assert "EP report" in got and len(got) <= 42
    assert search.snippet("short", ["x"]) == "short"


def test_the_store_finds_notes_actions_and_updates(store, ids):
    by_kind = {(h.kind, h.text) for h in search.search(store, "reading")}
    assert ("notes", READING_NOTE) in by_kind
    assert ("action", "Re-test Year 7 reading ages") in by_kind
    updates = search.search(store, "costing half")
    assert [(h.kind, h.question_id, h.meeting.half_term) for h in updates] == [
        ("update", "provision-map", "autumn-2")]
    assert updates[0].question == "Is the provision map up to date and costed?"


def test_every_word_must_be_found_and_one_senco_can_be_chosen(store, ids):
    assert search.search(store, "reading zebra") == []
    everyone = search.search(store, "week")
    assert {h.senco.name for h in everyone} == {"Jane Smith", "Sam Patel"}
    only = search.search(store, "week", senco_id=ids["sam"])
    assert [h.senco.name for h in only] == ["Sam Patel"]
    assert search.search(store, "?!") == []


def test_the_search_index_follows_every_change(where, ids):
    with Store.open(where.data_dir) as store:
        assert search.search(store, "kangaroo") == []
        store.set_notes(ids["autumn-2"], "attendance", "standing", "Attendance?",
                        "A kangaroo visited.")
        assert [h.text for h in search.search(store, "kangaroo")] == ["A kangaroo visited."]
        # another program's change (another connection) is seen too
        with Store.open(where.data_dir) as other:
            other.set_notes(ids["autumn-2"], "attendance", "standing", "Attendance?",
                            "Wallaby.")
        assert search.search(store, "kangaroo") == []
        assert len(search.search(store, "wallaby")) == 1


def test_accents_are_ignored_with_fts5(where, ids):
    with Store.open(where.data_dir) as store:
        store.set_notes(ids["autumn-2"], "attendance", "standing", "Attendance?",
                        "Met Siân Ní Bhriain's parents.")
        assert len(search.search(store, "sian bhriain")) == 1


def test_the_index_is_in_memory_and_leaves_the_file_as_it_was(where, ids):
    with Store.open(where.data_dir) as store:
        search.search(store, "reading")
    conn = sqlite3.connect(where.data_dir / "senco.db")
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema")}
    conn.close()
    assert not any("search" in name for name in names)


def test_search_on_a_read_only_store(where, ids):
    with Store.open(where.data_dir, read_only=True) as store:
        assert [h.kind for h in search.search(store, "tomasz")] == ["notes"]


# ---------------------------------------------------------------- questions


HALF = HalfTerm("autumn-1", (
    Section("wellbeing", "SENDCo development and wellbeing",
            (Question("senco-time", "Do you have enough time?"),)),
    Section("assess", "Assess", (Question("reading-age", "Are reading ages tested?"),)),
))


def test_questions_are_found_by_id_text_section_or_as_recorded():
    gone = Answer(1, "old-one", "plan", "Is the old provision map costed?", "red", "", "t")
    found = search.find_questions("wellbeing", [gone], [HALF, None])
    assert [q.question_id for q in found] == ["senco-time"]
    assert [q.question_id for q in search.find_questions("reading age", [], [HALF])] == [
        "reading-age"]
    assert [q.question_id for q in search.find_questions("reading-age", [], [HALF])] == [
        "reading-age"]
    # a question since removed from the set is found as it was asked
    assert search.find_questions("provision", [gone], [HALF]) == [
        search.QuestionFound("old-one", "Is the old provision map costed?", "Plan")]
    assert search.find_questions("zebra", [gone], [HALF]) == []
    assert search.find_questions("  ", [gone], [HALF]) == []


def test_question_history_lists_discussions_decisions_and_actions():
    m1 = Meeting(1, 1, "2026/27", "autumn-1", date(2026, 10, 1), "")
    m2 = Meeting(2, 1, "2026/27", "autumn-2", None, "")
    m3 = Meeting(3, 1, "2026/27", "spring-1", None, "")
    said = Answer(1, "q", "plan", "Q?", "red", "", "t")
    blank = Answer(3, "q", "plan", "Q?", None, "   ", "t")  # not discussed
    from senco_tui.records import Action, Review

    review = Review(1, 2, "question", None, "q", "open", "later", "t")
    action = Action(1, 3, "q", "Do it", "", None, "open", "t", None, None)
    got = search.question_history([m3, m2, m1], [said, blank], [action], [review], "q")
    assert [(e.meeting.id, e.answer, e.review, e.actions) for e in got] == [
        (1, said, None, ()), (2, None, review, ()), (3, None, None, (action,))]


# ---------------------------------------------------------------- the command


def test_search_command(capsys, ids):
    code, out, err = run(capsys, "search", "tomasz")
    assert code == 0 and err == ""
    assert out == ("Jane Smith · Autumn 1 2026/27 · Are reading ages tested on entry in "
                   "Year 7?\n"
                   f"  notes: {READING_NOTE}\n\n1 found.\n")
    code, out, _ = run(capsys, "search", "zebra")
    assert code == 0 and out == "Nothing found for 'zebra'.\n"
    code, out, err = run(capsys, "search", "--", "-")
    assert code == 1 and "give some words to search for" in err
    code, out, _ = run(capsys, "search", "week", "--senco", "sam")
    assert out.startswith("Sam Patel · Autumn 1 2026/27 · How are you, really?\n")


def test_search_output_cannot_drive_the_terminal(capsys, where, ids):
    with Store.open(where.data_dir) as store:
        store.set_notes(ids["autumn-2"], "attendance", "standing", "Attendance?",
                        "Zebra \x1b]0;owned\x07 crossing\nsecond line")
    code, out, _ = run(capsys, "search", "zebra")
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert "  notes: Zebra ]0;owned crossing second line\n" in out


def test_both_backends_find_the_same(any_store):
    """The SQLite file and the shared PostgreSQL store (as a line manager) agree."""
    store = any_store
    jo = store.add_senco("Jo Bloggs", "Hill School", "secondary")
    m = store.get_or_create_meeting(jo.id, "2026/27", "autumn-1")
    store.set_notes(m.id, "reading-age", "assess", "Reading ages?",
                    "Reading ages retested; 100% done_now")
    action = store.add_action(m.id, "reading-age", "Share the reading data", "SENCo", None)
    m2 = store.get_or_create_meeting(jo.id, "2026/27", "autumn-2")
    store.review(m2.id, kind="action", action_id=action.id, decision="open",
                 note="Reading data half shared")
    got = sorted((h.kind, h.meeting.half_term, h.question_id)
                 for h in search.search(store, "reading"))
    assert got == [("action", "autumn-1", "reading-age"), ("notes", "autumn-1", "reading-age"),
                   ("update", "autumn-2", "reading-age")]
    # LIKE's wildcards are only characters here
    assert [h.kind for h in search.search(store, "100")] == ["notes"]
    assert search.search(store, "done_now")[0].kind == "notes"
    assert search.search(store, "d_ne") == []
    assert search.search(store, "reading", senco_id=jo.id + 1000) == []
