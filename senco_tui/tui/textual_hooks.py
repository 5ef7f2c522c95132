"""Every private Textual hook the app relies on, in one place, with why.

Checked against Textual 8.2 (8.2.8; pyproject pins textual>=8.2,<8.3). A new minor
version may rename or change any of these: tests/tui/test_textual_hooks.py fails on
another minor version, naming each hook. Re-check each hook below against the new
source, then raise CHECKED_MINOR.

Speed (the meeting screen):

- FixedHeight.refresh (Widget.refresh(layout=...), show_vertical_scrollbar, virtual_size):
  new content in a widget whose height the stylesheet fixes needs no layout of the
  screen, which reflows everything on every j/k.
- QuickHighlight.watch_highlighted (OptionList._line_cache: index_to_line, heights;
  refresh_lines): moving the highlight repaints two lines, not the whole outline.
- QuickHighlight.render_lines (Widget.render_lines, OptionList.render_line's own steps:
  _update_lines, _line_cache.lines, _mouse_hovering_over, the component classes,
  _option_render_cache keyed by (option, style, padding), _get_option_render): a scroll
  of the outline repaints every visible line; the lookups that are the same for every
  line are made once per paint.
- QuickHighlight.watch_scroll_y (ScrollView.watch_scroll_y, which marks every line dirty;
  StylesCache._cache and _dirty_lines, its painted lines by y): a scroll of a few lines
  moves each painted line with it instead of painting all of them again.
- QuickScrollBar.render_lines, QuickScrollBars.vertical_scrollbar (Widget.vertical_scrollbar's
  body: _vertical_scrollbar, App._start_widget; Widget._render_content, _render_cache,
  _dirty_regions, _RenderCache; ScrollBarRender's attributes; StylesCache._cache and
  _dirty_lines): the outline's scrollbar draws a thumb where it has been before as
  before, and styles each different line (track, thumb) once, not all forty at every
  move of its thumb. The question text's too: each question's text is of another
  length, so its thumb moved at every j/k, and its bar was a key's largest paint.
- QuickHighlight.replace_prompt (Option._set_prompt, OptionList._option_render_cache keyed
  by option first, _line_cache, _get_visual, _get_left_gutter_width, _clear_caches): a
  row changed repaints its own line, not every row of the outline.
- QuickHighlight._size_updated (Widget._size_updated, _size): every layout hands an
  OptionList its own height as the virtual size and repaints its scrollbar; skipped
  when nothing changed.
- SingleClick._on_click (OptionList._on_click, event.style.meta["option"], _options): one
  click selects (as j/k do), a double click selects and edits, so a status key after a
  click rates the question instead of typing into its notes.
- set_virtual_size (Widget.set_reactive(virtual_size), ScrollView._scroll_update): a
  scroll view's scrollable height changes without the reactive's layout of the screen.
- QuietFooter.recompose (Footer.compose's keys from Screen.active_bindings,
  Widget._pruning): Textual's footer rebuilds its dozen keys, each a styled widget, on
  every focus move and every screen or dialog change, though the keys shown are mostly
  the same; that was nearly half of opening a screen or a dialog. Ours rebuilds only
  when the keys it would show differ.
- QuietFooter.compose (Footer._bindings_ready, FooterKey from textual.widgets._footer,
  FooterKey.compact): Textual's footer has no keys until the screen's bindings first
  change, then mounts them and lays the screen out again, and each key is styled twice
  more as its `compact` goes True then False; a screen's first frame waited for all of
  it. Ours composes the keys at once, each with its `compact` already set.
- release_styles_caches (StylesCache.get_inner_outer, an lru_cache on a method): the
  cache keeps every widget's StylesCache (and its drawn lines) after the widget is gone,
  up to 1024 of them (Textual issue #6665); a screen left frees its own.

- PaintsWhatChanged.render_partial_update (Compositor.render_partial_update's own steps:
  _dirty_regions, _regions_to_spans, cuts, visible_widgets in front-to-back order,
  ChopsUpdate; Screen._compositor, made in Screen.__init__): an update of a few lines
  painted every widget under the box around all of them, whole, and cut every line of
  each into pieces. Ours asks each widget only for its own changed lines, and only
  where no widget in front has painted them.

- BackdropDrawnOnce.render_lines (Screen.render's BackgroundScreen, drawn from
  App._background_screens; Screen._dirty_widgets, what the screen below has due a
  repaint): a dialog's backdrop is the screen below drawn again at each full repaint of
  the dialog; here once, until the screen below or the size or colours change.
- ScreensGoQuietly._prune (App._prune's `parent`, whose post_mount lays out the parent's
  screen; Widget.remove passes the app as a screen's parent): a dialog closed lays out
  the screen below again, though nothing in it changed.

- sized_before_mount (Screen._on_resize's breakpoint classes: App and Screen.
  HORIZONTAL_BREAKPOINTS, VERTICAL_BREAKPOINTS, Screen._get_breakpoint_classes): a new
  screen or dialog is styled part by part as it mounts, then gets its -wide/-tall
  classes at its first resize, just after, and is styled all over again. Ours gets
  them before it mounts, so that resize changes nothing.
- StyledWhenMounted._on_screen_resume (Screen._on_screen_resume, ScreenResume.
  refresh_styles): a pushed screen is styled part by part as it is mounted, then styled
  all over again when first shown (before its first frame). Ours skips that first
  restyle; every later showing restyles as Textual does (a theme may have changed).

Crashes:

- report_crash (called from SencoApp._handle_exception, which overrides
  App._handle_exception; App._exit_renderables, App.error_console): a crash's traceback
  holds names and notes, so the terminal gets one line naming a private crash file
  instead, unwrapped so its path can be copied.

The terminal going away (SencoDriver, Watchdog):

- LinuxDriver.run_input_thread (replaced by a copy of its loop; uses XTermParser,
  Driver.process_message, LinuxDriver.exit_event, fileno, _debug): Textual's loop spins
  a core for ever once the terminal is gone (select says readable, read returns
  nothing) and panics on EIO. Ours stops and reports the terminal lost.
- LinuxDriver._file (wrapped) and WriterThread (its 30-slot queue): a write to a dead
  terminal raises EIO and kills the writer thread; the next 30 writes then fill its
  queue and the main thread blocks for ever in put(). Ours drops writes once the
  terminal is gone, so the queue always drains.
- LinuxDriver._sigtstp_application / _sigcont_application: the kernel sends SIGCONT
  with SIGHUP when a terminal hangs up, and Textual then starts application mode a
  second time (a second writer thread, whose death on EIO wedged shutdown, and a
  second input thread). Ours resumes only after its own suspend.
- LinuxDriver.stop_application_mode / close, called outside Textual's shutdown just
  before os._exit: restores a terminal that is still there.

The tests' waits (a test hook: used only by tests/tui, through settled_pilot):

- settle, settled_pilot (textual.pilot.wait_for_idle and textual.app.wait_for_idle, the
  names Pilot.press, pause, click and wait_for_scheduled_animations and App._press_keys
  wait with; asyncio's BaseEventLoop._ready; Screen._on_timer_update and what
  Screen._on_idle checks before it resumes its update timer: _layout_required,
  _scroll_required, _repaint_required, _recompose_required, _dirty_widgets, _callbacks;
  App._batch_count): Pilot waits for the process's CPU time to stop moving, in 20 ms
  sleeps, two or three times a key. That is slow (the sleeps were most of a Pilot test)
  and, on a loaded machine, wrong: a starved process looks idle. settle waits until
  the app has nothing left to do now instead.
- shared_css_parses (Stylesheet._parse_rules, its cache key, Stylesheet._variables): each
  app parses Textual's CSS and its own afresh; a test run starts hundreds of apps, and
  the parse was ~10% of each start. Within one app Textual already hands out the same
  parsed rules again for the same CSS; here every app of the process does, for the same
  CSS and variables (the theme's colours).

Esc then a key (EscapeThenKeyParser, KeysWaitForEscape), an escape in a paste
(PastedEscapes):

- XTermParser._sequence_to_key_events and its `alt` argument, ESCAPE_DELAY (ESCDELAY,
  100 ms): Esc then a key within the delay is read as alt+key, and a printable alt+key
  types its character into a TextArea or Input. Ours reads an ESC-prefixed single key
  as escape, then the key.
- App.on_event and the way keys travel (to the focused widget's queue, bubbling back
  to App._on_key for bindings; Widget.focus via call_later, DescendantFocus bubbling
  up to the app; App.pop_screen): the key after an escape in a text field is held
  until the focus has moved or the dialog has closed.
- XTermParser.parse's bracketed paste: an ESC inside a paste starts a key sequence,
  sent as keys ahead of the paste. Ours turns it into text before the parser.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import selectors
import sys
import threading
import time
from bisect import bisect_left
from codecs import getincrementaldecoder
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.color import Color
from rich.style import Style
from textual import events
from textual._compositor import ChopsUpdate, Compositor
from textual._xterm_parser import XTermParser
from textual.app import App, ComposeResult
from textual.events import Click
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget, _RenderCache
from textual.widgets import Footer, Input, OptionList
from textual.widgets._footer import FooterKey

if sys.platform == "win32":  # no termios: Textual's Windows driver is used as it is
    LinuxDriver = object
else:
    from textual.drivers.linux_driver import LinuxDriver

CHECKED_MINOR = (8, 2)
HOOKS = ("FixedHeight.refresh", "QuickHighlight.watch_highlighted",
         "QuickHighlight.render_lines", "QuickHighlight.watch_scroll_y",
         "QuickHighlight.replace_prompt", "QuickScrollBar.render_lines",
         "QuickHighlight._size_updated", "SingleClick._on_click", "set_virtual_size",
         "QuietFooter.recompose", "QuietFooter.compose", "release_styles_caches",
         "StyledWhenMounted._on_screen_resume", "sized_before_mount", "ScreensGoQuietly._prune",
         "BackdropDrawnOnce.render_lines", "PaintsWhatChanged.render_partial_update",
         "report_crash", "SencoDriver.run_input_thread",
         "SencoDriver._file (WriterThread)",
         "SencoDriver._sigtstp_application / _sigcont_application",
         "SencoDriver.end_process (stop_application_mode, close)",
         "EscapeThenKeyParser._sequence_to_key_events", "KeysWaitForEscape.on_event",
         "PastedEscapes (XTermParser.parse, bracketed paste)",
         "settle, settled_pilot (Pilot's waits; tests only)",
         "shared_css_parses (Stylesheet._parse_rules; tests only)")


# A plain mixin, not a Widget: Textual inherits CSS and component classes along the first
# DOMNode base only, which must stay the real widget class (OptionList, TextArea).
_FixedBase = Widget if TYPE_CHECKING else object


class FixedHeight(_FixedBase):
    """For widgets whose height the stylesheet fixes: new content needs no layout of
    the screen, unless a scrollbar must come or go."""

    def refresh(self, *regions: Any, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Any:
        if (layout and not recompose and self.size and not self.show_vertical_scrollbar
                and self.virtual_size.height <= self.size.height):
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


class QuickScrollBar(ScrollBar):
    """A vertical scrollbar that styles each different line once: its lines are the
    track above the thumb, the thumb and the track below, each the same all along, but
    Textual styles every one of them again whenever the thumb moves (a long outline
    scrolled a line a key, and its scrollbar's forty lines were the key's largest paint)."""

    _styled: dict[tuple[object, ...], Strip]
    _styled_for: tuple[object, ...] = ()
    _drawn: dict[object, Strip]
    _drawn_for: object = None

    def _render_content(self) -> None:
        # the bar's own lines, drawn through Rich, cost more than styling them; each is one
        # segment (track, thumb, a thumb's end), so a segment drawn before is that line
        bar = self.render()
        if type(bar) is not ScrollBarRender:
            super()._render_content()
            return
        width, height = self.size
        style = bar.style if isinstance(bar.style, Style) else None
        if not (self.vertical and width == 1 and style is not None):
            super()._render_content()
            return
        segments = list(bar.render_bar(
            size=height, virtual_size=bar.virtual_size, window_size=bar.window_size,
            position=bar.position, thickness=width, vertical=True,
            back_color=style.bgcolor or Color.parse("#555555"),
            bar_color=style.color or Color.parse("bright_magenta")).segments)
        if self._drawn_for != self.visual_style or len(self._drawn) > 64:
            self._drawn, self._drawn_for = {}, self.visual_style
        known = self._drawn
        lines = [known.get(segment) for segment in segments]
        if len(lines) != height or None in lines:
            super()._render_content()
            if len(self._render_cache.lines) == len(segments):
                known.update(zip(segments, self._render_cache.lines, strict=True))
            return
        self._render_cache = _RenderCache(self.size, lines)  # type: ignore[arg-type]
        self._dirty_regions.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        cache = self._styles_cache
        if self._dirty_regions:
            self._render_content()  # the bar's own lines (before the styles go on)
        lines = self._render_cache.lines
        # what the styling adds, beyond the line's own segments and colours
        styled_for = (self.size, self.background_colors, self.opacity)
        if styled_for != self._styled_for or len(self._styled) > 64:
            self._styled, self._styled_for = {}, styled_for
        styled = self._styled
        keys = [tuple(line._segments) for line in lines]
        for y in crop.line_range:
            if y < len(keys) and (y in cache._dirty_lines or y not in cache._cache):
                strip = styled.get(keys[y])
                if strip is not None:
                    cache._cache[y] = strip
                    cache._dirty_lines.discard(y)
        strips = super().render_lines(crop)
        for y in crop.line_range:
            if y < len(keys) and y in cache._cache:
                styled[keys[y]] = cache._cache[y]
        return strips


class QuickScrollBars(_FixedBase):
    """Mixin for a scrolling widget: its vertical scrollbar is a QuickScrollBar."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        # Widget.vertical_scrollbar's own, with a QuickScrollBar
        bar = self._vertical_scrollbar
        if bar is None:
            self._vertical_scrollbar = bar = QuickScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)
            bar.display = False
            self.app._start_widget(self, bar)
        return bar


