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


class FoldRow(NamedTuple):
    """Where the questions beyond the core ones are folded away ("If there is time")."""

    hidden: int  # questions folded under it (0 once unfolded)
    more: int  # questions beyond the core ones

    @property
    def id(self) -> str:
        return "fold"


Row = SectionRow | CarriedRow | QuestionRow | FoldRow


def question_row_id(question_id: str) -> str:
    return f"q:{question_id}"


def outline_rows(notes: MeetingNotes, unfolded: bool = False) -> list[Row]:
    """Carried items first, then each section's questions, in checklist order.

    When the half-term marks questions as core, those come first (by section) and the
    others follow under "If there is time", folded away unless `unfolded`.
    """
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
    core = [v for v in notes.questions if v.core]
    rest = [v for v in notes.questions if not v.core] if core else list(notes.questions)
    total = len(notes.questions)
    rows.extend(_by_section(core, 1, total))
    if core and rest:
        rows.append(FoldRow(0 if unfolded else len(rest), len(rest)))
        if unfolded:
            rows.extend(_by_section(rest, len(core) + 1, total, "more"))
    elif not core:
        rows.extend(_by_section(rest, 1, total))
    return rows


def _by_section(views: list[QuestionView], first: int, total: int,
                within: str = "") -> list[Row]:
    rows: list[Row] = []
    section = None
    for number, view in enumerate(views, start=first):
        if view.section.slug != section:
            section = view.section.slug
            rows.append(SectionRow(view.section.title, within))
        rows.append(QuestionRow(view, Numbered(number, total)))
    return rows
