"""`senco-tui meet`: a wrong SENCo or year is a one-line error before the app starts."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def meet(paths, *args):
    env = {**os.environ, "SENCO_TUI_DATA_DIR": str(paths.data_dir),
           "SENCO_TUI_CONFIG_DIR": str(paths.config_dir)}
    # -X importtime lists every import on stderr: proof Textual never started
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "senco_tui", "meet", *args],
                          capture_output=True, text=True, env=env, timeout=60,
                          stdin=subprocess.DEVNULL)


def messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not line.startswith("import time:")]


def test_unknown_senco_is_one_line_listing_the_sencos(seeded_paths):
    proc = meet(seeded_paths, "--senco", "Nobody")
    assert proc.returncode == 1
    assert messages(proc.stderr) == [
        "senco-tui: no SENCo called 'Nobody'; SENCos: Jane Smith, Sam Patel"]
    imported = [line.split("|")[-1].strip() for line in proc.stderr.splitlines()
                if line.startswith("import time:")]
    assert "senco_tui.store" in imported and "textual" not in imported


@pytest.mark.parametrize(("year", "words"), [
    ("2026/28", "academic year '2026/28' should run over two"),
    ("0000/01", "academic year '0000/01' is not one senco-tui handles"),  # was a ValueError
])
def test_bad_year_is_a_one_line_usage_error(seeded_paths, year, words):
    proc = meet(seeded_paths, "--senco", "Jane", "--year", year)
    assert proc.returncode == 2
    [line] = messages(proc.stderr)
    assert line.startswith(f"senco-tui meet: argument --year: {words}")


def test_no_store_yet_says_add_a_senco(paths):
    proc = meet(paths, "--senco", "Jane")
    assert proc.returncode == 1
    [line] = messages(proc.stderr)
    assert "add a SENCo first" in line
    assert not paths.database.exists()
