"""`senco-tui year` (the grid as text) and `senco-tui report` (markdown or HTML): no Textual."""

from __future__ import annotations

import os
import sys
from datetime import date

from senco_tui import calendar, year
from senco_tui.commands import columns
from senco_tui.commands.notes import _open_store, _output, _warn
from senco_tui.errors import UserError
from senco_tui.meeting import Records, carry_policy_for, every_sencos_records, resolve_senco
from senco_tui.notes_file import write_private
from senco_tui.paths import Paths
from senco_tui.records import HALF_TERMS, STATUS_LETTERS, Senco
from senco_tui.report import KEY, SHORT_TITLES
from senco_tui.safe_text import safe_text
from senco_tui.store import Store
from senco_tui.year import YearChecklist, YearGrid

CELL = 6  # columns per half-term in the text grid


def _today_and_current(paths: Paths) -> tuple[date, tuple[str, str]]:
    today = date.today()
    return today, calendar.current(today, paths.settings().half_term_starts)


class _Grids:
    """Year grids from one store, each set's checklists read once."""

    def __init__(self, store: Store, paths: Paths, year_: str | None):
        self.store, self.paths = store, paths
        self.settings = paths.settings()
        self.today, self.current = _today_and_current(paths)
        self.year = year_ or self.current[0]
        self.sets: dict[str, YearChecklist] = {}

    def grid(self, senco: Senco, read: Records | None = None) -> YearGrid:
        name = senco.checklist_set
        if name not in self.sets:
            found = self.sets[name] = year.year_checklist(name, self.paths.user_checklists)
            if found.problems and all(h is None for h in found.half_terms.values()):
                first = found.problems[0].split(": ", 1)[-1]
                _warn(f"checklist set '{name}' could not be read ({first}); the year shows "
                      "what was recorded only")
            else:
                for problem in found.problems:
                    _warn(f"checklist set '{name}': {problem}; that half-term shows what was "
                          "recorded only")
        return year.load(self.store, senco, self.year, self.sets[name], self.today,
                         self.current, carry_policy_for(senco, self.settings.carry_policy),
                         read)


# ---------------------------------------------------------------- year


def _fit(text: str, room: int) -> str:
    """`text` in exactly `room` columns: padded, or cut with … (and a space before the cells)."""
    text = " ".join(safe_text(text).split())
    if columns.width(text) < room:
        return text + " " * (room - columns.width(text))
    while columns.width(text) > room - 2:
        text = text[:-1]
    return text.rstrip() + "… "


def grid_lines(grid: YearGrid, width: int) -> list[str]:
    """The year grid as lines of plain text (letters and marks; see KEY)."""
    room = max(width - CELL * len(HALF_TERMS) - 2, 24)
    head = " " * (room + 2) + "".join(f"{SHORT_TITLES[ht]:<{CELL}}" for ht in HALF_TERMS)
    held = " " * (room + 2) + "".join(
        f"{_held_short(c):<{CELL}}" for c in grid.columns)
    senco = grid.senco
    title = " · ".join(p for p in (senco.name, senco.school, grid.year, grid.checklist_title)
                       if p.strip())
    lines = [safe_text(title), "", head.rstrip(), held.rstrip()]
    for section in grid.sections:
        lines.append(safe_text(section.title.upper()))
        for row in section.rows:
            text = row.text if row.in_checklist else f"{row.text} (no longer asked)"
            cells = "".join(f"{c.mark:<{CELL}}" for c in row.cells)
            lines.append(f"  {_fit(text, room)}{cells}".rstrip())
    import textwrap

    lines += ["", *textwrap.wrap(f"Key: {KEY}.", width=max(width - 1, 40))]
    return lines


def _held_short(column: year.Column) -> str:
    m = column.meeting
    if m is None:
        return "-"
    if m.held_on is not None:
        return f"{m.held_on.day}/{m.held_on.month}"
    return "held" if column.held else "open"


def thread_lines(grid: YearGrid, width: int = 100) -> list[str]:
    """Actions and concerns through the year, a column per half-term."""
    rows = [["", *(SHORT_TITLES[ht] for ht in HALF_TERMS)]]

    def row(label: str, values: list[str]) -> None:
        rows.append([label, *values])

    def count(c: year.Column, n: int) -> str:
        return str(n) if c.meeting is not None else "-"

    cols = grid.columns
    row("Discussed", [f"{c.discussed}/{c.asked}" if c.meeting is not None and c.asked
                      is not None else count(c, c.discussed) for c in cols])
    row("Red", [count(c, c.reds) for c in cols])
    row("Amber", [count(c, c.ambers) for c in cols])
    row("Actions agreed", [count(c, c.opened) for c in cols])
    row("Actions closed", [count(c, c.closed) for c in cols])
    row("Open after", [count(c, c.open_actions) for c in cols])
    row("Overdue", [count(c, c.overdue) for c in cols])
    lines = ["Through the year (actions)", *columns.table(rows).splitlines()]
    lines.append("")
    if grid.persistent:
        lines.append("Amber or Red two half-terms running:")
        for p in grid.persistent:
            when = ", ".join(SHORT_TITLES[ht] for ht in p.half_terms)
            room = max(width - len(when) - 8, 20)
            lines.append(f"  {STATUS_LETTERS[p.worst]}  {_fit(p.text, room).rstrip()} ({when})")
    else:
        lines.append("Nothing stayed Amber or Red two half-terms running.")
    return lines


def run_year(args, paths: Paths) -> int:
    with _open_store(paths) as store:
        senco = resolve_senco(store, args.senco)
        grids = _Grids(store, paths, args.year)
        grid = grids.grid(senco)
    import shutil

    width = shutil.get_terminal_size((100, 24)).columns
    out = grid_lines(grid, width)
    if not grid.meetings:
        out.insert(2, f"No meetings with {safe_text(senco.name)} in {grid.year} yet.")
    out += ["", *thread_lines(grid, width)]
    print("\n".join(out))
    return 0


# ---------------------------------------------------------------- report


def run_report(args, paths: Paths) -> int:
    from senco_tui import report

    output = _output(args, paths)
    with _open_store(paths) as store:
        grids = _Grids(store, paths, args.year)
        if args.all:
            if args.senco:
                raise UserError("give --senco NAME or --all, not both")
            sencos = store.list_sencos()
            every = every_sencos_records(store, grids.year)
            none = Records([], [], [], [])
            made = [grids.grid(s, every.get(s.id, none)) for s in sencos]
            text = report.all_markdown(made, grids.year, grids.today, governors=args.governors)
            first = None
        else:
            senco = resolve_senco(store, args.senco)
            first = grids.grid(senco)
            text = report.year_markdown(first, grids.today, governors=args.governors)
    if args.html:
        text = report.to_html(text, report.html_title(first, grids.year, args.governors))
    if output is not None:
        if output.is_dir() or args.output.endswith(("/", os.sep)):
            # into a folder: named as the year screen names it
            name = (report.file_name(first, args.governors) if first is not None else
                    f"{grids.year.replace('/', '-')}-{'governors' if args.governors else 'year'}"
                    "-every-senco")
            output.mkdir(mode=0o700, parents=True, exist_ok=True)
            output = output / f"{name}.{'html' if args.html else 'md'}"
        write_private(output, text)
        print(f"wrote {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
