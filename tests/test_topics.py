"""Topic filter: sport and entertainment reports code no political events; politics that mentions them still does."""

from dyads.topics import off_topic

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


FILM = (
    "The British actor won the award for best film at the Bafta ceremony in London on Sunday. The movie, "
    "a war drama directed by a French director, follows a soldier who invades a village; its star said the "
    "role was the hardest of her career, and the studio said the album of the film's songs tops the chart."
)


def test_topics_sport_and_entertainment_are_off_topic_and_politics_is_not(coder):
    assert off_topic(coder.nlp(SPORT)) == "sport"
    assert off_topic(coder.nlp(FILM)) == "entertainment"
    assert off_topic(coder.nlp(POLITICS)) is None


def test_topics_a_sport_report_codes_no_events_and_politics_does(coder):
    assert coder.code_text(SPORT) == []
    assert any(m.cameo.startswith("14") or m.cameo.startswith("11") for m in coder.code_text(POLITICS))
