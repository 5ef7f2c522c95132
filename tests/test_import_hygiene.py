"""Everything but the app starts without Textual, and without psycopg unless it talks to
PostgreSQL: a CLI command that dragged in the TUI would cost every run its import.

Each check runs in a fresh interpreter and looks at sys.modules, the only way to see
an import deferred into a function (or one that arrives sideways, through another
module). The modules are found by walking the package, so a new one is covered.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import senco_tui

PACKAGE = Path(senco_tui.__file__).resolve().parent


def headless_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        # tui/ is the app; __main__ runs the CLI when imported (its commands are below)
        if parts[1:2] == ("tui",) or parts[-1] == "__main__":
            continue
        names.append(".".join(parts))
    return names


def forbidden(module: str) -> tuple[str, ...]:
    # the PostgreSQL backend is the one place psycopg belongs
    return ("textual",) if "postgres" in module else ("textual", "psycopg")


def loaded_after(code: str) -> list[str]:
    """Top-level packages of interest found in sys.modules after running `code`."""
    check = ("import sys\n"
             "print('loaded:' + ','.join(m for m in ('textual', 'psycopg') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", f"{code}\n{check}"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    line = proc.stdout.splitlines()[-1]
    assert line.startswith("loaded:"), proc.stdout
    return [m for m in line.removeprefix("loaded:").split(",") if m]


def test_the_walk_finds_the_headless_modules():
    modules = headless_modules()
    assert {"senco_tui", "senco_tui.cli", "senco_tui.export", "senco_tui.commands.notes",
            "senco_tui.checklist.glossary", "senco_tui.store"} <= set(modules)
    assert not any(m.startswith("senco_tui.tui") for m in modules)


@pytest.mark.parametrize("module", headless_modules())
def test_importing_a_headless_module_loads_no_tui(module):
    leaked = [m for m in loaded_after(f"import {module}") if m in forbidden(module)]
    assert not leaked, f"import {module} loaded {leaked}"


COMMANDS = [
    ["locate"],
    ["validate"],
    ["checklists", "list"],
    ["checklists", "show", "secondary", "--half-term", "autumn-1"],
    ["senco", "list"],
    ["senco", "add", "Sam Patel", "--school", "Riverside School"],
    ["backup"],
    ["export", "--senco", "Jane Smith", "--year", "2026/27", "--half-term", "autumn-1"],
    ["actions"],
    ["history", "gcse-outcomes", "--senco", "Jane Smith"],
    ["history", "GCSE", "outcome", "--senco", "Jane Smith"],
    ["search", "gap", "analysis"],
    ["year", "--senco", "Jane Smith", "--year", "2026/27"],
    ["report", "--senco", "Jane Smith", "--year", "2026/27"],
    ["report", "--all", "--year", "2026/27", "--governors", "--html"],
]


@pytest.fixture
def jane():
    """A store with one held meeting, in the dirs tests/conftest.py points every test at."""
    from senco_tui.paths import resolve
    from senco_tui.store import Store

    paths = resolve(None, None)
    with Store.open(paths.data_dir) as store:
        senco = store.add_senco("Jane Smith", "Hillside Academy", "secondary")
        meeting = store.get_or_create_meeting(senco.id, "2026/27", "autumn-1")
        store.set_meeting_details(meeting.id, held_on=date(2026, 10, 8), attendees="")
        store.set_status(meeting.id, "gcse-outcomes", "assess", "GCSE outcomes?", "amber")
        store.add_action(meeting.id, "gcse-outcomes", "Share the gap analysis", "SENCo", None)


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_a_headless_command_runs_without_the_tui(argv, jane):
    code = ("import sys, contextlib, io\n"
            "from senco_tui.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    rc = main({argv!r})\n"
            "assert rc == 0, rc")
    leaked = loaded_after(code)
    assert not leaked, f"senco-tui {' '.join(argv)} loaded {leaked}"


def test_export_and_report_make_python_compile_no_field_types():
    """A NamedTuple whose field types are strings (a module with `from __future__ import
    annotations`) has typing compile each one as it is defined, and a process's first
    compile() costs ~1.5 ms: every record type export and report load has real types."""
    code = ("import sys, typing\n"
            "import senco_tui.cli, senco_tui.commands.notes, senco_tui.commands.report\n"
            "for name, module in list(sys.modules.items()):\n"
            "    if not name.startswith('senco_tui'):\n"
            "        continue\n"
            "    for value in vars(module).values():\n"
            "        if (isinstance(value, type) and issubclass(value, tuple)\n"
            "                and value.__module__ == name):\n"
            "            for field, kind in getattr(value, '__annotations__', {}).items():\n"
            "                if isinstance(kind, typing.ForwardRef):\n"
            "                    print(f'{name}.{value.__name__}.{field}')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
