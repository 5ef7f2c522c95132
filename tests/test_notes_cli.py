"""`senco-tui export`, `actions` and `history` on a real store in tmp dirs (conftest)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import date, timedelta

import pytest
from cli_run import run

from senco_tui import calendar, paths
from senco_tui.cli import main
from senco_tui.store import Store

# real question ids from the built-in secondary set's autumn-2 checklist
DISCUSSED = ("interventions-running", "do", "Are interventions up and running?")
RATED_AMBER = ("profile-reviews", "do", "Have profile/ IEP reviews happened?")
LAST_WEEK = date.today() - timedelta(days=7)


@pytest.fixture
def where():
    return paths.resolve()  # tmp dirs from conftest's environment


@pytest.fixture
def store(where):
    with Store.open(where.data_dir) as s:
        yield s


@pytest.fixture
def jane(store):
    """Jane with two meetings: Autumn 1 (an amber question, two actions) and Autumn 2."""
    senco = store.add_senco("Jane Smith", "Hill Top Academy", "secondary")
    a1 = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
    store.set_status(a1.id, *RATED_AMBER, "amber")
    store.set_notes(a1.id, *RATED_AMBER, "Half the reviews late.\nChase in November.")
    store.add_action(a1.id, RATED_AMBER[0], "Chase late reviews", "Jane", LAST_WEEK)
    done = store.add_action(a1.id, None, "Send dates to heads of year", "Jane", None)
    a2 = store.get_or_create_meeting(senco.id, "2026/27", "autumn-2")
    store.set_meeting_details(a2.id, held_on=date(2026, 11, 26), attendees="Jane, Tom")
    store.review(a2.id, kind="action", action_id=done.id, decision="done")
    store.set_status(a2.id, *DISCUSSED, "green")
    store.set_notes(a2.id, *DISCUSSED, "# All running\n<script>x</script>")
    store.set_status(a2.id, *RATED_AMBER, "red")
    store.add_action(a2.id, DISCUSSED[0], "Report | to governors", "Tom", None)
    return senco


def error_of(capsys, *argv) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("senco-tui: "), err
    return err


# ---------------------------------------------------------------- export


def test_export_to_stdout(capsys, jane):
    code, out, err = run(capsys, "export", "--year", "2026/27", "--half-term", "autumn-2")
    assert code == 0 and err == ""
    assert out.startswith("# Line-management meeting: Jane Smith, Hill Top Academy, "
                          "Autumn 2 2026/27\n")
    assert "- Checklist: Secondary school" in out
    assert "### Are interventions up and running?\n\nStatus: **Green**" in out
    assert "\\# All running\\\n\\<script>x\\</script>" in out
    assert "(from Autumn 1 2026/27; owner: Jane; no due date; carried once): **Done**" in out
    assert "**OVERDUE**" in out
    assert "| Report \\| to governors | Tom | — |\n" in out
    assert "(question " not in out
    # the shipped set's standing questions come first, then the half-term's own
    assert "## Not discussed\n\n- Every half-term: Is every EHCP on track" in out
    assert "\n- Do: Are TAs and teachers planning together at least every two weeks? · " in out


def test_export_defaults_to_this_half_term(capsys, store, jane):
    year, half_term = calendar.current(date.today())
    store.get_or_create_meeting(jane.id, year, half_term)
    code, out, _ = run(capsys, "export")
    assert code == 0
    label = f"{half_term.replace('-', ' ').capitalize()} {year}"
    assert out.splitlines()[0].endswith(f"Hill Top Academy, {label}")


def test_export_to_a_private_file(capsys, jane, tmp_path):
    target = tmp_path / "notes.md"
    target.write_text("old notes")
    target.chmod(0o644)
    code, out, err = run(capsys, "export", "--year", "2026/27", "--half-term", "autumn-2",
                         "-o", str(target))
    assert code == 0 and out == ""
    assert err == f"wrote {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    _, stdout_version, _ = run(capsys, "export", "--year", "2026/27", "--half-term", "autumn-2")
    assert target.read_text(encoding="utf-8") == stdout_version
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(capsys, jane, tmp_path,
                                                                 monkeypatch):
    target = tmp_path / "notes.md"
    target.write_text("old notes")

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    err = error_of(capsys, "export", "--year", "2026/27", "--half-term", "autumn-2",
                   "-o", str(target))
    assert err == f"senco-tui: {target}: cannot write: No space left on device\n"
    assert target.read_text() == "old notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md"]


def test_export_never_writes_over_senco_tuis_own_files(capsys, jane, where, tmp_path):
    db = where.data_dir / "senco.db"
    before = db.read_bytes()
    link = tmp_path / "looks-harmless.md"
    link.symlink_to(db)
    for target in (db, link, where.config_dir / "settings.toml"):
        err = error_of(capsys, "export", "--year", "2026/27", "--half-term", "autumn-2",
                       "-o", str(target))
        assert "folder" in err and "write the notes somewhere else" in err, err
    assert db.read_bytes() == before
    assert not (where.config_dir / "settings.toml").exists()


def test_export_into_a_missing_folder(capsys, jane, tmp_path):
    err = error_of(capsys, "export", "--year", "2026/27", "--half-term", "autumn-2",
                   "-o", str(tmp_path / "nowhere" / "notes.md"))
    assert err == f"senco-tui: {tmp_path / 'nowhere'}: no such folder (create it first)\n"


def test_export_into_a_folder_takes_the_apps_file_name(capsys, jane, tmp_path):
    code, _, err = run(capsys, "export", "--year", "2026/27", "--half-term", "autumn-2",
                       "-o", str(tmp_path))
    [written] = [p for p in tmp_path.iterdir() if p.suffix == ".md"]
    assert code == 0 and err == f"wrote {written}\n"
    assert written.name.startswith("2026-27-autumn-2-") and "# Line-management" in \
        written.read_text()
    assert oct(written.stat().st_mode & 0o777) == "0o600"
    # a folder not there yet, said with a trailing slash: made (privately)
    code, _, _ = run(capsys, "export", "--year", "2026/27", "--half-term", "autumn-2",
                     "-o", str(tmp_path / "notes") + "/")
    assert code == 0 and len(list((tmp_path / "notes").iterdir())) == 1
    assert oct((tmp_path / "notes").stat().st_mode & 0o777) == "0o700"


def test_export_onto_a_device(capsys, jane, tmp_path):
    err = error_of(capsys, "export", "--year", "2026/27", "--half-term", "autumn-2",
                   "-o", "/dev/null")
    assert "/dev/null is not a regular file; leave out -o" in err


def test_export_into_an_unwritable_folder(capsys, jane, tmp_path, monkeypatch):
    # tests may run as root, where permission bits do not stop writes: refuse like the OS would
    import tempfile

    def refused(**kw):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    err = error_of(capsys, "export", "--year", "2026/27", "--half-term", "autumn-2",
                   "-o", str(tmp_path / "notes.md"))
    assert err == f"senco-tui: {tmp_path / 'notes.md'}: cannot write there: Permission denied\n"
    assert list(tmp_path.iterdir()) == []


def test_export_with_no_store_yet(capsys, where):
    err = error_of(capsys, "export")
    assert "no meetings recorded yet" in err and "senco add" in err
    assert not where.database.exists()  # reading never creates a store


def test_export_with_no_senco(capsys, store):
    err = error_of(capsys, "export")
    assert "no SENCo yet: add one with" in err


def test_export_with_several_sencos_needs_a_name(capsys, store, jane):
    store.add_senco("Sam Jones", "Valley Primary", "primary")
    err = error_of(capsys, "export", "--year", "2026/27", "--half-term", "autumn-2")
    assert "there are 2 SENCos (Jane Smith, Sam Jones): choose one with --senco NAME" in err
    code, out, _ = run(capsys, "export", "--senco", "jane smith", "--year", "2026/27",
                       "--half-term", "autumn-2")
    assert code == 0 and "Jane Smith" in out


def test_export_unknown_senco(capsys, jane):
    err = error_of(capsys, "export", "--senco", "Nobody", "--year", "2026/27")
    assert "no SENCo called 'Nobody'; SENCos: Jane Smith" in err


def test_export_missing_meeting_lists_the_meetings_there_are(capsys, store, jane):
    err = error_of(capsys, "export", "--year", "2026/27", "--half-term", "spring-1")
    assert err == ("senco-tui: no meeting with Jane Smith in Spring 1 2026/27; their meetings: "
                   "Autumn 1 2026/27, Autumn 2 2026/27 (choose one with --year and "
                   "--half-term)\n")
    store.add_senco("Sam Jones", "Valley Primary", "primary")
    err = error_of(capsys, "export", "--senco", "Sam", "--year", "2026/27")
    assert "there are no meetings with them yet" in err


@pytest.mark.parametrize("year, message", [
    ("2026_27", "academic year '2026_27' is not like 2026/27"),
    ("2026/28", "did you mean 2026/27?"),
    ("next", "is not like 2026/27"),
])
def test_export_bad_year(capsys, jane, year, message):
    with pytest.raises(SystemExit) as exc:  # a usage error, as a bad --half-term is
        main(["export", "--year", year])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("senco-tui export: argument --year: ") and message in err
    assert err.count("\n") == 1


def test_export_bad_half_term_is_a_usage_error_in_one_line(capsys, jane):
    with pytest.raises(SystemExit) as exc:
        main(["export", "--half-term", "summer-3"])
    assert exc.value.code == 2
    assert capsys.readouterr().err == (
        "senco-tui export: argument --half-term: 'summer-3' is not a half-term: did you mean "
        "summer-2? use one of autumn-1, autumn-2, spring-1, spring-2, summer-1, summer-2 "
        "(see senco-tui export --help)\n")


@pytest.mark.parametrize("written", ["Summer 2", "summer2", "SUMMER-2", " summer 2 "])
def test_export_half_term_as_people_write_it(capsys, jane, written):
    code, _, err = run(capsys, "export", "--year", "2026/27", "--half-term", written)
    assert "no meeting with Jane Smith in Summer 2 2026/27" in err and code == 1


def test_export_with_bad_half_term_starts_setting(capsys, where, jane):
    where.config_dir.mkdir(parents=True, exist_ok=True)
    where.settings_file.write_text('[half_term_starts]\nautumn-2 = "13-01"\n')
    err = error_of(capsys, "export")
    assert err.startswith(f"senco-tui: {where.settings_file}: ")
    assert "start of autumn-2 is '13-01'" in err


def own_set(where, store, files: dict[str, str]):
    """Jane on her own set 'mine' (these files), with one amber answer in Autumn 2."""
    senco = store.add_senco("Jane Smith", "Hill Top Academy", "mine")
    m = store.get_or_create_meeting(senco.id, "2026/27", "autumn-2")
    store.set_status(m.id, "my-question", "assess", "Is my question answered?", "amber")
    folder = where.user_checklists / "mine"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def test_export_still_works_with_a_broken_checklist(capsys, where, store):
    mine = own_set(where, store, {
        "set.yaml": "name: mine\ntitle: Mine\nphase: primary\ncredit: us\n",
        "autumn-2.yaml": "half_term: autumn-2\nsections: [unclosed\n"})
    code, out, err = run(capsys, "export", "--year", "2026/27", "--half-term", "autumn-2")
    assert code == 0
    assert err.startswith("senco-tui: warning: checklist set 'mine' could not be loaded (")
    assert f"{mine / 'autumn-2.yaml'}:" in err and err.count("\n") == 1
    assert "### Is my question answered?\n\nStatus: **Amber**" in out


def test_export_reads_only_its_own_half_term_file(capsys, where, store):
    """A mistake in another half-term's file, or in set.yaml, does not spoil this export."""
    own_set(where, store, {
        "set.yaml": "name: mine\ntitle: [unclosed\n",
        "autumn-1.yaml": "half_term: autumn-1\nsections: [unclosed\n",
        "autumn-2.yaml": "half_term: autumn-2\nsections:\n  - section: assess\n    questions:\n"
                         "      - id: my-question\n        ask: Is my question answered?\n"
                         "      - id: other-question\n        ask: Is the other one?\n"})
    code, out, err = run(capsys, "export", "--year", "2026/27", "--half-term", "autumn-2")
    assert (code, err) == (0, "")
    assert "- Checklist: mine\n" in out  # set.yaml's title is lost with it
    assert "### Is my question answered?\n\nStatus: **Amber**" in out
    assert "Is the other one?" in out.split("## Not discussed")[1]


