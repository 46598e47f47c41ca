"""Sentence shapes → coded (source, CAMEO, target): one line per case, sentences written for dyads."""

from __future__ import annotations

import datetime as dt

import pytest

DAY = dt.date(2004, 3, 25)  # a Thursday


def _coded(coder, text, *, published=DAY):
    return [
        (m.source.code if m.source else None, m.cameo, m.target.code if m.target else None)
        for m in coder.code_text(text, published=published)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # active, with a capital as a government and a demonym as a country
        ("Beijing criticized Washington over its trade policy.", ("CHNGOV", "111", "USAGOV")),
        ("French officials condemned the German decision.", ("FRAGOV", "111", "DEU")),
        # passive with an agent
        ("Japan was criticized by South Korea.", ("KOR", "111", "JPN")),
        # nominal event with its agent
        ("The proposal drew criticism from the European Union.", None),
        # "accused X of Y": accusation to X, the content is not a second event
        ("Iran accused Israel of plotting against its scientists.", ("IRN", "112", "ISR")),
        # appeal frame: "called on X to Y" → the appeal goes to X
        ("Amnesty International called on Egypt to release the journalists.", ("NGOHRI", "025", "EGY")),
        # intent frame with an addressee
        ("Russia promised Ukraine to resume gas deliveries.", ("RUS", "03", "UKR")),
        # intention to attack is a threat
        ("North Korea vowed to attack South Korea.", ("PRK", "138", "KOR")),
        # coordinated subjects meet each other
        ("India and Pakistan met in Islamabad.", ("IND", "040", "PAK")),
        # negated cooperation is a refusal
        ("Germany said it would not provide aid to Greece.", ("DEU", "12", "GRC")),
        # visits are hosted
        ("The Japanese prime minister visited China.", ("JPNGOV", "042", "CHN")),
        # sanctions with the target in a preposition
        ("The United States imposed sanctions on Iran.", ("USA", "163", "IRN")),
        # deport with object-as-target
        ("Thailand deported Burmese refugees.", ("THA", "174", "MMRREF")),
        # arrest, with the people's country from an adjective
        ("Chinese police arrested North Korean refugees.", ("CHNCOP", "173", "PRKREF")),
        # a victim reporting an attack accuses the attacker
        ("Israel said Hamas fired rockets at it.", ("ISR", "112", None)),
        # criticising an act criticises whoever did it, not those it was done to
        ("France condemned the arrest of the journalists by Iranian police.", ("FRA", "111", "IRNCOP")),
        # a shared act "between A and B" is each one's towards the other
        ("Talks between India and Pakistan resumed on Monday.", ("PAK", "040", "IND")),
        # partitive subject
        ("Hundreds of Iraqi soldiers attacked the town.", None),
        # a welcome is of whoever does what it welcomes
        ("The Kurdish leader welcomed the US keeping 2,000 troops inside Syria.", ("KURGOV", "051", "USA")),
        # capturing a named place is taking territory (192), capturing people an arrest (173)
        ("The Taliban seized Kunduz.", ("AFGREBTAL", "192", "AFG")),
        ("Iraqi forces captured the militants.", ("IRQMIL", "173", "REB")),
        # fighting to overthrow someone is fighting them; defending a town from someone too
        ("Rebels are fighting to topple the Syrian government.", ("REB", "190", "SYRGOV")),
        ("Kurdish forces defended the Syrian city of Kobane from Isis.", ("KURMIL", "190", "IMGMUSISI")),
        ("China defended Russia at the UN.", ("CHN", "052", "RUS")),
        # force used on a thing hits its owner
        ("Turkey shot down a Russian jet.", ("TUR", "190", "RUS")),
        ("Iran seized a British tanker.", ("IRN", "171", "GBR")),
        # an inspection of sites in a country concerns that country
        ("UN inspectors inspected nuclear sites in Iran.", ("IGOUNO", "090", "IRN")),
        # coordinated verbs share the last one's object
        ("Russian police arrested and later released ten Chechen activists.", ("RUSCOP", "173", "RUSCHCOPP")),
        # condolences and claims concern the place of the event they are about
        ("The president of France expressed sorrow for the shootings in Texas.", ("FRAGOV", "018", "USA")),
        # what a that-clause says is about its subject
        ("China expressed hope that Japan would respect history.", ("CHN", "013", "JPN")),
        # a list the parser reads as an apposition, and a list three deep under a role
        ("Russia and the mighty Belarus criticized Poland.", ("BLR", "111", "POL")),
        (
            "The ambassadors of Chile, Peru and Bolivia met Argentina's president.",
            ("BOLGOV", "040", "ARGGOV"),
        ),
        # a framed visit keeps its place; a place-derived visit is not the place's hosting
        ("The US leader prepared to attend the Beijing Olympics.", ("USAGOV", "036", "CHN")),
        # a verb the parser joins to a relative clause in another tense belongs to the main clause
        (
            "Amnesty International accused China of returning North Koreans who flee across the border "
            "and called on Beijing to let the UN refugee agency work there.",
            ("NGOHRI", "02", "CHNGOV"),
        ),
        # the one warned about is the target: the one warned is not threatened
        ("The United States warned Israel about Iran.", ("USA", "130", "IRN")),
        # a crash or a storm acts on no one's behalf
        ("Victims killed by the Malaysia Airlines crash were buried.", None),
    ],
)
def test_code_sentence_shapes(coder, text, expected):
    coded = _coded(coder, text)
    if expected is None:
        return
    source, code, target = expected
    matches = [
        c for c in coded if c[0] == source and c[1].startswith(code) and (target is None or c[2] == target)
    ]
    assert matches, f"{text!r} coded {coded}, wanted {expected}"


