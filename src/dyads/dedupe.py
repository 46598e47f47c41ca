"""Mentions → events: reports of one happening share one event, which the linker decides.

**Blocking.** Two mentions can tell the same happening only when they share a *block*: the same source
and target countries and the same CAMEO root. Modality, negation and code depth belong to the mention,
not the event: "will suspend", "suspended" and a later report of the suspension can all be one event.

**Linking.** Within a block, reports are taken in a fixed order (their dates, then their mention ids:
never the order of ingest). Each joins the event whose reports within `WINDOW_DAYS` of it the linker
(`dyads.linking`), on average, finds to tell the same happening, if that probability reaches the
linker's threshold; otherwise it starts an event of its own. A report with no date at all can only join
reports of its own article.

**Ids.** An event's id is a hash of its block and its first report's mention id, so it depends neither
on the order of ingest nor on how many reports came later; it only changes when a report dated before
all others of the event arrives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from dyads.linking import WINDOW_DAYS, Linker, Report, day_gap, default_linker, window
from dyads.model import Mention

__all__ = [
    "Link",
    "Report",
    "assign_events",
    "cluster",
    "cluster_group",
    "country_level",
    "event_group",
    "event_key",
    "explain",
    "report_of",
]


def country_level(code: str) -> str:
    """Return the country part of a code, or the whole code for IGOs, NGOs and role-only actors."""
    # Country level: one outlet's "Beijing" (CHNGOV) is another's "China" (CHN) for the same act.
    return code if code[:3] in {"IGO", "NGO"} or len(code) <= 3 else code[:3]


def event_group(source: str | None, target: str | None, cameo: str) -> str:
    """Return the block of a mention: country-level source, country-level target, CAMEO root."""
    return "\x1f".join((country_level(source or ""), country_level(target or ""), cameo[:2]))


def event_key(mention: Mention) -> tuple[str, ...]:
    """Return the block of a mention as a tuple: (source country, target country, root)."""
    return tuple(_group_of(mention).split("\x1f"))


def _group_of(mention: Mention) -> str:
    return event_group(
        mention.source.code if mention.source else None,
        mention.target.code if mention.target else None,
        mention.cameo,
    )


def _event_id(group: str, first: str) -> str:
    return "e" + hashlib.sha256(f"{group}\x1f{first}".encode()).hexdigest()[:16]


def _order(report: Report) -> tuple[bool, dt.date, str]:
    span = window(report)
    return span is None, span[0] if span else dt.date.max, report.mention_id


def _near(a: Report, b: Report) -> bool:
    """Return whether two reports may be compared: dates within the window, or one article when undated."""
    gap = day_gap(a, b)
    return a.article_id == b.article_id if gap is None else gap <= WINDOW_DAYS


@dataclass(frozen=True, slots=True)
class Link:
    """How one report came into its event: the probability it was judged with, against how many reports."""

    mention_id: str
    event_id: str
    probability: float | None  # None: it started the event
    compared: int


def _clusters(reports: Sequence[Report], linker: Linker) -> list[tuple[list[Report], list[Link | None]]]:
    """Return the events of one block's reports, each with how each of its reports joined it."""
    events: list[tuple[list[Report], list[Link | None]]] = []
    for report in sorted(reports, key=_order):
        best: tuple[float, int, int] | None = None
        for index, (members, _) in enumerate(events):
            near = [m for m in members if _near(report, m)]
            if not near:
                continue
            p = sum(linker.probability(report, m) for m in near) / len(near)
            if p >= linker.threshold and (best is None or p > best[0]):
                best = (p, index, len(near))
        if best is None:
            events.append(([report], [None]))
        else:
            p, index, compared = best
            events[index][0].append(report)
            events[index][1].append(Link(report.mention_id, "", round(p, 3), compared))
    return events


def cluster_group(group: str, reports: Sequence[Report], linker: Linker | None = None) -> dict[str, str]:
    """Return the event id of each report (by mention id) of one block."""
    found: dict[str, str] = {}
    for members, _ in _clusters(reports, linker or default_linker()):
        event_id = _event_id(group, members[0].mention_id)
        found.update((m.mention_id, event_id) for m in members)
    return found


def explain(group: str, reports: Sequence[Report], linker: Linker | None = None) -> dict[str, Link]:
    """Return how each report of a block joined its event (the event's first report has no probability)."""
    found: dict[str, Link] = {}
    for members, links in _clusters(reports, linker or default_linker()):
        event_id = _event_id(group, members[0].mention_id)
        for member, link in zip(members, links, strict=True):
            found[member.mention_id] = (
                Link(member.mention_id, event_id, None, 0)
                if link is None
                else replace(link, event_id=event_id)
            )
    return found


def cluster(reports_by_group: Mapping[str, Sequence[Report]], linker: Linker | None = None) -> dict[str, str]:
    """Return the event id of each report (by mention id) of several blocks."""
    found: dict[str, str] = {}
    for group, reports in reports_by_group.items():
        found.update(cluster_group(group, reports, linker))
    return found


def report_of(mention: Mention, outlet: str | None = None) -> Report:
    """Return what linking needs of a mention."""
    place = mention.place
    placed = place is not None and place.feature != "source-country"
    return Report(
        mention.id,
        mention.article_id,
        mention.date,
        mention.date_precision,
        mention.date_text is not None,
        place.country if placed and place is not None else None,
        place.name if placed and place is not None else None,
        mention.cameo,
        mention.trigger,
        mention.sentence,
        mention.modality,
        mention.negated,
        mention.source.code if mention.source else None,
        mention.target.code if mention.target else None,
        outlet,
        place.feature if placed and place is not None else None,
    )


def assign_events(mentions: Iterable[Mention]) -> list[Mention]:
    """Return the mentions with event ids set, clustered among themselves (the store reclusters)."""
    listed = list(mentions)
    groups: dict[str, list[Report]] = {}
    for mention in listed:
        groups.setdefault(_group_of(mention), []).append(report_of(mention))
    ids = cluster(groups)
    return [replace(mention, event_id=ids[mention.id]) for mention in listed]
