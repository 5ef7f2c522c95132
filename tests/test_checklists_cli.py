"""`senco-tui validate` and `senco-tui checklists list|copy|show`, through the real entry point."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_run import run

from senco_tui.checklist import load_named_set

DATA = Path(__file__).parent / "data" / "checklists"


@pytest.fixture
def config(tmp_path) -> Path:
    return tmp_path / "config"


def user_set(config: Path, name: str) -> Path:
    """The fixture set installed as the user's own set `name`."""
    dest = config / "checklists" / name
    shutil.copytree(DATA / "good", dest)
    text = (dest / "set.yaml").read_text().replace("name: good", f"name: {name}")
    (dest / "set.yaml").write_text(text)
    return dest


# ---------------------------------------------------------------- validate


def test_validate_everything_shipped(capsys, config):
    code, out, err = run(capsys, "validate", "--config-dir", str(config))
    assert code == 0, out + err
    lines = out.splitlines()
    assert any(line.startswith("primary: ok, 6 half-terms, ") for line in lines)
    assert any(line.startswith("secondary: ok, 6 half-terms, ") for line in lines)
    assert any(line.startswith("glossary: ok, ") for line in lines)


def test_validate_shipped_folders_by_path(capsys):
    from senco_tui.paths import builtin_checklists

    root = builtin_checklists()
    code, out, _ = run(capsys, "validate", str(root / "secondary"), str(root / "primary"),
                       str(root / "glossary.yaml"))
    assert code == 0, out
    assert len(out.splitlines()) == 3


def test_validate_set_folder_ok(capsys, tmp_path):
    good = shutil.copytree(DATA / "good", tmp_path / "good")
    code, out, _ = run(capsys, "validate", str(good))
    assert (code, out) == (0, "good: ok, 6 half-terms, 15 questions\n")


def test_validate_reports_each_problem_and_a_summary(capsys, tmp_path):
    good = Path(shutil.copytree(DATA / "good", tmp_path / "good"))
    (good / "spring-2.yaml").write_text("half_term: spring-2\nsections:\n  - section: plan\n")
    (good / "summer-2.yaml").unlink()
    code, out, _ = run(capsys, "validate", str(good))
    assert code == 1
    assert out.splitlines() == [
        f"{good / 'spring-2.yaml'}:3: section 'plan' has no questions: add 'questions:' with "
        "at least one question, or remove the section",
        f"{good / 'summer-2.yaml'}: this half-term's file is missing: a set needs all six "
        "(autumn-1, autumn-2, spring-1, spring-2, summer-1, summer-2); copy another half-term's "
        "file and change 'half_term'",
        "good: 2 problems",
    ]


def test_validate_single_file(capsys, tmp_path):
    path = tmp_path / "autumn-2.yaml"
    shutil.copy(DATA / "good" / "autumn-2.yaml", path)
    code, out, _ = run(capsys, "validate", str(path))
    assert (code, out) == (0, f"{path}: ok, autumn-2, 2 questions\n")
    path.write_text(path.read_text().replace("id: reading-age", "id: Reading Age"))
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert out.splitlines()[0].startswith(f"{path}:9: id 'Reading Age' is not valid")
    assert out.splitlines()[-1] == f"{path}: 1 problem"


@pytest.mark.parametrize(("line", "broken", "message"), [
    (7, '        ask: "Is the SEN information report on the website: up to date?',
     "a quote that opens on this line is not closed: it runs on to line 25"),
    (12, "        probes: [one, two", "a '[' on this line is not closed"),
])
def test_validate_names_the_line_an_unclosed_quote_or_bracket_opens_on(capsys, config, line,
                                                                       broken, message):
    """Not the line where the parser gives up (the next quote, or the end of the file)."""
    mine = user_set(config, "mine")
    path = mine / "autumn-1.yaml"
    lines = path.read_text().split("\n")
    lines[line - 1] = broken
    path.write_text("\n".join(lines))
    code, out, err = run(capsys, "validate", "mine", "--config-dir", str(config))
    assert code == 1 and err == ""
    assert out.splitlines()[0].startswith(f"{path}:{line}: YAML syntax: {message}")
    assert out.splitlines()[1:] == ["mine: 1 problem"]
    # and where the set is used: one line, naming the same place
    code, out, err = run(capsys, "checklists", "show", "mine", "--config-dir", str(config))
    assert code == 1 and out == "" and "Traceback" not in err
    assert err.startswith(f"{path}:{line}: YAML syntax: {message}")
    assert err.splitlines()[1:] == ["set 'mine' has 1 problem: fix them first"]


def test_validate_missing_path(capsys, tmp_path):
    code, out, err = run(capsys, "validate", str(tmp_path / "nope"))
    assert code == 1
    assert err.startswith(f"{tmp_path / 'nope'}: no such file or folder, and no checklist set "
                          "of that name (sets: primary, secondary")


