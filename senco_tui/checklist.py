"""Checklist sets: plain data classes and the YAML loader/validator.

Knows YAML; knows nothing of the store or the UI.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import yaml

from senco_tui.errors import UserError
from senco_tui.paths import builtin_checklists
from senco_tui.records import HALF_TERMS

# Known section slugs, in the order they are shown, with their canonical titles.
SECTIONS = {
    "assess": "Assess",
    "plan": "Plan",
    "do": "Do",
    "review": "Review",
    "transition": "Transition",
    "exams": "Exams",
    "wellbeing": "SENDCo development and wellbeing",
    "research": "Keeping up with research and policy",
    "support": "Supporting the SENCo",
}


class Question(NamedTuple):
    id: str
    ask: str
    probes: tuple[str, ...] = ()
    hint: str = ""
    credit: str = ""  # where the idea comes from (shown in export)
    line: int = 0  # line in its YAML file, for messages


class Section(NamedTuple):
    slug: str
    title: str
    questions: tuple[Question, ...]


class HalfTerm(NamedTuple):
    half_term: str
    sections: tuple[Section, ...]
    path: Path | None = None

    def questions(self) -> list[tuple[Section, Question]]:
        return [(s, q) for s in self.sections for q in s.questions]

    def question(self, question_id: str) -> tuple[Section, Question] | None:
        for s, q in self.questions():
            if q.id == question_id:
                return s, q
        return None


class ChecklistSet(NamedTuple):
    name: str
    title: str
    phase: str
    credit: str
    path: Path
    builtin: bool
    half_terms: dict[str, HalfTerm]
    shadows_builtin: bool = False  # a user set named like a built-in one (it wins)


class Problem(NamedTuple):
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        if not self.line:  # about a whole file or folder (e.g. a missing one)
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class ChecklistError(UserError):
    """One or more problems in checklist files; str() is one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class SetRef(NamedTuple):
    """A checklist set found on disk, not yet loaded."""

    name: str
    path: Path
    builtin: bool
    shadows_builtin: bool = False


def _close_match(word: str, options) -> list[str]:
    import difflib  # only when a file has a mistake: keeps start-up fast

    return difflib.get_close_matches(word, options, n=1)


class Glossary(dict):
    """term -> meaning, plus `aliases` (other spellings -> term) for acronyms_in."""

    def __init__(self, meanings: dict[str, str], aliases: dict[str, str] | None = None):
        super().__init__(meanings)
        self.aliases = dict(aliases or {})


MAX_BYTES = 1024 * 1024
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX = 60
_SLUG = re.compile(ID_PATTERN)
SET_FILE = "set.yaml"
GLOSSARY_FILE = "glossary.yaml"

SET_KEYS = ("name", "title", "phase", "credit", "description")
FILE_KEYS = ("half_term", "sections")
SECTION_KEYS = ("section", "title", "questions")
QUESTION_KEYS = ("id", "ask", "probes", "hint", "credit")
GLOSSARY_KEYS = ("terms",)
TERM_KEYS = ("term", "meaning", "aliases")

_QUOTE_TIP = "if the text contains ': ' or starts with a quote, put the whole text in quotes"


def is_slug(text: str) -> bool:
    return bool(_SLUG.match(text)) and len(text) <= ID_MAX


# ---------------------------------------------------------------- reading YAML


class _Refused(Exception):
    def __init__(self, mark, message: str):
        self.line = mark.line + 1
        self.message = message


def _refuse(event) -> None:
    """Refuse anchors, aliases and tags: PyYAML expands aliases without limit."""
    mark = event.start_mark
    if isinstance(event, yaml.AliasEvent):
        raise _Refused(mark, f"'*{event.anchor}' is a YAML alias, which checklists do not "
                       "allow: write the text out in full")
    if getattr(event, "anchor", None):
        raise _Refused(mark, f"'&{event.anchor}' is a YAML anchor, which checklists do not "
                       "allow: remove it and write repeated text out in full")
    if getattr(event, "tag", None) is not None:
        tag = event.tag.replace("tag:yaml.org,2002:", "!!")
        raise _Refused(mark, f"'{tag}' is a YAML tag, which checklists do not allow: "
                       "remove it (put text in quotes if it needs them)")


