"""The meeting session: one meeting's every rule and every write.

The app, the CLI and the export go through here (or through the pure functions it
uses): nothing above decides what "discussed", "held", "recorded" or a carried item's
state means, which checklist a meeting uses, or what may be changed. No Textual, no
SQL: the store writes, `records` and `carry` define the rules over plain records.

One error policy for writes: every store error becomes a `SaveFailed` with a one-line
message, raised before anything is forgotten. Notes a save refused are kept in
`MeetingSession.unsaved` and saved with the next save that works.

Two people with the same meeting open (the shared store): every save says which
version of the notes or the action it started from. Notes someone else saved
meanwhile are never overwritten: both texts are saved, theirs below, and
`MeetingSession.merged` says so until the screen has shown it. An action changed
meanwhile is not overwritten either: the save fails saying what it now is.
"""

# No `from __future__ import annotations` here: the NamedTuples' field types are then
# objects, not strings typing compiles one by one as every process starts (its first
# compile() alone costs a command ~1.5 ms)

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple, TypeVar

from senco_tui import carry
from senco_tui.calendar import half_term_dates, short_date
from senco_tui.carry import CarryItem
from senco_tui.checklist import SECTIONS, HalfTerm, Question, Section
from senco_tui.errors import UserError
from senco_tui.records import (
    DEFAULT_CARRY_POLICY,
    STATUS_WORDS,
    Action,
    Answer,
    CarryPolicy,
    Decision,
    Meeting,
    MeetingSummary,
    Review,
    Senco,
    Status,
)
from senco_tui.store.base import MeetingStore, SaveConflict
from senco_tui.store.fields import one_line
from senco_tui.undo import Change, Journal, Row, Snapshot, Table, same

T = TypeVar("T")


class QuestionView(NamedTuple):
    section: Section
    question: Question
    answer: Answer | None
    actions: tuple[Action, ...] = ()  # agreed on this question in this meeting
    in_checklist: bool = True  # False: gone from the YAML, kept for what was recorded
    # (True when there is no checklist to tell)

    @property
    def discussed(self) -> bool:
        """Rated, some notes, or an action agreed on it: the one definition, everywhere."""
        return bool(self.actions) or (self.answer is not None and self.answer.discussed)

    @property
    def status(self) -> Status | None:
        return self.answer.status if self.answer is not None else None

    @property
    def notes(self) -> str:
        return self.answer.notes if self.answer is not None else ""

    @property
    def asked(self) -> str:
        """The question as this meeting asked it (the wording is kept from the first record)."""
        return self.answer.question_text if self.answer is not None else self.question.ask

    @property
    def core(self) -> bool:
        """One of the questions that matter most this half-term (and still asked)."""
        return self.question.core and self.in_checklist


class Progress(NamedTuple):
    """How far a meeting has got: the title line in the app, the counts elsewhere."""

    discussed: int
    total: int | None  # questions in the checklist; None when there is none to tell
    carried_reviewed: int
    carried: int
    agreed: int  # actions agreed in this meeting, whatever became of them
    open_actions: int  # of those, the ones still open
    core_discussed: int = 0
    core: int = 0  # questions marked core in the checklist (0: none are)

    def line(self, short: int = 0) -> str:
        """ "2/15 discussed · 1 of 3 carried reviewed · 7 actions agreed"; `short` 1 or 2
        abbreviates it for a narrow screen ("2/15 discussed · 1/3 carried · 7 agreed",
        "2/15 · 1/3 carried · 7 agreed"). With core questions, those come first:
        "3/8 core · 5/18 discussed · ..." """
        discussed = (f"{self.discussed}/{self.total}" if self.total is not None
                     else str(self.discussed))
        parts = [discussed if short > 1 else f"{discussed} discussed"]
        if self.core:
            parts.insert(0, f"{self.core_discussed}/{self.core} core")
        if self.carried:
            parts.append(f"{self.carried_reviewed}/{self.carried} carried" if short
                         else f"{self.carried_reviewed} of {self.carried} carried reviewed")
        agreed = "1 action" if self.agreed == 1 else f"{self.agreed} actions"
        parts.append(f"{self.agreed} agreed" if short else f"{agreed} agreed")
        return " · ".join(parts)


def count_progress(questions: tuple[QuestionView, ...], has_checklist: bool,
                   carried: tuple[CarryItem, ...], actions: tuple[Action, ...]) -> Progress:
    # a question gone from the checklist counts when discussed, not in the total
    return Progress(
        discussed=sum(1 for v in questions if v.discussed),
        total=sum(1 for v in questions if v.in_checklist) if has_checklist else None,
        carried_reviewed=sum(1 for item in carried if item.reviewed),
        carried=len(carried),
        agreed=len(actions),
        open_actions=sum(1 for a in actions if a.status == "open"),
        core_discussed=sum(1 for v in questions if v.core and v.discussed),
        core=sum(1 for v in questions if v.core),
    )


class MeetingNotes(NamedTuple):
    senco: Senco
    meeting: Meeting
    checklist_title: str
    questions: tuple[QuestionView, ...]  # checklist order
    carried: tuple[CarryItem, ...]  # carried into this meeting, with what was decided
    actions: tuple[Action, ...]  # every action agreed in this meeting
    still_open: tuple[CarryItem, ...]  # what will carry into the next meeting
    today: date
    glossary: Mapping[str, str] = MappingProxyType({})  # read-only: the default is shared
    has_checklist: bool = True  # False: questions as recorded (the checklist is broken)
    as_of: date | None = None  # the day OVERDUE is measured from (None: today)
    policy: CarryPolicy = DEFAULT_CARRY_POLICY  # which questions were carried forward

    @property
    def overdue_from(self) -> date:
        return self.as_of or self.today

    def section_title(self, slug: str) -> str:
        """A section's title as this meeting shows it ("" for actions on no question)."""
        if not slug:
            return ""
        found = next((v.section.title for v in self.questions if v.section.slug == slug), None)
        return found or SECTIONS.get(slug, slug)

    @property
    def progress(self) -> Progress:
        return count_progress(self.questions, self.has_checklist, self.carried, self.actions)

    def view(self, question_id: str) -> QuestionView | None:
        return next((v for v in self.questions if v.question.id == question_id), None)

    def item(self, key: str) -> CarryItem | None:
        return next((i for i in self.carried if i.key == key), None)


