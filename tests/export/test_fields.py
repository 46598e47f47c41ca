"""Fields every export writes alike: the event's day, 3–4 digit CAMEO codes, numeric ids, clean TSV."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from dyads.export.fields import cameo_code, event_day, numeric_id, write_tsv


@pytest.mark.issue(22)
@pytest.mark.parametrize(
    ("date", "precision", "first_seen", "day"),
    [
        ("2004-03-23", "day", "2004-03-25", dt.date(2004, 3, 23)),
        ("2004-03-23", "day", None, dt.date(2004, 3, 23)),
        ("2004-03-23", None, None, dt.date(2004, 3, 23)),  # a record from before precisions were stored
        ("2004-03", "month", "2004-03-25", dt.date(2004, 3, 25)),
        ("2003", "year", "2004-03-25", dt.date(2004, 3, 25)),
        ("2004-03-15", "week", "2004-03-25", dt.date(2004, 3, 25)),  # "last week": no exact day
        (None, None, "2004-03-25", dt.date(2004, 3, 25)),
        ("2004-03", "month", None, None),
        (None, None, None, None),
    ],
)
def test_fields_event_day_is_the_events_own_day_else_its_first_report(date, precision, first_seen, day):
    assert event_day({"date": date, "date_precision": precision, "first_seen": first_seen}) == day


@pytest.mark.issue(22)
@pytest.mark.parametrize(
    ("code", "written"),
    [
        ("03", "030"),
        ("3", "030"),
        ("20", "200"),
        ("010", "010"),
        ("190", "190"),
        ("1246", "1246"),
        ("0311", "0311"),
    ],
)
def test_fields_cameo_code_has_three_or_four_digits(code, written):
    assert cameo_code(code) == written


@pytest.mark.issue(22)
def test_fields_numeric_id_is_stable_and_fits_a_signed_64_bit_integer():
    assert numeric_id("e0123456789abcdef") == 0x0123456789ABCDE
    assert numeric_id("effffffffffffffff") == 2**60 - 1 < 2**63


def test_fields_write_tsv_keeps_each_row_on_one_line_of_unquoted_fields():
    handle = io.StringIO()
    assert write_tsv([["a\tb", 'say "no"', "line\nbreak"]], handle, header=["x", "y", "z"]) == 1
    assert handle.getvalue() == "x\ty\tz\na b\tsay 'no'\tline break\n"
