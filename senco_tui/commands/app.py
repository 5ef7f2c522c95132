"""`senco-tui` (home screen) and `senco-tui meet`: the Textual app, imported only here."""

from __future__ import annotations

from senco_tui.paths import Paths


def run_home(args, paths: Paths) -> int:
    from senco_tui.tui.app import SencoApp

    return SencoApp(paths).run() or 0


def run_meet(args, paths: Paths) -> int:
    from senco_tui.calendar import valid_year
    from senco_tui.errors import UserError

    year = None
    if args.year:
        try:
            year = valid_year(args.year)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    from senco_tui.tui.app import SencoApp

    return SencoApp(paths, meet=(args.senco, year, args.half_term)).run() or 0
