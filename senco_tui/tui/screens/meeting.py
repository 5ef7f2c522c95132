"""The meeting: step through the half-term's questions, record, review what was carried.

Left, the outline (carried items first, then each section's questions, each with a
status marker: coloured block *and* letter). Right, the current item. Moving
(`j`/`k`) only redraws the right-hand pane and never queries more than one question's
history, so it stays quick on the largest half-term.

Notes are saved by a debounce timer (at most a second after the last keystroke) and
whenever the editor is left: escape, blur, another question, leaving the screen, quit.
"""

from __future__ import annotations

import re
from functools import partial

from rich.text import Text
from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Provider
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Button, Footer, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from senco_tui.calendar import short_date
from senco_tui.records import HALF_TERM_TITLES, STATUS_LETTERS, STATUS_WORDS

STATUS_KEYS = Binding.Group("Status", compact=True)
EDIT_ACTION = "Edit the highlighted action, or a carried one: text, owner, due date"
NOTES_DEBOUNCE = 0.8  # seconds after the last keystroke (the promise is "at most 1 s")
# Textual's TextArea wraps all of its text on every load (~2 s a wrap for 5 MB): longer
# notes are kept whole but shown in part, read-only; a paste that would make them longer
# is saved as it is and shown the same way.
NOTES_EDIT_LIMIT = 100_000  # characters (some 30 pages)
LAST_TIME_SHOWN = 2_000  # characters of last time's notes shown with the question


def size_words(chars: int) -> str:
    return f"{chars / 1_000_000:.1f} MB" if chars >= 1_000_000 else f"{chars // 1000} KB"

STATUS_STYLES = {
    "green": "bold #ffffff on #2e7d32",
    "amber": "bold #000000 on #f9a825",
    "red": "bold #ffffff on #c62828",
    "na": "bold #ffffff on #616161",
    None: "",
}
# carried items: what this meeting decided (letter and colour, like statuses)
# (symbols, not letters, so they are not read as keys: d drops, x marks done)
DECISION_MARKS = {
    None: ("?", "bold #ffffff on #1565c0", "Not reviewed yet"),
    "open": ("→", "bold #000000 on #f9a825", "Kept open"),
    "done": ("✓", "bold #ffffff on #2e7d32", "Done"),
    "dropped": ("✗", "bold #ffffff on #616161", "Dropped"),
    "resolved": ("✓", "bold #ffffff on #2e7d32", "Resolved"),
}


NOTES_ONLY = "✎"  # notes but no status: discussed, though not rated


def status_marker(status: str | None) -> Text:
    return Text(f" {STATUS_LETTERS[status]} ", style=STATUS_STYLES[status])


def answer_marker(answer) -> Text:
    """The status marker, or ✎ when there are notes but no status (still discussed)."""
    if answer is not None and answer.status is None and answer.notes.strip():
        return Text(f" {NOTES_ONLY} ", style="bold")
    return status_marker(answer.status if answer else None)


def answer_words(answer) -> str:
    if answer is not None and answer.status is None and answer.notes.strip():
        return "Notes, no status"
    return STATUS_WORDS[answer.status if answer else None]


def carry_state(item) -> str | None:
    if item.resolved_by is not None:
        return "resolved"
    if item.decision is None and item.rated_here is not None:
        return "open"  # rated amber or red again here: discussed, and it stays open
    return item.decision.decision if item.decision is not None else None


class FixedHeight:
    """For widgets whose height the stylesheet fixes: new content needs no layout of
    the screen (which reflows everything), unless a scrollbar must come or go."""

    def refresh(self, *regions, repaint=True, layout=False, recompose=False):
        if (layout and not recompose and self.size and not self.show_vertical_scrollbar
                and self.virtual_size.height <= self.size.height):
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


class ActionsList(FixedHeight, OptionList):
    """The current question's actions: one is always highlighted, and x, d and E act on it.

    Tab moves here from the outline; up/down choose, enter edits, escape goes back.
    Up/down stop at the ends: wrapping round put x on an action the user did not mean.
    """

    BINDINGS = [Binding("escape", "leave", "Back to questions", id="actions.leave")]

    def action_leave(self) -> None:
        self.screen.query_one("#outline").focus()

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if not self.option_count:
            return
        index = 0 if self.highlighted is None else self.highlighted + direction
        self.highlighted = min(max(index, 0), self.option_count - 1)


class NotesArea(FixedHeight, TextArea):
    """The notes editor: escape leaves it (the notes are saved on the way out)."""

    class TooLong(Message):
        """A paste would make the notes too long to edit here: these are the notes."""

        def __init__(self, text: str):
            super().__init__()
            self.text = text

    def _on_paste(self, event: events.Paste) -> None:
        if self.read_only or len(self.text) + len(event.text) <= NOTES_EDIT_LIMIT:
            return  # TextArea's own paste
        event.prevent_default()
        event.stop()
        start, end = sorted(self.selection)
        index = self.document.get_index_from_location
        text = self.text
        self.post_message(self.TooLong(text[:index(start)] + event.text + text[index(end):]))

    BINDINGS = [
        Binding("escape", "leave", "Leave editor (saved)", id="notes.leave"),
        Binding("escape", "leave('unsaved')", "Leave editor (NOT saved yet)",
                id="notes.leave_unsaved"),
    ]

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "leave":  # the footer says whether these notes are saved
            return bool(parameters) == self.screen.unsaved_here()
        return super().check_action(action, parameters)

    def action_leave(self, unsaved: str = "") -> None:
        self.screen.query_one("#outline").focus()


