"""Export preview: the markdown notes as they will be written, then write them.

The preview is drawn by Rich's markdown renderer into lines, the first part (the title
and the summary) at once and the rest in a thread, a section at a time, so the screen
opens at once even on a meeting of 60 KB. (Textual's Markdown widget made a widget of
every block: 2-20 s on the benchmark's largest meeting.) Two checkboxes choose what is
written: the SENCo's wellbeing notes, and the detail (question ids, sources).
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Checkbox, Static

from senco_tui.notes_file import file_name
from senco_tui.safe_text import safe_text
from senco_tui.tui.textual_hooks import QuietFooter

# the first part shown at once: up to the second top-level section (the summary)
_SECTION = re.compile(r"^## ", re.MULTILINE)


def parts(markdown: str) -> list[str]:
    """The note cut before each `## ` heading (outside none of our blocks can one start:
    the export escapes every # a person typed)."""
    starts = [m.start() for m in _SECTION.finditer(markdown)]
    cuts = [0, *starts, len(markdown)]
    return [markdown[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if markdown[a:b].strip()]


def render_lines(markdown: str, width: int) -> list[Strip]:
    """One part of the note as lines `width` wide (its own console: safe in a thread)."""
    console = Console(width=width, color_system="truecolor", force_terminal=True,
                      legacy_windows=False, file=_Nowhere())
    lines = console.render_lines(Markdown(markdown), console.options.update_width(width),
                                 pad=False)
    strips = [Strip(line, Segment.get_line_length(line)) for line in lines]
    return [*strips, Strip.blank(0)]


class _Nowhere:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


class MarkdownPreview(ScrollView, can_focus=True):
    """The note as it will read, scrolled with the usual keys."""

    BINDINGS = [
        Binding("up,k", "scroll_up", show=False),
        Binding("down,j", "scroll_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown,space", "page_down", show=False),
        Binding("home", "scroll_home", show=False),
        Binding("end", "scroll_end", show=False),
    ]

    def __init__(self, markdown: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.markdown = markdown
        self.lines: list[Strip] = []
        self._width = 0  # the width the lines were drawn for
        self._drawing = 0  # which drawing the thread's lines belong to

    def show(self, markdown: str) -> None:
        self.markdown = markdown
        self._draw(self._width or self.scrollable_content_region.width)

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width and width != self._width:
            self._draw(width)

    def _draw(self, width: int) -> None:
        if width <= 0:
            return
        self._width = width
        self._drawing += 1
        first, *rest = parts(self.markdown) or [""]
        self.lines = render_lines(first, width)
        self._resized()
        if rest:  # after the first part is on screen: the thread would slow its drawing
            self.call_after_refresh(self._draw_rest, rest, width, self._drawing)

    @work(thread=True, exclusive=True, group="preview")
    def _draw_rest(self, rest: list[str], width: int, drawing: int) -> None:
        for part in rest:
            strips = render_lines(part, width)
            self.app.call_from_thread(self._add, strips, drawing)

    def _add(self, strips: list[Strip], drawing: int) -> None:
        if drawing == self._drawing:  # not a drawing for an older width or text
            self.lines.extend(strips)
            self._resized()

    def _resized(self) -> None:
        self.virtual_size = Size(self._width, len(self.lines))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        return self.lines[index].crop_extend(scroll_x, scroll_x + width, self.rich_style) \
            .apply_style(self.rich_style)

    @property
    def plain(self) -> str:
        """What is drawn so far, as text (for tests)."""
        return "\n".join(strip.text.rstrip() for strip in self.lines)


class ExportScreen(Screen[None]):
    BINDINGS = [
        Binding("w", "write", "Write file", id="export.write"),
        Binding("i", "toggle('#with-wellbeing')", "Wellbeing notes", id="export.wellbeing",
                tooltip="Include the notes on the SENCo's own wellbeing, or leave them out"),
        Binding("d", "toggle('#with-detail')", "Detail", id="export.detail",
                tooltip="Include question ids, the questions' sources and earlier notes "
                        "on carried items, or leave them out"),
        Binding("q,escape", "back", "Back", id="export.back"),
    ]

    def __init__(self, notes):
        super().__init__()
        self.notes = notes
        self.markdown = self._note(detail=False, wellbeing=False)

    def _note(self, *, detail: bool, wellbeing: bool) -> str:
        from senco_tui.export import render

        return render(self.notes, detail=detail, include_wellbeing=wellbeing)

    def compose(self) -> ComposeResult:
        # a plain title line: Textual's Header (icon, clock) costs the screen's opening
        yield Static(safe_text(f"Export · {self.notes.senco.name} · {self.notes.meeting.label}"),
                     id="title", markup=False)
        yield Static("Preview. Press w to write this file: " + safe_text(file_name(self.notes)),
                     id="export-where", markup=False)
        with Horizontal(id="export-choices"):
            yield Checkbox("Wellbeing notes (i)", False, id="with-wellbeing",
                           tooltip="The notes on the SENCo's own wellbeing: left out unless "
                                   "chosen (special category data)")
            yield Checkbox("Detail: ids and sources (d)", False, id="with-detail")
        yield MarkdownPreview(self.markdown, id="preview")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.title = safe_text(f"Export · {self.notes.senco.name} · {self.notes.meeting.label}")
        for box in self.query(Checkbox):
            box.can_focus = False  # clicked, or their keys: the preview keeps the keys
        self.query_one(MarkdownPreview).focus()

    def action_toggle(self, which: str) -> None:
        box = self.query_one(which, Checkbox)
        box.value = not box.value

    @on(Checkbox.Changed)
    def _choice(self) -> None:
        self.markdown = self._note(detail=self.query_one("#with-detail", Checkbox).value,
                                     wellbeing=self.query_one("#with-wellbeing", Checkbox).value)
        self.query_one(MarkdownPreview).show(self.markdown)

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
