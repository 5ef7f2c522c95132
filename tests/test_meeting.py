"""The meeting service, on a real store in tmp_path."""

from __future__ import annotations

from datetime import date

import pytest

from senco_tui import meeting
from senco_tui.checklist import HalfTerm, Question, Section
from senco_tui.errors import UserError
from senco_tui.records import Meeting, MeetingSummary

TODAY = date(2027, 1, 10)

A1 = HalfTerm("autumn-1", (
    Section("assess", "Assess", (
        Question("gcse-outcomes", "Have you reviewed GCSE outcome data?"),
        Question("sen-register", "Is the SEN register up to date?"),
    )),
    Section("plan", "Plan", (
        Question("provision-map", "Is the provision map current?"),
    )),
))
A2 = HalfTerm("autumn-2", (
    Section("assess", "Assess", (
        Question("sen-register", "Is the SEN register accurate?"),
    )),
))


@pytest.fixture
def store(any_store):
    """Each test runs on the SQLite file and on the shared store (tests/postgres_server.py)."""
    return any_store


@pytest.fixture
def senco(store):
    return store.add_senco("Jo Smith", "Hill School", "secondary")


def test_load_notes_in_checklist_order_with_answers_and_actions(store, senco):
    m = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    store.set_status(m.id, "provision-map", "plan", "Is the provision map current?", "amber")
    store.set_notes(m.id, "gcse-outcomes", "assess", "Have you reviewed GCSE outcome data?",
                    "Gap narrowing")
    action = store.add_action(m.id, "provision-map", "Update the map", "SENCo",
                              date(2026, 10, 1))
    general = store.add_action(m.id, None, "Book a catch-up", "DHT", None)

    notes = meeting.load_notes(store, m.id, A1, {"SEN": "special educational needs"}, TODAY,
                               checklist_title="Secondary school")
    assert notes.senco == senco and notes.meeting == m
    assert notes.checklist_title == "Secondary school"
    assert [v.question.id for v in notes.questions] == [
        "gcse-outcomes", "sen-register", "provision-map"]
    views = {v.question.id: v for v in notes.questions}
    assert views["gcse-outcomes"].answer.notes == "Gap narrowing"
    assert views["sen-register"].answer is None
    assert views["provision-map"].answer.status == "amber"
    assert views["provision-map"].actions == (action,)
    assert views["provision-map"].section.title == "Plan"
    assert notes.actions == (action, general)
    assert notes.carried == ()
    # grouped by section: the question, then its actions; actions on no question last
    assert [i.key for i in notes.still_open] == [
        "question:provision-map", f"action:{action.id}", f"action:{general.id}"]
    assert notes.still_open[1].overdue
    assert notes.glossary == {"SEN": "special educational needs"}
    assert notes.today == TODAY


def test_checklist_title_defaults_to_the_set_name(store, senco):
    m = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    assert meeting.load_notes(store, m.id, A1, {}, TODAY).checklist_title == "secondary"


def test_carried_items_and_decisions_in_the_next_meeting(store, senco):
    a1 = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    store.set_status(a1.id, "sen-register", "assess", "Is the SEN register up to date?", "red")
    done = store.add_action(a1.id, None, "Write to parents", "SENCo", None)
    kept = store.add_action(a1.id, None, "Audit TAs", "SENCo", None)
    a2 = store.get_or_create_meeting(senco.id, "2026/27", "autumn-2")
    store.review(a2.id, kind="action", action_id=done.id, decision="done", note="sent")
    store.review(a2.id, kind="action", action_id=kept.id, decision="open", note="half way")
    store.set_status(a2.id, "sen-register", "assess", "Is the SEN register accurate?", "green")

    notes = meeting.load_notes(store, a2.id, A2, {}, TODAY)
    carried = {i.key: i for i in notes.carried}
    assert carried[f"action:{done.id}"].decision.note == "sent"
    assert not carried[f"action:{done.id}"].open_after
    assert carried[f"action:{kept.id}"].open_after
    assert carried["question:sen-register"].resolved_by == "green"
    assert carried["question:sen-register"].text == "Is the SEN register up to date?"
    assert [i.key for i in notes.still_open] == [f"action:{kept.id}"]

    sp1 = store.get_or_create_meeting(senco.id, "2026/27", "spring-1")
    [item] = meeting.load_notes(store, sp1.id, None, {}, TODAY).carried
    assert item.key == f"action:{kept.id}" and item.last_update == "half way"
    assert item.carried == 2


