"""The store's API: records round-trip, reviews close actions, files stay private."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date
from functools import partial

import pytest

from senco_tui.errors import UserError
from senco_tui.records import Action, Answer, Meeting, Review, Senco
from senco_tui.store import Store, open_postgres
from senco_tui.store import sqlite as store_mod


@pytest.fixture
def store(any_store):
    """Each test runs on the SQLite file and on the shared store (tests/postgres_server.py)."""
    return any_store


@pytest.fixture
def sqlite_store(tmp_path):
    with Store.open(tmp_path / "data") as opened:
        yield opened


@pytest.fixture
def senco(store):
    return store.add_senco("Jane Smith", "Hill School", "secondary")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# -- SENCos ---------------------------------------------------------------------


def test_sencos_round_trip_and_names_are_unique_whatever_the_case(store, senco):
    assert senco == Senco(senco.id, "Jane Smith", "Hill School", "secondary")
    assert store.get_senco(senco.id) == senco
    assert store.find_senco("  JANE smith ") == senco
    assert store.find_senco("Somebody Else") is None
    with pytest.raises(UserError, match="already a SENCo called 'Jane Smith'"):
        store.add_senco("jane SMITH", "Other School", "primary")
    other = store.add_senco("Émile Ångström", "Vale Primary", "primary")
    assert store.find_senco("émile ångström") == other
    assert store.list_sencos() == [senco, other]  # by name, ignoring case


def test_a_name_is_one_line_whatever_was_pasted(store):
    jo = store.add_senco("  Jo\tBloggs\n", "Hill\t\tSchool ", "secondary")
    assert (jo.name, jo.school) == ("Jo Bloggs", "Hill School")
    jo = store.update_senco(jo.id, name="Jo  Bloggs-Smith", school="Hill", checklist_set="primary")
    assert jo.name == "Jo Bloggs-Smith"


def test_update_senco_keeps_names_unique(store, senco):
    other = store.add_senco("Sam Lee", "Hill School", "secondary")
    renamed = store.update_senco(senco.id, name="Jane Jones", school="Hill", checklist_set="p")
    assert renamed == Senco(senco.id, "Jane Jones", "Hill", "p") == store.get_senco(senco.id)
    # changing only the case of one's own name is fine
    assert store.update_senco(senco.id, name="JANE JONES", school="Hill",
                              checklist_set="p").name == "JANE JONES"
    with pytest.raises(UserError, match="already a SENCo"):
        store.update_senco(other.id, name="jane jones", school="", checklist_set="p")
    with pytest.raises(UserError, match="needs a name"):
        store.add_senco("   ", "Hill", "secondary")


# -- meetings ---------------------------------------------------------------------


def test_one_meeting_per_senco_year_and_half_term(store, senco):
    meeting = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    assert meeting == Meeting(meeting.id, senco.id, "2026/27", "autumn-1", None, "")
    assert store.get_or_create_meeting(senco.id, "2026/27", "autumn-1") == meeting
    assert store.find_meeting(senco.id, "2026/27", "autumn-1") == meeting
    assert store.find_meeting(senco.id, "2026/27", "autumn-2") is None
    held = store.set_meeting_details(meeting.id, held_on=date(2026, 10, 14),
                                     attendees="Jane, Mr Head")
    assert held.held_on == date(2026, 10, 14) and isinstance(held.held_on, date)
    assert store.get_meeting(meeting.id) == held
    with pytest.raises(ValueError, match="2026/27"):
        store.get_or_create_meeting(senco.id, "2026-27", "autumn-1")
    with pytest.raises(ValueError, match="2026/27"):
        store.get_or_create_meeting(senco.id, "2026/28", "autumn-1")
    with pytest.raises(ValueError, match="half-term"):
        store.get_or_create_meeting(senco.id, "2026/27", "winter")


def test_meetings_are_listed_in_academic_order_not_creation_order(store, senco):
    for year, half in [("2027/28", "autumn-1"), ("2026/27", "summer-2"),
                       ("2026/27", "autumn-2"), ("2026/27", "spring-1")]:
        store.get_or_create_meeting(senco.id, year, half)
    assert [(m.year, m.half_term) for m in store.list_meetings(senco.id)] == [
        ("2026/27", "autumn-2"), ("2026/27", "spring-1"),
        ("2026/27", "summer-2"), ("2027/28", "autumn-1")]


# -- answers -----------------------------------------------------------------------


def test_answers_keep_the_question_as_asked_and_the_notes_as_typed(store, senco):
    meeting = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    notes = "  Line one\n\n- not a list item | pipe # hash\nÉlève 🙂  "
    store.set_status(meeting.id, "gcse-outcomes", "assess", "Reviewed GCSE outcomes?", "amber")
    # the YAML wording changed later: the meeting keeps what was asked
    answer = store.set_notes(meeting.id, "gcse-outcomes", "review", "New wording?", notes)
    assert answer == Answer(meeting.id, "gcse-outcomes", "assess", "Reviewed GCSE outcomes?",
                            "amber", notes, answer.updated_at, version=1)
    assert store.answers(meeting.id) == {"gcse-outcomes": answer}
    assert store.set_status(meeting.id, "gcse-outcomes", "x", "y", None).status is None
    assert store.answers(meeting.id)["gcse-outcomes"].notes == notes
    with pytest.raises(ValueError, match="status"):
        store.set_status(meeting.id, "gcse-outcomes", "assess", "Q", "purple")


def test_senco_answers_only_holds_that_sencos_meetings(store, senco):
    other = store.add_senco("Sam Lee", "Vale", "primary")
    mine = [store.get_or_create_meeting(senco.id, "2026/27", h) for h in ("autumn-1", "autumn-2")]
    theirs = store.get_or_create_meeting(other.id, "2026/27", "autumn-1")
    for m in mine:
        store.set_status(m.id, "q", "assess", "Q?", "red")
    store.set_status(theirs.id, "q", "assess", "Q?", "green")
    assert [(a.meeting_id, a.status) for a in store.senco_answers(senco.id)] == [
        (mine[0].id, "red"), (mine[1].id, "red")]


def test_every_sencos_records_read_at_once_match_each_sencos(store, senco):
    """The four reads a report of every SENCo makes (all_meetings, all_answers, all_actions,
    all_reviews) give each SENCo's records as their own reads do, in the same order."""
    from senco_tui import meeting

    other = store.add_senco("Sam Lee", "Vale", "primary")
    idle = store.add_senco("Ann Idle", "Dale", "primary")  # no meetings: none read
    # made out of academic order, and interleaved between the SENCos
    for who, ht in ((other, "spring-1"), (senco, "autumn-2"), (other, "autumn-1"),
                    (senco, "autumn-1")):
        m = store.get_or_create_meeting(who.id, "2026/27", ht)
        for q in ("b-q", "a-q"):
            store.set_status(m.id, q, "assess", "Q?", "red" if who is senco else "amber")
        a = store.add_action(m.id, "a-q", f"Act {who.name} {ht}", "", None)
        store.review(m.id, kind="question", question_id="b-q", decision="open", note=ht)
        if ht == "autumn-1":
            store.review(m.id, kind="action", action_id=a.id, decision="done")
    every = meeting.every_sencos_records(store)
    assert set(every) == {senco.id, other.id} and idle.id not in every
    for who in (senco, other):
        assert every[who.id] == meeting.records(store, who)
        assert len(every[who.id].answers) == 4 and len(every[who.id].reviews) == 3


