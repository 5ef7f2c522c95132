"""`?`: every key of the screen it was opened from, from the same bindings as the footer."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

# keys that are not bindings of our own but belong in the list
EXTRA = {
    "MeetingScreen": [("enter", "Edit notes (on a question)"),
                      ("escape", "Leave the notes editor (notes are saved)"),
                      ("tab", "Move between the outline, notes and actions")],
}


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def __init__(self, screen: Screen):
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        seen = set()
        bindings = [*self.for_screen.BINDINGS, *self.app.BINDINGS]
        for b in bindings:
            if b.description in seen:
                continue
            seen.add(b.description)
            keys = b.key_display or " or ".join(
                self.app.get_key_display(Binding(k, "")) for k in b.key.split(","))
            table.add_row(keys, b.description)
        for keys, description in EXTRA.get(type(self.for_screen).__name__, []):
            table.add_row(keys, description)
        table.add_row("ctrl+p", "Command palette: every action, and \"Jump to question…\"")
        with Vertical(id="help-box", classes="dialog"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                yield Static(table)
            yield Static("Everything is saved as you go; there is no save key. "
                         "Status is shown as a letter too: G green, A amber, R red, "
                         "N n/a, · not discussed.  Press escape to close.", classes="dim")
