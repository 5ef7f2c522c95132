"""Issue 14 in the meeting session, on both stores: the carry policy, undo and redo of
every kind of change (also after a restart), and removing a mistaken action."""

from __future__ import annotations

from datetime import date

import pytest

from senco_tui import meeting
from senco_tui.checklist import HalfTerm, Question, Section
from senco_tui.meeting import MeetingChecklist, Refused
from senco_tui.undo import Journal

TODAY = date(2026, 11, 20)
NOW = ("2026/27", "autumn-2")
HALF = HalfTerm("autumn-2", (
    Section("assess", "Assess", (
        Question("register", "Is the SEN register up to date?"),
        Question("outcomes", "Have you reviewed outcome data?"),
        Question("reflection", "What went well this year?", carry=False),
    )),
))
CHECKLIST = MeetingChecklist("Test set", HALF)


@pytest.fixture
def store(any_store):
    return any_store


@pytest.fixture
def senco(store):
    return store.add_senco("Jo Smith", "Hill School", "secondary")


def open_session(store, senco, half_term="autumn-2", journal=None, policy="amber-and-red"):
    return meeting.open_meeting(store, store.get_senco(senco.id), "2026/27", half_term,
                                CHECKLIST, glossary={}, today=TODAY, current=NOW,
                                default_policy=policy, journal=journal)


# -- the carry policy ----------------------------------------------------------------


def rated_in_autumn_1(store, senco):
    a1 = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    store.set_status(a1.id, "register", "assess", "Register?", "amber")
    store.set_status(a1.id, "outcomes", "assess", "Outcomes?", "red")
    store.set_status(a1.id, "reflection", "assess", "Well?", "red", carry=False)
    action = store.add_action(a1.id, "register", "Update it", "SENCo", None)
    return action


@pytest.mark.parametrize(("policy", "carried"), [
    ("amber-and-red", ["question:register", "action:{a}", "question:outcomes"]),
    ("red", ["action:{a}", "question:outcomes"]),
    ("none", ["action:{a}"]),  # open actions are always carried
])
def test_the_carry_policy_says_which_questions_carry(store, senco, policy, carried):
    action = rated_in_autumn_1(store, senco)
    session = open_session(store, senco, policy=policy)
    assert [i.key for i in session.notes.carried] == [c.format(a=action.id) for c in carried]
    assert session.notes.policy == policy
    # a question marked never carried, when it was asked, never is (here: red)
    assert "question:reflection" not in [i.key for i in session.notes.carried]


def test_a_senco_of_their_own_policy_overrides_the_settings(store, senco):
    rated_in_autumn_1(store, senco)
    store.update_senco(senco.id, name=senco.name, school=senco.school,
                       checklist_set=senco.checklist_set, carry_policy="red")
    assert store.get_senco(senco.id).carry_policy == "red"
    session = open_session(store, senco, policy="amber-and-red")  # the settings' default
    assert session.policy == "red"
    assert "question:register" not in [i.key for i in session.notes.carried]


def test_a_change_of_policy_leaves_a_meeting_already_held_as_it_was(store, senco):
    rated_in_autumn_1(store, senco)
    held = open_session(store, senco, policy="amber-and-red")
    held.review("question:register", "dropped", "Register rebuilt in October")
    assert held.meeting.carry_policy == "amber-and-red"  # fixed by the first record

    # the school now carries red only: the meeting held keeps what it carried, and its
    # decision on the amber question
    again = open_session(store, senco, policy="red")
    assert again.notes.policy == "amber-and-red"
    item = again.notes.item("question:register")
    assert item is not None and item.state == "dropped"
    # a meeting not yet begun carries under the new policy
    later = open_session(store, senco, half_term="spring-1", policy="red")
    assert later.notes.policy == "red" and later.meeting.carry_policy is None
    later.rate("register", "green")
    assert store.get_meeting(later.meeting.id).carry_policy == "red"


