"""Carry-forward rules: which items from earlier meetings are still open.

Pure functions over plain records; no SQL, no widgets.
"""

# No `from __future__ import annotations` here: the NamedTuples' field types are then
# objects, not strings typing compiles one by one as every process starts (a few ms)

from collections.abc import Callable, Container, Iterable
from datetime import date
from typing import Literal, NamedTuple

from senco_tui.records import (
    DEFAULT_CARRY_POLICY,
    STALE_AFTER,
    Action,
    Answer,
    CarryPolicy,
    ItemKind,
    Meeting,
    Review,
    Status,
)


def concern_statuses(policy: CarryPolicy) -> frozenset[Status]:
    """The statuses that make a question an open item under a carry policy (open actions
    always are one); any other status rated later resolves it."""
    return _CONCERNS[policy]


_CONCERNS: dict[CarryPolicy, frozenset[Status]] = {
    "red": frozenset({"red"}), "amber-and-red": frozenset({"amber", "red"}),
    "none": frozenset(),
}


def concern(answer: Answer, policy: CarryPolicy) -> bool:
    """The answer leaves its question open: a status the policy carries, on a question not
    marked never carried when it was asked."""
    return answer.carry and answer.status in concern_statuses(policy)

# Where a carried item stands in the meeting it was carried into: not reviewed yet, kept
# open (a review, or rated amber/red again where this meeting asks it), done, dropped,
# or resolved (rated green/n-a where this meeting asks it).
CarryState = Literal["unreviewed", "open", "done", "dropped", "resolved"]
STAYS_OPEN: tuple[CarryState, ...] = ("unreviewed", "open")  # it carries into the next one


def _state(resolved_by: Status | None, decision: Review | None,
           rated_here: Status | None) -> CarryState:
    """CarryItem.state, from the three facts it rests on (a year's tally counts actions
    by it without making them into items)."""
    if resolved_by is not None:
        return "resolved"
    if decision is not None:
        return decision.decision
    if rated_here is not None:
        return "open"  # rated amber or red again here: discussed, and it stays open
    return "unreviewed"


class CarryItem(NamedTuple):
    kind: ItemKind
    key: str  # "action:12" | "question:gcse-outcomes"
    text: str  # the action's text, or the question as asked
    section: str  # section slug of the question ("" for an action with no question)
    question_id: str | None
    action: Action | None
    origin: Meeting  # where it was raised (action) / last rated amber or red (question)
    origin_status: Status | None  # question: "amber" or "red"
    origin_notes: str  # question: the notes from that meeting
    carried: int  # meetings held after the origin, up to and including this one
    overdue: bool  # an open action whose due date has passed
    stale: bool  # carried STALE_AFTER times or more
    last_update: str  # newest review note from an earlier meeting ("" if none)
    decision: Review | None  # this meeting's review of it, if any
    resolved_by: Status | None  # question rated "green"/"na" in this meeting
    rated_here: Status | None = None  # question: its status in this meeting, whatever it is

    @property
    def state(self) -> CarryState:
        """Where it stands in this meeting (the one definition the app and export show)."""
        return _state(self.resolved_by, self.decision, self.rated_here)

    @property
    def reviewed(self) -> bool:
        return self.state != "unreviewed"

    @property
    def open_after(self) -> bool:
        """Still open once this meeting is done (so it carries into the next)."""
        return self.state in STAYS_OPEN


class Tally(NamedTuple):
    """A meeting's flow (carry_forward) as a year of meetings counts it: the questions as
    items, the actions by id only (a year carries thousands of actions and names few)."""

    questions_in: list[CarryItem]  # the questions carried into it, as open_items lists them
    questions_left: list[CarryItem]  # the questions left open, as still_open lists them
    actions_in: list[int]  # ids of the actions carried into it
    actions_left: dict[int, int]  # the actions left open: id -> times carried (0: agreed here)
    overdue_left: int  # of those, overdue


def open_items(
    meeting: Meeting,
    meetings: Iterable[Meeting],
    answers: Iterable[Answer],
    actions: Iterable[Action],
    reviews: Iterable[Review],
    today: date,
    policy: CarryPolicy = DEFAULT_CARRY_POLICY,
) -> list[CarryItem]:
    """Items carried INTO `meeting` from academically earlier meetings of its SENCo.

    An item closed before this meeting is left out; one closed in this meeting is
    kept, with `decision` / `resolved_by` saying how; one closed in a later meeting
    still shows as open here (the history stays true). Pass the SENCo's records;
    records of other SENCos' meetings are ignored.
    """
    return _History(meeting, meetings, answers, actions, reviews, today, policy).carried_in()


