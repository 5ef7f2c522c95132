"""Checklist sets: plain data classes and the YAML loader/validator.

Knows YAML; knows nothing of the store or the UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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


@dataclass(frozen=True)
class Question:
    id: str
    ask: str
    probes: tuple[str, ...] = ()
    hint: str = ""
    credit: str = ""  # where the idea comes from (shown in export)
    line: int = 0  # line in its YAML file, for messages


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class HalfTerm:
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


@dataclass(frozen=True)
class ChecklistSet:
    name: str
    title: str
    phase: str
    credit: str
    path: Path
    builtin: bool
    half_terms: dict[str, HalfTerm] = field(default_factory=dict)
    shadows_builtin: bool = False  # a user set named like a built-in one (it wins)


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ChecklistError(Exception):
    """One or more problems in checklist files; str() is one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
