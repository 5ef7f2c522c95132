"""A SENCo's academic year at a glance: every question of their set by the six half-terms.

Pure: records in, a `YearGrid` out (`build`); `load` reads the records from a store
first. The year screen, `senco-tui year`, the home screen's strip and the year report
all show this one grid. No rule is decided here: "discussed" is `QuestionView.discussed`,
"held" is `carry.held`, a carried item's state is `CarryItem.state`, what was carried in
and stays open is `carry.tally_each` (carry_forward's, counted); this module only gathers
them per half-term.
"""

# No `from __future__ import annotations` here: the NamedTuples' field types are then
# objects, not strings typing compiles one by one as every process starts (its first
# compile() alone costs a command ~1.5 ms)

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import NamedTuple

from senco_tui import carry
from senco_tui.carry import CarryItem, CarryState, Tally
from senco_tui.checklist import SECTIONS, HalfTerm
from senco_tui.meeting import (
    MeetingChecklist,
    QuestionView,
    Records,
    checklists_for,
    count_progress,
    overdue_as_of,
    question_views,
    records,
)
from senco_tui.records import (
    DEFAULT_CARRY_POLICY,
    HALF_TERM_TITLES,
    HALF_TERMS,
    STATUS_LETTERS,
    STATUS_WORDS,
    Action,
    Answer,
    CarryPolicy,
    Meeting,
    Review,
    Senco,
    Status,
)
from senco_tui.store.base import MeetingStore

SUPPORT = "support"  # the section on how the school supports the SENCo

CARRIED = "→"  # the cell's question was carried into that meeting
NOTES_ONLY = "✎"  # discussed (notes or an action) without a status
DECIDED_MARKS: dict[CarryState, str] = {"done": "✓", "resolved": "✓", "dropped": "✗"}


class Cell(NamedTuple):
    """One question in one half-term."""

    asked: bool  # that half-term's checklist asks it, or something was recorded on it there
    status: Status | None = None
    discussed: bool = False  # QuestionView.discussed
    notes: str = ""
    carried: CarryItem | None = None  # carried into that meeting (open from earlier)
    open_after: bool = False  # still open once that meeting was over (carries on)
    in_checklist: bool = False  # counted in that meeting's total (QuestionView.in_checklist)

    @property
    def mark(self) -> str:
        """The cell as text, readable without colour: `→` carried in, then the status
        letter, ✎ discussed without a status, ✓/✗ a carried item closed, · asked but not
        discussed; "" where it was neither asked nor carried."""
        if self.status is not None:
            main = STATUS_LETTERS[self.status]
        elif self.carried is not None and self.carried.state in DECIDED_MARKS:
            main = DECIDED_MARKS[self.carried.state]
        elif self.discussed:
            main = NOTES_ONLY
        elif self.asked and self.carried is None:
            main = STATUS_LETTERS[None]
        else:
            main = ""
        return (CARRIED if self.carried is not None else "") + main

    @property
    def tone(self) -> str:
        """What colour the mark stands for: a status, "done", "dropped", or "" (none)."""
        if self.status is not None:
            return self.status
        if self.carried is not None:
            state = self.carried.state
            if state in ("done", "resolved"):
                return "green"
            if state == "dropped":
                return "na"
            return self.carried.origin_status or ""  # still open: the concern it carries
        return ""

    @property
    def words(self) -> str:
        """The cell in words, for a report or a screen reader."""
        parts = []
        if self.carried is not None:
            state = self.carried.state
            parts.append({"unreviewed": "carried in, not reviewed", "open": "carried in, kept open",
                          "done": "carried in, done", "dropped": "carried in, dropped",
                          "resolved": "carried in, resolved"}[state])
        if self.status is not None:
            parts.append(STATUS_WORDS[self.status])
        elif self.discussed:
            parts.append("discussed, no status")
        elif self.asked and self.carried is None:
            parts.append("not discussed")
        return "; ".join(parts)


NOT_ASKED = Cell(asked=False)


