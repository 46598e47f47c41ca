import pytest

from dyads.annotations.agreement import agreement, align, cohen_kappa
from dyads.annotations.records import ActorSpan, AnnotatedEvent, Annotation


def test_cohen_kappa_matches_a_worked_example():
    # 50 items: both "yes" 20, both "no" 15, 10 yes/no, 5 no/yes: po = 0.7, pe = 0.6*0.5 + 0.4*0.5 = 0.5
    pairs = [("y", "y")] * 20 + [("n", "n")] * 15 + [("y", "n")] * 10 + [("n", "y")] * 5
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert cohen_kappa([("a", "a"), ("b", "b")]) == 1.0


def _event(code, trigger, source="USA", target="CHN"):
    return AnnotatedEvent(code, trigger, ActorSpan(source), ActorSpan(target) if target else None)


def _sentence(sid, *events):
    return Annotation(id=sid, split="train", events=tuple(events), annotator="x")


def test_align_pairs_by_trigger_then_root_and_leaves_the_rest_unpaired():
    a = [_event("111", (0, 5)), _event("190", (10, 15))]
    b = [_event("112", (0, 5)), _event("042", (30, 35))]
    pairs = align(a, b)
    assert (a[0], b[0]) in pairs
    assert (a[1], None) in pairs and (None, b[1]) in pairs


def test_missed_events_count_as_disagreement():
    first = [_sentence("s1", _event("111", (0, 5))), _sentence("s2"), _sentence("s3", _event("190", (0, 3)))]
    second = [_sentence("s1", _event("112", (0, 5))), _sentence("s2"), _sentence("s3")]
    result = agreement(first, second)
    assert result.sentences == 3 and result.items == 3
    # items: (11, 11), (none, none), (19, none)
    assert result.observed_root == pytest.approx(2 / 3)
    assert result.same_root_pairs == 1 and result.code == 0.0 and result.dyad == 1.0
