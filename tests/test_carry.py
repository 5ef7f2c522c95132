"""Carry-forward rules, on records built by hand (no store)."""

from __future__ import annotations

import time
from datetime import date

from senco_tui import carry
from senco_tui.records import STALE_AFTER, Action, Answer, Meeting, Review

TODAY = date(2027, 3, 1)
SHORT = {"a1": "autumn-1", "a2": "autumn-2", "sp1": "spring-1", "sp2": "spring-2",
         "su1": "summer-1", "su2": "summer-2"}


class Book:
    """A SENCo's records, written in the order a user might create them."""

    def __init__(self, senco_id: int = 1):
        self.senco_id = senco_id
        self.meetings: dict[str, Meeting] = {}
        self.answers: list[Answer] = []
        self.actions: dict[int, Action] = {}
        self.reviews: list[Review] = []
        self._next = 100 * senco_id

    def _id(self) -> int:
        self._next += 1
        return self._next

    def meeting(self, name: str, year: str = "2026/27", held: bool = True) -> Meeting:
        # ids grow with creation, not with academic order
        m = Meeting(self._id(), self.senco_id, year, SHORT[name], TODAY if held else None, "")
        self.meetings[name] = m
        return m

    def rate(self, meeting: str, qid: str, status: str | None, notes: str = "") -> None:
        m = self.meetings[meeting]
        self.answers = [a for a in self.answers
                        if not (a.meeting_id == m.id and a.question_id == qid)]
        self.answers.append(Answer(m.id, qid, "assess", f"Ask {qid}?", status, notes, ""))

    def act(self, meeting: str, text: str, due: date | None = None, qid: str | None = None) -> int:
        aid = self._id()
        self.actions[aid] = Action(aid, self.meetings[meeting].id, qid, text, "SENCo", due,
                                   "open", "", None, None)
        return aid

    def review(self, meeting: str, *, action: int | None = None, question: str | None = None,
               decision: str, note: str = "") -> None:
        m = self.meetings[meeting]
        kind = "action" if action is not None else "question"
        self.reviews = [r for r in self.reviews if not (
            r.meeting_id == m.id and r.kind == kind
            and r.action_id == action and r.question_id == question)]
        self.reviews.append(Review(self._id(), m.id, kind, action, question, decision, note, ""))
        if action is not None:
            a = self.actions[action]
            closed = decision != "open"
            self.actions[action] = Action(
                a.id, a.meeting_id, a.question_id, a.text, a.owner, a.due,
                decision if closed else "open", a.created_at,
                "2027-01-01T10:00:00" if closed else None, m.id if closed else None)

    def _args(self, meeting: str):
        return (self.meetings[meeting], list(self.meetings.values()), self.answers,
                list(self.actions.values()), self.reviews, TODAY)

    def open_items(self, meeting: str) -> list[carry.CarryItem]:
        return carry.open_items(*self._args(meeting))

    def still_open(self, meeting: str) -> list[carry.CarryItem]:
        return carry.still_open(*self._args(meeting))

    def keys(self, meeting: str) -> list[str]:
        return [i.key for i in self.open_items(meeting)]


def by_key(items):
    return {i.key: i for i in items}


def test_open_action_carries_with_its_origin():
    b = Book()
    b.meeting("a1")
    aid = b.act("a1", "Audit TA deployment", qid="tas")
    b.rate("a1", "tas", "green")
    b.meeting("a2")
    [item] = b.open_items("a2")
    assert item.kind == "action" and item.key == f"action:{aid}"
    assert item.text == "Audit TA deployment"
    assert item.origin == b.meetings["a1"]
    assert item.carried == 1
    assert item.section == "assess"
    assert item.open_after and item.decision is None
    assert b.open_items("a1") == []


def test_skipped_half_terms_do_not_count_as_carried():
    b = Book()
    b.meeting("a1")
    b.act("a1", "Update provision map")
    b.rate("a1", "sen-register", "amber", "half done")
    b.meeting("sp1")  # autumn-2 never happened
    items = b.open_items("sp1")
    assert {i.kind for i in items} == {"action", "question"}
    assert all(i.carried == 1 for i in items)
    q = by_key(items)["question:sen-register"]
    assert q.origin_status == "amber" and q.origin_notes == "half done"
    assert q.text == "Ask sen-register?"


def test_meetings_created_out_of_order_still_see_earlier_items():
    b = Book()
    b.meeting("a1")
    a1_action = b.act("a1", "From A1")
    b.meeting("sp1")  # created before autumn-2
    b.meeting("a2")
    a2_action = b.act("a2", "From A2")
    assert b.keys("a2") == [f"action:{a1_action}"]
    assert b.keys("sp1") == [f"action:{a1_action}", f"action:{a2_action}"]
    items = by_key(b.open_items("sp1"))
    assert items[f"action:{a1_action}"].carried == 2
    assert items[f"action:{a2_action}"].carried == 1
    # a later meeting's actions never flow backwards
    assert f"action:{a2_action}" not in b.keys("a1")


