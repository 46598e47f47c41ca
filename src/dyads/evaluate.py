"""Score coded events against gold files (DESIGN.md "Scoring"): P/R/F1 at four levels.

Per record, predicted and gold events are compared as multisets of keys; counts are summed over
records. Gold codes written with PETRARCH's unknown-country marker (`---GOV`) are read as the
country-less code (`GOV`), and a bare `---` as no actor, since dyads writes no placeholder.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dyads.errors import InputError
from dyads.ingest.jsonl import json_objects
from dyads.model import Article, Mention

__all__ = [
    "ClusterScore",
    "score_clusters",
    "CalibrationBin",
    "judged",
    "calibration",
    "gold_articles",
    "LEVELS",
    "ActorScore",
    "GoldRecord",
    "GoldWhenWhere",
    "WhenWhereScore",
    "LevelScore",
    "Report",
    "parse_date",
    "read_gold",
    "score",
    "score_actors",
    "score_by_root",
    "score_when_where",
    "scored_mentions",
    "scored_pairs",
]

Key = tuple[str | None, ...]
Triple = tuple[str | None, str | None, str]

LEVELS: dict[str, Callable[[Triple], Key]] = {
    "triple": lambda t: (t[0], t[1], t[2]),
    "root": lambda t: (t[0][:3] if t[0] else None, t[1][:3] if t[1] else None, t[2][:2]),
    "code": lambda t: (t[2],),
    "rootcode": lambda t: (t[2][:2],),
}

# Modalities counted as events when scoring (the default of `dyads eval`).
SCORED_MODALITIES = frozenset({"asserted", "future", "intended", "attempted"})


@dataclass(frozen=True, slots=True)
class GoldWhenWhere:
    """What a gold event says about when and where, when it says it."""

    event: Triple
    date: str | None
    has_date: bool
    geonameid: int | None
    country: str | None
    has_location: bool


@dataclass(frozen=True, slots=True)
class GoldRecord:
    """One gold record: text, date, and its expected (source, target, code) triples."""

    id: str
    text: str
    date: dt.date | None
    events: tuple[Triple, ...]
    evaluate: bool
    when_where: tuple[GoldWhenWhere, ...] = ()
    category: str | None = None
    path: Path | None = None  # an article file to read instead of `text` (resolved against the gold file)
    # Scored sentences: (start, end) offsets into the text. When given, only mentions of those
    # sentences count, each sentence scored apart against the events whose `sentence_start` it holds.
    scope: tuple[tuple[int, int], ...] = ()
    event_starts: tuple[int | None, ...] = ()


@dataclass(frozen=True, slots=True)
class WhenWhereScore:
    """Date and place accuracy on the gold events dyads found (same record, same CAMEO root)."""

    dated: int
    date_correct: int
    placed: int
    place_exact: int
    place_country: int

    @staticmethod
    def rate(hits: int, total: int) -> float:
        """Return hits as a share of total."""
        return hits / total if total else 0.0


@dataclass(frozen=True, slots=True)
class LevelScore:
    """Counts and scores at one matching level."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class ActorScore:
    """How often the actors of found events are right: gold events whose CAMEO root dyads also coded."""

    found: int  # gold events with a predicted event of the same root in the same record
    source_code: int
    target_code: int
    source_country: int
    target_country: int

    def rate(self, hits: int) -> float:
        """Return hits as a share of found events."""
        return hits / self.found if self.found else 0.0


@dataclass(frozen=True, slots=True)
class Report:
    """The result of scoring one gold file."""

    records: int
    gold_events: int
    predicted_events: int
    levels: dict[str, LevelScore]
    actors: ActorScore

    def to_dict(self) -> dict[str, object]:
        """Return the report as plain JSON-able data."""
        return {
            "actors": {
                "found": self.actors.found,
                "source_code": round(self.actors.rate(self.actors.source_code), 4),
                "target_code": round(self.actors.rate(self.actors.target_code), 4),
                "source_country": round(self.actors.rate(self.actors.source_country), 4),
                "target_country": round(self.actors.rate(self.actors.target_country), 4),
            },
            "records": self.records,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "levels": {
                name: {
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                }
                for name, s in self.levels.items()
            },
        }


