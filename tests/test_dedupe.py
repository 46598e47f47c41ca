import datetime as dt

from dyads.dedupe import Report, assign_events, cluster_group, event_group, event_key
from dyads.linking import Linker, default_linker, pair_features

TEXT_A = "China suspended its human rights dialogue with the United States on Tuesday."
TEXT_B = "Beijing has suspended the human rights dialogue with Washington, officials said on Tuesday."
TEXT_C = "China's assistant foreign minister said on Tuesday that China will suspend its human rights dialogue with the United States."


def _first(coder, text, day=dt.date(2004, 3, 25)):
    mentions = coder.code_text(text, published=day)
    return [m for m in mentions if m.cameo.startswith("16")][0]


def _report(
    mention_id,
    article,
    sentence,
    *,
    date="2004-03-23",
    precision=None,
    explicit=True,
    place=None,
    trigger="attacked",
    cameo="190",
    source="SYRGOV",
    target="SYRREB",
):
    """Return a Report as the store would build it from a coded mention."""
    precision = precision or ("day" if date and len(date) == 10 else None)
    return Report(
        mention_id, article, date, precision, explicit, "SYR" if place else None, place, cameo, trigger,
        sentence, "asserted", False, source, target, None, "city" if place else None,
    )  # fmt: skip


def test_dedupe_same_happening_same_event(coder):
    later = "Officials confirmed it. " + TEXT_A
    first, second = assign_events([_first(coder, TEXT_A), _first(coder, later)])
    assert first.id != second.id
    assert first.event_id == second.event_id


def test_dedupe_same_countries_other_wording_same_event(coder):
    a, b = assign_events([_first(coder, TEXT_A), _first(coder, TEXT_B)])
    assert (a.source.code, b.source.code) == ("CHN", "CHNGOV")
    assert event_key(a) == event_key(b) == ("CHN", "USA", "16")
    assert a.event_id == b.event_id


def test_dedupe_other_dyad_other_event(coder):
    a, b = assign_events([_first(coder, TEXT_A), _first(coder, TEXT_A.replace("United States", "Japan"))])
    assert a.event_id != b.event_id


def test_dedupe_announcement_and_act_are_one_event(coder):
    done, announced = _first(coder, TEXT_A), _first(coder, TEXT_C)
    assert (announced.modality, done.modality) == ("future", "asserted")
    a, b = assign_events([done, announced])
    assert a.event_id == b.event_id


def test_dedupe_block_has_no_modality_or_code_depth():
    assert event_group("CHNGOV", "USA", "160") == event_group("CHN", "USAGOV", "164") == "CHN\x1fUSA\x1f16"


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
    assert event["status"] == "happened"
    assert len(tmp_store.mentions(event_id=event["event_id"])) == 3


def test_dedupe_store_event_status_and_most_specific_code(coder, tmp_store, make_article):
    articles = [
        make_article(TEXT_C, "2004-03-23", source="AFP"),
        make_article(TEXT_A, "2004-03-24", source="AP"),
    ]
    coded = list(coder.code_articles(articles))
    tmp_store.write_batch(articles, [m for _, ms in coded for m in ms])
    (event,) = [e for e in tmp_store.events() if e["cameo"].startswith("16")]
    codes = {m["cameo"] for m in tmp_store.mentions(event_id=event["event_id"])}
    assert event["num_mentions"] == 2
    assert event["status"] == "happened"  # one report tells it done
    assert event["cameo"] == max(codes, key=lambda c: (len(c), c != "160"))


def test_dedupe_store_status_announced_when_no_report_tells_it_done(coder, tmp_store, make_article):
    article = make_article(TEXT_C, "2004-03-23")
    coded = list(coder.code_articles([article]))
    tmp_store.write_batch([article], [m for _, ms in coded for m in ms])
    (event,) = [e for e in tmp_store.events() if e["cameo"].startswith("16")]
    assert event["status"] == "announced"


# The classic traps, on the packaged linker.


def test_trap_two_attacks_on_one_day_in_one_country_stay_two():
    homs = "Government aircraft attacked a rebel-held market in Homs on Tuesday, killing 14 people."
    idlib = "Government aircraft attacked rebel positions near Saraqeb in Idlib province on Tuesday, killing three fighters."
    homs_again = (
        "Syrian jets attacked a crowded market in Homs on Tuesday, killing 14 civilians, activists said."
    )
    reports = [
        _report("m1", "a1", homs, place="Homs"),
        _report("m2", "a2", idlib, place="Saraqeb"),
        _report("m3", "a3", homs_again, place="Homs"),
    ]
    ids = cluster_group("SYR\x1fSYR\x1f19", reports)
    assert ids["m1"] == ids["m3"] != ids["m2"]


def test_trap_a_wire_story_and_its_rewrite_are_one():
    wire = "Police in Tashkent arrested 12 members of an outlawed Islamist group on Monday, the interior ministry said."
    rewrite = "Uzbek police on Monday detained 12 suspected members of a banned Islamist group in Tashkent, officials said."
    reports = [
        _report(
            "w",
            "a1",
            wire,
            date="2004-04-05",
            trigger="arrested",
            cameo="173",
            source="UZBCOP",
            target="UZBREB",
        ),
        _report(
            "r",
            "a2",
            rewrite,
            date="2004-04-05",
            trigger="detained",
            cameo="173",
            source="UZBCOP",
            target="UZBREB",
        ),
    ]
    ids = cluster_group("UZB\x1fUZB\x1f17", reports)
    assert ids["w"] == ids["r"]


