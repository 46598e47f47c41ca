"""Actor resolution over whole articles: names, titles, capitals, places and references back."""

from __future__ import annotations

import datetime as dt

import pytest

from dyads.actors.resolve import DocActors

ARTICLE = (
    "Chinese Foreign Ministry spokesman Liu Jianchao criticized Washington on Tuesday. "
    "Mr. Liu said the two sides should keep talking. "
    "The spokesman also accused Japan of provocation. "
    "Nicolas Bequelin of Human Rights Watch said the group doubted Beijing's resolve. "
    "Later, the Japanese foreign minister flew to Beijing."
)


@pytest.fixture(scope="module")
def resolved(coder):  # type: ignore[no-untyped-def]
    doc = coder.nlp(ARTICLE)
    return doc, DocActors(doc, coder.kb, day=dt.date(2004, 3, 25))


def _token(doc, text, nth=0):
    return [t for t in doc if t.text == text][nth]


def _actor(coder, text, word, nth=0, day=None):
    """Return the actor dyads resolves the nth `word` of `text` to (None when none)."""
    doc = coder.nlp(text)
    return DocActors(doc, coder.kb, day=day).actor_for(_token(doc, word, nth))


@pytest.mark.parametrize(
    ("word", "nth", "code", "origin"),
    [
        ("Jianchao", 0, "CHNGOV", "person"),
        ("Washington", 0, "USAGOV", "capital"),
        ("Liu", 1, "CHNGOV", "person"),
        ("spokesman", 1, "CHNGOV", "memory"),
        ("Bequelin", 0, "NGOHRI", "memory"),
        ("group", 0, "NGOHRI", "memory"),
        ("Beijing", 0, "CHNGOV", "capital"),
        ("minister", 0, "JPNGOV", "adjective"),
    ],
)
def test_resolve_article_references(resolved, word, nth, code, origin):
    doc, actors = resolved
    actor = actors.actor_for(_token(doc, word, nth))
    assert actor is not None
    assert (actor.code, actor.origin) == (code, origin)


def test_resolve_capital_after_motion_is_a_place(resolved):
    doc, actors = resolved
    actor = actors.actor_for(_token(doc, "Beijing", 1))
    assert (actor.code, actor.origin) == ("CHN", "place")


def test_resolve_the_two_sides_are_the_last_two_countries(resolved):
    doc, actors = resolved
    codes = {actor.code for actor in actors.actors_for(_token(doc, "sides"))}
    assert codes == {"CHN", "USA"}


def test_resolve_people_by_date(coder):
    doc = coder.nlp("Bush met Blair.")
    in_office = DocActors(doc, coder.kb, day=dt.date(2003, 1, 1))
    later = DocActors(doc, coder.kb, day=dt.date(2012, 1, 1))
    assert in_office.actor_for(doc[0]).code == "USAGOV"
    assert later.actor_for(doc[0]).code == "USAELI"
    assert in_office.actor_for(doc[2]).code == "GBRGOV"


def test_resolve_single_sentence_has_no_home_country(coder):
    doc = coder.nlp("The government expressed appreciation for China's assistance.")
    actors = DocActors(doc, coder.kb)
    assert actors.home is None
    assert actors.actor_for(doc[1]).code == "GOV"


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        # an ethnic group composes after its country and before its role; its homeland when none is named
        ("Chinese police arrested Uighur activists.", "activists", "CHNUIGOPP"),
        ("The Uighur minority protested.", "minority", "CHNUIG"),
        ("Myanmar's army expelled Rohingya refugees.", "refugees", "MMRROHREF"),
        ("Iraqi Yazidis accused Islamic State of genocide.", "Yazidis", "IRQYAZ"),
        ("Tamil rebels attacked the army.", "rebels", "LKATAMREB"),
        # a group of several countries and no home country stays the group alone
        ("Druze leaders met the officials.", "leaders", "DRZGOV"),
    ],
)
def test_resolve_ethnic_groups(coder, text, word, code):
    actor = _actor(coder, text, word)
    assert actor is not None and actor.code == code
    assert actor.country == (None if code.startswith("DRZ") else code[:3])


