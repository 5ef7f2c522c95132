"""The README's commands are the ones CI runs, and the wheel carries the checklists."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_readme_opens_with_install_and_test_commands():
    install, test = _readme_commands()
    assert "pip install ." in install and install.endswith("senco-tui")
    assert ".[test]" in test and "pytest" in test
    assert "python3 -m venv" in install and "python3 -m venv" in test


def test_ci_runs_the_readme_test_command_exactly():
    _, test = _readme_commands()
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test in ci_lines


def test_wheel_ships_checklists_and_styles(tmp_path):
    # the build backend (in the test extra) called as pip calls it (PEP 517's build_wheel),
    # without pip's own second of start-up
    subprocess.run(
        [sys.executable, "-c",
         "import sys; from hatchling.build import build_wheel; build_wheel(sys.argv[1])",
         str(tmp_path)],
        cwd=ROOT, check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("senco_tui-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "senco_tui/checklists/secondary/autumn-1.yaml" in names
    assert "senco_tui/checklists/primary/summer-2.yaml" in names
    assert "senco_tui/checklists/glossary.yaml" in names
    assert "senco_tui/checklists/secondary/standing.yaml" in names
    assert any(n.startswith("senco_tui/tui/") and n.endswith(".tcss") for n in names)

    # run the installed code from /tmp, away from the repo: a pure-Python wheel installs
    # by unpacking it (the command's script is not used here; `python -m` is)
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin",
           "SENCO_TUI_DATA_DIR": str(tmp_path / "d"), "SENCO_TUI_CONFIG_DIR": str(tmp_path / "c")}
    for args in (["validate"], ["checklists", "list"]):
        proc = subprocess.run([sys.executable, "-m", "senco_tui", *args], cwd="/tmp", env=env,
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert "secondary" in proc.stdout and "primary" in proc.stdout


def test_code_passes_ruff():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache",
                           "senco_tui", "tests", "benchmarks"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_core_passes_mypy_strict():
    # the files and the strictness are in pyproject.toml's [tool.mypy]
    proc = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
