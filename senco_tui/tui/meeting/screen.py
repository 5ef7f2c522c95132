"""The meeting: step through the half-term's questions, record, review what was carried.

Left, the outline (carried items first, then each section's questions, each with a
status marker: a colour *and* a letter). Right, the current item. The screen maps keys
to calls on the meeting session and redraws from its state; it decides no rule.
Moving (`j`/`k`) only redraws the right-hand pane and reads nothing from the store
but, once per question, its history.

Notes are saved when the editor says they are pending (at most a second after the last
keystroke, and on leaving it) and before anything else happens: another question, a
status, an action, leaving the screen, quitting.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import events, getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, OptionList, Static

from senco_tui.errors import UserError
from senco_tui.meeting import (
    CarriedActionHasNoStatus,
    MeetingSession,
    NotAskedHere,
    Refused,
    SaveFailed,
)
from senco_tui.records import STATUS_WORDS, Action, Status
from senco_tui.safe_text import safe_text
from senco_tui.tui.app import SencoApp
from senco_tui.tui.meeting import render
from senco_tui.tui.meeting.changes import MeetingChanges
from senco_tui.tui.meeting.palette import JumpToQuestion
from senco_tui.tui.meeting.rows import CarriedRow, FoldRow, QuestionRow, Row, outline_rows
from senco_tui.tui.meeting.widgets import ActionsList, NotesEditor, Outline, QuestionText
from senco_tui.tui.textual_hooks import PaintedInPart, QuietFooter, release_styles_caches

STATUS_KEYS = Binding.Group("Status", compact=True)
RETRY_EVERY = 5.0  # seconds between tries of notes a save refused
EDIT_ACTION = "Edit the highlighted action, or a carried one: text, owner, due date"

# a refusal of the session's, in this screen's keys
REFUSED_HINTS: dict[type[Refused], str] = {
    CarriedActionHasNoStatus: "A carried action has no status: x done, u keep open, d drop, "
                              "E edit (e.g. a new due date).",
    NotAskedHere: "Rate it where it comes up, or use x done, u keep open, d drop.",
}


class MeetingScreen(PaintedInPart, MeetingChanges, Screen[None]):
    COMMANDS = {JumpToQuestion}
    COMPONENT_CLASSES: ClassVar[set[str]] = set(render.MARK_CLASSES)
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
        Binding("f", "fold", "More questions", id="meeting.fold", show=False,
                tooltip="Show (or fold away) the questions beyond the core ones"),
        Binding("ctrl+z", "undo", "Undo", id="meeting.undo", show=False,
                tooltip="Undo the last change in this meeting (notes: the whole edit)"),
        Binding("ctrl+y", "redo", "Redo", id="meeting.redo", show=False,
                tooltip="Redo the last change undone"),
        Binding("D", "delete_action", "Delete action", id="meeting.delete_action", show=False,
                tooltip="Delete the highlighted action, agreed here by mistake (asks first)"),
        Binding("M", "move_action", "Move action", id="meeting.move_action", show=False,
                tooltip="Move the highlighted action to another question"),
        Binding("y", "year", "Year", id="meeting.year", show=False,
                tooltip="The year at a glance: every question by half-term"),
        Binding("q", "back", "Back", id="meeting.back",
                tooltip="Back to the home screen"),
        # tab goes between the outline and the actions only (the notes: e or enter)
        Binding("tab", "tab", show=False),
        Binding("shift+tab", "tab", show=False),
    ]

    HELP_WIDGETS = (NotesEditor, ActionsList)  # their keys are in help too
    app = getters.app(SencoApp)
    outline = getters.query_one("#outline", Outline)
    question = getters.query_one("#question", QuestionText)
    editor = getters.query_one("#notes", NotesEditor)
    actions_list = getters.query_one("#actions", ActionsList)

    def __init__(self, session: MeetingSession, at: str | None = None):
        super().__init__()
        self.session = session
        self.at = at  # a question to show first (from the year screen)
        self.marks: render.Marks = {}
        self._kind: type[Row] | None = None  # of the current row: its keys differ
        self._shown: str | None = None  # id of the row the detail pane shows
        self._status_shown = ""  # what #status-line shows
        self._notes_line = ""  # the notes title shown
        self._acronyms: dict[str, list[tuple[str, str]]] = {}
        # kept for saving while the screen is taken down (queries find nothing then)
        self._editor: NotesEditor | None = None
        self._outline: Outline | None = None
        self._opened = time.monotonic()  # the time guide counts from here
        self._retry: Timer | None = None  # saving unsaved notes again, while there are any
        self.unfolded = False  # the questions beyond the core ones are shown

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # one plain line (Textual's Header keeps a third of 80 columns for its icon and
        # clock space, which cut the progress off)
        yield Static("", id="title", markup=False)
        if self.session.checklist.banner:
            yield Static(safe_text(self.session.checklist.banner), id="banner", markup=False)
        with Horizontal(id="meeting"):
            yield Outline(id="outline")
            with Vertical(id="detail"):
                yield QuestionText(id="question")
                with Vertical(id="question-parts"):
                    yield Static("", id="status-line")
                    yield Static(render.notes_title(False, 0), classes="part-title",
                                 id="notes-title")
                    yield NotesEditor(self.app.notes_debounce, id="notes")
                    yield Static("Actions  (a add · x done/open · tab, then ↑↓)",
                                 classes="part-title", id="actions-title")
                    yield ActionsList(id="actions")
                with Horizontal(id="carry-parts"):
                    # clicked, or their keys: not tab stops
                    yield Button("Done (x)", id="carry-done", variant="success")
                    yield Button("Keep open… (u)", id="carry-open", variant="warning")
                    yield Button("Drop (d)", id="carry-drop")
        yield QuietFooter()

    def on_mount(self) -> None:
        self._editor, self._outline = self.editor, self.outline
        for button in self.query("#carry-parts Button"):
            button.can_focus = False
        self.title = f"{safe_text(self.session.senco.name)} · {self.session.meeting.label}"
        self.marks = self._theme_marks()
        self.app.theme_changed_signal.subscribe(self, lambda _: self._new_theme())
        self.redraw()
        self.set_interval(20, self._show_title)  # the time guide moves on
        # reopen where this meeting was left
        from senco_tui import preferences

        last = preferences.load(self.app.paths).get("last_question", {})
        first = next((i for i, row in enumerate(self.outline.rows)
                      if isinstance(row, CarriedRow | QuestionRow)), None)
        where = last.get(str(self.session.meeting.id)) if isinstance(last, dict) else None
        self.outline.highlighted = self.outline.index_of.get(where or "", first)
        self.outline.focus()
        if self.at is not None:
            self._open_at(self.at)

    def _open_at(self, question_id: str) -> None:
        """Show this question (or, where this meeting does not ask it, its carried item)."""
        if self.session.notes.view(question_id) is not None:
            self.jump_to(f"q:{question_id}")
        elif self.session.notes.item(f"question:{question_id}") is not None:
            self.jump_to(f"carried:question:{question_id}")
        else:
            self.notify("This meeting does not ask that question.", timeout=5)

    def _theme_marks(self) -> render.Marks:
        return {name: self.get_component_rich_style(name, partial=True)
                for name in render.MARK_CLASSES}

    def _new_theme(self) -> None:
        # the stylesheet takes the new theme's variables first
        def repaint() -> None:
            self.marks = self._theme_marks()
            self.outline.repaint(self._prompt)
            self.redraw()

        self.call_after_refresh(repaint)

    def redraw(self) -> None:
        """Show the session's state: the outline's rows, the title, the current item."""
        notes = self.session.notes
        rows = outline_rows(notes, self.unfolded)
        self.outline.show_rows(rows, self._prompt)
        self._show_title()
        self._shown = None  # redraw the detail: its item may have changed
        self.show_current()

    def _prompt(self, row: Row) -> Text:
        if isinstance(row, QuestionRow):
            return render.question_prompt(row.view, self.marks)
        if isinstance(row, CarriedRow):
            return render.carried_prompt(row.item, self.marks)
        if isinstance(row, FoldRow):
            return render.fold_prompt(row.hidden, row.more)
        return render.section_prompt(row.title, row.within)

    def _show_title(self) -> None:
        notes = self.session.notes
        minutes = int((time.monotonic() - self._opened) // 60)
        clock = f"{minutes}/{self.app.settings.meeting_minutes} min"
        progress = notes.progress
        line = render.title_line(notes.senco.name, notes.meeting, progress,
                                 self.app.size.width, clock)
        # no Header shows it here: set as a reactive, each change of the counts repainted
        # the whole screen (x on a carried item cost twice what it does)
        self.set_reactive(Screen.sub_title, progress.line())
        self.query_one("#title", Static).update(line, layout=False)

    def on_resize(self) -> None:
        self._show_title()

    # -- the current item --------------------------------------------------------

    @property
    def current(self) -> Row | None:
        # the outline it was built with: the footer asks (check_action) during teardown too
        return self._outline.current if self._outline is not None else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self.outline:
            self.show_current()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is self.outline and isinstance(self.current, FoldRow):
            self.action_fold()
        elif event.option_list is self.outline:
            self.action_edit()
        elif event.option_list is self.actions_list:
            self.action_edit_action()

    def show_current(self) -> None:
        row = self.current
        if row is not None and row.id == self._shown:
            return  # already showing it (a key moved it, then the message came)
        self.flush_notes()
        row = self.current  # (a save may have replaced it)
        self._shown = row.id if row is not None else None
        is_question = isinstance(row, QuestionRow)
        if self.focused is self.actions_list and not (is_question and row.view.actions):
            self.outline.focus()  # no actions to choose from here
        if type(row) is not self._kind:
            self._kind = type(row)
            self.query_one("#question-parts").display = is_question
            self.query_one("#carry-parts").display = isinstance(row, CarriedRow)
            self.refresh_bindings()
        if isinstance(row, QuestionRow):
            self._show_question(row)
        elif isinstance(row, CarriedRow):
            self.editor.load(None, "", "")
            self.question.show(render.carried_text(row.item, self.marks))
        elif isinstance(row, FoldRow):
            self.editor.load(None, "", "")
            self.question.show(render.fold_text(row.hidden, row.more))
        else:
            self.editor.load(None, "", "")
            self.question.show("")

    def _show_question(self, row: QuestionRow) -> None:
        view, session = row.view, self.session
        q = view.question
        if q.id not in self._acronyms:
            from senco_tui.checklist import acronyms_in

            self._acronyms[q.id] = acronyms_in(" ".join((q.ask, *q.probes, q.hint)),
                                               session.notes.glossary)
        self.question.show(render.question_text(view, row.where, self._acronyms[q.id],
                                                session.last_time(q.id), self.marks))
        self._show_status(row)
        # notes a save refused come back into the editor, still to be saved; notes that
        # hold what a terminal would obey (written by another tool) are shown cleaned, and
        # saved cleaned only if they are edited
        shown = safe_text(view.notes, multiline=True)
        self.editor.load(q.id, session.unsaved.get(q.id, shown), shown)
        self._show_notes_state()
        self._show_actions(row)

    def _show_status(self, row: QuestionRow) -> None:
        line = render.status_line(row.view, self.marks)
        if line != self._status_shown:  # neighbours often share a status: no repaint
            self._status_shown = line
            self.query_one("#status-line", Static).update(line, layout=False)  # fixed height

    def _show_actions(self, row: QuestionRow) -> None:
        actions = row.view.actions
        lines = [(f"action-{a.id}", render.action_line(a, self.session.notes.overdue_from))
                 for a in actions]
        same_question = self.actions_list.shown_for == row.id
        before = self.actions_list.highlighted
        if not actions:
            highlight = None
        elif same_question and before is not None:
            highlight = min(before, len(actions) - 1)
        else:  # the action x would act on: the first open one
            highlight = next((i for i, a in enumerate(actions) if a.status == "open"), 0)
        self.actions_list.show_lines(row.id, lines, highlight)

    def selected_action(self) -> Action | None:
        """The highlighted action of the current question, or None."""
        row = self.current
        if not isinstance(row, QuestionRow) or not row.view.actions:
            return None
        index = self.actions_list.highlighted
        if index is None or index >= len(row.view.actions):
            return None
        return row.view.actions[index]

    # -- moving ---------------------------------------------------------------------

    def action_next(self) -> None:
        self._move(1)

    def action_previous(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        # move and redraw the detail in one screen update, not two
        with self.app.batch_update():
            if step > 0:
                self.outline.action_cursor_down()
            else:
                self.outline.action_cursor_up()
            self.show_current()

    def action_tab(self) -> None:
        """Between the outline and the current question's actions; nowhere else, so the
        next key never goes somewhere that does not show it."""
        row = self.current
        has_actions = isinstance(row, QuestionRow) and bool(row.view.actions)
        if self.focused is self.outline:
            if has_actions:
                self.actions_list.focus()
            elif isinstance(row, QuestionRow):
                self.notify("No actions on this question yet: a adds one.", timeout=4)
            elif isinstance(row, CarriedRow):
                self.notify("A carried item: x done, u keep open, d drop"
                            + (", E edit the action." if row.item.kind == "action" else "."),
                            timeout=4)
        elif self.focused is not self.actions_list and has_actions:
            self.actions_list.focus()  # from the notes editor: on to the actions
        else:
            self.outline.focus()

    def action_scroll_text(self, pages: int) -> None:
        if pages > 0:
            self.question.scroll_page_down(animate=False)
        else:
            self.question.scroll_page_up(animate=False)

    def jump_targets(self) -> Iterator[tuple[str, str, Callable[[], None]]]:
        # every question, folded away or not; the section title is searched too ("exam"
        # finds the Exams questions)
        rows = outline_rows(self.session.notes, unfolded=True)
        for row in rows:
            if isinstance(row, QuestionRow):
                q = row.view.question
                yield (safe_text(f"{row.view.section.title}: {q.ask}"),
                       safe_text(" ".join((*q.probes, q.hint))), partial(self.jump_to, row.id))
            elif isinstance(row, CarriedRow):
                yield (safe_text(f"Carried forward: {row.item.text}"), "",
                       partial(self.jump_to, row.id))

    def jump_to(self, row_id: str) -> None:
        if row_id not in self.outline.index_of and not self.unfolded:
            self.action_fold()  # a question folded away: show them first
        self.outline.go_to(row_id)
        self.outline.focus()

    def action_fold(self) -> None:
        """Show the questions beyond the core ones, or fold them away again (the highlight
        goes to the fold's own row if its question is folded away)."""
        self.unfolded = not self.unfolded
        was = self.current
        self.redraw()
        if was is not None and was.id not in self.outline.index_of:
            self.outline.go_to("fold")

    def on_key(self, event: events.Key) -> None:
        # keys that do nothing on this row are hidden from the footer, and reach here:
        # say what does apply rather than nothing
        if self.focused is self.outline and event.character:
            said = render.not_here(self.current, event.character)
            if said:
                event.stop()
                self.notify(said, timeout=5)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        row = self.current
        if action == "year":  # a y typed into the notes (read-only ones too) stays there
            return self.focused is not self._editor
        # keys that do nothing here are hidden from the footer
        if action == "status":  # on a carried action they say what does apply
            return isinstance(row, QuestionRow | CarriedRow)
        if action in ("edit", "add_action", "drop_action", "delete_action", "move_action"):
            return isinstance(row, QuestionRow)
        if action in ("keep_open", "drop"):
            return isinstance(row, CarriedRow)
        if action == "fold":
            return "fold" in self.outline.index_of
        if action == "edit_action":
            if parameters:
                return isinstance(row, CarriedRow) and row.item.kind == "action"
            return isinstance(row, QuestionRow)
        return True

    # -- changes, through the session -------------------------------------------------

    def attempt(self, change: Callable[[], object], done: str = "") -> bool:
        """Make one change through the session and redraw. The one error policy: a refusal
        or a failed save is one line on screen; nothing typed is lost (notes a save
        refused stay in the session, retried with the next save)."""
        try:
            change()
        except Refused as exc:
            said = str(exc)
            self.notify(REFUSED_HINTS.get(type(exc), f"{said[:1].upper()}{said[1:]}."),
                        severity="warning", timeout=6)
            return False
        except SaveFailed as exc:
            self.notify(f"Not saved: {exc}", severity="error", timeout=10)
            self.redraw()  # e.g. notes that were saved before the failure
            return False
        except UserError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return False
        self.redraw()
        if done:
            self.notify(done, timeout=4)
        return True

    def action_status(self, status: str) -> None:
        value: Status | None = status or None  # type: ignore[assignment]
        row = self.current
        self.flush_notes()
        if isinstance(row, QuestionRow):
            self.attempt(lambda: self.session.rate(row.view.question.id, value))
        elif isinstance(row, CarriedRow):
            def rate() -> None:
                view = self.session.rate_carried(row.item.key, value)
                word = STATUS_WORDS[value] if value else "cleared"
                self.notify(f"Rated {word} where this meeting asks it ({view.section.title}): "
                            f"{view.question.ask}", timeout=5)

            self.attempt(rate)

    def action_edit(self) -> None:
        if isinstance(self.current, QuestionRow):
            self.editor.focus()
            self.editor.move_cursor(self.editor.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"carry-done": self.action_done, "carry-open": self.action_keep_open,
         "carry-drop": self.action_drop}[event.button.id or ""]()

    def action_export(self) -> None:
        from senco_tui.tui.screens.export import ExportScreen

        self.flush_notes()
        self.session.reload()
        self.app.push_screen(ExportScreen(self.session.notes))

    def action_year(self) -> None:
        """The year of this meeting; back to it if this meeting was opened from there."""
        from senco_tui.tui.year.screen import YearScreen

        self.flush_notes()
        stack = self.app.screen_stack
        below = stack[-2] if len(stack) > 1 else None
        meeting = self.session.meeting
        if isinstance(below, YearScreen) and below.shows(meeting.senco_id, meeting.year):
            self.action_back()
        else:
            self.app.open_year(self.session.senco, meeting.year)

    def action_back(self) -> None:
        self.flush_notes()
        self.leave_unsaved(self.dismiss)

    def leave_unsaved(self, leave: Callable[[], object]) -> None:
        """Call `leave`, asking first if some notes could not be saved (leaving loses them)."""
        from senco_tui.tui.screens.forms import ConfirmDialog

        unsaved = self.session.unsaved
        if not unsaved:
            leave()
            return
        asked = "; ".join(view.question.ask for view in self.session.notes.questions
                          if view.question.id in unsaved)
        self.app.push_screen(ConfirmDialog(
            "Leave without your notes?",
            f"Notes typed on {len(unsaved)} question(s) could not be saved "
            f"({self.session.problem}): {asked}",
            "They are lost if you leave now. Press escape to stay: they are kept in the "
            + ("editor to copy; once the problem is fixed, start senco-tui again to save."
               if self.session.saves_refused else
               "editor and saved as soon as the problem is fixed."),
            "Leave, losing them", default_no=True),
            lambda yes: leave() if yes else None)

    def unsaved_notes(self) -> int:
        return len(self.session.unsaved)

    def unsaved_text(self) -> str:
        """The notes no save has taken yet, each under its question, for a rescue file."""
        notes = self.session.notes
        parts = [f"{notes.senco.name}, {notes.meeting.label}: notes not saved"]
        for view in notes.questions:
            if view.question.id in self.session.unsaved:
                parts.append(f"{view.asked}\n{self.session.unsaved[view.question.id]}")
        return "\n\n".join(parts)

    def on_unmount(self) -> None:
        self.flush_notes()
        self.remember_place()
        # the theme signal would keep this screen (its session, every row) until the next
        # change of theme, and Textual's styles cache its widgets' drawn lines: each
        # meeting opened made every later full garbage collection longer
        self.app.theme_changed_signal.unsubscribe(self)
        release_styles_caches()

    def remember_place(self) -> None:
        from senco_tui import preferences

        row = self.current
        if row is None:
            return
        last = preferences.load(self.app.paths).get("last_question", {})
        if not isinstance(last, dict):
            last = {}
        last[str(self.session.meeting.id)] = row.id
        preferences.save(self.app.paths, last_question=last)

    # -- notes ------------------------------------------------------------------------

    @on(NotesEditor.Pending)
    def _notes_pending(self) -> None:
        self.flush_notes()

    @on(NotesEditor.TooLong)
    def _notes_too_long(self, message: NotesEditor.TooLong) -> None:
        """A paste past the editor's limit: saved whole now, then shown in part."""
        before = self.session.problem
        if not self.session.save_notes(message.question_id, message.text) and not before:
            self.notify(f"Notes not saved: {self.session.problem}", severity="error",
                        timeout=10)
        self._notes_saved()
        row = self.current
        if isinstance(row, QuestionRow) and row.view.question.id == message.question_id:
            self._show_question(row)

    @on(NotesEditor.Left)
    @on(ActionsList.Left)
    def _back_to_outline(self) -> None:
        self.outline.focus()


    def flush_notes(self) -> None:
        """Save the editor's notes now if they differ from what is saved, and any notes an
        earlier save refused."""
        editor = self._editor
        if editor is None:
            return
        pending = editor.pending()
        before = self.session.problem
        if pending is not None:
            saved = self.session.save_notes(*pending)
        elif self.session.unsaved:
            saved = self.session.save_pending()
        else:
            return
        if saved and pending is not None:
            view = self.session.notes.view(pending[0])
            # with someone else's notes kept below ours, the store holds more than we typed
            editor.saved_text = view.notes if view is not None else pending[1]
        self._show_merged()
        if not saved and not before:
            self.notify(f"Notes not saved: {self.session.problem}", severity="error",
                        timeout=10)
        self._retry_unsaved()
        if self.is_attached and self.children:  # not while the screen is taken down
            self._notes_saved()

    def _retry_unsaved(self) -> None:
        """While notes wait unsaved (a full disk, a server gone away), they are tried again
        every few seconds on their own, not only at the next keystroke."""
        if self.session.unsaved and self._retry is None and self.is_attached \
                and not self.session.saves_refused:  # (then retrying cannot help)
            self._retry = self.set_interval(RETRY_EVERY, self.flush_notes)
        elif not self.session.unsaved and self._retry is not None:
            self._retry.stop()
            self._retry = None

    def _show_merged(self) -> None:
        """Notes someone else saved meanwhile were kept below ours: show them, and say so."""
        editor = self._editor
        for question_id in list(self.session.merged):
            del self.session.merged[question_id]
            if editor is not None and question_id == editor.question_id:
                editor.load(question_id, editor.saved_text, editor.saved_text)
            self.notify("Someone else saved notes on this question while you were typing: "
                        "both are kept, theirs below yours. Keep what you want.",
                        severity="warning", timeout=15)

    def _notes_saved(self) -> None:
        """After a notes save: the rows whose marks changed (✎ came or went), the title, and
        what the notes title says."""
        notes = self.session.notes
        for row in outline_rows(notes, self.unfolded):
            if isinstance(row, QuestionRow) and row.id in self.outline.index_of:
                old = self.outline.rows[self.outline.index_of[row.id]]
                if isinstance(old, QuestionRow) and old.view != row.view:
                    marker_changed = (render.question_prompt(old.view, self.marks).plain
                                      != render.question_prompt(row.view, self.marks).plain)
                    self.outline.rows[self.outline.index_of[row.id]] = row
                    if marker_changed:
                        self.outline.show_row(row, self._prompt(row))
                        if row.id == self._shown:
                            self._show_status(row)
        self._show_title()
        self._show_notes_state()

    def _show_notes_state(self) -> None:
        editor = self._editor
        if editor is None:
            return
        unsaved = self.session.unsaved
        here = editor.question_id is not None and editor.question_id in unsaved
        line = render.notes_title(here, len(unsaved) - here, editor.too_long,
                                  self.session.saves_refused)
        editor.unsaved = here
        if line != self._notes_line:
            self._notes_line = line
            title = self.query_one("#notes-title", Static)
            title.set_class(here, "-unsaved")
            title.update(line, layout=False)  # one line at 80 columns

    # -- focus marks ------------------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._mark_focus(event.widget, True)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._mark_focus(event.widget, False)
        if event.widget is self._editor:  # the notes edit is over: ctrl+z undoes it whole
            self.flush_notes()
            self.session.seal()

    def _mark_focus(self, widget: Widget, focused: bool) -> None:
        """The notes or actions title is marked while its part has the keys; the actions
        list also grows, so more actions show while choosing one."""
        if widget.id in ("notes", "actions"):
            self.query_one(f"#{widget.id}-title").set_class(focused, "-focused")
        if widget is self.actions_list:
            parts = self.query_one("#question-parts")
            parts.set_class(focused, "-choosing")
            # FixedHeight skips layouts; this one changes the list's height
            parts.refresh(layout=True)
            widget.call_after_refresh(self.actions_list.scroll_to_highlight)