class _StrictLoader(yaml.SafeLoader):
    """Composes nodes, refusing anchors, aliases and tags before anything is built."""

    def compose_node(self, parent, index):
        _refuse(self.peek_event())
        return super().compose_node(parent, index)


def _compose_fast(text: str) -> yaml.Node | None:
    """libyaml's parser, about ten times faster, for files that turn out to be valid.

    Events are checked first, so an alias is refused before the composer could expand it.
    Any error falls back to the pure-Python path, whose messages and marks we explain.
    """
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        _refuse(event)
    return yaml.compose(text, Loader=yaml.CSafeLoader)


# PyYAML's wording (matched by its start) -> plain words for someone editing by hand.
_SYNTAX = {
    "mapping values are not allowed": "a ': ' where it is not expected: "
    + _QUOTE_TIP + "; otherwise check the indentation of this line and the one above",
    "could not find expected ':'": "this line has no ':' after its key: write it as "
    "'key: value' (for example 'ask: Is it in place?'), or '- ' for a list item",
    "found character that cannot start any token": "this line starts with a character YAML "
    "reserves (` @ % or |): put the text in quotes",
    "expected <block end>": "this line is indented differently from the lines around it: "
    "line it up with the other keys of the same question or list",
    "found unexpected end of stream": "a quote that opens on this line is not closed",
    "expected a single document in the stream": "remove the second '---' line",
}


def _friendly(context: str | None, problem: str | None) -> str:
    """A syntax error in plain words: no parser jargon for a teacher editing by hand."""
    for start, advice in _SYNTAX.items():
        if (problem or "").startswith(start) or (context or "").startswith(start):
            return f"YAML syntax: {advice}"
    return ("YAML syntax: this line does not fit the layout around it: check its indentation, "
            "that it is 'key: value' or '- item', and that quotes are closed")


