"""What a stored field may hold: the same rules for both backends.

Names, schools, owners, attendees and action text are cleaned when stored (nothing a
terminal would obey; names on one line); notes are kept as typed and shown safely.
"""

from __future__ import annotations

from senco_tui.calendar import valid_year
from senco_tui.errors import UserError
from senco_tui.records import CARRY_POLICIES
from senco_tui.safe_text import safe_text


def one_line(text: str) -> str:
    """A name as one line, safe for a terminal: tabs, newlines and runs of spaces become
    one space; escape sequences and bidi overrides go (see safe_text)."""
    return " ".join(safe_text(text).split())


def required(text: str, message: str) -> str:
    text = text.strip()
    if not text:
        raise UserError(message)
    return text


def senco_name(name: str) -> str:
    return required(one_line(name), "a SENCo needs a name")


def action_text(text: str) -> str:
    """An action's text as stored: safe for a terminal (its lines kept), never empty."""
    return required(safe_text(text, multiline=True), "an action needs some text")


def check_choice(value: str, choices: tuple[str, ...], what: str) -> None:
    if value not in choices:
        raise ValueError(f"{what} must be one of {', '.join(choices)}, not {value!r}")


def check_carry_policy(policy: str | None) -> None:
    if policy is not None:
        check_choice(policy, CARRY_POLICIES, "carry policy")


def check_year(year: str) -> None:
    # stored exactly as the calendar writes it: "2026/27", never "2026-27" or padded
    try:
        canonical = valid_year(year)
    except ValueError:
        canonical = None
    if canonical != year:
        raise ValueError(f"academic year must look like 2026/27, not {year!r}")


def review_target(key: str) -> tuple[str, str | int]:
    """A carried item's key ("action:12", "question:gcse-outcomes") as the reviews table's
    column and value."""
    kind, _, ident = key.partition(":")
    return ("action_id", int(ident)) if kind == "action" else ("question_id", ident)