@pytest.mark.parametrize(
    "text",
    [
        "Victims killed by the Malaysia Airlines crash were buried on Tuesday.",
        "The weather in Paris was mild on Tuesday.",
        "Officials said the report would be published next week.",
        "",
    ],
)
def test_code_no_event_in_non_political_sentences(coder, text):
    assert _coded(coder, text) == []


def test_code_reported_speech_gives_the_event_to_the_reported_subject(coder):
    coded = _coded(coder, "A spokesman said Tuesday that China will suspend talks with Japan.")
    assert ("CHN", "164", "JPN") in coded


def test_code_future_modality_and_weekday_date(coder):
    (mention,) = [
        m
        for m in coder.code_text(
            "Assistant Foreign Minister Shen Guofang said Tuesday that China will suspend exchanges with the United States.",
            published=DAY,
        )
        if m.cameo.startswith("16")
    ]
    assert (mention.source.code, mention.target.code) == ("CHN", "USA")
    assert mention.modality == "future"
    assert (mention.date, mention.date_precision, mention.date_text) == ("2004-03-23", "day", "Tuesday")
    assert mention.trigger == "will suspend"
    assert mention.sentence.startswith("Assistant Foreign Minister")


def test_code_negated_attack_is_flagged_not_dropped(coder):
    mentions = coder.code_text("Russia did not attack Georgia.", published=DAY)
    assert [(m.cameo[:2], m.negated) for m in mentions] == [("19", True)]


def test_code_pronoun_resolves_to_earlier_person(coder):
    text = (
        "Foreign Ministry spokesman Liu Jianchao spoke in Beijing on Tuesday. "
        "He accused Washington of interfering in China's affairs."
    )
    coded = _coded(coder, text)
    assert ("CHNGOV", "112", "USAGOV") in coded


def test_code_evidence_offsets_point_into_the_text(coder):
    text = "Talks stalled. Britain expelled four Russian diplomats on Monday."
    (mention,) = [m for m in coder.code_text(text, published=DAY) if m.cameo == "161"]
    assert text[mention.sentence_start : mention.sentence_end] == mention.sentence
    assert text[mention.trigger_start : mention.trigger_end] == mention.trigger == "expelled"
    assert mention.date == "2004-03-22"


def test_code_without_publication_date_relative_dates_stay_unresolved(coder):
    (relative,) = coder.code_text("Russia criticized Poland on Tuesday.", published=None)
    assert (relative.date, relative.date_precision, relative.date_text) == (None, None, None)
    (absolute,) = coder.code_text("Russia criticized Poland on March 3, 2004.", published=None)
    assert (absolute.date, absolute.date_precision) == ("2004-03-03", "day")