class QuickHighlight(QuickScrollBars, OptionList):
    """An OptionList whose highlight moves by repainting the two lines concerned, whose
    lines are painted without OptionList's per-line lookups, and whose scrollbar styles
    each different line once."""

    highlighted: reactive[int | None] = reactive(None, repaint=False)
    _paint_line: Callable[[int], Strip] | None = None  # while render_lines runs

    def render_lines(self, crop: Region) -> list[Strip]:
        """OptionList.render_line looks up, for every line, what is the same for all of
        them (the line table, which it brings up to date each time, the scroll offset,
        the highlight, the styles, the padding and width): a scroll of a long outline
        repaints every visible line, and those lookups were half of painting it. Here
        they are looked up once per paint; each line is then OptionList's own render
        of its option (its cache, filled by OptionList on a miss)."""
        self._update_lines()
        lines = self._line_cache.lines
        options = self.options
        top = self.scroll_offset.y
        highlighted = self.highlighted
        hover = self._mouse_hovering_over
        visual_style = self.get_visual_style
        padding = self.get_component_styles("option-list--option").padding
        rendered = self._option_render_cache
        styles: dict[str, Any] = {}

        def paint(y: int) -> Strip:
            if not 0 <= top + y < len(lines):
                return OptionList.render_line(self, y)  # (a blank line)
            index, offset = lines[top + y]
            option = options[index]
            part = ("option-list--option-disabled" if option.disabled
                    else "option-list--option-highlighted" if index == highlighted
                    else "option-list--option-hover" if index == hover else "")
            style = styles.get(part)
            if style is None:
                style = styles[part] = (visual_style("option-list--option", part) if part
                                        else visual_style("option-list--option"))
            strips = rendered.get((option, style, padding))
            if strips is None:
                strips = self._get_option_render(option, style)
            return strips[offset] if offset < len(strips) else OptionList.render_line(self, y)

        self._paint_line = paint
        try:
            return Widget.render_lines(self, crop)
        finally:
            self._paint_line = None

    def render_line(self, y: int) -> Strip:
        paint = self._paint_line
        return paint(y) if paint is not None else super().render_line(y)

    def watch_scroll_y(self, old: float, new: float) -> None:
        """ScrollView marks every line to be painted again on a scroll; a scroll of a few
        lines shows the same lines moved, so each keeps its painted strip (walking a
        long outline down scrolled it a line a key, and repainting its forty lines was
        most of the key's cost). The lines that come into view, and any line already
        marked to repaint, are painted as before."""
        cache = self._styles_cache
        shift = round(new) - round(old)
        painted, stale = dict(cache._cache), set(cache._dirty_lines)
        super().watch_scroll_y(old, new)
        height = self.size.height
        if not shift or abs(shift) >= height or self.styles.gutter.top:
            return  # (lines offset by a top border or padding would not map one to one)
        for y in range(height):
            strip = painted.get(y + shift)
            if strip is not None and y + shift not in stale:
                cache._cache[y] = strip
                cache._dirty_lines.discard(y)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:  # type: ignore[override]
        super().watch_highlighted(new)
        for index in (old, new):
            line = self._line_cache.index_to_line.get(index) if index is not None else None
            if line is not None:
                self.refresh_lines(line, self._line_cache.heights.get(index, 1))

    def replace_prompt(self, index: int, prompt: Any) -> None:
        """One option's prompt replaced, repainting its own lines. (OptionList's
        replace_option_prompt_at_index forgets every option's render and line, then
        measures and paints them all again: one row changed among 200 cost a frame.)"""
        option = self.get_option_at_index(index)
        option._set_prompt(prompt)
        cache = self._option_render_cache
        rendered = cache.keys()  # (an LRUCache: no iteration of its own)
        for key in [key for key in rendered if key[0] is option]:
            cache.discard(key)
        line = self._line_cache.index_to_line.get(index)
        height = self._line_cache.heights.get(index)
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        padding = self.get_component_styles("option-list--option").padding
        if line is None or height != self._get_visual(option).get_height(
                self.styles, width - padding.width) + option._divider:
            self._clear_caches()  # its height changed: the lines below it move
        else:
            self.refresh_lines(line, height)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        if size == self._size and container_size == self.container_size:
            return False
        return super()._size_updated(size, virtual_size, container_size, layout)