def _compose(path: Path, problems: list[Problem]) -> yaml.Node | None | bool:
    """The file's node tree, None for an empty file, False when it could not be read."""

    def fail(line: int, message: str) -> bool:
        problems.append(Problem(path, line, message))
        return False

    try:
        size = path.stat().st_size
    except OSError as exc:
        return fail(0, f"cannot read this file: {exc.strerror}")
    if size > MAX_BYTES:
        return fail(1, f"the file is {size // 1024} KB, over the 1 MB limit for a checklist file: "
                    "is this the right file?")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return fail(0, f"cannot read this file: {exc.strerror}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return fail(line, f"byte 0x{raw[exc.start]:02x} is not UTF-8 text: save the file as "
                    "UTF-8 (in most editors: Save As, Encoding: UTF-8)")
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        return fail(line, "this line has a tab character: YAML needs spaces, so replace the tab "
                    "with spaces")
    if getattr(yaml, "__with_libyaml__", False):
        try:
            return _compose_fast(text)
        except yaml.YAMLError:
            pass  # explained below by the pure-Python parser
        except _Refused as exc:
            return fail(exc.line, exc.message)
    try:
        return yaml.compose(text, Loader=_StrictLoader)
    except _Refused as exc:
        return fail(exc.line, exc.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # where the unclosed quote opens, or the key missing its ':', not the line after
        if exc.context_mark and (exc.context or "").startswith(
                ("while scanning a quoted", "while scanning a simple key")):
            mark = exc.context_mark
        line = mark.line + 1 if mark else 1
        return fail(line, _friendly(exc.context, exc.problem))
    except yaml.YAMLError as exc:  # e.g. ReaderError: a control character
        position = getattr(exc, "position", 0)
        return fail(text[:position].count("\n") + 1,
                    f"not valid YAML ({exc}): remove the unusual character on this line")


# ---------------------------------------------------------------- walking nodes


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a set of 'key: value' lines"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "text"


class _Walker:
    """Reads a node tree into plain values, collecting problems for one file."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.path = path
        self.problems = problems
        self.ok = True
        self._lines: list[str] | None = None  # the file's text, read only when needed

    def problem(self, line: int, message: str) -> None:
        self.ok = False
        self.problems.append(Problem(self.path, line, message))

    def mapping(self, node, what: str, allowed: tuple[str, ...]):
        """{key: (key_node, value_node)}, or None when node is not a mapping."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(_line(node), f"{what} should be 'key: value' lines, but this is "
                         f"{_kind(node)}: check the indentation and the ':' after each key")
            return None
        found: dict[str, tuple] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(_line(key_node), f"a key in {what} is {_kind(key_node)}: "
                             "keys are single words like 'ask'")
                continue
            key = key_node.value
            if key in found:
                first = _line(found[key][0])
                self.problem(_line(key_node), f"'{key}' appears twice in {what} (first on line "
                             f"{first}): keep one")
                continue
            if key not in allowed:
                close = _close_match(key, allowed)
                hint = f"did you mean '{close[0]}'? " if close else ""
                self.problem(_line(key_node), f"unknown key '{key}' in {what}: {hint}"
                             f"the allowed keys are {', '.join(allowed)}")
                continue
            found[key] = (key_node, value_node)
        return found

    def text(self, entry, what: str, required: bool = False,
             prose: bool = False) -> str | None:
        """A text value (numbers and yes/no are read as the text written); None if wrong.

        prose: a sentence (a question, probe or hint), where an unquoted '#' is far more
        likely part of it ("our #1 priority") than the start of a YAML comment.
        """
        key_node, node = entry
        if not isinstance(node, yaml.ScalarNode):
            self.problem(_line(key_node), f"{what} should be text, but it is {_kind(node)}")
            return None
        value = "" if node.tag == "tag:yaml.org,2002:null" else node.value.strip()
        if required and not value:
            self.problem(_line(key_node), f"{what} is empty: write the text after the ':'")
            return None
        if prose and not node.style and self._comment_after(node):  # plain: not quoted
            self.problem(node.end_mark.line + 1, f"{what}: the text after '#' was read as a "
                         "YAML comment and left out; if it is part of the text, put the whole "
                         "text in quotes (\"...\")")
            return None
        return value

    def _comment_after(self, node) -> bool:
        if self._lines is None:
            self._lines = self.path.read_text(encoding="utf-8-sig").split("\n")
        line = node.end_mark.line
        rest = self._lines[line][node.end_mark.column:] if line < len(self._lines) else ""
        return rest.lstrip().startswith("#")

    def text_list(self, entry, what: str, item_what: str,
                  prose: bool = False) -> tuple[str, ...] | None:
        key_node, node = entry
        if not isinstance(node, yaml.SequenceNode):
            self.problem(_line(key_node), f"{what} should be a list, each item on its own line "
                         "starting with '- '")
            return None
        items = []
        for item in node.value:
            if isinstance(item, yaml.MappingNode):
                self.problem(_line(item), f"{item_what} is 'key: value' instead of text: "
                             f"{_QUOTE_TIP}")
                continue
            value = self.text((item, item), item_what, required=True, prose=prose)
            if value is not None:
                items.append(value)
        return tuple(items)

    def items(self, entry, what: str, item_name: str) -> list:
        """The nodes of a non-empty list."""
        key_node, node = entry
        if not isinstance(node, yaml.SequenceNode):
            if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
                self.problem(_line(key_node), f"{what} is empty: add at least one {item_name}")
            else:
                self.problem(_line(key_node), f"{what} should be a list, each {item_name} "
                             "starting with '- '")
            return []
        if not node.value:
            self.problem(_line(key_node), f"{what} is empty: add at least one {item_name}")
        return list(node.value)


# ---------------------------------------------------------------- half-term files


def _id_problem(value: str) -> str | None:
    if len(value) > ID_MAX:
        return f"id '{value}' is longer than {ID_MAX} characters: shorten it"
    if not _SLUG.match(value):
        return (f"id '{value}' is not valid: use lower-case letters, digits and single hyphens, "
                f"like 'gcse-outcomes' (pattern {ID_PATTERN})")
    return None