def carry_policy_for(senco: Senco, default: CarryPolicy) -> CarryPolicy:
    """Which questions a SENCo's meetings carry forward: their own choice, else the one in
    settings.toml (open actions are always carried)."""
    return senco.carry_policy or default


def overdue_as_of(meeting: Meeting, today: date, current: tuple[str, str] | None) -> date:
    """OVERDUE is measured from today in this half-term's meeting, and from the day it was
    held in a past one (today while it has no date)."""
    if current is not None and (meeting.year, meeting.half_term) == current:
        return today
    return meeting.held_on or today


class Records(NamedTuple):
    """One SENCo's meetings, answers, actions and reviews, each in the store's order (as
    year.build and SencoRecords take them)."""

    meetings: list[Meeting]
    answers: list[Answer]
    actions: list[Action]
    reviews: list[Review]


def records(store: MeetingStore, senco: Senco) -> Records:
    return Records(store.list_meetings(senco.id), store.senco_answers(senco.id),
                   store.senco_actions(senco.id), store.senco_reviews(senco.id))


def every_sencos_records(store: MeetingStore, year: str | None = None) -> dict[int, Records]:
    """Every SENCo's records (by SENCo id) in four reads (five with `year`), not four a
    SENCo: a report of them all reads a fifth less this way. Each list in the order
    `records` gives it.
    With `year`, of the actions and answers only those a year's grid (year.build) of it
    rests on (carry.actions_read, carry.answers_read; the other answers are read by name
    alone): a long history's are mostly earlier years' that change nothing in it."""
    found: dict[int, Records] = {}
    owner: dict[int, Records] = {}  # each meeting's SENCo's records, by meeting id
    for m in sorted(store.all_meetings(), key=lambda m: m.order):
        if m.senco_id not in found:
            found[m.senco_id] = Records([], [], [], [])
        owner[m.id] = found[m.senco_id]
        owner[m.id].meetings.append(m)
    # each meeting's lists to add to, looked up once a row (there are tens of thousands)
    add_review = {m_id: records.reviews.append for m_id, records in owner.items()}
    for review in store.all_reviews():
        add_review[review.meeting_id](review)
    add_action = {m_id: records.actions.append for m_id, records in owner.items()}
    for action in store.all_actions() if year is None else _actions_for(store, found, year):
        add_action[action.meeting_id](action)
    add_answer = {m_id: records.answers.append for m_id, records in owner.items()}
    for answer in store.all_answers() if year is None else _answers_for(store, found, year):
        add_answer[answer.meeting_id](answer)
    return found


def _actions_for(store: MeetingStore, found: Mapping[int, Records], year: str) -> list[Action]:
    """The actions of every SENCo (`found`: their meetings and reviews) that a grid of
    `year` rests on."""
    return store.actions_of({m_id for records in found.values() for m_id in
                             carry.actions_read(records.meetings, records.reviews, (year, 0))})


def _answers_for(store: MeetingStore, found: Mapping[int, Records], year: str) -> list[Answer]:
    """The answers of every SENCo (`found`: their records but the answers, the actions
    as read for `year`) that a grid of `year` rests on."""
    index: dict[int, list[tuple[int, str, int]]] = {senco_id: [] for senco_id in found}
    add = {m.id: index[senco_id].append for senco_id, records in found.items()
           for m in records.meetings}
    for row in store.answer_index():
        add[row[0]](row)
    whole: set[int] = set()
    keys: set[carry.AnswerKey] = set()
    for senco_id, records in found.items():
        got = carry.answers_read(records.meetings, records.actions, records.reviews,
                                 index[senco_id], (year, 0))
        whole |= got[0]
        keys |= got[1]
    return store.answers_of(whole, keys)


class SencoRecords:
    """A SENCo's records as a meeting reads them (every meeting's: what was carried
    depends on them all), kept by an open meeting so that a change reads back only the
    rows it touched instead of the SENCo's whole history. Lists come in the store's
    order, so what is worked out from them is what a fresh read would give."""

    def __init__(self, senco: Senco, meetings: list[Meeting], answers: list[Answer],
                 actions: list[Action], reviews: list[Review]) -> None:
        self.senco = senco
        self._meetings = {m.id: m for m in meetings}
        self._answers = {(a.meeting_id, a.question_id): a for a in answers}
        self._actions = {a.id: a for a in actions}
        self._reviews = {(r.meeting_id, r.item_key): r for r in reviews}
        self._lists: Records | None = None
        self._added = False  # a row not read before: the tables are out of the store's order

    @classmethod
    def read(cls, store: MeetingStore, senco_id: int) -> "SencoRecords":
        senco = store.get_senco(senco_id)
        return cls(senco, *records(store, senco))

    def lists(self) -> Records:
        """Meetings, answers, actions and reviews, each as the store lists them."""
        if self._added:  # (a row replaced keeps its place: only a new one needs a sort)
            self._answers = dict(sorted(self._answers.items()))
            self._actions = dict(sorted(self._actions.items()))
            self._reviews = dict(sorted(self._reviews.items(), key=lambda kv: kv[1].id))
            self._added = False
        if self._lists is None:
            self._lists = Records(list(self._meetings.values()), list(self._answers.values()),
                                  list(self._actions.values()), list(self._reviews.values()))
        return self._lists

    def meeting(self, meeting_id: int) -> Meeting:
        return self._meetings[meeting_id]

    def put(self, meeting_id: int, rows: Iterable[Snapshot]) -> None:
        """Rows a change in meeting `meeting_id` touched, as the store now has them (None:
        gone): its answers and reviews (keyed by question and item), actions and meetings
        (by id)."""
        for s in rows:
            table: dict[object, Row] = {"meeting": self._meetings, "answer": self._answers,
                                        "action": self._actions,
                                        "review": self._reviews}[s.table]  # type: ignore[assignment]
            key: object = (int(s.key) if s.table in ("meeting", "action")
                           else (meeting_id, s.key))
            if s.row is None:
                table.pop(key, None)
            else:
                self._added = self._added or key not in table
                table[key] = s.row
        self._lists = None