class SingleClick(OptionList):
    """One click highlights an option; a double click selects it (as enter does)."""

    async def _on_click(self, event: Click) -> None:
        event.prevent_default()
        clicked = event.style.meta.get("option")
        if clicked is None or self._options[clicked].disabled:
            return
        self.highlighted = clicked
        if event.chain > 1:
            self.action_select()


def set_virtual_size(view: ScrollView, size: Size, fits: int) -> None:
    """Give a scroll view a new scrollable size without a layout of the screen; the
    scrollbar is told directly, unless the text fitted before and fits now (`fits`: the
    visible height), when it looks the same."""
    old = view.virtual_size
    if size == old:
        return
    view.set_reactive(Widget.virtual_size, size)
    if not (old.width == size.width and old.height <= fits and size.height <= fits):
        view._scroll_update(size)


def report_crash(app: App[Any], line: str) -> None:
    """After App._handle_exception: `line` instead of the traceback Textual prints once the
    terminal is restored (one line as it is: a path cut by newlines cannot be copied)."""
    app._exit_renderables[:] = [line]
    app.error_console.soft_wrap = True


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


PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
SHOWN_ESC = "\u241b"  # ␛: an escape inside pasted text, shown as text


class PastedEscapes:
    """Escapes inside a bracketed paste become text (␛) before the parser sees them.

    Textual's parser reads an ESC inside a paste as the start of a key sequence and sends
    what follows as keys at once, ahead of the paste event: pasting "AAA <ESC>]0;t BBB"
    saved "^]0;t BBBAAA ". Only the paste's end marker ends it. Stateful across reads:
    a marker split between two reads is held back until the rest arrives.
    """

    def __init__(self) -> None:
        self.pasting = False
        self._held = ""

    def __call__(self, text: str) -> str:
        text, self._held = self._held + text, ""
        out: list[str] = []
        while text:
            marker = PASTE_END if self.pasting else PASTE_START
            at = text.find(marker)
            if at < 0:
                # the start of a marker at the very end: wait for the rest of it (outside
                # a paste not a lone ESC, nor ESC [: the Escape key, alt+[, never wait)
                shortest = 1 if self.pasting else 3
                keep = next((n for n in range(len(marker) - 1, shortest - 1, -1)
                             if text.endswith(marker[:n])), 0)
                if keep:
                    text, self._held = text[:-keep], text[-keep:]
                out.append(text.replace(ESC, SHOWN_ESC) if self.pasting else text)
                break
            part = text[:at]
            out.append(part.replace(ESC, SHOWN_ESC) if self.pasting else part)
            out.append(marker)
            self.pasting = not self.pasting
            text = text[at + len(marker):]
        return "".join(out)