def test_validate_a_set_by_its_name(capsys, config):
    mine = user_set(config, "my-school")
    (mine / "autumn-2.yaml").write_text("half_term: autumn-2\nsection: []\n")
    code, out, _ = run(capsys, "validate", "my-school", "primary", "--config-dir", str(config))
    assert code == 1
    assert f"{mine / 'autumn-2.yaml'}:2: " in out
    assert "my-school: 2 problems" in out.splitlines()
    assert any(line.startswith("primary: ok, 6 half-terms") for line in out.splitlines())


def test_validate_no_path_includes_broken_user_set(capsys, config):
    broken = user_set(config, "my-school")
    (broken / "autumn-1.yaml").write_text("half_term: autumn-1\nsections: [\n")
    code, out, _ = run(capsys, "validate", "--config-dir", str(config))
    assert code == 1
    assert f"{broken / 'autumn-1.yaml'}:3: YAML syntax" in out
    assert f"my-school (yours: {broken}): 1 problem" in out
    assert "secondary: ok" in out


# ---------------------------------------------------------------- list


def test_list_builtin_sets(capsys, config):
    code, out, _ = run(capsys, "checklists", "list", "--config-dir", str(config))
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split() == ["name", "phase", "Au1", "Au2", "Sp1", "Sp2", "Su1", "Su2", "where"]
    names = [row.split()[0] for row in rows]
    assert names == ["primary", "secondary"]
    assert all(row.endswith("built-in") for row in rows)


def test_list_user_set_shadows_builtin_and_broken_set(capsys, config):
    shadow = user_set(config, "secondary")
    broken = user_set(config, "broken")
    (broken / "set.yaml").unlink()
    code, out, _ = run(capsys, "checklists", "list", "--config-dir", str(config))
    assert code == 0
    rows = {row.split()[0]: row for row in out.splitlines()[1:]}
    assert rows["secondary"].split()[1:8] == ["secondary", "5", "2", "2", "2", "2", "2"]
    assert rows["secondary"].endswith(f"{shadow} (yours, used instead of the built-in 'secondary')")
    assert "BROKEN" in rows["broken"]
    assert f"1 problem, run `senco-tui validate {broken}`" in rows["broken"]


# ---------------------------------------------------------------- copy


def test_copy_builtin_then_edit_and_validate(capsys, config):
    code, out, _ = run(capsys, "checklists", "copy", "primary", "my-school",
                       "--config-dir", str(config))
    dest = config / "checklists" / "my-school"
    assert (code, out) == (0, f"{dest}\n")
    set_yaml = (dest / "set.yaml").read_text()
    assert "name: my-school" in set_yaml.splitlines()
    assert "name: primary" not in set_yaml
    loaded = load_named_set("my-school", config / "checklists")
    assert loaded.name == "my-school" and not loaded.builtin
    (dest / "autumn-1.yaml").write_text(
        (dest / "autumn-1.yaml").read_text().replace("half_term: autumn-1", "half_term: autumn-3"))
    code, out, _ = run(capsys, "validate", str(dest))
    assert code == 1 and f"{dest / 'autumn-1.yaml'}:1: unknown half-term 'autumn-3'" in out


def test_copy_is_titled_from_its_name_or_from_title(capsys, config):
    code, _, err = run(capsys, "checklists", "copy", "secondary", "oak-school",
                       "--config-dir", str(config))
    assert code == 0 and "Titled 'Oak school'" in err
    assert load_named_set("oak-school", config / "checklists").title == "Oak school"
    code, _, _ = run(capsys, "checklists", "copy", "secondary", "vale",
                     "--title", 'Vale: "our" questions', "--config-dir", str(config))
    assert code == 0
    assert load_named_set("vale", config / "checklists").title == 'Vale: "our" questions'


def test_copy_keeps_comments_in_set_yaml(capsys, config, tmp_path):
    source = shutil.copytree(DATA / "good", tmp_path / "good")
    code, _, _ = run(capsys, "checklists", "copy", str(source), "ours", "--config-dir", str(config))
    assert code == 0
    text = (config / "checklists" / "ours" / "set.yaml").read_text()
    assert text.splitlines()[:2] == ["# A small set for tests.",
                                     "name: ours  # must match the folder"]
    assert load_named_set("ours", config / "checklists").name == "ours"


def test_copy_refuses_to_overwrite(capsys, config):
    existing = user_set(config, "my-school")
    before = (existing / "autumn-1.yaml").read_text()
    code, out, err = run(capsys, "checklists", "copy", "secondary", "my-school",
                         "--config-dir", str(config))
    assert code == 1 and out == ""
    assert err == (f"senco-tui: {existing} already exists: choose another name, or remove that "
                   "folder first\n")
    assert (existing / "autumn-1.yaml").read_text() == before


