"""When an event happened: resolve date expressions ("Tuesday", "last week", "March 3") against publication.

The dates stage (`dated`) looks for the nearest date expression in the trigger's own clause, then in
the clauses that report it, and falls back on the article's date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Token

from dyads.model import Mention
from dyads.parse import clause_tokens, entity_span
from dyads.resources import word_set

__all__ = ["EventDate", "dated", "event_date", "resolve_date"]

_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class EventDate:
    """A resolved date: ISO text at its precision (`2004-03-23`, `2004-03`, `2004`)."""

    date: str
    precision: str  # day | week | month | year
    text: str | None


def _day(value: dt.date) -> str:
    return value.isoformat()


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _weekday(published: dt.date, weekday: int, *, future: bool, shift: str) -> dt.date:
    """Return the date of a named weekday relative to publication (past unless the action is future)."""
    if future or shift == "next":
        delta = (weekday - published.weekday()) % 7
        delta = delta or (7 if shift == "next" else 0)
        return published + dt.timedelta(days=delta)
    delta = (published.weekday() - weekday) % 7
    if shift == "last" and delta == 0:
        delta = 7
    return published - dt.timedelta(days=delta)


def _absolute(text: str, published: dt.date | None, *, future: bool) -> EventDate | None:
    """Resolve expressions that carry their own month or year ("March 3, 2004", "in 2003")."""
    lower = text.lower()
    iso = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", lower)
    if iso:
        try:
            return EventDate(_day(dt.date(*map(int, iso.groups()))), "day", text)
        except ValueError:
            return None
    # Ranges: "March 3-5", "from March 3 to March 5", "between 1998 and 2003" → the start, at its precision.
    lower = re.sub(r"\b(\d{1,2})\s*(?:-|–|to)\s*\d{1,2}\b", r"\1", lower)
    between = re.search(r"\bbetween\s+(1[89]\d\d|20\d\d)\s+and\s+(1[89]\d\d|20\d\d)\b", lower)
    if between:
        return EventDate(between.group(1), "year", text)
    month_day = re.search(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", lower)
    day_month = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b", lower)
    parts = None
    if month_day:
        parts = (_MONTHS[month_day.group(1)], int(month_day.group(2)), month_day.group(3))
    elif day_month:
        parts = (_MONTHS[day_month.group(2)], int(day_month.group(1)), day_month.group(3))
    if parts is not None:
        month, day, year = parts
        if year is None:
            if published is None:
                return None
            year_value = published.year
            if not future and (month, day) > (published.month, published.day) and month - published.month > 1:
                year_value -= 1
        else:
            year_value = int(year)
        try:
            return EventDate(_day(dt.date(year_value, month, day)), "day", text)
        except ValueError:
            return None
    month_year = re.search(rf"\b({_MONTH_RE})\.?\s+(\d{{4}})\b", lower)
    if month_year:
        return EventDate(_month(int(month_year.group(2)), _MONTHS[month_year.group(1)]), "month", text)
    year_only = re.fullmatch(
        r"(?:(?:in|since|during|by)\s+)?(?:the\s+year\s+)?(1[89]\d\d|20\d\d)", lower.strip()
    )
    if year_only:
        return EventDate(year_only.group(1), "year", text)
    return None


def shifted(day: dt.date, days: int) -> dt.date:
    """Return the day moved by a number of days, held within the calendar's first and last days."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max


def resolve_date(text: str, published: dt.date | None, *, future: bool = False) -> EventDate | None:
    """Return the date a time expression names, or None when it cannot be resolved."""
    try:
        return _resolve(text, published, future=future)
    except OverflowError:
        return None  # "yesterday" of 1 January of year 1: before the calendar's first day


