"""Shut the developer's machine out of every test: data and config go to tmp dirs."""

from __future__ import annotations

import gc
import os
import tempfile
from pathlib import Path

import pytest
from scratch import in_memory

# A real PostgreSQL server and a database per test, for the shared (trust) store
pytest_plugins = ["postgres_server"]

TUI = Path(__file__).resolve().parent / "tui"
# Workers per core for `-n auto` (addopts): most tests wait more than they compute (on
# the app, another process, the PostgreSQL server), and while one waits another runs.
WORKERS_PER_CORE = 2


def pytest_xdist_auto_num_workers(config):
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own hook reads it
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return WORKERS_PER_CORE * (cores or 1)


def scratch_in_memory(config) -> None:
    """The run's tmp dirs, and every program it starts, in memory where there is room
    (scratch.in_memory), unless --basetemp says where."""
    memory = None if config.option.basetemp else in_memory()
    if memory is not None:
        # xdist's workers and the tests' programs inherit it; this process's tempfile is
        # set before pytest makes its base dir
        os.environ["TMPDIR"] = tempfile.tempdir = str(memory)


@pytest.hookimpl(tryfirst=True)  # before postgres_server's, which makes the server's folder
def pytest_configure(config):
    scratch_in_memory(config)
    # Each Pilot test builds an app (a few hundred thousand objects) and drops it. At
    # Python's default thresholds a full collection ran about once a test, walking every
    # live object each time: a quarter of the app tests' CPU. Collected less often, the
    # same garbage goes in fewer sweeps (a worker peaks near 130 MB instead of 85).
    gc.set_threshold(10_000, 20, 20)


def pytest_collection_modifyitems(items):
    # the app's tests (Pilot, snapshots) are most of the run's time: `-m "not tui"` skips them
    for item in items:
        if TUI in item.path.parents:
            item.add_marker(pytest.mark.tui)


@pytest.fixture(scope="session", autouse=True)
def _subprocess_bytecode(tmp_path_factory):
    """The Pythons the tests start (the app in a terminal, the CLI, store workers, the
    import checks: a few hundred) keep their compiled modules in a folder of the run's,
    shared by its workers, so each does not compile the app again where the environment
    says to write no bytecode (PYTHONDONTWRITEBYTECODE)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
        patch.setenv("PYTHONPYCACHEPREFIX", str(tmp_path_factory.getbasetemp().parent / "pyc"))
        yield


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SENCO_TUI_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("SENCO_TUI_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    monkeypatch.delenv("SENCO_TUI_DEBUG", raising=False)
    monkeypatch.delenv("SENCO_TUI_STORE", raising=False)
    return home