def test_answers_to_questions_gone_from_the_yaml_still_show(store, senco):
    m = store.get_or_create_meeting(senco.id, "2026/27", "autumn-2")
    store.set_status(m.id, "old-assess", "assess", "An old assess question?", "amber")
    store.set_notes(m.id, "old-exams", "exams", "Access arrangements in place?", "yes")
    store.set_status(m.id, "custom", "governors", "Governors briefed?", "green")
    store.add_action(m.id, "action-only", "Follow up", "SENCo", None)
    store.set_status(m.id, "cleared", "assess", "Cleared question?", None)

    views = meeting.load_notes(store, m.id, A2, {}, TODAY).questions
    assert [(v.section.slug, v.question.id) for v in views] == [
        ("assess", "sen-register"),
        ("assess", "old-assess"),
        ("exams", "old-exams"),
        ("other", "custom"),
        ("other", "action-only"),
    ]
    by_id = {v.question.id: v for v in views}
    assert by_id["old-assess"].question.ask == "An old assess question?"
    assert by_id["old-assess"].answer.status == "amber"
    assert by_id["old-exams"].section.title == "Exams"
    assert by_id["custom"].section.title == "Other"
    assert len(by_id["action-only"].actions) == 1
    # marked as gone (the app and the export say so; they count only the checklist's)
    assert [v.question.id for v in views if v.in_checklist] == ["sen-register"]
    # without a checklist nothing can be called gone
    assert all(v.in_checklist for v in meeting.load_notes(store, m.id, None, {}, TODAY).questions)


def test_history_in_academic_order_only_where_discussed(store, senco):
    sp1 = store.get_or_create_meeting(senco.id, "2026/27", "spring-1")  # created first
    a1 = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    a2 = store.get_or_create_meeting(senco.id, "2026/27", "autumn-2")
    old = store.get_or_create_meeting(senco.id, "2025/26", "summer-2")
    ask = "Is the SEN register up to date?"
    store.set_status(sp1.id, "sen-register", "assess", ask, "green")
    store.set_notes(a1.id, "sen-register", "assess", ask, "needs work")
    store.set_status(old.id, "sen-register", "assess", ask, "red")
    store.set_status(a2.id, "sen-register", "assess", ask, None)  # touched, then cleared
    store.set_status(a2.id, "other", "assess", "Other?", "red")

    got = meeting.history(store, senco.id, "sen-register")
    assert [(m.id, a.status, a.notes) for m, a in got] == [
        (old.id, "red", ""), (a1.id, None, "needs work"), (sp1.id, "green", "")]
    before = meeting.history(store, senco.id, "sen-register", before=sp1)
    assert [m.id for m, _ in before] == [old.id, a1.id]
    assert meeting.history(store, senco.id, "never-asked") == []


def test_open_questions_are_listed_in_checklist_order_not_by_id(store, senco):
    a1 = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    # rated bottom-up, and the ids sort the other way round from the checklist
    for qid, section, ask in [("provision-map", "plan", "Map?"), ("sen-register", "assess",
                              "Register?"), ("gcse-outcomes", "assess", "GCSE?")]:
        store.set_status(a1.id, qid, section, ask, "amber")
    late = store.add_action(a1.id, None, "Late one", "SENCo", date(2026, 10, 1))
    a2 = store.get_or_create_meeting(senco.id, "2026/27", "autumn-2")
    order = ["gcse-outcomes", "sen-register", "provision-map"]
    mine = meeting.load_notes(store, a1.id, A1, {}, TODAY)
    # actions on no question come last, overdue or not: the list follows the checklist
    assert [i.question_id for i in mine.still_open] == [*order, None]
    # carried into a meeting whose checklist asks the same questions (shared ids)
    later = meeting.load_notes(store, a2.id, A1, {}, TODAY)
    assert [i.question_id for i in later.carried] == [*order, None]
    assert later.carried[-1].action == late


def test_resolve_senco_with_none(store):
    with pytest.raises(UserError, match="senco-tui senco add"):
        meeting.resolve_senco(store, None)


