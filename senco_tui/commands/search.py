"""`senco-tui history` (a question, found by its words) and `senco-tui search` (notes,
actions and updates): no Textual."""

from __future__ import annotations

from senco_tui import search, year
from senco_tui.calendar import short_date
from senco_tui.commands.notes import _open_store
from senco_tui.errors import UserError
from senco_tui.export import clean
from senco_tui.meeting import resolve_senco
from senco_tui.paths import Paths
from senco_tui.records import STATUS_WORDS, Action, Review, Senco
from senco_tui.safe_text import safe_text
from senco_tui.store import Store

MANY = 5  # more questions than this match: list them instead of each one's history


def _one_line(text: str) -> str:
    return " ".join(safe_text(text).split())


def _paragraphs(text: str, indent: str = "  ") -> list[str]:
    """Notes as typed: their lines indented, one blank line between paragraphs."""
    out: list[str] = []
    lines = [line.rstrip() for line in safe_text(clean(text), multiline=True).strip().split("\n")]
    for i, line in enumerate(lines):
        if line:
            out.append(f"{indent}{line}")
        elif lines[i - 1]:
            out.append("")
    return out


def _action(action: Action) -> str:
    facts = [f for f in (action.owner, f"due {short_date(action.due)}" if action.due else "",
                         action.status) if f]
    return f"  Action: {_one_line(action.text)} ({', '.join(_one_line(f) for f in facts)})"


_DECIDED = {"done": "done", "open": "kept open", "dropped": "dropped"}


def _reason(review: Review) -> str:
    """A decision's update (kept open) or reason (dropped), after a colon; or nothing."""
    return f": {_one_line(review.note)}" if review.note.strip() else ""


def _history(store: Store, senco: Senco, found: search.QuestionFound) -> list[str]:
    entries = search.question_history(store.list_meetings(senco.id),
                                      store.senco_answers(senco.id),
                                      store.senco_actions(senco.id),
                                      store.senco_reviews(senco.id), found.question_id)
    out = [f"{_one_line(found.text)} ({found.question_id})",
           f"{_one_line(found.section)} · SENCo: {_one_line(senco.name)}"]
    if not entries:
        out += ["", "Not discussed in any meeting yet."]
    for entry in entries:
        answer = entry.answer
        if answer is None:
            status = "not discussed"
        elif answer.status is None:
            status = "notes, no status"
        else:
            status = STATUS_WORDS[answer.status]
        out += ["", f"{entry.meeting.label}: {status}"]
        if answer is not None:
            if answer.question_text != found.text:
                out.append(f"  asked as: {_one_line(answer.question_text)}")
            out += _paragraphs(answer.notes)
        if entry.review is not None:
            out.append(f"  Carried in; decided: {_DECIDED[entry.review.decision]}"
                       f"{_reason(entry.review)}")
        out += [_action(a) for a in entry.actions]
        for action, review in entry.carried:
            out.append(f"  Carried action: {_one_line(action.text)}; decided: "
                       f"{_DECIDED[review.decision]}{_reason(review)}")
    return out


def run_history(args, paths: Paths) -> int:
    query = " ".join(args.words)
    with _open_store(paths) as store:
        senco = resolve_senco(store, args.senco)
        checklist = year.year_checklist(senco.checklist_set, paths.user_checklists)
        found = search.find_questions(query, store.senco_answers(senco.id),
                                      checklist.half_terms.values(),
                                      store.list_meetings(senco.id))
        if not found:
            raise UserError(f"no question matches '{_one_line(query)}' in {senco.name}'s "
                            "checklists or meetings: try other words from the question")
        if len(found) > MANY:
            out = [f"{len(found)} questions match '{_one_line(query)}': add words to choose "
                   "one, or give its id:"]
            out += [f"  {_one_line(q.text)} ({q.question_id}) · {_one_line(q.section)}"
                    for q in found]
        else:
            out = []
            for i, q in enumerate(found):
                if i:
                    out += ["", "-" * 40, ""]
                out += _history(store, senco, q)
    print("\n".join(out))
    return 0


def run_search(args, paths: Paths) -> int:
    query = " ".join(args.words)
    if not search.words(query):
        raise UserError("give some words to search for, e.g. senco-tui search reading age")
    with _open_store(paths) as store:
        senco_id = resolve_senco(store, args.senco).id if args.senco else None
        hits = search.search(store, query, senco_id)
    if not hits:
        print(f"Nothing found for '{_one_line(query)}'.")
        return 0
    kinds = {"notes": "notes", "action": "action", "update": "update"}
    out = []
    for hit in hits:
        where = f"{_one_line(hit.senco.name)} · {hit.meeting.label}"
        about = _one_line(hit.question) if hit.question else "no question"
        out.append(f"{where} · {about}")
        out.append(f"  {kinds[hit.kind]}: {_one_line(hit.snippet)}")
    more = " (the first 100)" if len(hits) >= 100 else ""
    out.append(f"\n{len(hits)} found{more}.")
    print("\n".join(out))
    return 0
