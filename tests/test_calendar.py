from datetime import date, timedelta

import pytest

from senco_tui import calendar


@pytest.mark.parametrize("d, year", [
    (date(2026, 9, 1), "2026/27"),
    (date(2026, 11, 28), "2026/27"),
    (date(2027, 8, 31), "2026/27"),
    (date(2026, 8, 31), "2025/26"),
    (date(2099, 9, 1), "2099/00"),
])
def test_academic_year(d, year):
    assert calendar.academic_year(d) == year


@pytest.mark.parametrize("d, ht", [
    (date(2026, 9, 1), "autumn-1"),
    (date(2026, 10, 31), "autumn-1"),
    (date(2026, 11, 1), "autumn-2"),
    (date(2026, 12, 31), "autumn-2"),
    (date(2027, 1, 1), "spring-1"),
    (date(2027, 2, 19), "spring-1"),
    (date(2027, 2, 20), "spring-2"),
    (date(2027, 4, 14), "spring-2"),
    (date(2027, 4, 15), "summer-1"),
    (date(2027, 5, 31), "summer-1"),
    (date(2027, 6, 1), "summer-2"),
    (date(2027, 7, 20), "summer-2"),
    (date(2027, 8, 15), "summer-2"),  # August counts as summer-2
])
def test_half_term_defaults(d, ht):
    assert calendar.half_term(d) == ht


def test_current():
    assert calendar.current(date(2026, 11, 28)) == ("2026/27", "autumn-2")
    assert calendar.current(date(2027, 8, 31)) == ("2026/27", "summer-2")


def test_overrides_move_the_boundaries():
    starts = {"autumn-2": "10-28", "summer-1": "04-06"}
    assert calendar.half_term(date(2026, 10, 27), starts) == "autumn-1"
    assert calendar.half_term(date(2026, 10, 28), starts) == "autumn-2"
    assert calendar.half_term(date(2027, 4, 6), starts) == "summer-1"
    # the others keep their defaults
    assert calendar.half_term(date(2027, 2, 20), starts) == "spring-2"


def test_date_before_a_moved_autumn_1_start_is_still_autumn_1():
    assert calendar.current(date(2026, 9, 2), {"autumn-1": "09-04"}) == ("2026/27", "autumn-1")


@pytest.mark.parametrize("starts, words", [
    ({"autumn-2": "10-32"}, ["autumn-2", "'10-32'", "MM-DD"]),
    ({"spring-2": "2-20"}, ["spring-2", "MM-DD"]),
    ({"summer-1": "april"}, ["summer-1", "MM-DD"]),
    ({"spring-1": "02-30"}, ["spring-1", "MM-DD"]),
    ({"spring-2": "01-01"}, ["spring-2", "not after the start of spring-1"]),
    ({"autumn-2": "08-01"}, ["autumn-2"]),  # August is the end of the year, not the start
    ({"autumn-3": "11-01"}, ["unknown half-term 'autumn-3'"]),
])
def test_bad_overrides_name_the_half_term(starts, words):
    with pytest.raises(ValueError) as info:
        calendar.half_term(date(2026, 11, 28), starts)
    for word in words:
        assert word in str(info.value)
    with pytest.raises(ValueError):
        calendar.check_starts(starts)


def test_leap_day_override_is_accepted():
    calendar.check_starts({"spring-2": "02-29"})
    assert calendar.half_term(date(2027, 3, 1), {"spring-2": "02-29"}) == "spring-2"


def test_next_and_previous_half_term():
    assert calendar.next_half_term("2026/27", "autumn-1") == ("2026/27", "autumn-2")
    assert calendar.next_half_term("2026/27", "summer-2") == ("2027/28", "autumn-1")
    assert calendar.previous_half_term("2026/27", "autumn-1") == ("2025/26", "summer-2")
    assert calendar.previous_half_term("2026/27", "spring-1") == ("2026/27", "autumn-2")
    assert calendar.next_half_term("2099/00", "summer-2") == ("2100/01", "autumn-1")


def test_valid_year():
    assert calendar.valid_year(" 2026/27 ") == "2026/27"
    assert calendar.valid_year("2099/00") == "2099/00"
    with pytest.raises(ValueError, match="did you mean 2026/27"):
        calendar.valid_year("2026/28")
    assert calendar.valid_year("2026-27") == "2026/27"  # as in export file names
    assert calendar.valid_year("2026/2027") == "2026/27"  # written in full
    with pytest.raises(ValueError, match="did you mean 2026/27"):
        calendar.valid_year("2026/1927")
    with pytest.raises(ValueError, match="YYYY/YY"):
        calendar.valid_year("26/27")


@pytest.mark.parametrize("text", ["2026-11-30", "30/11/2026", "30/11/26", " 2026-11-30 "])
def test_parse_due(text):
    assert calendar.parse_due(text) == date(2026, 11, 30)


def test_parse_due_single_digits():
    assert calendar.parse_due("1/2/2027") == date(2027, 2, 1)


def test_parse_due_rejects_impossible_dates_clearly():
    with pytest.raises(ValueError) as info:
        calendar.parse_due("31/02/2026")
    assert str(info.value) == (
        "due date '31/02/2026' is not a real date; use 30/11/2026 or 2026-11-30"
    )
    with pytest.raises(ValueError, match="'2026-13-01' is not a real date"):
        calendar.parse_due("2026-13-01")


@pytest.mark.parametrize("text", ["next week", "30.11.2026", "11/30", "", "2026/11/30"])
def test_parse_due_rejects_other_text(text):
    with pytest.raises(ValueError, match="use 30/11/2026 or 2026-11-30"):
        calendar.parse_due(text)


@pytest.mark.parametrize("starts", [
    None,
    {"autumn-1": "09-04", "summer-1": "04-03"},  # a late start, an early Easter
    {"spring-2": "02-29"},  # a leap day: in other years, 1 March
])
def test_half_term_dates_hold_exactly_the_days_half_term_gives_it(starts):
    for year in ("2026/27", "2027/28"):  # 2028 has a 29 February
        first_day = date(int(year[:4]), 9, 1)
        days = [first_day + timedelta(days=n) for n in range(366)]
        for ht in ("autumn-1", "autumn-2", "spring-1", "spring-2", "summer-1", "summer-2"):
            first, last = calendar.half_term_dates(year, ht, starts)
            assert [d for d in days if calendar.academic_year(d) == year
                    and calendar.half_term(d, starts) == ht] == \
                [first + timedelta(days=n) for n in range((last - first).days + 1)]
    assert calendar.half_term_dates("2026/27", "autumn-2") == (date(2026, 11, 1),
                                                               date(2026, 12, 31))