def parse_date(value: object) -> dt.date | None:
    """Parse `YYYYMMDD` or ISO dates (and datetimes); None for empty or unreadable values."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if len(text) == 8 and text.isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _gold_code(value: object) -> str | None:
    """Normalise a gold actor code (PETRARCH's `---` marks an unknown country)."""
    if not isinstance(value, str):
        return None
    code = value.strip().upper()
    while code.startswith("---"):
        code = code[3:]
    return code or None


def read_gold(path: str | Path) -> Iterator[GoldRecord]:
    """Yield the records of a gold JSONL file; raise InputError naming the line of a bad one."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file")
    for number, record, problem in json_objects(path):
        if record is None:
            raise InputError(str(path), problem or "bad line", line=number)
        if not isinstance(record.get("text", ""), str):
            raise InputError(str(path), "record is not an object with a text string", line=number)
        if "text" not in record and not isinstance(record.get("path"), str):
            raise InputError(str(path), "record has neither `text` nor `path`", line=number)
        events = tuple(
            (_gold_code(event.get("source")), _gold_code(event.get("target")), str(event.get("code", "")))
            for event in record.get("events", []) or []
            if isinstance(event, dict)
        )
        yield GoldRecord(
            str(record.get("id", f"line{number}")),
            record.get("text", "") or "",
            parse_date(record.get("date")),
            events,
            record.get("evaluate", True) is not False,
            tuple(
                _when_where(event, triple)
                for event, triple in zip(
                    [e for e in record.get("events", []) or [] if isinstance(e, dict)],
                    events,
                    strict=True,
                )
            ),
            str(record["category"]) if record.get("category") is not None else None,
            path.parent / record["path"] if isinstance(record.get("path"), str) else None,
            _scope(record.get("scope"), path, number),
            tuple(
                e.get("sentence_start") if isinstance(e.get("sentence_start"), int) else None
                for e in record.get("events", []) or []
                if isinstance(e, dict)
            ),
        )


def _scope(value: object, path: Path, line: int) -> tuple[tuple[int, int], ...]:
    """Read a record's optional `scope`: a list of [start, end] sentence offsets."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, int) for v in pair) for pair in value
    ):
        raise InputError(str(path), "`scope` is not a list of [start, end] offsets", line=line)
    return tuple((pair[0], pair[1]) for pair in value)


def in_scope(record: GoldRecord, mentions: Sequence[Mention]) -> list[Mention]:
    """Return the mentions of the record's scored sentences (all of them when it has no scope)."""
    if not record.scope:
        return list(mentions)
    return [m for m in mentions if any(start <= m.sentence_start < end for start, end in record.scope)]


def scored_pairs(
    records: Sequence[GoldRecord], coded: Mapping[str, Sequence[Mention]]
) -> list[tuple[list[Triple], list[Triple]]]:
    """Return the (predicted, gold) triples to score: one pair per record, or per scoped sentence."""
    pairs: list[tuple[list[Triple], list[Triple]]] = []
    for record in records:
        mentions = coded.get(record.id, [])
        if not record.scope:
            pairs.append((scored_mentions(mentions), list(record.events)))
            continue
        for start, end in record.scope:
            inside = [m for m in mentions if start <= m.sentence_start < end]
            gold = [
                event
                for event, at in zip(record.events, record.event_starts, strict=True)
                if at is not None and start <= at < end
            ]
            pairs.append((scored_mentions(inside), gold))
    return pairs


