"""A meeting's notes as markdown: pure, MeetingNotes in, text out.

Everything a person typed (and everything from checklist YAML) goes through the
escapers here, so it can never turn into a heading, list, link, HTML, code or an
extra table cell, whatever it contains.
"""

from __future__ import annotations

import re
from datetime import date

from senco_tui.carry import CarryItem
from senco_tui.checklist import SECTIONS, acronyms_in
from senco_tui.meeting import MeetingNotes, QuestionView
from senco_tui.records import CARRY_POLICY_WORDS, STATUS_WORDS, STATUSES, WELLBEING, Action
from senco_tui.safe_text import safe_text

_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")

# Special anywhere in a line: escapes, code, emphasis, links and images, raw HTML
# and autolinks, table cells, heading closers, strikethrough, GitHub's maths.
_SPECIAL = re.compile(r"([\\`*_\[\]<|#~$])")
# `&amp;` and friends would turn into other characters (even `<`): keep them literal.
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
# At the start of a line: ordered list markers ("1." "1)").
_ORDERED = re.compile(r"^([0-9]+)([.)])")
_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

# Long question text in a table cell is cut to this many characters.
_SHORT = 60
LEFT_OUT = "left out of this copy (the SENCo's wellbeing)"


def clean(text: str) -> str:
    """One newline convention; no control characters (they carry no meaning in notes, NUL
    turns into U+FFFD in markdown parsers, ESC would drive the terminal of whoever prints
    the file) and no bidi overrides (see safe_text)."""
    return safe_text(text.replace("\r\n", "\n").replace("\r", "\n"), multiline=True)


def _escape_line(line: str) -> str:
    # Leading spaces would make a code block and trailing ones a hard break; both
    # disappear in rendering anyway.
    line = line.strip(" \t")
    # each substitution only where it can apply: most lines need none (a report escapes
    # thousands)
    out = _SPECIAL.sub(r"\\\1", line) if _SPECIAL.search(line) else line
    if "&" in out:
        out = _ENTITY.sub(r"\\&", out)
    if out and out[0] in _ASCII_PUNCT and out[0] != "\\":
        # any block marker: - + = > : ! and the rest
        out = "\\" + out
    return _ORDERED.sub(r"\1\\\2", out) if out[:1].isdigit() else out


def _leading(line: str) -> str:
    """A line's leading spaces, a tab counted as four."""
    return line[: len(line) - len(line.lstrip(" \t"))].replace("\t", "    ")


# Any character escape_inline may have to change: controls (line breaks and tabs too),
# what safe_text removes, what markdown treats as special, and `&`
_NOT_PLAIN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                        "\ud800-\udfff\\\\`*_\\[\\]<|#~$&]")


def escape_inline(text: str) -> str:
    """User text for a single line (a heading, a list item's first line)."""
    if (text and _NOT_PLAIN.search(text) is None and not text[0].isspace()
            and text[-1] != " " and text[0] not in _ASCII_PUNCT and not text[0].isdigit()):
        return text  # most text needs nothing done (a report escapes thousands)
    words = " ".join(part for part in clean(text).split("\n") if part.strip())
    return _escape_line(words)


def escape_cell(text: str) -> str:
    """User text for a table cell: `|` escaped, line breaks kept as <br>."""
    lines = [_escape_line(line) for line in clean(text).strip().split("\n")]
    return "<br>".join(lines)


