"""The year report (senco_tui/report.py) and `senco-tui year` / `senco-tui report`: the
markdown, the HTML made from it, the governors' version, every SENCo at once, and bad
input (no meetings, 200 SENCos, hostile names and notes)."""

from __future__ import annotations

import gc
import stat
from datetime import date

import pytest
from cli_run import run
from markdown_it import MarkdownIt
from year_seed import (
    MAP_NOTE,
    READING_NOTE,
    TIME_NOTE,
    TODAY,
    WELLBEING,
    WELLBEING_NOTE,
    YEAR,
    install_set,
    seed,
)

from senco_tui import report, year
from senco_tui.paths import resolve
from senco_tui.store import Store

MD = MarkdownIt("commonmark").enable("table")
HOSTILE = ('<script>alert(1)</script> <img src=x onerror=alert(2)> [link](http://evil) '
           '| pipe # hash *star* `tick` &amp; <http://auto> ![i](http://img)')


@pytest.fixture
def where():
    return resolve()  # tmp dirs from conftest's environment


@pytest.fixture
def ids(where):
    return seed(where)


def grid_of(where, senco_id, year_=YEAR):
    with Store.open(where.data_dir) as store:
        senco = store.get_senco(senco_id)
        checklist = year.year_checklist(senco.checklist_set, where.user_checklists)
        return year.load(store, senco, year_, checklist, TODAY, (year_, "spring-1"))


def every_typed_text(where) -> list[str]:
    """Every note, action, owner, update and attendee list typed into the store."""
    with Store.open(where.data_dir) as store:
        texts = []
        for senco in store.list_sencos():
            texts += [a.notes for a in store.senco_answers(senco.id)]
            texts += [t for a in store.senco_actions(senco.id) for t in (a.text, a.owner)]
            texts += [r.note for r in store.senco_reviews(senco.id)]
            texts += [m.attendees for m in store.list_meetings(senco.id)]
            texts.append(senco.name)
    return [t for t in texts if t.strip()]


def tables(markdown: str) -> list[list[int]]:
    """Cells per row of each table, as markdown-it (CommonMark + tables) reads them."""
    found, rows, cells = [], [], 0
    for t in MD.parse(markdown):
        if t.type == "table_open":
            rows = []
        elif t.type == "tr_open":
            cells = 0
        elif t.type in ("th_open", "td_open"):
            cells += 1
        elif t.type == "tr_close":
            rows.append(cells)
        elif t.type == "table_close":
            found.append(rows)
    return found


# ---------------------------------------------------------------- one SENCo


def test_the_year_report_for_the_head(where, ids):
    text = report.year_markdown(grid_of(where, ids["jane"]), TODAY)
    assert text.startswith("# The year 2026/27: Jane Smith, Hill Top Academy\n\n")
    assert "- Meetings held: 2 of 6: Autumn 1 (8 October 2026), Autumn 2 (26 November 2026)"\
        in text
    assert "- Actions: 3 agreed, 1 closed, 2 still open (2 overdue)" in text
    # the grid: letters (not colour alone), a bold row per section
    assert "| Question | Aut 1 | Aut 2 | Spr 1 | Spr 2 | Sum 1 | Sum 2 |" in text
    assert "| Are reading ages tested on entry in Year 7? | A | →A | → |  |  |  |" in text
    assert "| **Supporting the SENCo** | | | | | | |" in text
    assert "*Key: G Green · A Amber · R Red" in text
    # persistent items with their actions; the ledger; the support and wellbeing threads
    assert ("- **What difference have the interventions made?** (Review): Red in Summer 2 "
            "2025/26; carried, still open in Autumn 1; carried, still open in Autumn 2.") in text
    assert ("  - Action: Re-test Year 7 reading ages (owner: Head of English, due 18 December "
            "2026, **OVERDUE**)") in text
    assert "| Re-test Year 7 reading ages | Autumn 1 2026/27 | Head of English | 18 December " \
           "2026 **OVERDUE** | 2 |" in text
    assert f"  - Autumn 2: Discussed, no status: {TIME_NOTE}" in text
    assert f"  - Autumn 1: Amber: {WELLBEING_NOTE}" in text
    assert text.endswith("*Made by senco-tui on 10 January 2027.*\n")
    # every table has a cell for each of its columns
    for rows in tables(text):
        assert len(set(rows)) == 1, rows
    assert [rows[0] for rows in tables(text)] == [7, 7, 5]


