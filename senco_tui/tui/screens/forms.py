"""Small dialogs: a SENCo, another half-term, an action, an update on a carried item.

Each keeps what was typed when something is wrong and says what, in the dialog.
`enter` saves (on a closed list it opens the list), `escape` cancels, `tab` moves
between fields, even inside a burst of keys or a paste (see FieldInput and
Dialog.BINDINGS).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, NamedTuple, TypeVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.input import Selection
from textual.widgets.option_list import Option

from senco_tui.calendar import short_date
from senco_tui.errors import UserError
from senco_tui.records import (
    CARRY_POLICY_WORDS,
    HALF_TERM_TITLES,
    HALF_TERMS,
    Action,
    Meeting,
    Senco,
)
from senco_tui.safe_text import is_safe, safe_text
from senco_tui.tui.textual_hooks import BackdropDrawnOnce

T = TypeVar("T")


class FieldInput(Input):
    """An Input where a pasted tab means "next field", as a typed one does.

    Textual's Input keeps only the first line of a paste and drops its tabs, so
    "Jo Bloggs<TAB>Hill School" would land as "Jo BloggsHill School" in one field.
    Text given or pasted is made safe for the terminal (see safe_text): a pasted
    escape sequence is shown as the text around it, never obeyed.
    """

    def __init__(self, value: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(safe_text(value or ""), *args, **kwargs)

    class PastedFields(Message):
        """A paste with tabs: its parts belong in this field and the ones after it."""

        def __init__(self, field: FieldInput, parts: list[str]) -> None:
            super().__init__()
            self.field, self.parts = field, parts

    def _on_paste(self, event: events.Paste) -> None:
        if "\t" not in event.text and is_safe(event.text):
            return  # Input's own paste handling
        event.prevent_default()  # not Input's too
        event.stop()
        self.post_message(self.PastedFields(self, safe_text(event.text, multiline=True)
                                            .split("\t")))

    def on_focus(self) -> None:
        # Input selects all on focus with the cursor at the end, scrolled there: a long
        # action read "iew timetable numeracy...". After that, the same selection turned
        # round: all still selected (typing replaces it), shown from its start.
        self.call_later(self._show_start)

    def _show_start(self) -> None:
        if self.value and self.selection == Selection(0, len(self.value)):
            self.selection = Selection(len(self.value), 0)


class FieldSelect(Select):
    """A Select in a dialog: enter (or space) opens its list, as in Textual's own.

    Choosing from the list moves on to the next field, so the enter after a choice
    saves (from the next field or the Save button) rather than opening the list again.
    """

    def on_select_overlay_update_selection(self, event) -> None:
        # after Select's own handler has taken the value and the focus back
        self.call_after_refresh(self._move_on)

    def _move_on(self) -> None:
        if self.has_focus:
            self.screen.focus_next()


class Dialog(BackdropDrawnOnce, ModalScreen[T]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("enter", "save", "Save", id="dialog.save", show=False),
        # Not priority: a tab acts after the keys typed before it (in their field); the
        # keys after it wait for the focus to move (KeysWaitForEscape), so a burst typed
        # fast over a slow link, or by a text expander, splits across the fields
        Binding("tab", "app.focus_next", show=False),
        Binding("shift+tab", "app.focus_previous", show=False),
    ]
    TITLE_TEXT = ""
    SAVE_LABEL = "Save (enter)"

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def compose(self) -> ComposeResult:
        # scrolls where the terminal is too short for it all (80x24): a field or button
        # that tab moves to is scrolled into view. Not focusable itself, so the first
        # field still takes the focus on open.
        with VerticalScroll(classes="dialog", can_focus=False):
            yield Static(safe_text(self.TITLE_TEXT), classes="dialog-title", markup=False)
            yield from self.compose_fields()
            yield Static("", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.SAVE_LABEL, id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def error(self, message: str) -> None:
        # messages quote what was typed and what the store says
        self.query_one(".dialog-error", Static).update(safe_text(message, multiline=True))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        raise NotImplementedError

    def value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def saved(self, save: Callable[[], T]) -> None:
        """Save through the session; on success close with what was saved. A failed save
        keeps the dialog open, everything typed in it, and says why in one line."""
        try:
            result = save()
        except UserError as exc:
            self.error(f"Not saved: {exc}")
            return
        self.dismiss(result)

    def on_field_input_pasted_fields(self, event: FieldInput.PastedFields) -> None:
        self.fill_fields(event.field, event.parts)

    def fill_fields(self, start: Input, parts: list[str]) -> None:
        """A tab-separated paste: the first part at the cursor, each next part in the next field.

        Parts beyond the last field join it (with spaces) so no pasted word is dropped;
        line breaks become spaces for the same reason (these fields are one line).
        """
        fields = list(self.query(Input))
        targets = fields[fields.index(start):]
        parts = [" ".join(p.splitlines()) for p in parts]
        if len(parts) > len(targets):
            parts[len(targets) - 1:] = [" ".join(parts[len(targets) - 1:])]
        if start.selection.is_empty:
            start.insert_text_at_cursor(parts[0])
        else:
            start.replace(parts[0], *start.selection)
        # fewer parts than fields leaves the rest as they are
        for field, part in zip(targets[1:], parts[1:], strict=False):
            field.value = part
            field.cursor_position = len(part)
        targets[len(parts) - 1].focus()


AS_SETTINGS = "settings"  # the carry choice that follows settings.toml


class SencoForm(Dialog[Senco]):
    """Add or edit a SENCo: name, school, checklist set (from the sets found)."""

    def __init__(self, senco=None, first_run: bool = False):
        super().__init__()
        self.senco = senco
        if senco is not None:
            self.TITLE_TEXT = f"Edit {senco.name}"
        elif first_run:
            self.TITLE_TEXT = "Welcome! Add your SENCo (the person you line-manage)"
        else:
            self.TITLE_TEXT = "Add a SENCo"

    def compose_fields(self) -> ComposeResult:
        from senco_tui.checklist import find_sets

        sets = find_sets(self.app.paths.user_checklists)
        # a set's name is its folder's: shown safely whatever it holds
        options = [(safe_text(ref.name) + ("" if ref.builtin else " (your own)"), ref.name)
                   for ref in sets]
        names = [ref.name for ref in sets]
        s = self.senco
        current = s.checklist_set if s else ("secondary" if "secondary" in names else None)
        if s is not None and current not in names:
            options.append((safe_text(f"{current} (not found)"), current))
        yield Label("Name")
        yield FieldInput(s.name if s else "", placeholder="e.g. Jane Smith", id="name")
        yield Label("School")
        yield FieldInput(s.school if s else "", placeholder="e.g. Hillside Academy", id="school")
        yield Label("Checklist set")
        yield FieldSelect(options, value=current or Select.BLANK, allow_blank=not current,
                          id="set", prompt="Choose a checklist set (enter opens the list)")
        if s is None:
            return  # a new SENCo follows settings.toml (kept short for a first run)
        default = CARRY_POLICY_WORDS[self.app.settings.carry_policy]
        # a meeting keeps the policy it was begun under, so a change never rewrites one held
        yield Label("Carried forward (meetings already held keep theirs)")
        yield FieldSelect([(f"As in settings: {default}", AS_SETTINGS),
                           *((words.capitalize(), policy)
                             for policy, words in CARRY_POLICY_WORDS.items())],
                          value=s.carry_policy or AS_SETTINGS, allow_blank=False, id="carry")

    def action_save(self) -> None:
        name, school = self.value("#name"), self.value("#school")
        chosen = self.query_one("#set", Select).value
        carry = [select.value for select in self.query("#carry").results(Select)]
        policy = None if not carry or carry[0] == AS_SETTINGS else carry[0]
        if not name:
            self.error("Please type the SENCo's name.")
            self.query_one("#name").focus()
            return
        if chosen is Select.BLANK:
            self.error("Please choose a checklist set.")
            return
        if not self.app.writable():
            return
        store = self.app.store
        try:
            if self.senco is None:
                senco = store.add_senco(name, school, chosen, carry_policy=policy)
            else:
                senco = store.update_senco(self.senco.id, name=name, school=school,
                                           checklist_set=chosen, carry_policy=policy)
        except UserError as exc:
            self.error(str(exc))
            return
        self.dismiss(senco)


class ChooseMeeting(Dialog[tuple[str, str]]):
    """Another half-term or academic year than today's."""

    TITLE_TEXT = "Open another half-term's meeting"
    SAVE_LABEL = "Open (enter)"

    def __init__(self, year: str, half_term: str):
        super().__init__()
        self.year, self.half_term = year, half_term

    def compose_fields(self) -> ComposeResult:
        yield Label("Half-term")
        yield FieldSelect([(HALF_TERM_TITLES[h], h) for h in HALF_TERMS], value=self.half_term,
                          allow_blank=False, id="half-term")
        yield Label("Academic year")
        yield FieldInput(self.year, placeholder="2026/27", id="year")

    def action_save(self) -> None:
        from senco_tui.calendar import valid_year

        try:
            year = valid_year(self.value("#year"))
        except ValueError as exc:
            self.error(str(exc))
            return
        self.dismiss((year, self.query_one("#half-term", Select).value))