def test_under_red_a_red_question_rated_amber_is_resolved(store, senco):
    rated_in_autumn_1(store, senco)
    session = open_session(store, senco, policy="red")
    session.rate("outcomes", "amber")
    item = session.notes.item("question:outcomes")
    assert item.state == "resolved" and not item.open_after
    assert "question:outcomes" not in [i.key for i in session.notes.still_open]


# -- undo and redo --------------------------------------------------------------------


def test_undo_and_redo_a_status(store, senco):
    session = open_session(store, senco)
    session.rate("register", "red")
    session.rate("register", "amber")
    change = session.undo()
    assert change.what == "Amber for 'Is the SEN register up to date?'"
    assert session.notes.view("register").status == "red"
    session.undo()
    assert session.notes.view("register").answer is None or \
        session.notes.view("register").status is None
    session.redo()
    assert store.answers(session.meeting.id)["register"].status == "red"
    with pytest.raises(Refused, match="nothing to undo"):
        open_session(store, senco).undo()  # no journal: this session only


def test_a_notes_edit_is_undone_as_a_whole(store, senco):
    session = open_session(store, senco)
    session.save_notes("outcomes", "Gap narrowing")
    session.save_notes("outcomes", "Gap narrowing in maths")
    session.save_notes("outcomes", "Gap narrowing in maths and English")
    session.seal()  # the editor was left
    session.save_notes("outcomes", "Gap narrowing in maths and English. EP booked.")
    session.undo()
    assert session.notes.view("outcomes").notes == "Gap narrowing in maths and English"
    session.undo()  # the whole first edit, in one step
    assert session.notes.view("outcomes").notes == ""
    session.redo()
    session.redo()
    assert store.answers(session.meeting.id)["outcomes"].notes == (
        "Gap narrowing in maths and English. EP booked.")


def test_undo_an_action_added_edited_ticked_and_dropped(store, senco):
    session = open_session(store, senco)
    action = session.add_action("register", "Update it", "SENCo", None)
    session.edit_action(action.id, "Update it by Friday", "SENCo", date(2026, 11, 27))
    session.tick_action(action.id)
    assert store.get_action(action.id).status == "done"
    session.undo()  # the tick: open again, no review left
    assert store.get_action(action.id).status == "open"
    assert [r for r in store.senco_reviews(senco.id) if r.action_id == action.id] == []
    session.undo()  # the edit
    assert store.get_action(action.id).text == "Update it"
    session.undo()  # the action itself
    assert [a.id for a in store.senco_actions(senco.id)] == []
    session.redo()  # back, with the same id
    assert store.get_action(action.id).text == "Update it"
    session.redo()
    session.redo()
    assert store.get_action(action.id).status == "done"
    session.drop_action(action.id)
    session.undo()
    assert store.get_action(action.id).status == "done"


def test_undo_a_review_of_a_carried_item(store, senco):
    action = rated_in_autumn_1(store, senco)
    session = open_session(store, senco)
    key = f"action:{action.id}"
    session.review(key, "open", "Half done")
    session.review(key, "dropped", "No longer needed")
    assert store.get_action(action.id).status == "dropped"
    session.undo()
    item = session.notes.item(key)
    assert item.state == "open" and item.decision.note == "Half done"
    assert store.get_action(action.id).status == "open"
    session.undo()
    assert session.notes.item(key).state == "unreviewed"
    session.review("question:outcomes", "done")
    session.undo()
    assert session.notes.item("question:outcomes").state == "unreviewed"


def test_the_last_changes_can_be_undone_after_a_restart(store, senco, tmp_path):
    journal = Journal(tmp_path / "undo.json")
    first = open_session(store, senco, journal=journal)
    first.rate("register", "red")
    first.add_action("register", "Update it", "SENCo", None)
    assert oct((tmp_path / "undo.json").stat().st_mode & 0o777) == "0o600"
    again = open_session(store, senco, journal=journal)  # the app was closed and reopened
    assert again.undo().what == "Action 'Update it' added"
    assert again.undo().what == "Red for 'Is the SEN register up to date?'"
    assert store.answers(again.meeting.id).get("register") is None or \
        store.answers(again.meeting.id)["register"].status is None
    third = open_session(store, senco, journal=journal)
    assert third.redo().what == "Red for 'Is the SEN register up to date?'"