def test_resolve_both_countries_are_not_the_sentences_own_subject(coder):
    text = (
        "India and Pakistan agreed to begin talks. The United States called on both countries to build on it."
    )
    coded = {(m.source.code, m.cameo, m.target.code) for m in coder.code_text(text) if m.target}
    assert {("USA", "020", "IND"), ("USA", "020", "PAK")} <= coded


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # an organization's officials are the organization; its troops are not
        ("IAEA Director General Mohamed ElBaradei", "IGOUNOIAE"),
        ("UN spokesman Fred Eckhard", "IGOUNO"),
        ("UN troops", "IGOUNOMIL"),
    ],
)
def test_resolve_organization_officials(coder, text, code):
    doc = coder.nlp(text)
    assert DocActors(doc, coder.kb).actor_for(doc[:].root).code == code


def test_resolve_foreigners_are_not_of_the_home_country(coder):
    text = (
        "China arrested refugees. Chinese police said foreign aid workers had been arrested. China met Japan."
    )
    doc = coder.nlp(text)
    actors = DocActors(doc, coder.kb)
    assert actors.home == "CHN"
    assert (
        actors.actor_for(_token(doc, "workers")).code == "NGODEV"
    )  # an aid worker of no named country works for an NGO


def test_resolve_a_countrys_own_body_and_a_former_officials_new_title(coder):
    text = "Igor Ivanov, the secretary of Russia's Security Council, met Abashidze."
    doc = coder.nlp(text)
    actors = DocActors(doc, coder.kb, day=dt.date(2004, 5, 6))
    assert actors.actor_for(_token(doc, "Council")).code == "RUSGOV"  # not the UN's
    assert actors.actor_for(_token(doc, "Ivanov")).code == "RUSGOV"  # not a former foreign minister


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the kingdom", "the Gulf state": the last country named as a subject, not its own clause's subject
        ("Saudi Arabia executed 37 people. Iran condemned the kingdom.", ("IRN", "111", "SAU")),
        (
            "Qatar pledged to expel leaders of Egypt's Muslim Brotherhood under an agreement forced on "
            "the wealthy Gulf state by Saudi Arabia.",
            ("SAU", "170", "QAT"),
        ),
    ],
)
def test_resolve_the_state_refers_back_to_a_country(coder, text, expected):
    coded = {(m.source.code, m.cameo, m.target.code if m.target else None) for m in coder.code_text(text)}
    assert expected in coded


def test_resolve_the_state_of_things_is_no_country(coder):
    coded = coder.code_text("Saudi Arabia executed 37 people. The UN criticized the state of the economy.")
    assert all(m.target is None or m.target.country != "SAU" for m in coded if m.source.code == "IGOUNO")


