"""What the meeting screen shows, as pure functions: the session's state in, rich Text out.

No widgets and no rules here: every fact comes from the session's state (a view's
`discussed`, a carried item's `state`, the meeting's `progress`); these functions only
word and lay it out. Colours come from the theme: `marks` maps the screen's component
classes (see MARK_CLASSES) to the styles the theme gives them. Every string that came
from a person, the store or a YAML file goes through `safe_text` here (`_one` for a
line, `_block` for several), so nothing a terminal would obey reaches it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from senco_tui.calendar import short_date
from senco_tui.carry import CarryItem, CarryState
from senco_tui.meeting import Progress, QuestionView
from senco_tui.records import (
    STATUS_LETTERS,
    STATUS_WORDS,
    Action,
    Answer,
    Meeting,
    Status,
)
from senco_tui.safe_text import safe_text

Marks = Mapping[str, Style]  # component class -> style, from the theme


def _one(text: str) -> str:
    return safe_text(text)


def _block(text: str) -> str:
    return safe_text(text, multiline=True)


# Textual's TextArea wraps all of its text on every load (~2 s a wrap for 5 MB, three wraps
# to show a question): longer notes are kept whole but shown in part, read-only; a paste
# that would make them longer is saved as it is and shown the same way.
NOTES_EDIT_LIMIT = 100_000  # characters (some 30 pages)
NOTES_QUOTED = 2_000  # characters of earlier notes shown with a question or carried item


def size_words(chars: int) -> str:
    return f"{chars / 1_000_000:.1f} MB" if chars >= 1_000_000 else f"{chars // 1000} KB"


def _quoted(notes: str) -> str:
    """Earlier notes shown beside a question: the start of long ones (all are exported)."""
    notes = notes.strip()
    if len(notes) > NOTES_QUOTED:
        notes = notes[:NOTES_QUOTED] + f"… ({size_words(len(notes))} in all)"
    return _block(notes)

# the screen's component classes: a status, a carried item's state, OVERDUE
MARK_CLASSES = frozenset({
    "mark--green", "mark--amber", "mark--red", "mark--na",
    "mark--unreviewed", "mark--open", "mark--done", "mark--dropped", "mark--resolved",
    "mark--overdue",
})

NOTES_ONLY = "✎"  # notes but no status: discussed, though not rated

# a carried item's state: a symbol (not a letter, so it is not read as a key: d drops,
# x marks done) and its words
STATE_MARKS: dict[CarryState, tuple[str, str]] = {
    "unreviewed": ("?", "Not reviewed yet"),
    "open": ("→", "Kept open"),
    "done": ("✓", "Done"),
    "dropped": ("✗", "Dropped"),
    "resolved": ("✓", "Resolved"),
}
ACTION_MARKS = {"open": "[ ]", "done": "[✓]", "dropped": "[✗]"}


def _mark(marks: Marks, name: str) -> Style:
    return marks.get(f"mark--{name}", Style(bold=True))


def status_marker(status: Status | None, marks: Marks) -> Text:
    if status is None:
        return Text(f" {STATUS_LETTERS[None]} ")
    return Text(f" {STATUS_LETTERS[status]} ", style=_mark(marks, status))


def answer_marker(view: QuestionView | Answer | None, marks: Marks) -> Text:
    """The status marker, or ✎ when there are notes but no status (still discussed)."""
    answer = view.answer if isinstance(view, QuestionView) else view
    if answer is not None and answer.status is None and answer.discussed:
        return Text(f" {NOTES_ONLY} ", style="bold")
    return status_marker(answer.status if answer else None, marks)


def answer_words(answer: Answer | None) -> str:
    if answer is not None and answer.status is None and answer.discussed:
        return "Notes, no status"
    return STATUS_WORDS[answer.status if answer else None]


# ---------------------------------------------------------------- the outline


def section_prompt(title: str, within: str = "") -> Text:
    if within == "carried":  # a part of a block (the carried items of one section)
        return Text(f" {_one(title)}", style="dim bold", no_wrap=True, overflow="ellipsis")
    return Text(_one(title).upper(), style="bold", no_wrap=True, overflow="ellipsis")


def carried_prompt(item: CarryItem, marks: Marks) -> Text:
    letter, _ = STATE_MARKS[item.state]
    # kind, overdue and age in the row itself, readable without colour
    text = Text.assemble((f" {letter} ", _mark(marks, item.state)),
                         " A " if item.kind == "action" else " Q ")
    if item.overdue and item.open_after:
        text.append("OVERDUE ", style="bold")
    if item.carried > 1:
        text.append(f"×{item.carried} ", style="bold reverse" if item.stale else "bold")
    text.append(_one(item.text))
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


def fold_prompt(hidden: int, more: int) -> Text:
    words = (f"IF THERE IS TIME ({more} more) · f shows them" if hidden
             else "IF THERE IS TIME · f folds them")
    return Text(words, style="bold", no_wrap=True, overflow="ellipsis")


def fold_text(hidden: int, more: int) -> Text:
    text = Text()
    text.append("If there is time\n", style="bold")
    text.append("The questions above are the ones that matter most this half-term (marked "
                f"core in the checklist). {more} more {'is' if more == 1 else 'are'} here for "
                 "when there is time: "
                + ("press f or enter to show them." if hidden else "press f to fold them away "
                   "again."))
    return text


def not_here(row: object, key: str) -> str:
    """What to say when a key for a question (or a carried item) is pressed on a row it does
    nothing on: the keys that do apply there ("" when the key is not one of them)."""
    from senco_tui.tui.meeting.rows import CarriedRow, FoldRow

    if isinstance(row, FoldRow) and key in "01234eaxEdDMu":
        return ("More questions are folded here: enter or f shows them." if row.hidden
                else "Questions beyond the core ones follow: f folds them away again.")
    if isinstance(row, CarriedRow) and key in "DM":
        return ("Only an action agreed in this meeting can be deleted or moved; a carried "
                "one can be dropped (d).")
    if isinstance(row, CarriedRow) and key in "ea":
        return ("A carried item: x done, u keep open (with an update), d drop"
                + (", E edit the action." if row.item.action is not None else
                   "; notes and actions go on its question where this meeting asks it."))
    return ""


def question_prompt(view: QuestionView, marks: Marks) -> Text:
    text = Text.assemble(answer_marker(view, marks), " ", _one(view.question.ask))
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


# ---------------------------------------------------------------- the title line


NAME_AT_LEAST = 12  # cells of the SENCo's name kept (with its ellipsis) before the counts go


def _cut(text: str, cells: int) -> str:
    """`text` in at most `cells` cells, ending with an ellipsis where it was cut."""
    cut = Text(text)
    cut.truncate(max(cells, 0), overflow="ellipsis")
    return cut.plain


def title_line(senco_name: str, meeting: Meeting, progress: Progress, width: int,
               clock: str = "") -> str:
    """Who, when, progress, and the time guide: the clock goes and the progress is
    shortened first, then the SENCo's name (with an ellipsis); the half-term and the year
    are never cut (a long name at 80x24 lost them)."""
    room = max(width - 2, 0)
    name = _one(senco_name)
    for with_clock in ((True, False) if clock else (False,)):
        for short in (0, 1, 2):
            line = (f"{name} · {meeting.label} — {progress.line(short)}"
                    + (f" · {clock}" if with_clock else ""))
            if cell_len(line) <= room:
                return line
    rest = f" · {meeting.label} — {progress.line(2)}"
    if room - cell_len(rest) >= NAME_AT_LEAST:
        return _cut(name, room - cell_len(rest)) + rest
    # narrower still: the counts are cut after the name has given what it can
    return _cut(f"{_cut(name, NAME_AT_LEAST)}{rest}", room)


# ---------------------------------------------------------------- the detail pane


class Numbered(NamedTuple):
    number: int  # of this question among the meeting's questions
    total: int


def question_text(view: QuestionView, where: Numbered, acronyms: list[tuple[str, str]],
                  last: tuple[Meeting, Answer] | None, marks: Marks) -> Text:
    q = view.question
    text = Text()
    text.append(f"{_one(view.section.title)} · question {where.number} of {where.total}\n",
                style="dim")
    text.append(_block(q.ask) + "\n", style="bold")
    if not view.in_checklist:
        text.append("No longer in the checklist: shown for what was recorded.\n",
                    style="italic")
    for probe in q.probes:
        text.append(f"  • {_block(probe)}\n")
    if q.hint:
        text.append(f"Hint: {_block(q.hint)}\n", style="italic")
    if q.credit:
        text.append(f"Idea from: {_block(q.credit)}\n", style="dim")
    for term, meaning in acronyms:
        text.append(_one(term), style="bold")
        text.append(f": {_block(meaning)}\n", style="dim")
    if last is not None:
        meeting, answer = last
        text.append(f"Last time ({meeting.label}): ", style="bold")
        text.append_text(answer_marker(answer, marks))
        text.append(f" {answer_words(answer)}")
        if answer.notes.strip():
            text.append(f" — {_quoted(answer.notes)}")
        text.append("\n")
    return text


def carried_text(item: CarryItem, marks: Marks) -> Text:
    text = Text()
    what = "Action" if item.kind == "action" else (
        f"Question, rated {STATUS_WORDS[item.origin_status]}")
    text.append(f"Carried forward · {what}\n", style="dim")
    text.append(_block(item.text) + "\n", style="bold")
    details = [f"From: {item.origin.label}"]
    if item.action is not None:
        if item.action.owner:
            details.append(f"Owner: {_one(item.action.owner)}")
        if item.action.due:
            details.append(f"Due: {short_date(item.action.due)}")
    text.append("  ·  ".join(details) + "\n")
    overdue = item.overdue and item.open_after
    if overdue:
        text.append(" OVERDUE ", style=_mark(marks, "overdue"))
        text.append(" ")
    if item.carried > 1:
        times = f"carried {item.carried} times"
        text.append(f" {times.upper()} " if item.stale else times,
                    style="bold reverse" if item.stale else "")
    if overdue or item.carried > 1:
        text.append("\n")
    if item.origin_notes.strip():
        text.append(f"Notes then: {_quoted(item.origin_notes)}\n")
    if item.last_update:
        text.append(f"Last update: {_block(item.last_update)}\n")
    letter, words = STATE_MARKS[item.state]
    text.append("\nThis meeting: ")
    text.append(f" {letter} ", style=_mark(marks, item.state))
    if item.state == "resolved":
        words = f"Resolved: rated {STATUS_WORDS[item.resolved_by]} this meeting"
    elif item.decision is None and item.state == "open":
        words = f"Rated {STATUS_WORDS[item.rated_here]} again this meeting: still open"
    text.append(f" {words}")
    if item.decision is not None and item.decision.note:
        text.append(f" — {_block(item.decision.note)}")
    text.append("\n")
    return text


STATUS_CHOICES: tuple[tuple[str, Status | None], ...] = (
    ("1", "green"), ("2", "amber"), ("3", "red"), ("4", "na"), ("0", None))


def status_line(view: QuestionView, marks: Marks) -> str:
    """The status, then the statuses to choose from, each clickable (markup of fixed
    strings only: nothing typed by a user is in it)."""
    marker = answer_marker(view, marks)
    shown = f"[{marker.style}]{marker.plain}[/]" if marker.style else marker.plain
    line = f"Status: {shown} {answer_words(view.answer)}\nSet:"
    for key, value in STATUS_CHOICES:
        word = STATUS_WORDS[value] if value else "Clear"
        style = "reverse bold" if value is not None and value == view.status else "underline"
        line += f" [@click=screen.status('{value or ''}')][{style}]{key} {word}[/][/]"
    return line


def action_line(action: Action, today: date) -> str:
    overdue = action.overdue(today)
    line = f"{ACTION_MARKS[action.status]} {'OVERDUE ' if overdue else ''}{_one(action.text)}"
    extra = [e for e in (_one(action.owner), f"due {short_date(action.due)}" if action.due else "",
                         "" if action.status == "open" else action.status) if e]
    if extra:
        line += f"  ({', '.join(extra)})"
    return line


def notes_title(unsaved_here: bool, others: int, too_long: int = 0,
                refused: bool = False) -> str:
    """The notes title says what is true of the notes on screen; other questions' unsaved
    notes get a short mention. `too_long`: the length of notes shown only in part;
    `refused`: no save can work until senco-tui is started again."""
    if unsaved_here and refused:
        return "Notes NOT SAVED: kept on screen; saving works again after a restart"
    if too_long:
        return (f"Notes: {size_words(too_long)}, too long to edit here; the start is shown, "
                f"all of it is {'NOT SAVED yet' if unsaved_here else 'kept'}")
    if unsaved_here:
        return (f"Notes NOT SAVED (+{others} other): kept, retried" if others
                else "Notes NOT SAVED: kept, tried again every few seconds")
    if others:
        return f"Notes  (unsaved notes on {others} other question{'s' if others > 1 else ''}, " \
               "retried)"
    return "Notes  (e edit · esc leave · saved as you type)"