def load_notes(store: MeetingStore, meeting_id: int, half_term: HalfTerm | None,
               glossary: Mapping[str, str], today: date, *,
               checklist_title: str | None = None,
               current: tuple[str, str] | None = None,
               policy: CarryPolicy = DEFAULT_CARRY_POLICY) -> MeetingNotes:
    """Everything about one meeting: its questions, what was carried in and what stays open.

    `half_term` is the checklist for the meeting's half-term (None if the set has none);
    `checklist_title` defaults to the SENCo's checklist set name; `current` is the
    (year, half-term) today falls in, for measuring OVERDUE (see overdue_as_of);
    `policy` which questions carry forward (see carry_policy_for), unless the meeting
    has its own already (fixed when something was first recorded in it).
    """
    meeting = store.get_meeting(meeting_id)
    return notes_from(SencoRecords.read(store, meeting.senco_id), meeting, half_term, glossary,
                      today, checklist_title=checklist_title, current=current, policy=policy)


def notes_from(records: SencoRecords, meeting: Meeting, half_term: HalfTerm | None,
               glossary: Mapping[str, str], today: date, *,
               checklist_title: str | None = None,
               current: tuple[str, str] | None = None,
               policy: CarryPolicy = DEFAULT_CARRY_POLICY,
               listed: Mapping[str, int] | None = None) -> MeetingNotes:
    """load_notes, from records already read (see there). `listed`: where carried items
    were first listed, by key, to keep them there (any others follow, in the usual
    order)."""
    senco = records.senco
    meetings, answers, actions, reviews = records.lists()
    here = tuple(a for a in actions if a.meeting_id == meeting.id)
    as_of = overdue_as_of(meeting, today, current)
    carried, still_open = carry.carry_forward(meeting, meetings, answers, actions, reviews, as_of,
                                              policy)
    questions = question_views(half_term, meeting, answers, here)
    if listed:
        first = sorted((item for item in carried if item.key in listed),
                       key=lambda item: listed[item.key])
        ordered = (*first, *carried_order([item for item in carried if item.key not in listed],
                                          questions))
    else:
        ordered = carried_order(carried, questions)
    return MeetingNotes(
        senco=senco,
        meeting=meeting,
        checklist_title=checklist_title or senco.checklist_set,
        questions=questions,
        carried=ordered,
        actions=here,
        still_open=carried_order(still_open, questions),
        today=today,
        glossary=glossary,
        has_checklist=half_term is not None,
        as_of=as_of,
        policy=meeting.carry_policy or policy,
    )


def carried_order(items: list[CarryItem], questions: tuple[QuestionView, ...]
                  ) -> tuple[CarryItem, ...]:
    """Grouped by section in checklist order; within a question, the question first, then
    its actions by due date (none last); actions on no question at the end. Questions this
    half-term does not ask follow those it does in their section, each with its own actions:
    the questions carried by when they were first raised and their words, then those only
    their actions carried, by their first due date."""
    sections: dict[str, int] = {}
    position: dict[str, int] = {}
    for i, view in enumerate(questions):
        sections.setdefault(view.section.slug, len(sections))
        position[view.question.id] = i
    known = list(SECTIONS)
    # question id: (only its actions carried, raised, words, first due date)
    not_asked: dict[str, tuple[bool, tuple[str, int], str, date]] = {}

    def due(item: CarryItem) -> date:
        return item.action.due if item.action is not None and item.action.due else date.max

    for item in items:
        qid = item.question_id
        if qid and qid not in position:
            only_actions, raised, words, first = not_asked.get(
                qid, (True, item.origin.order, "", date.max))
            if item.kind == "question":
                only_actions, words = False, item.text
            not_asked[qid] = (only_actions, min(raised, item.origin.order), words,
                              min(first, due(item)))
    asked = (False, ("", 0), "", date.max)

    def key(item: CarryItem) -> tuple[int, int, tuple[bool, tuple[str, int], str, date], str,
                                      bool, date, tuple[str, int], str]:
        qid = item.question_id or ""
        if not item.section:  # an action on no question
            where = (len(sections) + len(known) + 1, 0)
        else:
            where = (sections.get(item.section, len(sections) + (
                known.index(item.section) if item.section in known else len(known))),
                position.get(qid, len(position)))
        return (*where, not_asked.get(qid, asked), qid, item.kind != "question", due(item),
                item.origin.order, item.key)

    return tuple(sorted(items, key=key))


# where answers to questions gone from the YAML go when their section is gone too
OTHER = Section("other", "Other", ())


def question_views(half_term: HalfTerm | None, meeting: Meeting, answers: list[Answer],
                   actions: tuple[Action, ...], *,
                   answered: Mapping[str, Answer] | None = None) -> tuple[QuestionView, ...]:
    """Checklist order; then anything discussed here that the YAML no longer asks.

    A question dropped from the YAML keeps its answer and actions: it is shown with
    its text as asked, at the end of its section, or of a trailing "Other" section.
    `answered`: the meeting's own answers by question, when the caller has them already
    (a year's grid sorts them out once, not once a meeting).
    """
    if answered is None:
        answered = {a.question_id: a for a in answers if a.meeting_id == meeting.id}
    by_question: dict[str | None, list[Action]] = {}
    for action in actions:
        by_question.setdefault(action.question_id, []).append(action)
    sections = half_term.sections if half_term is not None else ()
    asked = {q.id for s in sections for q in s.questions}

    # questions gone from the YAML, grouped by the section they were asked in
    latest: dict[str, Answer] | None = None  # text as last asked, for action-only ones
    gone: dict[str, list[Question]] = {}
    for qid in [*answered, *(q for q in by_question if q is not None and q not in answered)]:
        found = answered.get(qid)
        if qid in asked or (qid not in by_question and not (found and found.discussed)):
            continue  # asked now, or cleared without a word: nothing to keep showing
        if found is None:
            if latest is None:  # only now: most meetings never need it
                latest = {a.question_id: a for a in answers}
            found = latest.get(qid)
        slug = found.section if found is not None else OTHER.slug
        gone.setdefault(slug, []).append(
            Question(id=qid, ask=found.question_text if found is not None else qid))

    views = []
    for section in sections:
        for question in (*section.questions, *gone.pop(section.slug, ())):
            views.append(QuestionView(section, question, answered.get(question.id),
                                      tuple(by_question.get(question.id, ())),
                                      question.id in asked or half_term is None))
    # sections this half-term no longer has: known ones in their usual order, then "Other"
    leftover = [(Section(slug, SECTIONS[slug], ()), gone.pop(slug)) for slug in SECTIONS
                if slug in gone]
    leftover.append((OTHER, [q for questions in gone.values() for q in questions]))
    for section, questions in leftover:
        for question in questions:
            views.append(QuestionView(section, question, answered.get(question.id),
                                      tuple(by_question.get(question.id, ())),
                                      half_term is None))  # without a checklist: unknown
    return tuple(views)