class Row(NamedTuple):
    question_id: str
    text: str  # as the checklist asks it now, or as it was last asked
    section: str
    cells: tuple[Cell, ...]  # one per half-term, in HALF_TERMS order
    in_checklist: bool = True  # False: recorded this year, gone from the set since

    @property
    def latest(self) -> Status | None:
        """Where the question stood after the year's last meeting that touched it: its latest
        rating, or, while it is carried and still open, the rating it carries."""
        for cell in reversed(self.cells):
            if cell.status is not None:
                return cell.status
            if cell.carried is not None:
                return cell.carried.origin_status if cell.carried.open_after else None
        return None


class SectionRows(NamedTuple):
    slug: str
    title: str
    rows: tuple[Row, ...]


class Column(NamedTuple):
    """One half-term of the year: its meeting, and the thread of actions through it."""

    half_term: str
    meeting: Meeting | None  # None: no meeting opened for it
    held: bool = False  # carry.held
    discussed: int = 0
    asked: int | None = None  # questions in its checklist (None: the checklist cannot tell)
    opened: int = 0  # actions agreed in it
    closed: int = 0  # actions marked done or dropped in it
    carried_in: int = 0  # items carried into it
    open_actions: int = 0  # actions still open once it was over
    overdue: int = 0  # of those, past their due date (as of its date, or today)
    open_items: int = 0  # everything that carried on from it: actions and questions
    reds: int = 0  # questions rated Red in it
    ambers: int = 0

    @property
    def title(self) -> str:
        return HALF_TERM_TITLES[self.half_term]


class Persistent(NamedTuple):
    """A question left Amber or Red (open) for two half-terms running, or more."""

    question_id: str
    text: str
    section: str
    half_terms: tuple[str, ...]  # the half-terms of this year it stayed open through
    statuses: tuple[Status | None, ...]  # its status in each of those (None: carried only)
    actions: tuple[Action, ...]  # actions on it agreed this year, or still open from before
    worst: Status  # "red" if it was ever Red in those half-terms, else "amber"
    since: Meeting | None = None  # where it was rated Amber or Red, when before this year
    since_status: Status | None = None


class Ledger(NamedTuple):
    opened: int
    closed: int
    open_at_end: int  # open once the year's last meeting was over
    overdue_at_end: int
    carried: int  # actions carried into a meeting of the year, counted once each
    oldest_open: tuple[tuple[Action, Meeting, int], ...]  # (action, where agreed, times carried)


class YearGrid(NamedTuple):
    senco: Senco
    year: str
    checklist_title: str
    columns: tuple[Column, ...]  # the six half-terms
    sections: tuple[SectionRows, ...]
    persistent: tuple[Persistent, ...]
    ledger: Ledger
    problems: tuple[str, ...] = ()  # half-term files that could not be read (one line each)

    @property
    def rows(self) -> list[Row]:
        return [row for section in self.sections for row in section.rows]

    @property
    def meetings(self) -> list[Meeting]:
        return [c.meeting for c in self.columns if c.meeting is not None]

    @property
    def held(self) -> int:
        return sum(1 for c in self.columns if c.held)

    def without(self, *sections: str) -> "YearGrid":
        """The grid without these sections' rows (e.g. wellbeing, for governors), the
        half-terms' question counts without them too (action counts stay: they hold no
        text)."""
        gone = [row for s in self.sections if s.slug in sections for row in s.rows]
        columns = []
        for i, c in enumerate(self.columns):
            cells = [row.cells[i] for row in gone]
            columns.append(c._replace(
                discussed=c.discussed - sum(x.discussed for x in cells),
                asked=None if c.asked is None else c.asked - sum(x.in_checklist for x in cells),
                carried_in=c.carried_in - sum(x.carried is not None for x in cells),
                open_items=c.open_items - sum(x.open_after for x in cells),
                reds=c.reds - sum(x.status == "red" for x in cells),
                ambers=c.ambers - sum(x.status == "amber" for x in cells)))
        return self._replace(
            columns=tuple(columns),
            sections=tuple(s for s in self.sections if s.slug not in sections),
            persistent=tuple(p for p in self.persistent if p.section not in sections))


# ---------------------------------------------------------------- the checklists


class YearChecklist(NamedTuple):
    title: str
    half_terms: dict[str, HalfTerm | None]  # None: that file could not be read
    problems: tuple[str, ...]