def test_resolve_senco_the_only_one(store, senco):
    assert meeting.resolve_senco(store, None) == senco
    assert meeting.resolve_senco(store, "jo smith") == senco


def test_resolve_senco_by_name(store, senco):
    other = store.add_senco("Joanne Bell", "Vale Academy", "primary")
    store.add_senco("Sam Patel", "Vale Academy", "primary")
    with pytest.raises(UserError, match=r"there are 3 SENCos \(.*Jo Smith.*\).*--senco"):
        meeting.resolve_senco(store, None)
    assert meeting.resolve_senco(store, "JO SMITH") == senco
    assert meeting.resolve_senco(store, "bell") == other
    with pytest.raises(UserError, match="'jo' matches more than one SENCo"):
        meeting.resolve_senco(store, "jo")
    with pytest.raises(UserError) as info:
        meeting.resolve_senco(store, "Alex")
    assert "no SENCo called 'Alex'" in str(info.value)
    assert "Sam Patel" in str(info.value)


def test_resolve_senco_by_the_name_it_was_added_with_whatever_it_held(store, senco):
    given = "Eve\x1b]0;pwned\x07 \u202eEvans"  # what a terminal would obey, cleaned on adding
    eve = store.add_senco(given, "Vale Academy", "primary")
    assert meeting.resolve_senco(store, given) == eve


def test_resolve_senco_without_the_accents(store, senco):
    sian = store.add_senco("Siân O'Brien-Núñez", "Vale Academy", "primary")
    assert meeting.resolve_senco(store, "sian") == sian
    assert meeting.resolve_senco(store, "O'BRIEN-NUNEZ") == sian
    assert meeting.resolve_senco(store, "Siân") == sian
    assert meeting.resolve_senco(store, "Siân O’Brien") == sian  # pasted from Word


def test_progress():
    m = Meeting(1, 1, "2026/27", "autumn-1", None, "")
    assert meeting.progress(MeetingSummary(m, 2, 3, 4, True)) == "2/3 discussed, 4 open actions"
    assert meeting.progress(MeetingSummary(m, 0, 3, 1, True)) == "0/3 discussed, 1 open action"
    assert meeting.progress(MeetingSummary(m, 5, None, 0, True)) == "5 discussed, 0 open actions"


def test_summaries_count_discussed_questions_and_open_actions(store, senco):
    later = store.get_or_create_meeting(senco.id, "2026/27", "spring-1")
    first = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    store.set_status(first.id, "gcse-outcomes", "assess", "Q1?", "green")
    store.set_notes(first.id, "sen-register", "assess", "Q2?", "talked about it")
    store.set_status(first.id, "provision-map", "plan", "Q3?", None)  # set, then cleared
    kept = store.add_action(first.id, "gcse-outcomes", "Keep", "SENCo", None)
    closed = store.add_action(first.id, "gcse-outcomes", "Close", "SENCo", None)
    store.review(later.id, kind="action", action_id=closed.id, decision="done")
    empty = store.get_or_create_meeting(senco.id, "2026/27", "summer-1")
    sets = {"autumn-1": A1, "spring-1": A2, "summer-1": A2}
    assert meeting.summaries(store, senco.id, sets) == [
        MeetingSummary(first, discussed=2, total=3, open_actions=1, recorded=True),
        # only a review: nothing discussed or open, but recorded (it cannot be deleted)
        MeetingSummary(later, discussed=0, total=1, open_actions=0, recorded=True),
        MeetingSummary(empty, discussed=0, total=1, open_actions=0, recorded=False),
    ]
    # without the checklist, only what was recorded is known
    assert [s.total for s in meeting.summaries(store, senco.id, None)] == [None, None, None]
    with pytest.raises(UserError, match="only an empty meeting can be deleted"):
        meeting.delete_meeting(store, later)
    assert kept.status == "open"


def test_only_an_empty_meeting_can_be_deleted(store, senco):
    empty = store.get_or_create_meeting(senco.id, "2026/27", "spring-1")
    store.set_notes(empty.id, "q1", "assess", "Asked?", "")  # cleared notes: still empty
    blank = store.get_or_create_meeting(senco.id, "2026/27", "spring-2")
    store.set_notes(blank.id, "q1", "assess", "Asked?", "  \n ")  # only spaces: still empty
    used = store.get_or_create_meeting(senco.id, "2026/27", "autumn-2")
    store.set_status(used.id, "q1", "assess", "Asked?", "amber")
    meeting.delete_meeting(store, empty)
    meeting.delete_meeting(store, blank)
    assert [m.half_term for m in store.list_meetings(senco.id)] == ["autumn-2"]
    with pytest.raises(UserError, match="only an empty meeting can be deleted"):
        meeting.delete_meeting(store, used)
    assert store.answers(used.id)["q1"].status == "amber"


