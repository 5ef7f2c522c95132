"""The year screen's widgets. Each posts its own messages up; what it shows comes down
from the screen. None of them calls into its screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable, Static

from senco_tui.records import HALF_TERMS
from senco_tui.tui.year import render
from senco_tui.year import Row, YearGrid

# a table's columns besides the question's: the cells and the scrollbar
_OTHERS = len(HALF_TERMS) * render.CELL + 2
MIN_QUESTION = 20


class YearTable(DataTable[Text]):
    """The grid: a row per question under a row per section, a column per half-term.

    The cursor moves over the half-terms' cells (the question column stays in view);
    enter or a click on the highlighted cell posts Chosen.
    """

    BINDINGS = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
        Binding("h", "cursor_left", show=False),
        Binding("l", "cursor_right", show=False),
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

    def __init__(self, **kwargs: object) -> None:
        # the cursor's colour over the cell's own: where it is must always show
        super().__init__(cursor_type="cell", fixed_columns=1, header_height=2,
                         show_row_labels=False, cell_padding=0,
                         cursor_background_priority="css", **kwargs)  # type: ignore[arg-type]
        self.rows_shown: list[Row | None] = []  # per table row: the question, or a section

    def show(self, grid: YearGrid, marks: render.Marks, width: int) -> None:
        """The grid as rows; the cursor stays on the same question and half-term."""
        at = self.cursor_coordinate
        self.clear(columns=True)
        room = max(width - _OTHERS, MIN_QUESTION)
        self.add_column(Text(" Question", style="bold"), width=room, key="question")
        for column in grid.columns:
            self.add_column(render.column_label(column), width=render.CELL,
                            key=column.half_term)
        self.rows_shown = []
        empty = [Text("")] * len(HALF_TERMS)
        for section in grid.sections:
            self.add_row(render.section_text(section.title, room), *empty,
                         key=f"section:{section.slug}")
            self.rows_shown.append(None)
            for row in section.rows:
                self.add_row(render.question_text(row, room),
                             *(render.cell_text(c, marks) for c in row.cells),
                             key=f"q:{row.question_id}")
                self.rows_shown.append(row)
        if self.rows_shown:
            first = next((i for i, r in enumerate(self.rows_shown) if r is not None), 0)
            row_at = at.row if 0 < at.row < len(self.rows_shown) else first
            self.move_cursor(row=row_at, column=max(at.column, 1), scroll=True)

    def current(self) -> tuple[Row | None, int | None]:
        """The highlighted question (None on a section's row) and half-term's index."""
        at = self.cursor_coordinate
        if not 0 <= at.row < len(self.rows_shown):
            return None, None
        return self.rows_shown[at.row], (at.column - 1 if at.column >= 1 else None)

    def go_to(self, question_id: str, half_term: str) -> None:
        index = next((i for i, r in enumerate(self.rows_shown)
                      if r is not None and r.question_id == question_id), None)
        if index is not None:
            self.move_cursor(row=index, column=HALF_TERMS.index(half_term) + 1)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted[Text]) -> None:
        event.stop()
        if event.coordinate != self.cursor_coordinate:
            return  # moved on since (e.g. the rows were shown again)
        if event.coordinate.column == 0 and self.rows_shown:
            # the question column is a label: the cursor stays on the half-terms
            self.move_cursor(column=1)
            return
        self.post_message(self.Moved(*self.current()))

    def on_data_table_cell_selected(self, event: DataTable.CellSelected[Text]) -> None:
        event.stop()
        row, column = self.current()
        if row is not None and column is not None:
            self.post_message(self.Chosen(HALF_TERMS[column], row))


class ThreadPane(VerticalScroll, can_focus=False):
    """The year's thread beside the grid: counts per half-term, and what stayed Amber or
    Red (side by side under the grid on a narrow screen)."""

    grid: reactive[YearGrid | None] = reactive(None, layout=True, always_update=True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.marks: render.Marks = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="thread-parts"):
            yield Static("", id="thread-counts")
            yield Static("", id="thread-running")

    def watch_grid(self, grid: YearGrid | None) -> None:
        if grid is not None and self.is_mounted:
            self.query_one("#thread-counts", Static).update(render.counts_text(grid))
            self.query_one("#thread-running", Static).update(
                render.running_text(grid, self.marks))
