"""A year's grid from only the actions and answers carry.actions_read and answers_read
name (what a report of every SENCo reads: every_sencos_records with the year) is the grid
from all of them, on random histories (meetings created out of academic order, some never
dated, some held by their answers or actions alone), in memory and through both stores."""

from __future__ import annotations

import random
from datetime import date

import pytest
from test_carry_each import history
from year_seed import TODAY

from senco_tui import carry, meeting, report, year
from senco_tui.checklist.model import HalfTerm, Question, Section
from senco_tui.records import HALF_TERMS, Action, Answer, Meeting, Review, Senco

YEARS = ("2024/25", "2025/26", "2026/27", "2027/28")  # the last has no meetings
NO_CHECKLIST = year.YearChecklist("Set", dict.fromkeys(HALF_TERMS), ())
# a set asking some of the histories' questions, others each half-term, and one half-term
# that could not be read: the rest are asked no more (shown as last recorded)
SOME_ASKED = year.YearChecklist("Set", {
    ht: None if i == 3 else HalfTerm(ht, (
        Section("plan", "Plan", tuple(Question(f"q{n}", f"Q{n} now?")
                                      for n in range(i, i + 4))),))
    for i, ht in enumerate(HALF_TERMS)}, ("spring-2: unreadable",))
CURRENT = ("2025/26", "spring-1")


def shuffled(seed_: int) -> tuple[list[Meeting], list[Answer], list[Action], list[Review]]:
    """history(seed_) with its meetings numbered in a random order, not the academic one (a
    meeting made late for an earlier half-term), and its answers in the store's order."""
    meetings, answers, actions, reviews = history(seed_)
    rng = random.Random(seed_)
    # some meetings with no date hold answers alone, or no reviews: only those answers,
    # or the actions agreed or closed there, say it was held
    undated = [m.id for m in meetings if m.held_on is None]
    bare = {m for m in undated if rng.random() < 0.5}
    unreviewed = {m for m in undated if rng.random() < 0.5}
    actions = [a._replace(status="open", closed_at=None, closed_meeting_id=None)
               if a.closed_meeting_id in bare else a
               for a in actions if a.meeting_id not in bare]
    kept = {a.id for a in actions}
    reviews = [r for r in reviews if r.meeting_id not in bare | unreviewed
               and (r.action_id is None or r.action_id in kept)]
    ids = [m.id for m in meetings]
    new = dict(zip(ids, rng.sample(ids, len(ids)), strict=True))
    meetings = [m._replace(id=new[m.id]) for m in meetings]
    answers = sorted(a._replace(meeting_id=new[a.meeting_id]) for a in answers)
    actions = [a._replace(meeting_id=new[a.meeting_id],
                          closed_meeting_id=new.get(a.closed_meeting_id))  # type: ignore[arg-type]
               for a in actions]
    reviews = [r._replace(meeting_id=new[r.meeting_id]) for r in reviews]
    return meetings, answers, actions, reviews


def read(meetings: list[Meeting], answers: list[Answer], actions: list[Action],
         reviews: list[Review], year_: str) -> tuple[list[Answer], list[Action]]:
    """The answers and actions answers_read and actions_read name, as the store gives them
    (answers_of, actions_of)."""
    at = carry.actions_read(meetings, reviews, (year_, 0))
    actions = [a for a in actions if a.status == "open" or a.meeting_id in at
               or a.closed_meeting_id in at]
    index = [(a.meeting_id, a.question_id, int(a.status is not None)) for a in answers]
    whole, keys = carry.answers_read(meetings, actions, reviews, index, (year_, 0))
    return [a for a in answers if a.meeting_id in whole
            or (a.meeting_id, a.question_id) in keys], actions


@pytest.mark.parametrize("checklist", [NO_CHECKLIST, SOME_ASKED], ids=["none", "some"])
@pytest.mark.parametrize("policy", ["red", "amber-and-red", "none"])
@pytest.mark.parametrize("seed_", range(30))
def test_a_years_grid_from_the_answers_read_is_the_grid_from_all(seed_, policy, checklist):
    meetings, answers, actions, reviews = shuffled(seed_)
    senco = Senco(1, "Jane", "Hill", "Set")
    fewer = [0, 0]
    for year_ in YEARS:
        some, acts = read(meetings, answers, actions, reviews, year_)
        fewer[0] += len(answers) - len(some)
        fewer[1] += len(actions) - len(acts)
        whole = year.build(senco, year_, checklist, meetings, answers, actions, reviews,
                           TODAY, CURRENT, policy)
        assert year.build(senco, year_, checklist, meetings, some, acts, reviews, TODAY,
                          CURRENT, policy) == whole
    assert all(fewer)  # earlier years' answers and actions are left out


