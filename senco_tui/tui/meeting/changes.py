"""The meeting screen's changes to actions and carried items, and undo: each key maps to
a call on the meeting session, most through a dialog that saves itself (typed
`ModalScreen[T]`, staying open with the error shown when a save fails).

Mixed into MeetingScreen, which owns the outline, the notes and the one error policy
(`attempt`); kept apart so the screen itself stays about showing the meeting.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from textual.screen import ModalScreen

from senco_tui.records import Action
from senco_tui.tui.meeting.rows import CarriedRow, QuestionRow

if TYPE_CHECKING:
    from senco_tui.meeting import MeetingSession
    from senco_tui.tui.app import SencoApp
    from senco_tui.tui.meeting.rows import Row


class MeetingChanges:
    """What MeetingScreen provides (see there)."""

    if TYPE_CHECKING:
        app: SencoApp
        session: MeetingSession

        @property
        def current(self) -> Row | None: ...
        def selected_action(self) -> Action | None: ...
        def flush_notes(self) -> None: ...
        def redraw(self) -> None: ...
        def attempt(self, change: Callable[[], object], done: str = "") -> bool: ...
        def notify(self, message: str, *, title: str = "", severity: str = "information",
                   timeout: float | None = None, markup: bool = True) -> None: ...

    def action_add_action(self) -> None:
        row = self.current
        if not isinstance(row, QuestionRow):
            return
        self.flush_notes()
        qid = row.view.question.id

        def save(text: str, owner: str, due: date | None) -> Action:
            return self.session.add_action(qid, text, owner, due)

        self.app.push_screen(self._action_dialog(row.view.question.ask, save),
                             self._after_dialog)

    def _action_dialog(self, about: str, save: Callable[[str, str, date | None], Action],
                       action: Action | None = None) -> ModalScreen[Action]:
        """A due date is questioned from the day OVERDUE is measured from: the meeting's
        own date in a past meeting."""
        from senco_tui.tui.screens.forms import ActionDialog

        notes = self.session.notes
        return ActionDialog(about, save, notes.overdue_from, action,
                            past_meeting=notes.overdue_from != self.session.today)

    def _after_dialog(self, result: object) -> None:
        """A dialog that saved itself closed: show what changed."""
        if result is not None:
            self.redraw()

    def action_details(self) -> None:
        from senco_tui.tui.screens.forms import MeetingDetails

        self.flush_notes()

        def saved(result: object) -> None:
            if result is not None:
                self.redraw()
                self.notify("Meeting details saved (ctrl+z undoes it).", timeout=3)

        self.app.push_screen(MeetingDetails(self.session.meeting, self.session.set_details,
                                            self.session.held_date_doubt), saved)

    def action_done(self) -> None:
        """A carried item: done. An action here: done, or open again if it was closed."""
        row = self.current
        self.flush_notes()
        if isinstance(row, CarriedRow):
            self.attempt(lambda: self.session.review(row.item.key, "done"))
            return
        if not isinstance(row, QuestionRow):
            return
        action = self.selected_action()
        if action is None:
            self.notify("No action on this question yet: press a to add one.")
            return
        word = "Done" if action.status == "open" else "Open again"
        self.attempt(lambda: self.session.tick_action(action.id), f"{word}: {action.text}")

    def action_edit_action(self, which: str = "") -> None:
        row = self.current
        if isinstance(row, CarriedRow) and row.item.action is not None:
            # e.g. a new due date for an overdue one
            action, about = row.item.action, f"Carried forward from {row.item.origin.label}"
        elif isinstance(row, CarriedRow):
            self.notify("A carried question: x done, u keep open, d drop.")
            return
        elif isinstance(row, QuestionRow):
            found = self.selected_action()
            if found is None:
                self.notify("No action on this question to edit.")
                return
            action, about = found, row.view.question.ask
        else:
            return
        self.flush_notes()

        def save(text: str, owner: str, due: date | None) -> Action:
            return self.session.edit_action(action.id, text, owner, due)

        def edited(result: Action | None) -> None:
            if result is not None:
                self.redraw()
                self.notify(f"Action saved: {result.text}", timeout=4)

        self.app.push_screen(self._action_dialog(about, save, action), edited)

    def action_drop_action(self) -> None:
        from senco_tui.tui.screens.forms import ConfirmDialog

        action = self.selected_action()
        if action is None:
            self.notify("No action on this question to drop.")
            return
        if action.status == "dropped":
            self.notify(f"Already dropped: {action.text} (x opens it again).")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.attempt(lambda: self.session.drop_action(action.id),
                             f"Dropped: {action.text}")

        self.app.push_screen(ConfirmDialog(
            "Drop this action?", action.text,
            "It stays in the notes as dropped (x opens it again).", "Drop (enter)"), confirmed)

    def action_undo(self) -> None:
        self.flush_notes()
        self.attempt(self._undone)

    def _undone(self) -> None:
        self.notify(f"Undone: {self.session.undo().what} (ctrl+y redoes it)", timeout=5)

    def action_redo(self) -> None:
        self.flush_notes()
        self.attempt(lambda: self.notify(f"Redone: {self.session.redo().what}", timeout=5))

    def action_delete_action(self) -> None:
        from senco_tui.tui.screens.forms import ConfirmDialog

        action = self.selected_action()
        if action is None:
            self.notify("No action on this question to delete.")
            return
        if action.meeting_id != self.session.meeting.id:
            self.notify("Only an action agreed in this meeting can be deleted; this one "
                                "can be dropped (d).", severity="warning")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.attempt(lambda: self.session.delete_action(action.id),
                             f"Deleted: {action.text} (ctrl+z brings it back)")

        self.app.push_screen(ConfirmDialog(
            "Delete this action?", action.text,
            "It goes from the notes as if it had never been agreed (ctrl+z brings it back). "
            "To keep it in the notes as not done, drop it instead (d).", "Delete (enter)"),
            confirmed)  # enter deletes, as the button says: ctrl+z undoes it

    def action_move_action(self) -> None:
        from senco_tui.tui.screens.forms import ChooseQuestion, QuestionChoice

        action = self.selected_action()
        if action is None:
            self.notify("No action on this question to move.")
            return
        questions = [QuestionChoice(view.section.title, view.question.id, view.asked)
                     for view in self.session.notes.questions
                     if view.in_checklist and view.question.id != action.question_id]

        def save(question_id: str) -> object:
            return self.session.move_action(action.id, question_id)

        def moved(result: object) -> None:
            if result is not None:
                self.redraw()
                self.notify(f"Moved: {action.text}", timeout=4)

        self.app.push_screen(ChooseQuestion(action.text, questions, save), moved)

    def action_keep_open(self) -> None:
        from senco_tui.tui.screens.forms import UpdateDialog

        row = self.current
        if not isinstance(row, CarriedRow):
            return
        item = row.item
        self.flush_notes()

        def save(note: str) -> object:
            return self.session.review(item.key, "open", note)

        note = item.decision.note if item.decision is not None else ""
        self.app.push_screen(UpdateDialog(item.text, save, note), self._after_dialog)

    def action_drop(self) -> None:
        from senco_tui.tui.screens.forms import DropDialog

        row = self.current
        if isinstance(row, QuestionRow):
            self.action_drop_action()
            return
        if not isinstance(row, CarriedRow):
            return
        item = row.item
        self.flush_notes()

        def save(reason: str) -> object:
            # no reason typed: an update typed with u stays (the session's rule)
            return self.session.review(item.key, "dropped", reason or None)

        note = item.decision.note if item.decision is not None else ""
        self.app.push_screen(DropDialog(item.text, save, note), self._after_dialog)
