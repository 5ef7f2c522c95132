"""carry.tally_each (several meetings of a SENCo in one pass, for the year) counts exactly
what carry_forward gives for each meeting alone, on random histories (actions done, dropped,
overdue or open; questions carried, resolved, raised again, reviewed, renamed; meetings
only opened) and on the year seed."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from year_seed import TODAY, seed

from senco_tui import carry
from senco_tui.paths import resolve
from senco_tui.records import HALF_TERMS, Action, Answer, Meeting, Review
from senco_tui.store import Store

QUESTIONS = [f"q{n}" for n in range(8)]
STATUSES = ["green", "amber", "red", "na", None]


def history(seed_: int) -> tuple[list[Meeting], list[Answer], list[Action], list[Review]]:
    """Three years of a SENCo's meetings, some only opened, with random answers (some not
    carried, some worded anew), actions due at random and closed here, later or never,
    and reviews of carried items."""
    rng = random.Random(seed_)
    meetings, answers, actions, reviews = [], [], [], []
    next_id = 1
    for year in ("2024/25", "2025/26", "2026/27"):
        for half in HALF_TERMS:
            if rng.random() < 0.15:
                continue  # no meeting that half-term
            held_on = date(int(year[:4]), 9, 1) + timedelta(days=60 * HALF_TERMS.index(half))
            m = Meeting(next_id, 1, year, half, held_on if rng.random() < 0.8 else None, "")
            next_id += 1
            meetings.append(m)
            if rng.random() < 0.1:
                continue  # opened, nothing recorded
            for q in rng.sample(QUESTIONS, rng.randint(0, 6)):
                asked = f"{q}?" if rng.random() < 0.8 else f"{q}, as asked in {year}?"
                answers.append(Answer(m.id, q, "plan", asked, rng.choice(STATUSES),
                                      rng.choice(["", "notes"]), "t", 0, rng.random() < 0.9))
    for m in meetings:
        for _ in range(rng.randint(0, 3)):
            action_id = len(actions) + 1
            later = [x for x in meetings if x.order >= m.order]
            closer = rng.choice(later) if rng.random() < 0.6 else None
            status = rng.choice(["done", "dropped"]) if closer else "open"
            due = (m.held_on or TODAY) + timedelta(days=rng.randint(-30, 200))
            actions.append(Action(action_id, m.id, rng.choice([*QUESTIONS, None]), "do it", "",
                                  rng.choice([due, None]), status, "t",
                                  "t" if closer else None, closer.id if closer else None))
    for m in meetings:
        for q in rng.sample(QUESTIONS, rng.randint(0, 2)):
            reviews.append(Review(len(reviews) + 1, m.id, "question", None, q,
                                  rng.choice(["done", "open", "dropped"]),
                                  rng.choice(["", "update"]), "t"))
        for a in rng.sample(actions, min(len(actions), rng.randint(0, 2))):
            reviews.append(Review(len(reviews) + 1, m.id, "action", a.id, None,
                                  rng.choice(["done", "open", "dropped"]),
                                  rng.choice(["", "update"]), "t"))
    rng.shuffle(answers)
    return meetings, answers, actions, reviews


def as_of(m: Meeting) -> date:
    return m.held_on or TODAY


def counted(carried: list[carry.CarryItem], still: list[carry.CarryItem]) -> carry.Tally:
    """What a Tally must say of carry_forward's items, made from them one by one."""
    left = [i for i in still if i.kind == "action" and i.action is not None]
    return carry.Tally(
        questions_in=[i for i in carried if i.kind == "question"],
        questions_left=[i for i in still if i.kind == "question"],
        actions_in=[i.action.id for i in carried if i.kind == "action" and i.action is not None],
        actions_left={i.action.id: i.carried for i in left if i.action is not None},
        overdue_left=sum(1 for i in left if i.overdue))


def same(tally: carry.Tally, expected: carry.Tally) -> None:
    assert tally.questions_in == expected.questions_in
    assert tally.questions_left == expected.questions_left
    assert sorted(tally.actions_in) == sorted(expected.actions_in)
    assert tally.actions_left == expected.actions_left
    assert tally.overdue_left == expected.overdue_left


@pytest.mark.parametrize("policy", ["red", "amber-and-red", "none"])
@pytest.mark.parametrize("seed_", range(25))
def test_each_meeting_as_carry_forward_sees_it(seed_, policy):
    meetings, answers, actions, reviews = history(seed_)
    rng = random.Random(seed_)
    wanted = rng.sample(meetings, min(len(meetings), rng.randint(1, 8)))
    got = carry.tally_each(wanted, meetings, answers, actions, reviews, as_of, policy)
    assert set(got) == {m.id for m in wanted}
    for m in wanted:
        alone = carry.carry_forward(m, meetings, answers, actions, reviews, as_of(m), policy)
        same(got[m.id], counted(*alone))


def test_the_histories_hold_what_the_counts_must_tell_apart():
    """The random histories reach every state an item can be in, overdue actions too."""
    states: set[str] = set()
    overdue = 0
    for seed_ in range(25):
        meetings, answers, actions, reviews = history(seed_)
        for m in meetings:
            carried, still = carry.carry_forward(m, meetings, answers, actions, reviews,
                                                 as_of(m))
            states |= {f"{i.kind} {i.state}" for i in carried}
            overdue += sum(1 for i in still if i.kind == "action" and i.overdue)
    assert states >= {"action unreviewed", "action open", "action done", "action dropped",
                      "question unreviewed", "question open", "question done",
                      "question dropped", "question resolved"}
    assert overdue


def test_the_year_seed(tmp_path):
    paths = resolve(tmp_path / "data", tmp_path / "config")
    ids = seed(paths)
    with Store.open(paths.data_dir) as store:
        meetings = store.list_meetings(ids["jane"])
        records = (store.senco_answers(ids["jane"]), store.senco_actions(ids["jane"]),
                   store.senco_reviews(ids["jane"]))
    got = carry.tally_each(meetings, meetings, *records, lambda m: TODAY)
    for m in meetings:
        same(got[m.id], counted(*carry.carry_forward(m, meetings, *records, TODAY)))
    assert carry.tally_each([], meetings, *records, lambda m: TODAY) == {}
