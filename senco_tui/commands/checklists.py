"""`senco-tui validate` and `senco-tui checklists list|copy|show` (no Textual here)."""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from senco_tui.checklist import (
    GLOSSARY_FILE,
    SET_FILE,
    STANDING_FILE,
    ChecklistError,
    ChecklistSet,
    HalfTerm,
    find_set,
    find_sets,
    is_slug,
    load_glossary,
    load_half_term,
    load_ref,
    load_set,
    load_standing,
)
from senco_tui.errors import UserError
from senco_tui.paths import Paths, builtin_checklists
from senco_tui.records import HALF_TERM_TITLES, HALF_TERMS
from senco_tui.safe_text import safe_text

# ---------------------------------------------------------------- validate


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _report(label: str, check) -> bool:
    """Run check() -> summary; print its problems or the summary. True when valid."""
    try:
        summary = check()
    except ChecklistError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{label}: {_count(len(exc.problems), 'problem')}")
        return False
    print(f"{label}: ok, {summary}")
    return True


def _set_summary(loaded: ChecklistSet) -> str:
    questions = sum(len(h.questions()) for h in loaded.half_terms.values())
    return f"{_count(len(loaded.half_terms), 'half-term')}, {_count(questions, 'question')}"


def _half_term_summary(half_term: HalfTerm) -> str:
    return f"{half_term.half_term}, {_count(len(half_term.questions()), 'question')}"


def _validate_path(path: Path) -> bool:
    if path.is_dir():
        return _report(path.name, lambda: _set_summary(load_set(path)))
    if path.name == SET_FILE or (path.name == STANDING_FILE and (path.parent / SET_FILE).is_file()):
        return _validate_path(path.parent)  # the set it belongs to: standing is merged there
    if path.name == STANDING_FILE:
        return _report(str(path), lambda: _count(
            sum(len(s.questions) for s in load_standing(path)), "standing question"))
    if path.name == GLOSSARY_FILE:
        return _report(str(path), lambda: _count(len(load_glossary(path)), "term"))
    return _report(str(path), lambda: _half_term_summary(load_half_term(path)))


def run_validate(args, paths: Paths) -> int:
    ok = True
    if args.paths:
        names = {ref.name: ref.path for ref in find_sets(paths.user_checklists)}
        for given in args.paths:
            path = Path(given)
            if not path.exists() and given in names:
                path = names[given]  # a set's name, as `checklists show` takes it
            if not path.exists():
                print(f"{given}: no such file or folder, and no checklist set of that name "
                      f"(sets: {', '.join(names) or 'none'})", file=sys.stderr)
                ok = False
                continue
            ok = _validate_path(path) and ok
        return 0 if ok else 1
    refs = find_sets(paths.user_checklists)
    if not refs:
        print(f"no checklist sets found (looked in {builtin_checklists()} and "
              f"{paths.user_checklists})", file=sys.stderr)
        return 1
    for ref in refs:
        label = f"{ref.name} (yours: {ref.path})" if not ref.builtin else ref.name
        ok = _report(label, lambda ref=ref: _set_summary(load_ref(ref))) and ok
    glossary = builtin_checklists() / GLOSSARY_FILE
    ok = _report("glossary", lambda: _count(len(load_glossary(glossary)), "term")) and ok
    return 0 if ok else 1


# ---------------------------------------------------------------- list


def run_list(args, paths: Paths) -> int:
    refs = find_sets(paths.user_checklists)
    if not refs:
        print("no checklist sets found")
        return 0
    short = ["Au1", "Au2", "Sp1", "Sp2", "Su1", "Su2"]
    rows = [["name", "phase", *short, "where"]]
    for ref in refs:
        where = "built-in" if ref.builtin else str(ref.path)
        if ref.shadows_builtin:
            where += f" (yours, used instead of the built-in '{ref.name}')"
        try:
            loaded = load_ref(ref)
        except ChecklistError as exc:
            rows.append([ref.name, "BROKEN", *[""] * 6,
                         f"{where}: {_count(len(exc.problems), 'problem')}, run "
                         f"`senco-tui validate {ref.path}`"])
            continue
        counts = [str(len(loaded.half_terms[h].questions())) for h in HALF_TERMS]
        rows.append([ref.name, loaded.phase, *counts, where])
    rows = [[safe_text(cell) for cell in row] for row in rows]  # lined up as shown
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.rjust(w) if 2 <= i < 8 else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=False))]
        print("  ".join([*cells, row[-1]]))
    return 0


