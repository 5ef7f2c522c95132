"""`senco-tui export` and `actions`: meeting notes outside the app (no Textual)."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

from senco_tui import calendar, carry
from senco_tui.checklist import ChecklistError, load_glossary
from senco_tui.errors import UserError
from senco_tui.export import render
from senco_tui.meeting import carry_policy_for, checklist_for, load_notes, resolve_senco
from senco_tui.paths import Paths
from senco_tui.records import HALF_TERM_TITLES, Action, Meeting, Senco
from senco_tui.safe_text import json_safe, safe_text
from senco_tui.store import MeetingStore as Store
from senco_tui.store import open_read_only


def _open_store(paths: Paths) -> Store:
    # read-only: never creates an empty store, and says so when there is none yet (a
    # shared store: what was read ahead, if it was: see cli.READ_AHEAD)
    return open_read_only(paths)


def _warn(message: str) -> None:
    print(f"senco-tui: warning: {message}", file=sys.stderr)


def _one_line(text: str) -> str:
    """User text for a terminal line: no escape sequences, no bidi overrides."""
    return " ".join(safe_text(text).split())


# ---------------------------------------------------------------- export


def _which_meeting(args, paths: Paths) -> tuple[str, str]:
    """--year (checked by the parser) and --half-term, each defaulting to today's."""
    year, half_term = args.year, args.half_term
    if year is None or half_term is None:
        # settings() has checked the half-term starts (SettingsError names the file)
        now = calendar.current(date.today(), paths.settings().half_term_starts)
        year, half_term = year or now[0], half_term or now[1]
    return year, half_term


def _no_meeting(store: Store, senco: Senco, year: str, half_term: str) -> UserError:
    wanted = f"{HALF_TERM_TITLES[half_term]} {year}"
    meetings = store.list_meetings(senco.id)
    if not meetings:
        return UserError(f"no meeting with {senco.name} in {wanted}: there are no meetings "
                         "with them yet")
    labels = ", ".join(m.label for m in meetings)
    return UserError(f"no meeting with {senco.name} in {wanted}; their meetings: {labels} "
                     "(choose one with --year and --half-term)")


def _glossary() -> tuple[dict[str, str], str | None]:
    """The glossary, and what to warn of (said where the export needs it) if it is broken."""
    try:
        return load_glossary(), None
    except ChecklistError as exc:
        return {}, f"glossary not loaded ({str(exc).splitlines()[0]}); no terms explained"


def _output(args, paths: Paths) -> Path | None:
    """Where -o asks for the notes (None: standard output); never over senco-tui's own files."""
    if not args.output or args.output == "-":  # "-" is standard output, as usual
        return None
    path = Path(args.output).expanduser().absolute()
    for folder, what in ((paths.data_dir, "data"), (paths.config_dir, "config")):
        if path.resolve().is_relative_to(folder.resolve()):
            # -o senco.db would replace the notes themselves with markdown
            raise UserError(f"{path} is in senco-tui's {what} folder ({folder}): write the "
                            "notes somewhere else, e.g. your Documents folder")
    return path


def run_export(args, paths: Paths) -> int:
    output = _output(args, paths)
    year, half_term = _which_meeting(args, paths)
    # before the store: a shared one is still being read by then (see cli.READ_AHEAD)
    glossary, glossary_problem = _glossary()
    with _open_store(paths) as store:
        senco = resolve_senco(store, args.senco)
        meeting = store.find_meeting(senco.id, year, half_term)
        if meeting is None:
            raise _no_meeting(store, senco, year, half_term)
        checklist = checklist_for(senco.checklist_set, half_term, paths.user_checklists)
        if checklist.half_term is None:
            first = checklist.problem.splitlines()[0] if checklist.problem else ""
            _warn(f"checklist set '{senco.checklist_set}' could not be loaded ({first}); "
                  "exporting the questions as they were asked, without the ones not discussed")
        today = date.today()
        settings = paths.settings()
        if glossary_problem:
            _warn(glossary_problem)
        notes = load_notes(store, meeting.id, checklist.half_term, glossary, today,
                           checklist_title=checklist.title,
                           current=calendar.current(today, settings.half_term_starts),
                           policy=carry_policy_for(senco, settings.carry_policy))
    text = render(notes, detail=args.detail, include_wellbeing=args.include_wellbeing)
    if output is not None:
        from senco_tui.notes_file import file_name, write_private

        if output.is_dir() or args.output.endswith(("/", os.sep)):
            output.mkdir(mode=0o700, parents=True, exist_ok=True)
            output = output / file_name(notes)  # into a folder: named as the app names it
        write_private(output, text)
        print(f"wrote {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


# ---------------------------------------------------------------- actions


def _action_rows(store: Store, senco: Senco, today: date, everything: bool) -> list[dict]:
    meetings = store.list_meetings(senco.id)
    answers, actions = store.senco_answers(senco.id), store.senco_actions(senco.id)
    carried = carry.actions_carried(meetings, answers, actions, store.senco_reviews(senco.id))
    by_id: dict[int, Meeting] = {m.id: m for m in meetings}
    asked: dict[tuple[int, str], str] = {}
    for answer in answers:
        asked[(answer.meeting_id, answer.question_id)] = answer.question_text
        asked.setdefault((0, answer.question_id), answer.question_text)
    rows = []
    for action in actions:
        if action.status != "open" and not everything:
            continue
        rows.append(_action_row(senco, action, by_id, asked, carried[action.id], today))
    return rows


def _action_row(senco: Senco, action: Action, by_id: dict[int, Meeting],
                asked: dict[tuple[int, str], str], carried: int, today: date) -> dict:
    origin = by_id[action.meeting_id]
    qid = action.question_id
    question = (asked.get((action.meeting_id, qid)) or asked.get((0, qid)) or qid) if qid else None
    return {
        "id": action.id,
        "senco": senco.name,
        "year": origin.year,
        "half_term": origin.half_term,
        "from": origin.label,
        "question_id": qid,
        "question": question,
        "action": action.text,
        "owner": action.owner,
        "due": action.due.isoformat() if action.due else None,
        "carried": carried,
        "overdue": action.overdue(today),
        "status": action.status,
    }


def _table(rows: list[dict], everything: bool) -> str:
    headers = ["SENCo", "From", "Question", "Action", "Owner", "Due", "Carried", "Overdue"]
    if everything:
        headers.append("Status")
    lines = [headers]
    for r in rows:
        # rows keep ISO dates for --json; the table shows them as the app does
        due = calendar.short_date(date.fromisoformat(r["due"])) if r["due"] else "-"
        line = [r["senco"], r["from"], r["question_id"] or "-", r["action"], r["owner"] or "-",
                due, str(r["carried"]), "OVERDUE" if r["overdue"] else ""]
        if everything:
            line.append(r["status"])
        lines.append([_one_line(cell) for cell in line])
    from senco_tui.commands import columns  # (and unicodedata): only for this table

    return columns.table(lines)


def run_actions(args, paths: Paths) -> int:
    today = date.today()
    with _open_store(paths) as store:
        sencos = [resolve_senco(store, args.senco)] if args.senco else store.list_sencos()
        if not sencos:
            resolve_senco(store, None)  # says there is no SENCo yet, and how to add one
        rows = [row for senco in sencos
                for row in _action_rows(store, senco, today, args.all)]
    if args.json:
        import json

        # escapes, not removal: the data stay exact for the program reading them
        sys.stdout.write(json_safe(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n")
    elif not rows:
        print("No actions." if args.all else "No open actions.")
    else:
        sys.stdout.write(_table(rows, args.all))
    return 0
