"""Mentions → events: reports of the same happening share one stable event id.

Two mentions can report the same happening when they have the same source and target countries, the
same CAMEO root and the same standing (asserted, or negated, or not yet happened): that is their
*group*. Within a group, every report dated to the day by the text ("on Tuesday") anchors an event on
that day (one per country, when reports place it in different countries). A report whose date is vaguer — a week, a month, or no date at all, so only the day it was
published — joins the anchored event its date window contains (the nearest one to the window's end),
and only stands alone when none does.

The event id is a hash of the group and the anchor day, so it depends on neither the order of
ingest nor the number of reports. It only changes for a happening known so far from vague reports
alone, when a report dated to the day arrives: the vague reports then join the dated event.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from dyads.dates import shifted
from dyads.model import Mention

__all__ = ["Report", "assign_events", "cluster_group", "event_group", "event_key"]

# Modalities of things that did not (yet) happen: kept apart from the happening itself.
_UNREALISED = frozenset(
    {"future", "intended", "hypothetical", "conditional", "demanded", "attempted", "averted"}
)
# A report that gives no date tells of something that happened on, or shortly before, its publication.
REPORTED_WITHIN_DAYS = 3


@dataclass(frozen=True, slots=True)
class Report:
    """What clustering needs of one mention."""

    mention_id: str
    article_id: str
    date: str | None  # ISO text at its precision
    precision: str | None  # day | week | month | year
    explicit: bool  # the text gave the date; False when it is the publication date
    place: str | None = None  # the country where the text places it (None: not placed)


def event_group(source: str | None, target: str | None, cameo: str, *, negated: bool, modality: str) -> str:
    """Return the group of a mention: country-level dyad, CAMEO root and standing."""
    standing = "negated" if negated else ("unrealised" if modality in _UNREALISED else "real")
    return "\x1f".join((_country_level(source or ""), _country_level(target or ""), cameo[:2], standing))


def event_key(mention: Mention) -> tuple[str, ...]:
    """Return the group of a mention as a tuple: (source country, target country, root, standing)."""
    return tuple(_group_of(mention).split("\x1f"))


def _group_of(mention: Mention) -> str:
    return event_group(
        mention.source.code if mention.source else None,
        mention.target.code if mention.target else None,
        mention.cameo,
        negated=mention.negated,
        modality=mention.modality,
    )


def _country_level(code: str) -> str:
    """Return the country part of a code, or the whole code for IGOs, NGOs and role-only actors."""
    # Country level: one outlet's "Beijing" (CHNGOV) is another's "China" (CHN) for the same act.
    return code if code[:3] in {"IGO", "NGO"} or len(code) <= 3 else code[:3]


def _event_id(*parts: str) -> str:
    return "e" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _window(report: Report) -> tuple[dt.date, dt.date] | None:
    """Return the days a report's date allows, or None when it has no date."""
    if not report.date:
        return None
    try:
        if report.precision == "year" or len(report.date) == 4:
            year = int(report.date[:4])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if report.precision == "month" or len(report.date) == 7:
            year, month = int(report.date[:4]), int(report.date[5:7])
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        day = dt.date.fromisoformat(report.date[:10])
    except ValueError:
        return None
    if report.precision == "week":
        return day, shifted(day, 6)
    if not report.explicit:
        return shifted(day, -REPORTED_WITHIN_DAYS), day
    return day, day


def _is_anchor(report: Report) -> bool:
    return (
        report.explicit and report.precision == "day" and report.date is not None and len(report.date) == 10
    )


def cluster_group(group: str, reports: Sequence[Report]) -> dict[str, str]:
    """Return the event id of each report (by mention id) of one group."""
    anchors = sorted({r.date for r in reports if _is_anchor(r) and r.date is not None})
    anchor_days = [dt.date.fromisoformat(a) for a in anchors]
    found: dict[str, str] = {}
    for report in reports:
        if _is_anchor(report) and report.date is not None:
            found[report.mention_id] = _event_id(group, "day", report.date)
            continue
        window = _window(report)
        if window is None:
            # No date at all: only reports in the same article can be told to be one happening.
            found[report.mention_id] = _event_id(group, "undated", report.article_id)
            continue
        low, high = window
        inside = [day for day in anchor_days if low <= day <= high]
        if inside:
            nearest = min(inside, key=lambda day: ((high - day).days, day))
            found[report.mention_id] = _event_id(group, "day", nearest.isoformat())
        else:
            found[report.mention_id] = _event_id(
                group, report.precision or "", report.date or "", "stated" if report.explicit else "reported"
            )
    return _split_by_place(reports, found)


def _split_by_place(reports: Sequence[Report], found: dict[str, str]) -> dict[str, str]:
    """Split an event whose reports place it in different countries: those are different happenings.

    Reports without a place join the most reported place (ties: the first country code). An event
    placed in one country or none keeps its id; a split event's parts add the country to it.
    """
    by_event: dict[str, list[Report]] = {}
    for report in reports:
        by_event.setdefault(found[report.mention_id], []).append(report)
    for event_id, members in by_event.items():
        counts = Counter(r.place for r in members if r.place)
        if len(counts) < 2:
            continue
        main = min(counts, key=lambda place: (-counts[place], place))
        for report in members:
            found[report.mention_id] = _event_id(event_id, report.place or main)
    return found


def cluster(reports_by_group: Mapping[str, Sequence[Report]]) -> dict[str, str]:
    """Return the event id of each report (by mention id) of several groups."""
    found: dict[str, str] = {}
    for group, reports in reports_by_group.items():
        found.update(cluster_group(group, reports))
    return found


def _report(mention: Mention) -> Report:
    place = mention.place
    return Report(
        mention.id,
        mention.article_id,
        mention.date,
        mention.date_precision,
        mention.date_text is not None,
        place.country if place is not None and place.feature != "source-country" else None,
    )


def assign_events(mentions: Iterable[Mention]) -> list[Mention]:
    """Return the mentions with event ids set, clustered among themselves (the store reclusters)."""
    listed = list(mentions)
    groups: dict[str, list[Report]] = {}
    for mention in listed:
        groups.setdefault(_group_of(mention), []).append(_report(mention))
    ids = cluster(groups)
    return [replace(mention, event_id=ids[mention.id]) for mention in listed]