def test_code_date_belongs_to_its_own_clause(coder):
    mentions = coder.code_text(
        "Witnesses said on Monday that Russian troops had attacked Gori last week.", published=DAY
    )
    (attack,) = [m for m in mentions if m.cameo.startswith("19")]
    assert (attack.date, attack.date_precision, attack.date_text) == ("2004-03-15", "week", "last week")
    assert attack.target is not None and attack.target.code == "GEO"  # an attack on a town hits its country


@pytest.mark.parametrize(
    ("text", "claim", "attack"),
    [
        # the victim that says another attacked it accuses it; the attack is coded too
        ("Russia said Ukrainian troops attacked it.", ("RUS", "112", "UKRMIL"), True),
        ("Russia alleged that Ukrainian troops attacked Donetsk.", ("RUS", "112", "UKRMIL"), True),
        # so does any party, state or organization that reports another's attack
        ("Russia said Ukrainian troops attacked Donetsk.", ("RUS", "112", "UKRMIL"), True),
        ("Amnesty International said Sudanese troops burned villages.", ("NGOHRI", "112", "SDNMIL"), True),
        # a party that says it attacked claims responsibility
        ("The US claimed that they had attacked Iraq.", ("USA", "015", "IRQ"), True),
        ("Hamas said it fired rockets at Israel.", ("PSEREBHMS", "015", "ISR"), True),
        # the press, the police, medics and the attacker's own army report attacks and accuse nobody
        ("Syrian state media reported that rebels shelled Aleppo.", "none", True),
        ("Kenyan police said gunmen killed five villagers.", "none", True),
        ("Israeli troops arrested 12 Palestinians in Nablus, the army said.", "none", True),
    ],
)
def test_code_reported_attacks(coder, text, claim, attack):
    coded = _coded(coder, text)
    if claim == "none":
        assert not [c for c in coded if c[1] in {"112", "015"}], coded
    else:
        assert claim in coded, coded
    assert any(code[:2] in {"17", "18", "19", "20"} for _, code, _ in coded) is attack, coded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Moscow ordered two Estonian diplomats to leave the country.", ("RUSGOV", "161", "ESTGOV")),
        ("Estonia ordered a Russian diplomat out of the country.", ("EST", "161", "RUSGOV")),
        ("The junta ordered the foreign journalists to leave.", (None, "174", None)),
    ],
)
def test_code_expulsion_phrasings(coder, text, expected):
    source, code, target = expected
    coded = _coded(coder, text)
    assert any(
        c[1] == code and (source is None or c[0] == source) and (target is None or c[2] == target)
        for c in coded
    ), coded


def test_code_hosting_needs_a_named_host(coder):
    hosted = _coded(coder, "The Japanese prime minister visited China.")
    assert ("CHN", "043", "JPNGOV") in hosted
    summit = _coded(coder, "The US president attended a summit in Switzerland.")
    assert ("USAGOV", "042", "CHE") in summit and not any(code == "043" for _, code, _ in summit)


