"""`senco-tui senco add|list`, `backup` and `restore`: scripting, first runs, bad days."""

from __future__ import annotations

import sys
from pathlib import Path

from senco_tui.paths import Paths
from senco_tui.store import MeetingStore, NoStoreYet, StoreError, open_store


def _open(paths: Paths) -> MeetingStore:
    store = open_store(paths)
    if store.notice:
        print(f"senco-tui: {store.notice}", file=sys.stderr)
    return store


def run_add(args, paths: Paths) -> int:
    from senco_tui.checklist import find_set

    find_set(args.checklist_set, paths.user_checklists)  # UserError naming the sets there are
    with _open(paths) as store:
        senco = store.add_senco(args.name, args.school, args.checklist_set,
                                carry_policy=getattr(args, "carry", None))
    print(f"Added {senco.name} ({senco.school or 'no school'}, "
          f"checklist set {senco.checklist_set})")
    return 0


def run_list(args, paths: Paths) -> int:
    sencos = []
    try:  # listing never creates a store
        with open_store(paths, read_only=True) as store:
            sencos = store.list_sencos()
    except NoStoreYet:
        pass
    if not sencos:
        print("No SENCos yet. Add one: senco-tui senco add NAME --school SCHOOL")
        return 0
    from senco_tui.commands.columns import table

    rows = [["NAME", "SCHOOL", "SET"]] + [[s.name, s.school, s.checklist_set] for s in sencos]
    sys.stdout.write(table(rows))
    return 0


_SERVER_BACKS_UP = ("the shared store is backed up on its server, with pg_dump (see the "
                    "README's 'For a trust'); nothing was written here")


def run_backup(args, paths: Paths) -> int:
    if paths.store_url():
        raise StoreError(_SERVER_BACKS_UP)
    # read-only: a store that cannot be written (a read-only disk) is the very one to copy
    with open_store(paths, read_only=True) as store:
        print(store.backup())
    return 0


def run_restore(args, paths: Paths) -> int:
    """Put a backup back in place of the store; the file it replaces is moved aside."""
    from senco_tui import app_lock
    from senco_tui.errors import UserError
    from senco_tui.store import restore

    if paths.store_url():
        raise StoreError(_SERVER_BACKS_UP.replace("backed up on", "restored from"))
    backup = Path(args.backup).expanduser()
    if not backup.exists() and backup.parent == Path("."):
        backup = paths.backup_dir / backup.name  # a name as listed in the backups folder
    backup = backup.absolute()
    # a backup from another data folder most likely means a --data-dir left out
    other = backup.parent.parent
    if backup.parent.name == paths.backup_dir.name and other != paths.data_dir and any(
            (other / name).exists() for name in (paths.database.name, app_lock.LOCK_NAME)):
        raise UserError(f"{backup} is a backup of the store in {other}, not of the one in "
                        f"{paths.data_dir}: add  --data-dir \"{other}\"  to restore it there")
    try:
        lock = app_lock.take(paths.data_dir)
    except app_lock.AlreadyOpen:
        raise UserError(f"the meeting app is open on {paths.data_dir}: quit it first (ctrl+q), "
                        "then restore; nothing was changed") from None
    with lock:
        aside = restore(paths.data_dir, backup)
    print(f"Restored {backup} as {paths.database}")
    if aside is not None:
        moved = ", ".join(sorted(p.name for p in aside.iterdir()))
        print(f"What it replaced ({moved}) is in {aside}")
    return 0
