"""Parsing: datelines and paragraphs split sentences; Title Case headlines parse in sentence case."""

import pytest

from dyads.parse import sentence_case_headlines


def _names(word: str) -> bool:
    return word.lower() in {"china", "russia", "human", "estonian"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("China Blasts U.S. Over Rights Report\n", "China blasts U.S. over rights report\n"),
        ("Russia Expels Two Estonian Diplomats", "Russia expels two Estonian diplomats"),
        ("Human Rights Watch Criticises China", "Human rights watch criticises China"),
        # not headlines: a sentence, an all-capitals line, a short line
        ("China Blasts The Report.", "China Blasts The Report."),
        ("CHINA BLASTS US REPORT", "CHINA BLASTS US REPORT"),
        ("China Talks", "China Talks"),
    ],
)
def test_parse_sentence_case_headlines(text, expected):
    assert sentence_case_headlines(text, _names) == expected


def test_parse_sentence_case_keeps_every_offset():
    text = "Russia Expels Two Estonian Diplomats\n\nMoscow on Tuesday expelled two Estonian diplomats."
    recased = sentence_case_headlines(text, _names)
    assert len(recased) == len(text) and recased.lower() == text.lower()
    assert recased.split("\n\n")[1] == text.split("\n\n")[1]


def test_parse_headline_is_coded_with_its_words_as_written(coder):
    text = "Russia Expels Two Estonian Diplomats\n\nThe ministry gave no reason."
    (mention,) = coder.code_text(text)
    assert (mention.source.code, mention.cameo, mention.target.code) == ("RUS", "161", "ESTGOV")
    assert (mention.trigger, mention.target.name) == ("Expels", "Two Estonian Diplomats")
    assert mention.sentence == "Russia Expels Two Estonian Diplomats"


@pytest.mark.parametrize(
    "text",
    [
        "GAZA CITY, Palestinian Territories: Israeli shelling killed four children on Friday.",
        "LONDON (Reuters) - Israeli shelling killed four children on Friday.",
    ],
)
def test_parse_dateline_is_its_own_sentence(coder, text):
    doc = coder.nlp(text)
    assert [s.text.strip() for s in doc.sents][-1] == "Israeli shelling killed four children on Friday."


def test_parse_name_split_at_a_preposition_is_mended(coder):
    # the small model reads "Barack" as a preposition governing "Obama"
    doc = coder.nlp("Barack Obama and Vladimir Putin will meet in Zurich.")
    obama = doc[1]
    assert (obama.dep_, obama.head.text) == ("nsubj", "meet")
    assert (doc[0].dep_, doc[0].head.text) == ("compound", "Obama")
    coded = {(m.source.code, m.cameo, m.target.code) for m in coder.code_text(doc.text)}
    assert {("USAGOV", "040", "RUSGOV"), ("RUSGOV", "040", "USAGOV")} <= coded
