"""Carry-forward rules: which items from earlier meetings are still open.

Pure functions over plain records; no SQL, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

from senco_tui.records import Action, Meeting, Review


@dataclass(frozen=True)
class CarryItem:
    kind: str  # "action" | "question"
    key: str  # "action:12" | "question:gcse-outcomes"
    text: str  # the action's text, or the question as asked
    section: str  # section slug of the question ("" for an action with no question)
    question_id: str | None
    action: Action | None
    origin: Meeting  # where it was raised (action) / last rated amber or red (question)
    origin_status: str | None  # question: "amber" or "red"
    origin_notes: str  # question: the notes from that meeting
    carried: int  # meetings after the origin, up to and including this one
    overdue: bool  # an open action whose due date has passed
    stale: bool  # carried STALE_AFTER times or more
    last_update: str  # newest review note from an earlier meeting ("" if none)
    decision: Review | None  # this meeting's review of it, if any
    resolved_by: str | None  # question rated "green"/"na" in this meeting

    @property
    def open_after(self) -> bool:
        """Still open once this meeting is done (so it carries into the next)."""
        if self.resolved_by is not None:
            return False
        return self.decision is None or self.decision.decision == "open"
