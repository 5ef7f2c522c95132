"""A fresh data and config dir for each app test."""

from __future__ import annotations

import pytest

from senco_tui.paths import resolve


@pytest.fixture
def paths(tmp_path):
    return resolve(tmp_path / "data", tmp_path / "config")
