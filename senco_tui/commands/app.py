"""`senco-tui` (home screen) and `senco-tui meet`: the Textual app, imported only here."""

from __future__ import annotations

import sys

from senco_tui import app_lock
from senco_tui.paths import Paths


def need_terminal() -> None:
    """Refuse when input or output is not a terminal: Textual would then spin at
    full CPU for ever, showing nothing."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from senco_tui.errors import UserError

        raise UserError("the meeting app needs a terminal; export, actions and history "
                        "work without one")


def run_home(args, paths: Paths) -> int:
    from senco_tui.store import glance_ahead

    with app_lock.take_for(paths) as lock:  # "already open" says more (None: shared store)
        need_terminal()
        # before Textual's import, which the shared store's first look then runs beside
        with glance_ahead(paths):
            from senco_tui.tui.app import SencoApp

            return _run(SencoApp(paths, lock=lock))


def _run(app) -> int:
    """The app's exit status: 1 after a crash (Textual's run() returns None then)."""
    result = app.run()
    return app.return_code or result or 0


def run_meet(args, paths: Paths) -> int:
    from senco_tui.calendar import valid_year
    from senco_tui.errors import UserError
    from senco_tui.meeting import resolve_senco
    from senco_tui.store import glance_store, open_store

    year = None
    if args.year:
        try:
            year = valid_year(args.year)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    with app_lock.take_for(paths) as lock:
        # A wrong name is a one-line error here, before the app takes over the terminal.
        store = glance_store(paths) or open_store(paths)  # the app checks it
        with store:
            senco = resolve_senco(store, args.senco)
        need_terminal()  # after the checks above, which say more
        from senco_tui.tui.app import SencoApp

        return _run(SencoApp(paths, meet=(senco.name, year, args.half_term), lock=lock))
