import datetime as dt

import pytest

from dyads.dates import resolve_date

THURSDAY = dt.date(2004, 3, 25)
TUESDAY = dt.date(2004, 3, 23)


@pytest.mark.parametrize(
    ("text", "published", "future", "expected"),
    [
        ("Tuesday", THURSDAY, False, ("2004-03-23", "day")),
        ("Tuesday", TUESDAY, False, ("2004-03-23", "day")),
        ("on Friday", THURSDAY, True, ("2004-03-26", "day")),
        ("last Tuesday", TUESDAY, False, ("2004-03-16", "day")),
        ("yesterday", THURSDAY, False, ("2004-03-24", "day")),
        ("today", THURSDAY, False, ("2004-03-25", "day")),
        ("last week", THURSDAY, False, ("2004-03-15", "week")),
        ("this week", THURSDAY, False, ("2004-03-22", "week")),
        ("earlier this month", THURSDAY, False, ("2004-03", "month")),
        ("last month", dt.date(2004, 1, 10), False, ("2003-12", "month")),
        ("March 3", THURSDAY, False, ("2004-03-03", "day")),
        ("3 March 2003", THURSDAY, False, ("2003-03-03", "day")),
        ("March 3, 2003", None, False, ("2003-03-03", "day")),
        ("in 2003", THURSDAY, False, ("2003", "year")),
        ("last year", THURSDAY, False, ("2003", "year")),
        ("December", dt.date(2004, 3, 25), False, ("2003-12", "month")),
    ],
)
def test_resolve_date_relative_to_publication(text, published, future, expected):
    resolved = resolve_date(text, published, future=future)
    assert resolved is not None
    assert (resolved.date, resolved.precision) == expected
    assert resolved.text == text


@pytest.mark.parametrize("text", ["Tuesday", "yesterday", "last week", "March 3"])
def test_resolve_date_relative_without_publication_is_unresolved(text):
    assert resolve_date(text, None) is None


def test_resolve_date_nonsense_is_none():
    assert resolve_date("the other day", THURSDAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 3-5", ("2004-03-03", "day")),
        ("from March 3 to 5", ("2004-03-03", "day")),
        ("between 1998 and 2003", ("1998", "year")),
        ("since 2001", ("2001", "year")),
        ("last weekend", ("2004-03-20", "day")),
    ],
)
def test_resolve_date_ranges_start_at_their_first_day(text, expected):
    resolved = resolve_date(text, THURSDAY)
    assert resolved is not None
    assert (resolved.date, resolved.precision) == expected


@pytest.mark.parametrize("text", ["for three days", "two weeks", "a decade"])
def test_resolve_date_durations_are_not_dates(text):
    assert resolve_date(text, THURSDAY) is None


def test_resolve_date_at_the_ends_of_the_calendar_is_none_not_an_error():
    assert resolve_date("yesterday", dt.date.min) is None
    assert resolve_date("tomorrow", dt.date.max) is None
    assert resolve_date("on Sunday", dt.date.min) is None  # 1 January of year 1 was a Monday


def test_shifted_holds_within_the_calendar():
    from dyads.dates import shifted

    assert shifted(dt.date.min, -3) == dt.date.min
    assert shifted(dt.date.max, 6) == dt.date.max
    assert shifted(dt.date(2004, 3, 25), -3) == dt.date(2004, 3, 22)
