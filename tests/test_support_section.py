"""The "Supporting the SENCo" section in both shipped sets.

Every half-term asks what the line manager owes the SENCo, after the provision
questions, and every such question says where its idea comes from. Plain
yaml.safe_load: this test checks content, not the loader.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from senco_tui.checklist import SECTIONS
from senco_tui.records import HALF_TERMS

CHECKLISTS = Path(__file__).parents[1] / "checklists"
SETS = ("secondary", "primary")


def half_terms(set_name: str, root: Path = CHECKLISTS) -> dict[str, dict]:
    """half-term -> that file's parsed YAML."""
    return {
        ht: yaml.safe_load((root / set_name / f"{ht}.yaml").read_text(encoding="utf-8"))
        for ht in HALF_TERMS
    }


def support(data: dict) -> list[dict]:
    return [q for s in data["sections"] if s["section"] == "support" for q in s["questions"]]


def same_words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


@pytest.mark.parametrize("set_name", SETS)
def test_every_half_term_ends_with_the_support_section(set_name):
    for ht, data in half_terms(set_name).items():
        slugs = [s["section"] for s in data["sections"]]
        assert slugs.count("support") == 1, f"{set_name}/{ht}: {slugs}"
        assert slugs[-1] == "support", f"{set_name}/{ht}: support must come last: {slugs}"
        assert len(slugs) > 1, f"{set_name}/{ht}: no provision questions before support"
        # Known slugs take their canonical title from SECTIONS; support must not set one.
        (section,) = [s for s in data["sections"] if s["section"] == "support"]
        assert "title" not in section, f"{set_name}/{ht}: {SECTIONS['support']!r} is fixed"


@pytest.mark.parametrize("set_name", SETS)
def test_every_support_question_is_credited(set_name):
    for ht, data in half_terms(set_name).items():
        questions = support(data)
        # 1 to 4: the section gives the hour's last minutes, not its middle
        assert 1 <= len(questions) <= 4, f"{set_name}/{ht}: {len(questions)} support questions"
        for q in questions:
            assert isinstance(q.get("credit"), str) and q["credit"].strip(), (
                f"{set_name}/{ht}: question {q['id']!r} has no credit"
            )


@pytest.mark.parametrize("set_name", SETS)
def test_ids_are_unique_per_file(set_name):
    for ht, data in half_terms(set_name).items():
        ids = [q["id"] for s in data["sections"] for q in s["questions"]]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        assert dupes == [], f"{set_name}/{ht}: repeated ids {dupes}"


@pytest.mark.parametrize("set_name", SETS)
def test_support_questions_do_not_repeat_the_sets_other_questions(set_name):
    other_asks: set[str] = set()
    other_ids: set[str] = set()
    for data in half_terms(set_name).values():
        for s in data["sections"]:
            if s["section"] != "support":
                # a change to a standing question may leave its ask to standing.yaml
                other_asks |= {same_words(q["ask"]) for q in s["questions"] if "ask" in q}
                other_ids |= {q["id"] for q in s["questions"]}
    for ht, data in half_terms(set_name).items():
        for q in support(data):
            assert same_words(q["ask"]) not in other_asks, f"{set_name}/{ht}: {q['ask']!r}"
            # The same id elsewhere would merge this question's history with another one.
            assert q["id"] not in other_ids, f"{set_name}/{ht}: id {q['id']!r}"


@pytest.mark.parametrize("set_name", SETS)
def test_a_support_question_asked_again_keeps_its_words(set_name):
    asks: dict[str, set[str]] = {}
    for data in half_terms(set_name).values():
        for q in support(data):
            asks.setdefault(q["id"], set()).add(q["ask"])
    assert {qid: a for qid, a in asks.items() if len(a) > 1} == {}
