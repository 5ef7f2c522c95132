"""What the year screen shows, as pure functions: the year's grid in, rich Text out.

No widgets and no rules: every fact comes from the `YearGrid` (senco_tui/year.py). Each
cell is a mark (a letter, ✎, ·, →) *and* a colour; the colour comes from the theme
through the screen's component classes (`marks`), never alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from rich.text import Text

from senco_tui.records import HALF_TERM_TITLES, STATUS_LETTERS
from senco_tui.report import SHORT_TITLES
from senco_tui.safe_text import safe_text
from senco_tui.year import Cell, Column, Row, YearGrid

Marks = Mapping[str, Style]  # component class -> style, from the theme

# the screen's component classes: the four statuses (a carried item closed shows as
# Green or N/A), and the dim "asked, not discussed"
MARK_CLASSES = frozenset({"mark--green", "mark--amber", "mark--red", "mark--na"})
CELL = 6  # columns a half-term's cell takes


def _style(marks: Marks, tone: str) -> Style:
    return marks.get(f"mark--{tone}", Style(bold=True)) if tone else Style()


def cell_text(cell: Cell, marks: Marks) -> Text:
    """The mark, centred; its colour leaves a column either side, so two cells of one
    colour never run together."""
    mark = cell.mark
    if not mark:
        return Text(" " * CELL)
    if mark == STATUS_LETTERS[None]:
        return Text(mark.center(CELL), style="dim")
    return Text.assemble(" ", (mark.center(CELL - 2), _style(marks, cell.tone)), " ")


def column_label(column: Column) -> Text:
    """Two lines: the half-term, and when it was held (or that it was not)."""
    m = column.meeting
    if m is None:
        when = "–"
    elif m.held_on is not None:
        when = f"{m.held_on.day}/{m.held_on.month}"
    else:
        when = "held" if column.held else "open"
    # right-aligned: a header cell's trailing spaces are dropped, so they would touch
    return Text(f"{SHORT_TITLES[column.half_term]:>{CELL}}\n{when:>{CELL}}",
                style="" if column.held else "dim")


def question_text(row: Row, width: int) -> Text:
    """The question in `width` columns, the last one left blank (the cells follow)."""
    text = safe_text(row.text) + ("" if row.in_checklist else " (no longer asked)")
    shown = Text(" " + text, no_wrap=True, overflow="ellipsis")
    shown.truncate(width - 1, overflow="ellipsis")
    return shown


def section_text(title: str, width: int) -> Text:
    shown = Text(" " + safe_text(title).upper(), style="bold", no_wrap=True)
    shown.truncate(width - 1, overflow="ellipsis")
    return shown


def title_line(grid: YearGrid, width: int) -> str:
    """Who and which year, how many meetings held, what stayed open."""
    who = " · ".join(safe_text(p) for p in (grid.senco.name, grid.senco.school) if p.strip())
    held = f"{grid.held} of 6 held"
    running = len(grid.persistent)
    tail = [held] + ([f"{running} Amber/Red two half-terms running"] if running else [])
    for parts in (tail, tail[:1]):
        line = f"{who} · {grid.year} — " + " · ".join(parts)
        if len(line) <= width - 2:
            return line
    return f"{who} · {grid.year}"[: max(width - 2, 0)]


def cell_line(grid: YearGrid, row: Row | None, index: int | None) -> Text:
    """The highlighted cell in words (and its notes), and what enter does."""
    if row is None or index is None:
        return Text("Move with the arrow keys; enter opens that meeting at that question.",
                    style="dim")
    column = grid.columns[index]
    cell = row.cells[index]
    where = HALF_TERM_TITLES[column.half_term]
    text = Text()
    text.append(f"{where}: ", style="bold")
    text.append(safe_text(row.text))
    words = cell.words or ("not asked" if column.meeting is not None else "no meeting yet")
    text.append(f" — {words}")
    if cell.carried is not None and cell.carried.decision is not None \
            and cell.carried.decision.note.strip():
        text.append(f" ({safe_text(cell.carried.decision.note.strip())})")
    if cell.notes.strip():
        text.append("\nNotes: ", style="bold")
        text.append(" ".join(safe_text(cell.notes).split()))
    elif column.meeting is None:
        text.append("\nNo meeting for this half-term yet: start it from the home screen.",
                    style="dim")
    else:
        text.append(f"\nenter: open the {where} meeting here", style="dim")
    text.no_wrap, text.overflow = False, "ellipsis"
    return text


def counts_text(grid: YearGrid) -> Text:
    """The year's thread: a column per half-term, counts of what happened in each."""
    text = Text()
    label = 12
    heads = "".join(f"{_abbrev(c.half_term):>4}" for c in grid.columns)
    text.append(f"{'THE YEAR':<{label}}{heads}\n", style="bold")

    def row(name: str, values: list[str]) -> None:
        text.append(f"{name:<{label}}" + "".join(f"{v:>4}" for v in values) + "\n")

    def count(c: Column, n: int) -> str:
        return str(n) if c.meeting is not None else "–"

    cols = grid.columns
    row("Held", ["✓" if c.held else ("·" if c.meeting else "–") for c in cols])
    row("Discussed", [count(c, c.discussed) for c in cols])
    row("Red", [count(c, c.reds) for c in cols])
    row("Amber", [count(c, c.ambers) for c in cols])
    row("Carried in", [count(c, c.carried_in) for c in cols])
    text.append("ACTIONS\n", style="bold")
    row(" agreed", [count(c, c.opened) for c in cols])
    row(" closed", [count(c, c.closed) for c in cols])
    row(" open after", [count(c, c.open_actions) for c in cols])
    row(" overdue", [count(c, c.overdue) for c in cols])
    return text


