"""export.render: the golden note and the parts of it, from hand-built MeetingNotes.

The golden file tests/data/export/full-meeting.md is compared exactly. After a
deliberate change to the layout, regenerate it and read the diff before committing:

    UPDATE_GOLDEN=1 /work/venv/bin/pytest tests/test_export.py
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from markdown_it import MarkdownIt

from senco_tui.carry import CarryItem
from senco_tui.checklist import Question, Section
from senco_tui.export import escape_block, escape_cell, escape_inline, render
from senco_tui.meeting import MeetingNotes, QuestionView
from senco_tui.records import Action, Answer, Meeting, Review, Senco

GOLDEN = Path(__file__).parent / "data" / "export" / "full-meeting.md"
TODAY = date(2026, 11, 28)

SENCO = Senco(1, "Jane Smith", "Hill Top Academy", "secondary")
SUMMER_1 = Meeting(10, 1, "2025/26", "summer-1", date(2026, 5, 14), "")
SUMMER_2 = Meeting(11, 1, "2025/26", "summer-2", date(2026, 7, 9), "")
AUTUMN_1 = Meeting(12, 1, "2026/27", "autumn-1", date(2026, 10, 15), "")
THIS = Meeting(13, 1, "2026/27", "autumn-2", date(2026, 11, 26),
               "Jane Smith (SENCo)\nTom Brown (deputy head)")

HOSTILE_NOTE = (
    "# Not a heading\n"
    "| a | b |\n"
    "<script>alert(1)</script>\n"
    "```\n"
    "[x](javascript:alert(1)) and <http://evil> and ![i](x)\n"
    "    indented code?\n"
    "- item\n"
    "1. item\n"
    "> quote\n"
    "---\n"
    "\n"
    "Second paragraph: 5 * 3 = 15 and a_b_c; &amp; stays as typed."
)


def _action(id, text, owner="Jane Smith", due=None, meeting=THIS, question_id=None,
            status="open"):
    return Action(id=id, meeting_id=meeting.id, question_id=question_id, text=text, owner=owner,
                  due=due, status=status, created_at="2026-11-26T10:00:00",
                  closed_at=None if status == "open" else "2026-11-26T10:30:00",
                  closed_meeting_id=None if status == "open" else THIS.id)


def _answer(question, section, status, notes=""):
    return Answer(THIS.id, question.id, section.slug, question.ask, status, notes,
                  "2026-11-26T10:00:00")


def _review(id, decision, note="", action_id=None, question_id=None):
    return Review(id, THIS.id, "action" if action_id else "question", action_id, question_id,
                  decision, note, "2026-11-26T10:05:00")


def _carry(kind, text, origin, *, action=None, section="", question_id=None,
           origin_status=None, origin_notes="", carried=1, overdue=False, last_update="",
           decision=None, resolved_by=None):
    key = f"action:{action.id}" if action else f"question:{question_id}"
    return CarryItem(kind=kind, key=key, text=text, section=section, question_id=question_id,
                     action=action, origin=origin, origin_status=origin_status,
                     origin_notes=origin_notes, carried=carried, overdue=overdue,
                     stale=carried >= 3, last_update=last_update, decision=decision,
                     resolved_by=resolved_by)


# The checklist for this half-term
GCSE = Question("gcse-outcomes",
                "Have you reviewed GCSE outcome data? What are the trends and gaps?")
READING = Question("reading-ages", "Are reading ages tested on entry in Year 7?")
MAP = Question("provision-map", "Is the provision map up to date and costed?")
TAS = Question("ta-deployment", "How are teaching assistants deployed?")
VISITS = Question("learning-walks", "Have you done SEND learning walks this half-term?")
TIME = Question("senco-time", "Do you have enough protected time for the role?")
NETWORK = Question("local-network", "Are you part of a local SENCo network?",
                   credit="a SENCo in Kent, on the SENCo forum")
HOSTILE = Question("hostile", "What did the parent write?")
ASSESS = Section("assess", "Assess", (GCSE, READING))
PLAN = Section("plan", "Plan", (MAP,))
DO = Section("do", "Do", (TAS, VISITS, HOSTILE))
WELLBEING = Section("wellbeing", "SENDCo development and wellbeing", (TIME,))
SUPPORT = Section("support", "Supporting the SENCo", (NETWORK,))

OVERDUE = _action(1, "Update the SEN register", due=date(2026, 11, 1), meeting=AUTUMN_1,
                  question_id="reading-ages")
DONE = _action(2, "Send the EHCP annual review dates to heads of year", owner="Jane Smith",
               due=date(2026, 11, 20), meeting=AUTUMN_1, status="done")
DROPPED = _action(3, "Arrange the Year 6 transition trip", owner="Tom Brown",
                  due=date(2026, 12, 1), meeting=AUTUMN_1, status="dropped")
UPDATED = _action(4, "Train new TAs on precision teaching", owner="Jane Smith",
                  due=date(2027, 1, 31), meeting=SUMMER_2, question_id="ta-deployment")

NEW_READING = _action(20, "Re-test Year 7 reading ages", due=date(2026, 12, 18),
                      question_id="reading-ages")
NEW_MAP = _action(21, "Rewrite the provision map | with costings", owner="Tom Brown\nand Jane",
                  question_id="provision-map")
NEW_DONE = _action(22, "Share the access arrangements list with exams officer",
                   due=date(2026, 11, 27), question_id="gcse-outcomes", status="done")
NEW_GENERAL = _action(23, "Book the SENCo onto the NASENCo network meeting", owner="Tom Brown",
                      due=date(2027, 1, 15))


def full_meeting() -> MeetingNotes:
    carried = (
        _carry("action", OVERDUE.text, AUTUMN_1, action=OVERDUE, section="assess",
               question_id="reading-ages", overdue=True),
        _carry("question", TAS.ask, SUMMER_1, section="do", question_id=TAS.id,
               origin_status="red", origin_notes="TAs mostly velcroed to one pupil.",
               carried=3, last_update="Audit planned for October.",
               decision=_review(1, "open", "Audit half done; finish by Christmas",
                                question_id=TAS.id)),
        _carry("action", UPDATED.text, SUMMER_2, action=UPDATED, section="do",
               question_id=TAS.id, carried=2,
               decision=_review(2, "open", "Booked for 8 January", action_id=UPDATED.id)),
        _carry("action", DONE.text, AUTUMN_1, action=DONE,
               decision=_review(3, "done", action_id=DONE.id)),
        _carry("action", DROPPED.text, AUTUMN_1, action=DROPPED,
               decision=_review(4, "dropped", "The trip was cancelled", action_id=DROPPED.id)),
        _carry("question", GCSE.ask, AUTUMN_1, section="assess", question_id=GCSE.id,
               origin_status="amber", origin_notes="Gap between E and K is widening.",
               resolved_by="green"),
    )
    questions = (
        QuestionView(ASSESS, GCSE,
                     _answer(GCSE, ASSESS, "green", "Gap closing.\nE and K now similar."),
                     (NEW_DONE,)),
        QuestionView(ASSESS, READING, _answer(READING, ASSESS, "amber"), (NEW_READING,)),
        QuestionView(PLAN, MAP, _answer(MAP, PLAN, "red", "Last updated in 2024."), (NEW_MAP,)),
        QuestionView(DO, TAS, _answer(TAS, DO, "na", "Covered by the carried item.")),
        QuestionView(DO, VISITS, None),
        QuestionView(DO, HOSTILE, _answer(HOSTILE, DO, "amber", HOSTILE_NOTE)),
        QuestionView(WELLBEING, TIME,
                     _answer(TIME, WELLBEING, None, "Two days a week; asks for three.")),
        QuestionView(SUPPORT, NETWORK, None),
    )
    still_open = (
        carried[0], carried[1], carried[2],
        _carry("question", READING.ask, THIS, section="assess", question_id=READING.id,
               origin_status="amber", carried=0),
        _carry("question", MAP.ask, THIS, section="plan", question_id=MAP.id,
               origin_status="red", origin_notes="Last updated in 2024.", carried=0),
        _carry("question", HOSTILE.ask, THIS, section="do", question_id=HOSTILE.id,
               origin_status="amber", origin_notes=HOSTILE_NOTE, carried=0),
        _carry("action", NEW_READING.text, THIS, action=NEW_READING, carried=0),
        _carry("action", NEW_MAP.text, THIS, action=NEW_MAP, carried=0),
        _carry("action", NEW_GENERAL.text, THIS, action=NEW_GENERAL, carried=0),
    )
    return MeetingNotes(
        senco=SENCO, meeting=THIS, checklist_title="Secondary school", questions=questions,
        carried=carried, actions=(NEW_READING, NEW_MAP, NEW_DONE, NEW_GENERAL),
        still_open=still_open, today=TODAY,
    )


def test_full_meeting_matches_golden_file():
    text = render(full_meeting())
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_title_and_details():
    text = render(full_meeting())
    assert text.startswith(
        "# Line-management meeting: Jane Smith, Hill Top Academy, Autumn 2 2026/27\n")
    assert "- Held: 26 November 2026\n" in text
    assert "Jane Smith (SENCo)\\\n  Tom Brown (deputy head)" in text
    assert text.endswith("*Exported by senco-tui on 28 November 2026.*\n")


def test_meeting_with_nothing_recorded():
    notes = full_meeting()._replace(meeting=THIS._replace(held_on=None, attendees=""),
                    questions=(QuestionView(DO, VISITS, None),), carried=(), actions=(),
                    still_open=())
    text = render(notes)
    assert "- Held: not recorded\n- Attendees: not recorded" in text
    assert "- Discussed: 0 of 1 question\n- Still open: nothing carries into the next " \
           "meeting\n" in text
    assert "Carried forward" not in text
    assert "## Still open" not in text
    assert "No actions were agreed in this meeting." in text
    assert "## Not discussed\n\n- Do: Have you done SEND learning walks this half-term?\n" in text


def test_the_summary_comes_first_and_counts_what_happened():
    text = render(full_meeting())
    summary = text.split("\n\n## ")[0]
    assert summary.endswith(
        "- Discussed: 6 of 8 questions (1 Green, 2 Amber, 1 Red, 1 N/A, 1 without a status)\n"
        "- Carried forward: 6 items: 1 done, 1 resolved, 1 dropped, 2 kept open, "
        "1 not reviewed\n"
        "- Still open: 9 items carry into the next meeting, 1 overdue\n"
        "- What carries forward: open actions and Amber or Red questions")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    # the summary (actions, decisions, what else stays open), then the detail
    assert headings == ["## Actions agreed", "## Carried forward", "## Still open",
                        "## Assess", "## Plan", "## Do", "## SENDCo development and wellbeing",
                        "## Not discussed"]


def test_each_carried_item_is_one_line_with_what_was_decided():
    text = render(full_meeting())
    carried = text.split("## Carried forward\n\n")[1].split("\n\n")[0].splitlines()
    assert carried == [
        "- **Action:** Update the SEN register (from Autumn 1 2026/27; owner: Jane Smith; "
        "due 1 November 2026; **OVERDUE**; carried once): **Not reviewed**",
        "- **Question (Do):** How are teaching assistants deployed? (rated Red in Summer 1 "
        "2025/26; **carried 3 times**): **Still open — update: Audit half done; finish by "
        "Christmas**",
        "- **Action:** Train new TAs on precision teaching (from Summer 2 2025/26; owner: Jane "
        "Smith; due 31 January 2027; carried 2 times): **Still open — update: Booked for 8 "
        "January**",
        "- **Action:** Send the EHCP annual review dates to heads of year (from Autumn 1 "
        "2026/27; owner: Jane Smith; due 20 November 2026; carried once): **Done**",
        "- **Action:** Arrange the Year 6 transition trip (from Autumn 1 2026/27; owner: Tom "
        "Brown; due 1 December 2026; carried once): **Dropped — The trip was cancelled**",
        "- **Question (Assess):** Have you reviewed GCSE outcome data? What are the trends and "
        "gaps? (rated Amber in Autumn 1 2026/27; carried once): **Resolved: rated Green**",
    ]
    # what it was carried with is the line manager's detail
    assert "Notes then" not in text and "Last update:" not in text
    detail = render(full_meeting(), detail=True)
    assert ("**Still open — update: Audit half done; finish by Christmas**\n"
            "  - Notes then: TAs mostly velcroed to one pupil.\n"
            "  - Last update: Audit planned for October.\n") in detail


def test_sections_in_checklist_order_with_discussed_questions_only():
    text = render(full_meeting())
    assert "### How are teaching assistants deployed?\n\nStatus: **N/A**\n" in text
    assert "### Do you have enough protected time for the role?\n\nStatus: **No status**" in text
    assert "### Have you done SEND learning walks" not in text
    assert "Gap closing.\\\nE and K now similar." in text
    assert ("- Do: Have you done SEND learning walks this half-term?\n"
            "- Supporting the SENCo: Are you part of a local SENCo network?\n") in text


def test_question_ids_and_sources_only_in_the_detail():
    notes = full_meeting()
    views = (QuestionView(SUPPORT, NETWORK, _answer(NETWORK, SUPPORT, "green")),)
    sent = render(notes._replace(questions=views))
    assert "(question " not in sent and "Idea from" not in sent
    detail = render(notes._replace(questions=views), detail=True)
    assert "\n\nIdea from: a SENCo in Kent, on the SENCo forum\n\n" in detail
    assert "Status: **Green** (question local-network)" in detail


def test_wellbeing_notes_are_left_out_unless_asked_for():
    private = "Signed off for a week; sleeping badly."
    notes = full_meeting()
    time = QuestionView(WELLBEING, TIME, _answer(TIME, WELLBEING, "amber", private))
    kept = next(i for i in notes.carried if i.kind == "question" and i.decision is not None)
    carried = kept._replace(section="wellbeing", question_id=TIME.id,
                            decision=kept.decision._replace(note="GP appointment booked"))
    notes = notes._replace(questions=(*notes.questions[:-2], time, notes.questions[-1]),
                           carried=(carried,))
    sent = render(notes)
    assert private not in sent and "GP appointment" not in sent
    assert "*Notes left out of this copy (the SENCo's wellbeing).*" in sent
    assert "**Still open — left out of this copy (the SENCo's wellbeing)**" in sent
    assert "Status: **Amber**" in sent.split("### Do you have enough protected time")[1]
    assert private not in render(notes, detail=True)
    chosen = render(notes, include_wellbeing=True)
    assert private in chosen and "GP appointment booked" in chosen
    assert "left out" not in chosen


def test_actions_table():
    text = render(full_meeting())
    table = text.split("## Actions agreed\n\n")[1].split("\n\n")[0].splitlines()
    assert table == [
        "| Action | Owner | Due |",
        "| --- | --- | --- |",
        "| Re-test Year 7 reading ages | Jane Smith | 18 December 2026 |",
        "| Rewrite the provision map \\| with costings | Tom Brown<br>and Jane | — |",
        "| Share the access arrangements list with exams officer (done) | Jane Smith | "
        "27 November 2026 |",
        "| Book the SENCo onto the NASENCo network meeting | Tom Brown | 15 January 2027 |",
    ]
    detail = render(full_meeting(), detail=True)
    table = detail.split("## Actions agreed\n\n")[1].split("\n\n")[0].splitlines()
    assert table[0] == "| Action | Owner | Due | From question |"
    assert table[3] == ("| Rewrite the provision map \\| with costings | Tom Brown<br>and Jane | "
                        "— | Is the provision map up to date and costed? |")
    assert table[5].endswith("| 15 January 2027 | — |")


def test_overdue_action_in_this_meeting_is_marked_in_words():
    late = _action(30, "Chase the EP report", due=date(2026, 11, 27))
    text = render(full_meeting()._replace(actions=(late,)))
    assert "| Chase the EP report | Jane Smith | 27 November 2026 **OVERDUE** |" in text


def test_still_open_lists_only_what_is_not_listed_above():
    text = render(full_meeting())
    still = text.split("## Still open\n\n")[1].split("\n\n## ")[0]
    # the actions agreed and the carried items are above: only the questions left
    # Amber or Red here are new
    assert still.splitlines()[2:] == [
        "- **Amber** (Assess): Are reading ages tested on entry in Year 7?",
        "- **Red** (Plan): Is the provision map up to date and costed?",
        "- **Amber** (Do): What did the parent write?",
    ]
    for listed in ("Update the SEN register", "Re-test Year 7", "How are teaching assistants"):
        assert listed not in still


def test_escape_inline():
    assert escape_inline("# x") == "\\# x"
    assert escape_inline("1. item") == "1\\. item"
    assert escape_inline("12) item") == "12\\) item"
    assert escape_inline("  - item") == "\\- item"
    assert escape_inline("a\nb\r\nc") == "a b c"
    assert escape_inline("x\x00y\x1b") == "xy"
    assert escape_inline("<b>&amp; Q&A") == "\\<b>\\&amp; Q&A"
    assert escape_inline("\\# already") == "\\\\\\# already"
    assert escape_inline("Year 7: 5 pupils.") == "Year 7: 5 pupils."


def test_escape_cell_keeps_line_breaks_as_br():
    assert escape_cell("a | b\r\nc") == "a \\| b<br>c"
    assert escape_cell("") == ""


def test_escape_block():
    assert escape_block("a\nb\n\n\nc ") == "a\\\nb\n\nc"
    assert escape_block("a\nb\n\nc", "  ") == "a\\\n  b\n\n  c"
    assert escape_block("   \n") == ""


def test_indented_lines_in_notes_keep_their_nesting():
    notes = "  Reading:\n  - Year 7 group\n      - started in October\n\tand a tab"
    nbsp = "\u00a0"
    assert escape_block(notes) == (f"Reading:\\\n\\- Year 7 group\\\n{nbsp * 4}\\- started in "
                                   f"October\\\n{nbsp * 2}and a tab")
    # no code block, no list: the shape survives as text in any markdown reader
    tokens = MarkdownIt("commonmark").parse(escape_block(notes))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]


def test_a_carried_question_rated_again_reads_as_discussed():
    notes = full_meeting()
    item = next(i for i in notes.carried if i.kind == "question" and i.decision is not None)
    again = item._replace(decision=None, rated_here="amber")
    text = render(notes._replace(carried=tuple(again if i is item else i
                                               for i in notes.carried)))
    assert "**Rated Amber again: still open**" in text


def test_a_question_gone_from_the_checklist_says_so():
    notes = full_meeting()
    view = notes.questions[0]._replace(in_checklist=False)
    gone = notes._replace(questions=(view, *notes.questions[1:]))
    assert "Status: **Green** (no longer in the checklist)" in render(gone)
    assert f"(question {view.question.id}; no longer in the checklist)" in render(gone,
                                                                                  detail=True)
    assert "no longer in the checklist" not in render(notes)


def test_terms_used_explains_acronyms_from_the_glossary():
    glossary = {"EHCP": "Education, Health and Care Plan", "TA": "Teaching assistant",
                "EP": "Educational psychologist"}
    text = render(full_meeting()._replace(glossary=glossary))
    terms = text.split("## Terms used\n\n")[1].split("\n\n")[0]
    # in order of first use; EP is not used
    assert terms == ("- TA: Teaching assistant\n"
                     "- EHCP: Education, Health and Care Plan")
    assert "## Terms used" not in render(full_meeting())
