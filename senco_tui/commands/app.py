"""`senco-tui` (home screen) and `senco-tui meet`: the Textual app, imported only here."""

from __future__ import annotations

import contextlib
import gc
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


# Threads take turns this often (seconds; Python's default is 5 ms): see _set_for_the_app.
SWITCH_INTERVAL = 0.001


@contextlib.contextmanager
def _set_for_the_app():
    """The process set up for the app; as it was again after it (an error, no terminal).

    Python's cyclic garbage collector is off until the app's first frame (SencoApp turns
    it back on there): it walked every object Textual's import and the first screen make,
    again and again, about 20 ms of the first screen, and found almost nothing to free.

    Threads take turns every millisecond: Textual's writer thread puts each frame on the
    terminal, and while the app's thread worked on (as it does straight after the first
    frame) the writer waited up to 5 ms for the GIL, twice a frame (about 8 ms of the first
    screen reaching the terminal)."""
    was_on, interval = gc.isenabled(), sys.getswitchinterval()
    gc.disable()
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)
        if was_on:
            gc.enable()


def run_home(args, paths: Paths) -> int:
    from senco_tui.store import glance_ahead

    # "already open" says more (None: a shared store)
    with _set_for_the_app(), app_lock.take_for(paths) as lock:
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
    with _set_for_the_app():
        return _meet(args, paths)


def _meet(args, paths: Paths) -> int:
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
