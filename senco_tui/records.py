"""Plain records passed between the store, the rules, export and the app.

No SQL, no YAML, no widgets: just data.

Records here and in the other layers are immutable typed tuples (NamedTuple): they
define in a tenth of the time a frozen dataclass takes, and need no `inspect`, which
keeps the command line's start-up fast (issue 2).
"""

# No `from __future__ import annotations` here: the NamedTuples' field types are then
# objects, not strings typing compiles one by one as every process starts (a few ms)

from datetime import date
from typing import Literal, NamedTuple

# The domain's words, as types
Status = Literal["green", "amber", "red", "na"]  # None: not rated
Decision = Literal["done", "open", "dropped"]  # what a review of a carried item decided
ActionStatus = Literal["open", "done", "dropped"]
ItemKind = Literal["action", "question"]  # what a carried item is
# which questions are carried forward (open actions always are); see carry.concern_statuses
CarryPolicy = Literal["red", "amber-and-red", "none"]
CARRY_POLICIES: tuple[CarryPolicy, ...] = ("red", "amber-and-red", "none")
DEFAULT_CARRY_POLICY: CarryPolicy = "amber-and-red"
CARRY_POLICY_WORDS: dict[CarryPolicy, str] = {
    "red": "open actions and Red questions",
    "amber-and-red": "open actions and Amber or Red questions",
    "none": "open actions only",
}

HALF_TERMS = ("autumn-1", "autumn-2", "spring-1", "spring-2", "summer-1", "summer-2")
HALF_TERM_TITLES = {
    "autumn-1": "Autumn 1", "autumn-2": "Autumn 2",
    "spring-1": "Spring 1", "spring-2": "Spring 2",
    "summer-1": "Summer 1", "summer-2": "Summer 2",
}
# None means "not discussed"
STATUSES: tuple[Status, ...] = ("green", "amber", "red", "na")
STATUS_WORDS = {
    "green": "Green", "amber": "Amber", "red": "Red", "na": "N/A", None: "Not discussed",
}
STATUS_LETTERS = {"green": "G", "amber": "A", "red": "R", "na": "N", None: "·"}
ACTION_STATUSES: tuple[ActionStatus, ...] = ("open", "done", "dropped")
DECISIONS: tuple[Decision, ...] = ("done", "open", "dropped")
STALE_AFTER = 3  # carried this many times or more: stands out
# The section whose notes are about the SENCo as a person: special category data (UK GDPR),
# left out of exports unless asked for, and out of anything for governors
WELLBEING = "wellbeing"


class Senco(NamedTuple):
    id: int
    name: str
    school: str
    checklist_set: str
    carry_policy: CarryPolicy | None = None  # None: the one in settings.toml


class Meeting(NamedTuple):
    id: int
    senco_id: int
    year: str  # "2026/27"
    half_term: str  # one of HALF_TERMS
    held_on: date | None
    attendees: str
    # which questions it carried in, fixed when something was first recorded in it (None:
    # not yet, so the SENCo's or settings' policy now applies)
    carry_policy: CarryPolicy | None = None

    @property
    def order(self) -> tuple[str, int]:
        """Academic order: meetings compare by when they belong, not when they were created."""
        return (self.year, HALF_TERMS.index(self.half_term))

    @property
    def label(self) -> str:
        return f"{HALF_TERM_TITLES[self.half_term]} {self.year}"


class Answer(NamedTuple):
    meeting_id: int
    question_id: str
    section: str  # section slug as asked
    question_text: str  # the ask as it was worded when asked
    status: Status | None
    notes: str
    updated_at: str  # ISO timestamp
    version: int = 0  # saves of the notes so far: a save from an older copy is refused
    carry: bool = True  # False: the question was marked never carried when asked

    @property
    def discussed(self) -> bool:
        """Rated, or some notes written: the one definition (notes of only spaces are not)."""
        return self.status is not None or bool(self.notes.strip())


class Action(NamedTuple):
    id: int
    meeting_id: int  # where it was agreed
    question_id: str | None
    text: str
    owner: str
    due: date | None
    status: ActionStatus
    created_at: str
    closed_at: str | None
    closed_meeting_id: int | None  # the meeting in which it was closed
    version: int = 1  # edits so far (text, owner, due): an edit from an older copy is refused

    def overdue(self, today: date) -> bool:
        """Still open and its due date has passed."""
        return self.status == "open" and self.due is not None and self.due < today


class Review(NamedTuple):
    """What a meeting decided about one carried item."""

    id: int
    meeting_id: int
    kind: ItemKind
    action_id: int | None
    question_id: str | None
    decision: Decision
    note: str
    at: str

    @property
    def item_key(self) -> str:
        """The carried item it is about, as CarryItem.key names it: "action:12" |
        "question:gcse-outcomes"."""
        return (f"action:{self.action_id}" if self.kind == "action"
                else f"question:{self.question_id}")


class MeetingSummary(NamedTuple):
    """One line of a SENCo's meeting list (made by meeting.summaries, from the records)."""

    meeting: Meeting
    discussed: int  # questions discussed (see QuestionView.discussed)
    total: int | None  # questions in its checklist; None when the checklist cannot tell
    open_actions: int  # actions agreed in this meeting that are still open
    recorded: bool  # anything at all: such a meeting cannot be deleted

    @property
    def held(self) -> bool:
        """The meeting took place: it has a date held, or anything recorded in it."""
        return self.meeting.held_on is not None or self.recorded


TextKind = Literal["notes", "action", "update"]  # what a piece of searched text is


class TextHit(NamedTuple):
    """Text found by a search: a question's notes, an action, or a carried item's update."""

    kind: TextKind
    meeting_id: int  # where it was written (an action: where it was agreed)
    question_id: str | None  # the question it is about (None: an action on no question)
    text: str
