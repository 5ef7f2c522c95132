"""The meeting app: home screen, meetings, carried items, export.

The app never runs SQL or parses YAML: it calls the store, checklist, meeting and
export layers. Writes are small and synchronous (each one committed transaction).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from senco_tui.paths import Paths
from senco_tui.tui.textual_hooks import KeysWaitForEscape, ScreensGoQuietly, sized_before_mount

if TYPE_CHECKING:
    from senco_tui.app_lock import AppLock

DARK, LIGHT = "textual-dark", "textual-light"
SCREENS_CSS = Path(__file__).with_name("screens.tcss")
# Closing the window or a kill: everything saved and the process gone within 1 s. The
# watchdog ends it this long after the signal even if something blocks the saving.
CLOSE_DEADLINE = 0.8
NOTES_DEBOUNCE = 0.8  # seconds after the last keystroke (the promise is "at most 1 s")
# how long a save waits for another program's lock on the store: the screen waits with it,
# so briefly; a save that times out is kept and retried (notes) or said in one line
WRITE_WAIT_MS = 200


@runtime_checkable
class KeepsNotes(Protocol):
    """A screen holding typed notes: saved on quitting, asked about if they cannot be."""

    def flush_notes(self) -> None: ...

    def unsaved_notes(self) -> int: ...

    def unsaved_text(self) -> str: ...

    def leave_unsaved(self, leave: Callable[[], object]) -> None: ...


def _notes_search():  # type: ignore[no-untyped-def]
    # imported when the palette first opens, not at start-up
    from senco_tui.tui.search_palette import NotesSearch

    return NotesSearch


RESCUE_PREFIX = "unsaved-notes-"  # notes no save would take when the window closed


class SencoApp(ScreensGoQuietly, KeysWaitForEscape, App):
    CSS_PATH = "app.tcss"
    # the palette also searches what was written in the meetings (senco-tui search)
    COMMANDS = App.COMMANDS | {_notes_search}
    TITLE = "senco-tui"
    # below 100 columns the meeting screen stacks its panes
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    # below 32 rows the meeting screen keeps notes and actions small, the text scrolls
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False,
                tooltip="Quit (everything is already saved)"),
        Binding("question_mark", "help", "Help", id="help", key_display="?",
                tooltip="This list of keys"),
    ]

    def __init__(
        self,
        paths: Paths,
        *,
        today: date | None = None,
        meet: tuple[str, str | None, str | None] | None = None,
        theme: str | None = None,
        notes_debounce: float = NOTES_DEBOUNCE,
        lock: AppLock | None = None,
    ):
        super().__init__()
        self.paths = paths
        self.lock = lock  # the app lock on the data folder, released as soon as all is saved
        self.today = today or date.today()
        # the test hook for the notes' debounce: tests pass a short one instead of sleeping
        self.notes_debounce = notes_debounce
        self.meet = meet  # (senco name, year, half-term): open that meeting at once
        self.store = None
        self._read_only = False  # the store was opened read-only for the first screen
        self._fatal = False  # the store cannot be used: only the error screen is left
        if theme is None:  # the one chosen last time
            from senco_tui import preferences

            theme = preferences.load(paths).get("theme")
        self.theme = theme if theme in (DARK, LIGHT) else DARK
        self._sets: dict = {}  # checklist set name -> ChecklistSet
        self._glossary: dict[str, str] | None = None
        self._signals: list = []  # (signal, previous handler): see _catch_hangup
        self._ending = False
        self._watchdog = None

    def get_driver_class(self):
        driver = super().get_driver_class()
        from textual.drivers.linux_driver import LinuxDriver

        if driver is LinuxDriver:  # not on Windows, nor a TEXTUAL_DRIVER of someone's choice
            from senco_tui.tui.textual_hooks import SencoDriver

            return SencoDriver
        return driver

    def get_default_screen(self) -> Screen:
        # Home is the app's first screen itself, not pushed over Textual's empty default
        # one: one screen less to style and lay out before the first frame.
        problem = self._open_store()
        if problem is not None:
            from senco_tui.tui.screens.error import ErrorScreen

            self._fatal = True
            self._screens_css()
            screen: Screen = ErrorScreen(problem)
        else:
            from senco_tui.tui.screens.home import HomeScreen

            screen = HomeScreen()
        sized_before_mount(self, screen)
        return screen

    def _open_store(self) -> str | None:
        """Settings and a first look at the store; the problem, if they cannot be used."""
        from senco_tui.errors import UserError
        from senco_tui.paths import SettingsError
        from senco_tui.store import glance_store, open_store
        from senco_tui.store.shared_glance import Refused

        try:
            self.settings = self.paths.settings()
            try:
                # A read-only glance is enough for the first screen; the full open
                # (quick_check over the whole file, daily backup) follows straight after.
                self.store = glance_store(self.paths)
                self._read_only = self.store is not None
            except Refused:
                raise  # the shared store's own open said why, in the glance's child
            except UserError:
                pass  # no store yet, or one the full open must judge (and explain)
            if self.store is None:
                self.store = open_store(self.paths, busy_ms=WRITE_WAIT_MS,
                                        read_only_if_unwritable=True)
        except (UserError, SettingsError) as exc:
            return str(exc)
        return None

    def on_mount(self) -> None:
        self._catch_hangup()
        if self._fatal:
            return
        self.call_after_refresh(self.writable)
        for rescued in self.rescued_files():
            self.notify(f"Notes that could not be saved when the window closed are in "
                        f"{rescued}: copy them back, then delete the file.", severity="warning",
                        timeout=30)
        if self.meet is not None:
            name, year, half_term = self.meet
            self.call_after_refresh(self.open_meeting_named, name, year, half_term)

    def on_ready(self) -> None:
        """The first frame is on the screen: the garbage collector, paused for start-up
        (commands/app.py), resumes. What start-up made lives as long as the app: set
        aside (gc.freeze), not walked again by every collection."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def _catch_hangup(self) -> None:
        """Closing the terminal window (SIGHUP), a plain kill (SIGTERM) or the terminal
        going away (a read or write fails) saves the notes still waiting for their
        debounce, closes the store, releases the lock and ends the process within a
        second: otherwise the last second of typing dies with the app, or the app hangs
        in Textual's shutdown holding the lock."""
        import asyncio
        import signal

        from senco_tui.tui.textual_hooks import SencoDriver, Watchdog

        loop = asyncio.get_running_loop()
        driver = self._driver if isinstance(self._driver, SencoDriver) else None
        if driver is not None:  # a real terminal (never under Pilot: it would end pytest)
            self._watchdog = Watchdog(CLOSE_DEADLINE)
            driver.on_lost = partial(self._close_now, signal.SIGHUP)

        def caught(signum, frame) -> None:
            # A plain signal handler, not the loop's: it runs even while the main thread
            # is blocked (say, writing to a frozen terminal), so the watchdog is armed.
            if self._watchdog is not None:
                self._watchdog.arm(128 + signum)
            if driver is not None and signum == signal.SIGHUP:
                driver.terminal_lost = True  # write nothing more to it
            if self.lock is not None:
                # said at once: a start made while the loop is still busy with keys typed
                # before the close waits for this copy instead of refusing
                self.lock.closing()
            loop.call_soon_threadsafe(self._close_now, signum)

        for name in ("SIGHUP", "SIGTERM"):
            sig = getattr(signal, name, None)  # Windows has no SIGHUP
            if sig is None:
                continue
            try:
                self._signals.append((sig, signal.signal(sig, caught)))
            except (ValueError, OSError):
                continue  # not the main thread

    def _close_now(self, signum: int) -> None:
        """Save, close the store, release the lock; then end (see _catch_hangup)."""
        if self._ending:
            return
        self._ending = True
        if self._watchdog is not None:
            self._watchdog.arm(128 + signum)
        if self.lock is not None:
            self.lock.closing()  # a new start waits for this copy instead of refusing
        try:
            self.flush_notes()
            self._rescue_unsaved()
        finally:
            self._close_store()
            from senco_tui.tui.textual_hooks import SencoDriver

            if isinstance(self._driver, SencoDriver):
                self._driver.end_process(128 + signum)
            self.exit()

    def _rescue_unsaved(self) -> None:
        """Notes the store refused, with no one left to show them to: a private file in the
        data folder, named at the next start (best effort: the window is closing)."""
        from datetime import datetime

        from senco_tui.notes_file import write_private

        text = "\n\n".join(s.unsaved_text() for s in self.screen_stack
                            if isinstance(s, KeepsNotes) and s.unsaved_notes())
        if text:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            with contextlib.suppress(Exception):  # nothing can be said now
                write_private(self.paths.data_dir / f"{RESCUE_PREFIX}{stamp}.txt", text)

    def rescued_files(self) -> list[Path]:
        return sorted(self.paths.data_dir.glob(f"{RESCUE_PREFIX}*.txt"))

    def _close_store(self) -> None:
        """The store closed and the lock released: nothing more is written after this."""
        if self.store is not None:
            self.store.close()
            self.store = None
        if self.lock is not None:
            self.lock.release()

    def writable(self) -> bool:
        """Make sure the store is fully open for writing (False: it cannot be; error shown)."""
        if self._fatal:
            return False
        if not self._read_only:
            return self.store is not None
        from senco_tui.errors import UserError
        from senco_tui.store import open_store

        self._read_only = False
        glance, self.store = self.store, None
        glance.close()
        try:
            # a full disk (no daily backup either): read-only, every save refused in one line
            self.store = open_store(self.paths, busy_ms=WRITE_WAIT_MS,
                                    read_only_if_unwritable=True)
        except UserError as exc:
            self.show_fatal(str(exc))
            return False
        if self.store.notice:
            self.notify(self.store.notice, severity="warning" if self.store.refusal else
                        "information", timeout=30 if self.store.refusal else 8)
        return True

    def notify(self, message: str, *, title: str = "", severity="information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every toast, the meeting screen's too: user text in it is shown, never obeyed
        (no escape sequences, and no markup: a name like "Jo [/b]" would crash the app)."""
        from senco_tui.safe_text import safe_text

        super().notify(safe_text(message, multiline=True), title=safe_text(title),
                       severity=severity, timeout=timeout, markup=False)


    def _handle_exception(self, error: Exception) -> None:
        """A crash: its traceback (with names and notes in it) goes to a private file in the
        data folder, and the terminal gets one line naming it; the exit status is 1. An
        error the user can act on that no screen caught (a store that cannot be read as it
        is) is that one line itself."""
        super()._handle_exception(error)
        from senco_tui import crash
        from senco_tui.errors import UserError
        from senco_tui.safe_text import safe_text
        from senco_tui.tui.textual_hooks import report_crash

        if isinstance(error, UserError):  # e.g. a date another program wrote: not a bug
            line = str(error)
        else:
            line = crash.message(crash.save(self.paths.data_dir, error))
        report_crash(self, safe_text(f"senco-tui: {line}"))

    def push_screen(self, screen, *args, **kwargs):
        self._screens_css()
        if isinstance(screen, Screen):
            sized_before_mount(self, screen)
        return super().push_screen(screen, *args, **kwargs)

    def _screens_css(self) -> None:
        """Add the rules of every screen but home, once, before the first of them opens.

        Home's first frame needs only app.tcss. Added as one more source, not through
        Screen.CSS_PATH, whose first use re-parses every stylesheet (~50 ms on a meeting).
        """
        if not self.stylesheet.has_source(str(SCREENS_CSS), ""):
            self.stylesheet.add_source(SCREENS_CSS.read_text(encoding="utf-8"),
                                       read_from=(str(SCREENS_CSS), ""))

    def show_fatal(self, message: str) -> None:
        from senco_tui.tui.screens.error import ErrorScreen

        self._fatal = True
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(ErrorScreen(message))

    # -- layers the screens share ------------------------------------------------

    def checklist_set(self, name: str):
        """The named checklist set (cached); raises ChecklistError with FILE:LINE problems."""
        if name not in self._sets:
            from senco_tui.checklist import load_named_set

            self._sets[name] = load_named_set(name, self.paths.user_checklists)
        return self._sets[name]

    def glossary(self) -> dict[str, str]:
        if self._glossary is None:
            from senco_tui.checklist import ChecklistError, load_glossary

            try:
                self._glossary = load_glossary()
            except ChecklistError as exc:
                self._glossary = {}
                self.show_problems("The glossary could not be read", str(exc))
        return self._glossary

    def current_half_term(self) -> tuple[str, str]:
        from senco_tui.calendar import current

        return current(self.today, self.settings.half_term_starts or None)

    def show_problems(self, title: str, text: str, hint: str = "") -> None:
        from senco_tui.tui.screens.error import ProblemsScreen

        self.push_screen(ProblemsScreen(title, text, hint))

    def open_meeting(self, senco, year: str, half_term: str, at: str | None = None) -> None:
        """Open (creating if needed) one meeting, with the checklist the meeting session's
        policy chooses; a checklist it cannot use is shown kindly. `at`: the question to
        show first (e.g. chosen on the year screen)."""
        from senco_tui.errors import UserError
        from senco_tui.meeting import ChecklistUnusable, checklist_for, open_meeting
        from senco_tui.undo import Journal

        if not self.writable():
            return
        checklist = checklist_for(senco.checklist_set, half_term, self.paths.user_checklists)
        try:
            session = open_meeting(self.store, senco, year, half_term, checklist,
                                   glossary=self.glossary(), today=self.today,
                                   current=self.current_half_term(),
                                   default_policy=self.settings.carry_policy,
                                   journal=Journal(self.paths.data_dir / "undo.json"),
                                   starts=self.settings.half_term_starts or None)
        except ChecklistUnusable as exc:
            self.show_problems(
                f"The checklist set '{senco.checklist_set}' for {senco.name} has problems",
                str(exc), f"Ask whoever edits your checklists to fix it and run `senco-tui "
                f"validate`, or press e on the home screen to give {senco.name} another "
                "checklist set.")
            return
        except UserError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        from senco_tui.tui.meeting.screen import MeetingScreen
        from senco_tui.tui.screens.home import HomeScreen

        home = self.screen_stack[0]
        if isinstance(home, HomeScreen):  # back from the meeting: its SENCo is the one shown
            home.highlight_senco(senco.id)
        self.push_screen(MeetingScreen(session, at=at))

    def open_year(self, senco, year: str | None = None) -> None:
        """The year at a glance for one SENCo (this academic year by default)."""
        from senco_tui.tui.year.screen import YearScreen

        self.push_screen(YearScreen(senco, year or self.current_half_term()[0]))

    def year_checklist(self, set_name: str):
        """A set's six half-terms for the year screen and home's strip: the whole set when it
        loads (cached, as for home), else each half-term read alone (see year_checklist)."""
        from senco_tui.checklist import ChecklistError
        from senco_tui.errors import UserError
        from senco_tui.year import YearChecklist, year_checklist

        try:
            loaded = self.checklist_set(set_name)
        except (ChecklistError, UserError):
            return year_checklist(set_name, self.paths.user_checklists)
        return YearChecklist(loaded.title, dict(loaded.half_terms), ())

    def open_meeting_named(self, name: str, year: str | None, half_term: str | None) -> None:
        from senco_tui.errors import UserError
        from senco_tui.meeting import resolve_senco

        if not self.writable():
            return
        try:
            senco = resolve_senco(self.store, name)
        except UserError as exc:
            self.show_problems("Which SENCo?", str(exc))
            return
        this_year, this_half = self.current_half_term()
        self.open_meeting(senco, year or this_year, half_term or this_half)

    # -- actions ---------------------------------------------------------------

    def action_help(self) -> None:
        from senco_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        from senco_tui import preferences

        self.theme = LIGHT if self.theme == DARK else DARK
        preferences.save(self.paths, theme=self.theme)

    async def action_quit(self) -> None:
        self.flush_notes()
        # notes a save refused are lost on quitting: the meeting screen asks first
        from senco_tui.tui.screens.forms import ConfirmDialog

        unsaved = next((s for s in self.screen_stack
                        if isinstance(s, KeepsNotes) and s.unsaved_notes()), None)
        if unsaved is None:
            self._quit()
        elif not isinstance(self.screen, ConfirmDialog):  # not asked already
            unsaved.leave_unsaved(self._quit)

    def _quit(self) -> None:
        # Everything is saved: the store and the lock go now, so a new start does not
        # wait for Textual's shutdown (the widgets unmounting, the terminal restored).
        self._close_store()
        self.exit()

    def flush_notes(self) -> None:
        """Save any notes still waiting for their debounce, on every screen."""
        if self.store is None:  # closed: all was saved before it was
            return
        for screen in self.screen_stack:
            if isinstance(screen, KeepsNotes):
                screen.flush_notes()

    def on_unmount(self) -> None:
        import signal

        for sig, previous in self._signals:
            signal.signal(sig, previous)
        self.flush_notes()
        self._close_store()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # each screen's keys are also in the palette (from its BINDINGS)
        from senco_tui.tui.keys import palette_commands

        yield from palette_commands(self, screen)
        yield SystemCommand("Toggle light/dark theme", "Switch between light and dark colours",
                            self.action_toggle_theme)
        yield SystemCommand("Help", "Every key on this screen", self.action_help)
        yield from super().get_system_commands(screen)
