import subprocess
import sys

from senco_tui import __version__
from senco_tui.cli import main


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exc:
        assert exc.code == 0
    assert __version__ in capsys.readouterr().out


def test_locate_prints_overridden_dirs(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path / "d"), "locate",
                 "--config-dir", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert f"database             {tmp_path / 'd' / 'senco.db'}" in out
    assert f"config               {tmp_path / 'c'}" in out


def test_env_dirs_used(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SENCO_TUI_DATA_DIR", str(tmp_path / "envdata"))
    assert main(["locate"]) == 0
    assert str(tmp_path / "envdata" / "backups") in capsys.readouterr().out


def test_unknown_command_is_usage_error():
    proc = subprocess.run([sys.executable, "-m", "senco_tui", "frobnicate"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_cli_commands_do_not_import_textual():
    code = ("import sys, senco_tui.cli, senco_tui.commands.locate;"
            "assert 'textual' not in sys.modules, 'textual imported'")
    subprocess.run([sys.executable, "-c", code], check=True)
