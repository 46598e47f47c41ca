import pytest

from dyads.places import gazetteer


@pytest.mark.parametrize(
    ("name", "countries", "regions", "expected"),
    [
        ("Geneva", {"USA", "CHN"}, (), ("Geneva", "CHE", "city")),
        ("Paris", {"USA"}, (), ("Paris", "FRA", "city")),
        ("Paris", {"USA"}, ("Texas",), ("Paris", "USA", "city")),
        ("Washington", (), (), ("Washington", "USA", "city")),
        ("Georgia", (), (), ("Georgia", "GEO", "country")),
        ("Alaska", (), (), ("Alaska", "USA", "region")),
        ("Zurich", (), (), ("Zürich", "CHE", "city")),
    ],
)
def test_places_lookup_disambiguates_by_article(name, countries, regions, expected):
    place = gazetteer().lookup(name, countries=countries, regions=regions)
    assert (place.name, place.country, place.feature) == expected
    assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180


def test_places_unknown_name_is_none():
    assert gazetteer().lookup("Middle-earth") is None


def test_places_event_is_located_by_its_clause(coder):
    (mention,) = [
        m
        for m in coder.code_text("Chinese and Russian diplomats met in Geneva on Monday.")
        if m.cameo == "040"
    ][:1]
    assert mention.place is not None
    assert (mention.place.name, mention.place.country, mention.place.geonameid) == ("Geneva", "CHE", 2660646)


def test_places_capital_as_actor_is_not_the_place(coder):
    mentions = coder.code_text("Beijing criticized Washington.")
    assert [m.place for m in mentions] == [None]


@pytest.mark.parametrize(
    ("name", "country", "place"),
    [
        ("Islamabad", "PAK", "Islamabad"),  # not Chittagong, once called Islamabad
        ("Calcutta", "IND", "Kolkata"),  # a former name of a far bigger city
        ("Bombay", "IND", "Mumbai"),
    ],
)
def test_places_own_names_and_former_names(name, country, place):
    found = gazetteer().lookup(name)
    assert (found.country, found.name) == (country, place)