def gold_articles(records: Sequence[GoldRecord]) -> list[Article]:
    """Return the article of each record: its text, or the file at its `path` read by dyads' own ingest."""
    from dyads.ingest import iter_inputs

    articles = []
    for record in records:
        if record.path is None:
            articles.append(Article(record.id, record.text, published=record.date))
            continue
        if not record.path.is_file():
            raise InputError(str(record.path), f"article file of gold record {record.id!r} not found")
        read = next((item for item in iter_inputs([str(record.path)]) if isinstance(item, Article)), None)
        if read is None:
            raise InputError(str(record.path), f"article file of gold record {record.id!r} has no text")
        articles.append(replace(read, id=record.id, published=record.date or read.published))
    return articles


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    """How often the counted mentions with a confidence in [low, high) are right (country dyad and root)."""

    low: float
    high: float
    mentions: int
    correct: int


CALIBRATION_EDGES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def judged(record: GoldRecord, mentions: Iterable[Mention]) -> list[tuple[Mention, bool]]:
    """Return the counted mentions of a record, in the given order, each with whether it is right.

    Right at the level events are kept at (DESIGN.md's "root"): a report of a gold happening, each
    gold event matched once.
    """
    remaining = Counter(LEVELS["root"](event) for event in record.events)
    found: list[tuple[Mention, bool]] = []
    for mention in mentions:
        if mention.negated or mention.modality not in SCORED_MODALITIES:
            continue
        (key,) = [LEVELS["root"](triple) for triple in scored_mentions([mention])]
        right = remaining[key] > 0
        if right:
            remaining[key] -= 1
        found.append((mention, right))
    return found


def calibration(
    records: Sequence[GoldRecord], coded: Mapping[str, Sequence[Mention]]
) -> list[CalibrationBin]:
    """Return precision by confidence band over the mentions `dyads eval` counts."""
    counts = [[0, 0] for _ in CALIBRATION_EDGES[:-1]]
    for record in records:
        ranked = sorted(in_scope(record, coded.get(record.id, [])), key=lambda m: -m.confidence)
        for mention, right in judged(record, ranked):
            band = next(i for i, high in enumerate(CALIBRATION_EDGES[1:]) if mention.confidence < high)
            counts[band][0] += 1
            counts[band][1] += right
    return [
        CalibrationBin(CALIBRATION_EDGES[i], min(CALIBRATION_EDGES[i + 1], 1.0), n, ok)
        for i, (n, ok) in enumerate(counts)
    ]


def _when_where(event: dict[str, object], triple: Triple) -> GoldWhenWhere:
    """Read a gold event's optional `date` and `location`."""
    location = event.get("location")
    geonameid = country = None
    if isinstance(location, dict):
        raw = location.get("geonameid")
        geonameid = int(raw) if isinstance(raw, int | str) and str(raw).isdigit() else None
        country = location.get("country") if isinstance(location.get("country"), str) else None
    date = event.get("date")
    return GoldWhenWhere(
        triple,
        date if isinstance(date, str) else None,
        "date" in event,
        geonameid,
        country,
        "location" in event,
    )


def score_when_where(records: Sequence[GoldRecord], coded: Mapping[str, Sequence[Mention]]) -> WhenWhereScore:
    """Return date and place accuracy over the gold events that carry them and that dyads found."""
    dated = date_correct = placed = place_exact = place_country = 0
    for record in records:
        mentions = [m for m in coded.get(record.id, []) if not m.negated]
        for gold in record.when_where:
            found = _matching_mention(gold.event, mentions)
            if found is None:
                continue
            if gold.has_date:
                dated += 1
                date_correct += found.date == gold.date
            if gold.has_location:
                placed += 1
                predicted_id = found.place.geonameid if found.place else None
                predicted_country = found.place.country if found.place else None
                place_exact += predicted_id == gold.geonameid
                place_country += predicted_country == gold.country
    return WhenWhereScore(dated, date_correct, placed, place_exact, place_country)


