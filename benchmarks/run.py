"""senco-tui benchmarks: a large synthetic store, timed against baselines in the same run.

    python benchmarks/run.py [--runs 9] [--write]

Builds 20 SENCos x 10 academic years x 6 half-terms (every question answered
with notes, ~10,000 actions, a third of them open) in a temporary data dir,
then reports medians and ratios measured in this one run:

- first screen of `senco-tui` vs a hello-world Textual app (real pty);
- `senco-tui export` process time vs bare `python -c "import yaml, sqlite3"`;
- peak memory of both;
- in-process: open items of a meeting, loading a meeting, and handling `j`;
- the meeting screen, the year screen and the export preview, each to its first frame;
- `senco-tui report --all` over every SENCo's last year vs a single `export`.

With --postgres, the same data also goes into a shared (PostgreSQL) store on loopback,
on a throwaway server started with .ci/postgres (fsync on), used by a line manager's
own role: first screen, `j`/`k`, an edit saved after the debounce, and export, each
beside the SQLite figure.

Benchmarks are not tests: nothing here asserts; --write records the figures
in BENCHMARKS.md with the machine and date.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from ptytime import first_screen, timed_run  # noqa: E402

from senco_tui import carry, checklist, meeting  # noqa: E402
from senco_tui.records import HALF_TERMS  # noqa: E402
from senco_tui.store import Store  # noqa: E402

SENCOS = 20
YEARS = [f"{y}/{(y + 1) % 100:02d}" for y in range(2016, 2026)]
ACTIONS_PER_MEETING = 8  # 20 x 10 x 6 x 8 = 9,600 actions
HELLO = """
from textual.app import App
from textual.widgets import Static
class Hello(App):
    def compose(self):
        yield Static("Hello, world")
