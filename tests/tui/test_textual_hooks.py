"""The private Textual hooks were read against one Textual minor version: another fails here.

The app leans on Textual internals for speed and for a safe close (listed in
senco_tui/tui/textual_hooks.py). A new Textual minor version may change any of them
without notice; this test names each one to re-check before CHECKED_WITH moves on.
"""

from __future__ import annotations

import inspect
from importlib.metadata import version

from textual._xterm_parser import XTermParser
from textual.app import App
from textual.drivers.linux_driver import LinuxDriver
from textual.widget import Widget

from senco_tui.tui import textual_hooks


def test_textual_is_the_minor_version_the_hooks_were_checked_against():
    installed = ".".join(version("textual").split(".")[:2])
    hooks = "\n  - ".join(textual_hooks.HOOKS)
    assert installed == textual_hooks.CHECKED_WITH, (
        f"Textual {installed} is installed; the private hooks were checked against "
        f"{textual_hooks.CHECKED_WITH}. Re-read each against the new source, then update "
        f"CHECKED_WITH in senco_tui/tui/textual_hooks.py:\n  - {hooks}")


def test_each_hook_is_still_there_with_the_shape_used():
    """Not a substitute for reading them: a quick net for the ones that vanished."""
    assert "alt" in inspect.signature(XTermParser._sequence_to_key_events).parameters
    for name in ("run_input_thread", "_sigtstp_application", "_sigcont_application",
                 "stop_application_mode", "close", "write", "start_application_mode"):
        assert callable(getattr(LinuxDriver, name)), f"LinuxDriver.{name} has gone"
    driver_init = inspect.getsource(LinuxDriver.__init__)
    assert "self._file = " in driver_init and "self.exit_event" in driver_init
    assert "WriterThread(self._file)" in inspect.getsource(LinuxDriver.start_application_mode)
    assert "_check_bindings" in inspect.getsource(App._on_key)
    assert "call_later" in inspect.getsource(Widget.focus)
    for name in ("_size_updated", "_scroll_update", "set_reactive"):
        assert callable(getattr(Widget, name)), f"Widget.{name} has gone"