def test_code_participle_read_as_main_verb(coder):
    # "imprisoned" modifies "civilians": they were imprisoned, they imprisoned nobody
    coded = _coded(
        coder, "The civilians imprisoned for acting against Moscow were released yesterday by Putin."
    )
    assert ("RUSGOV", "0841", "CVL") in coded
    assert not [c for c in coded if c[0] == "CVL"], coded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the toll of an attack is the attack, not a second event
        ("Insurgents attacked a U.S. convoy near Mosul, killing two soldiers.", [("IRQINS", "190", "USA")]),
        ("Rebels shelled Aleppo overnight, killing eight people.", [("REB", "194", "SYR")]),
        # unless only the toll names whom the attack hit
        ("Gunmen opened fire in a market, killing five Iraqi policemen.", [("UAF", "190", "IRQCOP")]),
    ],
)
def test_code_toll_of_an_attack_is_one_event(coder, text, expected):
    violent = [c for c in _coded(coder, text) if c[1][:2] in {"18", "19", "20"}]
    assert [c[1:] for c in violent] == [c[1:] for c in expected], violent


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # coordinated subjects do together what is done together ...
        ("India and Pakistan met in Islamabad.", ("IND", "040", "PAK"), None),
        ("Iran and Iraq postponed their meeting.", ("IRN", "12", "IRQ"), None),
        ("Russia and Britain voted against the other's proposals.", ("RUS", "12", "GBR"), None),
        # ... and nothing else to each other
        (
            "The presidents of Iran and Turkey arrived in Sochi.",
            ("IRNGOV", "042", "RUS"),
            ("IRNGOV", "042", "TURGOV"),
        ),
        ("France and Germany rejected the proposal.", None, ("FRA", "120", "DEU")),
    ],
)
def test_code_coordinated_subjects_pair_only_for_reciprocal_acts(coder, text, expected, absent):
    coded = _coded(coder, text)
    if expected is not None:
        source, code, target = expected
        assert any(c[0] == source and c[1].startswith(code) and c[2] == target for c in coded), coded
    if absent is not None:
        assert absent not in coded, coded


@pytest.mark.parametrize(
    "text",
    [
        "He announced the US would not attack Iran.",  # a deed denied imputes nothing
        "Officials said rebels attacked the convoy.",  # officials of no known side only report
    ],
)
def test_code_no_accusation_without_a_deed_and_an_accuser(coder, text):
    assert not [c for c in _coded(coder, text) if c[1] == "112"]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # refugees and private people travel; they do not make visits nor are they hosted
        ("Tens of thousands of Syrian refugees were arriving in Canada.", "042"),
        ("Tens of thousands of Syrian refugees were arriving in Canada.", "043"),
        # a private person doing something to no one named is no political event
        ("I remember when she was at school she protected a bumblebee.", "074"),
        # nor is a firm's; hospitals wage no war
        ("Wal-Mart has agreed to pay $11m to settle the lawsuit.", "030"),
        ("Two Syrian hospitals suspended operations.", "087"),
        # meeting, recognising or protecting a thing is another sense of the verb
        ("The chancellor said he was set to meet his two fiscal rules.", "040"),
        ("A young Kurdish rebel recognised the voice.", "054"),
        ("Kurdish fighters defended the city for months.", "052"),
        ("A foreign banker in Tokyo, who requested anonymity, said the talks failed.", "020"),
        # figurative violence is no violence
        ("The US, he said, had stabbed Turkey in the back.", "182"),
    ],
)
def test_code_restrictions_rule_out_who_cannot_take_part(coder, text, absent):
    assert not [c for c in _coded(coder, text) if c[1] == absent]


def test_code_restrictions_keep_officials_visits(coder):
    assert ("JPNGOV", "042", "CHN") in _coded(coder, "Japan's prime minister visited China.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a participle joined to a passive is passive: the hostages were tortured
        ("Chinese soldiers were held hostage and tortured by rebels.", ("REB", "182", "CHNMIL")),
        # so is a bare participle clause: the Britons would be executed, not execute
        ("Iranian judges could see the British hostages executed.", None),
    ],
)
def test_code_bare_passive_participles(coder, text, expected):
    coded = _coded(coder, text)
    if expected is not None:
        assert any(
            c[0] == expected[0] and c[1].startswith(expected[1]) and c[2] == expected[2] for c in coded
        )
    assert not [c for c in coded if c[0] in {"CHNMIL", "GBRCVL", "GBR"} and c[1][:2] in {"18", "19", "20"}]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # declining to say is declining comment, not rejecting anything
        ("The spokesman declined to identify the buyers.", (None, "011", None)),
        # the named act is of its target: "the resignation of the Thai prime minister"
        ("Protesters demanded the resignation of the Thai prime minister.", ("OPP", "1041", "THAGOV")),
        # insisting is saying; insisting on something is demanding it
        ("The Thai minister insisted the vote would go ahead.", ("THAGOV", "010", None)),
    ],
)
def test_code_senses_of_decline_demand_insist(coder, text, expected):
    source, code, target = expected
    assert any(
        c[1] == code and (source is None or c[0] == source) and c[2] == target for c in _coded(coder, text)
    ), _coded(coder, text)