Hello().run()
"""
FLOOR = "import yaml, sqlite3, argparse, pathlib, typing"
WORDS = ["reading", "intervention", "TA", "coaching", "profile", "review", "EHCP", "annual",
         "parents", "governors", "data", "access", "arrangements", "literacy", "numeracy", "SEMH",
         "referral", "timetable", "attendance"]


def notes(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def build_store(data_dir: Path) -> dict:
    rng = random.Random(20261128)
    sets = checklist.load_named_set("secondary", data_dir / "no-user-sets")
    counts = {"answers": 0, "actions": 0, "open": 0}
    store = Store.open(data_dir)
    with store:
        for s in range(1, SENCOS + 1):
            with store.transaction():
                senco = store.add_senco(f"SENCo {s:02d}", f"School {s:02d}", "secondary")
                for year in YEARS:
                    for ht in HALF_TERMS:
                        m = store.get_or_create_meeting(senco.id, year, ht)
                        for sec, q in sets.half_terms[ht].questions():
                            status = rng.choice(("green", "green", "amber", "red", "na"))
                            store.set_status(m.id, q.id, sec.slug, q.ask, status)
                            store.set_notes(m.id, q.id, sec.slug, q.ask, notes(rng, 30))
                            counts["answers"] += 1
                        qs = sets.half_terms[ht].questions()
                        start = (date(int(year[:4]), 9, 1)
                                 + timedelta(days=61 * HALF_TERMS.index(ht)))
                        for _ in range(ACTIONS_PER_MEETING):
                            sec, q = rng.choice(qs)
                            a = store.add_action(m.id, q.id, notes(rng, 8), rng.choice(
                                ("SENCo", "Line manager", "Head of Year 9", "TA lead")),
                                start + timedelta(days=rng.randint(7, 90)))
                            counts["actions"] += 1
                            if rng.random() < 2 / 3:
                                store.review(m.id, kind="action", action_id=a.id,
                                             decision=rng.choice(("done", "done", "dropped")))
                            else:
                                counts["open"] += 1
    return counts


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def in_process(data_dir: Path, runs: int) -> dict:
    sets = checklist.load_named_set("secondary", data_dir / "no-user-sets")
    glossary = checklist.load_glossary()
    today = date(2026, 7, 20)
    with Store.open(data_dir) as store:
        senco = store.find_senco("SENCo 10")
        latest = store.list_meetings(senco.id)[-1]

        def items():
            meetings = store.list_meetings(senco.id)
            carry.open_items(latest, meetings, store.senco_answers(senco.id),
                             store.senco_actions(senco.id), store.senco_reviews(senco.id), today)

        def load():
            meeting.load_notes(store, latest.id, sets.half_terms[latest.half_term], glossary, today)

        n_items = len(carry.open_items(
            latest, store.list_meetings(senco.id), store.senco_answers(senco.id),
            store.senco_actions(senco.id), store.senco_reviews(senco.id), today))
        return {"open_items_ms": median_ms(items, runs * 3),
                "load_meeting_ms": median_ms(load, runs * 3), "open_items": n_items}


class _Trivial:
    """A one-binding Textual app: what a key press costs Pilot and Textual themselves."""

    @staticmethod
    def make(dialog: bool = False):
        """With `dialog`, `u` opens the meeting's own update dialog (its save does nothing)
        over the one line: what opening and closing a dialog costs Textual itself."""
        from textual.app import App
        from textual.binding import Binding
        from textual.widgets import Static

        from senco_tui.tui.screens.forms import UpdateDialog

        class Trivial(App):
            BINDINGS = [Binding("j", "next", "Next"), Binding("k", "next", "Next"),
                        *([Binding("u", "open", "Open")] if dialog else [])]
            count = 0

            def compose(self):
                yield Static("0", id="n")

            def action_next(self) -> None:
                self.count += 1
                self.query_one("#n", Static).update(str(self.count))

            def action_open(self) -> None:
                self.push_screen(UpdateDialog("A carried item", lambda note: note))

        return Trivial()


async def _press_loop(app, keys: list[str], start=None) -> float:
    """Median CPU ms per key, in a Pilot loop.

    CPU time, not wall time: Pilot sleeps in 20 ms steps while it waits for the app to
    go idle, so wall time measures Pilot; CPU time measures the work the key caused
    (handler, layout, render).
    """
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if start is not None:
            # the meeting's rows come once it has loaded (a shared store takes longer)
            for _ in range(400):
                if getattr(getattr(app.screen, "outline", None), "rows", None):
                    break
                await pilot.pause(0.05)
            start(app)
            await pilot.pause()
        for key in keys:
            t = time.process_time()
            await pilot.press(key)
            times.append((time.process_time() - t) * 1000)
    return statistics.median(times)


async def j_presses(data_dir: Path, config_dir: Path, store: str | None = None,
                    presses: int = 200) -> tuple[float, float, float]:
    """(from the top, on question rows, trivial app): median CPU ms to handle j/k on the
    largest half-term."""
    from senco_tui.paths import resolve
    from senco_tui.tui.app import SencoApp

    sets = checklist.load_named_set("secondary", config_dir / "checklists")
    largest = max(HALF_TERMS, key=lambda ht: len(sets.half_terms[ht].questions()))

    def app():
        return SencoApp(resolve(data_dir, config_dir, store),
                        meet=("SENCo 10", YEARS[-1], largest),
                        today=date(2026, 7, 20))

    # down from the top and back up: every move does real work (here the carried
    # items fill the top of the list)
    keys = ["j"] * (presses // 2) + ["k"] * (presses - presses // 2)
    ours = await _press_loop(app(), keys)
    # the questions: from the first question row to the end and back, repeated
    n = len(sets.half_terms[largest].questions()) + 4  # and the section rows
    sweep = ["j"] * n + ["k"] * n
    questions = await _press_loop(app(), (sweep * (presses // len(sweep) + 1))[:presses],
                                  start=_first_question)
    trivial = await _press_loop(_Trivial.make(), keys)
    return ours, questions, trivial


async def _first_drawn(pilot, start) -> float:
    """Wall seconds from start() (which opens a screen) to that screen's first refresh."""
    app = pilot.app
    before = app.screen
    drawn: list[float] = []
    t = time.perf_counter()
    start()
    while app.screen is before or not app.screen.is_mounted:
        await pilot.pause(0)
    app.screen.call_after_refresh(lambda: drawn.append(time.perf_counter()))
    while not drawn:
        await pilot.pause(0)
    return drawn[0] - t


