"""The command palette on the meeting screen: "Jump to question…" and the questions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content


@runtime_checkable
class JumpTargets(Protocol):
    """A screen whose items can be jumped to: (label, more words, go there)."""

    def jump_targets(self) -> Iterator[tuple[str, str, Callable[[], None]]]: ...


WORDS_FOUND = 1000.0  # above any fuzzy score (Textual's are not bounded by 1)


def word_rank(query: str, label: str) -> float:
    """How well `label` matches the typed words: WORDS_FOUND and more when each word is
    in it as typed (more at the start of words), 0 when not. Scattered-letter (fuzzy)
    matches rank below all of these."""
    words = query.lower().split()
    text = label.lower()
    if not words or not all(word in text for word in words):
        return 0.0
    starts = sum(1 for word in words if re.search(r"\b" + re.escape(word), text))
    return WORDS_FOUND + 100 * starts / len(words)


def highlight_words(matcher: Matcher, label: str) -> Content:
    """The label (as plain text, never markup) with the typed words marked."""
    content = Content(label)
    for word in matcher.query.split():
        for found in re.finditer(re.escape(word), label, re.IGNORECASE):
            content = content.stylize(matcher.match_style, found.start(), found.end())
    return content


class QuestionHits(Provider):
    """The questions (and carried items), by section title and words typed."""

    def _targets(self) -> Iterator[tuple[str, str, Callable[[], None]]]:
        screen = self.screen
        if isinstance(screen, JumpTargets):
            yield from screen.jump_targets()

    def _hits(self, query: str) -> Iterator[Hit]:
        matcher = self.matcher(query)
        for order, (label, more, callback) in enumerate(self._targets()):
            # the words in what is shown first; then in the probes and hint
            if score := word_rank(query, label) or max(word_rank(query, more) - 200, 0):
                # checklist order among equal matches
                yield Hit(score - order * 1e-3, highlight_words(matcher, label), callback)
            elif score := matcher.match(label):
                yield Hit(min(score, WORDS_FOUND / 2), Content(label), callback)

    async def discover(self) -> Hits:
        for label, _, callback in self._targets():
            yield DiscoveryHit(label, callback)

    async def search(self, query: str) -> Hits:
        for hit in self._hits(query):
            yield hit


class JumpToQuestion(QuestionHits):
    """Command palette: one "Jump to question…" entry until something is typed, then
    the questions (and carried items) matching the typed words.

    Listing every question in the empty palette pushed Export, Help and Theme out of sight.
    """

    LABEL = "Jump to question…"

    def _choose(self) -> None:
        from textual.command import CommandPalette

        # a palette of the questions alone, for browsing or typing
        self.app.push_screen(CommandPalette(providers=[QuestionHits],
                                            placeholder="Type words from the question…"))

    async def discover(self) -> Hits:
        if isinstance(self.screen, JumpTargets):
            yield DiscoveryHit(self.LABEL, self._choose,
                               help="Type words from a question to go straight to it")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        if isinstance(self.screen, JumpTargets):
            if word_rank(query, self.LABEL):
                yield Hit(2 * WORDS_FOUND, highlight_words(matcher, self.LABEL), self._choose)
            elif score := matcher.match(self.LABEL):
                yield Hit(min(score, WORDS_FOUND / 2), Content(self.LABEL), self._choose)
        for hit in self._hits(query):
            yield hit