# ---------------------------------------------------------------- copy


def _set_key(text: str, key: str, value: str) -> str:
    """set.yaml with its top-level `key:` set to `value`, comments and all else kept."""
    line = re.compile(rf"^{key}:[ ]*(?:'[^'\n]*'|\"[^\"\n]*\"|[^#\n]*?)(?P<rest>[ ]+#.*)?[ ]*$",
                      re.MULTILINE)
    if line.search(text):
        return line.sub(lambda m: f"{key}: {value}{m.group('rest') or ''}", text, count=1)
    return f"{key}: {value}\n{text}"


def _rename_set(text: str, new: str, title: str) -> str:
    """set.yaml named `new` and titled `title` (a copy must not look like its source)."""
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return _set_key(_set_key(text, "name", new), "title", quoted)


def run_copy(args, paths: Paths) -> int:
    new = args.new
    if not is_slug(new):
        raise UserError(f"'{new}' is not a valid set name: use lower-case letters, digits and "
                        "hyphens, like my-school")
    source = Path(args.source)
    if not (source.is_dir() and (source / SET_FILE).is_file()):
        source = find_set(args.source, paths.user_checklists).path
    title = " ".join((getattr(args, "title", None) or "").split()) or \
        new.replace("-", " ").capitalize()
    dest = paths.user_checklists / new
    if dest.exists():
        raise UserError(f"{dest} already exists: choose another name, or remove that folder first")
    paths.user_checklists.mkdir(parents=True, exist_ok=True)
    # Build the copy beside its final place, then rename: no half-made set if it fails.
    work = Path(tempfile.mkdtemp(prefix=f".{new}-", dir=paths.user_checklists))
    try:
        for file in sorted(source.iterdir()):
            if file.is_file() and not file.name.startswith("."):
                # read/write, not copy2: files from an installed package may be read-only
                (work / file.name).write_bytes(file.read_bytes())
        set_file = work / SET_FILE
        if set_file.is_file():
            text = set_file.read_text(encoding="utf-8-sig")
            set_file.write_text(_rename_set(text, new, title), encoding="utf-8")
        os.rename(work, dest)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise UserError(f"could not copy {source} to {dest}: {exc.strerror}") from None
    print(dest)
    print(f"Titled '{title}' (--title, or 'title:' in its set.yaml, changes that). Edit the "
          f"files there, then check them with: senco-tui validate {dest.name}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------- show


def _md(text: str) -> str:
    """One line of plain text that cannot start a heading."""
    flat = " ".join(text.split())
    return "\\" + flat if flat.startswith("#") else flat


def render_blank(loaded: ChecklistSet, half_terms: list[str]) -> str:
    out = [f"# {_md(loaded.title)}", ""]
    for name in half_terms:
        out += [f"## {HALF_TERM_TITLES[name]}", ""]
        for section in loaded.half_terms[name].sections:
            out += [f"### {_md(section.title)}", ""]
            for number, question in enumerate(section.questions, start=1):
                out.append(f"{number}. {_md(question.ask)}")
                out += [f"   - {_md(probe)}" for probe in question.probes]
                if question.hint:
                    out.append(f"   - *Note:* {_md(question.hint)}")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def run_show(args, paths: Paths) -> int:
    ref = find_set(args.name, paths.user_checklists)
    try:
        loaded = load_ref(ref)
    except ChecklistError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"set '{ref.name}' has {_count(len(exc.problems), 'problem')}: fix them first",
              file=sys.stderr)
        return 1
    chosen = [args.half_term] if args.half_term else list(HALF_TERMS)
    sys.stdout.write(render_blank(loaded, chosen))
    return 0