def still_open(
    meeting: Meeting,
    meetings: Iterable[Meeting],
    answers: Iterable[Answer],
    actions: Iterable[Action],
    reviews: Iterable[Review],
    today: date,
    policy: CarryPolicy = DEFAULT_CARRY_POLICY,
) -> list[CarryItem]:
    """Everything that will carry into the meeting after `meeting`.

    Carried items that stay open, plus this meeting's own open actions and
    amber/red questions (origin this meeting, carried 0). A carried question rated
    amber/red again here is the new one only: its origin moves to this meeting.
    """
    return _History(meeting, meetings, answers, actions, reviews, today, policy).left_open()


def carry_forward(
    meeting: Meeting,
    meetings: Iterable[Meeting],
    answers: Iterable[Answer],
    actions: Iterable[Action],
    reviews: Iterable[Review],
    today: date,
    policy: CarryPolicy = DEFAULT_CARRY_POLICY,
) -> tuple[list[CarryItem], list[CarryItem]]:
    """(open_items, still_open) in one pass, for loading a whole meeting."""
    return _History(meeting, meetings, answers, actions, reviews, today, policy).flow()


def tally_each(
    wanted: Iterable[Meeting],
    meetings: Iterable[Meeting],
    answers: Iterable[Answer],
    actions: Iterable[Action],
    reviews: Iterable[Review],
    as_of: Callable[[Meeting], date],
    policy: CarryPolicy = DEFAULT_CARRY_POLICY,
    held_ids: set[int] | None = None,
) -> dict[int, Tally]:
    """carry_forward for each of several meetings of one SENCo (e.g. a year's), as a Tally,
    reading the records once: meeting id -> Tally. `as_of(meeting)` is the day OVERDUE is
    measured from in that meeting; `held_ids` what `held` gives for these records, when
    the caller has it already."""
    chosen = sorted(wanted, key=lambda m: m.order)
    if not chosen:
        return {}
    every = [*meetings, *chosen]
    history = _History(chosen[0], every, answers, actions, reviews, as_of(chosen[0]), policy,
                       held_ids)
    # an action closed before the first of them, or agreed after the last, is in none
    first, last = history.pos[chosen[0].id], history.pos[chosen[-1].id]
    history.actions = [a for a in history.actions if history.pos[a.meeting_id] <= last
                       and not ((closed := history._closed_at(a)) is not None and closed < first)]
    history.facts = None
    return {m.id: history.at(m, as_of(m)).tally() for m in chosen}


AnswerKey = tuple[int, str]  # one answer: (meeting id, question id)


def actions_read(meetings: Iterable[Meeting], reviews: Iterable[Review],
                 start: tuple[str, int]) -> set[int]:
    """Of a SENCo's actions, `tally_each` of their meetings from academic position `start`
    on, and `held`, rest on every open one and those agreed or closed in the meetings this
    returns: the meetings from `start` on, and those only their actions or answers could
    make held. The rest change nothing they give: an action closed before `start` is in
    none of those meetings. (A year's grid lists no other: its open actions, and those
    agreed or closed in the year.)"""
    return _read_whole(list(meetings), (), reviews, start)


def _read_whole(meetings: list[Meeting], actions: Iterable[Action], reviews: Iterable[Review],
                start: tuple[str, int]) -> set[int]:
    """The meetings whose records a year from `start` rests on all of: those from `start`
    on, and those that only the records left out of `held` here (answers, and actions
    unless given) could make held."""
    held_anyway = held(meetings, (), actions, reviews)
    return {m.id for m in meetings if m.order >= start or m.id not in held_anyway}