def _question(w: _Walker, node, slug: str, seen_ids: dict[str, int]) -> Question | None:
    q = w.mapping(node, "a question", QUESTION_KEYS)
    if q is None:
        return None
    qid = None
    if "id" not in q:
        w.problem(_line(node), "this question has no 'id': add one like 'id: gcse-outcomes' "
                  "(lower-case letters, digits and hyphens)")
    else:
        qid = w.text(q["id"], "'id'", required=True)
        if qid is not None:
            bad = _id_problem(qid)
            if bad:
                w.problem(_line(q["id"][0]), bad)
            elif qid in seen_ids:
                w.problem(_line(q["id"][0]), f"id '{qid}' is used twice in this file (first on "
                          f"line {seen_ids[qid]}): give each question its own id")
            else:
                seen_ids[qid] = _line(q["id"][0])
    name = f"question '{qid}'" if qid else "this question"
    ask = None
    if "ask" not in q:
        w.problem(_line(node), f"{name}: 'ask' is missing: add 'ask: <the question>'")
    else:
        ask = w.text(q["ask"], f"{name}: 'ask'", required=True, prose=True)
    probes = (w.text_list(q["probes"], f"{name}: 'probes'", f"{name}: a probe", prose=True)
              if "probes" in q else ())
    hint = w.text(q["hint"], f"{name}: 'hint'", prose=True) if "hint" in q else ""
    credit = w.text(q["credit"], f"{name}: 'credit'") if "credit" in q else ""
    if None in (qid, ask, probes, hint, credit):
        return None
    return Question(id=qid, ask=ask, probes=probes, hint=hint, credit=credit, line=_line(node))


def _section(w: _Walker, node, seen_slugs: dict[str, int],
             seen_ids: dict[str, int]) -> Section | None:
    s = w.mapping(node, "a section", SECTION_KEYS)
    if s is None:
        return None
    slug = title = None
    if "section" not in s:
        w.problem(_line(node), "this section has no 'section' slug: add e.g. 'section: assess' "
                  f"(known sections: {', '.join(SECTIONS)})")
    else:
        slug = w.text(s["section"], "'section'", required=True)
        where = _line(s["section"][0])
        if slug is not None and not is_slug(slug):
            w.problem(where, f"section '{slug}' is not valid: use lower-case letters, digits and "
                      f"single hyphens (pattern {ID_PATTERN})")
            slug = None
        elif slug in seen_slugs:
            w.problem(where, f"section '{slug}' appears twice in this file (first on line "
                      f"{seen_slugs[slug]}): put all its questions under one")
            slug = None
        elif slug is not None:
            seen_slugs[slug] = where
    if slug in SECTIONS:
        title = SECTIONS[slug]
        if "title" in s:
            w.problem(_line(s["title"][0]), f"section '{slug}' has a fixed title "
                      f"('{SECTIONS[slug]}'): remove 'title', or use your own slug")
    elif slug is not None:
        if "title" in s:
            title = w.text(s["title"], f"section '{slug}': 'title'", required=True)
        else:
            close = _close_match(slug, SECTIONS)
            hint = f"did you mean '{close[0]}'? If not, " if close else ""
            w.problem(_line(s["section"][0]), f"section '{slug}' is not a known section "
                      f"({', '.join(SECTIONS)}): {hint}give your own section a 'title'")
    questions = []
    if "questions" not in s:
        w.problem(_line(node), f"section '{slug or '?'}' has no questions: add 'questions:' "
                  "with at least one question, or remove the section")
    else:
        for q_node in w.items(s["questions"], f"section '{slug or '?'}': 'questions'", "question"):
            question = _question(w, q_node, slug or "", seen_ids)
            if question is not None:
                questions.append(question)
    if slug is None or title is None:
        return None
    return Section(slug=slug, title=title, questions=tuple(questions))