def test_export_with_a_checklist_set_that_is_gone(capsys, store):
    senco = store.add_senco("Jane Smith", "Hill Top Academy", "deleted-set")
    m = store.get_or_create_meeting(senco.id, "2026/27", "autumn-2")
    store.set_notes(m.id, "q", "plan", "An old question?", "Still notes")
    code, out, err = run(capsys, "export", "--year", "2026/27", "--half-term", "autumn-2")
    assert code == 0 and "no checklist set called 'deleted-set'" in err
    assert "### An old question?" in out and "Still notes" in out



def test_export_with_a_broken_glossary_warns_once_and_explains_no_terms(capsys, jane,
                                                                       monkeypatch, tmp_path):
    from senco_tui.checklist import load_glossary
    from senco_tui.commands import notes

    broken = tmp_path / "glossary.yaml"
    broken.write_text("terms: [unclosed\n")
    monkeypatch.setattr(notes, "load_glossary", lambda: load_glossary(broken))
    code, out, err = run(capsys, "export", "--year", "2026/27", "--half-term", "autumn-2")
    assert code == 0 and "### Are interventions up and running?" in out
    assert err.startswith(f"senco-tui: warning: glossary not loaded ({broken}:")
    assert err.endswith("); no terms explained\n") and err.count("\n") == 1
    # no meeting to export: only what is wrong with the command, as before
    assert "no meeting with Jane Smith in Spring 1 2026/27" in error_of(
        capsys, "export", "--year", "2026/27", "--half-term", "spring-1")