def answers_read(meetings: Iterable[Meeting], actions: Iterable[Action],
                 reviews: Iterable[Review], index: Iterable[tuple[int, str, int]],
                 start: tuple[str, int]) -> tuple[set[int], set[AnswerKey]]:
    """Which of a SENCo's answers `tally_each` of their meetings from academic position
    `start` on, and `held`, rest on (with every meeting and review, and the actions
    `actions_read` names): the rest change nothing they give. `index` names each of the
    SENCo's answers: (meeting id, question id, 1 if rated else 0). Returns (meetings whose
    answers all count, single answers):

    - every answer of the meetings from `start` on, and of those that only their answers
      could make held;
    - before `start`, each question's latest rating (what it carries in from then);
    - each question's last answer in the store's order, by meeting id (its section and
      wording as last recorded, for an action, or a question no checklist asks now).

    An action's own meeting's answers give its section only when it is made an item,
    which a tally does for the actions of the meetings it counts alone."""
    meetings = list(meetings)
    whole = _read_whole(meetings, actions, reviews, start)
    before = {m.id: m.order for m in meetings if m.order < start}
    last: dict[str, int] = {}  # question -> meeting id of its last answer
    rated: dict[str, tuple[tuple[str, int], int]] = {}  # question -> (position, meeting id)
    for meeting_id, question_id, is_rated in index:
        if meeting_id > last.get(question_id, -1):
            last[question_id] = meeting_id
        if is_rated and (at := before.get(meeting_id)) is not None and (
                question_id not in rated or at > rated[question_id][0]):
            rated[question_id] = (at, meeting_id)
    chosen = [*last.items(), *((q, m) for q, (_, m) in rated.items())]
    return whole, {(m, q) for q, m in chosen if m not in whole}


def recorded(answers: Iterable[Answer], actions: Iterable[Action],
             reviews: Iterable[Review]) -> set[int]:
    """Ids of the meetings with anything recorded in them: a question discussed, an action
    agreed or closed there, a carried item reviewed. Only an empty meeting (opened by
    mistake) may be deleted."""
    ids = {r.meeting_id for r in reviews}
    for action in actions:
        ids.add(action.meeting_id)
        if action.closed_meeting_id is not None:
            ids.add(action.closed_meeting_id)
    # answers last: only a meeting not counted yet needs its answers looked at
    ids.update(a.meeting_id for a in answers if a.meeting_id not in ids and a.discussed)
    return ids


def held(meetings: Iterable[Meeting], answers: Iterable[Answer], actions: Iterable[Action],
         reviews: Iterable[Review]) -> set[int]:
    """Ids of the meetings that took place: a date held, or anything recorded in them."""
    return {m.id for m in meetings if m.held_on is not None} | recorded(answers, actions,
                                                                        reviews)


def times_carried(held_before: list[int], origin: int, seen: int) -> int:
    """How many times an item raised at position `origin` has been carried by the time it is
    seen at position `seen` (positions in academic order): once into each meeting held in
    between, and into the one it is seen in, held or not. A meeting opened by mistake,
    with nothing recorded, does not count. `held_before[i]` is how many meetings before
    position i were held (see `held_prefix`)."""
    if seen <= origin:
        return 0
    return 1 + held_before[seen] - held_before[origin + 1]


def held_prefix(ordered: Iterable[Meeting], held_ids: set[int]) -> list[int]:
    """held_before[i]: how many of the first i meetings (academic order) were held."""
    counts = [0]
    for m in ordered:
        counts.append(counts[-1] + (m.id in held_ids))
    return counts


def actions_carried(meetings: Iterable[Meeting], answers: Iterable[Answer],
                    actions: Iterable[Action], reviews: Iterable[Review]) -> dict[int, int]:
    """action id -> times carried: into the meeting that closed it, or, while open, into the
    SENCo's latest meeting (as that meeting shows it)."""
    ordered = sorted(meetings, key=lambda m: m.order)
    answers, actions, reviews = list(answers), list(actions), list(reviews)
    held_before = held_prefix(ordered, held(ordered, answers, actions, reviews))
    pos = {m.id: i for i, m in enumerate(ordered)}
    latest = len(ordered) - 1
    counts = {}
    for action in actions:
        if action.meeting_id not in pos:
            continue
        closer = action.closed_meeting_id
        seen = latest if action.status == "open" or closer is None else pos.get(closer, latest)
        counts[action.id] = times_carried(held_before, pos[action.meeting_id], seen)
    return counts


def goes_on(item: CarryItem, raised_again: Container[str]) -> bool:
    """A carried item carries on into the next meeting: still open after this one, unless it
    is a question raised again here (`raised_again`: their ids), which this meeting's own
    item then stands for."""
    return item.open_after and (item.kind == "action" or item.question_id not in raised_again)