def _ordered(sections: list[Section]) -> tuple[Section, ...]:
    """Known sections in their canonical order, then the user's own in file order."""
    slugs = list(SECTIONS)
    known = sorted((s for s in sections if s.slug in SECTIONS), key=lambda s: slugs.index(s.slug))
    return tuple(known + [s for s in sections if s.slug not in SECTIONS])


def _half_term_file(path: Path, problems: list[Problem]) -> tuple[HalfTerm | None, int]:
    """The half-term in one file and the line of its half_term value (0 if unknown)."""
    root = _compose(path, problems)
    if root is False:
        return None, 0
    w = _Walker(path, problems)
    if root is None:
        w.problem(1, "the file is empty: it needs 'half_term:' and 'sections:' (see "
                  "checklists/README.md)")
        return None, 0
    top = w.mapping(root, "the file", FILE_KEYS)
    if top is None:
        return None, 0
    half_term, line = None, 0
    if "half_term" not in top:
        w.problem(_line(root), f"'half_term' is missing: add e.g. 'half_term: {HALF_TERMS[0]}' "
                  "at the top")
    else:
        half_term = w.text(top["half_term"], "'half_term'", required=True)
        line = _line(top["half_term"][0])
        if half_term is not None and half_term not in HALF_TERMS:
            close = ([path.stem] if path.stem in HALF_TERMS
                     else _close_match(half_term, HALF_TERMS))
            hint = f"did you mean '{close[0]}'? " if close else ""
            w.problem(line, f"unknown half-term '{half_term}': {hint}use one of "
                      f"{', '.join(HALF_TERMS)}")
            half_term = None
        elif half_term is not None and half_term != path.stem:
            w.problem(line, f"half_term is '{half_term}' but the file is called {path.name}: "
                      f"rename the file to {half_term}{path.suffix}, or fix 'half_term'")
    sections: list[Section] = []
    if "sections" not in top:
        w.problem(_line(root), "'sections' is missing: add 'sections:' with at least one section")
    else:
        seen_slugs: dict[str, int] = {}
        seen_ids: dict[str, int] = {}
        for s_node in w.items(top["sections"], "'sections'", "section"):
            section = _section(w, s_node, seen_slugs, seen_ids)
            if section is not None:
                sections.append(section)
    if not w.ok or half_term is None:
        return None, line
    return HalfTerm(half_term=half_term, sections=_ordered(sections), path=path), line


def load_half_term(path: Path) -> HalfTerm:
    """One half-term file on its own; raises ChecklistError listing every problem."""
    problems: list[Problem] = []
    half_term, _ = _half_term_file(Path(path), problems)
    if problems or half_term is None:
        raise ChecklistError(_by_line(problems))
    return half_term


def _by_line(problems: list[Problem]) -> list[Problem]:
    """Each file's problems in line order; files stay in the order they were read."""
    order = {p.path: i for i, p in reversed(list(enumerate(problems)))}
    return sorted(problems, key=lambda p: (order[p.path], p.line))


# ---------------------------------------------------------------- sets


def _set_details(folder: Path, problems: list[Problem]) -> dict[str, str] | None:
    path = folder / SET_FILE
    if not path.is_file():
        problems.append(Problem(path, 0, f"{SET_FILE} is missing: every set needs one with name, "
                                "title, phase and credit (see checklists/README.md)"))
        return None
    root = _compose(path, problems)
    if root is False:
        return None
    w = _Walker(path, problems)
    if root is None:
        w.problem(1, "the file is empty: it needs name, title, phase and credit")
        return None
    top = w.mapping(root, SET_FILE, SET_KEYS)
    if top is None:
        return None
    details = {}
    for key in SET_KEYS:
        if key not in top:
            if key != "description":
                w.problem(_line(root), f"'{key}' is missing: add '{key}: ...'")
            continue
        value = w.text(top[key], f"'{key}'", required=key != "description")
        if value is not None:
            details[key] = value
    name = details.get("name")
    if name is not None and name != folder.name:
        w.problem(_line(top["name"][0]), f"name is '{name}' but the folder is called "
                  f"'{folder.name}': make them the same")
    elif name is not None and not is_slug(name):
        w.problem(_line(top["name"][0]), f"name '{name}' is not valid: use lower-case letters, "
                  "digits and hyphens, like 'my-school', for the name and the folder")
    return details if w.ok else None