class ActionDialog(Dialog[Action]):
    """An action for the current question: text, owner, due date (new, or one to edit).

    It saves itself with `save(text, owner, due)`; a failed save keeps it open."""

    TITLE_TEXT = "Add an action"

    def __init__(self, question_text: str, save: Callable[[str, str, date | None], Action],
                 as_of: date, action: Action | None = None, *, past_meeting: bool = False):
        """`as_of`: the day a due date before it is questioned (the meeting's own date in a
        past meeting, as OVERDUE is measured; today otherwise)."""
        super().__init__()
        self.question_text = question_text
        self.save = save
        self.as_of = as_of
        self.past_meeting = past_meeting
        self.action = action
        self._past_ok = ""  # a past due date the user was asked about
        if action is not None:
            self.TITLE_TEXT = "Edit the action"

    def compose_fields(self) -> ComposeResult:
        a = self.action
        due = short_date(a.due) if a is not None else ""
        yield Static(safe_text(self.question_text, multiline=True), classes="dim", markup=False)
        yield Label("What will be done")
        yield FieldInput(a.text if a else "",
                         placeholder="e.g. Share the provision map with governors", id="text")
        yield Label("Who")
        yield FieldInput(a.owner if a else "", placeholder="e.g. SENCo", id="owner")
        yield Label("By when (optional)")
        yield FieldInput(due, placeholder="30/11/2026 or 2026-11-30", id="due")

    def action_save(self) -> None:
        from senco_tui.calendar import parse_due

        text, owner, due_text = self.value("#text"), self.value("#owner"), self.value("#due")
        if not text:
            self.error("Please say what will be done.")
            self.query_one("#text").focus()
            return
        due = None
        if due_text:
            try:
                due = parse_due(due_text)
            except ValueError as exc:
                self.error(str(exc))
                self.query_one("#due").focus()
                return
        # a date already passed is most likely a typo: ask once (an unchanged one is kept)
        kept = self.action is not None and due == self.action.due
        if due is not None and due < self.as_of and not kept \
                and self._past_ok != due_text:
            self._past_ok = due_text
            when = (f"is before the meeting ({short_date(self.as_of)})" if self.past_meeting
                    else "has passed")
            self.error(f"{due_text} {when}: press enter again to keep it, or change it.")
            self.query_one("#due").focus()
            return
        self.saved(lambda: self.save(text, owner, due))


