"""The shared store: PostgreSQL, for a school's leadership team or a trust.

Imported only when a postgresql:// URL is chosen (psycopg is an extra:
pip install 'senco-tui[postgres]'). It implements the same interface as the SQLite
file (store/base.py) with the same records and the same errors; who may see and write
what is decided by the server's row-level security (postgres_migrations.py), never here.

Each write is one transaction; reads run in autocommit, so no transaction is left
open while the app waits for a key. A lost connection (server restarted, network
gone) is reported in one line and the next call connects again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterator, Sequence
from datetime import date, datetime
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
from senco_tui.store.postgres_migrations import MIGRATIONS, SCHEMA

try:
    import psycopg
    from psycopg import errors as pg_errors
    from psycopg.conninfo import conninfo_to_dict
except ImportError:  # pragma: no cover - checked by the factory first
    psycopg = None  # type: ignore[assignment]

SCHEMA_VERSION = len(MIGRATIONS)
CONNECT_TIMEOUT = 10  # seconds: a server that is down says so instead of hanging


def where(url: str) -> str:
    """The URL for messages: user, host, port and database, never a password."""
    try:
        info = {key: str(value) for key, value in conninfo_to_dict(url).items()}
    except psycopg.ProgrammingError:
        return "the PostgreSQL store"
    host = info.get("host") or info.get("hostaddr") or ""
    if info.get("service"):
        place = f"service {info['service']}"
    else:
        place = host + (f":{info['port']}" if info.get("port") and "/" not in host else "")
    db = info.get("dbname") or info.get("user") or ""
    user = f"{info['user']} at " if info.get("user") else ""
    return f"{user}{db} on {place}" if place else f"{user}{db}"


def connect(url: str) -> Any:
    """An autocommit connection, or a StoreError saying in one line what to do."""
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
    except psycopg.ProgrammingError as exc:  # a malformed URL
        raise StoreError(f"the store's URL cannot be read ({_first_line(exc)}); it looks like "
                         "postgresql://USER@HOST/DATABASE?sslmode=require") from None
    except psycopg.Error as exc:
        raise connect_trouble(url, exc) from None
    return conn


def connect_trouble(url: str, exc: Exception) -> StoreError:
    """Why a connection failed, in the user's terms."""
    text = str(exc)
    at = where(url)
    low = text.lower()
    if "password authentication failed" in low or "no password supplied" in low:
        return StoreError(f"{at}: the server refused the password: check the password in "
                          "your ~/.pgpass (or PGPASSWORD), or ask your IT to reset it")
    if "ssl" in low and ("does not support" in low or "required" in low or "refused" in low
                         or "certificate" in low):
        return StoreError(f"{at}: the secure (TLS) connection was refused ({_first_line(exc)}); "
                          "ask your IT to check the server's TLS set-up and your sslmode")
    if "does not exist" in low and "database" in low:
        return StoreError(f"{at}: no such database on the server; check the database name "
                          "in your connection string")
    if "role" in low and "does not exist" in low:
        return StoreError(f"{at}: the server has no such user; check the user name in your "
                          "connection string, or ask your IT to create it")
    if "connect privilege" in low or "permission denied for database" in low:
        try:
            role = conninfo_to_dict(url).get("user") or "this role"
        except psycopg.ProgrammingError:
            role = "this role"
        return StoreError(f"{at}: {role} has no part in this store yet; the database's owner "
                          f"gives it one: senco-tui trust grant {role} --line-manager-of NAME "
                          "(or --senco NAME, or --director)")
    if "pg_hba.conf" in low and "no encryption" in low:
        return StoreError(f"{at}: the server takes only secure (TLS) connections; add "
                          "sslmode=verify-full (and the trust's sslrootcert) to your "
                          "connection string or service file")
    if "pg_hba.conf" in low:
        return StoreError(f"{at}: the server does not accept this user from here "
                          "(pg_hba.conf); ask your IT to allow it")
    return StoreError(f"{at}: cannot reach the server ({_first_line(exc)}); check that it is "
                      "running and that the host and port are right, then try again")


def _first_line(exc: Exception) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    # libpq prefixes "connection to server at ... failed:" before the reason
    text = lines[-1] if lines else type(exc).__name__
    return text.removeprefix("FATAL:").strip().rstrip(".")


def _now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


def _at(value: datetime) -> str:
    # as the SQLite store writes them: local time with its offset, to the second
    return value.astimezone().isoformat(timespec="seconds")


