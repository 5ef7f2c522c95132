"""Finding things by their words: questions (for `history`) and what was written (search).

Words match the start of a word, without case or accents ("sian" finds Siân, "read"
finds "reading ages"); every word must be found. The store does the first pass over all
the notes (full-text where it can); every hit is checked here, so each backend finds
exactly the same things.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from senco_tui.checklist import SECTIONS, HalfTerm
from senco_tui.meeting import plain
from senco_tui.records import Action, Answer, Meeting, Review, Senco, TextKind

if TYPE_CHECKING:
    from senco_tui.store.base import MeetingStore

_WORD = re.compile(r"\w+")
SNIPPET = 90  # characters of context a hit shows


def words(query: str) -> list[str]:
    """The words to look for, without case or accents ("Year-7 SEMH" -> year, 7, semh)."""
    return _WORD.findall(plain(query))


def found(wanted: Sequence[str], text: str) -> bool:
    """Every wanted word starts a word of `text`."""
    have = _WORD.findall(plain(text))
    return all(any(word.startswith(w) for word in have) for w in wanted)


def snippet(text: str, wanted: Sequence[str], width: int = SNIPPET) -> str:
    """One line of `text` around the first word found, cut at word boundaries with …"""
    flat = " ".join(text.split())
    start = 0
    for match in _WORD.finditer(flat):
        if any(plain(match.group()).startswith(w) for w in wanted):
            start = match.start()
            break
    if len(flat) <= width:
        return flat
    begin = max(0, start - width // 3)
    if begin:
        space = flat.find(" ", begin)
        begin = space + 1 if 0 <= space < start else begin
    end = begin + width
    if end < len(flat):
        space = flat.rfind(" ", begin, end)
        end = space if space > start else end
    return ("…" if begin else "") + flat[begin:end] + ("…" if end < len(flat) else "")


# ---------------------------------------------------------------- questions


class QuestionFound(NamedTuple):
    question_id: str
    text: str  # as the checklist asks it, or as it was last asked
    section: str  # the section's title


def find_questions(query: str, answers: Iterable[Answer],
                   half_terms: Iterable[HalfTerm | None],
                   meetings: Iterable[Meeting] = ()) -> list[QuestionFound]:
    """The questions `query` names: its id exactly, or every word in its text, its
    section's title or its id. From the set's checklists and what was recorded (a
    question since removed from the set is still found); in checklist order."""
    order = {m.id: m.order for m in meetings}
    known: dict[str, QuestionFound] = {}
    for half in half_terms:
        for section, q in half.questions() if half is not None else ():
            known.setdefault(q.id, QuestionFound(q.id, q.ask, section.title))
    latest: dict[str, tuple[tuple[str, int], Answer]] = {}
    for a in answers:
        when = order.get(a.meeting_id, ("", a.meeting_id))
        if a.question_id not in latest or latest[a.question_id][0] < when:
            latest[a.question_id] = (when, a)
    for qid, (_, a) in latest.items():
        known.setdefault(qid, QuestionFound(qid, a.question_text,
                                            SECTIONS.get(a.section, a.section)))
    exact = query.strip().casefold()
    if exact in known:
        return [known[exact]]
    wanted = words(query)
    if not wanted:
        return []
    return [q for q in known.values()
            if found(wanted, f"{q.text} {q.section} {q.question_id.replace('-', ' ')}")]


class HistoryEntry(NamedTuple):
    """A question in one meeting: what was said, decided and agreed on it there."""

    meeting: Meeting
    answer: Answer | None  # discussed there (Answer.discussed)
    review: Review | None  # carried in, and what that meeting decided about it
    actions: tuple[Action, ...]  # agreed on it there
    # its actions from earlier meetings, carried in, and what this meeting decided on each
    carried: tuple[tuple[Action, Review], ...] = ()


def question_history(meetings: Iterable[Meeting], answers: Iterable[Answer],
                     actions: Iterable[Action], reviews: Iterable[Review],
                     question_id: str) -> list[HistoryEntry]:
    """Every meeting (academic order) where the question was discussed, decided on as a
    carried item, had an action agreed on it, or decided on one of its actions carried in."""
    said = {a.meeting_id: a for a in answers if a.question_id == question_id and a.discussed}
    decided: dict[int, Review] = {}
    on_actions: dict[int, list[Review]] = {}
    for r in reviews:
        if r.kind == "question" and r.question_id == question_id:
            decided[r.meeting_id] = r
        elif r.kind == "action":
            on_actions.setdefault(r.meeting_id, []).append(r)
    agreed: dict[int, list[Action]] = {}
    mine: dict[int, Action] = {}
    for action in actions:
        if action.question_id == question_id:
            agreed.setdefault(action.meeting_id, []).append(action)
            mine[action.id] = action
    carried = {meeting_id: tuple((mine[r.action_id], r) for r in rs
                                 if r.action_id is not None and r.action_id in mine)
               for meeting_id, rs in on_actions.items()}
    return [HistoryEntry(m, said.get(m.id), decided.get(m.id), tuple(agreed.get(m.id, ())),
                         carried.get(m.id, ()))
            for m in sorted(meetings, key=lambda m: m.order)
            if m.id in said or m.id in decided or m.id in agreed or carried.get(m.id)]


# ---------------------------------------------------------------- notes and actions


class Hit(NamedTuple):
    senco: Senco
    meeting: Meeting
    question_id: str | None
    question: str  # the question as that meeting asked it ("" for an action on none)
    kind: TextKind
    text: str
    snippet: str


def search(store: MeetingStore, query: str, senco_id: int | None = None,
           limit: int = 100) -> list[Hit]:
    """Notes, actions and updates holding every word of `query`: newest meeting first."""
    wanted = words(query)
    if not wanted:
        return []
    hits = [h for h in store.search_text(wanted, senco_id, limit=max(limit * 5, 500))
            if found(wanted, h.text)]
    meetings: dict[int, Meeting] = {}
    sencos: dict[int, Senco] = {}
    asked: dict[int, dict[str, Answer]] = {}
    texts: dict[int, dict[str, str]] = {}  # SENCo -> question id -> as last asked
    result = []
    for h in hits:
        if h.meeting_id not in meetings:
            meetings[h.meeting_id] = store.get_meeting(h.meeting_id)
            asked[h.meeting_id] = store.answers(h.meeting_id)
        m = meetings[h.meeting_id]
        if m.senco_id not in sencos:
            sencos[m.senco_id] = store.get_senco(m.senco_id)
        answer = asked[m.id].get(h.question_id or "")
        if answer is not None:
            question = answer.question_text
        elif h.question_id:  # an update or an action where the question was not asked
            if m.senco_id not in texts:
                texts[m.senco_id] = {a.question_id: a.question_text
                                     for a in store.senco_answers(m.senco_id)}
            question = texts[m.senco_id].get(h.question_id, h.question_id)
        else:
            question = ""
        result.append(Hit(sencos[m.senco_id], m, h.question_id, question, h.kind, h.text,
                          snippet(h.text, wanted)))
    kinds = {"notes": 0, "action": 1, "update": 2}
    result.sort(key=lambda h: (h.senco.name.casefold(), _newest_first(h.meeting),
                               kinds[h.kind]))
    return result[:limit]


def _newest_first(m: Meeting) -> tuple[int, int]:
    year, position = m.order
    return (-int(year[:4]), -position)