def _resolve(text: str, published: dt.date | None, *, future: bool) -> EventDate | None:
    absolute = _absolute(text, published, future=future)
    if absolute is not None:
        return absolute
    if published is None:
        return None
    lower = " ".join(text.lower().split())
    shift_match = re.search(r"\b(last|next|this|past)\b", lower)
    shift = shift_match.group(1) if shift_match else ""
    for name, weekday in _WEEKDAYS.items():
        if re.search(rf"\b{name}\b", lower):
            return EventDate(_day(_weekday(published, weekday, future=future, shift=shift)), "day", text)
    if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", lower):
        return EventDate(_day(published), "day", text)
    if re.search(r"\b(yesterday|last night)\b", lower):
        return EventDate(_day(published - dt.timedelta(days=1)), "day", text)
    if re.search(r"\btomorrow\b", lower):
        return EventDate(_day(published + dt.timedelta(days=1)), "day", text)
    if "weekend" in lower:
        saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
        if shift == "next" or (future and saturday < published):
            saturday += dt.timedelta(days=7)
        return EventDate(_day(saturday), "day", text)
    if "week" in lower and shift:  # "this/last/next week"; "two weeks" is a duration
        offset = {"last": -7, "past": -7, "next": 7}.get(shift, 0)
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(days=offset)
        return EventDate(_day(monday), "week", text)
    if "month" in lower and shift:  # "this/last/next month"; "two months" is a duration
        year, month = published.year, published.month
        if shift in {"last", "past"}:
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        elif shift == "next":
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return EventDate(_month(year, month), "month", text)
    if "year" in lower and shift:  # "this/last/next year"; "two years" is a duration
        year = published.year + {"last": -1, "past": -1, "next": 1}.get(shift, 0)
        return EventDate(f"{year:04d}", "year", text)
    month_only = re.search(rf"\b({_MONTH_RE})\b", lower)
    if month_only:
        month = _MONTHS[month_only.group(1)]
        year = published.year - (1 if month > published.month and not future else 0)
        return EventDate(_month(year, month), "month", text)
    return None


# Where a date can hang on the trigger's clause: "on Tuesday", "in March", "since 2003".
_DATE_PREPS = word_set("coding/words.tsv", "date_preps")
_DATE_ENTS = frozenset({"DATE", "TIME"})


def _date_tokens(token: Token) -> str | None:
    """Return the text of the nearest date expression in the trigger's own clause."""
    for current in clause_tokens(token):
        if current.ent_type_ in _DATE_ENTS and (
            current.dep_ in {"npadvmod", "tmod", "advmod", "nmod", "obl"}
            or (current.dep_ == "pobj" and current.head.lower_ in _DATE_PREPS)
        ):
            return _ent_text(current)
    return None


def _ent_text(token: Token) -> str:
    """Return the text of the entity the token is in, else the token's own text."""
    return entity_span(token).text


def event_date(token: Token, published: dt.date | None, *, future: bool) -> EventDate | None:
    """Return when the action happened: its own clause's date, else the reporting clause's, else None."""
    current = token
    for _ in range(4):
        text = _date_tokens(current)
        if text is not None:
            # "said Tuesday that China will suspend": the date belongs to the saying, which is past.
            resolved = resolve_date(text, published, future=future and current is token)
            if resolved is not None:
                return resolved
        if current.head.i == current.i or current.dep_ not in {
            "ccomp",
            "xcomp",
            "conj",
            "advcl",
            "acl",
            "dobj",
            "pobj",
            "prep",
        }:
            break
        current = current.head
    return None


def dated(mentions: Iterable[Mention], trigger: Token, published: dt.date | None) -> list[Mention]:
    """The dates stage: give each mention of one action when it happened, else the article's date."""
    found: list[Mention] = []
    for mention in mentions:
        when = event_date(trigger, published, future=mention.modality == "future")
        if when is not None:
            mention = replace(mention, date=when.date, date_precision=when.precision, date_text=when.text)
        elif published is not None:
            mention = replace(mention, date=published.isoformat(), date_precision="day", date_text=None)
        found.append(mention)
    return found