def test_undo_refuses_what_was_changed_again_since(store, senco):
    session = open_session(store, senco)
    session.rate("register", "red")
    other = open_session(store, senco)  # another copy, or another person
    other.rate("register", "green")
    with pytest.raises(Refused, match="changed again since"):
        session.undo()
    assert store.answers(session.meeting.id)["register"].status == "green"


def test_undo_and_redo_the_meeting_details(store, senco):
    session = open_session(store, senco)
    session.rate("register", "red")  # the first record: held today
    assert session.meeting.held_on == TODAY
    session.set_details(date(2026, 11, 19), "Jo Smith,\tTom Reed")
    change = session.undo()  # the details, not the status before them
    assert change.what == "Meeting details: held 19/11/2026, attendees 'Jo Smith, Tom Reed'"
    m = store.get_meeting(session.meeting.id)
    assert (m.held_on, m.attendees) == (TODAY, "")
    assert session.meeting == m and session.notes.meeting == m
    assert store.answers(m.id)["register"].status == "red"
    assert session.redo().what == change.what
    m = store.get_meeting(m.id)
    assert (m.held_on, m.attendees) == (date(2026, 11, 19), "Jo Smith, Tom Reed")
    session.set_details(None, "Jo Smith, Tom Reed")
    assert session.undo().what == "Meeting details: held date cleared"
    assert store.get_meeting(m.id).held_on == date(2026, 11, 19)
    # the same details again change nothing: nothing to undo for them
    session.set_details(date(2026, 11, 19), "Jo Smith, Tom Reed")
    assert session.undo().what == change.what
    assert session.undo().what == "Red for 'Is the SEN register up to date?'"


def test_details_undone_after_a_restart_and_not_over_someone_elses(store, senco, tmp_path):
    journal = Journal(tmp_path / "undo.json")
    first = open_session(store, senco, journal=journal)
    first.set_details(date(2026, 11, 19), "Jo Smith")
    again = open_session(store, senco, journal=journal)  # the app was closed and reopened
    assert again.undo().what == "Meeting details: held 19/11/2026, attendees 'Jo Smith'"
    m = store.get_meeting(again.meeting.id)
    assert (m.held_on, m.attendees) == (None, "")
    third = open_session(store, senco, journal=journal)
    third.redo()
    assert store.get_meeting(m.id).held_on == date(2026, 11, 19)  # a date, back from JSON
    other = open_session(store, senco)  # another copy, or another person
    other.set_details(date(2026, 11, 18), "Jo Smith")
    with pytest.raises(Refused, match="meeting details: .* changed again since"):
        third.undo()
    assert store.get_meeting(m.id).held_on == date(2026, 11, 18)


# -- a mistaken action ------------------------------------------------------------------


def test_an_action_agreed_here_can_be_deleted_or_moved_and_that_undone(store, senco):
    carried = rated_in_autumn_1(store, senco)
    session = open_session(store, senco)
    action = session.add_action("register", "Wrong question", "SENCo", None)
    moved = session.move_action(action.id, "outcomes")
    assert moved.question_id == "outcomes"
    assert [a.id for a in session.notes.view("outcomes").actions] == [action.id]
    session.tick_action(action.id)
    session.delete_action(action.id)
    assert action.id not in [a.id for a in store.senco_actions(senco.id)]
    session.undo()  # back, done, under the question it was moved to
    back = store.get_action(action.id)
    assert (back.status, back.question_id) == ("done", "outcomes")
    # a carried action is not this meeting's to delete or move: it can be dropped
    with pytest.raises(Refused, match="only an action agreed in this meeting"):
        session.delete_action(carried.id)
    with pytest.raises(Refused, match="only an action agreed in this meeting"):
        session.move_action(carried.id, "outcomes")