def test_meeting_opened_before_the_previous_one_is_finished():
    b = Book()
    b.meeting("a1")
    first = b.act("a1", "First")
    b.meeting("a2")
    assert b.keys("a2") == [f"action:{first}"]
    late = b.act("a1", "Added to A1 after A2 was opened")
    b.rate("a1", "late-question", "red")
    assert b.keys("a2") == [f"action:{first}", f"action:{late}", "question:late-question"]


def test_amber_then_red_is_one_item_from_the_latest():
    b = Book()
    b.meeting("a1")
    b.rate("a1", "q", "amber", "started")
    b.meeting("a2")
    b.rate("a2", "q", "red", "worse")
    b.meeting("sp1")
    [item] = b.open_items("sp1")
    assert item.origin == b.meetings["a2"]
    assert item.origin_status == "red" and item.origin_notes == "worse"
    assert item.carried == 1
    # in A2 itself the A1 concern is shown, and A2's own rating replaces it going forward
    [in_a2] = b.open_items("a2")
    assert in_a2.origin == b.meetings["a1"] and in_a2.open_after
    [left] = b.still_open("a2")
    assert left.origin == b.meetings["a2"] and left.carried == 0 and left.origin_status == "red"


def test_amber_then_green_resolves_in_that_meeting_and_is_gone_after():
    b = Book()
    b.meeting("a1")
    b.rate("a1", "q", "amber")
    b.meeting("a2")
    b.rate("a2", "q", "green")
    b.meeting("sp1")
    [item] = b.open_items("a2")
    assert item.resolved_by == "green" and not item.open_after
    assert b.still_open("a2") == []
    assert b.open_items("sp1") == []


def test_na_resolves_too():
    b = Book()
    b.meeting("a1")
    b.rate("a1", "q", "red")
    b.meeting("a2")
    b.rate("a2", "q", "na")
    [item] = b.open_items("a2")
    assert item.resolved_by == "na" and not item.open_after


def test_question_rated_again_after_being_resolved_comes_back():
    b = Book()
    b.meeting("a1")
    b.rate("a1", "q", "amber")
    b.meeting("a2")
    b.rate("a2", "q", "green")
    b.meeting("sp1")
    b.rate("sp1", "q", "red", "slipped")
    b.meeting("sp2")
    [item] = b.open_items("sp2")
    assert item.origin == b.meetings["sp1"] and item.origin_notes == "slipped"


def test_a_carried_question_rated_amber_again_was_discussed_and_stays_open():
    b = Book()
    b.meeting("a1")
    b.rate("a1", "q", "red", "no plan")
    b.meeting("a2")
    b.rate("a2", "q", "amber", "plan drafted")
    [item] = b.open_items("a2")
    assert (item.rated_here, item.resolved_by, item.decision) == ("amber", None, None)
    assert item.open_after
    [left] = b.still_open("a2")  # carried on as this meeting's own, with today's notes
    assert left.origin == b.meetings["a2"] and left.origin_notes == "plan drafted"


def test_not_discussed_does_not_resolve_a_question():
    b = Book()
    b.meeting("a1")
    b.rate("a1", "q", "amber")
    b.meeting("a2")
    b.rate("a2", "q", None, "talked briefly")
    b.meeting("sp1")
    [item] = b.open_items("sp1")
    assert item.origin == b.meetings["a1"] and item.carried == 2


def test_a_meeting_that_was_never_held_does_not_count_as_carried():
    b = Book()
    b.meeting("a1")
    aid = b.act("a1", "Chase EP report")
    b.meeting("a2", held=False)  # opened by mistake: no date, nothing recorded
    b.meeting("sp1", held=False)
    b.rate("sp1", "q", None, "talked it through")  # recorded: it took place
    b.meeting("sp2", held=False)
    assert by_key(b.open_items("a2"))[f"action:{aid}"].carried == 1
    assert by_key(b.open_items("sp1"))[f"action:{aid}"].carried == 1
    assert by_key(b.open_items("sp2"))[f"action:{aid}"].carried == 2
    assert carry.held(b.meetings.values(), b.answers, b.actions.values(), b.reviews) == {
        b.meetings["a1"].id, b.meetings["sp1"].id}


