"""The meeting's outline as typed rows: section titles, carried items, questions."""

from __future__ import annotations

from typing import NamedTuple

from senco_tui.carry import CarryItem
from senco_tui.meeting import MeetingNotes, QuestionView
from senco_tui.tui.meeting.render import Numbered


class SectionRow(NamedTuple):
    title: str
    within: str = ""  # the block it heads a part of ("carried"), or "" for a top heading

    @property
    def id(self) -> str:
        return f"section:{self.within}:{self.title}"


class CarriedRow(NamedTuple):
    item: CarryItem

    @property
    def id(self) -> str:
        return f"carried:{self.item.key}"


class QuestionRow(NamedTuple):
    view: QuestionView
    where: Numbered

    @property
    def id(self) -> str:
        return f"q:{self.view.question.id}"


Row = SectionRow | CarriedRow | QuestionRow


def question_row_id(question_id: str) -> str:
    return f"q:{question_id}"


def outline_rows(notes: MeetingNotes) -> list[Row]:
    """Carried items first, then each section's questions, in checklist order."""
    rows: list[Row] = []
    if notes.carried:
        rows.append(SectionRow(f"Carried forward ({len(notes.carried)})"))
        group = None
        for item in notes.carried:  # grouped by section, as the session orders them
            if item.section != group:
                group = item.section
                rows.append(SectionRow(notes.section_title(group) or "Other actions",
                                       "carried"))
            rows.append(CarriedRow(item))
    section = None
    total = len(notes.questions)
    for number, view in enumerate(notes.questions, start=1):
        if view.section.slug != section:
            section = view.section.slug
            rows.append(SectionRow(view.section.title))
        rows.append(QuestionRow(view, Numbered(number, total)))
    return rows