def year_checklist(set_name: str, user_checklists: Path) -> YearChecklist:
    """The six half-terms of a set, each read alone by the meetings' own policy
    (`checklists_for`): one broken file never hides the rest of the year."""
    found: dict[str, MeetingChecklist] = checklists_for(set_name, HALF_TERMS, user_checklists)
    title = next((c.title for c in found.values() if c.half_term is not None), set_name)
    problems = tuple(f"{ht}: {c.problem.splitlines()[0]}" for ht, c in found.items()
                     if c.half_term is None and c.problem)
    return YearChecklist(title, {ht: c.half_term for ht, c in found.items()}, problems)


# ---------------------------------------------------------------- building the grid


def load(store: MeetingStore, senco: Senco, year: str, checklist: YearChecklist,
         today: date, current: tuple[str, str] | None = None,
         policy: CarryPolicy = DEFAULT_CARRY_POLICY, read: Records | None = None) -> YearGrid:
    """The grid for one SENCo and year, read from `store` (or from `read`, their records
    read already)."""
    found = records(store, senco) if read is None else read
    return build(senco, year, checklist, *found, today, current, policy)


def build(senco: Senco, year: str, checklist: YearChecklist, meetings: Iterable[Meeting],
          answers: Iterable[Answer], actions: Iterable[Action], reviews: Iterable[Review],
          today: date, current: tuple[str, str] | None = None,
          policy: CarryPolicy = DEFAULT_CARRY_POLICY) -> YearGrid:
    """One SENCo's year. Pass all their records (earlier years decide what was carried in,
    later ones what was closed when), or of their actions and answers those
    carry.actions_read and answers_read name from the year's start (every_sencos_records
    with the year); `current` is the (year, half-term) today falls in, for measuring
    OVERDUE as the meetings do; `policy` the SENCo's carry policy
    (meeting.carry_policy_for)."""
    ordered = sorted((m for m in meetings if m.senco_id == senco.id), key=lambda m: m.order)
    answer_list, action_list, review_list = list(answers), list(actions), list(reviews)
    held_ids = carry.held(ordered, answer_list, action_list, review_list)
    in_year = {m.half_term: m for m in ordered if m.year == year}

    held_order = [m for m in ordered if m.id in held_ids]
    tallies = carry.tally_each(in_year.values(), ordered, answer_list, action_list,
                               review_list, lambda m: overdue_as_of(m, today, current), policy,
                               held_ids)
    # the year's actions by the meeting that agreed them, and by the one that closed them
    agreed: dict[int, list[Action]] = {m.id: [] for m in in_year.values()}
    closed_in: dict[int, int] = dict.fromkeys(agreed, 0)
    for a in action_list:
        if a.meeting_id in agreed:
            agreed[a.meeting_id].append(a)
        if a.closed_meeting_id in closed_in and a.status in ("done", "dropped"):
            closed_in[a.closed_meeting_id] += 1
    # the year's answers by meeting, and question (each meeting's views look theirs up)
    answered: dict[int, dict[str, Answer]] = {m.id: {} for m in in_year.values()}
    for answer in answer_list:
        if answer.meeting_id in answered:
            answered[answer.meeting_id][answer.question_id] = answer
    # each meeting's questions carried in, and left open, by question (looked up often)
    questions: dict[int, _Questions] = {
        m_id: ({i.question_id: i for i in t.questions_in},
               {i.question_id: i for i in t.questions_left})
        for m_id, t in tallies.items()}

    views: dict[str, tuple[QuestionView, ...]] = {}
    columns = []
    for ht in HALF_TERMS:
        found = in_year.get(ht)
        if found is None:
            columns.append(Column(ht, None))
            continue
        m = found
        here = tuple(agreed[m.id])
        half = checklist.half_terms.get(ht)
        views[ht] = question_views(half, m, answer_list, here, answered=answered[m.id])
        progress = count_progress(views[ht], half is not None, (), here)
        t = tallies[m.id]
        rated = [v.status for v in views[ht]]
        columns.append(Column(
            ht, m, held=m.id in held_ids, discussed=progress.discussed, asked=progress.total,
            opened=len(here), closed=closed_in[m.id],
            carried_in=len(t.actions_in) + len(t.questions_in),
            open_actions=len(t.actions_left),
            overdue=t.overdue_left,
            open_items=len(t.actions_left) + len(t.questions_left),
            reds=rated.count("red"), ambers=rated.count("amber")))

    sections = _rows(checklist, views, questions, in_year)
    persistent = _persistent(year, held_order, questions, in_year, sections, action_list)
    ledger = _ledger(ordered, in_year, tallies, action_list)
    return YearGrid(senco, year, checklist.title, tuple(columns), sections, persistent,
                    ledger, checklist.problems)


