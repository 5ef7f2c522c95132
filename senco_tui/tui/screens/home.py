"""Home: the SENCos you line-manage, their meetings, and "start this half-term's meeting"."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from senco_tui.calendar import short_date
from senco_tui.errors import UserError
from senco_tui.records import HALF_TERM_TITLES
from senco_tui.safe_text import safe_text


class HomeScreen(Screen):
    COMPONENT_CLASSES = {"year--red"}  # a Red count in the year's strip
    sencos: list = []
    summaries: dict = {}  # meeting id -> MeetingSummary, for the meetings listed
    _painted = False
    start_verb = "Start"  # "Continue" once this half-term's meeting exists
    BINDINGS = [
        # the footer says what the button says: Start, or Continue once it exists
        # (short words: every key fits in the footer at 80 columns)
        Binding("s", "start('Start')", "Start", id="home.start",
                tooltip="Start (or continue) this half-term's meeting"),
        Binding("s", "start('Continue')", "Continue", id="home.continue",
                tooltip="Start (or continue) this half-term's meeting"),
        # its button shows the key (the footer has no room for it at 80 columns)
        Binding("o", "other", "Other half-term", id="home.other", show=False),
        # before n and e: still in the footer at 80 columns
        Binding("delete", "delete_meeting", "Delete", id="home.delete_meeting",
                key_display="del", tooltip="Delete the highlighted meeting (only one with "
                                           "nothing recorded: opened by mistake)"),
        # del on any other row says why it does nothing (and is not in the footer)
        Binding("delete", "delete_meeting('any')", show=False, id="home.delete_meeting.why"),
        # the strip's title shows the key, as the buttons do (no room in the footer at 80)
        Binding("y", "year", "Year", id="home.year", show=False,
                tooltip="The year at a glance for the highlighted SENCo"),
        Binding("n", "add_senco", "Add SENCo", id="home.add_senco"),
        Binding("e", "edit_senco", "Edit SENCo", id="home.edit_senco"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    def compose(self) -> ComposeResult:
        # Only what the first frame shows: the title and the SENCos. The meetings pane
        # (blank until a SENCo's details are read) and the footer (blank until Textual
        # has the screen's keys) are mounted straight after it (see _first_paint_done),
        # so the SENCos show as soon as Textual is up.
        # a plain title line: Textual's Header (icon, clock machinery) costs start-up time
        yield Static("senco-tui", id="title", markup=False)
        # the panes sit side by side in the screen itself (no container around them:
        # every container is another full-height area to style and paint)
        with Vertical(id="sencos-pane"):
            yield Static("SENCos", classes="pane-title")
            yield OptionList(id="sencos", markup=False)

    def on_mount(self) -> None:
        self.sencos = []
        self.watch(self.app, "app_focus", self._app_focused, init=False)
        try:
            self.refresh_sencos(meetings=False)
        except UserError as exc:  # the read-only glance met a damaged page
            self.app.show_fatal(str(exc))
            return
        self.call_after_refresh(self._first_paint_done)

    async def _first_paint_done(self) -> None:
        from senco_tui.tui.textual_hooks import QuietFooter

        await self.mount(QuietFooter())
        self.refresh_bindings()  # a footer mounted now learns the keys from this
        year, half = self.app.current_half_term()
        await self.mount(Vertical(
            Static("", id="senco-info", markup=False),
            Static("", id="year-strip", markup=False),
            Horizontal(
                Button(f"Start {HALF_TERM_TITLES[half]} {year} meeting (s)", id="start",
                       variant="primary"),
                Button("Other half-term… (o)", id="other"),
                id="start-row"),
            Static("Meetings held", classes="pane-title"),
            OptionList(id="meetings", markup=False),
            id="meetings-pane"), after="#sencos-pane")
        self._painted = True
        # meetings need the checklist (YAML) for their progress
        if self.app.store is not None and self.is_attached:
            self.refresh_meetings()
        if not self.sencos:
            self.action_add_senco()

    def label_start(self) -> None:
        # Under the app's -wide breakpoint the long label pushed "Other half-term…" off
        # screen; the year is today's, so it can go.
        year, half = self.app.current_half_term()
        when = f"{HALF_TERM_TITLES[half]} {year} meeting" if self.app.size.width >= 100 \
            else HALF_TERM_TITLES[half]
        self.query_one("#start", Button).label = f"{self.start_verb} {when} (s)"

    def on_resize(self, event: events.Resize) -> None:
        if self._painted:
            self.label_start()

    def on_screen_resume(self) -> None:
        # back from a meeting (its progress has changed) or a dialog
        self.reload()

    def _app_focused(self, focused: bool) -> None:
        # back from another window, where `senco-tui senco add` may have been run
        if focused and self.is_current:
            self.reload()

    def reload(self) -> None:
        """The SENCos and meetings read again (the CLI, in another terminal, may have
        changed them); the same SENCo stays highlighted, and the focus where it was."""
        if self._painted and self.app.store is not None:
            senco = self.senco
            self.refresh_sencos(select_id=senco.id if senco else None, focus=False)

    @property
    def senco(self):
        i = self.query_one("#sencos", OptionList).highlighted
        return self.sencos[i] if self.sencos and i is not None else None

    def refresh_sencos(self, select_id: int | None = None, meetings: bool = True,
                       focus: bool = True) -> None:
        sencos = self.app.store.list_sencos()
        olist = self.query_one("#sencos", OptionList)
        changed = sencos != self.sencos
        self.sencos = sencos
        if changed:  # (an unchanged list keeps its highlight and scroll as they are)
            olist.set_options(
                # names from an older store may hold what a terminal obeys: shown, not obeyed
                Option(f"{safe_text(s.name)}\n  {safe_text(s.school)}", id=f"senco-{s.id}")
                for s in sencos
            )
        if sencos and (changed or select_id is not None):
            index = next((i for i, s in enumerate(sencos) if s.id == select_id), 0)
            olist.highlighted = index
        if sencos and focus:
            olist.focus()
        if meetings:
            self.refresh_meetings()

    def highlight_senco(self, senco_id: int) -> None:
        index = next((i for i, s in enumerate(self.sencos) if s.id == senco_id), None)
        if index is not None:
            self.query_one("#sencos", OptionList).highlighted = index

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "sencos" and self._painted:
            self.refresh_meetings()
        elif event.option_list.id == "meetings":
            self.refresh_bindings()  # del: only for a meeting with nothing recorded

    def on_descendant_focus(self, event) -> None:
        self._mark_focus(event.widget, True)

    def on_descendant_blur(self, event) -> None:
        self._mark_focus(event.widget, False)

    def _mark_focus(self, widget, focused: bool) -> None:
        """The list with the keys has its title marked and a row highlighted: the one
        enter and del act on."""
        if widget.id not in ("sencos", "meetings"):
            return
        widget.parent.query_one(".pane-title").set_class(focused, "-focused")
        if focused and widget.highlighted is None and widget.option_count:
            widget.highlighted = 0
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "start":
            return parameters[0] == self.start_verb if parameters else True
        if action == "delete_meeting" and not parameters:  # the one in the footer
            return self.highlighted_meeting(deletable=True) is not None
        return True

    def highlighted_meeting(self, deletable: bool = False):
        """The meeting highlighted in the meetings list while it has the keys, or None
        (deletable: only one with nothing recorded in it)."""
        if not self._painted:
            return None
        meetings = self.query_one("#meetings", OptionList)
        index = meetings.highlighted
        if self.focused is not meetings or index is None:  # (still so under the palette)
            return None
        option_id = meetings.get_option_at_index(index).id
        summary = self.summaries.get(int(option_id.removeprefix("meeting-"))) \
            if option_id else None
        if summary is None or (deletable and summary.recorded):
            return None
        return summary.meeting

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "meetings" and event.option.id:
            meeting = self.app.store.get_meeting(int(event.option.id.removeprefix("meeting-")))
            self.app.open_meeting(self.senco, meeting.year, meeting.half_term)
        elif event.option_list.id == "sencos":
            self.query_one("#meetings", OptionList).focus()

    def refresh_meetings(self) -> None:
        from senco_tui.checklist import ChecklistError
        from senco_tui.meeting import progress, summaries

        senco = self.senco
        info = self.query_one("#senco-info", Static)
        meetings = self.query_one("#meetings", OptionList)
        self.query_one("#start-row").display = senco is not None
        strip = self.query_one("#year-strip", Static)
        if senco is None:
            info.update("No SENCo yet: press n to add the SENCo you line-manage.")
            strip.display = False
            meetings.clear_options()
            return
        # after the meetings are shown: it reads every meeting of the year
        self.call_after_refresh(self.show_year, senco.id)
        problem = ""
        try:
            checklist = self.app.checklist_set(senco.checklist_set)
        except (ChecklistError, UserError) as exc:
            checklist = None
            first = str(exc).splitlines()[0] if str(exc) else ""
            problem = f"\nChecklist set '{senco.checklist_set}' has problems: {first}"
        title = checklist.title if checklist else senco.checklist_set
        from senco_tui.meeting import carry_policy_for
        from senco_tui.records import CARRY_POLICY_WORDS

        policy = carry_policy_for(senco, self.app.settings.carry_policy)
        carried = f"\nWhat carries forward: {CARRY_POLICY_WORDS[policy]}"
        info.update(safe_text(" · ".join(p for p in (senco.name, senco.school, title) if p))
                    + carried + safe_text(problem, multiline=True))
        year, half = self.app.current_half_term()
        exists = self.app.store.find_meeting(senco.id, year, half)
        verb = "Continue" if exists else "Start"
        if verb != self.start_verb:
            self.start_verb = verb
            self.refresh_bindings()
        self.label_start()
        held_rows, opened_rows = [], []
        before = meetings.highlighted
        before_id = meetings.get_option_at_index(before).id if before is not None else None
        self.summaries = {}
        # without the checklist only what was recorded is known, not the totals
        for summary in reversed(summaries(self.app.store, senco.id,
                                          checklist.half_terms if checklist else None)):
            self.summaries[summary.meeting.id] = summary
            m = summary.meeting
            done = progress(summary)
            # a meeting with records but no date (recorded outside the app, or the date
            # cleared) was held: only an empty one is "not held yet"
            held = short_date(m.held_on) or ("no date" if summary.recorded else "not held yet")
            row = Option(f"{m.label:<17} {held:<12}  {done}", id=f"meeting-{m.id}")
            (held_rows if summary.held else opened_rows).append(row)
        # "Meetings held" lists the meetings that were; one only opened (to prepare it, or
        # by mistake) is listed apart, where del can remove it
        rows = held_rows + ([Option("Opened, nothing recorded yet:", disabled=True),
                             *opened_rows] if opened_rows else [])
        meetings.set_options(rows or [Option("No meetings yet: press s to start one.",
                                             disabled=True)])
        # the same meeting stays highlighted (the one del or enter would act on)
        ids = [row.id for row in rows]
        if before_id is not None and before_id in ids:
            meetings.highlighted = ids.index(before_id)
        elif meetings.has_focus and rows:
            meetings.highlighted = next(i for i, row in enumerate(rows) if not row.disabled)
        self.refresh_bindings()

    # -- actions -----------------------------------------------------------------

    def action_start(self, verb: str = "") -> None:
        if self.senco is not None:
            year, half = self.app.current_half_term()
            self.app.open_meeting(self.senco, year, half)

    def action_other(self) -> None:
        from senco_tui.tui.screens.forms import ChooseMeeting

        senco = self.senco
        if senco is None:
            return

        def chosen(result: tuple[str, str] | None) -> None:
            if result is not None:
                self.app.open_meeting(senco, *result)

        self.app.push_screen(ChooseMeeting(*self.app.current_half_term()), chosen)

    def action_delete_meeting(self, which: str = "deletable") -> None:
        from senco_tui.tui.screens.forms import ConfirmDialog

        meeting = self.highlighted_meeting()
        if meeting is None:
            self.notify("Choose a meeting in the list first (tab, then ↑↓).")
            return
        if not self.app.writable():
            return
        from senco_tui.meeting import delete_meeting, summaries

        summary = next(s for s in summaries(self.app.store, meeting.senco_id, None)
                       if s.meeting.id == meeting.id)
        if summary.recorded:
            self.notify(f"The {meeting.label} meeting has notes, statuses or actions "
                        "recorded, so it cannot be deleted.", severity="warning", timeout=8)
            return

        def confirmed(yes) -> None:
            if not yes:
                return
            try:
                delete_meeting(self.app.store, meeting)
            except UserError as exc:
                self.notify(str(exc), severity="warning", timeout=8)
                return
            self.notify(f"Deleted the empty {meeting.label} meeting.")
            self.refresh_meetings()

        self.app.push_screen(ConfirmDialog(
            f"Delete the {meeting.label} meeting?", "Nothing is recorded in it.",
            "It can be started again at any time.", "Delete (enter)"), confirmed)

    def show_year(self, senco_id: int) -> None:
        """This academic year's strip beside the highlighted SENCo (if still highlighted)."""
        from senco_tui import year
        from senco_tui.meeting import carry_policy_for
        from senco_tui.tui.year.render import strip_text

        senco = self.senco
        if senco is None or senco.id != senco_id or not self.is_attached:
            return
        strip = self.query_one("#year-strip", Static)
        current = self.app.current_half_term()
        try:
            grid = year.load(self.app.store, senco, current[0],
                             self.app.year_checklist(senco.checklist_set), self.app.today,
                             current, carry_policy_for(senco, self.app.settings.carry_policy))
        except UserError:
            strip.display = False  # the store says why elsewhere
            return
        strip.display = True
        strip.update(strip_text(grid, self.get_component_rich_style("year--red",
                                                                    partial=True)))

    def action_year(self) -> None:
        if self.senco is not None:
            self.app.open_year(self.senco)

    def action_add_senco(self) -> None:
        self._senco_form(None)

    def action_edit_senco(self) -> None:
        if self.senco is not None:
            self._senco_form(self.senco)

    def _senco_form(self, senco) -> None:
        from senco_tui.tui.screens.forms import SencoForm

        def saved(result) -> None:
            if result is not None:
                self.refresh_sencos(select_id=result.id)

        self.app.push_screen(SencoForm(senco, first_run=not self.sencos), saved)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        elif event.button.id == "other":
            self.action_other()