def raised_again(answers_here: Iterable[Answer], policy: CarryPolicy) -> set[str]:
    """The questions a meeting raises (again) for the next one: rated a concern there."""
    return {a.question_id for a in answers_here if concern(a, policy)}


def _action_decision(action: Action, meeting: Meeting, review: Review | None) -> Review | None:
    """A meeting's decision on a carried action: its review there; but where the action
    says it was closed there and no review says so, the action is trusted over the
    missing review."""
    closed_here = action.status != "open" and action.closed_meeting_id == meeting.id
    if closed_here and (review is None or review.decision == "open"):
        return Review(0, meeting.id, "action", action.id, action.question_id, action.status,
                      "", action.closed_at or "")
    return review


def redecided(item: CarryItem, meeting: Meeting, review: Review | None, action: Action | None,
              today: date) -> CarryItem | None:
    """A carried item of `meeting` after its decision there changed: `review`, its review
    there now (None: none), and for an action, the action as it now is. The same item a
    read of the whole history gives, worked out alone: a decision changes nothing else
    about it (where it came from, how often it was carried, the updates before). None
    when it is no longer carried into `meeting` (its action gone, or closed elsewhere)."""
    if item.action is None:
        return item._replace(decision=review)
    if action is None or not (action.status == "open" or action.closed_meeting_id == meeting.id):
        return None
    return item._replace(text=action.text, action=action, overdue=action.overdue(today),
                         decision=_action_decision(action, meeting, review))


def _review_key(r: Review) -> str:
    return f"action:{r.action_id}" if r.kind == "action" else f"question:{r.question_id}"


_new = tuple.__new__

# An item with what it sorts by: overdue first, then where it came from (its academic
# position), kind, action id (as a number), key. Keys are unique, so the item itself is
# never compared.
_Keyed = tuple[bool, int, str, int, str, CarryItem]
# (action, key, origin meeting, its position, position of the meeting closing it)
_ActionFacts = tuple[Action, str, Meeting, int, int | None]


def _keyed(item: CarryItem, origin: int) -> _Keyed:
    ident = item.action.id if item.action is not None else 0
    return (not item.overdue, origin, item.kind, ident, item.key, item)


