"""`?`: every key of the screen it was opened from, from the same bindings as the footer."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

# keys that are not bindings of our own but belong in the list
EXTRA = {
    "MeetingScreen": [("enter", "Edit notes (on a question)"),
                      ("tab", "Between the questions and this question's actions"),
                      ("↑/↓ (actions)", "Choose an action; x, d and E act on the highlighted "
                                        "one, enter edits it, escape or tab goes back"),
                      ("pgup/pgdn", "Scroll the question text when it is cut off"),
                      ("mouse", "Click a question to select it, double-click to edit its "
                                "notes; click a status after \"Set:\"")],
}


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def __init__(self, screen: Screen):
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        from senco_tui.tui.keys import key_rows

        # bindings without words (e.g. tab) are explained below in plain words
        widgets = getattr(self.for_screen, "HELP_WIDGETS", ())
        rows = key_rows(self.app, self.for_screen, *widgets, self.app)
        rows.extend(EXTRA.get(type(self.for_screen).__name__, []))
        rows.append(("ctrl+p", "Command palette: every action, and \"Jump to question…\""))
        # a grid: a long description wraps within its own column, under its first line
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for keys, description in rows:
            table.add_row(Text(keys), Text(description))
        with Vertical(id="help-box", classes="dialog"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                yield Static(table, id="help-table")
            yield Static("Everything is saved as you go; there is no save key. "
                         "Status is shown as a letter too: G green, A amber, R red, "
                         "N n/a, ✎ notes but no status, · not discussed. Actions: [ ] open, "
                         "[✓] done, [✗] dropped. Carried items: A action, Q question, "
                         "×3 carried three times, and ? not reviewed, ✓ done, → kept open, "
                         "✗ dropped; 1-4 on a carried question rate it where this meeting "
                         "asks it.  "
                         "Press escape to close.", classes="dim")