class MeetingDetails(Dialog[Meeting]):
    """When the meeting was held and who attended (both may be left blank); it saves
    itself with `save(held_on, attendees)`. A date the session's `doubt(held_on)` finds
    unlikely (a typo: far from the half-term, still to come) is asked about once."""

    TITLE_TEXT = "Meeting details"

    def __init__(self, meeting: Meeting, save: Callable[[date | None, str], Meeting],
                 doubt: Callable[[date], str]):
        super().__init__()
        self.meeting = meeting
        self.save = save
        self.doubt = doubt
        self._asked = ""  # the date, as typed, the user was last asked about
        self.TITLE_TEXT = f"Meeting details: {meeting.label}"

    def compose_fields(self) -> ComposeResult:
        m = self.meeting
        yield Label("Date held (blank: not held; set by a record made in its half-term)")
        yield FieldInput(short_date(m.held_on),
                    placeholder="30/11/2026 or 2026-11-30", id="held-on")
        yield Label("Attendees")
        yield FieldInput(m.attendees, placeholder="e.g. Jane Smith (SENCo), Tom Reed (deputy head)",
                    id="attendees")

    def action_save(self) -> None:
        from senco_tui.calendar import parse_due

        held_text = self.value("#held-on")
        held_on = None
        if held_text:
            try:
                held_on = parse_due(held_text)
            except ValueError as exc:
                self.error(str(exc).replace("due date", "date"))
                self.query_one("#held-on").focus()
                return
        # an unlikely date is most likely a typo: ask once (the date it had, never)
        doubt = ""
        if held_on is not None and held_on != self.meeting.held_on:
            doubt = self.doubt(held_on)
        if doubt and self._asked != held_text:
            self._asked = held_text
            self.error(f"{doubt}: press enter again to keep it, or change it.")
            self.query_one("#held-on").focus()
            return
        attendees = self.value("#attendees")
        self.saved(lambda: self.save(held_on, attendees))


