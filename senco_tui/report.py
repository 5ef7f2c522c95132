"""The year report: a SENCo's year (or every SENCo's) as markdown, and as print-ready HTML
made from that markdown.

Pure: `YearGrid`s in, text out. Everything typed by a person goes through export's
escapers; the HTML is made with markdown-it-py with raw HTML switched off, so nothing a
person typed can become markup. The governors' version (`governors=True`) is counts,
ratings and headlines only: no notes, no names from notes (action texts and owners are
typed too), and nothing about the SENCo's wellbeing (UK GDPR: special category data;
governors need the picture, not the person).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from senco_tui.export import escape_inline as _escape_inline
from senco_tui.export import when
from senco_tui.records import HALF_TERM_TITLES, HALF_TERMS, STATUS_WORDS, WELLBEING, Action
from senco_tui.year import (
    CARRIED,
    NOTES_ONLY,
    SUPPORT,
    Cell,
    Column,
    Persistent,
    Row,
    YearGrid,
)

if TYPE_CHECKING:
    from markdown_it.token import Token

SHORT_TITLES = {"autumn-1": "Aut 1", "autumn-2": "Aut 2", "spring-1": "Spr 1",
                "spring-2": "Spr 2", "summer-1": "Sum 1", "summer-2": "Sum 2"}
KEY = (f"G Green · A Amber · R Red · N N/A · {NOTES_ONLY} discussed, no status · "
       f"· asked, not discussed · {CARRIED} carried in from an earlier meeting "
       f"({CARRIED}✓ then closed, {CARRIED}✗ dropped, {CARRIED} alone still open) · "
       "blank: not asked that half-term")
SUMMARY_CHARS = 140  # a note in a thread's summary is cut to this

# the same questions and names come back for every SENCo of a report: escaped once each
escape_inline = lru_cache(maxsize=8192)(_escape_inline)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _cut(text: str, limit: int = SUMMARY_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def _who(grid: YearGrid, governors: bool) -> str:
    """The SENCo as a heading: the governors' version names the school only."""
    senco = grid.senco
    if governors:
        return escape_inline(senco.school or "School")
    return ", ".join(escape_inline(p) for p in (senco.name, senco.school) if p.strip())


def _held(column: Column) -> str:
    m = column.meeting
    if m is None:
        return "no meeting"
    if m.held_on is not None:
        return f"{m.held_on.day} {when(m.held_on).split()[1][:3]}"
    return "held, no date" if column.held else "not held yet"


# ---------------------------------------------------------------- one SENCo


