import datetime as dt

from dyads.stories import StoryArticle, content_words, group_stories


def _article(id, day, dyads, text):
    return StoryArticle(id, f"title {id}", dt.date.fromisoformat(day), frozenset(dyads), content_words(text))


TALKS = "Chinese and American negotiators discussed human rights dialogue resolution Geneva commission"


def test_stories_group_same_dyad_close_in_time_with_shared_words():
    articles = [
        _article("a", "2004-03-18", {("CHN", "USA")}, TALKS),
        _article("b", "2004-03-24", {("CHN", "USA")}, TALKS + " suspended"),
        _article("c", "2004-06-30", {("CHN", "USA")}, TALKS),  # too late
        _article("d", "2004-03-20", {("IND", "PAK")}, TALKS),  # other dyad
        _article("e", "2004-03-21", set(), TALKS),  # no dyadic event
    ]
    stories = group_stories(articles)
    assert [s.article_ids for s in stories] == [("a", "b"), ("d",), ("c",)]
    first = stories[0]
    assert (first.title, first.start, first.end) == ("title a", "2004-03-18", "2004-03-24")


def test_stories_ids_do_not_depend_on_order():
    articles = [_article(i, "2004-03-1" + i[-1], {("CHN", "USA")}, TALKS) for i in ("x1", "x2", "x3")]
    assert group_stories(articles) == group_stories(list(reversed(articles)))


def test_stories_content_words_drop_stop_words():
    assert content_words("The talks were about the nuclear programme") == {"talks", "nuclear", "programme"}
