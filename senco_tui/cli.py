"""Command-line entry point.

Subcommands other than the app itself never import Textual, so they start fast;
handlers live in senco_tui/commands/ and are imported only when chosen.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING, NoReturn

from senco_tui import __version__
from senco_tui.records import CARRY_POLICIES, DEFAULT_CARRY_POLICY, HALF_TERMS

if TYPE_CHECKING:
    import argparse

PROG = "senco-tui"
HOME = "senco_tui.commands.app:run_home"
MEET = "senco_tui.commands.app:run_meet"
# a command of actions given none (`senco-tui senco`): its actions, exit 0
GROUP_HELP = "senco_tui.commands.group:run_help"


def _global_options(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument(
        "--data-dir", metavar="DIR", default=default,
        help="where the meeting store lives (env SENCO_TUI_DATA_DIR)",
    )
    parser.add_argument(
        "--config-dir", metavar="DIR", default=default,
        help="where your own checklist sets and settings live (env SENCO_TUI_CONFIG_DIR)",
    )
    parser.add_argument(
        "--export-dir", metavar="DIR", default=default,
        help="where exported notes are written (env SENCO_TUI_EXPORT_DIR; default: "
        "settings.toml's export_dir, else senco-tui in your Documents folder)",
    )
    parser.add_argument(
        "--store", metavar="URL", default=default,
        help="a shared store: postgresql://USER@HOST/DATABASE (env SENCO_TUI_STORE; "
        "default: the file in the data folder)",
    )


def half_term(text: str) -> str:
    """--half-term: spring-1, also written Spring 1 or spring1; a near miss is named."""
    squashed = "".join(c for c in text.lower() if c.isalnum())
    for name in HALF_TERMS:
        if squashed == name.replace("-", ""):
            return name
    import argparse
    import difflib

    close = difflib.get_close_matches(text.lower(), HALF_TERMS, n=1)
    hint = f"did you mean {close[0]}? " if close else ""
    raise argparse.ArgumentTypeError(f"'{text}' is not a half-term: {hint}use one of "
                                     + ", ".join(HALF_TERMS))


def year(text: str) -> str:
    """--year: 2026/27 (or 2026-27, 2026/2027), within the years the calendar handles."""
    from senco_tui.calendar import valid_year

    try:
        return valid_year(text)
    except ValueError as exc:
        import argparse

        raise argparse.ArgumentTypeError(str(exc)) from None


def _meeting_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--senco", metavar="NAME",
                        help="the SENCo (needed when there is more than one)")
    parser.add_argument("--year", type=year, metavar="YYYY/YY",
                        help="academic year, e.g. 2026/27 (default: this one)")
    parser.add_argument("--half-term", type=half_term, metavar="H",
                        help="one of: " + ", ".join(HALF_TERMS) + " (default: this one)")


class _Skipped:
    """Stands in for the parser of a command not being run: every call is a no-op (building
    two dozen parsers to run one command cost the export a fifth of its time)."""

    def __getattr__(self, name: str) -> object:
        return lambda *args, **kwargs: self


# every command (a test checks this list against the parser)
COMMANDS = frozenset({"meet", "locate", "validate", "checklists", "senco", "backup", "restore",
                      "export", "actions", "history", "search", "year", "report", "trust",
                      "store"})
# global options that take a value (the command named after them is what to build)
_VALUED = ("--data-dir", "--config-dir", "--export-dir", "--store")


def _command_in(argv: list[str]) -> str | None:
    """The subcommand named in argv, past the global options before it."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _VALUED:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def _columns() -> int:
    """The terminal's width as shutil.get_terminal_size() gives it: $COLUMNS, else the
    terminal on standard output, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `only` a known command's part of it alone."""
    import argparse

    class Formatter(argparse.HelpFormatter):
        # argparse makes a formatter for every option it adds (to check its metavar), each
        # asking shutil for the terminal's width: shutil and the compression modules it
        # imports cost every command 2 ms. The same width, from os.
        def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                     width: int | None = None) -> None:
            super().__init__(prog, indent_increment, max_help_position,
                             _columns() - 2 if width is None else width)

    class Parser(argparse.ArgumentParser):
        def __init__(self, *args, **kwargs) -> None:
            kwargs.setdefault("formatter_class", Formatter)
            super().__init__(*args, **kwargs)

        def error(self, message: str):
            # one line, like every other error of ours; the usage is a --help away
            self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")

    parser = Parser(
        prog=PROG,
        description="Half-termly line-management meetings with your SENCo. "
        "With no command, opens the meeting app.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _global_options(parser, None)
    parser.set_defaults(handler=HOME)

    # Subcommands accept the global options too; SUPPRESS keeps them from
    # overwriting values given before the subcommand.
    common = Parser(add_help=False)
    _global_options(common, argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name, handler, help_text, **kw):
        if only is not None and name != only:
            return _Skipped()
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text, **kw)
        p.set_defaults(handler=handler)
        return p

    p = add("meet", MEET,
            "open a meeting directly (created if needed)")
    _meeting_options(p)

    add("locate", "senco_tui.commands.locate:run",
        "print the data, config, backup and export folders in use")

    p = add("validate", "senco_tui.commands.checklists:run_validate",
            "check checklist YAML: sets by name or folder, or single half-term files "
            "(default: every set)")
    p.add_argument("paths", nargs="*", metavar="SET_OR_PATH",
                   help="a set's name (e.g. my-school), a set's folder or one half-term file")

    p = add("checklists", GROUP_HELP,
            "list, copy and show checklist sets")
    csub = p.add_subparsers(dest="checklists_command", metavar="ACTION")
    c = csub.add_parser("list", parents=[common],
                        help="name, phase, where, questions per half-term")
    c.set_defaults(handler="senco_tui.commands.checklists:run_list")
    c = csub.add_parser("copy", parents=[common], help="copy a set into your config folder to edit")
    c.add_argument("source", metavar="SOURCE", help="a set's name (see checklists list)")
    c.add_argument("new", metavar="NEW", help="the copy's name, e.g. my-school")
    c.add_argument("--title", help="the new set's title, as the app shows it (default: made "
                   "from NEW, e.g. my-school: 'My school')")
    c.set_defaults(handler="senco_tui.commands.checklists:run_copy")
    c = csub.add_parser("show", parents=[common], help="print a blank checklist as markdown")
    c.add_argument("name", metavar="NAME", help="a set's name (see checklists list)")
    c.add_argument("--half-term", type=half_term, metavar="H",
                   help="only this half-term (default: all six)")
    c.set_defaults(handler="senco_tui.commands.checklists:run_show")

    p = add("senco", GROUP_HELP, "add and list SENCos")
    ssub = p.add_subparsers(dest="senco_command", metavar="ACTION")
    s = ssub.add_parser("add", parents=[common], help="add a SENCo")
    s.add_argument("name", metavar="NAME", help="the SENCo's name, as the app shows it")
    s.add_argument("--school", required=True, help="their school")
    s.add_argument("--set", dest="checklist_set", default="secondary", metavar="SET",
                   help="checklist set (default: secondary)")
    # no metavar: the usage lines (and `senco-tui senco`) show the choices themselves
    s.add_argument("--carry", choices=CARRY_POLICIES,
                   help="which questions carry forward to the next meeting: red, "
                   "amber-and-red or none (open actions always do; default: settings.toml's "
                   f"carry, else {DEFAULT_CARRY_POLICY})")
    s.set_defaults(handler="senco_tui.commands.senco:run_add")
    s = ssub.add_parser("list", parents=[common], help="list SENCos")
    s.set_defaults(handler="senco_tui.commands.senco:run_list")

    add("backup", "senco_tui.commands.senco:run_backup", "back up the store now and print its path")
    p = add("restore", "senco_tui.commands.senco:run_restore",
            "put a backup back in place of the store (the current file is moved aside)")
    p.add_argument("backup", metavar="BACKUP",
                   help="a backup file, as named by `locate` and by error messages")

    p = add("export", "senco_tui.commands.notes:run_export", "a meeting's notes as markdown")
    _meeting_options(p)
    p.add_argument("-o", "--output", metavar="FILE_OR_FOLDER",
                   help="write to FILE, replacing it, or into a FOLDER under the app's file "
                   "name (default: standard output)")
    p.add_argument("--detail", action="store_true",
                   help="also question ids, sources, and earlier notes on carried items")
    p.add_argument("--include-wellbeing", action="store_true",
                   help="include the notes on the SENCo's own wellbeing (left out unless asked)")

    p = add("actions", "senco_tui.commands.notes:run_actions", "open actions across meetings")
    p.add_argument("--senco", metavar="NAME", help="only this SENCo (default: every one)")
    p.add_argument("--all", action="store_true", help="include done and dropped actions")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    _trust_commands(add, common)

    p = add("history", "senco_tui.commands.search:run_history",
            "a question's status, notes and decisions in every meeting, found by its words")
    p.add_argument("words", nargs="+", metavar="WORDS",
                   help='words from the question (e.g. wellbeing, "reading age"), or its id')
    p.add_argument("--senco", metavar="NAME", help="the SENCo (needed when there is more than one)")

    p = add("search", "senco_tui.commands.search:run_search",
            "search every meeting's notes, actions and updates for words")
    p.add_argument("words", nargs="+", metavar="WORDS", help="every word must be found")
    p.add_argument("--senco", metavar="NAME", help="only this SENCo (default: every one)")

    p = add("year", "senco_tui.commands.report:run_year",
            "a SENCo's year at a glance: every question by half-term, and the actions' thread")
    p.add_argument("--senco", metavar="NAME", help="the SENCo (needed when there is more than one)")
    p.add_argument("--year", type=year, metavar="YYYY/YY",
                   help="academic year, e.g. 2026/27 (default: this one)")

    p = add("report", "senco_tui.commands.report:run_report",
            "the year report for the head (or, with --governors, for governors)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--senco", metavar="NAME", help="the SENCo (needed when there is more "
                                                     "than one)")
    who.add_argument("--all", action="store_true",
                     help="every SENCo: a section each, then which questions are Red or Amber "
                          "in how many schools")
    p.add_argument("--year", type=year, metavar="YYYY/YY",
                   help="academic year, e.g. 2026/27 (default: this one)")
    p.add_argument("--governors", action="store_true",
                   help="counts, ratings and headlines only: no notes, no names, no wellbeing")
    p.add_argument("--html", action="store_true",
                   help="one self-contained HTML page, ready to print or save as PDF")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write to FILE, replacing it (default: standard output)")
    return parser