def test_review_open_with_note_shows_as_last_update_later():
    b = Book()
    b.meeting("a1")
    aid = b.act("a1", "Chase EP report")
    b.rate("a1", "q", "amber")
    b.meeting("a2")
    b.review("a2", action=aid, decision="open", note="EP booked for March")
    b.review("a2", question="q", decision="open", note="waiting on data")
    b.meeting("sp1")
    b.meeting("sp2")
    b.review("sp1", action=aid, decision="open", note="")  # no note: keeps the last one
    in_a2 = by_key(b.open_items("a2"))
    assert in_a2[f"action:{aid}"].last_update == ""
    assert in_a2[f"action:{aid}"].decision.decision == "open"
    assert in_a2[f"action:{aid}"].open_after
    later = by_key(b.open_items("sp2"))
    assert later[f"action:{aid}"].last_update == "EP booked for March"
    assert later["question:q"].last_update == "waiting on data"
    assert later[f"action:{aid}"].carried == 3


def test_newest_review_note_wins():
    b = Book()
    b.meeting("a1")
    aid = b.act("a1", "Chase EP report")
    b.meeting("sp1")
    b.review("sp1", action=aid, decision="open", note="second")
    b.meeting("a2")
    b.review("a2", action=aid, decision="open", note="first")
    b.meeting("sp2")
    [item] = b.open_items("sp2")
    assert item.last_update == "second"


def test_review_done_closes_a_question():
    b = Book()
    b.meeting("a1")
    b.rate("a1", "q", "red")
    b.meeting("a2")
    b.review("a2", question="q", decision="done", note="sorted")
    b.meeting("sp1")
    [item] = b.open_items("a2")
    assert item.decision.decision == "done" and not item.open_after
    assert b.open_items("sp1") == []
    assert b.still_open("a2") == []


def test_action_done_in_this_meeting_shows_the_decision():
    b = Book()
    b.meeting("a1")
    aid = b.act("a1", "Write provision map")
    b.meeting("a2")
    b.meeting("sp1")
    b.review("a2", action=aid, decision="done", note="shared with staff")
    [item] = b.open_items("a2")
    assert item.decision.decision == "done" and item.decision.note == "shared with staff"
    assert not item.open_after and not item.overdue
    assert b.still_open("a2") == []
    assert b.open_items("sp1") == []  # closed earlier: not shown


def test_dropped_action_is_not_carried_further():
    b = Book()
    b.meeting("a1")
    aid = b.act("a1", "Old idea")
    b.meeting("a2")
    b.review("a2", action=aid, decision="dropped")
    b.meeting("sp1")
    assert b.open_items("a2")[0].decision.decision == "dropped"
    assert b.open_items("sp1") == []


def test_action_closed_in_a_later_meeting_still_shows_open_in_this_one():
    b = Book()
    b.meeting("a1")
    aid = b.act("a1", "Long job")
    b.meeting("a2")
    b.meeting("sp1")
    b.review("sp1", action=aid, decision="done")
    [item] = b.open_items("a2")
    assert item.decision is None and item.open_after
    assert [i.key for i in b.still_open("a2")] == [f"action:{aid}"]


def test_action_closed_here_without_a_review_still_reads_as_closed():
    b = Book()
    b.meeting("a1")
    a2 = b.meeting("a2")
    aid = b.act("a1", "Closed by another route")
    a = b.actions[aid]
    b.actions[aid] = Action(a.id, a.meeting_id, None, a.text, a.owner, None, "done", "",
                            "2027-01-01T10:00:00", a2.id)
    [item] = b.open_items("a2")
    assert item.decision.decision == "done" and not item.open_after


def test_overdue_and_sorted_first():
    b = Book()
    b.meeting("a1")
    b.rate("a1", "q", "amber")
    not_due = b.act("a1", "Later", due=date(2027, 6, 1))
    due_today = b.act("a1", "Today", due=TODAY)
    no_due = b.act("a1", "No date")
    b.meeting("a2")
    late = b.act("a2", "Late", due=date(2027, 2, 1))
    b.meeting("sp1")
    items = b.open_items("sp1")
    assert [i.key for i in items] == [
        f"action:{late}", f"action:{not_due}", f"action:{due_today}", f"action:{no_due}",
        "question:q",
    ]
    assert [i.overdue for i in items] == [True, False, False, False, False]


def test_action_ids_sort_as_numbers():
    b = Book()
    b.meeting("a1")
    b._next = 8
    ids = [b.act("a1", f"n{i}") for i in range(4)]  # 9, 10, 11, 12
    b.meeting("a2")
    assert b.keys("a2") == [f"action:{i}" for i in ids]


def test_stale_after_being_carried_enough_times():
    b = Book()
    names = ["a1", "a2", "sp1", "sp2", "su1"]
    for n in names:
        b.meeting(n)
    b.act("a1", "Never done")
    carried = {n: b.open_items(n)[0].carried for n in names[1:]}
    assert carried == {"a2": 1, "sp1": 2, "sp2": 3, "su1": 4}
    stale = {n: b.open_items(n)[0].stale for n in names[1:]}
    assert stale == {n: carried[n] >= STALE_AFTER for n in names[1:]}
    assert stale["sp2"] and not stale["sp1"]


