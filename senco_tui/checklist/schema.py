"""What a checklist file must hold: half-term files and set folders, checked key by key."""

# No `from __future__ import annotations` here: the NamedTuples' field types are then
# objects, not strings typing compiles one by one as every process starts (its first
# compile() alone costs a command ~1.5 ms)

from pathlib import Path
from typing import NamedTuple

import yaml

from senco_tui.checklist.model import (
    ID_MAX,
    ID_PATTERN,
    MAX_CORE,
    SECTIONS,
    SET_FILE,
    SLUG,
    STANDING_FILE,
    ChecklistError,
    ChecklistSet,
    HalfTerm,
    Problem,
    Question,
    Section,
    by_line,
    is_slug,
)
from senco_tui.checklist.reader import Entry, Walker, close_match, compose_file, line_of
from senco_tui.records import HALF_TERMS

SET_KEYS = ("name", "title", "phase", "credit", "description")
FILE_KEYS = ("half_term", "skip_standing", "sections")
STANDING_KEYS = ("sections",)
SECTION_KEYS = ("section", "title", "questions")
QUESTION_KEYS = ("id", "ask", "probes", "hint", "credit", "core", "carry")


class Standing(NamedTuple):
    """A set's standing.yaml: questions merged into each of its half-terms."""

    path: Path
    sections: tuple[Section, ...]  # in file order
    questions: dict[str, Question]
    sound: bool  # False when the file has problems: nothing is checked against it


NO_STANDING = Standing(Path(STANDING_FILE), (), {}, sound=True)


# ---------------------------------------------------------------- half-term files


def _id_problem(value: str) -> str | None:
    if len(value) > ID_MAX:
        return f"id '{value}' is longer than {ID_MAX} characters: shorten it"
    if not SLUG.match(value):
        return (f"id '{value}' is not valid: use lower-case letters, digits and single hyphens, "
                f"like 'gcse-outcomes' (pattern {ID_PATTERN})")
    return None


def _question(w: Walker, node: yaml.Node, seen_ids: dict[str, int],
              standing: Standing) -> Question | None:
    q = w.mapping(node, "a question", QUESTION_KEYS)
    if q is None:
        return None
    qid = None
    if "id" not in q:
        w.problem(line_of(node), "this question has no 'id': add one like 'id: gcse-outcomes' "
                  "(lower-case letters, digits and hyphens)")
    else:
        qid = w.text(q["id"], "'id'", required=True)
        if qid is not None:
            bad = _id_problem(qid)
            if bad:
                w.problem(line_of(q["id"][0]), bad)
            elif qid in seen_ids:
                w.problem(line_of(q["id"][0]), f"id '{qid}' is used twice in this file (first on "
                          f"line {seen_ids[qid]}): give each question its own id")
            else:
                seen_ids[qid] = line_of(q["id"][0])
    name = f"question '{qid}'" if qid else "this question"
    # The same id as a standing question changes it for this half-term: what is not
    # written here (even the ask) is taken from standing.yaml.
    base = standing.questions.get(qid) if qid else None
    if base is None and not standing.sound and "ask" not in q:
        return None  # may be a change to a standing question we could not read
    ask = base.ask if base is not None else None
    if "ask" in q:
        ask = w.text(q["ask"], f"{name}: 'ask'", required=True, prose=True)
    elif base is None:
        w.problem(line_of(node), f"{name}: 'ask' is missing: add 'ask: <the question>'")
    probes = (w.text_list(q["probes"], f"{name}: 'probes'", f"{name}: a probe", prose=True)
              if "probes" in q else base.probes if base else ())
    hint = (w.text(q["hint"], f"{name}: 'hint'", prose=True) if "hint" in q
            else base.hint if base else "")
    credit = (w.text(q["credit"], f"{name}: 'credit'") if "credit" in q
              else base.credit if base else "")
    core = w.flag(q["core"], f"{name}: 'core'") if "core" in q else bool(base and base.core)
    carry = (w.flag(q["carry"], f"{name}: 'carry'") if "carry" in q
             else base.carry if base else True)
    if (qid is None or ask is None or probes is None or hint is None or credit is None
            or core is None or carry is None):
        return None
    return Question(id=qid, ask=ask, probes=probes, hint=hint, credit=credit, core=core,
                    carry=carry, line=line_of(node))


