from collections import Counter

from annotation_fixtures import good_records

from dyads.annotations.records import annotation_from_json, sentence_hash, split_of


def test_split_is_fixed_by_article_and_near_70_15_15():
    assert split_of("bbc-politics-x") == split_of("bbc-politics-x")
    shares = Counter(split_of(f"article-{i}") for i in range(20000))
    assert abs(shares["train"] / 20000 - 0.70) < 0.02
    assert abs(shares["dev"] / 20000 - 0.15) < 0.02
    assert abs(shares["test"] / 20000 - 0.15) < 0.02


def test_sentence_hash_changes_with_the_text():
    assert sentence_hash("China condemned Japan.") != sentence_hash("China condemned Japan!")
    assert len(sentence_hash("x")) == 16


def test_records_round_trip_through_json():
    for record in good_records():
        annotation = annotation_from_json(record)
        assert annotation.to_json() == record


def test_the_schema_knows_the_same_modalities_as_the_code():
    from dyads.annotations.check import annotation_schema
    from dyads.annotations.records import ANNOTATION_MODALITIES

    event = annotation_schema()["properties"]["events"]["items"]["properties"]
    assert tuple(event["modality"]["enum"]) == ANNOTATION_MODALITIES
