"""Hostile text cannot change the structure of an exported note.

Every piece of user (and checklist) text in a meeting is set to a hostile string;
the note is parsed with markdown-it-py (CommonMark + tables, as GitHub and VS Code
render it) and its token structure must equal that of the same meeting with each
word of the hostile string replaced by "x". The visible text must still contain
every character that was typed. Rendered with every part shown (`--detail`, wellbeing
included), so every field is tested; and as sent by default too.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from markdown_it import MarkdownIt

from senco_tui import export
from senco_tui.carry import CarryItem
from senco_tui.checklist import Question, Section
from senco_tui.export import clean
from senco_tui.meeting import MeetingNotes, QuestionView
from senco_tui.records import Action, Answer, Meeting, Review, Senco

MD = MarkdownIt("commonmark").enable("table")


def render(notes: MeetingNotes) -> str:
    """Every field a person typed is in it: the detail, and the wellbeing notes."""
    return export.render(notes, detail=True, include_wellbeing=True)

HOSTILE = {
    "heading": "# x",
    "closing hashes": "Is it #1? ###",
    "setext": "Title\n===",
    "setext dashes": "Title\n---",
    "table": "| a | b |\n| --- | --- |\n| c | d |",
    "delimiter row": "a\n:--",
    "script": "<script>alert(1)</script>",
    "html block": "<div>\nhi\n</div>",
    "comment": "<!-- hidden -->",
    "entity": "&lt;script&gt; &amp; &#60;b&#62; &#x3C;",
    "backticks": "```\ncode\n```",
    "inline code": "use `rm -rf`",
    "tildes": "~~~\ncode\n~~~",
    "strike": "~~gone~~",
    "link": "[x](javascript:alert(1))",
    "reference": "[x]: http://evil\n\n[x]",
    "autolink": "<http://evil>",
    "email autolink": "<a@evil.example>",
    "image": "![i](x)",
    "indented code": "    code",
    "tab code": "\t\tcode",
    "bullet": "- item",
    "star bullet": "* item",
    "plus bullet": "+ item",
    "ordered": "1. item",
    "ordered paren": "1) item",
    "later line list": "text\n2. item\n- item",
    "quote": "> quote",
    "break": "---",
    "stars break": "***",
    "spaced break": "_ _ _",
    "emphasis": "*a* _b_ **c** __d__",
    "math": "$x$ and $$y$$",
    "footnote": "note[^1]\n\n[^1]: foot",
    "backslashes": "a\\ \\| \\\\| end\\",
    "hard break spaces": "line   \nnext",
    "long line": "word " * 2000,
    "emoji": "Good progress 👍🏽 and 🎉",
    "rtl": "مرحبا بالعالم and שלום עולם",
    "crlf": "one\r\ntwo\r\n\r\nthree\rfour",
    "control": "a\x00b\x07c\x1bd\x7fe",
    "blank lines": "\n\n\n  a  \n\n\n\n  b\n\n",
}
ALL = "\n".join(HOSTILE.values())

TODAY = date(2026, 11, 28)
EARLIER = Meeting(1, 1, "2026/27", "autumn-1", date(2026, 10, 15), "")


def notes_with(text: str) -> MeetingNotes:
    """A meeting with `text` in every field a person (or a checklist author) writes."""
    this = Meeting(2, 1, "2026/27", "autumn-2", date(2026, 11, 26), text)
    question = Question("q-one", text, probes=(text,), hint=text, credit=text)
    section = Section("custom", text, (question, Question("q-two", text)))
    answer = Answer(this.id, question.id, section.slug, text, "amber", text, "t")
    new = Action(5, this.id, question.id, text, text, date(2026, 11, 1), "open", "t", None, None)
    general = Action(6, this.id, None, text, text, None, "open", "t", None, None)
    old = Action(1, EARLIER.id, question.id, text, text, date(2026, 11, 1), "open", "t",
                 None, None)
    review = Review(1, this.id, "action", old.id, None, "open", text, "t")
    carried = (
        CarryItem("action", "action:1", text, section.slug, question.id, old, EARLIER, None,
                  "", 3, True, True, text, review, None),
        CarryItem("question", "question:q-one", text, section.slug, question.id, None, EARLIER,
                  "red", text, 1, False, False, text,
                  Review(2, this.id, "question", None, question.id, "dropped", text, "t"), None),
    )
    return MeetingNotes(
        senco=Senco(1, text, text, "secondary"), meeting=this, checklist_title=text,
        questions=(QuestionView(section, question, answer, (new,)),
                   QuestionView(section, section.questions[1], None)),
        carried=carried, actions=(new, general), still_open=carried[:1], today=TODAY,
    )


def benign(text: str) -> str:
    """The same lines and blank lines, every word replaced by a harmless one."""
    return re.sub(r"\S+", "x", clean(text))


def structure(markdown: str) -> list[tuple]:
    """Token structure without the text itself (hard breaks and <br> are structure too)."""
    shape = []
    for token in MD.parse(markdown):
        shape.append((token.type, token.tag, token.level, token.markup))
        for child in token.children or []:
            if child.type not in ("text", "softbreak"):
                shape.append(("  " + child.type, child.tag, child.content))
    return shape


def visible_text(markdown: str) -> str:
    words = []
    for token in MD.parse(markdown):
        words.extend(c.content for c in token.children or [] if c.type == "text")
    return "".join(words)


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("text", [*HOSTILE.values(), ALL], ids=[*HOSTILE, "all at once"])
def test_hostile_text_keeps_the_structure_and_survives(text):
    markdown = render(notes_with(text))
    assert structure(markdown) == structure(render(notes_with(benign(text))))
    assert squeeze(clean(text)) in squeeze(visible_text(markdown))
    assert "\r" not in markdown
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", markdown)


@pytest.mark.parametrize("text", [*HOSTILE.values(), ALL], ids=[*HOSTILE, "all at once"])
def test_no_dangerous_tokens_at_all(text):
    tokens = MD.parse(render(notes_with(text)))
    forbidden = {"code_block", "fence", "html_block", "blockquote_open", "hr",
                 "ordered_list_open"}
    assert not [t.type for t in tokens if t.type in forbidden]
    children = [c for t in tokens for c in t.children or []]
    assert not [c.type for c in children
                if c.type in ("code_inline", "link_open", "image", "s_open")]
    # the only HTML is the <br> that keeps line breaks in table cells
    assert {c.content for c in children if c.type == "html_inline"} <= {"<br>"}
    headings = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens)
                if t.type == "heading_open"]
    assert [tag for tag, _ in headings] == ["h1", "h2", "h2", "h2", "h3", "h2"]


@pytest.mark.parametrize("text", [*HOSTILE.values(), ALL], ids=[*HOSTILE, "all at once"])
def test_the_note_as_sent_keeps_its_structure_too(text):
    markdown = export.render(notes_with(text))
    assert structure(markdown) == structure(export.render(notes_with(benign(text))))
    tokens = MD.parse(markdown)
    children = [c for t in tokens for c in t.children or []]
    assert {c.content for c in children if c.type == "html_inline"} <= {"<br>"}


@pytest.mark.parametrize("text", [*HOSTILE.values(), ALL], ids=[*HOSTILE, "all at once"])
def test_table_rows_have_four_cells(text):
    tokens = MD.parse(render(notes_with(text)))
    rows, cells = [], 0
    for t in tokens:
        if t.type == "tr_open":
            cells = 0
        elif t.type in ("th_open", "td_open"):
            cells += 1
        elif t.type == "tr_close":
            rows.append(cells)
    assert rows == [4, 4, 4]


def test_escape_inline_passes_plain_text_through_as_the_full_escaping_would():
    """The shortcut for text that needs nothing done gives exactly what the full escaping
    gives, whatever the text: random mixes of plain and awkward characters."""
    import random

    def full(text: str) -> str:
        return export._escape_line(" ".join(p for p in clean(text).split("\n") if p.strip()))

    rng = random.Random(17)
    alphabet = ("abcXYZ019 .,!?-+=>:()'\"/é½٣\u00a0\u200e\t\n\r\x00\x1b\x7f\x9b"
                "\u2028\u202e\u2067\\`*_[]<|#~$&")
    texts = ["", " ", "\u00a0", "plain words.", "1. not a list", "- not a list", "& so on",
             "trailing ", " leading", "٣ digits", "tab\tinside", "a\u00a0"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
              for _ in range(5000)]
    for text in texts:
        assert export.escape_inline(text) == full(text), repr(text)


def test_cell_line_breaks_become_br():
    markdown = render(notes_with("first line\nsecond | line"))
    row = next(line for line in markdown.splitlines() if line.startswith("| first"))
    assert row.startswith("| first line<br>second \\| line | first line<br>second \\| line |")