def _trust_commands(add, common) -> None:
    """A trust's shared store: `trust` (its owner's) and `store copy`."""
    trust = "senco_tui.commands.trust:"
    p = add("trust", GROUP_HELP,
            "a trust's shared PostgreSQL store: create it, say who sees what (run by the "
            "store's database owner)",
            epilog="grant, revoke and who use the store given by --store URL (or "
            "SENCO_TUI_STORE).")
    tsub = p.add_subparsers(dest="trust_command", metavar="ACTION")
    t = tsub.add_parser("init", parents=[common],
                        help="create or upgrade the store, its roles and rules (safe to repeat)")
    t.add_argument("url", metavar="URL", help="postgresql://OWNER@HOST/DATABASE")
    t.add_argument("--role-prefix", metavar="P",
                   help="name the group roles P_line_managers, ... (default: senco_tui)")
    t.set_defaults(handler=trust + "run_init")
    for action, text in (("grant", "give a login role its part"),
                         ("revoke", "take a part back (all of them with no option)")):
        t = tsub.add_parser(action, parents=[common], help=text)
        t.add_argument("role", metavar="ROLE", help="the person's PostgreSQL login role")
        part = t.add_mutually_exclusive_group(required=action == "grant")
        part.add_argument("--line-manager-of", metavar="NAME",
                          help="reads and writes this SENCo's meetings")
        part.add_argument("--senco", metavar="NAME",
                          help="is this SENCo: reads their meetings, prepares answers and "
                          "actions")
        part.add_argument("--director", action="store_true",
                          help="reads every SENCo, writes nothing")
        if action == "grant":
            t.add_argument("--school", help="add the SENCo first, at this school")
            t.add_argument("--set", dest="checklist_set", metavar="SET",
                           help="the new SENCo's checklist set (default: secondary)")
        t.set_defaults(handler=trust + f"run_{action}")
    t = tsub.add_parser("who", parents=[common], help="who has which part")
    t.set_defaults(handler=trust + "run_who")

    p = add("store", GROUP_HELP, "copy everything between stores")
    ssub = p.add_subparsers(dest="store_command", metavar="ACTION")
    s = ssub.add_parser("copy", parents=[common],
                        help="copy every SENCo and meeting into another store, and check it")
    s.add_argument("--from", dest="source", required=True, metavar="SRC",
                   help="a data folder (or its senco.db), or a postgresql:// URL")
    s.add_argument("--to", dest="target", required=True, metavar="DST",
                   help="a data folder, or a postgresql:// URL")
    s.add_argument("--line-manager", metavar="ROLE",
                   help="into a shared store as its owner: the role that will line-manage "
                   "the SENCos copied")
    s.add_argument("--merge", action="store_true",
                   help="add to a store that already holds SENCos")
    s.set_defaults(handler=trust + "run_copy")


