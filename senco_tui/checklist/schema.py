"""What a checklist file must hold: half-term files and set folders, checked key by key."""

from __future__ import annotations

from pathlib import Path

import yaml

from senco_tui.checklist.model import (
    ID_MAX,
    ID_PATTERN,
    SECTIONS,
    SET_FILE,
    SLUG,
    ChecklistError,
    ChecklistSet,
    HalfTerm,
    Problem,
    Question,
    Section,
    by_line,
    is_slug,
)
from senco_tui.checklist.reader import Walker, close_match, compose_file, line_of
from senco_tui.records import HALF_TERMS

SET_KEYS = ("name", "title", "phase", "credit", "description")
FILE_KEYS = ("half_term", "sections")
SECTION_KEYS = ("section", "title", "questions")
QUESTION_KEYS = ("id", "ask", "probes", "hint", "credit")


# ---------------------------------------------------------------- half-term files


def _id_problem(value: str) -> str | None:
    if len(value) > ID_MAX:
        return f"id '{value}' is longer than {ID_MAX} characters: shorten it"
    if not SLUG.match(value):
        return (f"id '{value}' is not valid: use lower-case letters, digits and single hyphens, "
                f"like 'gcse-outcomes' (pattern {ID_PATTERN})")
    return None


def _question(w: Walker, node: yaml.Node, slug: str,
              seen_ids: dict[str, int]) -> Question | None:
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
    ask = None
    if "ask" not in q:
        w.problem(line_of(node), f"{name}: 'ask' is missing: add 'ask: <the question>'")
    else:
        ask = w.text(q["ask"], f"{name}: 'ask'", required=True, prose=True)
    probes = (w.text_list(q["probes"], f"{name}: 'probes'", f"{name}: a probe", prose=True)
              if "probes" in q else ())
    hint = w.text(q["hint"], f"{name}: 'hint'", prose=True) if "hint" in q else ""
    credit = w.text(q["credit"], f"{name}: 'credit'") if "credit" in q else ""
    if qid is None or ask is None or probes is None or hint is None or credit is None:
        return None
    return Question(id=qid, ask=ask, probes=probes, hint=hint, credit=credit, line=line_of(node))


def _section(w: Walker, node: yaml.Node, seen_slugs: dict[str, int],
             seen_ids: dict[str, int]) -> Section | None:
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
    sections: list[Section] = []
    if "sections" not in top:
        w.problem(line_of(root), "'sections' is missing: add 'sections:' with at least one section")
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
        raise ChecklistError(by_line(problems))
    return half_term



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
    files = [p for p in folder.iterdir()
             if p.is_file() and p.suffix.lower() in (".yaml", ".yml") and p.name != SET_FILE]

    def order(p: Path) -> tuple[int, str]:
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
    details = set_details(folder, problems)
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


