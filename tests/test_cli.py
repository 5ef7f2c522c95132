import subprocess
import sys

import pytest
from cli_run import run

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


def test_a_command_under_a_profiler_ends_with_pythons_own_exit(tmp_path):
    # a command's process ends with os._exit (cli.run), but a profiler must get to write
    proc = subprocess.run([sys.executable, "-m", "cProfile", "-m", "senco_tui",
                           "--data-dir", str(tmp_path / "d"), "--config-dir",
                           str(tmp_path / "c"), "locate"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert str(tmp_path / "d") in proc.stdout
    assert "function calls" in proc.stdout  # cProfile's report, printed as Python exits


def test_bad_half_term_override_is_a_settings_error(tmp_path):
    import pytest

    from senco_tui.paths import SettingsError, resolve

    paths = resolve(tmp_path / "d", tmp_path / "c")
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_text('[half_term_starts]\nautumn-2 = "13-45"\n')
    with pytest.raises(SettingsError, match=r"settings.toml: \[half_term_starts\]: .*autumn-2"):
        paths.settings()


def test_settings_read(tmp_path):
    from senco_tui.paths import resolve

    paths = resolve(tmp_path / "d", tmp_path / "c")
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_text(
        'export_dir = "/srv/notes"\n[half_term_starts]\nautumn-2 = "11-03"\n')
    settings = paths.settings()
    assert str(settings.export_dir) == "/srv/notes"
    assert settings.half_term_starts == {"autumn-2": "11-03"}
    assert paths.export_dir == settings.export_dir


def test_plain_senco_tui_is_the_app_on_the_environments_folders(tmp_path, monkeypatch, capsys):
    from senco_tui import app_lock

    monkeypatch.setenv("SENCO_TUI_DATA_DIR", str(tmp_path / "envdata"))
    with app_lock.take(tmp_path / "envdata"):  # so the app stops at once, saying where
        assert main([]) == 1
    assert f"already open on {tmp_path / 'envdata'}" in capsys.readouterr().err


def test_meet_needs_senco_only_when_there_is_more_than_one(tmp_path, capsys):
    from senco_tui.store import Store

    data = tmp_path / "data"
    with Store.open(data) as store:
        store.add_senco("Jane Smith", "Hill", "secondary")
        store.add_senco("Sam Lee", "Vale", "primary")
    assert main(["--data-dir", str(data), "meet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("senco-tui: there are 2 SENCos (") and "--senco NAME" in err


def test_export_dir_from_the_flag_then_the_environment_then_settings(tmp_path, monkeypatch,
                                                                    capsys):
    from senco_tui.paths import resolve

    paths = resolve(tmp_path / "d", tmp_path / "c")
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_text('export_dir = "/srv/notes"\n')
    assert str(paths.export_dir) == "/srv/notes"
    monkeypatch.setenv("SENCO_TUI_EXPORT_DIR", str(tmp_path / "env-notes"))
    assert resolve(tmp_path / "d", tmp_path / "c").export_dir == tmp_path / "env-notes"
    flagged = resolve(tmp_path / "d", tmp_path / "c", export_dir=tmp_path / "flag-notes")
    assert flagged.export_dir == tmp_path / "flag-notes"
    assert main(["locate", "--data-dir", str(tmp_path / "d"), "--config-dir",
                 str(tmp_path / "c"), "--export-dir", str(tmp_path / "flag-notes")]) == 0
    assert str(tmp_path / "flag-notes") in capsys.readouterr().out


def test_every_command_is_known_to_the_fast_path():
    # main() builds only the named command's parser: a command left out of COMMANDS would
    # still work, but slowly; one listed but not built would not work at all
    from senco_tui.cli import COMMANDS, build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == COMMANDS
    for command in COMMANDS:
        only = next(a for a in build_parser(command)._actions if a.dest == "command")
        assert set(only.choices) == {command}


def _groups() -> dict[str, list[str]]:
    """Every command made of actions (`senco add`), and its actions."""
    import argparse

    from senco_tui.cli import build_parser

    def actions(parser) -> list[str]:
        return next((list(a.choices) for a in parser._actions
                     if isinstance(a, argparse._SubParsersAction)), [])

    top = next(a for a in build_parser()._actions if a.dest == "command")
    return {name: actions(p) for name, p in top.choices.items() if actions(p)}


def test_the_commands_made_of_actions_are_all_there():
    assert set(_groups()) == {"checklists", "senco", "trust", "store"}


@pytest.mark.parametrize("group", sorted(_groups()))
def test_a_command_given_no_action_lists_its_actions(capsys, group):
    """As `git remote` does: the command's actions with their arguments, on standard
    output, exit 0 (a usage error for one command and a list for the next confused)."""
    code, out, err = run(capsys, group)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"usage: senco-tui {group} ACTION ..."
    listed = [line.split()[0] for line in lines if line.startswith("  ") and
              not line.startswith("      ")]
    assert listed == _groups()[group]
    assert lines[-1] == f"More about one: senco-tui {group} ACTION --help"
    assert "--data-dir" not in out  # the options every command takes are for --help


def test_the_list_of_actions_shows_each_ones_arguments(capsys):
    out = run(capsys, "senco")[1]
    assert "  add NAME --school SCHOOL [--set SET] [--carry {red,amber-and-red,none}]\n" in out
    out = run(capsys, "checklists")[1]
    assert "  copy SOURCE NEW [--title TITLE]\n" in out
    out = run(capsys, "trust")[1]
    assert "  grant ROLE (--line-manager-of NAME | --senco NAME | --director)" in out
    assert "grant, revoke and who use the store given by --store URL" in out


def test_senco_add_shows_the_carry_choices_in_its_usage_and_help(capsys):
    with pytest.raises(SystemExit):
        main(["senco", "add", "--help"])
    out = " ".join(capsys.readouterr().out.split())  # as wrapped for any terminal width
    assert "[--carry {red,amber-and-red,none}]" in out.split("positional arguments")[0]
    assert "--carry {red,amber-and-red,none} which questions carry forward" in out
    with pytest.raises(SystemExit) as exited:
        main(["senco", "add", "Jo", "--school", "Hill", "--carry", "amber"])
    err = capsys.readouterr().err
    assert exited.value.code == 2 and "invalid choice: 'amber'" in err and err.count("\n") == 1


def test_global_options_before_the_command(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path / "d"), "--config-dir", str(tmp_path / "c"),
                 "locate"]) == 0
    assert str(tmp_path / "d") in capsys.readouterr().out
    # an unknown command: the whole list of them, in one line
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", str(tmp_path / "d"), "nonsense"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'nonsense'" in err and "'export'" in err and err.count("\n") == 1


def test_a_command_runs_with_the_collector_paused_and_the_app_with_it_on(tmp_path, monkeypatch,
                                                                        capsys):
    """A command is over in a moment (the collector would only slow it: see main); the app
    runs for hours, so it collects; and the collector is on again after either, error or
    not."""
    import gc

    from senco_tui.commands import app, locate

    seen = []

    def command(args, paths):
        seen.append(("locate", gc.isenabled()))
        raise RuntimeError("a fault inside the command")

    monkeypatch.setattr(locate, "run", command)
    monkeypatch.setattr(app, "run_home", lambda args, paths: seen.append(("app", gc.isenabled())))
    monkeypatch.setenv("SENCO_TUI_DATA_DIR", str(tmp_path / "d"))
    assert main(["locate"]) == 1
    assert "RuntimeError" not in capsys.readouterr().err
    assert gc.isenabled()
    assert main([]) == 0
    assert gc.isenabled()
    assert seen == [("locate", False), ("app", True)]
    # a process that had switched it off itself finds it off still
    gc.disable()
    try:
        assert main([]) == 0
        assert seen[-1] == ("app", False) and not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("columns", [None, "", "0", "-3", "wide", "57", "200"])
def test_help_is_as_wide_as_shutil_would_make_it(monkeypatch, columns):
    """The parser measures the terminal without shutil (see build_parser), the same way."""
    import argparse
    import shutil

    from senco_tui.cli import _columns, build_parser

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _columns() == shutil.get_terminal_size().columns
    parser = build_parser("export")
    sub = next(a for a in parser._actions if a.dest == "command").choices["export"]
    ours = sub.format_help()
    sub.formatter_class = argparse.HelpFormatter
    assert ours == sub.format_help()
