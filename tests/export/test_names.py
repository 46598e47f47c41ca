"""Actor names from the actor files: the person or body a code stands for, else its country or role."""

from __future__ import annotations

import datetime as dt

import pytest

from dyads.export.names import is_state, known_name, parse_code, place_name, resolved_name, roles
from dyads.resources import word_set


@pytest.mark.parametrize(
    ("code", "head", "country", "roles"),
    [
        ("CHNGOV", "CHN", "CHN", ("GOV",)),
        ("USA", "USA", "USA", ()),
        ("IGOUNOHCR", "IGO", None, ("IGO",)),
        ("NGOHRI", "NGO", None, ("NGO", "HRI")),
        ("PSEREBHMS", "PSE", "PSE", ("REB",)),
        ("GOV", "GOV", None, ("GOV",)),
    ],
)
def test_names_parse_code(code, head, country, roles):
    parts = parse_code(code)
    assert (parts.head, parts.country, parts.roles) == (head, country, roles)


@pytest.mark.issue(22)
@pytest.mark.parametrize(
    ("code", "raw", "day", "name"),
    [
        ("PAKGOV", "Musharraf", "2004-01-06", "Pervez Musharraf"),
        ("SDNGOV", "Foreign Minister Mustafa Osman Ismail", "2004-07-30", "Mustafa Osman Ismail"),
        ("RUSGOV", "Igor Ivanov, the secretary", "2004-05-06", "Igor Ivanov"),  # not Sergei, also "Ivanov"
        ("USAGOV", "Bush", "2004-01-06", "George W. Bush"),  # his father held office before
        ("IGOUNO", "U.N. Secretary-General Kofi Annan", "2004-03-22", "Kofi Annan"),
        ("IGOSASSAR", "seven SAARC members", None, "South Asian Association for Regional Cooperation"),
        ("IGOUNOHCR", "the UN refugee agency", None, "United Nations High Commissioner for Refugees"),
        ("PSEREBHMS", "the group", None, "Hamas"),
        ("IGOUNO", "it", None, "United Nations"),
        ("NGOHRI", "HRW", None, "Human Rights Watch"),
        ("NGOHRI", "Human Rights Watch", None, "Human Rights Watch"),
        ("USAGOV", "Bush administration", "2004-01-06", None),  # the government, not the president
        ("CHNGOV", "he", None, None),
        ("NGOHRI", "rights groups", None, None),  # a code many bodies share names none
    ],
)
def test_names_known_name(code, raw, day, name):
    assert known_name(code, raw, dt.date.fromisoformat(day) if day else None) == name


@pytest.mark.issue(22)
@pytest.mark.parametrize(
    ("code", "raw", "name"),
    [
        ("CHNGOV", "He", "China"),
        ("CHN", "it", "China"),
        ("RUS", "Moscow", "Russia"),
        ("EURGOV", "they", "Europe"),
        ("GOV", "she", "Government"),
        ("NGOHRI", "they", "Rights Activist"),
        ("PAKGOV", "Musharraf", "Pervez Musharraf"),
        (None, None, None),
    ],
)
def test_names_resolved_name_is_never_the_words_of_the_text(code, raw, name):
    assert resolved_name(code, raw, dt.date(2004, 3, 1)) == name


@pytest.mark.parametrize(
    ("code", "name", "state"),
    [
        ("TUR", "Turkey", True),
        ("KOR", "South Korea", True),
        ("XKX", "Kosovo", True),
        ("SUN", "Soviet Union", True),
        ("AFR", "Africa", False),
        ("UIG", "Uighur", False),
    ],
)
def test_names_place_name_and_is_state(code, name, state):
    assert (place_name(code), is_state(code)) == (name, state)


def test_names_roles_cover_every_role_the_coder_gives():
    assert set(roles()) == word_set("actors/words.tsv", "actor_roles")
    assert all(role.label and role.code == code for code, role in roles().items())
