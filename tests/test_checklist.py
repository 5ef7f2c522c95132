"""The checklist loader: what it returns, and every file it refuses (with the exact line)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from senco_tui import checklist
from senco_tui.checklist import (
    MAX_BYTES,
    SECTIONS,
    ChecklistError,
    Problem,
    acronyms_in,
    find_sets,
    load_glossary,
    load_half_term,
    load_named_set,
    load_set,
)
from senco_tui.errors import UserError
from senco_tui.paths import builtin_checklists
from senco_tui.records import HALF_TERMS

DATA = Path(__file__).parent / "data" / "checklists"


@pytest.fixture
def good(tmp_path) -> Path:
    """A writable copy of the small valid set."""
    return Path(shutil.copytree(DATA / "good", tmp_path / "good"))


def problems_of(call) -> list[Problem]:
    with pytest.raises(ChecklistError) as caught:
        call()
    return caught.value.problems


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- what comes back


def test_good_set_loads(good):
    loaded = load_set(good)
    assert (loaded.name, loaded.title, loaded.phase) == ("good", "Good school", "secondary")
    assert loaded.credit == "Written for the tests."
    assert list(loaded.half_terms) == list(HALF_TERMS)
    assert not loaded.builtin and not loaded.shadows_builtin


def test_sections_in_canonical_order_custom_last(good):
    autumn = load_set(good).half_terms["autumn-1"]
    assert [(s.slug, s.title) for s in autumn.sections] == [
        ("assess", "Assess"), ("plan", "Plan"), ("support", SECTIONS["support"]),
        ("governors", "Governors and reporting"),
    ]


def test_question_fields_and_lines(good):
    autumn = load_set(good).half_terms["autumn-1"]
    section, question = autumn.question("reading-age")
    assert section.slug == "assess"
    assert question.ask == "Have you reviewed reading age data?"  # folded text
    assert question.probes == ("Where pupils are 18 months+ below, what next?", "# not a heading")
    assert question.hint == "E = EHCP, K = SEN support."
    assert question.line == 19
    assert autumn.question("year-7")[1].ask == "2024"  # a number is read as the text written
    assert autumn.question("supervision")[1].credit == "A SENCo network"
    assert autumn.question("governor-report")[1].ask.endswith("website: up to date?")
    assert autumn.path == good / "autumn-1.yaml"


def test_utf8_bom_is_fine(good):
    path = good / "autumn-2.yaml"
    write(path, b"\xef\xbb\xbf" + path.read_bytes())
    assert load_half_term(path).half_term == "autumn-2"


# ---------------------------------------------------------------- one file refused

HEAD = "half_term: autumn-1\nsections:\n  - section: assess\n    questions:\n"
Q = "      - id: one\n        ask: One?\n"

TWO = "      - id: two\n"

REFUSED = {
    # case: (file text, line reported, part of the message)
    "malformed": (HEAD + Q + TWO + "        ask: Is it: ok?\n", 8,
                  "put the whole text in quotes"),
    "unclosed quote": (HEAD + TWO + '        ask: "Is it ok?\n', 6, "is not closed"),
    # the quote runs on to the next one in the file, where the parser only then stumbles
    "unclosed quote mid-file": (HEAD + TWO + '        ask: "Is the register up to date?\n'
                                + Q + '      - id: three\n        ask: "Three?"\n', 6,
                                "a quote that opens on this line is not closed: it runs on "
                                "to line 10"),
    # ... and where the next quote even makes the file parse: the questions between are
    # not silently made part of the text
    "unclosed quote that parses": (HEAD + TWO + '        ask: "Is the register up?\n' + Q
                                   + '      - id: three\n        ask: x\n'
                                   + '        hint: "# a"\n', 6,
                                   "a quote that opens on this line is not closed: it runs on "
                                   "to line 11"),
    "unclosed single quote mid-file": (HEAD + TWO + "        ask: 'Is the register up?\n"
                                       + Q + "      - id: three\n        ask: 'Three?'\n",
                                       6, "a quote that opens on this line is not closed"),
    "unclosed bracket": (HEAD + Q + "        probes: [one, two\n", 7,
                         "a '[' on this line is not closed: end the list with ']'"),
    "unclosed bracket mid-file": (HEAD + Q + "        probes: [one, two\n" + TWO
                                  + "        ask: Two?\n", 7, "a '[' on this line is not closed"),
    "unclosed brace": (HEAD + Q + "        hint: {a: b\n" + TWO + "        ask: Two?\n", 7,
                       "a '{' on this line is not closed"),
    "missing colon": (HEAD + TWO + "        ask Is it ok?\n        probes:\n          - x\n", 6,
                      "this line has no ':' after its key"),
    "bad indentation": (HEAD + TWO + "        ask: x\n      probes:\n          - y\n", 7,
                        "indented differently from the lines around it"),
    "tab": (HEAD + Q + TWO + "\t\task: x\n", 8, "tab character"),
    "duplicate key": (HEAD + Q + "        ask: Again?\n", 7,
                      "'ask' appears twice in a question (first on line 6)"),
    "unknown key": (HEAD + Q + "        probs:\n          - x\n", 7,
                    "unknown key 'probs' in a question: did you mean 'probes'? "
                    "the allowed keys are id, ask, probes, hint, credit, core, carry"),
    "unknown top key": ("title: x\n" + HEAD + Q, 1,
                        "allowed keys are half_term, skip_standing, sections"),
    "probes not a list": (HEAD + Q + "        probes: Why?\n", 7, "'probes' should be a list"),
    "ask is a list": (HEAD + "      - id: one\n        ask:\n          - One?\n", 6,
                      "'ask' should be text"),
    "probe with colon": (HEAD + Q + "        probes:\n          - Gap: E and K?\n", 8,
                         "a probe is 'key: value' instead of text"),
    "sections not a list": ("half_term: autumn-1\nsections: assess\n", 2,
                            "'sections' should be a list"),
    "question not a mapping": (HEAD + "      - Is it ok?\n", 5,
                               "a question should be 'key: value' lines"),
    "missing ask": (HEAD + Q + TWO + "        hint: x\n", 7, "question 'two': 'ask' is missing"),
    "empty ask": (HEAD + Q + TWO + "        ask:\n", 8, "question 'two': 'ask' is empty"),
    "empty ask quoted": (HEAD + Q + TWO + "        ask: '  '\n", 8, "'ask' is empty"),
    "empty section": (HEAD + "  - section: plan\n    questions:\n" + Q, 4,
                      "section 'assess': 'questions' is empty: add at least one question"),
    "section without questions": (HEAD + Q + "  - section: plan\n", 7,
                                  "section 'plan' has no questions"),
    "missing id": (HEAD + Q + "      - ask: Two?\n", 7, "this question has no 'id'"),
    "duplicate id": (HEAD + Q + "  - section: plan\n    questions:\n" + Q, 9,
                     "id 'one' is used twice in this file (first on line 5)"),
    "bad id": (HEAD + "      - id: GCSE outcomes\n        ask: x\n", 5,
               "id 'GCSE outcomes' is not valid: use lower-case letters, digits and single "
               "hyphens, like 'gcse-outcomes' (pattern ^[a-z0-9]+(-[a-z0-9]+)*$)"),
    "long id": (HEAD + f"      - id: {'a' * 61}\n        ask: x\n", 5,
                "longer than 60 characters"),
    "unknown half-term": ("half_term: autumn-3\n" + HEAD[20:] + Q, 1,
                          "unknown half-term 'autumn-3': did you mean 'autumn-1'? "
                          "use one of autumn-1"),
    "half-term not file name": ("half_term: spring-1\n" + HEAD[20:] + Q, 1,
                                "half_term is 'spring-1' but the file is called autumn-1.yaml"),
    "missing half-term": (HEAD[20:] + Q, 1, "'half_term' is missing"),
    "missing sections": ("half_term: autumn-1\n", 1, "'sections' is missing"),
    "custom section without title": (HEAD.replace("assess", "governors") + Q, 3,
                                     "section 'governors' is not a known section"),
    "typo section": (HEAD.replace("assess", "asess") + Q, 3, "did you mean 'assess'?"),
    "title on known section": (HEAD.replace("    questions", "    title: A\n    questions") + Q,
                               4, "section 'assess' has a fixed title ('Assess'): "
                               "remove 'title', or use your own slug"),
    "duplicate section": (HEAD + Q + "  - section: assess\n    questions:\n" + TWO, 7,
                          "section 'assess' appears twice in this file (first on line 3)"),
    "bad section slug": (HEAD.replace("assess", "My Section") + Q, 3,
                         "section 'My Section' is not valid"),
    "anchor": (HEAD + "      - id: one\n        ask: &a One?\n", 6, "'&a' is a YAML anchor"),
    "alias": (HEAD + Q + "        hint: *a\n", 7, "'*a' is a YAML alias"),
    "python tag": (HEAD + Q + "        hint: !!python/object/apply:os.system ['ls']\n", 7,
                   "'!!python/object/apply:os.system' is a YAML tag"),
    "str tag": (HEAD + Q + "        hint: !!str 12\n", 7, "'!!str' is a YAML tag"),
    "local tag": (HEAD + Q + "        hint: !mine x\n", 7, "'!mine' is a YAML tag"),
    "two documents": (HEAD + Q + "---\nhalf_term: autumn-1\n", 7, "remove the second '---'"),
    "empty file": ("# nothing yet\n", 1, "the file is empty"),
    "not a mapping": ("- autumn-1\n", 1, "the file should be 'key: value' lines"),
    "control character": (HEAD + "      - id: one\n        ask: One\x07?\n", 6,
                          "unusual character"),
    "hash in ask": (HEAD + "      - id: one\n        ask: Is EHCP our #1 priority?\n", 6,
                    "question 'one': 'ask': the text after '#' was read as a YAML comment"),
    "hash in probe": (HEAD + Q + "        probes:\n          - Room 12 # or the library?\n", 8,
                      "a probe: the text after '#' was read as a YAML comment"),
    "hash in hint": (HEAD + Q + "        hint: See item #3 of the plan\n", 7,
                     "'hint': the text after '#' was read as a YAML comment"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_with_line(tmp_path, case):
    text, line, message = REFUSED[case]
    path = write(tmp_path / "autumn-1.yaml", text)
    problems = problems_of(lambda: load_half_term(path))
    assert problems[0].path == path
    assert problems[0].line == line, [str(p) for p in problems]
    assert message in problems[0].message
    assert str(problems[0]).startswith(f"{path}:{line}: ")


def test_text_in_quotes_may_run_over_lines(tmp_path):
    """A quote closed on a later line is fine, and another mistake after it is not blamed
    on it."""
    long_ask = '        ask: "Is the register\n          up to date: all of it?"\n'
    path = write(tmp_path / "autumn-1.yaml", HEAD + TWO + long_ask + Q)
    assert load_half_term(path).questions()[0][1].ask == "Is the register up to date: all of it?"
    write(path, HEAD + TWO + long_ask + Q + "        hint: Is it: ok?\n")
    problems = problems_of(lambda: load_half_term(path))
    assert (problems[0].line, "put the whole text in quotes" in problems[0].message) == (10, True)


def test_billion_laughs_refused_at_the_first_anchor(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    path = write(tmp_path / "autumn-1.yaml", "\n".join(lines) + "\n")
    (problem,) = problems_of(lambda: load_half_term(path))
    assert (problem.line, "'&a' is a YAML anchor" in problem.message) == (1, True)


def _tree(node):
    """A node tree as plain data: kind, tag, marks, style and value, all the way down."""
    import yaml

    if node is None or node is False:
        return node
    marks = [(m.line, m.column, m.index) for m in (node.start_mark, node.end_mark)]
    head = (type(node).__name__, node.tag, marks, getattr(node, "style", None),
            getattr(node, "flow_style", None))
    if isinstance(node, yaml.ScalarNode):
        return (*head, node.value)
    if isinstance(node, yaml.SequenceNode):
        return (*head, [_tree(n) for n in node.value])
    return (*head, [(_tree(k), _tree(v)) for k, v in node.value])


ONE_PASS = {  # text: (line, what the problem says), or None: no problem
    "flow and block": ("a: [1, 'two', {b: \"c\"}]\nd:\n  - e: |\n      f\n  - ? g\n    : h\n",
                       None),
    "empty values": ("a:\nb: ~\nc: []\nd: {}\ne: ''\n", None),
    "empty": ("", None), "comment": ("# nothing\n", None), "start only": ("---\n", None),
    "second document": ("a: 1\n---\nb: 2\n", (2, "remove the second '---' line")),
    # every document is checked before anything is built
    "anchor in a second document": ("a: 1\n---\n- &late x\n", (3, "'&late' is a YAML anchor")),
    "deep in a second document": ("a: 1\n---\n" + "[" * 25 + "]" * 25 + "\n",
                                  (3, "nested more than 20 deep")),
    "deep": ("a:\n  " + "[" * 25 + "]" * 25 + "\n", (2, "nested more than 20 deep")),
    "tag": ("a: !!str 1\n", (1, "'!!str' is a YAML tag")),
    "bare tag": ("a:\n  - ! 1\n", (2, "'!' is a YAML tag")),
    "alias": ("a: 1\nb: *x\n", (2, "'*x' is a YAML alias")),
    "syntax": ("a: b: c\n", (1, "YAML syntax")),
}


@pytest.mark.parametrize(("text", "problem"), ONE_PASS.values(), ids=ONE_PASS.keys())
def test_libyaml_nodes_are_libyamls_own(tmp_path, monkeypatch, text, problem):
    """The nodes are made from libyaml's events in one pass (reader._compose_fast): the
    tree libyaml's own composer makes, or the problem, at its line."""
    import yaml

    from senco_tui.checklist import reader

    monkeypatch.setattr(checklist.yaml, "__with_libyaml__", True)
    problems: list = []
    root = reader.compose_file(write(tmp_path / "f.yaml", text), problems)
    if problem is None:
        assert problems == []
        assert _tree(root) == _tree(yaml.compose(text, Loader=yaml.CSafeLoader))
    else:
        assert root is False and (problems[0].line, problem[1] in problems[0].message) == (
            problem[0], True)


