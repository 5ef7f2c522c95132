"""Text that is safe to put on a terminal: the one function every output goes through.

A name, a note or a checklist line can hold bytes a terminal obeys rather than
shows: ESC starts a sequence that sets the window title, clears the screen or
writes the clipboard (OSC 52); C1 codes such as U+009B do the same on some
terminals; bidi overrides and isolates (U+202A-202E, U+2066-2069) make text
display in an order other than the one it is in. They are removed. Newline and
tab stay where several lines belong. LRM, RLM and ALM (U+200E, U+200F, U+061C)
stay: they only settle the direction of neutral characters such as punctuation,
cannot reorder letters, and right-to-left names need them.

A lone surrogate (a file name that is not UTF-8) becomes U+FFFD, or printing it
would fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TextIO

# C0 controls but tab and newline, DEL, C1 controls, bidi embeddings, overrides and
# isolates, line and paragraph separators, lone surrogates
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                     "\u2028\u2029\ud800-\udfff]")
_BREAKS = re.compile("\r\n|[\t\n\r\u2028\u2029]")


def _replace(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\r\u2028\u2029":  # terminals paste line ends as CR
        return "\n"
    if "\ud800" <= char <= "\udfff":
        return "\ufffd"
    return ""


def safe_text(text: str, *, multiline: bool = False) -> str:
    """`text` with nothing a terminal would obey; on one line unless `multiline`.

    multiline keeps newlines and tabs (a CR, CRLF or line separator becomes a newline);
    otherwise each of them becomes a space.
    """
    if not multiline:
        text = _BREAKS.sub(" ", text)
    if _UNSAFE.search(text) is None:  # the usual case, and the fastest
        return text
    return _UNSAFE.sub(_replace, text.replace("\r\n", "\n"))


def is_safe(text: str) -> bool:
    """Whether `text` holds nothing safe_text(multiline=True) would change."""
    return _UNSAFE.search(text) is None


def json_safe(text: str) -> str:
    """JSON text with every unsafe character inside its strings written as \\uXXXX.

    The data stay exact for a program reading it; a terminal shows only the escape.
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class SafeStream:
    """A text stream whose writes go through safe_text (multiline): for the CLI's
    stdout and stderr, so no command can print what a terminal would obey."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(safe_text(text, multiline=True))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