def _text_field(widget: Widget | None) -> bool:
    """An Input or a TextArea. TextArea's module is not imported for this: it loads with
    the first screen that has one (at start-up it cost the first screen ~10 ms), and until
    then no widget can be one."""
    if isinstance(widget, Input):
        return True
    text_area = sys.modules.get("textual.widgets._text_area")
    return text_area is not None and isinstance(widget, text_area.TextArea)


class KeysWaitForEscape:
    """App mixin: a key takes effect before the keys typed behind it are handed on.

    Textual hands each key to the focused widget's queue and goes on to the next without
    waiting: in a burst (fast typing, a slow link) a key was read in the state before the
    one ahead of it had acted. Typed fast from the last carried item, `j e words` gave
    the `e` to a carried item (where it edits nothing) and the words to the outline as
    commands (an `x` in them ticked an action); Esc then j read together typed the j
    into the notes the Esc was leaving (``Widget.focus`` is ``call_later``).

    So, outside text fields, each key from the terminal (not ``is_forwarded``) holds the
    ones behind it until it has acted: the focus moved (``DescendantFocus`` reached the
    app), a screen was popped, or the app went idle (Textual's own ``wait_for_idle``, as
    Pilot waits between keys); HOLD_AT_MOST after it has acted at the most (WAIT_AT_MOST
    after it arrived, if it never comes back to the app). In a text field only the keys
    that are not text hold them (letters there are text, in order already): a key like
    backspace, end or tab is a binding, run after the widget has passed the key up, on
    whatever has the focus by then. In a burst, backspaces typed before a date deleted
    the date, and with a tab after them, the next field's words.
    """

    # Seconds the keys behind a key wait at the most once it has acted (its binding has
    # run: it came back to the app): time for the focus to move or a dialog to open.
    HOLD_AT_MOST = 1.0
    # ...and from its arrival, for a key that never comes back (a widget used it) in an
    # app that never goes idle. Not one bound from arrival: under load a key can wait
    # longer than a second to be handled at all, and the keys behind it went to the
    # widget it was leaving (the n of "note" typed straight after `e`, lost).
    WAIT_AT_MOST = 10.0

    _held: list | None = None
    _holding: events.Key | None = None  # the key the others wait for
    _focus_was: object = None  # what had the focus when it came
    _hold = 0  # which hold a release was asked for (a late one must not end the next)
    _hold_timer = None
    _idle_task = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and event.is_forwarded and event is self._holding:
            await super().on_event(event)  # back from the focused widget: its binding runs
            self._holding = None
            if self._held is not None:
                self._hold_until(self.HOLD_AT_MOST)
            return
        if isinstance(event, events.Key) and not event.is_forwarded:  # from the terminal
            if self._held is not None:
                self._held.append(event)
                return
            in_text = _text_field(self.focused)
            # in a text field, a key that is not text is a binding (backspace, end, tab,
            # enter): it acts later than text typed behind it, unless that waits
            binding = not (event.character and event.character.isprintable())
            if binding or not in_text:
                self._held, self._focus_was = [], self.focused
                self._hold += 1
                self._hold_until(self.WAIT_AT_MOST)
                # an escape leaving a text field lets the keys go only once the focus has
                # moved (or its dialog closed: every field is in one), however long its
                # messages take; any other key, once the app is idle too
                if not (in_text and event.key == "escape"):
                    self._holding = event
                    self._idle_task = asyncio.get_running_loop().create_task(
                        self._release_when_idle(self._hold))
        elif isinstance(event, events.DescendantFocus) and self._held is not None \
                and self.focused is not self._focus_was:
            # the focus has moved: on to the new one (the news of an earlier move, late
            # under load, must not let go keys behind an escape still leaving the notes)
            self._release_soon(self._hold)
        await super().on_event(event)

    def _hold_until(self, seconds: float) -> None:
        if self._hold_timer is not None:
            self._hold_timer.stop()
        self._hold_timer = self.set_timer(seconds, partial(self._release_soon, self._hold))

    def pop_screen(self):  # a dialog closed by the escape: the screen below has the keys
        done = super().pop_screen()
        if self._held is not None:
            self._release_soon(self._hold)
        return done

    def _release_soon(self, hold: int) -> None:
        """The held keys go from the app's own queue, in order with the keys arriving,
        never from the timer's task or the idle task: releasing stops both, and stopping
        the task the release runs in would drop the keys not yet handed on."""
        self.call_later(self._release_held, hold)

    async def _release_when_idle(self, hold: int) -> None:
        from textual._wait import wait_for_idle

        await wait_for_idle(0, self.WAIT_AT_MOST)
        self._release_soon(hold)

    async def _release_held(self, hold: int) -> None:
        if hold != self._hold or self._held is None:
            return  # released already (the focus moved, then the app went idle)
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        if self._idle_task is not None:
            self._idle_task.cancel()
            self._idle_task = None
        held, self._held, self._holding = self._held, None, None
        for index, key in enumerate(held):
            if self._held is not None:  # a key among them holds the rest again
                self._held.extend(held[index:])
                return
            await self.on_event(key)


