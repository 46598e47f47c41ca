"""Issue 12: `dyads.code` on arbitrary text never raises and returns well-formed mentions."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dyads
from dyads.model import MODALITIES, Mention

# Words that make the coder find actors and actions, and characters that tend to break text handling.
_WORDS = (
    "France", "Italy", "China", "the", "United", "States", "criticized", "met", "accused", "will",
    "not", "on", "Tuesday", "March", "23", "2004", "in", "Paris", "said", "talks", "and", ".", ",",
    "\n", "\n\n", "\r\n", "\t", "\u200b", "\ufeff", "\u00ad", "\x00", "\x1b", "\u202e", "\u05e9\u05dc\u05d5\u05dd",
    "\u0642\u0627\u0644", "\U0001f600", "e\u0301", "\u00a0", "\u2028", "--", "(Reuters)", "BEIJING", "-",
)  # fmt: skip
_NOISE = ("", " ", "\u200b", "\x00", "\u202e", "\n", "\r\n", "  \t", "\u00a0", "\U0001f600", "'s", "\u0301")
_SENTENCES = st.tuples(
    st.sampled_from(("France", "Italy", "China", "The United States", "Beijing", "the ministry")),
    st.sampled_from(_NOISE),
    st.sampled_from(("criticized", "met", "accused", "will attack", "did not praise", "expelled")),
    st.sampled_from(("Italy", "France", "Japan", "the rebels", "Russia's envoy")),
    st.sampled_from(_NOISE),
    st.sampled_from((".", " on Tuesday.", " in Paris on March 23, 2004.", "", "!", " -- ")),
).map(lambda p: f"{p[0]}{p[1]} {p[2]} {p[3]}{p[4]}{p[5]}")
TEXTS = st.one_of(
    st.lists(_SENTENCES, min_size=1, max_size=8).map(" ".join),
    st.text(max_size=400),
    st.lists(st.sampled_from(_WORDS), max_size=80).map(" ".join),
    st.lists(st.sampled_from(_WORDS), max_size=80).map("".join),
)


def _check(mention: Mention, text: str) -> None:
    assert 0 <= mention.sentence_start <= mention.trigger_start < mention.trigger_end <= mention.sentence_end
    assert mention.sentence_end <= len(text)
    assert text[mention.sentence_start : mention.sentence_end] == mention.sentence
    assert text[mention.trigger_start : mention.trigger_end] == mention.trigger
    for actor in (mention.source, mention.target):
        if actor is not None and actor.start is not None and actor.end is not None:
            assert 0 <= actor.start < actor.end <= len(text)
    assert mention.source is not None or mention.target is not None
    assert len(mention.cameo) >= 2 and mention.cameo.isdigit()
    assert mention.quadclass in (1, 2, 3, 4) and 0 <= mention.confidence <= 1
    assert mention.modality in MODALITIES
    assert mention.id and mention.event_id


@pytest.mark.issue(12)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, date=st.one_of(st.none(), st.dates().map(str)))
def test_code_arbitrary_text_never_raises(coder: object, text: str, date: str | None) -> None:
    for mention in dyads.code(text, date):
        _check(mention, text)
