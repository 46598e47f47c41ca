"""Topic filter: a sport report codes no political events; politics that mentions sport still does."""

from dyads.topics import is_sport

SPORT = (
    "England beat France 30-20 at Twickenham on Saturday to keep their Six Nations title hopes alive. "
    "The England captain scored a try in the first half and the fly-half kicked two penalties before "
    "half-time. France coach Bernard Laporte said his squad had lost the match in the scrum, and the "
    "defeat leaves the French third in the championship table with two rounds of the season to play."
)
POLITICS = (
    "The United States and its allies boycotted the Moscow Olympics in 1980 to protest against the Soviet "
    "invasion of Afghanistan. The Soviet government condemned the boycott and accused Washington of "
    "dragging politics into sport."
)


def test_topics_a_sport_report_is_sport_and_politics_is_not(coder):
    assert is_sport(coder.nlp(SPORT))
    assert not is_sport(coder.nlp(POLITICS))


def test_topics_a_sport_report_codes_no_events_and_politics_does(coder):
    assert coder.code_text(SPORT) == []
    assert any(m.cameo.startswith("14") or m.cameo.startswith("11") for m in coder.code_text(POLITICS))
