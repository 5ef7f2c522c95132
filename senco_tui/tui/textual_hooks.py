"""Every private Textual hook the app relies on, in one place.

Checked against Textual 8.2 (pyproject pins textual>=8.2,<8.3). A new minor version may
rename or change any of these: tests/tui/test_textual_hooks.py fails on another minor
version, naming this file. Re-check each hook below against the new source, then raise
CHECKED_MINOR.

Each hook, what it uses of Textual's internals, and why:

- FixedHeight.refresh (Widget.refresh(layout=...), show_vertical_scrollbar, virtual_size):
  new content in a widget whose height the stylesheet fixes needs no layout of the
  screen, which reflows everything on every j/k.
- QuickHighlight.watch_highlighted (OptionList._line_cache: index_to_line, heights;
  refresh_lines): moving the highlight repaints two lines, not the whole outline.
- QuickHighlight._size_updated (Widget._size_updated, _size): every layout hands an
  OptionList its own height as the virtual size and repaints its scrollbar; skipped
  when nothing changed.
- SingleClick._on_click (OptionList._on_click, event.style.meta["option"], _options): one
  click selects (as j/k do), a double click selects and edits, so a status key after a
  click rates the question instead of typing into its notes.
- set_virtual_size (Widget.set_reactive(virtual_size), ScrollView._scroll_update): a
  scroll view's scrollable height changes without the reactive's layout of the screen.
- report_crash (called from SencoApp._handle_exception, which overrides
  App._handle_exception; App._exit_renderables, App.error_console): a crash's traceback
  holds names and notes, so the terminal gets one line naming a private crash file
  instead, unwrapped so its path can be copied.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.events import Click
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import OptionList

CHECKED_MINOR = (8, 2)
HOOKS = ("FixedHeight.refresh", "QuickHighlight.watch_highlighted",
         "QuickHighlight._size_updated", "SingleClick._on_click", "set_virtual_size",
         "report_crash")


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


class QuickHighlight(OptionList):
    """An OptionList whose highlight moves by repainting the two lines concerned."""

    highlighted: reactive[int | None] = reactive(None, repaint=False)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:  # type: ignore[override]
        super().watch_highlighted(new)
        for index in (old, new):
            line = self._line_cache.index_to_line.get(index) if index is not None else None
            if line is not None:
                self.refresh_lines(line, self._line_cache.heights.get(index, 1))

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
