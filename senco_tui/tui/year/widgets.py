"""The year screen's widgets. Each posts its own messages up; what it shows comes down
from the screen. None of them calls into its screen."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from senco_tui.records import HALF_TERMS
from senco_tui.tui.year import render
from senco_tui.year import NOT_ASKED, Cell, Row, YearGrid

# columns besides the question's: the cells and the scrollbar
_OTHERS = len(HALF_TERMS) * render.CELL + 1
MIN_QUESTION = 20


def base_style(widget: Widget) -> Style:
    """widget.rich_style (its colours, from its ancestors' too), worked out again only when
    Textual renews the widget's visual style (after any change of its styles, as a Static
    relies on): a line-drawing widget asked for it at every line, each time walking the
    whole DOM path."""
    visual = widget.visual_style
    cached = widget.__dict__.get("_base_style")
    if cached is None or cached[0] is not visual:
        cached = (visual, widget.rich_style)
        widget.__dict__["_base_style"] = cached
    return cached[1]


class Cursor(NamedTuple):
    row: int  # index into the rows shown (section titles included)
    column: int  # 0-5: the half-term


class YearTable(ScrollView, can_focus=True):
    """The grid: a row per question under a row per section, a column per half-term, each
    line drawn straight from the grid (Textual's DataTable rendered every cell through
    Rich: the year screen took longer than a meeting to open).

    The cursor moves over the half-terms' cells; enter, or a click on the highlighted
    cell, posts Chosen. The column titles are YearHeader, above it.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"year-table--cursor", "year-table--section",
                                             "year-table--question"}
    BINDINGS = [
        Binding("up,k", "move(-1, 0)", show=False),
        Binding("down,j", "move(1, 0)", show=False),
        Binding("left,h", "move(0, -1)", show=False),
        Binding("right,l", "move(0, 1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(-1)", show=False),
        Binding("end", "edge(1)", show=False),
        Binding("enter", "choose", show=False),
    ]

    class Chosen(Message):
        """Enter on a cell: open that half-term's meeting at that question."""

        def __init__(self, half_term: str, row: Row) -> None:
            super().__init__()
            self.half_term, self.row = half_term, row

    class Moved(Message):
        """The highlighted cell changed (row None: a section's title row)."""

        def __init__(self, row: Row | None, column: int | None) -> None:
            super().__init__()
            self.row, self.column = row, column

    cursor: reactive[Cursor] = reactive(Cursor(0, 0), init=False)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.rows_shown: list[Row | None] = []  # per line: the question, or a section
        self.texts: list[str] = []  # the question (or section title) of each line
        self.cells: list[list[list[Segment]]] = []  # each line's six cells, drawn
        self._styles: dict[str, Style] = {}
        self.shown_width = 0  # the width the lines were made for
        self.room = MIN_QUESTION  # columns the question takes

    def show(self, grid: YearGrid, marks: render.Marks, width: int) -> None:
        """The grid's rows; the cursor stays where it was (same line and half-term)."""
        self.shown_width = width
        self.room = max(width - _OTHERS, MIN_QUESTION)
        self.rows_shown, self.texts, self.cells = [], [], []
        self._styles = {name: self.get_component_rich_style(f"year-table--{name}", partial=True)
                        for name in ("cursor", "section", "question")}
        console = self.app.console

        # a cell is drawn from its mark and tone alone: a year has a handful of kinds of
        # cell, and hundreds of cells
        drawn: dict[tuple[str, str], list[Segment]] = {}

        def cell(c: Cell) -> list[Segment]:
            key = (c.mark, c.tone)
            if key not in drawn:
                drawn[key] = list(render.cell_text(c, marks).render(console, end=""))
            return drawn[key]

        blank = [cell(NOT_ASKED)] * len(HALF_TERMS)
        for section in grid.sections:
            self.rows_shown.append(None)
            self.texts.append(render.section_text(section.title, self.room).plain)
            self.cells.append(blank)
            for row in section.rows:
                self.rows_shown.append(row)
                self.texts.append(render.question_text(row, self.room).plain)
                self.cells.append([cell(c) for c in row.cells])
        self.virtual_size = Size(self.room + len(HALF_TERMS) * render.CELL,
                                 len(self.rows_shown))
        if not self.rows_shown:
            return
        at = self.cursor
        if self.shown_width and 0 < at.row < len(self.rows_shown):
            self.refresh()
            self.post_message(self.Moved(*self.current()))
        else:  # the first question, first half-term
            first = next((i for i, r in enumerate(self.rows_shown) if r is not None), 0)
            self.cursor = Cursor(first, 0)
        self.refresh()

    def current(self) -> tuple[Row | None, int | None]:
        """The highlighted question (None on a section's row) and half-term's index."""
        at = self.cursor
        if not 0 <= at.row < len(self.rows_shown):
            return None, None
        return self.rows_shown[at.row], at.column

    def go_to(self, question_id: str, half_term: str) -> None:
        index = next((i for i, r in enumerate(self.rows_shown)
                      if r is not None and r.question_id == question_id), None)
        if index is not None:
            self.cursor = Cursor(index, HALF_TERMS.index(half_term))

    def watch_cursor(self, old: Cursor, new: Cursor) -> None:
        self.refresh_line(old.row - self.scroll_offset.y)
        self.refresh_line(new.row - self.scroll_offset.y)
        self.scroll_to_region(Region(0, new.row, 1, 1), animate=False, immediate=True)
        self.post_message(self.Moved(*self.current()))

    def action_move(self, rows: int, columns: int) -> None:
        """Move by rows and half-terms; a section's title row is stepped over."""
        if not self.rows_shown:
            return
        at = self.cursor
        last = len(self.rows_shown) - 1
        row = min(max(at.row + rows, 0), last)
        step = 1 if rows > 0 else -1
        while rows and self.rows_shown[row] is None and 0 < row < last:
            row += step
        if self.rows_shown[row] is None:  # the first or last line: a title
            row = at.row
        self.cursor = Cursor(row, min(max(at.column + columns, 0), len(HALF_TERMS) - 1))

    def action_page(self, pages: int) -> None:
        self.action_move(pages * max(self.scrollable_content_region.height - 1, 1), 0)

    def action_edge(self, end: int) -> None:
        self.action_move(end * len(self.rows_shown), 0)

    def action_choose(self) -> None:
        row, column = self.current()
        if row is not None and column is not None:
            self.post_message(self.Chosen(HALF_TERMS[column], row))

    def on_click(self, event: events.Click) -> None:
        x, y = event.x + self.scroll_offset.x, event.y + self.scroll_offset.y
        if not 0 <= y < len(self.rows_shown) or x < self.room:
            return
        target = Cursor(y, min((x - self.room) // render.CELL, len(HALF_TERMS) - 1))
        if target == self.cursor:
            self.action_choose()  # a click on the highlighted cell opens it
        else:
            self.cursor = target

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        base = base_style(self)
        width = self.scrollable_content_region.width
        if not 0 <= index < len(self.rows_shown):
            return Strip.blank(width, base)
        kind = "section" if self.rows_shown[index] is None else "question"
        segments = [Segment(self.texts[index].ljust(self.room)[: self.room],
                            base + self._styles.get(kind, Style()))]
        cursor = self.cursor
        for column, cell in enumerate(self.cells[index]):
            here = index == cursor.row and column == cursor.column
            for segment in cell:
                style = base + (segment.style or Style())
                if here:
                    style += self._styles.get("cursor", Style(reverse=True))
                segments.append(Segment(segment.text, style))
        return Strip(segments).adjust_cell_length(width, base)


class YearHeader(Widget):
    """The grid's column titles: the half-terms and when each meeting was held."""

    DEFAULT_CSS = "YearHeader { height: 2; }"
    columns: reactive[tuple[Text, ...]] = reactive(tuple)
    room: reactive[int] = reactive(MIN_QUESTION)

    def render(self) -> Text:
        lines = [Text(" Question".ljust(self.room), style="bold"), Text(" " * self.room)]
        for label in self.columns:
            top, bottom = label.split("\n") if "\n" in label.plain else (label, Text(""))
            lines[0].append_text(top)
            lines[1].append_text(bottom)
        text = Text("\n").join(lines)
        text.no_wrap = True
        return text


class TextLines(Widget):
    """Lines of rich text, each cut to the width with an ellipsis, as a Static with
    `text-wrap: nowrap; text-overflow: ellipsis` shows them: only the lines on screen are
    drawn (a Static laid out all of a long list first, then again when the scrollbar
    beside it came and took a column)."""

    DEFAULT_CSS = "TextLines { height: auto; }"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lines: list[Text] = []
        self._strips: dict[tuple[int, int], Strip] = {}  # (line, width) -> drawn

    def update(self, text: Text) -> None:
        self.lines = list(text.split("\n", allow_blank=True))
        self._strips.clear()
        self.refresh(layout=True)

    def render(self) -> Text:
        return Text("\n").join(self.lines)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((line.cell_len for line in self.lines), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        strip = self._strips.get((y, width))
        if strip is None:
            base = base_style(self)
            if 0 <= y < len(self.lines):
                line = self.lines[y].copy()
                line.truncate(width, overflow="ellipsis")
                # not padded to the width: the line's background is put after it, as for
                # a Static
                strip = Strip(Segment.apply_style(line.render(self.app.console, end=""), base))
            else:
                strip = Strip([])
            self._strips[(y, width)] = strip
        return strip


class ThreadPane(VerticalScroll, can_focus=False):
    """The year's thread beside the grid: counts per half-term, and what stayed Amber or
    Red (side by side under the grid on a narrow screen)."""

    grid: reactive[YearGrid | None] = reactive(None, layout=True, always_update=True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.marks: render.Marks = {}

    def compose(self) -> ComposeResult:
        # straight in the pane, which lays them out (a container between them had every
        # line of its own drawn too)
        yield Static("", id="thread-counts")
        yield TextLines(id="thread-running")

    def watch_grid(self, grid: YearGrid | None) -> None:
        if grid is not None and self.is_mounted:
            self.query_one("#thread-counts", Static).update(render.counts_text(grid))
            self.query_one("#thread-running", TextLines).update(
                render.running_text(grid, self.marks))