# -- actions -----------------------------------------------------------------------


def test_actions_round_trip_with_due_dates_as_dates(store, senco):
    meeting = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    action = store.add_action(meeting.id, "gcse-outcomes", " Book the EP ", "SENCo",
                              date(2026, 11, 30))
    assert action == Action(action.id, meeting.id, "gcse-outcomes", "Book the EP", "SENCo",
                            date(2026, 11, 30), "open", action.created_at, None, None)
    assert isinstance(action.due, date)
    loose = store.add_action(meeting.id, None, "Tidy the register", "", None)
    assert loose.question_id is None and loose.due is None
    changed = store.update_action(action.id, text="Book the EP visit", owner="Head", due=None)
    assert (changed.text, changed.owner, changed.due) == ("Book the EP visit", "Head", None)
    assert store.senco_actions(senco.id) == [changed, loose] == store.all_actions()
    with pytest.raises(UserError, match="needs some text"):
        store.add_action(meeting.id, None, "  ", "", None)


# -- reviews -----------------------------------------------------------------------


@pytest.fixture
def carried(store, senco):
    raised = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    now = store.get_or_create_meeting(senco.id, "2026/27", "autumn-2")
    action = store.add_action(raised.id, "q1", "Audit the TAs", "SENCo", date(2026, 10, 1))
    return raised, now, action


