"""The shared store's first screen, read by a forked child while the app imports Textual.

Why: on a shared store the home screen waited for psycopg's import (~110 ms of CPU), the
connection and the first query, all in the main thread after Textual's own import. A
thread does not help (the GIL serialises the two imports: commit 8b496d2). A child
process forked before Textual is imported runs on another core: it opens the store as
the app would (the same URL: the same role, held to the same policies), reads the SENCo
list (all that the home screen's first frame shows), sends it down a pipe and exits.
The app shows that list, then opens the store fully (SencoApp.writable), as it does the
SQLite file after its read-only glance. `senco-tui export` reads ahead the same way,
with the records of the SENCo it names, while it imports what renders them.

The child never touches the terminal or the parent's stdio (its 0, 1 and 2 are
/dev/null; it ends with os._exit, flushing nothing), ignores the signals meant for the
app, and is reaped by the glance's close() (or killed and reaped if never read). Where
fork is not safe (not POSIX, macOS's system libraries, a thread already running) no
child is started and the app opens the store as before.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
import sys
import threading
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn

from senco_tui.errors import UserError
from senco_tui.records import Action, Answer, Meeting, Review, Senco
from senco_tui.store.base import StoreError

if TYPE_CHECKING:
    from senco_tui.store.base import MeetingStore
    from senco_tui.store.postgres import PostgresStore


class Refused(StoreError):
    """The shared store's full open, run in the child, refused it: the same one line the
    app would get opening it itself, said without trying again (a server that does not
    answer would otherwise make the user wait for its timeout twice)."""


def can_fork() -> bool:
    # macOS's system libraries (which libpq may load) are not safe in a forked child;
    # with a thread running, a lock it holds would stay held in the child for ever
    return os.name == "posix" and sys.platform != "darwin" and threading.active_count() == 1


class Child:
    """A forked child reading the SENCo list of the shared store at `url`."""

    def __init__(self, url: str, pid: int, fd: int, senco: str | None):
        self.url = url
        self.senco = senco
        self._pid = pid
        self._fd: int | None = fd
        self._reaped = False

    @classmethod
    def start(cls, url: str, senco: str | None = None) -> Child | None:
        """The child started, or None where it cannot be (then open the store as before).
        senco: a SENCo's name, whose records it reads too."""
        if not can_fork():
            return None
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return None
        if pid == 0:
            os.close(read)
            _child(url, senco, write)
        os.close(write)
        return cls(url, pid, read, senco)

    def result(self) -> tuple[Any, ...] | None:
        """What the child sent: ("sencos", where, sencos, records) or ("refused",
        message); None if it sent nothing whole (it failed in a way the app's own open
        must meet)."""
        if self._fd is None:
            return None
        chunks = []
        try:
            while chunk := os.read(self._fd, 1 << 16):
                chunks.append(chunk)
        except OSError:
            return None
        finally:
            os.close(self._fd)
            self._fd = None
        try:
            message = marshal.loads(b"".join(chunks))
        except (EOFError, ValueError, TypeError):
            return None
        return message if isinstance(message, tuple) else None

    def reap(self) -> None:
        """Wait for the child to end (killed first if what it read was never taken)."""
        if self._reaped:
            return
        self._reaped = True
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)


def _child(url: str, senco: str | None, out: int) -> NoReturn:
    """In the forked child: open, read, send, close; never returns."""
    status = 1
    try:
        for sig in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        from senco_tui.store import open_postgres

        store = None
        message: tuple[Any, ...]
        try:
            store = open_postgres(url)
            message = ("sencos", store.where, *_read(store, senco))
        except UserError as exc:
            message = ("refused", str(exc))
        data = marshal.dumps(message)
        while data:
            data = data[os.write(out, data):]
        os.close(out)  # the parent reads on while the connection closes
        if store is not None:
            store.close()
        status = 0
    finally:
        os._exit(status)


# Sent with marshal (no import, unlike pickle): rows as tuples, a date as its ordinal.
def _ordinal(day: date | None) -> int | None:
    return None if day is None else day.toordinal()


def _day(ordinal: int | None) -> date | None:
    return None if ordinal is None else date.fromordinal(ordinal)


def _read(store: PostgresStore, name: str | None) -> tuple[list[tuple[Any, ...]], tuple[Any, ...]]:
    """The SENCo list, and the named SENCo's records as SencoRecords.read reads them (()
    for none: a name that is not exactly one SENCo's is resolved by the command, as
    before), in one round trip."""
    wanted = (name or "").strip().casefold()
    if not wanted:
        return [tuple(s) for s in store.list_sencos()], ()
    sencos, senco_id, (meetings, answers, actions, reviews) = store.senco_glance(wanted)
    found = [s.id for s in sencos if s.name.casefold() == wanted]
    packed: tuple[Any, ...] = ()
    if senco_id is not None and found == [senco_id]:
        packed = (senco_id,
                  [(*m[:4], _ordinal(m.held_on), *m[5:]) for m in meetings],
                  list(map(tuple, answers)),
                  [(*a[:5], _ordinal(a.due), *a[6:]) for a in actions],
                  list(map(tuple, reviews)))
    return [tuple(s) for s in sencos], packed