def _matching_mention(event: Triple, mentions: Sequence[Mention]) -> Mention | None:
    """Return the mention that codes the gold event: the same triple, else the same dyad and root."""

    def triple(m: Mention) -> Triple:
        return (m.source.code if m.source else None, m.target.code if m.target else None, m.cameo)

    exact = [m for m in mentions if triple(m) == event]
    if exact:
        return exact[0]
    key = LEVELS["root"]
    near = [m for m in mentions if key(triple(m)) == key(event)]
    return near[0] if near else None


def scored_mentions(
    mentions: Iterable[Mention], modalities: frozenset[str] = SCORED_MODALITIES
) -> list[Triple]:
    """Return the (source, target, code) triples of the mentions that count as events."""
    return [
        (m.source.code if m.source else None, m.target.code if m.target else None, m.cameo)
        for m in mentions
        if not m.negated and m.modality in modalities
    ]


def score(pairs: Sequence[tuple[Sequence[Triple], Sequence[Triple]]]) -> Report:
    """Return P/R/F1 at each level over (predicted, gold) triples of each record."""
    levels: dict[str, LevelScore] = {}
    for name, key in LEVELS.items():
        tp = fp = fn = 0
        for predicted, gold in pairs:
            p = Counter(key(t) for t in predicted)
            g = Counter(key(t) for t in gold)
            hit = sum((p & g).values())
            tp += hit
            fp += sum(p.values()) - hit
            fn += sum(g.values()) - hit
        levels[name] = LevelScore(tp, fp, fn)
    return Report(
        records=len(pairs),
        gold_events=sum(len(g) for _, g in pairs),
        predicted_events=sum(len(p) for p, _ in pairs),
        levels=levels,
        actors=score_actors(pairs),
    )


def score_by_root(pairs: Sequence[tuple[Sequence[Triple], Sequence[Triple]]]) -> dict[str, LevelScore]:
    """Return the event-type (CAMEO root) counts of each root: what the per-root table prints."""
    counts: dict[str, list[int]] = {}
    for predicted, gold in pairs:
        p = Counter(t[2][:2] for t in predicted)
        g = Counter(t[2][:2] for t in gold)
        for root in p.keys() | g.keys():
            hit = min(p[root], g[root])
            row = counts.setdefault(root, [0, 0, 0])
            row[0] += hit
            row[1] += p[root] - hit
            row[2] += g[root] - hit
    return {root: LevelScore(*counts[root]) for root in sorted(counts)}


def _country(code: str | None) -> str | None:
    """Return the country part of a code (None for IGO/NGO/role-only codes)."""
    return code[:3] if code else None


def _best_alignment(gold: Triple, candidates: Sequence[Triple]) -> Triple:
    """Return the predicted event of the same root that agrees most with the gold actors."""

    def agreement(predicted: Triple) -> tuple[int, int]:
        return (
            (predicted[0] == gold[0]) + (predicted[1] == gold[1]),
            (_country(predicted[0]) == _country(gold[0])) + (_country(predicted[1]) == _country(gold[1])),
        )

    return max(candidates, key=agreement)


def score_actors(pairs: Sequence[tuple[Sequence[Triple], Sequence[Triple]]]) -> ActorScore:
    """Return actor accuracy over the gold events dyads found (same record, same CAMEO root)."""
    found = source_code = target_code = source_country = target_country = 0
    for predicted, gold in pairs:
        for event in gold:
            candidates = [p for p in predicted if p[2][:2] == event[2][:2]]
            if not candidates:
                continue
            best = _best_alignment(event, candidates)
            found += 1
            source_code += best[0] == event[0]
            target_code += best[1] == event[1]
            source_country += _country(best[0]) == _country(event[0])
            target_country += _country(best[1]) == _country(event[1])
    return ActorScore(found, source_code, target_code, source_country, target_country)


@dataclass(frozen=True, slots=True)
class ClusterScore:
    """Pairwise precision and recall of event clustering and story grouping against expected clusters."""

    event_precision: float
    event_recall: float
    story_precision: float
    story_recall: float
    found: int  # expected (happening, article) reports that dyads coded
    expected: int


