"""The README's "For a trust", run as written against the real test server.

The server is a test server that, like the README's step 2, takes TCP connections only
with TLS, its certificate from a CA of its own. Only what cannot be the same here is
changed: the service file's host, port and CA certificate (localhost, the test server's
port, its CA), and the role and database names, made unique on this server. Every
connection through the service is TLS with the certificate checked (verify-full).
Passwords are typed at createuser's prompt and read from ~/.pgpass, as the README says.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import subprocess
import sys
from glob import glob
from pathlib import Path

import pytest
from postgres_server import admin
from psycopg.conninfo import conninfo_to_dict

from senco_tui.store import Store

ROOT = Path(__file__).resolve().parents[1]


def trust_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("## For a trust\n", 1)[1].split("\n## ", 1)[0]


def blocks(section: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.+?)\n```", section, re.S)


def test_the_readme_trust_setup_works_as_written(pg_tls, tmp_path):
    pg_url, ca = pg_tls
    suffix = secrets.token_hex(3)
    names = ("senco_owner", "alice", "jane", "dora")
    unique = {n: f"{n}_{suffix}" for n in names}

    def adapt(text: str) -> str:
        text = re.sub(r"\b(" + "|".join(names) + r")\b", lambda m: unique[m.group(1)], text)
        return text.replace("senco_trust", f"senco_trust_{suffix}")

    section = adapt(trust_section())
    server = conninfo_to_dict(pg_url)
    home = Path(os.environ["HOME"])
    # ~/.pg_service.conf as written, pointed at this server
    [service] = blocks(section, "ini")
    assert "sslmode=verify-full" in service.splitlines()
    service = re.sub(r"^host=.*$", "host=localhost", service, flags=re.M)
    service = re.sub(r"^port=.*$", f"port={server['port']}", service, flags=re.M)
    service = re.sub(r"^sslrootcert=.*$", f"sslrootcert={ca}", service, flags=re.M)
    (home / ".pg_service.conf").write_text(service + "\n")
    passwords = {role: secrets.token_hex(8) for role in unique.values()}
    pgpass = home / ".pgpass"
    pgpass.write_text("".join(f"*:*:*:{role}:{pw}\n" for role, pw in passwords.items()))
    pgpass.chmod(0o600)
    # the school's own file that step 4 copies in
    with Store.open(home / ".local/share/senco-tui") as school:
        sam = school.add_senco("Sam Lee", "Vale Primary", "primary")
        meeting = school.get_or_create_meeting(sam.id, "2026/27", "autumn-1")
        school.set_notes(meeting.id, "gcse-outcomes", "assess", "Asked?", "Sam's notes")

    env = {**os.environ, "PGHOST": server["host"], "PGPORT": server["port"],
           "PGUSER": server.get("user", "postgres")}
    env.pop("SENCO_TUI_DATA_DIR", None)  # the copy reads the folder the README names
    env.pop("PGPASSWORD", None)
    bindirs = sorted(glob("/usr/lib/postgresql/*/bin"))
    env["PATH"] = os.pathsep.join([*bindirs[-1:], env["PATH"]])
    outputs = []
    try:
        for block in blocks(section, "sh"):
            for line in block.splitlines():
                if line.startswith("export "):
                    key, value = line.removeprefix("export ").split("=", 1)
                    env[key] = shlex.split(value)[0]
                    continue
                argv = shlex.split(line)
                argv = [os.path.expanduser(a) for a in argv]
                if argv[0] == "senco-tui":
                    argv = [sys.executable, "-m", "senco_tui", *argv[1:]]
                typed = ""
                if "--pwprompt" in argv:
                    pw = passwords[argv[-1]]
                    typed = f"{pw}\n{pw}\n"
                # no controlling terminal: the prompt reads what is typed here
                proc = subprocess.run(argv, input=typed, env=env, capture_output=True,
                                      text=True, cwd=tmp_path, start_new_session=True)
                assert proc.returncode == 0, f"{line}\n{proc.stdout}{proc.stderr}"
                outputs.append((line, proc.stdout + proc.stderr))
    finally:
        with admin(pg_url) as conn:
            for db in (f"senco_trust_{suffix}", f"senco_trust_{suffix}_restored"):
                conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            for role in reversed(unique.values()):
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')
    said = {line.split(" ", 3)[2] if line.startswith("senco-tui trust") else line: out
            for line, out in outputs}
    who = said["who"]
    for role in unique.values():
        if role != unique["senco_owner"]:
            assert role in who
    # Alice sees Jane (granted) and Sam (copied in for her), in the store and the restore
    lists = [out for line, out in outputs if line.endswith("senco list")]
    assert len(lists) == 2
    for out in lists:
        assert "Jane Smith" in out and "Sam Lee" in out
    assert any("checked: all 1 meetings export the same" in out for _, out in outputs)


def test_the_service_connection_is_tls_with_the_certificate_checked(pg_tls, tmp_path,
                                                                    capsys):
    import psycopg

    from senco_tui.cli import main
    from senco_tui.store import open_postgres

    pg_url, ca = pg_tls
    server = conninfo_to_dict(pg_url)
    name = f"tls_{secrets.token_hex(3)}"
    with admin(pg_url) as conn:
        conn.execute(f"CREATE DATABASE {name}")
        conn.execute(f"CREATE ROLE {name} LOGIN PASSWORD 'pw-{name}'")
    try:
        from senco_tui.store.postgres_trust import TrustAdmin, init

        owner = f"postgresql://postgres@/{name}?host={server['host']}&port={server['port']}"
        init(owner)
        with TrustAdmin(owner) as trust:
            trust.grant(name, "line_manager", "Jane Smith", school="Hill")
        url = (f"postgresql://{name}:pw-{name}@localhost:{server['port']}/{name}"
               f"?sslmode=verify-full&sslrootcert={ca}")
        with open_postgres(url) as store:
            assert store._conn.execute("SELECT ssl FROM pg_stat_ssl "
                                       "WHERE pid = pg_backend_pid()").fetchone() == (True,)
            assert [s.name for s in store.list_sencos()] == ["Jane Smith"]
        # a certificate from another CA (a server not the trust's) is refused, in one line
        other = tmp_path / "other-ca.crt"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                        "1", "-subj", "/CN=other", "-keyout", str(tmp_path / "k"), "-out",
                        str(other)], check=True, capture_output=True)
        assert main(["--store", url.replace(str(ca), str(other)), "senco", "list"]) == 1
        err = capsys.readouterr().err
        assert "secure (TLS) connection was refused" in err and "certificate" in err
        assert err.count("\n") == 1 and f"pw-{name}" not in err
        # and without TLS the server does not take it at all
        plain = url.replace("sslmode=verify-full", "sslmode=disable")
        assert main(["--store", plain, "senco", "list"]) == 1
        assert "takes only secure (TLS) connections; add sslmode=verify-full" in (
            capsys.readouterr().err)
        with pytest.raises(psycopg.OperationalError, match="no encryption"):
            psycopg.connect(plain).close()
    finally:
        with admin(pg_url) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"DROP ROLE IF EXISTS {name}")
