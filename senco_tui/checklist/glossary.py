"""The glossary: what acronyms and terms mean, found in any text in one pass."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from senco_tui.checklist.model import GLOSSARY_FILE, ChecklistError, Problem, by_line
from senco_tui.checklist.reader import Walker, compose_file, line_of
from senco_tui.paths import builtin_checklists


class Glossary(dict[str, str]):
    """term -> meaning, plus `aliases` (other spellings -> term) for acronyms_in."""

    def __init__(self, meanings: dict[str, str], aliases: dict[str, str] | None = None):
        super().__init__(meanings)
        self.aliases = dict(aliases or {})


GLOSSARY_KEYS = ("terms",)
TERM_KEYS = ("term", "meaning", "aliases")


# ---------------------------------------------------------------- glossary


def load_glossary(path: Path | None = None) -> Glossary:
    """term -> meaning (a dict), with `.aliases`; raises ChecklistError."""
    path = Path(path) if path is not None else builtin_checklists() / GLOSSARY_FILE
    problems: list[Problem] = []
    root = compose_file(path, problems)
    w = Walker(path, problems)
    meanings: dict[str, str] = {}
    aliases: dict[str, str] = {}
    lines: dict[str, int] = {}
    if root is None:
        w.problem(1, "the file is empty: it needs 'terms:' with a list of term and meaning")
    elif root is not False:
        top = w.mapping(root, "the glossary", GLOSSARY_KEYS)
        if top is not None and "terms" not in top:
            w.problem(line_of(root), "'terms' is missing: add 'terms:' with a list of term and "
                      "meaning")
        elif top is not None:
            for node in w.items(top["terms"], "'terms'", "term"):
                t = w.mapping(node, "a glossary term", TERM_KEYS)
                if t is None:
                    continue
                for key in ("term", "meaning"):
                    if key not in t:
                        w.problem(line_of(node), f"'{key}' is missing from this glossary entry")
                term = w.text(t["term"], "'term'", required=True) if "term" in t else None
                meaning = (w.text(t["meaning"], f"'{term}': 'meaning'", required=True)
                           if "meaning" in t else None)
                others = (w.text_list(t["aliases"], f"'{term}': 'aliases'", f"'{term}': an alias")
                          if "aliases" in t else ())
                if term is None or meaning is None or others is None:
                    continue
                for spelling in (term, *others):
                    if spelling in lines:
                        w.problem(line_of(node), f"'{spelling}' is already in the glossary (line "
                                  f"{lines[spelling]}): keep one entry")
                    lines[spelling] = line_of(node)
                meanings[term] = meaning
                aliases.update((other, term) for other in others)
    if problems:
        raise ChecklistError(by_line(problems))
    return Glossary(meanings, aliases)


def _is_acronym(term: str) -> bool:
    """EHCP, KS2, SENDCo, CoP, K: one word with capitals (matched exactly as written)."""
    capitals = sum(c.isupper() for c in term)
    return " " not in term and (capitals >= 2 or term.isupper())


def _alternation(spellings: list[str]) -> str:
    # longest first, so "SENDCo" wins over "SEND" and "SEN support" over "SEN"
    return "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))


_TOKEN = re.compile(r"[\w&]+")


def acronyms_in(text: str, glossary: Mapping[str, str]) -> list[tuple[str, str]]:
    """(term, meaning) for each glossary term (or alias) in text, in order of first use.

    An acronym matches as written, and its plural (EHCPs, TAs), as a whole word; a phrase
    ignores case. Acronyms are looked up word by word (no pattern of a hundred terms to
    compile in every process: the export's largest cost); phrases are found as text.
    """
    spellings = {term: term for term in glossary}
    spellings.update(getattr(glossary, "aliases", {}))
    acronyms = {s for s in spellings if _is_acronym(s)}
    words = {s: term for s, term in spellings.items() if s in acronyms and _TOKEN.fullmatch(s)}
    odd = [s for s in spellings if s in acronyms and s not in words]  # e.g. with a "/"
    phrases = {s.casefold(): term for s, term in spellings.items() if s not in acronyms}
    first: dict[str, int] = {}

    def note(term: str, at: int) -> None:
        if term not in first or at < first[term]:
            first[term] = at

    if words:
        for term, at in _words_in(text, words):
            note(term, at)
    if odd:
        pattern = re.compile(rf"(?<![\w&])({_alternation(odd)})s?(?![\w&])")
        for found in pattern.finditer(text):
            note(spellings[found.group(1)], found.start())
    if phrases:
        for term, at in _phrases_in(text.casefold(), phrases):
            note(term, at)
    return [(term, glossary[term]) for term in sorted(first, key=lambda t: (first[t], t))]


def _words_in(text: str, words: dict[str, str]) -> list[tuple[str, int]]:
    """(term, where) for the first whole word of text that is each acronym, or its plural
    with an s (the acronym itself when both are in the glossary: "TAs" before "TA"+s).

    One scan in C for the runs of word characters that start with a letter an acronym
    starts with (few words do); then, only for the runs that are an acronym, where it
    first stands as a whole word. A run may start inside a word ("xTA"): the whole-word
    check below sees to that.
    """
    plural = {w + "s": term for w, term in words.items() if w + "s" not in words}
    starts = "".join(sorted({w[0] for w in words}))
    runs = set(re.findall(rf"[{re.escape(starts)}][\w&]*", text))
    found = []
    for spelling in runs & (words.keys() | plural.keys()):
        at = _whole_word(text, spelling)
        if at != -1:
            found.append((words.get(spelling) or plural[spelling], at))
    return found


def _whole_word(text: str, word: str) -> int:
    """Where `word` first stands alone in text (no word character or & either side), or -1."""
    at = text.find(word)
    while at != -1:
        end = at + len(word)
        if not (at and _acronym_char(text[at - 1])) and not (
                end < len(text) and _acronym_char(text[end])):
            return at
        at = text.find(word, at + 1)
    return -1


def _acronym_char(char: str) -> bool:
    return char.isalnum() or char in "_&"


def _phrases_in(folded: str, phrases: dict[str, str]) -> list[tuple[str, int]]:
    """(term, where) for the phrases in casefolded text, whole words only, as one left to
    right scan would find them: the longest at a place, none inside another."""
    found: list[tuple[int, int, str]] = []
    for phrase, term in phrases.items():
        at = folded.find(phrase)
        while at != -1:
            end = at + len(phrase)
            if not (at and _word_char(folded[at - 1])) and not (
                    end < len(folded) and _word_char(folded[end])):
                found.append((at, -len(phrase), term))
            at = folded.find(phrase, at + 1)
    taken, until = [], 0
    for at, minus_length, term in sorted(found):
        if at >= until:
            taken.append((term, at))
            until = at - minus_length
    return taken


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"
