"""Who sees what in a trust's shared store, proved with raw SQL as each person's role.

Two line managers (A manages Jane, B manages Sam), Jane herself as a SENCo, a director
and a role given no part: each connects with their own login, as they would.
"""

from __future__ import annotations

import threading
from datetime import date

import psycopg
import pytest
from postgres_server import admin
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict

from senco_tui.store import open_postgres
from senco_tui.store.postgres_migrations import DATA_TABLES, MIGRATIONS, SCHEMA
from senco_tui.store.postgres_trust import TrustAdmin, init

S = SCHEMA


@pytest.fixture
def trust(trust_db, pg_login):
    db = conninfo_to_dict(trust_db)["dbname"]
    people = {}
    for who in ("lm_a", "lm_b", "jane", "director", "nobody"):
        people[who] = pg_login(who, dbname=db)
    with TrustAdmin(trust_db) as owner:
        owner.grant(people["lm_a"][0], "line_manager", "Jane Smith", school="Hill School")
        owner.grant(people["lm_b"][0], "line_manager", "Sam Lee", school="Vale Primary")
        owner.grant(people["jane"][0], "senco", "Jane Smith")
        owner.grant(people["director"][0], "director")
    ids = {}
    for lm, name in (("lm_a", "Jane Smith"), ("lm_b", "Sam Lee")):
        with open_postgres(people[lm][1]) as store:
            senco = store.find_senco(name)
            meeting = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
            store.set_notes(meeting.id, "q1", "assess", "Asked?", f"{name}'s notes")
            action = store.add_action(meeting.id, "q1", f"{name}'s action", "SENCo", None)
            store.review(meeting.id, kind="question", question_id="q0", decision="open")
            ids[lm] = (senco.id, meeting.id, action.id)
    return people, ids


def sql(url: str):
    return psycopg.connect(url, autocommit=True)


def test_every_table_with_meeting_data_has_row_level_security_forced(trust_db):
    with sql(trust_db) as conn:
        rows = conn.execute(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
            "WHERE relnamespace = %s::regnamespace AND relkind = 'r'", (S,)).fetchall()
    forced = {name for name, on, force in rows if on and force}
    assert set(DATA_TABLES) <= forced


def test_a_line_manager_cannot_read_count_or_change_anothers_rows_even_by_id(trust):
    people, ids = trust
    senco_b, meeting_b, action_b = ids["lm_b"]
    senco_a, meeting_a, action_a = ids["lm_a"]
    with sql(people["lm_a"][1]) as conn:
        for table in DATA_TABLES:  # counts see only Jane's
            assert conn.execute(f"SELECT count(*) FROM {S}.{table}").fetchone()[0] == 1, table
        assert conn.execute(f"SELECT * FROM {S}.sencos WHERE id = %s", (senco_b,)).fetchall() == []
        assert conn.execute(f"SELECT * FROM {S}.meetings WHERE id = %s",
                            (meeting_b,)).fetchall() == []
        assert conn.execute(f"SELECT notes FROM {S}.answers WHERE meeting_id = %s",
                            (meeting_b,)).fetchall() == []
        for statement in (
            f"UPDATE {S}.answers SET notes = 'x' WHERE meeting_id = {meeting_b}",
            f"UPDATE {S}.actions SET text = 'x' WHERE id = {action_b}",
            f"UPDATE {S}.sencos SET school = 'x' WHERE id = {senco_b}",
            f"UPDATE {S}.meetings SET attendees = 'x' WHERE id = {meeting_b}",
            f"DELETE FROM {S}.reviews WHERE meeting_id = {meeting_b}",
            f"DELETE FROM {S}.answers WHERE meeting_id = {meeting_b}",
        ):
            assert conn.execute(statement).rowcount == 0, statement
        for statement in (  # writing into B's meeting, or opening one for B's SENCo
            f"INSERT INTO {S}.answers (meeting_id, question_id, section, question_text, "
            f"notes, updated_at) VALUES ({meeting_b}, 'q9', 's', 'Q', 'x', now())",
            f"INSERT INTO {S}.actions (meeting_id, text, created_at) "
            f"VALUES ({meeting_b}, 'x', now())",
            f"INSERT INTO {S}.meetings (senco_id, year, half_term, created_at) "
            f"VALUES ({senco_b}, '2026/27', 'spring-1', now())",
        ):
            with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
                conn.execute(statement)
        # nor make themselves B's SENCo's line manager
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(f"INSERT INTO {S}.access VALUES (current_user, 'line_manager', "
                         f"{senco_b})")
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(f"SELECT * FROM {S}.access")
        # their own SENCo's rows they may change
        assert conn.execute(f"UPDATE {S}.actions SET text = 'mine' WHERE id = {action_a}"
                            ).rowcount == 1
    with sql(people["lm_b"][1]) as conn:
        assert conn.execute(f"SELECT notes FROM {S}.answers").fetchall() == [("Sam Lee's notes",)]
        assert conn.execute(f"SELECT text FROM {S}.actions").fetchall() == [("Sam Lee's action",)]


