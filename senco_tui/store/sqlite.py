"""The SQLite store: one file, the default backend (see store/base.py for the interface).

Every write is its own BEGIN IMMEDIATE transaction, committed before the method
returns (a caller may group several with `with store.transaction():`). A store
object belongs to one thread: open another for a worker thread.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import sqlite3
import time
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from senco_tui.errors import UserError
from senco_tui.records import (
    DECISIONS,
    HALF_TERMS,
    STATUSES,
    Action,
    Answer,
    CarryPolicy,
    Meeting,
    Review,
    Senco,
    TextHit,
)
from senco_tui.store.base import SaveConflict, StoreError
from senco_tui.store.fields import (
    action_text,
    check_carry_policy,
    check_choice,
    check_year,
    one_line,
    review_target,
    senco_name,
)
from senco_tui.store.sqlite_migrations import APPLICATION_ID, MIGRATIONS

SCHEMA_VERSION = len(MIGRATIONS)
DB_NAME = "senco.db"
BACKUP_DIR = "backups"
KEEP_BACKUPS = 10
BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"
# senco-000012-20261105-101500.db: the number gives the order they were made in (the
# time may be wrong); senco-20261105-101500[-2].db before numbering
# compiled by re when first used: only backups need it
_BACKUP_NAME = r"^senco-(?:(\d{6,})-)?(\d{8}-\d{6})(?:-(\d+))?\.db$"


# Text as UTF-8, any byte that is not (written by another tool) as U+FFFD: a note must
# never stop a command, and SQLite's decode error would print the note itself.
_text = functools.partial(str, encoding="utf-8", errors="replace")


def _read_all(conn: sqlite3.Connection, sql: str, params: _Params = ()) -> list[Any]:
    """Every row of a read, its text decoded by SQLite's own UTF-8 decoder: several times
    faster than `_text` (a year of every SENCo reads tens of thousands of notes). Should
    that fail (text that is not UTF-8), the read is made again with `_text`."""
    conn.text_factory = str
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        pass  # a read: made again below, where a real fault raises as it always did
    finally:
        conn.text_factory = _text
    return conn.execute(sql, params).fetchall()


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


@functools.lru_cache(maxsize=1024)  # a SENCo's actions share few due dates
def _day(value: str | None, what: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        # only another program writes these (senco-tui writes ISO dates): say so, not crash
        # repr: escapes control and bidi characters; cut, as it may be anything at all
        raise StoreError(f"{DB_NAME} holds {what} that is not a date ({repr(value)[:40]}): "
                         "another program may have changed it; nothing was changed. Clear "
                         "or correct it with an SQLite tool, or go back to a backup with "
                         "senco-tui restore") from None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


@contextlib.contextmanager
def _private_files() -> Iterator[None]:
    """Files and folders created meanwhile are readable by the user only.

    SQLite gives its side files (-wal, -shm, -journal) the database's mode, so
    creating the database 0600 keeps them private too.
    """
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


class NoStoreYet(StoreError):
    """A read-only open found no store, and no backups: nothing recorded yet."""


class Store:
    """Open with Store.open(data_dir); close with close() or a `with` block."""

    def __init__(self, conn: sqlite3.Connection | _CheckedConnection, path: Path,
                 notice: str | None):
        self._conn = conn
        self.path = path
        self.notice = notice  # something the user should know, e.g. no WAL here
        self._depth = 0  # transaction nesting
        self._index_stamp: tuple[int, int] | None = None  # when the search index was built
        # Set once saving here must stop (the file was replaced, the daily backup
        # failed): every write then raises it, one line that says why.
        self.refusal: str | None = None
        # the file as this store last left it (see _check_same_file), and data_version then
        self._identity: _Identity | None = None
        self._seen_version = 0
        self._settled = False  # everything committed was in senco.db then
        self._inspection: _Inspection | None = None  # a read-only open's quick_check

    # -- opening -----------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, *, read_only: bool = False,
             busy_ms: int = BUSY_TIMEOUT_MS, read_only_if_unwritable: bool = False) -> Store:
        """Open (creating and upgrading as needed), with quick_check and the daily backup.

        read_only=True is for commands that only read (export, actions, history): the
        file must exist and nothing is written. `busy_ms` is how long a write waits for
        another program's lock once open (the app waits little: it must not freeze).
        The quick_check still runs: a damaged file can read as if rows were missing ("No
        open actions") without any error.

        read_only_if_unwritable=True is for the app: when a store that passed its checks
        cannot be written (a full disk, so no daily backup either; a read-only disk), it
        opens read-only instead, its `notice` and `refusal` the one line that says why,
        so the notes can still be read.
        """
        data_dir = Path(data_dir)
        path = data_dir / DB_NAME
        if read_only:
            store = cls._open_read_only(path)
            if store is not None:
                return store
        with _private_files():
            try:
                data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{data_dir}: cannot create the data folder: "
                                 f"{exc.strerror}") from None
            existed = _check_header(path)
            if existed:
                # every check on a read-only connection: a file that fails one is never
                # written, checkpointed or recovered, and keeps its -wal and -shm as they are
                version, tables = _inspect(path, fresh_ok=True)
            else:
                _refuse_if_backed_up(path)
                version = tables = 0
            try:
                conn = sqlite3.connect(path, isolation_level=None,
                                       timeout=BUSY_TIMEOUT_MS / 1000)
                conn.text_factory = _text
                identity = _identity(path)
            except (sqlite3.Error, OSError) as exc:
                raise StoreError(f"{path}: cannot open the store: {exc}") from None
            has_data = existed and (version > 0 or tables > 0)
            try:
                store = cls._prepare(conn, path, has_data, version)
                if has_data and version == SCHEMA_VERSION and not store._backed_up_today():
                    store.backup()
                conn.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
                store._settle()
                if (identity is None or store._identity is None
                        or store._identity[:2] != identity[:2]):
                    # swapped for another file while opening: the first save refuses
                    store._identity = identity
            except (StoreError, sqlite3.Error, OSError) as exc:
                conn.close()
                error = exc if isinstance(exc, StoreError) else _cannot_write(path, exc)
                if not (read_only_if_unwritable and has_data and version == SCHEMA_VERSION):
                    raise error from None
                # it passed its checks: it can be read, only not written
                read = cls._open_read_only(path, check=False)
                assert read is not None  # None only for a store needing an upgrade
                read.notice = read.refusal = f"Read-only: {error}"
                return read
            except BaseException:
                conn.close()
                raise
            with contextlib.suppress(OSError):
                os.chmod(path, 0o600)
        return store

    @classmethod
    def glance(cls, data_dir: Path) -> Store | None:
        """Read-only and unchecked, for showing something at once while a full open (with
        its quick_check) follows straight after; None when the file needs an upgrade."""
        return cls._open_read_only(Path(data_dir) / DB_NAME, check=False)

    @classmethod
    def _open_read_only(cls, path: Path, check: bool = True) -> Store | None:
        """None when the file needs an upgrade first (then a normal open does it)."""
        if not _check_header(path):
            _refuse_if_backed_up(path)
            if path.exists():  # 0 bytes: what a failed copy to a new computer leaves
                raise StoreError(f"{path} is empty (0 bytes): nothing is recorded in it; if "
                                 "you copied it from another computer, copy it again")
            raise NoStoreYet(f"{path}: no store here yet, so no meetings recorded yet; add a "
                             'SENCo first: senco-tui senco add "NAME" --school "SCHOOL"')
        # The quick_check reads the whole file, most of a read-only command's time; SQLite
        # lets go of the GIL while it runs, so it runs beside the reading and the command
        # waits for it before anything read is shown (close(), the `with` block's end).
        inspection = _Inspection(path) if check else None
        checked = _CheckedConnection(_connect_read_only(path), path)
        try:
            version, _ = _check(checked, path, quick=False, fresh_ok=False)
        except BaseException:
            checked.close()
            if inspection is not None:
                inspection.result()  # damage, if found, is what the user must hear
            raise
        if version < SCHEMA_VERSION:
            checked.close()
            if inspection is not None:
                inspection.result()
            return None
        store = cls(checked, path, None)
        store._inspection = inspection
        return store

    @classmethod
    def _prepare(cls, conn: sqlite3.Connection, path: Path, has_data: bool,
                 version: int) -> Store:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            # SQLite would open it anyway and fail at the first save, losing what was typed
            raise StoreError(f"{path}: cannot save here: the file or its folder "
                             f"{path.parent} is read-only; check their permissions (or a "
                             "read-only disk). Nothing was changed")
        side = _unwritable_side(path)
        if side is not None:  # the same: SQLite reads on, and fails at the first save
            raise StoreError(side)

        notice = None
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            conn.execute("PRAGMA journal_mode = DELETE")
            notice = ("This file system does not support SQLite's WAL mode; using a "
                      "rollback journal (saving is a little slower)")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA foreign_keys = ON")

        store = cls(conn, path, notice)
        if version < SCHEMA_VERSION:
            if has_data:
                store.backup()  # never an upgrade without a copy from before it
            try:
                store._migrate()
            except (sqlite3.Error, StoreError) as exc:
                reason = exc.__cause__ or exc
                raise StoreError(f"{path}: could not upgrade the store from version "
                                 f"{version}: {reason}; it was left as it was") from None
        return store

    def _read(self, sql: str, params: _Params = ()) -> list[Any]:
        """Every row of a bulk read (see `_read_all`)."""
        if isinstance(self._conn, _CheckedConnection):
            return self._conn.read(sql, params)
        return _read_all(self._conn, sql, params)

    @property
    def _writer(self) -> sqlite3.Connection:
        """The connection, for statements only a writable store may run."""
        if isinstance(self._conn, _CheckedConnection):
            raise StoreError(f"{self.path}: opened read-only; nothing can be saved")
        return self._conn

    def _migrate(self) -> None:
        for target, migration in enumerate(MIGRATIONS, start=1):
            with self.transaction():
                # another process may have migrated while we waited for the lock
                if self._conn.execute("PRAGMA user_version").fetchone()[0] >= target:
                    continue
                migration(self._writer)
                self._conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self._conn.execute(f"PRAGMA user_version = {target}")

    @property
    def where(self) -> str:
        return str(self.path)

    def may_hold(self, senco_id: int) -> bool:
        return True  # the file's one user is the line manager

    def close(self) -> None:
        """Close; after a read-only open, StoreError if its quick_check found damage (so a
        command shows nothing it read from a damaged file)."""
        self._conn.close()
        inspection, self._inspection = self._inspection, None
        if inspection is not None:
            inspection.result()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions --------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One committed write; nested uses become savepoints inside it."""
        if self._depth:
            name = f"s{self._depth}"
            self._conn.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._conn.execute(f"ROLLBACK TO {name}")
                self._conn.execute(f"RELEASE {name}")
                raise
            else:
                self._conn.execute(f"RELEASE {name}")
            finally:
                self._depth -= 1
            return
        if self.refusal is not None:
            raise StoreError(self.refusal)
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _trouble(self.path, exc) from None
        self._depth = 1
        try:
            self._check_same_file()
            yield
            self._conn.execute("COMMIT")
            self._settle()
        except BaseException as exc:
            if self._conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                # one line in the user's terms (SQLite's own message can quote the data)
                raise _trouble(self.path, exc) from None
            raise
        finally:
            self._depth = 0

    def _settle(self) -> None:
        """Copy what is committed into senco.db now (a checkpoint), and remember the file
        as it is then. The -wal then never holds saved notes that closing would write into
        a file copied over senco.db meanwhile, and any later change to the file is either
        another connection's save (data_version moves) or not SQLite's at all."""
        self._seen_version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        try:
            busy, frames, copied = self._conn.execute(
                "PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error:  # the save itself is committed: a copy left for later
            busy, frames, copied = 1, 0, 0
        self._settled = not busy and frames == copied
        self._identity = _identity(self.path)

    def _check_same_file(self) -> None:
        """Saving stops once the file at our path is not the one opened (deleted, moved, or
        replaced, by hand or by copying a backup over it): SQLite would go on writing to
        the old one, or into the copy, and everything typed from then on would vanish.

        A file changed in place (`cp backup senco.db`) keeps its inode; only its size and
        time tell. Another connection's save (`senco add` while the app is open) changes
        them too, when it is copied in, but that save moves data_version; a copy leaves
        it still. Until a checkpoint of ours has settled everything, a change may be
        another's copy still under way, so it is let pass (and settled after this save).
        """
        now = _identity(self.path)
        if self._identity is None or now == self._identity:
            return
        if now is not None and now[:2] == self._identity[:2] and (
                not self._settled or self._conn.execute(
                    "PRAGMA data_version").fetchone()[0] != self._seen_version):
            return
        self.refusal = (f"{self.path} is no longer the file senco-tui opened (it was "
                        "deleted, moved or replaced while senco-tui was open), so nothing "
                        "more will be saved to it; what you typed is still on screen: copy "
                        "it somewhere safe, then quit and start senco-tui again")
        raise StoreError(self.refusal)

    # -- backups ---------------------------------------------------------------

    @property
    def backup_dir(self) -> Path:
        return self.path.parent / BACKUP_DIR

    def backup(self) -> Path:
        """A consistent, checked copy made with SQLite's backup API; keeps the newest ten.

        The copy counts only once it passes quick_check, so a failed one never takes
        the place of a good one. Backups are numbered in the order they are made, and
        kept and pruned by that number: a clock that was wrong cannot make a new
        backup look old. StoreError (one line) when it cannot be made.
        """
        folder = self.backup_dir
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        part = folder / f"senco-{stamp}.{os.getpid()}.part"
        try:
            with _private_files():
                folder.mkdir(mode=0o700, exist_ok=True)
                # Copy to a .part file first, so a killed copy never looks like a backup.
                copy = sqlite3.connect(part)
                try:
                    self._conn.backup(copy)
                    copy.execute("PRAGMA journal_mode = DELETE")
                finally:
                    copy.close()
                problem = _problem(part)
                if problem:
                    raise StoreError(f"the backup copy of {self.path} failed its check "
                                     f"({problem}); the backups already in {folder} were kept")
                with open(part, "rb") as f:
                    os.fsync(f.fileno())
                target = _link_backup(part, folder, stamp)
        except (OSError, sqlite3.Error) as exc:
            raise _backup_failed(self.path, exc) from None
        finally:
            with contextlib.suppress(OSError):
                part.unlink()
        self._prune_backups(keep=target)
        return target

    def backups(self) -> list[Path]:
        """Backups, newest first (in the order they were made)."""
        return _backups(self.backup_dir)

    def _backed_up_today(self) -> bool:
        today = date.today().strftime("%Y%m%d")
        return any(_backup_order(p)[1].startswith(today) for p in self.backups())

    def _prune_backups(self, keep: Path) -> None:
        for old in self.backups()[KEEP_BACKUPS:]:
            if old != keep:
                with contextlib.suppress(OSError):
                    old.unlink()
        # copies left behind by a killed process
        for part in self.backup_dir.glob("senco-*.part"):
            with contextlib.suppress(OSError):
                if time.time() - part.stat().st_mtime > 3600:
                    part.unlink()

    # -- SENCos ----------------------------------------------------------------

    _SENCO = "SELECT id, name, school, checklist_set, carry_policy FROM sencos"

    def add_senco(self, name: str, school: str, checklist_set: str, *,
                  carry_policy: CarryPolicy | None = None) -> Senco:
        name, school = senco_name(name), one_line(school)
        check_carry_policy(carry_policy)
        with self.transaction():
            self._check_name_free(name, None)
            cur = self._writer.execute(
                "INSERT INTO sencos (name, name_key, school, checklist_set, carry_policy) "
                "VALUES (?, ?, ?, ?, ?)",
                (name, name.casefold(), school, checklist_set, carry_policy))
            return self.get_senco(_row_id(cur.lastrowid))

    def update_senco(self, senco_id: int, *, name: str, school: str, checklist_set: str,
                     carry_policy: CarryPolicy | None = None) -> Senco:
        name, school = senco_name(name), one_line(school)
        check_carry_policy(carry_policy)
        with self.transaction():
            self.get_senco(senco_id)
            self._check_name_free(name, senco_id)
            self._conn.execute(
                "UPDATE sencos SET name = ?, name_key = ?, school = ?, checklist_set = ?, "
                "carry_policy = ? WHERE id = ?",
                (name, name.casefold(), school, checklist_set, carry_policy, senco_id))
            return self.get_senco(senco_id)

    def _check_name_free(self, name: str, senco_id: int | None) -> None:
        other = self.find_senco(name)
        if other is not None and other.id != senco_id:
            raise UserError(f"there is already a SENCo called {other.name!r} "
                            f"({other.school or 'no school'})")

    def list_sencos(self) -> list[Senco]:
        rows = self._conn.execute(self._SENCO + " ORDER BY name_key, id")
        return [Senco(*row) for row in rows]

    def get_senco(self, senco_id: int) -> Senco:
        row = self._conn.execute(self._SENCO + " WHERE id = ?", (senco_id,)).fetchone()
        if row is None:
            raise UserError(f"no SENCo with id {senco_id} in {self.path}")
        return Senco(*row)

    def find_senco(self, name: str) -> Senco | None:
        row = self._conn.execute(self._SENCO + " WHERE name_key = ?",
                                 (name.strip().casefold(),)).fetchone()
        return Senco(*row) if row else None

    # -- meetings --------------------------------------------------------------

    _MEETING = ("SELECT id, senco_id, year, half_term, held_on, attendees, carry_policy "
                "FROM meetings")

    @staticmethod
    def _meeting(row: Any) -> Meeting:
        return Meeting(row[0], row[1], row[2], row[3], _day(row[4], "a meeting's date"), row[5],
                       row[6])

    def get_or_create_meeting(self, senco_id: int, year: str, half_term: str) -> Meeting:
        found = self.find_meeting(senco_id, year, half_term)
        if found is not None:
            return found
        check_year(year)
        check_choice(half_term, HALF_TERMS, "half-term")
        with self.transaction():
            self.get_senco(senco_id)
            self._conn.execute(
                "INSERT INTO meetings (senco_id, year, half_term, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (senco_id, year, half_term) DO NOTHING",
                (senco_id, year, half_term, _now()))
            made = self.find_meeting(senco_id, year, half_term)
            assert made is not None  # inserted just now, in this transaction
            return made

    def find_meeting(self, senco_id: int, year: str, half_term: str) -> Meeting | None:
        row = self._conn.execute(
            self._MEETING + " WHERE senco_id = ? AND year = ? AND half_term = ?",
            (senco_id, year, half_term)).fetchone()
        return self._meeting(row) if row else None

    def get_meeting(self, meeting_id: int) -> Meeting:
        row = self._conn.execute(self._MEETING + " WHERE id = ?", (meeting_id,)).fetchone()
        if row is None:
            raise UserError(f"no meeting with id {meeting_id} in {self.path}")
        return self._meeting(row)

    def list_meetings(self, senco_id: int) -> list[Meeting]:
        rows = self._conn.execute(self._MEETING + " WHERE senco_id = ?", (senco_id,))
        return sorted((self._meeting(row) for row in rows), key=lambda m: m.order)

    def all_meetings(self) -> list[Meeting]:
        return [self._meeting(row) for row in self._read(self._MEETING + " ORDER BY id")]

    def set_meeting_details(self, meeting_id: int, *, held_on: date | None,
                            attendees: str) -> Meeting:
        with self.transaction():
            self.get_meeting(meeting_id)
            self._conn.execute("UPDATE meetings SET held_on = ?, attendees = ? WHERE id = ?",
                               (_iso(held_on), one_line(attendees), meeting_id))
            return self.get_meeting(meeting_id)

    def fix_carry_policy(self, meeting_id: int, policy: CarryPolicy) -> Meeting:
        with self.transaction():
            check_carry_policy(policy)
            self._conn.execute("UPDATE meetings SET carry_policy = ? "
                               "WHERE id = ? AND carry_policy IS NULL", (policy, meeting_id))
            return self.get_meeting(meeting_id)

    def delete_meeting(self, meeting_id: int) -> None:
        """Remove a meeting and its (empty) answers. Whether it may go is the meeting
        session's rule; a meeting an action or a review points to is refused here too."""
        with self.transaction():
            meeting = self.get_meeting(meeting_id)
            used = self._conn.execute(
                "SELECT (SELECT count(*) FROM actions WHERE meeting_id = :m "
                "OR closed_meeting_id = :m) + (SELECT count(*) FROM reviews "
                "WHERE meeting_id = :m)", {"m": meeting_id}).fetchone()[0]
            if used:
                raise UserError(f"the {meeting.label} meeting has actions or reviews recorded; "
                                "only an empty meeting can be deleted")
            self._conn.execute("DELETE FROM answers WHERE meeting_id = ?", (meeting_id,))
            self._conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))

    # -- answers ---------------------------------------------------------------

    _ANSWER = ("SELECT a.meeting_id, a.question_id, a.section, a.question_text, a.status, "
               "a.notes, a.updated_at, a.version, a.carry FROM answers a")

    @staticmethod
    def _answer(row: Any) -> Answer:
        # the row is Answer's fields in order but the last, 0 or 1 here (a year reads
        # thousands: no keyword __new__)
        return tuple.__new__(Answer, row[:8] + (row[8] != 0,))

    def answers(self, meeting_id: int) -> dict[str, Answer]:
        rows = self._read(self._ANSWER + " WHERE a.meeting_id = ?", (meeting_id,))
        return {row[1]: self._answer(row) for row in rows}

    def senco_answers(self, senco_id: int) -> list[Answer]:
        rows = self._read(
            # IN, not a join: the rows come in the primary key's order, with no sort
            self._ANSWER + " WHERE a.meeting_id IN (SELECT id FROM meetings WHERE senco_id = ?) "
            "ORDER BY a.meeting_id, a.question_id", (senco_id,))
        return [self._answer(row) for row in rows]

    def all_answers(self) -> list[Answer]:
        # Read in the table's own order and sorted here: by the primary key's index, SQLite
        # would look each row up in the table apart (a report of every SENCo reads tens of
        # thousands). Sorted by meeting and question, unique, so no further field compares.
        return self._answers_sorted(self._read(self._ANSWER))

    @staticmethod
    def _answers_sorted(rows: list[Any]) -> list[Answer]:
        rows.sort()
        new = tuple.__new__  # _answer written out: no call and no slice for each row
        return [new(Answer, (m, q, section, text, status, notes, at, version, carry != 0))
                for m, q, section, text, status, notes, at, version, carry in rows]

    def answer_index(self) -> list[tuple[int, str, int]]:
        return self._read("SELECT meeting_id, question_id, status IS NOT NULL FROM answers")

    def answers_of(self, meeting_ids: Collection[int],
                   keys: Collection[tuple[int, str]]) -> list[Answer]:
        import json  # only here and in actions_of: no other read needs it

        # each list as JSON, one parameter: SQLite may take as few as 999 parameters
        return self._answers_sorted(self._read(
            self._ANSWER + " WHERE a.meeting_id IN (SELECT value FROM json_each(?)) UNION ALL "
            + self._ANSWER + " WHERE (a.meeting_id, a.question_id) IN (SELECT "
            "json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))",
            (json.dumps(list(meeting_ids)), json.dumps(list(keys)))))

    def set_status(self, meeting_id: int, question_id: str, section: str,
                   question_text: str, status: str | None, *, carry: bool = True) -> Answer:
        if status is not None:
            check_choice(status, STATUSES, "status")
        return self._save_answer(meeting_id, question_id, section, question_text,
                                 "status", status, carry)

    def set_notes(self, meeting_id: int, question_id: str, section: str,
                  question_text: str, notes: str, *, expected_version: int | None = None,
                  carry: bool = True) -> Answer:
        """With expected_version (the version read; 0: none saved yet), notes saved
        meanwhile by someone else are not overwritten: SaveConflict carries both."""
        with self.transaction():
            self.get_meeting(meeting_id)
            guard = "" if expected_version is None else " WHERE answers.version = :expected"
            self._conn.execute(
                "INSERT INTO answers (meeting_id, question_id, section, question_text, notes, "
                "updated_at, version, carry) VALUES (:m, :q, :s, :t, :n, :at, 1, :carry) "
                "ON CONFLICT (meeting_id, question_id) DO UPDATE SET notes = excluded.notes, "
                "updated_at = excluded.updated_at, version = answers.version + 1" + guard,
                {"m": meeting_id, "q": question_id, "s": section, "t": question_text,
                 "n": notes, "at": _now(), "expected": expected_version, "carry": carry})
            changed = self._conn.execute("SELECT changes()").fetchone()[0]
            answer = self._answer_now(meeting_id, question_id)
        if changed == 0:
            raise SaveConflict(answer, notes)
        return answer

    def _answer_now(self, meeting_id: int, question_id: str) -> Answer:
        row = self._conn.execute(self._ANSWER + " WHERE meeting_id = ? AND question_id = ?",
                                 (meeting_id, question_id)).fetchone()
        return self._answer(row)

    def _save_answer(self, meeting_id: int, question_id: str, section: str,
                     question_text: str, column: str, value: str | None,
                     carry: bool) -> Answer:
        # The question's wording, section and carry flag are kept as first asked in this
        # meeting: editing the YAML later never rewrites what was discussed.
        with self.transaction():
            self.get_meeting(meeting_id)
            self._conn.execute(
                f"INSERT INTO answers (meeting_id, question_id, section, question_text, "
                f"{column}, updated_at, carry) VALUES (?, ?, ?, ?, ?, ?, ?) "
                f"ON CONFLICT (meeting_id, question_id) DO UPDATE SET "
                f"{column} = excluded.{column}, updated_at = excluded.updated_at",
                (meeting_id, question_id, section, question_text, value, _now(), carry))
            return self._answer_now(meeting_id, question_id)

    # -- actions ---------------------------------------------------------------

    _ACTION = ("SELECT x.id, x.meeting_id, x.question_id, x.text, x.owner, x.due, x.status, "
               "x.created_at, x.closed_at, x.closed_meeting_id, x.version FROM actions x")

    @staticmethod
    def _action(row: Any) -> Action:
        # every field in Action's order, without its keyword __new__ (a year reads thousands)
        return tuple.__new__(Action, (row[0], row[1], row[2], row[3], row[4],
                                      _day(row[5], "an action's due date"), row[6], row[7],
                                      row[8], row[9], row[10]))

    def add_action(self, meeting_id: int, question_id: str | None, text: str, owner: str,
                   due: date | None) -> Action:
        text, owner = action_text(text), one_line(owner)
        with self.transaction():
            self.get_meeting(meeting_id)
            cur = self._writer.execute(
                "INSERT INTO actions (meeting_id, question_id, text, owner, due, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (meeting_id, question_id, text, owner, _iso(due), _now()))
            return self.get_action(_row_id(cur.lastrowid))

    def update_action(self, action_id: int, *, text: str, owner: str, due: date | None,
                      expected_version: int | None = None) -> Action:
        """With expected_version, an edit saved meanwhile raises SaveConflict instead."""
        text, owner = action_text(text), one_line(owner)
        with self.transaction():
            current = self.get_action(action_id)
            if expected_version is not None and current.version != expected_version:
                raise SaveConflict(current, text)
            self._conn.execute("UPDATE actions SET text = ?, owner = ?, due = ?, "
                               "version = version + 1 WHERE id = ?",
                               (text, owner, _iso(due), action_id))
            return self.get_action(action_id)

    def get_action(self, action_id: int) -> Action:
        row = self._conn.execute(self._ACTION + " WHERE x.id = ?", (action_id,)).fetchone()
        if row is None:
            raise UserError(f"no action with id {action_id} in {self.path}")
        return self._action(row)

    def senco_actions(self, senco_id: int) -> list[Action]:
        rows = self._read(
            self._ACTION + " JOIN meetings m ON m.id = x.meeting_id WHERE m.senco_id = ? "
            "ORDER BY x.id", (senco_id,))
        return [self._action(row) for row in rows]

    def all_actions(self) -> list[Action]:
        return self._actions(self._read(self._ACTION + " ORDER BY x.id"))

    def actions_of(self, meeting_ids: Collection[int]) -> list[Action]:
        import json  # only here and in answers_of: no other read needs it

        ids = json.dumps(list(meeting_ids))
        return self._actions(self._read(
            self._ACTION + " WHERE x.status = 'open' OR x.meeting_id IN (SELECT value FROM "
            "json_each(?)) OR x.closed_meeting_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY x.id", (ids, ids)))

    @staticmethod
    def _actions(rows: list[Any]) -> list[Action]:
        # _action written out: no call for each row but the due date's (a report of every
        # SENCo reads thousands)
        new, day = tuple.__new__, _day
        return [new(Action, (i, m, q, text, owner, day(due, "an action's due date") if due
                             else None, status, created, closed_at, closed_in, version))
                for i, m, q, text, owner, due, status, created, closed_at, closed_in, version
                in rows]

    def move_action(self, action_id: int, question_id: str | None) -> Action:
        with self.transaction():
            self.get_action(action_id)
            self._conn.execute("UPDATE actions SET question_id = ?, version = version + 1 "
                               "WHERE id = ?", (question_id, action_id))
            return self.get_action(action_id)

    def delete_action(self, action_id: int) -> None:
        """An action and the reviews of it go (whether it may is the session's rule)."""
        with self.transaction():
            self.get_action(action_id)
            self._conn.execute("DELETE FROM reviews WHERE action_id = ?", (action_id,))
            self._conn.execute("DELETE FROM actions WHERE id = ?", (action_id,))

    # -- putting a row back as it was (undo and redo) -------------------------------

    def restore_answer(self, meeting_id: int, question_id: str, answer: Answer | None) -> None:
        """The answer as it was (None: there was none)."""
        with self.transaction():
            if answer is None:
                self._conn.execute("DELETE FROM answers WHERE meeting_id = ? AND "
                                   "question_id = ?", (meeting_id, question_id))
                return
            self._conn.execute(
                "INSERT INTO answers (meeting_id, question_id, section, question_text, status, "
                "notes, updated_at, version, carry) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?) "
                "ON CONFLICT (meeting_id, question_id) DO UPDATE SET status = excluded.status, "
                "notes = excluded.notes, updated_at = excluded.updated_at, "
                "version = answers.version + 1",
                (meeting_id, question_id, answer.section, answer.question_text, answer.status,
                 answer.notes, _now(), answer.carry))

    def restore_action(self, action_id: int, action: Action | None) -> None:
        """The action as it was (None: there was none; it goes, with its reviews)."""
        with self.transaction():
            if action is None:
                self._conn.execute("DELETE FROM reviews WHERE action_id = ?", (action_id,))
                self._conn.execute("DELETE FROM actions WHERE id = ?", (action_id,))
                return
            self._conn.execute(
                "INSERT INTO actions (id, meeting_id, question_id, text, owner, due, status, "
                "created_at, closed_at, closed_meeting_id, version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (id) DO UPDATE SET "
                "question_id = excluded.question_id, text = excluded.text, "
                "owner = excluded.owner, due = excluded.due, status = excluded.status, "
                "closed_at = excluded.closed_at, "
                "closed_meeting_id = excluded.closed_meeting_id, version = actions.version + 1",
                (action_id, action.meeting_id, action.question_id, action.text, action.owner,
                 _iso(action.due), action.status, action.created_at, action.closed_at,
                 action.closed_meeting_id))

    def restore_review(self, meeting_id: int, key: str, review: Review | None) -> None:
        """This meeting's review of a carried item (`key`: "action:12" or
        "question:gcse-outcomes") as it was (None: there was none)."""
        target, ident = review_target(key)
        with self.transaction():
            self._conn.execute(f"DELETE FROM reviews WHERE meeting_id = ? AND {target} = ?",
                               (meeting_id, ident))
            if review is not None:
                self._conn.execute(
                    "INSERT INTO reviews (id, meeting_id, kind, action_id, question_id, "
                    "decision, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (review.id, meeting_id, review.kind, review.action_id, review.question_id,
                     review.decision, review.note, review.at))

    # -- reviews of carried items ------------------------------------------------

    _REVIEW = ("SELECT r.id, r.meeting_id, r.kind, r.action_id, r.question_id, r.decision, "
               "r.note, r.at FROM reviews r")

    def review(self, meeting_id: int, *, kind: str, action_id: int | None = None,
               question_id: str | None = None, decision: str, note: str = "") -> Review:
        """Record what this meeting decided about an item; a second review replaces the first.

        Closing an action (done/dropped) records when and in which meeting; deciding
        "open" again re-opens an action this same meeting had closed.
        """
        check_choice(decision, DECISIONS, "decision")
        check_choice(kind, ("action", "question"), "kind")
        if (kind == "action") != (action_id is not None) or (
                kind == "question") != (question_id is not None):
            raise ValueError("review: kind='action' needs action_id only, "
                             "kind='question' needs question_id only")
        now = _now()
        with self.transaction():
            meeting = self.get_meeting(meeting_id)
            if kind == "action":
                assert action_id is not None  # checked above
                self._close_or_reopen(meeting, action_id, decision, now)
            target = "action_id" if kind == "action" else "question_id"
            self._conn.execute(
                "INSERT INTO reviews (meeting_id, kind, action_id, question_id, decision, note, "
                "at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                f"ON CONFLICT (meeting_id, {target}) DO UPDATE SET "
                "decision = excluded.decision, note = excluded.note, at = excluded.at",
                (meeting_id, kind, action_id, question_id, decision, note, now))
            row = self._conn.execute(
                self._REVIEW + f" WHERE r.meeting_id = ? AND r.{target} = ?",
                (meeting_id, action_id if kind == "action" else question_id)).fetchone()
            return Review(*row)

    def _close_or_reopen(self, meeting: Meeting, action_id: int, decision: str,
                         now: str) -> None:
        action = self.get_action(action_id)
        if self.get_meeting(action.meeting_id).senco_id != meeting.senco_id:
            raise ValueError(f"action {action_id} belongs to another SENCo's meetings")
        if decision in ("done", "dropped"):
            self._conn.execute(
                "UPDATE actions SET status = ?, closed_at = ?, closed_meeting_id = ? "
                "WHERE id = ?", (decision, now, meeting.id, action_id))
        elif action.closed_meeting_id == meeting.id:
            # Re-reviewed as still open in the meeting that had closed it. An action
            # closed by another meeting stays closed: that meeting's decision stands.
            self._conn.execute(
                "UPDATE actions SET status = 'open', closed_at = NULL, "
                "closed_meeting_id = NULL WHERE id = ?", (action_id,))

    def senco_reviews(self, senco_id: int) -> list[Review]:
        rows = self._read(
            self._REVIEW + " JOIN meetings m ON m.id = r.meeting_id WHERE m.senco_id = ? "
            "ORDER BY r.id", (senco_id,))
        # each row is Review's fields in order: no keyword __new__ for thousands
        return [tuple.__new__(Review, row) for row in rows]

    def all_reviews(self) -> list[Review]:
        return [tuple.__new__(Review, row) for row in self._read(self._REVIEW + " ORDER BY r.id")]

    def reviews(self, meeting_id: int) -> dict[str, Review]:
        rows = self._conn.execute(self._REVIEW + " WHERE r.meeting_id = ? ORDER BY r.id",
                                  (meeting_id,))
        return {review.item_key: review for review in (Review(*row) for row in rows)}

    # -- search ------------------------------------------------------------------

    # Every piece of text a search looks in: (kind, meeting, question, SENCo, text)
    _TEXTS = (
        "SELECT 'notes' AS kind, a.meeting_id AS meeting_id, a.question_id AS question_id, "
        "m.senco_id AS senco_id, a.notes AS body FROM answers a "
        "JOIN meetings m ON m.id = a.meeting_id WHERE a.notes != '' "
        "UNION ALL SELECT 'action', x.meeting_id, x.question_id, m.senco_id, x.text "
        "FROM actions x JOIN meetings m ON m.id = x.meeting_id "
        "UNION ALL SELECT 'update', r.meeting_id, "
        "coalesce(r.question_id, (SELECT question_id FROM actions WHERE id = r.action_id)), "
        "m.senco_id, r.note FROM reviews r JOIN meetings m ON m.id = r.meeting_id "
        "WHERE r.note != ''")

    def search_text(self, words: Sequence[str], senco_id: int | None = None,
                    limit: int = 500) -> list[TextHit]:
        """With SQLite's FTS5 (most builds have it): a full-text index, without case or
        accents, each word matching the start of a word. It is a TEMP table in memory,
        built at the first search and again after any change: nothing is added to the
        file, so a store stays usable by an SQLite without FTS5, and no copy of the
        notes is left anywhere else. Without FTS5: LIKE, which ignores the case of
        ASCII letters only."""
        words = [w for w in words if w.strip()]
        if not words:
            return []
        if self._search_index():
            query = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
            sql = ("SELECT kind, meeting_id, question_id, body FROM temp.search_index "
                   "WHERE search_index MATCH ?" + (" AND senco_id = ?" if senco_id else "")
                   + " ORDER BY rank LIMIT ?")
            params: list[object] = [query, *([senco_id] if senco_id else []), limit]
            try:
                rows = self._conn.execute(sql, params).fetchall()
            except (sqlite3.OperationalError, StoreError):
                rows = []  # e.g. only punctuation typed: no word to look for
        else:
            like = [f"%{_like_escape(w)}%" for w in words]
            sql = (f"SELECT kind, meeting_id, question_id, body FROM ({self._TEXTS}) WHERE "
                   + " AND ".join("body LIKE ? ESCAPE '\\'" for _ in like)
                   + (" AND senco_id = ?" if senco_id else "") + " LIMIT ?")
            rows = self._conn.execute(sql, [*like, *([senco_id] if senco_id else []),
                                            limit]).fetchall()
        return [TextHit(*row) for row in rows]

    def _search_index(self) -> bool:
        """Make sure the FTS5 index is there and up to date; False without FTS5."""
        if self._index_stamp == (-1, -1):
            return False
        stamp = self._stamp()
        if stamp == self._index_stamp:
            return True
        try:
            if self._index_stamp is None:
                # in memory: the notes never reach a temporary file
                self._conn.execute("PRAGMA temp_store = MEMORY")
                self._conn.execute(
                    "CREATE VIRTUAL TABLE temp.search_index USING fts5(body, kind UNINDEXED, "
                    "meeting_id UNINDEXED, question_id UNINDEXED, senco_id UNINDEXED, "
                    "tokenize = 'unicode61 remove_diacritics 2')")
            else:
                self._conn.execute("DELETE FROM temp.search_index")
            self._conn.execute(
                "INSERT INTO temp.search_index (kind, meeting_id, question_id, senco_id, body) "
                f"SELECT * FROM ({self._TEXTS})")
        except (sqlite3.OperationalError, StoreError):
            self._index_stamp = (-1, -1)  # no FTS5 here: LIKE from now on
            return False
        self._index_stamp = self._stamp()
        return True

    def _stamp(self) -> tuple[int, int]:
        """Changes to the file: by other connections (data_version), and by this one."""
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        changes = self._conn.execute("SELECT total_changes()").fetchone()[0]
        return (version, changes)