# a meeting's question items carried in, and left open, by question id
_Questions = tuple[dict[str | None, CarryItem], dict[str | None, CarryItem]]


def _rows(checklist: YearChecklist, views: Mapping[str, tuple[QuestionView, ...]],
          questions: Mapping[int, _Questions],
          in_year: Mapping[str, Meeting]) -> tuple[SectionRows, ...]:
    """Every question of the set, and every one recorded this year, grouped by section:
    known sections in their usual order, then the set's own in the order it first uses them.
    Within a section, questions in the order the year first asks them."""
    titles: dict[str, str] = {}
    order: dict[str, dict[str, tuple[str, bool]]] = {}  # section -> question id -> (text, kept)

    def add(slug: str, title: str, qid: str, text: str, in_checklist: bool) -> None:
        titles.setdefault(slug, title)
        questions = order.setdefault(slug, {})
        if qid not in questions or (in_checklist and not questions[qid][1]):
            questions[qid] = (text, in_checklist)

    for ht in HALF_TERMS:
        half = checklist.half_terms.get(ht)
        for section in half.sections if half is not None else ():
            if not section.questions:
                continue
            # add(section.slug, section.title, q.id, q.ask, True) for each, section looked up
            # once: the same checklist comes back for every SENCo of a report
            titles.setdefault(section.slug, section.title)
            in_section = order.setdefault(section.slug, {})
            for q in section.questions:
                if q.id not in in_section or not in_section[q.id][1]:
                    in_section[q.id] = (q.ask, True)
        for view in views.get(ht, ()):
            add(view.section.slug, view.section.title, view.question.id, view.asked,
                view.in_checklist)
    # carried questions the year never asks (raised in an earlier year, from another set)
    for m in in_year.values():
        for item in questions[m.id][0].values():
            if item.question_id is not None:
                add(item.section or "other", SECTIONS.get(item.section, item.section or "Other"),
                    item.question_id, item.text, False)
    # a question asked under two sections this year is shown once, where it was first asked
    seen: set[str] = set()
    for slug in list(order):
        for qid in list(order[slug]):
            if qid in seen:
                del order[slug][qid]
            seen.add(qid)

    known = [s for s in SECTIONS if s in order]
    slugs = known + [s for s in order if s not in SECTIONS]
    # a half-term with no meeting yet: the questions its checklist will ask
    to_come = {ht: {q.id for _, q in half.questions()} for ht in HALF_TERMS
               if ht not in in_year and (half := checklist.half_terms.get(ht)) is not None}
    # each half-term's views and carried items by question, for one lookup a cell
    asked = {ht: {v.question.id: v for v in views[ht]} for ht in views}
    carried_in = {ht: questions[m.id][0] for ht, m in in_year.items()}
    left_open = {ht: questions[m.id][1] for ht, m in in_year.items()}
    result = []
    for slug in slugs:
        rows = []
        for qid, (text, kept) in order[slug].items():
            cells = tuple(_cell(asked[ht].get(qid), carried_in[ht].get(qid),
                                qid in left_open[ht])
                          if ht in in_year else Cell(asked=qid in to_come.get(ht, ()))
                          for ht in HALF_TERMS)
            rows.append(Row(qid, text, slug, cells, kept))
        if rows:
            result.append(SectionRows(slug, titles[slug], tuple(rows)))
    return tuple(result)