def test_carried_items_grouped_by_section_then_question_then_due_date(store, senco):
    a1 = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    store.set_status(a1.id, "provision-map", "plan", "Map?", "red")
    store.set_status(a1.id, "gcse-outcomes", "assess", "GCSE?", "amber")
    later = store.add_action(a1.id, "gcse-outcomes", "Later", "SENCo", date(2026, 12, 1))
    undated = store.add_action(a1.id, "gcse-outcomes", "Whenever", "SENCo", None)
    sooner = store.add_action(a1.id, "gcse-outcomes", "Sooner", "SENCo", date(2026, 11, 1))
    plan = store.add_action(a1.id, "provision-map", "Map it", "SENCo", date(2026, 9, 1))
    loose = store.add_action(a1.id, None, "Book a catch-up", "DHT", date(2026, 9, 2))
    a2 = store.get_or_create_meeting(senco.id, "2026/27", "autumn-2")
    notes = meeting.load_notes(store, a2.id, A1, {}, TODAY)
    assert [i.key for i in notes.carried] == [
        "question:gcse-outcomes", f"action:{sooner.id}", f"action:{later.id}",
        f"action:{undated.id}",  # Assess, in checklist order; undated actions last
        "question:provision-map", f"action:{plan.id}",  # then Plan
        f"action:{loose.id}",  # actions on no question at the end, even overdue
    ]
    assert [notes.section_title(i.section) for i in notes.carried] == [
        "Assess"] * 4 + ["Plan"] * 2 + [""]


def test_carried_questions_this_half_term_does_not_ask_keep_their_actions_with_them(
        store, senco):
    """Not asked here (A2 asks only sen-register): still grouped by section, each question
    followed by its own actions; such questions by when they were raised, then their words."""
    a1 = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    store.set_status(a1.id, "provision-map", "plan", "Map?", "red")
    store.set_status(a1.id, "gcse-outcomes", "assess", "GCSE?", "amber")
    store.set_status(a1.id, "access-arrangements", "assess", "Access?", "amber")
    gcse = store.add_action(a1.id, "gcse-outcomes", "Share GCSE gaps", "SENCo", date(2026, 9, 1))
    access = store.add_action(a1.id, "access-arrangements", "Apply", "SENCo", date(2026, 8, 1))
    map_it = store.add_action(a1.id, "provision-map", "Map it", "SENCo", None)
    store.set_status(a1.id, "reading-age", "assess", "Reading?", "green")  # not carried
    store.set_status(a1.id, "attendance", "assess", "Attendance?", "green")
    late = store.add_action(a1.id, "reading-age", "Retest", "SENCo", date(2026, 12, 1))
    soon = store.add_action(a1.id, "attendance", "Call home", "SENCo", date(2026, 10, 1))
    a2 = store.get_or_create_meeting(senco.id, "2026/27", "autumn-2")
    notes = meeting.load_notes(store, a2.id, A2, {}, TODAY)
    assert [i.key for i in notes.carried] == [
        "question:access-arrangements", f"action:{access.id}",
        "question:gcse-outcomes", f"action:{gcse.id}",
        f"action:{soon.id}", f"action:{late.id}",  # only actions carried: by due date
        "question:provision-map", f"action:{map_it.id}",
    ]