@pytest.mark.parametrize("decision", ["done", "dropped"])
def test_done_or_dropped_closes_the_action_in_this_meeting(store, carried, decision):
    raised, now, action = carried
    review = store.review(now.id, kind="action", action_id=action.id, decision=decision,
                          note="sorted")
    assert review == Review(review.id, now.id, "action", action.id, None, decision, "sorted",
                            review.at)
    closed = store.get_action(action.id)
    assert (closed.status, closed.closed_meeting_id) == (decision, now.id)
    assert closed.closed_at is not None


def test_a_second_review_in_the_same_meeting_replaces_the_first(store, senco, carried):
    raised, now, action = carried
    first = store.review(now.id, kind="action", action_id=action.id, decision="done")
    second = store.review(now.id, kind="action", action_id=action.id, decision="open",
                          note="not yet: EP ill")
    assert second.id == first.id and second.decision == "open"
    reopened = store.get_action(action.id)
    assert (reopened.status, reopened.closed_at, reopened.closed_meeting_id) == (
        "open", None, None)
    store.review(now.id, kind="question", question_id="q1", decision="open", note="a")
    store.review(now.id, kind="question", question_id="q1", decision="dropped", note="b")
    assert [(r.kind, r.decision, r.note) for r in store.senco_reviews(senco.id)] == [
        ("action", "open", "not yet: EP ill"), ("question", "dropped", "b")]


def test_one_meetings_reviews_by_the_item_each_is_about(store, senco, carried):
    raised, now, action = carried
    later = store.get_or_create_meeting(senco.id, "2026/27", "spring-1")
    done = store.review(now.id, kind="action", action_id=action.id, decision="done")
    kept = store.review(now.id, kind="question", question_id="q1", decision="open", note="a")
    store.review(later.id, kind="question", question_id="q1", decision="dropped")
    assert store.reviews(now.id) == {f"action:{action.id}": done, "question:q1": kept}
    assert store.reviews(raised.id) == {}


def test_an_action_closed_by_another_meeting_stays_closed(store, senco, carried):
    raised, now, action = carried
    later = store.get_or_create_meeting(senco.id, "2026/27", "spring-1")
    store.review(later.id, kind="action", action_id=action.id, decision="done")
    store.review(now.id, kind="action", action_id=action.id, decision="open", note="chased")
    assert store.get_action(action.id).closed_meeting_id == later.id
    assert len(store.senco_reviews(senco.id)) == 2  # one per meeting


def test_review_refuses_muddled_items(store, carried):
    raised, now, action = carried
    with pytest.raises(ValueError):
        store.review(now.id, kind="action", question_id="q1", decision="done")
    with pytest.raises(ValueError):
        store.review(now.id, kind="question", question_id="q1", decision="maybe")
    other = store.add_senco("Sam Lee", "Vale", "primary")
    elsewhere = store.get_or_create_meeting(other.id, "2026/27", "autumn-2")
    with pytest.raises(ValueError, match="another SENCo"):
        store.review(elsewhere.id, kind="action", action_id=action.id, decision="done")
    assert store.get_action(action.id).status == "open"


