"""A command of actions given none (`senco-tui senco`, `checklists`, `trust`, `store`): its
actions and their arguments, made from the parser so they never drift from it."""

from __future__ import annotations

import argparse

from senco_tui.paths import Paths

# the options every command takes: shown by --help, left out of the short list
_GLOBAL = frozenset({"help", "data_dir", "config_dir", "export_dir", "store"})


def _arguments(parser: argparse.ArgumentParser) -> str:
    """An action's arguments as its usage line writes them, without the global options:
    what it acts on first (`add NAME --school SCHOOL`), then its options."""
    actions = [a for a in parser._actions if a.dest not in _GLOBAL]
    parts = []
    for positional in (True, False):
        formatter = argparse.HelpFormatter(prog="", width=10_000)
        formatter.add_usage(None, [a for a in actions if (not a.option_strings) == positional],
                            parser._mutually_exclusive_groups, prefix="")
        parts.append(formatter.format_help().strip())
    return " ".join(p for p in parts if p)


def usage(command: str) -> str:
    from senco_tui.cli import PROG, build_parser

    top = next(a for a in build_parser(command)._actions
               if isinstance(a, argparse._SubParsersAction))
    group = top.choices[command]
    actions = next(a for a in group._actions if isinstance(a, argparse._SubParsersAction))
    helps = {a.dest: a.help for a in actions._choices_actions}
    lines = [f"usage: {PROG} {command} ACTION ...", ""]
    for name, parser in actions.choices.items():
        lines.append(f"  {name} {_arguments(parser)}".rstrip())
        lines.append(f"      {helps[name]}")
    if group.epilog:
        lines += ["", group.epilog]
    lines += ["", f"More about one: {PROG} {command} ACTION --help"]
    return "\n".join(lines) + "\n"


def run_help(args, paths: Paths) -> int:
    print(usage(args.command), end="")
    return 0
