"""The command palette's search of what was written: every note, action and update, as
`senco-tui search` finds them (senco_tui/search.py). Choosing a hit opens its meeting at
its question. On a meeting or the year screen it searches that SENCo's meetings; on
home, every SENCo's."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from senco_tui.tui.meeting.palette import WORDS_FOUND, highlight_words

if TYPE_CHECKING:
    from senco_tui import search
    from senco_tui.tui.app import SencoApp

SHOWN = 20  # hits offered at once
SCORE = WORDS_FOUND * 0.6  # below a question whose own words match, above fuzzy commands
KINDS = {"notes": "Notes", "action": "Action", "update": "Update"}


class NotesSearch(Provider):
    LABEL = "Search notes and actions…"

    def _senco_id(self) -> int | None:
        from senco_tui.tui.meeting.screen import MeetingScreen
        from senco_tui.tui.year.screen import YearScreen

        screen = self.screen
        if isinstance(screen, MeetingScreen):
            return screen.session.senco.id
        if isinstance(screen, YearScreen):
            return screen.senco.id
        return None

    def _choose(self) -> None:
        from textual.command import CommandPalette

        self.app.push_screen(CommandPalette(providers=[NotesSearch],
                                            placeholder="Words from the notes or actions…"))

    async def discover(self) -> Hits:
        yield DiscoveryHit(self.LABEL, self._choose,
                           help="Find words in every meeting's notes, actions and updates")

    async def search(self, query: str) -> Hits:
        from senco_tui import search  # noqa: F811 (at run time, only now)

        matcher = self.matcher(query)
        if score := matcher.match(self.LABEL):
            yield Hit(min(score, WORDS_FOUND / 2), Content(self.LABEL), self._choose)
        store = getattr(self.app, "store", None)
        if store is None or len(query.strip()) < 3 or not search.words(query):
            return
        from senco_tui.errors import UserError

        try:
            hits = search.search(store, query, self._senco_id(), limit=SHOWN)
        except UserError:
            return  # the store's trouble is said where it is used
        for order, hit in enumerate(hits):
            from senco_tui.safe_text import safe_text

            about = hit.question or "no question"
            label = safe_text(f"{KINDS[hit.kind]} · {hit.meeting.label} · {hit.snippet}")
            yield Hit(SCORE - order, highlight_words(matcher, label),
                      partial(self._open, hit), help=safe_text(f"{hit.senco.name} · {about}"))

    def _open(self, hit: search.Hit) -> None:
        app = cast("SencoApp", self.app)
        app.open_meeting(hit.senco, hit.meeting.year, hit.meeting.half_term, at=hit.question_id)
