"""Undo and redo for a meeting: what a change did, as the rows it touched before and after.

A change is undone by putting every row it touched back as it was, and redone by putting
them as it left them; both are writes like any other (one transaction, through the
store). The journal keeps a meeting's changes in a private file in the data folder, so
the last ones can still be undone after a restart.
"""

# No `from __future__ import annotations` here: the NamedTuples' field types are then
# objects, not strings typing compiles one by one as every process starts (its first
# compile() alone costs a command ~1.5 ms)

import os
from datetime import date
from pathlib import Path
from typing import Any, Literal, NamedTuple

from senco_tui.records import Action, Answer, Meeting, Review

Table = Literal["answer", "action", "review", "meeting"]
Row = Answer | Action | Review | Meeting
KEEP = 50  # changes kept per meeting


class Snapshot(NamedTuple):
    """One row as it was: an answer (key: the question id), an action (key: its id),
    this meeting's review of a carried item (key: the item's key) or the meeting itself
    (key: its id; its details). None: no such row."""

    table: Table
    key: str
    row: Row | None


class Change(NamedTuple):
    what: str  # in the user's words: "Red for 'Have the reviews happened?'"
    before: tuple[Snapshot, ...]
    after: tuple[Snapshot, ...]


def same(a: Snapshot, b: Snapshot) -> bool:
    """The same row in the same state, whatever its timestamps and versions say."""
    if a.row is None or b.row is None:
        return a.row is b.row
    if isinstance(a.row, Answer) and isinstance(b.row, Answer):
        return (a.row.status, a.row.notes) == (b.row.status, b.row.notes)
    if isinstance(a.row, Action) and isinstance(b.row, Action):
        fields = ("question_id", "text", "owner", "due", "status", "closed_meeting_id")
        return all(getattr(a.row, f) == getattr(b.row, f) for f in fields)
    if isinstance(a.row, Review) and isinstance(b.row, Review):
        return (a.row.decision, a.row.note) == (b.row.decision, b.row.note)
    if isinstance(a.row, Meeting) and isinstance(b.row, Meeting):
        return (a.row.held_on, a.row.attendees) == (b.row.held_on, b.row.attendees)
    return False


# -- the journal: JSON in a private file -------------------------------------------

_ROWS: dict[Table, Any] = {"answer": Answer, "action": Action, "review": Review,
                           "meeting": Meeting}


def _row_json(row: Row | None) -> Any:
    if row is None:
        return None
    return [value.isoformat() if isinstance(value, date) else value for value in row]


def _row_back(table: Table, values: Any) -> Row | None:
    if values is None:
        return None
    row = _ROWS[table](*values)
    if isinstance(row, Action) and row.due is not None:
        row = row._replace(due=date.fromisoformat(str(row.due)))
    if isinstance(row, Meeting) and row.held_on is not None:
        row = row._replace(held_on=date.fromisoformat(str(row.held_on)))
    return row  # type: ignore[no-any-return]


def _change_json(change: Change) -> Any:
    return {"what": change.what,
            "before": [[s.table, s.key, _row_json(s.row)] for s in change.before],
            "after": [[s.table, s.key, _row_json(s.row)] for s in change.after]}


def _change_back(data: Any) -> Change:
    def snaps(items: Any) -> tuple[Snapshot, ...]:
        return tuple(Snapshot(t, k, _row_back(t, v)) for t, k, v in items)

    return Change(str(data["what"]), snaps(data["before"]), snaps(data["after"]))


class Journal:
    """The undo and redo lists of each meeting, kept in one private file (0600).

    Written on every change: the other meetings' entries are kept as the JSON text last
    read while the file is still the one this journal last wrote, and each change is
    turned into JSON once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._wrote: tuple[int, int, int] | None = None  # the file as last written here
        self._entries: dict[str, str] = {}  # meeting -> its entry as JSON, as written
        self._changes: dict[int, tuple[Change, Any]] = {}  # id -> (change, as JSON data)

    def _read(self) -> dict[str, Any]:
        # json only when a meeting is open: the export and the report never read the journal
        import json

        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # none yet, or unreadable: nothing to undo, never an error
        return data if isinstance(data, dict) else {}

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def load(self, meeting: str) -> tuple[list[Change], list[Change]]:
        entry = self._read().get(meeting) or {}
        try:
            return ([_change_back(c) for c in entry.get("undo", [])],
                    [_change_back(c) for c in entry.get("redo", [])])
        except (KeyError, TypeError, ValueError):
            return [], []

    def save(self, meeting: str, undo: list[Change], redo: list[Change]) -> None:
        """Best effort: a journal that cannot be written loses only the undo history."""
        import json

        if self._wrote is None or self._stat() != self._wrote:  # (someone else wrote it)
            self._entries = {key: json.dumps(value) for key, value in self._read().items()}
        undo, redo = undo[-KEEP:], redo[-KEEP:]
        known, self._changes = self._changes, {}
        for change in (*undo, *redo):  # (a cached change is held: its id is not reused)
            hit = known.get(id(change))
            self._changes[id(change)] = (hit if hit is not None and hit[0] is change
                                         else (change, _change_json(change)))
        # dumps, not dump: dump streams through the pure-Python encoder, ten times slower
        self._entries[meeting] = json.dumps(
            {"undo": [self._changes[id(c)][1] for c in undo],
             "redo": [self._changes[id(c)][1] for c in redo]})
        text = "{" + ", ".join(f"{json.dumps(key)}: {entry}"
                               for key, entry in self._entries.items()) + "}"
        part = self.path.with_name(self.path.name + ".part")
        try:
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(part, self.path)
        except OSError:
            self._wrote = None
            return
        self._wrote = self._stat()