def _set_files(folder: Path) -> list[Path]:
    files = [p for p in folder.iterdir()
             if p.is_file() and p.suffix.lower() in (".yaml", ".yml") and p.name != SET_FILE]

    def order(p: Path):
        return (HALF_TERMS.index(p.stem) if p.stem in HALF_TERMS else len(HALF_TERMS), p.name)

    return sorted(files, key=order)


def load_set(path: Path, *, builtin: bool = False) -> ChecklistSet:
    """A set folder: set.yaml and one file per half-term.

    Raises ChecklistError listing every problem in the set.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise ChecklistError([Problem(folder, 0, "not a folder: a checklist set is a folder "
                                      f"holding {SET_FILE} and one file per half-term")])
    problems: list[Problem] = []
    details = _set_details(folder, problems)
    half_terms: dict[str, HalfTerm] = {}
    where: dict[str, Path] = {}
    for file in _set_files(folder):
        half_term, line = _half_term_file(file, problems)
        if file.stem in HALF_TERMS:
            where.setdefault(file.stem, file)
        if half_term is None:
            continue
        name = half_term.half_term
        if name in half_terms:
            problems.append(Problem(file, line, f"half-term '{name}' is also in "
                                    f"{half_terms[name].path.name}: keep one file per half-term"))
            continue
        half_terms[name] = half_term
        where.setdefault(name, file)
    for name in HALF_TERMS:
        if name not in where:
            problems.append(Problem(folder / f"{name}.yaml", 0, "this half-term's file is "
                                    f"missing: a set needs all six ({', '.join(HALF_TERMS)}); "
                                    "copy another half-term's file and change 'half_term'"))
    if problems or details is None:
        raise ChecklistError(_by_line(problems))
    return ChecklistSet(
        name=details["name"], title=details["title"], phase=details["phase"],
        credit=details["credit"], path=folder, builtin=builtin,
        half_terms={name: half_terms[name] for name in HALF_TERMS},
    )


def _set_folders(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir()
                  if p.is_dir() and not p.name.startswith((".", "_")))


def find_sets(config_dir_checklists: Path) -> list[SetRef]:
    """Built-in and user sets, by name; a user set named like a built-in one replaces it."""
    builtin = {p.name: p for p in _set_folders(builtin_checklists())}
    found = {name: SetRef(name, p, builtin=True) for name, p in builtin.items()}
    for p in _set_folders(Path(config_dir_checklists)):
        found[p.name] = SetRef(p.name, p, builtin=False, shadows_builtin=p.name in builtin)
    return [found[name] for name in sorted(found)]


def find_set(name: str, user_checklists: Path) -> SetRef:
    refs = find_sets(user_checklists)
    for ref in refs:
        if ref.name == name:
            return ref
    names = ", ".join(r.name for r in refs) or "none"
    raise UserError(f"no checklist set called '{name}' (sets: {names}); "
                    "see `senco-tui checklists list`")


def load_ref(ref: SetRef) -> ChecklistSet:
    loaded = load_set(ref.path, builtin=ref.builtin)
    return loaded._replace(shadows_builtin=ref.shadows_builtin)


def load_named_set(name: str, user_checklists: Path) -> ChecklistSet:
    """The set called `name`: the user's own if there is one, else the built-in one."""
    return load_ref(find_set(name, user_checklists))


def load_for_meeting(name: str, half_term: str, user_checklists: Path) -> tuple[str, HalfTerm]:
    """The set's title and one half-term's questions, reading only those two files.

    What one meeting needs: a mistake in another half-term's file does not stop it, and
    a broken set.yaml only costs the title (the set's name stands in). Raises UserError
    when there is no such set, ChecklistError when this half-term's file has problems.
    """
    ref = find_set(name, user_checklists)
    details = _set_details(ref.path, [])
    path = ref.path / f"{half_term}.yaml"
    if not path.is_file() and path.with_suffix(".yml").is_file():
        path = path.with_suffix(".yml")
    return (details or {}).get("title", name), load_half_term(path)


