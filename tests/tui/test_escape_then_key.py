"""Esc then a key, typed quickly, is Esc then the key: never alt+key typed into a field.

A terminal without kitty's keyboard protocol (tmux, most of them) sends Esc as a lone
ESC byte; Esc then `j` within Textual's ESCDELAY (100 ms, longer under load) arrives as
ESC j in one read, which Textual reads as alt+j, character "j". The tests feed such
bytes through the parser the app's driver uses, and the driver's own message path.
"""

from __future__ import annotations

import contextlib
import threading

import pytest
from textual.widgets import Input
from tui_helpers import meeting_ready, wait_until
from tui_seed import TODAY, seed, type_text

from senco_tui.store import Store
from senco_tui.tui.app import SencoApp
from senco_tui.tui.meeting.rows import QuestionRow
from senco_tui.tui.screens.forms import ActionDialog
from senco_tui.tui.textual_hooks import SHOWN_ESC, EscapeThenKeyParser, PastedEscapes


def keys(data: str) -> list[tuple[str, str | None]]:
    parser = EscapeThenKeyParser()
    return [(e.key, e.character) for e in [*parser.feed(data), *parser.feed("")]]


@pytest.mark.parametrize(("sent", "expected"), [
    ("\x1bj", [("escape", "\x1b"), ("j", "j")]),
    ("\x1bJ", [("escape", "\x1b"), ("J", "J")]),
    ("\x1b1", [("escape", "\x1b"), ("1", "1")]),  # Textual: "¡" typed into the notes
    ("\x1b\x7f", [("escape", "\x1b"), ("backspace", "\x7f")]),  # Textual: ctrl+w, a word gone
    ("\x1bb", [("escape", "\x1b"), ("b", "b")]),  # Textual: ctrl+left
    ("\x1b ", [("escape", "\x1b"), ("space", " ")]),
    ("\x1b[", [("escape", "\x1b"), ("left_square_bracket", "[")]),  # after ESCDELAY
    ("\x1bO", [("escape", "\x1b"), ("O", "O")]),
    ("\x1b", [("escape", "\x1b")]),
    ("\x1b\x1b", [("escape", "\x1b"), ("escape", "\x1b")]),
    ("j\x1bk", [("j", "j"), ("escape", "\x1b"), ("k", "k")]),
])
def test_an_escape_then_a_key_read_together_are_both_keys(sent, expected):
    assert keys(sent) == expected


@pytest.mark.parametrize(("sent", "expected"), [
    ("\x1b[A", [("up", None)]),
    ("\x1bOP", [("f1", None)]),
    ("\x1b[27u", [("escape", None)]),  # kitty's protocol: unambiguous already
    ("\x1b[106;3u", [("alt+j", None)]),  # a real alt+j there stays one (and types nothing)
])
def test_sequences_that_are_keys_of_their_own_are_unchanged(sent, expected):
    assert keys(sent) == expected


def send(app, data: str) -> None:
    """Bytes as the terminal sends them in one read, parsed and delivered as the driver
    does: all of them before the app handles any."""
    parser = EscapeThenKeyParser()
    for event in [*parser.feed(data), *parser.feed("")]:
        app._driver.process_message(event)


async def from_terminal(pilot, data: str) -> None:
    send(pilot.app, data)
    await pilot.pause()


async def at_first_question(pilot):
    await ready(pilot)
    screen = pilot.app.screen
    for _ in range(len(screen.outline.rows)):
        if isinstance(screen.current, QuestionRow):  # past the carried items
            break
        await pilot.press("j")
    return screen, screen.current.view.question.id


def notes(paths) -> dict[str, str]:
    with Store.open(paths.data_dir) as store:
        senco = store.find_senco("Jane Smith")
        meeting = store.find_meeting(senco.id, "2026/27", "autumn-2")
        return {q: a.notes for q, a in store.answers(meeting.id).items()}


