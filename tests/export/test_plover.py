"""PLOVER JSON lines: one POLECAT-style object per event."""

from __future__ import annotations

import datetime as dt

import pytest

from dyads.export.plover import event_object

RECORD = {
    "event_id": "e0123456789abcdef",
    "date": "2004",
    "date_precision": "year",
    "first_seen": "2004-03-23",
    "source": "CHNGOV",
    "source_name": "It",
    "target": "EURGOV",
    "target_name": "European governments",
    "cameo": "11",
    "quadclass": 3,
    "goldstein": -2.0,
    "plover_type": "ACCUSE",
    "plover_mode": None,
    "plover_context": ["human_rights"],
}


@pytest.mark.issue(22)
def test_plover_event_object_is_dated_to_the_day_with_a_full_code():
    item = event_object(RECORD, day=dt.date(2004, 3, 23))
    assert (item["id"], item["date"], item["cameo_code"], item["quad_code"]) == (
        "e0123456789abcdef",
        "2004-03-23",
        "110",
        "VERBAL CONFLICT",
    )


@pytest.mark.issue(22)
def test_plover_event_object_names_actors_from_the_actor_files():
    item = event_object(RECORD, day=dt.date(2004, 3, 23))
    assert (item["actor_name"], item["actor_name_raw"], item["actor_country"], item["actor_sectors"]) == (
        "China",
        "It",
        "CHN",
        ["GOV"],
    )
    # Europe is a region, not a country: no ISO-3 code.
    assert (item["recipient_name"], item["recipient_country"]) == ("Europe", None)
