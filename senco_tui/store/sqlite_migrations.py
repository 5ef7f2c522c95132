"""The store's schema, as an ordered list of migrations.

MIGRATIONS[n - 1] takes a file from user_version n - 1 to n. The store runs each
one in its own transaction, together with the new user_version, so a file is
always at exactly one known version. A future change is one more function
appended here (and a test that builds the previous version and opens it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from senco_tui.records import DEFAULT_CARRY_POLICY

# "SENC": marks the file as ours, so we never migrate someone else's database.
APPLICATION_ID = 0x53454E43


def _v1_first_schema(conn: sqlite3.Connection) -> None:
    # executescript() would COMMIT first; the runner owns the transaction
    for statement in _V1.split(";"):
        if statement.strip():
            conn.execute(statement)


_V1 = """
CREATE TABLE sencos (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,  -- casefolded name: one SENCo per name, whatever the case
    school TEXT NOT NULL,
    checklist_set TEXT NOT NULL
);
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    senco_id INTEGER NOT NULL REFERENCES sencos(id),
    year TEXT NOT NULL,
    half_term TEXT NOT NULL CHECK (half_term IN
        ('autumn-1', 'autumn-2', 'spring-1', 'spring-2', 'summer-1', 'summer-2')),
    held_on TEXT,
    attendees TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (senco_id, year, half_term)
);
CREATE TABLE answers (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    question_id TEXT NOT NULL,
    section TEXT NOT NULL,
    question_text TEXT NOT NULL,
    status TEXT CHECK (status IN ('green', 'amber', 'red', 'na')),
    notes TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, question_id)
);
CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    question_id TEXT,
    text TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    due TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    created_at TEXT NOT NULL,
    closed_at TEXT,
    closed_meeting_id INTEGER REFERENCES meetings(id)
);
CREATE INDEX actions_by_meeting ON actions (meeting_id, status);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    kind TEXT NOT NULL CHECK (kind IN ('action', 'question')),
    action_id INTEGER REFERENCES actions(id),
    question_id TEXT,
    decision TEXT NOT NULL CHECK (decision IN ('done', 'open', 'dropped')),
    note TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    CHECK ((kind = 'action' AND action_id IS NOT NULL AND question_id IS NULL)
        OR (kind = 'question' AND question_id IS NOT NULL AND action_id IS NULL)),
    -- one review per item per meeting (NULLs are distinct, so each kind has its own)
    UNIQUE (meeting_id, action_id),
    UNIQUE (meeting_id, question_id)
)
"""

def _v2_versions(conn: sqlite3.Connection) -> None:
    # Each answer's notes and each action carry a version, so a save made from an older
    # copy is refused instead of overwriting what was saved meanwhile (the shared store
    # needs it; the file keeps the same records). Kept as in postgres_migrations.py.
    conn.execute("ALTER TABLE answers ADD COLUMN version INTEGER NOT NULL DEFAULT 0")
    conn.execute("UPDATE answers SET version = 1 WHERE notes != ''")
    conn.execute("ALTER TABLE actions ADD COLUMN version INTEGER NOT NULL DEFAULT 1")


def _v3_carry(conn: sqlite3.Connection) -> None:
    # Which questions a SENCo's meetings carry forward (NULL: the settings' choice), and
    # whether a question was marked never carried when it was asked (kept as asked, as
    # its wording is). Kept as in postgres_migrations.py.
    conn.execute("ALTER TABLE sencos ADD COLUMN carry_policy TEXT "
                 "CHECK (carry_policy IN ('red', 'amber-and-red', 'none'))")
    conn.execute("ALTER TABLE answers ADD COLUMN carry INTEGER NOT NULL DEFAULT 1")


def _v4_meeting_policy(conn: sqlite3.Connection) -> None:
    # The policy a meeting carried under, fixed when something is first recorded in it, so
    # changing the policy later never alters a meeting already held. Meetings with records
    # take the SENCo's policy, else the default (v3 came just before: the settings' choice
    # could not have differed for long). Kept as in postgres_migrations.py.
    conn.execute("ALTER TABLE meetings ADD COLUMN carry_policy TEXT "
                 "CHECK (carry_policy IN ('red', 'amber-and-red', 'none'))")
    conn.execute(f"""UPDATE meetings SET carry_policy = COALESCE(
        (SELECT s.carry_policy FROM sencos s WHERE s.id = meetings.senco_id),
        '{DEFAULT_CARRY_POLICY}')
        WHERE EXISTS (SELECT 1 FROM answers a WHERE a.meeting_id = meetings.id)
           OR EXISTS (SELECT 1 FROM actions a WHERE meetings.id IN (a.meeting_id,
                                                                     a.closed_meeting_id))
           OR EXISTS (SELECT 1 FROM reviews r WHERE r.meeting_id = meetings.id)""")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_first_schema,
    _v2_versions,
    _v3_carry,
    _v4_meeting_policy,
]