def _pairs(groups: Iterable[Iterable[Any]]) -> set[frozenset[Any]]:
    """Return every unordered pair of items within each group."""
    pairs: set[frozenset[Any]] = set()
    for group in groups:
        items = sorted(set(group), key=str)
        pairs.update(frozenset((a, b)) for i, a in enumerate(items) for b in items[i + 1 :])
    return pairs


def _pr(predicted: set[frozenset[Any]], gold: set[frozenset[Any]]) -> tuple[float, float]:
    hits = len(predicted & gold)
    return (hits / len(predicted) if predicted else 1.0, hits / len(gold) if gold else 1.0)


def score_clusters(
    expected: Mapping[str, Any], mentions: Sequence[Mapping[str, Any]], stories: Mapping[str, str]
) -> ClusterScore:
    """Score clustering: `mentions` are stored mention records, `stories` maps article id → story id.

    Each expected happening lists the articles that report it with its country-level dyad and CAMEO
    root; the report of a happening in an article is that article's first mention with that dyad and
    root. Event pairs are reports that share an event id; story pairs are articles that share a story.
    """
    reports: dict[tuple[str, str], str] = {}  # (happening, article) → event id
    expected_reports = 0
    for happening in expected["happenings"]:
        for article in happening["articles"]:
            expected_reports += 1
            for mention in mentions:
                if (
                    mention["article_id"] == article
                    and (mention["source"] or "")[:3] == happening["source"]
                    and (mention["target"] or "")[:3] == happening["target"]
                    and mention["cameo"][:2] == happening["root"]
                ):
                    reports[(happening["id"], article)] = mention["event_id"]
                    break
    gold_events = _pairs([[(h["id"], a) for a in h["articles"]] for h in expected["happenings"]])
    by_event: dict[str, list[tuple[str, str]]] = {}
    for report, event_id in reports.items():
        by_event.setdefault(event_id, []).append(report)
    event_p, event_r = _pr(_pairs(by_event.values()), gold_events)
    by_story: dict[str, list[str]] = {}
    for article, story in stories.items():
        by_story.setdefault(story, []).append(article)
    story_p, story_r = _pr(_pairs(by_story.values()), _pairs(s["articles"] for s in expected["stories"]))
    return ClusterScore(event_p, event_r, story_p, story_r, len(reports), expected_reports)


@dataclass(frozen=True, slots=True)
class StoryScore:
    """Purity and inverse purity of found stories against gold stories, over the gold's articles."""

    purity: float
    inverse_purity: float
    articles: int
    gold_stories: int  # with two articles or more
    found_stories: int

    @property
    def f1(self) -> float:
        """Return the harmonic mean of purity and inverse purity."""
        total = self.purity + self.inverse_purity
        return 2 * self.purity * self.inverse_purity / total if total else 0.0


def score_stories(gold: Mapping[str, str], found: Mapping[str, str]) -> StoryScore:
    """Score stories: `gold` and `found` map article id → story; articles `found` lacks stand alone."""
    articles = sorted(gold)
    assigned = {a: found.get(a, "\x00" + a) for a in articles}

    def purity(clusters: Mapping[str, str], classes: Mapping[str, str]) -> float:
        members: dict[str, list[str]] = {}
        for article, cluster in clusters.items():
            members.setdefault(cluster, []).append(article)
        best = sum(max(Counter(classes[a] for a in group).values()) for group in members.values())
        return best / len(clusters) if clusters else 1.0

    gold_here = {a: gold[a] for a in articles}
    return StoryScore(
        round(purity(assigned, gold_here), 3),
        round(purity(gold_here, assigned), 3),
        len(articles),
        sum(n > 1 for n in Counter(gold_here.values()).values()),
        sum(n > 1 for n in Counter(assigned.values()).values()),
    )