# ---------------------------------------------------------------- the SENCo's meetings


def summaries(store: MeetingStore, senco_id: int,
              half_terms: Mapping[str, HalfTerm] | None) -> list[MeetingSummary]:
    """Every meeting of the SENCo, in academic order, with what was recorded in each.

    `half_terms` is the SENCo's checklist set (None when it cannot be loaded: then only
    what was recorded is known, not the totals). Counted exactly as the meeting's own
    title counts them.
    """
    meetings = store.list_meetings(senco_id)
    answers = store.senco_answers(senco_id)
    actions = store.senco_actions(senco_id)
    recorded = carry.recorded(answers, actions, store.senco_reviews(senco_id))
    result = []
    for m in meetings:
        half = half_terms.get(m.half_term) if half_terms is not None else None
        here = tuple(a for a in actions if a.meeting_id == m.id)
        views = question_views(half, m, answers, here)
        progress = count_progress(views, half is not None, (), here)
        result.append(MeetingSummary(m, progress.discussed, progress.total,
                                     progress.open_actions, m.id in recorded))
    return result


def progress(summary: MeetingSummary) -> str:
    """One line for a meeting list: "23/31 discussed, 4 open actions"."""
    total = summary.total
    discussed = f"{summary.discussed}/{total}" if total else str(summary.discussed)
    actions = "1 open action" if summary.open_actions == 1 else \
        f"{summary.open_actions} open actions"
    return f"{discussed} discussed, {actions}"


def delete_meeting(store: MeetingStore, meeting: Meeting) -> None:
    """Remove a meeting opened by mistake; one with anything recorded is refused."""
    try:
        with store.transaction():
            senco_id = meeting.senco_id
            if meeting.id in carry.recorded(store.senco_answers(senco_id),
                                            store.senco_actions(senco_id),
                                            store.senco_reviews(senco_id)):
                raise UserError(f"the {meeting.label} meeting has notes, statuses or actions "
                                "recorded; only an empty meeting can be deleted")
            store.delete_meeting(meeting.id)
    except OSError as exc:
        raise SaveFailed(_one_line(str(exc))) from None


def history(store: MeetingStore, senco_id: int, question_id: str,
            before: Meeting | None = None) -> list[tuple[Meeting, Answer]]:
    """A question's status and notes in each meeting of the SENCo (academic order).

    Only meetings where it was discussed; with `before`, only earlier meetings.
    """
    answers = {a.meeting_id: a for a in store.senco_answers(senco_id)
               if a.question_id == question_id and a.discussed}
    return [(m, answers[m.id]) for m in store.list_meetings(senco_id)
            if m.id in answers and (before is None or m.order < before.order)]


# Word's curly quotes, pasted into a terminal, stand for the plain ones
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})


def plain(text: str) -> str:
    """Without case, accents or curly quotes, for comparing and for file names: Siân -> sian."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_QUOTES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def resolve_senco(store: MeetingStore, name: str | None) -> Senco:
    """The SENCo a command is about: the only one, or the one `name` picks out."""
    sencos = store.list_sencos()
    if not sencos:
        raise UserError('no SENCo yet: add one with  senco-tui senco add "NAME" --school "SCHOOL"')
    names = ", ".join(s.name for s in sencos)
    if name is None or not name.strip():
        if len(sencos) == 1:
            return sencos[0]
        raise UserError(f"there are {len(sencos)} SENCos ({names}): choose one with --senco NAME")
    # cleaned as a name is when stored: the name given to `senco add` finds that SENCo
    # even when it held what a terminal would obey
    wanted = one_line(name).casefold()
    exact = [s for s in sencos if s.name.casefold() == wanted]
    partial = exact or [s for s in sencos if wanted in s.name.casefold()]
    # typed without the accents: "sian" finds Siân
    partial = partial or [s for s in sencos if plain(wanted) in plain(s.name)]
    if len(partial) == 1:
        return partial[0]
    if partial:
        matches = ", ".join(s.name for s in partial)
        raise UserError(f"'{name}' matches more than one SENCo ({matches}): use the full name")
    raise UserError(f"no SENCo called '{name}'; SENCos: {names}")


# ---------------------------------------------------------------- which checklist


class MeetingChecklist(NamedTuple):
    """The questions a meeting uses: its set's file for its half-term, or none (broken)."""

    title: str  # the set's title (its name when set.yaml cannot tell)
    half_term: HalfTerm | None  # None: the file has problems; questions as recorded
    problem: str = ""  # why half_term is None: every problem, one a line

    @property
    def banner(self) -> str:
        """What a meeting opened without its checklist says, in one line."""
        if self.half_term is not None:
            return ""
        first = self.problem.splitlines()[0] if self.problem else ""
        return (f"The checklist has problems ({first}); showing what was recorded. "
                "Run senco-tui validate.")


def checklist_for(set_name: str, half_term: str, user_checklists: Path) -> MeetingChecklist:
    """The one policy, for the app and the CLI: the set's title and this half-term's file,
    read alone, so a mistake in another half-term's file never stops this meeting."""
    return checklists_for(set_name, [half_term], user_checklists)[half_term]


def checklists_for(set_name: str, half_terms: Iterable[str],
                   user_checklists: Path) -> dict[str, MeetingChecklist]:
    """checklist_for for several half-terms of a set (a year's), the set's own files read
    once for them all: each half-term still stands or falls alone."""
    from senco_tui.checklist import ChecklistError
    from senco_tui.checklist.sets import load_for_meetings

    half_terms = list(half_terms)
    try:
        title, found = load_for_meetings(set_name, half_terms, user_checklists)
    except (ChecklistError, UserError) as exc:
        return {ht: MeetingChecklist(set_name, None, str(exc)) for ht in half_terms}
    return {ht: MeetingChecklist(set_name, None, str(questions))
            if isinstance(questions, ChecklistError) else MeetingChecklist(title, questions)
            for ht, questions in found.items()}