# ---------------------------------------------------------------- actions


def test_open_actions_table(capsys, jane):
    code, out, err = run(capsys, "actions")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["SENCo", "From", "Question", "Action", "Owner", "Due",
                                "Carried", "Overdue"]
    assert len(lines) == 3  # the done action is not listed
    chase = lines[1].split("  ")
    assert [c.strip() for c in chase if c.strip()] == [
        "Jane Smith", "Autumn 1 2026/27", "profile-reviews", "Chase late reviews", "Jane",
        LAST_WEEK.strftime("%d/%m/%Y"), "1", "OVERDUE"]
    assert "Report | to governors" in lines[2] and "OVERDUE" not in lines[2]


def test_all_actions_as_json(capsys, jane):
    code, out, _ = run(capsys, "actions", "--all", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["action"], r["status"], r["carried"], r["overdue"]) for r in rows] == [
        ("Chase late reviews", "open", 1, True),
        ("Send dates to heads of year", "done", 1, False),
        ("Report | to governors", "open", 0, False),
    ]
    assert rows[0] == {
        "id": rows[0]["id"], "senco": "Jane Smith", "year": "2026/27", "half_term": "autumn-1",
        "from": "Autumn 1 2026/27", "question_id": "profile-reviews",
        "question": "Have profile/ IEP reviews happened?", "action": "Chase late reviews",
        "owner": "Jane", "due": LAST_WEEK.isoformat(), "carried": 1, "overdue": True,
        "status": "open",
    }


