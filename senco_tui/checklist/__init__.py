"""Checklist sets: plain data classes and the YAML loader/validator.

Knows YAML; knows nothing of the store or the UI. Split along its seams:
`model` (the data), `reader` (safe YAML with file:line problems), `schema` (what a
half-term file, a set's standing.yaml and a set folder must hold), `sets` (finding sets by name) and
`glossary`. Everything is importable from here, as before the split.
"""

from __future__ import annotations

import yaml  # noqa: F401 (tests switch libyaml off through here)

from senco_tui.checklist.glossary import Glossary, acronyms_in, load_glossary
from senco_tui.checklist.model import (
    GLOSSARY_FILE,
    ID_MAX,
    ID_PATTERN,
    MAX_BYTES,
    MAX_CORE,
    SECTIONS,
    SET_FILE,
    STANDING_FILE,
    ChecklistError,
    ChecklistSet,
    HalfTerm,
    Problem,
    Question,
    Section,
    SetRef,
    is_slug,
)
from senco_tui.checklist.schema import load_half_term, load_set, load_standing
from senco_tui.checklist.sets import (
    find_set,
    find_sets,
    load_for_meeting,
    load_named_set,
    load_ref,
)

__all__ = [
    "GLOSSARY_FILE", "ID_MAX", "ID_PATTERN", "MAX_BYTES", "MAX_CORE", "SECTIONS", "SET_FILE",
    "STANDING_FILE",
    "ChecklistError", "ChecklistSet", "Glossary", "HalfTerm", "Problem", "Question",
    "Section", "SetRef", "acronyms_in", "find_set", "find_sets", "is_slug",
    "load_for_meeting", "load_glossary", "load_half_term", "load_named_set", "load_ref",
    "load_set", "load_standing",
]