# -- transactions --------------------------------------------------------------------


def reopen(store):
    """A second connection to the same store."""
    if isinstance(store, Store):
        return Store.open(store.path.parent)
    return open_postgres(store.url)


def test_writes_inside_one_transaction_commit_together_or_not_at_all(store, senco):
    meeting = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    with store.transaction():
        for n in range(50):
            store.add_action(meeting.id, None, f"action {n}", "", None)
    with pytest.raises(RuntimeError), store.transaction():
        store.add_action(meeting.id, None, "never saved", "", None)
        raise RuntimeError("boom")
    with store.transaction():  # a failed write inside leaves the others in place
        store.add_action(meeting.id, None, "kept", "", None)
        with pytest.raises(UserError):
            store.add_senco("jane smith", "dup", "x")
    with reopen(store) as again:
        texts = [a.text for a in again.all_actions()]
    assert texts == [f"action {n}" for n in range(50)] + ["kept"]


def test_wal_with_full_sync_and_the_other_pragmas(sqlite_store):
    store = sqlite_store
    conn = store._conn
    pragma = {name: conn.execute(f"PRAGMA {name}").fetchone()[0]
              for name in ("journal_mode", "synchronous", "secure_delete", "foreign_keys",
                           "busy_timeout")}
    assert pragma == {"journal_mode": "wal", "synchronous": 2, "secure_delete": 1,
                      "foreign_keys": 1, "busy_timeout": 5000}
    assert store.notice is None


class NoWal(sqlite3.Connection):
    """A connection on a file system where WAL cannot be turned on."""

    def execute(self, sql, *args):
        if sql.replace(" ", "").upper() == "PRAGMAJOURNAL_MODE=WAL":
            sql = "PRAGMA journal_mode"
        return super().execute(sql, *args)


def test_without_wal_it_uses_a_private_rollback_journal_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(store_mod.sqlite3, "connect",
                        partial(sqlite3.connect, factory=NoWal))
    with Store.open(tmp_path / "data") as store:
        assert "WAL" in store.notice
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert store._conn.execute("PRAGMA synchronous").fetchone()[0] == 2
        senco = store.add_senco("Jane", "Hill", "secondary")
        with store.transaction():
            store.update_senco(senco.id, name="Jane", school="Hill High", checklist_set="s")
            journal = tmp_path / "data" / "senco.db-journal"
            assert journal.exists() and mode(journal) == 0o600
        assert store.get_senco(senco.id).school == "Hill High"


# -- files -------------------------------------------------------------------------


def test_folder_database_side_files_and_backups_are_private(tmp_path):
    old = os.umask(0o022)  # a typical, permissive umask
    try:
        data = tmp_path / "data"
        with Store.open(data) as store:
            store.add_senco("Jane", "Hill", "secondary")
            backup = store.backup()
            assert mode(data) == 0o700
            for name in ("senco.db", "senco.db-wal", "senco.db-shm"):
                assert mode(data / name) == 0o600, name
            assert mode(data / "backups") == 0o700
            assert mode(backup) == 0o600
            # files made afterwards are not affected by the store's umask
            (tmp_path / "later.txt").write_text("x")
            assert mode(tmp_path / "later.txt") == 0o644
    finally:
        os.umask(old)


def test_backups_are_complete_copies_and_only_the_newest_ten_are_kept(sqlite_store):
    store = sqlite_store
    store.add_senco("Jane Smith", "Hill School", "secondary")
    made = [store.backup() for _ in range(12)]
    assert len(set(made)) == 12
    assert store.backups() == list(reversed(made))[:10]
    assert not made[0].exists() and not made[1].exists()
    with sqlite3.connect(made[-1]) as copy:
        assert copy.execute("SELECT name FROM sencos").fetchall() == [("Jane Smith",)]
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()


