"""`senco-tui senco add|list` and `senco-tui backup`: scripting and first runs."""

from __future__ import annotations

import sys

from senco_tui.paths import Paths
from senco_tui.store import MeetingStore, open_store

HELP = """\
usage: senco-tui senco ACTION

  add NAME --school SCHOOL [--set SET]   add a SENCo (checklist set: default secondary)
  list                                   list SENCos
"""


def _open(paths: Paths) -> MeetingStore:
    store = open_store(paths)
    if store.notice:
        print(f"senco-tui: {store.notice}", file=sys.stderr)
    return store


def run_help(args, paths: Paths) -> int:
    print(HELP, end="")
    return 0


def run_add(args, paths: Paths) -> int:
    from senco_tui.checklist import find_set

    find_set(args.checklist_set, paths.user_checklists)  # UserError naming the sets there are
    with _open(paths) as store:
        senco = store.add_senco(args.name, args.school, args.checklist_set)
    print(f"Added {senco.name} ({senco.school or 'no school'}, "
          f"checklist set {senco.checklist_set})")
    return 0


def run_list(args, paths: Paths) -> int:
    sencos = []
    if paths.store_url() or paths.database.exists():  # listing never creates a store
        with open_store(paths, read_only=True) as store:
            sencos = store.list_sencos()
    if not sencos:
        print("No SENCos yet. Add one: senco-tui senco add NAME --school SCHOOL")
        return 0
    from senco_tui.commands.columns import table

    rows = [["NAME", "SCHOOL", "SET"]] + [[s.name, s.school, s.checklist_set] for s in sencos]
    sys.stdout.write(table(rows))
    return 0


def run_backup(args, paths: Paths) -> int:
    # read-only: a store that cannot be written (a read-only disk) is the very one to copy
    if paths.store_url():
        from senco_tui.store import StoreError

        raise StoreError("the shared store is backed up on its server, with pg_dump (see "
                         "the README's 'For a trust'); nothing was written here")
    with open_store(paths, read_only=True) as store:
        print(store.backup())
    return 0