def test_actions_carried_counts_only_meetings_held(capsys, store, jane):
    # Spring 1 opened by mistake (nothing recorded), then Spring 2 held
    store.get_or_create_meeting(jane.id, "2026/27", "spring-1")
    sp2 = store.get_or_create_meeting(jane.id, "2026/27", "spring-2")
    store.set_status(sp2.id, *DISCUSSED, "green")
    _, out, _ = run(capsys, "actions", "--json")
    carried = {r["action"]: r["carried"] for r in json.loads(out)}
    assert carried == {"Chase late reviews": 2, "Report | to governors": 1}


def test_actions_for_one_senco_and_none_open(capsys, store, jane):
    sam = store.add_senco("Sam Jones", "Valley Primary", "primary")
    code, out, _ = run(capsys, "actions", "--senco", "Sam")
    assert (code, out) == (0, "No open actions.\n")
    m = store.get_or_create_meeting(sam.id, "2026/27", "autumn-1")
    store.add_action(m.id, None, "Visit\x1b[31m Year 6", "Sam", None)
    code, out, _ = run(capsys, "actions")
    assert "Sam Jones" in out and "Jane Smith" in out
    assert "\x1b" not in out  # typed text cannot drive the terminal
    code, out, _ = run(capsys, "actions", "--senco", "Sam", "--json")
    # cleaned when stored (see test_faults.py for text stored raw by older versions)
    assert [r["action"] for r in json.loads(out)] == ["Visit[31m Year 6"]


def test_actions_errors(capsys, store):
    assert "no SENCo yet" in error_of(capsys, "actions")
    store.add_senco("Jane Smith", "Hill Top Academy", "secondary")
    assert "no SENCo called 'Bob'" in error_of(capsys, "actions", "--senco", "Bob")


# ---------------------------------------------------------------- history


def test_history_of_a_question(capsys, jane):
    code, out, err = run(capsys, "history", "profile-reviews")
    assert code == 0 and err == ""
    assert out == (
        "Have profile/ IEP reviews happened? (profile-reviews)\n"
        "Do · SENCo: Jane Smith\n"
        "\n"
        "Autumn 1 2026/27: Amber\n"
        "  Half the reviews late.\n"
        "  Chase in November.\n"
        f"  Action: Chase late reviews (Jane, due {LAST_WEEK:%d/%m/%Y}, open)\n"
        "\n"
        "Autumn 2 2026/27: Red\n"
    )


def test_history_finds_a_question_by_its_words(capsys, jane):
    by_id = run(capsys, "history", "profile-reviews")[1]
    assert run(capsys, "history", "IEP", "reviews", "happened")[1] == by_id
    assert run(capsys, "history", "profile/ iep reviews happened?")[1] == by_id
    # accents and case do not matter; words match the start of a word
    assert run(capsys, "history", "PROFÍLE", "rev", "happ")[1] == by_id


