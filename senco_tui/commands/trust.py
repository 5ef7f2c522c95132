"""`senco-tui trust init|grant|revoke|who` (a trust's shared store, run by its owner) and
`senco-tui store copy` (everything from one store into another)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from senco_tui.errors import UserError
from senco_tui.paths import Paths
from senco_tui.store import DB_NAME, Store, StoreError, is_postgres, open_postgres


def _admin(paths: Paths):
    url = paths.store_url()
    if not url or not is_postgres(url):
        raise UserError("say which shared store: --store postgresql://OWNER@HOST/DATABASE "
                        "(or set SENCO_TUI_STORE)")
    _need_driver()
    from senco_tui.store.postgres_trust import TrustAdmin

    return TrustAdmin(url)


def _need_driver() -> None:
    from senco_tui.store import INSTALL_HINT

    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise StoreError(f"the shared PostgreSQL store needs its driver: {INSTALL_HINT}") from None


def run_init(args, paths: Paths) -> int:
    if not is_postgres(args.url):
        raise UserError(f"{args.url!r} is not a postgresql:// URL")
    _need_driver()
    from senco_tui.store.postgres_trust import init

    print(init(args.url, args.role_prefix))
    return 0


def _part(args) -> tuple[str | None, str | None]:
    if args.line_manager_of is not None:
        return "line_manager", args.line_manager_of
    if args.senco is not None:
        return "senco", args.senco
    if args.director:
        return "director", None
    return None, None


def run_grant(args, paths: Paths) -> int:
    kind, senco = _part(args)
    if kind is None:
        raise UserError("say which part: --line-manager-of NAME, --senco NAME or --director")
    if args.school is not None and kind == "director":
        raise UserError("--school goes with --line-manager-of or --senco")
    if args.checklist_set:
        from senco_tui.checklist import find_set

        find_set(args.checklist_set, paths.user_checklists)
    with _admin(paths) as admin:
        print(admin.grant(args.role, kind, senco, school=args.school,
                          checklist_set=args.checklist_set or "secondary"))
    return 0


def run_revoke(args, paths: Paths) -> int:
    kind, senco = _part(args)
    with _admin(paths) as admin:
        print(admin.revoke(args.role, kind, senco))
    return 0


def run_who(args, paths: Paths) -> int:
    from senco_tui.commands.columns import table
    from senco_tui.store.postgres_trust import KIND_WORDS

    with _admin(paths) as admin:
        grants = admin.who()
    if not grants:
        print("Nobody has a part yet: senco-tui trust grant ROLE --line-manager-of NAME")
        return 0
    rows = [["ROLE", "PART", "SENCO", "SCHOOL"]]
    rows += [[g.role, KIND_WORDS[g.kind].removesuffix(" of"), g.senco, g.school] for g in grants]
    sys.stdout.write(table(rows))
    return 0


# ---------------------------------------------------------------- store copy


def _data_dir(where: str) -> Path:
    path = Path(where).expanduser().absolute()
    if path.name == DB_NAME or path.is_file():
        if path.name != DB_NAME:
            raise UserError(f"{path}: give a data folder or its {DB_NAME}")
        return path.parent
    return path


def _open_side(where: str, *, source: bool, owner_ok: bool = True):
    if is_postgres(where):
        return open_postgres(where, owner_ok=owner_ok)
    return Store.open(_data_dir(where), read_only=source)


def run_copy(args, paths: Paths) -> int:
    from senco_tui.store.copy import copy_store

    if args.source == args.target:
        raise UserError("--from and --to are the same store")
    admin = None
    with _open_side(args.source, source=True) as src:
        if is_postgres(args.target):
            _need_driver()
            if args.line_manager:
                from senco_tui.store.postgres_trust import TrustAdmin

                admin = TrustAdmin(args.target)
                dst = admin.store
            else:
                dst = open_postgres(args.target)  # a line manager copying their own
        else:
            if args.line_manager:
                raise UserError("--line-manager is for a copy into a shared store")
            dst = _open_side(args.target, source=False)
        with dst:
            on_senco = None
            if admin is not None:
                admin._role(args.line_manager)  # before anything is written

                def on_senco(name: str) -> None:
                    admin.grant(args.line_manager, "line_manager", name)

            copied = copy_store(src, dst, merge=args.merge, on_senco=on_senco)
            print(f"copied {copied} from {src.where} to {dst.where}", file=sys.stderr)
            same, differ = compare_exports(src, dst, paths)
    if differ:
        raise StoreError(f"the copy differs from the original in {len(differ)} meeting(s): "
                         f"{', '.join(differ[:3])}; report this as a bug")
    print(f"checked: all {same} meetings export the same from both", file=sys.stderr)
    return 0


def export_all(store, paths: Paths) -> dict[tuple[str, str, str], str]:
    """Every meeting's notes as `senco-tui export` writes them, by SENCo, year, half-term."""
    from senco_tui.checklist import ChecklistError, load_for_meeting, load_glossary
    from senco_tui.export import render
    from senco_tui.meeting import load_notes

    try:
        glossary = load_glossary()
    except ChecklistError:
        glossary = {}
    today = date.today()
    out = {}
    for senco in store.list_sencos():
        for meeting in store.list_meetings(senco.id):
            try:
                title, questions = load_for_meeting(senco.checklist_set, meeting.half_term,
                                                    paths.user_checklists)
            except (ChecklistError, UserError):
                title, questions = senco.checklist_set, None
            notes = load_notes(store, meeting.id, questions, glossary, today,
                               checklist_title=title)
            out[(senco.name, meeting.year, meeting.half_term)] = render(notes)
    return out


def compare_exports(a, b, paths: Paths) -> tuple[int, list[str]]:
    """How many meetings export identically from both, and which do not (either side)."""
    left, right = export_all(a, paths), export_all(b, paths)
    differ = [f"{k[0]} {k[2]} {k[1]}" for k in sorted(left)
              if right.get(k) != left[k]]
    return len(left) - len(differ), differ