class _Report:
    def __init__(self, grid: YearGrid, today: date, governors: bool, level: int = 1):
        self.grid = grid.without(WELLBEING) if governors else grid
        self.full = grid
        self.today = today
        self.governors = governors
        self.h = "#" * level  # the report's own heading level
        self.blocks: list[str] = []

    def add(self, *blocks: str) -> None:
        self.blocks.extend(b for b in blocks if b)

    def render(self, *, title: bool = True) -> str:
        if title:
            self.title()
        self.headlines()
        self.add(grid_table(self.grid), f"*Key: {KEY}.*")
        self.half_terms()
        self.persistent()
        self.ledger()
        if not self.governors:
            self.thread(SUPPORT, "Support for the SENCo")
            self.thread(WELLBEING, "The SENCo's development and wellbeing")
        return "\n\n".join(self.blocks)

    def title(self) -> None:
        g = self.grid
        if self.governors:
            self.add(f"{self.h} SEND line management: {_who(g, True)}, {g.year}",
                     "*For governors: counts, ratings and headlines only. It holds no notes, "
                     "no names, and nothing about the SENCo's wellbeing.*")
        else:
            self.add(f"{self.h} The year {g.year}: {_who(g, False)}")

    def headlines(self) -> None:
        g = self.grid
        held = [c for c in g.columns if c.held]
        statuses = [c.status for row in g.rows for c in row.cells]
        discussed = sum(c.discussed for c in held)
        asked = sum(c.asked or 0 for c in held)
        lines = [f"- Checklist: {escape_inline(g.checklist_title)}"]
        when_held = ", ".join(f"{c.title} ({when(c.meeting.held_on)})"
                              if c.meeting is not None and c.meeting.held_on else c.title
                              for c in held)
        lines.append(f"- Meetings held: {len(held)} of 6" + (f": {when_held}" if held else ""))
        if held:
            lines.append(f"- Questions discussed: {discussed} of {asked} asked" if asked
                         else f"- Questions discussed: {discussed}")
            counts = [f"{statuses.count(s)} {STATUS_WORDS[s]}" for s in ("green", "amber",
                                                                         "red", "na")
                      if statuses.count(s)]
            if counts:
                lines.append("- Ratings: " + ", ".join(counts))
        led = g.ledger
        lines.append(f"- Actions: {led.opened} agreed, {led.closed} closed, "
                     f"{led.open_at_end} still open"
                     + (f" ({led.overdue_at_end} overdue)" if led.overdue_at_end else ""))
        reds = sum(1 for p in g.persistent if p.worst == "red")
        if g.persistent:
            lines.append(f"- Amber or Red two half-terms running: {len(g.persistent)}"
                         + (f" ({reds} Red)" if reds else ""))
        if self.governors and self.full.sections != g.sections:
            lines.append("- Left out: the SENCo's wellbeing")
        said: dict[str, list[str]] = {}  # one line per problem, naming its half-terms
        for problem in g.problems:
            half_term, _, what = problem.partition(": ")
            said.setdefault(what, []).append(HALF_TERM_TITLES.get(half_term, half_term))
        for what, where in said.items():
            lines.append(f"- Not read ({', '.join(where)}): {escape_inline(what)}")
        self.add("\n".join(lines))

    def half_terms(self) -> None:
        cols = self.grid.columns
        head = "| | " + " | ".join(SHORT_TITLES[c.half_term] for c in cols) + " |"
        rule = "| --- |" + " :-: |" * len(cols)

        def row(label: str, values: Sequence[str]) -> str:
            return f"| {label} | " + " | ".join(values) + " |"

        def count(c: Column, value: int) -> str:
            return str(value) if c.meeting is not None else "—"

        rows = [
            row("Held", [_held(c) for c in cols]),
            row("Discussed", [f"{c.discussed} of {c.asked}" if c.asked is not None
                              and c.meeting is not None else count(c, c.discussed)
                              for c in cols]),
            row("Red", [count(c, c.reds) for c in cols]),
            row("Amber", [count(c, c.ambers) for c in cols]),
            row("Carried in", [count(c, c.carried_in) for c in cols]),
            row("Actions agreed", [count(c, c.opened) for c in cols]),
            row("Actions closed", [count(c, c.closed) for c in cols]),
            row("Actions open after", [count(c, c.open_actions) for c in cols]),
            row("Of them overdue", [count(c, c.overdue) for c in cols]),
        ]
        self.add(f"{self.h}# Half-term by half-term", "\n".join([head, rule, *rows]))

    def persistent(self) -> None:
        items = self.grid.persistent
        self.add(f"{self.h}# Amber or Red two half-terms running")
        if not items:
            self.add("None: nothing stayed Amber or Red from one half-term to the next.")
            return
        out = []
        for p in items:
            out.append(f"- **{escape_inline(p.text)}** ({self._section(p)}): "
                       f"{self._run(p)}")
            if self.governors:
                if p.actions:
                    open_ = sum(1 for a in p.actions if a.status == "open")
                    still = f"{open_} still open" if open_ else "all closed"
                    out[-1] += f" {_plural(len(p.actions), 'action')} on it, {still}."
                continue
            for action in p.actions:
                out.append(f"  - Action: {self._action(action)}")
        self.add("\n".join(out))

    def _section(self, p: Persistent) -> str:
        title = next((s.title for s in self.grid.sections if s.slug == p.section), p.section)
        return escape_inline(title)

    def _run(self, p: Persistent) -> str:
        parts = []
        if p.since is not None and p.since_status is not None:
            parts.append(f"{STATUS_WORDS[p.since_status]} in {p.since.label}")
        for ht, status in zip(p.half_terms, p.statuses, strict=True):
            word = STATUS_WORDS[status] if status else "carried, still open"
            parts.append(f"{word} in {HALF_TERM_TITLES[ht]}")
        return "; ".join(parts) + "."

    def _action(self, action: Action) -> str:
        facts = [f"owner: {escape_inline(action.owner) or 'not set'}",
                 f"due {when(action.due)}" if action.due else "no due date"]
        if action.overdue(self.today):
            facts.append("**OVERDUE**")
        if action.status != "open":
            facts.append(action.status)
        return f"{escape_inline(action.text)} ({', '.join(facts)})"

    def ledger(self) -> None:
        led = self.grid.ledger
        self.add(f"{self.h}# Actions ledger", "\n".join([
            f"- Agreed this year: {led.opened}",
            f"- Closed this year (done or dropped): {led.closed}",
            f"- Carried into a later meeting: {led.carried}",
            f"- Still open at the end: {led.open_at_end}",
            f"- Of them overdue: {led.overdue_at_end}",
        ]))
        if not led.oldest_open:
            return
        if self.governors:
            action, origin, carried = led.oldest_open[0]
            due = f", due {when(action.due)}" if action.due else ""
            self.add(f"The oldest open action was agreed in {origin.label}{due}, "
                     f"carried {_plural(carried, 'time')}.")
            return
        rows = ["| Oldest open | Agreed | Owner | Due | Carried |",
                "| --- | --- | --- | --- | :-: |"]
        for action, origin, carried in led.oldest_open:
            due = when(action.due) if action.due else "—"
            if action.overdue(self.today):
                due += " **OVERDUE**"
            rows.append(f"| {escape_inline(action.text)} | {origin.label} | "
                        f"{escape_inline(action.owner) or '—'} | {due} | {carried} |")
        self.add("\n".join(rows))

    def thread(self, slug: str, heading: str) -> None:
        section = next((s for s in self.grid.sections if s.slug == slug), None)
        if section is None:
            return
        lines = []
        for row in section.rows:
            said = [self._said(ht, cell) for ht, cell in zip(HALF_TERMS, row.cells, strict=True)
                    if cell.discussed or cell.carried is not None]
            if said:
                lines.append(f"- **{escape_inline(row.text)}**\n"
                             + "\n".join(f"  - {s}" for s in said))
        self.add(f"{self.h}# {heading}")
        self.add("\n".join(lines) if lines else "Not discussed this year.")

    def _said(self, ht: str, cell: Cell) -> str:
        word = cell.words[:1].upper() + cell.words[1:]
        text = f"{HALF_TERM_TITLES[ht]}: {word}"
        if cell.notes.strip():
            text += f": {escape_inline(_cut(cell.notes))}"
        return text