def test_the_histories_leave_out_answers_that_seem_to_matter():
    """The histories reach what answers_read and actions_read must keep: a meeting only its
    answers make held, or only its actions; a question last answered in a meeting numbered
    before an earlier one's; a question whose latest rating before the year is older than
    its latest answer."""
    only_answers = only_actions = renumbered = older_rating = 0
    for seed_ in range(30):
        meetings, answers, actions, reviews = shuffled(seed_)
        by_answers = carry.held(meetings, answers, actions, reviews)
        only_answers += len(by_answers - carry.held(meetings, (), actions, reviews))
        only_actions += len(carry.held(meetings, (), actions, reviews)
                            - carry.held(meetings, answers, (), reviews))
        order = {m.id: m.order for m in meetings}
        last: dict[str, Answer] = {}
        for a in answers:
            last[a.question_id] = a
        renumbered += sum(1 for a in answers if order[a.meeting_id] > order[
            last[a.question_id].meeting_id])
        before = sorted((a for a in answers if order[a.meeting_id] < ("2026/27", 0)),
                        key=lambda a: order[a.meeting_id])
        latest = {a.question_id: a for a in before}
        rated = {a.question_id: a for a in before if a.status is not None}
        older_rating += sum(1 for q, a in rated.items() if latest[q] != a)
    assert only_answers and only_actions and renumbered and older_rating


@pytest.mark.parametrize("seed_", range(4))
def test_every_sencos_records_for_a_year_give_the_same_report(any_store, seed_):
    """Through a store (both backends): two SENCos' random histories, each year's report of
    every SENCo from the answers read for it is the report from all of them."""
    store = any_store
    rng = random.Random(seed_)
    for n in range(2):
        senco = store.add_senco(f"SENCo {seed_} {n}", "School", "no-such-set")
        meetings, answers, actions, reviews = history(seed_ * 2 + n)
        new: dict[int, int] = {}
        for m in rng.sample(meetings, len(meetings)):  # made out of academic order
            made = store.get_or_create_meeting(senco.id, m.year, m.half_term)
            store.set_meeting_details(made.id, held_on=m.held_on, attendees="")
            new[m.id] = made.id
        for a in answers:
            store.restore_answer(new[a.meeting_id], a.question_id,
                                 a._replace(meeting_id=new[a.meeting_id]))
        done: dict[int, int] = {}
        for x in actions:
            made_action = store.add_action(new[x.meeting_id], x.question_id, x.text, x.owner,
                                           x.due)
            done[x.id] = made_action.id
            closed = new.get(x.closed_meeting_id)  # type: ignore[arg-type]
            store.restore_action(made_action.id, made_action._replace(
                status=x.status, closed_at=made_action.created_at if closed else None,
                closed_meeting_id=closed))
        for r in reviews:
            store.review(new[r.meeting_id], kind=r.kind,
                         action_id=done[r.action_id] if r.action_id is not None else None,
                         question_id=r.question_id, decision=r.decision, note=r.note)
    sencos = store.list_sencos()
    none = meeting.Records([], [], [], [])
    every = meeting.every_sencos_records(store)
    for year_ in YEARS:
        some = meeting.every_sencos_records(store, year_)
        for kind in ("answers", "actions"):
            assert sum(len(getattr(r, kind)) for r in some.values()) < sum(
                len(getattr(r, kind)) for r in every.values()) or year_ == YEARS[0]

        def grids(found: dict[int, meeting.Records], year_: str = year_) -> list[year.YearGrid]:
            return [year.load(store, s, year_, NO_CHECKLIST, TODAY, CURRENT,
                              read=found.get(s.id, none)) for s in sencos]

        assert grids(some) == grids(every)
        for governors in (False, True):
            assert (report.all_markdown(grids(some), year_, date(2026, 11, 1),
                                        governors=governors)
                    == report.all_markdown(grids(every), year_, date(2026, 11, 1),
                                           governors=governors))