def _cell(view: QuestionView | None, carried: CarryItem | None, open_after: bool) -> Cell:
    # positional, in Cell's order: a report of every SENCo makes thousands
    if view is None:
        return NOT_ASKED if carried is None else Cell(False, None, False, "", carried,
                                                      open_after, False)
    return Cell(True, view.status, view.discussed, view.notes, carried, open_after,
                view.in_checklist)


def _persistent(year: str, held_order: list[Meeting], questions: Mapping[int, _Questions],
                in_year: Mapping[str, Meeting], sections: tuple[SectionRows, ...],
                actions: list[Action]) -> tuple[Persistent, ...]:
    """Questions still open (Amber or Red, not resolved) after two held meetings running,
    at least one of them this year."""
    open_after = {m.id: questions[m.id][1].keys() for m in held_order if m.id in questions}
    # before the year's first held meeting: what was carried into it was open after it
    start = next((i for i, m in enumerate(held_order) if m.year == year), None)
    if start:
        open_after[held_order[start - 1].id] = questions[held_order[start].id][0].keys()
    runs: dict[str, list[Meeting]] = {}
    for before, m in zip(held_order, held_order[1:], strict=False):
        if m.year != year or before.id not in open_after or m.id not in open_after:
            continue
        for qid in open_after[before.id] & open_after[m.id]:
            if qid is None:
                continue
            run = runs.setdefault(qid, [])
            for x in (before, m):
                if x.year == year and x not in run:
                    run.append(x)
    rows = {row.question_id: row for s in sections for row in s.rows}
    year_ids = {m.id for m in in_year.values()}
    on_question: dict[str, list[Action]] = {}
    for a in actions:
        if a.question_id is not None and (a.meeting_id in year_ids or a.status == "open"):
            on_question.setdefault(a.question_id, []).append(a)
    left = {m_id: found[1] for m_id, found in questions.items()}
    result = []
    for qid, run in runs.items():
        row = rows.get(qid)
        if row is None:
            continue
        statuses = tuple(row.cells[HALF_TERMS.index(m.half_term)].status for m in run)
        on_it = tuple(on_question.get(qid, ()))
        # the status that made it open: Red if it was Red at any point in the run
        origins = [left[m.id][qid].origin_status for m in run if qid in left[m.id]]
        worst: Status = "red" if "red" in (*statuses, *origins) else "amber"
        first = left[run[0].id].get(qid)
        since = first.origin if first is not None and first.origin.year != year else None
        result.append(Persistent(qid, row.text, row.section,
                                 tuple(m.half_term for m in run), statuses, on_it, worst,
                                 since, first.origin_status if since and first else None))
    order = {row.question_id: i for i, row in enumerate(r for s in sections for r in s.rows)}
    result.sort(key=lambda p: (p.worst != "red", -len(p.half_terms), order[p.question_id]))
    return tuple(result)


OLDEST = 5  # oldest open actions the ledger names


def _ledger(ordered: list[Meeting], in_year: Mapping[str, Meeting],
            tallies: Mapping[int, Tally], actions: list[Action]) -> Ledger:
    ids = {m.id for m in in_year.values()}
    carried_actions = {a_id for m in in_year.values() for a_id in tallies[m.id].actions_in}
    last = max(in_year.values(), key=lambda m: m.order, default=None)
    left = tallies[last.id] if last is not None else None
    still = left.actions_left if left is not None else {}
    by_id = {m.id: m for m in ordered}
    open_actions = [a for a in actions if a.id in still]
    oldest = sorted(open_actions, key=lambda a: (by_id[a.meeting_id].order, a.id))
    return Ledger(
        opened=sum(1 for a in actions if a.meeting_id in ids),
        closed=sum(1 for a in actions if a.closed_meeting_id in ids
                   and a.status in ("done", "dropped")),
        open_at_end=len(still),
        overdue_at_end=left.overdue_left if left is not None else 0,
        carried=len(carried_actions),
        oldest_open=tuple((a, by_id[a.meeting_id], still[a.id]) for a in oldest[:OLDEST]),
    )


def years_with_meetings(meetings: Iterable[Meeting]) -> list[str]:
    """The academic years a SENCo has meetings in, oldest first."""
    return sorted({m.year for m in meetings})