def grid_table(grid: YearGrid) -> str:
    """The grid as a markdown table: a row per question under a bold row per section; each
    cell the status letter and marks (never colour alone: see KEY)."""
    head = "| Question | " + " | ".join(SHORT_TITLES[ht] for ht in HALF_TERMS) + " |"
    lines = [head, "| --- |" + " :-: |" * len(HALF_TERMS)]
    for section in grid.sections:
        lines.append(f"| **{escape_inline(section.title)}** |" + " |" * len(HALF_TERMS))
        for row in section.rows:
            lines.append(f"| {_question(row)} | "
                         + " | ".join(c.mark for c in row.cells) + " |")
    return "\n".join(lines)


def _question(row: Row) -> str:
    text = escape_inline(row.text)
    return text if row.in_checklist else f"{text} *(no longer in the checklist)*"


def year_markdown(grid: YearGrid, today: date, *, governors: bool = False) -> str:
    """One SENCo's year as a markdown document."""
    body = _Report(grid, today, governors).render()
    return f"{body}\n\n*Made by senco-tui on {when(today)}.*\n"


# ---------------------------------------------------------------- every SENCo


def all_markdown(grids: Sequence[YearGrid], year: str, today: date, *,
                 governors: bool = False) -> str:
    """Every SENCo's year: an overview, a section per SENCo, then which questions are Red or
    Amber in how many schools."""
    blocks = [f"# SEND line management: every SENCo, {year}"]
    if governors:
        blocks.append("*For governors: counts, ratings and headlines only. It holds no notes, "
                      "no names, and nothing about the SENCos' wellbeing.*")
    if not grids:
        blocks.append("No SENCos yet.")
    else:
        blocks.append(_overview(grids, governors))
        for grid in grids:
            blocks.append(f"## {_who(grid, governors)}")
            if not any(c.meeting is not None for c in grid.columns):
                blocks.append(f"No meetings in {year}.")
                continue
            blocks.append(_Report(grid, today, governors, level=2).render(title=False))
        blocks.append(_rollup(grids, governors))
    blocks.append(f"*Made by senco-tui on {when(today)}.*")
    return "\n\n".join(blocks) + "\n"


def _overview(grids: Sequence[YearGrid], governors: bool) -> str:
    rows = ["| SENCo | Held | Discussed | Red | Amber | Open actions | Overdue |"
            if not governors else
            "| School | Held | Discussed | Red | Amber | Open actions | Overdue |",
            "| --- | :-: | :-: | :-: | :-: | :-: | :-: |"]
    for grid in grids:
        g = grid.without(WELLBEING) if governors else grid
        held = [c for c in g.columns if c.held]
        latest = [row.latest for row in g.rows]
        asked = sum(c.asked or 0 for c in held)
        discussed = sum(c.discussed for c in held)
        rows.append(f"| {_who(grid, governors)} | {len(held)} of 6 | "
                    f"{f'{discussed} of {asked}' if asked else discussed} | "
                    f"{latest.count('red')} | {latest.count('amber')} | "
                    f"{g.ledger.open_at_end} | {g.ledger.overdue_at_end} |")
    return "\n".join(rows) + ("\n\n*Red and Amber: questions left Red or Amber by the year's "
                              "meetings (rated so last, or carried and still open).*")