class ChecklistUnusable(UserError):
    """A new meeting cannot start without its questions; the message lists the problems."""


def open_meeting(store: MeetingStore, senco: Senco, year: str, half_term: str,
                 checklist: MeetingChecklist, *, glossary: Mapping[str, str], today: date,
                 current: tuple[str, str],
                 default_policy: CarryPolicy = DEFAULT_CARRY_POLICY,
                 journal: Journal | None = None,
                 starts: Mapping[str, str] | None = None) -> "MeetingSession":
    """The meeting (created if needed) as a session.

    A broken checklist never locks a SENCo out of a meeting already held: it opens from
    what was recorded (questions as asked). A new one needs its questions.
    """
    if checklist.half_term is None and store.find_meeting(senco.id, year, half_term) is None:
        raise ChecklistUnusable(checklist.problem)
    meeting = store.get_or_create_meeting(senco.id, year, half_term)
    return MeetingSession(store, meeting, checklist, glossary=glossary, today=today,
                          current=current, policy=carry_policy_for(senco, default_policy),
                          journal=journal, starts=starts)


# ---------------------------------------------------------------- the held date

# how far outside its half-term a meeting may plausibly be held: often in the holiday
# just before or after it (Christmas and Easter are two weeks), never a term away
HELD_SLACK = timedelta(weeks=4)


def held_date_doubt(meeting: Meeting, held_on: date, today: date,
                    starts: Mapping[str, str] | None = None) -> str:
    """Why `held_on`, given as the day `meeting` was held, looks like a typo ("" when it
    does not): more than HELD_SLACK outside the meeting's half-term (`starts`: the
    settings' half_term_starts), or a day still to come. Asked about, never refused."""
    first, last = half_term_dates(meeting.year, meeting.half_term, starts)
    if not first - HELD_SLACK <= held_on <= last + HELD_SLACK:
        return (f"{short_date(held_on)} is well outside {meeting.label} "
                f"({short_date(first)} to {short_date(last)})")
    if held_on > today:
        return f"{short_date(held_on)} has not come yet"
    return ""


# ---------------------------------------------------------------- the session

MERGE_LINE = "─── saved meanwhile by someone else (keep what you want) ───"


def merge_notes(mine: str, theirs: str) -> str:
    """Both people's notes, ours first, theirs below a line saying whose they are."""
    return f"{mine.rstrip()}\n\n{MERGE_LINE}\n{theirs.strip()}"



class SaveFailed(UserError):
    """A write the store refused (disk full, locked, file gone): one line, nothing lost."""


class Refused(UserError):
    """A change the meeting's rules do not allow; the message says why."""


class CarriedActionHasNoStatus(Refused):
    def __init__(self) -> None:
        super().__init__("a carried action has no status: mark it done, keep it open or drop it")


class NotAskedHere(Refused):
    def __init__(self) -> None:
        super().__init__("this meeting does not ask that question: rate it where it comes up, "
                         "or mark it done, keep it open or drop it")


class ClosedElsewhere(Refused):
    def __init__(self, meeting: Meeting) -> None:
        self.meeting = meeting
        super().__init__(f"this action was closed in the {meeting.label} meeting: "
                         "change it there")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _quoted(text: str, most: int = 40) -> str:
    """A question or action named in a message: in quotes, cut short."""
    text = _one_line(text)
    return f"'{text}'" if len(text) <= most else f"'{text[:most - 1].rstrip()}…'"