def test_trap_a_report_a_week_later_of_the_same_arrest_is_one():
    first = "Police in Tashkent arrested 12 members of an outlawed Islamist group on Monday, the interior ministry said."
    later = (
        "The 12 members of the outlawed Islamist group arrested by police in Tashkent last week "
        "will go on trial next month, a prosecutor said."
    )
    reports = [
        _report(
            "first",
            "a1",
            first,
            date="2004-04-05",
            trigger="arrested",
            cameo="173",
            source="UZBCOP",
            target="UZBREB",
        ),
        _report(
            "later",
            "a2",
            later,
            date="2004-04-05",
            precision="week",
            trigger="arrested",
            cameo="173",
            source="UZBCOP",
            target="UZBREB",
        ),
    ]
    ids = cluster_group("UZB\x1fUZB\x1f17", reports)
    assert ids["first"] == ids["later"]


def test_trap_the_same_critic_on_another_day_is_another_statement():
    monday = "Foreign Minister Li Zhaoxing on Monday criticised Washington over its resolution plan."
    friday = "Li Zhaoxing again criticised the United States on Friday, this time over arms sales to Taiwan."
    reports = [
        _report(
            "mon",
            "a1",
            monday,
            date="2004-03-22",
            trigger="criticised",
            cameo="111",
            source="CHNGOV",
            target="USA",
        ),
        _report(
            "fri",
            "a2",
            friday,
            date="2004-03-26",
            trigger="criticised",
            cameo="111",
            source="CHNGOV",
            target="USA",
        ),
    ]
    assert len(set(cluster_group("CHN\x1fUSA\x1f11", reports).values())) == 2


def test_dedupe_reports_further_apart_than_the_window_never_join():
    text = "Government aircraft attacked a rebel-held market in Homs, killing 14 people."
    reports = [_report("m1", "a1", text, date="2004-03-01"), _report("m2", "a2", text, date="2004-03-20")]
    ids = cluster_group("SYR\x1fSYR\x1f19", reports)
    assert ids["m1"] != ids["m2"]


def test_dedupe_undated_reports_join_only_their_own_article():
    text = "Government aircraft attacked a rebel-held market in Homs, killing 14 people."
    reports = [
        _report("m1", "a1", text, date=None, explicit=False),
        _report("m2", "a2", text, date=None, explicit=False),
        _report("m3", "a1", text + " Activists confirmed it.", date=None, explicit=False),
    ]
    ids = cluster_group("SYR\x1fSYR\x1f19", reports)
    assert ids["m1"] == ids["m3"] != ids["m2"]


def test_dedupe_clustering_does_not_depend_on_order():
    texts = [
        "Government aircraft attacked a rebel-held market in Homs on Tuesday, killing 14 people.",
        "Syrian jets attacked a crowded market in Homs on Tuesday, killing 14 civilians.",
        "Government aircraft attacked rebel positions near Saraqeb in Idlib province on Tuesday.",
        "Government forces attacked rebels in Deraa on Wednesday.",
    ]
    reports = [
        _report(f"m{i}", f"a{i}", t, date="2004-03-23" if i < 3 else "2004-03-24")
        for i, t in enumerate(texts)
    ]
    forward = cluster_group("SYR\x1fSYR\x1f19", reports)
    assert cluster_group("SYR\x1fSYR\x1f19", list(reversed(reports))) == forward


def test_linker_features_and_probability():
    linker = default_linker()
    a = _report("m1", "a1", "Syrian jets attacked a market in Homs, killing 14 people.")
    assert linker.probability(a, a) > 0.9
    assert len(pair_features(a, a)) == len(linker.weights)
    assert linker.manifest["training_data"]["hash"]
    flat = Linker([0.0] * len(linker.weights))
    assert flat.probability(a, a) == 0.5


def test_trap_end_to_end_two_towns_bombed_the_same_day(coder, tmp_store, make_article):
    texts = [
        "Syrian government aircraft bombed a market in Homs on Tuesday, killing 14 people, activists said.",
        "Syrian government aircraft bombed a market in Idlib on Tuesday, killing three people.",
        "Syrian warplanes bombed a crowded market in Homs on Tuesday, killing 14 civilians.",
    ]
    articles = [make_article(text, "2012-05-16") for text in texts]
    coded = list(coder.code_articles(articles))
    tmp_store.write_batch(articles, [m for _, ms in coded for m in ms])
    event_of, blocks = {}, set()
    for article in articles:
        (bombing,) = [m for m in tmp_store.mentions(article_id=article.id) if m["cameo"].startswith("18")]
        event_of[article.id] = bombing["event_id"]
        blocks.add(event_group(bombing["source"], bombing["target"], bombing["cameo"]))
    assert len(blocks) == 1  # one block: only the linker can tell the towns' bombings apart
    homs, idlib, homs_again = (event_of[a.id] for a in articles)
    assert homs == homs_again != idlib