def test_the_governors_version_holds_no_note_text(where, ids):
    grid = grid_of(where, ids["jane"])
    text = report.year_markdown(grid, TODAY, governors=True)
    html = report.to_html(text, "t")
    for typed in every_typed_text(where):
        assert typed not in text and typed not in html, typed
    for typed in (WELLBEING_NOTE, READING_NOTE, MAP_NOTE, "Ofelia", "Tomasz", "Head of English",
                  "Jane Smith", "Tom Brown", "Costing half done"):
        assert typed not in text and typed not in html
    # no wellbeing at all, not even its question or its count
    assert WELLBEING[2] not in text and "wellbeing" not in text.replace(
        "nothing about the SENCo's wellbeing", "").replace("Left out: the SENCo's wellbeing", "")
    assert text.startswith("# SEND line management: Hill Top Academy, 2026/27\n\n*For governors")
    # counts, ratings and headlines are there
    assert "| Is the provision map up to date and costed? | R | → | → |  |  |  |" in text
    assert "- Ratings: 3 Green, 3 Amber, 1 Red" in text
    assert "1 action on it, 1 still open." in text
    assert "The oldest open action was agreed in Autumn 1 2026/27, due 18 December 2026, " \
           "carried 2 times." in text
    assert "## Support for the SENCo" not in text


def test_names_and_notes_cannot_become_markup(where):
    install_set(where)
    with Store.open(where.data_dir) as store:
        senco = store.add_senco(HOSTILE, HOSTILE, "year")
        m = store.get_or_create_meeting(senco.id, YEAR, "autumn-1")
        store.set_status(m.id, "senco-time", "support", HOSTILE, "red")
        store.set_notes(m.id, "senco-time", "support", HOSTILE, HOSTILE + "\n# heading\n- list")
        store.set_notes(m.id, "senco-wellbeing", "wellbeing", "How?", HOSTILE)
        store.add_action(m.id, "senco-time", HOSTILE, HOSTILE, date(2026, 9, 30))
        store.set_status(m.id, "gone", "custom-section", HOSTILE, "amber")
        m2 = store.get_or_create_meeting(senco.id, YEAR, "autumn-2")
        store.review(m2.id, kind="question", question_id="senco-time", decision="open",
                     note=HOSTILE)
    grid = grid_of(where, senco.id)
    for governors in (False, True):
        text = report.year_markdown(grid, TODAY, governors=governors)
        tokens = MD.parse(text)
        children = [c for t in tokens for c in t.children or []]
        assert not [t.type for t in tokens if t.type in ("html_block", "code_block", "fence")]
        assert not [c.type for c in children
                    if c.type in ("html_inline", "link_open", "image", "code_inline")]
        assert [len(set(rows)) for rows in tables(text)] == [1] * len(tables(text))
        html = report.to_html(text, HOSTILE)
        for bad in ("<script", "<img", "<a ", "href=", "<http"):
            assert bad not in html.lower(), bad
    every = report.all_markdown([grid], YEAR, TODAY)
    assert not [t for t in MD.parse(every) if t.type == "html_block"]


def test_the_html_is_self_contained_and_print_ready(where, ids):
    text = report.year_markdown(grid_of(where, ids["jane"]), TODAY)
    html = report.to_html(text, "Year report: Jane Smith")
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\">")
    assert "<title>Year report: Jane Smith</title>" in html
    for outside in ("http:", "https:", "//", "@import", "url(", "<link", "<script", "src="):
        assert outside not in html.replace("<!DOCTYPE", ""), outside
    assert "@media print" in html and "@page" in html
    # grid cells coloured by status, the letter kept
    assert '<td style="text-align:center" class="s amber">A</td>' in html
    assert '<td style="text-align:center" class="s red">R</td>' in html
    assert '<td style="text-align:center" class="s amber">→A</td>' in html
    # only the grid is coloured: the half-terms' table is not
    half_terms = html.split("Half-term by half-term")[1].split("</table>")[0]
    assert 'class="s' not in half_terms