class MeetingSession:
    """One meeting, open: its state (`notes`) and every change to it.

    Each change is one committed transaction, applies the meeting's rules, and leaves
    `notes` as the store now has it (the rows it touched are read back). `today` is the
    day the meeting is being worked on; `current` the (year, half-term) that today falls
    in.
    """

    def __init__(self, store: MeetingStore, meeting: Meeting, checklist: MeetingChecklist,
                 *, glossary: Mapping[str, str], today: date, current: tuple[str, str],
                 policy: CarryPolicy = DEFAULT_CARRY_POLICY,
                 journal: Journal | None = None,
                 starts: Mapping[str, str] | None = None) -> None:
        self.store = store
        self.starts = starts  # the settings' half_term_starts (None: the usual ones)
        self.policy = policy
        self.journal = journal  # where the undo history is kept between runs (None: not)
        self._journal_key = f"{store.where}#{meeting.id}"
        self.undone: list[Change] = []  # redo takes the last
        self.changes: list[Change] = []  # undo takes the last
        if journal is not None:
            self.changes, self.undone = journal.load(self._journal_key)
        self._notes_of: str | None = None  # the question whose notes edit is still open
        self.checklist = checklist
        self.glossary = glossary
        self.today = today
        self.current = current
        self.unsaved: dict[str, str] = {}  # question id -> notes a save refused
        # question id -> what someone else had saved meanwhile, now kept below ours
        self.merged: dict[str, str] = {}
        self.problem = ""  # why the last save failed; "" once one succeeds
        self._meeting = meeting
        self._holds = store.may_hold(meeting.senco_id)  # asked once: it is who we are
        self._last: dict[str, tuple[Meeting, Answer] | None] = {}
        self._order: dict[str, int] = {}  # carried items as first listed
        self._records: SencoRecords  # (read by reload)
        self._still_open_behind = False  # notes saved since notes.still_open was worked out
        self.notes = self.reload()

    @property
    def saves_refused(self) -> bool:
        """No save can work until senco-tui is started again (the store opened read-only,
        or its file was replaced): notes not saved are then not worth retrying."""
        return self.store.refusal is not None

    @property
    def meeting(self) -> Meeting:
        return self._meeting

    @property
    def senco(self) -> Senco:
        return self.notes.senco

    def reload(self) -> MeetingNotes:
        """Read the meeting again, all of it (what someone else saved meanwhile too)."""
        self._meeting = self.store.get_meeting(self._meeting.id)
        self._records = SencoRecords.read(self.store, self._meeting.senco_id)
        return self._work_out()

    def _refresh(self, rows: Iterable[Snapshot]) -> None:
        """After a change: the rows it touched, as the store now has them, replace those
        read before, and the meeting is worked out again from them by the same rules as
        at any read (reading the SENCo's whole history again cost more than a frame)."""
        m = self._meeting
        rows = tuple(rows)
        self._records.put(m.id, (Snapshot("meeting", str(m.id), m), *rows))
        self._meeting = self._records.meeting(m.id)
        if not self._redecide(rows):
            self._work_out()

    def _redecide(self, rows: tuple[Snapshot, ...]) -> bool:
        """A change of one carried item's decision alone (its review here, and a carried
        action's own row): that item is worked out again (carry.redecided), not the whole
        meeting, and what goes on to the next meeting with it. False for any other change
        (then the meeting is worked out again)."""
        notes = self.notes
        reviews = [s for s in rows if s.table == "review"]
        others = [s for s in rows if s.table != "review"]
        old = notes.item(reviews[0].key) if len(reviews) == 1 else None
        if old is None or self._still_open_behind or self._meeting != notes.meeting:
            return False  # (the meeting changed, e.g. held with its first record)
        action: Action | None = None
        if old.action is not None:
            if [(s.table, s.key) for s in others] != [("action", str(old.action.id))]:
                return False
            row = others[0].row
            assert row is None or isinstance(row, Action)
            action = row
        elif others:
            return False
        review = reviews[0].row
        assert review is None or isinstance(review, Review)
        new = carry.redecided(old, notes.meeting, review, action, notes.overdue_from)
        if new is None:
            return False
        # (a question rated here is one of the meeting's questions: a rating is discussion)
        again = carry.raised_again((v.answer for v in notes.questions if v.answer is not None),
                                   notes.policy)
        still = [item for item in notes.still_open if item != old]
        if carry.goes_on(new, again):
            still.append(new)
        self.notes = notes._replace(
            carried=tuple(new if item is old else item for item in notes.carried),
            still_open=carried_order(still, notes.questions))
        return True

    def _work_out(self) -> MeetingNotes:
        """`notes` from the records. Carried items keep the order they were first listed in
        while the session lasts: a change (a new due date ends OVERDUE) never moves one
        from under the user; the order is fresh at the next open."""
        notes = notes_from(self._records, self._meeting, self.checklist.half_term,
                           self.glossary, self.today, checklist_title=self.checklist.title,
                           current=self.current, policy=self.policy, listed=self._order)
        if not self._order:
            self._order = {item.key: i for i, item in enumerate(notes.carried)}
        self.notes = notes
        self._still_open_behind = False
        self._meeting = notes.meeting
        return notes

    # -- reading ------------------------------------------------------------------

    def last_time(self, question_id: str) -> tuple[Meeting, Answer] | None:
        """The question as discussed in the latest earlier meeting (cached: it cannot change
        while this meeting is open)."""
        if question_id not in self._last:
            found = history(self.store, self._meeting.senco_id, question_id,
                            before=self._meeting)
            self._last[question_id] = found[-1] if found else None
        return self._last[question_id]

    def _view(self, question_id: str) -> QuestionView:
        view = self.notes.view(question_id)
        if view is None:
            raise Refused(f"question '{question_id}' is not in this meeting")
        return view

    def _item(self, key: str) -> CarryItem:
        item = self.notes.item(key)
        if item is None:
            raise Refused(f"'{key}' was not carried into this meeting")
        return item

    def _action(self, action_id: int) -> Action:
        action = next((a for a in self.notes.actions if a.id == action_id), None)
        if action is None:
            item = self.notes.item(f"action:{action_id}")
            action = item.action if item is not None else None
        if action is None:
            raise Refused(f"action {action_id} is not in this meeting")
        return action

    # -- the one way to write -----------------------------------------------------

    def _write(self, change: Callable[[], T], *, recorded: bool = True) -> T:
        """Run `change` in one transaction, with the held-date rule; store trouble becomes
        SaveFailed (one line)."""
        stamped: Meeting | None = None
        try:
            with self.store.transaction():
                result = change()
                if recorded:
                    stamped = self._stamp_held()
        except (SaveFailed, SaveConflict):
            raise
        except (UserError, OSError) as exc:
            raise SaveFailed(_one_line(str(exc))) from None
        if stamped is not None:
            self._meeting = stamped
        return result

    def _stamp_held(self) -> Meeting | None:
        """Something was recorded: the meeting is held today, unless it has a date already or
        belongs to another half-term (catch-up on a past meeting was not held today).
        Opening a meeting, e.g. to prepare the agenda, does not make it held, nor does a
        SENCo preparing their answers ahead of it in a shared store. The first record also
        fixes the carry policy the meeting is read with."""
        m = stamped = self._meeting
        if m.carry_policy is None and self._holds:
            # the policy in force now stays this meeting's, whatever it becomes later
            m = stamped = self.store.fix_carry_policy(m.id, self.policy)
        if (m.held_on is None and (m.year, m.half_term) == self.current
                and self._holds):
            return self.store.set_meeting_details(m.id, held_on=self.today,
                                                  attendees=m.attendees)
        return stamped if stamped is not self._meeting else None

    # -- questions ------------------------------------------------------------------

    def rate(self, question_id: str, status: Status | None) -> QuestionView:
        """Set (or with None clear) a question's status; a status may also resolve a carried
        question. Notes waiting to be saved go first."""
        self.save_pending()
        view = self._view(question_id)
        word = STATUS_WORDS[status] if status else "Status cleared"
        self._changing(f"{word} for {_quoted(view.asked)}", [("answer", question_id)],
                       lambda: self.store.set_status(self._meeting.id, question_id,
                                                     view.section.slug, view.asked, status,
                                                     carry=view.question.carry))
        return self._view(question_id)

    def rate_carried(self, key: str, status: Status | None) -> QuestionView:
        """A carried question is rated where this meeting asks it (returned)."""
        item = self._item(key)
        if item.kind == "action":
            raise CarriedActionHasNoStatus()
        if item.question_id is None or self.notes.view(item.question_id) is None:
            raise NotAskedHere()
        return self.rate(item.question_id, status)

    def save_notes(self, question_id: str, text: str) -> bool:
        """Save a question's notes, and any an earlier save refused.

        False when a save failed: the text stays in `unsaved` and `problem` says why; it is
        retried by every later save until one works.
        """
        if text != self._view(question_id).notes:
            self.unsaved[question_id] = text
        else:  # typed back to what is saved: nothing left to save
            self.unsaved.pop(question_id, None)
        return self.save_pending()

    def save_pending(self) -> bool:
        for question_id, text in list(self.unsaved.items()):
            view = self._view(question_id)
            try:
                answer = self._save_notes(view, text)
            except SaveFailed as exc:
                self.problem = str(exc)
                return False
            del self.unsaved[question_id]
            self._noted(view, answer)
            self._replace(view._replace(answer=answer))
        self.problem = ""
        return True

    def _save_notes(self, view: QuestionView, text: str) -> Answer:
        """Save against the version this session last saw; when someone else saved
        meanwhile, save both texts (ours first) against theirs."""
        seen = view.answer.version if view.answer is not None else 0
        for _ in range(3):  # a third person saving in between: merge again
            def save(seen: int = seen, text: str = text) -> Answer:
                return self.store.set_notes(self._meeting.id, view.question.id,
                                            view.section.slug, view.asked, text,
                                            expected_version=seen,
                                            carry=view.question.carry)

            try:
                return self._write(save)
            except SaveConflict as exc:
                theirs = exc.theirs
                assert isinstance(theirs, Answer)
                if theirs.notes.strip() and theirs.notes.strip() not in text:
                    self.merged[view.question.id] = theirs.notes
                    text = merge_notes(text, theirs.notes)
                seen = theirs.version
        raise SaveFailed("these notes keep being changed by someone else; try again")

    def _replace(self, view: QuestionView) -> None:
        """The state after a notes save, without working out what was carried again (notes
        change no carried item and no other question; the notes of a question raised here,
        in what stays open for the next meeting, which only the export shows, catch up at
        the next change that works the meeting out, and the export reads it again)."""
        self._still_open_behind = True
        m = self._meeting
        self._records.put(m.id, (Snapshot("meeting", str(m.id), m),
                                 Snapshot("answer", view.question.id, view.answer)))
        questions = tuple(view if v.question.id == view.question.id else v
                          for v in self.notes.questions)
        self.notes = self.notes._replace(questions=questions, meeting=self._meeting)

    # -- actions ------------------------------------------------------------------------

    def add_action(self, question_id: str | None, text: str, owner: str,
                   due: date | None) -> Action:
        self.save_pending()
        if question_id is not None:
            self._view(question_id)
        action = self._write(lambda: self.store.add_action(self._meeting.id, question_id,
                                                           text, owner, due))
        self._record(Change(f"Action {_quoted(action.text)} added",
                            (Snapshot("action", str(action.id), None),),
                            (Snapshot("action", str(action.id), action),)))
        self._refresh((Snapshot("action", str(action.id), action),))
        return action

    def edit_action(self, action_id: int, text: str, owner: str, due: date | None) -> Action:
        """Text, owner or due date of an action agreed here or carried in (e.g. a new date
        for an overdue one)."""
        self.save_pending()
        before = self._action(action_id)
        seen = before.version
        try:
            action = self._changing(
                f"Action {_quoted(before.text)} edited", [("action", str(action_id))],
                lambda: self.store.update_action(action_id, text=text, owner=owner, due=due,
                                                 expected_version=seen))
        except SaveConflict as exc:
            # the next save goes against what is there now, once the user has seen it
            self.reload()
            now = exc.theirs
            assert isinstance(now, Action)
            raise SaveFailed(f"someone else changed this action meanwhile; it now reads "
                             f"{_one_line(now.text)!r} ({now.owner or 'no owner'}, due "
                             f"{now.due or 'no date'}); save again to replace that") from None
        return action

    def tick_action(self, action_id: int) -> Action:
        """An action agreed here: done, or open again if it was closed."""
        action = self._action(action_id)
        return self._decide_action(action, "done" if action.status == "open" else "open")

    def drop_action(self, action_id: int) -> Action:
        action = self._action(action_id)
        if action.status == "dropped":
            raise Refused("this action is dropped already")
        return self._decide_action(action, "dropped")

    def _decide_action(self, action: Action, decision: Decision) -> Action:
        if action.closed_meeting_id not in (None, self._meeting.id):
            # that meeting's decision stands
            raise ClosedElsewhere(self.store.get_meeting(action.closed_meeting_id))
        self.save_pending()
        word = {"done": "marked done", "open": "open again", "dropped": "dropped"}[decision]
        key = f"action:{action.id}"
        self._changing(f"Action {_quoted(action.text)} {word}",
                       [("action", str(action.id)), ("review", key)],
                       lambda: self.store.review(self._meeting.id, kind="action",
                                                 action_id=action.id, decision=decision))
        return self._action(action.id)

    def _agreed_here(self, action_id: int, what: str) -> Action:
        action = self._action(action_id)
        if action.meeting_id != self._meeting.id:
            raise Refused(f"only an action agreed in this meeting can be {what}; "
                          "a carried one can be dropped")
        return action

    def delete_action(self, action_id: int) -> None:
        """An action agreed in this meeting by mistake: gone, as if never agreed."""
        action = self._agreed_here(action_id, "deleted")
        if action.closed_meeting_id not in (None, self._meeting.id):
            raise ClosedElsewhere(self.store.get_meeting(action.closed_meeting_id))
        self.save_pending()
        self._changing(f"Action {_quoted(action.text)} deleted",
                       [("action", str(action_id)), ("review", f"action:{action_id}")],
                       lambda: self.store.delete_action(action_id))

    def move_action(self, action_id: int, question_id: str | None) -> Action:
        """An action agreed here, under another of this meeting's questions."""
        action = self._agreed_here(action_id, "moved")
        where = self._view(question_id).asked if question_id is not None else "no question"
        self.save_pending()
        self._changing(f"Action {_quoted(action.text)} moved to {_quoted(where)}",
                       [("action", str(action_id))],
                       lambda: self.store.move_action(action_id, question_id))
        return self._action(action_id)

    # -- carried items ----------------------------------------------------------------

    def review(self, key: str, decision: Decision, note: str | None = None) -> CarryItem:
        """What this meeting decided about a carried item. A second decision replaces the
        first; without a `note` the one already given stays (a drop keeps the update)."""
        item = self._item(key)
        if note is None:
            note = item.decision.note if item.decision is not None else ""
        self.save_pending()
        word = {"done": "done", "open": "kept open", "dropped": "dropped"}[decision]
        touched: list[tuple[Table, str]] = [("review", key)]
        if item.action is not None:
            touched.append(("action", str(item.action.id)))
        self._changing(f"Carried {_quoted(item.text)} {word}", touched,
                       lambda: self.store.review(
                           self._meeting.id, kind=item.kind,
                           action_id=item.action.id if item.action is not None else None,
                           question_id=item.question_id if item.kind == "question" else None,
                           decision=decision, note=note))
        return self._item(key)

    # -- undo and redo ----------------------------------------------------------------

    def _snap(self, table: Table, key: str) -> Snapshot:
        """The row as the store has it now."""
        row: Row | None = None
        if table == "meeting":
            row = self.store.get_meeting(int(key))
        elif table == "answer":
            row = self.store.answers(self._meeting.id).get(key)
        elif table == "action":
            try:
                row = self.store.get_action(int(key))
            except UserError:  # (deleted)
                row = None
        else:
            row = self.store.reviews(self._meeting.id).get(key)
        return Snapshot(table, key, row)

    def _changing(self, what: str, touched: list[tuple[Table, str]],
                  change: Callable[[], T], *, recorded: bool = True) -> T:
        """A write that can be undone: the rows it touches, before and after."""
        before = tuple(self._snap(table, key) for table, key in touched)
        result = self._write(change, recorded=recorded)
        after = tuple(self._snap(t, k) for t, k in touched)
        self._record(Change(what, before, after))
        self._refresh(after)
        return result

    def _noted(self, view: QuestionView, answer: Answer) -> None:
        """A notes save: one change for a whole edit of a question's notes (until seal())."""
        key = view.question.id
        after = (Snapshot("answer", key, answer),)
        top = self.changes[-1] if self.changes else None
        if self._notes_of == key and top is not None and top.after[0].key == key:
            self.changes[-1] = top._replace(after=after)
            self._keep()
        else:
            self._record(Change(f"Notes of {_quoted(view.asked)}",
                                (Snapshot("answer", key, view.answer),), after))
        self._notes_of = key

    def seal(self) -> None:
        """The notes edit on screen is over: the next one is a change of its own."""
        self._notes_of = None

    def _record(self, change: Change) -> None:
        if all(same(a, b) for a, b in zip(change.before, change.after, strict=True)):
            return  # nothing changed (e.g. the same status again)
        self.changes.append(change)
        self.undone.clear()
        self._notes_of = None
        self._keep()

    def _keep(self) -> None:
        if self.journal is not None:
            self.journal.save(self._journal_key, self.changes, self.undone)

    def undo(self) -> Change:
        """Put back what the last change replaced (saved like any other change)."""
        return self._step(self.changes, self.undone, "undo", back=True)

    def redo(self) -> Change:
        """Make again the last change undone."""
        return self._step(self.undone, self.changes, "redo", back=False)

    def _step(self, source: list[Change], target: list[Change], word: str,
              back: bool) -> Change:
        self.save_pending()
        self.seal()
        if not source:
            raise Refused(f"nothing to {word} in this meeting")
        change = source[-1]
        expected, wanted = (change.after, change.before) if back else (
            change.before, change.after)
        now = tuple(self._snap(s.table, s.key) for s in expected)
        if not all(same(a, b) for a, b in zip(now, expected, strict=True)):
            raise Refused(f"{change.what[:1].lower()}{change.what[1:]}: changed again since "
                          f"(here, in another meeting or by someone else), so not {word}ne")
        self._write(lambda: self._put(wanted), recorded=False)
        source.pop()
        target.append(change)
        self._keep()
        self._refresh(tuple(self._snap(s.table, s.key) for s in wanted))
        return change

    def _put(self, rows: tuple[Snapshot, ...]) -> None:
        """Rows back as they were: actions made first, then answers and reviews (which may
        point at them), actions removed last."""
        m = self._meeting.id
        order = {"meeting": 0, "action": 0, "answer": 1, "review": 2}
        for s in sorted(rows, key=lambda s: 3 if s.table == "action" and s.row is None
                        else order[s.table]):
            if s.table == "meeting":
                assert isinstance(s.row, Meeting)
                self.store.set_meeting_details(int(s.key), held_on=s.row.held_on,
                                               attendees=s.row.attendees)
            elif s.table == "answer":
                assert s.row is None or isinstance(s.row, Answer)
                self.store.restore_answer(m, s.key, s.row)
            elif s.table == "action":
                assert s.row is None or isinstance(s.row, Action)
                self.store.restore_action(int(s.key), s.row)
            else:
                assert s.row is None or isinstance(s.row, Review)
                self.store.restore_review(m, s.key, s.row)

    # -- the meeting ----------------------------------------------------------------------

    def held_date_doubt(self, held_on: date) -> str:
        """Why this date looks wrong for the day this meeting was held ("" if it does not):
        see held_date_doubt()."""
        return held_date_doubt(self._meeting, held_on, self.today, self.starts)

    def set_details(self, held_on: date | None, attendees: str) -> Meeting:
        """When the meeting was held and who attended: a change like any other (undone as
        one). It is not a record, so it neither makes the meeting held today nor fixes
        its carry policy."""
        self.save_pending()
        m = self._meeting
        self._meeting = self._changing(
            _details_change(m, held_on, attendees), [("meeting", str(m.id))],
            lambda: self.store.set_meeting_details(m.id, held_on=held_on,
                                                   attendees=attendees),
            recorded=False)
        return self._meeting


def _details_change(before: Meeting, held_on: date | None, attendees: str) -> str:
    """A change of details in the user's words, naming what changed:
    "Meeting details: held 19/11/2026, attendees 'Sam Patel, Tom Reed'"."""
    parts = []
    if held_on != before.held_on:
        parts.append(f"held {short_date(held_on)}" if held_on else "held date cleared")
    if _one_line(attendees) != before.attendees:
        parts.append(f"attendees {_quoted(attendees)}" if attendees.strip()
                     else "attendees cleared")
    return f"Meeting details: {', '.join(parts)}" if parts else "Meeting details"


__all__ = [
    "OTHER", "CarriedActionHasNoStatus", "ChecklistUnusable", "ClosedElsewhere",
    "MeetingChecklist", "MeetingNotes", "MeetingSession", "Progress", "QuestionView",
    "Refused", "SaveFailed", "checklist_for", "checklists_for", "delete_meeting",
    "held_date_doubt", "history",
    "load_notes", "merge_notes", "open_meeting", "plain", "progress", "question_views",
    "resolve_senco",
    "summaries",
]