WORDS_IN_CONTEXT = [
    # a bare "the army", "the police" is the last body named with that role, not the last country
    (
        "Israeli troops arrested 12 Palestinians in Nablus yesterday, the army said.",
        "army",
        -1,
        None,
        "ISRMIL",
    ),
    ("Kenyan police detained two Somali men. The police said they were armed.", "police", -1, None, "KENCOP"),
    ("The army said it had repelled the attack.", "army", 0, None, "MIL"),  # nothing to point back to
    # sentence-initial plurals the tagger takes for names ("Rebels/NNPS") are still role words
    ("Rebels attacked the town.", "Rebels", 0, None, "REB"),
    ("Authorities arrested the journalists.", "Authorities", 0, None, "GOV"),
    # a surname alone is its office-holder, unless the text gives another person that surname
    ("Abbott met Obama in Canberra.", "Abbott", 0, dt.date(2014, 5, 1), "AUSGOV"),
    ("Labour MP Diane Abbott criticised the plan.", "Abbott", 0, dt.date(2014, 5, 1), "GBRLEG"),
    ("Police chief Chris Fox spoke. Mr Fox said crime fell.", "Fox", 1, dt.date(2014, 5, 1), "COP"),
    ("President Bush met Laura Bush.", "Bush", 1, dt.date(2014, 5, 1), None),
    ("They may use powers to revoke it.", "powers", 0, dt.date(2014, 5, 1), None),  # a word, not Power
    # ... and a surname inside a longer name it does not end is no office-holder
    ("Baker Hughes Inc said profits rose.", "Baker", 0, dt.date(1987, 5, 1), None),
    ("Senator Howard Metzenbaum criticized the plan.", "Howard", 0, dt.date(1987, 5, 1), "USALEG"),
    # a pronoun points back to the nearest fitting name, even one dyads cannot code, or to a subject
    ("Iran criticized the plan. Mariam Shibly said she would appeal.", "she", 0, None, None),
    ("Russia bombed Idlib. The Karam Foundation said it would leave the city.", "it", 0, None, None),
    (
        "France criticized the ban. The decision was a mistake because it came without warning.",
        "it",
        0,
        None,
        None,
    ),
    ("Iran criticized the plan. It said the plan was illegal.", "It", 0, None, "IRN"),
    # the other side of a relation is not the possessor, unless the phrase says who they are
    ("The US and its allies will expel Iranian forces.", "allies", 0, None, None),
    ("Russia's allies criticized the vote.", "allies", 0, None, None),
    ("Turkey and its Syrian rebel proxies attacked Afrin.", "proxies", 0, None, "SYRREB"),
    # "pro-" and "anti-" make a name a cause, not the group's country
    ("Pro-Russia rebels shelled the town.", "rebels", 0, None, "REB"),
    ("Anti-American protesters marched.", "protesters", 0, None, "OPP"),
    ("Russian rebels shelled the town.", "rebels", 0, None, "RUSREB"),
    # a body a name only modifies still acts; typographic apostrophes stay part of a name
    ("A routine IMF mission is visiting Brasilia.", "mission", 0, None, "IGOIMF"),
    ("The Kurdistan Workers’ Party attacked Turkish soldiers.", "Party", 0, None, "TURREB"),
    # a party stands for the government while in office, for the opposition out of it
    ("Labour leader Jeremy Corbyn accused the government.", "leader", 0, dt.date(2018, 4, 14), "GBROPP"),
    ("Labour won the vote in parliament.", "Labour", 0, dt.date(2004, 3, 1), "GBRGOV"),
    ("The Tories criticized the budget.", "Tories", 0, dt.date(2004, 3, 1), "GBROPP"),
    ("The labour market improved.", "labour", 0, dt.date(2018, 4, 14), None),  # the work, no party
]


@pytest.mark.parametrize(("text", "word", "nth", "day", "code"), WORDS_IN_CONTEXT)
def test_resolve_word_in_context(coder, text, word, nth, day, code):
    actor = _actor(coder, text, word, nth, day=day)
    assert (actor.code if actor else None) == code


def test_resolve_big_city_the_tagger_missed_is_a_place(coder):
    # "Aleppo overnight" is tagged a time; a city of over a million is a place all the same
    doc = coder.nlp("Rebels shelled Aleppo overnight.")
    actors = DocActors(doc, coder.kb)
    place = actors.place_for(_token(doc, "Aleppo"))
    assert place is not None and place.code == "SYR"
    # a proper noun no big city bears stays no place
    doc = coder.nlp("Smith criticized Jones.")
    assert DocActors(doc, coder.kb).place_for(_token(doc, "Jones")) is None


def test_resolve_they_is_each_of_a_pair(coder):
    doc = coder.nlp("India and Pakistan held talks. They agreed to meet again in March.")
    actors = DocActors(doc, coder.kb).actors_for(_token(doc, "They"))
    assert sorted(a.code for a in actors) == ["IND", "PAK"]


def test_resolve_references_in_verbless_sentences_end(coder):
    # a sentence with no verb ("The kingdom's new dawn.") once sent the clause search round forever
    text = "Saudi Arabia executed 37 people. The kingdom's new dawn. Britain said ministers in the kingdom's capital."
    doc = coder.nlp(text)
    actors = DocActors(doc, coder.kb, speech={"say"})
    assert [actors.actor_for(t) for t in doc if t.pos_ in {"NOUN", "PROPN"}]


