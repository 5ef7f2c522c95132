"""The year at a glance: one SENCo's questions by half-term, and the year's thread.

The grid comes from senco_tui/year.py (the same one `senco-tui year` prints and the year
report writes); this screen only shows it, moves over it, and opens a meeting at the
question of the chosen cell. `w` writes the year report, `g` the governors' version.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from senco_tui.calendar import valid_year
from senco_tui.records import HALF_TERM_TITLES, Senco
from senco_tui.safe_text import safe_text
from senco_tui.tui.app import SencoApp
from senco_tui.tui.textual_hooks import QuietFooter, StyledWhenMounted, release_styles_caches
from senco_tui.tui.year import render
from senco_tui.tui.year.widgets import ThreadPane, YearHeader, YearTable
from senco_tui.year import YearGrid


class YearScreen(StyledWhenMounted, Screen[None]):
    COMPONENT_CLASSES: ClassVar[set[str]] = set(render.MARK_CLASSES)
    BINDINGS = [
        Binding("enter", "open", "Open meeting", id="year.open", show=False,
                tooltip="Open the highlighted half-term's meeting at this question"),
        Binding("w", "write", "Write report", id="year.write",
                tooltip="Write the year report for the head (markdown and print-ready HTML)"),
        Binding("g", "write(True)", "Governors", id="year.governors",
                tooltip="Write the governors' version: counts and ratings only, no notes, "
                        "no names, no wellbeing"),
        Binding("p", "year(-1)", "Previous year", id="year.previous", key_display="p",
                tooltip="The year before"),
        Binding("n", "year(1)", "Next year", id="year.next", key_display="n",
                tooltip="The year after"),
        Binding("q,escape", "back", "Back", id="year.back", tooltip="Back"),
    ]

    app = getters.app(SencoApp)
    table = getters.query_one("#grid", YearTable)
    thread = getters.query_one("#thread", ThreadPane)

    def __init__(self, senco: Senco, year: str):
        super().__init__()
        self.senco = senco
        self.year = year
        self.grid: YearGrid | None = None
        self.marks: render.Marks = {}
        self._told = False  # about a checklist with problems
        self._away = False  # another screen was shown over this one
        self._shown: dict[str, str | Text] = {}  # the text of #title and #cell-info

    def shows(self, senco_id: int, year: str) -> bool:
        return self.senco.id == senco_id and self.year == year

    def compose(self) -> ComposeResult:
        self._breakpoints()
        yield Static("", id="title", markup=False)
        with Horizontal(id="year-body"):
            with Vertical(id="grid-pane"):
                yield YearHeader(id="grid-header")
                yield YearTable(id="grid")
            yield ThreadPane(id="thread")
        yield Static("", id="cell-info", markup=False)
        yield QuietFooter()

    def on_mount(self) -> None:
        self._theme_marks()
        self.load()
        self.table.focus()
        # the stylesheet takes the new theme's variables first
        self.app.theme_changed_signal.subscribe(
            self, lambda _: self.call_after_refresh(self._new_theme))

    def _breakpoints(self) -> None:
        """The app's breakpoint classes (-narrow, -short...) for the size the screen opens
        at, before its parts are styled: Textual adds them only once the screen was laid
        out and drawn, when every part would be styled, laid out and drawn again (at
        80x24 wide first, then narrow)."""
        app = self.app
        for breakpoints, size in ((app.HORIZONTAL_BREAKPOINTS, app.size.width),
                                  (app.VERTICAL_BREAKPOINTS, app.size.height)):
            ordered = sorted(breakpoints or (), reverse=True)
            chosen = next((name for at, name in ordered if size >= at), None)
            # not styled now: showing the screen styles it and all its parts
            self.update_classes({name: name == chosen for _, name in ordered}, update=False)

    def on_unmount(self) -> None:
        # the signal keeps its subscribers (and so this screen, its grid and every line
        # drawn) until the next change of theme: leaving would not free them
        self.app.theme_changed_signal.unsubscribe(self)
        release_styles_caches()

    def _theme_marks(self) -> None:
        self.marks = {name: self.get_component_rich_style(name, partial=True)
                      for name in render.MARK_CLASSES}
        self.thread.marks = self.marks

    def _new_theme(self) -> None:
        self._theme_marks()
        self.show()

    def load(self) -> None:
        """Read the year again (a meeting opened from here may have changed it)."""
        from senco_tui import year
        from senco_tui.meeting import carry_policy_for

        checklist = self.app.year_checklist(self.senco.checklist_set)
        self.senco = self.app.store.get_senco(self.senco.id)  # renamed meanwhile
        self.grid = year.load(self.app.store, self.senco, self.year, checklist,
                              self.app.today, self.app.current_half_term(),
                              carry_policy_for(self.senco, self.app.settings.carry_policy))
        if self.grid.problems and not self._told:
            self._told = True  # once, not at every return from a meeting
            self.notify(f"The checklist set '{self.senco.checklist_set}' has problems "
                        f"({self.grid.problems[0]}): those half-terms show what was recorded. "
                        "Run senco-tui validate.", severity="warning", timeout=10)
        self.show()

    def show(self) -> None:
        grid = self.grid
        if grid is None:
            return
        self._title()
        self.title = safe_text(f"{self.senco.name} · {self.year}")
        self.table.show(grid, self.marks, self.table.size.width or self._table_width())
        header = self.query_one(YearHeader)
        header.room = self.table.room
        header.columns = tuple(render.column_label(c) for c in grid.columns)
        self.thread.grid = grid
        self._show_cell()

    def _table_width(self) -> int:
        """Before the first layout: what the stylesheet gives the table."""
        width = self.app.size.width
        return width - 40 if width >= 100 else width

    def on_resize(self) -> None:
        if self.grid is not None:
            self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Lay the rows out again only if the table's width changed (the first layout
        usually gives what _table_width guessed)."""
        width = self.table.size.width
        if width and width != self.table.shown_width:
            self.show()
        elif self.grid is not None:
            self._title()

    def _title(self) -> None:
        # only when it changed, and without a layout (one line, docked): each update of a
        # Static lays the screen out again, and keeps its first frame waiting
        if self.grid is not None:
            self._update("#title", render.title_line(self.grid, self.app.size.width))

    def _update(self, selector: str, content: str | Text) -> None:
        """A fixed-height line or two of text, updated only when it changed."""
        static = self.query_one(selector, Static)
        if self._shown.get(selector) != content:
            self._shown[selector] = content
            static.update(content, layout=False)

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self) -> None:
        # back from a meeting (the first resume comes with the first show: loaded already)
        if self._away:
            self._away = False
            self.load()

    @on(YearTable.Moved)
    def _show_cell(self) -> None:
        if self.grid is None:
            return
        row, column = self.table.current()
        self._update("#cell-info", render.cell_line(self.grid, row, column))

    @on(YearTable.Chosen)
    def _chosen(self, event: YearTable.Chosen) -> None:
        self.open(event.half_term, event.row.question_id)

    def action_open(self) -> None:
        row, column = self.table.current()
        if row is not None and column is not None and self.grid is not None:
            self.open(self.grid.columns[column].half_term, row.question_id)

    def open(self, half_term: str, question_id: str) -> None:
        grid = self.grid
        if grid is None:
            return
        column = next(c for c in grid.columns if c.half_term == half_term)
        if column.meeting is None:
            self.notify(f"No {HALF_TERM_TITLES[half_term]} {self.year} meeting yet: start it "
                        "from the home screen (s, or o for another half-term).", timeout=6)
            return
        self.app.open_meeting(self.senco, self.year, half_term, at=question_id)

    def action_year(self, step: int) -> None:
        first = int(self.year[:4]) + step
        try:
            self.year = valid_year(f"{first}/{(first + 1) % 100:02d}")
        except ValueError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.load()

    def action_write(self, governors: bool = False) -> None:
        from senco_tui import report
        from senco_tui.errors import UserError
        from senco_tui.notes_file import write_private
        from senco_tui.paths import SettingsError

        grid = self.grid
        if grid is None:
            return
        text = report.year_markdown(grid, self.app.today, governors=governors)
        html = report.to_html(text, report.html_title(grid, self.year, governors))
        try:
            folder = self.app.paths.export_dir
            try:
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError as exc:
                raise UserError(f"{folder}: cannot create the folder: {exc.strerror}") from None
            name = report.file_name(grid, governors)
            write_private(folder / f"{name}.md", text)
            write_private(folder / f"{name}.html", html)
        except (UserError, SettingsError) as exc:
            self.notify(f"Could not write the report: {exc}", severity="error", timeout=10)
            return
        what = "Governors' version" if governors else "Year report"
        self.notify(f"{what} written: {folder / name}.md and .html (open the .html in a "
                    "browser to print it or save it as PDF)", timeout=12)

    def action_back(self) -> None:
        self.dismiss()