def test_across_academic_years():
    b = Book()
    b.meeting("su2")
    aid = b.act("su2", "Summer job")
    b.meetings["a1-next"] = Meeting(b._id(), 1, "2027/28", "autumn-1", None, "")
    items = carry.open_items(b.meetings["a1-next"], list(b.meetings.values()), b.answers,
                             list(b.actions.values()), b.reviews, TODAY)
    assert [i.key for i in items] == [f"action:{aid}"]


def test_still_open_adds_this_meetings_own_items():
    b = Book()
    b.meeting("a1")
    carried_on = b.act("a1", "Carried on")
    finished = b.act("a1", "Finished")
    b.meeting("a2")
    b.review("a2", action=finished, decision="done")
    own = b.act("a2", "New in A2", due=date(2027, 1, 1), qid="q2")
    own_done = b.act("a2", "Done on the spot")
    b.review("a2", action=own_done, decision="done")
    b.rate("a2", "q2", "red", "no plan yet")
    b.rate("a2", "q3", "green")
    items = b.still_open("a2")
    assert [i.key for i in items] == [f"action:{own}", f"action:{carried_on}", "question:q2"]
    got = by_key(items)
    assert got[f"action:{own}"].carried == 0 and got[f"action:{own}"].overdue
    assert got[f"action:{own}"].origin == b.meetings["a2"]
    assert got["question:q2"].origin_notes == "no plan yet" and got["question:q2"].carried == 0
    assert got[f"action:{carried_on}"].carried == 1
    # and they are exactly what the next meeting receives
    b.meeting("sp1")
    assert {i.key for i in b.open_items("sp1")} == {i.key for i in items}


def test_other_sencos_records_are_ignored():
    b = Book(senco_id=1)
    b.meeting("a1")
    b.meeting("a2")
    other = Book(senco_id=2)
    other.meeting("a1")
    other.act("a1", "Not yours")
    other.rate("a1", "q", "red")
    items = carry.open_items(
        b.meetings["a2"],
        [*b.meetings.values(), *other.meetings.values()],
        other.answers, list(other.actions.values()), other.reviews, TODAY)
    assert items == []


def test_large_history_is_fast_enough():
    """~1800 answers and ~500 actions for one SENCo (figure reported, not asserted)."""
    b = Book()
    years = [f"{y}/{(y + 1) % 100:02d}" for y in range(2017, 2027)]
    last = None
    for y in years:
        for short in SHORT:
            name = f"{short}@{y[:4]}"
            m = Meeting(b._id(), 1, y, SHORT[short], None, "")
            b.meetings[name] = m
            for q in range(30):
                b.rate(name, f"q{q}", ("green", "amber", "red", "na")[(q + len(b.meetings)) % 4])
            for _ in range(8):
                aid = b.act(name, "do it", due=date(2020, 1, 1))
                if aid % 3 == 0:
                    b.review(name, action=aid, decision="done")
            last = name
    assert len(b.answers) == 1800 and len(b.actions) == 480
    start = time.perf_counter()
    items = b.open_items(last)
    elapsed = time.perf_counter() - start
    print(f"open_items over {len(b.answers)} answers, {len(b.actions)} actions: "
          f"{elapsed * 1000:.1f} ms")
    assert items and all(i.carried >= 1 for i in items)


def test_review_notes_from_before_a_question_was_raised_again_are_not_its_update():
    b = Book()
    b.meeting("a1")
    b.rate("a1", "q", "amber")
    b.meeting("a2")
    b.review("a2", question="q", decision="open", note="old episode")
    b.meeting("sp1")
    b.rate("sp1", "q", "red", "new concern")
    b.meeting("sp2")
    [item] = b.open_items("sp2")
    assert item.origin == b.meetings["sp1"] and item.last_update == ""


def test_own_action_closed_in_a_later_meeting_was_still_open_after_this_one():
    b = Book()
    b.meeting("a1")
    aid = b.act("a1", "Raised in A1")
    b.meeting("a2")
    b.review("a2", action=aid, decision="done")
    assert [i.key for i in b.still_open("a1")] == [f"action:{aid}"]
    assert b.still_open("a2") == []


def test_carry_forward_gives_both_lists():
    b = Book()
    b.meeting("a1")
    b.act("a1", "One")
    b.rate("a1", "q", "red")
    b.meeting("a2")
    b.act("a2", "Two")
    b.rate("a2", "q", "green")
    assert carry.carry_forward(*b._args("a2")) == (b.open_items("a2"), b.still_open("a2"))
