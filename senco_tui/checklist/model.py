"""Checklist data: sections, questions, half-terms, sets, and the problems found in them.

Plain typed tuples: no YAML, no store, no UI.
"""

# No `from __future__ import annotations` here: the NamedTuples' field types are then
# objects, not strings typing compiles one by one as every process starts (a few ms)

import re
from pathlib import Path
from typing import NamedTuple

from senco_tui.errors import UserError

# Known section slugs, in the order they are shown, with their canonical titles.
# `standing` first: the statutory checks asked every half-term open the meeting, as
# standing items open any agenda, so they are never the ones squeezed out at the end.
SECTIONS = {
    "standing": "Every half-term",
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
    core: bool = False  # one of the few that matter most this half-term
    carry: bool = True  # False: never carried forward, whatever its status
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


MAX_BYTES = 1024 * 1024
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX = 60
SLUG = re.compile(ID_PATTERN)
SET_FILE = "set.yaml"
STANDING_FILE = "standing.yaml"  # questions merged into every half-term of its set
MAX_CORE = 12  # core questions a half-term may have: what fits in an hour
GLOSSARY_FILE = "glossary.yaml"


def is_slug(text: str) -> bool:
    return bool(SLUG.match(text)) and len(text) <= ID_MAX


def by_line(problems: list[Problem]) -> list[Problem]:
    """Each file's problems in line order; files stay in the order they were read."""
    order = {p.path: i for i, p in reversed(list(enumerate(problems)))}
    return sorted(problems, key=lambda p: (order[p.path], p.line))