def test_no_meetings_and_one_meeting(where, ids):
    with Store.open(where.data_dir) as store:
        nobody = store.add_senco("Nobody Yet", "New School", "year")
    text = report.year_markdown(grid_of(where, nobody.id), TODAY)
    assert "- Meetings held: 0 of 6\n" in text
    assert "None: nothing stayed Amber or Red" in text
    assert "Not discussed this year." in text
    one = report.year_markdown(grid_of(where, ids["sam"]), TODAY, governors=True)
    assert "- Meetings held: 1 of 6: Autumn 1 (12 October 2026)" in one


# ---------------------------------------------------------------- every SENCo


def test_every_senco_then_the_roll_up(where, ids):
    grids = [grid_of(where, ids["jane"]), grid_of(where, ids["sam"])]
    text = report.all_markdown(grids, YEAR, TODAY)
    assert text.startswith("# SEND line management: every SENCo, 2026/27\n\n")
    overview = text.split("\n\n")[1].splitlines()
    assert overview[2] == "| Jane Smith, Hill Top Academy | 2 of 6 | 9 of 9 | 2 | 3 | 2 | 2 |"
    assert overview[3] == "| Sam Patel, Riverside School | 1 of 6 | 4 of 5 | 2 | 1 | 0 | 0 |"
    assert "\n## Jane Smith, Hill Top Academy\n" in text
    assert "\n### Half-term by half-term\n" in text
    rollup = text.split("## Red or Amber in how many schools\n\n")[1]
    lines = rollup.split("\n\n")[1].splitlines()
    assert lines[2] == ("| Is the provision map up to date and costed? | 2 | 0 | Jane Smith, "
                        "Hill Top Academy (R); Sam Patel, Riverside School (R) |")
    governors = report.all_markdown(grids, YEAR, TODAY, governors=True)
    assert "| Is the provision map up to date and costed? | 2 | 0 |\n" in governors
    assert "Jane Smith" not in governors and "Sam Patel" not in governors
    assert "How are you, really?" not in governors


def test_200_sencos_make_a_report(capsys, where):
    install_set(where)
    with Store.open(where.data_dir) as store, store.transaction():
        for n in range(200):
            s = store.add_senco(f"SENCo {n:03d}", f"School {n:03d}", "year")
            if n % 3 == 0:
                m = store.get_or_create_meeting(s.id, YEAR, "autumn-1")
                store.set_status(m.id, "provision-map", "plan", "Map?", "red")
    code, out, err = run(capsys, "report", "--all", "--year", YEAR, "--governors")
    assert code == 0 and err == ""
    assert out.count("\n## School ") == 200
    assert out.count("No meetings in 2026/27.") == 133
    assert "| Is the provision map up to date and costed? | 67 | 0 |" in out


# ---------------------------------------------------------------- the commands


def test_year_command_prints_the_grid(capsys, ids, monkeypatch):
    monkeypatch.setenv("COLUMNS", "90")
    code, out, err = run(capsys, "year", "--senco", "jane", "--year", YEAR)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Jane Smith · Hill Top Academy · 2026/27 · Year test school"
    assert lines[2].split() == ["Aut", "1", "Aut", "2", "Spr", "1", "Spr", "2", "Sum", "1",
                                "Sum", "2"]
    assert lines[3].split() == ["8/10", "26/11", "open", "-", "-", "-"]
    row = next(line for line in lines if "reading ages" in line)
    assert row.split()[-3:] == ["A", "→A", "→"]
    assert all(len(line) <= 90 for line in lines)
    assert "Amber or Red two half-terms running:" in out
    assert "  R  Is the provision map up to date and costed? (Aut 1, Aut 2)" in out