class Records:
    """One SENCo's meetings, answers, actions and reviews, in the store's order."""

    def __init__(self, packed: tuple[Any, ...]):
        self.senco_id: int = packed[0]
        self.meetings = [Meeting(m[0], m[1], m[2], m[3], _day(m[4]), m[5], m[6])
                         for m in packed[1]]
        self.answers = [Answer(*a) for a in packed[2]]
        self.actions = [Action(a[0], a[1], a[2], a[3], a[4], _day(a[5]), a[6], a[7], a[8], a[9],
                               a[10]) for a in packed[3]]
        self.reviews = [Review(*r) for r in packed[4]]


class SharedGlance:
    """The shared store as the home screen's first frame needs it: the SENCos the child
    read, and the records of the SENCo it was asked for (export). Anything else opens
    the store fully here and goes to it, though the app replaces the glance with the
    full store straight after the first frame."""

    notice: str | None = None
    refusal: str | None = None

    def __init__(self, child: Child, where: str, sencos: list[Senco],
                 records: Records | None = None):
        self._child = child
        self._where = where
        self._sencos = sencos
        self._records = records
        self._full: MeetingStore | None = None

    @property
    def where(self) -> str:
        return self._where

    def _store(self) -> MeetingStore:
        if self._full is None:
            from senco_tui.store import open_postgres

            self._full = open_postgres(self._child.url)
        return self._full

    def _of(self, senco_id: int) -> Records | None:
        records = self._records
        return records if records is not None and records.senco_id == senco_id else None

    def list_sencos(self) -> list[Senco]:
        return list(self._sencos)

    def get_senco(self, senco_id: int) -> Senco:
        found = [s for s in self._sencos if s.id == senco_id]
        return found[0] if found else self._store().get_senco(senco_id)

    def list_meetings(self, senco_id: int) -> list[Meeting]:
        records = self._of(senco_id)
        return list(records.meetings) if records else self._store().list_meetings(senco_id)

    def find_meeting(self, senco_id: int, year: str, half_term: str) -> Meeting | None:
        records = self._of(senco_id)
        if records is None:
            return self._store().find_meeting(senco_id, year, half_term)
        return next((m for m in records.meetings
                     if (m.year, m.half_term) == (year, half_term)), None)

    def get_meeting(self, meeting_id: int) -> Meeting:
        records = self._records
        found = [m for m in records.meetings if m.id == meeting_id] if records else []
        return found[0] if found else self._store().get_meeting(meeting_id)

    def senco_answers(self, senco_id: int) -> list[Answer]:
        records = self._of(senco_id)
        return list(records.answers) if records else self._store().senco_answers(senco_id)

    def senco_actions(self, senco_id: int) -> list[Action]:
        records = self._of(senco_id)
        return list(records.actions) if records else self._store().senco_actions(senco_id)

    def senco_reviews(self, senco_id: int) -> list[Review]:
        records = self._of(senco_id)
        return list(records.reviews) if records else self._store().senco_reviews(senco_id)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._store(), name)

    def close(self) -> None:
        if self._full is not None:
            self._full.close()
            self._full = None
        self._child.reap()

    def __enter__(self) -> SharedGlance:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_ahead: Child | None = None


@contextlib.contextmanager
def reading_ahead(url: str, senco: str | None = None) -> Iterator[None]:
    """The SENCo list of the shared store at `url` (and the named SENCo's records) read
    by a child meanwhile, for take(url) to give as a glance; the child reaped at the
    end, taken or not."""
    global _ahead
    child = _ahead = Child.start(url, senco)
    try:
        yield
    finally:
        _ahead = None
        if child is not None:
            child.reap()


def take(url: str) -> SharedGlance | None:
    """The glance read ahead for `url`, or None (none started, or the child failed in a
    way the full open must meet itself); Refused: the store's open refused it."""
    global _ahead
    child, _ahead = _ahead, None
    if child is None or child.url != url:
        return None
    message = child.result()
    if message is not None and message[0] == "refused":
        child.reap()
        raise Refused(message[1])
    if message is None or message[0] != "sencos":
        child.reap()
        return None
    return SharedGlance(child, message[1], [Senco(*row) for row in message[2]],
                        Records(message[3]) if message[3] else None)