async def test_esc_then_j_in_the_notes_leaves_the_editor_then_moves_on(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "autumn-2"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen, first = await at_first_question(pilot)
        await pilot.press("e")
        await type_text(pilot, "Simplified")
        await from_terminal(pilot, "\x1bj")  # Esc, then j within ESCDELAY
        await wait_until(pilot, lambda: screen.current.view.question.id != first, "j to move on")
        assert app.focused.id == "outline"
        await pilot.press("e")
        await type_text(pilot, "Next one")  # typed where the user now is
        await from_terminal(pilot, "\x1b1")  # Esc, then 1 (green) at once
        await wait_until(pilot, lambda: screen.current.view.answer.status == "green", "green")
        second = screen.current.view.question.id
    saved = notes(paths)
    assert saved[first] == "Simplified"
    assert saved[second] == "Next one"


async def test_esc_then_j_in_an_action_field_closes_the_dialog_then_moves_on(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "autumn-2"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen, first = await at_first_question(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, ActionDialog)
        await type_text(pilot, "Call")
        field = app.focused
        assert isinstance(field, Input)
        await from_terminal(pilot, "\x1bj")
        await wait_until(pilot, lambda: screen.current.view.question.id != first, "j to move on")
        assert app.screen is screen  # the dialog is closed (nothing added)
        assert field.value == "Call"  # no j typed into it


def test_in_a_real_terminal_esc_and_j_sent_at_once(tmp_path):
    """tmux sends Escape and j in one write: the notes keep no j, and j moves on."""
    from test_terminal_close import Tmux, all_notes, app_command, new_store, type_notes

    data, config = tmp_path / "data", tmp_path / "config"
    new_store(data)
    tmux = Tmux(tmp_path)
    try:
        tmux.start("w", app_command(data, config))
        type_notes(tmux, "w", "Simplified")
        assert "question 1 of" in tmux.screen("w")
        tmux("send-keys", "-t", "w", "Escape", "j")
        tmux.wait_for("w", "question 2 of")  # j moved on
    finally:
        tmux.kill_server()  # the window closes: what is on screen is saved
    assert all_notes(data) == ["Simplified"]  # no j in them


PASTE = "\x1b[200~AAA \x1b]0;t\x07 BBB \x1b[2J CCC\x1b[201~"


@pytest.mark.parametrize("split", [0, 3, 6, 12, 14, len(PASTE) - 3, len(PASTE) - 1])
def test_an_escape_inside_a_paste_is_text_of_it_in_its_place(split):
    """Textual's parser read an ESC inside a paste as a key sequence and sent it as keys
    ahead of the paste: "AAA <ESC>]0;t BBB" was saved "^]0;t BBBAAA ". In however many
    reads the paste comes, it is one paste, in order."""
    escapes, parser = PastedEscapes(), EscapeThenKeyParser()
    events = [event for part in (PASTE[:split], PASTE[split:], "j")
              if (text := escapes(part)) for event in parser.feed(text)]
    events += parser.feed("")
    assert [type(e).__name__ for e in events] == ["Paste", "Key"]
    assert events[0].text == f"AAA {SHOWN_ESC}]0;t\x07 BBB {SHOWN_ESC}[2J CCC"
    assert events[1].key == "j"


def test_in_a_real_terminal_a_paste_holding_escapes_keeps_its_order(tmp_path):
    from test_terminal_close import (
        Tmux,
        all_notes,
        app_command,
        gone_within,
        new_store,
        type_notes,
    )

    data, config = tmp_path / "data", tmp_path / "config"
    new_store(data)
    tmux = Tmux(tmp_path)
    try:
        pid = tmux.start("w", app_command(data, config))
        type_notes(tmux, "w", "Start")
        tmux("set-buffer", " AAA \x1b]0;t\x07 BBB \x1b[2J CCC")
        tmux("paste-buffer", "-p", "-t", "w")
        tmux.wait_for("w", "CCC")
    finally:
        tmux.kill_server()  # the window closes: what is on screen is saved
    assert gone_within(pid, 5), "the app did not end"  # it saves as it closes
    [notes] = all_notes(data)
    assert notes.startswith("Start AAA ") and notes.endswith(" BBB ␛[2J CCC")


async def ready(pilot) -> None:
    await wait_until(pilot, lambda: meeting_ready(pilot.app), "the meeting screen")


async def test_words_typed_right_behind_e_go_into_the_notes(paths):
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "autumn-2"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen, first = await at_first_question(pilot)
        status = screen.current.view.status
        # e and the words in one read, as a fast typist's keys come: none of them is a
        # command (j would move, 1 would rate, a would add an action)
        await from_terminal(pilot, "ej1a done")
        await wait_until(pilot, lambda: screen.editor.text.endswith("j1a done"), "the notes")
        assert screen.current.view.question.id == first and app.focused is screen.editor
        assert screen.current.view.status == status
        # a dialog too: a and the action's words
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.focused is screen.outline, "the outline")
        await from_terminal(pilot, "aBook the EP")
        await wait_until(pilot, lambda: isinstance(app.screen, ActionDialog), "the dialog")
        await wait_until(pilot, lambda: app.screen.query_one("#text").value == "Book the EP",
                         "the action's words in its field")


async def test_a_burst_from_the_last_carried_item_lands_in_the_first_questions_notes(paths):
    from senco_tui.tui.meeting.rows import CarriedRow

    seed(paths, autumn_2=True)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "autumn-2"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = app.screen
        last = [row for row in screen.outline.rows if isinstance(row, CarriedRow)][-1]
        screen.jump_to(last.id)
        await pilot.pause()
        states = {row.item.key: row.item.state for row in screen.outline.rows
                  if isinstance(row, CarriedRow)}
        # j to the first question, e, the words (an x and a d in them), Esc: all in one read
        await from_terminal(pilot, "jeText with x and d in it.\x1b")
        await wait_until(pilot, lambda: app.focused is screen.outline, "the outline again")
        first = screen.current.view.question.id
        await wait_until(pilot, lambda: notes(paths).get(first) == "Text with x and d in it.",
                         "the words saved in the first question's notes")
        # no key of the words acted on the carried items
        assert {row.item.key: row.item.state for row in screen.outline.rows
                if isinstance(row, CarriedRow)} == states


async def test_an_escape_that_does_nothing_lets_the_next_key_go_once_the_app_is_idle(
        paths, monkeypatch):
    """Esc on the outline moves no focus and closes nothing: the keys behind it go as soon
    as it has acted (the app idle), not at the hold's far limit (made 60 s here)."""
    from senco_tui.tui.textual_hooks import KeysWaitForEscape

    monkeypatch.setattr(KeysWaitForEscape, "HOLD_AT_MOST", 60.0)
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "autumn-2"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen, first = await at_first_question(pilot)
        assert app.focused is screen.outline
        await from_terminal(pilot, "\x1bj")  # escape, then j, in one read
        await wait_until(pilot, lambda: screen.current.view.question.id != first,
                         "j, behind the escape, to move on")


@contextlib.contextmanager
def never_idle():
    """The app's process kept busy (as on a loaded machine): it never looks idle, so only
    the hold's bound lets held keys go, and each key is slow to be handled."""
    done = threading.Event()

    def spin() -> None:
        while not done.is_set():
            sum(range(2000))

    thread = threading.Thread(target=spin, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


async def test_keys_behind_a_slow_key_wait_until_it_has_acted(paths, monkeypatch):
    """Under load a key can take longer than the hold's bound just to be handled. The
    bound ran from its arrival, so the keys behind `e` went to the outline it was leaving:
    the n of "note 2", typed straight after Esc j e, was lost. It now runs from when the
    key has acted (made 10 ms here, with the app never idle)."""
    from senco_tui.tui.textual_hooks import KeysWaitForEscape

    monkeypatch.setattr(KeysWaitForEscape, "HOLD_AT_MOST", 0.01)
    seed(paths)
    app = SencoApp(paths, today=TODAY, meet=("Jane Smith", "2026/27", "autumn-2"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen, first = await at_first_question(pilot)
        await pilot.press("e")
        await type_text(pilot, "note 1")
        asked = [first]
        with never_idle():
            for n in range(2, 5):  # each burst alone lost the n most times, not every time
                send(app, f"\x1bjenote {n}")
                await wait_until(pilot, lambda n=n: app.focused is screen.editor
                                 and screen.editor.text.endswith(f" {n}"), f"note {n}",
                                 every=0.01)  # (an idle wait would never end)
                assert screen.editor.text == f"note {n}"
                asked.append(screen.current.view.question.id)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.focused is screen.outline, "the outline")
    saved = notes(paths)
    assert [saved.get(q) for q in asked] == ["note 1", "note 2", "note 3", "note 4"]
