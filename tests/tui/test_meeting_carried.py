"""What was carried forward, reviewed in the next meeting: done, kept open with an
update, dropped, edited, rated where this meeting asks it (Pilot)."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, OptionList
from tui_helpers import (
    back_to,
    go_to_row,
    meeting,
    paste,
    record_notices,
    screen_open,
    shown,
    wait_until,
)
from tui_seed import meeting_answers

from senco_tui.store import Store
from senco_tui.tui.meeting.rows import CarriedRow
from senco_tui.tui.screens.forms import ActionDialog, DropDialog, UpdateDialog

AUTUMN_2 = ("Jane Smith", "2026/27", "autumn-2")
SPRING_1 = ("Jane Smith", "2026/27", "spring-1")


def prompt(outline: OptionList, index: int) -> str:
    return str(outline.get_option_at_index(index).prompt)


def carried(screen):
    """The highlighted carried item (fails if the highlight is on anything else)."""
    row = screen.current
    assert isinstance(row, CarriedRow), row
    return row.item


async def test_next_half_term_reviews_carried_items(autumn_1_paths):
    async with meeting(autumn_1_paths, *AUTUMN_2) as pilot:
        app = pilot.app
        screen = app.screen
        outline = screen.query_one("#outline", OptionList)
        assert prompt(outline, 0) == "CARRIED FORWARD (3)"
        # grouped by section: the question, then its action (overdue, marked in words)
        assert prompt(outline, 1) == " Assess"
        assert prompt(outline, 2).startswith(" ?  Q Have you reviewed GCSE outcome data?")
        assert prompt(outline, 3).startswith(" ?  A OVERDUE Share maths gap analysis")
        await pilot.press("j")  # from the question to its action
        text = shown(screen, "#question")
        assert "From: Autumn 1 2026/27" in text and "Owner: SENCo" in text
        assert "Due: 31/10/2026" in text and "OVERDUE" in text
        await pilot.press("x")  # done
        assert prompt(outline, 3).startswith(" ✓ ")
        await pilot.press("j")
        item = carried(screen)
        await pilot.press("u")
        await screen_open(pilot, UpdateDialog)
        assert isinstance(app.screen, UpdateDialog)
        await paste(pilot, "Retests moved to January")
        await pilot.press("enter")
        await back_to(pilot, screen)
        assert "Kept open — Retests moved to January" in shown(screen, "#question")
        await pilot.press("k", "k")  # back up to the question
        third = carried(screen)
        assert third.kind == "question"
        await pilot.press("d")
        await screen_open(pilot, DropDialog)
        await pilot.press("enter")  # yes, drop it
        await back_to(pilot, screen)
        assert "Dropped" in shown(screen, "#question")
        await pilot.press("ctrl+q")

    with Store.open(autumn_1_paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        reviews = {(r.kind, r.action_id or r.question_id): (r.decision, r.note)
                   for r in store.senco_reviews(jane.id)}
        actions = {a.text: a.status for a in store.senco_actions(jane.id)}
    assert actions["Share maths gap analysis with HoD"] == "done"
    assert reviews[(item.kind, item.action.id if item.action else item.question_id)] == (
        "open", "Retests moved to January")
    assert reviews[(third.kind, third.action.id if third.action else third.question_id)][0] \
        == "dropped"


async def test_after_E_or_x_on_a_carried_item_the_list_stays_put_under_the_highlight(
        autumn_1_paths):
    with Store.open(autumn_1_paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        earlier = store.get_or_create_meeting(jane.id, "2025/26", "summer-2")
        store.add_action(earlier.id, "gcse-outcomes", "Write the SEN information report",
                         "SENCo", date(2027, 1, 15))
    async with meeting(autumn_1_paths, *AUTUMN_2, size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        outline = screen.query_one("#outline", OptionList)
        await pilot.press("j")
        item = carried(screen)
        assert item.overdue  # due 31/10, before the one due in January
        order = [r.id for r in screen.outline.rows]
        where = outline.highlighted
        await pilot.press("E")
        await screen_open(pilot, ActionDialog)
        app.screen.query_one("#due", Input).value = "31/03/2027"  # now due after the other one
        await pilot.press("enter")
        await back_to(pilot, screen)
        # the list does not re-sort while the meeting is open: the row stays, updated
        assert [r.id for r in screen.outline.rows] == order
        assert outline.highlighted == where and carried(screen).key == item.key
        assert not carried(screen).overdue
        assert "Due: 31/03/2027" in shown(screen, "#question")
        await pilot.press("x")  # and after x, still the same item
        assert carried(screen).key == item.key
        await pilot.press("j")  # then on to the next one as the user saw the list
        assert screen.outline.rows.index(screen.current) == where + 1


async def test_d_on_a_carried_item_asks_and_keeps_the_update_typed_before(autumn_1_paths):
    async with meeting(autumn_1_paths, *AUTUMN_2, size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        await pilot.press("j")
        item = carried(screen)
        await pilot.press("u")
        await screen_open(pilot, UpdateDialog)
        await paste(pilot, "Half done; TA lead chasing")
        await pilot.press("enter")
        await back_to(pilot, screen)
        await pilot.press("d")
        await screen_open(pilot, DropDialog)
        assert isinstance(app.screen, DropDialog)
        # the update typed with u is offered as the reason
        assert app.screen.query_one("#reason", Input).value == "Half done; TA lead chasing"
        await pilot.press("escape")  # not dropped
        await back_to(pilot, screen)
        assert carried(screen).decision.decision == "open"
        await pilot.press("d")
        await screen_open(pilot, DropDialog)
        await pilot.press("enter")
        await back_to(pilot, screen)
        assert app.screen is screen and carried(screen).key == item.key
        text = shown(screen, "#question")
        assert "Dropped — Half done; TA lead chasing" in text
    with Store.open(autumn_1_paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        reviews = [(r.decision, r.note) for r in store.senco_reviews(jane.id)]
    assert reviews == [("dropped", "Half done; TA lead chasing")]


async def test_a_carried_question_is_rated_where_this_meeting_asks_it(autumn_1_paths):
    async with meeting(autumn_1_paths, *SPRING_1) as pilot:
        app = pilot.app
        screen = app.screen
        said = record_notices(app)
        outline = screen.query_one("#outline", OptionList)
        rows = [prompt(outline, i) for i in range(1, 4)]
        assert any(r.startswith(" ?  Q ") for r in rows)
        assert any(r.startswith(" ?  A ") for r in rows)
        # the carried action: 1-4 do not apply, and the app says what does
        await go_to_row(pilot, lambda: isinstance(screen.current, CarriedRow)
                        and screen.current.item.kind == "action", "a carried action")
        await pilot.press("1")
        await wait_until(pilot, lambda: said, "a word on what applies")
        assert any("A carried action has no status: x done, u keep open, d drop, E edit"
                   in n for n in said)


async def test_rating_a_carried_question_in_place_rates_it_here(seeded_paths):
    """profile-reviews was Red in Autumn 2 and Spring 1 asks it again: 1-4 on the carried
    row rate this meeting's question; Green resolves the carried item."""
    async with meeting(seeded_paths, *SPRING_1, size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        said = record_notices(app)
        outline = screen.query_one("#outline", OptionList)
        await go_to_row(pilot, lambda: isinstance(screen.current, CarriedRow)
                        and screen.current.item.question_id == "profile-reviews",
                        "the carried question profile-reviews")
        row = outline.highlighted
        assert prompt(outline, row).startswith(" ?  Q ")
        await pilot.press("2")  # Amber: rated here, still carried
        await wait_until(pilot, lambda: said, "a word on where it was rated")
        assert any("Rated Amber where this meeting asks it" in n for n in said)
        # discussed, and it stays open: no longer "not reviewed"
        assert prompt(outline, row).startswith(" →  Q ")
        assert "Rated Amber again this meeting: still open" in shown(screen, "#question")
        await pilot.press("1")  # Green: resolves it
        assert isinstance(screen.current, CarriedRow)  # the user stays where they were
        assert prompt(outline, row).startswith(" ✓ ")
        assert "Resolved: rated Green this meeting" in shown(screen, "#question")
        here = screen.outline.index_of["q:profile-reviews"]
        assert screen.outline.rows[here].view.answer.status == "green"
    answers, _ = meeting_answers(seeded_paths, "spring-1")
    assert answers["profile-reviews"].status == "green"


async def test_E_gives_an_overdue_carried_action_a_new_due_date_and_owner(autumn_1_paths):
    async with meeting(autumn_1_paths, *AUTUMN_2, size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        await pilot.press("j")  # from the carried question to its action
        item = carried(screen)
        assert item.overdue and item.text.startswith("Share maths")
        assert "OVERDUE" in shown(screen, "#question")
        await pilot.press("E")
        await screen_open(pilot, ActionDialog)
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        assert dialog.query_one("#due", Input).value == "31/10/2026"  # the fields as they are
        dialog.query_one("#owner", Input).value = "Head of maths"
        dialog.query_one("#due", Input).value = "15/12/2026"
        await pilot.press("enter")
        await back_to(pilot, screen)
        assert app.screen is screen
        item = carried(screen)
        assert not item.overdue
        outline = screen.query_one("#outline", OptionList)
        assert "OVERDUE" not in prompt(outline, 3)
        text = shown(screen, "#question")
        assert "Owner: Head of maths" in text and "Due: 15/12/2026" in text
        assert "OVERDUE" not in text
        # a carried question has no action to edit: E says what does work
        await pilot.press("k", "E")
        assert app.screen is screen and carried(screen).kind == "question"
    _, actions = meeting_answers(autumn_1_paths)
    share = next(a for a in actions if a.text.startswith("Share maths"))
    assert (share.owner, share.due, share.status) == ("Head of maths", date(2026, 12, 15), "open")


async def test_a_review_repaints_what_changed_not_the_whole_screen(seeded_paths):
    """x changes a row and the counts: the whole screen painted again for the counts
    (Screen.sub_title, a reactive) doubled the cost of the key on 180 carried items."""
    async with meeting(seeded_paths) as pilot:
        screen = pilot.app.screen
        whole: list[dict] = []
        refresh = screen.refresh

        def spy(*regions, **kwargs):
            if not regions:
                whole.append(kwargs)
            return refresh(*regions, **kwargs)

        screen.refresh = spy
        for key, reviewed in (("x", 1), ("ctrl+z", 0), ("ctrl+y", 1)):
            await pilot.press(key)
            assert f"· {reviewed} of 3 carried reviewed ·" in screen.sub_title
            assert f"· {reviewed} of 3 carried reviewed ·" in shown(screen, "#title")
        assert whole == []


async def test_title_counts_carried_items_reviewed_and_actions_agreed(seeded_paths):
    with Store.open(seeded_paths.data_dir) as store:
        jane = store.find_senco("Jane Smith")
        m2 = store.find_meeting(jane.id, "2026/27", "autumn-2")
        store.add_action(m2.id, "profile-reviews", "Finish the reviews", "SENCo", None)
    async with meeting(seeded_paths, size=(80, 24)) as pilot:
        screen = pilot.app.screen
        assert screen.sub_title.endswith("· 0 of 3 carried reviewed · 1 action agreed")
        await pilot.press("x")
        assert screen.sub_title.endswith("· 1 of 3 carried reviewed · 1 action agreed")
        title = shown(screen, "#title").strip()
        assert "· 1/3 carried · 1 agreed" in title and len(title) <= 80



async def test_a_dialog_shows_the_meeting_below_as_textual_draws_it(autumn_1_paths):
    """A dialog's backdrop (the meeting below, tinted) is drawn once, not at each repaint
    of the dialog: it is the one Textual draws afresh, and a change below shows at the
    dialog's next repaint, as in Textual."""
    from textual._context import visible_screen_stack
    from textual.geometry import Region
    from textual.widget import Widget
    from textual.widgets import Static

    async with meeting(autumn_1_paths, *AUTUMN_2, size=(80, 24)) as pilot:
        app = pilot.app
        screen = app.screen
        await pilot.press("j", "d")
        await screen_open(pilot, DropDialog)
        await pilot.press("a", "b")  # typed into the dialog: its own parts repaint
        await pilot.pause()
        dialog = app.screen
        whole = Region(0, 0, *dialog.size)

        def afresh(crop: Region = whole) -> list:
            dialog._styles_cache.clear()
            visible_screen_stack.set(app._background_screens)  # as the compositor does
            return Widget.render_lines(dialog, crop)

        kept = dialog.render_lines(whole)
        assert any("Carried forward" in line.text for line in kept)  # the meeting below
        assert kept == afresh()
        screen.query_one("#title", Static).update("A title changed below")
        # the change has reached the screen below (as Textual would draw the dialog now;
        # on a loaded machine it can take more than one pause), then the dialog repaints
        await wait_until(pilot, lambda: "A title changed below" in afresh()[0].text,
                         "the change below to be drawn")
        dialog.refresh()
        await pilot.pause()
        kept = dialog.render_lines(whole)
        assert "A title changed below" in kept[0].text
        assert kept == afresh()
        part = Region(3, 2, 10, 4)  # a repaint of part of the screen
        assert dialog.render_lines(part) == afresh(part)