def escape_block(text: str, indent: str = "") -> str:
    """User text as paragraphs: blank lines separate them, single newlines are hard breaks.

    `indent` is put before every line but the first, so the block can continue a list item.
    """
    lines = clean(text).split("\n")
    # Indentation beyond the least indented line is kept as no-break spaces, so an
    # indented list keeps its shape (plain spaces would be dropped or make a code block).
    common = min((len(_leading(line)) for line in lines if line.strip()), default=0)
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            nesting = _leading(line)[common:].replace(" ", "\u00a0")
            paragraphs[-1].append(nesting + _escape_line(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    # a backslash at the end of a line is CommonMark's hard break
    joined = ["\\\n".join(p) for p in paragraphs if p]
    return "\n\n".join(joined).replace("\n", "\n" + indent).replace(indent + "\n", "\n")


def when(d: date) -> str:
    """28 November 2026: unambiguous in an English school and in any locale."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def _short(text: str) -> str:
    text = " ".join(clean(text).split())
    if len(text) <= _SHORT:
        return text
    return text[:_SHORT].rsplit(" ", 1)[0] + "…"


def _status_word(status: str | None) -> str:
    return "No status" if status is None else STATUS_WORDS[status]


def _owner_due(action: Action, today: date) -> list[str]:
    parts = [f"owner: {escape_inline(action.owner) or 'not set'}"]
    parts.append(f"due {when(action.due)}" if action.due else "no due date")
    if action.overdue(today):
        parts.append("**OVERDUE**")
    return parts


class _Note:
    """Builds the note one block at a time; blocks are separated by a blank line.

    A summary first (who, when, how far it got, the actions agreed, what was decided about
    each carried item, what else stays open), then the detail, section by section.
    `detail` adds what only the line manager needs (question ids, the sources of the
    questions, earlier notes on carried items); without `include_wellbeing` the notes on
    the SENCo's own wellbeing are left out (special category data: they go to the head or
    governors only when chosen).
    """

    def __init__(self, notes: MeetingNotes, detail: bool, include_wellbeing: bool):
        self.notes = notes
        self.detail = detail
        self.include_wellbeing = include_wellbeing
        self.blocks: list[str] = []
        self.section_titles = dict(SECTIONS)
        self.asks: dict[str, str] = {}
        for view in notes.questions:
            self.section_titles[view.section.slug] = view.section.title
            self.asks[view.question.id] = view.question.ask

    def add(self, *blocks: str) -> None:
        self.blocks.extend(blocks)

    def render(self) -> str:
        self.head()
        self.actions()
        self.carried()
        self.still_open()
        self.sections()
        self.not_discussed()
        self.terms()
        self.add(f"*Exported by senco-tui on {when(self.notes.today)}.*")
        return "\n\n".join(self.blocks) + "\n"

    def _private(self, section: str) -> bool:
        """Notes in this section stay out of this copy (the SENCo's wellbeing)."""
        return section == WELLBEING and not self.include_wellbeing

    # -- the summary --------------------------------------------------------------

    def head(self) -> None:
        n = self.notes
        m = n.meeting
        self.add(f"# Line-management meeting: {escape_inline(n.senco.name)}, "
                 f"{escape_inline(n.senco.school)}, {m.label}")
        held = when(m.held_on) if m.held_on else "not recorded"
        attendees = escape_block(m.attendees, "  ") or "not recorded"
        lines = [f"- Held: {held}", f"- Attendees: {attendees}"]
        if n.checklist_title:
            lines.append(f"- Checklist: {escape_inline(n.checklist_title)}")
        lines.append(f"- Discussed: {self._discussed()}")
        if n.carried:
            lines.append(f"- Carried forward: {self._decided()}")
        still = n.still_open
        overdue = sum(1 for i in still if i.overdue)
        lines.append("- Still open: " + (
            f"{_count(len(still), 'item')} carry into the next meeting"
            + (f", {overdue} overdue" if overdue else "") if still
            else "nothing carries into the next meeting"))
        lines.append(f"- What carries forward: {CARRY_POLICY_WORDS[n.policy]}")
        self.add("\n".join(lines))

    def _discussed(self) -> str:
        progress = self.notes.progress
        of = f"{progress.discussed} of {progress.total}" if progress.total is not None \
            else str(progress.discussed)
        statuses = [v.status for v in self.notes.questions if v.discussed]
        counts = [f"{statuses.count(s)} {STATUS_WORDS[s]}" for s in STATUSES if s in statuses]
        if None in statuses:
            counts.append(f"{statuses.count(None)} without a status")
        word = "question" if (progress.total or progress.discussed) == 1 else "questions"
        return f"{of} {word}" + (f" ({', '.join(counts)})" if counts else "")

    def _decided(self) -> str:
        states = [item.state for item in self.notes.carried]
        words = {"done": "done", "resolved": "resolved", "dropped": "dropped",
                 "open": "kept open", "unreviewed": "not reviewed"}
        parts = [f"{states.count(s)} {w}" for s, w in words.items() if s in states]
        return f"{_count(len(states), 'item')}: {', '.join(parts)}"

    def actions(self) -> None:
        self.add("## Actions agreed")
        actions = self.notes.actions
        if not actions:
            self.add("No actions were agreed in this meeting.")
            return
        head = "| Action | Owner | Due |" + (" From question |" if self.detail else "")
        rows = [head, "| --- | --- | --- |" + (" --- |" if self.detail else "")]
        for a in actions:
            text = escape_cell(a.text)
            if a.status != "open":
                text += f" ({a.status})"
            due = when(a.due) if a.due else "—"
            if a.overdue(self.notes.overdue_from):
                due += " **OVERDUE**"
            row = f"| {text} | {escape_cell(a.owner) or '—'} | {due} |"
            if self.detail:
                source = "—" if a.question_id is None else \
                    escape_cell(_short(self.asks.get(a.question_id, a.question_id)))
                row += f" {source} |"
            rows.append(row)
        self.add("\n".join(rows))

    def carried(self) -> None:
        items = self.notes.carried
        if not items:
            return
        self.add("## Carried forward")
        self.add("\n".join(self._carried_item(item) for item in items))

    def _item_head(self, item: CarryItem) -> tuple[str, list[str]]:
        """An open item's first line and the facts about where it stands."""
        here = item.origin.id == self.notes.meeting.id
        if item.kind == "action" and item.action is not None:
            head = f"- **Action:** {escape_inline(item.text)}"
            origin = "agreed in this meeting" if here else f"from {item.origin.label}"
            facts = [origin, *_owner_due(item.action, self.notes.overdue_from)]
        else:
            title = escape_inline(self.section_titles.get(item.section, item.section))
            head = f"- **Question ({title}):** {escape_inline(item.text)}"
            where = "this meeting" if here else item.origin.label
            facts = [f"rated {_status_word(item.origin_status)} in {where}"]
        if item.stale:
            facts.append(f"**carried {_times(item.carried)}**")
        elif item.carried:
            facts.append(f"carried {_times(item.carried)}")
        return head, facts

    def _carried_item(self, item: CarryItem) -> str:
        """One line: the item, where it stands, and what this meeting decided; with
        `detail`, the notes it was carried with and the last update below it."""
        head, facts = self._item_head(item)
        lines = [f"{head} ({'; '.join(facts)}): **{self._decision(item)}**"]
        if self.detail and not self._private(item.section):
            if item.kind == "question" and item.origin_notes.strip():
                lines.append(f"  - Notes then: {escape_block(item.origin_notes, '    ')}")
            if item.last_update.strip():
                lines.append(f"  - Last update: {escape_block(item.last_update, '    ')}")
        return "\n".join(lines)

    def _decision(self, item: CarryItem) -> str:
        state, review = item.state, item.decision
        if state == "resolved":
            return f"Resolved: rated {STATUS_WORDS[item.resolved_by]}"
        if review is None and state == "open":  # amber or red again where it is asked
            return f"Rated {STATUS_WORDS[item.rated_here]} again: still open"
        if review is None:
            return "Not reviewed"
        word = {"done": "Done", "open": "Still open", "dropped": "Dropped"}[review.decision]
        note = escape_inline(review.note)
        if not note:
            return word
        if self._private(item.section):
            return f"{word} — {LEFT_OUT}"
        return f"{word} — update: {note}" if review.decision == "open" else f"{word} — {note}"

    def still_open(self) -> None:
        """What carries on that is not listed above already: the questions this meeting
        left Amber or Red (the actions agreed and the carried items are above)."""
        carried = {item.key for item in self.notes.carried}
        items = [item for item in self.notes.still_open
                 if item.kind == "question" and item.origin.id == self.notes.meeting.id
                 and item.key not in carried]
        if not items:
            return
        self.add("## Still open", "Besides the actions agreed and the carried items kept open "
                 "above, these questions were left Amber or Red:")
        lines = []
        for item in items:
            title = escape_inline(self.section_titles.get(item.section, item.section))
            lines.append(f"- **{_status_word(item.origin_status)}** ({title}): "
                         f"{escape_inline(item.text)}")
        self.add("\n".join(lines))

    # -- the detail ----------------------------------------------------------------

    def sections(self) -> None:
        current = None
        for view in self.notes.questions:
            if not view.discussed:
                continue
            if view.section.slug != current:
                current = view.section.slug
                self.add(f"## {escape_inline(view.section.title)}")
            self.question(view)

    def question(self, view: QuestionView) -> None:
        q = view.question
        status = view.answer.status if view.answer else None
        about = []
        if self.detail:
            about.append(f"question {escape_inline(q.id)}")
        if not view.in_checklist:
            about.append("no longer in the checklist")
        self.add(f"### {escape_inline(q.ask)}",
                 f"Status: **{_status_word(status)}**"
                 + (f" ({'; '.join(about)})" if about else ""))
        if self.detail and q.credit.strip():
            self.add(f"Idea from: {escape_inline(q.credit)}")
        if view.answer and view.answer.notes.strip():
            if self._private(view.section.slug):
                self.add(f"*Notes {LEFT_OUT}.*")
            else:
                self.add(escape_block(view.answer.notes))
        if view.actions:
            self.add("Actions:", "\n".join(self._action_item(a) for a in view.actions))

    def _action_item(self, action: Action) -> str:
        facts = _owner_due(action, self.notes.overdue_from)
        if action.status != "open":
            facts.append(action.status)
        return f"- {escape_block(action.text, '  ')} ({', '.join(facts)})"

    def not_discussed(self) -> None:
        by_section: dict[str, list[str]] = {}
        for view in self.notes.questions:
            if not view.discussed:
                title = escape_inline(view.section.title)
                by_section.setdefault(title, []).append(escape_inline(view.question.ask))
        self.add("## Not discussed")
        if not by_section:
            self.add("Every question was discussed.")
            return
        self.add("\n".join(f"- {title}: {' · '.join(asks)}" for title, asks in by_section.items()))

    def terms(self) -> None:
        """What the acronyms in the note mean, for readers outside SEND (heads, governors)."""
        used = acronyms_in("\n".join(self.blocks), self.notes.glossary)
        if used:
            self.add("## Terms used", "\n".join(
                f"- {escape_inline(term)}: {escape_inline(meaning)}" for term, meaning in used))


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def render(notes: MeetingNotes, *, detail: bool = False,
           include_wellbeing: bool = False) -> str:
    """The meeting's notes as a markdown document, ready to send: a summary, then the detail.

    `detail`: question ids, the questions' sources and earlier notes on carried items too.
    `include_wellbeing`: the notes on the SENCo's own wellbeing too (left out otherwise).
    """
    return _Note(notes, detail, include_wellbeing).render()