def _stamp(value: datetime | None) -> str | None:
    return _at(value) if value is not None else None


@contextlib.contextmanager
def _together(conn: Any) -> Iterator[None]:
    """The statements sent inside as one pipeline (one wait for the server), where libpq
    has pipelines (14 and later: the binary wheel's has); else one by one, as before."""
    if psycopg.Pipeline.is_supported():
        with conn.pipeline():
            yield
    else:
        yield


class PostgresStore:
    """Open with PostgresStore.open(url); close with close() or a `with` block."""

    notice: str | None = None  # nothing to tell on opening (SQLite's WAL notice)
    refusal: str | None = None  # a failed save is always worth trying again

    def __init__(self, url: str, conn: Any):
        self.url = url
        self._conn = conn
        self._depth = 0
        self.role = ""

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, url: str, *, owner_ok: bool = False) -> PostgresStore:
        """Connect and check the schema's version and this role's part in the store.

        The tables' owner may use the store only for administration (owner_ok): the
        app and the everyday commands refuse it, because the owner sees everything.
        """
        store = cls(url, connect(url))
        try:
            store._prepare(owner_ok)
        except BaseException:
            store.close()
            raise
        return store

    def _prepare(self, owner_ok: bool) -> None:
        conn = self._conn
        at = self.where
        probe = "" if owner_ok else f", (SELECT 1 FROM {SCHEMA}.my_access LIMIT 1)"
        failed: psycopg.Error | None = None
        who = stored = None
        try:
            # One wait for the server, not four: the store's version and this role's
            # part are asked for before knowing the store is there (then they fail, and
            # the answers before them say why).
            with _together(conn):
                conn.execute(f"SET search_path TO {SCHEMA}")
                who = conn.execute(
                    "SELECT current_user, (SELECT pg_get_userbyid(nspowner) FROM pg_namespace "
                    "WHERE nspname = %s), (SELECT rolsuper FROM pg_roles "
                    "WHERE rolname = current_user)", (SCHEMA,))
                stored = conn.execute(f"SELECT version{probe} FROM {SCHEMA}.schema_version")
        except psycopg.Error as exc:
            failed = exc
        try:
            if who is None:
                raise failed or psycopg.InterfaceError("no answer")
            self.role, owner, superuser = who.fetchone()
        except psycopg.Error as exc:  # the first statement that failed says why
            raise self._trouble(failed or exc) from None
        if owner is None:
            raise StoreError(f"{at}: this database holds no senco-tui store yet; the "
                             "database's owner creates it with: senco-tui trust init URL")
        if owner == self.role and not owner_ok:
            raise StoreError(f"{at}: {self.role} owns the store's tables and would see "
                             "everything; connect as your own role (senco-tui trust grant)")
        if superuser and not owner_ok:
            raise StoreError(f"{at}: {self.role} is a superuser, which the access rules do not "
                             "hold back; connect as your own role (senco-tui trust grant)")
        if isinstance(failed, pg_errors.InsufficientPrivilege):
            raise StoreError(
                f"{at}: {self.role} has no part in this store yet; the database's owner "
                f"gives it one: senco-tui trust grant {self.role} --line-manager-of NAME "
                "(or --senco NAME, or --director)")
        if failed is not None or stored is None:
            raise self._trouble(failed or psycopg.InterfaceError("no answer")) from None
        version = stored.fetchone()[0]
        if version < SCHEMA_VERSION:
            raise StoreError(f"{at}: the store is at version {version} and this senco-tui "
                             f"needs {SCHEMA_VERSION}; the database's owner upgrades it with: "
                             "senco-tui trust init URL")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{at} was made by a newer senco-tui (store version {version}, "
                             f"this one knows up to {SCHEMA_VERSION}); upgrade senco-tui")

    @property
    def where(self) -> str:
        return where(self.url)

    def may_hold(self, senco_id: int) -> bool:
        """Only the SENCo's line manager (or the owner) records a meeting as held."""
        row = self._execute(
            "SELECT pg_get_userbyid(nspowner) = current_user OR EXISTS (SELECT 1 FROM "
            "my_access WHERE kind = 'line_manager' AND senco_id = %s) FROM pg_namespace "
            "WHERE nspname = %s", (senco_id, SCHEMA)).fetchone()
        return bool(row and row[0])

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._conn.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def backup(self) -> None:
        raise StoreError(f"{self.where}: the shared store is backed up on the server "
                         "(pg_dump; see the README's 'For a trust'); nothing was written here")

    # -- connection, errors and transactions ----------------------------------------

    def _trouble(self, exc: Exception) -> StoreError:
        at = self.where
        if isinstance(exc, pg_errors.InsufficientPrivilege):
            return StoreError(f"{at}: {self.role or 'this role'} may not change this "
                              "(the trust's rules allow it to the SENCo's line manager); "
                              "nothing was saved")
        if isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError)):
            return StoreError(f"{at}: lost the connection to the server "
                              f"({_first_line(exc)}); what was typed is kept: try again "
                              "when the server is back")
        return StoreError(f"{at}: {_first_line(exc)}")

    def _live(self) -> Any:
        """The connection, made again if the last one was lost."""
        if self._conn.closed or self._conn.broken:
            self.close()
            self._conn = connect(self.url)
            self._conn.execute(f"SET search_path TO {SCHEMA}")
        return self._conn

    def _execute(self, sql: str, params: Any = None) -> Any:
        """Run one statement; a read outside a transaction is tried again once on a new
        connection when the old one was lost (a server restart between two keys)."""
        try:
            return self._live().execute(sql, params)
        except psycopg.Error as exc:
            if (self._depth == 0 and self._conn.broken
                    and sql.lstrip().upper().startswith("SELECT")):
                try:
                    return self._live().execute(sql, params)
                except psycopg.Error as again:
                    raise self._trouble(again) from None
            raise self._trouble(exc) from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One committed write; nested uses become savepoints inside it."""
        conn = self._live()
        self._depth += 1
        try:
            with conn.transaction():
                yield
        except psycopg.Error as exc:
            raise self._trouble(exc) from None
        finally:
            self._depth -= 1

    # -- SENCos ------------------------------------------------------------------------

    _SENCO = "SELECT id, name, school, checklist_set, carry_policy FROM sencos"
    _BY_NAME = " ORDER BY name_key, id"

    def add_senco(self, name: str, school: str, checklist_set: str, *,
                  carry_policy: CarryPolicy | None = None) -> Senco:
        name, school = senco_name(name), one_line(school)
        check_carry_policy(carry_policy)
        with self.transaction():
            self._check_name_free(name, None)
            try:
                with self._conn.transaction():
                    # not RETURNING: the new row is readable only once the trigger has
                    # assigned it to this line manager
                    self._conn.execute(
                        "INSERT INTO sencos (name, name_key, school, checklist_set, "
                        "carry_policy) VALUES (%s, %s, %s, %s, %s)",
                        (name, name.casefold(), school, checklist_set, carry_policy))
            except pg_errors.UniqueViolation:
                raise UserError(f"there is already a SENCo called {name!r} in the trust's "
                                "store (perhaps at another school): add the school to the "
                                "name to tell them apart") from None
            found = self.find_senco(name)
        if found is None:
            raise StoreError(f"{self.where}: {self.role} added {name!r} but may not see it: "
                             "ask the database's owner to run senco-tui trust grant "
                             f"{self.role} --line-manager-of {name!r}")
        return found

    def update_senco(self, senco_id: int, *, name: str, school: str, checklist_set: str,
                     carry_policy: CarryPolicy | None = None) -> Senco:
        name, school = senco_name(name), one_line(school)
        check_carry_policy(carry_policy)
        with self.transaction():
            self.get_senco(senco_id)
            self._check_name_free(name, senco_id)
            try:
                with self._conn.transaction():
                    cur = self._conn.execute(
                        "UPDATE sencos SET name = %s, name_key = %s, school = %s, "
                        "checklist_set = %s, carry_policy = %s WHERE id = %s",
                        (name, name.casefold(), school, checklist_set, carry_policy,
                         senco_id))
            except pg_errors.UniqueViolation:
                raise UserError(f"there is already a SENCo called {name!r} in the trust's "
                                "store (perhaps at another school)") from None
            self._wrote(cur)
            return self.get_senco(senco_id)

    def _wrote(self, cur: Any) -> None:
        # an UPDATE the policies filter out changes nothing and says nothing
        if cur.rowcount == 0:
            raise StoreError(f"{self.where}: {self.role} may not change this (the trust's "
                             "rules allow it to the SENCo's line manager); nothing was saved")

    def _check_name_free(self, name: str, senco_id: int | None) -> None:
        other = self.find_senco(name)
        if other is not None and other.id != senco_id:
            raise UserError(f"there is already a SENCo called {other.name!r} "
                            f"({other.school or 'no school'})")

    def list_sencos(self) -> list[Senco]:
        rows = self._execute(self._SENCO + self._BY_NAME).fetchall()
        return [Senco(*row) for row in rows]

    def get_senco(self, senco_id: int) -> Senco:
        row = self._execute(self._SENCO + " WHERE id = %s", (senco_id,)).fetchone()
        if row is None:
            raise UserError(f"no SENCo with id {senco_id} in {self.where}")
        return Senco(*row)

    def find_senco(self, name: str) -> Senco | None:
        row = self._execute(self._SENCO + " WHERE name_key = %s",
                            (name.strip().casefold(),)).fetchone()
        return Senco(*row) if row else None

    # -- meetings ------------------------------------------------------------------------

    _MEETING = ("SELECT id, senco_id, year, half_term, held_on, attendees, carry_policy "
                "FROM meetings")

    @staticmethod
    def _meeting(row: Any) -> Meeting:
        return Meeting(row[0], row[1], row[2], row[3], row[4], row[5], row[6])

    def get_or_create_meeting(self, senco_id: int, year: str, half_term: str) -> Meeting:
        found = self.find_meeting(senco_id, year, half_term)
        if found is not None:
            return found
        check_year(year)
        check_choice(half_term, HALF_TERMS, "half-term")
        with self.transaction():
            self.get_senco(senco_id)
            self._conn.execute(
                "INSERT INTO meetings (senco_id, year, half_term, created_at) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (senco_id, year, half_term) DO NOTHING",
                (senco_id, year, half_term, _now()))
            found = self.find_meeting(senco_id, year, half_term)
        assert found is not None
        return found

    def find_meeting(self, senco_id: int, year: str, half_term: str) -> Meeting | None:
        row = self._execute(
            self._MEETING + " WHERE senco_id = %s AND year = %s AND half_term = %s",
            (senco_id, year, half_term)).fetchone()
        return self._meeting(row) if row else None

    def get_meeting(self, meeting_id: int) -> Meeting:
        row = self._execute(self._MEETING + " WHERE id = %s", (meeting_id,)).fetchone()
        if row is None:
            raise UserError(f"no meeting with id {meeting_id} in {self.where}")
        return self._meeting(row)

    def list_meetings(self, senco_id: int) -> list[Meeting]:
        rows = self._execute(self._of_senco("%s")[0], (senco_id,)).fetchall()
        return sorted((self._meeting(row) for row in rows), key=lambda m: m.order)

    def all_meetings(self) -> list[Meeting]:
        rows = self._execute(self._MEETING + " ORDER BY id").fetchall()
        return [self._meeting(row) for row in rows]

    def set_meeting_details(self, meeting_id: int, *, held_on: date | None,
                            attendees: str) -> Meeting:
        with self.transaction():
            self.get_meeting(meeting_id)
            self._wrote(self._conn.execute(
                "UPDATE meetings SET held_on = %s, attendees = %s WHERE id = %s",
                (held_on, one_line(attendees), meeting_id)))
            return self.get_meeting(meeting_id)

    def fix_carry_policy(self, meeting_id: int, policy: CarryPolicy) -> Meeting:
        with self.transaction():
            check_carry_policy(policy)
            self._conn.execute("UPDATE meetings SET carry_policy = %s "
                               "WHERE id = %s AND carry_policy IS NULL", (policy, meeting_id))
            return self.get_meeting(meeting_id)

    def delete_meeting(self, meeting_id: int) -> None:
        """Remove a meeting and its (empty) answers. Whether it may go is the meeting
        session's rule; a meeting an action or a review points to is refused here too."""
        with self.transaction():
            meeting = self.get_meeting(meeting_id)
            used = self._conn.execute(
                "SELECT (SELECT count(*) FROM actions WHERE meeting_id = %(m)s "
                "OR closed_meeting_id = %(m)s) + (SELECT count(*) FROM reviews "
                "WHERE meeting_id = %(m)s)", {"m": meeting_id}).fetchone()[0]
            if used:
                raise UserError(f"the {meeting.label} meeting has actions or reviews recorded; "
                                "only an empty meeting can be deleted")
            self._conn.execute("DELETE FROM answers WHERE meeting_id = %s", (meeting_id,))
            self._wrote(self._conn.execute("DELETE FROM meetings WHERE id = %s",
                                           (meeting_id,)))

    # -- answers ---------------------------------------------------------------------------

    _ANSWER = ("SELECT a.meeting_id, a.question_id, a.section, a.question_text, a.status, "
               "a.notes, a.updated_at, a.version, a.carry FROM answers a")

    @staticmethod
    def _answer(row: Any) -> Answer:
        return Answer(row[0], row[1], row[2], row[3], row[4], row[5], _at(row[6]), row[7],
                      row[8])

    def answers(self, meeting_id: int) -> dict[str, Answer]:
        rows = self._execute(self._ANSWER + " WHERE a.meeting_id = %s", (meeting_id,))
        return {row[1]: self._answer(row) for row in rows.fetchall()}

    def senco_answers(self, senco_id: int) -> list[Answer]:
        rows = self._execute(self._of_senco("%s")[1], (senco_id,)).fetchall()
        return [self._answer(row) for row in rows]

    def all_answers(self) -> list[Answer]:
        rows = self._execute(self._ANSWER + " ORDER BY a.meeting_id, a.question_id").fetchall()
        return [self._answer(row) for row in rows]

    def answer_index(self) -> list[tuple[int, str, int]]:
        rows: list[tuple[int, str, int]] = self._execute(
            "SELECT meeting_id, question_id, (status IS NOT NULL)::int FROM answers").fetchall()
        return rows

    def answers_of(self, meeting_ids: Collection[int],
                   keys: Collection[tuple[int, str]]) -> list[Answer]:
        # each part by index, as _of_senco's (an OR would scan the table)
        rows = self._execute(
            self._ANSWER + " WHERE a.meeting_id = ANY(%s) UNION ALL " + self._ANSWER
            + " WHERE (a.meeting_id, a.question_id) IN (SELECT * FROM unnest(%s::bigint[], "
            "%s::text[])) ORDER BY meeting_id, question_id",
            (list(meeting_ids), [m for m, _ in keys], [q for _, q in keys])).fetchall()
        return [self._answer(row) for row in rows]

    def set_status(self, meeting_id: int, question_id: str, section: str,
                   question_text: str, status: str | None, *, carry: bool = True) -> Answer:
        if status is not None:
            check_choice(status, STATUSES, "status")
        with self.transaction():
            self.get_meeting(meeting_id)
            self._conn.execute(
                "INSERT INTO answers (meeting_id, question_id, section, question_text, status, "
                "updated_at, carry) VALUES (%s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (meeting_id, question_id) DO UPDATE SET "
                "status = excluded.status, updated_at = excluded.updated_at",
                (meeting_id, question_id, section, question_text, status, _now(), carry))
            return self._answer_now(meeting_id, question_id)

    def set_notes(self, meeting_id: int, question_id: str, section: str,
                  question_text: str, notes: str, *, expected_version: int | None = None,
                  carry: bool = True) -> Answer:
        """Save the notes. With expected_version (the version the caller read; 0 for none
        saved yet), notes saved meanwhile by someone else are never overwritten: the save
        raises SaveConflict carrying both texts."""
        with self.transaction():
            self.get_meeting(meeting_id)
            guard = "" if expected_version is None else " WHERE answers.version = %(expected)s"
            cur = self._conn.execute(
                "INSERT INTO answers (meeting_id, question_id, section, question_text, notes, "
                "updated_at, version, carry) "
                "VALUES (%(m)s, %(q)s, %(s)s, %(t)s, %(n)s, %(at)s, 1, %(carry)s) "
                "ON CONFLICT (meeting_id, question_id) DO UPDATE SET notes = excluded.notes, "
                "updated_at = excluded.updated_at, version = answers.version + 1" + guard,
                {"m": meeting_id, "q": question_id, "s": section, "t": question_text,
                 "n": notes, "at": _now(), "expected": expected_version, "carry": carry})
            answer = self._answer_now(meeting_id, question_id)
        if cur.rowcount == 0:
            raise SaveConflict(answer, notes)
        return answer

    def _answer_now(self, meeting_id: int, question_id: str) -> Answer:
        row = self._conn.execute(self._ANSWER + " WHERE meeting_id = %s AND question_id = %s",
                                 (meeting_id, question_id)).fetchone()
        if row is None:
            raise StoreError(f"{self.where}: {self.role} may not write this meeting's answers; "
                             "nothing was saved")
        return self._answer(row)

    # -- actions ------------------------------------------------------------------------------

    _ACTION = ("SELECT x.id, x.meeting_id, x.question_id, x.text, x.owner, x.due, x.status, "
               "x.created_at, x.closed_at, x.closed_meeting_id, x.version FROM actions x")

    @staticmethod
    def _action(row: Any) -> Action:
        return Action(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                      _at(row[7]), _stamp(row[8]), row[9], row[10])

    def add_action(self, meeting_id: int, question_id: str | None, text: str, owner: str,
                   due: date | None) -> Action:
        text, owner = action_text(text), one_line(owner)
        with self.transaction():
            self.get_meeting(meeting_id)
            action_id = self._conn.execute(
                "INSERT INTO actions (meeting_id, question_id, text, owner, due, created_at) "
                "VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                (meeting_id, question_id, text, owner, due, _now())).fetchone()[0]
            return self.get_action(action_id)

    def update_action(self, action_id: int, *, text: str, owner: str, due: date | None,
                      expected_version: int | None = None) -> Action:
        """Change an action's text, owner and due date; with expected_version, a change
        saved meanwhile by someone else raises SaveConflict instead of being overwritten."""
        text, owner = action_text(text), one_line(owner)
        with self.transaction():
            self.get_action(action_id)
            guard = "" if expected_version is None else " AND version = %(expected)s"
            cur = self._conn.execute(
                "UPDATE actions SET text = %(t)s, owner = %(o)s, due = %(d)s, "
                "version = version + 1 WHERE id = %(id)s" + guard,
                {"t": text, "o": owner, "d": due, "id": action_id,
                 "expected": expected_version})
            action = self.get_action(action_id)
        if cur.rowcount == 0:
            if expected_version is not None and action.version != expected_version:
                raise SaveConflict(action, text)
            self._wrote(cur)
        return action

    def get_action(self, action_id: int) -> Action:
        row = self._execute(self._ACTION + " WHERE x.id = %s", (action_id,)).fetchone()
        if row is None:
            raise UserError(f"no action with id {action_id} in {self.where}")
        return self._action(row)

    def senco_actions(self, senco_id: int) -> list[Action]:
        rows = self._execute(self._of_senco("%s")[2], (senco_id,)).fetchall()
        return [self._action(row) for row in rows]

    def all_actions(self) -> list[Action]:
        rows = self._execute(self._ACTION + " ORDER BY x.id").fetchall()
        return [self._action(row) for row in rows]

    def actions_of(self, meeting_ids: Collection[int]) -> list[Action]:
        ids = list(meeting_ids)
        rows = self._execute(self._ACTION + " WHERE x.status = 'open' OR x.meeting_id = ANY(%s) "
                             "OR x.closed_meeting_id = ANY(%s) ORDER BY x.id", (ids, ids)
                             ).fetchall()
        return [self._action(row) for row in rows]

    def move_action(self, action_id: int, question_id: str | None) -> Action:
        with self.transaction():
            self.get_action(action_id)
            self._wrote(self._conn.execute(
                "UPDATE actions SET question_id = %s, version = version + 1 WHERE id = %s",
                (question_id, action_id)))
            return self.get_action(action_id)

    def delete_action(self, action_id: int) -> None:
        """An action and the reviews of it go (whether it may is the session's rule)."""
        with self.transaction():
            self.get_action(action_id)
            self._conn.execute("DELETE FROM reviews WHERE action_id = %s", (action_id,))
            self._wrote(self._conn.execute("DELETE FROM actions WHERE id = %s", (action_id,)))

    # -- putting a row back as it was (undo and redo) -------------------------------------

    def restore_answer(self, meeting_id: int, question_id: str, answer: Answer | None) -> None:
        with self.transaction():
            if answer is None:
                self._conn.execute("DELETE FROM answers WHERE meeting_id = %s AND "
                                   "question_id = %s", (meeting_id, question_id))
                return
            self._conn.execute(
                "INSERT INTO answers (meeting_id, question_id, section, question_text, status, "
                "notes, updated_at, version, carry) VALUES (%s, %s, %s, %s, %s, %s, %s, 1, %s) "
                "ON CONFLICT (meeting_id, question_id) DO UPDATE SET status = excluded.status, "
                "notes = excluded.notes, updated_at = excluded.updated_at, "
                "version = answers.version + 1",
                (meeting_id, question_id, answer.section, answer.question_text, answer.status,
                 answer.notes, _now(), answer.carry))

    def restore_action(self, action_id: int, action: Action | None) -> None:
        with self.transaction():
            if action is None:
                self._conn.execute("DELETE FROM reviews WHERE action_id = %s", (action_id,))
                self._conn.execute("DELETE FROM actions WHERE id = %s", (action_id,))
                return
            self._conn.execute(
                "INSERT INTO actions (id, meeting_id, question_id, text, owner, due, status, "
                "created_at, closed_at, closed_meeting_id, version) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 1) ON CONFLICT (id) DO UPDATE "
                "SET question_id = excluded.question_id, text = excluded.text, "
                "owner = excluded.owner, due = excluded.due, status = excluded.status, "
                "closed_at = excluded.closed_at, "
                "closed_meeting_id = excluded.closed_meeting_id, version = actions.version + 1",
                (action_id, action.meeting_id, action.question_id, action.text, action.owner,
                 action.due, action.status, action.created_at, action.closed_at,
                 action.closed_meeting_id))

    def restore_review(self, meeting_id: int, key: str, review: Review | None) -> None:
        target, ident = review_target(key)
        with self.transaction():
            self._conn.execute(f"DELETE FROM reviews WHERE meeting_id = %s AND {target} = %s",
                               (meeting_id, ident))
            if review is not None:
                self._conn.execute(
                    "INSERT INTO reviews (id, meeting_id, kind, action_id, question_id, "
                    "decision, note, at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    (review.id, meeting_id, review.kind, review.action_id, review.question_id,
                     review.decision, review.note, review.at))

    # -- reviews of carried items ---------------------------------------------------------------

    _REVIEW = ("SELECT r.id, r.meeting_id, r.kind, r.action_id, r.question_id, r.decision, "
               "r.note, r.at FROM reviews r")

    @staticmethod
    def _review(row: Any) -> Review:
        return Review(row[0], row[1], row[2], row[3], row[4], row[5], row[6], _at(row[7]))

    def review(self, meeting_id: int, *, kind: str, action_id: int | None = None,
               question_id: str | None = None, decision: str, note: str = "") -> Review:
        """As the SQLite store's: a second review replaces the first; done/dropped closes
        the action in this meeting, "open" re-opens one this same meeting had closed."""
        check_choice(decision, DECISIONS, "decision")
        check_choice(kind, ("action", "question"), "kind")
        if (kind == "action") != (action_id is not None) or (
                kind == "question") != (question_id is not None):
            raise ValueError("review: kind='action' needs action_id only, "
                             "kind='question' needs question_id only")
        now = _now()
        target = "action_id" if kind == "action" else "question_id"
        with self.transaction():
            meeting = self.get_meeting(meeting_id)
            if action_id is not None:
                self._close_or_reopen(meeting, action_id, decision, now)
            self._conn.execute(
                "INSERT INTO reviews (meeting_id, kind, action_id, question_id, decision, note, "
                "at) VALUES (%s, %s, %s, %s, %s, %s, %s) "
                f"ON CONFLICT (meeting_id, {target}) DO UPDATE SET "
                "decision = excluded.decision, note = excluded.note, at = excluded.at",
                (meeting_id, kind, action_id, question_id, decision, note, now))
            row = self._conn.execute(
                self._REVIEW + f" WHERE r.meeting_id = %s AND r.{target} = %s",
                (meeting_id, action_id if kind == "action" else question_id)).fetchone()
            return self._review(row)

    def _close_or_reopen(self, meeting: Meeting, action_id: int, decision: str,
                         now: datetime) -> None:
        action = self.get_action(action_id)
        if self.get_meeting(action.meeting_id).senco_id != meeting.senco_id:
            raise ValueError(f"action {action_id} belongs to another SENCo's meetings")
        if decision in ("done", "dropped"):
            self._wrote(self._conn.execute(
                "UPDATE actions SET status = %s, closed_at = %s, closed_meeting_id = %s "
                "WHERE id = %s", (decision, now, meeting.id, action_id)))
        elif action.closed_meeting_id == meeting.id:
            self._wrote(self._conn.execute(
                "UPDATE actions SET status = 'open', closed_at = NULL, "
                "closed_meeting_id = NULL WHERE id = %s", (action_id,)))

    def senco_reviews(self, senco_id: int) -> list[Review]:
        rows = self._execute(self._of_senco("%s")[3], (senco_id,)).fetchall()
        return [self._review(row) for row in rows]

    def all_reviews(self) -> list[Review]:
        rows = self._execute(self._REVIEW + " ORDER BY r.id").fetchall()
        return [self._review(row) for row in rows]

    def reviews(self, meeting_id: int) -> dict[str, Review]:
        rows = self._execute(self._REVIEW + " WHERE r.meeting_id = %s ORDER BY r.id",
                             (meeting_id,)).fetchall()
        return {review.item_key: review for review in map(self._review, rows)}

    # -- read ahead --------------------------------------------------------------------

    @classmethod
    def _of_senco(cls, senco: str) -> tuple[str, str, str, str]:
        """The SQL of one SENCo's meetings, answers, actions and reviews, in the order the
        reads give them; `senco` is the SQL for their id (one parameter: the id itself, or
        found by name)."""
        # The SENCo's meetings' ids, as an array: the rows of every meeting then come by
        # index. A join on meetings let the planner scan the whole table, checking each row
        # against the access policy (20 ms for 1,000 answers among 20,000, against 1 ms).
        of = f"ANY(ARRAY(SELECT id FROM meetings WHERE senco_id = {senco}))"
        return (cls._MEETING + f" WHERE senco_id = {senco}",
                cls._ANSWER + f" WHERE a.meeting_id = {of} ORDER BY a.meeting_id, a.question_id",
                cls._ACTION + f" WHERE x.meeting_id = {of} ORDER BY x.id",
                cls._REVIEW + f" WHERE r.meeting_id = {of} ORDER BY r.id")

    def senco_glance(self, name: str) -> tuple[list[Senco], int | None, tuple[
            list[Meeting], list[Answer], list[Action], list[Review]]]:
        """Every SENCo; the id of the one whose name is `name` ignoring case (None: none),
        and their meetings, answers, actions and reviews (as list_meetings, senco_answers,
        senco_actions and senco_reviews give them), sent as one pipeline: what a forked
        child reads ahead (shared_glance.py), where each wait for the server is start-up
        time."""
        key = (name.strip().casefold(),)
        senco = "(SELECT id FROM sencos WHERE name_key = %s)"
        conn = self._live()
        try:
            with _together(conn):
                sent = [conn.execute(self._SENCO + self._BY_NAME),
                        conn.execute("SELECT " + senco, key),
                        *(conn.execute(sql, key) for sql in self._of_senco(senco))]
            sencos, found, meetings, answers, actions, reviews = (cur.fetchall()
                                                                  for cur in sent)
        except psycopg.Error as exc:
            raise self._trouble(exc) from None
        return ([Senco(*row) for row in sencos], found[0][0],
                (sorted(map(self._meeting, meetings), key=lambda m: m.order),
                 list(map(self._answer, answers)), list(map(self._action, actions)),
                 list(map(self._review, reviews))))

    # -- search ------------------------------------------------------------------------

    def search_text(self, words: Sequence[str], senco_id: int | None = None,
                    limit: int = 500) -> list[TextHit]:
        """ILIKE for each word (case is ignored, accents are not): only the rows this role
        may see, as the server's row-level security decides."""
        words = [w for w in words if w.strip()]
        if not words:
            return []
        likes = ["%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                 + "%" for w in words]
        where = " AND ".join("body ILIKE %s" for _ in likes)
        sql = (
            "SELECT kind, meeting_id, question_id, body FROM ("
            "SELECT 'notes' AS kind, a.meeting_id, a.question_id, m.senco_id, a.notes AS body "
            "FROM answers a JOIN meetings m ON m.id = a.meeting_id WHERE a.notes != '' "
            "UNION ALL SELECT 'action', x.meeting_id, x.question_id, m.senco_id, x.text "
            "FROM actions x JOIN meetings m ON m.id = x.meeting_id "
            "UNION ALL SELECT 'update', r.meeting_id, coalesce(r.question_id, "
            "(SELECT question_id FROM actions WHERE id = r.action_id)), m.senco_id, r.note "
            "FROM reviews r JOIN meetings m ON m.id = r.meeting_id WHERE r.note != '') t "
            f"WHERE {where}" + (" AND senco_id = %s" if senco_id else "") + " LIMIT %s")
        rows = self._execute(sql, [*likes, *([senco_id] if senco_id else []), limit])
        return [TextHit(*row) for row in rows.fetchall()]