def _section(w: Walker, node: yaml.Node, seen_slugs: dict[str, int],
             seen_ids: dict[str, int], standing: Standing) -> Section | None:
    s = w.mapping(node, "a section", SECTION_KEYS)
    if s is None:
        return None
    slug = title = None
    if "section" not in s:
        w.problem(line_of(node), "this section has no 'section' slug: add e.g. 'section: assess' "
                  f"(known sections: {', '.join(SECTIONS)})")
    else:
        slug = w.text(s["section"], "'section'", required=True)
        where = line_of(s["section"][0])
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
            w.problem(line_of(s["title"][0]), f"section '{slug}' has a fixed title "
                      f"('{SECTIONS[slug]}'): remove 'title', or use your own slug")
    elif slug is not None:
        if "title" in s:
            title = w.text(s["title"], f"section '{slug}': 'title'", required=True)
        else:
            close = close_match(slug, SECTIONS)
            hint = f"did you mean '{close[0]}'? If not, " if close else ""
            w.problem(line_of(s["section"][0]), f"section '{slug}' is not a known section "
                      f"({', '.join(SECTIONS)}): {hint}give your own section a 'title'")
    questions = []
    if "questions" not in s:
        w.problem(line_of(node), f"section '{slug or '?'}' has no questions: add 'questions:' "
                  "with at least one question, or remove the section")
    else:
        for q_node in w.items(s["questions"], f"section '{slug or '?'}': 'questions'", "question"):
            question = _question(w, q_node, seen_ids, standing)
            if question is not None:
                questions.append(question)
    if slug is None or title is None:
        return None
    return Section(slug=slug, title=title, questions=tuple(questions))


def _sections(w: Walker, top: dict[str, Entry], root: yaml.Node,
              standing: Standing = NO_STANDING) -> list[Section]:
    """The file's sections, in file order."""
    sections: list[Section] = []
    if "sections" not in top:
        w.problem(line_of(root), "'sections' is missing: add 'sections:' with at least one section")
        return sections
    seen_slugs: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    for s_node in w.items(top["sections"], "'sections'", "section"):
        section = _section(w, s_node, seen_slugs, seen_ids, standing)
        if section is not None:
            sections.append(section)
    return sections


def _too_many_core(w: Walker, questions: list[Question], before: int, where: str) -> None:
    """One problem at the question that takes the count of core questions past MAX_CORE.

    `before`: core questions counted ahead of these (the standing ones kept).
    """
    count = before + sum(q.core for q in questions)
    if count <= MAX_CORE:
        return
    seen = before
    for q in questions:
        seen += q.core
        if q.core and seen > MAX_CORE:
            w.problem(q.line, f"question '{q.id}': {count} questions {where} are marked "
                      f"'core: true', at most {MAX_CORE} may be: keep it for the ones that "
                      "matter most, and remove it from the others")
            return


def _ordered(sections: list[Section]) -> tuple[Section, ...]:
    """Known sections in their canonical order, then the user's own in file order."""
    slugs = list(SECTIONS)
    known = sorted((s for s in sections if s.slug in SECTIONS), key=lambda s: slugs.index(s.slug))
    return tuple(known + [s for s in sections if s.slug not in SECTIONS])


def _skip_standing(w: Walker, top: dict[str, Entry], standing: Standing,
                   own: list[Section]) -> set[str]:
    """The standing question ids this half-term leaves out, each checked."""
    if "skip_standing" not in top:
        return set()
    key_line = line_of(top["skip_standing"][0])
    if not standing.questions and standing.sound:
        w.problem(key_line, f"'skip_standing' leaves out questions of the set's {STANDING_FILE}, "
                  f"but there is no {STANDING_FILE} beside this file: remove 'skip_standing'")
        return set()
    own_lines = {q.id: q.line for s in own for q in s.questions}
    skipped: set[str] = set()
    for node in w.items(top["skip_standing"], "'skip_standing'", "standing question id"):
        qid = w.text((node, node), "'skip_standing': an id", required=True)
        if qid is None or not standing.sound:
            continue
        if qid not in standing.questions:
            close = close_match(qid, standing.questions)
            hint = f"did you mean '{close[0]}'? " if close else ""
            w.problem(line_of(node), f"'skip_standing': '{qid}' is not a question in "
                      f"{STANDING_FILE}: {hint}its questions are "
                      f"{', '.join(standing.questions)}")
        elif qid in own_lines:
            w.problem(line_of(node), f"'skip_standing': '{qid}' is also written out in this file "
                      f"(line {own_lines[qid]}): leave it out, or change it here, not both")
        else:
            skipped.add(qid)
    return skipped


