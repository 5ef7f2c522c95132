"""The year screen's render functions and the export preview's drawing, without Pilot:
a grid in, rich Text (or lines) out."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.style import Style

sys.path.insert(0, str(Path(__file__).parent.parent))
from year_seed import TODAY, YEAR, seed  # noqa: E402

from senco_tui import year  # noqa: E402
from senco_tui.records import Meeting  # noqa: E402
from senco_tui.store import Store  # noqa: E402
from senco_tui.tui.screens.export import parts, render_lines  # noqa: E402
from senco_tui.tui.year import render  # noqa: E402

MARKS = {f"mark--{tone}": Style(bgcolor=colour) for tone, colour in (
    ("green", "green"), ("amber", "yellow"), ("red", "red"), ("na", "grey50"))}


def grid_of(paths, name="Jane Smith"):
    seed(paths)
    with Store.open(paths.data_dir) as store:
        senco = store.find_senco(name)
        checklist = year.year_checklist("year", paths.user_checklists)
        return year.load(store, senco, YEAR, checklist, TODAY, (YEAR, "spring-1"))


def row(grid, question_id):
    return next(r for r in grid.rows if r.question_id == question_id)


def test_a_cell_is_a_mark_and_a_colour(paths):
    grid = grid_of(paths)
    reading = row(grid, "reading-age")
    amber_again = render.cell_text(reading.cells[1], MARKS)
    assert amber_again.plain == "  →A  " and len(amber_again.plain) == render.CELL
    # the colour sits on the mark only: the columns either side stay clear
    assert [(s.start, s.end, s.style) for s in amber_again.spans] == [(1, 5, MARKS["mark--amber"])]
    carried = render.cell_text(row(grid, "impact").cells[0], MARKS)
    assert carried.plain.strip() == "→" and carried.spans[0].style == MARKS["mark--red"]
    assert render.cell_text(reading.cells[3], MARKS).plain == " " * render.CELL  # not asked
    asked = render.cell_text(row(grid, "attendance").cells[3], MARKS)
    assert asked.plain.strip() == "·" and asked.style == "dim"


def test_column_labels_say_when_each_meeting_was_held(paths):
    labels = [render.column_label(c).plain.splitlines() for c in grid_of(paths).columns]
    assert [[part.strip() for part in label] for label in labels] == [
        ["Aut 1", "8/10"], ["Aut 2", "26/11"], ["Spr 1", "open"], ["Spr 2", "–"],
        ["Sum 1", "–"], ["Sum 2", "–"]]
    assert all(len(line) == render.CELL for label in labels for line in label)


def test_question_and_section_texts_fit_their_column(paths):
    grid = grid_of(paths)
    text = render.question_text(row(grid, "reading-age"), 20)
    assert text.plain == " Are reading ages …" and text.cell_len <= 19
    gone = row(grid, "reading-age")._replace(in_checklist=False, text="Old wording?")
    assert render.question_text(gone, 60).plain == " Old wording? (no longer asked)"
    assert render.section_text("Supporting the SENCo", 60).plain == " SUPPORTING THE SENCO"


def test_the_title_shortens_to_fit(paths):
    grid = grid_of(paths)
    assert render.title_line(grid, 120) == ("Jane Smith · Hill Top Academy · 2026/27 — 2 of 6 "
                                            "held · 4 Amber/Red two half-terms running")
    assert render.title_line(grid, 80) == "Jane Smith · Hill Top Academy · 2026/27 — 2 of 6 held"
    assert len(render.title_line(grid, 30)) <= 28


def test_the_cell_line_says_the_cell_in_words(paths):
    grid = grid_of(paths)
    reading = row(grid, "reading-age")
    line = render.cell_line(grid, reading, 0).plain
    assert line.startswith("Autumn 1: Are reading ages tested on entry in Year 7? — Amber\n"
                           "Notes: Twelve pupils")
    kept = render.cell_line(grid, row(grid, "provision-map"), 1).plain
    assert "— carried in, kept open (Costing half done)" in kept
    assert "enter: open the Autumn 2 meeting here" in kept
    none = render.cell_line(grid, reading, 4).plain
    assert "— not asked" not in none and "no meeting yet" in none
    assert "start it from the home screen" in none
    assert "arrow keys" in render.cell_line(grid, None, None).plain


def test_the_thread_counts_and_what_stayed_open(paths):
    grid = grid_of(paths)
    counts = render.counts_text(grid).plain.splitlines()
    assert counts[0].split() == ["THE", "YEAR", "Au1", "Au2", "Sp1", "Sp2", "Su1", "Su2"]
    assert counts[1].split() == ["Held", "✓", "✓", "·", "–", "–", "–"]
    assert counts[3].split() == ["Red", "1", "0", "0", "–", "–", "–"]
    assert max(len(line) for line in counts) <= 36  # the side pane's width
    running = render.running_text(grid, MARKS)
    lines = running.plain.splitlines()
    assert lines[1] == " R  Is the provision map up to date and costed?"
    assert lines[2] == "    Aut 1, Aut 2 · its actions closed"
    assert lines[6] == "    Aut 1, Aut 2 · 1 open action"
    assert "KEY" in lines


def test_the_strip_for_home(paths):
    grid = grid_of(paths, "Sam Patel")
    red = Style(color="red", bold=True)
    strip = render.strip_text(grid, red)
    lines = strip.plain.splitlines()
    assert lines[1].split() == ["Held", "12/10", "–", "–", "–", "–", "–"]
    assert lines[2].split() == ["Discussed", "4/5"]
    assert lines[4].split() == ["Red", "2"]
    # a Red count is in the theme's colour, and a zero is not
    assert any(span.style == red for span in strip.spans)
    assert max(len(line) for line in lines) <= 54  # home's pane at 80 columns


def test_the_preview_shows_the_summary_first_then_the_rest():
    note = "# Title\n\n- Held: today\n\n## Actions agreed\n\nNone.\n\n## Plan\n\n### Q?\n"
    assert parts(note) == ["# Title\n\n- Held: today\n\n", "## Actions agreed\n\nNone.\n\n",
                           "## Plan\n\n### Q?\n"]
    # an escaped hash typed by a person never starts a part
    assert len(parts("# T\n\n\\## not a heading\n")) == 1
    lines = render_lines("Some **bold** text that wraps at a narrow width.", 20)
    assert [s.text.rstrip() for s in lines[:-1]] == ["Some bold text that", "wraps at a narrow",
                                                    "width."]
    assert all(s.cell_length <= 20 for s in lines)


def test_marks_for_a_meeting_with_no_date_but_recorded():
    column = year.Column("autumn-1", Meeting(1, 1, YEAR, "autumn-1", None, ""), held=True)
    assert render.column_label(column).plain.splitlines()[1].strip() == "held"