def test_a_senco_prepares_their_own_meeting_but_not_the_line_managers_part(trust):
    people, ids = trust
    senco_a, meeting_a, action_a = ids["lm_a"]
    senco_b, meeting_b, _ = ids["lm_b"]
    with sql(people["jane"][1]) as conn:
        assert conn.execute(f"SELECT name FROM {S}.sencos").fetchall() == [("Jane Smith",)]
        assert conn.execute(f"SELECT count(*) FROM {S}.meetings").fetchone()[0] == 1
        assert conn.execute(f"SELECT count(*) FROM {S}.reviews").fetchone()[0] == 1
        # preparing: her answers and actions, a meeting opened ahead
        assert conn.execute(f"UPDATE {S}.answers SET notes = 'prepared' "
                            f"WHERE meeting_id = {meeting_a}").rowcount == 1
        conn.execute(f"INSERT INTO {S}.actions (meeting_id, text, created_at) "
                     f"VALUES ({meeting_a}, 'bring the data', now())")
        conn.execute(f"UPDATE {S}.actions SET text = 'bring the EHCP data' WHERE id = {action_a}")
        conn.execute(f"INSERT INTO {S}.meetings (senco_id, year, half_term, created_at) "
                     f"VALUES ({senco_a}, '2026/27', 'autumn-2', now())")
        for statement in (  # the line manager's part
            f"INSERT INTO {S}.reviews (meeting_id, kind, question_id, decision, at) "
            f"VALUES ({meeting_a}, 'question', 'q1', 'done', now())",
            f"UPDATE {S}.reviews SET decision = 'done'",
            f"UPDATE {S}.actions SET status = 'done' WHERE id = {action_a}",
            f"UPDATE {S}.meetings SET held_on = '2026-10-01' WHERE id = {meeting_a}",
            f"UPDATE {S}.sencos SET school = 'x'",
            f"DELETE FROM {S}.answers",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(statement)
        # another SENCo's meetings: invisible, and closed to her writes
        assert conn.execute(f"SELECT * FROM {S}.meetings WHERE id = {meeting_b}").fetchall() == []
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(f"INSERT INTO {S}.meetings (senco_id, year, half_term, created_at) "
                         f"VALUES ({senco_b}, '2026/27', 'spring-1', now())")


def test_a_director_reads_every_senco_and_writes_nothing(trust):
    people, ids = trust
    _, meeting_a, action_a = ids["lm_a"]
    with sql(people["director"][1]) as conn:
        for table in DATA_TABLES:
            assert conn.execute(f"SELECT count(*) FROM {S}.{table}").fetchone()[0] == 2, table
        for statement in (
            f"UPDATE {S}.answers SET notes = 'x'",
            f"UPDATE {S}.actions SET text = 'x' WHERE id = {action_a}",
            f"INSERT INTO {S}.sencos (name, name_key, school, checklist_set) "
            "VALUES ('D', 'd', 'x', 'secondary')",
            f"DELETE FROM {S}.meetings WHERE id = {meeting_a}",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(statement)


@pytest.mark.parametrize("pipelines", [True, False], ids=["pipeline", "libpq-13"])
def test_a_role_given_no_part_sees_nothing_and_the_app_says_what_to_do(trust, pipelines,
                                                                       monkeypatch):
    monkeypatch.setattr(psycopg.Pipeline, "is_supported", staticmethod(lambda: pipelines))
    people, _ = trust
    name, url = people["nobody"]
    with sql(url) as conn:
        for table in DATA_TABLES:
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(f"SELECT count(*) FROM {S}.{table}")
    from senco_tui.store import StoreError

    with pytest.raises(StoreError, match=f"{name} has no part in this store yet.*"
                                         f"trust grant {name} --line-manager-of"):
        open_postgres(url)


def test_the_store_through_each_role_sees_what_the_policies_allow(trust):
    people, ids = trust
    with open_postgres(people["director"][1]) as store:
        assert [s.name for s in store.list_sencos()] == ["Jane Smith", "Sam Lee"]
        from senco_tui.store import StoreError

        with pytest.raises(StoreError, match="nothing was saved"):
            store.add_action(ids["lm_a"][1], None, "x", "", None)
    with open_postgres(people["jane"][1]) as store:
        [jane] = store.list_sencos()
        meeting = store.get_or_create_meeting(jane.id, "2026/27", "spring-1")  # ahead
        store.set_notes(meeting.id, "q1", "assess", "Asked?", "ready")
        store.add_action(meeting.id, "q1", "bring data", "SENCo", date(2027, 1, 9))
        with pytest.raises(StoreError, match="may not change this"):
            store.set_meeting_details(meeting.id, held_on=date(2027, 1, 10), attendees="")
        with pytest.raises(StoreError):
            store.review(meeting.id, kind="question", question_id="q1", decision="done")
    with open_postgres(people["lm_a"][1]) as store:
        assert store.answers(meeting.id)["q1"].notes == "ready"
        held = store.set_meeting_details(meeting.id, held_on=date(2027, 1, 10), attendees="J")
        assert held.held_on == date(2027, 1, 10)


def test_a_senco_a_line_manager_adds_is_theirs_alone(trust):
    people, _ = trust
    with open_postgres(people["lm_b"][1]) as store:
        added = store.add_senco("Ama Owusu", "Brook Academy", "primary")
        assert [s.name for s in store.list_sencos()] == ["Ama Owusu", "Sam Lee"]
    with open_postgres(people["lm_a"][1]) as store:
        assert store.find_senco("Ama Owusu") is None
        from senco_tui.errors import UserError

        with pytest.raises(UserError, match="already a SENCo called 'Ama Owusu'.*another school"):
            store.add_senco("Ama Owusu", "Elsewhere", "primary")
    with sql(people["lm_a"][1]) as conn:
        assert conn.execute(f"SELECT count(*) FROM {S}.sencos WHERE id = {added.id}"
                            ).fetchone()[0] == 0


def test_grant_revoke_and_who(trust, trust_db):
    people, _ = trust
    lm_a, jane, director = people["lm_a"][0], people["jane"][0], people["director"][0]
    with TrustAdmin(trust_db) as owner:
        who = {(g.role, g.kind, g.senco) for g in owner.who()}
        assert (lm_a, "line_manager", "Jane Smith") in who
        assert (jane, "senco", "Jane Smith") in who and (director, "director", "") in who
        assert owner.revoke(director) == f"{director}: no part in this store now"
        with pytest.raises(Exception, match="no such part"):
            owner.revoke(director)
        with pytest.raises(Exception, match="no role 'ghost'.*createuser"):
            owner.grant("ghost", "director")
        with pytest.raises(Exception, match="no SENCo called 'Nobody'.*--school"):
            owner.grant(lm_a, "line_manager", "Nobody")
    from senco_tui.store import StoreError

    with pytest.raises(StoreError, match="no part in this store"):
        open_postgres(people["director"][1])


def test_trust_init_is_safe_to_run_again_and_two_at_once_migrate_once(pg_db):
    results, failures = [], []

    def run():
        try:
            results.append(init(pg_db))
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert sum("created the store" in r for r in results) == 1
    assert sum("up to date" in r for r in results) == 2
    with admin(pg_db) as conn:
        policies = conn.execute("SELECT count(*) FROM pg_policies WHERE schemaname = %s",
                                (S,)).fetchone()[0]
    assert "up to date" in init(pg_db)
    with admin(pg_db) as conn:
        assert conn.execute("SELECT count(*) FROM pg_policies WHERE schemaname = %s",
                            (S,)).fetchone()[0] == policies
        assert conn.execute(f"SELECT version FROM {S}.schema_version").fetchone()[0] == len(
            MIGRATIONS)


def test_a_senco_preparing_this_half_terms_meeting_does_not_make_it_held(trust):
    from senco_tui import meeting
    from senco_tui.checklist import HalfTerm, Question, Section

    people, _ = trust
    a2 = HalfTerm("autumn-2", (Section("assess", "Assess", (
        Question("sen-register", "Is the SEN register accurate?"),)),))
    with open_postgres(people["jane"][1]) as store:
        [jane] = store.list_sencos()
        session = meeting.open_meeting(store, jane, "2026/27", "autumn-2",
                                       meeting.MeetingChecklist("Secondary", a2), glossary={},
                                       today=date(2026, 11, 20), current=("2026/27", "autumn-2"))
        assert session.save_notes("sen-register", "Register checked last week")
        session.add_action("sen-register", "Bring the register", "SENCo", None)
        assert session.meeting.held_on is None
    with open_postgres(people["lm_a"][1]) as store:
        session = meeting.open_meeting(store, store.find_senco("Jane Smith"), "2026/27",
                                       "autumn-2", meeting.MeetingChecklist("Secondary", a2),
                                       glossary={}, today=date(2026, 11, 21),
                                       current=("2026/27", "autumn-2"))
        assert session.notes.view("sen-register").notes == "Register checked last week"
        session.rate("sen-register", "green")  # the line manager holds it
        assert store.get_meeting(session.meeting.id).held_on == date(2026, 11, 21)


def test_revoking_one_part_leaves_the_others(trust, trust_db):
    people, _ = trust
    lm_a = people["lm_a"][0]
    with TrustAdmin(trust_db) as owner:
        owner.grant(lm_a, "director")
        assert owner.revoke(lm_a, "director") == f"{lm_a}: still line manager"
        assert owner.revoke(lm_a, "line_manager", "Jane Smith") == (
            f"{lm_a}: no part in this store now")


@pytest.mark.parametrize("pipelines", [True, False], ids=["pipeline", "libpq-13"])
def test_a_superuser_is_not_used_as_a_person(trust_db, pg_login, pg_url, pipelines,
                                             monkeypatch):
    from senco_tui.store import StoreError

    monkeypatch.setattr(psycopg.Pipeline, "is_supported", staticmethod(lambda: pipelines))

    name, url = pg_login("root", dbname=conninfo_to_dict(trust_db)["dbname"])
    with admin(pg_url) as conn:
        conn.execute(f'ALTER ROLE "{name}" SUPERUSER')
    with pytest.raises(StoreError, match=f"{name} is a superuser.*connect as your own role"):
        open_postgres(url)


@pytest.mark.parametrize("change, says", [
    (-1, f"the store is at version {len(MIGRATIONS) - 1} and this senco-tui needs "
         f"{len(MIGRATIONS)}; the database's owner upgrades it with: senco-tui trust init URL"),
    (+1, f"was made by a newer senco-tui (store version {len(MIGRATIONS) + 1}, this one "
         f"knows up to {len(MIGRATIONS)}); upgrade senco-tui"),
])
@pytest.mark.parametrize("pipelines", [True, False], ids=["pipeline", "libpq-13"])
def test_a_store_at_another_version_says_who_upgrades_what(trust_db, line_manager_url, change,
                                                          says, pipelines, monkeypatch):
    from senco_tui.store import StoreError

    monkeypatch.setattr(psycopg.Pipeline, "is_supported", staticmethod(lambda: pipelines))

    with admin(trust_db) as conn:
        conn.execute(f"UPDATE {S}.schema_version SET version = version + %s", (change,))
    with pytest.raises(StoreError) as refused:
        open_postgres(line_manager_url)
    assert str(refused.value).endswith(says) and "\n" not in str(refused.value)
