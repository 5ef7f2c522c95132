"""Waiting on the app and reading what it shows, for the Pilot and snapshot tests.

Every wait here has a bound and fails saying what it was waiting for: a test that
waits for something that never comes fails in seconds instead of hanging.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import asynccontextmanager

# Generous: the suite runs on every core of a machine others share. A wait that
# succeeds returns as soon as its condition holds; only a failing one takes this long.
WAIT = 10.0


async def wait_until(pilot, condition: Callable[[], object], what: str,
                     timeout: float = WAIT) -> None:
    """Let the app run until `condition()` is true; fail with `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}; the screen is "
                                 f"{type(pilot.app.screen).__name__}")
        await pilot.pause()


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
    """The home screen painted in full: its meetings pane is there and something has focus
    (the first run's 'add your SENCo' form counts: it opens over home at once)."""
    home = app.screen_stack[0]
    return bool(home.query("#meetings")) and app.focused is not None


async def go_to_row(pilot, reached: Callable[[], object], what: str) -> None:
    """Press j until `reached()`; fail naming `what` once every row of the meeting's
    outline has been passed (one press per row, not a hang)."""
    await wait_until(pilot, lambda: meeting_ready(pilot.app), "the meeting screen")
    outline = pilot.app.screen.query_one("#outline")
    for _ in range(outline.option_count):
        if reached():
            return
        await pilot.press("j")
    if reached():
        return
    ids = [outline.get_option_at_index(i).id for i in range(outline.option_count)]
    raise AssertionError(f"{what} is not in the meeting's outline: {ids}")


async def go_to_question(pilot, question_id: str) -> None:
    """Press j until the question is the highlighted one (see go_to_row)."""
    target = f"q:{question_id}"
    await go_to_row(pilot, lambda: highlighted_row(pilot.app) == target,
                    f"question {question_id!r}")


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


@asynccontextmanager
async def running(app, *, size: tuple[int, int] = (120, 40),
                  ready: Callable[[object], bool] = home_ready, what: str = "the home screen"):
    """Run `app` headless at `size` and yield its pilot once `ready(app)` holds."""
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: ready(app), what)
        yield pilot
