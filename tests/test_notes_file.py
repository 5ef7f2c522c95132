"""The notes file: its name, and writing it privately (the CLI's -o and the app's export)."""

from __future__ import annotations

from datetime import date

from senco_tui.meeting import MeetingNotes
from senco_tui.notes_file import file_name
from senco_tui.records import Meeting, Senco


def notes_for(name: str) -> MeetingNotes:
    return MeetingNotes(senco=Senco(1, name, "Hill", "secondary"),
                        meeting=Meeting(1, 1, "2026/27", "autumn-2", None, ""),
                        checklist_title="", questions=(), carried=(), actions=(), still_open=(),
                        today=date(2026, 11, 28))


def test_file_name_is_plain_and_keeps_the_letters_of_an_accented_name():
    assert file_name(notes_for("Jane Smith")) == "2026-27-autumn-2-jane-smith.md"
    assert file_name(notes_for("Siân O'Brien-Núñez")) == "2026-27-autumn-2-sian-o-brien-nunez.md"
    assert file_name(notes_for("李雷")) == "2026-27-autumn-2-senco.md"