# -- helpers -----------------------------------------------------------------------


# the parameters of one statement
_Params = Sequence[object] | Mapping[str, object]


class _Rows(list[Any]):
    """Rows already fetched, answering like a cursor."""

    def fetchone(self) -> Any:
        return self[0] if self else None

    def fetchall(self) -> list[Any]:
        return list(self)


class _CheckedConnection:
    """A read-only connection whose reads report a damaged page as damage, not a crash.

    Rows are fetched at once so that any error surfaces here, inside the check.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self._conn = conn
        self._path = path

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    def execute(self, sql: str, params: _Params = ()) -> _Rows:
        try:
            return _Rows(self._conn.execute(sql, params).fetchall())
        except sqlite3.Error as exc:
            raise _trouble(self._path, exc) from None

    def read(self, sql: str, params: _Params = ()) -> list[Any]:
        try:
            return _read_all(self._conn, sql, params)
        except sqlite3.Error as exc:
            raise _trouble(self._path, exc) from None

    def backup(self, target: sqlite3.Connection) -> None:
        try:
            self._conn.backup(target)
        except sqlite3.Error as exc:
            raise _trouble(self._path, exc) from None

    def close(self) -> None:
        self._conn.close()


def _check_header(path: Path) -> bool:
    """Whether the file exists; refuses one that is not SQLite at all (never touched)."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the store: {exc.strerror}") from None
    if head and head != SQLITE_HEADER:
        raise _damaged(path, "it is not an SQLite database")
    return bool(head)


