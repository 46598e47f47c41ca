"""The coder registry: `rules` keeps the patterns' events, `learned` asks the packaged event model."""

from __future__ import annotations

import pytest

from dyads.coding.decide import CODERS, DEFAULT_CODER, RulesDecider, decider_for
from dyads.errors import InputError
from dyads.learn.events import default_model_dir
from dyads.pipeline import Coder, CoderSpec

_PACKAGED = (default_model_dir() / "encoder.onnx").is_file()
needs_model = pytest.mark.skipif(not _PACKAGED, reason="no packaged event model (run `dyads train`)")

SEED = (
    "Beijing, March 23 (Reuters) - China said on Tuesday it would suspend its human rights dialogue with "
    "the United States. Assistant Foreign Minister Shen Guofang accused Washington of interfering in "
    "China's internal affairs. Human Rights Watch criticised China's repatriation of North Korean refugees."
)


def test_registry_names_both_coders() -> None:
    assert set(CODERS) == {"rules", "learned"}
    assert DEFAULT_CODER in CODERS
    assert isinstance(decider_for("rules"), RulesDecider)
    with pytest.raises(InputError, match="unknown coder 'oracle'"):
        decider_for("oracle")
    with pytest.raises(ValueError, match="coder must be one of"):
        CoderSpec(coder="oracle")


def test_rules_decider_is_todays_coder(coder) -> None:  # type: ignore[no-untyped-def]
    mentions = coder.code_text("France condemned Germany on Monday.")
    assert [(m.source.code, m.target.code, m.cameo) for m in mentions] == [("FRA", "DEU", "111")]
    assert mentions[0].rule.startswith("verbs/11")


@pytest.fixture(scope="module")
def learned() -> Coder:
    return Coder.create(coder="learned")


@needs_model
def test_learned_coder_codes_the_seed_with_its_chain_and_probability(learned: Coder) -> None:
    mentions = learned.code_text(SEED)
    assert mentions, "the learned coder found no event in the seed"
    for mention in mentions:
        assert mention.rule.startswith("model:dyads-event-1 p=")
        assert 0.0 < mention.confidence <= 1.0
        assert f"p={mention.confidence:.2f}" in mention.rule
    roots = {m.cameo[:2] for m in mentions}
    assert roots & {"11", "12", "16"}, roots  # the criticism, the accusation or the suspension


@needs_model
def test_learned_coder_finds_no_event_in_sport_free_business_text(learned: Coder) -> None:
    assert learned.code_text("Shares of the bakery rose 3 percent in early trading.") == []


@needs_model
def test_learned_coder_works_in_worker_processes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from dyads.model import Article
    from dyads.pipeline import ingest_into
    from dyads.store import Store

    spec = CoderSpec(coder="learned")
    articles = [Article(f"a{i}", SEED.replace("Tuesday", day)) for i, day in enumerate(["Monday", "Tuesday"])]
    with Store(tmp_path / "one.duckdb") as one, Store(tmp_path / "two.duckdb") as two:
        ingest_into(one, articles, spec, processes=1)
        ingest_into(two, articles, spec, processes=2)
        assert one.counts()["mentions"] == two.counts()["mentions"] > 0