class _History:
    """One pass over a SENCo's records, indexed by academic position.

    Linear in the number of records (plus sorting the meetings), so a long-served
    SENCo's meeting still opens at once.
    """

    def __init__(self, meeting: Meeting, meetings: Iterable[Meeting], answers: Iterable[Answer],
                 actions: Iterable[Action], reviews: Iterable[Review], today: date,
                 policy: CarryPolicy = DEFAULT_CARRY_POLICY,
                 held_ids: set[int] | None = None) -> None:
        self.default_policy = policy  # for a meeting whose own is not fixed yet
        ordered = sorted(
            {m.id: m for m in (*meetings, meeting) if m.senco_id == meeting.senco_id}.values(),
            key=lambda m: m.order,
        )
        self.by_id = {m.id: m for m in ordered}
        self.pos = {m.id: i for i, m in enumerate(ordered)}
        answer_list, action_list, review_list = list(answers), list(actions), list(reviews)
        self.actions = [a for a in action_list if a.meeting_id in self.pos]
        if held_ids is None:
            held_ids = held(ordered, answer_list, action_list, review_list)
        self.held_before = held_prefix(ordered, held_ids)
        # each meeting's answers and reviews, by academic position
        self.answers_at: list[list[Answer]] = [[] for _ in ordered]
        self.reviews_at: list[list[Review]] = [[] for _ in ordered]
        self.any_section: dict[str, str] = {}  # each question's section, as last recorded
        # (names held locally: these loops see every record of the SENCo)
        pos, answers_at, any_section = self.pos, self.answers_at, self.any_section
        for a in answer_list:
            p = pos.get(a.meeting_id)
            if p is None:
                continue
            answers_at[p].append(a)
            any_section[a.question_id] = a.section
        reviews_at = self.reviews_at
        for r in review_list:
            p = pos.get(r.meeting_id)
            if p is not None:
                reviews_at[p].append(r)
        self._sections_at: dict[int, dict[str, str]] = {}  # see _section_of
        self._swept = 0  # meetings before this position are in the state below
        self.last_rated: dict[str, tuple[int, Answer]] = {}
        # each item's newest review note so far: (position, review id, note)
        self.newest_note: dict[str, tuple[int, int, str]] = {}
        self.closed_by_review: dict[str, int] = {}
        self.facts: list[_ActionFacts] | None = None  # self.actions', made when first needed
        self.at(meeting, today)

    def at(self, meeting: Meeting, today: date) -> "_History":
        """Stand in `meeting` (of the same SENCo, not before the last one stood in): what was
        left open before it, and what it recorded. Moving on reads only the meetings in
        between."""
        self.meeting = meeting
        self.today = today
        self.here = self.pos[meeting.id]
        # the policy this meeting carries under: fixed when it was first recorded, so a
        # change of policy never alters (or hides the decisions of) a meeting already held
        self.policy = meeting.carry_policy or self.default_policy
        assert self.here >= self._swept, "meetings are visited in academic order"
        # answers: each question's latest rating before this meeting
        last_rated, newest_note = self.last_rated, self.newest_note
        for p in range(self._swept, self.here):
            for a in self.answers_at[p]:
                if a.status is not None:
                    last_rated[a.question_id] = (p, a)  # positions ascend: the latest
            # reviews: earlier notes, and when questions were closed
            for r in self.reviews_at[p]:
                key = _review_key(r)
                if r.note:
                    note = (p, r.id, r.note)
                    if key not in newest_note or note > newest_note[key]:
                        newest_note[key] = note
                if r.kind == "question" and r.decision in ("done", "dropped"):
                    self.closed_by_review[key] = p
        self._swept = self.here
        self.answered_here = {a.question_id: a for a in self.answers_at[self.here]}
        # this meeting's decision on each item (the latest review, should there be two)
        self.decided_here: dict[str, Review] = {}
        for r in self.reviews_at[self.here]:
            key = _review_key(r)
            if key not in self.decided_here or self.decided_here[key].id < r.id:
                self.decided_here[key] = r
        return self

    def _carried(self, origin: int) -> int:
        return times_carried(self.held_before, origin, self.here)

    def _closed_at(self, action: Action) -> int | None:
        """Position of the meeting that closed `action`; None while open.

        An action closed outside any known meeting counts as closed before all of them.
        """
        if action.status == "open":
            return None
        if action.closed_meeting_id is None:
            return -1
        return self.pos.get(action.closed_meeting_id, -1)

    def _last_update(self, key: str, after: int) -> str:
        """The newest note on it written after position `after` (the newest of all, when
        that is after `after`; else there is none)."""
        newest = self.newest_note.get(key)
        return newest[2] if newest is not None and newest[0] > after else ""

    def _section_of(self, action: Action) -> str:
        if action.question_id is None:
            return ""
        # as asked in the action's own meeting (its last answer there), else as last recorded
        at = self.pos[action.meeting_id]
        asked = self._sections_at.get(at)
        if asked is None:  # each meeting's looked up once, for all its actions
            asked = self._sections_at[at] = {a.question_id: a.section
                                             for a in self.answers_at[at]}
        found = asked.get(action.question_id)
        return found if found is not None else self.any_section.get(action.question_id, "")

    def _action_facts(self) -> list[_ActionFacts]:
        """Each action with what no meeting changes: its key, origin meeting, and the
        positions of its origin and of the meeting that closed it. (Its section is looked
        up as it is made an item: a year's tally makes items of the year's own actions
        only, so it reads no earlier meeting's answers for them; see answers_read.)"""
        if self.facts is None:
            self.facts = [(a, f"action:{a.id}", self.by_id[a.meeting_id],
                           self.pos[a.meeting_id], self._closed_at(a)) for a in self.actions]
        return self.facts

    def _action_item(self, facts: _ActionFacts, carried: int,
                     decision: Review | None) -> _Keyed:
        action, key, origin, at, _ = facts
        overdue = action.overdue(self.today)
        section = self._section_of(action)
        # every field, in CarryItem's order, without its __new__: the year makes thousands
        item = _new(CarryItem, ("action", key, action.text, section, action.question_id,
                                action, origin, None, "",  # origin_status, origin_notes
                                carried, overdue, carried >= STALE_AFTER,
                                self._last_update(key, at), decision,
                                None, None))  # resolved_by, rated_here
        return (not overdue, at, "action", action.id, key, item)

    def _question_item(self, answer: Answer, carried: int, decision: Review | None,
                       resolved_by: Status | None, rated_here: Status | None = None
                       ) -> _Keyed:
        key = f"question:{answer.question_id}"
        at = self.pos[answer.meeting_id]
        # every field, in CarryItem's order (see _action_item)
        item = _new(CarryItem, ("question", key, answer.question_text, answer.section,
                                answer.question_id, None, self.by_id[answer.meeting_id],
                                answer.status, answer.notes,  # origin_status, origin_notes
                                carried, False, carried >= STALE_AFTER,  # overdue, stale
                                self._last_update(key, at), decision, resolved_by, rated_here))
        return (True, at, "question", 0, key, item)

    def carried_in(self) -> list[CarryItem]:
        return [k[-1] for k in self._carried_in()]

    def left_open(self, carried: list[CarryItem] | None = None) -> list[CarryItem]:
        return [k[-1] for k in self._left_open(self._carried_in() if carried is None else
                                               [_keyed(i, self.pos[i.origin.id])
                                                for i in carried])]

    def flow(self) -> tuple[list[CarryItem], list[CarryItem]]:
        """(carried_in, left_open) of the meeting stood in, sorting each once."""
        carried = self._carried_in()
        return [k[-1] for k in carried], [k[-1] for k in self._left_open(carried)]

    def tally(self) -> Tally:
        """flow() as a Tally: the actions counted, not made into items."""
        now, held_before, today = self.here, self.held_before, self.today
        actions_in = self._actions_in()
        left: dict[int, int] = {}  # as in Tally
        overdue = 0
        for facts, decision in actions_in:
            if _state(None, decision, None) in STAYS_OPEN:  # as the item's open_after
                action = facts[0]
                left[action.id] = times_carried(held_before, facts[3], now)
                overdue += action.overdue(today)
        questions_in = self._questions_in()
        questions_in.sort()
        # of carried questions only: it adds this meeting's own items (its actions too)
        still = self._left_open(questions_in)
        for k in still:
            item = k[-1]
            if item.action is not None:
                left[item.action.id] = 0
                overdue += item.overdue
        return Tally(questions_in=[k[-1] for k in questions_in],
                     questions_left=[k[-1] for k in still if k[2] == "question"],
                     actions_in=[facts[0].id for facts, _ in actions_in],
                     actions_left=left, overdue_left=overdue)

    def _actions_in(self) -> list[tuple[_ActionFacts, Review | None]]:
        """The actions carried into the meeting stood in, each with its decision there."""
        found = []
        now, decided = self.here, self.decided_here
        for facts in self._action_facts():
            action, key, _, origin, closed = facts
            if origin >= now or (closed is not None and closed < now):
                continue
            decision = _action_decision(action, self.meeting, decided.get(key))
            found.append((facts, decision))
        return found

    def _questions_in(self) -> list[_Keyed]:
        """The questions carried into the meeting stood in, as items (unsorted)."""
        items = []
        policy, closed, answered = self.policy, self.closed_by_review, self.answered_here
        for qid, (origin, answer) in self.last_rated.items():
            key = f"question:{qid}"
            if not concern(answer, policy) or closed.get(key, -1) > origin:
                continue
            here = answered.get(qid)
            status_here = here.status if here is not None else None
            # rated here: still open under the policy, or resolved by any other status
            resolved_by = (status_here if status_here is not None and here is not None
                           and not concern(here, policy) else None)
            items.append(self._question_item(answer, self._carried(origin),
                                             self.decided_here.get(key), resolved_by,
                                             status_here))
        return items

    def _carried_in(self) -> list[_Keyed]:
        now, held_before = self.here, self.held_before
        items = [self._action_item(facts, times_carried(held_before, facts[3], now), decision)
                 for facts, decision in self._actions_in()]
        items += self._questions_in()
        items.sort()
        return items

    def _left_open(self, carried: list[_Keyed]) -> list[_Keyed]:
        """Of `carried` (sorted), what stays open, with this meeting's own open actions and
        the questions it rated amber or red; sorted."""
        again = raised_again(self.answered_here.values(), self.policy)
        # a question raised again here is replaced by this meeting's own item below
        items = [k for k in carried if goes_on(k[-1], again)]
        for facts in self._action_facts():
            closed = facts[4]
            if facts[3] == self.here and (closed is None or closed > self.here):
                items.append(self._action_item(facts, 0, None))
        for qid in again:
            items.append(self._question_item(self.answered_here[qid], 0, None, None))
        items.sort()
        return items