def test_carried_items_stay_where_they_were_listed_until_the_next_open(store, senco):
    a1 = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    first = store.add_action(a1.id, "gcse-outcomes", "First", "SENCo", date(2026, 9, 1))
    second = store.add_action(a1.id, "gcse-outcomes", "Second", "SENCo", date(2026, 10, 1))
    a2 = store.get_or_create_meeting(senco.id, "2026/27", "autumn-2")
    checklist = meeting.MeetingChecklist("Secondary", A1)

    def session():
        return meeting.MeetingSession(store, a2, checklist, glossary={}, today=TODAY,
                                      current=("2026/27", "autumn-2"))

    open_now = session()
    assert [i.key for i in open_now.notes.carried] == [f"action:{first.id}",
                                                        f"action:{second.id}"]
    # a new due date would sort it after the other: it stays put while the meeting is open
    open_now.edit_action(first.id, "First", "SENCo", date(2027, 3, 1))
    open_now.review(f"action:{second.id}", "done")
    assert [i.key for i in open_now.notes.carried] == [f"action:{first.id}",
                                                        f"action:{second.id}"]
    assert open_now.notes.carried[0].action.due == date(2027, 3, 1)
    # opened again: in order as the rules put it
    assert [i.key for i in session().notes.carried] == [f"action:{second.id}",
                                                         f"action:{first.id}"]


def test_overdue_is_measured_from_the_meeting_date_on_a_past_meeting(store, senco):
    a1 = store.get_or_create_meeting(senco.id, "2025/26", "summer-1")
    action = store.add_action(a1.id, None, "Due in June", "SENCo", date(2026, 6, 20))
    past = store.get_or_create_meeting(senco.id, "2025/26", "summer-2")
    store.set_meeting_details(past.id, held_on=date(2026, 6, 10), attendees="")
    this = ("2026/27", "spring-1")  # today, 10 January 2027, falls in Spring 1
    notes = meeting.load_notes(store, past.id, A1, {}, TODAY, current=this)
    [item] = notes.carried
    assert notes.overdue_from == date(2026, 6, 10) and not item.overdue  # not due then
    now = store.get_or_create_meeting(senco.id, "2026/27", "spring-1")
    [item] = meeting.load_notes(store, now.id, A1, {}, TODAY, current=this).carried
    assert item.overdue and item.action.id == action.id  # due long before today


def test_progress_says_what_it_counts():
    p = meeting.Progress(discussed=2, total=15, carried_reviewed=1, carried=3, agreed=7,
                         open_actions=0)
    assert p.line() == "2/15 discussed · 1 of 3 carried reviewed · 7 actions agreed"
    assert p.line(1) == "2/15 discussed · 1/3 carried · 7 agreed"
    assert p.line(2) == "2/15 · 1/3 carried · 7 agreed"
    one = p._replace(agreed=1, carried=0, total=None)
    assert one.line() == "2 discussed · 1 action agreed"


# -- two people with the same meeting open (the shared store; the file keeps the rule) ----


def reopen(store):
    from senco_tui.store import Store, open_postgres

    if isinstance(store, Store):
        return Store.open(store.path.parent)
    return open_postgres(store.url)


def session(store, senco):
    return meeting.open_meeting(store, senco, "2026/27", "autumn-1",
                                meeting.MeetingChecklist("Secondary", A1), glossary={},
                                today=TODAY, current=("2026/27", "autumn-1"))


def test_notes_saved_meanwhile_are_kept_below_ours_never_overwritten(store, senco):
    mine = session(store, senco)
    with reopen(store) as other_store:
        theirs = session(other_store, senco)
        assert theirs.save_notes("gcse-outcomes", "Theirs: maths gap narrowed")
    assert mine.save_notes("gcse-outcomes", "Mine: EP visit booked")
    both = f"Mine: EP visit booked\n\n{meeting.MERGE_LINE}\nTheirs: maths gap narrowed"
    assert mine.merged == {"gcse-outcomes": "Theirs: maths gap narrowed"}
    assert mine.notes.view("gcse-outcomes").notes == both
    m = mine.meeting
    assert store.answers(m.id)["gcse-outcomes"].notes == both
    # the next save is against the merged version: no second merge
    mine.merged.clear()
    assert mine.save_notes("gcse-outcomes", "Both: EP booked, gap narrowed")
    assert mine.merged == {}
    assert store.answers(m.id)["gcse-outcomes"].notes == "Both: EP booked, gap narrowed"


def test_an_action_changed_meanwhile_is_not_overwritten_and_says_what_it_is_now(store,
                                                                                senco):
    mine = session(store, senco)
    action = mine.add_action("gcse-outcomes", "Book the EP", "SENCo", None)
    with reopen(store) as other_store:
        theirs = session(other_store, senco)
        theirs.edit_action(action.id, "Book the EP for March", "Head", None)
    with pytest.raises(meeting.SaveFailed,
                       match="someone else changed this action meanwhile; it now reads "
                             "'Book the EP for March' \\(Head"):
        mine.edit_action(action.id, "Cancel the EP", "SENCo", None)
    assert store.get_action(action.id).text == "Book the EP for March"
    # seen now: saving again replaces it
    assert mine.edit_action(action.id, "Cancel the EP", "SENCo", None).text == "Cancel the EP"