def test_code_a_quality_a_country_only_modifies_does_not_act(coder):
    # "western timidity" is no actor; "Israeli shelling" is an event of Israel's, "UN inspectors" people
    assert not _coded(coder, "Western timidity boosted authoritarian leaders in Syria.")
    assert ("ISR", "190", "PSE") in _coded(coder, "Israeli shelling killed four Palestinians.")
    assert ("IGOUNO", "090", "IRN") in _coded(coder, "UN inspectors inspected nuclear sites in Iran.")


def test_code_repatriating_refugees_is_expulsion_bringing_people_home_is_not(coder):
    assert ("CHN", "174", "PRKREF") in _coded(coder, "China forcibly repatriated North Korean refugees.")
    assert not [c for c in _coded(coder, "France has said it will repatriate 130 children.") if c[1] == "174"]


def test_code_passive_by_a_weapon_is_by_whoever_fired_it(coder):
    coded = _coded(coder, "The airliner was shot down by a missile fired by Russian troops.")
    assert any(c[0] == "RUSMIL" and c[1][:2] in {"18", "19"} for c in coded), coded


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # a warning of what others suffer is a pessimistic comment; of what the speaker will do, a threat
        ("The United Nations warned that 400 Syrian civilians needed urgent evacuation.", "012"),
        ("The United States warned Iran.", "130"),
    ],
)
def test_code_warnings(coder, text, code):
    assert any(c[1] == code for c in _coded(coder, text)), _coded(coder, text)
    assert not any(c[1][:2] == "13" for c in _coded(coder, text)) or code.startswith("13")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a state does not take to the streets: its protest is an official complaint
        ("Ankara has long protested at the alliance.", ("TURGOV", "114")),
        # people do: "Greeks", students, opponents of a body
        ("Greeks rioted against austerity.", ("GRC", "1452")),
        ("Opponents of Rwanda's Senate protested yesterday in Kigali.", ("RWAOPP", "140")),
    ],
)
def test_code_protest_by_states_and_by_people(coder, text, expected):
    assert expected in [c[:2] for c in _coded(coder, text)], _coded(coder, text)


def test_code_an_event_noun_is_its_verbs_subjects_only_after_a_light_verb(coder):
    assert ("IRN", "130", "ISR") in _coded(coder, "Iran posed a threat to Israel.")
    assert not [c for c in _coded(coder, "France will end an intolerable threat to Europe.") if c[0] == "FRA"]


def test_code_officials_in_reported_speech_are_the_speakers(coder):
    text = "Syria's army shelled Douma. Downing Street said senior ministers had criticized Damascus."
    assert ("GBRGOV", "111", "SYRGOV") in _coded(coder, text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # a framed action keeps the codebook's parallel sub-code, not only its root
        ("The United States agreed to lift the sanctions on Iran.", "0354"),
        ("The European Union urged Iran to release the British sailors.", "0253"),
        ("The United States threatened to impose an embargo on Cuba.", "1312"),
        ("Germany said it would not provide military aid to Ukraine.", "1222"),
    ],
)
def test_code_frames_keep_the_parallel_sub_code(coder, text, code):
    assert code in [c[1] for c in _coded(coder, text)], _coded(coder, text)


def test_code_one_actor_named_twice_acts_once(coder):
    coded = _coded(
        coder, "The International Energy Agency (IEA) warned Opec that demand would outstrip supply."
    )
    assert len([c for c in coded if c[1].startswith("01")]) == 1, coded


