"""Every private Textual hook the app relies on, in one place, with why.

Checked against Textual 8.2 (8.2.8; pyproject pins textual>=8.2,<8.3).
tests/tui/test_textual_hooks.py fails on any other minor version and names the
hooks below: re-read each against the new Textual source, then update
CHECKED_WITH.

Here (terminal, keys):

- ``LinuxDriver.run_input_thread`` (replaced by a copy of its loop; uses ``XTermParser``,
  ``Driver.process_message``, ``LinuxDriver.exit_event``, ``fileno``, ``_debug``):
  Textual's loop spins a core for ever once the terminal is gone (select says
  readable, read returns nothing) and panics on EIO. Ours stops and reports the
  terminal lost.
- ``LinuxDriver._file`` (wrapped) and ``WriterThread`` (its 30-slot queue): a write to a
  dead terminal raises EIO and kills the writer thread; the next 30 writes then fill
  its queue and the app's main thread blocks for ever in ``put``. Ours drops writes
  once the terminal is gone, so the queue always drains.
- ``LinuxDriver._sigtstp_application`` / ``_sigcont_application``: the kernel sends
  SIGCONT with SIGHUP when a terminal hangs up, and Textual then starts application
  mode a second time (a second writer thread, whose death on EIO wedges shutdown, and
  a second input thread). Ours resumes only after its own suspend.
- ``LinuxDriver.stop_application_mode`` / ``close`` called outside Textual's shutdown,
  just before ``os._exit``: restores a terminal that is still there.
- ``XTermParser._sequence_to_key_events`` and its ``alt`` argument, ``ESCAPE_DELAY``
  (ESCDELAY, 100 ms): Esc then a key within the delay is read as alt+key, and a
  printable alt+key types its character into a TextArea or Input. Ours reads an
  ESC-prefixed single key as escape, then the key.
- ``App.on_event`` and the way keys travel (to the focused widget's queue, bubbling
  back to ``App._on_key`` for bindings; ``Widget.focus`` via ``call_later``): the key
  after an escape is held until the escape has acted (``KeysWaitForEscape``).

Still in the meeting screen (senco_tui/tui/screens/meeting.py), to move here with it:

- ``Outline._size_updated`` (skips a layout pass when only the width changed),
- ``FixedHeight.refresh`` (drops ``layout=True`` for fixed-height widgets),
- ``QuestionText``: ``Widget._scroll_update`` and ``set_reactive(Widget.virtual_size)``
  (new text without a layout of the screen),
- ``Outline._line_cache`` (``index_to_line``, ``heights``: repaint two lines, not all).
"""

from __future__ import annotations

import contextlib
import os
import selectors
import sys
import threading
import time
from codecs import getincrementaldecoder
from collections.abc import Callable, Iterable

from textual import events
from textual._xterm_parser import XTermParser

if sys.platform == "win32":  # no termios: Textual's Windows driver is used as it is
    LinuxDriver = object
else:
    from textual.drivers.linux_driver import LinuxDriver

CHECKED_WITH = "8.2"  # Textual's major.minor these hooks were read against

HOOKS = (
    "LinuxDriver.run_input_thread (replaced)",
    "LinuxDriver._file / WriterThread queue (wrapped)",
    "LinuxDriver._sigtstp_application / _sigcont_application (overridden)",
    "LinuxDriver.stop_application_mode / close (called before os._exit)",
    "XTermParser._sequence_to_key_events (overridden) and ESCAPE_DELAY",
    "App.on_event / App._on_key key bubbling, Widget.focus call_later (KeysWaitForEscape)",
    "meeting screen: Outline._size_updated, FixedHeight.refresh, "
    "QuestionText _scroll_update / set_reactive(virtual_size), Outline._line_cache",
)

ESC = "\x1b"
# After ESC, these begin a longer sequence (CSI, SS3, OSC, DCS, APC, PM, SOS): wait for it.
_INTRODUCERS = frozenset("[O]P_^X")


class EscapeThenKeyParser(XTermParser):
    """Esc, then a key typed quickly, is escape then that key: never alt+key.

    Without a terminal that sends unambiguous keys (kitty's protocol, which Textual
    asks for first), Esc followed by `j` within ESCDELAY arrives as ESC j, which Textual
    reads as alt+j, character "j": the notes editor typed the j and the next notes went
    to the wrong question. Alt+letter as a key of its own is given up for this (the
    app binds none); with kitty's protocol it still arrives as alt+key.
    """

    def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        if alt and len(sequence) == 1:
            # ESC and a key not understood together (reissued after ESCDELAY)
            yield events.Key("escape", ESC)
            yield from super()._sequence_to_key_events(sequence)
        elif len(sequence) == 2 and sequence[0] == ESC and sequence[1] not in _INTRODUCERS \
                and sequence[1] != ESC:
            # ESC and a key together: ESC j, and also ESC 1 (Textual: "¡"), ESC DEL (ctrl+w:
            # a word of notes deleted), ESC b / ESC f (word moves), ESC TAB (shift+tab)
            yield events.Key("escape", ESC)
            yield from super()._sequence_to_key_events(sequence[1])
        else:
            yield from super()._sequence_to_key_events(sequence, alt)


