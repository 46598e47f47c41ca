import datetime as dt

from dyads.dedupe import Report, assign_events, cluster_group, event_key

TEXT_A = "China suspended its human rights dialogue with the United States on Tuesday."
TEXT_B = "Beijing has suspended the human rights dialogue with Washington, officials said on Tuesday."
TEXT_C = "China will suspend its human rights dialogue with the United States on Friday."


def _first(coder, text, day=dt.date(2004, 3, 25)):
    mentions = coder.code_text(text, published=day)
    return [m for m in mentions if m.cameo.startswith("16")][0]


def test_dedupe_same_happening_same_event(coder):
    later = "Officials confirmed it. " + TEXT_A
    first, second = assign_events([_first(coder, TEXT_A), _first(coder, later)])
    assert first.id != second.id
    assert first.event_id == second.event_id


def test_dedupe_same_countries_other_wording_same_event(coder):
    a, b = assign_events([_first(coder, TEXT_A), _first(coder, TEXT_B)])
    assert (a.source.code, b.source.code) == ("CHN", "CHNGOV")
    assert event_key(a)[:3] == event_key(b)[:3] == ("CHN", "USA", "16")
    assert a.event_id == b.event_id


def test_dedupe_other_dyad_other_event(coder):
    a, b = assign_events([_first(coder, TEXT_A), _first(coder, TEXT_A.replace("United States", "Japan"))])
    assert a.event_id != b.event_id


def test_dedupe_a_plan_is_not_the_happening(coder):
    done, planned = assign_events([_first(coder, TEXT_A), _first(coder, TEXT_C)])
    assert done.event_id != planned.event_id


def test_dedupe_ids_do_not_depend_on_order(coder):
    mentions = [_first(coder, TEXT_A), _first(coder, TEXT_B), _first(coder, TEXT_C)]
    forward = {m.id: m.event_id for m in assign_events(mentions)}
    backward = {m.id: m.event_id for m in assign_events(reversed(mentions))}
    assert forward == backward


def test_dedupe_store_counts_reports_across_articles(coder, tmp_store, make_article):
    articles = [
        make_article(f"Report {i}. " + TEXT_A, "2004-03-25", source=outlet)
        for i, outlet in enumerate(["Reuters", "AP", "Reuters"])
    ]
    coded = list(coder.code_articles(articles))
    tmp_store.write_batch(articles, [m for _, ms in coded for m in ms])
    (event,) = [e for e in tmp_store.events() if e["cameo"].startswith("16")]
    assert (event["num_mentions"], event["num_articles"], event["num_sources"]) == (3, 3, 2)
    assert len(tmp_store.mentions(event_id=event["event_id"])) == 3


def test_dedupe_same_day_different_countries_are_different_events():
    def report(mention_id, place):
        return Report(mention_id, "a" + mention_id, "2004-03-23", "day", True, place)

    ids = cluster_group(
        "USA\x1fREB\x1f19\x1freal",
        [report("1", "SYR"), report("2", "SYR"), report("3", "IRQ"), report("4", None)],
    )
    assert ids["1"] == ids["2"] == ids["4"] != ids["3"]
    alone = cluster_group("USA\x1fREB\x1f19\x1freal", [report("1", "SYR"), report("4", None)])
    assert alone["1"] == alone["4"]


def test_dedupe_vague_reports_join_the_nearest_anchor_in_their_window():
    group = "CHN\x1fJPN\x1f11\x1freal"
    reports = [
        Report("tue", "a1", "2005-03-15", "day", True),
        Report("fri", "a2", "2005-03-18", "day", True),
        Report("pub", "a3", "2005-03-19", "day", False),  # undated, published Saturday
        Report("week", "a4", "2005-03-14", "week", True),  # "this week"
        Report("far", "a5", "2005-04-30", "day", False),  # no anchor within three days
    ]
    ids = cluster_group(group, reports)
    assert ids["pub"] == ids["fri"] != ids["tue"]
    assert ids["week"] == ids["fri"]  # the anchor nearest the window's end
    assert ids["far"] not in {ids["tue"], ids["fri"]}
    assert cluster_group(group, list(reversed(reports))) == ids
