"""`senco-tui` and `senco-tui meet` refuse, in one line, to start without a terminal."""

from __future__ import annotations

import sys

import pytest

from senco_tui.cli import main

NEEDS = "senco-tui: the meeting app needs a terminal; export, actions and history work without one"


class NotATerminal:
    def isatty(self) -> bool:
        return False


@pytest.mark.parametrize("command", [[], ["meet", "--senco", "Jane Smith"]],
                         ids=["home", "meet"])
def test_no_terminal_is_a_one_line_error(seeded_paths, monkeypatch, capsys, command):
    monkeypatch.setattr(sys, "stdin", NotATerminal())
    argv = [*command, "--data-dir", str(seeded_paths.data_dir),
            "--config-dir", str(seeded_paths.config_dir)]
    if not command:  # plain `senco-tui` reads the folders from the environment
        monkeypatch.setenv("SENCO_TUI_DATA_DIR", str(seeded_paths.data_dir))
        monkeypatch.setenv("SENCO_TUI_CONFIG_DIR", str(seeded_paths.config_dir))
        argv = []
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [NEEDS]
    assert out == ""


def test_output_piped_is_refused_too(seeded_paths, monkeypatch, capsys):

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())  # stdout is pytest's capture: no terminal
    monkeypatch.setenv("SENCO_TUI_DATA_DIR", str(seeded_paths.data_dir))
    monkeypatch.setenv("SENCO_TUI_CONFIG_DIR", str(seeded_paths.config_dir))
    assert main([]) == 1
    assert capsys.readouterr().err.splitlines() == [NEEDS]
