"""Waiting on the app and reading what it shows, for the Pilot and snapshot tests.

Every wait here has a bound and fails saying what it was waiting for: a test that
waits for something that never comes fails in seconds instead of hanging.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from contextlib import asynccontextmanager

# Generous: the suite runs on every core of a machine others share. A wait that
# succeeds returns as soon as its condition holds; only a failing one takes this long.
WAIT = 10.0
# How often a wait looks again at what it waits for, once the app is idle without it.
LOOK_AGAIN = 0.01


async def wait_until(pilot, condition: Callable[[], object], what: str,
                     timeout: float = WAIT, every: float | None = None) -> None:
    """Let the app run until `condition()` is true; fail with `what` after `timeout` s.
    every: look again after that many seconds, not when the app is next idle (for an app
    kept busy, which is never idle)."""
    deadline = time.monotonic() + timeout
    looked = False
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}; the screen is "
                                 f"{type(pilot.app.screen).__name__}")
        if looked and every is None:
            # the app had nothing left to do, and it is still to come (a timer, a thread,
            # another process): look again shortly, not in a busy loop
            await asyncio.sleep(LOOK_AGAIN)
        await pilot.pause(every)
        looked = True


def app_started(app) -> bool:
    """Start-up is over: the first screen the app settles on is up and taking keys (home
    painted, the meeting asked for with meet=, or the form, error or problems screen it
    opened instead)."""
    from senco_tui.tui.screens.home import HomeScreen

    screen = app.screen
    if app.focused is None or app.focused.screen is not screen:
        return False
    if isinstance(screen, HomeScreen):
        return bool(screen.query("#meetings")) and app.meet is None
    if screen.query("#outline"):
        return meeting_ready(app)
    return True


async def started(pilot) -> None:
    """Wait, bounded, for the app's start-up (see app_started)."""
    await wait_until(pilot, lambda: app_started(pilot.app), "the app to start")


async def screen_open(pilot, kind: type) -> None:
    """Wait until a screen of this class is on top with one of its widgets focused."""
    def ready() -> bool:
        app = pilot.app
        return (isinstance(app.screen, kind) and app.focused is not None
                and app.focused.screen is app.screen)
    await wait_until(pilot, ready, f"a {kind.__name__} screen taking keys")


async def back_to(pilot, screen) -> None:
    """Wait until this very screen is on top again with one of its widgets focused (a
    dialog closed, back from a meeting)."""
    def ready() -> bool:
        app = pilot.app
        return (app.screen is screen and app.focused is not None
                and app.focused.screen is screen)
    await wait_until(pilot, ready, f"the {type(screen).__name__} screen to be back")


def shown(screen, selector: str) -> str:
    """The plain text a Static (or the meeting's question text) shows."""
    from textual.widgets import Static

    widget = screen.query_one(selector)
    if isinstance(widget, Static):
        return str(widget.render())
    return widget.plain


def _content(widget) -> str | None:
    for name in ("text", "value"):  # TextArea, Input
        if isinstance(getattr(widget, name, None), str):
            return getattr(widget, name)
    return None


async def paste(pilot, text: str) -> None:
    """Paste `text` in one event, as the terminal's driver sends it: to the app, which
    gives it to the focused widget (posted to that widget itself, it would be inserted
    twice). Waits, bounded, until the focused editor or field has changed."""
    from textual import events

    app = pilot.app
    target = app.focused
    before = _content(target)
    app.post_message(events.Paste(text))
    await wait_until(pilot, lambda: _content(target) != before,
                     f"the paste of {text!r} into {type(target).__name__}")


async def palette_search(pilot, query: str) -> list[str]:
    """Type (paste) `query` into the open command palette; its hits once it has finished
    searching for them (seen in the palette's own messages: the input changed to `query`,
    then a search worker done)."""
    from textual.command import CommandPalette
    from textual.widgets import Input
    from textual.worker import Worker, WorkerState

    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette), palette
    seen: list[str | None] = []  # the query typed, or None: a search has finished

    def record(message) -> None:
        if isinstance(message, Input.Changed):
            seen.append(message.value.strip())
        elif isinstance(message, Worker.StateChanged) and message.state == WorkerState.SUCCESS:
            seen.append(None)

    def searched() -> bool:
        typed = [i for i, value in enumerate(seen) if value == query.strip()]
        return bool(typed) and None in seen[typed[-1]:]

    palette.message_signal.subscribe(palette, record, immediate=True)
    try:
        await paste(pilot, query)
        await wait_until(pilot, searched, f"the palette to search for {query!r}")
    finally:
        palette.message_signal.unsubscribe(palette)
    return palette_hits(palette)


def palette_hits(palette) -> list[str]:
    from textual.command import CommandList

    hits = palette.query_one(CommandList)
    return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]


async def open_palette(pilot) -> list[str]:
    """ctrl+p on the current screen; the palette's list once it has one."""
    from textual.command import CommandPalette

    await pilot.press("ctrl+p")
    await screen_open(pilot, CommandPalette)
    palette = pilot.app.screen
    await wait_until(pilot, lambda: palette.has_class("-ready"), "the palette's first list")
    return palette_hits(palette)


