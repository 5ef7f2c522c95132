"""Start-up: what the first frame waits for, and what is left for straight after it.

The first screen's speed is measured by benchmarks/run.py; these tests hold the things
that make it fast to what they promise: the garbage collector, paused for start-up,
is running again once the first frame is up (or the start failed), threads take turns
often while the app runs, and the first frame does not wait for modules only later
screens need.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap

import pytest
from tui_helpers import home

from senco_tui.cli import main


@pytest.fixture
def collector_restored():
    was_on, interval = gc.isenabled(), sys.getswitchinterval()
    yield
    gc.unfreeze()  # what the app set aside is the test process's to collect again
    if was_on:
        gc.enable()
    else:
        gc.disable()
    sys.setswitchinterval(interval)


async def test_the_collector_paused_for_start_up_runs_again_after_the_first_frame(
        seeded_paths, collector_restored):
    gc.disable()  # as `senco-tui` does before importing the app (commands/app.py)
    async with home(seeded_paths) as pilot:
        assert gc.isenabled()
        # and the rest of home followed the first frame, as before
        assert pilot.app.screen.query("#meetings") and pilot.app.screen.query("Footer")


async def test_a_collector_left_on_stays_on_and_nothing_is_set_aside(seeded_paths,
                                                                    collector_restored):
    gc.enable()
    frozen = gc.get_freeze_count()
    async with home(seeded_paths):
        assert gc.isenabled()
        assert gc.get_freeze_count() == frozen  # only a start-up paused by us is frozen


class NotATerminal:
    def isatty(self) -> bool:
        return False


def test_the_app_runs_with_the_collector_paused_and_threads_taking_turns_often(
        collector_restored):
    from senco_tui.commands.app import SWITCH_INTERVAL, _set_for_the_app

    gc.enable()
    sys.setswitchinterval(0.005)
    with _set_for_the_app():
        assert not gc.isenabled()  # until the first frame (see above)
        # the writer thread gets the frame out while the app's thread works on
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL)
    assert gc.isenabled() and sys.getswitchinterval() == pytest.approx(0.005)


@pytest.mark.parametrize("command", [[], ["meet", "--senco", "Jane Smith"]],
                         ids=["home", "meet"])
def test_a_start_refused_leaves_the_process_as_it_was(seeded_paths, monkeypatch, capsys,
                                                      collector_restored, command):
    gc.enable()
    sys.setswitchinterval(0.005)
    monkeypatch.setattr(sys, "stdin", NotATerminal())
    monkeypatch.setenv("SENCO_TUI_DATA_DIR", str(seeded_paths.data_dir))
    monkeypatch.setenv("SENCO_TUI_CONFIG_DIR", str(seeded_paths.config_dir))
    assert main(command) == 1  # the app needs a terminal
    assert gc.isenabled()
    assert sys.getswitchinterval() == pytest.approx(0.005)


# Modules the home screen's first frame must not wait for: the notes editor (TextArea,
# for the meeting screen), the checklists (YAML, for the meetings pane after it) and
# the meeting session.
LATER = ("textual.widgets._text_area", "yaml", "senco_tui.checklist", "senco_tui.meeting")

PROBE = """
import asyncio, sys
from senco_tui.paths import resolve
from senco_tui.tui.app import SencoApp

loaded = None
first_frame_up = SencoApp.on_ready

def on_ready(self):  # the first frame is up (Textual's Ready)
    global loaded
    loaded = [m for m in {later!r} if m in sys.modules]
    first_frame_up(self)

SencoApp.on_ready = on_ready

async def run():
    app = SencoApp(resolve({data!r}, {config!r}))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            if loaded is not None:
                break
            await pilot.pause(0.01)
asyncio.run(run())
print("loaded:" + ",".join(loaded if loaded is not None else ["(no first frame)"]))
"""


def test_the_first_frame_waits_for_no_module_only_later_screens_need(seeded_paths):
    code = textwrap.dedent(PROBE).format(later=LATER, data=str(seeded_paths.data_dir),
                                         config=str(seeded_paths.config_dir))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    line = proc.stdout.splitlines()[-1]
    assert line == "loaded:", f"before the first frame: {line.removeprefix('loaded:')}"
