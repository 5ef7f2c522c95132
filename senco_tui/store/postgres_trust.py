"""A trust's shared store, administered by the database's owner: create or upgrade it,
and say who is what (`senco-tui trust init | grant | revoke | who`).

People log in as their own PostgreSQL roles (made by the trust's IT, with their own
passwords). `grant` makes a role a member of one of the store's group roles, which
carry the table privileges, and records which SENCos it is for in `access`, which the
row-level security policies read.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import psycopg
from psycopg import errors as pg_errors

from senco_tui.errors import UserError
from senco_tui.store.base import StoreError
from senco_tui.store.postgres import SCHEMA_VERSION, PostgresStore, connect
from senco_tui.store.postgres_migrations import (
    DEFAULT_ROLE_PREFIX,
    KINDS,
    LOCK_KEY,
    MIGRATIONS,
    SCHEMA,
    Groups,
    access_sql,
    drop_policies_sql,
)

KIND_WORDS = {"line_manager": "line manager of", "senco": "SENCo", "director": "director"}


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def init(url: str, role_prefix: str | None = None) -> str:
    """Create or upgrade the schema, the group roles and the policies; safe to repeat.
    Returns what was done, in one line."""
    conn = connect(url)
    try:
        return _init(conn, url, role_prefix)
    except psycopg.Error as exc:
        raise _admin_trouble(url, exc) from None
    finally:
        conn.close()


def _init(conn: Any, url: str, role_prefix: str | None) -> str:
    me, superuser, createrole, db_owner, db = conn.execute(
        "SELECT current_user, r.rolsuper, r.rolcreaterole, pg_get_userbyid(d.datdba), "
        "current_database() FROM pg_roles r, pg_database d "
        "WHERE r.rolname = current_user AND d.datname = current_database()").fetchone()
    if me != db_owner and not superuser:
        raise StoreError(f"trust init must be run by the database's owner ({db_owner}), "
                         f"not {me}: the store's tables belong to it")
    with conn.transaction():
        # Two owners starting a new senco-tui at once: the second waits here, then finds
        # the schema up to date.
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        owner = conn.execute("SELECT pg_get_userbyid(nspowner) FROM pg_namespace "
                             "WHERE nspname = %s", (SCHEMA,)).fetchone()
        if owner is None:
            conn.execute(f"CREATE SCHEMA {SCHEMA}")
            conn.execute(f"CREATE TABLE {SCHEMA}.schema_version (version integer NOT NULL)")
            conn.execute(f"INSERT INTO {SCHEMA}.schema_version VALUES (0)")
            conn.execute(f"CREATE TABLE {SCHEMA}.settings (key text PRIMARY KEY, "
                         "value text NOT NULL)")
            conn.execute(f"INSERT INTO {SCHEMA}.settings VALUES ('role_prefix', %s)",
                         (role_prefix or DEFAULT_ROLE_PREFIX,))
        elif owner[0] != me:
            raise StoreError(f"the store here belongs to {owner[0]}: run trust init as {owner[0]}")
        prefix = conn.execute(f"SELECT value FROM {SCHEMA}.settings "
                              "WHERE key = 'role_prefix'").fetchone()[0]
        if role_prefix and role_prefix != prefix:
            raise UserError(f"this store's group roles are named {prefix}_...; it cannot be "
                            "changed by running trust init again")
        version = conn.execute(f"SELECT version FROM {SCHEMA}.schema_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"the store is at version {version}, made by a newer senco-tui "
                             f"(this one knows up to {SCHEMA_VERSION}); upgrade senco-tui")
        start = version
        cur = conn.cursor()
        for target, migration in enumerate(MIGRATIONS, start=1):
            if target > version:
                migration(cur)
                conn.execute(f"UPDATE {SCHEMA}.schema_version SET version = %s", (target,))
        groups = Groups.named(prefix)
        made = _ensure_groups(conn, groups, superuser or createrole)
        for statement in drop_policies_sql(conn):
            conn.execute(statement)
        for statement in access_sql(me, groups):
            conn.execute(statement)
        # only the store's people connect (and the owner, who owns the database)
        conn.execute(f"REVOKE CONNECT, TEMPORARY ON DATABASE {_ident(db)} FROM PUBLIC")
        conn.execute(f"GRANT CONNECT ON DATABASE {_ident(db)} TO "
                     + ", ".join(_ident(g) for g in groups))
    done = (f"created the store (version {SCHEMA_VERSION})" if start == 0 else
            f"upgraded the store from version {start} to {SCHEMA_VERSION}"
            if start < SCHEMA_VERSION else f"the store is up to date (version {version})")
    roles = f"made the group roles {', '.join(made)}" if made else "group roles in place"
    return f"{db}: {done}; {roles}; access rules applied"


def _ensure_groups(conn: Any, groups: Groups, can_create: bool) -> list[str]:
    made = []
    for group in groups:
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group,)).fetchone():
            continue
        if not can_create:
            raise StoreError(f"the group role {group} does not exist and this role may not "
                             "create roles; ask the server's administrator to give it "
                             "CREATEROLE, or to create the role (NOLOGIN)")
        try:
            with conn.transaction():  # another database's trust init may make it meanwhile
                conn.execute(f"CREATE ROLE {_ident(group)} NOLOGIN")
            made.append(group)
        except (pg_errors.DuplicateObject, pg_errors.UniqueViolation):
            pass
    return made


class Grant(NamedTuple):
    role: str
    kind: str  # KINDS
    senco: str  # the SENCo's name ("" for a director)
    school: str


class TrustAdmin:
    """The owner's connection to an initialised store."""

    def __init__(self, url: str):
        self.store = PostgresStore.open(url, owner_ok=True)
        self.conn = self.store._conn
        me, owner = self.conn.execute(
            "SELECT current_user, pg_get_userbyid(nspowner) FROM pg_namespace "
            "WHERE nspname = %s", (SCHEMA,)).fetchone()
        superuser = self.conn.execute("SELECT rolsuper FROM pg_roles "
                                      "WHERE rolname = current_user").fetchone()[0]
        if me != owner and not superuser:
            self.store.close()
            raise StoreError(f"only the store's owner ({owner}) may say who is what; "
                             f"you are connected as {me}")
        prefix = self.conn.execute(f"SELECT value FROM {SCHEMA}.settings "
                                   "WHERE key = 'role_prefix'").fetchone()[0]
        self.groups = Groups.named(prefix)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> TrustAdmin:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _role(self, role: str) -> None:
        row = self.conn.execute("SELECT rolsuper, rolcanlogin FROM pg_roles WHERE rolname = %s",
                                (role,)).fetchone()
        if row is None:
            raise UserError(f"there is no role {role!r} on the server; your IT creates it "
                            f"first (createuser --pwprompt {role}), then grant it a part")
        if row[0]:
            raise UserError(f"{role} is a superuser, which no access rule holds back; "
                            "grant a part to an ordinary login role instead")
        if role in self.groups:
            raise UserError(f"{role} is one of the store's own group roles; grant a part to "
                            "a person's login role")

    def _senco(self, name: str, school: str | None, checklist_set: str) -> int:
        row = self.conn.execute(f"SELECT id FROM {SCHEMA}.sencos WHERE name_key = %s",
                                (" ".join(name.split()).casefold(),)).fetchone()
        if row is not None:
            return int(row[0])
        if school is None:
            raise UserError(f"there is no SENCo called {name!r} in the store: add "
                            "--school SCHOOL to add them (and --set SET for their checklists)")
        senco = self.store.add_senco(name, school, checklist_set)
        return senco.id

    def grant(self, role: str, kind: str, senco: str | None = None,
              school: str | None = None, checklist_set: str = "secondary") -> str:
        if kind not in KINDS:
            raise ValueError(kind)
        self._role(role)
        with self.store.transaction():
            senco_id = None
            if kind != "director":
                if senco is None:
                    raise ValueError("a line manager or SENCo part names a SENCo")
                senco_id = self._senco(senco, school, checklist_set)
            self.conn.execute(f"GRANT {_ident(self.groups.for_kind(kind))} TO {_ident(role)}")
            self.conn.execute(
                f"INSERT INTO {SCHEMA}.access (role_name, kind, senco_id) VALUES (%s, %s, %s) "
                "ON CONFLICT DO NOTHING", (role, kind, senco_id))
        what = KIND_WORDS[kind] + (f" {senco}" if senco else "")
        return f"{role}: {what}"

    def revoke(self, role: str, kind: str | None = None, senco: str | None = None) -> str:
        """Take back one part (kind and SENCo), or every part when no kind is given."""
        with self.store.transaction():
            where, params = "role_name = %s", [role]
            if kind is not None:
                where += " AND kind = %s"
                params.append(kind)
            if senco is not None:
                where += (f" AND senco_id = (SELECT id FROM {SCHEMA}.sencos "
                          "WHERE name_key = %s)")
                params.append(" ".join(senco.split()).casefold())
            gone = self.conn.execute(f"DELETE FROM {SCHEMA}.access WHERE {where}",
                                     params).rowcount
            left = {k for (k,) in self.conn.execute(
                f"SELECT DISTINCT kind FROM {SCHEMA}.access WHERE role_name = %s", (role,))}
            for k in KINDS:
                member = self.conn.execute(
                    "SELECT pg_has_role(%s, %s, 'MEMBER')",
                    (role, self.groups.for_kind(k))).fetchone()[0] if self._exists(role) else False
                if member and k not in left and (kind is None or kind == k):
                    self.conn.execute(f"REVOKE {_ident(self.groups.for_kind(k))} "
                                      f"FROM {_ident(role)}")
                    gone = gone or 1
        if not gone:
            raise UserError(f"{role} had no such part in this store; "
                            "senco-tui trust who lists who has what")
        if left:
            return f"{role}: still " + ", ".join(KIND_WORDS[k].removesuffix(" of")
                                                for k in KINDS if k in left)
        return f"{role}: no part in this store now"

    def _exists(self, role: str) -> bool:
        return self.conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                 (role,)).fetchone() is not None

    def who(self) -> list[Grant]:
        """Every part given, by role; a line manager with no SENCo yet shows with none."""
        rows = self.conn.execute(
            f"""SELECT a.role_name, a.kind, coalesce(s.name, ''), coalesce(s.school, '')
                FROM {SCHEMA}.access a LEFT JOIN {SCHEMA}.sencos s ON s.id = a.senco_id
                UNION
                SELECT m.rolname, %s, '', '' FROM pg_roles m
                WHERE pg_has_role(m.oid, %s, 'MEMBER') AND NOT m.rolsuper
                  AND m.rolname NOT IN (%s, %s, %s)
                  AND NOT EXISTS (SELECT 1 FROM {SCHEMA}.access a
                                  WHERE a.role_name = m.rolname AND a.kind = 'line_manager')
                ORDER BY 1, 2, 3""",
            ("line_manager", self.groups.line_managers, *self.groups)).fetchall()
        return [Grant(*row) for row in rows]


def _admin_trouble(url: str, exc: Exception) -> StoreError:
    from senco_tui.store.postgres import _first_line, where

    if isinstance(exc, pg_errors.InsufficientPrivilege):
        return StoreError(f"{where(url)}: not allowed ({_first_line(exc)}); trust init is run "
                          "by the database's owner, with CREATEROLE for the group roles")
    if isinstance(exc, psycopg.OperationalError):
        return StoreError(f"{where(url)}: lost the connection to the server "
                          f"({_first_line(exc)}); nothing was changed: try again")
    return StoreError(f"{where(url)}: {_first_line(exc)}")