# what runs the app: no command (home), or `meet`
APPS = {None: HOME, "meet": MEET}
APP_HANDLERS = tuple(APPS.values())
# On a shared store, export's SENCo is read by a child process while the command's own
# modules are imported (psycopg's import would otherwise come after theirs): see
# store/shared_glance.py
READ_AHEAD = "senco_tui.commands.notes:run_export"


def run() -> NoReturn:
    """The senco-tui program (and `python -m senco_tui`): main, then the process ends."""
    argv = sys.argv[1:]
    code = main(argv)
    # a profiler or tracer (cProfile, coverage, a debugger) writes its findings at exit
    watched = sys.getprofile() is not None or sys.gettrace() is not None
    if _command_in(argv) not in APPS and not watched:
        _leave(code)
    raise SystemExit(code)


def _leave(code: int) -> NoReturn:
    """A command's process ends at once, its output flushed: Python's own exit would free
    every module and record one by one (an export's tenth, more for a report) before the
    system takes the memory back anyway. Nothing is left to do by then: stores are closed,
    files written, threads and children waited for, and nothing registers atexit work.
    The app keeps Python's own exit."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: Python's own exit handles it as before
        raise SystemExit(code) from None
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    from senco_tui.safe_text import SafeStream

    # Everything this tool creates (folders, the store, backups, exports, crash files)
    # is the user's alone, whatever umask the shell has.
    umask = os.umask(0o077)
    # No command can print what a terminal would obey (an escape sequence in a name, a
    # note, a checklist or a file name): every line goes through safe_text.
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(stdout), SafeStream(stderr)
    # A command lasts a moment and makes next to no cycles: the cyclic garbage collector
    # would only walk every module and record again and again as they are made (an
    # export's twentieth, a report's tenth). Paused for the command, on for the app (it
    # runs for hours), and on again after, whatever happened.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(sys.argv[1:] if argv is None else argv, stdout, stderr, collecting)
    finally:
        if collecting:
            gc.enable()
        sys.stdout, sys.stderr = stdout, stderr
        os.umask(umask)


def _main(argv: list[str], stdout, stderr, collecting: bool = True) -> int:
    paths = None
    try:
        if argv:
            command = _command_in(argv)
            # a command of ours: only its parser (an unknown one gets the whole list)
            only = command if command in COMMANDS else None
            args = build_parser(only).parse_args(argv)
        else:
            # plain `senco-tui`, the app: nothing to parse, and argparse would cost its
            # first screen 5 ms
            args = SimpleNamespace(handler=HOME, data_dir=None, config_dir=None, store=None,
                                   export_dir=None)
        from senco_tui import paths as paths_mod

        paths = paths_mod.resolve(args.data_dir, args.config_dir, args.store, args.export_dir)
        ahead: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
        if args.handler == READ_AHEAD:
            from senco_tui.store import glance_ahead

            ahead = glance_ahead(paths, args.senco)
        with ahead:
            module_name, func_name = args.handler.split(":")
            if args.handler in APP_HANDLERS and collecting:
                gc.enable()
            handler = getattr(importlib.import_module(module_name), func_name)
            if args.handler in APP_HANDLERS:
                # the app draws on the terminal itself (and cleans what it shows)
                sys.stdout, sys.stderr = stdout, stderr
            return int(handler(args, paths) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `senco-tui export | head`: not an error worth a message
        return 0
    except Exception as exc:
        # ChecklistError, StoreError and SettingsError are all UserErrors
        from senco_tui.errors import UserError

        if isinstance(exc, UserError):
            _say(str(exc))
            return 1
        if os.environ.get("SENCO_TUI_DEBUG"):
            raise
        # never a traceback on the terminal: it would show names and notes
        from senco_tui import crash

        _say(crash.message(crash.save(paths.data_dir, exc) if paths else None))
        return 1


def _say(message: str) -> None:
    """The error printer: one line on stderr, safe for the terminal."""
    from senco_tui.safe_text import safe_text

    print(f"{PROG}: {safe_text(message)}", file=sys.stderr)


if __name__ == "__main__":
    run()