# device, inode, size, modification time
_Identity = tuple[int, int, int, int]


def _identity(path: Path) -> _Identity | None:
    """Which file is at `path` now, and as it is now (None: none)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that writes nothing, not even SQLite's side files, where it can.

    A plain read-only connection still writes its read marks into the -shm index;
    readonly_shm=1 keeps that file as it is too, but needs it to exist and to be usable
    read-only. Failing that, the plain read-only connection (which may create an empty
    -wal and a -shm: the store itself stays as it is); failing that too (a full disk
    cannot hold a new -shm), with no -wal holding anything, the file read as immutable.
    """
    uri = path.absolute().as_uri()
    wal, shm = (path.with_name(path.name + side) for side in ("-wal", "-shm"))
    attempts = [f"{uri}?mode=ro&readonly_shm=1"] if shm.exists() else []
    attempts.append(f"{uri}?mode=ro")
    try:
        if not wal.exists() or wal.stat().st_size == 0:
            attempts.append(f"{uri}?immutable=1")
    except OSError:
        pass
    for attempt in attempts:
        try:
            conn = sqlite3.connect(attempt, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the store: {exc}") from None
        conn.text_factory = _text
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        except sqlite3.Error as exc:
            if attempt != attempts[-1] and _code(exc) in (_CANTOPEN, _READONLY, _IOERR, _FULL):
                conn.close()
                continue
            # damage, say: the checks that follow report it in the user's terms
        return conn
    raise AssertionError("unreachable: the last attempt returns")


def _check(conn: _CheckedConnection, path: Path, *, quick: bool,
           fresh_ok: bool) -> tuple[int, int]:
    """(user_version, number of tables) of an existing file, after refusing one that is
    damaged (quick_check), another program's, or from a newer senco-tui.

    fresh_ok: an SQLite file with nothing in it yet may become a store.
    """
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
    if quick:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise _damaged(path, "; ".join(problems[:3]))
    if app_id != APPLICATION_ID and not (fresh_ok and app_id == 0 and not tables):
        raise StoreError(f"{path} is not a senco-tui store (it is another program's "
                         "database); it was left untouched. Move it away or use --data-dir")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path} was made by a newer senco-tui (store version {version}, "
                         f"this one knows up to {SCHEMA_VERSION}); upgrade senco-tui. The "
                         "file was left untouched")
    return version, tables