class Outline(OptionList):
    """The meeting's outline: moving the highlight repaints two lines, not the whole list.

    pageup/pagedown scroll the question text on the right (it takes no focus of its own).
    """

    BINDINGS = [
        Binding("pageup", "screen.scroll_text(-1)", "Scroll text up", show=False),
        Binding("pagedown", "screen.scroll_text(1)", "Scroll text down", show=False),
    ]
    highlighted: reactive[int | None] = reactive(None, repaint=False)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        super().watch_highlighted(new)
        for index in (old, new):
            line = self._line_cache.index_to_line.get(index) if index is not None else None
            if line is not None:
                self.refresh_lines(line, self._line_cache.heights.get(index, 1))

    async def _on_click(self, event) -> None:
        # One click selects, like j/k; a double click edits (as enter does). So a status
        # key pressed after a click rates the question rather than typing into its notes.
        event.prevent_default()
        clicked = event.style.meta.get("option")
        if clicked is None or self._options[clicked].disabled:
            return
        self.highlighted = clicked
        if event.chain > 1:
            self.action_select()

    def _size_updated(self, size, virtual_size, container_size, layout: bool = True) -> bool:
        # Every layout hands an OptionList its own height as the virtual size (the list
        # keeps its real one), which repaints the scrollbar each time: skip that when
        # nothing changed. (Textual 8.2 internals; the version is pinned.)
        if size == self._size and container_size == self.container_size:
            return False
        return super()._size_updated(size, virtual_size, container_size, layout)