def test_a_drop_keeps_its_reason_for_the_history_and_the_export(store, senco):
    from senco_tui.export import render

    carried = rated_in_autumn_1(store, senco)
    session = open_session(store, senco)
    session.review(f"action:{carried.id}", "dropped", "The register is now the MIS's job")
    markdown = render(session.notes)
    assert "Dropped — The register is now the MIS's job" in markdown


# -- what a change leaves in the session ---------------------------------------------


def test_after_each_change_the_session_shows_what_a_fresh_read_shows(store, senco, tmp_path):
    """A change reads back only the rows it touched (reading the SENCo's whole history
    again cost more than a frame): what the session then shows is what opening the
    meeting again would show, every kind of change, undo and redo included."""
    action = rated_in_autumn_1(store, senco)
    session = open_session(store, senco, journal=Journal(tmp_path / "undo.json"))
    key = f"action:{action.id}"

    def fresh() -> meeting.MeetingNotes:
        notes = meeting.load_notes(store, session.meeting.id, HALF, {}, TODAY,
                                   checklist_title="Test set", current=NOW,
                                   policy="amber-and-red")
        order = {item.key: i for i, item in enumerate(session.notes.carried)}
        return notes._replace(carried=tuple(sorted(notes.carried,
                                                   key=lambda item: order[item.key])))

    steps = [
        lambda: session.rate("outcomes", "green"),  # resolves a carried question
        lambda: session.rate("register", "red"),  # the meeting is held today
        lambda: session.review(key, "done"),
        lambda: session.review(key, "open", "Half done"),
        lambda: session.edit_action(action.id, "Update it by Friday", "SENCo",
                                    date(2026, 11, 1)),
        lambda: session.review("question:register", "dropped", "Done another way"),
        lambda: session.add_action("register", "Tell the head", "SENCo", None),
        lambda: session.tick_action(session.notes.actions[0].id),
        lambda: session.move_action(session.notes.actions[0].id, "outcomes"),
        lambda: session.set_details(date(2026, 11, 19), "Jo Smith"),
        lambda: session.delete_action(session.notes.actions[0].id),
        session.undo, session.undo, session.redo, session.undo, session.undo,
        # a decision on a carried item alone works out only that item (and whether it goes
        # on to the next meeting): each kind, undone and redone
        lambda: session.review(key, "done"), session.undo, session.redo,
        lambda: session.review(key, "dropped", "Not needed"), session.undo,
        lambda: session.review("question:outcomes", "open", "Still low"), session.undo,
        lambda: session.review("question:register", "done"), session.undo, session.redo,
    ]
    for step in steps:
        step()
        assert session.notes == fresh()
    # a notes save: the questions at once; what stays open for the next meeting (only the
    # export shows it, reading the meeting again) by the next change
    session.save_notes("outcomes", "Data in")
    assert session.notes._replace(still_open=()) == fresh()._replace(still_open=())
    session.review(key, "done")
    assert session.notes == fresh()
    session.rate("register", "red")  # raised here: its notes go on to the next meeting
    session.save_notes("register", "Half of it")
    session.review(key, "open")
    assert session.notes == fresh()


def test_the_journal_keeps_each_meetings_changes_whoever_wrote_last(store, senco, tmp_path):
    """Two meetings' undo lists in one file, written in turns by two journals (two runs
    of the app): each keeps the other's, and the last change of each is undone after a
    restart."""
    path = tmp_path / "undo.json"
    first = open_session(store, senco, journal=Journal(path))
    second = open_session(store, senco, half_term="autumn-1", journal=Journal(path))
    first.rate("register", "red")
    second.rate("outcomes", "amber")
    first.rate("outcomes", "green")
    second.rate("register", "green")
    assert open_session(store, senco, journal=Journal(path)).undo().what == \
        "Green for 'Have you reviewed outcome data?'"
    assert open_session(store, senco, half_term="autumn-1",
                        journal=Journal(path)).undo().what == \
        "Green for 'Is the SEN register up to date?'"