def test_resolve_role_owned_by_a_pronoun_takes_the_owners_country(coder):
    actor = _actor(coder, "Iran welcomed the release of its diplomats by Iraq.", "diplomats")
    assert (actor.code, actor.origin) == ("IRNGOV", "pronoun")


def test_resolve_an_event_noun_is_no_partitive(coder):
    doc = coder.nlp("The arrest of the journalists angered France.")
    actors = DocActors(doc, coder.kb, events={"arrest"})
    assert actors.actor_for(_token(doc, "arrest")) is None
    assert _actor(coder, "Hundreds of journalists marched.", "Hundreds").code == "MED"


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        # an IGO named before a country: the country is what the envoy is about
        ("The UN Syria envoy criticised Turkey.", "envoy", "IGOUNO"),
        ("Syria's UN envoy criticised Turkey.", "envoy", "SYRGOV"),
        # a delegation is whom it is made of
        ("A delegation of European firms visited the SEC.", "delegation", "EURBUS"),
        # unnamed aid agencies are NGOs, not the article's country
        ("Britain's aid minister went to Kenya. Aid agencies warned of famine.", "agencies", "NGODEV"),
        # officials of many unnamed states are of none of them
        ("Britain's aid minister went to Kenya. Officials from 50 countries met.", "Officials", "GOV"),
    ],
)
def test_resolve_whose_a_role_is(coder, text, word, code):
    assert _actor(coder, text, word).code == code


def test_resolve_the_movement_is_no_igo_and_a_body_is_no_person(coder):
    text = "The Taliban attacked Kabul. The UN criticised the attack. In 2015, the movement seized Kunduz."
    assert _actor(coder, text, "movement").code == "AFGREBTAL"
    text = "Assad's forces attacked Homs. The Arab League met in Cairo. Later the regime gained when it took Deraa."
    assert _actor(coder, text, "it").code == "SYRGOV"


def test_resolve_a_round_up_of_many_countries_has_no_home(coder):
    text = (
        "Famine struck Somalia and Yemen. Nigeria and Yemen asked for food. Kenya, Uganda and Somalia met. "
        "Ethiopia, Chad, Sudan and Nigeria sent aid to Somalia. Aid officials warned of hunger."
    )
    actors = DocActors(coder.nlp(text), coder.kb)
    assert actors.home is None, actors.home  # Somalia leads, with 3 of 12 mentions


def test_resolve_an_armed_groups_people_are_the_group(coder):
    assert _actor(coder, "A US drone strike killed a Taliban commander.", "commander").code == "AFGREBTAL"
    assert _actor(coder, "Hundreds of UN troops withdrew.", "troops").code == "IGOUNOMIL"


def test_resolve_a_subject_pronoun_takes_a_person_of_its_own_sentence_first(coder):
    text = (
        "It is astonishing what one man can do. Thus with Trump’s announcement last month that he "
        "was pulling America’s troops out of Syria."
    )
    assert _actor(coder, text, "he", day=dt.date(2019, 1, 3)).code == "USAGOV"


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        # a weapon's owner is not the article's country, nor the place where it struck
        (
            "Britain's minister went to Kenya. Kenya said two men died in a drone strike in Somalia.",
            "strike",
            "MIL",
        ),
        # the people of a body no dictionary knows are not the article's government
        (
            "Britain's minister went to Kenya. A spokesman for Gencorp Holdings declined to comment.",
            "spokesman",
            None,
        ),
    ],
)
def test_resolve_what_the_home_country_does_not_own(coder, text, word, code):
    doc = coder.nlp(text)
    actor = DocActors(doc, coder.kb, events=coder.lexicon.nouns).actor_for(_token(doc, word))
    assert (actor.code if actor else None) == code


def test_resolve_a_groups_member_of_some_nationality_is_the_groups(coder):
    assert _actor(coder, "One suspected British Isis member was arrested.", "member").code == "IMGMUSISI"
    assert _actor(coder, "A British volunteer was killed.", "volunteer").code == "GBRCVL"
