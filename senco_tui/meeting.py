"""The meeting service: what the app, the CLI and export ask for.

Assembles store records, the checklist and the carry-forward rules into plain data.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from senco_tui import carry
from senco_tui.carry import CarryItem
from senco_tui.checklist import SECTIONS, HalfTerm, Question, Section
from senco_tui.errors import UserError
from senco_tui.records import Action, Answer, Meeting, MeetingSummary, Senco

if TYPE_CHECKING:
    from senco_tui.store import Store


class QuestionView(NamedTuple):
    section: Section
    question: Question
    answer: Answer | None
    actions: tuple[Action, ...] = ()
    in_checklist: bool = True  # False: gone from the YAML, kept for what was recorded
    # (True when there is no checklist to tell)


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


def load_notes(store: Store, meeting_id: int, half_term: HalfTerm | None, glossary: dict[str, str],
               today: date, *, checklist_title: str | None = None) -> MeetingNotes:
    """Everything about one meeting: its questions, what was carried in and what stays open.

    `half_term` is the checklist for the meeting's half-term (None if the set has none);
    `checklist_title` defaults to the SENCo's checklist set name.
    """
    meeting = store.get_meeting(meeting_id)
    senco = store.get_senco(meeting.senco_id)
    meetings = store.list_meetings(senco.id)
    answers = store.senco_answers(senco.id)
    actions = store.senco_actions(senco.id)
    reviews = store.senco_reviews(senco.id)
    here = tuple(a for a in actions if a.meeting_id == meeting.id)
    carried, still_open = carry.carry_forward(meeting, meetings, answers, actions, reviews, today)
    questions = _question_views(half_term, meeting, answers, here)
    return MeetingNotes(
        senco=senco,
        meeting=meeting,
        checklist_title=checklist_title or senco.checklist_set,
        questions=questions,
        carried=_checklist_order(carried, questions),
        actions=here,
        still_open=_checklist_order(still_open, questions),
        today=today,
        glossary=glossary,
    )


def _checklist_order(items: list[CarryItem], questions: tuple[QuestionView, ...]
                     ) -> tuple[CarryItem, ...]:
    """Carry's order (overdue first, then by origin, actions before questions), with the
    questions from one meeting in checklist order rather than by id."""
    position = {view.question.id: i for i, view in enumerate(questions)}

    def key(item: CarryItem) -> tuple:
        where = position.get(item.question_id, len(position)) if item.kind == "question" else 0
        return (not item.overdue, item.origin.order, item.kind, where)

    return tuple(sorted(items, key=key))  # stable: actions keep their order


# where answers to questions gone from the YAML go when their section is gone too
OTHER = Section("other", "Other", ())


def _question_views(half_term: HalfTerm | None, meeting: Meeting, answers: list[Answer],
                    actions: tuple[Action, ...]) -> tuple[QuestionView, ...]:
    """Checklist order; then anything discussed here that the YAML no longer asks.

    A question dropped from the YAML keeps its answer and actions: it is shown with
    its text as asked, at the end of its section, or of a trailing "Other" section.
    """
    answered = {a.question_id: a for a in answers if a.meeting_id == meeting.id}
    by_question: dict[str | None, list[Action]] = {}
    for action in actions:
        by_question.setdefault(action.question_id, []).append(action)
    sections = half_term.sections if half_term is not None else ()
    asked = {q.id for s in sections for q in s.questions}

    # questions gone from the YAML, grouped by the section they were asked in
    latest = {a.question_id: a for a in answers}  # text as last asked, for action-only ones
    gone: dict[str, list[Question]] = {}
    for qid in [*answered, *(q for q in by_question if q is not None and q not in answered)]:
        answer = answered.get(qid)
        if qid in asked or (answer is not None and answer.status is None
                            and not answer.notes.strip() and qid not in by_question):
            continue  # asked now, or cleared without a word: nothing to keep showing
        answer = answer or latest.get(qid)
        section = answer.section if answer is not None else OTHER.slug
        gone.setdefault(section, []).append(
            Question(id=qid, ask=answer.question_text if answer is not None else qid))

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


def history(store: Store, senco_id: int, question_id: str,
            before: Meeting | None = None) -> list[tuple[Meeting, Answer]]:
    """A question's status and notes in each meeting of the SENCo (academic order).

    Only meetings where it was rated or has notes; with `before`, only earlier meetings.
    """
    answers = {a.meeting_id: a for a in store.senco_answers(senco_id)
               if a.question_id == question_id and (a.status is not None or a.notes.strip())}
    return [(m, answers[m.id]) for m in store.list_meetings(senco_id)
            if m.id in answers and (before is None or m.order < before.order)]


# Word's curly quotes, pasted into a terminal, stand for the plain ones
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})


def plain(text: str) -> str:
    """Without case, accents or curly quotes, for comparing and for file names: Siân -> sian."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_QUOTES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def resolve_senco(store: Store, name: str | None) -> Senco:
    """The SENCo a command is about: the only one, or the one `name` picks out."""
    sencos = store.list_sencos()
    if not sencos:
        raise UserError('no SENCo yet: add one with  senco-tui senco add "NAME" --school "SCHOOL"')
    names = ", ".join(s.name for s in sencos)
    if name is None or not name.strip():
        if len(sencos) == 1:
            return sencos[0]
        raise UserError(f"there are {len(sencos)} SENCos ({names}): choose one with --senco NAME")
    wanted = name.strip().casefold()
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


def progress(summary: MeetingSummary, half_term: HalfTerm | None) -> str:
    """One line for a meeting list: "23/31 discussed, 4 open actions"."""
    total = len(half_term.questions()) if half_term is not None else 0
    discussed = f"{summary.discussed}/{total}" if total else str(summary.discussed)
    actions = "1 open action" if summary.open_actions == 1 else \
        f"{summary.open_actions} open actions"
    return f"{discussed} discussed, {actions}"
