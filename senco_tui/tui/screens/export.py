"""Export preview: the markdown notes as they will be written, then write them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, MarkdownViewer, Static

from senco_tui.notes_file import file_name
from senco_tui.safe_text import safe_text


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
        yield Static("Preview. Press w to write this file: " + file_name(self.notes),
                     id="export-where", markup=False)
        # Textual's Markdown turns any run of spaces, no-break ones too, into one space,
        # which flattened nested notes; a zero-width space after each no-break space
        # keeps them apart (the preview only: the file is written as rendered)
        preview = self.markdown.replace("\u00a0", "\u00a0\u200b")
        yield MarkdownViewer(preview, show_table_of_contents=False, id="preview")
        yield Footer()

    def on_mount(self) -> None:
        self.title = safe_text(f"Export · {self.notes.senco.name} · {self.notes.meeting.label}")

    def action_write(self) -> None:
        from senco_tui.errors import UserError
        from senco_tui.notes_file import write_private
        from senco_tui.paths import SettingsError

        try:
            folder = self.app.paths.export_dir
            try:
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # private from the start
            except OSError as exc:
                raise UserError(f"{folder}: cannot create the folder: {exc.strerror}") from None
            path = folder / file_name(self.notes)
            write_private(path, self.markdown)
        except (UserError, SettingsError) as exc:
            self.notify(f"Could not write the notes: {exc}", severity="error", timeout=10)
            return
        self.query_one("#export-where", Static).update(safe_text(f"Written to {path}"))
        self.notify(f"Notes written to {path}", timeout=10)

    def action_back(self) -> None:
        self.dismiss()