def highlighted_row(app) -> str | None:
    """The id of the meeting outline's highlighted row: 'q:<question id>',
    'carried:<key>' (None when no meeting is on screen or nothing is highlighted)."""
    outlines = app.screen.query("#outline")
    if not outlines:
        return None
    option = outlines.first().highlighted_option
    return option.id if option is not None else None


def meeting_ready(app) -> bool:
    """A meeting on screen, its current item shown and the outline taking keys."""
    screen = app.screen
    return (highlighted_row(app) is not None and bool(screen.query_one("#question").plain)
            and app.focused is screen.query_one("#outline"))


def home_ready(app) -> bool:
    """The home screen painted in full: its meetings pane is there and filled in, and
    something has focus (the first run's 'add your SENCo' form counts: it opens over home
    at once)."""
    home = app.screen_stack[0]
    info = home.query("#senco-info")
    # the pane is in the DOM before its first fill: #senco-info is blank until then
    return bool(info) and bool(str(info.first().render())) and app.focused is not None


async def go_to_row(pilot, reached: Callable[[], object], what: str) -> None:
    """Press j until `reached()`, then (j stops at the last row) k up to the first; fail
    naming `what` once every row of the meeting's outline has been passed (one press per
    row, not a hang)."""
    await wait_until(pilot, lambda: meeting_ready(pilot.app), "the meeting screen")
    outline = pilot.app.screen.query_one("#outline")
    for key, step in (("j", 1), ("k", -1)):
        for _ in range(outline.option_count):
            if reached():
                return
            before = outline.highlighted
            ahead = (range(before + 1, outline.option_count) if step > 0
                     else range(before - 1, -1, -1))
            if all(outline.get_option_at_index(i).disabled for i in ahead):
                break  # the last (or first) row: j (or k) stays on it
            await pilot.press(key)
            try:  # (a key held behind one that opened nothing comes up to a second late)
                await wait_until(pilot, lambda before=before: outline.highlighted != before
                                 or reached(), f"{key} to move", timeout=2)
            except AssertionError:
                break  # the last (or first) row
    if reached():
        return
    ids = [outline.get_option_at_index(i).id for i in range(outline.option_count)]
    raise AssertionError(f"{what} is not in the meeting's outline: {ids}")


async def go_to_question(pilot, question_id: str) -> None:
    """Press j until the question is the highlighted one (see go_to_row)."""
    target = f"q:{question_id}"
    await go_to_row(pilot, lambda: highlighted_row(pilot.app) == target,
                    f"question {question_id!r}")


async def jump_to(pilot, row_id: str) -> None:
    """Show the meeting's row `row_id` ('q:<question id>', 'carried:<key>') as the
    palette's jump does, with no key per row in between; wait until it is shown."""
    from senco_tui.tui.meeting.rows import QuestionRow

    app = pilot.app
    screen = app.screen
    screen.jump_to(row_id)

    def there() -> bool:
        row = screen.current
        if highlighted_row(app) != row_id or not meeting_ready(app):
            return False
        return not isinstance(row, QuestionRow) or \
            screen.editor.question_id == row.view.question.id

    await wait_until(pilot, there, f"the meeting to show {row_id}")


def record_notices(app) -> list[str]:
    """Every message the app shows as a notification (toast) from now on, in order.

    Wraps the app's public `notify` (screens' and widgets' notify go through it), so
    a test sees what the user was told without reading Textual's private state, even
    after the toast has timed out.
    """
    seen: list[str] = []
    notify = app.notify

    def recording(message, *args, **kwargs):
        seen.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = recording
    return seen


def meeting(paths, senco: str = "Jane Smith", year: str | None = None,
            half_term: str | None = None, *, size: tuple[int, int] = (120, 40), **kwargs):
    """Run the app straight into `senco`'s meeting (today's half-term unless `year` and
    `half_term` say which): `async with meeting(paths) as pilot:`, once it is ready."""
    from tui_seed import TODAY

    from senco_tui.tui.app import SencoApp

    kwargs.setdefault("today", TODAY)
    app = SencoApp(paths, meet=(senco, year, half_term), **kwargs)
    return running(app, size=size, ready=meeting_ready, what=f"{senco}'s meeting")


def home(paths, *, size: tuple[int, int] = (120, 40), **kwargs):
    """Run the app on its home screen: `async with home(paths) as pilot:`, once painted."""
    from tui_seed import TODAY

    from senco_tui.tui.app import SencoApp

    kwargs.setdefault("today", TODAY)
    return running(SencoApp(paths, **kwargs), size=size)


@asynccontextmanager
async def running(app, *, size: tuple[int, int] = (120, 40),
                  ready: Callable[[object], bool] = home_ready, what: str = "the home screen"):
    """Run `app` headless at `size` and yield its pilot once `ready(app)` holds."""
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: ready(app), what)
        yield pilot