def test_history_shows_what_was_decided_about_a_carried_question(capsys, store, jane):
    a2 = store.find_meeting(jane.id, "2026/27", "autumn-2")
    s1 = store.get_or_create_meeting(jane.id, "2026/27", "spring-1")
    store.review(s1.id, kind="question", question_id="profile-reviews", decision="open",
                 note="Half done | chased")
    del a2
    _, out, _ = run(capsys, "history", "profile reviews")
    assert out.endswith("Spring 1 2026/27: not discussed\n"
                        "  Carried in; decided: kept open: Half done | chased\n")


def test_history_shows_the_decisions_on_its_actions_when_carried(capsys, store, jane):
    """A carried action's "keep open" with its update and "drop" with its reason are part
    of its question's history, in the meeting that decided them, by id or by words."""
    chase = next(a for a in store.senco_actions(jane.id) if a.text == "Chase late reviews")
    a2 = store.find_meeting(jane.id, "2026/27", "autumn-2")
    store.review(a2.id, kind="action", action_id=chase.id, decision="open",
                 note="Two still late\x1b]0;pwned\x07")
    s1 = store.get_or_create_meeting(jane.id, "2026/27", "spring-1")
    store.review(s1.id, kind="action", action_id=chase.id, decision="dropped",
                 note="Moved to the SIP")
    store.review(s1.id, kind="question", question_id="profile-reviews", decision="dropped",
                 note="")
    # a decision on an action of another question is not part of this one's history
    other = store.add_action(a2.id, DISCUSSED[0], "Other", "Tom", None)
    store.review(s1.id, kind="action", action_id=other.id, decision="done")
    code, out, err = run(capsys, "history", "profile-reviews")
    assert code == 0 and err == ""
    assert out.endswith(
        "Autumn 2 2026/27: Red\n"
        "  Carried action: Chase late reviews; decided: kept open: Two still late]0;pwned\n"
        "\n"
        "Spring 1 2026/27: not discussed\n"
        "  Carried in; decided: dropped\n"
        "  Carried action: Chase late reviews; decided: dropped: Moved to the SIP\n")
    assert "\x1b" not in out and "Other" not in out
    assert run(capsys, "history", "IEP", "reviews")[1] == out


def test_history_of_several_questions_and_of_too_many(capsys, jane):
    code, out, _ = run(capsys, "history", "interventions")
    assert code == 0
    # every question with the word, each with its own history
    assert "Are interventions up and running? (interventions-running)" in out
    assert "Autumn 2 2026/27: Green\n  # All running\n  <script>x</script>" in out
    code, out, _ = run(capsys, "history", "the")
    assert code == 0
    assert out.startswith("") and "questions match 'the': add words to choose one" in out
    assert "Autumn 1 2026/27" not in out


def test_history_of_a_question_never_discussed(capsys, jane):
    code, out, _ = run(capsys, "history", "ta-planning")
    assert code == 0
    assert out.endswith("\n\nNot discussed in any meeting yet.\n")


def test_history_keeps_the_paragraphs_of_notes(capsys, store, jane):
    a1 = store.find_meeting(jane.id, "2026/27", "autumn-1")
    store.set_notes(a1.id, *RATED_AMBER, "First paragraph.\n\n\n  - indented point\nlast")
    _, out, _ = run(capsys, "history", "profile-reviews")
    assert "Autumn 1 2026/27: Amber\n  First paragraph.\n\n    - indented point\n  last\n" in out


def test_history_errors(capsys, store, jane):
    err = error_of(capsys, "history", "no-such-question")
    assert "no question matches 'no-such-question' in Jane Smith's checklists or meetings" in err
    store.add_senco("Sam Jones", "Valley Primary", "primary")
    assert "choose one with --senco" in error_of(capsys, "history", "profile-reviews")
    assert "no SENCo called 'Zed'" in error_of(capsys, "history", "x", "--senco", "Zed")


def test_history_needs_a_question_id(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["history"])
    assert exc.value.code == 2


# ---------------------------------------------------------------- no traceback


def test_real_process_error_is_one_line(where):
    proc = subprocess.run([sys.executable, "-m", "senco_tui", "export", "--year", "27"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith("senco-tui export: argument --year: ")
    assert proc.stderr.count("\n") == 1


def test_export_dash_output_is_stdout(capsys, jane, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "export", "--year", "2026-27", "--half-term", "autumn-2", "-o", "-")
    assert code == 0
    assert out.startswith("# Line-management meeting: Jane Smith")
    assert not (tmp_path / "-").exists()
