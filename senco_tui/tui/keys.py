"""Keys described once: the footer, the help screen and the command palette all read a
screen's BINDINGS (their tooltips say what each does); nothing is written twice."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.actions import parse
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.widget import Widget


def _bindings(node: Widget | type[Widget]) -> Iterator[Binding]:
    for b in node.BINDINGS:
        if isinstance(b, Binding):
            yield b


def key_display(app: App[object], binding: Binding) -> str:
    return binding.key_display or " or ".join(
        app.get_key_display(Binding(k, "")) for k in binding.key.split(","))


def key_rows(app: App[object], *nodes: Widget | type[Widget]) -> list[tuple[str, str]]:
    """(keys, what they do) for every described binding of `nodes`, once each."""
    rows: list[tuple[str, str]] = []
    for node in nodes:
        for b in _bindings(node):
            words = b.tooltip or b.description
            if words and (key_display(app, b), words) not in rows:  # one key, two wordings
                rows.append((key_display(app, b), words))
    return rows


def palette_commands(app: App[object], node: Widget) -> Iterator[SystemCommand]:
    """Each described binding of `node` that applies now, as a palette command."""
    seen = set()
    for b in _bindings(node):
        words = b.tooltip or b.description
        if not words or words in seen:
            continue
        namespace, name, params = parse(b.action)
        if not namespace and node.check_action(name, params) is False:
            continue  # e.g. "Add an action" while a carried item is shown
        seen.add(words)
        yield SystemCommand(words, f"key: {key_display(app, b)}",
                            partial(node.run_action, b.action))