async def screens_drawn(data_dir: Path, config_dir: Path, runs: int) -> dict:
    """Median ms to the first frame of the meeting screen, the year screen and the export
    preview, opened as the keys open them, on SENCo 10's largest half-term of the last
    year (the same app, interleaved runs)."""
    from senco_tui.paths import resolve
    from senco_tui.tui.app import SencoApp
    from senco_tui.tui.meeting.screen import MeetingScreen

    sets = checklist.load_named_set("secondary", config_dir / "checklists")
    largest = max(HALF_TERMS, key=lambda ht: len(sets.half_terms[ht].questions()))
    app = SencoApp(resolve(data_dir, config_dir), today=date(2026, 7, 20))
    times: dict[str, list[float]] = {"meeting": [], "year": [], "export": []}
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.screen.query("#meetings"):
            await pilot.pause()
        senco = app.store.find_senco("SENCo 10")
        for _ in range(runs):
            times["meeting"].append(await _first_drawn(
                pilot, lambda: app.open_meeting(senco, YEARS[-1], largest)))
            meeting = app.screen
            assert isinstance(meeting, MeetingScreen)
            times["export"].append(await _first_drawn(pilot, meeting.action_export))
            await app.workers.wait_for_complete()  # the rest of the note, drawn in a thread
            app.pop_screen()
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()
            times["year"].append(await _first_drawn(
                pilot, lambda: app.open_year(senco, YEARS[-1])))
            app.pop_screen()
            await pilot.pause()
    return {name: statistics.median(t) * 1000 for name, t in times.items()}