@pytest.mark.parametrize("path", sorted(builtin_checklists().rglob("*.yaml")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_libyaml_nodes_of_the_shipped_files_are_libyamls_own(path):
    import yaml

    from senco_tui.checklist import reader

    text = path.read_text(encoding="utf-8")
    assert _tree(reader._compose_fast(text)) == _tree(yaml.compose(text, Loader=yaml.CSafeLoader))


def test_non_utf8_reports_line_of_bad_byte(tmp_path):
    text = HEAD + Q + "        hint: caf\xe9\n"
    path = write(tmp_path / "autumn-1.yaml", text.encode("latin-1"))
    (problem,) = problems_of(lambda: load_half_term(path))
    assert problem.line == 7
    assert "byte 0xe9 is not UTF-8 text: save the file as UTF-8" in problem.message


def test_file_over_1mb_refused_before_reading(tmp_path):
    path = write(tmp_path / "autumn-1.yaml", HEAD + Q + "#" * MAX_BYTES + "\n")
    (problem,) = problems_of(lambda: load_half_term(path))
    assert problem.line == 1
    assert "over the 1 MB limit" in problem.message


def test_every_problem_in_a_file_is_reported_in_line_order(tmp_path):
    text = (HEAD + "      - id: Bad\n        ask: x\n      - id: two\n        ask:\n"
            "        colour: red\n")
    path = write(tmp_path / "autumn-1.yaml", text)
    problems = problems_of(lambda: load_half_term(path))
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (5, "id 'Bad' is not valid"), (8, "question 'two'"),
        (9, "unknown key 'colour' in a question"),
    ]


@pytest.mark.parametrize("libyaml", [True, False])
def test_a_hash_inside_quotes_or_a_comment_after_an_id_is_fine(tmp_path, monkeypatch, libyaml):
    monkeypatch.setattr(checklist.yaml, "__with_libyaml__", libyaml)
    path = write(tmp_path / "autumn-1.yaml", HEAD + "      - id: one  # the first one\n"
                 "        ask: \"Is EHCP our #1 priority?\"\n        # a comment line\n"
                 "        hint: 'Item #3'\n")
    [(_, question)] = load_half_term(path).questions()
    assert (question.id, question.ask, question.hint) == (
        "one", "Is EHCP our #1 priority?", "Item #3")
    cut = write(tmp_path / "autumn-1.yaml", HEAD + "      - id: one\n        ask: Our #1?\n")
    assert problems_of(lambda: load_half_term(cut))[0].line == 6


def test_no_traceback_for_unreadable_file(tmp_path):
    path = tmp_path / "autumn-1.yaml"
    path.mkdir()  # a folder where a file should be
    (problem,) = problems_of(lambda: load_half_term(path))
    assert "cannot read this file" in str(problem)


# ---------------------------------------------------------------- sets refused


def test_set_missing_half_term_file(good):
    (good / "spring-2.yaml").unlink()
    (problem,) = problems_of(lambda: load_set(good))
    assert problem.path == good / "spring-2.yaml" and problem.line == 0
    assert str(problem).startswith(f"{good / 'spring-2.yaml'}: this half-term's file is missing")


def test_set_duplicated_half_term(good):
    shutil.copy(good / "summer-1.yaml", good / "summer-1.yml")
    (problem,) = problems_of(lambda: load_set(good))
    assert (problem.path.name, problem.line) == ("summer-1.yml", 1)
    assert "half-term 'summer-1' is also in summer-1.yaml" in problem.message


def test_set_extra_file_not_named_after_its_half_term(good):
    shutil.copy(good / "summer-1.yaml", good / "extra.yaml")
    (problem,) = problems_of(lambda: load_set(good))
    assert (problem.path.name, problem.line) == ("extra.yaml", 1)
    assert "the file is called extra.yaml: rename the file to summer-1.yaml" in problem.message


@pytest.mark.parametrize(("text", "line", "message"), [
    ("name: good\ntitle: T\nphase: primary\n", 1, "'credit' is missing: add 'credit: ...'"),
    ("name: other\ntitle: T\nphase: primary\ncredit: c\n", 1,
     "name is 'other' but the folder is called 'good': make them the same"),
    ("name: good\ntitle:\nphase: primary\ncredit: c\n", 2, "'title' is empty"),
    ("name: good\ntitle: T\nphase: primary\ncredit: c\nauthor: me\n", 5,
     "unknown key 'author' in set.yaml"),
    ("name: good\ntitle: T\nphase: [a, b]\ncredit: c\n", 3, "'phase' should be text"),
])
def test_set_yaml_problems(good, text, line, message):
    write(good / "set.yaml", text)
    (problem,) = problems_of(lambda: load_set(good))
    assert (problem.path.name, problem.line) == ("set.yaml", line)
    assert message in problem.message


def test_set_yaml_missing(good):
    (good / "set.yaml").unlink()
    (problem,) = problems_of(lambda: load_set(good))
    assert str(problem) == (f"{good / 'set.yaml'}: set.yaml is missing: every set needs one with "
                            "name, title, phase and credit (see checklists/README.md)")


def test_all_problems_of_a_set_collected(good):
    write(good / "set.yaml", "name: good\ntitle: T\nphase: p\n")
    write(good / "autumn-2.yaml", "half_term: autumn-2\n\tsections:\n")
    write(good / "spring-1.yaml", (good / "spring-1.yaml").read_text().replace("ask:", "question:"))
    (good / "summer-2.yaml").unlink()
    problems = problems_of(lambda: load_set(good))
    assert [(p.path.name, p.line) for p in problems] == [
        ("set.yaml", 1), ("autumn-2.yaml", 2),
        ("spring-1.yaml", 5), ("spring-1.yaml", 6), ("spring-1.yaml", 9), ("spring-1.yaml", 10),
        ("summer-2.yaml", 0),
    ]


def test_not_a_folder(tmp_path):
    (problem,) = problems_of(lambda: load_set(tmp_path / "nowhere"))
    assert "not a folder" in problem.message


# ---------------------------------------------------------------- finding sets


def test_user_set_shadows_builtin(good, tmp_path):
    user = tmp_path / "config" / "checklists"
    shutil.copytree(good, user / "secondary")
    write(user / "secondary" / "set.yaml", "name: secondary\ntitle: Ours\nphase: s\ncredit: c\n")
    refs = {r.name: r for r in find_sets(user)}
    assert refs["secondary"].path == user / "secondary"
    assert refs["secondary"].shadows_builtin and not refs["secondary"].builtin
    assert refs["primary"].builtin and refs["primary"].path == builtin_checklists() / "primary"
    loaded = load_named_set("secondary", user)
    assert (loaded.title, loaded.shadows_builtin, loaded.builtin) == ("Ours", True, False)


def test_unknown_set_name(tmp_path):
    with pytest.raises(UserError, match="no checklist set called 'nope'.*primary"):
        load_named_set("nope", tmp_path)


# ---------------------------------------------------------------- shipped sets


@pytest.mark.parametrize("name", ["secondary", "primary"])
def test_shipped_set_round_trip(name, tmp_path):
    loaded = load_named_set(name, tmp_path / "no-user-sets")
    assert loaded.builtin and loaded.name == name
    assert list(loaded.half_terms) == list(HALF_TERMS)
    for half_term in loaded.half_terms.values():
        assert len(half_term.questions()) > 0, half_term.half_term
        assert all(q.ask for _, q in half_term.questions())


def test_shipped_glossary_loads():
    glossary = load_glossary()
    assert "EHCP" in glossary and all(glossary.values())


# ---------------------------------------------------------------- glossary


def test_glossary_and_acronyms_in():
    glossary = load_glossary(DATA / "glossary.yaml")
    assert glossary["EHCP"] == "Education, Health and Care Plan"
    found = acronyms_in("Is there a gap between E and K? Do TAs and the SEN support team "
                        "hold EHCPs? See the CoP and form 8.", glossary)
    assert [term for term, _ in found] == ["SEN support (K)", "TA", "EHCP", "CoP", "Form 8"]
    assert dict(found)["TA"] == "Teaching assistant"


def test_acronyms_match_whole_words_and_case():
    glossary = load_glossary(DATA / "glossary.yaml")
    assert acronyms_in("TAKE the ehcp to a Kiosk; STAff", glossary) == []
    assert acronyms_in("OK", {"K": "k"}) == []


def _acronyms_word_by_word(text: str, glossary: dict[str, str]) -> list[str]:
    """The rule for acronyms, the slow plain way: every run of word characters (and &),
    left to right, looked up as written, then without a plural s."""
    import re

    first: dict[str, int] = {}
    for found in re.finditer(r"[\w&]+", text):
        word = found.group()
        term = glossary.get(word) and word
        if term is None and word.endswith("s") and word[:-1] in glossary:
            term = word[:-1]
        if term and term not in first:
            first[term] = found.start()
    return sorted(first, key=lambda t: (first[t], t))


HOSTILE = ["TA", "TAs", "TAss", "xTA", "TAx", "iOS", "A&E", "&", "_", "K", "Ks", "SEN",
           "SENCo", "SENCos", "é", "ÜNÏ", "ÜNÏs", "ehcp", "EHCP", "²", "1", " ", " ", "\n",
           ".", "-", "(", "\u00a0", "_TA_", "TA_", "\u202e", "\x1b["]


def test_acronyms_are_whole_words_on_hostile_text():
    """The acronyms are found by a quick scan for the runs that can be one, then where each
    first stands alone: the same as looking at every word, whatever surrounds them
    (letters of any script, digits, _, &, an acronym inside another, plurals of both)."""
    import random

    glossary = {"TA": "a", "TAs": "b", "iOS": "c", "A&E": "d", "K": "e", "SEN": "f",
                "SENCo": "g", "ÜNÏ": "h", "EHCP": "i"}
    assert [t for t, _ in acronyms_in("xTA TAx _TA_ TAs TA", glossary)] == ["TAs", "TA"]
    assert [t for t, _ in acronyms_in("éK KS Ks; A&E&, A&E", glossary)] == ["K", "A&E"]
    assert [t for t, _ in acronyms_in("SENCos and SENs", glossary)] == ["SENCo", "SEN"]
    assert acronyms_in("iOSs²", glossary) == [] and acronyms_in("2iOS", glossary) == []
    rng = random.Random(17)
    for _ in range(3000):
        text = "".join(rng.choice(HOSTILE) for _ in range(rng.randint(0, 10)))
        assert [t for t, _ in acronyms_in(text, glossary)] == \
            _acronyms_word_by_word(text, glossary), text


def test_acronyms_in_plain_dict():
    assert acronyms_in("The EP and the LA.", {"LA": "local authority", "EP": "psychologist"}) == [
        ("EP", "psychologist"), ("LA", "local authority")]


@pytest.mark.parametrize(("text", "line", "message"), [
    ("terms:\n  - term: EHCP\n", 2, "'meaning' is missing"),
    ("terms:\n  - term: EHCP\n    meaning: a\n  - term: EHCP\n    meaning: b\n", 4,
     "'EHCP' is already in the glossary (line 2)"),
    ("terms:\n  - term: EHCP\n    meaning: a\n    means: b\n", 4, "unknown key 'means'"),
    ("words:\n  - x\n", 1, "unknown key 'words'"),
])
def test_glossary_problems(tmp_path, text, line, message):
    path = write(tmp_path / "glossary.yaml", text)
    problems = problems_of(lambda: load_glossary(path))
    assert problems[0].line == line and message in problems[0].message


def test_a_schools_own_support_question_needs_no_credit(tmp_path):
    # shipped questions credit their source (test_support_section); a school's own has none
    path = write(tmp_path / "autumn-1.yaml", HEAD.replace("assess", "support") + Q)
    [(section, question)] = load_half_term(path).questions()
    assert (section.slug, question.credit) == ("support", "")


# ---------------------------------------------------------------- core and carry


def test_core_and_carry_default_to_off_and_on(good):
    [(_, question)] = load_half_term(good / "autumn-2.yaml").questions()[:1]
    assert (question.core, question.carry) == (False, True)


def test_core_and_carry_read_as_written(tmp_path):
    path = write(tmp_path / "autumn-1.yaml", HEAD + Q + "        core: true\n        carry: false\n"
                 "      - id: two\n        ask: Two?\n        core: yes\n        carry: true\n")
    one, two = (q for _, q in load_half_term(path).questions())
    assert (one.core, one.carry, two.core, two.carry) == (True, False, True, True)


@pytest.mark.parametrize(("value", "message"), [
    ("maybe", "question 'one': 'core' should be true or false, not 'maybe'"),
    ("'true'", "question 'one': 'core' should be true or false, not 'true'"),
    ("", "question 'one': 'core' is empty: write true or false after the ':'"),
    ("[a]", "question 'one': 'core' should be true or false, not a list"),
])
def test_core_must_be_true_or_false(tmp_path, value, message):
    path = write(tmp_path / "autumn-1.yaml", HEAD + Q + f"        core: {value}\n")
    (problem,) = problems_of(lambda: load_half_term(path))
    assert (problem.line, problem.message) == (7, message)


def core_questions(first: int, count: int) -> str:
    return "".join(f"      - id: q{i}\n        ask: Q{i}?\n        core: true\n"
                   for i in range(first, first + count))


def test_at_most_twelve_core_questions_a_half_term(tmp_path):
    path = write(tmp_path / "autumn-1.yaml", HEAD + core_questions(1, 12))
    assert sum(q.core for _, q in load_half_term(path).questions()) == 12
    write(path, HEAD + core_questions(1, 12) + "  - section: plan\n    questions:\n"
          + core_questions(13, 2))
    (problem,) = problems_of(lambda: load_half_term(path))
    assert problem.line == 43  # q13, the first one over
    assert problem.message == (
        "question 'q13': 14 questions in autumn-1 are marked 'core: true', at most 12 may be: "
        "keep it for the ones that matter most, and remove it from the others")


# ---------------------------------------------------------------- standing questions

STANDING = """\
sections:
  - section: standing
    questions:
      - id: ehcp-reviews
        ask: Are EHCP reviews on time?
        probes:
          - Which are due?
        core: true
        carry: false
      - id: attendance
        ask: How is attendance?
  - section: support
    questions:
      - id: supervision-check
        ask: Is supervision happening?
"""


@pytest.fixture
def standing(good) -> Path:
    """The small valid set with a standing.yaml."""
    write(good / "standing.yaml", STANDING)
    return good


def ids(half_term) -> list[tuple[str, list[str]]]:
    return [(s.slug, [q.id for q in s.questions]) for s in half_term.sections]


def test_standing_questions_open_every_half_term(standing):
    loaded = load_set(standing)
    for half_term in loaded.half_terms.values():
        first = half_term.sections[0]
        assert (first.slug, first.title) == ("standing", "Every half-term")
        assert [q.id for q in first.questions] == ["ehcp-reviews", "attendance"]
        ehcp = first.questions[0]
        assert (ehcp.probes, ehcp.core, ehcp.carry, ehcp.line) == (("Which are due?",), True,
                                                                   False, 4)
    assert ids(loaded.half_terms["autumn-1"]) == [
        ("standing", ["ehcp-reviews", "attendance"]), ("assess", ["reading-age", "year-7"]),
        ("plan", ["provision-map"]), ("support", ["supervision-check", "supervision"]),
        ("governors", ["governor-report"])]
    assert ids(loaded.half_terms["autumn-2"])[-1] == ("support", ["supervision-check"])


def test_a_half_term_changes_a_standing_question_by_writing_its_id(standing):
    path = standing / "spring-1.yaml"
    write(path, path.read_text() + "  - section: standing\n    questions:\n"
          "      - id: attendance\n        hint: Spring data are in.\n        core: true\n")
    loaded = load_set(standing)
    spring = loaded.half_terms["spring-1"]
    _, attendance = spring.question("attendance")
    assert (attendance.ask, attendance.hint, attendance.core, attendance.line) == (
        "How is attendance?", "Spring data are in.", True, 17)
    assert ids(spring)[0] == ("standing", ["ehcp-reviews", "attendance"])  # in its place
    assert loaded.half_terms["summer-1"].question("attendance")[1].hint == ""


def test_a_standing_question_written_in_another_section_moves_there(standing):
    path = standing / "summer-2.yaml"
    write(path, path.read_text().replace(
        "  - section: assess\n", "      - id: ehcp-reviews\n        ask: Next year's reviews?\n"
        "  - section: assess\n"))
    summer = load_set(standing).half_terms["summer-2"]
    assert ids(summer) == [("standing", ["attendance"]), ("assess", ["reading-age"]),
                           ("plan", ["provision-map", "ehcp-reviews"]),
                           ("support", ["supervision-check"])]
    assert summer.question("ehcp-reviews")[1].ask == "Next year's reviews?"


def test_skip_standing_leaves_a_question_out_of_one_half_term(standing):
    path = standing / "summer-1.yaml"
    write(path, path.read_text().replace(
        "sections:", "skip_standing:\n  - attendance\n  - supervision-check\nsections:"))
    loaded = load_set(standing)
    assert ids(loaded.half_terms["summer-1"]) == [
        ("standing", ["ehcp-reviews"]), ("assess", ["reading-age"]), ("plan", ["provision-map"])]
    assert loaded.half_terms["summer-2"].question("attendance") is not None


@pytest.mark.parametrize(("skip", "line", "message"), [
    ("  - atendance\n", 3, "'skip_standing': 'atendance' is not a question in standing.yaml: "
     "did you mean 'attendance'? its questions are ehcp-reviews, attendance, supervision-check"),
    ("  - provision-map\n", 3, "'skip_standing': 'provision-map' is not a question in "
     "standing.yaml"),
    ("  - Bad Id\n", 3, "'skip_standing': 'Bad Id' is not a question in standing.yaml"),
])
def test_skip_standing_problems(standing, skip, line, message):
    path = standing / "autumn-2.yaml"
    write(path, path.read_text().replace("sections:", "skip_standing:\n" + skip + "sections:"))
    (problem,) = problems_of(lambda: load_set(standing))
    assert (problem.path, problem.line) == (path, line)
    assert problem.message.startswith(message)


def test_skip_standing_and_writing_it_out_conflict(standing):
    path = standing / "autumn-2.yaml"
    write(path, "half_term: autumn-2\nskip_standing:\n  - attendance\nsections:\n"
          "  - section: do\n    questions:\n      - id: attendance\n        ask: x?\n")
    (problem,) = problems_of(lambda: load_set(standing))
    assert (problem.line, problem.message) == (3, "'skip_standing': 'attendance' is also written "
                                               "out in this file (line 7): leave it out, or "
                                               "change it here, not both")


def test_skip_standing_without_a_standing_file(good):
    path = good / "autumn-2.yaml"
    write(path, path.read_text().replace("sections:", "skip_standing: [attendance]\nsections:"))
    (problem,) = problems_of(lambda: load_set(good))
    assert problem.line == 2
    assert "but there is no standing.yaml beside this file: remove 'skip_standing'" in str(problem)


def test_core_limit_counts_the_standing_questions_kept(standing):
    path = standing / "autumn-2.yaml"
    write(path, HEAD.replace("autumn-1", "autumn-2") + core_questions(1, 12))
    (problem,) = problems_of(lambda: load_set(standing))
    assert (problem.path, problem.line) == (path, 38)  # q12: 1 standing + 11 before it
    assert problem.message.startswith("question 'q12': 13 questions in autumn-2 (1 of them in "
                                      "standing.yaml) are marked 'core: true', at most 12")
    write(path, path.read_text().replace("sections:", "skip_standing: [ehcp-reviews]\nsections:"))
    assert len(load_set(standing).half_terms["autumn-2"].questions()) == 12 + 2


def test_standing_file_problems_are_reported_once_with_their_line(standing):
    write(standing / "standing.yaml", STANDING.replace("ask: How is attendance?", "ask:")
          .replace("sections:", "half_term: autumn-1\nsections:"))
    problems = problems_of(lambda: load_set(standing))
    assert [(p.path.name, p.line, p.message.split(":")[0]) for p in problems] == [
        ("standing.yaml", 1, "unknown key 'half_term' in standing.yaml"),
        ("standing.yaml", 12, "question 'attendance'"),
    ]


def test_more_than_twelve_core_in_standing_file(standing):
    write(standing / "standing.yaml", HEAD[20:].replace("assess", "standing")
          + core_questions(1, 13))
    (problem,) = problems_of(lambda: load_set(standing))
    assert (problem.path.name, problem.line) == ("standing.yaml", 40)
    assert "13 questions in standing.yaml (so in every half-term) are marked" in problem.message


def test_a_change_to_a_broken_standing_question_is_not_reported_as_missing_its_ask(standing):
    broken = "      - id: x\n        ask: [a]\n      - id: attendance\n"
    write(standing / "standing.yaml", STANDING.replace("      - id: attendance\n", broken))
    path = standing / "autumn-2.yaml"
    write(path, path.read_text() + "  - section: standing\n    questions:\n"
          "      - id: attendance\n        hint: h\n")
    problems = problems_of(lambda: load_half_term(path))
    assert [(p.path.name, p.line) for p in problems] == [("standing.yaml", 11)]


def test_one_half_term_file_is_read_with_its_standing_file(standing, tmp_path):
    # what a meeting reads (load_for_meeting, and the app when the rest of the set is broken)
    assert ids(load_half_term(standing / "spring-2.yaml"))[0] == (
        "standing", ["ehcp-reviews", "attendance"])
    user = tmp_path / "user"
    shutil.copytree(standing, user / "good")
    title, half_term = checklist.load_for_meeting("good", "spring-2", user)
    assert (title, half_term.question("attendance")[0].slug) == ("Good school", "standing")
    write(user / "good" / "standing.yaml", "sections: []\n")
    (problem,) = problems_of(lambda: checklist.load_for_meeting("good", "spring-2", user))
    assert (problem.path, problem.line) == (user / "good" / "standing.yaml", 1)


def test_load_standing_alone(standing):
    sections = checklist.load_standing(standing / "standing.yaml")
    assert [s.slug for s in sections] == ["standing", "support"]
    write(standing / "standing.yaml", "")
    (problem,) = problems_of(lambda: checklist.load_standing(standing / "standing.yaml"))
    assert "the file is empty" in problem.message