class PaintsWhatChanged(Compositor):
    """A screen's compositor whose partial update paints only the lines that changed.

    Textual's takes the box around every changed region, asks each widget under it for
    all of its lines and cuts each of them at every widget's edge, then keeps the
    changed lines: moving the highlight repainted the outline's two lines and the detail
    pane's, and every widget on the screen was painted and cut for them (the containers
    behind too). Here each widget is asked only for the lines changed across it, and
    only where no widget in front of it has painted them already (Textual's rule: the
    front one wins). What reaches the terminal is the same."""

    def render_partial_update(self) -> ChopsUpdate | None:
        regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not regions:
            return None
        crop = Region.from_union(regions).intersection(self.size.region)
        spans = list(self._regions_to_spans(regions))  # by line, then column
        lines_of_spans = [y for y, _, _ in spans]
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(line[:-1]) for line in cuts]
        for widget, (region, clip) in self.visible_widgets.items():  # front first
            if not crop.overlaps(clip):
                continue
            x, top, width, height = region.intersection(clip)
            if not (width and height):
                continue
            right = x + width
            wanted: list[tuple[int, list[int]]] = []  # a line to paint, its cuts in here
            for i in range(bisect_left(lines_of_spans, top),
                           bisect_left(lines_of_spans, top + height)):
                y, x1, x2 = spans[i]
                if (wanted and wanted[-1][0] == y) or x1 >= right or x2 <= x:
                    continue  # (painted already, or a change beside this widget)
                line = chops[y]
                mine = [cut for cut in cuts[y] if right >= cut >= x]
                if any(line[cut] is None for cut in mine[:-1]):
                    wanted.append((y, mine))
            if not wanted:
                continue
            first = wanted[0][0]
            strips = widget.render_lines(
                Region(x - region.x, first - region.y, width, wanted[-1][0] - first + 1))
            for y, mine in wanted:
                line = chops[y]
                pieces = strips[y - first].divide([cut - x for cut in mine[1:]])
                for cut, piece in zip(mine, pieces, strict=False):  # (the last cut: its end)
                    if line[cut] is None:
                        line[cut] = piece
        return ChopsUpdate(chops, spans, [line[1:] for line in cuts])


