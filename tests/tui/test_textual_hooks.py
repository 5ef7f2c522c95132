"""The private Textual hooks (senco_tui/tui/textual_hooks.py) were checked against one
Textual minor version; on any other this fails, naming the hooks to check again."""

from __future__ import annotations

from collections import deque
from importlib.metadata import version

from senco_tui.tui import textual_hooks


def test_textual_is_the_minor_version_the_hooks_were_checked_against():
    installed = tuple(int(part) for part in version("textual").split(".")[:2])
    assert installed == textual_hooks.CHECKED_MINOR, (
        f"Textual {version('textual')} is installed, but the private hooks in "
        f"senco_tui/tui/textual_hooks.py were checked against "
        f"{'.'.join(map(str, textual_hooks.CHECKED_MINOR))}: re-check "
        f"{', '.join(textual_hooks.HOOKS)} against the new source, then raise CHECKED_MINOR")


def test_each_hook_still_finds_what_it_overrides():
    # the private names the hooks call into exist in the installed Textual
    from textual._compositor import Compositor
    from textual._styles_cache import StylesCache
    from textual.app import App
    from textual.css.stylesheet import Stylesheet
    from textual.dom import DOMNode
    from textual.events import ScreenResume
    from textual.screen import Screen
    from textual.scroll_view import ScrollView
    from textual.widget import Widget
    from textual.widgets import Footer, OptionList
    from textual.widgets._footer import FooterKey
    from textual.widgets.option_list import Option

    for owner, name in [(OptionList, "_line_cache"), (Widget, "_size_updated"),
                        (OptionList, "_option_render_cache"), (OptionList, "_get_visual"),
                        (OptionList, "_clear_caches"), (OptionList, "_get_left_gutter_width"),
                        (Option, "_set_prompt"),
                        (OptionList, "_update_lines"), (OptionList, "_get_option_render"),
                        (OptionList, "_mouse_hovering_over"),
                        (OptionList, "_on_click"), (ScrollView, "_scroll_update"),
                        (App, "_handle_exception"), (App, "_exit_renderables"),
                        (App, "error_console"), (DOMNode, "_pruning"),
                        (Footer, "_bindings_ready"), (FooterKey, "compact"),
                        (StylesCache, "get_inner_outer"), (StylesCache, "_cache"),
                        (StylesCache, "_dirty_lines"), (Widget, "_render_content"),
                        (Widget, "_render_cache"), (Widget, "_vertical_scrollbar"),
                        (App, "_start_widget"), (App, "_background_screens"),
                        (Screen, "_dirty_widgets"), (Screen, "_on_screen_resume"),
                        (ScreenResume, "refresh_styles"),
                        (Screen, "_get_breakpoint_classes"), (Screen, "_compositor"),
                        (Compositor, "_dirty_regions"), (Compositor, "_regions_to_spans"),
                        (Compositor, "cuts"), (Compositor, "visible_widgets"),
                        # settle (the tests' waits)
                        (Screen, "_on_timer_update"), (Widget, "_layout_required"),
                        (Widget, "_scroll_required"), (Widget, "_repaint_required"),
                        (Widget, "_recompose_required"), (Screen, "_callbacks"),
                        (App, "_batch_count"),
                        # shared_css_parses (the tests' stylesheets)
                        (Stylesheet, "_parse_rules"), (Stylesheet, "_variables")]:
        assert hasattr(owner, name) or name in owner.__init__.__code__.co_names, (
            f"{owner.__name__}.{name} is gone: see senco_tui/tui/textual_hooks.py")


def test_the_tests_waits_replace_the_wait_pilot_uses():
    import asyncio

    import textual.app
    import textual.pilot
    from textual.app import App
    from textual.pilot import Pilot

    # Pilot's waits call these module names, which settled_pilot (tests/tui/conftest.py)
    # points at settle
    for method in (Pilot.pause, Pilot.wait_for_scheduled_animations, App._press_keys):
        assert "wait_for_idle" in method.__code__.co_names, method.__qualname__
    assert textual.pilot.wait_for_idle is textual.app.wait_for_idle is textual_hooks.settle
    loop = asyncio.new_event_loop()
    assert isinstance(loop._ready, deque)
    loop.close()


def test_the_terminal_and_key_hooks_still_find_what_they_use():
    """Not a substitute for reading them: a net for the ones that vanished or moved."""
    import inspect

    from textual._xterm_parser import XTermParser
    from textual.app import App
    from textual.drivers.linux_driver import LinuxDriver
    from textual.widget import Widget

    assert "alt" in inspect.signature(XTermParser._sequence_to_key_events).parameters
    for name in ("run_input_thread", "_sigtstp_application", "_sigcont_application",
                 "stop_application_mode", "close", "write", "start_application_mode"):
        assert callable(getattr(LinuxDriver, name)), f"LinuxDriver.{name} is gone"
    driver_init = inspect.getsource(LinuxDriver.__init__)
    assert "self._file = " in driver_init and "self.exit_event" in driver_init
    assert "WriterThread(self._file)" in inspect.getsource(LinuxDriver.start_application_mode)
    assert "_check_bindings" in inspect.getsource(App._on_key)
    assert "call_later" in inspect.getsource(Widget.focus)
    # ScreensGoQuietly: a screen removed lays out its parent's screen, the parent passed
    assert "parent.refresh(layout=True)" in inspect.getsource(App._prune)
    assert "parent=self._parent" in inspect.getsource(Widget.remove)