class KeysWaitForEscape:
    """App mixin: keys that come right behind an escape wait until it has acted.

    Textual hands each key to the focused widget's queue and goes on to the next; an
    escape acts only when it has bubbled back up to the app (bindings), and the focus
    it moves follows later still (``Widget.focus`` is ``call_later``). So in Esc j, read
    together, the j reached the notes editor before the escape had left it. Here a key
    from the terminal (not ``is_forwarded``) that follows an escape is held until the
    escape comes back to the app and what it queued has run.
    """

    HOLD_AT_MOST = 0.3  # seconds, for an escape a widget keeps to itself

    _held: list | None = None
    _hold_timer = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            if not event.is_forwarded:  # from the terminal
                if self._held is not None:
                    self._held.append(event)
                    return
                if event.key == "escape" and self.focused is not None:
                    self._held = []
                    self._hold_timer = self.set_timer(self.HOLD_AT_MOST, self._release_held)
            elif event.key == "escape" and self._held is not None:
                await super().on_event(event)  # bindings: leave the editor, close a dialog
                self.call_later(self._release_held)  # after the focus change it queued
                return
        await super().on_event(event)

    async def _release_held(self) -> None:
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        held, self._held = self._held or [], None
        for index, key in enumerate(held):
            if self._held is not None:  # another escape among them: the rest wait again
                self._held.extend(held[index:])
                return
            await self.on_event(key)


class _TerminalFile:
    """The writer thread's file: once a write fails (the terminal has gone), every
    later write is dropped, so the writer thread lives and its queue drains."""

    def __init__(self, file, lost: Callable[[], None]):
        self._file = file
        self._lost = lost
        self.gone = False

    def write(self, text: str) -> None:
        if self.gone:
            return
        try:
            self._file.write(text)
        except (OSError, ValueError):
            self._gone()

    def flush(self) -> None:
        if self.gone:
            return
        try:
            self._file.flush()
        except (OSError, ValueError):
            self._gone()

    def fileno(self) -> int:
        return self._file.fileno()

    def _gone(self) -> None:
        self.gone = True
        self._lost()


class SencoDriver(LinuxDriver):
    """Textual's Linux/macOS driver, made safe for a terminal that goes away.

    When the terminal is lost (a read or write fails, or SIGHUP) nothing more is written,
    the input thread ends, and `on_lost` is called on the app's event loop.
    """

    def __init__(self, app, **kwargs) -> None:
        super().__init__(app, **kwargs)
        self.terminal_lost = False
        self.on_lost: Callable[[], None] | None = None
        self._loop = None
        self._suspended = False
        self._file = _TerminalFile(self._file, self.lose_terminal)

    def lose_terminal(self) -> None:
        """The terminal has gone (any thread, or a signal handler)."""
        if self.terminal_lost:
            return
        self.terminal_lost = True
        self._file.gone = True
        if self._loop is not None and self.on_lost is not None:
            self._loop.call_soon_threadsafe(self.on_lost)

    def write(self, data: str) -> None:
        if not self.terminal_lost:
            super().write(data)

    def start_application_mode(self) -> None:
        import asyncio

        self._loop = asyncio.get_running_loop()
        super().start_application_mode()

    def _sigtstp_application(self, *args) -> None:
        self._suspended = True
        super()._sigtstp_application(*args)

    def _sigcont_application(self, *args) -> None:
        # SIGCONT also comes with SIGHUP when the terminal hangs up: resume only what
        # ctrl+z suspended, never a second application mode on a dead terminal.
        if not self._suspended or self.terminal_lost:
            return
        self._suspended = False
        super()._sigcont_application(*args)

    def end_process(self, code: int) -> None:
        """Restore the terminal if it is still there, then end the process at once.

        Called once the notes are saved, the store closed and the lock released. Not
        Textual's own shutdown: it unmounts every widget (0.3-2 s) and, with the
        terminal gone, could block for ever on the writer's queue; nothing is left
        that needs it, so os._exit. A frozen terminal is covered by the watchdog.
        """
        if not self.terminal_lost:
            try:
                self.stop_application_mode()
                self.close()
            except Exception:  # noqa: BLE001 (leaving regardless: all is saved)
                pass
        os._exit(code)

    def run_input_thread(self) -> None:
        """Textual's input loop, but it ends when the terminal does (EOF or EIO)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = EscapeThenKeyParser(self._debug)
        feed, tick = parser.feed, parser.tick
        decode = getincrementaldecoder("utf-8")(errors="replace").decode
        try:
            while not self.exit_event.is_set():
                for _key, mask in selector.select(0.1):
                    if not mask & selectors.EVENT_READ:
                        continue
                    try:
                        data = os.read(fileno, 4096)
                    except OSError:  # EIO: hung up
                        data = b""
                    if not data:  # EOF: the terminal is gone; stop, do not spin
                        self.lose_terminal()
                        return
                    for event in feed(decode(data)):
                        self.process_message(event)
                for event in tick():
                    self.process_message(event)
        finally:
            selector.close()


class Watchdog:
    """Ends the process `seconds` after it is armed, whatever the main thread is doing.

    Armed by the close signals' handler with one write to a pipe (safe in a signal
    handler); its thread sleeps in a read until then, so it costs nothing.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.code = 1
        self._read, self._write = os.pipe()
        threading.Thread(target=self._run, name="senco-watchdog", daemon=True).start()

    def arm(self, code: int) -> None:
        self.code = code
        with contextlib.suppress(OSError):
            os.write(self._write, b"!")

    def _run(self) -> None:
        os.read(self._read, 1)
        time.sleep(self.seconds)
        os._exit(self.code)