# ---------------------------------------------------------------- glossary


def load_glossary(path: Path | None = None) -> Glossary:
    """term -> meaning (a dict), with `.aliases`; raises ChecklistError."""
    path = Path(path) if path is not None else builtin_checklists() / GLOSSARY_FILE
    problems: list[Problem] = []
    root = _compose(path, problems)
    w = _Walker(path, problems)
    meanings: dict[str, str] = {}
    aliases: dict[str, str] = {}
    lines: dict[str, int] = {}
    if root is None:
        w.problem(1, "the file is empty: it needs 'terms:' with a list of term and meaning")
    elif root is not False:
        top = w.mapping(root, "the glossary", GLOSSARY_KEYS)
        if top is not None and "terms" not in top:
            w.problem(_line(root), "'terms' is missing: add 'terms:' with a list of term and "
                      "meaning")
        elif top is not None:
            for node in w.items(top["terms"], "'terms'", "term"):
                t = w.mapping(node, "a glossary term", TERM_KEYS)
                if t is None:
                    continue
                for key in ("term", "meaning"):
                    if key not in t:
                        w.problem(_line(node), f"'{key}' is missing from this glossary entry")
                term = w.text(t["term"], "'term'", required=True) if "term" in t else None
                meaning = (w.text(t["meaning"], f"'{term}': 'meaning'", required=True)
                           if "meaning" in t else None)
                others = (w.text_list(t["aliases"], f"'{term}': 'aliases'", f"'{term}': an alias")
                          if "aliases" in t else ())
                if term is None or meaning is None or others is None:
                    continue
                for spelling in (term, *others):
                    if spelling in lines:
                        w.problem(_line(node), f"'{spelling}' is already in the glossary (line "
                                  f"{lines[spelling]}): keep one entry")
                    lines[spelling] = _line(node)
                meanings[term] = meaning
                aliases.update((other, term) for other in others)
    if problems:
        raise ChecklistError(_by_line(problems))
    return Glossary(meanings, aliases)


def _is_acronym(term: str) -> bool:
    """EHCP, KS2, SENDCo, CoP, K: one word with capitals (matched exactly as written)."""
    capitals = sum(c.isupper() for c in term)
    return " " not in term and (capitals >= 2 or term.isupper())


def _alternation(spellings: list[str]) -> str:
    # longest first, so "SENDCo" wins over "SEND" and "SEN support" over "SEN"
    return "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))


def acronyms_in(text: str, glossary: dict[str, str]) -> list[tuple[str, str]]:
    """(term, meaning) for each glossary term (or alias) in text, in order of first use.

    An acronym matches as written, and its plural (EHCPs, TAs); a phrase ignores case.
    One combined pattern per kind keeps this a single pass over long notes.
    """
    spellings = {term: term for term in glossary}
    spellings.update(getattr(glossary, "aliases", {}))
    acronyms = [s for s in spellings if _is_acronym(s)]
    phrases = {s.casefold(): term for s, term in spellings.items() if not _is_acronym(s)}
    first: dict[str, int] = {}

    def note(term: str, at: int) -> None:
        if term not in first or at < first[term]:
            first[term] = at

    if acronyms:
        pattern = re.compile(rf"(?<![\w&])({_alternation(acronyms)})s?(?![\w&])")
        for found in pattern.finditer(text):
            note(spellings[found.group(1)], found.start())
    if phrases:
        pattern = re.compile(rf"(?<!\w)({_alternation(list(phrases))})(?!\w)", re.IGNORECASE)
        for found in pattern.finditer(text):
            note(phrases[found.group(1).casefold()], found.start())
    return [(term, glossary[term]) for term in sorted(first, key=lambda t: (first[t], t))]
