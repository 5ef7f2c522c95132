"""`senco-tui store copy`: everything in one store into another, either backend.

SENCos, meetings, answers (with the question as asked), actions (open, done or
dropped, with when and where they were closed), reviews and every timestamp are
copied as they are; ids are the destination's own (meetings and actions are
renumbered in order, so everything sorts as before). One transaction: a copy that
fails leaves the destination as it was.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from senco_tui.errors import UserError
from senco_tui.store.base import MeetingStore
from senco_tui.store.sqlite import Store as SQLiteStore


class Copied(NamedTuple):
    sencos: int
    meetings: int
    answers: int
    actions: int
    reviews: int

    def __str__(self) -> str:
        return (f"{self.sencos} SENCos, {self.meetings} meetings, {self.answers} answers, "
                f"{self.actions} actions, {self.reviews} reviews")


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


class _Writer:
    """Inserts a row as it was into the destination, returning its new id."""

    def __init__(self, store: Any):
        self.conn = store._conn
        self.sqlite = isinstance(store, SQLiteStore)

    def insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert the row; its new id."""
        columns = ", ".join(row)
        if self.sqlite:
            cur = self.conn.execute(f"INSERT INTO {table} ({columns}) VALUES "
                                    f"({', '.join('?' for _ in row)})",
                                    [_iso(v) for v in row.values()])
            return int(cur.lastrowid)
        return int(self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join('%s' for _ in row)}) "
            "RETURNING id", list(row.values())).fetchone()[0])

    def add(self, table: str, row: dict[str, Any]) -> None:
        """Insert a row without asking for it back (a SENCo just added is not readable
        through the policies until it is assigned, nor has an answer an id)."""
        mark = "?" if self.sqlite else "%s"
        values = [_iso(v) for v in row.values()] if self.sqlite else list(row.values())
        self.conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES "
                          f"({', '.join(mark for _ in row)})", values)

    def update(self, table: str, row_id: int, changes: dict[str, Any]) -> None:
        mark = "?" if self.sqlite else "%s"
        sets = ", ".join(f"{column} = {mark}" for column in changes)
        values = [_iso(v) for v in changes.values()] if self.sqlite else list(changes.values())
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = {mark}", [*values, row_id])


def copy_store(src: MeetingStore, dst: Any, *, merge: bool = False,
               on_senco: Any = None) -> Copied:
    """Copy every SENCo `src` shows into `dst`. on_senco(senco_name) runs for each SENCo
    added, inside the copy's transaction (the trust store assigns a line manager there)."""
    sencos = src.list_sencos()
    there = dst.list_sencos()
    if there and not merge:
        raise UserError(f"{dst.where} already holds {len(there)} SENCo"
                        f"{'s' if len(there) != 1 else ''}; nothing was copied. Add --merge "
                        "to add these beside them")
    clash = [n for n in {s.name.casefold(): s.name for s in sencos}.values()
             if dst.find_senco(n) is not None]
    if clash:
        raise UserError(f"{dst.where} already has a SENCo called {', '.join(map(repr, clash))}; "
                        "nothing was copied (rename one first)")
    counts = [0, 0, 0, 0, 0]
    out = _Writer(dst)
    with dst.transaction():
        for senco in sencos:
            out.add("sencos", {"name": senco.name, "name_key": senco.name.casefold(),
                               "school": senco.school, "checklist_set": senco.checklist_set,
                               "carry_policy": senco.carry_policy})
            if on_senco is not None:
                on_senco(senco.name)
            added = dst.find_senco(senco.name)
            if added is None:
                raise UserError(f"{dst.where}: the SENCo {senco.name!r} was added but cannot "
                                "be seen: name the line manager with --line-manager")
            senco_id = added.id
            counts[0] += 1
            meetings: dict[int, int] = {}
            for m in src.list_meetings(senco.id):
                created = _meeting_created(src, m.id)
                meetings[m.id] = out.insert("meetings", {
                    "senco_id": senco_id, "year": m.year, "half_term": m.half_term,
                    "held_on": m.held_on, "attendees": m.attendees, "created_at": created,
                    "carry_policy": m.carry_policy})
                counts[1] += 1
            for a in src.senco_answers(senco.id):
                out.add("answers", {
                    "meeting_id": meetings[a.meeting_id], "question_id": a.question_id,
                    "section": a.section, "question_text": a.question_text,
                    "status": a.status, "notes": a.notes, "updated_at": a.updated_at,
                    "version": a.version, "carry": a.carry})
                counts[2] += 1
            actions: dict[int, int] = {}
            for x in src.senco_actions(senco.id):
                actions[x.id] = out.insert("actions", {
                    "meeting_id": meetings[x.meeting_id], "question_id": x.question_id,
                    "text": x.text, "owner": x.owner, "due": x.due,
                    "created_at": x.created_at, "version": x.version})
                if x.status != "open" or x.closed_at is not None:
                    # closing columns are written apart: a SENCo's own role may insert
                    # actions but never closes one
                    out.update("actions", actions[x.id], {
                        "status": x.status, "closed_at": x.closed_at,
                        "closed_meeting_id": None if x.closed_meeting_id is None
                        else meetings[x.closed_meeting_id]})
                counts[3] += 1
            for r in src.senco_reviews(senco.id):
                out.add("reviews", {
                    "meeting_id": meetings[r.meeting_id], "kind": r.kind,
                    "action_id": None if r.action_id is None else actions[r.action_id],
                    "question_id": r.question_id, "decision": r.decision, "note": r.note,
                    "at": r.at})
                counts[4] += 1
    return Copied(*counts)


def _meeting_created(store: Any, meeting_id: int) -> Any:
    # not part of the Meeting record (nothing shows it), but kept across a copy
    mark = "?" if isinstance(store, SQLiteStore) else "%s"
    value = store._conn.execute(f"SELECT created_at FROM meetings WHERE id = {mark}",
                                (meeting_id,)).fetchone()[0]
    if hasattr(value, "astimezone"):  # as the SQLite store writes it
        value = value.astimezone().isoformat(timespec="seconds")
    return value
