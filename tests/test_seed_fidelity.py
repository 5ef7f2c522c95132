"""The shipped secondary set carries every sentence of the source's question lists.

Reads the source text itself, so a question dropped, moved or reworded in
checklists/secondary/*.yaml fails here. Plain yaml.safe_load: this test checks
content, not the loader.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).parents[1]
SOURCE_NAME = "line-managing-your-sendco.txt"
# A byte-identical copy, so the test runs wherever the repo is cloned.
SOURCE = REPO / "tests" / "data" / SOURCE_NAME
# The original, beside the repo on the machines that have it.
SHARED_SOURCE = REPO.parent / "shared" / "source" / SOURCE_NAME
SECONDARY = REPO / "checklists" / "secondary"

HALF_TERMS = {
    "Autumn 1": "autumn-1",
    "Autumn 2": "autumn-2",
    "Spring 1": "spring-1",
    "Spring 2": "spring-2",
    "Summer 1": "summer-1",
    "Summer 2": "summer-2",
}
HEADINGS = {
    "Assess": "assess",
    "Plan": "plan",
    "Do": "do",
    "Review": "review",
    "Transition": "transition",
    "Exams": "exams",
    "SENDCO Development/ Wellbeing": "wellbeing",
    "Keeping up with research and policy changes": "research",
}
LISTS_START = "I have included some questions to ask your SENDCo below"

# The only changes allowed between source and YAML: obvious typos and a
# consistent spelling of terms the glossary defines.
TYPO_FIXES = [
    ("Non- SEND", "non-SEND"),
    ("CATS/", "CATs/"),
    ("Boxhall", "Boxall"),
    ("HODs", "HoDs"),
    ("form 8s", "Form 8s"),
    ("How you balancing", "How are you balancing"),
    ("enough time resources expertise", "enough time, resources and expertise"),
    ("What would support or training would help?", "What support or training would help?"),
    ("above number months passed", "above the number of months passed"),
    ("English assessments).", "English assessments)?"),
    ("have been successful.", "have been successful?"),
    ("under performing", "underperforming"),
    ("Are there destinations", "Are their destinations"),
    ("vulnerable year 6s.", "vulnerable year 6s?"),
    ("been check by", "been checked by"),
]

# A sentence ends at '.' or '?' followed by a capital letter; "eg." does not
# end one, and a bracketed example "(Eg. ...)" stays with its question.
SENTENCE_END = re.compile(r"(?<=[.?])(?<![Ee]g\.)\s+(?=[A-Z])")


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text.strip()) if s]


def question_lines(text: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(LISTS_START))
    return [line.strip() for line in lines[start + 1 :] if line.strip()]


def source_sections() -> dict[tuple[str, str], list[str]]:
    """(half-term, section) -> the source's sentences there, typos fixed, in order."""
    text = SOURCE.read_text(encoding="utf-8")
    for wrong, right in TYPO_FIXES:
        assert wrong in text, f"typo fix {wrong!r} no longer matches the source"
        text = text.replace(wrong, right)
    found: dict[tuple[str, str], list[str]] = {}
    half_term = section = None
    for line in question_lines(text):
        if line in HALF_TERMS:
            half_term, section = HALF_TERMS[line], None
        elif line in HEADINGS:
            section = HEADINGS[line]
        else:
            assert half_term and section, f"question outside a heading: {line!r}"
            found.setdefault((half_term, section), []).extend(sentences(line))
    return found


def shipped() -> dict[str, list[tuple[str, dict]]]:
    """half-term -> [(section, question), ...] from the YAML, in file order."""
    out = {}
    for half_term in HALF_TERMS.values():
        data = yaml.safe_load((SECONDARY / f"{half_term}.yaml").read_text(encoding="utf-8"))
        assert data["half_term"] == half_term
        out[half_term] = [(s["section"], q) for s in data["sections"] for q in s["questions"]]
    return out


def is_ours(section: str, q: dict) -> bool:
    """A question senco-tui added: the support section (test_support_section), the standing
    questions (changed here for one half-term; defined in standing.yaml), or any other
    question that names its own source in `credit`. The source's questions have none."""
    return section in ("support", "standing") or "credit" in q


def shipped_sections() -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for half_term, questions in shipped().items():
        for section, q in questions:
            if is_ours(section, q):
                continue
            found.setdefault((half_term, section), []).extend([q["ask"], *q.get("probes", [])])
    return found


