"""The academic calendar: which academic year and half-term a date belongs to.

England's usual boundaries, fixed so they are easy to predict (a user setting,
[half_term_starts] in settings.toml, may move them):

    autumn-1  1 Sep   start of the academic year
    autumn-2  1 Nov   after the October half-term
    spring-1  1 Jan
    spring-2  20 Feb  after the February half-term
    summer-1  15 Apr  after the Easter holidays (Easter moves; this is a typical end)
    summer-2  1 Jun   after the May half-term; August counts as summer-2

A date before the (possibly moved) autumn-1 start still belongs to autumn-1 of
the academic year that began on 1 September.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta

from senco_tui.records import HALF_TERMS

DEFAULT_STARTS = {
    "autumn-1": "09-01",
    "autumn-2": "11-01",
    "spring-1": "01-01",
    "spring-2": "02-20",
    "summer-1": "04-15",
    "summer-2": "06-01",
}

_MM_DD = re.compile(r"^(\d{2})-(\d{2})$")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# dates typed in the app: compiled by re when first used (no command needs them)
_ISO = r"^(\d{4})-(\d{1,2})-(\d{1,2})$"
_UK = r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$"
# 2026/27, or 2026-27 as in file names, or 2026/2027 in full
_YEAR = re.compile(r"^(\d{4})[/-](\d{2}|\d{4})$")
# The academic years senco-tui handles: "0000/01" is a typo, not a meeting to record
FIRST_YEAR, LAST_YEAR = 2000, 2099


def academic_year(d: date) -> str:
    """2026-09-01 .. 2027-08-31 -> "2026/27"."""
    first = d.year if d.month >= 9 else d.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def _position(month: int, day: int) -> tuple[int, int]:
    """Place a month/day within the academic year (September first, August last)."""
    return ((month - 9) % 12, day)


def _starts(starts: dict[str, str] | None) -> list[tuple[tuple[int, int], str]]:
    """The six starts, defaults overridden by `starts`, validated and in order."""
    merged = dict(DEFAULT_STARTS)
    for name, value in (starts or {}).items():
        if name not in DEFAULT_STARTS:
            raise ValueError(
                f"unknown half-term '{name}' in half_term_starts; "
                f"use one of: {', '.join(HALF_TERMS)}"
            )
        merged[name] = value
    result: list[tuple[tuple[int, int], str]] = []
    for name in HALF_TERMS:
        value = merged[name]
        m = _MM_DD.match(value) if isinstance(value, str) else None
        month, day = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        if not (1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]):
            raise ValueError(
                f"start of {name} is {value!r}: use a month and day as MM-DD, e.g. "
                f"{DEFAULT_STARTS[name]!r}"
            )
        pos = _position(month, day)
        if result and pos <= result[-1][0]:
            before = HALF_TERMS[len(result) - 1]
            raise ValueError(
                f"start of {name} ({value}) is not after the start of {before} "
                f"({merged[before]}); half-terms run September to August in the order "
                f"{', '.join(HALF_TERMS)}"
            )
        result.append((pos, name))
    return result


def check_starts(starts: dict[str, str] | None) -> None:
    """Raise ValueError naming the half-term if an override is not a valid MM-DD in order."""
    _starts(starts)


def half_term(d: date, starts: dict[str, str] | None = None) -> str:
    """The half-term `d` falls in (ValueError if `starts` is invalid)."""
    pos = _position(d.month, d.day)
    found = HALF_TERMS[0]
    for start, name in _starts(starts):
        if pos >= start:
            found = name
    return found


def current(d: date, starts: dict[str, str] | None = None) -> tuple[str, str]:
    """(academic year, half-term) of `d`: the meeting the app proposes today."""
    return academic_year(d), half_term(d, starts)


def half_term_dates(year: str, ht: str, starts: Mapping[str, str] | None = None
                    ) -> tuple[date, date]:
    """The first and last day of a half-term: from its start (1 September for autumn-1,
    as above) to the day before the next one starts (31 August for summer-2)."""
    first_year = int(valid_year(year)[:4])
    begins = {name: pos for pos, name in _starts(dict(starts) if starts else None)}

    def day(name: str) -> date:
        (offset, day_of_month) = begins[name]
        month = (offset + 8) % 12 + 1
        # 02-29 in a year without one: the half-term starts the day after 28 February
        return (date(first_year + (month < 9), month, 1)
                + timedelta(days=day_of_month - 1))

    i = HALF_TERMS.index(ht)
    first = date(first_year, 9, 1) if i == 0 else day(ht)
    last = (date(first_year + 1, 8, 31) if i + 1 == len(HALF_TERMS)
            else day(HALF_TERMS[i + 1]) - timedelta(days=1))
    return first, last


def next_half_term(year: str, ht: str) -> tuple[str, str]:
    """The half-term after (`year`, `ht`); summer-2 is followed by the next year's autumn-1."""
    i = HALF_TERMS.index(ht)
    if i + 1 < len(HALF_TERMS):
        return year, HALF_TERMS[i + 1]
    return _shift_year(year, 1), HALF_TERMS[0]


def previous_half_term(year: str, ht: str) -> tuple[str, str]:
    """The half-term before (`year`, `ht`); autumn-1 is preceded by last year's summer-2."""
    i = HALF_TERMS.index(ht)
    if i > 0:
        return year, HALF_TERMS[i - 1]
    return _shift_year(year, -1), HALF_TERMS[-1]


def _shift_year(year: str, by: int) -> str:
    first = int(valid_year(year)[:4]) + by
    return f"{first}/{(first + 1) % 100:02d}"


def valid_year(text: str) -> str:
    """The academic year as "2026/27" (also given as 2026-27 or 2026/2027), else ValueError."""
    text = text.strip()
    m = _YEAR.match(text)
    if not m:
        raise ValueError(f"academic year '{text}' is not like 2026/27 (YYYY/YY)")
    first, second = int(m.group(1)), int(m.group(2))
    if not FIRST_YEAR <= first <= LAST_YEAR:
        raise ValueError(f"academic year '{text}' is not one senco-tui handles: use a year "
                         f"from {FIRST_YEAR}/{(FIRST_YEAR + 1) % 100:02d} to "
                         f"{LAST_YEAR}/{(LAST_YEAR + 1) % 100:02d}, e.g. 2026/27")
    if len(m.group(2)) == 4 and second == first + 1:
        second %= 100  # 2026/2027 in full
    if second != (first + 1) % 100:
        expected = f"{first}/{(first + 1) % 100:02d}"
        raise ValueError(
            f"academic year '{text}' should run over two consecutive years: "
            f"did you mean {expected}?"
        )
    return f"{first}/{second:02d}"


def short_date(d: date | None) -> str:
    """30/11/2026, as parse_due reads it back and as English schools write dates; "" for none."""
    return d.strftime("%d/%m/%Y") if d else ""


def parse_due(text: str) -> date:
    """A due date typed by the user: 2026-11-30, 30/11/2026 or 30/11/26."""
    text = text.strip()
    hint = "use 30/11/2026 or 2026-11-30"
    if m := re.match(_ISO, text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := re.match(_UK, text):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if len(m.group(3)) == 2:
            year += 2000  # due dates are in this century
    else:
        raise ValueError(f"due date '{text}' is not a date; {hint}")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"due date '{text}' is not a real date; {hint}") from None