class PaintedInPart:
    """Screen mixin: its updates paint only what changed (see PaintsWhatChanged)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compositor = PaintsWhatChanged()


class BackdropDrawnOnce:
    """ModalScreen mixin: the screen below, tinted, is drawn once while this one is up.

    A ModalScreen's own lines are the screen below, drawn again through its compositor
    and tinted (Screen.render's BackgroundScreen), at every full repaint of the dialog:
    mounted, shown, its footer's keys, a layout. Opening a dialog on the meeting screen
    drew all of the meeting three times, most of the key's cost. It is drawn again when
    the size, the colours, or what is due a repaint on the screen below change."""

    _backdrop: tuple[tuple[object, ...], list[Strip]] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        app = self.app  # type: ignore[attr-defined]
        below = app._background_screens
        below = below[-1] if below else None
        key = (self.size, self.styles.background, app.theme,  # type: ignore[attr-defined]
               below, frozenset(below._dirty_widgets) if below is not None else None)
        if self._backdrop is None or self._backdrop[0] != key:
            whole = super().render_lines(self.size.region)  # type: ignore[misc, attr-defined]
            self._backdrop = (key, whole)
        lines = self._backdrop[1][crop.y:crop.bottom]
        if crop.column_span != (0, self.size.width):  # type: ignore[attr-defined]
            lines = [line.crop(*crop.column_span) for line in lines]
        return lines


class ScreensGoQuietly:
    """App mixin: a screen taken off the stack (a dialog closed) lays nothing out.

    Textual removes a popped screen like any widget, then lays out its parent's screen
    again, and the app's screen is the one below, unchanged by a dialog over it: closing
    a dialog on the meeting screen laid out and repainted all of it a second time. A
    change made below while the dialog was up asked for its own layout, done as that
    screen is shown again; the mouse's place is looked at again at every repaint."""

    def _prune(self, *nodes: Widget, parent: Any = None) -> Any:
        if parent is self and nodes and all(isinstance(node, Screen) for node in nodes):
            parent = None
        return super()._prune(*nodes, parent=parent)  # type: ignore[misc]


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
        pasted_escapes = PastedEscapes()
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
                    # ("" is the parser's end of input: never feed it what is held back)
                    if text := pasted_escapes(decode(data)):
                        for event in feed(text):
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


def release_styles_caches() -> None:
    """Let go of the StylesCaches of widgets no longer shown (Textual issue #6665): its
    lru_cache on StylesCache.get_inner_outer holds each widget's, with every line it drew,
    until 1024 more were made. A year screen left 20 of them and ~11,000 objects, so the
    garbage collector's full passes, in every screen's first frame, grew longer at each
    screen opened. Whatever is still shown works its two styles out again when drawn."""
    from textual._styles_cache import StylesCache

    StylesCache.get_inner_outer.cache_clear()


def sized_before_mount(app: App[Any], screen: Screen[Any]) -> None:
    """Give a screen not yet mounted the breakpoint classes its first resize would (see
    Screen._on_resize), without styling it: its parts are styled with them as they
    mount."""
    if app.is_mounted(screen):
        return  # styled already: a change of class must restyle it, as Textual does
    width, height = app.size
    classes: dict[str, bool] = {}
    for size, own, apps in ((width, screen.HORIZONTAL_BREAKPOINTS, app.HORIZONTAL_BREAKPOINTS),
                            (height, screen.VERTICAL_BREAKPOINTS, app.VERTICAL_BREAKPOINTS)):
        breakpoints = (apps if own is None else own) or []
        classes.update((name, False) for _, name in breakpoints)
        classes.update((name, True) for name in screen._get_breakpoint_classes(size, breakpoints))
    screen.update_classes(classes, update=False)


class StyledWhenMounted:
    """Screen mixin: its first showing does not style every part again (they were styled
    as they were mounted, a moment before)."""

    _shown_once = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._shown_once:
            self._shown_once = True
            event.refresh_styles = False
        super()._on_screen_resume(event)  # type: ignore[misc]


class QuietFooter(Footer):
    """Textual's Footer, rebuilt only when the keys it would show have changed."""

    _shown: tuple[object, ...] | None = None

    def _keys_shown(self) -> tuple[object, ...]:
        # what Footer.compose draws from: the bindings shown, their keys and state
        app = self.app
        return (self.compact, self.show_command_palette, tuple(
            (binding.key, app.get_key_display(binding), binding.description, binding.action,
             binding.group, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"))

    def compose(self) -> ComposeResult:
        # the keys at once, from the screen's bindings as they are: Textual's Footer has
        # none until the bindings first change, then mounts them and lays the screen out
        # again, and a screen's first frame waited for that (a change after this one still
        # rebuilds it, in recompose)
        self._bindings_ready = True
        self._shown = self._keys_shown()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # its `compact` set before it is mounted: a FooterKey starts compact, then
                # takes the footer's (all but the palette's key, which Footer leaves
                # compact), and each change restyled it
                compact = self.compact or widget.has_class("-command-palette")
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        # as Widget.recompose: not once it or its screen is being taken down (the
        # screen's parts, which its check_action reads, may be gone already)
        if not self.is_attached or self._pruning or self.screen._pruning:
            return
        shown = self._keys_shown()
        if shown == self._shown:
            return
        self._shown = shown
        await super().recompose()


# How long a key held behind another (KeysWaitForEscape) or a thread worker is looked
# at again while settle waits for it: seldom enough that the process looks idle to the
# hold's own wait (Textual's wait_for_idle: under 1 ms of CPU in 20 ms).
_LOOK_AGAIN = 0.005


def _frame_due(screen: Screen[Any]) -> bool:
    # what Screen._on_idle checks before it resumes its update timer (a frame to come)
    return bool(screen._layout_required or screen._scroll_required
                or screen._repaint_required or screen._recompose_required
                or screen._dirty_widgets or screen._callbacks)


async def settle(min_sleep: float = 0, max_sleep: float = 1.0) -> None:
    """For tests: return once the running app has nothing left to do now.

    That is, seen twice in a row: no callback ready on the event loop (a message posted
    wakes its widget's task, a finished sleep or timer its own, so every message queue
    is empty and no message is being handled), no worker running, no key of the
    app's held behind another (KeysWaitForEscape lets them go on its own, when the app
    looks idle to Textual's wait), and no frame due on the screen: one due is painted at
    once, as Pilot.pause does at its end, not up to 1/60 s later by the screen's timer.
    Timers set to fire later (a debounce, the cursor's blink) are not waited for, as
    Textual's own wait did not. At most `max_sleep` seconds, as Textual's own wait
    (`min_sleep` is only for a call from outside a running app, which gets that wait).
    Deterministic: how busy the machine is only makes it take longer.
    """
    from textual._context import active_app
    from textual._wait import wait_for_idle

    app = active_app.get(None)
    if app is None:  # not from within a running app: as Textual would
        await wait_for_idle(min_sleep, max_sleep)
        return
    loop = asyncio.get_running_loop()
    end = loop.time() + max_sleep
    quiet = 0
    while quiet < 2 and loop.time() < end:
        await asyncio.sleep(0)  # one turn of the loop: what was ready has run
        if loop._ready:  # type: ignore[attr-defined]
            quiet = 0
        elif (isinstance(app, KeysWaitForEscape) and app._held) or any(
                worker.is_running for worker in app.workers):
            quiet = 0
            await asyncio.sleep(_LOOK_AGAIN)
        elif not app._batch_count and app.screen_stack and _frame_due(app.screen):
            quiet = 0
            app.screen._on_timer_update()
        else:
            quiet += 1


@contextlib.contextmanager
def settled_pilot() -> Iterator[None]:
    """For tests: Pilot's waits (press, pause, click, ...) are settle, while in here."""
    import textual.app
    import textual.pilot

    waits = textual.app.wait_for_idle, textual.pilot.wait_for_idle
    textual.app.wait_for_idle = textual.pilot.wait_for_idle = settle  # type: ignore[assignment]
    try:
        yield
    finally:
        textual.app.wait_for_idle, textual.pilot.wait_for_idle = waits


@contextlib.contextmanager
def shared_css_parses() -> Iterator[None]:
    """For tests: while in here, a stylesheet's CSS parsed by one app is not parsed again
    by the next (for the same CSS, where it was read from, and the same variables)."""
    from textual.css.stylesheet import Stylesheet

    parse = Stylesheet._parse_rules

    def parse_once(self: Stylesheet, css: str, read_from: Any, is_default_rules: bool = False,
                   tie_breaker: int = 0, scope: str = "") -> Any:
        key = (css, read_from, is_default_rules, tie_breaker, scope,
               tuple(self._variables.items()))
        rules = _PARSED.get(key)
        if rules is None:
            rules = _PARSED[key] = parse(self, css, read_from, is_default_rules,
                                         tie_breaker, scope)
        return rules

    Stylesheet._parse_rules = parse_once  # type: ignore[method-assign]
    try:
        yield
    finally:
        Stylesheet._parse_rules = parse  # type: ignore[method-assign]


_PARSED: dict[tuple[Any, ...], Any] = {}  # shared_css_parses's: rules by what they came from
