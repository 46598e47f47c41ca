"""The linking gold (annotations/linking/): read it, code its articles, score event clusters, fit the linker.

A gold group holds reports (article, sentence and trigger offsets) partitioned by an annotator into
happenings. dyads codes the group's articles; a report is *found* when a mention sits on its trigger.
Scores are over pairs of found reports of one group (same happening or not) and over B-cubed
precision and recall of the clusters, report by report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from dyads.corpus import load_articles
from dyads.dedupe import cluster_group, event_group, report_of
from dyads.errors import InputError
from dyads.linking import FEATURES, Linker, Report, pair_features

__all__ = [
    "GoldGroup",
    "LinkScore",
    "code_gold",
    "cross_validate",
    "load_gold",
    "score_partition",
    "train_linker",
]

FOLDS = 5


@dataclass(frozen=True, slots=True)
class GoldReport:
    """One report of the gold: where its act is in which article."""

    id: str
    article_id: str
    trigger_start: int


@dataclass(frozen=True, slots=True)
class GoldGroup:
    """One annotated group: its reports and the happening each scored report belongs to."""

    id: str
    reports: tuple[GoldReport, ...]
    cluster_of: Mapping[str, int]  # report id → happening (not_events are left out)


@dataclass(frozen=True, slots=True)
class LinkScore:
    """Pairwise and B-cubed scores of event clusters against the gold."""

    pair_precision: float
    pair_recall: float
    pair_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    reports: int  # gold reports scored
    found: int  # of them, those dyads coded
    same_pairs: int
    different_pairs: int


def load_gold(folder: Path) -> list[GoldGroup]:
    """Return the gold groups of a linking annotation folder (`groups.jsonl`)."""
    path = folder / "groups.jsonl"
    groups: list[GoldGroup] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise InputError(str(path), f"cannot read the linking gold ({error})") from error
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            reports = tuple(
                GoldReport(r["report"], r["article_id"], int(r["trigger"][0])) for r in row["reports"]
            )
            cluster_of = {rid: n for n, members in enumerate(row["clusters"]) for rid in members}
        except (ValueError, KeyError, TypeError, IndexError) as error:
            raise InputError(f"{path}:{number}", f"not a linking gold group ({error})") from error
        known = {r.id for r in reports}
        if not set(cluster_of) <= known:
            raise InputError(
                f"{path}:{number}", f"clusters name unknown reports {sorted(set(cluster_of) - known)}"
            )
        groups.append(GoldGroup(row["group"], reports, cluster_of))
    return groups


def gold_hash(folder: Path) -> str:
    """Return a short hash of the gold file (what a linker was fitted on)."""
    return hashlib.sha256((folder / "groups.jsonl").read_bytes()).hexdigest()[:16]


def code_gold(groups: Sequence[GoldGroup], shared: Path, coder: object) -> dict[str, Report]:
    """Code every article of the gold; return the Report of each found gold report, by report id."""
    from dyads.pipeline import Coder

    assert isinstance(coder, Coder)
    articles = load_articles(shared, {r.article_id for g in groups for r in g.reports})
    by_trigger: dict[tuple[str, int], list[Report]] = {}
    for article, mentions in coder.code_articles(articles):
        for mention in mentions:
            by_trigger.setdefault((article.id, mention.trigger_start), []).append(
                report_of(mention, article.source)
            )
    found: dict[str, Report] = {}
    for group in groups:
        for report in group.reports:
            candidates = sorted(
                by_trigger.get((report.article_id, report.trigger_start), []), key=lambda r: r.mention_id
            )
            if candidates:
                found[report.id] = candidates[0]
    return found


def _block(report: Report) -> str:
    return event_group(report.source, report.target, report.cameo)


def score_partition(
    groups: Sequence[GoldGroup], found: Mapping[str, object], event_of: Mapping[str, str]
) -> LinkScore:
    """Score the events given to found gold reports (`event_of`: report id → event id) against the gold."""
    tp = fp = fn = same = different = 0
    b_precision = b_recall = 0.0
    scored = found_count = 0
    for group in groups:
        members = [r.id for r in group.reports if r.id in group.cluster_of]
        scored += len(members)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                gold = group.cluster_of[a] == group.cluster_of[b]
                same += gold
                different += not gold
                linked = a in event_of and b in event_of and event_of[a] == event_of[b]
                tp += gold and linked
                fp += linked and not gold
                fn += gold and not linked
        # B-cubed: each report's precision and recall over the reports it is clustered with.
        for a in members:
            gold_mates = {b for b in members if group.cluster_of[b] == group.cluster_of[a]}
            if a in event_of:
                found_count += 1
                mates = {b for b in members if b in event_of and event_of[b] == event_of[a]}
            else:
                mates = {a}  # not coded: a cluster of its own
            b_precision += len(mates & gold_mates) / len(mates)
            b_recall += len(mates & gold_mates) / len(gold_mates)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    bp = b_precision / scored if scored else 1.0
    br = b_recall / scored if scored else 1.0
    return LinkScore(
        round(precision, 3),
        round(recall, 3),
        round(_f1(precision, recall), 3),
        round(bp, 3),
        round(br, 3),
        round(_f1(bp, br), 3),
        scored,
        found_count,
        same,
        different,
    )


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def cluster_found(groups: Sequence[GoldGroup], found: Mapping[str, Report], linker: Linker) -> dict[str, str]:
    """Cluster each gold group's found reports by block with a linker; return report id → event id."""
    event_of: dict[str, str] = {}
    for group in groups:
        by_block: dict[str, list[Report]] = {}
        ids: dict[str, str] = {}
        for report in group.reports:
            if report.id in found:
                r = found[report.id]
                by_block.setdefault(_block(r), []).append(r)
                ids[r.mention_id] = report.id
        for block, reports in by_block.items():
            for mention_id, event_id in cluster_group(block, reports, linker).items():
                event_of[ids[mention_id]] = event_id
    return event_of