def _inspect(path: Path, *, fresh_ok: bool) -> tuple[int, int]:
    """_check, with quick_check, on a connection that writes nothing at all.

    With no -wal, -shm or journal beside the file no connection has it open, so it is
    read as immutable: SQLite then creates no side files either. Should one appear
    meanwhile (another senco-tui starting), a failed check is made again, properly.
    """
    sides = [path.with_name(path.name + side) for side in ("-wal", "-shm", "-journal")]
    if not any(side.exists() for side in sides):
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?immutable=1", uri=True)
        conn.text_factory = _text
        checked = _CheckedConnection(conn, path)
        try:
            return _check(checked, path, quick=True, fresh_ok=fresh_ok)
        except StoreError:
            if not any(side.exists() for side in sides):
                raise
        finally:
            checked.close()
    checked = _CheckedConnection(_connect_read_only(path), path)
    try:
        return _check(checked, path, quick=True, fresh_ok=fresh_ok)
    finally:
        checked.close()


class _Inspection:
    """_inspect(path) in a thread of its own; result() waits for it and raises what it
    raised (StoreError: damaged, another program's, newer)."""

    def __init__(self, path: Path):
        import threading

        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(path,), daemon=True,
                                        name="senco-tui quick_check")
        self._thread.start()

    def _run(self, path: Path) -> None:
        try:
            _inspect(path, fresh_ok=False)
        except BaseException as exc:  # handed to the thread that waits for it
            self._error = exc

    def result(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error


def _refuse_if_backed_up(path: Path) -> None:
    """A missing or empty store beside backups is a lost one, not a first run: never
    start afresh over it (the fresh store's backups would soon push the good ones out)."""
    backups = _backups(path.parent / BACKUP_DIR)
    if backups:
        state = "is empty (0 bytes)" if path.exists() else "is missing"
        raise StoreError(f"{path} {state}, but there are backups in {path.parent / BACKUP_DIR}; "
                         f"the newest is {backups[0]}: to go back to it, run  senco-tui "
                         f"restore \"{backups[0]}\"  (to start afresh instead, move the "
                         "backups folder away first)")


def _backup_order(path: Path) -> tuple[int, str, int]:
    """(number, time stamp, same-second number): the order backups were made in. Names
    from before the numbering (senco-YYYYMMDD-HHMMSS[-N].db) come first, by time."""
    m = re.match(_BACKUP_NAME, path.name)
    if m is None:
        return (0, "", 0)
    return (int(m.group(1) or 0), m.group(2), int(m.group(3) or 1))


def _backups(folder: Path) -> list[Path]:
    try:
        found = [entry for entry in folder.iterdir() if re.match(_BACKUP_NAME, entry.name)]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(found, key=_backup_order, reverse=True)


def _link_backup(part: Path, folder: Path, stamp: str) -> Path:
    """Give the checked copy the next number; link fails if another process took it."""
    number = 1 + max((_backup_order(p)[0] for p in _backups(folder)), default=0)
    while True:
        target = folder / f"senco-{number:06d}-{stamp}.db"
        try:
            os.link(part, target)
        except FileExistsError:
            number += 1
            continue
        except OSError:  # no hard links here: rename instead
            os.replace(part, target)
        return target


def _disk_full(folder: Path, exc: OSError | sqlite3.Error) -> bool:
    if isinstance(exc, sqlite3.Error) and _code(exc) == _FULL:
        return True
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return True
    # SQLite says only "disk I/O error" when it cannot make or grow its -shm
    import shutil  # only here and in restore: it costs every command's start-up 2 ms

    try:
        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False


def _cannot_write(path: Path, exc: OSError | sqlite3.Error) -> StoreError:
    """An error while opening a checked store for writing, in the user's terms."""
    if _disk_full(path.parent, exc):
        return StoreError(f"{path}: the disk is full, so nothing can be saved; free some "
                          "space on it, then try again")
    if isinstance(exc, OSError):
        return StoreError(f"{path}: cannot save: {exc.strerror}")
    return _trouble(path, exc)


def _backup_failed(path: Path, exc: OSError | sqlite3.Error) -> StoreError:
    if _disk_full(path.parent, exc):
        why, then = "the disk is full", "free some space on the disk, then try again"
    else:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        then = "check that folder and the disk, then try again"
    return StoreError(f"the backup of {path} could not be made in {path.parent / BACKUP_DIR} "
                      f"({why}); nothing has been changed: {then}")


def _problem(file: Path) -> str | None:
    """What makes `file` unusable as a store (checked without writing anything), or None."""
    try:
        with open(file, "rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        return f"it cannot be read: {exc.strerror}"
    if head != SQLITE_HEADER:
        return "it is not an SQLite database" if head else "it is empty (0 bytes)"
    try:
        # immutable: a backup is nobody's open store, so no locks and no side files
        conn = sqlite3.connect(f"{file.absolute().as_uri()}?immutable=1", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return f"it is damaged ({exc})"
    if app_id != APPLICATION_ID:
        return "it is not a senco-tui store"
    if version > SCHEMA_VERSION:
        return "it was made by a newer senco-tui"
    if problems != ["ok"]:
        return "it is damaged (" + " ".join("; ".join(problems[:3]).replace(
            "*** in database main ***", "").split()) + ")"
    return None


def restore(data_dir: Path, backup: Path) -> Path | None:
    """Put a copy of `backup` in place of the store, after checking it (and the copy).

    The file it replaces, with its -wal, -shm and journal (which SQLite would otherwise
    apply to the restored copy, damaging it), is moved aside into
    data_dir/replaced-YYYYMMDD-HHMMSS/, returned (None when there was nothing to move).
    The caller holds the app's lock. StoreError, with nothing changed, when the backup
    is not a sound senco-tui store.
    """
    data_dir, backup = Path(data_dir), Path(backup).absolute()
    path = data_dir / DB_NAME
    if not backup.is_file():
        raise StoreError(f"{backup}: no such backup file; the backups are in "
                         f"{data_dir / BACKUP_DIR}")
    problem = _problem(backup)
    if problem:
        raise StoreError(f"{backup} cannot be restored: {problem}; nothing was changed")
    import shutil

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    with _private_files():
        incoming = data_dir / f".senco-restoring-{stamp}.{os.getpid()}.part"
        try:
            data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copyfile(backup, incoming)
            with open(incoming, "rb") as f:
                os.fsync(f.fileno())
            problem = _problem(incoming)
            if problem:
                raise StoreError(f"the copy of {backup} failed its check ({problem}); "
                                 "nothing was changed")
        except BaseException as exc:
            with contextlib.suppress(OSError):
                incoming.unlink()
            if isinstance(exc, OSError):
                raise StoreError(f"could not copy {backup} into {data_dir} "
                                 f"({exc.strerror}); nothing was changed") from None
            raise
        present = [p for p in (path, *(path.with_name(path.name + side)
                                       for side in ("-wal", "-shm", "-journal")))
                   if p.exists() or p.is_symlink()]
        aside = None
        if present:
            aside = data_dir / f"replaced-{stamp}"
            n = 1
            while aside.exists():
                n += 1
                aside = data_dir / f"replaced-{stamp}-{n}"
            try:
                aside.mkdir(mode=0o700)
                for p in present:
                    os.rename(p, aside / p.name)
            except OSError as exc:
                raise StoreError(f"could not move {path} aside into {aside} "
                                 f"({exc.strerror}); the checked copy of the backup is "
                                 f"{incoming}") from None
        os.replace(incoming, path)
        _sync_folder(data_dir)
    return aside


def _sync_folder(folder: Path) -> None:
    """Make renames in `folder` durable where the platform allows it."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# SQLite's primary result codes (the low byte of an extended one)
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = (
    3, 5, 6, 8, 10, 11, 13, 14, 26)


def _code(exc: sqlite3.Error) -> int:
    return (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF


def _trouble(path: Path, exc: sqlite3.Error) -> StoreError:
    """An SQLite error in the user's terms: damage only when SQLite says the file is damaged
    (a store that merely cannot be opened or written must not send anyone to a backup)."""
    code = _code(exc)
    if code in (_CORRUPT, _NOTADB):
        return _damaged(path, str(exc))
    if code in (_BUSY, _LOCKED):
        return StoreError(f"{path}: the store is busy (another program is writing to it); try "
                          "again")
    if code in (_PERM, _READONLY, _CANTOPEN, _IOERR):
        side = _unwritable_side(path)
        if side is not None:
            return StoreError(side)
    if code in (_PERM, _READONLY, _CANTOPEN):
        return StoreError(f"{path}: cannot open the store ({exc}): check that you can read "
                          f"and write the file and its folder {path.parent} (permissions, "
                          "a read-only disk). Nothing was changed")
    if code == _FULL:
        return StoreError(f"{path}: the disk is full; free some space and try again")
    if code == _IOERR:
        return StoreError(f"{path}: the disk could not be read or written ({exc}); "
                          "check the disk, then try again")
    return StoreError(f"{path}: {exc}")


def _unwritable_side(path: Path) -> str | None:
    """Why nothing can be saved when a side file SQLite must write (-shm, -wal, -journal)
    is there but cannot be written, e.g. left 0444 or owned by another user by an earlier
    run: SQLite itself says only "attempt to write a readonly database". None otherwise."""
    if not os.access(path.parent, os.W_OK):
        return None  # the folder: the general message says so
    for side in ("-shm", "-wal", "-journal"):
        file = path.with_name(path.name + side)
        try:
            info = file.stat()
        except OSError:
            continue
        if os.access(file, os.W_OK) or not file.exists():
            continue  # (gone meanwhile: another connection closing removed it)
        mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        whose = "" if mine else " (it belongs to another user)"
        writable = (f"make it writable (chmod u+w \"{file}\")" if mine
                    else "ask its owner to make it writable")
        if side == "-shm" or info.st_size == 0:
            # a -shm is only an index, made again from the store and its -wal
            remove = "while no senco-tui is running, remove it (it is made again)"
            fix = f"{writable} or, {remove}" if mine else f"{remove}, or {writable}"
        else:
            fix = (f"{writable}; do not remove it: it may hold the latest changes, not yet "
                   f"in {path.name}")
        return (f"{file} cannot be written{whose}, so nothing can be saved (left read-only by "
                f"another run?): {fix}. Nothing was changed")
    return None


def _damaged(path: Path, what: str) -> StoreError:
    # quick_check's report is several lines with a banner: one line, SQLite's words kept
    what = " ".join(what.replace("*** in database main ***", "").split())
    backups = _backups(path.parent / BACKUP_DIR)
    where = (f"the newest backup is {backups[0]}: to go back to it, run  senco-tui restore "
             f"\"{backups[0]}\"  (it moves the damaged file, with its -wal and -shm, aside "
             "first)" if backups
             else f"there is no backup in {path.parent / BACKUP_DIR}")
    return StoreError(f"{path} is damaged ({what}); it was left untouched; {where}")


def _row_id(rowid: int | None) -> int:
    assert rowid is not None  # an INSERT just made the row
    return rowid








def _like_escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