def test_copy_of_source_matches_the_shared_original():
    # Skipping is not allowed; on a machine without ../shared there is nothing to compare.
    if SHARED_SOURCE.exists():
        assert SOURCE.read_bytes() == SHARED_SOURCE.read_bytes()


def test_source_parses_into_every_half_term():
    found = source_sections()
    assert {ht for ht, _ in found} == set(HALF_TERMS.values())
    assert {section for _, section in found} == set(HEADINGS.values())
    # Guards against the parser stopping early: the lists hold 132 sentences.
    assert sum(len(s) for s in found.values()) == 132


def test_every_source_sentence_is_shipped_in_its_half_term_and_section_in_order():
    expected = source_sections()
    actual = shipped_sections()
    assert set(actual) == set(expected)
    for key, source_sentences in expected.items():
        assert actual[key] == source_sentences, f"{key} differs from the source"


def test_each_ask_and_probe_is_one_sentence():
    for half_term, questions in shipped().items():
        for _, q in questions:
            # a change to a standing question may leave its ask to standing.yaml
            asks = [q["ask"]] if "ask" in q else []
            for text in [*asks, *q.get("probes", [])]:
                assert sentences(text) == [text], f"{half_term} {q['id']}: {text!r}"


def test_a_repeated_question_keeps_its_id():
    ids_by_ask: dict[str, set[str]] = {}
    for questions in shipped().values():
        for _, q in questions:
            if "ask" in q:
                ids_by_ask.setdefault(q["ask"], set()).add(q["id"])
    assert {ask: ids for ask, ids in ids_by_ask.items() if len(ids) > 1} == {}

    def id_of(half_term: str, ask: str) -> str:
        (qid,) = [q["id"] for _, q in shipped()[half_term] if q.get("ask") == ask]
        return qid

    # Questions the source repeats word for word.
    assert id_of("autumn-2", "Is the referral process running smoothly?") == id_of(
        "summer-1", "Is the referral process running smoothly?"
    )
    exit_data = "Has exit data been gathered on interventions?"
    assert id_of("spring-1", exit_data) == id_of("summer-2", exit_data)
    wellbeing = "How are you emotionally/ physically?"
    assert id_of("autumn-2", wellbeing) == id_of("spring-2", wellbeing)
    folder = "Is the JCQ inspection folder in place with Form 8s and supporting evidence?"
    assert id_of("spring-2", folder) == id_of("summer-1", folder)
    # One cycle asked in different words: profile/ IEP reviews, three rounds a year.
    profile_reviews = {
        id_of("autumn-2", "Have profile/ IEP reviews happened?"),
        id_of("spring-1", "Have pupil profile/ IEP reviews now happened for all year groups?"),
        id_of("spring-2", "Have the second round of pupil profile reviews started?"),
        id_of("summer-1", "Have profile/ IEP reviews happened?"),
        id_of("summer-2", "Have the final round of profile/ IEP reviews happened?"),
    }
    assert profile_reviews == {"profile-reviews"}


def test_ids_are_well_formed_and_unique_per_half_term():
    for half_term, questions in shipped().items():
        ids = [q["id"] for _, q in questions]
        assert len(ids) == len(set(ids)), half_term
        for qid in ids:
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", qid) and len(qid) <= 60, qid


def test_set_names_and_credits_the_source():
    data = yaml.safe_load((SECONDARY / "set.yaml").read_text(encoding="utf-8"))
    assert data["name"] == "secondary"
    assert data["phase"] == "secondary"
    assert '"Line managing your SENDCo"' in data["credit"]


def glossary_terms() -> list[str]:
    data = yaml.safe_load((REPO / "checklists" / "glossary.yaml").read_text(encoding="utf-8"))
    for entry in data["terms"]:
        assert {"term", "meaning"} <= set(entry) <= {"term", "meaning", "aliases"}, entry
        assert entry["meaning"].strip(), entry
    return [entry["term"] for entry in data["terms"]]


# Every acronym in both sets is covered by the glossary: tests/test_checklist_content.py.
def test_glossary_defines_the_terms_both_sets_rely_on():
    acronyms = "EHCP K E PP CI SALT LASS CATs PASS JCQ TA HoD SEF EEF IEP SEMH EP LA STA MTC"
    acronyms += " EYFS KS1 KS2 SATs SLT SENDCo SENCo SEND CoP GCSE DSL KCSIE NPQ"
    wanted = {"SEN support", "Form 8", *acronyms.split()}
    assert wanted - set(glossary_terms()) == set()
