"""Run the CLI in-process, as the command-line tests do."""

from __future__ import annotations

from senco_tui.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """senco-tui ARGV: (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
