"""The export screen (ctrl+e in a meeting): the preview, then the file written (Pilot)."""

from __future__ import annotations

import os
import stat

from tui_helpers import (
    back_to,
    meeting,
    record_notices,
    screen_open,
    shown,
    wait_until,
)

from senco_tui.store import Store
from senco_tui.tui.meeting.screen import MeetingScreen
from senco_tui.tui.screens.export import ExportScreen, MarkdownPreview


def export_to(paths, folder) -> None:
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    paths.settings_file.write_text(f'export_dir = "{folder}"\n')


async def test_export_preview_then_written_file(seeded_paths):
    exports = seeded_paths.config_dir.parent / "exports"
    export_to(seeded_paths, exports)
    async with meeting(seeded_paths) as pilot:
        app = pilot.app
        screen = app.screen
        await pilot.press("ctrl+e")
        await screen_open(pilot, ExportScreen)
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one(MarkdownPreview)
        await pilot.press("w")
        written = exports / "2026-27-autumn-2-jane-smith.md"
        await wait_until(pilot, lambda: "Written to" in shown(app.screen, "#export-where"),
                         "the export to say where it wrote")
        assert f"Written to {written}" in shown(app.screen, "#export-where")
        await pilot.press("q")
        await back_to(pilot, screen)
        assert isinstance(app.screen, MeetingScreen)
    text = written.read_text()
    assert "Year 7 literacy group started; EP visit booked." in text
    assert "Share maths gap analysis with HoD" in text
    assert stat.S_IMODE(os.stat(written).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(exports).st_mode) == 0o700
    assert [p.name for p in exports.iterdir()] == [written.name]


async def test_the_export_preview_shows_nested_notes_indented(autumn_1_paths):
    with Store.open(autumn_1_paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        m1 = store.find_meeting(jane.id, "2026/27", "autumn-1")
        store.set_notes(m1.id, "reading-age", "assess", "Reading ages?",
                        "Retests:\n  Year 7\n    two groups\nDone by Easter")
    async with meeting(autumn_1_paths, "Jane Smith", "2026/27", "autumn-1",
                       size=(80, 24)) as pilot:
        app = pilot.app
        await pilot.press("ctrl+e")
        await screen_open(pilot, ExportScreen)
        assert isinstance(app.screen, ExportScreen)

        preview = app.screen.query_one(MarkdownPreview)

        def lines() -> list[str]:
            return preview.plain.replace("\u00a0", " ").splitlines()

        # the note's first part is drawn at once, the rest in a thread
        await wait_until(pilot, lambda: any(line.strip() == "Done by Easter"
                                            for line in lines()), "the preview's notes")
        shown_lines = lines()
        start = next(i for i, line in enumerate(shown_lines) if line.strip() == "Retests:")
        assert [line.rstrip() for line in shown_lines[start:start + 4]] == [
            "Retests:", "  Year 7", "    two groups", "Done by Easter"]


async def test_export_names_the_file_as_the_cli_does_and_says_why_it_cannot_write(
        seeded_paths):
    from senco_tui.notes_file import file_name

    seeded_paths.config_dir.mkdir(parents=True)
    blocked = seeded_paths.config_dir.parent / "a-file"
    blocked.write_text("not a folder")
    export_to(seeded_paths, blocked / "exports")
    async with meeting(seeded_paths) as pilot:
        app = pilot.app
        said = record_notices(app)
        await pilot.press("ctrl+e")
        await screen_open(pilot, ExportScreen)
        assert file_name(app.screen.notes) in shown(app.screen, "#export-where")
        await pilot.press("w")
        await wait_until(pilot, lambda: said, "a word on why it cannot write")
        assert any(m.startswith("Could not write the notes: ") and "\n" not in m
                   and "a-file" in m for m in said)
        assert isinstance(app.screen, ExportScreen)


async def test_the_export_preview_wraps_a_long_question_in_view(seeded_paths):
    ask = ("How do attendance, suspensions, part-time timetables and alternative provision "
           "look for pupils with SEND, compared with other pupils?")
    with Store.open(seeded_paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        m2 = store.find_meeting(jane.id, "2026/27", "autumn-2")
        store.set_status(m2.id, "attendance-suspensions", "standing", ask, "amber")
    for size in ((80, 24), (120, 40)):
        async with meeting(seeded_paths, size=size) as pilot:
            app = pilot.app
            await pilot.press("ctrl+e")
            await screen_open(pilot, ExportScreen)
            preview = app.screen.query_one(MarkdownPreview)
            await app.workers.wait_for_complete()
            await wait_until(pilot, lambda preview=preview: "Not discussed" in preview.plain,
                             "the whole preview")
            # every line fits beside the scrollbar: none is cut at the screen's edge
            width = preview.scrollable_content_region.width
            assert preview.show_vertical_scrollbar
            assert max(line.cell_length for line in preview.lines) <= width
            # the long question (a heading) is all there, wrapped over lines in view
            in_view = " ".join(line.crop(0, width).text.strip() for line in preview.lines)
            assert ask in " ".join(in_view.split())
