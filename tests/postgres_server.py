"""A real PostgreSQL server for the tests (a pytest plugin, loaded by conftest.py).

Where the server comes from:
- SENCO_TUI_TEST_PG set (`.ci/run` sets it): a libpq URL for a superuser. If it cannot
  be reached, every Postgres test fails: CI must never pass by skipping them.
- otherwise, when PostgreSQL's server binaries are here, the run starts its own with
  `.ci/postgres` (so the README's plain `pytest` runs them too): the first of its workers
  to need it starts it, the others use it (as CI's one server), and it stops at the end;
- otherwise the Postgres tests skip with the reason, unless CI is set (then they fail).

Each test gets its own database, dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from functools import partial
from glob import glob
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
URL_ENV = "SENCO_TUI_TEST_PG"


def _required() -> bool:
    return bool(os.environ.get(URL_ENV) or os.environ.get("CI"))


def _unavailable(reason: str):
    if _required():
        pytest.fail(f"PostgreSQL is required here but {reason}", pytrace=False)
    pytest.skip(reason)


def _have_binaries() -> bool:
    return bool(shutil.which("initdb") or glob("/usr/lib/postgresql/*/bin/initdb"))


# A folder of the run's (made by the process that runs the session, inherited by xdist's
# workers): the servers it started, each started once whichever worker needs it first.
RUN_ENV = "SENCO_TUI_TEST_RUN"


def pytest_configure(config):
    if hasattr(config, "workerinput"):
        return  # a worker: the controller made the folder and stops the servers
    run = Path(tempfile.mkdtemp(prefix="senco-tui-run-"))
    run.chmod(0o711)  # as root, the servers run as `postgres`, which must get in
    os.environ[RUN_ENV] = str(run)
    config.add_cleanup(partial(_stop_servers, run))


def _stop_servers(run: Path) -> None:
    os.environ.pop(RUN_ENV, None)
    for url in run.glob("*.url"):
        subprocess.run([str(ROOT / ".ci" / "postgres"), "stop", str(url.with_suffix(""))],
                       capture_output=True)
    shutil.rmtree(run, ignore_errors=True)


def _run_server(name: str, *options: str) -> tuple[str, Path]:
    """The run's server `name` (`.ci/postgres start` with these options), started now if
    no worker has yet: (its superuser's URL, its folder). The lock holds the other
    workers while one starts it; `.ci/postgres` bounds the start itself."""
    import fcntl

    run = Path(os.environ[RUN_ENV])
    folder, url = run / name, run / f"{name}.url"
    with open(run / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        failed = run / f"{name}.failed"
        if failed.exists():
            _unavailable(failed.read_text())
        if not url.exists():
            proc = subprocess.run([str(ROOT / ".ci" / "postgres"), "start", str(folder),
                                   *options], capture_output=True, text=True)
            if proc.returncode:
                reason = f"the test server did not start: {proc.stderr.strip()}"
                failed.write_text(reason)
                _unavailable(reason)
            url.write_text(proc.stdout.strip())
    return url.read_text(), folder


@pytest.fixture(scope="session")
def pg_url():
    """A superuser's libpq URL on a running server."""
    try:
        import psycopg
    except ImportError:
        _unavailable("psycopg is not installed (pip install '.[test]')")
    url = os.environ.get(URL_ENV)
    if not url:
        if not _have_binaries():
            _unavailable(f"{URL_ENV} is not set and no PostgreSQL server binaries were found")
        url, _ = _run_server("server")
    try:
        psycopg.connect(url, connect_timeout=10).close()
    except psycopg.Error as exc:
        pytest.fail(f"{URL_ENV}={url}: cannot connect: {exc}", pytrace=False)
    return url


@pytest.fixture(scope="session")
def pg_tls(pg_url):
    """A second server that takes TCP only with TLS, its certificate (for localhost) from
    a CA of its own: (the superuser's socket URL, the CA certificate's path)."""
    if not _have_binaries():
        _unavailable("the TLS test server needs PostgreSQL's server binaries here")
    url, folder = _run_server("tls", "--tls")
    return url, folder / "ca.crt"


def conninfo(url: str, **changes) -> str:
    """`url` with some of its parts changed, as a postgresql:// URL (what users give)."""
    from urllib.parse import quote, urlencode

    from psycopg.conninfo import conninfo_to_dict

    parts = {**conninfo_to_dict(url), **changes}
    user = quote(parts.pop("user", ""), safe="")
    password = parts.pop("password", None)
    dbname = quote(parts.pop("dbname", ""), safe="")
    auth = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
    return f"postgresql://{auth}/{dbname}?{urlencode(parts)}"


def admin(url: str):
    """An autocommit superuser connection (for CREATE DATABASE and roles)."""
    import psycopg

    return psycopg.connect(url, autocommit=True)


def create_database(url: str, template: str = "template0", prefix: str = "senco_t") -> str:
    """A new database, a copy of `template`: its name."""
    name = f"{prefix}_{secrets.token_hex(5)}"
    with admin(url) as conn:
        # PostgreSQL 15's default writes the copy through the WAL, page by page: copying
        # the files is ~40 % less of the server's CPU for a small database (and 15 ms)
        strategy = " STRATEGY FILE_COPY" if conn.info.server_version >= 150000 else ""
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{strategy}')
    return name


def drop_database(url: str, name: str) -> None:
    with admin(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_login(url: str, prefix: str, *groups: str) -> tuple[str, str]:
    """A login role with a password of its own, in these groups: (name, password)."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    password = secrets.token_hex(8)
    with admin(url) as conn:
        conn.execute(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}'")
        for group in groups:
            conn.execute(f'GRANT "{group}" TO "{name}"')
    return name, password


def drop_logins(url: str, *names: str) -> None:
    with admin(url) as conn:
        for name in names:
            conn.execute(f'DROP ROLE IF EXISTS "{name}"')


@pytest.fixture
def pg_db(pg_url):
    """A new, empty database of its own: the superuser's URL for it."""
    name = create_database(pg_url)
    yield conninfo(pg_url, dbname=name)
    drop_database(pg_url, name)


@pytest.fixture
def pg_login(pg_url):
    """make(prefix, *groups) -> (role name, its URL): a login role with a password of its
    own, dropped after the test."""
    made: list[str] = []

    def make(prefix: str, *groups: str, dbname: str | None = None) -> tuple[str, str]:
        name, password = create_login(pg_url, prefix, *groups)
        made.append(name)
        changes = {"user": name, "password": password}
        if dbname:
            changes["dbname"] = dbname
        return name, conninfo(pg_url, **changes)

    yield make
    drop_logins(pg_url, *made)


@pytest.fixture(scope="session")
def trust_template(pg_url):
    """A database with the store made by `trust init`, copied for each test that needs one."""
    from senco_tui.store.postgres_trust import init

    name = create_database(pg_url, prefix="senco_tpl")
    init(conninfo(pg_url, dbname=name))
    yield name
    drop_database(pg_url, name)


@pytest.fixture
def trust_db(pg_url, trust_template):
    """A database of its own holding an empty store: the superuser's URL for it."""
    name = create_database(pg_url, trust_template)
    yield conninfo(pg_url, dbname=name)
    drop_database(pg_url, name)


@pytest.fixture
def line_manager_url(trust_db, pg_login):
    """A line manager's URL (their own login role) on an empty store of its own."""
    from psycopg.conninfo import conninfo_to_dict

    _, url = pg_login("lm", "senco_tui_line_managers",
                      dbname=conninfo_to_dict(trust_db)["dbname"])
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def any_store(request, tmp_path):
    """The same test on both backends: the SQLite file, and the shared store as a line
    manager (their own login role, held to the row-level security policies)."""
    from senco_tui.store import Store, open_postgres

    if request.param == "sqlite":
        with Store.open(tmp_path / "data") as opened:
            yield opened
    else:
        with open_postgres(request.getfixturevalue("line_manager_url")) as opened:
            yield opened
