"""The meeting screen's widgets. Each owns its messages and posts them up; what it shows
comes down from the screen. None of them calls into its screen."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import OptionList, TextArea
from textual.widgets.option_list import Option

from senco_tui.safe_text import is_safe, safe_text
from senco_tui.tui.meeting import render
from senco_tui.tui.meeting.rows import Row, SectionRow
from senco_tui.tui.textual_hooks import (
    FixedHeight,
    QuickHighlight,
    QuickScrollBars,
    SingleClick,
    set_virtual_size,
)


class Outline(QuickHighlight, SingleClick):
    """The meeting's outline: section titles, carried items, questions (typed rows).

    pageup/pagedown scroll the question text on the right (it takes no focus of its own).
    j/k and up/down stop at the first and last rows: wrapping round threw a user working
    up the list to its bottom.
    """

    BINDINGS = [
        Binding("pageup", "screen.scroll_text(-1)", "Scroll text up", show=False),
        Binding("pagedown", "screen.scroll_text(1)", "Scroll text down", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(markup=False, **kwargs)  # type: ignore[arg-type]
        self.rows: list[Row] = []
        self.index_of: dict[str, int] = {}  # row id -> index

    @property
    def current(self) -> Row | None:
        i = self.highlighted
        return self.rows[i] if i is not None and i < len(self.rows) else None

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if self.highlighted is None:
            self.action_first()
            return
        index = self.highlighted + direction
        while 0 <= index < self.option_count and self.get_option_at_index(index).disabled:
            index += direction  # section titles are not stopped on
        if 0 <= index < self.option_count:  # otherwise already at the end: stay there
            self.highlighted = index

    def show_rows(self, rows: list[Row], prompt: Callable[[Row], Text]) -> None:
        """New rows; the highlight stays on the row it was on (found by id). Where the rows
        are the same ones, only those that changed are drawn again (one review in 200
        carried items redrew all 200)."""
        if [r.id for r in rows] == [r.id for r in self.rows]:
            old, self.rows = self.rows, rows
            for i, (row, was) in enumerate(zip(rows, old, strict=True)):
                if row != was and not isinstance(row, SectionRow):
                    self.replace_prompt(i, prompt(row))
            return
        was = self.current.id if self.current is not None else None
        highlighted = self.highlighted
        self.rows = rows
        self.index_of = {r.id: i for i, r in enumerate(rows)}
        self.set_options(Option(prompt(row), id=row.id, disabled=isinstance(row, SectionRow))
                         for row in rows)
        highlighted = self.index_of.get(was or "", highlighted)
        if highlighted is not None and highlighted < len(rows):
            self.highlighted = highlighted

    def repaint(self, prompt: Callable[[Row], Text]) -> None:
        """Every row drawn again (in a new theme's colours)."""
        for i, row in enumerate(self.rows):
            if not isinstance(row, SectionRow):
                self.replace_option_prompt_at_index(i, prompt(row))

    def show_row(self, row: Row, prompt: Text) -> None:
        """One row changed (e.g. notes saved): repaint only it."""
        i = self.index_of[row.id]
        self.rows[i] = row
        self.replace_prompt(i, prompt)

    def go_to(self, row_id: str) -> None:
        if row_id in self.index_of:
            self.highlighted = self.index_of[row_id]


class QuestionText(QuickScrollBars, ScrollView, can_focus=False):
    """The current item's text (ask, probes, hint, glossary, last time): a fixed-height
    area that scrolls (mouse wheel, or pageup/pagedown from the outline). It takes no
    focus: a stop on tab that showed nothing sent the next keys somewhere unseen.

    Showing another item changes what it paints and its scrollable height, never its
    size, so moving through the outline needs no layout of the screen. (The scrollbar
    is always shown: one that came and went would need a layout.)
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.text = Text()
        self._lines: list[Strip] = []
        self._blank = Strip([])
        self._style: Style | None = None  # the style the lines were made with
        self._wrapped: dict[tuple[object, ...], list[Strip]] = {}

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
            rendered = console.render_lines(self.text, console.options.update_width(width),
                                            style=style, pad=False)
            lines = [Strip(line).extend_cell_length(width, style) for line in rendered]
            if len(self._wrapped) >= 500:
                self._wrapped.clear()
            self._wrapped[key] = lines
        self._lines = lines
        self._blank = Strip.blank(width, style)
        set_virtual_size(self, Size(width, len(lines)), self.scrollable_content_region.height)

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


class ActionsList(FixedHeight, OptionList):
    """The current question's actions: one is always highlighted, and x, d and E act on it.

    Tab moves here from the outline; up/down choose, enter edits, escape goes back.
    Up/down stop at the ends: wrapping round put x on an action the user did not mean.
    """

    BINDINGS = [Binding("escape", "leave", "Back to questions", id="actions.leave",
                        tooltip="In the actions: back to the questions")]

    class Left(Message):
        """Escape: the keys go back to the questions."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(markup=False, **kwargs)  # type: ignore[arg-type]
        self._shown: list[tuple[str | None, str]] = []
        self.shown_for: str | None = None  # the row whose actions are listed

    def action_leave(self) -> None:
        self.post_message(self.Left())

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if not self.option_count:
            return
        index = 0 if self.highlighted is None else self.highlighted + direction
        self.highlighted = min(max(index, 0), self.option_count - 1)

    def show_lines(self, row_id: str, lines: list[tuple[str, str]],
                   highlight: int | None) -> None:
        """(option id, line) for each action of a row; unchanged lines lay out nothing."""
        self.shown_for = row_id
        options = [Option(line, id=ident) for ident, line in lines] or [
            Option("No actions yet (a to add)", disabled=True)]
        shown = [(o.id, str(o.prompt)) for o in options]
        if shown != self._shown:
            self._shown = shown
            self.set_options(options)
        if highlight is not None and self.highlighted != highlight:
            self.highlighted = highlight


class NotesEditor(FixedHeight, TextArea):
    """The notes of one question. It owns the debounce: `Pending` is posted at most
    `debounce` seconds after the last keystroke, and when the editor is left, so the
    screen saves; `pending()` says what is still to save. Escape leaves it.

    `debounce` is also the test hook: tests pass a short one (SencoApp(notes_debounce=...))
    instead of sleeping.
    """

    BINDINGS = [
        Binding("escape", "leave", "Leave editor (saved)", id="notes.leave",
                tooltip="In the notes: leave the editor (the notes are saved)"),
        Binding("escape", "leave('unsaved')", "Leave editor (NOT saved yet)",
                id="notes.leave_unsaved",
                tooltip="In the notes: leave the editor (the notes are saved)"),
        # as in every other editor (TextArea's own is F7; its ctrl+a went to the line start)
        Binding("ctrl+a", "select_all", "Select all", id="notes.select_all", show=False,
                tooltip="In the notes: select all of them"),
    ]

    # the notes on screen are ones a save refused (the footer says so on escape)
    unsaved: reactive[bool] = reactive(False, bindings=True)

    class Pending(Message):
        """Typed notes are waiting to be saved."""

    class Left(Message):
        """Escape: the keys go back to the questions (the notes are saved on the way)."""

    class TooLong(Message):
        """A paste made the notes too long to edit here: these notes are to be saved."""

        def __init__(self, question_id: str, text: str) -> None:
            super().__init__()
            self.question_id, self.text = question_id, text

    def __init__(self, debounce: float, **kwargs: object) -> None:
        super().__init__("", soft_wrap=True, tab_behavior="focus", **kwargs)  # type: ignore[arg-type]
        self.debounce = debounce
        self.question_id: str | None = None  # whose notes are in the editor
        self.saved_text = ""  # what the store holds for them
        self.too_long = 0  # the notes' length when only their start is shown (read-only)
        self._timer: Timer | None = None

    def load(self, question_id: str | None, text: str, saved_text: str) -> None:
        """Show a question's notes (`text`: what to show; `saved_text`: what is saved)."""
        self._stop_timer()
        self.question_id, self.saved_text = question_id, saved_text
        self.too_long = len(text) if len(text) > render.NOTES_EDIT_LIMIT else 0
        self.read_only = bool(self.too_long)
        if self.too_long:  # their start; all of them stay saved (or kept unsaved)
            text = text[:render.NOTES_EDIT_LIMIT]
        if self.text != text:
            self.load_text(text)
        if self.scroll_offset.y:  # e.g. scrolled with the mouse wheel
            self.scroll_to(0, 0, animate=False, immediate=True)

    def pending(self) -> tuple[str, str] | None:
        """(question id, text) when the editor holds notes that differ from what is saved."""
        self._stop_timer()
        if self.question_id is None or self.too_long or self.text == self.saved_text:
            return None  # (the start of longer notes is never saved over them)
        return self.question_id, self.text

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _on_paste(self, event: events.Paste) -> None:
        # a paste may carry what a terminal would obey (escape sequences, bidi overrides):
        # the text goes in, those do not. (A safe paste is TextArea's own: Textual calls
        # each class's _on_paste in turn unless one prevents the default.)
        if self.read_only:
            return
        if self.question_id is not None and \
                len(self.text) + len(event.text) > render.NOTES_EDIT_LIMIT:
            event.prevent_default()
            event.stop()
            start, end = sorted(self.selection)
            index, text = self.document.get_index_from_location, self.text
            pasted = safe_text(event.text, multiline=True)
            self.post_message(self.TooLong(self.question_id,
                                           text[:index(start)] + pasted + text[index(end):]))
        elif not is_safe(event.text):
            event.prevent_default()
            if result := self._replace_via_keyboard(safe_text(event.text, multiline=True),
                                                    *self.selection):
                self.move_cursor(result.end_location)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.question_id is None or self.text == self.saved_text:
            return
        self._stop_timer()
        self._timer = self.set_timer(self.debounce, lambda: self.post_message(self.Pending()))

    def on_blur(self) -> None:
        self.post_message(self.Pending())
        # left scrolled to the cursor, the box hid the notes' first lines
        self.scroll_to(0, 0, animate=False, immediate=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave":  # the footer says whether these notes are saved
            return bool(parameters) == self.unsaved
        return super().check_action(action, parameters)

    def action_leave(self, unsaved: str = "") -> None:
        self.post_message(self.Left())