def test_year_command_for_a_senco_with_no_meetings(capsys, ids, where):
    with Store.open(where.data_dir) as store:
        store.add_senco("Nobody Yet", "New School", "year")
    code, out, _ = run(capsys, "year", "--senco", "nobody")
    assert code == 0
    assert "No meetings with Nobody Yet in " in out


def test_report_command_writes_markdown_or_html_privately(capsys, ids, tmp_path):
    target = tmp_path / "year.html"
    code, out, err = run(capsys, "report", "--senco", "jane", "--year", YEAR, "--html",
                         "-o", str(target))
    assert code == 0 and out == "" and err == f"wrote {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Jane Smith" in html
    code, out, _ = run(capsys, "report", "--senco", "sam", "--year", "2026-27")
    assert code == 0 and out.startswith("# The year 2026/27: Sam Patel, Riverside School")


def test_report_command_errors(capsys, ids, where):
    code, _, err = run(capsys, "report", "--year", YEAR)
    assert code == 1 and "choose one with --senco" in err
    with pytest.raises(SystemExit) as exc:
        run(capsys, "report", "--all", "--senco", "jane")
    assert exc.value.code == 2
    code, _, err = run(capsys, "report", "--senco", "jane", "-o",
                       str(where.data_dir / "r.md"))
    assert code == 1 and "is in senco-tui's data folder" in err
    with pytest.raises(SystemExit) as exc:
        run(capsys, "report", "--year", "2026")
    assert exc.value.code == 2


def test_the_garbage_collector_is_on_again_after_a_report(capsys, ids):
    """Paused while a report's records are made (speed: the CLI pauses it for every
    command), never left off: not after a report, not after an error raised while it was
    paused."""
    code, _, err = run(capsys, "report", "--year", YEAR)  # no SENCo chosen: fails inside
    assert code == 1 and "choose one with --senco" in err
    assert gc.isenabled()
    code, out, _ = run(capsys, "report", "--all", "--year", YEAR)
    assert code == 0 and "## Jane Smith" in out
    assert gc.isenabled()


def test_a_broken_checklist_gives_a_report_and_a_warning(capsys, ids, where):
    (where.user_checklists / "year" / "spring-2.yaml").write_text("half_term: [\n")
    code, out, err = run(capsys, "report", "--senco", "jane", "--year", YEAR)
    assert code == 0 and out.startswith("# The year 2026/27: Jane Smith")
    assert err.startswith("senco-tui: warning: checklist set 'year': spring-2: ")
    assert "- Not read (Spring 2): " in out


def test_a_checklist_set_gone_altogether_is_one_warning(capsys, ids, where):
    import shutil

    shutil.rmtree(where.user_checklists / "year")
    code, out, err = run(capsys, "report", "--senco", "jane", "--year", YEAR)
    assert code == 0 and out.startswith("# The year 2026/27: Jane Smith")
    assert err.count("\n") == 1
    assert err.startswith("senco-tui: warning: checklist set 'year' could not be read (")
    # what was recorded is all there, and the report says why nothing else is
    assert "| Are reading ages tested on entry in Year 7? | A | →A | → |  |  |  |" in out
    assert out.count("- Not read (") == 1
    assert "- Not read (Autumn 1, Autumn 2, Spring 1, Spring 2, Summer 1, Summer 2): no " \
           "checklist set called 'year'" in out


def test_report_into_a_folder_is_named_as_the_app_names_it(capsys, ids, tmp_path):
    folder = tmp_path / "reports"
    code, _, err = run(capsys, "report", "--senco", "jane", "--year", YEAR, "--governors",
                       "-o", f"{folder}/")
    assert code == 0 and err == f"wrote {folder / '2026-27-governors-hill-top-academy.md'}\n"
    code, _, err = run(capsys, "report", "--all", "--year", YEAR, "--html", "-o", str(folder))
    assert code == 0 and (folder / "2026-27-year-every-senco.html").exists()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