def _rollup(grids: Sequence[YearGrid], governors: bool) -> str:
    found: dict[str, tuple[str, list[str], list[str]]] = {}  # qid -> (text, red, amber)
    for grid in grids:
        g = grid.without(WELLBEING) if governors else grid
        for row in g.rows:
            status = row.latest
            if status not in ("red", "amber"):
                continue
            text, red, amber = found.setdefault(row.question_id, (row.text, [], []))
            (red if status == "red" else amber).append(_who(grid, governors))
    head = "## Red or Amber in how many schools"
    if not found:
        return f"{head}\n\nNo question was left Red or Amber this year."
    order = sorted(found.items(), key=lambda kv: (-len(kv[1][1]), -len(kv[1][2]), kv[1][0]))
    lines = ["| Question | Red in | Amber in |" + ("" if governors else " Where |"),
             "| --- | :-: | :-: |" + ("" if governors else " --- |")]
    for _, (text, red, amber) in order:
        line = f"| {escape_inline(text)} | {len(red)} | {len(amber)} |"
        if not governors:
            where = [f"{w} (R)" for w in red] + [f"{w} (A)" for w in amber]
            line += f" {'; '.join(where)} |"
        lines.append(line)
    of = (f"*Of {_plural(len(grids), 'school')}: questions left Red or Amber by the "
          "year's meetings.*")
    return f"{head}\n\n{of}\n\n" + "\n".join(lines)


# ---------------------------------------------------------------- HTML


STYLE = """
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Arial, sans-serif;
       color: #111; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.25rem; margin-top: 1.6rem; }
h3 { font-size: 1.05rem; margin-top: 1.2rem; }
table { border-collapse: collapse; margin: .6rem 0; }
th, td { border: 1px solid #999; padding: .15rem .45rem; vertical-align: top; }
th { background: #eee; }
td.s { text-align: center; font-weight: bold; font-family: ui-monospace, monospace;
       min-width: 2.2em; }
td.green { background: #c8e6c9; } td.amber { background: #ffe0a3; }
td.red { background: #f4b4b4; } td.na { background: #ddd; }
em { color: #444; }
@page { size: A4; margin: 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  h2, h3 { break-after: avoid; } tr, li { break-inside: avoid; }
  td.green, td.amber, td.red, td.na, th { -webkit-print-color-adjust: exact;
                                          print-color-adjust: exact; }
}
"""
_TONES = {"G": "green", "A": "amber", "R": "red", "N": "na", "✓": "green", "✗": "na"}


def to_html(markdown: str, title: str) -> str:
    """One self-contained, print-ready HTML page from the report's markdown: no scripts, no
    outside requests, raw HTML in the markdown shown as text (there is none of ours)."""
    from markdown_it import MarkdownIt  # only here: the rest of senco-tui never needs it

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.disable(["link", "image", "autolink"])  # nothing in a report is a link
    tokens = md.parse(markdown)
    _mark_status_cells(tokens)
    body = md.renderer.render(tokens, md.options, {})
    from html import escape

    return ("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'\">\n"
            f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"{body}</body>\n</html>\n")


def _mark_status_cells(tokens: list[Token]) -> None:
    """Colour the year grid's cells (tables whose header names the half-terms) by the mark
    they hold; the mark stays, so colour is never the only sign."""
    in_grid = False
    header: list[str] = []
    column = 0
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            in_grid, header = False, []
        elif token.type == "th_open" and tokens[i + 1].type == "inline":
            header.append(tokens[i + 1].content)
        elif token.type == "thead_close":
            in_grid = header == ["Question", *(SHORT_TITLES[ht] for ht in HALF_TERMS)]
        elif token.type == "tr_open":
            column = 0
        elif token.type == "td_open" and in_grid:
            column += 1
            if column > 1 and tokens[i + 1].type == "inline":
                mark = tokens[i + 1].content.removeprefix(CARRIED)
                tone = _TONES.get(mark[:1], "")
                token.attrSet("class", f"s {tone}".strip())


def file_name(grid: YearGrid, governors: bool) -> str:
    """2026-27-year-jane-smith, or 2026-27-governors-hill-top-academy (no extension)."""
    import re

    from senco_tui.meeting import plain

    who = grid.senco.school if governors else grid.senco.name
    slug = re.sub(r"[^a-z0-9]+", "-", plain(who)).strip("-") or "senco"
    return f"{grid.year.replace('/', '-')}-{'governors' if governors else 'year'}-{slug}"


def html_title(grid: YearGrid | None, year: str, governors: bool) -> str:
    if grid is None:
        return f"SEND line management, {year}"
    who = grid.senco.school if governors else grid.senco.name
    return f"SEND line management: {who}, {year}"
