"""The store interface: what the meeting session and the commands may ask of a store.

Two backends implement it: the SQLite file (the default, `store.sqlite`) and, for a
trust, PostgreSQL. Nothing above the store knows which one it has. Every method that
writes is one committed transaction (a caller may group several with
`with store.transaction():`); records come back as the plain tuples of `records`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Protocol

from senco_tui.errors import UserError
from senco_tui.records import (
    Action,
    Answer,
    CarryPolicy,
    Decision,
    ItemKind,
    Meeting,
    Review,
    Senco,
    Status,
    TextHit,
)


class StoreError(UserError):
    """The store cannot be used as it is; the message says where and what to do (one line)."""


class SaveConflict(StoreError):
    """Someone else saved this answer's notes or this action meanwhile (a shared store).

    Nothing was overwritten: `theirs` is the record as now stored (with its version, to
    save against once resolved) and `mine` the text that was not saved.
    """

    def __init__(self, theirs: Answer | Action, mine: str):
        self.theirs = theirs
        self.mine = mine
        what = "these notes" if isinstance(theirs, Answer) else "this action"
        super().__init__(f"someone else saved {what} while you were editing; yours were not "
                         "saved over theirs: both are shown, keep one or combine them")


class MeetingStore(Protocol):
    """One store of SENCos, meetings and what was recorded in them."""

    @property
    def where(self) -> str:
        """Where the store is, for messages: a file path or a database name."""
        ...

    # why no save can work for as long as the store is open (read-only on a full disk,
    # the file replaced), or None: a failed save may then work when tried again
    refusal: str | None

    def may_hold(self, senco_id: int) -> bool:
        """Whether whoever uses the store records this SENCo's meetings as held (a line
        manager does; a SENCo preparing their own in a shared store does not)."""
        ...

    def close(self) -> None: ...

    def transaction(self) -> AbstractContextManager[None]: ...

    # -- SENCos
    def add_senco(self, name: str, school: str, checklist_set: str, *,
                  carry_policy: CarryPolicy | None = None) -> Senco: ...
    def update_senco(self, senco_id: int, *, name: str, school: str, checklist_set: str,
                     carry_policy: CarryPolicy | None = None) -> Senco: ...
    def list_sencos(self) -> list[Senco]: ...
    def get_senco(self, senco_id: int) -> Senco: ...
    def find_senco(self, name: str) -> Senco | None: ...

    # -- meetings
    def get_or_create_meeting(self, senco_id: int, year: str, half_term: str) -> Meeting: ...
    def find_meeting(self, senco_id: int, year: str, half_term: str) -> Meeting | None: ...
    def get_meeting(self, meeting_id: int) -> Meeting: ...
    def list_meetings(self, senco_id: int) -> list[Meeting]: ...
    # every SENCo's meetings, answers, actions and reviews in one read each (a report of
    # them all), in the order of the per-SENCo reads
    def all_meetings(self) -> list[Meeting]: ...
    # fixes the policy the meeting carries under, unless it has one already
    def fix_carry_policy(self, meeting_id: int, policy: CarryPolicy) -> Meeting: ...
    def set_meeting_details(self, meeting_id: int, *, held_on: date | None,
                            attendees: str) -> Meeting: ...
    def delete_meeting(self, meeting_id: int) -> None: ...

    # -- answers
    def answers(self, meeting_id: int) -> dict[str, Answer]: ...
    def senco_answers(self, senco_id: int) -> list[Answer]: ...
    def all_answers(self) -> list[Answer]: ...
    def answer_index(self) -> list[tuple[int, str, int]]:
        """Every answer by name alone: (meeting id, question id, 1 if rated else 0)."""
        ...
    def answers_of(self, meeting_ids: Collection[int],
                   keys: Collection[tuple[int, str]]) -> list[Answer]:
        """Every answer of these meetings, and these single answers (meeting id, question
        id), in all_answers' order."""
        ...
    def set_status(self, meeting_id: int, question_id: str, section: str,
                   question_text: str, status: Status | None, *,
                   carry: bool = True) -> Answer: ...
    def set_notes(self, meeting_id: int, question_id: str, section: str,
                  question_text: str, notes: str, *, expected_version: int | None = None,
                  carry: bool = True) -> Answer:
        """expected_version: the version read (0: none saved); SaveConflict if it moved.
        carry (both): whether the question may be carried, kept as first recorded."""
        ...

    # -- actions
    def add_action(self, meeting_id: int, question_id: str | None, text: str, owner: str,
                   due: date | None) -> Action: ...
    def update_action(self, action_id: int, *, text: str, owner: str, due: date | None,
                      expected_version: int | None = None) -> Action: ...
    def get_action(self, action_id: int) -> Action: ...
    def senco_actions(self, senco_id: int) -> list[Action]: ...
    def all_actions(self) -> list[Action]: ...
    def actions_of(self, meeting_ids: Collection[int]) -> list[Action]:
        """Every open action, and every one agreed or closed in these meetings, in
        all_actions' order."""
        ...
    def move_action(self, action_id: int, question_id: str | None) -> Action: ...
    def delete_action(self, action_id: int) -> None: ...

    # -- a row put back as it was (undo and redo); None: there was none
    def restore_answer(self, meeting_id: int, question_id: str,
                       answer: Answer | None) -> None: ...
    def restore_action(self, action_id: int, action: Action | None) -> None: ...
    def restore_review(self, meeting_id: int, key: str, review: Review | None) -> None: ...

    # -- reviews of carried items
    def review(self, meeting_id: int, *, kind: ItemKind, action_id: int | None = None,
               question_id: str | None = None, decision: Decision, note: str = "") -> Review: ...
    def senco_reviews(self, senco_id: int) -> list[Review]: ...
    def all_reviews(self) -> list[Review]: ...
    # one meeting's reviews, by the key of the item each is about (Review.item_key)
    def reviews(self, meeting_id: int) -> dict[str, Review]: ...

    # -- search
    def search_text(self, words: Sequence[str], senco_id: int | None = None,
                    limit: int = 500) -> list[TextHit]:
        """Notes, actions and updates holding every word (as the start of a word, without
        case or accents where the backend can), best matches first; at most `limit`.
        A backend may return more than an exact match: the caller checks each hit."""
        ...