def test_under_the_red_policy_spring_1_carries_no_more_than_it_asks(store, senco, tmp_path):
    """Issue 14's year: a line manager who rates half of each half-term Amber and a sixth
    Red, agrees an action on each Red and on every other Amber, and at the next meeting
    finds two in three of the actions carried done. Amber-and-red carries more items into
    Spring 1 than it asks questions (the complaint); `red` carries no more."""
    from senco_tui.checklist import load_named_set

    sets = load_named_set("secondary", tmp_path / "no-user-sets")
    pattern = ("amber", "green", "amber", "red", "green", "amber")
    for half_term in ("autumn-1", "autumn-2"):
        m = store.get_or_create_meeting(senco.id, "2026/27", half_term)
        for n, action in enumerate(a for a in store.senco_actions(senco.id)
                                   if a.status == "open"):
            if n % 3:
                store.review(m.id, kind="action", action_id=action.id, decision="done")
        for i, (section, q) in enumerate(sets.half_terms[half_term].questions()):
            status = pattern[i % len(pattern)]
            store.set_status(m.id, q.id, section.slug, q.ask, status)
            if status == "red" or (status == "amber" and i % 2):
                store.add_action(m.id, q.id, f"Follow up {q.id}", "SENCo", date(2027, 3, 1))
    spring = sets.half_terms["spring-1"]
    asked = len(spring.questions())
    s1 = store.get_or_create_meeting(senco.id, "2026/27", "spring-1")

    def carried(policy) -> int:
        return len(meeting.load_notes(store, s1.id, spring, {}, TODAY, policy=policy).carried)

    assert carried("amber-and-red") > asked
    assert carried("red") <= asked
    open_actions = [a for a in store.senco_actions(senco.id) if a.status == "open"]
    assert carried("none") == len(open_actions)  # the actions alone


# -- the held date ------------------------------------------------------------------------


def test_a_held_date_far_from_the_half_term_or_still_to_come_is_doubted():
    a2 = Meeting(1, 1, "2026/27", "autumn-2", None, "")
    later = date(2027, 3, 1)
    doubt = meeting.held_date_doubt
    assert doubt(a2, date(2025, 6, 3), later) == (  # a typo of a year and a month
        "03/06/2025 is well outside Autumn 2 2026/27 (01/11/2026 to 31/12/2026)")
    # in the holiday either side, four weeks at most: as likely as in the half-term
    assert doubt(a2, date(2026, 10, 4), later) == doubt(a2, date(2027, 1, 28), later) == ""
    assert doubt(a2, date(2026, 11, 19), later) == ""
    assert "well outside" in doubt(a2, date(2026, 10, 3), later)
    assert "well outside" in doubt(a2, date(2027, 1, 29), later)
    # a plausible day not yet reached
    assert doubt(a2, date(2026, 11, 25), date(2026, 11, 20)) == "25/11/2026 has not come yet"
    # the settings' half-term starts move the half-term and so the window
    moved = {"autumn-2": "11-09"}
    assert doubt(a2, date(2026, 10, 11), later, moved) == (
        "11/10/2026 is well outside Autumn 2 2026/27 (09/11/2026 to 31/12/2026)")


def test_the_session_doubts_a_held_date_with_the_settings_half_terms(store, senco):
    def opened(starts):
        return meeting.open_meeting(store, senco, "2026/27", "autumn-1",
                                    meeting.MeetingChecklist("Secondary", A1), glossary={},
                                    today=TODAY, current=("2026/27", "spring-1"),
                                    starts=starts)

    # autumn-2 starting on 15 November: autumn-1 runs to the 14th, 1 December is near it
    assert opened({"autumn-2": "11-15"}).held_date_doubt(date(2026, 12, 1)) == ""
    assert opened(None).held_date_doubt(date(2026, 12, 1)) == (
        "01/12/2026 is well outside Autumn 1 2026/27 (01/09/2026 to 31/10/2026)")
