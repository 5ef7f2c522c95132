"""Export preview: the markdown notes as they will be written, then write them."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, MarkdownViewer, Static


def export_name(notes) -> str:
    """2026-27-autumn-2-jane-smith.md"""
    who = re.sub(r"[^a-z0-9]+", "-", notes.senco.name.lower()).strip("-") or "senco"
    year = notes.meeting.year.replace("/", "-")
    return f"{year}-{notes.meeting.half_term}-{who}.md"


def write_private(folder: Path, name: str, text: str) -> Path:
    """Write atomically (temp file + os.replace), readable by the user only."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / name
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


class ExportScreen(Screen):
    BINDINGS = [
        Binding("w", "write", "Write file", id="export.write"),
        Binding("q,escape", "back", "Back", id="export.back"),
    ]

    def __init__(self, notes):
        super().__init__()
        from senco_tui.export import render

        self.notes = notes
        self.markdown = render(notes)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Preview. Press w to write this file: " + export_name(self.notes),
                     id="export-where", markup=False)
        yield MarkdownViewer(self.markdown, show_table_of_contents=False, id="preview")
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Export · {self.notes.senco.name} · {self.notes.meeting.label}"

    def action_write(self) -> None:
        from senco_tui.paths import SettingsError

        try:
            path = write_private(self.app.paths.export_dir, export_name(self.notes),
                                 self.markdown)
        except (OSError, SettingsError) as exc:
            self.notify(f"Could not write the notes: {exc}", severity="error", timeout=10)
            return
        self.query_one("#export-where", Static).update(f"Written to {path}")
        self.notify(f"Notes written to {path}", timeout=10)

    def action_back(self) -> None:
        self.dismiss()

    def palette_commands(self):
        yield SystemCommand("Write the notes file", "w", self.action_write)
        yield SystemCommand("Back to the meeting", "q", self.action_back)