def running_text(grid: YearGrid, marks: Marks) -> Text:
    """What stayed Amber or Red two half-terms running, then the key to the marks."""
    text = Text()
    text.append("AMBER OR RED TWO RUNNING\n", style="bold")
    if not grid.persistent:
        text.append("None.\n", style="dim")
    for p in grid.persistent:
        text.append(f" {STATUS_LETTERS[p.worst]} ", style=_style(marks, p.worst))
        text.append(f" {safe_text(p.text)}\n")
        when = ", ".join(SHORT_TITLES[ht] for ht in p.half_terms)
        opened = sum(1 for a in p.actions if a.status == "open")
        extra = (f" · {opened} open action{'s' if opened != 1 else ''}" if opened
                 else " · its actions closed" if p.actions else "")
        text.append(f"    {when}{extra}\n", style="dim")
    text.append("\nKEY\n", style="bold")
    text.append(SCREEN_KEY, style="dim")
    return text


# the marks, in the lines the side pane has room for (the report has KEY in full)
SCREEN_KEY = ("G Green  A Amber  R Red  N N/A\n"
              "✎  discussed, no status\n"
              "·  asked, not discussed\n"
              "→  carried in, still open\n"
              "→✓ carried in, closed; →✗ dropped\n"
              "blank: not asked that half-term\n")


def _abbrev(half_term: str) -> str:
    """Au1 Au2 Sp1 Sp2 Su1 Su2"""
    season, number = half_term.split("-")
    return season[:2].capitalize() + number


STRIP_CELL = 7  # columns a half-term takes in home's strip


def strip_text(grid: YearGrid, red: Style) -> Text:
    """Home's strip for the highlighted SENCo: this year's six half-terms, each held or
    not, discussed of asked, open items after it, and its Reds (`red`: the theme's)."""
    label = 11
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{grid.year + ' (y)':<{label}}", style="bold")  # y opens the whole year
    text.append("".join(f"{SHORT_TITLES[c.half_term]:>{STRIP_CELL}}" for c in grid.columns)
                + "\n", style="bold")

    def row(name: str, cells: list[tuple[str, Style | str]]) -> None:
        text.append(f"{name:<{label}}")
        for value, style in cells:
            text.append(f"{value:>{STRIP_CELL}}", style=style)
        text.append("\n")

    def held(c: Column) -> str:
        if c.meeting is None:
            return "–"
        if c.meeting.held_on is not None:
            return f"{c.meeting.held_on.day}/{c.meeting.held_on.month}"
        return "held" if c.held else "opened"

    cols = grid.columns
    row("Held", [(held(c), "" if c.held else "dim") for c in cols])
    row("Discussed", [(f"{c.discussed}/{c.asked}" if c.meeting is not None and c.asked
                       is not None else (str(c.discussed) if c.meeting else ""), "")
                      for c in cols])
    row("Open items", [(str(c.open_items) if c.meeting is not None else "", "") for c in cols])
    row("Red", [(str(c.reds) if c.meeting is not None else "", red if c.reds else "")
                for c in cols])
    text.rstrip()
    return text