def labelled_pairs(
    groups: Sequence[GoldGroup], found: Mapping[str, Report]
) -> tuple[list[list[float]], list[int]]:
    """Return the features and gold labels of every pair of found, scored reports within a block of a group."""
    x: list[list[float]] = []
    y: list[int] = []
    for group in groups:
        members = [r.id for r in group.reports if r.id in group.cluster_of and r.id in found]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                ra, rb = found[a], found[b]
                if _block(ra) != _block(rb) or ra.mention_id == rb.mention_id:
                    continue
                x.append(pair_features(ra, rb))
                y.append(int(group.cluster_of[a] == group.cluster_of[b]))
    return x, y


def fit_linker(x: Sequence[Sequence[float]], y: Sequence[int], threshold: float = 0.5) -> Linker:
    """Fit the linker's logistic weights on labelled pairs (scikit-learn, from the train extra)."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as error:
        raise InputError(
            "scikit-learn", "fitting the linker needs the train extra: pip install -e '.[train]'"
        ) from error
    model = LogisticRegression(C=1.0, fit_intercept=False, max_iter=2000)
    model.fit([list(row) for row in x], list(y))
    return Linker([float(w) for w in model.coef_[0]], threshold)


def cross_validate(
    groups: Sequence[GoldGroup], found: Mapping[str, Report], folds: int = FOLDS, threshold: float = 0.5
) -> LinkScore:
    """Score clusters of each fold's groups with a linker fitted on the other folds' groups."""
    event_of: dict[str, str] = {}
    for fold in range(folds):
        held = [g for n, g in enumerate(groups) if n % folds == fold]
        rest = [g for n, g in enumerate(groups) if n % folds != fold]
        x, y = labelled_pairs(rest, found)
        event_of.update(cluster_found(held, found, fit_linker(x, y, threshold)))
    return score_partition(groups, found, event_of)


def choose_threshold(groups: Sequence[GoldGroup], found: Mapping[str, Report]) -> tuple[float, LinkScore]:
    """Return the linking threshold with the best cross-validated B-cubed F1, and its scores."""
    scored = [(t / 20, cross_validate(groups, found, threshold=t / 20)) for t in range(4, 13)]
    return max(scored, key=lambda ts: (ts[1].bcubed_f1, ts[1].pair_f1, -abs(ts[0] - 0.5)))


def baselines(groups: Sequence[GoldGroup], found: Mapping[str, Report]) -> dict[str, LinkScore]:
    """Score the two trivial clusterings: every block one event, and every report its own event."""
    together = {
        rid: _block(r) + group.id
        for group in groups
        for rid, r in found.items()
        if rid.startswith(group.id + "-")
    }
    apart = {rid: rid for rid in found}
    return {
        "one event per block": score_partition(groups, found, together),
        "every report apart": score_partition(groups, found, apart),
    }


def train_linker(
    folder: Path, out: Path, shared: Path, coder: object, *, log: Callable[[str], None] = print
) -> dict[str, object]:
    """Fit the linker on all the gold, after cross-validating it; write its weights and manifest to `out`."""
    groups = load_gold(folder)
    found = code_gold(groups, shared, coder)
    log(f"{len(groups)} gold groups; {len(found)} of {sum(len(g.reports) for g in groups)} reports coded")
    threshold, validated = choose_threshold(groups, found)
    x, y = labelled_pairs(groups, found)
    linker = fit_linker(x, y, threshold)
    fitted = score_partition(groups, found, cluster_found(groups, found, linker))
    manifest: dict[str, object] = {
        "name": "dyads-linker",
        "dyads_version": version("dyads"),
        "trained": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "training_data": {"hash": gold_hash(folder), "groups": len(groups), "pairs": len(y), "same": sum(y)},
        "cross_validated": _as_dict(validated) | {"folds": FOLDS},
        "in_sample": _as_dict(fitted),
        "baselines": {name: _as_dict(score) for name, score in baselines(groups, found).items()},
        "threshold": linker.threshold,
        "weights": {name: round(w, 4) for name, w in zip(FEATURES, linker.weights, strict=True)},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    log(
        f"threshold {threshold}; cross-validated ({FOLDS} folds by group): pairs P {validated.pair_precision} R {validated.pair_recall}, "
        f"B-cubed F1 {validated.bcubed_f1} (P {validated.bcubed_precision} R {validated.bcubed_recall}); "
        f"written to {out}"
    )
    return manifest


def _as_dict(score: LinkScore) -> dict[str, float | int]:
    return {name: getattr(score, name) for name in LinkScore.__slots__}