@pytest.mark.parametrize("bad", ["My School", "my_school", "x-", ""])
def test_copy_refuses_bad_name(capsys, config, bad):
    code, _, err = run(capsys, "checklists", "copy", "secondary", bad, "--config-dir", str(config))
    assert code == 1 and "is not a valid set name" in err
    assert not (config / "checklists").exists() or not any((config / "checklists").iterdir())


def test_copy_unknown_source(capsys, config):
    code, _, err = run(capsys, "checklists", "copy", "tertiary", "x", "--config-dir", str(config))
    assert code == 1 and "no checklist set called 'tertiary'" in err


# ---------------------------------------------------------------- show


def test_show_markdown_agenda(capsys, config):
    user_set(config, "ours")
    code, out, _ = run(capsys, "checklists", "show", "ours", "--half-term", "autumn-1",
                       "--config-dir", str(config))
    assert code == 0
    assert out.splitlines() == [
        "# Good school", "",
        "## Autumn 1", "",
        "### Assess", "",
        "1. Have you reviewed reading age data?",
        "   - Where pupils are 18 months+ below, what next?",
        "   - \\# not a heading",
        "   - *Note:* E = EHCP, K = SEN support.",
        "2. 2024", "",
        "### Plan", "",
        "1. Is the provision map up to date?", "",
        "### Supporting the SENCo", "",
        "1. Do you get regular supervision?", "",
        "### Governors and reporting", "",
        "1. Is the SEN information report on the website: up to date?",
    ]
    assert out.endswith("date?\n")


def test_show_whole_set(capsys, config):
    code, out, _ = run(capsys, "checklists", "show", "secondary", "--config-dir", str(config))
    assert code == 0
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings == ["## Autumn 1", "## Autumn 2", "## Spring 1", "## Spring 2",
                        "## Summer 1", "## Summer 2"]


def test_show_broken_set(capsys, config):
    broken = user_set(config, "ours")
    (broken / "plan.yaml").write_text("half_term: autumn-1\n")
    code, _, err = run(capsys, "checklists", "show", "ours", "--config-dir", str(config))
    assert code == 1
    assert f"{broken / 'plan.yaml'}:1:" in err
    assert err.splitlines()[-1] == "set 'ours' has 2 problems: fix them first"


# ---------------------------------------------------------------- standing.yaml

STANDING = ("sections:\n  - section: standing\n    questions:\n      - id: ehcp-reviews\n"
            "        ask: Are EHCP reviews on time?\n        core: true\n")


def test_validate_a_set_with_standing_questions(capsys, tmp_path):
    good = Path(shutil.copytree(DATA / "good", tmp_path / "good"))
    (good / "standing.yaml").write_text(STANDING)
    code, out, _ = run(capsys, "validate", str(good))
    assert (code, out) == (0, "good: ok, 6 half-terms, 21 questions\n")  # 15 + 1 in each
    # standing.yaml by its path checks the set it belongs to: it is merged there
    code, out, _ = run(capsys, "validate", str(good / "standing.yaml"))
    assert (code, out) == (0, "good: ok, 6 half-terms, 21 questions\n")
    (good / "standing.yaml").write_text(STANDING.replace("core: true", "core: often"))
    code, out, _ = run(capsys, "validate", str(good / "standing.yaml"))
    assert code == 1
    assert out.splitlines() == [
        f"{good / 'standing.yaml'}:6: question 'ehcp-reviews': 'core' should be true or false, "
        "not 'often'", "good: 1 problem"]


def test_validate_a_standing_file_outside_a_set(capsys, tmp_path):
    path = tmp_path / "standing.yaml"
    path.write_text(STANDING)
    code, out, _ = run(capsys, "validate", str(path))
    assert (code, out) == (0, f"{path}: ok, 1 standing question\n")


def test_copy_show_and_list_carry_the_standing_questions(capsys, config, tmp_path):
    source = Path(shutil.copytree(DATA / "good", tmp_path / "good"))
    (source / "standing.yaml").write_text(STANDING)
    code, _, _ = run(capsys, "checklists", "copy", str(source), "ours", "--config-dir", str(config))
    assert code == 0
    copied = config / "checklists" / "ours" / "standing.yaml"
    assert copied.read_text() == STANDING
    code, out, _ = run(capsys, "checklists", "show", "ours", "--half-term", "spring-1",
                       "--config-dir", str(config))
    assert code == 0
    assert out.splitlines()[4:8] == ["### Every half-term", "", "1. Are EHCP reviews on time?", ""]
    code, out, _ = run(capsys, "checklists", "list", "--config-dir", str(config))
    rows = {row.split()[0]: row for row in out.splitlines()[1:]}
    assert rows["ours"].split()[1:8] == ["secondary", "6", "3", "3", "3", "3", "3"]
