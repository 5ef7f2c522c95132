"""The meeting service: what the app, the CLI and export ask for.

Assembles store records, the checklist and the carry-forward rules into plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from senco_tui.carry import CarryItem
from senco_tui.checklist import Question, Section
from senco_tui.records import Action, Answer, Meeting, Senco


@dataclass(frozen=True)
class QuestionView:
    section: Section
    question: Question
    answer: Answer | None
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class MeetingNotes:
    senco: Senco
    meeting: Meeting
    checklist_title: str
    questions: tuple[QuestionView, ...]  # checklist order
    carried: tuple[CarryItem, ...]  # carried into this meeting, with what was decided
    actions: tuple[Action, ...]  # every action agreed in this meeting
    still_open: tuple[CarryItem, ...]  # what will carry into the next meeting
    today: date
    glossary: dict[str, str] = field(default_factory=dict)