def _merged(own: list[Section], standing: Standing, skipped: set[str]) -> tuple[Section, ...]:
    """The half-term's own sections with the standing questions it keeps.

    Standing questions come first in their section; one the half-term writes out again
    (same id) is asked as written there, in its place when it is in the same section.
    """
    mine = {s.slug: s for s in own}
    own_ids = {q.id for s in own for q in s.questions}
    merged: list[Section] = []
    for st in standing.sections:
        here = {q.id: q for q in mine[st.slug].questions} if st.slug in mine else {}
        questions = [here.get(q.id, q) for q in st.questions
                     if q.id not in skipped and (q.id in here or q.id not in own_ids)]
        placed = {q.id for q in questions}
        questions += [q for q in here.values() if q.id not in placed]
        if questions:
            title = mine[st.slug].title if st.slug in mine else st.title
            merged.append(Section(st.slug, title, tuple(questions)))
    merged += [s for s in own if s.slug not in {st.slug for st in standing.sections}]
    return _ordered(merged)


def _half_term_file(path: Path, problems: list[Problem],
                    standing: Standing = NO_STANDING) -> tuple[HalfTerm | None, int]:
    """The half-term in one file, with `standing` merged in, and the line of its half_term
    value (0 if unknown)."""
    root = compose_file(path, problems)
    if root is False:
        return None, 0
    w = Walker(path, problems)
    if root is None:
        w.problem(1, "the file is empty: it needs 'half_term:' and 'sections:' (see "
                  "checklists/README.md)")
        return None, 0
    top = w.mapping(root, "the file", FILE_KEYS)
    if top is None:
        return None, 0
    half_term, line = None, 0
    if "half_term" not in top:
        w.problem(line_of(root), f"'half_term' is missing: add e.g. 'half_term: {HALF_TERMS[0]}' "
                  "at the top")
    else:
        half_term = w.text(top["half_term"], "'half_term'", required=True)
        line = line_of(top["half_term"][0])
        if half_term is not None and half_term not in HALF_TERMS:
            close = ([path.stem] if path.stem in HALF_TERMS
                     else close_match(half_term, HALF_TERMS))
            hint = f"did you mean '{close[0]}'? " if close else ""
            w.problem(line, f"unknown half-term '{half_term}': {hint}use one of "
                      f"{', '.join(HALF_TERMS)}")
            half_term = None
        elif half_term is not None and half_term != path.stem:
            w.problem(line, f"half_term is '{half_term}' but the file is called {path.name}: "
                      f"rename the file to {half_term}{path.suffix}, or fix 'half_term'")
    own = _sections(w, top, root, standing)
    skipped = _skip_standing(w, top, standing, own)
    if standing.sound:
        own_ids = {q.id for s in own for q in s.questions}
        kept = [q for s in standing.sections for q in s.questions
                if q.id not in skipped and q.id not in own_ids]
        where = f"in {half_term or path.stem}" + (
            f" ({sum(q.core for q in kept)} of them in {STANDING_FILE})"
            if any(q.core for q in kept) else "")
        _too_many_core(w, [q for s in own for q in s.questions], sum(q.core for q in kept), where)
    if not w.ok or half_term is None:
        return None, line
    return HalfTerm(half_term=half_term, sections=_merged(own, standing, skipped),
                    path=path), line


def _standing_file(path: Path, problems: list[Problem]) -> Standing:
    broken = Standing(path, (), {}, sound=False)
    root = compose_file(path, problems)
    if root is False:
        return broken
    w = Walker(path, problems)
    if root is None:
        w.problem(1, "the file is empty: it needs 'sections:' with the questions asked every "
                  "half-term (or delete the file)")
        return broken
    top = w.mapping(root, STANDING_FILE, STANDING_KEYS)
    if top is None:
        return broken
    sections = _sections(w, top, root)
    questions = [q for s in sections for q in s.questions]
    _too_many_core(w, questions, 0, f"in {STANDING_FILE} (so in every half-term)")
    if not w.ok:
        return broken
    return Standing(path, tuple(sections), {q.id: q for q in questions}, sound=True)


def read_standing(folder: Path, problems: list[Problem]) -> Standing:
    """The set's standing.yaml, or NO_STANDING when it has none; problems are added."""
    path = folder / STANDING_FILE
    return _standing_file(path, problems) if path.is_file() else NO_STANDING