def test_a_daily_backup_is_made_on_the_first_open_of_the_day(tmp_path):
    data = tmp_path / "data"
    with Store.open(data) as store:  # a brand-new store has nothing worth copying
        assert store.backups() == []
        store.add_senco("Jane", "Hill", "secondary")
    with Store.open(data) as store:
        assert len(store.backups()) == 1
    with Store.open(data) as store:
        assert len(store.backups()) == 1


def test_deleting_a_meeting_takes_its_answers_and_refuses_one_an_action_points_to(tmp_path):
    # whether a meeting may go is the session's rule (tests/test_meeting.py); the store
    # still never leaves an action or a review pointing nowhere
    with Store.open(tmp_path / "data") as store:
        senco = store.add_senco("Jane", "Hill", "secondary")
        empty = store.get_or_create_meeting(senco.id, "2026/27", "spring-1")
        store.set_notes(empty.id, "q1", "assess", "Asked?", "")
        used = store.get_or_create_meeting(senco.id, "2026/27", "autumn-2")
        store.add_action(used.id, "q1", "Do it", "SENCo", None)
        store.delete_meeting(empty.id)
        assert [m.half_term for m in store.list_meetings(senco.id)] == ["autumn-2"]
        assert store.answers(empty.id) == {}
        with pytest.raises(UserError, match="only an empty meeting can be deleted"):
            store.delete_meeting(used.id)
        assert len(store.senco_actions(senco.id)) == 1



# -- two people at once (the shared store; the file keeps the same rule) -----------------


def test_notes_saved_meanwhile_by_someone_else_are_never_overwritten(store, senco):
    from senco_tui.store import SaveConflict

    meeting = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    ask = ("gcse-outcomes", "assess", "Reviewed GCSE outcomes?")
    seen = store.answers(meeting.id).get("gcse-outcomes")
    assert seen is None  # nothing saved yet: version 0
    with reopen(store) as other:
        theirs = other.set_notes(meeting.id, *ask, "Theirs: gap narrowed", expected_version=0)
    assert theirs.version == 1
    with pytest.raises(SaveConflict) as caught:
        store.set_notes(meeting.id, *ask, "Mine: gap widened", expected_version=0)
    assert caught.value.theirs.notes == "Theirs: gap narrowed"
    assert caught.value.mine == "Mine: gap widened"
    assert "someone else saved these notes" in str(caught.value)
    assert store.answers(meeting.id)["gcse-outcomes"].notes == "Theirs: gap narrowed"
    # a status set meanwhile is not a clash with the notes
    with reopen(store) as other:
        other.set_status(meeting.id, *ask, "amber")
    # resolved: saved against the version now there
    both = "Theirs: gap narrowed\nMine: gap widened"
    saved = store.set_notes(meeting.id, *ask, both, expected_version=caught.value.theirs.version)
    assert (saved.notes, saved.status, saved.version) == (both, "amber", 2)
    # without a version (one person, or the CLI) the save simply lands
    assert store.set_notes(meeting.id, *ask, "plain").version == 3


def test_an_action_edited_meanwhile_is_never_overwritten(store, senco):
    from senco_tui.store import SaveConflict

    meeting = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    action = store.add_action(meeting.id, None, "Book the EP", "SENCo", None)
    assert action.version == 1
    with reopen(store) as other:
        other.update_action(action.id, text="Book the EP for March", owner="SENCo", due=None,
                            expected_version=1)
    with pytest.raises(SaveConflict) as caught:
        store.update_action(action.id, text="Cancel the EP", owner="Head", due=None,
                            expected_version=1)
    assert (caught.value.theirs.text, caught.value.mine) == ("Book the EP for March",
                                                             "Cancel the EP")
    assert store.get_action(action.id).text == "Book the EP for March"
    done = store.update_action(action.id, text="Cancel the EP", owner="Head", due=None,
                               expected_version=caught.value.theirs.version)
    assert (done.text, done.version) == ("Cancel the EP", 3)
