"""A process that writes to the store in a loop, for the durability tests.

    python store_worker.py DATA_DIR TAG COUNT [--wait]    (COUNT 0: until killed)

With --wait it prints "ready" once the store is open and waits for a line on
stdin, so two workers can be started at the same moment.

Each change is reported on stdout only after its store method has returned
(so it was committed): "KIND TAG I [ACTION_ID]". tests/test_store_durability.py
kills this process at random moments and checks every reported change is there.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from senco_tui.records import STATUSES
from senco_tui.store import Store

SENCO = "Durability Tester"
YEAR = "2026/27"
KINDS = ("notes", "status", "action", "review", "counter", "close")


def notes_text(tag: str, i: int) -> str:
    # varied lengths, so some changes span several database pages
    return f"{tag}-{i} " + "notes about a pupil; " * (i * 37 % 150)


def setup(store: Store):
    """The SENCo and the two meetings the workers write into (made once, by the test)."""
    senco = store.find_senco(SENCO) or store.add_senco(SENCO, "Test School", "secondary")
    first = store.get_or_create_meeting(senco.id, YEAR, "autumn-1")
    second = store.get_or_create_meeting(senco.id, YEAR, "autumn-2")
    return senco, first, second


def main(data_dir: str, tag: str, count: int, wait: bool) -> None:
    store = Store.open(Path(data_dir))
    _, first, second = setup(store)
    if wait:
        print("ready", flush=True)
        sys.stdin.readline()
    last_action = None
    steps = itertools.count() if count == 0 else range(count)
    for i in steps:
        kind = KINDS[i % len(KINDS)]
        extra = ""
        if kind == "notes":
            store.set_notes(first.id, f"n-{tag}-{i}", "assess", "Asked?", notes_text(tag, i))
        elif kind == "status":
            store.set_status(first.id, f"s-{tag}-{i}", "plan", "Asked?", STATUSES[i % 4])
        elif kind == "action":
            last_action = store.add_action(first.id, None, f"action {tag}-{i}", "SENCo", None)
            extra = f" {last_action.id}"
        elif kind == "review":
            store.review(second.id, kind="question", question_id=f"r-{tag}-{i}",
                         decision="open", note=f"update {tag}-{i}")
        elif kind == "counter":
            # the same answer rewritten over and over
            store.set_notes(first.id, f"counter-{tag}", "do", "Asked?", str(i))
        else:
            store.review(second.id, kind="action", action_id=last_action.id, decision="done")
            extra = f" {last_action.id}"
        sys.stdout.write(f"{kind} {tag} {i}{extra}\n")
        sys.stdout.flush()
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), "--wait" in sys.argv[4:])
