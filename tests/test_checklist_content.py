"""What the shipped sets say: the statutory threads, the glossary's reach, the expert's fixes.

Loaded through the real loader, so standing.yaml is merged in as a meeting sees it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from senco_tui.checklist import MAX_CORE, acronyms_in, load_glossary, load_named_set
from senco_tui.records import HALF_TERMS

SETS = ("secondary", "primary")
STANDING = ("ehcp-compliance", "safeguarding-send", "attendance-suspensions")

# Words of two or more capitals that are names, not acronyms, so the glossary need not
# explain them.
NOT_ACRONYMS = {
    "SecEd",  # the magazine a credited article appeared in
}


@pytest.fixture(scope="module")
def sets(tmp_path_factory):
    nowhere = tmp_path_factory.mktemp("no-user-sets")
    return {name: load_named_set(name, nowhere) for name in SETS}


def texts(question) -> list[str]:
    """Everything the app and the export show of a question."""
    return [question.ask, *question.probes, question.hint, question.credit]


def all_questions(loaded):
    for half_term in loaded.half_terms.values():
        for section, question in half_term.questions():
            yield half_term.half_term, section, question


# ---------------------------------------------------------------- the standing section


@pytest.mark.parametrize("name", SETS)
def test_the_standing_questions_open_every_half_term(sets, name):
    for half_term in sets[name].half_terms.values():
        first = half_term.sections[0]
        assert (first.slug, first.title) == ("standing", "Every half-term"), half_term.half_term
        assert tuple(q.id for q in first.questions) == STANDING, half_term.half_term
        for question in first.questions:
            assert question.core and not question.carry, (half_term.half_term, question.id)
            assert question.probes and question.hint and question.credit


@pytest.mark.parametrize("name", SETS)
def test_the_standing_questions_are_defined_once(name):
    folder = Path(__file__).parents[1] / "checklists" / name
    for half_term in HALF_TERMS:
        text = (folder / f"{half_term}.yaml").read_text(encoding="utf-8")
        # a half-term may change a standing question, but never restates its ask
        # except where it asks it differently on purpose (the start of the year)
        asks = re.findall(r"- id: (?:ehcp-compliance|attendance-suspensions)\n\s+ask:", text)
        assert asks == [], f"{name}/{half_term}"


# ---------------------------------------------------------------- the statutory topics

# topic -> (half-term, question id) where it bites, in both sets unless the set is named
TOPICS = {
    "Ofsted's inclusion evaluation area": [("autumn-1", "ofsted-inclusion")],
    "the SEN information report, checked": [("spring-1", "sen-information-report")],
    "SEND funding": [("autumn-1", "send-funding"), ("spring-2", "send-funding")],
    "Equality Act duties": [("autumn-1", "equality-duties"), ("summer-1", "equality-duties")],
    "national SEND reform": [("spring-1", "send-reform")],
    "the SENCo's legal position": [("autumn-1", "senco-legal-position")],
    "pupil voice, complaints, tribunals": [("summer-1", "pupil-parent-voice")],
    "preparing for adulthood": [("secondary", "autumn-2", "preparing-for-adulthood"),
                                ("primary", "summer-1", "next-stage-readiness")],
}


@pytest.mark.parametrize("topic", sorted(TOPICS))
@pytest.mark.parametrize("name", SETS)
def test_each_statutory_topic_is_asked_where_it_bites(sets, name, topic):
    places = [place[-2:] for place in TOPICS[topic] if len(place) == 2 or place[0] == name]
    assert places, topic
    for half_term, qid in places:
        found = sets[name].half_terms[half_term].question(qid)
        assert found is not None, f"{name}/{half_term}: no '{qid}' for {topic}"
        question = found[1]
        assert question.probes and question.hint and question.credit, (name, qid)


@pytest.mark.parametrize("name", SETS)
def test_reform_is_stated_as_proposals_not_law(sets, name):
    _, question = sets[name].half_terms["spring-1"].question("send-reform")
    assert "proposals, not law" in question.hint.lower()
    assert "propose" in question.ask and "while the law stays as it is" in question.ask


@pytest.mark.parametrize("name", SETS)
def test_a_few_core_questions_in_every_half_term(sets, name):
    for half_term in sets[name].half_terms.values():
        core = [q.id for _, q in half_term.questions() if q.core]
        assert len(STANDING) < len(core) <= MAX_CORE, (half_term.half_term, core)


# ---------------------------------------------------------------- facts that go stale

YEARLY = ("KCSIE", "STA", "notional SEN budget", "top-up")


@pytest.mark.parametrize("name", SETS)
def test_hints_on_yearly_guidance_say_check_this_years(sets, name):
    for half_term, _, question in all_questions(sets[name]):
        hint = question.hint
        if any(re.search(rf"\b{re.escape(word)}\b", hint) for word in YEARLY):
            assert re.search(r"[Cc]heck [^.]*(?:this year's|current|where the proposals stand)",
                             hint), f"{name}/{half_term} {question.id}: {hint}"


# ---------------------------------------------------------------- the expert's corrections


@pytest.mark.parametrize("name", SETS)
def test_the_national_award_is_never_given_as_the_qualification_to_get(sets, name):
    for half_term, _, question in all_questions(sets[name]):
        for text in (question.ask, *question.probes, question.hint):
            if "National Award" in text:
                assert "NPQ for SENCOs" in text, f"{name}/{half_term} {question.id}: {text}"


@pytest.mark.parametrize("name", SETS)
def test_the_school_should_reply_to_a_consultation_not_must(sets, name):
    _, question = sets[name].half_terms["spring-1"].question("phase-transfer-consultations")
    assert "should reply within 15 calendar days" in question.hint
    assert "9.83" in question.hint
    for half_term, _, q in all_questions(sets[name]):
        assert "must reply" not in q.hint, f"{name}/{half_term} {q.id}"


@pytest.mark.parametrize("name", SETS)
def test_keeping_in_touch_covers_every_family_on_the_register(sets, name):
    _, question = sets[name].half_terms["spring-2"].question("senco-parent-communication")
    assert "every" in question.ask and "SEND register" in question.ask
    assert "not only those with an EHCP" in question.hint
    assert "SENCo is not their only contact" in question.ask  # what the school does


def test_primary_rounds_of_profile_reviews_follow_the_year():
    primary = load_named_set("primary", Path("/nonexistent"))

    def words(half_term: str) -> str:
        _, question = primary.half_terms[half_term].question("profile-reviews")
        return " ".join((question.ask, *question.probes))

    assert "first of its three" in words("spring-1")
    assert "second" in words("spring-2")
    assert "two of its three" in words("summer-1")
    assert "three meetings" in words("summer-2")


def test_primary_set_does_not_mention_jcq(sets):
    for half_term, _, question in all_questions(sets["primary"]):
        for text in texts(question):
            assert "JCQ" not in text, f"primary/{half_term} {question.id}: {text}"


# Asked again in Summer 1 on purpose: next year's timetable and duty rota are being drawn up.
TIMELY_REPEATS = {"senco-strategic-time", "senco-duties"}


@pytest.mark.parametrize("name", SETS)
def test_no_other_support_question_is_asked_twice_a_year(sets, name):
    seen: dict[str, str] = {}
    for half_term, section, question in all_questions(sets[name]):
        if section.slug == "support" and question.id not in TIMELY_REPEATS:
            assert question.id not in seen, f"{question.id}: {seen.get(question.id)}, {half_term}"
            seen[question.id] = half_term


# ---------------------------------------------------------------- the glossary

# Two or more capitals, in one word: EHCP, KS2, SENCOs, HoDs, CoP (not Y6 or E).
CAPITALS = re.compile(r"\b(?=(?:[A-Za-z0-9]*[A-Z]){2})[A-Za-z][A-Za-z0-9]*\b")


def spellings(glossary) -> dict[str, set[str]]:
    """term -> the words of every way the glossary writes it."""
    out = {term: set(term.split()) for term in glossary}
    for alias, term in glossary.aliases.items():
        out[term] |= set(alias.split())
    return out


def uncovered(text: str, glossary) -> set[str]:
    words_of = spellings(glossary)
    found = {term for term, _ in acronyms_in(text, glossary)}
    covered = set().union(*(words_of[term] for term in found)) if found else set()
    return {word for word in CAPITALS.findall(text)
            if word not in covered and word.removesuffix("s") not in covered
            and word not in NOT_ACRONYMS}


@pytest.mark.parametrize("name", SETS)
def test_the_glossary_explains_every_acronym_in_the_set(sets, name):
    glossary = load_glossary()
    missing: dict[str, str] = {}
    for half_term, _, question in all_questions(sets[name]):
        for text in texts(question):
            for word in uncovered(text, glossary):
                missing.setdefault(word, f"{half_term} {question.id}")
    assert missing == {}


def test_the_acronym_check_finds_what_it_should():
    glossary = load_glossary()
    assert uncovered("Do the HoDs and the SENCOs read EHCPs in KS2?", glossary) == set()
    assert uncovered("Has the PRU sent the IEPs and the ABC report?", glossary) == {"PRU", "ABC"}
    # a word of a phrase the glossary explains counts: EHC in "EHC needs assessment"
    assert uncovered("Is the EHC needs assessment on time?", glossary) == set()
    assert uncovered("Was EHC mentioned?", glossary) == {"EHC"}


def test_terms_the_questions_write_as_phrases_are_found():
    glossary = load_glossary()

    def terms(text: str) -> list[str]:
        return [term for term, _ in acronyms_in(text, glossary)]

    assert terms("Is the reception baseline done?") == ["RBA"]
    assert terms("Have SENCOs read the Code of Practice?") == ["SENCo", "CoP"]
    assert "Progress check at age two" in terms("the progress check at age two")
