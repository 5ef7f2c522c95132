"""Errors said kindly: what happened and what to do, never a traceback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from senco_tui.safe_text import safe_text
from senco_tui.tui.textual_hooks import QuietFooter


class ErrorScreen(Screen):
    """The store cannot be used (damaged, locked, unreadable): say why and where the backup is."""

    BINDINGS = [Binding("q,escape", "quit", "Quit", id="error.quit")]

    def __init__(self, message: str):
        super().__init__()
        self.message = safe_text(message, multiline=True)  # names paths, names, YAML

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box"):
            yield Static("senco-tui cannot open your meeting notes", id="error-title")
            yield Static(self.message, id="error-message", markup=False)
            yield Static("Nothing has been changed or overwritten. Press q to quit.",
                         id="error-hint")
            yield Button("Quit", id="error-quit", variant="error")
        yield QuietFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_quit()

    def action_quit(self) -> None:
        # the notes could not be opened: a failure, for scripts too (run() returns the result)
        self.app.exit(result=1, return_code=1)


class ProblemsScreen(ModalScreen[None]):
    """Problems that do not stop the app (a broken checklist file, an unknown SENCo)."""

    BINDINGS = [Binding("escape,enter,q", "dismiss", "Close", id="problems.close")]

    def __init__(self, title: str, text: str, hint: str = ""):
        super().__init__()
        # problems quote YAML and names: shown, never obeyed by the terminal
        self.title_text = safe_text(title)
        self.text = safe_text(text, multiline=True)
        self.hint = safe_text(hint, multiline=True)

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-box", classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(id="problems-text"):
                yield Static(self.text, markup=False)
            if self.hint:
                yield Static(self.hint, classes="dim", markup=False)
            yield Button("Close", id="problems-close")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss()