def load_standing(path: Path) -> tuple[Section, ...]:
    """A standing.yaml on its own; raises ChecklistError listing every problem."""
    problems: list[Problem] = []
    standing = _standing_file(Path(path), problems)
    if problems:
        raise ChecklistError(by_line(problems))
    return _ordered(list(standing.sections))


def load_half_term(path: Path) -> HalfTerm:
    """One half-term file, with its set's standing.yaml (beside it) merged in.

    Raises ChecklistError listing every problem in either file.
    """
    path = Path(path)
    found = load_half_terms(path.parent, [path])[path]
    if isinstance(found, ChecklistError):
        raise found
    return found


def load_half_terms(folder: Path, paths: list[Path]) -> dict[Path, HalfTerm | ChecklistError]:
    """Half-term files of the set in `folder`, each as load_half_term gives it (or the
    ChecklistError it raises), the set's standing.yaml read once for them all."""
    standing_problems: list[Problem] = []
    standing = read_standing(Path(folder), standing_problems)
    found: dict[Path, HalfTerm | ChecklistError] = {}
    for path in paths:
        problems = list(standing_problems)
        half_term, _ = _half_term_file(path, problems, standing)
        found[path] = (ChecklistError(by_line(problems)) if problems or half_term is None
                       else half_term)
    return found


# ---------------------------------------------------------------- sets


def set_details(folder: Path, problems: list[Problem]) -> dict[str, str] | None:
    path = folder / SET_FILE
    if not path.is_file():
        problems.append(Problem(path, 0, f"{SET_FILE} is missing: every set needs one with name, "
                                "title, phase and credit (see checklists/README.md)"))
        return None
    root = compose_file(path, problems)
    if root is False:
        return None
    w = Walker(path, problems)
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
                w.problem(line_of(root), f"'{key}' is missing: add '{key}: ...'")
            continue
        value = w.text(top[key], f"'{key}'", required=key != "description")
        if value is not None:
            details[key] = value
    name = details.get("name")
    if name is not None and name != folder.name:
        w.problem(line_of(top["name"][0]), f"name is '{name}' but the folder is called "
                  f"'{folder.name}': make them the same")
    elif name is not None and not is_slug(name):
        w.problem(line_of(top["name"][0]), f"name '{name}' is not valid: use lower-case letters, "
                  "digits and hyphens, like 'my-school', for the name and the folder")
    return details if w.ok else None


def _set_files(folder: Path) -> list[Path]:
    # not only regular files: a pipe or a device in a file's place is named for what it is
    # (by compose_file, without reading it), not called missing
    files = [p for p in folder.iterdir()
             if not p.is_dir() and p.suffix.lower() in (".yaml", ".yml")
             and p.name not in (SET_FILE, STANDING_FILE)]

    def order(p: Path) -> tuple[int, str]:
        return (HALF_TERMS.index(p.stem) if p.stem in HALF_TERMS else len(HALF_TERMS), p.name)

    return sorted(files, key=order)


def load_set(path: Path, *, builtin: bool = False) -> ChecklistSet:
    """A set folder: set.yaml, one file per half-term, and standing.yaml if it has one.

    Raises ChecklistError listing every problem in the set.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise ChecklistError([Problem(folder, 0, "not a folder: a checklist set is a folder "
                                      f"holding {SET_FILE} and one file per half-term")])
    problems: list[Problem] = []
    details = set_details(folder, problems)
    standing = read_standing(folder, problems)
    half_terms: dict[str, HalfTerm] = {}
    where: dict[str, Path] = {}
    for file in _set_files(folder):
        half_term, line = _half_term_file(file, problems, standing)
        if file.stem in HALF_TERMS:
            where.setdefault(file.stem, file)
        if half_term is None:
            continue
        name = half_term.half_term
        if name in half_terms:
            problems.append(Problem(file, line, f"half-term '{name}' is also in "
                                    f"{where[name].name}: keep one file per half-term"))
            continue
        half_terms[name] = half_term
        where.setdefault(name, file)
    for name in HALF_TERMS:
        if name not in where:
            problems.append(Problem(folder / f"{name}.yaml", 0, "this half-term's file is "
                                    f"missing: a set needs all six ({', '.join(HALF_TERMS)}); "
                                    "copy another half-term's file and change 'half_term'"))
    if problems or details is None:
        raise ChecklistError(by_line(problems))
    return ChecklistSet(
        name=details["name"], title=details["title"], phase=details["phase"],
        credit=details["credit"], path=folder, builtin=builtin,
        half_terms={name: half_terms[name] for name in HALF_TERMS},
    )


