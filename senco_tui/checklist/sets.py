"""Finding checklist sets: the built-in ones and the user's own, by name."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from senco_tui.checklist.model import ChecklistError, ChecklistSet, HalfTerm, SetRef
from senco_tui.checklist.schema import load_half_terms, load_set, set_details
from senco_tui.errors import UserError
from senco_tui.paths import builtin_checklists


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
    """The set's title and one half-term's questions (standing.yaml merged in), reading
    only set.yaml, standing.yaml and that half-term's file.

    What one meeting needs: a mistake in another half-term's file does not stop it, and
    a broken set.yaml only costs the title (the set's name stands in). Raises UserError
    when there is no such set, ChecklistError when this half-term's file or the set's
    standing.yaml has problems.
    """
    title, found = load_for_meetings(name, [half_term], user_checklists)
    questions = found[half_term]
    if isinstance(questions, ChecklistError):
        raise questions
    return title, questions


def load_for_meetings(name: str, half_terms: Iterable[str], user_checklists: Path
                      ) -> tuple[str, dict[str, HalfTerm | ChecklistError]]:
    """load_for_meeting for several half-terms of a set (a year's), set.yaml and
    standing.yaml read once: each half-term's questions, or the ChecklistError that
    load_for_meeting would raise for it. Raises UserError when there is no such set."""
    ref = find_set(name, user_checklists)
    details = set_details(ref.path, [])
    paths = {}
    for half_term in half_terms:
        path = ref.path / f"{half_term}.yaml"
        if not path.is_file() and path.with_suffix(".yml").is_file():
            path = path.with_suffix(".yml")
        paths[half_term] = path
    found = load_half_terms(ref.path, list(paths.values()))
    return (details or {}).get("title", name), {ht: found[p] for ht, p in paths.items()}


