"""Fixtures for the app's tests: fresh dirs, a seeded store, the app started and ready.

Every test under tests/tui is marked `tui` (tests/conftest.py), so `pytest -m "not tui"`
runs the fast ones alone.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tui_helpers import meeting_ready, running
from tui_seed import TODAY, seed

from senco_tui.paths import resolve

CHECKLISTS = Path(__file__).resolve().parents[1] / "data" / "checklists"


@pytest.fixture(autouse=True)
def _settled_pilot():
    """Pilot waits until the app has nothing left to do, not for its CPU time to stop
    moving (textual_hooks.settle: faster, and never fooled by a busy machine)."""
    from senco_tui.tui.textual_hooks import settled_pilot

    with settled_pilot():
        yield


@pytest.fixture(autouse=True)
def _css_parsed_once():
    """The apps of a test process parse each stylesheet once (textual_hooks.
    shared_css_parses), not once per app: a tenth of every app's start."""
    from senco_tui.tui.textual_hooks import shared_css_parses

    with shared_css_parses():
        yield


@pytest.fixture
def paths(tmp_path):
    """A fresh, empty data and config dir."""
    return resolve(tmp_path / "data", tmp_path / "config")


@pytest.fixture
def seeded_paths(paths):
    """Jane Smith (Autumn 1 held: statuses, notes, two open actions; Autumn 2 begun) and
    Sam Patel (no meetings), both on the shipped secondary set."""
    seed(paths, autumn_2=True)
    return paths


@pytest.fixture
def snapshot_paths(paths, tmp_path, monkeypatch):
    """seeded_paths on the tests' own small checklist set and glossary (tests/data), so
    editing the shipped sets never changes a snapshot."""
    from senco_tui.checklist import glossary

    shutil.copytree(CHECKLISTS / "snapshot", paths.user_checklists / "snapshot")
    # the glossary is only ever read from the built-in checklists' folder
    builtin = tmp_path / "builtin-checklists"
    builtin.mkdir()
    shutil.copy(CHECKLISTS / "snapshot-glossary.yaml", builtin / "glossary.yaml")
    monkeypatch.setattr(glossary, "builtin_checklists", lambda: builtin)
    seed(paths, autumn_2=True, checklist_set="snapshot")
    return paths


@pytest.fixture
async def meeting_app(seeded_paths):
    """Jane Smith's Autumn 2 meeting open at 120x40, its first item shown: yields the pilot
    (`pilot.app` is the app)."""
    from senco_tui.tui.app import SencoApp

    app = SencoApp(seeded_paths, today=TODAY, meet=("Jane Smith", None, None))
    async with running(app, ready=meeting_ready, what="Jane Smith's meeting") as pilot:
        yield pilot


@pytest.fixture
def autumn_1_paths(paths):
    """Jane Smith with only Autumn 1 held (statuses, notes, two open actions: her Autumn 2
    meeting opens new, the three carried items to review), and Sam Patel (no meetings)."""
    seed(paths)
    return paths