class QuestionText(ScrollView, can_focus=False):
    """The current item's text (ask, probes, hint, glossary, last time): a fixed-height
    area that scrolls (mouse wheel, or pageup/pagedown from the outline). It takes no
    focus: a stop on tab that showed nothing sent the next keys somewhere unseen.

    Showing another item changes what it paints and its scrollable height, never its
    size, so moving through the outline needs no layout of the screen. (The scrollbar
    is always shown: one that came and went would need a layout.)
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.text = Text()
        self._lines: list[Strip] = []
        self._blank = Strip([])
        self._style = None  # the style the lines were made with
        self._wrapped: dict[tuple, list[Strip]] = {}

    @property
    def plain(self) -> str:
        return self.text.plain

    def show(self, text: Text | str) -> None:
        self.text = Text(text) if isinstance(text, str) else text
        old = self._lines
        self._wrap()
        if self.scroll_offset.y:
            self.scroll_to(0, 0, animate=False, immediate=True)
            self.refresh()
            return
        # repaint only the lines that changed (the section line often stays)
        for y in range(self.size.height):
            line = self._lines[y] if y < len(self._lines) else None
            if (line is None and y >= len(old)) or (y < len(old) and old[y] == line):
                continue
            self.refresh_line(y)

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            self._lines = []
            return
        style = self._style = self.rich_style
        # moving back and forth shows the same texts again: wrap each once
        key = (self.text.plain, tuple(self.text.spans), width, style)
        lines = self._wrapped.get(key)
        if lines is None:
            console = self.app.console
            lines = console.render_lines(self.text, console.options.update_width(width),
                                         style=style, pad=False)
            lines = [Strip(line).extend_cell_length(width, style) for line in lines]
            if len(self._wrapped) >= 500:
                self._wrapped.clear()
            self._wrapped[key] = lines
        self._lines = lines
        self._blank = Strip.blank(width, style)
        size = Size(width, len(self._lines))
        old = self.virtual_size
        if size != old:
            # set without the reactive's layout; the scrollbar is told directly, unless
            # the text fitted before and fits now (the bar looks the same: no repaint)
            self.set_reactive(Widget.virtual_size, size)
            fits = self.scrollable_content_region.height
            if not (old.width == size.width and old.height <= fits and size.height <= fits):
                self._scroll_update(size)

    def on_resize(self) -> None:
        self._wrap()
        self.refresh()

    def notify_style_update(self) -> None:
        # another theme: the lines were painted in the old one's colours
        super().notify_style_update()
        if self._lines and self.rich_style != self._style:
            self._wrap()
            self.refresh()

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        return self._lines[index] if index < len(self._lines) else self._blank


WORDS_FOUND = 1000.0  # above any fuzzy score (Textual's are not bounded by 1)


def word_rank(query: str, label: str) -> float:
    """How well `label` matches the typed words: WORDS_FOUND and more when each word is
    in it as typed (more at the start of words), 0 when not. Scattered-letter (fuzzy)
    matches rank below all of these."""
    words = query.lower().split()
    text = label.lower()
    if not words or not all(word in text for word in words):
        return 0.0
    starts = sum(1 for word in words if re.search(r"\b" + re.escape(word), text))
    return WORDS_FOUND + 100 * starts / len(words)


def highlight_words(matcher, label: str) -> Content:
    """The label (as plain text, never markup) with the typed words marked."""
    content = Content(label)
    for word in matcher.query.split():
        for found in re.finditer(re.escape(word), label, re.IGNORECASE):
            content = content.stylize(matcher.match_style, found.start(), found.end())
    return content


class QuestionHits(Provider):
    """The questions (and carried items), by section title and words typed."""

    def _targets(self):
        screen = self.screen
        if isinstance(screen, MeetingScreen):
            yield from screen.jump_targets()

    def _hits(self, query: str):
        matcher = self.matcher(query)
        for order, (label, more, callback) in enumerate(self._targets()):
            # the words in what is shown first; then in the probes and hint
            if score := word_rank(query, label) or max(word_rank(query, more) - 200, 0):
                # checklist order among equal matches
                yield Hit(score - order * 1e-3, highlight_words(matcher, label), callback)
            elif score := matcher.match(label):
                yield Hit(min(score, WORDS_FOUND / 2), Content(label), callback)

    async def discover(self):
        for label, _, callback in self._targets():
            yield DiscoveryHit(label, callback)

    async def search(self, query: str):
        for hit in self._hits(query):
            yield hit


class JumpToQuestion(QuestionHits):
    """Command palette: one "Jump to question…" entry until something is typed, then
    the questions (and carried items) matching the typed words.

    Listing every question in the empty palette pushed Export, Help and Theme out of sight.
    """

    LABEL = "Jump to question…"

    def _choose(self) -> None:
        from textual.command import CommandPalette

        # a palette of the questions alone, for browsing or typing
        self.app.push_screen(CommandPalette(providers=[QuestionHits],
                                            placeholder="Type words from the question…"))

    async def discover(self):
        if isinstance(self.screen, MeetingScreen):
            yield DiscoveryHit(self.LABEL, self._choose,
                               help="Type words from a question to go straight to it")

    async def search(self, query: str):
        matcher = self.matcher(query)
        if isinstance(self.screen, MeetingScreen):
            if word_rank(query, self.LABEL):
                yield Hit(2 * WORDS_FOUND, highlight_words(matcher, self.LABEL), self._choose)
            elif score := matcher.match(self.LABEL):
                yield Hit(min(score, WORDS_FOUND / 2), Content(self.LABEL), self._choose)
        for hit in self._hits(query):
            yield hit


class MeetingScreen(Screen):
    COMMANDS = {JumpToQuestion}
    BINDINGS = [
        Binding("j,down", "next", "Next", id="meeting.next", key_display="j/↓",
                tooltip="Next question"),
        Binding("k,up", "previous", "Previous", id="meeting.previous", key_display="k/↑",
                show=False, tooltip="Previous question"),
        Binding("1", "status('green')", "Green", id="meeting.green", group=STATUS_KEYS,
                tooltip="Status Green: in place, on track"),
        Binding("2", "status('amber')", "Amber", id="meeting.amber", group=STATUS_KEYS,
                tooltip="Status Amber: partly in place"),
        Binding("3", "status('red')", "Red", id="meeting.red", group=STATUS_KEYS,
                tooltip="Status Red: not yet, a concern"),
        Binding("4", "status('na')", "N/A", id="meeting.na", group=STATUS_KEYS,
                tooltip="Status N/A: not applicable"),
        Binding("0", "status('')", "Clear status", id="meeting.clear", group=STATUS_KEYS,
                tooltip="Clear the status (not discussed)"),
        Binding("e", "edit", "Notes", id="meeting.edit",
                tooltip="Edit the notes for this question"),
        Binding("a", "add_action", "Action", id="meeting.add_action",
                tooltip="Add an action: text, owner, due date"),
        Binding("x", "done", "Done", id="meeting.done",
                tooltip="Mark the highlighted action done (again: open), or a carried item done"),
        Binding("E", "edit_action", "Edit action", id="meeting.edit_action", show=False,
                key_display="E", tooltip=EDIT_ACTION),
        # on a carried action: its only way to a new due date or owner. Not in the footer:
        # every carried item shows the same keys, so moving among them lays out nothing
        Binding("E", "edit_action('carried')", "Edit", id="meeting.edit_carried",
                key_display="E", show=False, tooltip=EDIT_ACTION),
        Binding("u", "keep_open", "Keep open", id="meeting.keep_open",
                tooltip="Keep a carried item open, with an update"),
        Binding("d", "drop", "Drop", id="meeting.drop", tooltip="Drop a carried item (asks first)"),
        Binding("d", "drop_action", "Drop action", id="meeting.drop_action", show=False,
                tooltip="Drop the highlighted action (asks first; x opens it again)"),
        Binding("ctrl+e", "export", "Export", id="meeting.export", priority=True, show=False,
                tooltip="Export: preview the notes, then write markdown"),
        Binding("m", "details", "Meeting details", id="meeting.details", show=False,
                tooltip="Meeting details: the date it was held, who attended"),
        Binding("q", "back", "Back", id="meeting.back",
                tooltip="Back to the home screen"),
        # tab goes between the outline and the actions only (the notes: e or enter)
        Binding("tab", "tab", show=False),
        Binding("shift+tab", "tab", show=False),
    ]

    def __init__(self, senco, meeting, checklist_title: str, half_term, banner: str = ""):
        super().__init__()
        self.senco = senco
        self.meeting = meeting
        self.checklist_title = checklist_title
        self.half = half_term  # None: the checklist is broken; questions as recorded
        self.banner = banner
        self.rows: list = []  # aligned with the outline: ("section"|"carried"|"question", obj)
        self.index_of: dict[str, int] = {}  # option id -> row index
        self._history: dict[str, tuple | None] = {}
        self._glossary_lines: dict[str, list[tuple[str, str]]] = {}
        self._editing = None  # the QuestionView whose notes are in the editor
        self._saved_text = ""
        self._too_long = 0  # the notes' length when only their start is in the editor
        # notes a save refused (disk full, file made read-only): question id -> (view,
        # text); shown in the editor again and retried on every save until one succeeds
        self.unsaved: dict[str, tuple] = {}
        self._save_problem = ""
        self._notes_line = ""  # the notes title shown
        self._timer = None
        self._kind = None  # kind of the current row, to refresh footer keys when it changes
        self._shown = None  # outline index the detail pane shows
        self._actions_shown: list = []  # (id, text) of the options in #actions
        self._actions_of = None  # the question whose actions #actions shows
        self._status_shown = ""  # markup in #status-line

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # one plain line (Textual's Header keeps a third of 80 columns for its icon and
        # clock space, which cut the progress off)
        yield Static("", id="title", markup=False)
        if self.banner:
            yield Static(self.banner, id="banner", markup=False)
        with Horizontal(id="meeting"):
            yield Outline(id="outline", markup=False)
            with Vertical(id="detail"):
                yield QuestionText(id="question")
                with Vertical(id="question-parts"):
                    yield Static("", id="status-line")
                    yield Static("Notes  (e edit · esc leave · saved as you type)",
                                 classes="part-title", id="notes-title")
                    yield NotesArea("", id="notes", soft_wrap=True, tab_behavior="focus")
                    yield Static("Actions  (a add · x done/open · tab, then ↑↓)",
                                 classes="part-title", id="actions-title")
                    yield ActionsList(id="actions", markup=False)
                with Horizontal(id="carry-parts"):
                    # clicked, or their keys: not tab stops
                    yield Button("Done (x)", id="carry-done", variant="success")
                    yield Button("Keep open… (u)", id="carry-open", variant="warning")
                    yield Button("Drop (d)", id="carry-drop")
        yield Footer()

    def on_mount(self) -> None:
        # kept so notes can still be flushed while the screen is being taken down
        self.editor = self.query_one("#notes", NotesArea)
        for button in self.query("#carry-parts Button"):
            button.can_focus = False
        self.title = f"{self.senco.name} · {self.meeting.label}"
        self.load()
        outline = self.query_one("#outline", OptionList)
        first = next((i for i, (kind, _) in enumerate(self.rows) if kind != "section"), None)
        # reopen where this meeting was left
        from senco_tui import preferences

        last = preferences.load(self.app.paths).get("last_question", {})
        outline.highlighted = self.index_of.get(last.get(str(self.meeting.id)), first)
        outline.focus()

    def load(self) -> None:
        """(Re)read the meeting through the meeting service and redraw what changed."""
        from senco_tui.meeting import load_notes

        self.notes = load_notes(self.app.store, self.meeting.id, self.half,
                                self.app.glossary(), self.app.today,
                                checklist_title=self.checklist_title)
        rows: list = []
        if self.notes.carried:
            rows.append(("section", f"Carried forward ({len(self.notes.carried)})"))
            rows.extend(("carried", item) for item in self.notes.carried)
        section = None
        for view in self.notes.questions:
            if view.section.slug != section:
                section = view.section.slug
                rows.append(("section", view.section.title))
            rows.append(("question", view))
        outline = self.query_one("#outline", OptionList)
        same_shape = [self._row_id(r) for r in rows] == [self._row_id(r) for r in self.rows]
        highlighted = outline.highlighted
        # the item on screen, found again by key: a change may re-sort it (a new due
        # date ends OVERDUE), and the user should see what they just changed
        was = (self._row_id(self.rows[highlighted])
               if highlighted is not None and highlighted < len(self.rows) else None)
        self.rows = rows
        self.index_of = {self._row_id(r): i for i, r in enumerate(rows)}
        if same_shape:
            for i, row in enumerate(rows):
                if row[0] != "section":
                    outline.replace_option_prompt_at_index(i, self._prompt(row))
        else:
            outline.set_options(
                Option(self._prompt(r), id=self._row_id(r), disabled=r[0] == "section")
                for r in rows)
            highlighted = self.index_of.get(was, highlighted)
            if highlighted is not None and highlighted < len(rows):
                outline.highlighted = highlighted
        self.refresh_progress()
        self._shown = None  # redraw the detail: its item has changed
        self.show_current()

    @staticmethod
    def _row_id(row) -> str:
        kind, obj = row
        if kind == "section":
            return f"section:{obj}"
        if kind == "carried":
            return f"carried:{obj.key}"
        return f"q:{obj.question.id}"

    def _prompt(self, row):
        kind, obj = row
        if kind == "section":
            return Text(obj.upper(), style="bold", no_wrap=True, overflow="ellipsis")
        if kind == "carried":
            letter, style, _ = DECISION_MARKS[carry_state(obj)]
            # kind, overdue and age in the row itself, readable without colour
            text = Text.assemble((f" {letter} ", style), " A " if obj.kind == "action" else " Q ")
            if obj.overdue and obj.open_after:
                text.append("OVERDUE ", style="bold")
            if obj.carried > 1:
                text.append(f"×{obj.carried} ", style="bold reverse" if obj.stale else "bold")
            text.append(obj.text)
        else:
            text = Text.assemble(answer_marker(obj.answer), " ", obj.question.ask)
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text

    def refresh_progress(self) -> None:
        questions = [obj for kind, obj in self.rows if kind == "question"]
        # "discussed" as the store counts it: a status or some notes
        discussed = sum(1 for v in questions
                        if v.answer and (v.answer.status or v.answer.notes))
        # with a broken checklist only what was recorded is known, not the total; a
        # question gone from the checklist counts when discussed, as on the home screen
        total = sum(1 for v in questions if v.in_checklist)
        parts = [f"{discussed}/{total} discussed" if self.half is not None
                 else f"{discussed} discussed"]
        if self.notes.carried:
            # reviewed: decided here, or rated here (resolved, or amber/red again)
            reviewed = sum(1 for item in self.notes.carried if carry_state(item) is not None)
            parts.append(f"{reviewed}/{len(self.notes.carried)} carried reviewed")
        n = sum(1 for a in self.notes.actions if a.status == "open")
        parts.append("1 new action" if n == 1 else f"{n} new actions")
        self.sub_title = " · ".join(parts)
        self._show_title()

    def _show_title(self) -> None:
        """Who, when, progress: the half-term without its year, or only who, if that is
        what fits (the progress is what changes as the meeting goes on)."""
        for who in (f"{self.senco.name} · {self.meeting.label}",
                    f"{self.senco.name} · {HALF_TERM_TITLES[self.meeting.half_term]}",
                    self.senco.name):
            line = f"{who} — {self.sub_title}"
            if len(line) <= self.app.size.width - 2:
                break
        self.query_one("#title", Static).update(line, layout=False)

    def on_resize(self) -> None:
        self._show_title()

    # -- the current item --------------------------------------------------------

    @property
    def current(self):
        i = self.query_one("#outline", OptionList).highlighted
        if i is None or i >= len(self.rows):
            return None, None
        return self.rows[i]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "outline":
            self.show_current()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "outline":
            self.action_edit()
        elif event.option_list.id == "actions":
            self.action_edit_action()

    def show_current(self) -> None:
        index = self.query_one("#outline", OptionList).highlighted
        if index == self._shown and self._shown is not None:
            return  # already showing it (a key moved it, then the message came)
        self._shown = index
        kind, obj = self.current
        self.flush_notes()
        if self.focused is self.query_one("#actions") and not (kind == "question"
                                                              and obj.actions):
            self.query_one("#outline").focus()  # no actions to choose from here
        if kind != self._kind:
            self._kind = kind
            self.query_one("#question-parts").display = kind == "question"
            self.query_one("#carry-parts").display = kind == "carried"
            self.refresh_bindings()
        if kind == "question":
            self._show_detail(self._question_text(obj))
            self._show_status(obj)
            self._load_editor(obj)
            self._show_actions(obj)
        elif kind == "carried":
            self._editing = None
            self._show_detail(self._carried_text(obj))
        else:
            self._editing = None
            self._show_detail("")

    def _show_detail(self, text) -> None:
        """Show the item's text (no layout: the text area's size never changes)."""
        self.query_one("#question", QuestionText).show(text)

    def _show_status(self, view) -> None:
        """The status, then the statuses to choose from, each clickable (fixed strings only)."""
        status = view.answer.status if view.answer else None
        marker = answer_marker(view.answer)
        shown = f"[{marker.style}]{marker.plain}[/]" if marker.style else marker.plain
        line = f"Status: {shown} {answer_words(view.answer)}\nSet:"
        for key, value in (("1", "green"), ("2", "amber"), ("3", "red"), ("4", "na"),
                           ("0", "")):
            word = STATUS_WORDS[value or None] if value else "Clear"
            style = "reverse bold" if (value or None) == status and value else "underline"
            line += f" [@click=screen.status('{value}')][{style}]{key} {word}[/][/]"
        if line != self._status_shown:  # neighbours often share a status: no repaint
            self._status_shown = line
            self.query_one("#status-line", Static).update(line, layout=False)  # fixed height

    def _question_text(self, view) -> Text:
        q = view.question
        text = Text()
        number = sum(1 for kind, _ in self.rows[: self.index_of[f"q:{q.id}"] + 1]
                     if kind == "question")
        total = sum(1 for kind, _ in self.rows if kind == "question")
        text.append(f"{view.section.title} · question {number} of {total}\n", style="dim")
        text.append(q.ask + "\n", style="bold")
        if not view.in_checklist:
            text.append("No longer in the checklist: shown for what was recorded.\n",
                        style="italic")
        for probe in q.probes:
            text.append(f"  • {probe}\n")
        if q.hint:
            text.append(f"Hint: {q.hint}\n", style="italic")
        if q.credit:
            text.append(f"Idea from: {q.credit}\n", style="dim")
        for term, meaning in self._acronyms(q):
            text.append(f"{term}", style="bold")
            text.append(f": {meaning}\n", style="dim")
        last = self._last_time(q.id)
        if last is not None:
            meeting, answer = last
            text.append(f"Last time ({meeting.label}): ", style="bold")
            text.append_text(answer_marker(answer))
            text.append(f" {answer_words(answer)}")
            if answer.notes.strip():
                notes = answer.notes.strip()
                if len(notes) > LAST_TIME_SHOWN:  # the whole of it is in the export
                    notes = notes[:LAST_TIME_SHOWN] + f"… ({size_words(len(notes))} in all)"
                text.append(f" — {notes}")
            text.append("\n")
        return text

    def _acronyms(self, q) -> list[tuple[str, str]]:
        if q.id not in self._glossary_lines:
            from senco_tui.checklist import acronyms_in

            words = " ".join((q.ask, *q.probes, q.hint))
            self._glossary_lines[q.id] = acronyms_in(words, self.notes.glossary)
        return self._glossary_lines[q.id]

    def _last_time(self, question_id: str):
        if question_id not in self._history:
            from senco_tui.meeting import history

            # academic order, only meetings where it was rated or has notes
            found = history(self.app.store, self.senco.id, question_id, before=self.meeting)
            self._history[question_id] = found[-1] if found else None
        return self._history[question_id]

    def _carried_text(self, item) -> Text:
        text = Text()
        what = "Action" if item.kind == "action" else (
            f"Question, rated {STATUS_WORDS[item.origin_status]}")
        text.append(f"Carried forward · {what}\n", style="dim")
        text.append(item.text + "\n", style="bold")
        details = [f"From: {item.origin.label}"]
        if item.action is not None:
            if item.action.owner:
                details.append(f"Owner: {item.action.owner}")
            if item.action.due:
                details.append(f"Due: {short_date(item.action.due)}")
        text.append("  ·  ".join(details) + "\n")
        if item.overdue and item.open_after:
            text.append(" OVERDUE ", style="bold #ffffff on #c62828")
            text.append(" ")
        if item.carried > 1:
            times = f"carried {item.carried} times"
            text.append(f" {times.upper()} " if item.stale else times,
                        style="bold reverse" if item.stale else "")
        if (item.overdue and item.open_after) or item.carried > 1:
            text.append("\n")
        if item.origin_notes.strip():
            text.append(f"Notes then: {item.origin_notes.strip()}\n")
        if item.last_update:
            text.append(f"Last update: {item.last_update}\n")
        letter, style, words = DECISION_MARKS[carry_state(item)]
        text.append("\nThis meeting: ")
        text.append(f" {letter} ", style=style)
        if item.resolved_by is not None:
            words = f"Resolved: rated {STATUS_WORDS[item.resolved_by]} this meeting"
        elif item.decision is None and item.rated_here is not None:
            words = f"Rated {STATUS_WORDS[item.rated_here]} again this meeting: still open"
        text.append(f" {words}")
        if item.decision is not None and item.decision.note:
            text.append(f" — {item.decision.note}")
        text.append("\n")
        return text

    def _load_editor(self, view) -> None:
        self._editing = view
        self._saved_text = view.answer.notes if view.answer else ""
        # notes a save refused come back into the editor, still to be saved
        text = self.unsaved[view.question.id][1] if view.question.id in self.unsaved \
            else self._saved_text
        self._too_long = len(text) if len(text) > NOTES_EDIT_LIMIT else 0
        if self._too_long:  # the start, read-only; all of it stays saved (or unsaved)
            text = text[:NOTES_EDIT_LIMIT]
        self.editor.read_only = bool(self._too_long)
        if self.editor.text != text:
            self.editor.load_text(text)
        if self._too_long:
            self._saved_text = self.editor.text  # the part shown is never saved over all
            self._show_notes_state()
        if self.editor.scroll_offset.y:  # e.g. scrolled with the mouse wheel
            self.editor.scroll_to(0, 0, animate=False, immediate=True)
        if self.unsaved or self._notes_line.startswith("Notes: "):
            self._show_notes_state()

    def on_notes_area_too_long(self, message: NotesArea.TooLong) -> None:
        view = self._editing
        if view is None:
            return
        self._too_long = len(message.text)  # the editor's text is not what is kept
        self.unsaved[view.question.id] = (view, message.text)
        self.flush_notes()
        self._load_editor(self._editing)

    def _show_actions(self, view) -> None:
        actions = self.query_one("#actions", OptionList)
        today = self.app.today
        options = []
        for action in view.actions:
            mark = {"open": "[ ]", "done": "[✓]", "dropped": "[✗]"}[action.status]
            overdue = action.overdue(today)
            line = f"{mark} {'OVERDUE ' if overdue else ''}{action.text}"
            extra = [e for e in (action.owner, f"due {short_date(action.due)}" if action.due
                                 else "", "" if action.status == "open" else action.status)
                     if e]
            if extra:
                line += f"  ({', '.join(extra)})"
            options.append(Option(line, id=f"action-{action.id}"))
        options = options or [Option("No actions yet (a to add)", disabled=True)]
        shown = [(o.id, str(o.prompt)) for o in options]
        same_question = self._actions_of == view.question.id
        before = actions.highlighted
        if shown != self._actions_shown:  # unchanged: no new options, so no layout
            self._actions_shown = shown
            actions.set_options(options)
        self._actions_of = view.question.id
        if not view.actions:
            return
        if same_question and before is not None:
            index = min(before, len(view.actions) - 1)
        else:  # the action x would act on: the first open one
            index = next((i for i, a in enumerate(view.actions) if a.status == "open"), 0)
        if actions.highlighted != index:
            actions.highlighted = index

    def selected_action(self):
        """The highlighted action of the current question, or None."""
        kind, view = self.current
        if kind != "question" or not view.actions:
            return None
        index = self.query_one("#actions", OptionList).highlighted
        if index is None or index >= len(view.actions):
            return None
        return view.actions[index]

    # -- notes autosave ----------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self._editing is None or event.text_area.text == self._saved_text:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(NOTES_DEBOUNCE, self.flush_notes)

    def on_descendant_focus(self, event) -> None:
        self._mark_focus(event.widget, True)

    def on_descendant_blur(self, event) -> None:
        self._mark_focus(event.widget, False)
        if event.widget.id == "notes":
            self.flush_notes()
            # left scrolled to the cursor, the box hid the notes' first lines
            event.widget.scroll_to(0, 0, animate=False, immediate=True)

    def _mark_focus(self, widget, focused: bool) -> None:
        """The notes or actions title is marked while its part has the keys; the actions
        list also grows, so more actions show while choosing one."""
        if widget.id in ("notes", "actions"):
            self.query_one(f"#{widget.id}-title").set_class(focused, "-focused")
        if widget.id == "actions":
            parts = self.query_one("#question-parts")
            parts.set_class(focused, "-choosing")
            # FixedHeight skips layouts; this one changes the list's height
            parts.refresh(layout=True)
            widget.call_after_refresh(widget.scroll_to_highlight)

    def flush_notes(self) -> None:
        """Write the editor's notes now if they differ from what is saved, and any notes
        an earlier save refused."""
        from senco_tui.errors import UserError

        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        view = None if self._too_long else self._editing  # not the read-only start
        if view is not None and self.editor.text != self._saved_text:
            self.unsaved[view.question.id] = (view, self.editor.text)
        elif view is not None:  # typed back to what is saved: nothing left to save
            self.unsaved.pop(view.question.id, None)
        for question_id, (view, text) in list(self.unsaved.items()):
            q = view.question
            asked = view.answer.question_text if view.answer else q.ask
            try:
                answer = self.app.store.set_notes(self.meeting.id, q.id, view.section.slug,
                                                  asked, text)
            except (UserError, OSError) as exc:
                self._show_save_problem(str(exc))
                return
            del self.unsaved[question_id]
            if self._editing is not None and self._editing.question.id == question_id:
                self._saved_text = text
            self.record_change()
            index = self.index_of.get(f"q:{question_id}")
            if index is not None:  # the row as it is now (actions may have changed)
                self._replace_view(self.rows[index][1]._replace(answer=answer))
        self._show_save_problem("")

    def _show_save_problem(self, problem: str) -> None:
        """Until a save succeeds, the notes title says which notes are not saved."""
        if problem and not self._save_problem:
            self.notify(f"Notes not saved: {problem}", severity="error", timeout=10)
        self._save_problem = problem
        self._show_notes_state()

    def unsaved_here(self) -> bool:
        """The notes of the question on screen are ones a save refused."""
        return self._editing is not None and self._editing.question.id in self.unsaved

    def _show_notes_state(self) -> None:
        """The notes title and the editor's escape key say what is true of the notes on
        screen; other questions' unsaved notes get a short mention."""
        here = self.unsaved_here()
        others = len(self.unsaved) - here
        if self._too_long and self._editing is not None:
            line = (f"Notes: {size_words(self._too_long)}, too long to edit here; the start "
                    f"is shown, all of it is {'NOT SAVED yet' if here else 'kept'}")
        elif here:
            line = f"Notes NOT SAVED (+{others} other): kept, retried" if others \
                else "Notes NOT SAVED: kept, retried as you type"
        elif others:
            line = (f"Notes  (unsaved notes on {others} other "
                    f"question{'s' if others > 1 else ''}, retried)")
        else:
            line = "Notes  (e edit · esc leave · saved as you type)"
        if line != self._notes_line:
            self._notes_line = line
            title = self.query_one("#notes-title", Static)
            title.set_class(here, "-unsaved")
            title.update(line, layout=False)  # one line at 80 columns
            self.refresh_bindings()

    def _replace_view(self, view) -> None:
        i = self.index_of[f"q:{view.question.id}"]
        old = self.rows[i][1].answer
        self.rows[i] = ("question", view)
        if answer_marker(old).plain != answer_marker(view.answer).plain:  # ✎ came or went
            self.query_one("#outline", OptionList).replace_option_prompt_at_index(
                i, self._prompt(self.rows[i]))
            self.refresh_progress()
            if i == self._shown:
                self._show_status(view)
        if self._editing is not None and self._editing.question.id == view.question.id:
            self._editing = view

    # -- actions -----------------------------------------------------------------

    def action_next(self) -> None:
        self._move(1)

    def action_previous(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        # move and redraw the detail in one screen update, not two
        outline = self.query_one("#outline", OptionList)
        with self.app.batch_update():
            if step > 0:
                outline.action_cursor_down()
            else:
                outline.action_cursor_up()
            self.show_current()

    def action_tab(self) -> None:
        """Between the outline and the current question's actions; nowhere else, so the
        next key never goes somewhere that does not show it."""
        actions = self.query_one("#actions", ActionsList)
        outline = self.query_one("#outline", OptionList)
        kind, view = self.current
        if self.focused is outline:
            if kind == "question" and view.actions:
                actions.focus()
            elif kind == "question":
                self.notify("No actions on this question yet: a adds one.", timeout=4)
            elif kind == "carried":
                self.notify("A carried item: x done, u keep open, d drop"
                            + (", E edit the action." if view.kind == "action" else "."),
                            timeout=4)
        elif self.focused is not actions and kind == "question" and view.actions:
            actions.focus()  # from the notes editor: on to the actions
        else:
            outline.focus()

    def action_scroll_text(self, pages: int) -> None:
        text = self.query_one("#question", QuestionText)
        if pages > 0:
            text.scroll_page_down(animate=False)
        else:
            text.scroll_page_up(animate=False)

    def jump_targets(self):
        # the section title is searched too ("exam" finds the Exams questions)
        for i, (kind, obj) in enumerate(self.rows):
            if kind == "question":
                q = obj.question
                yield (f"{obj.section.title}: {q.ask}", " ".join((*q.probes, q.hint)),
                       partial(self.jump_to, i))
            elif kind == "carried":
                yield f"Carried forward: {obj.text}", "", partial(self.jump_to, i)

    def jump_to(self, index: int) -> None:
        outline = self.query_one("#outline", OptionList)
        outline.highlighted = index
        outline.focus()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        kind = self._kind
        # keys that do nothing here are hidden from the footer
        carried_action = kind == "carried" and getattr(self.current[1], "kind", "") == "action"
        if action == "status":  # on a carried action they say what does apply
            return kind in ("question", "carried")
        if action in ("edit", "add_action"):
            return kind == "question"
        if action in ("keep_open", "drop"):
            return kind == "carried"
        if action == "edit_action":
            return carried_action if parameters else kind == "question"
        if action == "drop_action":
            return kind == "question"
        return True

    def action_status(self, status: str) -> None:
        from senco_tui.errors import UserError

        kind, view = self.current
        if kind == "carried":
            view = self._rate_here(view, status)
            if view is None:
                return
        elif kind != "question":
            return
        q = view.question
        asked = view.answer.question_text if view.answer else q.ask
        self.flush_notes()
        try:
            self.app.store.set_status(self.meeting.id, q.id, view.section.slug, asked,
                                      status or None)
        except UserError as exc:
            self.notify(str(exc), severity="error")
            return
        self.record_change()
        self.load()  # a status may also resolve a carried question

    def _rate_here(self, item, status: str):
        """A carried question is rated where this meeting asks it, if it does."""
        if item.kind == "action":
            self.notify("A carried action has no status: x done, u keep open, d drop, "
                        "E edit (e.g. a new due date).", timeout=5)
            return None
        index = self.index_of.get(f"q:{item.question_id}")
        if index is None:
            self.notify("Rate it where it comes up, or use x done, u keep open, d drop.")
            return None
        view = self.rows[index][1]
        word = STATUS_WORDS[status or None] if status else "cleared"
        self.notify(f"Rated {word} where this meeting asks it ({view.section.title}): "
                    f"{view.question.ask}", timeout=5)
        return view

    def action_edit(self) -> None:
        kind, _ = self.current
        if kind == "question":
            editor = self.query_one("#notes", NotesArea)
            editor.focus()
            editor.move_cursor(editor.document.end)

    def action_add_action(self) -> None:
        from senco_tui.tui.screens.forms import ActionDialog

        kind, view = self.current
        if kind != "question":
            return
        self.flush_notes()

        def added(result) -> None:
            if result is None:
                return
            text, owner, due = result
            self.app.store.add_action(self.meeting.id, view.question.id, text, owner, due)
            self.record_change()
            self.load()

        self.app.push_screen(ActionDialog(view.question.ask), added)

    def record_change(self) -> None:
        """Something was recorded: the meeting is held today, unless a date is set already
        or it is another half-term's meeting (catch-up on a past one was not held today:
        its date is left for m).

        (Opening a meeting, e.g. to prepare the agenda, does not make it held.)
        """
        here = (self.meeting.year, self.meeting.half_term) == self.app.current_half_term()
        if self.meeting.held_on is None and here:
            self.meeting = self.app.store.set_meeting_details(
                self.meeting.id, held_on=self.app.today, attendees=self.meeting.attendees)

    def action_details(self) -> None:
        from senco_tui.tui.screens.forms import MeetingDetails

        self.flush_notes()

        def saved(result) -> None:
            if result is not None:
                held_on, attendees = result
                self.meeting = self.app.store.set_meeting_details(
                    self.meeting.id, held_on=held_on, attendees=attendees)
                self.notify("Meeting details saved.", timeout=3)

        self.app.push_screen(MeetingDetails(self.meeting), saved)

    def _review(self, item, decision: str, note: str = "") -> None:
        self.app.store.review(
            self.meeting.id, kind=item.kind,
            action_id=item.action.id if item.kind == "action" else None,
            question_id=item.question_id if item.kind == "question" else None,
            decision=decision, note=note)
        self.record_change()
        self.load()

    def action_done(self) -> None:
        """A carried item: done. An action here: done, or open again if it was closed."""
        kind, obj = self.current
        if kind == "carried":
            self._review(obj, "done")
            return
        if kind != "question":
            return
        action = self.selected_action()
        if action is None:
            self.notify("No action on this question yet: press a to add one.")
            return
        if action.status == "open":
            self._action_review(action, "done", f"Done: {action.text}")
        else:
            self._action_review(action, "open", f"Open again: {action.text}")

    def _action_review(self, action, decision: str, message: str) -> None:
        if action.closed_meeting_id not in (None, self.meeting.id):
            # that meeting's decision stands (see store.review)
            closed = self.app.store.get_meeting(action.closed_meeting_id)
            self.notify(f"This action was closed in the {closed.label} meeting: "
                        "change it there.", severity="warning")
            return
        self.app.store.review(self.meeting.id, kind="action", action_id=action.id,
                              decision=decision)
        self.record_change()
        self.load()
        self.notify(message, timeout=4)

    def action_edit_action(self, which: str = "") -> None:
        from senco_tui.tui.screens.forms import ActionDialog

        kind, obj = self.current
        if kind == "carried" and obj.kind == "action":  # e.g. a new due date for an overdue one
            action, about = obj.action, f"Carried forward from {obj.origin.label}"
        elif kind == "carried":
            self.notify("A carried question: x done, u keep open, d drop.")
            return
        else:
            action = self.selected_action()
            about = obj.question.ask if action is not None else ""
        if action is None:
            self.notify("No action on this question to edit.")
            return
        self.flush_notes()

        def edited(result) -> None:
            if result is None:
                return
            text, owner, due = result
            self.app.store.update_action(action.id, text=text, owner=owner, due=due)
            self.record_change()
            self.load()
            self.notify(f"Action saved: {text}", timeout=4)

        self.app.push_screen(ActionDialog(about, action), edited)

    def action_drop_action(self) -> None:
        from senco_tui.tui.screens.forms import ConfirmDialog

        action = self.selected_action()
        if action is None:
            self.notify("No action on this question to drop.")
            return
        if action.status == "dropped":
            self.notify(f"Already dropped: {action.text} (x opens it again).")
            return

        def confirmed(yes) -> None:
            if yes:
                self._action_review(action, "dropped", f"Dropped: {action.text}")

        self.app.push_screen(ConfirmDialog(
            "Drop this action?", action.text,
            "It stays in the notes as dropped (x opens it again).", "Drop (enter)"), confirmed)

    def action_keep_open(self) -> None:
        from senco_tui.tui.screens.forms import UpdateDialog

        kind, item = self.current
        if kind != "carried":
            return
        note = item.decision.note if item.decision is not None else ""

        def kept(result) -> None:
            if result is not None:
                self._review(item, "open", result)

        self.app.push_screen(UpdateDialog(item.text, note), kept)

    def action_drop(self) -> None:
        from senco_tui.tui.screens.forms import ConfirmDialog

        kind, item = self.current
        if kind == "carried":
            # the drop replaces this meeting's review: an update typed with u stays on it
            note = item.decision.note if item.decision is not None else ""

            def confirmed(yes) -> None:
                if yes:
                    self._review(item, "dropped", note)

            self.app.push_screen(ConfirmDialog(
                "Drop this carried item?", item.text,
                "It stays in the notes as dropped and is not carried again "
                "(x or u changes this meeting's decision).", "Drop (enter)"), confirmed)
        elif kind == "question":
            self.action_drop_action()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"carry-done": self.action_done, "carry-open": self.action_keep_open,
         "carry-drop": self.action_drop}[event.button.id]()

    def action_export(self) -> None:
        from senco_tui.tui.screens.export import ExportScreen

        self.flush_notes()
        self.load()
        self.app.push_screen(ExportScreen(self.notes))

    def action_back(self) -> None:
        self.flush_notes()
        self.leave_unsaved(self.dismiss)

    def leave_unsaved(self, leave) -> None:
        """Call `leave`, asking first if some notes could not be saved (leaving loses them)."""
        from senco_tui.tui.screens.forms import ConfirmDialog

        if not self.unsaved:
            leave()
            return
        asked = "; ".join(view.question.ask for view, _ in self.unsaved.values())
        self.app.push_screen(ConfirmDialog(
            "Leave without your notes?",
            f"Notes typed on {len(self.unsaved)} question(s) could not be saved "
            f"({self._save_problem}): {asked}",
            "They are lost if you leave now. Press escape to stay: they are kept in the "
            "editor and saved as soon as the problem is fixed.",
            "Leave, losing them", default_no=True),
            lambda yes: leave() if yes else None)

    def on_unmount(self) -> None:
        self.flush_notes()
        self.remember_place()

    def remember_place(self) -> None:
        from senco_tui import preferences

        index = self._shown
        if index is None or index >= len(self.rows):
            return
        last = preferences.load(self.app.paths).get("last_question", {})
        if not isinstance(last, dict):
            last = {}
        last[str(self.meeting.id)] = self._row_id(self.rows[index])
        preferences.save(self.app.paths, last_question=last)

    def palette_commands(self):
        yield SystemCommand("Next question", "j or down", self.action_next)
        yield SystemCommand("Previous question", "k or up", self.action_previous)
        for status in ("green", "amber", "red", "na"):
            yield SystemCommand(f"Status: {STATUS_WORDS[status]}", "Set this question's status",
                                partial(self.action_status, status))
        yield SystemCommand("Status: clear", "Not discussed", partial(self.action_status, ""))
        yield SystemCommand("Edit notes", "e or enter", self.action_edit)
        yield SystemCommand("Add action", "a: text, owner, due date", self.action_add_action)
        yield SystemCommand("Mark done / open again", "x: the highlighted action, or a carried "
                            "item", self.action_done)
        yield SystemCommand("Edit action", "E: text, owner, due date (enter in the actions "
                            "list); also a carried action's", self.action_edit_action)
        yield SystemCommand("Drop action", "d: the highlighted action (asks first)",
                            self.action_drop)
        yield SystemCommand("Keep open with update", "u: a carried item", self.action_keep_open)
        yield SystemCommand("Drop carried item", "d (asks first)", self.action_drop)
        yield SystemCommand("Meeting details", "m: date held, attendees", self.action_details)
        yield SystemCommand("Export notes", "ctrl+e: preview, then write markdown",
                            self.action_export)
        yield SystemCommand("Back to home", "q", self.action_back)