class ConfirmDialog(Dialog[bool]):
    """Yes or no, with what is at stake in plain words; enter confirms (or, with
    default_no, where something is lost, enter keeps things as they are)."""

    def __init__(self, title: str, subject: str, consequence: str, yes_label: str,
                 default_no: bool = False):
        super().__init__()
        self.TITLE_TEXT = title
        self.SAVE_LABEL = yes_label
        self.subject, self.consequence = subject, consequence
        self.default_no = default_no

    def compose_fields(self) -> ComposeResult:
        yield Static(safe_text(self.subject, multiline=True), markup=False)
        yield Static(safe_text(self.consequence, multiline=True), classes="dim", markup=False)

    def on_mount(self) -> None:
        self.query_one("#cancel" if self.default_no else "#save", Button).focus()

    def action_save(self) -> None:
        self.dismiss(True)


class DropDialog(Dialog[object]):
    """Drop a carried item, with an optional reason kept in the history and the export; it
    saves itself with `save(reason)`."""

    TITLE_TEXT = "Drop this carried item?"
    SAVE_LABEL = "Drop (enter)"

    def __init__(self, item_text: str, save: Callable[[str], object], note: str = ""):
        super().__init__()
        self.item_text, self.save, self.note = item_text, save, note

    def compose_fields(self) -> ComposeResult:
        yield Static(self.item_text, classes="dim", markup=False)
        yield Label("Why (optional: kept in the notes and the history)")
        yield FieldInput(self.note, placeholder="e.g. Now part of the provision map review",
                         id="reason")
        yield Static("It stays in the notes as dropped and is not carried again (x or u "
                     "changes this meeting's decision; ctrl+z undoes it).", classes="dim")

    def action_save(self) -> None:
        reason = self.value("#reason")
        self.saved(lambda: self.save(reason))


class QuestionChoice(NamedTuple):
    """A question an action can move to, under its section's title."""

    section: str
    question_id: str
    asked: str


class ChooseQuestion(Dialog[object]):
    """Another of this meeting's questions, for an action to move to; it saves itself with
    `save(question_id)`.

    The questions are listed as the checklist has them, under their sections' titles
    (which cannot be chosen), each on one line cut with an ellipsis: a list of long
    questions, each wrapped over two or three lines, was hard to read through.
    """

    TITLE_TEXT = "Move the action to another question"
    SAVE_LABEL = "Move (enter)"

    def __init__(self, action_text: str, questions: Sequence[QuestionChoice],
                 save: Callable[[str], object]):
        super().__init__()
        self.action_text, self.questions, self.save = action_text, questions, save

    def compose_fields(self) -> ComposeResult:
        yield Static(safe_text(self.action_text), classes="dim", markup=False)
        yield Label("To the question (↑/↓ choose, enter moves)")
        options: list[Option] = []
        section = None
        for choice in self.questions:
            if choice.section != section:
                section = choice.section
                options.append(Option(Text(safe_text(section).upper(), style="bold"),
                                      disabled=True))
            # one line each, cut with an ellipsis (screens.tcss)
            options.append(Option(f"  {safe_text(choice.asked)}", id=choice.question_id))
        if not options:
            options.append(Option("No other question in this meeting", disabled=True))
        yield OptionList(*options, id="question", markup=False)

    def on_mount(self) -> None:
        questions = self.query_one("#question", OptionList)
        questions.action_first()  # the first question, not its section's title
        self.fit_list()

    def on_resize(self) -> None:
        self.fit_list()

    def fit_list(self) -> None:
        # as many questions as the screen has room for beside the rest of the dialog (at
        # 80x24 the buttons stay in view); the list scrolls through the others
        self.query_one("#question", OptionList).styles.max_height = max(
            3, self.app.size.height - 14)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        questions = self.query_one("#question", OptionList)
        index = questions.highlighted
        if index is None or questions.get_option_at_index(index).disabled:
            self.error("Please choose a question.")
            return
        chosen = questions.get_option_at_index(index).id
        self.saved(lambda: self.save(str(chosen)))


class UpdateDialog(Dialog[object]):
    """Keep a carried item open, with a short update on where it stands; it saves itself
    with `save(note)`."""

    TITLE_TEXT = "Keep open, with an update"

    def __init__(self, item_text: str, save: Callable[[str], object], note: str = ""):
        super().__init__()
        self.item_text, self.save, self.note = item_text, save, note

    def compose_fields(self) -> ComposeResult:
        yield Static(safe_text(self.item_text, multiline=True), classes="dim", markup=False)
        yield Label("Update (where it stands now)")
        yield FieldInput(self.note, placeholder="e.g. Started; draft shared with the head",
                         id="note")

    def action_save(self) -> None:
        note = self.value("#note")
        self.saved(lambda: self.save(note))