async def review_presses(data_dir: Path, config_dir: Path,
                         rounds: int = 40) -> dict[str, float]:
    """Median CPU ms per key for the carried-item keys on the largest carried list: x and
    ctrl+z (undo) in turn, u then enter (an empty update saved), d then enter (dropped)."""
    from senco_tui.paths import resolve
    from senco_tui.tui.app import SencoApp

    def app():
        return SencoApp(resolve(data_dir, config_dir), meet=("SENCo 10", YEARS[-1], "summer-2"),
                        today=date(2026, 7, 20))

    def first_carried(app) -> None:
        from senco_tui.tui.meeting.rows import CarriedRow

        screen = app.screen
        screen.jump_to(next(row.id for row in screen.outline.rows
                            if isinstance(row, CarriedRow)))

    return {
        "x and undo": await _press_loop(app(), ["x", "ctrl+z"] * rounds, start=first_carried),
        "u, enter": await _press_loop(app(), ["u", "enter", "j"] * (rounds // 2),
                                      start=first_carried),
        "d, enter": await _press_loop(app(), ["d", "enter", "j"] * (rounds // 2),
                                      start=first_carried),
        # the same loop on the one-binding app, u opening the same dialog
        "trivial u, enter": await _press_loop(_Trivial.make(dialog=True),
                                              ["u", "enter", "j"] * (rounds // 2)),
    }


def _first_question(app) -> None:
    from senco_tui.tui.meeting.rows import QuestionRow

    screen = app.screen
    screen.jump_to(next(row.id for row in screen.outline.rows if isinstance(row, QuestionRow)))


def edit_saved_ms(paths, runs: int) -> float:
    """Median ms for the meeting session to save a question's notes (what happens when the
    debounce fires), on the store these paths choose."""
    from senco_tui.store import open_store

    glossary = checklist.load_glossary()
    with open_store(paths) as store:
        senco = store.find_senco("SENCo 10")
        year, ht = YEARS[-1], "summer-2"
        chosen = meeting.checklist_for(senco.checklist_set, ht, paths.user_checklists)
        session = meeting.open_meeting(store, senco, year, ht, chosen, glossary=glossary,
                                       today=date(2026, 7, 20), current=(year, ht))
        q = session.notes.questions[0].question.id
        n = iter(range(10**6))
        return median_ms(lambda: session.save_notes(q, f"Edited {next(n)}"), runs * 3)


class Postgres:
    """A throwaway server (.ci/postgres, fsync on) holding the benchmark store."""

    def __init__(self, tmp: Path, data_dir: Path):
        import subprocess

        from psycopg.conninfo import conninfo_to_dict

        from senco_tui.store.copy import copy_store
        from senco_tui.store.postgres_trust import TrustAdmin, init

        self.folder = tmp / "pg"
        tmp.chmod(0o711)  # as root, the server runs as `postgres`, which must get in
        self.script = HERE.parent / ".ci" / "postgres"
        su = subprocess.run([str(self.script), "start", str(self.folder), "--durable"],
                            check=True, capture_output=True, text=True).stdout.strip()
        import psycopg

        with psycopg.connect(su, autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
            conn.execute("CREATE ROLE bench_lm LOGIN PASSWORD 'bench-only'")
            port = conn.execute("SHOW port").fetchone()[0]
        info = conninfo_to_dict(su)
        owner = f"postgresql://{info['user']}@/bench?host={info['host']}&port={port}"
        init(owner)
        with Store.open(data_dir, read_only=True) as src, TrustAdmin(owner) as admin:
            copy_store(src, admin.store,
                       on_senco=lambda name: admin.grant("bench_lm", "line_manager", name))
        # loopback TCP, as a line manager: a password in the URL is for this benchmark only
        self.url = f"postgresql://bench_lm:bench-only@127.0.0.1:{port}/bench"

    def stop(self) -> None:
        import subprocess

        subprocess.run([str(self.script), "stop", str(self.folder)], capture_output=True)


# The least a shared store's export could take: no store read, no records sent, the
# child forked as Python starts; the parent meanwhile does the whole SQLite export.
SHARED_FLOOR = """
import os, sys
read, write = os.pipe()
if os.fork() == 0:
    import psycopg
    psycopg.connect({url!r}).execute("select 1").fetchall()
    os.write(write, b"x")
    os._exit(0)
from senco_tui.cli import main
code = main({argv!r})
os.read(read, 1)
os.wait()
sys.stdout.flush()
os._exit(code)
"""


def postgres_rows(tmp: Path, data_dir: Path, config_dir: Path, runs: int, sqlite: dict) -> list:
    from senco_tui.paths import resolve

    t = time.perf_counter()
    server = Postgres(tmp, data_dir)
    print(f"postgres store copied in {time.perf_counter() - t:.1f}s", flush=True)
    try:
        py = sys.executable
        env = {"SENCO_TUI_DATA_DIR": str(data_dir), "SENCO_TUI_CONFIG_DIR": str(config_dir),
               "SENCO_TUI_STORE": server.url}
        hello = tmp / "hello.py"
        app_cmd = [py, "-m", "senco_tui"]
        first_screen(app_cmd, "SENCo 01", env=env)
        hello_t, app_t = [], []
        for _ in range(runs):
            hello_t.append(first_screen([py, str(hello)], "Hello, world", env=env)[0])
            app_t.append(first_screen(app_cmd, "SENCo 01", env=env)[0])
        export_cmd = [py, "-m", "senco_tui", "export", "--senco", "SENCo 10",
                      "--year", YEARS[-1], "--half-term", "summer-2"]
        sqlite_env = {k: v for k, v in env.items() if k != "SENCO_TUI_STORE"}
        timed_run(export_cmd, env=env)
        shared_floor_cmd = [py, "-c", SHARED_FLOOR.format(url=server.url, argv=export_cmd[3:])]
        pg_export, file_export, shared_floor = [], [], []
        for _ in range(runs):
            pg_export.append(timed_run(export_cmd, env=env)[0])
            file_export.append(timed_run(export_cmd, env=sqlite_env)[0])
            shared_floor.append(timed_run(shared_floor_cmd, env=sqlite_env)[0])
        paths = resolve(data_dir, config_dir, server.url)
        pg_edit = edit_saved_ms(paths, runs)
        file_edit = edit_saved_ms(resolve(data_dir, config_dir), runs)
        j_ms, j_questions_ms, _ = asyncio.run(j_presses(data_dir, config_dir, server.url))
    finally:
        server.stop()
    med = statistics.median
    return [
        ("shared store (PostgreSQL on loopback): first screen", f"{med(app_t) * 1000:.0f} ms"),
        ("  first screen ratio to hello-world (target <= 1.5)",
         f"{med(app_t) / med(hello_t):.2f}x"),
        ("  handle `j`/`k` from the top, CPU per key (unchanged: no query on a key)",
         f"{j_ms:.1f} ms (SQLite {sqlite['j_ms']:.1f} ms)"),
        ("  handle `j`/`k` through the questions, CPU per key",
         f"{j_questions_ms:.1f} ms (SQLite {sqlite['j_questions_ms']:.1f} ms)"),
        ("  an edit saved after the debounce (target <= 50 ms)",
         f"{pg_edit:.1f} ms (SQLite {file_edit:.1f} ms)"),
        ("  export (target <= 2x its SQLite time)",
         f"{med(pg_export) * 1000:.0f} ms, {med(pg_export) / med(file_export):.2f}x "
         f"(SQLite {med(file_export) * 1000:.0f} ms)"),
        ("  its floor: the SQLite export, beside a child that only imports psycopg, "
         "connects and runs `select 1`",
         f"{med(shared_floor) * 1000:.0f} ms, {med(shared_floor) / med(file_export):.2f}x"),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--write", action="store_true", help="record the figures in BENCHMARKS.md")
    ap.add_argument("--postgres", action="store_true",
                    help="also time a shared store on a throwaway PostgreSQL server")
    args = ap.parse_args()
    # Time the programs as installed: pip writes bytecode at install, so a user's start-up
    # never compiles our modules; a shell that sets this would time the compiler instead.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

    with tempfile.TemporaryDirectory(prefix="senco-bench-") as tmp:
        tmp = Path(tmp)
        data_dir, config_dir = tmp / "data", tmp / "config"
        t = time.perf_counter()
        counts = build_store(data_dir)
        build_s = time.perf_counter() - t
        db_mb = (data_dir / "senco.db").stat().st_size / 1e6
        print(f"store: {counts['answers']} answers, {counts['actions']} actions "
              f"({counts['open']} open), {db_mb:.1f} MB, built in {build_s:.1f}s", flush=True)

        env = {"SENCO_TUI_DATA_DIR": str(data_dir), "SENCO_TUI_CONFIG_DIR": str(config_dir)}
        hello = tmp / "hello.py"
        hello.write_text(HELLO)
        py = sys.executable
        app_cmd = [py, "-m", "senco_tui"]
        # warm the OS caches for both before timing
        first_screen([py, str(hello)], "Hello, world", env=env)
        first_screen(app_cmd, "SENCo 01", env=env)
        hello_t, app_t, hello_mem, app_mem = [], [], [], []
        for _ in range(args.runs):  # interleaved, so load on the machine hits both alike
            s, m = first_screen([py, str(hello)], "Hello, world", env=env)
            hello_t.append(s)
            hello_mem.append(m)
            s, m = first_screen(app_cmd, "SENCo 01", env=env)
            app_t.append(s)
            app_mem.append(m)

        export_cmd = [py, "-m", "senco_tui", "export", "--senco", "SENCo 10",
                      "--year", YEARS[-1], "--half-term", "summer-2"]
        bare_cmd = [py, "-c", "import yaml, sqlite3"]
        # what any command line of this shape pays before doing anything (context for
        # the export ratio: argparse is the design's, pathlib and typing are everywhere)
        floor_cmd = [py, "-c", FLOOR]
        # every SENCo's year report, against the export (interleaved)
        report_cmd = [py, "-m", "senco_tui", "report", "--all", "--year", YEARS[-1]]
        timed_run(export_cmd, env=env)
        timed_run(report_cmd, env=env)
        bare_t, floor_t, export_t, export_mem, report_t = [], [], [], [], []
        for _ in range(args.runs):
            bare_t.append(timed_run(bare_cmd, env=env)[0])
            floor_t.append(timed_run(floor_cmd, env=env)[0])
            s, m = timed_run(export_cmd, env=env)
            export_t.append(s)
            export_mem.append(m)
            report_t.append(timed_run(report_cmd, env=env)[0])

        inproc = in_process(data_dir, args.runs)
        j_ms, j_questions_ms, j_trivial_ms = asyncio.run(j_presses(data_dir, config_dir))
        drawn = asyncio.run(screens_drawn(data_dir, config_dir, args.runs))
        review_ms = asyncio.run(review_presses(data_dir, config_dir))
        pg_rows = (postgres_rows(tmp, data_dir, config_dir, args.runs,
                                 {"j_ms": j_ms, "j_questions_ms": j_questions_ms})
                   if args.postgres else [])

    med = statistics.median
    rows = [
        ("first screen: senco-tui (large store)", f"{med(app_t) * 1000:.0f} ms"),
        ("first screen: hello-world Textual", f"{med(hello_t) * 1000:.0f} ms"),
        ("first screen ratio (target <= 1.25)", f"{med(app_t) / med(hello_t):.2f}x"),
        ("senco-tui export", f"{med(export_t) * 1000:.0f} ms"),
        ('python -c "import yaml, sqlite3"', f"{med(bare_t) * 1000:.0f} ms"),
        ("export ratio to the imports alone below (target <= 2)",
         f"{med(export_t) / med(floor_t):.2f}x"),
        (f'python -c "{FLOOR}": imports alone, against the same bare run',
         f"{med(floor_t) * 1000:.0f} ms, {med(floor_t) / med(bare_t):.2f}x"),
        ("peak memory: app / hello-world", f"{med(app_mem) / 1024:.0f} MB / "
                                           f"{med(hello_mem) / 1024:.0f} MB"),
        ("peak memory: export", f"{med(export_mem) / 1024:.0f} MB"),
        (f"open items of a meeting ({inproc['open_items']} items; target < 20 ms)",
         f"{inproc['open_items_ms']:.1f} ms"),
        ("load a meeting (target < 20 ms)", f"{inproc['load_meeting_ms']:.1f} ms"),
        ("handle `j`/`k` from the top (carried items), CPU per key, Pilot loop of 200 "
         "(target < 16 ms)", f"{j_ms:.1f} ms"),
        ("handle `j`/`k` through the questions, CPU per key, loop of 200 (target < 16 ms)",
         f"{j_questions_ms:.1f} ms"),
        ("the same loop on a one-binding Textual app", f"{j_trivial_ms:.1f} ms"),
        ("j/k ratio to the one-binding app (target <= 3)",
         f"{j_ms / j_trivial_ms:.1f}x / {j_questions_ms / j_trivial_ms:.1f}x"),
        *((f"carried items, {keys}: CPU per key, 179 carried (target <= 16 ms)",
           f"{ms:.1f} ms") for keys, ms in review_ms.items() if not keys.startswith("trivial")),
        ("u then enter (and j) on the one-binding app, u opening the same dialog: Textual's "
         "own cost of a dialog", f"{review_ms['trivial u, enter']:.1f} ms"),
        ("u, enter / d, enter as a ratio to that",
         f"{review_ms['u, enter'] / review_ms['trivial u, enter']:.1f}x / "
         f"{review_ms['d, enter'] / review_ms['trivial u, enter']:.1f}x"),
        ("meeting screen, first drawn (largest half-term; in-process, wall)",
         f"{drawn['meeting']:.0f} ms"),
        ("year screen, first drawn", f"{drawn['year']:.0f} ms"),
        ("year screen / meeting screen (target <= 1.25)",
         f"{drawn['year'] / drawn['meeting']:.2f}x"),
        ("export preview, first drawn on the largest meeting (target < 300 ms)",
         f"{drawn['export']:.0f} ms"),
        (f"senco-tui report --all ({SENCOS} SENCos, the year {YEARS[-1]})",
         f"{med(report_t) * 1000:.0f} ms"),
        ("report --all / export (target <= 3)", f"{med(report_t) / med(export_t):.2f}x"),
        *pg_rows,
    ]
    table = "| measure | median |\n| --- | --- |\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
               f"{platform.system()} {platform.release()}")
    print(table)
    if args.write:
        (HERE.parent / "BENCHMARKS.md").write_text(
            "# Benchmarks\n\n"
            f"`python benchmarks/run.py --runs {args.runs}"
            f"{' --postgres' if args.postgres else ''} --write` on {date.today()}, "
            f"{machine}.\nStore: {counts['answers']} answers, {counts['actions']} actions "
            f"({counts['open']} open), {db_mb:.1f} MB. Medians of {args.runs} interleaved runs; "
            "ratios are within this one run (the machine is shared and noisy).\n\n"
            + table + "\n\n"
            "Key handling is CPU time per key, not wall time: Pilot waits for the app to go "
            "idle in 20 ms sleeps, so a press takes at least 40 ms of wall time in any app.\n")


if __name__ == "__main__":
    main()
