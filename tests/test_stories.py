import datetime as dt

from dyads.stories import GAP_DAYS, SPAN_DAYS, StoryArticle, article_words, content_words, group_stories


def _article(id, day, text, title=None, events=("CHN–USA: reduce relations",), countries=()):
    published = dt.date.fromisoformat(day) if day else None
    return StoryArticle(id, title, published, article_words(title, text), frozenset(countries), tuple(events))


TALKS = "Chinese and American negotiators discussed the human rights dialogue and the Geneva resolution"
FLOODS = "Monsoon floods swept through Bangladesh villages, relief agencies said, as rivers burst their banks"


def test_stories_group_one_situation_close_in_time():
    articles = [
        _article("a", "2004-03-18", TALKS, "U.S. to seek Geneva censure of China"),
        _article(
            "b", "2004-03-24", TALKS + " China suspended the dialogue", "China suspends rights dialogue"
        ),
        _article("c", "2004-03-20", FLOODS, "Floods in Bangladesh"),  # another situation, same days
        _article("d", "2004-09-30", TALKS, "Rights talks again"),  # the thread ended months before
    ]
    stories = group_stories(articles)
    assert sorted(s.article_ids for s in stories) == [("a", "b"), ("c",), ("d",)]
    (thread,) = [s for s in stories if s.article_ids == ("a", "b")]
    assert (thread.start, thread.end) == ("2004-03-18", "2004-03-24")
    assert thread.title in {"U.S. to seek Geneva censure of China", "China suspends rights dialogue"}


def test_stories_are_capped_by_time_even_when_the_words_stay_alike():
    start = dt.date(2004, 1, 1)
    days = [start + dt.timedelta(days=GAP_DAYS - 1) * i for i in range(6)]
    articles = [_article(f"x{i}", day.isoformat(), TALKS) for i, day in enumerate(days)]
    for story in group_stories(articles):
        assert dt.date.fromisoformat(story.end) - dt.date.fromisoformat(story.start) <= dt.timedelta(
            days=SPAN_DAYS
        )
    assert len(group_stories(articles)) > 1


def test_stories_untitled_are_titled_by_their_commonest_dyad_and_event():
    articles = [
        _article(
            "g1",
            "2018-01-20",
            "Turkish troops and jets attacked Kurdish militia around Afrin",
            events=["TUR–SYR: fight"],
        ),
        _article(
            "g2",
            "2018-01-22",
            "Turkish jets attacked Kurdish positions in Afrin again",
            events=["TUR–SYR: fight"],
        ),
    ]
    (story,) = group_stories(articles)
    assert story.title == "TUR–SYR: fight (2 events)"


def test_stories_undated_articles_need_more_alike_words():
    articles = [
        _article("u1", None, TALKS, "Rights talks"),
        _article("u2", None, TALKS + " in Beijing", "Rights talks in Beijing"),
        _article("u3", None, FLOODS, "Floods"),
    ]
    assert sorted(s.article_ids for s in group_stories(articles)) == [("u1", "u2"), ("u3",)]


def test_stories_ids_do_not_depend_on_order():
    articles = [_article(i, "2004-03-1" + i[-1], TALKS) for i in ("x1", "x2", "x3")]
    assert group_stories(articles) == group_stories(list(reversed(articles)))


def test_stories_content_words_drop_stop_words():
    assert content_words("The talks were about the nuclear programme talks") == {
        "talks": 2,
        "nuclear": 1,
        "programme": 1,
    }


def test_stories_share_a_country_or_are_apart():
    expel = "expelled two diplomats on Tuesday, accusing them of activities incompatible with their status"
    articles = [
        _article("r1", "2005-05-10", "Russia " + expel, countries={"RUS", "EST"}),
        _article("r2", "2005-05-11", "Moscow " + expel, countries={"RUS", "EST"}),
        _article("b1", "2005-05-10", "Belarus " + expel, countries={"BLR", "POL"}),
    ]
    assert sorted(s.article_ids for s in group_stories(articles)) == [("b1",), ("r1", "r2")]


def test_stories_an_article_without_events_joins_a_thread_but_starts_none():
    articles = [
        _article("a", "2004-03-18", TALKS, "U.S. to seek Geneva censure of China"),
        _article("b", "2004-03-20", TALKS + " analysis", "What the Geneva vote means", events=()),
        _article("c", "2004-03-21", FLOODS, "Floods in Bangladesh", events=()),
    ]
    assert [s.article_ids for s in group_stories(articles)] == [("a", "b")]