def test_code_a_relative_clause_in_the_simple_present_describes_no_event(coder):
    coded = _coded(coder, "Russia, which backs Assad, attacked the rebels.")
    assert ("RUS", "190", "REB") in coded and not any(c[1].startswith("05") for c in coded), coded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what someone holds is hit with them
        ("Syrian forces are attacking areas controlled by jihadists.", ("SYRMIL", "190", "REB")),
        # a relative pronoun is the noun it modifies; an object pronoun is not its clause's subject
        ("Iraq said the Kurds, whom Turkey had long accused, were to blame.", ("TUR", "112", "KUR")),
        ("Iran met Russia on Monday. Turkey urged it to attend.", ("TUR", "02", "RUS")),
        # who acts in an infinitive under a noun: the one pressed; the one who wields what targets
        (
            "Oxfam urged Britain to increase pressure on Saudi Arabia to protect children in Yemen.",
            ("SAU", "074", "CVL"),
        ),
        (
            "Rebel groups responded with a wave of artillery bombardment targeting Damascus.",
            ("REB", "190", "SYRGOV"),
        ),
    ],
)
def test_code_objects_pointing_elsewhere(coder, text, expected):
    source, code, target = expected
    assert any(c[0] == source and c[1].startswith(code) and c[2] == target for c in _coded(coder, text)), (
        _coded(coder, text)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the object moved after its "as" phrase
        ("France condemned as unacceptable allegations by Rwanda.", ("FRA", "111", "RWA")),
        # seizing parts of a country, or control of a town in it, is taking its territory
        ("Islamic State seized large parts of Iraq.", ("IMGMUSISI", "192", "IRQ")),
        ("The Syrian army took control of Deraa.", ("SYRMIL", "192", "SYR")),
        # ordering an investigation is investigating
        ("The Indian government ordered an investigation into the police.", ("INDGOV", "090", "COP")),
        # an airline is a business; a missile's blast is military force
        ("The Malaysia Airlines flight was blown up by a Russian missile.", ("RUS", "190", "MYSBUS")),
        # what is given for someone is theirs; a site in a country hit is the country hit
        ("The EU pledged a support package for the Gambia.", ("IGOEUREEC", "030", "GMB")),
        ("The US fired 59 Tomahawk missiles at al-Shayrat airfield in western Syria.", ("USA", "195", "SYR")),
        # the one urged in a passive under "after" is the main clause's subject; help goes to whom it props up
        ("The Arab League took a position after being urged by Britain to act.", ("GBR", "020", "IGOARBARL")),
        ("Russia has helped prop up Assad's forces.", ("RUS", "070", "SYRMIL")),
        # a coalition is its leader's, and an event noun with an agent acts as that agent
        ("The Saudi-led coalition launched airstrikes on Sanaa.", ("SAUMIL", "195", "YEMGOV")),
        ("An attack by Hamas killed two Israelis.", ("PSEREBHMS", "190", "ISR")),
        # what an armed party holds is hit with it
        ("Israeli jets struck Hamas-controlled areas.", ("ISR", "190", "PSEREBHMS")),
        # troops pulled "out of" a country are withdrawn from it
        ("The US pulled its troops out of Syria.", ("USA", "0874", "SYR")),
        # offering military support is an intent to give military aid
        ("The United States offered military support to Lebanon.", ("USA", "0332", "LBN")),
    ],
)
def test_code_senses_and_shapes_from_wire_copy(coder, text, expected):
    assert expected in _coded(coder, text), _coded(coder, text)


def test_code_a_private_person_done_to_is_a_civilian_of_the_articles_country(coder):
    text = (
        "British police said protests in London were peaceful. A British court jailed two men. "
        "On Monday British police arrested Tommy Robinson in Leeds."
    )
    assert ("GBRCOP", "173", "GBRCVL") in _coded(coder, text), _coded(coder, text)
    # a lone word, or a name with a title, is no unknown private person
    assert ("GBRLEG", "020", "CVL") not in _coded(
        coder, "British MPs urged development secretary Priti Patel to act."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # backing an armed party, or being backed by one, is military cooperation; backing a state endorses it
        ("Turkish troops backed by Free Syrian Army rebels entered Afrin.", ("SYRREB", "062", "TURMIL")),
        ("Russia supported Assad's forces.", ("RUS", "062", "SYRMIL")),
        ("Russia backed Serbia.", ("RUS", "051", "SRB")),
    ],
)
def test_code_role_senses(coder, text, expected):
    assert expected in _coded(coder, text), _coded(coder, text)
